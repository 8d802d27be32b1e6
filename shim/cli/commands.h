/* SPDX-License-Identifier: Apache-2.0 */
/*
 * commands.h - the rds-shim commands (cli/commands.c), called by main.c
 * with the parsed command line. Each returns the process exit status
 * (cli/exit_codes.h).
 */
#ifndef SHIM_CLI_COMMANDS_H
#define SHIM_CLI_COMMANDS_H

#include <stddef.h>

#include "rds_shim.h"

#define CLI_MAX_LIST 64

/* The parsed command line. */
struct cli {
  /* global */
  const char *region, *profile, *endpoint_url;
  long verbose;
  long max_attempts;
  long connect_timeout_s, read_timeout_s;
  long page_size;
  /* command arguments */
  const char *id, *source, *from;
  const char *snapshot, *target, *arn;
  int copy_tags;
  const char *host, *user, *until;
  long port;
  long timeout_s, poll_ms, max_poll_ms;
  int force_failover;
  struct rds_shim_replica_params rp;   /* create-read-replica */
  struct rds_shim_modify_params mp;    /* modify */
  struct rds_shim_modify_more mm;      /* modify, restore */
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
int cli_create_snapshot(struct cli *c);
int cli_describe_snapshots(struct cli *c);
int cli_copy_snapshot(struct cli *c);
int cli_restore(struct cli *c);
int cli_add_tags(struct cli *c);
int cli_wait_snapshot(struct cli *c);

#endif
