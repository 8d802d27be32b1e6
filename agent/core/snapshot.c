/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.c - life of a snapshot: init, index, release, and the count of
 * rows it holds but does not compare.
 */
#include "core/snapshot.h"

#include <stdlib.h>
#include <string.h>

void snapshot_init(struct snapshot *s, const struct engine *en,
                   int is_source)
{
  memset(s, 0, sizeof(*s));
  s->engine = en;
  s->is_source = is_source;
  buf_init(&s->own_privs, BUF_CAP_SMALL * 16);
  buf_init(&s->notes, BUF_CAP_SMALL);
}

enum rdsclone_code snapshot_index(struct snapshot *s, struct err *e)
{
  size_t i;
  for(i = 0; i < MAX_TABLES; i++)
    if(s->maps[i] && rowmap_index(s->maps[i]) < 0)
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory indexing %s",
                     s->maps[i]->name);
  return RDSCLONE_OK;
}

void snapshot_release(struct snapshot *s)
{
  size_t i;
  for(i = 0; i < MAX_TABLES; i++)
    rowmap_free(s->maps[i]);
  free(s->server_version);
  free(s->current_user);
  free(s->current_host);
  buf_release(&s->own_privs);
  buf_release(&s->notes);
  coverage_release(&s->not_compared);
  memset(s, 0, sizeof(*s));
}

enum rdsclone_code snapshot_not_compared(struct snapshot *s,
                                         const char *kind,
                                         const char *example, size_t count,
                                         struct err *e)
{
  if(coverage_add(&s->not_compared, s->is_source ? "source" : "target",
                  kind, example, count))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  return RDSCLONE_OK;
}
