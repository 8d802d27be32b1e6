-- SPDX-License-Identifier: Apache-2.0
-- The target's databases (read on the target only): an object in a
-- database the target lacks is missing, whatever its name's case.
SELECT SCHEMA_NAME, 'SCHEMA' AS OBJECT_TYPE FROM information_schema.SCHEMATA
