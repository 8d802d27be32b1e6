/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_rds.h - what the rdsclone commands that talk to the RDS API share
 * (recreate-replica, compare, encrypt); see cli_rds.c.
 */
#ifndef RDSCLONE_CLI_RDS_H
#define RDSCLONE_CLI_RDS_H

#include "cfg.h"
#include "rdsclone.h"
#include "rds_shim.h"

#include <getopt.h>

/* parse results besides exit codes: go on (next option / run it), or an
 * option the shared parser leaves to the command */
enum { GO_ON = -1, NOT_MINE = -2 };

enum { OPT_PRIMARY = 300, OPT_FROM, OPT_NAME, OPT_DRY, OPT_FORMAT,
       OPT_LOG_FORMAT, OPT_REGION, OPT_ENDPOINT, OPT_PROFILE, OPT_WAIT,
       OPT_POLL, OPT_IGNORE, OPT_ONLY, OPT_INSTANCE, OPT_KMS_KEY, OPT_YES,
       OPT_NO_SWAP, OPT_JOBS };

struct cli_rds {
  const char *cmd;
  const char *config;            /* -c FILE */
  struct cfg cfg;                /* loaded from it */
  struct rdsclone_options *opts; /* what the file sets */
  const char *region, *endpoint_url, *profile;
  enum rdsclone_format format;   /* text or json */
  int verbose, quiet;
};

/* GO_ON, or the exit code of running out of memory. */
int cli_rds_init(struct cli_rds *c, const char *cmd);
void cli_rds_release(struct cli_rds *c);
/* The options of one command: the shared ones, -h (help), and the
 * command's own through own(args, opt). GO_ON with optind at the first
 * operand, or an exit code. */
int cli_rds_parse(struct cli_rds *c, int argc, char **argv,
                  const struct option *longopts, void (*help)(void),
                  int (*own)(void *args, int opt), void *args);
/* After the options: no operand allowed; the test hook
 * RDSCLONE_TEST_EXIT_AFTER=STEP into *exit_after (-1 when unset) through
 * step_parse; then the file (cli_rds_config). GO_ON or an exit code. */
int cli_rds_finish(struct cli_rds *c, int argc, char **argv,
                   int (*step_parse)(const char *), int *exit_after);
/* The test hook: exit 99 at once (no cleanup, as a kill would) when step
 * is the one RDSCLONE_TEST_EXIT_AFTER named and did its work. */
void cli_rds_test_exit(int exit_after, int step, const char *name);
/* Loads -c FILE, if given: GO_ON or an exit code (the error printed). */
int cli_rds_config(struct cli_rds *c);
/* Opens the RDS handle: GO_ON or an exit code. */
int cli_rds_open_shim(const struct cli_rds *c, struct rds_shim **h);
/* The exit code of a shim failure. */
int cli_rds_shim_exit(enum rds_shim_code sc);
/* --wait-timeout / --poll-interval into *wait / *poll: GO_ON, or the
 * usage exit code (also for any other option: not handled). */
int cli_rds_waits(const char *cmd, int opt, long *wait, long *poll);
/* Prints text (freed); NULL prints out of memory. 0 or 1. */
int cli_rds_print(char *text);
/* The file's settings as the reconciliation's template (no URIs, the
 * CLI's log). 0, or an rdsclone_code. */
int cli_rds_recon_options(const struct cli_rds *cm);

#endif
