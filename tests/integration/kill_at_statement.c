/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kill_at_statement.c - a test-only LD_PRELOAD library (never linked into
 * rdsclone): it wraps libpq's PQexec and PQexecParams and sends the
 * process SIGKILL just before the statement numbered
 * KILL_AT_STATEMENT (1 = the first) would go to the server, so a test
 * can stop a run between any two of its statements, each in turn, with
 * the servers real and the code under test unchanged. The statement's
 * number and first word go to stderr first (never more of its text: it
 * may hold a secret). STOP_AT_EVERY_STATEMENT=1 instead stops the
 * process (SIGSTOP) before each statement, for a test to look at the
 * servers between two statements and send SIGCONT. Neither set: it only
 * passes the calls on.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libpq-fe.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long counted;

static void maybe_kill(const char *sql)
{
  const char *at = getenv("KILL_AT_STATEMENT");
  const char *stop = getenv("STOP_AT_EVERY_STATEMENT");
  long n = __atomic_add_fetch(&counted, 1, __ATOMIC_SEQ_CST);
  if(stop && !strcmp(stop, "1"))
    raise(SIGSTOP);
  if(!at || atol(at) != n)
    return;
  fprintf(stderr, "kill_at_statement: SIGKILL before statement %ld "
          "(%.*s)\n", n, (int)strcspn(sql ? sql : "", " \n"),
          sql ? sql : "");
  fflush(stderr);
  raise(SIGKILL);
}

PGresult *PQexec(PGconn *conn, const char *query)
{
  static PGresult *(*real)(PGconn *, const char *);
  if(!real)
    *(void **)&real = dlsym(RTLD_NEXT, "PQexec");
  maybe_kill(query);
  return real(conn, query);
}

PGresult *PQexecParams(PGconn *conn, const char *command, int nParams,
                       const Oid *paramTypes,
                       const char *const *paramValues,
                       const int *paramLengths, const int *paramFormats,
                       int resultFormat)
{
  static PGresult *(*real)(PGconn *, const char *, int, const Oid *,
                           const char *const *, const int *, const int *,
                           int);
  if(!real)
    *(void **)&real = dlsym(RTLD_NEXT, "PQexecParams");
  maybe_kill(command);
  return real(conn, command, nParams, paramTypes, paramValues,
              paramLengths, paramFormats, resultFormat);
}
