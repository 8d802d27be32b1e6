/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_saved.c - rdsclone.dms_saved_constraints on a MySQL/MariaDB
 * target. MySQL's DDL commits on its own, so the saved table is what
 * makes a run resumable: dms-prepare saves every object (one InnoDB
 * transaction) before it drops any, dms-finish deletes a row only after
 * its object is back, and a re-run compares the rows with the catalog.
 */
#include "dms/dms_my_saved.h"
#include "dms/dms_myq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAVED "rdsclone.dms_saved_constraints"

static const char *const ddl[] = {
  "CREATE DATABASE IF NOT EXISTS rdsclone",
  "CREATE TABLE IF NOT EXISTS " SAVED " ("
  " kind VARCHAR(16) NOT NULL,"
  " schema_name VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL,"
  " object_name VARCHAR(64) NOT NULL,"
  " definition LONGBLOB NOT NULL,"
  " sql_mode VARCHAR(1024) NULL, character_set_client VARCHAR(64) NULL,"
  " collation_connection VARCHAR(64) NULL, action_order BIGINT NULL,"
  " saved_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
  " PRIMARY KEY (kind, schema_name, table_name, object_name))"
  " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
};

int dms_my_saved_create(MYSQL *m, char *msg, size_t len)
{
  size_t k;
  for(k = 0; k < sizeof(ddl) / sizeof(ddl[0]); k++)
    if(dms_myq_exec(m, ddl[k], -1, msg, len))
      return -1;
  return 0;
}

/* 1 when the table exists, 0 when not, -1 on failure. */
static int table_exists(MYSQL *m, const char *name, char *msg, size_t len)
{
  char sql[256];
  MYSQL_RES *res;
  MYSQL_ROW row;
  int yes;

  snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM information_schema."
           "TABLES WHERE TABLE_SCHEMA = 'rdsclone'%s%s%s", name ?
           " AND TABLE_NAME = '" : "", name ? name : "", name ? "'" : "");
  if(!(res = dms_myq_query(m, sql, msg, len)))
    return -1;
  row = mysql_fetch_row(res);
  yes = row && row[0] && strcmp(row[0], "0");
  mysql_free_result(res);
  return yes;
}

static void to_rec(struct dms_my_rec *o, MYSQL_ROW row,
                   const unsigned long *lens)
{
  o->kind = row[0];
  o->schema = row[1];
  o->table = row[2];
  o->name = row[3];
  o->def = row[4];
  o->deflen = lens[4];
  o->sql_mode = row[5];
  o->cs_client = row[6];
  o->coll_conn = row[7];
  o->order = row[8];
}

int dms_my_saved_load(const struct dms_my *x, struct dms_my_saved *s,
                      char *msg, size_t len)
{
  struct buf q;
  MYSQL_ROW row;
  int ex = table_exists(x->tgt, "dms_saved_constraints", msg, len);

  memset(s, 0, sizeof(*s));
  if(ex <= 0)
    return ex;
  buf_init(&q, BUF_CAP_SQL);
  buf_adds(&q, "SELECT kind, schema_name, table_name, object_name,"
           " definition, sql_mode, character_set_client,"
           " collation_connection, action_order FROM " SAVED " WHERE 1");
  dms_my_scope(x, x->tgt, &q, "schema_name");
  buf_adds(&q, " ORDER BY kind, schema_name, table_name, action_order,"
           " object_name");
  if(buf_failed(&q)) {
    buf_release(&q);
    snprintf(msg, len, "out of memory");
    return -1;
  }
  s->res = dms_myq_query(x->tgt, buf_str(&q), msg, len);
  buf_release(&q);
  if(!s->res)
    return -1;
  s->recs = calloc(mysql_num_rows(s->res) + 1, sizeof(*s->recs));
  if(!s->recs) {
    snprintf(msg, len, "out of memory");
    return -1;
  }
  while((row = mysql_fetch_row(s->res)))
    to_rec(&s->recs[s->n++], row, mysql_fetch_lengths(s->res));
  return 0;
}

const struct dms_my_rec *dms_my_rec_find(const struct dms_my_rec *recs,
                                         size_t n,
                                         const struct dms_my_rec *o)
{
  size_t i;
  for(i = 0; i < n; i++) {
    const struct dms_my_rec *v = &recs[i];
    if(!strcmp(v->kind, o->kind) && !strcmp(v->schema, o->schema) &&
       !strcmp(v->table, o->table) && !strcmp(v->name, o->name))
      return v;
  }
  return NULL;
}

int dms_my_saved_has_keys(const struct dms_my_saved *s, const char *db)
{
  size_t i;
  for(i = 0; i < s->n; i++)
    if(!strcmp(s->recs[i].kind, "foreign_key") &&
       !strcmp(s->recs[i].schema, db))
      return 1;
  return 0;
}

void dms_my_saved_release(struct dms_my_saved *s)
{
  if(s->res)
    mysql_free_result(s->res);
  free(s->recs);
  memset(s, 0, sizeof(*s));
}

static void lit_or_null(struct buf *b, MYSQL *m, const char *v)
{
  buf_adds(b, ", ");
  if(v)
    dms_myq_literal(b, m, v, strlen(v));
  else
    buf_adds(b, "NULL");
}

void dms_my_saved_insert_sql(struct buf *b, MYSQL *m,
                             const struct dms_my_rec *rec)
{
  buf_adds(b, "INSERT INTO " SAVED " (kind, schema_name, table_name,"
           " object_name, definition, sql_mode, character_set_client,"
           " collation_connection, action_order) VALUES (");
  dms_myq_literal(b, m, rec->kind, strlen(rec->kind));
  lit_or_null(b, m, rec->schema);
  lit_or_null(b, m, rec->table);
  lit_or_null(b, m, rec->name);
  buf_adds(b, ", ");
  dms_myq_hex(b, rec->def, rec->deflen);
  lit_or_null(b, m, rec->sql_mode);
  lit_or_null(b, m, rec->cs_client);
  lit_or_null(b, m, rec->coll_conn);
  lit_or_null(b, m, rec->order);
  buf_adds(b, ") ON DUPLICATE KEY UPDATE kind = kind");
}

int dms_my_saved_delete(MYSQL *m, const struct dms_my_rec *rec, char *msg,
                        size_t len)
{
  struct buf b;
  int rc;
  buf_init(&b, BUF_CAP_SQL);
  buf_adds(&b, "DELETE FROM " SAVED " WHERE kind = ");
  dms_myq_literal(&b, m, rec->kind, strlen(rec->kind));
  buf_adds(&b, " AND schema_name = ");
  dms_myq_literal(&b, m, rec->schema, strlen(rec->schema));
  buf_adds(&b, " AND table_name = ");
  dms_myq_literal(&b, m, rec->table, strlen(rec->table));
  buf_adds(&b, " AND object_name = ");
  dms_myq_literal(&b, m, rec->name, strlen(rec->name));
  if(buf_failed(&b)) {
    snprintf(msg, len, "out of memory");
    rc = -1;
  }
  else
    rc = dms_myq_exec(m, buf_str(&b), -1, msg, len);
  buf_release(&b);
  return rc;
}

int dms_my_saved_cleanup(MYSQL *m, char *msg, size_t len)
{
  MYSQL_RES *res;
  MYSQL_ROW row;
  int empty, ex = table_exists(m, "dms_saved_constraints", msg, len);

  if(ex <= 0)
    return ex;
  if(!(res = dms_myq_query(m, "SELECT COUNT(*) FROM " SAVED, msg, len)))
    return -1;
  row = mysql_fetch_row(res);
  empty = row && row[0] && !strcmp(row[0], "0");
  mysql_free_result(res);
  if(!empty)
    return 0;
  if(dms_myq_exec(m, "DROP TABLE IF EXISTS " SAVED, -1, msg, len))
    return -1;
  if((ex = table_exists(m, NULL, msg, len)) != 0)
    return ex < 0 ? -1 : 0;    /* the user's own tables stay */
  return dms_myq_exec(m, "DROP DATABASE IF EXISTS rdsclone", -1, msg, len);
}
