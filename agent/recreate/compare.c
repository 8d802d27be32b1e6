/* SPDX-License-Identifier: Apache-2.0 */
/*
 * compare.c - attribute-by-attribute comparison of two RDS instances; see
 * compare.h. Both descriptions go through rds_shim_to_json() so the
 * attribute names are the AWS API's and every member the shim knows is
 * compared, including ones added to the shim later.
 */
#include "rdsclone_compare.h"
#include "buf.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const compare_default_ignores[] = {
  "DBInstanceIdentifier",                   /* the names differ */
  "DBInstanceArn",
  "DbiResourceId",
  "Endpoint.Address",                       /* derived from the name */
  "InstanceCreateTime",
  "StorageEncrypted",                       /* the point of re-creating */
  "KmsKeyId",
  "PerformanceInsightsKMSKeyId",
  "ReadReplicaSourceDBInstanceIdentifier",  /* old vs new primary */
  "ReadReplicaDBInstanceIdentifiers",       /* replica lists */
  NULL
};

struct flat {
  char *attr;
  char *val;   /* canonical compact JSON */
};

struct flatv {
  struct flat *v;
  size_t n, alloc;
};

static int flat_add(struct flatv *f, const char *attr, char *val)
{
  if(!val)
    return -1;
  if(f->n == f->alloc) {
    size_t na = f->alloc ? f->alloc * 2 : 64;
    struct flat *nv = realloc(f->v, na * sizeof(*nv));
    if(!nv) {
      free(val);
      return -1;
    }
    f->v = nv;
    f->alloc = na;
  }
  f->v[f->n].attr = strdup(attr);
  if(!f->v[f->n].attr) {
    free(val);
    return -1;
  }
  f->v[f->n].val = val;
  f->n++;
  return 0;
}

static void flat_free(struct flatv *f)
{
  size_t i;
  for(i = 0; i < f->n; i++) {
    free(f->v[i].attr);
    free(f->v[i].val);
  }
  free(f->v);
  memset(f, 0, sizeof(*f));
}

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Compact JSON; arrays as sets (elements sorted by their own text). */
static char *canonical(const cJSON *v)
{
  struct buf b;
  char **parts;
  size_t n = 0, i;
  const cJSON *e;

  if(!cJSON_IsArray(v))
    return cJSON_PrintUnformatted(v);
  parts = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*parts));
  if(!parts)
    return NULL;
  cJSON_ArrayForEach(e, v) {
    parts[n] = canonical(e);
    if(!parts[n])
      goto oom;
    n++;
  }
  qsort(parts, n, sizeof(*parts), cmp_str);
  buf_init(&b, BUF_CAP_HTTP);
  buf_addc(&b, '[');
  for(i = 0; i < n; i++)
    buf_addf(&b, "%s%s", i ? "," : "", parts[i]);
  buf_addc(&b, ']');
  for(i = 0; i < n; i++)
    free(parts[i]);
  free(parts);
  return buf_take(&b);
oom:
  for(i = 0; i < n; i++)
    free(parts[i]);
  free(parts);
  return NULL;
}

static int flatten(const cJSON *o, const char *prefix, struct flatv *f)
{
  const cJSON *e;
  cJSON_ArrayForEach(e, o) {
    struct buf path;
    int rc;
    buf_init(&path, BUF_CAP_SMALL);
    if(prefix)
      buf_addf(&path, "%s.", prefix);
    buf_adds(&path, e->string ? e->string : "?");
    if(!path.ptr)
      return -1;
    if(cJSON_IsObject(e))
      rc = flatten(e, path.ptr, f);
    else
      rc = flat_add(f, path.ptr, canonical(e));
    buf_release(&path);
    if(rc)
      return -1;
  }
  return 0;
}

static int describe_flat(const struct rds_shim_instance *i, struct flatv *f)
{
  char *json = NULL;
  cJSON *root, *o;
  int rc = -1;

  if(rds_shim_to_json(i, 1, "DBInstance", &json))
    return -1;
  root = cJSON_Parse(json);
  free(json);
  o = root ? cJSON_GetObjectItemCaseSensitive(root, "DBInstance") : NULL;
  if(o)
    rc = flatten(o, NULL, f);
  cJSON_Delete(root);
  return rc;
}

int rdsclone_compare_pattern_covers(const char *pattern, const char *attr)
{
  size_t n = strlen(pattern);
  if(!n)
    return 0;
  if(strncasecmp(pattern, attr, n))
    return 0;
  return attr[n] == '\0' || attr[n] == '.';
}

static int covered(const char *const *pats, size_t n, const char *attr)
{
  size_t i;
  for(i = 0; i < n; i++)
    if(pats[i] && rdsclone_compare_pattern_covers(pats[i], attr))
      return 1;
  return 0;
}

static int default_ignored(const char *attr)
{
  size_t i;
  for(i = 0; compare_default_ignores[i]; i++)
    if(rdsclone_compare_pattern_covers(compare_default_ignores[i], attr))
      return 1;
  return 0;
}

static const char *lookup(const struct flatv *f, const char *attr)
{
  size_t i;
  for(i = 0; i < f->n; i++)
    if(!strcmp(f->v[i].attr, attr))
      return f->v[i].val;
  return NULL;
}

static int item_cmp(const void *a, const void *b)
{
  const struct compare_item *x = a, *y = b;
  if(x->ignored != y->ignored)
    return x->ignored - y->ignored;
  return strcmp(x->attr, y->attr);
}

static int add_item(struct compare_result *r, const char *attr,
                    const char *a, const char *b, int ignored)
{
  struct compare_item *nv = realloc(r->items, (r->n + 1) * sizeof(*nv));
  struct compare_item *it;
  if(!nv)
    return -1;
  r->items = nv;
  it = &nv[r->n];
  memset(it, 0, sizeof(*it));
  it->attr = strdup(attr);
  it->a = a ? strdup(a) : NULL;
  it->b = b ? strdup(b) : NULL;
  it->ignored = ignored;
  r->n++;
  if(!it->attr || (a && !it->a) || (b && !it->b))
    return -1;
  if(!ignored)
    r->nunexpected++;
  return 0;
}

/* One attribute: counted, and recorded if it differs. */
static int consider(struct compare_result *r, const char *attr,
                    const struct flatv *fa, const struct flatv *fb,
                    const char *const *ignore, size_t nignore,
                    const char *const *only, size_t nonly)
{
  const char *a = lookup(fa, attr), *b = lookup(fb, attr);
  int ignored;
  if(nonly && !covered(only, nonly, attr))
    return 0;
  r->ncompared++;
  if((a && b && !strcmp(a, b)) || (!a && !b))
    return 0;
  ignored = covered(ignore, nignore, attr) ||
            (default_ignored(attr) && !covered(only, nonly, attr));
  return add_item(r, attr, a, b, ignored);
}

int rdsclone_compare_instances(const struct rds_shim_instance *a,
                      const struct rds_shim_instance *b,
                      const char *const *ignore, size_t nignore,
                      const char *const *only, size_t nonly,
                      struct compare_result *out)
{
  struct flatv fa, fb;
  size_t i;
  int rc = -1;

  memset(out, 0, sizeof(*out));
  memset(&fa, 0, sizeof(fa));
  memset(&fb, 0, sizeof(fb));
  if(describe_flat(a, &fa) || describe_flat(b, &fb))
    goto done;
  for(i = 0; i < fa.n; i++)
    if(consider(out, fa.v[i].attr, &fa, &fb, ignore, nignore, only, nonly))
      goto done;
  for(i = 0; i < fb.n; i++)
    if(!lookup(&fa, fb.v[i].attr) &&
       consider(out, fb.v[i].attr, &fa, &fb, ignore, nignore, only, nonly))
      goto done;
  if(out->n)
    qsort(out->items, out->n, sizeof(*out->items), item_cmp);
  rc = 0;
done:
  flat_free(&fa);
  flat_free(&fb);
  if(rc)
    rdsclone_compare_result_release(out);
  return rc;
}

void rdsclone_compare_result_release(struct compare_result *r)
{
  size_t i;
  if(!r)
    return;
  for(i = 0; i < r->n; i++) {
    free(r->items[i].attr);
    free(r->items[i].a);
    free(r->items[i].b);
  }
  free(r->items);
  memset(r, 0, sizeof(*r));
}

static cJSON *json_value(const char *v)
{
  cJSON *j;
  if(!v)
    return cJSON_CreateNull();
  j = cJSON_Parse(v);
  return j ? j : cJSON_CreateString(v);
}

static char *render_json(const struct compare_result *r, const char *a_id,
                         const char *b_id)
{
  cJSON *root = cJSON_CreateObject(), *d, *ig, *pats;
  char *out = NULL;
  size_t i;
  int bad = 0;

  if(!root)
    return NULL;
  bad |= !cJSON_AddNumberToObject(root, "version", 1);
  bad |= !cJSON_AddStringToObject(root, "a", a_id);
  bad |= !cJSON_AddStringToObject(root, "b", b_id);
  bad |= !cJSON_AddBoolToObject(root, "equal", r->nunexpected == 0);
  bad |= !cJSON_AddNumberToObject(root, "compared", (double)r->ncompared);
  d = cJSON_AddArrayToObject(root, "differences");
  ig = cJSON_AddArrayToObject(root, "ignored");
  pats = cJSON_AddArrayToObject(root, "default_ignores");
  bad |= !d || !ig || !pats;
  for(i = 0; !bad && i < r->n; i++) {
    cJSON *e = cJSON_CreateObject();
    if(!e || !cJSON_AddItemToArray(r->items[i].ignored ? ig : d, e)) {
      cJSON_Delete(e);
      bad = 1;
      break;
    }
    bad |= !cJSON_AddStringToObject(e, "attribute", r->items[i].attr);
    bad |= !cJSON_AddItemToObject(e, "a", json_value(r->items[i].a));
    bad |= !cJSON_AddItemToObject(e, "b", json_value(r->items[i].b));
  }
  for(i = 0; !bad && compare_default_ignores[i]; i++) {
    cJSON *s = cJSON_CreateString(compare_default_ignores[i]);
    if(!s || !cJSON_AddItemToArray(pats, s)) {
      cJSON_Delete(s);
      bad = 1;
    }
  }
  if(!bad)
    out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}

char *rdsclone_compare_render(const struct compare_result *r, const char *a_id,
                     const char *b_id, int json)
{
  struct buf b;
  size_t i, nign = r->n - r->nunexpected;

  if(json)
    return render_json(r, a_id, b_id);
  buf_init(&b, BUF_CAP_HTTP);
  buf_addf(&b, "compare %s %s: %zu attribute(s) compared, %zu unexpected "
           "difference(s), %zu ignored\n", a_id, b_id, r->ncompared,
           r->nunexpected, nign);
  for(i = 0; i < r->n; i++) {
    if(r->items[i].ignored)
      continue;
    buf_addf(&b, "  %s\n    %s: %s\n    %s: %s\n", r->items[i].attr, a_id,
             r->items[i].a ? r->items[i].a : "(absent)", b_id,
             r->items[i].b ? r->items[i].b : "(absent)");
  }
  if(nign) {
    buf_adds(&b, "ignored (expected to differ):");
    for(i = 0; i < r->n; i++)
      if(r->items[i].ignored)
        buf_addf(&b, " %s", r->items[i].attr);
    buf_addc(&b, '\n');
  }
  if(!r->nunexpected)
    buf_adds(&b, "no unexpected differences\n");
  return buf_take(&b);
}
