#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Names that break naive quoting: quotes, backslashes, backticks, %, _, |,
# spaces, SQL comment and statement separators, multi-byte UTF-8 and the
# maximum lengths (user 128, host 255 characters on MariaDB 10.4+). Created
# on the source; rdsclone must reproduce each exactly on the target.
. "$(dirname "$0")/lib.sh"
reset_servers

python3 - > "$TMP/seed.sql" <<'PY'
names = [
    ("o'brien", "%"), ('dq"user', "10.%"), ("back\\slash", "%"),
    ("tick`user", "%"), ("pct%user", "10.0.0.%"), ("under_score", "%"),
    ("pipe|user", "a|b"), ("space user", "%"), ("semi;--user", "%"),
    ("fmt%s%n", "%"), ("Üñïçødé", "%"), ("東京ユーザー", "%"),
    ("newline\nuser", "%"), ("u" * 128, "h" * 255),
]
def q(s):  # backtick quoting, as the server itself quotes names
    return "`" + s.replace("`", "``") + "`"
for i, (u, h) in enumerate(names):
    acct = q(u) + "@" + q(h)
    print(f"CREATE USER {acct} IDENTIFIED BY 'pw{i}';")
    print(f"GRANT SELECT ON {q('db`' + str(i) + '%x')}.* TO {acct};")
print("CREATE ROLE " + q("role'`\\|ü") + ";")
print("GRANT " + q("role'`\\|ü") + " TO " + q("o'brien") + "@" + q("%") + ";")
PY
src_sql --default-character-set=utf8mb4 < "$TMP/seed.sql"
users=$(src_sql -e "SELECT COUNT(*) FROM mysql.user WHERE User NOT IN ('root','admin','mariadb.sys','mysql')")
expect_eq "$users" "15" "source holds the 14 hostile accounts and the role"

run plan "${PAIR[@]}" --format sql --show-secrets
expect_rc 2 "plan finds the hostile accounts"
run apply "${PAIR[@]}"
expect_rc 0 "apply reproduces them"
run plan "${PAIR[@]}"
expect_rc 0 "second plan finds nothing"
expect_same_dumps "dump of both sides is identical"
expect_eq "$(tgt_sql --default-character-set=utf8mb4 -e "SELECT HEX(User), HEX(Host) FROM mysql.user ORDER BY 1, 2")" \
  "$(src_sql --default-character-set=utf8mb4 -e "SELECT HEX(User), HEX(Host) FROM mysql.user ORDER BY 1, 2")" \
  "user and host bytes match exactly"
expect_eq "$(tgt_sql -e "SELECT HEX(Db), HEX(User) FROM mysql.db ORDER BY 1, 2")" \
  "$(src_sql -e "SELECT HEX(Db), HEX(User) FROM mysql.db ORDER BY 1, 2")" \
  "schema grant bytes match exactly"
# the text report escapes control characters instead of printing them
run plan "${PAIR[@]}" --include 'newline*@*'
expect_rc 0 "include pattern with a hostile name plans fine"
finish
