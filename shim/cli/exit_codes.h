/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exit_codes.h - the exit statuses of rds-shim, defined once (sysexits
 * style, see DESIGN.md and `rds-shim --help`). A contract: scripts and the
 * tests in tests/shim and tests/recreate rely on them.
 */
#ifndef SHIM_CLI_EXIT_CODES_H
#define SHIM_CLI_EXIT_CODES_H

enum shim_exit {
  EXIT_OK = 0,          /* done */
  EXIT_RUNTIME = 1,     /* AWS error, deadline passed, out of memory ... */
  EXIT_USAGE = 64,      /* bad command line */
  EXIT_CONFIG = 78      /* no credentials, unknown region, bad config */
};

#endif
