/* SPDX-License-Identifier: Apache-2.0 */
/*
 * args.c - the rdsclone command line: the command word, the options, and
 * the checks that need no server. What it reads goes into struct cli;
 * the configuration file (cfg.c) is loaded here, flags override it.
 */
#include "args.h"
#include "cli_log.h"
#include "format.h"
#include "numparse.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parsing goes on */
#define ARGS_CONTINUE (-1)

enum {
  OPT_SOURCE = 256, OPT_TARGET, OPT_FORMAT, OPT_INCLUDE, OPT_EXCLUDE,
  OPT_PRUNE, OPT_SHOW_SECRETS, OPT_CONTINUE, OPT_BINLOG, OPT_DATABASES,
  OPT_DATABASE, OPT_ALL, OPT_PAIR, OPT_JOBS, OPT_METRICS, OPT_LOG_FORMAT,
  OPT_STRICT, OPT_DRY_RUN, OPT_SEQUENCE_MARGIN
};

static const struct option longopts[] = {
  { "config", required_argument, NULL, 'c' },
  { "source", required_argument, NULL, OPT_SOURCE },
  { "target", required_argument, NULL, OPT_TARGET },
  { "format", required_argument, NULL, OPT_FORMAT },
  { "include", required_argument, NULL, OPT_INCLUDE },
  { "exclude", required_argument, NULL, OPT_EXCLUDE },
  { "prune", no_argument, NULL, OPT_PRUNE },
  { "strict", no_argument, NULL, OPT_STRICT },
  { "dry-run", no_argument, NULL, OPT_DRY_RUN },
  { "sequence-margin", required_argument, NULL, OPT_SEQUENCE_MARGIN },
  { "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
  { "continue-on-error", no_argument, NULL, OPT_CONTINUE },
  { "binlog-retention-hours", required_argument, NULL, OPT_BINLOG },
  { "databases", required_argument, NULL, OPT_DATABASES },
  { "database", required_argument, NULL, OPT_DATABASE },
  { "all", no_argument, NULL, OPT_ALL },
  { "pair", required_argument, NULL, OPT_PAIR },
  { "jobs", required_argument, NULL, OPT_JOBS },
  { "metrics-file", required_argument, NULL, OPT_METRICS },
  { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
  { "verbose", no_argument, NULL, 'v' },
  { "quiet", no_argument, NULL, 'q' },
  { "help", no_argument, NULL, 'h' },
  { "version", no_argument, NULL, 'V' },
  { NULL, 0, NULL, 0 }
};

/* The text of --help (the options are checked against the man page and
 * the completion by tests/packaging). */
static const char help_text[] =
"rdsclone keeps MySQL/MariaDB and PostgreSQL accounts, roles, grants\n"
"(and RDS binlog retention) identical between a source and a target.\n"
"\n"
"Usage:\n"
"  rdsclone plan  [OPTION]...    show what would change on the target\n"
"  rdsclone apply [OPTION]...    change the target, then verify it\n"
"  rdsclone dump (--source URI | --target URI) [--format text|json]\n"
"  rdsclone plan|apply -c FILE (--all | --pair NAME...) [--jobs N] [OPTION]...\n"
"                                run the configuration's pairs (a fleet)\n"
"  rdsclone recreate-replica [OPTION]...\n"
"                                re-create an RDS read replica under a new\n"
"                                primary and copy what lived only on it\n"
"  rdsclone compare A B [OPTION]...\n"
"                                compare two RDS instances attribute by\n"
"                                attribute\n"
"  rdsclone dms-prepare --source URI --target URI [--dry-run] [OPTION]...\n"
"                                target of an AWS DMS load: save and drop\n"
"                                its foreign keys, disable (MySQL: drop)\n"
"                                its triggers\n"
"  rdsclone dms-finish --source URI --target URI [--dry-run]\n"
"                      [--sequence-margin N] [OPTION]...\n"
"                                after the cut-over: foreign keys and\n"
"                                triggers back, sequences (MySQL: and\n"
"                                AUTO_INCREMENT) past the source's, then\n"
"                                apply\n"
"  rdsclone encrypt [OPTION]...\n"
"                                encrypt an RDS instance and its replicas\n"
"                                in place (snapshot, copy, restore, swap)\n"
"  (\"rdsclone recreate-replica --help\", \"rdsclone compare --help\" and\n"
"  \"rdsclone encrypt --help\" list their options.)\n"
"\n"
"Connection options:\n"
"  -c, --config FILE         configuration file (libconfig syntax)\n"
"      --source URI          mysql://USER@HOST[:PORT][?ssl-mode=..&ssl-ca=..]\n"
"                            or postgresql://USER@HOST[:PORT]/DB[?sslmode=..]\n"
"      --target URI          the same, for the server to change\n"
"  Passwords come from RDSCLONE_SOURCE_PASSWORD / RDSCLONE_TARGET_PASSWORD,\n"
"  the configuration's password_file, or the client's own files (MySQL:\n"
"  ~/.my.cnf; PostgreSQL: PGPASSWORD, .pgpass, service file), never from\n"
"  the command line.\n"
"\n"
"Fleet options (a configuration with a pairs list):\n"
"      --all                 run every pair of the configuration\n"
"      --pair NAME           run this pair (repeatable)\n"
"      --jobs N              pairs run at the same time (default 2)\n"
"\n"
"Selection options:\n"
"      --include PAT         only accounts matching USER@HOST (* and ?)\n"
"      --exclude PAT         leave accounts matching USER@HOST alone\n"
"      --prune               drop accounts that exist only on the target\n"
"      --strict              fail when anything privilege-bearing was not\n"
"                            compared (plan exits 2, apply 1)\n"
"      --binlog-retention-hours N|NULL\n"
"                            set this value instead of the source's\n"
"      --databases A,B       PostgreSQL: databases whose privileges are\n"
"                            reconciled (default: all that both have);\n"
"                            repeatable\n"
"      --database NAME       PostgreSQL: one such database, named exactly\n"
"                            (a comma is part of the name); repeatable\n"
"\n"
"Output options:\n"
"      --format FORMAT       text (default), json or sql\n"
"      --show-secrets        print password hashes instead of <redacted>\n"
"      --continue-on-error   apply the remaining statements after a failure\n"
"      --dry-run             dms-prepare, dms-finish: list what would be\n"
"                            done, change nothing (exit 2 when anything\n"
"                            would)\n"
"      --sequence-margin N   dms-finish: set sequences (and MySQL's\n"
"                            AUTO_INCREMENT) N past the source's\n"
"                            (default 0)\n"
"      --metrics-file PATH   write Prometheus metrics (textfile collector)\n"
"                            to PATH, atomically\n"
"      --log-format FORMAT   stderr log lines: text (default) or json\n"
"  -v, --verbose             more log lines on stderr (repeatable)\n"
"  -q, --quiet               errors only\n"
"  -h, --help                show this help, then exit\n"
"  -V, --version             show the version, then exit\n"
"\n"
"Exit status: 0 in sync or applied and verified; 1 runtime failure;\n"
"2 plan found changes; 64 usage error; 75 another run holds the target's\n"
"lock; 78 configuration error. A fleet exits with its worst pair's\n"
"status (78 > 64 > 1 > 75 > 2 > 0).\n";

static void help(void)
{
  cli_print(help_text);
}

/* list = the n values (when n), replacing what it held. */
static enum rdsclone_code override_list(struct rdsclone_options *o,
                                        enum rdsclone_option list,
                                        const char *const *v, size_t n)
{
  enum rdsclone_code rc = RDSCLONE_OK;
  size_t i;

  if(n)
    rc = rdsclone_options_clear_list(o, list);
  for(i = 0; i < n && !rc; i++)
    rc = rdsclone_options_set_str(o, list, v[i]);
  return rc;
}

enum rdsclone_code cli_apply_overrides(const struct cli *c,
                                       struct rdsclone_options *o,
                                       void *log_ud)
{
  enum rdsclone_code rc = RDSCLONE_OK;

  if(c->flag_source)
    rc = rdsclone_options_set_str(o, RDSCLONE_OPT_SOURCE_URI,
                                  c->flag_source);
  if(c->flag_target && !rc)
    rc = rdsclone_options_set_str(o, RDSCLONE_OPT_TARGET_URI,
                                  c->flag_target);
  if(!rc)
    rc = override_list(o, RDSCLONE_OPT_INCLUDE, c->include, c->ninclude);
  if(!rc)
    rc = override_list(o, RDSCLONE_OPT_EXCLUDE, c->exclude, c->nexclude);
  if(!rc)
    rc = override_list(o, RDSCLONE_OPT_DATABASE,
                       (const char *const *)c->databases, c->ndatabases);
  if(c->flag_prune && !rc)
    rc = rdsclone_options_set_int(o, RDSCLONE_OPT_PRUNE, 1);
  if(c->flag_strict && !rc)
    rc = rdsclone_options_set_int(o, RDSCLONE_OPT_STRICT, 1);
  if(c->flag_continue && !rc)
    rc = rdsclone_options_set_int(o, RDSCLONE_OPT_CONTINUE_ON_ERROR, 1);
  if(c->flag_binlog != -2 && !rc)
    rc = rdsclone_options_set_int(o, RDSCLONE_OPT_BINLOG_RETENTION_HOURS,
                                  c->flag_binlog);
  if(!rc)
    rc = rdsclone_options_set_log(o, cli_log, log_ud);
  if(!rc)
    rc = rdsclone_options_set_int(o, RDSCLONE_OPT_VERBOSITY, c->quiet
                                  ? RDSCLONE_LOG_ERROR
                                  : RDSCLONE_LOG_WARN + c->flag_verbose);
  return rc;
}

/* Adds one database name (copied); a usage error when there are too many,
 * out of memory an error of its own. */
static int add_database(struct cli *c, const char *name, size_t len,
                        const char *arg)
{
  char *copy;
  if(!len || c->ndatabases == CFG_MAX_PATTERNS)
    return cli_usage("--databases \"%s\": expected a,b,... (--database NAME "
                     "takes one name as it is)", arg);
  copy = strndup(name, len);
  if(!copy)
    return cli_out_of_memory();
  c->databases[c->ndatabases++] = copy;
  return ARGS_CONTINUE;
}

/* --databases a,b: each occurrence adds its comma-separated names. */
static int add_database_list(struct cli *c, const char *arg)
{
  const char *p = arg;
  for(;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    int rc = add_database(c, p, len, arg);
    if(rc != ARGS_CONTINUE || !comma)
      return rc;
    p = comma + 1;
  }
}

static int add_pattern(struct cli *c, int opt, const char *arg)
{
  const char *why;
  if(rdsclone_pattern_check(arg, &why)) {
    cli_error("pattern \"%s\": %s", arg, why);
    return RDSCLONE_EXIT_USAGE;
  }
  if(opt == OPT_INCLUDE && c->ninclude < CFG_MAX_PATTERNS)
    c->include[c->ninclude++] = arg;
  else if(opt == OPT_EXCLUDE && c->nexclude < CFG_MAX_PATTERNS)
    c->exclude[c->nexclude++] = arg;
  else
    return cli_usage("too many patterns");
  return ARGS_CONTINUE;
}

static int add_pair_name(struct cli *c, const char *arg)
{
  const char **v;
  if(!*arg)
    return cli_usage("--pair needs a pair's name");
  v = realloc(c->pair_names, (c->npair_names + 1) * sizeof(*v));
  if(!v)
    return cli_out_of_memory();
  c->pair_names = v;
  c->pair_names[c->npair_names++] = arg;
  return ARGS_CONTINUE;
}

/* The options that take a value to check. */
static int value_option(struct cli *c, int opt, const char *arg)
{
  long n;
  switch(opt) {
  case OPT_JOBS:
    if(parse_long(arg, 1, 64, &n))
      return cli_usage("--jobs \"%s\": expected 1 to 64", arg);
    c->jobs = (unsigned)n;
    return ARGS_CONTINUE;
  case OPT_METRICS:
    if(!*arg)
      return cli_usage("--metrics-file needs a path");
    c->metrics_file = arg;
    return ARGS_CONTINUE;
  case OPT_LOG_FORMAT: {
    enum logline_format lf;
    if(cli_log_format_parse(arg, &lf))
      return cli_usage("unknown log format \"%s\" (text, json)", arg);
    cli_log_set_format(lf);
    return ARGS_CONTINUE;
  }
  case OPT_FORMAT:
    if(cli_format_parse(arg, &c->format))
      return cli_usage("unknown format \"%s\" (text, json, sql)", arg);
    return ARGS_CONTINUE;
  case OPT_BINLOG:
    if(!strcmp(arg, "NULL"))
      c->flag_binlog = -1;
    else if(parse_long(arg, 1, 168, &c->flag_binlog))
      return cli_usage("--binlog-retention-hours \"%s\": expected 1 to "
                       "168 (what RDS accepts) or NULL", arg);
    return ARGS_CONTINUE;
  case OPT_SEQUENCE_MARGIN:
    if(parse_long(arg, 0, 1000000000000L, &c->sequence_margin))
      return cli_usage("--sequence-margin \"%s\": expected 0 to "
                       "1000000000000", arg);
    return ARGS_CONTINUE;
  case OPT_DATABASES: return add_database_list(c, arg);
  case OPT_DATABASE: return add_database(c, arg, strlen(arg), arg);
  case OPT_PAIR: return add_pair_name(c, arg);
  case OPT_INCLUDE:
  case OPT_EXCLUDE: return add_pattern(c, opt, arg);
  }
  return cli_usage("unknown option");
}

/* One option; ARGS_CONTINUE or the exit status to stop with. */
static int one_option(struct cli *c, int opt, char **argv)
{
  switch(opt) {
  case 'c': c->config_path = optarg; break;
  case OPT_SOURCE: c->flag_source = optarg; break;
  case OPT_TARGET: c->flag_target = optarg; break;
  case OPT_ALL: c->all = 1; break;
  case OPT_PRUNE: c->flag_prune = 1; break;
  case OPT_STRICT: c->flag_strict = 1; break;
  case OPT_DRY_RUN: c->dry_run = 1; break;
  case OPT_SHOW_SECRETS: c->show_secrets = 1; break;
  case OPT_CONTINUE: c->flag_continue = 1; break;
  case 'v': c->flag_verbose++; break;
  case 'q': c->quiet = 1; break;
  case 'h': help(); return RDSCLONE_EXIT_OK;
  case 'V':
    cli_print("rdsclone " RDSCLONE_VERSION);
    return RDSCLONE_EXIT_OK;
  case ':':
    return cli_usage("option \"%s\" needs a value", argv[optind - 1]);
  case '?':
    return cli_usage("unknown option \"%s\"", argv[optind - 1]);
  default:
    return value_option(c, opt, optarg);
  }
  return ARGS_CONTINUE;
}

static int command_word(struct cli *c, const char *word)
{
  if(!strcmp(word, "plan")) c->cmd = CMD_PLAN;
  else if(!strcmp(word, "apply")) c->cmd = CMD_APPLY;
  else if(!strcmp(word, "dump")) c->cmd = CMD_DUMP;
  else if(!strcmp(word, "dms-prepare")) c->cmd = CMD_DMS_PREPARE;
  else if(!strcmp(word, "dms-finish")) c->cmd = CMD_DMS_FINISH;
  else if(!strcmp(word, "help")) {
    help();
    return RDSCLONE_EXIT_OK;
  }
  else
    return cli_usage("unknown command \"%s\"", word);
  return ARGS_CONTINUE;
}

/* --all / --pair: what goes with them. */
static int check_fleet(const struct cli *c)
{
  if(c->cmd == CMD_DUMP)
    return cli_usage("dump reads one server: --all and --pair go with "
                     "plan and apply");
  if(c->cmd == CMD_DMS_PREPARE || c->cmd == CMD_DMS_FINISH)
    return cli_usage("dms-prepare and dms-finish run one pair: give "
                     "--source and --target (or -c FILE naming them)");
  if(c->flag_source || c->flag_target)
    return cli_usage("--source/--target name one pair: with --all or "
                     "--pair the configuration's pairs list names them");
  if(c->all && c->npair_names)
    return cli_usage("give --all or --pair NAME, not both");
  if(!c->config_path)
    return cli_usage("--all and --pair run the pairs list of a "
                     "configuration: give -c FILE");
  return ARGS_CONTINUE;
}

static int check_dump(struct cli *c)
{
  if((c->flag_source != NULL) == (c->flag_target != NULL))
    return cli_usage("dump needs exactly one of --source URI or "
                     "--target URI");
  if(c->format == RDSCLONE_FORMAT_SQL)
    return cli_usage("dump prints text or json, not %s", "sql");
  if(c->metrics_file)
    return cli_usage("--metrics-file goes with plan and apply, not dump");
  c->dump_side = c->flag_source ? RDSCLONE_SOURCE : RDSCLONE_TARGET;
  return ARGS_CONTINUE;
}

/* What only the DMS commands take, and what they need. */
static int check_dms(const struct cli *c)
{
  int dms = c->cmd == CMD_DMS_PREPARE || c->cmd == CMD_DMS_FINISH;
  if(c->dry_run && !dms)
    return cli_usage("--dry-run goes with dms-prepare and dms-finish "
                     "(plan is apply's dry run)");
  if(c->sequence_margin >= 0 && c->cmd != CMD_DMS_FINISH)
    return cli_usage("--sequence-margin goes with dms-finish");
  if(!dms)
    return ARGS_CONTINUE;
  if(c->metrics_file)
    return cli_usage("--metrics-file goes with plan and apply");
  if(!rdsclone_options_get_str(c->opts, RDSCLONE_OPT_SOURCE_URI) ||
     !rdsclone_options_get_str(c->opts, RDSCLONE_OPT_TARGET_URI))
    return cli_usage("%s needs --source URI and --target URI (or a "
                     "configuration naming both)", c->cmd == CMD_DMS_PREPARE
                     ? "dms-prepare" : "dms-finish");
  return ARGS_CONTINUE;
}

/* plan/apply of one pair: the file's settings with the flags over them. */
static int single_pair(struct cli *c)
{
  if(c->cfg.has_pairs &&
     !rdsclone_options_get_str(c->opts, RDSCLONE_OPT_SOURCE_URI) &&
     !rdsclone_options_get_str(c->opts, RDSCLONE_OPT_TARGET_URI))
    return cli_usage("%s names %zu pairs and no single source and "
                     "target: run them with --all or --pair NAME",
                     c->config_path, c->cfg.npairs);
  c->pairs = calloc(1, sizeof(*c->pairs));
  if(!c->pairs)
    return cli_out_of_memory();
  c->pairs[0].name = c->cfg.name ? c->cfg.name : "default";
  c->pairs[0].opts = c->opts;
  c->npairs = 1;
  return ARGS_CONTINUE;
}

/* After the options: the file, then what each command needs. */
static int finish(struct cli *c)
{
  char errbuf[1024];
  int rc;

  c->fleet = c->all || c->npair_names;
  if(c->fleet && (rc = check_fleet(c)) != ARGS_CONTINUE)
    return rc;
  if(c->config_path) {
    enum rdsclone_code lrc = cfg_load(&c->cfg, c->config_path, c->opts,
                                      errbuf, sizeof(errbuf));
    if(lrc == RDSCLONE_E_NOMEM)
      return cli_out_of_memory();
    if(lrc) {
      cli_error("%s", errbuf);
      return RDSCLONE_EXIT_CONFIG;
    }
  }
  if(c->fleet)
    return ARGS_CONTINUE;   /* the pairs are chosen by cli_fleet_select */
  if(cli_apply_overrides(c, c->opts, NULL))
    return cli_out_of_memory();
  if((rc = check_dms(c)) != ARGS_CONTINUE)
    return rc;
  if(c->cmd == CMD_DUMP)
    return check_dump(c);
  return single_pair(c);
}

int cli_parse(struct cli *c, int argc, char **argv)
{
  int opt, rc;

  memset(c, 0, sizeof(*c));
  if(!(c->opts = rdsclone_options_new()))
    return cli_out_of_memory();
  c->format = RDSCLONE_FORMAT_TEXT;
  c->flag_binlog = -2;
  c->jobs = 2;
  c->sequence_margin = -1;
  if(argc > 1 && argv[1][0] != '-') {
    if((rc = command_word(c, argv[1])) != ARGS_CONTINUE)
      return rc;
    argv++;
    argc--;
  }
  opterr = 0;
  while((opt = getopt_long(argc, argv, ":c:vqhV", longopts, NULL)) != -1)
    if((rc = one_option(c, opt, argv)) != ARGS_CONTINUE)
      return rc;
  if(optind < argc)
    return cli_usage("unexpected argument \"%s\"", argv[optind]);
  if(c->cmd == CMD_NONE)
    return cli_usage("no command given (plan, apply, dump, dms-prepare or dms-finish)");
  return finish(c);
}

void cli_release(struct cli *c)
{
  size_t i;
  for(i = 0; i < c->ndatabases; i++)
    free(c->databases[i]);
  free(c->pair_names);
  free(c->pairs);
  rdsclone_options_free(c->opts);
  cfg_release(&c->cfg);
}
