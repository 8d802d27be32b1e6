/*
 * cli.h - the rds-shim commands, called by main.c after it parsed the
 * command line. Each returns the process exit status (sysexits style, see
 * DESIGN.md): 0 ok, 1 runtime failure, 64 usage, 78 configuration.
 */
#ifndef RDS_SHIM_CLI_H
#define RDS_SHIM_CLI_H

#include "rds_shim.h"

#define EXIT_OK 0
#define EXIT_RUNTIME 1
#define EXIT_USAGE 64
#define EXIT_CONFIG 78

#define CLI_MAX_LIST 64

struct cli {
  /* global */
  const char *region, *profile, *endpoint_url;
  int verbose;
  int max_attempts;
  long connect_timeout_s, read_timeout_s;
  long page_size;
  /* command arguments */
  const char *id, *source, *from;
  const char *host, *user, *until;
  long port;
  long timeout_s, poll_ms, max_poll_ms;
  int force_failover;
  struct rds_shim_replica_params rp;   /* create-read-replica */
  struct rds_shim_modify_params mp;    /* modify */
  const char *sgs[CLI_MAX_LIST];
  size_t n_sgs;
  const char *logs[CLI_MAX_LIST];
  size_t n_logs;
  struct rds_shim_tag_in tags[CLI_MAX_LIST];
  size_t n_tags;
  char *owned[4 * CLI_MAX_LIST];       /* strings split out of argv */
  size_t n_owned;
};

int cli_describe(struct cli *c);
int cli_create_read_replica(struct cli *c);
int cli_modify(struct cli *c);
int cli_reboot(struct cli *c);
int cli_wait(struct cli *c);
int cli_auth_token(struct cli *c);

/* Prints "rds-shim: error: ..." to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
