/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_json.c - the result of "rdsclone encrypt" as JSON: the run's
 * outcome, steps[] as recreate-replica's, the calls, the primary's
 * reconciliation report, the plans after the swap and the cleanup
 * commands.
 */
#include "encrypt_ctx.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

/* name: [strings]; 0 or -1 (out of memory). */
static int add_list(cJSON *root, const char *name, char *const *v, size_t n)
{
  cJSON *a = cJSON_AddArrayToObject(root, name);
  size_t i;
  for(i = 0; a && i < n; i++) {
    cJSON *s = cJSON_CreateString(v[i]);
    if(!s || !cJSON_AddItemToArray(a, s)) {
      cJSON_Delete(s);
      return -1;
    }
  }
  return a ? 0 : -1;
}

static int add_steps(cJSON *root, const struct rdsclone_encrypt_result *r)
{
  cJSON *a = cJSON_AddArrayToObject(root, "steps");
  int i, bad = !a;
  for(i = 0; a && !bad && i < ENCRYPT_NSTEPS; i++) {
    const struct recreate_step_result *s = &r->steps[i];
    cJSON *o = cJSON_CreateObject();
    if(!o || !cJSON_AddItemToArray(a, o)) {
      cJSON_Delete(o);
      return -1;
    }
    bad |= !cJSON_AddStringToObject(o, "step", rdsclone_encrypt_step_name(
                                      (enum rdsclone_encrypt_step)i));
    bad |= !cJSON_AddStringToObject(o, "status",
                                    rdsclone_recreate_status_name(s->status));
    bad |= !cJSON_AddNumberToObject(o, "seconds", s->seconds);
    if(s->detail)
      bad |= !cJSON_AddStringToObject(o, "detail", s->detail);
  }
  return bad ? -1 : 0;
}

static int add_report(cJSON *root, const struct rdsclone_encrypt_result *r)
{
  char *text;
  cJSON *rj;
  if(!r->report)
    return cJSON_AddNullToObject(root, "reconcile") ? 0 : -1;
  text = rdsclone_report_render(r->report, RDSCLONE_FORMAT_JSON, 0);
  rj = text ? cJSON_Parse(text) : NULL;
  free(text);
  if(!rj || !cJSON_AddItemToObject(root, "reconcile", rj)) {
    cJSON_Delete(rj);
    return -1;
  }
  return 0;
}

/* final_plan: [{source, target, pending}] after the swap. */
static int add_finals(cJSON *root, const struct rdsclone_encrypt_result *r)
{
  cJSON *a = cJSON_AddArrayToObject(root, "final_plan");
  size_t i;
  int bad = !a;
  for(i = 0; !bad && i < r->nfinals; i++) {
    cJSON *o = cJSON_CreateObject();
    if(!o || !cJSON_AddItemToArray(a, o)) {
      cJSON_Delete(o);
      return -1;
    }
    bad |= !cJSON_AddStringToObject(o, "source", r->finals[i].source);
    bad |= !cJSON_AddStringToObject(o, "target", r->finals[i].target);
    bad |= !cJSON_AddNumberToObject(o, "pending",
                                    (double)r->finals[i].pending);
  }
  return bad ? -1 : 0;
}

char *rdsclone_encrypt_result_json(const struct rdsclone_encrypt_result *r,
                                   const struct rdsclone_encrypt_options *o,
                                   enum rdsclone_encrypt_code rc,
                                   const char *error)
{
  cJSON *root = cJSON_CreateObject();
  char *out = NULL;
  int bad = !root || !r || !o;

  if(bad) {
    cJSON_Delete(root);
    return NULL;
  }
  bad |= !cJSON_AddNumberToObject(root, "version", 1);
  bad |= !cJSON_AddStringToObject(root, "rdsclone", RDSCLONE_VERSION);
  bad |= !cJSON_AddStringToObject(root, "command", "encrypt");
  bad |= !cJSON_AddStringToObject(root, "instance", o->instance);
  bad |= !cJSON_AddStringToObject(root, "kms_key", o->kms_key);
  bad |= !cJSON_AddBoolToObject(root, "dry_run", o->dry_run);
  bad |= !cJSON_AddBoolToObject(root, "swap", o->swap);
  bad |= !cJSON_AddBoolToObject(root, "ok", rc == ENCRYPT_OK);
  bad |= !(error && *error ? cJSON_AddStringToObject(root, "error", error)
                           : cJSON_AddNullToObject(root, "error"));
  bad |= !cJSON_AddNumberToObject(root, "seconds", r->seconds);
  bad |= add_steps(root, r) || add_list(root, "calls", r->calls, r->ncalls);
  bad |= add_report(root, r) || add_finals(root, r);
  bad |= add_list(root, "cleanup", r->cleanup, r->ncleanup);
  if(!bad)
    out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}
