/*
 * mariadb_priv.c - decodes mysql.global_priv.Priv as the mysql.user view
 * does (see mariadb_priv.h). The server writes every field; a field of an
 * unexpected JSON type reads as absent (the view's default), never fails.
 */
#include "mariadb_priv.h"

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

/* ifnull(json_value(Priv, '$.key'), '') */
static struct rowval string_field(const cJSON *priv, const char *key)
{
  const cJSON *j = cJSON_GetObjectItemCaseSensitive(priv, key);
  return text(cJSON_IsString(j) && j->valuestring ? j->valuestring : "");
}

/* A number field, or 'dflt' when absent; numeric strings count too. */
static double number_field(const cJSON *priv, const char *key, double dflt,
                           int *present)
{
  const cJSON *j = cJSON_GetObjectItemCaseSensitive(priv, key);
  double d;
  char *end;

  *present = 1;
  if(cJSON_IsNumber(j))
    return j->valuedouble;
  if(cJSON_IsBool(j))   /* JSON_VALUE reads true as 1 */
    return cJSON_IsTrue(j) ? 1 : 0;
  if(cJSON_IsString(j) && j->valuestring && *j->valuestring) {
    d = strtod(j->valuestring, &end);
    if(!*end)
      return d;
  }
  *present = 0;
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
static struct rowval integer_field(const cJSON *priv, const char *key,
                                   int is_signed, char *buf)
{
  int present;
  double d = number_field(priv, key, 0, &present);
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
  int present;
  double d;

  memset(out, 0, sizeof(*out));
  d = number_field(priv, "access", 0, &present);
  /* all bits set (2^64-1) does not fit a double exactly */
  out->access = d >= 18446744073709551615.0 ? ~0ULL
                : d > 0 ? (unsigned long long)d : 0;

  d = number_field(priv, "is_role", 0, &present);
  out->is_role = text(d == 1 ? "Y" : "N");   /* elt(is_role + 1, 'N', 'Y') */
  out->plugin = string_field(priv, "plugin");
  out->auth = string_field(priv, "authentication_string");
  d = number_field(priv, "ssl_type", 0, &present);
  if(d >= 0 && d <= 3 && d == (int)d)
    out->ssl_type = text(ssl_types[(int)d]);
  /* else elt() out of range: NULL, as the view gives */
  out->ssl_cipher = string_field(priv, "ssl_cipher");
  out->x509_issuer = string_field(priv, "x509_issuer");
  out->x509_subject = string_field(priv, "x509_subject");
  out->max_questions = integer_field(priv, "max_questions", 0, out->num[0]);
  out->max_updates = integer_field(priv, "max_updates", 0, out->num[1]);
  out->max_connections = integer_field(priv, "max_connections", 0,
                                       out->num[2]);
  out->max_user_connections = integer_field(priv, "max_user_connections", 1,
                                            out->num[3]);
  /* cast(... as decimal(12,6)); whole seconds, the usual case, by hand */
  d = number_field(priv, "max_statement_time", 0, &present);
  if(d >= 0 && d < 1e12 && d == (double)(unsigned long long)d)
    memcpy(out->num[4] + format_u64(out->num[4], (unsigned long long)d, 0),
           ".000000", 8);
  else
    snprintf(out->num[4], sizeof(out->num[4]), "%.6f", d);
  out->max_statement_time = text(out->num[4]);
  /* password_last_changed = 0 is an expired password; absent reads as 1 */
  d = number_field(priv, "password_last_changed", 1, &present);
  out->password_expired = text(d == 0 ? "Y" : "N");
  out->default_role = string_field(priv, "default_role");
}
