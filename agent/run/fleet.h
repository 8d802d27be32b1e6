/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet.h - the results of a fleet run (rdsclone_fleet_run), shared by
 * fleet.c (running and rendering) and metrics.c (the metrics file).
 * Internal; programs use the accessors in rdsclone.h.
 */
#ifndef RDSCLONE_FLEET_H
#define RDSCLONE_FLEET_H

#include "core/report.h"

struct fleet_result {
  char *name;
  enum rdsclone_code rc;
  int exit;                       /* rdsclone_exit_status() */
  struct rdsclone_report *report; /* NULL when no plan was made */
  char error[1024];               /* "" when rc is RDSCLONE_OK */
  double started;                 /* wall clock, seconds since the epoch */
  double finished;
  double seconds;                 /* how long it ran (monotonic clock) */
};

struct rdsclone_fleet {
  enum rdsclone_mode mode;
  struct fleet_result *v;
  size_t n;
};

/* A word for a pair's exit status: "in sync", "changes", "locked",
 * "failed", "usage error", "configuration error". Static. */
const char *fleet_status_word(int exit_status);

/* A run that completed: exit 0, or 2 (a plan that found changes). */
int fleet_result_succeeded(const struct fleet_result *r);

#endif
