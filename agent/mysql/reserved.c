/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reserved.c - the MySQL/MariaDB accounts RDS or the server own; see
 * reserved.h.
 */
#include "mysql/reserved.h"

#include <string.h>

int reserved_mysql_account(const char *user, size_t len)
{
  static const char *const reserved[] = {
    "rdsadmin", "rdsrepladmin", "rdsproxyadmin", "rds_superuser_role",
    "rdstopmgr", "mysql.sys", "mysql.session", "mysql.infoschema",
    "mariadb.sys", NULL
  };
  size_t i;
  if(!len)
    return 0;
  /* asked for every row read: the first byte rules out most names */
  for(i = 0; reserved[i]; i++)
    if(reserved[i][0] == user[0] && strlen(reserved[i]) == len &&
       !memcmp(reserved[i], user, len))
      return 1;
  return 0;
}
