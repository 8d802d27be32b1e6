/* SPDX-License-Identifier: Apache-2.0 */
/*
 * commands.c - the rds-shim commands: open a handle from the parsed options,
 * call the library, print JSON on stdout, messages on stderr, and map the
 * library's codes to exit statuses. Secrets are never printed, except the
 * IAM auth token, which is the output of `auth-token` by design.
 */
#include "cli/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exit_codes.h"
#include "cli/msg.h"

static int exit_code(enum rds_shim_code rc)
{
  switch(rc) {
  case RDS_SHIM_OK:
    return EXIT_OK;
  case RDS_SHIM_NO_CREDENTIALS:
  case RDS_SHIM_NO_REGION:
  case RDS_SHIM_CONFIG:
    return EXIT_CONFIG;
  case RDS_SHIM_BAD_ARGUMENT:
    return EXIT_USAGE;
  default:
    return EXIT_RUNTIME;
  }
}

static int fail(struct rds_shim *h, enum rds_shim_code rc)
{
  const char *m = rds_shim_errmsg(h);
  msg_error("%s", m && *m ? m : rds_shim_strerror(rc));
  return exit_code(rc);
}

static enum rds_shim_code open_handle(struct cli *c, struct rds_shim **h)
{
  struct rds_shim_options o;
  memset(&o, 0, sizeof(o));
  o.region = c->region;
  o.profile = c->profile;
  o.endpoint_url = c->endpoint_url;
  o.max_attempts = (int)c->max_attempts;
  o.connect_timeout_ms = c->connect_timeout_s * 1000;
  o.timeout_ms = c->read_timeout_s * 1000;
  o.page_size = c->page_size;
  o.log = msg_log;
  msg_init((int)c->verbose);
  o.log_level = c->verbose >= 2 ? RDS_SHIM_LOG_DEBUG :
                c->verbose == 1 ? RDS_SHIM_LOG_INFO : RDS_SHIM_LOG_WARN;
  return rds_shim_open(h, &o);
}

/* The result on stdout, one line. */
static int print_line(const char *s)
{
  puts(s);
  return msg_stdout_done() ? EXIT_RUNTIME : EXIT_OK;
}

/* A JSON writer of the library, over instances or snapshots. */
typedef enum rds_shim_code (*json_fn)(const void *v, size_t n,
                                      const char *wrapper, char **json);

static enum rds_shim_code instances_json(const void *v, size_t n,
                                         const char *wrapper, char **json)
{
  return rds_shim_to_json(v, n, wrapper, json);
}

static enum rds_shim_code snapshots_json(const void *v, size_t n,
                                         const char *wrapper, char **json)
{
  return rds_shim_snapshots_to_json(v, n, wrapper, json);
}

static int print_with(json_fn to_json, const void *v, size_t n,
                      const char *wrapper)
{
  char *json = NULL;
  enum rds_shim_code rc = to_json(v, n, wrapper, &json);
  int ex;
  if(rc) {   /* not the handle's message: that is the last call's */
    msg_error("%s", rds_shim_strerror(rc));
    return exit_code(rc);
  }
  ex = print_line(json);
  free(json);
  return ex;
}

static int print_json(const struct rds_shim_instance *v, size_t n,
                      const char *wrapper)
{
  return print_with(instances_json, v, n, wrapper);
}

/* Reports rc or prints the one instance, then frees both and the handle. */
static int finish(struct rds_shim *h, enum rds_shim_code rc,
                  struct rds_shim_instance *out)
{
  int ex = rc ? fail(h, rc) : print_json(out, 1, "DBInstance");
  rds_shim_instance_free(out);
  rds_shim_free(h);
  return ex;
}

/* The same for one snapshot. */
static int finish_snapshot(struct rds_shim *h, enum rds_shim_code rc,
                           struct rds_shim_snapshot *out)
{
  int ex = rc ? fail(h, rc) : print_with(snapshots_json, out, 1,
                                         "DBSnapshot");
  rds_shim_snapshot_free(out);
  rds_shim_free(h);
  return ex;
}

/* The instance --from names (none without --from), once rc is OK. */
static enum rds_shim_code old_instance(struct rds_shim *h,
                                       enum rds_shim_code rc, const char *id,
                                       struct rds_shim_instance **from)
{
  if(rc || !id)
    return rc;
  return rds_shim_describe(h, id, from);
}

static struct rds_shim_strings list_of(const char *const *v, size_t n)
{
  struct rds_shim_strings l;
  l.v = v;
  l.n = n;
  return l;
}

int cli_describe(struct cli *c)
{
  struct rds_shim *h = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  int ex;
  if(rc) {
    ex = fail(h, rc);
    rds_shim_free(h);
    return ex;
  }
  if(c->id) {
    struct rds_shim_instance *i = NULL;
    rc = rds_shim_describe(h, c->id, &i);
    ex = rc ? fail(h, rc) : print_json(i, 1, "DBInstances");
    rds_shim_instance_free(i);
  }
  else {
    struct rds_shim_instance_list *l = NULL;
    rc = rds_shim_describe_all(h, &l);
    ex = rc ? fail(h, rc) : print_json(l->items, l->count, "DBInstances");
    rds_shim_instance_list_free(l);
  }
  rds_shim_free(h);
  return ex;
}

int cli_create_read_replica(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *from = NULL, *out = NULL;
  enum rds_shim_code rc = open_handle(c, &h);

  c->rp.id = c->id;
  c->rp.source_id = c->source;
  if(c->n_sgs) {
    c->rp.vpc_security_group_ids.v = c->sgs;
    c->rp.vpc_security_group_ids.n = c->n_sgs;
  }
  if(c->n_logs) {
    c->rp.cloudwatch_logs_exports.v = c->logs;
    c->rp.cloudwatch_logs_exports.n = c->n_logs;
  }
  if(c->n_tags) {
    c->rp.tags = c->tags;
    c->rp.n_tags = c->n_tags;
  }
  rc = old_instance(h, rc, c->from, &from);
  if(!rc && from)
    rc = rds_shim_replica_params_from(&c->rp, from);
  if(!rc)
    rc = rds_shim_create_read_replica(h, &c->rp, &out);
  rds_shim_replica_params_release(&c->rp);
  rds_shim_instance_free(from);
  return finish(h, rc, out);
}

int cli_modify(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *out = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  c->mp.id = c->id;
  if(c->n_sgs) {
    c->mp.vpc_security_group_ids.v = c->sgs;
    c->mp.vpc_security_group_ids.n = c->n_sgs;
  }
  if(c->n_logs) {
    c->mp.enable_logs_exports.v = c->logs;
    c->mp.enable_logs_exports.n = c->n_logs;
  }
  if(!rc)
    rc = rds_shim_modify_ex(h, &c->mp, &c->mm, &out);
  return finish(h, rc, out);
}

int cli_reboot(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *out = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  if(!rc)
    rc = rds_shim_reboot(h, c->id, c->force_failover ? 1 : RDS_SHIM_UNSET,
                         &out);
  return finish(h, rc, out);
}

static void on_progress(void *ctx, const char *id, const char *status,
                        const char *aps, double elapsed, int done)
{
  char line[160];
  (void)ctx;
  snprintf(line, sizeof(line), "%s: %s%s%s", id, status ? status : "gone",
           aps ? ", parameters " : "", aps ? aps : "");
  msg_progress(line, elapsed, done);
}

/* The waiter options of the command line. */
static void wait_options(const struct cli *c, int target,
                         struct rds_shim_wait_options *wo)
{
  memset(wo, 0, sizeof(*wo));
  wo->target = (enum rds_shim_wait_target)target;
  wo->timeout_s = c->timeout_s;
  wo->poll_ms = c->poll_ms;
  wo->max_poll_ms = c->max_poll_ms;
  wo->progress = on_progress;
}

int cli_wait(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *last = NULL;
  struct rds_shim_wait_options wo;
  enum rds_shim_code rc;
  int ex = EXIT_OK, t = rds_shim_wait_target_parse(c->until);

  if(t < 0) {
    msg_error("--until must be available, pending-reboot, in-sync or "
              "deleted");
    return EXIT_USAGE;
  }
  rc = open_handle(c, &h);
  wait_options(c, t, &wo);
  if(!rc)
    rc = rds_shim_wait(h, c->id, &wo, &last);
  if(rc)
    ex = fail(h, rc);
  else if(last)
    ex = print_json(last, 1, "DBInstance");
  rds_shim_instance_free(last);
  rds_shim_free(h);
  return ex;
}

int cli_auth_token(struct cli *c)
{
  struct rds_shim *h = NULL;
  char *token = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  int ex = EXIT_OK;
  if(!rc)
    rc = rds_shim_auth_token(h, c->host, (int)c->port, c->user, &token);
  if(rc)
    ex = fail(h, rc);
  else
    ex = print_line(token);
  rds_shim_secret_free(token);
  rds_shim_free(h);
  return ex;
}

int cli_create_snapshot(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_snapshot *out = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  if(!rc)
    rc = rds_shim_create_snapshot(h, c->id, c->snapshot, c->tags, c->n_tags,
                                  &out);
  return finish_snapshot(h, rc, out);
}

int cli_describe_snapshots(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_snapshot *one = NULL;
  struct rds_shim_snapshot_list *l = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  int ex;
  if(!rc && c->snapshot)
    rc = rds_shim_describe_snapshot(h, c->snapshot, &one);
  else if(!rc)
    rc = rds_shim_describe_snapshots(h, c->id, &l);
  if(rc)
    ex = fail(h, rc);
  else if(one)
    ex = print_with(snapshots_json, one, 1, "DBSnapshots");
  else
    ex = print_with(snapshots_json, l->items, l->count, "DBSnapshots");
  rds_shim_snapshot_free(one);
  rds_shim_snapshot_list_free(l);
  rds_shim_free(h);
  return ex;
}

int cli_copy_snapshot(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_snapshot *out = NULL;
  struct rds_shim_copy_params p;
  enum rds_shim_code rc = open_handle(c, &h);
  rds_shim_copy_params_init(&p);
  p.source_id = c->source;
  p.target_id = c->target;
  p.kms_key_id = c->rp.kms_key_id;
  p.copy_tags = c->copy_tags ? 1 : RDS_SHIM_UNSET;
  p.tags = c->tags;
  p.n_tags = c->n_tags;
  if(!rc)
    rc = rds_shim_copy_snapshot(h, &p, &out);
  return finish_snapshot(h, rc, out);
}

/* The restore flags, parsed into the replica params (their names are the
 * create-read-replica flags') and the modify extras. */
static void restore_params(const struct cli *c,
                           struct rds_shim_restore_params *p)
{
  const struct rds_shim_replica_params *r = &c->rp;
  rds_shim_restore_params_init(p);
  p->id = c->id;
  p->snapshot_id = c->snapshot;
  p->instance_class = r->instance_class;
  p->db_subnet_group_name = r->db_subnet_group_name;
  p->option_group = r->option_group;
  p->parameter_group = r->parameter_group;
  p->vpc_security_group_ids = list_of(c->sgs, c->n_sgs);
  p->multi_az = r->multi_az;
  p->availability_zone = r->availability_zone;
  p->port = r->port;
  p->storage_type = r->storage_type;
  p->iops = r->iops;
  p->storage_throughput = c->mm.storage_throughput;
  p->publicly_accessible = r->publicly_accessible;
  p->auto_minor_version_upgrade = r->auto_minor_version_upgrade;
  p->copy_tags_to_snapshot = r->copy_tags_to_snapshot;
  p->deletion_protection = r->deletion_protection;
  p->iam_auth = r->iam_auth;
  p->cloudwatch_logs_exports = list_of(c->logs, c->n_logs);
  p->ca_certificate_identifier = c->mm.ca_certificate_identifier;
  p->tags = c->tags;
  p->n_tags = c->n_tags;
}

int cli_restore(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *from = NULL, *out = NULL;
  struct rds_shim_restore_params p;
  enum rds_shim_code rc = open_handle(c, &h);
  restore_params(c, &p);
  rc = old_instance(h, rc, c->from, &from);
  if(!rc && from)
    rc = rds_shim_restore_params_from(&p, from);
  if(!rc)
    rc = rds_shim_restore(h, &p, &out);
  rds_shim_restore_params_release(&p);
  rds_shim_instance_free(from);
  return finish(h, rc, out);
}

int cli_add_tags(struct cli *c)
{
  struct rds_shim *h = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  int ex = EXIT_OK;
  if(!rc)
    rc = rds_shim_add_tags(h, c->arn, c->tags, c->n_tags);
  if(rc)
    ex = fail(h, rc);
  rds_shim_free(h);
  return ex;
}

int cli_wait_snapshot(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_snapshot *last = NULL;
  struct rds_shim_wait_options wo;
  enum rds_shim_code rc;
  int t = rds_shim_wait_target_parse(c->until);

  if(t != RDS_SHIM_WAIT_AVAILABLE && t != RDS_SHIM_WAIT_DELETED) {
    msg_error("--until must be available or deleted");
    return EXIT_USAGE;
  }
  rc = open_handle(c, &h);
  wait_options(c, t, &wo);
  if(!rc)
    rc = rds_shim_wait_snapshot(h, c->snapshot, &wo, &last);
  if(rc || last)
    return finish_snapshot(h, rc, last);
  rds_shim_free(h);
  return EXIT_OK;
}
