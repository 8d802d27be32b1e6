/* SPDX-License-Identifier: Apache-2.0 */
/*
 * metrics.h - the Prometheus text exposition format (the node_exporter
 * textfile collector reads it) for the results of a run: per pair the
 * last run and last success times, duration, pending actions by kind,
 * applied and failed actions, converged, exit status. Pure functions here;
 * rdsclone_metrics_write() (rdsclone.h) adds the files.
 *
 * Every family is a gauge labelled pair="NAME"; pending actions also
 * kind="KIND". A label value is escaped as the format says: backslash,
 * double quote and newline become \\, \" and \n; nothing else changes.
 */
#ifndef RDSCLONE_METRICS_H
#define RDSCLONE_METRICS_H

#include "buf.h"
#include "run/fleet.h"

/* Appends v escaped as a label value (without the quotes); nonzero when
 * an add failed (the buffer is then emptied, as buf.h says). */
int metrics_escape_label(struct buf *b, const char *v);

/*
 * Reads one sample line of the format: name{label="value",...} value.
 * On success returns 0, *name and *namelen the metric name, the unescaped
 * value of label "pair" into pair (reset first; empty when absent) and
 * *value the sample's value. -1 for comments, blank or malformed lines.
 */
int metrics_parse_sample(const char *line, size_t len, const char **name,
                         size_t *namelen, struct buf *pair, double *value);

/*
 * The whole file for fleet f. old (may be NULL) is the previous file's
 * text: pairs of f that did not succeed keep its last success time (0
 * when it has none), and samples of pairs not in f are kept. Transferred
 * (free()); NULL on OOM.
 */
char *metrics_render(const struct rdsclone_fleet *f, const char *old);

#endif
