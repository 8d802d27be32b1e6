/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_names.h - names and identifiers of "rdsclone encrypt" and the
 * describe step: which instance is the original and which its encrypted
 * twin, under the names they carry now; the run's snapshots by their tag.
 */
#ifndef RDSCLONE_ENCRYPT_NAMES_H
#define RDSCLONE_ENCRYPT_NAMES_H

#include "encrypt_ctx.h"

/* The primary's names; ENCRYPT_E_USAGE naming one over 63 characters,
 * before any call. */
enum rdsclone_encrypt_code enc_names_primary(struct enc_ctx *c);
/* The describe step: the primary, its replicas, the snapshots. */
enum rdsclone_encrypt_code enc_describe(struct enc_ctx *c);
/* Does the instance carry rdsclone:encrypt-of = id? */
int enc_tagged(const struct rds_shim_instance *i, const char *id);
/* Is it encrypted with key (an id, alias or ARN ending in it)? */
int enc_key_is(const char *have, const char *key);
/* Has the swap begun (an old instance renamed)? Then the replicas and
 * the reconciliation were done before it: the swap starts only after
 * both and the compare succeeded. */
int enc_swap_begun(const struct enc_state *st);
void enc_state_release(struct enc_state *st);

#endif
