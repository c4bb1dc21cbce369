/* Casework (src/security/clientsvc.c with store/casefile.c, intervention.c, referral.c):
 * cases, staff, violence types and plans; signed journal notes that SQL cannot change or
 * delete; intervention date and basis rules in the service and in the schema; the Trappan
 * age warning; the queue's order and day counts; sessions; police referrals and their
 * 48-hour status. */
#include "fixture.h"

#include "base/date.h"
#include "domain/deadline.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/casefile.h"
#include "store/client.h"
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

struct fixture {
	struct store *st;
	struct crypto_keys keys;
	struct clientsvc_actor actor; /* anna at the centre */
	struct clientsvc_actor other; /* cecilia at another organisation */
	int64_t org, other_org;
	int64_t anna, bo, cecilia, dan;
	char path[FIXTURE_PATH_MAX];
};

static int sql_ok(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct org_input other = {"shelter", "Kvinnojouren (test)", NULL, NULL};

	assert_non_null(f);
	f->st = fixture_open(f->path);
	f->org = fixture_centre(f->st);
	assert_int_equal(store_org_add(f->st, &other, &f->other_org, NULL), 0);
	f->actor = fixture_anna(f->st, f->org, (struct nrs_date){2026, 11, 24});
	f->anna = f->actor.user_id;
	f->bo = fixture_user(f->st, "bo", "Bo Berg", f->org, 1);
	f->cecilia = fixture_user(f->st, "cecilia", "Cecilia Ceder", f->other_org, 1);
	f->dan = fixture_user(f->st, "dan", "Dan Dahl", f->org, 0);
	fixture_keys(&f->keys);
	f->other = (struct clientsvc_actor){
	    f->cecilia, "cecilia", f->other_org, "192.0.2.2", {2026, 11, 24}};
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

/* Register a client (pnr, or birth_year when pnr is NULL) and open a case for it. */
static int64_t client_with_case(struct fixture *f, const char *pnr, int birth_year, unsigned roles,
                                int protected_identity, int64_t *client_id)
{
	struct client_input in = {0};
	struct case_open_input co = {0};
	struct nrs_error err;
	char code[CLIENT_CODE_MAX];
	int64_t cid = 0, case_id = 0;

	in.first_name = "Testa";
	in.last_name = "Testsson";
	in.pnr = pnr;
	in.birth_year = birth_year;
	in.gender = "annat";
	in.home_municipality = "2309";
	in.roles = roles;
	in.protected_identity = protected_identity;
	assert_int_equal(clientsvc_register(f->st, &f->keys, &f->actor, &in, &cid, code, &err), 0);
	co.client_id = cid;
	co.opened = "2026-06-01";
	co.referral_source = "social_services";
	co.referring_municipality = "2309";
	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &co, &case_id, &err), 0);
	if (client_id)
		*client_id = cid;
	return case_id;
}

static int violence_cb(const char *type, void *ctx)
{
	char *out = ctx;
	size_t len = strlen(out);

	snprintf(out + len, 128 - len, "%s,", type);
	return 0;
}

static void test_case_staff_violence_plan(void **state)
{
	struct fixture *f = *state;
	struct case_open_input co = {0};
	struct plan_input pi = {0};
	struct plan_view *p = NULL;
	struct nrs_error err;
	char types[128] = "";
	int64_t client = 0, case_id, again = 0;

	case_id = client_with_case(f, "19850714-2480", 0, CLIENT_ROLE_VICTIM, 0, &client);
	assert_true(case_id > 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT organisation_id FROM case_file"), f->org);
	/* one open case per client and organisation */
	co.client_id = client;
	co.opened = "2026-07-01";
	co.referral_source = "self";
	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &co, &again, &err),
	                 NRS_EEXIST);
	co.opened = "2026-12-01";
	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &co, &again, &err),
	                 NRS_EINVAL);
	co.opened = "2026-07-01";
	co.referral_source = "mail";
	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &co, &again, &err),
	                 NRS_EINVAL);
	co.referral_source = "self";
	co.client_id = 999;
	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &co, &again, &err),
	                 NRS_ENOTFOUND);

	/* staff: active users of the case's organisation only */
	assert_int_equal(clientsvc_case_assign(f->st, &f->keys, &f->actor, case_id, f->anna, &err),
	                 0);
	assert_int_equal(clientsvc_case_assign(f->st, &f->keys, &f->actor, case_id, f->anna, &err),
	                 0);
	assert_int_equal(
	    clientsvc_case_assign(f->st, &f->keys, &f->actor, case_id, f->cecilia, &err),
	    NRS_EINVAL);
	assert_int_equal(clientsvc_case_assign(f->st, &f->keys, &f->actor, case_id, f->dan, &err),
	                 NRS_EINVAL);
	assert_int_equal(store_case_is_assigned(f->st, case_id, f->anna), 1);
	assert_int_equal(store_case_is_assigned(f->st, case_id, f->bo), 0);
	assert_int_equal(clientsvc_actor_assigned(f->st, &f->actor, client), 1);
	assert_int_equal(clientsvc_actor_assigned(f->st, &f->other, client), 0);

	/* violence types */
	assert_int_equal(
	    clientsvc_case_violence_add(f->st, &f->keys, &f->actor, case_id, "physical", &err), 0);
	assert_int_equal(
	    clientsvc_case_violence_add(f->st, &f->keys, &f->actor, case_id, "digital", &err), 0);
	assert_int_equal(
	    clientsvc_case_violence_add(f->st, &f->keys, &f->actor, case_id, "physical", &err), 0);
	assert_int_equal(
	    clientsvc_case_violence_add(f->st, &f->keys, &f->actor, case_id, "verbal", &err),
	    NRS_EINVAL);
	assert_int_equal(store_case_violence_list(f->st, case_id, violence_cb, types), 0);
	assert_string_equal(types, "digital,physical,");

	/* the plan: goals encrypted, planned intervention and follow-up plain */
	pi.goals = "Trygghetsplan klar; skyddat boende sökt";
	pi.planned = "victim_support";
	pi.follow_up = "2027-01-15";
	assert_int_equal(clientsvc_plan_set(f->st, &f->keys, &f->actor, case_id, &pi, &err), 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM case_plan WHERE planned ="
	                                          " 'victim_support' AND follow_up = '2027-01-15'"),
	                 1);
	assert_int_equal(clientsvc_plan_get(f->st, &f->keys, &f->actor, case_id, NULL, &p, &err),
	                 0);
	assert_string_equal(p->goals, "Trygghetsplan klar; skyddat boende sökt");
	assert_string_equal(p->planned, "victim_support");
	assert_string_equal(p->follow_up, "2027-01-15");
	assert_int_equal(p->updated_by, f->anna);
	clientsvc_plan_free(p);
	pi.goals = "Reviderad plan";
	pi.planned = "magic";
	assert_int_equal(clientsvc_plan_set(f->st, &f->keys, &f->actor, case_id, &pi, &err),
	                 NRS_EINVAL);
	pi.planned = NULL;
	pi.follow_up = NULL;
	assert_int_equal(clientsvc_plan_set(f->st, &f->keys, &f->actor, case_id, &pi, &err), 0);
	assert_int_equal(clientsvc_plan_get(f->st, &f->keys, &f->actor, case_id, NULL, &p, &err),
	                 0);
	assert_string_equal(p->goals, "Reviderad plan");
	assert_string_equal(p->planned, "");
	clientsvc_plan_free(p);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE"
	                                          " record_kind = 'case_plan' AND action = 'read'"),
	                 2);

	/* closing */
	assert_int_equal(
	    clientsvc_case_close(f->st, &f->keys, &f->actor, case_id, "2026-05-31", &err),
	    NRS_EINVAL);
	assert_int_equal(
	    clientsvc_case_close(f->st, &f->keys, &f->actor, case_id, "2026-11-20", &err), 0);
	assert_int_equal(
	    clientsvc_case_close(f->st, &f->keys, &f->actor, case_id, "2026-11-21", &err),
	    NRS_ECONFLICT);
	assert_int_equal(clientsvc_plan_set(f->st, &f->keys, &f->actor, case_id, &pi, &err),
	                 NRS_ECONFLICT);
	/* a new case may be opened once the old one is closed */
	co.client_id = client;
	assert_int_equal(clientsvc_case_open(f->st, &f->keys, &f->actor, &co, &again, &err), 0);
}

struct notes {
	int n;
	int64_t id[4];
	int64_t corrects[4];
	int64_t corrected_by[4];
	char text[4][64];
};

static int notes_cb(const struct note_view *nv, void *ctx)
{
	struct notes *ns = ctx;

	if (ns->n >= 4)
		return -1;
	ns->id[ns->n] = nv->id;
	ns->corrects[ns->n] = nv->corrects;
	ns->corrected_by[ns->n] = nv->corrected_by;
	snprintf(ns->text[ns->n], sizeof(ns->text[0]), "%s", nv->text);
	assert_string_equal(nv->author_name, "Anna Andersson");
	ns->n++;
	return 0;
}

static void test_journal_signed_notes_are_final(void **state)
{
	struct fixture *f = *state;
	struct notes ns = {0};
	struct nrs_error err;
	int64_t case_id, other_case, n1 = 0, n2 = 0, n3 = 0;

	case_id = client_with_case(f, NULL, 1975, CLIENT_ROLE_VICTIM, 0, NULL);
	other_case = client_with_case(f, NULL, 1976, CLIENT_ROLE_VICTIM, 0, NULL);
	assert_int_equal(clientsvc_note_add(f->st, &f->keys, &f->actor, case_id,
	                                    "Samtal om Xylofonvägen, skyddsplan", 0, &n1, &err),
	                 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT signed FROM journal_note"), 1);

	/* a signed note cannot be changed or removed, whatever column */
	assert_false(sql_ok(f->st, "UPDATE journal_note SET text_enc = X'00' WHERE id = 1"));
	assert_false(sql_ok(f->st, "UPDATE journal_note SET signed = 0 WHERE id = 1"));
	assert_false(sql_ok(f->st, "UPDATE journal_note SET author_id = 2 WHERE id = 1"));
	assert_false(sql_ok(f->st, "UPDATE journal_note SET written_at ="
	                           " '2020-01-01T00:00:00Z' WHERE id = 1"));
	assert_false(sql_ok(f->st, "DELETE FROM journal_note WHERE id = 1"));
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM journal_note"), 1);

	/* corrections are new notes naming a signed note of the same case */
	assert_int_equal(clientsvc_note_add(f->st, &f->keys, &f->actor, case_id,
	                                    "Rättelse: gatan heter Xylofongatan", n1, &n2, &err),
	                 0);
	assert_int_equal(
	    clientsvc_note_add(f->st, &f->keys, &f->actor, other_case, "Fel ärende", n1, &n3, &err),
	    NRS_EINVAL);
	assert_int_equal(n3, 0);
	assert_int_equal(
	    clientsvc_note_add(f->st, &f->keys, &f->actor, case_id, " \n", 0, &n3, &err),
	    NRS_EINVAL);
	assert_false(sql_ok(f->st, "INSERT INTO journal_note (case_id, written_at, author_id,"
	                           " signed, text_enc, corrects_note_id) VALUES (2,"
	                           " '2026-11-24T10:00:00Z', 1, 1, X'01', 1)"));

	assert_int_equal(
	    clientsvc_notes_read(f->st, &f->keys, &f->actor, case_id, NULL, notes_cb, &ns, &err),
	    0);
	assert_int_equal(ns.n, 2);
	assert_int_equal(ns.id[0], n1);
	assert_string_equal(ns.text[0], "Samtal om Xylofonvägen, skyddsplan");
	assert_int_equal(ns.corrected_by[0], n2);
	assert_int_equal(ns.corrects[1], n1);
	assert_string_equal(ns.text[1], "Rättelse: gatan heter Xylofongatan");
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                                   " AND record_kind = 'journal' AND record_id = '1'"),
	                 1);

	/* a closed case takes corrections but no new notes */
	assert_int_equal(
	    clientsvc_case_close(f->st, &f->keys, &f->actor, case_id, "2026-11-24", &err), 0);
	assert_int_equal(
	    clientsvc_note_add(f->st, &f->keys, &f->actor, case_id, "Ny anteckning", 0, &n3, &err),
	    NRS_ECONFLICT);
	assert_int_equal(clientsvc_note_add(f->st, &f->keys, &f->actor, case_id,
	                                    "Rättelse efter avslut", n2, &n3, &err),
	                 0);

	assert_true(sql_ok(f->st, "PRAGMA wal_checkpoint(TRUNCATE)"));
	assert_false(fixture_file_contains(f->path, "Xylofon"));
	assert_false(fixture_file_contains(f->path, "Testsson"));
}

static void test_protected_case_reads_need_reason(void **state)
{
	struct fixture *f = *state;
	struct notes ns = {0};
	struct plan_input pi = {"Mål", NULL, NULL};
	struct plan_view *p = NULL;
	struct nrs_error err;
	int64_t case_id, n1 = 0;

	case_id = client_with_case(f, NULL, 1980, CLIENT_ROLE_VICTIM, 1, NULL);
	assert_int_equal(
	    clientsvc_note_add(f->st, &f->keys, &f->actor, case_id, "Anteckning", 0, &n1, &err), 0);
	assert_int_equal(clientsvc_plan_set(f->st, &f->keys, &f->actor, case_id, &pi, &err), 0);
	assert_int_equal(
	    clientsvc_notes_read(f->st, &f->keys, &f->actor, case_id, NULL, notes_cb, &ns, &err),
	    NRS_EDENIED);
	assert_int_equal(ns.n, 0);
	assert_int_equal(clientsvc_plan_get(f->st, &f->keys, &f->actor, case_id, "", &p, &err),
	                 NRS_EDENIED);
	assert_null(p);
	assert_int_equal(clientsvc_notes_read(f->st, &f->keys, &f->actor, case_id,
	                                      "Uppföljning av skyddsplan", notes_cb, &ns, &err),
	                 0);
	assert_int_equal(ns.n, 1);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                                   " AND reason = 'Uppföljning av skyddsplan'"),
	                 1);
}

static void test_intervention_rules(void **state)
{
	struct fixture *f = *state;
	struct intervention_create ic = {0};
	struct nrs_error err, warn;
	int64_t case_id, iv = 0, aid = 0, treat = 0, partner = 0, x = 0;

	case_id = client_with_case(f, NULL, 1980, CLIENT_ROLE_PERPETRATOR, 0, NULL);
	ic.case_id = case_id;
	ic.type = "victim_support";
	ic.requested = "2026-10-01";
	ic.basis = "service";
	ic.responsible_user = f->bo;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &iv, &warn, &err), 0);
	assert_string_equal(warn.msg, "");

	/* start before requested: refused by the service and by the schema */
	assert_int_equal(
	    clientsvc_intervention_start(f->st, &f->keys, &f->actor, iv, "2026-09-30", &warn, &err),
	    NRS_EINVAL);
	assert_false(sql_ok(f->st, "UPDATE intervention SET started = '2026-09-01' WHERE id = 1"));
	/* end before start, and end without start */
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, iv, "2026-10-05",
	                                            "completed", &err),
	                 NRS_ECONFLICT);
	assert_false(sql_ok(f->st, "UPDATE intervention SET ended = '2026-10-05',"
	                           " end_reason = 'completed' WHERE id = 1"));
	assert_int_equal(
	    clientsvc_intervention_start(f->st, &f->keys, &f->actor, iv, "2026-10-10", &warn, &err),
	    0);
	assert_int_equal(
	    clientsvc_intervention_start(f->st, &f->keys, &f->actor, iv, "2026-10-11", &warn, &err),
	    NRS_ECONFLICT);
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, iv, "2026-10-09",
	                                            "completed", &err),
	                 NRS_EINVAL);
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, iv, "2026-11-20",
	                                            "finished", &err),
	                 NRS_EINVAL);
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, iv, "2026-11-20",
	                                            "completed", &err),
	                 0);
	assert_false(sql_ok(f->st, "UPDATE intervention SET end_reason = NULL WHERE id = 1"));

	/* aid decision: municipality and date required, by the service and by the schema */
	ic.basis = "aid_decision";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &aid, &warn, &err),
	    NRS_EINVAL);
	assert_string_equal(err.field, "beslutskommun");
	assert_false(sql_ok(f->st, "INSERT INTO intervention (case_id, type, requested, basis,"
	                           " decision_date, created_at) VALUES (1, 'victim_support',"
	                           " '2026-10-01', 'aid_decision', '2026-09-20',"
	                           " '2026-11-24T10:00:00Z')"));
	ic.decision_municipality = "2309";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &aid, &warn, &err),
	    NRS_EINVAL);
	assert_string_equal(err.field, "beslutsdatum");
	ic.decision_date = "2026-09-20";
	ic.decision_ref = "SN 2026/123";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &aid, &warn, &err), 0);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM intervention WHERE basis ="
	                                   " 'aid_decision' AND decision_municipality = '2309'"),
	                 1);
	/* decision details on a service intervention are refused */
	ic.basis = "service";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &x, &warn, &err),
	    NRS_EINVAL);
	ic.decision_municipality = NULL;
	ic.decision_date = NULL;
	ic.decision_ref = NULL;

	/* requested in the future, unknown type, responsible from another organisation */
	ic.requested = "2026-11-25";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &x, &warn, &err),
	    NRS_EINVAL);
	ic.requested = "2026-10-01";
	ic.type = "yoga";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &x, &warn, &err),
	    NRS_EINVAL);
	ic.type = "victim_support";
	ic.responsible_user = f->cecilia;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &x, &warn, &err),
	    NRS_EINVAL);
	ic.responsible_user = 0;

	/* partner contact links to a perpetrator treatment, nothing else does */
	ic.type = "perpetrator_treatment";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &treat, &warn, &err), 0);
	ic.type = "partner_contact";
	ic.linked_intervention_id = iv;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &x, &warn, &err),
	    NRS_EINVAL);
	ic.linked_intervention_id = treat;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &partner, &warn, &err),
	    0);
	ic.type = "relative_support";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &x, &warn, &err),
	    NRS_EINVAL);
	assert_int_equal(x, 0);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE"
	                                   " record_kind = 'intervention' AND action = 'create'"),
	                 4);
}

static void test_trappan_age_warning(void **state)
{
	struct fixture *f = *state;
	struct intervention_create ic = {0};
	struct nrs_error err, warn;
	int64_t small, older, year_only, iv = 0, iv2 = 0, iv3 = 0;

	small = client_with_case(f, "20230510-2382", 0, CLIENT_ROLE_CHILD, 0, NULL);
	older = client_with_case(f, "20210301-2387", 0, CLIENT_ROLE_CHILD, 0, NULL);
	year_only = client_with_case(f, NULL, 2022, CLIENT_ROLE_CHILD, 0, NULL);
	ic.type = "child_trappan";
	ic.requested = "2026-11-01";
	ic.basis = "service";

	/* 3 years old: created, with a warning that is not an error */
	ic.case_id = small;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &iv, &warn, &err), 0);
	assert_true(iv > 0);
	assert_int_equal(warn.code, NRS_OK);
	assert_true(strlen(warn.msg) > 0);
	assert_non_null(strstr(warn.msg, "3 år"));
	/* ... and again when it starts while the child is still 3 */
	assert_int_equal(
	    clientsvc_intervention_start(f->st, &f->keys, &f->actor, iv, "2026-11-20", &warn, &err),
	    0);
	assert_non_null(strstr(warn.msg, "3 år"));

	/* 5 years old: no warning */
	ic.case_id = older;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &iv2, &warn, &err), 0);
	assert_string_equal(warn.msg, "");

	/* birth year only (2022): may still be 3, so warned */
	ic.case_id = year_only;
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &iv3, &warn, &err), 0);
	assert_true(strlen(warn.msg) > 0);

	/* the warning is for Trappan only */
	ic.case_id = small;
	ic.type = "victim_support";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &iv3, &warn, &err), 0);
	assert_string_equal(warn.msg, "");
}

struct queue {
	int n;
	int64_t id[8];
	int64_t days[8];
	char code[8][CLIENT_CODE_MAX];
};

static int queue_cb(const struct queue_entry *e, void *ctx)
{
	struct queue *q = ctx;

	if (q->n >= 8)
		return -1;
	q->id[q->n] = e->intervention_id;
	q->days[q->n] = e->days_waited;
	snprintf(q->code[q->n], sizeof(q->code[0]), "%s", e->client_code);
	q->n++;
	return 0;
}

static int64_t request(struct fixture *f, int64_t case_id, const char *type, const char *date)
{
	struct intervention_create ic = {0};
	struct nrs_error err, warn;
	int64_t id = 0;

	ic.case_id = case_id;
	ic.type = type;
	ic.requested = date;
	ic.basis = "service";
	assert_int_equal(
	    clientsvc_intervention_create(f->st, &f->keys, &f->actor, &ic, &id, &warn, &err), 0);
	return id;
}

static void test_queue_order_and_days(void **state)
{
	struct fixture *f = *state;
	struct nrs_date asof = {2026, 11, 24}, early = {2026, 10, 10};
	struct queue q = {0};
	struct nrs_error err, warn;
	int64_t c1, c2, c3, c4, a, b, c, d, started;

	c1 = client_with_case(f, NULL, 1980, CLIENT_ROLE_VICTIM, 0, NULL);
	c2 = client_with_case(f, NULL, 1981, CLIENT_ROLE_VICTIM, 0, NULL);
	c3 = client_with_case(f, NULL, 1982, CLIENT_ROLE_VICTIM, 0, NULL);
	c4 = client_with_case(f, "20210301-2387", 0, CLIENT_ROLE_CHILD, 0, NULL);
	a = request(f, c1, "victim_support", "2026-10-01");
	b = request(f, c2, "victim_support", "2026-09-15");
	c = request(f, c3, "victim_support", "2026-11-01");
	d = request(f, c4, "child_trappan", "2026-08-01");
	started = request(f, c1, "victim_support", "2026-07-01");
	assert_int_equal(clientsvc_intervention_start(f->st, &f->keys, &f->actor, started,
	                                              "2026-08-15", &warn, &err),
	                 0);

	assert_int_equal(clientsvc_queue(f->st, &f->keys, &f->actor, "victim_support", &asof,
	                                 queue_cb, &q, &err),
	                 0);
	assert_int_equal(q.n, 3);
	assert_int_equal(q.id[0], b);
	assert_int_equal(q.days[0], 70);
	assert_int_equal(q.id[1], a);
	assert_int_equal(q.days[1], 54);
	assert_int_equal(q.id[2], c);
	assert_int_equal(q.days[2], 23);
	assert_string_equal(q.code[0], "K-2026-0002");

	memset(&q, 0, sizeof(q));
	assert_int_equal(
	    clientsvc_queue(f->st, &f->keys, &f->actor, NULL, &asof, queue_cb, &q, &err), 0);
	assert_int_equal(q.n, 4);
	assert_int_equal(q.id[0], d);
	assert_int_equal(q.days[0], 115);

	/* as of an earlier date: only what had been requested by then */
	memset(&q, 0, sizeof(q));
	assert_int_equal(clientsvc_queue(f->st, &f->keys, &f->actor, "victim_support", &early,
	                                 queue_cb, &q, &err),
	                 0);
	assert_int_equal(q.n, 2);
	assert_int_equal(q.days[0], 25);
	assert_int_equal(q.days[1], 9);

	/* another organisation sees none of it */
	memset(&q, 0, sizeof(q));
	assert_int_equal(
	    clientsvc_queue(f->st, &f->keys, &f->other, NULL, &asof, queue_cb, &q, &err), 0);
	assert_int_equal(q.n, 0);
	assert_int_equal(
	    clientsvc_queue(f->st, &f->keys, &f->actor, "yoga", &asof, queue_cb, &q, &err),
	    NRS_EINVAL);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE record_kind ="
	                                   " 'queue' AND action = 'list'"),
	                 4);
}

static void test_sessions(void **state)
{
	struct fixture *f = *state;
	struct session_create sc = {0};
	struct nrs_error err, warn;
	int64_t case_id, iv, s = 0;

	case_id = client_with_case(f, NULL, 1980, CLIENT_ROLE_VICTIM, 0, NULL);
	iv = request(f, case_id, "victim_support", "2026-10-01");
	sc.intervention_id = iv;
	sc.held = "2026-10-20";
	sc.minutes = 60;
	sc.mode = "home_municipality";
	sc.outcome = "cancelled";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 0);
	assert_int_equal(fixture_query_int(f->st, "SELECT started IS NULL FROM intervention"), 1);
	/* the first held session is the start (R9) */
	sc.outcome = "held";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 0);
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT started = '2026-10-20' FROM intervention"), 1);
	/* a held session recorded late, before the start, moves the start */
	sc.held = "2026-10-12";
	sc.mode = "video";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 0);
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT started = '2026-10-12' FROM intervention"), 1);
	sc.held = "2026-11-02";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 0);
	assert_int_equal(
	    fixture_query_int(f->st, "SELECT started = '2026-10-12' FROM intervention"), 1);

	/* limits */
	sc.minutes = 0;
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 NRS_EINVAL);
	sc.minutes = 601;
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 NRS_EINVAL);
	assert_false(sql_ok(f->st, "INSERT INTO session_log (intervention_id, held, minutes, mode,"
	                           " outcome, created_at) VALUES (1, '2026-11-02', 601, 'phone',"
	                           " 'held', '2026-11-24T10:00:00Z')"));
	sc.minutes = 45;
	sc.mode = "letter";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 NRS_EINVAL);
	sc.mode = "phone";
	sc.held = "2026-09-30";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 NRS_EINVAL);
	sc.held = "2026-11-25";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 NRS_EINVAL);
	assert_int_equal(clientsvc_intervention_end(f->st, &f->keys, &f->actor, iv, "2026-11-10",
	                                            "interrupted", &err),
	                 0);
	sc.held = "2026-11-11";
	assert_int_equal(clientsvc_session_add(f->st, &f->keys, &f->actor, &sc, &s, &warn, &err),
	                 NRS_EINVAL);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM session_log"), 4);
	assert_int_equal(fixture_query_int(f->st, "SELECT count(*) FROM audit_log WHERE"
	                                          " record_kind = 'session'"),
	                 4);
}

struct refs {
	int n;
	int64_t id[8];
	enum police_status status[8];
	int64_t left[8];
	char deadline[8][21];
};

static int refs_cb(const struct referral_entry *e, void *ctx)
{
	struct refs *r = ctx;

	if (r->n >= 8)
		return -1;
	r->id[r->n] = e->id;
	r->status[r->n] = e->status;
	r->left[r->n] = e->seconds_left;
	snprintf(r->deadline[r->n], sizeof(r->deadline[0]), "%s", e->deadline_at);
	r->n++;
	return 0;
}

static void test_police_referrals(void **state)
{
	struct fixture *f = *state;
	struct nrs_date day = {2026, 11, 20};
	const int64_t h = 3600, t0 = date_to_days(&day) * 86400 + 8 * h; /* 08:00 UTC */
	const int64_t now = t0 + 37 * h;
	struct referral_create rc = {0};
	struct refs r = {0};
	struct nrs_error err;
	char *contact = NULL;
	int64_t a = 0, b = 0, c = 0, d = 0, e = 0, g = 0, x = 0, att = 0, client = 0, t;

	rc.consent = 1;
	rc.contact = "Nås på 073-1112233, säg att det gäller tandläkaren";
	rc.municipality = "2321";
	rc.received = t0;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &a, &err),
	                 0);
	rc.received = t0 - 2 * h;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &b, &err),
	                 0);
	rc.received = t0 - 20 * h;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &c, &err),
	                 0);
	rc.received = t0;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &d, &err),
	                 0);
	rc.received = t0 - 72 * h;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &e, &err),
	                 0);
	rc.received = now - h;
	rc.contact = NULL;
	rc.consent = 0;
	rc.municipality = NULL;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &g, &err),
	                 0);
	/* without consent no contact details; receipt not in the future */
	rc.contact = "070-0000000";
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &x, &err),
	                 NRS_EINVAL);
	assert_false(sql_ok(f->st, "UPDATE police_referral SET consent = 0 WHERE id = 1"));
	rc.consent = 1;
	rc.received = now + 60;
	assert_int_equal(clientsvc_referral_create(f->st, &f->keys, &f->actor, &rc, now, &x, &err),
	                 NRS_EINVAL);

	/* contact and outcome */
	t = t0 + 30 * h;
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, d, &t, "crisis_talk", now, &err),
	    0);
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, d, &t, "legal_info", now, &err),
	    NRS_ECONFLICT);
	t = t0 - 72 * h + 50 * h;
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, e, &t, "motivated", now, &err),
	    0);
	t = t0 - h;
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, a, &t, "declined", now, &err),
	    NRS_EINVAL);
	t = now + h;
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, a, &t, "declined", now, &err),
	    NRS_EINVAL);
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, a, &t, "not_reached", now, &err),
	    NRS_EINVAL);
	assert_int_equal(
	    clientsvc_referral_outcome(f->st, &f->keys, &f->actor, a, NULL, "declined", now, &err),
	    NRS_EINVAL);
	assert_false(sql_ok(f->st, "UPDATE police_referral SET outcome = 'not_reached',"
	                           " first_contact_at = received_at WHERE id = 1"));

	/* attempts, with an encrypted note */
	assert_int_equal(clientsvc_referral_attempt(f->st, &f->keys, &f->actor, a, t0 + h,
	                                            "Inget svar, ringer igen", now, &att, &err),
	                 0);
	assert_int_equal(
	    clientsvc_referral_attempt(f->st, &f->keys, &f->actor, a, t0 - h, NULL, now, &x, &err),
	    NRS_EINVAL);

	/* the list at now = t0 + 37 h: open ones by time left, then handled, newest first */
	assert_int_equal(
	    clientsvc_referral_list(f->st, &f->keys, &f->actor, now, 0, refs_cb, &r, &err), 0);
	assert_int_equal(r.n, 6);
	assert_int_equal(r.id[0], c); /* received 57 h ago */
	assert_int_equal(r.status[0], POLICE_OVERDUE);
	assert_int_equal(r.left[0], -9 * h);
	assert_int_equal(r.id[1], b); /* 9 h left */
	assert_int_equal(r.status[1], POLICE_OPEN_SOON);
	assert_int_equal(r.left[1], 9 * h);
	assert_int_equal(r.id[2], a); /* 11 h left */
	assert_int_equal(r.status[2], POLICE_OPEN_SOON);
	assert_string_equal(r.deadline[2], "2026-11-22T08:00:00Z");
	assert_int_equal(r.id[3], g); /* 47 h left */
	assert_int_equal(r.status[3], POLICE_OPEN);
	assert_int_equal(r.id[4], d);
	assert_int_equal(r.status[4], POLICE_CONTACTED_IN_TIME);
	assert_int_equal(r.id[5], e);
	assert_int_equal(r.status[5], POLICE_CONTACTED_LATE);

	/* 11 hours later a goes over 48 hours */
	memset(&r, 0, sizeof(r));
	assert_int_equal(clientsvc_referral_list(f->st, &f->keys, &f->actor, now + 11 * h + 1, 1,
	                                         refs_cb, &r, &err),
	                 0);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.id[2], a);
	assert_int_equal(r.status[2], POLICE_OVERDUE);
	/* exactly at the deadline it is still "soon", not late */
	memset(&r, 0, sizeof(r));
	assert_int_equal(
	    clientsvc_referral_list(f->st, &f->keys, &f->actor, now + 11 * h, 1, refs_cb, &r, &err),
	    0);
	assert_int_equal(r.status[2], POLICE_OPEN_SOON);
	assert_int_equal(r.left[2], 0);
	/* not reached counts as handled */
	assert_int_equal(clientsvc_referral_outcome(f->st, &f->keys, &f->actor, c, NULL,
	                                            "not_reached", now, &err),
	                 0);
	memset(&r, 0, sizeof(r));
	assert_int_equal(
	    clientsvc_referral_list(f->st, &f->keys, &f->actor, now, 1, refs_cb, &r, &err), 0);
	assert_int_equal(r.n, 3);
	/* other organisations see none */
	memset(&r, 0, sizeof(r));
	assert_int_equal(
	    clientsvc_referral_list(f->st, &f->keys, &f->other, now, 0, refs_cb, &r, &err), 0);
	assert_int_equal(r.n, 0);

	/* contact details: decrypted on request and audited; never in the file */
	assert_int_equal(clientsvc_referral_contact(f->st, &f->keys, &f->actor, a, &contact, &err),
	                 0);
	assert_string_equal(contact, "Nås på 073-1112233, säg att det gäller tandläkaren");
	clientsvc_text_free(contact);
	assert_int_equal(clientsvc_referral_contact(f->st, &f->keys, &f->actor, g, &contact, &err),
	                 0);
	assert_null(contact);
	assert_int_equal(fixture_query_int(f->st,
	                                   "SELECT count(*) FROM audit_log WHERE action = 'read'"
	                                   " AND record_kind = 'police_referral'"),
	                 2);
	client_with_case(f, NULL, 1990, CLIENT_ROLE_VICTIM, 0, &client);
	assert_int_equal(clientsvc_referral_link(f->st, &f->keys, &f->actor, a, client, &err), 0);
	assert_int_equal(clientsvc_referral_link(f->st, &f->keys, &f->actor, a, 999, &err),
	                 NRS_ENOTFOUND);
	assert_true(sql_ok(f->st, "PRAGMA wal_checkpoint(TRUNCATE)"));
	assert_false(fixture_file_contains(f->path, "073-1112233"));
	assert_false(fixture_file_contains(f->path, "Inget svar"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_case_staff_violence_plan, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_journal_signed_notes_are_final, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_protected_case_reads_need_reason, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_intervention_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_trappan_age_warning, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_queue_order_and_days, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_police_referrals, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
