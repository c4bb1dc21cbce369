/* `norrsken demo`'s synthetic casework (see demo_data.h): households the centre meets over
 * the period and the centre's other work, each record made through the security layer's
 * services (clientsvc, groupsvc, risksvc, activitysvc) so that it is validated, encrypted and
 * audited exactly like one typed in by staff. Deterministic: one seeded xorshift64* stream
 * drives every choice, and households are made in date order. */
#include "cli/demo_data.h"
#include "base/embed.h"
#include "base/str.h"
#include "domain/instrument.h"
#include "domain/pnr.h"
#include "security/activitysvc.h"
#include "security/clientsvc.h"
#include "security/groupsvc.h"
#include "security/housingsvc.h"
#include "security/reportsvc.h"
#include "security/risksvc.h"
#include "store/reference.h"

#include <stdlib.h>
#include <string.h>

#define DAY_SECONDS 86400
#define HOUR 3600
#define NAMES_MAX 256
#define PNR_MAX 256
#define MUNI_MAX 64
#define ORGS_MAX 64
#define MEASURES_MAX 16
#define GROUP_SLOTS 64
#define GROUP_MEMBERS_MAX 40
/* The longest wait in the queue before the start, in days: 58 plus at most two days to the
 * Monday after a weekend keeps every wait within 0..60. */
#define WAIT_MAX 58

/* ---- xorshift64*, seeded through splitmix64 so that seeds 0, 1, 2 ... differ at once ---- */

struct rng {
	uint64_t s;
};

static void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t z = seed + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	r->s = z != 0 ? z : 0x9e3779b97f4a7c15ULL; /* xorshift must not start at 0 */
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t x = r->s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	r->s = x;
	return x * 0x2545f4914f6cdd1dULL;
}

/* Uniform in 0..n-1 for n >= 1 (Lemire's multiply-shift: no modulo bias worth the name). */
static int rng_below(struct rng *r, int n)
{
	return (int)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* Uniform in lo..hi inclusive (hi >= lo). */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* True with pct per cent probability. */
static int rng_pct(struct rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

/* A key drawn by weight from a table ending with {NULL, 0}. */
struct weighted {
	const char *key;
	int weight;
};

static const char *rng_pick(struct rng *r, const struct weighted *w)
{
	int total = 0, x;

	for (const struct weighted *p = w; p->key; p++)
		total += p->weight;
	x = rng_below(r, total);
	for (; w->key; w++) {
		if (x < w->weight)
			return w->key;
		x -= w->weight;
	}
	return NULL; /* not reached: the weights add up to total */
}

#define PICK(r, list) ((list)[rng_below((r), (int)(sizeof(list) / sizeof((list)[0])))])

/* ---- the shipped lists ---- */

struct name_list {
	const char *v[NAMES_MAX];
	int n;
};

struct names {
	char *text; /* the file's copy, cut into lines; the lists point into it */
	struct name_list women, men, surnames;
};

/* Cut data/demo-names.txt into its three sections. */
static int names_load(struct names *nm, struct nrs_error *err)
{
	const struct nrs_blob *b = nrs_embedded("data/demo-names.txt");
	struct name_list *cur = NULL;
	char *p, *end;

	if (b == NULL)
		return nrs_error_set(err, NRS_ENOTFOUND, "", "namnlistan för demodata saknas");
	nm->text = malloc(b->len + 1);
	if (nm->text == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	memcpy(nm->text, b->data, b->len);
	nm->text[b->len] = '\0';
	end = nm->text + b->len;
	for (p = nm->text; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *line;

		if (nl != NULL)
			*nl = '\0';
		line = str_trim(p);
		p = nl != NULL ? nl + 1 : end;
		if (line[0] == '\0' || line[0] == '#')
			continue;
		if (line[0] == '[') {
			if (strcmp(line, "[kvinna]") == 0)
				cur = &nm->women;
			else if (strcmp(line, "[man]") == 0)
				cur = &nm->men;
			else if (strcmp(line, "[efternamn]") == 0)
				cur = &nm->surnames;
			else
				return nrs_error_set(err, NRS_EINVAL, "",
				                     "namnlistan har en okänd del: %s", line);
			continue;
		}
		if (cur == NULL || cur->n == NAMES_MAX)
			return nrs_error_set(err, NRS_EINVAL, "",
			                     "namnlistan har ett namn utanför sina delar"
			                     " eller för många namn");
		cur->v[cur->n++] = line;
	}
	if (nm->women.n == 0 || nm->men.n == 0 || nm->surnames.n == 0)
		return nrs_error_set(err, NRS_EINVAL, "", "namnlistan saknar en av sina delar");
	return 0;
}

struct test_pnr {
	char normal[13];
	struct nrs_date birth;
	int male;
	int used;
};

/* The test identity numbers that parse as of today (a birth date after it would be refused
 * by the service, so it is left out here and never tried). */
static int pnr_load(struct test_pnr *out, int *count, const struct nrs_date *today,
                    struct nrs_error *err)
{
	const struct nrs_blob *b = nrs_embedded("data/demo-pnr.txt");
	const char *p, *end;

	*count = 0;
	if (b == NULL)
		return nrs_error_set(err, NRS_ENOTFOUND, "", "testpersonnumren saknas");
	p = (const char *)b->data;
	end = p + b->len;
	while (p < end && *count < PNR_MAX) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl != NULL ? nl : end) - p);
		char line[32];
		struct pnr pn;

		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n > 0 && n < sizeof(line) && p[0] != '#') {
			memcpy(line, p, n);
			line[n] = '\0';
			if (pnr_parse(line, today, &pn, NULL) == 0 && !pn.coordination) {
				struct test_pnr *t = &out[(*count)++];
				memcpy(t->normal, pn.normal, sizeof(t->normal));
				t->birth = pn.birth;
				t->male = pn.sex == PNR_MALE;
				t->used = 0;
			}
		}
		p = nl != NULL ? nl + 1 : end;
	}
	return 0;
}

struct muni {
	char code[5];
	int64_t weight;
};

struct muni_list {
	struct muni v[MUNI_MAX];
	int n;
	int64_t total;
};

static int muni_cb(const struct municipality_row *row, void *ctx)
{
	struct muni_list *m = ctx;

	if (!row->member || m->n == MUNI_MAX || strlen(row->code) != 4)
		return 0;
	memcpy(m->v[m->n].code, row->code, 5);
	/* a member without a population figure still gets a few clients */
	m->v[m->n].weight = row->population > 0 ? row->population : 1000;
	m->total += m->v[m->n].weight;
	m->n++;
	return 0;
}

/* ---- the generator's state ---- */

struct gen {
	struct store *st;
	const struct crypto_keys *keys;
	const struct demo_data_opts *o;
	struct demo_data_counts *c;
	struct nrs_error *err;
	struct rng rng;
	struct clientsvc_actor sys;      /* "demo", the system: what no person must sign */
	struct clientsvc_actor staff[2]; /* centre.staff, centre.manager: notes, assessments
	                                    and follow-up values, which a person signs */
	int64_t today;                   /* days since 1970-01-01 */
	int64_t first_day;               /* the period's first day */
	struct names names;
	struct test_pnr pnr[PNR_MAX];
	int npnr;
	struct muni_list muni;
	char host[5]; /* the host municipality, where the centre sits */
	struct org {
		int64_t id;
		char kind[16];
		char muni[5]; /* "" if none */
	} orgs[ORGS_MAX];
	int norgs;
	struct measure {
		char key[41];
		int min, max;
	} measures[MEASURES_MAX];
	int nmeasures;
	const struct instrument *screening; /* FREDA-kortfrågor, NULL if not shipped */
	const struct instrument *danger;    /* FREDA-farlighetsbedömning, likewise */
	struct dgroup {                     /* the women's groups of the period */
		int64_t id;                 /* 0 until the first participant joins */
		int64_t start;              /* a Monday */
		int distance;               /* the distance format, else weekly for ten weeks */
		int n;
		struct member {
			int64_t client_id, joined, left; /* left: -1 if stayed to the end */
		} m[GROUP_MEMBERS_MAX];
	} groups[GROUP_SLOTS];
	int ngroups;
};

static int org_row_cb(const struct org_row *row, void *ctx)
{
	struct gen *g = ctx;
	struct org *o;

	if (!row->active || g->norgs == ORGS_MAX || strlen(row->kind) >= sizeof(o->kind))
		return 0;
	o = &g->orgs[g->norgs++];
	o->id = row->id;
	memcpy(o->kind, row->kind, strlen(row->kind) + 1);
	o->muni[0] = '\0';
	if (row->municipality_code != NULL && strlen(row->municipality_code) == 4)
		memcpy(o->muni, row->municipality_code, 5);
	return 0;
}

static int measure_cb(const struct followup_measure_row *row, void *ctx)
{
	struct gen *g = ctx;
	struct measure *m;

	if (g->nmeasures == MEASURES_MAX || strlen(row->key) >= sizeof(m->key) ||
	    row->scale_max <= row->scale_min)
		return 0;
	m = &g->measures[g->nmeasures++];
	memcpy(m->key, row->key, strlen(row->key) + 1);
	m->min = row->scale_min;
	m->max = row->scale_max;
	return 0;
}

static struct nrs_date day_date(int64_t day)
{
	return date_from_days(day);
}

static void day_text(int64_t day, char out[11])
{
	struct nrs_date d = date_from_days(day);

	date_format(&d, out);
}

/* Monday 0 .. Sunday 6 (1970-01-01 was a Thursday). */
static int weekday(int64_t day)
{
	return (int)(((day % 7) + 7 + 3) % 7);
}

/* The day itself, or the Monday after when it falls on a weekend: the centre's working days. */
static int64_t workday(int64_t day)
{
	int wd = weekday(day);

	return wd >= 5 ? day + (7 - wd) : day;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* A member municipality, weighted by its population (Östersund about half). */
static const char *pick_muni(struct gen *g)
{
	int64_t x = (int64_t)(((rng_next(&g->rng) >> 11) % (uint64_t)g->muni.total));

	for (int i = 0; i < g->muni.n; i++) {
		if (x < g->muni.v[i].weight)
			return g->muni.v[i].code;
		x -= g->muni.v[i].weight;
	}
	return g->muni.v[0].code;
}

/* A first name for the gender; for "annat" from either list. */
static const char *pick_first(struct gen *g, const char *gender)
{
	const struct name_list *l;

	if (strcmp(gender, "man") == 0)
		l = &g->names.men;
	else if (strcmp(gender, "kvinna") == 0)
		l = &g->names.women;
	else
		l = rng_pct(&g->rng, 50) ? &g->names.women : &g->names.men;
	return l->v[rng_below(&g->rng, l->n)];
}

static const char *pick_surname(struct gen *g)
{
	return g->names.surnames.v[rng_below(&g->rng, g->names.surnames.n)];
}

/* Roughly bell-shaped age in lo..hi: the mean of two uniform draws. */
static int pick_age(struct gen *g, int lo, int hi)
{
	return (rng_range(&g->rng, lo, hi) + rng_range(&g->rng, lo, hi) + 1) / 2;
}

/* An unused test identity number of this sex whose holder is min_age..max_age on day, or
 * NULL; taken numbers are marked so that each is registered at most once. */
static struct test_pnr *take_pnr(struct gen *g, int male, int min_age, int max_age, int64_t day)
{
	struct nrs_date d = day_date(day);
	int fits[PNR_MAX], n = 0;

	for (int i = 0; i < g->npnr; i++) {
		const struct test_pnr *t = &g->pnr[i];
		int age = d.year - t->birth.year;

		if (t->used || t->male != male || age < min_age || age > max_age ||
		    date_cmp(&t->birth, &d) > 0)
			continue;
		fits[n++] = i;
	}
	if (n == 0)
		return NULL;
	n = fits[rng_below(&g->rng, n)];
	g->pnr[n].used = 1;
	return &g->pnr[n];
}

/* ---- fixed texts: neutral, made up, never a name ---- */

static const struct weighted victim_sources[] = {
    {"self", 28},   {"social_services", 30}, {"police", 16}, {"health", 10},
    {"shelter", 8}, {"school", 2},           {"other", 6},   {NULL, 0},
};
static const struct weighted perpetrator_sources[] = {
    {"social_services", 45}, {"self", 30}, {"police", 10}, {"health", 5}, {"other", 10}, {NULL, 0},
};
static const struct weighted relative_sources[] = {
    {"self", 60}, {"social_services", 20}, {"health", 10}, {"other", 10}, {NULL, 0},
};
static const struct weighted end_reasons[] = {
    {"completed", 88}, {"moved", 4}, {"referred", 5}, {"other", 3}, {NULL, 0},
};
static const struct weighted contact_outcomes[] = {
    {"crisis_talk", 35}, {"legal_info", 25}, {"motivated", 28}, {"declined", 12}, {NULL, 0},
};

enum {
	V_PHYSICAL = 1u << 0,
	V_PSYCHOLOGICAL = 1u << 1,
	V_SEXUAL = 1u << 2,
	V_ECONOMIC = 1u << 3,
	V_MATERIAL = 1u << 4,
	V_NEGLECT = 1u << 5,
	V_HONOUR = 1u << 6,
	V_DIGITAL = 1u << 7,
};
static const char *const violence_keys[] = {"physical", "psychological", "sexual", "economic",
                                            "material", "neglect",       "honour", "digital"};

static const char *const goals_victim[] = {
    "Öka tryggheten i vardagen och ta fram en säkerhetsplan som fungerar.",
    "Bearbeta det våld som klienten utsatts för och stärka förmågan att sätta gränser.",
    "Få stöd i kontakten med myndigheter inför och under rättsprocessen.",
    "Minska stressymtom, förbättra sömnen och bryta isoleringen.",
    "Förstå våldets mekanismer och hitta vägar vidare efter separationen.",
};
static const char *const goals_child[] = {
    ("Ge barnet möjlighet att sätta ord på det som hänt och förstå att våldet inte är barnets"
     " fel."),
    "Stärka barnets trygghet och samspelet med den våldsutsatta föräldern.",
    "Minska barnets oro och ge barnet kunskap om vart det kan vända sig.",
};
static const char *const goals_perpetrator[] = {
    "Upphöra med allt våld och kontrollerande beteende i relationen.",
    "Ta ansvar för våldet och utveckla andra sätt att hantera konflikter och ilska.",
    "Förstå våldets konsekvenser för partner och barn och upprätthålla en våldsfri vardag.",
};
static const char *const goals_relative[] = {
    "Ge stöd i att hantera oron för en närstående och information om var hjälp finns.",
    "Stärka förmågan att stötta en närstående utan att själv ta skada.",
};

static const char *const notes_first_adult[] = {
    ("Första samtal genomfört. Information om verksamheten, sekretess och dokumentation har"
     " lämnats. Behovet av stöd har kartlagts."),
    ("Inledande bedömningssamtal. Klienten beskriver sin situation och önskar samtalsstöd."
     " Säkerhetsfrågor har gåtts igenom."),
    ("Kontakt etablerad efter förmedling. Tid för samtal är bokad och information om"
     " väntetiden är lämnad."),
};
static const char *const notes_first_child[] = {
    ("Inledande samtal med barnet tillsammans med vårdnadshavare. Barnet informerades om"
     " samtalens upplägg på ett åldersanpassat sätt."),
    "Samtal enligt Trappan-modellen planerat. Vårdnadshavare har samtyckt till samtalen.",
};
static const char *const notes_first_perpetrator[] = {
    ("Bedömningssamtal. Motivation till förändring finns och behandlingens upplägg har"
     " presenterats."),
    ("Första kontakt. Klienten bekräftar att det förekommit våld i relationen och vill ha"
     " hjälp att sluta."),
};
static const char *const notes_middle[] = {
    "Samtalet följde planen. Klienten upplever att vardagen blivit något lugnare.",
    "Uppföljning av säkerhetsplanen. Inga nya händelser rapporterade sedan förra samtalet.",
    "Genomförandeplanen följdes upp. Målen kvarstår och samtalen fortsätter som planerat.",
};
static const char *const notes_close[] = {
    ("Avslutande samtal. Målen i genomförandeplanen har följts upp och ärendet avslutas i"
     " samförstånd."),
    ("Insatsen är genomförd. Klienten har fått information om att åter kontakta verksamheten"
     " vid behov."),
};
static const char *const notes_close_interrupted[] = {
    "Ärendet avslutas. Klienten har inte hörts av trots flera försök till kontakt.",
    "Klienten har valt att avbryta samtalen. Information om andra stödinsatser har lämnats.",
};
static const char *const notes_declined[] = {
    ("Klienten har avböjt erbjuden behandling. Ärendet avslutas och information om"
     " möjligheten att höra av sig igen har lämnats."),
};
static const char *const attempt_notes[] = {
    "Inget svar, meddelande lämnat på röstbrevlådan.",
    "Upptaget, nytt försök senare.",
    "Inget svar.",
};

/* ---- clients ---- */

struct person {
	int64_t id;
	const char *first, *last;
	const char *gender; /* kvinna, man, annat */
	int age;            /* on the day of registration */
	int birth_year;
	const char *muni; /* home municipality, into g->muni */
	int protected_identity;
};

/* Contact details in a range set aside for fiction (070-174 06 05 .. 99), or none. */
static const char *make_contact(struct gen *g, const struct person *p, int pct, char *buf, size_t n)
{
	static const char *const tails[] = {"", ", ring helst efter kl. 16", ", sms går bra"};

	if (!rng_pct(&g->rng, pct))
		return NULL;
	if (p->protected_identity)
		return "Kontakt endast via socialtjänsten i hemkommunen.";
	snprintf(buf, n, "Mobil 070-174 06 %02d%s", rng_range(&g->rng, 5, 99),
	         PICK(&g->rng, tails));
	return buf;
}

/* Register p (names, gender, age, municipality and protection already chosen) on day,
 * numbered in that day's year. With pnr_pct per cent chance it gets an unused test identity
 * number of its sex and of an age min_age..max_age, which then sets its age; otherwise the
 * birth year only. */
static int person_register(struct gen *g, struct person *p, unsigned roles, int64_t day,
                           int pnr_pct, int min_age, int max_age, const char *contact)
{
	struct clientsvc_actor a = g->sys;
	struct client_input in = {0};
	struct test_pnr *t = NULL;
	char code[CLIENT_CODE_MAX];
	int rc;

	a.today = day_date(day);
	p->birth_year = a.today.year - p->age;
	if (strcmp(p->gender, "annat") != 0 && rng_pct(&g->rng, pnr_pct))
		t = take_pnr(g, strcmp(p->gender, "man") == 0, min_age, max_age, day);
	if (t != NULL) {
		p->birth_year = t->birth.year;
		p->age = a.today.year - t->birth.year;
	}
	in.first_name = p->first;
	in.last_name = p->last;
	in.pnr = t != NULL ? t->normal : NULL;
	in.birth_year = t != NULL ? 0 : p->birth_year;
	in.gender = p->gender;
	in.home_municipality = p->muni;
	in.roles = roles;
	in.protected_identity = p->protected_identity;
	in.contact = contact;
	rc = clientsvc_register(g->st, g->keys, &a, &in, &p->id, code, g->err);
	if (rc != 0)
		return rc;
	g->c->clients++;
	g->c->protected_clients += p->protected_identity != 0;
	g->c->with_pnr += t != NULL;
	return 0;
}

static int relate(struct gen *g, const struct person *a, const struct person *b, const char *kind)
{
	int rc = clientsvc_relation_add(g->st, g->keys, &g->sys, a->id, b->id, kind, g->err);

	g->c->relations += rc == 0;
	return rc;
}

/* ---- cases ---- */

enum { WHO_STAFF, WHO_MANAGER, WHO_BOTH };

struct dcase {
	int64_t id;
	const struct person *p;
	int64_t opened;
	int who;         /* WHO_*: assigned staff */
	int64_t last;    /* the latest day of work in the case */
	int busy;        /* something waits or runs today: the case stays open */
	int interrupted; /* an intervention was broken off */
	int held;        /* sessions held */
};

static int64_t staff_of(const struct gen *g, int who)
{
	return who == WHO_MANAGER ? g->o->manager_id : g->o->staff_id;
}

/* Open a case on day with assignment, violence types and a plan (follow-up in 90 days). */
static int case_open(struct gen *g, struct dcase *c, const struct person *p, int64_t day,
                     const char *source, unsigned violence, const char *goals, const char *planned,
                     int who)
{
	struct case_open_input in = {0};
	struct plan_input plan = {0};
	char opened[11], follow_up[11];
	int rc;

	memset(c, 0, sizeof(*c));
	c->p = p;
	c->opened = day;
	c->last = day;
	c->who = who;
	day_text(day, opened);
	in.client_id = p->id;
	in.opened = opened;
	in.referral_source = source;
	in.referring_municipality = strcmp(source, "social_services") == 0 ? p->muni : NULL;
	rc = clientsvc_case_open(g->st, g->keys, &g->sys, &in, &c->id, g->err);
	if (rc != 0)
		return rc;
	g->c->cases++;
	if (who != WHO_MANAGER) {
		rc = clientsvc_case_assign(g->st, g->keys, &g->sys, c->id, g->o->staff_id, g->err);
		g->c->assignments += rc == 0;
	}
	if (rc == 0 && who != WHO_STAFF) {
		rc =
		    clientsvc_case_assign(g->st, g->keys, &g->sys, c->id, g->o->manager_id, g->err);
		g->c->assignments += rc == 0;
	}
	for (unsigned i = 0; rc == 0 && i < 8; i++) {
		if ((violence & (1u << i)) == 0)
			continue;
		rc = clientsvc_case_violence_add(g->st, g->keys, &g->sys, c->id, violence_keys[i],
		                                 g->err);
		g->c->violence_types += rc == 0;
	}
	if (rc != 0)
		return rc;
	day_text(day + 90, follow_up);
	plan.goals = goals;
	plan.planned = planned;
	plan.follow_up = follow_up;
	rc = clientsvc_plan_set(g->st, g->keys, &g->sys, c->id, &plan, g->err);
	g->c->plans += rc == 0;
	return rc;
}

/* A journal note signed by the case's staff member (a note needs a person as author). */
static int note(struct gen *g, const struct dcase *c, const char *text)
{
	int64_t id;
	int rc = clientsvc_note_add(g->st, g->keys, &g->staff[c->who == WHO_MANAGER ? 1 : 0], c->id,
	                            text, 0, &id, g->err);

	g->c->notes += rc == 0;
	return rc;
}

/* Write the follow-up notes and close the case some weeks after its last work, unless
 * something in it still waits or runs today or the day is still to come. */
static int case_finish(struct gen *g, struct dcase *c, const char *closing)
{
	int64_t close;
	char text[11];
	int rc = 0;

	if (c->held >= 4 && rng_pct(&g->rng, 60))
		rc = note(g, c, PICK(&g->rng, notes_middle));
	if (rc != 0 || c->busy)
		return rc;
	close = workday(c->last + rng_range(&g->rng, 7, 30));
	if (close > g->today)
		return 0;
	if (closing == NULL)
		closing = c->interrupted ? PICK(&g->rng, notes_close_interrupted)
		                         : PICK(&g->rng, notes_close);
	rc = note(g, c, closing);
	day_text(close, text);
	if (rc == 0)
		rc = clientsvc_case_close(g->st, g->keys, &g->sys, c->id, text, g->err);
	g->c->cases_closed += rc == 0;
	return rc;
}

/* ---- interventions and sessions ---- */

struct iv_spec {
	const char *type;
	int min_sessions, max_sessions;
	int interval;   /* days between sessions */
	int minutes;    /* length of a session */
	int wait_mean;  /* the queue: waits of 0..2 * wait_mean days, at most WAIT_MAX */
	int aid_pct;    /* share decided as aid by the home municipality */
	int away_pct;   /* share of sessions held in the home municipality (outside the host) */
	int remote_pct; /* share held by phone or video */
};

static const struct iv_spec iv_victim = {"victim_support", 4, 10, 7, 60, 10, 12, 20, 16};
static const struct iv_spec iv_group = {"womens_group", 10, 10, 7, 120, 20, 8, 0, 0};
static const struct iv_spec iv_trappan = {"child_trappan", 5, 9, 7, 45, 15, 20, 20, 4};
static const struct iv_spec iv_perpetrator = {
    "perpetrator_treatment", 10, 15, 7, 75, 30, 40, 10, 10};
static const struct iv_spec iv_partner = {"partner_contact", 3, 4, 21, 45, 3, 0, 10, 40};
static const struct iv_spec iv_relative = {"relative_support", 3, 6, 14, 60, 8, 5, 20, 20};

static int session(struct gen *g, struct dcase *c, const struct iv_spec *s, int64_t iv_id,
                   int64_t day, int first)
{
	struct session_create in = {0};
	struct nrs_error warn;
	char held[11];
	int64_t id;
	int x, rc;

	day_text(day, held);
	in.intervention_id = iv_id;
	in.held = held;
	in.minutes = s->minutes;
	x = rng_below(&g->rng, 100);
	/* the first session held starts the intervention (R9) */
	in.outcome = first || x < 86 ? "held" : x < 94 ? "cancelled" : "no_show";
	x = rng_below(&g->rng, 100);
	if (x < s->remote_pct)
		in.mode = x % 2 ? "phone" : "video";
	else if (x < s->remote_pct + s->away_pct && strcmp(c->p->muni, g->host) != 0)
		in.mode = "home_municipality";
	else
		in.mode = "centre";
	rc = clientsvc_session_add(g->st, g->keys, &g->sys, &in, &id, &warn, g->err);
	if (rc == 0) {
		g->c->sessions++;
		c->held += strcmp(in.outcome, "held") == 0;
	}
	return rc;
}

/* Values of the systematic follow-up (R13) for one phase, entered by the case's staff on
 * day: lower safety and well-being at the start than at the end, and violence going on more
 * often at the start. Any configured measure gets a value on its own scale. */
static int followup(struct gen *g, const struct dcase *c, int64_t iv_id, const char *phase,
                    int64_t day)
{
	struct followup_value v[MEASURES_MAX];
	char text[MEASURES_MAX][12], entered[11];
	int start = strcmp(phase, "start") == 0, rc;

	if (g->nmeasures == 0)
		return 0;
	for (int i = 0; i < g->nmeasures; i++) {
		const struct measure *m = &g->measures[i];
		int span = m->max - m->min, x;

		if (span == 1) /* yes/no: "is the violence going on" */
			x = m->min + rng_pct(&g->rng, start ? 55 : 15);
		else if (start)
			x = rng_range(&g->rng, m->min, m->min + span / 2);
		else
			x = rng_range(&g->rng, m->min + span / 3, m->max);
		snprintf(text[i], sizeof(text[i]), "%d", x);
		v[i].measure = m->key;
		v[i].value = text[i];
	}
	day_text(day, entered);
	rc = groupsvc_followup_put(g->st, g->keys, &g->staff[c->who == WHO_MANAGER ? 1 : 0], iv_id,
	                           phase, entered, v, (size_t)g->nmeasures, g->err);
	if (rc == 0)
		g->c->followup_values += g->nmeasures;
	return rc;
}

/* The end-of-intervention follow-up, and some months later the later one when it is due. */
static int followup_after(struct gen *g, const struct dcase *c, int64_t iv_id, int64_t end)
{
	int64_t later_day = workday(end + rng_range(&g->rng, 90, 180));
	int rc = followup(g, c, iv_id, "end", end);

	if (rc == 0 && later_day <= g->today && rng_pct(&g->rng, 40))
		rc = followup(g, c, iv_id, "followup", later_day);
	return rc;
}

/* Create an intervention of type s requested on day `requested` (not after today); a share
 * of them with an aid decision of the client's home municipality. *iv_id receives its id. */
static int intervention_request(struct gen *g, struct dcase *c, const struct iv_spec *s,
                                int64_t requested, int64_t linked, int64_t *iv_id)
{
	struct intervention_create in = {0};
	struct nrs_error warn;
	char req[11], decided[11], ref[32];
	int rc;

	day_text(requested, req);
	in.case_id = c->id;
	in.type = s->type;
	in.requested = req;
	in.basis = "service";
	in.responsible_user = staff_of(g, c->who);
	in.linked_intervention_id = linked;
	if (rng_pct(&g->rng, s->aid_pct)) {
		int64_t d = requested - rng_range(&g->rng, 0, 14);

		day_text(d, decided);
		snprintf(ref, sizeof(ref), "SN %d/%03d", day_date(d).year,
		         rng_range(&g->rng, 20, 999));
		in.basis = "aid_decision";
		in.decision_municipality = c->p->muni;
		in.decision_date = decided;
		in.decision_ref = ref;
	}
	rc = clientsvc_intervention_create(g->st, g->keys, &g->sys, &in, iv_id, &warn, g->err);
	if (rc != 0)
		return rc;
	g->c->interventions++;
	g->c->aid_decisions += strcmp(in.basis, "aid_decision") == 0;
	c->last = max64(c->last, requested);
	return 0;
}

/* Request one intervention on day `requested` and play it out: a wait in the queue, sessions
 * at its pace, follow-up values, an end. Whatever would happen after today is left as it
 * stands today: waiting or running. *iv_id receives the id (0 when requested after today),
 * *started the start day (-1 if not started). */
static int intervention_run(struct gen *g, struct dcase *c, const struct iv_spec *s,
                            int64_t requested, int64_t linked, int64_t *iv_id, int64_t *started)
{
	char ended[11];
	int64_t id = 0, day, last = -1, start, end;
	int n, i, interrupted, wait, measured, rc;

	*iv_id = 0;
	*started = -1;
	if (requested > g->today)
		return 0;
	rc = intervention_request(g, c, s, requested, linked, &id);
	if (rc != 0)
		return rc;
	*iv_id = id;

	wait = rng_range(&g->rng, 0, s->wait_mean) + rng_range(&g->rng, 0, s->wait_mean);
	start = workday(requested + (wait > WAIT_MAX ? WAIT_MAX : wait));
	if (start > g->today) {
		g->c->waiting++;
		c->busy = 1;
		return 0;
	}
	n = rng_range(&g->rng, s->min_sessions, s->max_sessions);
	interrupted = n > 2 && rng_pct(&g->rng, 12);
	if (interrupted)
		n = rng_range(&g->rng, 1, n - 1);
	/* partner contact is support around someone else's treatment: nothing to measure */
	measured = s != &iv_partner && rng_pct(&g->rng, 75);
	day = start;
	for (i = 0; i < n && day <= g->today; i++) {
		rc = session(g, c, s, id, day, i == 0);
		if (rc == 0 && i == 0 && measured)
			rc = followup(g, c, id, "start", day);
		if (rc != 0)
			return rc;
		last = day;
		day = workday(day + s->interval + rng_range(&g->rng, -1, 2));
	}
	*started = start;
	c->last = max64(c->last, last);
	end = workday(last + (interrupted ? rng_range(&g->rng, 14, 30) : rng_range(&g->rng, 0, 7)));
	if (i < n || end > g->today) {
		g->c->running++;
		c->busy = 1;
		return 0;
	}
	day_text(end, ended);
	rc = clientsvc_intervention_end(
	    g->st, g->keys, &g->sys, id, ended,
	    interrupted ? "interrupted" : rng_pick(&g->rng, end_reasons), g->err);
	if (rc == 0 && measured && !interrupted)
		rc = followup_after(g, c, id, end);
	if (rc != 0)
		return rc;
	g->c->ended++;
	c->last = max64(c->last, end);
	c->interrupted |= interrupted;
	return 0;
}

/* ---- women's groups (R11) ---- */

static int group_meetings(const struct dgroup *grp)
{
	return grp->distance ? 8 : 10;
}

static int64_t group_last_meeting(const struct dgroup *grp)
{
	return grp->start + 7 * (int64_t)(group_meetings(grp) - 1);
}

/* The first Monday on or after day. */
static int64_t monday_from(int64_t day)
{
	return day + (7 - weekday(day)) % 7;
}

/* Three groups a year: spring and autumn weekly for ten weeks, and one in the distance
 * format; the schedule of the whole period, whether or not anyone joins. */
static void group_schedule(struct gen *g)
{
	static const struct {
		int month, day, distance;
	} terms[] = {{1, 15, 0}, {4, 10, 1}, {9, 1, 0}};
	int y0 = day_date(g->first_day).year - 1, y1 = day_date(g->today).year + 1;

	for (int y = y0; y <= y1; y++) {
		for (size_t t = 0; t < sizeof(terms) / sizeof(terms[0]); t++) {
			struct nrs_date d = {y, terms[t].month, terms[t].day};
			int64_t start = monday_from(date_to_days(&d));
			struct dgroup *grp;

			if (start < g->first_day - 60 || start > g->today + 90 ||
			    g->ngroups == GROUP_SLOTS)
				continue;
			grp = &g->groups[g->ngroups++];
			memset(grp, 0, sizeof(*grp));
			grp->start = start;
			grp->distance = terms[t].distance;
		}
	}
}

/* A group to join for a request on day: one that started at most three weeks before or
 * starts within the longest wait; NULL if none (or all are full). */
static struct dgroup *group_for(struct gen *g, int64_t requested)
{
	for (int i = 0; i < g->ngroups; i++) {
		struct dgroup *grp = &g->groups[i];

		if (grp->start >= requested - 21 && grp->start <= requested + WAIT_MAX &&
		    grp->n < GROUP_MEMBERS_MAX)
			return grp;
	}
	return NULL;
}

static int group_create(struct gen *g, struct dgroup *grp)
{
	struct group_create in = {0};
	int64_t leaders[2] = {g->o->staff_id, g->o->manager_id};
	struct nrs_date d = day_date(grp->start);
	char name[64], start[11];
	int rc;

	snprintf(name, sizeof(name), "Kvinnogrupp %s %d",
	         grp->distance ? "på distans"
	         : d.month < 7 ? "våren"
	                       : "hösten",
	         d.year);
	day_text(grp->start, start);
	in.name = name;
	in.format = grp->distance ? "distance" : "weekly_10";
	in.start = start;
	in.leaders = leaders;
	in.nleaders = 2;
	rc = groupsvc_group_create(g->st, g->keys, &g->sys, &in, &grp->id, g->err);
	g->c->groups += rc == 0;
	return rc;
}

/* The client of case c joins grp on the first meeting after the request (or at once, when
 * the group has just started): the waiting womens_group intervention starts on that day
 * (groupsvc does that), and ends after the last meeting, or earlier when broken off. */
static int group_join(struct gen *g, struct dcase *c, struct dgroup *grp, int64_t requested)
{
	struct groupsvc_who who = {&g->sys, NULL};
	struct groupsvc_case gc;
	struct groupsvc_group gg;
	struct member *m;
	unsigned rel;
	char joined_text[11], ended[11];
	int64_t iv_id = 0, started = 0, joined, end, left = -1;
	int rc;

	rc = intervention_request(g, c, &iv_group, requested, 0, &iv_id);
	if (rc != 0)
		return rc;
	joined = workday(max64(grp->start, requested));
	if (joined > g->today) {
		g->c->waiting++;
		c->busy = 1;
		return 0;
	}
	if (grp->id == 0)
		rc = group_create(g, grp);
	if (rc == 0)
		rc = groupsvc_case_facts(g->st, &who, c->id, &gc, &rel);
	if (rc == 0)
		rc = groupsvc_group_facts(g->st, &g->sys, grp->id, &gg, &rel);
	if (rc != 0)
		return nrs_error_set(g->err, rc, "", "gruppen eller ärendet kan inte läsas");
	day_text(joined, joined_text);
	rc = groupsvc_participant_add(g->st, g->keys, &g->sys, &gg, &gc, joined_text, &started,
	                              g->err);
	if (rc == 0)
		rc = followup(g, c, iv_id, "start", joined);
	if (rc != 0)
		return rc;
	g->c->group_participants++;
	if (rng_pct(&g->rng, 12) && joined + 14 < group_last_meeting(grp))
		left = joined + rng_range(&g->rng, 14, (int)(group_last_meeting(grp) - joined));
	m = &grp->m[grp->n++];
	m->client_id = c->p->id;
	m->joined = joined;
	m->left = left;
	c->held += 5;
	end = workday(left >= 0 ? left : group_last_meeting(grp) + rng_range(&g->rng, 0, 7));
	c->last = max64(c->last, joined);
	if (end > g->today) {
		g->c->running++;
		c->busy = 1;
		return 0;
	}
	day_text(end, ended);
	rc = clientsvc_intervention_end(g->st, g->keys, &g->sys, iv_id, ended,
	                                left >= 0 ? "interrupted" : "completed", g->err);
	if (rc == 0 && left < 0)
		rc = followup_after(g, c, iv_id, end);
	if (rc != 0)
		return rc;
	g->c->ended++;
	c->last = max64(c->last, end);
	c->interrupted |= left >= 0;
	return 0;
}

/* The meetings of every group that has participants, up to today, with attendance: most
 * who had joined by the day and not yet left were there. */
static int group_meetings_all(struct gen *g)
{
	struct groupsvc_group gg;
	int64_t present[GROUP_MEMBERS_MAX], meeting;
	unsigned rel;
	char held[11];
	int rc = 0;

	for (int i = 0; rc == 0 && i < g->ngroups; i++) {
		struct dgroup *grp = &g->groups[i];

		if (grp->id == 0)
			continue;
		rc = groupsvc_group_facts(g->st, &g->sys, grp->id, &gg, &rel);
		if (rc != 0)
			return nrs_error_set(g->err, rc, "", "gruppen kan inte läsas");
		for (int k = 0; rc == 0 && k < group_meetings(grp); k++) {
			int64_t day = grp->start + 7 * (int64_t)k;
			size_t n = 0;

			if (day > g->today)
				break;
			day_text(day, held);
			rc = groupsvc_meeting_add(g->st, g->keys, &g->sys, &gg, held, &meeting,
			                          g->err);
			for (int j = 0; rc == 0 && j < grp->n; j++) {
				const struct member *m = &grp->m[j];

				if (m->joined <= day && (m->left < 0 || day <= m->left) &&
				    rng_pct(&g->rng, 85))
					present[n++] = m->client_id;
			}
			if (rc == 0)
				rc = groupsvc_attendance_set(g->st, g->keys, &g->sys, &gg, meeting,
				                             present, n, g->err);
			g->c->group_meetings += rc == 0;
		}
	}
	return rc;
}

/* ---- risk assessments (R40) and mandatory reports (R42) ---- */

/* An assessment with inst on day by the case's staff. For FREDA-kortfrågor as shipped, the
 * answers follow the case's violence types; otherwise about a fifth of the items are
 * answered above the lowest step. */
static int risk(struct gen *g, const struct dcase *c, const struct instrument *inst, int64_t day,
                unsigned violence, int children)
{
	struct risk_assess_input in = {0};
	int answers[INSTRUMENT_MAX_ITEMS];
	char assessed[11];
	int64_t id;
	int rc;

	if (inst == NULL || inst->nscale < 2)
		return 0;
	for (int i = 0; i < inst->nitems; i++)
		answers[i] = rng_pct(&g->rng, 18)
		                 ? inst->scale[rng_range(&g->rng, 1, inst->nscale - 1)].value
		                 : inst->scale[0].value;
	if (strcmp(inst->id, "freda-kortfragor") == 0 && inst->nitems == 10 && inst->nscale == 2) {
		int yes = inst->scale[1].value, no = inst->scale[0].value;

		answers[0] = rng_pct(&g->rng, 70) ? yes : no;
		answers[1] = violence & V_PHYSICAL ? yes : no;
		answers[2] = rng_pct(&g->rng, 40) ? yes : no;
		answers[3] = rng_pct(&g->rng, 60) ? yes : no;
		answers[4] = violence & V_PSYCHOLOGICAL ? yes : no;
		answers[5] = violence & V_SEXUAL ? yes : no;
		answers[6] = children && rng_pct(&g->rng, 30) ? yes : no;
		answers[7] = violence & V_ECONOMIC ? yes : no;
		answers[8] = violence & V_MATERIAL ? yes : no;
		answers[9] = rng_pct(&g->rng, 8) ? yes : no;
	}
	day_text(day, assessed);
	in.case_id = c->id;
	in.instrument = inst->id;
	in.assessed = assessed;
	in.answers = answers;
	in.nanswers = (size_t)inst->nitems;
	rc = risksvc_assess(g->st, g->keys, &g->staff[c->who == WHO_MANAGER ? 1 : 0], &in, &id,
	                    NULL, NULL, g->err);
	g->c->risk_assessments += rc == 0;
	return rc;
}

/* The organisation of this kind (and municipality, if not NULL), 0 if none. */
static int64_t org_of(const struct gen *g, const char *kind, const char *muni)
{
	for (int i = 0; i < g->norgs; i++)
		if (strcmp(g->orgs[i].kind, kind) == 0 &&
		    (muni == NULL || strcmp(g->orgs[i].muni, muni) == 0))
			return g->orgs[i].id;
	return 0;
}

/* A mandatory report on case c made on day by its staff: an orosanmälan to the social
 * services of the child's home municipality, or a lex Sarah report to the host's. */
static int report(struct gen *g, const struct dcase *c, const char *kind, int64_t day)
{
	struct report_new in = {0};
	char date[11];
	int64_t id;
	int rc;

	day_text(day, date);
	in.kind = kind;
	in.date = date;
	in.case_id = c->id;
	in.made_by = staff_of(g, c->who);
	in.recipient_organisation_id =
	    org_of(g, "municipality", strcmp(kind, "lex_sarah") == 0 ? g->host : c->p->muni);
	in.recipient_text =
	    in.recipient_organisation_id == 0 ? "Socialtjänsten i hemkommunen" : NULL;
	rc = activitysvc_report_create(g->st, g->keys, &g->sys, &in, &id, g->err);
	g->c->reports += rc == 0;
	return rc;
}

/* ---- police referrals ---- */

/* Register a referral received at `received` (Unix seconds) and play it out: attempts, then
 * contact at `contact` (or not reached when contact is -1, or still open when outcome is
 * NULL). Every instant is at most now. *id receives the referral's id. */
static int referral(struct gen *g, int64_t received, const char *municipality, int attempts,
                    int64_t contact, const char *outcome, int64_t *id)
{
	struct referral_create in = {0};
	struct person none = {0};
	char contact_text[96];
	int64_t now = g->o->now, span, at;
	int rc;

	*id = 0;
	in.received = received;
	in.consent = 1;
	in.contact = make_contact(g, &none, 92, contact_text, sizeof(contact_text));
	in.municipality = municipality;
	rc = clientsvc_referral_create(g->st, g->keys, &g->sys, &in, now, id, g->err);
	if (rc != 0)
		return rc;
	g->c->referrals++;
	/* attempts spread over the time before contact (or before now, or 72 hours) */
	span = (contact >= 0 ? contact : min64(now, received + 72 * HOUR)) - received;
	for (int i = 0; i < attempts; i++) {
		int64_t aid;
		const char *text = rng_pct(&g->rng, 60) ? PICK(&g->rng, attempt_notes) : NULL;

		at = received + span * (i + 1) / (attempts + 1);
		rc = clientsvc_referral_attempt(g->st, g->keys, &g->sys, *id, min64(at, now), text,
		                                now, &aid, g->err);
		if (rc != 0)
			return rc;
		g->c->attempts++;
	}
	if (outcome == NULL) {
		g->c->referrals_open++;
		return 0;
	}
	if (contact >= 0) {
		contact = min64(contact, now);
		rc = clientsvc_referral_outcome(g->st, g->keys, &g->sys, *id, &contact, outcome,
		                                now, g->err);
	} else {
		rc = clientsvc_referral_outcome(g->st, g->keys, &g->sys, *id, NULL, "not_reached",
		                                now, g->err);
	}
	return rc;
}

/* A referral received more than 48 hours ago, handled as most are: contact in time, some
 * late, a few never reached. */
static int referral_handled(struct gen *g, int64_t received)
{
	int64_t now = g->o->now, contact, id;
	const char *muni = rng_pct(&g->rng, 90) ? pick_muni(g) : NULL;
	int x = rng_below(&g->rng, 100);

	if (x >= 80 && x < 88) { /* late */
		contact = received + rng_range(&g->rng, 49, 96) * HOUR;
		if (contact <= now)
			return referral(g, received, muni, rng_range(&g->rng, 2, 3), contact,
			                rng_pick(&g->rng, contact_outcomes), &id);
	} else if (x >= 88 && x < 94) { /* not reached */
		return referral(g, received, muni, 3, -1, "not_reached", &id);
	}
	contact =
	    received +
	    (rng_pct(&g->rng, 70) ? rng_range(&g->rng, 1, 20) : rng_range(&g->rng, 20, 46)) * HOUR +
	    rng_range(&g->rng, 0, 59) * 60;
	return referral(g, received, muni, rng_range(&g->rng, 0, 2), contact,
	                rng_pick(&g->rng, contact_outcomes), &id);
}

/* The police's referral behind a case with referral source police: received two days
 * before the case opened, contact the same or next day, linked to the client. */
static int referral_for_client(struct gen *g, const struct person *p, int64_t opened)
{
	int64_t received = (opened - 2) * DAY_SECONDS + rng_range(&g->rng, 6, 21) * HOUR;
	int64_t contact = received + rng_range(&g->rng, 2, 26) * HOUR, id;
	int rc;

	if (received > g->o->now)
		return 0;
	rc = referral(g, received, p->muni, rng_range(&g->rng, 0, 1), contact, "motivated", &id);
	if (rc == 0)
		rc = clientsvc_referral_link(g->st, g->keys, &g->sys, id, p->id, g->err);
	g->c->referrals_linked += rc == 0;
	return rc;
}

/* A few referrals a month over the period, and today's handful: two within 12 hours of the
 * deadline, one past it, one fresh and one contacted this morning, so that the start page
 * and the list have something to show. */
static int referrals_unlinked(struct gen *g)
{
	static const struct {
		int hours_ago, attempts, contacted_after;
	} recent[] = {{44, 1, -1}, {38, 2, -1}, {53, 2, -1}, {20, 0, -1}, {7, 1, 3}};
	int64_t now = g->o->now, id;
	int rc = 0;

	for (int64_t t = g->first_day * DAY_SECONDS; rc == 0 && t < now; t += 30 * DAY_SECONDS) {
		int n = rng_range(&g->rng, 2, 6);

		for (int i = 0; rc == 0 && i < n; i++) {
			int64_t received = t + rng_below(&g->rng, 30 * DAY_SECONDS);

			/* the last two days are today's handful below */
			if (received <= now - 49 * HOUR)
				rc = referral_handled(g, received);
		}
	}
	for (size_t i = 0; rc == 0 && i < sizeof(recent) / sizeof(recent[0]); i++) {
		int64_t received =
		    now - recent[i].hours_ago * HOUR - rng_range(&g->rng, 0, 59) * 60;
		int after = recent[i].contacted_after;

		rc = referral(g, received, pick_muni(g), recent[i].attempts,
		              after >= 0 ? received + after * HOUR : -1,
		              after >= 0 ? "crisis_talk" : NULL, &id);
	}
	return rc;
}

/* ---- households ---- */

static unsigned victim_violence(struct gen *g)
{
	unsigned v = 0;

	v |= rng_pct(&g->rng, 92) ? V_PSYCHOLOGICAL : 0;
	v |= rng_pct(&g->rng, 62) ? V_PHYSICAL : 0;
	v |= rng_pct(&g->rng, 20) ? V_SEXUAL : 0;
	v |= rng_pct(&g->rng, 25) ? V_ECONOMIC : 0;
	v |= rng_pct(&g->rng, 15) ? V_MATERIAL : 0;
	v |= rng_pct(&g->rng, 20) ? V_DIGITAL : 0;
	v |= rng_pct(&g->rng, 4) ? V_HONOUR : 0;
	return v != 0 ? v : V_PSYCHOLOGICAL;
}

static unsigned child_violence(struct gen *g)
{
	unsigned v = V_PSYCHOLOGICAL; /* a child who sees violence at home is a victim of it */

	v |= rng_pct(&g->rng, 20) ? V_PHYSICAL : 0;
	v |= rng_pct(&g->rng, 10) ? V_NEGLECT : 0;
	v |= rng_pct(&g->rng, 3) ? V_SEXUAL : 0;
	return v;
}

static int pick_who(struct gen *g)
{
	int x = rng_below(&g->rng, 100);

	return x < 65 ? WHO_STAFF : x < 85 ? WHO_MANAGER : WHO_BOTH;
}

/* lo..hi days after day, moved to a working day, but never after today. */
static int64_t later(struct gen *g, int64_t day, int lo, int hi)
{
	return min64(workday(day + rng_range(&g->rng, lo, hi)), g->today);
}

/* A person who has been subjected to violence, maybe with children (Trappan) and the one
 * who used it (treatment, and partner contact for the victim). */
static int victim_household(struct gen *g, int64_t d0)
{
	struct person v = {0}, kids[3], perp = {0};
	struct dcase vc, kc[3], pc;
	struct dgroup *grp = NULL;
	const char *source, *perp_outcome = NULL;
	char contact[96];
	int nkids = 0, has_perp, rc, x, max_kid_age;
	int64_t iv, started, perp_iv = 0, perp_start = -1, requested;
	unsigned violence;

	memset(kids, 0, sizeof(kids));
	x = rng_below(&g->rng, 100);
	v.gender = x < 88 ? "kvinna" : x < 99 ? "man" : "annat";
	v.age = pick_age(g, 18, 64);
	v.muni = pick_muni(g);
	v.first = pick_first(g, v.gender);
	v.last = pick_surname(g);
	v.protected_identity = rng_pct(&g->rng, 4);
	rc = person_register(g, &v, CLIENT_ROLE_VICTIM, d0, 30, 18, 64,
	                     make_contact(g, &v, 70, contact, sizeof(contact)));
	if (rc != 0)
		return rc;

	max_kid_age = v.age - 18 < 17 ? v.age - 18 : 17;
	if (max_kid_age >= 4 && rng_pct(&g->rng, strcmp(v.gender, "kvinna") == 0 ? 45 : 15)) {
		x = rng_below(&g->rng, 100);
		nkids = x < 60 ? 1 : x < 90 ? 2 : 3;
	}
	for (int i = 0; i < nkids; i++) {
		struct person *k = &kids[i];

		k->gender = rng_pct(&g->rng, 50) ? "kvinna" : "man";
		k->age = rng_range(&g->rng, 4, max_kid_age);
		k->muni = v.muni;
		k->first = pick_first(g, k->gender);
		k->last = rng_pct(&g->rng, 75) ? v.last : pick_surname(g);
		k->protected_identity = v.protected_identity;
		rc = person_register(g, k, CLIENT_ROLE_CHILD, d0, 0, 4, 17, NULL);
		if (rc == 0)
			rc = relate(g, k, &v, "child_of");
		if (rc != 0)
			return rc;
	}

	has_perp = rng_pct(&g->rng, 35);
	if (has_perp) {
		int p_man = strcmp(v.gender, "kvinna") == 0 ? 93 : 40;
		int age = v.age + rng_range(&g->rng, -5, 8);

		perp.gender = rng_pct(&g->rng, p_man) ? "man" : "kvinna";
		perp.age = age < 18 ? 18 : age > 75 ? 75 : age;
		perp.muni = rng_pct(&g->rng, 70) ? v.muni : pick_muni(g);
		perp.first = pick_first(g, perp.gender);
		perp.last = rng_pct(&g->rng, 50) ? v.last : pick_surname(g);
		rc = person_register(g, &perp, CLIENT_ROLE_PERPETRATOR, d0, 30, 18, 75,
		                     make_contact(g, &perp, 50, contact, sizeof(contact)));
		if (rc == 0)
			rc = relate(g, &perp, &v,
			            rng_pct(&g->rng, 40) ? "partner_of" : "ex_partner_of");
		for (int i = 0; rc == 0 && i < nkids; i++)
			if (rng_pct(&g->rng, 60))
				rc = relate(g, &kids[i], &perp, "child_of");
		if (rc != 0)
			return rc;
	}

	/* cases: the family with the same staff, the perpetrator with someone else; a
	 * screening at intake and for some a structured assessment of the danger */
	source = rng_pick(&g->rng, victim_sources);
	if (strcmp(source, "police") == 0)
		rc = referral_for_client(g, &v, d0);
	violence = victim_violence(g);
	requested = later(g, d0, 0, 10);
	if (rng_pct(&g->rng, 25)) /* a group when one starts soon, else talks on one's own */
		grp = group_for(g, requested);
	if (rc == 0)
		rc = case_open(g, &vc, &v, d0, source, violence, PICK(&g->rng, goals_victim),
		               grp != NULL ? iv_group.type : iv_victim.type, pick_who(g));
	if (rc == 0)
		rc = note(g, &vc, PICK(&g->rng, notes_first_adult));
	if (rc == 0 && rng_pct(&g->rng, 80))
		rc = risk(g, &vc, g->screening, d0, violence, nkids);
	if (rc == 0 && rng_pct(&g->rng, 25))
		rc = risk(g, &vc, g->danger, later(g, d0, 3, 20), violence, nkids);
	if (rc == 0 && rng_pct(&g->rng, 1))
		rc = report(g, &vc, "lex_sarah", later(g, d0, 10, 60));
	for (int i = 0; rc == 0 && i < nkids; i++) {
		rc = case_open(g, &kc[i], &kids[i], later(g, d0, 0, 10),
		               rng_pct(&g->rng, 15) ? "school" : source, child_violence(g),
		               PICK(&g->rng, goals_child), iv_trappan.type, vc.who);
		if (rc == 0)
			rc = note(g, &kc[i], PICK(&g->rng, notes_first_child));
		if (rc == 0 && rng_pct(&g->rng, 25))
			rc = report(g, &kc[i], "orosanmalan", later(g, kc[i].opened, 0, 14));
	}
	if (rc == 0 && has_perp) {
		rc = case_open(
		    g, &pc, &perp, later(g, d0, 3, 30), rng_pick(&g->rng, perpetrator_sources),
		    violence & ~(unsigned)V_NEGLECT, PICK(&g->rng, goals_perpetrator),
		    iv_perpetrator.type, vc.who == WHO_MANAGER ? WHO_STAFF : WHO_MANAGER);
		if (rc == 0)
			rc = note(g, &pc, PICK(&g->rng, notes_first_perpetrator));
	}
	if (rc != 0)
		return rc;

	/* interventions */
	if (grp != NULL)
		rc = group_join(g, &vc, grp, requested);
	else
		rc = intervention_run(g, &vc, &iv_victim, requested, 0, &iv, &started);
	for (int i = 0; rc == 0 && i < nkids; i++)
		rc = intervention_run(g, &kc[i], &iv_trappan, later(g, kc[i].opened, 0, 7), 0, &iv,
		                      &started);
	if (rc == 0 && has_perp) {
		if (rng_pct(&g->rng, 65))
			rc = intervention_run(g, &pc, &iv_perpetrator, later(g, pc.opened, 0, 10),
			                      0, &perp_iv, &perp_start);
		else
			perp_outcome = PICK(&g->rng, notes_declined);
	}
	/* partner contact: the victim is offered contact while the perpetrator is treated */
	if (rc == 0 && perp_start >= 0 && rng_pct(&g->rng, 75))
		rc = intervention_run(g, &vc, &iv_partner, perp_start, perp_iv, &iv, &started);

	if (rc == 0)
		rc = case_finish(g, &vc, NULL);
	for (int i = 0; rc == 0 && i < nkids; i++)
		rc = case_finish(g, &kc[i], NULL);
	if (rc == 0 && has_perp)
		rc = case_finish(g, &pc, perp_outcome);
	return rc;
}

/* Someone who seeks help to stop using violence, with no victim registered here. */
static int perpetrator_alone(struct gen *g, int64_t d0)
{
	struct person p = {0};
	struct dcase c;
	char contact[96];
	int64_t iv, started;
	int rc;

	p.gender = rng_pct(&g->rng, 90) ? "man" : "kvinna";
	p.age = pick_age(g, 20, 65);
	p.muni = pick_muni(g);
	p.first = pick_first(g, p.gender);
	p.last = pick_surname(g);
	rc = person_register(g, &p, CLIENT_ROLE_PERPETRATOR, d0, 30, 20, 65,
	                     make_contact(g, &p, 60, contact, sizeof(contact)));
	if (rc == 0)
		rc = case_open(g, &c, &p, d0, rng_pick(&g->rng, perpetrator_sources),
		               V_PSYCHOLOGICAL | (rng_pct(&g->rng, 70) ? V_PHYSICAL : 0),
		               PICK(&g->rng, goals_perpetrator), iv_perpetrator.type, pick_who(g));
	if (rc == 0)
		rc = note(g, &c, PICK(&g->rng, notes_first_perpetrator));
	if (rc == 0)
		rc =
		    intervention_run(g, &c, &iv_perpetrator, later(g, d0, 0, 10), 0, &iv, &started);
	if (rc == 0)
		rc = case_finish(g, &c, NULL);
	return rc;
}

/* A relative worried about someone close (support talks for relatives). */
static int relative_alone(struct gen *g, int64_t d0)
{
	struct person p = {0};
	struct dcase c;
	char contact[96];
	int64_t iv, started;
	int rc;

	p.gender = rng_pct(&g->rng, 75) ? "kvinna" : "man";
	p.age = pick_age(g, 30, 75);
	p.muni = pick_muni(g);
	p.first = pick_first(g, p.gender);
	p.last = pick_surname(g);
	rc = person_register(g, &p, CLIENT_ROLE_RELATIVE, d0, 30, 30, 75,
	                     make_contact(g, &p, 80, contact, sizeof(contact)));
	if (rc == 0)
		rc = case_open(g, &c, &p, d0, rng_pick(&g->rng, relative_sources), V_PSYCHOLOGICAL,
		               PICK(&g->rng, goals_relative), iv_relative.type, pick_who(g));
	if (rc == 0)
		rc = note(g, &c, PICK(&g->rng, notes_first_adult));
	if (rc == 0)
		rc = intervention_run(g, &c, &iv_relative, later(g, d0, 0, 10), 0, &iv, &started);
	if (rc == 0)
		rc = case_finish(g, &c, NULL);
	return rc;
}

/* ---- the centre's other work: anonymous contacts, consultations, trainings ---- */

static const struct weighted caller_categories[] = {
    {"victim", 45},     {"relative", 20}, {"professional", 20},
    {"perpetrator", 8}, {"other", 7},     {NULL, 0},
};
static const struct weighted contact_results[] = {
    {"information", 50}, {"social_services", 20}, {"booked_visit", 20}, {"other", 10}, {NULL, 0},
};
static const char *const contact_topics[] = {
    "Frågor om stöd efter en separation",
    "Information om verksamheten och hur man bokar samtal",
    "Frågor om skyddat boende",
    "Oro för en väninna",
    "Frågor om att polisanmäla",
    "Information om Trappan-samtal för barn",
    "Frågor om behandling för den som utövar våld",
    "Oro för ett barnbarn",
    "Frågor om kontaktförbud",
};
static const char *const consultation_topics[] = {
    "Bedömning av barns situation vid våld i hemmet",
    "Skyddsbedömning inför ett hembesök",
    "Handledning i ärende med hedersrelaterat våld",
    "Samtalsmetodik med våldsutövare",
    "Riskbedömning med FREDA",
    "Samverkan kring en gemensam klient",
};
static const struct {
	const char *kind;
	int weight;
	const char *title;
} training_kinds[] = {
    {"concept", 35, "Grundutbildning om våld i nära relationer"},
    {"custom", 25, "Beställd utbildning om bemötande av våldsutsatta"},
    {"network_coordinators", 25, "Nätverksträff för kommunernas samordnare"},
    {"network_trappan", 15, "Träff i Trappan-nätverket"},
};

/* A working day in the span days from start, not after today. */
static int64_t some_day(struct gen *g, int64_t start, int span)
{
	int64_t day = min64(start + rng_below(&g->rng, span), g->today);
	int wd = weekday(day);

	return wd >= 5 ? day - (wd - 4) : day;
}

static int anonymous_contact(struct gen *g, int64_t day)
{
	struct contact_new in = {0};
	char date[11];
	int64_t id;
	int rc;

	day_text(day, date);
	in.date = date;
	in.category = rng_pick(&g->rng, caller_categories);
	in.municipality = rng_pct(&g->rng, 70) ? pick_muni(g) : NULL;
	in.topic = PICK(&g->rng, contact_topics);
	in.has_minutes = true; /* the service asks for the length of every contact */
	in.minutes = rng_range(&g->rng, 5, 45);
	in.outcome = rng_pick(&g->rng, contact_results);
	rc = activitysvc_contact_create(g->st, g->keys, &g->sys, &in, &id, g->err);
	g->c->contacts += rc == 0;
	return rc;
}

/* A consultation asked by social services most often, else health care, police, the
 * shelter, or someone named only by municipality (a school, say). */
static int consultation(struct gen *g, int64_t day)
{
	struct consultation_new in = {0};
	char date[11];
	int64_t id;
	int x = rng_below(&g->rng, 100), rc;

	day_text(day, date);
	in.date = date;
	if (x < 60) {
		in.asker_municipality = pick_muni(g);
		in.asker_organisation_id = org_of(g, "municipality", in.asker_municipality);
	} else if (x < 95) {
		in.asker_organisation_id = org_of(g,
		                                  x < 80   ? "region"
		                                  : x < 90 ? "police"
		                                           : "shelter",
		                                  NULL);
	}
	if (in.asker_organisation_id == 0 && in.asker_municipality == NULL)
		in.asker_municipality = pick_muni(g);
	in.topic = PICK(&g->rng, consultation_topics);
	in.has_minutes = true;
	in.minutes = rng_range(&g->rng, 15, 90);
	rc = activitysvc_consultation_create(g->st, g->keys, &g->sys, &in, &id, g->err);
	g->c->consultations += rc == 0;
	return rc;
}

/* A training or network meeting with participants counted per organisation: the network
 * of coordinators gathers every municipality, Trappan's network some of them, a training
 * one or two organisations. */
static int training(struct gen *g, int64_t day)
{
	struct training_row_new rows[ORGS_MAX];
	struct training_new in = {0};
	int order[ORGS_MAX], n = 0, k, x = rng_below(&g->rng, 100), t = 0, rc;
	char date[11];
	int64_t id;

	while (x >= training_kinds[t].weight) {
		x -= training_kinds[t].weight;
		t++;
	}
	/* the register's organisations but the centre, in a shuffled order */
	for (int i = 0; i < g->norgs; i++)
		if (strcmp(g->orgs[i].kind, "centre") != 0)
			order[n++] = i;
	for (int i = n - 1; i > 0; i--) {
		int j = rng_below(&g->rng, i + 1), tmp = order[i];

		order[i] = order[j];
		order[j] = tmp;
	}
	memset(rows, 0, sizeof(rows));
	k = 0;
	for (int i = 0; i < n && k < TRAINING_ROWS_MAX && k < ORGS_MAX; i++) {
		const struct org *o = &g->orgs[order[i]];
		int muni = strcmp(o->kind, "municipality") == 0;

		if (t == 2 && !muni) /* coordinators: the municipalities */
			continue;
		if (t == 3 && !muni && strcmp(o->kind, "region") != 0)
			continue;
		if (t == 3 && k >= 3 && rng_pct(&g->rng, 40))
			continue;
		if (t < 2 && k >= rng_range(&g->rng, 1, 2))
			break;
		rows[k].organisation_id = o->id;
		rows[k].has_count = true;
		rows[k].participants = t < 2 ? rng_range(&g->rng, 6, 40) : rng_range(&g->rng, 1, 3);
		k++;
	}
	if (k == 0)
		return 0;
	day_text(day, date);
	in.date = date;
	in.title = training_kinds[t].title;
	in.kind = training_kinds[t].kind;
	in.rows = rows;
	in.nrows = (size_t)k;
	rc = activitysvc_training_create(g->st, g->keys, &g->sys, &in, &id, g->err);
	g->c->trainings += rc == 0;
	return rc;
}

/* Month by month: the information phone, consultations and trainings (none in July). */
static int activities(struct gen *g)
{
	int rc = 0;

	for (int64_t from = g->first_day; rc == 0 && from <= g->today; from += 30) {
		int contacts = rng_range(&g->rng, 6, 14);
		int consultations = rng_range(&g->rng, 2, 6);
		int trainings = day_date(from + 15).month == 7 ? 0 : rng_range(&g->rng, 0, 3);

		for (int i = 0; rc == 0 && i < contacts; i++)
			rc = anonymous_contact(g, some_day(g, from, 30));
		for (int i = 0; rc == 0 && i < consultations; i++)
			rc = consultation(g, some_day(g, from, 30));
		for (int i = 0; rc == 0 && i < trainings; i++)
			rc = training(g, some_day(g, from, 30));
	}
	return rc;
}

/* ---- the period ---- */

enum { EP_VICTIM, EP_PERPETRATOR, EP_RELATIVE };

struct episode {
	int64_t day;
	int kind;
	int seq; /* draw order: a stable tie-break, so sorting is deterministic */
};

static int episode_cmp(const void *a, const void *b)
{
	const struct episode *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* An intake day in the 365 days from slot_start: fewer in July, never on a weekend (moved
 * back to the Friday) and never after today. */
static int64_t intake_day(struct gen *g, int64_t slot_start)
{
	int64_t day = slot_start + rng_below(&g->rng, 365);
	int wd;

	if (day_date(day).month == 7 && rng_pct(&g->rng, 50))
		day = slot_start + rng_below(&g->rng, 365);
	day = min64(day, g->today);
	wd = weekday(day);
	return wd >= 5 ? day - (wd - 4) : day;
}

static int run_period(struct gen *g)
{
	struct episode *eps;
	int n = 0, cap = g->o->years * 200, rc = 0, slot = -1;

	eps = calloc((size_t)cap, sizeof(*eps));
	if (eps == NULL)
		return nrs_error_set(g->err, NRS_ENOMEM, "", "minnet tog slut");
	for (int k = 0; k < g->o->years; k++) {
		int64_t slot_start = g->first_day + 365 * (int64_t)k;
		int from_end = g->o->years - 1 - k;
		/* the centre has grown: recent years see somewhat more people */
		int victims = 92 - 4 * (from_end < 3 ? from_end : 3) + rng_range(&g->rng, 0, 12);
		int perpetrators = rng_range(&g->rng, 6, 10);
		int relatives = rng_range(&g->rng, 3, 7);
		int total = victims + perpetrators + relatives;

		for (int i = 0; i < total && n < cap; i++, n++) {
			eps[n].day = intake_day(g, slot_start);
			eps[n].kind = i < victims                  ? EP_VICTIM
			              : i < victims + perpetrators ? EP_PERPETRATOR
			                                           : EP_RELATIVE;
			eps[n].seq = n;
		}
	}
	qsort(eps, (size_t)n, sizeof(*eps), episode_cmp);
	for (int i = 0; rc == 0 && i < n; i++) {
		int k = (int)((eps[i].day - g->first_day) / 365);

		if (k != slot && g->o->progress != NULL && slot >= 0) {
			fprintf(g->o->progress, "  år %d av %d klart: %lld klienter hittills\n",
			        slot + 1, g->o->years, (long long)g->c->clients);
			fflush(g->o->progress);
		}
		slot = k;
		rc = eps[i].kind == EP_VICTIM        ? victim_household(g, eps[i].day)
		     : eps[i].kind == EP_PERPETRATOR ? perpetrator_alone(g, eps[i].day)
		                                     : relative_alone(g, eps[i].day);
	}
	if (rc == 0 && g->o->progress != NULL && slot >= 0) {
		fprintf(g->o->progress, "  år %d av %d klart: %lld klienter\n", slot + 1,
		        g->o->years, (long long)g->c->clients);
		fflush(g->o->progress);
	}
	free(eps);
	return rc;
}

/* ---- the annual report's own input ---- */

/* Invented texts for the report's free-text sections: about the centre's work, never about
 * a person. A year takes the pair at its index, so neighbouring years differ. */
static const char *const report_goals[] = {
    "Målet att erbjuda stödsamtal inom två veckor från förfrågan nåddes för de flesta "
    "insatser. Väntetiden var längre under sommaren, då färre samtalstider fanns.\n\n"
    "Samarbetet med socialtjänsten i medlemskommunerna har fördjupats genom gemensamma "
    "rutiner för remisser och återkoppling.",
    "Verksamheten har nått målen för antal startade samtalsserier och för gruppverksamheten. "
    "Uppföljningen vid avslut visar att de flesta upplever en förbättring.\n\n"
    "Målet om minst en utbildning per medlemskommun och år uppfylldes.",
    "Samtal i hemkommunen har erbjudits i alla medlemskommuner, vilket har kortat resvägen "
    "för många som söker stöd.\n\n"
    "Målet om kortare kötid uppnåddes delvis; arbetet fortsätter nästa år.",
};
static const char *const report_events[] = {
    "Centrum mot våld flyttade under våren till nya lokaler med bättre tillgänglighet.\n\n"
    "En ny samtalsbehandlare anställdes under hösten.",
    "Två nätverksträffar för kommunernas samordnare hölls, med fokus på barn som upplevt "
    "våld.\n\n"
    "Jourlägenheterna renoverades och en ny lägenhet togs i bruk.",
    "Styrgruppen beslutade om en kvalitetsgranskning av verksamheten.\n\n"
    "Arbetet med digitala samtal utvecklades och erbjuds nu som komplement.",
};

/* Staff FTE and the two texts for every year of the period, entered as the centre
 * manager would (FTE from 6,50 rising by a quarter a year up to 7,50). */
static int report_inputs(struct gen *g)
{
	int first = day_date(g->first_day).year, last = day_date(g->today).year;
	size_t n = sizeof(report_goals) / sizeof(report_goals[0]);
	char fte[16];
	int rc = 0;

	for (int y = first; rc == 0 && y <= last; y++) {
		int k = y - first, h = 650 + 25 * k;
		struct reportsvc_input in;

		if (h > 750)
			h = 750;
		snprintf(fte, sizeof(fte), "%d,%02d", h / 100, h % 100);
		in.staff_fte = fte;
		in.goals = report_goals[(size_t)y % n];
		in.events = report_events[(size_t)y % n];
		rc = reportsvc_input_put(g->st, g->keys, &g->staff[1], y, &in, g->err);
	}
	return rc;
}

int demo_data_generate(struct store *st, const struct crypto_keys *keys,
                       const struct demo_data_opts *o, struct demo_data_counts *out,
                       struct nrs_error *err)
{
	struct region_info ri;
	struct gen *g;
	char from[11], to[11];
	int rc;

	memset(out, 0, sizeof(*out));
	if (o->years < 1 || o->years > DEMO_MAX_YEARS)
		return nrs_error_set(err, NRS_EINVAL, "years", "ange 1–%d år demodata",
		                     DEMO_MAX_YEARS);
	if (!date_valid(o->today.year, o->today.month, o->today.day))
		return nrs_error_set(err, NRS_EINVAL, "", "internt fel: dagens datum saknas");
	g = calloc(1, sizeof(*g));
	if (g == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	g->st = st;
	g->keys = keys;
	g->o = o;
	g->c = out;
	g->err = err;
	rng_seed(&g->rng, o->seed);
	g->today = date_to_days(&o->today);
	g->first_day = g->today - 365 * (int64_t)o->years + 1;
	g->sys = (struct clientsvc_actor){0, "demo", o->centre_id, NULL, o->today};
	g->staff[0] =
	    (struct clientsvc_actor){o->staff_id, o->staff_username, o->centre_id, NULL, o->today};
	g->staff[1] = (struct clientsvc_actor){o->manager_id, o->manager_username, o->centre_id,
	                                       NULL, o->today};

	rc = names_load(&g->names, err);
	if (rc == 0)
		rc = pnr_load(g->pnr, &g->npnr, &o->today, err);
	if (rc != 0)
		goto out;
	if (store_region_get(st, &ri) != 0 || !ri.configured) {
		rc = nrs_error_set(err, NRS_ENOTFOUND, "", "länet är inte inläst");
		goto out;
	}
	memcpy(g->host, ri.host, sizeof(g->host));
	rc = store_municipality_list(st, ri.county, muni_cb, &g->muni);
	if (rc == 0 && g->muni.n == 0)
		rc = nrs_error_set(err, NRS_ENOTFOUND, "", "länet har inga medlemskommuner");
	if (rc == 0)
		rc = store_org_list(st, NULL, org_row_cb, g);
	if (rc == 0)
		rc = groupsvc_measures(st, measure_cb, g);
	if (rc != 0) {
		rc = err->code != NRS_OK
		         ? rc
		         : nrs_error_set(err, rc, "", "kommunregistret kan inte läsas");
		goto out;
	}
	if (o->progress != NULL) {
		day_text(g->first_day, from);
		day_text(g->today, to);
		fprintf(o->progress, "Skapar påhittade ärenden %s – %s (frö %llu) …\n", from, to,
		        (unsigned long long)o->seed);
		fflush(o->progress);
	}
	g->screening = risksvc_instrument_find("freda-kortfragor");
	g->danger = risksvc_instrument_find("freda-farlighet");
	group_schedule(g);
	rc = run_period(g);
	if (rc == 0)
		rc = group_meetings_all(g);
	if (rc == 0)
		rc = referrals_unlinked(g);
	if (rc == 0)
		rc = activities(g);
	if (rc == 0) /* a few stays in the emergency apartments (R14) */
		rc = housingsvc_demo_stays(st, keys, &g->staff[0], NULL, err);
	if (rc == 0)
		rc = report_inputs(g);
out:
	free(g->names.text);
	free(g);
	return rc;
}

void demo_data_print(const struct demo_data_counts *c, FILE *f)
{
	fprintf(f,
	        "Påhittade uppgifter (inga verkliga personer):\n"
	        "  klienter             %6lld  (%lld med skyddade personuppgifter,"
	        " %lld med testpersonnummer)\n"
	        "  relationer           %6lld\n"
	        "  ärenden              %6lld  (%lld avslutade, %lld tilldelningar,"
	        " %lld våldsformer)\n"
	        "  genomförandeplaner   %6lld\n"
	        "  journalanteckningar  %6lld\n"
	        "  insatser             %6lld  (%lld i kö, %lld pågående, %lld avslutade;"
	        " %lld med biståndsbeslut)\n"
	        "  samtal               %6lld\n"
	        "  polisremisser        %6lld  (%lld öppna, %lld kopplade till klient;"
	        " %lld kontaktförsök)\n"
	        "  riskbedömningar      %6lld\n"
	        "  uppföljningsvärden   %6lld\n"
	        "  grupper              %6lld  (%lld deltagare, %lld träffar)\n"
	        "  anmälningar          %6lld  (orosanmälningar och lex Sarah)\n"
	        "  anonyma kontakter    %6lld\n"
	        "  konsultationer       %6lld\n"
	        "  utbildningar         %6lld  (och nätverksträffar)\n",
	        (long long)c->clients, (long long)c->protected_clients, (long long)c->with_pnr,
	        (long long)c->relations, (long long)c->cases, (long long)c->cases_closed,
	        (long long)c->assignments, (long long)c->violence_types, (long long)c->plans,
	        (long long)c->notes, (long long)c->interventions, (long long)c->waiting,
	        (long long)c->running, (long long)c->ended, (long long)c->aid_decisions,
	        (long long)c->sessions, (long long)c->referrals, (long long)c->referrals_open,
	        (long long)c->referrals_linked, (long long)c->attempts,
	        (long long)c->risk_assessments, (long long)c->followup_values, (long long)c->groups,
	        (long long)c->group_participants, (long long)c->group_meetings,
	        (long long)c->reports, (long long)c->contacts, (long long)c->consultations,
	        (long long)c->trainings);
}
