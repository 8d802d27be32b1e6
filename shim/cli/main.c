/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - rds-shim: reads the command line with getopt_long into struct
 * cli, driven by two tables (the commands, and every option with the
 * commands that take it and where its value goes), then runs the command
 * (cli/commands.c). Global options may come before or after the command;
 * a command's options only after it. Options are spelled out in full
 * ("--reg" is not "--region"). Every error goes through cli/msg.c and
 * every exit status is one of cli/exit_codes.h.
 */
#include "cli/commands.h"

#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/exit_codes.h"
#include "cli/msg.h"
#include "numparse.h"

/* Which commands take an option (bits); BEFORE_COMMAND is the command
 * line before the command; G_ALL marks the global options, taken
 * everywhere. */
enum {
  C_DESCRIBE = 1 << 0,
  C_CREATE = 1 << 1,
  C_MODIFY = 1 << 2,
  C_REBOOT = 1 << 3,
  C_WAIT = 1 << 4,
  C_TOKEN = 1 << 5,
  C_SNAP_CREATE = 1 << 6,
  C_SNAP_DESCRIBE = 1 << 7,
  C_SNAP_COPY = 1 << 8,
  C_RESTORE = 1 << 9,
  C_TAGS = 1 << 10,
  C_SNAP_WAIT = 1 << 11,
  C_ANY = (1 << 12) - 1,
  C_CHANGE = C_CREATE | C_MODIFY,
  C_BUILD = C_CHANGE | C_RESTORE,     /* the instance attribute flags */
  C_WAITS = C_WAIT | C_SNAP_WAIT,
  C_TAGGED = C_CREATE | C_SNAP_CREATE | C_SNAP_COPY | C_RESTORE | C_TAGS,
  BEFORE_COMMAND = 1 << 12,
  G_ALL = BEFORE_COMMAND | C_ANY
};

struct command {
  const char *name;
  unsigned bit;
  int (*run)(struct cli *c);
};

static const struct command commands[] = {
  { "describe", C_DESCRIBE, cli_describe },
  { "create-read-replica", C_CREATE, cli_create_read_replica },
  { "modify", C_MODIFY, cli_modify },
  { "reboot", C_REBOOT, cli_reboot },
  { "wait", C_WAIT, cli_wait },
  { "auth-token", C_TOKEN, cli_auth_token },
  { "create-snapshot", C_SNAP_CREATE, cli_create_snapshot },
  { "describe-snapshots", C_SNAP_DESCRIBE, cli_describe_snapshots },
  { "copy-snapshot", C_SNAP_COPY, cli_copy_snapshot },
  { "restore", C_RESTORE, cli_restore },
  { "add-tags", C_TAGS, cli_add_tags },
  { "wait-snapshot", C_SNAP_WAIT, cli_wait_snapshot },
};

enum kind {
  K_HELP, K_VERSION, K_VERBOSE,
  K_STR,      /* the value, at both fields */
  K_NUM,      /* a number in [min, max], at both fields (long) */
  K_SET,      /* no value: stores min (int) at both fields */
  K_SGS, K_LOGS, /* comma-separated lists */
  K_TAG       /* KEY=VALUE, repeatable */
};

#define NO_FIELD ((size_t)-1)
#define F(m) offsetof(struct cli, m)

struct opt_def {
  const char *name;
  char short_name;          /* or 0 */
  unsigned cmds;            /* command bits, G_ALL: global */
  enum kind kind;
  size_t at, at2;           /* fields of struct cli (at2: NO_FIELD) */
  long min, max;
};

#define STR(n, cmds, a, b) { n, 0, cmds, K_STR, a, b, 0, 0 }
#define NUM(n, cmds, a, b, lo, hi) { n, 0, cmds, K_NUM, a, b, lo, hi }
#define BOOL(n, m, cmds) \
  { n, 0, cmds, K_SET, F(rp.m), F(mp.m), 1, 0 }, \
  { "no-" n, 0, cmds, K_SET, F(rp.m), F(mp.m), 0, 0 }

static const struct opt_def opts[] = {
  { "help", 'h', G_ALL, K_HELP, NO_FIELD, NO_FIELD, 0, 0 },
  { "version", 'V', G_ALL, K_VERSION, NO_FIELD, NO_FIELD, 0, 0 },
  { "verbose", 'v', G_ALL, K_VERBOSE, NO_FIELD, NO_FIELD, 0, 0 },
  STR("region", G_ALL, F(region), NO_FIELD),
  STR("profile", G_ALL, F(profile), NO_FIELD),
  STR("endpoint-url", G_ALL, F(endpoint_url), NO_FIELD),
  NUM("max-attempts", G_ALL, F(max_attempts), NO_FIELD, 1, 100),
  NUM("cli-connect-timeout", G_ALL, F(connect_timeout_s), NO_FIELD, 1,
      3600),
  NUM("cli-read-timeout", G_ALL, F(read_timeout_s), NO_FIELD, 1, 3600),
  STR("id", C_ANY, F(id), NO_FIELD),
  NUM("page-size", C_DESCRIBE | C_SNAP_DESCRIBE, F(page_size), NO_FIELD, 1,
      100000),
  STR("source", C_CREATE | C_SNAP_COPY, F(source), NO_FIELD),
  STR("from", C_CREATE | C_RESTORE, F(from), NO_FIELD),
  STR("snapshot", C_SNAP_CREATE | C_SNAP_DESCRIBE | C_RESTORE | C_SNAP_WAIT,
      F(snapshot), NO_FIELD),
  STR("target", C_SNAP_COPY, F(target), NO_FIELD),
  { "copy-tags", 0, C_SNAP_COPY, K_SET, F(copy_tags), NO_FIELD, 1, 0 },
  STR("arn", C_TAGS, F(arn), NO_FIELD),
  STR("class", C_BUILD, F(rp.instance_class), F(mp.instance_class)),
  STR("parameter-group", C_BUILD, F(rp.parameter_group),
      F(mp.parameter_group)),
  { "security-groups", 0, C_BUILD, K_SGS, NO_FIELD, NO_FIELD, 0, 0 },
  { "cloudwatch-logs-exports", 0, C_BUILD, K_LOGS, NO_FIELD, NO_FIELD, 0,
    0 },
  STR("kms-key", C_CREATE | C_SNAP_COPY, F(rp.kms_key_id), NO_FIELD),
  STR("availability-zone", C_CREATE | C_RESTORE, F(rp.availability_zone),
      NO_FIELD),
  STR("db-subnet-group", C_CREATE | C_RESTORE, F(rp.db_subnet_group_name),
      NO_FIELD),
  { "tag", 0, C_TAGGED, K_TAG, NO_FIELD, NO_FIELD, 0, 0 },
  NUM("port", C_BUILD, F(rp.port), F(mp.port), 1, 65535),
  STR("storage-type", C_BUILD, F(rp.storage_type), F(mp.storage_type)),
  NUM("iops", C_BUILD, F(rp.iops), F(mp.iops), 0, 1000000),
  NUM("storage-throughput", C_MODIFY | C_RESTORE, F(mm.storage_throughput),
      NO_FIELD, 0, 1000000),
  STR("option-group", C_BUILD, F(rp.option_group), F(mp.option_group)),
  STR("ca-certificate", C_MODIFY | C_RESTORE,
      F(mm.ca_certificate_identifier), NO_FIELD),
  NUM("monitoring-interval", C_CHANGE, F(rp.monitoring_interval),
      F(mp.monitoring_interval), 0, 60),
  STR("monitoring-role-arn", C_CHANGE, F(rp.monitoring_role_arn),
      F(mp.monitoring_role_arn)),
  STR("performance-insights-kms-key", C_CHANGE,
      F(rp.performance_insights_kms_key_id),
      F(mp.performance_insights_kms_key_id)),
  BOOL("multi-az", multi_az, C_BUILD),
  BOOL("performance-insights", performance_insights, C_CHANGE),
  BOOL("auto-minor-version-upgrade", auto_minor_version_upgrade, C_BUILD),
  BOOL("publicly-accessible", publicly_accessible, C_BUILD),
  BOOL("copy-tags-to-snapshot", copy_tags_to_snapshot, C_BUILD),
  BOOL("deletion-protection", deletion_protection, C_BUILD),
  BOOL("iam-auth", iam_auth, C_BUILD),
  { "apply-immediately", 0, C_MODIFY, K_SET, F(mp.apply_immediately),
    NO_FIELD, 1, 0 },
  STR("new-id", C_MODIFY, F(mm.new_id), NO_FIELD),
  NUM("backup-retention-period", C_MODIFY, F(mm.backup_retention_period),
      NO_FIELD, 0, 35),
  STR("preferred-backup-window", C_MODIFY, F(mm.preferred_backup_window),
      NO_FIELD),
  STR("preferred-maintenance-window", C_MODIFY,
      F(mm.preferred_maintenance_window), NO_FIELD),
  NUM("max-allocated-storage", C_MODIFY, F(mm.max_allocated_storage),
      NO_FIELD, 0, 1000000),
  NUM("performance-insights-retention-period", C_MODIFY,
      F(mm.performance_insights_retention_period), NO_FIELD, 1, 1000),
  { "force-failover", 0, C_REBOOT, K_SET, F(force_failover), NO_FIELD, 1,
    0 },
  STR("until", C_WAITS, F(until), NO_FIELD),
  NUM("timeout", C_WAITS, F(timeout_s), NO_FIELD, 1, 7L * 86400),
  NUM("poll-interval", C_WAITS, F(poll_ms), NO_FIELD, 1, 3600000),
  NUM("max-poll-interval", C_WAITS, F(max_poll_ms), NO_FIELD, 1, 3600000),
  STR("host", C_TOKEN, F(host), NO_FIELD),
  NUM("port", C_TOKEN, F(port), NO_FIELD, 1, 65535),
  STR("user", C_TOKEN, F(user), NO_FIELD),
};

#define N_OPTS (sizeof(opts) / sizeof(opts[0]))
#define N_CMDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *f)
{
  fputs(
"Usage: rds-shim [GLOBAL OPTIONS] COMMAND [OPTIONS]\n"
"\n"
"A small Amazon RDS client. Output is JSON shaped like the AWS CLI's.\n"
"\n"
"Global options:\n"
"  --region R              AWS region (else AWS_REGION, AWS_DEFAULT_REGION,\n"
"                          the profile's region)\n"
"  --profile P             profile in the shared config/credentials files\n"
"  --endpoint-url URL      RDS endpoint (else AWS_ENDPOINT_URL_RDS,\n"
"                          AWS_ENDPOINT_URL, https://rds.R.amazonaws.com)\n"
"  --max-attempts N        attempts per request (else AWS_MAX_ATTEMPTS,\n"
"                          profile max_attempts, 3)\n"
"  --cli-connect-timeout S connect timeout in seconds (default 10)\n"
"  --cli-read-timeout S    total time per HTTP request (default 60)\n"
"  -v, --verbose           more messages on stderr (-vv: debug)\n"
"  -h, --help              show this help, then exit\n"
"  -V, --version           show the version, then exit\n"
"\n"
"Commands:\n"
"  describe [--id ID] [--page-size N]\n"
"  create-read-replica --id NEW --source ID [--from ID] [--class C]\n"
"      [--parameter-group G] [--security-groups a,b] [--kms-key K]\n"
"      [--tag K=V]... [--availability-zone Z] [--[no-]multi-az]\n"
"      [--port N] [--storage-type T] [--iops N] [--option-group O]\n"
"      [--monitoring-interval N] [--monitoring-role-arn ARN]\n"
"      [--[no-]performance-insights] [--performance-insights-kms-key K]\n"
"      [--cloudwatch-logs-exports a,b] [--[no-]auto-minor-version-upgrade]\n"
"      [--[no-]publicly-accessible] [--[no-]copy-tags-to-snapshot]\n"
"      [--[no-]deletion-protection] [--[no-]iam-auth]\n"
"      [--db-subnet-group G]\n"
"      --from copies the attributes of an existing instance (the old\n"
"      replica); explicit flags win.\n"
"  modify --id ID [--parameter-group G] [--security-groups a,b]\n"
"      [--apply-immediately] [--class C] and the create flags above\n"
"      (--cloudwatch-logs-exports enables those log types)\n"
"      [--new-id NEW] [--backup-retention-period N]\n"
"      [--preferred-backup-window hh:mm-hh:mm]\n"
"      [--preferred-maintenance-window ddd:hh:mm-ddd:hh:mm]\n"
"      [--max-allocated-storage N] [--ca-certificate C]\n"
"      [--performance-insights-retention-period N]\n"
"      [--storage-throughput N]\n"
"  reboot --id ID [--force-failover]\n"
"  wait --id ID --until available|pending-reboot|in-sync|deleted\n"
"      [--timeout SECONDS] [--poll-interval MS] [--max-poll-interval MS]\n"
"  auth-token --host H --port P --user U\n"
"  create-snapshot --id INSTANCE --snapshot SNAP [--tag K=V]...\n"
"  describe-snapshots [--snapshot SNAP | --id INSTANCE] [--page-size N]\n"
"  copy-snapshot --source SNAP --target SNAP --kms-key K [--copy-tags]\n"
"      [--tag K=V]...\n"
"  restore --id NEW --snapshot SNAP [--from ID] [--class C]\n"
"      [--db-subnet-group G] [--option-group O] [--parameter-group G]\n"
"      [--security-groups a,b] [--[no-]multi-az] [--availability-zone Z]\n"
"      [--port N] [--storage-type T] [--iops N] [--storage-throughput N]\n"
"      [--[no-]publicly-accessible] [--[no-]auto-minor-version-upgrade]\n"
"      [--[no-]copy-tags-to-snapshot] [--[no-]deletion-protection]\n"
"      [--[no-]iam-auth] [--cloudwatch-logs-exports a,b]\n"
"      [--ca-certificate C] [--tag K=V]...\n"
"      --from copies the attributes of an existing instance; explicit\n"
"      flags win.\n"
"  add-tags --arn ARN --tag K=V [--tag K=V]...\n"
"  wait-snapshot --snapshot SNAP --until available|deleted\n"
"      [--timeout SECONDS] [--poll-interval MS] [--max-poll-interval MS]\n"
"\n"
"Exit status: 0 ok, 1 runtime failure (AWS error, deadline passed, ...),\n"
"64 usage error, 78 configuration error (no credentials, unknown region).\n",
        f);
}

static int usage_error(const char *msg, const char *arg)
{
  msg_error("%s%s%s", msg, arg ? ": " : "", arg ? arg : "");
  fputs("Try 'rds-shim --help'.\n", stderr);
  return EXIT_USAGE;
}

/* Outcome of one option: go on, or stop with an exit status. */
#define GO_ON (-1)

static void cli_release(struct cli *c)
{
  size_t i;
  for(i = 0; i < c->n_owned; i++)
    free(c->owned[i]);
}

/* Keeps a copy of s[0..len) owned by c; NULL when out of room or memory
 * (*oom tells which). */
static char *own(struct cli *c, const char *s, size_t len, int *oom)
{
  char *copy;
  *oom = 0;
  if(c->n_owned >= 4 * CLI_MAX_LIST)
    return NULL;
  copy = strndup(s, len);
  if(!copy) {
    *oom = 1;
    return NULL;
  }
  c->owned[c->n_owned++] = copy;
  return copy;
}

static int out_of_memory(void)
{
  msg_error("out of memory");
  return EXIT_RUNTIME;
}

/* Splits "a,b" into list (copies owned by c); arg names the option. */
static int split(struct cli *c, const char *s, const char **list, size_t *n,
                 const char *arg)
{
  const char *p = s;
  int oom = 0;
  while(*p) {
    size_t len = strcspn(p, ",");
    char *item;
    if(len) {
      if(*n >= CLI_MAX_LIST || !(item = own(c, p, len, &oom)))
        return oom ? out_of_memory() :
               usage_error("list too long (at most 64 items)", arg);
      list[(*n)++] = item;
    }
    p += len;
    if(*p == ',')
      p++;
  }
  return GO_ON;
}

/* --tag KEY=VALUE: the key copied, the value borrowed from argv. */
static int take_tag(struct cli *c, const char *v)
{
  const char *eq = strchr(v, '=');
  char *k = NULL;
  int oom = 0;
  if(eq && eq != v && c->n_tags < CLI_MAX_LIST)
    k = own(c, v, (size_t)(eq - v), &oom);
  if(!k)
    return oom ? out_of_memory() : usage_error("--tag wants KEY=VALUE", v);
  c->tags[c->n_tags].key = k;
  c->tags[c->n_tags++].value = eq + 1;
  return GO_ON;
}

static void store(struct cli *c, size_t at, const void *v, size_t size)
{
  if(at != NO_FIELD)
    memcpy((char *)c + at, v, size);
}

/* Applies option d with value v (NULL if it takes none); arg is the
 * command-line word that named it, for messages. */
static int apply(struct cli *c, const struct opt_def *d, const char *v,
                 const char *arg)
{
  long n;
  int set;
  switch(d->kind) {
  case K_HELP:
    usage(stdout);
    return msg_stdout_done() ? EXIT_RUNTIME : EXIT_OK;
  case K_VERSION:
    puts("rds-shim " RDS_SHIM_VERSION);
    return msg_stdout_done() ? EXIT_RUNTIME : EXIT_OK;
  case K_VERBOSE:
    c->verbose++;
    return GO_ON;
  case K_STR:
    store(c, d->at, &v, sizeof(v));
    store(c, d->at2, &v, sizeof(v));
    return GO_ON;
  case K_NUM:
    if(parse_long(v, d->min, d->max, &n))
      return usage_error("not a valid number", arg);
    store(c, d->at, &n, sizeof(n));
    store(c, d->at2, &n, sizeof(n));
    return GO_ON;
  case K_SET:
    set = (int)d->min;
    store(c, d->at, &set, sizeof(set));
    store(c, d->at2, &set, sizeof(set));
    return GO_ON;
  case K_SGS:
    return split(c, v, c->sgs, &c->n_sgs, arg);
  case K_LOGS:
    return split(c, v, c->logs, &c->n_logs, arg);
  case K_TAG:
    return take_tag(c, v);
  }
  return GO_ON;
}

/* The getopt_long table and short-option string of the options whose
 * command bits meet cmds; an option's val is 256 + its index in opts. */
static void build(unsigned cmds, struct option *lo, char *shorts)
{
  size_t i, n = 0, s = 0;
  shorts[s++] = '+';          /* stop at the first non-option */
  shorts[s++] = ':';          /* report a missing value as ':' */
  for(i = 0; i < N_OPTS; i++) {
    if(!(opts[i].cmds & cmds))
      continue;
    lo[n].name = opts[i].name;
    lo[n].has_arg = opts[i].kind == K_HELP || opts[i].kind == K_VERSION ||
                    opts[i].kind == K_VERBOSE || opts[i].kind == K_SET ?
                    no_argument : required_argument;
    lo[n].flag = NULL;
    lo[n++].val = 256 + (int)i;
    if(opts[i].short_name)
      shorts[s++] = opts[i].short_name;
  }
  memset(&lo[n], 0, sizeof(lo[n]));
  shorts[s] = 0;
}

/* The definition getopt_long matched, or NULL when the word that named it
 * only abbreviates the option's name (abbreviations are not accepted). */
static const struct opt_def *matched(int r, const char *word)
{
  const struct opt_def *d;
  size_t i, len;
  if(r < 256) {
    for(i = 0; i < N_OPTS; i++)
      if(opts[i].short_name == r)
        return &opts[i];
    return NULL;
  }
  d = &opts[r - 256];
  len = strlen(d->name);
  if(strncmp(word, "--", 2) || strncmp(word + 2, d->name, len) ||
     (word[2 + len] && word[2 + len] != '='))
    return NULL;
  return d;
}

/* Reads options from optind with the table of cmds until a non-option.
 * Returns GO_ON, or the exit status when an option ends the run (help,
 * version, an error). */
static int parse_options(struct cli *c, int argc, char **argv, unsigned cmds,
                         const char *unknown)
{
  struct option lo[N_OPTS + 1];
  char shorts[N_OPTS + 3];
  build(cmds, lo, shorts);
  opterr = 0;
  for(;;) {
    int at = optind, ex;
    int r = getopt_long(argc, argv, shorts, lo, NULL);
    const struct opt_def *d;
    const char *word = at < argc ? argv[at] : "";
    if(r == -1)
      return at < argc && !strcmp(argv[at], "--") ?
             usage_error(unknown, "--") : GO_ON;
    if(r == ':')
      return usage_error("option needs a value", word);
    d = r == '?' ? NULL : matched(r, word);
    if(!d)
      return usage_error(unknown, word);
    ex = apply(c, d, optarg, word);
    if(ex != GO_ON)
      return ex;
  }
}

static const struct command *find_command(const char *name)
{
  size_t i;
  for(i = 0; i < N_CMDS; i++)
    if(!strcmp(name, commands[i].name))
      return &commands[i];
  return NULL;
}

/* The options each command cannot do without. */
static int check_required(const struct cli *c, unsigned cmd)
{
  if((cmd & (C_CREATE | C_MODIFY | C_REBOOT | C_WAIT | C_SNAP_CREATE |
             C_RESTORE)) && !c->id)
    return usage_error("--id is required", NULL);
  if((cmd & (C_CREATE | C_SNAP_COPY)) && !c->source)
    return usage_error("--source is required", NULL);
  if((cmd & (C_SNAP_CREATE | C_RESTORE | C_SNAP_WAIT)) && !c->snapshot)
    return usage_error("--snapshot is required", NULL);
  if(cmd == C_SNAP_COPY && (!c->target || !c->rp.kms_key_id))
    return usage_error("copy-snapshot needs --target and --kms-key", NULL);
  if(cmd == C_SNAP_DESCRIBE && c->id && c->snapshot)
    return usage_error("give --snapshot or --id, not both", NULL);
  if(cmd == C_TAGS && (!c->arn || !c->n_tags))
    return usage_error("add-tags needs --arn and at least one --tag", NULL);
  if((cmd & C_WAITS) && !c->until)
    return usage_error("--until is required", NULL);
  if(cmd == C_TOKEN && (!c->host || c->port < 0 || !c->user))
    return usage_error("auth-token needs --host, --port and --user", NULL);
  return GO_ON;
}

/* Global options, the command, its options. GO_ON with *cmd set, or the
 * exit status. */
static int parse(struct cli *c, int argc, char **argv,
                 const struct command **cmd)
{
  int ex;
  optind = 1;
  ex = parse_options(c, argc, argv, BEFORE_COMMAND,
                     "unknown option or missing command");
  if(ex != GO_ON)
    return ex;
  if(optind >= argc)
    return usage_error("no command given", NULL);
  if(argv[optind][0] == '-')
    return usage_error("unknown option or missing command", argv[optind]);
  *cmd = find_command(argv[optind]);
  if(!*cmd)
    return usage_error("unknown command", argv[optind]);
  optind++;
  ex = parse_options(c, argc, argv, (*cmd)->bit,
                     "unknown option for this command");
  if(ex != GO_ON)
    return ex;
  if(optind < argc)
    return usage_error("unknown option for this command", argv[optind]);
  return check_required(c, (*cmd)->bit);
}

int main(int argc, char **argv)
{
  struct cli c;
  const struct command *cmd = NULL;
  int ex;

  memset(&c, 0, sizeof(c));
  rds_shim_replica_params_init(&c.rp);
  rds_shim_modify_params_init(&c.mp);
  rds_shim_modify_more_init(&c.mm);
  c.port = -1;
  ex = parse(&c, argc, argv, &cmd);
  if(ex == GO_ON)
    ex = cmd->run(&c);
  cli_release(&c);
  return ex;
}
