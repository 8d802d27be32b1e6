-- SPDX-License-Identifier: Apache-2.0
-- Role memberships before PostgreSQL 16: one grant per (member, role).
-- The grantor is not kept there (it may name a dropped role, and GRANTED
-- BY changes nothing), so it is '' as for the bootstrap superuser. The
-- options are those PostgreSQL 16 gives such a grant when it upgrades
-- one (INHERIT as the member's rolinherit, SET true), so that pairs of
-- different versions compare alike.
SELECT m.rolname AS member, r.rolname AS role, '' AS grantor,
       a.admin_option, m.rolinherit AS inherit_option, true AS set_option,
       r.oid < 16384 AND m.oid < 16384 AS builtin
  FROM pg_auth_members a
  JOIN pg_roles r ON r.oid = a.roleid
  JOIN pg_roles m ON m.oid = a.member
