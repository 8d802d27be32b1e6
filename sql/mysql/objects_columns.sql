-- SPDX-License-Identifier: Apache-2.0
-- The target's columns (read on the target only): a column grant naming
-- a column it lacks fails (ER_BAD_FIELD_ERROR). Column names compare
-- without regard to case, so the server's LOWER() folds them. (MariaDB
-- opens every table's definition to answer this; the server's own
-- schemas, left out as in objects_tables.sql, are a tenth of the rows.)
SELECT TABLE_SCHEMA, TABLE_NAME, LOWER(COLUMN_NAME) AS COLUMN_NAME
  FROM information_schema.COLUMNS
 WHERE TABLE_SCHEMA NOT IN ('information_schema', 'performance_schema',
                            'sys')
