/* Risk-assessment instruments as data (R40): an INI text names the instrument, its answer
 * scale, its items and the rules that turn answers into a summary level (låg / förhöjd /
 * hög). Administrators add instruments by adding files; no code changes.
 *
 * The file format (inih syntax: [section], key = value, ';' or '#' starts a comment line;
 * lines are at most INSTRUMENT_MAX_LINE bytes; do not indent lines, since an indented line
 * continues the previous value):
 *
 *   [instrument]
 *   id = freda-kortfragor       ; a-z, 0-9, '-', '_', '.'; stored with each assessment
 *   name = FREDA-kortfrågor     ; shown to users
 *   version = 1                 ; A-Z, a-z, 0-9, '-', '_', '.'; stored with each assessment
 *   scale = 0=Nej,1=Ja          ; VALUE=LABEL, comma-separated, 2..INSTRUMENT_MAX_SCALE steps;
 *                               ; values are whole numbers, strictly ascending, the first 0
 *   [item 1]                    ; items are numbered 1, 2, 3 … without gaps
 *   label = Hot om våld         ; a short label of our own (never the form's wording)
 *   [levels]
 *   sum = 0-2=low, 3-5=elevated, 6-=high
 *   any_of = 3,7,9=high
 *
 * Rules in [levels], at least one:
 *  - sum = RANGE=LEVEL, …  (at most once): the level from the total of all answers. A RANGE
 *    is "A-B" (A to B inclusive), "A" (just A) or "A-" (A and above). The ranges must start
 *    at 0, follow each other without gaps or overlaps, end with an open range "A-", and
 *    their levels must not decrease. Without a sum rule the base level is low.
 *  - any_of = N,N,…=LEVEL  (any number of times, at most INSTRUMENT_MAX_ANY): if any of the
 *    listed items is answered with a value above 0, the level is at least LEVEL.
 * The summary is the highest level any rule gives. LEVEL is low, elevated or high (or the
 * Swedish låg, förhöjd, hög). Unknown sections and keys are errors, so typos are caught. */
#ifndef NRS_DOMAIN_INSTRUMENT_H
#define NRS_DOMAIN_INSTRUMENT_H

#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

#define INSTRUMENT_MAX_ITEMS 64
#define INSTRUMENT_MAX_SCALE 10
#define INSTRUMENT_MAX_RANGES 16
#define INSTRUMENT_MAX_ANY 16
/* Longest scale value and longest line (inih's own line buffer is 200 bytes). */
#define INSTRUMENT_MAX_VALUE 1000
#define INSTRUMENT_MAX_LINE 190
/* Largest definition text accepted. */
#define INSTRUMENT_MAX_TEXT (64 * 1024)
/* Answer value meaning "not answered" in an answer vector. */
#define INSTRUMENT_UNANSWERED (-1)

enum risk_level {
	RISK_LOW = 0,
	RISK_ELEVATED = 1,
	RISK_HIGH = 2,
};

struct instrument_step {
	int value;
	char label[64];
};

struct instrument_item {
	char label[128];
};

struct instrument_range {
	int lo;
	int hi; /* -1: open-ended */
	enum risk_level level;
};

struct instrument_any {
	uint64_t items; /* bit N-1 set for item N */
	enum risk_level level;
};

struct instrument {
	char id[64];
	char name[128];
	char version[32];
	int nscale;
	struct instrument_step scale[INSTRUMENT_MAX_SCALE];
	int nitems;
	struct instrument_item items[INSTRUMENT_MAX_ITEMS];
	int nranges; /* 0: no sum rule */
	struct instrument_range ranges[INSTRUMENT_MAX_RANGES];
	int nany;
	struct instrument_any any[INSTRUMENT_MAX_ANY];
};

/* Parse a definition (the format above) into inst, which the caller owns (it is plain data;
 * nothing to free). Returns 0, or NRS_EINVAL with a Swedish message naming the line and key
 * ("Rad 12, [item 3] label: värdet saknas") or, for what is missing at the end, the section.
 * NRS_ETOOBIG for a text over INSTRUMENT_MAX_TEXT. On error inst is left zeroed. */
int instrument_parse(const char *text, struct instrument *inst, struct nrs_error *err);

/* Check answers (answers[i] is the answer to item i + 1; n must be inst->nitems; every
 * answer a value on the scale, INSTRUMENT_UNANSWERED is refused) and derive the summary
 * level. sum may be NULL; else it gets the total of the answers. Returns 0 or NRS_EINVAL
 * with a Swedish message naming the item. */
int instrument_score(const struct instrument *inst, const int *answers, size_t n,
                     enum risk_level *level, int *sum, struct nrs_error *err);

/* Swedish label of a level: "låg", "förhöjd", "hög" (static string; "okänd" otherwise). */
const char *risk_level_label(enum risk_level level);
/* Stable key for storage: "low", "elevated", "high" (static string; "" otherwise). */
const char *risk_level_key(enum risk_level level);
/* Parse a key (English or Swedish, as in the file format). Returns 0 or NRS_EINVAL. */
int risk_level_parse(const char *s, enum risk_level *out);

#endif
