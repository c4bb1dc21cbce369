/* Interventions, the Trappan age warning, sessions and the queue (see clientsvc.h,
 * "interventions, sessions, queue"). Only the birth date is ever decrypted here. */
#include "security/clientsvc.h"
#include "security/svc.h"
#include "base/str.h"
#include "domain/ageclass.h"
#include "store/intervention.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

static const char *const bases[] = {"service", "aid_decision", NULL};
static const char *const end_reasons[] = {"completed", "interrupted", "moved",
                                          "referred",  "other",       NULL};
static const char *const modes[] = {"centre", "home_municipality", "phone", "video", NULL};
static const char *const outcomes[] = {"held", "cancelled", "no_show", NULL};

struct iv_info {
	int64_t id;
	int64_t case_id;
	int64_t client_id;
	char type[41];
	struct nrs_date requested;
	int started;
	struct nrs_date start;
	int ended;
	struct nrs_date end;
};

static int iv_info_cb(const struct intervention_row *row, void *ctx)
{
	struct iv_info *iv = ctx;

	iv->id = row->id;
	iv->case_id = row->case_id;
	iv->client_id = row->client_id;
	snprintf(iv->type, sizeof(iv->type), "%s", row->type);
	iv->started = row->started != NULL;
	iv->ended = row->ended != NULL;
	if (date_parse(row->requested, &iv->requested) != 0 ||
	    (iv->started && date_parse(row->started, &iv->start) != 0) ||
	    (iv->ended && date_parse(row->ended, &iv->end) != 0))
		return NRS_EDB;
	return 0;
}

static int load_iv(struct store *st, int64_t id, struct iv_info *iv, struct nrs_error *err)
{
	int rc;

	memset(iv, 0, sizeof(*iv));
	rc = store_intervention_get(st, id, iv_info_cb, iv);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "insats", "insatsen finns inte");
	return rc != 0 ? svc_fail(rc, err, "insatsen kan inte läsas") : 0;
}

/* What the services need of a client's birth: the birth date (decrypted, wiped after use)
 * and the home municipality. Nothing of the birth date leaves this file but an age or the
 * Trappan warning. */
struct birth_ctx {
	const struct crypto_keys *keys;
	struct nrs_date birth; /* without an identity number: 31 December of the birth year */
	int exact;             /* birth is the real date (the client has an identity number) */
	char municipality[8];
	struct nrs_error *err;
};

/* Only the birth date is decrypted here, never the name or the number. */
static int birth_cb(const struct client_row *row, void *ctx)
{
	struct birth_ctx *bc = ctx;
	struct buf b;
	int rc = 0;

	snprintf(bc->municipality, sizeof(bc->municipality), "%s",
	         row->home_municipality ? row->home_municipality : "");
	/* Without an identity number only the year is known: assume the latest possible
	 * birthday, so that a child who may be under the age limit is warned about. */
	bc->birth.year = row->birth_year;
	bc->birth.month = 12;
	bc->birth.day = 31;
	bc->exact = 0;
	if (row->birth_date.data == NULL)
		return 0;
	buf_init(&b, 0);
	rc = svc_open_sealed(bc->keys, AD_BIRTH, row->id, &row->birth_date, &b, bc->err);
	if (rc == 0 && date_parse(buf_cstr(&b), &bc->birth) != 0)
		rc = nrs_error_set(bc->err, NRS_ECRYPTO, "", "födelsedatumet i posten är skadat");
	bc->exact = rc == 0;
	svc_buf_wipe(&b);
	return rc;
}

static void birth_wipe(struct birth_ctx *bc)
{
	sodium_memzero(&bc->birth, sizeof(bc->birth));
	bc->exact = 0;
}

/* Load the client's birth into *bc (wipe with birth_wipe). */
static int birth_load(struct store *st, const struct crypto_keys *keys, int64_t client_id,
                      struct birth_ctx *bc, struct nrs_error *err)
{
	int rc;

	memset(bc, 0, sizeof(*bc));
	bc->keys = keys;
	bc->err = err;
	rc = store_client_get(st, client_id, birth_cb, bc);
	if (rc != 0) {
		birth_wipe(bc);
		return svc_fail(rc, err, "klientens ålder kan inte läsas");
	}
	return 0;
}

/* Whole years on `at`, 0..130 as the statistics store it, or -1 when `at` is before the
 * birth. Without an identity number: the age reached during the year of `at`. */
static int birth_age(const struct birth_ctx *bc, const struct nrs_date *at)
{
	int age = bc->exact ? age_at(&bc->birth, at) : age_from_year(bc->birth.year, at);

	if (age < 0)
		return -1;
	return age > 130 ? 130 : age;
}

int clientsvc_age_at(struct store *st, const struct crypto_keys *keys, int64_t client_id,
                     const struct nrs_date *at, int *age, char municipality[5],
                     struct nrs_error *err)
{
	struct birth_ctx bc;
	int rc = birth_load(st, keys, client_id, &bc, err);

	*age = -1;
	if (municipality != NULL)
		municipality[0] = '\0';
	if (rc != 0)
		return rc;
	*age = birth_age(&bc, at);
	if (municipality != NULL)
		snprintf(municipality, 5, "%.4s", bc.municipality); /* a code: four digits */
	birth_wipe(&bc);
	return 0;
}

/* The Trappan age rule (R8) on `on` for a loaded birth: 1 and *warn filled when the child
 * is under 4, 0 when fine or not a Trappan intervention, negative on error. */
static int trappan_rule(const struct birth_ctx *bc, const char *type, const struct nrs_date *on,
                        struct nrs_error *warn, struct nrs_error *err)
{
	struct nrs_error w;
	int rc;

	if (strcmp(type, "child_trappan") != 0)
		return 0;
	nrs_error_clear(&w);
	rc = trappan_age_check(&bc->birth, on, &w);
	if (rc < 0) {
		if (err != NULL)
			*err = w;
		return rc;
	}
	if (rc == 1 && warn != NULL)
		*warn = w;
	return rc;
}

/* The Trappan rule on `on` for a client not loaded yet (the birth date is decrypted only
 * for a Trappan intervention). */
static int trappan_warning(struct store *st, const struct crypto_keys *keys, const char *type,
                           int64_t client_id, const struct nrs_date *on, struct nrs_error *warn,
                           struct nrs_error *err)
{
	struct birth_ctx bc;
	int rc;

	if (strcmp(type, "child_trappan") != 0)
		return 0;
	rc = birth_load(st, keys, client_id, &bc, err);
	if (rc == 0)
		rc = trappan_rule(&bc, type, on, warn, err);
	birth_wipe(&bc);
	return rc;
}

/* A series starts on `on`: the Trappan rule, and the client's age and home municipality
 * then for the statistics (into *age and municipality, 8 bytes). */
static int start_facts(struct store *st, const struct crypto_keys *keys, const struct iv_info *iv,
                       const struct nrs_date *on, int *age, char *municipality,
                       struct nrs_error *warn, struct nrs_error *err)
{
	struct birth_ctx bc;
	int rc = birth_load(st, keys, iv->client_id, &bc, err);

	if (rc != 0)
		return rc;
	rc = trappan_rule(&bc, iv->type, on, warn, err);
	*age = birth_age(&bc, on);
	snprintf(municipality, 8, "%s", bc.municipality);
	birth_wipe(&bc);
	return rc < 0 ? rc : 0;
}

int clientsvc_intervention_create(struct store *st, const struct crypto_keys *keys,
                                  const struct clientsvc_actor *actor,
                                  const struct intervention_create *in, int64_t *id,
                                  struct nrs_error *warn, struct nrs_error *err)
{
	struct intervention_input ii = {0};
	struct svc_case_info ci;
	struct iv_info linked;
	struct nrs_date requested;
	char created_at[21];
	int aid, rc;

	*id = 0;
	nrs_error_clear(err);
	nrs_error_clear(warn);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(in->requested, actor, 1, "begard",
		                    "datumet då insatsen begärdes", &requested, err);
	if (rc != 0)
		return rc;
	if (!svc_one_of(in->basis, bases))
		return nrs_error_set(err, NRS_EINVAL, "grund",
		                     "välj grund: serviceinsats eller biståndsbeslut");
	aid = strcmp(in->basis, "aid_decision") == 0;
	if (aid) {
		rc = svc_check_municipality(st, in->decision_municipality, "beslutskommun", err);
		if (rc == 0)
			rc = svc_check_date(in->decision_date, actor, 1, "beslutsdatum",
			                    "beslutsdatumet", NULL, err);
		if (rc == 0 && svc_opt(in->decision_ref) != NULL &&
		    (strlen(in->decision_ref) > 64 ||
		     !str_utf8_ok(in->decision_ref, strlen(in->decision_ref))))
			rc = nrs_error_set(err, NRS_EINVAL, "diarienummer",
			                   "diarienumret får vara högst 64 tecken");
		if (rc != 0)
			return rc;
	} else if (svc_opt(in->decision_municipality) != NULL ||
	           svc_opt(in->decision_date) != NULL || svc_opt(in->decision_ref) != NULL) {
		return nrs_error_set(err, NRS_EINVAL, "grund",
		                     "beslutsuppgifter hör bara till biståndsbeslut");
	}
	time_now_iso(created_at);
	ii.case_id = in->case_id;
	ii.type = in->type;
	ii.requested = in->requested;
	ii.basis = in->basis;
	ii.decision_municipality = aid ? in->decision_municipality : NULL;
	ii.decision_date = aid ? in->decision_date : NULL;
	ii.decision_ref = aid ? svc_opt(in->decision_ref) : NULL;
	ii.responsible_user = in->responsible_user;
	ii.linked_intervention_id = in->linked_intervention_id;
	ii.created_at = created_at;
	ii.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = svc_load_case(st, in->case_id, 1, &ci, err);
		if (rc == 0)
			rc = svc_check_intervention_type(st, in->type, "insatstyp", err);
		if (rc == 0 && in->responsible_user != 0)
			rc = svc_check_staff(st, in->responsible_user, ci.organisation_id,
			                     "ansvarig", err);
		if (rc == 0 && in->linked_intervention_id != 0) {
			if (strcmp(in->type, "partner_contact") != 0)
				rc = nrs_error_set(err, NRS_EINVAL, "kopplad_insats",
				                   "bara partnerkontakt kan kopplas till en"
				                   " behandling");
			if (rc == 0)
				rc = load_iv(st, in->linked_intervention_id, &linked, err);
			if (rc == 0 && strcmp(linked.type, "perpetrator_treatment") != 0)
				rc = nrs_error_set(err, NRS_EINVAL, "kopplad_insats",
				                   "partnerkontakt kopplas till en samtals"
				                   "behandling för våldsutövare");
		}
		if (rc == 0)
			rc = trappan_warning(st, keys, in->type, ci.client_id, &requested, warn,
			                     err);
		if (rc == 1)
			rc = 0;
		if (rc == 0)
			rc = store_intervention_add(st, &ii, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "intervention", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			nrs_error_clear(warn);
		}
	});
out:
	return rc;
}

int clientsvc_intervention_start(struct store *st, const struct crypto_keys *keys,
                                 const struct clientsvc_actor *actor, int64_t id,
                                 const char *started, struct nrs_error *warn, struct nrs_error *err)
{
	struct iv_info iv;
	struct nrs_date d;
	char municipality[8];
	int rc, age = -1;

	nrs_error_clear(err);
	nrs_error_clear(warn);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(started, actor, 1, "startdatum", "startdatumet", &d, err);
	if (rc != 0)
		return rc;
	SVC_WRITE_TX(st, err, {
		rc = load_iv(st, id, &iv, err);
		if (rc == 0 && date_cmp(&d, &iv.requested) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "startdatum",
			                   "insatsen kan inte starta före datumet då den begärdes");
		if (rc == 0)
			rc = start_facts(st, keys, &iv, &d, &age, municipality, warn, err);
		if (rc == 0)
			rc = store_intervention_start(st, id, started, age, svc_opt(municipality),
			                              err);
		if (rc == 0)
			rc =
			    svc_audit_row(st, keys, actor, "update", "intervention", id, NULL, err);
		if (rc != 0)
			nrs_error_clear(warn);
	});
out:
	return rc;
}

int clientsvc_intervention_end(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t id, const char *ended,
                               const char *end_reason, struct nrs_error *err)
{
	struct nrs_date d;
	int rc;

	nrs_error_clear(err);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(ended, actor, 1, "slutdatum", "slutdatumet", &d, err);
	if (rc != 0)
		return rc;
	if (!svc_one_of(end_reason, end_reasons))
		return nrs_error_set(err, NRS_EINVAL, "avslutsorsak", "välj en avslutsorsak");
	SVC_WRITE_TX(st, err, {
		rc = store_intervention_end(st, id, ended, end_reason, err);
		if (rc == NRS_ECONFLICT) {
			struct iv_info iv;
			int lrc = load_iv(st, id, &iv, err);
			if (lrc != 0)
				rc = lrc;
		}
		if (rc == 0)
			rc =
			    svc_audit_row(st, keys, actor, "update", "intervention", id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_session_add(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const struct session_create *in,
                          int64_t *id, struct nrs_error *warn, struct nrs_error *err)
{
	struct session_log_input si = {0};
	struct iv_info iv;
	struct nrs_date held;
	char created_at[21], municipality[8];
	int rc, is_held, age = -1;

	*id = 0;
	nrs_error_clear(err);
	nrs_error_clear(warn);
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = svc_check_date(in->held, actor, 1, "datum", "samtalsdatumet", &held, err);
	if (rc != 0)
		return rc;
	if (in->minutes < 1 || in->minutes > 600)
		return nrs_error_set(err, NRS_EINVAL, "minuter",
		                     "ange samtalets längd i minuter, 1–600");
	if (!svc_one_of(in->mode, modes))
		return nrs_error_set(err, NRS_EINVAL, "form", "välj var eller hur samtalet hölls");
	if (!svc_one_of(in->outcome, outcomes))
		return nrs_error_set(err, NRS_EINVAL, "utfall",
		                     "välj om samtalet hölls, ställdes in eller uteblev");
	is_held = strcmp(in->outcome, "held") == 0;
	time_now_iso(created_at);
	si.intervention_id = in->intervention_id;
	si.held = in->held;
	si.minutes = in->minutes;
	si.mode = in->mode;
	si.outcome = in->outcome;
	si.created_at = created_at;
	si.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = load_iv(st, in->intervention_id, &iv, err);
		if (rc == 0 && date_cmp(&held, &iv.requested) < 0)
			rc = nrs_error_set(err, NRS_EINVAL, "datum",
			                   "samtalet kan inte vara före datumet då insatsen"
			                   " begärdes");
		if (rc == 0 && iv.ended && date_cmp(&held, &iv.end) > 0)
			rc = nrs_error_set(err, NRS_EINVAL, "datum",
			                   "samtalet kan inte vara efter att insatsen avslutades");
		/* the start is the first held session (R9) */
		if (rc == 0 && is_held && (!iv.started || date_cmp(&held, &iv.start) < 0)) {
			rc = start_facts(st, keys, &iv, &held, &age, municipality, warn, err);
			if (rc == 0)
				rc = store_intervention_start_by_session(
				    st, iv.id, in->held, age, svc_opt(municipality), err);
		}
		if (rc == 0)
			rc = store_session_log_add(st, &si, id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "session", *id, NULL, err);
		if (rc != 0) {
			*id = 0;
			nrs_error_clear(warn);
		}
	});
out:
	return rc;
}

struct queue_ctx {
	const struct nrs_date *asof;
	queue_entry_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int queue_cb(const struct queue_row *row, void *ctx)
{
	struct queue_ctx *qc = ctx;
	struct queue_entry e;
	struct nrs_date req;
	int rc;

	if (date_parse(row->requested, &req) != 0)
		return NRS_EDB;
	rc = queue_days(&req, qc->asof, &e.days_waited, qc->err);
	if (rc != 0)
		return rc;
	e.intervention_id = row->intervention_id;
	e.case_id = row->case_id;
	e.client_code = row->client_code;
	e.type = row->type;
	e.type_label = row->type_label;
	e.requested = row->requested;
	e.basis = row->basis;
	return qc->cb(&e, qc->ctx);
}

int clientsvc_queue(struct store *st, const struct crypto_keys *keys,
                    const struct clientsvc_actor *actor, const char *type,
                    const struct nrs_date *asof, queue_entry_cb cb, void *ctx,
                    struct nrs_error *err)
{
	struct queue_ctx qc = {asof, cb, ctx, err};
	char day[11];
	int rc;

	nrs_error_clear(err);
	if (asof == NULL || !date_valid(asof->year, asof->month, asof->day))
		return nrs_error_set(err, NRS_EINVAL, "datum", "datumet är inte giltigt");
	type = svc_opt(type);
	if (type != NULL) {
		rc = svc_check_intervention_type(st, type, "insatstyp", err);
		if (rc != 0)
			return rc;
	}
	date_format(asof, day);
	rc = svc_audit_row(st, keys, actor, "list", "queue", 0, NULL, err);
	if (rc != 0)
		return svc_fail(rc, err, "loggen kan inte skrivas");
	rc = store_queue_list(st, actor->organisation_id, type, day, queue_cb, &qc);
	return rc;
}
