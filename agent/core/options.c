/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.c - the options handle: defaults, copies and the setters of
 * rdsclone.h; the struct is in options.h.
 */
#include "core/options.h"

#include <stdlib.h>
#include <string.h>

#define SOURCE_PASSWORD_ENV "RDSCLONE_SOURCE_PASSWORD"
#define TARGET_PASSWORD_ENV "RDSCLONE_TARGET_PASSWORD"

void options_init(struct rdsclone_options *o)
{
  memset(o, 0, sizeof(*o));
  o->source.password_env = SOURCE_PASSWORD_ENV;
  o->target.password_env = TARGET_PASSWORD_ENV;
  o->binlog_retention_hours = -1;
  o->verbosity = RDSCLONE_LOG_WARN;
}

static struct rdsclone_endpoint *endpoint(struct rdsclone_options *o,
                                          enum rdsclone_option opt,
                                          int *which)
{
  if(opt <= RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT) {
    *which = (int)opt;
    return &o->source;
  }
  *which = (int)opt - RDSCLONE_OPT_TARGET_URI;
  return &o->target;
}

/* The field of a string option; NULL when opt is none. */
static const char **str_field(struct rdsclone_options *o,
                              enum rdsclone_option opt)
{
  struct rdsclone_endpoint *ep;
  int which;

  if((int)opt < 0 || opt > RDSCLONE_OPT_TARGET_SSL_KEY)
    return NULL;
  ep = endpoint(o, opt, &which);
  switch(which) {
  case 0: return &ep->uri;
  case 1: return &ep->password_file;
  case 2: return &ep->password_env;
  case 3: return &ep->option_group;
  case 4: return &ep->ssl_mode;
  case 5: return &ep->ssl_ca;
  case 6: return &ep->ssl_cert;
  case 7: return &ep->ssl_key;
  }
  return NULL;   /* a connect timeout */
}

/* A list option's array and count; 0, or -1 when opt is none. */
static int list_field(struct rdsclone_options *o, enum rdsclone_option opt,
                      const char *const ***v, size_t **n)
{
  switch(opt) {
  case RDSCLONE_OPT_INCLUDE: *v = &o->include; *n = &o->ninclude; break;
  case RDSCLONE_OPT_EXCLUDE: *v = &o->exclude; *n = &o->nexclude; break;
  case RDSCLONE_OPT_DATABASE:
    *v = &o->databases;
    *n = &o->ndatabases;
    break;
  default: return -1;
  }
  return 0;
}

static void free_list(const char *const *v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++)
    free((void *)v[i]);
  free((void *)v);
}

static void free_strings(struct rdsclone_options *o)
{
  int opt;
  for(opt = RDSCLONE_OPT_SOURCE_URI; opt <= RDSCLONE_OPT_TARGET_SSL_KEY;
      opt++) {
    const char **f = str_field(o, (enum rdsclone_option)opt);
    if(f)
      free((void *)*f);
  }
  free_list(o->include, o->ninclude);
  free_list(o->exclude, o->nexclude);
  free_list(o->databases, o->ndatabases);
}

void rdsclone_options_free(struct rdsclone_options *o)
{
  if(!o)
    return;
  free_strings(o);
  free(o);
}

/* *dst = a copy of src (NULL stays NULL); -1 when out of memory. */
static int copy_str(const char **dst, const char *src)
{
  *dst = NULL;
  if(src && !(*dst = strdup(src)))
    return -1;
  return 0;
}

/* *dst / *dn = a copy of src / n; -1 (nothing made) when out of memory. */
static int copy_list(const char *const **dst, size_t *dn,
                     const char *const *src, size_t n)
{
  const char **v;
  size_t i;

  *dst = NULL;
  *dn = 0;
  if(!n)
    return 0;
  v = calloc(n, sizeof(*v));
  if(!v)
    return -1;
  for(i = 0; i < n; i++)
    if(!(v[i] = strdup(src[i]))) {
      free_list(v, i);
      return -1;
    }
  *dst = v;
  *dn = n;
  return 0;
}

struct rdsclone_options *rdsclone_options_dup(const struct rdsclone_options *o)
{
  struct rdsclone_options *d;
  int opt, bad = 0;

  if(!o || !(d = malloc(sizeof(*d))))
    return NULL;
  *d = *o;   /* the numbers and the log; every pointer is replaced */
  for(opt = RDSCLONE_OPT_SOURCE_URI; opt <= RDSCLONE_OPT_TARGET_SSL_KEY;
      opt++) {
    const char **f = str_field(d, (enum rdsclone_option)opt);
    const char *from = rdsclone_options_get_str(o, (enum rdsclone_option)opt);
    if(f && copy_str(f, bad ? NULL : from))
      bad = 1;
  }
  if(copy_list(&d->include, &d->ninclude, o->include, bad ? 0 : o->ninclude))
    bad = 1;
  if(copy_list(&d->exclude, &d->nexclude, o->exclude, bad ? 0 : o->nexclude))
    bad = 1;
  if(copy_list(&d->databases, &d->ndatabases, o->databases,
               bad ? 0 : o->ndatabases))
    bad = 1;
  if(bad) {
    rdsclone_options_free(d);
    return NULL;
  }
  return d;
}

struct rdsclone_options *rdsclone_options_new(void)
{
  struct rdsclone_options o;
  options_init(&o);
  return rdsclone_options_dup(&o);
}

static enum rdsclone_code add_to_list(struct rdsclone_options *o,
                                      enum rdsclone_option opt,
                                      const char *value)
{
  const char *const **v;
  const char **grown;
  size_t *n;
  char *copy;
  const char *why;

  if(list_field(o, opt, &v, &n) || !value)
    return RDSCLONE_E_USAGE;
  if(opt != RDSCLONE_OPT_DATABASE && rdsclone_pattern_check(value, &why))
    return RDSCLONE_E_USAGE;
  if(!(copy = strdup(value)))
    return RDSCLONE_E_NOMEM;
  grown = realloc((void *)*v, (*n + 1) * sizeof(*grown));
  if(!grown) {
    free(copy);
    return RDSCLONE_E_NOMEM;
  }
  grown[(*n)++] = copy;
  *v = grown;
  return RDSCLONE_OK;
}

enum rdsclone_code rdsclone_options_set_str(struct rdsclone_options *o,
                                            enum rdsclone_option opt,
                                            const char *value)
{
  const char **f;
  const char *copy = NULL;

  if(!o)
    return RDSCLONE_E_USAGE;
  f = str_field(o, opt);
  if(!f)
    return add_to_list(o, opt, value);
  if(copy_str(&copy, value))
    return RDSCLONE_E_NOMEM;
  free((void *)*f);
  *f = copy;
  return RDSCLONE_OK;
}

enum rdsclone_code rdsclone_options_clear_list(struct rdsclone_options *o,
                                               enum rdsclone_option opt)
{
  const char *const **v;
  size_t *n;

  if(!o || list_field(o, opt, &v, &n))
    return RDSCLONE_E_USAGE;
  free_list(*v, *n);
  *v = NULL;
  *n = 0;
  return RDSCLONE_OK;
}

/* The field of a true/false option; NULL when opt is none. */
static int *flag_field(struct rdsclone_options *o, enum rdsclone_option opt)
{
  switch(opt) {
  case RDSCLONE_OPT_PRUNE: return &o->prune;
  case RDSCLONE_OPT_CONTINUE_ON_ERROR: return &o->continue_on_error;
  case RDSCLONE_OPT_REQUIRE_PASSWORDS: return &o->require_passwords;
  case RDSCLONE_OPT_MAP_SUPERUSER: return &o->map_superuser;
  case RDSCLONE_OPT_STRICT: return &o->strict;
  default: return NULL;
  }
}

enum rdsclone_code rdsclone_options_set_int(struct rdsclone_options *o,
                                            enum rdsclone_option opt,
                                            long value)
{
  int *flag;

  if(!o)
    return RDSCLONE_E_USAGE;
  if((flag = flag_field(o, opt)) != NULL) {
    *flag = value != 0;
    return RDSCLONE_OK;
  }
  switch(opt) {
  case RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT:
  case RDSCLONE_OPT_TARGET_CONNECT_TIMEOUT:
    if(value < 0 || value > 86400)
      return RDSCLONE_E_USAGE;
    (opt == RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT ? &o->source : &o->target)
      ->connect_timeout = (int)value;
    return RDSCLONE_OK;
  case RDSCLONE_OPT_BINLOG_RETENTION_HOURS:
    if(value != -1 && (value < 1 || value > 168))
      return RDSCLONE_E_USAGE;
    o->binlog_retention_hours = value;
    o->binlog_retention_fixed = 1;
    return RDSCLONE_OK;
  case RDSCLONE_OPT_VERBOSITY:
    if(value < RDSCLONE_LOG_ERROR)
      return RDSCLONE_E_USAGE;
    o->verbosity = value > RDSCLONE_LOG_DEBUG ? RDSCLONE_LOG_DEBUG
                                              : (int)value;
    return RDSCLONE_OK;
  default:
    return RDSCLONE_E_USAGE;
  }
}

enum rdsclone_code rdsclone_options_set_log(
    struct rdsclone_options *o,
    void (*log)(void *userdata, enum rdsclone_log_level level,
                const char *message),
    void *userdata)
{
  if(!o)
    return RDSCLONE_E_USAGE;
  o->log = log;
  o->log_userdata = userdata;
  return RDSCLONE_OK;
}

const char *rdsclone_options_get_str(const struct rdsclone_options *o,
                                     enum rdsclone_option opt)
{
  const char **f;
  if(!o || !(f = str_field((struct rdsclone_options *)o, opt)))
    return NULL;
  return *f;
}
