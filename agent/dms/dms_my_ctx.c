/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_my_ctx.c - what every part of a MySQL/MariaDB DMS run shares: the
 * databases it covers (as SQL) and how a failure is recorded.
 */
#include "dms/dms_my_ctx.h"
#include "dms/dms_myq.h"

#include <string.h>

void dms_my_scope(const struct dms_my *x, MYSQL *m, struct buf *b,
                  const char *col)
{
  size_t i;
  buf_addf(b, " AND %s ", col);
  if(!x->o->ndatabases) {
    buf_adds(b, "NOT IN ('mysql', 'information_schema', "
             "'performance_schema', 'sys', 'rdsclone')");
    return;
  }
  buf_adds(b, "IN (");
  for(i = 0; i < x->o->ndatabases; i++) {
    const char *d = x->o->databases[i];
    if(i)
      buf_adds(b, ", ");
    dms_myq_literal(b, m, d, strlen(d));
  }
  buf_addc(b, ')');
}

void dms_my_fail(struct dms_my *x, const char *db, const char *action,
                 const char *why)
{
  struct dms_item *it = dms_result_add(x->r, "database", db, NULL, NULL,
                                       NULL, action);
  if(it) {
    it->status = DMS_FAILED;
    dms_item_set(x->r, &it->detail, why);
  }
}

void dms_my_outcome(struct dms_my *x, struct dms_item *it, int failed,
                    const char *why)
{
  it->status = failed ? DMS_FAILED : DMS_DONE;
  if(failed)
    dms_item_set(x->r, &it->detail, why);
}
