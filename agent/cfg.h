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
 * Unknown settings and wrong types are errors naming the file and line.
 * Strings stay owned by struct cfg: release it after the run.
 */
#ifndef RDSCLONE_CFG_H
#define RDSCLONE_CFG_H

#include "rdsclone.h"
#include <libconfig.h>

#define CFG_MAX_PATTERNS 256

struct cfg {
  config_t cf;
  int loaded;
  const char *include[CFG_MAX_PATTERNS];
  const char *exclude[CFG_MAX_PATTERNS];
  const char *databases[CFG_MAX_PATTERNS];
};

/* Loads path into o (fields the file sets). Returns RDSCLONE_OK or
 * RDSCLONE_E_CONFIG with "FILE:LINE: cause" in errbuf. */
enum rdsclone_code cfg_load(struct cfg *c, const char *path,
                            struct rdsclone_options *o, char *errbuf,
                            size_t errlen);
void cfg_release(struct cfg *c);

#endif
