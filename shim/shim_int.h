/*
 * shim_int.h - internal header of the RDS shim library; included first by
 * every shim .c file (and by the shim's unit tests). Nothing here is API:
 * the agent and other programs use rds_shim.h only.
 *
 * Module map (one concept per file):
 *   shim.c        handle, options, region/endpoint resolution, errors, log
 *   query.c       parameter lists and form / RFC 3986 encoding
 *   sigv4.c       AWS Signature Version 4 (header and presigned variants)
 *   profile.c     shared config / credentials file (INI) parsing
 *   credentials.c the credential provider chain and refresh
 *   http.c        libcurl transport (one reused easy handle)
 *   xml.c         libxml2 parsing of RDS / STS responses into structs
 *   retry.c       standard-mode retry classification and backoff
 *   rds.c         the four RDS calls (signing + retries + parsing)
 *   instance.c    struct rds_shim_instance lifecycle and params helpers
 *   waiter.c      waiters
 *   auth_token.c  RDS IAM database auth token
 *   json_out.c    AWS-CLI-shaped JSON output
 */
#ifndef RDS_SHIM_INT_H
#define RDS_SHIM_INT_H

#include <stddef.h>
#include <time.h>

#include "rds_shim.h"
#include "buf.h"

#if defined(__GNUC__)
#define SHIM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SHIM_PRINTF(a, b)
#endif

#define SHIM_API_VERSION "2014-10-31"

/* ---- query.c --------------------------------------------------------- */

struct query_param {
  char *name;
  char *value;
};

/* An ordered list of name/value pairs (a Query API request). */
struct query {
  struct query_param *v;
  size_t n, alloc;
  int failed;              /* an add failed (out of memory): sticky */
};

void query_init(struct query *q);
void query_release(struct query *q);
/* Adds a copy of name/value; on failure sets q->failed (checked once). */
void query_add(struct query *q, const char *name, const char *value);
void query_add_long(struct query *q, const char *name, long v);
void query_add_bool(struct query *q, const char *name, int v);
/* Adds "<prefix>.<member>.<N>" = v[i] for each element, N from 1. */
void query_add_list(struct query *q, const char *prefix, const char *member,
                    const char *const *v, size_t n);
const char *query_get(const struct query *q, const char *name);
/* Form body as botocore writes it (urlencode/quote_plus): name=value&...,
 * space as '+', A-Za-z0-9-_.~ kept, every other byte %XX uppercase. */
enum rds_shim_code query_form(const struct query *q, struct buf *out);
/* RFC 3986 percent-encoding of s[0..len): unreserved kept, space %20;
 * '/' kept when keep_slash. */
enum rds_shim_code uri_encode(struct buf *out, const char *s, size_t len,
                              int keep_slash);
/* Decodes %XX (and '+' as space when plus) into out. -1 on bad escapes. */
int uri_decode(struct buf *out, const char *s, size_t len, int plus);

/* ---- sigv4.c --------------------------------------------------------- */

struct sigv4_header {
  const char *name;
  const char *value;
};

/* A request to sign. Headers are signed exactly as given (the caller adds
 * Host, X-Amz-Date and X-Amz-Security-Token first); duplicate names are
 * joined with ','. */
struct sigv4_request {
  const char *method;
  const char *path;          /* raw path, as in the request line */
  const char *query;         /* raw query without '?', or NULL */
  const struct sigv4_header *headers;
  size_t n_headers;
  const void *body;
  size_t body_len;
  const char *payload_hash;  /* hex; NULL: sha256(body) */
  int normalize_path;        /* remove dot segments and duplicate '/' */
};

struct sigv4_key {
  const char *access_key_id;
  const char *secret_key;    /* secret: never logged */
  const char *region;
  const char *service;
  const char *amz_date;      /* YYYYMMDDTHHMMSSZ */
};

struct sigv4_result {
  struct buf canonical_request;
  struct buf string_to_sign;
  struct buf signed_headers;
  struct buf authorization;  /* secret-ish: never logged */
  char signature[65];
};

void sigv4_result_init(struct sigv4_result *r);
void sigv4_result_release(struct sigv4_result *r);
enum rds_shim_code sigv4_sign(const struct sigv4_request *req,
                              const struct sigv4_key *key,
                              struct sigv4_result *out);
/* Formats t (UTC) as YYYYMMDDTHHMMSSZ into out[17]. */
void sigv4_amz_date(time_t t, char out[17]);
/* Parses ISO 8601 "YYYY-MM-DDTHH:MM:SS[.fff]Z" into UTC time_t; -1 bad. */
time_t sigv4_parse_iso8601(const char *s);
/* Hex sha256 of data into out[65]. */
enum rds_shim_code sigv4_sha256_hex(const void *data, size_t len,
                                    char out[65]);

/* ---- auth_token.c ---------------------------------------------------- */

struct creds;
/* Builds an IAM DB auth token for host:port/user at time t. */
enum rds_shim_code auth_token_build(const char *akid, const char *secret,
                                    const char *token, const char *region,
                                    const char *host, int port,
                                    const char *user, time_t t,
                                    struct buf *out);

/* ---- profile.c ------------------------------------------------------- */

/* One section of an INI file as key/value pairs (keys lower-cased). */
struct profile {
  struct rds_shim_tag *kv;
  size_t n, alloc;
  int found;                /* the section existed */
};

void shim_profile_init(struct profile *p);
void shim_profile_release(struct profile *p); /* wipes values (may be secret) */
/* Reads section 'section' of 'path' (config files name sections
 * "profile NAME" except "default": set config_style). A missing file is
 * not an error (found stays 0). -1 only on read/alloc failure. */
int shim_profile_load(struct profile *p, const char *path, const char *name,
                 int config_style);
const char *shim_profile_get(const struct profile *p, const char *key);
/* Default file paths: $AWS_CONFIG_FILE / $AWS_SHARED_CREDENTIALS_FILE or
 * ~/.aws/config, ~/.aws/credentials. Transferred (free()). */
char *shim_profile_config_path(void);
char *shim_profile_credentials_path(void);

/* ---- credentials.c --------------------------------------------------- */

struct creds {
  char *access_key_id;
  char *secret_key;         /* secret */
  char *session_token;      /* secret */
  time_t expires;           /* 0: never */
  const char *source;       /* static name of the provider */
};

void creds_release(struct creds *c);   /* wipes secrets */
/* Makes sure h->creds is valid (resolving or refreshing). */
enum rds_shim_code creds_ensure(struct rds_shim *h);

/* ---- http.c ---------------------------------------------------------- */

struct http_response {
  long status;              /* 0 on transport failure */
  struct buf body;
  char *amz_request_id;     /* x-amzn-RequestId header, if any */
};

struct http_header {
  const char *name;
  const char *value;
};

void http_response_init(struct http_response *r);
void http_response_release(struct http_response *r);
/* One HTTP request on the handle's reused curl handle. Returns
 * RDS_SHIM_TRANSPORT (message set) when no complete response came back;
 * any HTTP status is RDS_SHIM_OK here. timeout_ms 0: handle default. */
enum rds_shim_code http_request(struct rds_shim *h, const char *method,
                                const char *url,
                                const struct http_header *headers,
                                size_t n_headers, const char *body,
                                size_t body_len, long timeout_ms,
                                struct http_response *resp);

/* ---- xml.c ----------------------------------------------------------- */

struct aws_error {
  char *type, *code, *message, *request_id;
};

void aws_error_release(struct aws_error *e);
/* Parses an error body (ErrorResponse/Error or Response/Errors/Error).
 * 0 if it was one, -1 if the body is no error document. */
int xml_parse_error(const char *body, size_t len, struct aws_error *e);
/* Parses a response holding DBInstances/DBInstance (Describe) or one
 * DBInstance (Create/Modify/Reboot); 'action' names the expected root
 * "<action>Response". Appends to list; *marker (optional) gets Marker.
 * RDS_SHIM_BAD_RESPONSE (with a reason in why) on anything unexpected. */
enum rds_shim_code xml_parse_instances(const char *body, size_t len,
                                       const char *action,
                                       struct rds_shim_instance_list *list,
                                       char **marker, char **request_id,
                                       char *why, size_t why_len);
/* STS AssumeRoleWithWebIdentity result into c. */
enum rds_shim_code xml_parse_sts_credentials(const char *body, size_t len,
                                             struct creds *c);

/* ---- retry.c --------------------------------------------------------- */

int retry_is_throttle(const char *code);
/* Whether an attempt's outcome is worth retrying. */
int retry_is_retryable(enum rds_shim_code rc, long status, const char *code);
/* Full-jitter backoff for 'attempt' (1 = after the first failure), ms. */
long retry_delay_ms(int attempt, long base_ms, long cap_ms);
void retry_sleep_ms(long ms);

/* ---- rds.c ----------------------------------------------------------- */

/* Sends one Query API call with retries; on RDS_SHIM_OK, resp holds the
 * 2xx body. On an AWS error, *err (optional) receives it. attempts_used
 * (optional) is the number of attempts made. */
enum rds_shim_code rds_call(struct rds_shim *h, struct query *q,
                            struct http_response *resp,
                            struct aws_error *err, int *attempts_used);

/* ---- instance.c ------------------------------------------------------ */

void instance_init(struct rds_shim_instance *i);
void instance_release(struct rds_shim_instance *i);
enum rds_shim_code instance_list_append(struct rds_shim_instance_list *l,
                                        struct rds_shim_instance *i);

/* ---- shim.c: the handle ---------------------------------------------- */

struct rds_shim {
  char *region;
  char *endpoint;           /* no trailing '/' */
  char *host;               /* Host header value for the endpoint */
  char *profile;            /* resolved profile name */
  int profile_explicit;     /* named by option or AWS_PROFILE */
  struct profile config;    /* the profile's section of the config file */
  int max_attempts;
  long connect_timeout_ms, timeout_ms, retry_base_ms, retry_cap_ms;
  long page_size;
  rds_shim_log_fn log;
  void *log_ctx;
  enum rds_shim_log_level log_level;
  void *curl;               /* CURL *, created on first use */
  struct creds creds;
  int have_creds;
  char errmsg[1024];
  enum rds_shim_code last_code; /* code of the last shim_fail() */
  time_t (*now)(void);      /* clock (tests may replace) */
};

/* Sets the handle's message (one line) and returns code. */
enum rds_shim_code shim_fail(struct rds_shim *h, enum rds_shim_code code,
                             const char *fmt, ...) SHIM_PRINTF(3, 4);
void shim_log(struct rds_shim *h, enum rds_shim_log_level lvl,
              const char *fmt, ...) SHIM_PRINTF(3, 4);
char *shim_strdup(const char *s);   /* NULL-safe strdup */
/* Frees s after overwriting it (secrets). */
void shim_free_secret(char *s);
/* Getenv returning NULL for unset or empty. */
const char *shim_getenv(const char *name);

#endif
