/* Administration work shared by the admin pages (admin_*.c) and their JSON twins
 * (api/admin.c): each change is written together with its audit row in one transaction.
 * Form fields are in web/fields.h, paging and sorting of lists in web/listing.h. */
#ifndef NRS_WEB_PAGES_ADMIN_H
#define NRS_WEB_PAGES_ADMIN_H

#include "base/err.h"
#include "security/account.h"
#include "security/policy.h"
#include "web/html.h"
#include "web/request.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADMIN_API_PER_PAGE 50

/* Append an audit row for the signed-in user (id <= 0: no record id). Inside the caller's
 * transaction when there is one. */
int admin_audit(struct request *req, const char *action, const char *kind, int64_t id,
                struct nrs_error *err);
/* A positive record id from a path or form value; NRS_EINVAL otherwise (404 for paths). */
int admin_parse_id(const char *s, int64_t *id);

/* The user behind an :id, checked against the policy for action with the relations the
 * signed-in user has to it. An administrative reset or deactivation is not "updating one's
 * own account" (that is the password page, which asks for the current password), so
 * REL_SELF counts for ACT_READ only. An unknown id is NRS_ENOTFOUND only to users who could
 * see any user, NRS_EDENIED to the rest (no oracle for which ids exist). */
int admin_user_load(struct request *req, const char *id_param, enum policy_action action,
                    struct account *out);
/* Create an account with a one-time password and audit it ("create", "user"). err names
 * the field at fault (account_create's names: anvandarnamn, namn, organisation, roller). */
int admin_user_create(struct request *req, const struct account_new *in, int64_t *id,
                      char otp[ACCOUNT_OTP_CHARS + 1], struct nrs_error *err);
/* New one-time password (audit "password_reset"); the user's sessions end. */
int admin_user_reset(struct request *req, int64_t id, char otp[ACCOUNT_OTP_CHARS + 1],
                     struct nrs_error *err);
/* Deactivate (audit "deactivate"); one's own account is refused with NRS_EINVAL. */
int admin_user_deactivate(struct request *req, int64_t id, struct nrs_error *err);

struct admin_org_input {
	const char *kind;
	const char *name;
	const char *org_number;   /* as typed; "" or NULL for none */
	const char *municipality; /* as typed; "" or NULL for none */
};
/* Validate (kind, name, organisation number with orgnr_parse, municipality code against
 * the register), add and audit ("create", "organisation"). err->field is one of kind,
 * name, org_number, municipality. */
int admin_org_create(struct request *req, const struct admin_org_input *in, int64_t *id,
                     struct nrs_error *err);
/* Parse pasted SCB CSV (code;name;population) and store it at ref_date, all or nothing;
 * audit ("import", "population"). err->field is "date" or "data" (with the line and field
 * in the message). *rows receives the number of rows stored. */
int admin_population_import(struct request *req, const char *text, const char *ref_date,
                            size_t *rows, struct nrs_error *err);

/* A Swedish sentence from a library message: capital first letter, full stop. Request
 * memory. */
const char *admin_sentence(struct request *req, const char *msg);

/* The audit log filter shared by /admin/audit and /api/v1/audit, from query parameters
 * from, to (calendar dates, to inclusive), user, kind, action and page. Each bad value gets
 * a Swedish message in its e_ member; the function then returns NRS_EINVAL. */
struct admin_audit_filter {
	const char *from, *to, *user, *kind, *action; /* as typed; NULL when absent */
	char to_excl[11];                             /* the day after to, for audit_query */
	int64_t page;
	const char *e_from, *e_to, *e_user, *e_kind, *e_action, *e_page;
};
int admin_audit_filter_parse(const struct request *req, struct admin_audit_filter *f);
/* The first error of a filter that failed, with the query parameter it belongs to. */
const char *admin_audit_filter_error(const struct admin_audit_filter *f, const char **field);
/* Fill an audit_query for page f->page with per_page rows. */
struct audit_query;
void admin_audit_query_init(const struct admin_audit_filter *f, int64_t per_page,
                            struct audit_query *q);

#endif
