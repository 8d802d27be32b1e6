-- SPDX-License-Identifier: Apache-2.0
-- Objects of the whole cluster that can carry privileges: databases
-- (those in scope are kept by the client) and tablespaces, with owner
-- and what the owner gave up of its defaults (as pg_objects.sql; the
-- owner as its oid, named by engine_pg.c, as there).
WITH o AS (
  SELECT d.datname AS datname, 'DATABASE' AS objtype, d.datname AS name,
         d.datdba AS owner, 'd'::"char" AS kind, d.datacl AS acl
    FROM pg_database d
   WHERE NOT d.datistemplate AND d.datallowconn
  UNION ALL
  SELECT '', 'TABLESPACE', t.spcname, t.spcowner, 't', t.spcacl
    FROM pg_tablespace t
)
SELECT o.datname, o.objtype, '' AS schema, o.name, '' AS args,
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
