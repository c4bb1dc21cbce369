/* The annual report end to end (issue 7, "done when"): a small data set entered by hand
 * through the services the program uses (casework, groups, housing, activity, economy, the
 * report input), chosen so that every figure of the report for 2025 (with 2023 and 2024
 * beside it) is known in advance; then the report model is checked cell by cell (value and
 * mark), with threshold 3 and with threshold 0 (nothing hidden: the raw figures), and the
 * same published figures are looked for in all four formats (HTML fragment and document,
 * CSV, JSON, XLSX). A last group shows the host/other-municipalities grouping by default and
 * the per-municipality rows when asked.
 *
 * Everything is dated: "today" is 2026-03-01 in the actor and in the report options, so no
 * figure depends on the real date.
 *
 * The data set (ages are the start age; clients without identity number count
 * start year - birth year; "h" = held sessions, weekly from the start, 60 min at the centre):
 *  W1..W4  women born 1985, Östersund (2380), cases opened 2023-01-10, never closed
 *  W5      woman born 1985, Östersund, case 2025-01-05 (women's group only)
 *  U       woman born 1985, Umeå (2480, outside the county), case 2025-01-05
 *  P       woman with Skatteverket's test number 200007312382 (born 2000-07-31), Krokom
 *          (2309), case 2025-01-05: turns 25 in the middle of 2025, so her first series
 *          (started 2025-03-10, age 24) counts in 18–24 and her second (2025-09-01, age 25)
 *          in 25–34. (data/demo-pnr.txt has no test number born after 2005, so the class
 *          boundary crossed is 24/25 rather than 17/18.)
 *  Ma      man born 1995, Åre (2321), case 2025-01-05
 *  A1, A2  gender "annat", born 1985, Östersund, cases 2025-01-05
 *  G1..G3  girls born 2016, Östersund, cases 2024-01-15
 *  M1..M3  men born 1985, Östersund, cases 2023-01-10; M3's closed 2024-01-01 (so it is
 *          active in 2024 too: closed >= 2024-01-01)
 *  M4      man born 1985, Östersund, case 2025-01-05
 *  R1..R4  women born 1975, Östersund; R5 man born 1950; cases 2025-01-05
 *  Se      man born 1985, Åre; Mk man born 1990, Krokom; H1..H4 women born 1975,
 *          Östersund: emergency-apartment residents only (no case)
 *
 * Series (requested → started, queue days in brackets):
 *  2023 victim_support: W1 01-10→01-20 [10] 5h end 02-24; W2 01-10→01-24 [14] 4h end
 *       03-31; W3 01-10→01-30 [20] 6h end 03-31; W4 02-01→02-06 [5] 5h + 1 cancelled,
 *       end 03-31. All service.
 *  2023 perpetrator_treatment (aid decision 2380): M1 02-01→02-15 [14] 6h; M2 02-01→02-20
 *       [19] 6h (both end 04-28); M3 03-01→03-31 [30] 8h end 06-30.
 *  2024 victim_support: W1 03-01→03-11 [10] 4h end 04-30; W2 03-01→03-15 [14] 3h + 1 no
 *       show, end 05-31 (service); W3 10-01→11-15 [45] aid decision, 8h of which 7 in 2024
 *       and one on 2025-01-03, end 2025-01-10.
 *  2024 child_trappan: G1 02-01→03-04 [32]; G2 02-01→03-06 [34]; G3 02-15→03-08 [22];
 *       5h each, end 04-15.
 *  2025 victim_support: W1 01-10→01-15 [5] 6h, the third (01-29) in the home
 *       municipality, end 03-31; W2 01-10→01-20 [10] 5h + a CANCELLED home-municipality
 *       session, end 03-31; W3 01-10→01-22 [12] aid, 4h, end 03-31; W4 01-10→01-24 [14] 4h;
 *       U 02-01→02-21 [20] 3h; P 02-15→03-10 [23] 4h end 06-30; P 08-01→09-01 [31] aid
 *       (2309) 3h; Ma 04-01→05-01 [30] 2h + 1 no show; A1 05-01→06-10 [40] 2h; A2
 *       06-01→07-31 [60] one held session of 90 min. Service unless said.
 *  2025 perpetrator_treatment (aid 2380): M1 02-01→02-10 [9] 5h end 04-30; M2 02-01→02-12
 *       [11] 5h end 04-30; M4 02-01→02-14 [13] 4h.
 *  2025 child_trappan: G1 03-01→03-03 [2]; G2 03-01→03-05 [4]; G3 03-01→03-08 [7]; 4h
 *       each, end 05-31.
 *  2025 relative_support: R1..R5 04-01→04-07..04-11 [6..10], 3h each.
 *  2025 womens_group: group starting 2025-09-01; W1 (requested 08-01) [31], W2 (requested
 *       08-11) [21] and W5 (no request: created on joining) [0] join on 09-01.
 *
 * Stays (nights = move_out - move_in):
 *  S1 flat 1, Se, no children, 2023-03-01→03-21 (20)
 *  S4 flat 1, Mk, no children, 2024-06-01→06-15 (14)
 *  S2 flat 2, Mk, no children, 2024-12-20→2025-01-09 (20: 12 nights in 2024, 8 in 2025;
 *     moved in 2024, its length counts in 2025)
 *  S3 flat 1, H1, children 2, 7, 15, 2025-02-01→02-15 (14)
 *  S5 flat 1, H2, no children, 2025-03-01→03-12 (11)
 *  S6 flat 2, H3, child 10, 2025-04-01→04-29 (28)
 *  S7 flat 2, H4, no children, 2025-12-20→ still there (12 nights in 2025)
 *
 * Assumptions where contents.md leaves room (stated here, asserted below):
 *  - municipality rows are labelled with the municipality register's name ("Krokom"), in
 *    code order; trainings.participants lists the members sorted by name;
 *  - a breakdown table's title contains its statistic's title;
 *  - "no member municipality name in the default report" is read as: in the breakdown
 *    tables of persons (the *.municipality tables); trainings.participants and
 *    economy.distribution list the members by definition. */
#include "fixture.h"

#include "base/buf.h"
#include "base/date.h"
#include "domain/budget.h"
#include "domain/report_model.h"
#include "report/annual.h"
#include "security/activitysvc.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "security/economysvc.h"
#include "security/groupsvc.h"
#include "security/housingsvc.h"
#include "security/reportsvc.h"
#include "store/db.h"
#include "store/reference.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <inttypes.h>
#include <jansson.h>
#include <math.h>

#define NBSP "\xc2\xa0"
#define KR(x) ((int64_t)(x)*100)

static struct {
	struct store *st;
	struct crypto_keys keys;
	struct clientsvc_actor actor;
	int64_t centre, anna, police;
	int64_t org_ostersund, org_krokom, org_are;
	int64_t apt1, apt2;
	char path[FIXTURE_PATH_MAX];
	char xlsx[FIXTURE_PATH_MAX + 8];
} fx;

/* ---------------------------------------------------------------- small helpers */

/* Fail with the service's message, so a refused input is easy to find. */
static void ok(int rc, const struct nrs_error *err, const char *what)
{
	if (rc != 0)
		fail_msg("%s: rc %d, field '%s': %s", what, rc, err->field, err->msg);
}

static int64_t epoch(const char *iso)
{
	int64_t t = 0;

	assert_int_equal(time_epoch_from_iso(iso, &t), 0);
	return t;
}

/* d + days as YYYY-MM-DD */
static void date_plus(const char *d, int days, char out[11])
{
	struct nrs_date x;

	assert_int_equal(date_parse(d, &x), 0);
	x = date_from_days(date_to_days(&x) + days);
	date_format(&x, out);
}

/* ---------------------------------------------------------------- the data set */

/* clang-format off */
enum { W1, W2, W3, W4, W5, U, P, MA, A1, A2, G1, G2, G3, M1, M2, M3, M4, R1, R2, R3, R4, R5,
       SE, MK, H1, H2, H3, H4, NCLIENTS };
/* clang-format on */

static const struct {
	const char *gender;
	int birth_year;
	const char *pnr;
	const char *municipality;
	unsigned roles;
	const char *opened; /* the case, NULL for none */
} people[NCLIENTS] = {
    [W1] = {"kvinna", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2023-01-10"},
    [W2] = {"kvinna", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2023-01-10"},
    [W3] = {"kvinna", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2023-01-10"},
    [W4] = {"kvinna", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2023-01-10"},
    [W5] = {"kvinna", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2025-01-05"},
    [U] = {"kvinna", 1985, NULL, "2480", CLIENT_ROLE_VICTIM, "2025-01-05"},
    [P] = {"kvinna", 0, "200007312382", "2309", CLIENT_ROLE_VICTIM, "2025-01-05"},
    [MA] = {"man", 1995, NULL, "2321", CLIENT_ROLE_VICTIM, "2025-01-05"},
    [A1] = {"annat", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2025-01-05"},
    [A2] = {"annat", 1985, NULL, "2380", CLIENT_ROLE_VICTIM, "2025-01-05"},
    [G1] = {"kvinna", 2016, NULL, "2380", CLIENT_ROLE_CHILD, "2024-01-15"},
    [G2] = {"kvinna", 2016, NULL, "2380", CLIENT_ROLE_CHILD, "2024-01-15"},
    [G3] = {"kvinna", 2016, NULL, "2380", CLIENT_ROLE_CHILD, "2024-01-15"},
    [M1] = {"man", 1985, NULL, "2380", CLIENT_ROLE_PERPETRATOR, "2023-01-10"},
    [M2] = {"man", 1985, NULL, "2380", CLIENT_ROLE_PERPETRATOR, "2023-01-10"},
    [M3] = {"man", 1985, NULL, "2380", CLIENT_ROLE_PERPETRATOR, "2023-01-10"},
    [M4] = {"man", 1985, NULL, "2380", CLIENT_ROLE_PERPETRATOR, "2025-01-05"},
    [R1] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_RELATIVE, "2025-01-05"},
    [R2] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_RELATIVE, "2025-01-05"},
    [R3] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_RELATIVE, "2025-01-05"},
    [R4] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_RELATIVE, "2025-01-05"},
    [R5] = {"man", 1950, NULL, "2380", CLIENT_ROLE_RELATIVE, "2025-01-05"},
    [SE] = {"man", 1985, NULL, "2321", CLIENT_ROLE_VICTIM, NULL},
    [MK] = {"man", 1990, NULL, "2309", CLIENT_ROLE_VICTIM, NULL},
    [H1] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_VICTIM, NULL},
    [H2] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_VICTIM, NULL},
    [H3] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_VICTIM, NULL},
    [H4] = {"kvinna", 1975, NULL, "2380", CLIENT_ROLE_VICTIM, NULL},
};
static int64_t client_id[NCLIENTS], case_id[NCLIENTS];

static const struct {
	int who;
	const char *type;
	const char *requested, *started;
	const char *decision; /* aid decision by this municipality (decided when requested),
	                         NULL for service */
	int held;             /* held sessions, weekly from the start, 60 min at the centre */
	const char *ended;    /* NULL: still going */
} series[] = {
    /* 2023 */
    {W1, "victim_support", "2023-01-10", "2023-01-20", NULL, 5, "2023-02-24"},
    {W2, "victim_support", "2023-01-10", "2023-01-24", NULL, 4, "2023-03-31"},
    {W3, "victim_support", "2023-01-10", "2023-01-30", NULL, 6, "2023-03-31"},
    {W4, "victim_support", "2023-02-01", "2023-02-06", NULL, 5, "2023-03-31"},
    {M1, "perpetrator_treatment", "2023-02-01", "2023-02-15", "2380", 6, "2023-04-28"},
    {M2, "perpetrator_treatment", "2023-02-01", "2023-02-20", "2380", 6, "2023-04-28"},
    {M3, "perpetrator_treatment", "2023-03-01", "2023-03-31", "2380", 8, "2023-06-30"},
    /* 2024 */
    {W1, "victim_support", "2024-03-01", "2024-03-11", NULL, 4, "2024-04-30"},
    {W2, "victim_support", "2024-03-01", "2024-03-15", NULL, 3, "2024-05-31"},
    {W3, "victim_support", "2024-10-01", "2024-11-15", "2380", 8, "2025-01-10"},
    {G1, "child_trappan", "2024-02-01", "2024-03-04", NULL, 5, "2024-04-15"},
    {G2, "child_trappan", "2024-02-01", "2024-03-06", NULL, 5, "2024-04-15"},
    {G3, "child_trappan", "2024-02-15", "2024-03-08", NULL, 5, "2024-04-15"},
    /* 2025 */
    {W1, "victim_support", "2025-01-10", "2025-01-15", NULL, 6, "2025-03-31"},
    {W2, "victim_support", "2025-01-10", "2025-01-20", NULL, 5, "2025-03-31"},
    {W3, "victim_support", "2025-01-10", "2025-01-22", "2380", 4, "2025-03-31"},
    {W4, "victim_support", "2025-01-10", "2025-01-24", NULL, 4, NULL},
    {U, "victim_support", "2025-02-01", "2025-02-21", NULL, 3, NULL},
    {P, "victim_support", "2025-02-15", "2025-03-10", NULL, 4, "2025-06-30"},
    {P, "victim_support", "2025-08-01", "2025-09-01", "2309", 3, NULL},
    {MA, "victim_support", "2025-04-01", "2025-05-01", NULL, 2, NULL},
    {A1, "victim_support", "2025-05-01", "2025-06-10", NULL, 2, NULL},
    {A2, "victim_support", "2025-06-01", "2025-07-31", NULL, 0, NULL},
    {M1, "perpetrator_treatment", "2025-02-01", "2025-02-10", "2380", 5, "2025-04-30"},
    {M2, "perpetrator_treatment", "2025-02-01", "2025-02-12", "2380", 5, "2025-04-30"},
    {M4, "perpetrator_treatment", "2025-02-01", "2025-02-14", "2380", 4, NULL},
    {G1, "child_trappan", "2025-03-01", "2025-03-03", NULL, 4, "2025-05-31"},
    {G2, "child_trappan", "2025-03-01", "2025-03-05", NULL, 4, "2025-05-31"},
    {G3, "child_trappan", "2025-03-01", "2025-03-08", NULL, 4, "2025-05-31"},
    {R1, "relative_support", "2025-04-01", "2025-04-07", NULL, 3, NULL},
    {R2, "relative_support", "2025-04-01", "2025-04-08", NULL, 3, NULL},
    {R3, "relative_support", "2025-04-01", "2025-04-09", NULL, 3, NULL},
    {R4, "relative_support", "2025-04-01", "2025-04-10", NULL, 3, NULL},
    {R5, "relative_support", "2025-04-01", "2025-04-11", NULL, 3, NULL},
};
#define NSERIES (sizeof(series) / sizeof(series[0]))
static int64_t series_id[NSERIES];

/* The series of `who` that started on `started`. */
static int64_t series_of(int who, const char *started)
{
	for (size_t k = 0; k < NSERIES; k++)
		if (series[k].who == who && strcmp(series[k].started, started) == 0)
			return series_id[k];
	fail_msg("no series of %d started %s", who, started);
	return 0;
}

static void session(int64_t iv, const char *held, int minutes, const char *mode,
                    const char *outcome)
{
	struct session_create sc = {iv, held, minutes, mode, outcome};
	struct nrs_error err = {0}, warn = {0};
	int64_t id = 0;

	ok(clientsvc_session_add(fx.st, &fx.keys, &fx.actor, &sc, &id, &warn, &err), &err, held);
}

static void add_people(void)
{
	struct nrs_error err = {0};

	for (int k = 0; k < NCLIENTS; k++) {
		struct client_input in = {0};
		char code[CLIENT_CODE_MAX];

		in.first_name = "Testa";
		in.last_name = "Testsson";
		in.pnr = people[k].pnr;
		in.birth_year = people[k].birth_year;
		in.gender = people[k].gender;
		in.home_municipality = people[k].municipality;
		in.roles = people[k].roles;
		ok(clientsvc_register(fx.st, &fx.keys, &fx.actor, &in, &client_id[k], code, &err),
		   &err, "register");
		if (people[k].opened != NULL) {
			struct case_open_input co = {client_id[k], people[k].opened, "self", NULL};

			ok(clientsvc_case_open(fx.st, &fx.keys, &fx.actor, &co, &case_id[k], &err),
			   &err, "case");
		}
	}
}

static void add_series(void)
{
	struct nrs_error err = {0}, warn = {0};

	for (size_t k = 0; k < NSERIES; k++) {
		struct intervention_create ic = {0};
		char d[11];

		ic.case_id = case_id[series[k].who];
		ic.type = series[k].type;
		ic.requested = series[k].requested;
		ic.basis = series[k].decision ? "aid_decision" : "service";
		ic.decision_municipality = series[k].decision;
		ic.decision_date = series[k].decision ? series[k].requested : NULL;
		ok(clientsvc_intervention_create(fx.st, &fx.keys, &fx.actor, &ic, &series_id[k],
		                                 &warn, &err),
		   &err, "create");
		ok(clientsvc_intervention_start(fx.st, &fx.keys, &fx.actor, series_id[k],
		                                series[k].started, &warn, &err),
		   &err, "start");
		for (int n = 0; n < series[k].held; n++) {
			date_plus(series[k].started, 7 * n, d);
			/* W1's 2025 series: exactly one session in the home municipality */
			session(series_id[k], d, 60,
			        series[k].who == W1 && strcmp(d, "2025-01-29") == 0
			            ? "home_municipality"
			            : "centre",
			        "held");
		}
	}
	/* sessions that are not held count nowhere */
	session(series_of(W4, "2023-02-06"), "2023-03-13", 60, "centre", "cancelled");
	session(series_of(W2, "2024-03-15"), "2024-04-05", 60, "centre", "no_show");
	session(series_of(W2, "2025-01-20"), "2025-02-24", 60, "home_municipality", "cancelled");
	session(series_of(MA, "2025-05-01"), "2025-05-15", 60, "centre", "no_show");
	/* A2's only session: 90 minutes, so 2025 has 4 590 minutes = 76,5 hours */
	session(series_of(A2, "2025-07-31"), "2025-07-31", 90, "centre", "held");
	for (size_t k = 0; k < NSERIES; k++)
		if (series[k].ended != NULL)
			ok(clientsvc_intervention_end(
			       fx.st, &fx.keys, &fx.actor, series_id[k], series[k].ended,
			       series[k].who == P ? "interrupted" : "completed", &err),
			   &err, "end");
	/* M3's case closes on the first day of 2024: active in 2023 and 2024 */
	ok(clientsvc_case_close(fx.st, &fx.keys, &fx.actor, case_id[M3], "2024-01-01", &err), &err,
	   "close");
}

static void add_group(void)
{
	static const int joiners[] = {W1, W2, W5};
	struct nrs_error err = {0}, warn = {0};
	struct groupsvc_who who = {&fx.actor, NULL};
	struct group_create gc = {"Kvinnogrupp hösten 2025", "weekly_10", "2025-09-01", &fx.anna,
	                          1};
	struct intervention_create ic = {0};
	struct groupsvc_group g;
	unsigned rel = 0;
	int64_t gid = 0, id = 0;

	/* W1 and W2 asked for a place earlier; W5 gets hers created when she joins */
	ic.type = "womens_group";
	ic.basis = "service";
	ic.case_id = case_id[W1];
	ic.requested = "2025-08-01";
	ok(clientsvc_intervention_create(fx.st, &fx.keys, &fx.actor, &ic, &id, &warn, &err), &err,
	   "wg W1");
	ic.case_id = case_id[W2];
	ic.requested = "2025-08-11";
	ok(clientsvc_intervention_create(fx.st, &fx.keys, &fx.actor, &ic, &id, &warn, &err), &err,
	   "wg W2");
	ok(groupsvc_group_create(fx.st, &fx.keys, &fx.actor, &gc, &gid, &err), &err, "group");
	assert_int_equal(groupsvc_group_facts(fx.st, &fx.actor, gid, &g, &rel), 0);
	for (size_t k = 0; k < 3; k++) {
		struct groupsvc_case c;

		assert_int_equal(groupsvc_case_facts(fx.st, &who, case_id[joiners[k]], &c, &rel),
		                 0);
		ok(groupsvc_participant_add(fx.st, &fx.keys, &fx.actor, &g, &c, "2025-09-01", &id,
		                            &err),
		   &err, "join");
	}
}

static void stay(int64_t apt, int who, const char *ages, const char *in, const char *out)
{
	struct stay_new sn = {apt, client_id[who], ages, NULL, in, out, 0, 0};
	struct nrs_error err = {0};
	int64_t id = 0;

	ok(housingsvc_stay_create(fx.st, &fx.keys, &fx.actor, &sn, &id, &err), &err, in);
}

static void add_stays(void)
{
	stay(fx.apt1, SE, "", "2023-03-01", "2023-03-21");
	stay(fx.apt1, MK, "", "2024-06-01", "2024-06-15");
	stay(fx.apt2, MK, "", "2024-12-20", "2025-01-09");
	stay(fx.apt1, H1, "2, 7, 15", "2025-02-01", "2025-02-15");
	stay(fx.apt1, H2, "", "2025-03-01", "2025-03-12");
	stay(fx.apt2, H3, "10", "2025-04-01", "2025-04-29");
	stay(fx.apt2, H4, "", "2025-12-20", NULL);
}

static void referral(const char *received, int64_t contact_after)
{
	struct referral_create rc = {epoch(received), 0, NULL, "2380"};
	struct nrs_error err = {0};
	int64_t now = epoch("2026-03-01T11:00:00Z"), id = 0, at;

	ok(clientsvc_referral_create(fx.st, &fx.keys, &fx.actor, &rc, now, &id, &err), &err,
	   received);
	if (contact_after >= 0) {
		at = rc.received + contact_after;
		ok(clientsvc_referral_outcome(fx.st, &fx.keys, &fx.actor, id, &at, "crisis_talk",
		                              now, &err),
		   &err, "outcome");
	}
}

static void contact(const char *date)
{
	struct contact_new c = {date, "victim", "2380", "Frågor om stöd", true, 15, "information"};
	struct nrs_error err = {0};
	int64_t id = 0;

	ok(activitysvc_contact_create(fx.st, &fx.keys, &fx.actor, &c, &id, &err), &err, date);
}

static void consultation(const char *date)
{
	struct consultation_new c = {date, 0, "2309", "Rutin vid oro", true, 30};
	struct nrs_error err = {0};
	int64_t id = 0;

	ok(activitysvc_consultation_create(fx.st, &fx.keys, &fx.actor, &c, &id, &err), &err, date);
}

static void mandatory(const char *kind, const char *date, int who)
{
	struct report_new r = {kind, date, case_id[who], fx.anna, 0, "Socialtjänsten"};
	struct nrs_error err = {0};
	int64_t id = 0;

	ok(activitysvc_report_create(fx.st, &fx.keys, &fx.actor, &r, &id, &err), &err, date);
}

static void training(const char *date, const char *kind, int64_t org1, int64_t n1, int64_t org2,
                     int64_t n2)
{
	struct training_row_new rows[2] = {{0, org1, true, n1}, {0, org2, true, n2}};
	struct training_new t = {date, "Utbildning om våld i nära relationer", kind, rows,
	                         org2 ? 2 : 1};
	struct nrs_error err = {0};
	int64_t id = 0;

	ok(activitysvc_training_create(fx.st, &fx.keys, &fx.actor, &t, &id, &err), &err, date);
}

static void add_activity(void)
{
	/* police referrals: 2024 two, both reached within the hour; 2025 four: exactly 48 h
	 * (172 800 s: within), 48 h and one second (late), two hours, and one not yet reached */
	referral("2024-03-04T10:00:00Z", 3600);
	referral("2024-09-02T10:00:00Z", 1800);
	referral("2025-03-03T10:00:00Z", 172800);
	referral("2025-04-01T10:00:00Z", 172801);
	referral("2025-05-05T08:00:00Z", 7200);
	referral("2025-06-02T09:00:00Z", -1);
	/* anonymous contacts: 3, 1, 5 */
	contact("2023-02-01");
	contact("2023-06-01");
	contact("2023-11-01");
	contact("2024-05-01");
	for (int m = 1; m <= 5; m++) {
		char d[11];

		snprintf(d, sizeof(d), "2025-%02d-15", m);
		contact(d);
	}
	/* consultations: 2, 0, 3 */
	consultation("2023-04-04");
	consultation("2023-10-04");
	consultation("2025-02-04");
	consultation("2025-05-04");
	consultation("2025-08-04");
	/* mandatory reports: concern 0, 3, 2; Lex Sarah 0, 0, 1 */
	mandatory("orosanmalan", "2024-05-02", G1);
	mandatory("orosanmalan", "2024-05-03", G2);
	mandatory("orosanmalan", "2024-05-04", G3);
	mandatory("orosanmalan", "2025-04-01", G1);
	mandatory("orosanmalan", "2025-06-01", G2);
	mandatory("lex_sarah", "2025-10-01", W1);
	/* trainings (participants per organisation; the police has no municipality) */
	training("2023-05-10", "concept", fx.org_ostersund, 10, 0, 0);
	training("2024-02-01", "network_trappan", fx.org_ostersund, 3, 0, 0);
	training("2024-04-10", "custom", fx.org_are, 7, 0, 0);
	training("2024-09-01", "network_trappan", fx.org_ostersund, 3, 0, 0);
	training("2025-03-05", "concept", fx.org_ostersund, 12, fx.org_krokom, 5);
	training("2025-05-20", "custom", fx.org_krokom, 6, 0, 0);
	training("2025-09-10", "concept", fx.org_ostersund, 8, fx.police, 4);
	training("2025-10-01", "network_coordinators", fx.org_ostersund, 2, fx.org_krokom, 1);
}

static void add_economy_and_input(void)
{
	/* 2025: the agreement's budget (4 744 767 kr, SPEC R26), no outcome yet */
	static const struct economy_line_input lines25[] = {
	    {"Personal", KR(3189656)},      {"Lokalkostnader", KR(511922)},
	    {"Omkostnader", KR(211310)},    {"Handledning", KR(166260)},
	    {"Jourlägenheter", KR(220804)}, {"Fortbildningsinsatser", KR(53045)},
	};
	static const struct economy_line_input line24 = {"Verksamhet", KR(1000000)};
	struct economy_budget_input in = {0};
	struct reportsvc_input ri = {0};
	struct nrs_error err = {0};

	/* 2024: one million kronor, no overhead, outcome 990 000 kr, population of 2023-11-01 */
	in.year = 2024;
	in.lines = &line24;
	in.nlines = 1;
	in.overhead_bp = 0;
	in.uprate_bp = BUDGET_UPRATE_DEFAULT_BP;
	in.population_date = "2023-11-01";
	in.has_outcome = 1;
	in.outcome_ore = KR(990000);
	ok(economysvc_budget_set(fx.st, &fx.keys, &fx.actor, &in, &err), &err, "budget 2024");
	memset(&in, 0, sizeof(in));
	in.year = 2025;
	in.lines = lines25;
	in.nlines = 6;
	in.overhead_bp = BUDGET_OVERHEAD_DEFAULT_BP;
	in.uprate_bp = BUDGET_UPRATE_DEFAULT_BP;
	ok(economysvc_budget_set(fx.st, &fx.keys, &fx.actor, &in, &err), &err, "budget 2025");

	ri.staff_fte = "4";
	ri.goals = "";
	ri.events = "";
	ok(reportsvc_input_put(fx.st, &fx.keys, &fx.actor, 2024, &ri, &err), &err, "input 2024");
	ri.staff_fte = "6,5";
	ri.goals = "Målen för 2025 nåddes i stort sett.";
	ri.events = "Centret flyttade till nya lokaler.\n\nTrappan-nätverket startade.";
	ok(reportsvc_input_put(fx.st, &fx.keys, &fx.actor, 2025, &ri, &err), &err, "input 2025");
}

static int group_setup(void **state)
{
	struct nrs_error err = {0};

	(void)state;
	fx.st = fixture_open(fx.path);
	/* beside the database, so that the teardown removes it with the directory */
	snprintf(fx.xlsx, sizeof(fx.xlsx), "%s.xlsx", fx.path);
	fixture_region(fx.st);
	fixture_keys(&fx.keys);
	fx.centre = fixture_query_int(fx.st, "SELECT id FROM organisation WHERE kind = 'centre'");
	fx.police = fixture_query_int(fx.st, "SELECT id FROM organisation WHERE kind = 'police'");
	fx.org_ostersund =
	    fixture_query_int(fx.st, "SELECT id FROM organisation WHERE kind = 'municipality'"
	                             " AND municipality_code = '2380'");
	fx.org_krokom =
	    fixture_query_int(fx.st, "SELECT id FROM organisation WHERE kind = 'municipality'"
	                             " AND municipality_code = '2309'");
	fx.org_are =
	    fixture_query_int(fx.st, "SELECT id FROM organisation WHERE kind = 'municipality'"
	                             " AND municipality_code = '2321'");
	assert_true(fx.centre > 0 && fx.police > 0 && fx.org_ostersund > 0 && fx.org_krokom > 0 &&
	            fx.org_are > 0);
	fx.actor = fixture_anna(fx.st, fx.centre, (struct nrs_date){2026, 3, 1});
	fx.anna = fx.actor.user_id;
	ok(housingsvc_apartments_ensure(fx.st, &fx.keys, &fx.actor, "centre", &err), &err, "flats");
	fixture_apartments(fx.st, fx.centre, &fx.apt1, &fx.apt2);

	add_people();
	add_series();
	add_group();
	add_stays();
	add_activity();
	add_economy_and_input();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	fixture_close(fx.st, fx.path);
	return 0;
}

/* ---------------------------------------------------------------- expected tables */

/* One expected table. cells: rows separated by ';', entries by spaces, row-major; an entry
 * is "7" (shown, 7), "s1" (a small count: "<3", true value 1), "h4" (hidden: "..", true
 * value 4), "m" (missing: "–"). A line holding one entry more than the table has columns
 * carries the row total; one line more than the table has rows carries the column totals
 * (and the grand total). Count and plain tables list all their totals, published or not;
 * one that is not published is unknown to the reader and carries the primary mark only
 * ("s" when small, else shown; report_model.h). */
struct xt {
	const char *section;
	const char *id;
	const char *title; /* contained in the table's title */
	enum rpt_kind kind;
	bool row_totals, col_totals;
	const char *rows, *cols;
	const char *cells;
};

#define YEARS "2023|2024|2025"
#define GENDERS "Kvinnor|Män|Annan"
#define AGES "0–5|6–12|13–17|18–24|25–34|35–44|45–54|55–64|65+"
#define MUNIS "Östersund|Övriga kommuner"
#define PERMUNIS                                                                                   \
	"Ragunda|Bräcke|Krokom|Strömsund|Åre|Berg|Härjedalen|Östersund|Kommuner utanför länet"
#define TYPES                                                                                      \
	"Samtalsserie för våldsutsatt|Trappan-samtal för barn|Samtalsbehandling för "          \
	"våldsutövare|Partnerkontakt|Samtalsserie för anhörig|Kvinnogrupp"
#define KINDS                                                                                      \
	"Utbildningar med färdigt koncept|Specialbeställda utbildningar|Nätverksträffar för " \
	"samordnare|Nätverksträffar Trappan"
#define Z4 "0 0 0 0;"

/* The report for 2025, threshold 3, host and other municipalities together. Why each
 * figure: see the data set at the top; the marks follow domain/suppress on each grid. */
static const struct xt expected[] = {
    /* ---- individual support: started series, age at the start */
    {"individual", "started.victim_support.gender", "Startade samtalsserier för våldsutsatta",
     RPT_COUNT, false, true, GENDERS, YEARS,
     /* 2023 W1-W4; 2024 W1-W3; 2025 W1-W4, U, P twice = 7 women, Ma, A1 + A2.
      * 2025: man 1 and annat 2 are small; they protect each other (1 + 2 = 3 from the
      * shown total leaves two possibilities), so nothing else is hidden */
     "4 3 7 14; 0 0 s1 s1; 0 0 s2 s2; 4 3 10 17"},
    {"individual", "started.victim_support.age", "Startade samtalsserier för våldsutsatta",
     RPT_COUNT, false, true, AGES, YEARS,
     /* 2025: P at 24 (18–24); P at 25 and Ma at 30 (25–34); the rest born 1985 (35–44) */
     Z4 Z4 Z4 "0 0 s1 s1; 0 0 s2 s2; 4 3 7 14;" Z4 Z4 Z4 "4 3 10 17"},
    {"individual", "started.victim_support.municipality", "Startade samtalsserier för våldsutsatta",
     RPT_COUNT, false, true, MUNIS, YEARS,
     /* 2025 others: U (Umeå, outside the county), P twice (Krokom), Ma (Åre) */
     "4 3 6 13; 0 0 4 4; 4 3 10 17"},
    {"individual", "started.child_trappan.gender", "Startade insatser för barn (Trappan)",
     RPT_COUNT, false, true, GENDERS, YEARS, "0 3 3 6; 0 0 0 0; 0 0 0 0; 0 3 3 6"},
    {"individual", "started.child_trappan.age", "Startade insatser för barn (Trappan)", RPT_COUNT,
     false, true, AGES, YEARS,
     /* girls born 2016: 8 and 9 years old */
     Z4 "0 3 3 6;" Z4 Z4 Z4 Z4 Z4 Z4 Z4 "0 3 3 6"},
    {"individual", "started.child_trappan.municipality", "Startade insatser för barn (Trappan)",
     RPT_COUNT, false, true, MUNIS, YEARS, "0 3 3 6; 0 0 0 0; 0 3 3 6"},
    {"individual", "started.perpetrator_treatment.gender",
     "Startade samtalsserier för våldsutövare", RPT_COUNT, false, true, GENDERS, YEARS,
     /* M1-M3 in 2023, M1, M2, M4 in 2025 */
     "0 0 0 0; 3 0 3 6; 0 0 0 0; 3 0 3 6"},
    {"individual", "started.perpetrator_treatment.age", "Startade samtalsserier för våldsutövare",
     RPT_COUNT, false, true, AGES, YEARS, Z4 Z4 Z4 Z4 Z4 "3 0 3 6;" Z4 Z4 Z4 "3 0 3 6"},
    {"individual", "started.perpetrator_treatment.municipality",
     "Startade samtalsserier för våldsutövare", RPT_COUNT, false, true, MUNIS, YEARS,
     "3 0 3 6; 0 0 0 0; 3 0 3 6"},
    {"individual", "started.relative_support.gender", "Startade samtalsserier för anhöriga",
     RPT_COUNT, false, true, GENDERS, YEARS,
     /* R1-R4 women, R5 a man: the man is "<3", and the women's 4 must go too ("..") or
      * it would give him away as 5 - 4 */
     "0 0 h4 4; 0 0 s1 s1; 0 0 0 0; 0 0 5 5"},
    {"individual", "started.relative_support.age", "Startade samtalsserier för anhöriga", RPT_COUNT,
     false, true, AGES, YEARS,
     /* R1-R4 are 50 (45–54), R5 is 75 (65+) */
     Z4 Z4 Z4 Z4 Z4 Z4 "0 0 h4 4;" Z4 "0 0 s1 s1; 0 0 5 5"},
    {"individual", "started.relative_support.municipality", "Startade samtalsserier för anhöriga",
     RPT_COUNT, false, true, MUNIS, YEARS, "0 0 5 5; 0 0 0 0; 0 0 5 5"},
    /* ---- groups */
    {"groups", "started.womens_group.gender", "Kvinnor som startat i gruppverksamhet", RPT_COUNT,
     false, true, GENDERS, YEARS,
     /* W1, W2, W5 join the group on 2025-09-01 */
     "0 0 3 3; 0 0 0 0; 0 0 0 0; 0 0 3 3"},
    {"groups", "started.womens_group.age", "Kvinnor som startat i gruppverksamhet", RPT_COUNT,
     false, true, AGES, YEARS, Z4 Z4 Z4 Z4 Z4 "0 0 3 3;" Z4 Z4 Z4 "0 0 3 3"},
    {"groups", "started.womens_group.municipality", "Kvinnor som startat i gruppverksamhet",
     RPT_COUNT, false, true, MUNIS, YEARS, "0 0 3 3; 0 0 0 0; 0 0 3 3"},
    /* ---- emergency apartments */
    {"apartments", "apartments.adults.gender", "Vuxna som flyttat in", RPT_COUNT, false, true,
     GENDERS, YEARS,
     /* moved in: 2023 S1 (Se), 2024 S4 and S2 (Mk, twice), 2025 S3, S5, S6, S7 (H1-H4).
      * The small 2023 and 2024 totals hide each other (1 + 2 = 3 = the men's total) */
     "0 0 4 4; s1 s2 0 3; 0 0 0 0; s1 s2 4 7"},
    {"apartments", "apartments.adults.age", "Vuxna som flyttat in", RPT_COUNT, false, true, AGES,
     YEARS,
     /* Se 38 (35–44), Mk 34 (25–34), H1-H4 50 (45–54) */
     Z4 Z4 Z4 Z4 "0 s2 0 s2; s1 0 0 s1; 0 0 4 4;" Z4 Z4 "s1 s2 4 7"},
    {"apartments", "apartments.adults.municipality", "Vuxna som flyttat in", RPT_COUNT, false, true,
     MUNIS, YEARS,
     /* Se from Åre, Mk from Krokom, H1-H4 from Östersund */
     "0 0 4 4; s1 s2 0 3; s1 s2 4 7"},
    {"apartments", "apartments.children.age", "Barn som flyttat in", RPT_COUNT, false, true, AGES,
     YEARS,
     /* S3 with children of 2, 7 and 15, S6 with a child of 10 */
     "0 0 s1 s1; 0 0 s2 s2; 0 0 s1 s1;" Z4 Z4 Z4 Z4 Z4 Z4 "0 0 4 4"},
    {"apartments", "apartments.children.municipality", "Barn som flyttat in", RPT_COUNT, false,
     true, MUNIS, YEARS, "0 0 4 4; 0 0 0 0; 0 0 4 4"},
    {"apartments", "apartments.length", "Boendetid", RPT_TENTHS, false, false,
     "Vuxen utan barn|Vuxen med medföljande barn|Samtliga", YEARS,
     /* moved out: 2023 S1 20 nights; 2024 S4 14; 2025 S2 20 (moved in 2024) and S5 11
      * without children, S3 14 and S6 28 with; S7 is still there. Fewer than 3: "..";
      * all four of 2025: 73 / 4 = 18,25 -> 18,3 (half away from zero) */
     "h200 h140 h155; m m h210; h200 h140 183"},
    {"apartments", "apartments.occupancy", "Nyttjandegrad", RPT_PERMILLE, false, false,
     "Nyttjandegrad", YEARS,
     /* two flats. 2023: 20 / 730 = 2,74 %; 2024 (leap year): S4 14 + S2 12 (Dec 20-31)
      * = 26 / 732 = 3,55 %; 2025: S2 8 (Jan 1-8) + 14 + 11 + 28 + S7 12 (Dec 20-31, open)
      * = 73 / 730 = 10,0 % */
     "27 36 100"},
    /* ---- per intervention type (rows in the table's insertion order, all six active) */
    {"interventions", "types.started", "Startade insatser", RPT_COUNT, false, true, TYPES, YEARS,
     "4 3 10 17; 0 3 3 6; 3 0 3 6; 0 0 0 0; 0 0 5 5; 0 0 3 3; 7 6 24 37"},
    {"interventions", "types.mean_sessions", "Hållna samtal per avslutad insats", RPT_TENTHS, false,
     false, TYPES, YEARS,
     /* victim support ended: 2023 5+4+6+5 = 20 / 4; 2024 4+3 / 2 (fewer than 3);
      * 2025 W3's 2024 series (8, one of them in 2025) + 6 + 5 + 4 + P's 4 = 27 / 5.
      * Trappan 15 / 3, 12 / 3. Perpetrators 2023 6+6+8 = 20 / 3 = 6,67 -> 6,7;
      * 2025 5+5 / 2 (fewer than 3). Cancelled and no-show sessions do not count */
     "50 h35 54; m 50 40; 67 m h50; m m m; m m m; m m m"},
    {"interventions", "types.basis", "Hållna samtal: service och bistånd", RPT_COUNT, false, true,
     TYPES, "2023 service|2023 bistånd|2024 service|2024 bistånd|2025 service|2025 bistånd",
     /* sessions held in each year: victim support 2024 aid = W3's 7 of 2024, 2025 aid = her
      * eighth + W3's 4 + P's 3; 2025 service 6+5+4+3+4+2+2+1 = 27 */
     "20 0 7 7 27 8 69; 0 0 15 0 12 0 27; 0 20 0 0 0 14 34; 0 0 0 0 0 0 0;"
     "0 0 0 0 15 0 15; 0 0 0 0 0 0 0; 20 20 22 7 54 22 145"},
    {"interventions", "types.home", "Startade insatser med samtal i hemkommunen", RPT_COUNT, false,
     true, TYPES, YEARS,
     /* W1's 2025 series has one held session in the home municipality; W2's has only a
      * cancelled one */
     "0 0 s1 s1; 0 0 0 0; 0 0 0 0; 0 0 0 0; 0 0 0 0; 0 0 0 0; 0 0 s1 s1"},
    {"interventions", "types.queue_median", "Kötid, median", RPT_TENTHS, false, false, TYPES, YEARS,
     /* victim support 2023: 5 10 14 20 -> 12; 2024: 10 14 45 -> 14; 2025: 5 10 12 14 20 23
      * 30 31 40 60 -> (20 + 23) / 2 = 21,5. Trappan 22 32 34; 2 4 7. Perpetrators 14 19
      * 30; 9 11 13. Relatives 6..10. Group 0 21 31 */
     "120 140 215; m 320 40; 190 m 110; m m m; m m 80; m m 210"},
    {"interventions", "types.queue_mean", "Kötid, medelvärde", RPT_TENTHS, false, false, TYPES,
     YEARS,
     /* 49 / 4 = 12,25 -> 12,3; 69 / 3; 245 / 10; 88 / 3 = 29,33; 13 / 3 = 4,33; 63 / 3;
      * 33 / 3; 40 / 5; 52 / 3 = 17,33 */
     "123 230 245; m 293 43; 210 m 110; m m m; m m 80; m m 173"},
    {"interventions", "queue.month", "Kötid per månad", RPT_TENTHS, false, false, YEARS,
     "jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec",
     /* 2023 jan 10 14 20 (14,67); feb 5 14 19 (12,67); mar 30 alone.
      * 2024 mar 10 14 32 34 22 (22,4); nov 45 alone.
      * 2025 jan 5 10 12 14 (10,25 -> 10,3); feb 20 9 11 13 (13,25 -> 13,3); mar 23 2 4 7;
      * apr 6..10; may 30, jun 40, jul 60 alone; sep 31 31 21 0 (20,75 -> 20,8) */
     "147 127 h300 m m m m m m m m m; m m 224 m m m m m m m h450 m;"
     "103 133 90 80 h300 h400 h600 m 208 m m m"},
    /* ---- trainings (not persons: nothing hidden) */
    {"trainings", "trainings.count", "Genomförda utbildningar", RPT_PLAIN, false, true, KINDS,
     YEARS, "1 0 2 3; 0 1 1 2; 0 0 1 1; 0 2 0 2; 1 3 4 8"},
    {"trainings", "trainings.participants", "Deltagare per kommun 2025", RPT_PLAIN, true, true,
     "Berg|Bräcke|Härjedalen|Krokom|Ragunda|Strömsund|Åre|Östersund|Övriga", KINDS,
     /* 2025: concept Östersund 12 + 8, Krokom 5, police 4 (no municipality); custom
      * Krokom 6; coordinators Östersund 2, Krokom 1 */
     "0 0 0 0 0; 0 0 0 0 0; 0 0 0 0 0; 5 6 1 0 12; 0 0 0 0 0; 0 0 0 0 0; 0 0 0 0 0;"
     "20 0 2 0 22; 4 0 0 0 4; 29 6 3 0 38"},
    /* ---- resources */
    {"resources", "resources.fte", "", RPT_HUNDREDTHS, false, false, "Personal (årsarbetare)",
     YEARS, "m 400 650"},
    {"resources", "resources.volume", "", RPT_PLAIN, false, false,
     "Aktiva ärenden|Hållna samtal|Samtalstimmar", YEARS,
     /* cases: 2023 W1-W4, M1-M3; 2024 W1-W4, M1-M3 (M3 closed 2024-01-01), G1-G3;
      * 2025 W1-W5, U, P, Ma, A1, A2, G1-G3, M1, M2, M4, R1-R5.
      * sessions 20+20; 7+7+15; 27+8+12+14+15. hours: 40, 29, 4 590 min = 76,5 -> 77 */
     "7 10 21; 40 29 76; 40 29 77"},
    {"resources", "resources.per_fte", "", RPT_TENTHS, false, false,
     "Ärenden per årsarbetare|Samtal per årsarbetare|Timmar per årsarbetare", YEARS,
     /* 2024 (4,00): 10/4 = 2,5; 29/4 = 7,25 -> 7,3 twice. 2025 (6,50): 21/6,5 = 3,23;
      * 76/6,5 = 11,69; 76,5/6,5 = 11,77 */
     "m 25 32; m 73 117; m 73 118"},
    /* ---- economy */
    {"economy", "economy.summary", "", RPT_ORE, false, false, "Budget|Utfall|Resultat", YEARS,
     /* no budget before 2024; 2024 1 000 000 kr, outcome 990 000 kr; 2025 4 744 767 kr
      * without outcome */
     "m 100000000 474476700; m 99000000 m; m 1000000 m"},
    {"economy", "economy.distribution", "Fördelning mellan kommunerna", RPT_ORE, false, true,
     "Ragunda|Bräcke|Krokom|Strömsund|Åre|Berg|Härjedalen|Östersund", YEARS,
     /* 2024: share (thousandths of a percent) x 10 kr; 2025: SPEC R26's table */
     "m 3876000 18390700; m 4598000 21816400; m 11780000 55893400; m 8409000 39898700;"
     "m 9343000 44330400; m 5370000 25479400; m 7652000 36307000; m 48972000 232360700;"
     "m 100000000 474476700"},
    /* ---- other activity */
    {"activity", "activity.counts", "", RPT_COUNT, false, false,
     "Polisremisser|Anonyma kontakter|Konsultationer|Orosanmälningar|Lex Sarah-anmälningar", YEARS,
     "0 s2 4; 3 s1 5; s2 0 3; 0 3 s2; 0 0 s1"},
    {"activity", "activity.referrals_48h", "", RPT_PERMILLE, false, false,
     "Polisremisser kontaktade inom 48 timmar", YEARS,
     /* 2024: 2 of 2 (fewer than 3 referrals); 2025: at 48 h and at 2 h of 4 = 50,0 % */
     "m h1000 500"},
};
#define NEXPECTED (sizeof(expected) / sizeof(expected[0]))

/* The municipality tables with one row per member municipality (per_municipality). */
static const struct xt expected_per_municipality[] = {
    {"individual", "started.victim_support.municipality", NULL, RPT_COUNT, false, true, PERMUNIS,
     YEARS,
     /* Krokom P twice, Åre Ma, outside the county U: three small figures adding up to 4,
      * each of them could be 1 or 2 */
     Z4 Z4 "0 0 s2 s2;" Z4 "0 0 s1 s1;" Z4 Z4 "4 3 6 13; 0 0 s1 s1; 4 3 10 17"},
    {"individual", "started.child_trappan.municipality", NULL, RPT_COUNT, false, true, PERMUNIS,
     YEARS, Z4 Z4 Z4 Z4 Z4 Z4 Z4 "0 3 3 6;" Z4 "0 3 3 6"},
    {"individual", "started.perpetrator_treatment.municipality", NULL, RPT_COUNT, false, true,
     PERMUNIS, YEARS, Z4 Z4 Z4 Z4 Z4 Z4 Z4 "3 0 3 6;" Z4 "3 0 3 6"},
    {"individual", "started.relative_support.municipality", NULL, RPT_COUNT, false, true, PERMUNIS,
     YEARS, Z4 Z4 Z4 Z4 Z4 Z4 Z4 "0 0 5 5;" Z4 "0 0 5 5"},
    {"groups", "started.womens_group.municipality", NULL, RPT_COUNT, false, true, PERMUNIS, YEARS,
     Z4 Z4 Z4 Z4 Z4 Z4 Z4 "0 0 3 3;" Z4 "0 0 3 3"},
    {"apartments", "apartments.adults.municipality", NULL, RPT_COUNT, false, true, PERMUNIS, YEARS,
     Z4 Z4 "0 s2 0 s2;" Z4 "s1 0 0 s1;" Z4 Z4 "0 0 4 4;" Z4 "s1 s2 4 7"},
    {"apartments", "apartments.children.municipality", NULL, RPT_COUNT, false, true, PERMUNIS,
     YEARS, Z4 Z4 Z4 Z4 Z4 Z4 Z4 "0 0 4 4;" Z4 "0 0 4 4"},
};
#define NPERMUNI (sizeof(expected_per_municipality) / sizeof(expected_per_municipality[0]))

static const struct {
	const char *id, *title;
} section_titles[] = {
    {"goals", "Måluppfyllelse"},
    {"events", "Väsentliga händelser"},
    {"individual", "Individuellt stöd"},
    {"groups", "Gruppverksamhet"},
    {"apartments", "Jourlägenheter"},
    {"interventions", "Insatser per typ"},
    {"trainings", "Utbildningar"},
    {"resources", "Resurstilldelning"},
    {"economy", "Ekonomi"},
    {"activity", "Övrig verksamhet"},
};
#define NSECTIONS (sizeof(section_titles) / sizeof(section_titles[0]))

static const char *section_title(const char *id)
{
	for (size_t k = 0; k < NSECTIONS; k++)
		if (strcmp(section_titles[k].id, id) == 0)
			return section_titles[k].title;
	return "?";
}

/* ---------------------------------------------------------------- reading the specs */

#define XMAX (RPT_MAX_ROWS + 1)
struct grid {
	size_t rows, cols; /* lines and entries per line in the spec */
	bool given[XMAX][XMAX];
	int64_t v[XMAX][XMAX];
	unsigned char mark[XMAX][XMAX];
};

static void parse_cells(const char *spec, struct grid *g)
{
	size_t i = 0, j = 0;
	const char *p = spec;

	memset(g, 0, sizeof(*g));
	while (*p != '\0') {
		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == ';') {
			if (j > g->cols)
				g->cols = j;
			i++;
			j = 0;
			p++;
			continue;
		}
		assert_true(i < XMAX && j < XMAX);
		g->given[i][j] = true;
		g->mark[i][j] = RPT_SHOWN;
		if (*p == 's' || *p == 'h') {
			g->mark[i][j] = *p == 's' ? RPT_SMALL : RPT_HIDDEN;
			p++;
		} else if (*p == 'm') {
			g->mark[i][j] = RPT_MISSING;
			p++;
		}
		if (g->mark[i][j] != RPT_MISSING)
			g->v[i][j] = strtoll(p, (char **)&p, 10);
		j++;
	}
	if (j > 0) {
		if (j > g->cols)
			g->cols = j;
		i++;
	}
	g->rows = i;
}

/* Split "a|b|c" into out; returns the count. */
static size_t split_labels(const char *s, char out[][RPT_LABEL_MAX], size_t max)
{
	size_t n = 0;

	while (n < max) {
		size_t len = strcspn(s, "|");

		snprintf(out[n++], RPT_LABEL_MAX, "%.*s", (int)len, s);
		if (s[len] == '\0')
			break;
		s += len + 1;
	}
	return n;
}

/* The expected mark and value of entry (i, j); false when the spec does not give it. With
 * raw (threshold 0) nothing is small or hidden: the true value is shown. */
static bool spec_entry(const struct grid *g, const struct rpt_table *t, size_t i, size_t j,
                       bool raw, unsigned char *mark, int64_t *v)
{
	/* the spec's totals line and column sit right after the cells, as in the model */
	if (i > t->rows || j > t->cols || i >= g->rows || !g->given[i][j])
		return false;
	*mark = g->mark[i][j];
	*v = g->v[i][j];
	if (raw && (*mark == RPT_SMALL || *mark == RPT_HIDDEN))
		*mark = RPT_SHOWN;
	return true;
}

static const char *mark_name(int m)
{
	static const char *const names[] = {"shown", "small", "hidden", "missing"};

	return m >= 0 && m <= 3 ? names[m] : "?";
}

static size_t table_section(const struct annual_report *r, const struct rpt_table *t)
{
	size_t k = (size_t)(t - r->tables);

	for (size_t s = 0; s < r->n_sections; s++)
		if (k >= r->sections[s].first && k < r->sections[s].first + r->sections[s].n)
			return s;
	return SIZE_MAX;
}

/* Compare one table of the model with its expectation; print every difference and return
 * how many there were. */
static int check_table(const struct annual_report *r, const struct xt *x, bool raw)
{
	char labels[XMAX][RPT_LABEL_MAX];
	const struct rpt_table *t = rpt_find(r, x->id);
	struct grid g;
	size_t n, s;
	int bad = 0;

	if (t == NULL) {
		print_message("%s: no such table\n", x->id);
		return 1;
	}
	s = table_section(r, t);
	if (s == SIZE_MAX || strcmp(r->sections[s].id, x->section) != 0) {
		print_message("%s: not in section %s\n", x->id, x->section);
		bad++;
	}
	if (x->title != NULL && strstr(t->title, x->title) == NULL) {
		print_message("%s: title '%s', expected to contain '%s'\n", x->id, t->title,
		              x->title);
		bad++;
	}
	if (t->kind != x->kind) {
		print_message("%s: kind %d, expected %d\n", x->id, (int)t->kind, (int)x->kind);
		bad++;
	}
	if (t->row_totals != x->row_totals || t->col_totals != x->col_totals) {
		print_message("%s: totals published rows %d cols %d, expected %d %d\n", x->id,
		              t->row_totals, t->col_totals, x->row_totals, x->col_totals);
		bad++;
	}
	n = split_labels(x->rows, labels, XMAX);
	if (t->rows != n) {
		print_message("%s: %zu rows, expected %zu\n", x->id, t->rows, n);
		return bad + 1;
	}
	for (size_t i = 0; i < n; i++)
		if (strcmp(t->row_label[i], labels[i]) != 0) {
			print_message("%s: row %zu '%s', expected '%s'\n", x->id, i,
			              t->row_label[i], labels[i]);
			bad++;
		}
	n = split_labels(x->cols, labels, XMAX);
	if (t->cols != n) {
		print_message("%s: %zu columns, expected %zu\n", x->id, t->cols, n);
		return bad + 1;
	}
	for (size_t j = 0; j < n; j++)
		if (strcmp(t->col_label[j], labels[j]) != 0) {
			print_message("%s: column %zu '%s', expected '%s'\n", x->id, j,
			              t->col_label[j], labels[j]);
			bad++;
		}
	parse_cells(x->cells, &g);
	assert_true(g.rows == t->rows || g.rows == t->rows + 1);
	assert_true(g.cols == t->cols || g.cols == t->cols + 1);
	for (size_t i = 0; i <= t->rows; i++)
		for (size_t j = 0; j <= t->cols; j++) {
			unsigned char m;
			int64_t v;

			if (!spec_entry(&g, t, i, j, raw, &m, &v))
				continue;
			if (t->mark[i][j] != m || (m != RPT_MISSING && t->v[i][j] != v)) {
				print_message("%s [%s, %s]: expected %s %" PRId64
				              ", got %s %" PRId64 "\n",
				              x->id, i < t->rows ? t->row_label[i] : "Totalt",
				              j < t->cols ? t->col_label[j] : "Totalt",
				              mark_name(m), m == RPT_MISSING ? (int64_t)0 : v,
				              mark_name(t->mark[i][j]), t->v[i][j]);
				bad++;
			}
		}
	return bad;
}

static int check_all(const struct annual_report *r, const struct xt *list, size_t n, bool raw)
{
	int bad = 0;

	for (size_t k = 0; k < n; k++)
		bad += check_table(r, &list[k], raw);
	return bad;
}

static void build(struct annual_report *r, int64_t threshold, bool per_municipality)
{
	struct reportsvc_opts o = {2025, false, per_municipality, threshold, {2026, 3, 1}};
	struct nrs_error err = {0};

	rpt_init(r);
	ok(reportsvc_build(fx.st, &o, r, &err), &err, "reportsvc_build");
}

/* ---------------------------------------------------------------- published texts */

/* v with a no-break space between thousands, or plain digits. */
static void digits(int64_t v, bool plain, char *out, size_t n)
{
	char d[32], tmp[64];
	size_t len, k = 0, o = 0;

	snprintf(d, sizeof(d), "%" PRId64, v < 0 ? -v : v);
	len = strlen(d);
	if (v < 0)
		tmp[o++] = '-';
	for (k = 0; k < len; k++) {
		if (!plain && k > 0 && (len - k) % 3 == 0) {
			memcpy(tmp + o, NBSP, 2);
			o += 2;
		}
		tmp[o++] = d[k];
	}
	tmp[o] = '\0';
	snprintf(out, n, "%s", tmp);
}

/* What the report must show for an entry, as rpt_cell_text documents it. */
static void expected_text(enum rpt_kind kind, unsigned char mark, int64_t v, bool plain, char *out,
                          size_t n)
{
	char w[48];

	switch (mark) {
	case RPT_SMALL:
		snprintf(out, n, "<3");
		return;
	case RPT_HIDDEN:
		snprintf(out, n, "..");
		return;
	case RPT_MISSING:
		snprintf(out, n, "–");
		return;
	default:
		break;
	}
	switch (kind) {
	case RPT_TENTHS:
	case RPT_PERMILLE:
		digits(v / 10, plain, w, sizeof(w));
		snprintf(out, n, "%s,%d%s", w, (int)(v % 10),
		         kind == RPT_PERMILLE && !plain ? NBSP "%" : "");
		return;
	case RPT_HUNDREDTHS:
		digits(v / 100, plain, w, sizeof(w));
		snprintf(out, n, "%s,%02d", w, (int)(v % 100));
		return;
	case RPT_ORE:
		digits(v / 100, plain, out, n);
		return;
	default:
		digits(v, plain, out, n);
		return;
	}
}

/* One published entry as the expectation gives it: its place (i == rows for the column
 * totals, j == cols for the row totals), labels ("Totalt" for totals), mark and value. */
struct xentry {
	size_t i, j;
	const char *row, *col;
	unsigned char mark;
	int64_t v;
};
typedef void (*entry_fn)(const struct xt *x, const struct xentry *e, void *ctx);

/* Walk the published entries of the expectation x, row-major (totals as x says). */
static void each_entry(const struct xt *x, entry_fn fn, void *ctx)
{
	char rows[XMAX][RPT_LABEL_MAX], cols[XMAX][RPT_LABEL_MAX];
	size_t nr = split_labels(x->rows, rows, XMAX), nc = split_labels(x->cols, cols, XMAX);
	struct grid g;

	parse_cells(x->cells, &g);
	for (size_t i = 0; i <= nr && i < g.rows; i++)
		for (size_t j = 0; j <= nc; j++) {
			struct xentry e = {i,
			                   j,
			                   i < nr ? rows[i] : "Totalt",
			                   j < nc ? cols[j] : "Totalt",
			                   g.mark[i][j],
			                   g.v[i][j]};
			bool pub = (i < nr || x->col_totals) && (j < nc || x->row_totals);

			if (pub && g.given[i][j])
				fn(x, &e, ctx);
		}
}

/* -- HTML: each published text, escaped, in a cell of the table's element, in order */
struct html_walk {
	const char *pos, *end;
	int bad;
};

static void html_entry(const struct xt *x, const struct xentry *e, void *ctx)
{
	struct html_walk *w = ctx;
	char text[64], needle[96];
	const char *hit;

	expected_text(x->kind, e->mark, e->v, false, text, sizeof(text));
	snprintf(needle, sizeof(needle), ">%s</td>", e->mark == RPT_SMALL ? "&lt;3" : text);
	hit = strstr(w->pos, needle);
	if (hit == NULL || hit > w->end) {
		print_message("HTML %s [%s, %s]: '%s' not found in order\n", x->id, e->row, e->col,
		              text);
		w->bad++;
		return;
	}
	w->pos = hit + strlen(needle);
}

static int check_html(const struct annual_report *r, const char *html, const struct xt *list,
                      size_t n)
{
	(void)r;
	int bad = 0;

	for (size_t k = 0; k < n; k++) {
		char anchor[96];
		struct html_walk w;
		const char *start;

		snprintf(anchor, sizeof(anchor), "id=\"tabell-%s\"", list[k].id);
		start = strstr(html, anchor);
		if (start == NULL) {
			print_message("HTML: no table %s\n", list[k].id);
			bad++;
			continue;
		}
		w.pos = start;
		w.end = strstr(start, "</table>");
		w.bad = 0;
		assert_non_null(w.end);
		each_entry(&list[k], html_entry, &w);
		bad += w.bad;
	}
	return bad;
}

/* -- CSV: exactly the expected lines for each table, in order */
static void csv_entry(const struct xt *x, const struct xentry *e, void *ctx)
{
	struct buf *b = ctx;
	char text[64];

	expected_text(x->kind, e->mark, e->v, true, text, sizeof(text));
	assert_int_equal(buf_printf(b, "%s;%s;%s;%s;%s\r\n", section_title(x->section), x->id,
	                            e->row, e->col, text),
	                 0);
}

/* Print the first line where two texts differ. */
static void print_first_difference(const char *what, const char *want, const char *got)
{
	size_t line = 1;

	while (*want != '\0' && *want == *got) {
		line += *want == '\n';
		want++;
		got++;
	}
	while (line > 1 && want[-1] != '\n') {
		want--;
		got--;
	}
	print_message("%s, line %zu: expected '%.*s', got '%.*s'\n", what, line,
	              (int)strcspn(want, "\r\n"), want, (int)strcspn(got, "\r\n"), got);
}

static int check_csv(const struct annual_report *r, const char *csv, const struct xt *list,
                     size_t n)
{
	(void)r;
	int bad = 0;

	if (strncmp(csv,
	            "\xEF\xBB\xBF"
	            "avsnitt;tabell;rad;kolumn;värde\r\n",
	            36) != 0) {
		print_message("CSV: no BOM and header line\n");
		bad++;
	}
	for (size_t k = 0; k < n; k++) {
		struct buf want, got;
		char key[80];
		const char *p = csv;

		buf_init(&want, 0);
		buf_init(&got, 0);
		each_entry(&list[k], csv_entry, &want);
		snprintf(key, sizeof(key), ";%s;", list[k].id);
		/* every line whose second field is the table's id */
		while (*p != '\0') {
			const char *eol = strstr(p, "\r\n");
			const char *semi = strchr(p, ';');
			size_t len = eol ? (size_t)(eol - p) + 2 : strlen(p);

			if (semi != NULL && semi < p + len && strncmp(semi, key, strlen(key)) == 0)
				assert_int_equal(buf_append(&got, p, len), 0);
			p += len;
		}
		if (strcmp(buf_cstr(&want), buf_cstr(&got)) != 0) {
			print_first_difference(list[k].id, buf_cstr(&want), buf_cstr(&got));
			bad++;
		}
		buf_free(&want);
		buf_free(&got);
	}
	return bad;
}

/* -- JSON: numbers for shown entries, the mark's string for hidden ones, null for missing */
static const char *jstr(const json_t *v)
{
	const char *s = json_string_value(v);

	return s != NULL ? s : "";
}

static const json_t *json_table(const json_t *root, const char *section, const char *id)
{
	const json_t *sections = json_object_get(root, "sections");

	for (size_t k = 0; k < json_array_size(sections); k++) {
		const json_t *s = json_array_get(sections, k);
		const json_t *tables = json_object_get(s, "tables");

		if (strcmp(jstr(json_object_get(s, "id")), section) != 0)
			continue;
		for (size_t m = 0; m < json_array_size(tables); m++)
			if (strcmp(jstr(json_object_get(json_array_get(tables, m), "id")), id) == 0)
				return json_array_get(tables, m);
	}
	return NULL;
}

struct json_walk {
	const json_t *table;
	int bad;
};

static void json_entry(const struct xt *x, const struct xentry *xe, void *ctx)
{
	struct json_walk *w = ctx;
	size_t nr = json_array_size(json_object_get(w->table, "rows"));
	size_t nc = json_array_size(json_object_get(w->table, "columns"));
	size_t i = xe->i, j = xe->j;
	unsigned char mark = xe->mark;
	int64_t v = xe->v;
	const json_t *e;
	double want = (double)v;
	bool good;

	if (i < nr && j < nc)
		e = json_array_get(json_array_get(json_object_get(w->table, "cells"), i), j);
	else if (i < nr)
		e = json_array_get(json_object_get(w->table, "row_totals"), i);
	else if (j < nc)
		e = json_array_get(json_object_get(w->table, "column_totals"), j);
	else
		e = json_object_get(w->table, "total");
	if (strcmp(jstr(json_array_get(json_object_get(w->table, "rows"), i)), xe->row) != 0 &&
	    i < nr) {
		print_message("JSON %s: row %zu is '%s', expected '%s'\n", x->id, i,
		              jstr(json_array_get(json_object_get(w->table, "rows"), i)), xe->row);
		w->bad++;
	}
	switch (x->kind) {
	case RPT_TENTHS:
	case RPT_PERMILLE:
		want = (double)v / 10;
		break;
	case RPT_HUNDREDTHS:
	case RPT_ORE:
		want = (double)v / 100;
		break;
	default:
		break;
	}
	switch (mark) {
	case RPT_SMALL:
		good = json_is_string(e) && strcmp(json_string_value(e), "<3") == 0;
		break;
	case RPT_HIDDEN:
		good = json_is_string(e) && strcmp(json_string_value(e), "..") == 0;
		break;
	case RPT_MISSING:
		good = json_is_null(e);
		break;
	default:
		good = json_is_number(e) && fabs(json_number_value(e) - want) < 1e-9;
		break;
	}
	if (!good) {
		char *dump = e ? json_dumps(e, JSON_ENCODE_ANY) : NULL;

		print_message("JSON %s [%s, %s]: expected %s %g, got %s\n", x->id, xe->row, xe->col,
		              mark_name(mark), want, dump ? dump : "(absent)");
		free(dump);
		w->bad++;
	}
}

static int check_json(const struct annual_report *r, const char *text, const struct xt *list,
                      size_t n, bool per_municipality)
{
	(void)r;
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	const json_t *years;
	int bad = 0;

	if (root == NULL) {
		print_message("JSON does not parse: %s (line %d)\n", jerr.text, jerr.line);
		return 1;
	}
	years = json_object_get(root, "years");
	if (strcmp(jstr(json_object_get(root, "report")), "annual") != 0 ||
	    json_integer_value(json_object_get(root, "year")) != 2025 ||
	    json_array_size(years) != 3 || json_integer_value(json_array_get(years, 0)) != 2023 ||
	    json_integer_value(json_array_get(years, 2)) != 2025 ||
	    json_integer_value(json_object_get(root, "threshold")) != 3 ||
	    json_is_true(json_object_get(root, "per_municipality")) != per_municipality) {
		print_message("JSON: report, year, years, threshold or per_municipality wrong\n");
		bad++;
	}
	for (size_t k = 0; k < n; k++) {
		struct json_walk w = {json_table(root, list[k].section, list[k].id), 0};

		if (w.table == NULL) {
			print_message("JSON: no table %s in section %s\n", list[k].id,
			              list[k].section);
			bad++;
			continue;
		}
		each_entry(&list[k], json_entry, &w);
		bad += w.bad;
	}
	json_decref(root);
	return bad;
}

/* The contents of the XLSX's worksheets and strings, through unzip when it is installed
 * (scripts/install-deps installs it); NULL when it is not. */
static char *xlsx_text(const char *path)
{
	char cmd[256];
	struct buf b;
	FILE *p;
	char chunk[4096];
	size_t got;

	if (access("/usr/bin/unzip", X_OK) != 0)
		return NULL;
	snprintf(cmd, sizeof(cmd),
	         "/usr/bin/unzip -p '%s' 'xl/worksheets/*.xml' 'xl/sharedStrings.xml' 2>/dev/null",
	         path);
	p = popen(cmd, "r");
	if (p == NULL)
		return NULL;
	buf_init(&b, 0);
	while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0)
		assert_int_equal(buf_append(&b, chunk, got), 0);
	pclose(p);
	return buf_steal(&b);
}

/* ---------------------------------------------------------------- the tests */

/* The data set went in as planned (a guard for the expectations above). */
static void test_data_set(void **state)
{
	(void)state;
	assert_int_equal(
	    fixture_query_int(fx.st, "SELECT count(*) FROM intervention WHERE started IS NOT NULL"),
	    37); /* 34 series + 3 group starts */
	/* 40 + 29 + 76 held sessions, all in 2023-2025 (types.basis' grand total) */
	assert_int_equal(
	    fixture_query_int(fx.st, "SELECT count(*) FROM session_log WHERE outcome = 'held'"),
	    145);
	assert_int_equal(fixture_query_int(fx.st, "SELECT count(*) FROM stay"), 7);
	assert_int_equal(fixture_query_int(fx.st, "SELECT count(*) FROM police_referral"), 6);
	/* the age and municipality at the start are stored with the series */
	assert_int_equal(
	    fixture_query_int(fx.st, "SELECT count(*) FROM intervention WHERE started IS NOT NULL"
	                             " AND (start_age IS NULL OR start_municipality IS NULL)"),
	    0);
	assert_int_equal(
	    fixture_query_int(fx.st, "SELECT count(*) FROM stay WHERE adult_age IS NULL"), 0);
}

static void test_model_threshold_3(void **state)
{
	struct annual_report r;
	int bad;

	(void)state;
	build(&r, 3, false);
	assert_int_equal(r.year, 2025);
	assert_int_equal(r.n_years, 3);
	assert_int_equal(r.years[0], 2023);
	assert_int_equal(r.years[1], 2024);
	assert_int_equal(r.years[2], 2025);
	assert_false(r.quality);
	assert_false(r.per_municipality);
	assert_int_equal(r.threshold, 3);
	assert_string_equal(r.host_name, "Östersund");
	assert_non_null(strstr(r.title, "2025"));
	/* the sections in the order of contents.md, with their titles and texts */
	assert_int_equal(r.n_sections, NSECTIONS);
	for (size_t k = 0; k < NSECTIONS && k < r.n_sections; k++) {
		assert_string_equal(r.sections[k].id, section_titles[k].id);
		assert_string_equal(r.sections[k].title, section_titles[k].title);
	}
	assert_non_null(r.sections[0].text);
	assert_string_equal(r.sections[0].text, "Målen för 2025 nåddes i stort sett.");
	assert_non_null(r.sections[1].text);
	assert_string_equal(r.sections[1].text,
	                    "Centret flyttade till nya lokaler.\n\nTrappan-nätverket startade.");
	/* charts: gender tables and types.started as bars, queue.month as a line */
	assert_int_equal(rpt_find(&r, "started.victim_support.gender")->chart, RPT_CHART_BARS);
	assert_int_equal(rpt_find(&r, "started.womens_group.gender")->chart, RPT_CHART_BARS);
	assert_int_equal(rpt_find(&r, "types.started")->chart, RPT_CHART_BARS);
	assert_int_equal(rpt_find(&r, "queue.month")->chart, RPT_CHART_LINE);
	/* the three breakdowns of one statistic share a link */
	assert_string_equal(rpt_find(&r, "started.victim_support.age")->link,
	                    "started.victim_support");
	assert_string_equal(rpt_find(&r, "started.victim_support.municipality")->link,
	                    "started.victim_support");
	assert_string_equal(rpt_find(&r, "apartments.children.age")->link, "apartments.children");
	assert_string_equal(rpt_find(&r, "apartments.adults.gender")->link, "apartments.adults");
	/* no "Okänd ålder" row: every age is known */
	bad = check_all(&r, expected, NEXPECTED, false);
	rpt_free(&r);
	assert_int_equal(bad, 0);
}

/* Threshold 0: nothing is hidden, every figure is the raw one (the same data). */
static void test_model_threshold_0(void **state)
{
	struct annual_report r;
	int bad;

	(void)state;
	build(&r, 0, false);
	assert_int_equal(r.threshold, 0);
	bad = check_all(&r, expected, NEXPECTED, true);
	rpt_free(&r);
	assert_int_equal(bad, 0);
}

static void test_formats(void **state)
{
	struct annual_report r;
	struct nrs_error err = {0};
	struct buf frag, doc, csv, json;
	char head[2] = {0, 0};
	char *sheets;
	FILE *fp;
	int bad = 0;

	(void)state;
	build(&r, 3, false);
	buf_init(&frag, 0);
	buf_init(&doc, 0);
	buf_init(&csv, 0);
	buf_init(&json, 0);
	assert_int_equal(annual_html_fragment(&r, &frag), 0);
	assert_int_equal(annual_html_document(&r, &doc), 0);
	assert_int_equal(annual_csv(&r, &csv), 0);
	assert_int_equal(annual_json(&r, &json), 0);

	bad += check_html(&r, buf_cstr(&frag), expected, NEXPECTED);
	bad += check_html(&r, buf_cstr(&doc), expected, NEXPECTED);
	assert_non_null(strstr(buf_cstr(&frag), "Målen för 2025 nåddes i stort sett."));
	assert_non_null(strstr(buf_cstr(&doc), "Trappan-nätverket startade."));
	assert_non_null(strstr(buf_cstr(&doc), "<html"));
	bad += check_csv(&r, buf_cstr(&csv), expected, NEXPECTED);
	bad += check_json(&r, buf_cstr(&json), expected, NEXPECTED, false);

	/* XLSX: a zip; the figures in its sheets when unzip is there to read them */
	unlink(fx.xlsx);
	ok(annual_xlsx(&r, fx.xlsx, &err), &err, "annual_xlsx");
	fp = fopen(fx.xlsx, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(head, 1, 2, fp), 2);
	fclose(fp);
	assert_memory_equal(head, "PK", 2);
	sheets = xlsx_text(fx.xlsx);
	if (sheets != NULL) {
		/* the 2025 and 2024 budgets in kronor, 18,3 nights, the marks, a title */
		assert_non_null(strstr(sheets, ">4744767<"));
		assert_non_null(strstr(sheets, ">18.3<"));
		assert_non_null(strstr(sheets, ">1000000<"));
		assert_non_null(strstr(sheets, "&lt;3"));
		assert_non_null(strstr(sheets, ">..<"));
		assert_non_null(strstr(sheets, "Startade samtalsserier för våldsutsatta"));
		free(sheets);
	} else {
		print_message("unzip not installed: the XLSX sheets were not read\n");
	}

	buf_free(&frag);
	buf_free(&doc);
	buf_free(&csv);
	buf_free(&json);
	rpt_free(&r);
	assert_int_equal(bad, 0);
}

static bool is_member_name(const char *s)
{
	static const char *const members[] = {"Ragunda", "Bräcke", "Krokom",     "Strömsund",
	                                      "Åre",     "Berg",   "Härjedalen", "Umeå"};

	for (size_t k = 0; k < sizeof(members) / sizeof(members[0]); k++)
		if (strstr(s, members[k]) != NULL)
			return true;
	return false;
}

/* By default the municipalities other than the host are added together (Bilaga 1 note
 * 5): exactly two municipality rows, and no member's name in any table about persons. */
static void test_default_grouping(void **state)
{
	struct annual_report r;
	struct buf csv;
	int municipality_tables = 0;

	(void)state;
	build(&r, 3, false);
	for (size_t k = 0; k < r.n_tables; k++) {
		const struct rpt_table *t = &r.tables[k];
		const char *dot = strrchr(t->id, '.');

		if (strcmp(t->id, "trainings.participants") == 0 ||
		    strcmp(t->id, "economy.distribution") == 0)
			continue; /* lists of the members by definition, not of persons */
		if (dot != NULL && strcmp(dot, ".municipality") == 0) {
			municipality_tables++;
			assert_int_equal(t->rows, 2);
			assert_string_equal(t->row_label[0], "Östersund");
			assert_string_equal(t->row_label[1], "Övriga kommuner");
		}
		assert_false(is_member_name(t->title));
		for (size_t i = 0; i < t->rows; i++)
			if (is_member_name(t->row_label[i]))
				fail_msg("%s: row '%s'", t->id, t->row_label[i]);
		for (size_t j = 0; j < t->cols; j++)
			assert_false(is_member_name(t->col_label[j]));
	}
	/* five started statistics, adults and children in the apartments */
	assert_int_equal(municipality_tables, 7);
	/* and in a written format: CSV lines of the person tables name no member */
	buf_init(&csv, 0);
	assert_int_equal(annual_csv(&r, &csv), 0);
	for (const char *p = buf_cstr(&csv); *p != '\0';) {
		size_t len = strcspn(p, "\n");
		char line[512];

		snprintf(line, sizeof(line), "%.*s", (int)len, p);
		if (strstr(line, ";trainings.participants;") == NULL &&
		    strstr(line, ";economy.distribution;") == NULL && is_member_name(line))
			fail_msg("CSV line names a member municipality: %s", line);
		p += len + (p[len] == '\n');
	}
	buf_free(&csv);
	rpt_free(&r);
}

/* The centre manager's view: one row per member municipality, then those outside the
 * county; the other tables are unchanged. */
static void test_per_municipality(void **state)
{
	struct annual_report r;
	struct buf json;
	int bad = 0;

	(void)state;
	build(&r, 3, true);
	assert_true(r.per_municipality);
	bad += check_all(&r, expected_per_municipality, NPERMUNI, false);
	for (size_t k = 0; k < NEXPECTED; k++)
		if (strstr(expected[k].id, ".municipality") == NULL)
			bad += check_table(&r, &expected[k], false);
	buf_init(&json, 0);
	assert_int_equal(annual_json(&r, &json), 0);
	bad += check_json(&r, buf_cstr(&json), expected_per_municipality, NPERMUNI, true);
	buf_free(&json);
	rpt_free(&r);
	/* threshold 0: the raw figures per municipality */
	build(&r, 0, true);
	bad += check_all(&r, expected_per_municipality, NPERMUNI, true);
	rpt_free(&r);
	assert_int_equal(bad, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_data_set),          cmocka_unit_test(test_model_threshold_3),
	    cmocka_unit_test(test_model_threshold_0), cmocka_unit_test(test_formats),
	    cmocka_unit_test(test_default_grouping),  cmocka_unit_test(test_per_municipality),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
