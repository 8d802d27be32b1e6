/*
 * password.c - password sources for server connections; see password.h.
 */
#include "agent_int.h"
#include "password.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void password_free(char *p)
{
  if(p) {
    volatile char *v = p;
    while(*v)
      *v++ = 0;
    free(p);
  }
}

int password_file_private(const char *path, char *why, size_t whylen)
{
  struct stat st;
  if(stat(path, &st)) {
    snprintf(why, whylen, "cannot read \"%s\": %s", path, strerror(errno));
    return -1;
  }
  if(!S_ISREG(st.st_mode)) {
    snprintf(why, whylen, "\"%s\" is not a regular file", path);
    return -1;
  }
  if(st.st_mode & (S_IRWXG | S_IRWXO)) {
    snprintf(why, whylen, "\"%s\" holds a secret but other users may "
             "read it (mode %04o): chmod 600 \"%s\"", path,
             (unsigned)(st.st_mode & 07777), path);
    return -1;
  }
  return 0;
}

enum rdsclone_code password_resolve(const struct rdsclone_endpoint *ep,
                                    const char *side, char **out,
                                    struct err *e)
{
  const char *env = ep->password_env ? getenv(ep->password_env) : NULL;
  char why[512];
  struct buf b;
  FILE *f;
  int c;

  *out = NULL;
  if(env && *env) {
    *out = strdup(env);
    return *out ? RDSCLONE_OK : err_set(e, RDSCLONE_E_NOMEM, "out of memory");
  }
  if(!ep->password_file)
    return RDSCLONE_OK;
  if(password_file_private(ep->password_file, why, sizeof(why)))
    return err_set(e, RDSCLONE_E_CONFIG, "%s password_file: %s", side, why);
  f = fopen(ep->password_file, "r");
  if(!f)
    return err_set(e, RDSCLONE_E_CONFIG, "%s password_file \"%s\": %s", side,
                   ep->password_file, strerror(errno));
  buf_init(&b, 4096);
  while((c = fgetc(f)) != EOF && c != '\n') {
    if(buf_addc(&b, (char)c)) {
      fclose(f);
      return err_set(e, RDSCLONE_E_CONFIG, "%s password_file \"%s\": first "
                     "line too long", side, ep->password_file);
    }
  }
  fclose(f);
  if(b.len && b.ptr[b.len - 1] == '\r')
    b.ptr[--b.len] = 0;
  if(!b.len) {
    buf_release_secret(&b);
    return err_set(e, RDSCLONE_E_CONFIG, "%s password_file \"%s\" is empty",
                   side, ep->password_file);
  }
  *out = buf_take(&b);
  return *out ? RDSCLONE_OK : err_set(e, RDSCLONE_E_NOMEM, "out of memory");
}
