/* SPDX-License-Identifier: Apache-2.0 */
/*
 * status.c - the documented exit statuses of a run and how the statuses
 * of many pairs combine (the worst wins), so that the CLI, the fleet
 * report and the metrics all say the same. Pure.
 */
#include "core/report.h"

int rdsclone_exit_status(enum rdsclone_code rc, enum rdsclone_mode mode,
                         const struct rdsclone_report *r)
{
  switch(rc) {
  case RDSCLONE_OK:
    /* --strict: a plan that could not compare everything is no "in
     * sync" (apply reports RDSCLONE_E_COVERAGE instead) */
    return mode == RDSCLONE_PLAN && r &&
           (rdsclone_report_pending(r) ||
            (r->strict && rdsclone_report_not_compared(r)))
           ? RDSCLONE_EXIT_CHANGES : RDSCLONE_EXIT_OK;
  case RDSCLONE_E_USAGE: return RDSCLONE_EXIT_USAGE;
  case RDSCLONE_E_CONFIG: return RDSCLONE_EXIT_CONFIG;
  case RDSCLONE_E_LOCKED: return RDSCLONE_EXIT_LOCKED;
  default: return RDSCLONE_EXIT_FAILURE;
  }
}

/* Higher is worse. A status this file does not know ranks as a failure. */
static int rank(int status)
{
  switch(status) {
  case RDSCLONE_EXIT_OK: return 0;
  case RDSCLONE_EXIT_CHANGES: return 1;
  case RDSCLONE_EXIT_LOCKED: return 2;
  case RDSCLONE_EXIT_USAGE: return 4;
  case RDSCLONE_EXIT_CONFIG: return 5;
  default: return 3;
  }
}

int rdsclone_exit_worst(int a, int b)
{
  return rank(b) > rank(a) ? b : a;
}
