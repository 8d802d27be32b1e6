/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rdsclone_recreate.h - re-create an RDS read replica under a (new) primary so that
 * it matches an old replica, then reconcile its accounts and binlog
 * retention (the seed's procedure, made idempotent and resumable).
 *
 * Steps, each re-runnable (a step whose goal already holds is "skipped"):
 *   describe             the primary, the old replica and the new name
 *   create               CreateDBInstanceReadReplica with the old
 *                        replica's attributes, unless the primary already
 *                        lists a replica of that name
 *   wait-available       until the new replica is available
 *   modify               ModifyDBInstance ApplyImmediately, only when its
 *                        parameter group / security groups differ
 *   wait-modified        until available again
 *   wait-pending-reboot  until the parameters are pending-reboot (or
 *                        in-sync, when nothing needs a reboot)
 *   reboot               RebootDBInstance without failover, only when the
 *                        parameters are pending-reboot
 *   wait-in-sync         until available and in-sync
 *   reconcile            rdsclone_run(APPLY) from the old replica to the
 *                        new one (accounts, grants, binlog retention),
 *                        verified by re-reading the target
 * The library never prints or exits: lines go to the log callback.
 */
#ifndef RDSCLONE_RECREATE_H
#define RDSCLONE_RECREATE_H

#include "rdsclone.h"
#include "rds_shim.h"

#include <stddef.h>

enum recreate_step {
  RECREATE_DESCRIBE = 0, RECREATE_CREATE, RECREATE_WAIT_AVAILABLE,
  RECREATE_MODIFY, RECREATE_WAIT_MODIFIED, RECREATE_WAIT_PENDING_REBOOT,
  RECREATE_REBOOT, RECREATE_WAIT_IN_SYNC, RECREATE_RECONCILE,
  RECREATE_NSTEPS
};

enum recreate_status {
  RECREATE_NOT_RUN = 0, /* never reached (an earlier step failed) */
  RECREATE_DONE,        /* did its work */
  RECREATE_SKIPPED,     /* its goal already held */
  RECREATE_PLANNED,     /* --dry-run: would do its work */
  RECREATE_FAILED
};

/* "describe", "create", ..., "reconcile"; NULL when out of range. */
const char *rdsclone_recreate_step_name(enum recreate_step s);
/* Step by name; -1 if unknown. */
int rdsclone_recreate_step_parse(const char *name);
const char *rdsclone_recreate_status_name(enum recreate_status s);

/* Instance identifier -> database URI (overrides the described endpoint). */
struct recreate_endpoint {
  const char *id;
  const char *uri;
};

struct recreate_options {
  const char *primary;          /* the new primary */
  const char *from;             /* the old replica to copy */
  const char *name;             /* the new replica's identifier */
  struct rds_shim *shim;        /* open handle, borrowed */
  int dry_run;                  /* describe only; plan instead of apply */
  const struct recreate_endpoint *endpoints;
  size_t nendpoints;
  /* Template for the reconciliation (borrowed; NULL: the defaults):
   * passwords, scope, binlog retention, log. Its source and target URIs
   * are not used: rdsclone_recreate_replica() sets them on a copy. */
  const struct rdsclone_options *recon;
  long wait_timeout_s;          /* per wait; 0: 3600 */
  long poll_ms;                 /* 0: 5000 */
  long max_poll_ms;             /* 0: 30000 */
  void (*log)(void *ud, enum rdsclone_log_level level, const char *msg);
  void *log_ud;
  int verbosity;                /* highest level passed to log */
  /* Called after every step that ran (done, skipped or planned). */
  void (*step_done)(void *ud, enum recreate_step step,
                    enum recreate_status status);
  void *step_ud;
};

struct recreate_step_result {
  enum recreate_status status;
  double seconds;               /* wall time the step took */
  char *detail;                 /* one line: what it did or why not */
};

struct recreate_result {
  struct recreate_step_result steps[RECREATE_NSTEPS];
  char **calls;                 /* API calls made (or, dry-run, planned) */
  size_t ncalls;
  char *source_uri, *target_uri;
  struct rdsclone_report *report; /* the reconciliation's (plan or apply) */
  enum rdsclone_code recon_rc;  /* rdsclone_run's result */
  int converged;                /* after apply: target verified */
  double seconds;               /* whole run */
};

enum recreate_code {
  RECREATE_OK = 0,
  RECREATE_E_USAGE,      /* missing/invalid option */
  RECREATE_E_AWS,        /* an RDS call failed (message names it) */
  RECREATE_E_STATE,      /* the instances are not what the procedure needs */
  RECREATE_E_WAIT,       /* a waiter hit its deadline or a terminal status */
  RECREATE_E_RECONCILE,  /* rdsclone_run failed; see result.recon_rc */
  RECREATE_E_NOMEM
};

/* Runs (or with dry_run, plans) the procedure. *res is always initialised
 * and must be released with rdsclone_recreate_result_release(). On failure errbuf
 * gets one line naming the step and the cause. */
enum recreate_code rdsclone_recreate_replica(const struct recreate_options *o,
                                    struct recreate_result *res,
                                    char *errbuf, size_t errlen);
void rdsclone_recreate_result_release(struct recreate_result *res);

/* The result as JSON ({"version":1,...}, the reconciliation report nested
 * under "reconcile"); transferred, NULL on OOM. */
char *rdsclone_recreate_result_json(const struct recreate_result *res,
                           const struct recreate_options *o,
                           enum recreate_code rc, const char *error);

/* Database URI for an instance: the endpoints map, else built from its
 * description (mysql:// for the MySQL family, postgresql:// for
 * PostgreSQL). user_fallback is used when the description has no
 * MasterUsername. Transferred; NULL with errbuf set on failure. */
char *rdsclone_recreate_instance_uri(const struct rds_shim_instance *inst,
                            const char *user_fallback,
                            const struct recreate_endpoint *map, size_t n,
                            char *errbuf, size_t errlen);

#endif
