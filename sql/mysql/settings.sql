-- SPDX-License-Identifier: Apache-2.0
-- Server settings that change what the target accepts, as name/value
-- rows: with lower_case_table_names != 0 the server folds database and
-- table names to lower case.
SELECT 'lower_case_table_names' AS name, @@lower_case_table_names AS value
