/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rds.h - what the RDS calls of rds/rds.c share with rds/snapshot.c: one
 * call parsed into a list, Marker pagination, the start of a query; and
 * its query builders, for the unit tests.
 * Layer: above rds/call and rds/xml.
 */
#ifndef SHIM_RDS_RDS_H
#define SHIM_RDS_RDS_H

#include <stddef.h>

#include "rds_shim.h"

struct query;
struct aws_error;

/* A parser of an answer (rds/xml.c) into a list of the caller's type. */
typedef enum rds_shim_code (*rds_parse_fn)(const char *body, size_t len,
                                           const char *action, void *list,
                                           char **marker, char **rid,
                                           char *why, size_t why_len);

/* Starts a query: Action, Version, and id_name = id when id is set. */
void rds_begin(struct query *q, const char *action, const char *id_name,
               const char *id);
/* Runs q (rds_call) and parses its answer with parse (NULL: none) into
 * list; *marker (optional) gets the Marker. The handle's message says
 * what failed. *err / *attempts (optional) as rds_call(). */
enum rds_shim_code rds_call_parse(struct rds_shim *h, struct query *q,
                                  rds_parse_fn parse, void *list,
                                  char **marker, struct aws_error *err,
                                  int *attempts);
/* Every page of a Describe action (filter_name = filter when filter is
 * set), following Marker, appended to list; count points at the list's
 * count (for the log). */
enum rds_shim_code rds_paginate(struct rds_shim *h, const char *action,
                                const char *filter_name, const char *filter,
                                rds_parse_fn parse, void *list,
                                const size_t *count);
/* The ModifyDBInstance query of p and m (may be NULL), members in
 * botocore's order, m's after p's. */
void rds_modify_query(struct query *q,
                      const struct rds_shim_modify_params *p,
                      const struct rds_shim_modify_more *m);
/* The RestoreDBInstanceFromDBSnapshot query, members in botocore's
 * order. */
void rds_restore_query(struct query *q,
                       const struct rds_shim_restore_params *p);
/* ARN or plain id: whether the identifier parts are equal. */
int rds_same_id(const char *a, const char *b);

#endif
