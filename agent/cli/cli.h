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
#include "logline.h"

#include <stdarg.h>


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
int cli_parse(struct cli *c, int argc, char **argv);
/* Runs the parsed command; returns the exit code. */
int cli_run(struct cli *c);
void cli_release(struct cli *c);

/* Exit code for a library result. */
int cli_exit_code(enum rdsclone_code rc);

/* cli_fleet.c: builds c->pairs from the configuration's pairs list and
 * the --all/--pair selection (each with the flags' overrides applied by
 * apply_overrides); -1, or an exit code with the error printed. */
int cli_fleet_select(struct cli *c,
                     void (*apply_overrides)(struct cli *c,
                                             struct rdsclone_options *o));
/* Runs c->pairs, prints the grouped report, writes metrics; exit code. */
int cli_fleet_run(struct cli *c);
/* Writes --metrics-file for f, if asked; returns status made worse by a
 * failure to write it (1). */
int cli_write_metrics(const struct cli *c, const struct rdsclone_fleet *f,
                      int status);

/* cli_log.c: log lines on stderr (text or JSON lines). pair (the log
 * callback's userdata) names a fleet's pair, or is NULL. */
void cli_log_set_format(enum logline_format f);
void cli_log(void *pair, enum rdsclone_log_level l, const char *msg);
void cli_logf(const char *pair, enum rdsclone_log_level l,
              const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cli_vlogf(const char *pair, enum rdsclone_log_level l,
               const char *fmt, va_list ap)
  __attribute__((format(printf, 3, 0)));

/* Prints a rendered report on stdout, ending it with a newline. */
void cli_print(const char *text);

#endif
