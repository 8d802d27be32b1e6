/* SPDX-License-Identifier: Apache-2.0 */
/* librdsclone.so is linked from the whole static archives of agent/ and
 * shim/ (cmake/install.cmake); a shared library target needs a source. */
typedef int rdsclone_so_placeholder;
