/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_seq.c - the sequences of one database after a DMS load, which
 * copies none: every sequence of the target (owned by a column,
 * free-standing, identity) goes to the source's last_value plus the
 * margin, in the sequence's direction (down for a descending one),
 * within its bounds, and only forward: a target already there or past is
 * left alone. Each side is read in one query (pg_sequences); setval runs
 * per sequence on the target and is idempotent, so a re-run converges.
 */
#include "dms/dms_seq.h"
#include "dms/dms_pq.h"
#include "buf.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Columns: 0 schema, 1 name, 2 last_value (NULL: never used, or not
 * readable), 3 increment, 4 min, 5 max, 6 start, 7 the qualified name
 * (%I.%I), 8 whether this session may read last_value, 9 the qualified
 * name as a literal (for the setval statement shown: no round trip per
 * sequence to quote it). */
static const char seq_sql[] =
  "SELECT schemaname::text, sequencename::text, last_value::text,"
  " increment_by::text, min_value::text, max_value::text,"
  " start_value::text, format('%I.%I', schemaname, sequencename),"
  " pg_catalog.has_sequence_privilege(format('%I.%I', schemaname,"
  " sequencename), 'SELECT, USAGE'),"
  " pg_catalog.quote_literal(format('%I.%I', schemaname, sequencename))"
  " FROM pg_catalog.pg_sequences"
  " WHERE schemaname <> ALL (ARRAY['pg_catalog','information_schema',"
  " 'rdsclone'])"
  " ORDER BY schemaname COLLATE \"C\", sequencename COLLATE \"C\"";

static int64_t num(const PGresult *res, int i, int j)
{
  return (int64_t)strtoll(PQgetvalue(res, i, j), NULL, 10);
}

static int cmp_rows(const PGresult *a, int i, const PGresult *b, int j)
{
  int c = strcmp(PQgetvalue(a, i, 0), PQgetvalue(b, j, 0));
  return c ? c : strcmp(PQgetvalue(a, i, 1), PQgetvalue(b, j, 1));
}

/* The value to set: the source's last plus margin in the direction of
 * the target's increment, clamped to its bounds. */
static int64_t wanted(const PGresult *s, int i, const PGresult *t, int j,
                      long margin)
{
  int64_t last = num(s, i, 2), lo = num(t, j, 4), hi = num(t, j, 5), v;
  int up = num(t, j, 3) > 0;

  if(up ? __builtin_add_overflow(last, (int64_t)margin, &v)
        : __builtin_sub_overflow(last, (int64_t)margin, &v))
    v = up ? INT64_MAX : INT64_MIN;
  return v < lo ? lo : v > hi ? hi : v;
}

/* 1 when the target's own position is at or past want: its last_value,
 * or (never used) the value its first nextval gives. */
static int already_past(const PGresult *t, int j, int64_t want)
{
  int up = num(t, j, 3) > 0;
  int64_t pos;

  if(!PQgetisnull(t, j, 2))
    pos = num(t, j, 2);
  else
    pos = num(t, j, 6);
  return up ? pos >= want : pos <= want;
}

/* The statement as the report shows it (the run binds the values). */
static void shown_sql(struct rdsclone_dms_result *r, struct dms_item *it,
                      const char *literal, const char *value)
{
  struct buf s;
  buf_init(&s, BUF_CAP_SQL);
  if(buf_addf(&s, "SELECT pg_catalog.setval(%s::regclass, %s, true)",
              literal, value))
    r->nomem = 1;
  else
    dms_item_set(r, &it->sql, buf_str(&s));
  buf_release(&s);
}

static void one_sequence(PGconn *tgt, const PGresult *s, int i,
                         const PGresult *t, int j, const char *db,
                         long margin, int dry_run,
                         struct rdsclone_dms_result *r)
{
  struct dms_item *it = dms_result_add(r, "sequence", db,
                                       PQgetvalue(t, j, 0), NULL,
                                       PQgetvalue(t, j, 1), "setval");
  char value[32], msg[1024];
  const char *v[2];
  int64_t want;

  if(!it)
    return;
  if(PQgetisnull(s, i, 2)) {
    int readable = PQgetvalue(s, i, 8)[0] == 't';
    it->status = readable ? DMS_UNCHANGED : DMS_FAILED;
    dms_item_set(r, &it->detail, readable ? "never used on the source"
                 : "its last value cannot be read on the source: the "
                   "source's role needs SELECT or USAGE on it");
    return;
  }
  want = wanted(s, i, t, j, margin);
  snprintf(value, sizeof(value), "%" PRId64, want);
  v[0] = PQgetvalue(t, j, 7);
  v[1] = value;
  shown_sql(r, it, PQgetvalue(t, j, 9), value);
  if(already_past(t, j, want)) {
    it->status = DMS_UNCHANGED;
    dms_item_set(r, &it->detail, "the target is there or past it already");
  }
  else if(dry_run)
    it->status = DMS_PLANNED;
  else if(dms_pq_exec(tgt, "SELECT pg_catalog.setval($1::regclass, "
                      "$2::bigint, true)", 2, v, msg, sizeof(msg))) {
    it->status = DMS_FAILED;
    dms_item_set(r, &it->detail, msg);
  }
  else
    it->status = DMS_DONE;
}

/* A sequence only the source has: DMS did not create it; named, unset. */
static void source_only(const PGresult *s, int i, const char *db,
                        struct rdsclone_dms_result *r)
{
  struct dms_item *it = dms_result_add(r, "sequence", db,
                                       PQgetvalue(s, i, 0), NULL,
                                       PQgetvalue(s, i, 1), "setval");
  if(it) {
    it->status = DMS_UNCHANGED;
    dms_item_set(r, &it->detail, "only on the source: not set");
  }
}

void dms_seq_finish_db(PGconn *tgt, PGconn *src, const char *db,
                       long margin, int dry_run,
                       struct rdsclone_dms_result *r)
{
  char msg[1024];
  PGresult *s = dms_pq(src, seq_sql, 0, NULL, msg, sizeof(msg)), *t = NULL;
  int i = 0, j = 0;

  if(s)
    t = dms_pq(tgt, seq_sql, 0, NULL, msg, sizeof(msg));
  if(!s || !t) {
    struct dms_item *it = dms_result_add(r, "database", db, NULL, NULL,
                                         NULL, "read_sequences");
    if(it) {
      it->status = DMS_FAILED;
      dms_item_set(r, &it->detail, msg);
    }
  }
  while(s && t && (i < PQntuples(s) || j < PQntuples(t))) {
    int c = i >= PQntuples(s) ? 1 : j >= PQntuples(t) ? -1
                                   : cmp_rows(s, i, t, j);
    if(c < 0)
      source_only(s, i++, db, r);
    else if(c > 0)
      j++;     /* only on the target: the source has handed nothing out */
    else
      one_sequence(tgt, s, i++, t, j++, db, margin, dry_run, r);
  }
  PQclear(s);
  PQclear(t);
}
