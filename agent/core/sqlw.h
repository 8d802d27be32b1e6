/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sqlw.h - builds one SQL statement and, beside it, its redacted twin.
 *
 * Every piece of a statement goes in through a typed appender: keywords
 * (compile-time constants only), quoted names and literals (through an
 * engine's quoting module, e.g. quote_mysql.h), and secrets, which the
 * real statement carries and the twin shows as '<redacted>'. Errors are
 * sticky (like libpq's "broken" PQExpBuffer): after the first failure
 * appends are no-ops and sqlw_finish() reports it, with a reason.
 */
#ifndef RDSCLONE_SQLW_H
#define RDSCLONE_SQLW_H

#include "buf.h"

struct sqlw {
  struct buf sql;
  struct buf red;
  int has_secret;
  const char *failed;   /* static reason of the first failure, or NULL */
};

void sqlw_init(struct sqlw *w);
/* A keyword or punctuation: must be a string constant, never data. */
void sqlw_kw(struct sqlw *w, const char *kw);
/* Appends already-quoted text to both twins (for quoting modules). */
void sqlw_quoted(struct sqlw *w, const char *text, size_t len);
/* Appends already-quoted secret text to sql; '<redacted>' to the twin. */
void sqlw_quoted_secret(struct sqlw *w, const char *text, size_t len);
/* A decimal number given as text (-12, 3.5); checked to be one. */
void sqlw_number(struct sqlw *w, const char *digits, size_t len);
void sqlw_fail(struct sqlw *w, const char *why);
/* 0 and the statement(s) on success (*sql, *redacted malloc'd, *redacted
 * NULL when there was no secret); -1 and *why otherwise. Releases w. */
int sqlw_finish(struct sqlw *w, char **sql, char **redacted,
                const char **why);
void sqlw_release(struct sqlw *w);


#endif
