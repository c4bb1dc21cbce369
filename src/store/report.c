/* The annual report's aggregates (see report.h). The large ones are shaped for national
 * scale (a million series, five million sessions): each reads covering indexes of
 * migration 0011 in an order where the rows of one group follow each other, and where SQL
 * grouping would sort or compare every row, the rows are added up here as they pass.
 * bench/annual-report.sql holds the same aggregates as bare SQL, with the same numbers: a
 * change here goes there too. */
#include "store/report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The age class of an age column: $101..$115 are the lower bounds of classes 1..15 (NULL
 * for classes the set does not have, which no comparison matches), class 0 starts at 0,
 * and an unknown age is -1. Same rule as domain ageclass_index. */
#define AGECLASS_SQL(col)                                                                          \
	"CASE WHEN " col " IS NULL OR " col " < 0 THEN -1"                                         \
	" WHEN " col " >= $115 THEN 15 WHEN " col " >= $114 THEN 14 WHEN " col " >= $113 THEN 13"  \
	" WHEN " col " >= $112 THEN 12 WHEN " col " >= $111 THEN 11 WHEN " col " >= $110 THEN 10"  \
	" WHEN " col " >= $109 THEN 9 WHEN " col " >= $108 THEN 8 WHEN " col " >= $107 THEN 7"     \
	" WHEN " col " >= $106 THEN 6 WHEN " col " >= $105 THEN 5 WHEN " col " >= $104 THEN 4"     \
	" WHEN " col " >= $103 THEN 3 WHEN " col " >= $102 THEN 2 WHEN " col " >= $101 THEN 1"     \
	" ELSE 0 END"
#define AGECLASS_PARAM0 100

static int bind_ageclasses(sqlite3_stmt *s, const struct ageclass_set *ac)
{
	for (int k = 1; k < AGECLASS_MAX; k++) {
		int rc = k < ac->count ? store_bind_int(s, AGECLASS_PARAM0 + k, ac->lower[k])
		                       : store_bind_null(s, AGECLASS_PARAM0 + k);
		if (rc != 0)
			return rc;
	}
	return 0;
}

static int check_years(int from, int to, const struct ageclass_set *ac)
{
	if (from < 1000 || to > 9998 || from > to)
		return NRS_EINVAL;
	if (ac != NULL && (ac->count < 1 || ac->count > AGECLASS_MAX))
		return NRS_EINVAL;
	return 0;
}

/* Bind the years from..to as "YYYY" text to $1 and $2 (compared with substr(date, 1, 4)). */
static int bind_year_texts(sqlite3_stmt *s, int from, int to)
{
	char a[12], b[12];

	snprintf(a, sizeof(a), "%04d", from);
	snprintf(b, sizeof(b), "%04d", to);
	return store_bind_text(s, 1, a) || store_bind_text(s, 2, b) ? NRS_EDB : 0;
}

/* The number in the first n characters of an ISO date (all digits), 0 otherwise: the year
 * of "2025-03-01" with n 4, the month with the text from offset 5 and n 2. */
static int digits_of(const char *s, int n)
{
	int v = 0;

	if (s == NULL)
		return 0;
	for (int k = 0; k < n; k++) {
		if (s[k] < '0' || s[k] > '9')
			return 0;
		v = v * 10 + (s[k] - '0');
	}
	return v;
}

static int year_of_text(const char *y)
{
	return digits_of(y, 4);
}

/* ---- started series ---- */

/* The query reads the series in the order of its index (year, type, gender, municipality,
 * age) with the age class of each, so the series of one group follow each other and are
 * counted here as they pass: SQLite's GROUP BY would compare five keys per series and
 * costs ten times the read itself at national scale. */
struct started_merge {
	struct report_started_row row;
	char type[48], gender[8], municipality[8];
	int has_municipality, pending;
	report_started_cb cb;
	void *ctx;
};

static int same_text(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int started_flush(struct started_merge *m)
{
	if (!m->pending)
		return 0;
	m->pending = 0;
	m->row.type = m->type;
	m->row.gender = m->gender;
	m->row.municipality = m->has_municipality ? m->municipality : NULL;
	return m->cb(&m->row, m->ctx);
}

static int started_add(struct started_merge *m, const struct report_started_row *r)
{
	int rc;

	if (m->pending && m->row.year == r->year && m->row.ageclass == r->ageclass &&
	    strcmp(m->type, r->type) == 0 && strcmp(m->gender, r->gender) == 0 &&
	    same_text(m->has_municipality ? m->municipality : NULL, r->municipality)) {
		m->row.n += r->n;
		return 0;
	}
	rc = started_flush(m);
	if (rc != 0)
		return rc;
	m->row = *r;
	snprintf(m->type, sizeof(m->type), "%s", r->type);
	snprintf(m->gender, sizeof(m->gender), "%s", r->gender);
	m->has_municipality = r->municipality != NULL;
	snprintf(m->municipality, sizeof(m->municipality), "%s",
	         r->municipality ? r->municipality : "");
	m->pending = 1;
	return 0;
}

int store_report_started(struct store *st, int from, int to, const struct ageclass_set *ac,
                         report_started_cb cb, void *ctx)
{
	/* clang-format off */
	static const char sql[] =
	    "SELECT started, type, coalesce(start_gender, ''), start_municipality, "
	    AGECLASS_SQL("start_age")
	    " FROM intervention WHERE started IS NOT NULL"
	    " AND substr(started, 1, 4) BETWEEN $1 AND $2"
	    " ORDER BY substr(started, 1, 4), type, start_gender, start_municipality, start_age";
	/* clang-format on */
	struct started_merge m;
	sqlite3_stmt *s;
	int rc = check_years(from, to, ac), step;

	if (rc == 0)
		rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (bind_year_texts(s, from, to) || bind_ageclasses(s, ac))
		return NRS_EDB;
	memset(&m, 0, sizeof(m));
	m.cb = cb;
	m.ctx = ctx;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct report_started_row r;

		r.year = year_of_text(store_col_text(s, 0));
		r.type = store_col_text(s, 1);
		r.gender = store_col_text(s, 2);
		r.municipality = store_col_text(s, 3);
		r.ageclass = sqlite3_column_int(s, 4);
		r.n = 1;
		rc = started_add(&m, &r);
		if (rc != 0) {
			sqlite3_reset(s);
			return rc;
		}
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_error(st, step, NULL);
	return started_flush(&m);
}

/* ---- per type ---- */

/* The figures per type are counted in one pass over the series that matter for the years
 * (started before the last year ends, not ended before the first begins) with their held
 * sessions, in id order so that the lookups in the session index move forward. Grouping
 * that pass by year and type in SQL would sort a million session rows at national scale;
 * adding them up here costs a few array updates per row. bench/annual-report.sql computes
 * the same figures in SQL from the same pass (grouped per series, then per type): about
 * twice the time of this at national scale, and the plain three grouped statements (ended,
 * held per basis, started with a home session) take longer still.
 *
 * Sessions held in a year belong to series active in it: a held session is never before
 * the start (the start is the first held session) nor after the end (sessions after the end
 * are refused, and so is an end before a logged session: store_intervention_end). */
struct type_tally {
	int from, years;
	size_t ntypes, cap;
	char **keys;   /* intervention_type keys by rowid */
	int64_t *figs; /* [year][type][TF_COUNT] */
};

enum { TF_ENDED, TF_ENDED_HELD, TF_HELD_SERVICE, TF_HELD_AID, TF_STARTED_HOME, TF_COUNT };

static int64_t *tally_at(struct type_tally *t, int year, size_t type)
{
	return t->figs + (((size_t)(year - t->from) * t->ntypes + type) * TF_COUNT);
}

static int tally_in(const struct type_tally *t, int year)
{
	return year >= t->from && year < t->from + t->years;
}

static void tally_free(struct type_tally *t)
{
	for (size_t k = 0; k < t->ntypes; k++)
		free(t->keys[k]);
	free(t->keys);
	free(t->figs);
}

static int tally_load_types(struct store *st, struct type_tally *t)
{
	static const char sql[] = "SELECT key FROM intervention_type ORDER BY rowid";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (t->ntypes == t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 16;
			char **k = realloc(t->keys, cap * sizeof(*k));

			if (k == NULL) {
				sqlite3_reset(s);
				return NRS_ENOMEM;
			}
			t->keys = k;
			t->cap = cap;
		}
		t->keys[t->ntypes] = strdup(store_col_text(s, 0) ? store_col_text(s, 0) : "");
		if (t->keys[t->ntypes] == NULL) {
			sqlite3_reset(s);
			return NRS_ENOMEM;
		}
		t->ntypes++;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_error(st, step, NULL);
	t->figs =
	    calloc((size_t)t->years * (t->ntypes ? t->ntypes : 1) * TF_COUNT, sizeof(*t->figs));
	return t->figs != NULL ? 0 : NRS_ENOMEM;
}

/* Index of key in t->keys, trying `hint` (the previous row's) first; -1 if unknown. */
static long tally_type(const struct type_tally *t, const char *key, long hint)
{
	if (key == NULL)
		return -1;
	if (hint >= 0 && strcmp(t->keys[hint], key) == 0)
		return hint;
	for (size_t k = 0; k < t->ntypes; k++)
		if (strcmp(t->keys[k], key) == 0)
			return (long)k;
	return -1;
}

/* One series as its rows go by. */
struct tally_series {
	int64_t id;
	long type;
	int aid, started, ended, home;
};

static void tally_series_done(struct type_tally *t, const struct tally_series *c)
{
	if (c->id == 0 || c->type < 0)
		return;
	if (tally_in(t, c->ended))
		tally_at(t, c->ended, (size_t)c->type)[TF_ENDED]++;
	if (c->home && tally_in(t, c->started))
		tally_at(t, c->started, (size_t)c->type)[TF_STARTED_HOME]++;
}

static int tally_pass(struct store *st, struct type_tally *t)
{
	/* one row per held session of each series (one with NULLs for a series without any),
	 * plain columns only (an expression would be computed for every session row);
	 * ORDER BY i.id is the table's own order, so no sort */
	static const char sql[] =
	    "SELECT i.id, i.type, i.basis, i.started, i.ended, l.held, l.mode"
	    " FROM intervention i LEFT JOIN session_log l ON l.intervention_id = i.id"
	    "  AND l.outcome = 'held'"
	    " WHERE i.started IS NOT NULL AND +i.started < printf('%04d-01-01', $2 + 1)"
	    " AND coalesce(i.ended, '9999-12-31') >= printf('%04d-01-01', $1)"
	    " ORDER BY i.id";
	struct tally_series c = {0, -1, 0, 0, 0, 0};
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, t->from) || store_bind_int(s, 2, t->from + t->years - 1))
		return NRS_EDB;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(s, 0);
		const char *held, *mode;
		int hy;

		if (id != c.id) {
			const char *basis = store_col_text(s, 2);

			tally_series_done(t, &c);
			c.id = id;
			c.type = tally_type(t, store_col_text(s, 1), c.type);
			c.aid = basis != NULL && strcmp(basis, "aid_decision") == 0;
			c.started = year_of_text(store_col_text(s, 3));
			c.ended = year_of_text(store_col_text(s, 4)); /* 0 while open */
			c.home = 0;
		}
		held = store_col_text(s, 5);
		if (c.type < 0 || held == NULL)
			continue;
		hy = year_of_text(held);
		mode = store_col_text(s, 6);
		if (mode != NULL && strcmp(mode, "home_municipality") == 0)
			c.home = 1;
		if (tally_in(t, c.ended))
			tally_at(t, c.ended, (size_t)c.type)[TF_ENDED_HELD]++;
		if (tally_in(t, hy))
			tally_at(t, hy, (size_t)c.type)[c.aid ? TF_HELD_AID : TF_HELD_SERVICE]++;
	}
	sqlite3_reset(s);
	if (step != SQLITE_DONE)
		return store_error(st, step, NULL);
	tally_series_done(t, &c);
	return 0;
}

int store_report_types(struct store *st, int from, int to, report_type_cb cb, void *ctx)
{
	struct type_tally t;
	int rc = check_years(from, to, NULL);

	if (rc != 0)
		return rc;
	memset(&t, 0, sizeof(t));
	t.from = from;
	t.years = to - from + 1;
	rc = tally_load_types(st, &t);
	if (rc == 0)
		rc = tally_pass(st, &t);
	for (int y = from; rc == 0 && y <= to; y++) {
		for (size_t k = 0; rc == 0 && k < t.ntypes; k++) {
			const int64_t *f = tally_at(&t, y, k);
			struct report_type_row row = {y,
			                              t.keys[k],
			                              f[TF_ENDED],
			                              f[TF_ENDED_HELD],
			                              f[TF_HELD_SERVICE],
			                              f[TF_HELD_AID],
			                              f[TF_STARTED_HOME]};

			if (f[TF_ENDED] || f[TF_ENDED_HELD] || f[TF_HELD_SERVICE] ||
			    f[TF_HELD_AID] || f[TF_STARTED_HOME])
				rc = cb(&row, ctx);
		}
	}
	tally_free(&t);
	return rc;
}

/* ---- queue time ---- */

static int wait_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct report_wait_row row;
	const char *ym = store_col_text(s, 0);

	row.year = year_of_text(ym);
	row.month = ym != NULL && strlen(ym) >= 7 ? digits_of(ym + 5, 2) : 0;
	row.type = store_col_text(s, 1);
	row.days = sqlite3_column_int64(s, 2);
	row.n = sqlite3_column_int64(s, 3);
	return ((report_wait_cb)b->cb)(&row, b->ctx);
}

int store_report_waits(struct store *st, int from, int to, report_wait_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT substr(started, 1, 7), type,"
	    " CAST(julianday(started) - julianday(requested) AS INTEGER), count(*)"
	    " FROM intervention WHERE started IS NOT NULL"
	    " AND substr(started, 1, 7) BETWEEN $1 || '-01' AND $2 || '-12'"
	    " GROUP BY substr(started, 1, 7), type,"
	    "  CAST(julianday(started) - julianday(requested) AS INTEGER)"
	    " ORDER BY substr(started, 1, 7), type,"
	    "  CAST(julianday(started) - julianday(requested) AS INTEGER)";
	sqlite3_stmt *s;
	int rc = check_years(from, to, NULL);

	if (rc == 0)
		rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (bind_year_texts(s, from, to))
		return NRS_EDB;
	return store_walk(st, s, wait_row_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- emergency-apartment stays ---- */

static int stay_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct report_stay_row row;

	row.id = sqlite3_column_int64(s, 0);
	row.apartment_id = sqlite3_column_int64(s, 1);
	row.move_in = store_col_text(s, 2);
	row.move_out = store_col_text(s, 3);
	row.gender = store_col_text(s, 4);
	row.ageclass = sqlite3_column_int(s, 5);
	row.children_ages = store_col_text(s, 6);
	row.children_count = sqlite3_column_int(s, 7);
	row.municipality = store_col_text(s, 8);
	return ((report_stay_cb)b->cb)(&row, b->ctx);
}

int store_report_stays(struct store *st, int from, int to, const struct ageclass_set *ac,
                       report_stay_cb cb, void *ctx)
{
	/* clang-format off */
	static const char sql[] =
	    "SELECT y.id, y.apartment_id, y.move_in, y.move_out, c.gender, "
	    AGECLASS_SQL("y.adult_age")
	    ", y.children_ages, y.children_count, y.home_municipality"
	    " FROM stay y JOIN client c ON c.id = y.client_id"
	    " WHERE y.move_in < printf('%04d-01-01', $2 + 1)"
	    " AND (y.move_out IS NULL OR y.move_out >= printf('%04d-01-01', $1))"
	    " ORDER BY y.move_in, y.id";
	/* clang-format on */
	sqlite3_stmt *s;
	int rc = check_years(from, to, ac);

	if (rc == 0)
		rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, from) || store_bind_int(s, 2, to) || bind_ageclasses(s, ac))
		return NRS_EDB;
	return store_walk(st, s, stay_row_of, (store_any_fn)cb, ctx, NULL);
}

static int count_of(struct store *st, sqlite3_stmt *s, int64_t *n)
{
	int step = sqlite3_step(s);

	*n = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	return step == SQLITE_ROW || step == SQLITE_DONE ? 0 : store_error(st, step, NULL);
}

int store_report_apartments(struct store *st, int64_t *n)
{
	static const char sql[] = "SELECT count(*) FROM apartment WHERE active = 1";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	*n = 0;
	return rc != 0 ? rc : count_of(st, s, n);
}

/* ---- trainings ---- */

static int training_row_of(sqlite3_stmt *s, const struct store_box *b)
{
	struct report_training_row row;

	row.year = sqlite3_column_int(s, 0);
	row.kind = store_col_text(s, 1);
	row.municipality = store_col_text(s, 2);
	row.trainings = sqlite3_column_int64(s, 3);
	row.participants = sqlite3_column_int64(s, 4);
	return ((report_training_cb)b->cb)(&row, b->ctx);
}

int store_report_trainings(struct store *st, int from, int to, report_training_cb cb, void *ctx)
{
	static const char sql[] =
	    "SELECT CAST(substr(t.held_on, 1, 4) AS INTEGER), t.kind, o.municipality_code,"
	    " count(DISTINCT t.id), coalesce(sum(p.participants), 0) FROM training t"
	    " LEFT JOIN training_participant p ON p.training_id = t.id"
	    " LEFT JOIN organisation o ON o.id = p.organisation_id"
	    " WHERE t.held_on >= printf('%04d-01-01', $1)"
	    " AND t.held_on < printf('%04d-01-01', $2 + 1)"
	    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3";
	sqlite3_stmt *s;
	int rc = check_years(from, to, NULL);

	if (rc == 0)
		rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, from) || store_bind_int(s, 2, to))
		return NRS_EDB;
	return store_walk(st, s, training_row_of, (store_any_fn)cb, ctx, NULL);
}

int store_report_training_counts(struct store *st, int from, int to, report_training_cb cb,
                                 void *ctx)
{
	static const char sql[] =
	    "SELECT CAST(substr(t.held_on, 1, 4) AS INTEGER), t.kind, NULL, count(*),"
	    " coalesce(sum((SELECT sum(p.participants) FROM training_participant p"
	    "   WHERE p.training_id = t.id)), 0) FROM training t"
	    " WHERE t.held_on >= printf('%04d-01-01', $1)"
	    " AND t.held_on < printf('%04d-01-01', $2 + 1)"
	    " GROUP BY 1, 2 ORDER BY 1, 2";
	sqlite3_stmt *s;
	int rc = check_years(from, to, NULL);

	if (rc == 0)
		rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, from) || store_bind_int(s, 2, to))
		return NRS_EDB;
	return store_walk(st, s, training_row_of, (store_any_fn)cb, ctx, NULL);
}

/* ---- one year's activity ---- */

int store_report_year_figures(struct store *st, int year, struct report_year_figures *out)
{
	/* $1 the first day of the year, $2 the first day of the next; received_at and
	 * first_contact_at are UTC instants "YYYY-MM-DDTHH:MM:SSZ", so text comparison with a
	 * date works and strftime('%s') gives whole seconds (exact at 172 800). */
	static const char sql[] =
	    "SELECT c.n, s.n, s.minutes, r.n, r.n48, a.n, k.n, m.concern, m.lex_sarah FROM"
	    " (SELECT count(*) AS n FROM case_file WHERE coalesce(closed, '9999-12-31') >= $1"
	    "   AND opened < $2) c,"
	    " (SELECT count(*) AS n, coalesce(sum(minutes), 0) AS minutes FROM session_log"
	    "   WHERE outcome = 'held' AND held >= $1 AND held < $2) s,"
	    " (SELECT count(*) AS n, coalesce(sum(first_contact_at IS NOT NULL"
	    "   AND CAST(strftime('%s', first_contact_at) AS INTEGER)"
	    "     - CAST(strftime('%s', received_at) AS INTEGER) <= 172800), 0) AS n48"
	    "   FROM police_referral WHERE received_at >= $1 AND received_at < $2) r,"
	    " (SELECT count(*) AS n FROM anon_contact WHERE contact_date >= $1"
	    "   AND contact_date < $2) a,"
	    " (SELECT count(*) AS n FROM consultation WHERE consult_date >= $1"
	    "   AND consult_date < $2) k,"
	    " (SELECT coalesce(sum(kind = 'orosanmalan'), 0) AS concern,"
	    "   coalesce(sum(kind = 'lex_sarah'), 0) AS lex_sarah FROM mandatory_report"
	    "   WHERE report_date >= $1 AND report_date < $2) m";
	char a[12], b[12];
	sqlite3_stmt *s;
	int rc, step;

	memset(out, 0, sizeof(*out));
	if (year < 1000 || year > 9998)
		return NRS_EINVAL;
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	snprintf(a, sizeof(a), "%04d-01-01", year);
	snprintf(b, sizeof(b), "%04d-01-01", year + 1);
	if (store_bind_text(s, 1, a) || store_bind_text(s, 2, b))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->year = year;
		out->cases_active = sqlite3_column_int64(s, 0);
		out->sessions_held = sqlite3_column_int64(s, 1);
		out->session_minutes = sqlite3_column_int64(s, 2);
		out->referrals = sqlite3_column_int64(s, 3);
		out->referrals_48h = sqlite3_column_int64(s, 4);
		out->anon_contacts = sqlite3_column_int64(s, 5);
		out->consultations = sqlite3_column_int64(s, 6);
		out->reports_concern = sqlite3_column_int64(s, 7);
		out->reports_lex_sarah = sqlite3_column_int64(s, 8);
	}
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : store_error(st, step, NULL);
}

/* ---- what the centre manager entered ---- */

static int dup_or_empty(char **dst, const char *src)
{
	*dst = strdup(src != NULL ? src : "");
	return *dst != NULL ? 0 : NRS_ENOMEM;
}

int store_report_input_get(struct store *st, int year, struct report_year_input *out)
{
	static const char sql[] = "SELECT staff_fte, goals, events, updated_at FROM report_year"
	                          " WHERE year = $1";
	sqlite3_stmt *s;
	int rc, step;

	memset(out, 0, sizeof(*out));
	out->year = year;
	rc = store_prepare(st, sql, &s);
	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, year))
		return NRS_EDB;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		out->has_fte = sqlite3_column_type(s, 0) != SQLITE_NULL;
		out->staff_fte = out->has_fte ? sqlite3_column_int64(s, 0) : 0;
		rc = dup_or_empty(&out->goals, store_col_text(s, 1));
		if (rc == 0)
			rc = dup_or_empty(&out->events, store_col_text(s, 2));
		snprintf(out->updated_at, sizeof(out->updated_at), "%s",
		         store_col_text(s, 3) ? store_col_text(s, 3) : "");
	} else if (step == SQLITE_DONE) {
		rc = dup_or_empty(&out->goals, "");
		if (rc == 0)
			rc = dup_or_empty(&out->events, "");
		if (rc == 0)
			rc = NRS_ENOTFOUND;
	} else {
		rc = store_error(st, step, NULL);
	}
	sqlite3_reset(s);
	if (rc != 0 && rc != NRS_ENOTFOUND) {
		store_report_input_free(out);
		out->year = year;
	}
	return rc;
}

void store_report_input_free(struct report_year_input *in)
{
	if (in == NULL)
		return;
	free(in->goals);
	free(in->events);
	in->goals = NULL;
	in->events = NULL;
}

int store_report_input_put(struct store *st, const struct report_year_input *in,
                           const char *updated_at, int64_t updated_by, struct nrs_error *err)
{
	static const char sql[] =
	    "INSERT INTO report_year (year, staff_fte, goals, events, updated_at, updated_by)"
	    " VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (year) DO UPDATE SET"
	    " staff_fte = excluded.staff_fte, goals = excluded.goals, events = excluded.events,"
	    " updated_at = excluded.updated_at, updated_by = excluded.updated_by";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s);

	if (rc != 0)
		return rc;
	if (store_bind_int(s, 1, in->year) ||
	    (in->has_fte ? store_bind_int(s, 2, in->staff_fte) : store_bind_null(s, 2)) ||
	    store_bind_text(s, 3, in->goals != NULL ? in->goals : "") ||
	    store_bind_text(s, 4, in->events != NULL ? in->events : "") ||
	    store_bind_text(s, 5, updated_at) || store_bind_id_or_null(s, 6, updated_by))
		return NRS_EDB;
	return store_step_done(st, s, err);
}

/* ---- the years there is anything to report on ---- */

int store_report_year_span(struct store *st, int *first, int *last)
{
	/* one min() or max() per subquery: SQLite answers each from the end of an index */
	static const char sql[] =
	    "SELECT min(CAST(substr(d, 1, 4) AS INTEGER)), max(CAST(substr(d, 1, 4) AS INTEGER))"
	    " FROM (SELECT (SELECT min(started) FROM intervention WHERE started IS NOT NULL) AS d"
	    "  UNION ALL SELECT (SELECT max(started) FROM intervention WHERE started IS NOT NULL)"
	    "  UNION ALL SELECT (SELECT min(move_in) FROM stay)"
	    "  UNION ALL SELECT (SELECT max(move_in) FROM stay)"
	    "  UNION ALL SELECT (SELECT min(contact_date) FROM anon_contact)"
	    "  UNION ALL SELECT (SELECT max(contact_date) FROM anon_contact)"
	    "  UNION ALL SELECT (SELECT min(consult_date) FROM consultation)"
	    "  UNION ALL SELECT (SELECT max(consult_date) FROM consultation)"
	    "  UNION ALL SELECT (SELECT min(received_at) FROM police_referral)"
	    "  UNION ALL SELECT (SELECT max(received_at) FROM police_referral)"
	    "  UNION ALL SELECT (SELECT min(held_on) FROM training)"
	    "  UNION ALL SELECT (SELECT max(held_on) FROM training))";
	sqlite3_stmt *s;
	int rc = store_prepare(st, sql, &s), step;

	*first = 0;
	*last = 0;
	if (rc != 0)
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_type(s, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int(s, 0);
		*last = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	return step == SQLITE_ROW ? 0 : store_error(st, step, NULL);
}
