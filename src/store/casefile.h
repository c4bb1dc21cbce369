/* Storage of cases at the centre (tables case_file, case_staff, case_violence, case_plan,
 * journal_note). Journal text and plan goals arrive here sealed; security/clientsvc.c
 * encrypts, decrypts and audits, and is the only caller meant to use these functions. */
#ifndef NRS_STORE_CASEFILE_H
#define NRS_STORE_CASEFILE_H

#include "base/err.h"
#include "store/client.h"
#include "store/db.h"

#include <stdint.h>

struct case_input {
	int64_t client_id;
	const char *opened;                 /* YYYY-MM-DD */
	const char *referral_source;        /* self, social_services, police, health, shelter,
	                                       school, other */
	const char *referring_municipality; /* code or NULL */
	int64_t organisation_id;            /* the owning centre */
	const char *created_at;             /* UTC ISO 8601 */
	int64_t created_by;                 /* 0 for the system */
};

/* A case as stored; pointers borrowed during the callback. */
struct case_row {
	int64_t id;
	int64_t client_id;
	const char *client_code;
	int client_protected;
	const char *opened;
	const char *closed; /* NULL while open */
	const char *referral_source;
	const char *referring_municipality; /* NULL if none */
	int64_t organisation_id;
	const char *created_at;
	int64_t created_by; /* 0 if none */
};
typedef int (*case_row_cb)(const struct case_row *row, void *ctx);

/* Insert a case; *id receives its id. NRS_EEXIST if the client already has an open case at
 * the organisation. */
int store_case_open(struct store *st, const struct case_input *in, int64_t *id,
                    struct nrs_error *err);
/* Close an open case. NRS_ENOTFOUND if there is no open case with this id; NRS_EINVAL if
 * closed is before the opening date. */
int store_case_close(struct store *st, int64_t id, const char *closed, struct nrs_error *err);
/* Call cb once with the case. NRS_ENOTFOUND if there is none. */
int store_case_get(struct store *st, int64_t id, case_row_cb cb, void *ctx);
/* The client's cases, newest first. */
int store_case_list_by_client(struct store *st, int64_t client_id, case_row_cb cb, void *ctx);

/* A user's organisation and whether the account is active: 0, or NRS_ENOTFOUND. */
int store_case_user_org(struct store *st, int64_t user_id, int64_t *organisation_id, int *active);
/* Assign staff; assigning twice is not an error. */
int store_case_staff_add(struct store *st, int64_t case_id, int64_t user_id, const char *at,
                         int64_t by, struct nrs_error *err);
/* Remove an assignment. NRS_ENOTFOUND if the user was not assigned. */
int store_case_staff_remove(struct store *st, int64_t case_id, int64_t user_id,
                            struct nrs_error *err);
/* 1 if the user is assigned staff on the case, 0 if not, negative on error. */
int store_case_is_assigned(struct store *st, int64_t case_id, int64_t user_id);
/* 1 if the user is assigned staff on any case of the client, 0 if not, negative on error
 * (the policy's REL_ASSIGNED for a client record). */
int store_case_client_assigned(struct store *st, int64_t client_id, int64_t user_id);
typedef int (*case_staff_cb)(int64_t user_id, const char *username, const char *display_name,
                             void *ctx);
/* Assigned staff ordered by display name (strings borrowed during the callback). */
int store_case_staff_list(struct store *st, int64_t case_id, case_staff_cb cb, void *ctx);

/* Add a violence type (physical, psychological, sexual, economic, material, neglect, honour,
 * digital); adding one twice is not an error. */
int store_case_violence_add(struct store *st, int64_t case_id, const char *type,
                            struct nrs_error *err);
typedef int (*case_violence_cb)(const char *type, void *ctx);
/* The case's violence types in name order. */
int store_case_violence_list(struct store *st, int64_t case_id, case_violence_cb cb, void *ctx);

struct case_plan_row {
	int64_t case_id;
	struct sealed goals;
	const char *planned;   /* intervention type key, NULL if none */
	const char *follow_up; /* YYYY-MM-DD, NULL if none */
	const char *updated_at;
	int64_t updated_by; /* 0 if none */
};
typedef int (*case_plan_cb)(const struct case_plan_row *row, void *ctx);
/* Create or replace the case's plan. */
int store_case_plan_put(struct store *st, const struct case_plan_row *plan, struct nrs_error *err);
/* Call cb once with the plan; NRS_ENOTFOUND if the case has none. */
int store_case_plan_get(struct store *st, int64_t case_id, case_plan_cb cb, void *ctx);

/* Insert an unsigned journal note with an empty text; *id receives its id. The caller seals
 * and signs it with store_note_sign in the same transaction. corrects is 0 or the id of a
 * signed note of the same case (else NRS_EINVAL). */
int store_note_insert(struct store *st, int64_t case_id, const char *written_at, int64_t author_id,
                      int64_t corrects, int64_t *id, struct nrs_error *err);
/* Store the sealed text and sign. NRS_ENOTFOUND unless the note exists and is unsigned. */
int store_note_sign(struct store *st, int64_t id, const struct sealed *text, struct nrs_error *err);

struct note_row {
	int64_t id;
	int64_t case_id;
	const char *written_at;
	int64_t author_id;
	const char *author_name; /* display name, NULL if the account is gone */
	int signed_;
	struct sealed text;
	int64_t corrects;     /* 0 if none */
	int64_t corrected_by; /* id of the newest note correcting this one, 0 if none */
};
typedef int (*note_row_cb)(const struct note_row *row, void *ctx);
/* The case's notes, oldest first. */
int store_note_list(struct store *st, int64_t case_id, note_row_cb cb, void *ctx);

#endif
