/* SPDX-License-Identifier: Apache-2.0 */
/*
 * password.h - where a server's password comes from, never argv:
 * the endpoint's environment variable, else its password_file (which must
 * not be readable by group or others), else NULL (the client library then
 * reads its option file group, e.g. ~/.my.cnf [client]).
 */
#ifndef RDSCLONE_PASSWORD_H
#define RDSCLONE_PASSWORD_H

#include "core/err.h"
#include "core/options.h"

/* *out is malloc'd (free with password_free) or NULL when no source gave
 * one. side names the endpoint in messages ("source"/"target"). */
enum rdsclone_code password_resolve(const struct rdsclone_endpoint *ep,
                                    const char *side, char **out,
                                    struct err *e);
/* Wipes and frees; NULL is fine. */
void password_free(char *p);

/* 0 when the file at path may hold a secret: a regular file not readable
 * or writable by group or others. Else -1 and a reason in why. Group bits
 * that are only an access ACL's mask are accepted when the ACL gives no
 * one but the owner and this process's user any permission (systemd's
 * LoadCredential= files: password_acl_private). */
int password_file_private(const char *path, char *why, size_t whylen);
/* 1 when path has an access ACL giving no permission to its owning group,
 * named groups, other users or named users other than geteuid(); else 0
 * (also when it has no ACL). */
int password_acl_private(const char *path);

#endif
