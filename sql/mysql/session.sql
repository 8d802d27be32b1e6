-- SPDX-License-Identifier: Apache-2.0
-- Who this session is and what it talks to; read once per connection.
SELECT CURRENT_USER() AS current_user_host, VERSION() AS version,
       @@read_only AS read_only
