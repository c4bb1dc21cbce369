/* Bulk loading of synthetic data (`norrsken demo --scale national`): narrow inserts with
 * reusable prepared statements for the high-volume tables, written in the caller's
 * transaction without per-row audit rows, and the index handling that makes a load of
 * millions of rows fast (drop the secondary indexes of the loaded tables first, build them
 * again from sorted data at the end). Nothing here is for real casework: the services in
 * src/security validate, encrypt and audit every record a person enters. */
#ifndef NRS_STORE_BULK_H
#define NRS_STORE_BULK_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* ---- before and after the load ---- */

/* The secondary indexes of the loaded tables, kept while they are dropped. */
struct bulk_indexes {
	char **sql; /* CREATE INDEX statements as the schema holds them */
	size_t n;
};

/* Inside the caller's transaction: a large page cache for the load, and drop the secondary
 * indexes (not the ones behind PRIMARY KEY / UNIQUE constraints) of client, case_file,
 * intervention and session_log, remembering them in *saved. */
int store_bulk_prepare(struct store *st, struct bulk_indexes *saved, struct nrs_error *err);
/* Create the indexes of *saved again (in the same transaction) and free it. Also frees
 * *saved when an earlier step failed and the caller passes rebuild 0. */
int store_bulk_finish(struct store *st, struct bulk_indexes *saved, int rebuild,
                      struct nrs_error *err);

/* Every municipality with its latest known population (0 when none), in code order. */
typedef int (*bulk_municipality_cb)(const char *code, int64_t population, void *ctx);
int store_bulk_municipalities(struct store *st, bulk_municipality_cb cb, void *ctx);

/* The first id a new row of client / case_file / intervention would get (AUTOINCREMENT:
 * above every id ever used), so that rows can be written with their ids known in advance
 * (the client's name is sealed with its id before the insert). */
struct bulk_next_ids {
	int64_t client, case_file, intervention;
};
int store_bulk_next_ids(struct store *st, struct bulk_next_ids *out);

/* ---- rows ---- */

struct bulk_client {
	int64_t id;
	const char *code; /* K-YYYY-NNNN */
	const unsigned char *name_enc;
	size_t name_len;
	int birth_year;
	const char *gender;
	const char *role; /* the one client_role row */
	const char *home_municipality;
	const char *created_at;
};
/* The client (no identity number, no contact details) and its role. */
int store_bulk_client(struct store *st, const struct bulk_client *c, struct nrs_error *err);
/* The counter of pseudonymous codes for a registration year, so codes made later follow. */
int store_bulk_client_code_seq(struct store *st, int year, int64_t last, struct nrs_error *err);

struct bulk_case {
	int64_t id;
	int64_t client_id;
	const char *opened;
	const char *closed; /* NULL: open */
	const char *referral_source;
	const char *referring_municipality; /* NULL if none */
	int64_t organisation_id;
	const char *created_at;
};
int store_bulk_case(struct store *st, const struct bulk_case *c, struct nrs_error *err);

struct bulk_intervention {
	int64_t id;
	int64_t case_id;
	const char *type;
	const char *requested;
	const char *started;               /* NULL: waiting */
	const char *ended;                 /* NULL: not ended */
	const char *end_reason;            /* with ended */
	const char *basis;                 /* service, aid_decision */
	const char *decision_municipality; /* with aid_decision */
	const char *decision_date;         /* with aid_decision */
	int start_age;                     /* -1: NULL (not started) */
	const char *start_municipality;    /* NULL when not started */
	const char *start_gender;          /* NULL when not started */
	const char *created_at;
};
int store_bulk_intervention(struct store *st, const struct bulk_intervention *iv,
                            struct nrs_error *err);

struct bulk_session {
	int64_t intervention_id;
	const char *held;
	int minutes;
	const char *mode;
	const char *outcome;
	const char *created_at;
};
int store_bulk_session(struct store *st, const struct bulk_session *s, struct nrs_error *err);

struct bulk_stay {
	int64_t apartment_id;
	int64_t client_id;
	const char *children_ages; /* ascending, comma separated, "" for none */
	int children_count;
	const char *home_municipality;
	const char *move_in;
	const char *move_out; /* NULL while open */
	int adult_age;
	const char *created_at;
};
int store_bulk_stay(struct store *st, const struct bulk_stay *s, struct nrs_error *err);

struct bulk_referral {
	int64_t organisation_id;
	const char *received_at; /* UTC YYYY-MM-DDTHH:MM:SSZ */
	int consent;
	const char *municipality;     /* NULL if unknown */
	const char *first_contact_at; /* NULL: none (open, or not reached) */
	const char *outcome;          /* NULL: open */
	const char *created_at;
};
int store_bulk_referral(struct store *st, const struct bulk_referral *r, struct nrs_error *err);

/* The report year's staff in hundredths of a full-time equivalent. */
int store_bulk_report_year(struct store *st, int year, int64_t staff_fte, const char *updated_at,
                           struct nrs_error *err);

#endif
