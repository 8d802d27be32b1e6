/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mariadb_priv.h - the account columns MariaDB 10.4+ keeps in
 * mysql.global_priv.Priv, decoded in the client.
 *
 * mysql.user is a view over global_priv whose every column is a
 * JSON_VALUE() of Priv; on 50 000 accounts the server takes seconds to
 * evaluate it, against a tenth of a second to return the table itself.
 * So the snapshot reads global_priv and decodes Priv here, producing the
 * same values the view would (its definition: `SELECT VIEW_DEFINITION
 * FROM information_schema.VIEWS WHERE TABLE_NAME = 'user'`), so rows
 * compare and render exactly as before. Pure: no I/O, no allocation.
 */
#ifndef RDSCLONE_MARIADB_PRIV_H
#define RDSCLONE_MARIADB_PRIV_H

#include "core/rowmap.h"

#include <cjson/cJSON.h>

/* Bits of Priv's "access" that name a privilege (sql/privilege.h). */
#define MARIADB_ACCESS_BITS 40

struct mariadb_priv {
  unsigned long long access;        /* the privilege bitmask */
  /* the view's columns; values point into the JSON or into num[] */
  struct rowval is_role, plugin, auth, ssl_type, ssl_cipher, x509_issuer,
    x509_subject, max_questions, max_updates, max_connections,
    max_user_connections, max_statement_time, password_expired,
    default_role;
  char num[5][32];                  /* storage for the numeric columns */
  /* read by catalog_mysql.c itself (NULL when absent) */
  const cJSON *auth_or, *password_lifetime, *account_locked;
  /* keys this decoder does not know (a newer server's): how many, and
   * the first one's name (in the JSON) for the coverage guard */
  size_t unknown_keys;
  const char *unknown_key;
};

/* Decodes a parsed Priv object; fields it lacks get the view's defaults. */
void mariadb_priv_decode(const cJSON *priv, struct mariadb_priv *out);

/* The privilege keyword of an access bit (0 <= bit < MARIADB_ACCESS_BITS),
 * or NULL for a bit no privilege uses. */
const char *mariadb_access_priv(int bit);

#endif
