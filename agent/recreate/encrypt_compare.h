/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_compare.h - the compare step of "rdsclone encrypt", and the
 * comparison of one pair that the checks after the swap repeat.
 */
#ifndef RDSCLONE_ENCRYPT_COMPARE_H
#define RDSCLONE_ENCRYPT_COMPARE_H

#include "encrypt_ctx.h"
#include "buf.h"

enum rdsclone_encrypt_code enc_compare(struct enc_ctx *c);
/* Old against new of a pair, rdsclone's own tags aside; unexpected
 * differences appended to what, counted in *n. */
enum rdsclone_encrypt_code enc_compare_pair(const struct enc_pair *p,
                                            struct buf *what, size_t *n);

#endif
