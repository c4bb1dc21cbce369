/* The annual activity report (R31–R33) as data: titled sections of tables of figures, with
 * the small-number protection already applied. Built by security/reportsvc.c from the
 * store's aggregates, written out by report/annual*.c (HTML with charts, CSV, JSON, XLSX),
 * so every format shows exactly the same published figures. Pure data: no I/O.
 *
 * A table is held like a suppress_table: v[i][j] for i < rows, j < cols are the cells,
 * v[i][cols] the row totals, v[rows][j] the column totals, v[rows][cols] the grand total.
 * Which totals are published is the table's choice: the row totals with row_totals, the
 * column totals with col_totals, the grand total only with both (it sits where the two
 * totals lines meet; report/annual_entry.c prints exactly these). The protection knows
 * this: an entry no place publishes is unknown to the reader (any non-negative integer
 * that lets its lines add up), is never hidden to protect another, is never protected for
 * its own sake, and keeps the primary mark only (RPT_SMALL when small, else RPT_SHOWN, as
 * in a table publishing no totals), which writers never show. So a breakdown by year is
 * not held back by a category's three-year sum that it never prints. An entry shown in
 * two places (link, row_link) counts as published if either place publishes it.
 *
 * What each cell shows is decided once, here (rpt_protect), in mark[][]:
 *  RPT_SHOWN   the number;
 *  RPT_SMALL   a count below the threshold: "<3";
 *  RPT_HIDDEN  hidden so that a small count cannot be worked out (at least the threshold),
 *              withheld with part of its table (anything from 0; withheld[][] set), or a
 *              figure derived from fewer than threshold persons (a mean of two): "..";
 *  RPT_MISSING there is nothing to show (no apartments, no FTE entered): "–". */
#ifndef NRS_DOMAIN_REPORT_MODEL_H
#define NRS_DOMAIN_REPORT_MODEL_H

#include "base/err.h"
#include "domain/suppress.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RPT_MAX_ROWS SUPPRESS_MAX_DIM
#define RPT_MAX_COLS SUPPRESS_MAX_DIM
#define RPT_ID_MAX 48     /* machine names: [a-z0-9_.]+ */
#define RPT_LABEL_MAX 160 /* row, column and table titles (UTF-8 bytes incl. NUL) */
#define RPT_NOTE_MAX 600
#define RPT_MAX_SECTIONS 16
#define RPT_MAX_YEARS 3
#define RPT_TEXT_MAX 20000 /* a free-text section, bytes */

enum rpt_kind {
	RPT_COUNT,      /* persons or events: protected, totals add up */
	RPT_PLAIN,      /* counts about no person (trainings, participants): not protected */
	RPT_TENTHS,     /* a mean or median in tenths ("4,5") */
	RPT_PERMILLE,   /* a share in tenths of a percent ("57,3 %") */
	RPT_ORE,        /* money in öre, shown in whole kronor */
	RPT_HUNDREDTHS, /* full-time equivalents in hundredths ("6,50") */
};

enum rpt_mark {
	RPT_SHOWN = 0,
	RPT_SMALL,
	RPT_HIDDEN,
	RPT_MISSING,
};

enum rpt_chart {
	RPT_CHART_NONE = 0,
	RPT_CHART_BARS, /* grouped bars: a group per row, a bar per column (the years) */
	RPT_CHART_LINE, /* lines: a line per row (the years), a point per column (months) */
};

struct rpt_table {
	char id[RPT_ID_MAX]; /* unique in the report, e.g. "started_victim.gender" */
	char title[RPT_LABEL_MAX];
	char note[RPT_NOTE_MAX];    /* "" or a sentence under the table */
	char corner[RPT_LABEL_MAX]; /* heading of the row-label column, e.g. "Kön" */
	enum rpt_kind kind;
	enum rpt_chart chart;
	/* tables with the same non-empty link share their column totals (one statistic broken
	 * down by gender, by age class and by municipality): a total hidden in one is hidden
	 * in all of them, so one cannot be read off another */
	char link[RPT_ID_MAX];
	/* row i of this table holds, cell by cell and in its row total, the column totals
	 * and grand total of the tables linked as row_link[i] ("" for none): the same figures
	 * shown in two places, so an entry hidden in one is hidden in the other (types.started
	 * row "victim_support" and the year totals of started.victim_support.*) */
	char row_link[RPT_MAX_ROWS][RPT_ID_MAX];
	bool row_totals, col_totals; /* published totals (RPT_COUNT and RPT_PLAIN only) */
	size_t rows, cols;
	char row_label[RPT_MAX_ROWS][RPT_LABEL_MAX];
	char col_label[RPT_MAX_COLS][RPT_LABEL_MAX];
	int64_t v[RPT_MAX_ROWS + 1][RPT_MAX_COLS + 1];
	unsigned char mark[RPT_MAX_ROWS + 1][RPT_MAX_COLS + 1]; /* enum rpt_mark */
	/* 1 where a RPT_HIDDEN count was withheld with part of its table (domain/suppress
	 * step 5, or rpt_protect's joint audit for a figure shared between tables): ".." then
	 * says nothing at all of it, not even that it is at least the threshold */
	unsigned char withheld[RPT_MAX_ROWS + 1][RPT_MAX_COLS + 1];
};

struct rpt_section {
	char id[RPT_ID_MAX]; /* e.g. "individual" */
	char title[RPT_LABEL_MAX];
	char *text;      /* free text (goals, events), heap, or NULL */
	size_t first, n; /* tables[first .. first + n) */
};

struct annual_report {
	int year;                  /* Y */
	int n_years;               /* 3 (annual) or 2 (quality review) */
	int years[RPT_MAX_YEARS];  /* ascending, years[n_years - 1] == year */
	bool quality;              /* the quality review compilation */
	bool per_municipality;     /* the centre manager's view, one row per member municipality */
	int64_t threshold;         /* T of the small-number protection */
	char title[RPT_LABEL_MAX]; /* "Verksamhetsberättelse 2026" */
	char organisation[RPT_LABEL_MAX]; /* the centre, e.g. "Centrum mot våld Jämtlands län" */
	char host_name[RPT_LABEL_MAX];    /* the host municipality, "Östersund" */
	char generated[32];               /* "2026-11-24 23:59" local time */
	size_t n_sections;
	struct rpt_section sections[RPT_MAX_SECTIONS];
	size_t n_tables, cap_tables;
	struct rpt_table *tables; /* heap */
};

/* An empty report (all zero, no tables). */
void rpt_init(struct annual_report *r);
/* Free the tables and texts; r is empty afterwards. */
void rpt_free(struct annual_report *r);

/* Start a new section; the tables added next belong to it. NRS_EINVAL when full. */
int rpt_section(struct annual_report *r, const char *id, const char *title, struct nrs_error *err);
/* Give the current section a free text (copied). */
int rpt_section_text(struct annual_report *r, const char *text, struct nrs_error *err);

/* Append a table of rows x cols (1..RPT_MAX_ROWS/COLS) to the current section, all cells
 * 0 and shown, totals published for RPT_COUNT and RPT_PLAIN (col_totals) and not for the
 * others. Returns the table (valid until the next rpt_add_table) or NULL with err set. */
struct rpt_table *rpt_add_table(struct annual_report *r, const char *id, const char *title,
                                enum rpt_kind kind, size_t rows, size_t cols,
                                struct nrs_error *err);

/* Fill in the totals of every RPT_COUNT and RPT_PLAIN table, then protect every RPT_COUNT
 * table with threshold r->threshold (domain/suppress): a table publishing totals on the full
 * grid with its unpublished entries unknown (above), with the entries it shares with other
 * tables (link, row_link) hidden alike in all of them, to a fixpoint, and more hidden until
 * the tables taken together (a reader may combine them) let no hidden figure be worked
 * out; a table publishing no totals gets the primary marks only (nothing to work a hidden
 * cell out from).
 * Where a table's marks alone give a figure away (a year of two persons: "<3 <3 0 | <3"),
 * suppress withholds the smallest part of that table that makes it safe — typically that
 * year's column, zeros and total included — and protects the rest as usual (suppress.h,
 * step 5); withheld entries are RPT_HIDDEN with withheld set and say nothing (any value
 * from 0, in the joint audit too). Only entries actually hidden are shared across links:
 * the tiny year's total, withheld in one table, is hidden in all; the other years' totals,
 * shown there, are not.
 * The joint audit works the same way: where it finds a hidden figure that the marks of
 * the tables taken together give away, so that hiding more shown figures cannot help
 * (typically a tiny year of a statistic), it withholds the smallest part around it, not
 * the tables: that year's column in its table and in every
 * table of the statistic (they share their year columns), and the figure alone where it
 * is a row of another table (types.started keeps the other types of that year), each
 * entry withheld wherever it is shown; still exposed, its row, then all of its table;
 * and only when all of that is withheld already, every table in reach whole. Each table
 * is then protected again from what is withheld (suppress_apply_withheld), so the other
 * years stay shown. Marks already set to RPT_HIDDEN or RPT_MISSING on
 * other kinds are kept. NRS_EINVAL when the threshold is invalid, a count is negative, or
 * shared figures differ (a builder's error: the same figure must have one value). Call
 * once, after all figures are in. */
int rpt_protect(struct annual_report *r, struct nrs_error *err);

/* The published text of entry (i, j) (cells, totals at index rows/cols): digits with a
 * no-break space between thousands ("1 234"), "4,5", "57,3 %", "6,50", kronor as "12 345",
 * or the mark ("<3", "..", "–"). out must hold RPT_CELL_MAX bytes. plain != 0 gives no
 * grouping space and no unit, for CSV and JSON ("1234", "4,5", "57,3"). */
#define RPT_CELL_MAX 48
void rpt_cell_text(const struct annual_report *r, const struct rpt_table *t, size_t i, size_t j,
                   int plain, char *out, size_t outsz);

/* The table with this id, or NULL. */
const struct rpt_table *rpt_find(const struct annual_report *r, const char *id);

#endif
