/*
 * options.c - the defaults of struct rdsclone_options.
 */
#include "rdsclone.h"

#include <string.h>

void rdsclone_options_init(struct rdsclone_options *o)
{
  memset(o, 0, sizeof(*o));
  o->source.password_env = "RDSCLONE_SOURCE_PASSWORD";
  o->target.password_env = "RDSCLONE_TARGET_PASSWORD";
  o->binlog_retention_hours = -1;
  o->verbosity = RDSCLONE_LOG_WARN;
}
