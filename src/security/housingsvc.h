/* The emergency-apartment service (R14–R16): the apartments an organisation keeps (two by
 * default), stays in them with the overlap rule enforced inside the writing transaction,
 * move-out, wear/cleaning charges to the resident's home municipality through the economy
 * service, the month calendar (occupied or free per night, nothing about who) and occupancy
 * and length of stay for a period. Input is validated with a Swedish sentence naming the
 * field (field names are the form's and the API's); every read and write of a stay is
 * audited in the same transaction.
 *
 * Who may do what is the caller's question to security/policy (REC_APARTMENT, REC_STAY)
 * before it calls in here; housingsvc_stay_facts gives the facts for that question. */
#ifndef NRS_SECURITY_HOUSINGSVC_H
#define NRS_SECURITY_HOUSINGSVC_H

#include "base/date.h"
#include "base/err.h"
#include "domain/occupancy.h"
#include "security/account.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"
#include "store/housing.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HOUSING_DEFAULT_APARTMENTS 2
#define HOUSING_BOOK_AHEAD_DAYS 366 /* how far ahead a move-in or move-out may be typed */
#define HOUSING_CHILD_MAX_AGE 17
#define HOUSING_PERIOD_MAX_DAYS 3660 /* about ten years: the longest statistics period */

/* A stored key and its Swedish label; lists end with {NULL, NULL}. */
struct housing_choice {
	const char *key;
	const char *label;
};
extern const struct housing_choice housing_charge_reasons[]; /* wear, cleaning, wear_cleaning */
/* The label of key, or NULL when key is NULL or unknown. */
const char *housing_label(const struct housing_choice *list, const char *key);

/* ---- apartments ---- */

/* First use: an organisation of kind "centre" that has never had an apartment gets
 * HOUSING_DEFAULT_APARTMENTS of them ("Lägenhet 1", "Lägenhet 2"), audited as created by the
 * actor. Any other organisation, or one that has apartments, is left alone. 0 or an error. */
int housingsvc_apartments_ensure(struct store *st, const struct crypto_keys *keys,
                                 const struct clientsvc_actor *actor, const char *org_kind,
                                 struct nrs_error *err);
/* The organisation's apartments (active_only: only those in use). Not personal data. */
int housingsvc_apartment_list(struct store *st, int64_t organisation_id, int active_only,
                              apartment_row_cb cb, void *ctx);
/* Apartment id if it belongs to organisation_id; else NRS_ENOTFOUND. */
int housingsvc_apartment_get(struct store *st, int64_t organisation_id, int64_t id,
                             struct apartment_row *out);
/* A new apartment of the actor's organisation: label 1..40 characters (field "label"; the
 * page warns never to write an address), unique there (NRS_EEXIST). Audited. */
int housingsvc_apartment_create(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, const char *label,
                                int64_t *id, struct nrs_error *err);
/* Rename or (de)activate an apartment of the actor's organisation. Audited. */
int housingsvc_apartment_update(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t id,
                                const char *label, int active, struct nrs_error *err);

/* ---- stays ---- */

/* The stay's plain facts and the user's relations to it: REL_ANY, plus REL_OWN_ORG when the
 * stay's apartment belongs to the user's organisation. 0, NRS_ENOTFOUND or a store error.
 * Not audited: the caller asks the policy, then reads through housingsvc_stay_read. */
int housingsvc_stay_facts(struct store *st, const struct account *acc, int64_t id,
                          unsigned *relations);

struct stay_new {
	int64_t apartment_id;          /* one of the actor's organisation's active apartments */
	int64_t client_id;             /* found by code by the caller, with its access checked */
	const char *children_ages;     /* "4, 9": ages 0–17, NULL or "" for no children */
	const char *home_municipality; /* code; NULL or "": the client's home municipality */
	const char *move_in;           /* YYYY-MM-DD, at most HOUSING_BOOK_AHEAD_DAYS ahead */
	const char *move_out;          /* YYYY-MM-DD not before move_in; NULL or "": staying */
	int outside_staff;             /* outside staff accompany the household */
	int64_t outside_staff_org;     /* their organisation, 0 if not given (ignored without
	                                  outside_staff) */
};
/* Record a stay and audit "create". Errors name apartment_id, client, children_ages,
 * home_municipality, move_in, move_out or outside_staff_org (NRS_EINVAL); a stay that
 * collides with another in the same apartment is NRS_ECONFLICT with field move_in and the
 * message "Lägenhet 1 är upptagen 2026-03-02–2026-03-15." (checked in the writing
 * transaction, so two concurrent bookings cannot both succeed). Nothing is stored on error. */
int housingsvc_stay_create(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, const struct stay_new *in,
                           int64_t *id, struct nrs_error *err);
/* Record (or correct) the move-out date of stay id: not before move-in, at most
 * HOUSING_BOOK_AHEAD_DAYS ahead, no collision with a later stay (NRS_ECONFLICT, field
 * move_out). Audits "update". */
int housingsvc_stay_move_out(struct store *st, const struct crypto_keys *keys,
                             const struct clientsvc_actor *actor, int64_t id,
                             const char *move_out, struct nrs_error *err);
/* Read stay id and audit "read". */
int housingsvc_stay_read(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t id, struct stay_rec *out,
                         struct nrs_error *err);
/* The stays in the actor's organisation's apartments, newest first; audits "list" before
 * the first row is handed out. */
int housingsvc_stay_list(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, stay_rec_cb cb, void *ctx,
                         struct nrs_error *err);
/* Nights of a stay: closed, its length; open, up to today (actor->today). */
int64_t housingsvc_stay_nights(const struct stay_rec *r, const struct nrs_date *today);

/* The charges recorded after stay id (plain rows; for a page that has audited its read). */
int housingsvc_stay_charges(struct store *st, int64_t id, stay_charge_cb cb, void *ctx);
/* A wear/cleaning charge after stay id (R16): reason one of housing_charge_reasons (field
 * "reason"), amount_ore > 0 (field "amount"); the stay must have a move-out date
 * (NRS_ECONFLICT). Creates the charge to the stay's home municipality with the economy
 * service (kind "wear", source "stay:ID", a neutral description without personal data) and
 * ties it to the stay, in one transaction; audits "create" stay_charge. *charge_id gets the
 * economy's charge id. */
int housingsvc_stay_charge(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t id, const char *reason,
                           int64_t amount_ore, int64_t *charge_id, struct nrs_error *err);

/* ---- the calendar and the statistics (no personal data) ---- */

struct housing_cal_row {
	int64_t apartment_id;
	char label[APARTMENT_LABEL_MAX_CHARS * 4 + 1];
	int active;
	unsigned char occupied[31]; /* night of day d+1 of the month is occupied */
	int nights;                 /* occupied nights in the month */
};
struct housing_calendar {
	int year, month, days;
	struct housing_cal_row *rows; /* the active apartments, and inactive ones that were
	                                 occupied some night of the month */
	size_t n;
};
/* The month calendar of the organisation's apartments. out is the caller's
 * (housingsvc_calendar_free). */
int housingsvc_calendar(struct store *st, int64_t organisation_id, int year, int month,
                        struct housing_calendar *out, struct nrs_error *err);
void housingsvc_calendar_free(struct housing_calendar *c);

struct housing_muni_stats {
	char code[5];
	char name[101];
	int64_t households; /* stays that moved in within the period */
	int64_t children;   /* accompanying children of those stays */
	int64_t nights;     /* occupied nights in the period, all stays */
};
struct housing_stats {
	struct nrs_date from, to; /* to is clipped to yesterday when the period runs on */
	int clipped;              /* to was clipped */
	int apartments;           /* active ones and inactive ones used in the period */
	struct occ_ratio occupancy; /* occupied nights / (apartments × nights) */
	int64_t nights;             /* nights in the period */
	/* moved in within the period */
	int64_t households, adults, children;
	/* stays that moved out within the period: their whole length */
	int64_t completed;          /* such stays (households: an adult with her children) */
	int64_t completed_persons;  /* adults + children in them */
	int64_t completed_nights;   /* sum of their lengths */
	int64_t person_nights;      /* sum of length × persons */
	struct housing_muni_stats *by_municipality; /* home municipalities, by name */
	size_t nmuni;
};
/* Occupancy and length of stay for the nights from..to (both YYYY-MM-DD, fields "from" and
 * "to"; at most HOUSING_PERIOD_MAX_DAYS; a period that has not begun by yesterday is
 * refused). out is the caller's (housingsvc_stats_free). */
int housingsvc_stats(struct store *st, const struct clientsvc_actor *actor, const char *from,
                     const char *to, struct housing_stats *out, struct nrs_error *err);
void housingsvc_stats_free(struct housing_stats *s);

/* For `norrsken demo`: closed stays over the past for some of the centre's victims with a
 * case (from a few days after their first case was opened, in whichever apartment is free,
 * a few days to five weeks long, with gaps between them), recorded through
 * housingsvc_stay_create by actor (of a "centre" organisation; its default apartments are
 * made first). Deterministic for a database. *made (may be NULL) gets the number of stays. */
int housingsvc_demo_stays(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t *made,
                          struct nrs_error *err);

/* "12,5" (one decimal, Swedish comma) for num / den; "–" for den 0. */
void housing_average_text(int64_t num, int64_t den, char *out, size_t n);

#endif
