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
 * callback in the options), never exits, and never writes to the source.
 * Every string returned is malloc'd and transferred (free() it) unless said
 * otherwise. Codes are only ever added at the end of the enum.
 */
#ifndef RDSCLONE_H
#define RDSCLONE_H

#include <stddef.h>

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
  RDSCLONE_E_UNSUPPORTED  /* server or feature not supported */
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

/* How to reach one server. All strings borrowed for the call's length. */
struct rdsclone_endpoint {
  const char *uri;            /* mysql://USER@HOST[:PORT][?ssl-mode=...] */
  const char *password_file;  /* first line is the password */
  const char *password_env;   /* name of a variable holding it, or NULL */
  const char *option_group;   /* ~/.my.cnf group to read, or NULL */
  const char *ssl_mode;       /* DISABLED|PREFERRED|REQUIRED|VERIFY_CA|
                                 VERIFY_IDENTITY; overrides the URI's */
  const char *ssl_ca;
  const char *ssl_cert;
  const char *ssl_key;
  int connect_timeout;        /* seconds; 0 = 10 */
};

struct rdsclone_options {
  struct rdsclone_endpoint source;
  struct rdsclone_endpoint target;
  const char *const *include;  /* user@host patterns with * and ? */
  size_t ninclude;
  const char *const *exclude;
  size_t nexclude;
  int prune;                   /* drop accounts only on the target */
  int continue_on_error;       /* go on after a failed statement */
  long binlog_retention_hours; /* with binlog_retention_fixed: this value
                                  (-1 = NULL) instead of the source's */
  int binlog_retention_fixed;
  void (*log)(void *userdata, enum rdsclone_log_level level,
              const char *message);
  void *log_userdata;
  int verbosity;               /* highest level passed to log */
  /* PostgreSQL only (fields added at the end, as all new ones are): */
  const char *const *databases; /* whose privileges are reconciled; none:
                                   every database both servers have */
  size_t ndatabases;
  int require_passwords;       /* fail when a role's password verifier
                                  cannot be read on the source */
  int map_superuser;           /* non-superuser target (RDS): SUPERUSER
                                  becomes membership in rds_superuser,
                                  REPLICATION in rds_replication */
};

struct rdsclone_report;

/* Sets every field to its default (no patterns, no log). */
void rdsclone_options_init(struct rdsclone_options *opts);

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

#endif
