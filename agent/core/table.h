/* SPDX-License-Identifier: Apache-2.0 */
/*
 * table.h - what the core knows of a catalog table: its columns, key,
 * grouping and where its changes go in the plan. Engines define the tables.
 */
#ifndef RDSCLONE_CORE_TABLE_H
#define RDSCLONE_CORE_TABLE_H

#include <stddef.h>

#define MAX_TABLES 16
#define MAX_COLS 40

/* Where a table's rows go in the plan. Lower phases run first: accounts
 * and roles exist before the grants that name them, revokes come before
 * drops, drops last. */
enum phase {
  PHASE_CREATE = 10,
  PHASE_ALTER = 20,
  PHASE_GRANT_ROLE = 30,
  PHASE_GRANT = 40,
  PHASE_REVOKE = 50,
  PHASE_REVOKE_ROLE = 55,
  PHASE_DEFAULT_ROLE = 60,
  PHASE_CONFIG = 70,
  PHASE_DROP = 90
};

struct table_def {
  const char *name;
  const char *const *cols;
  size_t ncols;
  size_t nkey;
  /* Key columns naming the object one statement acts on; rows sharing
   * them are planned together (one GRANT per object). nkey = ungrouped. */
  size_t group_len;
  int has_grantee;            /* columns 0 and 1 are user and host */
  unsigned long secret_cols;  /* bit i: column i holds a secret */
  unsigned long ignore_cols;  /* bit i: column i is not compared */
  /* When scope_col > 0: a row is compared only when the value of its
   * column scope_col is a key of table scope_table on both sides (or is
   * empty), e.g. privileges in a database both servers have. */
  int scope_table;
  size_t scope_col;
};

#endif
