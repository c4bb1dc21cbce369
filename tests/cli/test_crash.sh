#!/bin/sh
# Crash test (DESIGN §8, R39: nothing acknowledged is lost). Three rounds on one database:
#  - the server runs; one client per demo account signs in again and again over loopback (each
#    sign-in commits a session and an audit row before the 303 is sent) and records every
#    acknowledged sign-in (303 with a session cookie);
#  - at the same time a writer adds organisations with `norrsken org add` and records every
#    one that exited 0;
#  - at a random moment (0.5–2.5 s after the first acknowledged sign-in) the server and the
#    writer get SIGKILL.
# Then: PRAGMA integrity_check is ok, `norrsken audit verify` exits 0, every acknowledged
# organisation is in the database, a restarted server accepts every acknowledged session
# cookie, and the log has at least one sign-in row per acknowledged sign-in. Finally the
# server stops on SIGTERM with status 0 and no sanitizer report.
# Usage: test_crash.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
ROUNDS=3
. "$2/tests/cli/lib.sh"
SPID=
WPID=
cleanup() {
	for p in $SPID $WPID; do kill -9 "$p" 2>/dev/null; done
	[ -f "$TMP/writer.pid" ] && kill -9 "$(cat "$TMP/writer.pid")" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT # the servers too, not just the directory
trap 'exit 2' INT TERM

PW='korrekt häst batteri häftklammer'
USERS="admin centre.staff centre.manager samrad.coordinator municipal.officer agency.rep steering finance"
N="$BIN --db db.sqlite"

# a number in [lo, hi]
random() { echo $(($1 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % ($2 - $1 + 1))); }

start_server() {
	: >server.out
	$N serve --port 0 >server.out 2>>server.err &
	SPID=$!
	URL=
	i=0
	while [ $i -lt 150 ]; do
		URL=$(sed -n 's|^Norrsken lyssnar på \(http://[^/]*\)/$|\1|p' server.out)
		[ -n "$URL" ] && return 0
		kill -0 "$SPID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	echo "server did not start:"
	cat server.err
	exit 1
}

# Sign in as $1 again and again until the server stops answering; append "user token" to
# acked.$2 for every 303 that set a session cookie.
client() {
	user=$1
	n=0
	while :; do
		n=$((n + 1))
		jar=jar.$2.$n
		page=$(curl -s -m 10 -c "$jar" -b "$jar" "$URL/login") || return 0
		csrf=$(printf '%s\n' "$page" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
		code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" \
			--data-urlencode "csrf=$csrf" --data-urlencode "username=$user" \
			--data-urlencode "password=$PW" "$URL/login") || return 0
		if [ "$code" = 303 ]; then
			tok=$(awk '$6 == "nrs_session" { print $7 }' "$jar")
			[ -n "$tok" ] && echo "$user $tok" >>"acked.$2"
		fi
		rm -f "$jar"
	done
}

# Add organisations until killed; append the name of each that `org add` acknowledged.
writer() {
	k=0
	while :; do
		k=$((k + 1))
		name="Krasch $1-$k"
		$N org add --kind other --name "$name" >/dev/null 2>>writer.err &
		echo $! >writer.pid
		if wait $!; then echo "$name" >>orgs.acked; fi
	done
}

printf '%s\n' "$PW" >pw
if ! $N demo --password-file pw >/dev/null 2>demo.err; then
	echo "demo failed:"
	cat demo.err
	exit 1
fi
: >orgs.acked
: >server.err
total_logins=0

r=1
while [ $r -le $ROUNDS ]; do
	start_server
	: >acked.round
	c=0
	pids=
	for u in $USERS; do
		c=$((c + 1))
		client "$u" "$r.$c" &
		pids="$pids $!"
	done
	writer "$r" &
	WPID=$!
	# crash at a random moment once the first sign-in has been acknowledged (at most 10 s)
	i=0
	while [ $i -lt 100 ] && [ "$(cat acked.$r.* 2>/dev/null | wc -l)" -eq 0 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	ms=$(random 500 2500)
	sleep "$(echo "$ms" | awk '{ printf "%.3f", $1 / 1000 }')"
	# the crash: server and writer die mid-write, without any chance to clean up
	kill -9 "$SPID" "$WPID" "$(cat writer.pid 2>/dev/null)" 2>/dev/null
	wait "$SPID" "$WPID" 2>/dev/null
	SPID=
	WPID=
	# the clients notice the refused connection and stop; an answer already received counts
	for p in $pids; do wait "$p"; done
	cat acked.$r.* >>acked.round 2>/dev/null
	rm -f acked.$r.* jar.*
	rm -f writer.pid

	logins=$(wc -l <acked.round)
	[ "$logins" -gt 0 ] || fail "round $r: no sign-in was acknowledged"
	total_logins=$((total_logins + logins))

	ic=$(sqlite3 db.sqlite 'PRAGMA integrity_check')
	[ "$ic" = ok ] || fail "round $r: integrity_check: $ic"
	[ "$(sqlite3 db.sqlite 'PRAGMA journal_mode')" = wal ] || fail "round $r: not in WAL mode"
	if ! $N audit verify >verify.out 2>&1; then
		fail "round $r: audit verify failed"
		cat verify.out
	fi

	lost=0
	while IFS= read -r name; do
		q=$(printf '%s' "$name" | sed "s/'/''/g")
		n=$(sqlite3 db.sqlite "SELECT count(*) FROM organisation WHERE name = '$q'")
		[ "$n" = 1 ] || { fail "round $r: acknowledged organisation '$name' is lost"; lost=$((lost + 1)); }
	done <orgs.acked

	# every acknowledged session still works after the crash
	start_server
	while read -r user tok; do
		code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -b "nrs_session=$tok" "$URL/")
		[ "$code" = 200 ] || fail "round $r: acknowledged sign-in of $user is lost (GET / gave $code)"
	done <acked.round
	n=$(sqlite3 db.sqlite "SELECT count(*) FROM audit_log WHERE action = 'login'" 2>&1)
	[ "$n" -ge "$total_logins" ] 2>/dev/null ||
		fail "round $r: $n sign-in rows in the log, $total_logins sign-ins acknowledged"
	echo "round $r: killed ${ms} ms after the first acknowledgement; $logins sign-ins and $(wc -l <orgs.acked) organisations acknowledged so far, $lost lost"

	# the checking server is killed too: an idle crash must not harm the database either
	kill -9 "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	SPID=
	r=$((r + 1))
done

[ "$(wc -l <orgs.acked)" -gt 0 ] || fail "no organisation was acknowledged by org add"

# a clean stop after all that
start_server
kill -TERM "$SPID"
wait "$SPID"
rc=$?
SPID=
[ "$rc" = 0 ] || fail "server exit status $rc on SIGTERM"
if grep -qE 'Sanitizer|runtime error:' server.err; then
	fail "sanitizer report from the server"
	cat server.err
fi
ic=$(sqlite3 db.sqlite 'PRAGMA integrity_check')
[ "$ic" = ok ] || fail "final integrity_check: $ic"
$N audit verify >/dev/null 2>&1 || fail "final audit verify"

if [ "$failures" -ne 0 ]; then
	echo "$failures failure(s)"
	exit 1
fi
echo "crash test: $ROUNDS rounds, $total_logins sign-ins and $(wc -l <orgs.acked) organisations acknowledged, none lost"
