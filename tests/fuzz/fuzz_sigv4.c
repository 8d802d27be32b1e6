/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sigv4.c - SigV4 canonicalization (shim/sign/sigv4.c) and the RFC 3986
 * encoding it relies on (shim/sign/percent.c).
 *
 * Input: method 0xff path 0xff query 0xff date 0xff flags 0xff then up to
 * four header name 0xff value pairs; the rest is the body. Properties:
 * signing succeeds or fails cleanly; it is deterministic; a signature is
 * 64 lower-case hex digits; the canonical request starts with the method
 * and ends with the payload hash; the secret key appears in no output;
 * uri_decode(uri_encode(s)) == s, the encoding holding only unreserved
 * bytes and %XX; ISO 8601 parsing of any text does not crash.
 */
#include "fuzz_util.h"
#include "buf.h"
#include "rds_shim.h"
#include "sign/percent.h"
#include "sign/sigv4.h"

#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzzFUZZSECRET"

static void encode_round_trip(const char *s, size_t len, int slash)
{
  struct buf enc, dec;
  size_t i;
  buf_init(&enc, BUF_CAP_HTTP);
  buf_init(&dec, BUF_CAP_HTTP);
  if(uri_encode(&enc, s, len, slash) == RDS_SHIM_OK) {
    for(i = 0; i < enc.len; i++) {
      char c = enc.ptr[i];
      FUZZ_CHECK(isalnum((unsigned char)c) || c == '-' || c == '_' ||
                 c == '.' || c == '~' || c == '%' || (slash && c == '/'));
    }
    FUZZ_CHECK(uri_decode(&dec, enc.ptr ? enc.ptr : "", enc.len, 0) == 0);
    FUZZ_CHECK(dec.len == len && (!len || !memcmp(dec.ptr, s, len)));
  }
  buf_release(&enc);
  buf_release(&dec);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin f = { data, size };
  char *method = fin_cstr(&f), *path = fin_cstr(&f), *query = fin_cstr(&f);
  char *date = fin_cstr(&f);
  unsigned flags = fin_byte(&f);
  char *hn[4], *hv[4];
  struct sigv4_header h[4];
  struct sigv4_request req;
  struct sigv4_key key;
  struct sigv4_result r1, r2;
  size_t nh = flags & 3, i;
  enum rds_shim_code rc1, rc2;

  for(i = 0; i < nh; i++) {
    hn[i] = fin_cstr(&f);
    hv[i] = fin_cstr(&f);
    h[i].name = hn[i];
    h[i].value = hv[i];
  }
  memset(&req, 0, sizeof(req));
  req.method = method;
  req.path = path;
  req.query = flags & 4 ? NULL : query;
  req.headers = h;
  req.n_headers = nh;
  req.body = f.p;
  req.body_len = f.n;
  req.normalize_path = !!(flags & 8);
  key.access_key_id = "AKIDEXAMPLE";
  key.secret_key = SECRET;
  key.region = "us-east-1";
  key.service = "rds";
  key.amz_date = flags & 16 ? date : "20150830T123600Z";

  sigv4_result_init(&r1);
  sigv4_result_init(&r2);
  rc1 = sigv4_sign(&req, &key, &r1);
  rc2 = sigv4_sign(&req, &key, &r2);
  FUZZ_CHECK(rc1 == rc2);
  if(rc1 == RDS_SHIM_OK) {
    const char *cr = buf_str(&r1.canonical_request);
    size_t ml = strlen(method);
    FUZZ_CHECK(strlen(r1.signature) == 64);
    for(i = 0; i < 64; i++)
      FUZZ_CHECK(isdigit((unsigned char)r1.signature[i]) ||
                 (r1.signature[i] >= 'a' && r1.signature[i] <= 'f'));
    FUZZ_CHECK(!strcmp(r1.signature, r2.signature));
    FUZZ_CHECK(!strncmp(cr, method, ml) && cr[ml] == '\n');
    if(!memmem(data, size, SECRET, strlen(SECRET))) {
      FUZZ_CHECK(!strstr(cr, SECRET));
      FUZZ_CHECK(!strstr(buf_str(&r1.string_to_sign), SECRET));
      FUZZ_CHECK(!strstr(buf_str(&r1.authorization), SECRET));
    }
  }
  sigv4_result_release(&r1);
  sigv4_result_release(&r2);

  encode_round_trip(path, strlen(path), 0);
  encode_round_trip((const char *)data, size, !!(flags & 32));
  (void)sigv4_parse_iso8601(date);

  for(i = 0; i < nh; i++) {
    free(hn[i]);
    free(hv[i]);
  }
  free(method);
  free(path);
  free(query);
  free(date);
  return 0;
}
