/* The service around interventions (see groupsvc.h): relations for the policy question,
 * audited reads, aid decisions, the municipality's lists, groups and the systematic
 * follow-up. Nothing personal is decrypted here: the pages of this area show codes only. */
#include "security/groupsvc.h"

#include "base/date.h"
#include "base/str.h"
#include "domain/deadline.h"
#include "security/policy.h"
#include "security/svc.h"
#include "store/casefile.h"
#include "store/client.h"

#include <stdio.h>
#include <string.h>

static const char *const group_formats[] = {"weekly_10", "distance", NULL};
static const char *const phases[] = {"start", "end", "followup", NULL};

static void copy(char *dst, size_t n, const char *src)
{
	snprintf(dst, n, "%s", src != NULL ? src : "");
}

/* ---- relations ---- */

static int iv_cb(const struct intervention_row *row, void *ctx)
{
	struct groupsvc_iv *iv = ctx;

	iv->id = row->id;
	iv->case_id = row->case_id;
	iv->client_id = row->client_id;
	iv->organisation_id = row->organisation_id;
	copy(iv->client_code, sizeof(iv->client_code), row->client_code);
	copy(iv->type, sizeof(iv->type), row->type);
	copy(iv->type_label, sizeof(iv->type_label), row->type_label);
	copy(iv->requested, sizeof(iv->requested), row->requested);
	copy(iv->started, sizeof(iv->started), row->started);
	copy(iv->ended, sizeof(iv->ended), row->ended);
	copy(iv->end_reason, sizeof(iv->end_reason), row->end_reason);
	copy(iv->basis, sizeof(iv->basis), row->basis);
	copy(iv->decision_municipality, sizeof(iv->decision_municipality),
	     row->decision_municipality);
	copy(iv->decision_date, sizeof(iv->decision_date), row->decision_date);
	copy(iv->decision_ref, sizeof(iv->decision_ref), row->decision_ref);
	iv->responsible_user = row->responsible_user;
	iv->linked_intervention_id = row->linked_intervention_id;
	iv->sessions_held = row->sessions_held;
	return 0;
}

struct client_plain {
	char home_municipality[5];
	int birth_year;
	int protected_identity;
};

/* Only plain columns: the sealed ones are neither copied nor opened. */
static int client_plain_cb(const struct client_row *row, void *ctx)
{
	struct client_plain *p = ctx;

	copy(p->home_municipality, sizeof(p->home_municipality), row->home_municipality);
	p->birth_year = row->birth_year;
	p->protected_identity = row->protected_identity;
	return 0;
}

static int case_cb(const struct case_row *row, void *ctx)
{
	struct groupsvc_case *c = ctx;

	c->id = row->id;
	c->client_id = row->client_id;
	c->organisation_id = row->organisation_id;
	copy(c->client_code, sizeof(c->client_code), row->client_code);
	c->client_protected = row->client_protected;
	c->closed = row->closed != NULL;
	return 0;
}

/* REL_* bits of who towards a case of organisation_id whose client lives in
 * home_municipality. */
static int relations_of(struct store *st, const struct groupsvc_who *who, int64_t case_id,
                        int64_t organisation_id, const char *home_municipality, unsigned *relations)
{
	const struct clientsvc_actor *a = who->actor;
	unsigned rel = REL_ANY;
	int rc;

	if (a->organisation_id != 0 && a->organisation_id == organisation_id)
		rel |= REL_OWN_ORG;
	if (who->municipality != NULL && who->municipality[0] != '\0' &&
	    strcmp(who->municipality, home_municipality) == 0)
		rel |= REL_HOME_MUNICIPALITY;
	if (a->user_id != 0) {
		rc = store_case_is_assigned(st, case_id, a->user_id);
		if (rc < 0)
			return rc;
		if (rc == 1)
			rel |= REL_ASSIGNED;
	}
	*relations = rel;
	return 0;
}

int groupsvc_intervention_facts(struct store *st, const struct groupsvc_who *who, int64_t id,
                                struct groupsvc_iv *iv, unsigned *relations)
{
	struct client_plain cp;
	struct groupsvc_case c;
	int rc;

	memset(iv, 0, sizeof(*iv));
	memset(&cp, 0, sizeof(cp));
	memset(&c, 0, sizeof(c));
	*relations = 0;
	rc = store_intervention_get(st, id, iv_cb, iv);
	if (rc == 0)
		rc = store_case_get(st, iv->case_id, case_cb, &c);
	if (rc == 0)
		rc = store_client_get(st, iv->client_id, client_plain_cb, &cp);
	if (rc != 0)
		return rc;
	copy(iv->home_municipality, sizeof(iv->home_municipality), cp.home_municipality);
	iv->client_protected = cp.protected_identity;
	iv->case_closed = c.closed;
	return relations_of(st, who, iv->case_id, iv->organisation_id, iv->home_municipality,
	                    relations);
}

int groupsvc_case_facts(struct store *st, const struct groupsvc_who *who, int64_t case_id,
                        struct groupsvc_case *c, unsigned *relations)
{
	struct client_plain cp;
	int rc;

	memset(c, 0, sizeof(*c));
	memset(&cp, 0, sizeof(cp));
	*relations = 0;
	rc = store_case_get(st, case_id, case_cb, c);
	if (rc == 0)
		rc = store_client_get(st, c->client_id, client_plain_cb, &cp);
	if (rc != 0)
		return rc;
	copy(c->home_municipality, sizeof(c->home_municipality), cp.home_municipality);
	c->client_birth_year = cp.birth_year;
	return relations_of(st, who, c->id, c->organisation_id, c->home_municipality, relations);
}

/* ---- audited reads ---- */

/* An audit row outside any write: its own small transaction. */
static int audit_alone(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, const char *action, const char *kind,
                       int64_t id, struct nrs_error *err)
{
	int rc;

	SVC_WRITE_TX(st, err,
	             { rc = svc_audit_row(st, keys, actor, action, kind, id, NULL, err); });
out:
	return rc;
}

int groupsvc_intervention_read(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t id,
                               session_log_cb session_cb, followup_entry_cb followup_cb, void *ctx,
                               struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	/* the audit row comes first: nothing is handed out unless it is written */
	rc = audit_alone(st, keys, actor, "read", "intervention", id, err);
	if (rc == 0 && followup_cb != NULL)
		rc = audit_alone(st, keys, actor, "read", "followup", id, err);
	if (rc == 0 && session_cb != NULL)
		rc = store_session_log_list(st, id, session_cb, ctx);
	if (rc == 0 && followup_cb != NULL)
		rc = store_followup_list(st, id, followup_cb, ctx);
	return rc != 0 ? svc_fail(rc, err, "insatsen kan inte läsas") : 0;
}

int groupsvc_case_interventions(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t case_id,
                                intervention_row_cb cb, void *ctx, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	rc = audit_alone(st, keys, actor, "list", "intervention", case_id, err);
	if (rc == 0)
		rc = store_intervention_list_by_case(st, case_id, cb, ctx);
	return rc != 0 ? svc_fail(rc, err, "insatserna kan inte läsas") : 0;
}

/* ---- aid decisions ---- */

int groupsvc_decision_set(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t id,
                          const char *only_municipality, const char *municipality,
                          const char *decision_date, const char *decision_ref,
                          struct nrs_error *err)
{
	const char *ref = svc_opt(decision_ref);
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc != 0)
		return rc;
	if (svc_opt(municipality) == NULL)
		return nrs_error_set(err, NRS_EINVAL, "decision_municipality",
		                     "välj kommunen som fattade beslutet");
	rc = svc_check_municipality(st, municipality, "decision_municipality", err);
	if (rc != 0)
		return rc;
	if (only_municipality != NULL && strcmp(municipality, only_municipality) != 0)
		return nrs_error_set(err, NRS_EINVAL, "decision_municipality",
		                     "du kan bara registrera beslut som din egen kommun har"
		                     " fattat");
	rc = svc_check_date(decision_date, actor, 1, "decision_date", "beslutsdatumet", NULL, err);
	if (rc != 0)
		return rc;
	if (ref != NULL && (strlen(ref) > DECISION_REF_MAX_BYTES || !str_utf8_ok(ref, strlen(ref))))
		return nrs_error_set(err, NRS_EINVAL, "decision_ref",
		                     "diarienumret får vara högst %d tecken",
		                     DECISION_REF_MAX_BYTES);
	for (const char *p = ref; p != NULL && *p; p++)
		if ((unsigned char)*p < 0x20)
			return nrs_error_set(err, NRS_EINVAL, "decision_ref",
			                     "diarienumret ska stå på en rad");
	SVC_WRITE_TX(st, err, {
		rc = store_followup_decision_set(st, id, municipality, decision_date, ref, err);
		if (rc == 0)
			rc =
			    svc_audit_row(st, keys, actor, "update", "intervention", id, NULL, err);
	});
out:
	return rc;
}

/* ---- the municipality's lists ---- */

struct muni_ctx {
	const struct nrs_date *asof;
	int waiting;
	groupsvc_muni_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int muni_cb(const struct followup_muni_row *row, void *vctx)
{
	struct muni_ctx *mc = vctx;
	struct groupsvc_muni_entry e = {row, 0};
	struct nrs_date req;
	int rc;

	if (mc->waiting) {
		if (date_parse(row->requested, &req) != 0)
			return NRS_EDB;
		rc = queue_days(&req, mc->asof, &e.days_waited, mc->err);
		if (rc != 0)
			return rc;
	}
	return mc->cb(&e, mc->ctx);
}

int groupsvc_muni_list(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, enum followup_muni_list which,
                       const char *municipality, const char *type, const struct nrs_date *asof,
                       groupsvc_muni_cb cb, void *ctx, struct nrs_error *err)
{
	struct muni_ctx mc = {asof, which == FOLLOWUP_MUNI_WAITING, cb, ctx, err};
	char day[11] = "";
	int rc;

	nrs_error_clear(err);
	if (municipality == NULL || municipality[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "", "kommunen saknas");
	if (mc.waiting) {
		if (asof == NULL || !date_valid(asof->year, asof->month, asof->day))
			return nrs_error_set(err, NRS_EINVAL, "datum", "datumet är inte giltigt");
		date_format(asof, day);
	}
	rc = audit_alone(st, keys, actor, "list", mc.waiting ? "queue" : "intervention", 0, err);
	if (rc == 0)
		rc = store_followup_muni_list(st, which, municipality, svc_opt(type),
		                              mc.waiting ? day : NULL, muni_cb, &mc);
	return rc != 0 ? svc_fail(rc, err, "listan kan inte läsas") : 0;
}

int groupsvc_partner_treatments(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int64_t client_id,
                                followup_treatment_cb cb, void *ctx, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	rc = audit_alone(st, keys, actor, "list", "intervention", 0, err);
	if (rc == 0)
		rc = store_followup_partner_treatments(st, client_id, actor->organisation_id, cb,
		                                       ctx);
	return rc != 0 ? svc_fail(rc, err, "behandlingarna kan inte läsas") : 0;
}

/* ---- groups ---- */

static int check_group_name(const char *name, struct nrs_error *err)
{
	const char *start;
	size_t len;

	if (name == NULL || svc_blank(name))
		return nrs_error_set(err, NRS_EINVAL, "name", "fyll i gruppens namn");
	svc_trim_span(name, &start, &len);
	if (!str_utf8_ok(start, len))
		return nrs_error_set(err, NRS_EINVAL, "name", "namnet innehåller otillåtna tecken");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)start[i] < 0x20 || start[i] == 0x7f)
			return nrs_error_set(err, NRS_EINVAL, "name", "namnet ska stå på en rad");
	if (svc_utf8_chars(start, len) > GROUP_NAME_MAX_CHARS)
		return nrs_error_set(err, NRS_EINVAL, "name", "namnet får vara högst %d tecken",
		                     GROUP_NAME_MAX_CHARS);
	return 0;
}

int groupsvc_group_create(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const struct group_create *in,
                          int64_t *id, struct nrs_error *err)
{
	struct group_input gi = {0};
	char created_at[21], name[4 * GROUP_NAME_MAX_CHARS + 1];
	const char *start;
	size_t len;
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = check_group_name(in->name, err);
	if (rc != 0)
		return rc;
	if (!svc_one_of(in->format, group_formats))
		return nrs_error_set(err, NRS_EINVAL, "format",
		                     "välj format: varje vecka i tio veckor eller distansformat");
	rc = svc_check_date(in->start, actor, 0, "start", "startdatumet", NULL, err);
	if (rc != 0)
		return rc;
	if (in->nleaders == 0)
		return nrs_error_set(err, NRS_EINVAL, "leaders", "välj minst en gruppledare");
	svc_trim_span(in->name, &start, &len);
	snprintf(name, sizeof(name), "%.*s", (int)len, start);
	time_now_iso(created_at);
	gi.organisation_id = actor->organisation_id;
	gi.name = name;
	gi.format = in->format;
	gi.start = in->start;
	gi.created_at = created_at;
	gi.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		for (size_t i = 0; rc == 0 && i < in->nleaders; i++)
			rc = svc_check_staff(st, in->leaders[i], actor->organisation_id, "leaders",
			                     err);
		if (rc == 0)
			rc = store_group_add(st, &gi, id, err);
		for (size_t i = 0; rc == 0 && i < in->nleaders; i++)
			rc = store_group_leader_add(st, *id, in->leaders[i], err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "group", *id, NULL, err);
		if (rc != 0)
			*id = 0;
	});
out:
	return rc;
}

static int group_cb(const struct group_row *row, void *ctx)
{
	struct groupsvc_group *g = ctx;

	g->id = row->id;
	g->organisation_id = row->organisation_id;
	copy(g->name, sizeof(g->name), row->name);
	copy(g->format, sizeof(g->format), row->format);
	copy(g->start, sizeof(g->start), row->start);
	g->participants = row->participants;
	g->meetings = row->meetings;
	return 0;
}

int groupsvc_group_facts(struct store *st, const struct clientsvc_actor *actor, int64_t id,
                         struct groupsvc_group *g, unsigned *relations)
{
	int rc;

	memset(g, 0, sizeof(*g));
	*relations = 0;
	rc = store_group_get(st, id, group_cb, g);
	if (rc != 0)
		return rc;
	*relations = REL_ANY;
	if (actor->organisation_id != 0 && g->organisation_id == actor->organisation_id)
		*relations |= REL_OWN_ORG;
	return 0;
}

int groupsvc_group_list(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, group_row_cb cb, void *ctx,
                        struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	rc = audit_alone(st, keys, actor, "list", "group", 0, err);
	if (rc == 0)
		rc = store_group_list(st, actor->organisation_id, cb, ctx);
	return rc != 0 ? svc_fail(rc, err, "grupperna kan inte läsas") : 0;
}

int groupsvc_group_read(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, int64_t id,
                        const struct groupsvc_group_walk *walk, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	rc = audit_alone(st, keys, actor, "read", "group", id, err);
	if (rc == 0 && walk->leader != NULL)
		rc = store_group_leader_list(st, id, walk->leader, walk->ctx);
	if (rc == 0 && walk->participant != NULL)
		rc = store_group_participant_list(st, id, walk->participant, walk->ctx);
	if (rc == 0 && walk->meeting != NULL)
		rc = store_group_meeting_list(st, id, walk->meeting, walk->ctx);
	if (rc == 0 && walk->attendance != NULL)
		rc = store_group_attendance_list(st, id, walk->attendance, walk->ctx);
	return rc != 0 ? svc_fail(rc, err, "gruppen kan inte läsas") : 0;
}

/* The client's open case at organisation_id (case_list_by_client walks newest first). */
struct open_case_ctx {
	int64_t organisation_id;
	int64_t case_id;
};

static int open_case_cb(const struct case_row *row, void *ctx)
{
	struct open_case_ctx *oc = ctx;

	if (oc->case_id == 0 && row->closed == NULL && row->organisation_id == oc->organisation_id)
		oc->case_id = row->id;
	return 0;
}

int groupsvc_participant_lookup(struct store *st, const struct groupsvc_who *who,
                                const struct groupsvc_group *g, const char *code,
                                struct groupsvc_case *c, unsigned *relations, struct nrs_error *err)
{
	struct open_case_ctx oc = {g->organisation_id, 0};
	int64_t client_id = 0;
	int rc;

	memset(c, 0, sizeof(*c));
	*relations = 0;
	nrs_error_clear(err);
	if (code == NULL || svc_blank(code))
		return nrs_error_set(err, NRS_EINVAL, "client",
		                     "fyll i klientens kod, till exempel K-2026-0042");
	if (strlen(code) >= CLIENT_CODE_MAX)
		return nrs_error_set(err, NRS_EINVAL, "client", "det finns ingen klient med koden");
	rc = store_group_client_by_code(st, code, &client_id);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, NRS_EINVAL, "client", "det finns ingen klient med koden");
	if (rc == 0)
		rc = store_case_list_by_client(st, client_id, open_case_cb, &oc);
	if (rc != 0)
		return svc_fail(rc, err, "klienten kan inte läsas");
	if (oc.case_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "client",
		                     "klienten har inget öppet ärende vid centrumet; öppna ett"
		                     " ärende först");
	rc = groupsvc_case_facts(st, who, oc.case_id, c, relations);
	return rc != 0 ? svc_fail(rc, err, "ärendet kan inte läsas") : 0;
}

/* The case's oldest waiting womens_group intervention requested on or before `by`. */
struct waiting_ctx {
	const char *by;
	int64_t id;
};

static int waiting_cb(const struct intervention_row *row, void *ctx)
{
	struct waiting_ctx *wc = ctx;

	if (wc->id == 0 && strcmp(row->type, "womens_group") == 0 && row->started == NULL &&
	    row->ended == NULL && strcmp(row->requested, wc->by) <= 0)
		wc->id = row->id;
	return 0;
}

/* clientsvc names its fields in Swedish; the group form has one date, "joined". */
static int as_joined(int rc, struct nrs_error *err)
{
	if (rc != 0 && err != NULL && err->code == NRS_EINVAL)
		snprintf(err->field, sizeof(err->field), "joined");
	return rc;
}

int groupsvc_participant_add(struct store *st, const struct crypto_keys *keys,
                             const struct clientsvc_actor *actor, const struct groupsvc_group *g,
                             const struct groupsvc_case *c, const char *joined,
                             int64_t *intervention_id, struct nrs_error *err)
{
	struct intervention_create ic = {0};
	struct waiting_ctx wc = {joined, 0};
	struct nrs_date d, start;
	int rc;

	*intervention_id = 0;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(joined, actor, 1, "joined", "datumet då klienten började", &d,
		                    err);
	if (rc != 0)
		return rc;
	if (date_parse(g->start, &start) == 0 && date_cmp(&d, &start) < 0)
		return nrs_error_set(err, NRS_EINVAL, "joined",
		                     "klienten kan inte börja före gruppens startdatum %s",
		                     g->start);
	if (c->closed || c->organisation_id != g->organisation_id)
		return nrs_error_set(err, NRS_EINVAL, "client",
		                     "klienten har inget öppet ärende vid gruppens verksamhet");
	SVC_WRITE_TX(st, err, {
		rc = store_group_participant_joined(st, g->id, c->client_id, NULL);
		if (rc == 1)
			rc = nrs_error_set(err, NRS_EEXIST, "client",
			                   "klienten är redan med i gruppen");
		if (rc == 0)
			rc = store_intervention_list_by_case(st, c->id, waiting_cb, &wc);
		if (rc == 0 && wc.id == 0) {
			ic.case_id = c->id;
			ic.type = "womens_group";
			ic.requested = joined;
			ic.basis = "service";
			rc = as_joined(
			    clientsvc_intervention_create(st, keys, actor, &ic, &wc.id, NULL, err),
			    err);
		}
		if (rc == 0)
			rc = as_joined(
			    clientsvc_intervention_start(st, keys, actor, wc.id, joined, NULL, err),
			    err);
		if (rc == 0)
			rc = store_group_participant_add(st, g->id, c->client_id, joined, wc.id,
			                                 err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "group", g->id, NULL, err);
		if (rc == 0)
			*intervention_id = wc.id;
	});
out:
	return rc;
}

int groupsvc_meeting_add(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, const struct groupsvc_group *g,
                         const char *held, int64_t *id, struct nrs_error *err)
{
	struct nrs_date d, start;
	char created_at[21];
	int rc;

	*id = 0;
	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(held, actor, 1, "held", "träffens datum", &d, err);
	if (rc != 0)
		return rc;
	if (date_parse(g->start, &start) == 0 && date_cmp(&d, &start) < 0)
		return nrs_error_set(err, NRS_EINVAL, "held",
		                     "träffen kan inte hållas före gruppens startdatum %s",
		                     g->start);
	time_now_iso(created_at);
	SVC_WRITE_TX(st, err, {
		rc = store_group_meeting_add(st, g->id, held, created_at, actor->user_id, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "group", g->id, NULL, err);
	});
out:
	return rc;
}

struct meeting_info {
	int64_t group_id;
	char held[11];
};

static int meeting_info_cb(const struct group_meeting_row *row, void *ctx)
{
	struct meeting_info *mi = ctx;

	mi->group_id = row->group_id;
	copy(mi->held, sizeof(mi->held), row->held);
	return 0;
}

/* Each participant who had joined by the meeting: present when listed. */
struct attend_ctx {
	struct store *st;
	int64_t meeting_id;
	const char *held;
	const int64_t *present;
	size_t n;
	struct nrs_error *err;
};

static int attend_cb(const struct group_participant_row *row, void *ctx)
{
	struct attend_ctx *ac = ctx;
	int here = 0;

	if (strcmp(row->joined, ac->held) > 0)
		return 0;
	for (size_t i = 0; i < ac->n && !here; i++)
		here = ac->present[i] == row->client_id;
	return store_group_attendance_set(ac->st, ac->meeting_id, row->client_id, here, ac->err);
}

int groupsvc_attendance_set(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, const struct groupsvc_group *g,
                            int64_t meeting_id, const int64_t *present, size_t n,
                            struct nrs_error *err)
{
	struct meeting_info mi = {0, ""};
	struct attend_ctx ac = {st, meeting_id, mi.held, present, n, err};
	char joined[11];
	int rc;

	nrs_error_clear(err);
	rc = store_group_meeting_get(st, meeting_id, meeting_info_cb, &mi);
	if (rc == 0 && mi.group_id != g->id)
		rc = NRS_ENOTFOUND;
	if (rc != 0)
		return svc_fail(rc, err, "träffen finns inte");
	SVC_WRITE_TX(st, err, {
		for (size_t i = 0; rc == 0 && i < n; i++) {
			rc = store_group_participant_joined(st, g->id, present[i], joined);
			if (rc == 1 && strcmp(joined, mi.held) <= 0)
				rc = 0;
			else if (rc >= 0)
				rc = nrs_error_set(err, NRS_EINVAL, "present",
				                   "närvaro kan bara föras för deltagare som hade"
				                   " börjat i gruppen den dagen");
		}
		if (rc == 0)
			rc = store_group_participant_list(st, g->id, attend_cb, &ac);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "group", g->id, NULL, err);
	});
out:
	return rc;
}

/* ---- systematic follow-up ---- */

int groupsvc_measures(struct store *st, followup_measure_cb cb, void *ctx)
{
	return store_followup_measure_list(st, 1, cb, ctx);
}

struct scale {
	int found;
	int active;
	int min, max;
	char label[101];
};

static int scale_cb(const struct followup_measure_row *row, void *ctx)
{
	struct scale *sc = ctx;

	sc->found = 1;
	sc->active = row->active;
	sc->min = row->scale_min;
	sc->max = row->scale_max;
	copy(sc->label, sizeof(sc->label), row->label_sv);
	return 0;
}

struct iv_dates {
	char requested[11];
	int64_t case_id;
};

static int iv_dates_cb(const struct intervention_row *row, void *ctx)
{
	struct iv_dates *d = ctx;

	copy(d->requested, sizeof(d->requested), row->requested);
	d->case_id = row->case_id;
	return 0;
}

int groupsvc_followup_put(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t id, const char *phase,
                          const char *entered, const struct followup_value *values, size_t n,
                          struct nrs_error *err)
{
	struct followup_entry_input in = {0};
	struct iv_dates ivd = {"", 0};
	struct nrs_date d, req;
	char created_at[21];
	int given = 0, replaced_any = 0, rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc != 0)
		return rc;
	if (!svc_one_of(phase, phases))
		return nrs_error_set(err, NRS_EINVAL, "phase",
		                     "välj tillfälle: start, avslut eller uppföljning");
	rc = svc_check_date(entered, actor, 1, "entered", "mätdatumet", &d, err);
	if (rc != 0)
		return rc;
	rc = store_intervention_get(st, id, iv_dates_cb, &ivd);
	if (rc != 0)
		return svc_fail(rc, err, "insatsen kan inte läsas");
	if (date_parse(ivd.requested, &req) == 0 && date_cmp(&d, &req) < 0)
		return nrs_error_set(err, NRS_EINVAL, "entered",
		                     "mätdatumet kan inte vara före datumet då insatsen begärdes");
	/* every value is checked before anything is written */
	for (size_t i = 0; i < n; i++) {
		struct scale sc = {0};
		int64_t v;

		if (svc_opt(values[i].value) == NULL)
			continue;
		rc = values[i].measure != NULL
		         ? store_followup_measure_get(st, values[i].measure, scale_cb, &sc)
		         : NRS_ENOTFOUND;
		if (rc == NRS_ENOTFOUND || (rc == 0 && !sc.active))
			return nrs_error_set(err, NRS_EINVAL,
			                     values[i].measure ? values[i].measure : "",
			                     "måttet finns inte");
		if (rc != 0)
			return svc_fail(rc, err, "måtten kan inte läsas");
		if (str_to_i64(values[i].value, sc.min, sc.max, &v) != 0)
			return nrs_error_set(err, NRS_EINVAL, values[i].measure,
			                     "%s: ange ett heltal från %d till %d", sc.label,
			                     sc.min, sc.max);
		given++;
	}
	if (given == 0)
		return nrs_error_set(err, NRS_EINVAL,
		                     n > 0 && values[0].measure ? values[0].measure : "",
		                     "fyll i minst ett värde");
	time_now_iso(created_at);
	in.intervention_id = id;
	in.phase = phase;
	in.entered = entered;
	in.entered_by = actor->user_id;
	in.created_at = created_at;
	SVC_WRITE_TX(st, err, {
		for (size_t i = 0; rc == 0 && i < n; i++) {
			int64_t v = 0;
			int replaced = 0;

			if (svc_opt(values[i].value) == NULL)
				continue;
			if (str_to_i64(values[i].value, -1000, 1000, &v) != 0) {
				rc = nrs_error_set(err, NRS_EINVAL, values[i].measure,
				                   "ange ett heltal");
				break;
			}
			in.measure = values[i].measure;
			in.value = (int)v;
			rc = store_followup_put(st, &in, &replaced, err);
			replaced_any |= replaced;
		}
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, replaced_any ? "update" : "create",
			                   "followup", id, NULL, err);
	});
out:
	return rc;
}

int64_t groupsvc_mean_tenths(int64_t sum, int64_t count)
{
	/* tenths = sum * 10 / count, rounded half away from zero: (2|s|·10 + count) / (2·count) */
	int64_t mag = sum < 0 ? -sum : sum;
	int64_t t = (2 * mag * 10 + count) / (2 * count);

	return sum < 0 ? -t : t;
}

struct cell_ctx {
	groupsvc_cell_cb cb;
	void *ctx;
};

static int cell_cb(const struct followup_cell_row *row, void *vctx)
{
	struct cell_ctx *cc = vctx;
	struct groupsvc_cell c = {row, 0, 0};

	c.suppressed = row->count < GROUPSVC_MIN_CELL;
	if (!c.suppressed)
		c.mean_tenths = groupsvc_mean_tenths(row->sum, row->count);
	return cc->cb(&c, cc->ctx);
}

int groupsvc_followup_aggregate(struct store *st, int year, const char *type, groupsvc_cell_cb cb,
                                void *ctx)
{
	struct cell_ctx cc = {cb, ctx};

	return store_followup_aggregate(st, year, svc_opt(type), cell_cb, &cc);
}
