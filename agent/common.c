/*
 * common.c - small pieces every agent module uses: errors, logging,
 * option defaults, engine choice, snapshot release.
 */
#include "agent_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum rdsclone_code err_set(struct err *e, enum rdsclone_code code,
                           const char *fmt, ...)
{
  va_list ap;
  if(e) {
    e->code = code;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
    va_end(ap);
  }
  return code;
}

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

const char *rdsclone_strerror(enum rdsclone_code code)
{
  switch(code) {
  case RDSCLONE_OK: return "no error";
  case RDSCLONE_E_USAGE: return "bad usage";
  case RDSCLONE_E_CONFIG: return "configuration error";
  case RDSCLONE_E_CONNECT: return "cannot connect to a server";
  case RDSCLONE_E_QUERY: return "reading a catalog failed";
  case RDSCLONE_E_LOCKED: return "another run holds the target's lock";
  case RDSCLONE_E_READ_ONLY: return "the target is read-only";
  case RDSCLONE_E_APPLY: return "statements failed on the target";
  case RDSCLONE_E_VERIFY: return "the target still differs after apply";
  case RDSCLONE_E_NOMEM: return "out of memory";
  case RDSCLONE_E_UNSUPPORTED: return "not supported";
  case RDSCLONE_E_IO: return "a local file could not be read or written";
  case RDSCLONE_E_COVERAGE:
    return "some privileges were not compared (strict)";
  }
  return "unknown error";
}

void rdsclone_options_init(struct rdsclone_options *o)
{
  memset(o, 0, sizeof(*o));
  o->source.password_env = "RDSCLONE_SOURCE_PASSWORD";
  o->target.password_env = "RDSCLONE_TARGET_PASSWORD";
  o->binlog_retention_hours = -1;
  o->verbosity = RDSCLONE_LOG_WARN;
}

const struct engine *engine_for_uri(const char *uri)
{
  if(!uri)
    return NULL;
  if(!strncasecmp(uri, "mysql://", 8) || !strncasecmp(uri, "mariadb://", 10))
    return &engine_mysql;
  if(!strncasecmp(uri, "postgresql://", 13) ||
     !strncasecmp(uri, "postgres://", 11))
    return &engine_pg;
  return NULL;
}

void snapshot_init(struct snapshot *s, const struct engine *en,
                   int is_source)
{
  memset(s, 0, sizeof(*s));
  s->engine = en;
  s->is_source = is_source;
  buf_init(&s->own_privs, BUF_CAP_SMALL * 16);
  buf_init(&s->notes, BUF_CAP_SMALL);
}

enum rdsclone_code snapshot_index(struct snapshot *s, struct err *e)
{
  size_t i;
  for(i = 0; i < MAX_TABLES; i++)
    if(s->maps[i] && rowmap_index(s->maps[i]) < 0)
      return err_set(e, RDSCLONE_E_NOMEM, "out of memory indexing %s",
                     s->maps[i]->name);
  return RDSCLONE_OK;
}

void snapshot_release(struct snapshot *s)
{
  size_t i;
  for(i = 0; i < MAX_TABLES; i++)
    rowmap_free(s->maps[i]);
  free(s->server_version);
  free(s->current_user);
  free(s->current_host);
  buf_release(&s->own_privs);
  buf_release(&s->notes);
  coverage_release(&s->not_compared);
  memset(s, 0, sizeof(*s));
}

enum rdsclone_code snapshot_not_compared(struct snapshot *s,
                                         const char *kind,
                                         const char *example, size_t count,
                                         struct err *e)
{
  if(coverage_add(&s->not_compared, s->is_source ? "source" : "target",
                  kind, example, count))
    return err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  return RDSCLONE_OK;
}
