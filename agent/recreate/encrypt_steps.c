/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_steps.c - the steps of "rdsclone encrypt" that make the
 * encrypted primary (snapshot, copy, restore, modify) and the waits the
 * whole procedure shares. Each step first looks at what exists (the
 * describe step's findings): a snapshot, copy or restore a killed run
 * made is waited for, never made twice.
 */
#include "encrypt_steps.h"
#include "callfmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- waits -------------------------------------------------------------- */

struct prog {
  struct enc_ctx *c;
  char last[64];
};

static void progress(void *ud, const char *id, const char *status,
                     const char *apply, double elapsed, int done)
{
  struct prog *p = ud;
  const char *s = status ? status : "(gone)";
  (void)done;
  if(strcmp(p->last, s))
    enc_log(p->c, RDSCLONE_LOG_INFO, "  %s: %s%s%s (%.1f s)", id, s,
            apply ? ", parameters " : "", apply ? apply : "", elapsed);
  snprintf(p->last, sizeof(p->last), "%s", s);
}

static void wait_opts(struct enc_ctx *c, struct rds_shim_wait_options *w,
                      enum rds_shim_wait_target t, struct prog *p)
{
  memset(w, 0, sizeof(*w));
  memset(p, 0, sizeof(*p));
  p->c = c;
  w->target = t;
  w->timeout_s = c->o->wait_timeout_s;
  w->poll_ms = c->o->poll_ms;
  w->max_poll_ms = c->o->max_poll_ms;
  w->progress = progress;
  w->progress_ctx = p;
}

static enum rdsclone_encrypt_code wait_failed(struct enc_ctx *c,
                                              enum rdsclone_encrypt_step s,
                                              enum rds_shim_code sc,
                                              const char *id)
{
  char what[1200];
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return ENCRYPT_E_NOMEM;
  snprintf(what, sizeof(what), "waiting for %s: %s", id,
           enc_shim_err(c, sc));
  return enc_step_failed(c, s, sc == RDS_SHIM_DEADLINE ||
                         sc == RDS_SHIM_TERMINAL_STATUS ? ENCRYPT_E_WAIT
                                                        : ENCRYPT_E_AWS,
                         what);
}

enum rdsclone_encrypt_code enc_wait(struct enc_ctx *c,
                                    enum rdsclone_encrypt_step s,
                                    const char *id,
                                    enum rds_shim_wait_target target,
                                    struct rds_shim_instance **last)
{
  struct rds_shim_wait_options w;
  struct rds_shim_instance *tmp = NULL, **out = last ? last : &tmp;
  struct prog p;
  enum rds_shim_code sc;
  char *name = strdup(id);     /* id may be (*last)->id */
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  if(!name)
    return ENCRYPT_E_NOMEM;
  wait_opts(c, &w, target, &p);
  rds_shim_instance_free(*out);
  *out = NULL;
  sc = rds_shim_wait(c->o->shim, name, &w, out);
  rds_shim_instance_free(tmp);
  if(sc)
    rc = wait_failed(c, s, sc, name);
  free(name);
  return rc;
}

static enum rdsclone_encrypt_code wait_snapshot(struct enc_ctx *c,
                                                enum rdsclone_encrypt_step s,
                                                const char *id)
{
  struct rds_shim_wait_options w;
  struct rds_shim_snapshot *last = NULL;
  struct prog p;
  enum rds_shim_code sc;

  wait_opts(c, &w, RDS_SHIM_WAIT_AVAILABLE, &p);
  sc = rds_shim_wait_snapshot(c->o->shim, id, &w, &last);
  rds_shim_snapshot_free(last);
  return sc ? wait_failed(c, s, sc, id) : ENCRYPT_OK;
}

/* A call that failed: the step fails with AWS's message. */
static enum rdsclone_encrypt_code call_failed(struct enc_ctx *c,
                                              enum rdsclone_encrypt_step s,
                                              enum rds_shim_code sc)
{
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return ENCRYPT_E_NOMEM;
  return enc_step_failed(c, s, ENCRYPT_E_AWS, enc_shim_err(c, sc));
}

const char *enc_pending_rename(const struct rds_shim_instance *inst)
{
  size_t k;
  for(k = 0; inst && k < inst->n_pending; k++)
    if(inst->pending[k].key &&
       !strcmp(inst->pending[k].key, "DBInstanceIdentifier") &&
       inst->pending[k].value && *inst->pending[k].value)
      return inst->pending[k].value;
  return NULL;
}

static void nap(long ms)
{
  struct timespec ts;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  nanosleep(&ts, NULL);
}

/* 1 when to is available and from is gone, 0 not yet, -1 error (sc). */
static int renamed(struct enc_ctx *c, const char *from, const char *to,
                   enum rds_shim_code *sc)
{
  struct rds_shim_instance *i = NULL;
  int ok;
  *sc = rds_shim_describe(c->o->shim, to, &i);
  if(*sc == RDS_SHIM_NOT_FOUND)
    return 0;
  if(*sc)
    return -1;
  ok = i->status && !strcmp(i->status, "available");
  rds_shim_instance_free(i);
  if(!ok)
    return 0;
  *sc = rds_shim_describe(c->o->shim, from, &i);
  rds_shim_instance_free(i);
  if(*sc == RDS_SHIM_NOT_FOUND) {
    *sc = RDS_SHIM_OK;
    return 1;
  }
  return *sc ? -1 : 0;
}

enum rdsclone_encrypt_code enc_wait_rename(struct enc_ctx *c,
                                           enum rdsclone_encrypt_step s,
                                           const char *from, const char *to)
{
  long poll = c->o->poll_ms ? c->o->poll_ms : 5000;
  long cap = c->o->max_poll_ms ? c->o->max_poll_ms : 30000;
  double deadline = enc_now() + (double)(c->o->wait_timeout_s ?
                                         c->o->wait_timeout_s : 3600);
  enum rds_shim_code sc;
  int r;

  while((r = renamed(c, from, to, &sc)) == 0) {
    if(enc_now() > deadline) {
      char what[300];
      snprintf(what, sizeof(what), "rename of %s to %s: deadline passed",
               from, to);
      return enc_step_failed(c, s, ENCRYPT_E_WAIT, what);
    }
    nap(poll);
    poll = poll * 2 > cap ? cap : poll * 2;
  }
  if(r < 0)
    return wait_failed(c, s, sc, to);
  enc_log(c, RDSCLONE_LOG_INFO, "  %s is now %s", from, to);
  return ENCRYPT_OK;
}

/* ---- snapshot and copy -------------------------------------------------- */

static void run_tags(const struct enc_ctx *c, struct rds_shim_tag_in *t)
{
  t[0].key = ENC_TAG_OF;
  t[0].value = c->st.primary.name;
  t[1].key = ENC_TAG_RUN;
  t[1].value = c->st.run_id;
}

static char *render_snapshot(const struct enc_ctx *c)
{
  struct buf b;
  struct rds_shim_tag_in t[2];
  run_tags(c, t);
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "CreateDBSnapshot");
  callfmt_str(&b, "DBInstanceIdentifier", c->st.primary.old->id);
  callfmt_str(&b, "DBSnapshotIdentifier", c->st.snap_id);
  callfmt_tags(&b, t, 2);
  return buf_take(&b);
}

/* Skipped because the restore exists, or (dry run) planned. 1 if so. */
static int not_needed(struct enc_ctx *c, enum rdsclone_encrypt_step s,
                      const void *exists, enum rdsclone_encrypt_code *rc)
{
  if(c->st.primary.neu) {
    *rc = enc_step_end(c, s, RECREATE_SKIPPED, "%s exists: not needed",
                       c->st.primary.neu->id);
    return 1;
  }
  if(!c->o->dry_run)
    return 0;
  *rc = enc_step_end(c, s, exists ? RECREATE_SKIPPED : RECREATE_PLANNED,
                     "%s", exists ? "exists" : "would make it and wait "
                     "until it is available");
  return 1;
}

enum rdsclone_encrypt_code enc_snapshot(struct enc_ctx *c)
{
  struct enc_state *st = &c->st;
  struct rds_shim_tag_in t[2];
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  enum rds_shim_code sc;

  enc_step_begin(c);
  if(!st->snap && !st->primary.neu)
    rc = enc_add_call(c, render_snapshot(c));
  if(rc || not_needed(c, ENCRYPT_SNAPSHOT, st->snap, &rc))
    return rc;
  if(!st->snap) {
    run_tags(c, t);
    sc = rds_shim_create_snapshot(c->o->shim, st->primary.old->id,
                                  st->snap_id, t, 2, NULL);
    if(sc)
      return call_failed(c, ENCRYPT_SNAPSHOT, sc);
  }
  rc = wait_snapshot(c, ENCRYPT_SNAPSHOT, st->snap_id);
  return rc ? rc : enc_step_end(c, ENCRYPT_SNAPSHOT, st->snap ?
                                RECREATE_SKIPPED : RECREATE_DONE,
                                "%s of %s %s available", st->snap_id,
                                st->primary.old->id, st->snap ?
                                "(an earlier run's)" : "made,");
}

static char *render_copy(const struct rds_shim_copy_params *p)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "CopyDBSnapshot");
  callfmt_str(&b, "SourceDBSnapshotIdentifier", p->source_id);
  callfmt_str(&b, "TargetDBSnapshotIdentifier", p->target_id);
  callfmt_str(&b, "KmsKeyId", p->kms_key_id);
  callfmt_bool(&b, "CopyTags", p->copy_tags);
  callfmt_tags(&b, p->tags, p->n_tags);
  return buf_take(&b);
}

enum rdsclone_encrypt_code enc_copy(struct enc_ctx *c)
{
  struct enc_state *st = &c->st;
  struct rds_shim_copy_params p;
  struct rds_shim_tag_in t[2];
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;
  enum rds_shim_code sc;

  enc_step_begin(c);
  run_tags(c, t);
  rds_shim_copy_params_init(&p);
  p.source_id = st->snap_id;
  p.target_id = st->copy_id;
  p.kms_key_id = c->o->kms_key;
  p.copy_tags = 1;
  p.tags = t;
  p.n_tags = 2;
  if(!st->copy && !st->primary.neu)
    rc = enc_add_call(c, render_copy(&p));
  if(rc || not_needed(c, ENCRYPT_COPY, st->copy, &rc))
    return rc;
  if(!st->copy) {
    sc = rds_shim_copy_snapshot(c->o->shim, &p, NULL);
    if(sc)
      return call_failed(c, ENCRYPT_COPY, sc);
  }
  rc = wait_snapshot(c, ENCRYPT_COPY, st->copy_id);
  return rc ? rc : enc_step_end(c, ENCRYPT_COPY, st->copy ?
                                RECREATE_SKIPPED : RECREATE_DONE,
                                "%s (KMS key %s) %s available", st->copy_id,
                                c->o->kms_key, st->copy ?
                                "(an earlier run's)" : "made,");
}

/* ---- restore ------------------------------------------------------------ */

static char *render_restore(const struct rds_shim_restore_params *p)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "RestoreDBInstanceFromDBSnapshot");
  callfmt_str(&b, "DBInstanceIdentifier", p->id);
  callfmt_str(&b, "DBSnapshotIdentifier", p->snapshot_id);
  callfmt_str(&b, "DBInstanceClass", p->instance_class);
  callfmt_str(&b, "DBSubnetGroupName", p->db_subnet_group_name);
  callfmt_str(&b, "OptionGroupName", p->option_group);
  callfmt_str(&b, "DBParameterGroupName", p->parameter_group);
  callfmt_list(&b, "VpcSecurityGroupIds", &p->vpc_security_group_ids);
  callfmt_bool(&b, "MultiAZ", p->multi_az);
  callfmt_str(&b, "AvailabilityZone", p->availability_zone);
  callfmt_num(&b, "Port", p->port);
  callfmt_str(&b, "StorageType", p->storage_type);
  callfmt_num(&b, "Iops", p->iops);
  callfmt_num(&b, "StorageThroughput", p->storage_throughput);
  callfmt_bool(&b, "PubliclyAccessible", p->publicly_accessible);
  callfmt_bool(&b, "AutoMinorVersionUpgrade", p->auto_minor_version_upgrade);
  callfmt_bool(&b, "CopyTagsToSnapshot", p->copy_tags_to_snapshot);
  callfmt_bool(&b, "DeletionProtection", p->deletion_protection);
  callfmt_bool(&b, "EnableIAMDatabaseAuthentication", p->iam_auth);
  callfmt_list(&b, "EnableCloudwatchLogsExports",
               &p->cloudwatch_logs_exports);
  callfmt_str(&b, "CACertificateIdentifier", p->ca_certificate_identifier);
  callfmt_tags(&b, p->tags, p->n_tags);
  return buf_take(&b);
}

/* The old instance's tags (not rdsclone's) and rdsclone:encrypt-of. */
static struct rds_shim_tag_in *restore_tags(const struct enc_ctx *c,
                                            size_t *n)
{
  const struct rds_shim_instance *o = c->st.primary.old;
  struct rds_shim_tag_in *t = calloc(o->n_tags + 1, sizeof(*t));
  size_t k;

  *n = 0;
  for(k = 0; t && k < o->n_tags; k++)
    if(o->tags[k].key && strncmp(o->tags[k].key, "rdsclone:", 9)) {
      t[*n].key = o->tags[k].key;
      t[(*n)++].value = o->tags[k].value;
    }
  if(t) {
    t[*n].key = ENC_TAG_OF;
    t[(*n)++].value = c->st.primary.name;
  }
  return t;
}

/* The restore call (or its plan). */
static enum rdsclone_encrypt_code restore_call(struct enc_ctx *c)
{
  struct enc_pair *p = &c->st.primary;
  struct rds_shim_restore_params r;
  struct rds_shim_tag_in *t;
  enum rds_shim_code sc = RDS_SHIM_OK;
  enum rdsclone_encrypt_code rc;

  rds_shim_restore_params_init(&r);
  r.id = p->new_name;
  r.snapshot_id = c->st.copy_id;
  r.tags = t = restore_tags(c, &r.n_tags);
  if(!t || rds_shim_restore_params_from(&r, p->old)) {
    rds_shim_restore_params_release(&r);
    free(t);
    return ENCRYPT_E_NOMEM;
  }
  rc = enc_add_call(c, render_restore(&r));
  if(!rc && !c->o->dry_run)
    sc = rds_shim_restore(c->o->shim, &r, NULL);
  rds_shim_restore_params_release(&r);
  free(t);
  if(!rc && sc)
    rc = call_failed(c, ENCRYPT_RESTORE, sc);
  return rc;
}

enum rdsclone_encrypt_code enc_restore(struct enc_ctx *c)
{
  struct enc_pair *p = &c->st.primary;
  int existed = p->neu != NULL;
  enum rdsclone_encrypt_code rc = ENCRYPT_OK;

  enc_step_begin(c);
  if(existed && p->neu->status && !strcmp(p->neu->status, "available"))
    return enc_step_end(c, ENCRYPT_RESTORE, RECREATE_SKIPPED, "%s exists "
                        "and is available", p->neu->id);
  if(!existed)
    rc = restore_call(c);
  if(!rc && c->o->dry_run)
    return enc_step_end(c, ENCRYPT_RESTORE, RECREATE_PLANNED, "would "
                        "restore %s from %s with %s's attributes and wait",
                        p->new_name, c->st.copy_id, p->old->id);
  if(!rc)
    rc = enc_wait(c, ENCRYPT_RESTORE, existed ? p->neu->id : p->new_name,
                  RDS_SHIM_WAIT_AVAILABLE, &p->neu);
  return rc ? rc : enc_step_end(c, ENCRYPT_RESTORE, RECREATE_DONE, "%s %s "
                                "from %s, available", p->neu->id, existed ?
                                "(an earlier run's restore)" : "restored",
                                c->st.copy_id);
}

/* ---- modify: what the restore cannot set -------------------------------- */

static const char *first_pg(const struct rds_shim_instance *i)
{
  return i && i->n_parameter_groups ? i->parameter_groups[0].name : NULL;
}

static int str_differs(const char *want, const char *have)
{
  return want && (!have || strcmp(want, have));
}

#define NUM_DIFF(want, have) ((want) != RDS_SHIM_UNSET && (want) != (have))

/* Fills p / m with what differs between o (wanted) and n; names them in
 * what. Returns how many. */
static int modify_diff(const struct rds_shim_instance *o,
                       const struct rds_shim_instance *n,
                       struct rds_shim_modify_params *p,
                       struct rds_shim_modify_more *m, struct buf *what)
{
  int k = 0;
#define NOTE(name) (buf_addf(what, "%s%s", k++ ? ", " : "", name), 1)
  if(NUM_DIFF(o->backup_retention_period, n->backup_retention_period) &&
     NOTE("backup retention"))
    m->backup_retention_period = o->backup_retention_period;
  if(str_differs(o->preferred_backup_window, n->preferred_backup_window) &&
     NOTE("backup window"))
    m->preferred_backup_window = o->preferred_backup_window;
  if(str_differs(o->preferred_maintenance_window,
                 n->preferred_maintenance_window) && NOTE("maintenance "
                                                          "window"))
    m->preferred_maintenance_window = o->preferred_maintenance_window;
  if(NUM_DIFF(o->max_allocated_storage, n->max_allocated_storage) &&
     NOTE("max allocated storage"))
    m->max_allocated_storage = o->max_allocated_storage;
  if(str_differs(o->ca_certificate_identifier, n->ca_certificate_identifier)
     && NOTE("CA certificate"))
    m->ca_certificate_identifier = o->ca_certificate_identifier;
  if(NUM_DIFF(o->monitoring_interval, n->monitoring_interval) &&
     NOTE("monitoring"))
    p->monitoring_interval = o->monitoring_interval;
  if(str_differs(o->monitoring_role_arn, n->monitoring_role_arn) &&
     NOTE("monitoring role"))
    p->monitoring_role_arn = o->monitoring_role_arn;
  if(NUM_DIFF(o->performance_insights_enabled,
              n->performance_insights_enabled) && NOTE("Performance "
                                                       "Insights"))
    p->performance_insights = o->performance_insights_enabled;
  if(str_differs(first_pg(o), first_pg(n)) && NOTE("parameter group"))
    p->parameter_group = first_pg(o);
  if(NUM_DIFF(o->deletion_protection, n->deletion_protection) &&
     NOTE("deletion protection"))
    p->deletion_protection = o->deletion_protection;
  if(NUM_DIFF(o->iam_auth_enabled, n->iam_auth_enabled) &&
     NOTE("IAM authentication"))
    p->iam_auth = o->iam_auth_enabled;
#undef NOTE
  return k;
}

static char *render_modify(const struct rds_shim_modify_params *p,
                           const struct rds_shim_modify_more *m)
{
  struct buf b;
  buf_init(&b, BUF_CAP_SMALL);
  buf_adds(&b, "ModifyDBInstance");
  callfmt_str(&b, "DBInstanceIdentifier", p->id);
  callfmt_num(&b, "BackupRetentionPeriod", m->backup_retention_period);
  callfmt_str(&b, "PreferredBackupWindow", m->preferred_backup_window);
  callfmt_str(&b, "PreferredMaintenanceWindow",
              m->preferred_maintenance_window);
  callfmt_num(&b, "MaxAllocatedStorage", m->max_allocated_storage);
  callfmt_str(&b, "CACertificateIdentifier", m->ca_certificate_identifier);
  callfmt_num(&b, "MonitoringInterval", p->monitoring_interval);
  callfmt_str(&b, "MonitoringRoleArn", p->monitoring_role_arn);
  callfmt_bool(&b, "EnablePerformanceInsights", p->performance_insights);
  callfmt_str(&b, "DBParameterGroupName", p->parameter_group);
  callfmt_bool(&b, "DeletionProtection", p->deletion_protection);
  callfmt_bool(&b, "EnableIAMDatabaseAuthentication", p->iam_auth);
  callfmt_bool(&b, "ApplyImmediately", p->apply_immediately);
  return buf_take(&b);
}

/* The modify call when something differs between the old primary and
 * have (*n: how many); *what names them. */
static enum rdsclone_encrypt_code modify_call(struct enc_ctx *c,
                                              const struct rds_shim_instance
                                              *have, int *n,
                                              struct buf *what)
{
  struct enc_pair *pr = &c->st.primary;
  struct rds_shim_modify_params p;
  struct rds_shim_modify_more m;
  enum rds_shim_code sc;
  enum rdsclone_encrypt_code rc;

  rds_shim_modify_params_init(&p);
  rds_shim_modify_more_init(&m);
  p.id = have->id;
  p.apply_immediately = 1;
  *n = modify_diff(pr->old, have, &p, &m, what);
  if(!*n)
    return ENCRYPT_OK;
  rc = enc_add_call(c, render_modify(&p, &m));
  if(rc || c->o->dry_run)
    return rc;
  sc = rds_shim_modify_ex(c->o->shim, &p, &m, NULL);
  if(sc)
    return call_failed(c, ENCRYPT_MODIFY, sc);
  return enc_wait(c, ENCRYPT_MODIFY, pr->neu->id, RDS_SHIM_WAIT_AVAILABLE,
                  &pr->neu);
}

static int apply_is(const struct rds_shim_instance *i, const char *what)
{
  const char *s = rds_shim_instance_param_status(i);
  return s && !strcmp(s, what);
}

/* As recreate-replica: wait for pending-reboot (or in-sync), reboot only
 * when pending, wait for in-sync. *rebooted set when it did. */
static enum rdsclone_encrypt_code reboot_if_needed(struct enc_ctx *c,
                                                   int *rebooted)
{
  struct enc_pair *pr = &c->st.primary;
  char *call;
  enum rds_shim_code sc;
  enum rdsclone_encrypt_code rc;

  rc = enc_wait(c, ENCRYPT_MODIFY, pr->neu->id, RDS_SHIM_WAIT_PENDING_REBOOT,
                &pr->neu);
  if(rc || !apply_is(pr->neu, "pending-reboot"))
    return rc;
  call = malloc(strlen(pr->neu->id) + 80);
  if(!call)
    return ENCRYPT_E_NOMEM;
  snprintf(call, strlen(pr->neu->id) + 80, "RebootDBInstance "
           "DBInstanceIdentifier=%s ForceFailover=false", pr->neu->id);
  rc = enc_add_call(c, call);
  sc = rc ? RDS_SHIM_OK : rds_shim_reboot(c->o->shim, pr->neu->id, 0, NULL);
  if(sc)
    return call_failed(c, ENCRYPT_MODIFY, sc);
  *rebooted = 1;
  return rc ? rc : enc_wait(c, ENCRYPT_MODIFY, pr->neu->id,
                            RDS_SHIM_WAIT_IN_SYNC, &pr->neu);
}

/* A dry run before the restore: the modify as if the restored instance
 * had every attribute the restore call carries and none of those it
 * cannot set. The run itself sets only what still differs then. */
static enum rdsclone_encrypt_code modify_planned(struct enc_ctx *c)
{
  struct enc_pair *pr = &c->st.primary;
  struct rds_shim_instance guess = *pr->old;
  struct buf what;
  int n = 0;
  enum rdsclone_encrypt_code rc;

  guess.id = pr->new_name;
  guess.backup_retention_period = RDS_SHIM_UNSET;
  guess.preferred_backup_window = NULL;
  guess.preferred_maintenance_window = NULL;
  guess.max_allocated_storage = RDS_SHIM_UNSET;
  guess.monitoring_interval = RDS_SHIM_UNSET;
  guess.monitoring_role_arn = NULL;
  guess.performance_insights_enabled = RDS_SHIM_UNSET;
  buf_init(&what, BUF_CAP_SMALL);
  rc = modify_call(c, &guess, &n, &what);
  if(!rc)
    rc = enc_step_end(c, ENCRYPT_MODIFY, RECREATE_PLANNED, "after the "
                      "restore: %s%s (those still differing from %s), a "
                      "reboot if the parameters are pending-reboot",
                      n ? "set at most " : "nothing the restore cannot set",
                      buf_str(&what), pr->old->id);
  buf_release(&what);
  return rc;
}

enum rdsclone_encrypt_code enc_modify(struct enc_ctx *c)
{
  struct enc_pair *pr = &c->st.primary;
  struct buf what;
  int n = 0, rebooted = 0;
  enum rdsclone_encrypt_code rc;

  enc_step_begin(c);
  if(!pr->neu)
    return modify_planned(c);
  buf_init(&what, BUF_CAP_SMALL);
  rc = modify_call(c, pr->neu, &n, &what);
  if(!rc && !c->o->dry_run)
    rc = reboot_if_needed(c, &rebooted);
  if(!rc)
    rc = enc_step_end(c, ENCRYPT_MODIFY, c->o->dry_run ? (n ?
                      RECREATE_PLANNED : RECREATE_SKIPPED) : (n || rebooted
                      ? RECREATE_DONE : RECREATE_SKIPPED), "%s%s%s; %s",
                      n ? "set " : "nothing differs from ", n ?
                      buf_str(&what) : pr->old->id, n ? " (ApplyImmediately)"
                      : "", rebooted ? "rebooted, parameters in-sync" :
                      "no reboot needed");
  buf_release(&what);
  return rc;
}
