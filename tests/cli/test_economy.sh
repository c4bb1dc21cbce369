#!/bin/sh
# `norrsken budget` and `norrsken invoice` from the shell: the 2025 budget of SPEC R24 set
# line by line gives the R26 table; bad values are refused naming the option and change
# nothing; the January invoices are made once (a second run makes no duplicates); the CSV
# export follows docs/economy.md (BOM, semicolons, comma decimals) and the XLSX export is a
# zip whose first worksheet holds the amounts.
# Usage: test_economy.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
. "$2/tests/cli/lib.sh"

N="$BIN --db db.sqlite"

for args in "budget --help" "budget show --help" "budget set --help"; do
	run $BIN $args
	expect_rc 0 "$args"
	contains out.txt "Användning: norrsken budget show --year ÅR" "$args is Swedish usage"
done
for args in "invoice --help" "invoice generate --help" "invoice export --help"; do
	run $BIN $args
	expect_rc 0 "$args"
	contains out.txt "Användning: norrsken invoice generate --year ÅR" "$args is Swedish usage"
done

run $N init
expect_rc 0 "init"

# no budget yet
run $N budget show --year 2025
expect_rc 1 "show without a budget"
contains err.txt "Det finns ingen budget för 2025" "no budget named"

# bad values: refused, nothing stored
run $N budget set --year 25 --overhead 9
expect_rc 2 "two-digit year"
contains err.txt "--year" "year option named"
run $N budget set --year 2025 --line "Lokal=-5" --overhead 9
expect_rc 2 "negative line"
contains err.txt "får inte vara negativt" "negative amount refused"
run $N budget set --year 2025 --line "Lokal=100" --overhead 101
expect_rc 1 "overhead over 100 %"
contains err.txt "overhead" "overhead named"
[ "$(q 'SELECT count(*) FROM budget_year')" = 0 ] && ok || fail "a refused budget stored something"

# SPEC R24, line by line
run $N budget set --year 2025 --line "Personal 4,75 inkl. PO=3189656" \
	--line "Lokalkostnader=511922" --line "Omkostnader=211310" \
	--line "Handledning/fortbildning, resor, arbetsmiljö=166260" \
	--line "Jourlägenheter=220804" --line "Fortbildningsinsatser för kommunerna=53045" \
	--overhead 9
expect_rc 0 "budget set 2025"
contains out.txt "Budgeten för 2025 är sparad." "saved"
contains out.txt "4 352 997 kr" "subtotal"
contains out.txt "391 770 kr" "overhead 9 %"
contains out.txt "4 744 767 kr" "total"
contains out.txt "Kostnadsfördelning (befolkning 2023-11-01)" "reference date"
for row in "5135    3,876 %" "6091    4,598 %" "15604   11,780 %" "11139    8,409 %" \
	"12376    9,343 %" "7114    5,370 %" "10136    7,652 %" "64871   48,972 %"; do
	contains out.txt "$row" "R26 row $row"
done
for amount in "183 907 kr" "218 164 kr" "558 934 kr" "398 987 kr" "443 304 kr" "254 794 kr" \
	"363 070 kr" "2 323 607 kr" "132466  100,000 %"; do
	contains out.txt "$amount" "R26 amount $amount"
done

# 2026 without lines: 2025 uprated by 3 %
run $N budget show --year 2026
expect_rc 0 "show 2026"
contains out.txt "Uppräknat från 2025" "uprated"
contains out.txt "4 887 110 kr" "3 % on 4 744 767"

# the January invoices, once
run $N invoice generate --year 2025
expect_rc 0 "invoice generate"
contains out.txt "8 fakturor skapade för 2025." "eight invoices"
run $N invoice generate --year 2025
expect_rc 1 "second run"
contains err.txt "redan skapade" "already generated"
[ "$(q "SELECT count(*) FROM invoice WHERE year = 2025")" = 8 ] && ok || fail "duplicates made"
[ "$(q "SELECT sum(total_ore) FROM invoice WHERE year = 2025")" = 474476700 ] && ok ||
	fail "invoices do not add up to the budget"
[ "$(q "SELECT count(*) FROM audit_log WHERE record_kind = 'invoice'")" = 8 ] && ok ||
	fail "invoices not audited"

# CSV: BOM, semicolons, comma decimals, CRLF
run $N invoice export --year 2025 --format csv -o f.csv
expect_rc 0 "csv export"
[ "$(head -c 3 f.csv | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || fail "no BOM"
contains f.csv "Fakturanummer;Typ;Fakturadatum;Förfallodatum;Kommunkod;Mottagare" "header"
contains f.csv "2025-0001;Årsfaktura;2025-01-15;2025-02-14;2303;Ragunda kommun;212000-2452;1;" \
	"first row"
contains f.csv ";183907,00" "comma decimals"
[ "$(grep -c "$(printf '\r')$" f.csv)" = 9 ] && ok || fail "lines not ended by CRLF"
run $N invoice export --year 2025 --format csv -o f.csv
expect_rc 1 "export never overwrites"

# XLSX: a zip with the amounts in the first worksheet
run $N invoice export --year 2025 --format xlsx -o f.xlsx
expect_rc 0 "xlsx export"
run unzip -l f.xlsx
expect_rc 0 "xlsx is a zip"
contains out.txt "xl/worksheets/sheet1.xml" "worksheet present"
unzip -p f.xlsx xl/worksheets/sheet1.xml >sheet.xml
contains sheet.xml "<v>183907</v>" "Ragunda's amount"
contains sheet.xml "<v>2323607</v>" "Östersund's amount"
unzip -p f.xlsx xl/sharedStrings.xml >strings.xml
contains strings.xml "Ragunda kommun" "recipient text"
run $N invoice export --year 2025 --format pdf -o f.pdf
expect_rc 2 "unknown format"

# extra invoices: nothing open
run $N invoice generate --year 2025 --extra
expect_rc 1 "no open charges"
contains err.txt "inga ofakturerade avgifter" "nothing to invoice"

summary
