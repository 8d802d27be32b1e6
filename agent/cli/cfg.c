/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cfg.c - reads the configuration file into an rdsclone_options handle
 * (its setters); see cfg.h.
 */
#include "cfg.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The settings of a source or target group and their options. */
static const struct endpoint_key {
  const char *name;
  enum rdsclone_option source, target;
} endpoint_keys[] = {
  { "uri", RDSCLONE_OPT_SOURCE_URI, RDSCLONE_OPT_TARGET_URI },
  { "password_file", RDSCLONE_OPT_SOURCE_PASSWORD_FILE,
    RDSCLONE_OPT_TARGET_PASSWORD_FILE },
  { "option_group", RDSCLONE_OPT_SOURCE_OPTION_GROUP,
    RDSCLONE_OPT_TARGET_OPTION_GROUP },
  { "ssl_mode", RDSCLONE_OPT_SOURCE_SSL_MODE, RDSCLONE_OPT_TARGET_SSL_MODE },
  { "ssl_ca", RDSCLONE_OPT_SOURCE_SSL_CA, RDSCLONE_OPT_TARGET_SSL_CA },
  { "ssl_cert", RDSCLONE_OPT_SOURCE_SSL_CERT, RDSCLONE_OPT_TARGET_SSL_CERT },
  { "ssl_key", RDSCLONE_OPT_SOURCE_SSL_KEY, RDSCLONE_OPT_TARGET_SSL_KEY },
  { "connect_timeout", RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT,
    RDSCLONE_OPT_TARGET_CONNECT_TIMEOUT },
};
#define NENDPOINT_KEYS (sizeof(endpoint_keys) / sizeof(endpoint_keys[0]))
/* A pair's own settings: the top level of a single-pair file, or one
 * group of the pairs list. */
#define PAIR_KEYS \
  "name", "source", "target", "include", "exclude", "prune", \
  "continue_on_error", "binlog_retention_hours", "databases", \
  "require_passwords", "map_superuser", "strict"
#define PAIR_KEYS_TEXT \
  "name, source, target, include, exclude, prune, continue_on_error, " \
  "binlog_retention_hours, databases, require_passwords, map_superuser, " \
  "strict"
static const char *const pair_keys[] = { PAIR_KEYS, NULL };
/* The top level also holds the fleet's pairs and the groups of
 * recreate-replica and compare, read by cfg_load once the rest is. */
static const char *const top_keys[] = {
  PAIR_KEYS, "pairs", "recreate", "encrypt", "endpoints", NULL
};
#define TOP_KEYS_TEXT PAIR_KEYS_TEXT ", pairs, recreate, encrypt, endpoints"

static int known(const char *const *keys, const char *name)
{
  size_t i;
  for(i = 0; keys[i]; i++)
    if(!strcmp(keys[i], name))
      return 1;
  return 0;
}

static enum rdsclone_code bad(const char *path, const config_setting_t *s,
                              char *errbuf, size_t errlen, const char *what)
{
  snprintf(errbuf, errlen, "%s:%d: %s", path,
           s ? config_setting_source_line(s) : 0, what);
  return RDSCLONE_E_CONFIG;
}

/* A setter's failure: out of memory (the values were checked). */
static enum rdsclone_code set_failed(enum rdsclone_code rc, char *errbuf,
                                     size_t errlen)
{
  if(rc)
    snprintf(errbuf, errlen, "out of memory");
  return rc ? RDSCLONE_E_NOMEM : RDSCLONE_OK;
}

static enum rdsclone_code get_string(const char *path,
                                     const config_setting_t *s,
                                     const char **out, char *errbuf,
                                     size_t errlen)
{
  char what[160];
  if(config_setting_type(s) != CONFIG_TYPE_STRING) {
    snprintf(what, sizeof(what), "'%s' must be a string",
             config_setting_name(s));
    return bad(path, s, errbuf, errlen, what);
  }
  *out = config_setting_get_string(s);
  return RDSCLONE_OK;
}

/* An integer min to max (libconfig's int or int64). */
static enum rdsclone_code get_int(const char *path, const config_setting_t *s,
                                  long min, long max, long *out,
                                  char *errbuf, size_t errlen)
{
  char what[160];
  long long v = 0;
  int t = config_setting_type(s);

  if(t == CONFIG_TYPE_INT)
    v = config_setting_get_int(s);
  else if(t == CONFIG_TYPE_INT64)
    v = config_setting_get_int64(s);
  if((t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) || v < min ||
     v > max) {
    snprintf(what, sizeof(what), "'%s' must be an integer %ld to %ld",
             config_setting_name(s), min, max);
    return bad(path, s, errbuf, errlen, what);
  }
  *out = (long)v;
  return RDSCLONE_OK;
}

/* One setting s of an endpoint group into o. */
static enum rdsclone_code load_endpoint_key(const char *path,
                                            const config_setting_t *s,
                                            enum rdsclone_option opt,
                                            struct rdsclone_options *o,
                                            char *errbuf, size_t errlen)
{
  enum rdsclone_code rc;

  if(opt == RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT ||
     opt == RDSCLONE_OPT_TARGET_CONNECT_TIMEOUT) {
    long t;
    rc = get_int(path, s, 1, 3600, &t, errbuf, errlen);
    if(!rc)
      rc = set_failed(rdsclone_options_set_int(o, opt, t), errbuf, errlen);
  }
  else {
    const char *v;
    rc = get_string(path, s, &v, errbuf, errlen);
    if(!rc)
      rc = set_failed(rdsclone_options_set_str(o, opt, v), errbuf, errlen);
  }
  return rc;
}

static enum rdsclone_code load_endpoint(const char *path,
                                        const config_setting_t *g,
                                        int is_source,
                                        struct rdsclone_options *o,
                                        char *errbuf, size_t errlen)
{
  int i, n;
  char what[200];
  enum rdsclone_code rc = RDSCLONE_OK;

  if(!config_setting_is_group(g)) {
    snprintf(what, sizeof(what), "'%s' must be a group { uri = ...; }",
             config_setting_name(g));
    return bad(path, g, errbuf, errlen, what);
  }
  n = config_setting_length(g);
  for(i = 0; i < n && !rc; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(s);
    size_t k;

    for(k = 0; k < NENDPOINT_KEYS && strcmp(endpoint_keys[k].name, name);
        k++)
      ;
    if(k == NENDPOINT_KEYS) {
      snprintf(what, sizeof(what), "unknown setting '%s' in group '%s' "
               "(known: uri, password_file, option_group, ssl_mode, ssl_ca, "
               "ssl_cert, ssl_key, connect_timeout)", name,
               config_setting_name(g));
      return bad(path, s, errbuf, errlen, what);
    }
    rc = load_endpoint_key(path, s, is_source ? endpoint_keys[k].source
                           : endpoint_keys[k].target, o, errbuf, errlen);
  }
  return rc;
}

/* An array of strings into list option opt, replacing what it held;
 * patterns (include, exclude) must be well formed. */
static enum rdsclone_code load_list(const char *path,
                                    const config_setting_t *a,
                                    enum rdsclone_option opt,
                                    struct rdsclone_options *o,
                                    char *errbuf, size_t errlen)
{
  int i, n;
  int patterns = opt != RDSCLONE_OPT_DATABASE;
  char what[300];
  enum rdsclone_code rc;

  if(!config_setting_is_array(a) && !config_setting_is_list(a))
    return bad(path, a, errbuf, errlen, patterns ? "patterns must be an "
               "array of strings: [ \"user@host\", ... ]"
               : "must be an array of strings");
  n = config_setting_length(a);
  if(n > CFG_MAX_PATTERNS)
    return bad(path, a, errbuf, errlen, patterns ? "too many patterns"
               : "too many entries");
  rc = set_failed(rdsclone_options_clear_list(o, opt), errbuf, errlen);
  for(i = 0; i < n && !rc; i++) {
    config_setting_t *s = config_setting_get_elem(a, (unsigned)i);
    const char *v, *why;
    if(get_string(path, s, &v, errbuf, errlen))
      return RDSCLONE_E_CONFIG;
    if(patterns && rdsclone_pattern_check(v, &why)) {
      snprintf(what, sizeof(what), "pattern \"%.100s\": %s", v, why);
      return bad(path, s, errbuf, errlen, what);
    }
    rc = set_failed(rdsclone_options_set_str(o, opt, v), errbuf, errlen);
  }
  return rc;
}

/* A pair's true/false settings and their options. */
static const struct { const char *name; enum rdsclone_option opt; }
pair_flags[] = {
  { "prune", RDSCLONE_OPT_PRUNE },
  { "continue_on_error", RDSCLONE_OPT_CONTINUE_ON_ERROR },
  { "require_passwords", RDSCLONE_OPT_REQUIRE_PASSWORDS },
  { "map_superuser", RDSCLONE_OPT_MAP_SUPERUSER },
  { "strict", RDSCLONE_OPT_STRICT },
};

/* The option of true/false setting name; -1 when name is none. */
static int flag_option(const char *name)
{
  size_t i;
  for(i = 0; i < sizeof(pair_flags) / sizeof(pair_flags[0]); i++)
    if(!strcmp(name, pair_flags[i].name))
      return (int)pair_flags[i].opt;
  return -1;
}

static enum rdsclone_code load_flag(const char *path,
                                    const config_setting_t *s,
                                    enum rdsclone_option opt,
                                    struct rdsclone_options *o,
                                    char *errbuf, size_t errlen)
{
  char what[160];

  if(config_setting_type(s) != CONFIG_TYPE_BOOL) {
    snprintf(what, sizeof(what), "'%s' must be true or false",
             config_setting_name(s));
    return bad(path, s, errbuf, errlen, what);
  }
  return set_failed(rdsclone_options_set_int(o, opt,
                                             config_setting_get_bool(s)),
                    errbuf, errlen);
}

static enum rdsclone_code load_binlog(const char *path,
                                      const config_setting_t *s,
                                      struct rdsclone_options *o,
                                      char *errbuf, size_t errlen)
{
  int t = config_setting_type(s);
  long long v = t == CONFIG_TYPE_INT ? config_setting_get_int(s)
                : t == CONFIG_TYPE_INT64 ? config_setting_get_int64(s) : 0;

  if(t == CONFIG_TYPE_STRING && !strcmp(config_setting_get_string(s), "NULL"))
    v = -1;
  else if(v < 1 || v > 168)   /* not an int or int64 in range */
    return bad(path, s, errbuf, errlen, "'binlog_retention_hours' must "
               "be 1 to 168 (what RDS accepts) or \"NULL\"");
  return set_failed(rdsclone_options_set_int(o,
                        RDSCLONE_OPT_BINLOG_RETENTION_HOURS, (long)v),
                    errbuf, errlen);
}

/* One setting s of a pair (a name load_settings knows). */
static enum rdsclone_code load_setting(const char *path,
                                       const config_setting_t *s,
                                       struct rdsclone_options *o,
                                       const char **name_out,
                                       char *errbuf, size_t errlen)
{
  const char *name = config_setting_name(s);
  enum rdsclone_code rc = RDSCLONE_OK;

  if(!strcmp(name, "name")) {
    rc = get_string(path, s, name_out, errbuf, errlen);
    if(!rc && !**name_out)
      return bad(path, s, errbuf, errlen, "'name' must not be empty");
  }
  else if(!strcmp(name, "source") || !strcmp(name, "target"))
    rc = load_endpoint(path, s, !strcmp(name, "source"), o, errbuf, errlen);
  else if(!strcmp(name, "include"))
    rc = load_list(path, s, RDSCLONE_OPT_INCLUDE, o, errbuf, errlen);
  else if(!strcmp(name, "exclude"))
    rc = load_list(path, s, RDSCLONE_OPT_EXCLUDE, o, errbuf, errlen);
  else if(!strcmp(name, "databases"))
    rc = load_list(path, s, RDSCLONE_OPT_DATABASE, o, errbuf, errlen);
  else if(flag_option(name) >= 0)
    rc = load_flag(path, s, (enum rdsclone_option)flag_option(name), o,
                   errbuf, errlen);
  else if(!strcmp(name, "binlog_retention_hours"))
    rc = load_binlog(path, s, o, errbuf, errlen);
  /* pairs, recreate, endpoints: cfg_load reads them after the rest */
  return rc;
}

/* The settings of one pair, in group g (the file's root for a single
 * pair, or one element of the pairs list), into o.
 * keys lists what g may hold; *name gets its "name" (NULL when absent). */
static enum rdsclone_code load_settings(const char *path,
                                        const config_setting_t *g,
                                        const char *const *keys,
                                        const char *known_list,
                                        struct rdsclone_options *o,
                                        const char **name_out,
                                        char *errbuf, size_t errlen)
{
  int i, n;
  char what[400];
  enum rdsclone_code rc = RDSCLONE_OK;

  n = config_setting_length(g);
  for(i = 0; i < n && !rc; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(s);
    if(!name || !known(keys, name)) {
      snprintf(what, sizeof(what), "unknown setting '%s' (known: %s)",
               name ? name : "(unnamed)", known_list);
      return bad(path, s, errbuf, errlen, what);
    }
    rc = load_setting(path, s, o, name_out, errbuf, errlen);
  }
  return rc;
}

/* A pair's endpoint is complete and both name the same engine. */
static enum rdsclone_code check_pair(const char *path,
                                     const config_setting_t *g,
                                     const struct cfg_pair *p,
                                     char *errbuf, size_t errlen)
{
  char what[400], why[200];
  const char *src = rdsclone_options_get_str(p->opts,
                                             RDSCLONE_OPT_SOURCE_URI);
  const char *tgt = rdsclone_options_get_str(p->opts,
                                             RDSCLONE_OPT_TARGET_URI);

  if(!src || !tgt) {
    snprintf(what, sizeof(what), "pair '%.100s': no %s uri (each pair "
             "needs source = { uri = ...; } and target = { uri = ...; })",
             p->name, src ? "target" : "source");
    return bad(path, g, errbuf, errlen, what);
  }
  if(rdsclone_uris_check(src, tgt, why, sizeof(why))) {
    snprintf(what, sizeof(what), "pair '%.100s': %s", p->name, why);
    return bad(path, g, errbuf, errlen, what);
  }
  return RDSCLONE_OK;
}

/* p->opts: the top-level settings in base without the uris and the
 * password variables (one variable cannot hold the passwords of many
 * servers). */
static enum rdsclone_code pair_base(struct cfg_pair *p,
                                    const struct rdsclone_options *base,
                                    char *errbuf, size_t errlen)
{
  static const enum rdsclone_option unset[] = {
    RDSCLONE_OPT_SOURCE_URI, RDSCLONE_OPT_TARGET_URI,
    RDSCLONE_OPT_SOURCE_PASSWORD_ENV, RDSCLONE_OPT_TARGET_PASSWORD_ENV
  };
  size_t i;

  p->opts = rdsclone_options_dup(base);
  if(!p->opts)
    return set_failed(RDSCLONE_E_NOMEM, errbuf, errlen);
  for(i = 0; i < sizeof(unset) / sizeof(unset[0]); i++)
    rdsclone_options_set_str(p->opts, unset[i], NULL);  /* cannot fail */
  return RDSCLONE_OK;
}

/* The pairs list: each group starts from the top-level settings in base
 * (uris and the password variables excepted) and overrides them. */
static enum rdsclone_code load_pairs(struct cfg *c, const char *path,
                                     const config_setting_t *list,
                                     const struct rdsclone_options *base,
                                     char *errbuf, size_t errlen)
{
  int i, n;
  size_t j;
  char what[300];

  if(!config_setting_is_list(list))
    return bad(path, list, errbuf, errlen, "'pairs' must be a list of "
               "groups: pairs = ( { name = \"...\"; source = { ... }; "
               "target = { ... }; }, ... );");
  n = config_setting_length(list);
  if(n < 1)
    return bad(path, list, errbuf, errlen, "'pairs' is empty");
  if(n > CFG_MAX_PAIRS)
    return bad(path, list, errbuf, errlen, "too many pairs");
  c->pairs = calloc((size_t)n, sizeof(*c->pairs));
  if(!c->pairs) {
    snprintf(errbuf, errlen, "out of memory");
    return RDSCLONE_E_NOMEM;
  }
  for(i = 0; i < n; i++) {
    config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    struct cfg_pair *p = &c->pairs[c->npairs];
    enum rdsclone_code rc;

    if(!config_setting_is_group(g))
      return bad(path, g, errbuf, errlen, "each element of 'pairs' must be "
                 "a group { name = \"...\"; source = { ... }; ... }");
    p->line = config_setting_source_line(g);
    c->npairs++;
    rc = pair_base(p, base, errbuf, errlen);
    if(!rc)
      rc = load_settings(path, g, pair_keys, PAIR_KEYS_TEXT, p->opts,
                         &p->name, errbuf, errlen);
    if(rc)
      return rc;
    if(!p->name)
      return bad(path, g, errbuf, errlen, "a pair needs a name: "
                 "name = \"...\";");
    for(j = 0; j + 1 < c->npairs; j++)
      if(!strcmp(c->pairs[j].name, p->name)) {
        snprintf(what, sizeof(what), "pair name '%.100s' is used twice "
                 "(first at line %d)", p->name, c->pairs[j].line);
        return bad(path, g, errbuf, errlen, what);
      }
    rc = check_pair(path, g, p, errbuf, errlen);
    if(rc)
      return rc;
  }
  return RDSCLONE_OK;
}

/* A group's settings (recreate, encrypt): a string, an integer min to
 * max, or a boolean (stored 1 true, -1 false; 0 when unset). */
enum grp_kind { GRP_STR, GRP_INT, GRP_BOOL };
struct grp_key {
  const char *name;
  size_t off;
  enum grp_kind kind;
  long min, max;
};

static const struct grp_key rec_keys[] = {
  { "primary", offsetof(struct cfg_recreate, primary), GRP_STR, 0, 0 },
  { "from", offsetof(struct cfg_recreate, from), GRP_STR, 0, 0 },
  { "name", offsetof(struct cfg_recreate, name), GRP_STR, 0, 0 },
  { "region", offsetof(struct cfg_recreate, region), GRP_STR, 0, 0 },
  { "endpoint_url", offsetof(struct cfg_recreate, endpoint_url), GRP_STR, 0,
    0 },
  { "profile", offsetof(struct cfg_recreate, profile), GRP_STR, 0, 0 },
  { "wait_timeout", offsetof(struct cfg_recreate, wait_timeout), GRP_INT, 1,
    7 * 86400 },
  { "poll_interval_ms", offsetof(struct cfg_recreate, poll_ms), GRP_INT, 10,
    600000 },
  { "max_poll_interval_ms", offsetof(struct cfg_recreate, max_poll_ms),
    GRP_INT, 10, 600000 },
  { NULL, 0, GRP_STR, 0, 0 }
};

static const struct grp_key enc_keys[] = {
  { "instance", offsetof(struct cfg_encrypt, instance), GRP_STR, 0, 0 },
  { "kms_key", offsetof(struct cfg_encrypt, kms_key), GRP_STR, 0, 0 },
  { "swap", offsetof(struct cfg_encrypt, swap), GRP_BOOL, 0, 0 },
  { "jobs", offsetof(struct cfg_encrypt, jobs), GRP_INT, 1, 16 },
  { NULL, 0, GRP_STR, 0, 0 }
};

static enum rdsclone_code get_bool(const char *path,
                                   const config_setting_t *s, int *out,
                                   char *errbuf, size_t errlen)
{
  char what[160];
  if(config_setting_type(s) != CONFIG_TYPE_BOOL) {
    snprintf(what, sizeof(what), "'%s' must be true or false",
             config_setting_name(s));
    return bad(path, s, errbuf, errlen, what);
  }
  *out = config_setting_get_bool(s) ? 1 : -1;
  return RDSCLONE_OK;
}

/* One setting of a group into its field. */
static enum rdsclone_code load_key(const char *path,
                                   const config_setting_t *s,
                                   const struct grp_key *k, char *field,
                                   char *errbuf, size_t errlen)
{
  switch(k->kind) {
  case GRP_INT:
    return get_int(path, s, k->min, k->max, (long *)(void *)field, errbuf,
                   errlen);
  case GRP_BOOL:
    return get_bool(path, s, (int *)(void *)field, errbuf, errlen);
  default:
    return get_string(path, s, (const char **)(void *)field, errbuf,
                      errlen);
  }
}

/* The group g named gname into base, by keys (NULL-terminated). */
static enum rdsclone_code load_group(const char *path,
                                     const config_setting_t *g,
                                     const char *gname,
                                     const struct grp_key *keys, void *base,
                                     char *errbuf, size_t errlen)
{
  int i, n;
  char what[400];
  size_t k, len;

  if(!config_setting_is_group(g)) {
    snprintf(what, sizeof(what), "'%s' must be a group { %s = ...; }",
             gname, keys[0].name);
    return bad(path, g, errbuf, errlen, what);
  }
  n = config_setting_length(g);
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    const char *name = config_setting_name(s);
    enum rdsclone_code rc;

    for(k = 0; keys[k].name && strcmp(keys[k].name, name); k++)
      ;
    if(!keys[k].name) {
      len = (size_t)snprintf(what, sizeof(what), "unknown setting '%s' in "
                             "group '%s' (known:", name, gname);
      for(k = 0; keys[k].name && len < sizeof(what); k++)
        len += (size_t)snprintf(what + len, sizeof(what) - len, "%s %s",
                                k ? "," : "", keys[k].name);
      if(len < sizeof(what))
        snprintf(what + len, sizeof(what) - len, ")");
      return bad(path, s, errbuf, errlen, what);
    }
    rc = load_key(path, s, &keys[k], (char *)base + keys[k].off, errbuf,
                  errlen);
    if(rc)
      return rc;
  }
  return RDSCLONE_OK;
}

/* endpoints = { instance-id = "URI"; ... }, in file order. */
static enum rdsclone_code load_endpoints(struct cfg *c, const char *path,
                                         const config_setting_t *g,
                                         char *errbuf, size_t errlen)
{
  int i, n;

  if(!config_setting_is_group(g))
    return bad(path, g, errbuf, errlen, "'endpoints' must be a group { "
               "instance-id = \"mysql://user@host:port\"; }");
  n = config_setting_length(g);
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    struct recreate_endpoint *e = &c->endpoints[c->nendpoints];
    if(c->nendpoints == CFG_MAX_ENDPOINTS)
      return bad(path, s, errbuf, errlen, "too many endpoints");
    e->id = config_setting_name(s);
    if(get_string(path, s, &e->uri, errbuf, errlen))
      return RDSCLONE_E_CONFIG;
    c->nendpoints++;
  }
  return RDSCLONE_OK;
}

/* Why path could not be read: the OS's reason when it gives one;
 * RDSCLONE_E_NOMEM when that is a lack of memory (fopen allocates). */
static enum rdsclone_code cannot_read(const char *path, char *errbuf,
                                      size_t errlen)
{
  FILE *f;
  int e = 0;

  errno = 0;
  f = fopen(path, "r");
  if(!f)
    e = errno;
  else {
    if(getc(f) == EOF && ferror(f))
      e = errno;
    fclose(f);
  }
  if(e == ENOMEM) {
    snprintf(errbuf, errlen, "%s: out of memory", path);
    return RDSCLONE_E_NOMEM;
  }
  if(e)
    snprintf(errbuf, errlen, "%s: cannot read the configuration file: %s",
             path, strerror(e));
  else
    snprintf(errbuf, errlen, "%s: cannot read the configuration file",
             path);
  return RDSCLONE_E_CONFIG;
}

/* The groups read after the top level's settings. */
static enum rdsclone_code load_groups(struct cfg *c, const char *path,
                                      const config_setting_t *root,
                                      const struct rdsclone_options *o,
                                      char *errbuf, size_t errlen)
{
  config_setting_t *g;
  enum rdsclone_code rc = RDSCLONE_OK;

  g = config_setting_get_member(root, "recreate");
  if(g)
    rc = load_group(path, g, "recreate", rec_keys, &c->recreate, errbuf,
                    errlen);
  g = config_setting_get_member(root, "encrypt");
  if(g && !rc)
    rc = load_group(path, g, "encrypt", enc_keys, &c->encrypt, errbuf,
                    errlen);
  g = config_setting_get_member(root, "endpoints");
  if(g && !rc)
    rc = load_endpoints(c, path, g, errbuf, errlen);
  g = config_setting_get_member(root, "pairs");
  if(g && !rc) {
    c->has_pairs = 1;
    rc = load_pairs(c, path, g, o, errbuf, errlen);
  }
  return rc;
}

enum rdsclone_code cfg_load(struct cfg *c, const char *path,
                            struct rdsclone_options *o, char *errbuf,
                            size_t errlen)
{
  config_setting_t *root;
  enum rdsclone_code rc;

  memset(c, 0, sizeof(*c));
  config_init(&c->cf);
  c->loaded = 1;
  if(!config_read_file(&c->cf, path)) {
    if(config_error_type(&c->cf) == CONFIG_ERR_FILE_IO)
      return cannot_read(path, errbuf, errlen);
    snprintf(errbuf, errlen, "%s:%d: %s", path,
             config_error_line(&c->cf), config_error_text(&c->cf));
    return RDSCLONE_E_CONFIG;
  }
  root = config_root_setting(&c->cf);
  rc = load_settings(path, root, top_keys, TOP_KEYS_TEXT, o, &c->name,
                     errbuf, errlen);
  if(!rc)
    rc = load_groups(c, path, root, o, errbuf, errlen);
  return rc;
}

void cfg_release(struct cfg *c)
{
  size_t i;

  for(i = 0; i < c->npairs; i++)
    rdsclone_options_free(c->pairs[i].opts);
  if(c->loaded)
    config_destroy(&c->cf);
  free(c->pairs);
  c->pairs = NULL;
  c->npairs = 0;
  c->loaded = 0;
}
