/* The annual report's aggregates (R31): grouped counts over plain columns only, never a
 * decrypted value, so the same figures come out of bare SQL on the database file (see
 * bench/annual-report.sql, which mirrors these queries). Years are calendar years of the
 * stored ISO dates. The report service (security/reportsvc.c) turns these rows into
 * tables; nothing here knows about protection or presentation.
 *
 * Row callbacks get borrowed rows valid during the call; a non-zero return stops the walk
 * and is passed back. Age classes are computed in SQL from the stored age at the start of
 * a series (intervention.start_age) or at move-in (stay.adult_age, stay.children_ages)
 * with the bounds of the given class set: class index 0..count-1, or -1 when the age is
 * not known. */
#ifndef NRS_STORE_REPORT_H
#define NRS_STORE_REPORT_H

#include "base/err.h"
#include "domain/ageclass.h"
#include "store/db.h"

#include <stdint.h>

/* Series (interventions) started in from..to, grouped by the year started, type, the
 * client's gender, the age class at the start and the home municipality at the start. */
struct report_started_row {
	int year;
	const char *type;         /* intervention_type.key */
	const char *gender;       /* "kvinna", "man", "annat" */
	int ageclass;             /* -1 unknown */
	const char *municipality; /* code, NULL unknown */
	int64_t n;
};
typedef int (*report_started_cb)(const struct report_started_row *row, void *ctx);
int store_report_started(struct store *st, int from, int to, const struct ageclass_set *ac,
                         report_started_cb cb, void *ctx);

/* Per year and type: figures of series and sessions. */
struct report_type_row {
	int year;
	const char *type;
	int64_t ended;         /* series ended in the year */
	int64_t ended_held;    /* held sessions of those series (any date) */
	int64_t held_service;  /* sessions held in the year, series on service basis */
	int64_t held_aid;      /* sessions held in the year, series on an aid decision */
	int64_t started_home;  /* series started in the year with at least one held session
	                        * in the home municipality (mode home_municipality) */
};
typedef int (*report_type_cb)(const struct report_type_row *row, void *ctx);
/* Every (year, type) with a non-zero figure, year from..to. */
int store_report_types(struct store *st, int from, int to, report_type_cb cb, void *ctx);

/* Queue time: series started in from..to, grouped by year and month started, type and the
 * whole days from requested to started. */
struct report_wait_row {
	int year, month;
	const char *type;
	int64_t days;
	int64_t n;
};
typedef int (*report_wait_cb)(const struct report_wait_row *row, void *ctx);
int store_report_waits(struct store *st, int from, int to, report_wait_cb cb, void *ctx);

/* Emergency-apartment stays that overlap from-01-01..to-12-31 (any apartment of the
 * database): one row per stay. */
struct report_stay_row {
	int64_t id;
	int64_t apartment_id;
	const char *move_in;      /* YYYY-MM-DD */
	const char *move_out;     /* NULL while open */
	const char *gender;       /* the adult's */
	int ageclass;             /* the adult's at move-in, -1 unknown */
	const char *children_ages; /* "4,9" or "" */
	int children_count;
	const char *municipality; /* stay.home_municipality */
};
typedef int (*report_stay_cb)(const struct report_stay_row *row, void *ctx);
int store_report_stays(struct store *st, int from, int to, const struct ageclass_set *ac,
                       report_stay_cb cb, void *ctx);
/* Apartments that count for occupancy: active ones. */
int store_report_apartments(struct store *st, int64_t *n);

/* Trainings held in from..to by year and kind, with participants per municipality of the
 * participating organisation (NULL when it has none, e.g. the police). A training without
 * participants gives one row with municipality NULL and participants 0. */
struct report_training_row {
	int year;
	const char *kind;
	const char *municipality;
	int64_t trainings;     /* distinct trainings in this group */
	int64_t participants;
};
typedef int (*report_training_cb)(const struct report_training_row *row, void *ctx);
int store_report_trainings(struct store *st, int from, int to, report_training_cb cb,
                           void *ctx);
/* Trainings held per year and kind (each training once). */
int store_report_training_counts(struct store *st, int from, int to, report_training_cb cb,
                                 void *ctx);

/* One year's activity figures. */
struct report_year_figures {
	int year;
	int64_t cases_active;        /* case files open some day of the year */
	int64_t sessions_held;       /* sessions held in the year */
	int64_t session_minutes;     /* their minutes */
	int64_t referrals;           /* police referrals received in the year */
	int64_t referrals_48h;       /* of those, first contact within 48 hours (172 800 s) */
	int64_t anon_contacts;
	int64_t consultations;
	int64_t reports_concern;     /* mandatory reports: orosanmälan */
	int64_t reports_lex_sarah;
};
int store_report_year_figures(struct store *st, int year, struct report_year_figures *out);

/* What the centre manager entered for a year (report_year). */
struct report_year_input {
	int year;
	int has_fte;
	int64_t staff_fte;  /* hundredths */
	char *goals;        /* heap, "" when none; free with store_report_input_free */
	char *events;
	char updated_at[25];
};
/* NRS_ENOTFOUND when nothing is entered for year (out is then empty, texts ""). */
int store_report_input_get(struct store *st, int year, struct report_year_input *out);
void store_report_input_free(struct report_year_input *in);
/* Insert or replace year's input; has_fte 0 stores NULL. */
int store_report_input_put(struct store *st, const struct report_year_input *in,
                           const char *updated_at, int64_t updated_by, struct nrs_error *err);

/* The first and last year with any started series, stay, contact or training; both 0 when
 * the database holds none. */
int store_report_year_span(struct store *st, int *first, int *last);

#endif
