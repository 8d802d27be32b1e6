/* SPDX-License-Identifier: Apache-2.0 */
/*
 * run.h - a run (run.c) on a target session the caller already holds:
 * rdsclone_run() connects and locks its own, this borrows one, so a
 * caller that took the target's apply lock for steps of its own
 * (dms-finish) keeps that one lock across them and the account run.
 */
#ifndef RDSCLONE_RUN_H
#define RDSCLONE_RUN_H

#include "rdsclone.h"
#include "core/engine.h"

#include <stddef.h>

/* As rdsclone_run(), with target connected by the caller (writable,
 * and for RDSCLONE_APPLY holding the apply lock: not taken again here);
 * it stays open and locked when this returns. */
enum rdsclone_code run_on_target(const struct rdsclone_options *o,
                                 enum rdsclone_mode mode,
                                 struct dbconn *target,
                                 struct rdsclone_report **out,
                                 char *errbuf, size_t errlen);

#endif
