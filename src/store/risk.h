/* Storage of risk assessments (table risk_assessment, migration 0007). Rows hold the
 * instrument's id and version, the answers as "0,1,1,0", their sum and the summary level;
 * security/risksvc.c validates them against the instrument and audits every read and write,
 * and is the only caller meant to use these functions. */
#ifndef NRS_STORE_RISK_H
#define NRS_STORE_RISK_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>

#define RISK_ANSWERS_MAX 1000 /* bytes of the compact answer text, as the table allows */

struct risk_insert {
	int64_t case_id;
	const char *instrument; /* instrument id */
	const char *version;    /* instrument version */
	const char *assessed;   /* YYYY-MM-DD */
	int64_t assessor_id;    /* the user who assessed */
	const char *answers;    /* "0,1,1,0": the value of item 1, 2, ... */
	int sum;
	const char *level;      /* low, elevated, high */
	const char *created_at; /* UTC ISO 8601 */
};

/* Insert; *id receives the new id. A row the table refuses is NRS_EINVAL. */
int store_risk_add(struct store *st, const struct risk_insert *in, int64_t *id,
                   struct nrs_error *err);

/* An assessment as stored; pointers borrowed during the callback. */
struct risk_row {
	int64_t id;
	int64_t case_id;
	const char *instrument;
	const char *version;
	const char *assessed;
	int64_t assessor_id;
	const char *assessor_name; /* display name, NULL if the account is gone */
	const char *answers;
	int sum;
	const char *level;
	const char *created_at;
};
typedef int (*risk_row_cb)(const struct risk_row *row, void *ctx);

/* The case's assessments, newest first (assessment date, then id). A non-zero callback
 * return stops the walk and is returned. */
int store_risk_list(struct store *st, int64_t case_id, risk_row_cb cb, void *ctx);

/* The latest assessment's level ("low", "elevated", "high") and date of one case, or of a
 * client's cases at one organisation (organisation_id 0: at any). 0, or NRS_ENOTFOUND when
 * there is none. level needs 9 bytes, assessed 11. */
int store_risk_latest_case(struct store *st, int64_t case_id, char level[9], char assessed[11]);
int store_risk_latest_client(struct store *st, int64_t client_id, int64_t organisation_id,
                             char level[9], char assessed[11]);

#endif
