/* SPDX-License-Identifier: Apache-2.0 */
/*
 * metrics.c - the metrics file of a run (--metrics-file): the Prometheus
 * text exposition format that node_exporter's textfile collector reads,
 * written atomically so the collector never sees half a file. See
 * metrics.h for the families and labels.
 *
 * The previous file is read back: a pair whose run failed keeps its last
 * success time (so "no success for two intervals" can be alerted on), and
 * the samples of pairs this run did not select (--pair) stay as they were.
 * Nothing here writes to stdout/stderr.
 */
#include "run/metrics.h"
#include "core/err.h"
#include "core/plan.h"
#include "core/report.h"
#include "buf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define METRICS_FILE_CAP (64u * 1024 * 1024)

enum family {
  F_LAST_RUN, F_LAST_SUCCESS, F_DURATION, F_PENDING, F_APPLIED, F_FAILED,
  F_CONVERGED, F_SKIPPED, F_NOT_COMPARED, F_EXIT, F__COUNT
};

static const struct {
  const char *name;
  const char *help;
} families[F__COUNT] = {
  { "rdsclone_last_run_timestamp_seconds",
    "When the pair's last run finished (Unix time), whatever its outcome." },
  { "rdsclone_last_success_timestamp_seconds",
    "When the pair's last completed run (exit 0 or 2) finished (Unix "
    "time); 0 when none is known." },
  { "rdsclone_run_duration_seconds",
    "How long the pair's last run took." },
  { "rdsclone_pending_actions",
    "Actions the target still needs, by kind: planned (plan) or still "
    "different after apply." },
  { "rdsclone_applied_actions",
    "Statements the pair's last run applied to the target." },
  { "rdsclone_failed_actions",
    "Statements the target refused in the pair's last run." },
  { "rdsclone_converged",
    "1 when the pair's last run found or left the target matching the "
    "source, else 0." },
  { "rdsclone_skipped_actions",
    "Changes the pair's last run could not make and skipped, each with "
    "its reason in the report (e.g. object missing on target)." },
  { "rdsclone_not_compared_rows",
    "Privilege-bearing rows either server holds that the pair's last run "
    "did not compare (the report's not_compared)." },
  { "rdsclone_exit_code",
    "Exit status of the pair's last run (0 in sync, 1 failure, 2 changes, "
    "75 locked, 78 configuration error)." },
};

int metrics_escape_label(struct buf *b, const char *v)
{
  int bad = 0;
  for(; *v; v++) {
    if(*v == '\\')
      bad |= buf_adds(b, "\\\\");
    else if(*v == '"')
      bad |= buf_adds(b, "\\\"");
    else if(*v == '\n')
      bad |= buf_adds(b, "\\n");
    else
      bad |= buf_addc(b, *v);
  }
  return bad;
}

/* ------------------------------------------------------------------ */
/* Reading the old file                                                */

static int name_char(char c, int first)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == ':' || (!first && c >= '0' && c <= '9');
}

int metrics_parse_sample(const char *line, size_t len, const char **name,
                         size_t *namelen, struct buf *pair, double *value)
{
  size_t i = 0, n;
  char num[64], *end;

  buf_reset(pair);
  while(i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  if(i == len || !name_char(line[i], 1))
    return -1;   /* blank, comment or garbage */
  *name = line + i;
  while(i < len && name_char(line[i], 0))
    i++;
  *namelen = (size_t)(line + i - *name);
  if(i < len && line[i] == '{') {
    i++;
    for(;;) {
      size_t ls;
      int is_pair;
      while(i < len && line[i] == ' ')
        i++;
      if(i < len && line[i] == '}') {
        i++;
        break;
      }
      ls = i;
      while(i < len && name_char(line[i], i == ls))
        i++;
      if(i == ls || i + 1 >= len || line[i] != '=' || line[i + 1] != '"')
        return -1;
      is_pair = i - ls == 4 && !memcmp(line + ls, "pair", 4);
      i += 2;
      while(i < len && line[i] != '"') {
        char c = line[i];
        if(c == '\\') {
          if(++i == len)
            return -1;
          c = line[i] == 'n' ? '\n' : line[i];
        }
        if(is_pair && buf_addc(pair, c))
          return -1;
        i++;
      }
      if(i == len)
        return -1;
      i++;   /* the closing quote */
      while(i < len && line[i] == ' ')
        i++;
      if(i < len && line[i] == ',')
        i++;
      else if(i < len && line[i] == '}') {
        i++;
        break;
      }
      else
        return -1;
    }
  }
  while(i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  for(n = 0; i < len && line[i] != ' ' && line[i] != '\t'; i++) {
    if(n + 1 >= sizeof(num))
      return -1;
    num[n++] = line[i];
  }
  num[n] = 0;
  if(!n)
    return -1;
  errno = 0;
  *value = strtod(num, &end);
  if(*end || errno == ERANGE)
    return -1;
  return 0;
}

static int family_of(const char *name, size_t len)
{
  int f;
  for(f = 0; f < F__COUNT; f++)
    if(strlen(families[f].name) == len &&
       !memcmp(families[f].name, name, len))
      return f;
  return -1;
}

/* Index of the pair named name in f, or -1. */
static long pair_index(const struct rdsclone_fleet *f, const char *name)
{
  size_t i;
  for(i = 0; i < f->n; i++)
    if(!strcmp(f->v[i].name, name))
      return (long)i;
  return -1;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

/* What the report says is still to do, by kind. */
static void pending_by_kind(const struct rdsclone_report *r, size_t *counts)
{
  const struct plan *p = &r->plan;
  size_t i;

  memset(counts, 0, ACT__COUNT * sizeof(*counts));
  if(r->mode == RDSCLONE_APPLY && r->verified)
    p = &r->remaining;
  for(i = 0; i < p->n; i++)
    if(p->v[i].status == STATUS_PENDING || p->v[i].status == STATUS_FAILED
       || p->v[i].status == STATUS_NOT_RUN)
      counts[p->v[i].kind]++;
}

static size_t count_status(const struct rdsclone_report *r,
                           enum action_status s)
{
  size_t i, n = 0;
  for(i = 0; i < r->plan.n; i++)
    n += r->plan.v[i].status == s;
  return n;
}

void fleet_numbers_fill(struct fleet_result *res)
{
  const struct rdsclone_report *r = res->report;
  struct fleet_numbers *m = &res->numbers;
  size_t i, n = 0;

  memset(m, 0, sizeof(*m));
  if(!r)
    return;
  m->has_report = 1;
  pending_by_kind(r, m->pending);
  m->applied = count_status(r, STATUS_APPLIED);
  m->failed = count_status(r, STATUS_FAILED);
  m->skipped = count_status(r, STATUS_SKIPPED);
  m->not_compared = rdsclone_report_not_compared(r);
  for(i = 0; i < ACT__COUNT; i++)
    n += m->pending[i];
  if(res->rc)
    m->converged = 0;
  else if(r->mode == RDSCLONE_APPLY)
    m->converged = r->verified && r->converged;
  else
    m->converged = n == 0;
}

/* Every add below returns nonzero when it failed: a failed add empties
 * the buffer (buf.h), so the caller must know. */

/* Starts a sample: NAME{pair="..." (the caller closes the braces). */
static int sample_start(struct buf *b, int fam, const char *pair)
{
  return buf_adds(b, families[fam].name) | buf_adds(b, "{pair=\"") |
         metrics_escape_label(b, pair) | buf_addc(b, '"');
}

/* A whole sample: decimals 3 for times, 0 for counts. */
static int sample_value(struct buf *b, int fam, const char *pair,
                        int decimals, double v)
{
  int bad = sample_start(b, fam, pair);
  return bad | buf_addf(b, "} %.*f\n", decimals, v);
}

static int pair_samples(struct buf *b, int fam,
                        const struct fleet_result *res, int has_old,
                        double old_success)
{
  const struct fleet_numbers *m = &res->numbers;
  const char *pair = res->name;
  int bad = 0;

  switch(fam) {
  case F_LAST_RUN:
    bad |= sample_value(b, fam, pair, 3, res->finished);
    break;
  case F_LAST_SUCCESS:
    bad |= sample_value(b, fam, pair, 3, fleet_result_succeeded(res)
                 ? res->finished : has_old ? old_success : 0.0);
    break;
  case F_DURATION:
    bad |= sample_value(b, fam, pair, 3, res->seconds);
    break;
  case F_PENDING:
    if(m->has_report) {
      int k;
      for(k = 0; k < ACT__COUNT; k++) {
        if(k == ACT_SKIP)
          continue;   /* skips are never pending */
        bad |= sample_start(b, fam, pair);
        bad |= buf_addf(b, ",kind=\"%s\"} %zu\n",
                 action_kind_name((enum action_kind)k), m->pending[k]);
      }
    }
    break;
  case F_APPLIED:
    bad |= sample_value(b, fam, pair, 0, (double)m->applied);
    break;
  case F_FAILED:
    bad |= sample_value(b, fam, pair, 0, (double)m->failed);
    break;
  case F_CONVERGED:
    bad |= sample_value(b, fam, pair, 0, (double)m->converged);
    break;
  case F_SKIPPED:
    bad |= sample_value(b, fam, pair, 0, (double)m->skipped);
    break;
  case F_NOT_COMPARED:
    bad |= sample_value(b, fam, pair, 0, (double)m->not_compared);
    break;
  default:
    bad |= sample_value(b, fam, pair, 0, (double)res->exit);
    break;
  }
  return bad;
}

char *metrics_render(const struct rdsclone_fleet *f, const char *old)
{
  struct buf b, kept[F__COUNT], pair;
  double *old_success = NULL;
  char *has_old = NULL;
  int fam, failed = 0;
  size_t i;

  buf_init(&b, METRICS_FILE_CAP);
  buf_init(&pair, BUF_CAP_SMALL);
  for(fam = 0; fam < F__COUNT; fam++)
    buf_init(&kept[fam], METRICS_FILE_CAP);
  old_success = calloc(f->n ? f->n : 1, sizeof(*old_success));
  has_old = calloc(f->n ? f->n : 1, 1);
  if(!old_success || !has_old)
    failed = 1;

  /* the old file: last successes of our pairs, samples of the others */
  while(!failed && old && *old) {
    const char *nl = strchr(old, '\n'), *name;
    size_t len = nl ? (size_t)(nl - old) : strlen(old), namelen;
    double v;
    if(!metrics_parse_sample(old, len, &name, &namelen, &pair, &v) &&
       (fam = family_of(name, namelen)) >= 0 && pair.len) {
      long pi = pair_index(f, buf_str(&pair));
      if(pi < 0)
        failed |= buf_add(&kept[fam], old, len) ||
                  buf_addc(&kept[fam], '\n');
      else if(fam == F_LAST_SUCCESS) {
        old_success[pi] = v;
        has_old[pi] = 1;
      }
    }
    old = nl ? nl + 1 : old + len;
  }

  for(fam = 0; fam < F__COUNT && !failed; fam++) {
    failed |= buf_addf(&b, "# HELP %s %s\n# TYPE %s gauge\n",
                       families[fam].name, families[fam].help,
                       families[fam].name);
    for(i = 0; i < f->n; i++)
      failed |= pair_samples(&b, fam, &f->v[i], has_old[i],
                             old_success[i]);
    if(kept[fam].len)
      failed |= buf_add(&b, kept[fam].ptr, kept[fam].len);
  }
  for(fam = 0; fam < F__COUNT; fam++)
    buf_release(&kept[fam]);
  buf_release(&pair);
  free(old_success);
  free(has_old);
  if(failed) {
    buf_release(&b);
    return NULL;
  }
  return buf_take(&b);
}

/* The old file's text: *out NULL when there is none. */
static enum rdsclone_code read_old(const char *path, char **out,
                                   struct err *e)
{
  struct buf b;
  char chunk[8192];
  size_t n;
  FILE *fp = fopen(path, "r");

  *out = NULL;
  if(!fp) {
    if(errno == ENOENT)
      return RDSCLONE_OK;
    return err_set(e, RDSCLONE_E_IO, "metrics file \"%s\": cannot read "
                   "the previous one: %s", path, strerror(errno));
  }
  buf_init(&b, METRICS_FILE_CAP);
  while((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
    if(buf_add(&b, chunk, n)) {
      fclose(fp);
      buf_release(&b);
      return err_set(e, RDSCLONE_E_IO, "metrics file \"%s\": the previous "
                     "one is too large to read back", path);
    }
  if(ferror(fp)) {
    fclose(fp);
    buf_release(&b);
    return err_set(e, RDSCLONE_E_IO, "metrics file \"%s\": cannot read "
                   "the previous one", path);
  }
  fclose(fp);
  *out = b.len ? buf_take(&b) : NULL;
  buf_release(&b);
  return RDSCLONE_OK;
}

/* Makes the rename itself durable; failures here lose nothing. */
static void sync_dir(const char *path)
{
  const char *slash = strrchr(path, '/');
  char *dir;
  int fd;

  if(!slash)
    dir = strdup(".");
  else if(slash == path)
    dir = strdup("/");
  else
    dir = strndup(path, (size_t)(slash - path));
  if(!dir)
    return;
  fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if(fd >= 0) {
    (void)fsync(fd);
    close(fd);
  }
  free(dir);
}

static enum rdsclone_code write_all(int fd, const char *p, size_t len)
{
  while(len) {
    ssize_t w = write(fd, p, len);
    if(w < 0) {
      if(errno == EINTR)
        continue;
      return RDSCLONE_E_IO;
    }
    p += w;
    len -= (size_t)w;
  }
  return RDSCLONE_OK;
}

enum rdsclone_code rdsclone_metrics_write(const char *path,
                                          const struct rdsclone_fleet *f,
                                          char *errbuf, size_t errlen)
{
  struct err e;
  struct buf tmp;
  char *old = NULL, *text = NULL;
  int fd = -1;
  enum rdsclone_code rc;

  memset(&e, 0, sizeof(e));
  buf_init(&tmp, BUF_CAP_SMALL);
  rc = read_old(path, &old, &e);
  if(!rc) {
    text = metrics_render(f, old);
    if(!text)
      rc = err_set(&e, RDSCLONE_E_NOMEM, "metrics file \"%s\": out of "
                   "memory", path);
  }
  if(!rc && buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid()))
    rc = err_set(&e, RDSCLONE_E_IO, "metrics file \"%s\": path too long",
                 path);
  if(!rc) {
    (void)unlink(tmp.ptr);   /* a leftover of a killed run of this pid */
    fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if(fd < 0)
      rc = err_set(&e, RDSCLONE_E_IO, "metrics file \"%s\": cannot create "
                   "\"%s\": %s", path, tmp.ptr, strerror(errno));
  }
  if(!rc && (write_all(fd, text, strlen(text)) || fsync(fd)))
    rc = err_set(&e, RDSCLONE_E_IO, "metrics file \"%s\": cannot write "
                 "\"%s\": %s", path, tmp.ptr, strerror(errno));
  if(fd >= 0 && close(fd) && !rc)
    rc = err_set(&e, RDSCLONE_E_IO, "metrics file \"%s\": cannot write "
                 "\"%s\": %s", path, tmp.ptr, strerror(errno));
  if(!rc && rename(tmp.ptr, path))
    rc = err_set(&e, RDSCLONE_E_IO, "metrics file \"%s\": cannot rename "
                 "\"%s\" to it: %s", path, tmp.ptr, strerror(errno));
  if(!rc)
    sync_dir(path);
  else if(fd >= 0)
    (void)unlink(tmp.ptr);
  if(rc && errbuf && errlen)
    snprintf(errbuf, errlen, "%s", e.msg);
  buf_release(&tmp);
  free(old);
  free(text);
  return rc;
}
