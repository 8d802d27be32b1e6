-- SPDX-License-Identifier: Apache-2.0
-- Role memberships before PostgreSQL 16: one grant per (member, role).
-- The grantor is not kept there (it may name a dropped role, and GRANTED
-- BY changes nothing), so it is '' as for the bootstrap superuser. The
-- options are those PostgreSQL 16 gives such a grant when it upgrades
-- one (INHERIT as the member's rolinherit, SET true), so that pairs of
-- different versions compare alike.
--
-- The table as it is, roles as oids: engine_pg.c names them from the
-- roles it read (role_oids.h) and derives the rest (the member's
-- rolinherit, SET true, builtin when both oids are below 16384). Joining
-- pg_roles here made the server hash and sort the whole table: at 50 000
-- roles 0.2-0.5 s against 0.03 s for the table alone.
SELECT a.member, a.roleid, a.admin_option
  FROM pg_auth_members a
