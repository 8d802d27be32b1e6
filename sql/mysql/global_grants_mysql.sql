-- SPDX-License-Identifier: Apache-2.0
-- MySQL 8.0 dynamic global privileges, one row each.
SELECT USER, HOST, PRIV, WITH_GRANT_OPTION FROM mysql.global_grants
