/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_steps.h - the steps of "rdsclone encrypt" that make the
 * encrypted primary: snapshot, copy (KmsKeyId), restore (every attribute
 * of the old instance), modify (what the restore cannot set, then the
 * reboot recreate-replica would make); and the waits they share.
 */
#ifndef RDSCLONE_ENCRYPT_STEPS_H
#define RDSCLONE_ENCRYPT_STEPS_H

#include "encrypt_ctx.h"

enum rdsclone_encrypt_code enc_snapshot(struct enc_ctx *c);
enum rdsclone_encrypt_code enc_copy(struct enc_ctx *c);
enum rdsclone_encrypt_code enc_restore(struct enc_ctx *c);
enum rdsclone_encrypt_code enc_modify(struct enc_ctx *c);

/* Waits for instance id to reach target; *last (may be NULL) gets the
 * last description. Fails step s on a deadline or terminal status. */
enum rdsclone_encrypt_code enc_wait(struct enc_ctx *c,
                                    enum rdsclone_encrypt_step s,
                                    const char *id,
                                    enum rds_shim_wait_target target,
                                    struct rds_shim_instance **last);
/* Waits until a rename from -> to took effect: to exists and is
 * available, from is gone. */
enum rdsclone_encrypt_code enc_wait_rename(struct enc_ctx *c,
                                           enum rdsclone_encrypt_step s,
                                           const char *from, const char *to);
/* The new id a pending rename gives inst (PendingModifiedValues), or
 * NULL. Borrowed. */
const char *enc_pending_rename(const struct rds_shim_instance *inst);

#endif
