/* SPDX-License-Identifier: Apache-2.0 */
/*
 * handle.h - the inside of struct rds_shim and the handle's error message
 * and log (core/handle.c). Every layer that works on a handle includes
 * this; core/handle.c itself calls nothing else of the shim, so no lower
 * layer calls up into rds/shim.c (which opens and frees handles).
 * The handle embeds a profile and credentials, hence their headers (both
 * below this one: they know no handle).
 */
#ifndef SHIM_CORE_HANDLE_H
#define SHIM_CORE_HANDLE_H

#include <time.h>

#include "core/util.h"
#include "creds/creds.h"
#include "creds/profile.h"
#include "rds_shim.h"

#define SHIM_API_VERSION "2014-10-31"

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
  void *curl;               /* CURL *, created on first use (http/http.c) */
  struct creds creds;
  int have_creds;
  char errmsg[1024];
  enum rds_shim_code last_code; /* code of the last shim_fail() */
  time_t (*now)(void);      /* clock (tests may replace) */
};

/* Sets the handle's message (one line) and returns code. */
enum rds_shim_code shim_fail(struct rds_shim *h, enum rds_shim_code code,
                             const char *fmt, ...) SHIM_PRINTF(3, 4);
/* Re-states the handle's current message under a prefix ("<what>: <msg>")
 * with a new code; for providers that wrap a transport failure. */
enum rds_shim_code shim_fail_wrap(struct rds_shim *h, enum rds_shim_code code,
                                  const char *what);
void shim_log(struct rds_shim *h, enum rds_shim_log_level lvl,
              const char *fmt, ...) SHIM_PRINTF(3, 4);

#endif
