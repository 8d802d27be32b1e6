/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_options.c - the options handle of rdsclone.h (core/options.c):
 * rdsclone_options_new gives options_init's defaults; the setters copy
 * strings, add to lists, check types and ranges; dup is deep; the
 * numbering of enum rdsclone_option stays what 0.1.0 published.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/options.h"

#include <stdlib.h>
#include <string.h>

static void new_has_the_defaults(void **state)
{
  struct rdsclone_options *o = rdsclone_options_new();
  struct rdsclone_options d;

  (void)state;
  assert_non_null(o);
  options_init(&d);
  assert_string_equal(o->source.password_env, d.source.password_env);
  assert_string_equal(o->target.password_env, d.target.password_env);
  assert_string_equal(rdsclone_options_get_str(o,
                      RDSCLONE_OPT_SOURCE_PASSWORD_ENV),
                      "RDSCLONE_SOURCE_PASSWORD");
  assert_null(o->source.uri);
  assert_int_equal(o->binlog_retention_hours, -1);
  assert_false(o->binlog_retention_fixed);
  assert_int_equal(o->verbosity, RDSCLONE_LOG_WARN);
  assert_int_equal(o->ninclude, 0);
  assert_null(o->log);
  rdsclone_options_free(o);
  rdsclone_options_free(NULL);
}

static void strings_are_copied(void **state)
{
  struct rdsclone_options *o = rdsclone_options_new();
  char uri[] = "mysql://a@h";
  static const struct { enum rdsclone_option opt; size_t off; } fields[] = {
    { RDSCLONE_OPT_SOURCE_URI, offsetof(struct rdsclone_options, source.uri) },
    { RDSCLONE_OPT_SOURCE_PASSWORD_FILE,
      offsetof(struct rdsclone_options, source.password_file) },
    { RDSCLONE_OPT_SOURCE_OPTION_GROUP,
      offsetof(struct rdsclone_options, source.option_group) },
    { RDSCLONE_OPT_SOURCE_SSL_MODE,
      offsetof(struct rdsclone_options, source.ssl_mode) },
    { RDSCLONE_OPT_SOURCE_SSL_KEY,
      offsetof(struct rdsclone_options, source.ssl_key) },
    { RDSCLONE_OPT_TARGET_URI, offsetof(struct rdsclone_options, target.uri) },
    { RDSCLONE_OPT_TARGET_PASSWORD_ENV,
      offsetof(struct rdsclone_options, target.password_env) },
    { RDSCLONE_OPT_TARGET_SSL_CA,
      offsetof(struct rdsclone_options, target.ssl_ca) },
    { RDSCLONE_OPT_TARGET_SSL_CERT,
      offsetof(struct rdsclone_options, target.ssl_cert) },
  };
  size_t i;

  (void)state;
  assert_non_null(o);
  for(i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
    const char *v;
    assert_int_equal(rdsclone_options_set_str(o, fields[i].opt, uri),
                     RDSCLONE_OK);
    v = *(const char **)(void *)((char *)o + fields[i].off);
    assert_string_equal(v, "mysql://a@h");
    assert_ptr_not_equal(v, uri);
    assert_ptr_equal(rdsclone_options_get_str(o, fields[i].opt), v);
  }
  uri[0] = 'X';
  assert_string_equal(o->source.uri, "mysql://a@h");
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_SOURCE_URI,
                                            NULL), RDSCLONE_OK);
  assert_null(o->source.uri);
  assert_int_equal(rdsclone_options_set_str(o,
                   RDSCLONE_OPT_SOURCE_PASSWORD_ENV, NULL), RDSCLONE_OK);
  assert_null(o->source.password_env);
  rdsclone_options_free(o);
}

static void lists_add_and_clear(void **state)
{
  struct rdsclone_options *o = rdsclone_options_new();

  (void)state;
  assert_non_null(o);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_INCLUDE,
                                            "app_*@%"), RDSCLONE_OK);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_INCLUDE,
                                            "ops@10.0.0.?"), RDSCLONE_OK);
  assert_int_equal(o->ninclude, 2);
  assert_string_equal(o->include[0], "app_*@%");
  assert_string_equal(o->include[1], "ops@10.0.0.?");
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_EXCLUDE,
                                            "tmp_*@*"), RDSCLONE_OK);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_DATABASE,
                                            "a,b"), RDSCLONE_OK);
  assert_int_equal(o->nexclude, 1);
  assert_int_equal(o->ndatabases, 1);
  assert_string_equal(o->databases[0], "a,b");   /* a name, as it is */
  /* an ill-formed pattern or a NULL entry: refused, nothing added */
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_INCLUDE, ""),
                   RDSCLONE_E_USAGE);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_EXCLUDE, NULL),
                   RDSCLONE_E_USAGE);
  assert_int_equal(o->ninclude, 2);
  assert_int_equal(rdsclone_options_clear_list(o, RDSCLONE_OPT_INCLUDE),
                   RDSCLONE_OK);
  assert_int_equal(o->ninclude, 0);
  assert_null(o->include);
  assert_int_equal(rdsclone_options_clear_list(o, RDSCLONE_OPT_PRUNE),
                   RDSCLONE_E_USAGE);
  rdsclone_options_free(o);
}

static void ints_check_type_and_range(void **state)
{
  struct rdsclone_options *o = rdsclone_options_new();

  (void)state;
  assert_non_null(o);
  assert_int_equal(rdsclone_options_set_int(o, RDSCLONE_OPT_PRUNE, 7),
                   RDSCLONE_OK);
  assert_int_equal(o->prune, 1);
  assert_int_equal(rdsclone_options_set_int(o, RDSCLONE_OPT_STRICT, 1), 0);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_CONTINUE_ON_ERROR, 1), 0);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_REQUIRE_PASSWORDS, 1), 0);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_MAP_SUPERUSER, 1), 0);
  assert_true(o->strict && o->continue_on_error && o->require_passwords &&
              o->map_superuser);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_TARGET_CONNECT_TIMEOUT, 5), RDSCLONE_OK);
  assert_int_equal(o->target.connect_timeout, 5);
  assert_int_equal(o->source.connect_timeout, 0);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT, -1),
                   RDSCLONE_E_USAGE);
  /* binlog retention: setting it fixes it; -1 is NULL */
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_BINLOG_RETENTION_HOURS, 0), RDSCLONE_E_USAGE);
  assert_false(o->binlog_retention_fixed);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_BINLOG_RETENTION_HOURS, 169),
                   RDSCLONE_E_USAGE);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_BINLOG_RETENTION_HOURS, -1), RDSCLONE_OK);
  assert_true(o->binlog_retention_fixed);
  assert_int_equal(o->binlog_retention_hours, -1);
  assert_int_equal(rdsclone_options_set_int(o,
                   RDSCLONE_OPT_BINLOG_RETENTION_HOURS, 72), RDSCLONE_OK);
  assert_int_equal(o->binlog_retention_hours, 72);
  /* verbosity: above DEBUG is DEBUG */
  assert_int_equal(rdsclone_options_set_int(o, RDSCLONE_OPT_VERBOSITY, 9),
                   RDSCLONE_OK);
  assert_int_equal(o->verbosity, RDSCLONE_LOG_DEBUG);
  assert_int_equal(rdsclone_options_set_int(o, RDSCLONE_OPT_VERBOSITY, -1),
                   RDSCLONE_E_USAGE);
  /* the wrong kind of option, or none */
  assert_int_equal(rdsclone_options_set_int(o, RDSCLONE_OPT_SOURCE_URI, 1),
                   RDSCLONE_E_USAGE);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_PRUNE, "1"),
                   RDSCLONE_E_USAGE);
  assert_int_equal(rdsclone_options_set_str(o,
                   RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT, "1"),
                   RDSCLONE_E_USAGE);
  assert_int_equal(rdsclone_options_set_int(o, (enum rdsclone_option)999,
                                            1), RDSCLONE_E_USAGE);
  assert_int_equal(rdsclone_options_set_str(o, (enum rdsclone_option)-1,
                                            "x"), RDSCLONE_E_USAGE);
  assert_null(rdsclone_options_get_str(o, RDSCLONE_OPT_PRUNE));
  assert_null(rdsclone_options_get_str(o, RDSCLONE_OPT_INCLUDE));
  assert_int_equal(rdsclone_options_set_int(NULL, RDSCLONE_OPT_PRUNE, 1),
                   RDSCLONE_E_USAGE);
  rdsclone_options_free(o);
}

static void log_cb(void *ud, enum rdsclone_log_level l, const char *m)
{
  (void)ud; (void)l; (void)m;
}

static void dup_is_deep(void **state)
{
  struct rdsclone_options *o = rdsclone_options_new(), *d;
  int ud;

  (void)state;
  assert_non_null(o);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_SOURCE_URI,
                                            "mysql://a@h"), 0);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_INCLUDE,
                                            "app_*@%"), 0);
  assert_int_equal(rdsclone_options_set_str(o, RDSCLONE_OPT_DATABASE,
                                            "app"), 0);
  assert_int_equal(rdsclone_options_set_int(o, RDSCLONE_OPT_PRUNE, 1), 0);
  assert_int_equal(rdsclone_options_set_log(o, log_cb, &ud), 0);
  d = rdsclone_options_dup(o);
  assert_non_null(d);
  assert_string_equal(d->source.uri, "mysql://a@h");
  assert_ptr_not_equal(d->source.uri, o->source.uri);
  assert_string_equal(d->source.password_env, "RDSCLONE_SOURCE_PASSWORD");
  assert_ptr_not_equal(d->source.password_env, o->source.password_env);
  assert_int_equal(d->ninclude, 1);
  assert_ptr_not_equal(d->include, o->include);
  assert_string_equal(d->include[0], "app_*@%");
  assert_string_equal(d->databases[0], "app");
  assert_true(d->prune);
  assert_ptr_equal(d->log, log_cb);
  assert_ptr_equal(d->log_userdata, &ud);
  rdsclone_options_free(o);   /* d stands alone */
  assert_int_equal(rdsclone_options_set_str(d, RDSCLONE_OPT_INCLUDE,
                                            "b@%"), 0);
  assert_string_equal(d->include[0], "app_*@%");
  assert_int_equal(d->ninclude, 2);
  assert_null(rdsclone_options_dup(NULL));
  rdsclone_options_free(d);
}

/* The numbers are ABI: 0.1.0's options keep theirs. */
static void numbering_is_stable(void **state)
{
  (void)state;
  assert_int_equal(RDSCLONE_OPT_SOURCE_URI, 0);
  assert_int_equal(RDSCLONE_OPT_SOURCE_CONNECT_TIMEOUT, 8);
  assert_int_equal(RDSCLONE_OPT_TARGET_URI, 9);
  assert_int_equal(RDSCLONE_OPT_TARGET_CONNECT_TIMEOUT, 17);
  assert_int_equal(RDSCLONE_OPT_INCLUDE, 18);
  assert_int_equal(RDSCLONE_OPT_DATABASE, 20);
  assert_int_equal(RDSCLONE_OPT_PRUNE, 21);
  assert_int_equal(RDSCLONE_OPT_BINLOG_RETENTION_HOURS, 23);
  assert_int_equal(RDSCLONE_OPT_VERBOSITY, 24);
  assert_int_equal(RDSCLONE_OPT_STRICT, 27);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(new_has_the_defaults),
    cmocka_unit_test(strings_are_copied),
    cmocka_unit_test(lists_add_and_clear),
    cmocka_unit_test(ints_check_type_and_range),
    cmocka_unit_test(dup_is_deep),
    cmocka_unit_test(numbering_is_stable),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
