/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engines.c - the engines rdsclone knows, and the choice of one for a URI.
 */
#include "run/engines.h"
#include "mysql/engine_mysql.h"
#include "pg/engine_pg.h"

#include <stddef.h>
#include <stdio.h>
#include <strings.h>

static const struct engine *const engines[] = { &engine_mysql, &engine_pg };

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

enum rdsclone_code engines_choose(const char *source_uri,
                                  const char *target_uri,
                                  const struct engine **en, struct err *e)
{
  const struct engine *s = engine_for_uri(source_uri);
  const struct engine *t = engine_for_uri(target_uri);

  if(source_uri && !s)
    return err_set(e, RDSCLONE_E_CONFIG, "source URI: unknown engine "
                   "(expected mysql://, mariadb:// or postgresql://)");
  if(target_uri && !t)
    return err_set(e, RDSCLONE_E_CONFIG, "target URI: unknown engine "
                   "(expected mysql://, mariadb:// or postgresql://)");
  if(s && t && s != t)
    return err_set(e, RDSCLONE_E_CONFIG, "source and target are different "
                   "engines");
  if(en)
    *en = s ? s : t;
  return RDSCLONE_OK;
}

enum rdsclone_code rdsclone_uris_check(const char *source_uri,
                                       const char *target_uri, char *errbuf,
                                       size_t errlen)
{
  struct err e;
  enum rdsclone_code rc = engines_choose(source_uri, target_uri, NULL, &e);
  if(rc && errbuf && errlen)
    snprintf(errbuf, errlen, "%s", e.msg);
  return rc;
}

void agent_library_init(void)
{
  size_t i;
  for(i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
    if(engines[i]->library_init)
      engines[i]->library_init();
}

void agent_thread_begin(void)
{
  size_t i;
  agent_library_init();
  for(i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
    if(engines[i]->thread_begin)
      engines[i]->thread_begin();
}

void agent_thread_end(void)
{
  size_t i;
  for(i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
    if(engines[i]->thread_end)
      engines[i]->thread_end();
}
