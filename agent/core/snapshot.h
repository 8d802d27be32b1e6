/* SPDX-License-Identifier: Apache-2.0 */
/*
 * snapshot.h - one side's catalog as row maps, with the facts of its
 * server (version, session account, own privileges, what was not compared).
 */
#ifndef RDSCLONE_CORE_SNAPSHOT_H
#define RDSCLONE_CORE_SNAPSHOT_H

#include "core/coverage.h"
#include "core/err.h"
#include "core/rowmap.h"
#include "core/spool.h"
#include "core/table.h"
#include "buf.h"

#include <pthread.h>

struct engine;

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
  /* Streaming (DESIGN.md, memory): a target snapshot with a peer (the
   * source) compares each row with the peer's as it arrives and stores
   * only those that differ (rowmap_shadow). Until the source has
   * published table t final, t's rows are set aside in spool[t] (up to
   * SNAPSHOT_READ_AHEAD bytes for all tables, then the read waits) and
   * replayed once it is. */
  struct snapshot *peer;     /* target: the source; NULL keeps every row */
  unsigned long adopted;     /* target: bit t: maps[t] reads against peer */
  struct spool spool[MAX_TABLES];   /* target: head NULL: none held */
  size_t spool_bytes;        /* target: what the spools map together
                                (0: none holds a row) */
  size_t spool_peak;         /* target: the most they mapped at once */
  /* source: what the target may read, under 'lock' */
  pthread_mutex_t lock;
  pthread_cond_t cond;
  unsigned long final;       /* bit t: maps[t] is complete and indexed;
                                also read without the lock (atomically) */
  int ended, failed;         /* the read is over (every table final) */
};

/* Bytes a target may spool while the source is behind it; beyond them it
 * waits rather than hold more. At the bench's 50 000 accounts one table
 * spools up to 10 MB (PostgreSQL's roles, MariaDB's mysql.db) and this
 * cap leaves the plan's peak RSS where it was (bench/notes.md). */
#define SNAPSHOT_READ_AHEAD ((size_t)16 << 20)

void snapshot_init(struct snapshot *s, const struct engine *en,
                   int is_source);
/* Indexes the rows each map has pending (rowmap_index), reporting OOM;
 * engines call it when a snapshot is read, before threads share it. */
enum rdsclone_code snapshot_index(struct snapshot *s, struct err *e);
void snapshot_release(struct snapshot *s);

/* Source side: table t is complete (no row is added to it any more):
 * indexes it and lets a waiting target read against it. A no-op for a
 * table already final. On a target, a table the engine consults while
 * reading (engine->consulted) gets its spooled rows now, waiting for the
 * source's, so that lookups see them. RDSCLONE_E_NOMEM on OOM. */
enum rdsclone_code snapshot_final(struct snapshot *s, size_t t,
                                  struct err *e);
/* Source side: the read is over (failed: it stopped early); every table
 * is final from now on. Always called once a source's read returns, so
 * that no target waits for ever. */
void snapshot_end(struct snapshot *s, int failed);
/* Adds a row to maps[t] (rowmap_add): on a target with a peer, against
 * the peer's map once it is final (until then the row is spooled, or the
 * read waits when the spools are full). 0, or -1 on OOM. */
int snapshot_add(struct snapshot *s, size_t t, const struct rowval *vals);
/* Counts count rows of kind that this side holds and the tool does not
 * compare (coverage.h), example naming one; RDSCLONE_E_NOMEM on OOM. */
enum rdsclone_code snapshot_not_compared(struct snapshot *s,
                                         const char *kind,
                                         const char *example, size_t count,
                                         struct err *e);

#endif
