-- SPDX-License-Identifier: Apache-2.0
-- ALTER ROLE ... [IN DATABASE ...] SET: one row per setting.
SELECT r.rolname, coalesce(d.datname, '') AS datname, c.setting
  FROM pg_db_role_setting s
  JOIN pg_roles r ON r.oid = s.setrole
  LEFT JOIN pg_database d ON d.oid = s.setdatabase,
       unnest(s.setconfig) AS c(setting)
