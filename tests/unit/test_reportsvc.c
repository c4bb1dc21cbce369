/* The annual report's builder (src/security/reportsvc.c) on a small data set written straight
 * into a real database: the host / other municipalities grouping by default and one row per
 * member with per_municipality, the queue median of an even number of series, the
 * occupancy of years split by a stay across New Year, means hidden below the threshold,
 * and the centre manager's input (validation naming the field, saved, audited). */
#include "fixture.h"

#include "base/date.h"
#include "domain/report_model.h"
#include "security/crypto.h"
#include "security/reportsvc.h"
#include "store/db.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static char db_path[FIXTURE_PATH_MAX];
static struct store *st;
static struct crypto_keys keys;
static struct clientsvc_actor actor;
static int64_t centre;

/* ---- the data set -----------------------------------------------------------------------
 * 2025 victim_support series (requested → started, queue days):
 *   Östersund (2380) ×3: 01-01→01-06 [5], 01-01→01-11 [10], 01-01→01-13 [12];
 *   Krokom (2309): 01-01→01-21 [20]; Umeå (2480, outside the county): requested and
 *   started 2025-02-01 but only 2024-12-31's request counts the days: [32].
 *   Queue days 5, 10, 12, 20, 32: five series; the median of the first four (an even n) is
 *   tested on perpetrator_treatment below.
 * 2025 perpetrator_treatment, all Östersund: [4], [6], [8], [30]: median (6 + 8) / 2 = 7,0,
 *   mean 48 / 4 = 12,0.
 * Ended series: two victim_support series end 2025-03-31 with 3 and 4 held sessions (mean
 *   of two: hidden at threshold 3, 3,5 without protection).
 * Stays (2 active apartments): 2024-12-20 → 2025-01-09 (12 nights in 2024, 8 in 2025). */

static int64_t add_case(const char *gender, const char *muni)
{
	static int n;
	char sql[512];
	int64_t client;

	snprintf(sql, sizeof(sql),
	         "INSERT INTO client (code, name_enc, birth_year, gender, home_municipality,"
	         " created_at) VALUES ('K-2025-%04d', x'00', 1985, '%s', '%s',"
	         " '2025-01-01T00:00:00Z')",
	         ++n, gender, muni);
	client = fixture_exec(st, sql);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO case_file (client_id, opened, referral_source, organisation_id,"
	         " created_at) VALUES (%lld, '2024-12-01', 'self', %lld, '2025-01-01T00:00:00Z')",
	         (long long)client, (long long)centre);
	return fixture_exec(st, sql);
}

/* A series of type started on `started` after a request on `requested`; ended may be NULL. */
static int64_t add_series(const char *type, const char *muni, const char *requested,
                          const char *started, const char *ended)
{
	char sql[700];
	int64_t c = add_case("kvinna", muni);

	snprintf(sql, sizeof(sql),
	         "INSERT INTO intervention (case_id, type, requested, started, ended, end_reason,"
	         " basis, created_at, start_age, start_municipality) VALUES (%lld, '%s', '%s',"
	         " '%s', %s%s%s, %s, 'service', '2025-01-01T00:00:00Z', 39, '%s')",
	         (long long)c, type, requested, started, ended ? "'" : "", ended ? ended : "NULL",
	         ended ? "'" : "", ended ? "'completed'" : "NULL", muni);
	return fixture_exec(st, sql);
}

static void add_sessions(int64_t iv, int n, const char *held)
{
	for (int k = 0; k < n; k++) {
		char sql[400];

		snprintf(sql, sizeof(sql),
		         "INSERT INTO session_log (intervention_id, held, minutes, mode, outcome,"
		         " created_at) VALUES (%lld, '%s', 60, 'centre', 'held',"
		         " '2025-01-01T00:00:00Z')",
		         (long long)iv, held);
		fixture_exec(st, sql);
	}
}

static int setup(void **state)
{
	char sql[600];
	int64_t apt, client;

	(void)state;
	st = fixture_open(db_path);
	fixture_region(st);
	fixture_keys(&keys);
	actor.today = (struct nrs_date){2026, 3, 1};
	actor.username = "test";
	centre = fixture_query_int(
	    st, "SELECT id FROM organisation WHERE kind = 'centre' ORDER BY id LIMIT 1");
	assert_true(centre > 0);

	add_series("victim_support", "2380", "2025-01-01", "2025-01-06", "2025-03-31");
	add_series("victim_support", "2380", "2025-01-01", "2025-01-11", "2025-03-31");
	add_series("victim_support", "2380", "2025-01-01", "2025-01-13", NULL);
	add_series("victim_support", "2309", "2025-01-01", "2025-01-21", NULL);
	add_series("victim_support", "2480", "2024-12-31", "2025-02-01", NULL);
	add_sessions(1, 3, "2025-02-01");
	add_sessions(2, 4, "2025-02-02");
	add_series("perpetrator_treatment", "2380", "2025-03-01", "2025-03-05", NULL);
	add_series("perpetrator_treatment", "2380", "2025-03-01", "2025-03-07", NULL);
	add_series("perpetrator_treatment", "2380", "2025-03-01", "2025-03-09", NULL);
	add_series("perpetrator_treatment", "2380", "2025-03-01", "2025-03-31", NULL);

	fixture_exec(st, "DELETE FROM apartment");
	snprintf(sql, sizeof(sql),
	         "INSERT INTO apartment (organisation_id, label, created_at) VALUES (%lld, 'A',"
	         " '2023-01-01T00:00:00Z'), (%lld, 'B', '2023-01-01T00:00:00Z')",
	         (long long)centre, (long long)centre);
	apt = fixture_exec(st, sql);
	client = fixture_query_int(st, "SELECT min(id) FROM client");
	snprintf(sql, sizeof(sql),
	         "INSERT INTO stay (apartment_id, client_id, children_ages, children_count,"
	         " home_municipality, move_in, move_out, outside_staff, created_at, adult_age)"
	         " VALUES (%lld, %lld, '', 0, '2309', '2024-12-20', '2025-01-09', 0,"
	         " '2024-12-20T00:00:00Z', 39)",
	         (long long)apt, (long long)client);
	fixture_exec(st, sql);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(st, db_path);
	return 0;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static void build(struct annual_report *r, int year, int64_t threshold, bool per_municipality)
{
	struct reportsvc_opts o = {.year = year,
	                           .threshold = threshold,
	                           .per_municipality = per_municipality,
	                           .today = actor.today};
	struct nrs_error err = {0};
	int rc;

	rpt_init(r);
	rc = reportsvc_build(st, &o, r, &err);
	if (rc != 0)
		fail_msg("build: %d %s: %s", rc, err.field, err.msg);
}

static const struct rpt_table *table(const struct annual_report *r, const char *id)
{
	const struct rpt_table *t = rpt_find(r, id);

	if (t == NULL)
		fail_msg("no table %s", id);
	return t;
}

static int row_of(const struct rpt_table *t, const char *label)
{
	for (size_t i = 0; i < t->rows; i++)
		if (strcmp(t->row_label[i], label) == 0)
			return (int)i;
	fail_msg("%s has no row %s", t->id, label);
	return -1;
}

/* The published text of a cell. */
static void expect_cell(const struct annual_report *r, const char *id, const char *row, size_t col,
                        const char *want)
{
	const struct rpt_table *t = table(r, id);
	char buf[RPT_CELL_MAX];

	rpt_cell_text(r, t, (size_t)row_of(t, row), col, 1, buf, sizeof(buf));
	if (strcmp(buf, want) != 0)
		fail_msg("%s [%s][%zu]: got \"%s\", want \"%s\"", id, row, col, buf, want);
}

/* ---- tests ------------------------------------------------------------------------------- */

static void test_host_and_others(void **state)
{
	struct annual_report r;
	const struct rpt_table *t;

	(void)state;
	build(&r, 2025, 0, false);
	t = table(&r, "started.victim_support.municipality");
	assert_int_equal(t->rows, 2);
	assert_string_equal(t->row_label[0], "Östersund");
	assert_string_equal(t->row_label[1], "Övriga kommuner");
	assert_string_equal(t->corner, "Kommun");
	assert_int_equal(t->cols, 3);
	assert_string_equal(t->col_label[2], "2025");
	/* Krokom and Umeå (outside the county) together */
	assert_int_equal(t->v[0][2], 3);
	assert_int_equal(t->v[1][2], 2);
	assert_int_equal(t->v[2][2], 5);
	/* the stay's municipality: Krokom, an other one */
	t = table(&r, "apartments.adults.municipality");
	assert_int_equal(t->rows, 2);
	assert_int_equal(t->v[1][1], 1);
	rpt_free(&r);
}

static void test_per_municipality(void **state)
{
	struct annual_report r;
	const struct rpt_table *t;
	int krokom;

	(void)state;
	build(&r, 2025, 0, true);
	t = table(&r, "started.victim_support.municipality");
	assert_int_equal(t->rows, 9); /* eight members, then outside */
	assert_string_equal(t->row_label[8], "Kommuner utanför länet");
	krokom = row_of(t, "Krokom");
	assert_int_equal(t->v[krokom][2], 1);
	assert_int_equal(t->v[row_of(t, "Östersund")][2], 3);
	assert_int_equal(t->v[8][2], 1);
	rpt_free(&r);
}

static void test_queue_median_even(void **state)
{
	struct annual_report r;

	(void)state;
	build(&r, 2025, 3, false);
	/* perpetrator_treatment: 4, 6, 8, 30 days */
	expect_cell(&r, "types.queue_median", "Samtalsbehandling för våldsutövare", 2, "7,0");
	expect_cell(&r, "types.queue_mean", "Samtalsbehandling för våldsutövare", 2, "12,0");
	/* victim_support: 5, 10, 12, 20, 32: odd n, mean 79 / 5 = 15,8 */
	expect_cell(&r, "types.queue_median", "Samtalsserie för våldsutsatt", 2, "12,0");
	expect_cell(&r, "types.queue_mean", "Samtalsserie för våldsutsatt", 2, "15,8");
	/* no series in 2024: nothing to show */
	expect_cell(&r, "types.queue_median", "Samtalsserie för våldsutsatt", 1, "\xe2\x80\x93");
	rpt_free(&r);
}

static void test_occupancy_across_new_year(void **state)
{
	struct annual_report r;

	(void)state;
	build(&r, 2025, 0, false);
	/* 2024: 12 nights / (2 × 366) = 1,6 %; 2025: 8 / (2 × 365) = 1,1 % */
	assert_int_equal(table(&r, "apartments.occupancy")->v[0][1], 16);
	assert_int_equal(table(&r, "apartments.occupancy")->v[0][2], 11);
	expect_cell(&r, "apartments.occupancy", "Nyttjandegrad", 2, "1,1");
	/* the stay moved in in 2024 and counts its 20 nights in 2025, when it moved out */
	expect_cell(&r, "apartments.length", "Samtliga", 2, "20,0");
	expect_cell(&r, "apartments.length", "Samtliga", 1, "\xe2\x80\x93");
	assert_int_equal(table(&r, "apartments.adults.gender")->v[0][1], 1);
	rpt_free(&r);
	/* a future year has no occupancy yet */
	build(&r, 2027, 0, false);
	expect_cell(&r, "apartments.occupancy", "Nyttjandegrad", 2, "\xe2\x80\x93");
	rpt_free(&r);
}

static void test_hidden_mean(void **state)
{
	struct annual_report r;

	(void)state;
	/* two ended victim_support series, 3 and 4 held sessions */
	build(&r, 2025, 3, false);
	expect_cell(&r, "types.mean_sessions", "Samtalsserie för våldsutsatt", 2, "..");
	expect_cell(&r, "apartments.length", "Samtliga", 2, "..");
	rpt_free(&r);
	build(&r, 2025, 0, false);
	expect_cell(&r, "types.mean_sessions", "Samtalsserie för våldsutsatt", 2, "3,5");
	rpt_free(&r);
}

static void test_protected_counts(void **state)
{
	struct annual_report r;
	const struct rpt_table *t;

	(void)state;
	build(&r, 2025, 3, false);
	/* "Övriga kommuner" 2 in 2025 is small; the same statistic's year total is 5 */
	t = table(&r, "started.victim_support.municipality");
	assert_int_equal(t->mark[1][2], RPT_SMALL);
	assert_int_equal(t->mark[0][2], RPT_HIDDEN);
	/* the year total of the statistic and the types table agree, mark and value */
	t = table(&r, "types.started");
	assert_int_equal(t->v[row_of(t, "Samtalsserie för våldsutsatt")][2], 5);
	rpt_free(&r);
}

static void test_sections(void **state)
{
	struct annual_report r;

	(void)state;
	build(&r, 2025, 3, false);
	assert_int_equal(r.n_years, 3);
	assert_int_equal(r.years[0], 2023);
	assert_string_equal(r.title, "Verksamhetsberättelse 2025");
	assert_string_equal(r.host_name, "Östersund");
	assert_string_equal(r.sections[0].id, "goals");
	assert_null(rpt_find(&r, "followup.2025.count"));
	rpt_free(&r);
	{
		struct reportsvc_opts o = {
		    .year = 2025, .threshold = 3, .quality = true, .today = actor.today};

		rpt_init(&r);
		assert_int_equal(reportsvc_build(st, &o, &r, NULL), 0);
		assert_int_equal(r.n_years, 2);
		assert_non_null(rpt_find(&r, "followup.2024.count"));
		assert_non_null(rpt_find(&r, "followup.2025.mean"));
		rpt_free(&r);
	}
}

static void test_input(void **state)
{
	struct nrs_error err = {0};
	struct reportsvc_input in = {.staff_fte = "6,555", .goals = "Mål", .events = ""};
	char big[RPT_TEXT_MAX + 2];
	struct annual_report r;
	int64_t audits = fixture_query_int(st, "SELECT count(*) FROM audit_log");

	(void)state;
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "staff_fte");
	assert_non_null(strstr(err.msg, "decimaler"));
	in.staff_fte = "sex";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "staff_fte");
	in.staff_fte = "1000,01";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "staff_fte");
	in.staff_fte = "6,";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), NRS_EINVAL);
	in.staff_fte = "6.5";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 1999, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "year");
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	in.goals = big;
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), NRS_ETOOBIG);
	assert_string_equal(err.field, "goals");
	in.goals = "Mål";
	in.events = "bad \xff byte";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "events");
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM audit_log"), audits);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM report_year"), 0);

	in.events = "Nytt avtal.";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), 0);
	assert_int_equal(
	    fixture_query_int(st, "SELECT staff_fte FROM report_year WHERE year = 2025"), 650);
	assert_int_equal(
	    fixture_query_int(st, "SELECT count(*) FROM audit_log WHERE action = 'update' AND"
	                          " record_kind = 'report_input' AND record_id = '2025'"),
	    1);
	/* the audit row carries no text */
	assert_int_equal(
	    fixture_query_int(st, "SELECT count(*) FROM audit_log WHERE reason IS NOT NULL AND"
	                          " record_kind = 'report_input'"),
	    0);
	build(&r, 2025, 3, false);
	assert_string_equal(r.sections[0].text, "Mål");
	assert_string_equal(r.sections[1].text, "Nytt avtal.");
	expect_cell(&r, "resources.fte", "Personal (årsarbetare)", 2, "6,50");
	expect_cell(&r, "resources.fte", "Personal (årsarbetare)", 1, "\xe2\x80\x93");
	/* 5 + 4 series' cases active in 2025 ... per FTE needs only that FTE is there */
	assert_int_equal(table(&r, "resources.per_fte")->mark[0][2], RPT_SHOWN);
	assert_int_equal(table(&r, "resources.per_fte")->mark[0][1], RPT_MISSING);
	rpt_free(&r);
	/* "" clears the FTE */
	in.staff_fte = "";
	assert_int_equal(reportsvc_input_put(st, &keys, &actor, 2025, &in, &err), 0);
	assert_int_equal(
	    fixture_query_int(st, "SELECT staff_fte IS NULL FROM report_year WHERE year = 2025"),
	    1);
}

/* Who took out which view is logged: the per-municipality view as report_detail. */
static void test_log_view(void **state)
{
	struct reportsvc_opts o = {.year = 2025, .threshold = 3};
	struct nrs_error err = {0};

	(void)state;
	o.today = actor.today;
	assert_int_equal(reportsvc_log_view(st, &keys, &actor, &o, &err), 0);
	o.per_municipality = true;
	assert_int_equal(reportsvc_log_view(st, &keys, &actor, &o, &err), 0);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                                       " AND record_kind = 'statistics' AND record_id = '2025'"),
	                 1);
	assert_int_equal(fixture_query_int(st, "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                                       " AND record_kind = 'report_detail'"
	                                       " AND record_id = '2025'"),
	                 1);
}

static void test_years(void **state)
{
	int first = 0, last = 0;
	struct nrs_date today = {2026, 3, 1};

	(void)state;
	assert_int_equal(reportsvc_years(st, &today, &first, &last), 0);
	assert_int_equal(first, 2024);
	assert_int_equal(last, 2026);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_host_and_others),
	    cmocka_unit_test(test_per_municipality),
	    cmocka_unit_test(test_queue_median_even),
	    cmocka_unit_test(test_occupancy_across_new_year),
	    cmocka_unit_test(test_hidden_mean),
	    cmocka_unit_test(test_protected_counts),
	    cmocka_unit_test(test_sections),
	    cmocka_unit_test(test_input),
	    cmocka_unit_test(test_log_view),
	    cmocka_unit_test(test_years),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
