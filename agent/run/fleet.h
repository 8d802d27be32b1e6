/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet.h - the results of a fleet run (rdsclone_fleet_run), shared by
 * fleet.c (running and rendering) and metrics.c (the metrics file).
 * Internal; programs use the accessors in rdsclone.h.
 */
#ifndef RDSCLONE_FLEET_H
#define RDSCLONE_FLEET_H

#include "core/plan.h"
#include "core/report.h"

/* What the metrics file needs of a pair's report, taken when the pair
 * ends (the report itself may be freed once rendered). */
struct fleet_numbers {
  int has_report;
  size_t pending[ACT__COUNT];     /* still to do, by kind */
  size_t applied, failed, skipped, not_compared;
  int converged;
};

struct fleet_result {
  char *name;
  enum rdsclone_code rc;
  int exit;                       /* rdsclone_exit_status() */
  struct rdsclone_report *report; /* NULL when no plan was made, or once
                                     rendered into section */
  char *section;                  /* rdsclone_fleet_run_rendered: the
                                     pair's rendering, else NULL */
  int render_failed;               /* out of memory making section */
  struct fleet_numbers numbers;
  char error[1024];               /* "" when rc is RDSCLONE_OK */
  double started;                 /* wall clock, seconds since the epoch */
  double finished;
  double seconds;                 /* how long it ran (monotonic clock) */
};

struct rdsclone_fleet {
  enum rdsclone_mode mode;
  struct fleet_result *v;
  size_t n;
  int rendering;                  /* render each pair as it ends */
  enum rdsclone_format format;
  int show_secrets;
  int written;                    /* rdsclone_fleet_write() let the
                                     sections go */
};

/* A word for a pair's exit status: "in sync", "changes", "locked",
 * "failed", "usage error", "configuration error". Static. */
const char *fleet_status_word(int exit_status);

/* A run that completed: exit 0, or 2 (a plan that found changes). */
int fleet_result_succeeded(const struct fleet_result *r);

/* After a pair ran (in its worker): the numbers of the metrics file and,
 * when the fleet renders as it goes, the pair's section in place of its
 * report. */
void fleet_render_pair(const struct rdsclone_fleet *f,
                       struct fleet_result *res);

/* res->numbers from res->report and res->rc (metrics.c). */
void fleet_numbers_fill(struct fleet_result *res);

#endif
