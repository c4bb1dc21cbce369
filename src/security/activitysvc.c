/* The centre's activity service (see activitysvc.h): validation, the record and its audit
 * row in one transaction, local time conversion, and the referral view with decrypted
 * attempt notes, which live only in buffers this file wipes before freeing. */
#include "security/activitysvc.h"

#include "base/date.h"
#include "base/str.h"
#include "security/casequery.h"
#include "security/policy.h"
#include "security/svc.h"
#include "store/casefile.h"
#include "store/reference.h"
#include "store/referral.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const struct activity_choice activity_caller_categories[] = {
    {"victim", "Våldsutsatt"}, {"perpetrator", "Våldsutövare"},
    {"relative", "Anhörig"},   {"professional", "Yrkesverksam"},
    {"other", "Annan"},        {NULL, NULL},
};

const struct activity_choice activity_contact_outcomes[] = {
    {"information", "Information"},
    {"social_services", "Hänvisning till socialtjänsten"},
    {"booked_visit", "Bokat besök"},
    {"other", "Annat"},
    {NULL, NULL},
};

const struct activity_choice activity_training_kinds[] = {
    {"concept", "Färdigt koncept"},
    {"custom", "Specialbeställd"},
    {"network_coordinators", "Nätverksträff kommunala samordnare"},
    {"network_trappan", "Trappan-nätverket"},
    {NULL, NULL},
};

const struct activity_choice activity_report_kinds[] = {
    {"orosanmalan", "Orosanmälan (SoL 14 kap. 1 §)"},
    {"lex_sarah", "Lex Sarah"},
    {NULL, NULL},
};

/* The keys are clientsvc's (referralsvc.c); the labels are the form's words. */
const struct activity_choice activity_referral_outcomes[] = {
    {"crisis_talk", "Krissamtal"},
    {"legal_info", "Information om rättsprocessen"},
    {"motivated", "Motiverad till längre stöd"},
    {"declined", "Avböjde"},
    {"not_reached", "Nåddes inte"},
    {NULL, NULL},
};

const char *activity_label(const struct activity_choice *list, const char *key)
{
	if (key == NULL)
		return NULL;
	for (; list->key != NULL; list++)
		if (strcmp(list->key, key) == 0)
			return list->label;
	return NULL;
}

void activity_error_sentence(struct nrs_error *err)
{
	size_t n;
	unsigned char *m;

	if (err == NULL || err->msg[0] == '\0')
		return;
	m = (unsigned char *)err->msg;
	if (m[0] >= 'a' && m[0] <= 'z')
		m[0] = (unsigned char)(m[0] - 'a' + 'A');
	else if (m[0] == 0xc3 && (m[1] == 0xa4 || m[1] == 0xa5 || m[1] == 0xb6))
		m[1] = (unsigned char)(m[1] - 0x20); /* ä å ö -> Ä Å Ö */
	n = strlen(err->msg);
	if (n > 0 && err->msg[n - 1] != '.' && err->msg[n - 1] != '?' && err->msg[n - 1] != '!' &&
	    n + 1 < sizeof(err->msg)) {
		err->msg[n] = '.';
		err->msg[n + 1] = '\0';
	}
}

/* Every public function that can fail with a message ends here. */
static int done(int rc, struct nrs_error *err)
{
	if (rc != 0)
		activity_error_sentence(err);
	return rc;
}

/* ---- times ---- */

static int two_digits(const char *p)
{
	if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
		return -1;
	return (p[0] - '0') * 10 + (p[1] - '0');
}

/* "HH:MM" or "HH:MM:SS" (s exactly that long). */
static int parse_clock(const char *s, size_t n, int *h, int *m, int *sec)
{
	if ((n != 5 && n != 8) || s[2] != ':' || (n == 8 && s[5] != ':'))
		return NRS_EINVAL;
	*h = two_digits(s);
	*m = two_digits(s + 3);
	*sec = n == 8 ? two_digits(s + 6) : 0;
	if (*h < 0 || *h > 23 || *m < 0 || *m > 59 || *sec < 0 || *sec > 59)
		return NRS_EINVAL;
	return 0;
}

/* The instant whose Swedish local time reads d h:m:s. Candidates are the fields taken as
 * UTC minus each offset in force a day before and a day after; a candidate is right when
 * it reads back as the same local fields. None: the time was skipped (NRS_ENOTFOUND); two:
 * the hour was repeated, and the earlier instant wins. */
static int local_fields_to_epoch(const struct nrs_date *d, int h, int m, int sec, int64_t *out)
{
	int64_t naive = date_to_days(d) * 86400 + h * 3600 + m * 60 + sec;
	int64_t best = 0;
	bool found = false;

	for (int k = 0; k < 2; k++) {
		time_t probe = (time_t)(naive + (k == 0 ? -86400 : 86400)), cand;
		struct tm lt;

		if (localtime_r(&probe, &lt) == NULL)
			return NRS_EINVAL;
		cand = (time_t)(naive - lt.tm_gmtoff);
		if (localtime_r(&cand, &lt) == NULL)
			return NRS_EINVAL;
		if (lt.tm_year + 1900 != d->year || lt.tm_mon + 1 != d->month ||
		    lt.tm_mday != d->day || lt.tm_hour != h || lt.tm_min != m || lt.tm_sec != sec)
			continue;
		if (!found || (int64_t)cand < best)
			best = (int64_t)cand;
		found = true;
	}
	if (!found)
		return NRS_ENOTFOUND;
	*out = best;
	return 0;
}

static int local_to_epoch(const struct nrs_date *d, int h, int m, int sec, const char *field,
                          int64_t *out, struct nrs_error *err)
{
	int rc;

	if (d->year < 1970 || d->year > 9998)
		return nrs_error_set(err, NRS_EINVAL, field, "Tidpunkten är orimlig.");
	rc = local_fields_to_epoch(d, h, m, sec, out);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(
		    err, NRS_EINVAL, field,
		    "Klockslaget finns inte den dagen (klockan ställs fram en timme "
		    "när sommartiden börjar). Kontrollera tiden.");
	if (rc != 0)
		return nrs_error_set(err, NRS_EINVAL, field, "Tidpunkten är orimlig.");
	return 0;
}

int activity_local_to_utc(const char *date, const char *hhmm, const char *field, int64_t *out,
                          struct nrs_error *err)
{
	struct nrs_date d;
	int h, m, sec;

	if (date == NULL || date[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, field, "Ange datum.");
	if (date_parse(date, &d) != 0)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "Datumet ska vara ett giltigt datum (ÅÅÅÅ-MM-DD).");
	if (hhmm == NULL || hhmm[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, field, "Ange klockslag.");
	if (parse_clock(hhmm, strlen(hhmm), &h, &m, &sec) != 0)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "Klockslaget ska skrivas TT:MM, till exempel 14:30.");
	return local_to_epoch(&d, h, m, sec, field, out, err);
}

int activity_time_parse(const char *s, const char *field, int64_t *out, struct nrs_error *err)
{
	static const char msg[] = "Ange tiden som ÅÅÅÅ-MM-DDTTT:MM[:SS] med Z för UTC eller "
	                          "utan för svensk tid.";
	char day[11];
	struct nrs_date d;
	size_t n;
	int h, m, sec;
	bool utc;

	if (s == NULL || s[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, field, "Ange tiden.");
	n = strlen(s);
	utc = s[n - 1] == 'Z';
	if (utc)
		n--;
	if (n < 16 || s[10] != 'T')
		return nrs_error_set(err, NRS_EINVAL, field, "%s", msg);
	memcpy(day, s, 10);
	day[10] = '\0';
	if (date_parse(day, &d) != 0 || parse_clock(s + 11, n - 11, &h, &m, &sec) != 0)
		return nrs_error_set(err, NRS_EINVAL, field, "%s", msg);
	if (!utc)
		return local_to_epoch(&d, h, m, sec, field, out, err);
	if (d.year < 1970)
		return nrs_error_set(err, NRS_EINVAL, field, "Tidpunkten är orimlig.");
	*out = date_to_days(&d) * 86400 + h * 3600 + m * 60 + sec;
	return 0;
}

void activity_local_text(int64_t t, char out[17])
{
	time_t tt = (time_t)t;
	struct tm lt;

	out[0] = '\0';
	if (localtime_r(&tt, &lt) == NULL || strftime(out, 17, "%Y-%m-%d %H:%M", &lt) == 0)
		out[0] = '\0';
}

void activity_local_parts(int64_t t, char date[11], char hhmm[6])
{
	char both[17];

	activity_local_text(t, both);
	date[0] = hhmm[0] = '\0';
	if (strlen(both) != 16)
		return;
	memcpy(date, both, 10);
	date[10] = '\0';
	memcpy(hhmm, both + 11, 5);
	hhmm[5] = '\0';
}

void activity_duration_text(int64_t seconds, char *out, size_t n)
{
	int64_t minutes = seconds <= 0 ? 0 : (seconds + 59) / 60;

	if (minutes >= 60)
		snprintf(out, n, "%lld h %lld min", (long long)(minutes / 60),
		         (long long)(minutes % 60));
	else
		snprintf(out, n, "%lld min", (long long)minutes);
}

int activity_int_text(const char *s, const char *field, const char *label, int64_t *out,
                      struct nrs_error *err)
{
	const char *p = s;

	if (p != NULL && *p == '-')
		p++;
	/* digits only (a leading minus is kept so that the range check can say what is wrong) */
	if (s == NULL || !str_all_digits(p) || strlen(p) > 9 ||
	    str_to_i64(s, -999999999, 999999999, out) != 0)
		return nrs_error_set(err, NRS_EINVAL, field, "%s ska vara ett heltal.", label);
	return 0;
}

/* ---- small checks ---- */

/* One line of text, trimmed, 1..max_chars characters without control characters. *out is
 * a trimmed copy the caller frees. */
static int check_line(const char *s, size_t max_chars, const char *field, const char *label,
                      char **out, struct nrs_error *err)
{
	const char *start;
	size_t len;

	*out = NULL;
	if (s == NULL)
		return nrs_error_set(err, NRS_EINVAL, field, "Ange %s.", label);
	svc_trim_span(s, &start, &len);
	if (len == 0)
		return nrs_error_set(err, NRS_EINVAL, field, "Ange %s.", label);
	if (!str_utf8_ok(start, len))
		return nrs_error_set(err, NRS_EINVAL, field, "Texten innehåller otillåtna tecken.");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)start[i];
		if (c < 0x20 || c == 0x7f)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Skriv texten på en rad, utan radbrytningar.");
	}
	if (svc_utf8_chars(start, len) > max_chars)
		return nrs_error_set(err, NRS_EINVAL, field, "Texten får vara högst %zu tecken.",
		                     max_chars);
	*out = str_ndup(start, len);
	if (*out == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "Minnet tog slut.");
	return 0;
}

static int check_choice(const struct activity_choice *list, const char *key, const char *field,
                        const char *msg, struct nrs_error *err)
{
	if (activity_label(list, key) == NULL)
		return nrs_error_set(err, NRS_EINVAL, field, "%s", msg);
	return 0;
}

static int check_minutes(bool given, int64_t minutes, struct nrs_error *err)
{
	if (!given)
		return nrs_error_set(err, NRS_EINVAL, "minutes", "Ange längd i minuter.");
	if (minutes < 0)
		return nrs_error_set(err, NRS_EINVAL, "minutes",
		                     "Längden kan inte vara negativ; ange minuter (1–%d).",
		                     ACTIVITY_MINUTES_MAX);
	if (minutes < 1 || minutes > ACTIVITY_MINUTES_MAX)
		return nrs_error_set(err, NRS_EINVAL, "minutes", "Längden ska vara 1–%d minuter.",
		                     ACTIVITY_MINUTES_MAX);
	return 0;
}

static int check_actor(const struct clientsvc_actor *actor, struct nrs_error *err)
{
	int rc = svc_check_today(actor, err);

	if (rc == 0 && actor->organisation_id == 0)
		rc = nrs_error_set(err, NRS_EINVAL, "", "Användaren tillhör ingen verksamhet.");
	return rc;
}

static int found_org(const struct org_row *row, void *ctx)
{
	*(int *)ctx = row->active ? 1 : 2;
	return 0;
}

/* id names an active organisation of the register. */
static int check_org(struct store *st, int64_t id, const char *field, struct nrs_error *err)
{
	int state = 0;
	int rc = id > 0 ? store_org_get(st, id, found_org, &state) : NRS_ENOTFOUND;

	if (rc == NRS_ENOTFOUND || (rc == 0 && state != 1))
		return nrs_error_set(err, NRS_EINVAL, field, "Välj en organisation i listan.");
	return rc != 0 ? svc_fail(rc, err, "organisationsregistret kan inte läsas") : 0;
}

/* ---- police referrals ---- */

const char *activity_referral_status_text(enum police_status s, const char *outcome)
{
	if (outcome != NULL && strcmp(outcome, "not_reached") == 0)
		return "Nåddes inte";
	switch (s) {
	case POLICE_OVERDUE:
		return "Försenad";
	case POLICE_OPEN_SOON:
		return "Snart";
	case POLICE_OPEN:
		return "Öppen";
	case POLICE_CONTACTED_IN_TIME:
		return "Kontaktad i tid";
	case POLICE_CONTACTED_LATE:
		return "Kontaktad efter 48 h";
	}
	return "Okänd";
}

const char *activity_referral_status_key(enum police_status s, const char *outcome)
{
	if (outcome != NULL && strcmp(outcome, "not_reached") == 0)
		return "not_reached";
	switch (s) {
	case POLICE_OVERDUE:
		return "overdue";
	case POLICE_OPEN_SOON:
		return "soon";
	case POLICE_OPEN:
		return "open";
	case POLICE_CONTACTED_IN_TIME:
		return "in_time";
	case POLICE_CONTACTED_LATE:
		return "late";
	}
	return "unknown";
}

bool activity_referral_urgent(enum police_status s, const char *outcome)
{
	if (outcome != NULL && outcome[0] != '\0')
		return false;
	return s == POLICE_OVERDUE || s == POLICE_OPEN_SOON;
}

static int owner_cb(const struct referral_row *row, void *ctx)
{
	*(int64_t *)ctx = row->organisation_id;
	return 0;
}

int activitysvc_referral_owner(struct store *st, int64_t id, int64_t *organisation_id)
{
	*organisation_id = 0;
	return id > 0 ? store_referral_get(st, id, owner_cb, organisation_id) : NRS_ENOTFOUND;
}

struct refread_ctx {
	struct referral_view *v;
	const struct crypto_keys *keys;
	size_t cap;
	struct nrs_error *err;
};

static void copy_text(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

static int refread_cb(const struct referral_row *row, void *ctx)
{
	struct refread_ctx *c = ctx;
	struct referral_view *v = c->v;

	v->id = row->id;
	v->consent = row->consent;
	v->has_contact = row->contact.data != NULL;
	copy_text(v->municipality, sizeof(v->municipality), row->municipality);
	copy_text(v->outcome, sizeof(v->outcome), row->outcome);
	copy_text(v->client_code, sizeof(v->client_code), row->client_code);
	v->first_contact = -1;
	if (time_epoch_from_iso(row->received_at, &v->received) != 0 ||
	    (row->first_contact_at != NULL &&
	     time_epoch_from_iso(row->first_contact_at, &v->first_contact) != 0))
		return nrs_error_set(c->err, NRS_EDB, "", "hänvisningen kan inte läsas");
	return 0;
}

static int attempt_cb(const struct referral_attempt_row *row, void *ctx)
{
	struct refread_ctx *c = ctx;
	struct referral_view *v = c->v;
	struct referral_attempt_view *a;
	int rc;

	if (v->nattempts == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		a = realloc(v->attempts, cap * sizeof(*a));
		if (a == NULL)
			return nrs_error_set(c->err, NRS_ENOMEM, "", "minnet tog slut");
		v->attempts = a;
		c->cap = cap;
	}
	a = &v->attempts[v->nattempts];
	memset(a, 0, sizeof(*a));
	a->id = row->id;
	if (time_epoch_from_iso(row->at, &a->at) != 0)
		return nrs_error_set(c->err, NRS_EDB, "", "försöket kan inte läsas");
	v->nattempts++;
	rc = svc_open_opt(c->keys, AD_ATTEMPT_NOTE, row->id, &row->note, &a->note, c->err);
	return rc;
}

int activitysvc_referral_read(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, int64_t id, int64_t now,
                              struct referral_view **out, struct nrs_error *err)
{
	struct referral_view *v = calloc(1, sizeof(*v));
	struct refread_ctx c = {v, keys, 0, err};
	const int64_t *contacted;
	int rc, in_tx = 0;

	*out = NULL;
	nrs_error_clear(err);
	if (v == NULL)
		return done(nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut"), err);
	rc = svc_begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = store_referral_get(st, id, refread_cb, &c);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "", "hänvisningen finns inte");
	/* the audit row first, inside the transaction: no note is decrypted unlogged */
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "read", "police_referral", id, NULL, err);
	if (rc == 0)
		rc = store_referral_attempt_list(st, id, attempt_cb, &c);
	if (rc == 0 && v->municipality[0] != '\0' &&
	    store_municipality_exists(st, v->municipality, v->municipality_name,
	                              sizeof(v->municipality_name)) < 0)
		rc = nrs_error_set(err, NRS_EDB, "", "kommunregistret kan inte läsas");
	if (rc != 0) {
		svc_fail(rc, err, "hänvisningen kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = svc_commit(st, err);
	if (rc != 0)
		goto out;
	v->deadline = police_deadline(v->received);
	v->seconds_left = v->deadline - now;
	contacted = v->first_contact >= 0 ? &v->first_contact : NULL;
	rc = police_referral_status(v->received, contacted, now < v->received ? v->received : now,
	                            &v->status, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc != 0) {
		activitysvc_referral_free(v);
		return done(rc, err);
	}
	*out = v;
	return 0;
}

void activitysvc_referral_free(struct referral_view *v)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < v->nattempts; i++)
		clientsvc_text_free(v->attempts[i].note);
	free(v->attempts);
	free(v);
}

int activitysvc_client_by_code(struct store *st, const struct account *acc, const char *code,
                               int64_t *client_id, unsigned *relations)
{
	struct cq_client c;
	int rc;

	*client_id = 0;
	*relations = REL_ANY;
	if (code == NULL || code[0] == '\0' || strlen(code) >= CLIENT_CODE_MAX)
		return NRS_ENOTFOUND;
	rc = store_cq_client_by_code(st, code, client_id);
	if (rc == 0)
		rc = casequery_client(st, acc, *client_id, &c, relations);
	return rc;
}

/* ---- anonymous contacts ---- */

int activitysvc_contact_create(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, const struct contact_new *in,
                               int64_t *id, struct nrs_error *err)
{
	struct contact_input ci = {0};
	char *topic = NULL, created_at[21];
	const char *municipality = svc_opt(in->municipality);
	int rc;

	*id = 0;
	nrs_error_clear(err);
	/* everything is checked before the database is touched: bad input changes nothing */
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = svc_check_date(in->date, actor, 1, "date", "datum", NULL, err);
	if (rc == 0)
		rc = check_choice(activity_caller_categories, in->category, "category",
		                  "Välj vem som kontaktade centrumet.", err);
	if (rc == 0 && municipality != NULL)
		rc = svc_check_municipality(st, municipality, "municipality", err);
	if (rc == 0)
		rc = check_line(in->topic, ACTIVITY_TOPIC_MAX_CHARS, "topic", "ämne", &topic, err);
	if (rc == 0)
		rc = check_minutes(in->has_minutes, in->minutes, err);
	if (rc == 0)
		rc = check_choice(activity_contact_outcomes, in->outcome, "outcome",
		                  "Välj vad kontakten ledde till.", err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	ci.organisation_id = actor->organisation_id;
	ci.date = in->date;
	ci.category = in->category;
	ci.municipality = municipality;
	ci.topic = topic;
	ci.minutes = in->minutes;
	ci.outcome = in->outcome;
	ci.created_at = created_at;
	ci.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = store_contact_add(st, &ci, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "anon_contact", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "kontakten kunde inte sparas");
		}
	});
out:
	free(topic);
	return done(rc, err);
}

int activitysvc_contact_list(struct store *st, const struct clientsvc_actor *actor,
                             contact_row_cb cb, void *ctx)
{
	return store_contact_list(st, actor->organisation_id, cb, ctx);
}

/* ---- consultations ---- */

int activitysvc_consultation_create(struct store *st, const struct crypto_keys *keys,
                                    const struct clientsvc_actor *actor,
                                    const struct consultation_new *in, int64_t *id,
                                    struct nrs_error *err)
{
	struct consultation_input ci = {0};
	const char *municipality = svc_opt(in->asker_municipality);
	char *topic = NULL, created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = svc_check_date(in->date, actor, 1, "date", "datum", NULL, err);
	if (rc == 0 && in->asker_organisation_id == 0 && municipality == NULL)
		rc = nrs_error_set(err, NRS_EINVAL, "asker_organisation",
		                   "Ange vilken organisation eller kommun som frågade.");
	if (rc == 0 && in->asker_organisation_id != 0)
		rc = check_org(st, in->asker_organisation_id, "asker_organisation", err);
	if (rc == 0 && municipality != NULL)
		rc = svc_check_municipality(st, municipality, "asker_municipality", err);
	if (rc == 0)
		rc = check_line(in->topic, ACTIVITY_TOPIC_MAX_CHARS, "topic", "ämne", &topic, err);
	if (rc == 0)
		rc = check_minutes(in->has_minutes, in->minutes, err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	ci.organisation_id = actor->organisation_id;
	ci.date = in->date;
	ci.asker_organisation_id = in->asker_organisation_id;
	ci.asker_municipality = municipality;
	ci.topic = topic;
	ci.minutes = in->minutes;
	ci.created_at = created_at;
	ci.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = store_consultation_add(st, &ci, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "consultation", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "konsultationen kunde inte sparas");
		}
	});
out:
	free(topic);
	return done(rc, err);
}

int activitysvc_consultation_list(struct store *st, const struct clientsvc_actor *actor,
                                  consultation_row_cb cb, void *ctx)
{
	return store_consultation_list(st, actor->organisation_id, cb, ctx);
}

/* ---- trainings ---- */

static int check_training_rows(struct store *st, const struct training_new *in,
                               struct nrs_error *err)
{
	char field[32];
	int rc;

	if (in->nrows == 0 || in->rows == NULL)
		return nrs_error_set(err, NRS_EINVAL, "org_1",
		                     "Ange deltagare för minst en organisation.");
	if (in->nrows > TRAINING_ROWS_MAX)
		return nrs_error_set(err, NRS_EINVAL, "participants",
		                     "Högst %d rader med deltagare.", TRAINING_ROWS_MAX);
	for (size_t i = 0; i < in->nrows; i++) {
		const struct training_row_new *r = &in->rows[i];
		size_t no = r->number != 0 ? r->number : i + 1;

		snprintf(field, sizeof(field), "org_%zu", no);
		if (r->organisation_id == 0)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Välj organisation för rad %zu.", no);
		rc = check_org(st, r->organisation_id, field, err);
		if (rc != 0)
			return rc;
		for (size_t k = 0; k < i; k++)
			if (in->rows[k].organisation_id == r->organisation_id)
				return nrs_error_set(
				    err, NRS_EINVAL, field,
				    "Organisationen finns redan på rad %zu; räkna dess deltagare "
				    "på en rad.",
				    in->rows[k].number != 0 ? in->rows[k].number : k + 1);
		snprintf(field, sizeof(field), "count_%zu", no);
		if (!r->has_count)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Ange antal deltagare för rad %zu.", no);
		if (r->participants < 0)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Antalet deltagare kan inte vara negativt.");
		if (r->participants < 1 || r->participants > TRAINING_PARTICIPANTS_MAX)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Antalet deltagare ska vara 1–%d.",
			                     TRAINING_PARTICIPANTS_MAX);
	}
	return 0;
}

int activitysvc_training_create(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, const struct training_new *in,
                                int64_t *id, struct nrs_error *err)
{
	struct training_input ti = {0};
	char *title = NULL, created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = svc_check_date(in->date, actor, 0, "date", "datum", NULL, err);
	if (rc == 0)
		rc =
		    check_line(in->title, ACTIVITY_TITLE_MAX_CHARS, "title", "rubrik", &title, err);
	if (rc == 0)
		rc = check_choice(activity_training_kinds, in->kind, "kind",
		                  "Välj typ av utbildning eller nätverksträff.", err);
	if (rc == 0)
		rc = check_training_rows(st, in, err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	ti.organisation_id = actor->organisation_id;
	ti.date = in->date;
	ti.title = title;
	ti.kind = in->kind;
	ti.created_at = created_at;
	ti.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = store_training_add(st, &ti, id, err);
		for (size_t i = 0; rc == 0 && i < in->nrows; i++)
			rc = store_training_participant_add(st, *id, in->rows[i].organisation_id,
			                                    in->rows[i].participants, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "training", *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "utbildningen kunde inte sparas");
		}
	});
out:
	free(title);
	return done(rc, err);
}

int activitysvc_training_list(struct store *st, const struct clientsvc_actor *actor,
                              training_row_cb cb, void *ctx)
{
	return store_training_list(st, actor->organisation_id, cb, ctx);
}

int activitysvc_training_get(struct store *st, int64_t id, training_row_cb cb,
                             training_participant_cb pcb, void *ctx)
{
	int rc = id > 0 ? store_training_get(st, id, cb, ctx) : NRS_ENOTFOUND;

	if (rc == 0 && pcb != NULL)
		rc = store_training_participant_list(st, id, pcb, ctx);
	return rc;
}

/* ---- mandatory reports ---- */

static int case_facts(struct store *st, const struct account *acc, int64_t case_id,
                      struct activity_case *out)
{
	struct cq_case c;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = case_id > 0 ? casequery_case(st, acc, case_id, &c, &out->relations) : NRS_ENOTFOUND;
	if (rc != 0)
		return rc;
	out->case_id = c.id;
	out->client_id = c.client_id;
	out->organisation_id = c.organisation_id;
	copy_text(out->client_code, sizeof(out->client_code), c.client_code);
	copy_text(out->opened, sizeof(out->opened), c.opened);
	copy_text(out->closed, sizeof(out->closed), c.closed);
	return 0;
}

int activitysvc_case_facts(struct store *st, const struct account *acc, int64_t case_id,
                           struct activity_case *out)
{
	return case_facts(st, acc, case_id, out);
}

/* The case ids first, then each case's facts: the statement of the walk is done before
 * casequery runs its own. */
struct case_ids {
	int64_t v[64];
	size_t n;
};

static int collect_case_id(const struct code_case_row *row, void *ctx)
{
	struct case_ids *ids = ctx;

	if (ids->n < sizeof(ids->v) / sizeof(ids->v[0]))
		ids->v[ids->n++] = row->case_id;
	return 0;
}

int activitysvc_cases_by_code(struct store *st, const struct account *acc, const char *code,
                              activity_case_cb cb, void *ctx)
{
	struct case_ids ids = {{0}, 0};
	struct activity_case c;
	int rc;

	if (code == NULL || code[0] == '\0' || strlen(code) >= CLIENT_CODE_MAX)
		return 0;
	rc = store_cases_by_client_code(st, code, collect_case_id, &ids);
	for (size_t i = 0; rc == 0 && i < ids.n; i++) {
		rc = case_facts(st, acc, ids.v[i], &c);
		if (rc == 0)
			rc = cb(&c, ctx);
	}
	return rc;
}

/* The plain facts of a case the report needs (its owner); the strings are not kept. */
static int brief_cb(const struct code_case_row *row, void *ctx)
{
	struct code_case_row *c = ctx;

	c->case_id = row->case_id;
	c->client_id = row->client_id;
	c->organisation_id = row->organisation_id;
	return 0;
}

int activitysvc_report_create(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, const struct report_new *in,
                              int64_t *id, struct nrs_error *err)
{
	struct report_input ri = {0};
	struct code_case_row c = {0};
	const char *text = svc_blank(in->recipient_text) ? NULL : in->recipient_text;
	char *recipient = NULL, created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = check_actor(actor, err);
	if (rc == 0)
		rc = check_choice(activity_report_kinds, in->kind, "kind", "Välj typ av anmälan.",
		                  err);
	if (rc == 0)
		rc = svc_check_date(in->date, actor, 1, "date", "datum", NULL, err);
	if (rc == 0) {
		rc = in->case_id > 0 ? store_case_brief(st, in->case_id, brief_cb, &c)
		                     : NRS_ENOTFOUND;
		if (rc == NRS_ENOTFOUND)
			rc = nrs_error_set(err, NRS_EINVAL, "case",
			                   "Välj det ärende som anmälan gäller.");
		else if (rc != 0)
			rc = svc_fail(rc, err, "ärendet kan inte läsas");
	}
	if (rc == 0)
		rc = svc_check_staff(st, in->made_by, c.organisation_id, "made_by", err);
	if (rc == 0 && in->recipient_organisation_id != 0 && text != NULL)
		rc = nrs_error_set(err, NRS_EINVAL, "recipient",
		                   "Välj en mottagare i listan eller skriv mottagaren, inte båda.");
	else if (rc == 0 && in->recipient_organisation_id == 0 && text == NULL)
		rc = nrs_error_set(err, NRS_EINVAL, "recipient", "Ange vem anmälan gjordes till.");
	else if (rc == 0 && in->recipient_organisation_id != 0)
		rc = check_org(st, in->recipient_organisation_id, "recipient", err);
	else if (rc == 0)
		rc = check_line(text, ACTIVITY_RECIPIENT_MAX_CHARS, "recipient", "mottagare",
		                &recipient, err);
	if (rc != 0)
		goto out;
	time_now_iso(created_at);
	ri.organisation_id = c.organisation_id;
	ri.case_id = c.case_id;
	ri.kind = in->kind;
	ri.date = in->date;
	ri.made_by = in->made_by;
	ri.recipient_organisation_id = in->recipient_organisation_id;
	ri.recipient_text = recipient;
	ri.created_at = created_at;
	ri.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = store_report_add(st, &ri, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "mandatory_report", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "anmälan kunde inte sparas");
		}
	});
out:
	free(recipient);
	return done(rc, err);
}

int activitysvc_report_list(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, report_row_cb cb, void *ctx,
                            struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	rc = svc_audit_row(st, keys, actor, "list", "mandatory_report", 0, NULL, err);
	if (rc != 0)
		return done(svc_fail(rc, err, "loggen kan inte skrivas"), err);
	return store_report_list(st, actor->organisation_id, cb, ctx);
}
