/* Relations of a user to clients and cases, and the scoped, audited lists (see
 * casequery.h). */
#include "security/casequery.h"

#include "security/audit.h"
#include "security/policy.h"

#include <stdio.h>
#include <string.h>

/* A municipality's officer stands in the home-municipality relation; an organisation of
 * another kind (the centre is hosted by a municipality but is not one) never does. */
static int municipality_of(const struct account *acc, const char *code)
{
	return strcmp(acc->organisation_kind, "municipality") == 0 &&
	       acc->municipality_code[0] != '\0' && strcmp(acc->municipality_code, code) == 0;
}

int casequery_client(struct store *st, const struct account *acc, int64_t client_id,
                     struct cq_client *out, unsigned *relations)
{
	int rc = store_cq_client(st, client_id, acc->organisation_id, acc->id, out);

	*relations = REL_ANY;
	if (rc != 0)
		return rc;
	if (out->of_org)
		*relations |= REL_OWN_ORG;
	if (out->assigned)
		*relations |= REL_ASSIGNED;
	if (municipality_of(acc, out->home_municipality))
		*relations |= REL_HOME_MUNICIPALITY;
	return 0;
}

int casequery_case(struct store *st, const struct account *acc, int64_t case_id,
                   struct cq_case *out, unsigned *relations)
{
	int rc = store_cq_case(st, case_id, acc->id, out);

	*relations = REL_ANY;
	if (rc != 0)
		return rc;
	if (out->organisation_id == acc->organisation_id)
		*relations |= REL_OWN_ORG;
	if (out->assigned)
		*relations |= REL_ASSIGNED;
	if (municipality_of(acc, out->home_municipality))
		*relations |= REL_HOME_MUNICIPALITY;
	return 0;
}

int casequery_audit(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const char *action, const char *kind,
                    int64_t id, const char *reason, struct nrs_error *err)
{
	struct audit_entry e = {0};
	char rid[24];

	if (id != 0)
		snprintf(rid, sizeof(rid), "%lld", (long long)id);
	e.user_id = actor->user_id;
	e.username = actor->username;
	e.organisation_id = actor->organisation_id;
	e.action = action;
	e.record_kind = kind;
	e.record_id = id != 0 ? rid : NULL;
	e.remote = actor->remote;
	e.reason = reason;
	return audit_append(st, keys->audit, &e, err);
}

int casequery_scope_of(const struct account *acc, struct casequery_scope *out)
{
	memset(out, 0, sizeof(*out));
	if (acc->organisation_id > 0 &&
	    policy_allows(acc->roles, REL_ANY | REL_OWN_ORG, REC_CLIENT, ACT_LIST)) {
		out->organisation_id = acc->organisation_id;
		return 0;
	}
	if (strcmp(acc->organisation_kind, "municipality") == 0 &&
	    acc->municipality_code[0] != '\0' &&
	    policy_allows(acc->roles, REL_ANY | REL_HOME_MUNICIPALITY, REC_CLIENT, ACT_LIST)) {
		snprintf(out->municipality, sizeof(out->municipality), "%s",
		         acc->municipality_code);
		return 0;
	}
	return NRS_EDENIED;
}

/* The audit row of a list, in its own transaction, committed before any row leaves. */
static int audit_list(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, const char *kind, struct nrs_error *err)
{
	int rc = store_tx_begin(st);

	if (rc != 0)
		return nrs_error_set(err, rc, "", "databasen är upptagen; försök igen");
	rc = casequery_audit(st, keys, actor, "list", kind, 0, NULL, err);
	if (rc != 0) {
		store_tx_rollback(st);
		return rc;
	}
	rc = store_tx_commit(st);
	return rc != 0 ? nrs_error_set(err, rc, "", "loggen kan inte skrivas") : 0;
}

int casequery_clients(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, const struct account *acc,
                      struct cq_client_filter *f, cq_client_cb cb, void *ctx, int64_t *total,
                      struct nrs_error *err)
{
	struct casequery_scope sc;
	int rc;

	nrs_error_clear(err);
	*total = 0;
	rc = casequery_scope_of(acc, &sc);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "du har inte tillgång till klientregistret");
	f->organisation_id = sc.organisation_id;
	f->municipality = sc.municipality[0] ? sc.municipality : NULL;
	f->user_id = acc->id;
	rc = audit_list(st, keys, actor, "client", err);
	if (rc == 0)
		rc = store_cq_clients(st, f, cb, ctx, total);
	if (rc < 0 && err != NULL && err->code == NRS_OK)
		nrs_error_set(err, rc, "", "klientregistret kan inte läsas");
	return rc;
}

int casequery_cases(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const struct account *acc,
                    struct cq_case_filter *f, cq_case_cb cb, void *ctx, int64_t *total,
                    struct nrs_error *err)
{
	struct casequery_scope sc;
	int rc;

	nrs_error_clear(err);
	*total = 0;
	rc = casequery_scope_of(acc, &sc);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "du har inte tillgång till ärendena");
	f->organisation_id = sc.organisation_id;
	f->municipality = sc.municipality[0] ? sc.municipality : NULL;
	f->user_id = acc->id;
	rc = audit_list(st, keys, actor, "case", err);
	if (rc == 0)
		rc = store_cq_cases(st, f, cb, ctx, total);
	if (rc < 0 && err != NULL && err->code == NRS_OK)
		nrs_error_set(err, rc, "", "ärendena kan inte läsas");
	return rc;
}

int casequery_client_by_code(struct store *st, const struct account *acc, const char *code,
                             int64_t *id)
{
	struct cq_client c;
	unsigned rel;
	int rc;

	*id = 0;
	if (code == NULL || code[0] == '\0')
		return NRS_ENOTFOUND;
	rc = store_cq_client_by_code(st, code, id);
	if (rc == 0)
		rc = casequery_client(st, acc, *id, &c, &rel);
	if (rc == 0 && !policy_allows(acc->roles, rel, REC_CLIENT, ACT_READ))
		rc = NRS_ENOTFOUND;
	if (rc != 0)
		*id = 0;
	return rc;
}

int casequery_relations(struct store *st, int64_t client_id, cq_relation_cb cb, void *ctx)
{
	return store_cq_relations(st, client_id, cb, ctx);
}

int casequery_case_staff(struct store *st, int64_t case_id, case_staff_cb cb, void *ctx)
{
	return store_case_staff_list(st, case_id, cb, ctx);
}

int casequery_case_violence(struct store *st, int64_t case_id, case_violence_cb cb, void *ctx)
{
	return store_case_violence_list(st, case_id, cb, ctx);
}

int casequery_case_interventions(struct store *st, int64_t case_id, intervention_row_cb cb,
                                 void *ctx)
{
	return store_intervention_list_by_case(st, case_id, cb, ctx);
}
