-- SPDX-License-Identifier: Apache-2.0
-- Privileges on the objects of the current database, one row per
-- grantee and privilege: schemas, tables, views and sequences, their
-- columns (system columns included), routines, types and domains,
-- languages, foreign-data wrappers and servers, large objects, and
-- default privileges. NULL ACLs are their defaults (acldefault); '' is
-- PUBLIC; the owner's own privileges are left out (pg_objects.sql says
-- which of them the owner gave up); objects in the system schemas are
-- left out (pg_system_privs.sql reads what was changed there).
-- Columns: name is the table, args the column; large objects: name is
-- the OID; array types follow their element type and have no ACL.
--
-- A role's default privileges for all schemas (pg_default_acl with no
-- namespace) replace the built-in ones, which for functions and types
-- include PUBLIC's EXECUTE and USAGE. Most roles have no such entry, so
-- that built-in grant is no row; and an entry that revoked it is the one
-- row of PUBLIC on that object: (PUBLIC, 'DEFAULT FUNCTIONS', '', role,
-- 'EXECUTE'), or 'DEFAULT TYPES' and 'USAGE', meaning "revoked"
-- (render_pg.c plans its REVOKE, or the GRANT that restores it).
WITH sys AS (
  SELECT oid FROM pg_namespace
   WHERE nspname ~ '^pg_' OR nspname = 'information_schema'
)
SELECT coalesce(g.rolname, '') AS grantee, current_database() AS datname,
       x.objtype, x.schema, x.name, x.args, a.privilege_type, a.is_grantable
  FROM (
    SELECT 'SCHEMA' AS objtype, '' AS schema, n.nspname AS name,
           '' AS args, n.nspowner AS owner,
           coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl
      FROM pg_namespace n
     WHERE n.oid NOT IN (SELECT oid FROM sys)
    UNION ALL
    SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
           n.nspname, c.relname, '', c.relowner,
           coalesce(c.relacl, acldefault((CASE c.relkind WHEN 'S' THEN 's'
                                          ELSE 'r' END)::"char", c.relowner))
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
       AND n.oid NOT IN (SELECT oid FROM sys)
    UNION ALL
    SELECT 'COLUMN', n.nspname, c.relname, at.attname, c.relowner,
           at.attacl
      FROM pg_attribute at
      JOIN pg_class c ON c.oid = at.attrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE at.attacl IS NOT NULL AND NOT at.attisdropped
       AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
       AND n.oid NOT IN (SELECT oid FROM sys)
    UNION ALL
    SELECT 'ROUTINE', n.nspname, p.proname,
           pg_get_function_identity_arguments(p.oid), p.proowner,
           coalesce(p.proacl, acldefault('f', p.proowner))
      FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.oid NOT IN (SELECT oid FROM sys)
    UNION ALL
    SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
           n.nspname, t.typname, '', t.typowner,
           coalesce(t.typacl, acldefault('T', t.typowner))
      FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE n.oid NOT IN (SELECT oid FROM sys)
       AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
    UNION ALL
    SELECT 'LANGUAGE', '', l.lanname, '', l.lanowner,
           coalesce(l.lanacl, acldefault('l', l.lanowner))
      FROM pg_language l
     WHERE l.lanname NOT IN ('internal', 'c')
    UNION ALL
    SELECT 'FOREIGN DATA WRAPPER', '', w.fdwname, '', w.fdwowner,
           coalesce(w.fdwacl, acldefault('F', w.fdwowner))
      FROM pg_foreign_data_wrapper w
    UNION ALL
    SELECT 'FOREIGN SERVER', '', s.srvname, '', s.srvowner,
           coalesce(s.srvacl, acldefault('S', s.srvowner))
      FROM pg_foreign_server s
    UNION ALL
    SELECT 'LARGE OBJECT', '', l.oid::text, '', l.lomowner,
           coalesce(l.lomacl, acldefault('L', l.lomowner))
      FROM pg_largeobject_metadata l
    UNION ALL
    SELECT 'DEFAULT ' || CASE d.defaclobjtype WHEN 'r' THEN 'TABLES'
             WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS'
             WHEN 'T' THEN 'TYPES' WHEN 'n' THEN 'SCHEMAS'
             ELSE 'UNKNOWN ' || d.defaclobjtype::text END,
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
