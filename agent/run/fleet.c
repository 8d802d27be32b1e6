/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet.c - many pairs in one run (rdsclone plan|apply --all): a small
 * pool of threads takes the pairs in order, each runs rdsclone_run() with
 * its own connections and target lock, and a pair that fails is recorded
 * and never stops the others. Also renders the results: text grouped by
 * pair, one JSON object (per-pair reports and a summary), or SQL.
 *
 * The library writes no output of its own: pairs log through their
 * options' callbacks (from the worker threads), and the caller prints
 * what rdsclone_fleet_render() returns, or has rdsclone_fleet_write()
 * print it to a stream of its choosing. rdsclone_fleet_run_rendered()
 * and rdsclone_fleet_run_sections() render each pair in its worker as it
 * ends and free its report, so a fleet holds the reports of the pairs
 * running, not of every pair; rdsclone_fleet_write() then prints the
 * pairs' sections one after the other instead of putting them together,
 * so the output is held once.
 */
#include "run/fleet.h"
#include "core/report.h"
#include "run/engines.h"
#include "buf.h"
#include "display.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FLEET_MAX_JOBS 64

const char *fleet_status_word(int exit_status)
{
  switch(exit_status) {
  case RDSCLONE_EXIT_OK: return "in sync";
  case RDSCLONE_EXIT_CHANGES: return "changes";
  case RDSCLONE_EXIT_LOCKED: return "locked";
  case RDSCLONE_EXIT_USAGE: return "usage error";
  case RDSCLONE_EXIT_CONFIG: return "configuration error";
  default: return "failed";
  }
}

int fleet_result_succeeded(const struct fleet_result *r)
{
  return r->exit == RDSCLONE_EXIT_OK || r->exit == RDSCLONE_EXIT_CHANGES;
}

/* ------------------------------------------------------------------ */
/* Running                                                             */

struct fleet_work {
  const struct rdsclone_pair *pairs;
  struct rdsclone_fleet *f;
  pthread_mutex_t mu;
  size_t next;
};

static double timespec_seconds(const struct timespec *t)
{
  return (double)t->tv_sec + (double)t->tv_nsec / 1e9;
}

static cJSON *pair_json(const struct fleet_result *r, int show_secrets);

/* The pair's part of the output, made now so that its report can go:
 * the report's rendering, or (JSON) the pair's whole object as it
 * appears in the array (cJSON indents it two tabs deeper there than
 * printed alone; the test fleet_rendered.c holds the two equal). */
static char *render_section(const struct rdsclone_fleet *f,
                            const struct fleet_result *res)
{
  struct buf b;
  cJSON *o;
  char *t, *p;

  if(f->format != RDSCLONE_FORMAT_JSON)
    return res->report ? rdsclone_report_render(res->report, f->format,
                                                f->show_secrets)
                       : NULL;
  o = pair_json(res, f->show_secrets);
  t = o ? cJSON_Print(o) : NULL;
  cJSON_Delete(o);
  if(!t)
    return NULL;
  buf_init(&b, (size_t)1 << 30);
  for(p = t; *p; p++) {
    buf_addc(&b, *p);
    if(*p == '\n')
      buf_adds(&b, "\t\t");
  }
  free(t);
  return buf_take(&b);
}

void fleet_render_pair(const struct rdsclone_fleet *f,
                       struct fleet_result *res)
{
  fleet_numbers_fill(res);
  if(!f->rendering || (!res->report && f->format != RDSCLONE_FORMAT_JSON))
    return;
  res->section = render_section(f, res);
  if(!res->section) {
    res->render_failed = 1;
    return;
  }
  rdsclone_report_free(res->report);
  res->report = NULL;
}

static void run_one(const struct rdsclone_pair *p, enum rdsclone_mode mode,
                    struct fleet_result *res)
{
  struct timespec w0, w1, m0, m1;

  clock_gettime(CLOCK_REALTIME, &w0);
  clock_gettime(CLOCK_MONOTONIC, &m0);
  res->rc = rdsclone_run(p->opts, mode, &res->report, res->error,
                         sizeof(res->error));
  clock_gettime(CLOCK_MONOTONIC, &m1);
  clock_gettime(CLOCK_REALTIME, &w1);
  if(res->rc && !res->error[0])
    snprintf(res->error, sizeof(res->error), "%s",
             rdsclone_strerror(res->rc));
  if(!res->rc)
    res->error[0] = 0;
  res->exit = rdsclone_exit_status(res->rc, mode, res->report);
  res->started = timespec_seconds(&w0);
  res->finished = timespec_seconds(&w1);
  res->seconds = timespec_seconds(&m1) - timespec_seconds(&m0);
  if(res->seconds < 0)
    res->seconds = 0;
}

/* Takes pairs until none is left. */
static void drain(struct fleet_work *w)
{
  for(;;) {
    size_t i;
    pthread_mutex_lock(&w->mu);
    i = w->next++;
    pthread_mutex_unlock(&w->mu);
    if(i >= w->f->n)
      break;
    run_one(&w->pairs[i], w->f->mode, &w->f->v[i]);
    fleet_render_pair(w->f, &w->f->v[i]);
  }
}

static void *worker(void *arg)
{
  agent_thread_begin();
  drain(arg);
  agent_thread_end();
  return NULL;
}

/* A fleet of npairs results, named; NULL when out of memory. */
static struct rdsclone_fleet *fleet_new(const struct rdsclone_pair *pairs,
                                        size_t npairs,
                                        enum rdsclone_mode mode)
{
  struct rdsclone_fleet *f = calloc(1, sizeof(*f));
  size_t i;

  if(!f)
    return NULL;
  f->mode = mode;
  f->v = calloc(npairs ? npairs : 1, sizeof(*f->v));
  if(!f->v) {
    free(f);
    return NULL;
  }
  f->n = npairs;
  for(i = 0; i < npairs; i++) {
    f->v[i].name = strdup(pairs[i].name ? pairs[i].name : "");
    if(!f->v[i].name) {
      rdsclone_fleet_free(f);
      return NULL;
    }
  }
  return f;
}

/* Runs f's pairs on at most jobs threads. */
static void fleet_run(const struct rdsclone_pair *pairs,
                      struct rdsclone_fleet *f, unsigned jobs)
{
  struct fleet_work w;
  pthread_t th[FLEET_MAX_JOBS];
  size_t i, workers, started = 0;

  memset(&w, 0, sizeof(w));
  w.pairs = pairs;
  w.f = f;
  pthread_mutex_init(&w.mu, NULL);
  workers = jobs ? jobs : 2;
  if(workers > FLEET_MAX_JOBS)
    workers = FLEET_MAX_JOBS;
  if(workers > f->n)
    workers = f->n;
  /* the libraries' global set-up happens here, before any thread */
  agent_library_init();
  if(workers > 1)
    for(i = 0; i < workers; i++) {
      if(pthread_create(&th[started], NULL, worker, &w))
        break;
      started++;
    }
  if(!started)
    drain(&w);   /* one job, or no thread could start: this one works */
  for(i = 0; i < started; i++)
    pthread_join(th[i], NULL);
  pthread_mutex_destroy(&w.mu);
}

enum rdsclone_code rdsclone_fleet_run(const struct rdsclone_pair *pairs,
                                      size_t npairs, enum rdsclone_mode mode,
                                      unsigned jobs,
                                      struct rdsclone_fleet **out)
{
  *out = fleet_new(pairs, npairs, mode);
  if(!*out)
    return RDSCLONE_E_NOMEM;
  fleet_run(pairs, *out, jobs);
  return RDSCLONE_OK;
}

enum rdsclone_code
rdsclone_fleet_run_sections(const struct rdsclone_pair *pairs,
                            size_t npairs, enum rdsclone_mode mode,
                            unsigned jobs, enum rdsclone_format format,
                            int show_secrets, struct rdsclone_fleet **out)
{
  *out = fleet_new(pairs, npairs, mode);
  if(!*out)
    return RDSCLONE_E_NOMEM;
  (*out)->rendering = 1;
  (*out)->format = format;
  (*out)->show_secrets = show_secrets;
  fleet_run(pairs, *out, jobs);
  return RDSCLONE_OK;
}

enum rdsclone_code
rdsclone_fleet_run_rendered(const struct rdsclone_pair *pairs,
                            size_t npairs, enum rdsclone_mode mode,
                            unsigned jobs, enum rdsclone_format format,
                            int show_secrets, struct rdsclone_fleet **out,
                            char **rendered)
{
  enum rdsclone_code rc;

  *rendered = NULL;
  rc = rdsclone_fleet_run_sections(pairs, npairs, mode, jobs, format,
                                   show_secrets, out);
  if(rc)
    return rc;
  *rendered = rdsclone_fleet_render(*out, format, show_secrets);
  return RDSCLONE_OK;
}

void rdsclone_fleet_free(struct rdsclone_fleet *f)
{
  size_t i;
  if(!f)
    return;
  for(i = 0; i < f->n; i++) {
    free(f->v[i].name);
    free(f->v[i].section);
    rdsclone_report_free(f->v[i].report);
  }
  free(f->v);
  free(f);
}

size_t rdsclone_fleet_size(const struct rdsclone_fleet *f)
{
  return f->n;
}

const char *rdsclone_fleet_pair_name(const struct rdsclone_fleet *f,
                                     size_t i)
{
  return f->v[i].name;
}

int rdsclone_fleet_pair_exit(const struct rdsclone_fleet *f, size_t i)
{
  return f->v[i].exit;
}

enum rdsclone_code rdsclone_fleet_pair_code(const struct rdsclone_fleet *f,
                                            size_t i)
{
  return f->v[i].rc;
}

const struct rdsclone_report *
rdsclone_fleet_pair_report(const struct rdsclone_fleet *f, size_t i)
{
  return f->v[i].report;
}

const char *rdsclone_fleet_pair_error(const struct rdsclone_fleet *f,
                                      size_t i)
{
  return f->v[i].error;
}

int rdsclone_fleet_exit(const struct rdsclone_fleet *f)
{
  size_t i;
  int worst = RDSCLONE_EXIT_OK;
  for(i = 0; i < f->n; i++)
    worst = rdsclone_exit_worst(worst, f->v[i].exit);
  return worst;
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

struct fleet_counts {
  size_t in_sync, changes, failed, locked;
};

static void count_results(const struct rdsclone_fleet *f,
                          struct fleet_counts *c)
{
  size_t i;
  memset(c, 0, sizeof(*c));
  for(i = 0; i < f->n; i++)
    switch(f->v[i].exit) {
    case RDSCLONE_EXIT_OK: c->in_sync++; break;
    case RDSCLONE_EXIT_CHANGES: c->changes++; break;
    case RDSCLONE_EXIT_LOCKED: c->locked++; break;
    default: c->failed++; break;
    }
}

/* A string for JSON: valid UTF-8 kept, anything else escaped. */
static cJSON *json_text(const char *s)
{
  struct buf b;
  cJSON *j;
  buf_init(&b, BUF_CAP_SMALL * 4);
  display_text(&b, s, strlen(s));
  j = cJSON_CreateString(buf_str(&b));
  buf_release(&b);
  return j;
}

/* A pair's object in the JSON output. */
static cJSON *pair_json(const struct fleet_result *r, int show_secrets)
{
  cJSON *o = cJSON_CreateObject();
  if(!o)
    return NULL;
  cJSON_AddItemToObject(o, "name", json_text(r->name));
  cJSON_AddNumberToObject(o, "exit_code", r->exit);
  /* milliseconds are all a person or a pipeline wants */
  cJSON_AddNumberToObject(o, "seconds",
                          (double)(long long)(r->seconds * 1000 + 0.5) /
                          1000);
  if(r->report)
    cJSON_AddItemToObject(o, "report", report_json(r->report,
                                                   show_secrets));
  else
    cJSON_AddNullToObject(o, "report");
  if(r->error[0])
    cJSON_AddItemToObject(o, "error", json_text(r->error));
  else
    cJSON_AddNullToObject(o, "error");
  return o;
}

static char *render_json(const struct rdsclone_fleet *f, int show_secrets)
{
  cJSON *root = cJSON_CreateObject(), *arr, *sum;
  struct fleet_counts c;
  size_t i;
  char *out;

  if(!root)
    return NULL;
  cJSON_AddNumberToObject(root, "version", RDSCLONE_REPORT_VERSION);
  cJSON_AddStringToObject(root, "rdsclone", RDSCLONE_VERSION);
  cJSON_AddStringToObject(root, "mode",
                          f->mode == RDSCLONE_APPLY ? "apply" : "plan");
  arr = cJSON_AddArrayToObject(root, "pairs");
  for(i = 0; i < f->n && arr; i++) {
    /* a section is the object as printed here: kept verbatim */
    cJSON *o = f->v[i].section ? cJSON_CreateRaw(f->v[i].section)
                               : pair_json(&f->v[i], show_secrets);
    if(!o)
      break;
    cJSON_AddItemToArray(arr, o);
  }
  count_results(f, &c);
  sum = cJSON_AddObjectToObject(root, "summary");
  if(sum) {
    cJSON_AddNumberToObject(sum, "total", (double)f->n);
    cJSON_AddNumberToObject(sum, "in_sync", (double)c.in_sync);
    cJSON_AddNumberToObject(sum, "changes", (double)c.changes);
    cJSON_AddNumberToObject(sum, "failed", (double)c.failed);
    cJSON_AddNumberToObject(sum, "locked", (double)c.locked);
    cJSON_AddNumberToObject(sum, "exit_code", rdsclone_fleet_exit(f));
  }
  out = cJSON_Print(root);
  cJSON_Delete(root);
  return out;
}

/* Appends text, making sure it ends with a newline. */
static void add_block(struct buf *b, const char *s)
{
  size_t len = strlen(s);
  buf_add(b, s, len);
  if(len && s[len - 1] != '\n')
    buf_addc(b, '\n');
}

static char *render_grouped(const struct rdsclone_fleet *f,
                            enum rdsclone_format format, int show_secrets)
{
  const char *lead = format == RDSCLONE_FORMAT_SQL ? "-- " : "";
  struct fleet_counts c;
  struct buf b;
  size_t i;

  buf_init(&b, (size_t)1 << 30);
  for(i = 0; i < f->n; i++) {
    const struct fleet_result *r = &f->v[i];
    if(i)
      buf_addc(&b, '\n');
    buf_addf(&b, "%spair ", lead);
    display_add(&b, r->name, strlen(r->name));
    buf_addf(&b, ": %s (exit %d)\n", fleet_status_word(r->exit), r->exit);
    if(r->section)
      add_block(&b, r->section);
    else if(r->report) {
      char *t = rdsclone_report_render(r->report, format, show_secrets);
      if(!t) {
        buf_release(&b);
        return NULL;
      }
      add_block(&b, t);
      free(t);
    }
    if(r->error[0]) {
      buf_addf(&b, "%serror: ", lead);
      display_text(&b, r->error, strlen(r->error));
      buf_addc(&b, '\n');
    }
  }
  count_results(f, &c);
  buf_addf(&b, "%s%sfleet: %zu pair%s: %zu in sync, %zu with changes, "
           "%zu failed, %zu locked; exit %d\n", f->n ? "\n" : "", lead,
           f->n, f->n == 1 ? "" : "s", c.in_sync, c.changes, c.failed,
           c.locked, rdsclone_fleet_exit(f));
  return buf_take(&b);
}

char *rdsclone_fleet_render(const struct rdsclone_fleet *f,
                            enum rdsclone_format format, int show_secrets)
{
  size_t i;
  /* a fleet rendered as it went has only that rendering left, and none
   * once written */
  if(f->rendering && (format != f->format || show_secrets != f->show_secrets
                      || f->written))
    return NULL;
  for(i = 0; i < f->n; i++)
    if(f->v[i].render_failed)
      return NULL;
  if(format == RDSCLONE_FORMAT_JSON)
    return render_json(f, show_secrets);
  return render_grouped(f, format, show_secrets);
}

/* ------------------------------------------------------------------ */
/* Writing: the sections printed one after the other                   */

/* Is pair r's part of the output made? (Every JSON pair has a section;
 * a text or SQL pair one when it has a report.) */
static int section_ready(const struct rdsclone_fleet *f,
                         const struct fleet_result *r)
{
  if(r->render_failed)
    return 0;
  if(f->format == RDSCLONE_FORMAT_JSON)
    return r->section != NULL;
  return r->section || !r->report;
}

/*
 * Everything of the output but the sections, in one buffer: what comes
 * before pair i's section ends at cut[2i], what comes after it at
 * cut[2i + 1], and the rest follows the last pair. Each piece is what
 * render_grouped() and render_json() (through cJSON_Print) put around a
 * section; fleet_rendered.c holds the two equal. Small (a line or two a
 * pair), and made whole before the first byte is written.
 */
static void frame_grouped(const struct rdsclone_fleet *f, struct buf *b,
                          size_t *cut)
{
  const char *lead = f->format == RDSCLONE_FORMAT_SQL ? "-- " : "";
  struct fleet_counts c;
  size_t i, len;

  for(i = 0; i < f->n; i++) {
    const struct fleet_result *r = &f->v[i];
    if(i)
      buf_addc(b, '\n');
    buf_addf(b, "%spair ", lead);
    display_add(b, r->name, strlen(r->name));
    buf_addf(b, ": %s (exit %d)\n", fleet_status_word(r->exit), r->exit);
    cut[2 * i] = b->len;
    /* add_block(): a section always ends with a newline */
    len = r->section ? strlen(r->section) : 0;
    if(len && r->section[len - 1] != '\n')
      buf_addc(b, '\n');
    if(r->error[0]) {
      buf_addf(b, "%serror: ", lead);
      display_text(b, r->error, strlen(r->error));
      buf_addc(b, '\n');
    }
    cut[2 * i + 1] = b->len;
  }
  count_results(f, &c);
  buf_addf(b, "%s%sfleet: %zu pair%s: %zu in sync, %zu with changes, "
           "%zu failed, %zu locked; exit %d\n", f->n ? "\n" : "", lead,
           f->n, f->n == 1 ? "" : "s", c.in_sync, c.changes, c.failed,
           c.locked, rdsclone_fleet_exit(f));
}

/* cJSON_Print's layout: a tab per level, "key":<tab>value, ", " between
 * the items of an array; whole numbers as %d; RDSCLONE_VERSION and the
 * mode need no escaping. */
static void frame_json(const struct rdsclone_fleet *f, struct buf *b,
                       size_t *cut)
{
  struct fleet_counts c;
  size_t i;

  buf_addf(b, "{\n\t\"version\":\t%d,\n\t\"rdsclone\":\t\"%s\",\n"
           "\t\"mode\":\t\"%s\",\n\t\"pairs\":\t[", RDSCLONE_REPORT_VERSION,
           RDSCLONE_VERSION, f->mode == RDSCLONE_APPLY ? "apply" : "plan");
  for(i = 0; i < f->n; i++) {
    if(i)
      buf_adds(b, ", ");
    cut[2 * i] = cut[2 * i + 1] = b->len;
  }
  count_results(f, &c);
  buf_addf(b, "],\n\t\"summary\":\t{\n\t\t\"total\":\t%zu,\n"
           "\t\t\"in_sync\":\t%zu,\n\t\t\"changes\":\t%zu,\n"
           "\t\t\"failed\":\t%zu,\n\t\t\"locked\":\t%zu,\n"
           "\t\t\"exit_code\":\t%d\n\t}\n}", f->n, c.in_sync, c.changes,
           c.failed, c.locked, rdsclone_fleet_exit(f));
}

/* Writes len bytes of p: 0, or why not (an errno value). */
static int put(FILE *out, const char *p, size_t len)
{
  if(!len)
    return 0;
  errno = 0;
  if(fwrite(p, 1, len, out) != len)
    return errno ? errno : EIO;
  return 0;
}

enum rdsclone_code rdsclone_fleet_write(struct rdsclone_fleet *f, FILE *out)
{
  struct buf frame;
  const char *text;
  size_t *cut, i, at = 0;
  int err = 0;

  if(!f->rendering || f->written || !out)
    return RDSCLONE_E_USAGE;
  /* nothing is written unless all of it can be: never a cut report */
  for(i = 0; i < f->n; i++)
    if(!section_ready(f, &f->v[i]))
      return RDSCLONE_E_NOMEM;
  cut = malloc((2 * f->n + 1) * sizeof(*cut));
  if(!cut)
    return RDSCLONE_E_NOMEM;
  buf_init(&frame, (size_t)1 << 30);
  if(f->format == RDSCLONE_FORMAT_JSON)
    frame_json(f, &frame, cut);
  else
    frame_grouped(f, &frame, cut);
  if(buf_failed(&frame)) {
    buf_release(&frame);
    free(cut);
    return RDSCLONE_E_NOMEM;
  }
  text = buf_str(&frame);
  f->written = 1;
  /* each section let go once written: the output is held once */
  for(i = 0; i < f->n; i++) {
    struct fleet_result *r = &f->v[i];
    if(!err)
      err = put(out, text + at, cut[2 * i] - at);
    if(!err && r->section)
      err = put(out, r->section, strlen(r->section));
    free(r->section);
    r->section = NULL;
    if(!err)
      err = put(out, text + cut[2 * i], cut[2 * i + 1] - cut[2 * i]);
    at = cut[2 * i + 1];
  }
  if(!err)
    err = put(out, text + at, frame.len - at);
  /* a pipe or a full disk may say so only now */
  if(!err) {
    errno = 0;
    if(fflush(out) || ferror(out))
      err = errno ? errno : EIO;
  }
  buf_release(&frame);
  free(cut);
  if(err) {
    errno = err;
    return RDSCLONE_E_IO;
  }
  return RDSCLONE_OK;
}
