/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logline.h - one log line for stderr, as text (people) or as a JSON
 * object (log shippers). Pure: the caller writes the line.
 *
 *   text: rdsclone: LEVEL: MSG                   (single pair, as ever)
 *         rdsclone: LEVEL: pair NAME: MSG        (a pair of a fleet)
 *   json: {"time":"2026-12-02T01:02:03.456Z","level":"LEVEL",
 *          "pair":"NAME","msg":"MSG"}            (pair only in a fleet)
 *
 * LEVEL is error, warning, info or debug. Text that is not valid UTF-8,
 * and control characters in the pair name, are escaped (\xNN), so a line
 * is always one line and always valid JSON. Messages reaching here are
 * already redacted: the library never logs a secret.
 */
#ifndef RDSCLONE_LOGLINE_H
#define RDSCLONE_LOGLINE_H

#include "rdsclone.h"
#include <time.h>

enum logline_format { LOGLINE_TEXT, LOGLINE_JSON };

/* Static name of a level ("error", "warning", "info", "debug"). */
const char *logline_level_name(enum rdsclone_log_level l);

/* The line, ending in '\n'; pair may be NULL; now is the wall clock
 * time. Transferred (free()); NULL on OOM. */
char *logline_format(enum logline_format fmt, enum rdsclone_log_level l,
                     const char *pair, const char *msg,
                     const struct timespec *now);

#endif
