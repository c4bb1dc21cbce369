/* The access policy (R1): one table of rows (roles, relation to the record, record kind,
 * actions) -> allow. Anything not allowed by a row is denied. Handlers ask before they
 * touch the store; later features add rows, not special cases. */
#ifndef NRS_SECURITY_POLICY_H
#define NRS_SECURITY_POLICY_H

#include "base/buf.h"

#include <stdbool.h>

enum record_kind {
	REC_NONE = 0,     /* pages without records (start page, own password) */
	REC_USER,         /* accounts */
	REC_ORGANISATION, /* parties */
	REC_MUNICIPALITY, /* municipal register */
	REC_POPULATION,   /* population figures */
	REC_AUDIT_LOG,    /* the audit log */
	REC_STATISTICS,   /* aggregates without personal data */
	REC_CLIENT,       /* a person receiving support (personal data) */
	REC_CASE,         /* a case at the centre (personal data) */
	REC_JOURNAL,      /* journal notes and the implementation plan of a case */
	REC_INTERVENTION, /* interventions, their sessions and aid decisions; the queue */
	REC_GROUP,        /* group programmes and their participants */
	REC_REFERRAL,     /* police referrals with consent (contact details) */
	REC_RISK,         /* risk assessments on a case */
	REC_FOLLOWUP,     /* systematic follow-up measurements of an intervention */
	REC_MANDATORY_REPORT, /* orosanmälan and lex Sarah reports concerning a case */
	REC_CONTACT,      /* anonymous contacts / information phone (no personal data) */
	REC_CONSULTATION, /* consultations to professionals (no personal data) */
	REC_TRAINING,     /* trainings and network meetings (no personal data) */
	REC_APARTMENT,    /* emergency apartments themselves (no address, no personal data) */
	REC_STAY,         /* stays in an emergency apartment (who, with how many children) */
	REC_PLACEMENT,    /* shelter placements and their individual agreements */
	REC_SHELTER_STATS, /* the shelter's own statistics: refusals (no personal data) */
	REC_ECONOMY,      /* budget, cost distribution, charges and invoices (no personal data) */
	REC_CONFIG,       /* configurable intervention types and follow-up measures */
	REC_REPORT_INPUT, /* the annual report's own input: staff FTE and free-text sections */
	REC_REPORT_DETAIL, /* the annual report with one row per member municipality */
	REC_KIND_COUNT
};

enum policy_action {
	ACT_READ = 1u << 0,
	ACT_LIST = 1u << 1,
	ACT_CREATE = 1u << 2,
	ACT_UPDATE = 1u << 3,
	ACT_DELETE = 1u << 4,
};

/* How the user stands to the record. REL_ANY is always present. */
enum policy_relation {
	REL_ANY = 1u << 0,          /* no relation needed */
	REL_OWN_ORG = 1u << 1,      /* the record belongs to the user's organisation */
	REL_HOME_MUNICIPALITY = 1u << 2, /* the client's home municipality is the user's */
	REL_ASSIGNED = 1u << 3,     /* the user is assigned staff on the case */
	REL_CALLED_TO_ITEM = 1u << 4, /* the user's organisation is called to the samråd item */
	REL_CONSENT = 1u << 5,      /* covered by a valid consent */
	REL_SELF = 1u << 6,         /* the record is the user's own account */
};

/* May a user with these roles (enum role bits), standing in these relations to a record of
 * this kind, perform action? Deny unless some row allows it. */
bool policy_allows(unsigned roles, unsigned relations, enum record_kind kind,
		   enum policy_action action);
/* Does any relation let these roles perform action on this kind? (For navigation and for
 * list pages that filter rows by relation afterwards.) */
bool policy_allows_some(unsigned roles, enum record_kind kind, enum policy_action action);
/* True if the kind holds personal data (reads are audited). */
bool policy_kind_personal(enum record_kind kind);
const char *policy_kind_name(enum record_kind kind);
const char *policy_action_name(enum policy_action action);
/* Append the policy table as a Markdown table in words (for docs/security.md, which a test
 * compares with it). Returns 0 or NRS_ENOMEM / NRS_ETOOBIG. */
int policy_table_markdown(struct buf *out);

#endif
