/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engines.h - the engines rdsclone knows: the choice of one for a URI and
 * the client libraries' global and per-thread state (the engines' thread
 * hooks, core/engine.h).
 */
#ifndef RDSCLONE_RUN_ENGINES_H
#define RDSCLONE_RUN_ENGINES_H

#include "core/engine.h"
#include "core/err.h"

/* Chooses the engine from a URI's scheme; NULL when unknown. */
const struct engine *engine_for_uri(const char *uri);

/* The engine of the URIs given (either may be NULL: not checked): both
 * schemes known, and one engine for both; *en (may be NULL) is set. */
enum rdsclone_code engines_choose(const char *source_uri,
                                  const char *target_uri,
                                  const struct engine **en, struct err *e);

/* Set up once, before any thread uses a client library; every thread the
 * library starts that may touch a connection brackets its work with
 * agent_thread_begin/end. */
void agent_library_init(void);
void agent_thread_begin(void);
void agent_thread_end(void);

#endif
