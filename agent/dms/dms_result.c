/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_result.c - the result of a DMS prepare or finish: the objects it
 * listed and what became of each, rendered as text, JSON (one object per
 * item, with its fields) or SQL (the statements with their bookkeeping,
 * psql's \connect between databases: run by hand, they leave the state a
 * run leaves), followed by the account run's report; the exit status.
 */
#include "dms/dms_result.h"
#include "buf.h"
#include "display.h"
#include "pg/quote_pg.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[] = {
  "planned", "done", "unchanged", "failed"
};

struct rdsclone_dms_result *dms_result_new(const char *command, int dry_run)
{
  struct rdsclone_dms_result *r = calloc(1, sizeof(*r));
  if(r) {
    r->command = command;
    r->dry_run = dry_run;
  }
  return r;
}

static char *dup_or_null(struct rdsclone_dms_result *r, const char *s)
{
  char *d;
  if(!s)
    return NULL;
  if(!(d = strdup(s)))
    r->nomem = 1;
  return d;
}

void dms_item_set(struct rdsclone_dms_result *r, char **field,
                  const char *value)
{
  free(*field);
  *field = dup_or_null(r, value);
}

struct dms_item *dms_result_add(struct rdsclone_dms_result *r,
                                const char *kind, const char *database,
                                const char *schema, const char *table,
                                const char *name, const char *action)
{
  struct dms_item *it;
  if(r->n == r->cap) {
    size_t cap = r->cap ? r->cap * 2 : 32;
    struct dms_item *v = realloc(r->items, cap * sizeof(*v));
    if(!v) {
      r->nomem = 1;
      return NULL;
    }
    r->items = v;
    r->cap = cap;
  }
  it = &r->items[r->n++];
  memset(it, 0, sizeof(*it));
  it->kind = dup_or_null(r, kind);
  it->database = dup_or_null(r, database);
  it->schema = dup_or_null(r, schema);
  it->table = dup_or_null(r, table);
  it->name = dup_or_null(r, name);
  it->action = dup_or_null(r, action);
  return it;
}

size_t rdsclone_dms_result_objects(const struct rdsclone_dms_result *r)
{
  return r ? r->n : 0;
}

static size_t count(const struct rdsclone_dms_result *r, enum dms_status a,
                    enum dms_status b)
{
  size_t i, n = 0;
  for(i = 0; r && i < r->n; i++)
    n += r->items[i].status == a || r->items[i].status == b;
  return n;
}

size_t rdsclone_dms_result_changes(const struct rdsclone_dms_result *r)
{
  return count(r, DMS_PLANNED, DMS_DONE);
}

size_t rdsclone_dms_result_failed(const struct rdsclone_dms_result *r)
{
  return count(r, DMS_FAILED, DMS_FAILED);
}

const struct rdsclone_report *
rdsclone_dms_result_accounts(const struct rdsclone_dms_result *r)
{
  return r ? r->accounts : NULL;
}

/* "db.schema.table.name" (the parts there are), control characters
 * escaped: names may hold anything. */
static void item_path(struct buf *b, const struct dms_item *it)
{
  const char *parts[4];
  size_t i, n = 0;
  parts[n++] = it->database;
  if(it->schema) parts[n++] = it->schema;
  if(it->table) parts[n++] = it->table;
  if(it->name) parts[n++] = it->name;
  for(i = 0; i < n; i++) {
    if(i)
      buf_addc(b, '.');
    display_add(b, parts[i] ? parts[i] : "", parts[i] ? strlen(parts[i]) : 0);
  }
}

static void render_text(struct buf *b, const struct rdsclone_dms_result *r)
{
  size_t i;
  buf_addf(b, "%s%s: %zu objects, %zu %s, %zu failed\n", r->command,
           r->dry_run ? " (dry run)" : "", r->n,
           rdsclone_dms_result_changes(r),
           r->dry_run ? "planned" : "changed", rdsclone_dms_result_failed(r));
  for(i = 0; i < r->n; i++) {
    const struct dms_item *it = &r->items[i];
    buf_addf(b, "  %-9s %s ", status_names[it->status], it->kind);
    item_path(b, it);
    buf_addf(b, ": %s", it->action);
    if(it->detail) {
      buf_adds(b, " (");
      display_text(b, it->detail, strlen(it->detail));
      buf_adds(b, ")");
    }
    buf_addc(b, '\n');
  }
}

/* Statements commented out, line by line. */
static void commented(struct buf *b, const char *sql)
{
  const char *nl;
  for(; (nl = strchr(sql, '\n')); sql = nl + 1)
    buf_addf(b, "-- %.*s\n", (int)(nl - sql), sql);
  buf_addf(b, "-- %s;\n", sql);
}

static void render_sql(struct buf *b, const struct rdsclone_dms_result *r)
{
  const char *db = NULL;
  int unnamed = 0;
  size_t i;
  buf_addf(b, "-- %s: the statements%s\n", r->command,
           r->dry_run ? " it would run" : " it ran");
  for(i = 0; i < r->n; i++) {
    const struct dms_item *it = &r->items[i];
    const char *sql = it->script ? it->script : it->sql;
    if(!it->sql || it->status == DMS_UNCHANGED)
      continue;
    if(!db || strcmp(db, it->database)) {
      /* a database \connect cannot name: its statements (the saved
       * table's rows among them) must not run in the previous one */
      unnamed = quote_pg_psql_connect(b, it->database) != 0;
      if(unnamed) {
        buf_adds(b, "-- the next statements run in database '");
        display_add(b, it->database, strlen(it->database));
        buf_adds(b, "', which psql's \\connect cannot name: run them "
                    "there by hand\n");
      }
      db = it->database;
    }
    if(unnamed)
      commented(b, sql);
    else
      buf_addf(b, "%s;\n", sql);
  }
}

static void json_str(cJSON *o, const char *key, const char *v)
{
  if(v)
    cJSON_AddStringToObject(o, key, v);
  else
    cJSON_AddNullToObject(o, key);
}

static cJSON *item_json(const struct dms_item *it)
{
  cJSON *o = cJSON_CreateObject();
  if(!o)
    return NULL;
  json_str(o, "kind", it->kind);
  json_str(o, "database", it->database);
  json_str(o, "schema", it->schema);
  json_str(o, "table", it->table);
  json_str(o, "name", it->name);
  json_str(o, "action", it->action);
  json_str(o, "status", status_names[it->status]);
  json_str(o, "sql", it->sql);
  json_str(o, "detail", it->detail);
  return o;
}

static char *render_json(const struct rdsclone_dms_result *r)
{
  cJSON *root = cJSON_CreateObject(), *arr = cJSON_CreateArray();
  char *out = NULL, *acc;
  size_t i;

  if(!root || !arr) {
    cJSON_Delete(root);
    cJSON_Delete(arr);
    return NULL;
  }
  cJSON_AddStringToObject(root, "command", r->command);
  cJSON_AddBoolToObject(root, "dry_run", r->dry_run);
  cJSON_AddNumberToObject(root, "changes",
                          (double)rdsclone_dms_result_changes(r));
  cJSON_AddNumberToObject(root, "failed",
                          (double)rdsclone_dms_result_failed(r));
  cJSON_AddItemToObject(root, "objects", arr);
  for(i = 0; i < r->n; i++)
    cJSON_AddItemToArray(arr, item_json(&r->items[i]));
  acc = r->accounts ? rdsclone_report_render(r->accounts,
                                             RDSCLONE_FORMAT_JSON, 0) : NULL;
  if(acc)
    cJSON_AddItemToObject(root, "accounts", cJSON_Parse(acc));
  else
    cJSON_AddNullToObject(root, "accounts");
  free(acc);
  out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}

char *rdsclone_dms_result_render(const struct rdsclone_dms_result *r,
                                 enum rdsclone_format format)
{
  struct buf b;
  char *acc;

  if(!r)
    return NULL;
  buf_init(&b, BUF_CAP_HTTP);
  if(format == RDSCLONE_FORMAT_JSON) {
    char *j = render_json(r);
    if(!j)
      return NULL;
    buf_adds(&b, j);
    buf_addc(&b, '\n');
    free(j);
    return buf_take(&b);    /* NULL when an add failed (sticky) */
  }
  if(format == RDSCLONE_FORMAT_SQL)
    (r->sql_script ? r->sql_script : render_sql)(&b, r);
  else
    render_text(&b, r);
  acc = r->accounts ? rdsclone_report_render(r->accounts, format, 0) : NULL;
  if(acc) {
    buf_adds(&b, format == RDSCLONE_FORMAT_SQL ? "-- accounts\n"
                                               : "accounts:\n");
    buf_adds(&b, acc);
  }
  free(acc);
  return buf_failed(&b) ? (buf_release(&b), NULL) : buf_take(&b);
}

int rdsclone_dms_exit_status(enum rdsclone_code rc,
                             const struct rdsclone_dms_result *r)
{
  int st = rdsclone_exit_status(rc, RDSCLONE_APPLY, NULL);
  if(!r)
    return st;
  if(rdsclone_dms_result_failed(r))
    st = rdsclone_exit_worst(st, RDSCLONE_EXIT_FAILURE);
  if(r->accounts || r->accounts_rc)
    st = rdsclone_exit_worst(st, rdsclone_exit_status(
        r->accounts_rc, r->dry_run ? RDSCLONE_PLAN : RDSCLONE_APPLY,
        r->accounts));
  if(r->dry_run && rdsclone_dms_result_changes(r))
    st = rdsclone_exit_worst(st, RDSCLONE_EXIT_CHANGES);
  return st;
}

void rdsclone_dms_result_free(struct rdsclone_dms_result *r)
{
  size_t i;
  if(!r)
    return;
  for(i = 0; i < r->n; i++) {
    struct dms_item *it = &r->items[i];
    free(it->kind); free(it->database); free(it->schema); free(it->table);
    free(it->name); free(it->action); free(it->sql); free(it->detail);
    free(it->script);
  }
  free(r->items);
  rdsclone_report_free(r->accounts);
  free(r);
}
