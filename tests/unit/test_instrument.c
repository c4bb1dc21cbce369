/* Unit tests for risk instruments as data (src/domain/instrument.c): the two shipped FREDA
 * definitions, the rule language (sum ranges, any_of), every parse error with its line and
 * key, and answer validation when scoring. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/instrument.h"

/* The shipped file, read from the source tree (NRS_SRCDIR under ctest, else the cwd).
 * Caller frees. */
static char *read_data(const char *name)
{
	const char *srcdir = getenv("NRS_SRCDIR");
	char path[4096];
	char *text;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/data/instruments/%s", srcdir ? srcdir : ".", name);
	f = fopen(path, "rb");
	assert_non_null(f);
	text = malloc(INSTRUMENT_MAX_TEXT + 2);
	assert_non_null(text);
	n = fread(text, 1, INSTRUMENT_MAX_TEXT + 1, f);
	fclose(f);
	assert_true(n > 0 && n <= INSTRUMENT_MAX_TEXT);
	text[n] = '\0';
	return text;
}

static enum risk_level score(const struct instrument *inst, const int *answers, size_t n)
{
	enum risk_level lv = (enum risk_level) - 1;
	struct nrs_error err;

	nrs_error_clear(&err);
	if (instrument_score(inst, answers, n, &lv, NULL, &err) != 0)
		fail_msg("score failed: %s", err.msg);
	return lv;
}

static void test_kortfragor(void **state)
{
	struct instrument inst;
	struct nrs_error err;
	char *text = read_data("freda-kortfragor.ini");
	int a[10] = {0};
	int sum = -1;
	enum risk_level lv;

	(void)state;
	nrs_error_clear(&err);
	if (instrument_parse(text, &inst, &err) != 0)
		fail_msg("%s", err.msg);
	free(text);
	assert_string_equal(inst.id, "freda-kortfragor");
	assert_string_equal(inst.name, "FREDA-kortfrågor");
	assert_string_equal(inst.version, "1");
	assert_int_equal(inst.nscale, 2);
	assert_int_equal(inst.scale[0].value, 0);
	assert_string_equal(inst.scale[0].label, "Nej");
	assert_string_equal(inst.scale[1].label, "Ja");
	assert_int_equal(inst.nitems, 10);
	assert_string_equal(inst.items[2].label, "Hot om våld");
	for (int i = 0; i < inst.nitems; i++)
		assert_true(inst.items[i].label[0] != '\0');

	/* All Nej: low. */
	assert_int_equal(instrument_score(&inst, a, 10, &lv, &sum, NULL), 0);
	assert_int_equal(lv, RISK_LOW);
	assert_int_equal(sum, 0);
	/* Any Ja: elevated. */
	for (int i = 0; i < 10; i++) {
		bool key = i + 1 == 3 || i + 1 == 6 || i + 1 == 7 || i + 1 == 10;

		memset(a, 0, sizeof(a));
		a[i] = 1;
		assert_int_equal(score(&inst, a, 10), key ? RISK_HIGH : RISK_ELEVATED);
	}
	/* Many non-key Ja stay elevated. */
	a[0] = a[1] = a[3] = a[4] = a[7] = a[8] = 1;
	a[9] = 0;
	assert_int_equal(score(&inst, a, 10), RISK_ELEVATED);
}

static void test_farlighet(void **state)
{
	struct instrument inst;
	struct nrs_error err;
	char *text = read_data("freda-farlighet.ini");
	/* Items that are not in the any_of rule (4, 5, 6, 7 are). */
	static const int plain[] = {1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16};
	int a[20];
	int sum;
	enum risk_level lv;

	(void)state;
	nrs_error_clear(&err);
	if (instrument_parse(text, &inst, &err) != 0)
		fail_msg("%s", err.msg);
	free(text);
	assert_string_equal(inst.id, "freda-farlighet");
	assert_int_equal(inst.nitems, 20);
	assert_int_equal(inst.nranges, 3);
	assert_int_equal(inst.nany, 1);
	assert_string_equal(inst.items[5].label, "Tillgång till vapen");

	/* The sum thresholds at their boundaries: 0-4 low, 5-9 elevated, 10- high. */
	for (int k = 0; k <= 12; k++) {
		memset(a, 0, sizeof(a));
		for (int j = 0; j < k; j++)
			a[plain[j] - 1] = 1;
		assert_int_equal(instrument_score(&inst, a, 20, &lv, &sum, NULL), 0);
		assert_int_equal(sum, k);
		assert_int_equal(lv, k <= 4 ? RISK_LOW : k <= 9 ? RISK_ELEVATED : RISK_HIGH);
	}
	/* One key item alone is high. */
	for (int item = 4; item <= 7; item++) {
		memset(a, 0, sizeof(a));
		a[item - 1] = 1;
		assert_int_equal(score(&inst, a, 20), RISK_HIGH);
	}
	/* All Ja. */
	for (int i = 0; i < 20; i++)
		a[i] = 1;
	assert_int_equal(instrument_score(&inst, a, 20, &lv, &sum, NULL), 0);
	assert_int_equal(sum, 20);
	assert_int_equal(lv, RISK_HIGH);
}

/* A three-step scale, Swedish level words, ranges of single values, several any_of rules,
 * ':' as the separator, comments and a CRLF line ending. */
static void test_three_step_scale(void **state)
{
	static const char text[] = "# a comment\n"
	                           "[instrument]\n"
	                           "id = test.tre_steg-1\n"
	                           "name = Tre steg\n"
	                           "version = 2025-B.1\n"
	                           "scale = 0=Låg, 1=Medel , 2=Hög\r\n"
	                           "[item 2]\n"
	                           "label = Andra\n"
	                           "[item 1]\n"
	                           "label: Första\n"
	                           "[item 3]\n"
	                           "label = Tredje ; an inline comment\n"
	                           "[levels]\n"
	                           "sum = 0=låg, 1-3=förhöjd, 4-=hög\n"
	                           "any_of = 3=elevated\n"
	                           "any_of = 1 , 2=high\n";
	struct instrument inst;
	struct nrs_error err;
	int a[3] = {0, 0, 0};
	int sum;
	enum risk_level lv;

	(void)state;
	nrs_error_clear(&err);
	if (instrument_parse(text, &inst, &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(inst.id, "test.tre_steg-1");
	assert_string_equal(inst.version, "2025-B.1");
	assert_int_equal(inst.nscale, 3);
	assert_string_equal(inst.scale[1].label, "Medel");
	assert_string_equal(inst.scale[2].label, "Hög");
	assert_int_equal(inst.nitems, 3);
	assert_string_equal(inst.items[0].label, "Första");
	assert_string_equal(inst.items[2].label, "Tredje");
	assert_int_equal(inst.nranges, 3);
	assert_int_equal(inst.ranges[0].hi, 0);
	assert_int_equal(inst.ranges[2].hi, -1);
	assert_int_equal(inst.nany, 2);

	assert_int_equal(score(&inst, a, 3), RISK_LOW);
	a[2] = 1;
	assert_int_equal(score(&inst, a, 3), RISK_ELEVATED);
	a[2] = 2;
	assert_int_equal(instrument_score(&inst, a, 3, &lv, &sum, NULL), 0);
	assert_int_equal(sum, 2);
	assert_int_equal(lv, RISK_ELEVATED);
	/* Item 1 or 2 answered above 0: high by the second any_of rule. */
	a[0] = 1;
	assert_int_equal(score(&inst, a, 3), RISK_HIGH);
}

/* Only any_of rules: the base level is low. */
static void test_any_only(void **state)
{
	static const char text[] = "[instrument]\nid=x\nname=X\nversion=1\nscale=0=Nej,1=Ja\n"
	                           "[item 1]\nlabel=A\n[item 2]\nlabel=B\n"
	                           "[levels]\nany_of=2=elevated\n";
	struct instrument inst;
	int a[2] = {1, 0};

	(void)state;
	assert_int_equal(instrument_parse(text, &inst, NULL), 0);
	assert_int_equal(inst.nranges, 0);
	assert_int_equal(score(&inst, a, 2), RISK_LOW);
	a[1] = 1;
	assert_int_equal(score(&inst, a, 2), RISK_ELEVATED);
}

#define HEAD "[instrument]\nid = t\nname = T\nversion = 1\nscale = 0=Nej,1=Ja\n"
#define ITEMS "[item 1]\nlabel = A\n[item 2]\nlabel = B\n"
#define LEVELS "[levels]\nsum = 0=low, 1-=high\n"

struct bad_case {
	const char *text;
	const char *msg;   /* expected substring */
	const char *field; /* expected field */
};

static void test_parse_errors(void **state)
{
	static const struct bad_case cases[] = {
	    /* [instrument] */
	    {"[instrument]\nid = t\nname =\n", "Rad 3, [instrument] name: värdet saknas", "name"},
	    {"[instrument]\nid = T!\n", "Rad 2, [instrument] id: får bara innehålla", "id"},
	    {"[instrument]\nid = t\nid = u\n", "Rad 3, [instrument] id: anges mer än en gång",
	     "id"},
	    {"[instrument]\nauthor = x\n", "Rad 2, [instrument] author: okänd nyckel", "author"},
	    {"[instrument]\nversion = 1 0\n", "Rad 2, [instrument] version: får bara", "version"},
	    {"id = t\n", "Rad 1, id: står före första [sektion]", "id"},
	    {"[instrument]\nscale = 1=Nej,2=Ja\n",
	     "Rad 2, [instrument] scale: skalan ska börja på 0", "scale"},
	    {"[instrument]\nscale = 0=Nej\n", "minst två steg", "scale"},
	    {"[instrument]\nscale = 0=Nej,0=Ja\n", "stigande (0 efter 0)", "scale"},
	    {"[instrument]\nscale = 0=Nej,Ja\n", "VÄRDE=ETIKETT", "scale"},
	    {"[instrument]\nscale = 0=Nej,x=Ja\n", "\"x\" är inte ett heltal", "scale"},
	    {"[instrument]\nscale = 0=Nej,-1=Ja\n", "\"-1\" är inte ett heltal", "scale"},
	    {"[instrument]\nscale = 0=Nej,1001=Ja\n", "är inte ett heltal 0–1000", "scale"},
	    {"[instrument]\nscale = 0=Nej,1=\n", "steget 1 saknar etikett", "scale"},
	    {"[instrument]\nscale = 0=a,1=b,2=c,3=d,4=e,5=f,6=g,7=h,8=i,9=j,10=k\n",
	     "för många steg", "scale"},
	    {"[instrument]\nscale = 0=Nej,1=Ja,\n", "VÄRDE=ETIKETT", "scale"},
	    {"[instrument]\nscale = 0=Nej,1=0123456789012345678901234567890123456789"
	     "012345678901234567890123456789\n",
	     "etiketten för steget 1 är för lång", "scale"},
	    /* [item N] */
	    {HEAD "[item 0]\nlabel = A\n", "Rad 7, [item 0] label: frågenumret ska vara 1–64",
	     "label"},
	    {HEAD "[item 01]\nlabel = A\n", "frågenumret", "label"},
	    {HEAD "[item 65]\nlabel = A\n", "frågenumret", "label"},
	    {HEAD "[item x]\nlabel = A\n", "frågenumret", "label"},
	    {HEAD "[item 1]\ntext = A\n", "Rad 7, [item 1] text: okänd nyckel (label finns)",
	     "text"},
	    {HEAD "[item 1]\nlabel = A\n[item 1]\nlabel = B\n",
	     "Rad 9, [item 1] label: frågan anges mer än en gång", "label"},
	    {HEAD "[item 1]\nlabel = \xff\xfe\n", "ogiltiga tecken", "label"},
	    {HEAD "[item 1]\nlabel = A\x01\n", "ogiltiga tecken", "label"},
	    {HEAD "[item 1]\nlabel = 0123456789012345678901234567890123456789012345678901"
	          "2345678901234567890123456789012345678901234567890123456789012345678901234567"
	          "89\n",
	     "för långt (högst 127 byte)", "label"},
	    /* Unknown sections. */
	    {HEAD "[questions]\nlabel = A\n", "Rad 7, [questions] label: okänd sektion", "label"},
	    {HEAD "[Item 1]\nlabel = A\n", "okänd sektion", "label"},
	    /* [levels] */
	    {HEAD ITEMS "[levels]\nmax = 3\n", "Rad 11, [levels] max: okänd regel", "max"},
	    {HEAD ITEMS "[levels]\nsum =\n", "Rad 11, [levels] sum: värdet saknas", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-1=low, 2-=high\nsum = 0-=low\n",
	     "Rad 12, [levels] sum: får bara anges en gång", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 1-=high\n", "(väntade 0, fick 1)", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-1=low, 3-=high\n", "(väntade 2, fick 3)", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-2=low, 2-=high\n", "(väntade 3, fick 2)", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-1=low, 2-3=high\n",
	     "det sista intervallet ska vara öppet", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-=low, 3-=high\n", "\"0-\" måste vara det sista", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-1=high, 2-=low\n", "lägre nivå", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-1=medium, 2-=high\n", "low, elevated eller high", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-1, 2-=high\n", "FRÅN-TILL=NIVÅ", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 3-1=low\n", "3-1 är baklänges", "sum"},
	    {HEAD ITEMS "[levels]\nsum = a-=low\n", "formen 3-5, 3 eller 6-", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-b=low\n", "formen 3-5, 3 eller 6-", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0-0-=low\n", "formen 3-5, 3 eller 6-", "sum"},
	    {HEAD ITEMS "[levels]\nsum = 0=low,1=low,2=low,3=low,4=low,5=low,6=low,7=low,"
	                "8=low,9=low,10=low,11=low,12=low,13=low,14=low,15=low,16-=high\n",
	     "för många intervall", "sum"},
	    {HEAD ITEMS "[levels]\nany_of = 1,2\n", "FRÅGA,FRÅGA,…=NIVÅ", "any_of"},
	    {HEAD ITEMS "[levels]\nany_of = 1,2=hi\n", "low, elevated eller high", "any_of"},
	    {HEAD ITEMS "[levels]\nany_of = 1,0=high\n", "\"0\" är inte ett frågenummer", "any_of"},
	    {HEAD ITEMS "[levels]\nany_of = 1,,2=high\n", "\"\" är inte ett frågenummer", "any_of"},
	    {HEAD ITEMS "[levels]\nany_of = 65=high\n", "\"65\" är inte ett frågenummer", "any_of"},
	    {HEAD ITEMS "[levels]\nany_of=1=high\nany_of=1=high\nany_of=1=high\nany_of=1=high\n"
	                "any_of=1=high\nany_of=1=high\nany_of=1=high\nany_of=1=high\n"
	                "any_of=1=high\nany_of=1=high\nany_of=1=high\nany_of=1=high\n"
	                "any_of=1=high\nany_of=1=high\nany_of=1=high\nany_of=1=high\n"
	                "any_of=1=high\n",
	     "Rad 27, [levels] any_of: för många any_of-regler", "any_of"},
	    /* What is missing at the end. */
	    {"[instrument]\nname = T\nversion = 1\nscale = 0=Nej,1=Ja\n" ITEMS LEVELS,
	     "[instrument] saknar id", "id"},
	    {"[instrument]\nid = t\nversion = 1\nscale = 0=Nej,1=Ja\n" ITEMS LEVELS,
	     "[instrument] saknar name", "name"},
	    {"[instrument]\nid = t\nname = T\nscale = 0=Nej,1=Ja\n" ITEMS LEVELS,
	     "[instrument] saknar version", "version"},
	    {"[instrument]\nid = t\nname = T\nversion = 1\n" ITEMS LEVELS,
	     "[instrument] saknar scale", "scale"},
	    {HEAD LEVELS, "Instrumentet har inga frågor", "item"},
	    {HEAD "[item 1]\nlabel = A\n[item 3]\nlabel = C\n" LEVELS,
	     "[item 2] saknas; frågorna ska numreras", "item"},
	    {HEAD ITEMS, "[levels] saknar regel", "levels"},
	    {HEAD ITEMS "[levels]\n", "[levels] saknar regel", "levels"},
	    {HEAD ITEMS "[levels]\nany_of = 1,3=high\n",
	     "any_of nämner fråga 3, men instrumentet har bara 2 frågor", "any_of"},
	    /* Lines inih itself cannot read, before or after one of ours. */
	    {"[instrument\n", "Rad 1 kan inte tolkas", ""},
	    {HEAD "just text\n[item 1]\nlabe = A\n", "Rad 6 kan inte tolkas", ""},
	    {HEAD "[item 1]\nlabe = A\njust text\n", "Rad 7, [item 1] labe: okänd nyckel", "labe"},
	    {"", "[instrument] saknar id", "id"},
	};
	struct instrument inst;
	struct nrs_error err;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		nrs_error_clear(&err);
		memset(&inst, 0x5a, sizeof(inst));
		if (instrument_parse(cases[i].text, &inst, &err) != NRS_EINVAL)
			fail_msg("case %zu parsed: %s", i, cases[i].text);
		if (strstr(err.msg, cases[i].msg) == NULL)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err.msg, cases[i].msg);
		if (strcmp(err.field, cases[i].field) != 0)
			fail_msg("case %zu: field \"%s\", want \"%s\"", i, err.field,
			         cases[i].field);
		/* Nothing half-parsed is left behind. */
		assert_int_equal(inst.nitems, 0);
		assert_int_equal(inst.id[0], '\0');
	}
}

static void test_parse_limits(void **state)
{
	struct instrument inst;
	struct nrs_error err;
	char *big;
	char line[256];
	size_t len = 0;

	(void)state;
	nrs_error_clear(&err);
	assert_int_equal(instrument_parse(NULL, &inst, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "saknas"));
	assert_int_equal(instrument_parse(HEAD ITEMS LEVELS, NULL, &err), NRS_EINVAL);
	assert_int_equal(instrument_parse(HEAD ITEMS LEVELS, &inst, NULL), 0);

	/* A line over the limit, named by number. */
	memset(line, 'x', sizeof(line));
	memcpy(line, "[instrument]\nname = ", 20);
	line[20 + INSTRUMENT_MAX_LINE] = '\n';
	line[21 + INSTRUMENT_MAX_LINE] = '\0';
	assert_int_equal(instrument_parse(line, &inst, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Rad 2 är för lång"));
	/* Exactly at the limit is fine as far as length goes. */
	line[INSTRUMENT_MAX_LINE + 13] = '\0';
	assert_int_equal(instrument_parse(line, &inst, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Rad 2, [instrument] name: värdet är för långt"));

	/* The whole text over the limit. */
	big = malloc(INSTRUMENT_MAX_TEXT + 2);
	assert_non_null(big);
	while (len < INSTRUMENT_MAX_TEXT + 1) {
		big[len] = len % 50 == 49 ? '\n' : ';';
		len++;
	}
	big[len] = '\0';
	assert_int_equal(instrument_parse(big, &inst, &err), NRS_ETOOBIG);
	/* One byte less is parsed (and fails only for what is missing). */
	big[INSTRUMENT_MAX_TEXT] = '\0';
	assert_int_equal(instrument_parse(big, &inst, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "saknar id"));
	free(big);
}

/* 64 items, the most an instrument may have, with an any_of on the last one. */
static void test_max_items(void **state)
{
	char text[8192];
	size_t off = 0;
	struct instrument inst;
	struct nrs_error err;
	int a[INSTRUMENT_MAX_ITEMS] = {0};

	(void)state;
	off += (size_t)snprintf(text + off, sizeof(text) - off, "%s", HEAD);
	for (int i = 1; i <= INSTRUMENT_MAX_ITEMS; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off, "[item %d]\nlabel = F%d\n",
		                        i, i);
	snprintf(text + off, sizeof(text) - off,
	         "[levels]\nsum = 0-9=low, 10-=elevated\n"
	         "any_of = 64=high\n");
	nrs_error_clear(&err);
	if (instrument_parse(text, &inst, &err) != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(inst.nitems, 64);
	assert_int_equal(score(&inst, a, 64), RISK_LOW);
	a[63] = 1;
	assert_int_equal(score(&inst, a, 64), RISK_HIGH);
	a[63] = 0;
	for (int i = 0; i < 10; i++)
		a[i] = 1;
	assert_int_equal(score(&inst, a, 64), RISK_ELEVATED);
}

static void test_score_errors(void **state)
{
	struct instrument inst;
	struct nrs_error err;
	int a[2] = {0, 1};
	int sum = 77;
	enum risk_level lv = RISK_ELEVATED;

	(void)state;
	assert_int_equal(instrument_parse(HEAD ITEMS LEVELS, &inst, NULL), 0);
	nrs_error_clear(&err);
	assert_int_equal(instrument_score(&inst, a, 1, &lv, &sum, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Instrumentet har 2 frågor men 1 svar lämnades"));
	assert_string_equal(err.field, "svar");
	assert_int_equal(instrument_score(&inst, a, 3, &lv, &sum, &err), NRS_EINVAL);
	a[1] = INSTRUMENT_UNANSWERED;
	assert_int_equal(instrument_score(&inst, a, 2, &lv, &sum, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Fråga 2 (B) är inte besvarad"));
	a[1] = 2;
	assert_int_equal(instrument_score(&inst, a, 2, &lv, &sum, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "Svaret 2 på fråga 2 (B) finns inte på skalan"));
	a[1] = -7;
	assert_int_equal(instrument_score(&inst, a, 2, &lv, &sum, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "finns inte på skalan"));
	assert_int_equal(instrument_score(&inst, NULL, 2, &lv, &sum, &err), NRS_EINVAL);
	assert_int_equal(instrument_score(NULL, a, 2, &lv, &sum, &err), NRS_EINVAL);
	assert_int_equal(instrument_score(&inst, a, 2, NULL, &sum, &err), NRS_EINVAL);
	/* Outputs untouched on error. */
	assert_int_equal(lv, RISK_ELEVATED);
	assert_int_equal(sum, 77);
	/* An empty (never parsed) instrument. */
	memset(&inst, 0, sizeof(inst));
	assert_int_equal(instrument_score(&inst, a, 0, &lv, NULL, &err), NRS_EINVAL);
}

static void test_levels(void **state)
{
	enum risk_level lv = RISK_HIGH;

	(void)state;
	assert_string_equal(risk_level_label(RISK_LOW), "låg");
	assert_string_equal(risk_level_label(RISK_ELEVATED), "förhöjd");
	assert_string_equal(risk_level_label(RISK_HIGH), "hög");
	assert_string_equal(risk_level_label((enum risk_level)7), "okänd");
	assert_string_equal(risk_level_key(RISK_LOW), "low");
	assert_string_equal(risk_level_key(RISK_ELEVATED), "elevated");
	assert_string_equal(risk_level_key(RISK_HIGH), "high");
	assert_string_equal(risk_level_key((enum risk_level)7), "");
	assert_int_equal(risk_level_parse("low", &lv), 0);
	assert_int_equal(lv, RISK_LOW);
	assert_int_equal(risk_level_parse("förhöjd", &lv), 0);
	assert_int_equal(lv, RISK_ELEVATED);
	assert_int_equal(risk_level_parse("hög", &lv), 0);
	assert_int_equal(lv, RISK_HIGH);
	assert_int_equal(risk_level_parse("High", &lv), NRS_EINVAL);
	assert_int_equal(risk_level_parse("", &lv), NRS_EINVAL);
	assert_int_equal(risk_level_parse(NULL, &lv), NRS_EINVAL);
	assert_int_equal(risk_level_parse("low", NULL), NRS_EINVAL);
	/* Ordered so that "the highest level" is the largest value. */
	assert_true(RISK_LOW < RISK_ELEVATED && RISK_ELEVATED < RISK_HIGH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kortfragor),       cmocka_unit_test(test_farlighet),
	    cmocka_unit_test(test_three_step_scale), cmocka_unit_test(test_any_only),
	    cmocka_unit_test(test_parse_errors),     cmocka_unit_test(test_parse_limits),
	    cmocka_unit_test(test_max_items),        cmocka_unit_test(test_score_errors),
	    cmocka_unit_test(test_levels),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
