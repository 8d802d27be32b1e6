/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mariadb_priv_view.c - agent/mariadb_priv.c against the server's own
 * mysql.user view.
 *
 * The snapshot reads mysql.global_priv and decodes Priv in the client
 * instead of selecting the view (seconds at 50 000 accounts). This test
 * creates accounts with every attribute the view derives from Priv (TLS
 * requirements, limits, a fractional statement time, an expired password,
 * a role and default role, old and new global privileges), then checks,
 * for every account on the server, each decoded column and each access
 * bit against the view's value. Its accounts (pv_*) are dropped at the end.
 *
 *   mariadb_priv_view ENV_FILE    (tests/harness/mariadb_server.sh's env)
 *
 * Exit 0 when all agree, 1 on a difference (each printed), 77 when the
 * server is not reachable (CTest reports it as skipped, never passed).
 */
#include "mysql/mariadb_priv.h"

#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const setup[] = {
  "CREATE USER pv_ssl@'%' IDENTIFIED BY 'x' REQUIRE SSL",
  "CREATE USER pv_x509@'10.%' REQUIRE X509",
  "CREATE USER pv_spec@'%' REQUIRE SUBJECT '/CN=a\\'b' AND ISSUER '/CN=i' "
  "AND CIPHER 'AES256-SHA'",
  "CREATE USER pv_lim@'%' WITH MAX_QUERIES_PER_HOUR 10 "
  "MAX_UPDATES_PER_HOUR 20 MAX_CONNECTIONS_PER_HOUR 30 "
  "MAX_USER_CONNECTIONS 40 MAX_STATEMENT_TIME 1.5",
  "CREATE USER pv_whole@'%' WITH MAX_STATEMENT_TIME 7",
  "CREATE USER pv_exp@'%' IDENTIFIED BY 'y' PASSWORD EXPIRE",
  "CREATE USER pv_lock@'%' ACCOUNT LOCK PASSWORD EXPIRE INTERVAL 30 DAY",
  "CREATE ROLE pv_role",
  "GRANT SELECT, PROCESS ON *.* TO pv_role",
  "GRANT pv_role TO pv_ssl@'%'",
  "SET DEFAULT ROLE pv_role FOR pv_ssl@'%'",
  "CREATE USER pv_all@'localhost' IDENTIFIED VIA unix_socket",
  "GRANT ALL ON *.* TO pv_all@'localhost' WITH GRANT OPTION",
  "CREATE USER pv_new@'%'",
  "GRANT SUPER, SLAVE MONITOR, BINLOG ADMIN, CONNECTION ADMIN, "
  "DELETE HISTORY, SHUTDOWN ON *.* TO pv_new@'%'",
};

static const char *const teardown[] = {
  "DROP USER IF EXISTS pv_ssl@'%', pv_x509@'10.%', pv_spec@'%', "
  "pv_lim@'%', pv_whole@'%', pv_exp@'%', pv_lock@'%', pv_all@'localhost', "
  "pv_new@'%'",
  "DROP ROLE IF EXISTS pv_role",
};

/* The view's Y/N columns in the order of their access bits (0-29). */
static const char *const yn_cols[30] = {
  "Select_priv", "Insert_priv", "Update_priv", "Delete_priv", "Create_priv",
  "Drop_priv", "Reload_priv", "Shutdown_priv", "Process_priv", "File_priv",
  "Grant_priv", "References_priv", "Index_priv", "Alter_priv",
  "Show_db_priv", "Super_priv", "Create_tmp_table_priv",
  "Lock_tables_priv", "Execute_priv", "Repl_slave_priv",
  "Repl_client_priv", "Create_view_priv", "Show_view_priv",
  "Create_routine_priv", "Alter_routine_priv", "Create_user_priv",
  "Event_priv", "Trigger_priv", "Create_tablespace_priv",
  "Delete_history_priv",
};

static int failures;

static void env_value(const char *path, const char *name, char *out,
                      size_t cap)
{
  char line[512];
  size_t n = strlen(name);
  FILE *f = fopen(path, "r");
  out[0] = 0;
  if(!f)
    return;
  while(fgets(line, sizeof(line), f))
    if(!strncmp(line, name, n) && line[n] == '=') {
      line[strcspn(line, "\n")] = 0;
      snprintf(out, cap, "%s", line + n + 1);
    }
  fclose(f);
}

static void run(MYSQL *m, const char *sql)
{
  if(mysql_query(m, sql)) {
    fprintf(stderr, "mariadb_priv_view: %s: %s\n", sql, mysql_error(m));
    failures++;
  }
}

static void expect(const char *who, const char *col, const struct rowval *got,
                   const char *want)
{
  int same = want ? got->ptr && got->len == strlen(want) &&
                    !memcmp(got->ptr, want, got->len)
                  : !got->ptr;
  if(!same) {
    printf("FAIL %s %s: view '%s', decoded '%.*s'\n", who, col,
           want ? want : "(NULL)", got->ptr ? (int)got->len : 6,
           got->ptr ? got->ptr : "(NULL)");
    failures++;
  }
}

static int col_index(MYSQL_RES *res, const char *name)
{
  unsigned i, n = mysql_num_fields(res);
  MYSQL_FIELD *f = mysql_fetch_fields(res);
  for(i = 0; i < n; i++)
    if(!strcasecmp(f[i].name, name))
      return (int)i;
  return -1;
}

static void compare_all(MYSQL *m)
{
  static const char *const cols[] = {
    "is_role", "plugin", "authentication_string", "ssl_type", "ssl_cipher",
    "x509_issuer", "x509_subject", "max_questions", "max_updates",
    "max_connections", "max_user_connections", "max_statement_time",
    "password_expired", "default_role",
  };
  MYSQL_RES *res;
  MYSQL_ROW row;
  int idx[14], yn[30], ipriv, iuser, ihost;
  size_t i;
  long accounts = 0, pv = 0;

  run(m, "SELECT u.*, g.Priv AS Priv_json FROM mysql.user u "
         "JOIN mysql.global_priv g ON g.User = u.User AND g.Host = u.Host");
  res = mysql_store_result(m);
  if(!res) {
    failures++;
    return;
  }
  ipriv = col_index(res, "Priv_json");
  iuser = col_index(res, "User");
  ihost = col_index(res, "Host");
  for(i = 0; i < 14; i++)
    idx[i] = col_index(res, cols[i]);
  for(i = 0; i < 30; i++)
    yn[i] = col_index(res, yn_cols[i]);
  while((row = mysql_fetch_row(res))) {
    unsigned long *len = mysql_fetch_lengths(res);
    cJSON *priv = cJSON_ParseWithLength(row[ipriv], len[ipriv]);
    struct mariadb_priv d;
    const struct rowval *got[14];
    char who[300];

    snprintf(who, sizeof(who), "'%s'@'%s'", row[iuser], row[ihost]);
    accounts++;
    pv += !strncmp(row[iuser], "pv_", 3);
    if(!priv) {
      printf("FAIL %s: Priv is not JSON\n", who);
      failures++;
      continue;
    }
    mariadb_priv_decode(priv, &d);
    got[0] = &d.is_role; got[1] = &d.plugin; got[2] = &d.auth;
    got[3] = &d.ssl_type; got[4] = &d.ssl_cipher; got[5] = &d.x509_issuer;
    got[6] = &d.x509_subject; got[7] = &d.max_questions;
    got[8] = &d.max_updates; got[9] = &d.max_connections;
    got[10] = &d.max_user_connections; got[11] = &d.max_statement_time;
    got[12] = &d.password_expired; got[13] = &d.default_role;
    for(i = 0; i < 14; i++)
      if(idx[i] >= 0)
        expect(who, cols[i], got[i], row[idx[i]]);
      else {
        printf("FAIL: the view has no column %s\n", cols[i]);
        failures++;
      }
    for(i = 0; i < 30; i++) {
      int view = yn[i] >= 0 && row[yn[i]] && row[yn[i]][0] == 'Y';
      int bit = (d.access >> i) & 1;
      if(view != bit) {
        printf("FAIL %s %s (%s): view %c, access bit %d\n", who, yn_cols[i],
               mariadb_access_priv((int)i), view ? 'Y' : 'N', bit);
        failures++;
      }
    }
    cJSON_Delete(priv);
  }
  mysql_free_result(res);
  printf("mariadb_priv_view: %ld accounts compared (%ld made here)\n",
         accounts, pv);
  if(pv != 10) {
    printf("FAIL: expected the 10 pv_ accounts and roles\n");
    failures++;
  }
}

int main(int argc, char **argv)
{
  char port[16], user[64], pw[128];
  MYSQL *m;
  size_t i;

  if(argc != 2) {
    fprintf(stderr, "usage: mariadb_priv_view ENV_FILE\n");
    return 2;
  }
  env_value(argv[1], "MARIADB_PORT", port, sizeof(port));
  env_value(argv[1], "MARIADB_USER", user, sizeof(user));
  env_value(argv[1], "MARIADB_PASSWORD", pw, sizeof(pw));
  m = mysql_init(NULL);
  if(!m || !port[0] ||
     !mysql_real_connect(m, "127.0.0.1", user, pw, NULL,
                         (unsigned)atoi(port), NULL, 0)) {
    fprintf(stderr, "mariadb_priv_view: no server (%s): %s\n", argv[1],
            m ? mysql_error(m) : "out of memory");
    return 77;
  }
  for(i = 0; i < sizeof(teardown) / sizeof(teardown[0]); i++)
    run(m, teardown[i]);   /* leftovers of an interrupted run */
  for(i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
    run(m, setup[i]);
  if(!failures)
    compare_all(m);
  for(i = 0; i < sizeof(teardown) / sizeof(teardown[0]); i++)
    run(m, teardown[i]);
  mysql_close(m);
  printf("%s\n", failures ? "mariadb_priv_view: FAILED" : "mariadb_priv_view: ok");
  return failures ? 1 : 0;
}
