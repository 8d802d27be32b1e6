-- SPDX-License-Identifier: Apache-2.0
-- Who this session is and what it talks to; read once per connection.
SELECT current_user, current_setting('server_version'),
       current_setting('server_version_num'), r.rolsuper, r.rolcreaterole,
       pg_is_in_recovery(), current_setting('transaction_read_only')
  FROM pg_roles r WHERE r.rolname = current_user
