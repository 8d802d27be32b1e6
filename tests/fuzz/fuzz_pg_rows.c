/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_pg_rows.c - PostgreSQL catalog rows as rdsclone ingests them
 * (agent/catalog_pg.c: privileges of every object kind, objects with
 * what their owner gave up, memberships with grantors), then diff, plan
 * and render (agent/render_pg.c), offline. The rows' text is outside
 * input: the server returns names, privilege and object kind words, and
 * the owner_lacks list the render splits again.
 *
 * Input: a selector byte (bit 0: target is 16, else 17; bit 1: target
 * session is no superuser), then for the source and then the target:
 * object type 0xff schema 0xff name 0xff args 0xff privilege 0xff
 * grantable 0xff owner_lacks 0xff grantor. Role u exists on both sides.
 * Every plan either fails with a message or has actions that each
 * rendered (or are a skip with a reason); a target fed exactly the
 * source's rows plans nothing.
 */
#include "fuzz_util.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"
#include "pg/engine_pg.h"
#include "pg/catalog_pg.h"
#include "core/diff.h"
#include "core/plan.h"

struct rows {
  char *type, *schema, *name, *args, *priv, *grantable, *lacks, *grantor;
};

static void read_rows(struct fin *f, struct rows *r)
{
  r->type = fin_cstr(f);
  r->schema = fin_cstr(f);
  r->name = fin_cstr(f);
  r->args = fin_cstr(f);
  r->priv = fin_cstr(f);
  r->grantable = fin_cstr(f);
  r->lacks = fin_cstr(f);
  r->grantor = fin_cstr(f);
}

static void free_rows(struct rows *r)
{
  free(r->type); free(r->schema); free(r->name); free(r->args);
  free(r->priv); free(r->grantable); free(r->lacks); free(r->grantor);
}

/* A fed row may be refused only with a message. */
static void fed(enum rdsclone_code rc, const struct err *e)
{
  FUZZ_CHECK(rc == RDSCLONE_OK || e->msg[0] != 0);
}

static void side(struct snapshot *s, const struct rdsclone_options *o,
                 int is_source, unsigned sel, const struct rows *r)
{
  const char *role[12] = { "u", "f", "t", "f", "f", "t", "f", "f", "-1",
                           NULL, NULL, "f" };
  const char *g[12] = { "g", "f", "t", "f", "f", "f", "f", "f", "-1",
                        NULL, NULL, "f" };
  const char *db[1] = { "d" };
  const char *priv[8] = { "u", "d", r->type, r->schema, r->name, r->args,
                          r->priv, r->grantable };
  const char *obj[7] = { "d", r->type, r->schema, r->name, r->args, "own",
                         r->lacks };
  const char *member[7] = { "u", "g", r->grantor, "f", "t", "t", "f" };
  struct err e;

  memset(&e, 0, sizeof(e));
  snapshot_init(s, &engine_pg, is_source);
  s->current_user = strdup("postgres");
  s->current_host = strdup("");
  s->server_version = strdup(is_source || !(sel & 1) ? "17.2" : "16.4");
  FUZZ_CHECK(s->current_user && s->current_host && s->server_version);
  s->version_id = is_source || !(sel & 1) ? 170002 : 160004;
  s->is_superuser = is_source || !(sel & 2);
  FUZZ_CHECK(catalog_pg_init(s, &e) == 0);
  fed(catalog_pg_role(s, o, role, &e), &e);
  fed(catalog_pg_role(s, o, g, &e), &e);
  fed(catalog_pg_database(s, db, &e), &e);
  fed(catalog_pg_priv(s, o, priv, &e), &e);
  fed(catalog_pg_object(s, o, obj, &e), &e);
  fed(catalog_pg_member(s, o, member, &e), &e);
  FUZZ_CHECK(snapshot_index(s, &e) == 0);
}

/* Plans src -> tgt; the number of actions, -1 when planning failed. */
static long plan_count(struct snapshot *src, struct snapshot *tgt,
                       const struct rdsclone_options *o)
{
  struct diff d;
  struct plan p;
  struct render_ctx ctx;
  struct err e;
  size_t i;
  long n;

  memset(&e, 0, sizeof(e));
  FUZZ_CHECK(diff_snapshots(src, tgt, &d, &e) == 0);
  memset(&ctx, 0, sizeof(ctx));
  ctx.src = src;
  ctx.tgt = tgt;
  ctx.opts = o;
  if(plan_build(&ctx, &d, 0, &p, &e)) {
    FUZZ_CHECK(e.msg[0] != 0);
    diff_release(&d);
    return -1;
  }
  for(i = 0; i < p.n; i++) {
    const struct action *a = &p.v[i];
    FUZZ_CHECK(a->object != NULL && a->reason != NULL);
    FUZZ_CHECK(a->kind == ACT_SKIP ? a->reason[0] != 0 : a->sql != NULL);
  }
  n = (long)p.n;
  plan_release(&p);
  diff_release(&d);
  return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  unsigned sel = fin_byte(&f);
  struct rows rs, rt;
  struct snapshot src, tgt;
  struct rdsclone_options o;

  options_init(&o);
  read_rows(&f, &rs);
  read_rows(&f, &rt);
  side(&src, &o, 1, sel, &rs);
  side(&tgt, &o, 0, sel, &rt);
  (void)plan_count(&src, &tgt, &o);
  snapshot_release(&tgt);
  /* the source's own rows on the target: nothing to do */
  side(&tgt, &o, 0, 0, &rs);
  FUZZ_CHECK(plan_count(&src, &tgt, &o) <= 0);
  snapshot_release(&src);
  snapshot_release(&tgt);
  free_rows(&rs);
  free_rows(&rt);
  return 0;
}
