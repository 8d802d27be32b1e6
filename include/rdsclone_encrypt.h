/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rdsclone_encrypt.h - encrypt an RDS instance in place (issue 16): a
 * snapshot, an encrypted copy of it, a restore with the old instance's
 * attributes, the replicas re-created under the restore, the accounts
 * reconciled, old and new compared, and the names swapped so that the
 * endpoints keep their names. Resumable: every decision comes from a
 * fresh describe and from the tag rdsclone:encrypt-of = ID that the run
 * puts on what it creates, so a run killed anywhere and started again
 * finishes the work without creating anything twice.
 *
 * Names: ID-encrypted (the restore), R-encrypted (each replica R), and
 * after the swap ID-unencrypted / R-unencrypted (the old instances, never
 * deleted). Snapshots: ID-encrypt-RUN and ID-encrypt-RUN-kms, RUN kept in
 * the tag rdsclone:encrypt-run.
 *
 * Options and result are opaque handles with accessors, so new steps and
 * settings do not change the ABI. The library never prints or exits.
 */
#ifndef RDSCLONE_ENCRYPT_H
#define RDSCLONE_ENCRYPT_H

#include "rdsclone.h"
#include "rdsclone_recreate.h"
#include "rds_shim.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Steps in order. New steps are added before ENCRYPT_NSTEPS only at the
 * end of a release's list; use the accessors, not the numbers. */
enum rdsclone_encrypt_step {
  ENCRYPT_DESCRIBE = 0, ENCRYPT_CONFIRM, ENCRYPT_SNAPSHOT, ENCRYPT_COPY,
  ENCRYPT_RESTORE, ENCRYPT_MODIFY, ENCRYPT_REPLICAS, ENCRYPT_RECONCILE,
  ENCRYPT_COMPARE, ENCRYPT_SWAP, ENCRYPT_NSTEPS
};

enum rdsclone_encrypt_code {
  ENCRYPT_OK = 0,
  ENCRYPT_E_USAGE,      /* missing/invalid option, identifier too long */
  ENCRYPT_E_AWS,        /* an RDS call failed (message names it) */
  ENCRYPT_E_STATE,      /* refused: Aurora, already encrypted, a replica */
  ENCRYPT_E_WAIT,       /* deadline or terminal status */
  ENCRYPT_E_RECONCILE,  /* rdsclone_run failed */
  ENCRYPT_E_DIFFERS,    /* compare found an unexpected difference */
  ENCRYPT_E_DECLINED,   /* the confirm callback said no */
  ENCRYPT_E_NOMEM
};

/* "describe", "confirm", ..., "swap"; NULL when out of range. */
const char *rdsclone_encrypt_step_name(enum rdsclone_encrypt_step s);
/* Step by name; -1 if unknown. */
int rdsclone_encrypt_step_parse(const char *name);

struct rdsclone_encrypt_options; /* opaque */
struct rdsclone_encrypt_result;  /* opaque */

/* NULL on OOM. Every string set is borrowed: keep it alive. */
struct rdsclone_encrypt_options *rdsclone_encrypt_options_new(void);
void rdsclone_encrypt_options_free(struct rdsclone_encrypt_options *o);
void rdsclone_encrypt_options_set_instance(struct rdsclone_encrypt_options *o,
                                           const char *id);
void rdsclone_encrypt_options_set_kms_key(struct rdsclone_encrypt_options *o,
                                          const char *key);
void rdsclone_encrypt_options_set_shim(struct rdsclone_encrypt_options *o,
                                       struct rds_shim *shim);
void rdsclone_encrypt_options_set_dry_run(struct rdsclone_encrypt_options *o,
                                          int on);
/* swap: 1 (default) renames at the end; 0 stops before the swap. */
void rdsclone_encrypt_options_set_swap(struct rdsclone_encrypt_options *o,
                                       int on);
/* Replicas re-created at once (1..16; default 2), each in a thread with
 * its own RDS handle from the opener below; without an opener, one after
 * the other whatever the number. */
void rdsclone_encrypt_options_set_jobs(struct rdsclone_encrypt_options *o,
                                       int jobs);
/* Opens one more RDS handle (a handle is not thread-safe), configured as
 * the run's; the library frees it with rds_shim_free(). NULL from open:
 * that replica is re-created in the calling thread. Called from the
 * calling thread only. */
void rdsclone_encrypt_options_set_shim_opener(
  struct rdsclone_encrypt_options *o, struct rds_shim *(*open)(void *ud),
  void *ud);
/* Instance identifier -> database URI (borrowed array). */
void rdsclone_encrypt_options_set_endpoints(
  struct rdsclone_encrypt_options *o, const struct recreate_endpoint *map,
  size_t n);
/* The reconciliation's template (borrowed; as recreate_options.recon). */
void rdsclone_encrypt_options_set_recon(struct rdsclone_encrypt_options *o,
                                        const struct rdsclone_options *recon);
/* 0: the defaults (3600 s, 5000 ms, 30000 ms). */
void rdsclone_encrypt_options_set_waits(struct rdsclone_encrypt_options *o,
                                        long timeout_s, long poll_ms,
                                        long max_poll_ms);
void rdsclone_encrypt_options_set_log(
  struct rdsclone_encrypt_options *o,
  void (*log)(void *ud, enum rdsclone_log_level level, const char *msg),
  void *ud, int verbosity);
/* Called after every step that ran (done, skipped or planned). */
void rdsclone_encrypt_options_set_step_done(
  struct rdsclone_encrypt_options *o,
  void (*fn)(void *ud, enum rdsclone_encrypt_step step,
             enum recreate_status status), void *ud);
/* The confirm step: fn(ud, question) returns 1 to go on, 0 to stop
 * (ENCRYPT_E_DECLINED). NULL (the default): go on without asking. Never
 * called in a dry run. */
void rdsclone_encrypt_options_set_confirm(
  struct rdsclone_encrypt_options *o,
  int (*fn)(void *ud, const char *question), void *ud);

/* Runs (or with dry_run, plans) the procedure. *res is always set (NULL
 * only when out of memory) and freed with rdsclone_encrypt_result_free().
 * On failure errbuf gets one line naming the step and the cause. */
enum rdsclone_encrypt_code
rdsclone_encrypt_run(const struct rdsclone_encrypt_options *o,
                     struct rdsclone_encrypt_result **res,
                     char *errbuf, size_t errlen);
void rdsclone_encrypt_result_free(struct rdsclone_encrypt_result *r);

enum recreate_status
rdsclone_encrypt_result_step_status(const struct rdsclone_encrypt_result *r,
                                    enum rdsclone_encrypt_step s);
double
rdsclone_encrypt_result_step_seconds(const struct rdsclone_encrypt_result *r,
                                     enum rdsclone_encrypt_step s);
/* One line, or NULL; borrowed. */
const char *
rdsclone_encrypt_result_step_detail(const struct rdsclone_encrypt_result *r,
                                    enum rdsclone_encrypt_step s);
/* API calls made (or, dry run, planned), in order; borrowed. */
size_t rdsclone_encrypt_result_ncalls(const struct rdsclone_encrypt_result *r);
const char *
rdsclone_encrypt_result_call(const struct rdsclone_encrypt_result *r,
                             size_t i);
/* The commands that delete what the run left behind (the old instances,
 * the snapshots) once the user is satisfied; borrowed. */
size_t
rdsclone_encrypt_result_ncleanup(const struct rdsclone_encrypt_result *r);
const char *
rdsclone_encrypt_result_cleanup(const struct rdsclone_encrypt_result *r,
                                size_t i);
double
rdsclone_encrypt_result_seconds(const struct rdsclone_encrypt_result *r);
/* rdsclone_run's result when the reconcile step failed. */
enum rdsclone_code
rdsclone_encrypt_result_recon_rc(const struct rdsclone_encrypt_result *r);

/* The primary's reconciliation report (plan in a dry run), or NULL;
 * borrowed. */
const struct rdsclone_report *
rdsclone_encrypt_result_report(const struct rdsclone_encrypt_result *r);

/* The plans run after the swap, one per pair (the primary, and each
 * MySQL-family replica): the old and the new instance's identifiers
 * (borrowed) and how many statements the plan would run (0: in sync).
 * Returns 0, or -1 when i is out of range. */
size_t
rdsclone_encrypt_result_nfinal(const struct rdsclone_encrypt_result *r);
int rdsclone_encrypt_result_final(const struct rdsclone_encrypt_result *r,
                                  size_t i, const char **source,
                                  const char **target, size_t *pending);

/* The result as JSON ({"version":1,"command":"encrypt",...,"steps":[..],
 * "calls":[..],"final_plan":[..],"cleanup":[..]}); transferred, NULL on
 * OOM. */
char *rdsclone_encrypt_result_json(const struct rdsclone_encrypt_result *r,
                                   const struct rdsclone_encrypt_options *o,
                                   enum rdsclone_encrypt_code rc,
                                   const char *error);

#ifdef __cplusplus
}
#endif
#endif
