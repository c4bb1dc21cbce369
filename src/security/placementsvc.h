/* Shelter placements (R17) and the shelter's statistics: the individual agreement between a
 * placing municipality and the shelter (seed 003, Bilaga 12 / Bilaga 1), its signing and
 * follow-up meetings, the deviations R17 asks to show (no signed agreement; a follow-up
 * overdue once the stay passes two months), and guest nights, women and children housed and
 * refusals per period. It validates input (a Swedish sentence naming the field; field names
 * are the form's and the API's), seals the undertakings, and writes each change together
 * with its audit row; every read of a placement is audited.
 *
 * Who may do what is the caller's question to security/policy before it calls in here;
 * placementsvc_relations and placementsvc_scope give the caller the facts for it. */
#ifndef NRS_SECURITY_PLACEMENTSVC_H
#define NRS_SECURITY_PLACEMENTSVC_H

#include "base/date.h"
#include "base/err.h"
#include "domain/deadline.h"
#include "security/account.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PLACEMENT_TEXT_MAX_BYTES 4000 /* each undertaking */
#define PLACEMENT_CHILDREN_MAX 20
#define PLACEMENT_CHILD_AGE_MAX 17 /* children are under 18 */
#define PLACEMENT_FOLLOWUPS_MAX 50
#define PLACEMENT_REF_MAX_BYTES 64
#define REFUSAL_COUNT_MAX 1000
/* Period lengths the statistics accept (about ten years), to bound the work of a request. */
#define SHELTER_STATS_MAX_DAYS 3700

/* What is wrong with a placement (R17), as bits. */
enum placement_deviation {
	PLACEMENT_DEV_UNSIGNED = 1u << 0,         /* no agreement signed by both parties */
	PLACEMENT_DEV_FOLLOWUP_OVERDUE = 1u << 1, /* stay past two months, no meeting held */
};

/* The deviations of a placement from start to end (NULL while open-ended) on `today`:
 * unsigned while no signing date is recorded, whether the stay goes on or has ended (R17
 * counts every placement without an agreement); follow-up overdue as followup_overdue()
 * (not when a meeting is recorded, nor when the stay ended on or before the due date). A
 * pure rule: no I/O. */
unsigned placement_deviations_of(const struct nrs_date *start, const struct nrs_date *end,
                                 bool is_signed, bool meeting_held, const struct nrs_date *today);

/* Swedish text of one deviation bit ("Avtalet är inte undertecknat", ...). */
const char *placement_deviation_text(unsigned bit);
/* Swedish label and key of a follow-up status ("Försenad"/"overdue", ...). */
const char *placement_followup_text(enum followup_status s);
const char *placement_followup_key(enum followup_status s);
/* Swedish label of a refusal reason key (no_room, other); NULL for anything else. */
const char *placement_refusal_reason_text(const char *reason);

/* ---- access facts ---- */

/* How the account stands to placement id: REL_ANY, plus REL_OWN_ORG when the placement's
 * placing organisation is the account's organisation. Reads no personal data and audits
 * nothing. 0, NRS_ENOTFOUND or a store error. */
int placementsvc_relations(struct store *st, const struct account *acc, int64_t id,
                           unsigned *relations);
/* Which placements a list shows the account: *placing_org_id 0 for all (the policy lets its
 * roles list placements with no relation: the centre manager), the account's organisation
 * when it may list its own organisation's placements (the municipal officer), else
 * NRS_EDENIED. The scope comes from the account and the policy, never from the request. */
int placementsvc_scope(const struct account *acc, int64_t *placing_org_id);

/* ---- placements ---- */

/* Parse the children's ages as typed in a form ("3, 7 12": numbers separated by commas or
 * spaces) into ages (room for max). 0 and *n, or NRS_EINVAL naming "child_ages". */
int placementsvc_parse_ages(const char *text, int *ages, size_t max, size_t *n,
                            struct nrs_error *err);

struct placement_input {
	const char *client_code; /* the woman: a client whose home municipality is the account's */
	int64_t shelter_id;      /* an active organisation of kind shelter */
	int64_t children;        /* 0..PLACEMENT_CHILDREN_MAX, and exactly nages ages */
	const int *ages;         /* each 0..PLACEMENT_CHILD_AGE_MAX */
	size_t nages;
	const char *start; /* YYYY-MM-DD */
	const char *end;   /* YYYY-MM-DD not before start, NULL or "" for open-ended */
	int housing;       /* the intervention: housing and/or support, at least one */
	int support;
	const char *municipality_undertakes; /* 1..PLACEMENT_TEXT_MAX_BYTES, sealed */
	const char *shelter_undertakes;      /* likewise */
	const char *decision_date;           /* the aid decision: YYYY-MM-DD, not in the future */
	const char *decision_ref;            /* NULL or "" for none, at most 64 bytes */
	const char *signed_date;             /* NULL or "" while unsigned; not in the future */
};

/* Create a placement by the account's organisation (which must be a municipality) and
 * audit "create". A client code that does not exist and one of a client outside the
 * account's municipality get the same answer (NRS_EINVAL on "client_code"), so codes cannot
 * be probed. Nothing is stored on any error. */
int placementsvc_create(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, const struct account *acc,
                        const struct placement_input *in, int64_t *id, struct nrs_error *err);

/* Record the date the agreement was signed by both parties (field "signed": not in the
 * future); NRS_ECONFLICT if it is already signed. Audits "update". */
int placementsvc_sign(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, int64_t id, const char *signed_date,
                      struct nrs_error *err);
/* Record a follow-up meeting held on `held` (field "held": not in the future, not before the
 * start). Audits "create" of a placement_followup. */
int placementsvc_followup_add(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, int64_t id, const char *held,
                              struct nrs_error *err);
/* End the stay on `end` (field "end": not before the start, not in the future); replaces a
 * planned end. NRS_ECONFLICT if the stay already ended on or before today. Audits
 * "update". */
int placementsvc_end(struct store *st, const struct crypto_keys *keys,
                     const struct clientsvc_actor *actor, int64_t id, const char *end,
                     struct nrs_error *err);

/* One placement as its page shows it (the undertakings decrypted). */
struct placement_view {
	int64_t id;
	int64_t placing_org_id;
	char placing_org_name[201];
	int64_t shelter_id;
	char shelter_name[201];
	char client_code[CLIENT_CODE_MAX];
	char start[11];
	char end[11]; /* "" while open-ended */
	int housing;
	int support;
	size_t nchildren;
	int ages[PLACEMENT_CHILDREN_MAX];
	char *municipality_undertakes;
	char *shelter_undertakes;
	char decision_date[11];
	char decision_ref[PLACEMENT_REF_MAX_BYTES + 1]; /* "" if none */
	char signed_date[11];                           /* "" while unsigned */
	char created_at[25];
	size_t nfollowups;
	char followups[PLACEMENT_FOLLOWUPS_MAX][11]; /* oldest first */
	struct nrs_date due;          /* the follow-up date: two months after the start */
	enum followup_status fstatus; /* on actor->today */
	unsigned deviations;          /* enum placement_deviation bits on actor->today */
};
/* Read placement id, audit "read" before anything is handed out. *out is the caller's:
 * placementsvc_view_free. */
int placementsvc_read(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, int64_t id, struct placement_view **out,
                      struct nrs_error *err);
/* Wipe the decrypted text and free. Accepts NULL. */
void placementsvc_view_free(struct placement_view *v);

/* A placement in a list: no undertakings. Pointers borrowed during the callback. */
struct placement_entry {
	int64_t id;
	const char *client_code;
	const char *placing_org_name;
	const char *shelter_name;
	const char *start;
	const char *end;           /* NULL while open-ended */
	const char *signed_date;   /* NULL while unsigned */
	const char *last_followup; /* NULL if none */
	int housing;
	int support;
	int64_t children;
	struct nrs_date due;
	enum followup_status fstatus;
	unsigned deviations;
};
typedef int (*placement_entry_cb)(const struct placement_entry *e, void *ctx);
/* The placements of placing organisation placing_org_id (0: all; see placementsvc_scope),
 * newest start first, with their deviations on actor->today; deviations_only keeps only
 * those with some. Audits "list" before any row is handed out. */
int placementsvc_list(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, int64_t placing_org_id,
                      bool deviations_only, placement_entry_cb cb, void *ctx,
                      struct nrs_error *err);

/* ---- shelters and their statistics ---- */

typedef int (*shelter_cb)(int64_t id, const char *name, void *ctx);
/* The active organisations of kind shelter, by name. */
int placementsvc_shelters(struct store *st, shelter_cb cb, void *ctx);

/* Record `count` women turned away on `date` for `reason` (no_room, other) by shelter
 * shelter_id. Fields: shelter_id, date (not in the future), reason, count (1..1000).
 * Audits "create" of a shelter_refusal (no personal data is involved). */
int placementsvc_refusal_add(struct store *st, const struct crypto_keys *keys,
                             const struct clientsvc_actor *actor, int64_t shelter_id,
                             const char *date, const char *reason, int64_t count, int64_t *id,
                             struct nrs_error *err);

/* One shelter's figures over a period. */
struct shelter_stats {
	int64_t shelter_id;
	char shelter_name[201];
	int64_t women;        /* placements whose stay touches the period */
	int64_t children;     /* their accompanying children */
	int64_t woman_nights; /* nights of the women in the period (domain/occupancy rules) */
	int64_t child_nights; /* nights of the children: each child as the woman it came with */
	int64_t refused_no_room;
	int64_t refused_other;
};
/* Parse and check a period: from and to "YYYY-MM-DD", to not before from, at most
 * SHELTER_STATS_MAX_DAYS days. Errors name "from" or "to". */
int placementsvc_period(const char *from, const char *to, struct nrs_date *f, struct nrs_date *t,
                        struct nrs_error *err);
/* The figures of every shelter (active, or with placements or refusals in the period), by
 * name, for the days from..to. Nights are counted up to the night before today at the
 * latest (a night is counted once it has passed). *out is the caller's (free); *n its
 * length. Aggregates only: not audited. */
int placementsvc_stats(struct store *st, const struct nrs_date *from, const struct nrs_date *to,
                       const struct nrs_date *today, struct shelter_stats **out, size_t *n,
                       struct nrs_error *err);

struct refusal_entry {
	int64_t id;
	const char *shelter_name;
	const char *date;
	const char *reason;
	const char *reason_text;
	int64_t count;
};
typedef int (*refusal_entry_cb)(const struct refusal_entry *e, void *ctx);
/* The refusals dated from..to, oldest first. */
int placementsvc_refusals(struct store *st, const struct nrs_date *from, const struct nrs_date *to,
                          refusal_entry_cb cb, void *ctx);

#endif
