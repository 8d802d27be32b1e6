-- SPDX-License-Identifier: Apache-2.0
-- Table-level privileges (Column_priv there is derived from columns_priv).
SELECT Host, Db, User, Table_name, Table_priv FROM mysql.tables_priv
