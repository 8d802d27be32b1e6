-- SPDX-License-Identifier: Apache-2.0
-- The target's tables and views (read on the target only): a GRANT on a
-- table it lacks fails (ER_NO_SUCH_TABLE) unless it includes CREATE, so
-- such a grant is planned as a skip. Selecting only the names lets
-- MariaDB list them without opening any table. The server's own schemas
-- are left out (render_mysql.c takes their objects as present): they
-- are most of a small server's objects.
SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
 WHERE TABLE_SCHEMA NOT IN ('information_schema', 'performance_schema',
                            'sys')
