/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_rds.c - what the rdsclone commands that talk to the RDS API share
 * (recreate-replica, compare, encrypt): the options every one takes, the
 * -c file (cfg.c, the one reader) with the recreate group's RDS settings,
 * the RDS handle, the reconciliation's template, printing.
 */
#include "cli_rds.h"
#include "cli.h"
#include "cli_log.h"
#include "format.h"
#include "numparse.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The shim's levels are the library's, in the same order. */
static void shim_log(void *ctx, enum rds_shim_log_level l, const char *msg)
{
  (void)ctx;
  cli_logf(NULL, (enum rdsclone_log_level)l, "rds: %s", msg);
}

/* ---- what both commands share: options, configuration, RDS handle ----- */

/* GO_ON, or the exit code of running out of memory. */
int cli_rds_init(struct cli_rds *c, const char *cmd)
{
  memset(c, 0, sizeof(*c));
  c->cmd = cmd;
  c->format = RDSCLONE_FORMAT_TEXT;
  c->opts = rdsclone_options_new();
  return c->opts ? GO_ON : cli_out_of_memory();
}

void cli_rds_release(struct cli_rds *c)
{
  rdsclone_options_free(c->opts);
  cfg_release(&c->cfg);
}

/* An option both commands take: GO_ON, NOT_MINE or an exit code. */
static int common_opt(struct cli_rds *c, int opt, char **argv)
{
  enum logline_format lf;

  switch(opt) {
  case 'c': c->config = optarg; return GO_ON;
  case OPT_FORMAT:
    if(cli_format_parse(optarg, &c->format) ||
       c->format == RDSCLONE_FORMAT_SQL)
      return cli_usage_error(c->cmd, "unknown format \"%s\" (text, json)",
                         optarg);
    return GO_ON;
  case OPT_LOG_FORMAT:
    if(cli_log_format_parse(optarg, &lf))
      return cli_usage_error(c->cmd, "unknown log format \"%s\" (text, json)",
                         optarg);
    cli_log_set_format(lf);
    return GO_ON;
  case OPT_REGION: c->region = optarg; return GO_ON;
  case OPT_ENDPOINT: c->endpoint_url = optarg; return GO_ON;
  case OPT_PROFILE: c->profile = optarg; return GO_ON;
  case 'v': c->verbose++; return GO_ON;
  case 'q': c->quiet = 1; return GO_ON;
  case ':': return cli_usage_error(c->cmd, "option \"%s\" needs a value",
                               argv[optind - 1]);
  case '?': return cli_usage_error(c->cmd, "unknown option \"%s\"",
                               argv[optind - 1]);
  }
  return NOT_MINE;
}

/* The options of one command: the shared ones, -h (help), and the
 * command's own through own(args, opt). GO_ON with optind at the first
 * operand, or an exit code. */
int cli_rds_parse(struct cli_rds *c, int argc, char **argv,
                         const struct option *longopts, void (*help)(void),
                         int (*own)(void *args, int opt), void *args)
{
  int opt, code;

  optind = 1;
  opterr = 0;
  while((opt = getopt_long(argc, argv, ":c:vqh", longopts, NULL)) != -1) {
    if(opt == 'h') {
      help();
      return RDSCLONE_EXIT_OK;
    }
    code = common_opt(c, opt, argv);
    if(code == NOT_MINE)
      code = own(args, opt);
    if(code != GO_ON)
      return code;
  }
  return GO_ON;
}

/* Loads -c FILE, if given; the recreate group's RDS settings fill what
 * the flags left unset. GO_ON or an exit code (the error printed). */
int cli_rds_config(struct cli_rds *c)
{
  char errbuf[1024];
  enum rdsclone_code rc;

  if(!c->config)
    return GO_ON;
  rc = cfg_load(&c->cfg, c->config, c->opts, errbuf, sizeof(errbuf));
  if(rc == RDSCLONE_E_NOMEM)
    return cli_out_of_memory();
  if(rc) {
    cli_error("%s", errbuf);
    return RDSCLONE_EXIT_CONFIG;
  }
  if(!c->region) c->region = c->cfg.recreate.region;
  if(!c->endpoint_url) c->endpoint_url = c->cfg.recreate.endpoint_url;
  if(!c->profile) c->profile = c->cfg.recreate.profile;
  return GO_ON;
}

int cli_rds_open_shim(const struct cli_rds *c, struct rds_shim **h)
{
  struct rds_shim_options so;
  enum rds_shim_code sc;

  memset(&so, 0, sizeof(so));
  so.region = c->region;
  so.endpoint_url = c->endpoint_url;
  so.profile = c->profile;
  so.log = shim_log;
  so.log_level = c->quiet ? RDS_SHIM_LOG_ERROR
                 : c->verbose > 0 ? (c->verbose > 1 ? RDS_SHIM_LOG_DEBUG
                                                    : RDS_SHIM_LOG_INFO)
                                  : RDS_SHIM_LOG_WARN;
  sc = rds_shim_open(h, &so);
  if(sc == RDS_SHIM_OUT_OF_MEMORY)
    return cli_out_of_memory();
  if(sc) {
    cli_error("%s", *h && rds_shim_errmsg(*h)[0] ? rds_shim_errmsg(*h)
                                              : rds_shim_strerror(sc));
    return RDSCLONE_EXIT_CONFIG;
  }
  return GO_ON;
}

int cli_rds_shim_exit(enum rds_shim_code sc)
{
  switch(sc) {
  case RDS_SHIM_NO_CREDENTIALS:
  case RDS_SHIM_NO_REGION:
  case RDS_SHIM_CONFIG:
    return RDSCLONE_EXIT_CONFIG;
  default:
    return RDSCLONE_EXIT_FAILURE;
  }
}

/* Prints text on stdout ending in a newline and frees it; NULL (out of
 * memory) prints the error instead. An exit code: 0 or 1. */
int cli_rds_print(char *text)
{
  if(!text)
    return cli_out_of_memory();
  cli_print(text);
  free(text);
  return RDSCLONE_EXIT_OK;
}

/* The reconciliation's template: the file's settings without the URIs
 * (the procedure sets them), logging through cli_log. 0, or an
 * rdsclone_code (out of memory). */
int cli_rds_recon_options(const struct cli_rds *cm)
{
  enum rdsclone_code rc;

  rc = rdsclone_options_set_str(cm->opts, RDSCLONE_OPT_SOURCE_URI, NULL);
  if(!rc)
    rc = rdsclone_options_set_str(cm->opts, RDSCLONE_OPT_TARGET_URI, NULL);
  if(!rc)
    rc = rdsclone_options_set_log(cm->opts, cli_log, NULL);
  if(!rc)
    rc = rdsclone_options_set_int(cm->opts, RDSCLONE_OPT_VERBOSITY,
                                  cm->quiet ? RDSCLONE_LOG_ERROR
                                  : RDSCLONE_LOG_WARN + cm->verbose);
  return (int)rc;
}


int cli_rds_waits(const char *cmd, int opt, long *wait, long *poll)
{
  if(opt == OPT_WAIT) {
    if(parse_long(optarg, 1, 7 * 86400, wait))
      return cli_usage_error(cmd, "--wait-timeout \"%s\": seconds, 1 to "
                             "604800", optarg);
    return GO_ON;
  }
  if(opt == OPT_POLL) {
    if(parse_long(optarg, 10, 600000, poll))
      return cli_usage_error(cmd, "--poll-interval \"%s\": milliseconds, "
                             "10 to 600000", optarg);
    return GO_ON;
  }
  return cli_usage_error(cmd, "option %d not handled", opt);
}

int cli_rds_finish(struct cli_rds *c, int argc, char **argv,
                   int (*step_parse)(const char *), int *exit_after)
{
  const char *hook = getenv("RDSCLONE_TEST_EXIT_AFTER");

  if(optind < argc)
    return cli_usage_error(c->cmd, "unexpected argument \"%s\"",
                           argv[optind]);
  *exit_after = -1;
  if(hook && *hook) {
    *exit_after = step_parse(hook);
    if(*exit_after < 0)
      return cli_usage_error(c->cmd, "RDSCLONE_TEST_EXIT_AFTER=\"%s\": "
                             "not a step", hook);
  }
  return cli_rds_config(c);
}

void cli_rds_test_exit(int exit_after, int step, const char *name)
{
  if(exit_after != step)
    return;
  fprintf(stderr, "rdsclone: test hook: exiting after step %s\n", name);
  fflush(NULL);
  _exit(99);
}
