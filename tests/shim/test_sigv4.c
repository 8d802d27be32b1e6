/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sigv4.c - the SigV4 signer against:
 *  - aws-signing-test-suite-v4: header signing (canonical request, string
 *    to sign, signature) and query (presigned URL) signing, every case;
 *  - the classic aws-sig-v4-test-suite (.creq/.sts/.authz), minus the two
 *    cases its README lists as internally inconsistent (errata 2);
 *  - every rds-sigv4 JSON vector (botocore oracle): POST bodies as
 *    botocore encodes them, signatures, and both IAM DB auth tokens.
 */
#include "buf.h"
#include "http/query.h"
#include "rds_shim.h"
#include "sign/auth_token.h"
#include "sign/percent.h"
#include "sign/sigv4.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "test_util.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define MAXH 32

struct req {
  char *raw;
  char *method, *path, *query;
  struct sigv4_header h[MAXH];
  size_t n;
  char *body;
  size_t body_len;
  char *extra[4];   /* owned header values added by tests */
  size_t n_extra;
};

/* Parses an HTTP request as the suites write it ("Name:value", continuation
 * lines indented, blank line, body). Edits r->raw in place. */
static int parse_req(struct req *r, char *raw)
{
  char *p, *line, *nl, *sp;
  memset(r, 0, sizeof(*r));
  r->raw = raw;
  p = raw;
  nl = strchr(p, '\n');
  if(nl)
    *nl = 0;
  sp = strchr(p, ' ');
  if(!sp)
    return -1;
  *sp = 0;
  r->method = p;
  r->path = sp + 1;
  sp = strrchr(r->path, ' ');     /* " HTTP/1.1"; path may hold spaces */
  if(!sp)
    return -1;
  *sp = 0;
  sp = strchr(r->path, '?');
  if(sp) {
    *sp = 0;
    r->query = sp + 1;
  }
  if(!nl)
    return 0;
  p = nl + 1;
  while(*p) {
    line = p;
    nl = strchr(p, '\n');
    if(nl) {
      *nl = 0;
      p = nl + 1;
    }
    else
      p += strlen(p);
    if(!*line) {                 /* blank line: body follows */
      r->body = p;
      r->body_len = strlen(p);
      break;
    }
    if((line[0] == ' ' || line[0] == '\t') && r->n) {
      /* continuation: the value keeps its line break, which the signer
       * folds into one space; rejoin by undoing the NUL */
      line[-1] = '\n';
      continue;
    }
    sp = strchr(line, ':');
    if(!sp || r->n >= MAXH)
      return -1;
    *sp = 0;
    r->h[r->n].name = line;
    r->h[r->n].value = sp + 1;
    r->n++;
  }
  return 0;
}

static void add_header(struct req *r, const char *name, const char *value)
{
  char *v = strdup(value);
  assert_non_null(v);
  assert_true(r->n < MAXH && r->n_extra < 4);
  r->extra[r->n_extra++] = v;
  r->h[r->n].name = name;
  r->h[r->n].value = v;
  r->n++;
}

static void free_req(struct req *r)
{
  size_t i;
  for(i = 0; i < r->n_extra; i++)
    free(r->extra[i]);
  free(r->raw);
}

static int check(const char *cas, const char *what, const char *want,
                 const char *got)
{
  if(want && got && !strcmp(want, got))
    return 0;
  fprintf(stderr, "FAIL %s: %s differs\n--- expected\n%s\n--- got\n%s\n",
          cas, what, want ? want : "(missing file)", got ? got : "(null)");
  return 1;
}

static char *read_rel(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *read_rel(const char *fmt, ...)
{
  char rel[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(rel, sizeof(rel), fmt, ap);
  va_end(ap);
  return tu_read(tu_path(rel), NULL);
}

static int sign(struct req *r, const char *region, const char *service,
                const char *date, int normalize, struct sigv4_result *res)
{
  struct sigv4_request q;
  struct sigv4_key k;
  memset(&q, 0, sizeof(q));
  memset(&k, 0, sizeof(k));
  q.method = r->method;
  q.path = r->path;
  q.query = r->query;
  q.headers = r->h;
  q.n_headers = r->n;
  q.body = r->body;
  q.body_len = r->body_len;
  q.normalize_path = normalize;
  k.access_key_id = "AKIDEXAMPLE";
  k.secret_key = SECRET;
  k.region = region;
  k.service = service;
  k.amz_date = date;
  sigv4_result_init(res);
  return sigv4_sign(&q, &k, res);
}

static int names_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted sub-directory names of dir (relative to testdata). */
static size_t list_dirs(const char *rel, char ***out)
{
  DIR *d = opendir(tu_path(rel));
  struct dirent *e;
  size_t n = 0;
  char **v = NULL;
  assert_non_null(d);
  while((e = readdir(d))) {
    if(e->d_name[0] == '.' || e->d_type == DT_REG)
      continue;
    v = realloc(v, (n + 1) * sizeof(*v));
    assert_non_null(v);
    v[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(v, n, sizeof(*v), names_cmp);
  *out = v;
  return n;
}

static void free_names(char **v, size_t n)
{
  size_t i;
  for(i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

/* ---- aws-signing-test-suite-v4 --------------------------------------- */

static void test_v4_suite(void **state)
{
  char **names;
  size_t n = list_dirs("sigv4/aws-signing-test-suite-v4", &names), i;
  int failed = 0, passed = 0;
  (void)state;
  assert_int_equal(n, 38);
  for(i = 0; i < n; i++) {
    const char *c = names[i];
    char *ctx = read_rel("sigv4/aws-signing-test-suite-v4/%s/context.json",
                         c);
    char *raw = read_rel("sigv4/aws-signing-test-suite-v4/%s/request.txt",
                         c);
    char *creq = read_rel("sigv4/aws-signing-test-suite-v4/%s/"
                          "header-canonical-request.txt", c);
    char *sts = read_rel("sigv4/aws-signing-test-suite-v4/%s/"
                         "header-string-to-sign.txt", c);
    char *sig = read_rel("sigv4/aws-signing-test-suite-v4/%s/"
                         "header-signature.txt", c);
    cJSON *j = ctx ? cJSON_Parse(ctx) : NULL;
    const cJSON *cr, *tok, *ts, *norm, *sb, *omit;
    struct req r;
    struct sigv4_result res;
    char date[17];
    int f = 0;

    assert_non_null(j);
    assert_non_null(raw);
    cr = cJSON_GetObjectItem(j, "credentials");
    tok = cJSON_GetObjectItem(cr, "token");
    ts = cJSON_GetObjectItem(j, "timestamp");
    norm = cJSON_GetObjectItem(j, "normalize");
    sb = cJSON_GetObjectItem(j, "sign_body");
    omit = cJSON_GetObjectItem(j, "omit_session_token");
    assert_int_equal(parse_req(&r, raw), 0);
    sigv4_amz_date(sigv4_parse_iso8601(ts->valuestring), date);
    assert_string_equal(date, "20150830T123600Z");
    add_header(&r, "X-Amz-Date", date);
    if(cJSON_IsString(tok) && !cJSON_IsTrue(omit))
      add_header(&r, "X-Amz-Security-Token", tok->valuestring);
    if(cJSON_IsTrue(sb)) {
      char hx[65];
      assert_int_equal(sigv4_sha256_hex(r.body, r.body_len, hx), 0);
      add_header(&r, "X-Amz-Content-Sha256", hx);
    }
    assert_int_equal(sign(&r, cJSON_GetObjectItem(j, "region")->valuestring,
                          cJSON_GetObjectItem(j, "service")->valuestring,
                          date, !cJSON_IsFalse(norm), &res), 0);
    f |= check(c, "canonical request", creq,
               buf_str(&res.canonical_request));
    f |= check(c, "string to sign", sts, buf_str(&res.string_to_sign));
    f |= check(c, "signature", sig, res.signature);
    if(f)
      failed++;
    else
      passed++;
    sigv4_result_release(&res);
    free_req(&r);
    cJSON_Delete(j);
    free(ctx);
    free(creq);
    free(sts);
    free(sig);
  }
  printf("aws-signing-test-suite-v4 (header signing): %d passed, %d failed, "
         "0 skipped of %zu\n", passed, failed, n);
  free_names(names, n);
  assert_int_equal(failed, 0);
}

/* ---- aws-signing-test-suite-v4, query (presigned) variant ------------ */

static int lc_cmp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lower-cased, sorted, de-duplicated header names joined with ';'. */
static void signed_names(const struct req *r, struct buf *out)
{
  char *names[MAXH];
  size_t i, j;
  for(i = 0; i < r->n; i++) {
    names[i] = strdup(r->h[i].name);
    assert_non_null(names[i]);
    for(j = 0; names[i][j]; j++)
      if(names[i][j] >= 'A' && names[i][j] <= 'Z')
        names[i][j] = (char)(names[i][j] - 'A' + 'a');
  }
  qsort(names, r->n, sizeof(*names), lc_cmp);
  for(i = 0; i < r->n; i++) {
    if(!i || strcmp(names[i], names[i - 1])) {
      if(out->len)
        assert_int_equal(buf_addc(out, ';'), 0);
      assert_int_equal(buf_adds(out, names[i]), 0);
    }
  }
  for(i = 0; i < r->n; i++)
    free(names[i]);
}

static void test_v4_suite_query(void **state)
{
  char **names;
  size_t n = list_dirs("sigv4/aws-signing-test-suite-v4", &names), i;
  int failed = 0, passed = 0;
  (void)state;
  for(i = 0; i < n; i++) {
    const char *c = names[i];
    char *ctx = read_rel("sigv4/aws-signing-test-suite-v4/%s/context.json",
                         c);
    char *raw = read_rel("sigv4/aws-signing-test-suite-v4/%s/request.txt",
                         c);
    char *creq = read_rel("sigv4/aws-signing-test-suite-v4/%s/"
                          "query-canonical-request.txt", c);
    char *sts = read_rel("sigv4/aws-signing-test-suite-v4/%s/"
                         "query-string-to-sign.txt", c);
    char *sig = read_rel("sigv4/aws-signing-test-suite-v4/%s/"
                         "query-signature.txt", c);
    cJSON *j = cJSON_Parse(ctx);
    const cJSON *cr = cJSON_GetObjectItem(j, "credentials");
    const cJSON *tok = cJSON_GetObjectItem(cr, "token");
    const cJSON *reg = cJSON_GetObjectItem(j, "region");
    const cJSON *svc = cJSON_GetObjectItem(j, "service");
    const cJSON *exp = cJSON_GetObjectItem(j, "expiration_in_seconds");
    struct req r;
    struct buf q, sh, scope;
    struct sigv4_result res;
    const char *date = "20150830T123600Z";
    int f = 0;

    assert_int_equal(parse_req(&r, raw), 0);
    buf_init(&q, BUF_CAP_SMALL);
    buf_init(&sh, BUF_CAP_SMALL);
    buf_init(&scope, BUF_CAP_SMALL);
    signed_names(&r, &sh);
    assert_int_equal(buf_addf(&scope, "AKIDEXAMPLE/20150830/%s/%s/"
                              "aws4_request", reg->valuestring,
                              svc->valuestring), 0);
    if(r.query && *r.query)
      assert_int_equal(buf_addf(&q, "%s&", r.query), 0);
    assert_int_equal(buf_adds(&q, "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                              "&X-Amz-Credential="), 0);
    assert_int_equal(uri_encode(&q, buf_str(&scope), scope.len, 0), 0);
    assert_int_equal(buf_addf(&q, "&X-Amz-Date=%s&X-Amz-Expires=%d"
                              "&X-Amz-SignedHeaders=", date,
                              exp ? exp->valueint : 3600), 0);
    assert_int_equal(uri_encode(&q, buf_str(&sh), sh.len, 0), 0);
    if(cJSON_IsString(tok) &&
       !cJSON_IsTrue(cJSON_GetObjectItem(j, "omit_session_token"))) {
      assert_int_equal(buf_adds(&q, "&X-Amz-Security-Token="), 0);
      assert_int_equal(uri_encode(&q, tok->valuestring,
                                  strlen(tok->valuestring), 0), 0);
    }
    r.query = (char *)buf_str(&q);
    assert_int_equal(sign(&r, reg->valuestring, svc->valuestring, date,
                          !cJSON_IsFalse(cJSON_GetObjectItem(j,
                                                             "normalize")),
                          &res), 0);
    f |= check(c, "query canonical request", creq,
               buf_str(&res.canonical_request));
    f |= check(c, "query string to sign", sts, buf_str(&res.string_to_sign));
    f |= check(c, "query signature", sig, res.signature);
    if(f)
      failed++;
    else
      passed++;
    sigv4_result_release(&res);
    buf_release(&q);
    buf_release(&sh);
    buf_release(&scope);
    free_req(&r);
    cJSON_Delete(j);
    free(ctx);
    free(creq);
    free(sts);
    free(sig);
  }
  printf("aws-signing-test-suite-v4 (query signing): %d passed, %d failed, "
         "0 skipped of %zu\n", passed, failed, n);
  free_names(names, n);
  assert_int_equal(failed, 0);
}

/* ---- classic suite --------------------------------------------------- */

static const char *const classic_skip[] = {
  "post-x-www-form-urlencoded", "post-x-www-form-urlencoded-parameters",
  NULL
};

static int classic_case(const char *dir, const char *c, int *skipped)
{
  char *raw, *creq, *sts, *authz;
  struct req r;
  struct sigv4_result res;
  int f = 0;
  size_t i;
  for(i = 0; classic_skip[i]; i++)
    if(!strcmp(c, classic_skip[i])) {
      printf("classic %s: SKIPPED: aws-c-auth edited .req/.creq but kept "
             "the original .sts/.authz, so the files disagree with each "
             "other (sigv4/README.md errata 2); covered by the consistent "
             "copy in aws-signing-test-suite-v4\n", c);
      (*skipped)++;
      return 0;
    }
  raw = read_rel("%s/%s/%s.req", dir, c, c);
  creq = read_rel("%s/%s/%s.creq", dir, c, c);
  sts = read_rel("%s/%s/%s.sts", dir, c, c);
  authz = read_rel("%s/%s/%s.authz", dir, c, c);
  assert_non_null(raw);
  assert_int_equal(parse_req(&r, raw), 0);
  if(!strcmp(c, "get-vanilla-with-session-token"))
    add_header(&r, "X-Amz-Security-Token", "6e86291e8372ff2a2260956d9b8aae1d"
               "763fbf315fa00fa31553b73ebf194267");
  assert_int_equal(sign(&r, "us-east-1", "service", "20150830T123600Z", 1,
                        &res), 0);
  f |= check(c, "canonical request", creq, buf_str(&res.canonical_request));
  f |= check(c, "string to sign", sts, buf_str(&res.string_to_sign));
  f |= check(c, "authorization", authz, buf_str(&res.authorization));
  sigv4_result_release(&res);
  free_req(&r);
  free(creq);
  free(sts);
  free(authz);
  return f;
}

static void test_classic_suite(void **state)
{
  static const char *const groups[] = {
    "sigv4/aws-sig-v4-test-suite",
    "sigv4/aws-sig-v4-test-suite/normalize-path",
    "sigv4/aws-sig-v4-test-suite/post-sts-token", NULL
  };
  int failed = 0, passed = 0, skipped = 0, g;
  (void)state;
  for(g = 0; groups[g]; g++) {
    char **names;
    size_t n = list_dirs(groups[g], &names), i;
    for(i = 0; i < n; i++) {
      char probe[1024];
      char *t;
      snprintf(probe, sizeof(probe), "%s/%s/%s.req", groups[g], names[i],
               names[i]);
      t = tu_read(tu_path(probe), NULL);
      if(!t)
        continue;                  /* a group directory, not a case */
      free(t);
      if(classic_case(groups[g], names[i], &skipped))
        failed++;
      else if(!strstr(names[i], "x-www-form-urlencoded"))
        passed++;
    }
    free_names(names, n);
  }
  printf("classic aws-sig-v4-test-suite: %d passed, %d failed, %d skipped "
         "(errata)\n", passed, failed, skipped);
  assert_int_equal(passed + failed + skipped, 33);
  assert_int_equal(skipped, 2);
  assert_int_equal(failed, 0);
}

/* ---- rds-sigv4 vectors ----------------------------------------------- */

static const char *str(const cJSON *o, const char *k)
{
  const cJSON *v = cJSON_GetObjectItem(o, k);
  return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int rds_post_case(const char *name, cJSON *j)
{
  const cJSON *cr = cJSON_GetObjectItem(j, "credentials");
  const cJSON *rq = cJSON_GetObjectItem(j, "request");
  const cJSON *ex = cJSON_GetObjectItem(j, "expected");
  const cJSON *params = cJSON_GetObjectItem(rq, "params"), *p;
  const char *enc = str(rq, "body_encoding");
  const char *tok = str(cr, "session_token");
  struct query q;
  struct buf body;
  struct sigv4_header h[4];
  struct sigv4_request sr;
  struct sigv4_key k;
  struct sigv4_result res;
  char date[17];
  size_t n = 0;
  int f = 0;

  /* the body as botocore encodes the params */
  query_init(&q);
  buf_init(&body, BUF_CAP_HTTP);
  cJSON_ArrayForEach(p, params)
    query_add(&q, cJSON_GetArrayItem(p, 0)->valuestring,
              cJSON_GetArrayItem(p, 1)->valuestring);
  assert_int_equal(query_form(&q, &body), 0);
  if(enc && !strncmp(enc, "botocore", 8))
    f |= check(name, "form body", str(rq, "body"), buf_str(&body));
  query_release(&q);
  buf_release(&body);

  sigv4_amz_date(sigv4_parse_iso8601(str(j, "signing_time")), date);
  f |= check(name, "x-amz-date", str(ex, "x_amz_date"), date);
  h[n].name = "Content-Type";
  h[n++].value = str(cJSON_GetObjectItem(rq, "headers_before_signing"),
                     "Content-Type");
  h[n].name = "Host";
  h[n++].value = str(rq, "host");
  h[n].name = "X-Amz-Date";
  h[n++].value = date;
  if(tok) {
    h[n].name = "X-Amz-Security-Token";
    h[n++].value = tok;
  }
  memset(&sr, 0, sizeof(sr));
  memset(&k, 0, sizeof(k));
  sr.method = str(rq, "method");
  sr.path = "/";
  sr.headers = h;
  sr.n_headers = n;
  sr.body = str(rq, "body");
  sr.body_len = strlen(str(rq, "body"));
  sr.normalize_path = 1;
  k.access_key_id = str(cr, "access_key_id");
  k.secret_key = str(cr, "secret_access_key");
  k.region = str(j, "region");
  k.service = str(j, "service");
  k.amz_date = date;
  sigv4_result_init(&res);
  assert_int_equal(sigv4_sign(&sr, &k, &res), 0);
  f |= check(name, "canonical request", str(j, "canonical_request"),
             buf_str(&res.canonical_request));
  f |= check(name, "string to sign", str(j, "string_to_sign"),
             buf_str(&res.string_to_sign));
  f |= check(name, "signed headers", str(ex, "signed_headers"),
             buf_str(&res.signed_headers));
  f |= check(name, "signature", str(ex, "signature"), res.signature);
  f |= check(name, "authorization", str(ex, "authorization"),
             buf_str(&res.authorization));
  sigv4_result_release(&res);
  return f;
}

static int rds_token_case(const char *name, cJSON *j)
{
  const cJSON *cr = cJSON_GetObjectItem(j, "credentials");
  const cJSON *in = cJSON_GetObjectItem(j, "input");
  const cJSON *ex = cJSON_GetObjectItem(j, "expected");
  struct buf out;
  int f;
  buf_init(&out, BUF_CAP_SMALL);
  assert_int_equal(auth_token_build(str(cr, "access_key_id"),
                                    str(cr, "secret_access_key"),
                                    str(cr, "session_token"),
                                    str(j, "region"),
                                    str(in, "db_hostname"),
                                    cJSON_GetObjectItem(in, "port")->valueint,
                                    str(in, "db_user"),
                                    sigv4_parse_iso8601(str(j,
                                                     "signing_time")),
                                    &out), 0);
  f = check(name, "token", str(ex, "token"), buf_str(&out));
  buf_release_secret(&out);
  return f;
}

static void test_rds_vectors(void **state)
{
  DIR *d = opendir(tu_path("rds-sigv4"));
  struct dirent *e;
  int posts = 0, tokens = 0, failed = 0;
  (void)state;
  assert_non_null(d);
  while((e = readdir(d))) {
    size_t l = strlen(e->d_name);
    char *txt;
    cJSON *j;
    if(l < 5 || strcmp(e->d_name + l - 5, ".json"))
      continue;
    txt = read_rel("rds-sigv4/%s", e->d_name);
    assert_non_null(txt);
    j = cJSON_Parse(txt);
    assert_non_null(j);
    if(cJSON_GetObjectItem(j, "input")) {
      tokens++;
      failed += rds_token_case(e->d_name, j);
    }
    else {
      posts++;
      failed += rds_post_case(e->d_name, j);
    }
    cJSON_Delete(j);
    free(txt);
  }
  closedir(d);
  printf("rds-sigv4: %d POST vectors, %d IAM auth token vectors, %d "
         "failed\n", posts, tokens, failed);
  assert_int_equal(tokens, 2);
  assert_int_equal(posts, 8);
  assert_int_equal(failed, 0);
}

static void test_iso8601(void **state)
{
  (void)state;
  assert_int_equal(sigv4_parse_iso8601("1970-01-01T00:00:00Z"), 0);
  assert_int_equal(sigv4_parse_iso8601("2024-01-15T09:30:00Z"), 1705311000);
  assert_int_equal(sigv4_parse_iso8601("2024-01-15T09:30:00.123Z"),
                   1705311000);
  assert_int_equal(sigv4_parse_iso8601("2024-01-15 09:30:00"), -1);
  assert_int_equal(sigv4_parse_iso8601("garbage"), -1);
  assert_int_equal(sigv4_parse_iso8601(NULL), -1);
}

int main(int argc, char **argv)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_v4_suite),
    cmocka_unit_test(test_v4_suite_query),
    cmocka_unit_test(test_classic_suite),
    cmocka_unit_test(test_rds_vectors),
    cmocka_unit_test(test_iso8601),
  };
  if(tu_init(argc, argv))
    return 1;   /* the vectors are in the tree: missing is a failure */
  return cmocka_run_group_tests(tests, NULL, NULL);
}
