/* How a signed-in user stands to a client or a case (the relations the access policy asks
 * for), and the audited lists of clients and cases a user may see: those of the user's own
 * organisation for the centre, those of the user's municipality for social services. The
 * scope of a list comes from the account and the policy, never from the request, so a list
 * cannot be widened by a parameter. Clientsvc remains the way to decrypt and change; this
 * module only reads plain columns. */
#ifndef NRS_SECURITY_CASEQUERY_H
#define NRS_SECURITY_CASEQUERY_H

#include "base/err.h"
#include "security/account.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/casefile.h"
#include "store/casequery.h"
#include "store/intervention.h"
#include "store/db.h"

#include <stdint.h>

/* The client's plain facts and the user's relations to it (enum policy_relation bits, with
 * REL_ANY): REL_OWN_ORG if the client has a case at the user's organisation or was
 * registered there, REL_HOME_MUNICIPALITY if the user works for a municipality that is the
 * client's home municipality, REL_ASSIGNED if the user is assigned staff on any of the
 * client's cases. 0, NRS_ENOTFOUND or a store error. Not audited: the caller audits what it
 * then shows. */
int casequery_client(struct store *st, const struct account *acc, int64_t client_id,
                     struct cq_client *out, unsigned *relations);
/* The same for a case: REL_OWN_ORG if the case belongs to the user's organisation,
 * REL_HOME_MUNICIPALITY as above for the case's client, REL_ASSIGNED if the user is
 * assigned staff on this case. */
int casequery_case(struct store *st, const struct account *acc, int64_t case_id,
                   struct cq_case *out, unsigned *relations);

/* Append an audit row for the actor (id 0: no record id; reason may be NULL). */
int casequery_audit(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const char *action, const char *kind,
                    int64_t id, const char *reason, struct nrs_error *err);

/* The list scope of an account: its organisation when the policy lets its roles list
 * clients of their own organisation, else its municipality when the policy lets them list
 * the clients of their home municipality. NRS_EDENIED when neither. */
struct casequery_scope {
	int64_t organisation_id; /* 0: not by organisation */
	char municipality[5];    /* "": not by municipality */
};
int casequery_scope_of(const struct account *acc, struct casequery_scope *out);

/* A page of the clients within the account's scope (the filter's organisation and
 * municipality are set from it, whatever the caller put there); audits "list" (kind
 * "client") before any row is handed out. *total gets the number of matching rows. */
int casequery_clients(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *actor, const struct account *acc,
                      struct cq_client_filter *f, cq_client_cb cb, void *ctx, int64_t *total,
                      struct nrs_error *err);
/* A page of the cases within the account's scope, likewise; audits "list" (kind "case"). */
int casequery_cases(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const struct account *acc,
                    struct cq_case_filter *f, cq_case_cb cb, void *ctx, int64_t *total,
                    struct nrs_error *err);

/* What hangs on a client or case, for the page that has audited its read of it: relations
 * between clients (codes only), assigned staff, violence types and interventions. Plain
 * walks of the store (see store/casequery.h, store/casefile.h, store/intervention.h). */
int casequery_relations(struct store *st, int64_t client_id, cq_relation_cb cb, void *ctx);
int casequery_case_staff(struct store *st, int64_t case_id, case_staff_cb cb, void *ctx);
int casequery_case_violence(struct store *st, int64_t case_id, case_violence_cb cb, void *ctx);
int casequery_case_interventions(struct store *st, int64_t case_id, intervention_row_cb cb,
                                 void *ctx);

/* The client with this code (compared exactly), if the user has any relation to
 * it that lets them read it (own organisation or assignment for the centre, home
 * municipality for social services): 0 and *id, else NRS_ENOTFOUND (the same answer for a
 * code that does not exist, so codes cannot be probed). */
int casequery_client_by_code(struct store *st, const struct account *acc, const char *code,
                             int64_t *id);

#endif
