/* The service for what surrounds an intervention at the centre: group programmes (R11), the
 * systematic follow-up (R13), aid decisions recorded by the home municipality, its lists of
 * clients at the centre, and audited reads of interventions. Like clientsvc (which it uses
 * for creating and starting interventions), it validates with Swedish messages naming the
 * field and writes an audit row for every read and write of personal data, in the same
 * transaction as the write.
 *
 * Who may do what is the caller's question to security/policy: the *_facts functions give
 * the relations the actor has to a record (without reading anything personal), the caller
 * asks policy_allows, and only then calls the reading or writing function. */
#ifndef NRS_SECURITY_GROUPSVC_H
#define NRS_SECURITY_GROUPSVC_H

#include "base/err.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"
#include "store/followup.h"
#include "store/groups.h"
#include "store/intervention.h"

#include <stddef.h>
#include <stdint.h>

/* Cells of the group-level follow-up with fewer values than this are shown as "<3" (R32). */
#define GROUPSVC_MIN_CELL 3
#define GROUP_NAME_MAX_CHARS 200
#define DECISION_REF_MAX_BYTES 64

/* Where the actor stands: the clientsvc actor plus the municipality code of the actor's
 * organisation ("" or NULL if it is not a municipality), for REL_HOME_MUNICIPALITY. */
struct groupsvc_who {
	const struct clientsvc_actor *actor;
	const char *municipality;
};

/* ---- interventions ---- */

/* An intervention with what the policy question needs; copied, so it outlives the store
 * walk. Empty strings for absent dates and decision fields. */
struct groupsvc_iv {
	int64_t id;
	int64_t case_id;
	int64_t client_id;
	int64_t organisation_id; /* the case's */
	char client_code[CLIENT_CODE_MAX];
	char home_municipality[5];
	int client_protected;
	int case_closed;
	char type[41];
	char type_label[101];
	char requested[11];
	char started[11];
	char ended[11];
	char end_reason[16];
	char basis[16];
	char decision_municipality[5];
	char decision_date[11];
	char decision_ref[DECISION_REF_MAX_BYTES + 1];
	int64_t responsible_user;
	int64_t linked_intervention_id;
	int64_t sessions_held;
};

/* Load intervention id and the relations who has to it: REL_ANY always, REL_OWN_ORG when
 * the case belongs to the actor's organisation, REL_HOME_MUNICIPALITY when the client's home
 * municipality is who->municipality, REL_ASSIGNED when the actor is assigned to the case.
 * Reads no personal field and writes no audit row. NRS_ENOTFOUND if there is none. */
int groupsvc_intervention_facts(struct store *st, const struct groupsvc_who *who, int64_t id,
                                struct groupsvc_iv *iv, unsigned *relations);

/* The same facts for a case, for creating interventions in it. */
struct groupsvc_case {
	int64_t id;
	int64_t client_id;
	int64_t organisation_id;
	char client_code[CLIENT_CODE_MAX];
	char home_municipality[5];
	int client_protected;
	int closed;
	int client_birth_year;
};
int groupsvc_case_facts(struct store *st, const struct groupsvc_who *who, int64_t case_id,
                        struct groupsvc_case *c, unsigned *relations);

/* Audit one "read" of the intervention, then walk its sessions (earliest first) with
 * session_cb and, when followup_cb is not NULL, its follow-up values with followup_cb
 * (auditing a "read" of the follow-up too). Callbacks may be NULL; pointers are borrowed
 * during each call. */
int groupsvc_intervention_read(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t id,
                               session_log_cb session_cb, followup_entry_cb followup_cb, void *ctx,
                               struct nrs_error *err);

/* Audit a "list" of the case's interventions and walk them by requested date. */
int groupsvc_case_interventions(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t case_id,
                                intervention_row_cb cb, void *ctx, struct nrs_error *err);

/* Record or replace the aid decision of intervention id: the deciding municipality (an
 * existing code; when only_municipality is not NULL it must be that one: a municipal officer
 * records the decisions of their own municipality), the decision date (not after today) and
 * an optional reference (diary number, at most DECISION_REF_MAX_BYTES). The basis becomes
 * aid_decision. Audits "update". Fields: decision_municipality, decision_date,
 * decision_ref. */
int groupsvc_decision_set(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t id,
                          const char *only_municipality, const char *municipality,
                          const char *decision_date, const char *decision_ref,
                          struct nrs_error *err);

/* An intervention of one of the municipality's clients, with days waited as of asof (for
 * the waiting list; 0 otherwise). Pointers borrowed during the callback. */
struct groupsvc_muni_entry {
	const struct followup_muni_row *row;
	int64_t days_waited;
};
typedef int (*groupsvc_muni_cb)(const struct groupsvc_muni_entry *e, void *ctx);
/* The municipality's clients' interventions of the list `which` (see store/followup.h),
 * oldest request first; type may be NULL for all. Audits one "list". */
int groupsvc_muni_list(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, enum followup_muni_list which,
                       const char *municipality, const char *type, const struct nrs_date *asof,
                       groupsvc_muni_cb cb, void *ctx, struct nrs_error *err);

/* The perpetrator treatments at the actor's organisation of the partners and ex-partners of
 * client_id: what a partner contact may be linked to. Audits one "list". */
int groupsvc_partner_treatments(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t client_id,
                                followup_treatment_cb cb, void *ctx, struct nrs_error *err);

/* ---- groups (R11) ---- */

struct group_create {
	const char *name;       /* 1..GROUP_NAME_MAX_CHARS characters, one line */
	const char *format;     /* weekly_10, distance */
	const char *start;      /* YYYY-MM-DD */
	const int64_t *leaders; /* active users of the actor's organisation; at least one */
	size_t nleaders;
};
/* Create a group of the actor's organisation with its leaders; audits "create". Fields:
 * name, format, start, leaders. */
int groupsvc_group_create(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const struct group_create *in,
                          int64_t *id, struct nrs_error *err);

struct groupsvc_group {
	int64_t id;
	int64_t organisation_id;
	char name[4 * GROUP_NAME_MAX_CHARS + 1];
	char format[16];
	char start[11];
	int64_t participants;
	int64_t meetings;
};
/* Load group id and the relations the actor has to it (REL_ANY, REL_OWN_ORG). No audit.
 * NRS_ENOTFOUND if there is none. */
int groupsvc_group_facts(struct store *st, const struct clientsvc_actor *actor, int64_t id,
                         struct groupsvc_group *g, unsigned *relations);
/* The actor's organisation's groups, latest start first. Audits one "list". */
int groupsvc_group_list(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, group_row_cb cb, void *ctx,
                        struct nrs_error *err);

/* What a group page shows; each callback may be NULL. */
struct groupsvc_group_walk {
	group_leader_cb leader;
	group_participant_cb participant;
	group_meeting_cb meeting;
	group_attendance_cb attendance;
	void *ctx;
};
/* Audit one "read" of the group, then walk its leaders, participants (by code), meetings
 * (earliest first) and attendance rows. */
int groupsvc_group_read(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, int64_t id,
                        const struct groupsvc_group_walk *walk, struct nrs_error *err);

/* Find the client with code and their open case at the group's organisation, with the
 * relations who has to that case (for the caller's REC_INTERVENTION create question, since
 * joining starts an intervention). No audit. Field "client": no such code, or no open case
 * at the organisation (NRS_EINVAL). */
int groupsvc_participant_lookup(struct store *st, const struct groupsvc_who *who,
                                const struct groupsvc_group *g, const char *code,
                                struct groupsvc_case *c, unsigned *relations,
                                struct nrs_error *err);
/* Add the client of case c to group g from `joined` (not before the group's start, not
 * after today). The start in the group is a started womens_group intervention of the case
 * (R11): the case's oldest waiting womens_group intervention (requested on or before
 * joined) is started on joined, or a new one (service basis) is created and started.
 * *intervention_id receives it. Audits "update" of the group (and clientsvc audits the
 * intervention). Fields: client, joined. */
int groupsvc_participant_add(struct store *st, const struct crypto_keys *keys,
                             const struct clientsvc_actor *actor, const struct groupsvc_group *g,
                             const struct groupsvc_case *c, const char *joined,
                             int64_t *intervention_id, struct nrs_error *err);
/* Add a meeting held on `held` (not before the group's start, not after today). Audits
 * "update" of the group. Field: held. */
int groupsvc_meeting_add(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, const struct groupsvc_group *g,
                         const char *held, int64_t *id, struct nrs_error *err);
/* Record attendance at meeting_id of group g: the clients in present[0..n) were present,
 * every other participant who had joined by the meeting's day was not. Each id must be a
 * participant who had joined by then (field "present"). NRS_ENOTFOUND if the meeting is not
 * the group's. Audits "update" of the group. */
int groupsvc_attendance_set(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, const struct groupsvc_group *g,
                            int64_t meeting_id, const int64_t *present, size_t n,
                            struct nrs_error *err);

/* ---- systematic follow-up (R13) ---- */

/* The active measures in their configured order (not personal data: no audit). */
int groupsvc_measures(struct store *st, followup_measure_cb cb, void *ctx);

struct followup_value {
	const char *measure; /* a measure key */
	const char *value;   /* as typed; NULL or "" for not measured */
};
/* Enter the values of one phase (start, end, followup) of intervention id on `entered`
 * (not after today, not before the requested date); values left empty are skipped, at least
 * one must be given, each a whole number on its measure's scale. All or nothing; a value
 * entered again replaces the earlier one. Audits "create" (or "update" when one was
 * replaced) of the follow-up. Fields: phase, entered, or the measure's key. */
int groupsvc_followup_put(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t id, const char *phase,
                          const char *entered, const struct followup_value *values, size_t n,
                          struct nrs_error *err);

/* One group-level cell: a measure in a phase. */
struct groupsvc_cell {
	const struct followup_cell_row *row;
	int suppressed;      /* fewer than GROUPSVC_MIN_CELL values: show "<3", no mean */
	int64_t mean_tenths; /* the mean in tenths, rounded half away from zero */
};
typedef int (*groupsvc_cell_cb)(const struct groupsvc_cell *cell, void *ctx);
/* The group-level result (only aggregates leave the case): count and mean per active
 * measure and phase of the values entered in year (0: all), for type (NULL: all). */
int groupsvc_followup_aggregate(struct store *st, int year, const char *type, groupsvc_cell_cb cb,
                                void *ctx);
/* The mean of count values adding up to sum, in tenths, rounded half away from zero
 * (integer arithmetic only). count must be positive. */
int64_t groupsvc_mean_tenths(int64_t sum, int64_t count);

#endif
