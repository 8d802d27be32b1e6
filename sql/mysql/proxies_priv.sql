-- SPDX-License-Identifier: Apache-2.0
-- PROXY grants: User@Host may log in as Proxied_user@Proxied_host.
-- MySQL 5.7/8.0 and MariaDB share the table. Grantor and Timestamp are
-- bookkeeping, not privileges: not read.
SELECT Host, User, Proxied_host, Proxied_user, With_grant
  FROM mysql.proxies_priv
