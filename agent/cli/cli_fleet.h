/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_fleet.h - "rdsclone plan|apply --all / --pair NAME" (cli_fleet.c).
 */
#ifndef RDSCLONE_CLI_FLEET_H
#define RDSCLONE_CLI_FLEET_H

#include "args.h"

/* Chooses the configuration's pairs that --all / --pair name, the flags
 * applied over each. -1 to go on, else the exit status. */
int cli_fleet_select(struct cli *c);
/* Runs the chosen pairs, prints, writes metrics; the worst status. */
int cli_fleet_run(struct cli *c);
/* Writes --metrics-file (if given) for f; status, or worse on failure. */
int cli_write_metrics(const struct cli *c, const struct rdsclone_fleet *f,
                      int status);

#endif
