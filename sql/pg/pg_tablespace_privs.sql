-- SPDX-License-Identifier: Apache-2.0
-- Tablespace privileges, one row per grantee and privilege (as
-- pg_database_privs.sql): cluster-wide, so the database is ''.
SELECT coalesce(g.rolname, '') AS grantee, '' AS datname,
       'TABLESPACE' AS objtype, '' AS schema, t.spcname AS name, '' AS args,
       a.privilege_type, a.is_grantable
  FROM pg_tablespace t
 CROSS JOIN LATERAL aclexplode(coalesce(t.spcacl, acldefault('t', t.spcowner))) a
  LEFT JOIN pg_roles g ON g.oid = a.grantee
 WHERE a.grantee <> t.spcowner
