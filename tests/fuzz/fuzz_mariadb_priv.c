/*
 * fuzz_mariadb_priv.c - MariaDB's mysql.global_priv.Priv JSON as rdsclone
 * ingests it (agent/catalog_mysql.c), then diff, plan and render
 * (agent/diff.c, plan.c, render_mysql.c) against an empty target, offline.
 *
 * Input: Priv 0xff user 0xff host 0xff default_role 0xff flags. The row is
 * shaped like MariaDB 10.11's mysql.user view joined with global_priv (as
 * tests/unit/fixture_mysql.c feeds it). Any Priv is either refused with a
 * message or yields a plan whose every statement rendered (or is a skip
 * with a reason); the authentication string never shows in a redacted
 * statement.
 */
#include "fuzz_util.h"
#include "agent_int.h"
#include "catalog_mysql.h"
#include "diff.h"
#include "plan.h"

static const char *const cols[] = {
  "Host", "User", "Password", "Select_priv", "Insert_priv", "Update_priv",
  "Delete_priv", "Create_priv", "Drop_priv", "Reload_priv",
  "Shutdown_priv", "Process_priv", "File_priv", "Grant_priv",
  "References_priv", "Index_priv", "Alter_priv", "Show_db_priv",
  "Super_priv", "Create_tmp_table_priv", "Lock_tables_priv",
  "Execute_priv", "Repl_slave_priv", "Repl_client_priv",
  "Create_view_priv", "Show_view_priv", "Create_routine_priv",
  "Alter_routine_priv", "Create_user_priv", "Event_priv", "Trigger_priv",
  "Create_tablespace_priv", "Delete_history_priv", "ssl_type",
  "ssl_cipher", "x509_issuer", "x509_subject", "max_questions",
  "max_updates", "max_connections", "max_user_connections", "plugin",
  "authentication_string", "password_expired", "is_role", "default_role",
  "max_statement_time", "Priv"
};
#define NC (sizeof(cols) / sizeof(cols[0]))

static void snap(struct snapshot *s, int is_source)
{
  struct err e;
  snapshot_init(s, &engine_mysql, is_source);
  FUZZ_CHECK(catalog_mysql_set_session(s, "admin@127.0.0.1",
                                       "10.11.6-MariaDB-0+deb12u1",
                                       &e) == 0);
  FUZZ_CHECK(catalog_mysql_init(s, &e) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  size_t plen;
  const uint8_t *priv = fin_piece(&f, &plen);
  char *user = fin_cstr(&f), *host = fin_cstr(&f), *drole = fin_cstr(&f);
  unsigned flags = fin_byte(&f);
  const char *vals[NC];
  unsigned long lens[NC];
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct ingest in;
  struct err e;
  size_t i;

  rdsclone_options_init(&o);
  snap(&src, 1);
  snap(&tgt, 0);
  for(i = 0; i < NC; i++) {
    const char *c = cols[i];
    size_t n = strlen(c);
    if(n > 5 && !strcmp(c + n - 5, "_priv"))
      vals[i] = (flags >> (i % 8)) & 1 ? "Y" : "N";
    else if(!strcmp(c, "Host")) vals[i] = host;
    else if(!strcmp(c, "User")) vals[i] = user;
    else if(!strcmp(c, "max_statement_time")) vals[i] = "0.000000";
    else if(!strncmp(c, "max_", 4)) vals[i] = "0";
    else if(!strcmp(c, "password_expired")) vals[i] = "N";
    else if(!strcmp(c, "is_role")) vals[i] = flags & 0x80 ? "Y" : "N";
    else if(!strcmp(c, "default_role")) vals[i] = drole;
    else if(!strcmp(c, "Priv")) vals[i] = NULL;   /* set below */
    else vals[i] = "";
    lens[i] = vals[i] ? (unsigned long)strlen(vals[i]) : 0;
  }
  /* the Priv value: its bytes, as the server sends them (NUL-terminated
   * copy, its length given) */
  {
    char *p = malloc(plen + 1);
    FUZZ_CHECK(p != NULL);
    memcpy(p, priv, plen);
    p[plen] = 0;
    vals[NC - 1] = p;
    lens[NC - 1] = (unsigned long)plen;
  }

  memset(&e, 0, sizeof(e));
  if(catalog_mysql_begin(&in, &src, &o, MQ_ACCOUNTS_MARIADB, cols, NC,
                         &e) == 0 &&
     catalog_mysql_row(&in, vals, lens, &e) == 0) {
    struct diff d;
    struct plan p;
    struct render_ctx ctx;
    memset(&p, 0, sizeof(p));
    memset(&ctx, 0, sizeof(ctx));
    FUZZ_CHECK(diff_snapshots(&src, &tgt, &d, &e) == 0);
    ctx.src = &src;
    ctx.tgt = &tgt;
    ctx.opts = &o;
    if(plan_build(&ctx, &d, 0, &p, &e) == 0) {
      for(i = 0; i < p.n; i++) {
        const struct action *a = &p.v[i];
        FUZZ_CHECK(a->object != NULL && a->reason != NULL);
        FUZZ_CHECK(a->kind == ACT_SKIP || a->sql != NULL);
      }
    }
    else
      FUZZ_CHECK(e.msg[0] != 0);
    plan_release(&p);
    diff_release(&d);
  }
  else
    FUZZ_CHECK(e.msg[0] != 0);

  free((char *)vals[NC - 1]);
  snapshot_release(&src);
  snapshot_release(&tgt);
  free(user);
  free(host);
  free(drole);
  return 0;
}
