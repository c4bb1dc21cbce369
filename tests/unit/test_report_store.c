/* The annual report's aggregates in the store (src/store/report.c) on a small data set built
 * through the services, every row known in advance: a client who turns 18 in June between
 * two series, a start moved earlier by a held session (age recomputed), ages of one class
 * added up, a series with a session in the home municipality, a series and a case across
 * years, a stay across New Year, the 48-hour edge of police referrals, trainings with and
 * without participants, the year span and the report input. Also that starting a series and
 * recording a stay write the age, gender and municipality the statistics group by. */
#include "fixture.h"

#include "base/date.h"
#include "domain/ageclass.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "security/housingsvc.h"
#include "store/db.h"
#include "store/reference.h"
#include "store/report.h"
#include "store/setup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

struct fixture {
	struct store *st;
	struct crypto_keys keys;
	struct clientsvc_actor actor; /* anna at the centre, "today" 2026-05-10 */
	int64_t org, krokom_org, anna;
	int64_t c1, c2, c3, c4;         /* clients */
	int64_t k1, k2, k3, k4;         /* their cases */
	int64_t ia, ib, id, ie, i3, i4; /* series */
	int64_t stay;
	char path[FIXTURE_PATH_MAX];
};

/* The text of the first column of a one-row query ("NULL" for SQL NULL) into out. */
static const char *query_text(struct store *st, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	snprintf(out, n, "%s",
	         sqlite3_column_type(s, 0) == SQLITE_NULL
	             ? "NULL"
	             : (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return out;
}

static int64_t add_client(struct fixture *f, const char *pnr, int birth_year, const char *gender,
                          const char *municipality)
{
	struct client_input in = {"Eva",        "Exempel",          pnr, birth_year, gender,
	                          municipality, CLIENT_ROLE_VICTIM, 0,   NULL};
	char code[CLIENT_CODE_MAX];
	int64_t id = 0;

	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &id, code, NULL), 0);
	return id;
}

static int64_t open_case(struct fixture *f, int64_t client, const char *opened)
{
	struct case_open_input in = {client, opened, "self", NULL};
	int64_t id = 0;

	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &in, &id, NULL), 0);
	return id;
}

static int64_t series(struct fixture *f, int64_t case_id, const char *type, const char *requested,
                      int aid)
{
	struct intervention_create in = {case_id,
	                                 type,
	                                 requested,
	                                 aid ? "aid_decision" : "service",
	                                 aid ? "2309" : NULL,
	                                 aid ? requested : NULL,
	                                 NULL,
	                                 0,
	                                 0};
	int64_t id = 0;

	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &in, &id, NULL, NULL), 0);
	return id;
}

static void start(struct fixture *f, int64_t id, const char *day)
{
	assert_int_equal(
	    clientsvc_intervention_start(f->st, &f->keys, &f->actor, id, day, NULL, NULL), 0);
}

static void session(struct fixture *f, int64_t iv, const char *held, int minutes, const char *mode,
                    const char *outcome)
{
	struct session_create in = {iv, held, minutes, mode, outcome};
	int64_t id = 0;

	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &in, &id, NULL, NULL),
	                 0);
}

static void end_series(struct fixture *f, int64_t id, const char *day)
{
	assert_int_equal(
	    clientsvc_intervention_end(f->st, &f->keys, &f->actor, id, day, "completed", NULL), 0);
}

static int first_apartment(const struct apartment_row *a, void *ctx)
{
	if (*(int64_t *)ctx == 0)
		*(int64_t *)ctx = a->id;
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct org_input krokom = {"municipality", "Krokoms kommun (test)", NULL, "2309"};

	assert_non_null(f);
	f->st = fixture_open(f->path);
	f->org = fixture_centre(f->st);
	assert_int_equal(store_org_add(f->st, &krokom, &f->krokom_org, NULL), 0);
	fixture_keys(&f->keys);
	f->actor = fixture_anna(f->st, f->org, (struct nrs_date){2026, 5, 10});
	f->anna = f->actor.user_id;
	*state = f;
	return 0;
}

/* The data set. Series (requested → started, sessions "date mode outcome"):
 *   A  c1 victim_support service  2025-01-05 → 2025-02-01 (17 years), held 02-01 centre,
 *      held 03-01 home municipality, cancelled 04-01 home municipality; ended 2025-05-30
 *   B  c1 victim_support service  2025-06-01 → 2025-07-01 (18) and then a held session on
 *      06-20 moves the start there (still 18); held 08-01 phone
 *   D  c1 relative_support service 2025-06-01, held 06-20 video (start, 18), held 06-10
 *      centre 45 min moves the start there (17 again: the birthday is 06-15)
 *   E  c2 perpetrator_treatment aid 2023-06-01 → 2023-09-01 (33), held 2023-09-01 and
 *      2023-12-01 centre, 2024-02-01 home municipality; ended 2024-03-01
 *   3, 4  c3 and c4 victim_support service 2025-03-01 → 2025-03-01 (30 and 32: one class)
 * Every session is 60 minutes unless said. */
static void build(struct fixture *f)
{
	char sql[1024];
	int64_t apt = 0, tr;

	f->c1 = add_client(f, "200706152386", 0, "kvinna", "2380");
	f->c2 = add_client(f, NULL, 1990, "man", "2309");
	f->c3 = add_client(f, NULL, 1995, "kvinna", "2380");
	f->c4 = add_client(f, NULL, 1993, "kvinna", "2380");
	f->k2 = open_case(f, f->c2, "2023-05-01");
	f->k1 = open_case(f, f->c1, "2024-01-10");
	f->k3 = open_case(f, f->c3, "2025-02-01");
	f->k4 = open_case(f, f->c4, "2025-02-01");

	f->ie = series(f, f->k2, "perpetrator_treatment", "2023-06-01", 1);
	start(f, f->ie, "2023-09-01");
	session(f, f->ie, "2023-09-01", 60, "centre", "held");
	session(f, f->ie, "2023-12-01", 60, "centre", "held");
	session(f, f->ie, "2024-02-01", 60, "home_municipality", "held");
	end_series(f, f->ie, "2024-03-01");

	f->ia = series(f, f->k1, "victim_support", "2025-01-05", 0);
	start(f, f->ia, "2025-02-01");
	session(f, f->ia, "2025-02-01", 60, "centre", "held");
	session(f, f->ia, "2025-03-01", 60, "home_municipality", "held");
	session(f, f->ia, "2025-04-01", 60, "home_municipality", "cancelled");
	end_series(f, f->ia, "2025-05-30");

	f->ib = series(f, f->k1, "victim_support", "2025-06-01", 0);
	start(f, f->ib, "2025-07-01");
	session(f, f->ib, "2025-06-20", 60, "centre", "held");
	session(f, f->ib, "2025-08-01", 60, "phone", "held");

	f->id = series(f, f->k1, "relative_support", "2025-06-01", 0);
	session(f, f->id, "2025-06-20", 60, "video", "held");
	session(f, f->id, "2025-06-10", 45, "centre", "held");

	f->i3 = series(f, f->k3, "victim_support", "2025-03-01", 0);
	start(f, f->i3, "2025-03-01");
	f->i4 = series(f, f->k4, "victim_support", "2025-03-01", 0);
	start(f, f->i4, "2025-03-01");
	assert_int_equal(
	    clientsvc_case_close(f->st, &f->keys, &f->actor, f->k4, "2025-04-01", NULL), 0);

	/* a stay across New Year: c2 (no identity number, 1990) is 34 at move-in */
	assert_int_equal(housingsvc_apartments_ensure(f->st, &f->keys, &f->actor, "centre", NULL),
	                 0);
	assert_int_equal(housingsvc_apartment_list(f->st, f->org, 1, first_apartment, &apt), 0);
	{
		struct stay_new s = {apt, f->c2, "9, 4", NULL, "2024-12-20", "2025-01-05", 0, 0};

		assert_int_equal(
		    housingsvc_stay_create(f->st, &f->keys, &f->actor, &s, &f->stay, NULL), 0);
	}

	/* police referrals: exactly 48 hours, one second more, no contact, and New Year's Eve */
	snprintf(sql, sizeof(sql),
	         "INSERT INTO police_referral (organisation_id, received_at, consent,"
	         " first_contact_at, outcome, created_at) VALUES"
	         " (%lld, '2025-03-01T10:00:00Z', 0, '2025-03-03T10:00:00Z', 'crisis_talk',"
	         "  '2025-03-01T10:00:00Z'),"
	         " (%lld, '2025-03-01T10:00:00Z', 0, '2025-03-03T10:00:01Z', 'crisis_talk',"
	         "  '2025-03-01T10:00:00Z'),"
	         " (%lld, '2025-04-01T10:00:00Z', 0, NULL, NULL, '2025-04-01T10:00:00Z'),"
	         " (%lld, '2024-12-31T23:30:00Z', 0, '2025-01-01T08:00:00Z', 'legal_info',"
	         "  '2024-12-31T23:30:00Z')",
	         (long long)f->org, (long long)f->org, (long long)f->org, (long long)f->org);
	fixture_exec(f->st, sql);
	snprintf(
	    sql, sizeof(sql),
	    "INSERT INTO anon_contact (organisation_id, contact_date, category, topic, minutes,"
	    " outcome, created_at) VALUES (%lld, '2025-01-01', 'victim', 'råd', 10,"
	    " 'information', '2025-01-01T10:00:00Z'), (%lld, '2025-12-31', 'other', 'råd', 10,"
	    " 'information', '2025-12-31T10:00:00Z');"
	    "INSERT INTO consultation (organisation_id, consult_date, asker_municipality, topic,"
	    " minutes, created_at) VALUES (%lld, '2025-05-05', '2309', 'råd', 30,"
	    " '2025-05-05T10:00:00Z');"
	    "INSERT INTO mandatory_report (organisation_id, case_id, kind, report_date, made_by,"
	    " recipient_text, created_at) VALUES (%lld, %lld, 'orosanmalan', '2025-02-02', %lld,"
	    " 'Socialtjänsten', '2025-02-02T10:00:00Z'), (%lld, %lld, 'lex_sarah', '2024-06-06',"
	    " %lld, 'IVO', '2024-06-06T10:00:00Z')",
	    (long long)f->org, (long long)f->org, (long long)f->org, (long long)f->org,
	    (long long)f->k1, (long long)f->anna, (long long)f->org, (long long)f->k2,
	    (long long)f->anna);
	fixture_exec(f->st, sql);

	/* trainings: one with participants from two municipalities, one without any, one in
	 * the year before */
	snprintf(sql, sizeof(sql),
	         "INSERT INTO training (organisation_id, held_on, title, kind, created_at) VALUES"
	         " (%lld, '2025-04-04', 'Grundkurs', 'concept', '2025-04-04T10:00:00Z'),"
	         " (%lld, '2025-09-09', 'Beställd', 'custom', '2025-09-09T10:00:00Z'),"
	         " (%lld, '2024-10-10', 'Nätverk', 'network_trappan', '2024-10-10T10:00:00Z')",
	         (long long)f->org, (long long)f->org, (long long)f->org);
	fixture_exec(f->st, sql);
	tr = sqlite3_last_insert_rowid(f->st->db);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO training_participant (training_id, organisation_id, participants)"
	         " VALUES (%lld, %lld, 5), (%lld, %lld, 7), (%lld, %lld, 3)",
	         (long long)(tr - 2), (long long)f->org, (long long)(tr - 2),
	         (long long)f->krokom_org, (long long)tr, (long long)f->krokom_org);
	fixture_exec(f->st, sql);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fixture_close(f->st, f->path);
	free(f);
	return 0;
}

/* Rows are collected as text lines, one per row, and compared with the expected list. */
struct lines {
	char text[32][128];
	int n;
};

static void lines_add(struct lines *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void lines_add(struct lines *l, const char *fmt, ...)
{
	va_list ap;

	assert_true(l->n < 32);
	va_start(ap, fmt);
	vsnprintf(l->text[l->n++], sizeof(l->text[0]), fmt, ap);
	va_end(ap);
}

static void lines_expect(const struct lines *l, const char *const *want)
{
	int k = 0;

	for (; want[k] != NULL; k++) {
		assert_true(k < l->n);
		assert_string_equal(l->text[k], want[k]);
	}
	assert_int_equal(l->n, k);
}

static int started_cb(const struct report_started_row *r, void *ctx)
{
	lines_add(ctx, "%d %s %s %d %s %lld", r->year, r->type, r->gender, r->ageclass,
	          r->municipality ? r->municipality : "-", (long long)r->n);
	return 0;
}

static int type_cb(const struct report_type_row *r, void *ctx)
{
	lines_add(ctx, "%d %s %lld %lld %lld %lld %lld", r->year, r->type, (long long)r->ended,
	          (long long)r->ended_held, (long long)r->held_service, (long long)r->held_aid,
	          (long long)r->started_home);
	return 0;
}

static int wait_cb(const struct report_wait_row *r, void *ctx)
{
	lines_add(ctx, "%d-%02d %s %lld %lld", r->year, r->month, r->type, (long long)r->days,
	          (long long)r->n);
	return 0;
}

static int stay_cb(const struct report_stay_row *r, void *ctx)
{
	lines_add(ctx, "%s %s %s %d [%s] %d %s", r->move_in, r->move_out ? r->move_out : "-",
	          r->gender, r->ageclass, r->children_ages, r->children_count,
	          r->municipality ? r->municipality : "-");
	return 0;
}

static int training_cb(const struct report_training_row *r, void *ctx)
{
	lines_add(ctx, "%d %s %s %lld %lld", r->year, r->kind,
	          r->municipality ? r->municipality : "-", (long long)r->trainings,
	          (long long)r->participants);
	return 0;
}

static void test_snapshots(void **state)
{
	struct fixture *f = *state;
	char sql[200], v[64];

	build(f);
	/* started by the service: age on the start date, home municipality, gender */
	snprintf(sql, sizeof(sql),
	         "SELECT start_age || ' ' || start_municipality || ' ' || start_gender"
	         " FROM intervention WHERE id = %lld",
	         (long long)f->ia);
	assert_string_equal(query_text(f->st, sql, v, sizeof(v)), "17 2380 kvinna");
	/* B started on 07-01 at 18 and moved to 06-20 by a session: still 18 */
	snprintf(sql, sizeof(sql),
	         "SELECT started || ' ' || start_age FROM intervention WHERE id = %lld",
	         (long long)f->ib);
	assert_string_equal(query_text(f->st, sql, v, sizeof(v)), "2025-06-20 18");
	/* D started by a session at 18, moved before the birthday: 17 */
	snprintf(sql, sizeof(sql),
	         "SELECT started || ' ' || start_age || ' ' || start_municipality"
	         " FROM intervention WHERE id = %lld",
	         (long long)f->id);
	assert_string_equal(query_text(f->st, sql, v, sizeof(v)), "2025-06-10 17 2380");
	/* without an identity number: the age reached during the year */
	snprintf(sql, sizeof(sql),
	         "SELECT start_age || ' ' || start_municipality || ' ' || start_gender"
	         " FROM intervention WHERE id = %lld",
	         (long long)f->ie);
	assert_string_equal(query_text(f->st, sql, v, sizeof(v)), "33 2309 man");
	/* a series not started has none of them */
	{
		int64_t w = series(f, f->k3, "victim_support", "2026-01-01", 0);

		snprintf(sql, sizeof(sql),
		         "SELECT coalesce(start_age, start_municipality, start_gender, 'none')"
		         " FROM intervention WHERE id = %lld",
		         (long long)w);
		assert_string_equal(query_text(f->st, sql, v, sizeof(v)), "none");
	}
	/* a series written with its start by any other writer (a bulk load) gets the gender
	 * from the database */
	snprintf(sql, sizeof(sql),
	         "INSERT INTO intervention (case_id, type, requested, started, basis, created_at)"
	         " VALUES (%lld, 'victim_support', '2025-01-01', '2025-01-02', 'service',"
	         " '2025-01-01T00:00:00Z')",
	         (long long)f->k2);
	fixture_exec(f->st, sql);
	assert_string_equal(query_text(f->st,
	                               "SELECT start_gender FROM intervention"
	                               " WHERE id = (SELECT max(id) FROM intervention)",
	                               v, sizeof(v)),
	                    "man");
	/* the stay: the adult's age at move-in */
	snprintf(sql, sizeof(sql), "SELECT adult_age FROM stay WHERE id = %lld",
	         (long long)f->stay);
	assert_string_equal(query_text(f->st, sql, v, sizeof(v)), "34");
}

static void test_started(void **state)
{
	struct fixture *f = *state;
	struct ageclass_set ac;
	struct lines l = {0};
	static const char *const want[] = {
	    "2023 perpetrator_treatment man 4 2309 1",
	    "2025 relative_support kvinna 2 2380 1",
	    "2025 victim_support kvinna 2 2380 1", /* A at 17 */
	    "2025 victim_support kvinna 3 2380 1", /* B at 18 */
	    "2025 victim_support kvinna 4 2380 2", /* 30 and 32: one class */
	    NULL};

	build(f);
	ageclass_default(&ac);
	assert_int_equal(store_report_started(f->st, 2023, 2025, &ac, started_cb, &l), 0);
	lines_expect(&l, want);
	/* other class bounds: 0–17 and 18+ */
	{
		static const char *const two[] = {"2025 relative_support kvinna 0 2380 1",
		                                  "2025 victim_support kvinna 0 2380 1",
		                                  "2025 victim_support kvinna 1 2380 3", NULL};
		struct lines l2 = {0};

		assert_int_equal(ageclass_parse("0,18", &ac, NULL), 0);
		assert_int_equal(store_report_started(f->st, 2024, 2025, &ac, started_cb, &l2), 0);
		lines_expect(&l2, two);
	}
}

static void test_types(void **state)
{
	struct fixture *f = *state;
	struct lines l = {0};
	static const char *const want[] = {
	    /* year type ended ended_held held_service held_aid started_home */
	    "2023 perpetrator_treatment 0 0 0 2 1", "2024 perpetrator_treatment 1 3 0 1 0",
	    "2025 victim_support 1 2 4 0 1", "2025 relative_support 0 0 2 0 0", NULL};

	build(f);
	assert_int_equal(store_report_types(f->st, 2023, 2025, type_cb, &l), 0);
	lines_expect(&l, want);
}

static void test_waits(void **state)
{
	struct fixture *f = *state;
	struct lines l = {0};
	static const char *const want[] = {
	    "2023-09 perpetrator_treatment 92 1", "2025-02 victim_support 27 1",
	    "2025-03 victim_support 0 2",         "2025-06 relative_support 9 1",
	    "2025-06 victim_support 19 1",        NULL};

	build(f);
	assert_int_equal(store_report_waits(f->st, 2023, 2025, wait_cb, &l), 0);
	lines_expect(&l, want);
}

static void test_stays(void **state)
{
	struct fixture *f = *state;
	struct ageclass_set ac;
	struct lines l = {0}, none = {0};
	static const char *const want[] = {"2024-12-20 2025-01-05 man 4 [4,9] 2 2309", NULL};
	static const char *const empty[] = {NULL};
	int64_t n = 0;

	build(f);
	ageclass_default(&ac);
	/* the stay crosses New Year: it overlaps both 2024 and 2025 */
	assert_int_equal(store_report_stays(f->st, 2025, 2025, &ac, stay_cb, &l), 0);
	lines_expect(&l, want);
	memset(&l, 0, sizeof(l));
	assert_int_equal(store_report_stays(f->st, 2024, 2024, &ac, stay_cb, &l), 0);
	lines_expect(&l, want);
	assert_int_equal(store_report_stays(f->st, 2023, 2023, &ac, stay_cb, &none), 0);
	lines_expect(&none, empty);
	assert_int_equal(store_report_apartments(f->st, &n), 0);
	assert_int_equal(n, 2);
}

static void test_trainings(void **state)
{
	struct fixture *f = *state;
	struct lines l = {0}, c = {0};
	static const char *const want[] = {"2024 network_trappan 2309 1 3", "2025 concept 2309 1 7",
	                                   "2025 concept 2380 1 5", "2025 custom - 1 0", NULL};
	static const char *const counts[] = {"2024 network_trappan - 1 3", "2025 concept - 1 12",
	                                     "2025 custom - 1 0", NULL};

	build(f);
	assert_int_equal(store_report_trainings(f->st, 2024, 2025, training_cb, &l), 0);
	lines_expect(&l, want);
	assert_int_equal(store_report_training_counts(f->st, 2024, 2025, training_cb, &c), 0);
	lines_expect(&c, counts);
}

static void test_year_figures(void **state)
{
	struct fixture *f = *state;
	struct report_year_figures y;

	build(f);
	assert_int_equal(store_report_year_figures(f->st, 2023, &y), 0);
	assert_int_equal(y.year, 2023);
	assert_int_equal(y.cases_active, 1);
	assert_int_equal(y.sessions_held, 2);
	assert_int_equal(y.session_minutes, 120);
	assert_int_equal(y.referrals, 0);

	assert_int_equal(store_report_year_figures(f->st, 2024, &y), 0);
	assert_int_equal(y.cases_active, 2); /* c2's case from 2023, c1's opened 2024 */
	assert_int_equal(y.sessions_held, 1);
	assert_int_equal(y.session_minutes, 60);
	assert_int_equal(y.referrals, 1); /* New Year's Eve, contacted 2025: counts in 2024 */
	assert_int_equal(y.referrals_48h, 1);
	assert_int_equal(y.reports_concern, 0);
	assert_int_equal(y.reports_lex_sarah, 1);

	assert_int_equal(store_report_year_figures(f->st, 2025, &y), 0);
	assert_int_equal(y.cases_active, 4); /* c4's case closed in April still counts */
	assert_int_equal(y.sessions_held, 6);
	assert_int_equal(y.session_minutes, 5 * 60 + 45);
	assert_int_equal(y.referrals, 3);
	assert_int_equal(y.referrals_48h, 1); /* 172 800 s counts, 172 801 s does not */
	assert_int_equal(y.anon_contacts, 2);
	assert_int_equal(y.consultations, 1);
	assert_int_equal(y.reports_concern, 1);
	assert_int_equal(y.reports_lex_sarah, 0);

	assert_int_equal(store_report_year_figures(f->st, 2026, &y), 0);
	assert_int_equal(y.cases_active, 3);
	assert_int_equal(y.sessions_held, 0);
}

static void test_year_span(void **state)
{
	struct fixture *f = *state;
	int first = -1, last = -1;

	assert_int_equal(store_report_year_span(f->st, &first, &last), 0);
	assert_int_equal(first, 0);
	assert_int_equal(last, 0);
	build(f);
	assert_int_equal(store_report_year_span(f->st, &first, &last), 0);
	assert_int_equal(first, 2023);
	assert_int_equal(last, 2025);
}

static void test_input(void **state)
{
	struct fixture *f = *state;
	struct report_year_input in, got;

	assert_int_equal(store_report_input_get(f->st, 2025, &got), NRS_ENOTFOUND);
	assert_string_equal(got.goals, "");
	assert_string_equal(got.events, "");
	assert_int_equal(got.has_fte, 0);
	store_report_input_free(&got);

	memset(&in, 0, sizeof(in));
	in.year = 2025;
	in.has_fte = 1;
	in.staff_fte = 650;
	in.goals = "Målen nåddes.";
	in.events = "Ny lokal.";
	assert_int_equal(store_report_input_put(f->st, &in, "2026-01-15T10:00:00Z", f->anna, NULL),
	                 0);
	assert_int_equal(store_report_input_get(f->st, 2025, &got), 0);
	assert_int_equal(got.year, 2025);
	assert_int_equal(got.has_fte, 1);
	assert_int_equal(got.staff_fte, 650);
	assert_string_equal(got.goals, "Målen nåddes.");
	assert_string_equal(got.events, "Ny lokal.");
	assert_string_equal(got.updated_at, "2026-01-15T10:00:00Z");
	store_report_input_free(&got);

	/* replaced, FTE cleared */
	in.has_fte = 0;
	in.goals = "Delvis.";
	in.events = "";
	assert_int_equal(store_report_input_put(f->st, &in, "2026-02-01T09:00:00Z", f->anna, NULL),
	                 0);
	assert_int_equal(store_report_input_get(f->st, 2025, &got), 0);
	assert_int_equal(got.has_fte, 0);
	assert_string_equal(got.goals, "Delvis.");
	assert_string_equal(got.events, "");
	assert_string_equal(got.updated_at, "2026-02-01T09:00:00Z");
	store_report_input_free(&got);
	assert_int_equal(store_report_input_get(f->st, 2024, &got), NRS_ENOTFOUND);
	store_report_input_free(&got);
}

/* The rule the per-year session counts rely on: a series cannot end before a session. */
static void test_end_before_session_refused(void **state)
{
	struct fixture *f = *state;
	struct nrs_error err;

	build(f);
	nrs_error_clear(&err);
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, f->ib, "2025-07-31",
	                                            "completed", &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "slutdatum");
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, f->ib, "2025-08-01",
	                                            "completed", NULL),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_snapshots, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_started, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_types, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_waits, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stays, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_trainings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_year_figures, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_year_span, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_input, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_end_before_session_refused, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
