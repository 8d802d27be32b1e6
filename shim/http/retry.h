/* SPDX-License-Identifier: Apache-2.0 */
/*
 * retry.h - standard-mode retry classification and backoff
 * (http/retry.c). Layer: a leaf.
 */
#ifndef SHIM_HTTP_RETRY_H
#define SHIM_HTTP_RETRY_H

#include "rds_shim.h"

int retry_is_throttle(const char *code);
/* Whether an attempt's outcome is worth retrying. */
int retry_is_retryable(enum rds_shim_code rc, long status, const char *code);
/* Full-jitter backoff for 'attempt' (1 = after the first failure), ms. */
long retry_delay_ms(int attempt, long base_ms, long cap_ms);
void retry_sleep_ms(long ms);

#endif
