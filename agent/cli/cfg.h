/* SPDX-License-Identifier: Apache-2.0 */
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
 * The same file serves recreate-replica and compare (one reader for every
 * command): two more top-level groups, which plan, apply and dump accept
 * and leave alone:
 *
 *   recreate = { primary = "new-db"; from = "old-db-replica";
 *                name = "new-db-replica"; region = "eu-west-1";
 *                endpoint_url = "..."; profile = "...";
 *                wait_timeout = 3600;            # seconds, 1 to 604800
 *                poll_interval_ms = 5000;        # 10 to 600000
 *                max_poll_interval_ms = 30000; };
 *   endpoints = { old-db-replica = "mysql://admin@127.0.0.1:3307"; };
 *   encrypt = { instance = "shop"; kms_key = "alias/rds";   # rdsclone
 *               swap = true; jobs = 2; };                   # encrypt
 *
 * recreate-replica takes the source and target from the instances (the
 * endpoints group maps an instance identifier to a URI) and so does not
 * use source.uri / target.uri; their other settings (password_file,
 * ssl_*, ...) and the scope (include, exclude, ...) it uses.
 *
 * Unknown settings and wrong types are errors naming the file and line.
 * Names and the recreate group's strings stay owned by struct cfg:
 * release it after the run.
 */
#ifndef RDSCLONE_CFG_H
#define RDSCLONE_CFG_H

#include "rdsclone.h"
#include "rdsclone_recreate.h"
#include <libconfig.h>

#define CFG_MAX_PATTERNS 256
#define CFG_MAX_PAIRS 10000
#define CFG_MAX_ENDPOINTS 256

/* The recreate group: NULL / 0 where the file does not set it. */
struct cfg_recreate {
  const char *primary, *from, *name;
  const char *region, *endpoint_url, *profile;
  long wait_timeout, poll_ms, max_poll_ms;
};

/* The encrypt group (rdsclone encrypt): NULL / 0 where the file does not
 * set it; swap 1 true, -1 false. Its RDS settings (region, waits, ...)
 * are the recreate group's. */
struct cfg_encrypt {
  const char *instance, *kms_key;
  int swap;
  long jobs;
};

/* One element of the pairs list; opts holds the defaults merged in. */
struct cfg_pair {
  const char *name;
  int line;                      /* where its group starts */
  struct rdsclone_options *opts; /* owned (cfg_release); no log: the
                                    caller's */
};

struct cfg {
  config_t cf;
  int loaded;
  const char *name;              /* top-level name, or NULL */
  int has_pairs;                 /* the file has a pairs list */
  struct cfg_pair *pairs;        /* in file order */
  size_t npairs;
  struct cfg_recreate recreate;  /* the recreate group */
  struct cfg_encrypt encrypt;    /* the encrypt group */
  struct recreate_endpoint endpoints[CFG_MAX_ENDPOINTS]; /* its order */
  size_t nendpoints;
};

/* Loads path into o (the options the file sets, copied), its pairs
 * list, if any, into c->pairs (each a copy of o as loaded, changed by
 * the pair's settings), and the recreate and
 * endpoints groups into c->recreate and c->endpoints. c must be zeroed
 * first. Returns RDSCLONE_OK; RDSCLONE_E_CONFIG with "FILE:LINE: cause"
 * (or "FILE: cannot read the configuration file: OS reason") in errbuf;
 * or RDSCLONE_E_NOMEM with "out of memory". c is released by
 * cfg_release() either way. */
enum rdsclone_code cfg_load(struct cfg *c, const char *path,
                            struct rdsclone_options *o, char *errbuf,
                            size_t errlen);
void cfg_release(struct cfg *c);

#endif
