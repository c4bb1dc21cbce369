/* The centre's activity service: anonymous contacts / information phone (R41), consultations
 * to professionals (R12), trainings and network meetings (R23), mandatory reports on a case
 * (R42), and the parts of police referrals (R22) that the pages need beyond clientsvc: one
 * referral with its attempts, the facts the policy question needs, and times typed in
 * Swedish local time. It validates input (a Swedish sentence naming the field; field names
 * are the form's and the API's) and writes each record together with its audit row.
 *
 * Who may do what is the caller's question to security/policy before it calls in here; the
 * *_relations functions give the caller the facts for that question. */
#ifndef NRS_SECURITY_ACTIVITYSVC_H
#define NRS_SECURITY_ACTIVITYSVC_H

#include "base/err.h"
#include "domain/deadline.h"
#include "security/account.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/activity.h"
#include "store/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ACTIVITY_TOPIC_MAX_CHARS 200
#define ACTIVITY_TITLE_MAX_CHARS 200
#define ACTIVITY_RECIPIENT_MAX_CHARS 200
#define ACTIVITY_MINUTES_MAX 600
#define TRAINING_ROWS_MAX 50
#define TRAINING_PARTICIPANTS_MAX 10000

/* A stored key and its Swedish label. Lists end with {NULL, NULL}. */
struct activity_choice {
	const char *key;
	const char *label;
};
extern const struct activity_choice activity_caller_categories[]; /* R41 caller category */
extern const struct activity_choice activity_contact_outcomes[];  /* R41 what it led to */
extern const struct activity_choice activity_training_kinds[];    /* R23 */
extern const struct activity_choice activity_report_kinds[];      /* R42 */
extern const struct activity_choice activity_referral_outcomes[]; /* R22 */
/* The label of key in list; NULL if key is NULL or not in the list. */
const char *activity_label(const struct activity_choice *list, const char *key);

/* Turn err's message into a sentence: capital first letter, full stop (the store and the
 * casework service write lower-case phrases). Accepts NULL. */
void activity_error_sentence(struct nrs_error *err);

/* ---- times: stored in UTC, typed and shown in Europe/Stockholm ---- */

/* The instant of a local date "YYYY-MM-DD" and time "HH:MM" in Europe/Stockholm (the process
 * zone, see time_init_zone) as Unix seconds. A time that does not exist (the hour skipped
 * when summer time starts) is refused; a time that occurs twice (the hour repeated when it
 * ends) is taken as the earlier instant, which gives a deadline counted from it less time
 * rather than more. Errors (NRS_EINVAL) name field. */
int activity_local_to_utc(const char *date, const char *hhmm, const char *field, int64_t *out,
                          struct nrs_error *err);
/* An API time: "YYYY-MM-DDTHH:MM[:SS]Z" in UTC, or the same without Z in Swedish local time
 * (as activity_local_to_utc). Errors name field. */
int activity_time_parse(const char *s, const char *field, int64_t *out, struct nrs_error *err);
/* t as Swedish local "YYYY-MM-DD HH:MM". */
void activity_local_text(int64_t t, char out[17]);
/* t as Swedish local date and time, for pre-filling forms. */
void activity_local_parts(int64_t t, char date[11], char hhmm[6]);
/* A duration as Swedish text: "47 h 5 min", "35 min". Whole minutes, rounded up, so a
 * deadline is never shown as reached while time is left. seconds below 0 count as 0. */
void activity_duration_text(int64_t seconds, char *out, size_t n);
/* A whole number typed in a form: 0 and *out, or NRS_EINVAL naming field ("label ska vara
 * ett heltal"). Blank text is the caller's case (a missing value). */
int activity_int_text(const char *s, const char *field, const char *label, int64_t *out,
                      struct nrs_error *err);

/* ---- police referrals (R22) ---- */

/* The status of a referral in words and as a key, from its 48-hour status and outcome:
 * "Försenad"/overdue, "Snart"/soon, "Öppen"/open, "Kontaktad i tid"/in_time,
 * "Kontaktad efter 48 h"/late, "Nåddes inte"/not_reached. */
const char *activity_referral_status_text(enum police_status s, const char *outcome);
const char *activity_referral_status_key(enum police_status s, const char *outcome);
/* Does this status need attention now (overdue or soon, and not handled)? */
bool activity_referral_urgent(enum police_status s, const char *outcome);

/* The organisation that received referral id, for the caller's policy question (REL_OWN_ORG).
 * Reads no personal data and audits nothing. 0, NRS_ENOTFOUND, or a store error. */
int activitysvc_referral_owner(struct store *st, int64_t id, int64_t *organisation_id);

struct referral_attempt_view {
	int64_t id;
	int64_t at; /* Unix seconds */
	char *note; /* plain text, NULL if none */
};

/* One referral as the referral page shows it: never its contact details (those come only
 * from clientsvc_referral_contact, audited on their own). */
struct referral_view {
	int64_t id;
	int64_t received;     /* Unix seconds */
	int64_t deadline;     /* received + 48 h */
	int64_t seconds_left; /* deadline - now; negative when past */
	enum police_status status;
	int consent;
	int has_contact;
	char municipality[5];              /* "" if not given */
	char municipality_name[101];       /* "" if not given */
	int64_t first_contact;             /* Unix seconds, -1 until contact */
	char outcome[16];                  /* "" until recorded */
	char client_code[CLIENT_CODE_MAX]; /* "" if not linked */
	size_t nattempts;
	struct referral_attempt_view *attempts; /* oldest first */
};

/* Read referral id with its attempts (notes decrypted) at now, and audit "read" before any
 * note is handed out. *out is the caller's: activitysvc_referral_free. */
int activitysvc_referral_read(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, int64_t id, int64_t now,
                              struct referral_view **out, struct nrs_error *err);
/* Wipe the notes and free. Accepts NULL. */
void activitysvc_referral_free(struct referral_view *v);

/* The client with this pseudonymous code and how the account stands to it (the relations of
 * security/casequery.c, the one definition: REL_ANY, REL_OWN_ORG, REL_ASSIGNED,
 * REL_HOME_MUNICIPALITY). 0, NRS_ENOTFOUND, or a store error. */
int activitysvc_client_by_code(struct store *st, const struct account *acc, const char *code,
                               int64_t *client_id, unsigned *relations);

/* ---- anonymous contacts / information phone (R41) ---- */

struct contact_new {
	const char *date;         /* YYYY-MM-DD, not in the future */
	const char *category;     /* a key of activity_caller_categories */
	const char *municipality; /* code, NULL or "" if not given */
	const char *topic;        /* 1..ACTIVITY_TOPIC_MAX_CHARS, one line */
	bool has_minutes;
	int64_t minutes;     /* 1..ACTIVITY_MINUTES_MAX */
	const char *outcome; /* a key of activity_contact_outcomes */
};
/* Fields: date, category, municipality, topic, minutes, outcome. Audits "create". */
int activitysvc_contact_create(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, const struct contact_new *in,
                               int64_t *id, struct nrs_error *err);
/* The actor's organisation's contacts, newest first (no personal data: not audited). */
int activitysvc_contact_list(struct store *st, const struct clientsvc_actor *actor,
                             contact_row_cb cb, void *ctx);

/* ---- consultations to professionals (R12) ---- */

struct consultation_new {
	const char *date;
	int64_t asker_organisation_id;  /* 0 if none */
	const char *asker_municipality; /* code, NULL or "" if none; at least one of the two */
	const char *topic;
	bool has_minutes;
	int64_t minutes;
};
/* Fields: date, asker_organisation, asker_municipality, topic, minutes. Audits "create". */
int activitysvc_consultation_create(struct store *st, const struct crypto_keys *keys,
                                    const struct clientsvc_actor *actor,
                                    const struct consultation_new *in, int64_t *id,
                                    struct nrs_error *err);
int activitysvc_consultation_list(struct store *st, const struct clientsvc_actor *actor,
                                  consultation_row_cb cb, void *ctx);

/* ---- trainings and network meetings (R23) ---- */

struct training_row_new {
	size_t number;           /* the row's number in the form, for field names; 0: its
	                            position + 1 */
	int64_t organisation_id; /* 0 if not chosen */
	bool has_count;
	int64_t participants; /* 1..TRAINING_PARTICIPANTS_MAX */
};
struct training_new {
	const char *date;
	const char *title; /* 1..ACTIVITY_TITLE_MAX_CHARS, one line */
	const char *kind;  /* a key of activity_training_kinds */
	const struct training_row_new *rows;
	size_t nrows; /* 1..TRAINING_ROWS_MAX */
};
/* Fields: date, title, kind, and for participant row n (see number) org_n and count_n.
 * Each organisation at most once. Audits "create". */
int activitysvc_training_create(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, const struct training_new *in,
                                int64_t *id, struct nrs_error *err);
int activitysvc_training_list(struct store *st, const struct clientsvc_actor *actor,
                              training_row_cb cb, void *ctx);
/* One training (any organisation's: trainings hold no personal data) and its participant
 * rows. NRS_ENOTFOUND if there is none. */
int activitysvc_training_get(struct store *st, int64_t id, training_row_cb cb,
                             training_participant_cb pcb, void *ctx);

/* ---- mandatory reports (R42) ---- */

/* A case and how the account stands to it (security/casequery.c's relations: REL_ANY, plus
 * REL_OWN_ORG when the case belongs to the account's organisation, REL_ASSIGNED when the
 * user is assigned to it, REL_HOME_MUNICIPALITY for the client's municipality's officers). */
struct activity_case {
	int64_t case_id;
	int64_t client_id;
	int64_t organisation_id;
	char client_code[CLIENT_CODE_MAX];
	char opened[11];
	char closed[11]; /* "" while open */
	unsigned relations;
};
/* The facts of case id for the caller's policy question. 0, NRS_ENOTFOUND or a store error. */
int activitysvc_case_facts(struct store *st, const struct account *acc, int64_t case_id,
                           struct activity_case *out);
typedef int (*activity_case_cb)(const struct activity_case *c, void *ctx);
/* Every case of the client with this code, open ones first (none for an unknown code). */
int activitysvc_cases_by_code(struct store *st, const struct account *acc, const char *code,
                              activity_case_cb cb, void *ctx);

struct report_new {
	const char *kind; /* a key of activity_report_kinds */
	const char *date; /* not in the future */
	int64_t case_id;  /* the caller has asked the policy about it (ACT_CREATE) */
	int64_t made_by;  /* an active user of the case's organisation */
	int64_t recipient_organisation_id; /* an organisation of the register, or 0 ... */
	const char *recipient_text;        /* ... a text of 1..ACTIVITY_RECIPIENT_MAX_CHARS */
};
/* Fields: kind, date, case, made_by, recipient. The report belongs to the case's
 * organisation. Audits "create" mandatory_report. */
int activitysvc_report_create(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, const struct report_new *in,
                              int64_t *id, struct nrs_error *err);
/* The actor's organisation's reports, newest first; audits "list" before the first row. */
int activitysvc_report_list(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, report_row_cb cb, void *ctx,
                            struct nrs_error *err);

#endif
