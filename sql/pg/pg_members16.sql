-- SPDX-License-Identifier: Apache-2.0
-- Role memberships on PostgreSQL 16+: one row per grant, that is per
-- (member, role, grantor), with its own ADMIN, INHERIT and SET options.
-- The grantor is '' for the bootstrap superuser (whose name differs
-- between servers: postgres, rdsadmin), where every grant a superuser
-- makes is recorded; and on a session that is no superuser (RDS), for
-- the session's role too, which records its grants there as a superuser
-- would the bootstrap one. Grants initdb made (oid < 16384) are builtin.
SELECT m.rolname AS member, r.rolname AS role,
       CASE WHEN a.grantor = 10 OR (g.rolname = current_user AND NOT
                 (SELECT rolsuper FROM pg_roles WHERE rolname = current_user))
            THEN '' ELSE coalesce(g.rolname, '') END AS grantor,
       a.admin_option, a.inherit_option, a.set_option,
       a.oid < 16384 AS builtin
  FROM pg_auth_members a
  JOIN pg_roles r ON r.oid = a.roleid
  JOIN pg_roles m ON m.oid = a.member
  LEFT JOIN pg_roles g ON g.oid = a.grantor
