/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.h - log lines through the user's callback (rdsclone_options.log).
 */
#ifndef RDSCLONE_CORE_LOG_H
#define RDSCLONE_CORE_LOG_H

#include "rdsclone.h"
#include "core/options.h"

/* Formats and passes one line when the options' verbosity admits it. */
void agent_log(const struct rdsclone_options *o, enum rdsclone_log_level l,
               const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
