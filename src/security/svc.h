/* Internal helpers of the security layer's services (clientsvc and its siblings): input
 * checks with Swedish messages naming the field, transactions, audit rows, sealing and
 * opening personal fields, and the record look-ups more than one service needs. */
#ifndef NRS_SECURITY_SVC_H
#define NRS_SECURITY_SVC_H

#include "base/buf.h"
#include "base/date.h"
#include "base/err.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/client.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Associated-data kinds, one per encrypted column: a ciphertext moved to another row, or to
 * another column of the same row, fails to decrypt. Never change a shipped value. */
#define AD_NAME "client.name"
#define AD_PNR "client.pnr"
#define AD_BIRTH "client.birth_date"
#define AD_CONTACT "client.contact"
#define AD_NOTE "journal_note.text"
#define AD_GOALS "case_plan.goals"
#define AD_REF_CONTACT "police_referral.contact"
#define AD_ATTEMPT_NOTE "referral_attempt.note"
#define BLIND_PNR "pnr"

/* ---- plain text and sealed values ---- */

/* Zero the whole capacity of b, then free it as buf_free does. */
void svc_buf_wipe(struct buf *b);
/* Copy of the plain text in b (wiped by the caller's svc_buf_wipe); NULL on allocation
 * failure. The copy is the caller's: clientsvc_text_free. */
char *svc_plain_dup(const struct buf *b);
/* A sealed value borrowing b's bytes (valid until b changes). */
struct sealed svc_sealed_of(const struct buf *b);
/* Encrypt n bytes of text for column kind of record id into out. 0, or the crypto error
 * with a message in err. */
int svc_seal_text(const struct crypto_keys *keys, const char *kind, int64_t id, const char *text,
                  size_t n, struct buf *out, struct nrs_error *err);
/* Decrypt v (column kind of record id) into out. 0, or NRS_ECRYPTO with a message in err
 * (wrong key or altered row). */
int svc_open_sealed(const struct crypto_keys *keys, const char *kind, int64_t id,
                    const struct sealed *v, struct buf *out, struct nrs_error *err);
/* Decrypt an optional column into *out (left as it was when v is NULL in the row); *out is
 * the caller's (clientsvc_text_free). 0, NRS_ECRYPTO or NRS_ENOMEM with a message in err. */
int svc_open_opt(const struct crypto_keys *keys, const char *kind, int64_t id,
                 const struct sealed *v, char **out, struct nrs_error *err);

/* ---- input checks ---- */

/* True for NULL and for text of only spaces, tabs and line breaks. */
int svc_blank(const char *s);
/* Optional text: NULL or "" mean "none" and give NULL; anything else is s. */
const char *svc_opt(const char *s);
/* The number of UTF-8 characters in n bytes of s (continuation bytes not counted). */
size_t svc_utf8_chars(const char *s, size_t n);
/* The span of s without leading and trailing ASCII white space (*start points into s). */
void svc_trim_span(const char *s, const char **start, size_t *len);
/* A name part: 1..CLIENT_NAME_MAX_CHARS characters after trimming, well-formed UTF-8, no
 * control characters. 0 and the trimmed span, or NRS_EINVAL naming field/label in err. */
int svc_check_name(const char *s, const char *field, const char *label, const char **start,
                   size_t *len, struct nrs_error *err);
/* Free text s (not NULL): not blank, at most max bytes (NRS_ETOOBIG), well-formed UTF-8
 * (tabs and newlines allowed). 0 or an error naming field/label in err. */
int svc_check_text(const char *s, size_t max, const char *field, const char *label,
                   struct nrs_error *err);
/* R5: any decrypting read of a protected client needs a stated reason. A given reason must
 * be at most CLIENT_REASON_MAX_BYTES of UTF-8; a blank or NULL one gives NRS_EDENIED when
 * protected_identity is set and 0 otherwise. */
int svc_check_reason(int protected_identity, const char *reason, struct nrs_error *err);
/* True if s (may be NULL: false) is one of the NULL-terminated list allowed. */
int svc_one_of(const char *s, const char *const *allowed);
/* The actor is given and its today is a real date; else NRS_EINVAL (an internal error). */
int svc_check_today(const struct clientsvc_actor *a, struct nrs_error *err);
/* A required date "YYYY-MM-DD" in s, not after a->today when not_future is set. 0 and *out
 * (out may be NULL), or NRS_EINVAL naming field/label in err. */
int svc_check_date(const char *s, const struct clientsvc_actor *a, int not_future,
                   const char *field, const char *label, struct nrs_date *out,
                   struct nrs_error *err);
/* code is four digits naming an existing municipality. 0, NRS_EINVAL, or the store's error
 * when the register cannot be read; the message names field. */
int svc_check_municipality(struct store *st, const char *code, const char *field,
                           struct nrs_error *err);

/* ---- transactions and the audit log ---- */

/* Begin a transaction; on failure the store's error with "databasen är upptagen". */
int svc_begin(struct store *st, struct nrs_error *err);
/* Commit; on failure the store's error with "ändringen kunde inte sparas" (the store has
 * then rolled back). */
int svc_commit(struct store *st, struct nrs_error *err);
/* Make sure err carries a message for a store error rc that did not set one: msg is used
 * only when err (may be NULL) is still NRS_OK. Returns rc. */
int svc_fail(int rc, struct nrs_error *err, const char *msg);
/* Append one audit row for the actor: action on record kind id (0: no record id), with the
 * reason when it is not blank. 0 or the audit error in err. */
int svc_audit_row(struct store *st, const struct crypto_keys *keys, const struct clientsvc_actor *a,
                  const char *action, const char *kind, int64_t id, const char *reason,
                  struct nrs_error *err);

/* Run body, a write and its audit row, in a transaction: rolled back when body leaves rc
 * non-zero, committed otherwise. The caller declares int rc and a label out, where control
 * goes when the transaction cannot begin or body fails. */
#define SVC_WRITE_TX(st, err, body)                                                                \
	do {                                                                                       \
		rc = svc_begin(st, err);                                                           \
		if (rc != 0)                                                                       \
			goto out;                                                                  \
		body;                                                                              \
		if (rc != 0) {                                                                     \
			store_tx_rollback(st);                                                     \
			goto out;                                                                  \
		}                                                                                  \
		rc = svc_commit(st, err);                                                          \
	} while (0)

/* ---- records several services look up ---- */

/* The facts of a case the services check before writing. */
struct svc_case_info {
	int64_t id;
	int64_t client_id;
	int64_t organisation_id;
	int client_protected;
	int closed;
	struct nrs_date opened;
};

/* Client id exists: 0, NRS_ENOTFOUND naming field, or the store's error. */
int svc_client_exists(struct store *st, int64_t id, const char *field, struct nrs_error *err);
/* Load case id into *ci; with must_be_open, a closed case is refused (NRS_ECONFLICT).
 * NRS_ENOTFOUND if there is no such case. */
int svc_load_case(struct store *st, int64_t id, int must_be_open, struct svc_case_info *ci,
                  struct nrs_error *err);
/* user_id is an active user of organisation_id (for assignment and responsibility); else
 * NRS_EINVAL naming field, or the store's error. */
int svc_check_staff(struct store *st, int64_t user_id, int64_t organisation_id, const char *field,
                    struct nrs_error *err);
/* type (NULL: refused) is an active intervention type; else NRS_EINVAL naming field, or the
 * store's error. */
int svc_check_intervention_type(struct store *st, const char *type, const char *field,
                                struct nrs_error *err);

#endif
