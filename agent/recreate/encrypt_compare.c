/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_compare.c - the compare step of "rdsclone encrypt": old against
 * new, primary and each replica, by the attributes of rdsclone compare,
 * rdsclone's own tags aside. An unexpected difference stops the run
 * before the swap.
 */
#include "encrypt_compare.h"
#include "rdsclone_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A shallow copy of i without rdsclone's own tags (*tags: free()). */
static int untagged(const struct rds_shim_instance *i,
                    struct rds_shim_instance *out, struct rds_shim_tag **tags)
{
  size_t k;
  *out = *i;
  *tags = calloc(i->n_tags + 1, sizeof(**tags));
  if(!*tags)
    return -1;
  out->tags = *tags;
  out->n_tags = 0;
  for(k = 0; k < i->n_tags; k++)
    if(!i->tags[k].key || strncmp(i->tags[k].key, "rdsclone:", 9))
      (*tags)[out->n_tags++] = i->tags[k];
  return 0;
}

enum rdsclone_encrypt_code enc_compare_pair(const struct enc_pair *p,
                                            struct buf *what, size_t *n)
{
  struct rds_shim_instance a, b;
  struct rds_shim_tag *ta = NULL, *tb = NULL;
  struct compare_result r;
  size_t i;
  int bad;

  bad = untagged(p->old, &a, &ta) || untagged(p->neu, &b, &tb) ||
        rdsclone_compare_instances(&a, &b, NULL, 0, NULL, 0, &r);
  free(ta);
  free(tb);
  if(bad)
    return ENCRYPT_E_NOMEM;
  for(i = 0; i < r.n; i++)
    if(!r.items[i].ignored) {
      buf_addf(what, "%s%s vs %s: %s (%s vs %s)", (*n)++ ? "; " : "",
               p->old->id, p->neu->id, r.items[i].attr,
               r.items[i].a ? r.items[i].a : "absent",
               r.items[i].b ? r.items[i].b : "absent");
    }
  rdsclone_compare_result_release(&r);
  return ENCRYPT_OK;
}

enum rdsclone_encrypt_code enc_compare(struct enc_ctx *c)
{
  struct buf what;
  size_t i, n = 0, pairs = 0;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  enc_step_begin(c);
  buf_init(&what, BUF_CAP_SMALL);
  for(i = 0; i <= c->st.nreps && !rc; i++) {
    const struct enc_pair *p = i ? &c->st.reps[i - 1] : &c->st.primary;
    if(!p->neu)
      continue;
    pairs++;
    rc = enc_compare_pair(p, &what, &n);
  }
  if(!rc && n) {
    rc = enc_step_failed(c, ENCRYPT_COMPARE, ENCRYPT_E_DIFFERS,
                         buf_str(&what));
    rc = rc == ENCRYPT_E_NOMEM ? rc : ENCRYPT_E_DIFFERS;
  }
  else if(!rc)
    rc = enc_step_end(c, ENCRYPT_COMPARE, pairs <= c->st.nreps &&
                      c->o->dry_run ? RECREATE_PLANNED : RECREATE_DONE,
                      "%zu pair(s) compared, nothing unexpected differs%s",
                      pairs, pairs <= c->st.nreps ? " (the rest once they "
                      "exist)" : "");
  buf_release(&what);
  return rc;
}

