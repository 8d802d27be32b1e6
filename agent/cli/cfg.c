/*
 * cfg.c - reads the configuration file into rdsclone_options; see cfg.h.
 */
#include "cfg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const endpoint_keys[] = {
  "uri", "password_file", "option_group", "ssl_mode", "ssl_ca", "ssl_cert",
  "ssl_key", "connect_timeout", NULL
};
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
static const char *const top_keys[] = { PAIR_KEYS, "pairs", NULL };
#define TOP_KEYS_TEXT PAIR_KEYS_TEXT ", pairs"

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

static enum rdsclone_code load_endpoint(const char *path,
                                        const config_setting_t *g,
                                        struct rdsclone_endpoint *ep,
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
    if(!known(endpoint_keys, name)) {
      snprintf(what, sizeof(what), "unknown setting '%s' in group '%s' "
               "(known: uri, password_file, option_group, ssl_mode, ssl_ca, "
               "ssl_cert, ssl_key, connect_timeout)", name,
               config_setting_name(g));
      return bad(path, s, errbuf, errlen, what);
    }
    if(!strcmp(name, "connect_timeout")) {
      if(config_setting_type(s) != CONFIG_TYPE_INT ||
         config_setting_get_int(s) < 1 ||
         config_setting_get_int(s) > 3600)
        return bad(path, s, errbuf, errlen,
                   "'connect_timeout' must be an integer 1 to 3600");
      ep->connect_timeout = config_setting_get_int(s);
      continue;
    }
    {
      const char *v;
      rc = get_string(path, s, &v, errbuf, errlen);
      if(rc)
        break;
      if(!strcmp(name, "uri")) ep->uri = v;
      else if(!strcmp(name, "password_file")) ep->password_file = v;
      else if(!strcmp(name, "option_group")) ep->option_group = v;
      else if(!strcmp(name, "ssl_mode")) ep->ssl_mode = v;
      else if(!strcmp(name, "ssl_ca")) ep->ssl_ca = v;
      else if(!strcmp(name, "ssl_cert")) ep->ssl_cert = v;
      else if(!strcmp(name, "ssl_key")) ep->ssl_key = v;
    }
  }
  return rc;
}

static enum rdsclone_code load_patterns(const char *path,
                                        const config_setting_t *a,
                                        const char **slots, size_t *count,
                                        char *errbuf, size_t errlen)
{
  int i, n;
  char what[300];

  if(!config_setting_is_array(a) && !config_setting_is_list(a))
    return bad(path, a, errbuf, errlen, "patterns must be an array of "
               "strings: [ \"user@host\", ... ]");
  n = config_setting_length(a);
  if(n > CFG_MAX_PATTERNS)
    return bad(path, a, errbuf, errlen, "too many patterns");
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(a, (unsigned)i);
    const char *v, *why;
    if(get_string(path, s, &v, errbuf, errlen))
      return RDSCLONE_E_CONFIG;
    if(rdsclone_pattern_check(v, &why)) {
      snprintf(what, sizeof(what), "pattern \"%.100s\": %s", v, why);
      return bad(path, s, errbuf, errlen, what);
    }
    slots[i] = v;
  }
  *count = (size_t)n;
  return RDSCLONE_OK;
}

/* An array of plain strings (database names). */
static enum rdsclone_code load_strings(const char *path,
                                       const config_setting_t *a,
                                       const char **slots, size_t *count,
                                       char *errbuf, size_t errlen,
                                       const char *const **out)
{
  int i, n;
  if(!config_setting_is_array(a) && !config_setting_is_list(a))
    return bad(path, a, errbuf, errlen, "must be an array of strings");
  n = config_setting_length(a);
  if(n > CFG_MAX_PATTERNS)
    return bad(path, a, errbuf, errlen, "too many entries");
  for(i = 0; i < n; i++)
    if(get_string(path, config_setting_get_elem(a, (unsigned)i), &slots[i],
                  errbuf, errlen))
      return RDSCLONE_E_CONFIG;
  *count = (size_t)n;
  *out = slots;
  return RDSCLONE_OK;
}

/* The settings of one pair, in group g (the file's root for a single
 * pair, or one element of the pairs list), into o; arrays go to lists.
 * keys lists what g may hold; *name gets its "name" (NULL when absent). */
static enum rdsclone_code load_settings(const char *path,
                                        const config_setting_t *g,
                                        const char *const *keys,
                                        const char *known_list,
                                        struct cfg_lists *lists,
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
    if(!strcmp(name, "pairs"))
      continue;   /* cfg_load reads it once the defaults are known */
    if(!strcmp(name, "name")) {
      rc = get_string(path, s, name_out, errbuf, errlen);
      if(!rc && !**name_out)
        return bad(path, s, errbuf, errlen, "'name' must not be empty");
    }
    else if(!strcmp(name, "source"))
      rc = load_endpoint(path, s, &o->source, errbuf, errlen);
    else if(!strcmp(name, "target"))
      rc = load_endpoint(path, s, &o->target, errbuf, errlen);
    else if(!strcmp(name, "include")) {
      rc = load_patterns(path, s, lists->include, &o->ninclude, errbuf,
                         errlen);
      o->include = lists->include;
    }
    else if(!strcmp(name, "exclude")) {
      rc = load_patterns(path, s, lists->exclude, &o->nexclude, errbuf,
                         errlen);
      o->exclude = lists->exclude;
    }
    else if(!strcmp(name, "databases"))
      rc = load_strings(path, s, lists->databases, &o->ndatabases, errbuf,
                        errlen, &o->databases);
    else if(!strcmp(name, "prune") || !strcmp(name, "continue_on_error") ||
            !strcmp(name, "require_passwords") ||
            !strcmp(name, "map_superuser") || !strcmp(name, "strict")) {
      int v;
      if(config_setting_type(s) != CONFIG_TYPE_BOOL) {
        snprintf(what, sizeof(what), "'%s' must be true or false", name);
        return bad(path, s, errbuf, errlen, what);
      }
      v = config_setting_get_bool(s);
      if(!strcmp(name, "prune"))
        o->prune = v;
      else if(!strcmp(name, "continue_on_error"))
        o->continue_on_error = v;
      else if(!strcmp(name, "require_passwords"))
        o->require_passwords = v;
      else if(!strcmp(name, "strict"))
        o->strict = v;
      else
        o->map_superuser = v;
    }
    else if(!strcmp(name, "binlog_retention_hours")) {
      if(config_setting_type(s) == CONFIG_TYPE_STRING &&
         !strcmp(config_setting_get_string(s), "NULL"))
        o->binlog_retention_hours = -1;
      else if(config_setting_type(s) == CONFIG_TYPE_INT &&
              config_setting_get_int(s) >= 1 &&
              config_setting_get_int(s) <= 168)
        o->binlog_retention_hours = config_setting_get_int(s);
      else
        return bad(path, s, errbuf, errlen, "'binlog_retention_hours' must "
                   "be 1 to 168 (what RDS accepts) or \"NULL\"");
      o->binlog_retention_fixed = 1;
    }
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

  if(!p->opts.source.uri || !p->opts.target.uri) {
    snprintf(what, sizeof(what), "pair '%.100s': no %s uri (each pair "
             "needs source = { uri = ...; } and target = { uri = ...; })",
             p->name, p->opts.source.uri ? "target" : "source");
    return bad(path, g, errbuf, errlen, what);
  }
  if(rdsclone_uris_check(p->opts.source.uri, p->opts.target.uri, why,
                         sizeof(why))) {
    snprintf(what, sizeof(what), "pair '%.100s': %s", p->name, why);
    return bad(path, g, errbuf, errlen, what);
  }
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
  if(!c->pairs)
    return bad(path, list, errbuf, errlen, "out of memory");
  for(i = 0; i < n; i++) {
    config_setting_t *g = config_setting_get_elem(list, (unsigned)i);
    struct cfg_pair *p = &c->pairs[c->npairs];
    enum rdsclone_code rc;

    if(!config_setting_is_group(g))
      return bad(path, g, errbuf, errlen, "each element of 'pairs' must be "
                 "a group { name = \"...\"; source = { ... }; ... }");
    p->opts = *base;
    p->opts.source.uri = NULL;
    p->opts.target.uri = NULL;
    /* one variable cannot hold the passwords of many servers */
    p->opts.source.password_env = NULL;
    p->opts.target.password_env = NULL;
    p->line = config_setting_source_line(g);
    c->npairs++;
    rc = load_settings(path, g, pair_keys, PAIR_KEYS_TEXT, &p->lists,
                       &p->opts, &p->name, errbuf, errlen);
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

enum rdsclone_code cfg_load(struct cfg *c, const char *path,
                            struct rdsclone_options *o, char *errbuf,
                            size_t errlen)
{
  config_setting_t *root, *pairs;
  enum rdsclone_code rc;

  config_init(&c->cf);
  c->loaded = 1;
  if(!config_read_file(&c->cf, path)) {
    if(config_error_type(&c->cf) == CONFIG_ERR_FILE_IO)
      snprintf(errbuf, errlen, "%s: cannot read the configuration file",
               path);
    else
      snprintf(errbuf, errlen, "%s:%d: %s", path,
               config_error_line(&c->cf), config_error_text(&c->cf));
    return RDSCLONE_E_CONFIG;
  }
  root = config_root_setting(&c->cf);
  rc = load_settings(path, root, top_keys, TOP_KEYS_TEXT, &c->lists, o,
                     &c->name, errbuf, errlen);
  if(rc)
    return rc;
  pairs = config_setting_get_member(root, "pairs");
  if(pairs) {
    c->has_pairs = 1;
    rc = load_pairs(c, path, pairs, o, errbuf, errlen);
  }
  return rc;
}

void cfg_release(struct cfg *c)
{
  if(c->loaded)
    config_destroy(&c->cf);
  free(c->pairs);
  c->pairs = NULL;
  c->npairs = 0;
  c->loaded = 0;
}
