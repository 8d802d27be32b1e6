/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rdsclone_compare.h - compare two RDS instance descriptions attribute by attribute
 * (the seed's validation step), ignoring the attributes that must differ
 * between an instance and its re-created twin.
 *
 * Attributes are named as the AWS API (and `rds-shim describe`) names
 * them; nested members with a dot (Endpoint.Port), lists compared as sets
 * (VpcSecurityGroups, TagList, ...). A pattern names an attribute or a
 * prefix of one: "Endpoint" covers Endpoint.Address and Endpoint.Port.
 * Matching is case-insensitive.
 */
#ifndef RDSCLONE_COMPARE_H
#define RDSCLONE_COMPARE_H

#include "rds_shim.h"

#include <stddef.h>

/* Ignored unless --only names them: NULL-terminated. */
extern const char *const compare_default_ignores[];

struct compare_item {
  char *attr;        /* e.g. "DBParameterGroups" */
  char *a, *b;       /* compact JSON of each side's value; NULL: absent */
  int ignored;       /* differs, but ignored (default or asked) */
};

struct compare_result {
  struct compare_item *items;  /* every differing attribute, sorted */
  size_t n;
  size_t nunexpected;          /* items with ignored == 0 */
  size_t ncompared;            /* attributes looked at */
};

/* Compares a and b. ignore/only: patterns as above (may be NULL with
 * n 0). With only patterns, exactly the attributes they cover are
 * compared, default ignores aside unless named by them. Returns 0, or -1
 * (out of memory). Release *out with rdsclone_compare_result_release(). */
int rdsclone_compare_instances(const struct rds_shim_instance *a,
                      const struct rds_shim_instance *b,
                      const char *const *ignore, size_t nignore,
                      const char *const *only, size_t nonly,
                      struct compare_result *out);
void rdsclone_compare_result_release(struct compare_result *r);

/* Does pattern cover attr ("Endpoint" covers "Endpoint.Port")? */
int rdsclone_compare_pattern_covers(const char *pattern, const char *attr);

/* Renders the result: text (one line per difference) or JSON
 * ({"version":1,"a":..,"b":..,"equal":..,"differences":[..],
 * "ignored":[..]}). Transferred; NULL on OOM. */
char *rdsclone_compare_render(const struct compare_result *r, const char *a_id,
                     const char *b_id, int json);

#endif
