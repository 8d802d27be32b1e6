/*
 * cli.c - argument parsing, help text, output and exit codes of rdsclone.
 */
#include "cli.h"
#include "filter.h"
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
  fputs("rdsclone: error: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
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
  return EXIT_USAGE;
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
"Selection options:\n"
"      --include PAT         only accounts matching USER@HOST (* and ?)\n"
"      --exclude PAT         leave accounts matching USER@HOST alone\n"
"      --prune               drop accounts that exist only on the target\n"
"      --binlog-retention-hours N|NULL\n"
"                            set this value instead of the source's\n"
"      --databases A,B       PostgreSQL: databases whose privileges are\n"
"                            reconciled (default: all that both have)\n"
"\n"
"Output options:\n"
"      --format FORMAT       text (default), json or sql\n"
"      --show-secrets        print password hashes instead of <redacted>\n"
"      --continue-on-error   apply the remaining statements after a failure\n"
"  -v, --verbose             more log lines on stderr (repeatable)\n"
"  -q, --quiet               errors only\n"
"  -h, --help                show this help, then exit\n"
"  -V, --version             show the version, then exit\n"
"\n"
"Exit status: 0 in sync or applied and verified; 1 runtime failure;\n"
"2 plan found changes; 64 usage error; 75 another run holds the target's\n"
"lock; 78 configuration error.\n");
}

static void log_stderr(void *ud, enum rdsclone_log_level l, const char *msg)
{
  static const char *const names[] = { "error", "warning", "info", "debug" };
  (void)ud;
  fprintf(stderr, "rdsclone: %s: %s\n", names[l], msg);
}

int cli_exit_code(enum rdsclone_code rc)
{
  switch(rc) {
  case RDSCLONE_OK: return EXIT_OK;
  case RDSCLONE_E_USAGE: return EXIT_USAGE;
  case RDSCLONE_E_CONFIG: return EXIT_CONFIG;
  case RDSCLONE_E_LOCKED: return EXIT_LOCKED;
  default: return EXIT_FAILURE_RUN;
  }
}

enum {
  OPT_SOURCE = 256, OPT_TARGET, OPT_FORMAT, OPT_INCLUDE, OPT_EXCLUDE,
  OPT_PRUNE, OPT_SHOW_SECRETS, OPT_CONTINUE, OPT_BINLOG, OPT_DATABASES
};

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
    { "show-secrets", no_argument, NULL, OPT_SHOW_SECRETS },
    { "continue-on-error", no_argument, NULL, OPT_CONTINUE },
    { "binlog-retention-hours", required_argument, NULL, OPT_BINLOG },
    { "databases", required_argument, NULL, OPT_DATABASES },
    { "verbose", no_argument, NULL, 'v' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { "version", no_argument, NULL, 'V' },
    { NULL, 0, NULL, 0 }
  };
  const char *config = NULL, *source = NULL, *target = NULL;
  int verbose = 0, prune = 0, cont = 0, opt;
  long binlog = -2;
  char errbuf[1024];

  memset(c, 0, sizeof(*c));
  rdsclone_options_init(&c->opts);
  c->format = RDSCLONE_FORMAT_TEXT;
  if(argc > 1 && argv[1][0] != '-') {
    if(!strcmp(argv[1], "plan")) c->cmd = CMD_PLAN;
    else if(!strcmp(argv[1], "apply")) c->cmd = CMD_APPLY;
    else if(!strcmp(argv[1], "dump")) c->cmd = CMD_DUMP;
    else if(!strcmp(argv[1], "help")) { help(); return EXIT_OK; }
    else return usage_error("unknown command \"%s\"", argv[1]);
    argv++;
    argc--;
  }
  opterr = 0;
  while((opt = getopt_long(argc, argv, ":c:vqhV", longopts, NULL)) != -1) {
    switch(opt) {
    case 'c': config = optarg; break;
    case OPT_SOURCE: source = optarg; break;
    case OPT_TARGET: target = optarg; break;
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
      if(filter_pattern_check(optarg, &why)) {
        fprintf(stderr, "rdsclone: pattern \"%s\": %s\n", optarg, why);
        return EXIT_USAGE;
      }
      if(opt == OPT_INCLUDE && c->ninclude < CFG_MAX_PATTERNS)
        c->include[c->ninclude++] = optarg;
      else if(opt == OPT_EXCLUDE && c->nexclude < CFG_MAX_PATTERNS)
        c->exclude[c->nexclude++] = optarg;
      else
        return usage_error("too many patterns");
      break;
    }
    case OPT_PRUNE: prune = 1; break;
    case OPT_SHOW_SECRETS: c->show_secrets = 1; break;
    case OPT_CONTINUE: cont = 1; break;
    case OPT_BINLOG:
      if(!strcmp(optarg, "NULL"))
        binlog = -1;
      else if(parse_long(optarg, 1, 168, &binlog))
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
    case 'v': verbose++; break;
    case 'q': c->quiet = 1; break;
    case 'h': help(); return EXIT_OK;
    case 'V': printf("rdsclone %s\n", RDSCLONE_VERSION); return EXIT_OK;
    case ':': return usage_error("option \"%s\" needs a value",
                                 argv[optind - 1]);
    default: return usage_error("unknown option \"%s\"", argv[optind - 1]);
    }
  }
  if(optind < argc)
    return usage_error("unexpected argument \"%s\"", argv[optind]);
  if(c->cmd == CMD_NONE)
    return usage_error("no command given (plan, apply or dump)");

  if(config && cfg_load(&c->cfg, config, &c->opts, errbuf, sizeof(errbuf))) {
    errorf("%s", errbuf);
    return EXIT_CONFIG;
  }
  /* flags override the file */
  if(source) c->opts.source.uri = source;
  if(target) c->opts.target.uri = target;
  if(c->ninclude) {
    c->opts.include = c->include;
    c->opts.ninclude = c->ninclude;
  }
  if(c->nexclude) {
    c->opts.exclude = c->exclude;
    c->opts.nexclude = c->nexclude;
  }
  if(c->ndatabases) {
    c->opts.databases = c->databases;
    c->opts.ndatabases = c->ndatabases;
  }
  if(prune) c->opts.prune = 1;
  if(cont) c->opts.continue_on_error = 1;
  if(binlog != -2) {
    c->opts.binlog_retention_hours = binlog;
    c->opts.binlog_retention_fixed = 1;
  }
  c->opts.log = log_stderr;
  c->opts.verbosity = c->quiet ? RDSCLONE_LOG_ERROR
                               : RDSCLONE_LOG_WARN + verbose;
  if(c->cmd == CMD_DUMP) {
    if((source != NULL) == (target != NULL))
      return usage_error("dump needs exactly one of --source URI or "
                         "--target URI");
    if(c->format == RDSCLONE_FORMAT_SQL)
      return usage_error("dump prints text or json, not %s", "sql");
    c->dump_side = source ? RDSCLONE_SOURCE : RDSCLONE_TARGET;
  }
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
    if(out) {
      fputs(out, stdout);
      if(*out && out[strlen(out) - 1] != '\n')
        fputc('\n', stdout);
    }
  }
  else {
    struct rdsclone_report *r = NULL;
    rc = rdsclone_run(&c->opts, c->cmd == CMD_APPLY ? RDSCLONE_APPLY
                                                    : RDSCLONE_PLAN,
                      &r, errbuf, sizeof(errbuf));
    if(r) {
      out = rdsclone_report_render(r, c->format, c->show_secrets);
      if(out) {
        fputs(out, stdout);
        if(*out && out[strlen(out) - 1] != '\n')
          fputc('\n', stdout);
      }
      if(!rc && c->cmd == CMD_PLAN && rdsclone_report_pending(r)) {
        rdsclone_report_free(r);
        free(out);
        return EXIT_CHANGES;
      }
      rdsclone_report_free(r);
    }
  }
  free(out);
  if(rc) {
    errorf("%s", errbuf[0] ? errbuf : rdsclone_strerror(rc));
    return cli_exit_code(rc);
  }
  return EXIT_OK;
}

void cli_release(struct cli *c)
{
  free(c->databases_arg);
  cfg_release(&c->cfg);
}
