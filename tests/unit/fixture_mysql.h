/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fixture_mysql.h - snapshots built from fixture rows shaped like the
 * servers' catalog tables (MySQL 8.0's documented mysql.user, mysql.db,
 * tables_priv, columns_priv, procs_priv, role_edges, default_roles,
 * global_grants; MariaDB 10.11's mysql.user view joined with
 * global_priv.Priv), fed through catalog_mysql_begin/_row exactly as
 * engine_mysql.c streams a server's results. Then diff + plan offline.
 */
#ifndef RDSCLONE_TEST_FIXTURE_MYSQL_H
#define RDSCLONE_TEST_FIXTURE_MYSQL_H

#include "core/snapshot.h"
#include "core/plan.h"
#include "mysql/catalog_mysql.h"

/* Inits snapshot s (engine_mysql), its session (CURRENT_USER() as
 * "user@host") and maps. */
void fx_snapshot(struct snapshot *s, int is_source, const char *session,
                 const char *version);

/* Feeds one row of query q; vals[i] NULL is SQL NULL. */
void fx_row(struct snapshot *s, const struct rdsclone_options *o,
            enum mysql_query q, const char *const *names, size_t nf,
            const char *const *vals);

/* MySQL 8.0 mysql.user row: every Y/N column 'N' except those named
 * (space-separated, e.g. "Select_priv Super_priv"); lifetime NULL = SQL
 * NULL. */
void fx_mysql8_user(struct snapshot *s, const struct rdsclone_options *o,
                    const char *user, const char *host, const char *plugin,
                    const char *auth, const char *yes, const char *locked,
                    const char *expired, const char *lifetime);
/* The same with every column given: auth_text is the text the server
 * sends (what conversion to utf8mb4 left of the bytes), auth_hex its
 * HEX() (NULL: the column absent from the row, as SQL NULL);
 * user_attributes the JSON of User_attributes (NULL = SQL NULL). */
void fx_mysql8_user_row(struct snapshot *s, const struct rdsclone_options *o,
                        const char *user, const char *host,
                        const char *plugin, const char *auth_text,
                        const char *auth_hex, const char *yes,
                        const char *locked, const char *expired,
                        const char *lifetime, const char *user_attributes);
/* An unlocked, unexpired account with the given text, hex and
 * User_attributes. */
void fx_mysql8_user_ex(struct snapshot *s, const struct rdsclone_options *o,
                       const char *user, const char *host,
                       const char *plugin, const char *auth_text,
                       const char *auth_hex, const char *yes,
                       const char *user_attributes);
/* mysql.db row with the named Y/N columns 'Y'. */
void fx_mysql8_db(struct snapshot *s, const struct rdsclone_options *o,
                  const char *user, const char *host, const char *db,
                  const char *yes);
void fx_tables_priv(struct snapshot *s, const struct rdsclone_options *o,
                    const char *user, const char *host, const char *db,
                    const char *table, const char *set);
void fx_columns_priv(struct snapshot *s, const struct rdsclone_options *o,
                     const char *user, const char *host, const char *db,
                     const char *table, const char *column, const char *set);
void fx_procs_priv(struct snapshot *s, const struct rdsclone_options *o,
                   const char *user, const char *host, const char *db,
                   const char *type, const char *routine, const char *set);
void fx_role_edge(struct snapshot *s, const struct rdsclone_options *o,
                  const char *role, const char *role_host, const char *user,
                  const char *host, const char *admin);
void fx_default_role(struct snapshot *s, const struct rdsclone_options *o,
                     const char *user, const char *host, const char *role,
                     const char *role_host);
void fx_global_grant(struct snapshot *s, const struct rdsclone_options *o,
                     const char *user, const char *host, const char *priv,
                     const char *grant_option);

/* MariaDB 10.4+: a mysql.global_priv row. The Y/N columns listed in 'yes'
 * (mysql.user view names) become bits of Priv's "access"; is_role "Y"
 * and a non-empty default_role go into Priv, where the server keeps them. */
void fx_maria_user(struct snapshot *s, const struct rdsclone_options *o,
                   const char *user, const char *host, const char *is_role,
                   const char *yes, const char *priv_json,
                   const char *default_role);
/* MariaDB mysql.db (same Y/N layout as MySQL's, plus Delete_history). */
void fx_maria_db(struct snapshot *s, const struct rdsclone_options *o,
                 const char *user, const char *host, const char *db,
                 const char *yes);
void fx_roles_mapping(struct snapshot *s, const struct rdsclone_options *o,
                      const char *user, const char *host, const char *role,
                      const char *admin);

/* mysql.proxies_priv row (With_grant "1" or "0"). */
void fx_proxy(struct snapshot *s, const struct rdsclone_options *o,
              const char *user, const char *host, const char *proxied_user,
              const char *proxied_host, const char *with_grant);
/* A row of the settings query q (MQ_SETTINGS or MQ_SETTINGS_MYSQL8). */
void fx_setting(struct snapshot *s, const struct rdsclone_options *o,
                enum mysql_query q, const char *name, const char *value);
/* A row of an object query of the target (MQ_OBJ_*): SCHEMATA (db),
 * TABLES (db, table), COLUMNS (db, table, lower(column)), ROUTINES (db,
 * type, lower(name)); unused arguments NULL. */
void fx_object(struct snapshot *s, const struct rdsclone_options *o,
               enum mysql_query q, const char *a, const char *b,
               const char *c);

/* diff + plan_build offline (conn NULL); asserts plan_snapshots, which
 * plans in two threads, makes the same plan. */
void fx_plan(const struct snapshot *src, const struct snapshot *tgt,
             const struct rdsclone_options *o, int prune, struct plan *p);
/* Number of diff changes. */
size_t fx_diff_count(const struct snapshot *src, const struct snapshot *tgt);

/* Index of the action whose sql equals 'sql' (or, for ACT_SKIP, whose
 * object equals it); -1 when none. */
long fx_find(const struct plan *p, const char *sql);
/* Asserts an action with exactly this sql exists; returns its index. */
long fx_expect(const struct plan *p, const char *sql);
/* Prints the plan (on failure, to see what came out). */
void fx_dump(const struct plan *p);

#endif
