-- SPDX-License-Identifier: Apache-2.0
-- Roles with their password verifiers (needs a superuser: pg_authid).
-- oid 10 is the bootstrap superuser, which rdsclone leaves alone. The
-- oid names roles in later reads (see pg_members.sql).
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,
       rolcanlogin, rolreplication, rolbypassrls, rolconnlimit,
       rolvaliduntil, rolpassword, oid = 10 AS bootstrap, oid
  FROM pg_authid
