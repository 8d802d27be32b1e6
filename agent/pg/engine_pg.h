/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_pg.h - the PostgreSQL engine (core/engine.h).
 */
#ifndef RDSCLONE_PG_ENGINE_H
#define RDSCLONE_PG_ENGINE_H

#include "core/engine.h"

extern const struct engine engine_pg;

#endif
