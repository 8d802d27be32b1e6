/*
 * agent_int.h - internal types shared by the agent's modules. Included
 * first by every agent .c file; never installed.
 *
 * The flow of one run (DESIGN.md): connect both sides, snapshot each into
 * row maps (one map per catalog table), diff them table by table, turn the
 * changes into an ordered plan of SQL actions, report, and for apply run
 * the plan on the target and verify by snapshotting the target again.
 * Only the engine (struct engine) knows SQL dialects; diff, plan, apply and
 * report never branch on the engine.
 */
#ifndef RDSCLONE_AGENT_INT_H
#define RDSCLONE_AGENT_INT_H

#include "rdsclone.h"
#include "rowmap.h"
#include "buf.h"
#include "coverage.h"

#include <stdarg.h>
#include <stddef.h>

/* ------------------------------------------------------------------ */
/* Errors: a code and one line naming side, object and cause.          */

struct err {
  enum rdsclone_code code;
  char msg[1024];
};

/* Sets e (if not NULL) and returns code, so callers write
 * "return err_set(e, RDSCLONE_E_QUERY, ...)". */
enum rdsclone_code err_set(struct err *e, enum rdsclone_code code,
                           const char *fmt, ...)
  __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ */
/* Logging through the user's callback.                                */

void agent_log(const struct rdsclone_options *o, enum rdsclone_log_level l,
               const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------ */
/* Threads. The client libraries' global state is set up once, before
 * any thread uses them (agent_library_init); every thread the library
 * starts that may touch a connection brackets its work with
 * agent_thread_begin/end (mysql_thread_init/end; libpq needs nothing). */

void agent_library_init(void);
void agent_thread_begin(void);
void agent_thread_end(void);

/* ------------------------------------------------------------------ */
/* Catalog tables.                                                     */

#define MAX_TABLES 16
#define MAX_COLS 40

/* Where a table's rows go in the plan. Lower phases run first: accounts
 * and roles exist before the grants that name them, revokes come before
 * drops, drops last. */
enum phase {
  PHASE_CREATE = 10,
  PHASE_ALTER = 20,
  PHASE_GRANT_ROLE = 30,
  PHASE_GRANT = 40,
  PHASE_REVOKE = 50,
  PHASE_REVOKE_ROLE = 55,
  PHASE_DEFAULT_ROLE = 60,
  PHASE_CONFIG = 70,
  PHASE_DROP = 90
};

struct table_def {
  const char *name;
  const char *const *cols;
  size_t ncols;
  size_t nkey;
  /* Key columns naming the object one statement acts on; rows sharing
   * them are planned together (one GRANT per object). nkey = ungrouped. */
  size_t group_len;
  int has_grantee;            /* columns 0 and 1 are user and host */
  unsigned long secret_cols;  /* bit i: column i holds a secret */
  unsigned long ignore_cols;  /* bit i: column i is not compared */
  /* When scope_col > 0: a row is compared only when the value of its
   * column scope_col is a key of table scope_table on both sides (or is
   * empty), e.g. privileges in a database both servers have. */
  int scope_table;
  size_t scope_col;
};

/* One side's catalog. maps[i] belongs to engine->tables[i]; NULL means
 * the table could not be read on this server (e.g. no RDS procedures),
 * and the diff leaves that table out. */
struct snapshot {
  const struct engine *engine;
  int is_source;             /* set before snapshotting */
  struct rowmap *maps[MAX_TABLES];
  char *server_version;      /* as the server reports it */
  char *current_user;        /* the account this session logged in as */
  char *current_host;
  int is_mariadb;
  unsigned long version_id;  /* e.g. 101106, 80036 */
  /* Privileges the session's account holds globally, as "PRIV" strings
   * joined by '\n' around each, e.g. "\nSELECT\nINSERT\n"; "GRANT OPTION"
   * included. Used to skip privileges the target cannot grant. */
  struct buf own_privs;
  struct buf notes;          /* lines worth reporting once */
  /* bit i of [t]: column i of table t could not be read on this server
   * (e.g. password verifiers without superuser); the diff ignores it */
  unsigned long unknown_cols[MAX_TABLES];
  int is_superuser;          /* the session's account (PostgreSQL) */
  struct coverage not_compared;  /* rows read but not modelled */
  unsigned long flags;       /* the engine's facts of the server (e.g.
                                catalog_mysql.h's SF_*) */
};

void snapshot_init(struct snapshot *s, const struct engine *en,
                   int is_source);
/* Indexes the rows each map has pending (rowmap_index), reporting OOM;
 * engines call it when a snapshot is read, before threads share it. */
enum rdsclone_code snapshot_index(struct snapshot *s, struct err *e);
void snapshot_release(struct snapshot *s);
/* Counts count rows of kind that this side holds and the tool does not
 * compare (coverage.h), example naming one; RDSCLONE_E_NOMEM on OOM. */
enum rdsclone_code snapshot_not_compared(struct snapshot *s,
                                         const char *kind,
                                         const char *example, size_t count,
                                         struct err *e);

/* ------------------------------------------------------------------ */
/* Diff.                                                               */

enum change_kind { CHANGE_CREATE, CHANGE_ALTER, CHANGE_DROP };

struct change {
  int table;                 /* index into engine->tables */
  enum change_kind kind;
  const struct row *src;     /* NULL for DROP */
  const struct row *tgt;     /* NULL for CREATE */
  unsigned long diffcols;    /* ALTER: bit i set when column i differs */
};

struct diff {
  struct change *v;
  size_t n;
  size_t alloc;
};

/* ------------------------------------------------------------------ */
/* Plan.                                                               */

enum action_kind {
  ACT_CREATE_USER, ACT_CREATE_ROLE, ACT_ALTER_USER, ACT_GRANT, ACT_REVOKE,
  ACT_GRANT_ROLE, ACT_REVOKE_ROLE, ACT_SET_DEFAULT_ROLE, ACT_SET_CONFIG,
  ACT_DROP_USER, ACT_DROP_ROLE, ACT_SKIP,
  ACT__COUNT
};
const char *action_kind_name(enum action_kind k);

enum action_status {
  STATUS_PENDING, STATUS_APPLIED, STATUS_FAILED, STATUS_NOT_RUN,
  STATUS_SKIPPED
};
const char *action_status_name(enum action_status s);

struct action {
  enum action_kind kind;
  int phase;
  int destructive;
  char *object;        /* e.g. 'app'@'%' on `db`.* */
  char *reason;        /* why: missing on target / differs: cols */
  char *sql;           /* NULL for ACT_SKIP; may hold a secret */
  char *sql_redacted;  /* NULL when sql holds no secret */
  enum action_status status;
  char *error;         /* the server's message when it failed */
  char *database;      /* where to run it (PostgreSQL); NULL: anywhere */
  size_t seq;          /* order of creation: ties in phase keep it */
};

struct plan {
  struct action *v;
  size_t n;
  size_t alloc;
};

/* Adds an action; strings are copied (sql_redacted may be NULL).
 * Returns 0 or -1 on OOM. */
int plan_add(struct plan *p, enum action_kind kind, int phase,
             int destructive, const char *object, const char *reason,
             const char *sql, const char *sql_redacted);
void plan_release(struct plan *p);
/* Sets the database the last added action runs in. 0 or -1 on OOM. */
int plan_last_set_database(struct plan *p, const char *database);

/* ------------------------------------------------------------------ */
/* Engines.                                                            */

struct dbconn;   /* an engine's connection */

/* A group of changes to one table sharing the group key (one object). */
struct change_group {
  int table;
  const struct change *changes;
  size_t n;
};

/* What render may consult: both snapshots and the run's options. */
struct render_ctx {
  const struct snapshot *src;
  const struct snapshot *tgt;
  struct dbconn *conn;        /* target connection for escaping; may be
                                 NULL in unit tests (offline quoting) */
  const struct rdsclone_options *opts;
};

struct engine {
  const char *name;
  const struct table_def *tables;
  size_t ntables;
  int account_table;          /* index of the table whose rows are the
                                 accounts (created/dropped) */
  /* side names the endpoint in messages: "source" or "target" */
  enum rdsclone_code (*connect)(const struct rdsclone_endpoint *ep,
                                const char *side, int read_only,
                                struct dbconn **out, struct err *e);
  void (*disconnect)(struct dbconn *c);
  enum rdsclone_code (*snapshot)(struct dbconn *c,
                                 const struct rdsclone_options *o,
                                 struct snapshot *s, struct err *e);
  /* Appends the actions for one change group to the plan. */
  enum rdsclone_code (*render)(const struct render_ctx *ctx,
                               const struct change_group *g,
                               struct plan *p, struct err *e);
  enum rdsclone_code (*lock)(struct dbconn *c, struct err *e);
  enum rdsclone_code (*check_writable)(struct dbconn *c, struct err *e);
  /* Runs one statement (in database, when not NULL); on failure e->msg
   * holds the server's error. */
  enum rdsclone_code (*execute)(struct dbconn *c, const char *database,
                                const char *sql, struct err *e);
  const char *(*describe)(struct dbconn *c);  /* "host:port", borrowed */
  /* For --format sql: appends the script line that makes the statements
   * after it run in database (PostgreSQL: psql's \connect); -1 when no
   * line can name it. NULL when actions carry no database. */
  int (*script_database)(struct buf *b, const char *database);
};

extern const struct engine engine_mysql;
extern const struct engine engine_pg;

/* ------------------------------------------------------------------ */
/* Report.                                                             */

struct rdsclone_report {
  const struct engine *engine;
  enum rdsclone_mode mode;
  char *source_server, *source_version;
  char *target_server, *target_version;
  struct plan plan;
  struct plan remaining;   /* apply: what the verifying re-read found */
  int verified;
  int converged;
  struct buf notes;        /* one note per line */
  struct coverage not_compared;  /* both sides' (coverage.h) */
  int strict;              /* --strict: not_compared fails the run */
};

/* The report as a cJSON object (the JSON report's root); transferred
 * (cJSON_Delete), NULL on OOM. */
struct cJSON *report_json(const struct rdsclone_report *r,
                          int show_secrets);

/* Renders a snapshot's row maps (dump); transferred, NULL on OOM. */
char *dump_render(const struct snapshot *s, enum rdsclone_format format,
                  int show_secrets);

/* Chooses the engine from a URI's scheme; NULL when unknown. */
const struct engine *engine_for_uri(const char *uri);

#endif
