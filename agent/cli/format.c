/* SPDX-License-Identifier: Apache-2.0 */
/*
 * format.c - --format and --log-format values; see format.h.
 */
#include "format.h"

#include <string.h>

int cli_format_parse(const char *s, enum rdsclone_format *out)
{
  if(!strcmp(s, "text")) *out = RDSCLONE_FORMAT_TEXT;
  else if(!strcmp(s, "json")) *out = RDSCLONE_FORMAT_JSON;
  else if(!strcmp(s, "sql")) *out = RDSCLONE_FORMAT_SQL;
  else return -1;
  return 0;
}

int cli_log_format_parse(const char *s, enum logline_format *out)
{
  if(!strcmp(s, "text")) *out = LOGLINE_TEXT;
  else if(!strcmp(s, "json")) *out = LOGLINE_JSON;
  else return -1;
  return 0;
}
