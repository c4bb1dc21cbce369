/* Accounts (see account.h): validation, Argon2id password hashes, one-time passwords,
 * lockout with a doubling delay, and API tokens. The SQL is in store/user.c; every rule
 * about what a password or a login may be lives here. */
#include "security/account.h"
#include "base/str.h"
#include "security/crypto.h"
#include "security/roles.h"
#include "store/reference.h"
#include "store/session.h"
#include "store/user.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LOCK_AFTER_FAILURES 5
#define LOCK_BASE_SECONDS 60
#define LOCK_MAX_SECONDS 3600
#define DISPLAY_NAME_MAX_CHARS 200
#define TOKEN_LABEL_MAX_CHARS 100
#define TOKEN_TOUCH_SECONDS 60

static const char msg_auth[] = "Fel användarnamn eller lösenord.";

/* Argon2id cost. Written only by account_set_hash_cost_for_tests before any thread starts. */
static unsigned long long hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t hash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void account_set_hash_cost_for_tests(void)
{
	hash_ops = crypto_pwhash_OPSLIMIT_MIN;
	hash_mem = crypto_pwhash_MEMLIMIT_MIN;
}

/* An account as read for a login: the public part plus what only this file may see. */
struct user_copy {
	struct account acc;
	char hash[crypto_pwhash_STRBYTES];
	int org_active;
	int64_t failed_logins;
	int64_t locked_until;
};

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* UTF-8 text of 1..max_chars characters without any control character (a name on a form,
 * a label in a list: a newline or tab there would only ever be a mistake or an attack). */
static int text_ok(const char *s, size_t max_chars)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return 0;
	n = strlen(s);
	if (n > max_chars * 4 || !str_utf8_ok(s, n))
		return 0;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20)
			return 0;
	return utf8_chars(s) <= max_chars;
}

static int username_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n < 2 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return 1;
}

int account_password_ok(const char *username, const char *password, const char *field,
			struct nrs_error *err)
{
	size_t n = password ? strlen(password) : 0;

	if (n > ACCOUNT_MAX_PASSWORD)
		return nrs_error_set(err, NRS_EINVAL, field,
				     "lösenordet är för långt (högst %d tecken)", ACCOUNT_MAX_PASSWORD);
	if (n == 0 || !str_utf8_ok(password, n))
		return nrs_error_set(err, NRS_EINVAL, field,
				     n ? "lösenordet innehåller otillåtna tecken"
				       : "ange ett lösenord");
	if (utf8_chars(password) < ACCOUNT_MIN_PASSWORD)
		return nrs_error_set(err, NRS_EINVAL, field,
				     "lösenordet ska vara minst %d tecken", ACCOUNT_MIN_PASSWORD);
	if (username && strcasecmp(username, password) == 0)
		return nrs_error_set(err, NRS_EINVAL, field,
				     "lösenordet får inte vara detsamma som användarnamnet");
	return 0;
}

unsigned account_roles_parse(const char *names)
{
	unsigned bits = 0;
	const char *p = names;

	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		char name[32];

		if (len < sizeof(name)) {
			memcpy(name, p, len);
			name[len] = '\0';
			bits |= role_from_name(name);
		}
		p = comma ? comma + 1 : NULL;
	}
	return bits;
}

void account_roles_format(unsigned roles, const char *sep, char *out, size_t outsz)
{
	size_t used = 0;

	if (outsz == 0)
		return;
	out[0] = '\0';
	for (int i = 0; i < ROLE_COUNT; i++) {
		int n;

		if (!(roles & (1u << i)))
			continue;
		n = snprintf(out + used, outsz - used, "%s%s", used ? sep : "", role_name(i));
		if (n < 0 || (size_t)n >= outsz - used) {
			out[used] = '\0'; /* whole names only */
			return;
		}
		used += (size_t)n;
	}
}

/* Copy at most dstsz-1 bytes, never cutting a UTF-8 sequence in half. */
static void copy_text(char *dst, size_t dstsz, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= dstsz) {
		n = dstsz - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

void account_from_row(const struct user_row *row, struct account *acc)
{
	memset(acc, 0, sizeof(*acc));
	acc->id = row->id;
	copy_text(acc->username, sizeof(acc->username), row->username);
	copy_text(acc->display_name, sizeof(acc->display_name), row->display_name);
	acc->organisation_id = row->organisation_id;
	copy_text(acc->organisation_name, sizeof(acc->organisation_name), row->organisation_name);
	copy_text(acc->organisation_kind, sizeof(acc->organisation_kind), row->organisation_kind);
	copy_text(acc->municipality_code, sizeof(acc->municipality_code), row->municipality_code);
	acc->roles = account_roles_parse(row->roles);
	acc->active = row->active;
	acc->must_change_password = row->must_change_password;
}

static int copy_user(const struct user_row *row, void *vctx)
{
	struct user_copy *u = vctx;
	size_t hlen = row->password_hash ? strlen(row->password_hash) : 0;

	account_from_row(row, &u->acc);
	/* An over-long hash (a damaged row) is left empty: it then matches no password. */
	u->hash[0] = '\0';
	if (hlen < sizeof(u->hash))
		memcpy(u->hash, row->password_hash, hlen + 1);
	u->org_active = row->organisation_active;
	u->failed_logins = row->failed_logins;
	u->locked_until = row->locked_until_epoch;
	return 0;
}

static int copy_account(const struct user_row *row, void *vctx)
{
	account_from_row(row, vctx);
	return 0;
}

int account_get(struct store *st, int64_t user_id, struct account *acc)
{
	memset(acc, 0, sizeof(*acc));
	return store_user_get(st, user_id, copy_account, acc);
}

int account_get_by_username(struct store *st, const char *username, struct account *acc)
{
	memset(acc, 0, sizeof(*acc));
	if (username == NULL)
		return NRS_ENOTFOUND;
	return store_user_get_by_username(st, username, copy_account, acc);
}

struct list_ctx {
	account_cb cb;
	void *ctx;
};

static int list_one(const struct user_row *row, void *vctx)
{
	struct list_ctx *l = vctx;
	struct account acc;

	account_from_row(row, &acc);
	return l->cb(&acc, l->ctx);
}

int account_list(struct store *st, account_cb cb, void *ctx)
{
	struct list_ctx l = {cb, ctx};

	return store_user_list(st, list_one, &l);
}

static int hash_password(const char *password, char out[crypto_pwhash_STRBYTES],
			 struct nrs_error *err)
{
	if (crypto_pwhash_str_alg(out, password, strlen(password), hash_ops, hash_mem,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet räckte inte för att skydda lösenordet");
	return 0;
}

/* A one-time password from an alphabet without look-alikes (0/O/o, 1/l/I), since it is read
 * off a screen and typed by hand. 20 of 56 symbols: about 116 bits. */
static void make_otp(char otp[ACCOUNT_OTP_CHARS + 1])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz"
				       "ABCDEFGHJKLMNPQRSTUVWXYZ"
				       "23456789";

	for (int i = 0; i < ACCOUNT_OTP_CHARS; i++)
		otp[i] = alphabet[randombytes_uniform((uint32_t)(sizeof(alphabet) - 1))];
	otp[ACCOUNT_OTP_CHARS] = '\0';
}

static int copy_org_active(const struct org_row *row, void *vctx)
{
	*(int *)vctx = row->active;
	return 0;
}

static int check_new_account(struct store *st, const struct account_new *in,
			     struct nrs_error *err)
{
	struct account other;
	int org_active = 0, rc;

	if (!username_ok(in->username))
		return nrs_error_set(err, NRS_EINVAL, "anvandarnamn",
				     "användarnamnet ska vara 2–64 tecken och bara innehålla a–z,"
				     " 0–9, punkt, bindestreck och understreck");
	if (!text_ok(in->display_name, DISPLAY_NAME_MAX_CHARS))
		return nrs_error_set(err, NRS_EINVAL, "namn",
				     "namnet ska vara 1–%d tecken utan kontrolltecken",
				     DISPLAY_NAME_MAX_CHARS);
	if (in->roles == 0)
		return nrs_error_set(err, NRS_EINVAL, "roller", "ange minst en roll");
	if ((in->roles & ~((1u << ROLE_COUNT) - 1)) != 0)
		return nrs_error_set(err, NRS_EINVAL, "roller", "okänd roll");
	rc = in->organisation_id > 0 ? store_org_get(st, in->organisation_id, copy_org_active,
						     &org_active)
				     : NRS_ENOTFOUND;
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, NRS_EINVAL, "organisation", "organisationen finns inte");
	if (rc != 0)
		return nrs_error_set(err, rc, "", "databasfel");
	if (!org_active)
		return nrs_error_set(err, NRS_EINVAL, "organisation", "organisationen är inte aktiv");
	rc = account_get_by_username(st, in->username, &other);
	if (rc == 0)
		return nrs_error_set(err, NRS_EEXIST, "anvandarnamn", "användarnamnet är upptaget");
	if (rc != NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "", "databasfel");
	return 0;
}

int account_create(struct store *st, const struct account_new *in, int64_t *id,
		   char otp[ACCOUNT_OTP_CHARS + 1], struct nrs_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_input ui;
	int64_t new_id = 0;
	int rc, in_tx = 0;

	otp[0] = '\0';
	rc = check_new_account(st, in, err);
	if (rc != 0)
		goto out;
	make_otp(otp);
	/* hash before the transaction: Argon2id takes a while and must not hold the write lock */
	rc = hash_password(otp, hash, err);
	if (rc != 0)
		goto out;
	rc = store_tx_begin(st);
	if (rc != 0) {
		nrs_error_set(err, rc, "", "kan inte starta transaktion");
		goto out;
	}
	in_tx = 1;
	ui = (struct user_input){in->username, in->display_name, in->organisation_id, hash, 1};
	rc = store_user_add(st, &ui, &new_id, err);
	for (int i = 0; rc == 0 && i < ROLE_COUNT; i++)
		if (in->roles & (1u << i))
			rc = store_user_role_add(st, new_id, role_name(i), err);
	if (rc != 0)
		goto out;
	in_tx = 0;
	rc = store_tx_commit(st);
	if (rc != 0)
		nrs_error_set(err, rc, "", "användaren kunde inte sparas");
out:
	if (in_tx)
		store_tx_rollback(st);
	sodium_memzero(hash, sizeof(hash));
	if (rc != 0)
		sodium_memzero(otp, ACCOUNT_OTP_CHARS + 1);
	else if (id)
		*id = new_id;
	return rc;
}

static int64_t lock_delay(int64_t failures)
{
	int64_t shift = failures - LOCK_AFTER_FAILURES;

	if (shift < 0)
		return 0;
	/* 60 s << 6 already passes the cap; stop shifting before it could overflow */
	if (shift >= 6)
		return LOCK_MAX_SECONDS;
	return LOCK_BASE_SECONDS << shift > LOCK_MAX_SECONDS ? LOCK_MAX_SECONDS
							     : LOCK_BASE_SECONDS << shift;
}

/* Count a failed password check and lock the account once there have been enough. */
static int record_failure(struct store *st, int64_t user_id, time_t now)
{
	int64_t failures = 0;
	int rc = store_tx_begin(st);

	if (rc != 0)
		return rc;
	rc = store_user_login_failed(st, user_id, &failures);
	if (rc == 0 && failures >= LOCK_AFTER_FAILURES)
		rc = store_user_set_lock(st, user_id, (int64_t)now + lock_delay(failures));
	if (rc != 0) {
		store_tx_rollback(st);
		return rc;
	}
	return store_tx_commit(st);
}

static int locked_error(int64_t until, time_t now, struct nrs_error *err)
{
	int64_t minutes = (until - (int64_t)now + 59) / 60;

	if (minutes == 1)
		return nrs_error_set(err, NRS_ELOCKED, "",
				     "Kontot är tillfälligt låst. Försök igen om 1 minut.");
	return nrs_error_set(err, NRS_ELOCKED, "",
			     "Kontot är tillfälligt låst. Försök igen om %lld minuter.",
			     (long long)minutes);
}

/* Spend the time a real check would, so that an unknown name cannot be told from a known
 * one by how long the answer takes. */
static void burn_hash_time(const char *password)
{
	char dummy[crypto_pwhash_STRBYTES];

	if (crypto_pwhash_str_alg(dummy, password, strlen(password), hash_ops, hash_mem,
				  crypto_pwhash_ALG_ARGON2ID13) == 0)
		sodium_memzero(dummy, sizeof(dummy));
}

int account_login(struct store *st, const char *username, const char *password, time_t now,
		  struct account *acc, struct nrs_error *err)
{
	struct user_copy u;
	char name[65];
	size_t nlen, plen;
	int rc;

	memset(acc, 0, sizeof(*acc));
	memset(&u, 0, sizeof(u));
	if (username == NULL || password == NULL)
		return nrs_error_set(err, NRS_EAUTH, "", msg_auth);
	plen = strlen(password);
	nlen = strlen(username);
	/* an over-long input is refused before any work; that depends on the input alone, so
	 * it tells nothing about which accounts exist */
	if (plen > ACCOUNT_MAX_PASSWORD)
		return nrs_error_set(err, NRS_EAUTH, "", msg_auth);
	/* user names are stored in lower case; people type "Anna.Berg" all the same */
	if (nlen >= sizeof(name)) {
		rc = NRS_ENOTFOUND;
	} else {
		for (size_t i = 0; i <= nlen; i++)
			name[i] = (char)(username[i] >= 'A' && username[i] <= 'Z' ? username[i] + 32
										   : username[i]);
		rc = store_user_get_by_username(st, name, copy_user, &u);
	}
	if (rc == NRS_ENOTFOUND) {
		burn_hash_time(password);
		rc = nrs_error_set(err, NRS_EAUTH, "", msg_auth);
		goto out;
	}
	if (rc != 0) {
		rc = nrs_error_set(err, rc, "", "inloggningen kunde inte kontrolleras");
		goto out;
	}
	/* while locked not even the right password opens, and no guess is spent */
	if (u.locked_until > (int64_t)now) {
		rc = locked_error(u.locked_until, now, err);
		goto out;
	}
	if (u.hash[0] == '\0' || crypto_pwhash_str_verify(u.hash, password, plen) != 0) {
		rc = record_failure(st, u.acc.id, now);
		rc = nrs_error_set(err, rc == 0 ? NRS_EAUTH : rc, "",
				   rc == 0 ? msg_auth : "inloggningen kunde inte kontrolleras");
		goto out;
	}
	/* only someone who knows the password learns that the account is closed */
	if (!u.acc.active || !u.org_active) {
		rc = nrs_error_set(err, NRS_EAUTH, "",
				   "Kontot är inte aktivt. Kontakta din administratör.");
		goto out;
	}
	if (u.failed_logins != 0 || u.locked_until != 0) {
		rc = store_user_login_ok(st, u.acc.id);
		if (rc != 0) {
			rc = nrs_error_set(err, rc, "", "inloggningen kunde inte sparas");
			goto out;
		}
	}
	*acc = u.acc;
	rc = 0;
out:
	sodium_memzero(&u, sizeof(u));
	return rc;
}

static int not_found(int rc, struct nrs_error *err)
{
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, NRS_ENOTFOUND, "anvandarnamn", "användaren finns inte");
	return nrs_error_set(err, rc, "", "databasfel");
}

int account_change_password(struct store *st, int64_t user_id, const char *current,
			    const char *new_password, struct nrs_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct user_copy u;
	time_t now = time(NULL);
	int rc;

	memset(&u, 0, sizeof(u));
	hash[0] = '\0';
	rc = store_user_get(st, user_id, copy_user, &u);
	if (rc != 0) {
		rc = not_found(rc, err);
		goto out;
	}
	if (!u.acc.active || !u.org_active) {
		rc = nrs_error_set(err, NRS_EAUTH, "", "Kontot är inte aktivt.");
		goto out;
	}
	if (u.locked_until > (int64_t)now) {
		rc = locked_error(u.locked_until, now, err);
		goto out;
	}
	rc = account_password_ok(u.acc.username, new_password, "nytt_losenord", err);
	if (rc != 0)
		goto out;
	if (current == NULL || strlen(current) > ACCOUNT_MAX_PASSWORD || u.hash[0] == '\0' ||
	    crypto_pwhash_str_verify(u.hash, current, strlen(current)) != 0) {
		/* counted like a failed login: a stolen session must not become a way to try
		 * passwords without the lockout */
		rc = record_failure(st, user_id, now);
		rc = nrs_error_set(err, rc == 0 ? NRS_EAUTH : rc, "losenord",
				   "det nuvarande lösenordet är fel");
		goto out;
	}
	if (strcmp(current, new_password) == 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "nytt_losenord",
				   "det nya lösenordet ska skilja sig från det nuvarande");
		goto out;
	}
	rc = hash_password(new_password, hash, err);
	if (rc == 0)
		rc = store_user_set_password(st, user_id, hash, 0, err);
out:
	sodium_memzero(&u, sizeof(u));
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int account_set_password(struct store *st, int64_t user_id, const char *password,
			 int must_change, struct nrs_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct account acc;
	int rc = account_get(st, user_id, &acc);

	hash[0] = '\0';
	if (rc != 0)
		return not_found(rc, err);
	rc = account_password_ok(acc.username, password, "losenord", err);
	if (rc == 0)
		rc = hash_password(password, hash, err);
	if (rc == 0)
		rc = store_user_set_password(st, user_id, hash, must_change, err);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int account_reset(struct store *st, int64_t user_id, char otp[ACCOUNT_OTP_CHARS + 1],
		  struct nrs_error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	struct account acc;
	int rc, in_tx = 0;

	hash[0] = '\0';
	otp[0] = '\0';
	rc = account_get(st, user_id, &acc);
	if (rc != 0) {
		rc = not_found(rc, err);
		goto out;
	}
	make_otp(otp);
	rc = hash_password(otp, hash, err);
	if (rc != 0)
		goto out;
	rc = store_tx_begin(st);
	if (rc != 0)
		goto out;
	in_tx = 1;
	/* clears failures and lock too; the old sessions may belong to whoever made the reset
	 * necessary, so they all end */
	rc = store_user_set_password(st, user_id, hash, 1, err);
	if (rc == 0)
		rc = store_session_delete_user(st, user_id);
	if (rc != 0)
		goto out;
	in_tx = 0;
	rc = store_tx_commit(st);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc != 0 && err && err->msg[0] == '\0')
		nrs_error_set(err, rc, "", "lösenordet kunde inte återställas");
	if (rc != 0)
		sodium_memzero(otp, ACCOUNT_OTP_CHARS + 1);
	sodium_memzero(hash, sizeof(hash));
	return rc;
}

int account_deactivate(struct store *st, int64_t user_id, struct nrs_error *err)
{
	struct account acc;
	int rc = account_get(st, user_id, &acc);

	if (rc != 0)
		return not_found(rc, err);
	rc = store_tx_begin(st);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "kan inte starta transaktion");
	rc = store_user_set_active(st, user_id, 0, err);
	if (rc == 0)
		rc = store_session_delete_user(st, user_id);
	if (rc != 0) {
		store_tx_rollback(st);
		return err && err->msg[0] ? rc : nrs_error_set(err, rc, "", "databasfel");
	}
	rc = store_tx_commit(st);
	return rc == 0 ? 0 : nrs_error_set(err, rc, "", "kontot kunde inte inaktiveras");
}

int account_api_token_create(struct store *st, int64_t user_id, const char *label,
			     char token[64], struct nrs_error *err)
{
	unsigned char hash[CRYPTO_HASH_BYTES];
	struct user_copy u;
	int rc;

	token[0] = '\0';
	memset(&u, 0, sizeof(u));
	if (!text_ok(label, TOKEN_LABEL_MAX_CHARS)) {
		rc = nrs_error_set(err, NRS_EINVAL, "etikett",
				   "etiketten ska vara 1–%d tecken utan kontrolltecken",
				   TOKEN_LABEL_MAX_CHARS);
		goto out;
	}
	rc = store_user_get(st, user_id, copy_user, &u);
	if (rc != 0) {
		rc = not_found(rc, err);
		goto out;
	}
	if (!u.acc.active || !u.org_active) {
		rc = nrs_error_set(err, NRS_EINVAL, "anvandarnamn", "kontot är inte aktivt");
		goto out;
	}
	crypto_random_token(token);
	crypto_token_hash(token, hash);
	rc = store_api_token_add(st, user_id, hash, label, NULL, err);
	if (rc != 0 && err && err->msg[0] == '\0')
		nrs_error_set(err, rc, "", "nyckeln kunde inte sparas");
out:
	if (rc != 0)
		sodium_memzero(token, 64);
	sodium_memzero(&u, sizeof(u));
	return rc;
}

struct token_copy {
	int64_t id, user_id;
	int revoked;
	char last_used[32];
};

static int copy_token(const struct api_token_row *row, void *vctx)
{
	struct token_copy *t = vctx;

	t->id = row->id;
	t->user_id = row->user_id;
	t->revoked = row->revoked;
	snprintf(t->last_used, sizeof(t->last_used), "%s", row->last_used_at ? row->last_used_at : "");
	return 0;
}

static void iso_at(time_t t, char out[21])
{
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		out[0] = '\0';
}

int account_api_token_check(struct store *st, const char *token, struct account *acc)
{
	unsigned char hash[CRYPTO_HASH_BYTES];
	struct token_copy t;
	struct user_copy u;
	char now_iso[21], stale_iso[21];
	time_t now = time(NULL);
	int rc;

	memset(acc, 0, sizeof(*acc));
	memset(&u, 0, sizeof(u));
	memset(&t, 0, sizeof(t));
	if (token == NULL || strlen(token) != CRYPTO_TOKEN_CHARS)
		return NRS_EAUTH;
	crypto_token_hash(token, hash);
	rc = store_api_token_find(st, hash, copy_token, &t);
	if (rc == NRS_ENOTFOUND || (rc == 0 && t.revoked)) {
		rc = NRS_EAUTH;
		goto out;
	}
	if (rc != 0)
		goto out;
	rc = store_user_get(st, t.user_id, copy_user, &u);
	if (rc == NRS_ENOTFOUND || (rc == 0 && (!u.acc.active || !u.org_active))) {
		rc = NRS_EAUTH;
		goto out;
	}
	if (rc != 0)
		goto out;
	/* record use at most once a minute: a write per API call would cost more than the call */
	iso_at(now, now_iso);
	iso_at(now - TOKEN_TOUCH_SECONDS, stale_iso);
	if (now_iso[0] && (t.last_used[0] == '\0' || strcmp(t.last_used, stale_iso) <= 0)) {
		rc = store_api_token_touch(st, t.id, now_iso);
		if (rc != 0)
			goto out;
	}
	*acc = u.acc;
out:
	sodium_memzero(&u, sizeof(u));
	return rc;
}
