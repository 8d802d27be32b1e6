-- SPDX-License-Identifier: Apache-2.0
-- Role memberships on PostgreSQL 16+: one row per grant, that is per
-- (member, role, grantor), with its own ADMIN, INHERIT and SET options.
-- The grantor is '' for the bootstrap superuser (whose name differs
-- between servers: postgres, rdsadmin), where every grant a superuser
-- makes is recorded; and on a session that is no superuser (RDS), for
-- the session's role too, which records its grants there as a superuser
-- would the bootstrap one. Grants initdb made (oid < 16384) are builtin.
--
-- Roles as oids, named by engine_pg.c from the roles it read, which also
-- applies the rules above (see pg_members.sql for why).
SELECT a.member, a.roleid, a.grantor, a.admin_option, a.inherit_option,
       a.set_option, a.oid
  FROM pg_auth_members a
