/* Storage of emergency apartments, the stays in them and the wear/cleaning charges tied to a
 * stay (R14–R16). Plain rows only: validation, the overlap rule, auditing and the access
 * questions belong to security/housingsvc.c, the one caller. */
#ifndef NRS_STORE_HOUSING_H
#define NRS_STORE_HOUSING_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define APARTMENT_LABEL_MAX_CHARS 40
#define STAY_CHILDREN_MAX 20
#define STAY_AGES_MAX_BYTES 60

/* ---- apartments ---- */

struct apartment_row {
	int64_t id;
	int64_t organisation_id;
	char label[APARTMENT_LABEL_MAX_CHARS * 4 + 1];
	int active;
};
typedef int (*apartment_row_cb)(const struct apartment_row *row, void *ctx);

/* A new active apartment of organisation_id. NRS_EEXIST when the label is taken there. */
int store_apartment_add(struct store *st, int64_t organisation_id, const char *label,
                        const char *created_at, int64_t *id, struct nrs_error *err);
/* Change label and active flag. NRS_ENOTFOUND, NRS_EEXIST (label taken). */
int store_apartment_set(struct store *st, int64_t id, const char *label, int active,
                        struct nrs_error *err);
/* NRS_ENOTFOUND if there is no such apartment. */
int store_apartment_get(struct store *st, int64_t id, struct apartment_row *out);
/* The organisation's apartments (active_only: the active ones), shorter labels first and
 * then in label order, so "Lägenhet 2" comes before "Lägenhet 10". */
int store_apartment_list(struct store *st, int64_t organisation_id, int active_only,
                         apartment_row_cb cb, void *ctx);
/* How many apartments the organisation has ever had (active or not). */
int store_apartment_count(struct store *st, int64_t organisation_id, int64_t *n);

/* ---- stays ---- */

struct stay_input {
	int64_t apartment_id;
	int64_t client_id;
	const char *children_ages; /* normalised: ascending, comma separated, "" for none */
	int children_count;
	const char *home_municipality;
	int adult_age;        /* the client's whole years at move-in (statistics), -1 unknown */
	const char *move_in;  /* YYYY-MM-DD */
	const char *move_out; /* YYYY-MM-DD or NULL */
	int outside_staff;
	int64_t outside_staff_org; /* 0: none */
	const char *created_at;
	int64_t created_by; /* 0: the system */
};
int store_stay_add(struct store *st, const struct stay_input *in, int64_t *id,
                   struct nrs_error *err);
/* Set (or with NULL clear) the move-out date. NRS_ENOTFOUND. */
int store_stay_set_move_out(struct store *st, int64_t id, const char *move_out,
                            struct nrs_error *err);

struct stay_rec {
	int64_t id;
	int64_t apartment_id;
	char apartment_label[APARTMENT_LABEL_MAX_CHARS * 4 + 1];
	int64_t organisation_id; /* the apartment's */
	int64_t client_id;
	char client_code[16];
	char children_ages[STAY_AGES_MAX_BYTES + 1];
	int children_count;
	char home_municipality[5];
	char municipality_name[101];
	char move_in[11];
	char move_out[11]; /* "" while the household lives there */
	int outside_staff;
	int64_t outside_staff_org; /* 0: none */
	char outside_staff_org_name[201];
	char created_at[25];
};
typedef int (*stay_rec_cb)(const struct stay_rec *row, void *ctx);

/* NRS_ENOTFOUND if there is no such stay. */
int store_stay_get(struct store *st, int64_t id, struct stay_rec *out);
/* The stays in the organisation's apartments, newest move-in first. With from and to (both
 * YYYY-MM-DD, or both NULL) only those that may touch the nights from..to: move-in on or
 * before `to` and move-out (if any) on or after `from`. */
int store_stay_list(struct store *st, int64_t organisation_id, const char *from, const char *to,
                    stay_rec_cb cb, void *ctx);
/* Every stay in one apartment, by move-in (for the overlap check). */
int store_stay_list_apartment(struct store *st, int64_t apartment_id, stay_rec_cb cb, void *ctx);

/* For `norrsken demo`: women registered as victims with a case at the organisation, by the
 * day their first case there was opened (YYYY-MM-DD into opened). At most max rows. */
struct stay_candidate {
	int64_t client_id;
	char opened[11];
};
int store_stay_candidates(struct store *st, int64_t organisation_id, struct stay_candidate *out,
                          size_t max, size_t *n);

/* ---- charges after a stay ---- */

struct stay_charge_row {
	int64_t id;
	int64_t charge_id;
	const char *reason;
	const char *municipality;
	int64_t amount_ore;
	const char *created_at;
};
typedef int (*stay_charge_cb)(const struct stay_charge_row *row, void *ctx);

int store_stay_charge_add(struct store *st, int64_t stay_id, int64_t charge_id,
                          const char *reason, const char *municipality, int64_t amount_ore,
                          const char *created_at, int64_t created_by, int64_t *id,
                          struct nrs_error *err);
/* The charges of a stay, oldest first. */
int store_stay_charge_list(struct store *st, int64_t stay_id, stay_charge_cb cb, void *ctx);

#endif
