-- SPDX-License-Identifier: Apache-2.0
-- PostgreSQL 15+: privileges on configuration parameters (GRANT SET /
-- ALTER SYSTEM ON PARAMETER), one row per grantee and privilege. A
-- parameter has no owner: every entry is a grant.
SELECT coalesce(g.rolname, '') AS grantee, '' AS datname,
       'PARAMETER' AS objtype, '' AS schema, p.parname AS name, '' AS args,
       a.privilege_type, a.is_grantable
  FROM pg_parameter_acl p
 CROSS JOIN LATERAL aclexplode(p.paracl) a
  LEFT JOIN pg_roles g ON g.oid = a.grantee
