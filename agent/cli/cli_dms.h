/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_dms.h - rdsclone dms-prepare and dms-finish (cli_dms.c).
 */
#ifndef RDSCLONE_CLI_DMS_H
#define RDSCLONE_CLI_DMS_H

#include "args.h"

/* Runs the DMS command c holds; prints; returns the exit status. */
int cli_dms_run(struct cli *c);

#endif
