/* SPDX-License-Identifier: Apache-2.0 */
/*
 * quote_mysql.h - the only way names and values reach MySQL-family SQL.
 *
 * Names (users, hosts, roles, databases, tables, columns, routines) go in
 * backticks with inner backticks doubled, as the server quotes them
 * itself: no backslash processing applies inside backticks, whatever the
 * sql_mode. MariaDB Connector/C has no mysql_real_escape_string_quote, so
 * this is our own, tested function. Names must be valid UTF-8 (the
 * connection's character set is utf8mb4) and hold no NUL.
 *
 * Literals go in single quotes through mysql_real_escape_string on the
 * connection that runs the statement (it follows the server's
 * NO_BACKSLASH_ESCAPES and the connection charset). With no connection
 * (unit tests, offline rendering of fixtures) the same escaping is done
 * assuming utf8mb4 and backslash escapes on.
 */
#ifndef RDSCLONE_QUOTE_MYSQL_H
#define RDSCLONE_QUOTE_MYSQL_H

#include "core/sqlw.h"
#include <stddef.h>

struct st_mysql;

void quote_mysql_ident(struct sqlw *w, const char *s, size_t len);
/* `user`@`host` */
void quote_mysql_account(struct sqlw *w, const char *user, size_t ulen,
                         const char *host, size_t hlen);
void quote_mysql_literal(struct sqlw *w, struct st_mysql *conn,
                         const char *s, size_t len);
/* A secret literal: printable text in quotes, else 0x hex (raw hash
 * bytes, as caching_sha2_password's). The twin shows '<redacted>'. */
void quote_mysql_secret(struct sqlw *w, struct st_mysql *conn,
                        const char *s, size_t len);

#endif
