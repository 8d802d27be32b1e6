/* SPDX-License-Identifier: Apache-2.0 */
/*
 * password.c - password sources for server connections; see password.h.
 */
#include "core/password.h"
#include "core/err.h"
#include "buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

void password_free(char *p)
{
  if(p) {
    volatile char *v = p;
    while(*v)
      *v++ = 0;
    free(p);
  }
}

/* POSIX access ACL in its xattr form (linux/posix_acl_xattr.h: little
 * endian, a version word, then entries of tag, perm, id). */
#define ACL_XATTR "system.posix_acl_access"
#define ACL_XATTR_VERSION 2
enum { ACLT_USER_OBJ = 0x01, ACLT_USER = 0x02, ACLT_GROUP_OBJ = 0x04,
       ACLT_GROUP = 0x08, ACLT_MASK = 0x10, ACLT_OTHER = 0x20 };

static unsigned le16(const unsigned char *p)
{
  return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
  return (unsigned long)p[0] | (unsigned long)p[1] << 8 |
         (unsigned long)p[2] << 16 | (unsigned long)p[3] << 24;
}

/* With an access ACL the group permission bits are the ACL's mask, not the
 * owning group's. systemd's LoadCredential= writes a credential 0400 and
 * grants the unit's user read access with a named-user entry where the file
 * system has ACLs (tmpfs; ramfs gets a chown instead), so stat() shows 0440
 * although nobody else may read it. 1 when the ACL gives no one but the
 * owner and this process's user any permission: the owning group, named
 * groups and other users get none. */
int password_acl_private(const char *path)
{
  unsigned char acl[1024];
  ssize_t n = getxattr(path, ACL_XATTR, acl, sizeof(acl));
  size_t i;

  if(n < 4 || (n - 4) % 8 || le32(acl) != ACL_XATTR_VERSION)
    return 0;
  for(i = 4; i + 8 <= (size_t)n; i += 8) {
    unsigned tag = le16(acl + i), perm = le16(acl + i + 2);
    unsigned long id = le32(acl + i + 4);
    if(!(perm & 7))
      continue;
    if(tag == ACLT_GROUP_OBJ || tag == ACLT_GROUP || tag == ACLT_OTHER)
      return 0;
    if(tag == ACLT_USER && id != (unsigned long)geteuid())
      return 0;
  }
  return 1;
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
  if((st.st_mode & S_IRWXO) ||
     ((st.st_mode & S_IRWXG) && !password_acl_private(path))) {
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
