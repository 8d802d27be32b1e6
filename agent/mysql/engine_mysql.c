/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_mysql.c - the MySQL/MariaDB engine: connections (TLS, passwords,
 * read-only source sessions), streaming catalog reads into row maps, the
 * target's advisory lock and statement execution.
 *
 * It must never write to the source: the source session is READ ONLY and
 * only the catalog SELECTs and mysql.rds_show_configuration run there.
 */
#include "mysql/engine_mysql.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/engine.h"
#include "buf.h"
#include "core/rowmap.h"
#include "mysql/catalog_mysql.h"
#include "core/password.h"
#include "mysql/render_mysql.h"
#include "mysql/threads_mysql.h"
#include "sql_embedded.h"
#include "mysql/uri.h"

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOCK_NAME "rdsclone.apply"

struct dbconn {
  MYSQL *mysql;
  char where[300];    /* "source 127.0.0.1:3306" for messages */
  int locked;         /* holds LOCK_NAME */
};

static void *client_handle(struct dbconn *c)
{
  return c->mysql;
}

static const char *describe(struct dbconn *c)
{
  return c->where;
}

static void disconnect(struct dbconn *c)
{
  if(!c)
    return;
  /* the server frees a closed session's locks in its own time: a run
   * started right after (dms-finish's account run) would find the lock
   * still held, so it goes before the session does */
  if(c->mysql && c->locked)
    mysql_query(c->mysql, "DO RELEASE_LOCK('" LOCK_NAME "')");
  if(c->mysql)
    mysql_close(c->mysql);
  free(c);
}

/* Applies ssl-mode (DISABLED, PREFERRED, REQUIRED, VERIFY_CA,
 * VERIFY_IDENTITY) and the CA/cert/key files. */
static int set_tls(MYSQL *m, const char *mode, const char *ca,
                   const char *cert, const char *key, int *required,
                   char *why, size_t whylen)
{
  my_bool yes = 1, no = 0;
  *required = 0;
  if(!mode || !*mode)
    mode = ca ? "VERIFY_IDENTITY" : "PREFERRED";
  if(!strcasecmp(mode, "DISABLED")) {
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &no);
    return 0;
  }
  if(!strcasecmp(mode, "PREFERRED")) {
    /* TLS when the server offers it, plaintext otherwise */
    mysql_ssl_set(m, key, cert, ca, NULL, NULL);
    mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &no);
    return 0;
  }
  if(!strcasecmp(mode, "REQUIRED") || !strcasecmp(mode, "VERIFY_CA") ||
     !strcasecmp(mode, "VERIFY_IDENTITY")) {
    int verify = strcasecmp(mode, "REQUIRED") != 0;
    *required = 1;
    mysql_ssl_set(m, key, cert, ca, NULL, NULL);
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &yes);
    /* Connector/C checks the CA and the host name together, so
     * VERIFY_CA is as strict as VERIFY_IDENTITY here. */
    mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT,
                   verify ? &yes : &no);
    if(verify && !ca) {
      snprintf(why, whylen, "ssl-mode %s needs ssl-ca (the CA file)", mode);
      return -1;
    }
    return 0;
  }
  snprintf(why, whylen, "unknown ssl-mode '%.40s' (DISABLED, PREFERRED, "
           "REQUIRED, VERIFY_CA, VERIFY_IDENTITY)", mode);
  return -1;
}

/* The client options of a new connection: timeout, character set and
 * TLS, the endpoint's settings before the URI's. */
static enum rdsclone_code set_options(struct dbconn *c,
                                      const struct rdsclone_endpoint *ep,
                                      const struct uri *u,
                                      int *tls_required, struct err *e)
{
  char why[300];
  unsigned int timeout;
  timeout = (unsigned)(ep->connect_timeout > 0 ? ep->connect_timeout
                       : u->connect_timeout > 0 ? u->connect_timeout : 10);
  mysql_optionsv(c->mysql, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
  mysql_optionsv(c->mysql, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if(set_tls(c->mysql, ep->ssl_mode ? ep->ssl_mode : u->ssl_mode,
             ep->ssl_ca ? ep->ssl_ca : u->ssl_ca,
             ep->ssl_cert ? ep->ssl_cert : u->ssl_cert,
             ep->ssl_key ? ep->ssl_key : u->ssl_key, tls_required, why,
             sizeof(why)))
    return err_set(e, RDSCLONE_E_CONFIG, "%s: %s", c->where, why);
  return RDSCLONE_OK;
}

/* Connects c (its options set) and checks the session: TLS when it is
 * required, read-only when asked. */
static enum rdsclone_code open_session(struct dbconn *c, const struct uri *u,
                                       const char *password,
                                       int tls_required, int read_only,
                                       struct err *e)
{
  if(!mysql_real_connect(c->mysql, u->socket ? "localhost" : u->host,
                         u->user, password, NULL, u->port, u->socket,
                         CLIENT_MULTI_RESULTS)) {
    unsigned err = mysql_errno(c->mysql);
    return err_set(e, RDSCLONE_E_CONNECT, "%s: cannot connect: %s%s",
                   c->where, mysql_error(c->mysql),
                   err == ER_ACCESS_DENIED_ERROR
                     ? " (check the password source: environment, "
                       "password_file or option file)" : "");
  }
  /* Connector/C 3.3 connects in plaintext when the server offers no TLS,
   * MYSQL_OPT_SSL_ENFORCE notwithstanding: never go on without it */
  if(tls_required && !mysql_get_ssl_cipher(c->mysql))
    return err_set(e, RDSCLONE_E_CONNECT, "%s: TLS is required (ssl-mode "
                   "REQUIRED or VERIFY_*) but the server offers none; "
                   "refusing a plaintext session", c->where);
  if(read_only &&
     mysql_query(c->mysql, "SET SESSION TRANSACTION READ ONLY"))
    return err_set(e, RDSCLONE_E_CONNECT,
                   "%s: cannot make the session read-only: %s", c->where,
                   mysql_error(c->mysql));
  return RDSCLONE_OK;
}

static enum rdsclone_code conn_connect(const struct rdsclone_endpoint *ep,
                                       const char *side, int read_only,
                                       struct dbconn **out, struct err *e)
{
  struct uri u;
  char why[300];
  struct dbconn *c;
  char *password = NULL;
  int tls_required = 0;
  enum rdsclone_code rc;

  *out = NULL;
  threads_mysql_library_init();
  if(uri_parse(ep->uri, &u, why, sizeof(why)))
    return err_set(e, RDSCLONE_E_CONFIG, "%s URI: %s", side, why);
  c = calloc(1, sizeof(*c));
  if(!c || !(c->mysql = mysql_init(NULL))) {
    free(c);
    uri_release(&u);
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  if(u.socket)
    snprintf(c->where, sizeof(c->where), "%s %s", side, u.socket);
  else
    snprintf(c->where, sizeof(c->where), "%s %s:%u", side, u.host,
             u.port ? u.port : 3306);
  rc = set_options(c, ep, &u, &tls_required, e);
  if(!rc)
    rc = password_resolve(ep, side, &password, e);
  if(!rc && !password)   /* let the client read its option file's group */
    mysql_optionsv(c->mysql, MYSQL_READ_DEFAULT_GROUP,
                   ep->option_group ? ep->option_group : "client");
  if(!rc)
    rc = open_session(c, &u, password, tls_required, read_only, e);
  password_free(password);
  uri_release(&u);
  if(rc)
    disconnect(c);
  else
    *out = c;
  return rc;
}

/* Runs a query returning one row of one or more columns; copies column
 * 'col' of the first row into out (truncated to outlen). */
static int query_value(struct dbconn *c, const char *sql, unsigned col,
                       char *out, size_t outlen, int *is_null)
{
  MYSQL_RES *res;
  MYSQL_ROW row;
  if(mysql_query(c->mysql, sql) || !(res = mysql_store_result(c->mysql)))
    return -1;
  row = mysql_fetch_row(res);
  if(!row || col >= mysql_num_fields(res)) {
    mysql_free_result(res);
    return -1;
  }
  *is_null = row[col] == NULL;
  snprintf(out, outlen, "%s", row[col] ? row[col] : "");
  mysql_free_result(res);
  return 0;
}

/* Drains any further results of a multi-result call. */
static void drain(MYSQL *m)
{
  while(mysql_more_results(m) && mysql_next_result(m) == 0) {
    MYSQL_RES *r = mysql_store_result(m);
    if(r)
      mysql_free_result(r);
  }
}

/* Feeds every row of a result of query q into the snapshot's maps. */
static enum rdsclone_code ingest_result(struct dbconn *c,
                                        const struct rdsclone_options *o,
                                        struct snapshot *s, enum mysql_query q,
                                        MYSQL_RES *res, struct err *e)
{
  MYSQL_FIELD *f = mysql_fetch_fields(res);
  unsigned i, nf = mysql_num_fields(res);
  const char *names[INGEST_MAX_FIELDS];
  MYSQL_ROW row;
  struct ingest in;
  enum rdsclone_code rc;

  for(i = 0; i < nf && i < INGEST_MAX_FIELDS; i++)
    names[i] = f[i].name;
  rc = catalog_mysql_begin(&in, s, o, q, names, i, e);
  while(!rc && (row = mysql_fetch_row(res)))
    rc = catalog_mysql_row(&in, (const char *const *)row,
                           mysql_fetch_lengths(res), e);
  if(!rc && mysql_errno(c->mysql))
    rc = err_set(e, RDSCLONE_E_QUERY, "%s: reading the catalog: %s",
                 c->where, mysql_error(c->mysql));
  /* fetch the rest so the connection stays usable */
  while(rc && mysql_fetch_row(res))
    ;
  return rc;
}

/* Streams one catalog query into the snapshot's maps. */
static enum rdsclone_code read_table(struct dbconn *c,
                                     const struct rdsclone_options *o,
                                     struct snapshot *s, enum mysql_query q,
                                     struct err *e)
{
  const char *sql = catalog_mysql_sql(q);
  MYSQL_RES *res;
  enum rdsclone_code rc;

  if(mysql_query(c->mysql, sql))
    return err_set(e, RDSCLONE_E_QUERY, "%s: reading the catalog (%.60s): "
                   "%s", c->where, sql, mysql_error(c->mysql));
  res = mysql_use_result(c->mysql);
  if(!res)
    return err_set(e, RDSCLONE_E_QUERY, "%s: reading the catalog: %s",
                   c->where, mysql_error(c->mysql));
  rc = ingest_result(c, o, s, q, res, e);
  mysql_free_result(res);
  drain(c->mysql);
  return rc;
}

/* RDS configuration; a server without the procedure gets no map. */
static enum rdsclone_code read_rds_config(struct dbconn *c,
                                          const struct rdsclone_options *o,
                                          struct snapshot *s, struct err *e)
{
  if(s->is_source && o->binlog_retention_fixed) {
    char v[32];
    struct rowval r[2] = { { "binlog retention hours", 22 }, { NULL, 0 } };
    if(o->binlog_retention_hours >= 0) {
      snprintf(v, sizeof(v), "%ld", o->binlog_retention_hours);
      r[1].ptr = v;
      r[1].len = strlen(v);
    }
    if(rowmap_add(s->maps[MT_RDS_CONFIG], r) < 0)
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
    return RDSCLONE_OK;
  }
  if(mysql_query(c->mysql, catalog_mysql_sql(MQ_RDS_CONFIG))) {
    unsigned err = mysql_errno(c->mysql);
    if(err == ER_SP_DOES_NOT_EXIST || err == ER_PROCACCESS_DENIED_ERROR ||
       err == ER_TABLEACCESS_DENIED_ERROR) {
      buf_addf(&s->notes, "%s: mysql.rds_show_configuration is not "
               "available (%s): binlog retention hours not compared\n",
               c->where, mysql_error(c->mysql));
      rowmap_free(s->maps[MT_RDS_CONFIG]);
      s->maps[MT_RDS_CONFIG] = NULL;
      return RDSCLONE_OK;
    }
    return err_set(e, RDSCLONE_E_QUERY, "%s: CALL "
                   "mysql.rds_show_configuration: %s", c->where,
                   mysql_error(c->mysql));
  }
  {
    /* the call's first result holds the rows; the rest is drained */
    MYSQL_RES *res = mysql_store_result(c->mysql);
    enum rdsclone_code rc = RDSCLONE_OK;
    if(res) {
      rc = ingest_result(c, o, s, MQ_RDS_CONFIG, res, e);
      mysql_free_result(res);
    }
    drain(c->mysql);
    return rc;
  }
}

/* After query q: the tables no query left to run adds to are complete,
 * and a target streaming against this side may read them. */
static enum rdsclone_code hand_over(struct snapshot *s, int q,
                                    struct err *e)
{
  unsigned long later = 0;
  enum rdsclone_code rc = RDSCLONE_OK;
  size_t t;
  int n;
  for(n = q + 1; n < MQ__COUNT; n++)
    if(catalog_mysql_applies(s, (enum mysql_query)n))
      later |= catalog_mysql_writes((enum mysql_query)n);
  for(t = 0; t < MT__COUNT && !rc; t++)
    if(!(later & (1UL << t)))
      rc = snapshot_final(s, t, e);
  return rc;
}

static enum rdsclone_code conn_snapshot(struct dbconn *c,
                                        const struct rdsclone_options *o,
                                        struct snapshot *s, struct err *e)
{
  MYSQL_RES *res;
  MYSQL_ROW row;
  enum rdsclone_code rc;
  int q;

  if(mysql_query(c->mysql, sql_session) ||
     !(res = mysql_store_result(c->mysql)))
    return err_set(e, RDSCLONE_E_QUERY, "%s: %s", c->where,
                   mysql_error(c->mysql));
  row = mysql_fetch_row(res);
  rc = row ? catalog_mysql_set_session(s, row[0], row[1], e)
           : err_set(e, RDSCLONE_E_QUERY, "%s: no session row", c->where);
  mysql_free_result(res);
  if(rc)
    return rc;
  if(s->is_mariadb ? s->version_id < 100400 : s->version_id < 50700)
    return err_set(e, RDSCLONE_E_UNSUPPORTED, "%s: server version %s is "
                   "not supported (MySQL 5.7+, MariaDB 10.4+)", c->where,
                   s->server_version);
  rc = catalog_mysql_init(s, e);
  for(q = 0; q < MQ__COUNT && !rc; q++) {
    if(!catalog_mysql_applies(s, (enum mysql_query)q))
      continue;
    if(q == MQ_RDS_CONFIG)
      rc = read_rds_config(c, o, s, e);
    else
      rc = read_table(c, o, s, (enum mysql_query)q, e);
    if(!rc)
      rc = hand_over(s, q, e);
  }
  return rc ? rc : snapshot_index(s, e);
}

static enum rdsclone_code conn_lock(struct dbconn *c, struct err *e)
{
  char v[16];
  int is_null = 0;
  if(query_value(c, "SELECT GET_LOCK('" LOCK_NAME "', 0)", 0, v, sizeof(v),
                 &is_null))
    return err_set(e, RDSCLONE_E_QUERY, "%s: GET_LOCK: %s", c->where,
                   mysql_error(c->mysql));
  if(is_null || strcmp(v, "1"))
    return err_set(e, RDSCLONE_E_LOCKED, "%s: another rdsclone run holds "
                   "the lock '" LOCK_NAME "' on this server; try again "
                   "when it has finished", c->where);
  c->locked = 1;
  return RDSCLONE_OK;
}

static enum rdsclone_code conn_check_writable(struct dbconn *c,
                                              struct err *e)
{
  char v[16];
  int is_null = 0;
  if(query_value(c, "SELECT @@read_only", 0, v, sizeof(v), &is_null))
    return err_set(e, RDSCLONE_E_QUERY, "%s: reading @@read_only: %s",
                   c->where, mysql_error(c->mysql));
  if(strcmp(v, "0"))
    return err_set(e, RDSCLONE_E_READ_ONLY, "%s has read_only=ON, so no "
                   "account can be changed; nothing was written. On RDS "
                   "give the replica a DB parameter group with "
                   "read_only=0 and reboot it (rdsclone recreate-replica "
                   "does this), then run apply again", c->where);
  return RDSCLONE_OK;
}

static enum rdsclone_code conn_execute(struct dbconn *c,
                                       const char *database, const char *sql,
                                       struct err *e)
{
  (void)database;   /* MySQL names the database in each statement */
  if(mysql_query(c->mysql, sql)) {
    enum rdsclone_code rc = err_set(e, RDSCLONE_E_APPLY, "error %u (%s): %s",
                                    mysql_errno(c->mysql),
                                    mysql_sqlstate(c->mysql),
                                    mysql_error(c->mysql));
    return rc;
  }
  {
    MYSQL_RES *r = mysql_store_result(c->mysql);
    if(r)
      mysql_free_result(r);
  }
  drain(c->mysql);
  return RDSCLONE_OK;
}

const struct engine engine_mysql = {
  .name = "mysql",
  .tables = catalog_mysql_tables,
  .ntables = MT__COUNT,
  .account_table = MT_ACCOUNT,
  .connect = conn_connect,
  .disconnect = disconnect,
  .snapshot = conn_snapshot,
  .render = render_mysql,
  .lock = conn_lock,
  .check_writable = conn_check_writable,
  .execute = conn_execute,
  .describe = describe,
  .client_handle = client_handle,
  .library_init = threads_mysql_library_init,
  .thread_begin = threads_mysql_begin,
  .thread_end = threads_mysql_end,
  .script_database = NULL,    /* actions carry no database */
};
