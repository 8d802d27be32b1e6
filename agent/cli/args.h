/* SPDX-License-Identifier: Apache-2.0 */
/*
 * args.h - the rdsclone command line as parsed (args.c): the command,
 * its options, the configuration loaded and the pairs to run.
 */
#ifndef RDSCLONE_CLI_ARGS_H
#define RDSCLONE_CLI_ARGS_H

#include "rdsclone.h"
#include "cfg.h"

#include <stddef.h>

enum cli_command { CMD_NONE, CMD_PLAN, CMD_APPLY, CMD_DUMP };

struct cli {
  enum cli_command cmd;
  struct rdsclone_options *opts;  /* the file's settings, flags over them */
  struct cfg cfg;
  enum rdsclone_format format;
  int show_secrets;
  int quiet;
  int dump_side;          /* RDSCLONE_SOURCE / RDSCLONE_TARGET */
  const char *include[CFG_MAX_PATTERNS];
  const char *exclude[CFG_MAX_PATTERNS];
  size_t ninclude, nexclude;
  char *databases[CFG_MAX_PATTERNS];  /* --databases/--database, owned */
  size_t ndatabases;
  /* fleets (--all, --pair NAME...) and operations */
  const char *config_path;
  int all;
  const char **pair_names;       /* --pair arguments (argv), in order */
  size_t npair_names;
  unsigned jobs;                 /* --jobs, default 2 */
  const char *metrics_file;
  struct rdsclone_pair *pairs;   /* what runs: one, or the selection */
  size_t npairs;
  int fleet;                     /* --all or --pair given */
  /* flags that override the file (for every pair of a fleet) */
  const char *flag_source, *flag_target;
  int flag_prune, flag_continue, flag_verbose, flag_strict;
  long flag_binlog;              /* -2: not given */
};

/* Returns -1 when a command should run, else the exit code to return
 * (help, version, usage or configuration errors, already printed). */
/* Parses argv and loads the configuration. Returns -1 when the command
 * should run (cli_run), else the exit status to stop with (help,
 * version: 0; usage 64, configuration 78, out of memory 1); c must be
 * released by cli_release() either way. */
int cli_parse(struct cli *c, int argc, char **argv);
void cli_release(struct cli *c);

/* The flags that override the configuration, onto one pair's options
 * (and the CLI's log callback, with userdata log_ud, and verbosity).
 * RDSCLONE_OK or RDSCLONE_E_NOMEM. */
enum rdsclone_code cli_apply_overrides(const struct cli *c,
                                       struct rdsclone_options *o,
                                       void *log_ud);

#endif
