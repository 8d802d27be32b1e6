/* SPDX-License-Identifier: Apache-2.0 */
/*
 * xml.c - RDS and STS Query API responses, parsed with libxml2 into
 * structs (never by string search).
 *
 * Users: rds.c (DBInstance results, error documents) and credentials.c
 * (STS AssumeRoleWithWebIdentity). Parsing is strict about structure and
 * types: a truncated or malformed document, a missing result element, a
 * DBInstance without an identifier or a non-numeric number is
 * RDS_SHIM_BAD_RESPONSE with a reason, never a crash. The network is never
 * touched (XML_PARSE_NONET), entities are not substituted, and libxml2's
 * own error printing is switched off.
 */
#include "rds/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "numparse.h"
#include "core/util.h"
#include "rds/instance.h"
#include "sign/sigv4.h"

static xmlDocPtr parse(const char *body, size_t len)
{
  if(!body || !len || len > (size_t)0x7fffffff)
    return NULL;
  return xmlReadMemory(body, (int)len, "response.xml", NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR |
                       XML_PARSE_NOWARNING | XML_PARSE_NOCDATA);
}

static int is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE &&
         !strcmp((const char *)n->name, name);
}

static xmlNode *child(const xmlNode *n, const char *name)
{
  xmlNode *c;
  if(!n)
    return NULL;
  for(c = n->children; c; c = c->next)
    if(is(c, name))
      return c;
  return NULL;
}

/* Text of an element as a malloc'd string (free()); NULL on OOM. */
static char *text(const xmlNode *n)
{
  xmlChar *t = xmlNodeGetContent(n);
  char *s;
  if(!t)
    return strdup("");
  s = strdup((const char *)t);
  xmlFree(t);
  return s;
}

static int has_element_children(const xmlNode *n)
{
  const xmlNode *c;
  for(c = n->children; c; c = c->next)
    if(c->type == XML_ELEMENT_NODE)
      return 1;
  return 0;
}

/* ---- errors ---------------------------------------------------------- */

void aws_error_release(struct aws_error *e)
{
  if(!e)
    return;
  free(e->type);
  free(e->code);
  free(e->message);
  free(e->request_id);
  memset(e, 0, sizeof(*e));
}

static char *child_text(const xmlNode *n, const char *name)
{
  xmlNode *c = child(n, name);
  return c ? text(c) : NULL;
}

int xml_parse_error(const char *body, size_t len, struct aws_error *e)
{
  xmlDocPtr doc = parse(body, len);
  xmlNode *root, *err = NULL;
  int rc = -1;
  if(!doc)
    return -1;
  root = xmlDocGetRootElement(doc);
  if(is(root, "ErrorResponse"))
    err = child(root, "Error");
  else if(is(root, "Response"))            /* EC2-style envelope */
    err = child(child(root, "Errors"), "Error");
  if(err && child(err, "Code")) {
    aws_error_release(e);
    e->type = child_text(err, "Type");
    e->code = child_text(err, "Code");
    e->message = child_text(err, "Message");
    e->request_id = child_text(root, "RequestId");
    if(!e->request_id)
      e->request_id = child_text(root, "RequestID");
    rc = e->code ? 0 : -1;
  }
  xmlFreeDoc(doc);
  return rc;
}

/* ---- DBInstance ------------------------------------------------------ */

enum ftype { F_STR, F_LONG, F_BOOL };

struct field {
  const char *name;
  enum ftype type;
  size_t off;
};

#define FS(n, m) { n, F_STR, offsetof(struct rds_shim_instance, m) }
#define FL(n, m) { n, F_LONG, offsetof(struct rds_shim_instance, m) }
#define FB(n, m) { n, F_BOOL, offsetof(struct rds_shim_instance, m) }

static const struct field fields[] = {
  FS("DBInstanceIdentifier", id),
  FS("DBInstanceClass", instance_class),
  FS("Engine", engine),
  FS("EngineVersion", engine_version),
  FS("DBInstanceStatus", status),
  FS("MasterUsername", master_username),
  FS("DBName", db_name),
  FS("AvailabilityZone", availability_zone),
  FS("StorageType", storage_type),
  FS("KmsKeyId", kms_key_id),
  FS("ReadReplicaSourceDBInstanceIdentifier", read_replica_source),
  FS("MonitoringRoleArn", monitoring_role_arn),
  FS("PerformanceInsightsKMSKeyId", performance_insights_kms_key_id),
  FS("DbiResourceId", dbi_resource_id),
  FS("DBInstanceArn", arn),
  FS("InstanceCreateTime", create_time),
  FL("Iops", iops),
  FL("AllocatedStorage", allocated_storage),
  FL("StorageThroughput", storage_throughput),
  FL("MonitoringInterval", monitoring_interval),
  FL("PerformanceInsightsRetentionPeriod",
     performance_insights_retention_period),
  FB("MultiAZ", multi_az),
  FB("StorageEncrypted", storage_encrypted),
  FB("PerformanceInsightsEnabled", performance_insights_enabled),
  FB("AutoMinorVersionUpgrade", auto_minor_version_upgrade),
  FB("PubliclyAccessible", publicly_accessible),
  FB("CopyTagsToSnapshot", copy_tags_to_snapshot),
  FB("DeletionProtection", deletion_protection),
  FB("IAMDatabaseAuthenticationEnabled", iam_auth_enabled),
  FL("BackupRetentionPeriod", backup_retention_period),
  FS("PreferredBackupWindow", preferred_backup_window),
  FS("PreferredMaintenanceWindow", preferred_maintenance_window),
  FS("CACertificateIdentifier", ca_certificate_identifier),
  FL("MaxAllocatedStorage", max_allocated_storage),
};

#define SS(n, m) { n, F_STR, offsetof(struct rds_shim_snapshot, m) }
#define SL(n, m) { n, F_LONG, offsetof(struct rds_shim_snapshot, m) }
#define SB(n, m) { n, F_BOOL, offsetof(struct rds_shim_snapshot, m) }

static const struct field snapshot_fields[] = {
  SS("DBSnapshotIdentifier", id),
  SS("DBInstanceIdentifier", instance_id),
  SS("Status", status),
  SB("Encrypted", encrypted),
  SS("KmsKeyId", kms_key_id),
  SS("Engine", engine),
  SS("EngineVersion", engine_version),
  SS("SnapshotType", snapshot_type),
  SS("SnapshotCreateTime", create_time),
  SL("PercentProgress", percent_progress),
  SS("DBSnapshotArn", arn),
  SL("AllocatedStorage", allocated_storage),
  SS("SourceDBSnapshotIdentifier", source_snapshot),
};

#define N_FIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* The entry of table named name, or NULL. */
static const struct field *find_field(const struct field *t, size_t n,
                                      const char *name)
{
  size_t i;
  for(i = 0; i < n; i++)
    if(!strcmp(name, t[i].name))
      return &t[i];
  return NULL;
}

struct pctx {
  char *why;
  size_t why_len;
};

static enum rds_shim_code bad(struct pctx *p, const char *what,
                              const char *detail)
{
  snprintf(p->why, p->why_len, "%s%s%s", what, detail ? ": " : "",
           detail ? detail : "");
  return RDS_SHIM_BAD_RESPONSE;
}

/* Sets the member f of the struct at base from n's text. */
static enum rds_shim_code set_field(void *obj, const struct field *f,
                                    xmlNode *n, struct pctx *p)
{
  char *t = text(n);
  char *base = obj;
  enum rds_shim_code rc = RDS_SHIM_OK;
  if(!t)
    return RDS_SHIM_OUT_OF_MEMORY;
  switch(f->type) {
  case F_STR: {
    char **slot = (char **)(void *)(base + f->off);
    free(*slot);
    *slot = t;
    return RDS_SHIM_OK;
  }
  case F_LONG: {
    long v;
    if(parse_long(t, -2147483647L, 2147483647L, &v))
      rc = bad(p, f->name, "not a number");
    else
      *(long *)(void *)(base + f->off) = v;
    break;
  }
  case F_BOOL:
    if(!strcmp(t, "true"))
      *(int *)(void *)(base + f->off) = 1;
    else if(!strcmp(t, "false"))
      *(int *)(void *)(base + f->off) = 0;
    else
      rc = bad(p, f->name, "not true/false");
    break;
  }
  free(t);
  return rc;
}

/* How many children of container are <item> elements. */
static size_t count_items(xmlNode *container, const char *item)
{
  xmlNode *c;
  size_t cnt = 0;
  for(c = container->children; c; c = c->next)
    if(is(c, item))
      cnt++;
  return cnt;
}

/* Collects <Container><Item><A/><B/></Item>... into name/status pairs. */
static enum rds_shim_code member_list(xmlNode *container, const char *item,
                                      const char *a, const char *b,
                                      struct rds_shim_member_status **out,
                                      size_t *n)
{
  xmlNode *c;
  size_t cnt = count_items(container, item);
  if(!cnt)
    return RDS_SHIM_OK;
  *out = calloc(cnt, sizeof(**out));
  if(!*out)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(c = container->children; c; c = c->next) {
    xmlNode *x;
    if(!is(c, item))
      continue;
    x = child(c, a);
    (*out)[*n].name = x ? text(x) : NULL;
    x = child(c, b);
    (*out)[*n].status = x ? text(x) : NULL;
    (*n)++;
  }
  return RDS_SHIM_OK;
}

static enum rds_shim_code string_list(xmlNode *container, const char *item,
                                      char ***out, size_t *n)
{
  xmlNode *c;
  size_t cnt = count_items(container, item);
  if(!cnt)
    return RDS_SHIM_OK;
  *out = calloc(cnt, sizeof(**out));
  if(!*out)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(c = container->children; c; c = c->next)
    if(is(c, item)) {
      if(!((*out)[*n] = text(c)))
        return RDS_SHIM_OUT_OF_MEMORY;
      (*n)++;
    }
  return RDS_SHIM_OK;
}

static enum rds_shim_code kv_list(xmlNode *container, const char *item,
                                  const char *k, const char *v,
                                  struct rds_shim_tag **out, size_t *n)
{
  struct rds_shim_member_status *ms = NULL;
  size_t cnt = 0, i;
  enum rds_shim_code rc = member_list(container, item, k, v, &ms, &cnt);
  /* same layout, two char * members: move them over */
  if(cnt) {
    *out = calloc(cnt, sizeof(**out));
    if(!*out)
      rc = RDS_SHIM_OUT_OF_MEMORY;
  }
  for(i = 0; i < cnt; i++) {
    if(*out) {
      (*out)[i].key = ms[i].name;
      (*out)[i].value = ms[i].status;
    }
    else {
      free(ms[i].name);
      free(ms[i].status);
    }
  }
  if(*out)
    *n = cnt;
  free(ms);
  return rc;
}

/* PendingModifiedValues: each child element becomes name -> text; a
 * nested one (PendingCloudwatchLogsExports ...) gets its leaves joined
 * with ','. */
static enum rds_shim_code pending_values(xmlNode *pm,
                                         struct rds_shim_instance *inst)
{
  xmlNode *c;
  size_t cnt = 0;
  inst->has_pending = 1;
  for(c = pm->children; c; c = c->next)
    if(c->type == XML_ELEMENT_NODE)
      cnt++;
  if(!cnt)
    return RDS_SHIM_OK;
  inst->pending = calloc(cnt, sizeof(*inst->pending));
  if(!inst->pending)
    return RDS_SHIM_OUT_OF_MEMORY;
  for(c = pm->children; c; c = c->next) {
    struct rds_shim_tag *t;
    if(c->type != XML_ELEMENT_NODE)
      continue;
    t = &inst->pending[inst->n_pending++];
    t->key = strdup((const char *)c->name);
    if(has_element_children(c)) {
      struct buf b;
      xmlNode *leaf;
      buf_init(&b, BUF_CAP_SMALL);
      for(leaf = c->children; leaf; leaf = leaf->next) {
        char *lt;
        if(leaf->type != XML_ELEMENT_NODE)
          continue;
        lt = text(leaf);
        if(!lt || (b.len && buf_addc(&b, ',')) || buf_adds(&b, lt)) {
          free(lt);
          buf_release(&b);
          return RDS_SHIM_OUT_OF_MEMORY;
        }
        free(lt);
      }
      t->value = buf_take(&b);
    }
    else
      t->value = text(c);
    if(!t->key || !t->value)
      return RDS_SHIM_OUT_OF_MEMORY;
  }
  return RDS_SHIM_OK;
}

static enum rds_shim_code parse_instance(xmlNode *dbi,
                                         struct rds_shim_instance *inst,
                                         struct pctx *p)
{
  xmlNode *c;
  enum rds_shim_code rc = RDS_SHIM_OK;

  for(c = dbi->children; c && !rc; c = c->next) {
    const char *name;
    const struct field *f;
    if(c->type != XML_ELEMENT_NODE)
      continue;
    name = (const char *)c->name;
    if((f = find_field(fields, N_FIELDS(fields), name))) {
      rc = set_field(inst, f, c, p);
      continue;
    }
    if(!strcmp(name, "Endpoint")) {
      xmlNode *x = child(c, "Address");
      if(x) {
        free(inst->endpoint_address);
        if(!(inst->endpoint_address = text(x)))
          rc = RDS_SHIM_OUT_OF_MEMORY;
      }
      x = child(c, "Port");
      if(x && !rc) {
        char *t = text(x);
        long v;
        if(!t)
          rc = RDS_SHIM_OUT_OF_MEMORY;
        else if(parse_long(t, 0, 65535, &v))
          rc = bad(p, "Endpoint/Port", "not a port number");
        else
          inst->endpoint_port = v;
        free(t);
      }
    }
    else if(!strcmp(name, "DBParameterGroups") && !inst->parameter_groups)
      rc = member_list(c, "DBParameterGroup", "DBParameterGroupName",
                       "ParameterApplyStatus", &inst->parameter_groups,
                       &inst->n_parameter_groups);
    else if(!strcmp(name, "VpcSecurityGroups") && !inst->vpc_security_groups)
      rc = member_list(c, "VpcSecurityGroupMembership", "VpcSecurityGroupId",
                       "Status", &inst->vpc_security_groups,
                       &inst->n_vpc_security_groups);
    else if(!strcmp(name, "OptionGroupMemberships") && !inst->option_groups)
      rc = member_list(c, "OptionGroupMembership", "OptionGroupName",
                       "Status", &inst->option_groups,
                       &inst->n_option_groups);
    else if(!strcmp(name, "ReadReplicaDBInstanceIdentifiers") &&
            !inst->read_replicas)
      rc = string_list(c, "ReadReplicaDBInstanceIdentifier",
                       &inst->read_replicas, &inst->n_read_replicas);
    else if(!strcmp(name, "EnabledCloudwatchLogsExports") &&
            !inst->cloudwatch_logs_exports)
      rc = string_list(c, "member", &inst->cloudwatch_logs_exports,
                       &inst->n_cloudwatch_logs_exports);
    else if(!strcmp(name, "TagList") && !inst->tags)
      rc = kv_list(c, "Tag", "Key", "Value", &inst->tags, &inst->n_tags);
    else if(!strcmp(name, "PendingModifiedValues") && !inst->has_pending)
      rc = pending_values(c, inst);
    else if(!strcmp(name, "DBSubnetGroup")) {
      xmlNode *x = child(c, "DBSubnetGroupName");
      if(x && !inst->db_subnet_group_name &&
         !(inst->db_subnet_group_name = text(x)))
        rc = RDS_SHIM_OUT_OF_MEMORY;
    }
  }
  if(!rc && (!inst->id || !*inst->id))
    rc = bad(p, "DBInstance", "no DBInstanceIdentifier");
  return rc;
}

/* Parses one DBInstance element and appends it to list (an instance
 * list). */
static enum rds_shim_code append_one(xmlNode *dbi, void *list,
                                     struct pctx *p)
{
  struct rds_shim_instance inst;
  enum rds_shim_code rc;
  instance_init(&inst);
  rc = parse_instance(dbi, &inst, p);
  if(!rc)
    rc = instance_list_append(list, &inst);
  if(rc)
    instance_release(&inst);
  return rc;
}

/* The Marker of a Describe result: NULL when empty or absent. */
static enum rds_shim_code take_marker(xmlNode *result, char **marker)
{
  xmlNode *c = child(result, "Marker");
  if(!c || !marker)
    return RDS_SHIM_OK;
  *marker = text(c);
  if(!*marker)
    return RDS_SHIM_OUT_OF_MEMORY;
  if(!**marker) {
    free(*marker);
    *marker = NULL;
  }
  return RDS_SHIM_OK;
}

/* What a kind of answer holds: the Describe action whose result is a
 * list (with a Marker), the list and item elements, the item parser. */
struct doc_kind {
  const char *describe, *list_el, *item_el;
  enum rds_shim_code (*append)(xmlNode *el, void *list, struct pctx *p);
};

/* A Describe result: every item, and the Marker of the next page (NULL
 * when empty or absent). */
static enum rds_shim_code list_result(const struct doc_kind *k,
                                      xmlNode *result, void *list,
                                      char **marker, struct pctx *p)
{
  xmlNode *list_el = child(result, k->list_el), *c;
  enum rds_shim_code rc = RDS_SHIM_OK;
  if(!list_el)
    return bad(p, "missing element", k->list_el);
  for(c = list_el->children; c && !rc; c = c->next)
    if(is(c, k->item_el))
      rc = k->append(c, list, p);
  return rc ? rc : take_marker(result, marker);
}

/* Parses body and finds <action>Result under <action>Response; on
 * success *doc must be freed by the caller. */
static enum rds_shim_code open_result(const char *body, size_t len,
                                      const char *action, xmlDocPtr *doc,
                                      xmlNode **result, char **request_id,
                                      struct pctx *p)
{
  xmlNode *root;
  char want[128];
  if(request_id)
    *request_id = NULL;
  *doc = parse(body, len);
  if(!*doc)
    return bad(p, "response is not well-formed XML",
               len ? "truncated or malformed" : "empty body");
  root = xmlDocGetRootElement(*doc);
  snprintf(want, sizeof(want), "%sResponse", action);
  if(!is(root, want)) {
    bad(p, "unexpected root element",
        root ? (const char *)root->name : "(none)");
    xmlFreeDoc(*doc);
    return RDS_SHIM_BAD_RESPONSE;
  }
  snprintf(want, sizeof(want), "%sResult", action);
  *result = child(root, want);
  if(!*result) {
    bad(p, "missing element", want);
    xmlFreeDoc(*doc);
    return RDS_SHIM_BAD_RESPONSE;
  }
  if(request_id)
    *request_id = child_text(child(root, "ResponseMetadata"), "RequestId");
  return RDS_SHIM_OK;
}

static void start_pctx(struct pctx *p, char *why, size_t why_len,
                       char **marker)
{
  p->why = why;
  p->why_len = why_len;
  if(why_len)
    why[0] = 0;
  if(marker)
    *marker = NULL;
}

/* Parses an answer of kind k to action into list. */
static enum rds_shim_code parse_doc(const struct doc_kind *k,
                                    const char *body, size_t len,
                                    const char *action, void *list,
                                    char **marker, char **request_id,
                                    char *why, size_t why_len)
{
  xmlDocPtr doc;
  xmlNode *result, *c;
  struct pctx p;
  enum rds_shim_code rc;

  start_pctx(&p, why, why_len, marker);
  rc = open_result(body, len, action, &doc, &result, request_id, &p);
  if(rc)
    return rc;
  if(!strcmp(action, k->describe))
    rc = list_result(k, result, list, marker, &p);
  else if(!(c = child(result, k->item_el)))
    rc = bad(&p, "missing element", k->item_el);
  else
    rc = k->append(c, list, &p);
  xmlFreeDoc(doc);
  return rc;
}

enum rds_shim_code xml_parse_instances(const char *body, size_t len,
                                       const char *action,
                                       struct rds_shim_instance_list *list,
                                       char **marker, char **request_id,
                                       char *why, size_t why_len)
{
  static const struct doc_kind k = {
    "DescribeDBInstances", "DBInstances", "DBInstance", append_one
  };
  return parse_doc(&k, body, len, action, list, marker, request_id, why,
                   why_len);
}

/* ---- DBSnapshot ------------------------------------------------------ */

static enum rds_shim_code parse_snapshot(xmlNode *el,
                                         struct rds_shim_snapshot *s,
                                         struct pctx *p)
{
  xmlNode *c;
  enum rds_shim_code rc = RDS_SHIM_OK;
  for(c = el->children; c && !rc; c = c->next) {
    const struct field *f;
    if(c->type != XML_ELEMENT_NODE)
      continue;
    f = find_field(snapshot_fields, N_FIELDS(snapshot_fields),
                   (const char *)c->name);
    if(f)
      rc = set_field(s, f, c, p);
    else if(is(c, "TagList") && !s->tags)
      rc = kv_list(c, "Tag", "Key", "Value", &s->tags, &s->n_tags);
  }
  if(!rc && (!s->id || !*s->id))
    rc = bad(p, "DBSnapshot", "no DBSnapshotIdentifier");
  return rc;
}

static enum rds_shim_code append_snapshot(xmlNode *el, void *list,
                                          struct pctx *p)
{
  struct rds_shim_snapshot s;
  enum rds_shim_code rc;
  shim_snapshot_init(&s);
  rc = parse_snapshot(el, &s, p);
  if(!rc)
    rc = shim_snapshot_list_append(list, &s);
  if(rc)
    shim_snapshot_release(&s);
  return rc;
}

enum rds_shim_code xml_parse_snapshots(const char *body, size_t len,
                                       const char *action,
                                       struct rds_shim_snapshot_list *list,
                                       char **marker, char **request_id,
                                       char *why, size_t why_len)
{
  static const struct doc_kind k = {
    "DescribeDBSnapshots", "DBSnapshots", "DBSnapshot", append_snapshot
  };
  return parse_doc(&k, body, len, action, list, marker, request_id, why,
                   why_len);
}

/* ---- STS ------------------------------------------------------------- */

void sts_credentials_release(struct sts_credentials *c)
{
  if(!c)
    return;
  shim_free_secret(c->access_key_id);
  shim_free_secret(c->secret_key);
  shim_free_secret(c->session_token);
  memset(c, 0, sizeof(*c));
}

enum rds_shim_code xml_parse_sts_credentials(const char *body, size_t len,
                                             struct sts_credentials *cr)
{
  xmlDocPtr doc = parse(body, len);
  xmlNode *c;
  char *exp = NULL;
  enum rds_shim_code rc = RDS_SHIM_OK;
  memset(cr, 0, sizeof(*cr));
  if(!doc)
    return RDS_SHIM_BAD_RESPONSE;
  c = child(child(xmlDocGetRootElement(doc),
                  "AssumeRoleWithWebIdentityResult"), "Credentials");
  if(!is(xmlDocGetRootElement(doc), "AssumeRoleWithWebIdentityResponse") ||
     !c) {
    xmlFreeDoc(doc);
    return RDS_SHIM_BAD_RESPONSE;
  }
  cr->access_key_id = child_text(c, "AccessKeyId");
  cr->secret_key = child_text(c, "SecretAccessKey");
  cr->session_token = child_text(c, "SessionToken");
  exp = child_text(c, "Expiration");
  if(!cr->access_key_id || !cr->secret_key || !*cr->access_key_id ||
     !*cr->secret_key)
    rc = RDS_SHIM_BAD_RESPONSE;
  if(exp) {
    cr->expires = sigv4_parse_iso8601(exp);
    if(cr->expires == (time_t)-1)
      cr->expires = 0;
    free(exp);
  }
  xmlFreeDoc(doc);
  return rc;
}
