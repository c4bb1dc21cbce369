#!/bin/sh
# `norrsken demo --scale national --fraction 0.01`: a hundredth of the national data set
# (5 000 clients) with roughly the expected counts and shapes (gender by role, Trappan ages,
# municipalities all over the country, queue times, sessions per series), start ages and
# municipalities and genders consistent with the clients, stays that never overlap in an apartment,
# staff for every year, the indexes all back after the load, no name in plain text, an
# intact file and audit chain with one row for the generation; the same seed gives the
# same data; bad options are refused before anything is created.
# Usage: test_demo_national.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
. "$2/tests/cli/lib.sh"
expect_usage() { # description, command...: exit 2, a message, and no database left behind
	desc=$1; shift
	"$@" >out.txt 2>err.txt
	rc=$?
	[ "$rc" -eq 2 ] && ok || fail "$desc: exit $rc, expected 2"
	[ -s err.txt ] && ok || fail "$desc: no message on stderr"
	[ ! -e bad.db ] && ok || fail "$desc: a database was created"
}
equal() { # description, value, expected
	if [ "$2" = "$3" ]; then ok; else fail "$1: '$2', expected '$3'"; fi
}

# ---- bad options: refused before anything is created ----
expect_usage "--fraction 0" "$BIN" --db bad.db demo --scale national --fraction 0
expect_usage "--fraction 2" "$BIN" --db bad.db demo --scale national --fraction 2
expect_usage "--fraction x" "$BIN" --db bad.db demo --scale national --fraction x
expect_usage "--scale world" "$BIN" --db bad.db demo --scale world
expect_usage "--years with national" "$BIN" --db bad.db demo --scale national --years 3
expect_usage "--fraction without national" "$BIN" --db bad.db demo --fraction 0.5
expect "demo --help" "$BIN" demo --help
contains out.txt "--scale national" "help"
contains out.txt "--fraction" "help"

# ---- a hundredth of the country ----
mkdir a && cd a || exit 1
start=$(date +%s)
expect "demo --scale national --fraction 0.01" "$BIN" --db db.sqlite demo --scale national \
	--fraction 0.01
took=$(($(date +%s) - start))
cp out.txt ../out-a.txt
contains err.txt "Klienter 5 000 / 5 000" "progress line"
contains out.txt "Syntetiska uppgifter i nationell skala" "summary"
contains out.txt "Klienter:          5 000" "summary of clients"
cd .. || exit 1
DB=a/db.sqlite
between "seconds for 1 %" "$took" 0 60

equal "integrity" "$(q 'PRAGMA integrity_check')" "ok"
equal "foreign keys" "$(q 'PRAGMA foreign_key_check' | wc -l)" "0"

# counts: clients exactly, the rest roughly a hundredth of the national figures
equal "clients" "$(q 'SELECT count(*) FROM client')" 5000
equal "one role each" "$(q 'SELECT count(*) FROM client_role')" 5000
equal "one case each" "$(q 'SELECT count(*) FROM case_file')" 5000
between "interventions" "$(q 'SELECT count(*) FROM intervention')" 8500 12000
between "sessions" "$(q 'SELECT count(*) FROM session_log')" 40000 65000
between "closed cases" "$(q 'SELECT count(*) FROM case_file WHERE closed IS NOT NULL')" 2500 4800
between "aid decisions %" "$(q "SELECT 100 * sum(basis = 'aid_decision') / count(*)
	FROM intervention")" 20 40
between "apartments" "$(q 'SELECT count(*) FROM apartment')" 2 2
between "stays" "$(q 'SELECT count(*) FROM stay')" 60 300
between "referrals" "$(q 'SELECT count(*) FROM police_referral')" 2000 2000
between "contacts" "$(q 'SELECT count(*) FROM anon_contact')" 1000 1000
between "consultations" "$(q 'SELECT count(*) FROM consultation')" 500 500
between "trainings" "$(q 'SELECT count(*) FROM training')" 30 30
between "mandatory reports" "$(q 'SELECT count(*) FROM mandatory_report')" 200 200
equal "report years" "$(q 'SELECT count(*) FROM report_year WHERE staff_fte > 0')" 11

# shapes
equal "victim_support most common" "$(q 'SELECT type FROM intervention GROUP BY type
	ORDER BY count(*) DESC LIMIT 1')" victim_support
between "victims women %" "$(q "SELECT 100 * sum(gender = 'kvinna') / count(*) FROM client c
	JOIN client_role r ON r.client_id = c.id WHERE r.role = 'victim'")" 78 92
between "perpetrators men %" "$(q "SELECT 100 * sum(gender = 'man') / count(*) FROM client c
	JOIN client_role r ON r.client_id = c.id WHERE r.role = 'perpetrator'")" 80 95
between "children at arrival 4-17" "$(q "SELECT count(*) FROM client c JOIN client_role r
	ON r.client_id = c.id JOIN case_file f ON f.client_id = c.id WHERE r.role = 'child'
	AND CAST(substr(f.opened, 1, 4) AS INTEGER) - c.birth_year NOT BETWEEN 4 AND 17")" 0 0
between "Trappan start ages" "$(q "SELECT min(start_age) FROM intervention
	WHERE type = 'child_trappan' AND started IS NOT NULL")" 4 4
between "home municipalities" "$(q 'SELECT count(DISTINCT home_municipality) FROM client')" \
	150 290
between "Stockholm more than Bjurholm" "$(q "SELECT (SELECT count(*) FROM client
	WHERE home_municipality = '0180') > 10 * (SELECT count(*) FROM client
	WHERE home_municipality = '2403')")" 1 1
between "median queue days" "$(q "SELECT julianday(started) - julianday(requested) AS d
	FROM intervention WHERE started IS NOT NULL ORDER BY d
	LIMIT 1 OFFSET (SELECT count(*) / 2 FROM intervention WHERE started IS NOT NULL)" |
	cut -d. -f1)" 7 35
between "queue tail over 90 days %" "$(q "SELECT 100 * sum(julianday(started) -
	julianday(requested) > 90) / count(*) FROM intervention WHERE started IS NOT NULL")" 3 15
between "sessions per series max" "$(q 'SELECT max(n) FROM (SELECT count(*) AS n
	FROM session_log GROUP BY intervention_id)')" 10 10
between "sessions held %" "$(q "SELECT 100 * sum(outcome = 'held') / count(*)
	FROM session_log")" 80 90
equal "mode mostly centre" "$(q 'SELECT mode FROM session_log GROUP BY mode
	ORDER BY count(*) DESC LIMIT 1')" centre
between "home municipality sessions" "$(q "SELECT count(*) FROM session_log
	WHERE mode = 'home_municipality'")" 2000 20000

# start snapshots consistent with the client; stays likewise and never overlapping
equal "start age, municipality and gender" "$(q "SELECT count(*) FROM intervention i
	JOIN case_file f ON f.id = i.case_id JOIN client c ON c.id = f.client_id
	WHERE CASE WHEN i.started IS NULL THEN i.start_age IS NOT NULL
	OR i.start_municipality IS NOT NULL OR i.start_gender IS NOT NULL ELSE i.start_age IS NOT
	CAST(substr(i.started, 1, 4) AS INTEGER) - c.birth_year
	OR i.start_municipality IS NOT c.home_municipality OR i.start_gender IS NOT c.gender END")" 0
equal "stay adult age" "$(q "SELECT count(*) FROM stay s JOIN client c ON c.id = s.client_id
	WHERE s.adult_age IS NOT CAST(substr(s.move_in, 1, 4) AS INTEGER) - c.birth_year
	OR s.home_municipality <> c.home_municipality")" 0
equal "overlapping stays" "$(q "SELECT count(*) FROM stay a JOIN stay b
	ON a.apartment_id = b.apartment_id AND a.id < b.id
	AND a.move_in < coalesce(b.move_out, '9999-12-31')
	AND b.move_in < coalesce(a.move_out, '9999-12-31')")" 0
between "open stays" "$(q 'SELECT count(*) FROM stay WHERE move_out IS NULL')" 0 2
equal "nothing after today" "$(q "SELECT count(*) FROM session_log
	WHERE held > date('now', 'localtime')")" 0

# the indexes are all back: the same set as a database made without the bulk load
mkdir plain && cd plain || exit 1
expect "demo --years 0" "$BIN" --db db.sqlite demo --years 0
cd .. || exit 1
indexes() { sqlite3 "$1" "SELECT name FROM sqlite_schema WHERE type = 'index' ORDER BY name"; }
equal "indexes after the load" "$(indexes a/db.sqlite | tr '\n' ' ')" \
	"$(indexes plain/db.sqlite | tr '\n' ' ')"

# names only as ciphertext, one audit row for the generation, the chain intact
equal "no plain names" "$(grep -c Syntetisk a/db.sqlite)" 0
equal "audit row" "$(q "SELECT count(*) FROM audit_log WHERE record_kind = 'synthetic_data'
	AND record_id = 'national' AND username = 'demo'")" 1
cd a || exit 1
expect "audit verify" "$BIN" --db db.sqlite audit verify
contains out.txt "Loggen är hel" "audit verify"
cd .. || exit 1

# ---- the same seed gives the same data ----
signature() { # the generated rows without the encrypted names (fresh nonces each run)
	sqlite3 "$1" "SELECT code, birth_year, gender, home_municipality, created_at FROM client;
		SELECT * FROM case_file; SELECT * FROM intervention; SELECT * FROM session_log;
		SELECT apartment_id, client_id, children_ages, home_municipality, move_in, move_out,
		adult_age FROM stay; SELECT * FROM police_referral;" | md5sum
}
mkdir b && cd b || exit 1
expect "demo --scale national --fraction 0.01 again" "$BIN" --db db.sqlite demo \
	--scale national --fraction 0.01 --seed 1
cd .. || exit 1
equal "same seed, same data" "$(signature b/db.sqlite)" "$(signature a/db.sqlite)"

summary
