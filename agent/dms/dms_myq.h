/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dms_myq.h - the MySQL/MariaDB client calls of the DMS route
 * (dms_myq.c): a statement or a query on a Connector/C session, the
 * server's message on failure, and the text helpers the statements need
 * (names in backticks, literals, hex).
 */
#ifndef RDSCLONE_DMS_MYQ_H
#define RDSCLONE_DMS_MYQ_H

#include "buf.h"

#include <mysql.h>
#include <stddef.h>

/* Runs the statement sql (len bytes; -1: strlen) and drops any result:
 * 0, or -1 with "error N (STATE): text" in msg. */
int dms_myq_exec(MYSQL *m, const char *sql, long len, char *msg,
                 size_t msglen);
/* Runs a query and stores its whole result (mysql_free_result it); NULL
 * with msg set on failure. */
MYSQL_RES *dms_myq_query(MYSQL *m, const char *sql, char *msg,
                         size_t msglen);
/* The server's error number of the last call on m. */
unsigned dms_myq_errno(MYSQL *m);
/* `name` with inner backticks doubled. */
void dms_myq_ident(struct buf *b, const char *name);
/* 'text' escaped on m (its character set and sql_mode). */
void dms_myq_literal(struct buf *b, MYSQL *m, const char *s, size_t len);
/* X'..' for arbitrary bytes (a trigger's statement in its own charset). */
void dms_myq_hex(struct buf *b, const char *s, size_t len);

#endif
