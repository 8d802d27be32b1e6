/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_verify.h - what "rdsclone encrypt" checks once every pair is
 * renamed: old against new again under the final names (compare), and
 * the accounts of each pair (plan, which writes nothing).
 */
#ifndef RDSCLONE_ENCRYPT_VERIFY_H
#define RDSCLONE_ENCRYPT_VERIFY_H

#include "encrypt_ctx.h"

/* ENCRYPT_OK when nothing unexpected differs; ENCRYPT_E_DIFFERS (the
 * difference named in the error) or another failure otherwise. */
enum rdsclone_encrypt_code enc_verify_swapped(struct enc_ctx *c);

#endif
