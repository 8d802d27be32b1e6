-- SPDX-License-Identifier: Apache-2.0
-- Databases that can hold privileges worth reconciling.
SELECT datname FROM pg_database WHERE NOT datistemplate AND datallowconn
