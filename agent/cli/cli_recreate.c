/*
 * cli_recreate.c - arguments, configuration, output and exit codes of
 * "rdsclone recreate-replica" and "rdsclone compare". The work is done by
 * recreate.c and compare.c; this file prints.
 *
 * The -c file of these commands is read here with libconfig: the groups
 * `recreate` and `endpoints`, and the reconciler's own settings (source /
 * target password settings, include, exclude, prune, continue_on_error,
 * binlog_retention_hours).
 */
#include "cli_recreate.h"
#include "cli.h"
#include "cli_log.h"
#include "rdsclone_compare.h"
#include "numparse.h"
#include "rdsclone_recreate.h"

#include <getopt.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_ENDPOINTS 256
#define MAX_ATTRS 256

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

static int usage_error(const char *cmd, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
static int usage_error(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  fputs("rdsclone: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\nTry \"rdsclone %s --help\" for more information.\n",
          cmd);
  return RDSCLONE_EXIT_USAGE;
}

static const char *const level_names[] = { "error", "warning", "info",
                                           "debug" };

static void log_stderr(void *ud, enum rdsclone_log_level l, const char *msg)
{
  (void)ud;
  fprintf(stderr, "rdsclone: %s: %s\n", level_names[l], msg);
  fflush(stderr);
}

static void shim_log(void *ctx, enum rds_shim_log_level l, const char *msg)
{
  (void)ctx;
  fprintf(stderr, "rdsclone: %s: rds: %s\n", level_names[l], msg);
}

/* ---- shared: the RDS handle ------------------------------------------- */

struct aws_flags {
  const char *region, *endpoint_url, *profile;
};

static int open_shim(const struct aws_flags *f, int verbose, int quiet,
                     struct rds_shim **h)
{
  struct rds_shim_options so;
  enum rds_shim_code sc;

  memset(&so, 0, sizeof(so));
  so.region = f->region;
  so.endpoint_url = f->endpoint_url;
  so.profile = f->profile;
  so.log = shim_log;
  so.log_level = quiet ? RDS_SHIM_LOG_ERROR
                       : verbose > 0 ? (verbose > 1 ? RDS_SHIM_LOG_DEBUG
                                                    : RDS_SHIM_LOG_INFO)
                                     : RDS_SHIM_LOG_WARN;
  sc = rds_shim_open(h, &so);
  if(sc) {
    errorf("%s", *h && rds_shim_errmsg(*h)[0] ? rds_shim_errmsg(*h)
                                              : rds_shim_strerror(sc));
    return sc == RDS_SHIM_OUT_OF_MEMORY ? RDSCLONE_EXIT_FAILURE : RDSCLONE_EXIT_CONFIG;
  }
  return RDSCLONE_EXIT_OK;
}

static int shim_exit(enum rds_shim_code sc)
{
  switch(sc) {
  case RDS_SHIM_NO_CREDENTIALS:
  case RDS_SHIM_NO_REGION:
  case RDS_SHIM_CONFIG:
    return RDSCLONE_EXIT_CONFIG;
  default:
    return RDSCLONE_EXIT_FAILURE;
  }
}

/* ---- configuration ------------------------------------------------------ */

struct rcfg {
  config_t cf;
  int loaded;
  const char *primary, *from, *name;
  const char *region, *endpoint_url, *profile;
  long wait_timeout, poll_ms, max_poll_ms;
  struct recreate_endpoint eps[MAX_ENDPOINTS];
  size_t neps;
  const char *include[CFG_MAX_PATTERNS], *exclude[CFG_MAX_PATTERNS];
};

static int cfg_bad(const char *path, const config_setting_t *s,
                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int cfg_bad(const char *path, const config_setting_t *s,
                   const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "rdsclone: error: %s:%d: ", path,
          s ? config_setting_source_line(s) : 0);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return RDSCLONE_EXIT_CONFIG;
}

static int cfg_str(const char *path, const config_setting_t *s,
                   const char **out)
{
  if(config_setting_type(s) != CONFIG_TYPE_STRING)
    return cfg_bad(path, s, "'%s' must be a string", config_setting_name(s));
  *out = config_setting_get_string(s);
  return 0;
}

static int cfg_int(const char *path, const config_setting_t *s, long min,
                   long max, long *out)
{
  long long v;
  if(config_setting_type(s) != CONFIG_TYPE_INT &&
     config_setting_type(s) != CONFIG_TYPE_INT64)
    return cfg_bad(path, s, "'%s' must be an integer %ld to %ld",
                   config_setting_name(s), min, max);
  v = config_setting_get_int64(s);
  if(config_setting_type(s) == CONFIG_TYPE_INT)
    v = config_setting_get_int(s);
  if(v < min || v > max)
    return cfg_bad(path, s, "'%s' must be an integer %ld to %ld",
                   config_setting_name(s), min, max);
  *out = (long)v;
  return 0;
}

static int cfg_recreate_group(struct rcfg *c, const char *path,
                              const config_setting_t *g)
{
  int i, n = config_setting_length(g);
  if(!config_setting_is_group(g))
    return cfg_bad(path, g, "'recreate' must be a group { primary = ...; }");
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    const char *k = config_setting_name(s);
    int rc;
    if(!strcmp(k, "primary")) rc = cfg_str(path, s, &c->primary);
    else if(!strcmp(k, "from")) rc = cfg_str(path, s, &c->from);
    else if(!strcmp(k, "name")) rc = cfg_str(path, s, &c->name);
    else if(!strcmp(k, "region")) rc = cfg_str(path, s, &c->region);
    else if(!strcmp(k, "endpoint_url"))
      rc = cfg_str(path, s, &c->endpoint_url);
    else if(!strcmp(k, "profile")) rc = cfg_str(path, s, &c->profile);
    else if(!strcmp(k, "wait_timeout"))
      rc = cfg_int(path, s, 1, 7 * 86400, &c->wait_timeout);
    else if(!strcmp(k, "poll_interval_ms"))
      rc = cfg_int(path, s, 10, 600000, &c->poll_ms);
    else if(!strcmp(k, "max_poll_interval_ms"))
      rc = cfg_int(path, s, 10, 600000, &c->max_poll_ms);
    else
      rc = cfg_bad(path, s, "unknown setting '%s' in group 'recreate' "
                   "(known: primary, from, name, region, endpoint_url, "
                   "profile, wait_timeout, poll_interval_ms, "
                   "max_poll_interval_ms)", k);
    if(rc)
      return rc;
  }
  return 0;
}

static int cfg_endpoints_group(struct rcfg *c, const char *path,
                               const config_setting_t *g)
{
  int i, n = config_setting_length(g);
  if(!config_setting_is_group(g))
    return cfg_bad(path, g, "'endpoints' must be a group { instance-id = "
                   "\"mysql://user@host:port\"; }");
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    if(c->neps == MAX_ENDPOINTS)
      return cfg_bad(path, s, "too many endpoints");
    c->eps[c->neps].id = config_setting_name(s);
    if(cfg_str(path, s, &c->eps[c->neps].uri))
      return RDSCLONE_EXIT_CONFIG;
    c->neps++;
  }
  return 0;
}

static int cfg_endpoint(const char *path, const config_setting_t *g,
                        struct rdsclone_endpoint *ep)
{
  int i, n = config_setting_length(g);
  if(!config_setting_is_group(g))
    return cfg_bad(path, g, "'%s' must be a group", config_setting_name(g));
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(g, (unsigned)i);
    const char *k = config_setting_name(s);
    int rc;
    long t;
    if(!strcmp(k, "password_file")) rc = cfg_str(path, s, &ep->password_file);
    else if(!strcmp(k, "option_group"))
      rc = cfg_str(path, s, &ep->option_group);
    else if(!strcmp(k, "ssl_mode")) rc = cfg_str(path, s, &ep->ssl_mode);
    else if(!strcmp(k, "ssl_ca")) rc = cfg_str(path, s, &ep->ssl_ca);
    else if(!strcmp(k, "ssl_cert")) rc = cfg_str(path, s, &ep->ssl_cert);
    else if(!strcmp(k, "ssl_key")) rc = cfg_str(path, s, &ep->ssl_key);
    else if(!strcmp(k, "connect_timeout")) {
      rc = cfg_int(path, s, 1, 3600, &t);
      ep->connect_timeout = (int)t;
    }
    else if(!strcmp(k, "uri"))
      rc = cfg_bad(path, s, "'uri' in '%s': recreate-replica takes the "
                   "endpoints from the instances; map an instance to a URI "
                   "in the 'endpoints' group instead", config_setting_name(g));
    else
      rc = cfg_bad(path, s, "unknown setting '%s' in group '%s' (known: "
                   "password_file, option_group, ssl_mode, ssl_ca, ssl_cert, "
                   "ssl_key, connect_timeout)", k, config_setting_name(g));
    if(rc)
      return rc;
  }
  return 0;
}

static int cfg_patterns(const char *path, const config_setting_t *a,
                        const char **slots, size_t *count)
{
  int i, n;
  if(!config_setting_is_array(a) && !config_setting_is_list(a))
    return cfg_bad(path, a, "patterns must be an array of strings");
  n = config_setting_length(a);
  if(n > CFG_MAX_PATTERNS)
    return cfg_bad(path, a, "too many patterns");
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(a, (unsigned)i);
    const char *why;
    if(cfg_str(path, s, &slots[i]))
      return RDSCLONE_EXIT_CONFIG;
    if(rdsclone_pattern_check(slots[i], &why))
      return cfg_bad(path, s, "pattern \"%.100s\": %s", slots[i], why);
  }
  *count = (size_t)n;
  return 0;
}

static int cfg_read(struct rcfg *c, const char *path,
                    struct rdsclone_options *ro)
{
  config_setting_t *root;
  int i, n;

  config_init(&c->cf);
  c->loaded = 1;
  if(!config_read_file(&c->cf, path)) {
    if(config_error_type(&c->cf) == CONFIG_ERR_FILE_IO)
      errorf("%s: cannot read the configuration file", path);
    else
      errorf("%s:%d: %s", path, config_error_line(&c->cf),
             config_error_text(&c->cf));
    return RDSCLONE_EXIT_CONFIG;
  }
  root = config_root_setting(&c->cf);
  n = config_setting_length(root);
  for(i = 0; i < n; i++) {
    config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
    const char *k = config_setting_name(s);
    int rc;
    if(!strcmp(k, "recreate")) rc = cfg_recreate_group(c, path, s);
    else if(!strcmp(k, "endpoints")) rc = cfg_endpoints_group(c, path, s);
    else if(!strcmp(k, "source")) rc = cfg_endpoint(path, s, &ro->source);
    else if(!strcmp(k, "target")) rc = cfg_endpoint(path, s, &ro->target);
    else if(!strcmp(k, "include")) {
      rc = cfg_patterns(path, s, c->include, &ro->ninclude);
      ro->include = c->include;
    }
    else if(!strcmp(k, "exclude")) {
      rc = cfg_patterns(path, s, c->exclude, &ro->nexclude);
      ro->exclude = c->exclude;
    }
    else if(!strcmp(k, "prune") || !strcmp(k, "continue_on_error")) {
      if(config_setting_type(s) != CONFIG_TYPE_BOOL)
        return cfg_bad(path, s, "'%s' must be true or false", k);
      if(!strcmp(k, "prune"))
        ro->prune = config_setting_get_bool(s);
      else
        ro->continue_on_error = config_setting_get_bool(s);
      rc = 0;
    }
    else if(!strcmp(k, "binlog_retention_hours")) {
      long v;
      if(config_setting_type(s) == CONFIG_TYPE_STRING &&
         !strcmp(config_setting_get_string(s), "NULL"))
        v = -1;
      else if(cfg_int(path, s, 1, 168, &v))
        return RDSCLONE_EXIT_CONFIG;
      ro->binlog_retention_hours = v;
      ro->binlog_retention_fixed = 1;
      rc = 0;
    }
    else
      rc = cfg_bad(path, s, "unknown setting '%s' (known: recreate, "
                   "endpoints, source, target, include, exclude, prune, "
                   "continue_on_error, binlog_retention_hours)", k);
    if(rc)
      return rc;
  }
  return 0;
}

/* ---- recreate-replica -------------------------------------------------- */

static void recreate_help(void)
{
  printf(
"Re-create an RDS read replica under a (new) primary so that it matches an\n"
"old replica, then copy the old replica's accounts, grants and binlog\n"
"retention to it. Resumable: run it again after any interruption.\n"
"\n"
"Usage:\n"
"  rdsclone recreate-replica --primary ID --from ID --name ID [OPTION]...\n"
"\n"
"      --primary ID          the new primary (e.g. the encrypted restore)\n"
"      --from ID             the old replica whose attributes and accounts\n"
"                            the new one gets\n"
"      --name ID             the new replica's identifier\n"
"  -c, --config FILE         configuration (groups recreate, endpoints,\n"
"                            source, target; include, exclude, ...)\n"
"      --dry-run             describe only; print the calls and the SQL it\n"
"                            would run, change nothing\n"
"      --format FORMAT       final report: text (default) or json\n"
"      --region R, --endpoint-url URL, --profile P\n"
"                            RDS API settings (else the AWS variables)\n"
"      --wait-timeout S      deadline of each wait (default 3600)\n"
"      --poll-interval MS    first poll interval of the waits (default 5000)\n"
"  -v, --verbose             more log lines (repeatable)\n"
"  -q, --quiet               errors only\n"
"  -h, --help                this help\n"
"\n"
"Steps: describe, create, wait-available, modify, wait-modified,\n"
"wait-pending-reboot, reboot, wait-in-sync, reconcile. Database endpoints\n"
"come from the descriptions; the configuration's endpoints group maps an\n"
"instance identifier to a URI. Passwords: RDSCLONE_SOURCE_PASSWORD (old\n"
"replica), RDSCLONE_TARGET_PASSWORD (new replica), password_file, ~/.my.cnf.\n"
"\n"
"Exit status: 0 done and verified; 1 runtime failure; 64 usage error;\n"
"75 the new replica's lock is held; 78 configuration error.\n");
}

struct hook {
  int exit_after;   /* step index, or -1 */
};

/* Test hook RDSCLONE_TEST_EXIT_AFTER=STEP: exit at once (no cleanup, as a
 * kill would) right after STEP did its work. */
static void step_done(void *ud, enum recreate_step s, enum recreate_status st)
{
  struct hook *h = ud;
  if(h->exit_after == (int)s && st == RECREATE_DONE) {
    fprintf(stderr, "rdsclone: test hook: exiting after step %s\n",
            rdsclone_recreate_step_name(s));
    fflush(NULL);
    _exit(99);
  }
}

static void print_text(const struct recreate_result *res,
                       const struct recreate_options *o,
                       enum recreate_code rc, const char *err)
{
  size_t i;
  printf("recreate-replica %s (primary %s, copied from %s)%s: %s in %.1f s\n",
         o->name, o->primary, o->from, o->dry_run ? " [dry run]" : "",
         rc ? "FAILED" : o->dry_run ? "planned" : "done", res->seconds);
  for(i = 0; i < RECREATE_NSTEPS; i++)
    printf("  %-19s %-7s %6.1f s  %s\n",
           rdsclone_recreate_step_name((enum recreate_step)i),
           rdsclone_recreate_status_name(res->steps[i].status), res->steps[i].seconds,
           res->steps[i].detail ? res->steps[i].detail : "");
  if(res->ncalls) {
    printf("%s:\n", o->dry_run ? "calls it would make" : "calls made");
    for(i = 0; i < res->ncalls; i++)
      printf("  %s\n", res->calls[i]);
  }
  if(res->report) {
    char *r = rdsclone_report_render(res->report, o->dry_run ?
                                     RDSCLONE_FORMAT_SQL :
                                     RDSCLONE_FORMAT_TEXT, 0);
    printf("%s %s -> %s:\n", o->dry_run ? "SQL it would run" :
           "reconciliation", res->source_uri ? res->source_uri : "?",
           res->target_uri ? res->target_uri : "?");
    if(r) {
      fputs(r, stdout);
      if(*r && r[strlen(r) - 1] != '\n')
        fputc('\n', stdout);
    }
    free(r);
  }
  if(rc)
    printf("error: %s\n", err);
}

enum { OPT_PRIMARY = 300, OPT_FROM, OPT_NAME, OPT_DRY, OPT_FORMAT,
       OPT_REGION, OPT_ENDPOINT, OPT_PROFILE, OPT_WAIT, OPT_POLL,
       OPT_IGNORE, OPT_ONLY };

int cli_recreate_main(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "primary", required_argument, NULL, OPT_PRIMARY },
    { "from", required_argument, NULL, OPT_FROM },
    { "name", required_argument, NULL, OPT_NAME },
    { "config", required_argument, NULL, 'c' },
    { "dry-run", no_argument, NULL, OPT_DRY },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "region", required_argument, NULL, OPT_REGION },
    { "endpoint-url", required_argument, NULL, OPT_ENDPOINT },
    { "profile", required_argument, NULL, OPT_PROFILE },
    { "wait-timeout", required_argument, NULL, OPT_WAIT },
    { "poll-interval", required_argument, NULL, OPT_POLL },
    { "verbose", no_argument, NULL, 'v' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  const char *cmd = "recreate-replica", *config = NULL;
  const char *primary = NULL, *from = NULL, *name = NULL;
  struct aws_flags af = { NULL, NULL, NULL };
  long wait = 0, poll = 0;
  int verbose = 0, quiet = 0, json = 0, dry = 0, opt, code;
  struct rcfg cf;
  struct recreate_options o;
  struct recreate_result res;
  struct rds_shim *shim = NULL;
  struct hook hook = { -1 };
  enum recreate_code rc;
  char err[1024] = "";
  const char *hookenv = getenv("RDSCLONE_TEST_EXIT_AFTER");

  memset(&cf, 0, sizeof(cf));
  memset(&o, 0, sizeof(o));
  rdsclone_options_init(&o.recon);
  optind = 1;
  opterr = 0;
  while((opt = getopt_long(argc, argv, ":c:vqh", longopts, NULL)) != -1) {
    switch(opt) {
    case OPT_PRIMARY: primary = optarg; break;
    case OPT_FROM: from = optarg; break;
    case OPT_NAME: name = optarg; break;
    case 'c': config = optarg; break;
    case OPT_DRY: dry = 1; break;
    case OPT_FORMAT:
      if(!strcmp(optarg, "text")) json = 0;
      else if(!strcmp(optarg, "json")) json = 1;
      else return usage_error(cmd, "unknown format \"%s\" (text, json)",
                              optarg);
      break;
    case OPT_REGION: af.region = optarg; break;
    case OPT_ENDPOINT: af.endpoint_url = optarg; break;
    case OPT_PROFILE: af.profile = optarg; break;
    case OPT_WAIT:
      if(parse_long(optarg, 1, 7 * 86400, &wait))
        return usage_error(cmd, "--wait-timeout \"%s\": seconds, 1 to "
                           "604800", optarg);
      break;
    case OPT_POLL:
      if(parse_long(optarg, 10, 600000, &poll))
        return usage_error(cmd, "--poll-interval \"%s\": milliseconds, 10 "
                           "to 600000", optarg);
      break;
    case 'v': verbose++; break;
    case 'q': quiet = 1; break;
    case 'h': recreate_help(); return RDSCLONE_EXIT_OK;
    case ':': return usage_error(cmd, "option \"%s\" needs a value",
                                 argv[optind - 1]);
    default: return usage_error(cmd, "unknown option \"%s\"",
                                argv[optind - 1]);
    }
  }
  if(optind < argc)
    return usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
  if(hookenv && *hookenv) {
    hook.exit_after = rdsclone_recreate_step_parse(hookenv);
    if(hook.exit_after < 0)
      return usage_error(cmd, "RDSCLONE_TEST_EXIT_AFTER=\"%s\": not a step",
                         hookenv);
  }
  if(config && (code = cfg_read(&cf, config, &o.recon)) != 0)
    goto done_cfg;
  /* flags override the file */
  o.primary = primary ? primary : cf.primary;
  o.from = from ? from : cf.from;
  o.name = name ? name : cf.name;
  if(!af.region) af.region = cf.region;
  if(!af.endpoint_url) af.endpoint_url = cf.endpoint_url;
  if(!af.profile) af.profile = cf.profile;
  if(!o.primary || !o.from || !o.name) {
    code = usage_error(cmd, "--primary, --from and --name are all needed "
                       "(or recreate.primary/from/name in the "
                       "configuration)");
    goto done_cfg;
  }
  code = open_shim(&af, verbose, quiet, &shim);
  if(code)
    goto done;
  o.shim = shim;
  o.dry_run = dry;
  o.endpoints = cf.eps;
  o.nendpoints = cf.neps;
  o.wait_timeout_s = wait ? wait : cf.wait_timeout;
  o.poll_ms = poll ? poll : cf.poll_ms;
  o.max_poll_ms = cf.max_poll_ms;
  if(o.poll_ms && o.max_poll_ms && o.max_poll_ms < o.poll_ms)
    o.max_poll_ms = o.poll_ms;
  o.log = log_stderr;
  o.verbosity = quiet ? RDSCLONE_LOG_ERROR
                      : verbose ? RDSCLONE_LOG_DEBUG : RDSCLONE_LOG_INFO;
  o.recon.log = log_stderr;
  o.recon.verbosity = quiet ? RDSCLONE_LOG_ERROR
                            : RDSCLONE_LOG_WARN + verbose;
  if(o.recon.verbosity > RDSCLONE_LOG_DEBUG)
    o.recon.verbosity = RDSCLONE_LOG_DEBUG;
  o.step_done = step_done;
  o.step_ud = &hook;

  rc = rdsclone_recreate_replica(&o, &res, err, sizeof(err));
  if(json) {
    char *j = rdsclone_recreate_result_json(&res, &o, rc, err);
    if(j)
      puts(j);
    free(j);
  }
  else
    print_text(&res, &o, rc, err);
  if(rc)
    errorf("%s", err[0] ? err : "recreate-replica failed");
  switch(rc) {
  case RECREATE_OK: code = RDSCLONE_EXIT_OK; break;
  case RECREATE_E_USAGE: code = RDSCLONE_EXIT_USAGE; break;
  case RECREATE_E_RECONCILE: code = cli_exit_code(res.recon_rc); break;
  default: code = RDSCLONE_EXIT_FAILURE; break;
  }
  rdsclone_recreate_result_release(&res);
done:
  rds_shim_free(shim);
done_cfg:
  if(cf.loaded)
    config_destroy(&cf.cf);
  return code;
}

/* ---- compare ------------------------------------------------------------ */

static void compare_help(void)
{
  size_t i;
  printf(
"Compare two RDS instances attribute by attribute (the validation after a\n"
"re-creation) and show every attribute that differs.\n"
"\n"
"Usage:\n"
"  rdsclone compare A B [--ignore ATTR]... [--only ATTR]... [OPTION]...\n"
"\n"
"      --ignore ATTR         also ignore ATTR (repeatable)\n"
"      --only ATTR           compare only ATTR (repeatable); names a\n"
"                            default-ignored attribute to compare it\n"
"      --format FORMAT       text (default) or json\n"
"      --region R, --endpoint-url URL, --profile P\n"
"                            RDS API settings (else the AWS variables)\n"
"  -v, --verbose / -q, --quiet / -h, --help\n"
"\n"
"ATTR is the AWS API name (DBInstanceClass, DBParameterGroups, ...); a\n"
"nested one with a dot (Endpoint.Port); a prefix covers its members\n"
"(Endpoint). Lists compare as sets. Ignored by default, as they must\n"
"differ between an instance and its re-created twin:\n");
  for(i = 0; compare_default_ignores[i]; i++)
    printf("  %s\n", compare_default_ignores[i]);
  printf(
"\n"
"Exit status: 0 nothing unexpected differs; 1 runtime failure; 2 something\n"
"unexpected differs; 64 usage error; 78 configuration error.\n");
}

int cli_compare_main(int argc, char **argv)
{
  static const struct option longopts[] = {
    { "ignore", required_argument, NULL, OPT_IGNORE },
    { "only", required_argument, NULL, OPT_ONLY },
    { "format", required_argument, NULL, OPT_FORMAT },
    { "region", required_argument, NULL, OPT_REGION },
    { "endpoint-url", required_argument, NULL, OPT_ENDPOINT },
    { "profile", required_argument, NULL, OPT_PROFILE },
    { "verbose", no_argument, NULL, 'v' },
    { "quiet", no_argument, NULL, 'q' },
    { "help", no_argument, NULL, 'h' },
    { NULL, 0, NULL, 0 }
  };
  const char *cmd = "compare";
  const char *ignore[MAX_ATTRS], *only[MAX_ATTRS];
  size_t nignore = 0, nonly = 0;
  struct aws_flags af = { NULL, NULL, NULL };
  int verbose = 0, quiet = 0, json = 0, opt, code;
  struct rds_shim *shim = NULL;
  struct rds_shim_instance *a = NULL, *b = NULL;
  struct compare_result r;
  enum rds_shim_code sc;
  char *out;

  optind = 1;
  opterr = 0;
  while((opt = getopt_long(argc, argv, ":vqh", longopts, NULL)) != -1) {
    switch(opt) {
    case OPT_IGNORE:
    case OPT_ONLY:
      if(!*optarg)
        return usage_error(cmd, "empty attribute name");
      if((opt == OPT_IGNORE ? nignore : nonly) == MAX_ATTRS)
        return usage_error(cmd, "too many attributes");
      if(opt == OPT_IGNORE) ignore[nignore++] = optarg;
      else only[nonly++] = optarg;
      break;
    case OPT_FORMAT:
      if(!strcmp(optarg, "text")) json = 0;
      else if(!strcmp(optarg, "json")) json = 1;
      else return usage_error(cmd, "unknown format \"%s\" (text, json)",
                              optarg);
      break;
    case OPT_REGION: af.region = optarg; break;
    case OPT_ENDPOINT: af.endpoint_url = optarg; break;
    case OPT_PROFILE: af.profile = optarg; break;
    case 'v': verbose++; break;
    case 'q': quiet = 1; break;
    case 'h': compare_help(); return RDSCLONE_EXIT_OK;
    case ':': return usage_error(cmd, "option \"%s\" needs a value",
                                 argv[optind - 1]);
    default: return usage_error(cmd, "unknown option \"%s\"",
                                argv[optind - 1]);
    }
  }
  if(argc - optind != 2)
    return usage_error(cmd, "compare needs exactly two instance "
                       "identifiers");
  code = open_shim(&af, verbose, quiet, &shim);
  if(code)
    goto done;
  sc = rds_shim_describe(shim, argv[optind], &a);
  if(!sc)
    sc = rds_shim_describe(shim, argv[optind + 1], &b);
  if(sc) {
    errorf("%s", rds_shim_errmsg(shim)[0] ? rds_shim_errmsg(shim)
                                          : rds_shim_strerror(sc));
    code = shim_exit(sc);
    goto done;
  }
  if(rdsclone_compare_instances(a, b, ignore, nignore, only, nonly, &r)) {
    errorf("out of memory");
    code = RDSCLONE_EXIT_FAILURE;
    goto done;
  }
  out = rdsclone_compare_render(&r, argv[optind], argv[optind + 1], json);
  if(out) {
    fputs(out, stdout);
    if(*out && out[strlen(out) - 1] != '\n')
      fputc('\n', stdout);
    code = r.nunexpected ? RDSCLONE_EXIT_CHANGES : RDSCLONE_EXIT_OK;
  }
  else {
    errorf("out of memory");
    code = RDSCLONE_EXIT_FAILURE;
  }
  free(out);
  rdsclone_compare_result_release(&r);
done:
  rds_shim_instance_free(a);
  rds_shim_instance_free(b);
  rds_shim_free(shim);
  return code;
}
