/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_dms.c - rdsclone dms-prepare and dms-finish: calls the library's
 * DMS route (rdsclone_dms.h), prints its result in the chosen format and
 * returns its exit status (0, 1, 2 for a dry run with changes, 64, 75,
 * 78).
 */
#include "cli_dms.h"
#include "cli_log.h"
#include "rdsclone_dms.h"

#include <stdlib.h>

int cli_dms_run(struct cli *c)
{
  char errbuf[1024] = "";
  struct rdsclone_dms_result *r = NULL;
  enum rdsclone_code rc;
  char *out;
  int status;

  if(c->cmd == CMD_DMS_PREPARE)
    rc = rdsclone_dms_prepare(c->opts, c->dry_run, &r, errbuf,
                              sizeof(errbuf));
  else
    rc = rdsclone_dms_finish(c->opts, c->sequence_margin < 0
                                        ? 0 : c->sequence_margin,
                             c->dry_run, &r, errbuf, sizeof(errbuf));
  out = r ? rdsclone_dms_result_render(r, c->format) : NULL;
  if(out)
    cli_print(out);
  else if(r)
    rc = RDSCLONE_E_NOMEM;
  if(rc)
    cli_error("%s", errbuf[0] ? errbuf : rdsclone_strerror(rc));
  status = rdsclone_dms_exit_status(rc, r);
  free(out);
  rdsclone_dms_result_free(r);
  return status;
}
