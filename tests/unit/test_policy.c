/* The access policy: deny by default, the rows of DESIGN.md §6 and SPEC §1, the aggregate-only
 * roles never reach personal data under any relation, policy_allows_some agrees with
 * policy_allows, and docs/security.md describes exactly the table in the code. */
#include "base/buf.h"
#include "security/policy.h"
#include "security/roles.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define REL_EVERY 0x7fu /* all seven relation bits */
#define ROLES_EVERY ((1u << ROLE_COUNT) - 1)

static const enum policy_action actions[] = {ACT_READ, ACT_LIST, ACT_CREATE, ACT_UPDATE,
					     ACT_DELETE};
#define NACTIONS (sizeof(actions) / sizeof(actions[0]))

static void test_deny_by_default(void **state)
{
	(void)state;
	/* no roles at all */
	for (int k = 0; k < REC_KIND_COUNT; k++)
		for (size_t a = 0; a < NACTIONS; a++)
			assert_false(policy_allows(0, REL_EVERY, (enum record_kind)k, actions[a]));
	/* a role bit no row names */
	assert_false(policy_allows(1u << ROLE_COUNT, REL_EVERY, REC_NONE, ACT_READ));
	/* an unknown kind, for every role */
	for (size_t a = 0; a < NACTIONS; a++) {
		assert_false(policy_allows(ROLES_EVERY, REL_EVERY, REC_KIND_COUNT, actions[a]));
		assert_false(policy_allows(ROLES_EVERY, REL_EVERY, (enum record_kind)99, actions[a]));
		assert_false(policy_allows_some(ROLES_EVERY, (enum record_kind)-1, actions[a]));
	}
	/* no relation at all, not even REL_ANY */
	assert_false(policy_allows(ROLE_ADMIN, 0, REC_AUDIT_LOG, ACT_READ));
	/* an action that is not one bit */
	assert_false(policy_allows(ROLE_ADMIN, REL_ANY, REC_AUDIT_LOG, (enum policy_action)0));
	assert_false(policy_allows(ROLE_ADMIN, REL_ANY, REC_AUDIT_LOG,
				   (enum policy_action)(ACT_READ | ACT_CREATE)));
	assert_false(policy_allows(ROLE_ADMIN, REL_ANY, REC_AUDIT_LOG, (enum policy_action)(1u << 9)));
	/* nobody deletes anything yet (retention rules purge) */
	for (int k = 0; k < REC_KIND_COUNT; k++)
		assert_false(policy_allows_some(ROLES_EVERY, (enum record_kind)k, ACT_DELETE));
	/* the audit log cannot be written through the policy by anyone */
	assert_false(policy_allows_some(ROLES_EVERY, REC_AUDIT_LOG, ACT_UPDATE));
	assert_false(policy_allows_some(ROLES_EVERY, REC_AUDIT_LOG, ACT_CREATE));
}

static void test_steering(void **state)
{
	static const enum record_kind personal[] = {REC_CLIENT, REC_CASE, REC_AUDIT_LOG};

	(void)state;
	for (unsigned rel = 0; rel <= REL_EVERY; rel++) {
		for (size_t a = 0; a < NACTIONS; a++) {
			for (size_t k = 0; k < 3; k++)
				assert_false(policy_allows(ROLE_STEERING, rel, personal[k], actions[a]));
			/* other people's accounts: never; the own account: read and update */
			if ((rel & REL_SELF) == 0)
				assert_false(policy_allows(ROLE_STEERING, rel, REC_USER, actions[a]));
		}
	}
	assert_true(policy_allows(ROLE_STEERING, REL_ANY | REL_SELF, REC_USER, ACT_READ));
	assert_true(policy_allows(ROLE_STEERING, REL_ANY | REL_SELF, REC_USER, ACT_UPDATE));
	assert_false(policy_allows(ROLE_STEERING, REL_ANY | REL_SELF, REC_USER, ACT_LIST));
	assert_true(policy_allows(ROLE_STEERING, REL_ANY, REC_STATISTICS, ACT_READ));
	assert_false(policy_allows(ROLE_STEERING, REL_ANY, REC_STATISTICS, ACT_UPDATE));
	assert_true(policy_allows(ROLE_STEERING, REL_ANY, REC_POPULATION, ACT_LIST));
	assert_false(policy_allows(ROLE_STEERING, REL_ANY, REC_POPULATION, ACT_UPDATE));
}

static void test_municipal_officer(void **state)
{
	(void)state;
	for (unsigned rel = 0; rel <= REL_EVERY; rel++) {
		bool home = (rel & REL_HOME_MUNICIPALITY) != 0;
		assert_int_equal(policy_allows(ROLE_MUNICIPAL_OFFICER, rel, REC_CLIENT, ACT_READ),
				 home);
		assert_int_equal(policy_allows(ROLE_MUNICIPAL_OFFICER, rel, REC_CASE, ACT_LIST), home);
		/* read only, even at home */
		assert_false(policy_allows(ROLE_MUNICIPAL_OFFICER, rel, REC_CLIENT, ACT_UPDATE));
		assert_false(policy_allows(ROLE_MUNICIPAL_OFFICER, rel, REC_CLIENT, ACT_CREATE));
	}
	assert_false(policy_allows(ROLE_MUNICIPAL_OFFICER, REL_ANY | REL_OWN_ORG, REC_CLIENT,
				   ACT_READ));
}

static void test_admin(void **state)
{
	(void)state;
	assert_true(policy_allows(ROLE_ADMIN, REL_ANY, REC_AUDIT_LOG, ACT_READ));
	assert_true(policy_allows(ROLE_ADMIN, REL_ANY, REC_AUDIT_LOG, ACT_LIST));
	assert_true(policy_allows(ROLE_ADMIN, REL_ANY, REC_USER, ACT_CREATE));
	assert_true(policy_allows(ROLE_ADMIN, REL_ANY, REC_ORGANISATION, ACT_UPDATE));
	assert_true(policy_allows(ROLE_ADMIN, REL_ANY, REC_POPULATION, ACT_CREATE));
	/* no client or case data by role alone, whatever the relation */
	for (unsigned rel = 0; rel <= REL_EVERY; rel++)
		for (size_t a = 0; a < NACTIONS; a++) {
			assert_false(policy_allows(ROLE_ADMIN, rel, REC_CLIENT, actions[a]));
			assert_false(policy_allows(ROLE_ADMIN, rel, REC_CASE, actions[a]));
		}
	/* only the administrator reviews the log */
	for (int i = 0; i < ROLE_COUNT; i++)
		if ((1u << i) != ROLE_ADMIN)
			assert_false(policy_allows_some(1u << i, REC_AUDIT_LOG, ACT_READ));
}

static void test_centre_and_agency(void **state)
{
	(void)state;
	assert_true(policy_allows(ROLE_CENTRE_STAFF, REL_ANY | REL_ASSIGNED, REC_CASE, ACT_UPDATE));
	assert_true(policy_allows(ROLE_CENTRE_MANAGER, REL_ANY | REL_OWN_ORG, REC_CLIENT,
				  ACT_CREATE));
	assert_false(policy_allows(ROLE_CENTRE_STAFF, REL_ANY | REL_HOME_MUNICIPALITY, REC_CLIENT,
				   ACT_READ));
	assert_false(policy_allows(ROLE_CENTRE_STAFF, REL_ANY, REC_STATISTICS, ACT_READ));
	assert_true(policy_allows(ROLE_CENTRE_MANAGER, REL_ANY, REC_STATISTICS, ACT_READ));
	assert_true(policy_allows(ROLE_AGENCY_REP, REL_ANY | REL_CALLED_TO_ITEM, REC_CASE, ACT_READ));
	assert_true(policy_allows(ROLE_AGENCY_REP, REL_ANY | REL_CONSENT, REC_CLIENT, ACT_READ));
	assert_false(policy_allows(ROLE_AGENCY_REP, REL_ANY | REL_CONSENT, REC_CLIENT, ACT_LIST));
	assert_false(policy_allows(ROLE_AGENCY_REP, REL_ANY | REL_OWN_ORG, REC_CLIENT, ACT_READ));
	/* every logged-in role: start page, reference data, own account */
	for (int i = 0; i < ROLE_COUNT; i++) {
		assert_true(policy_allows(1u << i, REL_ANY, REC_NONE, ACT_READ));
		assert_true(policy_allows(1u << i, REL_ANY, REC_ORGANISATION, ACT_LIST));
		assert_true(policy_allows(1u << i, REL_ANY, REC_MUNICIPALITY, ACT_READ));
		assert_true(policy_allows(1u << i, REL_ANY | REL_SELF, REC_USER, ACT_UPDATE));
	}
}

/* Every combination of the aggregate-only roles, every relation set, every kind (and two
 * beyond), every action: nothing personal is ever allowed. */
static void test_aggregate_roles_never_personal(void **state)
{
	static const unsigned role_sets[] = {ROLE_STEERING, ROLE_FINANCE,
					     ROLE_STEERING | ROLE_FINANCE};
	int personal_kinds = 0, checked = 0;

	(void)state;
	for (int k = 0; k < REC_KIND_COUNT + 2; k++) {
		if (!policy_kind_personal((enum record_kind)k))
			continue;
		personal_kinds++;
		for (size_t r = 0; r < 3; r++)
			for (unsigned rel = 0; rel <= REL_EVERY; rel++)
				for (size_t a = 0; a < NACTIONS; a++) {
					assert_false(policy_allows(role_sets[r], rel,
								   (enum record_kind)k, actions[a]));
					checked++;
				}
	}
	/* the walk must have covered the kinds that matter */
	assert_int_equal(personal_kinds, 12);
	assert_true(policy_kind_personal(REC_CLIENT));
	assert_true(policy_kind_personal(REC_CASE));
	assert_true(policy_kind_personal(REC_AUDIT_LOG));
	assert_false(policy_kind_personal(REC_STATISTICS));
	assert_false(policy_kind_personal(REC_CONTACT));
	assert_false(policy_kind_personal(REC_TRAINING));
	assert_int_equal(checked, 12 * 3 * 128 * 5);
}

static void test_allows_some_consistent(void **state)
{
	(void)state;
	for (unsigned roles = 0; roles <= ROLES_EVERY; roles++)
		for (int k = 0; k <= REC_KIND_COUNT; k++)
			for (size_t a = 0; a < NACTIONS; a++) {
				bool any = false;
				for (unsigned rel = 0; rel <= REL_EVERY; rel++)
					any = any || policy_allows(roles, rel, (enum record_kind)k,
								   actions[a]);
				assert_int_equal(policy_allows_some(roles, (enum record_kind)k,
								    actions[a]),
						 any);
			}
}

/* Holding more roles never takes a permission away. */
static void test_roles_monotone(void **state)
{
	(void)state;
	for (int i = 0; i < ROLE_COUNT; i++)
		for (int k = 0; k < REC_KIND_COUNT; k++)
			for (size_t a = 0; a < NACTIONS; a++)
				for (unsigned rel = 0; rel <= REL_EVERY; rel++)
					if (policy_allows(1u << i, rel, (enum record_kind)k,
							  actions[a]))
						assert_true(policy_allows(ROLES_EVERY, rel,
									  (enum record_kind)k,
									  actions[a]));
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(policy_kind_name(REC_CLIENT), "client");
	assert_string_equal(policy_kind_name(REC_AUDIT_LOG), "audit_log");
	assert_string_equal(policy_kind_name(REC_KIND_COUNT), "");
	for (int k = 0; k < REC_KIND_COUNT; k++)
		assert_true(strlen(policy_kind_name((enum record_kind)k)) > 0);
	assert_string_equal(policy_action_name(ACT_UPDATE), "update");
	assert_string_equal(policy_action_name((enum policy_action)3), "");
}

/* docs/security.md carries the table between two markers; it must equal the generated one. */
static void test_docs_match_table(void **state)
{
	const char *srcdir = getenv("NRS_SRCDIR");
	static const char begin[] = "<!-- policy-table:begin -->\n";
	static const char end[] = "<!-- policy-table:end -->";
	struct buf want, have;
	char path[4096];
	FILE *f;
	char *b, *e;

	(void)state;
	assert_non_null(srcdir);
	buf_init(&want, 0);
	buf_init(&have, 0);
	assert_int_equal(policy_table_markdown(&want), 0);
	snprintf(path, sizeof(path), "%s/docs/security.md", srcdir);
	f = fopen(path, "r");
	assert_non_null(f);
	for (int c; (c = fgetc(f)) != EOF;)
		assert_int_equal(buf_putc(&have, (char)c), 0);
	fclose(f);
	b = strstr(have.data, begin);
	assert_non_null(b);
	b += sizeof(begin) - 1;
	e = strstr(b, end);
	assert_non_null(e);
	*e = '\0';
	if (strcmp(b, buf_cstr(&want)) != 0)
		fprintf(stderr, "docs/security.md is out of date; the table should read:\n%s",
			buf_cstr(&want));
	assert_string_equal(b, buf_cstr(&want));
	buf_free(&want);
	buf_free(&have);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deny_by_default),
		cmocka_unit_test(test_steering),
		cmocka_unit_test(test_municipal_officer),
		cmocka_unit_test(test_admin),
		cmocka_unit_test(test_centre_and_agency),
		cmocka_unit_test(test_aggregate_roles_never_personal),
		cmocka_unit_test(test_allows_some_consistent),
		cmocka_unit_test(test_roles_monotone),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_docs_match_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
