-- SPDX-License-Identifier: Apache-2.0
-- MySQL 5.7 / 8.0: one row per account (roles are accounts there).
-- Columns are matched by name, so the layouts of both versions work.
-- authentication_string is text in utf8mb3, but caching_sha2_password
-- keeps raw salt bytes in it that are no valid UTF-8 and would not
-- survive the conversion to the connection's utf8mb4: its HEX() is what
-- is read (and rendered as a 0x... literal, which CREATE/ALTER USER ...
-- IDENTIFIED WITH ... AS accept from MySQL 8.0.17 on, WL#12803).
SELECT *, HEX(authentication_string) AS authentication_string_hex
  FROM mysql.user
