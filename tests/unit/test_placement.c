/* Shelter placements (src/security/placementsvc.c with store/placement.c): the follow-up
 * meeting due two months after the start (end-of-month clamping), deviation detection
 * (unsigned; overdue follow-up; not overdue once a meeting is held; not needed when the stay
 * ended before the due date), the service's checks (nothing stored on a refused value, only
 * clients of the officer's own municipality), signing, and the shelter's statistics. */
#include "fixture.h"

#include "base/date.h"
#include "domain/deadline.h"
#include "security/account.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "security/placementsvc.h"
#include "security/roles.h"
#include "store/db.h"
#include "store/reference.h"
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

static struct nrs_date d(int y, int m, int day)
{
	return (struct nrs_date){y, m, day};
}

static void assert_date(struct nrs_date got, int y, int m, int day)
{
	assert_int_equal(got.year, y);
	assert_int_equal(got.month, m);
	assert_int_equal(got.day, day);
}

static void test_followup_due(void **state)
{
	struct nrs_date s;

	(void)state;
	s = d(2026, 1, 15);
	assert_date(followup_due_date(&s), 2026, 3, 15);
	/* the end of a shorter month */
	s = d(2026, 12, 31);
	assert_date(followup_due_date(&s), 2027, 2, 28);
	s = d(2027, 12, 30);
	assert_date(followup_due_date(&s), 2028, 2, 29);
	s = d(2026, 8, 31);
	assert_date(followup_due_date(&s), 2026, 10, 31);
	s = d(2026, 7, 31);
	assert_date(followup_due_date(&s), 2026, 9, 30);
}

static void test_deviations(void **state)
{
	struct nrs_date start = d(2026, 1, 10), due_day = d(2026, 3, 10), after = d(2026, 3, 11);
	struct nrs_date early_end = d(2026, 2, 20), late_end = d(2026, 4, 1);

	(void)state;
	/* unsigned is a deviation at once, ended or not */
	assert_int_equal(placement_deviations_of(&start, NULL, false, false, &start),
	                 PLACEMENT_DEV_UNSIGNED);
	assert_int_equal(placement_deviations_of(&start, &early_end, false, false, &after),
	                 PLACEMENT_DEV_UNSIGNED);
	assert_int_equal(placement_deviations_of(&start, NULL, true, false, &start), 0);
	/* the follow-up: due on the two-month day, overdue from the day after */
	assert_int_equal(placement_deviations_of(&start, NULL, true, false, &due_day), 0);
	assert_int_equal(placement_deviations_of(&start, NULL, true, false, &after),
	                 PLACEMENT_DEV_FOLLOWUP_OVERDUE);
	assert_int_equal(placement_deviations_of(&start, NULL, false, false, &after),
	                 PLACEMENT_DEV_UNSIGNED | PLACEMENT_DEV_FOLLOWUP_OVERDUE);
	/* not overdue once a meeting is recorded */
	assert_int_equal(placement_deviations_of(&start, NULL, true, true, &after), 0);
	/* not needed when the stay ended on or before the due date */
	assert_int_equal(placement_deviations_of(&start, &early_end, true, false, &after), 0);
	assert_int_equal(placement_deviations_of(&start, &due_day, true, false, &after), 0);
	/* a stay that went on past the due date without a meeting stays a deviation after it
	 * ended */
	assert_int_equal(placement_deviations_of(&start, &late_end, true, false, &late_end),
	                 PLACEMENT_DEV_FOLLOWUP_OVERDUE);
	assert_int_equal(followup_status(&start, &early_end, false, &after), FOLLOWUP_NOT_NEEDED);
}

static void test_parse_ages(void **state)
{
	struct nrs_error err = {0};
	int ages[PLACEMENT_CHILDREN_MAX];
	size_t n = 99;

	(void)state;
	assert_int_equal(placementsvc_parse_ages("3, 7 12", ages, PLACEMENT_CHILDREN_MAX, &n, &err),
	                 0);
	assert_int_equal(n, 3);
	assert_int_equal(ages[0], 3);
	assert_int_equal(ages[2], 12);
	assert_int_equal(placementsvc_parse_ages("", ages, PLACEMENT_CHILDREN_MAX, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(placementsvc_parse_ages(NULL, ages, PLACEMENT_CHILDREN_MAX, &n, &err), 0);
	assert_int_equal(placementsvc_parse_ages("3, 18", ages, PLACEMENT_CHILDREN_MAX, &n, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "child_ages");
	assert_int_equal(placementsvc_parse_ages("tre", ages, PLACEMENT_CHILDREN_MAX, &n, &err),
	                 NRS_EINVAL);
	assert_int_equal(placementsvc_parse_ages("-1", ages, PLACEMENT_CHILDREN_MAX, &n, &err),
	                 NRS_EINVAL);
	assert_int_equal(placementsvc_parse_ages("1 2 3", ages, 2, &n, &err), NRS_EINVAL);
}

/* ---- the service against a database ---- */

struct fixture {
	struct store *st;
	struct crypto_keys keys;
	struct clientsvc_actor centre_actor, officer_actor;
	struct account officer; /* social services of Krokom */
	int64_t centre, krokom, shelter, other_org;
	char krokom_code[CLIENT_CODE_MAX], berg_code[CLIENT_CODE_MAX];
	char path[FIXTURE_PATH_MAX];
};

static void register_client(struct fixture *f, const char *municipality, char *code)
{
	struct client_input in = {"Test",       "Placeringsdotter", NULL, 1984, "kvinna",
	                          municipality, CLIENT_ROLE_VICTIM, 0,    NULL};
	struct nrs_error err = {0};
	int64_t id = 0;

	assert_int_equal(
	    clientsvc_register(f->st, &f->keys, &f->centre_actor, &in, &id, code, &err), 0);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct org_input krokom = {"municipality", "Krokoms kommun (test)", NULL, "2309"};
	struct org_input shelter = {"shelter", "Kvinnojouren (test)", NULL, "2380"};
	struct org_input police = {"police", "Polisen (test)", NULL, NULL};

	assert_non_null(f);
	f->st = fixture_open(f->path);
	f->centre = fixture_centre(f->st);
	assert_int_equal(store_org_add(f->st, &krokom, &f->krokom, NULL), 0);
	assert_int_equal(store_org_add(f->st, &shelter, &f->shelter, NULL), 0);
	assert_int_equal(store_org_add(f->st, &police, &f->other_org, NULL), 0);
	fixture_keys(&f->keys);
	f->centre_actor = (struct clientsvc_actor){0, NULL, f->centre, NULL, {2026, 3, 20}};
	f->officer_actor = (struct clientsvc_actor){0, NULL, f->krokom, NULL, {2026, 3, 20}};
	f->officer.organisation_id = f->krokom;
	snprintf(f->officer.organisation_kind, sizeof(f->officer.organisation_kind),
	         "municipality");
	snprintf(f->officer.municipality_code, sizeof(f->officer.municipality_code), "2309");
	f->officer.roles = ROLE_MUNICIPAL_OFFICER;
	f->officer.active = 1;
	register_client(f, "2309", f->krokom_code);
	register_client(f, "2326", f->berg_code);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	fixture_close(f->st, f->path);
	free(f);
	return 0;
}

static const int two_ages[] = {4, 9};

static struct placement_input good_input(const struct fixture *f)
{
	struct placement_input in = {0};

	in.client_code = f->krokom_code;
	in.shelter_id = f->shelter;
	in.children = 2;
	in.ages = two_ages;
	in.nages = 2;
	in.start = "2026-01-10";
	in.housing = 1;
	in.municipality_undertakes = "Handläggare och ekonomiskt bistånd.";
	in.shelter_undertakes = "Boende i eget rum, stödsamtal.";
	in.decision_date = "2026-01-09";
	return in;
}

/* in with one change is refused on field, and nothing is stored */
static void expect_refused(struct fixture *f, const struct placement_input *in, const char *field)
{
	struct nrs_error err = {0};
	int64_t id = 7;

	assert_int_equal(
	    placementsvc_create(f->st, &f->keys, &f->officer_actor, &f->officer, in, &id, &err),
	    NRS_EINVAL);
	assert_string_equal(err.field, field);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(id, 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM placement"), 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM placement_child"), 0);
}

static void test_create_checks(void **state)
{
	struct fixture *f = *state;
	struct placement_input in;
	static const int bad_age[] = {4, 18};

	in = good_input(f);
	in.end = "2026-01-09";
	expect_refused(f, &in, "end");
	in = good_input(f);
	in.shelter_id = f->other_org; /* not a shelter */
	expect_refused(f, &in, "shelter_id");
	in = good_input(f);
	in.shelter_id = 999999;
	expect_refused(f, &in, "shelter_id");
	in = good_input(f);
	in.ages = bad_age;
	expect_refused(f, &in, "child_ages");
	in = good_input(f);
	in.children = 3;
	expect_refused(f, &in, "child_ages");
	in = good_input(f);
	in.children = 21;
	expect_refused(f, &in, "children");
	in = good_input(f);
	in.housing = 0;
	expect_refused(f, &in, "intervention");
	in = good_input(f);
	in.municipality_undertakes = " ";
	expect_refused(f, &in, "municipality_undertakes");
	in = good_input(f);
	in.decision_date = "2026-04-01"; /* after today */
	expect_refused(f, &in, "decision_date");
	in = good_input(f);
	in.signed_date = "2026-02-30";
	expect_refused(f, &in, "signed");
	/* another municipality's client: the same answer as an unknown code */
	in = good_input(f);
	in.client_code = f->berg_code;
	expect_refused(f, &in, "client_code");
	in = good_input(f);
	in.client_code = "K-2026-9999";
	expect_refused(f, &in, "client_code");
}

struct collected {
	int n;
	unsigned deviations;
	int64_t id;
};

static int collect(const struct placement_entry *e, void *ctx)
{
	struct collected *c = ctx;

	c->n++;
	c->deviations = e->deviations;
	c->id = e->id;
	return 0;
}

static void test_create_sign_followup(void **state)
{
	struct fixture *f = *state;
	struct placement_input in = good_input(f);
	struct placement_view *v = NULL;
	struct nrs_error err = {0};
	struct collected c = {0};
	int64_t id = 0;

	assert_int_equal(
	    placementsvc_create(f->st, &f->keys, &f->officer_actor, &f->officer, &in, &id, &err),
	    0);
	assert_true(id > 0);
	/* the undertakings are sealed, not plain */
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM placement WHERE "
	                                   "instr(CAST(municipality_undertakes_enc AS TEXT), "
	                                   "'bistånd') > 0"),
	                 0);
	/* today 2026-03-20: started 2026-01-10, due 2026-03-10: unsigned and overdue */
	assert_int_equal(placementsvc_list(f->st, &f->keys, &f->officer_actor, f->krokom, true,
	                                   collect, &c, &err),
	                 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.deviations, PLACEMENT_DEV_UNSIGNED | PLACEMENT_DEV_FOLLOWUP_OVERDUE);
	/* another placing organisation sees none of them */
	memset(&c, 0, sizeof(c));
	assert_int_equal(placementsvc_list(f->st, &f->keys, &f->officer_actor, f->centre, false,
	                                   collect, &c, &err),
	                 0);
	assert_int_equal(c.n, 0);

	assert_int_equal(
	    placementsvc_sign(f->st, &f->keys, &f->officer_actor, id, "2026-03-21", &err),
	    NRS_EINVAL);
	assert_string_equal(err.field, "signed");
	assert_int_equal(
	    placementsvc_sign(f->st, &f->keys, &f->officer_actor, id, "2026-03-19", &err), 0);
	assert_int_equal(
	    placementsvc_sign(f->st, &f->keys, &f->officer_actor, id, "2026-03-19", &err),
	    NRS_ECONFLICT);
	assert_int_equal(
	    placementsvc_followup_add(f->st, &f->keys, &f->officer_actor, id, "2026-01-01", &err),
	    NRS_EINVAL);
	assert_string_equal(err.field, "held");
	assert_int_equal(
	    placementsvc_followup_add(f->st, &f->keys, &f->officer_actor, id, "2026-03-18", &err),
	    0);
	memset(&c, 0, sizeof(c));
	assert_int_equal(
	    placementsvc_list(f->st, &f->keys, &f->officer_actor, 0, true, collect, &c, &err), 0);
	assert_int_equal(c.n, 0);

	assert_int_equal(placementsvc_read(f->st, &f->keys, &f->officer_actor, id, &v, &err), 0);
	assert_string_equal(v->client_code, f->krokom_code);
	assert_string_equal(v->municipality_undertakes, "Handläggare och ekonomiskt bistånd.");
	assert_int_equal(v->nchildren, 2);
	assert_int_equal(v->ages[1], 9);
	assert_int_equal(v->nfollowups, 1);
	assert_int_equal(v->fstatus, FOLLOWUP_DONE);
	assert_int_equal(v->deviations, 0);
	assert_date(v->due, 2026, 3, 10);
	placementsvc_view_free(v);
	/* every read and write is in the audit log */
	assert_true(fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE record_kind = "
	                                     "'placement' AND action = 'read'") == 1);
	assert_true(fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE record_kind = "
	                                     "'placement' AND action = 'create'") == 1);

	assert_int_equal(
	    placementsvc_end(f->st, &f->keys, &f->officer_actor, id, "2026-01-09", &err),
	    NRS_EINVAL);
	assert_int_equal(
	    placementsvc_end(f->st, &f->keys, &f->officer_actor, id, "2026-03-19", &err), 0);
	assert_int_equal(
	    placementsvc_end(f->st, &f->keys, &f->officer_actor, id, "2026-03-19", &err),
	    NRS_ECONFLICT);
}

static void test_stats(void **state)
{
	struct fixture *f = *state;
	struct placement_input in = good_input(f);
	struct shelter_stats *rows = NULL;
	struct nrs_error err = {0};
	struct nrs_date from = d(2026, 2, 1), to = d(2026, 2, 28), today = d(2026, 3, 20);
	size_t n = 0;
	int64_t id = 0, rid = 0;

	in.end = "2026-02-11"; /* nights 2026-02-01..2026-02-10: 10 */
	assert_int_equal(
	    placementsvc_create(f->st, &f->keys, &f->officer_actor, &f->officer, &in, &id, &err),
	    0);
	assert_int_equal(placementsvc_refusal_add(f->st, &f->keys, &f->centre_actor, f->shelter,
	                                          "2026-02-03", "no_room", 2, &rid, &err),
	                 0);
	assert_int_equal(placementsvc_refusal_add(f->st, &f->keys, &f->centre_actor, f->shelter,
	                                          "2026-02-04", "other", 1, &rid, &err),
	                 0);
	assert_int_equal(placementsvc_refusal_add(f->st, &f->keys, &f->centre_actor, f->shelter,
	                                          "2026-02-04", "full", 1, &rid, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "reason");
	assert_int_equal(placementsvc_refusal_add(f->st, &f->keys, &f->centre_actor, f->shelter,
	                                          "2026-02-04", "other", 0, &rid, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "count");
	assert_int_equal(placementsvc_refusal_add(f->st, &f->keys, &f->centre_actor, f->krokom,
	                                          "2026-02-04", "other", 1, &rid, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "shelter_id");

	assert_int_equal(placementsvc_stats(f->st, &from, &to, &today, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].shelter_id, f->shelter);
	assert_int_equal(rows[0].women, 1);
	assert_int_equal(rows[0].children, 2);
	assert_int_equal(rows[0].woman_nights, 10);
	assert_int_equal(rows[0].child_nights, 20);
	assert_int_equal(rows[0].refused_no_room, 2);
	assert_int_equal(rows[0].refused_other, 1);
	free(rows);

	/* a period that has not passed yet: nights up to yesterday only */
	from = d(2026, 3, 1);
	to = d(2026, 3, 31);
	in.end = NULL;
	in.start = "2026-03-15";
	in.children = 0;
	in.nages = 0;
	assert_int_equal(
	    placementsvc_create(f->st, &f->keys, &f->officer_actor, &f->officer, &in, &id, &err),
	    0);
	assert_int_equal(placementsvc_stats(f->st, &from, &to, &today, &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rows[0].women, 1);
	assert_int_equal(rows[0].woman_nights, 5); /* 15th..19th */
	free(rows);

	assert_int_equal(placementsvc_period("2026-03-01", "2026-02-01", &from, &to, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "to");
	assert_int_equal(placementsvc_period("mars", "2026-02-01", &from, &to, &err), NRS_EINVAL);
	assert_string_equal(err.field, "from");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_followup_due),
	    cmocka_unit_test(test_deviations),
	    cmocka_unit_test(test_parse_ages),
	    cmocka_unit_test_setup_teardown(test_create_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_create_sign_followup, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
