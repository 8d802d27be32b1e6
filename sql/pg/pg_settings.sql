-- SPDX-License-Identifier: Apache-2.0
-- ALTER ROLE ... [IN DATABASE ...] SET: one row per setting. The role
-- as its oid, named by engine_pg.c (see pg_members.sql).
SELECT s.setrole, coalesce(d.datname, '') AS datname, c.setting
  FROM pg_db_role_setting s
  LEFT JOIN pg_database d ON d.oid = s.setdatabase,
       unnest(s.setconfig) AS c(setting)
