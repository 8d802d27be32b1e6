/* SPDX-License-Identifier: Apache-2.0 */
/*
 * uri.c - MySQL-family connection URIs; see uri.h.
 */
#include "mysql/uri.h"
#include "numparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
  if(c >= '0' && c <= '9') return c - '0';
  if(c >= 'a' && c <= 'f') return c - 'a' + 10;
  if(c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Percent-decodes s[0..len) into a new string; NULL on a bad escape, a
 * decoded NUL, or OOM. */
static char *decode(const char *s, size_t len)
{
  char *out = malloc(len + 1);
  size_t i, o = 0;
  if(!out)
    return NULL;
  for(i = 0; i < len; i++) {
    if(s[i] == '%') {
      int h = i + 2 < len ? hexval(s[i + 1]) : -1;
      int l = i + 2 < len ? hexval(s[i + 2]) : -1;
      if(h < 0 || l < 0 || (h == 0 && l == 0)) {
        free(out);
        return NULL;
      }
      out[o++] = (char)(h * 16 + l);
      i += 2;
    }
    else
      out[o++] = s[i];
  }
  out[o] = 0;
  return out;
}

void uri_release(struct uri *u)
{
  free(u->scheme);
  free(u->user);
  free(u->host);
  free(u->socket);
  free(u->ssl_mode);
  free(u->ssl_ca);
  free(u->ssl_cert);
  free(u->ssl_key);
  memset(u, 0, sizeof(*u));
}

static int fail(struct uri *u, char *why, size_t whylen, const char *msg)
{
  snprintf(why, whylen, "%s", msg);
  uri_release(u);
  return -1;
}

static int param(struct uri *u, const char *k, size_t klen, const char *v,
                 size_t vlen, char *why, size_t whylen)
{
  static const char *const names[] = {
    "ssl-mode", "ssl-ca", "ssl-cert", "ssl-key", "socket",
    "connect-timeout", NULL
  };
  char **slots[] = { &u->ssl_mode, &u->ssl_ca, &u->ssl_cert, &u->ssl_key,
                     &u->socket, NULL };
  size_t i;
  char *val;

  for(i = 0; names[i]; i++)
    if(strlen(names[i]) == klen && !strncasecmp(names[i], k, klen))
      break;
  if(!names[i]) {
    snprintf(why, whylen, "unknown URI parameter '%.*s' (known: ssl-mode, "
             "ssl-ca, ssl-cert, ssl-key, socket, connect-timeout)",
             (int)(klen > 40 ? 40 : klen), k);
    return -1;
  }
  val = decode(v, vlen);
  if(!val) {
    snprintf(why, whylen, "bad percent-escape in URI parameter '%s'",
             names[i]);
    return -1;
  }
  if(slots[i]) {
    free(*slots[i]);
    *slots[i] = val;
    return 0;
  }
  if(parse_long(val, 1, 3600, &u->connect_timeout)) {
    free(val);
    snprintf(why, whylen, "connect-timeout must be 1 to 3600 seconds");
    return -1;
  }
  free(val);
  return 0;
}

/* The scheme before "://", lowercased; *rest is what follows it. */
static int parse_scheme(const char *text, struct uri *u, const char **rest,
                        char *why, size_t whylen)
{
  const char *sep;
  char *c;
  if(!text || !*text)
    return fail(u, why, whylen, "empty URI");
  sep = strstr(text, "://");
  if(!sep)
    return fail(u, why, whylen, "URI has no scheme (expected mysql://"
                "USER@HOST[:PORT])");
  u->scheme = strndup(text, (size_t)(sep - text));
  if(!u->scheme)
    return fail(u, why, whylen, "out of memory");
  for(c = u->scheme; *c; c++)
    *c = (char)((*c >= 'A' && *c <= 'Z') ? *c + 32 : *c);
  *rest = sep + 3;
  return 0;
}

/* The user of p[0..hp_end), percent-decoded and never with a password:
 * the last '@' before the host ends it. *hostport is where the host
 * starts. */
static int parse_user(const char *p, const char *hp_end, struct uri *u,
                      const char **hostport, char *why, size_t whylen)
{
  const char *q, *auth_end = NULL;
  for(q = p; q < hp_end; q++)
    if(*q == '@')
      auth_end = q;
  *hostport = p;
  if(!auth_end)
    return 0;
  if(memchr(p, ':', (size_t)(auth_end - p)))
    return fail(u, why, whylen, "a password in the URI is refused: use "
                "RDSCLONE_SOURCE_PASSWORD / RDSCLONE_TARGET_PASSWORD, "
                "password_file, or the option file");
  u->user = decode(p, (size_t)(auth_end - p));
  if(!u->user)
    return fail(u, why, whylen, "bad percent-escape in the URI's user");
  *hostport = auth_end + 1;
  return 0;
}

/* HOST, [HOST] (IPv6), either with :PORT, up to hp_end. */
static int parse_hostport(const char *hostport, const char *hp_end,
                          struct uri *u, char *why, size_t whylen)
{
  const char *p;
  long port;
  if(*hostport == '[') {
    const char *rb = memchr(hostport, ']', (size_t)(hp_end - hostport));
    if(!rb)
      return fail(u, why, whylen, "unclosed '[' in the URI's host");
    u->host = strndup(hostport + 1, (size_t)(rb - hostport - 1));
    p = rb + 1;
  }
  else {
    const char *colon = memchr(hostport, ':', (size_t)(hp_end - hostport));
    const char *hend = colon ? colon : hp_end;
    u->host = decode(hostport, (size_t)(hend - hostport));
    p = hend;
  }
  if(!u->host)
    return fail(u, why, whylen, "bad host in URI");
  if(p < hp_end && *p == ':') {
    char digits[8];
    size_t n = (size_t)(hp_end - p - 1);
    if(!n || n >= sizeof(digits))
      return fail(u, why, whylen, "bad port in URI");
    memcpy(digits, p + 1, n);
    digits[n] = 0;
    if(parse_long(digits, 1, 65535, &port))
      return fail(u, why, whylen, "bad port in URI (1 to 65535)");
    u->port = (unsigned)port;
  }
  else if(p != hp_end)
    return fail(u, why, whylen, "unexpected text after the URI's host");
  return 0;
}

/* What follows the host: no path, ?name=value&... parameters, no
 * fragment. */
static int parse_tail(const char *p, struct uri *u, char *why,
                      size_t whylen)
{
  if(*p == '/') {
    p++;
    if(*p && *p != '?' && *p != '#')
      return fail(u, why, whylen, "a database name in a mysql:// URI is "
                  "not used: remove the path");
  }
  if(*p == '?') {
    p++;
    while(*p && *p != '#') {
      const char *amp = p + strcspn(p, "&#");
      const char *eq = memchr(p, '=', (size_t)(amp - p));
      if(!eq)
        return fail(u, why, whylen, "URI parameter without '='");
      if(param(u, p, (size_t)(eq - p), eq + 1, (size_t)(amp - eq - 1), why,
               whylen)) {
        uri_release(u);
        return -1;
      }
      p = *amp == '&' ? amp + 1 : amp;
    }
  }
  if(*p == '#')
    return fail(u, why, whylen, "fragment ('#') in URI");
  return 0;
}

int uri_parse(const char *text, struct uri *u, char *why, size_t whylen)
{
  const char *p, *hostport, *hp_end;

  memset(u, 0, sizeof(*u));
  if(parse_scheme(text, u, &p, why, whylen))
    return -1;
  hp_end = p + strcspn(p, "/?#");
  if(parse_user(p, hp_end, u, &hostport, why, whylen) ||
     parse_hostport(hostport, hp_end, u, why, whylen) ||
     parse_tail(hp_end, u, why, whylen))
    return -1;
  if(!*u->host && !u->socket)
    return fail(u, why, whylen, "URI has no host");
  return 0;
}
