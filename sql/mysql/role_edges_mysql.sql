-- SPDX-License-Identifier: Apache-2.0
-- MySQL 8.0 role grants: FROM (the role) granted TO (the grantee).
SELECT FROM_HOST, FROM_USER, TO_HOST, TO_USER, WITH_ADMIN_OPTION
  FROM mysql.role_edges
