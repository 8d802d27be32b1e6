/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_pq.h - the libpq calls of the DMS route (dms_pq.c): a statement or
 * a query, with parameters, and the server's message on failure.
 */
#ifndef RDSCLONE_DMS_PQ_H
#define RDSCLONE_DMS_PQ_H

#include <libpq-fe.h>
#include <stddef.h>

/* Runs sql with n text parameters (vals); the result (PQclear it) when
 * it succeeded, else NULL with the server's message in msg. */
PGresult *dms_pq(PGconn *c, const char *sql, int n, const char *const *vals,
                 char *msg, size_t len);
/* The same for a statement whose result is not wanted: 0, or -1 with
 * msg set. */
int dms_pq_exec(PGconn *c, const char *sql, int n, const char *const *vals,
                char *msg, size_t len);
/* A value of row i, column j, or NULL when SQL NULL. */
const char *dms_pq_value(const PGresult *res, int i, int j);

#endif
