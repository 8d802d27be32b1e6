/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - the run's report as text (people), JSON (pipelines; stable
 * within RDSCLONE_REPORT_VERSION) or SQL (a script), and dump output.
 * Secrets show only as '<redacted>' unless the caller asks for them.
 */
#include "core/report.h"
#include "utf8.h"
#include "core/snapshot.h"
#include "core/plan.h"
#include "core/engine.h"
#include "core/table.h"
#include "buf.h"
#include "core/coverage.h"
#include "core/rowmap.h"
#include "display.h"
#include "core/sqlw.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *mode_name(enum rdsclone_mode m)
{
  return m == RDSCLONE_APPLY ? "apply" : "plan";
}

static const char *action_sql(const struct action *a, int show_secrets)
{
  if(!a->sql)
    return NULL;
  return (a->sql_redacted && !show_secrets) ? a->sql_redacted : a->sql;
}

/* Text that is not valid UTF-8 made safe for JSON and terminals. */
static char *safe_text(const char *s, size_t len)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SQL);
  if(utf8_valid(s, len))
    buf_add(&b, s, len);
  else
    display_add(&b, s, len);
  return buf_take(&b);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
  if(!v) {
    cJSON_AddNullToObject(o, k);
    return;
  }
  {
    char *t = safe_text(v, strlen(v));
    cJSON_AddStringToObject(o, k, t ? t : "");
    free(t);
  }
}

static void count_kinds(const struct plan *p, size_t *counts)
{
  size_t i;
  memset(counts, 0, ACT__COUNT * sizeof(*counts));
  for(i = 0; i < p->n; i++)
    counts[p->v[i].kind]++;
}

static size_t count_status(const struct plan *p, enum action_status s)
{
  size_t i, n = 0;
  for(i = 0; i < p->n; i++)
    n += p->v[i].status == s;
  return n;
}

static cJSON *actions_json(const struct plan *p, int show_secrets,
                           int with_status)
{
  cJSON *arr = cJSON_CreateArray();
  size_t i;
  for(i = 0; i < p->n && arr; i++) {
    const struct action *a = &p->v[i];
    cJSON *o = cJSON_CreateObject();
    if(!o)
      break;
    cJSON_AddStringToObject(o, "kind", action_kind_name(a->kind));
    add_str(o, "object", a->object);
    add_str(o, "reason", a->reason);
    add_str(o, "sql", action_sql(a, show_secrets));
    cJSON_AddBoolToObject(o, "destructive", a->destructive);
    if(a->database)   /* PostgreSQL: the database whose session runs it */
      add_str(o, "database", a->database);
    if(with_status || a->kind == ACT_SKIP) {
      cJSON_AddStringToObject(o, "status", action_status_name(a->status));
      add_str(o, "error", a->error);
    }
    cJSON_AddItemToArray(arr, o);
  }
  return arr;
}

static cJSON *server_json(const char *server, const char *version)
{
  cJSON *o = cJSON_CreateObject();
  add_str(o, "server", server);
  add_str(o, "version", version);
  return o;
}

/* Next line of a '\n'-separated list: *len gets its length; returns the
 * start of the line after it. */
static const char *next_line(const char *p, size_t *len)
{
  const char *nl = strchr(p, '\n');
  *len = nl ? (size_t)(nl - p) : strlen(p);
  return p + *len + (nl ? 1 : 0);
}

/* [{side, kind, count, example}]: what was read and not compared. */
static cJSON *not_compared_json(const struct coverage *c)
{
  cJSON *arr = cJSON_CreateArray();
  size_t i;
  for(i = 0; i < c->n && arr; i++) {
    cJSON *o = cJSON_CreateObject();
    if(!o)
      break;
    add_str(o, "side", c->v[i].side);
    add_str(o, "kind", c->v[i].kind);
    cJSON_AddNumberToObject(o, "count", (double)c->v[i].count);
    add_str(o, "example", c->v[i].example);
    cJSON_AddItemToArray(arr, o);
  }
  return arr;
}

/* One line per gap, each after prefix ("" for text, "-- " for SQL). */
static void not_compared_text(struct buf *b, const struct coverage *c,
                              const char *prefix)
{
  size_t i;
  for(i = 0; i < c->n; i++) {
    buf_addf(b, "%snot compared: %zu ", prefix, c->v[i].count);
    display_text(b, c->v[i].kind, strlen(c->v[i].kind));
    buf_addf(b, " on the %s (e.g. ", c->v[i].side);
    display_text(b, c->v[i].example, strlen(c->v[i].example));
    buf_adds(b, ")\n");
  }
}

static cJSON *notes_json(const struct buf *notes)
{
  cJSON *arr = cJSON_CreateArray();
  const char *p = buf_str(notes);
  while(*p) {
    size_t len;
    const char *line = p;
    char *t;
    p = next_line(p, &len);
    t = safe_text(line, len);
    cJSON_AddItemToArray(arr, cJSON_CreateString(t ? t : ""));
    free(t);
  }
  return arr;
}

cJSON *report_json(const struct rdsclone_report *r, int show_secrets)
{
  cJSON *root = cJSON_CreateObject();
  cJSON *summary;
  size_t counts[ACT__COUNT], i;
  int applied = r->mode == RDSCLONE_APPLY;

  if(!root)
    return NULL;
  cJSON_AddNumberToObject(root, "version", RDSCLONE_REPORT_VERSION);
  cJSON_AddStringToObject(root, "rdsclone", RDSCLONE_VERSION);
  cJSON_AddStringToObject(root, "mode", mode_name(r->mode));
  cJSON_AddStringToObject(root, "engine", r->engine->name);
  cJSON_AddItemToObject(root, "source",
                        server_json(r->source_server, r->source_version));
  cJSON_AddItemToObject(root, "target",
                        server_json(r->target_server, r->target_version));
  summary = cJSON_AddObjectToObject(root, "summary");
  count_kinds(&r->plan, counts);
  for(i = 0; i < ACT__COUNT; i++)
    cJSON_AddNumberToObject(summary, action_kind_name((enum action_kind)i),
                            (double)counts[i]);
  cJSON_AddNumberToObject(summary, "total", (double)r->plan.n);
  cJSON_AddNumberToObject(summary, "pending",
                          (double)count_status(&r->plan, STATUS_PENDING));
  cJSON_AddNumberToObject(summary, "skipped",
                          (double)count_status(&r->plan, STATUS_SKIPPED));
  if(applied) {
    cJSON_AddNumberToObject(summary, "applied",
                            (double)count_status(&r->plan, STATUS_APPLIED));
    cJSON_AddNumberToObject(summary, "failed",
                            (double)count_status(&r->plan, STATUS_FAILED));
    cJSON_AddNumberToObject(summary, "not_run",
                            (double)count_status(&r->plan, STATUS_NOT_RUN));
  }
  cJSON_AddItemToObject(root, "actions",
                        actions_json(&r->plan, show_secrets, applied));
  if(applied) {
    if(r->verified)
      cJSON_AddBoolToObject(root, "converged", r->converged);
    else
      cJSON_AddNullToObject(root, "converged");
    cJSON_AddItemToObject(root, "remaining",
                          actions_json(&r->remaining, show_secrets, 0));
  }
  cJSON_AddItemToObject(root, "not_compared",
                        not_compared_json(&r->not_compared));
  cJSON_AddBoolToObject(root, "strict", r->strict);
  cJSON_AddItemToObject(root, "notes", notes_json(&r->notes));
  return root;
}

static char *render_json(const struct rdsclone_report *r, int show_secrets)
{
  cJSON *root = report_json(r, show_secrets);
  char *out;

  if(!root)
    return NULL;
  out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}

static void text_actions(struct buf *b, const struct plan *p,
                         int show_secrets, int with_status)
{
  size_t i;
  for(i = 0; i < p->n; i++) {
    const struct action *a = &p->v[i];
    const char *sql = action_sql(a, show_secrets);
    buf_addf(b, "  %-16s %s", action_kind_name(a->kind), a->object);
    if(a->reason && *a->reason) {
      /* reasons and server errors may quote names: one line each */
      buf_adds(b, "  (");
      display_text(b, a->reason, strlen(a->reason));
      buf_addc(b, ')');
    }
    if(with_status && a->kind != ACT_SKIP)
      buf_addf(b, "  [%s]", action_status_name(a->status));
    buf_addc(b, '\n');
    if(sql) {
      buf_adds(b, "      ");
      display_text(b, sql, strlen(sql));
      buf_addc(b, '\n');
    }
    if(a->error) {
      buf_adds(b, "      error: ");
      display_text(b, a->error, strlen(a->error));
      buf_addc(b, '\n');
    }
  }
}

static char *render_text(const struct rdsclone_report *r, int show_secrets)
{
  struct buf b;
  size_t counts[ACT__COUNT], i;
  int first = 1, applied = r->mode == RDSCLONE_APPLY;

  buf_init(&b, BUF_CAP_SQL * 4);
  buf_addf(&b, "%s: source %s (%s) -> target %s (%s)\n", mode_name(r->mode),
           r->source_server, r->source_version, r->target_server,
           r->target_version);
  if(!r->plan.n && r->not_compared.n)
    buf_adds(&b, "nothing to change in what was compared; not everything "
                 "was (below)\n");
  else if(!r->plan.n)
    buf_adds(&b, "in sync: nothing to change\n");
  else {
    count_kinds(&r->plan, counts);
    buf_addf(&b, "%zu action%s:", r->plan.n, r->plan.n == 1 ? "" : "s");
    for(i = 0; i < ACT__COUNT; i++)
      if(counts[i]) {
        buf_addf(&b, "%s %zu %s", first ? "" : ",", counts[i],
                 action_kind_name((enum action_kind)i));
        first = 0;
      }
    buf_addc(&b, '\n');
    text_actions(&b, &r->plan, show_secrets, applied);
  }
  if(applied && r->verified) {
    if(r->converged)
      buf_adds(&b, "verify: target matches the source");
    else
      buf_addf(&b, "verify: target still differs, %zu action%s remain:\n",
               r->remaining.n, r->remaining.n == 1 ? "" : "s");
    if(r->converged && r->remaining.n)
      buf_addf(&b, " (except %zu skipped)", r->remaining.n);
    if(r->converged)
      buf_addc(&b, '\n');
    else
      text_actions(&b, &r->remaining, show_secrets, 0);
  }
  not_compared_text(&b, &r->not_compared, "");
  {
    const char *p = buf_str(&r->notes);
    while(*p) {
      size_t len;
      const char *line = p;
      p = next_line(p, &len);
      buf_adds(&b, "note: ");
      display_text(&b, line, len);
      buf_addc(&b, '\n');
    }
  }
  return buf_take(&b);
}

static char *render_sql(const struct rdsclone_report *r, int show_secrets)
{
  struct buf b;
  size_t i;
  const char *db = NULL;    /* the database the script is in, if known */

  buf_init(&b, BUF_CAP_SQL * 4);
  buf_addf(&b, "-- rdsclone %s: source %s -> target %s\n",
           mode_name(r->mode), r->source_server, r->target_server);
  if(!show_secrets)
    buf_adds(&b, "-- secrets are redacted: run with --show-secrets for a "
                 "script that can be replayed\n");
  not_compared_text(&b, &r->not_compared, "-- ");
  for(i = 0; i < r->plan.n; i++) {
    const struct action *a = &r->plan.v[i];
    const char *sql = action_sql(a, show_secrets);
    if(sql && a->database && r->engine && r->engine->script_database &&
       (!db || strcmp(db, a->database))) {
      /* statements in another database: switch there first, or say
       * plainly that the script cannot */
      db = a->database;
      if(r->engine->script_database(&b, db)) {
        buf_adds(&b, "-- the next statements run in database '");
        display_add(&b, db, strlen(db));
        buf_adds(&b, "', which a script line cannot name: run them there "
                     "by hand\n");
      }
    }
    if(!sql) {
      buf_adds(&b, "-- skipped: ");
      display_add(&b, a->object, strlen(a->object));
      buf_adds(&b, ": ");
      display_add(&b, a->reason, strlen(a->reason));
      buf_addc(&b, '\n');
      continue;
    }
    buf_adds(&b, sql);
    buf_adds(&b, ";\n");
  }
  return buf_take(&b);
}

char *rdsclone_report_render(const struct rdsclone_report *r,
                             enum rdsclone_format format, int show_secrets)
{
  switch(format) {
  case RDSCLONE_FORMAT_JSON: return render_json(r, show_secrets);
  case RDSCLONE_FORMAT_SQL: return render_sql(r, show_secrets);
  default: return render_text(r, show_secrets);
  }
}

/* ------------------------------------------------------------------ */
/* dump                                                                */

/* One row of a dump as a JSON object, secrets redacted unless shown. */
static cJSON *dump_row_json(const struct table_def *t, const struct row *r,
                            int show_secrets)
{
  cJSON *o = cJSON_CreateObject();
  size_t j;
  for(j = 0; j < t->ncols; j++) {
    const struct rowval v = row_val(r, j);
    if(!v.ptr)
      cJSON_AddNullToObject(o, t->cols[j]);
    else if((t->secret_cols & (1UL << j)) && !show_secrets && v.len)
      cJSON_AddStringToObject(o, t->cols[j], "<redacted>");
    else {
      char *x = safe_text(v.ptr, v.len);
      cJSON_AddStringToObject(o, t->cols[j], x ? x : "");
      free(x);
    }
  }
  return o;
}

/* One row of a dump as a text line: " col='value' ...". */
static void dump_row_text(struct buf *b, const struct table_def *t,
                          const struct row *r, int show_secrets)
{
  size_t j;
  buf_adds(b, " ");
  for(j = 0; j < t->ncols; j++) {
    const struct rowval v = row_val(r, j);
    buf_addf(b, " %s=", t->cols[j]);
    if(!v.ptr)
      buf_adds(b, "NULL");
    else if((t->secret_cols & (1UL << j)) && !show_secrets && v.len)
      buf_adds(b, "<redacted>");
    else {
      buf_addc(b, '\'');
      display_add(b, v.ptr, v.len);
      buf_addc(b, '\'');
    }
  }
  buf_addc(b, '\n');
}

/* One table of a dump (m NULL: not on this server), into tables when
 * json, else as text into b. -1 when out of memory. */
static int dump_table(struct buf *b, int json, cJSON *tables,
                      const struct table_def *t, const struct rowmap *m,
                      int show_secrets)
{
  struct row **rows;
  cJSON *arr = NULL;
  size_t i, n;

  if(!m) {
    if(json)
      cJSON_AddNullToObject(tables, t->name);
    else
      buf_addf(b, "%s: not available on this server\n", t->name);
    return 0;
  }
  rows = rowmap_sorted(m, &n);
  if(n == (size_t)-1)
    return -1;
  if(json)
    arr = cJSON_AddArrayToObject(tables, t->name);
  else
    buf_addf(b, "%s: %zu rows\n", t->name, n);
  for(i = 0; i < n; i++)
    if(json)
      cJSON_AddItemToArray(arr, dump_row_json(t, rows[i], show_secrets));
    else
      dump_row_text(b, t, rows[i], show_secrets);
  free(rows);
  return 0;
}

char *dump_render(const struct snapshot *s, enum rdsclone_format format,
                  int show_secrets)
{
  const struct engine *en = s->engine;
  cJSON *root = NULL, *tables = NULL;
  struct buf b;
  size_t ti;
  char *out;

  buf_init(&b, (size_t)1 << 30);
  if(format == RDSCLONE_FORMAT_JSON) {
    root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", RDSCLONE_REPORT_VERSION);
    cJSON_AddStringToObject(root, "engine", en->name);
    add_str(root, "server_version", s->server_version);
    tables = cJSON_AddObjectToObject(root, "tables");
  }
  for(ti = 0; ti < en->ntables; ti++)
    if(dump_table(&b, root != NULL, tables, &en->tables[ti], s->maps[ti],
                  show_secrets)) {
      cJSON_Delete(root);
      buf_release(&b);
      return NULL;
    }
  if(root) {
    out = cJSON_Print(root);
    cJSON_Delete(root);
    buf_release(&b);
    return out;
  }
  return buf_take(&b);
}

static void report_free_parts(struct rdsclone_report *r)
{
  free(r->source_server);
  free(r->source_version);
  free(r->target_server);
  free(r->target_version);
  plan_release(&r->plan);
  plan_release(&r->remaining);
  buf_release(&r->notes);
  coverage_release(&r->not_compared);
}

void rdsclone_report_free(struct rdsclone_report *r)
{
  if(!r)
    return;
  report_free_parts(r);
  free(r);
}

size_t rdsclone_report_actions(const struct rdsclone_report *r)
{
  return r->plan.n;
}

size_t rdsclone_report_pending(const struct rdsclone_report *r)
{
  return plan_count_pending(&r->plan);
}

size_t rdsclone_report_not_compared(const struct rdsclone_report *r)
{
  size_t i, n = 0;
  for(i = 0; i < r->not_compared.n; i++)
    n += r->not_compared.v[i].count;
  return n;
}

int rdsclone_report_converged(const struct rdsclone_report *r)
{
  return r->converged;
}
