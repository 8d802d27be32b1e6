/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_mysql.h - the MySQL/MariaDB engine (core/engine.h).
 */
#ifndef RDSCLONE_MYSQL_ENGINE_H
#define RDSCLONE_MYSQL_ENGINE_H

#include "core/engine.h"

extern const struct engine engine_mysql;

#endif
