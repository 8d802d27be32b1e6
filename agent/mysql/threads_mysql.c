/* SPDX-License-Identifier: Apache-2.0 */
/*
 * threads_mysql.c - the MySQL client library's global state, set up once
 * before any thread, and each thread's own (the engine's thread hooks).
 */
#include "mysql/threads_mysql.h"

#include <mysql.h>
#include <pthread.h>

static pthread_once_t library_once = PTHREAD_ONCE_INIT;

static void library_init(void)
{
  mysql_library_init(0, NULL, NULL);
}

void threads_mysql_library_init(void)
{
  pthread_once(&library_once, library_init);
}

void threads_mysql_begin(void)
{
  threads_mysql_library_init();
  mysql_thread_init();
}

void threads_mysql_end(void)
{
  mysql_thread_end();
}
