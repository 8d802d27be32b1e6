/* SPDX-License-Identifier: Apache-2.0 */
/*
 * catalog_pg.h - the PostgreSQL catalog: tables read, row shapes, and
 * which columns are compared.
 *
 * Roles, memberships and role settings are cluster-wide and read once;
 * privileges are read per database (aclexplode over each ACL, NULL ACLs
 * as their acldefault) and keyed by grantee, database, object and
 * privilege. Every table keeps the MySQL-family convention that columns 0
 * and 1 are the grantee (role name, and an empty "host"), so filters,
 * diff and plan need nothing engine-specific; PUBLIC is the grantee ''
 * and both snapshots hold a pseudo-role '' so its privileges are planned.
 * Predefined and RDS roles (pg_*, rds*) are rows too, so that grants to
 * and memberships of them are planned, but they are never created,
 * altered or dropped.
 */
#ifndef RDSCLONE_CATALOG_PG_H
#define RDSCLONE_CATALOG_PG_H

#include "core/err.h"
#include "core/snapshot.h"
#include "core/table.h"

enum pg_table { PT_ROLE, PT_MEMBER, PT_SETTING, PT_DATABASE, PT_PRIV,
                PT_OBJECT, PT__COUNT };

enum pg_role_col {
  RC_NAME, RC_HOST, RC_SUPERUSER, RC_INHERIT, RC_CREATEROLE, RC_CREATEDB,
  RC_LOGIN, RC_REPLICATION, RC_BYPASSRLS, RC_CONNLIMIT, RC_VALIDUNTIL,
  RC_PASSWORD, RC__COUNT
};
/* One row per grant: PostgreSQL 16+ keeps one per grantor ('' stands for
 * the bootstrap superuser, pg_members16.sql says why). */
enum pg_member_col { MC_MEMBER, MC_HOST, MC_ROLE, MC_GRANTOR, MC_ADMIN,
                     MC_INHERIT, MC_SET, MC__COUNT };
enum pg_setting_col { SC_ROLE, SC_HOST, SC_DATABASE, SC_NAME, SC_VALUE,
                      SC__COUNT };
enum pg_priv_col { PC_GRANTEE, PC_HOST, PC_DATABASE, PC_OBJTYPE, PC_SCHEMA,
                   PC_NAME, PC_ARGS, PC_PRIV, PC_GRANTABLE, PC__COUNT };
/* Objects that can carry privileges (pg_objects.sql): existence, and what
 * the owner gave up of its own defaults; the owner is not compared. */
enum pg_object_col { OC_OBJTYPE, OC_DATABASE, OC_SCHEMA, OC_NAME, OC_ARGS,
                     OC_OWNER, OC_OWNER_LACKS, OC__COUNT };

extern const struct table_def catalog_pg_tables[PT__COUNT];

/* Creates the snapshot's empty maps and the PUBLIC pseudo-role. */
enum rdsclone_code catalog_pg_init(struct snapshot *s, struct err *e);

/* Feeds one row of a query's result. The row layouts are those of the
 * files in sql/pg/: roles (pg_roles*.sql), members, settings, databases,
 * privileges (both *_privs.sql). Values are text; NULL is SQL NULL. */
enum rdsclone_code catalog_pg_role(struct snapshot *s,
                                   const struct rdsclone_options *o,
                                   const char *const *v, struct err *e);
enum rdsclone_code catalog_pg_member(struct snapshot *s,
                                     const struct rdsclone_options *o,
                                     const char *const *v, struct err *e);
enum rdsclone_code catalog_pg_setting(struct snapshot *s,
                                      const struct rdsclone_options *o,
                                      const char *const *v, struct err *e);
enum rdsclone_code catalog_pg_database(struct snapshot *s,
                                       const char *const *v, struct err *e);
enum rdsclone_code catalog_pg_priv(struct snapshot *s,
                                   const struct rdsclone_options *o,
                                   const char *const *v, struct err *e);
enum rdsclone_code catalog_pg_object(struct snapshot *s,
                                     const struct rdsclone_options *o,
                                     const char *const *v, struct err *e);
/* Rows of pg_acl_columns.sql: ACLs the tool does not read, counted as
 * not compared. */
enum rdsclone_code catalog_pg_acl_column(struct snapshot *s,
                                         const struct rdsclone_options *o,
                                         const char *const *v,
                                         struct err *e);

/* The privilege keywords rdsclone knows (GRANT's spelling, as aclexplode
 * names them), and the server version (server_version_num) that first
 * has each; NULL when the keyword is unknown. */
const char *catalog_pg_priv_keyword(const char *priv, unsigned long *since);
/* The keyword of a known object type (the objtype column), else NULL. */
const char *catalog_pg_object_keyword(const char *objtype);

/* PostgreSQL names are at most NAMEDATALEN - 1 bytes; longer ones are
 * truncated by the server when created, so they cannot exist. */
#define CATALOG_PG_NAME_MAX 63

/* A note in s->notes for each include or exclude pattern that no role
 * can match because its user half needs more than CATALOG_PG_NAME_MAX
 * bytes (an exclude that cannot match leaves the role it meant in
 * scope). Returns RDSCLONE_OK, or RDSCLONE_E_NOMEM with e set. */
enum rdsclone_code catalog_pg_pattern_notes(struct snapshot *s,
                                            const struct rdsclone_options *o,
                                            struct err *e);

/* 1 for roles the server or RDS own: pg_*, rdsadmin, rds_superuser, ... */
int catalog_pg_reserved(const char *role);

#endif
