/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_mariadb_priv.c - MariaDB's mysql.global_priv.Priv JSON as rdsclone
 * ingests it (agent/catalog_mysql.c), then diff, plan and render
 * (agent/diff.c, plan.c, render_mysql.c) against an empty target, offline.
 *
 * Input: Priv 0xff user 0xff host (anything after that, which older seeds
 * carry, is ignored). The row is what the snapshot's query returns,
 * SELECT Host, User, Priv FROM mysql.global_priv: every account column
 * comes from Priv (agent/mariadb_priv.c). Any Priv is either refused with a
 * message or yields a plan whose every statement rendered (or is a skip
 * with a reason); the authentication string never shows in a redacted
 * statement.
 */
#include "fuzz_util.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"
#include "mysql/engine_mysql.h"
#include "mysql/catalog_mysql.h"
#include "core/diff.h"
#include "core/plan.h"

static const char *const cols[] = { "Host", "User", "Priv" };
#define NC (sizeof(cols) / sizeof(cols[0]))

static void snap(struct snapshot *s, int is_source)
{
  struct err e;
  snapshot_init(s, &engine_mysql, is_source);
  FUZZ_CHECK(catalog_mysql_set_session(s, "admin@127.0.0.1",
                                       "10.11.6-MariaDB-0+deb12u1",
                                       &e) == 0);
  FUZZ_CHECK(catalog_mysql_init(s, &e) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  size_t plen;
  const uint8_t *priv = fin_piece(&f, &plen);
  char *user = fin_cstr(&f), *host = fin_cstr(&f);
  const char *vals[NC];
  unsigned long lens[NC];
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct ingest in;
  struct err e;
  size_t i;

  options_init(&o);
  snap(&src, 1);
  snap(&tgt, 0);
  vals[0] = host;
  vals[1] = user;
  lens[0] = (unsigned long)strlen(host);
  lens[1] = (unsigned long)strlen(user);
  /* the Priv value: its bytes, as the server sends them (NUL-terminated
   * copy, its length given) */
  {
    char *p = malloc(plen + 1);
    FUZZ_CHECK(p != NULL);
    memcpy(p, priv, plen);
    p[plen] = 0;
    vals[NC - 1] = p;
    lens[NC - 1] = (unsigned long)plen;
  }

  memset(&e, 0, sizeof(e));
  if(catalog_mysql_begin(&in, &src, &o, MQ_ACCOUNTS_MARIADB, cols, NC,
                         &e) == 0 &&
     catalog_mysql_row(&in, vals, lens, &e) == 0) {
    struct diff d;
    struct plan p;
    struct render_ctx ctx;
    memset(&p, 0, sizeof(p));
    memset(&ctx, 0, sizeof(ctx));
    FUZZ_CHECK(diff_snapshots(&src, &tgt, &d, &e) == 0);
    ctx.src = &src;
    ctx.tgt = &tgt;
    ctx.opts = &o;
    if(plan_build(&ctx, &d, 0, &p, &e) == 0) {
      for(i = 0; i < p.n; i++) {
        const struct action *a = &p.v[i];
        FUZZ_CHECK(a->object != NULL && a->reason != NULL);
        FUZZ_CHECK(a->kind == ACT_SKIP || a->sql != NULL);
      }
    }
    else
      FUZZ_CHECK(e.msg[0] != 0);
    plan_release(&p);
    diff_release(&d);
  }
  else
    FUZZ_CHECK(e.msg[0] != 0);

  free((char *)vals[NC - 1]);
  snapshot_release(&src);
  snapshot_release(&tgt);
  free(user);
  free(host);
  return 0;
}
