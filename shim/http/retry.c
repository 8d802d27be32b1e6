/* SPDX-License-Identifier: Apache-2.0 */
/*
 * retry.c - retry classification and backoff in the manner of the AWS
 * SDKs' "standard" retry mode: throttling error codes, HTTP 5xx (500, 502,
 * 503, 504 and the rest) and transport errors are retried; backoff is
 * exponential with full jitter, random(0, 1) * min(cap, base * 2^attempt).
 * The SDKs' retry-quota token bucket is not implemented (one CLI call
 * makes few requests).
 */
#include "http/retry.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

static const char *const throttle_codes[] = {
  "Throttling", "ThrottlingException", "ThrottledException",
  "RequestThrottledException", "TooManyRequestsException",
  "ProvisionedThroughputExceededException", "TransactionInProgressException",
  "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
  "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
  "EC2ThrottledException", NULL
};

static const char *const transient_codes[] = {
  "RequestTimeout", "RequestTimeoutException", "InternalError",
  "InternalFailure", "ServiceUnavailable", "IDPCommunicationError", NULL
};

int retry_is_throttle(const char *code)
{
  size_t i;
  if(!code)
    return 0;
  for(i = 0; throttle_codes[i]; i++)
    if(!strcmp(code, throttle_codes[i]))
      return 1;
  return 0;
}

int retry_is_retryable(enum rds_shim_code rc, long status, const char *code)
{
  size_t i;
  if(rc == RDS_SHIM_TRANSPORT)
    return 1;
  if(retry_is_throttle(code))
    return 1;
  if(code)
    for(i = 0; transient_codes[i]; i++)
      if(!strcmp(code, transient_codes[i]))
        return 1;
  return status >= 500 && status <= 599;
}

long retry_delay_ms(int attempt, long base_ms, long cap_ms)
{
  double ceiling = (double)base_ms;
  unsigned int r = 0;
  int i;
  for(i = 1; i < attempt && ceiling < (double)cap_ms; i++)
    ceiling *= 2;
  if(ceiling > (double)cap_ms)
    ceiling = (double)cap_ms;
  if(RAND_bytes((unsigned char *)&r, sizeof(r)) != 1)
    r = (unsigned int)time(NULL) * 2654435761u;
  return (long)(ceiling * ((double)r / 4294967296.0));
}

void retry_sleep_ms(long ms)
{
  struct timespec ts;
  if(ms <= 0)
    return;
  ts.tv_sec = ms / 1000;
  ts.tv_nsec = (ms % 1000) * 1000000L;
  while(nanosleep(&ts, &ts) == -1 && errno == EINTR)
    ;
}
