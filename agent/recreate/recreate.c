/* SPDX-License-Identifier: Apache-2.0 */
/*
 * recreate.c - re-create a read replica, resumable step by step; see
 * recreate.h. Every decision is taken from a fresh DescribeDBInstances,
 * never from remembered state, so a run killed at any point and started
 * again picks up where the instances are.
 */
#include "rdsclone_recreate.h"
#include "recreate_shared.h"
#include "core/options.h"
#include "buf.h"
#include "callfmt.h"
#include "steprec.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char *const step_names[RECREATE_NSTEPS] = {
  "describe", "create", "wait-available", "modify", "wait-modified",
  "wait-pending-reboot", "reboot", "wait-in-sync", "reconcile"
};
static const char *const status_names[] = {
  "not_run", "done", "skipped", "planned", "failed"
};

const char *rdsclone_recreate_step_name(enum recreate_step s)
{
  return (unsigned)s < RECREATE_NSTEPS ? step_names[s] : NULL;
}

int rdsclone_recreate_step_parse(const char *name)
{
  int i;
  for(i = 0; name && i < RECREATE_NSTEPS; i++)
    if(!strcmp(step_names[i], name))
      return i;
  return -1;
}

const char *rdsclone_recreate_status_name(enum recreate_status s)
{
  return (unsigned)s <= RECREATE_FAILED ? status_names[s] : "?";
}

/* ---- context ----------------------------------------------------------- */

struct ctx {
  const struct recreate_options *o;
  struct recreate_result *res;
  char *errbuf;
  size_t errlen;
  double t0;            /* start of the current step */
  const char *last_status, *last_apply; /* for progress lines */
  char last_status_buf[64], last_apply_buf[64];
  const struct rds_shim_tag_in *tags;   /* added at creation */
  size_t ntags;
};

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void logf_(struct ctx *c, enum rdsclone_log_level l,
                  const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void logf_(struct ctx *c, enum rdsclone_log_level l,
                  const char *fmt, ...)
{
  char line[1024];
  va_list ap;
  if(!c->o->log || (int)l > c->o->verbosity)
    return;
  va_start(ap, fmt);
  vsnprintf(line, sizeof(line), fmt, ap);
  va_end(ap);
  c->o->log(c->o->log_ud, l, line);
}

static enum recreate_code fail(struct ctx *c, enum recreate_code rc,
                               const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
static enum recreate_code fail(struct ctx *c, enum recreate_code rc,
                               const char *fmt, ...)
{
  va_list ap;
  if(c->errbuf && c->errlen) {
    va_start(ap, fmt);
    vsnprintf(c->errbuf, c->errlen, fmt, ap);
    va_end(ap);
  }
  return rc;
}

static void step_begin(struct ctx *c)
{
  c->t0 = now_s();
}

/* Records a step's outcome, logs it with its duration, tells the caller. */
static enum recreate_code step_end(struct ctx *c, enum recreate_step s,
                                   enum recreate_status st,
                                   const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
static enum recreate_code step_end(struct ctx *c, enum recreate_step s,
                                   enum recreate_status st,
                                   const char *fmt, ...)
{
  struct recreate_step_result *r = &c->res->steps[s];
  va_list ap;
  int bad;

  va_start(ap, fmt);
  bad = steprec_set(r, st, now_s() - c->t0, fmt, ap);
  va_end(ap);
  if(bad)
    return RECREATE_E_NOMEM;
  logf_(c, st == RECREATE_FAILED ? RDSCLONE_LOG_ERROR : RDSCLONE_LOG_INFO,
        "step %-19s %-7s %6.1f s  %s", step_names[s], status_names[st],
        r->seconds, r->detail);
  if(st != RECREATE_FAILED && c->o->step_done)
    c->o->step_done(c->o->step_ud, s, st);
  return RECREATE_OK;
}

static enum recreate_code add_call(struct ctx *c, char *call)
{
  if(steprec_push(&c->res->calls, &c->res->ncalls, call))
    return RECREATE_E_NOMEM;
  logf_(c, RDSCLONE_LOG_INFO, "%s %s", c->o->dry_run ? "would call" :
        "calling", call);
  return RECREATE_OK;
}

/* ---- describing --------------------------------------------------------- */

static enum recreate_code describe(struct ctx *c, const char *id,
                                   int missing_ok,
                                   struct rds_shim_instance **out)
{
  enum rds_shim_code sc = rds_shim_describe(c->o->shim, id, out);
  if(sc == RDS_SHIM_NOT_FOUND && missing_ok) {
    *out = NULL;
    return RECREATE_OK;
  }
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return RECREATE_E_NOMEM;
  if(sc)
    return fail(c, RECREATE_E_AWS, "describe %s: %s", id,
                rds_shim_errmsg(c->o->shim)[0] ? rds_shim_errmsg(c->o->shim)
                                               : rds_shim_strerror(sc));
  return RECREATE_OK;
}

static int lists_replica(const struct rds_shim_instance *primary,
                         const char *name)
{
  size_t i;
  for(i = 0; i < primary->n_read_replicas; i++)
    if(primary->read_replicas[i] && !strcmp(primary->read_replicas[i], name))
      return 1;
  return 0;
}

static const char *first_pg(const struct rds_shim_instance *i)
{
  return i && i->n_parameter_groups ? i->parameter_groups[0].name : NULL;
}

/* Security groups that count: active ones (or any, without a status). */
static int sg_active(const struct rds_shim_member_status *m)
{
  return !m->status || !strcmp(m->status, "active");
}

static int sg_present(const struct rds_shim_member_status *m)
{
  return !m->status || (strcmp(m->status, "removing") &&
                        strcmp(m->status, "revoked") &&
                        strcmp(m->status, "inactive"));
}

static int has_sg(const struct rds_shim_instance *i, const char *id,
                  int (*pred)(const struct rds_shim_member_status *))
{
  size_t k;
  for(k = 0; k < i->n_vpc_security_groups; k++)
    if(i->vpc_security_groups[k].name &&
       !strcmp(i->vpc_security_groups[k].name, id) &&
       pred(&i->vpc_security_groups[k]))
      return 1;
  return 0;
}

/* Do want's active security groups equal have's present ones (as sets)? */
static int sgs_match(const struct rds_shim_instance *want,
                     const struct rds_shim_instance *have)
{
  size_t k;
  for(k = 0; k < want->n_vpc_security_groups; k++)
    if(sg_active(&want->vpc_security_groups[k]) &&
       want->vpc_security_groups[k].name &&
       !has_sg(have, want->vpc_security_groups[k].name, sg_present))
      return 0;
  for(k = 0; k < have->n_vpc_security_groups; k++)
    if(sg_present(&have->vpc_security_groups[k]) &&
       have->vpc_security_groups[k].name &&
       !has_sg(want, have->vpc_security_groups[k].name, sg_active))
      return 0;
  return 1;
}

static int pg_matches(const struct rds_shim_instance *want,
                      const struct rds_shim_instance *have)
{
  const char *a = first_pg(want), *b = first_pg(have);
  return !a || (b && !strcmp(a, b));
}

static int apply_is(const struct rds_shim_instance *i, const char *what)
{
  const char *s = rds_shim_instance_param_status(i);
  return s && !strcmp(s, what);
}

/* ---- call rendering (log lines and --dry-run) --------------------------- */

static char *render_create(const struct rds_shim_replica_params *p)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "CreateDBInstanceReadReplica");
  callfmt_str(&b, "DBInstanceIdentifier", p->id);
  callfmt_str(&b, "SourceDBInstanceIdentifier", p->source_id);
  callfmt_str(&b, "DBInstanceClass", p->instance_class);
  callfmt_str(&b, "AvailabilityZone", p->availability_zone);
  callfmt_bool(&b, "MultiAZ", p->multi_az);
  callfmt_num(&b, "Port", p->port);
  callfmt_str(&b, "StorageType", p->storage_type);
  callfmt_num(&b, "Iops", p->iops);
  callfmt_str(&b, "OptionGroupName", p->option_group);
  callfmt_str(&b, "DBParameterGroupName", p->parameter_group);
  callfmt_list(&b, "VpcSecurityGroupIds", &p->vpc_security_group_ids);
  callfmt_tags(&b, p->tags, p->n_tags);
  callfmt_str(&b, "KmsKeyId", p->kms_key_id);
  callfmt_num(&b, "MonitoringInterval", p->monitoring_interval);
  callfmt_str(&b, "MonitoringRoleArn", p->monitoring_role_arn);
  callfmt_bool(&b, "EnablePerformanceInsights", p->performance_insights);
  callfmt_str(&b, "PerformanceInsightsKMSKeyId",
              p->performance_insights_kms_key_id);
  callfmt_num(&b, "PerformanceInsightsRetentionPeriod",
              p->performance_insights_retention_period);
  callfmt_list(&b, "EnableCloudwatchLogsExports",
               &p->cloudwatch_logs_exports);
  callfmt_bool(&b, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  callfmt_bool(&b, "PubliclyAccessible", p->publicly_accessible);
  callfmt_bool(&b, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  callfmt_bool(&b, "DeletionProtection", p->deletion_protection);
  callfmt_bool(&b, "EnableIAMDatabaseAuthentication", p->iam_auth);
  return buf_take(&b);
}

static char *render_modify(const struct rds_shim_modify_params *p)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "ModifyDBInstance");
  callfmt_str(&b, "DBInstanceIdentifier", p->id);
  callfmt_str(&b, "DBParameterGroupName", p->parameter_group);
  callfmt_list(&b, "VpcSecurityGroupIds", &p->vpc_security_group_ids);
  callfmt_bool(&b, "ApplyImmediately", p->apply_immediately);
  return buf_take(&b);
}

static char *render_reboot(const char *id)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  buf_addf(&b, "RebootDBInstance DBInstanceIdentifier=%s ForceFailover=false",
           id);
  return buf_take(&b);
}

/* ---- waiting ------------------------------------------------------------ */

static void progress(void *ud, const char *id, const char *status,
                     const char *apply, double elapsed, int done)
{
  struct ctx *c = ud;
  int changed = !c->last_status || !status ||
                strcmp(c->last_status, status) ||
                (apply && (!c->last_apply || strcmp(c->last_apply, apply)));
  (void)done;
  if(changed)
    logf_(c, RDSCLONE_LOG_INFO, "  %s: status %s, parameters %s (%.1f s)",
          id, status ? status : "(gone)", apply ? apply : "-", elapsed);
  else
    logf_(c, RDSCLONE_LOG_DEBUG, "  %s: still %s/%s (%.0f s)", id,
          status ? status : "(gone)", apply ? apply : "-", elapsed);
  snprintf(c->last_status_buf, sizeof(c->last_status_buf), "%s",
           status ? status : "");
  c->last_status = c->last_status_buf;
  snprintf(c->last_apply_buf, sizeof(c->last_apply_buf), "%s",
           apply ? apply : "");
  c->last_apply = c->last_apply_buf;
}

static enum recreate_code wait_for(struct ctx *c, enum recreate_step s,
                                   enum rds_shim_wait_target target,
                                   struct rds_shim_instance **last)
{
  struct rds_shim_wait_options w;
  enum rds_shim_code sc;
  static const char *const tnames[] = {
    "available", "pending-reboot", "in-sync", "deleted"
  };

  memset(&w, 0, sizeof(w));
  w.target = target;
  w.timeout_s = c->o->wait_timeout_s;
  w.poll_ms = c->o->poll_ms;
  w.max_poll_ms = c->o->max_poll_ms;
  w.progress = progress;
  w.progress_ctx = c;
  c->last_status = c->last_apply = NULL;
  rds_shim_instance_free(*last);
  *last = NULL;
  step_begin(c);
  sc = rds_shim_wait(c->o->shim, c->o->name, &w, last);
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return RECREATE_E_NOMEM;
  if(sc) {
    step_end(c, s, RECREATE_FAILED, "waiting for %s: %s", tnames[target],
             rds_shim_errmsg(c->o->shim));
    return fail(c, RECREATE_E_WAIT, "%s: waiting for %s %s: %s",
                step_names[s], c->o->name, tnames[target],
                rds_shim_errmsg(c->o->shim)[0] ? rds_shim_errmsg(c->o->shim)
                                               : rds_shim_strerror(sc));
  }
  return step_end(c, s, RECREATE_DONE, "%s is %s (parameters %s); waited "
                  "%.1f s", c->o->name, (*last && (*last)->status) ?
                  (*last)->status : "?",
                  rds_shim_instance_param_status(*last) ?
                  rds_shim_instance_param_status(*last) : "-",
                  now_s() - c->t0);
}

/* ---- URIs --------------------------------------------------------------- */

int recreate_engine_is_pg(const char *engine)
{
  return engine && (!strncmp(engine, "postgres", 8) ||
                    !strcmp(engine, "aurora-postgresql"));
}

static void add_pct(struct buf *b, const char *s)
{
  for(; *s; s++) {
    unsigned char ch = (unsigned char)*s;
    if((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
       (ch >= '0' && ch <= '9') || ch == '-' || ch == '.' || ch == '_' ||
       ch == '~')
      buf_addc(b, (char)ch);
    else
      buf_addf(b, "%%%02X", ch);
  }
}

char *rdsclone_recreate_instance_uri(const struct rds_shim_instance *inst,
                            const char *user_fallback,
                            const struct recreate_endpoint *map, size_t n,
                            char *errbuf, size_t errlen)
{
  struct buf b;
  const char *user;
  char *out;
  size_t i;

  for(i = 0; i < n; i++)
    if(inst && inst->id && map[i].id && !strcmp(map[i].id, inst->id)) {
      out = strdup(map[i].uri);
      if(!out)
        snprintf(errbuf, errlen, "out of memory");
      return out;
    }
  if(!inst || !inst->endpoint_address || !inst->endpoint_address[0]) {
    snprintf(errbuf, errlen, "%s has no endpoint address yet (map it in the "
             "configuration's endpoints group)", inst && inst->id ?
             inst->id : "instance");
    return NULL;
  }
  user = inst->master_username ? inst->master_username : user_fallback;
  if(!user || !*user) {
    snprintf(errbuf, errlen, "%s: no master user name in its description "
             "(map it in the configuration's endpoints group)", inst->id);
    return NULL;
  }
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, recreate_engine_is_pg(inst->engine) ? "postgresql://" : "mysql://");
  add_pct(&b, user);
  buf_addf(&b, "@%s", inst->endpoint_address);
  if(inst->endpoint_port > 0)
    buf_addf(&b, ":%ld", inst->endpoint_port);
  out = buf_take(&b);
  if(!out)
    snprintf(errbuf, errlen, "out of memory");
  return out;
}

/* ---- the procedure ------------------------------------------------------ */

static void recon_log(void *ud, enum rdsclone_log_level l, const char *msg)
{
  struct ctx *c = ud;
  logf_(c, l, "reconcile: %s", msg);
}

/* Where the accounts are written. A PostgreSQL read replica is a physical
 * standby: it cannot be written and holds exactly its primary's roles, so
 * they go to the new primary, which replicates them to the new replica. A
 * MySQL-family replica holds accounts of its own: they go to it. */
static int writes_to_primary(const struct rds_shim_instance *primary)
{
  return recreate_engine_is_pg(primary->engine);
}

/* The source's and the target's URIs into c->res. RECREATE_OK with both
 * set; else the step has ended (failed, or planned in a dry run before
 * the replica exists: *planned set) and its result is returned. */
static enum recreate_code reconcile_uris(struct ctx *c,
                                         const struct rds_shim_instance *from,
                                         const struct rds_shim_instance *dest,
                                         const char *fallback, int *planned)
{
  const struct recreate_options *o = c->o;
  struct rds_shim_instance stub;
  char err[1024] = "";

  c->res->source_uri = rdsclone_recreate_instance_uri(from, fallback,
                                                      o->endpoints,
                                                      o->nendpoints, err,
                                                      sizeof(err));
  if(!c->res->source_uri) {
    step_end(c, RECREATE_RECONCILE, RECREATE_FAILED, "source: %s", err);
    return fail(c, RECREATE_E_STATE, "reconcile: source: %s", err);
  }
  /* a dry run before the replica exists: only the map can name it */
  memset(&stub, 0, sizeof(stub));
  stub.id = (char *)o->name;
  c->res->target_uri = rdsclone_recreate_instance_uri(dest ? dest : &stub,
                                                      fallback, o->endpoints,
                                                      o->nendpoints, err,
                                                      sizeof(err));
  if(!c->res->target_uri && !dest && o->dry_run) {
    *planned = 1;
    return step_end(c, RECREATE_RECONCILE, RECREATE_PLANNED,
                    "rdsclone apply %s -> %s once it exists (no plan: "
                    "%s)", o->from, o->name, err);
  }
  if(!c->res->target_uri) {
    step_end(c, RECREATE_RECONCILE, RECREATE_FAILED, "target: %s", err);
    return fail(c, RECREATE_E_STATE, "reconcile: target: %s", err);
  }
  return RECREATE_OK;
}

/* The reconcile step's outcome once rdsclone_run succeeded. */
static enum recreate_code reconcile_end(struct ctx *c, const char *dest_id)
{
  const struct rdsclone_report *r = c->res->report;
  size_t n, pending = rdsclone_report_pending(r);

  if(c->o->dry_run)
    return step_end(c, RECREATE_RECONCILE, pending ? RECREATE_PLANNED
                                                   : RECREATE_SKIPPED,
                    "%zu statement(s) to run on %s", pending, dest_id);
  c->res->converged = rdsclone_report_converged(r);
  n = rdsclone_report_actions(r);
  return step_end(c, RECREATE_RECONCILE,
                  n ? RECREATE_DONE : RECREATE_SKIPPED,
                  "%zu action(s) on %s, %zu not applied; target %s", n,
                  dest_id, pending,
                  c->res->converged ? "verified" : "still differs");
}

static enum recreate_code reconcile(struct ctx *c,
                                    const struct rds_shim_instance *primary,
                                    const struct rds_shim_instance *from,
                                    const struct rds_shim_instance *rep)
{
  const struct recreate_options *o = c->o;
  struct rdsclone_options ro;   /* the template's copy, strings borrowed */
  char err[1024] = "";
  int to_primary = writes_to_primary(primary), planned = 0;
  const char *dest_id = to_primary ? o->primary : o->name;
  enum recreate_code rc;

  if(o->recon)
    ro = *o->recon;
  else
    options_init(&ro);
  step_begin(c);
  rc = reconcile_uris(c, from, to_primary ? primary : rep,
                      primary->master_username, &planned);
  if(rc || planned)
    return rc;
  ro.source.uri = c->res->source_uri;
  ro.target.uri = c->res->target_uri;
  if(!ro.log && o->log) {
    ro.log = recon_log;
    ro.log_userdata = c;
    ro.verbosity = o->verbosity;
  }
  if(to_primary)
    logf_(c, RDSCLONE_LOG_INFO, "PostgreSQL: %s is a physical standby "
          "holding its primary's roles; they are written to %s, which "
          "replicates them", o->name, o->primary);
  logf_(c, RDSCLONE_LOG_INFO, "reconcile %s (%s) -> %s (%s)%s", o->from,
        ro.source.uri, dest_id, ro.target.uri, o->dry_run ? ", plan only" :
        "");
  c->res->recon_rc = rdsclone_run(&ro, o->dry_run ? RDSCLONE_PLAN
                                                  : RDSCLONE_APPLY,
                                  &c->res->report, err, sizeof(err));
  if(c->res->recon_rc) {
    const char *why = err[0] ? err : rdsclone_strerror(c->res->recon_rc);
    step_end(c, RECREATE_RECONCILE, RECREATE_FAILED, "%s", why);
    return fail(c, RECREATE_E_RECONCILE, "reconcile %s -> %s: %s", o->from,
                dest_id, why);
  }
  return reconcile_end(c, dest_id);
}

/* The old replica's active security groups, for a create or modify:
 * *out (free()) and *n; RECREATE_E_NOMEM when it cannot allocate. */
static enum recreate_code active_sgs(const struct rds_shim_instance *from,
                                     const char ***out, size_t *n)
{
  size_t k;

  *n = 0;
  *out = calloc(from->n_vpc_security_groups + 1, sizeof(**out));
  if(!*out)
    return RECREATE_E_NOMEM;
  for(k = 0; k < from->n_vpc_security_groups; k++)
    if(sg_active(&from->vpc_security_groups[k]) &&
       from->vpc_security_groups[k].name)
      (*out)[(*n)++] = from->vpc_security_groups[k].name;
  return RECREATE_OK;
}

/* The old replica's tags plus the caller's, set at creation so that no
 * moment exists in which the new replica lacks them (*own: free()). */
static int with_tags(struct rds_shim_replica_params *p,
                     const struct rds_shim_instance *from,
                     const struct rds_shim_tag_in *extra, size_t nextra,
                     struct rds_shim_tag_in **own)
{
  struct rds_shim_tag_in *t = calloc(from->n_tags + nextra, sizeof(*t));
  size_t i;
  if(!t)
    return -1;
  *own = t;
  for(i = 0; i < from->n_tags; i++) {
    t[i].key = from->tags[i].key;
    t[i].value = from->tags[i].value;
  }
  memcpy(t + from->n_tags, extra, nextra * sizeof(*t));
  p->tags = t;
  p->n_tags = from->n_tags + nextra;
  return 0;
}

/* A create call's parameters and what they borrow from. */
struct create_call {
  struct rds_shim_replica_params p;
  const char **sgs;
  struct rds_shim_tag_in *tags;
};

static void create_call_release(struct create_call *cc)
{
  free(cc->tags);
  rds_shim_replica_params_release(&cc->p);
  free(cc->sgs);
}

/* name as a replica of primary with from's attributes and tags plus
 * extra. RDS_SHIM_OK, RDS_SHIM_OUT_OF_MEMORY or the copy's error; cc is
 * to be released in every case. */
static enum rds_shim_code create_call_build(struct create_call *cc,
                                            const char *name,
                                            const char *primary,
                                            const struct rds_shim_instance
                                            *from,
                                            const struct rds_shim_tag_in
                                            *extra, size_t nextra)
{
  size_t nsg = 0;
  enum rds_shim_code sc;

  memset(cc, 0, sizeof(*cc));
  rds_shim_replica_params_init(&cc->p);
  cc->p.id = name;
  cc->p.source_id = primary;
  /* only the old replica's active security groups */
  if(from->n_vpc_security_groups) {
    if(active_sgs(from, &cc->sgs, &nsg))
      return RDS_SHIM_OUT_OF_MEMORY;
    cc->p.vpc_security_group_ids.v = cc->sgs;
    cc->p.vpc_security_group_ids.n = nsg;
  }
  if(nextra && with_tags(&cc->p, from, extra, nextra, &cc->tags))
    return RDS_SHIM_OUT_OF_MEMORY;
  sc = rds_shim_replica_params_from(&cc->p, from);
  /* a same-region replica is encrypted with its primary's key: never pass
   * the old replica's (it belongs to the side being replaced) */
  cc->p.kms_key_id = NULL;
  return sc;
}

char *recreate_planned_create(const struct rds_shim_instance *from,
                              const char *primary, const char *name,
                              const struct rds_shim_tag_in *tags,
                              size_t ntags)
{
  struct create_call cc;
  char *out = NULL;
  if(!create_call_build(&cc, name, primary, from, tags, ntags))
    out = render_create(&cc.p);
  create_call_release(&cc);
  return out;
}

static enum recreate_code create(struct ctx *c,
                                 const struct rds_shim_instance *from)
{
  const struct recreate_options *o = c->o;
  struct create_call cc;
  enum rds_shim_code sc;
  enum recreate_code rc;

  step_begin(c);
  sc = create_call_build(&cc, o->name, o->primary, from, c->tags, c->ntags);
  if(sc) {
    create_call_release(&cc);
    return sc == RDS_SHIM_OUT_OF_MEMORY ? RECREATE_E_NOMEM
           : fail(c, RECREATE_E_STATE, "create: copying %s's attributes: %s",
                  o->from, rds_shim_strerror(sc));
  }
  rc = add_call(c, render_create(&cc.p));
  if(!rc && !o->dry_run) {
    struct rds_shim_instance *out = NULL;
    sc = rds_shim_create_read_replica(o->shim, &cc.p, &out);
    rds_shim_instance_free(out);
    if(sc) {
      step_end(c, RECREATE_CREATE, RECREATE_FAILED, "%s",
               rds_shim_errmsg(o->shim));
      rc = fail(c, RECREATE_E_AWS, "create: %s", rds_shim_errmsg(o->shim));
    }
    else
      rc = step_end(c, RECREATE_CREATE, RECREATE_DONE, "created %s as a "
                    "replica of %s with %s's attributes", o->name,
                    o->primary, o->from);
  }
  else if(!rc)
    rc = step_end(c, RECREATE_CREATE, RECREATE_PLANNED, "would create %s as "
                  "a replica of %s with %s's attributes", o->name,
                  o->primary, o->from);
  create_call_release(&cc);
  return rc;
}

static enum recreate_code modify(struct ctx *c,
                                 const struct rds_shim_instance *from,
                                 const struct rds_shim_instance *rep,
                                 int pg_ok, int sg_ok)
{
  const struct recreate_options *o = c->o;
  struct rds_shim_modify_params m;
  const char **sgs = NULL;
  size_t nsg = 0;
  enum recreate_code rc;
  struct buf what;

  step_begin(c);
  rds_shim_modify_params_init(&m);
  m.id = o->name;
  m.apply_immediately = 1;
  buf_init(&what, BUF_CAP_SMALL);
  if(!pg_ok) {
    m.parameter_group = first_pg(from);
    buf_addf(&what, "parameter group %s -> %s", first_pg(rep) ?
             first_pg(rep) : "(none)", m.parameter_group);
  }
  if(!sg_ok) {
    if(active_sgs(from, &sgs, &nsg)) {
      buf_release(&what);
      return RECREATE_E_NOMEM;
    }
    m.vpc_security_group_ids.v = sgs;
    m.vpc_security_group_ids.n = nsg;
    buf_addf(&what, "%ssecurity groups", pg_ok ? "" : ", ");
  }
  (void)rep;
  rc = add_call(c, render_modify(&m));
  if(!rc && !o->dry_run) {
    struct rds_shim_instance *out = NULL;
    enum rds_shim_code sc = rds_shim_modify(o->shim, &m, &out);
    rds_shim_instance_free(out);
    if(sc) {
      step_end(c, RECREATE_MODIFY, RECREATE_FAILED, "%s",
               rds_shim_errmsg(o->shim));
      rc = fail(c, RECREATE_E_AWS, "modify: %s", rds_shim_errmsg(o->shim));
    }
    else
      rc = step_end(c, RECREATE_MODIFY, RECREATE_DONE, "set %s "
                    "(ApplyImmediately)", buf_str(&what));
  }
  else if(!rc)
    rc = step_end(c, RECREATE_MODIFY, RECREATE_PLANNED, "would set %s "
                  "(ApplyImmediately)", buf_str(&what));
  buf_release(&what);
  free(sgs);
  return rc;
}

static enum recreate_code reboot(struct ctx *c)
{
  const struct recreate_options *o = c->o;
  enum recreate_code rc;
  struct rds_shim_instance *out = NULL;
  enum rds_shim_code sc;

  step_begin(c);
  rc = add_call(c, render_reboot(o->name));
  if(rc)
    return rc;
  if(o->dry_run)
    return step_end(c, RECREATE_REBOOT, RECREATE_PLANNED, "would reboot %s "
                    "without failover", o->name);
  sc = rds_shim_reboot(o->shim, o->name, 0, &out);
  rds_shim_instance_free(out);
  if(sc) {
    step_end(c, RECREATE_REBOOT, RECREATE_FAILED, "%s",
             rds_shim_errmsg(o->shim));
    return fail(c, RECREATE_E_AWS, "reboot: %s", rds_shim_errmsg(o->shim));
  }
  return step_end(c, RECREATE_REBOOT, RECREATE_DONE, "rebooted %s without "
                  "failover for the parameter group to take effect",
                  o->name);
}

/* Marks steps first..last (inclusive) skipped with the same reason. */
static enum recreate_code skip_range(struct ctx *c, enum recreate_step first,
                                     enum recreate_step last,
                                     enum recreate_status st,
                                     const char *why)
{
  int s;
  enum recreate_code rc = RECREATE_OK;
  for(s = first; s <= (int)last && !rc; s++) {
    step_begin(c);
    rc = step_end(c, (enum recreate_step)s, st, "%s", why);
  }
  return rc;
}

/* A dry run's steps from wait-pending-reboot on, the replica (as it
 * is) not modified. */
static enum recreate_code plan_reboot(struct ctx *c,
                                      const struct rds_shim_instance *rep)
{
  enum recreate_code rc;

  if(!apply_is(rep, "pending-reboot"))
    return skip_range(c, RECREATE_WAIT_PENDING_REBOOT, RECREATE_WAIT_IN_SYNC,
                      RECREATE_PLANNED, "wait for the parameters to apply; "
                      "reboot if they are pending-reboot");
  step_begin(c);
  rc = step_end(c, RECREATE_WAIT_PENDING_REBOOT, RECREATE_SKIPPED,
                "parameters are pending-reboot");
  if(!rc)
    rc = reboot(c);
  if(!rc)
    rc = skip_range(c, RECREATE_WAIT_IN_SYNC, RECREATE_WAIT_IN_SYNC,
                    RECREATE_PLANNED, "wait for available and in-sync");
  return rc;
}

/* Finishing: from "the replica exists" to "its parameters are in-sync". */
static enum recreate_code finish(struct ctx *c,
                                 const struct rds_shim_instance *from,
                                 struct rds_shim_instance **rep)
{
  const struct recreate_options *o = c->o;
  enum recreate_code rc;
  int pg_ok, sg_ok;

  if(o->dry_run) {
    step_begin(c);
    rc = step_end(c, RECREATE_WAIT_AVAILABLE, (*rep)->status &&
                  !strcmp((*rep)->status, "available") ? RECREATE_SKIPPED :
                  RECREATE_PLANNED, "%s is %s", o->name,
                  (*rep)->status ? (*rep)->status : "?");
  }
  else
    rc = wait_for(c, RECREATE_WAIT_AVAILABLE, RDS_SHIM_WAIT_AVAILABLE, rep);
  if(rc)
    return rc;
  pg_ok = pg_matches(from, *rep);
  sg_ok = sgs_match(from, *rep);
  if(pg_ok && sg_ok && apply_is(*rep, "in-sync"))
    return skip_range(c, RECREATE_MODIFY, RECREATE_WAIT_IN_SYNC,
                      RECREATE_SKIPPED, "parameter group and security "
                      "groups already match, parameters in-sync");
  if(!pg_ok || !sg_ok) {
    rc = modify(c, from, *rep, pg_ok, sg_ok);
    if(!rc && o->dry_run)
      return skip_range(c, RECREATE_WAIT_MODIFIED, RECREATE_WAIT_IN_SYNC,
                        RECREATE_PLANNED, "after the modify: wait, reboot "
                        "if the parameters are pending-reboot, wait");
    if(!rc)
      rc = wait_for(c, RECREATE_WAIT_MODIFIED, RDS_SHIM_WAIT_AVAILABLE, rep);
  }
  else {
    step_begin(c);
    rc = step_end(c, RECREATE_MODIFY, RECREATE_SKIPPED, "parameter group "
                  "and security groups already match (parameters %s)",
                  rds_shim_instance_param_status(*rep) ?
                  rds_shim_instance_param_status(*rep) : "-");
    if(!rc) {
      step_begin(c);
      rc = step_end(c, RECREATE_WAIT_MODIFIED, RECREATE_SKIPPED, "nothing "
                    "modified");
    }
  }
  if(rc)
    return rc;
  if(o->dry_run)
    return plan_reboot(c, *rep);
  rc = wait_for(c, RECREATE_WAIT_PENDING_REBOOT, RDS_SHIM_WAIT_PENDING_REBOOT,
                rep);
  if(rc)
    return rc;
  if(apply_is(*rep, "pending-reboot"))
    rc = reboot(c);
  else {
    step_begin(c);
    rc = step_end(c, RECREATE_REBOOT, RECREATE_SKIPPED, "parameters are %s: "
                  "no reboot needed", rds_shim_instance_param_status(*rep) ?
                  rds_shim_instance_param_status(*rep) : "-");
  }
  if(!rc)
    rc = wait_for(c, RECREATE_WAIT_IN_SYNC, RDS_SHIM_WAIT_IN_SYNC, rep);
  return rc;
}

/* The describe step: the primary, the old replica and, if it exists,
 * the new one (*rep, else NULL), which must be the primary's replica. */
static enum recreate_code describe_all(struct ctx *c,
                                       struct rds_shim_instance **primary,
                                       struct rds_shim_instance **from,
                                       struct rds_shim_instance **rep)
{
  const struct recreate_options *o = c->o;
  const char *src;
  enum recreate_code rc;

  step_begin(c);
  rc = describe(c, o->primary, 0, primary);
  if(!rc)
    rc = describe(c, o->from, 0, from);
  if(!rc)
    rc = describe(c, o->name, 1, rep);
  src = *rep ? (*rep)->read_replica_source : NULL;
  if(!rc && *rep && !lists_replica(*primary, o->name) &&
     !(src && (!strcmp(src, o->primary) ||
               ((*primary)->arn && !strcmp(src, (*primary)->arn)))))
    rc = fail(c, RECREATE_E_STATE, "%s exists but is not a read replica of "
              "%s (its source: %s); refusing to touch it", o->name,
              o->primary, src ? src : "none");
  if(rc) {
    step_end(c, RECREATE_DESCRIBE, RECREATE_FAILED, "%s",
             c->errbuf ? c->errbuf : "");
    return rc;
  }
  if(!(*from)->read_replica_source)
    logf_(c, RDSCLONE_LOG_WARN, "%s is not a read replica; copying its "
          "attributes anyway", o->from);
  return step_end(c, RECREATE_DESCRIBE, RECREATE_DONE, "primary %s (%s, %s), "
                  "old replica %s (%s), %s %s", o->primary,
                  (*primary)->engine ? (*primary)->engine : "?",
                  (*primary)->storage_encrypted == 1 ? "encrypted" :
                  "not encrypted", o->from,
                  first_pg(*from) ? first_pg(*from) : "no parameter group",
                  o->name, *rep ? "exists: finishing it"
                                : "does not exist yet");
}

/* A dry run's steps after a create it would make (nothing to describe):
 * each planned, then the reconciliation as far as the map allows. */
static enum recreate_code plan_after_create(
  struct ctx *c, const struct rds_shim_instance *primary,
  const struct rds_shim_instance *from)
{
  static const char *const after_create[] = {
    "wait until it is available",
    ("only if its parameter group or security groups differ after the "
     "create (both are passed to it)"),
    "only after a modify: wait until available",
    "wait until the parameters are pending-reboot or in-sync",
    "only if the parameters are pending-reboot (no failover)",
    "wait until available and in-sync"
  };
  enum recreate_code rc = RECREATE_OK;
  int s;

  for(s = RECREATE_WAIT_AVAILABLE; !rc && s <= RECREATE_WAIT_IN_SYNC; s++)
    rc = skip_range(c, (enum recreate_step)s, (enum recreate_step)s,
                    RECREATE_PLANNED,
                    after_create[s - RECREATE_WAIT_AVAILABLE]);
  if(!rc)
    rc = reconcile(c, primary, from, NULL);
  return rc;
}

/* From the descriptions to the end: create (or not), finish, reconcile.
 * *rep may be replaced by a fresher description. */
static enum recreate_code run_steps(struct ctx *c,
                                    const struct rds_shim_instance *primary,
                                    const struct rds_shim_instance *from,
                                    struct rds_shim_instance **rep)
{
  const struct recreate_options *o = c->o;
  enum recreate_code rc;

  if(*rep) {
    step_begin(c);
    rc = step_end(c, RECREATE_CREATE, RECREATE_SKIPPED, "%s already "
                  "exists as a replica of %s", o->name, o->primary);
  }
  else {
    rc = create(c, from);
    if(!rc && o->dry_run)
      return plan_after_create(c, primary, from);
    if(!rc)
      rc = describe(c, o->name, 0, rep);
  }
  if(!rc)
    rc = finish(c, from, rep);
  if(!rc)
    rc = reconcile(c, primary, from, *rep);
  return rc;
}

enum recreate_code rdsclone_recreate_replica(const struct recreate_options *o,
                                    struct recreate_result *res,
                                    char *errbuf, size_t errlen)
{
  return recreate_replica_tagged(o, NULL, 0, res, errbuf, errlen);
}

enum recreate_code recreate_replica_tagged(const struct recreate_options *o,
                                           const struct rds_shim_tag_in *tags,
                                           size_t ntags,
                                           struct recreate_result *res,
                                           char *errbuf, size_t errlen)
{
  struct ctx c;
  struct rds_shim_instance *primary = NULL, *from = NULL, *rep = NULL;
  enum recreate_code rc;
  double start = now_s();

  memset(res, 0, sizeof(*res));
  memset(&c, 0, sizeof(c));
  c.o = o;
  c.res = res;
  c.errbuf = errbuf;
  c.errlen = errlen;
  c.tags = tags;
  c.ntags = ntags;
  if(errbuf && errlen)
    errbuf[0] = '\0';
  if(!o || !o->shim || !o->primary || !*o->primary || !o->from ||
     !*o->from || !o->name || !*o->name)
    return fail(&c, RECREATE_E_USAGE, "the primary, the old replica and the "
                "new replica's name are all needed");
  if(!strcmp(o->name, o->from) || !strcmp(o->name, o->primary))
    return fail(&c, RECREATE_E_USAGE, "the new replica's name must differ "
                "from the primary's and the old replica's");
  rc = describe_all(&c, &primary, &from, &rep);
  if(!rc)
    rc = run_steps(&c, primary, from, &rep);
  res->seconds = now_s() - start;
  if(rc == RECREATE_E_NOMEM && errbuf && errlen && !errbuf[0])
    snprintf(errbuf, errlen, "out of memory");
  rds_shim_instance_free(primary);
  rds_shim_instance_free(from);
  rds_shim_instance_free(rep);
  return rc;
}

void rdsclone_recreate_result_release(struct recreate_result *res)
{
  size_t i;
  if(!res)
    return;
  for(i = 0; i < RECREATE_NSTEPS; i++)
    free(res->steps[i].detail);
  steprec_free_list(res->calls, res->ncalls);
  free(res->source_uri);
  free(res->target_uri);
  rdsclone_report_free(res->report);
  memset(res, 0, sizeof(*res));
}

char *rdsclone_recreate_result_json(const struct recreate_result *res,
                           const struct recreate_options *o,
                           enum recreate_code rc, const char *error)
{
  cJSON *root = cJSON_CreateObject(), *steps, *calls;
  char *out = NULL;
  size_t i;
  int bad = 0;

  if(!root)
    return NULL;
  bad |= !cJSON_AddNumberToObject(root, "version", 1);
  bad |= !cJSON_AddStringToObject(root, "rdsclone", RDSCLONE_VERSION);
  bad |= !cJSON_AddStringToObject(root, "command", "recreate-replica");
  bad |= !cJSON_AddBoolToObject(root, "dry_run", o->dry_run);
  bad |= !cJSON_AddStringToObject(root, "primary", o->primary);
  bad |= !cJSON_AddStringToObject(root, "from", o->from);
  bad |= !cJSON_AddStringToObject(root, "name", o->name);
  bad |= !cJSON_AddBoolToObject(root, "ok", rc == RECREATE_OK);
  if(error && *error)
    bad |= !cJSON_AddStringToObject(root, "error", error);
  else
    bad |= !cJSON_AddNullToObject(root, "error");
  bad |= !cJSON_AddNumberToObject(root, "seconds", res->seconds);
  steps = cJSON_AddArrayToObject(root, "steps");
  bad |= !steps;
  for(i = 0; steps && i < RECREATE_NSTEPS; i++) {
    cJSON *s = cJSON_CreateObject();
    if(!s || !cJSON_AddItemToArray(steps, s)) {
      cJSON_Delete(s);
      bad = 1;
      break;
    }
    bad |= !cJSON_AddStringToObject(s, "step", step_names[i]);
    bad |= !cJSON_AddStringToObject(s, "status",
                                    status_names[res->steps[i].status]);
    bad |= !cJSON_AddNumberToObject(s, "seconds", res->steps[i].seconds);
    if(res->steps[i].detail)
      bad |= !cJSON_AddStringToObject(s, "detail", res->steps[i].detail);
  }
  calls = cJSON_AddArrayToObject(root, "calls");
  bad |= !calls;
  for(i = 0; calls && i < res->ncalls; i++) {
    cJSON *s = cJSON_CreateString(res->calls[i]);
    if(!s || !cJSON_AddItemToArray(calls, s)) {
      cJSON_Delete(s);
      bad = 1;
    }
  }
  if(res->source_uri)
    bad |= !cJSON_AddStringToObject(root, "source_uri", res->source_uri);
  if(res->target_uri)
    bad |= !cJSON_AddStringToObject(root, "target_uri", res->target_uri);
  if(res->report) {
    char *r = rdsclone_report_render(res->report, RDSCLONE_FORMAT_JSON, 0);
    cJSON *rj = r ? cJSON_Parse(r) : NULL;
    free(r);
    if(!rj || !cJSON_AddItemToObject(root, "reconcile", rj)) {
      cJSON_Delete(rj);
      bad = 1;
    }
  }
  else
    bad |= !cJSON_AddNullToObject(root, "reconcile");
  if(!o->dry_run && res->report)
    bad |= !cJSON_AddBoolToObject(root, "converged", res->converged);
  if(!bad)
    out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}
