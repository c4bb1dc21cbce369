/* The casework service: the one way in to clients, cases, journal, plans, interventions and
 * police referrals. It validates input (Swedish messages naming the field), encrypts and
 * decrypts personal fields, computes blind indexes, allocates client codes and writes an
 * audit row for every read and write of personal data, in the same transaction as the write.
 *
 * Who may do what is the caller's question to security/policy before it calls in here. What
 * this module enforces on its own, whoever calls: the stated reason for any decrypting read
 * of a client with protected identity (R5), signed journal notes being final, and the date
 * rules of interventions.
 *
 * The one public header of four files, one area each: clientsvc.c (clients), casesvc.c (cases,
 * plans, journal), interventionsvc.c (interventions, sessions, queue) and referralsvc.c
 * (police referrals); their shared internals are in security/svc.h. */
#ifndef NRS_SECURITY_CLIENTSVC_H
#define NRS_SECURITY_CLIENTSVC_H

#include "base/date.h"
#include "base/err.h"
#include "domain/deadline.h"
#include "security/crypto.h"
#include "store/client.h"
#include "store/db.h"

#include <stdint.h>

/* Who is acting, from where and on which day: one per request, borrowed for the call. */
struct clientsvc_actor {
	int64_t user_id;         /* 0 for the system / command line */
	const char *username;    /* NULL for the system */
	int64_t organisation_id; /* the actor's organisation; owns the cases and referrals it
	                            creates; 0 if none */
	const char *remote;      /* client address, NULL for the command line */
	struct nrs_date today;   /* the request's date in Europe/Stockholm (date_today()); a
	                            parameter so that rules on "not in the future" are testable */
};

#define CLIENT_NAME_MAX_CHARS 100
#define CLIENT_CONTACT_MAX_BYTES 2000
#define CLIENT_REASON_MAX_BYTES 1000
#define NOTE_MAX_BYTES 50000
#define PLAN_GOALS_MAX_BYTES 8000
#define ATTEMPT_NOTE_MAX_BYTES 2000

enum client_role_bit {
	CLIENT_ROLE_VICTIM = 1u << 0,      /* våldsutsatt */
	CLIENT_ROLE_CHILD = 1u << 1,       /* barn som upplevt våld */
	CLIENT_ROLE_PERPETRATOR = 1u << 2, /* våldsutövare */
	CLIENT_ROLE_RELATIVE = 1u << 3,    /* anhörig */
};

struct client_input {
	const char *first_name;        /* 1..100 characters after trimming, no tabs/newlines */
	const char *last_name;         /* likewise */
	const char *pnr;               /* personnummer or samordningsnummer in any form
	                                  pnr_parse takes; NULL or "" for none */
	int birth_year;                /* required without pnr; with pnr 0 or the pnr's year */
	const char *gender;            /* kvinna, man, annat */
	const char *home_municipality; /* an existing municipality code */
	unsigned roles;                /* CLIENT_ROLE_* bits, at least one */
	int protected_identity;        /* skyddade personuppgifter */
	const char *contact;           /* free text, NULL or "" for none */
};

/* Register a client and audit "create". *id and code receive the new client's id and
 * pseudonymous code (K-YYYY-NNNN, numbered per year of actor->today). If the identity number
 * is already registered: NRS_EEXIST (field "personnummer"), nothing is written but an audit
 * "search" row, and *id receives the existing client's id so the caller can link to it. */
int clientsvc_register(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, const struct client_input *in,
                       int64_t *id, char code[CLIENT_CODE_MAX], struct nrs_error *err);

/* A decrypted client. Owned by the caller; clientsvc_view_free wipes and frees it. */
struct client_view {
	int64_t id;
	char code[CLIENT_CODE_MAX];
	char *first_name;
	char *last_name;
	char *pnr;        /* 12 digits YYYYMMDDNNNC, NULL without identity number */
	char *birth_date; /* YYYY-MM-DD from the identity number, NULL without */
	char *contact;    /* NULL if none */
	int birth_year;
	char gender[8];
	char home_municipality[5];
	int protected_identity;
	unsigned roles; /* CLIENT_ROLE_* bits */
	char created_at[25];
	int64_t created_by;
};

/* Decrypt client id and audit "read" with the reason. A client with protected identity is
 * refused with NRS_EDENIED unless reason is non-blank (at most CLIENT_REASON_MAX_BYTES); the
 * reason is written to the audit row. reason may be NULL for other clients. On success *out
 * is owned by the caller (clientsvc_view_free); on failure it is NULL. */
int clientsvc_get(struct store *st, const struct crypto_keys *keys,
                  const struct clientsvc_actor *actor, int64_t id, const char *reason,
                  struct client_view **out, struct nrs_error *err);
/* Wipe the plain text and free. Accepts NULL. */
void clientsvc_view_free(struct client_view *v);

/* Look up a client by identity number through the blind index; audits "search" (with the
 * id found, or none). 0 and *id, NRS_ENOTFOUND, or NRS_EINVAL for a malformed number. */
int clientsvc_find_by_pnr(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const char *pnr_text, int64_t *id,
                          struct nrs_error *err);

/* Set or clear the protected-identity flag; audits "update". */
int clientsvc_set_protected(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t client_id,
                            int protected_identity, struct nrs_error *err);
/* Replace the contact details (NULL or "" clears them); audits "update". */
int clientsvc_set_contact(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t client_id,
                          const char *contact, struct nrs_error *err);
/* Record "client_id is <kind> related_id" (child_of, partner_of, ex_partner_of); audits
 * "update" on client_id. */
int clientsvc_relation_add(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t client_id,
                           int64_t related_id, const char *kind, struct nrs_error *err);

/* ---- cases ---- */

struct case_open_input {
	int64_t client_id;
	const char *opened;                 /* YYYY-MM-DD, not after today */
	const char *referral_source;        /* self, social_services, police, health, shelter,
	                                       school, other */
	const char *referring_municipality; /* code, NULL or "" for none */
};
/* Open a case owned by the actor's organisation; audits "create". NRS_EEXIST if the client
 * already has an open case there. */
int clientsvc_case_open(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, const struct case_open_input *in,
                        int64_t *id, struct nrs_error *err);
/* Close an open case on `closed` (YYYY-MM-DD, not before opening, not after today). */
int clientsvc_case_close(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t case_id, const char *closed,
                         struct nrs_error *err);
/* Assign staff: an active user of the case's organisation. Audits "update". */
int clientsvc_case_assign(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t case_id, int64_t user_id,
                          struct nrs_error *err);
int clientsvc_case_unassign(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t case_id, int64_t user_id,
                            struct nrs_error *err);
/* Add a violence type (physical, psychological, sexual, economic, material, neglect, honour,
 * digital). Audits "update". */
int clientsvc_case_violence_add(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t case_id,
                                const char *type, struct nrs_error *err);

struct plan_input {
	const char *goals;     /* 1..PLAN_GOALS_MAX_BYTES, encrypted */
	const char *planned;   /* an active intervention type, NULL or "" for none */
	const char *follow_up; /* YYYY-MM-DD, NULL or "" for none */
};
/* Create or replace the implementation plan of an open case; audits "update". */
int clientsvc_plan_set(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id,
                       const struct plan_input *in, struct nrs_error *err);

struct plan_view {
	char *goals;        /* plain text */
	char planned[41];   /* "" if none */
	char follow_up[11]; /* "" if none */
	char updated_at[25];
	int64_t updated_by;
};
/* Decrypt the plan; audits "read" (reason rule as clientsvc_get). NRS_ENOTFOUND if the case
 * has no plan. *out owned by the caller: clientsvc_plan_free. */
int clientsvc_plan_get(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id, const char *reason,
                       struct plan_view **out, struct nrs_error *err);
void clientsvc_plan_free(struct plan_view *p);

/* Write a journal note, signed by the actor at once (R7: documentation always present).
 * corrects is 0 or the id of a signed note of the same case that this note corrects; the
 * corrected note stays as it was. Audits "create". */
int clientsvc_note_add(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id, const char *text,
                       int64_t corrects, int64_t *id, struct nrs_error *err);

/* A decrypted note given to a callback: every pointer borrowed during the call, and the text
 * is wiped right after it returns (copy what you keep). */
struct note_view {
	int64_t id;
	const char *written_at;
	int64_t author_id;
	const char *author_name; /* NULL if unknown */
	const char *text;
	int64_t corrects;     /* 0 if none */
	int64_t corrected_by; /* 0 if not corrected */
};
typedef int (*note_view_cb)(const struct note_view *note, void *ctx);
/* Decrypt the case's signed notes, oldest first; audits one "read" of the journal (reason
 * rule as clientsvc_get) before any text is handed out. A non-zero callback return stops
 * the walk and is returned. */
int clientsvc_notes_read(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t case_id, const char *reason,
                         note_view_cb cb, void *ctx, struct nrs_error *err);

/* The client's age in whole years on `at` (0..130; -1 when `at` is before the birth) and
 * home municipality (municipality may be NULL), for the statistics written when a series
 * starts or a household moves in (R31). Only the birth date is decrypted, and nothing of it
 * leaves but the age; without an identity number the age is the one reached during the
 * year of `at` (domain age_from_year). Not audited: nothing is shown to anyone. */
int clientsvc_age_at(struct store *st, const struct crypto_keys *keys, int64_t client_id,
                     const struct nrs_date *at, int *age, char municipality[5],
                     struct nrs_error *err);

/* ---- interventions, sessions, queue ---- */

struct intervention_create {
	int64_t case_id;
	const char *type;                  /* an active intervention type */
	const char *requested;             /* YYYY-MM-DD, not after today */
	const char *basis;                 /* service, aid_decision */
	const char *decision_municipality; /* aid_decision: required */
	const char *decision_date;         /* aid_decision: required, not after today */
	const char *decision_ref;          /* aid_decision: optional, at most 64 bytes */
	int64_t responsible_user;          /* 0, or an active user of the case's organisation */
	int64_t linked_intervention_id;    /* partner_contact only: 0 or a perpetrator_treatment */
};
/* Create an intervention in an open case; audits "create". For child_trappan the child's age
 * on the requested date is checked: under 4 gives 0 (created) with the Swedish warning in
 * *warn (warn->code stays NRS_OK, warn->msg non-empty); warn may be NULL. */
int clientsvc_intervention_create(struct store *st, const struct crypto_keys *keys,
                                  const struct clientsvc_actor *actor,
                                  const struct intervention_create *in, int64_t *id,
                                  struct nrs_error *warn, struct nrs_error *err);
/* Record the start date (not before requested, not after today). Trappan age warning as
 * above, on the start date. Audits "update". */
int clientsvc_intervention_start(struct store *st, const struct crypto_keys *keys,
                                 const struct clientsvc_actor *actor, int64_t id,
                                 const char *started, struct nrs_error *warn,
                                 struct nrs_error *err);
/* End a started intervention (completed, interrupted, moved, referred, other). */
int clientsvc_intervention_end(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t id, const char *ended,
                               const char *end_reason, struct nrs_error *err);

struct session_create {
	int64_t intervention_id;
	const char *held;    /* YYYY-MM-DD: not before requested, not after today or the end */
	int minutes;         /* 1..600 */
	const char *mode;    /* centre, home_municipality, phone, video */
	const char *outcome; /* held, cancelled, no_show */
};
/* Log a session; audits "create". A held session before the start date (or without one)
 * makes it the start date, since the start is the first held session (R9); the Trappan
 * warning then applies as for clientsvc_intervention_start. */
int clientsvc_session_add(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const struct session_create *in,
                          int64_t *id, struct nrs_error *warn, struct nrs_error *err);

struct queue_entry {
	int64_t intervention_id;
	int64_t case_id;
	const char *client_code; /* pseudonymous */
	const char *type;
	const char *type_label;
	const char *requested;
	const char *basis;
	int64_t days_waited; /* asof - requested (domain queue_days) */
};
typedef int (*queue_entry_cb)(const struct queue_entry *e, void *ctx);
/* The actor's organisation's waiting interventions (requested on or before asof, not started,
 * not ended) of one type (NULL for all), longest wait first, with days waited as of asof.
 * Audits "list" of the queue. Pointers borrowed during the callback. */
int clientsvc_queue(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const char *type,
                    const struct nrs_date *asof, queue_entry_cb cb, void *ctx,
                    struct nrs_error *err);

/* ---- police referrals (R22) ---- */

struct referral_create {
	int64_t received;         /* Unix seconds (UTC), not after now */
	int consent;              /* the person consented to contact; without it no contact
	                             details may be stored */
	const char *contact;      /* free text (phone, how to reach), NULL or "" for none */
	const char *municipality; /* code, NULL or "" if not given */
};
/* Register a referral for the actor's organisation; audits "create". now is the current
 * Unix time. */
int clientsvc_referral_create(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, const struct referral_create *in,
                              int64_t now, int64_t *id, struct nrs_error *err);
/* Log an attempt to reach the person at `at` (Unix seconds, not before receipt or after
 * now); note is optional free text, encrypted. Audits "create". */
int clientsvc_referral_attempt(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id, int64_t at,
                               const char *note, int64_t now, int64_t *id, struct nrs_error *err);
/* Record the outcome once: contact_at (Unix seconds, not before receipt or after now) is
 * required for every outcome but 'not_reached', and must be NULL for it. Audits "update". */
int clientsvc_referral_outcome(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id,
                               const int64_t *contact_at, const char *outcome, int64_t now,
                               struct nrs_error *err);
/* Link the referral to a registered client; audits "update". */
int clientsvc_referral_link(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t referral_id,
                            int64_t client_id, struct nrs_error *err);
/* Decrypt the contact details; audits "read". *contact is NULL if none were given, else
 * owned by the caller: clientsvc_text_free. */
int clientsvc_referral_contact(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id,
                               char **contact, struct nrs_error *err);
/* Wipe and free a plain text returned by this module. Accepts NULL. */
void clientsvc_text_free(char *text);

/* A referral in a list: no contact details, ever. Pointers borrowed during the callback. */
struct referral_entry {
	int64_t id;
	const char *received_at; /* UTC ISO */
	char deadline_at[21];    /* received + 48 h, UTC ISO */
	int64_t seconds_left;    /* deadline - now; negative when past */
	enum police_status status;
	const char *status_label; /* Swedish, e.g. "försenad" */
	int consent;
	const char *municipality;     /* NULL if not given */
	const char *first_contact_at; /* NULL until contact */
	const char *outcome;          /* NULL until recorded */
	const char *client_code;      /* NULL if not linked */
	int64_t attempts;
	const char *last_attempt_at; /* NULL if none */
};
typedef int (*referral_entry_cb)(const struct referral_entry *e, void *ctx);
/* The actor's organisation's referrals with their 48-hour status at now: open ones first,
 * least time left first, then handled ones newest first (open_only: only the open ones).
 * Audits "list". A referral recorded as not reached counts as handled. */
int clientsvc_referral_list(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t now, int open_only,
                            referral_entry_cb cb, void *ctx, struct nrs_error *err);

/* Is the actor assigned staff on any case of the client? 1, 0, or negative on error. For
 * the caller's policy question (REL_ASSIGNED). */
int clientsvc_actor_assigned(struct store *st, const struct clientsvc_actor *actor,
                             int64_t client_id);

#endif
