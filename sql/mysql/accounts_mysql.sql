-- MySQL 5.7 / 8.0: one row per account (roles are accounts there).
-- Columns are matched by name, so the layouts of both versions work.
SELECT * FROM mysql.user
