/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet_rendered.c - a fleet rendered pair by pair as it runs (what
 * `plan --all` does, so that memory does not grow with the number of
 * pairs) prints exactly what rendering the whole held fleet prints.
 *
 * For each format (text, JSON, SQL, and JSON with secrets), one fleet of
 * three pairs against the fixture's servers (the source to the target,
 * with an account and a grant only on the source; the target to itself;
 * a closed port) runs once with every report held;
 * it is rendered whole, then each pair is rendered as the fleet does at
 * a pair's end (its report freed), and rendered whole again, and written
 * part by part (rdsclone_fleet_write, what `plan --all` prints): the
 * three outputs must be equal byte for byte (same run, so same timings).
 * The writer also writes nothing when a pair's part is missing (out of
 * memory), says why when the stream fails (/dev/full: ENOSPC), and writes
 * an empty fleet as the held one renders.
 *
 *   fleet_rendered SRC_ENV TGT_ENV   (tests/harness/mariadb_server.sh's)
 *
 * Exit 0 equal, 1 a difference (both printed), 77 no server.
 */
#include "run/fleet.h"
#include "rdsclone.h"

#include <errno.h>
#include <mysql.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* VAR's value in a harness env file (VAR='value' lines); static. */
static const char *env_value(const char *path, const char *var)
{
  static char out[600];
  char line[600];
  size_t n = strlen(var);
  FILE *f = fopen(path, "r");
  if(!f)
    return NULL;
  while(fgets(line, sizeof(line), f))
    if(!strncmp(line, var, n) && line[n] == '=') {
      char *v = line + n + 1;
      v[strcspn(v, "\n")] = '\0';
      if(*v == '\'')
        v++;
      v[strcspn(v, "'")] = '\0';
      snprintf(out, sizeof(out), "%s", v);
      fclose(f);
      return out;
    }
  fclose(f);
  return NULL;
}

/* Runs sql on the server of env file path; 0 when it went well. */
static int on_server(const char *path, const char *sql)
{
  const char *port = env_value(path, "MARIADB_PORT");
  MYSQL *m = mysql_init(NULL);
  int bad = !m || !port ||
            !mysql_real_connect(m, "127.0.0.1", "admin", "adminpw", NULL,
                                (unsigned)strtoul(port, NULL, 10), NULL,
                                CLIENT_MULTI_STATEMENTS);
  if(!bad)
    bad = mysql_query(m, sql) != 0;
  while(!bad && mysql_next_result(m) == 0)
    ;
  if(bad)
    fprintf(stderr, "%s: %s\n", sql, m ? mysql_error(m) : "no memory");
  mysql_close(m);
  return bad;
}

static struct rdsclone_options *pair_opts(const char *src, const char *tgt)
{
  struct rdsclone_options *o = rdsclone_options_new();
  if(!o || rdsclone_options_set_str(o, RDSCLONE_OPT_SOURCE_URI, src) ||
     rdsclone_options_set_str(o, RDSCLONE_OPT_TARGET_URI, tgt)) {
    rdsclone_options_free(o);
    return NULL;
  }
  return o;
}

/* What rdsclone_fleet_write() writes for f (NULL when it fails); *rc its
 * code. */
static char *written(struct rdsclone_fleet *f, enum rdsclone_code *rc)
{
  char *text = NULL;
  size_t len = 0;
  FILE *m = open_memstream(&text, &len);
  if(!m)
    return NULL;
  *rc = rdsclone_fleet_write(f, m);
  fclose(m);
  if(*rc || strlen(text) != len) {
    free(text);
    return NULL;
  }
  return text;
}

static int check(enum rdsclone_format format, int secrets,
                 const struct rdsclone_pair *pairs, size_t n)
{
  struct rdsclone_fleet *f = NULL;
  enum rdsclone_code rc = RDSCLONE_OK;
  char *held, *rendered, *wrote, *none;
  size_t i;
  int bad = 0;

  if(rdsclone_fleet_run(pairs, n, RDSCLONE_PLAN, 2, &f))
    return 1;
  held = rdsclone_fleet_render(f, format, secrets);
  if(rdsclone_fleet_pair_exit(f, 0) != RDSCLONE_EXIT_CHANGES) {
    printf("FAIL: the first pair should have changes (exit %d)\n",
           rdsclone_fleet_pair_exit(f, 0));
    bad = 1;
  }
  f->rendering = 1;
  f->format = format;
  f->show_secrets = secrets;
  for(i = 0; i < n; i++)
    fleet_render_pair(f, &f->v[i]);
  rendered = rdsclone_fleet_render(f, format, secrets);
  bad |= !held || !rendered || strcmp(held, rendered) != 0;
  for(i = 0; i < n; i++)
    bad |= f->v[i].report != NULL;     /* every report was let go */
  printf("%s: format %d%s: %s\n", bad ? "FAIL" : "ok", (int)format,
         secrets ? " with secrets" : "", bad ? "differs" :
         "the pair-by-pair rendering is the held fleet's, byte for byte");
  if(bad)
    printf("--- held\n%s\n--- rendered\n%s\n", held ? held : "(null)",
           rendered ? rendered : "(null)");

  /* a part missing: nothing written, not a cut report */
  f->v[n - 1].render_failed = 1;
  none = written(f, &rc);
  f->v[n - 1].render_failed = 0;
  if(none || rc != RDSCLONE_E_NOMEM || f->written) {
    printf("FAIL: format %d: with a part missing, the writer wrote %s "
           "(code %d)\n", (int)format, none ? none : "(nothing)", (int)rc);
    bad = 1;
  }
  free(none);
  wrote = written(f, &rc);
  if(!held || !wrote || strcmp(held, wrote) != 0) {
    printf("FAIL: format %d%s: written part by part (code %d), it differs"
           "\n--- held\n%s\n--- written\n%s\n", (int)format,
           secrets ? " with secrets" : "", (int)rc, held ? held : "(null)",
           wrote ? wrote : "(null)");
    bad = 1;
  }
  else
    printf("ok: format %d%s: written part by part, it is the held fleet's "
           "rendering, byte for byte\n", (int)format,
           secrets ? " with secrets" : "");
  for(i = 0; i < n; i++)
    bad |= f->v[i].section != NULL;    /* every part was let go */
  none = rdsclone_fleet_render(f, format, secrets);
  if(none || rdsclone_fleet_write(f, stdout) != RDSCLONE_E_USAGE) {
    printf("FAIL: format %d: a written fleet renders or writes again\n",
           (int)format);
    bad = 1;
  }
  free(none);
  free(held);
  free(rendered);
  free(wrote);
  rdsclone_fleet_free(f);
  return bad;
}

/* No pairs: the frame alone (JSON's empty array is cJSON's "[]"). */
static int check_empty(enum rdsclone_format format,
                       const struct rdsclone_pair *pairs)
{
  struct rdsclone_fleet *h = NULL, *f = NULL;
  enum rdsclone_code rc = RDSCLONE_OK;
  char *held = NULL, *wrote = NULL;
  int bad;

  if(rdsclone_fleet_run(pairs, 0, RDSCLONE_PLAN, 2, &h) ||
     rdsclone_fleet_run_sections(pairs, 0, RDSCLONE_PLAN, 2, format, 0, &f))
    bad = 1;
  else {
    held = rdsclone_fleet_render(h, format, 0);
    wrote = written(f, &rc);
    bad = !held || !wrote || strcmp(held, wrote) != 0;
  }
  printf("%s: format %d, no pairs: %s\n", bad ? "FAIL" : "ok", (int)format,
         bad ? "written, it differs" : "written, it is the held rendering");
  if(bad)
    printf("--- held\n%s\n--- written (code %d)\n%s\n",
           held ? held : "(null)", (int)rc, wrote ? wrote : "(null)");
  free(held);
  free(wrote);
  rdsclone_fleet_free(h);
  rdsclone_fleet_free(f);
  return bad;
}

/* A fleet run for writing (rdsclone_fleet_run_sections) on a full disk:
 * RDSCLONE_E_IO with errno ENOSPC. */
static int check_full(const struct rdsclone_pair *pairs, size_t n)
{
  struct rdsclone_fleet *f = NULL;
  enum rdsclone_code rc;
  FILE *full = fopen("/dev/full", "w");
  int bad, err;

  if(!full) {
    printf("ok: no /dev/full here, the write error is not checked\n");
    return 0;
  }
  if(rdsclone_fleet_run_sections(pairs, n, RDSCLONE_PLAN, 2,
                                 RDSCLONE_FORMAT_TEXT, 0, &f)) {
    fclose(full);
    return 1;
  }
  errno = 0;
  rc = rdsclone_fleet_write(f, full);
  err = errno;
  bad = rc != RDSCLONE_E_IO || err != ENOSPC;
  printf("%s: writing to /dev/full: code %d, %s\n", bad ? "FAIL" : "ok",
         (int)rc, strerror(err));
  fclose(full);
  rdsclone_fleet_free(f);
  return bad;
}

int main(int argc, char **argv)
{
  const char *s = argc > 2 ? env_value(argv[1], "MARIADB_URI") : NULL;
  char src[600], tgt[600];
  struct rdsclone_pair pairs[3];
  int bad = 0;
  size_t i;

  if(!s) {
    printf("SKIPPED: no server env (%s)\n", argc > 1 ? argv[1] : "?");
    return 77;
  }
  snprintf(src, sizeof(src), "%s", s);
  s = env_value(argv[2], "MARIADB_URI");
  if(!s) {
    printf("SKIPPED: no server env (%s)\n", argv[2]);
    return 77;
  }
  snprintf(tgt, sizeof(tgt), "%s", s);
  if(on_server(argv[1], "DROP USER IF EXISTS fr_only@'%'; "
                "CREATE USER fr_only@'%' IDENTIFIED BY 'fr-secret'; "
                "GRANT SELECT ON mysql.* TO fr_only@'%'"))
    return 1;
  setenv("RDSCLONE_SOURCE_PASSWORD", "adminpw", 1);
  setenv("RDSCLONE_TARGET_PASSWORD", "adminpw", 1);
  pairs[0].name = "src-to-tgt";
  pairs[0].opts = pair_opts(src, tgt);
  pairs[1].name = "tgt-to-itself";
  pairs[1].opts = pair_opts(tgt, tgt);
  pairs[2].name = "closed \"port\"";
  pairs[2].opts = pair_opts(src, "mysql://admin@127.0.0.1:1");
  for(i = 0; i < 3; i++)
    if(!pairs[i].opts)
      return 1;
  bad |= check(RDSCLONE_FORMAT_TEXT, 0, pairs, 3);
  bad |= check(RDSCLONE_FORMAT_JSON, 0, pairs, 3);
  bad |= check(RDSCLONE_FORMAT_SQL, 0, pairs, 3);
  bad |= check(RDSCLONE_FORMAT_JSON, 1, pairs, 3);
  bad |= check_full(pairs, 3);
  bad |= check_empty(RDSCLONE_FORMAT_TEXT, pairs);
  bad |= check_empty(RDSCLONE_FORMAT_JSON, pairs);
  for(i = 0; i < 3; i++)
    rdsclone_options_free((struct rdsclone_options *)pairs[i].opts);
  bad |= on_server(argv[1], "DROP USER IF EXISTS fr_only@'%'");
  return bad;
}
