/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rds_shim.h - the public API of the RDS shim: a small client for the few
 * Amazon RDS Query API calls that re-creating a read replica needs
 * (DescribeDBInstances, CreateDBInstanceReadReplica, ModifyDBInstance,
 * RebootDBInstance), waiters, and RDS IAM database authentication tokens;
 * and those encrypting an instance through an encrypted snapshot copy
 * needs (CreateDBSnapshot, DescribeDBSnapshots, CopyDBSnapshot,
 * RestoreDBInstanceFromDBSnapshot, a rename, AddTagsToResource, a snapshot
 * waiter), declared after everything older.
 *
 * Users: the rds-shim CLI (shim/main.c) and the rdsclone agent.
 *
 * Rules every function follows:
 *  - nothing is written to stdout/stderr; messages go to the log callback
 *    given in struct rds_shim_options (if any);
 *  - nothing exit()s or abort()s; every failure is an enum rds_shim_code and,
 *    when a handle exists, a one-line message in rds_shim_errmsg(handle),
 *    naming the AWS error code, message and request id when AWS answered;
 *  - secrets (secret key, session token, signatures) never reach the log;
 *  - every *_free() function accepts NULL.
 * A handle is not thread-safe: use one per thread. The first handle
 * initialises libcurl on first use (curl_easy_init); a threaded program
 * should call curl_global_init() itself before starting threads.
 *
 * This header includes no dependency header (curl, libxml2, OpenSSL, cJSON).
 */
#ifndef RDS_SHIM_H
#define RDS_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RDS_SHIM_VERSION "0.1.0"

/* Error codes. New codes are added last; none is removed or renumbered. */
enum rds_shim_code {
  RDS_SHIM_OK = 0,
  RDS_SHIM_OUT_OF_MEMORY,    /* allocation failed */
  RDS_SHIM_BAD_ARGUMENT,     /* caller passed NULL/empty/invalid input */
  RDS_SHIM_NO_CREDENTIALS,   /* no source in the chain gave credentials */
  RDS_SHIM_NO_REGION,        /* no region configured, or an unknown one */
  RDS_SHIM_CONFIG,           /* bad profile/config file/env/endpoint value */
  RDS_SHIM_TRANSPORT,        /* connect/TLS/timeout/connection cut */
  RDS_SHIM_AWS_ERROR,        /* AWS answered with an error response */
  RDS_SHIM_BAD_RESPONSE,     /* malformed, truncated or unexpected body */
  RDS_SHIM_NOT_FOUND,        /* DBInstanceNotFound, DBSnapshotNotFound */
  RDS_SHIM_TERMINAL_STATUS,  /* waiter saw a status it cannot leave */
  RDS_SHIM_DEADLINE,         /* waiter deadline passed */
  RDS_SHIM_CRYPTO,           /* OpenSSL hashing/HMAC failed */
  RDS_SHIM_THROTTLED         /* throttled on every allowed attempt */
};

/* Static description of a code; never NULL. */
const char *rds_shim_strerror(enum rds_shim_code code);

enum rds_shim_log_level {
  RDS_SHIM_LOG_ERROR = 0,
  RDS_SHIM_LOG_WARN,
  RDS_SHIM_LOG_INFO,
  RDS_SHIM_LOG_DEBUG
};

/* Log callback: msg is one line without a trailing newline, borrowed for
 * the duration of the call. It never contains secrets. */
typedef void (*rds_shim_log_fn)(void *ctx, enum rds_shim_log_level level,
                                const char *msg);

/* Options for rds_shim_open(). Zero-initialise, then set what you need.
 * Every string is copied by rds_shim_open(). Unset (NULL / 0) members are
 * resolved the way the AWS CLI does: see shim/README.md. */
struct rds_shim_options {
  const char *region;        /* else AWS_REGION, AWS_DEFAULT_REGION, profile */
  const char *profile;       /* else AWS_PROFILE, else "default" */
  const char *endpoint_url;  /* else AWS_ENDPOINT_URL_RDS, AWS_ENDPOINT_URL,
                                else https://rds.<region>.amazonaws.com */
  int max_attempts;          /* 0: AWS_MAX_ATTEMPTS, profile, else 3 */
  long connect_timeout_ms;   /* 0: 10000 */
  long timeout_ms;           /* total per HTTP request; 0: 60000 */
  long retry_base_ms;        /* backoff base; 0: RDS_SHIM_RETRY_BASE_MS or
                                1000 (cap 20000) */
  long page_size;            /* DescribeDBInstances MaxRecords; 0: unset */
  rds_shim_log_fn log;       /* NULL: silent */
  void *log_ctx;
  enum rds_shim_log_level log_level; /* most verbose level passed to log */
};

struct rds_shim; /* opaque handle */

/* Creates a handle and resolves region and endpoint (credentials are
 * resolved at the first call that needs them). *out is set to the new
 * handle even on failure (unless out of memory, then NULL), so the caller
 * can read rds_shim_errmsg(*out); free it with rds_shim_free() either way.
 * Returns RDS_SHIM_NO_REGION / RDS_SHIM_CONFIG on configuration errors. */
enum rds_shim_code rds_shim_open(struct rds_shim **out,
                                 const struct rds_shim_options *opt);
void rds_shim_free(struct rds_shim *h);

/* Last error message of the handle (no trailing newline); "" if none.
 * Borrowed until the next call on h. */
const char *rds_shim_errmsg(const struct rds_shim *h);
/* Resolved region and endpoint; borrowed until rds_shim_free(). */
const char *rds_shim_region(const struct rds_shim *h);
const char *rds_shim_endpoint(const struct rds_shim *h);

/* ---------------------------------------------------------------------- */
/* DB instances. Tri-state booleans and unset numbers use RDS_SHIM_UNSET. */

#define RDS_SHIM_UNSET (-1)

struct rds_shim_tag {         /* also used for PendingModifiedValues */
  char *key;
  char *value;
};
struct rds_shim_member_status { /* parameter/option group, VPC SG */
  char *name;                 /* DBParameterGroupName / OptionGroupName /
                                 VpcSecurityGroupId */
  char *status;               /* ParameterApplyStatus / Status */
};

/* One DB instance as DescribeDBInstances returns it. Strings are NULL when
 * the response lacks the member. Everything is owned by the struct and
 * freed by rds_shim_instance_free() (or rds_shim_instance_list_free()). */
struct rds_shim_instance {
  char *id;                   /* DBInstanceIdentifier */
  char *instance_class;       /* DBInstanceClass */
  char *engine, *engine_version;
  char *status;               /* DBInstanceStatus */
  char *master_username, *db_name;
  char *endpoint_address;
  long endpoint_port;
  char *availability_zone;
  int multi_az;
  char *storage_type;
  long iops, allocated_storage, storage_throughput;
  struct rds_shim_member_status *parameter_groups;
  size_t n_parameter_groups;
  struct rds_shim_member_status *vpc_security_groups;
  size_t n_vpc_security_groups;
  struct rds_shim_member_status *option_groups;
  size_t n_option_groups;
  int storage_encrypted;
  char *kms_key_id;
  char *read_replica_source;  /* ReadReplicaSourceDBInstanceIdentifier */
  char **read_replicas;       /* ReadReplicaDBInstanceIdentifiers */
  size_t n_read_replicas;
  struct rds_shim_tag *tags;  /* TagList */
  size_t n_tags;
  long monitoring_interval;
  char *monitoring_role_arn;
  int performance_insights_enabled;
  char *performance_insights_kms_key_id;
  long performance_insights_retention_period;
  char **cloudwatch_logs_exports; /* EnabledCloudwatchLogsExports */
  size_t n_cloudwatch_logs_exports;
  int auto_minor_version_upgrade, publicly_accessible;
  int copy_tags_to_snapshot, deletion_protection;
  int iam_auth_enabled;       /* IAMDatabaseAuthenticationEnabled */
  char *dbi_resource_id, *arn, *create_time;
  char *db_subnet_group_name;
  struct rds_shim_tag *pending; /* PendingModifiedValues, name -> text */
  size_t n_pending;
  int has_pending;            /* the element was present (maybe empty) */
  /* Added later, after every earlier member, whose offsets stay (the
   * struct grew: code indexing an instance array must be rebuilt). */
  long backup_retention_period;        /* BackupRetentionPeriod */
  char *preferred_backup_window;       /* PreferredBackupWindow */
  char *preferred_maintenance_window;  /* PreferredMaintenanceWindow */
  char *ca_certificate_identifier;     /* CACertificateIdentifier */
  long max_allocated_storage;          /* MaxAllocatedStorage */
};

struct rds_shim_instance_list {
  struct rds_shim_instance *items;
  size_t count;
};

void rds_shim_instance_free(struct rds_shim_instance *inst);
void rds_shim_instance_list_free(struct rds_shim_instance_list *list);

/* ParameterApplyStatus of the first parameter group, or NULL. Borrowed. */
const char *rds_shim_instance_param_status(const struct rds_shim_instance *i);

/* DescribeDBInstances for one id. *out is transferred (free with
 * rds_shim_instance_free). RDS_SHIM_NOT_FOUND if it does not exist. */
enum rds_shim_code rds_shim_describe(struct rds_shim *h, const char *id,
                                     struct rds_shim_instance **out);
/* DescribeDBInstances for all instances, following Marker. *out is
 * transferred (free with rds_shim_instance_list_free). */
enum rds_shim_code rds_shim_describe_all(struct rds_shim *h,
                                         struct rds_shim_instance_list **out);

/* Input strings list for parameters. */
struct rds_shim_strings {
  const char *const *v;
  size_t n;
};
struct rds_shim_tag_in {
  const char *key;
  const char *value;
};

/* CreateDBInstanceReadReplica. Initialise with
 * rds_shim_replica_params_init() (sets every number/tri-state to UNSET),
 * then set members; NULL / UNSET members are not sent. The struct borrows
 * every pointer, except what rds_shim_replica_params_from() allocates,
 * which rds_shim_replica_params_release() frees. */
struct rds_shim_replica_params {
  const char *id;                  /* DBInstanceIdentifier (required) */
  const char *source_id;           /* SourceDBInstanceIdentifier (req.) */
  const char *instance_class;
  const char *availability_zone;
  int multi_az;
  long port;
  const char *storage_type;
  long iops;
  const char *option_group;
  const char *parameter_group;
  struct rds_shim_strings vpc_security_group_ids;
  const struct rds_shim_tag_in *tags;
  size_t n_tags;
  const char *kms_key_id;
  long monitoring_interval;
  const char *monitoring_role_arn;
  int performance_insights;
  const char *performance_insights_kms_key_id;
  long performance_insights_retention_period;
  struct rds_shim_strings cloudwatch_logs_exports;
  int auto_minor_version_upgrade;
  int publicly_accessible;
  int copy_tags_to_snapshot;
  int deletion_protection;
  int iam_auth;                    /* EnableIAMDatabaseAuthentication */
  const char *db_subnet_group_name;
  void *priv_;                     /* owned storage of _from(); private */
};

void rds_shim_replica_params_init(struct rds_shim_replica_params *p);
/* Copies the attributes the re-creation keeps from an existing instance
 * (old replica) into p, for every member still NULL/UNSET in p (explicit
 * values win). The availability zone is copied only when the replica is
 * not Multi-AZ; an explicit availability zone keeps Multi-AZ from being
 * copied (RDS rejects the pair, and so does create: BAD_ARGUMENT). Pointers borrow from 'from' (keep it alive); arrays are
 * allocated and freed by rds_shim_replica_params_release(). */
enum rds_shim_code
rds_shim_replica_params_from(struct rds_shim_replica_params *p,
                             const struct rds_shim_instance *from);
void rds_shim_replica_params_release(struct rds_shim_replica_params *p);

/* Creates the replica. If a retried create meets DBInstanceAlreadyExists,
 * the existing instance is described and accepted when its source (and the
 * class, if asked) match. *out (optional) receives the instance. */
enum rds_shim_code
rds_shim_create_read_replica(struct rds_shim *h,
                             const struct rds_shim_replica_params *p,
                             struct rds_shim_instance **out);

/* ModifyDBInstance: same conventions as the replica params. */
struct rds_shim_modify_params {
  const char *id;                  /* required */
  const char *instance_class;
  const char *parameter_group;
  struct rds_shim_strings vpc_security_group_ids;
  const char *option_group;
  int multi_az;
  long port;                       /* DBPortNumber */
  const char *storage_type;
  long iops;
  long monitoring_interval;
  const char *monitoring_role_arn;
  int performance_insights;
  const char *performance_insights_kms_key_id;
  struct rds_shim_strings enable_logs_exports;  /* CloudwatchLogsExport-  */
  struct rds_shim_strings disable_logs_exports; /* Configuration          */
  int auto_minor_version_upgrade;
  int publicly_accessible;
  int copy_tags_to_snapshot;
  int deletion_protection;
  int iam_auth;
  int apply_immediately;
};
void rds_shim_modify_params_init(struct rds_shim_modify_params *p);
enum rds_shim_code rds_shim_modify(struct rds_shim *h,
                                   const struct rds_shim_modify_params *p,
                                   struct rds_shim_instance **out);

/* RebootDBInstance; force_failover is RDS_SHIM_UNSET, 0 or 1. */
enum rds_shim_code rds_shim_reboot(struct rds_shim *h, const char *id,
                                   int force_failover,
                                   struct rds_shim_instance **out);

/* ---------------------------------------------------------------------- */
/* Waiters */

enum rds_shim_wait_target {
  RDS_SHIM_WAIT_AVAILABLE = 0,   /* DBInstanceStatus available */
  RDS_SHIM_WAIT_PENDING_REBOOT,  /* available and parameter apply status
                                    pending-reboot or in-sync */
  RDS_SHIM_WAIT_IN_SYNC,         /* available and in-sync */
  RDS_SHIM_WAIT_DELETED          /* DBInstanceNotFound */
};

/* Progress callback, called after every poll. status / apply_status may
 * be NULL (not found / no parameter group). Strings are borrowed for the
 * call. done is 1 on the last call. */
typedef void (*rds_shim_progress_fn)(void *ctx, const char *id,
                                     const char *status,
                                     const char *apply_status,
                                     double elapsed_s, int done);

struct rds_shim_wait_options {
  enum rds_shim_wait_target target;
  long timeout_s;             /* deadline; 0: 3600 */
  long poll_ms;               /* first interval; 0: 5000 */
  long max_poll_ms;           /* interval cap; 0: 30000 */
  rds_shim_progress_fn progress;
  void *progress_ctx;
};

/* Polls DescribeDBInstances until the target state, a terminal status
 * (failed, incompatible-*, storage-full, ... : RDS_SHIM_TERMINAL_STATUS) or
 * the deadline (RDS_SHIM_DEADLINE; the message names the last status).
 * *last (optional) receives the last description seen (NULL after
 * deleted), transferred. */
enum rds_shim_code rds_shim_wait(struct rds_shim *h, const char *id,
                                 const struct rds_shim_wait_options *o,
                                 struct rds_shim_instance **last);
/* Parses "available", "pending-reboot", "in-sync", "deleted"; -1 if
 * unknown. */
int rds_shim_wait_target_parse(const char *s);

/* ---------------------------------------------------------------------- */
/* IAM database authentication token: the presigned "connect" URL without
 * the scheme, valid 15 minutes, to be used as the database password.
 * *token is transferred; free it with rds_shim_secret_free(). */
enum rds_shim_code rds_shim_auth_token(struct rds_shim *h, const char *host,
                                       int port, const char *user,
                                       char **token);
/* Wipes and frees a string returned as a secret. Accepts NULL. */
void rds_shim_secret_free(char *s);

/* ---------------------------------------------------------------------- */
/* JSON output shaped like the AWS CLI's: {"DBInstances":[...]} when
 * wrapper is "DBInstances", else {"<wrapper>":{...}} using items[0]
 * (e.g. "DBInstance"). *json is transferred (free()). */
enum rds_shim_code rds_shim_to_json(const struct rds_shim_instance *items,
                                    size_t n, const char *wrapper,
                                    char **json);

/* ---------------------------------------------------------------------- */
/* Added later: DB snapshots, restore, rename, tags (what encrypting an
 * instance through an encrypted snapshot copy needs). Same conventions as
 * above: NULL / RDS_SHIM_UNSET members are not sent, *out (optional) is
 * transferred, every *_free() accepts NULL. */

/* One DB snapshot as DescribeDBSnapshots returns it. */
struct rds_shim_snapshot {
  char *id;                   /* DBSnapshotIdentifier */
  char *instance_id;          /* DBInstanceIdentifier */
  char *status;               /* Status: creating, available, ... */
  int encrypted;              /* Encrypted */
  char *kms_key_id;           /* KmsKeyId */
  char *engine, *engine_version;
  char *snapshot_type;        /* SnapshotType: manual, automated, ... */
  char *create_time;          /* SnapshotCreateTime */
  struct rds_shim_tag *tags;  /* TagList */
  size_t n_tags;
  long percent_progress;      /* PercentProgress */
  char *arn;                  /* DBSnapshotArn */
  long allocated_storage;     /* AllocatedStorage */
  char *source_snapshot;      /* SourceDBSnapshotIdentifier (copies) */
};

struct rds_shim_snapshot_list {
  struct rds_shim_snapshot *items;
  size_t count;
};

void rds_shim_snapshot_free(struct rds_shim_snapshot *s);
void rds_shim_snapshot_list_free(struct rds_shim_snapshot_list *list);

/* CreateDBSnapshot of instance_id named snapshot_id, with tags. A retried
 * create that meets DBSnapshotAlreadyExists accepts the snapshot when it
 * is of instance_id (an earlier attempt made it and lost the answer). */
enum rds_shim_code rds_shim_create_snapshot(struct rds_shim *h,
                                            const char *instance_id,
                                            const char *snapshot_id,
                                            const struct rds_shim_tag_in *tags,
                                            size_t n_tags,
                                            struct rds_shim_snapshot **out);

/* DescribeDBSnapshots for one snapshot; RDS_SHIM_NOT_FOUND
 * (DBSnapshotNotFound) when it does not exist. */
enum rds_shim_code rds_shim_describe_snapshot(struct rds_shim *h,
                                              const char *snapshot_id,
                                              struct rds_shim_snapshot **out);
/* DescribeDBSnapshots of one instance (instance_id), or every snapshot
 * (NULL), following Marker (MaxRecords: the handle's page_size). *out is
 * transferred (free with rds_shim_snapshot_list_free). */
enum rds_shim_code
rds_shim_describe_snapshots(struct rds_shim *h, const char *instance_id,
                            struct rds_shim_snapshot_list **out);

/* CopyDBSnapshot. Initialise with rds_shim_copy_params_init(). A retried
 * copy that meets DBSnapshotAlreadyExists accepts the target when it is
 * of the source's instance (and encrypted, when a key was given). */
struct rds_shim_copy_params {
  const char *source_id;      /* SourceDBSnapshotIdentifier (required) */
  const char *target_id;      /* TargetDBSnapshotIdentifier (required) */
  const char *kms_key_id;     /* KmsKeyId */
  int copy_tags;              /* CopyTags, tri-state */
  const struct rds_shim_tag_in *tags;
  size_t n_tags;
};
void rds_shim_copy_params_init(struct rds_shim_copy_params *p);
enum rds_shim_code rds_shim_copy_snapshot(struct rds_shim *h,
                                          const struct rds_shim_copy_params *p,
                                          struct rds_shim_snapshot **out);

/* RestoreDBInstanceFromDBSnapshot: every attribute the restore accepts
 * that the encryption procedure copies from the old instance. Same
 * conventions as struct rds_shim_replica_params. */
struct rds_shim_restore_params {
  const char *id;                  /* DBInstanceIdentifier (required) */
  const char *snapshot_id;         /* DBSnapshotIdentifier (required) */
  const char *instance_class;
  const char *db_subnet_group_name;
  const char *option_group;
  const char *parameter_group;
  struct rds_shim_strings vpc_security_group_ids;
  int multi_az;
  const char *availability_zone;
  long port;
  const char *storage_type;
  long iops;
  long storage_throughput;
  int publicly_accessible;
  int auto_minor_version_upgrade;
  int copy_tags_to_snapshot;
  int deletion_protection;
  int iam_auth;                    /* EnableIAMDatabaseAuthentication */
  struct rds_shim_strings cloudwatch_logs_exports;
  const char *ca_certificate_identifier;
  const struct rds_shim_tag_in *tags;
  size_t n_tags;
  void *priv_;                     /* owned storage of _from(); private */
};
void rds_shim_restore_params_init(struct rds_shim_restore_params *p);
/* Copies the old instance's attributes into every member still NULL /
 * UNSET (explicit values win), with the availability zone rules of
 * rds_shim_replica_params_from(). Pointers borrow from 'from'. */
enum rds_shim_code
rds_shim_restore_params_from(struct rds_shim_restore_params *p,
                             const struct rds_shim_instance *from);
void rds_shim_restore_params_release(struct rds_shim_restore_params *p);
enum rds_shim_code
rds_shim_restore(struct rds_shim *h, const struct rds_shim_restore_params *p,
                 struct rds_shim_instance **out);

/* ModifyDBInstance members beyond struct rds_shim_modify_params, for
 * rds_shim_modify_ex(). Initialise with rds_shim_modify_more_init(). */
struct rds_shim_modify_more {
  const char *new_id;                 /* NewDBInstanceIdentifier (rename) */
  long backup_retention_period;
  const char *preferred_backup_window;      /* hh24:mi-hh24:mi */
  const char *preferred_maintenance_window; /* ddd:hh24:mi-ddd:hh24:mi */
  long max_allocated_storage;
  const char *ca_certificate_identifier;
  long performance_insights_retention_period;
  long storage_throughput;
};
void rds_shim_modify_more_init(struct rds_shim_modify_more *m);
/* rds_shim_modify() plus the members of m (may be NULL). */
enum rds_shim_code rds_shim_modify_ex(struct rds_shim *h,
                                      const struct rds_shim_modify_params *p,
                                      const struct rds_shim_modify_more *m,
                                      struct rds_shim_instance **out);

/* AddTagsToResource on an ARN (instance, snapshot, ...). */
enum rds_shim_code rds_shim_add_tags(struct rds_shim *h, const char *arn,
                                     const struct rds_shim_tag_in *tags,
                                     size_t n_tags);

/* Polls DescribeDBSnapshots until the snapshot is "available"
 * (o->target RDS_SHIM_WAIT_AVAILABLE) or gone (RDS_SHIM_WAIT_DELETED,
 * DBSnapshotNotFound); other targets are RDS_SHIM_BAD_ARGUMENT. Deadline,
 * intervals and progress as rds_shim_wait() (apply_status is NULL);
 * failed and incompatible-* are terminal. *last as rds_shim_wait(). */
enum rds_shim_code rds_shim_wait_snapshot(struct rds_shim *h,
                                          const char *snapshot_id,
                                          const struct rds_shim_wait_options *o,
                                          struct rds_shim_snapshot **last);

/* {"DBSnapshots":[...]} when wrapper is "DBSnapshots", else
 * {"<wrapper>":{...}} using items[0] (e.g. "DBSnapshot"). */
enum rds_shim_code rds_shim_snapshots_to_json(
    const struct rds_shim_snapshot *items, size_t n, const char *wrapper,
    char **json);

#ifdef __cplusplus
}
#endif
#endif
