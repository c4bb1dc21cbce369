#!/bin/sh
# Accounts from the shell: init creates the key file (0600) and the first administrator,
# user add/list/reset/deactivate/token, and refused input (bad role, unknown organisation,
# taken name) that leaves the user table unchanged. demo creates one account per role, and
# demo --password-file sets a known password.
# Usage: test_user.sh NORRSKEN_BINARY SOURCE_DIR
set -u
BIN=$1
. "$2/tests/cli/lib.sh"
users() { sqlite3 db.sqlite "SELECT u.id, u.username, u.display_name, u.organisation_id,
	u.password_hash, u.active, u.must_change_password, u.failed_logins, r.role
	FROM app_user u LEFT JOIN user_role r ON r.user_id = u.id ORDER BY 1, 9" | md5sum; }
otp_of() { sed -n 's/^Engångslösenord: //p' "$1"; }

N="$BIN --db db.sqlite"

# --help for every subcommand
for s in add list reset deactivate token; do
	expect "user $s --help" $BIN user $s --help
	contains out.txt "Användning" "user $s --help"
done
expect_refused "user without subcommand" $BIN user
expect_refused "user list before init" $N user list

# init: key file with mode 600 and the first administrator
expect "init" $N init
[ -f norrsken.key ] && ok || fail "init created no key file"
mode=$(stat -c %a norrsken.key)
[ "$mode" = "600" ] && ok || fail "key file mode is $mode, not 600"
contains out.txt "Första administratören: admin" "init names the administrator"
admin_otp=$(otp_of out.txt)
[ ${#admin_otp} -eq 20 ] && ok || fail "admin one-time password has ${#admin_otp} characters"
n=$(sqlite3 db.sqlite "SELECT count(*) FROM app_user u JOIN user_role r ON r.user_id = u.id
	JOIN organisation o ON o.id = u.organisation_id
	WHERE u.username = 'admin' AND r.role = 'admin' AND o.kind = 'centre'
	AND u.must_change_password = 1")
[ "$n" = "1" ] && ok || fail "admin is not an administrator at the centre"
n=$(sqlite3 db.sqlite "SELECT count(*) FROM app_user WHERE password_hash LIKE '%$admin_otp%'")
[ "$n" = "0" ] && ok || fail "one-time password stored in clear"

CENTRE=$(sqlite3 db.sqlite "SELECT id FROM organisation WHERE kind = 'centre'")
KROKOM=$(sqlite3 db.sqlite "SELECT id FROM organisation WHERE municipality_code = '2309' AND kind = 'municipality'")

# add
expect "user add" $N user add --username anna.berg --name "Anna Berg" --org "$CENTRE" \
	--role centre_staff --role samrad_coordinator
contains out.txt "anna.berg" "add names the user"
anna_otp=$(otp_of out.txt)
[ ${#anna_otp} -eq 20 ] && ok || fail "one-time password has ${#anna_otp} characters"
expect "user add (municipality)" $N user add --username kalle.krok --name "Kalle Krok" \
	--org "$KROKOM" --role municipal_officer

# refused input changes nothing
before=$(users)
expect_refused "bad role" $N user add --username x.y --name "X Y" --org "$CENTRE" --role pirate
contains err.txt "--role" "bad role names the option"
expect_refused "no role" $N user add --username x.y --name "X Y" --org "$CENTRE"
contains err.txt "--role" "missing role names the option"
expect_refused "unknown org" $N user add --username x.y --name "X Y" --org 9999 --role admin
contains err.txt "--org" "unknown org names the option"
expect_refused "org not a number" $N user add --username x.y --name "X Y" --org centre --role admin
contains err.txt "--org" "bad org names the option"
expect_refused "taken name" $N user add --username anna.berg --name "Annan Berg" --org "$CENTRE" \
	--role finance
contains err.txt "användarnamnet är upptaget" "taken name message"
contains err.txt "--username" "taken name names the option"
expect_refused "bad username" $N user add --username "Anna Berg" --name "X" --org "$CENTRE" \
	--role admin
contains err.txt "--username" "bad username names the option"
expect_refused "empty name" $N user add --username ok.name --name "" --org "$CENTRE" --role admin
contains err.txt "--name" "empty name names the option"
expect_refused "stray argument" $N user add --username ok.name --name "X" --org "$CENTRE" \
	--role admin extra
after=$(users)
[ "$before" = "$after" ] && ok || fail "a refused user add changed the user table"

# list
expect "user list" $N user list
contains out.txt "ANVÄNDARNAMN" "list header"
contains out.txt "anna.berg" "list shows anna.berg"
contains out.txt "Anna Berg" "list shows the name"
contains out.txt "Centrum mot våld i Jämtlands län" "list shows the organisation"
contains out.txt "centre_staff,samrad_coordinator" "list shows the roles"
contains out.txt "Krokoms kommun" "list shows kalle's organisation"
lacks out.txt "argon2" "list never shows hashes"
lacks out.txt "$anna_otp" "list never shows passwords"

# reset: new one-time password, failures and lock cleared, sessions ended
sqlite3 db.sqlite "UPDATE app_user SET failed_logins = 7, locked_until_epoch = 4000000000
	WHERE username = 'anna.berg';
	INSERT INTO session (token_hash, user_id, csrf_token, created_epoch, last_seen_epoch)
	SELECT randomblob(32), id, 'csrfcsrfcsrfcsrfcsrfcsrfcsrfcsrfcsrf', 1, 1 FROM app_user
	WHERE username = 'anna.berg'"
expect "user reset" $N user reset anna.berg
new_otp=$(otp_of out.txt)
[ ${#new_otp} -eq 20 ] && ok || fail "reset gave no one-time password"
[ "$new_otp" != "$anna_otp" ] && ok || fail "reset gave the same password"
row=$(sqlite3 db.sqlite "SELECT failed_logins, locked_until_epoch, must_change_password
	FROM app_user WHERE username = 'anna.berg'")
[ "$row" = "0|0|1" ] && ok || fail "reset left failures/lock/must-change as $row"
n=$(sqlite3 db.sqlite "SELECT count(*) FROM session s JOIN app_user u ON u.id = s.user_id
	WHERE u.username = 'anna.berg'")
[ "$n" = "0" ] && ok || fail "reset left $n sessions"
expect_refused "reset unknown" $N user reset nobody
contains err.txt "finns inte" "reset unknown user"
expect_refused "reset without name" $N user reset

# token: printed once, stored hashed
expect "user token" $N user token kalle.krok --label "rapportexport"
token=$(sed -n 's/^API-nyckel för kalle.krok: //p' out.txt)
[ ${#token} -eq 43 ] && ok || fail "token has ${#token} characters"
n=$(sqlite3 db.sqlite "SELECT count(*) FROM api_token WHERE label = 'rapportexport' AND length(token_hash) = 32")
[ "$n" = "1" ] && ok || fail "token not stored"
n=$(sqlite3 db.sqlite "SELECT count(*) FROM api_token WHERE instr(token_hash, '$token') > 0")
[ "$n" = "0" ] && ok || fail "token stored in clear"
expect_refused "token without label" $N user token kalle.krok
contains err.txt "--label" "token needs a label"

# deactivate
expect "user deactivate" $N user deactivate kalle.krok
n=$(sqlite3 db.sqlite "SELECT active FROM app_user WHERE username = 'kalle.krok'")
[ "$n" = "0" ] && ok || fail "deactivate left active = $n"
expect "user list after deactivate" $N user list
grep 'kalle.krok' out.txt | grep -q ' nej ' && ok || fail "list does not show kalle.krok inactive"
expect_refused "token for inactive user" $N user token kalle.krok --label "x"
expect_refused "deactivate unknown" $N user deactivate nobody

# a failed init leaves neither database nor a key file it created
mkdir bad && cd bad
expect_refused "init with unknown county" $BIN --db db.sqlite init --county 99
[ ! -e db.sqlite ] && ok || fail "failed init left a database"
[ ! -e norrsken.key ] && ok || fail "failed init left a key file"
# a key file readable by others is refused, and kept
umask 022
printf '%s\n' 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef > norrsken.key
chmod 644 norrsken.key
expect_refused "init with an open key file" $BIN --db db.sqlite init
contains err.txt "chmod 600" "open key file names the fix"
[ -e norrsken.key ] && ok || fail "init deleted a key file it did not create"
[ ! -e db.sqlite ] && ok || fail "refused init left a database"
chmod 600 norrsken.key
expect "init reuses an existing key file" $BIN --db db.sqlite init
contains norrsken.key 0123456789abcdef "existing key file kept"
cd ..

# demo: one account per role; --password-file for automated tests
mkdir demo && cd demo
expect "demo" $BIN --db db.sqlite demo
for u in admin centre.staff centre.manager samrad.coordinator municipal.officer agency.rep \
	steering finance; do
	contains out.txt "$u" "demo account $u"
done
n=$(sqlite3 db.sqlite "SELECT count(*) FROM app_user WHERE must_change_password = 1")
[ "$n" = "8" ] && ok || fail "demo users should have one-time passwords ($n)"
n=$(sqlite3 db.sqlite "SELECT o.name FROM app_user u JOIN organisation o ON o.id = u.organisation_id
	WHERE u.username = 'agency.rep'")
case "$n" in Polismyndigheten*) ok ;; *) fail "agency.rep belongs to '$n'" ;; esac
n=$(sqlite3 db.sqlite "SELECT o.name FROM app_user u JOIN organisation o ON o.id = u.organisation_id
	WHERE u.username = 'steering'")
[ "$n" = "Bergs kommun" ] && ok || fail "steering belongs to '$n'"
cd ..
mkdir demo2 && cd demo2
printf 'kort\n' > pw.txt
expect_refused "demo with a short password" $BIN --db db.sqlite demo --password-file pw.txt
contains err.txt "--password-file" "short password names the option"
[ ! -e db.sqlite ] && ok || fail "refused demo left a database"
printf 'demolösenord-för-test\n' > pw.txt
expect "demo --password-file" $BIN --db db.sqlite demo --password-file pw.txt
n=$(sqlite3 db.sqlite "SELECT count(*) FROM app_user WHERE must_change_password = 0")
[ "$n" = "8" ] && ok || fail "demo --password-file: $n users without must-change"
lacks out.txt "demolösenord-för-test" "the password is not printed"
cd ..

summary
