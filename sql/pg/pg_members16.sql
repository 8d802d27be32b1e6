-- Role memberships on PostgreSQL 16+: grants by several grantors are
-- folded into one row per (member, role) with the options any grants.
SELECT m.rolname AS member, r.rolname AS role,
       bool_or(a.admin_option) AS admin_option,
       bool_or(a.inherit_option) AS inherit_option,
       bool_or(a.set_option) AS set_option
  FROM pg_auth_members a
  JOIN pg_roles r ON r.oid = a.roleid
  JOIN pg_roles m ON m.oid = a.member
 GROUP BY m.rolname, r.rolname
