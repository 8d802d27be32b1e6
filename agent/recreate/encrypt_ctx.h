/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_ctx.h - what the files of "rdsclone encrypt" share: the options
 * and result behind the public handles, the run's context and state (the
 * instances as described, never remembered across runs), and the step
 * bookkeeping of encrypt.c (logging, step results, calls, failures).
 */
#ifndef RDSCLONE_ENCRYPT_CTX_H
#define RDSCLONE_ENCRYPT_CTX_H

#include "rdsclone_encrypt.h"

#include <stddef.h>

#define ENC_TAG_OF "rdsclone:encrypt-of"
#define ENC_TAG_RUN "rdsclone:encrypt-run"
#define ENC_SUFFIX_NEW "-encrypted"
#define ENC_SUFFIX_OLD "-unencrypted"
#define ENC_MAX_ID 63

struct rdsclone_encrypt_options {
  const char *instance, *kms_key;
  struct rds_shim *shim;
  struct rds_shim *(*shim_open)(void *ud);
  void *shim_open_ud;
  int dry_run, swap, jobs;
  const struct recreate_endpoint *endpoints;
  size_t nendpoints;
  const struct rdsclone_options *recon;
  long wait_timeout_s, poll_ms, max_poll_ms;
  void (*log)(void *ud, enum rdsclone_log_level level, const char *msg);
  void *log_ud;
  int verbosity;
  void (*step_done)(void *ud, enum rdsclone_encrypt_step step,
                    enum recreate_status status);
  void *step_ud;
  int (*confirm)(void *ud, const char *question);
  void *confirm_ud;
};

/* One pair's plan after the swap. */
struct enc_final {
  char *source, *target;            /* the old and the new instance */
  size_t pending;                   /* statements the plan would run */
};

struct rdsclone_encrypt_result {
  struct recreate_step_result steps[ENCRYPT_NSTEPS];
  char **calls;
  size_t ncalls;
  char **cleanup;
  size_t ncleanup;
  enum rdsclone_code recon_rc;
  struct rdsclone_report *report;   /* the primary's reconciliation */
  char *source_uri, *target_uri;
  struct enc_final *finals;         /* after the swap, per pair */
  size_t nfinals;
  double seconds;
};

/* One side of a pair: the original (old) and its encrypted twin (neu),
 * under whatever names they carry now. */
struct enc_pair {
  char *name;                       /* the original name: ID or R */
  char *new_name;                   /* name + "-encrypted" */
  char *old_name;                   /* name + "-unencrypted" */
  struct rds_shim_instance *old;    /* never NULL after describe */
  struct rds_shim_instance *neu;    /* NULL until restored / created */
  int swapped;                      /* old renamed out, new renamed in */
};

struct enc_state {
  struct enc_pair primary;
  struct enc_pair *reps;
  size_t nreps;
  char *run_id;                     /* from the snapshot's tag, or new */
  char *snap_id, *copy_id;
  struct rds_shim_snapshot *snap, *copy; /* as described, or NULL */
};

struct enc_ctx {
  const struct rdsclone_encrypt_options *o;
  struct rdsclone_encrypt_result *res;
  struct enc_state st;
  char *errbuf;
  size_t errlen;
  double t0;
  int calls_logged;     /* 0 while copying calls a callee logged */
  size_t par;           /* replicas re-created at once */
};

double enc_now(void);
void enc_log(struct enc_ctx *c, enum rdsclone_log_level l, const char *fmt,
             ...) __attribute__((format(printf, 3, 4)));
enum rdsclone_encrypt_code enc_fail(struct enc_ctx *c,
                                    enum rdsclone_encrypt_code rc,
                                    const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));
void enc_step_begin(struct enc_ctx *c);
enum rdsclone_encrypt_code enc_step_end(struct enc_ctx *c,
                                        enum rdsclone_encrypt_step s,
                                        enum recreate_status st,
                                        const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));
/* Ends step s failed with the handle's error; returns rc. */
enum rdsclone_encrypt_code enc_step_failed(struct enc_ctx *c,
                                           enum rdsclone_encrypt_step s,
                                           enum rdsclone_encrypt_code rc,
                                           const char *what);
/* Records (and logs) a call; takes call (NULL: out of memory). */
enum rdsclone_encrypt_code enc_add_call(struct enc_ctx *c, char *call);
/* Adds a cleanup command (formatted). */
enum rdsclone_encrypt_code enc_add_cleanup(struct enc_ctx *c,
                                           const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* The shim's message, else the code's. */
const char *enc_shim_err(const struct enc_ctx *c, int sc);

#endif
