/* Risk-assessment instruments as data (see instrument.h for the file format and the rule
 * language): parsing with inih into a fixed-size struct, with Swedish errors that name the
 * line and key, and scoring an answer vector into a summary level. */
#include "domain/instrument.h"
#include "base/str.h"

#include <ini.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define VALUE_MAX (INSTRUMENT_MAX_LINE + 1)

struct parse_ctx {
	struct instrument *inst;
	struct nrs_error *err;
	const char *text; /* what the reader has not handed to inih yet */
	int line;         /* number of the line inih is working on */
	int failed;       /* a handler error is recorded (the first one wins) */
	int fail_line;
	bool have_id, have_name, have_version, have_scale, have_sum;
	bool item_seen[INSTRUMENT_MAX_ITEMS];
};

static const struct {
	const char *key, *sv, *label;
	enum risk_level level;
} levels[] = {
    {"low", "låg", "låg", RISK_LOW},
    {"elevated", "förhöjd", "förhöjd", RISK_ELEVATED},
    {"high", "hög", "hög", RISK_HIGH},
};

const char *risk_level_label(enum risk_level level)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (levels[i].level == level)
			return levels[i].label;
	return "okänd";
}

const char *risk_level_key(enum risk_level level)
{
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (levels[i].level == level)
			return levels[i].key;
	return "";
}

int risk_level_parse(const char *s, enum risk_level *out)
{
	if (s == NULL || out == NULL)
		return NRS_EINVAL;
	for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++)
		if (strcmp(s, levels[i].key) == 0 || strcmp(s, levels[i].sv) == 0) {
			*out = levels[i].level;
			return 0;
		}
	return NRS_EINVAL;
}

/* An fgets-like reader over the text, so that we know the line number inih is on: inih
 * counts one line per reader call, and so do we. Lines longer than inih's buffer are refused
 * before parsing, so a reader call is always one whole line. */
static char *read_line(char *str, int num, void *stream)
{
	struct parse_ctx *c = stream;
	int i = 0;

	if (*c->text == '\0' || num < 2)
		return NULL;
	while (i < num - 1 && *c->text != '\0') {
		char ch = *c->text++;

		str[i++] = ch;
		if (ch == '\n')
			break;
	}
	str[i] = '\0';
	c->line++;
	return str;
}

__attribute__((format(printf, 4, 5))) static int fail(struct parse_ctx *c, const char *section,
                                                      const char *key, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	if (c->failed)
		return 0;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (section[0] != '\0')
		nrs_error_set(c->err, NRS_EINVAL, key, "Rad %d, [%.40s] %.40s: %s", c->line,
		              section, key, what);
	else
		nrs_error_set(c->err, NRS_EINVAL, key, "Rad %d, %.40s: %s", c->line, key, what);
	c->failed = 1;
	c->fail_line = c->line;
	return 0;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		*--e = '\0';
	return s;
}

/* Copy value into dst (dstsz bytes) after checking it is non-empty, valid UTF-8 text and fits. */
static int set_text(struct parse_ctx *c, const char *section, const char *key, const char *value,
                    char *dst, size_t dstsz)
{
	size_t len = strlen(value);

	if (len == 0)
		return fail(c, section, key, "värdet saknas");
	if (len >= dstsz)
		return fail(c, section, key, "värdet är för långt (högst %zu byte)", dstsz - 1);
	if (!str_utf8_ok(value, len))
		return fail(c, section, key, "värdet innehåller ogiltiga tecken");
	memcpy(dst, value, len + 1);
	return 1;
}

static bool token_ok(const char *s, bool upper)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		char ch = *s;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
		      ch == '_' || ch == '.' || (upper && ch >= 'A' && ch <= 'Z')))
			return false;
	}
	return true;
}

/* A whole number 0..max from trimmed text, or -1. */
static int small_int(const char *s, int max)
{
	int64_t v;

	if (!str_all_digits(s) || strlen(s) > 9 || str_to_i64(s, 0, max, &v) != 0)
		return -1;
	return (int)v;
}

/* "0=Nej,1=Ja": VALUE=LABEL steps, ascending, starting at 0. */
static int parse_scale(struct parse_ctx *c, const char *section, const char *key, const char *value)
{
	struct instrument *inst = c->inst;
	char buf[VALUE_MAX];
	char *p, *next;

	snprintf(buf, sizeof(buf), "%s", value);
	inst->nscale = 0;
	for (p = buf; p != NULL; p = next) {
		char *eq, *num, *label;
		int v;

		next = strchr(p, ',');
		if (next != NULL)
			*next++ = '\0';
		eq = strchr(p, '=');
		if (eq == NULL)
			return fail(c, section, key,
			            "varje steg skrivs VÄRDE=ETIKETT, t.ex. 0=Nej");
		*eq = '\0';
		num = trim(p);
		label = trim(eq + 1);
		v = small_int(num, INSTRUMENT_MAX_VALUE);
		if (v < 0)
			return fail(c, section, key, "\"%.20s\" är inte ett heltal 0–%d", num,
			            INSTRUMENT_MAX_VALUE);
		if (inst->nscale == INSTRUMENT_MAX_SCALE)
			return fail(c, section, key, "för många steg (högst %d)",
			            INSTRUMENT_MAX_SCALE);
		if (inst->nscale == 0 && v != 0)
			return fail(c, section, key, "skalan ska börja på 0");
		if (inst->nscale > 0 && v <= inst->scale[inst->nscale - 1].value)
			return fail(c, section, key, "värdena ska vara stigande (%d efter %d)", v,
			            inst->scale[inst->nscale - 1].value);
		if (label[0] == '\0')
			return fail(c, section, key, "steget %d saknar etikett", v);
		if (strlen(label) >= sizeof(inst->scale[0].label))
			return fail(c, section, key, "etiketten för steget %d är för lång", v);
		if (!str_utf8_ok(label, strlen(label)))
			return fail(c, section, key, "etiketten för steget %d har ogiltiga tecken",
			            v);
		inst->scale[inst->nscale].value = v;
		snprintf(inst->scale[inst->nscale].label, sizeof(inst->scale[0].label), "%s",
		         label);
		inst->nscale++;
	}
	if (inst->nscale < 2)
		return fail(c, section, key, "skalan måste ha minst två steg");
	return 1;
}

/* The level after the last '=' of s (which is cut there), or -1. */
static int split_level(char *s, char **left)
{
	char *eq = strrchr(s, '=');
	enum risk_level level;

	if (eq == NULL)
		return -1;
	*eq = '\0';
	*left = trim(s);
	if (risk_level_parse(trim(eq + 1), &level) != 0)
		return -2;
	return (int)level;
}

/* "0-2=low, 3-5=elevated, 6-=high". */
static int parse_sum(struct parse_ctx *c, const char *section, const char *key, const char *value)
{
	struct instrument *inst = c->inst;
	char buf[VALUE_MAX];
	char *p, *next;
	int expect = 0; /* the next range must start here */

	if (c->have_sum)
		return fail(c, section, key, "får bara anges en gång");
	c->have_sum = true;
	snprintf(buf, sizeof(buf), "%s", value);
	for (p = buf; p != NULL; p = next) {
		char *range, *dash;
		int lv, lo, hi;

		next = strchr(p, ',');
		if (next != NULL)
			*next++ = '\0';
		if (inst->nranges > 0 && inst->ranges[inst->nranges - 1].hi < 0)
			return fail(c, section, key, "intervallet \"%d-\" måste vara det sista",
			            inst->ranges[inst->nranges - 1].lo);
		lv = split_level(p, &range);
		if (lv == -1)
			return fail(c, section, key,
			            "varje intervall skrivs FRÅN-TILL=NIVÅ, t.ex. 0-2=low");
		if (lv == -2)
			return fail(c, section, key, "nivån ska vara low, elevated eller high");
		dash = strchr(range, '-');
		if (dash != NULL)
			*dash = '\0';
		lo = small_int(trim(range), INT32_MAX / 2);
		if (dash == NULL)
			hi = lo;
		else if (*trim(dash + 1) == '\0')
			hi = -1;
		else
			hi = small_int(trim(dash + 1), INT32_MAX / 2);
		if (lo < 0 || (dash != NULL && hi == -1 && *trim(dash + 1) != '\0'))
			return fail(c, section, key,
			            "intervallet är inte av formen 3-5, 3 eller 6-");
		if (hi >= 0 && hi < lo)
			return fail(c, section, key, "intervallet %d-%d är baklänges", lo, hi);
		if (lo != expect)
			return fail(c, section, key,
			            "intervallen ska börja på 0 och följa på varandra utan luckor "
			            "(väntade %d, fick %d)",
			            expect, lo);
		if (inst->nranges == INSTRUMENT_MAX_RANGES)
			return fail(c, section, key, "för många intervall (högst %d)",
			            INSTRUMENT_MAX_RANGES);
		if (inst->nranges > 0 && lv < (int)inst->ranges[inst->nranges - 1].level)
			return fail(c, section, key, "en högre summa får inte ge en lägre nivå");
		inst->ranges[inst->nranges].lo = lo;
		inst->ranges[inst->nranges].hi = hi;
		inst->ranges[inst->nranges].level = (enum risk_level)lv;
		inst->nranges++;
		expect = hi + 1;
	}
	if (inst->ranges[inst->nranges - 1].hi >= 0)
		return fail(c, section, key, "det sista intervallet ska vara öppet, t.ex. 6-=high");
	return 1;
}

/* "3,7,9=high". */
static int parse_any(struct parse_ctx *c, const char *section, const char *key, const char *value)
{
	struct instrument *inst = c->inst;
	char buf[VALUE_MAX];
	char *list, *p, *next;
	uint64_t mask = 0;
	int lv;

	if (inst->nany == INSTRUMENT_MAX_ANY)
		return fail(c, section, key, "för många any_of-regler (högst %d)",
		            INSTRUMENT_MAX_ANY);
	snprintf(buf, sizeof(buf), "%s", value);
	lv = split_level(buf, &list);
	if (lv == -1)
		return fail(c, section, key, "skrivs FRÅGA,FRÅGA,…=NIVÅ, t.ex. 3,7,9=high");
	if (lv == -2)
		return fail(c, section, key, "nivån ska vara low, elevated eller high");
	for (p = list; p != NULL; p = next) {
		int n;

		next = strchr(p, ',');
		if (next != NULL)
			*next++ = '\0';
		n = small_int(trim(p), INSTRUMENT_MAX_ITEMS);
		if (n < 1)
			return fail(c, section, key, "\"%.20s\" är inte ett frågenummer 1–%d",
			            trim(p), INSTRUMENT_MAX_ITEMS);
		mask |= UINT64_C(1) << (n - 1);
	}
	inst->any[inst->nany].items = mask;
	inst->any[inst->nany].level = (enum risk_level)lv;
	inst->nany++;
	return 1;
}

static int on_instrument(struct parse_ctx *c, const char *section, const char *name,
                         const char *value)
{
	struct instrument *inst = c->inst;
	bool *have;

	if (strcmp(name, "id") == 0)
		have = &c->have_id;
	else if (strcmp(name, "name") == 0)
		have = &c->have_name;
	else if (strcmp(name, "version") == 0)
		have = &c->have_version;
	else if (strcmp(name, "scale") == 0)
		have = &c->have_scale;
	else
		return fail(c, section, name, "okänd nyckel (id, name, version och scale finns)");
	if (*have)
		return fail(c, section, name, "anges mer än en gång");
	*have = true;
	if (strcmp(name, "scale") == 0)
		return parse_scale(c, section, name, value);
	if (strcmp(name, "name") == 0)
		return set_text(c, section, name, value, inst->name, sizeof(inst->name));
	if (strcmp(name, "id") == 0) {
		if (!set_text(c, section, name, value, inst->id, sizeof(inst->id)))
			return 0;
		if (!token_ok(inst->id, false))
			return fail(
			    c, section, name,
			    "får bara innehålla a–z, 0–9, bindestreck, understreck och punkt");
		return 1;
	}
	if (!set_text(c, section, name, value, inst->version, sizeof(inst->version)))
		return 0;
	if (!token_ok(inst->version, true))
		return fail(c, section, name,
		            "får bara innehålla bokstäver a–z, siffror, bindestreck, understreck "
		            "och punkt");
	return 1;
}

static int on_item(struct parse_ctx *c, const char *section, const char *name, const char *value)
{
	struct instrument *inst = c->inst;
	int n = small_int(section + 5, INSTRUMENT_MAX_ITEMS);

	if (n < 1 || section[5] == '0')
		return fail(c, section, name, "frågenumret ska vara 1–%d", INSTRUMENT_MAX_ITEMS);
	if (strcmp(name, "label") != 0)
		return fail(c, section, name, "okänd nyckel (label finns)");
	if (c->item_seen[n - 1])
		return fail(c, section, name, "frågan anges mer än en gång");
	c->item_seen[n - 1] = true;
	if (n > inst->nitems)
		inst->nitems = n;
	return set_text(c, section, name, value, inst->items[n - 1].label,
	                sizeof(inst->items[0].label));
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct parse_ctx *c = user;

	if (c->failed)
		return 0;
	if (name == NULL || value == NULL)
		return 1;
	if (section[0] == '\0')
		return fail(c, "", name, "står före första [sektion]");
	if (strcmp(section, "instrument") == 0)
		return on_instrument(c, section, name, value);
	if (strncmp(section, "item ", 5) == 0)
		return on_item(c, section, name, value);
	if (strcmp(section, "levels") == 0) {
		if (value[0] == '\0')
			return fail(c, section, name, "värdet saknas");
		if (strcmp(name, "sum") == 0)
			return parse_sum(c, section, name, value);
		if (strcmp(name, "any_of") == 0)
			return parse_any(c, section, name, value);
		return fail(c, section, name, "okänd regel (sum och any_of finns)");
	}
	return fail(c, section, name, "okänd sektion (instrument, item N och levels finns)");
}

/* What must hold for the file as a whole, checked after the last line. */
static int check_complete(struct parse_ctx *c, struct nrs_error *err)
{
	struct instrument *inst = c->inst;
	static const char *const keys[] = {"id", "name", "version", "scale"};
	const bool have[] = {c->have_id, c->have_name, c->have_version, c->have_scale};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!have[i])
			return nrs_error_set(err, NRS_EINVAL, keys[i], "[instrument] saknar %s",
			                     keys[i]);
	if (inst->nitems == 0)
		return nrs_error_set(err, NRS_EINVAL, "item",
		                     "Instrumentet har inga frågor ([item 1] med label saknas)");
	for (int i = 0; i < inst->nitems; i++)
		if (!c->item_seen[i])
			return nrs_error_set(err, NRS_EINVAL, "item",
			                     "[item %d] saknas; frågorna ska numreras 1, 2, 3 … "
			                     "utan luckor",
			                     i + 1);
	if (inst->nranges == 0 && inst->nany == 0)
		return nrs_error_set(err, NRS_EINVAL, "levels",
		                     "[levels] saknar regel (sum eller any_of)");
	for (int r = 0; r < inst->nany; r++)
		for (int i = inst->nitems; i < INSTRUMENT_MAX_ITEMS; i++)
			if (inst->any[r].items & (UINT64_C(1) << i))
				return nrs_error_set(err, NRS_EINVAL, "any_of",
				                     "[levels] any_of nämner fråga %d, men "
				                     "instrumentet har bara %d frågor",
				                     i + 1, inst->nitems);
	return 0;
}

int instrument_parse(const char *text, struct instrument *inst, struct nrs_error *err)
{
	struct parse_ctx c;
	size_t len;
	int rc, line = 1;
	const char *p, *start;

	if (inst == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Ingen plats för instrumentet");
	memset(inst, 0, sizeof(*inst));
	if (text == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "Instrumentfilen saknas");
	len = strlen(text);
	if (len > INSTRUMENT_MAX_TEXT)
		return nrs_error_set(err, NRS_ETOOBIG, "",
		                     "Instrumentfilen är för stor (högst %d byte)",
		                     INSTRUMENT_MAX_TEXT);
	/* inih would silently split a longer line into two; refuse it instead. */
	for (p = start = text;; p++) {
		if (*p == '\n' || *p == '\0') {
			if (p - start > INSTRUMENT_MAX_LINE)
				return nrs_error_set(err, NRS_EINVAL, "",
				                     "Rad %d är för lång (högst %d byte)", line,
				                     INSTRUMENT_MAX_LINE);
			if (*p == '\0')
				break;
			line++;
			start = p + 1;
		}
	}

	memset(&c, 0, sizeof(c));
	c.inst = inst;
	c.err = err;
	c.text = text;
	rc = ini_parse_stream(read_line, &c, on_value, &c);
	if (rc == 0)
		rc = check_complete(&c, err);
	else if (rc > 0 && !(c.failed && c.fail_line == rc))
		/* inih stopped on a line our handler never saw, before any error of ours. */
		rc = nrs_error_set(err, NRS_EINVAL, "",
		                   "Rad %d kan inte tolkas; väntade [sektion] eller nyckel = värde",
		                   rc);
	else if (rc < 0)
		rc = nrs_error_set(err, NRS_ENOMEM, "", "Instrumentfilen kunde inte läsas");
	else
		rc = NRS_EINVAL;
	if (rc != 0)
		memset(inst, 0, sizeof(*inst));
	return rc;
}

static const struct instrument_step *find_step(const struct instrument *inst, int value)
{
	for (int i = 0; i < inst->nscale; i++)
		if (inst->scale[i].value == value)
			return &inst->scale[i];
	return NULL;
}

int instrument_score(const struct instrument *inst, const int *answers, size_t n,
                     enum risk_level *level, int *sum, struct nrs_error *err)
{
	enum risk_level lv = RISK_LOW;
	int total = 0;

	if (inst == NULL || level == NULL || (answers == NULL && n > 0))
		return nrs_error_set(err, NRS_EINVAL, "", "Uppgifter saknas");
	if (inst->nitems < 1 || inst->nitems > INSTRUMENT_MAX_ITEMS)
		return nrs_error_set(err, NRS_EINVAL, "", "Instrumentet har inga frågor");
	if (n != (size_t)inst->nitems)
		return nrs_error_set(err, NRS_EINVAL, "svar",
		                     "Instrumentet har %d frågor men %zu svar lämnades",
		                     inst->nitems, n);
	for (size_t i = 0; i < n; i++) {
		if (answers[i] == INSTRUMENT_UNANSWERED)
			return nrs_error_set(err, NRS_EINVAL, "svar",
			                     "Fråga %zu (%.100s) är inte besvarad", i + 1,
			                     inst->items[i].label);
		if (find_step(inst, answers[i]) == NULL)
			return nrs_error_set(err, NRS_EINVAL, "svar",
			                     "Svaret %d på fråga %zu (%.100s) finns inte på skalan",
			                     answers[i], i + 1, inst->items[i].label);
		/* At most 64 answers of at most INSTRUMENT_MAX_VALUE: no overflow. */
		total += answers[i];
	}
	for (int r = 0; r < inst->nranges; r++)
		if (total >= inst->ranges[r].lo &&
		    (inst->ranges[r].hi < 0 || total <= inst->ranges[r].hi))
			lv = inst->ranges[r].level;
	for (int r = 0; r < inst->nany; r++)
		for (size_t i = 0; i < n; i++)
			if ((inst->any[r].items & (UINT64_C(1) << i)) && answers[i] > 0 &&
			    inst->any[r].level > lv)
				lv = inst->any[r].level;
	*level = lv;
	if (sum != NULL)
		*sum = total;
	return 0;
}
