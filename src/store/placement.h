/* Storage of shelter placements (R17) and the shelter's refusal counts (tables placement,
 * placement_child, placement_followup, shelter_refusal). The two undertakings of the
 * agreement arrive sealed; security/placementsvc.c validates, encrypts, decrypts, audits and
 * is the only caller meant to use these functions. */
#ifndef NRS_STORE_PLACEMENT_H
#define NRS_STORE_PLACEMENT_H

#include "base/err.h"
#include "store/client.h"
#include "store/db.h"

#include <stdint.h>

/* The plain columns of a new placement; the undertakings are sealed afterwards with
 * store_placement_seal in the same transaction (the associated data needs the id). */
struct placement_insert {
	int64_t placing_org_id;
	int64_t shelter_org_id;
	int64_t client_id;
	const char *start_date;    /* YYYY-MM-DD */
	const char *end_date;      /* YYYY-MM-DD or NULL */
	int housing;               /* 0 or 1 */
	int support;               /* 0 or 1 */
	const char *decision_date; /* YYYY-MM-DD */
	const char *decision_ref;  /* NULL if none */
	const char *signed_date;   /* YYYY-MM-DD or NULL */
	const char *created_at;    /* UTC ISO 8601 */
	int64_t created_by;        /* 0 for the system */
};

/* Insert with empty placeholders for the sealed columns; *id receives the id. */
int store_placement_add(struct store *st, const struct placement_insert *in, int64_t *id,
                        struct nrs_error *err);
/* Write the sealed undertakings of placement id. */
int store_placement_seal(struct store *st, int64_t id, const struct sealed *municipality,
                         const struct sealed *shelter, struct nrs_error *err);
/* Add child number position (1..) of age years. */
int store_placement_child_add(struct store *st, int64_t id, int position, int age,
                              struct nrs_error *err);
/* Record the signing date once: NRS_ECONFLICT if already signed, NRS_ENOTFOUND if no row. */
int store_placement_sign(struct store *st, int64_t id, const char *signed_date,
                         struct nrs_error *err);
/* Set the end date (replacing a planned one). NRS_ENOTFOUND if no row. */
int store_placement_set_end(struct store *st, int64_t id, const char *end_date,
                            struct nrs_error *err);
/* Record a follow-up meeting held on `held`; *id receives its id. */
int store_placement_followup_add(struct store *st, int64_t placement_id, const char *held,
                                 const char *created_at, int64_t created_by, int64_t *id,
                                 struct nrs_error *err);

/* A placement as stored, with the names of its organisations, the client's code, its
 * number of children and follow-ups. Pointers borrowed during the callback. */
struct placement_row {
	int64_t id;
	int64_t placing_org_id;
	const char *placing_org_name;
	int64_t shelter_org_id;
	const char *shelter_name;
	int64_t client_id;
	const char *client_code;
	const char *start_date;
	const char *end_date; /* NULL while open-ended */
	int housing;
	int support;
	struct sealed municipality_undertakes;
	struct sealed shelter_undertakes;
	const char *decision_date;
	const char *decision_ref; /* NULL if none */
	const char *signed_date;  /* NULL: not signed */
	const char *created_at;
	int64_t created_by;
	int64_t children;          /* number of placement_child rows */
	int64_t followups;         /* number of follow-up meetings */
	const char *last_followup; /* latest meeting date, NULL if none */
};
typedef int (*placement_row_cb)(const struct placement_row *row, void *ctx);

/* Call cb once for placement id; NRS_ENOTFOUND if there is none. */
int store_placement_get(struct store *st, int64_t id, placement_row_cb cb, void *ctx);
/* The placements of one placing organisation (placing_org_id > 0) or all (0), newest start
 * first. A non-zero callback return stops the walk and is returned. */
int store_placement_list(struct store *st, int64_t placing_org_id, placement_row_cb cb, void *ctx);
/* The placing organisation of placement id (no personal data): 0, NRS_ENOTFOUND or a store
 * error. */
int store_placement_owner(struct store *st, int64_t id, int64_t *placing_org_id);

typedef int (*placement_child_cb)(int position, int age, void *ctx);
/* The children of placement id in position order. */
int store_placement_children(struct store *st, int64_t id, placement_child_cb cb, void *ctx);
typedef int (*placement_followup_cb)(int64_t id, const char *held, void *ctx);
/* The follow-up meetings of placement id, oldest first. */
int store_placement_followups(struct store *st, int64_t id, placement_followup_cb cb, void *ctx);

/* Placements whose stay touches the days from..to (start <= to and no end or end >= from),
 * for the shelter's statistics: no sealed columns are read. */
struct placement_span {
	int64_t shelter_org_id;
	const char *start_date;
	const char *end_date; /* NULL while open-ended */
	int64_t children;
};
typedef int (*placement_span_cb)(const struct placement_span *row, void *ctx);
int store_placement_spans(struct store *st, const char *from, const char *to, placement_span_cb cb,
                          void *ctx);

/* ---- refusals ---- */

int store_refusal_add(struct store *st, int64_t shelter_org_id, const char *date,
                      const char *reason, int64_t count, const char *created_at, int64_t created_by,
                      int64_t *id, struct nrs_error *err);
struct refusal_row {
	int64_t id;
	int64_t shelter_org_id;
	const char *shelter_name;
	const char *date;
	const char *reason; /* no_room, other */
	int64_t count;
};
typedef int (*refusal_row_cb)(const struct refusal_row *row, void *ctx);
/* Refusals dated from..to (both included), oldest first. */
int store_refusal_list(struct store *st, const char *from, const char *to, refusal_row_cb cb,
                       void *ctx);

#endif
