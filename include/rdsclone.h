/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rdsclone.h - public API of the rdsclone agent library.
 *
 * rdsclone reads the account catalogs of a source and a target database
 * server, diffs them row by row and makes the target match: accounts,
 * roles, grants, default roles and RDS binlog retention. Programs that run
 * it as one step of a pipeline link librdsclone and call rdsclone_run();
 * the rdsclone CLI is such a program.
 *
 * Rules: the library never writes to stdout/stderr (log lines go to the
 * callback set by rdsclone_options_set_log), never exits, and never writes to the source.
 * Every string returned is malloc'd and transferred (free() it) unless said
 * otherwise. Codes are only ever added at the end of the enum.
 */
#ifndef RDSCLONE_H
#define RDSCLONE_H

#include <stddef.h>
#include <stdio.h>

#define RDSCLONE_VERSION "0.1.0"
/* Version of the JSON report layout; bumped on incompatible change. */
#define RDSCLONE_REPORT_VERSION 1

enum rdsclone_code {
  RDSCLONE_OK = 0,
  RDSCLONE_E_USAGE,       /* bad argument: fix the call */
  RDSCLONE_E_CONFIG,      /* bad configuration: file, line and key named */
  RDSCLONE_E_CONNECT,     /* could not connect or log in to a server */
  RDSCLONE_E_QUERY,       /* a catalog read failed */
  RDSCLONE_E_LOCKED,      /* another run holds the target's lock */
  RDSCLONE_E_READ_ONLY,   /* the target refuses writes (read_only on) */
  RDSCLONE_E_APPLY,       /* one or more statements failed on the target */
  RDSCLONE_E_VERIFY,      /* applied, but the target still differs */
  RDSCLONE_E_NOMEM,       /* out of memory */
  RDSCLONE_E_UNSUPPORTED, /* server or feature not supported */
  RDSCLONE_E_IO,          /* a local file (metrics) could not be read or
                             written: its path and the cause are named;
                             or a fleet's report could not be written
                             (rdsclone_fleet_write: errno says why) */
  RDSCLONE_E_COVERAGE     /* strict: some privilege-bearing rows were not
                             compared (the report's not_compared) */
};

/* Static description of a code; never NULL. */
const char *rdsclone_strerror(enum rdsclone_code code);

enum rdsclone_mode { RDSCLONE_PLAN, RDSCLONE_APPLY };
enum rdsclone_side { RDSCLONE_SOURCE, RDSCLONE_TARGET };
enum rdsclone_format {
  RDSCLONE_FORMAT_TEXT, RDSCLONE_FORMAT_JSON, RDSCLONE_FORMAT_SQL
};
enum rdsclone_log_level {
  RDSCLONE_LOG_ERROR, RDSCLONE_LOG_WARN, RDSCLONE_LOG_INFO,
  RDSCLONE_LOG_DEBUG
};

/* ------------------------------------------------------------------ */
/* Options: an opaque handle, filled option by option (as curl_easy_setopt
 * does), so that options added later change no caller's layout.         */

struct rdsclone_options;

/*
 * What rdsclone_options_set_str / _set_int set. The numbering is ABI:
 * options are only ever added at the end. Each endpoint option exists for
 * the source and the target. Strings are copied into the handle; NULL
 * unsets one (a list option: rdsclone_options_clear_list).
 */
enum rdsclone_option {
  /* str: mysql://USER@HOST[:PORT][?ssl-mode=...] or postgresql://... */
  RDSCLONE_OPT_SOURCE_URI = 0,
  RDSCLONE_OPT_SOURCE_PASSWORD_FILE,   /* str: its first line */
  RDSCLONE_OPT_SOURCE_PASSWORD_ENV,    /* str: a variable holding it;
                                          default RDSCLONE_SOURCE_PASSWORD */
  RDSCLONE_OPT_SOURCE_OPTION_GROUP,    /* str: ~/.my.cnf group to read */
  RDSCLONE_OPT_SOURCE_SSL_MODE,        /* str: DISABLED|PREFERRED|REQUIRED|
                                          VERIFY_CA|VERIFY_IDENTITY; over
                                          the URI's */
  RDSCLONE_OPT_SOURCE_SSL_CA,          /* str */
  RDSCLONE_OPT_SOURCE_SSL_CERT,        /* str */
  RDSCLONE_OPT_SOURCE_SSL_KEY,         /* str */
  RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT, /* int: seconds, >= 0; 0 = 10 */
  RDSCLONE_OPT_TARGET_URI,             /* the same nine for the target */
  RDSCLONE_OPT_TARGET_PASSWORD_FILE,
  RDSCLONE_OPT_TARGET_PASSWORD_ENV,    /* default RDSCLONE_TARGET_PASSWORD */
  RDSCLONE_OPT_TARGET_OPTION_GROUP,
  RDSCLONE_OPT_TARGET_SSL_MODE,
  RDSCLONE_OPT_TARGET_SSL_CA,
  RDSCLONE_OPT_TARGET_SSL_CERT,
  RDSCLONE_OPT_TARGET_SSL_KEY,
  RDSCLONE_OPT_TARGET_CONNECT_TIMEOUT,
  RDSCLONE_OPT_INCLUDE,    /* str list: user@host pattern (* and ?), each
                              set adds one; none: every account */
  RDSCLONE_OPT_EXCLUDE,    /* str list: the same, accounts left alone */
  RDSCLONE_OPT_DATABASE,   /* str list, PostgreSQL: a database whose
                              privileges are reconciled; none: every
                              database both servers have */
  RDSCLONE_OPT_PRUNE,      /* int 0/1: drop accounts only on the target */
  RDSCLONE_OPT_CONTINUE_ON_ERROR, /* int 0/1: go on after a failed
                                     statement */
  RDSCLONE_OPT_BINLOG_RETENTION_HOURS, /* int 1 to 168, or -1 (NULL): set
                                          this instead of the source's */
  RDSCLONE_OPT_VERBOSITY,  /* int: highest rdsclone_log_level passed to
                              the log callback (above DEBUG: DEBUG);
                              default RDSCLONE_LOG_WARN */
  RDSCLONE_OPT_REQUIRE_PASSWORDS, /* int 0/1, PostgreSQL: fail when a
                                     role's password verifier cannot be
                                     read on the source */
  RDSCLONE_OPT_MAP_SUPERUSER, /* int 0/1, PostgreSQL: non-superuser target
                                 (RDS): SUPERUSER becomes membership in
                                 rds_superuser, REPLICATION in
                                 rds_replication */
  RDSCLONE_OPT_STRICT      /* int 0/1: rows either side holds that are not
                              compared (the report's not_compared) fail
                              the run: plan exits 2, apply 1 */
};

/* A handle with every option at its default (no patterns, no log); NULL
 * when out of memory. */
struct rdsclone_options *rdsclone_options_new(void);
/* A copy of o with copies of its strings; NULL when out of memory. */
struct rdsclone_options *rdsclone_options_dup(const struct rdsclone_options *o);
/* Frees o and every string it holds; NULL is a no-op. */
void rdsclone_options_free(struct rdsclone_options *o);

/* Sets a string option (a copy of value) or adds one to a list option.
 * RDSCLONE_E_USAGE for an option that is not a string, an ill-formed
 * pattern or a NULL list entry; RDSCLONE_E_NOMEM (o unchanged). */
enum rdsclone_code rdsclone_options_set_str(struct rdsclone_options *o,
                                            enum rdsclone_option opt,
                                            const char *value);
/* Sets an integer option; RDSCLONE_E_USAGE for an option that is not an
 * integer or a value out of its range. */
enum rdsclone_code rdsclone_options_set_int(struct rdsclone_options *o,
                                            enum rdsclone_option opt,
                                            long value);
/* Empties a list option (INCLUDE, EXCLUDE, DATABASE); RDSCLONE_E_USAGE
 * for another. */
enum rdsclone_code rdsclone_options_clear_list(struct rdsclone_options *o,
                                               enum rdsclone_option opt);
/* Where log lines go (none by default): log(userdata, level, message) for
 * each level up to RDSCLONE_OPT_VERBOSITY; RDSCLONE_E_USAGE when o is
 * NULL. */
enum rdsclone_code rdsclone_options_set_log(
    struct rdsclone_options *o,
    void (*log)(void *userdata, enum rdsclone_log_level level,
                const char *message),
    void *userdata);
/* A string option's value, borrowed until it is set again or o freed;
 * NULL when unset or opt is not a string option. */
const char *rdsclone_options_get_str(const struct rdsclone_options *o,
                                     enum rdsclone_option opt);

struct rdsclone_report;

/* 0 when a user@host pattern (include/exclude: * and ? wildcards) is well
 * formed; else -1 and *why a static reason. */
int rdsclone_pattern_check(const char *pattern, const char **why);

/* RDSCLONE_OK when each URI given (either may be NULL) names an engine
 * rdsclone knows and both name the same one; else RDSCLONE_E_CONFIG with
 * errbuf (may be NULL) saying which. rdsclone_run checks the same. */
enum rdsclone_code rdsclone_uris_check(const char *source_uri,
                                       const char *target_uri,
                                       char *errbuf, size_t errlen);

/*
 * Reads both servers, diffs them and, for RDSCLONE_APPLY, changes the
 * target and verifies it. *report is set whenever the diff was made (also
 * when applying failed part-way), else NULL; free it with
 * rdsclone_report_free(). On failure errbuf (may be NULL) gets one line
 * naming the side, object and cause.
 */
enum rdsclone_code rdsclone_run(const struct rdsclone_options *opts,
                                enum rdsclone_mode mode,
                                struct rdsclone_report **report,
                                char *errbuf, size_t errlen);

/* Number of actions the plan holds (skipped ones included). */
size_t rdsclone_report_actions(const struct rdsclone_report *r);
/* Actions neither skipped nor applied: pending for plan, failed/not run
 * for apply. */
size_t rdsclone_report_pending(const struct rdsclone_report *r);
/* Privilege-bearing rows either side holds that were not compared. */
size_t rdsclone_report_not_compared(const struct rdsclone_report *r);
/* After apply: 1 when the re-read target matched (skips aside). */
int rdsclone_report_converged(const struct rdsclone_report *r);
/* The report rendered; transferred (free()). NULL on OOM. Secrets stay
 * redacted unless show_secrets. */
char *rdsclone_report_render(const struct rdsclone_report *r,
                             enum rdsclone_format format, int show_secrets);
void rdsclone_report_free(struct rdsclone_report *r);

/* Reads one side's catalog and renders its row maps (text or JSON);
 * *out transferred. */
enum rdsclone_code rdsclone_dump(const struct rdsclone_options *opts,
                                 enum rdsclone_side side,
                                 enum rdsclone_format format,
                                 int show_secrets, char **out,
                                 char *errbuf, size_t errlen);

/* ------------------------------------------------------------------ */
/* Exit statuses (sysexits style, stable; DESIGN.md).                  */

enum rdsclone_exit {
  RDSCLONE_EXIT_OK = 0,        /* in sync, or applied and verified */
  RDSCLONE_EXIT_FAILURE = 1,   /* runtime failure */
  RDSCLONE_EXIT_CHANGES = 2,   /* plan found changes */
  RDSCLONE_EXIT_USAGE = 64,
  RDSCLONE_EXIT_LOCKED = 75,   /* another run holds the target's lock */
  RDSCLONE_EXIT_CONFIG = 78
};

/* The exit status of one run: rc as rdsclone_run() returned it, and its
 * report (may be NULL). A plan with pending actions is 2. */
int rdsclone_exit_status(enum rdsclone_code rc, enum rdsclone_mode mode,
                         const struct rdsclone_report *r);
/* The worse of two statuses: 0 < 2 < 75 < 1 < 64 < 78 (a configuration
 * or usage error one pair met while running ranks above every runtime
 * failure: a person must fix it). */
int rdsclone_exit_worst(int a, int b);

/* ------------------------------------------------------------------ */
/* Fleets: many pairs, run with bounded concurrency.                   */

struct rdsclone_pair {
  const char *name;                /* unique, non-empty; borrowed */
  const struct rdsclone_options *opts; /* borrowed for the call's length;
                                          log is called from the pair's
                                          thread */
};

struct rdsclone_fleet;   /* the results of every pair, in the given order */

/*
 * Runs every pair (rdsclone_run) on at most jobs threads at a time (jobs
 * 0 = 2); each pair has its own connections and target lock, and one
 * pair failing never stops the others. *out is set unless memory ran out
 * (then RDSCLONE_E_NOMEM); free it with rdsclone_fleet_free(). Call it
 * from one thread at a time: it sets up the client libraries before
 * starting threads.
 */
enum rdsclone_code rdsclone_fleet_run(const struct rdsclone_pair *pairs,
                                      size_t npairs, enum rdsclone_mode mode,
                                      unsigned jobs,
                                      struct rdsclone_fleet **out);
/*
 * As rdsclone_fleet_run(), for a fleet of any size: each pair is rendered
 * (format, show_secrets) in its worker as soon as it ends and its report
 * freed, so memory holds the reports of the pairs running, not of every
 * pair. *rendered is what rdsclone_fleet_render() would return for the
 * held fleet, byte for byte (transferred; NULL when memory ran out while
 * rendering); rdsclone_fleet_pair_report() is NULL for these pairs and
 * rdsclone_fleet_render() renders them only in the same format again.
 */
enum rdsclone_code
rdsclone_fleet_run_rendered(const struct rdsclone_pair *pairs,
                            size_t npairs, enum rdsclone_mode mode,
                            unsigned jobs, enum rdsclone_format format,
                            int show_secrets, struct rdsclone_fleet **out,
                            char **rendered);
/*
 * As rdsclone_fleet_run_rendered(), without putting the pairs' renderings
 * together: print them with rdsclone_fleet_write(), which holds the
 * output once where *rendered and its pieces hold it twice.
 */
enum rdsclone_code
rdsclone_fleet_run_sections(const struct rdsclone_pair *pairs,
                            size_t npairs, enum rdsclone_mode mode,
                            unsigned jobs, enum rdsclone_format format,
                            int show_secrets, struct rdsclone_fleet **out);
size_t rdsclone_fleet_size(const struct rdsclone_fleet *f);
/* Pair i's name, status and report (NULL when no plan was made) and
 * error line ("" when none); all borrowed until rdsclone_fleet_free. */
const char *rdsclone_fleet_pair_name(const struct rdsclone_fleet *f,
                                     size_t i);
int rdsclone_fleet_pair_exit(const struct rdsclone_fleet *f, size_t i);
enum rdsclone_code rdsclone_fleet_pair_code(const struct rdsclone_fleet *f,
                                            size_t i);
const struct rdsclone_report *
rdsclone_fleet_pair_report(const struct rdsclone_fleet *f, size_t i);
const char *rdsclone_fleet_pair_error(const struct rdsclone_fleet *f,
                                      size_t i);
/* The worst status of all pairs (rdsclone_exit_worst); 0 when none. */
int rdsclone_fleet_exit(const struct rdsclone_fleet *f);
/* Text (a header line per pair, then its usual report), JSON (version,
 * mode, pairs[{name, exit_code, seconds, report|null, error}], summary)
 * or SQL (a comment per pair); transferred (free()), NULL on OOM. */
char *rdsclone_fleet_render(const struct rdsclone_fleet *f,
                            enum rdsclone_format format, int show_secrets);
/*
 * For a fleet of rdsclone_fleet_run_sections() (or _rendered()): writes
 * to out what rdsclone_fleet_render() returns for it, byte for byte (no
 * newline added after JSON), one pair's part after the other, letting
 * each go once written, then flushes out. Nothing is written when a
 * pair's part could not be made (RDSCLONE_E_NOMEM), never part of a
 * report. RDSCLONE_E_IO when writing or flushing failed (errno says why:
 * EPIPE, ENOSPC, ...; what came before may have been written);
 * RDSCLONE_E_USAGE for another fleet, or when called a second time.
 * Once it has written, rdsclone_fleet_render() returns NULL for f.
 */
enum rdsclone_code rdsclone_fleet_write(struct rdsclone_fleet *f, FILE *out);
void rdsclone_fleet_free(struct rdsclone_fleet *f);

/* ------------------------------------------------------------------ */
/* Metrics: the Prometheus textfile-collector format (node_exporter).  */

/*
 * Writes the fleet's metrics to path atomically (path.tmp.PID in the same
 * directory, fsync, rename). The old file, when there is one, gives the
 * last success time of pairs that failed this time, and its samples of
 * pairs not in this run are kept. RDSCLONE_OK, or RDSCLONE_E_IO
 * (unreadable old file, unwritable directory) or RDSCLONE_E_NOMEM with
 * errbuf naming path and cause.
 */
enum rdsclone_code rdsclone_metrics_write(const char *path,
                                          const struct rdsclone_fleet *f,
                                          char *errbuf, size_t errlen);

#endif
