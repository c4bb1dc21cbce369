/* Accounts: users of one organisation with one or more roles; Argon2id password hashes,
 * lockout with increasing delay, one-time passwords after creation or reset, API tokens. */
#ifndef NRS_SECURITY_ACCOUNT_H
#define NRS_SECURITY_ACCOUNT_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>
#include <time.h>

#define ACCOUNT_MIN_PASSWORD 12
#define ACCOUNT_MAX_PASSWORD 1024
#define ACCOUNT_OTP_CHARS 20

struct account {
	int64_t id;
	char username[65];
	char display_name[201];
	int64_t organisation_id;
	char organisation_name[201];
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

/* Create a user with a fresh one-time password written to otp (must be changed at first
 * login). Validates every field (Swedish message naming it). */
int account_create(struct store *st, const struct account_new *in, int64_t *id,
		   char otp[ACCOUNT_OTP_CHARS + 1], struct nrs_error *err);
/* Check username + password at time now. On success fills acc and clears the failure count.
 * Wrong password or unknown user: NRS_EAUTH (same message for both); locked: NRS_ELOCKED with
 * the remaining wait in err. Each failure raises the lock delay (after 5 failures: 1 min,
 * doubling, at most 1 h). Inactive users cannot log in. */
int account_login(struct store *st, const char *username, const char *password, time_t now,
		  struct account *acc, struct nrs_error *err);
/* Change a password after checking the current one; clears must_change_password. */
int account_change_password(struct store *st, int64_t user_id, const char *current,
			    const char *new_password, struct nrs_error *err);
/* New one-time password for a user (admin reset); ends the user's sessions. */
int account_reset(struct store *st, int64_t user_id, char otp[ACCOUNT_OTP_CHARS + 1],
		  struct nrs_error *err);
/* Deactivate (and end all sessions); the user keeps its audit history. */
int account_deactivate(struct store *st, int64_t user_id, struct nrs_error *err);
int account_get(struct store *st, int64_t user_id, struct account *acc);
int account_get_by_username(struct store *st, const char *username, struct account *acc);

/* Walk all users ordered by username. */
typedef int (*account_cb)(const struct account *acc, void *ctx);
int account_list(struct store *st, account_cb cb, void *ctx);

/* A new API bearer token for the user (shown once, stored hashed). */
int account_api_token_create(struct store *st, int64_t user_id, const char *label,
			     char token[64], struct nrs_error *err);
/* Resolve a bearer token to an active account. NRS_EAUTH if unknown or revoked. */
int account_api_token_check(struct store *st, const char *token, struct account *acc);

#endif
