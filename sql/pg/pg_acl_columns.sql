-- SPDX-License-Identifier: Apache-2.0
-- ACL columns of the catalogs that rdsclone does not read (a newer
-- server's), with how many rows hold one: the coverage guard reports
-- them as not compared. pg_init_privs only records the initial ACLs of
-- system objects (see pg_system_privs.sql). One query: the count
-- of each column comes from query_to_xml, so no second round trip.
SELECT c.relname, a.attname,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM pg_catalog.%I '
                                  'WHERE %I IS NOT NULL', c.relname,
                                  a.attname), false, true, '')))[1]::text
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
 WHERE c.relnamespace = 'pg_catalog'::regnamespace AND c.relkind = 'r'
   AND a.atttypid = 'aclitem[]'::regtype AND NOT a.attisdropped
   AND (c.relname, a.attname) NOT IN (
         ('pg_class', 'relacl'), ('pg_attribute', 'attacl'),
         ('pg_proc', 'proacl'), ('pg_type', 'typacl'),
         ('pg_namespace', 'nspacl'), ('pg_language', 'lanacl'),
         ('pg_largeobject_metadata', 'lomacl'), ('pg_database', 'datacl'),
         ('pg_tablespace', 'spcacl'), ('pg_foreign_data_wrapper', 'fdwacl'),
         ('pg_foreign_server', 'srvacl'), ('pg_default_acl', 'defaclacl'),
         ('pg_parameter_acl', 'paracl'), ('pg_init_privs', 'initprivs'))
