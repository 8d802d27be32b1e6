-- SPDX-License-Identifier: Apache-2.0
-- Roles without password verifiers (pg_roles hides them: RDS and any
-- non-superuser session). The oid names roles in later reads (see
-- pg_members.sql).
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,
       rolcanlogin, rolreplication, rolbypassrls, rolconnlimit,
       rolvaliduntil, NULL::text AS rolpassword, oid = 10 AS bootstrap, oid
  FROM pg_roles
