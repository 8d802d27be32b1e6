-- The target's tables and views (read on the target only): a GRANT on a
-- table it lacks fails (ER_NO_SUCH_TABLE) unless it includes CREATE, so
-- such a grant is planned as a skip. Selecting only the names lets
-- MariaDB list them without opening any table.
SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES
