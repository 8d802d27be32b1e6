/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_pq.c - the libpq calls of the DMS route: one statement or query
 * with text parameters, the server's message (SQLSTATE and primary text,
 * or libpq's own for a lost connection) on failure.
 */
#include "dms/dms_pq.h"

#include <stdio.h>
#include <string.h>

static void failure(PGconn *c, const PGresult *res, char *msg, size_t len)
{
  const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
  const char *m = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY)
                      : NULL;
  char *nl;

  if(state && m)
    snprintf(msg, len, "%s: %s", state, m);
  else
    snprintf(msg, len, "%s", c ? PQerrorMessage(c) : "out of memory");
  nl = strchr(msg, '\n');
  if(nl)
    *nl = 0;
}

PGresult *dms_pq(PGconn *c, const char *sql, int n, const char *const *vals,
                 char *msg, size_t len)
{
  PGresult *res = PQexecParams(c, sql, n, NULL, vals, NULL, NULL, 0);
  ExecStatusType st = PQresultStatus(res);

  if(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
    return res;
  failure(c, res, msg, len);
  PQclear(res);
  return NULL;
}

int dms_pq_exec(PGconn *c, const char *sql, int n, const char *const *vals,
                char *msg, size_t len)
{
  PGresult *res = dms_pq(c, sql, n, vals, msg, len);
  PQclear(res);
  return res ? 0 : -1;
}

const char *dms_pq_value(const PGresult *res, int i, int j)
{
  return PQgetisnull(res, i, j) ? NULL : PQgetvalue(res, i, j);
}
