/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_pg.c - the PostgreSQL engine: libpq connections (one per
 * database, opened as needed), streaming catalog reads into row maps, the
 * target's advisory lock, and statement execution.
 *
 * It must never write to the source: source sessions run with
 * default_transaction_read_only=on and only the catalog SELECTs of
 * sql/pg/ run there. Sessions use UTF8, UTC and ISO dates, so values such
 * as VALID UNTIL compare alike on both sides, and search_path=pg_catalog,
 * so routines are named alike whatever path either side would set.
 */
#include "core/err.h"
#include "core/snapshot.h"
#include "core/engine.h"
#include "pg/engine_pg.h"
#include "buf.h"
#include "core/rowmap.h"
#include "pg/catalog_pg.h"
#include "display.h"
#include "numparse.h"
#include "core/password.h"
#include "pg/quote_pg.h"
#include "pg/render_pg.h"
#include "pg/role_oids.h"
#include "sql_embedded.h"

#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Any fixed number: the key of the run's advisory lock. */
#define LOCK_KEY "7203960375245221198"

struct dbsession {
  char *name;
  PGconn *conn;
};

struct dbconn {
  PGconn *main;
  char where[300];          /* "source 127.0.0.1:5432" for messages */
  char *uri;
  char *password;           /* NULL: libpq's own (PGPASSWORD, .pgpass) */
  char *sslmode, *sslrootcert, *sslcert, *sslkey;
  char *options;            /* the URI's/PGOPTIONS' plus ours */
  char timeout[16];         /* "" leaves it to the URI or PGCONNECT_TIMEOUT */
  int timeout_override;     /* the configuration's: after the URI */
  int read_only;
  int tls;                  /* the main session is encrypted */
  char mode_used[16];       /* its sslmode as libpq applied it */
  struct dbsession *dbs;    /* sessions to other databases */
  size_t ndbs;
  struct role_oids oids;    /* while reading: role names by oid */
};

static void *client_handle(struct dbconn *c)
{
  return c->main;
}

static const char *describe(struct dbconn *c)
{
  return c->where;
}

static void disconnect(struct dbconn *c)
{
  size_t i;
  if(!c)
    return;
  for(i = 0; i < c->ndbs; i++) {
    PQfinish(c->dbs[i].conn);
    free(c->dbs[i].name);
  }
  free(c->dbs);
  role_oids_release(&c->oids);
  if(c->main)
    PQfinish(c->main);
  password_free(c->password);
  free(c->uri);
  free(c->sslmode);
  free(c->sslrootcert);
  free(c->sslcert);
  free(c->sslkey);
  free(c->options);
  free(c);
}

/* rdsclone's ssl-mode names (shared with the MySQL family) or libpq's. */
static const char *libpq_sslmode(const char *m)
{
  static const struct { const char *ours, *libpq; } map[] = {
    { "DISABLED", "disable" }, { "PREFERRED", "prefer" },
    { "REQUIRED", "require" }, { "VERIFY_CA", "verify-ca" },
    { "VERIFY_IDENTITY", "verify-full" },
  };
  size_t i;
  for(i = 0; i < sizeof(map) / sizeof(map[0]); i++)
    if(!strcasecmp(m, map[i].ours))
      return map[i].libpq;
  return m;
}

/*
 * Opens a session to the URI's database, or to 'dbname' instead.
 *
 * Order matters: libpq takes the last non-empty value of a keyword, and
 * the URI (the first dbname, expanded) sits between two groups. Before
 * it: rdsclone's defaults, which the URI may override (connect_timeout,
 * application_name). After it: what the configuration or flags set
 * (ssl_*, connect_timeout), which override the URI as for the MySQL
 * family, and what rdsclone needs whatever the URI says (client_encoding,
 * the session options). Anything not given falls to libpq's environment
 * variables, service file and defaults.
 */
static PGconn *open_session(struct dbconn *c, const char *dbname)
{
  const char *keys[16], *vals[16];
  int n = 0;

  if(c->timeout[0] && !c->timeout_override) {
    keys[n] = "connect_timeout"; vals[n++] = c->timeout;
  }
  keys[n] = "application_name"; vals[n++] = "rdsclone";
  keys[n] = "dbname"; vals[n++] = c->uri;
  if(dbname) { keys[n] = "dbname"; vals[n++] = dbname; }
  if(c->password) { keys[n] = "password"; vals[n++] = c->password; }
  if(c->sslmode) { keys[n] = "sslmode"; vals[n++] = c->sslmode; }
  if(c->sslrootcert) { keys[n] = "sslrootcert"; vals[n++] = c->sslrootcert; }
  if(c->sslcert) { keys[n] = "sslcert"; vals[n++] = c->sslcert; }
  if(c->sslkey) { keys[n] = "sslkey"; vals[n++] = c->sslkey; }
  if(c->timeout_override) {
    keys[n] = "connect_timeout"; vals[n++] = c->timeout;
  }
  keys[n] = "client_encoding"; vals[n++] = "UTF8";
  keys[n] = "options"; vals[n++] = c->options;
  keys[n] = NULL;
  vals[n] = NULL;
  return PQconnectdbParams(keys, vals, 1);
}

/* One line of a libpq error message (they end in a newline). */
static const char *pq_msg(PGconn *conn, char *buf, size_t len)
{
  char *nl;
  snprintf(buf, len, "%s", conn ? PQerrorMessage(conn) : "out of memory");
  nl = strchr(buf, '\n');
  if(nl)
    *nl = 0;
  return buf;
}

static int dup_opt(char **dst, const char *src)
{
  if(!src)
    return 0;
  *dst = strdup(src);
  return *dst ? 0 : -1;
}

/* 1 when a PG* environment variable sets keyword for libpq (libpq reads
 * them itself; rdsclone only looks, to know whether the user chose). */
static int env_sets(const char *keyword)
{
  static const struct { const char *kw, *var; } vars[] = {
    { "sslmode", "PGSSLMODE" }, { "sslrootcert", "PGSSLROOTCERT" },
    { "connect_timeout", "PGCONNECT_TIMEOUT" }, { "options", "PGOPTIONS" },
  };
  size_t i;
  for(i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
    if(!strcmp(vars[i].kw, keyword)) {
      const char *v = getenv(vars[i].var);
      return v && *v;
    }
  return 0;
}

/* The error for a URI libpq cannot parse, with a hint for the MySQL
 * family's parameter names; frees errmsg. */
static enum rdsclone_code uri_invalid(const char *side, char *errmsg,
                                      struct err *e)
{
  char msg[256];
  int hint;
  /* no message, or libpq's own: it could not allocate */
  if(!errmsg || !strncmp(errmsg, "out of memory", 13)) {
    PQfreemem(errmsg);
    return err_set(e, RDSCLONE_E_NOMEM, "%s URI: out of memory", side);
  }
  snprintf(msg, sizeof(msg), "%s", errmsg);
  if(strchr(msg, '\n'))
    *strchr(msg, '\n') = 0;
  hint = strstr(msg, "\"ssl-") || strstr(msg, "\"connect-timeout");
  PQfreemem(errmsg);
  return err_set(e, RDSCLONE_E_CONFIG, "%s URI: not a valid libpq "
                 "connection URI: %s%s", side, msg,
                 hint ? " (PostgreSQL URIs take libpq's parameters: "
                        "sslmode, sslrootcert, sslcert, sslkey, "
                        "connect_timeout)" : "");
}

/* What a parsed URI sets (its strings borrowed from the parse). */
struct uri_says {
  int has_pw, mode, ca, timeout;
  const char *host, *port, *options;
};

static void uri_scan(const PQconninfoOption *opts, struct uri_says *u)
{
  const PQconninfoOption *o;
  memset(u, 0, sizeof(*u));
  u->host = "?";
  u->port = "5432";
  for(o = opts; o->keyword; o++) {
    if(!o->val)
      continue;
    if(!strcmp(o->keyword, "password"))
      u->has_pw = 1;
    else if(!strcmp(o->keyword, "host"))
      u->host = o->val;
    else if(!strcmp(o->keyword, "port"))
      u->port = o->val;
    else if(!strcmp(o->keyword, "sslmode"))
      u->mode = 1;
    else if(!strcmp(o->keyword, "sslrootcert"))
      u->ca = 1;
    else if(!strcmp(o->keyword, "connect_timeout"))
      u->timeout = 1;
    else if(!strcmp(o->keyword, "options"))
      u->options = o->val;
  }
}

/* The session's options into c->options: the user's (the URI's, else
 * PGOPTIONS: search_path, ...), then ours, last so that they win. */
static enum rdsclone_code session_options(struct dbconn *c,
                                          const char *base_opts,
                                          int read_only, struct err *e)
{
  /* search_path=pg_catalog: the server then names every type outside
   * pg_catalog with its schema (a routine's identity arguments), so a
   * path set for the session (PGOPTIONS, ALTER ROLE ... SET) on either
   * side cannot make one routine two keys, or a GRANT name a type the
   * target's session does not see. rdsclone's own statements qualify
   * every object, so they need no path.
   * cursor_tuple_fraction=1: the catalog is read through cursors (stream)
   * but always to the end, so plan for all rows; with the default 0.1 and
   * stale catalog statistics the membership query became a nested loop
   * of 145 ms instead of 6 ms at 1 000 roles. */
  static const char ours_ro[] =
    "-c default_transaction_read_only=on -c TimeZone=UTC -c DateStyle=ISO "
    "-c search_path=pg_catalog -c cursor_tuple_fraction=1";
  static const char ours[] = "-c TimeZone=UTC -c DateStyle=ISO "
    "-c search_path=pg_catalog -c cursor_tuple_fraction=1";
  const char *mine = read_only ? ours_ro : ours;
  size_t len;
  if(!base_opts)
    base_opts = getenv("PGOPTIONS");
  len = (base_opts ? strlen(base_opts) + 1 : 0) + strlen(mine) + 1;
  c->options = malloc(len);
  if(!c->options)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  snprintf(c->options, len, "%s%s%s", base_opts ? base_opts : "",
           base_opts ? " " : "", mine);
  return RDSCLONE_OK;
}

/*
 * Reads what the URI says about TLS, the timeout and options, refuses a
 * password in it, and fills c->where; then settles the session's TLS
 * mode: the configuration's ssl_mode, else the URI's sslmode, else
 * PGSSLMODE; when none is given but a root certificate is (sslrootcert in
 * the URI, ssl_ca, PGSSLROOTCERT), verify-full. libpq's own default,
 * prefer, would otherwise check that certificate and, when the check
 * fails, silently go on in plaintext; with a CA named, the user asked for
 * verification (the MySQL family's ssl-ca alone means VERIFY_IDENTITY).
 */
static enum rdsclone_code read_uri(struct dbconn *c,
                                   const struct rdsclone_endpoint *ep,
                                   const char *side, int read_only,
                                   struct err *e)
{
  char *errmsg = NULL;
  PQconninfoOption *opts = PQconninfoParse(ep->uri, &errmsg);
  struct uri_says u;
  enum rdsclone_code rc = RDSCLONE_OK;

  if(!opts)
    return uri_invalid(side, errmsg, e);
  uri_scan(opts, &u);
  snprintf(c->where, sizeof(c->where), "%s %s:%s", side, u.host, u.port);
  if(u.has_pw)
    rc = err_set(e, RDSCLONE_E_CONFIG, "%s URI: a password in the URI "
                 "is refused: use RDSCLONE_%s_PASSWORD, password_file "
                 "or .pgpass", side, read_only ? "SOURCE" : "TARGET");
  if(!rc)
    rc = session_options(c, u.options, read_only, e);
  if(!rc && !ep->ssl_mode && !u.mode && !env_sets("sslmode") &&
     (ep->ssl_ca || u.ca || env_sets("sslrootcert")) &&
     dup_opt(&c->sslmode, "verify-full"))
    rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  if(ep->connect_timeout > 0) {
    c->timeout_override = 1;
    snprintf(c->timeout, sizeof(c->timeout), "%d", ep->connect_timeout);
  }
  else if(!u.timeout && !env_sets("connect_timeout"))
    snprintf(c->timeout, sizeof(c->timeout), "10");
  PQconninfoFree(opts);
  return rc;
}

static enum rdsclone_code conn_connect(const struct rdsclone_endpoint *ep,
                                       const char *side, int read_only,
                                       struct dbconn **out, struct err *e)
{
  struct dbconn *c = calloc(1, sizeof(*c));
  char msg[512];
  enum rdsclone_code rc;

  *out = NULL;
  if(!c || dup_opt(&c->uri, ep->uri) ||
     dup_opt(&c->sslmode, ep->ssl_mode ? libpq_sslmode(ep->ssl_mode)
                                       : NULL) ||
     dup_opt(&c->sslrootcert, ep->ssl_ca) ||
     dup_opt(&c->sslcert, ep->ssl_cert) || dup_opt(&c->sslkey, ep->ssl_key)) {
    disconnect(c);
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  c->read_only = read_only;
  rc = read_uri(c, ep, side, read_only, e);
  if(!rc)
    rc = password_resolve(ep, side, &c->password, e);
  if(rc) {
    disconnect(c);
    return rc;
  }
  c->main = open_session(c, NULL);
  if(!c->main || PQstatus(c->main) != CONNECTION_OK) {
    rc = err_set(e, RDSCLONE_E_CONNECT, "%s: cannot connect: %s", c->where,
                 pq_msg(c->main, msg, sizeof(msg)));
    disconnect(c);
    return rc;
  }
  c->tls = PQsslInUse(c->main);
  {
    PQconninfoOption *used = PQconninfo(c->main), *o;
    snprintf(c->mode_used, sizeof(c->mode_used), "prefer");
    for(o = used; o && o->keyword; o++)
      if(!strcmp(o->keyword, "sslmode") && o->val)
        snprintf(c->mode_used, sizeof(c->mode_used), "%s", o->val);
    PQconninfoFree(used);
  }
  *out = c;
  return RDSCLONE_OK;
}

/* The session for a database: the main one when it is that database. */
static PGconn *session_for(struct dbconn *c, const char *db, struct err *e)
{
  char msg[512];
  PGconn *conn;
  struct dbsession *v;
  char *name;
  size_t i;

  if(!db || !strcmp(PQdb(c->main), db))
    return c->main;
  for(i = 0; i < c->ndbs; i++)
    if(!strcmp(c->dbs[i].name, db))
      return c->dbs[i].conn;
  conn = open_session(c, db);
  if(!conn || PQstatus(conn) != CONNECTION_OK) {
    struct buf shown;      /* the name may hold anything: one line */
    buf_init(&shown, BUF_CAP_SMALL);
    display_account(&shown, db, strlen(db), NULL, 0);
    err_set(e, RDSCLONE_E_CONNECT, "%s: cannot connect to database %s: "
            "%s", c->where, buf_str(&shown), pq_msg(conn, msg, sizeof(msg)));
    buf_release(&shown);
    PQfinish(conn);
    return NULL;
  }
  name = strdup(db);
  v = name ? realloc(c->dbs, (c->ndbs + 1) * sizeof(*c->dbs)) : NULL;
  if(!v) {
    free(name);
    PQfinish(conn);
    err_set(e, RDSCLONE_E_NOMEM, "out of memory");
    return NULL;
  }
  c->dbs = v;
  c->dbs[c->ndbs].name = name;
  c->dbs[c->ndbs++].conn = conn;
  return conn;
}

struct pg_conn *engine_pg_session(struct dbconn *c, const char *db,
                                  struct err *e)
{
  return (struct pg_conn *)session_for(c, db, e);
}

typedef enum rdsclone_code (*row_fn)(struct snapshot *s,
                                     const struct rdsclone_options *o,
                                     const char *const *v, struct err *e);
/* Turns a row as the server sent it into what its row_fn takes (roles
 * named from their oids): 1 to go on, 0 to leave the row out, -1 when
 * out of memory. */
typedef int (*shape_fn)(struct dbconn *c, const struct snapshot *s,
                        const char **v);

/* pg_roles*.sql: notes the role's oid (v[12]) and inherit flag. */
static int shape_role(struct dbconn *c, const struct snapshot *s,
                      const char **v)
{
  (void)s;
  if(!v[0] || !v[12])
    return 1;
  return role_oids_add(&c->oids, v[12], v[0], v[2] && v[2][0] == 't') ? -1
                                                                      : 1;
}

/* pg_members.sql (member, roleid, admin) into catalog_pg_member's
 * columns: member, role, grantor '', admin, the member's rolinherit,
 * SET true, builtin when both are initdb's. A role no longer there
 * leaves the row out, as the join did. */
static int shape_member(struct dbconn *c, const struct snapshot *s,
                        const char **v)
{
  int inherit = 0;
  const char *admin = v[2];
  long mo, ro;
  (void)s;
  if(!v[0] || !v[1] || parse_long(v[0], 0, UINT32_MAX, &mo) ||
     parse_long(v[1], 0, UINT32_MAX, &ro))
    return 0;
  v[0] = role_oids_name(&c->oids, v[0], &inherit);
  v[1] = role_oids_name(&c->oids, v[1], NULL);
  if(!v[0] || !v[1])
    return 0;
  v[2] = "";
  v[3] = admin;
  v[4] = inherit ? "t" : "f";
  v[5] = "t";
  v[6] = mo < 16384 && ro < 16384 ? "t" : "f";
  return 1;
}

/* pg_members16.sql (member, roleid, grantor, admin, inherit, set, oid)
 * into catalog_pg_member's columns. The grantor is '' for the bootstrap
 * superuser (oid 10) and, on a session that is no superuser, for the
 * session's role (pg_members16.sql says why); a grantor no longer there
 * is '' too. */
static int shape_member16(struct dbconn *c, const struct snapshot *s,
                          const char **v)
{
  const char *grantor;
  long oid;
  if(!v[0] || !v[1] || !v[6] || parse_long(v[6], 0, UINT32_MAX, &oid))
    return 0;
  v[0] = role_oids_name(&c->oids, v[0], NULL);
  v[1] = role_oids_name(&c->oids, v[1], NULL);
  if(!v[0] || !v[1])
    return 0;
  grantor = v[2] && strcmp(v[2], "10")
              ? role_oids_name(&c->oids, v[2], NULL) : NULL;
  if(grantor && !s->is_superuser && s->current_user &&
     !strcmp(grantor, s->current_user))
    grantor = NULL;
  v[2] = grantor ? grantor : "";
  v[6] = oid < 16384 ? "t" : "f";
  return 1;
}

/* pg_objects.sql, pg_cluster_objects.sql: the owner from its oid (v[5];
 * NULL when no role has it, as the LEFT JOIN gave). */
static int shape_owner(struct dbconn *c, const struct snapshot *s,
                       const char **v)
{
  (void)s;
  v[5] = v[5] ? role_oids_name(&c->oids, v[5], NULL) : NULL;
  return 1;
}

/* pg_settings.sql: the role from its oid (v[0]). */
static int shape_setting(struct dbconn *c, const struct snapshot *s,
                         const char **v)
{
  (void)s;
  v[0] = v[0] ? role_oids_name(&c->oids, v[0], NULL) : NULL;
  return v[0] != NULL;
}

/* Rows per FETCH. libpq's single-row mode costs one PGresult per row
 * (a copy of the result's attributes and a malloc each: a fifth of a
 * plan's instructions); a plain PQexec would buffer the whole table in
 * the client next to the row maps. A cursor read FETCH_ROWS at a time
 * does neither, as psql's FETCH_COUNT does. */
#define FETCH_ROWS 1000
#define STR_(x) #x
#define STR(x) STR_(x)
#define FETCH_SQL "FETCH FORWARD " STR(FETCH_ROWS) " FROM rdsclone_rows"

/* Runs a command expected to return status want; a message on failure. */
static int pq_command(PGconn *conn, const char *sql, ExecStatusType want,
                      char *msg, size_t msglen)
{
  PGresult *res = PQexec(conn, sql);
  int ok = res && PQresultStatus(res) == want;
  if(!ok) {
    snprintf(msg, msglen, "%s", res ? PQresultErrorMessage(res)
                                    : PQerrorMessage(conn));
    if(strchr(msg, '\n'))
      *strchr(msg, '\n') = 0;
  }
  PQclear(res);
  return ok ? 0 : -1;
}

/* Runs sql on conn through a cursor (in a transaction of its own, read
 * only on the source as every source transaction) and streams each row
 * to fn. */
static enum rdsclone_code stream(struct dbconn *c, PGconn *conn,
                                 const char *sql, const char *what,
                                 struct snapshot *s,
                                 const struct rdsclone_options *o,
                                 shape_fn shape, row_fn fn, struct err *e)
{
  struct buf q;
  enum rdsclone_code rc = RDSCLONE_OK;
  char msg[512];
  int failed = 0;

  buf_init(&q, BUF_CAP_SQL);
  buf_adds(&q, "DECLARE rdsclone_rows NO SCROLL CURSOR FOR\n");
  if(buf_adds(&q, sql) != BUF_OK) {
    buf_release(&q);
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  if(pq_command(conn, "BEGIN", PGRES_COMMAND_OK, msg, sizeof(msg)) ||
     pq_command(conn, buf_str(&q), PGRES_COMMAND_OK, msg, sizeof(msg)))
    failed = 1;
  buf_release(&q);
  while(!failed && !rc) {
    PGresult *res = PQexec(conn, FETCH_SQL);
    int i, t, n, nf;
    if(!res || PQresultStatus(res) != PGRES_TUPLES_OK) {
      snprintf(msg, sizeof(msg), "%s", res ? PQresultErrorMessage(res)
                                           : PQerrorMessage(conn));
      if(strchr(msg, '\n'))
        *strchr(msg, '\n') = 0;
      PQclear(res);
      failed = 1;
      break;
    }
    n = PQntuples(res);
    nf = PQnfields(res);
    for(t = 0; t < n && !rc; t++) {
      const char *v[16];
      int keep = 1;
      for(i = 0; i < 16; i++)
        v[i] = i >= nf || PQgetisnull(res, t, i) ? NULL
                                                 : PQgetvalue(res, t, i);
      if(shape)
        keep = shape(c, s, v);
      if(keep < 0)
        rc = err_set(e, RDSCLONE_E_NOMEM, "out of memory reading %s", what);
      else if(keep)
        rc = fn(s, o, v, e);
    }
    PQclear(res);
    if(n < FETCH_ROWS)
      break;
  }
  if(failed || rc) {
    char ignored[8];
    /* the transaction only read: roll it back, whatever went wrong */
    pq_command(conn, "ROLLBACK", PGRES_COMMAND_OK, ignored,
               sizeof(ignored));
    if(failed)
      rc = err_set(e, RDSCLONE_E_QUERY, "%s: reading %s: %s", c->where,
                   what, msg);
    return rc;
  }
  if(pq_command(conn, "COMMIT", PGRES_COMMAND_OK, msg, sizeof(msg)))
    return err_set(e, RDSCLONE_E_QUERY, "%s: reading %s: %s", c->where,
                   what, msg);
  return RDSCLONE_OK;
}

static enum rdsclone_code db_row(struct snapshot *s,
                                 const struct rdsclone_options *o,
                                 const char *const *v, struct err *e)
{
  size_t i;
  if(o->ndatabases) {
    for(i = 0; i < o->ndatabases; i++)
      if(v[0] && !strcmp(v[0], o->databases[i]))
        break;
    if(i == o->ndatabases)
      return RDSCLONE_OK;
  }
  return catalog_pg_database(s, v, e);
}

/* Database privileges of the databases in scope only. */
static enum rdsclone_code db_priv_row(struct snapshot *s,
                                      const struct rdsclone_options *o,
                                      const char *const *v, struct err *e)
{
  struct rowval d = { v[1], v[1] ? strlen(v[1]) : 0 };
  if(!v[1] || !rowmap_find(s->maps[PT_DATABASE], &d))
    return RDSCLONE_OK;
  return catalog_pg_priv(s, o, v, e);
}

/* Who the session is and what it talks to (pg_session.sql), and the
 * notes that follow from it. */
static enum rdsclone_code read_session(struct dbconn *c, struct snapshot *s,
                                       struct err *e)
{
  PGresult *res = PQexec(c->main, sql_pg_session);
  char msg[512];
  enum rdsclone_code rc;

  if(PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1) {
    rc = err_set(e, RDSCLONE_E_QUERY, "%s: %s", c->where,
                 pq_msg(c->main, msg, sizeof(msg)));
    PQclear(res);
    return rc;
  }
  s->current_user = strdup(PQgetvalue(res, 0, 0));
  s->current_host = strdup("");
  s->server_version = strdup(PQgetvalue(res, 0, 1));
  s->version_id = strtoul(PQgetvalue(res, 0, 2), NULL, 10);
  s->is_superuser = PQgetvalue(res, 0, 3)[0] == 't';
  if(s->is_superuser)
    buf_adds(&s->own_privs, "\nSUPERUSER\n");
  if(PQgetvalue(res, 0, 4)[0] == 't')
    buf_adds(&s->own_privs, s->own_privs.len ? "CREATEROLE\n"
                                             : "\nCREATEROLE\n");
  PQclear(res);
  if(!s->current_user || !s->current_host || !s->server_version)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  if(s->version_id < 120000)
    return err_set(e, RDSCLONE_E_UNSUPPORTED, "%s: PostgreSQL %s is not "
                   "supported (12 or later)", c->where, s->server_version);

  if(!c->tls && !strcmp(c->mode_used, "prefer"))
    buf_addf(&s->notes, "%s: the session is not encrypted: "
             "sslmode=prefer (libpq's default) goes on in plaintext when "
             "the server offers no TLS or its certificate does not verify; "
             "sslmode=verify-full with sslrootcert requires a verified TLS "
             "session\n", c->where);
  else if(!c->tls && !strcmp(c->mode_used, "allow"))
    buf_addf(&s->notes, "%s: the session is not encrypted: sslmode=allow "
             "tries plaintext first and the server accepted it; "
             "sslmode=verify-full with sslrootcert requires a verified TLS "
             "session\n", c->where);
  if(!s->is_superuser) {
    s->unknown_cols[PT_ROLE] |= 1UL << RC_PASSWORD;
    buf_addf(&s->notes, "%s: the session '%s' is not a superuser, so "
             "password verifiers cannot be read or compared there\n",
             c->where, s->current_user);
  }
  return RDSCLONE_OK;
}

/* One catalog read: its SQL, what it reads (for messages), where its
 * rows go, and the first server version that has it. */
struct pg_read {
  const char *sql;
  const char *what;
  row_fn fn;
  unsigned long since;
  int final;   /* the table complete after this read, or -1 */
  shape_fn shape;   /* NULL: the row as the server sent it */
};

static enum rdsclone_code run_reads(struct dbconn *c, PGconn *conn,
                                    const struct pg_read *r, size_t n,
                                    const struct rdsclone_options *o,
                                    struct snapshot *s, struct err *e)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  size_t i;
  for(i = 0; i < n && !rc; i++) {
    if(s->version_id >= r[i].since)
      rc = stream(c, conn, r[i].sql, r[i].what, s, o, r[i].shape, r[i].fn,
                  e);
    /* a target streaming against this side reads the table from now */
    if(!rc && r[i].final >= 0)
      rc = snapshot_final(s, (size_t)r[i].final, e);
  }
  return rc;
}

/* What the whole cluster holds, on the main session. The databases come
 * before anything scoped by them (privileges, objects). */
static enum rdsclone_code read_cluster(struct dbconn *c,
                                       const struct rdsclone_options *o,
                                       struct snapshot *s, struct err *e)
{
  const struct pg_read reads[] = {
    { s->is_superuser ? sql_pg_roles_authid : sql_pg_roles, "roles",
      catalog_pg_role, 0, PT_ROLE, shape_role },
    { s->version_id >= 160000 ? sql_pg_members16 : sql_pg_members,
      "memberships", catalog_pg_member, 0, PT_MEMBER,
      s->version_id >= 160000 ? shape_member16 : shape_member },
    { sql_pg_settings, "role settings", catalog_pg_setting, 0, PT_SETTING,
      shape_setting },
    { sql_pg_databases, "databases", db_row, 0, PT_DATABASE, NULL },
    { sql_pg_database_privs, "database privileges", db_priv_row, 0, -1,
      NULL },
    { sql_pg_tablespace_privs, "tablespace privileges", catalog_pg_priv, 0,
      -1, NULL },
    { sql_pg_parameter_privs, "parameter privileges", catalog_pg_priv,
      150000, -1, NULL },
    { sql_pg_cluster_objects, "databases and tablespaces", catalog_pg_object,
      0, -1, shape_owner },
    { sql_pg_acl_columns, "the catalogs' ACL columns", catalog_pg_acl_column,
      0, -1, NULL },
  };
  return run_reads(c, c->main, reads, sizeof(reads) / sizeof(reads[0]), o,
                   s, e);
}

/* What each database in scope holds, on a session of its own. */
static enum rdsclone_code read_databases(struct dbconn *c,
                                         const struct rdsclone_options *o,
                                         struct snapshot *s, struct err *e)
{
  static const struct pg_read reads[] = {
    { sql_pg_object_privs, "object privileges", catalog_pg_priv, 0, -1,
      NULL },
    { sql_pg_objects, "objects", catalog_pg_object, 0, -1, shape_owner },
    { sql_pg_system_privs, "privileges of system objects", catalog_pg_priv,
      0, -1, NULL },
  };
  size_t i, n = 0;
  struct row **dbs = rowmap_sorted(s->maps[PT_DATABASE], &n);
  enum rdsclone_code rc = RDSCLONE_OK;

  if(n == (size_t)-1)
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  for(i = 0; i < n && !rc; i++) {
    PGconn *conn = session_for(c, row_ptr(dbs[i], 0), e);
    rc = conn ? run_reads(c, conn, reads, sizeof(reads) / sizeof(reads[0]),
                          o, s, e)
              : e->code;
  }
  free(dbs);
  return rc;
}

static enum rdsclone_code conn_snapshot(struct dbconn *c,
                                        const struct rdsclone_options *o,
                                        struct snapshot *s, struct err *e)
{
  enum rdsclone_code rc = read_session(c, s, e);
  if(!rc)
    rc = catalog_pg_init(s, e);
  if(!rc && s->is_source)
    rc = catalog_pg_pattern_notes(s, o, e);
  /* role names by oid for the reads that name roles; freed before the
   * plan, where a snapshot's memory peaks */
  role_oids_release(&c->oids);
  role_oids_init(&c->oids);
  if(!rc)
    rc = read_cluster(c, o, s, e);
  if(!rc)
    rc = read_databases(c, o, s, e);
  role_oids_release(&c->oids);
  return rc ? rc : snapshot_index(s, e);
}

static enum rdsclone_code conn_lock(struct dbconn *c, struct err *e)
{
  PGresult *res = PQexec(c->main,
                         "SELECT pg_try_advisory_lock(" LOCK_KEY ")");
  char msg[512];
  enum rdsclone_code rc = RDSCLONE_OK;

  if(PQresultStatus(res) != PGRES_TUPLES_OK)
    rc = err_set(e, RDSCLONE_E_QUERY, "%s: pg_try_advisory_lock: %s",
                 c->where, pq_msg(c->main, msg, sizeof(msg)));
  else if(PQgetvalue(res, 0, 0)[0] != 't')
    rc = err_set(e, RDSCLONE_E_LOCKED, "%s: another rdsclone run holds the "
                 "advisory lock " LOCK_KEY " on this server; try again "
                 "when it has finished", c->where);
  PQclear(res);
  return rc;
}

static enum rdsclone_code conn_check_writable(struct dbconn *c,
                                              struct err *e)
{
  PGresult *res = PQexec(c->main, "SELECT pg_is_in_recovery(), "
                         "current_setting('transaction_read_only')");
  char msg[512];
  enum rdsclone_code rc = RDSCLONE_OK;

  if(PQresultStatus(res) != PGRES_TUPLES_OK)
    rc = err_set(e, RDSCLONE_E_QUERY, "%s: %s", c->where,
                 pq_msg(c->main, msg, sizeof(msg)));
  else if(PQgetvalue(res, 0, 0)[0] == 't')
    rc = err_set(e, RDSCLONE_E_READ_ONLY, "%s is a standby (in recovery): "
                 "roles can only be changed on a primary; nothing was "
                 "written", c->where);
  else if(!strcmp(PQgetvalue(res, 0, 1), "on"))
    rc = err_set(e, RDSCLONE_E_READ_ONLY, "%s runs its sessions read-only "
                 "(default_transaction_read_only): nothing was written; "
                 "turn it off for the rdsclone role or the server",
                 c->where);
  PQclear(res);
  return rc;
}

static enum rdsclone_code conn_execute(struct dbconn *c,
                                       const char *database, const char *sql,
                                       struct err *e)
{
  PGconn *conn = session_for(c, database, e);
  PGresult *res;
  enum rdsclone_code rc = RDSCLONE_OK;

  if(!conn)
    return RDSCLONE_E_APPLY;
  res = PQexec(conn, sql);
  if(PQresultStatus(res) != PGRES_COMMAND_OK &&
     PQresultStatus(res) != PGRES_TUPLES_OK) {
    const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    char msg[512];
    if(state && m)
      rc = err_set(e, RDSCLONE_E_APPLY, "%s: %s", state, m);
    else {
      /* errors libpq makes itself (a lost connection, out of memory)
       * carry no SQLSTATE: the connection's message says what happened,
       * and whether the server saw the statement is unknown */
      const char *lm = res && *PQresultErrorMessage(res)
                         ? PQresultErrorMessage(res) : PQerrorMessage(conn);
      char *nl;
      snprintf(msg, sizeof(msg), "%s", lm && *lm ? lm : "no error message");
      nl = strchr(msg, '\n');
      if(nl)
        *nl = 0;
      rc = err_set(e, RDSCLONE_E_APPLY, "%s%s", m ? m : msg,
                   PQstatus(conn) == CONNECTION_BAD
                     ? " (connection lost: the statement may or may not "
                       "have run; run apply again)" : "");
    }
  }
  PQclear(res);
  return rc;
}

const struct engine engine_pg = {
  .name = "postgresql",
  .tables = catalog_pg_tables,
  .ntables = PT__COUNT,
  .account_table = PT_ROLE,
  .consulted = 1UL << PT_DATABASE,
  .connect = conn_connect,
  .disconnect = disconnect,
  .snapshot = conn_snapshot,
  .render = render_pg,
  .lock = conn_lock,
  .check_writable = conn_check_writable,
  .execute = conn_execute,
  .describe = describe,
  .client_handle = client_handle,
  .script_database = quote_pg_psql_connect,
};
