/* SPDX-License-Identifier: Apache-2.0 */
/*
 * profile.c - the AWS shared config and credentials files (INI).
 *
 * Reads one section: "[NAME]" in the credentials file; "[profile NAME]"
 * (or "[default]" / "[profile default]") in the config file. Keys are
 * lower-cased, values trimmed; '#' and ';' start comment lines; indented
 * lines continue a nested block (e.g. "s3 =") and are ignored. Values may
 * be secrets, so they are wiped on release and never logged here.
 */
#include "creds/profile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>

#include "buf.h"
#include "core/util.h"

void shim_profile_init(struct profile *p)
{
  memset(p, 0, sizeof(*p));
}

void shim_profile_release(struct profile *p)
{
  size_t i;
  if(!p)
    return;
  for(i = 0; i < p->n; i++) {
    free(p->kv[i].key);
    shim_free_secret(p->kv[i].value);
  }
  free(p->kv);
  shim_profile_init(p);
}

const char *shim_profile_get(const struct profile *p, const char *key)
{
  size_t i;
  for(i = 0; i < p->n; i++)
    if(!strcmp(p->kv[i].key, key))
      return p->kv[i].value;
  return NULL;
}

static int profile_set(struct profile *p, const char *k, size_t klen,
                       const char *v, size_t vlen)
{
  size_t i;
  char *key, *val;
  key = strndup(k, klen);
  val = strndup(v, vlen);
  if(!key || !val) {
    free(key);
    free(val);
    return -1;
  }
  for(i = 0; key[i]; i++)
    key[i] = (char)tolower((unsigned char)key[i]);
  for(i = 0; i < p->n; i++)
    if(!strcmp(p->kv[i].key, key)) {   /* last one wins */
      free(key);
      shim_free_secret(p->kv[i].value);
      p->kv[i].value = val;
      return 0;
    }
  if(p->n == p->alloc) {
    size_t na = p->alloc ? p->alloc * 2 : 8;
    struct rds_shim_tag *nk = realloc(p->kv, na * sizeof(*nk));
    if(!nk) {
      free(key);
      free(val);
      return -1;
    }
    p->kv = nk;
    p->alloc = na;
  }
  p->kv[p->n].key = key;
  p->kv[p->n].value = val;
  p->n++;
  return 0;
}

static void trim(const char **s, const char **e)
{
  while(*s < *e && isspace((unsigned char)**s))
    (*s)++;
  while(*e > *s && isspace((unsigned char)(*e)[-1]))
    (*e)--;
}

/* Does the header text [s, e) name the wanted section? */
static int section_matches(const char *s, const char *e, const char *name,
                           int config_style)
{
  size_t nlen = strlen(name);
  trim(&s, &e);
  if(config_style) {
    if((size_t)(e - s) > 8 && !strncmp(s, "profile", 7) &&
       isspace((unsigned char)s[7])) {
      s += 8;
      trim(&s, &e);
      return (size_t)(e - s) == nlen && !memcmp(s, name, nlen);
    }
    /* a bare name is valid in the config file only for "default" */
    return !strcmp(name, "default") && (size_t)(e - s) == 7 &&
           !memcmp(s, "default", 7);
  }
  return (size_t)(e - s) == nlen && !memcmp(s, name, nlen);
}

int shim_profile_load(struct profile *p, const char *path, const char *name,
                 int config_style)
{
  FILE *f;
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int in = 0, rc = 0;

  if(!path || !name)
    return 0;
  f = fopen(path, "r");
  if(!f)
    return errno == ENOENT || errno == ENOTDIR ? 0 : -1;
  while((len = getline(&line, &cap, f)) >= 0) {
    const char *s = line, *e = line + len, *eq;
    if(len > 0 && (line[0] == ' ' || line[0] == '\t')) {
      /* continuation of a nested block ("s3 =\n  key = v"): unused */
      continue;
    }
    /* a NUL byte would cut the key or value short when copied: such a
     * line is malformed and ignored, never half-read */
    if(memchr(line, 0, (size_t)len))
      continue;
    trim(&s, &e);
    if(s == e || *s == '#' || *s == ';')
      continue;
    if(*s == '[') {
      const char *close = memchr(s, ']', (size_t)(e - s));
      in = close && section_matches(s + 1, close, name, config_style);
      if(in)
        p->found = 1;
      continue;
    }
    if(!in)
      continue;
    eq = memchr(s, '=', (size_t)(e - s));
    if(!eq)
      continue;
    {
      const char *ks = s, *ke = eq, *vs = eq + 1, *ve = e;
      trim(&ks, &ke);
      trim(&vs, &ve);
      if(ks == ke)
        continue;
      if(profile_set(p, ks, (size_t)(ke - ks), vs, (size_t)(ve - vs))) {
        rc = -1;
        break;
      }
    }
  }
  if(line) {
    OPENSSL_cleanse(line, cap);
    free(line);
  }
  fclose(f);
  return rc;
}

static char *home_path(const char *env, const char *rel)
{
  const char *v = shim_getenv(env), *home;
  struct buf b;
  if(v)
    return strdup(v);
  home = shim_getenv("HOME");
  if(!home)
    return NULL;
  buf_init(&b, BUF_CAP_SMALL);
  if(buf_addf(&b, "%s/%s", home, rel))
    return NULL;
  return buf_take(&b);
}

char *shim_profile_config_path(void)
{
  return home_path("AWS_CONFIG_FILE", ".aws/config");
}

char *shim_profile_credentials_path(void)
{
  return home_path("AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
}
