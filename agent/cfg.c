/*
 * cfg.c - reads the configuration file into rdsclone_options; see cfg.h.
 */
#include "agent_int.h"
#include "cfg.h"
#include "filter.h"

#include <stdio.h>
#include <string.h>

static const char *const endpoint_keys[] = {
  "uri", "password_file", "option_group", "ssl_mode", "ssl_ca", "ssl_cert",
  "ssl_key", "connect_timeout", NULL
};
static const char *const top_keys[] = {
  "source", "target", "include", "exclude", "prune", "continue_on_error",
  "binlog_retention_hours", "databases", "require_passwords",
  "map_superuser", NULL
};

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
    if(filter_pattern_check(v, &why)) {
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

enum rdsclone_code cfg_load(struct cfg *c, const char *path,
                            struct rdsclone_options *o, char *errbuf,
                            size_t errlen)
{
  config_setting_t *root;
  int i, n;
  char what[200];
  enum rdsclone_code rc = RDSCLONE_OK;

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
  n = config_setting_length(root);
  for(i = 0; i < n && !rc; i++) {
    config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
    const char *name = config_setting_name(s);
    if(!known(top_keys, name)) {
      snprintf(what, sizeof(what), "unknown setting '%s' (known: source, "
               "target, include, exclude, prune, continue_on_error, "
               "binlog_retention_hours, databases, require_passwords, "
               "map_superuser)", name);
      return bad(path, s, errbuf, errlen, what);
    }
    if(!strcmp(name, "source"))
      rc = load_endpoint(path, s, &o->source, errbuf, errlen);
    else if(!strcmp(name, "target"))
      rc = load_endpoint(path, s, &o->target, errbuf, errlen);
    else if(!strcmp(name, "include")) {
      rc = load_patterns(path, s, c->include, &o->ninclude, errbuf, errlen);
      o->include = c->include;
    }
    else if(!strcmp(name, "exclude")) {
      rc = load_patterns(path, s, c->exclude, &o->nexclude, errbuf, errlen);
      o->exclude = c->exclude;
    }
    else if(!strcmp(name, "databases"))
      rc = load_strings(path, s, c->databases, &o->ndatabases, errbuf,
                        errlen, &o->databases);
    else if(!strcmp(name, "prune") || !strcmp(name, "continue_on_error") ||
            !strcmp(name, "require_passwords") ||
            !strcmp(name, "map_superuser")) {
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

void cfg_release(struct cfg *c)
{
  if(c->loaded)
    config_destroy(&c->cf);
  c->loaded = 0;
}
