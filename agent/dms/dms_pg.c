/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_pg.c - the foreign keys and user triggers of one database around a
 * DMS full load. prepare: in one transaction, record each foreign key's
 * definition (pg_get_constraintdef, NOT VALID and DEFERRABLE included)
 * and each enabled user trigger's state in rdsclone.dms_saved_constraints,
 * then drop the keys and disable the triggers. finish: each saved key
 * added back NOT VALID, then validated in a transaction of its own (a
 * violation leaves it saved and NOT VALID on the table); each saved
 * trigger enabled again as it was (ALWAYS, REPLICA); a row leaves the
 * saved table only with the change that restores it, so a run killed at
 * any point converges when run again. The statements are built by the
 * server (format %I, %L), so names need no quoting here. Each item also
 * carries its script for --format sql: the statements with the saved
 * table's rows and the transactions around them, so that SQL run by hand
 * leaves the state a run of the command leaves.
 */
#include "dms/dms_pg.h"
#include "dms/dms_pq.h"
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAVED "rdsclone.dms_saved_constraints"
#define USER_SCHEMA(col) \
  col " <> ALL (ARRAY['pg_catalog','information_schema','rdsclone']) " \
  "AND " col " !~ '^pg_toast'"

static const char *const ddl[] = {
  "CREATE SCHEMA IF NOT EXISTS rdsclone",
  "CREATE TABLE IF NOT EXISTS " SAVED " ("
  " kind text NOT NULL CHECK (kind IN ('foreign_key', 'trigger')),"
  " schema_name text NOT NULL, table_name text NOT NULL,"
  " object_name text NOT NULL, definition text NOT NULL,"
  " saved_at timestamptz NOT NULL DEFAULT now(),"
  " PRIMARY KEY (kind, schema_name, table_name, object_name))",
};

/* Every foreign key (a partitioned table's once, on the parent) and every
 * enabled user trigger, with the statement that drops or disables it and
 * (column 6) the INSERT that saves it, for the script. */
static const char catalog_sql[] =
  "SELECT u.*, format('INSERT INTO " SAVED " (kind, schema_name,"
  " table_name, object_name, definition) VALUES (%L, %L, %L, %L, %L)"
  " ON CONFLICT DO NOTHING', kind, sch, rel, obj, def) FROM ("
  "SELECT 'foreign_key' AS kind, n.nspname AS sch, c.relname AS rel,"
  " con.conname AS obj,"
  " pg_catalog.pg_get_constraintdef(con.oid) AS def,"
  " format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, c.relname,"
  " con.conname)"
  " FROM pg_catalog.pg_constraint con"
  " JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
  " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  " WHERE con.contype = 'f' AND con.conparentid = 0"
  " AND " USER_SCHEMA("n.nspname")
  " UNION ALL "
  "SELECT 'trigger', n.nspname, c.relname, t.tgname, t.tgenabled::text,"
  " format('ALTER TABLE %I.%I DISABLE TRIGGER %I', n.nspname, c.relname,"
  " t.tgname)"
  " FROM pg_catalog.pg_trigger t"
  " JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
  " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  " WHERE NOT t.tgisinternal AND t.tgparentid = 0 AND t.tgenabled <> 'D'"
  " AND " USER_SCHEMA("n.nspname") ") u"
  " ORDER BY kind, sch COLLATE \"C\", rel COLLATE \"C\", obj COLLATE \"C\"";

static const char insert_sql[] =
  "INSERT INTO " SAVED " (kind, schema_name, table_name, object_name,"
  " definition) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

static const char delete_sql[] =
  "DELETE FROM " SAVED " WHERE kind = $1 AND schema_name = $2"
  " AND table_name = $3 AND object_name = $4";

/* The saved rows with the statements that restore them, what the
 * catalog holds now (the trigger's tgenabled, or the key's state) and
 * (column 7) the DELETE of the row, for the script. */
static const char saved_sql[] =
  "SELECT s.kind, s.schema_name, s.table_name, s.object_name,"
  " CASE WHEN s.kind = 'trigger' THEN"
  "  format('ALTER TABLE %I.%I ENABLE %sTRIGGER %I', s.schema_name,"
  "  s.table_name, CASE s.definition WHEN 'A' THEN 'ALWAYS '"
  "  WHEN 'R' THEN 'REPLICA ' ELSE '' END, s.object_name)"
  " ELSE format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s%s', s.schema_name,"
  "  s.table_name, s.object_name, s.definition,"
  "  CASE WHEN v.validate THEN ' NOT VALID' ELSE '' END) END,"
  " CASE WHEN s.kind = 'foreign_key' AND v.validate THEN"
  "  format('ALTER TABLE %I.%I VALIDATE CONSTRAINT %I', s.schema_name,"
  "  s.table_name, s.object_name) END,"
  " CASE WHEN s.kind = 'trigger' THEN (SELECT t.tgenabled::text"
  "  FROM pg_catalog.pg_trigger t"
  "  JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  "  WHERE n.nspname = s.schema_name AND c.relname = s.table_name"
  "  AND t.tgname = s.object_name)"
  " ELSE (SELECT CASE WHEN con.convalidated THEN 'valid' ELSE 'not_valid'"
  "  END FROM pg_catalog.pg_constraint con"
  "  JOIN pg_catalog.pg_class c ON c.oid = con.conrelid"
  "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
  "  WHERE n.nspname = s.schema_name AND c.relname = s.table_name"
  "  AND con.conname = s.object_name AND con.contype = 'f') END,"
  " format('DELETE FROM " SAVED " WHERE kind = %L AND schema_name = %L"
  " AND table_name = %L AND object_name = %L', s.kind, s.schema_name,"
  "  s.table_name, s.object_name)"
  " FROM " SAVED " s CROSS JOIN LATERAL (SELECT"
  "  s.definition !~ 'NOT VALID$' AND s.definition !~ 'NOT ENFORCED'"
  "  AS validate) v"
  " ORDER BY s.kind, s.schema_name COLLATE \"C\","
  " s.table_name COLLATE \"C\", s.object_name COLLATE \"C\"";

/* The saved table, dropped with its schema once nothing is saved. */
static const char cleanup_sql[] =
  "DO $$ BEGIN"
  " IF NOT EXISTS (SELECT 1 FROM " SAVED ") THEN"
  "  DROP TABLE " SAVED ";"
  "  BEGIN DROP SCHEMA rdsclone;"
  "  EXCEPTION WHEN dependent_objects_still_exist THEN NULL; END;"
  " END IF; END $$";

static struct dms_item *add_row(struct rdsclone_dms_result *r,
                                const char *db, const PGresult *res, int i,
                                const char *action)
{
  return dms_result_add(r, PQgetvalue(res, i, 0), db, PQgetvalue(res, i, 1),
                        PQgetvalue(res, i, 2), PQgetvalue(res, i, 3),
                        action);
}

static void fail_db(struct rdsclone_dms_result *r, const char *db,
                    const char *action, const char *why)
{
  struct dms_item *it = dms_result_add(r, "database", db, NULL, NULL, NULL,
                                       action);
  if(it) {
    it->status = DMS_FAILED;
    dms_item_set(r, &it->detail, why);
  }
}

/* The item's script: the parts given (NULLs left out), ";\n" between. */
static void set_script(struct rdsclone_dms_result *r, struct dms_item *it,
                       const char *const *parts, size_t n)
{
  struct buf s;
  size_t k;
  int first = 1;
  buf_init(&s, BUF_CAP_SQL);
  for(k = 0; k < n; k++)
    if(parts[k]) {
      buf_addf(&s, "%s%s", first ? "" : ";\n", parts[k]);
      first = 0;
    }
  if(buf_failed(&s))
    r->nomem = 1;
  else
    dms_item_set(r, &it->script, buf_str(&s));
  buf_release(&s);
}

/* prepare's script of row i of n: the first opens the transaction and
 * makes the saved table, the last commits. */
static void prepare_script(struct rdsclone_dms_result *r,
                           struct dms_item *it, const PGresult *res, int i)
{
  const char *parts[7];
  int last = i == PQntuples(res) - 1;
  parts[0] = i ? NULL : "BEGIN";
  parts[1] = i ? NULL : ddl[0];
  parts[2] = i ? NULL : ddl[1];
  parts[3] = PQgetvalue(res, i, 6);
  parts[4] = PQgetvalue(res, i, 5);
  parts[5] = last ? "COMMIT" : NULL;
  parts[6] = NULL;
  set_script(r, it, parts, 7);
}

/* 1 when the saved table exists, 0 when not, -1 on failure (msg). */
static int saved_exists(PGconn *c, char *msg, size_t len)
{
  PGresult *res = dms_pq(c, "SELECT pg_catalog.to_regclass('" SAVED "')"
                         " IS NOT NULL", 0, NULL, msg, len);
  int yes;
  if(!res)
    return -1;
  yes = PQgetvalue(res, 0, 0)[0] == 't';
  PQclear(res);
  return yes;
}

/* Saved foreign keys (when the table exists): a count, -1 on failure. */
static long saved_keys(PGconn *c, char *msg, size_t len)
{
  PGresult *res;
  long n;
  int ex = saved_exists(c, msg, len);
  if(ex <= 0)
    return ex;
  res = dms_pq(c, "SELECT count(*) FROM " SAVED " WHERE kind ="
               " 'foreign_key'", 0, NULL, msg, len);
  if(!res)
    return -1;
  n = atol(PQgetvalue(res, 0, 0));
  PQclear(res);
  return n;
}

/* Saved state and foreign keys it does not hold: a half-finished route
 * or a key made since. Nothing is touched; the message says what to do. */
static int refuse_mixed(const PGresult *res, long saved,
                        struct rdsclone_dms_result *r, const char *db)
{
  char why[1024];
  int i, nfk = 0, first = -1;

  for(i = 0; i < PQntuples(res); i++)
    if(!strcmp(PQgetvalue(res, i, 0), "foreign_key") && nfk++ == 0)
      first = i;
  if(!saved || !nfk)
    return 0;
  snprintf(why, sizeof(why), "%ld foreign keys are saved in " SAVED
           " by an earlier dms-prepare, and the database has %d that are "
           "not (first: %s.%s.%s): a new key, or one dms-finish already "
           "put back; nothing was changed: run dms-finish to complete the "
           "route, or drop the keys made since", saved, nfk,
           PQgetvalue(res, first, 1), PQgetvalue(res, first, 2),
           PQgetvalue(res, first, 3));
  fail_db(r, db, "prepare", why);
  return 1;
}

/* Saves and drops/disables the catalog's objects; 0, or -1 (item failed
 * and the transaction must roll back). */
static int prepare_objects(PGconn *c, const PGresult *res, const char *db,
                           int dry_run, struct rdsclone_dms_result *r,
                           size_t *first)
{
  char msg[1024];
  int i;

  *first = r->n;
  for(i = 0; i < PQntuples(res); i++) {
    const char *v[5];
    int fk = !strcmp(PQgetvalue(res, i, 0), "foreign_key"), k;
    struct dms_item *it = add_row(r, db, res, i, fk ? "save_and_drop"
                                                    : "save_and_disable");
    if(!it)
      return -1;
    dms_item_set(r, &it->sql, PQgetvalue(res, i, 5));
    prepare_script(r, it, res, i);
    it->status = dry_run ? DMS_PLANNED : DMS_DONE;
    if(dry_run)
      continue;
    for(k = 0; k < 5; k++)
      v[k] = PQgetvalue(res, i, k);
    if(dms_pq_exec(c, insert_sql, 5, v, msg, sizeof(msg)) ||
       dms_pq_exec(c, PQgetvalue(res, i, 5), 0, NULL, msg, sizeof(msg))) {
      it->status = DMS_FAILED;
      dms_item_set(r, &it->detail, msg);
      return -1;
    }
  }
  return 0;
}

/* After a rollback: what the transaction did is undone. */
static void undone(struct rdsclone_dms_result *r, size_t from)
{
  size_t i;
  for(i = from; i < r->n; i++)
    if(r->items[i].status == DMS_DONE) {
      r->items[i].status = DMS_UNCHANGED;
      dms_item_set(r, &r->items[i].detail, "rolled back with the "
                   "database's transaction");
    }
}

/* The transaction's start: the saved table (not in a dry run) and the
 * count of saved keys; -1 with msg on failure. */
static long prepare_begin(PGconn *c, int dry_run, char *msg, size_t len)
{
  size_t k;
  if(dms_pq_exec(c, dry_run ? "BEGIN READ ONLY" : "BEGIN", 0, NULL, msg,
                 len))
    return -1;
  for(k = 0; !dry_run && k < sizeof(ddl) / sizeof(ddl[0]); k++)
    if(dms_pq_exec(c, ddl[k], 0, NULL, msg, len))
      return -1;
  return saved_keys(c, msg, len);
}

void dms_pg_prepare_db(PGconn *c, const char *db, int dry_run,
                       struct rdsclone_dms_result *r)
{
  char msg[1024];
  PGresult *res = NULL;
  size_t first = r->n;
  long saved = prepare_begin(c, dry_run, msg, sizeof(msg));
  int bad = saved < 0;

  if(!bad)
    bad = !(res = dms_pq(c, catalog_sql, 0, NULL, msg, sizeof(msg)));
  if(bad)
    fail_db(r, db, "prepare", msg);
  else if(refuse_mixed(res, saved, r, db))
    bad = 1;
  else if(prepare_objects(c, res, db, dry_run, r, &first))
    bad = 1;
  PQclear(res);
  if(bad || dry_run) {
    PQclear(PQexec(c, "ROLLBACK"));
    undone(r, first);
  }
  else if(dms_pq_exec(c, "COMMIT", 0, NULL, msg, sizeof(msg))) {
    undone(r, first);
    fail_db(r, db, "prepare", msg);
  }
}

static int delete_saved(PGconn *c, const PGresult *res, int i, char *msg,
                        size_t len)
{
  const char *v[4];
  int k;
  for(k = 0; k < 4; k++)
    v[k] = PQgetvalue(res, i, k);
  return dms_pq_exec(c, delete_sql, 4, v, msg, len);
}

/* sql (may be NULL) and the saved row's deletion in one transaction. */
static int restore_atomically(PGconn *c, const char *sql,
                              const PGresult *res, int i, char *msg,
                              size_t len)
{
  if(dms_pq_exec(c, "BEGIN", 0, NULL, msg, len))
    return -1;
  if((sql && dms_pq_exec(c, sql, 0, NULL, msg, len)) ||
     delete_saved(c, res, i, msg, len) ||
     dms_pq_exec(c, "COMMIT", 0, NULL, msg, len)) {
    PQclear(PQexec(c, "ROLLBACK"));
    return -1;
  }
  return 0;
}

static void item_sql(struct rdsclone_dms_result *r, struct dms_item *it,
                     const char *a, const char *b)
{
  struct buf s;
  if(!a || !b) {
    dms_item_set(r, &it->sql, a ? a : b);
    return;
  }
  buf_init(&s, BUF_CAP_SQL);
  if(buf_addf(&s, "%s;\n%s", a, b))
    r->nomem = 1;
  else
    dms_item_set(r, &it->sql, buf_str(&s));
  buf_release(&s);
}

/* The key's restoring steps; 0, or -1 with msg (a violation: 1). */
static int restore_key(PGconn *c, const PGresult *res, int i, char *msg,
                       size_t len)
{
  const char *add = PQgetvalue(res, i, 4);
  const char *validate = dms_pq_value(res, i, 5);
  const char *present = dms_pq_value(res, i, 6);

  if(!present && !validate)      /* saved NOT VALID: it stays so */
    return restore_atomically(c, add, res, i, msg, len);
  if(!present && dms_pq_exec(c, add, 0, NULL, msg, len))
    return -1;
  if(validate && (!present || strcmp(present, "valid")) &&
     dms_pq_exec(c, validate, 0, NULL, msg, len))
    return 1;
  return delete_saved(c, res, i, msg, len);
}

/* finish's script of a key, as restore_key runs it: the row deleted in
 * the transaction that validates (or adds a NOT VALID key), so a failing
 * VALIDATE in psql keeps the row saved. */
static void key_script(struct rdsclone_dms_result *r, struct dms_item *it,
                       const PGresult *res, int i)
{
  const char *add = dms_pq_value(res, i, 6) ? NULL : PQgetvalue(res, i, 4);
  const char *validate = dms_pq_value(res, i, 5);
  const char *parts[5];
  parts[0] = validate ? add : NULL;
  parts[1] = add || validate ? "BEGIN" : NULL;
  parts[2] = validate ? validate : add;
  parts[3] = PQgetvalue(res, i, 7);
  parts[4] = parts[1] ? "COMMIT" : NULL;
  set_script(r, it, parts, 5);
}

static void finish_key(PGconn *c, const PGresult *res, int i,
                       const char *db, int dry_run,
                       struct rdsclone_dms_result *r)
{
  const char *validate = dms_pq_value(res, i, 5);
  const char *present = dms_pq_value(res, i, 6);
  struct dms_item *it = add_row(r, db, res, i,
                                present ? "validate" : "recreate");
  char msg[1024], why[1400];
  int rc;

  if(!it)
    return;
  item_sql(r, it, present ? NULL : PQgetvalue(res, i, 4), validate);
  key_script(r, it, res, i);
  it->status = dry_run ? DMS_PLANNED : DMS_DONE;
  if(dry_run || !(rc = restore_key(c, res, i, msg, sizeof(msg))))
    return;
  it->status = DMS_FAILED;
  snprintf(why, sizeof(why), "constraint %s on table %s.%s: %s; it stays "
           "saved%s", PQgetvalue(res, i, 3), PQgetvalue(res, i, 1),
           PQgetvalue(res, i, 2), msg, rc > 0
           ? " and on the table as NOT VALID: correct the rows, then run "
             "dms-finish again" : "");
  dms_item_set(r, &it->detail, why);
}

/* finish's script of a trigger present on its table: enabled and
 * unsaved in one transaction, as restore_atomically does. */
static void trigger_script(struct rdsclone_dms_result *r, struct dms_item *it,
                           const PGresult *res, int i)
{
  const char *parts[4] = { "BEGIN", NULL, NULL, "COMMIT" };
  if(!dms_pq_value(res, i, 6))
    return;
  parts[1] = PQgetvalue(res, i, 4);
  parts[2] = PQgetvalue(res, i, 7);
  set_script(r, it, parts, 4);
}

static void finish_trigger(PGconn *c, const PGresult *res, int i,
                           const char *db, int dry_run,
                           struct rdsclone_dms_result *r)
{
  struct dms_item *it = add_row(r, db, res, i, "enable");
  char msg[1024];

  if(!it)
    return;
  dms_item_set(r, &it->sql, PQgetvalue(res, i, 4));
  it->status = dry_run ? DMS_PLANNED : DMS_DONE;
  trigger_script(r, it, res, i);
  if(!dms_pq_value(res, i, 6)) {
    it->status = DMS_FAILED;
    dms_item_set(r, &it->detail, "the trigger is no longer on the table; "
                 "it stays saved");
  }
  else if(!dry_run &&
          restore_atomically(c, PQgetvalue(res, i, 4), res, i, msg,
                             sizeof(msg))) {
    it->status = DMS_FAILED;
    dms_item_set(r, &it->detail, msg);
  }
}

/* The saved table's cleanup ends the script of the database's last item
 * (a run does it after the last too); the DO block checks it is empty. */
static void cleanup_script(struct rdsclone_dms_result *r, size_t first)
{
  struct dms_item *it = r->n > first ? &r->items[r->n - 1] : NULL;
  const char *parts[2];
  if(!it)
    return;
  parts[0] = it->script ? it->script : it->sql;
  parts[1] = cleanup_sql;
  set_script(r, it, parts, 2);
}

void dms_pg_finish_db(PGconn *c, const char *db, int dry_run,
                      struct rdsclone_dms_result *r)
{
  char msg[1024];
  PGresult *res;
  int i, ex = saved_exists(c, msg, sizeof(msg));
  size_t first = r->n;

  if(ex < 0)
    fail_db(r, db, "finish", msg);
  if(ex <= 0)
    return;
  if(!(res = dms_pq(c, saved_sql, 0, NULL, msg, sizeof(msg)))) {
    fail_db(r, db, "finish", msg);
    return;
  }
  for(i = 0; i < PQntuples(res); i++)
    if(!strcmp(PQgetvalue(res, i, 0), "foreign_key"))
      finish_key(c, res, i, db, dry_run, r);
    else
      finish_trigger(c, res, i, db, dry_run, r);
  PQclear(res);
  cleanup_script(r, first);
  if(!dry_run && dms_pq_exec(c, cleanup_sql, 0, NULL, msg, sizeof(msg)))
    fail_db(r, db, "drop_saved_state", msg);
}
