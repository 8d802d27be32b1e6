/* SPDX-License-Identifier: Apache-2.0 */
/*
 * options.h - struct rdsclone_options, the handle rdsclone.h keeps opaque:
 * the library's internals (and its tests) read the fields; embedders and
 * the CLI go through rdsclone_options_new / _set_* (options.c).
 *
 * A handle from rdsclone_options_new or _dup owns every string and list
 * it points to. A struct set up by options_init (tests) borrows them and
 * is never given to the setters or rdsclone_options_free.
 */
#ifndef RDSCLONE_CORE_OPTIONS_H
#define RDSCLONE_CORE_OPTIONS_H

#include "rdsclone.h"

#include <stddef.h>

/* How to reach one server. */
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
  /* PostgreSQL only: */
  const char *const *databases; /* whose privileges are reconciled; none:
                                   every database both servers have */
  size_t ndatabases;
  int require_passwords;       /* fail when a role's password verifier
                                  cannot be read on the source */
  int map_superuser;           /* non-superuser target (RDS): SUPERUSER
                                  becomes membership in rds_superuser,
                                  REPLICATION in rds_replication */
  int strict;                  /* rows either side holds that are not
                                  compared (the report's not_compared)
                                  fail the run: plan exits 2, apply 1 */
};

/* Sets every field to its default (no patterns, no log), the strings
 * borrowed: what rdsclone_options_new gives, on the stack. */
void options_init(struct rdsclone_options *o);

#endif
