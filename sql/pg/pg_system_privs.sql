-- SPDX-License-Identifier: Apache-2.0
-- Privileges on the objects of the system schemas (pg_catalog,
-- information_schema, ...) and the built-in languages, as changes from
-- what initdb or an extension script made them (pg_init_privs), so that
-- GRANT EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text) TO monitor, or a
-- REVOKE of a built-in PUBLIC grant, is copied while the thousands of
-- untouched system objects are no rows at all. One row per change, in
-- pg_object_privs.sql's layout: a privilege beyond the baseline (or with
-- another grant option) with its grant option 't'/'f'; a baseline
-- privilege taken away with 'revoked' (render_pg.c plans its REVOKE, or
-- where only the target took it away the GRANT that restores it). The
-- owner's own privileges are left out as everywhere.
--
-- initdb records no initial privileges for information_schema: there the
-- baseline is what it grants, the owner's defaults and PUBLIC's SELECT
-- (schema: USAGE), or none at all (its internal views keep a NULL ACL).
WITH sys AS (
  SELECT oid, nspname FROM pg_namespace
   WHERE nspname ~ '^pg_' OR nspname = 'information_schema'
), init AS (
  SELECT objoid, classoid, objsubid, initprivs FROM pg_init_privs
), o AS (
  SELECT CASE c.relkind WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END AS objtype,
         n.nspname AS schema, c.relname AS name, '' AS args,
         c.relowner AS owner,
         coalesce(c.relacl, acldefault(k.kind, c.relowner)) AS acl,
         coalesce(i.initprivs,
                  CASE WHEN n.nspname = 'information_schema'
                            AND c.relacl IS NOT NULL
                       THEN acldefault(k.kind, c.relowner)
                            || makeaclitem(0, c.relowner, 'SELECT', false)
                       ELSE acldefault(k.kind, c.relowner) END) AS base
    FROM pg_class c JOIN sys n ON n.oid = c.relnamespace
   CROSS JOIN LATERAL (SELECT (CASE c.relkind WHEN 'S' THEN 's'
                                ELSE 'r' END)::"char" AS kind) k
    LEFT JOIN init i ON i.objoid = c.oid
         AND i.classoid = 'pg_class'::regclass AND i.objsubid = 0
   WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
  UNION ALL
  SELECT 'COLUMN', n.nspname, c.relname, a.attname, c.relowner,
         a.attacl, i.initprivs
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN sys n ON n.oid = c.relnamespace
    LEFT JOIN init i ON i.objoid = c.oid
         AND i.classoid = 'pg_class'::regclass AND i.objsubid = a.attnum
   WHERE (a.attacl IS NOT NULL OR i.initprivs IS NOT NULL)
     AND NOT a.attisdropped
  UNION ALL
  SELECT 'ROUTINE', n.nspname, p.proname,
         pg_get_function_identity_arguments(p.oid), p.proowner,
         coalesce(p.proacl, acldefault('f', p.proowner)),
         coalesce(i.initprivs, acldefault('f', p.proowner))
    FROM pg_proc p JOIN sys n ON n.oid = p.pronamespace
    LEFT JOIN init i ON i.objoid = p.oid
         AND i.classoid = 'pg_proc'::regclass AND i.objsubid = 0
  UNION ALL
  SELECT 'SCHEMA', '', n.nspname, '', s.nspowner,
         coalesce(s.nspacl, acldefault('n', s.nspowner)),
         coalesce(i.initprivs,
                  CASE n.nspname WHEN 'information_schema'
                    THEN acldefault('n', s.nspowner)
                         || makeaclitem(0, s.nspowner, 'USAGE', false)
                    ELSE acldefault('n', s.nspowner) END)
    FROM pg_namespace s JOIN sys n ON n.oid = s.oid
    LEFT JOIN init i ON i.objoid = s.oid
         AND i.classoid = 'pg_namespace'::regclass AND i.objsubid = 0
  UNION ALL
  SELECT CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname,
         t.typname, '', t.typowner,
         coalesce(t.typacl, acldefault('T', t.typowner)),
         coalesce(i.initprivs, acldefault('T', t.typowner))
    FROM pg_type t JOIN sys n ON n.oid = t.typnamespace
    LEFT JOIN init i ON i.objoid = t.oid
         AND i.classoid = 'pg_type'::regclass AND i.objsubid = 0
   WHERE NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
  UNION ALL
  SELECT 'LANGUAGE', '', l.lanname, '', l.lanowner,
         coalesce(l.lanacl, acldefault('l', l.lanowner)),
         coalesce(i.initprivs, acldefault('l', l.lanowner))
    FROM pg_language l
    LEFT JOIN init i ON i.objoid = l.oid
         AND i.classoid = 'pg_language'::regclass AND i.objsubid = 0
   WHERE l.lanname IN ('internal', 'c')
), changed AS (
  SELECT * FROM o WHERE acl IS DISTINCT FROM base
), d AS (
  SELECT x.objtype, x.schema, x.name, x.args, a.grantee, a.privilege_type,
         CASE WHEN a.is_grantable THEN 't' ELSE 'f' END AS grantable
    FROM changed x CROSS JOIN LATERAL aclexplode(x.acl) a
   WHERE a.grantee <> x.owner
     AND NOT EXISTS (SELECT 1 FROM aclexplode(x.base) b
                      WHERE b.grantee = a.grantee
                        AND b.privilege_type = a.privilege_type
                        AND b.is_grantable = a.is_grantable)
  UNION ALL
  SELECT x.objtype, x.schema, x.name, x.args, b.grantee, b.privilege_type,
         'revoked'
    FROM changed x CROSS JOIN LATERAL aclexplode(x.base) b
   WHERE b.grantee <> x.owner
     AND NOT EXISTS (SELECT 1 FROM aclexplode(x.acl) a
                      WHERE a.grantee = b.grantee
                        AND a.privilege_type = b.privilege_type)
)
SELECT coalesce(g.rolname, '') AS grantee, current_database() AS datname,
       d.objtype, d.schema, d.name, d.args, d.privilege_type, d.grantable
  FROM d LEFT JOIN pg_roles g ON g.oid = d.grantee
