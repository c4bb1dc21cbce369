/* `norrsken demo --scale national` (see demo_national.h). The shape of the data follows
 * what a centre sees: victims are mostly women and perpetrators mostly men, children in
 * Trappan are 4–17, home municipalities are drawn by population, most series start within
 * weeks of the request with a tail of months, and a series is 3–10 mostly held sessions.
 * Clients arrive evenly over the ten years and are written in arrival order with their
 * case, series and sessions, so every table is appended in id order. One seeded splitmix64
 * stream drives every choice. */
#include "cli/demo_national.h"
#include "base/buf.h"
#include "security/audit.h"
#include "security/svc.h"
#include "store/activity.h"
#include "store/bulk.h"
#include "store/housing.h"
#include "store/reference.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MUNI_MAX 400
#define SERIES_MAX 5
#define SESSIONS_MAX 10
#define APARTMENTS 200
#define REFERRALS 200000
#define CONTACTS 100000
#define CONSULTATIONS 50000
#define TRAININGS 3000
#define REPORTS 20000
#define STAFF_FTE 85000 /* hundredths: 850 full-time equivalents nationally */
#define PROGRESS_EVERY 10000
/* decision dates lie up to this many days before the request */
#define DAYS_BEFORE 30

/* ---- random numbers: splitmix64 ---- */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in 0..n-1 (n >= 1). */
static int64_t rng_below(struct rng *r, int64_t n)
{
	return (int64_t)(rng_unit(r) * (double)n);
}

/* Uniform in lo..hi. */
static int64_t rng_range(struct rng *r, int64_t lo, int64_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* Index of the first cumulative weight above a uniform draw: a weighted choice. */
static int rng_pick(struct rng *r, const double *cumulative, int n)
{
	double x = rng_unit(r) * cumulative[n - 1];
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = (lo + hi) / 2;
		if (cumulative[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* A choice among a few labels with weights in per mille (summing to 1000). */
struct weighted {
	const char *label;
	int permille;
};

static const char *rng_label(struct rng *r, const struct weighted *w)
{
	int64_t x = rng_below(r, 1000);

	for (; w[1].label != NULL; w++) {
		x -= w->permille;
		if (x < 0)
			break;
	}
	return w->label;
}

/* ---- the generator's state ---- */

enum role { R_VICTIM, R_CHILD, R_PERPETRATOR, R_RELATIVE };

static const char *const role_key[] = {"victim", "child", "perpetrator", "relative"};

/* One day of the period as text: the date and a creation time on it. */
struct day_text {
	char date[11];
	char at[21];
	int year;
};

struct gen {
	const struct demo_national_opts *o;
	const struct crypto_keys *keys;
	struct store *st;
	struct nrs_error *err;
	struct demo_national_counts *n;
	struct rng rng;
	int64_t first_day, today; /* days since 1970 */
	int64_t base_day;         /* days[0] */
	struct day_text *days;
	int64_t ndays;
	/* municipalities weighted by population */
	char muni[MUNI_MAX][5];
	double muni_cum[MUNI_MAX];
	int nmuni;
	/* per client, for the stays and mandatory reports made after them */
	int64_t nclients, first_client, first_case, first_intervention;
	uint8_t *client_role;
	int16_t *client_muni;
	int16_t *client_birth;
	/* code counters per registration year */
	int64_t code_last[NATIONAL_YEARS + 2];
	int code_year0;
	struct buf sealed;
};

static const struct day_text *day_of(const struct gen *g, int64_t day)
{
	return &g->days[day - g->base_day];
}

static int year_of(const struct gen *g, int64_t day)
{
	return day_of(g, day)->year;
}

static int64_t scaled(const struct gen *g, int64_t full, int64_t min)
{
	int64_t v = (int64_t)llround((double)full * g->o->fraction);

	return v < min ? min : v;
}

/* The day client i (0-based) arrives: evenly over the period, in order. */
static int64_t arrival_day(const struct gen *g, int64_t i)
{
	return g->first_day + i * (g->today - g->first_day + 1) / g->nclients;
}

static int muni_cb(const char *code, int64_t population, void *vg)
{
	struct gen *g = vg;
	double w = population > 0 ? (double)population : 1000.0;

	if (g->nmuni >= MUNI_MAX || strlen(code) != 4)
		return NRS_EINVAL;
	memcpy(g->muni[g->nmuni], code, 5);
	g->muni_cum[g->nmuni] = (g->nmuni > 0 ? g->muni_cum[g->nmuni - 1] : 0.0) + w;
	g->nmuni++;
	return 0;
}

/* Printed with a space between thousands, as Swedish text does. */
static const char *thousands(int64_t v, char out[32])
{
	char digits[24];
	int len = snprintf(digits, sizeof(digits), "%lld", (long long)v), k = 0;

	for (int i = 0; i < len; i++) {
		if (i > 0 && digits[i] != '-' && (len - i) % 3 == 0 && digits[i - 1] != '-')
			out[k++] = ' ';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return out;
}

static void progress(const struct gen *g, const char *what, int64_t done, int64_t total)
{
	char a[32], b[32];

	if (g->o->progress == NULL)
		return;
	fprintf(g->o->progress, "\r%s %s / %s …   ", what, thousands(done, a), thousands(total, b));
	if (done == total)
		fputc('\n', g->o->progress);
	fflush(g->o->progress);
}

static int fail(struct gen *g, int rc, const char *what)
{
	if (g->err->msg[0] == '\0')
		nrs_error_set(g->err, rc, "", "%s kunde inte skrivas", what);
	return rc;
}

/* ---- clients with their case, series and sessions ---- */

/* One series planned for a client before anything is written. */
struct series {
	const char *type;
	int64_t requested, started; /* started -1: waiting */
	int64_t ended;              /* -1: not ended */
	const char *end_reason;
	int aid;
	int64_t decision;
	int nsessions;
	int64_t held[SESSIONS_MAX];
	const char *mode[SESSIONS_MAX];
	const char *outcome[SESSIONS_MAX];
	int minutes[SESSIONS_MAX];
};

static enum role draw_role(struct rng *r)
{
	int64_t x = rng_below(r, 100);

	return x < 55 ? R_VICTIM : x < 75 ? R_CHILD : x < 92 ? R_PERPETRATOR : R_RELATIVE;
}

static const char *draw_gender(struct rng *r, enum role role)
{
	static const struct weighted victim[] = {
	    {"kvinna", 850}, {"man", 140}, {"annat", 10}, {NULL, 0}};
	static const struct weighted perpetrator[] = {
	    {"man", 880}, {"kvinna", 110}, {"annat", 10}, {NULL, 0}};
	static const struct weighted child[] = {
	    {"kvinna", 495}, {"man", 495}, {"annat", 10}, {NULL, 0}};
	static const struct weighted relative[] = {
	    {"kvinna", 650}, {"man", 340}, {"annat", 10}, {NULL, 0}};
	static const struct weighted *const by_role[] = {victim, child, perpetrator, relative};

	return rng_label(r, by_role[role]);
}

/* Age at arrival: adults 18–79 weighted towards 25–45, children 4–17. */
static int draw_age(struct rng *r, enum role role)
{
	switch (role) {
	case R_CHILD:
		return (int)rng_range(r, 4, 17);
	case R_VICTIM:
		return 18 + (int)(62.0 * pow(rng_unit(r), 1.6));
	case R_PERPETRATOR:
		return 18 + (int)(55.0 * pow(rng_unit(r), 1.5));
	case R_RELATIVE:
		return 18 + (int)(62.0 * rng_unit(r));
	}
	return 30;
}

/* Most within weeks, a tail of months. */
static int64_t draw_wait(struct rng *r)
{
	int64_t x = rng_below(r, 100);

	if (x < 45)
		return rng_range(r, 0, 14);
	if (x < 75)
		return rng_range(r, 15, 42);
	if (x < 92)
		return rng_range(r, 43, 90);
	return rng_range(r, 91, 240);
}

static const char *series_type(struct rng *r, enum role role, int j)
{
	static const struct weighted victim_more[] = {
	    {"victim_support", 500}, {"womens_group", 300}, {"partner_contact", 200}, {NULL, 0}};
	switch (role) {
	case R_VICTIM:
		return j == 0 ? "victim_support" : rng_label(r, victim_more);
	case R_CHILD:
		return "child_trappan";
	case R_PERPETRATOR:
		return "perpetrator_treatment";
	case R_RELATIVE:
		return "relative_support";
	}
	return "victim_support";
}

/* The sessions of a started series up to today; sets nsessions and the end. */
static void plan_sessions(struct gen *g, struct series *s)
{
	static const struct weighted outcome[] = {
	    {"held", 850}, {"cancelled", 90}, {"no_show", 60}, {NULL, 0}};
	static const struct weighted end_reason[] = {
	    {"completed", 900}, {"moved", 40}, {"referred", 40}, {"other", 20}, {NULL, 0}};
	static const int minutes[] = {45, 60, 60, 60, 75, 90};
	struct rng *r = &g->rng;
	int group = strcmp(s->type, "womens_group") == 0;
	int64_t a = rng_below(r, 8), b = rng_below(r, 8);
	int planned = group ? 10 : 3 + (int)(a < b ? a : b);
	int interrupted = !group && rng_below(r, 100) < 10;
	int64_t where = rng_below(r, 100), day = s->started;
	const char *usual = where < 75 ? "centre" : where < 90 ? "home_municipality" : "phone";

	if (interrupted)
		planned = 1 + (int)rng_below(r, planned - 1);
	s->nsessions = 0;
	for (int k = 0; k < planned && day <= g->today; k++) {
		int64_t m = rng_below(r, 100);
		s->held[k] = day;
		s->mode[k] = m < 85 ? usual : m < 92 ? "centre" : m < 96 ? "phone" : "video";
		s->outcome[k] = rng_label(r, outcome);
		s->minutes[k] = group ? 120 : minutes[rng_below(r, 6)];
		s->nsessions++;
		day += group ? 7 : rng_range(r, 7, 14);
	}
	s->ended = -1;
	s->end_reason = NULL;
	if (s->nsessions == planned && rng_below(r, 100) >= 3) {
		int64_t end = s->held[planned - 1] + rng_range(r, 0, 7);
		s->ended = end > g->today ? g->today : end;
		s->end_reason = interrupted ? "interrupted" : rng_label(r, end_reason);
	}
}

/* The series of a client arriving on day; returns how many. */
static int plan_series(struct gen *g, enum role role, int64_t day, struct series *out)
{
	struct rng *r = &g->rng;
	int64_t x = rng_below(r, 100);
	int want = x < 45 ? 1 : x < 70 ? 2 : x < 85 ? 3 : x < 95 ? 4 : 5;
	int64_t requested = day + rng_range(r, 0, 14);
	int n = 0;

	while (n < want && requested <= g->today) {
		struct series *s = &out[n];
		int aid_share = role == R_PERPETRATOR ? 45 : 25;

		s->type = series_type(r, role, n);
		s->requested = requested;
		s->started = requested + draw_wait(r);
		s->aid = rng_below(r, 100) < aid_share;
		s->decision = requested - rng_range(r, 0, DAYS_BEFORE);
		if (s->started > g->today) {
			s->started = -1;
			s->ended = -1;
			s->end_reason = NULL;
			s->nsessions = 0;
		} else {
			plan_sessions(g, s);
		}
		n++;
		requested += rng_range(r, 14, 180);
	}
	return n;
}

static const char *draw_source(struct rng *r, enum role role)
{
	static const struct weighted adult[] = {{"self", 250},   {"social_services", 300},
	                                        {"police", 250}, {"health", 90},
	                                        {"shelter", 60}, {"other", 50},
	                                        {NULL, 0}};
	static const struct weighted child[] = {
	    {"social_services", 600}, {"school", 200}, {"police", 100},
	    {"health", 60},           {"other", 40},   {NULL, 0}};

	return rng_label(r, role == R_CHILD ? child : adult);
}

static int write_client(struct gen *g, int64_t i)
{
	struct rng *r = &g->rng;
	int64_t id = g->first_client + i, case_id = g->first_case + i, day = arrival_day(g, i);
	const struct day_text *arrive = day_of(g, day);
	enum role role = draw_role(r);
	int muni = rng_pick(r, g->muni_cum, g->nmuni), year = year_of(g, day);
	int birth_year = year - draw_age(r, role);
	struct series plan[SERIES_MAX];
	int nseries = plan_series(g, role, day, plan), all_ended = 1;
	int64_t last_end = day, *seq = &g->code_last[year - g->code_year0];
	char code[40], name[40];
	const char *source = draw_source(r, role), *gender = draw_gender(r, role), *closed = NULL;
	int rc;

	snprintf(name, sizeof(name), "Syntetisk\t%06lld", (long long)id);
	rc = crypto_seal(g->keys, AD_NAME, id, name, strlen(name), &g->sealed);
	if (rc != 0)
		return nrs_error_set(g->err, rc, "", "namnet kunde inte krypteras");
	snprintf(code, sizeof(code), "K-%04d-%04lld", year, (long long)++*seq);
	rc = store_bulk_client(
	    g->st,
	    &(struct bulk_client){id, code, (const unsigned char *)g->sealed.data, g->sealed.len,
	                          birth_year, gender, role_key[role], g->muni[muni], arrive->at},
	    g->err);
	if (rc != 0)
		return fail(g, rc, "klienten");
	g->client_role[i] = (uint8_t)role;
	g->client_muni[i] = (int16_t)muni;
	g->client_birth[i] = (int16_t)birth_year;
	for (int j = 0; j < nseries; j++) {
		all_ended = all_ended && plan[j].ended >= 0;
		if (plan[j].ended > last_end)
			last_end = plan[j].ended;
	}
	if (nseries > 0 && all_ended && rng_below(r, 100) < 90) {
		int64_t close = last_end + rng_range(r, 0, 60);
		if (close <= g->today)
			closed = day_of(g, close)->date;
	}
	rc = store_bulk_case(
	    g->st,
	    &(struct bulk_case){case_id, id, arrive->date, closed, source,
	                        strcmp(source, "social_services") == 0 ? g->muni[muni] : NULL,
	                        g->o->centre_id, arrive->at},
	    g->err);
	if (rc != 0)
		return fail(g, rc, "ärendet");
	g->n->clients++;
	g->n->cases++;
	g->n->cases_closed += closed != NULL;
	for (int j = 0; j < nseries; j++) {
		const struct series *s = &plan[j];
		int64_t iv_id = g->first_intervention + g->n->interventions;
		int started = s->started >= 0;
		struct bulk_intervention iv = {
		    .id = iv_id,
		    .case_id = case_id,
		    .type = s->type,
		    .requested = day_of(g, s->requested)->date,
		    .started = started ? day_of(g, s->started)->date : NULL,
		    .ended = s->ended >= 0 ? day_of(g, s->ended)->date : NULL,
		    .end_reason = s->end_reason,
		    .basis = s->aid ? "aid_decision" : "service",
		    .decision_municipality = s->aid ? g->muni[muni] : NULL,
		    .decision_date = s->aid ? day_of(g, s->decision)->date : NULL,
		    .start_age = started ? year_of(g, s->started) - birth_year : -1,
		    .start_municipality = started ? g->muni[muni] : NULL,
		    .start_gender = started ? gender : NULL,
		    .created_at = day_of(g, s->requested)->at,
		};
		if (iv.start_age > 130)
			iv.start_age = 130;
		rc = store_bulk_intervention(g->st, &iv, g->err);
		if (rc != 0)
			return fail(g, rc, "insatsen");
		g->n->interventions++;
		g->n->started += started;
		g->n->waiting += !started;
		g->n->ended += s->ended >= 0;
		g->n->aid_decisions += s->aid;
		for (int k = 0; k < s->nsessions; k++) {
			const struct day_text *held = day_of(g, s->held[k]);
			rc = store_bulk_session(g->st,
			                        &(struct bulk_session){iv_id, held->date,
			                                               s->minutes[k], s->mode[k],
			                                               s->outcome[k], held->at},
			                        g->err);
			if (rc != 0)
				return fail(g, rc, "samtalet");
			g->n->sessions++;
			g->n->held += strcmp(s->outcome[k], "held") == 0;
		}
	}
	return 0;
}

static int write_clients(struct gen *g)
{
	int rc = 0;

	for (int64_t i = 0; rc == 0 && i < g->nclients; i++) {
		rc = write_client(g, i);
		if ((i + 1) % PROGRESS_EVERY == 0 || i + 1 == g->nclients)
			progress(g, "Klienter", i + 1, g->nclients);
	}
	for (int k = 0; rc == 0 && k < NATIONAL_YEARS + 2; k++)
		if (g->code_last[k] > 0)
			rc = store_bulk_client_code_seq(g->st, g->code_year0 + k, g->code_last[k],
			                                g->err);
	return rc;
}

/* ---- emergency apartments ---- */

/* A victim who had arrived by day (the client arriving then, or the nearest victim before
 * her); -1 if there is none. */
static int64_t victim_by(struct gen *g, int64_t day)
{
	int64_t pos = (day - g->first_day) * g->nclients / (g->today - g->first_day + 1);

	pos -= rng_below(&g->rng, 200);
	if (pos >= g->nclients)
		pos = g->nclients - 1;
	for (int64_t i = pos; i >= 0; i--)
		if (g->client_role[i] == R_VICTIM)
			return i;
	for (int64_t i = pos < 0 ? 0 : pos; i < g->nclients; i++)
		if (g->client_role[i] == R_VICTIM)
			return i;
	return -1;
}

/* Stays of one apartment from the start of the period to today, one after the other: a stay
 * holds the nights [move_in, move_out), so the next may move in on the day this one moves
 * out. The last may still be open. */
static int write_stays(struct gen *g, int64_t apartment_id)
{
	struct rng *r = &g->rng;
	int64_t day = g->first_day + rng_range(r, 0, 30);

	while (day <= g->today) {
		int64_t nights = 2 + (int64_t)(118.0 * pow(rng_unit(r), 2.5));
		int64_t out = day + nights, c = victim_by(g, day), x = rng_below(r, 100);
		int children = x < 45 ? 0 : x < 70 ? 1 : x < 88 ? 2 : 3, ages[3], len = 0, rc;
		char list[16];

		if (c < 0)
			return 0;
		for (int k = 0; k < children; k++) {
			int a = (int)rng_range(r, 0, 17), m = k;
			for (; m > 0 && ages[m - 1] > a; m--)
				ages[m] = ages[m - 1];
			ages[m] = a;
		}
		list[0] = '\0';
		for (int k = 0; k < children; k++)
			len += snprintf(list + len, sizeof(list) - (size_t)len, "%s%d",
			                k ? "," : "", ages[k]);
		rc = store_bulk_stay(
		    g->st,
		    &(struct bulk_stay){apartment_id, g->first_client + c, list, children,
		                        g->muni[g->client_muni[c]], day_of(g, day)->date,
		                        out <= g->today ? day_of(g, out)->date : NULL,
		                        year_of(g, day) - g->client_birth[c], day_of(g, day)->at},
		    g->err);
		if (rc != 0)
			return fail(g, rc, "vistelsen");
		g->n->stays++;
		day = out + rng_range(r, 0, 20);
	}
	return 0;
}

static int write_apartments(struct gen *g)
{
	int64_t total = scaled(g, APARTMENTS, 2);
	int rc = 0;

	for (int64_t a = 1; rc == 0 && a <= total; a++) {
		char label[40];
		int64_t id = 0;

		snprintf(label, sizeof(label), "Jourlägenhet %03lld", (long long)a);
		rc = store_apartment_add(g->st, g->o->centre_id, label, day_of(g, g->first_day)->at,
		                         &id, g->err);
		if (rc != 0)
			return fail(g, rc, "lägenheten");
		g->n->apartments++;
		rc = write_stays(g, id);
	}
	return rc;
}

/* ---- police referrals ---- */

static int write_referrals(struct gen *g)
{
	static const struct weighted outcome[] = {{"crisis_talk", 400},
	                                          {"legal_info", 250},
	                                          {"motivated", 200},
	                                          {"declined", 150},
	                                          {NULL, 0}};
	struct rng *r = &g->rng;
	int64_t total = scaled(g, REFERRALS, 10), span = g->today - g->first_day + 1;
	int rc = 0;

	for (int64_t i = 0; rc == 0 && i < total; i++) {
		int64_t received =
		    (g->first_day + i * span / total) * 86400 + rng_range(r, 0, 86399);
		int64_t x = rng_below(r, 100), delay = 0;
		char received_at[21], contact_at[21];
		struct bulk_referral ref = {
		    g->o->centre_id, received_at, rng_below(r, 100) < 75, NULL, NULL, NULL, NULL};

		time_iso_from_epoch(received, received_at);
		ref.created_at = received_at;
		if (rng_below(r, 100) < 85)
			ref.municipality = g->muni[rng_pick(r, g->muni_cum, g->nmuni)];
		if (x < 6) {
			ref.outcome = "not_reached";
		} else {
			delay =
			    x < 80 ? rng_range(r, 600, 172800) : rng_range(r, 172801, 7 * 86400);
			time_iso_from_epoch(received + delay, contact_at);
			ref.first_contact_at = contact_at;
			ref.outcome = rng_label(r, outcome);
		}
		/* what has not happened by now is still open */
		if (received + delay > g->o->now ||
		    (ref.first_contact_at == NULL && received + 7 * 86400 > g->o->now)) {
			ref.first_contact_at = NULL;
			ref.outcome = NULL;
		}
		rc = store_bulk_referral(g->st, &ref, g->err);
		if (rc != 0)
			return fail(g, rc, "polisremissen");
		g->n->referrals++;
	}
	return rc;
}

/* ---- contacts, consultations, trainings, mandatory reports ---- */

static int write_contacts(struct gen *g)
{
	static const struct weighted category[] = {{"victim", 450},       {"relative", 200},
	                                           {"professional", 200}, {"perpetrator", 100},
	                                           {"other", 50},         {NULL, 0}};
	static const struct weighted outcome[] = {{"information", 500},
	                                          {"booked_visit", 250},
	                                          {"social_services", 200},
	                                          {"other", 50},
	                                          {NULL, 0}};
	struct rng *r = &g->rng;
	int64_t total = scaled(g, CONTACTS, 10), span = g->today - g->first_day + 1;

	for (int64_t i = 0; i < total; i++) {
		const struct day_text *d = day_of(g, g->first_day + i * span / total);
		struct contact_input in = {
		    g->o->centre_id,
		    d->date,
		    rng_label(r, category),
		    rng_below(r, 100) < 70 ? g->muni[rng_pick(r, g->muni_cum, g->nmuni)] : NULL,
		    "Råd och information",
		    rng_range(r, 5, 45),
		    rng_label(r, outcome),
		    d->at,
		    0};
		int rc = store_contact_add(g->st, &in, NULL, g->err);
		if (rc != 0)
			return fail(g, rc, "kontakten");
		g->n->contacts++;
	}
	return 0;
}

static int write_consultations(struct gen *g)
{
	struct rng *r = &g->rng;
	int64_t total = scaled(g, CONSULTATIONS, 10), span = g->today - g->first_day + 1;

	for (int64_t i = 0; i < total; i++) {
		const struct day_text *d = day_of(g, g->first_day + i * span / total);
		struct consultation_input in = {g->o->centre_id,
		                                d->date,
		                                0,
		                                g->muni[rng_pick(r, g->muni_cum, g->nmuni)],
		                                "Konsultation i ärende",
		                                rng_range(r, 15, 90),
		                                d->at,
		                                0};
		int rc = store_consultation_add(g->st, &in, NULL, g->err);
		if (rc != 0)
			return fail(g, rc, "konsultationen");
		g->n->consultations++;
	}
	return 0;
}

struct orgs {
	int64_t id[64];
	int n;
};

static int collect_org(const struct org_row *row, void *vo)
{
	struct orgs *o = vo;

	if (o->n < (int)(sizeof(o->id) / sizeof(o->id[0])))
		o->id[o->n++] = row->id;
	return 0;
}

static int write_trainings(struct gen *g)
{
	static const struct weighted kind[] = {{"concept", 450},
	                                       {"custom", 300},
	                                       {"network_coordinators", 150},
	                                       {"network_trappan", 100},
	                                       {NULL, 0}};
	struct rng *r = &g->rng;
	int64_t total = scaled(g, TRAININGS, 10), span = g->today - g->first_day + 1;
	struct orgs orgs = {{0}, 0};
	int rc = store_org_list(g->st, NULL, collect_org, &orgs);

	if (rc != 0 || orgs.n == 0)
		return fail(g, rc ? rc : NRS_ENOTFOUND, "utbildningen");
	for (int64_t i = 0; i < total; i++) {
		const struct day_text *d = day_of(g, g->first_day + i * span / total);
		struct training_input in = {g->o->centre_id,    d->date, "Våld i nära relationer",
		                            rng_label(r, kind), d->at,   0};
		int64_t id = 0, first = rng_below(r, orgs.n), n = rng_range(r, 1, 4);

		rc = store_training_add(g->st, &in, &id, g->err);
		for (int64_t k = 0; rc == 0 && k < n && k < orgs.n; k++)
			rc = store_training_participant_add(
			    g->st, id, orgs.id[(first + k) % orgs.n], rng_range(r, 3, 40), g->err);
		if (rc != 0)
			return fail(g, rc, "utbildningen");
		g->n->trainings++;
	}
	return 0;
}

static int write_reports(struct gen *g)
{
	struct rng *r = &g->rng;
	int64_t total = scaled(g, REPORTS, 10);

	for (int64_t i = 0; i < total; i++) {
		int64_t c = rng_below(r, g->nclients),
		        day = arrival_day(g, c) + rng_range(r, 0, 60);
		const struct day_text *d = day_of(g, day > g->today ? g->today : day);
		struct report_input in = {g->o->centre_id,
		                          g->first_case + c,
		                          rng_below(r, 100) < 95 ? "orosanmalan" : "lex_sarah",
		                          d->date,
		                          g->o->staff_id,
		                          0,
		                          "Socialtjänsten",
		                          d->at,
		                          g->o->staff_id};
		int rc = store_report_add(g->st, &in, NULL, g->err);
		if (rc != 0)
			return fail(g, rc, "anmälan");
		g->n->reports++;
	}
	return 0;
}

/* Staff for every year of the period, around the national figure scaled like the rest. */
static int write_report_years(struct gen *g)
{
	for (int y = year_of(g, g->first_day); y <= year_of(g, g->today); y++) {
		int64_t fte = scaled(g, STAFF_FTE, 100) * rng_range(&g->rng, 95, 105) / 100;
		int rc = store_bulk_report_year(g->st, y, fte, day_of(g, g->today)->at, g->err);
		if (rc != 0)
			return fail(g, rc, "årets personaluppgift");
		g->n->report_years++;
	}
	return 0;
}

/* ---- the whole ---- */

static int make_days(struct gen *g)
{
	struct nrs_date back = g->o->today;

	back.year -= NATIONAL_YEARS;
	if (back.month == 2 && back.day == 29)
		back.day = 28;
	g->today = date_to_days(&g->o->today);
	g->first_day = date_to_days(&back) + 1;
	g->base_day = g->first_day - DAYS_BEFORE - 1;
	g->ndays = g->today - g->base_day + 1;
	g->days = calloc((size_t)g->ndays, sizeof(*g->days));
	if (g->days == NULL)
		return NRS_ENOMEM;
	for (int64_t k = 0; k < g->ndays; k++) {
		struct nrs_date d = date_from_days(g->base_day + k);
		struct day_text *t = &g->days[k];
		date_format(&d, t->date);
		snprintf(t->at, sizeof(t->at), "%sT09:00:00Z", t->date);
		t->year = d.year;
	}
	g->code_year0 = year_of(g, g->first_day);
	return 0;
}

static int generate(struct gen *g)
{
	struct bulk_next_ids next;
	struct bulk_indexes saved;
	int rc = store_bulk_municipalities(g->st, muni_cb, g);

	if (rc == 0 && g->nmuni == 0)
		rc = NRS_ENOTFOUND;
	if (rc != 0)
		return nrs_error_set(g->err, rc, "kommun", "kommunlistan kunde inte läsas");
	rc = store_bulk_next_ids(g->st, &next);
	if (rc != 0)
		return fail(g, rc, "klientregistret");
	g->first_client = next.client;
	g->first_case = next.case_file;
	g->first_intervention = next.intervention;
	rc = store_bulk_prepare(g->st, &saved, g->err);
	if (rc != 0)
		return rc;
	rc = write_clients(g);
	if (rc == 0 && g->o->progress) {
		fputs("Bygger index …\n", g->o->progress);
		fflush(g->o->progress);
	}
	if (rc == 0)
		rc = store_bulk_finish(g->st, &saved, 1, g->err);
	else
		store_bulk_finish(g->st, &saved, 0, NULL);
	if (rc == 0 && g->o->progress) {
		fputs(
		    "Jourlägenheter, polisremisser, kontakter, konsultationer och utbildningar …\n",
		    g->o->progress);
		fflush(g->o->progress);
	}
	if (rc == 0)
		rc = write_apartments(g);
	if (rc == 0)
		rc = write_referrals(g);
	if (rc == 0)
		rc = write_contacts(g);
	if (rc == 0)
		rc = write_consultations(g);
	if (rc == 0)
		rc = write_trainings(g);
	if (rc == 0)
		rc = write_reports(g);
	if (rc == 0)
		rc = write_report_years(g);
	if (rc == 0)
		rc = audit_append(g->st, g->keys->audit,
		                  &(struct audit_entry){.username = "demo",
		                                        .action = "create",
		                                        .record_kind = "synthetic_data",
		                                        .record_id = "national"},
		                  g->err);
	return rc;
}

int demo_national_generate(struct store *st, const struct crypto_keys *keys,
                           const struct demo_national_opts *o, struct demo_national_counts *out,
                           struct nrs_error *err)
{
	struct gen *g = calloc(1, sizeof(*g));
	int rc;

	memset(out, 0, sizeof(*out));
	if (g == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	if (!(o->fraction > 0.0 && o->fraction <= 1.0)) {
		free(g);
		return nrs_error_set(err, NRS_EINVAL, "--fraction",
		                     "andelen ska vara över 0 och högst 1");
	}
	g->o = o;
	g->keys = keys;
	g->st = st;
	g->err = err;
	g->n = out;
	g->rng.s = o->seed;
	buf_init(&g->sealed, 4096);
	rc = make_days(g);
	if (rc == 0) {
		g->nclients = scaled(g, NATIONAL_CLIENTS, 10);
		g->client_role = malloc((size_t)g->nclients);
		g->client_muni = malloc((size_t)g->nclients * sizeof(*g->client_muni));
		g->client_birth = malloc((size_t)g->nclients * sizeof(*g->client_birth));
		if (!g->client_role || !g->client_muni || !g->client_birth)
			rc = NRS_ENOMEM;
	}
	if (rc != 0)
		nrs_error_set(err, rc, "", "minnet tog slut");
	else
		rc = generate(g);
	buf_free(&g->sealed);
	free(g->days);
	free(g->client_role);
	free(g->client_muni);
	free(g->client_birth);
	free(g);
	return rc;
}

void demo_national_print(const struct demo_national_counts *c, FILE *f)
{
	char a[32], b[32], d[32], e[32];

	fprintf(f, "Syntetiska uppgifter i nationell skala (tio år fram till i dag):\n");
	fprintf(f, "  Klienter:          %s (ärenden %s, varav avslutade %s)\n",
	        thousands(c->clients, a), thousands(c->cases, b), thousands(c->cases_closed, d));
	fprintf(f, "  Insatser:          %s (startade %s, avslutade %s, i kö %s)\n",
	        thousands(c->interventions, a), thousands(c->started, b), thousands(c->ended, d),
	        thousands(c->waiting, e));
	fprintf(f, "  Biståndsbeslut:    %s\n", thousands(c->aid_decisions, a));
	fprintf(f, "  Samtal:            %s (hållna %s)\n", thousands(c->sessions, a),
	        thousands(c->held, b));
	fprintf(f, "  Jourlägenheter:    %s med %s vistelser\n", thousands(c->apartments, a),
	        thousands(c->stays, b));
	fprintf(f, "  Polisremisser:     %s\n", thousands(c->referrals, a));
	fprintf(f, "  Anonyma kontakter: %s\n", thousands(c->contacts, a));
	fprintf(f, "  Konsultationer:    %s\n", thousands(c->consultations, a));
	fprintf(f, "  Utbildningar:      %s\n", thousands(c->trainings, a));
	fprintf(f, "  Anmälningar:       %s\n", thousands(c->reports, a));
	fprintf(f, "  Personalår:        %s år med årsarbetare\n", thousands(c->report_years, a));
}
