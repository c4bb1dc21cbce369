#!/bin/sh
# Foundation from the shell: init, org and municipality lists, population import with
# malformed files that must leave the database unchanged, --help and --version.
# Usage: test_foundation.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
SRC=$2
DATA=$SRC/tests/data/population
. "$SRC/tests/cli/lib.sh"
db_state() { sqlite3 db.sqlite "SELECT municipality_code, ref_date, population, source FROM population ORDER BY 1, 2" | md5sum; }

N="$BIN --db db.sqlite"

expect "--version" $BIN --version
contains out.txt "norrsken " "version"
expect "--help" $BIN --help
contains out.txt "import" "help lists commands"
for c in init demo org municipality import user audit serve budget invoice; do
	expect "$c --help" $BIN $c --help
	contains out.txt "Användning" "$c --help is Swedish usage"
done
expect_fail "unknown command" $BIN frobnicate
expect_fail "org list before init" $N org list
contains err.txt "norrsken init" "hint to run init"

expect "init" $N init
expect_fail "second init" $N init
contains err.txt "redan initierad" "second init refused"

expect "org list" $N org list
for name in "Ragunda kommun" "Bräcke kommun" "Krokoms kommun" "Strömsunds kommun" "Åre kommun" \
	"Bergs kommun" "Härjedalens kommun" "Östersunds kommun" "Polismyndigheten" \
	"Region Jämtland Härjedalen" "Centrum mot våld" "Kvinnojouren"; do
	contains out.txt "$name" "org list"
done
contains out.txt "212000-2528" "Östersund's organisation number"

expect "municipality list --county 23" $N municipality list --county 23
rows=$(grep -c '^23[0-9][0-9] ' out.txt)
[ "$rows" -eq 8 ] && ok || fail "expected 8 municipalities in county 23, got $rows"
for code in 2303 2305 2309 2313 2321 2326 2361 2380; do contains out.txt "$code" "county 23"; done
contains out.txt "64871" "Östersund population 2023-11-01"
expect_fail "unknown county" $N municipality list --county 99

# population import: a good file, then bad files that change nothing
expect "import csv" $N import population "$DATA/good.csv" --date 2024-11-01
contains out.txt "8 kommuner" "import count"
before=$(db_state)
expect_fail "unknown code" $N import population "$DATA/unknown-code.csv" --date 2025-11-01
contains err.txt "rad 3" "unknown code names line"
contains err.txt "kod" "unknown code names field"
expect_fail "bad code" $N import population "$DATA/bad-code.csv" --date 2025-11-01
contains err.txt "rad 2: fältet kod" "bad code names line and field"
expect_fail "negative" $N import population "$DATA/negative.csv" --date 2025-11-01
contains err.txt "rad 2: fältet befolkning" "negative names line and field"
expect_fail "missing field" $N import population "$DATA/missing-field.csv" --date 2025-11-01
contains err.txt "rad 2" "missing field names line"
expect_fail "broken json" $N import population "$DATA/broken.json"
contains err.txt "ogiltig JSON" "broken json"
expect_fail "null value json" $N import population "$DATA/null-value.json"
contains err.txt "region 2305" "null value names region"
expect_fail "csv without date" $N import population "$DATA/good.csv"
contains err.txt "--date" "csv needs a date"
expect_fail "missing file" $N import population "$TMP/none.csv" --date 2025-11-01
after=$(db_state)
[ "$before" = "$after" ] && ok || fail "a rejected import changed the database"

expect "import json-stat" $N import population "$DATA/good.json"
contains out.txt "2024-12-31" "json-stat date from Tid"
n=$(sqlite3 db.sqlite "SELECT population FROM population WHERE municipality_code='2380' AND ref_date='2024-12-31'")
[ "$n" = "65000" ] && ok || fail "json-stat value stored ($n)"

# org add validation
expect "org add" $N org add --kind prosecutor --name "Åklagarkammaren i Östersund"
expect_fail "org add bad kind" $N org add --kind pirate --name X
contains err.txt "--kind" "bad kind names option"
expect_fail "org add bad org number" $N org add --kind other --name Y --org-number 212000-2453
contains err.txt "--org-number" "bad org number names option"
expect_fail "org add duplicate" $N org add --kind other --name "Åklagarkammaren i Östersund"

# another county
mkdir vn && cd vn
expect "init --county 22" $BIN --db db.sqlite init --county 22
contains out.txt "Västernorrlands län" "county 22"
contains out.txt "Sundsvall" "host defaults to most populous"
cd ..

summary
