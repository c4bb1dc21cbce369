/* The annual report service (see reportsvc.h): the store's aggregates, the economy and the
 * systematic follow-up turned into the report model, and the centre manager's yearly input.
 * The store groups in SQL; here the grouped rows are added into fixed arrays indexed by
 * type, year and breakdown row, so a national-scale build spends its time in the queries,
 * and nothing here allocates per row. */
#include "security/reportsvc.h"

#include "base/date.h"
#include "base/str.h"
#include "domain/occupancy.h"
#include "security/economysvc.h"
#include "security/groupsvc.h"
#include "security/policy.h"
#include "security/svc.h"
#include "store/followup.h"
#include "store/intervention.h"
#include "store/reference.h"
#include "store/report.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TYPES 64   /* types held; at most RPT_MAX_ROWS are shown */
#define MAX_MEMBERS 48 /* member municipalities (RPT_MAX_ROWS - 1 shown per table) */
#define MUNI_ROWS (MAX_MEMBERS + 1)
#define AGE_ROWS (AGECLASS_MAX + 1) /* the classes, then unknown age */
#define NY RPT_MAX_YEARS
#define N_GENDERS 3
#define N_KINDS 4
#define N_PHASES 3

static const char *const gender_keys[N_GENDERS] = {"kvinna", "man", "annat"};
static const char *const gender_labels[N_GENDERS] = {"Kvinnor", "Män", "Annan"};
static const char *const kind_keys[N_KINDS] = {"concept", "custom", "network_coordinators",
                                               "network_trappan"};
static const char *const kind_labels[N_KINDS] = {
    "Utbildningar med färdigt koncept", "Specialbeställda utbildningar",
    "Nätverksträffar för samordnare", "Nätverksträffar Trappan"};
static const char *const month_labels[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                             "jul", "aug", "sep", "okt", "nov", "dec"};
static const char *const phase_keys[N_PHASES] = {"start", "end", "followup"};
static const char *const phase_labels[N_PHASES] = {"Start", "Avslut", "Uppföljning"};

/* The statistics of started series broken down three ways, and their section. */
static const struct {
	const char *type, *title, *section;
} started_stats[] = {
    {"victim_support", "Startade samtalsserier för våldsutsatta", "individual"},
    {"child_trappan", "Startade insatser för barn (Trappan)", "individual"},
    {"perpetrator_treatment", "Startade samtalsserier för våldsutövare", "individual"},
    {"relative_support", "Startade samtalsserier för anhöriga", "individual"},
    {"womens_group", "Kvinnor som startat i gruppverksamhet", "groups"},
};
#define N_STATS (sizeof(started_stats) / sizeof(started_stats[0]))

/* One statistic counted by gender, age class and municipality, per report year. */
struct breakdown {
	int64_t gender[N_GENDERS][NY];
	int64_t age[AGE_ROWS][NY];
	int64_t muni[MUNI_ROWS][NY];
};

struct type_info {
	char key[41];
	char label[101];
	bool active;
};

/* A queue-time group: days waited by n series of one type, started in one month. */
struct wait {
	int type, year, month; /* indexes */
	int64_t days, n;
};

struct build {
	struct store *st;
	const struct reportsvc_opts *o;
	struct annual_report *r;
	struct nrs_error *err;
	struct ageclass_set ac;
	int ny, years[NY];
	/* municipalities: members in code order, the host among them */
	struct region_info region;
	size_t n_members;
	char member_code[MAX_MEMBERS][5];
	char member_name[MAX_MEMBERS][101];
	size_t n_types;
	struct type_info types[MAX_TYPES];
	/* started series */
	struct breakdown started[MAX_TYPES];
	int64_t started_n[MAX_TYPES][NY];
	/* per type figures */
	int64_t ended[MAX_TYPES][NY], ended_held[MAX_TYPES][NY];
	int64_t held_service[MAX_TYPES][NY], held_aid[MAX_TYPES][NY];
	int64_t started_home[MAX_TYPES][NY];
	/* queue times */
	struct wait *waits;
	size_t n_waits, cap_waits;
	/* apartments */
	struct breakdown adults, children;
	int64_t nights_sum[3][NY], nights_n[3][NY]; /* without children, with, all */
	int64_t occupied[NY];
	struct nrs_date period_to[NY]; /* last night counted per year */
	bool period_ok[NY];
	/* trainings */
	int64_t trainings[N_KINDS][NY];
	int64_t participants[MUNI_ROWS][N_KINDS];
	/* follow-up, per year: measures of the quality review */
	size_t n_measures;
	char measure_key[RPT_MAX_ROWS][41];
	char measure_label[RPT_MAX_ROWS][101];
	int64_t fu_count[NY][RPT_MAX_ROWS][N_PHASES], fu_sum[NY][RPT_MAX_ROWS][N_PHASES];
	int fu_year;
};

/* ---- small helpers ----------------------------------------------------------------------- */

/* num / den rounded half away from zero; den > 0. */
static int64_t div_round(int64_t num, int64_t den)
{
	int64_t mag = num < 0 ? -num : num;
	int64_t q = (2 * mag + den) / (2 * den);

	return num < 0 ? -q : q;
}

static int year_index(const struct build *b, int year)
{
	for (int k = 0; k < b->ny; k++)
		if (b->years[k] == year)
			return k;
	return -1;
}

static int type_index(const struct build *b, const char *key)
{
	for (size_t k = 0; key != NULL && k < b->n_types; k++)
		if (strcmp(b->types[k].key, key) == 0)
			return (int)k;
	return -1;
}

static int member_index(const struct build *b, const char *code)
{
	for (size_t k = 0; code != NULL && k < b->n_members; k++)
		if (strcmp(b->member_code[k], code) == 0)
			return (int)k;
	return -1;
}

/* The municipality row of a code: per member (then "outside") or host / others. */
static int muni_row(const struct build *b, const char *code)
{
	int m;

	if (!b->o->per_municipality)
		return code != NULL && strcmp(code, b->region.host) == 0 ? 0 : 1;
	m = member_index(b, code);
	return m >= 0 ? m : (int)b->n_members;
}

static size_t muni_rows(const struct build *b)
{
	return b->o->per_municipality ? b->n_members + 1 : 2;
}

static int gender_index(const char *g)
{
	for (int k = 0; g != NULL && k < N_GENDERS; k++)
		if (strcmp(g, gender_keys[k]) == 0)
			return k;
	return N_GENDERS - 1; /* the store's CHECK allows no other; counted, never lost */
}

static int age_row(const struct build *b, int ageclass)
{
	return ageclass >= 0 && ageclass < b->ac.count ? ageclass : AGECLASS_MAX;
}

static void set_label(char *dst, const char *src)
{
	snprintf(dst, RPT_LABEL_MAX, "%s", src);
}

static void year_cols(const struct build *b, struct rpt_table *t)
{
	for (int k = 0; k < b->ny; k++)
		snprintf(t->col_label[k], RPT_LABEL_MAX, "%d", b->years[k]);
}

/* A table with the years as columns, or NULL with err set. Adding a table may move the
 * report's table array, so a builder that fills two tables at once takes the earlier one
 * again as "the one before" the newer (tables are consecutive). */
static struct rpt_table *year_table(struct build *b, const char *id, const char *title,
                                    enum rpt_kind kind, size_t rows)
{
	struct rpt_table *t = rpt_add_table(b->r, id, title, kind, rows, (size_t)b->ny, b->err);

	if (t != NULL)
		year_cols(b, t);
	return t;
}

/* A derived figure from n observations: hidden below the threshold, missing with none. */
static void derived(const struct build *b, struct rpt_table *t, size_t i, size_t j, int64_t n,
                    int64_t value)
{
	t->v[i][j] = value;
	if (n == 0)
		t->mark[i][j] = RPT_MISSING;
	else if (b->o->threshold > 0 && n < b->o->threshold)
		t->mark[i][j] = RPT_HIDDEN;
}

/* ---- loading ----------------------------------------------------------------------------- */

static int member_cb(const struct municipality_row *row, void *ctx)
{
	struct build *b = ctx;

	if (!row->member || b->n_members >= MAX_MEMBERS)
		return 0;
	snprintf(b->member_code[b->n_members], sizeof(b->member_code[0]), "%s", row->code);
	snprintf(b->member_name[b->n_members], sizeof(b->member_name[0]), "%s", row->name);
	b->n_members++;
	return 0;
}

static int type_cb(const struct intervention_type_row *row, void *ctx)
{
	struct build *b = ctx;
	struct type_info *t;

	if (b->n_types >= MAX_TYPES)
		return 0;
	t = &b->types[b->n_types++];
	snprintf(t->key, sizeof(t->key), "%s", row->key);
	snprintf(t->label, sizeof(t->label), "%s", row->label_sv);
	t->active = row->active != 0;
	return 0;
}

static void count_in(const struct build *b, struct breakdown *d, int y, const char *gender,
                     int ageclass, const char *municipality, int64_t n)
{
	d->gender[gender_index(gender)][y] += n;
	d->age[age_row(b, ageclass)][y] += n;
	d->muni[muni_row(b, municipality)][y] += n;
}

static int started_cb(const struct report_started_row *row, void *ctx)
{
	struct build *b = ctx;
	int y = year_index(b, row->year), t = type_index(b, row->type);

	if (y < 0 || t < 0)
		return 0;
	count_in(b, &b->started[t], y, row->gender, row->ageclass, row->municipality, row->n);
	b->started_n[t][y] += row->n;
	return 0;
}

static int types_cb(const struct report_type_row *row, void *ctx)
{
	struct build *b = ctx;
	int y = year_index(b, row->year), t = type_index(b, row->type);

	if (y < 0 || t < 0)
		return 0;
	b->ended[t][y] += row->ended;
	b->ended_held[t][y] += row->ended_held;
	b->held_service[t][y] += row->held_service;
	b->held_aid[t][y] += row->held_aid;
	b->started_home[t][y] += row->started_home;
	return 0;
}

static int wait_cb(const struct report_wait_row *row, void *ctx)
{
	struct build *b = ctx;
	int y = year_index(b, row->year), t = type_index(b, row->type);

	if (y < 0 || t < 0 || row->month < 1 || row->month > 12 || row->n <= 0)
		return 0;
	if (b->n_waits == b->cap_waits) {
		size_t cap = b->cap_waits != 0 ? 2 * b->cap_waits : 1024;
		struct wait *p = realloc(b->waits, cap * sizeof(*p));

		if (p == NULL)
			return NRS_ENOMEM;
		b->waits = p;
		b->cap_waits = cap;
	}
	b->waits[b->n_waits++] = (struct wait){
	    .type = t, .year = y, .month = row->month - 1, .days = row->days, .n = row->n};
	return 0;
}

static int date_of(const char *s, struct nrs_date *d)
{
	return s != NULL && date_parse(s, d) == 0 ? 0 : -1;
}

/* The children's ages at move-in, "4,9": each into its class; a count above the number
 * of ages given goes to unknown age. */
static void count_children(struct build *b, int y, const struct report_stay_row *row)
{
	const char *p = row->children_ages != NULL ? row->children_ages : "";
	int64_t listed = 0;

	while (*p != '\0' && listed < row->children_count) {
		char *end;
		long age = strtol(p, &end, 10);

		if (end == p)
			break;
		b->children.age[age_row(b, ageclass_index(&b->ac, (int)age))][y]++;
		listed++;
		p = *end == ',' ? end + 1 : end;
	}
	b->children.age[AGECLASS_MAX][y] += row->children_count - listed;
	b->children.muni[muni_row(b, row->municipality)][y] += row->children_count;
}

static int stay_cb(const struct report_stay_row *row, void *ctx)
{
	struct build *b = ctx;
	struct stay s = {.apartment_id = row->apartment_id};
	int y_in;

	if (date_of(row->move_in, &s.move_in) != 0)
		return 0;
	s.has_move_out = date_of(row->move_out, &s.move_out) == 0;
	y_in = year_index(b, s.move_in.year);
	if (y_in >= 0) {
		count_in(b, &b->adults, y_in, row->gender, row->ageclass, row->municipality, 1);
		if (row->children_count > 0)
			count_children(b, y_in, row);
	}
	if (s.has_move_out) {
		int y_out = year_index(b, s.move_out.year);

		if (y_out >= 0) {
			int64_t nights = date_diff_days(&s.move_in, &s.move_out);
			int cat = row->children_count > 0 ? 1 : 0;

			b->nights_sum[cat][y_out] += nights;
			b->nights_n[cat][y_out]++;
			b->nights_sum[2][y_out] += nights;
			b->nights_n[2][y_out]++;
		}
	}
	for (int k = 0; k < b->ny; k++) {
		struct nrs_date from = {b->years[k], 1, 1};

		if (b->period_ok[k])
			b->occupied[k] += stay_nights_in_period(&s, &from, &b->period_to[k]);
	}
	return 0;
}

static int training_count_cb(const struct report_training_row *row, void *ctx)
{
	struct build *b = ctx;
	int y = year_index(b, row->year);

	for (int k = 0; y >= 0 && k < N_KINDS; k++)
		if (row->kind != NULL && strcmp(row->kind, kind_keys[k]) == 0)
			b->trainings[k][y] += row->trainings;
	return 0;
}

static int training_cb(const struct report_training_row *row, void *ctx)
{
	struct build *b = ctx;
	int m = member_index(b, row->municipality);

	for (int k = 0; k < N_KINDS; k++)
		if (row->kind != NULL && strcmp(row->kind, kind_keys[k]) == 0)
			b->participants[m >= 0 ? m : (int)b->n_members][k] += row->participants;
	return 0;
}

static int measure_cb(const struct followup_measure_row *row, void *ctx)
{
	struct build *b = ctx;

	if (b->n_measures >= RPT_MAX_ROWS)
		return 0;
	snprintf(b->measure_key[b->n_measures], sizeof(b->measure_key[0]), "%s", row->key);
	snprintf(b->measure_label[b->n_measures], sizeof(b->measure_label[0]), "%s", row->label_sv);
	b->n_measures++;
	return 0;
}

static int followup_cb(const struct groupsvc_cell *cell, void *ctx)
{
	struct build *b = ctx;
	int y = year_index(b, b->fu_year);

	for (size_t m = 0; y >= 0 && m < b->n_measures; m++) {
		if (strcmp(cell->row->measure, b->measure_key[m]) != 0)
			continue;
		for (int p = 0; p < N_PHASES; p++)
			if (strcmp(cell->row->phase, phase_keys[p]) == 0) {
				b->fu_count[y][m][p] += cell->row->count;
				b->fu_sum[y][m][p] += cell->row->sum;
			}
	}
	return 0;
}

/* The nights each year's occupancy counts: the whole year, up to yesterday for the current
 * one, none for a future one. */
static void occupancy_periods(struct build *b)
{
	struct nrs_date yesterday = date_from_days(date_to_days(&b->o->today) - 1);

	for (int k = 0; k < b->ny; k++) {
		struct nrs_date from = {b->years[k], 1, 1}, to = {b->years[k], 12, 31};

		if (date_cmp(&yesterday, &to) < 0)
			to = yesterday;
		b->period_to[k] = to;
		b->period_ok[k] = date_cmp(&to, &from) >= 0;
	}
}

static int load(struct build *b)
{
	int from = b->years[0], to = b->years[b->ny - 1];
	int rc;

	ageclass_default(&b->ac);
	rc = store_region_get(b->st, &b->region);
	if (rc == 0)
		rc = store_municipality_list(b->st, NULL, member_cb, b);
	if (rc == 0)
		rc = store_intervention_type_list(b->st, 0, type_cb, b);
	if (rc == 0)
		rc = store_report_started(b->st, from, to, &b->ac, started_cb, b);
	if (rc == 0)
		rc = store_report_types(b->st, from, to, types_cb, b);
	if (rc == 0)
		rc = store_report_waits(b->st, from, to, wait_cb, b);
	occupancy_periods(b);
	if (rc == 0)
		rc = store_report_stays(b->st, from, to, &b->ac, stay_cb, b);
	if (rc == 0)
		rc = store_report_training_counts(b->st, from, to, training_count_cb, b);
	if (rc == 0)
		rc = store_report_trainings(b->st, to, to, training_cb, b);
	if (rc != 0)
		return svc_fail(rc, b->err, "Rapportens underlag kunde inte läsas");
	return 0;
}

/* ---- the breakdowns ---------------------------------------------------------------------- */

/* The three tables of one statistic (gender may be skipped: children's is not recorded). */
static int breakdown_tables(struct build *b, const char *stat, const char *title,
                            const struct breakdown *d, bool with_gender, const char *note)
{
	struct rpt_table *t;
	char id[RPT_ID_MAX];
	size_t age_rows = (size_t)b->ac.count;
	bool unknown = false;

	for (int y = 0; y < b->ny; y++)
		unknown |= d->age[AGECLASS_MAX][y] != 0;
	if (with_gender) {
		snprintf(id, sizeof(id), "%s.gender", stat);
		t = year_table(b, id, title, RPT_COUNT, N_GENDERS);
		if (t == NULL)
			return b->err->code;
		snprintf(t->link, sizeof(t->link), "%s", stat);
		set_label(t->corner, "Kön");
		t->chart = RPT_CHART_BARS;
		for (int g = 0; g < N_GENDERS; g++) {
			set_label(t->row_label[g], gender_labels[g]);
			for (int y = 0; y < b->ny; y++)
				t->v[g][y] = d->gender[g][y];
		}
	}
	snprintf(id, sizeof(id), "%s.age", stat);
	t = year_table(b, id, title, RPT_COUNT, age_rows + (unknown ? 1 : 0));
	if (t == NULL)
		return b->err->code;
	snprintf(t->link, sizeof(t->link), "%s", stat);
	snprintf(t->note, sizeof(t->note), "%s", note != NULL ? note : "");
	set_label(t->corner, "Ålder");
	for (size_t a = 0; a < t->rows; a++) {
		size_t src = a < age_rows ? a : AGECLASS_MAX;

		if (a < age_rows)
			ageclass_label(&b->ac, (int)a, t->row_label[a], RPT_LABEL_MAX);
		else
			set_label(t->row_label[a], "Okänd ålder");
		for (int y = 0; y < b->ny; y++)
			t->v[a][y] = d->age[src][y];
	}
	snprintf(id, sizeof(id), "%s.municipality", stat);
	t = year_table(b, id, title, RPT_COUNT, muni_rows(b));
	if (t == NULL)
		return b->err->code;
	snprintf(t->link, sizeof(t->link), "%s", stat);
	set_label(t->corner, "Kommun");
	for (size_t m = 0; m < t->rows; m++) {
		if (!b->o->per_municipality)
			set_label(t->row_label[m],
			          m == 0 ? b->region.host_name : "Övriga kommuner");
		else if (m < b->n_members)
			set_label(t->row_label[m], b->member_name[m]);
		else
			set_label(t->row_label[m], "Kommuner utanför länet");
		for (int y = 0; y < b->ny; y++)
			t->v[m][y] = d->muni[m][y];
	}
	return 0;
}

static int started_section(struct build *b, const char *section)
{
	static const struct breakdown empty;

	for (size_t s = 0; s < N_STATS; s++) {
		char stat[RPT_ID_MAX];
		int t = type_index(b, started_stats[s].type);
		int rc;

		if (strcmp(started_stats[s].section, section) != 0)
			continue;
		/* the ids are compiled in and short; a cut one would be a programming error */
		if (snprintf(stat, sizeof(stat), "started.%s", started_stats[s].type) >=
		    (int)sizeof(stat))
			return NRS_EINVAL;
		rc = breakdown_tables(b, stat, started_stats[s].title,
		                      t >= 0 ? &b->started[t] : &empty, true, NULL);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* ---- apartments -------------------------------------------------------------------------- */

static int apartments_section(struct build *b)
{
	static const char *const length_rows[3] = {"Vuxen utan barn", "Vuxen med medföljande barn",
	                                           "Samtliga"};
	struct rpt_table *t;
	int64_t apartments = 0;
	int rc = breakdown_tables(b, "apartments.adults", "Vuxna som flyttat in", &b->adults, true,
	                          NULL);

	if (rc == 0)
		rc = breakdown_tables(b, "apartments.children", "Barn som flyttat in", &b->children,
		                      false, "Barnens kön registreras inte.");
	if (rc != 0)
		return rc;
	t = year_table(b, "apartments.length", "Boendetid (nätter i genomsnitt)", RPT_TENTHS, 3);
	if (t == NULL)
		return b->err->code;
	for (int i = 0; i < 3; i++) {
		set_label(t->row_label[i], length_rows[i]);
		for (int y = 0; y < b->ny; y++)
			derived(b, t, (size_t)i, (size_t)y, b->nights_n[i][y],
			        b->nights_n[i][y] > 0
			            ? groupsvc_mean_tenths(b->nights_sum[i][y], b->nights_n[i][y])
			            : 0);
	}
	rc = store_report_apartments(b->st, &apartments);
	if (rc != 0)
		return svc_fail(rc, b->err, "Jourlägenheterna kunde inte läsas");
	t = year_table(b, "apartments.occupancy", "Nyttjandegrad", RPT_PERMILLE, 1);
	if (t == NULL)
		return b->err->code;
	set_label(t->row_label[0], "Nyttjandegrad");
	for (int y = 0; y < b->ny; y++) {
		struct nrs_date from = {b->years[y], 1, 1};
		struct occ_ratio q;

		if (!b->period_ok[y] || apartments <= 0) {
			t->mark[0][y] = RPT_MISSING;
			continue;
		}
		q.num = b->occupied[y];
		q.den = apartments * (date_diff_days(&from, &b->period_to[y]) + 1);
		t->v[0][y] = occupancy_permille(&q);
	}
	return 0;
}

/* ---- interventions per type -------------------------------------------------------------- */

/* Types shown: active ones and those with a figure in the years, at most RPT_MAX_ROWS. */
static size_t shown_types(const struct build *b, int *idx)
{
	size_t n = 0;

	for (size_t t = 0; t < b->n_types && n < RPT_MAX_ROWS; t++) {
		bool any = b->types[t].active;

		for (int y = 0; y < b->ny; y++)
			any |= b->started_n[t][y] != 0 || b->ended[t][y] != 0 ||
			       b->held_service[t][y] != 0 || b->held_aid[t][y] != 0;
		if (any)
			idx[n++] = (int)t;
	}
	return n;
}

static struct rpt_table *type_table(struct build *b, const char *id, const char *title,
                                    enum rpt_kind kind, const int *idx, size_t n, size_t cols)
{
	struct rpt_table *t = rpt_add_table(b->r, id, title, kind, n != 0 ? n : 1, cols, b->err);

	if (t == NULL)
		return NULL;
	set_label(t->corner, "Insats");
	for (size_t k = 0; k < n; k++)
		set_label(t->row_label[k], b->types[idx[k]].label);
	if (cols == (size_t)b->ny)
		year_cols(b, t);
	return t;
}

static int cmp_wait(const void *pa, const void *pb)
{
	const struct wait *a = pa, *b = pb;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->days != b->days)
		return a->days < b->days ? -1 : 1;
	return 0;
}

/* The value at 0-based position pos of the sorted waits[from..to) (each counted n times). */
static int64_t wait_at(const struct wait *w, size_t from, size_t to, int64_t pos)
{
	for (size_t k = from; k < to; k++) {
		if (pos < w[k].n)
			return w[k].days;
		pos -= w[k].n;
	}
	return 0;
}

/* Median and mean queue days per type and year, and the mean per year and month. */
static int queue_tables(struct build *b, const int *idx, size_t n)
{
	struct rpt_table *med, *mean, *month;
	int64_t m_sum[NY][12] = {{0}}, m_n[NY][12] = {{0}};
	size_t k = 0;

	med = type_table(b, "types.queue_median", "Kötid, median (dagar)", RPT_TENTHS, idx, n,
	                 (size_t)b->ny);
	if (med == NULL)
		return b->err->code;
	for (size_t i = 0; i < med->rows; i++)
		for (int y = 0; y < b->ny; y++)
			med->mark[i][y] = RPT_MISSING;
	mean = type_table(b, "types.queue_mean", "Kötid, medelvärde (dagar)", RPT_TENTHS, idx, n,
	                  (size_t)b->ny);
	if (mean == NULL)
		return b->err->code;
	med = mean - 1; /* rpt_add_table may move the tables: the one before is med */
	for (size_t i = 0; i < mean->rows; i++)
		for (int y = 0; y < b->ny; y++)
			mean->mark[i][y] = RPT_MISSING;
	if (b->n_waits > 0)
		qsort(b->waits, b->n_waits, sizeof(b->waits[0]), cmp_wait);
	while (k < b->n_waits) {
		size_t end = k;
		int64_t cnt = 0, sum = 0;
		int row = -1;

		while (end < b->n_waits && b->waits[end].type == b->waits[k].type &&
		       b->waits[end].year == b->waits[k].year) {
			const struct wait *w = &b->waits[end];

			cnt += w->n;
			sum += w->days * w->n;
			m_sum[w->year][w->month] += w->days * w->n;
			m_n[w->year][w->month] += w->n;
			end++;
		}
		for (size_t i = 0; i < n; i++)
			if (idx[i] == b->waits[k].type)
				row = (int)i;
		if (row >= 0) {
			size_t y = (size_t)b->waits[k].year;
			/* even n: the mean of the two middle values, in tenths (x 10 / 2) */
			int64_t median = cnt % 2 != 0
			                     ? 10 * wait_at(b->waits, k, end, cnt / 2)
			                     : 5 * (wait_at(b->waits, k, end, cnt / 2 - 1) +
			                            wait_at(b->waits, k, end, cnt / 2));

			med->mark[row][y] = mean->mark[row][y] = RPT_SHOWN;
			derived(b, med, (size_t)row, y, cnt, median);
			derived(b, mean, (size_t)row, y, cnt, groupsvc_mean_tenths(sum, cnt));
		}
		k = end;
	}
	month = rpt_add_table(b->r, "queue.month", "Kötid per månad (dagar, medelvärde)",
	                      RPT_TENTHS, (size_t)b->ny, 12, b->err);
	if (month == NULL)
		return b->err->code;
	month->chart = RPT_CHART_LINE;
	set_label(month->corner, "År");
	for (int mo = 0; mo < 12; mo++)
		set_label(month->col_label[mo], month_labels[mo]);
	for (int y = 0; y < b->ny; y++) {
		snprintf(month->row_label[y], RPT_LABEL_MAX, "%d", b->years[y]);
		for (int mo = 0; mo < 12; mo++)
			derived(b, month, (size_t)y, (size_t)mo, m_n[y][mo],
			        m_n[y][mo] > 0 ? groupsvc_mean_tenths(m_sum[y][mo], m_n[y][mo])
			                       : 0);
	}
	return 0;
}

static int types_section(struct build *b)
{
	int idx[RPT_MAX_ROWS];
	size_t n = shown_types(b, idx);
	struct rpt_table *t;

	t = type_table(b, "types.started", "Startade insatser", RPT_COUNT, idx, n, (size_t)b->ny);
	if (t == NULL)
		return b->err->code;
	t->chart = RPT_CHART_BARS;
	for (size_t i = 0; i < n; i++) {
		for (size_t s = 0; s < N_STATS; s++)
			if (strcmp(b->types[idx[i]].key, started_stats[s].type) == 0)
				snprintf(t->row_link[i], RPT_ID_MAX, "started.%s",
				         started_stats[s].type);
		for (int y = 0; y < b->ny; y++)
			t->v[i][y] = b->started_n[idx[i]][y];
	}
	t = type_table(b, "types.mean_sessions", "Hållna samtal per avslutad insats (medelvärde)",
	               RPT_TENTHS, idx, n, (size_t)b->ny);
	if (t == NULL)
		return b->err->code;
	for (size_t i = 0; i < n; i++)
		for (int y = 0; y < b->ny; y++) {
			int64_t e = b->ended[idx[i]][y];

			derived(b, t, i, (size_t)y, e,
			        e > 0 ? groupsvc_mean_tenths(b->ended_held[idx[i]][y], e) : 0);
		}
	t = type_table(b, "types.basis", "Hållna samtal: service och bistånd", RPT_COUNT, idx, n,
	               2 * (size_t)b->ny);
	if (t == NULL)
		return b->err->code;
	for (int y = 0; y < b->ny; y++) {
		snprintf(t->col_label[2 * y], RPT_LABEL_MAX, "%d service", b->years[y]);
		snprintf(t->col_label[2 * y + 1], RPT_LABEL_MAX, "%d bistånd", b->years[y]);
		for (size_t i = 0; i < n; i++) {
			t->v[i][2 * y] = b->held_service[idx[i]][y];
			t->v[i][2 * y + 1] = b->held_aid[idx[i]][y];
		}
	}
	t = type_table(b, "types.home", "Startade insatser med samtal i hemkommunen", RPT_COUNT,
	               idx, n, (size_t)b->ny);
	if (t == NULL)
		return b->err->code;
	for (size_t i = 0; i < n; i++)
		for (int y = 0; y < b->ny; y++)
			t->v[i][y] = b->started_home[idx[i]][y];
	return queue_tables(b, idx, n);
}

/* ---- trainings, resources, economy, activity -------------------------------------------- */

/* Swedish alphabetical order for municipality names: å, ä, ö after z. */
static int sv_key(const unsigned char **p)
{
	const unsigned char *s = *p;

	if (s[0] == 0xc3 && s[1] != 0) {
		*p += 2;
		switch (s[1]) {
		case 0x85:
		case 0xa5:
			return 'z' + 1; /* Å å */
		case 0x84:
		case 0xa4:
			return 'z' + 2; /* Ä ä */
		case 0x96:
		case 0xb6:
			return 'z' + 3; /* Ö ö */
		default:
			return 0x100 + s[1];
		}
	}
	*p += 1;
	return tolower(s[0]);
}

static int sv_cmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	while (*p != 0 && *q != 0) {
		int x = sv_key(&p), y = sv_key(&q);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return (*p != 0) - (*q != 0);
}

static int trainings_section(struct build *b)
{
	struct rpt_table *t;
	size_t order[MAX_MEMBERS],
	    nm = b->n_members < RPT_MAX_ROWS ? b->n_members : RPT_MAX_ROWS - 1;
	char title[RPT_LABEL_MAX];

	t = year_table(b, "trainings.count", "Genomförda utbildningar", RPT_PLAIN, N_KINDS);
	if (t == NULL)
		return b->err->code;
	set_label(t->corner, "Utbildning");
	for (int k = 0; k < N_KINDS; k++) {
		set_label(t->row_label[k], kind_labels[k]);
		for (int y = 0; y < b->ny; y++)
			t->v[k][y] = b->trainings[k][y];
	}
	snprintf(title, sizeof(title), "Deltagare per kommun %d", b->o->year);
	t = rpt_add_table(b->r, "trainings.participants", title, RPT_PLAIN, nm + 1, N_KINDS,
	                  b->err);
	if (t == NULL)
		return b->err->code;
	t->row_totals = true;
	set_label(t->corner, "Kommun");
	for (size_t m = 0; m < nm; m++)
		order[m] = m;
	/* by name: insertion sort of at most 16 */
	for (size_t m = 1; m < nm; m++)
		for (size_t k = m;
		     k > 0 && sv_cmp(b->member_name[order[k - 1]], b->member_name[order[k]]) > 0;
		     k--) {
			size_t tmp = order[k];

			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
	for (int k = 0; k < N_KINDS; k++)
		set_label(t->col_label[k], kind_labels[k]);
	for (size_t m = 0; m <= nm; m++) {
		size_t src = m < nm ? order[m] : b->n_members;

		set_label(t->row_label[m], m < nm ? b->member_name[src] : "Övriga");
		for (int k = 0; k < N_KINDS; k++)
			t->v[m][k] = b->participants[src][k];
	}
	/* members beyond what a table holds count as others */
	for (size_t m = nm; m < b->n_members; m++)
		for (int k = 0; k < N_KINDS; k++)
			t->v[nm][k] += b->participants[m][k];
	return 0;
}

static int resources_section(struct build *b)
{
	static const char *const volume_rows[3] = {"Aktiva ärenden", "Hållna samtal",
	                                           "Samtalstimmar"};
	static const char *const per_rows[3] = {"Ärenden per årsarbetare", "Samtal per årsarbetare",
	                                        "Timmar per årsarbetare"};
	struct rpt_table *fte, *vol, *per;
	int rc;

	fte = year_table(b, "resources.fte", "Personal (årsarbetare)", RPT_HUNDREDTHS, 1);
	if (fte == NULL)
		return b->err->code;
	set_label(fte->row_label[0], "Personal (årsarbetare)");
	vol = year_table(b, "resources.volume", "Volym", RPT_PLAIN, 3);
	if (vol == NULL)
		return b->err->code;
	fte = vol - 1;
	vol->col_totals = false;
	per = year_table(b, "resources.per_fte", "Per årsarbetare", RPT_TENTHS, 3);
	if (per == NULL)
		return b->err->code;
	fte = per - 2;
	vol = per - 1;
	for (int i = 0; i < 3; i++) {
		set_label(vol->row_label[i], volume_rows[i]);
		set_label(per->row_label[i], per_rows[i]);
	}
	for (int y = 0; y < b->ny; y++) {
		struct report_year_figures f;
		struct report_year_input in;
		int64_t fte_h = 0;

		memset(&f, 0, sizeof(f));
		memset(&in, 0, sizeof(in));
		rc = store_report_year_figures(b->st, b->years[y], &f);
		if (rc != 0)
			return svc_fail(rc, b->err, "Årets siffror kunde inte läsas");
		rc = store_report_input_get(b->st, b->years[y], &in);
		if (rc != 0 && rc != NRS_ENOTFOUND)
			return svc_fail(rc, b->err, "Årets uppgifter kunde inte läsas");
		if (rc == 0 && in.has_fte)
			fte_h = in.staff_fte;
		fte->v[0][y] = fte_h;
		if (rc != 0 || !in.has_fte)
			fte->mark[0][y] = RPT_MISSING;
		store_report_input_free(&in);
		vol->v[0][y] = f.cases_active;
		vol->v[1][y] = f.sessions_held;
		vol->v[2][y] = (f.session_minutes + 30) / 60;
		if (fte_h <= 0) {
			for (int i = 0; i < 3; i++)
				per->mark[i][y] = RPT_MISSING;
			continue;
		}
		/* figure / (fte_h / 100), in tenths */
		per->v[0][y] = div_round(f.cases_active * 1000, fte_h);
		per->v[1][y] = div_round(f.sessions_held * 1000, fte_h);
		per->v[2][y] = div_round(f.session_minutes * 1000, fte_h * 60);
	}
	return 0;
}

static int economy_section(struct build *b)
{
	struct economy_budget *bud = malloc(sizeof(*bud));
	struct economy_distribution *d = malloc(sizeof(*d));
	struct rpt_table *sum, *dist;
	int rc = 0;

	if (bud == NULL || d == NULL) {
		rc = nrs_error_set(b->err, NRS_ENOMEM, "", "Minnet räckte inte till rapporten");
		goto out;
	}
	sum = year_table(b, "economy.summary", "Ekonomi", RPT_ORE, 3);
	if (sum == NULL) {
		rc = b->err->code;
		goto out;
	}
	set_label(sum->row_label[0], "Budget");
	set_label(sum->row_label[1], "Utfall");
	set_label(sum->row_label[2], "Resultat");
	dist = year_table(
	    b, "economy.distribution", "Fördelning mellan kommunerna", RPT_ORE,
	    b->n_members != 0 ? (b->n_members < RPT_MAX_ROWS ? b->n_members : RPT_MAX_ROWS) : 1);
	if (dist == NULL) {
		rc = b->err->code;
		goto out;
	}
	sum = dist - 1;
	dist->col_totals = true;
	set_label(dist->corner, "Kommun");
	for (size_t m = 0; m < dist->rows && m < b->n_members; m++)
		set_label(dist->row_label[m], b->member_name[m]);
	for (int y = 0; y < b->ny; y++) {
		struct nrs_error e = {0};
		bool have = economysvc_budget_get(b->st, b->years[y], bud, &e) == 0;

		sum->v[0][y] = have ? bud->total_ore : 0;
		sum->v[1][y] = have && bud->has_outcome ? bud->outcome_ore : 0;
		sum->v[2][y] = have && bud->has_outcome ? bud->result_ore : 0;
		if (!have)
			sum->mark[0][y] = RPT_MISSING;
		if (!have || !bud->has_outcome)
			sum->mark[1][y] = sum->mark[2][y] = RPT_MISSING;
		have =
		    have && economysvc_distribute(b->st, b->years[y], bud->total_ore, d, &e) == 0;
		for (size_t m = 0; m <= dist->rows; m++)
			dist->mark[m][y] = have ? RPT_SHOWN : RPT_MISSING;
		for (size_t k = 0; have && k < d->n; k++) {
			int m = member_index(b, d->rows[k].code);

			if (m >= 0 && (size_t)m < dist->rows)
				dist->v[m][y] = d->rows[k].amount_ore;
			dist->v[dist->rows][y] += d->rows[k].amount_ore;
		}
	}
out:
	free(bud);
	free(d);
	return rc;
}

static int activity_section(struct build *b)
{
	static const char *const rows[5] = {"Polisremisser", "Anonyma kontakter", "Konsultationer",
	                                    "Orosanmälningar", "Lex Sarah-anmälningar"};
	struct rpt_table *c, *share;

	c = year_table(b, "activity.counts", "Övrig verksamhet", RPT_COUNT, 5);
	if (c == NULL)
		return b->err->code;
	c->col_totals = false;
	for (int i = 0; i < 5; i++)
		set_label(c->row_label[i], rows[i]);
	share = year_table(b, "activity.referrals_48h", "Polisremisser kontaktade inom 48 timmar",
	                   RPT_PERMILLE, 1);
	if (share == NULL)
		return b->err->code;
	c = share - 1;
	set_label(share->row_label[0], "Polisremisser kontaktade inom 48 timmar");
	for (int y = 0; y < b->ny; y++) {
		struct report_year_figures f;
		int rc;

		memset(&f, 0, sizeof(f));
		rc = store_report_year_figures(b->st, b->years[y], &f);
		if (rc != 0)
			return svc_fail(rc, b->err, "Årets siffror kunde inte läsas");
		c->v[0][y] = f.referrals;
		c->v[1][y] = f.anon_contacts;
		c->v[2][y] = f.consultations;
		c->v[3][y] = f.reports_concern;
		c->v[4][y] = f.reports_lex_sarah;
		derived(b, share, 0, (size_t)y, f.referrals,
		        f.referrals > 0 ? div_round(f.referrals_48h * 1000, f.referrals) : 0);
	}
	return 0;
}

static int followup_section(struct build *b)
{
	int rc = groupsvc_measures(b->st, measure_cb, b);

	if (rc != 0)
		return svc_fail(rc, b->err, "Uppföljningens mått kunde inte läsas");
	for (int y = 0; y < b->ny; y++) {
		char id[RPT_ID_MAX], title[RPT_LABEL_MAX];
		struct rpt_table *cnt, *mean;
		size_t rows = b->n_measures != 0 ? b->n_measures : 1;

		b->fu_year = b->years[y];
		rc = groupsvc_followup_aggregate(b->st, b->years[y], NULL, followup_cb, b);
		if (rc != 0)
			return svc_fail(rc, b->err, "Uppföljningen kunde inte läsas");
		snprintf(id, sizeof(id), "followup.%d.count", b->years[y]);
		snprintf(title, sizeof(title), "Inmatade värden %d", b->years[y]);
		cnt = rpt_add_table(b->r, id, title, RPT_COUNT, rows, N_PHASES, b->err);
		if (cnt == NULL)
			return b->err->code;
		cnt->col_totals = false;
		snprintf(id, sizeof(id), "followup.%d.mean", b->years[y]);
		snprintf(title, sizeof(title), "Medelvärde %d", b->years[y]);
		mean = rpt_add_table(b->r, id, title, RPT_TENTHS, rows, N_PHASES, b->err);
		if (mean == NULL)
			return b->err->code;
		cnt = mean - 1;
		set_label(cnt->corner, "Mått");
		set_label(mean->corner, "Mått");
		for (int p = 0; p < N_PHASES; p++) {
			set_label(cnt->col_label[p], phase_labels[p]);
			set_label(mean->col_label[p], phase_labels[p]);
		}
		for (size_t m = 0; m < b->n_measures; m++) {
			set_label(cnt->row_label[m], b->measure_label[m]);
			set_label(mean->row_label[m], b->measure_label[m]);
			for (int p = 0; p < N_PHASES; p++) {
				int64_t n = b->fu_count[y][m][p];

				cnt->v[m][p] = n;
				derived(b, mean, m, (size_t)p, n,
				        n > 0 ? groupsvc_mean_tenths(b->fu_sum[y][m][p], n) : 0);
			}
		}
	}
	return 0;
}

/* ---- the report -------------------------------------------------------------------------- */

static int centre_cb(const struct org_row *row, void *ctx)
{
	struct annual_report *r = ctx;

	if (r->organisation[0] == '\0')
		snprintf(r->organisation, sizeof(r->organisation), "%s", row->name);
	return 0;
}

/* The title block: names, years and the time it was made. */
static int head(struct build *b)
{
	struct annual_report *r = b->r;
	char now[21], local[20];
	int rc;

	r->year = b->o->year;
	r->quality = b->o->quality;
	r->per_municipality = b->o->per_municipality;
	r->threshold = b->o->threshold;
	r->n_years = b->ny;
	memcpy(r->years, b->years, sizeof(r->years));
	if (b->o->quality)
		snprintf(r->title, sizeof(r->title), "Sammanställning för kvalitetsgranskning %d",
		         b->o->year);
	else
		snprintf(r->title, sizeof(r->title), "Verksamhetsberättelse %d", b->o->year);
	snprintf(r->host_name, sizeof(r->host_name), "%s", b->region.host_name);
	rc = store_org_list(b->st, "centre", centre_cb, r);
	if (rc != 0)
		return svc_fail(rc, b->err, "Centrumets namn kunde inte läsas");
	if (r->organisation[0] == '\0')
		snprintf(r->organisation, sizeof(r->organisation), "Centrum mot våld %s",
		         b->region.name);
	time_now_iso(now);
	time_utc_to_local(now, local);
	snprintf(r->generated, sizeof(r->generated), "%.16s", local);
	return 0;
}

static int text_sections(struct build *b)
{
	struct report_year_input in;
	int rc;

	memset(&in, 0, sizeof(in));
	rc = store_report_input_get(b->st, b->o->year, &in);
	if (rc != 0 && rc != NRS_ENOTFOUND)
		return svc_fail(rc, b->err, "Årets texter kunde inte läsas");
	rc = rpt_section(b->r, "goals", "Måluppfyllelse", b->err);
	if (rc == 0)
		rc = rpt_section_text(b->r, in.goals != NULL ? in.goals : "", b->err);
	if (rc == 0)
		rc = rpt_section(b->r, "events", "Väsentliga händelser", b->err);
	if (rc == 0)
		rc = rpt_section_text(b->r, in.events != NULL ? in.events : "", b->err);
	store_report_input_free(&in);
	return rc;
}

static int sections(struct build *b)
{
	int rc = text_sections(b);

	if (rc == 0)
		rc = rpt_section(b->r, "individual", "Individuellt stöd", b->err);
	if (rc == 0)
		rc = started_section(b, "individual");
	if (rc == 0)
		rc = rpt_section(b->r, "groups", "Gruppverksamhet", b->err);
	if (rc == 0)
		rc = started_section(b, "groups");
	if (rc == 0)
		rc = rpt_section(b->r, "apartments", "Jourlägenheter", b->err);
	if (rc == 0)
		rc = apartments_section(b);
	if (rc == 0)
		rc = rpt_section(b->r, "interventions", "Insatser per typ", b->err);
	if (rc == 0)
		rc = types_section(b);
	if (rc == 0)
		rc = rpt_section(b->r, "trainings", "Utbildningar", b->err);
	if (rc == 0)
		rc = trainings_section(b);
	if (rc == 0)
		rc = rpt_section(b->r, "resources", "Resurstilldelning", b->err);
	if (rc == 0)
		rc = resources_section(b);
	if (rc == 0)
		rc = rpt_section(b->r, "economy", "Ekonomi", b->err);
	if (rc == 0)
		rc = economy_section(b);
	if (rc == 0)
		rc = rpt_section(b->r, "activity", "Övrig verksamhet", b->err);
	if (rc == 0)
		rc = activity_section(b);
	if (rc == 0 && b->o->quality)
		rc = rpt_section(b->r, "followup", "Systematisk uppföljning", b->err);
	if (rc == 0 && b->o->quality)
		rc = followup_section(b);
	return rc;
}

int reportsvc_build(struct store *st, const struct reportsvc_opts *o, struct annual_report *out,
                    struct nrs_error *err)
{
	struct nrs_error local = {0};
	struct build *b;
	int rc;

	if (err == NULL)
		err = &local;
	if (st == NULL || o == NULL || out == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Rapporten saknar underlag");
	if (o->year < 2000 || o->year > 2999)
		return nrs_error_set(err, NRS_EINVAL, "year", "Året måste vara 2000–2999");
	if (o->threshold < 0 || o->threshold > SUPPRESS_THRESHOLD_MAX || o->threshold == 2)
		return nrs_error_set(err, NRS_EINVAL, "threshold",
		                     "Tröskeln för små tal måste vara 0 eller 3–%d",
		                     SUPPRESS_THRESHOLD_MAX);
	b = calloc(1, sizeof(*b));
	if (b == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "Minnet räckte inte till rapporten");
	b->st = st;
	b->o = o;
	b->r = out;
	b->err = err;
	b->ny = o->quality ? 2 : 3;
	for (int k = 0; k < b->ny; k++)
		b->years[k] = o->year - (b->ny - 1) + k;
	rc = load(b);
	if (rc == 0)
		rc = head(b);
	if (rc == 0)
		rc = sections(b);
	if (rc == 0)
		rc = rpt_protect(out, err);
	free(b->waits);
	free(b);
	return rc;
}

int reportsvc_years(struct store *st, const struct nrs_date *today, int *first, int *last)
{
	int f = 0, l = 0;
	int rc = store_report_year_span(st, &f, &l);

	if (rc != 0)
		return rc;
	if (f == 0 || f > today->year)
		f = today->year;
	if (l < today->year)
		l = today->year;
	*first = f;
	*last = l;
	return 0;
}

/* ---- the centre manager's input ---------------------------------------------------------- */

/* "6,5", "6.50", " 12 " as hundredths, 0..1000 full-time equivalents. */
static int parse_fte(const char *s, int64_t *out, struct nrs_error *err)
{
	const char *p;
	size_t len, k = 0;
	int64_t whole = 0, frac = 0;
	int digits = 0, decimals = 0;

	svc_trim_span(s, &p, &len);
	for (; k < len && p[k] >= '0' && p[k] <= '9'; k++, digits++)
		if (digits < 5)
			whole = whole * 10 + (p[k] - '0');
	if (digits > 0 && k < len && (p[k] == ',' || p[k] == '.')) {
		for (k++; k < len && p[k] >= '0' && p[k] <= '9'; k++, decimals++)
			if (decimals < 2)
				frac = frac * 10 + (p[k] - '0');
		if (decimals == 0)
			digits = 0; /* "6," is no number */
	}
	if (digits == 0 || k != len)
		return nrs_error_set(err, NRS_EINVAL, "staff_fte",
		                     "Personal (årsarbetare) ska vara ett tal, t.ex. 6,5");
	if (decimals > 2)
		return nrs_error_set(err, NRS_EINVAL, "staff_fte",
		                     "Personal (årsarbetare) får ha högst två decimaler");
	*out = whole * 100 + (decimals == 1 ? frac * 10 : frac);
	if (digits > 4 || *out > 100000)
		return nrs_error_set(err, NRS_EINVAL, "staff_fte",
		                     "Personal (årsarbetare) måste vara 0–1000");
	return 0;
}

static int check_text(const char *s, const char *field, const char *label, struct nrs_error *err)
{
	size_t n = strlen(s);

	if (n > RPT_TEXT_MAX)
		return nrs_error_set(err, NRS_ETOOBIG, field, "%s får vara högst %d byte", label,
		                     RPT_TEXT_MAX);
	if (!str_utf8_ok(s, n))
		return nrs_error_set(err, NRS_EINVAL, field, "%s innehåller otillåtna tecken",
		                     label);
	return 0;
}

int reportsvc_input_put(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, int year,
                        const struct reportsvc_input *in, struct nrs_error *err)
{
	struct report_year_input row;
	char now[21];
	int rc;

	if (in == NULL || actor == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Uppgifterna saknas");
	if (year < 2000 || year > 2999)
		return nrs_error_set(err, NRS_EINVAL, "year", "Året måste vara 2000–2999");
	memset(&row, 0, sizeof(row));
	row.year = year;
	if (in->staff_fte != NULL && !svc_blank(in->staff_fte)) {
		rc = parse_fte(in->staff_fte, &row.staff_fte, err);
		if (rc != 0)
			return rc;
		row.has_fte = 1;
	}
	row.goals = (char *)(in->goals != NULL ? in->goals : "");
	row.events = (char *)(in->events != NULL ? in->events : "");
	rc = check_text(row.goals, "goals", "Måluppfyllelse", err);
	if (rc == 0)
		rc = check_text(row.events, "events", "Väsentliga händelser", err);
	if (rc != 0)
		return rc;
	time_now_iso(now);
	SVC_WRITE_TX(st, err, {
		rc = store_report_input_put(st, &row, now, actor->user_id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update",
			                   policy_kind_name(REC_REPORT_INPUT), year, NULL, err);
	});
out:
	return rc;
}

int reportsvc_log_view(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, const struct reportsvc_opts *o,
                       struct nrs_error *err)
{
	enum record_kind kind = o->per_municipality ? REC_REPORT_DETAIL : REC_STATISTICS;

	return svc_audit_row(st, keys, actor, "read", policy_kind_name(kind), o->year, NULL, err);
}
