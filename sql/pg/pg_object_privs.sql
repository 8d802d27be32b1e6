-- Privileges on the objects of the current database: schemas, tables,
-- views and sequences, routines, and default privileges. One row per
-- grantee and privilege; NULL ACLs are their defaults; '' is PUBLIC; the
-- owner's own privileges are left out; system schemas are skipped.
SELECT coalesce(g.rolname, '') AS grantee, current_database() AS datname,
       x.objtype, x.schema, x.name, x.args, a.privilege_type, a.is_grantable
  FROM (
    SELECT 'SCHEMA' AS objtype, '' AS schema, n.nspname AS name,
           '' AS args, n.nspowner AS owner,
           coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl
      FROM pg_namespace n
     WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    UNION ALL
    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
           n.nspname, c.relname, '', c.relowner,
           coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's'
                                          ELSE 'r' END)::"char", c.relowner))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    UNION ALL
    SELECT 'ROUTINE', n.nspname, p.proname,
           pg_get_function_identity_arguments(p.oid), p.proowner,
           coalesce(p.proacl, acldefault('f', p.proowner))
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'
    UNION ALL
    SELECT 'DEFAULT ' || CASE d.defaclobjtype WHEN 'r' THEN 'TABLES'
             WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
             WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS' END,
           coalesce(n.nspname, ''), o.rolname, '', d.defaclrole, d.defaclacl
      FROM pg_default_acl d
      JOIN pg_roles o ON o.oid = d.defaclrole
      LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
  ) x
 CROSS JOIN LATERAL aclexplode(x.acl) a
  LEFT JOIN pg_roles g ON g.oid = a.grantee
 WHERE a.grantee <> x.owner
