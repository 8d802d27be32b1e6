/* SPDX-License-Identifier: Apache-2.0 */
/*
 * logline.c - formats log lines as text or JSON; see logline.h.
 */
#include "logline.h"
#include "buf.h"
#include "display.h"
#include "utf8.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *logline_level_name(enum rdsclone_log_level l)
{
  switch(l) {
  case RDSCLONE_LOG_ERROR: return "error";
  case RDSCLONE_LOG_WARN: return "warning";
  case RDSCLONE_LOG_INFO: return "info";
  default: return "debug";
  }
}

/* s with control characters and invalid UTF-8 escaped (one line). */
static int add_safe(struct buf *b, const char *s)
{
  size_t before = b->len;
  display_text(b, s, strlen(s));
  return b->len < before;
}

static char *format_json(enum rdsclone_log_level l, const char *pair,
                         const char *msg, const struct timespec *now)
{
  cJSON *o = cJSON_CreateObject();
  struct buf b;
  struct tm tm;
  char when[40];
  char *line = NULL, *out = NULL;
  int bad = 0;

  if(!o)
    return NULL;
  gmtime_r(&now->tv_sec, &tm);
  if(strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm) == 0)
    when[0] = 0;
  buf_init(&b, BUF_CAP_SMALL);
  bad |= buf_addf(&b, "%s.%03ldZ", when, (long)(now->tv_nsec / 1000000));
  cJSON_AddStringToObject(o, "time", buf_str(&b));
  cJSON_AddStringToObject(o, "level", logline_level_name(l));
  if(pair) {
    buf_reset(&b);
    bad |= add_safe(&b, pair);
    cJSON_AddStringToObject(o, "pair", buf_str(&b));
  }
  /* JSON escapes control characters itself; only bad UTF-8 needs help */
  if(utf8_valid(msg, strlen(msg)))
    cJSON_AddStringToObject(o, "msg", msg);
  else {
    buf_reset(&b);
    bad |= add_safe(&b, msg);
    cJSON_AddStringToObject(o, "msg", buf_str(&b));
  }
  buf_release(&b);
  if(!bad)
    line = cJSON_PrintUnformatted(o);
  cJSON_Delete(o);
  if(line) {
    size_t n = strlen(line);
    out = malloc(n + 2);
    if(out) {
      memcpy(out, line, n);
      out[n] = '\n';
      out[n + 1] = 0;
    }
    free(line);
  }
  return out;
}

char *logline_format(enum logline_format fmt, enum rdsclone_log_level l,
                     const char *pair, const char *msg,
                     const struct timespec *now)
{
  struct buf b;
  int bad = 0;

  if(fmt == LOGLINE_JSON)
    return format_json(l, pair, msg, now);
  buf_init(&b, BUF_CAP_SQL);
  bad |= buf_addf(&b, "rdsclone: %s: ", logline_level_name(l));
  if(pair) {
    bad |= buf_adds(&b, "pair ");
    bad |= add_safe(&b, pair);
    bad |= buf_adds(&b, ": ");
  }
  /* the message as the library wrote it (the text format never changed) */
  bad |= buf_adds(&b, msg);
  bad |= buf_addc(&b, '\n');
  if(bad) {
    buf_release(&b);
    return NULL;
  }
  return buf_take(&b);
}
