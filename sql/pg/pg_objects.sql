-- SPDX-License-Identifier: Apache-2.0
-- The objects of the current database that can carry privileges, one
-- row each, with their owner and what the owner gave up of its own
-- default privileges (REVOKE UPDATE ON t FROM owner): privileges of
-- acldefault() for the owner missing from the ACL, sorted and joined by
-- ','. Lets the plan tell an object missing on the target (its grants
-- become skips) and copy what owners revoked from themselves; the owner
-- itself is not compared (ownership is out of scope). Same objects as
-- pg_object_privs.sql, columns aside (their table stands for them).
-- The owner is its oid, named by engine_pg.c from the roles it read:
-- joining pg_roles hashed every role to name a handful of owners
-- (~30 ms a database at 50 000 roles; see pg_members.sql).
WITH sys AS (
  SELECT oid FROM pg_namespace
   WHERE nspname ~ '^pg_' OR nspname = 'information_schema'
), o AS (
  SELECT 'SCHEMA' AS objtype, '' AS schema, n.nspname AS name, '' AS args,
         n.nspowner AS owner, 'n'::"char" AS kind, n.nspacl AS acl
    FROM pg_namespace n
   WHERE n.oid NOT IN (SELECT oid FROM sys)
  UNION ALL
  SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END,
         n.nspname, c.relname, '', c.relowner,
         (CASE c.relkind WHEN 'S' THEN 's' ELSE 'r' END)::"char", c.relacl
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
     AND n.oid NOT IN (SELECT oid FROM sys)
  UNION ALL
  SELECT 'ROUTINE', n.nspname, p.proname,
         pg_get_function_identity_arguments(p.oid), p.proowner, 'f',
         p.proacl
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.oid NOT IN (SELECT oid FROM sys)
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END,
         n.nspname, t.typname, '', t.typowner, 'T', t.typacl
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
   WHERE n.oid NOT IN (SELECT oid FROM sys)
     AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
  UNION ALL
  SELECT 'LANGUAGE', '', l.lanname, '', l.lanowner, 'l', l.lanacl
    FROM pg_language l
   WHERE l.lanname NOT IN ('internal', 'c')
  UNION ALL
  SELECT 'FOREIGN DATA WRAPPER', '', w.fdwname, '', w.fdwowner, 'F',
         w.fdwacl
    FROM pg_foreign_data_wrapper w
  UNION ALL
  SELECT 'FOREIGN SERVER', '', s.srvname, '', s.srvowner, 'S', s.srvacl
    FROM pg_foreign_server s
  UNION ALL
  SELECT 'LARGE OBJECT', '', l.oid::text, '', l.lomowner, 'L', l.lomacl
    FROM pg_largeobject_metadata l
)
SELECT current_database() AS datname, o.objtype, o.schema, o.name, o.args,
       o.owner,
       coalesce((SELECT string_agg(d.privilege_type, ','
                                   ORDER BY d.privilege_type)
                   FROM aclexplode(acldefault(o.kind, o.owner)) d
                  WHERE d.grantee = o.owner
                    AND NOT EXISTS (SELECT 1 FROM aclexplode(o.acl) a
                                     WHERE a.grantee = o.owner
                                       AND a.privilege_type
                                           = d.privilege_type)
                    AND o.acl IS NOT NULL), '') AS owner_lacks
  FROM o
