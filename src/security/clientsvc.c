/* The casework service (see clientsvc.h): validation, field encryption, blind indexes,
 * client codes and the audit row for every read and write of personal data.
 * Plain text of personal fields lives only in buffers this file wipes before freeing. */
#include "security/clientsvc.h"
#include "base/str.h"
#include "domain/pnr.h"
#include "security/audit.h"
#include "store/casefile.h"
#include "store/intervention.h"
#include "store/reference.h"
#include "store/referral.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- small helpers ---- */

static void buf_wipe(struct buf *b)
{
	if (b->data != NULL)
		sodium_memzero(b->data, b->cap);
	buf_free(b);
}

void clientsvc_text_free(char *text)
{
	if (text == NULL)
		return;
	sodium_memzero(text, strlen(text));
	free(text);
}

/* Copy of the plain text in b (wiped by the caller's buf_wipe); NULL on allocation failure. */
static char *plain_dup(const struct buf *b)
{
	return str_ndup(buf_cstr(b), b->len);
}

static struct sealed sealed_of(const struct buf *b)
{
	struct sealed v = {b->data, b->len};
	return v;
}

static int blank(const char *s)
{
	if (s == NULL)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* Optional text: NULL or "" mean "none". */
static const char *opt(const char *s)
{
	return s == NULL || s[0] == '\0' ? NULL : s;
}

static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* The span of s without leading and trailing ASCII white space. */
static void trim_span(const char *s, const char **start, size_t *len)
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
static int check_name(const char *s, const char *field, const char *label, const char **start,
                      size_t *len, struct nrs_error *err)
{
	size_t chars;

	if (s == NULL)
		return nrs_error_set(err, NRS_EINVAL, field, "%s saknas", label);
	trim_span(s, start, len);
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
	chars = utf8_chars(*start, *len);
	if (chars > CLIENT_NAME_MAX_CHARS)
		return nrs_error_set(err, NRS_EINVAL, field, "%s får vara högst %d tecken", label,
		                     CLIENT_NAME_MAX_CHARS);
	return 0;
}

/* Free text: well-formed UTF-8 (tabs and newlines allowed), 1..max bytes when given. */
static int check_text(const char *s, size_t max, const char *field, const char *label,
                      struct nrs_error *err)
{
	size_t n = strlen(s);

	if (blank(s))
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
static int check_reason(int protected_identity, const char *reason, struct nrs_error *err)
{
	if (reason != NULL && !blank(reason)) {
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

static const char *reason_or_null(const char *reason)
{
	return reason != NULL && !blank(reason) ? reason : NULL;
}

static int one_of(const char *s, const char *const *allowed)
{
	if (s == NULL)
		return 0;
	for (; *allowed; allowed++)
		if (strcmp(s, *allowed) == 0)
			return 1;
	return 0;
}

static const char *const genders[] = {"kvinna", "man", "annat", NULL};
static const char *const referral_sources[] = {"self",    "social_services", "police", "health",
                                               "shelter", "school",          "other",  NULL};
static const char *const violence_types[] = {"physical", "psychological", "sexual",
                                             "economic", "material",      "neglect",
                                             "honour",   "digital",       NULL};
static const char *const bases[] = {"service", "aid_decision", NULL};
static const char *const end_reasons[] = {"completed", "interrupted", "moved",
                                          "referred",  "other",       NULL};
static const char *const modes[] = {"centre", "home_municipality", "phone", "video", NULL};
static const char *const outcomes[] = {"held", "cancelled", "no_show", NULL};
static const char *const relation_kinds[] = {"child_of", "partner_of", "ex_partner_of", NULL};
static const char *const referral_outcomes[] = {"crisis_talk", "legal_info",  "motivated",
                                                "declined",    "not_reached", NULL};

static const struct {
	unsigned bit;
	const char *name;
} role_names[] = {
    {CLIENT_ROLE_VICTIM, "victim"},
    {CLIENT_ROLE_CHILD, "child"},
    {CLIENT_ROLE_PERPETRATOR, "perpetrator"},
    {CLIENT_ROLE_RELATIVE, "relative"},
};
#define ROLE_COUNT (sizeof(role_names) / sizeof(role_names[0]))
#define ROLE_ALL                                                                                   \
	(CLIENT_ROLE_VICTIM | CLIENT_ROLE_CHILD | CLIENT_ROLE_PERPETRATOR | CLIENT_ROLE_RELATIVE)

static int check_today(const struct clientsvc_actor *a, struct nrs_error *err)
{
	if (a == NULL || !date_valid(a->today.year, a->today.month, a->today.day))
		return nrs_error_set(err, NRS_EINVAL, "", "internt fel: dagens datum saknas");
	return 0;
}

/* A required date, not after today when not_future is set. */
static int check_date(const char *s, const struct clientsvc_actor *a, int not_future,
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

static int check_municipality(struct store *st, const char *code, const char *field,
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

static int begin(struct store *st, struct nrs_error *err)
{
	int rc = store_tx_begin(st);

	if (rc != 0)
		nrs_error_set(err, rc, "", "databasen är upptagen; försök igen");
	return rc;
}

static int commit(struct store *st, struct nrs_error *err)
{
	int rc = store_tx_commit(st);

	if (rc != 0)
		nrs_error_set(err, rc, "", "ändringen kunde inte sparas");
	return rc;
}

/* Make sure err carries a message for a store error that did not set one. */
static int fail(int rc, struct nrs_error *err, const char *msg)
{
	if (err != NULL && err->code == NRS_OK)
		nrs_error_set(err, rc, "", "%s", msg);
	return rc;
}

static int audit_row(struct store *st, const struct crypto_keys *keys,
                     const struct clientsvc_actor *a, const char *action, const char *kind,
                     int64_t id, const char *reason, struct nrs_error *err)
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

static int seal_text(const struct crypto_keys *keys, const char *kind, int64_t id, const char *text,
                     size_t n, struct buf *out, struct nrs_error *err)
{
	int rc = crypto_seal(keys, kind, id, text, n, out);

	if (rc != 0)
		nrs_error_set(err, rc, "", "uppgiften kunde inte krypteras");
	return rc;
}

static int open_sealed(const struct crypto_keys *keys, const char *kind, int64_t id,
                       const struct sealed *v, struct buf *out, struct nrs_error *err)
{
	int rc = crypto_open(keys, kind, id, v->data, v->len, out);

	if (rc != 0)
		nrs_error_set(err, NRS_ECRYPTO, "",
		              "uppgiften kunde inte dekrypteras (fel nyckel eller ändrad post)");
	return rc != 0 ? NRS_ECRYPTO : 0;
}

/* ---- Unix seconds <-> "YYYY-MM-DDTHH:MM:SSZ" ---- */

static void iso_from_epoch(int64_t t, char out[21])
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	struct nrs_date d = date_from_days(days);

	char tmp[64];
	int n;

	/* callers pass 0..POLICE_TIME_MAX, so the text is always 20 characters; the roomy
	 * buffer is for the compiler, which cannot know that */
	n = snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02dZ", d.year, d.month, d.day,
	             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60));
	if (n != 20) {
		out[0] = '\0';
		return;
	}
	memcpy(out, tmp, 21);
}

static int two(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

static int epoch_from_iso(const char *s, int64_t *out)
{
	char day[11];
	struct nrs_date d;
	int h, m, sec;

	if (s == NULL || strlen(s) != 20 || s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
	    s[19] != 'Z')
		return NRS_EINVAL;
	memcpy(day, s, 10);
	day[10] = '\0';
	h = two(s + 11);
	m = two(s + 14);
	sec = two(s + 17);
	if (date_parse(day, &d) != 0 || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59)
		return NRS_EINVAL;
	*out = date_to_days(&d) * 86400 + h * 3600 + m * 60 + sec;
	return 0;
}

static int check_instant(int64_t t, int64_t not_before, int64_t now, const char *field,
                         const char *label, struct nrs_error *err)
{
	if (t < 0 || t > POLICE_TIME_MAX)
		return nrs_error_set(err, NRS_EINVAL, field, "%s är inte en giltig tidpunkt",
		                     label);
	if (t < not_before)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s kan inte vara före mottagningstiden", label);
	if (t > now)
		return nrs_error_set(err, NRS_EINVAL, field, "%s kan inte ligga i framtiden",
		                     label);
	return 0;
}

/* ---- clients ---- */

int clientsvc_register(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, const struct client_input *in,
                       int64_t *id, char code[CLIENT_CODE_MAX], struct nrs_error *err)
{
	/* first + tab + last, at most 4 bytes per character: on the stack, wiped at out */
	char name[CLIENT_NAME_MAX_CHARS * 4 * 2 + 2];
	unsigned char index[CRYPTO_HASH_BYTES];
	struct buf name_enc, pnr_enc, birth_enc, contact_enc;
	struct client_insert ci = {0};
	struct sealed s_name, s_pnr, s_birth, s_contact;
	struct pnr p;
	const char *first, *last, *contact = opt(in->contact);
	size_t first_len, last_len, name_len;
	char created_at[21], birth[11];
	int has_pnr = opt(in->pnr) != NULL, in_tx = 0, rc;
	int64_t existing = 0, new_id = 0;

	buf_init(&name_enc, 0);
	buf_init(&pnr_enc, 0);
	buf_init(&birth_enc, 0);
	buf_init(&contact_enc, 0);
	memset(&p, 0, sizeof(p));
	*id = 0;
	code[0] = '\0';
	nrs_error_clear(err);

	/* validate everything before touching the database: bad input changes nothing */
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_name(in->first_name, "fornamn", "förnamnet", &first, &first_len, err);
	if (rc == 0)
		rc = check_name(in->last_name, "efternamn", "efternamnet", &last, &last_len, err);
	if (rc != 0)
		goto out;
	if (has_pnr) {
		rc = pnr_parse(in->pnr, &actor->today, &p, err);
		if (rc != 0)
			goto out;
		if (in->birth_year != 0 && in->birth_year != p.birth.year) {
			rc = nrs_error_set(err, NRS_EINVAL, "fodelsear",
			                   "födelseåret stämmer inte med personnumret");
			goto out;
		}
		ci.birth_year = p.birth.year;
		date_format(&p.birth, birth);
	} else {
		if (in->birth_year < actor->today.year - 120 ||
		    in->birth_year > actor->today.year) {
			rc = nrs_error_set(err, NRS_EINVAL, "fodelsear",
			                   "ange personnummer eller ett födelseår mellan %d och %d",
			                   actor->today.year - 120, actor->today.year);
			goto out;
		}
		ci.birth_year = in->birth_year;
	}
	if (!one_of(in->gender, genders)) {
		rc = nrs_error_set(err, NRS_EINVAL, "kon", "välj kön: kvinna, man eller annat");
		goto out;
	}
	if ((in->roles & ROLE_ALL) == 0 || (in->roles & ~(unsigned)ROLE_ALL) != 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "roll", "välj minst en roll för klienten");
		goto out;
	}
	if (contact != NULL) {
		rc = check_text(contact, CLIENT_CONTACT_MAX_BYTES, "kontakt", "kontaktuppgifterna",
		                err);
		if (rc != 0)
			goto out;
	}
	rc = check_municipality(st, in->home_municipality, "hemkommun", err);
	if (rc != 0)
		goto out;

	memcpy(name, first, first_len);
	name[first_len] = '\t';
	memcpy(name + first_len + 1, last, last_len);
	name_len = first_len + 1 + last_len;
	name[name_len] = '\0';
	if (has_pnr)
		crypto_blind_index(keys, BLIND_PNR, p.normal, index);
	time_now_iso(created_at);

	rc = begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	if (has_pnr) {
		rc = store_client_find_by_index(st, index, &existing);
		if (rc == 0) {
			rc = NRS_EEXIST;
			goto out;
		}
		if (rc != NRS_ENOTFOUND) {
			fail(rc, err, "klientregistret kan inte läsas");
			goto out;
		}
	}
	rc = store_client_code_next(st, actor->today.year, code, err);
	if (rc != 0)
		goto out;
	ci.code = code;
	ci.pnr_index = has_pnr ? index : NULL;
	ci.gender = in->gender;
	ci.home_municipality = in->home_municipality;
	ci.protected_identity = in->protected_identity ? 1 : 0;
	ci.created_at = created_at;
	ci.created_by = actor->user_id;
	rc = store_client_insert(st, &ci, &new_id, err);
	if (rc != 0) {
		fail(rc, err, "klienten kunde inte sparas");
		goto out;
	}
	rc = seal_text(keys, AD_NAME, new_id, name, name_len, &name_enc, err);
	if (rc == 0 && has_pnr)
		rc = seal_text(keys, AD_PNR, new_id, p.normal, strlen(p.normal), &pnr_enc, err);
	if (rc == 0 && has_pnr)
		rc = seal_text(keys, AD_BIRTH, new_id, birth, strlen(birth), &birth_enc, err);
	if (rc == 0 && contact != NULL)
		rc = seal_text(keys, AD_CONTACT, new_id, contact, strlen(contact), &contact_enc,
		               err);
	if (rc != 0)
		goto out;
	s_name = sealed_of(&name_enc);
	s_pnr = sealed_of(&pnr_enc);
	s_birth = sealed_of(&birth_enc);
	s_contact = sealed_of(&contact_enc);
	rc = store_client_seal(st, new_id, &s_name, &s_pnr, &s_birth, &s_contact, err);
	for (size_t i = 0; rc == 0 && i < ROLE_COUNT; i++)
		if (in->roles & role_names[i].bit)
			rc = store_client_role_add(st, new_id, role_names[i].name, err);
	if (rc == 0)
		rc = audit_row(st, keys, actor, "create", "client", new_id, NULL, err);
	if (rc != 0) {
		fail(rc, err, "klienten kunde inte sparas");
		goto out;
	}
	in_tx = 0;
	rc = commit(st, err);
	if (rc == 0)
		*id = new_id;
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc != 0)
		code[0] = '\0';
	if (rc == NRS_EEXIST && existing != 0) {
		/* nothing was registered, but the actor learnt that the person is known: that
		 * is a search, logged outside the rolled-back transaction */
		int arc = audit_row(st, keys, actor, "search", "client", existing, NULL, NULL);
		if (arc != 0) {
			rc = fail(arc, err, "loggen kan inte skrivas");
		} else {
			*id = existing;
			nrs_error_set(err, NRS_EEXIST, "personnummer",
			              "det finns redan en klient med det personnumret");
		}
	}
	sodium_memzero(name, sizeof(name));
	sodium_memzero(&p, sizeof(p));
	sodium_memzero(birth, sizeof(birth));
	sodium_memzero(index, sizeof(index));
	buf_wipe(&name_enc);
	buf_wipe(&pnr_enc);
	buf_wipe(&birth_enc);
	buf_wipe(&contact_enc);
	return rc;
}

void clientsvc_view_free(struct client_view *v)
{
	if (v == NULL)
		return;
	clientsvc_text_free(v->first_name);
	clientsvc_text_free(v->last_name);
	clientsvc_text_free(v->pnr);
	clientsvc_text_free(v->birth_date);
	clientsvc_text_free(v->contact);
	sodium_memzero(v, sizeof(*v));
	free(v);
}

struct get_ctx {
	const struct crypto_keys *keys;
	const char *reason;
	struct client_view *v;
	struct nrs_error *err;
};

/* Decrypt one optional column into *out (left NULL when the column is NULL). */
static int open_opt(const struct crypto_keys *keys, const char *kind, int64_t id,
                    const struct sealed *v, char **out, struct nrs_error *err)
{
	struct buf b;
	int rc;

	if (v->data == NULL)
		return 0;
	buf_init(&b, 0);
	rc = open_sealed(keys, kind, id, v, &b, err);
	if (rc == 0) {
		*out = plain_dup(&b);
		if (*out == NULL)
			rc = nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	}
	buf_wipe(&b);
	return rc;
}

static int get_row(const struct client_row *row, void *ctx)
{
	struct get_ctx *g = ctx;
	struct client_view *v = g->v;
	char *name = NULL, *tab;
	size_t name_len = 0;
	int rc;

	/* the reason check comes first: without it nothing is decrypted */
	rc = check_reason(row->protected_identity, g->reason, g->err);
	if (rc != 0)
		return rc;
	v->id = row->id;
	snprintf(v->code, sizeof(v->code), "%s", row->code);
	v->birth_year = row->birth_year;
	snprintf(v->gender, sizeof(v->gender), "%s", row->gender);
	snprintf(v->home_municipality, sizeof(v->home_municipality), "%s", row->home_municipality);
	v->protected_identity = row->protected_identity;
	snprintf(v->created_at, sizeof(v->created_at), "%s", row->created_at);
	v->created_by = row->created_by;
	for (size_t i = 0; i < ROLE_COUNT; i++) {
		const char *r = row->roles;
		size_t n = strlen(role_names[i].name);
		while ((r = strstr(r, role_names[i].name)) != NULL) {
			if ((r == row->roles || r[-1] == ',') && (r[n] == ',' || r[n] == '\0'))
				v->roles |= role_names[i].bit;
			r += n;
		}
	}
	rc = open_opt(g->keys, AD_NAME, row->id, &row->name, &name, g->err);
	if (rc == 0 && name == NULL)
		rc = nrs_error_set(g->err, NRS_ECRYPTO, "", "namnet saknas i posten");
	if (rc != 0)
		goto out;
	name_len = strlen(name);
	tab = strchr(name, '\t');
	if (tab == NULL) {
		rc = nrs_error_set(g->err, NRS_ECRYPTO, "", "namnet i posten är skadat");
		goto out;
	}
	*tab = '\0';
	v->first_name = str_dup(name);
	v->last_name = str_dup(tab + 1);
	if (v->first_name == NULL || v->last_name == NULL) {
		rc = nrs_error_set(g->err, NRS_ENOMEM, "", "minnet tog slut");
		goto out;
	}
	rc = open_opt(g->keys, AD_PNR, row->id, &row->pnr, &v->pnr, g->err);
	if (rc == 0)
		rc = open_opt(g->keys, AD_BIRTH, row->id, &row->birth_date, &v->birth_date, g->err);
	if (rc == 0)
		rc = open_opt(g->keys, AD_CONTACT, row->id, &row->contact, &v->contact, g->err);
out:
	if (name != NULL) {
		sodium_memzero(name, name_len);
		free(name);
	}
	return rc;
}

int clientsvc_get(struct store *st, const struct crypto_keys *keys,
                  const struct clientsvc_actor *actor, int64_t id, const char *reason,
                  struct client_view **out, struct nrs_error *err)
{
	struct get_ctx g = {keys, reason, NULL, err};
	int rc, in_tx = 0;

	*out = NULL;
	nrs_error_clear(err);
	g.v = calloc(1, sizeof(*g.v));
	if (g.v == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	rc = begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = store_client_get(st, id, get_row, &g);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "", "klienten finns inte");
	/* audited only once everything decrypted: a failed read disclosed nothing, and the
	 * view is not handed out unless the log row is written */
	if (rc == 0)
		rc = audit_row(st, keys, actor, "read", "client", id, reason, err);
	if (rc != 0) {
		fail(rc, err, "klienten kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = commit(st, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc == 0)
		*out = g.v;
	else
		clientsvc_view_free(g.v);
	return rc;
}

int clientsvc_find_by_pnr(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const char *pnr_text, int64_t *id,
                          struct nrs_error *err)
{
	unsigned char index[CRYPTO_HASH_BYTES];
	struct pnr p;
	int64_t found = 0;
	int rc, arc;

	*id = 0;
	nrs_error_clear(err);
	memset(&p, 0, sizeof(p));
	rc = check_today(actor, err);
	if (rc == 0)
		rc = pnr_parse(pnr_text != NULL ? pnr_text : "", &actor->today, &p, err);
	if (rc != 0)
		goto out;
	crypto_blind_index(keys, BLIND_PNR, p.normal, index);
	rc = store_client_find_by_index(st, index, &found);
	if (rc != 0 && rc != NRS_ENOTFOUND) {
		fail(rc, err, "klientregistret kan inte läsas");
		goto out;
	}
	/* a miss is logged too: that a number was looked up is itself worth knowing */
	arc = audit_row(st, keys, actor, "search", "client", rc == 0 ? found : 0, NULL, err);
	if (arc != 0) {
		rc = fail(arc, err, "loggen kan inte skrivas");
		goto out;
	}
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "personnummer", "ingen klient har det personnumret");
	else
		*id = found;
out:
	sodium_memzero(&p, sizeof(p));
	sodium_memzero(index, sizeof(index));
	return rc;
}

/* Run one write and its audit row in a transaction. */
#define WRITE_TX(st, err, body)                                                                    \
	do {                                                                                       \
		rc = begin(st, err);                                                               \
		if (rc != 0)                                                                       \
			goto out;                                                                  \
		body;                                                                              \
		if (rc != 0) {                                                                     \
			store_tx_rollback(st);                                                     \
			goto out;                                                                  \
		}                                                                                  \
		rc = commit(st, err);                                                              \
	} while (0)

static int client_exists(struct store *st, int64_t id, const char *field, struct nrs_error *err)
{
	int rc = store_client_facts(st, id, NULL, NULL);

	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, field, "klienten finns inte");
	return rc != 0 ? fail(rc, err, "klientregistret kan inte läsas") : 0;
}

int clientsvc_set_protected(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t client_id,
                            int protected_identity, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	WRITE_TX(st, err, {
		rc = store_client_set_protected(st, client_id, protected_identity, err);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "klienten finns inte");
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "client", client_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_set_contact(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t client_id,
                          const char *contact, struct nrs_error *err)
{
	struct buf enc;
	struct sealed s = {NULL, 0};
	int rc;

	buf_init(&enc, 0);
	nrs_error_clear(err);
	contact = opt(contact);
	if (contact != NULL) {
		rc = check_text(contact, CLIENT_CONTACT_MAX_BYTES, "kontakt", "kontaktuppgifterna",
		                err);
		if (rc == 0)
			rc = seal_text(keys, AD_CONTACT, client_id, contact, strlen(contact), &enc,
			               err);
		if (rc != 0)
			goto out;
		s = sealed_of(&enc);
	}
	WRITE_TX(st, err, {
		rc = store_client_set_contact(st, client_id, &s, err);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "klienten finns inte");
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "client", client_id, NULL, err);
	});
out:
	buf_wipe(&enc);
	return rc;
}

int clientsvc_relation_add(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t client_id,
                           int64_t related_id, const char *kind, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	if (!one_of(kind, relation_kinds))
		return nrs_error_set(err, NRS_EINVAL, "relation", "välj en giltig relation");
	if (client_id == related_id)
		return nrs_error_set(err, NRS_EINVAL, "relation",
		                     "en klient kan inte ha en relation till sig själv");
	WRITE_TX(st, err, {
		rc = client_exists(st, client_id, "klient", err);
		if (rc == 0)
			rc = client_exists(st, related_id, "relation", err);
		if (rc == 0)
			rc = store_client_relation_add(st, client_id, related_id, kind, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "client", client_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_actor_assigned(struct store *st, const struct clientsvc_actor *actor,
                             int64_t client_id)
{
	if (actor->user_id == 0)
		return 0;
	return store_case_client_assigned(st, client_id, actor->user_id);
}

/* ---- cases ---- */

struct case_info {
	int64_t id;
	int64_t client_id;
	int64_t organisation_id;
	int client_protected;
	int closed;
	struct nrs_date opened;
};

static int case_info_cb(const struct case_row *row, void *ctx)
{
	struct case_info *ci = ctx;

	ci->id = row->id;
	ci->client_id = row->client_id;
	ci->organisation_id = row->organisation_id;
	ci->client_protected = row->client_protected;
	ci->closed = row->closed != NULL;
	return date_parse(row->opened, &ci->opened) != 0 ? NRS_EDB : 0;
}

/* Load the case; with must_be_open, a closed case is refused (NRS_ECONFLICT). */
static int load_case(struct store *st, int64_t id, int must_be_open, struct case_info *ci,
                     struct nrs_error *err)
{
	int rc;

	memset(ci, 0, sizeof(*ci));
	rc = store_case_get(st, id, case_info_cb, ci);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "arende", "ärendet finns inte");
	if (rc != 0)
		return fail(rc, err, "ärendet kan inte läsas");
	if (must_be_open && ci->closed)
		return nrs_error_set(err, NRS_ECONFLICT, "arende", "ärendet är avslutat");
	return 0;
}

/* An active user of the given organisation (for assignment and responsibility). */
static int check_staff(struct store *st, int64_t user_id, int64_t organisation_id,
                       const char *field, struct nrs_error *err)
{
	int64_t org = 0;
	int active = 0;
	int rc = store_case_user_org(st, user_id, &org, &active);

	if (rc == NRS_ENOTFOUND || (rc == 0 && (!active || org != organisation_id)))
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "välj en aktiv medarbetare i ärendets verksamhet");
	return rc != 0 ? fail(rc, err, "användarregistret kan inte läsas") : 0;
}

int clientsvc_case_open(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, const struct case_open_input *in,
                        int64_t *id, struct nrs_error *err)
{
	struct case_input ci = {0};
	char created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_date(in->opened, actor, 1, "oppnat", "öppningsdatumet", NULL, err);
	if (rc != 0)
		return rc;
	if (!one_of(in->referral_source, referral_sources))
		return nrs_error_set(err, NRS_EINVAL, "remittent", "välj varifrån kontakten kom");
	if (actor->organisation_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "", "användaren tillhör ingen verksamhet");
	if (opt(in->referring_municipality) != NULL) {
		rc = check_municipality(st, in->referring_municipality, "remitterande_kommun", err);
		if (rc != 0)
			return rc;
	}
	time_now_iso(created_at);
	ci.client_id = in->client_id;
	ci.opened = in->opened;
	ci.referral_source = in->referral_source;
	ci.referring_municipality = opt(in->referring_municipality);
	ci.organisation_id = actor->organisation_id;
	ci.created_at = created_at;
	ci.created_by = actor->user_id;
	WRITE_TX(st, err, {
		rc = client_exists(st, in->client_id, "klient", err);
		if (rc == 0)
			rc = store_case_open(st, &ci, id, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "create", "case", *id, NULL, err);
		if (rc != 0)
			*id = 0;
	});
out:
	return rc;
}

int clientsvc_case_close(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t case_id, const char *closed,
                         struct nrs_error *err)
{
	struct case_info ci;
	struct nrs_date d;
	int rc;

	nrs_error_clear(err);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_date(closed, actor, 1, "avslutat", "avslutsdatumet", &d, err);
	if (rc != 0)
		return rc;
	WRITE_TX(st, err, {
		rc = load_case(st, case_id, 1, &ci, err);
		if (rc == 0 && date_cmp(&d, &ci.opened) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "avslutat",
			                   "ärendet kan inte avslutas före det öppnades");
		if (rc == 0)
			rc = store_case_close(st, case_id, closed, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_case_assign(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t case_id, int64_t user_id,
                          struct nrs_error *err)
{
	struct case_info ci;
	char at[21];
	int rc;

	nrs_error_clear(err);
	time_now_iso(at);
	WRITE_TX(st, err, {
		rc = load_case(st, case_id, 1, &ci, err);
		if (rc == 0)
			rc = check_staff(st, user_id, ci.organisation_id, "medarbetare", err);
		if (rc == 0)
			rc = store_case_staff_add(st, case_id, user_id, at, actor->user_id, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_case_unassign(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t case_id, int64_t user_id,
                            struct nrs_error *err)
{
	struct case_info ci;
	int rc;

	nrs_error_clear(err);
	WRITE_TX(st, err, {
		rc = load_case(st, case_id, 0, &ci, err);
		if (rc == 0)
			rc = store_case_staff_remove(st, case_id, user_id, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_case_violence_add(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t case_id,
                                const char *type, struct nrs_error *err)
{
	struct case_info ci;
	int rc;

	nrs_error_clear(err);
	if (!one_of(type, violence_types))
		return nrs_error_set(err, NRS_EINVAL, "valdstyp", "välj en giltig våldstyp");
	WRITE_TX(st, err, {
		rc = load_case(st, case_id, 0, &ci, err);
		if (rc == 0)
			rc = store_case_violence_add(st, case_id, type, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

static int check_type(struct store *st, const char *type, const char *field, struct nrs_error *err)
{
	int rc = type != NULL ? store_intervention_type_active(st, type) : 0;

	if (rc < 0)
		return fail(rc, err, "insatstyperna kan inte läsas");
	if (rc == 0)
		return nrs_error_set(err, NRS_EINVAL, field, "välj en giltig insatstyp");
	return 0;
}

int clientsvc_plan_set(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id,
                       const struct plan_input *in, struct nrs_error *err)
{
	struct case_plan_row row = {0};
	struct case_info ci;
	struct buf enc;
	char at[21];
	int rc;

	buf_init(&enc, 0);
	nrs_error_clear(err);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_text(in->goals != NULL ? in->goals : "", PLAN_GOALS_MAX_BYTES, "mal",
		                "målen", err);
	if (rc == 0 && opt(in->follow_up) != NULL)
		rc = check_date(in->follow_up, actor, 0, "uppfoljning", "uppföljningsdatumet", NULL,
		                err);
	if (rc == 0)
		rc = seal_text(keys, AD_GOALS, case_id, in->goals, strlen(in->goals), &enc, err);
	if (rc != 0)
		goto out;
	time_now_iso(at);
	row.case_id = case_id;
	row.goals = sealed_of(&enc);
	row.planned = opt(in->planned);
	row.follow_up = opt(in->follow_up);
	row.updated_at = at;
	row.updated_by = actor->user_id;
	WRITE_TX(st, err, {
		rc = load_case(st, case_id, 1, &ci, err);
		if (rc == 0 && row.planned != NULL)
			rc = check_type(st, row.planned, "planerad_insats", err);
		if (rc == 0)
			rc = store_case_plan_put(st, &row, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "case_plan", case_id, NULL, err);
	});
out:
	buf_wipe(&enc);
	return rc;
}

void clientsvc_plan_free(struct plan_view *p)
{
	if (p == NULL)
		return;
	clientsvc_text_free(p->goals);
	sodium_memzero(p, sizeof(*p));
	free(p);
}

struct plan_ctx {
	const struct crypto_keys *keys;
	struct plan_view *p;
	struct nrs_error *err;
};

static int plan_cb(const struct case_plan_row *row, void *ctx)
{
	struct plan_ctx *pc = ctx;
	int rc = open_opt(pc->keys, AD_GOALS, row->case_id, &row->goals, &pc->p->goals, pc->err);

	if (rc != 0)
		return rc;
	if (pc->p->goals == NULL)
		return nrs_error_set(pc->err, NRS_ECRYPTO, "", "målen saknas i posten");
	snprintf(pc->p->planned, sizeof(pc->p->planned), "%s", row->planned ? row->planned : "");
	snprintf(pc->p->follow_up, sizeof(pc->p->follow_up), "%s",
	         row->follow_up ? row->follow_up : "");
	snprintf(pc->p->updated_at, sizeof(pc->p->updated_at), "%s", row->updated_at);
	pc->p->updated_by = row->updated_by;
	return 0;
}

int clientsvc_plan_get(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id, const char *reason,
                       struct plan_view **out, struct nrs_error *err)
{
	struct plan_ctx pc = {keys, NULL, err};
	struct case_info ci;
	int rc, in_tx = 0;

	*out = NULL;
	nrs_error_clear(err);
	pc.p = calloc(1, sizeof(*pc.p));
	if (pc.p == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	rc = begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = load_case(st, case_id, 0, &ci, err);
	if (rc == 0)
		rc = check_reason(ci.client_protected, reason, err);
	if (rc == 0) {
		rc = store_case_plan_get(st, case_id, plan_cb, &pc);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "ärendet har ingen genomförandeplan");
	}
	if (rc == 0)
		rc = audit_row(st, keys, actor, "read", "case_plan", case_id, reason, err);
	if (rc != 0) {
		fail(rc, err, "planen kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = commit(st, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc == 0)
		*out = pc.p;
	else
		clientsvc_plan_free(pc.p);
	return rc;
}

int clientsvc_note_add(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id, const char *text,
                       int64_t corrects, int64_t *id, struct nrs_error *err)
{
	struct case_info ci;
	struct buf enc;
	struct sealed s;
	char at[21];
	int64_t note_id = 0;
	int rc;

	buf_init(&enc, 0);
	*id = 0;
	nrs_error_clear(err);
	if (actor->user_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "", "en anteckning måste ha en författare");
	rc = check_text(text != NULL ? text : "", NOTE_MAX_BYTES, "text", "anteckningen", err);
	if (rc != 0)
		return rc;
	time_now_iso(at);
	/* a correction may be written in a closed case: the record must be right, whatever
	 * the state of the case; new notes need an open one */
	WRITE_TX(st, err, {
		rc = load_case(st, case_id, corrects == 0, &ci, err);
		if (rc == 0)
			rc = store_note_insert(st, case_id, at, actor->user_id, corrects, &note_id,
			                       err);
		if (rc == 0)
			rc = seal_text(keys, AD_NOTE, note_id, text, strlen(text), &enc, err);
		if (rc == 0) {
			s = sealed_of(&enc);
			rc = store_note_sign(st, note_id, &s, err);
		}
		if (rc == 0)
			rc = audit_row(st, keys, actor, "create", "journal_note", note_id, NULL,
			               err);
		if (rc != 0)
			fail(rc, err, "anteckningen kunde inte sparas");
	});
	if (rc == 0)
		*id = note_id;
out:
	buf_wipe(&enc);
	return rc;
}

struct notes_ctx {
	const struct crypto_keys *keys;
	note_view_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int note_cb(const struct note_row *row, void *ctx)
{
	struct notes_ctx *nc = ctx;
	struct note_view v;
	struct buf b;
	int rc;

	if (!row->signed_)
		return 0; /* never happens outside a writing transaction; drafts are not shown */
	buf_init(&b, 0);
	rc = open_sealed(nc->keys, AD_NOTE, row->id, &row->text, &b, nc->err);
	if (rc == 0) {
		v.id = row->id;
		v.written_at = row->written_at;
		v.author_id = row->author_id;
		v.author_name = row->author_name;
		v.text = buf_cstr(&b);
		v.corrects = row->corrects;
		v.corrected_by = row->corrected_by;
		rc = nc->cb(&v, nc->ctx);
	}
	buf_wipe(&b);
	return rc;
}

int clientsvc_notes_read(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t case_id, const char *reason,
                         note_view_cb cb, void *ctx, struct nrs_error *err)
{
	struct notes_ctx nc = {keys, cb, ctx, err};
	struct case_info ci;
	int rc, in_tx = 0;

	nrs_error_clear(err);
	rc = begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = load_case(st, case_id, 0, &ci, err);
	if (rc == 0)
		rc = check_reason(ci.client_protected, reason, err);
	/* the log row first, committed before any text leaves: a reader that stops half-way
	 * (or crashes) has still been logged */
	if (rc == 0)
		rc = audit_row(st, keys, actor, "read", "journal", case_id, reason, err);
	if (rc != 0)
		goto out;
	in_tx = 0;
	rc = commit(st, err);
	if (rc == 0)
		rc = store_note_list(st, case_id, note_cb, &nc);
out:
	if (in_tx)
		store_tx_rollback(st);
	return rc;
}

/* ---- interventions ---- */

struct iv_info {
	int64_t id;
	int64_t case_id;
	int64_t client_id;
	char type[41];
	struct nrs_date requested;
	int started;
	struct nrs_date start;
	int ended;
	struct nrs_date end;
};

static int iv_info_cb(const struct intervention_row *row, void *ctx)
{
	struct iv_info *iv = ctx;

	iv->id = row->id;
	iv->case_id = row->case_id;
	iv->client_id = row->client_id;
	snprintf(iv->type, sizeof(iv->type), "%s", row->type);
	iv->started = row->started != NULL;
	iv->ended = row->ended != NULL;
	if (date_parse(row->requested, &iv->requested) != 0 ||
	    (iv->started && date_parse(row->started, &iv->start) != 0) ||
	    (iv->ended && date_parse(row->ended, &iv->end) != 0))
		return NRS_EDB;
	return 0;
}

static int load_iv(struct store *st, int64_t id, struct iv_info *iv, struct nrs_error *err)
{
	int rc;

	memset(iv, 0, sizeof(*iv));
	rc = store_intervention_get(st, id, iv_info_cb, iv);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "insats", "insatsen finns inte");
	return rc != 0 ? fail(rc, err, "insatsen kan inte läsas") : 0;
}

/* The Trappan age rule (R8) on `on`: 1 and *warn filled when the child is under 4, 0 when
 * fine or not a Trappan intervention. Only the birth date is decrypted, and only to compute
 * the age: nothing of it leaves this function but the warning. Without an identity number
 * the latest possible birthday (31 December of the birth year) is assumed, so a child who
 * may be under 4 is warned about. */
struct birth_ctx {
	const struct crypto_keys *keys;
	struct nrs_date birth;
	struct nrs_error *err;
};

/* Only the birth date is decrypted here, never the name or the number. */
static int birth_cb(const struct client_row *row, void *ctx)
{
	struct birth_ctx *bc = ctx;
	struct buf b;
	int rc = 0;

	/* Without an identity number only the year is known: assume the latest possible
	 * birthday, so that a child who may be under the age limit is warned about. */
	bc->birth.year = row->birth_year;
	bc->birth.month = 12;
	bc->birth.day = 31;
	if (row->birth_date.data == NULL)
		return 0;
	buf_init(&b, 0);
	rc = open_sealed(bc->keys, AD_BIRTH, row->id, &row->birth_date, &b, bc->err);
	if (rc == 0 && date_parse(buf_cstr(&b), &bc->birth) != 0)
		rc = nrs_error_set(bc->err, NRS_ECRYPTO, "", "födelsedatumet i posten är skadat");
	buf_wipe(&b);
	return rc;
}

/* The Trappan age rule (R8) on `on`: 1 and *warn filled when the child is under 4, 0 when
 * fine or not a Trappan intervention, negative on error. Nothing of the birth date leaves
 * this function but the warning. */
static int trappan_warning(struct store *st, const struct crypto_keys *keys, const char *type,
                           int64_t client_id, const struct nrs_date *on, struct nrs_error *warn,
                           struct nrs_error *err)
{
	struct birth_ctx bc;
	struct nrs_error w;
	int rc;

	if (strcmp(type, "child_trappan") != 0)
		return 0;
	memset(&bc, 0, sizeof(bc));
	bc.keys = keys;
	bc.err = err;
	rc = store_client_get(st, client_id, birth_cb, &bc);
	if (rc != 0) {
		sodium_memzero(&bc.birth, sizeof(bc.birth));
		return fail(rc, err, "klientens ålder kan inte kontrolleras");
	}
	nrs_error_clear(&w);
	rc = trappan_age_check(&bc.birth, on, &w);
	sodium_memzero(&bc.birth, sizeof(bc.birth));
	if (rc < 0) {
		if (err != NULL)
			*err = w;
		return rc;
	}
	if (rc == 1 && warn != NULL)
		*warn = w;
	return rc;
}

int clientsvc_intervention_create(struct store *st, const struct crypto_keys *keys,
                                  const struct clientsvc_actor *actor,
                                  const struct intervention_create *in, int64_t *id,
                                  struct nrs_error *warn, struct nrs_error *err)
{
	struct intervention_input ii = {0};
	struct case_info ci;
	struct iv_info linked;
	struct nrs_date requested;
	char created_at[21];
	int aid, rc;

	*id = 0;
	nrs_error_clear(err);
	nrs_error_clear(warn);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_date(in->requested, actor, 1, "begard", "datumet då insatsen begärdes",
		                &requested, err);
	if (rc != 0)
		return rc;
	if (!one_of(in->basis, bases))
		return nrs_error_set(err, NRS_EINVAL, "grund",
		                     "välj grund: serviceinsats eller biståndsbeslut");
	aid = strcmp(in->basis, "aid_decision") == 0;
	if (aid) {
		rc = check_municipality(st, in->decision_municipality, "beslutskommun", err);
		if (rc == 0)
			rc = check_date(in->decision_date, actor, 1, "beslutsdatum",
			                "beslutsdatumet", NULL, err);
		if (rc == 0 && opt(in->decision_ref) != NULL &&
		    (strlen(in->decision_ref) > 64 ||
		     !str_utf8_ok(in->decision_ref, strlen(in->decision_ref))))
			rc = nrs_error_set(err, NRS_EINVAL, "diarienummer",
			                   "diarienumret får vara högst 64 tecken");
		if (rc != 0)
			return rc;
	} else if (opt(in->decision_municipality) != NULL || opt(in->decision_date) != NULL ||
	           opt(in->decision_ref) != NULL) {
		return nrs_error_set(err, NRS_EINVAL, "grund",
		                     "beslutsuppgifter hör bara till biståndsbeslut");
	}
	time_now_iso(created_at);
	ii.case_id = in->case_id;
	ii.type = in->type;
	ii.requested = in->requested;
	ii.basis = in->basis;
	ii.decision_municipality = aid ? in->decision_municipality : NULL;
	ii.decision_date = aid ? in->decision_date : NULL;
	ii.decision_ref = aid ? opt(in->decision_ref) : NULL;
	ii.responsible_user = in->responsible_user;
	ii.linked_intervention_id = in->linked_intervention_id;
	ii.created_at = created_at;
	ii.created_by = actor->user_id;
	WRITE_TX(st, err, {
		rc = load_case(st, in->case_id, 1, &ci, err);
		if (rc == 0)
			rc = check_type(st, in->type, "insatstyp", err);
		if (rc == 0 && in->responsible_user != 0)
			rc = check_staff(st, in->responsible_user, ci.organisation_id, "ansvarig",
			                 err);
		if (rc == 0 && in->linked_intervention_id != 0) {
			if (strcmp(in->type, "partner_contact") != 0)
				rc = nrs_error_set(err, NRS_EINVAL, "kopplad_insats",
				                   "bara partnerkontakt kan kopplas till en"
				                   " behandling");
			if (rc == 0)
				rc = load_iv(st, in->linked_intervention_id, &linked, err);
			if (rc == 0 && strcmp(linked.type, "perpetrator_treatment") != 0)
				rc = nrs_error_set(err, NRS_EINVAL, "kopplad_insats",
				                   "partnerkontakt kopplas till en samtals"
				                   "behandling för våldsutövare");
		}
		if (rc == 0)
			rc = trappan_warning(st, keys, in->type, ci.client_id, &requested, warn,
			                     err);
		if (rc == 1)
			rc = 0;
		if (rc == 0)
			rc = store_intervention_add(st, &ii, id, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "create", "intervention", *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			nrs_error_clear(warn);
		}
	});
out:
	return rc;
}

int clientsvc_intervention_start(struct store *st, const struct crypto_keys *keys,
                                 const struct clientsvc_actor *actor, int64_t id,
                                 const char *started, struct nrs_error *warn, struct nrs_error *err)
{
	struct iv_info iv;
	struct nrs_date d;
	int rc;

	nrs_error_clear(err);
	nrs_error_clear(warn);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_date(started, actor, 1, "startdatum", "startdatumet", &d, err);
	if (rc != 0)
		return rc;
	WRITE_TX(st, err, {
		rc = load_iv(st, id, &iv, err);
		if (rc == 0 && date_cmp(&d, &iv.requested) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "startdatum",
			                   "insatsen kan inte starta före datumet då den begärdes");
		if (rc == 0)
			rc = trappan_warning(st, keys, iv.type, iv.client_id, &d, warn, err);
		if (rc == 1)
			rc = 0;
		if (rc == 0)
			rc = store_intervention_start(st, id, started, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "intervention", id, NULL, err);
		if (rc != 0)
			nrs_error_clear(warn);
	});
out:
	return rc;
}

int clientsvc_intervention_end(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t id, const char *ended,
                               const char *end_reason, struct nrs_error *err)
{
	struct nrs_date d;
	int rc;

	nrs_error_clear(err);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_date(ended, actor, 1, "slutdatum", "slutdatumet", &d, err);
	if (rc != 0)
		return rc;
	if (!one_of(end_reason, end_reasons))
		return nrs_error_set(err, NRS_EINVAL, "avslutsorsak", "välj en avslutsorsak");
	WRITE_TX(st, err, {
		rc = store_intervention_end(st, id, ended, end_reason, err);
		if (rc == NRS_ECONFLICT) {
			struct iv_info iv;
			int lrc = load_iv(st, id, &iv, err);
			if (lrc != 0)
				rc = lrc;
		}
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "intervention", id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_session_add(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const struct session_create *in,
                          int64_t *id, struct nrs_error *warn, struct nrs_error *err)
{
	struct session_log_input si = {0};
	struct iv_info iv;
	struct nrs_date held;
	char created_at[21];
	int rc, is_held;

	*id = 0;
	nrs_error_clear(err);
	nrs_error_clear(warn);
	rc = check_today(actor, err);
	if (rc == 0)
		rc = check_date(in->held, actor, 1, "datum", "samtalsdatumet", &held, err);
	if (rc != 0)
		return rc;
	if (in->minutes < 1 || in->minutes > 600)
		return nrs_error_set(err, NRS_EINVAL, "minuter",
		                     "ange samtalets längd i minuter, 1–600");
	if (!one_of(in->mode, modes))
		return nrs_error_set(err, NRS_EINVAL, "form", "välj var eller hur samtalet hölls");
	if (!one_of(in->outcome, outcomes))
		return nrs_error_set(err, NRS_EINVAL, "utfall",
		                     "välj om samtalet hölls, ställdes in eller uteblev");
	is_held = strcmp(in->outcome, "held") == 0;
	time_now_iso(created_at);
	si.intervention_id = in->intervention_id;
	si.held = in->held;
	si.minutes = in->minutes;
	si.mode = in->mode;
	si.outcome = in->outcome;
	si.created_at = created_at;
	si.created_by = actor->user_id;
	WRITE_TX(st, err, {
		rc = load_iv(st, in->intervention_id, &iv, err);
		if (rc == 0 && date_cmp(&held, &iv.requested) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "datum",
			                   "samtalet kan inte vara före datumet då insatsen"
			                   " begärdes");
		if (rc == 0 && iv.ended && date_cmp(&held, &iv.end) > 0)
			rc = nrs_error_set(err, NRS_EINVAL, "datum",
			                   "samtalet kan inte vara efter att insatsen avslutades");
		/* the start is the first held session (R9) */
		if (rc == 0 && is_held && (!iv.started || date_cmp(&held, &iv.start) < 0)) {
			rc = trappan_warning(st, keys, iv.type, iv.client_id, &held, warn, err);
			if (rc == 1)
				rc = 0;
			if (rc == 0)
				rc = store_intervention_start_by_session(st, iv.id, in->held, err);
		}
		if (rc == 0)
			rc = store_session_log_add(st, &si, id, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "create", "session", *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			nrs_error_clear(warn);
		}
	});
out:
	return rc;
}

struct queue_ctx {
	const struct nrs_date *asof;
	queue_entry_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int queue_cb(const struct queue_row *row, void *ctx)
{
	struct queue_ctx *qc = ctx;
	struct queue_entry e;
	struct nrs_date req;
	int rc;

	if (date_parse(row->requested, &req) != 0)
		return NRS_EDB;
	rc = queue_days(&req, qc->asof, &e.days_waited, qc->err);
	if (rc != 0)
		return rc;
	e.intervention_id = row->intervention_id;
	e.case_id = row->case_id;
	e.client_code = row->client_code;
	e.type = row->type;
	e.type_label = row->type_label;
	e.requested = row->requested;
	e.basis = row->basis;
	return qc->cb(&e, qc->ctx);
}

int clientsvc_queue(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const char *type,
                    const struct nrs_date *asof, queue_entry_cb cb, void *ctx,
                    struct nrs_error *err)
{
	struct queue_ctx qc = {asof, cb, ctx, err};
	char day[11];
	int rc;

	nrs_error_clear(err);
	if (asof == NULL || !date_valid(asof->year, asof->month, asof->day))
		return nrs_error_set(err, NRS_EINVAL, "datum", "datumet är inte giltigt");
	type = opt(type);
	if (type != NULL) {
		rc = check_type(st, type, "insatstyp", err);
		if (rc != 0)
			return rc;
	}
	date_format(asof, day);
	rc = audit_row(st, keys, actor, "list", "queue", 0, NULL, err);
	if (rc != 0)
		return fail(rc, err, "loggen kan inte skrivas");
	rc = store_queue_list(st, actor->organisation_id, type, day, queue_cb, &qc);
	return rc;
}

/* ---- police referrals ---- */

struct ref_info {
	int64_t id;
	int64_t received;
	int has_contact;
};

static int ref_info_cb(const struct referral_row *row, void *ctx)
{
	struct ref_info *ri = ctx;

	ri->id = row->id;
	ri->has_contact = row->contact.data != NULL;
	return epoch_from_iso(row->received_at, &ri->received) != 0 ? NRS_EDB : 0;
}

static int load_ref(struct store *st, int64_t id, struct ref_info *ri, struct nrs_error *err)
{
	int rc;

	memset(ri, 0, sizeof(*ri));
	rc = store_referral_get(st, id, ref_info_cb, ri);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "hanvisning", "hänvisningen finns inte");
	return rc != 0 ? fail(rc, err, "hänvisningen kan inte läsas") : 0;
}

int clientsvc_referral_create(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, const struct referral_create *in,
                              int64_t now, int64_t *id, struct nrs_error *err)
{
	struct referral_input ri = {0};
	const char *contact = opt(in->contact);
	struct buf enc;
	struct sealed s;
	char received[21], created_at[21];
	int rc;

	buf_init(&enc, 0);
	*id = 0;
	nrs_error_clear(err);
	rc = check_instant(in->received, 0, now, "mottagen", "mottagningstiden", err);
	if (rc != 0)
		goto out;
	if (contact != NULL && !in->consent) {
		rc = nrs_error_set(err, NRS_EINVAL, "kontakt",
		                   "utan samtycke får inga kontaktuppgifter sparas");
		goto out;
	}
	if (contact != NULL) {
		rc = check_text(contact, CLIENT_CONTACT_MAX_BYTES, "kontakt", "kontaktuppgifterna",
		                err);
		if (rc != 0)
			goto out;
	}
	if (opt(in->municipality) != NULL) {
		rc = check_municipality(st, in->municipality, "kommun", err);
		if (rc != 0)
			goto out;
	}
	if (actor->organisation_id == 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "", "användaren tillhör ingen verksamhet");
		goto out;
	}
	iso_from_epoch(in->received, received);
	time_now_iso(created_at);
	ri.organisation_id = actor->organisation_id;
	ri.received_at = received;
	ri.consent = in->consent ? 1 : 0;
	ri.has_contact = contact != NULL;
	ri.municipality = opt(in->municipality);
	ri.created_at = created_at;
	ri.created_by = actor->user_id;
	WRITE_TX(st, err, {
		rc = store_referral_add(st, &ri, id, err);
		if (rc == 0 && contact != NULL) {
			rc = seal_text(keys, AD_REF_CONTACT, *id, contact, strlen(contact), &enc,
			               err);
			s = sealed_of(&enc);
			if (rc == 0)
				rc = store_referral_seal_contact(st, *id, &s, err);
		}
		if (rc == 0)
			rc =
			    audit_row(st, keys, actor, "create", "police_referral", *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			fail(rc, err, "hänvisningen kunde inte sparas");
		}
	});
out:
	buf_wipe(&enc);
	return rc;
}

int clientsvc_referral_attempt(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id, int64_t at,
                               const char *note, int64_t now, int64_t *id, struct nrs_error *err)
{
	struct ref_info ri;
	struct buf enc;
	struct sealed s;
	char at_iso[21];
	int rc;

	buf_init(&enc, 0);
	*id = 0;
	nrs_error_clear(err);
	note = opt(note);
	if (note != NULL) {
		rc = check_text(note, ATTEMPT_NOTE_MAX_BYTES, "anteckning", "anteckningen", err);
		if (rc != 0)
			goto out;
	}
	WRITE_TX(st, err, {
		rc = load_ref(st, referral_id, &ri, err);
		if (rc == 0)
			rc = check_instant(at, ri.received, now, "tid", "tiden för försöket", err);
		if (rc == 0) {
			iso_from_epoch(at, at_iso);
			rc = store_referral_attempt_add(st, referral_id, at_iso, note != NULL,
			                                actor->user_id, id, err);
		}
		if (rc == 0 && note != NULL) {
			rc = seal_text(keys, AD_ATTEMPT_NOTE, *id, note, strlen(note), &enc, err);
			s = sealed_of(&enc);
			if (rc == 0)
				rc = store_referral_attempt_seal_note(st, *id, &s, err);
		}
		if (rc == 0)
			rc = audit_row(st, keys, actor, "create", "referral_attempt", *id, NULL,
			               err);
		if (rc != 0) {
			*id = 0;
			fail(rc, err, "försöket kunde inte sparas");
		}
	});
out:
	buf_wipe(&enc);
	return rc;
}

int clientsvc_referral_outcome(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id,
                               const int64_t *contact_at, const char *outcome, int64_t now,
                               struct nrs_error *err)
{
	struct ref_info ri;
	char at_iso[21];
	int rc, not_reached;

	nrs_error_clear(err);
	if (!one_of(outcome, referral_outcomes))
		return nrs_error_set(err, NRS_EINVAL, "utfall", "välj ett utfall");
	not_reached = strcmp(outcome, "not_reached") == 0;
	if (not_reached && contact_at != NULL)
		return nrs_error_set(err, NRS_EINVAL, "kontakttid",
		                     "ange ingen kontakttid när personen inte nåddes");
	if (!not_reached && contact_at == NULL)
		return nrs_error_set(err, NRS_EINVAL, "kontakttid", "ange när kontakten togs");
	WRITE_TX(st, err, {
		rc = load_ref(st, referral_id, &ri, err);
		if (rc == 0 && contact_at != NULL) {
			rc = check_instant(*contact_at, ri.received, now, "kontakttid",
			                   "kontakttiden", err);
			if (rc == 0)
				iso_from_epoch(*contact_at, at_iso);
		}
		if (rc == 0)
			rc = store_referral_set_outcome(
			    st, referral_id, contact_at != NULL ? at_iso : NULL, outcome, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "police_referral", referral_id,
			               NULL, err);
	});
out:
	return rc;
}

int clientsvc_referral_link(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t referral_id,
                            int64_t client_id, struct nrs_error *err)
{
	struct ref_info ri;
	int rc;

	nrs_error_clear(err);
	WRITE_TX(st, err, {
		rc = load_ref(st, referral_id, &ri, err);
		if (rc == 0)
			rc = client_exists(st, client_id, "klient", err);
		if (rc == 0)
			rc = store_referral_link_client(st, referral_id, client_id, err);
		if (rc == 0)
			rc = audit_row(st, keys, actor, "update", "police_referral", referral_id,
			               NULL, err);
	});
out:
	return rc;
}

struct contact_ctx {
	const struct crypto_keys *keys;
	char *contact;
	struct nrs_error *err;
};

static int contact_cb(const struct referral_row *row, void *ctx)
{
	struct contact_ctx *cc = ctx;

	return open_opt(cc->keys, AD_REF_CONTACT, row->id, &row->contact, &cc->contact, cc->err);
}

int clientsvc_referral_contact(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id,
                               char **contact, struct nrs_error *err)
{
	struct contact_ctx cc = {keys, NULL, err};
	int rc, in_tx = 0;

	*contact = NULL;
	nrs_error_clear(err);
	rc = begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = store_referral_get(st, referral_id, contact_cb, &cc);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "hanvisning", "hänvisningen finns inte");
	if (rc == 0)
		rc = audit_row(st, keys, actor, "read", "police_referral", referral_id, NULL, err);
	if (rc != 0) {
		fail(rc, err, "hänvisningen kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = commit(st, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc == 0)
		*contact = cc.contact;
	else
		clientsvc_text_free(cc.contact);
	return rc;
}

struct reflist_ctx {
	int64_t now;
	referral_entry_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int reflist_cb(const struct referral_row *row, void *ctx)
{
	struct reflist_ctx *rl = ctx;
	struct referral_entry e;
	int64_t received, contacted;
	int rc;

	if (epoch_from_iso(row->received_at, &received) != 0 ||
	    (row->first_contact_at != NULL &&
	     epoch_from_iso(row->first_contact_at, &contacted) != 0))
		return NRS_EDB;
	memset(&e, 0, sizeof(e));
	rc = police_referral_status(received, row->first_contact_at != NULL ? &contacted : NULL,
	                            rl->now < received ? received : rl->now, &e.status, rl->err);
	if (rc != 0)
		return rc;
	e.id = row->id;
	e.received_at = row->received_at;
	iso_from_epoch(police_deadline(received), e.deadline_at);
	e.seconds_left = police_deadline(received) - rl->now;
	e.status_label = police_status_label(e.status);
	e.consent = row->consent;
	e.municipality = row->municipality;
	e.first_contact_at = row->first_contact_at;
	e.outcome = row->outcome;
	e.client_code = row->client_code;
	e.attempts = row->attempts;
	e.last_attempt_at = row->last_attempt_at;
	return rl->cb(&e, rl->ctx);
}

int clientsvc_referral_list(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t now, int open_only,
                            referral_entry_cb cb, void *ctx, struct nrs_error *err)
{
	struct reflist_ctx rl = {now, cb, ctx, err};
	int rc;

	nrs_error_clear(err);
	if (now < 0 || now > POLICE_TIME_MAX)
		return nrs_error_set(err, NRS_EINVAL, "", "klockan är orimlig");
	rc = audit_row(st, keys, actor, "list", "police_referral", 0, NULL, err);
	if (rc != 0)
		return fail(rc, err, "loggen kan inte skrivas");
	return store_referral_list(st, actor->organisation_id, open_only, reflist_cb, &rl);
}
