/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uri.h - parses mysql://USER@HOST[:PORT][/][?PARAMS] (and mariadb://).
 *
 * Parts are percent-decoded. A password in the URI is refused: passwords
 * come from the environment, a file or the client's option file, never
 * from a command line where ps(1) shows them. Parameters: ssl-mode,
 * ssl-ca, ssl-cert, ssl-key, socket, connect-timeout; unknown ones are
 * refused with their name.
 */
#ifndef RDSCLONE_URI_H
#define RDSCLONE_URI_H

#include <stddef.h>

struct uri {
  char *scheme;     /* lower-case */
  char *user;       /* NULL when absent */
  char *host;
  unsigned port;    /* 0 when absent */
  char *socket;
  char *ssl_mode;
  char *ssl_ca;
  char *ssl_cert;
  char *ssl_key;
  long connect_timeout;   /* 0 when absent */
};

/* 0 on success; -1 with a static-or-uri-free reason in why[0..whylen). */
int uri_parse(const char *text, struct uri *u, char *why, size_t whylen);
void uri_release(struct uri *u);

#endif
