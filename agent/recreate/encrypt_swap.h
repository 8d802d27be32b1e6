/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_swap.h - the swap step of "rdsclone encrypt" (the renames, then
 * the checks of encrypt_verify.h) and the cleanup commands of the report.
 */
#ifndef RDSCLONE_ENCRYPT_SWAP_H
#define RDSCLONE_ENCRYPT_SWAP_H

#include "encrypt_ctx.h"

enum rdsclone_encrypt_code enc_swap(struct enc_ctx *c);
/* The delete commands of what the run leaves: old instances, snapshots. */
enum rdsclone_encrypt_code enc_cleanup(struct enc_ctx *c);

#endif
