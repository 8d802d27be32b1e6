/*
 * main.c - the rdsclone command: parses arguments, loads the
 * configuration, calls the library, prints, and maps results to the
 * documented exit codes. Nothing else lives here.
 */
#include "rdsclone.h"
#include "cfg.h"
#include "cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
  struct cli cli;
  int code = cli_parse(&cli, argc, argv);
  if(code < 0)
    code = cli_run(&cli);
  cli_release(&cli);
  return code;
}
