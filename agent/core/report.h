/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.h - the report of one run (struct rdsclone_report, opaque in
 * rdsclone.h) and the renderings of reports and dumps.
 */
#ifndef RDSCLONE_CORE_REPORT_H
#define RDSCLONE_CORE_REPORT_H

#include "core/coverage.h"
#include "core/plan.h"
#include "buf.h"
#include "rdsclone.h"

struct rdsclone_report {
  const struct engine *engine;
  enum rdsclone_mode mode;
  char *source_server, *source_version;
  char *target_server, *target_version;
  struct plan plan;
  struct plan remaining;   /* apply: what the verifying re-read found */
  int verified;
  int converged;
  struct buf notes;        /* one note per line */
  struct coverage not_compared;  /* both sides' (coverage.h) */
  int strict;              /* --strict: not_compared fails the run */
};

/* The report as a cJSON object (the JSON report's root); transferred
 * (cJSON_Delete), NULL on OOM. */
struct cJSON *report_json(const struct rdsclone_report *r,
                          int show_secrets);

/* Renders a snapshot's row maps (dump); transferred, NULL on OOM. */
char *dump_render(const struct snapshot *s, enum rdsclone_format format,
                  int show_secrets);

#endif
