/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_uri.c - mysql:// and mariadb:// URIs.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "mysql/uri.h"

static char why[256];

static void ok(const char *text, struct uri *u)
{
  int rc;
  why[0] = 0;
  rc = uri_parse(text, u, why, sizeof(why));
  if(rc)
    print_error("uri_parse(%s): %s\n", text, why);
  assert_int_equal(rc, 0);
}

/* Refused, with a reason containing 'part'; struct left empty. */
static void bad(const char *text, const char *part)
{
  struct uri u;
  why[0] = 0;
  assert_int_equal(uri_parse(text, &u, why, sizeof(why)), -1);
  if(part && !strstr(why, part))
    print_error("uri_parse(%s): reason '%s' lacks '%s'\n", text, why, part);
  if(part)
    assert_non_null(strstr(why, part));
  assert_non_null(why[0] ? why : NULL);
  assert_null(u.host);
  assert_null(u.user);
  assert_null(u.scheme);
}

static void test_basic(void **state)
{
  struct uri u;
  (void)state;
  ok("mysql://admin@db.example.com:3306", &u);
  assert_string_equal(u.scheme, "mysql");
  assert_string_equal(u.user, "admin");
  assert_string_equal(u.host, "db.example.com");
  assert_int_equal(u.port, 3306);
  assert_null(u.ssl_mode);
  assert_null(u.socket);
  assert_int_equal(u.connect_timeout, 0);
  uri_release(&u);

  ok("mariadb://h", &u);
  assert_string_equal(u.scheme, "mariadb");
  assert_null(u.user);
  assert_string_equal(u.host, "h");
  assert_int_equal(u.port, 0);
  uri_release(&u);

  ok("MySQL://u@h/", &u);
  assert_string_equal(u.scheme, "mysql");
  uri_release(&u);

  ok("mysql://u@h:1", &u);
  assert_int_equal(u.port, 1);
  uri_release(&u);
  ok("mysql://u@h:65535", &u);
  assert_int_equal(u.port, 65535);
  uri_release(&u);
}

static void test_percent(void **state)
{
  struct uri u;
  (void)state;
  ok("mysql://a%40b@h", &u);
  assert_string_equal(u.user, "a@b");
  uri_release(&u);
  ok("mysql://a%3ab%2F@h", &u);
  assert_string_equal(u.user, "a:b/");
  uri_release(&u);
  /* an unencoded '@' in the user: the last one ends it */
  ok("mysql://a@b@h", &u);
  assert_string_equal(u.user, "a@b");
  assert_string_equal(u.host, "h");
  uri_release(&u);
  ok("mysql://caf%C3%A9@h", &u);
  assert_string_equal(u.user, "caf\xc3\xa9");
  uri_release(&u);
  bad("mysql://a%4@h", "percent");
  bad("mysql://a%@h", "percent");
  bad("mysql://a%zz@h", "percent");
  bad("mysql://a%00b@h", "percent");
  bad("mysql://u@h?ssl-ca=%00", "percent");
  bad("mysql://u@h?ssl-ca=%G1", "percent");
  bad("mysql://u@h%00x", "host");
}

static void test_ipv6(void **state)
{
  struct uri u;
  (void)state;
  ok("mysql://u@[::1]:3307", &u);
  assert_string_equal(u.host, "::1");
  assert_int_equal(u.port, 3307);
  uri_release(&u);
  ok("mysql://[fe80::1]", &u);
  assert_string_equal(u.host, "fe80::1");
  assert_int_equal(u.port, 0);
  uri_release(&u);
  bad("mysql://u@[::1", "[");
  bad("mysql://u@[::1]x", NULL);
}

static void test_params(void **state)
{
  struct uri u;
  (void)state;
  ok("mysql://u@h?ssl-mode=VERIFY_IDENTITY&ssl-ca=/x", &u);
  assert_string_equal(u.ssl_mode, "VERIFY_IDENTITY");
  assert_string_equal(u.ssl_ca, "/x");
  uri_release(&u);
  ok("mysql://u@h:3306/?ssl-cert=/c%20d&ssl-key=/k&connect-timeout=30", &u);
  assert_string_equal(u.ssl_cert, "/c d");
  assert_string_equal(u.ssl_key, "/k");
  assert_int_equal(u.connect_timeout, 30);
  uri_release(&u);
  ok("mysql://u@h?socket=/run/mysqld/mysqld.sock", &u);
  assert_string_equal(u.socket, "/run/mysqld/mysqld.sock");
  uri_release(&u);
  /* a socket stands in for the host */
  ok("mysql://u@?socket=%2Ftmp%2Fs", &u);
  assert_string_equal(u.socket, "/tmp/s");
  assert_string_equal(u.host, "");
  uri_release(&u);
  bad("mysql://u@h?sslmode=REQUIRED", "sslmode");
  bad("mysql://u@h?password=x", "password");
  bad("mysql://u@h?ssl-mode", "=");
  bad("mysql://u@h?connect-timeout=0", "connect-timeout");
  bad("mysql://u@h?connect-timeout=abc", "connect-timeout");
  bad("mysql://u@h?connect-timeout=3601", "connect-timeout");
  bad("mysql://u@h#frag", "#");
}

static void test_refusals(void **state)
{
  (void)state;
  bad("mysql://admin:secret@h", "password");
  bad("mysql://admin:@h", "password");
  bad("mysql://u@h:0", "port");
  bad("mysql://u@h:65536", "port");
  bad("mysql://u@h:abc", "port");
  bad("mysql://u@h:", "port");
  bad("mysql://u@h:-1", "port");
  bad("mysql://u@h:99999999", "port");
  bad("mysql://u@h:33 06", "port");
  bad("mysql://u@", "host");
  bad("mysql://", "host");
  bad("mysql://u@:3306", "host");
  bad("mysql://u@h/mydb", "database");
  bad("mysql://u@h:3306/mydb?ssl-mode=REQUIRED", "database");
  bad("u@h", "scheme");
  bad("", "empty");
  {
    struct uri u;
    assert_int_equal(uri_parse(NULL, &u, why, sizeof(why)), -1);
  }
  /* the reason never echoes a password */
  bad("mysql://admin:hunter2@h", "password");
  assert_null(strstr(why, "hunter2"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_basic),
    cmocka_unit_test(test_percent),
    cmocka_unit_test(test_ipv6),
    cmocka_unit_test(test_params),
    cmocka_unit_test(test_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
