/* Shelter placements and the shelter's statistics (see placementsvc.h). Dates are
 * YYYY-MM-DD throughout; the undertakings are sealed with the placement's id as associated
 * data, so a ciphertext moved to another row or column does not decrypt. */
#include "security/placementsvc.h"

#include "base/str.h"
#include "domain/occupancy.h"
#include "security/casequery.h"
#include "security/policy.h"
#include "security/svc.h"
#include "store/placement.h"
#include "store/reference.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Associated-data kinds of the sealed columns. Never change a shipped value. */
#define AD_MUNI_UNDERTAKES "placement.municipality_undertakes"
#define AD_SHELTER_UNDERTAKES "placement.shelter_undertakes"

static const char *const refusal_reasons[] = {"no_room", "other", NULL};

/* Copy src (NULL: "") into dst of n bytes, cut at n - 1. */
static void cpy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* ---- rules and labels ---- */

unsigned placement_deviations_of(const struct nrs_date *start, const struct nrs_date *end,
                                 bool is_signed, bool meeting_held, const struct nrs_date *today)
{
	unsigned d = 0;

	if (!is_signed)
		d |= PLACEMENT_DEV_UNSIGNED;
	if (followup_overdue(start, end, meeting_held, today))
		d |= PLACEMENT_DEV_FOLLOWUP_OVERDUE;
	return d;
}

const char *placement_deviation_text(unsigned bit)
{
	switch (bit) {
	case PLACEMENT_DEV_UNSIGNED:
		return "Avtalet är inte undertecknat";
	case PLACEMENT_DEV_FOLLOWUP_OVERDUE:
		return "Uppföljningsmötet är försenat";
	default:
		return "";
	}
}

const char *placement_followup_text(enum followup_status s)
{
	switch (s) {
	case FOLLOWUP_NOT_NEEDED:
		return "Behövs inte";
	case FOLLOWUP_UPCOMING:
		return "Inte ännu";
	case FOLLOWUP_DONE:
		return "Hållet";
	case FOLLOWUP_OVERDUE:
		return "Försenat";
	}
	return "";
}

const char *placement_followup_key(enum followup_status s)
{
	switch (s) {
	case FOLLOWUP_NOT_NEEDED:
		return "not_needed";
	case FOLLOWUP_UPCOMING:
		return "upcoming";
	case FOLLOWUP_DONE:
		return "done";
	case FOLLOWUP_OVERDUE:
		return "overdue";
	}
	return "";
}

const char *placement_refusal_reason_text(const char *reason)
{
	if (reason == NULL)
		return NULL;
	if (strcmp(reason, "no_room") == 0)
		return "Platsbrist";
	if (strcmp(reason, "other") == 0)
		return "Annat skäl";
	return NULL;
}

/* A stored date; a malformed one (the schema's GLOB lets 2026-02-31 through) is a store
 * error rather than a crash. */
static int stored_date(const char *s, struct nrs_date *d)
{
	return s != NULL && date_parse(s, d) == 0 ? 0 : NRS_EDB;
}

/* The follow-up status and deviations of a stored placement on today. */
static int assess(const char *start_s, const char *end_s, const char *signed_date,
                  int64_t followups, const struct nrs_date *today, struct nrs_date *due,
                  enum followup_status *fs, unsigned *dev)
{
	struct nrs_date start, end;
	bool has_end = end_s != NULL && end_s[0] != '\0';

	if (stored_date(start_s, &start) != 0 || (has_end && stored_date(end_s, &end) != 0))
		return NRS_EDB;
	*due = followup_due_date(&start);
	*fs = followup_status(&start, has_end ? &end : NULL, followups > 0, today);
	*dev = placement_deviations_of(&start, has_end ? &end : NULL,
	                               signed_date != NULL && signed_date[0] != '\0', followups > 0,
	                               today);
	return 0;
}

/* ---- access facts ---- */

int placementsvc_relations(struct store *st, const struct account *acc, int64_t id,
                           unsigned *relations)
{
	int64_t owner = 0;
	int rc = store_placement_owner(st, id, &owner);

	*relations = REL_ANY;
	if (rc != 0)
		return rc;
	if (acc->organisation_id != 0 && owner == acc->organisation_id)
		*relations |= REL_OWN_ORG;
	return 0;
}

int placementsvc_scope(const struct account *acc, int64_t *placing_org_id)
{
	*placing_org_id = 0;
	if (policy_allows(acc->roles, REL_ANY, REC_PLACEMENT, ACT_LIST))
		return 0;
	if (acc->organisation_id != 0 &&
	    policy_allows(acc->roles, REL_ANY | REL_OWN_ORG, REC_PLACEMENT, ACT_LIST)) {
		*placing_org_id = acc->organisation_id;
		return 0;
	}
	return NRS_EDENIED;
}

/* ---- input checks ---- */

int placementsvc_parse_ages(const char *text, int *ages, size_t max, size_t *n,
                            struct nrs_error *err)
{
	const char *p = text != NULL ? text : "";

	*n = 0;
	for (;;) {
		long v = 0;
		size_t digits = 0;

		while (*p == ' ' || *p == ',' || *p == ';' || *p == '\t')
			p++;
		if (*p == '\0')
			return 0;
		while (*p >= '0' && *p <= '9') {
			if (digits++ < 3)
				v = v * 10 + (*p - '0');
			p++;
		}
		if (digits == 0 ||
		    (*p != '\0' && *p != ' ' && *p != ',' && *p != ';' && *p != '\t'))
			return nrs_error_set(
			    err, NRS_EINVAL, "child_ages",
			    "Skriv barnens åldrar som heltal åtskilda med kommatecken, "
			    "till exempel 3, 7.");
		if (digits > 3 || v > PLACEMENT_CHILD_AGE_MAX)
			return nrs_error_set(err, NRS_EINVAL, "child_ages",
			                     "Barnens åldrar ska vara mellan 0 och %d år.",
			                     PLACEMENT_CHILD_AGE_MAX);
		if (*n >= max)
			return nrs_error_set(err, NRS_EINVAL, "child_ages",
			                     "Högst %zu barn kan anges.", max);
		ages[(*n)++] = (int)v;
	}
}

/* An optional single-line reference: NULL/"" or 1..max bytes of UTF-8 without line breaks. */
static int check_ref(const char *s, struct nrs_error *err)
{
	int rc;

	if (svc_opt(s) == NULL)
		return 0;
	rc = svc_check_text(s, PLACEMENT_REF_MAX_BYTES, "decision_ref", "beslutets diarienummer",
	                    err);
	if (rc == NRS_ETOOBIG)
		rc = nrs_error_set(err, NRS_EINVAL, "decision_ref",
		                   "Beslutets diarienummer får vara högst %d tecken.",
		                   PLACEMENT_REF_MAX_BYTES);
	if (rc == 0 && (strchr(s, '\n') != NULL || strchr(s, '\t') != NULL))
		rc = nrs_error_set(err, NRS_EINVAL, "decision_ref",
		                   "Beslutets diarienummer ska stå på en rad.");
	return rc;
}

struct shelter_check {
	int ok;
	char name[201];
};

static int shelter_row(const struct org_row *row, void *ctx)
{
	struct shelter_check *c = ctx;

	c->ok = row->active && row->kind != NULL && strcmp(row->kind, "shelter") == 0;
	cpy(c->name, sizeof(c->name), row->name != NULL ? row->name : "");
	return 0;
}

/* shelter_id names an active shelter; else NRS_EINVAL on "shelter_id". */
static int check_shelter(struct store *st, int64_t shelter_id, struct nrs_error *err)
{
	struct shelter_check c = {0};
	int rc = shelter_id > 0 ? store_org_get(st, shelter_id, shelter_row, &c) : NRS_ENOTFOUND;

	if (rc != 0 && rc != NRS_ENOTFOUND)
		return svc_fail(rc, err, "organisationsregistret kan inte läsas");
	if (rc == NRS_ENOTFOUND || !c.ok)
		return nrs_error_set(err, NRS_EINVAL, "shelter_id",
		                     "Välj ett skyddat boende ur listan.");
	return 0;
}

/* The woman: a client whose home municipality is the account's municipality. Unknown and
 * out-of-scope codes get the same answer. */
static int check_client(struct store *st, const struct account *acc, const char *code,
                        int64_t *client_id, struct nrs_error *err)
{
	struct cq_client c;
	const char *start;
	char trimmed[CLIENT_CODE_MAX];
	unsigned rel = 0;
	size_t len;
	int rc;

	*client_id = 0;
	if (svc_blank(code))
		return nrs_error_set(err, NRS_EINVAL, "client_code",
		                     "Ange kvinnans klientkod (till exempel K-2026-0042).");
	svc_trim_span(code, &start, &len);
	if (len >= sizeof(trimmed))
		goto none;
	memcpy(trimmed, start, len);
	trimmed[len] = '\0';
	rc = casequery_client_by_code(st, acc, trimmed, client_id);
	if (rc == 0)
		rc = casequery_client(st, acc, *client_id, &c, &rel);
	if (rc != 0 && rc != NRS_ENOTFOUND)
		return svc_fail(rc, err, "klientregistret kan inte läsas");
	if (rc == 0 && (rel & REL_HOME_MUNICIPALITY) && acc->municipality_code[0] != '\0' &&
	    strcmp(c.home_municipality, acc->municipality_code) == 0)
		return 0;
none:
	*client_id = 0;
	return nrs_error_set(err, NRS_EINVAL, "client_code",
	                     "Det finns ingen klient med den koden i din kommun.");
}

static int check_input(struct store *st, const struct clientsvc_actor *actor,
                       const struct account *acc, const struct placement_input *in,
                       int64_t *client_id, struct nrs_error *err)
{
	struct nrs_date start, end;
	int rc;

	if (acc->organisation_id == 0 || strcmp(acc->organisation_kind, "municipality") != 0 ||
	    acc->municipality_code[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "",
		                     "Bara socialtjänsten i en kommun kan registrera placeringar.");
	rc = check_client(st, acc, in->client_code, client_id, err);
	if (rc == 0)
		rc = check_shelter(st, in->shelter_id, err);
	if (rc != 0)
		return rc;
	if (in->children < 0 || in->children > PLACEMENT_CHILDREN_MAX)
		return nrs_error_set(err, NRS_EINVAL, "children",
		                     "Antalet medföljande barn ska vara mellan 0 och %d.",
		                     PLACEMENT_CHILDREN_MAX);
	for (size_t i = 0; i < in->nages; i++)
		if (in->ages[i] < 0 || in->ages[i] > PLACEMENT_CHILD_AGE_MAX)
			return nrs_error_set(err, NRS_EINVAL, "child_ages",
			                     "Barnens åldrar ska vara mellan 0 och %d år.",
			                     PLACEMENT_CHILD_AGE_MAX);
	if (in->nages != (size_t)in->children)
		return nrs_error_set(err, NRS_EINVAL, "child_ages",
		                     "Ange en ålder för varje medföljande barn (%lld barn, %zu "
		                     "åldrar).",
		                     (long long)in->children, in->nages);
	rc = svc_check_date(in->start, actor, 0, "start", "startdatum", &start, err);
	if (rc != 0)
		return rc;
	if (svc_opt(in->end) != NULL) {
		rc = svc_check_date(in->end, actor, 0, "end", "slutdatum", &end, err);
		if (rc != 0)
			return rc;
		if (date_cmp(&end, &start) < 0)
			return nrs_error_set(err, NRS_EINVAL, "end",
			                     "Slutdatum kan inte vara före startdatum.");
	}
	if (!in->housing && !in->support)
		return nrs_error_set(err, NRS_EINVAL, "intervention",
		                     "Välj vad insatsen avser: boende, stöd eller båda.");
	rc = svc_check_text(in->municipality_undertakes != NULL ? in->municipality_undertakes : "",
	                    PLACEMENT_TEXT_MAX_BYTES, "municipality_undertakes",
	                    "vad kommunen åtar sig", err);
	if (rc == 0)
		rc = svc_check_text(in->shelter_undertakes != NULL ? in->shelter_undertakes : "",
		                    PLACEMENT_TEXT_MAX_BYTES, "shelter_undertakes",
		                    "vad boendet åtar sig", err);
	if (rc == 0)
		rc = svc_check_date(in->decision_date, actor, 1, "decision_date",
		                    "datum för biståndsbeslutet", NULL, err);
	if (rc == 0)
		rc = check_ref(in->decision_ref, err);
	if (rc == 0 && svc_opt(in->signed_date) != NULL)
		rc = svc_check_date(in->signed_date, actor, 1, "signed", "datum för underskrift",
		                    NULL, err);
	return rc;
}

/* Turn err's message into a sentence (the shared checks write lower-case phrases). */
static int done(int rc, struct nrs_error *err)
{
	size_t n;
	unsigned char *m;

	if (rc == 0 || err == NULL || err->msg[0] == '\0')
		return rc;
	m = (unsigned char *)err->msg;
	if (m[0] >= 'a' && m[0] <= 'z')
		m[0] = (unsigned char)(m[0] - 'a' + 'A');
	else if (m[0] == 0xc3 && (m[1] == 0xa4 || m[1] == 0xa5 || m[1] == 0xb6))
		m[1] = (unsigned char)(m[1] - 0x20); /* ä å ö -> Ä Å Ö */
	n = strlen(err->msg);
	if (n > 0 && err->msg[n - 1] != '.' && n + 1 < sizeof(err->msg)) {
		err->msg[n] = '.';
		err->msg[n + 1] = '\0';
	}
	return rc;
}

/* ---- placements ---- */

int placementsvc_create(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, const struct account *acc,
                        const struct placement_input *in, int64_t *id, struct nrs_error *err)
{
	struct placement_insert pi = {0};
	struct buf muni, shel;
	struct sealed sm, ss;
	char created_at[21];
	int64_t client_id = 0;
	int rc;

	buf_init(&muni, 0);
	buf_init(&shel, 0);
	*id = 0;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = check_input(st, actor, acc, in, &client_id, err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	pi.placing_org_id = acc->organisation_id;
	pi.shelter_org_id = in->shelter_id;
	pi.client_id = client_id;
	pi.start_date = in->start;
	pi.end_date = svc_opt(in->end);
	pi.housing = in->housing ? 1 : 0;
	pi.support = in->support ? 1 : 0;
	pi.decision_date = in->decision_date;
	pi.decision_ref = svc_opt(in->decision_ref);
	pi.signed_date = svc_opt(in->signed_date);
	pi.created_at = created_at;
	pi.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = store_placement_add(st, &pi, id, err);
		if (rc == 0)
			rc = svc_seal_text(keys, AD_MUNI_UNDERTAKES, *id,
			                   in->municipality_undertakes,
			                   strlen(in->municipality_undertakes), &muni, err);
		if (rc == 0)
			rc = svc_seal_text(keys, AD_SHELTER_UNDERTAKES, *id, in->shelter_undertakes,
			                   strlen(in->shelter_undertakes), &shel, err);
		if (rc == 0) {
			sm = svc_sealed_of(&muni);
			ss = svc_sealed_of(&shel);
			rc = store_placement_seal(st, *id, &sm, &ss, err);
		}
		for (size_t i = 0; rc == 0 && i < in->nages; i++)
			rc = store_placement_child_add(st, *id, (int)i + 1, in->ages[i], err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "placement", *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "placeringen kunde inte sparas");
		}
	});
out:
	svc_buf_wipe(&muni);
	svc_buf_wipe(&shel);
	return done(rc, err);
}

/* The facts of a placement the writes check. */
struct placement_facts {
	struct nrs_date start;
	int has_end;
	struct nrs_date end;
	int is_signed;
	int64_t followups;
};

static int facts_row(const struct placement_row *row, void *ctx)
{
	struct placement_facts *f = ctx;

	f->has_end = row->end_date != NULL;
	f->is_signed = row->signed_date != NULL;
	f->followups = row->followups;
	if (stored_date(row->start_date, &f->start) != 0 ||
	    (f->has_end && stored_date(row->end_date, &f->end) != 0))
		return NRS_EDB;
	return 0;
}

static int load_facts(struct store *st, int64_t id, struct placement_facts *f,
                      struct nrs_error *err)
{
	int rc;

	memset(f, 0, sizeof(*f));
	rc = store_placement_get(st, id, facts_row, f);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "", "placeringen finns inte");
	return rc != 0 ? svc_fail(rc, err, "placeringen kan inte läsas") : 0;
}

int placementsvc_sign(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, int64_t id, const char *signed_date,
                      struct nrs_error *err)
{
	struct placement_facts f;
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(signed_date, actor, 1, "signed", "datum för underskrift", NULL,
		                    err);
	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err, {
		rc = load_facts(st, id, &f, err);
		if (rc == 0 && f.is_signed)
			rc = nrs_error_set(err, NRS_ECONFLICT, "signed",
			                   "Avtalet är redan registrerat som undertecknat.");
		if (rc == 0)
			rc = store_placement_sign(st, id, signed_date, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "placement", id, NULL, err);
		if (rc != 0)
			svc_fail(rc, err, "underskriften kunde inte sparas");
	});
out:
	return done(rc, err);
}

int placementsvc_followup_add(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, int64_t id, const char *held,
                              struct nrs_error *err)
{
	struct placement_facts f;
	struct nrs_date d;
	char created_at[21];
	int64_t fid = 0;
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(held, actor, 1, "held", "datum för mötet", &d, err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	SVC_WRITE_TX(st, err, {
		rc = load_facts(st, id, &f, err);
		if (rc == 0 && date_cmp(&d, &f.start) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "held",
			                   "Mötet kan inte ha hållits före placeringens start.");
		if (rc == 0 && f.followups >= PLACEMENT_FOLLOWUPS_MAX)
			rc = nrs_error_set(err, NRS_EINVAL, "held",
			                   "Högst %d uppföljningsmöten kan registreras.",
			                   PLACEMENT_FOLLOWUPS_MAX);
		if (rc == 0)
			rc = store_placement_followup_add(st, id, held, created_at, actor->user_id,
			                                  &fid, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "placement_followup", fid,
			                   NULL, err);
		if (rc != 0)
			svc_fail(rc, err, "mötet kunde inte sparas");
	});
out:
	return done(rc, err);
}

int placementsvc_end(struct store *st, const struct crypto_keys *keys,
                     const struct clientsvc_actor *actor, int64_t id, const char *end,
                     struct nrs_error *err)
{
	struct placement_facts f;
	struct nrs_date d;
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(end, actor, 1, "end", "slutdatum", &d, err);
	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err, {
		rc = load_facts(st, id, &f, err);
		if (rc == 0 && f.has_end && date_cmp(&f.end, &actor->today) <= 0)
			rc = nrs_error_set(err, NRS_ECONFLICT, "end",
			                   "Placeringen är redan avslutad.");
		if (rc == 0 && date_cmp(&d, &f.start) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "end",
			                   "Slutdatum kan inte vara före startdatum.");
		if (rc == 0)
			rc = store_placement_set_end(st, id, end, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "placement", id, NULL, err);
		if (rc != 0)
			svc_fail(rc, err, "slutdatumet kunde inte sparas");
	});
out:
	return done(rc, err);
}

/* ---- reading ---- */

struct read_ctx {
	const struct crypto_keys *keys;
	struct placement_view *v;
	struct nrs_error *err;
};

static int read_row(const struct placement_row *row, void *ctx)
{
	struct read_ctx *r = ctx;
	struct placement_view *v = r->v;
	int rc;

	v->id = row->id;
	v->placing_org_id = row->placing_org_id;
	cpy(v->placing_org_name, sizeof(v->placing_org_name), row->placing_org_name);
	v->shelter_id = row->shelter_org_id;
	cpy(v->shelter_name, sizeof(v->shelter_name), row->shelter_name);
	cpy(v->client_code, sizeof(v->client_code), row->client_code);
	cpy(v->start, sizeof(v->start), row->start_date);
	cpy(v->end, sizeof(v->end), row->end_date != NULL ? row->end_date : "");
	v->housing = row->housing;
	v->support = row->support;
	cpy(v->decision_date, sizeof(v->decision_date), row->decision_date);
	cpy(v->decision_ref, sizeof(v->decision_ref),
	    row->decision_ref != NULL ? row->decision_ref : "");
	cpy(v->signed_date, sizeof(v->signed_date),
	    row->signed_date != NULL ? row->signed_date : "");
	cpy(v->created_at, sizeof(v->created_at), row->created_at);
	rc = svc_open_opt(r->keys, AD_MUNI_UNDERTAKES, row->id, &row->municipality_undertakes,
	                  &v->municipality_undertakes, r->err);
	if (rc == 0)
		rc = svc_open_opt(r->keys, AD_SHELTER_UNDERTAKES, row->id, &row->shelter_undertakes,
		                  &v->shelter_undertakes, r->err);
	return rc;
}

static int read_child(int position, int age, void *ctx)
{
	struct placement_view *v = ctx;

	(void)position;
	if (v->nchildren >= PLACEMENT_CHILDREN_MAX)
		return NRS_EDB;
	v->ages[v->nchildren++] = age;
	return 0;
}

static int read_followup(int64_t id, const char *held, void *ctx)
{
	struct placement_view *v = ctx;

	(void)id;
	if (v->nfollowups >= PLACEMENT_FOLLOWUPS_MAX)
		return NRS_EDB;
	cpy(v->followups[v->nfollowups++], sizeof(v->followups[0]), held);
	return 0;
}

int placementsvc_read(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, int64_t id, struct placement_view **out,
                      struct nrs_error *err)
{
	struct read_ctx r = {keys, NULL, err};
	int rc, in_tx = 0;

	*out = NULL;
	nrs_error_clear(err);
	r.v = calloc(1, sizeof(*r.v));
	if (r.v == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = store_placement_get(st, id, read_row, &r);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "", "placeringen finns inte");
	if (rc == 0)
		rc = store_placement_children(st, id, read_child, r.v);
	if (rc == 0)
		rc = store_placement_followups(st, id, read_followup, r.v);
	if (rc == 0)
		rc = assess(r.v->start, r.v->end, r.v->signed_date, (int64_t)r.v->nfollowups,
		            &actor->today, &r.v->due, &r.v->fstatus, &r.v->deviations);
	/* audited once everything is read: the view is not handed out without its log row */
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "read", "placement", id, NULL, err);
	if (rc != 0) {
		svc_fail(rc, err, "placeringen kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = svc_commit(st, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc == 0)
		*out = r.v;
	else
		placementsvc_view_free(r.v);
	return done(rc, err);
}

void placementsvc_view_free(struct placement_view *v)
{
	if (v == NULL)
		return;
	clientsvc_text_free(v->municipality_undertakes);
	clientsvc_text_free(v->shelter_undertakes);
	free(v);
}

struct list_ctx {
	const struct nrs_date *today;
	bool deviations_only;
	placement_entry_cb cb;
	void *ctx;
};

static int list_row(const struct placement_row *row, void *ctx)
{
	struct list_ctx *l = ctx;
	struct placement_entry e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = assess(row->start_date, row->end_date, row->signed_date, row->followups, l->today,
	            &e.due, &e.fstatus, &e.deviations);
	if (rc != 0)
		return rc;
	if (l->deviations_only && e.deviations == 0)
		return 0;
	e.id = row->id;
	e.client_code = row->client_code;
	e.placing_org_name = row->placing_org_name;
	e.shelter_name = row->shelter_name;
	e.start = row->start_date;
	e.end = row->end_date;
	e.signed_date = row->signed_date;
	e.last_followup = row->last_followup;
	e.housing = row->housing;
	e.support = row->support;
	e.children = row->children;
	return l->cb(&e, l->ctx);
}

int placementsvc_list(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, int64_t placing_org_id,
                      bool deviations_only, placement_entry_cb cb, void *ctx, struct nrs_error *err)
{
	struct list_ctx l = {&actor->today, deviations_only, cb, ctx};
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	/* the list is logged before any row leaves this module */
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "list", "placement", 0, NULL, err);
	if (rc == 0) {
		rc = store_placement_list(st, placing_org_id, list_row, &l);
		if (rc < 0 && err != NULL && err->code == NRS_OK)
			svc_fail(rc, err, "placeringarna kan inte läsas");
	}
	return done(rc, err);
}

/* ---- shelters and statistics ---- */

struct shelters_ctx {
	shelter_cb cb;
	void *ctx;
};

static int shelters_row(const struct org_row *row, void *ctx)
{
	struct shelters_ctx *s = ctx;

	if (!row->active)
		return 0;
	return s->cb(row->id, row->name, s->ctx);
}

int placementsvc_shelters(struct store *st, shelter_cb cb, void *ctx)
{
	struct shelters_ctx s = {cb, ctx};

	return store_org_list(st, "shelter", shelters_row, &s);
}

int placementsvc_refusal_add(struct store *st, const struct crypto_keys *keys,
                             const struct clientsvc_actor *actor, int64_t shelter_id,
                             const char *date, const char *reason, int64_t count, int64_t *id,
                             struct nrs_error *err)
{
	char created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = check_shelter(st, shelter_id, err);
	if (rc == 0)
		rc = svc_check_date(date, actor, 1, "date", "datum", NULL, err);
	if (rc == 0 && !svc_one_of(reason, refusal_reasons))
		rc = nrs_error_set(err, NRS_EINVAL, "reason",
		                   "Välj skäl: platsbrist eller annat skäl.");
	if (rc == 0 && (count < 1 || count > REFUSAL_COUNT_MAX))
		rc = nrs_error_set(err, NRS_EINVAL, "count",
		                   "Antalet ska vara ett heltal mellan 1 och %d.",
		                   REFUSAL_COUNT_MAX);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	SVC_WRITE_TX(st, err, {
		rc = store_refusal_add(st, shelter_id, date, reason, count, created_at,
		                       actor->user_id, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "shelter_refusal", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "avvisningarna kunde inte sparas");
		}
	});
out:
	return done(rc, err);
}

int placementsvc_period(const char *from, const char *to, struct nrs_date *f, struct nrs_date *t,
                        struct nrs_error *err)
{
	if (from == NULL || date_parse(from, f) != 0)
		return nrs_error_set(err, NRS_EINVAL, "from",
		                     "Från och med ska vara ett datum (ÅÅÅÅ-MM-DD).");
	if (to == NULL || date_parse(to, t) != 0)
		return nrs_error_set(err, NRS_EINVAL, "to",
		                     "Till och med ska vara ett datum (ÅÅÅÅ-MM-DD).");
	if (date_cmp(t, f) < 0)
		return nrs_error_set(err, NRS_EINVAL, "to",
		                     "Till och med kan inte vara före från och med.");
	if (date_diff_days(f, t) > SHELTER_STATS_MAX_DAYS)
		return nrs_error_set(err, NRS_EINVAL, "to", "Välj en period på högst tio år.");
	return 0;
}

struct stats_ctx {
	struct shelter_stats *v;
	size_t n, cap;
	struct nrs_date from, to; /* nights counted: from..to (to clamped to yesterday) */
	int nights;               /* 0 when the clamped period is empty */
};

/* The row for shelter id, added (with name, when known) if missing; NULL on ENOMEM. */
static struct shelter_stats *stats_row(struct stats_ctx *s, int64_t id, const char *name)
{
	struct shelter_stats *nv;

	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].shelter_id == id)
			return &s->v[i];
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 4;

		nv = realloc(s->v, cap * sizeof(*nv));
		if (nv == NULL)
			return NULL;
		s->v = nv;
		s->cap = cap;
	}
	nv = &s->v[s->n++];
	memset(nv, 0, sizeof(*nv));
	nv->shelter_id = id;
	cpy(nv->shelter_name, sizeof(nv->shelter_name), name != NULL ? name : "");
	return nv;
}

static int stats_shelter(int64_t id, const char *name, void *ctx)
{
	return stats_row(ctx, id, name) != NULL ? 0 : NRS_ENOMEM;
}

static int stats_org_name(const struct org_row *row, void *ctx)
{
	cpy(ctx, 201, row->name != NULL ? row->name : "");
	return 0;
}

static int stats_span(const struct placement_span *p, void *ctx)
{
	struct stats_ctx *s = ctx;
	struct shelter_stats *r = stats_row(s, p->shelter_org_id, NULL);
	struct stay stay = {0};

	if (r == NULL)
		return NRS_ENOMEM;
	r->women++;
	r->children += p->children;
	if (!s->nights)
		return 0;
	if (stored_date(p->start_date, &stay.move_in) != 0)
		return NRS_EDB;
	stay.has_move_out = p->end_date != NULL;
	if (stay.has_move_out && stored_date(p->end_date, &stay.move_out) != 0)
		return NRS_EDB;
	if (stay_validate(&stay, NULL) != 0)
		return NRS_EDB;
	{
		int64_t nights = stay_nights_in_period(&stay, &s->from, &s->to);

		r->woman_nights += nights;
		r->child_nights += nights * p->children;
	}
	return 0;
}

static int stats_refusal(const struct refusal_row *row, void *ctx)
{
	struct shelter_stats *r = stats_row(ctx, row->shelter_org_id, row->shelter_name);

	if (r == NULL)
		return NRS_ENOMEM;
	if (strcmp(row->reason, "no_room") == 0)
		r->refused_no_room += row->count;
	else
		r->refused_other += row->count;
	return 0;
}

static int cmp_stats(const void *a, const void *b)
{
	const struct shelter_stats *x = a, *y = b;
	int c = strcmp(x->shelter_name, y->shelter_name);

	return c != 0 ? c : (x->shelter_id < y->shelter_id ? -1 : x->shelter_id > y->shelter_id);
}

int placementsvc_stats(struct store *st, const struct nrs_date *from, const struct nrs_date *to,
                       const struct nrs_date *today, struct shelter_stats **out, size_t *n,
                       struct nrs_error *err)
{
	struct stats_ctx s = {0};
	struct nrs_date yesterday = date_from_days(date_to_days(today) - 1);
	char f[11], t[11];
	int rc;

	*out = NULL;
	*n = 0;
	nrs_error_clear(err);
	s.from = *from;
	/* a night counts once it has passed: the period's nights end yesterday at the latest */
	s.to = date_cmp(to, &yesterday) > 0 ? yesterday : *to;
	s.nights = date_cmp(&s.to, &s.from) >= 0;
	date_format(from, f);
	date_format(to, t);
	rc = placementsvc_shelters(st, stats_shelter, &s);
	if (rc == 0)
		rc = store_placement_spans(st, f, t, stats_span, &s);
	if (rc == 0)
		rc = store_refusal_list(st, f, t, stats_refusal, &s);
	/* a shelter that has since been deactivated still has its name */
	for (size_t i = 0; rc == 0 && i < s.n; i++)
		if (s.v[i].shelter_name[0] == '\0')
			rc = store_org_get(st, s.v[i].shelter_id, stats_org_name,
			                   s.v[i].shelter_name);
	if (rc != 0) {
		free(s.v);
		return svc_fail(rc, err, "statistiken kan inte läsas");
	}
	if (s.n > 1)
		qsort(s.v, s.n, sizeof(*s.v), cmp_stats);
	*out = s.v;
	*n = s.n;
	return 0;
}

struct refusals_ctx {
	refusal_entry_cb cb;
	void *ctx;
};

static int refusals_row(const struct refusal_row *row, void *ctx)
{
	struct refusals_ctx *r = ctx;
	struct refusal_entry e = {row->id,
	                          row->shelter_name,
	                          row->date,
	                          row->reason,
	                          placement_refusal_reason_text(row->reason),
	                          row->count};

	if (e.reason_text == NULL)
		e.reason_text = row->reason;
	return r->cb(&e, r->ctx);
}

int placementsvc_refusals(struct store *st, const struct nrs_date *from, const struct nrs_date *to,
                          refusal_entry_cb cb, void *ctx)
{
	struct refusals_ctx r = {cb, ctx};
	char f[11], t[11];

	date_format(from, f);
	date_format(to, t);
	return store_refusal_list(st, f, t, refusals_row, &r);
}
