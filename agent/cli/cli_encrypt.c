/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_encrypt.c - arguments, configuration (the encrypt, recreate and
 * endpoints groups of the one file cfg.c reads), the per-instance lock,
 * the confirmation, output and exit codes of "rdsclone encrypt". The work
 * is done by the library (rdsclone_encrypt.h); this file prints.
 */
#include "cli_encrypt.h"
#include "cli_rds.h"
#include "cli.h"
#include "cli_log.h"
#include "numparse.h"
#include "rdsclone_encrypt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static void encrypt_help(void)
{
  printf(
"Encrypt an RDS instance and its read replicas in place: snapshot, copy the\n"
"snapshot with a KMS key, restore it as ID-encrypted with every attribute\n"
"of ID, re-create each replica R as R-encrypted under it, copy the\n"
"accounts, compare old and new, then swap the names (ID -> ID-unencrypted,\n"
"ID-encrypted -> ID) so that the endpoints keep their names. Resumable:\n"
"run it again after any interruption. The old instances are never deleted.\n"
"\n"
"Usage:\n"
"  rdsclone encrypt --instance ID --kms-key KEY [OPTION]...\n"
"\n"
"      --instance ID         the instance to encrypt (a primary)\n"
"      --kms-key KEY         the KMS key (id, ARN or alias) of the copy\n"
"  -c, --config FILE         configuration: groups encrypt, recreate\n"
"                            (region, waits) and endpoints\n"
"      --dry-run             describe only; print the calls it would make\n"
"                            and the SQL of the reconciliation\n"
"      --yes                 do not ask (needed when stdin is no terminal)\n"
"      --no-swap             stop before renaming; run again without it to\n"
"                            swap\n"
"      --jobs N              replicas re-created at once, 1 to 16 (default\n"
"                            2; one at a time when they share a server)\n"
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
"Steps: describe, confirm, snapshot, copy, restore, modify, replicas,\n"
"reconcile, compare, swap. Writes made to ID after the snapshot are lost\n"
"unless the application is stopped first.\n"
"\n"
"Exit status: 0 done and verified; 1 runtime failure; 2 an unexpected\n"
"difference, stopped before the swap; 64 usage error; 75 another run holds\n"
"the instance's lock; 78 configuration error.\n");
}

struct enc_args {
  struct cli_rds cm;
  const char *instance, *kms_key;
  long wait, poll, jobs;
  int dry, yes, no_swap;
  int exit_after;       /* test hook: step index, or -1 */
};

/* Test hook RDSCLONE_TEST_EXIT_AFTER=STEP: exit at once (no cleanup, as a
 * kill would) right after STEP did its work. */
static void step_done(void *ud, enum rdsclone_encrypt_step s,
                      enum recreate_status st)
{
  const struct enc_args *a = ud;
  if(st == RECREATE_DONE)
    cli_rds_test_exit(a->exit_after, (int)s, rdsclone_encrypt_step_name(s));
}

static int encrypt_opt(void *args, int opt)
{
  struct enc_args *a = args;
  const char *cmd = a->cm.cmd;

  switch(opt) {
  case OPT_INSTANCE: a->instance = optarg; break;
  case OPT_KMS_KEY: a->kms_key = optarg; break;
  case OPT_DRY: a->dry = 1; break;
  case OPT_YES: a->yes = 1; break;
  case OPT_NO_SWAP: a->no_swap = 1; break;
  case OPT_JOBS:
    if(parse_long(optarg, 1, 16, &a->jobs))
      return cli_usage_error(cmd, "--jobs \"%s\": 1 to 16", optarg);
    break;
  default:
    return cli_rds_waits(cmd, opt, &a->wait, &a->poll);
  }
  return GO_ON;
}

static int encrypt_parse(struct enc_args *a, int argc, char **argv)
{
  static const struct option longopts[] = {
    { "instance", required_argument, NULL, OPT_INSTANCE },
    { "kms-key", required_argument, NULL, OPT_KMS_KEY },
    { "config", required_argument, NULL, 'c' },
    { "dry-run", no_argument, NULL, OPT_DRY },
    { "yes", no_argument, NULL, OPT_YES },
    { "no-swap", no_argument, NULL, OPT_NO_SWAP },
    { "jobs", required_argument, NULL, OPT_JOBS },
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
  int code = cli_rds_parse(&a->cm, argc, argv, longopts, encrypt_help,
                           encrypt_opt, a);

  if(code != GO_ON)
    return code;
  return cli_rds_finish(&a->cm, argc, argv, rdsclone_encrypt_step_parse,
                        &a->exit_after);
}

/* The flags over the file: instance, key, swap, jobs; the checks that
 * need no call. GO_ON or an exit code. */
static int encrypt_settings(struct enc_args *a)
{
  const struct cfg_encrypt *e = &a->cm.cfg.encrypt;

  if(!a->instance)
    a->instance = e->instance;
  if(!a->kms_key)
    a->kms_key = e->kms_key;
  if(!a->instance || !*a->instance || !a->kms_key || !*a->kms_key)
    return cli_usage_error(a->cm.cmd, "--instance and --kms-key are both "
                           "needed (or encrypt.instance / kms_key in the "
                           "configuration)");
  if(strspn(a->instance, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
             "0123456789-") != strlen(a->instance))
    return cli_usage_error(a->cm.cmd, "--instance \"%s\": not an RDS "
                           "identifier (letters, digits, hyphens)",
                           a->instance);
  if(!a->no_swap && e->swap < 0)
    a->no_swap = 1;
  if(!a->jobs)
    a->jobs = e->jobs ? e->jobs : 2;
  if(!a->dry && !a->yes && !isatty(STDIN_FILENO))
    return cli_usage_error(a->cm.cmd, "stdin is not a terminal: give --yes "
                           "to run without the question (or --dry-run)");
  return GO_ON;
}

/* The question on stderr, the answer from stdin: "yes" goes on. */
static int ask(void *ud, const char *question)
{
  char line[64];
  (void)ud;
  fprintf(stderr, "%s [yes/no] ", question);
  fflush(stderr);
  if(!fgets(line, sizeof(line), stdin))
    return 0;
  line[strcspn(line, "\r\n")] = '\0';
  return !strcmp(line, "yes") || !strcmp(line, "y");
}

/* One more RDS handle for a replica re-created in parallel. */
static struct rds_shim *open_more(void *ud)
{
  const struct enc_args *a = ud;
  struct rds_shim *h = NULL;
  if(cli_rds_open_shim(&a->cm, &h) != GO_ON) {
    rds_shim_free(h);
    return NULL;
  }
  return h;
}

/* The library's options from the flags and the file: 0, or an exit
 * code. */
static int encrypt_options(struct enc_args *a,
                           struct rdsclone_encrypt_options *o,
                           struct rds_shim *shim)
{
  const struct cli_rds *cm = &a->cm;
  const struct cfg_recreate *r = &cm->cfg.recreate;
  long poll = a->poll ? a->poll : r->poll_ms, maxp = r->max_poll_ms;

  if(cli_rds_recon_options(cm))
    return cli_out_of_memory();
  rdsclone_encrypt_options_set_instance(o, a->instance);
  rdsclone_encrypt_options_set_kms_key(o, a->kms_key);
  rdsclone_encrypt_options_set_shim(o, shim);
  rdsclone_encrypt_options_set_dry_run(o, a->dry);
  rdsclone_encrypt_options_set_swap(o, !a->no_swap);
  rdsclone_encrypt_options_set_jobs(o, (int)a->jobs);
  rdsclone_encrypt_options_set_shim_opener(o, open_more, a);
  rdsclone_encrypt_options_set_endpoints(o, cm->cfg.endpoints,
                                         cm->cfg.nendpoints);
  rdsclone_encrypt_options_set_recon(o, cm->opts);
  rdsclone_encrypt_options_set_waits(o, a->wait ? a->wait : r->wait_timeout,
                                     poll, poll && maxp && maxp < poll ?
                                     poll : maxp);
  rdsclone_encrypt_options_set_log(o, cli_log, NULL, cm->quiet ?
                                   RDSCLONE_LOG_ERROR : cm->verbose ?
                                   RDSCLONE_LOG_DEBUG : RDSCLONE_LOG_INFO);
  rdsclone_encrypt_options_set_step_done(o, step_done, a);
  if(!a->yes)
    rdsclone_encrypt_options_set_confirm(o, ask, NULL);
  return GO_ON;
}

/* One run at a time per instance: an flock on a file named after it in
 * $TMPDIR (else /tmp), held until exit. GO_ON, or 75 / 1. */
static int take_lock(const struct enc_args *a, int *fd)
{
  char path[1024];
  const char *dir = getenv("TMPDIR");

  snprintf(path, sizeof(path), "%s/rdsclone-encrypt-%s.lock",
           dir && *dir ? dir : "/tmp", a->instance);
  *fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if(*fd < 0) {
    cli_error("%s: %s", path, strerror(errno));
    return RDSCLONE_EXIT_FAILURE;
  }
  if(flock(*fd, LOCK_EX | LOCK_NB)) {
    cli_error("another rdsclone encrypt of %s is running (lock %s held)",
              a->instance, path);
    return RDSCLONE_EXIT_LOCKED;
  }
  return GO_ON;
}

/* The report in text: 0, or -1 out of memory. */
/* The plans after the swap, one line per pair. */
static void print_finals(const struct rdsclone_encrypt_result *r)
{
  size_t i, n = rdsclone_encrypt_result_nfinal(r), pending;
  const char *src, *tgt;

  if(n)
    printf("accounts after the swap (a plan from old to new):\n");
  for(i = 0; i < n; i++)
    if(!rdsclone_encrypt_result_final(r, i, &src, &tgt, &pending)) {
      if(pending)
        printf("  %s -> %s: %zu statement(s) to run\n", src, tgt,
               pending);
      else
        printf("  %s -> %s: in sync\n", src, tgt);
    }
}

static int print_text(const struct rdsclone_encrypt_result *r,
                      const struct enc_args *a,
                      enum rdsclone_encrypt_code rc, const char *err)
{
  const struct rdsclone_report *rep = rdsclone_encrypt_result_report(r);
  size_t i, n;
  int s;

  printf("encrypt %s with %s%s: %s in %.1f s\n", a->instance, a->kms_key,
         a->dry ? " [dry run]" : "", rc ? "FAILED" : a->dry ? "planned" :
         "done", rdsclone_encrypt_result_seconds(r));
  for(s = 0; s < ENCRYPT_NSTEPS; s++) {
    const char *d = rdsclone_encrypt_result_step_detail(r, s);
    printf("  %-10s %-7s %6.1f s  %s\n", rdsclone_encrypt_step_name(s),
           rdsclone_recreate_status_name(
             rdsclone_encrypt_result_step_status(r, s)),
           rdsclone_encrypt_result_step_seconds(r, s), d ? d : "");
  }
  n = rdsclone_encrypt_result_ncalls(r);
  if(n)
    printf("%s:\n", a->dry ? "calls it would make" : "calls made");
  for(i = 0; i < n; i++)
    printf("  %s\n", rdsclone_encrypt_result_call(r, i));
  if(rep) {
    char *t = rdsclone_report_render(rep, a->dry ? RDSCLONE_FORMAT_SQL :
                                     RDSCLONE_FORMAT_TEXT, 0);
    if(!t)
      return -1;
    printf("%s:\n%s%s", a->dry ? "SQL it would run on the new primary" :
           "reconciliation of the primary", t,
           *t && t[strlen(t) - 1] != '\n' ? "\n" : "");
    free(t);
  }
  print_finals(r);
  n = rdsclone_encrypt_result_ncleanup(r);
  if(n)
    printf("once satisfied, delete what the run left behind:\n");
  for(i = 0; i < n; i++)
    printf("  %s\n", rdsclone_encrypt_result_cleanup(r, i));
  if(rc)
    printf("error: %s\n", err);
  fflush(stdout);
  return 0;
}

static int exit_code(const struct rdsclone_encrypt_result *r,
                     enum rdsclone_encrypt_code rc)
{
  switch(rc) {
  case ENCRYPT_OK: return RDSCLONE_EXIT_OK;
  case ENCRYPT_E_USAGE: return RDSCLONE_EXIT_USAGE;
  case ENCRYPT_E_DIFFERS: return RDSCLONE_EXIT_CHANGES;
  case ENCRYPT_E_RECONCILE:
    return rdsclone_encrypt_result_recon_rc(r) ?
           cli_exit_code(rdsclone_encrypt_result_recon_rc(r))
           : RDSCLONE_EXIT_FAILURE;
  default: return RDSCLONE_EXIT_FAILURE;
  }
}

static int encrypt_output(const struct rdsclone_encrypt_result *r,
                          const struct rdsclone_encrypt_options *o,
                          const struct enc_args *a,
                          enum rdsclone_encrypt_code rc, const char *err)
{
  if(!r)
    return cli_out_of_memory();
  if(a->cm.format == RDSCLONE_FORMAT_JSON) {
    if(cli_rds_print(rdsclone_encrypt_result_json(r, o, rc, err)))
      return RDSCLONE_EXIT_FAILURE;
  }
  else if(print_text(r, a, rc, err))
    return cli_out_of_memory();
  if(rc)
    cli_error("%s", err[0] ? err : "encrypt failed");
  return exit_code(r, rc);
}

/* Parsed and configured: lock, open, run, print. */
static int encrypt_run(struct enc_args *a)
{
  struct rdsclone_encrypt_options *o = rdsclone_encrypt_options_new();
  struct rdsclone_encrypt_result *r = NULL;
  struct rds_shim *shim = NULL;
  enum rdsclone_encrypt_code rc;
  char err[2048] = "";
  int code = o ? GO_ON : cli_out_of_memory(), fd = -1;

  if(code == GO_ON)
    code = take_lock(a, &fd);
  if(code == GO_ON)
    code = cli_rds_open_shim(&a->cm, &shim);
  if(code == GO_ON)
    code = encrypt_options(a, o, shim);
  if(code == GO_ON) {
    rc = rdsclone_encrypt_run(o, &r, err, sizeof(err));
    code = encrypt_output(r, o, a, rc, err);
  }
  rdsclone_encrypt_result_free(r);
  rds_shim_free(shim);
  rdsclone_encrypt_options_free(o);
  if(fd >= 0)
    close(fd);
  return code;
}

int cli_encrypt_main(int argc, char **argv)
{
  struct enc_args a;
  int code;

  memset(&a, 0, sizeof(a));
  code = cli_rds_init(&a.cm, "encrypt");
  if(code == GO_ON)
    code = encrypt_parse(&a, argc, argv);
  if(code == GO_ON)
    code = encrypt_settings(&a);
  if(code == GO_ON)
    code = encrypt_run(&a);
  cli_rds_release(&a.cm);
  return code;
}
