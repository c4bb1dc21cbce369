/* Storage of the economy (R24–R30): budget years and their cost lines, the population the
 * cost key uses, extra charges, and invoices with their lines and per-year numbering.
 * Validation, arithmetic and auditing belong to security/economysvc.c, the one caller. */
#ifndef NRS_STORE_ECONOMY_H
#define NRS_STORE_ECONOMY_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

/* Row callbacks get borrowed rows valid during the call; a non-zero return stops the walk
 * and is passed back to the caller. */

/* ---- budget years ---- */

struct budget_year_row {
	int year;
	int overhead_bp;
	int uprate_bp;
	char population_date[11]; /* "" for the default date */
	int64_t coordinator_ore;
	int64_t quality_review_ore;
	int has_outcome;
	int64_t outcome_ore;
	char invoice_date[11]; /* "" for the default date */
};

/* The settings of year: 0, NRS_ENOTFOUND or a store error. */
int store_budget_year_get(struct store *st, int year, struct budget_year_row *out);
/* Insert or replace the settings of in->year. */
int store_budget_year_put(struct store *st, const struct budget_year_row *in,
                          const char *updated_at, int64_t updated_by, struct nrs_error *err);

struct budget_line_row {
	int position;
	const char *label;
	int64_t amount_ore;
};
typedef int (*budget_line_cb)(const struct budget_line_row *row, void *ctx);
/* Replace the cost lines of year (which must exist) by lines[0..n). */
int store_budget_lines_replace(struct store *st, int year, const struct budget_line_row *lines,
                               size_t n, struct nrs_error *err);
/* The lines of year in position order. */
int store_budget_lines_list(struct store *st, int year, budget_line_cb cb, void *ctx);
/* Years with settings, ascending. */
typedef int (*budget_year_cb)(int year, void *ctx);
int store_budget_years(struct store *st, budget_year_cb cb, void *ctx);

/* ---- the cost key's population ---- */

struct key_member_row {
	const char *code;
	const char *name;             /* municipality name */
	const char *org_name;         /* the municipality's organisation, NULL if none */
	const char *org_number;       /* NULL if unknown */
	int64_t population;           /* at the date, -1 if none recorded */
};
typedef int (*key_member_cb)(const struct key_member_row *row, void *ctx);
/* The region's member municipalities in code order, with their population at ref_date. */
int store_key_members(struct store *st, const char *ref_date, key_member_cb cb, void *ctx);
/* The invoice recipient for a municipality: its organisation's name and number (org_number
 * "" if unknown), or the municipality's own name when it has no organisation. NRS_ENOTFOUND
 * for an unknown code. */
int store_municipality_recipient(struct store *st, const char *code, char *name, size_t namesz,
                                 char *org_number, size_t orgsz);

/* ---- charges ---- */

struct charge_input {
	const char *kind;
	const char *municipality;
	int64_t amount_ore;
	const char *description;
	const char *source_ref; /* NULL if none */
	const char *created_at;
	int64_t created_by; /* 0 for the system */
};
int store_charge_add(struct store *st, const struct charge_input *in, int64_t *id,
                     struct nrs_error *err);

struct charge_row {
	int64_t id;
	const char *kind;
	const char *municipality;
	const char *municipality_name;
	int64_t amount_ore;
	const char *description;
	const char *source_ref; /* NULL if none */
	int64_t invoice_id;     /* 0 while open */
	const char *invoice_number; /* NULL while open */
	const char *created_at;
};
typedef int (*charge_cb)(const struct charge_row *row, void *ctx);
/* Charges newest first; only_open: those not yet invoiced (then ordered by municipality, id). */
int store_charge_list(struct store *st, int only_open, charge_cb cb, void *ctx);
/* Mark charge id as invoiced by invoice_id (only while it is open: else NRS_ECONFLICT). */
int store_charge_set_invoice(struct store *st, int64_t id, int64_t invoice_id,
                             struct nrs_error *err);
/* How many charges have source_ref. */
int store_charge_count_ref(struct store *st, const char *source_ref, int64_t *n);

/* ---- invoices ---- */

/* The next number of year (1, 2, …), counted in the caller's transaction. */
int store_invoice_next_seq(struct store *st, int year, int64_t *seq, struct nrs_error *err);

struct invoice_input {
	const char *number;
	int year;
	const char *kind; /* annual, extra */
	const char *municipality;
	const char *recipient_name;
	const char *recipient_org_number; /* NULL if unknown */
	const char *invoice_date;
	const char *due_date;
	int64_t total_ore;
	const char *created_at;
	int64_t created_by;
};
/* NRS_EEXIST when the year's annual invoice of the municipality exists. */
int store_invoice_add(struct store *st, const struct invoice_input *in, int64_t *id,
                      struct nrs_error *err);
int store_invoice_line_add(struct store *st, int64_t invoice_id, int position,
                           const char *description, int64_t amount_ore, struct nrs_error *err);
/* The number of annual invoices of year. */
int store_invoice_annual_count(struct store *st, int year, int64_t *n);

struct invoice_row {
	int64_t id;
	const char *number;
	int year;
	const char *kind;
	const char *municipality;
	const char *recipient_name;
	const char *recipient_org_number; /* NULL if unknown */
	const char *invoice_date;
	const char *due_date;
	int64_t total_ore;
	const char *created_at;
};
typedef int (*invoice_cb)(const struct invoice_row *row, void *ctx);
/* Invoices of year (0: all years) by number. */
int store_invoice_list(struct store *st, int year, invoice_cb cb, void *ctx);
/* One invoice: NRS_ENOTFOUND if there is none. */
int store_invoice_get(struct store *st, int64_t id, invoice_cb cb, void *ctx);

struct invoice_line_row {
	int64_t invoice_id;
	int position;
	const char *description;
	int64_t amount_ore;
};
typedef int (*invoice_line_cb)(const struct invoice_line_row *row, void *ctx);
int store_invoice_lines(struct store *st, int64_t invoice_id, invoice_line_cb cb, void *ctx);

#endif
