/* The access policy (see policy.h): one static table, default deny. A request is allowed only
 * if a row names one of the user's roles, one of the relations the user has to the record,
 * the record's kind and the action. New features add rows here, never special cases in
 * handlers. docs/security.md carries this table in words (policy_table_markdown), and a unit
 * test keeps the two equal. */
#include "security/policy.h"
#include "base/err.h"
#include "security/roles.h"

#include <stddef.h>

#define ROLES_ALL                                                                                \
	(ROLE_ADMIN | ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER | ROLE_SAMRAD_COORDINATOR |         \
	 ROLE_MUNICIPAL_OFFICER | ROLE_AGENCY_REP | ROLE_STEERING | ROLE_FINANCE)
#define ROLES_CENTRE (ROLE_CENTRE_STAFF | ROLE_CENTRE_MANAGER)
#define ACT_ALL (ACT_READ | ACT_LIST | ACT_CREATE | ACT_UPDATE | ACT_DELETE)
#define ACT_RL (ACT_READ | ACT_LIST)
#define ACT_RLCU (ACT_READ | ACT_LIST | ACT_CREATE | ACT_UPDATE)
#define REL_ALL                                                                                  \
	(REL_ANY | REL_OWN_ORG | REL_HOME_MUNICIPALITY | REL_ASSIGNED | REL_CALLED_TO_ITEM |      \
	 REL_CONSENT | REL_SELF)

struct policy_row {
	unsigned roles;     /* enum role bits: any of them */
	unsigned relations; /* enum policy_relation bits: the user needs any of them */
	enum record_kind kind;
	unsigned actions;   /* enum policy_action bits */
};

/* Deletion is granted to no one yet: records are kept and purged by retention rules (R37).
 * Protected identity (DESIGN.md §6) is a further check on top of these rows, not a row. */
static const struct policy_row rows[] = {
	/* every logged-in user: the start page, the own account, reference data */
	{ROLES_ALL, REL_ANY, REC_NONE, ACT_READ},
	{ROLES_ALL, REL_SELF, REC_USER, ACT_READ | ACT_UPDATE},
	{ROLES_ALL, REL_ANY, REC_ORGANISATION, ACT_RL},
	{ROLES_ALL, REL_ANY, REC_MUNICIPALITY, ACT_RL},
	/* administration; no client or case data by role alone */
	{ROLE_ADMIN, REL_ANY, REC_USER, ACT_RLCU},
	{ROLE_ADMIN, REL_ANY, REC_ORGANISATION, ACT_RLCU},
	{ROLE_ADMIN, REL_ANY, REC_MUNICIPALITY, ACT_RLCU},
	{ROLE_ADMIN, REL_ANY, REC_POPULATION, ACT_RLCU},
	{ROLE_ADMIN, REL_ANY, REC_AUDIT_LOG, ACT_RL},
	/* the centre: its own clients and cases */
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_CLIENT, ACT_RLCU},
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_CASE, ACT_RLCU},
	/* ... and what hangs on them; journal notes are never edited (corrections are new
	 * notes), so there is no update */
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_JOURNAL, ACT_READ | ACT_LIST | ACT_CREATE},
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_INTERVENTION, ACT_RLCU},
	{ROLES_CENTRE, REL_OWN_ORG, REC_GROUP, ACT_RLCU},
	{ROLES_CENTRE, REL_OWN_ORG, REC_REFERRAL, ACT_RLCU},
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_RISK, ACT_READ | ACT_LIST | ACT_CREATE},
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_FOLLOWUP, ACT_RLCU},
	{ROLES_CENTRE, REL_ASSIGNED | REL_OWN_ORG, REC_MANDATORY_REPORT,
	 ACT_READ | ACT_LIST | ACT_CREATE},
	/* the centre's records without personal data */
	{ROLES_CENTRE, REL_ANY, REC_CONTACT, ACT_RLCU},
	{ROLES_CENTRE, REL_ANY, REC_CONSULTATION, ACT_RLCU},
	{ROLES_CENTRE, REL_ANY, REC_TRAINING, ACT_RLCU},
	/* social services: clients and cases of their own municipality, read only; they record
	 * aid decisions on the interventions of their own municipality's clients, but never
	 * see journal notes, plans or risk assessments */
	{ROLE_MUNICIPAL_OFFICER, REL_HOME_MUNICIPALITY, REC_CLIENT, ACT_RL},
	{ROLE_MUNICIPAL_OFFICER, REL_HOME_MUNICIPALITY, REC_CASE, ACT_RL},
	{ROLE_MUNICIPAL_OFFICER, REL_HOME_MUNICIPALITY, REC_INTERVENTION, ACT_RL | ACT_UPDATE},
	/* police and region: one record at a time, when called to its samråd item or covered
	 * by consent; no lists */
	{ROLE_AGENCY_REP, REL_CALLED_TO_ITEM | REL_CONSENT, REC_CLIENT, ACT_READ},
	{ROLE_AGENCY_REP, REL_CALLED_TO_ITEM | REL_CONSENT, REC_CASE, ACT_READ},
	/* emergency apartments and shelter placements (R14–R17): the centre keeps the apartments
	 * and their stays; the placing municipality keeps its placements and their agreements,
	 * and the centre manager follows the deviations of all */
	{ROLES_CENTRE, REL_ANY, REC_APARTMENT, ACT_RL},
	{ROLE_CENTRE_MANAGER | ROLE_ADMIN, REL_ANY, REC_APARTMENT, ACT_RLCU},
	{ROLES_CENTRE, REL_OWN_ORG, REC_STAY, ACT_RLCU},
	{ROLE_MUNICIPAL_OFFICER, REL_OWN_ORG, REC_PLACEMENT, ACT_RLCU},
	{ROLE_CENTRE_MANAGER, REL_ANY, REC_PLACEMENT, ACT_RL},
	{ROLES_CENTRE, REL_ANY, REC_SHELTER_STATS, ACT_RLCU},
	{ROLE_STEERING, REL_ANY, REC_SHELTER_STATS, ACT_RL},
	/* economy (R24–R30): finance and the centre manager keep it, steering reads it */
	{ROLE_FINANCE | ROLE_CENTRE_MANAGER, REL_ANY, REC_ECONOMY, ACT_RLCU},
	{ROLE_STEERING, REL_ANY, REC_ECONOMY, ACT_RL},
	/* configuration of intervention types and follow-up measures (R8, R13) */
	{ROLE_CENTRE_MANAGER | ROLE_ADMIN, REL_ANY, REC_CONFIG, ACT_RLCU},
	/* aggregates */
	{ROLE_CENTRE_MANAGER | ROLE_STEERING | ROLE_FINANCE, REL_ANY, REC_STATISTICS, ACT_READ},
	/* the annual report: the centre manager writes its texts and alone sees the figures per
	 * municipality (Bilaga 1 note 5: the others are added together for everyone else) */
	{ROLE_CENTRE_MANAGER, REL_ANY, REC_REPORT_INPUT, ACT_RLCU},
	{ROLE_CENTRE_MANAGER, REL_ANY, REC_REPORT_DETAIL, ACT_READ},
	{ROLE_CENTRE_MANAGER | ROLE_STEERING | ROLE_FINANCE, REL_ANY, REC_POPULATION, ACT_RL},
};

static int one_bit(unsigned v)
{
	return v != 0 && (v & (v - 1)) == 0;
}

bool policy_allows(unsigned roles, unsigned relations, enum record_kind kind,
		   enum policy_action action)
{
	unsigned act = (unsigned)action;

	/* one action per question: a mask of several would be allowed if any one matched */
	if (!one_bit(act) || (act & ~(unsigned)ACT_ALL) != 0)
		return false;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct policy_row *r = &rows[i];
		if ((r->roles & roles) != 0 && (r->relations & relations) != 0 && r->kind == kind &&
		    (r->actions & act) != 0)
			return true;
	}
	return false;
}

bool policy_allows_some(unsigned roles, enum record_kind kind, enum policy_action action)
{
	return policy_allows(roles, REL_ALL, kind, action);
}

bool policy_kind_personal(enum record_kind kind)
{
	/* Client and case data, and the audit log, which names who looked at which client and
	 * why. Staff accounts (REC_USER) are personal data too, but not about the people the
	 * cooperation protects; changes to them are audited by the account code, reads are not. */
	switch (kind) {
	case REC_CLIENT:
	case REC_CASE:
	case REC_JOURNAL:
	case REC_INTERVENTION:
	case REC_GROUP:
	case REC_REFERRAL:
	case REC_RISK:
	case REC_FOLLOWUP:
	case REC_MANDATORY_REPORT:
	case REC_STAY:
	case REC_PLACEMENT:
	case REC_AUDIT_LOG: return true;
	case REC_APARTMENT:
	case REC_SHELTER_STATS:
	case REC_ECONOMY:
	case REC_CONFIG:
	case REC_REPORT_INPUT:
	case REC_REPORT_DETAIL:
	case REC_CONTACT:
	case REC_CONSULTATION:
	case REC_TRAINING:
	case REC_NONE:
	case REC_USER:
	case REC_ORGANISATION:
	case REC_MUNICIPALITY:
	case REC_POPULATION:
	case REC_STATISTICS:
	case REC_KIND_COUNT: break;
	}
	return false;
}

const char *policy_kind_name(enum record_kind kind)
{
	static const char *const names[REC_KIND_COUNT] = {
		[REC_NONE] = "none",
		[REC_USER] = "user",
		[REC_ORGANISATION] = "organisation",
		[REC_MUNICIPALITY] = "municipality",
		[REC_POPULATION] = "population",
		[REC_AUDIT_LOG] = "audit_log",
		[REC_STATISTICS] = "statistics",
		[REC_CLIENT] = "client",
		[REC_CASE] = "case",
		[REC_JOURNAL] = "journal",
		[REC_INTERVENTION] = "intervention",
		[REC_GROUP] = "group",
		[REC_REFERRAL] = "referral",
		[REC_RISK] = "risk",
		[REC_FOLLOWUP] = "followup",
		[REC_MANDATORY_REPORT] = "mandatory_report",
		[REC_CONTACT] = "contact",
		[REC_CONSULTATION] = "consultation",
		[REC_TRAINING] = "training",
		[REC_APARTMENT] = "apartment",
		[REC_STAY] = "stay",
		[REC_PLACEMENT] = "placement",
		[REC_SHELTER_STATS] = "shelter_stats",
		[REC_ECONOMY] = "economy",
		[REC_CONFIG] = "config",
		[REC_REPORT_INPUT] = "report_input",
		[REC_REPORT_DETAIL] = "report_detail",
	};

	if ((unsigned)kind >= REC_KIND_COUNT)
		return "";
	return names[kind];
}

const char *policy_action_name(enum policy_action action)
{
	switch (action) {
	case ACT_READ: return "read";
	case ACT_LIST: return "list";
	case ACT_CREATE: return "create";
	case ACT_UPDATE: return "update";
	case ACT_DELETE: return "delete";
	}
	return "";
}

static const char *relation_name(unsigned bit)
{
	switch (bit) {
	case REL_ANY: return "none needed";
	case REL_OWN_ORG: return "own organisation";
	case REL_HOME_MUNICIPALITY: return "client's home municipality";
	case REL_ASSIGNED: return "assigned to the case";
	case REL_CALLED_TO_ITEM: return "called to the samråd item";
	case REL_CONSENT: return "valid consent";
	case REL_SELF: return "own account";
	default: return "?";
	}
}

/* Append names of the set bits of mask, joined by sep. */
static int put_bits(struct buf *out, unsigned mask, unsigned limit, const char *(*name)(unsigned),
		    const char *sep)
{
	int first = 1;

	for (unsigned bit = 1; bit != 0 && bit <= limit; bit <<= 1) {
		if ((mask & bit) == 0)
			continue;
		if ((!first && buf_puts(out, sep)) || buf_puts(out, name(bit)))
			return NRS_ENOMEM;
		first = 0;
	}
	return 0;
}

static const char *role_bit_name(unsigned bit)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (bit == 1u << i)
			return role_name(i);
	return "?";
}

static const char *action_bit_name(unsigned bit)
{
	return policy_action_name((enum policy_action)bit);
}

int policy_table_markdown(struct buf *out)
{
	if (buf_puts(out, "| roles | relation to the record (any of) | record kind | actions |\n"
			  "|---|---|---|---|\n"))
		return NRS_ENOMEM;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct policy_row *r = &rows[i];
		if (buf_puts(out, "| "))
			return NRS_ENOMEM;
		if (r->roles == ROLES_ALL) {
			if (buf_puts(out, "every logged-in role"))
				return NRS_ENOMEM;
		} else if (put_bits(out, r->roles, 1u << (ROLE_COUNT - 1), role_bit_name, ", ")) {
			return NRS_ENOMEM;
		}
		if (buf_puts(out, " | ") ||
		    put_bits(out, r->relations, REL_SELF, relation_name, ", ") ||
		    buf_printf(out, " | %s | ", policy_kind_name(r->kind)) ||
		    put_bits(out, r->actions, ACT_DELETE, action_bit_name, ", ") ||
		    buf_puts(out, " |\n"))
			return NRS_ENOMEM;
	}
	return 0;
}
