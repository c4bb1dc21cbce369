/* libFuzzer target for risk-instrument definitions (instrument_parse). Beyond "no crash", an
 * accepted definition must be internally consistent, score every valid answer vector to a
 * level in range, and never score lower when answers go up (the rule language promises
 * that: sum ranges never decrease and any_of only raises). */
#include "domain/instrument.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

static enum risk_level check_score(const struct instrument *inst, const int *answers)
{
	enum risk_level lv = (enum risk_level) - 1;
	struct nrs_error err;
	int sum = -1, want = 0;

	nrs_error_clear(&err);
	CHECK(instrument_score(inst, answers, (size_t)inst->nitems, &lv, &sum, &err) == 0);
	CHECK(lv >= RISK_LOW && lv <= RISK_HIGH);
	for (int i = 0; i < inst->nitems; i++)
		want += answers[i];
	CHECK(sum == want);
	return lv;
}

static void check_instrument(const struct instrument *inst, const uint8_t *data, size_t size)
{
	int lo[INSTRUMENT_MAX_ITEMS], mid[INSTRUMENT_MAX_ITEMS], hi[INSTRUMENT_MAX_ITEMS];
	enum risk_level l_lo, l_mid, l_hi;
	int top;

	CHECK(inst->nitems >= 1 && inst->nitems <= INSTRUMENT_MAX_ITEMS);
	CHECK(inst->nscale >= 2 && inst->nscale <= INSTRUMENT_MAX_SCALE);
	CHECK(inst->scale[0].value == 0);
	CHECK(inst->nranges > 0 || inst->nany > 0);
	CHECK(inst->id[0] != '\0' && inst->name[0] != '\0' && inst->version[0] != '\0');
	for (int i = 1; i < inst->nscale; i++)
		CHECK(inst->scale[i].value > inst->scale[i - 1].value);
	for (int i = 0; i < inst->nitems; i++)
		CHECK(inst->items[i].label[0] != '\0');
	if (inst->nranges > 0) {
		CHECK(inst->ranges[0].lo == 0);
		CHECK(inst->ranges[inst->nranges - 1].hi == -1);
	}

	/* Lowest, highest, and a vector chosen by the input, which lies between them. */
	top = inst->scale[inst->nscale - 1].value;
	for (int i = 0; i < inst->nitems; i++) {
		lo[i] = 0;
		hi[i] = top;
		mid[i] = inst->scale[(size ? data[(size_t)i % size] : 0) % inst->nscale].value;
	}
	l_lo = check_score(inst, lo);
	l_mid = check_score(inst, mid);
	l_hi = check_score(inst, hi);
	CHECK(l_lo <= l_mid && l_mid <= l_hi);

	/* An unanswered item and an off-scale answer are always refused. */
	mid[inst->nitems - 1] = INSTRUMENT_UNANSWERED;
	CHECK(instrument_score(inst, mid, (size_t)inst->nitems, &l_mid, NULL, NULL) == NRS_EINVAL);
	mid[inst->nitems - 1] = top + 1;
	CHECK(instrument_score(inst, mid, (size_t)inst->nitems, &l_mid, NULL, NULL) == NRS_EINVAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct instrument *inst = malloc(sizeof(*inst));
	struct nrs_error err;
	char *s = malloc(size + 1);

	if (s == NULL || inst == NULL)
		goto out;
	memcpy(s, data, size);
	s[size] = '\0';
	nrs_error_clear(&err);
	if (instrument_parse(s, inst, &err) != 0) {
		CHECK(err.code == NRS_EINVAL || err.code == NRS_ETOOBIG);
		CHECK(err.msg[0] != '\0');
		goto out;
	}
	check_instrument(inst, data, size);
out:
	free(s);
	free(inst);
	return 0;
}
