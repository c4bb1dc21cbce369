/* A small, dependency-free chart writer for the reports: grouped vertical bars (the
 * three-year comparison) and lines (queue time by month), written as accessible inline SVG.
 *
 * The output is meant to be pasted into an HTML page under a strict CSP, so it contains no
 * script and no style attributes: every colour, font and stroke is an SVG presentation
 * attribute. The drawing has a viewBox and no width/height, so it scales to its container;
 * text is black and every series is told apart by a pattern or a dash/marker shape as well
 * as by colour, so a grayscale print stays readable.
 *
 * All arithmetic is integer (coordinates in tenths of a pixel), so the same input always
 * produces byte-identical output. Every caller-supplied string is XML-escaped. */
#ifndef NRS_REPORT_SVG_H
#define NRS_REPORT_SVG_H

#include "base/buf.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SVG_MAX_SERIES 6       /* size of the palette */
#define SVG_MAX_CATEGORIES 40  /* bar groups, or x positions of a line chart */
#define SVG_VALUE_MAX INT64_C(1000000000000000) /* 10^15; larger values are rejected */
#define SVG_SUPPRESSED_LABEL "<3"

/* One series of a bar chart (e.g. one year): a value per category. */
struct svg_bar_series {
	const char *name;        /* legend text, e.g. "2024" */
	const int64_t *values;   /* n_categories values, each 0..SVG_VALUE_MAX */
	const bool *suppressed;  /* n_categories flags, or NULL for none: no bar, only a label */
};

struct svg_bar_chart {
	const char *id;          /* unique within the page, [A-Za-z][A-Za-z0-9_-]*; the writer
	                          * uses "<id>-title", "<id>-desc" and "<id>-p<n>" */
	const char *title;       /* required; the accessible name */
	const char *desc;        /* accessible description; NULL: a summary of the data */
	const char *unit;        /* caption above the value axis ("Antal"), or NULL */
	bool show_title;         /* also draw the title as visible text at the top */
	size_t n_categories;     /* 1..SVG_MAX_CATEGORIES */
	const char *const *categories;
	size_t n_series;         /* 1..SVG_MAX_SERIES */
	const struct svg_bar_series *series;
	const char *suppressed_label; /* NULL: SVG_SUPPRESSED_LABEL */
	int width, height;       /* viewBox size; 0 gives 720 x 400; otherwise 200..4000 */
};

/* One series of a line chart. Values are tenths (4,5 days is 45) so that one decimal can be
 * shown without floating point. */
struct svg_line_series {
	const char *name;
	const int64_t *tenths;   /* n_points values, each 0..SVG_VALUE_MAX */
	const bool *missing;     /* n_points flags, or NULL: a missing point leaves a gap */
};

struct svg_line_chart {
	const char *id;          /* as for the bar chart */
	const char *title;
	const char *desc;        /* NULL: a summary of the data */
	const char *unit;
	bool show_title;
	size_t n_points;         /* 1..SVG_MAX_CATEGORIES */
	const char *const *x_labels; /* e.g. "jan" .. "dec" */
	size_t n_series;         /* 1..SVG_MAX_SERIES */
	const struct svg_line_series *series;
	int decimals;            /* 0: labels and ticks in whole units (rounded half away from
	                          * zero); 1: one decimal where needed ("4,5") */
	bool markers;            /* a marker at every point (isolated points always get one) */
	bool labels;             /* the value beside every marker */
	int width, height;       /* 0 gives 720 x 360; otherwise 200..4000 */
};

/* A value axis from 0 to top in steps of step (1, 2 or 5 × 10^n times min_step). */
struct svg_axis {
	int64_t step;
	int64_t top;   /* smallest multiple of step >= max; 0 when max is 0 */
	int n_ticks;   /* top / step + 1; 1 when max is 0 */
};

/* Nice round ticks for values 0..max (max 0..SVG_VALUE_MAX, min_step >= 1): the smallest
 * step of the form min_step × {1, 2, 5} × 10^n that needs at most five intervals.
 * 7 gives 0,2,4,6,8; 1234 gives 0,500,1000,1500; 0 gives the single tick 0.
 * Returns 0, or NRS_EINVAL for arguments out of range. */
int svg_nice_axis(int64_t max, int64_t min_step, struct svg_axis *out);

/* Write v (>= 0 or negative) in Swedish style with U+00A0 between groups of three:
 * 1234567 gives "1 234 567". out must hold at least 32 bytes; returns the length. */
size_t svg_format_int(int64_t v, char *out, size_t outsz);

/* Write tenths with a decimal comma: 45 gives "4,5", 12340 gives "1 234,0"; with
 * decimals 0 the value is rounded half away from zero to whole units ("5"). */
size_t svg_format_tenths(int64_t tenths, int decimals, char *out, size_t outsz);

/* Append s with & < > " ' escaped, and C0 control characters other than tab, LF and CR
 * (which XML cannot carry) replaced by U+FFFD. NULL appends nothing. Returns 0 or the
 * buffer's error. */
int xml_escape_append(struct buf *out, const char *s);

/* Append the chart to out as one <svg> element. On any failure out is left as it was.
 * Returns 0, NRS_EINVAL for an invalid description (missing title, bad id, counts or
 * values out of range), or the buffer's error (NRS_ETOOBIG, NRS_ENOMEM). */
int svg_bar_chart(struct buf *out, const struct svg_bar_chart *c);
int svg_line_chart(struct buf *out, const struct svg_line_chart *c);

#endif
