/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_recreate.h - the rdsclone commands that talk to the RDS API:
 * recreate-replica and compare. argv[0] is the command name.
 * Exit codes as the other commands: 0 done / nothing unexpected differs;
 * 1 runtime failure; 2 compare found an unexpected difference; 64 usage;
 * 75 the target's lock is held; 78 configuration error.
 */
#ifndef RDSCLONE_CLI_RECREATE_H
#define RDSCLONE_CLI_RECREATE_H

int cli_recreate_main(int argc, char **argv);
int cli_compare_main(int argc, char **argv);

#endif
