# Helpers shared by the shell tests in this folder, sourced first thing by each of them:
#   . "$2/tests/cli/lib.sh"
# Sourcing makes a temporary directory ($TMP), removes it at exit (a script with more to clean
# up sets its own trap afterwards) and works inside it, so every file a test writes is
# relative. Each check counts into $pass or $failures; `summary` prints the counts and is
# the script's exit status. POSIX sh.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1
failures=0
pass=0

ok() { pass=$((pass + 1)); }
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
# a failed check shows the file it looked at, cut short: some outputs are whole documents
show() { sed 's/^/  | /' "$@" | head -40; }

run() { # command... ; sets $rc, output in out.txt / err.txt
	"$@" >out.txt 2>err.txt
	rc=$?
}
expect_rc() { # expected, description: checks the $rc of the last run
	if [ "$rc" -eq "$1" ]; then ok; else
		fail "$2: exit $rc, expected $1"; show out.txt err.txt
	fi
}
expect() { # description, command...: must exit 0
	desc=$1; shift
	if "$@" >out.txt 2>err.txt; then ok; else fail "$desc (exit $?)"; cat err.txt; fi
}
expect_fail() { # description, command...: must exit non-zero
	desc=$1; shift
	if "$@" >out.txt 2>err.txt; then fail "$desc: succeeded but should fail"; else ok; fi
}
expect_refused() { # description, command...: must exit non-zero and say why on stderr
	expect_fail "$@"
	[ -s err.txt ] && ok || fail "$1: no message on stderr"
}

contains() { # file, text, description
	if grep -qF -- "$2" "$1"; then ok; else fail "$3: '$2' not in $1"; show "$1"; fi
}
lacks() { # file, text, description
	if grep -qF -- "$2" "$1"; then fail "$3: '$2' in $1"; show "$1"; else ok; fi
}
between() { # description, value, min, max
	if [ "$2" -ge "$3" ] 2>/dev/null && [ "$2" -le "$4" ]; then ok
	else fail "$1: $2 not in $3..$4"; fi
}

q() { sqlite3 "${DB:-db.sqlite}" "$1"; } # SQL against $DB, by default db.sqlite

summary() { # [label]: the counts, and success only if nothing failed
	echo "${1:+$1: }$pass passed, $failures failed"
	[ "$failures" -eq 0 ]
}
