#!/bin/sh
# Benchmark of DESIGN §9, "an authenticated, audited case page": wrk against GET /cases/:id of
# the release build, logged in as centre.staff, and against a bare libmicrohttpd handler
# (bench/bare_mhd.c, same daemon options) in the same run. Also the server's idle resident
# memory before and after, that every case-page read left one audit row, and that
# `norrsken audit verify` still passes. Prints a summary and rewrites the marked results block
# in docs/performance.md.
#
#   sh bench/case-page.sh
#
# Environment (all optional):
#   BUILD=build          build directory (release: RelWithDebInfo)
#   DURATION=10s         wrk duration of each measured run
#   CONNECTIONS=32       wrk connections;  THREADS=2  wrk threads
#   WARMUP=3s            wrk warm-up of each server before its measured run
#   NO_DOCS=1            do not touch docs/performance.md
# Only loopback traffic; every server started here is stopped by its process id on exit.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-3s}
USER_NAME=centre.staff
DOC=$ROOT/docs/performance.md

say() { printf '%s\n' "$*" >&2; }
die() { say "case-page: $*"; exit 1; }

for tool in cmake wrk curl sqlite3; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool saknas (scripts/install-deps installerar det)"
done

# ---- build: the release binary and the bare server ----
say "== bygger (RelWithDebInfo, NRS_BENCH=ON) i $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DNRS_BENCH=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)" --target norrsken bare_mhd >/dev/null ||
	die "bygget misslyckades (kör cmake --build $BUILD för att se felet)"
NRS=$BUILD/norrsken
BARE=$BUILD/bench/bare_mhd
[ -x "$NRS" ] && [ -x "$BARE" ] || die "binärerna saknas i $BUILD"

# ---- a demo database in a temporary directory ----
TMP=$(mktemp -d "${TMPDIR:-/tmp}/norrsken-bench.XXXXXX")
NRS_PID=
BARE_PID=
cleanup() {
	[ -n "$NRS_PID" ] && kill "$NRS_PID" 2>/dev/null && wait "$NRS_PID" 2>/dev/null
	[ -n "$BARE_PID" ] && kill "$BARE_PID" 2>/dev/null && wait "$BARE_PID" 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB=$TMP/norrsken.db
PASSWORD="bänk-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$PASSWORD" >"$TMP/password"
say "== demodatabas i $TMP"
(cd "$TMP" && "$NRS" --db "$DB" demo --password-file "$TMP/password" >"$TMP/demo.log" 2>&1) ||
	die "demo misslyckades: $(tail -5 "$TMP/demo.log")"

# Start a server whose first stdout line names its URL; sets $URL, returns its pid in $PID.
start_and_wait() { # logfile command...
	log=$1
	shift
	"$@" >"$log" 2>&1 &
	PID=$!
	i=0
	URL=
	while [ $i -lt 100 ]; do
		URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" 2>/dev/null | head -1 || true)
		[ -n "$URL" ] && return 0
		kill -0 "$PID" 2>/dev/null || die "servern avslutades: $(cat "$log")"
		sleep 0.1
		i=$((i + 1))
	done
	die "servern startade inte: $(cat "$log")"
}

cd "$TMP" # the key file norrsken.key is found relative to the working directory
start_and_wait "$TMP/serve.log" "$NRS" --db "$DB" serve --port 0
NRS_PID=$PID
NRS_URL=$URL
start_and_wait "$TMP/bare.log" "$BARE" 0
BARE_PID=$PID
BARE_URL=$URL
say "== norrsken $NRS_URL (pid $NRS_PID), bare_mhd $BARE_URL (pid $BARE_PID)"

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ { print $2 }' "/proc/$1/status"; }

# ---- log in as centre.staff with a cookie jar ----
JAR=$TMP/cookies
curl -sS -c "$JAR" -b "$JAR" -o "$TMP/login.html" "$NRS_URL/login"
CSRF=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$TMP/login.html" | head -1)
[ -n "$CSRF" ] || die "ingen csrf på /login"
STATUS=$(curl -sS -c "$JAR" -b "$JAR" -o /dev/null -w '%{http_code} %{redirect_url}' \
	--data-urlencode "csrf=$CSRF" --data-urlencode "username=$USER_NAME" \
	--data-urlencode "password=$PASSWORD" "$NRS_URL/login")
case $STATUS in 303*) ;; *) die "inloggningen misslyckades: $STATUS" ;; esac
# Every cookie in the jar as one Cookie header (curl's jar format: name in 7th, value 8th)
COOKIE=$(awk -F '\t' 'NF >= 7 && $6 != "" { printf "%s%s=%s", sep, $6, $7; sep = "; " }' "$JAR")
[ -n "$COOKIE" ] || die "ingen sessionskaka efter inloggningen"

# ---- a case the user may read: the first link under "Mina ärenden" on the start page ----
curl -sS -b "$JAR" -o "$TMP/start.html" "$NRS_URL/"
CASE_PATH=$(grep -o 'href="/cases/[0-9][0-9]*"' "$TMP/start.html" | head -1 | sed 's/href="\(.*\)"/\1/')
[ -n "$CASE_PATH" ] || die "startsidan listar inga ärenden för $USER_NAME"
STATUS=$(curl -sS -H "Cookie: $COOKIE" -o "$TMP/case.html" -w '%{http_code}' "$NRS_URL$CASE_PATH")
[ "$STATUS" = 200 ] || die "$CASE_PATH gav $STATUS"
CASE_BYTES=$(wc -c <"$TMP/case.html")
say "== $USER_NAME läser $CASE_PATH ($CASE_BYTES byte HTML)"

sleep 1
RSS_IDLE_BEFORE=$(rss_kb "$NRS_PID")

audit_reads() { # rows of case reads of this case in the audit log
	sqlite3 -cmd '.timeout 5000' "$DB" \
		"SELECT count(*) FROM audit_log WHERE action = 'read' AND record_kind = 'case' AND record_id = '${CASE_PATH#/cases/}'"
}
audit_rows() { sqlite3 -cmd '.timeout 5000' "$DB" 'SELECT count(*) FROM audit_log'; }

# wrk output -> "requests rps p99_ms non2xx errors"
parse_wrk() {
	awk '
	function ms(v) {
		if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
		if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
		if (v ~ /m$/)  { sub(/m$/, "", v);  return v * 60000 }
		if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
		return v + 0
	}
	/^ *99%/ { p99 = ms($2) }
	/requests in/ { req = $1 }
	/^Requests\/sec:/ { rps = $2 }
	/Non-2xx or 3xx responses:/ { bad = $NF }
	/Socket errors:/ { err = $0; sub(/.*Socket errors: */, "", err); gsub(/ /, "", err) }
	END { printf "%s %s %.2f %s %s\n", req, rps, p99, bad + 0, (err == "" ? "-" : err) }'
}

run_wrk() { # name duration url [cookie]
	if [ -n "${4:-}" ]; then
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency -H "Cookie: $4" "$3" >"$TMP/wrk-$1.txt"
	else
		wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2" --latency "$3" >"$TMP/wrk-$1.txt"
	fi
}

# ---- warm up, then measure: bare first, then the case page (same run, same machine) ----
say "== uppvärmning ($WARMUP vardera)"
run_wrk bare-warm "$WARMUP" "$BARE_URL/"
run_wrk case-warm "$WARMUP" "$NRS_URL$CASE_PATH" "$COOKIE"
sleep 1

say "== bare_mhd: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
run_wrk bare "$DURATION" "$BARE_URL/"
set -- $(parse_wrk <"$TMP/wrk-bare.txt")
BARE_REQ=$1 BARE_RPS=$2 BARE_P99=$3 BARE_BAD=$4 BARE_ERR=$5
sleep 1

AUDIT_BEFORE=$(audit_reads)
AUDIT_ALL_BEFORE=$(audit_rows)
say "== norrsken $CASE_PATH: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
run_wrk case "$DURATION" "$NRS_URL$CASE_PATH" "$COOKIE"
set -- $(parse_wrk <"$TMP/wrk-case.txt")
CASE_REQ=$1 CASE_RPS=$2 CASE_P99=$3 CASE_BAD=$4 CASE_ERR=$5
sleep 2 # requests wrk cut off at the deadline finish (and are audited) on the server
AUDIT_AFTER=$(audit_reads)
AUDIT_ALL_AFTER=$(audit_rows)
RSS_IDLE_AFTER=$(rss_kb "$NRS_PID")
RSS_PEAK=$(hwm_kb "$NRS_PID")
BARE_RSS=$(rss_kb "$BARE_PID")

AUDIT_GREW=$((AUDIT_AFTER - AUDIT_BEFORE))
AUDIT_ALL_GREW=$((AUDIT_ALL_AFTER - AUDIT_ALL_BEFORE))
# wrk counts the responses it read; up to one request per connection may be in flight when
# it stops, and the server still answers (and audits) those.
if [ "$AUDIT_GREW" -ge "$CASE_REQ" ] && [ "$AUDIT_GREW" -le $((CASE_REQ + CONNECTIONS)) ]; then
	AUDIT_OK=yes
else
	AUDIT_OK=NO
fi

# ---- stop the servers; verify the audit chain ----
kill "$NRS_PID" && wait "$NRS_PID" 2>/dev/null || true
NRS_PID=
kill "$BARE_PID" && wait "$BARE_PID" 2>/dev/null || true
BARE_PID=
if "$NRS" --db "$DB" audit verify >"$TMP/verify.txt" 2>&1; then VERIFY=passed; else VERIFY=FAILED; fi
VERIFY_MSG=$(tr '\n' ' ' <"$TMP/verify.txt" | sed 's/  *$//')

# ---- verdicts ----
RATIO=$(awk -v a="$CASE_RPS" -v b="$BARE_RPS" 'BEGIN { printf "%.1f", (b > 0 ? 100 * a / b : 0) }')
verdict() { awk -v v="$1" -v op="$2" -v t="$3" \
	'BEGIN { ok = op == ">=" ? v >= t : v < t; print ok ? "met" : "NOT met" }'; }
V_RPS=$(verdict "$CASE_RPS" ">=" 3000)
V_P99=$(verdict "$CASE_P99" "<" 25)
V_RATIO=$(verdict "$RATIO" ">=" 40)
V_RSS=$(verdict "$RSS_IDLE_AFTER" "<" 65536)
[ "$CASE_BAD" = 0 ] || V_RPS="NOT met ($CASE_BAD non-2xx responses)"

mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
CPU=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo | head -1)
[ -n "$CPU" ] || CPU=$(uname -m)
NPROC=$(nproc)
KERNEL=$(uname -r)
LOAD=$(cut -d' ' -f1-3 /proc/loadavg) # after the run; other work on the machine skews the figures
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo " (with uncommitted changes)" || true)
NOW=$(date -u '+%Y-%m-%d %H:%M UTC')
MHD_VER=$(pkg-config --modversion libmicrohttpd 2>/dev/null || echo '?')
SQLITE_VER=$(pkg-config --modversion sqlite3 2>/dev/null || echo '?')
CC_ID=$(sed -n 's/^CMAKE_C_COMPILER:FILEPATH=//p' "$BUILD/CMakeCache.txt" 2>/dev/null)
CC_VER=$("${CC_ID:-cc}" --version 2>/dev/null | head -1)
CMD="sh bench/case-page.sh"
[ "$BUILD" = "$ROOT/build" ] || CMD="BUILD=${BUILD#"$ROOT"/} $CMD"
[ "$DURATION" = 10s ] || CMD="DURATION=$DURATION $CMD"

SUMMARY=$(cat <<EOF
| | bare libmicrohttpd | case page (\`GET $CASE_PATH\`) |
|---|---:|---:|
| requests in $DURATION | $BARE_REQ | $CASE_REQ |
| requests/s | $BARE_RPS | $CASE_RPS |
| p99 latency | $BARE_P99 ms | $CASE_P99 ms |
| non-2xx / socket errors | $BARE_BAD / $BARE_ERR | $CASE_BAD / $CASE_ERR |
| resident memory (VmRSS) | $(mb "$BARE_RSS") MB after the run | idle $(mb "$RSS_IDLE_BEFORE") MB before, $(mb "$RSS_IDLE_AFTER") MB after; peak $(mb "$RSS_PEAK") MB |

| DESIGN §9 target | measured | verdict |
|---|---|---|
| ≥ 3 000 requests/s | $CASE_RPS/s | **$V_RPS** |
| p99 < 25 ms | $CASE_P99 ms | **$V_P99** |
| ≥ 40 % of bare libmicrohttpd | $RATIO % | **$V_RATIO** |
| < 64 MB resident when idle | $(mb "$RSS_IDLE_AFTER") MB (demo data set, not the national one) | **$V_RSS** |

Audit: the case-read rows for this case grew by $AUDIT_GREW for $CASE_REQ requests counted by wrk
(all rows: +$AUDIT_ALL_GREW; at most $CONNECTIONS more than wrk counts are expected, cut off in flight):
**$AUDIT_OK**. \`norrsken audit verify\` afterwards: **$VERIFY** ($VERIFY_MSG).

Machine: $NPROC × $CPU, Linux $KERNEL; libmicrohttpd $MHD_VER, SQLite $SQLITE_VER, ${CC_VER:-cc};
$NOW; commit $COMMIT$DIRTY; wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency (warm-up $WARMUP each)
on loopback, wrk on the same $NPROC cores as the server; load average after the run $LOAD.
Command: \`$CMD\`.
EOF
)

printf '\n%s\n\n' "$SUMMARY"

if [ -z "${NO_DOCS:-}" ]; then
	BEGIN='<!-- bench/case-page.sh: begin (rewritten by the script) -->'
	END='<!-- bench/case-page.sh: end -->'
	printf '%s\n%s\n%s\n' "$BEGIN" "$SUMMARY" "$END" >"$TMP/block.md"
	if [ -f "$DOC" ] && grep -qF "$BEGIN" "$DOC"; then
		awk -v b="$BEGIN" -v e="$END" -v f="$TMP/block.md" '
			$0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
			$0 == e { skip = 0; next }
			!skip { print }' "$DOC" >"$TMP/doc.md"
		cat "$TMP/doc.md" >"$DOC"
	else
		NEW_DOC=
		[ -f "$DOC" ] || NEW_DOC=1
		{
			[ -z "$NEW_DOC" ] || printf '# Performance\n'
			printf '\n## Latest run of bench/case-page.sh\n\n'
			cat "$TMP/block.md"
		} >>"$DOC"
	fi
	say "== resultaten står i docs/performance.md"
fi

[ "$AUDIT_OK" = yes ] && [ "$VERIFY" = passed ] || exit 1
