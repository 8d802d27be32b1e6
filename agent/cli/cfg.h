/*
 * cfg.h - the libconfig configuration file (rdsclone.conf(5)).
 *
 *   source = { uri = "mysql://admin@old-replica:3306";
 *              password_file = "/etc/rdsclone/source.pw"; };
 *   target = { uri = "mysql://admin@new-replica:3306"; ssl_ca = "..."; };
 *   include = [ "app_*@%" ];  exclude = [ "tmp_*@*" ];
 *   prune = false;  continue_on_error = false;
 *   binlog_retention_hours = 72;   # or "NULL"; default: the source's
 *   databases = [ "app", "reports" ];   # PostgreSQL: whose privileges
 *   require_passwords = false;  map_superuser = false;   # PostgreSQL
 *
 * A fleet: a list of groups, each with a unique non-empty name and the
 * settings above (rdsclone --all / --pair NAME):
 *
 *   pairs = ( { name = "shop"; source = { uri = "..."; };
 *               target = { uri = "..."; }; prune = true; },
 *             { name = "billing"; ... } );
 *
 * Top-level settings are defaults for every pair, group by group and
 * field by field (a pair's own setting wins; a pair's include replaces
 * the default include), except the uris, which each pair names itself,
 * and the password variables RDSCLONE_SOURCE_PASSWORD /
 * RDSCLONE_TARGET_PASSWORD, which a pair never reads (one variable cannot
 * hold the passwords of many servers: use password_file). The top-level
 * `name` names the single pair (metrics); a pair's `name` names it.
 *
 * Unknown settings and wrong types are errors naming the file and line.
 * Strings stay owned by struct cfg: release it after the run.
 */
#ifndef RDSCLONE_CFG_H
#define RDSCLONE_CFG_H

#include "rdsclone.h"
#include <libconfig.h>

#define CFG_MAX_PATTERNS 256
#define CFG_MAX_PAIRS 10000

/* Where the arrays of one pair's settings live. */
struct cfg_lists {
  const char *include[CFG_MAX_PATTERNS];
  const char *exclude[CFG_MAX_PATTERNS];
  const char *databases[CFG_MAX_PATTERNS];
};

/* One element of the pairs list; opts holds the defaults merged in. */
struct cfg_pair {
  const char *name;
  int line;                      /* where its group starts */
  struct rdsclone_options opts;  /* log fields unset: the caller's */
  struct cfg_lists lists;
};

struct cfg {
  config_t cf;
  int loaded;
  struct cfg_lists lists;        /* the top level's */
  const char *name;              /* top-level name, or NULL */
  int has_pairs;                 /* the file has a pairs list */
  struct cfg_pair *pairs;        /* in file order */
  size_t npairs;
};

/* Loads path into o (fields the file sets) and its pairs list, if any,
 * into c->pairs (each starting from o as loaded). Returns RDSCLONE_OK or
 * RDSCLONE_E_CONFIG with "FILE:LINE: cause" in errbuf; c is released by
 * cfg_release() either way. */
enum rdsclone_code cfg_load(struct cfg *c, const char *path,
                            struct rdsclone_options *o, char *errbuf,
                            size_t errlen);
void cfg_release(struct cfg *c);

#endif
