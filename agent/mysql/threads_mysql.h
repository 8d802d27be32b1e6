/* SPDX-License-Identifier: Apache-2.0 */
/*
 * threads_mysql.h - the MySQL client library's thread hooks (engine.h).
 */
#ifndef RDSCLONE_MYSQL_THREADS_H
#define RDSCLONE_MYSQL_THREADS_H

void threads_mysql_library_init(void);
void threads_mysql_begin(void);
void threads_mysql_end(void);

#endif
