-- SPDX-License-Identifier: Apache-2.0
-- Schema-level privileges, one Y/N column per privilege.
SELECT * FROM mysql.db
