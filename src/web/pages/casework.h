/* Shared by the client and case pages (pages/clients.c, pages/cases.c) and their JSON twins
 * (api/clients.c): the actor of a request, loading a client or case behind an :id with the
 * policy asked for the user's actual relations to it, who may see a client's identity, and
 * the Swedish labels of the casework vocabularies. Implemented in pages/clients.c. */
#ifndef NRS_WEB_PAGES_CASEWORK_H
#define NRS_WEB_PAGES_CASEWORK_H

#include "base/err.h"
#include "security/casequery.h"
#include "security/clientsvc.h"
#include "security/policy.h"
#include "web/request.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The signed-in user as the casework services' actor (borrowed from req). */
void casework_actor(struct request *req, struct clientsvc_actor *a);
/* A positive record id from a path, query or form value; NRS_EINVAL otherwise. */
int casework_parse_id(const char *s, int64_t *id);

/* The client behind an id text, allowed for action on kind by the policy with the user's
 * relations to it (*rel gets them). An unknown or malformed id is NRS_ENOTFOUND only to
 * users whom no relation is needed (none today), NRS_EDENIED to the rest: no oracle for which
 * ids exist. */
int casework_client_load(struct request *req, const char *id_text, enum record_kind kind,
                         enum policy_action action, struct cq_client *c, unsigned *rel);
/* The same for a case. */
int casework_case_load(struct request *req, const char *id_text, enum record_kind kind,
                       enum policy_action action, struct cq_case *c, unsigned *rel);

/* May this user see case content and a client's identity at all? Those who may read the
 * journal of the client's cases (the centre's own staff); municipal officers see codes,
 * gender, birth year, interventions and aid decisions, never names or case content. */
bool casework_sees_content(const struct request *req, unsigned rel);

enum casework_identity {
	IDENTITY_HIDDEN = 0, /* only the code */
	IDENTITY_SHOWN,      /* name, identity number and contact details */
	IDENTITY_REVEAL,     /* protected: shown to this (assigned) user after a stated reason */
};
/* What the user may see of a client's identity (R5): protected identity only to assigned
 * staff after a reason; others' identity to those who see case content. */
enum casework_identity casework_identity_for(const struct request *req, unsigned rel,
                                             int protected_identity);

/* The vocabularies: stable keys as stored, Swedish labels as shown. Each table ends with a
 * {NULL, NULL} entry. */
struct casework_label {
	const char *key;
	const char *label;
};
extern const struct casework_label casework_genders[];
extern const struct casework_label casework_client_roles[];
extern const struct casework_label casework_sources[];
extern const struct casework_label casework_violence[];
extern const struct casework_label casework_relation_kinds[]; /* incl. parent_of (reverse) */
/* The label of key in table, or key itself when unknown ("" for NULL). */
const char *casework_label_of(const struct casework_label *table, const char *key);
/* CLIENT_ROLE_* bit of a role key ("victim", ...), 0 if unknown. */
unsigned casework_role_bit(const char *key);
/* "Barn till", "Förälder till", "Partner till", "Tidigare partner till". */
const char *casework_relation_label(const char *kind, int reverse);

/* Options for a select: keys and labels in request memory. */
struct casework_option {
	const char *key;
	const char *label;
};
struct casework_options {
	struct casework_option *v;
	size_t n, cap;
};
/* The region's member municipalities by name (code, name). */
int casework_municipality_options(struct request *req, struct casework_options *o);
/* The active intervention types (key, Swedish label) in key order. */
int casework_type_options(struct request *req, struct casework_options *o);
/* The label of key among the options, or key itself. */
const char *casework_option_label(const struct casework_options *o, const char *key);
void casework_options_free(struct casework_options *o);

/* A page of clients as the list pages and the API show them. Strings in request memory. */
struct casework_client_item {
	int64_t id;
	const char *code;
	const char *gender;
	int birth_year;
	const char *municipality; /* code */
	const char *municipality_name;
	const char *roles; /* role keys joined by ',' */
	int protected_identity;
	int assigned;         /* the user is assigned to one of the client's cases */
	int64_t open_case_id; /* 0 if none */
	const char *name;     /* "First Last" where a list may show it, else NULL */
};
struct casework_client_list {
	struct casework_client_item *v;
	size_t n, cap;
	int64_t total; /* all matching rows, for the pager */
	bool names;    /* the user may see names in lists at all (the centre's staff) */
};
/* One page of the clients within the user's scope (casequery_clients; audited "list"). A
 * name is decrypted (clientsvc_get, audited "read") only for a client without protected
 * identity whose case the user is assigned to: lists never show other names. */
int casework_clients_load(struct request *req, struct cq_client_filter *f,
                          struct casework_client_list *l, struct nrs_error *err);
/* The clients among the user's assigned ones whose name contains query (case-insensitive);
 * protected clients are never searched by name. */
int casework_clients_by_name(struct request *req, const char *query, struct casework_client_list *l,
                             struct nrs_error *err);
void casework_clients_free(struct casework_client_list *l);

/* A Swedish sentence from a service message: capital first letter, full stop. Request
 * memory. */
const char *casework_sentence(struct request *req, const char *msg);

/* "Personnumret godtas inte: <reason>." from pnr_parse's message, so the message names the
 * field wherever it is shown. Request memory. */
const char *casework_pnr_message(struct request *req, const char *msg);

#endif
