/* The client part of the casework service (see clientsvc.h, whose implementation is split
 * by area: clients here, cases in casesvc.c, interventions in interventionsvc.c, police
 * referrals in referralsvc.c). Plain text of personal fields is wiped before it is freed. */
#include "security/clientsvc.h"
#include "security/svc.h"
#include "base/str.h"
#include "domain/pnr.h"
#include "store/casefile.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const genders[] = {"kvinna", "man", "annat", NULL};
static const char *const relation_kinds[] = {"child_of", "partner_of", "ex_partner_of", NULL};

static const struct {
	unsigned bit;
	const char *name;
} role_names[] = {
    {CLIENT_ROLE_VICTIM, "victim"},
    {CLIENT_ROLE_CHILD, "child"},
    {CLIENT_ROLE_PERPETRATOR, "perpetrator"},
    {CLIENT_ROLE_RELATIVE, "relative"},
};
#define ROLE_COUNT (sizeof(role_names) / sizeof(role_names[0]))
#define ROLE_ALL                                                                                   \
	(CLIENT_ROLE_VICTIM | CLIENT_ROLE_CHILD | CLIENT_ROLE_PERPETRATOR | CLIENT_ROLE_RELATIVE)

void clientsvc_text_free(char *text)
{
	if (text == NULL)
		return;
	sodium_memzero(text, strlen(text));
	free(text);
}

int clientsvc_register(struct store *st, const struct crypto_keys *keys,
                       const struct clientsvc_actor *actor, const struct client_input *in,
                       int64_t *id, char code[CLIENT_CODE_MAX], struct nrs_error *err)
{
	/* first + tab + last, at most 4 bytes per character: on the stack, wiped at out */
	char name[CLIENT_NAME_MAX_CHARS * 4 * 2 + 2];
	unsigned char index[CRYPTO_HASH_BYTES];
	struct buf name_enc, pnr_enc, birth_enc, contact_enc;
	struct client_insert ci = {0};
	struct sealed s_name, s_pnr, s_birth, s_contact;
	struct pnr p;
	const char *first, *last, *contact = svc_opt(in->contact);
	size_t first_len, last_len, name_len;
	char created_at[21], birth[11];
	int has_pnr = svc_opt(in->pnr) != NULL, in_tx = 0, rc;
	int64_t existing = 0, new_id = 0;

	buf_init(&name_enc, 0);
	buf_init(&pnr_enc, 0);
	buf_init(&birth_enc, 0);
	buf_init(&contact_enc, 0);
	memset(&p, 0, sizeof(p));
	*id = 0;
	code[0] = '\0';
	nrs_error_clear(err);

	/* validate everything before touching the database: bad input changes nothing */
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc =
		    svc_check_name(in->first_name, "fornamn", "förnamnet", &first, &first_len, err);
	if (rc == 0)
		rc = svc_check_name(in->last_name, "efternamn", "efternamnet", &last, &last_len,
		                    err);
	if (rc != 0)
		goto out;
	if (has_pnr) {
		rc = pnr_parse(in->pnr, &actor->today, &p, err);
		if (rc != 0)
			goto out;
		if (in->birth_year != 0 && in->birth_year != p.birth.year) {
			rc = nrs_error_set(err, NRS_EINVAL, "fodelsear",
			                   "födelseåret stämmer inte med personnumret");
			goto out;
		}
		ci.birth_year = p.birth.year;
		date_format(&p.birth, birth);
	} else {
		if (in->birth_year < actor->today.year - 120 ||
		    in->birth_year > actor->today.year) {
			rc = nrs_error_set(err, NRS_EINVAL, "fodelsear",
			                   "ange personnummer eller ett födelseår mellan %d och %d",
			                   actor->today.year - 120, actor->today.year);
			goto out;
		}
		ci.birth_year = in->birth_year;
	}
	if (!svc_one_of(in->gender, genders)) {
		rc = nrs_error_set(err, NRS_EINVAL, "kon", "välj kön: kvinna, man eller annat");
		goto out;
	}
	if ((in->roles & ROLE_ALL) == 0 || (in->roles & ~(unsigned)ROLE_ALL) != 0) {
		rc = nrs_error_set(err, NRS_EINVAL, "roll", "välj minst en roll för klienten");
		goto out;
	}
	if (contact != NULL) {
		rc = svc_check_text(contact, CLIENT_CONTACT_MAX_BYTES, "kontakt",
		                    "kontaktuppgifterna", err);
		if (rc != 0)
			goto out;
	}
	rc = svc_check_municipality(st, in->home_municipality, "hemkommun", err);
	if (rc != 0)
		goto out;

	memcpy(name, first, first_len);
	name[first_len] = '\t';
	memcpy(name + first_len + 1, last, last_len);
	name_len = first_len + 1 + last_len;
	name[name_len] = '\0';
	if (has_pnr)
		crypto_blind_index(keys, BLIND_PNR, p.normal, index);
	time_now_iso(created_at);

	rc = svc_begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	if (has_pnr) {
		rc = store_client_find_by_index(st, index, &existing);
		if (rc == 0) {
			rc = NRS_EEXIST;
			goto out;
		}
		if (rc != NRS_ENOTFOUND) {
			svc_fail(rc, err, "klientregistret kan inte läsas");
			goto out;
		}
	}
	rc = store_client_code_next(st, actor->today.year, code, err);
	if (rc != 0)
		goto out;
	ci.code = code;
	ci.pnr_index = has_pnr ? index : NULL;
	ci.gender = in->gender;
	ci.home_municipality = in->home_municipality;
	ci.protected_identity = in->protected_identity ? 1 : 0;
	ci.created_at = created_at;
	ci.created_by = actor->user_id;
	rc = store_client_insert(st, &ci, &new_id, err);
	if (rc != 0) {
		svc_fail(rc, err, "klienten kunde inte sparas");
		goto out;
	}
	rc = svc_seal_text(keys, AD_NAME, new_id, name, name_len, &name_enc, err);
	if (rc == 0 && has_pnr)
		rc = svc_seal_text(keys, AD_PNR, new_id, p.normal, strlen(p.normal), &pnr_enc, err);
	if (rc == 0 && has_pnr)
		rc = svc_seal_text(keys, AD_BIRTH, new_id, birth, strlen(birth), &birth_enc, err);
	if (rc == 0 && contact != NULL)
		rc = svc_seal_text(keys, AD_CONTACT, new_id, contact, strlen(contact), &contact_enc,
		                   err);
	if (rc != 0)
		goto out;
	s_name = svc_sealed_of(&name_enc);
	s_pnr = svc_sealed_of(&pnr_enc);
	s_birth = svc_sealed_of(&birth_enc);
	s_contact = svc_sealed_of(&contact_enc);
	rc = store_client_seal(st, new_id, &s_name, &s_pnr, &s_birth, &s_contact, err);
	for (size_t i = 0; rc == 0 && i < ROLE_COUNT; i++)
		if (in->roles & role_names[i].bit)
			rc = store_client_role_add(st, new_id, role_names[i].name, err);
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "create", "client", new_id, NULL, err);
	if (rc != 0) {
		svc_fail(rc, err, "klienten kunde inte sparas");
		goto out;
	}
	in_tx = 0;
	rc = svc_commit(st, err);
	if (rc == 0)
		*id = new_id;
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc != 0)
		code[0] = '\0';
	if (rc == NRS_EEXIST && existing != 0) {
		/* nothing was registered, but the actor learnt that the person is known: that
		 * is a search, logged outside the rolled-back transaction */
		int arc = svc_audit_row(st, keys, actor, "search", "client", existing, NULL, NULL);
		if (arc != 0) {
			rc = svc_fail(arc, err, "loggen kan inte skrivas");
		} else {
			*id = existing;
			nrs_error_set(err, NRS_EEXIST, "personnummer",
			              "det finns redan en klient med det personnumret");
		}
	}
	sodium_memzero(name, sizeof(name));
	sodium_memzero(&p, sizeof(p));
	sodium_memzero(birth, sizeof(birth));
	sodium_memzero(index, sizeof(index));
	svc_buf_wipe(&name_enc);
	svc_buf_wipe(&pnr_enc);
	svc_buf_wipe(&birth_enc);
	svc_buf_wipe(&contact_enc);
	return rc;
}

void clientsvc_view_free(struct client_view *v)
{
	if (v == NULL)
		return;
	clientsvc_text_free(v->first_name);
	clientsvc_text_free(v->last_name);
	clientsvc_text_free(v->pnr);
	clientsvc_text_free(v->birth_date);
	clientsvc_text_free(v->contact);
	sodium_memzero(v, sizeof(*v));
	free(v);
}

struct get_ctx {
	const struct crypto_keys *keys;
	const char *reason;
	struct client_view *v;
	struct nrs_error *err;
};

static int get_row(const struct client_row *row, void *ctx)
{
	struct get_ctx *g = ctx;
	struct client_view *v = g->v;
	char *name = NULL, *tab;
	size_t name_len = 0;
	int rc;

	/* the reason check comes first: without it nothing is decrypted */
	rc = svc_check_reason(row->protected_identity, g->reason, g->err);
	if (rc != 0)
		return rc;
	v->id = row->id;
	snprintf(v->code, sizeof(v->code), "%s", row->code);
	v->birth_year = row->birth_year;
	snprintf(v->gender, sizeof(v->gender), "%s", row->gender);
	snprintf(v->home_municipality, sizeof(v->home_municipality), "%s", row->home_municipality);
	v->protected_identity = row->protected_identity;
	snprintf(v->created_at, sizeof(v->created_at), "%s", row->created_at);
	v->created_by = row->created_by;
	for (size_t i = 0; i < ROLE_COUNT; i++) {
		const char *r = row->roles;
		size_t n = strlen(role_names[i].name);
		while ((r = strstr(r, role_names[i].name)) != NULL) {
			if ((r == row->roles || r[-1] == ',') && (r[n] == ',' || r[n] == '\0'))
				v->roles |= role_names[i].bit;
			r += n;
		}
	}
	rc = svc_open_opt(g->keys, AD_NAME, row->id, &row->name, &name, g->err);
	if (rc == 0 && name == NULL)
		rc = nrs_error_set(g->err, NRS_ECRYPTO, "", "namnet saknas i posten");
	if (rc != 0)
		goto out;
	name_len = strlen(name);
	tab = strchr(name, '\t');
	if (tab == NULL) {
		rc = nrs_error_set(g->err, NRS_ECRYPTO, "", "namnet i posten är skadat");
		goto out;
	}
	*tab = '\0';
	v->first_name = str_dup(name);
	v->last_name = str_dup(tab + 1);
	if (v->first_name == NULL || v->last_name == NULL) {
		rc = nrs_error_set(g->err, NRS_ENOMEM, "", "minnet tog slut");
		goto out;
	}
	rc = svc_open_opt(g->keys, AD_PNR, row->id, &row->pnr, &v->pnr, g->err);
	if (rc == 0)
		rc = svc_open_opt(g->keys, AD_BIRTH, row->id, &row->birth_date, &v->birth_date,
		                  g->err);
	if (rc == 0)
		rc = svc_open_opt(g->keys, AD_CONTACT, row->id, &row->contact, &v->contact, g->err);
out:
	if (name != NULL) {
		sodium_memzero(name, name_len);
		free(name);
	}
	return rc;
}

int clientsvc_get(struct store *st, const struct crypto_keys *keys,
                  const struct clientsvc_actor *actor, int64_t id, const char *reason,
                  struct client_view **out, struct nrs_error *err)
{
	struct get_ctx g = {keys, reason, NULL, err};
	int rc, in_tx = 0;

	*out = NULL;
	nrs_error_clear(err);
	g.v = calloc(1, sizeof(*g.v));
	if (g.v == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	rc = svc_begin(st, err);
	if (rc != 0)
		goto out;
	in_tx = 1;
	rc = store_client_get(st, id, get_row, &g);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "", "klienten finns inte");
	/* audited only once everything decrypted: a failed read disclosed nothing, and the
	 * view is not handed out unless the log row is written */
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "read", "client", id, reason, err);
	if (rc != 0) {
		svc_fail(rc, err, "klienten kan inte läsas");
		goto out;
	}
	in_tx = 0;
	rc = svc_commit(st, err);
out:
	if (in_tx)
		store_tx_rollback(st);
	if (rc == 0)
		*out = g.v;
	else
		clientsvc_view_free(g.v);
	return rc;
}

int clientsvc_find_by_pnr(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const char *pnr_text, int64_t *id,
                          struct nrs_error *err)
{
	unsigned char index[CRYPTO_HASH_BYTES];
	struct pnr p;
	int64_t found = 0;
	int rc, arc;

	*id = 0;
	nrs_error_clear(err);
	memset(&p, 0, sizeof(p));
	rc = svc_check_today(actor, err);
	if (rc == 0)
		rc = pnr_parse(pnr_text != NULL ? pnr_text : "", &actor->today, &p, err);
	if (rc != 0)
		goto out;
	crypto_blind_index(keys, BLIND_PNR, p.normal, index);
	rc = store_client_find_by_index(st, index, &found);
	if (rc != 0 && rc != NRS_ENOTFOUND) {
		svc_fail(rc, err, "klientregistret kan inte läsas");
		goto out;
	}
	/* a miss is logged too: that a number was looked up is itself worth knowing */
	arc = svc_audit_row(st, keys, actor, "search", "client", rc == 0 ? found : 0, NULL, err);
	if (arc != 0) {
		rc = svc_fail(arc, err, "loggen kan inte skrivas");
		goto out;
	}
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "personnummer", "ingen klient har det personnumret");
	else
		*id = found;
out:
	sodium_memzero(&p, sizeof(p));
	sodium_memzero(index, sizeof(index));
	return rc;
}

int clientsvc_set_protected(struct store *st, const struct crypto_keys *keys,
                            const struct clientsvc_actor *actor, int64_t client_id,
                            int protected_identity, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	SVC_WRITE_TX(st, err, {
		rc = store_client_set_protected(st, client_id, protected_identity, err);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "klienten finns inte");
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "client", client_id, NULL,
			                   err);
	});
out:
	return rc;
}

int clientsvc_set_contact(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, int64_t client_id,
                          const char *contact, struct nrs_error *err)
{
	struct buf enc;
	struct sealed s = {NULL, 0};
	int rc;

	buf_init(&enc, 0);
	nrs_error_clear(err);
	contact = svc_opt(contact);
	if (contact != NULL) {
		rc = svc_check_text(contact, CLIENT_CONTACT_MAX_BYTES, "kontakt",
		                    "kontaktuppgifterna", err);
		if (rc == 0)
			rc = svc_seal_text(keys, AD_CONTACT, client_id, contact, strlen(contact),
			                   &enc, err);
		if (rc != 0)
			goto out;
		s = svc_sealed_of(&enc);
	}
	SVC_WRITE_TX(st, err, {
		rc = store_client_set_contact(st, client_id, &s, err);
		if (rc == NRS_ENOTFOUND)
			nrs_error_set(err, rc, "", "klienten finns inte");
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "client", client_id, NULL,
			                   err);
	});
out:
	svc_buf_wipe(&enc);
	return rc;
}

int clientsvc_relation_add(struct store *st, const struct crypto_keys *keys,
                           const struct clientsvc_actor *actor, int64_t client_id,
                           int64_t related_id, const char *kind, struct nrs_error *err)
{
	int rc;

	nrs_error_clear(err);
	if (!svc_one_of(kind, relation_kinds))
		return nrs_error_set(err, NRS_EINVAL, "relation", "välj en giltig relation");
	if (client_id == related_id)
		return nrs_error_set(err, NRS_EINVAL, "relation",
		                     "en klient kan inte ha en relation till sig själv");
	SVC_WRITE_TX(st, err, {
		rc = svc_client_exists(st, client_id, "klient", err);
		if (rc == 0)
			rc = svc_client_exists(st, related_id, "relation", err);
		if (rc == 0)
			rc = store_client_relation_add(st, client_id, related_id, kind, err);
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "update", "client", client_id, NULL,
			                   err);
	});
out:
	return rc;
}

int clientsvc_actor_assigned(struct store *st, const struct clientsvc_actor *actor,
                             int64_t client_id)
{
	if (actor->user_id == 0)
		return 0;
	return store_case_client_assigned(st, client_id, actor->user_id);
}
