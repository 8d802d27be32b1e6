-- Objects in the system schemas whose ACL is no longer what initdb (or
-- the extension script) made it, per pg_init_privs: e.g. GRANT EXECUTE
-- ON FUNCTION pg_catalog.pg_ls_dir(text) TO monitor. rdsclone does not
-- copy these yet; the coverage guard reports them as not compared, one
-- row per kind with a count and an example. initdb records no initial
-- privileges for information_schema: there the baseline is what it
-- grants, the owner's defaults and PUBLIC's SELECT (schema: USAGE), or
-- none at all (its internal views keep a NULL ACL).
WITH sys AS (
  SELECT oid FROM pg_namespace
   WHERE nspname ~ '^pg_' OR nspname = 'information_schema'
), changed AS (
  SELECT 'privileges changed on system tables and views' AS kind,
         format('%I.%I', n.nspname, c.relname) AS example
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_init_privs i ON i.objoid = c.oid
         AND i.classoid = 'pg_class'::regclass AND i.objsubid = 0
   WHERE n.oid IN (SELECT oid FROM sys)
     AND CASE WHEN i.initprivs IS NULL AND n.nspname = 'information_schema'
           THEN c.relacl IS DISTINCT FROM acldefault('r', c.relowner)
                || makeaclitem(0, c.relowner, 'SELECT', false)
                AND c.relacl IS NOT NULL
           ELSE coalesce(c.relacl, acldefault('r', c.relowner))
                IS DISTINCT FROM coalesce(i.initprivs,
                                          acldefault('r', c.relowner)) END
  UNION ALL
  SELECT 'privileges changed on system routines',
         format('%I.%I(%s)', n.nspname, p.proname,
                pg_get_function_identity_arguments(p.oid))
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    LEFT JOIN pg_init_privs i ON i.objoid = p.oid
         AND i.classoid = 'pg_proc'::regclass AND i.objsubid = 0
   WHERE n.oid IN (SELECT oid FROM sys)
     AND coalesce(p.proacl, acldefault('f', p.proowner))
         IS DISTINCT FROM coalesce(i.initprivs, acldefault('f', p.proowner))
  UNION ALL
  SELECT 'privileges changed on system schemas', format('%I', n.nspname)
    FROM pg_namespace n
    LEFT JOIN pg_init_privs i ON i.objoid = n.oid
         AND i.classoid = 'pg_namespace'::regclass AND i.objsubid = 0
   WHERE n.oid IN (SELECT oid FROM sys)
     AND coalesce(n.nspacl, acldefault('n', n.nspowner))
         IS DISTINCT FROM coalesce(i.initprivs,
           CASE n.nspname WHEN 'information_schema'
             THEN acldefault('n', n.nspowner)
                  || makeaclitem(0, n.nspowner, 'USAGE', false)
             ELSE acldefault('n', n.nspowner) END)
  UNION ALL
  SELECT 'privileges changed on system columns',
         format('%I.%I.%I', n.nspname, c.relname, a.attname)
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_init_privs i ON i.objoid = c.oid
         AND i.classoid = 'pg_class'::regclass AND i.objsubid = a.attnum
   WHERE n.oid IN (SELECT oid FROM sys)
     AND a.attacl IS DISTINCT FROM i.initprivs
  UNION ALL
  SELECT 'privileges changed on built-in languages', format('%I', l.lanname)
    FROM pg_language l
    LEFT JOIN pg_init_privs i ON i.objoid = l.oid
         AND i.classoid = 'pg_language'::regclass AND i.objsubid = 0
   WHERE l.lanname IN ('internal', 'c')
     AND coalesce(l.lanacl, acldefault('l', l.lanowner))
         IS DISTINCT FROM coalesce(i.initprivs, acldefault('l', l.lanowner))
)
SELECT kind, count(*)::text, min(example) FROM changed GROUP BY kind
