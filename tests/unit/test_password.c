/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_password.c - password_file_private(): modes, and the access ACLs
 * systemd's LoadCredential= gives credential files (0400 plus a named-user
 * entry for the unit's user: stat() then shows the mask in the group bits).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/password.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

static char path[64];

static int setup(void **state)
{
  int fd;
  (void)state;
  snprintf(path, sizeof(path), "/tmp/rdsclone-pwtest-XXXXXX");
  fd = mkstemp(path);
  if(fd < 0)
    return -1;
  if(write(fd, "pw\n", 3) != 3) {
    close(fd);
    return -1;
  }
  close(fd);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  unlink(path);
  return 0;
}

static int private_now(void)
{
  char why[512];
  return password_file_private(path, why, sizeof(why)) == 0;
}

static void modes(void **state)
{
  (void)state;
  assert_int_equal(chmod(path, 0600), 0);
  assert_true(private_now());
  assert_int_equal(chmod(path, 0400), 0);
  assert_true(private_now());
  assert_int_equal(chmod(path, 0640), 0);
  assert_false(private_now());
  assert_int_equal(chmod(path, 0604), 0);
  assert_false(private_now());
  assert_int_equal(chmod(path, 0620), 0);
  assert_false(private_now());
  assert_int_equal(chmod(path, 0440), 0);   /* group bits, no ACL */
  assert_false(private_now());
}

struct ace { unsigned tag, perm; unsigned long id; };

/* 1 set, 0 the file system has no ACLs (case skipped) */
static int set_acl(const struct ace *e, size_t n)
{
  unsigned char buf[4 + 8 * 16];
  size_t i, off = 4;
  buf[0] = 2; buf[1] = buf[2] = buf[3] = 0;
  for(i = 0; i < n; i++, off += 8) {
    buf[off] = (unsigned char)(e[i].tag & 0xff);
    buf[off + 1] = (unsigned char)(e[i].tag >> 8);
    buf[off + 2] = (unsigned char)e[i].perm;
    buf[off + 3] = 0;
    buf[off + 4] = (unsigned char)(e[i].id & 0xff);
    buf[off + 5] = (unsigned char)((e[i].id >> 8) & 0xff);
    buf[off + 6] = (unsigned char)((e[i].id >> 16) & 0xff);
    buf[off + 7] = (unsigned char)((e[i].id >> 24) & 0xff);
  }
  if(setxattr(path, "system.posix_acl_access", buf, off, 0) == 0)
    return 1;
  if(errno == ENOTSUP || errno == EOPNOTSUPP)
    return 0;
  fail_msg("setxattr: %s", strerror(errno));
  return 0;
}

#define NOID 0xffffffffUL

static void credential_acl(void **state)
{
  unsigned long me = (unsigned long)geteuid();
  struct stat st;
  /* what systemd writes: user::r, user:<unit user>:r, group::-, mask::r,
   * other::- */
  struct ace cred[] = { { 0x01, 4, NOID }, { 0x02, 4, me },
                        { 0x04, 0, NOID }, { 0x10, 4, NOID },
                        { 0x20, 0, NOID } };
  (void)state;
  assert_int_equal(chmod(path, 0400), 0);
  if(!set_acl(cred, 5))
    skip();
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_mode & 0777, 0440);   /* the mask shows as group */
  assert_true(private_now());
  assert_int_equal(password_acl_private(path), 1);

  cred[1].id = me + 1;                          /* another user may read */
  assert_int_equal(set_acl(cred, 5), 1);
  assert_false(private_now());
  cred[1].id = me;

  cred[2].perm = 4;                             /* the owning group may */
  assert_int_equal(set_acl(cred, 5), 1);
  assert_false(private_now());
  cred[2].perm = 0;

  {
    /* a named group may (entries sorted by tag, as the kernel wants) */
    struct ace grp[] = { { 0x01, 4, NOID }, { 0x04, 0, NOID },
                         { 0x08, 4, 4242 }, { 0x10, 4, NOID },
                         { 0x20, 0, NOID } };
    assert_int_equal(set_acl(grp, 5), 1);
    assert_false(private_now());
  }
  assert_int_equal(set_acl(cred, 5), 1);
  assert_int_equal(chmod(path, 0444), 0);       /* others: never */
  assert_false(private_now());
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(modes, setup, teardown),
    cmocka_unit_test_setup_teardown(credential_acl, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
