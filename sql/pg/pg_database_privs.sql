-- SPDX-License-Identifier: Apache-2.0
-- Database privileges, one row per grantee and privilege; a NULL ACL
-- means the defaults (acldefault), and '' stands for PUBLIC. The owner's
-- own privileges are left out: owners are not changed.
SELECT coalesce(g.rolname, '') AS grantee, d.datname, 'DATABASE' AS objtype,
       '' AS schema, d.datname AS name, '' AS args, a.privilege_type,
       a.is_grantable
  FROM pg_database d
 CROSS JOIN LATERAL aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a
  LEFT JOIN pg_roles g ON g.oid = a.grantee
 WHERE NOT d.datistemplate AND d.datallowconn AND a.grantee <> d.datdba
