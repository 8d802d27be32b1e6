/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_fleet.c - "rdsclone plan|apply --all / --pair NAME": picks the
 * configuration's pairs, runs them (rdsclone_fleet_run_sections, --jobs at a
 * time), prints the grouped report (rdsclone_fleet_write), logs each failed
 * pair's error, writes the metrics file and returns the worst pair's exit
 * status. The work is the library's; this file selects and prints.
 */
#include "cli_fleet.h"
#include "cli_log.h"
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cfg_pair *find_pair(const struct cfg *cf,
                                        const char *name)
{
  size_t i;
  for(i = 0; i < cf->npairs; i++)
    if(!strcmp(cf->pairs[i].name, name))
      return &cf->pairs[i];
  return NULL;
}

static int selected(const struct cli *c, const char *name)
{
  size_t i;
  if(c->all)
    return 1;
  for(i = 0; i < c->npair_names; i++)
    if(!strcmp(c->pair_names[i], name))
      return 1;
  return 0;
}

/* "--pair NAME: no such pair", naming the first 20 pairs there are. */
static int unknown_pair(const struct cli *c, const char *name)
{
  struct buf known;
  size_t j;
  int rc;
  buf_init(&known, BUF_CAP_SMALL);
  for(j = 0; j < c->cfg.npairs && j < 20; j++)
    buf_addf(&known, "%s%s", j ? ", " : "", c->cfg.pairs[j].name);
  if(c->cfg.npairs > 20)
    buf_adds(&known, ", ...");
  if(buf_failed(&known))
    return cli_out_of_memory();
  rc = cli_usage("--pair \"%s\": no such pair in %s (known: %s)", name,
                 c->config_path, buf_str(&known));
  buf_release(&known);
  return rc;
}

int cli_fleet_select(struct cli *c)
{
  size_t i;

  if(!c->cfg.has_pairs) {
    cli_logf(NULL, RDSCLONE_LOG_ERROR, "%s: no 'pairs' list: --all and "
             "--pair run the pairs a configuration names (pairs = ( { name "
             "= \"...\"; source = { ... }; target = { ... }; }, ... );)",
             c->config_path);
    return RDSCLONE_EXIT_CONFIG;
  }
  for(i = 0; i < c->npair_names; i++)
    if(!find_pair(&c->cfg, c->pair_names[i]))
      return unknown_pair(c, c->pair_names[i]);
  c->pairs = calloc(c->cfg.npairs, sizeof(*c->pairs));
  if(!c->pairs)
    return cli_out_of_memory();
  /* in the file's order, each once, whatever order --pair named them */
  for(i = 0; i < c->cfg.npairs; i++) {
    struct rdsclone_pair *p;
    if(!selected(c, c->cfg.pairs[i].name))
      continue;
    p = &c->pairs[c->npairs++];
    p->name = c->cfg.pairs[i].name;
    p->opts = c->cfg.pairs[i].opts;
    /* log lines name the pair */
    if(cli_apply_overrides(c, c->cfg.pairs[i].opts, (void *)p->name))
      return cli_out_of_memory();
  }
  return -1;
}

int cli_write_metrics(const struct cli *c, const struct rdsclone_fleet *f,
                      int status)
{
  char errbuf[1024] = "";

  if(!c->metrics_file)
    return status;
  if(rdsclone_metrics_write(c->metrics_file, f, errbuf, sizeof(errbuf))) {
    cli_logf(NULL, RDSCLONE_LOG_ERROR, "%s", errbuf);
    return rdsclone_exit_worst(status, RDSCLONE_EXIT_FAILURE);
  }
  return status;
}

/* The report on stdout as cli_print() prints it (JSON gets a final
 * newline), each pair's part let go once written: RDSCLONE_OK,
 * RDSCLONE_E_NOMEM (nothing printed) or RDSCLONE_E_IO (errno says why). */
static enum rdsclone_code print_report(struct rdsclone_fleet *f,
                                       enum rdsclone_format format)
{
  enum rdsclone_code rc;

  rc = rdsclone_fleet_write(f, stdout);
  if(!rc && format == RDSCLONE_FORMAT_JSON) {
    errno = 0;
    if(putc('\n', stdout) == EOF || fflush(stdout)) {
      if(!errno)
        errno = EIO;
      rc = RDSCLONE_E_IO;
    }
  }
  return rc;
}

int cli_fleet_run(struct cli *c)
{
  struct rdsclone_fleet *f = NULL;
  enum rdsclone_code rc;
  size_t i;
  int status, err;

  /* each pair rendered as it ends: memory does not grow with the
   * number of pairs, only with the output, which is held once */
  if(rdsclone_fleet_run_sections(c->pairs, c->npairs, c->cmd == CMD_APPLY
                                 ? RDSCLONE_APPLY : RDSCLONE_PLAN, c->jobs,
                                 c->format, c->show_secrets, &f))
    return cli_out_of_memory();
  rc = print_report(f, c->format);
  err = errno;
  for(i = 0; i < rdsclone_fleet_size(f); i++)
    if(rdsclone_fleet_pair_code(f, i))
      cli_log((void *)rdsclone_fleet_pair_name(f, i), RDSCLONE_LOG_ERROR,
              rdsclone_fleet_pair_error(f, i));
  status = rdsclone_fleet_exit(f);
  if(rc == RDSCLONE_E_NOMEM)
    cli_error("out of memory rendering the report");
  else if(rc == RDSCLONE_E_IO)
    cli_output_failed(err);   /* said once, as the command ends */
  else if(rc)
    cli_error("writing the report to standard output: %s",
              rdsclone_strerror(rc));
  if(rc)
    status = rdsclone_exit_worst(status, RDSCLONE_EXIT_FAILURE);
  status = cli_write_metrics(c, f, status);
  rdsclone_fleet_free(f);
  return status;
}
