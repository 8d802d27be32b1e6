/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_catalog.c - the foreign keys and triggers of a MySQL/MariaDB
 * target. A key's definition is rebuilt by the server from
 * REFERENTIAL_CONSTRAINTS and KEY_COLUMN_USAGE (one query for every
 * database): columns in their order, the referenced database always
 * named, both rules always spelled out; the server prints it back
 * exactly as SHOW CREATE TABLE showed the original. A trigger's is SHOW
 * CREATE TRIGGER's statement read as bytes (character_set_results =
 * binary, as mysqldump does), with its sql_mode, client character set,
 * collation and ACTION_ORDER: MariaDB keeps no FOLLOWS/PRECEDES in the
 * statement, so creating the triggers again in ACTION_ORDER restores
 * their order.
 */
#include "dms/dms_my_catalog.h"
#include "dms/dms_myq.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define Q(x) "CONCAT('`', REPLACE(" x ", '`', '``'), '`')"

static const char keys_head[] =
  "SELECT 'foreign_key', rc.CONSTRAINT_SCHEMA, rc.TABLE_NAME,"
  " rc.CONSTRAINT_NAME, CONCAT('CONSTRAINT ', " Q("rc.CONSTRAINT_NAME")
  ", ' FOREIGN KEY (', GROUP_CONCAT(" Q("k.COLUMN_NAME")
  " ORDER BY k.ORDINAL_POSITION SEPARATOR ', '), ') REFERENCES ', "
  Q("rc.UNIQUE_CONSTRAINT_SCHEMA") ", '.', " Q("rc.REFERENCED_TABLE_NAME")
  ", ' (', GROUP_CONCAT(" Q("k.REFERENCED_COLUMN_NAME")
  " ORDER BY k.ORDINAL_POSITION SEPARATOR ', '), ') ON DELETE ',"
  " rc.DELETE_RULE, ' ON UPDATE ', rc.UPDATE_RULE)"
  " FROM information_schema.REFERENTIAL_CONSTRAINTS rc"
  " JOIN information_schema.KEY_COLUMN_USAGE k"
  " ON k.CONSTRAINT_SCHEMA = rc.CONSTRAINT_SCHEMA"
  " AND k.TABLE_NAME = rc.TABLE_NAME"
  " AND k.CONSTRAINT_NAME = rc.CONSTRAINT_NAME"
  " AND k.REFERENCED_TABLE_NAME IS NOT NULL WHERE 1";
static const char keys_tail[] =
  " GROUP BY rc.CONSTRAINT_SCHEMA, rc.TABLE_NAME, rc.CONSTRAINT_NAME,"
  " rc.UNIQUE_CONSTRAINT_SCHEMA, rc.REFERENCED_TABLE_NAME,"
  " rc.DELETE_RULE, rc.UPDATE_RULE"
  " ORDER BY rc.CONSTRAINT_SCHEMA, rc.TABLE_NAME, rc.CONSTRAINT_NAME";

static const char triggers_head[] =
  "SELECT 'trigger', TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, TRIGGER_NAME,"
  " ACTION_ORDER FROM information_schema.TRIGGERS WHERE 1";
static const char triggers_tail[] =
  " ORDER BY TRIGGER_SCHEMA, EVENT_OBJECT_TABLE, ACTION_ORDER";

static MYSQL_RES *scoped(const struct dms_my *x, const char *head,
                         const char *col, const char *tail, char *msg,
                         size_t len)
{
  struct buf q;
  MYSQL_RES *res = NULL;
  buf_init(&q, BUF_CAP_SQL);
  buf_adds(&q, head);
  dms_my_scope(x, x->tgt, &q, col);
  buf_adds(&q, tail);
  if(buf_failed(&q))
    snprintf(msg, len, "out of memory");
  else
    res = dms_myq_query(x->tgt, buf_str(&q), msg, len);
  buf_release(&q);
  return res;
}

/* SHOW CREATE TRIGGER of o into o's definition and context. */
static int show_trigger(MYSQL *m, struct dms_my_rec *o, MYSQL_RES **out,
                        char *msg, size_t len)
{
  struct buf q;
  MYSQL_ROW row;
  unsigned long *l;

  buf_init(&q, BUF_CAP_SMALL);
  buf_adds(&q, "SHOW CREATE TRIGGER ");
  dms_myq_ident(&q, o->schema);
  buf_addc(&q, '.');
  dms_myq_ident(&q, o->name);
  *out = buf_failed(&q) ? NULL : dms_myq_query(m, buf_str(&q), msg, len);
  buf_release(&q);
  if(!*out)
    return -1;
  if(!(row = mysql_fetch_row(*out)) || mysql_num_fields(*out) < 5 ||
     !row[2]) {
    snprintf(msg, len, "SHOW CREATE TRIGGER %s.%s: no statement (the "
             "account may lack the TRIGGER privilege)", o->schema, o->name);
    return -1;
  }
  l = mysql_fetch_lengths(*out);
  o->def = row[2];
  o->deflen = l[2];
  o->sql_mode = row[1];
  o->cs_client = row[3];
  o->coll_conn = row[4];
  return 0;
}

/* Every trigger's statement, read as the bytes the server keeps. */
static int trigger_defs(const struct dms_my *x, struct dms_my_catalog *c,
                        size_t first, char *msg, size_t len)
{
  size_t i;
  int rc = 0;
  if(!(c->shows = calloc(c->n - first + 1, sizeof(*c->shows))))
    return snprintf(msg, len, "out of memory"), -1;
  if(dms_myq_exec(x->tgt, "SET character_set_results = binary", -1, msg,
                  len))
    return -1;
  for(i = first; !rc && i < c->n; i++)
    rc = show_trigger(x->tgt, &c->recs[i], &c->shows[i - first], msg, len);
  if(dms_myq_exec(x->tgt, "SET character_set_results = utf8mb4", -1,
                  rc ? NULL : msg, rc ? 0 : len))
    rc = -1;
  return rc;
}

static void add_rows(struct dms_my_catalog *c, MYSQL_RES *res, int keys)
{
  MYSQL_ROW row;
  while((row = mysql_fetch_row(res))) {
    struct dms_my_rec *o = &c->recs[c->n++];
    unsigned long *l = mysql_fetch_lengths(res);
    memset(o, 0, sizeof(*o));
    o->kind = row[0];
    o->schema = row[1];
    o->table = row[2];
    o->name = row[3];
    if(keys) {
      o->def = row[4];
      o->deflen = l[4];
    }
    else
      o->order = row[4];
  }
}

int dms_my_catalog_load(const struct dms_my *x, struct dms_my_catalog *c,
                        int with_defs, char *msg, size_t len)
{
  size_t first;
  memset(c, 0, sizeof(*c));
  /* MySQL's default (1024) would cut a long column list short */
  if(dms_myq_exec(x->tgt, "SET SESSION group_concat_max_len = 1048576",
                  -1, msg, len) ||
     !(c->keys = scoped(x, keys_head, "rc.CONSTRAINT_SCHEMA", keys_tail,
                        msg, len)) ||
     !(c->triggers = scoped(x, triggers_head, "TRIGGER_SCHEMA",
                            triggers_tail, msg, len)))
    return -1;
  c->recs = calloc(mysql_num_rows(c->keys) + mysql_num_rows(c->triggers)
                   + 1, sizeof(*c->recs));
  if(!c->recs)
    return snprintf(msg, len, "out of memory"), -1;
  add_rows(c, c->keys, 1);
  first = c->n;
  add_rows(c, c->triggers, 0);
  return with_defs && c->n > first ? trigger_defs(x, c, first, msg, len)
                                   : 0;
}

void dms_my_catalog_release(struct dms_my_catalog *c)
{
  size_t i;
  if(c->shows)
    for(i = 0; i < mysql_num_rows(c->triggers); i++)
      if(c->shows[i])
        mysql_free_result(c->shows[i]);
  free(c->shows);
  if(c->keys)
    mysql_free_result(c->keys);
  if(c->triggers)
    mysql_free_result(c->triggers);
  free(c->recs);
  memset(c, 0, sizeof(*c));
}
