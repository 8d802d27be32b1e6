/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.h - small helpers of the shim library (core/util.c): the
 * environment and secrets. Layer: the bottom (a leaf).
 */
#ifndef SHIM_CORE_UTIL_H
#define SHIM_CORE_UTIL_H

#if defined(__GNUC__)
#define SHIM_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define SHIM_PRINTF(a, b)
#endif

/* Getenv returning NULL for unset or empty. */
const char *shim_getenv(const char *name);
/* Frees s after overwriting it (secrets). Accepts NULL. */
void shim_free_secret(char *s);

#endif
