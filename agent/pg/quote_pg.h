/* SPDX-License-Identifier: Apache-2.0 */
/*
 * quote_pg.h - the only way names and values reach PostgreSQL SQL.
 *
 * With a connection, libpq's PQescapeIdentifier and PQescapeLiteral do
 * the work (they honour the connection's encoding, which rdsclone sets to
 * UTF8, and standard_conforming_strings). Without one (unit tests) names
 * are double-quoted with inner quotes doubled and literals single-quoted
 * with quotes doubled, as for standard_conforming_strings = on. Names must
 * be valid UTF-8 without NUL.
 */
#ifndef RDSCLONE_QUOTE_PG_H
#define RDSCLONE_QUOTE_PG_H

#include "core/sqlw.h"
#include <stddef.h>

struct pg_conn;

void quote_pg_ident(struct sqlw *w, struct pg_conn *conn, const char *s);
void quote_pg_literal(struct sqlw *w, struct pg_conn *conn, const char *s);
void quote_pg_secret(struct sqlw *w, struct pg_conn *conn, const char *s);

/*
 * Appends to b psql's meta-command that makes the statements after it run
 * in database db, as pg_dumpall writes it (appendPsqlMetaConnect in
 * postgres' string_utils.c): \connect "db" for names of letters, digits,
 * '_' and '.', else \connect -reuse-previous=on "dbname='...'" (the
 * connection-string value with ' and \ backslashed, the whole argument a
 * double-quoted identifier, so psql neither splits it at spaces nor reads
 * a name holding '=' as a connection string). Offline: it is script text,
 * not SQL for a session. Ends in a newline.
 *
 * Returns 0; -1 when db holds a newline or carriage return (a psql
 * meta-command ends at the line's end: no quoting can carry them) or is
 * not valid UTF-8, and nothing is appended; BUF_NOMEM-style failures of b
 * are b's own (see buf.h).
 */
int quote_pg_psql_connect(struct buf *b, const char *db);

#endif
