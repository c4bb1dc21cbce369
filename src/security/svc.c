/* Internal helpers of the security layer's services (see svc.h): checks, transactions,
 * audit rows, sealing and opening personal fields, shared record look-ups. Plain text lives
 * only in buffers wiped before they are freed. */
#include "security/svc.h"
#include "base/str.h"
#include "security/audit.h"
#include "store/casefile.h"
#include "store/intervention.h"
#include "store/reference.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- plain text and sealed values ---- */

void svc_buf_wipe(struct buf *b)
{
	if (b->data != NULL)
		sodium_memzero(b->data, b->cap);
	buf_free(b);
}

char *svc_plain_dup(const struct buf *b)
{
	return str_ndup(buf_cstr(b), b->len);
}

struct sealed svc_sealed_of(const struct buf *b)
{
	struct sealed v = {b->data, b->len};
	return v;
}

int svc_seal_text(const struct crypto_keys *keys, const char *kind, int64_t id, const char *text,
                  size_t n, struct buf *out, struct nrs_error *err)
{
	int rc = crypto_seal(keys, kind, id, text, n, out);

	if (rc != 0)
		nrs_error_set(err, rc, "", "uppgiften kunde inte krypteras");
	return rc;
}

int svc_open_sealed(const struct crypto_keys *keys, const char *kind, int64_t id,
                    const struct sealed *v, struct buf *out, struct nrs_error *err)
{
	int rc = crypto_open(keys, kind, id, v->data, v->len, out);

	if (rc != 0)
		nrs_error_set(err, NRS_ECRYPTO, "",
		              "uppgiften kunde inte dekrypteras (fel nyckel eller ändrad post)");
	return rc != 0 ? NRS_ECRYPTO : 0;
}

int svc_open_opt(const struct crypto_keys *keys, const char *kind, int64_t id,
                 const struct sealed *v, char **out, struct nrs_error *err)
{
	struct buf b;
	int rc;

	if (v->data == NULL)
		return 0;
	buf_init(&b, 0);
	rc = svc_open_sealed(keys, kind, id, v, &b, err);
	if (rc == 0) {
		*out = svc_plain_dup(&b);
		if (*out == NULL)
			rc = nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	}
	svc_buf_wipe(&b);
	return rc;
}

/* ---- input checks ---- */

int svc_blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

const char *svc_opt(const char *s)
{
	return s == NULL || s[0] == '\0' ? NULL : s;
}

size_t svc_utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

void svc_trim_span(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s);

	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')) {
		s++;
		n--;
	}
	while (n > 0 &&
	       (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	*start = s;
	*len = n;
}

/* A name part: 1..CLIENT_NAME_MAX_CHARS characters, well-formed UTF-8, no control
 * characters (a tab would break the "first\tlast" encoding). */
int svc_check_name(const char *s, const char *field, const char *label, const char **start,
                   size_t *len, struct nrs_error *err)
{
	size_t chars;

	if (s == NULL)
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", label);
	svc_trim_span(s, start, len);
	if (*len == 0)
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", label);
	if (!str_utf8_ok(*start, *len))
		return nrs_error_set(err, NRS_EINVAL, field, "%s innehåller otillåtna tecken",
		                     label);
	for (size_t i = 0; i < *len; i++) {
		unsigned char c = (unsigned char)(*start)[i];
		if (c < 0x20 || c == 0x7f)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "%s innehåller otillåtna tecken", label);
	}
	chars = svc_utf8_chars(*start, *len);
	if (chars > CLIENT_NAME_MAX_CHARS)
		return nrs_error_set(err, NRS_EINVAL, field, "%s får vara högst %d tecken", label,
		                     CLIENT_NAME_MAX_CHARS);
	return 0;
}

/* Free text: well-formed UTF-8 (tabs and newlines allowed), 1..max bytes when given. */
int svc_check_text(const char *s, size_t max, const char *field, const char *label,
                   struct nrs_error *err)
{
	size_t n = strlen(s);

	if (svc_blank(s))
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", label);
	if (n > max)
		return nrs_error_set(err, NRS_ETOOBIG, field, "%s får vara högst %zu byte", label,
		                     max);
	if (!str_utf8_ok(s, n))
		return nrs_error_set(err, NRS_EINVAL, field, "%s innehåller otillåtna tecken",
		                     label);
	return 0;
}

/* R5: any decrypting read of a protected client needs a stated reason. */
int svc_check_reason(int protected_identity, const char *reason, struct nrs_error *err)
{
	if (reason != NULL && !svc_blank(reason)) {
		if (strlen(reason) > CLIENT_REASON_MAX_BYTES)
			return nrs_error_set(err, NRS_ETOOBIG, "skal",
			                     "skälet får vara högst %d byte",
			                     CLIENT_REASON_MAX_BYTES);
		if (!str_utf8_ok(reason, strlen(reason)))
			return nrs_error_set(err, NRS_EINVAL, "skal",
			                     "skälet innehåller otillåtna tecken");
		return 0;
	}
	if (protected_identity)
		return nrs_error_set(err, NRS_EDENIED, "skal",
		                     "klienten har skyddade personuppgifter: ange skälet till att"
		                     " du öppnar uppgifterna");
	return 0;
}

int svc_one_of(const char *s, const char *const *allowed)
{
	if (s == NULL)
		return 0;
	for (; *allowed; allowed++)
		if (strcmp(s, *allowed) == 0)
			return 1;
	return 0;
}

int svc_check_today(const struct clientsvc_actor *a, struct nrs_error *err)
{
	if (a == NULL || !date_valid(a->today.year, a->today.month, a->today.day))
		return nrs_error_set(err, NRS_EINVAL, "", "internt fel: dagens datum saknas");
	return 0;
}

int svc_check_date(const char *s, const struct clientsvc_actor *a, int not_future,
                   const char *field, const char *label, struct nrs_date *out,
                   struct nrs_error *err)
{
	struct nrs_date d;

	if (s == NULL || s[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", label);
	if (date_parse(s, &d) != 0)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s är inte ett giltigt datum (ÅÅÅÅ-MM-DD)", label);
	if (not_future && date_cmp(&d, &a->today) > 0)
		return nrs_error_set(err, NRS_EINVAL, field, "%s kan inte ligga i framtiden",
		                     label);
	if (out)
		*out = d;
	return 0;
}

int svc_check_municipality(struct store *st, const char *code, const char *field,
                           struct nrs_error *err)
{
	int rc;

	if (code == NULL || strlen(code) != 4 || !str_all_digits(code))
		return nrs_error_set(err, NRS_EINVAL, field, "ange en kommunkod med fyra siffror");
	rc = store_municipality_exists(st, code, NULL, 0);
	if (rc < 0)
		return nrs_error_set(err, rc, field, "kommunregistret kan inte läsas");
	if (rc == 0)
		return nrs_error_set(err, NRS_EINVAL, field, "det finns ingen kommun med kod %s",
		                     code);
	return 0;
}

/* ---- transactions and the audit log ---- */

int svc_begin(struct store *st, struct nrs_error *err)
{
	int rc = store_tx_begin(st);

	if (rc != 0)
		nrs_error_set(err, rc, "", "databasen är upptagen; försök igen");
	return rc;
}

int svc_commit(struct store *st, struct nrs_error *err)
{
	int rc = store_tx_commit(st);

	if (rc != 0)
		nrs_error_set(err, rc, "", "ändringen kunde inte sparas");
	return rc;
}

int svc_fail(int rc, struct nrs_error *err, const char *msg)
{
	if (err != NULL && err->code == NRS_OK)
		nrs_error_set(err, rc, "", "%s", msg);
	return rc;
}

static const char *reason_or_null(const char *reason)
{
	return reason != NULL && !svc_blank(reason) ? reason : NULL;
}

int svc_audit_row(struct store *st, const struct crypto_keys *keys, const struct clientsvc_actor *a,
                  const char *action, const char *kind, int64_t id, const char *reason,
                  struct nrs_error *err)
{
	struct audit_entry e = {0};
	char rid[24];

	if (id != 0)
		snprintf(rid, sizeof(rid), "%lld", (long long)id);
	e.user_id = a->user_id;
	e.username = a->username;
	e.organisation_id = a->organisation_id;
	e.action = action;
	e.record_kind = kind;
	e.record_id = id != 0 ? rid : NULL;
	e.remote = a->remote;
	e.reason = reason_or_null(reason);
	return audit_append(st, keys->audit, &e, err);
}

/* ---- records several services look up ---- */

int svc_client_exists(struct store *st, int64_t id, const char *field, struct nrs_error *err)
{
	int rc = store_client_facts(st, id, NULL, NULL);

	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, field, "klienten finns inte");
	return rc != 0 ? svc_fail(rc, err, "klientregistret kan inte läsas") : 0;
}

static int case_info_cb(const struct case_row *row, void *ctx)
{
	struct svc_case_info *ci = ctx;

	ci->id = row->id;
	ci->client_id = row->client_id;
	ci->organisation_id = row->organisation_id;
	ci->client_protected = row->client_protected;
	ci->closed = row->closed != NULL;
	return date_parse(row->opened, &ci->opened) != 0 ? NRS_EDB : 0;
}

int svc_load_case(struct store *st, int64_t id, int must_be_open, struct svc_case_info *ci,
                  struct nrs_error *err)
{
	int rc;

	memset(ci, 0, sizeof(*ci));
	rc = store_case_get(st, id, case_info_cb, ci);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "arende", "ärendet finns inte");
	if (rc != 0)
		return svc_fail(rc, err, "ärendet kan inte läsas");
	if (must_be_open && ci->closed)
		return nrs_error_set(err, NRS_ECONFLICT, "arende", "ärendet är avslutat");
	return 0;
}

int svc_check_staff(struct store *st, int64_t user_id, int64_t organisation_id, const char *field,
                    struct nrs_error *err)
{
	int64_t org = 0;
	int active = 0;
	int rc = store_case_user_org(st, user_id, &org, &active);

	if (rc == NRS_ENOTFOUND || (rc == 0 && (!active || org != organisation_id)))
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "välj en aktiv medarbetare i ärendets verksamhet");
	return rc != 0 ? svc_fail(rc, err, "användarregistret kan inte läsas") : 0;
}

int svc_check_intervention_type(struct store *st, const char *type, const char *field,
                                struct nrs_error *err)
{
	int rc = type != NULL ? store_intervention_type_active(st, type) : 0;

	if (rc < 0)
		return svc_fail(rc, err, "insatstyperna kan inte läsas");
	if (rc == 0)
		return nrs_error_set(err, NRS_EINVAL, field, "välj en giltig insatstyp");
	return 0;
}
