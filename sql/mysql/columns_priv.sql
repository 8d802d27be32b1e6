-- SPDX-License-Identifier: Apache-2.0
-- Column-level privileges.
SELECT Host, Db, User, Table_name, Column_name, Column_priv
  FROM mysql.columns_priv
