/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_metrics.c - the previous --metrics-file, read back by
 * metrics_render() (agent/metrics.c) to keep last success times and other
 * pairs' samples: any bytes there (a file someone edited, a truncated
 * write) give a new file or NULL (OOM), never a crash or leak. The input
 * is the old file, then (after a 0xff byte) a pair name; the new file's
 * every sample line parses, and the pair of this run appears in it with
 * its name escaped.
 */
#include "fuzz_util.h"
#include "run/metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct fin in = { data, size };
  char *old = fin_cstr(&in), *name = fin_cstr(&in), *text, *line, *next;
  struct fleet_result res;
  struct rdsclone_fleet f;
  struct buf pair;
  int seen = 0;

  memset(&res, 0, sizeof(res));
  res.name = name[0] ? name : "default";
  res.rc = RDSCLONE_E_CONNECT;   /* a failed run: the old success is kept */
  res.exit = 1;
  res.started = 1700000000.0;
  res.finished = 1700000001.5;
  res.seconds = 1.5;
  f.mode = RDSCLONE_APPLY;
  f.v = &res;
  f.n = 1;
  text = metrics_render(&f, old);
  buf_init(&pair, BUF_CAP_SMALL);
  if(text) {
    for(line = text; *line; line = next) {
      const char *mname;
      size_t mlen, len;
      double v;
      next = strchr(line, '\n');
      FUZZ_CHECK(next != NULL);   /* every line ends in a newline */
      len = (size_t)(next - line);
      next++;
      if(!len || line[0] == '#')
        continue;
      FUZZ_CHECK(!metrics_parse_sample(line, len, &mname, &mlen, &pair, &v));
      if(!strcmp(buf_str(&pair), res.name))
        seen = 1;
    }
    FUZZ_CHECK(seen);
    free(text);
  }
  buf_release(&pair);
  free(old);
  free(name);
  return 0;
}
