/*
 * cli.c - argument parsing, help text, output and exit codes of rdsclone.
 */
#include "cli.h"
#include "numparse.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void errorf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  cli_vlogf(NULL, RDSCLONE_LOG_ERROR, fmt, ap);
  va_end(ap);
}

void cli_print(const char *text)
{
  fputs(text, stdout);
  if(*text && text[strlen(text) - 1] != '\n')
    fputc('\n', stdout);
  fflush(stdout);
}

static int usage_error(const char *fmt, ...)
  __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...)
{
  va_list ap;
  fputs("rdsclone: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputs("\nTry \"rdsclone --help\" for more information.\n", stderr);
  return RDSCLONE_EXIT_USAGE;
}

static void help(void)
{
  printf(
"rdsclone keeps MySQL/MariaDB and PostgreSQL accounts, roles, grants\n"
"(and RDS binlog retention) identical between a source and a target.\n"
"\n"
"Usage:\n"
"  rdsclone plan  [OPTION]...    show what would change on the target\n"
"  rdsclone apply [OPTION]...    change the target, then verify it\n"
"  rdsclone dump (--source URI | --target URI) [--format text|json]\n"
"  rdsclone plan|apply -c FILE (--all | --pair NAME...) [--jobs N] [OPTION]...\n"
"                                run the configuration's pairs (a fleet)\n"
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
"                            reconciled (default: all that both have)\n"
"\n"
"Output options:\n"
"      --format FORMAT       text (default), json or sql\n"
"      --show-secrets        print password hashes instead of <redacted>\n"
"      --continue-on-error   apply the remaining statements after a failure\n"
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
"status (78 > 64 > 1 > 75 > 2 > 0).\n");
}

/* A failure's exit status: the library's mapping, so that the CLI, the
 * fleet report and the metrics say the same. */
int cli_exit_code(enum rdsclone_code rc)
{
  return rdsclone_exit_status(rc, RDSCLONE_APPLY, NULL);
}

enum {
  OPT_SOURCE = 256, OPT_TARGET, OPT_FORMAT, OPT_INCLUDE, OPT_EXCLUDE,
  OPT_PRUNE, OPT_SHOW_SECRETS, OPT_CONTINUE, OPT_BINLOG, OPT_DATABASES,
  OPT_ALL, OPT_PAIR, OPT_JOBS, OPT_METRICS, OPT_LOG_FORMAT, OPT_STRICT
};

/* The flags that override the configuration, onto one pair's options. */
static void apply_overrides(struct cli *c, struct rdsclone_options *o)
{
  if(c->flag_source) o->source.uri = c->flag_source;
  if(c->flag_target) o->target.uri = c->flag_target;
  if(c->ninclude) {
    o->include = c->include;
    o->ninclude = c->ninclude;
  }
  if(c->nexclude) {
    o->exclude = c->exclude;
    o->nexclude = c->nexclude;
  }
  if(c->ndatabases) {
    o->databases = c->databases;
    o->ndatabases = c->ndatabases;
  }
  if(c->flag_prune) o->prune = 1;
  if(c->flag_strict) o->strict = 1;
  if(c->flag_continue) o->continue_on_error = 1;
  if(c->flag_binlog != -2) {
    o->binlog_retention_hours = c->flag_binlog;
    o->binlog_retention_fixed = 1;
  }
  o->log = cli_log;
  o->log_userdata = NULL;
  o->verbosity = c->quiet ? RDSCLONE_LOG_ERROR
                          : RDSCLONE_LOG_WARN + c->flag_verbose;
}

int cli_parse(struct cli *c, int argc, char **argv)
{
  static const struct option longopts[] = {
    { "config", required_argument, NULL, 'c' },
    { "source", required_argument, NULL, OPT_SOURCE },
    { "target", required_argument, NULL, OPT_TARGET },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "include", required_argument, NULL, OPT_INCLUDE },
    { "exclude", required_argument, NULL, OPT_EXCLUDE },
    { "prune", no_argument, NULL, OPT_PRUNE },
    { "strict", no_argument, NULL, OPT_STRICT },
    { "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
    { "continue-on-error", no_argument, NULL, OPT_CONTINUE },
    { "binlog-retention-hours", required_argument, NULL, OPT_BINLOG },
    { "databases", required_argument, NULL, OPT_DATABASES },
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
  const char *config = NULL;
  int opt;
  char errbuf[1024];

  memset(c, 0, sizeof(*c));
  rdsclone_options_init(&c->opts);
  c->format = RDSCLONE_FORMAT_TEXT;
  c->flag_binlog = -2;
  c->jobs = 2;
  if(argc > 1 && argv[1][0] != '-') {
    if(!strcmp(argv[1], "plan")) c->cmd = CMD_PLAN;
    else if(!strcmp(argv[1], "apply")) c->cmd = CMD_APPLY;
    else if(!strcmp(argv[1], "dump")) c->cmd = CMD_DUMP;
    else if(!strcmp(argv[1], "help")) { help(); return RDSCLONE_EXIT_OK; }
    else return usage_error("unknown command \"%s\"", argv[1]);
    argv++;
    argc--;
  }
  opterr = 0;
  while((opt = getopt_long(argc, argv, ":c:vqhV", longopts, NULL)) != -1) {
    switch(opt) {
    case 'c': config = optarg; break;
    case OPT_SOURCE: c->flag_source = optarg; break;
    case OPT_TARGET: c->flag_target = optarg; break;
    case OPT_ALL: c->all = 1; break;
    case OPT_PAIR: {
      const char **v;
      if(!*optarg)
        return usage_error("--pair needs a pair's name");
      v = realloc(c->pair_names, (c->npair_names + 1) * sizeof(*v));
      if(!v)
        return usage_error("out of memory");
      c->pair_names = v;
      c->pair_names[c->npair_names++] = optarg;
      break;
    }
    case OPT_JOBS: {
      long n;
      if(parse_long(optarg, 1, 64, &n))
        return usage_error("--jobs \"%s\": expected 1 to 64", optarg);
      c->jobs = (unsigned)n;
      break;
    }
    case OPT_METRICS:
      if(!*optarg)
        return usage_error("--metrics-file needs a path");
      c->metrics_file = optarg;
      break;
    case OPT_LOG_FORMAT:
      if(!strcmp(optarg, "text")) cli_log_set_format(LOGLINE_TEXT);
      else if(!strcmp(optarg, "json")) cli_log_set_format(LOGLINE_JSON);
      else return usage_error("unknown log format \"%s\" (text, json)",
                              optarg);
      break;
    case OPT_FORMAT:
      if(!strcmp(optarg, "text")) c->format = RDSCLONE_FORMAT_TEXT;
      else if(!strcmp(optarg, "json")) c->format = RDSCLONE_FORMAT_JSON;
      else if(!strcmp(optarg, "sql")) c->format = RDSCLONE_FORMAT_SQL;
      else return usage_error("unknown format \"%s\" (text, json, sql)",
                              optarg);
      break;
    case OPT_INCLUDE:
    case OPT_EXCLUDE: {
      const char *why;
      if(rdsclone_pattern_check(optarg, &why)) {
        fprintf(stderr, "rdsclone: pattern \"%s\": %s\n", optarg, why);
        return RDSCLONE_EXIT_USAGE;
      }
      if(opt == OPT_INCLUDE && c->ninclude < CFG_MAX_PATTERNS)
        c->include[c->ninclude++] = optarg;
      else if(opt == OPT_EXCLUDE && c->nexclude < CFG_MAX_PATTERNS)
        c->exclude[c->nexclude++] = optarg;
      else
        return usage_error("too many patterns");
      break;
    }
    case OPT_PRUNE: c->flag_prune = 1; break;
    case OPT_STRICT: c->flag_strict = 1; break;
    case OPT_SHOW_SECRETS: c->show_secrets = 1; break;
    case OPT_CONTINUE: c->flag_continue = 1; break;
    case OPT_BINLOG:
      if(!strcmp(optarg, "NULL"))
        c->flag_binlog = -1;
      else if(parse_long(optarg, 1, 168, &c->flag_binlog))
        return usage_error("--binlog-retention-hours \"%s\": expected 1 to "
                           "168 (what RDS accepts) or NULL", optarg);
      break;
    case OPT_DATABASES: {
      char *p;
      free(c->databases_arg);
      c->databases_arg = strdup(optarg);
      c->ndatabases = 0;
      for(p = c->databases_arg; p && *p; ) {
        char *comma = strchr(p, ',');
        if(comma)
          *comma = 0;
        if(!*p || c->ndatabases == CFG_MAX_PATTERNS)
          return usage_error("--databases \"%s\": expected a,b,...",
                             optarg);
        c->databases[c->ndatabases++] = p;
        p = comma ? comma + 1 : NULL;
      }
      break;
    }
    case 'v': c->flag_verbose++; break;
    case 'q': c->quiet = 1; break;
    case 'h': help(); return RDSCLONE_EXIT_OK;
    case 'V': printf("rdsclone %s\n", RDSCLONE_VERSION); return RDSCLONE_EXIT_OK;
    case ':': return usage_error("option \"%s\" needs a value",
                                 argv[optind - 1]);
    default: return usage_error("unknown option \"%s\"", argv[optind - 1]);
    }
  }
  if(optind < argc)
    return usage_error("unexpected argument \"%s\"", argv[optind]);
  if(c->cmd == CMD_NONE)
    return usage_error("no command given (plan, apply or dump)");

  c->fleet = c->all || c->npair_names;
  c->config_path = config;
  if(c->fleet) {
    if(c->cmd == CMD_DUMP)
      return usage_error("dump reads one server: --all and --pair go with "
                         "plan and apply");
    if(c->flag_source || c->flag_target)
      return usage_error("--source/--target name one pair: with --all or "
                         "--pair the configuration's pairs list names them");
    if(c->all && c->npair_names)
      return usage_error("give --all or --pair NAME, not both");
    if(!config)
      return usage_error("--all and --pair run the pairs list of a "
                         "configuration: give -c FILE");
  }

  if(config && cfg_load(&c->cfg, config, &c->opts, errbuf, sizeof(errbuf))) {
    errorf("%s", errbuf);
    return RDSCLONE_EXIT_CONFIG;
  }
  if(c->fleet)
    return cli_fleet_select(c, apply_overrides);
  /* flags override the file */
  apply_overrides(c, &c->opts);
  if(c->cmd == CMD_DUMP) {
    if((c->flag_source != NULL) == (c->flag_target != NULL))
      return usage_error("dump needs exactly one of --source URI or "
                         "--target URI");
    if(c->format == RDSCLONE_FORMAT_SQL)
      return usage_error("dump prints text or json, not %s", "sql");
    if(c->metrics_file)
      return usage_error("--metrics-file goes with plan and apply, not dump");
    c->dump_side = c->flag_source ? RDSCLONE_SOURCE : RDSCLONE_TARGET;
    return -1;
  }
  if(c->cfg.has_pairs && !c->opts.source.uri && !c->opts.target.uri)
    return usage_error("%s names %zu pairs and no single source and "
                       "target: run them with --all or --pair NAME", config,
                       c->cfg.npairs);
  c->pairs = calloc(1, sizeof(*c->pairs));
  if(!c->pairs)
    return usage_error("out of memory");
  c->pairs[0].name = c->cfg.name ? c->cfg.name : "default";
  c->pairs[0].opts = c->opts;
  c->npairs = 1;
  return -1;
}

int cli_run(struct cli *c)
{
  char errbuf[1024] = "";
  enum rdsclone_code rc;
  char *out = NULL;

  if(c->cmd == CMD_DUMP) {
    rc = rdsclone_dump(&c->opts, (enum rdsclone_side)c->dump_side,
                       c->format, c->show_secrets, &out, errbuf,
                       sizeof(errbuf));
    if(out)
      cli_print(out);
  }
  else if(c->fleet)
    return cli_fleet_run(c);
  else {
    /* one pair, printed exactly as before fleets existed */
    struct rdsclone_fleet *f = NULL;
    const struct rdsclone_report *r;
    int status;

    if(rdsclone_fleet_run(c->pairs, 1, c->cmd == CMD_APPLY ? RDSCLONE_APPLY
                                                           : RDSCLONE_PLAN,
                          1, &f)) {
      errorf("%s", rdsclone_strerror(RDSCLONE_E_NOMEM));
      return RDSCLONE_EXIT_FAILURE;
    }
    r = rdsclone_fleet_pair_report(f, 0);
    if(r) {
      out = rdsclone_report_render(r, c->format, c->show_secrets);
      if(out)
        cli_print(out);
    }
    rc = rdsclone_fleet_pair_code(f, 0);
    if(rc)
      errorf("%s", rdsclone_fleet_pair_error(f, 0));
    status = cli_write_metrics(c, f, rdsclone_fleet_pair_exit(f, 0));
    rdsclone_fleet_free(f);
    free(out);
    return status;
  }
  free(out);
  if(rc) {
    errorf("%s", errbuf[0] ? errbuf : rdsclone_strerror(rc));
    return cli_exit_code(rc);
  }
  return RDSCLONE_EXIT_OK;
}

void cli_release(struct cli *c)
{
  free(c->databases_arg);
  free(c->pair_names);
  free(c->pairs);
  cfg_release(&c->cfg);
}
