/* Accounts: users of one organisation with one or more roles; Argon2id password hashes,
 * lockout with increasing delay, one-time passwords after creation or reset, API tokens. */
#ifndef NRS_SECURITY_ACCOUNT_H
#define NRS_SECURITY_ACCOUNT_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define ACCOUNT_MIN_PASSWORD 12
#define ACCOUNT_MAX_PASSWORD 1024
#define ACCOUNT_OTP_CHARS 20

struct account {
	int64_t id;
	char username[65];
	char display_name[801];     /* up to 200 characters of UTF-8 */
	int64_t organisation_id;
	char organisation_name[801];
	char organisation_kind[16];
	char municipality_code[5];  /* the organisation's municipality, "" if none */
	unsigned roles;             /* enum role bits */
	int active;
	int must_change_password;
};

struct account_new {
	const char *username;
	const char *display_name;
	int64_t organisation_id;
	unsigned roles;
};

/* Lower the Argon2id cost to libsodium's minimum. For unit tests only, never called by the
 * program: a switch in the environment or configuration could be abused to weaken hashes. */
void account_set_hash_cost_for_tests(void);

/* Check a proposed password against the rules (length ACCOUNT_MIN_PASSWORD characters to
 * ACCOUNT_MAX_PASSWORD bytes, valid UTF-8, not the username). field names the form field
 * in err ("losenord", "nytt_losenord"). */
int account_password_ok(const char *username, const char *password, const char *field,
			struct nrs_error *err);

/* Create a user with a fresh one-time password written to otp (must be changed at first
 * login). Validates every field (Swedish message naming it). */
int account_create(struct store *st, const struct account_new *in, int64_t *id,
		   char otp[ACCOUNT_OTP_CHARS + 1], struct nrs_error *err);
/* Check username + password at time now. On success fills acc and clears the failure count.
 * Wrong password or unknown user: NRS_EAUTH (same message for both); locked: NRS_ELOCKED with
 * the remaining wait in err. Each failure raises the lock delay (after 5 failures: 1 min,
 * doubling, at most 1 h). Inactive users (or users of an inactive organisation) cannot log
 * in; only with the right password are they told so. username is matched case-insensitively
 * (stored names are lower case). */
int account_login(struct store *st, const char *username, const char *password, time_t now,
		  struct account *acc, struct nrs_error *err);
/* Change a password after checking the current one; clears must_change_password. A wrong
 * current password counts as a failed login (NRS_EAUTH, field "losenord"); the new one is
 * checked by account_password_ok (field "nytt_losenord") and must differ from the current. */
int account_change_password(struct store *st, int64_t user_id, const char *current,
			    const char *new_password, struct nrs_error *err);
/* Set a password chosen by an administrator or a tool (demo --password-file); validates it,
 * clears failures and lock. must_change: the user must choose a new one at next login. */
int account_set_password(struct store *st, int64_t user_id, const char *password,
			 int must_change, struct nrs_error *err);
/* New one-time password for a user (admin reset); ends the user's sessions. */
int account_reset(struct store *st, int64_t user_id, char otp[ACCOUNT_OTP_CHARS + 1],
		  struct nrs_error *err);
/* Deactivate (and end all sessions); the user keeps its audit history. */
int account_deactivate(struct store *st, int64_t user_id, struct nrs_error *err);
/* Fill acc; NRS_ENOTFOUND if there is no such user. */
int account_get(struct store *st, int64_t user_id, struct account *acc);
int account_get_by_username(struct store *st, const char *username, struct account *acc);
/* Fill acc from a stored user row (for security/ modules that read users joined with
 * other records, such as sessions). */
struct user_row;
void account_from_row(const struct user_row *row, struct account *acc);
/* Role bits from role names joined by ',' (unknown names are ignored), and back: the
 * names of the bits in roles joined by sep into out (truncated to outsz). */
unsigned account_roles_parse(const char *names);
void account_roles_format(unsigned roles, const char *sep, char *out, size_t outsz);

/* Walk all users ordered by username. */
typedef int (*account_cb)(const struct account *acc, void *ctx);
int account_list(struct store *st, account_cb cb, void *ctx);

/* A new API bearer token for the user (shown once, stored hashed). label: 1-100
 * characters (field "etikett"). */
int account_api_token_create(struct store *st, int64_t user_id, const char *label,
			     char token[64], struct nrs_error *err);
/* Resolve a bearer token to an active account. NRS_EAUTH if unknown or revoked. */
int account_api_token_check(struct store *st, const char *token, struct account *acc);

#endif
