/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_mysql8_user.c - the parts of a MySQL 8.0 account rdsclone parses
 * (agent/catalog_mysql.c): mysql.user's User_attributes JSON (partial
 * revokes, "Restrictions") and the accounts query's
 * HEX(authentication_string), and a mysql.proxies_priv row, then diff,
 * plan and render (agent/diff.c, plan.c, render_mysql.c) against an
 * empty target with partial_revokes=ON, offline.
 *
 * Input: User_attributes 0xff hex 0xff user 0xff host 0xff proxied_user
 * 0xff proxied_host. Properties: the row is refused with a message or
 * yields a plan whose every statement rendered (or is a skip with a
 * reason); a valid hex reaches the account's authentication chain byte
 * for byte; a CREATE USER carrying the hash has a redacted twin; every
 * restriction row holds a sorted set without duplicates.
 */
#include "fuzz_util.h"
#include "core/err.h"
#include "core/snapshot.h"
#include "core/diff.h"
#include "core/plan.h"
#include "core/engine.h"
#include "core/rowmap.h"
#include "mysql/engine_mysql.h"
#include "mysql/catalog_mysql.h"
#include "core/diff.h"
#include "core/plan.h"

static const char *const user_cols[] = {
  "Host", "User", "Select_priv", "Insert_priv", "Grant_priv", "plugin",
  "authentication_string", "User_attributes", "authentication_string_hex"
};
#define NU (sizeof(user_cols) / sizeof(user_cols[0]))
static const char *const proxy_cols[] = {
  "Host", "User", "Proxied_host", "Proxied_user", "With_grant"
};

static void snap(struct snapshot *s, int is_source)
{
  struct err e;
  snapshot_init(s, &engine_mysql, is_source);
  FUZZ_CHECK(catalog_mysql_set_session(s, "admin@%", "8.0.36", &e) == 0);
  FUZZ_CHECK(catalog_mysql_init(s, &e) == 0);
}

static char *copy(const uint8_t *p, size_t n)
{
  char *c = malloc(n + 1);
  FUZZ_CHECK(c != NULL);
  memcpy(c, p, n);
  c[n] = 0;
  return c;
}

static int hexval(int c)
{
  return c >= '0' && c <= '9' ? c - '0'
         : c >= 'A' && c <= 'F' ? c - 'A' + 10
         : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The bytes a hex string stands for, or NULL when it is none. */
static char *unhex(const char *h, size_t n, size_t *len)
{
  char *out;
  size_t i;
  if(n % 2)
    return NULL;
  out = malloc(n / 2 + 1);
  FUZZ_CHECK(out != NULL);
  for(i = 0; i < n; i += 2) {
    int a = hexval((unsigned char)h[i]), b = hexval((unsigned char)h[i + 1]);
    if(a < 0 || b < 0) {
      free(out);
      return NULL;
    }
    out[i / 2] = (char)(a * 16 + b);
  }
  *len = n / 2;
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  size_t alen, hlen, rawlen = 0, i;
  const uint8_t *attrs = fin_piece(&f, &alen);
  const uint8_t *hexp = fin_piece(&f, &hlen);
  char *user = fin_cstr(&f), *host = fin_cstr(&f);
  char *puser = fin_cstr(&f), *phost = fin_cstr(&f);
  char *a = copy(attrs, alen), *h = copy(hexp, hlen);
  char *raw = unhex(h, hlen, &rawlen);
  const char *vals[NU];
  unsigned long lens[NU];
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct ingest in;
  struct err e;
  int ok;

  options_init(&o);
  snap(&src, 1);
  snap(&tgt, 0);
  tgt.flags |= SF_PARTIAL_REVOKES;
  vals[0] = host;
  vals[1] = user;
  vals[2] = vals[3] = vals[4] = "Y";
  vals[5] = "caching_sha2_password";
  vals[6] = "?";
  vals[7] = alen ? a : NULL;   /* empty: SQL NULL */
  vals[8] = h;
  for(i = 0; i < NU; i++)
    lens[i] = vals[i] ? (unsigned long)strlen(vals[i]) : 0;
  lens[7] = (unsigned long)alen;   /* the JSON's bytes, NULs included */
  lens[8] = (unsigned long)hlen;

  memset(&e, 0, sizeof(e));
  ok = catalog_mysql_begin(&in, &src, &o, MQ_ACCOUNTS_MYSQL, user_cols, NU,
                           &e) == 0 &&
       catalog_mysql_row(&in, vals, lens, &e) == 0;
  if(ok) {
    const char *pv[] = { host, user, phost, puser, "1" };
    unsigned long pl[5];
    for(i = 0; i < 5; i++)
      pl[i] = (unsigned long)strlen(pv[i]);
    ok = catalog_mysql_begin(&in, &src, &o, MQ_PROXIES, proxy_cols, 5,
                             &e) == 0 &&
         catalog_mysql_row(&in, pv, pl, &e) == 0;
  }
  if(ok) {
    struct diff d;
    struct plan p;
    struct render_ctx ctx;
    struct row *r;
    const struct rowmap *acc = src.maps[MT_ACCOUNT];

    /* a valid hex is the hash, byte for byte (no account: out of scope
     * or reserved, or no hex at all) */
    if(raw && acc->count) {
      struct rowval parts[4];
      r = rowmap_first(acc);
      FUZZ_CHECK(rowmap_key_decode(row_ptr(r, AC_AUTH), row_len(r, AC_AUTH),
                                   parts, 4) == 2);
      FUZZ_CHECK(parts[1].len == rawlen &&
                 !memcmp(parts[1].ptr, raw, rawlen));
    }
    /* restrictions: sorted sets, no duplicates, no empty name */
    for(r = rowmap_first(src.maps[MT_PARTIAL_REVOKE]); r;
        r = rowmap_next(src.maps[MT_PARTIAL_REVOKE], r)) {
      const char *set = row_ptr(r, 3), *prev = NULL, *c;
      size_t plen = 0;
      FUZZ_CHECK(set != NULL && *set);
      for(c = set; ; ) {
        const char *end = strchr(c, ',');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        FUZZ_CHECK(n > 0);
        if(prev) {
          size_t m = n < plen ? n : plen;
          int cmp = memcmp(prev, c, m);
          FUZZ_CHECK(cmp < 0 || (cmp == 0 && plen < n));
        }
        prev = c;
        plen = n;
        if(!end)
          break;
        c = end + 1;
      }
    }
    memset(&p, 0, sizeof(p));
    memset(&ctx, 0, sizeof(ctx));
    FUZZ_CHECK(diff_snapshots(&src, &tgt, &d, &e) == 0);
    ctx.src = &src;
    ctx.tgt = &tgt;
    ctx.opts = &o;
    if(plan_build(&ctx, &d, 0, &p, &e) == 0) {
      for(i = 0; i < p.n; i++) {
        const struct action *x = &p.v[i];
        FUZZ_CHECK(x->object != NULL && x->reason != NULL);
        FUZZ_CHECK(x->kind == ACT_SKIP || x->sql != NULL);
        /* a statement carrying the hash has a redacted twin that
         * shows none of it */
        if(x->kind == ACT_CREATE_USER && rawlen) {
          FUZZ_CHECK(x->sql_redacted != NULL);
          FUZZ_CHECK(strstr(x->sql_redacted, " AS '<redacted>'") != NULL);
        }
      }
    }
    else
      FUZZ_CHECK(e.msg[0] != 0);
    plan_release(&p);
    diff_release(&d);
  }
  else
    FUZZ_CHECK(e.msg[0] != 0);

  free(raw);
  free(a);
  free(h);
  free(user);
  free(host);
  free(puser);
  free(phost);
  snapshot_release(&src);
  snapshot_release(&tgt);
  return 0;
}
