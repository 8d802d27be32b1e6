-- SPDX-License-Identifier: Apache-2.0
-- MySQL 8.0.16+: settings.sql and partial_revokes, without which a
-- REVOKE on a database under a global grant is refused (ERROR 1141).
SELECT 'lower_case_table_names' AS name, @@lower_case_table_names AS value
UNION ALL
SELECT 'partial_revokes', @@partial_revokes
