/* Police referrals and the 48-hour rule (see clientsvc.h, "police referrals"). Times are
 * Unix seconds at the interface and UTC ISO 8601 in the store; contact details are sealed. */
#include "security/clientsvc.h"
#include "security/svc.h"
#include "store/referral.h"

#include <stdio.h>
#include <string.h>

static const char *const referral_outcomes[] = {"crisis_talk", "legal_info",  "motivated",
                                                "declined",    "not_reached", NULL};

/* t (Unix seconds) is a valid instant, 0..POLICE_TIME_MAX, not before not_before and not
 * after now; else NRS_EINVAL naming field/label. */
static int check_instant(int64_t t, int64_t not_before, int64_t now, const char *field,
                         const char *label, struct nrs_error *err)
{
	if (t < 0 || t > POLICE_TIME_MAX)
		return nrs_error_set(err, NRS_EINVAL, field, "%s är inte en giltig tidpunkt",
		                     label);
	if (t < not_before)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s kan inte vara före mottagningstiden", label);
	if (t > now)
		return nrs_error_set(err, NRS_EINVAL, field, "%s kan inte ligga i framtiden",
		                     label);
	return 0;
}

struct ref_info {
	int64_t id;
	int64_t received;
	int has_contact;
};

static int ref_info_cb(const struct referral_row *row, void *ctx)
{
	struct ref_info *ri = ctx;

	ri->id = row->id;
	ri->has_contact = row->contact.data != NULL;
	return time_epoch_from_iso(row->received_at, &ri->received) != 0 ? NRS_EDB : 0;
}

static int load_ref(struct store *st, int64_t id, struct ref_info *ri, struct nrs_error *err)
{
	int rc;

	memset(ri, 0, sizeof(*ri));
	rc = store_referral_get(st, id, ref_info_cb, ri);
	if (rc == NRS_ENOTFOUND)
		return nrs_error_set(err, rc, "hanvisning", "hänvisningen finns inte");
	return rc != 0 ? svc_fail(rc, err, "hänvisningen kan inte läsas") : 0;
}

int clientsvc_referral_create(struct store *st, const struct crypto_keys *keys,
                              const struct clientsvc_actor *actor, const struct referral_create *in,
                              int64_t now, int64_t *id, struct nrs_error *err)
{
	struct referral_input ri = {0};
	const char *contact = svc_opt(in->contact);
	struct buf enc;
	struct sealed s;
	char received[21], created_at[21];
	int rc;

	buf_init(&enc, 0);
	*id = 0;
	nrs_error_clear(err);
	rc = check_instant(in->received, 0, now, "mottagen", "mottagningstiden", err);
	if (rc != 0)
		goto out;
	if (contact != NULL && !in->consent) {
		rc = nrs_error_set(err, NRS_EINVAL, "kontakt",
		                   "utan samtycke får inga kontaktuppgifter sparas");
		goto out;
	}
	if (contact != NULL) {
		rc = svc_check_text(contact, CLIENT_CONTACT_MAX_BYTES, "kontakt",
		                    "kontaktuppgifterna", err);
		if (rc != 0)
			goto out;
	}
	if (svc_opt(in->municipality) != NULL) {
		rc = svc_check_municipality(st, in->municipality, "kommun", err);
		if (rc != 0)
			goto out;
	}
	if (actor->organisation_id == 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "", "användaren tillhör ingen verksamhet");
		goto out;
	}
	time_iso_from_epoch(in->received, received);
	time_now_iso(created_at);
	ri.organisation_id = actor->organisation_id;
	ri.received_at = received;
	ri.consent = in->consent ? 1 : 0;
	ri.has_contact = contact != NULL;
	ri.municipality = svc_opt(in->municipality);
	ri.created_at = created_at;
	ri.created_by = actor->user_id;
	SVC_WRITE_TX(st, err, {
		rc = store_referral_add(st, &ri, id, err);
		if (rc == 0 && contact != NULL) {
			rc = svc_seal_text(keys, AD_REF_CONTACT, *id, contact, strlen(contact),
			                   &enc, err);
			s = svc_sealed_of(&enc);
			if (rc == 0)
				rc = store_referral_seal_contact(st, *id, &s, err);
		}
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "police_referral", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "hänvisningen kunde inte sparas");
		}
	});
out:
	svc_buf_wipe(&enc);
	return rc;
}

int clientsvc_referral_attempt(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id, int64_t at,
                               const char *note, int64_t now, int64_t *id, struct nrs_error *err)
{
	struct ref_info ri;
	struct buf enc;
	struct sealed s;
	char at_iso[21];
	int rc;

	buf_init(&enc, 0);
	*id = 0;
	nrs_error_clear(err);
	note = svc_opt(note);
	if (note != NULL) {
		rc =
		    svc_check_text(note, ATTEMPT_NOTE_MAX_BYTES, "anteckning", "anteckningen", err);
		if (rc != 0)
			goto out;
	}
	SVC_WRITE_TX(st, err, {
		rc = load_ref(st, referral_id, &ri, err);
		if (rc == 0)
			rc = check_instant(at, ri.received, now, "tid", "tiden för försöket", err);
		if (rc == 0) {
			time_iso_from_epoch(at, at_iso);
			rc = store_referral_attempt_add(st, referral_id, at_iso, note != NULL,
			                                actor->user_id, id, err);
		}
		if (rc == 0 && note != NULL) {
			rc = svc_seal_text(keys, AD_ATTEMPT_NOTE, *id, note, strlen(note), &enc,
			                   err);
			s = svc_sealed_of(&enc);
			if (rc == 0)
				rc = store_referral_attempt_seal_note(st, *id, &s, err);
		}
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "referral_attempt", *id, NULL,
			                   err);
		if (rc != 0) {
			*id = 0;
			svc_fail(rc, err, "försöket kunde inte sparas");
		}
	});
out:
	svc_buf_wipe(&enc);
	return rc;
}

int clientsvc_referral_outcome(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id,
                               const int64_t *contact_at, const char *outcome, int64_t now,
                               struct nrs_error *err)
{
	struct ref_info ri;
	char at_iso[21];
	int rc, not_reached;

	nrs_error_clear(err);
	if (!svc_one_of(outcome, referral_outcomes))
		return nrs_error_set(err, NRS_EINVAL, "utfall", "välj ett utfall");
	not_reached = strcmp(outcome, "not_reached") == 0;
	if (not_reached && contact_at != NULL)
		return nrs_error_set(err, NRS_EINVAL, "kontakttid",
		                     "ange ingen kontakttid när personen inte nåddes");
	if (!not_reached && contact_at == NULL)
		return nrs_error_set(err, NRS_EINVAL, "kontakttid", "ange när kontakten togs");
	SVC_WRITE_TX(st, err, {
		rc = load_ref(st, referral_id, &ri, err);
		if (rc == 0 && contact_at != NULL) {
			rc = check_instant(*contact_at, ri.received, now, "kontakttid",
			                   "kontakttiden", err);
			if (rc == 0)
				time_iso_from_epoch(*contact_at, at_iso);
		}
		if (rc == 0)
			rc = store_referral_set_outcome(
			    st, referral_id, contact_at != NULL ? at_iso : NULL, outcome, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "police_referral",
			                   referral_id, NULL, err);
	});
out:
	return rc;
}

int clientsvc_referral_link(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t referral_id,
                            int64_t client_id, struct nrs_error *err)
{
	struct ref_info ri;
	int rc;

	nrs_error_clear(err);
	SVC_WRITE_TX(st, err, {
		rc = load_ref(st, referral_id, &ri, err);
		if (rc == 0)
			rc = svc_client_exists(st, client_id, "klient", err);
		if (rc == 0)
			rc = store_referral_link_client(st, referral_id, client_id, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "police_referral",
			                   referral_id, NULL, err);
	});
out:
	return rc;
}

struct contact_ctx {
	const struct crypto_keys *keys;
	char *contact;
	struct nrs_error *err;
};

static int contact_cb(const struct referral_row *row, void *ctx)
{
	struct contact_ctx *cc = ctx;

	return svc_open_opt(cc->keys, AD_REF_CONTACT, row->id, &row->contact, &cc->contact,
	                    cc->err);
}

int clientsvc_referral_contact(struct store *st, const struct crypto_keys *keys,
                               const struct clientsvc_actor *actor, int64_t referral_id,
                               char **contact, struct nrs_error *err)
{
	struct contact_ctx cc = {keys, NULL, err};
	int rc, in_tx = 0;

	*contact = NULL;
	nrs_error_clear(err);
	rc = svc_begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = store_referral_get(st, referral_id, contact_cb, &cc);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "hanvisning", "hänvisningen finns inte");
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "read", "police_referral", referral_id, NULL,
		                   err);
	if (rc != 0) {
		svc_fail(rc, err, "hänvisningen kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = svc_commit(st, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc == 0)
		*contact = cc.contact;
	else
		clientsvc_text_free(cc.contact);
	return rc;
}

struct reflist_ctx {
	int64_t now;
	referral_entry_cb cb;
	void *ctx;
	struct nrs_error *err;
};

static int reflist_cb(const struct referral_row *row, void *ctx)
{
	struct reflist_ctx *rl = ctx;
	struct referral_entry e;
	int64_t received, contacted;
	int rc;

	if (time_epoch_from_iso(row->received_at, &received) != 0 ||
	    (row->first_contact_at != NULL &&
	     time_epoch_from_iso(row->first_contact_at, &contacted) != 0))
		return NRS_EDB;
	memset(&e, 0, sizeof(e));
	rc = police_referral_status(received, row->first_contact_at != NULL ? &contacted : NULL,
	                            rl->now < received ? received : rl->now, &e.status, rl->err);
	if (rc != 0)
		return rc;
	e.id = row->id;
	e.received_at = row->received_at;
	time_iso_from_epoch(police_deadline(received), e.deadline_at);
	e.seconds_left = police_deadline(received) - rl->now;
	e.status_label = police_status_label(e.status);
	e.consent = row->consent;
	e.municipality = row->municipality;
	e.first_contact_at = row->first_contact_at;
	e.outcome = row->outcome;
	e.client_code = row->client_code;
	e.attempts = row->attempts;
	e.last_attempt_at = row->last_attempt_at;
	return rl->cb(&e, rl->ctx);
}

int clientsvc_referral_list(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t now, int open_only,
                            referral_entry_cb cb, void *ctx, struct nrs_error *err)
{
	struct reflist_ctx rl = {now, cb, ctx, err};
	int rc;

	nrs_error_clear(err);
	if (now < 0 || now > POLICE_TIME_MAX)
		return nrs_error_set(err, NRS_EINVAL, "", "klockan är orimlig");
	rc = svc_audit_row(st, keys, actor, "list", "police_referral", 0, NULL, err);
	if (rc != 0)
		return svc_fail(rc, err, "loggen kan inte skrivas");
	return store_referral_list(st, actor->organisation_id, open_only, reflist_cb, &rl);
}
