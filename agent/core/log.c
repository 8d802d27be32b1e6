/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c - log lines through the user's callback.
 */
#include "core/log.h"

#include <stdarg.h>
#include <stdio.h>

void agent_log(const struct rdsclone_options *o, enum rdsclone_log_level l,
               const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  if(!o->log || (int)l > o->verbosity)
    return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  o->log(o->log_userdata, l, msg);
}
