#!/bin/sh
# Benchmark of DESIGN §9, "the annual report": `norrsken report annual --year Y --format json`
# against the same aggregates computed by bare SQL in the sqlite3 shell on the same file
# (bench/annual-report.sql), both timed with hyperfine in the same run, on the national data
# set (`norrsken demo --scale national`, made once and kept in bench/out/, made again when its
# schema is not the current migrations') and on the county demo data (`norrsken demo
# --years 3`, made fresh in a temporary directory). Checks that the report's figures equal
# the SQL's, prints a summary and rewrites the marked results block in docs/performance.md.
#
#   sh bench/annual-report.sh
#
# Environment (all optional):
#   BUILD=build          build directory (release: RelWithDebInfo)
#   YEAR=<last year>     the report year Y (the report shows Y-2, Y-1 and Y)
#   RUNS=5  WARMUP=1     hyperfine runs and warm-up runs of each command
#   NATIONAL=bench/out/national.db   the national file; made when missing or out of date
#                                    (one to two minutes)
#   FRACTION=1           share of the national volumes when the file is made (tests: 0.01)
#   SQL=bench/annual-report.sql      the bare SQL to time against
#   NO_DOCS=1            do not touch docs/performance.md
# Exits non-zero when a figure of the report differs from the bare SQL's (after printing the
# results), not when a target is missed: that is a result, not an error.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
YEAR=${YEAR:-$(($(date +%Y) - 1))}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
FRACTION=${FRACTION:-1}
NATIONAL=${NATIONAL:-$ROOT/bench/out/national.db}
case $NATIONAL in /*) ;; *) NATIONAL=$ROOT/$NATIONAL ;; esac
SQL=${SQL:-$ROOT/bench/annual-report.sql}
DOC=$ROOT/docs/performance.md

say() { printf '%s\n' "$*" >&2; }
die() { say "annual-report: $*"; exit 1; }

for tool in cmake hyperfine sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool saknas (scripts/install-deps installerar det)"
done
command -v python3 >/dev/null 2>&1 || die "python3 saknas (behövs för att jämföra talen)"
[ -f "$SQL" ] || die "$SQL saknas"

# ---- build: the release binary ----
say "== bygger (RelWithDebInfo) i $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target norrsken >/dev/null ||
	die "bygget misslyckades (kör cmake --build $BUILD för att se felet)"
NRS=$BUILD/norrsken
[ -x "$NRS" ] || die "$NRS saknas"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/norrsken-annual.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

# ---- the county demo data, fresh ----
COUNTY=$TMP/county/norrsken.db
mkdir -p "$TMP/county"
say "== skapar länets demodata (norrsken demo --years 3) i $TMP/county"
(cd "$TMP/county" && "$NRS" --db "$COUNTY" demo --years 3 >"$TMP/county.log" 2>&1) ||
	die "demo --years 3 misslyckades: $(tail -5 "$TMP/county.log")"

# ---- the national data set, made once (its key file beside it) ----
# A kept file is used only while its schema (tables, indexes, triggers) is the one the
# fresh county file got from the current migrations: a changed index list would otherwise
# time the report and the bare SQL against indexes the code no longer makes.
schema() {
	sqlite3 "$1" "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'
		ORDER BY type, name"
}
NAT_DIR=$(dirname "$NATIONAL")
NAT_MADE="kept from an earlier run ($(date -r "$NATIONAL" '+%Y-%m-%d' 2>/dev/null || echo new))"
if [ -f "$NATIONAL" ] && [ "$(schema "$NATIONAL")" != "$(schema "$COUNTY")" ]; then
	say "== $NATIONAL har ett äldre schema än migreringarna: skapas på nytt"
	rm -f "$NATIONAL" "$NATIONAL-wal" "$NATIONAL-shm"
fi
if [ ! -f "$NATIONAL" ]; then
	mkdir -p "$NAT_DIR"
	say "== skapar $NATIONAL (norrsken demo --scale national --fraction $FRACTION)"
	start=$(date +%s)
	(cd "$NAT_DIR" && "$NRS" --db "$NATIONAL" demo --scale national --fraction "$FRACTION" \
		>"$TMP/national.log") || die "demo --scale national misslyckades"
	NAT_MADE="made in this run in $(($(date +%s) - start)) s"
	grep -E '^  (Klienter|Insatser|Samtal|Tid):' "$TMP/national.log" >&2 || true
fi

rows() { # "clients … sessions …" of a file
	sqlite3 "$1" "SELECT (SELECT count(*) FROM client) || ' clients, ' ||
		(SELECT count(*) FROM intervention) || ' interventions, ' ||
		(SELECT count(*) FROM session_log) || ' sessions, ' ||
		(SELECT count(*) FROM stay) || ' stays, ' ||
		(SELECT count(*) FROM police_referral) || ' police referrals'"
}

# ---- time the report and the bare SQL on one file ----
# bench NAME DB: hyperfine results in $TMP/NAME.json, the report in $TMP/NAME-report.json
bench() {
	name=$1
	db=$2
	out=$TMP/$name-out.json
	# the report logs who took it out, so it needs the key file made with the database
	cfg=$TMP/$name.ini
	printf '[database]\npath = %s\n[security]\nkey_file = %s/norrsken.key\n' \
		"$db" "$(dirname "$db")" >"$cfg"
	say "== $name: en körning av rapporten och av sqlite3 < bench/annual-report.sql"
	("$NRS" --config "$cfg" report annual --year "$YEAR" --format json \
		-o "$TMP/$name-report.json" >/dev/null) || die "$name: report annual misslyckades"
	sqlite3 -bail -cmd ".parameter set @y $YEAR" "$db" <"$SQL" >"$TMP/$name-sql.txt" ||
		die "$name: bench/annual-report.sql misslyckades"
	say "== $name: hyperfine --warmup $WARMUP --runs $RUNS"
	# no shell between hyperfine and either program (-N): a few ms of shell start-up would
	# blur the county figures; `.read` is the shell's `< FILE` without the shell
	hyperfine -N --style basic --warmup "$WARMUP" --runs "$RUNS" \
		--export-json "$TMP/$name.json" --prepare "rm -f '$out'" \
		-n report "'$NRS' --config '$cfg' report annual --year $YEAR --format json -o '$out'" \
		-n "bare SQL" "sqlite3 -bail -cmd '.parameter set @y $YEAR' '$db' '.read \"$SQL\"'" >&2
}
bench national "$NATIONAL"
bench county "$COUNTY"

# ---- the report's figures against bare SQL ----
# Each checked figure of the report's JSON is compared twice on the same file: with the rows
# of bench/annual-report.sql itself (run statement by statement, each named by its
# "-- store_report_…" comment), and with independent queries written from the agreed
# definitions of the contents. Checked: the year totals of every started.<type> table and
# apartments.adults, every cell of types.started, types.basis, types.home and
# activity.counts, and the rows of resources.volume. Hidden figures ("<3", "..") are
# skipped and counted; with national volumes nothing should be hidden.
check() { # name db -> "yes: N figures equal …" or the differences (exit 1)
	python3 - "$1" "$2" "$TMP/$1-report.json" "$YEAR" "$SQL" <<'EOF'
import json, sqlite3, sys
from collections import defaultdict

name, db, report, year, sql_path = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
years = [year - 2, year - 1, year]
first, last = f"{years[0]}-01-01", f"{years[-1]}-12-31"
con = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
q = lambda sql, *a: con.execute(sql, a).fetchall()
tables = {t["id"]: t for s in json.load(open(report))["sections"] for t in s["tables"]}
labels = dict(q("SELECT label_sv, key FROM intervention_type"))

# bench/annual-report.sql, statement by statement: tag -> rows
bare, tag, buf = {}, None, ""
for line in open(sql_path, encoding="utf-8"):
    if not buf.strip() and line.startswith("--"):
        if line.startswith("-- store_report_"):
            tag = line[3:].split()[0].rstrip(",:")
        continue
    buf += line
    if sqlite3.complete_statement(buf):
        bare.setdefault(tag, con.execute(buf, {"y": year}).fetchall())
        buf = ""

# The expected figures from both sources: what -> (bare SQL, definition)
want = defaultdict(lambda: [0, 0])
def put(src, key, v):
    want[key][src] += v

for y, typ, gender, muni, ageclass, n in bare.get("store_report_started", []):
    put(0, ("started", typ, y), n)
for y, typ, ended, ended_held, service, aid, home in bare.get("store_report_types", []):
    put(0, ("basis", typ, y, "service"), service)
    put(0, ("basis", typ, y, "aid_decision"), aid)
    put(0, ("home", typ, y), home)
for row in bare.get("store_report_year_figures", []):
    y, active, held, minutes, referrals, r48, contacts, consults, concern, lex = row
    for label, v in (("Aktiva ärenden", active), ("Hållna samtal", held),
                     ("Samtalstimmar", (minutes + 30) // 60), ("Polisremisser", referrals),
                     ("Anonyma kontakter", contacts), ("Konsultationer", consults),
                     ("Orosanmälningar", concern), ("Lex Sarah-anmälningar", lex)):
        put(0, ("row", label, y), v)
for row in bare.get("store_report_stays", []):
    if first <= row[2] <= last:
        put(0, ("stays", int(row[2][:4])), 1)

for typ, y, n in q("SELECT type, substr(started, 1, 4), count(*) FROM intervention"
                   " WHERE started BETWEEN ? AND ? GROUP BY 1, 2", first, last):
    put(1, ("started", typ, int(y)), n)
for typ, basis, y, n in q("SELECT i.type, i.basis, substr(s.held, 1, 4), count(*)"
                          " FROM session_log s JOIN intervention i ON i.id = s.intervention_id"
                          " WHERE s.outcome = 'held' AND s.held BETWEEN ? AND ?"
                          " GROUP BY 1, 2, 3", first, last):
    put(1, ("basis", typ, int(y), basis), n)
for typ, y, n in q("SELECT i.type, substr(i.started, 1, 4), count(*) FROM intervention i"
                   " WHERE i.started BETWEEN ? AND ? AND EXISTS (SELECT 1 FROM session_log s"
                   " WHERE s.intervention_id = i.id AND s.outcome = 'held'"
                   " AND s.mode = 'home_municipality') GROUP BY 1, 2", first, last):
    put(1, ("home", typ, int(y)), n)
for y in years:
    put(1, ("row", "Aktiva ärenden", y),
        q("SELECT count(*) FROM case_file WHERE opened <= ? AND (closed IS NULL OR closed >= ?)",
          f"{y}-12-31", f"{y}-01-01")[0][0])
for y, n, m in q("SELECT substr(held, 1, 4), count(*), sum(minutes) FROM session_log"
                 " WHERE outcome = 'held' AND held BETWEEN ? AND ? GROUP BY 1", first, last):
    put(1, ("row", "Hållna samtal", int(y)), n)
    put(1, ("row", "Samtalstimmar", int(y)), (m + 30) // 60)
for label, sql in (
        ("Polisremisser", "SELECT substr(received_at, 1, 4), count(*) FROM police_referral"),
        ("Anonyma kontakter", "SELECT substr(contact_date, 1, 4), count(*) FROM anon_contact"),
        ("Konsultationer", "SELECT substr(consult_date, 1, 4), count(*) FROM consultation"),
        ("Orosanmälningar", "SELECT substr(report_date, 1, 4), count(*) FROM mandatory_report"
         " WHERE kind = 'orosanmalan'"),
        ("Lex Sarah-anmälningar", "SELECT substr(report_date, 1, 4), count(*)"
         " FROM mandatory_report WHERE kind = 'lex_sarah'")):
    for y, n in q(sql + " GROUP BY 1"):
        if int(y) in years:
            put(1, ("row", label, int(y)), n)
for y, n in q("SELECT substr(move_in, 1, 4), count(*) FROM stay WHERE move_in BETWEEN ? AND ?"
              " GROUP BY 1", first, last):
    put(1, ("stays", int(y)), n)

bad, checked, hidden = [], 0, 0
def compare(what, got, key):
    global checked, hidden
    sql, definition = want[key]
    if isinstance(got, str):
        hidden += 1
    elif got != sql or got != definition:
        bad.append(f"{what}: report {got}, bench/annual-report.sql {sql}, definition {definition}")
    else:
        checked += 1

def table(tid):
    if tid not in tables:
        bad.append(f"table {tid} missing from the report")
    return tables.get(tid)

for typ in ("victim_support", "child_trappan", "perpetrator_treatment", "relative_support",
            "womens_group"):
    for part in ("gender", "age", "municipality"):
        t = table(f"started.{typ}.{part}")
        if t and t["column_totals"] is not None:
            for k, y in enumerate(years):
                compare(f"started.{typ}.{part} {y}", t["column_totals"][k], ("started", typ, y))
t = table("apartments.adults.gender")
if t and t["column_totals"] is not None:
    for k, y in enumerate(years):
        compare(f"apartments.adults {y}", t["column_totals"][k], ("stays", y))
for tid, key in (("types.started", "started"), ("types.home", "home"), ("types.basis", "basis")):
    t = table(tid)
    for i, label in enumerate(t["rows"] if t else []):
        typ = labels.get(label, "?")
        for k, y in enumerate(years):
            if key == "basis":
                for b, basis in enumerate(("service", "aid_decision")):
                    compare(f"{tid} {label} {y} {basis}", t["cells"][i][2 * k + b],
                            (key, typ, y, basis))
            else:
                compare(f"{tid} {label} {y}", t["cells"][i][k], (key, typ, y))
for tid, rows in (("activity.counts", ("Polisremisser", "Anonyma kontakter", "Konsultationer",
                                       "Orosanmälningar", "Lex Sarah-anmälningar")),
                  ("resources.volume", ("Aktiva ärenden", "Hållna samtal", "Samtalstimmar"))):
    t = table(tid)
    for label in rows if t else []:
        if label not in t["rows"]:
            bad.append(f"{tid}: row {label!r} missing")
            continue
        for k, y in enumerate(years):
            compare(f"{tid} {label} {y}", t["cells"][t["rows"].index(label)][k], ("row", label, y))

if bad:
    print(f"{name}: {len(bad)} figures differ:", file=sys.stderr)
    for b in bad[:40]:
        print("  " + b, file=sys.stderr)
    print(f"NO: {len(bad)} of {len(bad) + checked} differ")
    sys.exit(1)
print(f"yes: {checked} figures equal" + (f", {hidden} hidden by protection" if hidden else ""))
EOF
}
EQUAL_OK=yes
NAT_EQUAL=$(check national "$NATIONAL") || EQUAL_OK=no
COUNTY_EQUAL=$(check county "$COUNTY") || EQUAL_OK=no

# ---- figures ----
stat() { # file name field -> seconds
	python3 -c 'import json, sys
r = [x for x in json.load(open(sys.argv[1]))["results"] if x["command"] == sys.argv[2]][0]
print(r[sys.argv[3]])' "$TMP/$1.json" "$2" "$3"
}
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
fmt() { # file name -> "mean ± sd ms"
	echo "$(ms "$(stat "$1" "$2" mean)") ± $(ms "$(stat "$1" "$2" stddev)") ms"
}
ratio() { # file [field] -> report / bare SQL of the field (mean)
	awk -v a="$(stat "$1" report "${2:-mean}")" -v b="$(stat "$1" "bare SQL" "${2:-mean}")" \
		'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}
cpu() { # file name -> mean user + system seconds
	awk -v u="$(stat "$1" "$2" user)" -v s="$(stat "$1" "$2" system)" 'BEGIN { print u + s }'
}
cpu_ratio() { awk -v a="$(cpu "$1" report)" -v b="$(cpu "$1" "bare SQL")" \
	'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t ? "met" : "NOT met") }'; }

NAT_REPORT=$(stat national report mean)
COUNTY_REPORT=$(stat county report mean)
NAT_RATIO=$(ratio national)
COUNTY_RATIO=$(ratio county)
V_NAT=$(verdict "$NAT_REPORT" 2)
V_RATIO=$(verdict "$NAT_RATIO" 1.5)
V_COUNTY=$(verdict "$COUNTY_REPORT" 0.05)

CPU=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)
[ -n "$CPU" ] || CPU=$(uname -m)
RAM=$(awk '/^MemTotal:/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo)
NPROC=$(nproc)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . &&
	echo " (with uncommitted changes)" || true)
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
SQLITE_VER=$(sqlite3 --version | cut -d' ' -f1)
NAT_SIZE=$(du -m "$NATIONAL" | cut -f1)
CMD="sh bench/annual-report.sh"
[ "$BUILD" = "$ROOT/build" ] || CMD="BUILD=${BUILD#"$ROOT"/} $CMD"
[ "$RUNS.$WARMUP" = 5.1 ] || CMD="RUNS=$RUNS WARMUP=$WARMUP $CMD"

SUMMARY=$(cat <<EOF
Report year $YEAR (the report shows $((YEAR - 2))–$YEAR). Each command run $RUNS times after
$WARMUP warm-up run(s) with \`hyperfine -N\` (no shell in between); the report is
\`norrsken --config CFG report annual --year $YEAR --format json -o OUT\` (a new process each
run: start, open, aggregate, protect, write), the bare SQL is
\`sqlite3 -bail -cmd '.parameter set @y $YEAR' FILE '.read bench/annual-report.sql'\` (the same
as \`sqlite3 … FILE < bench/annual-report.sql\`, without a shell in between).

| data set | rows | report (mean ± sd) | bare SQL (mean ± sd) | report / SQL | report = SQL |
|---|---|---:|---:|---:|---|
| national (${NAT_SIZE} MB, $NAT_MADE) | $(rows "$NATIONAL") | $(fmt national report) | $(fmt national "bare SQL") | $NAT_RATIO | $NAT_EQUAL |
| county demo (\`demo --years 3\`) | $(rows "$COUNTY") | $(fmt county report) | $(fmt county "bare SQL") | $COUNTY_RATIO | $COUNTY_EQUAL |

| DESIGN §9 target | measured | verdict |
|---|---|---|
| national data set < 2 s | $(ms "$NAT_REPORT") ms | **$V_NAT** |
| national ≤ 1.5 × bare SQL | $NAT_RATIO × | **$V_RATIO** |
| county demo data < 50 ms | $(ms "$COUNTY_REPORT") ms | **$V_COUNTY** |

Less sensitive to other work on the machine than the means: on the national file the fastest
runs took $(ms "$(stat national report min)") ms (report) and $(ms "$(stat national "bare SQL" min)") ms (bare SQL), ratio $(ratio national min);
CPU time (user + system, mean) $(ms "$(cpu national report)") ms and $(ms "$(cpu national "bare SQL")") ms, ratio $(cpu_ratio national).

Machine: $NPROC × $CPU, $RAM RAM, Linux $(uname -r); SQLite $SQLITE_VER; $NOW;
commit $COMMIT$DIRTY; load average after the run $LOAD.
Command: \`$CMD\`.
EOF
)

printf '\n%s\n\n' "$SUMMARY"

if [ -z "${NO_DOCS:-}" ]; then
	BEGIN='<!-- bench/annual-report.sh: begin (rewritten by the script) -->'
	END='<!-- bench/annual-report.sh: end -->'
	printf '%s\n%s\n%s\n' "$BEGIN" "$SUMMARY" "$END" >"$TMP/block.md"
	if [ -f "$DOC" ] && grep -qF "$BEGIN" "$DOC"; then
		awk -v b="$BEGIN" -v e="$END" -v f="$TMP/block.md" '
			$0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
			$0 == e { skip = 0; next }
			!skip { print }' "$DOC" >"$TMP/doc.md"
		cat "$TMP/doc.md" >"$DOC"
	else
		{
			printf '\n## Annual report\n\n### Latest run of bench/annual-report.sh\n\n'
			cat "$TMP/block.md"
		} >>"$DOC"
	fi
	say "== resultaten står i docs/performance.md"
fi

[ "$EQUAL_OK" = yes ] || die "rapportens tal skiljer sig från SQL:ens (se ovan)"
