/* The economy service (see economysvc.h): budget years, the cost key, charges, invoices and
 * their exports. All money is integer öre; the arithmetic is domain/budget and
 * domain/costkey, this file only gathers, validates, stores and audits. */
#include "security/economysvc.h"

#include "base/date.h"
#include "base/str.h"
#include "domain/budget.h"
#include "domain/costkey.h"
#include "report/xlsx.h"
#include "security/svc.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UPRATE_LOOKBACK 30 /* years searched back for cost lines to uprate */
#define DUE_DAYS 30
#define DESCRIPTION_MAX_CHARS 200
#define SOURCE_REF_MAX_BYTES 64

/* ---- parsing ---- */

int economysvc_parse_year(const char *s, const char *field, int *year, struct nrs_error *err)
{
	int64_t v;

	if (s == NULL || strlen(s) != 4 || !str_all_digits(s) ||
	    str_to_i64(s, 2000, 2999, &v) != 0)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "Ange året med fyra siffror, till exempel 2025.");
	*year = (int)v;
	return 0;
}

int economysvc_parse_kr(const char *s, const char *field, const char *label, int64_t *ore,
                        struct nrs_error *err)
{
	ore_t v;

	if (s == NULL || svc_blank(s))
		return nrs_error_set(err, NRS_EINVAL, field, "Ange %s i kronor.", label);
	if (money_parse(s, field, &v, NULL) != 0)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s ska vara ett belopp i kronor, till exempel 183 907 eller "
		                     "183907,50.", label);
	if (v < 0)
		return nrs_error_set(err, NRS_EINVAL, field, "%s får inte vara negativt.", label);
	if (v > ECONOMY_AMOUNT_MAX)
		return nrs_error_set(err, NRS_EINVAL, field, "%s är orimligt stort.", label);
	*ore = v;
	return 0;
}

int economysvc_parse_percent(const char *s, const char *field, const char *label,
                             int allow_negative, int *bp, struct nrs_error *err)
{
	const char *p = s;
	int neg = 0, whole = 0, frac = 0, fdigits = 0, digits = 0;

	if (s == NULL)
		goto bad;
	while (*p == ' ')
		p++;
	if (*p == '-' || *p == '+' || (p[0] == '\xe2' && p[1] == '\x88' && p[2] == '\x92')) {
		neg = *p == '-' || *p == '\xe2';
		p += *p == '\xe2' ? 3 : 1;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (digits >= 3)
			goto bad;
		whole = whole * 10 + (*p - '0');
	}
	if (digits == 0)
		goto bad;
	if (*p == ',' || *p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++, fdigits++) {
			if (fdigits >= 2)
				goto bad;
			frac = frac * 10 + (*p - '0');
		}
		if (fdigits == 0)
			goto bad;
		if (fdigits == 1)
			frac *= 10;
	}
	while (*p == ' ')
		p++;
	if (*p == '%')
		p++;
	while (*p == ' ')
		p++;
	if (*p != '\0')
		goto bad;
	*bp = whole * 100 + frac;
	if (*bp > 10000)
		return nrs_error_set(err, NRS_EINVAL, field, "%s får vara högst 100 %%.", label);
	if (neg && !allow_negative && *bp != 0)
		return nrs_error_set(err, NRS_EINVAL, field, "%s får inte vara negativ.", label);
	if (neg)
		*bp = -*bp;
	return 0;
bad:
	return nrs_error_set(err, NRS_EINVAL, field,
	                     "%s ska vara en procentsats, till exempel 9 eller 2,5.", label);
}

void economysvc_format_percent(int bp, char *out, size_t n)
{
	int a = bp < 0 ? -bp : bp;

	if (a % 100 == 0)
		snprintf(out, n, "%s%d", bp < 0 ? "-" : "", a / 100);
	else if (a % 10 == 0)
		snprintf(out, n, "%s%d,%d", bp < 0 ? "-" : "", a / 100, (a % 100) / 10);
	else
		snprintf(out, n, "%s%d,%02d", bp < 0 ? "-" : "", a / 100, a % 100);
}

/* ---- small helpers ---- */

static void now_iso(char out[21])
{
	time_now_iso(out);
}

/* Text 1..max characters of well-formed UTF-8 without control characters. */
static int check_line_text(const char *s, size_t max_chars, const char *field, const char *label,
                           struct nrs_error *err)
{
	size_t n;

	if (s == NULL || svc_blank(s))
		return nrs_error_set(err, NRS_EINVAL, field, "Ange %s.", label);
	n = strlen(s);
	if (!str_utf8_ok(s, n))
		return nrs_error_set(err, NRS_EINVAL, field, "%s innehåller ogiltiga tecken.", label);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "%s får inte innehålla radbrytningar eller tabbar.",
			                     label);
	if (svc_utf8_chars(s, n) > max_chars)
		return nrs_error_set(err, NRS_EINVAL, field, "%s får vara högst %zu tecken.", label,
		                     max_chars);
	return 0;
}

static int check_date_in_year(const char *s, int year, const char *field, const char *label,
                              int must_be_in_year, struct nrs_error *err)
{
	struct nrs_date d;

	if (s == NULL || s[0] == '\0')
		return 0;
	if (date_parse(s, &d) != 0)
		return nrs_error_set(err, NRS_EINVAL, field,
		                     "%s ska vara ett datum ÅÅÅÅ-MM-DD.", label);
	if (must_be_in_year && d.year != year)
		return nrs_error_set(err, NRS_EINVAL, field, "%s ska ligga under %d.", label, year);
	return 0;
}

const char *economysvc_charge_label(const char *kind)
{
	static const char *const map[][2] = {
	    {"wear", "Slitage och städning"},
	    {"quality_review", "Kvalitetsgranskning"},
	    {"coordinator", "Samordnare"},
	    {"other", "Övrigt"},
	};

	for (size_t i = 0; kind != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(kind, map[i][0]) == 0)
			return map[i][1];
	return "Övrigt";
}

/* ---- charges ---- */

static int charge_validate(struct store *st, const char *kind, const char *municipality,
                           int64_t amount_ore, const char *description, const char *source_ref,
                           struct nrs_error *err)
{
	static const char *const kinds[] = {"wear", "quality_review", "coordinator", "other", NULL};
	int rc;

	if (!svc_one_of(kind, kinds))
		return nrs_error_set(err, NRS_EINVAL, "kind", "Välj vad avgiften gäller.");
	rc = svc_check_municipality(st, municipality, "municipality", err);
	if (rc != 0)
		return rc;
	if (amount_ore <= 0 || amount_ore > ECONOMY_AMOUNT_MAX)
		return nrs_error_set(err, NRS_EINVAL, "amount",
		                     "Beloppet ska vara större än noll och rimligt stort.");
	rc = check_line_text(description, DESCRIPTION_MAX_CHARS, "description", "Beskrivningen",
	                     err);
	if (rc != 0)
		return rc;
	if (source_ref != NULL && source_ref[0] != '\0' &&
	    (strlen(source_ref) > SOURCE_REF_MAX_BYTES ||
	     check_line_text(source_ref, SOURCE_REF_MAX_BYTES, "source_ref", "Källan", NULL) != 0))
		return nrs_error_set(err, NRS_EINVAL, "source_ref",
		                     "Källan får vara högst 64 tecken utan radbrytningar.");
	return 0;
}

/* Insert and audit one charge; the caller holds the transaction. */
static int charge_insert(struct store *st, const struct crypto_keys *keys,
                         const struct clientsvc_actor *actor, const char *kind,
                         const char *municipality, int64_t amount_ore, const char *description,
                         const char *source_ref, int64_t *id, struct nrs_error *err)
{
	struct charge_input in = {0};
	char now[21];
	int64_t cid = 0;
	int rc;

	now_iso(now);
	in.kind = kind;
	in.municipality = municipality;
	in.amount_ore = amount_ore;
	in.description = description;
	in.source_ref = source_ref;
	in.created_at = now;
	in.created_by = actor->user_id;
	rc = store_charge_add(st, &in, &cid, err);
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "create", "charge", cid, NULL, err);
	if (rc == 0 && id != NULL)
		*id = cid;
	return rc;
}

int economysvc_charge_add(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const char *kind,
                          const char *municipality, int64_t amount_ore, const char *description,
                          const char *source_ref, int64_t *id, struct nrs_error *err)
{
	int rc;

	if (actor == NULL || keys == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "internt fel: ingen aktör");
	rc = charge_validate(st, kind, municipality, amount_ore, description, source_ref, err);
	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err,
	             rc = charge_insert(st, keys, actor, kind, municipality, amount_ore,
	                                description, svc_opt(source_ref), id, err));
out:
	return rc;
}

/* ---- the budget ---- */

static int budget_validate(struct store *st, const struct economy_budget_input *in,
                           struct nrs_error *err)
{
	char field[32], label[48];
	int64_t sum = 0;
	int rc;

	(void)st;
	if (in->year < 2000 || in->year > 2999)
		return nrs_error_set(err, NRS_EINVAL, "year",
		                     "Ange året med fyra siffror, till exempel 2025.");
	if (in->nlines > ECONOMY_LINES_MAX)
		return nrs_error_set(err, NRS_EINVAL, "lines", "Högst %d kostnadsrader.",
		                     ECONOMY_LINES_MAX);
	for (size_t i = 0; i < in->nlines; i++) {
		snprintf(field, sizeof(field), "label_%zu", i + 1);
		snprintf(label, sizeof(label), "benämningen på rad %zu", i + 1);
		rc = check_line_text(in->lines[i].label, ECONOMY_LABEL_MAX_CHARS, field, label, err);
		if (rc != 0)
			return rc;
		snprintf(field, sizeof(field), "amount_%zu", i + 1);
		if (in->lines[i].amount_ore < 0)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Beloppet på rad %zu får inte vara negativt.", i + 1);
		if (in->lines[i].amount_ore > ECONOMY_AMOUNT_MAX)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Beloppet på rad %zu är orimligt stort.", i + 1);
		sum += in->lines[i].amount_ore;
		if (sum > ECONOMY_AMOUNT_MAX)
			return nrs_error_set(err, NRS_EINVAL, field,
			                     "Budgeten är orimligt stor.");
	}
	if (in->overhead_bp < 0 || in->overhead_bp > 10000)
		return nrs_error_set(err, NRS_EINVAL, "overhead",
		                     "Påslaget (OH) ska vara mellan 0 och 100 %%.");
	if (in->uprate_bp < -10000 || in->uprate_bp > 10000)
		return nrs_error_set(err, NRS_EINVAL, "uprate",
		                     "Uppräkningen ska vara mellan -100 och 100 %%.");
	rc = check_date_in_year(in->population_date, in->year, "population_date",
	                        "Befolkningsdatum", 0, err);
	if (rc == 0)
		rc = check_date_in_year(in->invoice_date, in->year, "invoice_date", "Fakturadatum",
		                        1, err);
	if (rc != 0)
		return rc;
	if (in->coordinator_ore < 0 || in->coordinator_ore > ECONOMY_AMOUNT_MAX)
		return nrs_error_set(err, NRS_EINVAL, "coordinator",
		                     "Samordnarkostnaden får inte vara negativ.");
	if (in->quality_review_ore < 0 || in->quality_review_ore > ECONOMY_AMOUNT_MAX)
		return nrs_error_set(err, NRS_EINVAL, "quality_review",
		                     "Kostnaden för kvalitetsgranskning får inte vara negativ.");
	if (in->has_outcome && (in->outcome_ore < 0 || in->outcome_ore > ECONOMY_AMOUNT_MAX))
		return nrs_error_set(err, NRS_EINVAL, "outcome", "Utfallet får inte vara negativt.");
	return 0;
}

static int budget_write(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor,
                        const struct economy_budget_input *in, struct nrs_error *err)
{
	struct budget_line_row rows[ECONOMY_LINES_MAX];
	struct budget_year_row y = {0};
	struct economy_line *trimmed = calloc(ECONOMY_LINES_MAX, sizeof(*trimmed));
	char now[21];
	int rc;

	if (trimmed == NULL)
		return NRS_ENOMEM;
	y.year = in->year;
	y.overhead_bp = in->overhead_bp;
	y.uprate_bp = in->uprate_bp;
	snprintf(y.population_date, sizeof(y.population_date), "%s",
	         in->population_date ? in->population_date : "");
	y.coordinator_ore = in->coordinator_ore;
	y.quality_review_ore = in->quality_review_ore;
	y.has_outcome = in->has_outcome;
	y.outcome_ore = in->outcome_ore;
	snprintf(y.invoice_date, sizeof(y.invoice_date), "%s",
	         in->invoice_date ? in->invoice_date : "");
	for (size_t i = 0; i < in->nlines; i++) {
		const char *start;
		size_t len;

		/* validated: at most 200 characters, so the span fits the buffer */
		svc_trim_span(in->lines[i].label, &start, &len);
		snprintf(trimmed[i].label, sizeof(trimmed[i].label), "%.*s", (int)len, start);
		rows[i].position = (int)i + 1;
		rows[i].label = trimmed[i].label;
		rows[i].amount_ore = in->lines[i].amount_ore;
	}
	now_iso(now);
	rc = store_budget_year_put(st, &y, now, actor->user_id, err);
	if (rc == 0)
		rc = store_budget_lines_replace(st, in->year, rows, in->nlines, err);
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "update", "budget", in->year, NULL, err);
	free(trimmed);
	return rc;
}

int economysvc_budget_set(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor,
                          const struct economy_budget_input *in, struct nrs_error *err)
{
	int rc = budget_validate(st, in, err);

	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err, rc = budget_write(st, keys, actor, in, err));
out:
	return rc;
}

struct line_collect {
	struct economy_budget *b;
	int overflow;
};

static int collect_line(const struct budget_line_row *row, void *ctx)
{
	struct line_collect *c = ctx;
	struct economy_line *l;

	if (c->b->nlines >= ECONOMY_LINES_MAX) {
		c->overflow = 1;
		return 0;
	}
	l = &c->b->lines[c->b->nlines++];
	snprintf(l->label, sizeof(l->label), "%s", row->label);
	l->amount_ore = row->amount_ore;
	return 0;
}

/* The total of year (whole kronor) from its own lines or, without lines, from the year
 * before uprated by this year's percentage. *found is 0 when no year within depth has
 * lines. */
static int year_total(struct store *st, int year, int depth, int64_t *total, int *found,
                      struct nrs_error *err)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct line_collect c = {b, 0};
	struct budget_year_row y;
	int stored, rc;

	*found = 0;
	if (b == NULL)
		return NRS_ENOMEM;
	rc = store_budget_year_get(st, year, &y);
	stored = rc == 0;
	if (rc != 0 && rc != NRS_ENOTFOUND)
		goto out;
	rc = store_budget_lines_list(st, year, collect_line, &c);
	if (rc != 0)
		goto out;
	if (b->nlines > 0) {
		struct budget_line bl[ECONOMY_LINES_MAX];
		struct budget_totals t;

		for (size_t i = 0; i < b->nlines; i++) {
			bl[i].label = b->lines[i].label;
			bl[i].amount = b->lines[i].amount_ore;
		}
		rc = budget_compute(bl, b->nlines, stored ? y.overhead_bp : BUDGET_OVERHEAD_DEFAULT_BP,
		                    &t, err);
		if (rc == 0) {
			*total = money_round_kr(t.total);
			*found = 1;
		}
		goto out;
	}
	if (depth >= UPRATE_LOOKBACK)
		goto out;
	{
		int64_t prev = 0;
		int prev_found = 0;

		rc = year_total(st, year - 1, depth + 1, &prev, &prev_found, err);
		if (rc == 0 && prev_found) {
			rc = budget_uprate(prev, stored ? y.uprate_bp : BUDGET_UPRATE_DEFAULT_BP, total,
			                   err);
			*found = rc == 0;
		}
	}
out:
	free(b);
	return rc;
}

int economysvc_budget_get(struct store *st, int year, struct economy_budget *out,
                          struct nrs_error *err)
{
	struct line_collect c = {out, 0};
	struct budget_year_row y;
	struct nrs_date pd;
	int rc;

	memset(out, 0, sizeof(*out));
	out->year = year;
	rc = store_budget_year_get(st, year, &y);
	if (rc != 0 && rc != NRS_ENOTFOUND)
		return svc_fail(rc, err, "budgeten kunde inte läsas");
	out->stored = rc == 0;
	if (!out->stored) {
		memset(&y, 0, sizeof(y));
		y.year = year;
		y.overhead_bp = BUDGET_OVERHEAD_DEFAULT_BP;
		y.uprate_bp = BUDGET_UPRATE_DEFAULT_BP;
	}
	out->overhead_bp = y.overhead_bp;
	out->uprate_bp = y.uprate_bp;
	out->coordinator_ore = y.coordinator_ore;
	out->quality_review_ore = y.quality_review_ore;
	out->has_outcome = y.has_outcome;
	out->outcome_ore = y.outcome_ore;
	if (y.population_date[0] != '\0') {
		snprintf(out->population_date, sizeof(out->population_date), "%s",
		         y.population_date);
	} else {
		pd = budget_population_date(year, BUDGET_POPULATION_YEARS_BEFORE);
		date_format(&pd, out->population_date);
		out->population_date_default = 1;
	}
	if (y.invoice_date[0] != '\0')
		snprintf(out->invoice_date, sizeof(out->invoice_date), "%s", y.invoice_date);
	else
		snprintf(out->invoice_date, sizeof(out->invoice_date), "%04d-01-15", year);
	out->quality_review_year = budget_is_quality_review_year(year);
	out->needs_socsam = budget_needs_socsam(y.quality_review_ore);
	rc = store_budget_lines_list(st, year, collect_line, &c);
	if (rc != 0)
		return svc_fail(rc, err, "budgeten kunde inte läsas");
	if (out->nlines > 0) {
		struct budget_line bl[ECONOMY_LINES_MAX];
		struct budget_totals t;

		for (size_t i = 0; i < out->nlines; i++) {
			bl[i].label = out->lines[i].label;
			bl[i].amount = out->lines[i].amount_ore;
		}
		rc = budget_compute(bl, out->nlines, out->overhead_bp, &t, err);
		if (rc != 0)
			return rc;
		out->subtotal_ore = t.subtotal;
		out->overhead_ore = t.overhead;
		out->total_ore = money_round_kr(t.total);
	} else {
		int64_t prev = 0;
		int found = 0;

		rc = year_total(st, year - 1, 1, &prev, &found, err);
		if (rc != 0)
			return rc;
		if (!found)
			return nrs_error_set(err, NRS_ENOTFOUND, "year",
			                     "Det finns ingen budget för %d eller åren före.", year);
		rc = budget_uprate(prev, out->uprate_bp, &out->total_ore, err);
		if (rc != 0)
			return rc;
		out->uprated_from = year - 1;
	}
	if (out->has_outcome) {
		struct budget_year_end ye;

		rc = budget_year_end(out->total_ore, out->outcome_ore, &ye, err);
		if (rc != 0)
			return rc;
		out->result_ore = ye.result;
		out->deficit_ore = ye.to_distribute;
		out->carried_over_ore = ye.carried_over;
	}
	return 0;
}

/* ---- the cost key ---- */

static int collect_member(const struct key_member_row *row, void *ctx)
{
	struct economy_distribution *d = ctx;
	struct economy_share *s;

	if (d->n >= ECONOMY_MEMBERS_MAX)
		return NRS_ETOOBIG;
	s = &d->rows[d->n++];
	snprintf(s->code, sizeof(s->code), "%s", row->code);
	snprintf(s->name, sizeof(s->name), "%s", row->name);
	snprintf(s->recipient, sizeof(s->recipient), "%s", row->org_name ? row->org_name : row->name);
	snprintf(s->org_number, sizeof(s->org_number), "%s", row->org_number ? row->org_number : "");
	s->population = row->population;
	return 0;
}

static int distribute_at(struct store *st, int year, const char *date, int64_t total_ore,
                         struct economy_distribution *out, struct nrs_error *err)
{
	struct costkey_input in[ECONOMY_MEMBERS_MAX];
	struct costkey_share sh[ECONOMY_MEMBERS_MAX];
	int rc;

	memset(out, 0, sizeof(*out));
	out->year = year;
	out->total_ore = total_ore;
	snprintf(out->population_date, sizeof(out->population_date), "%s", date);
	rc = store_key_members(st, date, collect_member, out);
	if (rc == NRS_ETOOBIG)
		return nrs_error_set(err, NRS_EINVAL, "", "för många medlemskommuner");
	if (rc != 0)
		return svc_fail(rc, err, "befolkningen kunde inte läsas");
	if (out->n == 0)
		return nrs_error_set(err, NRS_EINVAL, "population_date",
		                     "Regionen har inga medlemskommuner att fördela på.");
	for (size_t i = 0; i < out->n; i++) {
		if (out->rows[i].population < 0)
			return nrs_error_set(err, NRS_EINVAL, "population_date",
			                     "Befolkning per %s saknas för %s. Importera befolkningen "
			                     "eller välj ett annat referensdatum.",
			                     date, out->rows[i].name);
		in[i].code = out->rows[i].code;
		in[i].population = out->rows[i].population;
		out->population_sum += out->rows[i].population;
	}
	rc = costkey_distribute(in, out->n, total_ore, sh, err);
	if (rc != 0)
		return rc;
	for (size_t i = 0; i < out->n; i++) {
		out->rows[i].share = sh[i].share;
		out->rows[i].amount_ore = sh[i].amount;
		out->rows[i].amount_adjust = sh[i].amount_adjust;
	}
	return 0;
}

int economysvc_distribute(struct store *st, int year, int64_t total_ore,
                          struct economy_distribution *out, struct nrs_error *err)
{
	struct budget_year_row y;
	char date[11];
	int rc = store_budget_year_get(st, year, &y);

	if (rc != 0 && rc != NRS_ENOTFOUND)
		return svc_fail(rc, err, "budgeten kunde inte läsas");
	if (rc == 0 && y.population_date[0] != '\0') {
		snprintf(date, sizeof(date), "%s", y.population_date);
	} else {
		struct nrs_date d = budget_population_date(year, BUDGET_POPULATION_YEARS_BEFORE);

		date_format(&d, date);
	}
	return distribute_at(st, year, date, total_ore, out, err);
}

/* ---- invoices ---- */

static void due_date_of(const char *invoice_date, char out[11])
{
	struct nrs_date d, due;

	if (date_parse(invoice_date, &d) != 0) {
		snprintf(out, 11, "%s", invoice_date);
		return;
	}
	due = date_from_days(date_to_days(&d) + DUE_DAYS);
	date_format(&due, out);
}

static int new_invoice(struct store *st, const struct clientsvc_actor *actor, int year,
                       const char *kind, const char *code, const char *recipient,
                       const char *org_number, const char *date, int64_t total, int64_t *id,
                       struct nrs_error *err)
{
	struct invoice_input in = {0};
	char number[16], now[21], due[11];
	int64_t seq = 0;
	int rc = store_invoice_next_seq(st, year, &seq, err);

	if (rc != 0)
		return rc;
	snprintf(number, sizeof(number), "%04d-%04" PRId64, year, seq);
	due_date_of(date, due);
	now_iso(now);
	in.number = number;
	in.year = year;
	in.kind = kind;
	in.municipality = code;
	in.recipient_name = recipient;
	in.recipient_org_number = org_number[0] ? org_number : NULL;
	in.invoice_date = date;
	in.due_date = due;
	in.total_ore = total;
	in.created_at = now;
	in.created_by = actor->user_id;
	return store_invoice_add(st, &in, id, err);
}

struct existing_annual {
	char codes[ECONOMY_MEMBERS_MAX][5];
	size_t n;
};

static int collect_existing(const struct invoice_row *row, void *ctx)
{
	struct existing_annual *e = ctx;

	if (strcmp(row->kind, "annual") == 0 && e->n < ECONOMY_MEMBERS_MAX)
		snprintf(e->codes[e->n++], 5, "%s", row->municipality);
	return 0;
}

static int has_code(const struct existing_annual *e, const char *code)
{
	for (size_t i = 0; i < e->n; i++)
		if (strcmp(e->codes[i], code) == 0)
			return 1;
	return 0;
}

struct annual_run {
	const struct economy_budget *b;
	const struct economy_distribution *fixed;
	const struct economy_distribution *coord; /* NULL without coordinator cost */
	const struct existing_annual *existing;
};

static int annual_write(struct store *st, const struct crypto_keys *keys,
                        const struct clientsvc_actor *actor, const struct annual_run *r,
                        int *created, struct nrs_error *err)
{
	char desc[300], pct[16], kr[40];
	int rc = 0;

	for (size_t i = 0; i < r->fixed->n && rc == 0; i++) {
		const struct economy_share *s = &r->fixed->rows[i];
		int64_t total = s->amount_ore, id = 0;
		int pos = 1;

		if (has_code(r->existing, s->code))
			continue;
		if (r->coord != NULL)
			total += r->coord->rows[i].amount_ore;
		rc = new_invoice(st, actor, r->b->year, "annual", s->code, s->recipient, s->org_number,
		                 r->b->invoice_date, total, &id, err);
		costkey_format_share(s->share, 0, pct, sizeof(pct));
		money_format_kr(r->fixed->total_ore, 0, kr, sizeof(kr));
		snprintf(desc, sizeof(desc),
		         "Centrum mot våld %d: fast kostnad enligt kostnadsfördelning, andel %s av %s",
		         r->b->year, pct, kr);
		if (rc == 0)
			rc = store_invoice_line_add(st, id, pos++, desc, s->amount_ore, err);
		if (rc == 0 && r->coord != NULL) {
			money_format_kr(r->coord->total_ore, 0, kr, sizeof(kr));
			snprintf(desc, sizeof(desc), "Samordnare %d enligt kostnadsfördelning, andel %s "
			         "av %s", r->b->year, pct, kr);
			rc = store_invoice_line_add(st, id, pos++, desc, r->coord->rows[i].amount_ore,
			                            err);
		}
		if (rc == 0)
			rc = svc_audit_row(st, keys, actor, "create", "invoice", id, NULL, err);
		if (rc == 0 && created != NULL)
			(*created)++;
	}
	return rc;
}

int economysvc_invoice_generate(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int year, int *created,
                                struct nrs_error *err)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct economy_distribution *fixed = calloc(1, sizeof(*fixed));
	struct economy_distribution *coord = calloc(1, sizeof(*coord));
	struct existing_annual *ex = calloc(1, sizeof(*ex));
	struct annual_run run;
	size_t missing = 0;
	int rc;

	if (created != NULL)
		*created = 0;
	if (b == NULL || fixed == NULL || coord == NULL || ex == NULL) {
		rc = NRS_ENOMEM;
		goto out;
	}
	rc = economysvc_budget_get(st, year, b, err);
	if (rc == 0)
		rc = economysvc_distribute(st, year, b->total_ore, fixed, err);
	if (rc == 0 && b->coordinator_ore > 0)
		rc = economysvc_distribute(st, year, money_round_kr(b->coordinator_ore), coord, err);
	if (rc != 0)
		goto out;
	SVC_WRITE_TX(st, err, {
		rc = store_invoice_list(st, year, collect_existing, ex);
		for (size_t i = 0; rc == 0 && i < fixed->n; i++)
			missing += !has_code(ex, fixed->rows[i].code);
		if (rc == 0 && missing == 0)
			rc = nrs_error_set(err, NRS_EEXIST, "year",
			                   "Årsfakturorna för %d är redan skapade.", year);
		run.b = b;
		run.fixed = fixed;
		run.coord = b->coordinator_ore > 0 ? coord : NULL;
		run.existing = ex;
		if (rc == 0)
			rc = annual_write(st, keys, actor, &run, created, err);
	});
out:
	if (rc != 0 && created != NULL)
		*created = 0;
	free(b);
	free(fixed);
	free(coord);
	free(ex);
	return rc;
}

struct open_charge {
	int64_t id, amount_ore;
	char kind[16];
	char municipality[5];
	char description[DESCRIPTION_MAX_CHARS * 4 + 1];
};

struct open_charges {
	struct open_charge *v;
	size_t n, cap;
};

static int collect_open(const struct charge_row *row, void *ctx)
{
	struct open_charges *l = ctx;
	struct open_charge *c;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct open_charge *nv = realloc(l->v, cap * sizeof(*nv));

		if (nv == NULL)
			return NRS_ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	c = &l->v[l->n++];
	c->id = row->id;
	c->amount_ore = row->amount_ore;
	snprintf(c->kind, sizeof(c->kind), "%s", row->kind);
	snprintf(c->municipality, sizeof(c->municipality), "%s", row->municipality);
	snprintf(c->description, sizeof(c->description), "%s", row->description);
	return 0;
}

/* One extra invoice for the open charges l->v[from..to) (one municipality). */
static int extra_one(struct store *st, const struct crypto_keys *keys,
                     const struct clientsvc_actor *actor, int year, const struct open_charges *l,
                     size_t from, size_t to, struct nrs_error *err)
{
	char recipient[201], orgnr[12], date[11], desc[1100];
	int64_t total = 0, id = 0;
	int rc;

	rc = store_municipality_recipient(st, l->v[from].municipality, recipient, sizeof(recipient),
	                                  orgnr, sizeof(orgnr));
	if (rc != 0)
		return svc_fail(rc, err, "mottagaren kunde inte läsas");
	for (size_t i = from; i < to; i++)
		total += l->v[i].amount_ore;
	date_format(&actor->today, date);
	rc = new_invoice(st, actor, year, "extra", l->v[from].municipality, recipient, orgnr, date,
	                 total, &id, err);
	for (size_t i = from; i < to && rc == 0; i++) {
		snprintf(desc, sizeof(desc), "%s: %s", economysvc_charge_label(l->v[i].kind),
		         l->v[i].description);
		rc = store_invoice_line_add(st, id, (int)(i - from) + 1, desc, l->v[i].amount_ore,
		                            err);
		if (rc == 0)
			rc = store_charge_set_invoice(st, l->v[i].id, id, err);
	}
	if (rc == 0)
		rc = svc_audit_row(st, keys, actor, "create", "invoice", id, NULL, err);
	return rc;
}

int economysvc_invoice_generate_extra(struct store *st, const struct crypto_keys *keys,
                                      const struct clientsvc_actor *actor, int year,
                                      int *created, struct nrs_error *err)
{
	struct open_charges l = {0};
	int n = 0;
	int rc;

	if (created != NULL)
		*created = 0;
	rc = svc_check_today(actor, err);
	if (rc != 0)
		goto out;
	if (year < 2000 || year > 2999) {
		rc = nrs_error_set(err, NRS_EINVAL, "year",
		                   "Ange året med fyra siffror, till exempel 2025.");
		goto out;
	}
	SVC_WRITE_TX(st, err, {
		rc = store_charge_list(st, 1, collect_open, &l);
		if (rc == 0 && l.n == 0)
			rc = nrs_error_set(err, NRS_ENOTFOUND, "year",
			                   "Det finns inga ofakturerade avgifter.");
		/* the list is ordered by municipality: one invoice per run of equal codes */
		for (size_t from = 0; rc == 0 && from < l.n;) {
			size_t to = from + 1;

			while (to < l.n && strcmp(l.v[to].municipality, l.v[from].municipality) == 0)
				to++;
			rc = extra_one(st, keys, actor, year, &l, from, to, err);
			n++;
			from = to;
		}
	});
	if (rc == 0 && created != NULL)
		*created = n;
out:
	free(l.v);
	return rc;
}

int economysvc_distribute_charges(struct store *st, const struct crypto_keys *keys,
                                  const struct clientsvc_actor *actor, int year,
                                  const char *what, int *created, struct nrs_error *err)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct economy_distribution *d = calloc(1, sizeof(*d));
	const char *kind, *label;
	char ref[48], desc[300], pct[16];
	int64_t amount = 0, existing = 0;
	int n = 0, rc;

	if (created != NULL)
		*created = 0;
	if (b == NULL || d == NULL) {
		rc = NRS_ENOMEM;
		goto out;
	}
	if (what != NULL && strcmp(what, "quality_review") == 0) {
		kind = "quality_review";
		label = "Kvalitetsgranskning";
	} else if (what != NULL && strcmp(what, "deficit") == 0) {
		kind = "other";
		label = "Underskott";
	} else {
		rc = nrs_error_set(err, NRS_EINVAL, "what", "Välj vad som ska fördelas.");
		goto out;
	}
	rc = economysvc_budget_get(st, year, b, err);
	if (rc != 0)
		goto out;
	amount = kind[0] == 'q' ? money_round_kr(b->quality_review_ore) : b->deficit_ore;
	if (amount <= 0) {
		rc = nrs_error_set(err, NRS_EINVAL, kind[0] == 'q' ? "quality_review" : "outcome",
		                   kind[0] == 'q' ? "Ange kostnaden för kvalitetsgranskningen först."
		                                  : "Det finns inget underskott att fördela.");
		goto out;
	}
	rc = economysvc_distribute(st, year, amount, d, err);
	if (rc != 0)
		goto out;
	snprintf(ref, sizeof(ref), "key:%s:%d", what, year);
	SVC_WRITE_TX(st, err, {
		rc = store_charge_count_ref(st, ref, &existing);
		if (rc == 0 && existing > 0)
			rc = nrs_error_set(err, NRS_EEXIST, "what", "%s %d är redan fördelad.", label,
			                   year);
		for (size_t i = 0; rc == 0 && i < d->n; i++) {
			if (d->rows[i].amount_ore == 0)
				continue;
			costkey_format_share(d->rows[i].share, 0, pct, sizeof(pct));
			snprintf(desc, sizeof(desc), "%s %d, andel %s", label, year, pct);
			rc = charge_insert(st, keys, actor, kind, d->rows[i].code,
			                   d->rows[i].amount_ore, desc, ref, NULL, err);
			n++;
		}
	});
	if (rc == 0 && created != NULL)
		*created = n;
out:
	free(b);
	free(d);
	return rc;
}

/* ---- exports ---- */

#define EXPORT_COLS 10

static const char *const export_headers[EXPORT_COLS] = {
    "Fakturanummer", "Typ",       "Fakturadatum", "Förfallodatum", "Kommunkod",
    "Mottagare",     "Organisationsnummer", "Rad", "Beskrivning", "Belopp (kr)"};

struct export_line {
	char number[16], kind[8], date[11], due[11], code[5], orgnr[12];
	char *recipient, *description;
	int position;
	int64_t amount_ore;
};

struct export_table {
	struct export_line *v;
	size_t n, cap;
	int failed;
	/* the invoice whose lines are being read */
	const struct invoice_row *inv;
};

struct export_invoices {
	struct invoice_row *v; /* strings owned (str_dup) */
	size_t n, cap;
};

static void export_free(struct export_table *t, struct export_invoices *inv)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].recipient);
		free(t->v[i].description);
	}
	free(t->v);
	for (size_t i = 0; i < inv->n; i++) {
		free((char *)inv->v[i].number);
		free((char *)inv->v[i].kind);
		free((char *)inv->v[i].municipality);
		free((char *)inv->v[i].recipient_name);
		free((char *)inv->v[i].recipient_org_number);
		free((char *)inv->v[i].invoice_date);
		free((char *)inv->v[i].due_date);
	}
	free(inv->v);
}

static char *dup_or_empty(const char *s)
{
	return str_dup(s ? s : "");
}

static int collect_invoice(const struct invoice_row *row, void *ctx)
{
	struct export_invoices *l = ctx;
	struct invoice_row *r;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct invoice_row *nv = realloc(l->v, cap * sizeof(*nv));

		if (nv == NULL)
			return NRS_ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	r = &l->v[l->n];
	*r = *row;
	r->number = dup_or_empty(row->number);
	r->kind = dup_or_empty(row->kind);
	r->municipality = dup_or_empty(row->municipality);
	r->recipient_name = dup_or_empty(row->recipient_name);
	r->recipient_org_number = dup_or_empty(row->recipient_org_number);
	r->invoice_date = dup_or_empty(row->invoice_date);
	r->due_date = dup_or_empty(row->due_date);
	r->created_at = NULL;
	l->n++;
	if (!r->number || !r->kind || !r->municipality || !r->recipient_name ||
	    !r->recipient_org_number || !r->invoice_date || !r->due_date)
		return NRS_ENOMEM;
	return 0;
}

static int collect_export_line(const struct invoice_line_row *row, void *ctx)
{
	struct export_table *t = ctx;
	const struct invoice_row *inv = t->inv;
	struct export_line *l;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct export_line *nv = realloc(t->v, cap * sizeof(*nv));

		if (nv == NULL)
			return NRS_ENOMEM;
		t->v = nv;
		t->cap = cap;
	}
	l = &t->v[t->n++];
	memset(l, 0, sizeof(*l));
	snprintf(l->number, sizeof(l->number), "%s", inv->number);
	snprintf(l->kind, sizeof(l->kind), "%s", inv->kind);
	snprintf(l->date, sizeof(l->date), "%s", inv->invoice_date);
	snprintf(l->due, sizeof(l->due), "%s", inv->due_date);
	snprintf(l->code, sizeof(l->code), "%s", inv->municipality);
	snprintf(l->orgnr, sizeof(l->orgnr), "%s", inv->recipient_org_number);
	l->recipient = str_dup(inv->recipient_name);
	l->description = str_dup(row->description);
	l->position = row->position;
	l->amount_ore = row->amount_ore;
	return l->recipient && l->description ? 0 : NRS_ENOMEM;
}

static int export_gather(struct store *st, int year, struct export_table *t,
                         struct export_invoices *inv, struct nrs_error *err)
{
	int rc = store_invoice_list(st, year, collect_invoice, inv);

	for (size_t i = 0; rc == 0 && i < inv->n; i++) {
		t->inv = &inv->v[i];
		rc = store_invoice_lines(st, inv->v[i].id, collect_export_line, t);
	}
	return rc != 0 ? svc_fail(rc, err, "fakturorna kunde inte läsas") : 0;
}

static const char *kind_label(const char *kind)
{
	return strcmp(kind, "annual") == 0 ? "Årsfaktura" : "Extra";
}

/* One CSV field: quoted when it holds a separator, quote or line break. */
static int csv_field(struct buf *out, const char *s, int last)
{
	int rc = 0;

	if (strpbrk(s, ";\"\r\n") != NULL) {
		rc = buf_putc(out, '"');
		for (const char *p = s; rc == 0 && *p; p++)
			rc = *p == '"' ? buf_puts(out, "\"\"") : buf_putc(out, *p);
		if (rc == 0)
			rc = buf_putc(out, '"');
	} else {
		rc = buf_puts(out, s);
	}
	if (rc == 0)
		rc = buf_puts(out, last ? "\r\n" : ";");
	return rc;
}

/* "183907,00": kronor with a decimal comma, no thousands separator (Excel reads it as a
 * number with Swedish settings). */
static void csv_amount(int64_t ore, char *out, size_t n)
{
	int64_t a = ore < 0 ? -ore : ore;

	snprintf(out, n, "%s%" PRId64 ",%02" PRId64, ore < 0 ? "-" : "", a / 100, a % 100);
}

int economysvc_export_csv(struct store *st, int year, struct buf *out, struct nrs_error *err)
{
	struct export_table t = {0};
	struct export_invoices inv = {0};
	char pos[16], amount[32];
	int rc = export_gather(st, year, &t, &inv, err);

	if (rc != 0)
		goto out;
	rc = buf_puts(out, "\xef\xbb\xbf");
	for (size_t c = 0; rc == 0 && c < EXPORT_COLS; c++)
		rc = csv_field(out, export_headers[c], c + 1 == EXPORT_COLS);
	for (size_t i = 0; rc == 0 && i < t.n; i++) {
		const struct export_line *l = &t.v[i];

		snprintf(pos, sizeof(pos), "%d", l->position);
		csv_amount(l->amount_ore, amount, sizeof(amount));
		if (csv_field(out, l->number, 0) || csv_field(out, kind_label(l->kind), 0) ||
		    csv_field(out, l->date, 0) || csv_field(out, l->due, 0) ||
		    csv_field(out, l->code, 0) || csv_field(out, l->recipient, 0) ||
		    csv_field(out, l->orgnr, 0) || csv_field(out, pos, 0) ||
		    csv_field(out, l->description, 0) || csv_field(out, amount, 1))
			rc = NRS_ENOMEM;
	}
	if (rc != 0)
		svc_fail(rc, err, "exporten kunde inte skapas");
out:
	export_free(&t, &inv);
	return rc;
}

int economysvc_export_xlsx(struct store *st, int year, const char *path, struct nrs_error *err)
{
	struct export_table t = {0};
	struct export_invoices inv = {0};
	struct xlsx_cell *cells = NULL;
	int rc = export_gather(st, year, &t, &inv, err);

	if (rc != 0)
		goto out;
	cells = calloc(t.n ? t.n * EXPORT_COLS : 1, sizeof(*cells));
	if (cells == NULL) {
		rc = NRS_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < t.n; i++) {
		struct xlsx_cell *c = &cells[i * EXPORT_COLS];
		const struct export_line *l = &t.v[i];

		c[0] = (struct xlsx_cell){XLSX_TEXT, l->number, 0};
		c[1] = (struct xlsx_cell){XLSX_TEXT, kind_label(l->kind), 0};
		c[2] = (struct xlsx_cell){XLSX_TEXT, l->date, 0};
		c[3] = (struct xlsx_cell){XLSX_TEXT, l->due, 0};
		c[4] = (struct xlsx_cell){XLSX_TEXT, l->code, 0};
		c[5] = (struct xlsx_cell){XLSX_TEXT, l->recipient, 0};
		c[6] = (struct xlsx_cell){XLSX_TEXT, l->orgnr, 0};
		c[7] = (struct xlsx_cell){XLSX_INT, NULL, l->position};
		c[8] = (struct xlsx_cell){XLSX_TEXT, l->description, 0};
		c[9] = (struct xlsx_cell){XLSX_KRONOR, NULL, l->amount_ore};
	}
	rc = xlsx_write_table(path, "Fakturor", export_headers, EXPORT_COLS, cells, t.n, err);
out:
	free(cells);
	export_free(&t, &inv);
	return rc;
}

/* ---- the agreement's own budget ---- */

int economysvc_load_budget_2025(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, struct nrs_error *err)
{
	/* seed 000 §11.2, Figur 1 */
	static const struct economy_line_input lines[] = {
	    {"Personal 4,75 inkl. PO", (int64_t)3189656 * 100},
	    {"Lokalkostnader", (int64_t)511922 * 100},
	    {"Omkostnader: telefoner, kontorsmaterial, köpta tjänster, inventarier, "
	     "verksamhetsmedel, datakostnader",
	     (int64_t)211310 * 100},
	    {"Handledning/fortbildning, resor, arbetsmiljö", (int64_t)166260 * 100},
	    {"Jourlägenheter", (int64_t)220804 * 100},
	    {"Fortbildningsinsatser för kommunerna, ex. Trappan-nätverket", (int64_t)53045 * 100},
	};
	struct economy_budget_input in = {0};

	in.year = 2025;
	in.lines = lines;
	in.nlines = sizeof(lines) / sizeof(lines[0]);
	in.overhead_bp = BUDGET_OVERHEAD_DEFAULT_BP;
	in.uprate_bp = BUDGET_UPRATE_DEFAULT_BP;
	return economysvc_budget_set(st, keys, actor, &in, err);
}
