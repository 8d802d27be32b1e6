-- SPDX-License-Identifier: Apache-2.0
-- The target's stored routines (read on the target only): a routine
-- grant on one it lacks fails (ER_SP_DOES_NOT_EXIST). Routine names
-- compare without regard to case, so the server's LOWER() folds them.
SELECT ROUTINE_SCHEMA, ROUTINE_TYPE, LOWER(ROUTINE_NAME) AS ROUTINE_NAME
  FROM information_schema.ROUTINES
 WHERE ROUTINE_SCHEMA NOT IN ('information_schema', 'performance_schema',
                              'sys')
