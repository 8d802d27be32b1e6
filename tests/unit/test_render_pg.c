/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_render_pg.c - PostgreSQL rendering of hostile names, offline.
 *
 * Snapshots are fed through catalog_pg_* exactly as engine_pg.c streams
 * a server's rows (the column layouts of the files in sql/pg/), then
 * diffed and planned with no connection (quote_pg's offline path). Each
 * statement is checked as a whole. Also the regressions found by
 * tests/integration/pg_hostile_names.sh: list settings keeping an
 * element's own spaces, the note for patterns no role name can match,
 * --format sql switching database with psql's \connect, and text
 * reports keeping a name's newline out of their lines.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pg/catalog_pg.h"
#include "core/diff.h"
#include "core/filter.h"
#include "fixture_mysql.h"   /* fx_plan, fx_expect, fx_find, fx_dump */
#include "core/plan.h"
#include "core/plan_split.h"
#include "core/report.h"
#include "mysql/engine_mysql.h"
#include "pg/engine_pg.h"

/* 63 bytes: 21 x U+65E5 */
#define NIHON21 "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5" \
  "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5" \
  "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5" \
  "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5" \
  "\xe6\x97\xa5\xe6\x97\xa5"
#define ROLE_ATTRS " WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB " \
  "NOLOGIN NOREPLICATION NOBYPASSRLS CONNECTION LIMIT -1"

static void pg_snapshot(struct snapshot *s, int is_source)
{
  struct err e;
  snapshot_init(s, &engine_pg, is_source);
  s->is_superuser = 1;
  s->current_user = strdup("postgres");
  s->current_host = strdup("");
  s->server_version = strdup("15.18");
  s->version_id = 150018;
  assert_non_null(s->current_user);
  assert_int_equal(catalog_pg_init(s, &e), 0);
}

/* pg_roles*.sql row: a NOLOGIN role with the defaults */
static void role(struct snapshot *s, const struct rdsclone_options *o,
                 const char *name)
{
  const char *v[12] = { name, "f", "t", "f", "f", "f", "f", "f", "-1",
                        NULL, NULL, "f" };
  struct err e;
  assert_int_equal(catalog_pg_role(s, o, v, &e), 0);
}

static void member(struct snapshot *s, const struct rdsclone_options *o,
                   const char *m, const char *r, const char *admin)
{
  /* pg_members.sql: member, role, grantor, admin, inherit, set, builtin */
  const char *v[7] = { m, r, "", admin, "t", "t", "f" };
  struct err e;
  assert_int_equal(catalog_pg_member(s, o, v, &e), 0);
}

static void setting(struct snapshot *s, const struct rdsclone_options *o,
                    const char *r, const char *db, const char *nv)
{
  const char *v[3] = { r, db, nv };
  struct err e;
  assert_int_equal(catalog_pg_setting(s, o, v, &e), 0);
}

static void database(struct snapshot *s, const char *name)
{
  const char *v[1] = { name };
  struct err e;
  assert_int_equal(catalog_pg_database(s, v, &e), 0);
}

/* *_privs.sql row */
static void priv(struct snapshot *s, const struct rdsclone_options *o,
                 const char *grantee, const char *db, const char *type,
                 const char *schema, const char *name, const char *args,
                 const char *privilege, const char *grantable)
{
  const char *v[8] = { grantee, db, type, schema, name, args, privilege,
                       grantable };
  struct err e;
  assert_int_equal(catalog_pg_priv(s, o, v, &e), 0);
}

static const char *const names[] = {
  "dq\"role", "o'brien", "back\\slash", "space role", " pad ", "MixedCase",
  "pct%role", "under_score", "pipe|role", "dollar$role", "semi;--role",
  "r\xc3\xb4le \xc3\xbcn\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac", "user",
  "new\nline", "fmt%s%n", "at@sign", "eq=a,b/c", NIHON21,
};
static const char *const quoted[] = {
  "\"dq\"\"role\"", "\"o'brien\"", "\"back\\slash\"", "\"space role\"",
  "\" pad \"", "\"MixedCase\"", "\"pct%role\"", "\"under_score\"",
  "\"pipe|role\"", "\"dollar$role\"", "\"semi;--role\"",
  "\"r\xc3\xb4le \xc3\xbcn\xc3\xaf \xe6\x97\xa5\xe6\x9c\xac\"", "\"user\"",
  "\"new\nline\"", "\"fmt%s%n\"", "\"at@sign\"", "\"eq=a,b/c\"",
  "\"" NIHON21 "\"",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static void test_roles_and_members(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  char sql[256];
  size_t i;
  (void)state;
  options_init(&o);
  pg_snapshot(&src, 1);
  pg_snapshot(&tgt, 0);
  for(i = 0; i < NNAMES; i++)
    role(&src, &o, names[i]);
  member(&src, &o, "o'brien", "dq\"role", "t");
  member(&src, &o, NIHON21, "new\nline", "f");
  fx_plan(&src, &tgt, &o, 0, &p);
  for(i = 0; i < NNAMES; i++) {
    assert_true((size_t)snprintf(sql, sizeof(sql), "CREATE ROLE %s%s",
                                 quoted[i], ROLE_ATTRS) < sizeof(sql));
    fx_expect(&p, sql);
  }
  fx_expect(&p, "GRANT \"dq\"\"role\" TO \"o'brien\" WITH ADMIN OPTION");
  fx_expect(&p, "GRANT \"new\nline\" TO \"" NIHON21 "\"");
  assert_int_equal(p.n, NNAMES + 2);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
}

/* Regression: the list parser trimmed trailing spaces after a quoted
 * element too, so '  padded  ' came back as '  padded' and apply never
 * converged. */
static void test_list_setting_keeps_spaces(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  (void)state;
  options_init(&o);
  pg_snapshot(&src, 1);
  pg_snapshot(&tgt, 0);
  database(&src, "db'two;--");
  database(&tgt, "db'two;--");
  role(&src, &o, "r\xc3\xb4le");
  role(&tgt, &o, "r\xc3\xb4le");
  role(&src, &o, "o'brien");
  role(&tgt, &o, "o'brien");
  setting(&src, &o, "r\xc3\xb4le", "db'two;--",
          "search_path=\"x,y\", \"  padded  \", \"\"");
  setting(&src, &o, "o'brien", "",
          "search_path=\"Sch \"\"ema\"\" \xc3\xbc\", \"s'q;--\", "
          "\"$user\", public, \"Public\"");
  setting(&src, &o, "o'brien", "", "application_name=it's \"app\" \\ x");
  setting(&src, &o, "o'brien", "", "rdsclone.note=a=b");
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_expect(&p, "ALTER ROLE \"r\xc3\xb4le\" IN DATABASE \"db'two;--\" SET "
                "\"search_path\" TO 'x,y', '  padded  ', ''");
  fx_expect(&p, "ALTER ROLE \"o'brien\" SET \"search_path\" TO "
                "'Sch \"ema\" \xc3\xbc', 's''q;--', '$user', 'public', "
                "'Public'");
  fx_expect(&p, "ALTER ROLE \"o'brien\" SET \"application_name\" TO "
                "'it''s \"app\" \\ x'");
  fx_expect(&p, "ALTER ROLE \"o'brien\" SET \"rdsclone\".\"note\" TO 'a=b'");
  assert_int_equal(p.n, 4);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
}

static void test_privileges(void **state)
{
  static const char args[] = "\"a\"\"b\" integer, \"C d\" text, "
    "e \"Sch \"\"ema\"\" \xc3\xbc\".\"My \"\"Type\"\"\", "
    "f character varying[], VARIADIC g numeric[]";
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  const char *db = "db \"one\" \xc3\xbc", *sch = "Sch \"ema\" \xc3\xbc";
  long k;
  (void)state;
  options_init(&o);
  pg_snapshot(&src, 1);
  pg_snapshot(&tgt, 0);
  database(&src, db);
  database(&tgt, db);
  role(&src, &o, "o'brien");
  role(&tgt, &o, "o'brien");
  role(&src, &o, NIHON21);
  role(&tgt, &o, NIHON21);
  priv(&src, &o, "o'brien", db, "DATABASE", "", db, "", "CONNECT", "f");
  priv(&src, &o, "o'brien", db, "SCHEMA", "", sch, "", "USAGE", "f");
  priv(&src, &o, "o'brien", db, "TABLE", sch, "Tab \"le\" \xe6\x97\xa5", "",
       "SELECT", "t");
  priv(&src, &o, "o'brien", db, "SEQUENCE", "s'q;--", "Seq'uence%", "",
       "USAGE", "f");
  priv(&src, &o, NIHON21, db, "ROUTINE", sch, "Fn \"x\" \xc3\xbc", args,
       "EXECUTE", "f");
  priv(&src, &o, "o'brien", db, "DEFAULT TABLES", sch, NIHON21, "",
       "SELECT", "f");
  /* PUBLIC's built-in EXECUTE (USAGE) default for all schemas: its row
   * means revoked (pg_object_privs.sql); in one schema, an ordinary grant */
  priv(&tgt, &o, "", db, "DEFAULT FUNCTIONS", "", "o'brien", "",
       "EXECUTE", "f");
  priv(&src, &o, "", db, "DEFAULT TYPES", "", NIHON21, "", "USAGE", "f");
  priv(&src, &o, "", db, "DEFAULT FUNCTIONS", sch, "o'brien", "", "EXECUTE",
       "f");
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_expect(&p, "GRANT CONNECT ON DATABASE \"db \"\"one\"\" \xc3\xbc\" TO "
                "\"o'brien\"");
  fx_expect(&p, "GRANT USAGE ON SCHEMA \"Sch \"\"ema\"\" \xc3\xbc\" TO "
                "\"o'brien\"");
  fx_expect(&p, "GRANT SELECT ON TABLE \"Sch \"\"ema\"\" \xc3\xbc\"."
                "\"Tab \"\"le\"\" \xe6\x97\xa5\" TO \"o'brien\" "
                "WITH GRANT OPTION");
  fx_expect(&p, "GRANT USAGE ON SEQUENCE \"s'q;--\".\"Seq'uence%\" TO "
                "\"o'brien\"");
  fx_expect(&p, "GRANT EXECUTE ON ROUTINE \"Sch \"\"ema\"\" \xc3\xbc\"."
                "\"Fn \"\"x\"\" \xc3\xbc\"(\"a\"\"b\" integer, \"C d\" text, "
                "e \"Sch \"\"ema\"\" \xc3\xbc\".\"My \"\"Type\"\"\", "
                "f character varying[], VARIADIC g numeric[]) TO "
                "\"" NIHON21 "\"");
  fx_expect(&p, "ALTER DEFAULT PRIVILEGES FOR ROLE \"" NIHON21 "\" IN "
                "SCHEMA \"Sch \"\"ema\"\" \xc3\xbc\" GRANT SELECT ON TABLES "
                "TO \"o'brien\"");
  k = fx_expect(&p, "ALTER DEFAULT PRIVILEGES FOR ROLE \"o'brien\" GRANT "
                    "EXECUTE ON FUNCTIONS TO PUBLIC");
  assert_int_equal(p.v[k].destructive, 0);
  assert_non_null(strstr(p.v[k].reason, "revoked only on target"));
  k = fx_expect(&p, "ALTER DEFAULT PRIVILEGES FOR ROLE \"" NIHON21 "\" "
                    "REVOKE USAGE ON TYPES FROM PUBLIC");
  assert_int_equal(p.v[k].kind, ACT_REVOKE);
  assert_int_equal(p.v[k].destructive, 1);
  assert_non_null(strstr(p.v[k].reason, "revoked on source"));
  fx_expect(&p, "ALTER DEFAULT PRIVILEGES FOR ROLE \"o'brien\" IN SCHEMA "
                "\"Sch \"\"ema\"\" \xc3\xbc\" GRANT EXECUTE ON FUNCTIONS TO "
                "PUBLIC");
  assert_int_equal(p.n, 9);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
}

/* A routine's argument list is server text, not quoted by us: anything
 * that could end the statement outside double quotes is refused. */
static void test_routine_args_refused(void **state)
{
  static const char *const bad[] = {
    "a integer); DROP ROLE x; --", "a integer) TO PUBLIC; --",
    "\"unterminated integer", "a integer, b text)", "x int'", "x int;",
  };
  size_t i;
  (void)state;
  /* alone, the refused change is the later half plan_snapshots renders
   * in a thread; with three changes after it, the earlier half */
  for(i = 0; i < 2 * sizeof(bad) / sizeof(bad[0]); i++) {
    static const char *const after[] = { "z1", "z2", "z3" };
    struct snapshot src, tgt;
    struct rdsclone_options o;
    struct plan p;
    struct diff d;
    struct err e;
    struct render_ctx ctx;
    size_t k, nb = sizeof(bad) / sizeof(bad[0]);
    options_init(&o);
    pg_snapshot(&src, 1);
    pg_snapshot(&tgt, 0);
    database(&src, "d");
    database(&tgt, "d");
    role(&src, &o, "r");
    role(&tgt, &o, "r");
    priv(&src, &o, "r", "d", "ROUTINE", "s", "f", bad[i % nb], "EXECUTE",
         "f");
    for(k = 0; i >= nb && k < 3; k++) {
      role(&src, &o, after[k]);
      role(&tgt, &o, after[k]);
      priv(&src, &o, after[k], "d", "SCHEMA", "", "s", "", "USAGE", "f");
    }
    memset(&ctx, 0, sizeof(ctx));
    memset(&e, 0, sizeof(e));
    ctx.src = &src;
    ctx.tgt = &tgt;
    ctx.opts = &o;
    assert_int_equal(diff_snapshots(&src, &tgt, &d, &e), 0);
    assert_int_not_equal(plan_build(&ctx, &d, 0, &p, &e), RDSCLONE_OK);
    assert_non_null(strstr(e.msg, "routine argument list"));
    plan_release(&p);
    memset(&e, 0, sizeof(e));
    assert_int_not_equal(plan_snapshots(&ctx, 0, &p, &e), RDSCLONE_OK);
    assert_non_null(strstr(e.msg, "routine argument list"));
    assert_int_equal(p.n, 0);
    plan_release(&p);
    diff_release(&d);
    snapshot_release(&src);
    snapshot_release(&tgt);
  }
}

static void test_pattern_min_len(void **state)
{
  (void)state;
  assert_int_equal(filter_pattern_min_user_len("app@"), 3);
  assert_int_equal(filter_pattern_min_user_len("a*b?c@*"), 4);
  assert_int_equal(filter_pattern_min_user_len("*@"), 0);
  assert_int_equal(filter_pattern_min_user_len("st\\*r@"), 4);
  assert_int_equal(filter_pattern_min_user_len("at@sign@"), 7);
  assert_int_equal(filter_pattern_min_user_len("a\\@b@h"), 3);
  assert_int_equal(filter_pattern_min_user_len(
                     "\xe6\x97\xa5\xe6\x9c\xac@"), 6);   /* bytes */
}

/* Regression: a pattern longer than any role name matched nothing and
 * said nothing (an exclude of it even left the role it meant in
 * scope). */
static void test_pattern_notes(void **state)
{
  char inc[80], exc[80], fits[80];
  const char *incs[2], *excs[1];
  struct snapshot s;
  struct rdsclone_options o;
  struct err e;
  const char *n;
  (void)state;
  memset(inc, 't', 64);
  memcpy(inc + 64, "@", 2);                /* 64 bytes: too long */
  memset(fits, 't', 62);
  memcpy(fits + 62, "*?@*", 5);            /* 63 at least: fits */
  memset(exc, 'x', 70);
  memcpy(exc + 70, "@", 2);
  incs[0] = inc;
  incs[1] = fits;
  excs[0] = exc;
  options_init(&o);
  o.include = incs;
  o.ninclude = 2;
  o.exclude = excs;
  o.nexclude = 1;
  pg_snapshot(&s, 1);
  assert_int_equal(catalog_pg_pattern_notes(&s, &o, &e), 0);
  n = buf_str(&s.notes);
  assert_non_null(strstr(n, "include pattern 'tttt"));
  assert_non_null(strstr(n, "tttt@' matches no PostgreSQL role: its role "
                            "name is longer than 63 bytes (at least 64)"));
  assert_non_null(strstr(n, "exclude pattern 'xxxx"));
  assert_non_null(strstr(n, "(at least 70)"));
  assert_non_null(strstr(n, "stays in scope"));
  assert_null(strstr(n, "*?@*"));
  snapshot_release(&s);
}

static void add_action(struct plan *p, const char *sql, const char *db)
{
  assert_int_equal(plan_add(p, ACT_GRANT, 40, 0, "obj", "why", sql, NULL),
                   0);
  assert_int_equal(plan_last_set_database(p, db), 0);
}

/* Regression: --format sql printed every database's statements one
 * after another, so a replayed script ran them all in one database. */
static void test_sql_script_connects(void **state)
{
  struct rdsclone_report r;
  char src[] = "s:1", tgt[] = "t:2";
  char *out;
  (void)state;
  memset(&r, 0, sizeof(r));
  r.engine = &engine_pg;
  r.mode = RDSCLONE_PLAN;
  r.source_server = src;
  r.target_server = tgt;
  add_action(&r.plan, "CREATE ROLE \"a\"", NULL);
  add_action(&r.plan, "GRANT 1", "db \"one\" \xc3\xbc");
  add_action(&r.plan, "GRANT 2", "db \"one\" \xc3\xbc");
  add_action(&r.plan, "GRANT CONNECT ON DATABASE \"x\" TO \"a\"", NULL);
  add_action(&r.plan, "GRANT 3", "shop");
  add_action(&r.plan, "GRANT 4", "new\nline");
  add_action(&r.plan, "GRANT 5", "db \"one\" \xc3\xbc");
  out = rdsclone_report_render(&r, RDSCLONE_FORMAT_SQL, 0);
  assert_non_null(out);
  assert_string_equal(out,
    "-- rdsclone plan: source s:1 -> target t:2\n"
    "-- secrets are redacted: run with --show-secrets for a script that "
    "can be replayed\n"
    "CREATE ROLE \"a\";\n"
    "\\connect -reuse-previous=on \"dbname='db \"\"one\"\" \xc3\xbc'\"\n"
    "GRANT 1;\n"
    "GRANT 2;\n"
    "GRANT CONNECT ON DATABASE \"x\" TO \"a\";\n"
    "\\connect \"shop\"\n"
    "GRANT 3;\n"
    "-- the next statements run in database 'new\\x0aline', which a "
    "script line cannot name: run them there by hand\n"
    "GRANT 4;\n"
    "\\connect -reuse-previous=on \"dbname='db \"\"one\"\" \xc3\xbc'\"\n"
    "GRANT 5;\n");
  free(out);
  /* the MySQL family's actions carry no database: no line */
  r.engine = &engine_mysql;
  out = rdsclone_report_render(&r, RDSCLONE_FORMAT_SQL, 0);
  assert_non_null(out);
  assert_null(strstr(out, "connect"));
  free(out);
  plan_release(&r.plan);
}

/* Regression: the text report printed reasons and the server's errors
 * as they were, so a name with a newline in them forged a report line. */
static void test_text_report_one_line(void **state)
{
  struct rdsclone_report r;
  char src[] = "s:1", tgt[] = "t:2";
  char *out;
  (void)state;
  memset(&r, 0, sizeof(r));
  r.engine = &engine_pg;
  r.mode = RDSCLONE_APPLY;
  r.source_server = src;
  r.target_server = tgt;
  assert_int_equal(plan_add(&r.plan, ACT_DROP_ROLE, 90, 1, "'a\\x0ab'",
                            "only on target\nforged: reason", "DROP ROLE x",
                            NULL), 0);
  r.plan.v[0].status = STATUS_FAILED;
  r.plan.v[0].error = strdup("2BP01: role \"a\nforged: error\" cannot be "
                             "dropped");
  assert_non_null(r.plan.v[0].error);
  out = rdsclone_report_render(&r, RDSCLONE_FORMAT_TEXT, 0);
  assert_non_null(out);
  assert_null(strstr(out, "\nforged"));
  assert_non_null(strstr(out, "(only on target\\x0aforged: reason)"));
  assert_non_null(strstr(out, "error: 2BP01: role \"a\\x0aforged: error\" "
                              "cannot be dropped\n"));
  free(out);
  plan_release(&r.plan);
}

/* Roles RDS and PostgreSQL own are never read, whatever their case. */
/* pg_objects.sql row */
static void object(struct snapshot *s, const char *db, const char *type,
                   const char *schema, const char *name, const char *owner,
                   const char *lacks)
{
  const char *v[7] = { db, type, schema, name, "", owner, lacks };
  struct err e;
  assert_int_equal(catalog_pg_object(s, NULL, v, &e), 0);
}

/* 1 when the plan has a skip of object whose reason holds why. */
static int has_skip(const struct plan *p, const char *object, const char *why)
{
  size_t i;
  for(i = 0; i < p->n; i++)
    if(p->v[i].kind == ACT_SKIP && !strcmp(p->v[i].object, object) &&
       strstr(p->v[i].reason, why))
      return 1;
  return 0;
}

/* Columns (one statement per column), large objects, parameters and the
 * cluster's tablespaces; what an owner gave up of its own privileges is
 * revoked from the target's owner, whoever that is; grants on objects
 * only one side has are skips. */
static void test_new_object_kinds(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  (void)state;
  options_init(&o);
  pg_snapshot(&src, 1);
  pg_snapshot(&tgt, 0);
  database(&src, "d");
  database(&tgt, "d");
  role(&src, &o, "u");
  role(&tgt, &o, "u");
  object(&src, "d", "TABLE", "s", "t", "own_src", "TRUNCATE,UPDATE");
  object(&tgt, "d", "TABLE", "s", "t", "own_tgt", "");
  object(&src, "d", "LARGE OBJECT", "", "1001", "own_src", "");
  object(&tgt, "d", "LARGE OBJECT", "", "1001", "own_tgt", "");
  object(&src, "d", "LARGE OBJECT", "", "1003", "own_src", "");
  object(&tgt, "d", "TABLE", "s", "only_tgt", "own_tgt", "");
  object(&src, "", "TABLESPACE", "", "ts", "own_src", "");
  object(&tgt, "", "TABLESPACE", "", "ts", "own_tgt", "");
  priv(&src, &o, "u", "d", "COLUMN", "s", "t", "c o\"l", "SELECT", "f");
  priv(&src, &o, "u", "d", "COLUMN", "s", "t", "c o\"l", "UPDATE", "f");
  priv(&src, &o, "u", "d", "COLUMN", "s", "t", "ctid", "SELECT", "t");
  priv(&src, &o, "u", "d", "LARGE OBJECT", "", "1001", "", "SELECT", "f");
  priv(&src, &o, "u", "d", "LARGE OBJECT", "", "1003", "", "SELECT", "f");
  priv(&tgt, &o, "u", "d", "TABLE", "s", "only_tgt", "", "SELECT", "f");
  priv(&src, &o, "u", "", "PARAMETER", "", "my.param", "", "SET", "f");
  priv(&src, &o, "", "", "TABLESPACE", "", "ts", "", "CREATE", "t");
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_expect(&p, "GRANT SELECT (\"c o\"\"l\"), UPDATE (\"c o\"\"l\") ON TABLE "
                "\"s\".\"t\" TO \"u\"");
  fx_expect(&p, "GRANT SELECT (\"ctid\") ON TABLE \"s\".\"t\" TO \"u\" "
                "WITH GRANT OPTION");
  fx_expect(&p, "GRANT SELECT ON LARGE OBJECT 1001 TO \"u\"");
  fx_expect(&p, "GRANT SET ON PARAMETER \"my\".\"param\" TO \"u\"");
  fx_expect(&p, "GRANT CREATE ON TABLESPACE \"ts\" TO PUBLIC WITH GRANT "
                "OPTION");
  fx_expect(&p, "REVOKE TRUNCATE, UPDATE ON TABLE \"s\".\"t\" FROM "
                "\"own_tgt\"");
  assert_true(has_skip(&p, "'u' on LARGE OBJECT 1003 in database 'd'",
                       "object missing on target"));
  assert_true(has_skip(&p, "'u' on TABLE s.only_tgt in database 'd'",
                       "object only on target"));
  assert_int_equal(p.n, 8);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
}

/* A source newer than the target: MAINTAIN (17) and pg_maintain do not
 * exist on 16, so they are skips naming the version, never statements
 * the target would refuse; a membership's grantor on a non-superuser
 * target is a skip too. */
static void test_newer_source(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  const char *mv[7] = { "u", "g", "granter", "f", "t", "t", "f" };
  struct err e;
  (void)state;
  options_init(&o);
  pg_snapshot(&src, 1);
  pg_snapshot(&tgt, 0);
  free(tgt.server_version);
  tgt.server_version = strdup("16.4");
  tgt.version_id = 160004;
  tgt.is_superuser = 0;
  src.version_id = 170002;
  database(&src, "d");
  database(&tgt, "d");
  role(&src, &o, "u");
  role(&tgt, &o, "u");
  role(&src, &o, "g");
  role(&tgt, &o, "g");
  role(&src, &o, "pg_maintain");
  priv(&src, &o, "u", "d", "TABLE", "s", "t", "", "MAINTAIN", "f");
  priv(&src, &o, "u", "d", "TABLE", "s", "t", "", "SELECT", "f");
  member(&src, &o, "u", "pg_maintain", "f");
  assert_int_equal(catalog_pg_member(&src, &o, mv, &e), 0);
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_expect(&p, "GRANT SELECT ON TABLE \"s\".\"t\" TO \"u\"");
  assert_true(has_skip(&p, "'u' on TABLE s.t in database 'd'",
                       "privilege MAINTAIN does not exist on the target "
                       "(PostgreSQL 16.4)"));
  assert_true(has_skip(&p, "'pg_maintain' to 'u'", "role 'pg_maintain' "
                       "does not exist on the target (PostgreSQL 16.4)"));
  assert_true(has_skip(&p, "'g' to 'u' granted by 'granter'",
                       "is not a superuser and cannot record that grantor"));
  assert_int_equal(p.n, 4);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
}

/* A privilege or object kind newer than rdsclone is counted as not
 * compared (and --strict fails on it), never planned or dropped. */
static void test_unknown_kind_not_compared(void **state)
{
  struct snapshot s;
  struct rdsclone_options o;
  (void)state;
  options_init(&o);
  pg_snapshot(&s, 1);
  priv(&s, &o, "u", "d", "TABLE", "s", "t", "", "FROBNICATE", "f");
  priv(&s, &o, "u", "d", "GALAXY", "s", "t", "", "SELECT", "f");
  priv(&s, &o, "u", "d", "TABLE", "s", "t", "", "SELECT", "f");
  assert_int_equal(s.not_compared.n, 1);
  assert_int_equal(s.not_compared.v[0].count, 2);
  assert_string_equal(s.not_compared.v[0].side, "source");
  assert_string_equal(s.not_compared.v[0].example, "FROBNICATE on TABLE t");
  assert_int_equal(s.maps[PT_PRIV]->count, 1);
  snapshot_release(&s);
}

/* VALID UNTIL: none and 'infinity' are one value (the defect: apply set
 * 'infinity' and verify still saw it differ from NULL, forever). */
static void test_valid_until_infinity(void **state)
{
  struct snapshot src, tgt;
  struct rdsclone_options o;
  struct plan p;
  const char *dated[12] = { "r", "f", "t", "f", "f", "f", "f", "f", "-1",
                            "2030-01-01 00:00:00+00", NULL, "f" };
  const char *inf[12] = { "r2", "f", "t", "f", "f", "f", "f", "f", "-1",
                          "infinity", NULL, "f" };
  struct err e;
  (void)state;
  options_init(&o);
  pg_snapshot(&src, 1);
  pg_snapshot(&tgt, 0);
  role(&src, &o, "r");
  role(&src, &o, "r2");
  assert_int_equal(catalog_pg_role(&tgt, &o, dated, &e), 0);
  assert_int_equal(catalog_pg_role(&tgt, &o, inf, &e), 0);
  fx_plan(&src, &tgt, &o, 0, &p);
  fx_expect(&p, "ALTER ROLE \"r\" WITH VALID UNTIL 'infinity'");
  assert_int_equal(p.n, 1);
  plan_release(&p);
  snapshot_release(&src);
  snapshot_release(&tgt);
}

static void test_reserved_roles(void **state)
{
  static const char *const yes[] = {
    "pg_monitor", "pg_read_all_data", "rdsadmin", "rds_superuser",
    "rds_replication", "rds_iam", "rds_password", "rdstopmgr",
    "rdsrepladmin", "rds_ad", "rds_extension", "rdsproxyadmin"
  };
  static const char *const no[] = {
    "", "pg", "rds", "rdsadminx", "rds_superuser2", "RDSADMIN", "Pg_monitor",
    "app", "xrdsadmin"
  };
  size_t i;
  (void)state;
  for(i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
    assert_true(catalog_pg_reserved(yes[i]));
  for(i = 0; i < sizeof(no) / sizeof(no[0]); i++)
    assert_false(catalog_pg_reserved(no[i]));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reserved_roles),
    cmocka_unit_test(test_roles_and_members),
    cmocka_unit_test(test_list_setting_keeps_spaces),
    cmocka_unit_test(test_privileges),
    cmocka_unit_test(test_routine_args_refused),
    cmocka_unit_test(test_pattern_min_len),
    cmocka_unit_test(test_pattern_notes),
    cmocka_unit_test(test_sql_script_connects),
    cmocka_unit_test(test_text_report_one_line),
    cmocka_unit_test(test_new_object_kinds),
    cmocka_unit_test(test_newer_source),
    cmocka_unit_test(test_unknown_kind_not_compared),
    cmocka_unit_test(test_valid_until_infinity),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
