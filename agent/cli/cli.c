/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.c - runs the command cli_parse() accepted: dump one side, plan or
 * apply one pair, or hand a fleet to cli_fleet.c; prints the report and
 * returns the documented exit status.
 */
#include "cli.h"
#include "cli_fleet.h"
#include "cli_log.h"

#include <stdlib.h>

/* A failure's exit status: the library's mapping, so that the CLI, the
 * fleet report and the metrics say the same. */
int cli_exit_code(enum rdsclone_code rc)
{
  return rdsclone_exit_status(rc, RDSCLONE_APPLY, NULL);
}

int cli_run(struct cli *c)
{
  char errbuf[1024] = "";
  enum rdsclone_code rc;
  char *out = NULL;

  if(c->cmd == CMD_DUMP) {
    rc = rdsclone_dump(c->opts, (enum rdsclone_side)c->dump_side,
                       c->format, c->show_secrets, &out, errbuf,
                       sizeof(errbuf));
    if(out)
      cli_print(out);
  }
  else if(c->fleet) {
    int status = cli_fleet_select(c);
    return status < 0 ? cli_fleet_run(c) : status;
  }
  else {
    /* one pair, printed exactly as before fleets existed */
    struct rdsclone_fleet *f = NULL;
    const struct rdsclone_report *r;
    int status;

    if(rdsclone_fleet_run(c->pairs, 1, c->cmd == CMD_APPLY ? RDSCLONE_APPLY
                                                           : RDSCLONE_PLAN,
                          1, &f))
      return cli_out_of_memory();
    r = rdsclone_fleet_pair_report(f, 0);
    if(r) {
      out = rdsclone_report_render(r, c->format, c->show_secrets);
      if(out)
        cli_print(out);
    }
    rc = rdsclone_fleet_pair_code(f, 0);
    if(rc)
      cli_error("%s", rdsclone_fleet_pair_error(f, 0));
    status = cli_write_metrics(c, f, rdsclone_fleet_pair_exit(f, 0));
    rdsclone_fleet_free(f);
    free(out);
    return status;
  }
  free(out);
  if(rc) {
    cli_error("%s", errbuf[0] ? errbuf : rdsclone_strerror(rc));
    return cli_exit_code(rc);
  }
  return RDSCLONE_EXIT_OK;
}

