-- Schema-level privileges, one Y/N column per privilege.
SELECT * FROM mysql.db
