/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rdsclone_dms.h - the DMS route (docs/dms.md): prepare a target for an
 * AWS DMS full load (save and drop its foreign keys, save and disable
 * its user triggers; on MySQL/MariaDB, which cannot disable one, save
 * and drop them) and finish it after the cut-over (re-create the foreign
 * keys, re-enable or re-create the triggers, move every sequence and
 * AUTO_INCREMENT counter past the source's, reconcile the accounts). The
 * saved state lives on the target, in rdsclone.dms_saved_constraints
 * (of each database on PostgreSQL; in the database rdsclone on MySQL),
 * so a re-run finds it.
 */
#ifndef RDSCLONE_DMS_H
#define RDSCLONE_DMS_H

#include "rdsclone.h"

#include <stddef.h>

/* What a prepare or finish did or (dry run) would do, object by object,
 * and for finish the account reconciliation's report. Opaque. */
struct rdsclone_dms_result;

/*
 * dms-prepare on opts' target (the source URI only chooses the engine).
 * Databases: opts' RDSCLONE_OPT_DATABASE list, else every database of the
 * target that takes connections (MySQL: all but mysql, sys, rdsclone and
 * the schemas information_schema and performance_schema; finish moves
 * their AUTO_INCREMENT counters with the sequences). dry_run: read
 * only, no lock. *out (may
 * be NULL on early failures) is the caller's to free. Returns RDSCLONE_OK,
 * RDSCLONE_E_APPLY when some object or database failed (named in the
 * result), or the run's codes (USAGE, CONNECT, LOCKED, QUERY, NOMEM).
 */
enum rdsclone_code rdsclone_dms_prepare(const struct rdsclone_options *opts,
                                        int dry_run,
                                        struct rdsclone_dms_result **out,
                                        char *errbuf, size_t errlen);

/*
 * dms-finish: the saved foreign keys and triggers back, every sequence
 * of the target set to the source's last_value plus sequence_margin
 * (>= 0; setval only moves forward), then the account run as
 * rdsclone_run does it (apply, or plan when dry_run), on the same target
 * session: one apply lock covers the whole finish. Returns as
 * rdsclone_dms_prepare, or the account run's code (RDSCLONE_E_VERIFY,
 * ...) when that failed.
 */
enum rdsclone_code rdsclone_dms_finish(const struct rdsclone_options *opts,
                                       long sequence_margin, int dry_run,
                                       struct rdsclone_dms_result **out,
                                       char *errbuf, size_t errlen);

/* Objects listed; those planned (dry run) or changed; those failed. */
size_t rdsclone_dms_result_objects(const struct rdsclone_dms_result *r);
size_t rdsclone_dms_result_changes(const struct rdsclone_dms_result *r);
size_t rdsclone_dms_result_failed(const struct rdsclone_dms_result *r);
/* finish: the account run's report (NULL when it did not get that far);
 * borrowed from r. */
const struct rdsclone_report *
rdsclone_dms_result_accounts(const struct rdsclone_dms_result *r);
/* The result as text, JSON or SQL; transferred (free()), NULL on OOM. */
char *rdsclone_dms_result_render(const struct rdsclone_dms_result *r,
                                 enum rdsclone_format format);
/* The exit status (0, 1, 2 with a dry run's changes, 64, 75, 78) of a
 * call that returned rc with result r (may be NULL). */
int rdsclone_dms_exit_status(enum rdsclone_code rc,
                             const struct rdsclone_dms_result *r);
void rdsclone_dms_result_free(struct rdsclone_dms_result *r);

#endif
