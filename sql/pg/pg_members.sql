-- Role memberships before PostgreSQL 16: one grant per (member, role).
SELECT m.rolname AS member, r.rolname AS role,
       bool_or(a.admin_option) AS admin_option,
       NULL::bool AS inherit_option, NULL::bool AS set_option
  FROM pg_auth_members a
  JOIN pg_roles r ON r.oid = a.roleid
  JOIN pg_roles m ON m.oid = a.member
 GROUP BY m.rolname, r.rolname
