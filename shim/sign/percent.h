/* SPDX-License-Identifier: Apache-2.0 */
/*
 * percent.h - percent-encoding and decoding (sign/percent.c).
 * Layer: a leaf (common/buf only).
 */
#ifndef SHIM_SIGN_PERCENT_H
#define SHIM_SIGN_PERCENT_H

#include <stddef.h>

#include "rds_shim.h"

struct buf;

/* RFC 3986 percent-encoding of s[0..len): unreserved kept, space %20;
 * '/' kept when keep_slash. */
enum rds_shim_code uri_encode(struct buf *out, const char *s, size_t len,
                              int keep_slash);
/* Form encoding as botocore writes it (urlencode/quote_plus): space as
 * '+', A-Za-z0-9-_.~ kept, every other byte %XX uppercase. */
enum rds_shim_code form_encode(struct buf *out, const char *s, size_t len);
/* Decodes %XX (and '+' as space when plus) into out. -1 on bad escapes. */
int uri_decode(struct buf *out, const char *s, size_t len, int plus);

#endif
