/*
 * cli.c - the rds-shim commands: open a handle from the parsed options,
 * call the library, print JSON on stdout, messages on stderr, and map the
 * library's codes to exit statuses. Secrets are never printed, except the
 * IAM auth token, which is the output of `auth-token` by design.
 */
#include "cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int verbosity;
static int stderr_tty;
static int progress_active;     /* a progress line is on screen */

void cli_error(const char *fmt, ...)
{
  va_list ap;
  if(progress_active) {
    fputs("\n", stderr);
    progress_active = 0;
  }
  fputs("rds-shim: error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}

static void on_log(void *ctx, enum rds_shim_log_level lvl, const char *msg)
{
  static const char *const names[] = { "error", "warning", "info",
                                       "debug" };
  (void)ctx;
  if(progress_active) {
    fputs("\n", stderr);
    progress_active = 0;
  }
  fprintf(stderr, "rds-shim: %s: %s\n", names[lvl], msg);
}

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
  cli_error("%s", m && *m ? m : rds_shim_strerror(rc));
  return exit_code(rc);
}

static enum rds_shim_code open_handle(struct cli *c, struct rds_shim **h)
{
  struct rds_shim_options o;
  memset(&o, 0, sizeof(o));
  o.region = c->region;
  o.profile = c->profile;
  o.endpoint_url = c->endpoint_url;
  o.max_attempts = c->max_attempts;
  o.connect_timeout_ms = c->connect_timeout_s * 1000;
  o.timeout_ms = c->read_timeout_s * 1000;
  o.page_size = c->page_size;
  o.log = on_log;
  verbosity = c->verbose;
  o.log_level = verbosity >= 2 ? RDS_SHIM_LOG_DEBUG :
                verbosity == 1 ? RDS_SHIM_LOG_INFO : RDS_SHIM_LOG_WARN;
  stderr_tty = isatty(STDERR_FILENO);
  return rds_shim_open(h, &o);
}

static int print_json(struct rds_shim *h, const struct rds_shim_instance *v,
                      size_t n, const char *wrapper)
{
  char *json = NULL;
  enum rds_shim_code rc = rds_shim_to_json(v, n, wrapper, &json);
  if(rc)
    return fail(h, rc);
  puts(json);
  free(json);
  if(fflush(stdout)) {
    cli_error("could not write the output");
    return EXIT_RUNTIME;
  }
  return EXIT_OK;
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
    ex = rc ? fail(h, rc) : print_json(h, i, 1, "DBInstances");
    rds_shim_instance_free(i);
  }
  else {
    struct rds_shim_instance_list *l = NULL;
    rc = rds_shim_describe_all(h, &l);
    ex = rc ? fail(h, rc) : print_json(h, l->items, l->count,
                                       "DBInstances");
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
  int ex = EXIT_OK;

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
  if(!rc && c->from) {
    rc = rds_shim_describe(h, c->from, &from);
    if(!rc)
      rc = rds_shim_replica_params_from(&c->rp, from);
  }
  if(!rc)
    rc = rds_shim_create_read_replica(h, &c->rp, &out);
  ex = rc ? fail(h, rc) : print_json(h, out, 1, "DBInstance");
  rds_shim_replica_params_release(&c->rp);
  rds_shim_instance_free(from);
  rds_shim_instance_free(out);
  rds_shim_free(h);
  return ex;
}

int cli_modify(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *out = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  int ex;
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
    rc = rds_shim_modify(h, &c->mp, &out);
  ex = rc ? fail(h, rc) : print_json(h, out, 1, "DBInstance");
  rds_shim_instance_free(out);
  rds_shim_free(h);
  return ex;
}

int cli_reboot(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *out = NULL;
  enum rds_shim_code rc = open_handle(c, &h);
  int ex;
  if(!rc)
    rc = rds_shim_reboot(h, c->id, c->force_failover ? 1 : RDS_SHIM_UNSET,
                         &out);
  ex = rc ? fail(h, rc) : print_json(h, out, 1, "DBInstance");
  rds_shim_instance_free(out);
  rds_shim_free(h);
  return ex;
}

struct progress_state {
  char last[160];
};

static void on_progress(void *ctx, const char *id, const char *status,
                        const char *aps, double elapsed, int done)
{
  struct progress_state *ps = ctx;
  char line[160];
  snprintf(line, sizeof(line), "%s: %s%s%s", id, status ? status : "gone",
           aps ? ", parameters " : "", aps ? aps : "");
  if(stderr_tty) {
    fprintf(stderr, "\r\033[K%s (%.0f s)", line, elapsed);
    progress_active = 1;
    if(done) {
      fputc('\n', stderr);
      progress_active = 0;
    }
    fflush(stderr);
  }
  else if(strcmp(line, ps->last) || done || verbosity > 0)
    fprintf(stderr, "rds-shim: wait: %s after %.0f s%s\n", line, elapsed,
            done ? " (done)" : "");
  memcpy(ps->last, line, sizeof(line));
}

int cli_wait(struct cli *c)
{
  struct rds_shim *h = NULL;
  struct rds_shim_instance *last = NULL;
  struct rds_shim_wait_options wo;
  struct progress_state ps;
  enum rds_shim_code rc;
  int ex = EXIT_OK, t = rds_shim_wait_target_parse(c->until);

  if(t < 0) {
    cli_error("--until must be available, pending-reboot, in-sync or "
              "deleted");
    return EXIT_USAGE;
  }
  rc = open_handle(c, &h);
  memset(&wo, 0, sizeof(wo));
  memset(&ps, 0, sizeof(ps));
  wo.target = (enum rds_shim_wait_target)t;
  wo.timeout_s = c->timeout_s;
  wo.poll_ms = c->poll_ms;
  wo.max_poll_ms = c->max_poll_ms;
  wo.progress = on_progress;
  wo.progress_ctx = &ps;
  if(!rc)
    rc = rds_shim_wait(h, c->id, &wo, &last);
  if(rc)
    ex = fail(h, rc);
  else if(last)
    ex = print_json(h, last, 1, "DBInstance");
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
  else {
    puts(token);
    if(fflush(stdout)) {
      cli_error("could not write the output");
      ex = EXIT_RUNTIME;
    }
  }
  rds_shim_secret_free(token);
  rds_shim_free(h);
  return ex;
}
