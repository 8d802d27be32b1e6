/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_privset.c - the SET columns of mysql.tables_priv, columns_priv and
 * procs_priv as rdsclone ingests them into one privilege set per object
 * (agent/catalog_mysql.c, privset_add), then diff, plan and render
 * (agent/render_mysql.c splits the set again), offline.
 *
 * Input: table 0xff source SET 0xff target SET 0xff column name. The same
 * account u@% exists on both sides; the source and target rows name the
 * same object with their own SET value. Every plan either fails with a
 * message or has actions that each rendered (or are a skip with a
 * reason); equal SET values plan nothing; and the target's SET with its
 * words in reverse order plans exactly the same (a set has no order).
 */
#include "fuzz_util.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"
#include "buf.h"
#include "mysql/engine_mysql.h"
#include "mysql/catalog_mysql.h"
#include "core/diff.h"
#include "core/plan.h"

#define ACCOUNT_PRIV \
  "{\"access\":0,\"plugin\":\"mysql_native_password\"," \
  "\"authentication_string\":\"\"}"

static void feed(struct snapshot *s, const struct rdsclone_options *o,
                 enum mysql_query q, const char *const *names, size_t n,
                 const char *const *vals)
{
  unsigned long lens[8];
  struct ingest in;
  struct err e;
  size_t i;
  for(i = 0; i < n; i++)
    lens[i] = vals[i] ? (unsigned long)strlen(vals[i]) : 0;
  FUZZ_CHECK(catalog_mysql_begin(&in, s, o, q, names, n, &e) == 0);
  if(catalog_mysql_row(&in, vals, lens, &e))
    FUZZ_CHECK(e.msg[0] != 0);
}

static void side(struct snapshot *s, const struct rdsclone_options *o,
                 int is_source, unsigned table, const char *set,
                 const char *column)
{
  static const char *const acc[] = { "Host", "User", "Priv" };
  static const char *const tp[] = {
    "Host", "Db", "User", "Table_name", "Table_priv"
  };
  static const char *const cp[] = {
    "Host", "Db", "User", "Table_name", "Column_name", "Column_priv"
  };
  static const char *const pp[] = {
    "Host", "Db", "User", "Routine_name", "Routine_type", "Proc_priv"
  };
  const char *av[] = { "%", "u", ACCOUNT_PRIV };
  struct err e;

  snapshot_init(s, &engine_mysql, is_source);
  FUZZ_CHECK(catalog_mysql_set_session(s, "admin@127.0.0.1",
                                       "10.11.6-MariaDB-0+deb12u1",
                                       &e) == 0);
  FUZZ_CHECK(catalog_mysql_init(s, &e) == 0);
  feed(s, o, MQ_ACCOUNTS_MARIADB, acc, 3, av);
  if(table % 3 == 0) {
    const char *v[] = { "%", "app", "u", "t", set };
    feed(s, o, MQ_TABLES_PRIV, tp, 5, v);
  }
  else if(table % 3 == 1) {
    const char *v[] = { "%", "app", "u", "t", column, set };
    feed(s, o, MQ_COLUMNS_PRIV, cp, 6, v);
  }
  else {
    const char *v[] = { "%", "app", "u", "p", "PROCEDURE", set };
    feed(s, o, MQ_PROCS_PRIV, pp, 6, v);
  }
}

/* Plans src -> tgt; returns the statements joined (malloc'd), NULL when
 * planning failed (with a message). */
static char *plan_text(struct snapshot *src, struct snapshot *tgt,
                       const struct rdsclone_options *o)
{
  struct diff d;
  struct plan p;
  struct render_ctx ctx;
  struct err e;
  struct buf out;
  size_t i;

  memset(&e, 0, sizeof(e));
  FUZZ_CHECK(diff_snapshots(src, tgt, &d, &e) == 0);
  memset(&ctx, 0, sizeof(ctx));
  ctx.src = src;
  ctx.tgt = tgt;
  ctx.opts = o;
  if(plan_build(&ctx, &d, 0, &p, &e)) {
    FUZZ_CHECK(e.msg[0] != 0);
    diff_release(&d);
    return NULL;
  }
  buf_init(&out, 256);
  for(i = 0; i < p.n; i++) {
    const struct action *a = &p.v[i];
    FUZZ_CHECK(a->object != NULL && a->reason != NULL);
    FUZZ_CHECK(a->kind == ACT_SKIP || a->sql != NULL);
    buf_adds(&out, a->sql ? a->sql : "(skip)");
    buf_addc(&out, '\n');
  }
  plan_release(&p);
  diff_release(&d);
  return buf_take(&out);
}

/* "a,b,c" -> "c,b,a" (malloc'd). */
static char *reversed_words(const char *set)
{
  size_t n = strlen(set), end = n, i, len = 0;
  char *out = malloc(n + 1);
  FUZZ_CHECK(out != NULL);
  for(i = n; ; i--) {
    if(i == 0 || set[i - 1] == ',') {
      if(len)
        out[len++] = ',';
      memcpy(out + len, set + i, end - i);
      len += end - i;
      end = i ? i - 1 : 0;
    }
    if(i == 0)
      break;
  }
  out[len] = 0;
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  unsigned table = fin_byte(&f);
  char *sset = fin_cstr(&f), *tset = fin_cstr(&f), *column = fin_cstr(&f);
  char *tsets[2], *plans[2];
  struct snapshot src, tgt;
  struct rdsclone_options o;
  int k;

  options_init(&o);
  tsets[0] = tset;
  tsets[1] = reversed_words(tset);
  for(k = 0; k < 2; k++) {
    side(&src, &o, 1, table, sset, column);
    side(&tgt, &o, 0, table, tsets[k], column);
    plans[k] = plan_text(&src, &tgt, &o);
    if(!strcmp(sset, tsets[k]))
      FUZZ_CHECK(plans[k] == NULL || plans[k][0] == 0);   /* nothing */
    snapshot_release(&src);
    snapshot_release(&tgt);
  }
  FUZZ_CHECK((!plans[0] && !plans[1]) ||
             (plans[0] && plans[1] && !strcmp(plans[0], plans[1])));
  free(plans[0]);
  free(plans[1]);
  free(tsets[1]);
  free(sset);
  free(tset);
  free(column);
  return 0;
}
