/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_encrypt.h - "rdsclone encrypt": encrypt an RDS instance and its
 * replicas in place. argv[0] is the command name. Exit codes: 0 done and
 * verified; 1 runtime failure; 2 an unexpected difference, stopped before
 * the swap; 64 usage; 75 another run holds the instance's lock; 78
 * configuration error.
 */
#ifndef RDSCLONE_CLI_ENCRYPT_H
#define RDSCLONE_CLI_ENCRYPT_H

int cli_encrypt_main(int argc, char **argv);

#endif
