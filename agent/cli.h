/*
 * cli.h - the rdsclone command line: parsing (cli_parse) and running a
 * parsed command (cli_run). Exit codes are sysexits-style and stable:
 * 0 done / in sync; 1 runtime failure; 2 plan found changes; 64 usage;
 * 75 the target's lock is held; 78 configuration error.
 */
#ifndef RDSCLONE_CLI_H
#define RDSCLONE_CLI_H

#include "rdsclone.h"
#include "cfg.h"

enum {
  EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_CHANGES = 2, EXIT_USAGE = 64,
  EXIT_LOCKED = 75, EXIT_CONFIG = 78
};

enum cli_command { CMD_NONE, CMD_PLAN, CMD_APPLY, CMD_DUMP };

struct cli {
  enum cli_command cmd;
  struct rdsclone_options opts;
  struct cfg cfg;
  enum rdsclone_format format;
  int show_secrets;
  int quiet;
  int dump_side;          /* RDSCLONE_SOURCE / RDSCLONE_TARGET */
  const char *include[CFG_MAX_PATTERNS];
  const char *exclude[CFG_MAX_PATTERNS];
  size_t ninclude, nexclude;
  char *databases_arg;           /* --databases a,b, split in place */
  const char *databases[CFG_MAX_PATTERNS];
  size_t ndatabases;
};

/* Returns -1 when a command should run, else the exit code to return
 * (help, version, usage or configuration errors, already printed). */
int cli_parse(struct cli *c, int argc, char **argv);
/* Runs the parsed command; returns the exit code. */
int cli_run(struct cli *c);
void cli_release(struct cli *c);

/* Exit code for a library result. */
int cli_exit_code(enum rdsclone_code rc);

#endif
