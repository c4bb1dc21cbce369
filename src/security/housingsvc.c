/* The emergency-apartment service (see housingsvc.h). The night convention and the overlap
 * rule are domain/occupancy.h's; this file checks input, runs the overlap check inside the
 * writing transaction (BEGIN IMMEDIATE: no other writer between the check and the insert)
 * and writes each change with its audit row. */
#include "security/housingsvc.h"

#include "base/str.h"
#include "domain/money.h"
#include "security/activitysvc.h"
#include "security/economysvc.h"
#include "security/policy.h"
#include "security/svc.h"
#include "store/casequery.h"
#include "store/reference.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHARGE_MAX_ORE ((int64_t)100000000) /* 1 000 000 kr: no wear charge comes near */
#define AUDIT_STAY "stay"
#define AUDIT_APARTMENT "apartment"
#define AUDIT_STAY_CHARGE "stay_charge"

const struct housing_choice housing_charge_reasons[] = {
    {"wear", "Onormalt slitage"},
    {"cleaning", "Städning"},
    {"wear_cleaning", "Onormalt slitage och städning"},
    {NULL, NULL},
};

const char *housing_label(const struct housing_choice *list, const char *key)
{
	if (key == NULL)
		return NULL;
	for (size_t i = 0; list[i].key != NULL; i++)
		if (strcmp(list[i].key, key) == 0)
			return list[i].label;
	return NULL;
}

/* Every public function that can fail with a message ends here: a Swedish sentence. */
static int done(int rc, struct nrs_error *err)
{
	if (rc != 0)
		activity_error_sentence(err);
	return rc;
}

static int check_actor(const struct clientsvc_actor *actor, struct nrs_error *err)
{
	int rc = svc_check_today(actor, err);

	if (rc == 0 && actor->organisation_id == 0)
		rc = nrs_error_set(err, NRS_EINVAL, "", "Användaren tillhör ingen verksamhet.");
	return rc;
}

/* A date of a stay: a real date from 2000 on, at most HOUSING_BOOK_AHEAD_DAYS after today
 * (a booking may be entered ahead; a typo years ahead is caught). */
static int check_day(const char *s, const struct clientsvc_actor *a, const char *field,
                     const char *label, struct nrs_date *out, struct nrs_error *err)
{
	int rc = svc_check_date(s, a, 0, field, label, out, err);

	if (rc != 0)
		return rc;
	if (out->year < 2000)
		return nrs_error_set(err, NRS_EINVAL, field, "%s måste vara år 2000 eller senare",
		                     label);
	if (date_diff_days(&a->today, out) > HOUSING_BOOK_AHEAD_DAYS)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s kan ligga högst ett år fram i tiden", label);
	return 0;
}

/* An apartment label: 1..40 characters of one line after trimming. *out is the caller's. */
static int check_label(const char *s, char **out, struct nrs_error *err)
{
	const char *start;
	size_t len;
	int rc = svc_check_name(s, "label", "Benämningen", &start, &len, err);

	if (rc != 0)
		return rc;
	if (svc_utf8_chars(start, len) > APARTMENT_LABEL_MAX_CHARS)
		return nrs_error_set(err, NRS_EINVAL, "label", "Benämningen får vara högst %d tecken",
		                     APARTMENT_LABEL_MAX_CHARS);
	*out = str_ndup(start, len);
	return *out != NULL ? 0 : nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
}

/* "4, 9" / "9 4" / "" -> "4,9" (ascending) and the count. Ages 0..17, at most
 * STAY_CHILDREN_MAX children. */
static int parse_ages(const char *s, char out[STAY_AGES_MAX_BYTES + 1], int *count,
                      struct nrs_error *err)
{
	static const char field[] = "children_ages";
	int per_age[HOUSING_CHILD_MAX_AGE + 1] = {0};
	size_t pos = 0;
	int n = 0;

	out[0] = '\0';
	*count = 0;
	if (s == NULL)
		return 0;
	for (const char *p = s; *p != '\0';) {
		int64_t age = 0;
		int digits = 0;

		if (*p == ',' || *p == ';' || *p == ' ' || *p == '\t') {
			p++;
			continue;
		}
		while (*p >= '0' && *p <= '9' && digits < 3) {
			age = age * 10 + (*p - '0');
			p++;
			digits++;
		}
		if (digits == 0 || (*p >= '0' && *p <= '9') ||
		    (*p != '\0' && *p != ',' && *p != ';' && *p != ' ' && *p != '\t'))
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Barnens åldrar: skriv åldrarna i hela år åtskilda med "
			                     "kommatecken, till exempel 4, 9");
		if (age > HOUSING_CHILD_MAX_AGE)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Barnens åldrar: varje ålder ska vara mellan 0 och %d år "
			                     "(medföljande barn är under 18)",
			                     HOUSING_CHILD_MAX_AGE);
		if (++n > STAY_CHILDREN_MAX)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Barnens åldrar: högst %d barn kan bo med i en lägenhet",
			                     STAY_CHILDREN_MAX);
		per_age[age]++;
	}
	for (int age = 0; age <= HOUSING_CHILD_MAX_AGE; age++)
		for (int k = 0; k < per_age[age]; k++) {
			int w = snprintf(out + pos, STAY_AGES_MAX_BYTES + 1 - pos, "%s%d",
			                 pos > 0 ? "," : "", age);

			if (w < 0 || (size_t)w >= STAY_AGES_MAX_BYTES + 1 - pos)
				return nrs_error_set(err, NRS_EINVAL, field,
				                     "Barnens åldrar: för många barn");
			pos += (size_t)w;
		}
	*count = n;
	return 0;
}

static int found_org(const struct org_row *row, void *ctx)
{
	*(int *)ctx = row->active ? 1 : 2;
	return 0;
}

static int check_org(struct store *st, int64_t id, const char *field, struct nrs_error *err)
{
	int state = 0;
	int rc = id > 0 ? store_org_get(st, id, found_org, &state) : NRS_ENOTFOUND;

	if (rc == NRS_ENOTFOUND || (rc == 0 && state != 1))
		return nrs_error_set(err, NRS_EINVAL, field, "Välj en organisation i listan.");
	return rc != 0 ? svc_fail(rc, err, "organisationsregistret kan inte läsas") : 0;
}

/* The stay of a record, for the domain's rules. Dates in the database passed the schema's
 * checks; a row that still does not parse is reported as a database fault. */
static int stay_of_rec(const struct stay_rec *r, struct stay *s)
{
	memset(s, 0, sizeof(*s));
	s->apartment_id = r->apartment_id;
	if (date_parse(r->move_in, &s->move_in) != 0)
		return NRS_EDB;
	s->has_move_out = r->move_out[0] != '\0';
	if (s->has_move_out && date_parse(r->move_out, &s->move_out) != 0)
		return NRS_EDB;
	return 0;
}

/* ---- apartments ---- */

int housingsvc_apartments_ensure(struct store *st, const struct crypto_keys *keys,
                                 const struct clientsvc_actor *actor, const char *org_kind,
                                 struct nrs_error *err)
{
	char created_at[21], label[32];
	int64_t n = 0, id = 0;
	int rc;

	nrs_error_clear(err);
	if (org_kind == NULL || strcmp(org_kind, "centre") != 0 || actor->organisation_id == 0)
		return 0;
	rc = store_apartment_count(st, actor->organisation_id, &n);
	if (rc != 0 || n > 0)
		return rc;
	time_now_iso(created_at);
	/* counted again inside the transaction: two first requests at once make two, not four */
	SVC_WRITE_TX(st, err, {
		rc = store_apartment_count(st, actor->organisation_id, &n);
		for (int i = 1; rc == 0 && n == 0 && i <= HOUSING_DEFAULT_APARTMENTS; i++) {
			snprintf(label, sizeof(label), "Lägenhet %d", i);
			rc = store_apartment_add(st, actor->organisation_id, label, created_at, &id,
			                         err);
			if (rc == 0)
				rc = svc_audit_row(st, keys, actor, "create", AUDIT_APARTMENT, id, NULL,
				                   err);
		}
		if (rc != 0)
			svc_fail(rc, err, "jourlägenheterna kunde inte läggas upp");
	});
out:
	return done(rc, err);
}

int housingsvc_apartment_list(struct store *st, int64_t organisation_id, int active_only,
                              apartment_row_cb cb, void *ctx)
{
	return store_apartment_list(st, organisation_id, active_only, cb, ctx);
}

int housingsvc_apartment_get(struct store *st, int64_t organisation_id, int64_t id,
                             struct apartment_row *out)
{
	int rc = id > 0 ? store_apartment_get(st, id, out) : NRS_ENOTFOUND;

	if (rc == 0 && out->organisation_id != organisation_id)
		rc = NRS_ENOTFOUND;
	return rc;
}

int housingsvc_apartment_create(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, const char *label,
                                int64_t *id, struct nrs_error *err)
{
	char *text = NULL, created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = check_label(label, &text, err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	SVC_WRITE_TX(st, err, {
		rc = store_apartment_add(st, actor->organisation_id, text, created_at, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", AUDIT_APARTMENT, *id, NULL, err);
		if (rc == NRS_EEXIST)
			nrs_error_set(err, rc, "label", "Det finns redan en lägenhet med den benämningen");
		if (rc != 0)
			*id = 0;
	});
out:
	free(text);
	return done(rc, err);
}

int housingsvc_apartment_update(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t id,
                                const char *label, int active, struct nrs_error *err)
{
	struct apartment_row a;
	char *text = NULL;
	int rc;

	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = check_label(label, &text, err);
	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err, {
		rc = housingsvc_apartment_get(st, actor->organisation_id, id, &a);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "Lägenheten finns inte");
		if (rc == 0)
			rc = store_apartment_set(st, id, text, active, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", AUDIT_APARTMENT, id, NULL, err);
		if (rc == NRS_EEXIST)
			nrs_error_set(err, rc, "label", "Det finns redan en lägenhet med den benämningen");
	});
out:
	free(text);
	return done(rc, err);
}

/* ---- the overlap rule ---- */

struct overlap_ctx {
	struct stay cand;
	int64_t self_id; /* the stay being changed, 0 for a new one */
	struct stay_rec hit;
	int bad_row;
};

#define OVERLAP_FOUND 1 /* stops the walk: a colliding stay is in hit */

static int overlap_cb(const struct stay_rec *r, void *ctx)
{
	struct overlap_ctx *o = ctx;
	struct stay other;

	if (r->id == o->self_id)
		return 0;
	if (stay_of_rec(r, &other) != 0) {
		o->bad_row = 1;
		return NRS_EDB;
	}
	if (!stays_overlap(&o->cand, &other))
		return 0;
	o->hit = *r;
	return OVERLAP_FOUND;
}

/* Refuse cand when another stay in its apartment collides with it (NRS_ECONFLICT, the
 * message naming the apartment and the other stay's dates). Call inside the transaction. */
static int check_overlap(struct store *st, const struct stay *cand, int64_t self_id,
                         const char *field, struct nrs_error *err)
{
	struct overlap_ctx o;
	int rc;

	memset(&o, 0, sizeof(o));
	o.cand = *cand;
	o.self_id = self_id;
	rc = store_stay_list_apartment(st, cand->apartment_id, overlap_cb, &o);
	if (rc != OVERLAP_FOUND)
		return rc != 0 ? svc_fail(rc, err, "vistelserna kan inte läsas") : 0;
	if (o.hit.move_out[0] == '\0')
		return nrs_error_set(err, NRS_ECONFLICT, field,
		                     "%s är upptagen från %s (vistelsen pågår, ingen utflyttning "
		                     "är registrerad)",
		                     o.hit.apartment_label, o.hit.move_in);
	return nrs_error_set(err, NRS_ECONFLICT, field, "%s är upptagen %s–%s",
	                     o.hit.apartment_label, o.hit.move_in, o.hit.move_out);
}

/* ---- stays ---- */

int housingsvc_stay_facts(struct store *st, const struct account *acc, int64_t id,
                          unsigned *relations)
{
	struct stay_rec r;
	int rc = id > 0 ? store_stay_get(st, id, &r) : NRS_ENOTFOUND;

	*relations = REL_ANY;
	if (rc == 0 && acc->organisation_id != 0 && r.organisation_id == acc->organisation_id)
		*relations |= REL_OWN_ORG;
	return rc;
}

int housingsvc_stay_create(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, const struct stay_new *in,
                           int64_t *id, struct nrs_error *err)
{
	struct stay_input si = {0};
	struct apartment_row a;
	struct cq_client c;
	struct stay s = {0};
	const char *muni = svc_opt(in->home_municipality);
	const char *move_out = svc_opt(in->move_out);
	char ages[STAY_AGES_MAX_BYTES + 1], created_at[21];
	int nchildren = 0, rc;

	*id = 0;
	nrs_error_clear(err);
	/* everything is checked before the database is written: bad input changes nothing */
	rc = check_actor(actor, err);
	if (rc == 0) {
		rc = housingsvc_apartment_get(st, actor->organisation_id, in->apartment_id, &a);
		if (rc == NRS_ENOTFOUND || (rc == 0 && !a.active))
			rc = nrs_error_set(err, NRS_EINVAL, "apartment_id",
			                   "Välj en av jourlägenheterna i listan");
		else if (rc != 0)
			rc = svc_fail(rc, err, "lägenheterna kan inte läsas");
	}
	if (rc == 0) {
		rc = in->client_id > 0 ? store_cq_client(st, in->client_id, 0, 0, &c) : NRS_ENOTFOUND;
		if (rc == NRS_ENOTFOUND)
			rc = nrs_error_set(err, NRS_EINVAL, "client_code",
			                   "Det finns ingen klient med den koden bland centrumets "
			                   "klienter");
		else if (rc != 0)
			rc = svc_fail(rc, err, "klienten kan inte läsas");
	}
	if (rc == 0)
		rc = parse_ages(in->children_ages, ages, &nchildren, err);
	if (rc == 0 && muni != NULL)
		rc = svc_check_municipality(st, muni, "home_municipality", err);
	if (rc == 0 && muni == NULL)
		muni = c.home_municipality;
	if (rc == 0)
		rc = check_day(in->move_in, actor, "move_in", "Inflyttningsdatum", &s.move_in, err);
	if (rc == 0 && move_out != NULL)
		rc = check_day(move_out, actor, "move_out", "Utflyttningsdatum", &s.move_out, err);
	if (rc == 0 && move_out != NULL && date_cmp(&s.move_out, &s.move_in) < 0)
		rc = nrs_error_set(err, NRS_EINVAL, "move_out",
		                   "Utflyttningsdatum kan inte vara före inflyttningsdatum");
	if (rc == 0 && in->outside_staff && in->outside_staff_org != 0)
		rc = check_org(st, in->outside_staff_org, "outside_staff_org", err);
	if (rc != 0)
		goto out;
	s.apartment_id = a.id;
	s.has_move_out = move_out != NULL;
	time_now_iso(created_at);
	si.apartment_id = a.id;
	si.client_id = in->client_id;
	si.children_ages = ages;
	si.children_count = nchildren;
	si.home_municipality = muni;
	si.adult_age = -1;
	si.move_in = in->move_in;
	si.move_out = move_out;
	si.outside_staff = in->outside_staff ? 1 : 0;
	si.outside_staff_org = in->outside_staff ? in->outside_staff_org : 0;
	si.created_at = created_at;
	si.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = check_overlap(st, &s, 0, "move_in", err);
		/* the adult's age at move-in for the statistics; the birth date stays inside */
		if (rc == 0)
			rc = clientsvc_age_at(st, keys, in->client_id, &s.move_in, &si.adult_age,
			                      NULL, err);
		if (rc == 0)
			rc = store_stay_add(st, &si, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", AUDIT_STAY, *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "vistelsen kunde inte sparas");
		}
	});
out:
	return done(rc, err);
}

int housingsvc_stay_move_out(struct store *st, const struct crypto_keys *keys,
                             const struct clientsvc_actor *actor, int64_t id,
                             const char *move_out, struct nrs_error *err)
{
	struct stay_rec r;
	struct stay s;
	struct nrs_date out_day;
	int rc;

	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = check_day(move_out, actor, "move_out", "Utflyttningsdatum", &out_day, err);
	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err, {
		rc = store_stay_get(st, id, &r);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "Vistelsen finns inte");
		if (rc == 0)
			rc = stay_of_rec(&r, &s);
		if (rc == 0 && date_cmp(&out_day, &s.move_in) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "move_out",
			                   "Utflyttningsdatum kan inte vara före inflyttningsdatum "
			                   "(%s)",
			                   r.move_in);
		if (rc == 0) {
			s.move_out = out_day;
			s.has_move_out = true;
			rc = check_overlap(st, &s, id, "move_out", err);
		}
		if (rc == 0)
			rc = store_stay_set_move_out(st, id, move_out, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", AUDIT_STAY, id, NULL, err);
		if (rc != 0)
			svc_fail(rc, err, "utflyttningen kunde inte sparas");
	});
out:
	return done(rc, err);
}

int housingsvc_stay_read(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t id, struct stay_rec *out,
                         struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	SVC_WRITE_TX(st, err, {
		rc = store_stay_get(st, id, out);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "Vistelsen finns inte");
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "read", AUDIT_STAY, id, NULL, err);
		if (rc != 0)
			svc_fail(rc, err, "vistelsen kan inte läsas");
	});
out:
	return done(rc, err);
}

int housingsvc_stay_list(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, stay_rec_cb cb, void *ctx,
                         struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	/* the audit row first: no row leaves unlogged */
	rc = svc_audit_row(st, keys, actor, "list", AUDIT_STAY, 0, NULL, err);
	if (rc == 0)
		rc = store_stay_list(st, actor->organisation_id, NULL, NULL, cb, ctx);
	if (rc != 0)
		svc_fail(rc, err, "vistelserna kan inte läsas");
	return done(rc, err);
}

int64_t housingsvc_stay_nights(const struct stay_rec *r, const struct nrs_date *today)
{
	struct stay s;
	int64_t n = 0;

	if (stay_of_rec(r, &s) != 0 || stay_length_nights(&s, today, &n, NULL) != 0)
		return 0;
	return n;
}

int housingsvc_stay_charges(struct store *st, int64_t id, stay_charge_cb cb, void *ctx)
{
	return store_stay_charge_list(st, id, cb, ctx);
}

int housingsvc_stay_charge(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t id, const char *reason,
                           int64_t amount_ore, int64_t *charge_id, struct nrs_error *err)
{
	const char *what = housing_label(housing_charge_reasons, reason);
	char desc[200], ref[32], created_at[21];
	struct stay_rec r;
	int64_t link = 0;
	int rc;

	*charge_id = 0;
	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0 && what == NULL)
		rc = nrs_error_set(err, NRS_EINVAL, "reason", "Välj vad debiteringen gäller");
	if (rc == 0 && amount_ore <= 0)
		rc = nrs_error_set(err, NRS_EINVAL, "amount", "Beloppet måste vara större än 0 kr");
	if (rc == 0 && amount_ore > CHARGE_MAX_ORE)
		rc = nrs_error_set(err, NRS_EINVAL, "amount", "Beloppet får vara högst 1 000 000 kr");
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	snprintf(ref, sizeof(ref), "stay:%" PRId64, id);
	SVC_WRITE_TX(st, err, {
		rc = store_stay_get(st, id, &r);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "Vistelsen finns inte");
		if (rc == 0 && r.move_out[0] == '\0')
			rc = nrs_error_set(err, NRS_ECONFLICT, "reason",
			                   "Registrera utflyttningen innan du debiterar slitage eller "
			                   "städning");
		/* neutral text: it is printed on the invoice to the municipality */
		if (rc == 0) {
			snprintf(desc, sizeof(desc),
			         "%s i jourlägenhet efter vistelse nr %" PRId64 " (utflyttning %s)",
			         what, id, r.move_out);
			rc = economysvc_charge_add(st, keys, actor, "wear", r.home_municipality,
			                           amount_ore, desc, ref, charge_id, err);
		}
		if (rc == 0)
			rc = store_stay_charge_add(st, id, *charge_id, reason, r.home_municipality,
			                           amount_ore, created_at, actor->user_id, &link, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", AUDIT_STAY_CHARGE, link, NULL,
			                   err);
		if (rc != 0) {
			*charge_id = 0;
			svc_fail(rc, err, "debiteringen kunde inte sparas");
		}
	});
out:
	return done(rc, err);
}

/* ---- the calendar ---- */

struct cal_ctx {
	struct housing_calendar *c;
	size_t cap;
	struct nrs_date first, last;
	int rc;
};

static int cal_apartment(const struct apartment_row *a, void *ctx)
{
	struct cal_ctx *x = ctx;
	struct housing_cal_row *v;

	if (x->c->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 8;

		v = realloc(x->c->rows, cap * sizeof(*v));
		if (v == NULL)
			return NRS_ENOMEM;
		x->c->rows = v;
		x->cap = cap;
	}
	v = &x->c->rows[x->c->n++];
	memset(v, 0, sizeof(*v));
	v->apartment_id = a->id;
	snprintf(v->label, sizeof(v->label), "%s", a->label);
	v->active = a->active;
	return 0;
}

static int cal_stay(const struct stay_rec *r, void *ctx)
{
	struct cal_ctx *x = ctx;
	struct housing_cal_row *row = NULL;
	struct stay s;

	for (size_t i = 0; i < x->c->n; i++)
		if (x->c->rows[i].apartment_id == r->apartment_id)
			row = &x->c->rows[i];
	if (row == NULL)
		return 0;
	if (stay_of_rec(r, &s) != 0)
		return NRS_EDB;
	for (int d = 1; d <= x->c->days; d++) {
		struct nrs_date day = {x->c->year, x->c->month, d};

		if (!row->occupied[d - 1] && stay_nights_in_period(&s, &day, &day) > 0) {
			row->occupied[d - 1] = 1;
			row->nights++;
		}
	}
	return 0;
}

int housingsvc_calendar(struct store *st, int64_t organisation_id, int year, int month,
                        struct housing_calendar *out, struct nrs_error *err)
{
	struct cal_ctx x;
	char from[11], to[11];
	size_t keep = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	nrs_error_clear(err);
	if (year < 2000 || year > 9998 || month < 1 || month > 12)
		return done(nrs_error_set(err, NRS_EINVAL, "month",
		                          "Månaden ska skrivas ÅÅÅÅ-MM, från år 2000"),
		            err);
	out->year = year;
	out->month = month;
	out->days = date_days_in_month(year, month);
	memset(&x, 0, sizeof(x));
	x.c = out;
	x.first = (struct nrs_date){year, month, 1};
	x.last = (struct nrs_date){year, month, out->days};
	date_format(&x.first, from);
	date_format(&x.last, to);
	rc = store_apartment_list(st, organisation_id, 0, cal_apartment, &x);
	if (rc == 0)
		rc = store_stay_list(st, organisation_id, from, to, cal_stay, &x);
	if (rc != 0) {
		housingsvc_calendar_free(out);
		return done(svc_fail(rc, err, "kalendern kan inte läsas"), err);
	}
	/* an apartment no longer in use is shown only for a month it was used */
	for (size_t i = 0; i < out->n; i++)
		if (out->rows[i].active || out->rows[i].nights > 0)
			out->rows[keep++] = out->rows[i];
	out->n = keep;
	return 0;
}

void housingsvc_calendar_free(struct housing_calendar *c)
{
	if (c == NULL)
		return;
	free(c->rows);
	c->rows = NULL;
	c->n = 0;
}

/* ---- occupancy and length of stay ---- */

struct stats_ctx {
	struct housing_stats *s;
	struct stay *stays;
	size_t n, cap, mcap;
	int64_t *apartments; /* apartments counted (active, or used in the period) */
	size_t na, acap;
	int rc;
};

static int add_id(struct stats_ctx *x, int64_t id)
{
	for (size_t i = 0; i < x->na; i++)
		if (x->apartments[i] == id)
			return 0;
	if (x->na == x->acap) {
		size_t cap = x->acap ? x->acap * 2 : 8;
		int64_t *v = realloc(x->apartments, cap * sizeof(*v));

		if (v == NULL)
			return NRS_ENOMEM;
		x->apartments = v;
		x->acap = cap;
	}
	x->apartments[x->na++] = id;
	return 0;
}

static int stats_apartment(const struct apartment_row *a, void *ctx)
{
	return add_id(ctx, a->id);
}

static struct housing_muni_stats *muni_of(struct stats_ctx *x, const struct stay_rec *r)
{
	struct housing_stats *s = x->s;
	struct housing_muni_stats *m;

	for (size_t i = 0; i < s->nmuni; i++)
		if (strcmp(s->by_municipality[i].code, r->home_municipality) == 0)
			return &s->by_municipality[i];
	if (s->nmuni == x->mcap) {
		size_t cap = x->mcap ? x->mcap * 2 : 8;

		m = realloc(s->by_municipality, cap * sizeof(*m));
		if (m == NULL)
			return NULL;
		s->by_municipality = m;
		x->mcap = cap;
	}
	m = &s->by_municipality[s->nmuni++];
	memset(m, 0, sizeof(*m));
	snprintf(m->code, sizeof(m->code), "%s", r->home_municipality);
	snprintf(m->name, sizeof(m->name), "%s",
	         r->municipality_name[0] ? r->municipality_name : r->home_municipality);
	return m;
}

static int stats_stay(const struct stay_rec *r, void *ctx)
{
	struct stats_ctx *x = ctx;
	struct housing_stats *s = x->s;
	struct housing_muni_stats *m;
	struct stay st;
	int64_t nights, length;

	if (stay_of_rec(r, &st) != 0)
		return NRS_EDB;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 16;
		struct stay *v = realloc(x->stays, cap * sizeof(*v));

		if (v == NULL)
			return NRS_ENOMEM;
		x->stays = v;
		x->cap = cap;
	}
	x->stays[x->n++] = st;
	nights = stay_nights_in_period(&st, &s->from, &s->to);
	if (nights > 0 && add_id(x, r->apartment_id) != 0)
		return NRS_ENOMEM;
	m = muni_of(x, r);
	if (m == NULL)
		return NRS_ENOMEM;
	m->nights += nights;
	if (date_cmp(&st.move_in, &s->from) >= 0 && date_cmp(&st.move_in, &s->to) <= 0) {
		s->households++;
		s->adults++;
		s->children += r->children_count;
		m->households++;
		m->children += r->children_count;
	}
	if (st.has_move_out && date_cmp(&st.move_out, &s->from) >= 0 &&
	    date_cmp(&st.move_out, &s->to) <= 0) {
		length = date_diff_days(&st.move_in, &st.move_out);
		s->completed++;
		s->completed_persons += 1 + r->children_count;
		s->completed_nights += length;
		s->person_nights += length * (1 + r->children_count);
	}
	return 0;
}

static int cmp_muni(const void *a, const void *b)
{
	const struct housing_muni_stats *x = a, *y = b;

	return strcmp(x->name, y->name);
}

int housingsvc_stats(struct store *st, const struct clientsvc_actor *actor, const char *from,
                     const char *to, struct housing_stats *out, struct nrs_error *err)
{
	struct stats_ctx x;
	struct nrs_date yesterday, asked_to;
	char f[11], t[11];
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&x, 0, sizeof(x));
	x.s = out;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(from, actor, 0, "from", "Periodens början", &out->from, err);
	if (rc == 0)
		rc = svc_check_date(to, actor, 0, "to", "Periodens slut", &asked_to, err);
	if (rc == 0 && date_cmp(&asked_to, &out->from) < 0)
		rc = nrs_error_set(err, NRS_EINVAL, "to",
		                   "Periodens slut kan inte vara före dess början");
	if (rc == 0 && date_diff_days(&out->from, &asked_to) >= HOUSING_PERIOD_MAX_DAYS)
		rc = nrs_error_set(err, NRS_EINVAL, "to", "Perioden får vara högst tio år");
	if (rc != 0)
		goto out;
	/* nights that have not passed yet are not counted: the last is the night before today */
	yesterday = date_from_days(date_to_days(&actor->today) - 1);
	out->to = asked_to;
	if (date_cmp(&asked_to, &yesterday) > 0) {
		out->to = yesterday;
		out->clipped = 1;
	}
	if (date_cmp(&out->to, &out->from) < 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "from",
		                   "Perioden har inte börjat: statistiken räknar nätter till och med "
		                   "natten mot i dag");
		goto out;
	}
	out->nights = date_diff_days(&out->from, &out->to) + 1;
	date_format(&out->from, f);
	date_format(&out->to, t);
	rc = store_apartment_list(st, actor->organisation_id, 1, stats_apartment, &x);
	if (rc == 0)
		rc = store_stay_list(st, actor->organisation_id, f, t, stats_stay, &x);
	if (rc != 0) {
		svc_fail(rc, err, "statistiken kan inte beräknas");
		goto out;
	}
	out->apartments = (int)x.na;
	if (x.na > 0)
		rc = occupancy_period(x.stays, x.n, out->apartments, &out->from, &out->to,
		                      &out->occupancy, err);
	if (rc == 0 && out->nmuni > 1)
		qsort(out->by_municipality, out->nmuni, sizeof(*out->by_municipality), cmp_muni);
out:
	free(x.stays);
	free(x.apartments);
	if (rc != 0)
		housingsvc_stats_free(out);
	return done(rc, err);
}

void housingsvc_stats_free(struct housing_stats *s)
{
	if (s == NULL)
		return;
	free(s->by_municipality);
	s->by_municipality = NULL;
	s->nmuni = 0;
}

/* ---- demo data ---- */

#define DEMO_CANDIDATES 4000
#define DEMO_APARTMENTS 8

static int demo_ids(const struct apartment_row *a, void *ctx)
{
	int64_t *ids = ctx;

	for (int i = 0; i < DEMO_APARTMENTS; i++)
		if (ids[i] == 0) {
			ids[i] = a->id;
			break;
		}
	return 0;
}

int housingsvc_demo_stays(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t *made,
                          struct nrs_error *err)
{
	static const char *const ages[4] = {"", "6", "2,9", ""};
	struct stay_candidate *cand = calloc(DEMO_CANDIDATES, sizeof(*cand));
	int64_t apt[DEMO_APARTMENTS] = {0}, next_free[DEMO_APARTMENTS] = {0};
	int64_t today = date_to_days(&actor->today), count = 0;
	size_t n = 0;
	int napt = 0, rc;

	if (cand == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	rc = housingsvc_apartments_ensure(st, keys, actor, "centre", err);
	if (rc == 0)
		rc = store_apartment_list(st, actor->organisation_id, 1, demo_ids, apt);
	if (rc == 0)
		rc = store_stay_candidates(st, actor->organisation_id, cand, DEMO_CANDIDATES, &n);
	while (napt < DEMO_APARTMENTS && apt[napt] != 0)
		napt++;
	for (size_t k = 0; rc == 0 && napt > 0 && k < n; k++) {
		struct stay_new in = {0};
		struct nrs_date d;
		char in_text[11], out_text[11];
		int64_t id = cand[k].client_id, opened, move_in, length, stay_id;
		int best = 0;

		if (date_parse(cand[k].opened, &d) != 0)
			continue;
		for (int i = 1; i < napt; i++)
			if (next_free[i] < next_free[best])
				best = i;
		opened = date_to_days(&d);
		/* a household needs the apartment soon after the first contact, or not at all */
		move_in = opened + 1 + id % 5;
		if (next_free[best] > move_in || id % 3 == 0)
			continue;
		length = 3 + (id * 7) % 33;
		if (move_in + length >= today)
			continue;
		d = date_from_days(move_in);
		date_format(&d, in_text);
		d = date_from_days(move_in + length);
		date_format(&d, out_text);
		in.apartment_id = apt[best];
		in.client_id = id;
		in.children_ages = ages[id % 4];
		in.move_in = in_text;
		in.move_out = out_text;
		in.outside_staff = id % 7 == 0;
		rc = housingsvc_stay_create(st, keys, actor, &in, &stay_id, err);
		if (rc == 0) {
			count++;
			next_free[best] = move_in + length + 2 + id % 20;
		}
	}
	free(cand);
	if (made != NULL)
		*made = count;
	return rc;
}

void housing_average_text(int64_t num, int64_t den, char *out, size_t n)
{
	int64_t tenths;

	if (den <= 0) {
		snprintf(out, n, "–");
		return;
	}
	/* tenths rounded half away from zero; the values are never negative */
	tenths = (num * 20 + den) / (2 * den);
	snprintf(out, n, "%" PRId64 ",%" PRId64, tenths / 10, tenths % 10);
}
