/* SPDX-License-Identifier: Apache-2.0 */
/*
 * coverage.c - counts of rows a run read but did not compare, per side
 * and kind (coverage.h). A handful of kinds at most: a linear list.
 */
#include "core/coverage.h"

#include <stdlib.h>
#include <string.h>

int coverage_add(struct coverage *c, const char *side, const char *kind,
                 const char *example, size_t count)
{
  struct gap *v, *g;
  size_t i;
  for(i = 0; i < c->n; i++)
    if(!strcmp(c->v[i].side, side) && !strcmp(c->v[i].kind, kind)) {
      c->v[i].count += count;
      return 0;
    }
  v = realloc(c->v, (c->n + 1) * sizeof(*v));
  if(!v)
    return -1;
  c->v = v;
  g = &v[c->n];
  g->side = strdup(side);
  g->kind = strdup(kind);
  g->example = strdup(example ? example : "");
  g->count = count;
  if(!g->side || !g->kind || !g->example) {
    free(g->side);
    free(g->kind);
    free(g->example);
    return -1;
  }
  c->n++;
  return 0;
}

int coverage_merge(struct coverage *c, const struct coverage *from)
{
  size_t i;
  for(i = 0; i < from->n; i++)
    if(coverage_add(c, from->v[i].side, from->v[i].kind,
                    from->v[i].example, from->v[i].count))
      return -1;
  return 0;
}

void coverage_release(struct coverage *c)
{
  size_t i;
  for(i = 0; i < c->n; i++) {
    free(c->v[i].side);
    free(c->v[i].kind);
    free(c->v[i].example);
  }
  free(c->v);
  c->v = NULL;
  c->n = 0;
}
