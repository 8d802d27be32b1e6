-- SPDX-License-Identifier: Apache-2.0
-- MariaDB 10.4+: one row per account or role. Priv holds every account
-- column (mariadb_priv.c decodes it as the mysql.user view does, without
-- the server evaluating the view's ~50 JSON_VALUE()s per row).
SELECT Host, User, Priv FROM mysql.global_priv
