/* Storage of the centre's activity without a registered client (anonymous contacts,
 * consultations to professionals, trainings and network meetings) and of mandatory reports
 * on a case, plus the lookups by pseudonymous client code that linking needs. Validation,
 * auditing and the access questions belong to security/activitysvc.c, the one caller. */
#ifndef NRS_STORE_ACTIVITY_H
#define NRS_STORE_ACTIVITY_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>

/* Row callbacks get borrowed rows, valid during the call; a non-zero return stops the walk
 * and is passed back to the caller. */

/* ---- anonymous contacts / information phone (R41) ---- */

struct contact_input {
	int64_t organisation_id;  /* the centre that took the call */
	const char *date;         /* YYYY-MM-DD */
	const char *category;     /* victim, perpetrator, relative, professional, other */
	const char *municipality; /* code or NULL */
	const char *topic;        /* 1..200 characters */
	int64_t minutes;          /* 1..600 */
	const char *outcome;      /* information, social_services, booked_visit, other */
	const char *created_at;   /* UTC ISO 8601 */
	int64_t created_by;       /* 0 for the system */
};
int store_contact_add(struct store *st, const struct contact_input *in, int64_t *id,
                      struct nrs_error *err);

struct contact_row {
	int64_t id;
	const char *date;
	const char *category;
	const char *municipality;      /* NULL if not given */
	const char *municipality_name; /* NULL if not given */
	const char *topic;
	int64_t minutes;
	const char *outcome;
	const char *created_at;
};
typedef int (*contact_row_cb)(const struct contact_row *row, void *ctx);
/* The organisation's contacts, newest date first. */
int store_contact_list(struct store *st, int64_t organisation_id, contact_row_cb cb, void *ctx);

/* ---- consultations to professionals (R12) ---- */

struct consultation_input {
	int64_t organisation_id;
	const char *date;
	int64_t asker_organisation_id;  /* 0 if none */
	const char *asker_municipality; /* code or NULL; at least one of the two */
	const char *topic;
	int64_t minutes;
	const char *created_at;
	int64_t created_by;
};
int store_consultation_add(struct store *st, const struct consultation_input *in, int64_t *id,
                           struct nrs_error *err);

struct consultation_row {
	int64_t id;
	const char *date;
	int64_t asker_organisation_id;       /* 0 if none */
	const char *asker_organisation_name; /* NULL if none */
	const char *asker_municipality;      /* NULL if none */
	const char *asker_municipality_name; /* NULL if none */
	const char *topic;
	int64_t minutes;
	const char *created_at;
};
typedef int (*consultation_row_cb)(const struct consultation_row *row, void *ctx);
/* The organisation's consultations, newest date first. */
int store_consultation_list(struct store *st, int64_t organisation_id, consultation_row_cb cb,
                            void *ctx);

/* ---- trainings and network meetings (R23) ---- */

struct training_input {
	int64_t organisation_id;
	const char *date;
	const char *title; /* 1..200 characters */
	const char *kind;  /* concept, custom, network_coordinators, network_trappan */
	const char *created_at;
	int64_t created_by;
};
int store_training_add(struct store *st, const struct training_input *in, int64_t *id,
                       struct nrs_error *err);
/* One participant row; NRS_EEXIST if the organisation is already counted. */
int store_training_participant_add(struct store *st, int64_t training_id, int64_t organisation_id,
                                   int64_t participants, struct nrs_error *err);

struct training_row {
	int64_t id;
	int64_t organisation_id;
	const char *date;
	const char *title;
	const char *kind;
	int64_t participants;  /* sum over the organisations */
	int64_t organisations; /* number of participant rows */
	const char *created_at;
};
typedef int (*training_row_cb)(const struct training_row *row, void *ctx);
/* The organisation's trainings, newest date first. */
int store_training_list(struct store *st, int64_t organisation_id, training_row_cb cb, void *ctx);
/* Call cb once; NRS_ENOTFOUND if there is none. */
int store_training_get(struct store *st, int64_t id, training_row_cb cb, void *ctx);

struct training_participant_row {
	int64_t organisation_id;
	const char *organisation_name;
	const char *organisation_kind;
	int64_t participants;
};
typedef int (*training_participant_cb)(const struct training_participant_row *row, void *ctx);
/* The training's participant rows by organisation name. */
int store_training_participant_list(struct store *st, int64_t training_id,
                                    training_participant_cb cb, void *ctx);

/* ---- mandatory reports (R42) ---- */

struct report_input {
	int64_t organisation_id; /* the case's organisation */
	int64_t case_id;
	const char *kind; /* orosanmalan, lex_sarah */
	const char *date;
	int64_t made_by;
	int64_t recipient_organisation_id; /* 0, or exactly this ... */
	const char *recipient_text;        /* ... or this (NULL) */
	const char *created_at;
	int64_t created_by;
};
int store_report_add(struct store *st, const struct report_input *in, int64_t *id,
                     struct nrs_error *err);

struct report_row {
	int64_t id;
	int64_t organisation_id;
	int64_t case_id;
	const char *client_code;
	const char *kind;
	const char *date;
	int64_t made_by;
	const char *made_by_name;
	int64_t recipient_organisation_id; /* 0 if a text */
	const char *recipient_name;        /* organisation name, or the text */
	const char *created_at;
};
typedef int (*report_row_cb)(const struct report_row *row, void *ctx);
/* The organisation's reports, newest date first. */
int store_report_list(struct store *st, int64_t organisation_id, report_row_cb cb, void *ctx);

/* ---- cases and clients by pseudonymous code ---- */

struct code_case_row {
	int64_t case_id;
	int64_t client_id;
	int64_t organisation_id;
	const char *client_code;
	const char *opened;
	const char *closed; /* NULL while open */
};
typedef int (*code_case_cb)(const struct code_case_row *row, void *ctx);
/* Every case of the client with this code (any organisation), open ones first, then the
 * newest. No rows if the code is unknown. */
int store_cases_by_client_code(struct store *st, const char *code, code_case_cb cb, void *ctx);
/* Call cb once with the case; NRS_ENOTFOUND if there is none. */
int store_case_brief(struct store *st, int64_t case_id, code_case_cb cb, void *ctx);

#endif
