/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - the rdsclone command: parses arguments, loads the
 * configuration, calls the library, prints, and maps results to the
 * documented exit codes. Nothing else lives here.
 */
#include "cli.h"
#include "cli_log.h"
#include "cli_encrypt.h"
#include "cli_recreate.h"

#include <signal.h>
#include <string.h>

int main(int argc, char **argv)
{
  struct cli cli;
  int code;

  /* a closed pipe under the report is an error to report (EPIPE, then
   * cli_finish_output), not a signal that ends a run half-way, before
   * its metrics file or, in an apply, before its report */
  signal(SIGPIPE, SIG_IGN);

  if(argc > 1 && !strcmp(argv[1], "recreate-replica"))
    return cli_finish_output(cli_recreate_main(argc - 1, argv + 1));
  if(argc > 1 && !strcmp(argv[1], "encrypt"))
    return cli_finish_output(cli_encrypt_main(argc - 1, argv + 1));
  if(argc > 1 && !strcmp(argv[1], "compare"))
    return cli_finish_output(cli_compare_main(argc - 1, argv + 1));
  code = cli_parse(&cli, argc, argv);
  if(code < 0)
    code = cli_run(&cli);
  cli_release(&cli);
  return cli_finish_output(code);
}
