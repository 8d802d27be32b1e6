/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.c - the libcurl transport: one easy handle per rds_shim handle,
 * reused (and so its connections) for every request, with connect and
 * total timeouts. It sends exactly the headers it is given (the signer
 * decided them) and never turns on CURLOPT_VERBOSE, which would print the
 * Authorization header. Only http and https, no redirects.
 */
#include "http/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "buf.h"
#include "core/handle.h"

void http_response_init(struct http_response *r)
{
  r->status = 0;
  buf_init(&r->body, BUF_CAP_HTTP);
  r->amz_request_id = NULL;
}

void http_response_release(struct http_response *r)
{
  if(!r)
    return;
  buf_release_secret(&r->body); /* bodies may carry credentials (STS) */
  free(r->amz_request_id);
  r->amz_request_id = NULL;
  r->status = 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
  struct http_response *r = ud;
  size_t n = size * nmemb;
  if(buf_add(&r->body, ptr, n))
    return 0;   /* makes curl fail with CURLE_WRITE_ERROR */
  return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
  struct http_response *r = ud;
  size_t n = size * nmemb;
  static const char name[] = "x-amzn-requestid:";
  if(n > sizeof(name) - 1 && !strncasecmp(ptr, name, sizeof(name) - 1)) {
    const char *s = ptr + sizeof(name) - 1, *e = ptr + n;
    while(s < e && isspace((unsigned char)*s))
      s++;
    while(e > s && isspace((unsigned char)e[-1]))
      e--;
    free(r->amz_request_id);
    r->amz_request_id = strndup(s, (size_t)(e - s));
  }
  return n;
}

/* Frees a header list after overwriting every line (Authorization,
 * X-Amz-Security-Token, container authorization tokens). */
static void wipe_free(struct curl_slist *list)
{
  struct curl_slist *l;
  for(l = list; l; l = l->next)
    if(l->data)
      OPENSSL_cleanse(l->data, strlen(l->data));
  curl_slist_free_all(list);
}

static int is_loopback_url(const char *url)
{
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  return !strncmp(p, "127.", 4) || !strncmp(p, "localhost", 9) ||
         !strncmp(p, "[::1]", 5);
}

/* The request's header lines, and "Expect:" (no 100-continue round trip
 * for large bodies). NULL out of memory. */
static struct curl_slist *header_list(const struct http_header *headers,
                                      size_t n_headers)
{
  struct curl_slist *list = NULL, *nl;
  size_t i;
  for(i = 0; i < n_headers; i++) {
    struct buf line;
    buf_init(&line, BUF_CAP_HTTP);
    buf_addf(&line, "%s: %s", headers[i].name, headers[i].value);
    nl = buf_failed(&line) ? NULL : curl_slist_append(list, buf_str(&line));
    buf_release_secret(&line);   /* curl copied it */
    if(!nl) {
      wipe_free(list);
      return NULL;
    }
    list = nl;
  }
  nl = curl_slist_append(list, "Expect:");
  if(!nl)
    wipe_free(list);
  return nl;
}

/* Sets up the reused easy handle for one request. */
static void set_request(struct rds_shim *h, CURL *c, const char *method,
                        const char *url, struct curl_slist *list,
                        const char *body, size_t body_len, long timeout_ms,
                        struct http_response *resp, char *errbuf)
{
  curl_easy_setopt(c, CURLOPT_URL, url);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   timeout_ms > 0 && timeout_ms < h->connect_timeout_ms ?
                   timeout_ms : h->connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   timeout_ms > 0 ? timeout_ms : h->timeout_ms);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "rds-shim/" RDS_SHIM_VERSION);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, resp);
  if(is_loopback_url(url))
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  if(!strcmp(method, "POST") || !strcmp(method, "PUT")) {
    if(!strcmp(method, "PUT"))
      curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "PUT");
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
                     (curl_off_t)(body ? body_len : 0));
  }
  else
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
}

enum rds_shim_code http_request(struct rds_shim *h, const char *method,
                                const char *url,
                                const struct http_header *headers,
                                size_t n_headers, const char *body,
                                size_t body_len, long timeout_ms,
                                struct http_response *resp)
{
  CURL *c;
  CURLcode cc;
  struct curl_slist *list;
  char errbuf[CURL_ERROR_SIZE];

  if(!h->curl) {
    h->curl = curl_easy_init();
    if(!h->curl)
      return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY,
                       "could not create a curl handle");
  }
  c = h->curl;
  curl_easy_reset(c);
  /* each request starts with an empty body; a failure (too large) of the
   * previous one must not stick to this one */
  if(buf_failed(&resp->body))
    buf_release(&resp->body);
  buf_reset(&resp->body);
  resp->status = 0;
  list = header_list(headers, n_headers);
  if(!list)
    return shim_fail(h, RDS_SHIM_OUT_OF_MEMORY, "out of memory");
  errbuf[0] = 0;
  set_request(h, c, method, url, list, body, body_len, timeout_ms, resp,
              errbuf);
  cc = curl_easy_perform(c);
  /* drop the pointers into our stack / list before freeing them */
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, NULL);
  wipe_free(list);             /* holds the Authorization line */
  if(cc != CURLE_OK) {
    resp->status = 0;
    if(cc == CURLE_WRITE_ERROR && resp->body.len == 0)
      return shim_fail(h, RDS_SHIM_BAD_RESPONSE,
                       "%s %s: response body too large", method, url);
    return shim_fail(h, RDS_SHIM_TRANSPORT, "%s %s: %s", method, url,
                     errbuf[0] ? errbuf : curl_easy_strerror(cc));
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
  return RDS_SHIM_OK;
}

void http_close(struct rds_shim *h)
{
  if(h->curl)
    curl_easy_cleanup(h->curl);
  h->curl = NULL;
}
