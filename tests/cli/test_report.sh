#!/bin/sh
# `norrsken report annual|quality` from the shell: --help in Swedish; each of the four formats
# written (html a whole document with the demo's texts, csv with BOM and the table ids, json
# the report's document, xlsx a zip); an existing file is never overwritten; a malformed year
# or format is a usage error naming the option; by default the municipality tables have the
# host and "Övriga kommuner", with --per-municipality a row per member municipality; the
# quality review compilation; [report] small_number_threshold from the configuration (0 is
# allowed, 2 is refused naming the line).
# Usage: test_report.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
. "$2/tests/cli/lib.sh"

Y=$(date +%Y)
MUNI="started.victim_support.municipality"
N="$BIN --db db.sqlite"

# ---- help and usage ----
for args in "report --help" "report annual --help" "report quality --help"; do
	run $BIN $args
	expect_rc 0 "$args"
	contains out.txt "Användning: norrsken report annual --year ÅR --format FORMAT -o FIL" "$args is Swedish usage"
	contains out.txt "standard: innevarande år" "$args names the default year"
	contains out.txt "--per-municipality" "$args names --per-municipality"
done
run $BIN report
expect_rc 2 "report without a subcommand"
run $BIN report yearly
expect_rc 2 "an unknown subcommand"
contains err.txt "okänt underkommando" "the unknown subcommand is named"

printf 'korrekt häst batteri häftklammer\n' >pw
run $N demo --years 1 --password-file pw
expect_rc 0 "demo --years 1"

# ---- bad year and format: usage errors, nothing written ----
for y in 25 1999 3000 abcd; do
	run $N report annual --year $y --format csv -o bad.csv
	expect_rc 2 "--year $y"
	contains err.txt "--year" "--year $y: the option is named"
	contains err.txt "Ange året med fyra siffror" "--year $y: says why"
done
run $N report annual --year "$Y" --format pdf -o bad.pdf
expect_rc 2 "--format pdf"
contains err.txt "--format html|csv|json|xlsx" "the formats are named"
run $N report annual --year "$Y" --format csv
expect_rc 2 "no -o"
[ ! -e bad.csv ] && [ ! -e bad.pdf ] && ok || fail "a refused run wrote a file"

# ---- each format ----
for f in html csv json xlsx; do
	run $N report annual --year "$Y" --format $f -o "rapport.$f"
	expect_rc 0 "report annual --format $f"
	contains out.txt "Verksamhetsberättelsen $Y ($f) är skriven till rapport.$f." "$f: says what was written"
	[ -s "rapport.$f" ] && ok || fail "$f: rapport.$f is empty or missing"
done
head -c 15 rapport.html | grep -qi '<!DOCTYPE html' && ok || fail "html: a whole document"
contains rapport.html "Verksamhetsberättelse $Y" "html: the title"
contains rapport.html "<svg" "html: the charts"
grep -q "Samarbetet med socialtjänsten\|Verksamheten har nått målen\|Samtal i hemkommunen har erbjudits" rapport.html &&
	ok || fail "html: the demo's goal text is in the report"
[ "$(head -c 3 rapport.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok || fail "csv: BOM"
contains rapport.csv "avsnitt;tabell;rad;kolumn;värde" "csv: header line"
contains rapport.csv ";$MUNI;Övriga kommuner;" "csv: others added together"
contains rapport.csv ";$MUNI;Östersund;" "csv: the host municipality"
if grep -F ";$MUNI;" rapport.csv | grep -q "Krokom"; then fail "csv: a member municipality row by default"; else ok; fi
contains rapport.json "\"report\":\"annual\"" "json: the document"
contains rapport.json "\"year\":$Y" "json: the year"
contains rapport.json "\"per_municipality\":false" "json: the default view"
[ "$(head -c 2 rapport.xlsx)" = "PK" ] && ok || fail "xlsx: a zip"

# ---- never overwrite ----
cp rapport.csv before.csv
run $N report annual --year "$Y" --format csv -o rapport.csv
expect_rc 1 "overwrite"
contains err.txt "rapport.csv finns redan" "overwrite: refused naming the file"
cmp -s rapport.csv before.csv && ok || fail "overwrite: the file changed"
run $N report annual --year "$Y" --format xlsx -o rapport.csv
expect_rc 1 "overwrite with xlsx"
cmp -s rapport.csv before.csv && ok || fail "overwrite (xlsx): the file changed"

# ---- per municipality ----
run $N report annual --year "$Y" --format csv -o kommuner.csv --per-municipality
expect_rc 0 "--per-municipality"
contains out.txt "per kommun" "--per-municipality: said"
contains kommuner.csv ";$MUNI;Krokom;" "--per-municipality: a row for Krokom"
contains kommuner.csv ";$MUNI;Kommuner utanför länet;" "--per-municipality: outside the county"
lacks kommuner.csv ";$MUNI;Övriga kommuner;" "--per-municipality: no added-together row"

# ---- who took out which view is logged ----
[ "$(sqlite3 db.sqlite "SELECT count(*) FROM audit_log WHERE action = 'read' AND record_kind = 'statistics' AND record_id = '$Y'")" -ge 4 ] &&
	ok || fail "log: the default view read once per file written"
[ "$(sqlite3 db.sqlite "SELECT count(*) FROM audit_log WHERE action = 'read' AND record_kind = 'report_detail' AND record_id = '$Y'")" -eq 1 ] &&
	ok || fail "log: the per-municipality view read once"
run $N audit verify
expect_rc 0 "log: the chain verifies after the reports"

# ---- default year ----
run $N report annual --format json -o default.json
expect_rc 0 "no --year"
contains out.txt "Verksamhetsberättelsen $Y " "no --year: the current year"

# ---- quality review ----
run $N report quality --year "$Y" --format json -o kvalitet.json
expect_rc 0 "report quality"
contains out.txt "Sammanställningen för kvalitetsgranskning $Y (json) är skriven till kvalitet.json." "quality: said"
contains kvalitet.json "\"report\":\"quality\"" "quality: the document"
contains kvalitet.json "\"id\":\"followup\"" "quality: the follow-up section"

# ---- the threshold from the configuration ----
printf '[report]\nsmall_number_threshold = 2\n' >two.ini
run $BIN --config two.ini --db db.sqlite report annual --year "$Y" --format json -o t2.json
expect_rc 1 "threshold 2"
contains err.txt "small_number_threshold" "threshold 2: the key is named"
contains err.txt "rad 2" "threshold 2: the line is named"
printf '[report]\nsmall_number_threshold = 1001\n' >big.ini
run $BIN --config big.ini --db db.sqlite report annual --year "$Y" --format json -o t3.json
expect_rc 1 "threshold 1001"
printf '[report]\nsmall_number_threshold = 0\n' >off.ini
run $BIN --config off.ini --db db.sqlite report annual --year "$Y" --format json -o t0.json
expect_rc 0 "threshold 0"
contains t0.json "\"threshold\":0" "threshold 0: in the document"
lacks t0.json "\"<3\"" "threshold 0: no small-number mark"
contains rapport.json "\"threshold\":3" "the default threshold is 3"

summary test_report
