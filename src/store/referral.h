/* Storage of police referrals with consent (R22) and the attempts to reach the person
 * (tables police_referral, referral_attempt). Contact details and attempt notes arrive
 * sealed; security/clientsvc.c encrypts, decrypts, audits and computes the 48-hour status. */
#ifndef NRS_STORE_REFERRAL_H
#define NRS_STORE_REFERRAL_H

#include "base/err.h"
#include "store/client.h"
#include "store/db.h"

#include <stdint.h>

struct referral_input {
	int64_t organisation_id;  /* the receiving centre */
	const char *received_at;  /* UTC "YYYY-MM-DDTHH:MM:SSZ" */
	int consent;              /* 0 or 1 */
	int has_contact;          /* 1: insert a placeholder for store_referral_seal_contact */
	const char *municipality; /* code or NULL */
	const char *created_at;
	int64_t created_by;
};

/* Insert; *id receives the id. With has_contact the caller seals the contact details with
 * store_referral_seal_contact in the same transaction. */
int store_referral_add(struct store *st, const struct referral_input *in, int64_t *id,
                       struct nrs_error *err);
int store_referral_seal_contact(struct store *st, int64_t id, const struct sealed *contact,
                                struct nrs_error *err);
/* Record the outcome once: first_contact_at (UTC ISO) is NULL exactly for 'not_reached'.
 * NRS_ECONFLICT if an outcome is already recorded; NRS_EINVAL if the contact is before
 * receipt or does not fit the outcome. */
int store_referral_set_outcome(struct store *st, int64_t id, const char *first_contact_at,
                               const char *outcome, struct nrs_error *err);
/* Link the referral to a registered client. */
int store_referral_link_client(struct store *st, int64_t id, int64_t client_id,
                               struct nrs_error *err);

/* Insert an attempt; with has_note, seal the note with store_referral_attempt_seal_note in
 * the same transaction. */
int store_referral_attempt_add(struct store *st, int64_t referral_id, const char *at, int has_note,
                               int64_t created_by, int64_t *id, struct nrs_error *err);
int store_referral_attempt_seal_note(struct store *st, int64_t id, const struct sealed *note,
                                     struct nrs_error *err);

/* A referral as stored; pointers borrowed during the callback. */
struct referral_row {
	int64_t id;
	int64_t organisation_id;
	const char *received_at;
	int consent;
	struct sealed contact;        /* data NULL if none */
	const char *municipality;     /* NULL if not given */
	const char *first_contact_at; /* NULL until contact */
	const char *outcome;          /* NULL until recorded */
	int64_t client_id;            /* 0 if not linked */
	const char *client_code;      /* NULL if not linked */
	int64_t attempts;
	const char *last_attempt_at; /* NULL if none */
};
typedef int (*referral_row_cb)(const struct referral_row *row, void *ctx);
/* Call cb once; NRS_ENOTFOUND if there is none. */
int store_referral_get(struct store *st, int64_t id, referral_row_cb cb, void *ctx);
/* The organisation's referrals: open ones (no contact and no outcome) first, oldest receipt
 * first, so the least time left comes first; then the handled ones, newest first. With
 * open_only, only the open ones. */
int store_referral_list(struct store *st, int64_t organisation_id, int open_only,
                        referral_row_cb cb, void *ctx);

struct referral_attempt_row {
	int64_t id;
	int64_t referral_id;
	const char *at;
	struct sealed note; /* data NULL if none */
	int64_t created_by;
};
typedef int (*referral_attempt_cb)(const struct referral_attempt_row *row, void *ctx);
/* The referral's attempts, oldest first. */
int store_referral_attempt_list(struct store *st, int64_t referral_id, referral_attempt_cb cb,
                                void *ctx);

#endif
