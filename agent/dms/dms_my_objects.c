/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_objects.c - the foreign keys and triggers of a MySQL/MariaDB
 * target around a DMS full load. MySQL cannot disable a trigger, and its
 * DDL commits on its own, so: prepare saves every object in one InnoDB
 * transaction on the saved table, then drops them one by one (a kill
 * leaves objects saved and some still there: the re-run drops those);
 * finish re-creates each saved object and only then deletes its row (a
 * kill leaves an object back and still saved: the re-run sees it on the
 * table and deletes the row). Nothing is ever created or dropped twice.
 */
#include "dms/dms_my_objects.h"
#include "dms/dms_my_catalog.h"
#include "dms/dms_myq.h"
#include "display.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_key(const struct dms_my_rec *o)
{
  return !strcmp(o->kind, "foreign_key");
}

static struct dms_item *add_item(struct dms_my *x,
                                 const struct dms_my_rec *o,
                                 const char *action)
{
  return dms_result_add(x->r, o->kind, o->schema, NULL, o->table, o->name,
                        action);
}

/* The statement that drops (prepare) or re-creates (finish, a key) o. */
static void object_sql(struct dms_my *x, struct dms_item *it,
                       const struct dms_my_rec *o, int drop)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SQL);
  if(!drop && !is_key(o) && !utf8_valid(o->def, o->deflen))
    display_text(&b, o->def, o->deflen);   /* a latin1 body: \xNN, so
                                              reports stay UTF-8 */
  else if(!drop && !is_key(o))
    buf_add(&b, o->def, o->deflen);
  else if(!is_key(o)) {
    buf_adds(&b, "DROP TRIGGER ");
    dms_myq_ident(&b, o->schema);
    buf_addc(&b, '.');
    dms_myq_ident(&b, o->name);
  }
  else {
    buf_adds(&b, "ALTER TABLE ");
    dms_myq_ident(&b, o->schema);
    buf_addc(&b, '.');
    dms_myq_ident(&b, o->table);
    if(drop) {
      buf_adds(&b, " DROP FOREIGN KEY ");
      dms_myq_ident(&b, o->name);
    }
    else {
      buf_adds(&b, " ADD ");
      buf_add(&b, o->def, o->deflen);
    }
  }
  if(buf_failed(&b))
    x->r->nomem = 1;
  else
    dms_item_set(x->r, &it->sql, buf_str(&b));
  buf_release(&b);
}

/* Databases that hold saved keys and keys not saved: a half-finished
 * route or a key made since. Each is named once; nothing is touched
 * there. Returns how many were refused (names kept in refused[]). */
static size_t refusals(struct dms_my *x, const struct dms_my_catalog *c,
                       const struct dms_my_saved *s, const char **refused)
{
  size_t i, k, n = 0;
  char why[1024];
  for(i = 0; i < c->n; i++) {
    const struct dms_my_rec *o = &c->recs[i];
    if(!is_key(o) || dms_my_rec_find(s->recs, s->n, o) ||
       !dms_my_saved_has_keys(s, o->schema))
      continue;
    for(k = 0; k < n && strcmp(refused[k], o->schema); k++)
      ;
    if(k < n)
      continue;
    refused[n++] = o->schema;
    snprintf(why, sizeof(why), "foreign keys are saved in rdsclone."
             "dms_saved_constraints by an earlier dms-prepare, and the "
             "database has keys that are not (first: %s.%s.%s): a new key, "
             "or one dms-finish already put back; nothing was changed in "
             "it: run dms-finish to complete the route, or drop the keys "
             "made since", o->schema, o->table, o->name);
    dms_my_fail(x, o->schema, "prepare", why);
  }
  return n;
}

static int in_list(const char **list, size_t n, const char *s)
{
  size_t i;
  for(i = 0; i < n; i++)
    if(!strcmp(list[i], s))
      return 1;
  return 0;
}

/* The prepare's items: what will be saved and dropped (planned), what a
 * saved row says differently (failed). want[i]: object i is to go. */
static void plan_prepare(struct dms_my *x, const struct dms_my_catalog *c,
                         const struct dms_my_saved *s, const char **refused,
                         size_t nref, char *want)
{
  size_t i;
  for(i = 0; i < c->n; i++) {
    const struct dms_my_rec *o = &c->recs[i];
    const struct dms_my_rec *v = dms_my_rec_find(s->recs, s->n, o);
    struct dms_item *it;
    if(in_list(refused, nref, o->schema))
      continue;
    if(!(it = add_item(x, o, "save_and_drop")))
      return;
    object_sql(x, it, o, 1);
    it->status = DMS_PLANNED;
    if(v && (v->deflen != o->deflen || memcmp(v->def, o->def, o->deflen))) {
      it->status = DMS_FAILED;
      dms_item_set(x->r, &it->detail, "saved by an earlier dms-prepare "
                   "with another definition than the table's now; nothing "
                   "was changed for it");
      continue;
    }
    want[i] = v ? 2 : 1;     /* 2: saved already, only the drop is left */
  }
}

/* Saved rows whose object is gone: dropped by an earlier prepare. */
static void already_dropped(struct dms_my *x, const struct dms_my_catalog *c,
                            const struct dms_my_saved *s)
{
  size_t i;
  for(i = 0; i < s->n; i++) {
    struct dms_item *it;
    if(dms_my_rec_find(c->recs, c->n, &s->recs[i]))
      continue;
    if((it = add_item(x, &s->recs[i], "save_and_drop"))) {
      it->status = DMS_UNCHANGED;
      dms_item_set(x->r, &it->detail, "saved and dropped already");
    }
  }
}

/* One transaction: every object to go is saved before any is dropped. */
static int save_all(struct dms_my *x, const struct dms_my_catalog *c,
                    const char *want, char *msg, size_t len)
{
  size_t i;
  int rc = dms_my_saved_create(x->tgt, msg, len) ||
           dms_myq_exec(x->tgt, "START TRANSACTION", -1, msg, len);
  for(i = 0; !rc && i < c->n; i++) {
    struct buf b;
    if(want[i] != 1)
      continue;
    buf_init(&b, BUF_CAP_SQL);
    dms_my_saved_insert_sql(&b, x->tgt, &c->recs[i]);
    rc = -1;
    if(buf_failed(&b))
      snprintf(msg, len, "out of memory");
    else
      rc = dms_myq_exec(x->tgt, buf_str(&b), -1, msg, len);
    buf_release(&b);
  }
  if(!rc)
    rc = dms_myq_exec(x->tgt, "COMMIT", -1, msg, len);
  if(rc)
    dms_myq_exec(x->tgt, "ROLLBACK", -1, NULL, 0);
  return rc ? -1 : 0;
}

static void drop_all(struct dms_my *x, size_t first)
{
  char msg[1024], why[1300];
  size_t i;
  for(i = first; i < x->r->n; i++) {
    struct dms_item *it = &x->r->items[i];
    int bad;
    if(it->status != DMS_PLANNED)
      continue;
    bad = dms_myq_exec(x->tgt, it->sql, -1, msg, sizeof(msg));
    if(bad)
      snprintf(why, sizeof(why), "%s; it is saved: run dms-prepare again",
               msg);
    dms_my_outcome(x, it, bad, why);
  }
}

void dms_my_objects_prepare(struct dms_my *x)
{
  struct dms_my_catalog c;
  struct dms_my_saved s;
  const char **refused = NULL;
  char msg[1024], *want = NULL;
  size_t nref, first = x->r->n;

  memset(&c, 0, sizeof(c));
  memset(&s, 0, sizeof(s));
  if(dms_my_saved_load(x, &s, msg, sizeof(msg)) ||
     dms_my_catalog_load(x, &c, 1, msg, sizeof(msg)))
    dms_my_fail(x, "*", "prepare", msg);
  else if(!(refused = calloc(c.n + 1, sizeof(*refused))) ||
          !(want = calloc(c.n + 1, 1)))
    x->r->nomem = 1;
  else {
    nref = refusals(x, &c, &s, refused);
    first = x->r->n;
    plan_prepare(x, &c, &s, refused, nref, want);
    already_dropped(x, &c, &s);
    if(!x->dry_run && save_all(x, &c, want, msg, sizeof(msg))) {
      dms_my_fail(x, "*", "save", msg);
      for(; first < x->r->n; first++)
        if(x->r->items[first].status == DMS_PLANNED)
          x->r->items[first].status = DMS_UNCHANGED;
    }
    else if(!x->dry_run)
      drop_all(x, first);
  }
  free(refused);
  free(want);
  dms_my_catalog_release(&c);
  dms_my_saved_release(&s);
}

/* Runs a trigger's statement in the context it was created in, then
 * puts the session's own back. */
static int create_trigger(struct dms_my *x, const struct dms_my_rec *o,
                          const char *own_mode, char *msg, size_t len)
{
  struct buf b;
  int rc;

  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "SET SESSION sql_mode = ");
  dms_myq_literal(&b, x->tgt, o->sql_mode ? o->sql_mode : "",
                  o->sql_mode ? strlen(o->sql_mode) : 0);
  buf_adds(&b, ", character_set_client = ");
  dms_myq_literal(&b, x->tgt, o->cs_client ? o->cs_client : "utf8mb4",
                  strlen(o->cs_client ? o->cs_client : "utf8mb4"));
  buf_adds(&b, ", collation_connection = ");
  dms_myq_literal(&b, x->tgt, o->coll_conn ? o->coll_conn
                                           : "utf8mb4_general_ci",
                  strlen(o->coll_conn ? o->coll_conn
                                      : "utf8mb4_general_ci"));
  rc = -1;
  if(buf_failed(&b))
    snprintf(msg, len, "out of memory");
  else if(mysql_select_db(x->tgt, o->schema))
    snprintf(msg, len, "USE %s: %s", o->schema, mysql_error(x->tgt));
  else
    rc = dms_myq_exec(x->tgt, buf_str(&b), -1, msg, len) ||
         dms_myq_exec(x->tgt, o->def, (long)o->deflen, msg, len);
  buf_reset(&b);
  buf_adds(&b, "SET NAMES utf8mb4");
  buf_adds(&b, ", SESSION sql_mode = ");
  dms_myq_literal(&b, x->tgt, own_mode, strlen(own_mode));
  if(buf_failed(&b) ||
     dms_myq_exec(x->tgt, buf_str(&b), -1, rc ? NULL : msg, rc ? 0 : len))
    rc = -1;
  buf_release(&b);
  return rc ? -1 : 0;
}

/* Puts one saved object back; its row goes only once it is back. */
static void restore(struct dms_my *x, const struct dms_my_catalog *c,
                    const struct dms_my_rec *o, const char *own_mode)
{
  struct dms_item *it = add_item(x, o, "recreate");
  char msg[1024], why[1400];
  int present = dms_my_rec_find(c->recs, c->n, o) != NULL, bad;

  if(!it)
    return;
  object_sql(x, it, o, 0);
  it->status = present ? DMS_UNCHANGED : x->dry_run ? DMS_PLANNED : DMS_DONE;
  if(present)
    dms_item_set(x->r, &it->detail, "already on the table");
  if(x->dry_run)
    return;
  bad = !present && (is_key(o) ? dms_myq_exec(x->tgt, it->sql, -1, msg,
                                               sizeof(msg))
                               : create_trigger(x, o, own_mode, msg,
                                                sizeof(msg)));
  if(!bad && dms_my_saved_delete(x->tgt, o, msg, sizeof(msg))) {
    snprintf(why, sizeof(why), "%s; it is back, but its saved row stays: "
             "run dms-finish again", msg);
    dms_my_outcome(x, it, 1, why);
  }
  else if(bad) {
    snprintf(why, sizeof(why), "%s %s on table %s.%s: %s; it stays saved",
             is_key(o) ? "constraint" : "trigger", o->name, o->schema,
             o->table, msg);
    dms_my_outcome(x, it, 1, why);
  }
}

/* The session's sql_mode, to put back after each trigger. */
static char *own_sql_mode(MYSQL *m, char *msg, size_t len)
{
  MYSQL_RES *res = dms_myq_query(m, "SELECT @@SESSION.sql_mode", msg, len);
  MYSQL_ROW row;
  char *mode = NULL;
  if(!res)
    return NULL;
  if((row = mysql_fetch_row(res)) && !(mode = strdup(row[0] ? row[0] : "")))
    snprintf(msg, len, "out of memory");
  mysql_free_result(res);
  return mode;
}

void dms_my_objects_finish(struct dms_my *x)
{
  struct dms_my_catalog c;
  struct dms_my_saved s;
  char msg[1024], *mode = NULL;
  size_t i;

  memset(&c, 0, sizeof(c));
  if(dms_my_saved_load(x, &s, msg, sizeof(msg)) ||
     (s.n && (dms_my_catalog_load(x, &c, 0, msg, sizeof(msg)) ||
              !(mode = own_sql_mode(x->tgt, msg, sizeof(msg))))))
    dms_my_fail(x, "*", "finish", msg);
  else
    for(i = 0; i < s.n; i++)
      restore(x, &c, &s.recs[i], mode);
  free(mode);
  dms_my_catalog_release(&c);
  dms_my_saved_release(&s);
}
