-- MariaDB 10.4+: one row per account or role. The mysql.user view lets
-- the server decode the privilege bitmask (its layout changed across
-- versions); global_priv.Priv adds what the view lacks (auth_or chains,
-- account lock, password lifetime, privileges added in 10.5+).
SELECT u.*, g.Priv AS Priv
  FROM mysql.user u
  JOIN mysql.global_priv g ON g.User = u.User AND g.Host = u.Host
