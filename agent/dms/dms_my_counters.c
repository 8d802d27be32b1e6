/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_counters.c - dms-finish's counters on MySQL/MariaDB. DMS
 * copies rows, not counters: every AUTO_INCREMENT of the target is set
 * to at least the source's (information_schema.TABLES, one query per
 * server) plus the margin, and every MariaDB SEQUENCE to at least the
 * source's last reserved value plus the margin (its own table row, all
 * of them in one UNION query per server). Both only move forward: the
 * target's own value wins when it is past already (InnoDB never sets an
 * AUTO_INCREMENT at or below the column's largest value either).
 */
#include "dms/dms_my_counters.h"
#include "dms/dms_my_step.h"
#include "dms/dms_myq.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ER_UNKNOWN_SYSTEM_VARIABLE 1193

static MYSQL_RES *read_list(const struct dms_my *x, MYSQL *m,
                            const char *type, char *msg, size_t len)
{
  struct buf q;
  MYSQL_RES *res = NULL;
  buf_init(&q, BUF_CAP_SQL);
  buf_addf(&q, "SELECT TABLE_SCHEMA, TABLE_NAME, AUTO_INCREMENT FROM "
           "information_schema.TABLES WHERE TABLE_TYPE = '%s'%s", type,
           strcmp(type, "BASE TABLE") ? "" : " AND AUTO_INCREMENT IS NOT "
           "NULL");
  dms_my_scope(x, m, &q, "TABLE_SCHEMA");
  buf_adds(&q, " ORDER BY TABLE_SCHEMA, TABLE_NAME");
  if(buf_failed(&q))
    snprintf(msg, len, "out of memory");
  else
    res = dms_myq_query(m, buf_str(&q), msg, len);
  buf_release(&q);
  return res;
}

/* MySQL 8.0 caches TABLES' statistics (AUTO_INCREMENT among them) for a
 * day: read them fresh. MariaDB has no such cache (nor the variable). */
static int fresh_statistics(MYSQL *m, char *msg, size_t len)
{
  if(!dms_myq_exec(m, "SET SESSION information_schema_stats_expiry = 0",
                   -1, msg, len))
    return 0;
  return dms_myq_errno(m) == ER_UNKNOWN_SYSTEM_VARIABLE ? 0 : -1;
}

/* The row of res (from the start) naming db.name, or NULL. */
static MYSQL_ROW find_row(MYSQL_RES *res, const char *db, const char *name)
{
  MYSQL_ROW row;
  if(!res)
    return NULL;
  mysql_data_seek(res, 0);
  while((row = mysql_fetch_row(res)))
    if(!strcmp(row[0], db) && !strcmp(row[1], name))
      return row;
  return NULL;
}

static struct dms_item *counter_item(struct dms_my *x, const char *kind,
                                     MYSQL_ROW t, const char *action)
{
  return dms_result_add(x->r, kind, t[0], NULL,
                        strcmp(kind, "sequence") ? t[1] : NULL,
                        strcmp(kind, "sequence") ? NULL : t[1], action);
}

static void set_statement(struct dms_my *x, struct dms_item *it,
                          const char *stmt)
{
  char msg[1024];
  dms_item_set(x->r, &it->sql, stmt);
  if(x->dry_run) {
    it->status = DMS_PLANNED;
    return;
  }
  dms_my_outcome(x, it, dms_myq_exec(x->tgt, stmt, -1, msg, sizeof(msg)),
                 msg);
}

static void one_table(struct dms_my *x, MYSQL_ROW t, MYSQL_ROW s)
{
  struct dms_item *it = counter_item(x, "auto_increment", t,
                                     "set_auto_increment");
  int move;
  uint64_t want = dms_my_step_auto_increment(strtoull(s[2], NULL, 10),
                                             x->margin,
                                             strtoull(t[2], NULL, 10),
                                             &move);
  struct buf b;

  if(!it)
    return;
  if(!move) {
    it->status = DMS_UNCHANGED;
    dms_item_set(x->r, &it->detail, "the target is there or past it "
                 "already");
    return;
  }
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "ALTER TABLE ");
  dms_myq_ident(&b, t[0]);
  buf_addc(&b, '.');
  dms_myq_ident(&b, t[1]);
  buf_addf(&b, " AUTO_INCREMENT = %" PRIu64, want);
  if(buf_failed(&b))
    x->r->nomem = 1;
  else
    set_statement(x, it, buf_str(&b));
  buf_release(&b);
}

static void source_only(struct dms_my *x, const char *kind, MYSQL_ROW s)
{
  struct dms_item *it = counter_item(x, kind, s, strcmp(kind, "sequence")
                                     ? "set_auto_increment" : "setval");
  if(it) {
    it->status = DMS_UNCHANGED;
    dms_item_set(x->r, &it->detail, "only on the source: not set");
  }
}

/* Each listed object of the target matched with the source's; fn moves
 * one. Those only the source has are named, not set. */
static void match(struct dms_my *x, const char *kind, MYSQL_RES *s,
                  MYSQL_RES *t, void (*fn)(struct dms_my *, MYSQL_ROW,
                                           MYSQL_ROW))
{
  MYSQL_ROW row, other;
  mysql_data_seek(s, 0);
  while((row = mysql_fetch_row(s))) {
    if(!(other = find_row(t, row[0], row[1])))
      source_only(x, kind, row);
    else
      fn(x, other, row);
  }
}

static void auto_increments(struct dms_my *x)
{
  char msg[1024];
  MYSQL_RES *s = NULL, *t = NULL;
  if(fresh_statistics(x->src, msg, sizeof(msg)) ||
     fresh_statistics(x->tgt, msg, sizeof(msg)) ||
     !(s = read_list(x, x->src, "BASE TABLE", msg, sizeof(msg))) ||
     !(t = read_list(x, x->tgt, "BASE TABLE", msg, sizeof(msg))))
    dms_my_fail(x, "*", "read_auto_increment", msg);
  else
    match(x, "auto_increment", s, t, one_table);
  if(s)
    mysql_free_result(s);
  if(t)
    mysql_free_result(t);
}

/* Every listed sequence's row, in one UNION ALL query: database, name,
 * next_not_cached_value, minimum, maximum, increment, cycle_count,
 * start. NULL with msg on failure; *none when there are none. */
static MYSQL_RES *sequence_values(const struct dms_my *x, MYSQL *m,
                                  int *none, char *msg, size_t len)
{
  MYSQL_RES *list = read_list(x, m, "SEQUENCE", msg, len), *res = NULL;
  MYSQL_ROW row;
  struct buf q;

  *none = 0;
  if(!list)
    return NULL;
  buf_init(&q, BUF_CAP_SQL);
  while((row = mysql_fetch_row(list))) {
    if(q.len)
      buf_adds(&q, " UNION ALL ");
    buf_adds(&q, "SELECT ");
    dms_myq_literal(&q, m, row[0], strlen(row[0]));
    buf_adds(&q, ", ");
    dms_myq_literal(&q, m, row[1], strlen(row[1]));
    buf_adds(&q, ", next_not_cached_value, minimum_value, maximum_value,"
             " increment, cycle_count, start_value FROM ");
    dms_myq_ident(&q, row[0]);
    buf_addc(&q, '.');
    dms_myq_ident(&q, row[1]);
  }
  mysql_free_result(list);
  if(buf_failed(&q))
    snprintf(msg, len, "out of memory");
  else if(!q.len)
    *none = 1;
  else
    res = dms_myq_query(m, buf_str(&q), msg, len);
  buf_release(&q);
  return res;
}

static int64_t num(const char *v)
{
  return v ? strtoll(v, NULL, 10) : 0;
}

/* A row of sequence_values() as numbers. */
static struct dms_my_seq seq_of(MYSQL_ROW r)
{
  struct dms_my_seq q;
  q.next_not_cached = num(r[2]);
  q.min = num(r[3]);
  q.max = num(r[4]);
  q.increment = num(r[5]);
  q.round = num(r[6]);
  q.start = num(r[7]);
  return q;
}

static void one_sequence(struct dms_my *x, MYSQL_ROW t, MYSQL_ROW s)
{
  struct dms_item *it = counter_item(x, "sequence", t, "setval");
  struct dms_my_seq tq = seq_of(t), sq = seq_of(s);
  int64_t want = dms_my_step_seq_want(&tq, &sq, x->margin);
  struct buf b;

  if(!it)
    return;
  if(dms_my_step_seq_unused(&sq)) {
    it->status = DMS_UNCHANGED;
    dms_item_set(x->r, &it->detail, "never used on the source");
    return;
  }
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "SELECT SETVAL(");
  dms_myq_ident(&b, t[0]);
  buf_addc(&b, '.');
  dms_myq_ident(&b, t[1]);
  buf_addf(&b, ", %" PRId64 ", 1, %" PRId64 ")", want, sq.round);
  if(buf_failed(&b))
    x->r->nomem = 1;
  else if(dms_my_step_seq_past(&tq, want, sq.round)) {
    dms_item_set(x->r, &it->sql, buf_str(&b));
    it->status = DMS_UNCHANGED;
    dms_item_set(x->r, &it->detail, "the target is there or past it "
                 "already");
  }
  else
    set_statement(x, it, buf_str(&b));
  buf_release(&b);
}

static void sequences(struct dms_my *x)
{
  char msg[1024];
  int snone = 0, tnone = 0;
  MYSQL_RES *s = sequence_values(x, x->src, &snone, msg, sizeof(msg));
  MYSQL_RES *t = s ? sequence_values(x, x->tgt, &tnone, msg, sizeof(msg))
                   : NULL;

  if((!s && !snone) || (s && !t && !tnone))
    dms_my_fail(x, "*", "read_sequences", msg);
  else if(s)
    match(x, "sequence", s, t, one_sequence);  /* t NULL: none there */
  if(s)
    mysql_free_result(s);
  if(t)
    mysql_free_result(t);
}

void dms_my_counters_finish(struct dms_my *x)
{
  auto_increments(x);
  sequences(x);
}
