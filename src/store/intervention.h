/* Storage of interventions, their types, sessions and the queue (tables intervention_type,
 * intervention, session_log). Nothing here is encrypted: these rows hold dates, codes and
 * counts, and reach a person only through the case (security/clientsvc.c audits access). */
#ifndef NRS_STORE_INTERVENTION_H
#define NRS_STORE_INTERVENTION_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>

struct intervention_type_row {
	const char *key;
	const char *label_sv;
	int active;
};
typedef int (*intervention_type_cb)(const struct intervention_type_row *row, void *ctx);
/* Every type (active_only: only active ones) in the order they were added: the six of
 * Bilaga 1 first, victim support leading, then any the centre manager added. */
int store_intervention_type_list(struct store *st, int active_only, intervention_type_cb cb,
                                 void *ctx);
/* 1 if key is an active type, 0 if not (or inactive), negative on error. */
int store_intervention_type_active(struct store *st, const char *key);

struct intervention_input {
	int64_t case_id;
	const char *type;                  /* intervention_type key */
	const char *requested;             /* YYYY-MM-DD */
	const char *basis;                 /* service, aid_decision */
	const char *decision_municipality; /* aid_decision only, else NULL */
	const char *decision_date;         /* aid_decision only, else NULL */
	const char *decision_ref;          /* aid_decision only, may be NULL */
	int64_t responsible_user;          /* 0 if none */
	int64_t linked_intervention_id;    /* 0 if none */
	const char *created_at;
	int64_t created_by;
};

/* An intervention as stored, with its case and client; pointers borrowed during the call. */
struct intervention_row {
	int64_t id;
	int64_t case_id;
	int64_t client_id;
	const char *client_code;
	int64_t organisation_id; /* the case's */
	const char *type;
	const char *type_label;
	const char *requested;
	const char *started;    /* NULL if not started */
	const char *ended;      /* NULL if not ended */
	const char *end_reason; /* NULL if not ended */
	const char *basis;
	const char *decision_municipality;
	const char *decision_date;
	const char *decision_ref;
	int64_t responsible_user;       /* 0 if none */
	int64_t linked_intervention_id; /* 0 if none */
	int64_t sessions_held;          /* sessions with outcome 'held' */
};
typedef int (*intervention_row_cb)(const struct intervention_row *row, void *ctx);

/* Insert; *id receives the id. A violated rule (dates, basis) is NRS_EINVAL. */
int store_intervention_add(struct store *st, const struct intervention_input *in, int64_t *id,
                           struct nrs_error *err);
/* Set the start date of an intervention not yet started, with what the annual report groups
 * by: the client's age in whole years on that date (negative: unknown) and home
 * municipality (NULL: unknown). The client's gender is filled in by the database (see
 * migration 0011). NRS_ECONFLICT if it has started; NRS_EINVAL if started is before the
 * requested date. */
int store_intervention_start(struct store *st, int64_t id, const char *started, int start_age,
                             const char *start_municipality, struct nrs_error *err);
/* Move the start date of an intervention earlier, or set it if unset (a held session
 * recorded after the fact: the start is the first held session, R9), with the client's age
 * on `held`; the home municipality is written only when none is recorded yet. Does nothing
 * when the start is already on or before `held`. */
int store_intervention_start_by_session(struct store *st, int64_t id, const char *held,
                                        int start_age, const char *start_municipality,
                                        struct nrs_error *err);
/* End a started, not yet ended intervention. NRS_ECONFLICT if it is not started or already
 * ended; NRS_EINVAL if ended is before the start date or before a logged session. */
int store_intervention_end(struct store *st, int64_t id, const char *ended, const char *end_reason,
                           struct nrs_error *err);
/* Call cb once; NRS_ENOTFOUND if there is none. */
int store_intervention_get(struct store *st, int64_t id, intervention_row_cb cb, void *ctx);
/* The case's interventions by requested date, then id. */
int store_intervention_list_by_case(struct store *st, int64_t case_id, intervention_row_cb cb,
                                    void *ctx);

struct session_log_input {
	int64_t intervention_id;
	const char *held;    /* YYYY-MM-DD */
	int minutes;         /* 1..600 */
	const char *mode;    /* centre, home_municipality, phone, video */
	const char *outcome; /* held, cancelled, no_show */
	const char *created_at;
	int64_t created_by;
};
struct session_log_row {
	int64_t id;
	int64_t intervention_id;
	const char *held;
	int minutes;
	const char *mode;
	const char *outcome;
};
typedef int (*session_log_cb)(const struct session_log_row *row, void *ctx);
int store_session_log_add(struct store *st, const struct session_log_input *in, int64_t *id,
                          struct nrs_error *err);
/* The intervention's sessions by date, then id. */
int store_session_log_list(struct store *st, int64_t intervention_id, session_log_cb cb, void *ctx);

/* One waiting intervention: requested, not started, not ended. */
struct queue_row {
	int64_t intervention_id;
	int64_t case_id;
	const char *client_code; /* pseudonymous; the queue never carries names */
	const char *type;
	const char *type_label;
	const char *requested;
	const char *basis;
};
typedef int (*queue_row_cb)(const struct queue_row *row, void *ctx);
/* Waiting interventions of the organisation's cases requested on or before asof (YYYY-MM-DD),
 * of one type (NULL for all), longest wait first (requested, then id). */
int store_queue_list(struct store *st, int64_t organisation_id, const char *type, const char *asof,
                     queue_row_cb cb, void *ctx);

#endif
