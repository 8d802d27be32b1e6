/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sigv4.h - AWS Signature Version 4 (sign/sigv4.c) and the date helpers it
 * needs. Layer: above sign/percent; knows no handle.
 */
#ifndef SHIM_SIGN_SIGV4_H
#define SHIM_SIGN_SIGV4_H

#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "rds_shim.h"

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

#endif
