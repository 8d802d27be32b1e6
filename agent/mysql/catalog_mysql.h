/* SPDX-License-Identifier: Apache-2.0 */
/*
 * catalog_mysql.h - the MySQL-family catalog: which tables are read, how
 * their rows are shaped into row maps, and which columns are compared.
 *
 * Every server table is read with one SELECT (the files in sql/mysql/) and its
 * rows are fed, as they stream in, to catalog_mysql_row(). Privileges
 * compare as sets, so column order or ALL PRIVILEGES spelled out never
 * show as drift: global ones as one row per (grantee, privilege), MySQL
 * 8.0's dynamic ones included; on databases, tables, columns and routines
 * one row per (grantee, object) whose last column is the sorted set
 * "A,B,C" (half the rows of one per privilege at the bench's 50 000
 * accounts). Feeding rows is separate from reading them so that unit
 * tests can feed fixtures of MySQL 8.0's documented layouts, which no
 * server here runs.
 */
#ifndef RDSCLONE_CATALOG_MYSQL_H
#define RDSCLONE_CATALOG_MYSQL_H

#include "core/err.h"
#include "core/snapshot.h"
#include "core/table.h"

enum mysql_table {
  MT_ACCOUNT, MT_PRIV_GLOBAL, MT_PRIV_DB, MT_PRIV_TABLE, MT_PRIV_COLUMN,
  MT_PRIV_ROUTINE, MT_ROLE_GRANT, MT_DEFAULT_ROLE, MT_RDS_CONFIG,
  MT_PRIV_PROXY,       /* mysql.proxies_priv */
  MT_PARTIAL_REVOKE,   /* MySQL 8.0.16+: User_attributes' "Restrictions" */
  MT__COUNT
};

/* Maps a snapshot holds beyond the compared tables: snapshot_index and
 * snapshot_release cover every slot, but diff, plan and dump know only
 * the engine's MT__COUNT tables, so these are never compared or shown.
 * MX_OBJECT: the target's databases, tables, columns and routines (key:
 * db, type, name, column; type SCHEMA, TABLE, COLUMN or the routine's),
 * read so that a grant on an object the target lacks is planned as a
 * skip; NULL when not read (the source, fixtures): then every object
 * counts as present.
 * MX_OWN_PROXY: the users on which the session's account holds PROXY
 * WITH GRANT OPTION ('' for any account), from mysql.proxies_priv; NULL
 * when it holds none. */
enum { MX_OBJECT = MT__COUNT, MX_OWN_PROXY, MX__END };

/* Proxy grant columns (MT_PRIV_PROXY). */
enum proxy_col { PX_USER, PX_HOST, PX_PROXIED_USER, PX_PROXIED_HOST,
                 PX_WITH_GRANT, PX__COUNT };

/* Facts of a server (struct snapshot's flags), from its settings. */
#define SF_PARTIAL_REVOKES 0x1UL   /* MySQL 8.0.16+ @@partial_revokes ON */
#define SF_LOWER_CASE_NAMES 0x2UL  /* @@lower_case_table_names != 0 */

/* MariaDB 10.11+ keeps grants to PUBLIC as those of the role PUBLIC with
 * the empty host, which the server owns: never created nor dropped. */
#define MARIADB_PUBLIC_VERSION 101100UL

/* Account columns (MT_ACCOUNT). */
enum account_col {
  AC_USER, AC_HOST, AC_IS_ROLE, AC_AUTH, AC_SSL_TYPE, AC_SSL_CIPHER,
  AC_X509_ISSUER, AC_X509_SUBJECT, AC_MAX_QUESTIONS, AC_MAX_UPDATES,
  AC_MAX_CONNECTIONS, AC_MAX_USER_CONNECTIONS, AC_MAX_STATEMENT_TIME,
  AC_PASSWORD_EXPIRED, AC_PASSWORD_LIFETIME, AC_ACCOUNT_LOCKED,
  AC__COUNT
};

extern const struct table_def catalog_mysql_tables[MT__COUNT];

/* The server queries, in the order a snapshot runs them. */
enum mysql_query {
  MQ_ACCOUNTS_MARIADB, MQ_ACCOUNTS_MYSQL, MQ_DB, MQ_TABLES_PRIV,
  MQ_COLUMNS_PRIV, MQ_PROCS_PRIV, MQ_ROLES_MAPPING, MQ_ROLE_EDGES,
  MQ_DEFAULT_ROLES, MQ_GLOBAL_GRANTS, MQ_RDS_CONFIG, MQ_PROXIES,
  MQ_SETTINGS, MQ_SETTINGS_MYSQL8,
  /* the target's objects (MX_OBJECT) */
  MQ_OBJ_SCHEMATA, MQ_OBJ_TABLES, MQ_OBJ_COLUMNS, MQ_OBJ_ROUTINES,
  MQ__COUNT
};

/* SQL text of a query (compiled in from sql/mysql/). */
const char *catalog_mysql_sql(enum mysql_query q);
/* 1 when the server of this snapshot has the query's table. */
int catalog_mysql_applies(const struct snapshot *s, enum mysql_query q);
/* The engine's tables (bit t: MT_*) query q adds rows to; once no query
 * left to run adds to a table, the source hands it to the target
 * (snapshot_final). A table missing here would be handed over while
 * still filling: add every table a query's rows go to. */
unsigned long catalog_mysql_writes(enum mysql_query q);

#define INGEST_MAX_FIELDS 96

/* Column positions of one result, found once by name. */
struct ingest {
  struct snapshot *s;
  const struct rdsclone_options *o;
  enum mysql_query q;
  int col[24];                        /* named fields the query needs */
  int nyn;                            /* Y/N privilege columns found */
  int yn_field[INGEST_MAX_FIELDS];
  const char *yn_priv[INGEST_MAX_FIELDS];
  /* *_priv columns rdsclone does not know (a newer server's): their
   * 'Y's are counted as not compared */
  int nunknown;
  int unknown_field[8];
  char unknown_name[8][64];
};

/* Creates the snapshot's empty maps; s->engine must be set. */
enum rdsclone_code catalog_mysql_init(struct snapshot *s, struct err *e);

/* Prepares to feed rows of query q whose fields are named 'names'. */
enum rdsclone_code catalog_mysql_begin(struct ingest *in, struct snapshot *s,
                                       const struct rdsclone_options *o,
                                       enum mysql_query q,
                                       const char *const *names,
                                       size_t nfields, struct err *e);
/* Feeds one row (vals[i] NULL = SQL NULL, lens[i] its length). */
enum rdsclone_code catalog_mysql_row(struct ingest *in,
                                     const char *const *vals,
                                     const unsigned long *lens,
                                     struct err *e);

/* 1 when (user, host) is MariaDB's PUBLIC (the role PUBLIC, empty host)
 * on a MariaDB snapshot. */
int catalog_mysql_is_public(const struct snapshot *s, const char *user,
                            size_t ulen, const char *host, size_t hlen);

/* Fills s->current_user/current_host from CURRENT_USER()'s "user@host". */
enum rdsclone_code catalog_mysql_set_session(struct snapshot *s,
                                             const char *user_at_host,
                                             const char *version,
                                             struct err *e);

#endif
