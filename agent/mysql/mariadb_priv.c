/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mariadb_priv.c - decodes mysql.global_priv.Priv as the mysql.user view
 * does (see mariadb_priv.h). The server writes every field; a field of an
 * unexpected JSON type reads as absent (the view's default), never fails.
 */
#include "mysql/mariadb_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bits 0-29 in the order of the view's Y/N columns (Select_priv = 1 ...
 * Delete_history_priv = 2^29); 30 and up exist in 10.5.2+ only. */
static const char *const access_privs[MARIADB_ACCESS_BITS] = {
  "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "RELOAD",
  "SHUTDOWN", "PROCESS", "FILE", "GRANT OPTION", "REFERENCES", "INDEX",
  "ALTER", "SHOW DATABASES", "SUPER", "CREATE TEMPORARY TABLES",
  "LOCK TABLES", "EXECUTE", "REPLICATION SLAVE", "REPLICATION CLIENT",
  "CREATE VIEW", "SHOW VIEW", "CREATE ROUTINE", "ALTER ROUTINE",
  "CREATE USER", "EVENT", "TRIGGER", "CREATE TABLESPACE", "DELETE HISTORY",
  "SET USER", "FEDERATED ADMIN", "CONNECTION ADMIN", "READ_ONLY ADMIN",
  "REPLICATION SLAVE ADMIN", "REPLICATION MASTER ADMIN", "BINLOG ADMIN",
  "BINLOG REPLAY", "SLAVE MONITOR", "SHOW CREATE ROUTINE",
};

const char *mariadb_access_priv(int bit)
{
  return bit >= 0 && bit < MARIADB_ACCESS_BITS ? access_privs[bit] : NULL;
}

static struct rowval text(const char *s)
{
  struct rowval v;
  v.ptr = s;
  v.len = strlen(s);
  return v;
}

/* The Priv keys read, found in one walk over the object (20 lookups by
 * name would each walk it); the first of duplicate keys counts, as with
 * cJSON_GetObjectItemCaseSensitive. Keys are case-sensitive, as the
 * server reads them. */
enum {
  K_ACCESS, K_IS_ROLE, K_PLUGIN, K_AUTH, K_SSL_TYPE, K_SSL_CIPHER,
  K_X509_ISSUER, K_X509_SUBJECT, K_MAX_QUESTIONS, K_MAX_UPDATES,
  K_MAX_CONNECTIONS, K_MAX_USER_CONNECTIONS, K_MAX_STATEMENT_TIME,
  K_PASSWORD_LAST_CHANGED, K_DEFAULT_ROLE, K_AUTH_OR, K_PASSWORD_LIFETIME,
  K_ACCOUNT_LOCKED, K__COUNT
};
static const char *const keys[K__COUNT] = {
  "access", "is_role", "plugin", "authentication_string", "ssl_type",
  "ssl_cipher", "x509_issuer", "x509_subject", "max_questions",
  "max_updates", "max_connections", "max_user_connections",
  "max_statement_time", "password_last_changed", "default_role", "auth_or",
  "password_lifetime", "account_locked",
};

/* ifnull(json_value(Priv, '$.key'), '') */
static struct rowval string_field(const cJSON *j)
{
  return text(cJSON_IsString(j) && j->valuestring ? j->valuestring : "");
}

/* A number field, or 'dflt' when absent; numeric strings count too. */
static double number_field(const cJSON *j, double dflt)
{
  double d;
  char *end;

  if(cJSON_IsNumber(j))
    return j->valuedouble;
  if(cJSON_IsBool(j))   /* JSON_VALUE reads true as 1 */
    return cJSON_IsTrue(j) ? 1 : 0;
  if(cJSON_IsString(j) && j->valuestring && *j->valuestring) {
    d = strtod(j->valuestring, &end);
    if(!*end)
      return d;
  }
  return dflt;
}

/* Decimal digits of v into buf (cap >= 22), without snprintf: it would
 * be a tenth of reading 50 000 accounts. */
static size_t format_u64(char *buf, unsigned long long v, int negative)
{
  char tmp[24];
  size_t n = 0, len = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while(v);
  if(negative)
    buf[len++] = '-';
  while(n)
    buf[len++] = tmp[--n];
  buf[len] = 0;
  return len;
}

/* cast(ifnull(json_value(...), 0) as unsigned | signed) */
static struct rowval integer_field(const cJSON *j, int is_signed, char *buf)
{
  double d = number_field(j, 0);
  if(d < 0 && d > -9.2e18)   /* unsigned: wraps, as the server's cast */
    format_u64(buf, is_signed ? (unsigned long long)-(long long)d
                              : (unsigned long long)(long long)d,
               is_signed);
  else
    format_u64(buf, d > 0 ? (unsigned long long)d : 0, 0);
  return text(buf);
}

void mariadb_priv_decode(const cJSON *priv, struct mariadb_priv *out)
{
  static const char *const ssl_types[] = { "", "ANY", "X509", "SPECIFIED" };
  const cJSON *f[K__COUNT] = { NULL }, *c;
  size_t k;
  double d;

  memset(out, 0, sizeof(*out));
  cJSON_ArrayForEach(c, priv) {
    if(!c->string)
      continue;
    for(k = 0; k < K__COUNT; k++)
      if(c->string[0] == keys[k][0] && !strcmp(c->string, keys[k])) {
        if(!f[k])
          f[k] = c;
        break;
      }
    /* version_id: the server version that wrote the row, no privilege */
    if(k == K__COUNT && strcmp(c->string, "version_id") &&
       !out->unknown_keys++)
      out->unknown_key = c->string;
  }
  d = number_field(f[K_ACCESS], 0);
  /* all bits set (2^64-1) does not fit a double exactly */
  out->access = d >= 18446744073709551615.0 ? ~0ULL
                : d > 0 ? (unsigned long long)d : 0;

  d = number_field(f[K_IS_ROLE], 0);
  out->is_role = text(d == 1 ? "Y" : "N");   /* elt(is_role + 1, 'N', 'Y') */
  out->plugin = string_field(f[K_PLUGIN]);
  out->auth = string_field(f[K_AUTH]);
  d = number_field(f[K_SSL_TYPE], 0);
  if(d >= 0 && d <= 3 && d == (int)d)
    out->ssl_type = text(ssl_types[(int)d]);
  /* else elt() out of range: NULL, as the view gives */
  out->ssl_cipher = string_field(f[K_SSL_CIPHER]);
  out->x509_issuer = string_field(f[K_X509_ISSUER]);
  out->x509_subject = string_field(f[K_X509_SUBJECT]);
  out->max_questions = integer_field(f[K_MAX_QUESTIONS], 0, out->num[0]);
  out->max_updates = integer_field(f[K_MAX_UPDATES], 0, out->num[1]);
  out->max_connections = integer_field(f[K_MAX_CONNECTIONS], 0,
                                       out->num[2]);
  out->max_user_connections = integer_field(f[K_MAX_USER_CONNECTIONS], 1,
                                            out->num[3]);
  /* cast(... as decimal(12,6)); whole seconds, the usual case, by hand */
  d = number_field(f[K_MAX_STATEMENT_TIME], 0);
  if(d >= 0 && d < 1e12 && d == (double)(unsigned long long)d)
    memcpy(out->num[4] + format_u64(out->num[4], (unsigned long long)d, 0),
           ".000000", 8);
  else
    snprintf(out->num[4], sizeof(out->num[4]), "%.6f", d);
  out->max_statement_time = text(out->num[4]);
  /* password_last_changed = 0 is an expired password; absent reads as 1 */
  d = number_field(f[K_PASSWORD_LAST_CHANGED], 1);
  out->password_expired = text(d == 0 ? "Y" : "N");
  out->default_role = string_field(f[K_DEFAULT_ROLE]);
  out->auth_or = f[K_AUTH_OR];
  out->password_lifetime = f[K_PASSWORD_LIFETIME];
  out->account_locked = f[K_ACCOUNT_LOCKED];
}
