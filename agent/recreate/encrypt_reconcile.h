/* SPDX-License-Identifier: Apache-2.0 */
/*
 * encrypt_reconcile.h - the reconcile step of "rdsclone encrypt", and the
 * reconciliation options every account run of the procedure starts from.
 */
#ifndef RDSCLONE_ENCRYPT_RECONCILE_H
#define RDSCLONE_ENCRYPT_RECONCILE_H

#include "encrypt_ctx.h"
#include "core/options.h"

enum rdsclone_encrypt_code enc_reconcile(struct enc_ctx *c);
/* The run's template (or the defaults), the URIs (borrowed), its log. */
void enc_recon_options(struct enc_ctx *c, struct rdsclone_options *ro,
                       const char *source_uri, const char *target_uri);

#endif
