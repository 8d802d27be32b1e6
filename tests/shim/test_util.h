/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_util.h - helpers shared by the shim's cmocka tests: reading test
 * data files and locating the shared test data directory (passed by CTest
 * as argv[1] or RDS_SHIM_TESTDATA).
 */
#ifndef RDS_SHIM_TEST_UTIL_H
#define RDS_SHIM_TEST_UTIL_H

#include <stddef.h>

extern const char *testdata_dir;

/* Whole file, NUL-terminated; *len set when len != NULL. NULL if absent.
 * free() the result. */
char *tu_read(const char *path, size_t *len);
/* testdata_dir + "/" + rel, in a static buffer valid until the next call */
const char *tu_path(const char *rel);
/* Sets testdata_dir from argv[1] / RDS_SHIM_TESTDATA; 0 ok, -1 missing. */
int tu_init(int argc, char **argv);

#endif
