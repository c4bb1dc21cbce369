/* Risk assessments (see risksvc.h): the instrument cache, validation and scoring of answers,
 * and the audited store calls. */
#include "security/risksvc.h"

#include "base/date.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/str.h"
#include "security/audit.h"
#include "store/casefile.h"
#include "store/risk.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define INSTRUMENT_DIR "data/instruments/"
#define INSTRUMENT_CACHE_MAX 16

/* Parsed once, then only read: no lock is needed after pthread_once. */
static struct instrument cache[INSTRUMENT_CACHE_MAX];
static size_t cache_n;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void cache_load(void)
{
	struct nrs_error err = {0};

	for (size_t i = 0; i < nrs_embedded_count(); i++) {
		const struct nrs_blob *b = nrs_embedded_at(i);

		if (!str_starts(b->name, INSTRUMENT_DIR) || !ends_with(b->name, ".ini"))
			continue;
		if (cache_n == INSTRUMENT_CACHE_MAX) {
			log_error("fler än %d riskinstrument: %s utelämnas", INSTRUMENT_CACHE_MAX,
			          b->name);
			continue;
		}
		/* the embedded blob ends with a NUL byte (cmake/embed.cmake) */
		if (instrument_parse((const char *)b->data, &cache[cache_n], &err) != 0) {
			log_error("riskinstrumentet %s kan inte läsas: %s", b->name, err.msg);
			continue;
		}
		for (size_t k = 0; k < cache_n; k++)
			if (strcmp(cache[k].id, cache[cache_n].id) == 0) {
				log_error(
				    "riskinstrumentet %s har samma id som ett annat; utelämnas",
				    b->name);
				memset(&cache[cache_n], 0, sizeof(cache[cache_n]));
				goto next;
			}
		cache_n++;
	next:;
	}
}

size_t risksvc_instrument_count(void)
{
	pthread_once(&cache_once, cache_load);
	return cache_n;
}

const struct instrument *risksvc_instrument_at(size_t i)
{
	return i < risksvc_instrument_count() ? &cache[i] : NULL;
}

const struct instrument *risksvc_instrument_find(const char *id)
{
	size_t n = risksvc_instrument_count();

	if (id == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(cache[i].id, id) == 0)
			return &cache[i];
	return NULL;
}

static int audit_risk(struct store *st, const struct crypto_keys *keys,
                      const struct clientsvc_actor *a, const char *action, int64_t id,
                      struct nrs_error *err)
{
	struct audit_entry e = {0};
	char rid[24];

	snprintf(rid, sizeof(rid), "%lld", (long long)id);
	e.user_id = a->user_id;
	e.username = a->username;
	e.organisation_id = a->organisation_id;
	e.action = action;
	e.record_kind = "risk";
	e.record_id = rid;
	e.remote = a->remote;
	return audit_append(st, keys->audit, &e, err);
}

struct case_state {
	int found;
	int closed;
};

static int case_state_cb(const struct case_row *row, void *ctx)
{
	struct case_state *cs = ctx;

	cs->found = 1;
	cs->closed = row->closed != NULL;
	return 0;
}

/* "0,1,1,0" from the answers; the caller's buffer holds RISK_ANSWERS_MAX + 1 bytes, which
 * INSTRUMENT_MAX_ITEMS values of at most INSTRUMENT_MAX_VALUE always fit. */
static int answers_text(const int *answers, size_t n, char *out, size_t cap)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int w = snprintf(out + used, cap - used, "%s%d", i ? "," : "", answers[i]);

		if (w < 0 || (size_t)w >= cap - used)
			return NRS_ETOOBIG;
		used += (size_t)w;
	}
	return 0;
}

int risksvc_assess(struct store *st, const struct crypto_keys *keys,
                   const struct clientsvc_actor *actor, const struct risk_assess_input *in,
                   int64_t *id, enum risk_level *level, int *sum, struct nrs_error *err)
{
	const struct instrument *inst = risksvc_instrument_find(in->instrument);
	struct risk_insert ri = {0};
	struct case_state cs = {0};
	struct nrs_date d;
	char text[RISK_ANSWERS_MAX + 1], created_at[21];
	enum risk_level lv;
	int64_t new_id = 0;
	int total = 0, rc;

	nrs_error_clear(err);
	if (inst == NULL)
		return nrs_error_set(err, NRS_EINVAL, "instrument",
		                     "välj ett bedömningsinstrument");
	if (in->assessed == NULL || in->assessed[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "datum", "bedömningsdatumet saknas");
	if (date_parse(in->assessed, &d) != 0)
		return nrs_error_set(err, NRS_EINVAL, "datum",
		                     "bedömningsdatumet är inte ett giltigt datum (ÅÅÅÅ-MM-DD)");
	if (date_cmp(&d, &actor->today) > 0)
		return nrs_error_set(err, NRS_EINVAL, "datum",
		                     "bedömningsdatumet kan inte ligga i framtiden");
	if (in->nanswers != (size_t)inst->nitems || in->answers == NULL)
		return nrs_error_set(err, NRS_EINVAL, "svar", "instrumentet har %d frågor",
		                     inst->nitems);
	/* name the item itself, so that a form can put the message beside it */
	for (size_t i = 0; i < in->nanswers; i++) {
		int ok = 0;

		for (int k = 0; k < inst->nscale; k++)
			ok |= in->answers[i] == inst->scale[k].value;
		if (!ok) {
			char field[32];

			snprintf(field, sizeof(field), "fraga_%zu", i + 1);
			return nrs_error_set(err, NRS_EINVAL, field,
			                     in->answers[i] == INSTRUMENT_UNANSWERED
			                         ? "fråga %zu (%s) är inte besvarad"
			                         : "svaret på fråga %zu (%s) finns inte på skalan",
			                     i + 1, inst->items[i].label);
		}
	}
	rc = instrument_score(inst, in->answers, in->nanswers, &lv, &total, err);
	if (rc == 0)
		rc = answers_text(in->answers, in->nanswers, text, sizeof(text));
	if (rc != 0)
		return rc;
	if (actor->user_id == 0)
		return nrs_error_set(err, NRS_EINVAL, "", "en riskbedömning måste ha en bedömare");

	time_now_iso(created_at);
	ri.case_id = in->case_id;
	ri.instrument = inst->id;
	ri.version = inst->version;
	ri.assessed = in->assessed;
	ri.assessor_id = actor->user_id;
	ri.answers = text;
	ri.sum = total;
	ri.level = risk_level_key(lv);
	ri.created_at = created_at;

	rc = store_tx_begin(st);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "databasen är upptagen; försök igen");
	rc = store_case_get(st, in->case_id, case_state_cb, &cs);
	if (rc == NRS_ENOTFOUND)
		nrs_error_set(err, rc, "arende", "ärendet finns inte");
	else if (rc == 0 && cs.closed)
		rc = nrs_error_set(err, NRS_ECONFLICT, "arende", "ärendet är avslutat");
	if (rc == 0)
		rc = store_risk_add(st, &ri, &new_id, err);
	if (rc == 0)
		rc = audit_risk(st, keys, actor, "create", new_id, err);
	if (rc != 0) {
		store_tx_rollback(st);
		if (err != NULL && err->code == NRS_OK)
			nrs_error_set(err, rc, "", "riskbedömningen kunde inte sparas");
		return rc;
	}
	rc = store_tx_commit(st);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "riskbedömningen kunde inte sparas");
	if (id != NULL)
		*id = new_id;
	if (level != NULL)
		*level = lv;
	if (sum != NULL)
		*sum = total;
	return 0;
}

struct list_ctx {
	risk_view_cb cb;
	void *ctx;
};

/* Parse "0,1,1,0" into at most INSTRUMENT_MAX_ITEMS values. */
static int parse_answers(const char *s, int *out, size_t *n)
{
	int64_t v;
	char num[8];

	*n = 0;
	while (s != NULL && *s) {
		size_t len = strcspn(s, ",");

		if (len == 0 || len >= sizeof(num) || *n == INSTRUMENT_MAX_ITEMS)
			return NRS_EDB;
		memcpy(num, s, len);
		num[len] = '\0';
		if (str_to_i64(num, 0, INSTRUMENT_MAX_VALUE, &v) != 0)
			return NRS_EDB;
		out[(*n)++] = (int)v;
		s += len;
		if (*s == ',')
			s++;
	}
	return 0;
}

static int list_cb(const struct risk_row *row, void *vctx)
{
	struct list_ctx *lc = vctx;
	const struct instrument *inst = risksvc_instrument_find(row->instrument);
	int answers[INSTRUMENT_MAX_ITEMS];
	struct risk_view v = {0};

	if (parse_answers(row->answers, answers, &v.nanswers) != 0 ||
	    risk_level_parse(row->level, &v.level) != 0)
		return NRS_EDB;
	if (inst != NULL &&
	    (strcmp(inst->version, row->version) != 0 || (size_t)inst->nitems != v.nanswers))
		inst = NULL;
	v.id = row->id;
	v.case_id = row->case_id;
	v.instrument_id = row->instrument;
	v.instrument_version = row->version;
	v.instrument = inst;
	v.instrument_name = inst != NULL ? inst->name : row->instrument;
	v.assessed = row->assessed;
	v.assessor_id = row->assessor_id;
	v.assessor_name = row->assessor_name;
	v.answers = answers;
	v.sum = row->sum;
	v.created_at = row->created_at;
	return lc->cb(&v, lc->ctx);
}

int risksvc_list(struct store *st, const struct crypto_keys *keys,
                 const struct clientsvc_actor *actor, int64_t case_id, risk_view_cb cb, void *ctx,
                 struct nrs_error *err)
{
	struct list_ctx lc = {cb, ctx};
	int rc;

	nrs_error_clear(err);
	/* the log row first, outside a transaction: durable before anything is handed out, or
	 * (deferred by the web server) before anything is sent */
	rc = audit_risk(st, keys, actor, "read", case_id, err);
	if (rc != 0)
		return rc;
	rc = store_risk_list(st, case_id, list_cb, &lc);
	if (rc < 0 && err != NULL && err->code == NRS_OK)
		nrs_error_set(err, rc, "", "riskbedömningarna kan inte läsas");
	return rc;
}

static int latest_level(int rc, const char *key, enum risk_level *level)
{
	if (rc != 0)
		return rc;
	return risk_level_parse(key, level) == 0 ? 0 : NRS_EDB;
}

int risksvc_latest_case(struct store *st, int64_t case_id, enum risk_level *level,
                        char assessed[11])
{
	char key[9];

	return latest_level(store_risk_latest_case(st, case_id, key, assessed), key, level);
}

int risksvc_latest_client(struct store *st, int64_t client_id, int64_t organisation_id,
                          enum risk_level *level, char assessed[11])
{
	char key[9];

	return latest_level(store_risk_latest_client(st, client_id, organisation_id, key, assessed),
	                    key, level);
}
