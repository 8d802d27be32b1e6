/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - running the parsed rdsclone command (cli.c): dump, one pair,
 * or a fleet (cli_fleet.c), printing and the exit status.
 */
#ifndef RDSCLONE_CLI_H
#define RDSCLONE_CLI_H

#include "args.h"

/* Runs the command cli_parse() accepted; returns the exit status. */
int cli_run(struct cli *c);
/* A failure's exit status (rdsclone_exit_status's mapping). */
int cli_exit_code(enum rdsclone_code rc);

#endif
