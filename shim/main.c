/*
 * main.c - rds-shim: parses the command line into struct cli and calls the
 * command in cli.c. Nothing else happens here.
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numparse.h"

enum cmd { C_NONE, C_DESCRIBE, C_CREATE, C_MODIFY, C_REBOOT, C_WAIT,
           C_TOKEN };

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
"  --version               show the version, then exit\n"
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
"  reboot --id ID [--force-failover]\n"
"  wait --id ID --until available|pending-reboot|in-sync|deleted\n"
"      [--timeout SECONDS] [--poll-interval MS] [--max-poll-interval MS]\n"
"  auth-token --host H --port P --user U\n"
"\n"
"Exit status: 0 ok, 1 runtime failure (AWS error, deadline passed, ...),\n"
"64 usage error, 78 configuration error (no credentials, unknown region).\n",
        f);
}

static int usage_error(const char *msg, const char *arg)
{
  cli_error("%s%s%s", msg, arg ? ": " : "", arg ? arg : "");
  fputs("Try 'rds-shim --help'.\n", stderr);
  return EXIT_USAGE;
}

/* Matches "--name VALUE" or "--name=VALUE". 1 matched, 0 not, -1 no value */
static int opt(int argc, char **argv, int *i, const char *name,
               const char **val)
{
  size_t n = strlen(name);
  const char *a = argv[*i];
  if(strncmp(a, name, n))
    return 0;
  if(a[n] == '=') {
    *val = a + n + 1;
    return 1;
  }
  if(a[n])
    return 0;
  if(*i + 1 >= argc)
    return -1;
  *val = argv[++*i];
  return 1;
}

static int num(const char *s, long min, long max, long *out)
{
  return parse_long(s, min, max, out);
}

/* Splits "a,b" into list (copies owned by c). */
static int split(struct cli *c, const char *s, const char **list, size_t *n)
{
  const char *p = s;
  while(*p) {
    size_t len = strcspn(p, ",");
    char *item;
    if(len) {
      if(*n >= CLI_MAX_LIST || c->n_owned >= 4 * CLI_MAX_LIST)
        return -1;
      item = strndup(p, len);
      if(!item)
        return -1;
      c->owned[c->n_owned++] = item;
      list[(*n)++] = item;
    }
    p += len;
    if(*p == ',')
      p++;
  }
  return 0;
}

struct flag_bool {
  const char *name;       /* without the "--" / "--no-" */
  size_t rp_off, mp_off;  /* offsetof in the params structs */
};

#define RP(m) offsetof(struct rds_shim_replica_params, m)
#define MP(m) offsetof(struct rds_shim_modify_params, m)

static const struct flag_bool bools[] = {
  { "multi-az", RP(multi_az), MP(multi_az) },
  { "performance-insights", RP(performance_insights),
    MP(performance_insights) },
  { "auto-minor-version-upgrade", RP(auto_minor_version_upgrade),
    MP(auto_minor_version_upgrade) },
  { "publicly-accessible", RP(publicly_accessible),
    MP(publicly_accessible) },
  { "copy-tags-to-snapshot", RP(copy_tags_to_snapshot),
    MP(copy_tags_to_snapshot) },
  { "deletion-protection", RP(deletion_protection),
    MP(deletion_protection) },
  { "iam-auth", RP(iam_auth), MP(iam_auth) },
};

static int parse_bool_flag(struct cli *c, enum cmd cmd, const char *a)
{
  size_t k;
  int val = 1;
  if(strncmp(a, "--", 2))
    return 0;
  a += 2;
  if(!strncmp(a, "no-", 3)) {
    val = 0;
    a += 3;
  }
  for(k = 0; k < sizeof(bools) / sizeof(bools[0]); k++)
    if(!strcmp(a, bools[k].name)) {
      char *base = cmd == C_CREATE ? (char *)&c->rp : (char *)&c->mp;
      size_t off = cmd == C_CREATE ? bools[k].rp_off : bools[k].mp_off;
      *(int *)(void *)(base + off) = val;
      return 1;
    }
  return 0;
}

static void cli_release(struct cli *c)
{
  size_t i;
  for(i = 0; i < c->n_owned; i++)
    free(c->owned[i]);
}

static int run(struct cli *c, enum cmd cmd)
{
  switch(cmd) {
  case C_DESCRIBE: return cli_describe(c);
  case C_CREATE: return cli_create_read_replica(c);
  case C_MODIFY: return cli_modify(c);
  case C_REBOOT: return cli_reboot(c);
  case C_WAIT: return cli_wait(c);
  case C_TOKEN: return cli_auth_token(c);
  case C_NONE: break;
  }
  return EXIT_USAGE;
}

int main(int argc, char **argv)
{
  struct cli c;
  enum cmd cmd = C_NONE;
  int i, ex;

  memset(&c, 0, sizeof(c));
  rds_shim_replica_params_init(&c.rp);
  rds_shim_modify_params_init(&c.mp);
  c.port = -1;

  for(i = 1; i < argc; i++) {
    const char *a = argv[i], *v = NULL;
    long n = 0;
    int r;
#define TAKE(name) ((r = opt(argc, argv, &i, name, &v)) != 0)
    if(!strcmp(a, "--help") || !strcmp(a, "-h")) {
      usage(stdout);
      cli_release(&c);
      return EXIT_OK;
    }
    if(!strcmp(a, "--version")) {
      puts("rds-shim " RDS_SHIM_VERSION);
      cli_release(&c);
      return EXIT_OK;
    }
    if(!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
      c.verbose++;
      continue;
    }
    if(!strcmp(a, "-vv")) {
      c.verbose += 2;
      continue;
    }
    if(cmd == C_NONE && a[0] != '-') {
      if(!strcmp(a, "describe"))
        cmd = C_DESCRIBE;
      else if(!strcmp(a, "create-read-replica"))
        cmd = C_CREATE;
      else if(!strcmp(a, "modify"))
        cmd = C_MODIFY;
      else if(!strcmp(a, "reboot"))
        cmd = C_REBOOT;
      else if(!strcmp(a, "wait"))
        cmd = C_WAIT;
      else if(!strcmp(a, "auth-token"))
        cmd = C_TOKEN;
      else {
        cli_release(&c);
        return usage_error("unknown command", a);
      }
      continue;
    }
    if(TAKE("--region"))
      c.region = v;
    else if(TAKE("--profile"))
      c.profile = v;
    else if(TAKE("--endpoint-url"))
      c.endpoint_url = v;
    else if(TAKE("--max-attempts")) {
      if(r > 0 && num(v, 1, 100, &n))
        goto badnum;
      c.max_attempts = (int)n;
    }
    else if(TAKE("--cli-connect-timeout")) {
      if(r > 0 && num(v, 1, 3600, &c.connect_timeout_s))
        goto badnum;
    }
    else if(TAKE("--cli-read-timeout")) {
      if(r > 0 && num(v, 1, 3600, &c.read_timeout_s))
        goto badnum;
    }
    else if(cmd == C_NONE) {
      cli_release(&c);
      return usage_error("unknown option or missing command", a);
    }
    else if(TAKE("--id"))
      c.id = v;
    else if(cmd == C_DESCRIBE && TAKE("--page-size")) {
      if(r > 0 && num(v, 1, 100000, &c.page_size))
        goto badnum;
    }
    else if(cmd == C_CREATE && TAKE("--source"))
      c.source = v;
    else if(cmd == C_CREATE && TAKE("--from"))
      c.from = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) && TAKE("--class"))
      c.rp.instance_class = c.mp.instance_class = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            TAKE("--parameter-group"))
      c.rp.parameter_group = c.mp.parameter_group = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            TAKE("--security-groups")) {
      if(r > 0 && split(&c, v, c.sgs, &c.n_sgs))
        goto badlist;
    }
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            TAKE("--cloudwatch-logs-exports")) {
      if(r > 0 && split(&c, v, c.logs, &c.n_logs))
        goto badlist;
    }
    else if(cmd == C_CREATE && TAKE("--kms-key"))
      c.rp.kms_key_id = v;
    else if(cmd == C_CREATE && TAKE("--availability-zone"))
      c.rp.availability_zone = v;
    else if(cmd == C_CREATE && TAKE("--db-subnet-group"))
      c.rp.db_subnet_group_name = v;
    else if(cmd == C_CREATE && TAKE("--tag")) {
      const char *eq;
      char *k;
      if(r < 0)
        goto missing;
      eq = strchr(v, '=');
      if(!eq || eq == v || c.n_tags >= CLI_MAX_LIST ||
         c.n_owned >= 4 * CLI_MAX_LIST) {
        cli_release(&c);
        return usage_error("--tag wants KEY=VALUE", v);
      }
      k = strndup(v, (size_t)(eq - v));
      if(!k) {
        cli_release(&c);
        cli_error("out of memory");
        return EXIT_RUNTIME;
      }
      c.owned[c.n_owned++] = k;
      c.tags[c.n_tags].key = k;
      c.tags[c.n_tags++].value = eq + 1;
    }
    else if((cmd == C_CREATE || cmd == C_MODIFY) && TAKE("--port")) {
      if(r > 0 && num(v, 1, 65535, &n))
        goto badnum;
      c.rp.port = c.mp.port = n;
    }
    else if((cmd == C_CREATE || cmd == C_MODIFY) && TAKE("--storage-type"))
      c.rp.storage_type = c.mp.storage_type = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) && TAKE("--iops")) {
      if(r > 0 && num(v, 0, 1000000, &n))
        goto badnum;
      c.rp.iops = c.mp.iops = n;
    }
    else if((cmd == C_CREATE || cmd == C_MODIFY) && TAKE("--option-group"))
      c.rp.option_group = c.mp.option_group = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            TAKE("--monitoring-interval")) {
      if(r > 0 && num(v, 0, 60, &n))
        goto badnum;
      c.rp.monitoring_interval = c.mp.monitoring_interval = n;
    }
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            TAKE("--monitoring-role-arn"))
      c.rp.monitoring_role_arn = c.mp.monitoring_role_arn = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            TAKE("--performance-insights-kms-key"))
      c.rp.performance_insights_kms_key_id =
        c.mp.performance_insights_kms_key_id = v;
    else if((cmd == C_CREATE || cmd == C_MODIFY) &&
            parse_bool_flag(&c, cmd, a))
      r = 1;
    else if(cmd == C_MODIFY && !strcmp(a, "--apply-immediately"))
      c.mp.apply_immediately = 1;
    else if(cmd == C_REBOOT && !strcmp(a, "--force-failover"))
      c.force_failover = 1;
    else if(cmd == C_WAIT && TAKE("--until"))
      c.until = v;
    else if(cmd == C_WAIT && TAKE("--timeout")) {
      if(r > 0 && num(v, 1, 7L * 86400, &c.timeout_s))
        goto badnum;
    }
    else if(cmd == C_WAIT && TAKE("--poll-interval")) {
      if(r > 0 && num(v, 1, 3600000, &c.poll_ms))
        goto badnum;
    }
    else if(cmd == C_WAIT && TAKE("--max-poll-interval")) {
      if(r > 0 && num(v, 1, 3600000, &c.max_poll_ms))
        goto badnum;
    }
    else if(cmd == C_TOKEN && TAKE("--host"))
      c.host = v;
    else if(cmd == C_TOKEN && TAKE("--port")) {
      if(r > 0 && num(v, 1, 65535, &c.port))
        goto badnum;
    }
    else if(cmd == C_TOKEN && TAKE("--user"))
      c.user = v;
    else {
      cli_release(&c);
      return usage_error("unknown option for this command", a);
    }
    if(r < 0)
      goto missing;
    continue;
missing:
    cli_release(&c);
    return usage_error("option needs a value", a);
badnum:
    if(r < 0)
      goto missing;
    cli_release(&c);
    return usage_error("not a valid number", a);
badlist:
    cli_release(&c);
    return usage_error("list too long (at most 64 items)", a);
#undef TAKE
  }

  if(cmd == C_NONE)
    return usage_error("no command given", NULL);
  if(cmd != C_DESCRIBE && cmd != C_TOKEN && !c.id) {
    cli_release(&c);
    return usage_error("--id is required", NULL);
  }
  if(cmd == C_CREATE && !c.source) {
    cli_release(&c);
    return usage_error("--source is required", NULL);
  }
  if(cmd == C_WAIT && !c.until) {
    cli_release(&c);
    return usage_error("--until is required", NULL);
  }
  if(cmd == C_TOKEN && (!c.host || c.port < 0 || !c.user)) {
    cli_release(&c);
    return usage_error("auth-token needs --host, --port and --user", NULL);
  }
  ex = run(&c, cmd);
  cli_release(&c);
  return ex;
}
