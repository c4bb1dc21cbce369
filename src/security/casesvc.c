/* Cases, staff, violence types, implementation plans and journal notes (see clientsvc.h,
 * "cases"). Goals and notes are sealed before they are stored and wiped after reading. */
#include "security/clientsvc.h"
#include "security/svc.h"
#include "store/casefile.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const referral_sources[] = {"self",    "social_services", "police", "health",
                                               "shelter", "school",          "other",  NULL};
static const char *const violence_types[] = {"physical", "psychological", "sexual",
                                             "economic", "material",      "neglect",
                                             "honour",   "digital",       NULL};

int clientsvc_case_open(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, const struct case_open_input *in,
                        int64_t *id, struct nrs_error *err)
{
	struct case_input ci = {0};
	char created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(in->opened, actor, 1, "oppnat", "öppningsdatumet", NULL, err);
	if (rc != 0)
		return rc;
	if (!svc_one_of(in->referral_source, referral_sources))
		return nrs_error_set(err, NRS_EINVAL, "remittent", "välj varifrån kontakten kom");
	if (actor->organisation_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "", "användaren tillhör ingen verksamhet");
	if (svc_opt(in->referring_municipality) != NULL) {
		rc = svc_check_municipality(st, in->referring_municipality, "remitterande_kommun",
		                            err);
		if (rc != 0)
			return rc;
	}
	time_now_iso(created_at);
	ci.client_id = in->client_id;
	ci.opened = in->opened;
	ci.referral_source = in->referral_source;
	ci.referring_municipality = svc_opt(in->referring_municipality);
	ci.organisation_id = actor->organisation_id;
	ci.created_at = created_at;
	ci.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = svc_client_exists(st, in->client_id, "klient", err);
		if (rc == 0)
			rc = store_case_open(st, &ci, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "case", *id, NULL, err);
		if (rc != 0)
			*id = 0;
	});
out:
	return rc;
}

int clientsvc_case_close(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t case_id, const char *closed,
                         struct nrs_error *err)
{
	struct svc_case_info ci;
	struct nrs_date d;
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(closed, actor, 1, "avslutat", "avslutsdatumet", &d, err);
	if (rc != 0)
		return rc;
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, case_id, 1, &ci, err);
		if (rc == 0 && date_cmp(&d, &ci.opened) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "avslutat",
			                   "ärendet kan inte avslutas före det öppnades");
		if (rc == 0)
			rc = store_case_close(st, case_id, closed, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_case_assign(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t case_id, int64_t user_id,
                          struct nrs_error *err)
{
	struct svc_case_info ci;
	char at[21];
	int rc;

	nrs_error_clear(err);
	time_now_iso(at);
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, case_id, 1, &ci, err);
		if (rc == 0)
			rc = svc_check_staff(st, user_id, ci.organisation_id, "medarbetare", err);
		if (rc == 0)
			rc = store_case_staff_add(st, case_id, user_id, at, actor->user_id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_case_unassign(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t case_id, int64_t user_id,
                            struct nrs_error *err)
{
	struct svc_case_info ci;
	int rc;

	nrs_error_clear(err);
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, case_id, 0, &ci, err);
		if (rc == 0)
			rc = store_case_staff_remove(st, case_id, user_id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_case_violence_add(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t case_id,
                                const char *type, struct nrs_error *err)
{
	struct svc_case_info ci;
	int rc;

	nrs_error_clear(err);
	if (!svc_one_of(type, violence_types))
		return nrs_error_set(err, NRS_EINVAL, "valdstyp", "välj en giltig våldstyp");
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, case_id, 0, &ci, err);
		if (rc == 0)
			rc = store_case_violence_add(st, case_id, type, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "case", case_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_plan_set(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id,
                       const struct plan_input *in, struct nrs_error *err)
{
	struct case_plan_row row = {0};
	struct svc_case_info ci;
	struct buf enc;
	char at[21];
	int rc;

	buf_init(&enc, 0);
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_text(in->goals != NULL ? in->goals : "", PLAN_GOALS_MAX_BYTES, "mal",
		                    "målen", err);
	if (rc == 0 && svc_opt(in->follow_up) != NULL)
		rc = svc_check_date(in->follow_up, actor, 0, "uppfoljning", "uppföljningsdatumet",
		                    NULL, err);
	if (rc == 0)
		rc =
		    svc_seal_text(keys, AD_GOALS, case_id, in->goals, strlen(in->goals), &enc, err);
	if (rc != 0)
		goto out;
	time_now_iso(at);
	row.case_id = case_id;
	row.goals = svc_sealed_of(&enc);
	row.planned = svc_opt(in->planned);
	row.follow_up = svc_opt(in->follow_up);
	row.updated_at = at;
	row.updated_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, case_id, 1, &ci, err);
		if (rc == 0 && row.planned != NULL)
			rc = svc_check_intervention_type(st, row.planned, "planerad_insats", err);
		if (rc == 0)
			rc = store_case_plan_put(st, &row, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "case_plan", case_id, NULL,
			                   err);
	});
out:
	svc_buf_wipe(&enc);
	return rc;
}

void clientsvc_plan_free(struct plan_view *p)
{
	if (p == NULL)
		return;
	clientsvc_text_free(p->goals);
	sodium_memzero(p, sizeof(*p));
	free(p);
}

struct plan_ctx {
	const struct crypto_keys *keys;
	struct plan_view *p;
	struct nrs_error *err;
};

static int plan_cb(const struct case_plan_row *row, void *ctx)
{
	struct plan_ctx *pc = ctx;
	int rc =
	    svc_open_opt(pc->keys, AD_GOALS, row->case_id, &row->goals, &pc->p->goals, pc->err);

	if (rc != 0)
		return rc;
	if (pc->p->goals == NULL)
		return nrs_error_set(pc->err, NRS_ECRYPTO, "", "målen saknas i posten");
	snprintf(pc->p->planned, sizeof(pc->p->planned), "%s", row->planned ? row->planned : "");
	snprintf(pc->p->follow_up, sizeof(pc->p->follow_up), "%s",
	         row->follow_up ? row->follow_up : "");
	snprintf(pc->p->updated_at, sizeof(pc->p->updated_at), "%s", row->updated_at);
	pc->p->updated_by = row->updated_by;
	return 0;
}

int clientsvc_plan_get(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id, const char *reason,
                       struct plan_view **out, struct nrs_error *err)
{
	struct plan_ctx pc = {keys, NULL, err};
	struct svc_case_info ci;
	int rc;

	*out = NULL;
	nrs_error_clear(err);
	pc.p = calloc(1, sizeof(*pc.p));
	if (pc.p == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	/* Only reads, so no write transaction: it would hold the write lock while the plan is
	 * read and decrypted. The log row is appended outside a transaction, durable before the
	 * plan is handed out (or, deferred by the web server, before anything is sent). */
	rc = svc_load_case(st, case_id, 0, &ci, err);
	if (rc == 0)
		rc = svc_check_reason(ci.client_protected, reason, err);
	if (rc == 0) {
		rc = store_case_plan_get(st, case_id, plan_cb, &pc);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "ärendet har ingen genomförandeplan");
	}
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "read", "case_plan", case_id, reason, err);
	if (rc != 0)
		svc_fail(rc, err, "planen kan inte läsas");
	if (rc == 0)
		*out = pc.p;
	else
		clientsvc_plan_free(pc.p);
	return rc;
}

int clientsvc_note_add(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, int64_t case_id, const char *text,
                       int64_t corrects, int64_t *id, struct nrs_error *err)
{
	struct svc_case_info ci;
	struct buf enc;
	struct sealed s;
	char at[21];
	int64_t note_id = 0;
	int rc;

	buf_init(&enc, 0);
	*id = 0;
	nrs_error_clear(err);
	if (actor->user_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "", "en anteckning måste ha en författare");
	rc = svc_check_text(text != NULL ? text : "", NOTE_MAX_BYTES, "text", "anteckningen", err);
	if (rc != 0)
		return rc;
	time_now_iso(at);
	/* a correction may be written in a closed case: the record must be right, whatever
	 * the state of the case; new notes need an open one */
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, case_id, corrects == 0, &ci, err);
		if (rc == 0)
			rc = store_note_insert(st, case_id, at, actor->user_id, corrects, &note_id,
			                       err);
		if (rc == 0)
			rc = svc_seal_text(keys, AD_NOTE, note_id, text, strlen(text), &enc, err);
		if (rc == 0) {
			s = svc_sealed_of(&enc);
			rc = store_note_sign(st, note_id, &s, err);
		}
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "journal_note", note_id, NULL,
			                   err);
		if (rc != 0)
			svc_fail(rc, err, "anteckningen kunde inte sparas");
	});
	if (rc == 0)
		*id = note_id;
out:
	svc_buf_wipe(&enc);
	return rc;
}

struct notes_ctx {
	const struct crypto_keys *keys;
	note_view_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int note_cb(const struct note_row *row, void *ctx)
{
	struct notes_ctx *nc = ctx;
	struct note_view v;
	struct buf b;
	int rc;

	if (!row->signed_)
		return 0; /* never happens outside a writing transaction; drafts are not shown */
	buf_init(&b, 0);
	rc = svc_open_sealed(nc->keys, AD_NOTE, row->id, &row->text, &b, nc->err);
	if (rc == 0) {
		v.id = row->id;
		v.written_at = row->written_at;
		v.author_id = row->author_id;
		v.author_name = row->author_name;
		v.text = buf_cstr(&b);
		v.corrects = row->corrects;
		v.corrected_by = row->corrected_by;
		rc = nc->cb(&v, nc->ctx);
	}
	svc_buf_wipe(&b);
	return rc;
}

int clientsvc_notes_read(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, int64_t case_id, const char *reason,
                         note_view_cb cb, void *ctx, struct nrs_error *err)
{
	struct notes_ctx nc = {keys, cb, ctx, err};
	struct svc_case_info ci;
	int rc;

	nrs_error_clear(err);
	/* only reads: no write transaction (see clientsvc_plan_get) */
	rc = svc_load_case(st, case_id, 0, &ci, err);
	if (rc == 0)
		rc = svc_check_reason(ci.client_protected, reason, err);
	/* the log row first, durable before any text leaves (or, deferred by the web server,
	 * before anything is sent): a reader that stops half-way (or crashes) has still been
	 * logged */
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "read", "journal", case_id, reason, err);
	if (rc == 0)
		rc = store_note_list(st, case_id, note_cb, &nc);
	return rc;
}
