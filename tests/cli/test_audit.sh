#!/bin/sh
# `norrsken audit verify|export` from the shell: an intact chain verifies, exports are logged,
# written with mode 0600 and never overwrite; tampering through the sqlite3 shell (changed
# row, truncated tail against an anchor, wrong key) makes verify fail with exit 1 and the row.
# Usage: test_audit.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
. "$2/tests/cli/lib.sh"
rows() { sqlite3 "${1:-db.sqlite}" "SELECT count(*) FROM audit_log"; }

N="$BIN --db db.sqlite"
TODAY=$(TZ=Europe/Stockholm date +%F)

for args in "audit --help" "audit verify --help" "audit export --help"; do
	run $BIN $args
	expect_rc 0 "$args"
	contains out.txt "Användning: norrsken audit verify" "$args is Swedish usage"
done
run $BIN audit
expect_rc 2 "audit without subcommand"
run $N audit frobnicate
expect_rc 2 "unknown audit subcommand"

run $N audit verify
expect_rc 1 "verify without a database"
contains err.txt "finns inte" "missing database named"

run $N init
expect_rc 0 "init"
[ -f norrsken.key ] && ok || fail "init created no key file at ./norrsken.key"

# a new chain (whatever init logged) verifies
run $N audit verify
expect_rc 0 "verify new chain"
n0=$(rows)
contains out.txt "Loggen är hel: $n0 rader kontrollerade." "verify count on new chain"

# exports: each one is logged before rows leave
run $N audit export --from "$TODAY" --to "$TODAY" -o export.csv
expect_rc 0 "export to file"
[ "$(stat -c %a export.csv)" = "600" ] && ok || fail "export file mode $(stat -c %a export.csv)"
contains export.csv "id;tid (UTC);användar-id;användarnamn;organisations-id;åtgärd;posttyp;post-id;adress;skäl;föregående hash;hash" "export header"
contains export.csv ";export;audit_log;$TODAY..$TODAY;" "the export logged itself"
[ "$(head -c 3 export.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || fail "export starts with a UTF-8 BOM"
[ "$(rows)" -eq $((n0 + 1)) ] && ok || fail "one row per export ($(rows))"
cp export.csv before.csv
run $N audit export --from "$TODAY" --to "$TODAY" -o export.csv
expect_rc 1 "export refuses to overwrite"
contains err.txt "finns redan" "overwrite refusal says why"
cmp -s export.csv before.csv && ok || fail "existing export file was changed"
run $N audit export --from "$TODAY" --to "$TODAY"
expect_rc 0 "export to stdout"
contains out.txt ";export;audit_log;" "stdout export has rows"
run $N audit export --from 2001-01-01 --to 2001-01-31
expect_rc 0 "export of an empty period"
[ "$(wc -l <out.txt)" -eq 1 ] && ok || fail "empty period gives only the header ($(wc -l <out.txt) lines)"
run $N audit export --from "$TODAY"
expect_rc 2 "export without --to"
contains err.txt "--to" "missing --to named"
run $N audit export --from 2024-02-30 --to 2024-03-01
expect_rc 2 "export with an impossible date"
contains err.txt "--from" "bad --from named"
run $N audit export --from 2024-03-02 --to 2024-03-01
expect_rc 2 "export with --to before --from"
n=$(rows)
[ "$n" -ge $((n0 + 3)) ] && ok || fail "exports were logged ($n rows, started with $n0)"

run $N audit verify
expect_rc 0 "verify after exports"
contains out.txt "Loggen är hel: $n rader kontrollerade." "verify counts every row"
anchor=$(sed -n 's/^Ankare (senaste raden): //p' out.txt)
[ -n "$anchor" ] && ok || fail "verify printed no anchor"
run $N audit verify --anchor "$anchor"
expect_rc 0 "verify with the current anchor"
run $N audit verify --anchor "1:00"
expect_rc 2 "malformed anchor"

# truncating the tail: invisible to the chain, caught by the anchor (on a copy)
sqlite3 db.sqlite ".backup cut.sqlite"
sqlite3 cut.sqlite "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"
run $BIN --db cut.sqlite audit verify
expect_rc 0 "truncated chain is intact in itself (documented limitation)"
run $BIN --db cut.sqlite audit verify --anchor "$anchor"
expect_rc 1 "anchor reveals truncation"
contains out.txt "Loggen är bruten: rad ${anchor%%:*} i ankaret saknas" "truncation message"

# a wrong key fails at the first row
mkdir other && (cd other && $BIN --db other.sqlite init >/dev/null 2>&1)
[ -f other/norrsken.key ] && ok || fail "second init created no key"
printf '[security]\nkey_file = %s/other/norrsken.key\n' "$TMP" >wrong-key.ini
run $BIN --config wrong-key.ini --db db.sqlite audit verify
expect_rc 1 "verify with a wrong key"
contains out.txt "Loggen är bruten vid rad 1." "wrong key breaks at row 1"

# a key file others can read is refused, and verify does not claim the log is whole
chmod 644 norrsken.key
run $N audit verify
expect_rc 1 "verify with an open key file"
lacks out.txt "Loggen är hel" "no verdict without a safe key"
chmod 600 norrsken.key

# changing a row through the sqlite3 shell, as an attacker with the file would
victim=$((n0 + 2))
sqlite3 db.sqlite "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET reason = 'dolt' WHERE id = $victim"
run $N audit verify
expect_rc 1 "verify after tampering"
contains out.txt "Loggen är bruten vid rad $victim." "tampered row named"
lacks out.txt "Loggen är hel" "no false all-clear"
# a deleted middle row is reported at the row after the gap
sqlite3 db.sqlite "UPDATE audit_log SET reason = NULL WHERE id = $victim"
run $N audit verify
expect_rc 0 "restored row verifies again"
sqlite3 db.sqlite "DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = $((n0 + 1))"
run $N audit verify
expect_rc 1 "verify after deleting a row"
contains out.txt "Loggen är bruten vid rad $((n0 + 2))." "row after the gap named"

summary
