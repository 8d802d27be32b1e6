/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_config.c - the one configuration reader (agent/cli/cfg.c) with the
 * groups of recreate-replica: a file holding a pair (source, target,
 * include) and the recreate and endpoints groups loads whole, so plan and
 * recreate-replica can share it; the recreate group's types, ranges and
 * messages; a missing file names the OS reason.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cfg.h"
#include "core/options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char shared[] =
  "source = { uri = \"mysql://admin@old:3306\";\n"
  "           password_file = \"source.pw\"; };\n"
  "target = { uri = \"mysql://admin@new:3306\"; connect_timeout = 5; };\n"
  "include = [ \"app_*@%\" ];\n"
  "exclude = [ \"tmp_*@*\" ];\n"
  "prune = true;\n"
  "binlog_retention_hours = 72L;\n"
  "recreate = { primary = \"new-db\"; from = \"old-db-replica\";\n"
  "             name = \"new-db-replica\"; region = \"eu-west-1\";\n"
  "             endpoint_url = \"http://127.0.0.1:9\"; profile = \"dba\";\n"
  "             wait_timeout = 600; poll_interval_ms = 50;\n"
  "             max_poll_interval_ms = 200L; };\n"
  "endpoints = { old-db-replica = \"mysql://admin@127.0.0.1:3307\";\n"
  "              new-db-replica = \"mysql://admin@127.0.0.1:3308\"; };\n";

/* Writes text to a fresh file; returns its path (free()). */
static char *write_tmp(const char *text)
{
  char *path = strdup("/tmp/rdsclone-test-config-XXXXXX");
  int fd;
  assert_non_null(path);
  fd = mkstemp(path);
  assert_true(fd >= 0);
  assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
  close(fd);
  return path;
}

/* Loads text into a new handle *o (rdsclone_options_free); returns the
 * code, the message in err. */
static enum rdsclone_code load(const char *text, struct cfg *c,
                               struct rdsclone_options **o, char *err,
                               size_t errlen)
{
  char *path = write_tmp(text);
  enum rdsclone_code rc;

  *o = rdsclone_options_new();
  assert_non_null(*o);
  err[0] = 0;
  rc = cfg_load(c, path, *o, err, errlen);
  unlink(path);
  free(path);
  return rc;
}

static void shared_file_loads_whole(void **state)
{
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];

  (void)state;
  assert_int_equal(load(shared, &c, &o, err, sizeof(err)), RDSCLONE_OK);
  /* what plan uses */
  assert_string_equal(o->source.uri, "mysql://admin@old:3306");
  assert_string_equal(o->source.password_file, "source.pw");
  assert_string_equal(o->target.uri, "mysql://admin@new:3306");
  assert_int_equal(o->target.connect_timeout, 5);
  assert_int_equal(o->ninclude, 1);
  assert_string_equal(o->include[0], "app_*@%");
  assert_int_equal(o->nexclude, 1);
  assert_true(o->prune);
  assert_int_equal(o->binlog_retention_hours, 72);   /* int64, as before */
  assert_true(o->binlog_retention_fixed);
  assert_false(c.has_pairs);
  /* what recreate-replica uses */
  assert_string_equal(c.recreate.primary, "new-db");
  assert_string_equal(c.recreate.from, "old-db-replica");
  assert_string_equal(c.recreate.name, "new-db-replica");
  assert_string_equal(c.recreate.region, "eu-west-1");
  assert_string_equal(c.recreate.endpoint_url, "http://127.0.0.1:9");
  assert_string_equal(c.recreate.profile, "dba");
  assert_int_equal(c.recreate.wait_timeout, 600);
  assert_int_equal(c.recreate.poll_ms, 50);
  assert_int_equal(c.recreate.max_poll_ms, 200);   /* an int64 too */
  assert_int_equal(c.nendpoints, 2);
  assert_string_equal(c.endpoints[0].id, "old-db-replica");
  assert_string_equal(c.endpoints[0].uri, "mysql://admin@127.0.0.1:3307");
  assert_string_equal(c.endpoints[1].id, "new-db-replica");
  assert_string_equal(c.endpoints[1].uri, "mysql://admin@127.0.0.1:3308");
  cfg_release(&c);
  rdsclone_options_free(o);
}

/* Without the groups nothing of recreate is set. */
static void groups_are_optional(void **state)
{
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];

  (void)state;
  assert_int_equal(load("source = { uri = \"mysql://a@b\"; };\n", &c, &o,
                        err, sizeof(err)), RDSCLONE_OK);
  assert_null(c.recreate.primary);
  assert_int_equal(c.recreate.wait_timeout, 0);
  assert_int_equal(c.nendpoints, 0);
  cfg_release(&c);
  rdsclone_options_free(o);
}

/* A fleet file may hold the groups too. */
static void fleet_with_groups(void **state)
{
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];

  (void)state;
  assert_int_equal(load("pairs = ( { name = \"a\"; source = { uri = "
                        "\"mysql://a@b\"; }; target = { uri = "
                        "\"mysql://a@c\"; }; } );\n"
                        "recreate = { primary = \"p\"; };\n"
                        "endpoints = { x = \"mysql://a@d\"; };\n", &c, &o,
                        err, sizeof(err)), RDSCLONE_OK);
  assert_int_equal(c.npairs, 1);
  assert_string_equal(c.recreate.primary, "p");
  assert_int_equal(c.nendpoints, 1);
  cfg_release(&c);
  rdsclone_options_free(o);
}

struct refusal {
  const char *text;
  const char *message;   /* after "FILE:" */
};

static const struct refusal refusals[] = {
  { "recreate = { bogus = 1; };\n",
    ":1: unknown setting 'bogus' in group 'recreate' (known: primary, from, "
    "name, region, endpoint_url, profile, wait_timeout, poll_interval_ms, "
    "max_poll_interval_ms)" },
  { "recreate = 1;\n", ":1: 'recreate' must be a group { primary = ...; }" },
  { "recreate = { primary = 1; };\n", ":1: 'primary' must be a string" },
  { "recreate = { wait_timeout = 0; };\n",
    ":1: 'wait_timeout' must be an integer 1 to 604800" },
  { "recreate = { wait_timeout = \"1\"; };\n",
    ":1: 'wait_timeout' must be an integer 1 to 604800" },
  { "recreate = {\n poll_interval_ms = 9; };\n",
    ":2: 'poll_interval_ms' must be an integer 10 to 600000" },
  { "recreate = { max_poll_interval_ms = 600001; };\n",
    ":1: 'max_poll_interval_ms' must be an integer 10 to 600000" },
  { "endpoints = [ \"x\" ];\n", ":1: 'endpoints' must be a group { "
    "instance-id = \"mysql://user@host:port\"; }" },
  { "endpoints = { db-1 = 3306; };\n", ":1: 'db-1' must be a string" },
  { "strict = 1;\n", ":1: 'strict' must be true or false" },
  { "binlog_retention_hours = 169L;\n", ":1: 'binlog_retention_hours' "
    "must be 1 to 168 (what RDS accepts) or \"NULL\"" },
  { "source = { connect_timeout = 3601; };\n",
    ":1: 'connect_timeout' must be an integer 1 to 3600" },
  { "pairs = ( { name = \"a\"; recreate = { }; } );\n",
    ":1: unknown setting 'recreate' (known: name, source, target, include, "
    "exclude, prune, continue_on_error, binlog_retention_hours, databases, "
    "require_passwords, map_superuser, strict)" },
  { "colour = 1;\n", ":1: unknown setting 'colour' (known: name, source, "
    "target, include, exclude, prune, continue_on_error, "
    "binlog_retention_hours, databases, require_passwords, map_superuser, "
    "strict, pairs, recreate, encrypt, endpoints)" },
  { "encrypt = { bogus = 1; };\n",
    ":1: unknown setting 'bogus' in group 'encrypt' (known: instance, "
    "kms_key, swap, jobs)" },
  { "encrypt = { swap = 1; };\n", ":1: 'swap' must be true or false" },
  { "encrypt = { jobs = 17; };\n", ":1: 'jobs' must be an integer 1 to 16" },
  { "encrypt = 1;\n", ":1: 'encrypt' must be a group { instance = ...; }" },
};

/* The encrypt group: each setting, swap = false as -1, absent as 0. */
static void encrypt_group_loads(void **state)
{
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];

  (void)state;
  assert_int_equal(load("encrypt = { instance = \"shop\"; kms_key = "
                        "\"alias/rds\"; swap = false; jobs = 3; };\n",
                        &c, &o, err, sizeof(err)), RDSCLONE_OK);
  assert_string_equal(c.encrypt.instance, "shop");
  assert_string_equal(c.encrypt.kms_key, "alias/rds");
  assert_int_equal(c.encrypt.swap, -1);
  assert_int_equal(c.encrypt.jobs, 3);
  cfg_release(&c);
  rdsclone_options_free(o);
  assert_int_equal(load("encrypt = { swap = true; };\n", &c, &o, err,
                        sizeof(err)), RDSCLONE_OK);
  assert_int_equal(c.encrypt.swap, 1);
  assert_null(c.encrypt.instance);
  assert_int_equal(c.encrypt.jobs, 0);
  cfg_release(&c);
  rdsclone_options_free(o);
}

static void refusals_name_file_and_line(void **state)
{
  size_t i;

  (void)state;
  for(i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
    struct cfg c;
    struct rdsclone_options *o;
    char err[1024];
    const char *colon;

    assert_int_equal(load(refusals[i].text, &c, &o, err, sizeof(err)),
                     RDSCLONE_E_CONFIG);
    colon = strchr(err, ':');
    assert_non_null(colon);
    if(strcmp(colon, refusals[i].message))
      fail_msg("%s: got \"%s\", want \"...%s\"", refusals[i].text, err,
               refusals[i].message);
    cfg_release(&c);
    rdsclone_options_free(o);
  }
}

static void too_many_endpoints(void **state)
{
  size_t cap = 64 * (CFG_MAX_ENDPOINTS + 2), n = 0;
  char *text = malloc(cap);
  int i;
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];

  (void)state;
  assert_non_null(text);
  n += (size_t)snprintf(text + n, cap - n, "endpoints = {\n");
  for(i = 0; i <= CFG_MAX_ENDPOINTS; i++)
    n += (size_t)snprintf(text + n, cap - n,
                          "  db-%d = \"mysql://a@h%d\";\n", i, i);
  snprintf(text + n, cap - n, "};\n");
  assert_int_equal(load(text, &c, &o, err, sizeof(err)), RDSCLONE_E_CONFIG);
  assert_non_null(strstr(err, ": too many endpoints"));
  cfg_release(&c);
  rdsclone_options_free(o);
  free(text);
}

static void missing_file_names_the_reason(void **state)
{
  struct cfg c;
  struct rdsclone_options *o;
  char err[1024];

  (void)state;
  o = rdsclone_options_new();
  assert_non_null(o);
  assert_int_equal(cfg_load(&c, "/nonexistent/rdsclone.conf", o, err,
                            sizeof(err)), RDSCLONE_E_CONFIG);
  assert_string_equal(err, "/nonexistent/rdsclone.conf: cannot read the "
                      "configuration file: No such file or directory");
  cfg_release(&c);
  rdsclone_options_free(o);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(shared_file_loads_whole),
    cmocka_unit_test(groups_are_optional),
    cmocka_unit_test(fleet_with_groups),
    cmocka_unit_test(refusals_name_file_and_line),
    cmocka_unit_test(encrypt_group_loads),
    cmocka_unit_test(too_many_endpoints),
    cmocka_unit_test(missing_file_names_the_reason),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
