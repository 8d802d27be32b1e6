/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_recreate.c - arguments, configuration, output and exit codes of
 * "rdsclone recreate-replica" and "rdsclone compare". The work is done by
 * recreate.c and compare.c; this file prints.
 *
 * The -c file is the one every rdsclone command reads (cfg.c): these
 * commands take its recreate and endpoints groups and, for the
 * reconciliation, the source / target settings other than the URIs and
 * the scope (include, exclude, prune, ...). Log lines go through cli_log
 * (--log-format text|json), as the other commands' do.
 */
#include "cli_recreate.h"
#include "cli_rds.h"
#include "cli.h"
#include "cli_log.h"
#include "format.h"
#include "numparse.h"
#include "rdsclone_compare.h"
#include "rdsclone_recreate.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ATTRS 256

/* ---- recreate-replica -------------------------------------------------- */

static void recreate_help(void)
{
  printf(
"Re-create an RDS read replica under a (new) primary so that it matches an\n"
"old replica, then copy the old replica's accounts, grants and binlog\n"
"retention to it. Resumable: run it again after any interruption.\n"
"\n"
"Usage:\n"
"  rdsclone recreate-replica --primary ID --from ID --name ID [OPTION]...\n"
"\n"
"      --primary ID          the new primary (e.g. the encrypted restore)\n"
"      --from ID             the old replica whose attributes and accounts\n"
"                            the new one gets\n"
"      --name ID             the new replica's identifier\n"
"  -c, --config FILE         configuration: the file plan and apply read,\n"
"                            with groups recreate and endpoints (source and\n"
"                            target URIs are not used here)\n"
"      --dry-run             describe only; print the calls and the SQL it\n"
"                            would run, change nothing\n"
"      --format FORMAT       final report: text (default) or json\n"
"      --log-format FORMAT   stderr log lines: text (default) or json\n"
"      --region R, --endpoint-url URL, --profile P\n"
"                            RDS API settings (else the AWS variables)\n"
"      --wait-timeout S      deadline of each wait (default 3600)\n"
"      --poll-interval MS    first poll interval of the waits (default 5000)\n"
"  -v, --verbose             more log lines (repeatable)\n"
"  -q, --quiet               errors only\n"
"  -h, --help                this help\n"
"\n"
"Steps: describe, create, wait-available, modify, wait-modified,\n"
"wait-pending-reboot, reboot, wait-in-sync, reconcile. Database endpoints\n"
"come from the descriptions; the configuration's endpoints group maps an\n"
"instance identifier to a URI. Passwords: RDSCLONE_SOURCE_PASSWORD (old\n"
"replica), RDSCLONE_TARGET_PASSWORD (new replica), password_file, ~/.my.cnf.\n"
"\n"
"Exit status: 0 done and verified; 1 runtime failure; 64 usage error;\n"
"75 the new replica's lock is held; 78 configuration error.\n");
}

struct hook {
  int exit_after;   /* step index, or -1 */
};

/* Test hook RDSCLONE_TEST_EXIT_AFTER=STEP: exit at once (no cleanup, as a
 * kill would) right after STEP did its work. */
static void step_done(void *ud, enum recreate_step s, enum recreate_status st)
{
  const struct hook *h = ud;
  if(st == RECREATE_DONE)
    cli_rds_test_exit(h->exit_after, (int)s, rdsclone_recreate_step_name(s));
}

struct rec_args {
  struct cli_rds cm;
  const char *primary, *from, *name;
  long wait, poll;
  int dry;
  struct hook hook;
};

static int recreate_opt(void *args, int opt)
{
  struct rec_args *a = args;
  const char *cmd = a->cm.cmd;

  switch(opt) {
  case OPT_PRIMARY: a->primary = optarg; break;
  case OPT_FROM: a->from = optarg; break;
  case OPT_NAME: a->name = optarg; break;
  case OPT_DRY: a->dry = 1; break;
  default:   /* the waits, else not in the table */
    return cli_rds_waits(cmd, opt, &a->wait, &a->poll);
  }
  return GO_ON;
}

/* Arguments, the test hook and the configuration: GO_ON or an exit
 * code. */
static int recreate_parse(struct rec_args *a, int argc, char **argv)
{
  static const struct option longopts[] = {
    { "primary", required_argument, NULL, OPT_PRIMARY },
    { "from", required_argument, NULL, OPT_FROM },
    { "name", required_argument, NULL, OPT_NAME },
    { "config", required_argument, NULL, 'c' },
    { "dry-run", no_argument, NULL, OPT_DRY },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
    { "region", required_argument, NULL, OPT_REGION },
    { "endpoint-url", required_argument, NULL, OPT_ENDPOINT },
    { "profile", required_argument, NULL, OPT_PROFILE },
    { "wait-timeout", required_argument, NULL, OPT_WAIT },
    { "poll-interval", required_argument, NULL, OPT_POLL },
    { "verbose", no_argument, NULL, 'v' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int code;

  code = cli_rds_parse(&a->cm, argc, argv, longopts, recreate_help,
                       recreate_opt, a);
  if(code != GO_ON)
    return code;
  return cli_rds_finish(&a->cm, argc, argv, rdsclone_recreate_step_parse,
                        &a->hook.exit_after);
}

/* The procedure's options from the flags, which override the file. GO_ON
 * or an exit code. */
static int recreate_options(struct rec_args *a, struct recreate_options *o)
{
  const struct cli_rds *cm = &a->cm;
  const struct cfg_recreate *r = &cm->cfg.recreate;

  memset(o, 0, sizeof(*o));
  o->primary = a->primary ? a->primary : r->primary;
  o->from = a->from ? a->from : r->from;
  o->name = a->name ? a->name : r->name;
  if(!o->primary || !o->from || !o->name)
    return cli_usage_error(cm->cmd, "--primary, --from and --name are all "
                       "needed (or recreate.primary/from/name in the "
                       "configuration)");
  if((rdsclone_options_get_str(cm->opts, RDSCLONE_OPT_SOURCE_URI) ||
      rdsclone_options_get_str(cm->opts, RDSCLONE_OPT_TARGET_URI)) &&
     !cm->quiet)
    cli_logf(NULL, RDSCLONE_LOG_INFO, "%s: its source/target uri are not "
             "used: recreate-replica takes the endpoints from the "
             "instances (the endpoints group maps an instance to a URI)",
             cm->config);
  if(cli_rds_recon_options(cm))
    return cli_out_of_memory();
  o->recon = cm->opts;
  o->dry_run = a->dry;
  o->endpoints = cm->cfg.endpoints;
  o->nendpoints = cm->cfg.nendpoints;
  o->wait_timeout_s = a->wait ? a->wait : r->wait_timeout;
  o->poll_ms = a->poll ? a->poll : r->poll_ms;
  o->max_poll_ms = r->max_poll_ms;
  if(o->poll_ms && o->max_poll_ms && o->max_poll_ms < o->poll_ms)
    o->max_poll_ms = o->poll_ms;
  o->log = cli_log;
  o->verbosity = cm->quiet ? RDSCLONE_LOG_ERROR
                 : cm->verbose ? RDSCLONE_LOG_DEBUG : RDSCLONE_LOG_INFO;
  o->step_done = step_done;
  o->step_ud = &a->hook;
  return GO_ON;
}

/* The report in text: 0, or -1 out of memory. */
static int print_text(const struct recreate_result *res,
                      const struct recreate_options *o,
                      enum recreate_code rc, const char *err)
{
  size_t i;
  printf("recreate-replica %s (primary %s, copied from %s)%s: %s in %.1f s\n",
         o->name, o->primary, o->from, o->dry_run ? " [dry run]" : "",
         rc ? "FAILED" : o->dry_run ? "planned" : "done", res->seconds);
  for(i = 0; i < RECREATE_NSTEPS; i++)
    printf("  %-19s %-7s %6.1f s  %s\n",
           rdsclone_recreate_step_name((enum recreate_step)i),
           rdsclone_recreate_status_name(res->steps[i].status),
           res->steps[i].seconds,
           res->steps[i].detail ? res->steps[i].detail : "");
  if(res->ncalls) {
    printf("%s:\n", o->dry_run ? "calls it would make" : "calls made");
    for(i = 0; i < res->ncalls; i++)
      printf("  %s\n", res->calls[i]);
  }
  if(res->report) {
    char *r = rdsclone_report_render(res->report, o->dry_run ?
                                     RDSCLONE_FORMAT_SQL :
                                     RDSCLONE_FORMAT_TEXT, 0);
    if(!r)
      return -1;
    printf("%s %s -> %s:\n", o->dry_run ? "SQL it would run" :
           "reconciliation", res->source_uri ? res->source_uri : "?",
           res->target_uri ? res->target_uri : "?");
    fputs(r, stdout);
    if(*r && r[strlen(r) - 1] != '\n')
      fputc('\n', stdout);
    free(r);
  }
  if(rc)
    printf("error: %s\n", err);
  fflush(stdout);
  return 0;
}

/* Prints the result and the error; the exit code. */
static int recreate_output(const struct recreate_result *res,
                           const struct recreate_options *o,
                           enum recreate_code rc, const char *err,
                           enum rdsclone_format format)
{
  if(format == RDSCLONE_FORMAT_JSON) {
    if(cli_rds_print(rdsclone_recreate_result_json(res, o, rc, err)))
      return RDSCLONE_EXIT_FAILURE;
  }
  else if(print_text(res, o, rc, err))
    return cli_out_of_memory();
  if(rc)
    cli_error("%s", err[0] ? err : "recreate-replica failed");
  switch(rc) {
  case RECREATE_OK: return RDSCLONE_EXIT_OK;
  case RECREATE_E_USAGE: return RDSCLONE_EXIT_USAGE;
  case RECREATE_E_RECONCILE: return cli_exit_code(res->recon_rc);
  default: return RDSCLONE_EXIT_FAILURE;
  }
}

int cli_recreate_main(int argc, char **argv)
{
  struct rec_args a;
  struct recreate_options o;
  struct recreate_result res;
  struct rds_shim *shim = NULL;
  enum recreate_code rc;
  char err[1024] = "";
  int code;

  memset(&a, 0, sizeof(a));
  code = cli_rds_init(&a.cm, "recreate-replica");
  if(code == GO_ON)
    code = recreate_parse(&a, argc, argv);
  if(code == GO_ON)
    code = recreate_options(&a, &o);
  if(code == GO_ON)
    code = cli_rds_open_shim(&a.cm, &shim);
  if(code == GO_ON) {
    o.shim = shim;
    rc = rdsclone_recreate_replica(&o, &res, err, sizeof(err));
    code = recreate_output(&res, &o, rc, err, a.cm.format);
    rdsclone_recreate_result_release(&res);
  }
  rds_shim_free(shim);
  cli_rds_release(&a.cm);
  return code;
}

/* ---- compare ------------------------------------------------------------ */

static void compare_help(void)
{
  size_t i;
  printf(
"Compare two RDS instances attribute by attribute (the validation after a\n"
"re-creation) and show every attribute that differs.\n"
"\n"
"Usage:\n"
"  rdsclone compare A B [--ignore ATTR]... [--only ATTR]... [OPTION]...\n"
"\n"
"      --ignore ATTR         also ignore ATTR (repeatable)\n"
"      --only ATTR           compare only ATTR (repeatable); names a\n"
"                            default-ignored attribute to compare it\n"
"  -c, --config FILE         configuration: its recreate group's region,\n"
"                            endpoint_url and profile\n"
"      --format FORMAT       text (default) or json\n"
"      --log-format FORMAT   stderr log lines: text (default) or json\n"
"      --region R, --endpoint-url URL, --profile P\n"
"                            RDS API settings (else the AWS variables)\n"
"  -v, --verbose / -q, --quiet / -h, --help\n"
"\n"
"ATTR is the AWS API name (DBInstanceClass, DBParameterGroups, ...); a\n"
"nested one with a dot (Endpoint.Port); a prefix covers its members\n"
"(Endpoint). Lists compare as sets. Ignored by default, as they must\n"
"differ between an instance and its re-created twin:\n");
  for(i = 0; compare_default_ignores[i]; i++)
    printf("  %s\n", compare_default_ignores[i]);
  printf(
"\n"
"Exit status: 0 nothing unexpected differs; 1 runtime failure; 2 something\n"
"unexpected differs; 64 usage error; 78 configuration error.\n");
}

struct cmp_args {
  struct cli_rds cm;
  const char *ignore[MAX_ATTRS], *only[MAX_ATTRS];
  size_t nignore, nonly;
  const char *a, *b;             /* the two instances */
};

static int compare_opt(void *args, int opt)
{
  struct cmp_args *a = args;
  size_t *n = opt == OPT_IGNORE ? &a->nignore : &a->nonly;

  if(opt != OPT_IGNORE && opt != OPT_ONLY)   /* not in the table */
    return cli_usage_error(a->cm.cmd, "option %d not handled", opt);
  if(!*optarg)
    return cli_usage_error(a->cm.cmd, "empty attribute name");
  if(*n == MAX_ATTRS)
    return cli_usage_error(a->cm.cmd, "too many attributes");
  (opt == OPT_IGNORE ? a->ignore : a->only)[(*n)++] = optarg;
  return GO_ON;
}

static int compare_parse(struct cmp_args *a, int argc, char **argv)
{
  static const struct option longopts[] = {
    { "ignore", required_argument, NULL, OPT_IGNORE },
    { "only", required_argument, NULL, OPT_ONLY },
    { "config", required_argument, NULL, 'c' },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
    { "region", required_argument, NULL, OPT_REGION },
    { "endpoint-url", required_argument, NULL, OPT_ENDPOINT },
    { "profile", required_argument, NULL, OPT_PROFILE },
    { "verbose", no_argument, NULL, 'v' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  int code = cli_rds_parse(&a->cm, argc, argv, longopts, compare_help,
                           compare_opt, a);

  if(code != GO_ON)
    return code;
  if(argc - optind != 2)
    return cli_usage_error(a->cm.cmd, "compare needs exactly two instance "
                       "identifiers");
  a->a = argv[optind];
  a->b = argv[optind + 1];
  return cli_rds_config(&a->cm);
}

/* Describes both instances: GO_ON or an exit code. */
static int compare_describe(struct rds_shim *shim, const struct cmp_args *a,
                            struct rds_shim_instance **ia,
                            struct rds_shim_instance **ib)
{
  enum rds_shim_code sc = rds_shim_describe(shim, a->a, ia);

  if(!sc)
    sc = rds_shim_describe(shim, a->b, ib);
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return cli_out_of_memory();
  if(sc) {
    cli_error("%s", rds_shim_errmsg(shim)[0] ? rds_shim_errmsg(shim)
                                          : rds_shim_strerror(sc));
    return cli_rds_shim_exit(sc);
  }
  return GO_ON;
}

static int compare_run(const struct cmp_args *a,
                       const struct rds_shim_instance *ia,
                       const struct rds_shim_instance *ib)
{
  struct compare_result r;
  int code;

  if(rdsclone_compare_instances(ia, ib, a->ignore, a->nignore, a->only,
                                a->nonly, &r))
    return cli_out_of_memory();
  code = cli_rds_print(rdsclone_compare_render(&r, a->a, a->b,
                                           a->cm.format ==
                                           RDSCLONE_FORMAT_JSON));
  if(!code && r.nunexpected)
    code = RDSCLONE_EXIT_CHANGES;
  rdsclone_compare_result_release(&r);
  return code;
}

int cli_compare_main(int argc, char **argv)
{
  struct cmp_args a;
  struct rds_shim *shim = NULL;
  struct rds_shim_instance *ia = NULL, *ib = NULL;
  int code;

  memset(&a, 0, sizeof(a));
  code = cli_rds_init(&a.cm, "compare");
  if(code == GO_ON)
    code = compare_parse(&a, argc, argv);
  if(code == GO_ON)
    code = cli_rds_open_shim(&a.cm, &shim);
  if(code == GO_ON)
    code = compare_describe(shim, &a, &ia, &ib);
  if(code == GO_ON)
    code = compare_run(&a, ia, ib);
  rds_shim_instance_free(ia);
  rds_shim_instance_free(ib);
  rds_shim_free(shim);
  cli_rds_release(&a.cm);
  return code;
}
