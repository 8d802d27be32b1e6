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

#include "sqlw.h"
#include <stddef.h>

struct pg_conn;

void quote_pg_ident(struct sqlw *w, struct pg_conn *conn, const char *s);
void quote_pg_literal(struct sqlw *w, struct pg_conn *conn, const char *s);
void quote_pg_secret(struct sqlw *w, struct pg_conn *conn, const char *s);

#endif
