/* Writing the annual report (domain/report_model.h) in the four formats of R33. Every
 * writer shows exactly the published figures of the model: a protected cell is written as
 * its mark ("<3", "..", "–") in every format, never as its number. */
#ifndef NRS_REPORT_ANNUAL_H
#define NRS_REPORT_ANNUAL_H

#include "base/buf.h"
#include "base/err.h"
#include "domain/report_model.h"

/* The report as an HTML fragment for the web page (inside the site's layout, under its
 * strict CSP: no inline style or script): a heading per section, its free text as
 * paragraphs, each table as an accessible <table> (caption, th scope) followed by its SVG
 * chart when the table has one. Every string is escaped. */
int annual_html_fragment(const struct annual_report *r, struct buf *out);

/* The same as a complete, print-ready HTML document (A4, page breaks between sections,
 * tables not split, charts in black and patterns), with its stylesheet embedded, for
 * download and printing from disk. */
int annual_html_document(const struct annual_report *r, struct buf *out);

/* CSV for further work: UTF-8 with BOM, semicolons, CRLF, one line per published entry:
 * avsnitt;tabell;rad;kolumn;värde — totals as rad/kolumn "Totalt", values as
 * rpt_cell_text(plain) ("1234", "4,5", "<3", ".."). A header line first. */
int annual_csv(const struct annual_report *r, struct buf *out);

/* JSON (jansson): {"report":"annual"|"quality","year":Y,"years":[..],"threshold":T,
 * "per_municipality":bool,"sections":[{"id","title","text","tables":[{"id","title","kind",
 * "corner","rows":[..],"columns":[..],"cells":[[..]],"row_totals":[..]|null,
 * "column_totals":[..]|null,"total":..|null}]}]}. A published entry is a number (counts,
 * öre as kronor, tenths as a decimal number such as 4.5), a hidden one the string of its
 * mark ("<3", ".."), a missing one null. */
int annual_json(const struct annual_report *r, struct buf *out);

/* XLSX: one worksheet per section with its tables one under the other (title, header row,
 * rows, totals), numbers as numbers and marks as text. Written to a new file at path; a
 * half-written file is removed. */
int annual_xlsx(const struct annual_report *r, const char *path, struct nrs_error *err);

#endif
