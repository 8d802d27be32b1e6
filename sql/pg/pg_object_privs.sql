-- Privileges on the objects of the current database: schemas, tables,
-- views and sequences, routines, and default privileges. One row per
-- grantee and privilege; NULL ACLs are their defaults; '' is PUBLIC; the
-- owner's own privileges are left out; system schemas are skipped.
--
-- A role's default privileges for all schemas (pg_default_acl with no
-- namespace) replace the built-in ones, which for functions and types
-- include PUBLIC's EXECUTE and USAGE. Most roles have no such entry, so
-- that built-in grant is no row; and an entry that revoked it is the one
-- row of PUBLIC on that object: (PUBLIC, 'DEFAULT FUNCTIONS', '', role,
-- 'EXECUTE'), or 'DEFAULT TYPES' and 'USAGE', meaning "revoked"
-- (render_pg.c plans its REVOKE, or the GRANT that restores it).
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
   AND NOT (a.grantee = 0 AND x.schema = ''
            AND x.objtype IN ('DEFAULT FUNCTIONS', 'DEFAULT TYPES'))
UNION ALL
SELECT '', current_database(),
       'DEFAULT ' || CASE d.defaclobjtype WHEN 'f' THEN 'FUNCTIONS'
                     ELSE 'TYPES' END, '', o.rolname, '',
       CASE d.defaclobjtype WHEN 'f' THEN 'EXECUTE' ELSE 'USAGE' END, false
  FROM pg_default_acl d
  JOIN pg_roles o ON o.oid = d.defaclrole
 WHERE d.defaclnamespace = 0 AND d.defaclobjtype IN ('f', 'T')
   AND NOT EXISTS (SELECT 1 FROM aclexplode(d.defaclacl) p
                    WHERE p.grantee = 0)
