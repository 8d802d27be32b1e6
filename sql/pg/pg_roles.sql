-- SPDX-License-Identifier: Apache-2.0
-- Roles without password verifiers (pg_roles hides them: RDS and any
-- non-superuser session).
SELECT rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb,
       rolcanlogin, rolreplication, rolbypassrls, rolconnlimit,
       rolvaliduntil, NULL::text AS rolpassword, oid = 10 AS bootstrap
  FROM pg_roles
