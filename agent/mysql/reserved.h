/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reserved.h - the MySQL/MariaDB accounts RDS or the server own
 * (rdsadmin, mysql.sys, mariadb.sys, ...): never compared, created,
 * changed or dropped, and never the grantee or proxied user of a row
 * that is. The one list of them.
 */
#ifndef RDSCLONE_MYSQL_RESERVED_H
#define RDSCLONE_MYSQL_RESERVED_H

#include <stddef.h>

/* 1 when user[0..len) is a reserved account's user name. MariaDB's
 * PUBLIC is not: its grants are copied. */
int reserved_mysql_account(const char *user, size_t len);

#endif
