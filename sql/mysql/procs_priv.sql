-- SPDX-License-Identifier: Apache-2.0
-- Routine-level privileges (procedures, functions, packages).
SELECT Host, Db, User, Routine_name, Routine_type, Proc_priv
  FROM mysql.procs_priv
