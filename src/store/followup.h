/* Storage for the follow-up of interventions: the systematic follow-up (R13; tables
 * followup_measure and followup_entry, with the group-level aggregates) and the home
 * municipality's side of an intervention at the centre (its aid decision, the clients
 * without one, its clients in the queue), plus the perpetrator treatments a partner contact
 * may be linked to. No personal field is stored here; security/groupsvc.c audits access. */
#ifndef NRS_STORE_FOLLOWUP_H
#define NRS_STORE_FOLLOWUP_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>

/* ---- measures and entries (R13) ---- */

struct followup_measure_row {
	const char *key;
	const char *label_sv;
	int scale_min;
	int scale_max;
	int active;
};
typedef int (*followup_measure_cb)(const struct followup_measure_row *row, void *ctx);
/* Every measure (active_only: only active ones) in the order they were configured. */
int store_followup_measure_list(struct store *st, int active_only, followup_measure_cb cb,
                                void *ctx);
/* Call cb once with measure key; NRS_ENOTFOUND if there is none. */
int store_followup_measure_get(struct store *st, const char *key, followup_measure_cb cb,
                               void *ctx);

struct followup_entry_input {
	int64_t intervention_id;
	const char *phase;   /* start, end, followup */
	const char *measure; /* followup_measure key */
	int value;           /* within the measure's scale */
	const char *entered; /* YYYY-MM-DD */
	int64_t entered_by;
	const char *created_at;
};
/* Store a value, replacing an earlier value of the same intervention, phase and measure.
 * *replaced (may be NULL) tells whether there was one. NRS_EINVAL if the value is outside
 * the scale (the table checks it too). */
int store_followup_put(struct store *st, const struct followup_entry_input *in, int *replaced,
                       struct nrs_error *err);

struct followup_entry_row {
	int64_t id;
	const char *phase;
	const char *measure;
	const char *label_sv;
	int value;
	int scale_min;
	int scale_max;
	const char *entered;
};
typedef int (*followup_entry_cb)(const struct followup_entry_row *row, void *ctx);
/* The intervention's values by phase (start, end, followup) and measure order. */
int store_followup_list(struct store *st, int64_t intervention_id, followup_entry_cb cb, void *ctx);

/* One cell of the group-level result: values of one measure in one phase. */
struct followup_cell_row {
	const char *measure;
	const char *label_sv;
	int scale_min;
	int scale_max;
	const char *phase;
	int64_t count;
	int64_t sum;
};
typedef int (*followup_cell_cb)(const struct followup_cell_row *row, void *ctx);
/* Count and sum per active measure and phase of the values entered in year (0: every year)
 * for interventions of type (NULL: every type). Only cells with values are returned, by
 * measure order then phase (start, end, followup). */
int store_followup_aggregate(struct store *st, int year, const char *type, followup_cell_cb cb,
                             void *ctx);

/* ---- the home municipality's side ---- */

/* Record the aid decision of an intervention: basis becomes aid_decision with the deciding
 * municipality, decision date and reference (NULL for none). NRS_ENOTFOUND if there is no
 * such intervention. */
int store_followup_decision_set(struct store *st, int64_t intervention_id, const char *municipality,
                                const char *decision_date, const char *decision_ref,
                                struct nrs_error *err);

/* An intervention of a client of the municipality; pointers borrowed during the callback. */
struct followup_muni_row {
	int64_t intervention_id;
	int64_t case_id;
	const char *client_code; /* pseudonymous: these lists never carry names */
	const char *type;
	const char *type_label;
	const char *requested;
	const char *started; /* NULL while waiting */
	const char *basis;
};
typedef int (*followup_muni_cb)(const struct followup_muni_row *row, void *ctx);

enum followup_muni_list {
	FOLLOWUP_MUNI_NO_DECISION, /* not ended, basis service: no aid decision recorded */
	FOLLOWUP_MUNI_WAITING,     /* not started, not ended, requested on or before asof */
};
/* The interventions of clients whose home municipality is `municipality` (cases at any
 * organisation), oldest request first. type (NULL: every type) and asof (YYYY-MM-DD; for
 * FOLLOWUP_MUNI_WAITING) narrow the list. */
int store_followup_muni_list(struct store *st, enum followup_muni_list which,
                             const char *municipality, const char *type, const char *asof,
                             followup_muni_cb cb, void *ctx);

/* ---- partner contact ---- */

struct followup_treatment_row {
	int64_t intervention_id;
	int64_t client_id;
	const char *client_code;
	const char *relation; /* partner_of, ex_partner_of */
	const char *requested;
	const char *started; /* NULL if not started */
	const char *ended;   /* NULL if not ended */
};
typedef int (*followup_treatment_cb)(const struct followup_treatment_row *row, void *ctx);
/* The perpetrator_treatment interventions, in cases of organisation_id, of the clients
 * recorded as partner or ex-partner of client_id (in either direction of the relation),
 * newest request first. */
int store_followup_partner_treatments(struct store *st, int64_t client_id, int64_t organisation_id,
                                      followup_treatment_cb cb, void *ctx);

#endif
