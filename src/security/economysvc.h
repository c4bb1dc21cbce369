/* The economy service (R24–R30): the centre's yearly budget, the cost distribution key by
 * population, the year-end outcome, quality review and coordinator costs, extra charges
 * (wear after a stay, quality review, coordinator) and the invoices to the municipalities.
 * It validates input (Swedish messages naming the field), audits every write in the same
 * transaction, and never stores personal data: charges carry a neutral description and a
 * source reference ("stay:17"), not a name.
 *
 * Who may do what is the caller's question to security/policy (REC_ECONOMY) before it calls
 * in here. */
#ifndef NRS_SECURITY_ECONOMYSVC_H
#define NRS_SECURITY_ECONOMYSVC_H

#include "base/buf.h"
#include "base/err.h"
#include "domain/money.h"
#include "security/clientsvc.h"
#include "security/crypto.h"
#include "store/db.h"
#include "store/economy.h"

#include <stddef.h>
#include <stdint.h>

/* ---- charges (R16 wear, R29 quality review, R30 coordinator) ---- */

/* Record an extra charge to be invoiced to municipality (four digits, existing) and audit
 * it ("create", record kind "charge"), inside the caller's transaction when one is open
 * (store transactions nest). kind: "wear" | "quality_review" | "coordinator" | "other".
 * amount_ore > 0 and whole öre; description 1..200 characters, no personal data (it is
 * printed on the invoice); source_ref NULL or up to 64 characters naming where it came from
 * ("stay:17"). keys is needed for the audit chain. *id (may be NULL) receives the charge's
 * id. Returns 0 or NRS_EINVAL naming the field, or a store/audit error. */
int economysvc_charge_add(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor, const char *kind,
                          const char *municipality, int64_t amount_ore, const char *description,
                          const char *source_ref, int64_t *id, struct nrs_error *err);

/* ---- parsing what users type ---- */

/* A budget year "YYYY" (2000..2999). 0 or NRS_EINVAL naming field. */
int economysvc_parse_year(const char *s, const char *field, int *year, struct nrs_error *err);
/* An amount in kronor as money_parse takes it, not negative. 0 or NRS_EINVAL naming field
 * with label in the message. */
int economysvc_parse_kr(const char *s, const char *field, const char *label, int64_t *ore,
                        struct nrs_error *err);
/* A percentage "9", "9,5", "9.25 %" in 0..100 with at most two decimals, as basis points
 * (900). allow_negative admits -100..100 (uprating). 0 or NRS_EINVAL naming field. */
int economysvc_parse_percent(const char *s, const char *field, const char *label,
                             int allow_negative, int *bp, struct nrs_error *err);

/* "9", "2,5" or "2,25" (no % sign) from basis points: a percentage as a person writes it. */
void economysvc_format_percent(int bp, char *out, size_t n);

/* ---- the budget (R24, R25, R28, R29, R30) ---- */

#define ECONOMY_LINES_MAX 30
#define ECONOMY_LABEL_MAX_CHARS 200
#define ECONOMY_MEMBERS_MAX 64
#define ECONOMY_AMOUNT_MAX ((int64_t)1000000000 * 100) /* one thousand million kronor */

struct economy_line_input {
	const char *label; /* 1..200 characters, no control characters */
	int64_t amount_ore; /* 0..ECONOMY_AMOUNT_MAX */
};

struct economy_budget_input {
	int year;
	const struct economy_line_input *lines; /* none: the year is uprated from the previous */
	size_t nlines;
	int overhead_bp; /* 0..10 000 */
	int uprate_bp;   /* -10 000..10 000 */
	const char *population_date; /* NULL or "": 1 November two years before */
	int64_t coordinator_ore;     /* R30; 0 if none */
	int64_t quality_review_ore;  /* R29; 0 if none */
	int has_outcome;             /* R28: the actual outcome is known */
	int64_t outcome_ore;
	const char *invoice_date;    /* NULL or "": YEAR-01-15; must lie in the year */
};

/* Store the year's budget (settings and lines, replacing the old ones) and audit "update"
 * of record kind "budget" with the year as id, in one transaction. NRS_EINVAL naming the
 * field ("year", "overhead", "uprate", "population_date", "coordinator", "quality_review",
 * "outcome", "invoice_date", "label_N", "amount_N" with N from 1): nothing is stored. */
int economysvc_budget_set(struct store *st, const struct crypto_keys *keys,
                          const struct clientsvc_actor *actor,
                          const struct economy_budget_input *in, struct nrs_error *err);

struct economy_line {
	char label[ECONOMY_LABEL_MAX_CHARS * 4 + 1];
	int64_t amount_ore;
};

/* A year's budget as shown: its own lines, or the previous year's total uprated. */
struct economy_budget {
	int year;
	int stored;       /* the year has settings of its own */
	int uprated_from; /* 0, or the year whose total was uprated (no lines this year) */
	int overhead_bp, uprate_bp;
	size_t nlines;
	struct economy_line lines[ECONOMY_LINES_MAX];
	int64_t subtotal_ore, overhead_ore, total_ore; /* total in whole kronor */
	char population_date[11]; /* the date in effect */
	int population_date_default;
	char invoice_date[11];    /* the date in effect */
	int64_t coordinator_ore, quality_review_ore;
	int quality_review_year;  /* budget_is_quality_review_year */
	int needs_socsam;         /* quality review above the steering group's 150 000 kr */
	int has_outcome;
	int64_t outcome_ore;
	int64_t result_ore;       /* budget - outcome: negative a deficit */
	int64_t deficit_ore;      /* to distribute, whole kronor */
	int64_t carried_over_ore; /* a surplus, carried over */
};

/* Fill out for year. NRS_ENOTFOUND (with a message) when neither the year nor any of the
 * 30 years before has cost lines. */
int economysvc_budget_get(struct store *st, int year, struct economy_budget *out,
                          struct nrs_error *err);

/* ---- the cost key (R26) ---- */

struct economy_share {
	char code[5];
	char name[101];          /* the municipality */
	char recipient[201];     /* its organisation, or the municipality's name */
	char org_number[12];     /* "" if unknown */
	int64_t population;
	int32_t share;           /* thousandths of a percent */
	int64_t amount_ore;      /* whole kronor */
	int amount_adjust;       /* +1/-1 krona of largest-remainder correction */
};

struct economy_distribution {
	int year;
	char population_date[11];
	int64_t total_ore;
	int64_t population_sum;
	size_t n;
	struct economy_share rows[ECONOMY_MEMBERS_MAX];
};

/* Split total_ore (whole kronor, >= 0) between the region's members by their population at
 * the year's reference date. NRS_EINVAL naming "population_date" when a member has no
 * population at that date (the message names it), or when there are no members. */
int economysvc_distribute(struct store *st, int year, int64_t total_ore,
                          struct economy_distribution *out, struct nrs_error *err);

/* ---- invoices (R27) and distributed charges ---- */

/* The January invoices of year: one per member municipality with its share of the fixed
 * cost, plus its share of the coordinator cost when entered; numbered YEAR-NNNN, dated the
 * year's invoice date, due 30 days later. Members that already have one are skipped; when
 * all have, NRS_EEXIST ("redan skapade") and nothing changes. *created (may be NULL) gets
 * the number made. One transaction, an audit row per invoice. */
int economysvc_invoice_generate(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, int year, int *created,
                                struct nrs_error *err);
/* Extra invoices of year: every open charge, bundled per municipality, dated today.
 * NRS_ENOTFOUND when there is no open charge. */
int economysvc_invoice_generate_extra(struct store *st, const struct crypto_keys *keys,
                                      const struct clientsvc_actor *actor, int year,
                                      int *created, struct nrs_error *err);
/* Split the year's quality review (what = "quality_review", R29) or deficit (what =
 * "deficit", R28) by the key into one charge per municipality. Once per year and what:
 * NRS_EEXIST the second time. NRS_EINVAL when there is nothing to split. */
int economysvc_distribute_charges(struct store *st, const struct crypto_keys *keys,
                                  const struct clientsvc_actor *actor, int year,
                                  const char *what, int *created, struct nrs_error *err);

/* Swedish label of a charge kind ("Slitage och städning", …); "Övrigt" for unknown. */
const char *economysvc_charge_label(const char *kind);

/* ---- exports ---- */

/* The invoices of year (0: all), one row per invoice line, as CSV: UTF-8 with BOM,
 * semicolons, CRLF, RFC 4180 quoting, amounts in kronor with a decimal comma and no
 * thousands separator ("183907,00"). Appended to out. */
int economysvc_export_csv(struct store *st, int year, struct buf *out, struct nrs_error *err);
/* The same table as an XLSX file written to path (amounts as numbers in kronor). */
int economysvc_export_xlsx(struct store *st, int year, const char *path, struct nrs_error *err);

/* ---- the agreement's own budget ---- */

/* Store the 2025 budget of the cooperation agreement (SPEC R24: six cost lines, 9 %
 * overhead, total 4 744 767 kr) as actor, for `norrsken demo` and the tests. */
int economysvc_load_budget_2025(struct store *st, const struct crypto_keys *keys,
                                const struct clientsvc_actor *actor, struct nrs_error *err);

#endif
