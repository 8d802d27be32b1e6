/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_credentials.c - the shared config / credentials files (temporary
 * files), the static part of the credential chain (environment, profiles)
 * and region / endpoint / attempts resolution. No network: IMDS is
 * disabled and no container or web identity variable is set. The network
 * providers (web identity, ECS, IMDSv2) are covered by the integration
 * tests against loopback stand-ins.
 */
#include "buf.h"
#include "core/handle.h"
#include "creds/credentials.h"
#include "creds/profile.h"
#include "rds_shim.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

static char dir[] = "/tmp/shim-cred-XXXXXX";
static char cfg[256], cred[256];

static void write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static const char *const vars[] = {
  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
  "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
  "AWS_ENDPOINT_URL_RDS", "AWS_MAX_ATTEMPTS", "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_ROLE_ARN", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_EC2_METADATA_SERVICE_ENDPOINT",
  NULL
};

static int setup(void **state)
{
  size_t i;
  (void)state;
  for(i = 0; vars[i]; i++)
    unsetenv(vars[i]);
  setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
  setenv("AWS_CONFIG_FILE", cfg, 1);
  setenv("AWS_SHARED_CREDENTIALS_FILE", cred, 1);
  unlink(cfg);
  unlink(cred);
  return 0;
}

static struct rds_shim *open_ok(const struct rds_shim_options *o)
{
  struct rds_shim *h = NULL;
  enum rds_shim_code rc = rds_shim_open(&h, o);
  if(rc)
    fprintf(stderr, "open: %s\n", rds_shim_errmsg(h));
  assert_int_equal(rc, RDS_SHIM_OK);
  return h;
}

static void test_profile_parsing(void **state)
{
  struct profile p;
  (void)state;
  write_file(cred,
             "# comment\n"
             "[default]\n"
             "aws_access_key_id = AKIDDEFAULT\n"
             "aws_secret_access_key=secret-default\n"
             "\n"
             "[dev]\n"
             "  ; indented comment\n"
             "AWS_Access_Key_Id =   AKIDDEV   \n"
             "aws_secret_access_key = sec=ret/with+chars\n"
             "aws_session_token = tok\n"
             "s3 =\n"
             "  max_concurrent_requests = 4\n"
             "[profile dev]\n"
             "aws_access_key_id = WRONG\n");
  write_file(cfg,
             "[default]\nregion = eu-west-1\n"
             "[profile dev]\nregion=us-west-2\nmax_attempts = 5\n"
             "[dev]\nregion = WRONG\n"
             "[profile   spaced  ]\nregion = ap-south-1\n");
  shim_profile_init(&p);
  assert_int_equal(shim_profile_load(&p, cred, "dev", 0), 0);
  assert_true(p.found);
  assert_string_equal(shim_profile_get(&p, "aws_access_key_id"), "AKIDDEV");
  assert_string_equal(shim_profile_get(&p, "aws_secret_access_key"),
                      "sec=ret/with+chars");
  assert_string_equal(shim_profile_get(&p, "aws_session_token"), "tok");
  assert_null(shim_profile_get(&p, "max_concurrent_requests"));
  shim_profile_release(&p);

  assert_int_equal(shim_profile_load(&p, cfg, "dev", 1), 0);
  assert_string_equal(shim_profile_get(&p, "region"), "us-west-2");
  assert_string_equal(shim_profile_get(&p, "max_attempts"), "5");
  shim_profile_release(&p);
  assert_int_equal(shim_profile_load(&p, cfg, "default", 1), 0);
  assert_string_equal(shim_profile_get(&p, "region"), "eu-west-1");
  shim_profile_release(&p);
  assert_int_equal(shim_profile_load(&p, cfg, "spaced", 1), 0);
  assert_string_equal(shim_profile_get(&p, "region"), "ap-south-1");
  shim_profile_release(&p);
  assert_int_equal(shim_profile_load(&p, cfg, "missing", 1), 0);
  assert_false(p.found);
  shim_profile_release(&p);
  /* a missing file is no error */
  assert_int_equal(shim_profile_load(&p, "/nonexistent/x", "default", 0), 0);
  assert_false(p.found);
  shim_profile_release(&p);
}

static void test_env_credentials(void **state)
{
  struct rds_shim_options o;
  struct rds_shim *h;
  (void)state;
  write_file(cred, "[default]\naws_access_key_id=FILE\n"
             "aws_secret_access_key=file-secret\n");
  setenv("AWS_ACCESS_KEY_ID", "ENVKEY", 1);
  setenv("AWS_SECRET_ACCESS_KEY", "env-secret", 1);
  setenv("AWS_SESSION_TOKEN", "env-token", 1);
  memset(&o, 0, sizeof(o));
  o.region = "us-east-1";
  h = open_ok(&o);
  assert_int_equal(creds_ensure(h), 0);
  assert_string_equal(h->creds.access_key_id, "ENVKEY");
  assert_string_equal(h->creds.secret_key, "env-secret");
  assert_string_equal(h->creds.session_token, "env-token");
  assert_string_equal(h->creds.source, "environment");
  assert_int_equal(h->creds.expires, 0);
  rds_shim_free(h);
}

static void test_file_credentials(void **state)
{
  struct rds_shim_options o;
  struct rds_shim *h;
  (void)state;
  write_file(cred, "[default]\naws_access_key_id=FILEDEF\n"
             "aws_secret_access_key=s1\n[ops]\naws_access_key_id=FILEOPS\n"
             "aws_secret_access_key=s2\naws_session_token=t2\n");
  write_file(cfg, "[profile ops]\nregion = eu-central-1\n"
             "[profile cfgonly]\nregion = us-east-2\n"
             "aws_access_key_id = CFGKEY\naws_secret_access_key = s3\n");
  memset(&o, 0, sizeof(o));
  o.region = "us-east-1";
  h = open_ok(&o);
  assert_int_equal(creds_ensure(h), 0);
  assert_string_equal(h->creds.access_key_id, "FILEDEF");
  assert_null(h->creds.session_token);
  rds_shim_free(h);

  setenv("AWS_PROFILE", "ops", 1);
  memset(&o, 0, sizeof(o));
  h = open_ok(&o);
  assert_string_equal(rds_shim_region(h), "eu-central-1");
  assert_int_equal(creds_ensure(h), 0);
  assert_string_equal(h->creds.access_key_id, "FILEOPS");
  assert_string_equal(h->creds.session_token, "t2");
  rds_shim_free(h);

  /* the option beats AWS_PROFILE; keys from the config file */
  o.profile = "cfgonly";
  h = open_ok(&o);
  assert_string_equal(rds_shim_region(h), "us-east-2");
  assert_int_equal(creds_ensure(h), 0);
  assert_string_equal(h->creds.access_key_id, "CFGKEY");
  assert_string_equal(h->creds.source, "config file");
  rds_shim_free(h);

  /* a named profile that exists nowhere is a configuration error */
  o.profile = "ghost";
  o.region = "us-east-1";
  h = open_ok(&o);
  assert_int_equal(creds_ensure(h), RDS_SHIM_CONFIG);
  assert_non_null(strstr(rds_shim_errmsg(h), "\"ghost\" not found"));
  rds_shim_free(h);
}

static void test_no_credentials(void **state)
{
  struct rds_shim_options o;
  struct rds_shim *h;
  const char *m;
  (void)state;
  memset(&o, 0, sizeof(o));
  o.region = "us-east-1";
  h = open_ok(&o);
  assert_int_equal(creds_ensure(h), RDS_SHIM_NO_CREDENTIALS);
  m = rds_shim_errmsg(h);
  assert_non_null(strstr(m, "environment"));
  assert_non_null(strstr(m, "profile \"default\""));
  assert_non_null(strstr(m, "web identity"));
  assert_non_null(strstr(m, "container credentials"));
  assert_non_null(strstr(m, "EC2 instance metadata"));
  /* and the public calls report it without touching the network */
  {
    char *tok = NULL;
    assert_int_equal(rds_shim_auth_token(h, "db", 3306, "u", &tok),
                     RDS_SHIM_NO_CREDENTIALS);
    assert_null(tok);
  }
  rds_shim_free(h);
}

static void test_region_endpoint_attempts(void **state)
{
  struct rds_shim_options o;
  struct rds_shim *h = NULL;
  (void)state;
  memset(&o, 0, sizeof(o));
  /* no region anywhere */
  assert_int_equal(rds_shim_open(&h, &o), RDS_SHIM_NO_REGION);
  assert_non_null(strstr(rds_shim_errmsg(h), "AWS_REGION"));
  rds_shim_free(h);
  /* unknown region */
  o.region = "mars-north";
  assert_int_equal(rds_shim_open(&h, &o), RDS_SHIM_NO_REGION);
  assert_non_null(strstr(rds_shim_errmsg(h), "mars-north"));
  rds_shim_free(h);
  /* env order: AWS_REGION beats AWS_DEFAULT_REGION; option beats both */
  setenv("AWS_DEFAULT_REGION", "eu-west-1", 1);
  o.region = NULL;
  h = open_ok(&o);
  assert_string_equal(rds_shim_region(h), "eu-west-1");
  assert_string_equal(rds_shim_endpoint(h),
                      "https://rds.eu-west-1.amazonaws.com");
  assert_string_equal(h->host, "rds.eu-west-1.amazonaws.com");
  assert_int_equal(h->max_attempts, 3);
  rds_shim_free(h);
  setenv("AWS_REGION", "us-gov-west-1", 1);
  h = open_ok(&o);
  assert_string_equal(rds_shim_region(h), "us-gov-west-1");
  rds_shim_free(h);
  o.region = "ap-southeast-2";
  setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1/", 1);
  h = open_ok(&o);
  assert_string_equal(rds_shim_region(h), "ap-southeast-2");
  assert_string_equal(rds_shim_endpoint(h), "http://127.0.0.1:1");
  assert_string_equal(h->host, "127.0.0.1:1");
  rds_shim_free(h);
  setenv("AWS_ENDPOINT_URL_RDS", "https://rds.example:443", 1);
  h = open_ok(&o);
  assert_string_equal(h->host, "rds.example");
  rds_shim_free(h);
  o.endpoint_url = "ftp://x";
  assert_int_equal(rds_shim_open(&h, &o), RDS_SHIM_CONFIG);
  rds_shim_free(h);
  o.endpoint_url = NULL;
  /* attempts: env, profile, option; bad values are config errors */
  write_file(cfg, "[default]\nmax_attempts = 7\n");
  h = open_ok(&o);
  assert_int_equal(h->max_attempts, 7);
  rds_shim_free(h);
  setenv("AWS_MAX_ATTEMPTS", "2", 1);
  h = open_ok(&o);
  assert_int_equal(h->max_attempts, 2);
  rds_shim_free(h);
  o.max_attempts = 9;
  h = open_ok(&o);
  assert_int_equal(h->max_attempts, 9);
  rds_shim_free(h);
  o.max_attempts = 0;
  setenv("AWS_MAX_ATTEMPTS", "lots", 1);
  assert_int_equal(rds_shim_open(&h, &o), RDS_SHIM_CONFIG);
  assert_non_null(strstr(rds_shim_errmsg(h), "AWS_MAX_ATTEMPTS"));
  rds_shim_free(h);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_profile_parsing, setup),
    cmocka_unit_test_setup(test_env_credentials, setup),
    cmocka_unit_test_setup(test_file_credentials, setup),
    cmocka_unit_test_setup(test_no_credentials, setup),
    cmocka_unit_test_setup(test_region_endpoint_attempts, setup),
  };
  int rc;
  if(!mkdtemp(dir))
    return 1;
  snprintf(cfg, sizeof(cfg), "%s/config", dir);
  snprintf(cred, sizeof(cred), "%s/credentials", dir);
  rc = cmocka_run_group_tests(tests, NULL, NULL);
  unlink(cfg);
  unlink(cred);
  rmdir(dir);
  return rc;
}
