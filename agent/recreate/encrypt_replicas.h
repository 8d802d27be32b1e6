/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_replicas.h - the replicas step of "rdsclone encrypt": each old
 * replica re-created under the encrypted primary by recreate-replica's
 * code path, up to --jobs at once.
 */
#ifndef RDSCLONE_ENCRYPT_REPLICAS_H
#define RDSCLONE_ENCRYPT_REPLICAS_H

#include "encrypt_ctx.h"

enum rdsclone_encrypt_code enc_replicas(struct enc_ctx *c);

#endif
