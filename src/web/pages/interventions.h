/* Work shared by the pages of interventions, the queue, groups and follow-up (pages/
 * interventions.c, queue.c, groups.c, followup.c) and their JSON twins (api/interventions.c):
 * the actor of a request, loading a record with the policy question asked on the relations
 * the user actually has, the operations both tiers perform, and Swedish labels. */
#ifndef NRS_WEB_PAGES_INTERVENTIONS_H
#define NRS_WEB_PAGES_INTERVENTIONS_H

#include "base/err.h"
#include "security/clientsvc.h"
#include "security/groupsvc.h"
#include "security/policy.h"
#include "web/request.h"

#include <stdbool.h>
#include <stdint.h>

/* The actor and where it stands; filled from the request by iv_who_init. */
struct iv_who {
	struct clientsvc_actor actor;
	struct groupsvc_who who;
};
void iv_who_init(struct request *req, struct iv_who *w);

/* A positive id from a path, query or form value: 0, or NRS_EINVAL. */
int iv_parse_id(const char *s, int64_t *id);

/* The intervention named by path parameter param, with the relations the user has to it,
 * after policy_allows(roles, relations, kind, action). An unknown or malformed id is
 * NRS_ENOTFOUND; a denial NRS_EDENIED. Nothing personal is read before the answer. */
int iv_load(struct request *req, struct iv_who *w, const char *param, enum record_kind kind,
            enum policy_action action, struct groupsvc_iv *iv, unsigned *relations);
/* The case named by s (a query or form value) for creating an intervention in it. */
int iv_load_case(struct request *req, struct iv_who *w, const char *s, struct groupsvc_case *c,
                 unsigned *relations);
/* The group named by path parameter param, checked as iv_load. */
int iv_load_group(struct request *req, struct iv_who *w, const char *param,
                  enum policy_action action, struct groupsvc_group *g);

/* May the user do action on kind with these relations? (To show or hide a form.) */
bool iv_may(const struct request *req, unsigned relations, enum record_kind kind,
            enum policy_action action);
/* The municipality a municipal officer is limited to when recording an aid decision: NULL
 * when the user may update the intervention as the centre (own organisation, assigned), the
 * user's municipality code when only the home-municipality relation allows it. */
const char *iv_decision_limit(const struct request *req, unsigned relations);

/* ---- operations shared by the pages and the API (typed input, fields named as in the
 * form and the JSON body) ---- */

struct iv_create_input {
	const char *type;
	const char *requested;
	const char *basis;
	const char *decision_municipality;
	const char *decision_date;
	const char *decision_ref;
	int64_t responsible_user;    /* 0: none */
	int64_t linked_intervention; /* 0: none */
};
/* Create an intervention in case c. err->field is one of type, requested, basis,
 * decision_municipality, decision_date, decision_ref, responsible_user,
 * linked_intervention, case; warn carries the Trappan age warning. */
int iv_create(struct request *req, struct iv_who *w, const struct groupsvc_case *c,
              const struct iv_create_input *in, int64_t *id, struct nrs_error *warn,
              struct nrs_error *err);
/* Start, end, add a session: err->field is started; ended, end_reason; held, minutes, mode,
 * outcome. */
int iv_start(struct request *req, struct iv_who *w, const struct groupsvc_iv *iv,
             const char *started, struct nrs_error *warn, struct nrs_error *err);
int iv_end(struct request *req, struct iv_who *w, const struct groupsvc_iv *iv, const char *ended,
           const char *end_reason, struct nrs_error *err);
int iv_session(struct request *req, struct iv_who *w, const struct groupsvc_iv *iv,
               const char *held, int minutes, const char *mode, const char *outcome, int64_t *id,
               struct nrs_error *warn, struct nrs_error *err);

/* The fixed text shown after a Trappan intervention was created or started for a child
 * under the age limit (the exact age stays out of URLs). */
#define IV_TRAPPAN_NOTICE                                                                            \
	"Observera: barnet är yngre än 4 år när insatsen börjar. Trappan är avsedd för barn " \
	"från 4 år; kontrollera att insatsen är rätt."

/* ---- Swedish labels (static strings; the key itself for an unknown one) ---- */

extern const char *const iv_bases[]; /* NULL-terminated: service, aid_decision */
extern const char *const iv_end_reasons[];
extern const char *const iv_modes[];
extern const char *const iv_outcomes[];
extern const char *const iv_phases[];
extern const char *const iv_group_formats[];
const char *iv_basis_label(const char *key);
const char *iv_end_reason_label(const char *key);
const char *iv_mode_label(const char *key);
const char *iv_outcome_label(const char *key);
const char *iv_phase_label(const char *key);
const char *iv_group_format_label(const char *key);
/* "Krokoms kommun (2309)"-style name of a municipality code, request memory; the code
 * itself if unknown. */
const char *iv_municipality_name(struct request *req, const char *code);

/* A Swedish sentence from a service message: capital first letter, full stop. Request
 * memory. */
const char *iv_sentence(struct request *req, const char *msg);

#endif
