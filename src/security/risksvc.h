/* Risk assessments (R40): the instruments compiled into the program (the .ini files in
 * data/instruments/, parsed once per process: they are immutable), and the one way to record
 * and read the assessments of a case. Recording validates the answers against the
 * instrument, computes the summary level by the instrument's rule and writes the assessment
 * with its audit row in one transaction; reading the assessments of a case is audited too.
 *
 * Who may do what is the caller's question to security/policy (REC_RISK) before it calls in
 * here. */
#ifndef NRS_SECURITY_RISKSVC_H
#define NRS_SECURITY_RISKSVC_H

#include "base/err.h"
#include "domain/instrument.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* The instruments, in file-name order. A file that does not parse is left out (and logged
 * once); the shipped files are checked by their unit test. Borrowed for the life of the
 * process. */
size_t risksvc_instrument_count(void);
const struct instrument *risksvc_instrument_at(size_t i);
/* The instrument with this id, or NULL. */
const struct instrument *risksvc_instrument_find(const char *id);

struct risk_assess_input {
	int64_t case_id;
	const char *instrument; /* an instrument id */
	const char *assessed;   /* YYYY-MM-DD, not after the actor's today */
	const int *answers;     /* answers[i] answers item i + 1; INSTRUMENT_UNANSWERED if not */
	size_t nanswers;        /* must be the instrument's number of items */
};

/* Record an assessment of an open case by the actor, with the level the instrument's rule
 * gives, and audit "create" (kind "risk"). Errors name the field: "instrument", "datum",
 * "fraga_N" (the first unanswered or off-scale item N), "arende" (no such case, or closed:
 * NRS_ENOTFOUND / NRS_ECONFLICT). On success *id, *level and *sum (each may be NULL) are
 * set. */
int risksvc_assess(struct store *st, const struct crypto_keys *keys,
                   const struct clientsvc_actor *actor, const struct risk_assess_input *in,
                   int64_t *id, enum risk_level *level, int *sum, struct nrs_error *err);

/* An assessment given to a callback; pointers borrowed during the call. */
struct risk_view {
	int64_t id;
	int64_t case_id;
	const char *instrument_id;
	const char *instrument_version;
	/* the definition the assessment was made with: NULL if the instrument is no longer
	 * shipped or its version changed (then item labels are not shown) */
	const struct instrument *instrument;
	const char *instrument_name; /* the instrument's name, or its id when unknown */
	const char *assessed;
	int64_t assessor_id;
	const char *assessor_name; /* NULL if unknown */
	const int *answers;        /* nanswers values, parsed from the stored text */
	size_t nanswers;
	int sum;
	enum risk_level level;
	const char *created_at;
};
typedef int (*risk_view_cb)(const struct risk_view *v, void *ctx);

/* The case's assessments, newest first. Audits one "read" (kind "risk", the case id) before
 * any is handed out. A non-zero callback return stops the walk and is returned. */
int risksvc_list(struct store *st, const struct crypto_keys *keys,
                 const struct clientsvc_actor *actor, int64_t case_id, risk_view_cb cb, void *ctx,
                 struct nrs_error *err);

/* The latest level of a case, or of a client's cases at an organisation (0: any), with its
 * date (11 bytes). 0, or NRS_ENOTFOUND when there is no assessment. Not audited on its own:
 * callers show it on a page whose read of the case or client is audited. */
int risksvc_latest_case(struct store *st, int64_t case_id, enum risk_level *level,
                        char assessed[11]);
int risksvc_latest_client(struct store *st, int64_t client_id, int64_t organisation_id,
                          enum risk_level *level, char assessed[11]);

#endif
