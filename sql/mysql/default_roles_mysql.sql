-- SPDX-License-Identifier: Apache-2.0
-- MySQL 8.0 default roles, any number per account.
SELECT HOST, USER, DEFAULT_ROLE_HOST, DEFAULT_ROLE_USER
  FROM mysql.default_roles
