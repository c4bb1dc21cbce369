/* The chart writer (see svg.h): grouped bars and lines as accessible inline SVG.
 *
 * Layout is computed in tenths of a pixel with integer arithmetic and written as decimal
 * text ("123.4"), so output is deterministic. Text widths cannot be measured here, so they
 * are estimated from the number of code points at a generous average glyph width; labels
 * that would not fit are wrapped (category labels) or turned upright (bar values).
 *
 * Telling series apart without colour: bar series get a solid fill, hatching, cross-hatching,
 * stripes or dots; line series get a dash pattern and a marker shape. The palette is dark
 * enough for 4.5:1 against white, and all text is black. */
#include "report/svg.h"
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* __int128 is a GCC/Clang extension; __extension__ keeps -Wpedantic quiet about it. */
__extension__ typedef __int128 i128;

#define NBSP "\xc2\xa0"
#define PX(n) ((int64_t)(n) * 10) /* whole pixels to tenths */

/* Font sizes in px. */
#define FS_TITLE 15
#define FS_TEXT 12
#define FS_VALUE 11

#define MAX_LINES 3 /* lines of a wrapped category label */

/* Colour, and for bars how the colour fills: each entry at least 4.5:1 against white. */
static const char *const palette[SVG_MAX_SERIES] = {
	"#1b4f8a", /* dark blue */
	"#b85300", /* dark orange */
	"#2f7d32", /* green */
	"#7b2d8e", /* purple */
	"#a3123a", /* crimson */
	"#3f4d55", /* slate */
};

/* Line series: dash pattern ("" is solid). */
static const char *const dashes[SVG_MAX_SERIES] = {
	"", "8 4", "2 3", "10 3 2 3", "4 4", "1 4",
};

/* A writer with a sticky error, so the drawing code can write freely and check once. */
struct w {
	struct buf *b;
	int err;
};

static void put(struct w *w, const char *s)
{
	if (w->err == 0)
		w->err = buf_puts(w->b, s);
}

static void putf(struct w *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void putf(struct w *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err != 0)
		return;
	va_start(ap, fmt);
	w->err = buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

/* Escape n bytes of s into b (see xml_escape_append). */
static int escape_n(struct buf *b, const char *s, size_t n)
{
	size_t start = 0, i;
	const char *rep;
	int rc;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&':
			rep = "&amp;";
			break;
		case '<':
			rep = "&lt;";
			break;
		case '>':
			rep = "&gt;";
			break;
		case '"':
			rep = "&quot;";
			break;
		case '\'':
			rep = "&#39;";
			break;
		default:
			if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
				continue;
			rep = "\xef\xbf\xbd"; /* U+FFFD: XML 1.0 cannot carry C0 controls */
			break;
		}
		rc = buf_append(b, s + start, i - start);
		if (rc == 0)
			rc = buf_puts(b, rep);
		if (rc != 0)
			return rc;
		start = i + 1;
	}
	return buf_append(b, s + start, n - start);
}

int xml_escape_append(struct buf *out, const char *s)
{
	if (s == NULL)
		return 0;
	return escape_n(out, s, strlen(s));
}

static void text(struct w *w, const char *s)
{
	if (w->err == 0 && s != NULL)
		w->err = escape_n(w->b, s, strlen(s));
}

static void textn(struct w *w, const char *s, size_t n)
{
	if (w->err == 0)
		w->err = escape_n(w->b, s, n);
}

/* A coordinate given in tenths: "12", "12.5", "-3.2". */
static void coord(struct w *w, int64_t t)
{
	uint64_t m = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;

	if (m % 10 == 0)
		putf(w, "%s%llu", t < 0 ? "-" : "", (unsigned long long)(m / 10));
	else
		putf(w, "%s%llu.%u", t < 0 ? "-" : "", (unsigned long long)(m / 10),
		     (unsigned)(m % 10));
}

/* ---- numbers ---------------------------------------------------------------------- */

/* Digits of m with U+00A0 between groups of three, into out (at least 32 bytes). */
static size_t group_digits(uint64_t m, char *out)
{
	char rev[40];
	size_t n = 0, len = 0;
	int in_group = 0;

	/* Built backwards; the two bytes of U+00A0 are stored reversed so that the final
	 * reversal restores their order. */
	do {
		if (in_group == 3) {
			rev[n++] = '\xa0';
			rev[n++] = '\xc2';
			in_group = 0;
		}
		rev[n++] = (char)('0' + m % 10);
		m /= 10;
		in_group++;
	} while (m != 0);
	while (n > 0)
		out[len++] = rev[--n];
	out[len] = '\0';
	return len;
}

/* Copy text into out[0..outsz) (truncating, always NUL-terminated); returns the length
 * written. Formatting goes through a buffer large enough for any number first, so the
 * compiler can see that snprintf never truncates. */
static size_t copy_out(const char *text, char *out, size_t outsz)
{
	size_t n = strlen(text);

	if (n >= outsz)
		n = outsz - 1;
	memcpy(out, text, n);
	out[n] = '\0';
	return n;
}

size_t svg_format_int(int64_t v, char *out, size_t outsz)
{
	char whole[64];
	char digits[40];
	uint64_t m = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n;

	if (out == NULL || outsz == 0)
		return 0;
	group_digits(m, digits);
	n = snprintf(whole, sizeof(whole), "%s%s", v < 0 ? "-" : "", digits);
	if (n < 0)
		whole[0] = '\0';
	return copy_out(whole, out, outsz);
}

size_t svg_format_tenths(int64_t tenths, int decimals, char *out, size_t outsz)
{
	char whole[64];
	char digits[40];
	uint64_t m = tenths < 0 ? (uint64_t)0 - (uint64_t)tenths : (uint64_t)tenths;
	int n;

	if (out == NULL || outsz == 0)
		return 0;
	if (decimals == 0) {
		/* Half away from zero, on the magnitude. */
		group_digits(m / 10 + (m % 10 >= 5 ? 1 : 0), digits);
		n = snprintf(whole, sizeof(whole), "%s%s", tenths < 0 && m >= 5 ? "-" : "",
			     digits);
	} else {
		group_digits(m / 10, digits);
		n = snprintf(whole, sizeof(whole), "%s%s,%u", tenths < 0 ? "-" : "", digits,
			     (unsigned)(m % 10));
	}
	if (n < 0)
		whole[0] = '\0';
	return copy_out(whole, out, outsz);
}

int svg_nice_axis(int64_t max, int64_t min_step, struct svg_axis *out)
{
	static const int64_t mult[3] = { 1, 2, 5 };
	int64_t base, step = 0, intervals = 0;
	int i;

	if (out == NULL || max < 0 || max > SVG_VALUE_MAX || min_step < 1 ||
	    min_step > SVG_VALUE_MAX)
		return NRS_EINVAL;
	if (max == 0) {
		out->step = min_step;
		out->top = 0;
		out->n_ticks = 1;
		return 0;
	}
	/* step only grows while max / step > 5, so base stays below 10 × max: no overflow. */
	for (base = min_step;; base *= 10) {
		for (i = 0; i < 3; i++) {
			step = base * mult[i];
			intervals = (max + step - 1) / step;
			if (intervals <= 5)
				goto found;
		}
	}
found:
	out->step = step;
	out->top = intervals * step;
	out->n_ticks = (int)intervals + 1;
	return 0;
}

/* y in tenths for value v on an axis 0..top drawn from bottom up over h tenths. */
static int64_t scale_y(int64_t bottom, int64_t h, int64_t v, int64_t top)
{
	if (top <= 0)
		return bottom;
	/* Rounded half up; i128 because v and h together may exceed int64. */
	return bottom - (int64_t)(((i128)h * v * 2 + top) / ((i128)top * 2));
}

/* ---- text metrics and wrapping ---------------------------------------------------- */

static size_t codepoints(const char *s, size_t n)
{
	size_t i, cp = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			cp++;
	return cp;
}

/* Estimated width in tenths of n bytes of s at font size fs: 0.6 em per code point, a
 * little more than the average sans-serif glyph, so estimates err on the wide side. */
static int64_t text_w(const char *s, size_t n, int fs)
{
	return (int64_t)codepoints(s, n) * fs * 6;
}

static int64_t str_w(const char *s, int fs)
{
	return s == NULL ? 0 : text_w(s, strlen(s), fs);
}

struct span {
	const char *p;
	size_t n;
};

/* Split s at spaces into at most MAX_LINES lines no wider than maxw (a word wider than
 * maxw gets a line of its own; what does not fit in MAX_LINES goes on the last line).
 * Returns the number of lines, at least 1. */
static int wrap(const char *s, int64_t maxw, int fs, struct span *lines)
{
	const char *p = s == NULL ? "" : s;
	int n = 0;

	while (*p == ' ')
		p++;
	lines[0].p = p;
	lines[0].n = 0;
	while (*p != '\0') {
		const char *word = p, *end;
		size_t wl;

		while (*p != '\0' && *p != ' ')
			p++;
		wl = (size_t)(p - word);
		end = word + wl;
		if (lines[n].n == 0) {
			lines[n].p = word;
			lines[n].n = wl;
		} else if (n + 1 < MAX_LINES &&
		           text_w(lines[n].p, (size_t)(end - lines[n].p), fs) > maxw) {
			n++;
			lines[n].p = word;
			lines[n].n = wl;
		} else {
			lines[n].n = (size_t)(end - lines[n].p);
		}
		while (*p == ' ')
			p++;
	}
	return n + 1;
}

/* ---- shared pieces ---------------------------------------------------------------- */

/* [A-Za-z][A-Za-z0-9_-]*, at most 64 bytes: safe inside id="..." and url(#...). */
static bool valid_id(const char *id)
{
	size_t i;

	if (id == NULL || !((id[0] >= 'A' && id[0] <= 'Z') || (id[0] >= 'a' && id[0] <= 'z')))
		return false;
	for (i = 1; id[i] != '\0'; i++) {
		char c = id[i];

		if (i >= 64)
			return false;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '-'))
			return false;
	}
	return true;
}

static bool valid_size(int v)
{
	return v == 0 || (v >= 200 && v <= 4000);
}

/* The opening tag, <title>, <desc> (caller's or a summary written by summary()) and a
 * white background. */
static void open_svg(struct w *w, const char *id, int64_t W, int64_t H, const char *title)
{
	putf(w, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %lld %lld\" "
	        "role=\"img\" aria-labelledby=\"%s-title %s-desc\" class=\"nrs-chart\" "
	        "font-family=\"sans-serif\" font-size=\"%d\">\n",
	     (long long)(W / 10), (long long)(H / 10), id, id, FS_TEXT);
	putf(w, "<title id=\"%s-title\">", id);
	text(w, title);
	putf(w, "</title>\n<desc id=\"%s-desc\">", id);
}

/* The visible title, if asked for; returns the y (tenths) below it. */
static int64_t draw_heading(struct w *w, bool show_title, const char *title, int64_t y)
{
	if (show_title) {
		y += PX(FS_TITLE + 6);
		put(w, "<text x=\"");
		coord(w, PX(10));
		put(w, "\" y=\"");
		coord(w, y);
		putf(w, "\" font-size=\"%d\" font-weight=\"bold\" fill=\"#000\">", FS_TITLE);
		text(w, title);
		put(w, "</text>\n");
		y += PX(8);
	}
	return y;
}

/* Legend swatch kinds. */
enum swatch { SWATCH_BAR, SWATCH_LINE };

static void bar_fill(struct w *w, const char *id, size_t s)
{
	if (s == 0)
		put(w, palette[0]);
	else
		putf(w, "url(#%s-p%zu)", id, s);
}

/* A marker of series s centred at (x, y), radius about r (tenths). */
static void marker(struct w *w, size_t s, int64_t x, int64_t y, int64_t r)
{
	switch (s % SVG_MAX_SERIES) {
	case 0: /* circle */
		put(w, "<circle cx=\"");
		coord(w, x);
		put(w, "\" cy=\"");
		coord(w, y);
		put(w, "\" r=\"");
		coord(w, r);
		putf(w, "\" fill=\"%s\" stroke=\"#fff\"/>", palette[s]);
		return;
	case 1: /* square */
		put(w, "<rect x=\"");
		coord(w, x - r);
		put(w, "\" y=\"");
		coord(w, y - r);
		put(w, "\" width=\"");
		coord(w, 2 * r);
		put(w, "\" height=\"");
		coord(w, 2 * r);
		putf(w, "\" fill=\"%s\" stroke=\"#fff\"/>", palette[s]);
		return;
	case 2: /* triangle up */
		put(w, "<path d=\"M");
		coord(w, x);
		put(w, " ");
		coord(w, y - r - r / 3);
		put(w, "L");
		coord(w, x + r + r / 5);
		put(w, " ");
		coord(w, y + r);
		put(w, "L");
		coord(w, x - r - r / 5);
		put(w, " ");
		coord(w, y + r);
		putf(w, "Z\" fill=\"%s\" stroke=\"#fff\"/>", palette[s]);
		return;
	case 3: /* diamond */
	case 5: /* hollow diamond */
		put(w, "<path d=\"M");
		coord(w, x);
		put(w, " ");
		coord(w, y - r - r / 3);
		put(w, "L");
		coord(w, x + r + r / 3);
		put(w, " ");
		coord(w, y);
		put(w, "L");
		coord(w, x);
		put(w, " ");
		coord(w, y + r + r / 3);
		put(w, "L");
		coord(w, x - r - r / 3);
		put(w, " ");
		coord(w, y);
		if (s == 3)
			putf(w, "Z\" fill=\"%s\" stroke=\"#fff\"/>", palette[s]);
		else
			putf(w, "Z\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"/>", palette[s]);
		return;
	default: /* 4: hollow circle */
		put(w, "<circle cx=\"");
		coord(w, x);
		put(w, "\" cy=\"");
		coord(w, y);
		put(w, "\" r=\"");
		coord(w, r);
		putf(w, "\" fill=\"#fff\" stroke=\"%s\" stroke-width=\"2\"/>", palette[s]);
		return;
	}
}

/* Legend: one row (or more) of swatch + name, starting at x = left; returns y below. */
static int64_t draw_legend(struct w *w, const char *id, enum swatch kind, size_t n,
                           const char *const *names, int64_t left, int64_t right, int64_t y)
{
	int64_t sw = kind == SWATCH_BAR ? PX(14) : PX(28);
	int64_t x = left, row_h = PX(20);
	size_t s;

	put(w, "<g class=\"legend\" fill=\"#000\">\n");
	y += PX(4);
	for (s = 0; s < n; s++) {
		int64_t item = sw + PX(6) + str_w(names[s], FS_TEXT) + PX(18);

		if (x > left && x + item > right) {
			x = left;
			y += row_h;
		}
		if (kind == SWATCH_BAR) {
			put(w, "<rect x=\"");
			coord(w, x);
			put(w, "\" y=\"");
			coord(w, y);
			put(w, "\" width=\"");
			coord(w, sw);
			put(w, "\" height=\"");
			coord(w, sw);
			put(w, "\" fill=\"");
			bar_fill(w, id, s);
			putf(w, "\" stroke=\"%s\"/>", palette[s]);
		} else {
			put(w, "<path d=\"M");
			coord(w, x);
			put(w, " ");
			coord(w, y + PX(7));
			put(w, "h");
			coord(w, sw);
			putf(w, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"", palette[s]);
			if (dashes[s][0] != '\0')
				putf(w, " stroke-dasharray=\"%s\"", dashes[s]);
			put(w, "/>");
			marker(w, s, x + sw / 2, y + PX(7), PX(4));
		}
		put(w, "<text x=\"");
		coord(w, x + sw + PX(6));
		put(w, "\" y=\"");
		coord(w, y + PX(11));
		put(w, "\">");
		text(w, names[s]);
		put(w, "</text>\n");
		x += item;
	}
	put(w, "</g>\n");
	return y + row_h;
}

/* Value axis: grid lines and tick labels from bottom to top; the labels are pre-formatted
 * into ticks[]. */
static void draw_value_axis(struct w *w, const struct svg_axis *ax, char (*ticks)[40],
                            int64_t left, int64_t right, int64_t top, int64_t bottom)
{
	int i;

	put(w, "<g class=\"axis\" fill=\"#000\" text-anchor=\"end\">\n");
	for (i = 0; i < ax->n_ticks; i++) {
		int64_t y = scale_y(bottom, bottom - top, ax->step * i, ax->top);

		if (i > 0) {
			put(w, "<path d=\"M");
			coord(w, left);
			put(w, " ");
			coord(w, y);
			put(w, "H");
			coord(w, right);
			put(w, "\" stroke=\"#c8c8c8\" stroke-width=\"1\"/>");
		}
		put(w, "<text x=\"");
		coord(w, left - PX(6));
		put(w, "\" y=\"");
		coord(w, y + PX(4));
		put(w, "\">");
		text(w, ticks[i]);
		put(w, "</text>\n");
	}
	/* The base line, drawn last so grid lines never cover it. */
	put(w, "<path d=\"M");
	coord(w, left);
	put(w, " ");
	coord(w, bottom);
	put(w, "H");
	coord(w, right);
	put(w, "\" stroke=\"#000\" stroke-width=\"1\"/>\n</g>\n");
}

/* The centre (tenths) of band i of n over plot_w from left. */
static int64_t band_x(int64_t left, int64_t plot_w, size_t i, size_t n)
{
	return left + plot_w * (int64_t)(2 * i + 1) / (int64_t)(2 * n);
}

/* Category labels under the plot, each wrapped to width band and centred at its band;
 * lines[][] holds the wrapping already computed. */
static void draw_categories(struct w *w, size_t n, struct span (*lines)[MAX_LINES],
                            const int *nlines, int64_t left, int64_t plot_w, int64_t bottom)
{
	size_t i;
	int j;

	put(w, "<g class=\"categories\" fill=\"#000\" text-anchor=\"middle\">\n");
	for (i = 0; i < n; i++) {
		int64_t cx = band_x(left, plot_w, i, n);

		put(w, "<text>");
		for (j = 0; j < nlines[i]; j++) {
			put(w, "<tspan x=\"");
			coord(w, cx);
			put(w, "\" y=\"");
			coord(w, bottom + PX(17) + PX(14) * j);
			put(w, "\">");
			textn(w, lines[i][j].p, lines[i][j].n);
			put(w, "</tspan>");
		}
		put(w, "</text>\n");
	}
	put(w, "</g>\n");
}

/* Tick labels and the left margin (tenths) they need. */
static int64_t format_ticks(const struct svg_axis *ax, int tenths, int decimals,
                            char (*ticks)[40])
{
	int64_t widest = 0;
	int i;

	for (i = 0; i < ax->n_ticks; i++) {
		int64_t v = ax->step * i;
		int64_t tw;

		if (!tenths)
			svg_format_int(v, ticks[i], sizeof(ticks[i]));
		else
			svg_format_tenths(v, decimals && ax->step % 10 != 0, ticks[i],
			                  sizeof(ticks[i]));
		tw = str_w(ticks[i], FS_TEXT);
		if (tw > widest)
			widest = tw;
	}
	return PX(14) + widest;
}

static int finish(struct w *w, size_t start)
{
	if (w->err != 0) {
		w->b->len = start;
		if (w->b->data != NULL)
			w->b->data[start] = '\0';
	}
	return w->err;
}

/* ---- bar chart -------------------------------------------------------------------- */

static int check_bar(const struct svg_bar_chart *c)
{
	size_t s, i;

	if (c == NULL || !valid_id(c->id) || c->title == NULL || c->n_categories < 1 ||
	    c->n_categories > SVG_MAX_CATEGORIES || c->categories == NULL || c->n_series < 1 ||
	    c->n_series > SVG_MAX_SERIES || c->series == NULL || !valid_size(c->width) ||
	    !valid_size(c->height))
		return NRS_EINVAL;
	for (s = 0; s < c->n_series; s++) {
		if (c->series[s].values == NULL)
			return NRS_EINVAL;
		for (i = 0; i < c->n_categories; i++) {
			int64_t v = c->series[s].values[i];

			if (v < 0 || v > SVG_VALUE_MAX)
				return NRS_EINVAL;
		}
	}
	return 0;
}

static bool bar_suppressed(const struct svg_bar_chart *c, size_t s, size_t i)
{
	return c->series[s].suppressed != NULL && c->series[s].suppressed[i];
}

/* The accessible description when the caller gave none: every value in reading order. */
static void bar_summary(struct w *w, const struct svg_bar_chart *c, const char *supp)
{
	char num[40];
	size_t i, s;

	for (i = 0; i < c->n_categories; i++) {
		if (i > 0)
			put(w, " ");
		text(w, c->categories[i]);
		put(w, ":");
		for (s = 0; s < c->n_series; s++) {
			put(w, s > 0 ? ", " : " ");
			text(w, c->series[s].name);
			put(w, " ");
			if (bar_suppressed(c, s, i)) {
				text(w, supp);
			} else {
				svg_format_int(c->series[s].values[i], num, sizeof(num));
				text(w, num);
			}
		}
		put(w, ".");
	}
}

/* Fill patterns for series 1..n-1 (series 0 is solid). */
static void bar_patterns(struct w *w, const char *id, size_t n)
{
	size_t s;

	if (n < 2)
		return;
	put(w, "<defs>\n");
	for (s = 1; s < n; s++) {
		const char *col = palette[s];

		putf(w, "<pattern id=\"%s-p%zu\" patternUnits=\"userSpaceOnUse\" ", id, s);
		switch (s) {
		case 1: /* diagonal hatching */
			putf(w, "width=\"6\" height=\"6\" patternTransform=\"rotate(45)\">"
			        "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
			        "<rect width=\"3\" height=\"6\" fill=\"%s\"/>", col);
			break;
		case 2: /* cross-hatching */
			putf(w, "width=\"7\" height=\"7\" patternTransform=\"rotate(45)\">"
			        "<rect width=\"7\" height=\"7\" fill=\"#fff\"/>"
			        "<rect width=\"2\" height=\"7\" fill=\"%s\"/>"
			        "<rect width=\"7\" height=\"2\" fill=\"%s\"/>", col, col);
			break;
		case 3: /* horizontal stripes */
			putf(w, "width=\"6\" height=\"6\">"
			        "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
			        "<rect width=\"6\" height=\"3\" fill=\"%s\"/>", col);
			break;
		case 4: /* hatching the other way */
			putf(w, "width=\"6\" height=\"6\" patternTransform=\"rotate(-45)\">"
			        "<rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
			        "<rect width=\"2\" height=\"6\" fill=\"%s\"/>", col);
			break;
		default: /* dots */
			putf(w, "width=\"5\" height=\"5\">"
			        "<rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
			        "<circle cx=\"2.5\" cy=\"2.5\" r=\"1.6\" fill=\"%s\"/>", col);
			break;
		}
		put(w, "</pattern>\n");
	}
	put(w, "</defs>\n");
}

/* A value label centred above x at y (tenths); upright (rotated) when bars are narrow. */
static void value_label(struct w *w, const char *s, int64_t x, int64_t y, bool upright)
{
	put(w, "<text x=\"");
	if (upright) {
		coord(w, x + PX(4));
		put(w, "\" y=\"");
		coord(w, y);
		put(w, "\" transform=\"rotate(-90 ");
		coord(w, x + PX(4));
		put(w, " ");
		coord(w, y);
		put(w, ")\" text-anchor=\"start\">");
	} else {
		coord(w, x);
		put(w, "\" y=\"");
		coord(w, y);
		put(w, "\">");
	}
	text(w, s);
	put(w, "</text>\n");
}

int svg_bar_chart(struct buf *out, const struct svg_bar_chart *c)
{
	struct w w = { out, 0 };
	size_t start, i, s;
	const char *supp;
	const char *names[SVG_MAX_SERIES];
	char ticks[8][40];
	char num[40];
	struct span lines[SVG_MAX_CATEGORIES][MAX_LINES];
	int nlines[SVG_MAX_CATEGORIES];
	struct svg_axis ax;
	int64_t W, H, max = 0, left, right, top, bottom, plot_w, y, group_w, slot, gap, bar_w,
	        widest_label = 0, headroom;
	int maxlines = 1;
	bool upright;
	int rc;

	if (out == NULL)
		return NRS_EINVAL;
	rc = check_bar(c);
	if (rc != 0)
		return rc;
	supp = c->suppressed_label != NULL ? c->suppressed_label : SVG_SUPPRESSED_LABEL;
	W = PX(c->width ? c->width : 720);
	H = PX(c->height ? c->height : 400);
	start = out->len;

	/* The scale covers only the values that are drawn. */
	for (s = 0; s < c->n_series; s++) {
		names[s] = c->series[s].name;
		for (i = 0; i < c->n_categories; i++) {
			int64_t lw;

			if (bar_suppressed(c, s, i)) {
				lw = str_w(supp, FS_VALUE);
			} else {
				if (c->series[s].values[i] > max)
					max = c->series[s].values[i];
				svg_format_int(c->series[s].values[i], num, sizeof(num));
				lw = str_w(num, FS_VALUE);
			}
			if (lw > widest_label)
				widest_label = lw;
		}
	}
	rc = svg_nice_axis(max, 1, &ax);
	if (rc != 0)
		return rc;
	left = format_ticks(&ax, 0, 0, ticks);
	right = W - PX(12);
	plot_w = right - left;
	group_w = plot_w / (int64_t)c->n_categories;
	slot = group_w * 8 / 10 / (int64_t)c->n_series;
	gap = slot / 5 < PX(2) ? slot / 5 : PX(2);
	bar_w = slot - gap;
	upright = widest_label > slot - PX(1);
	headroom = upright ? widest_label + PX(8) : PX(16);
	for (i = 0; i < c->n_categories; i++) {
		nlines[i] = wrap(c->categories[i], group_w - PX(6), FS_TEXT, lines[i]);
		if (nlines[i] > maxlines)
			maxlines = nlines[i];
	}
	bottom = H - PX(12) - PX(14) * maxlines;

	open_svg(&w, c->id, W, H, c->title);
	if (c->desc != NULL)
		text(&w, c->desc);
	else
		bar_summary(&w, c, supp);
	put(&w, "</desc>\n");
	bar_patterns(&w, c->id, c->n_series);
	put(&w, "<rect width=\"");
	coord(&w, W);
	put(&w, "\" height=\"");
	coord(&w, H);
	put(&w, "\" fill=\"#fff\"/>\n");

	y = draw_heading(&w, c->show_title, c->title, 0);
	y = draw_legend(&w, c->id, SWATCH_BAR, c->n_series, names, PX(10), right, y + PX(4));
	if (c->unit != NULL) {
		put(&w, "<text x=\"");
		coord(&w, PX(10));
		put(&w, "\" y=\"");
		coord(&w, y + PX(12));
		put(&w, "\" fill=\"#000\">");
		text(&w, c->unit);
		put(&w, "</text>\n");
		y += PX(16);
	}
	top = y + headroom;
	if (bottom - top < PX(40) && w.err == 0)
		w.err = NRS_EINVAL; /* too small for its legend and labels */
	if (w.err != 0)
		return finish(&w, start);

	draw_value_axis(&w, &ax, ticks, left, right, top, bottom);

	putf(&w, "<g class=\"bars\" fill=\"#000\" font-size=\"%d\" text-anchor=\"middle\">\n",
	     FS_VALUE);
	for (i = 0; i < c->n_categories; i++) {
		int64_t gx = left + plot_w * (int64_t)i / (int64_t)c->n_categories;
		int64_t bx0 = gx + (group_w - slot * (int64_t)c->n_series) / 2;

		for (s = 0; s < c->n_series; s++) {
			int64_t bx = bx0 + slot * (int64_t)s + gap / 2;
			int64_t cx = bx + bar_w / 2;
			int64_t v = c->series[s].values[i];
			int64_t by;

			if (bar_suppressed(c, s, i)) {
				value_label(&w, supp, cx, bottom - PX(4), upright);
				continue;
			}
			by = scale_y(bottom, bottom - top, v, ax.top);
			if (by < bottom) {
				put(&w, "<rect x=\"");
				coord(&w, bx);
				put(&w, "\" y=\"");
				coord(&w, by);
				put(&w, "\" width=\"");
				coord(&w, bar_w);
				put(&w, "\" height=\"");
				coord(&w, bottom - by);
				put(&w, "\" fill=\"");
				bar_fill(&w, c->id, s);
				putf(&w, "\" stroke=\"%s\"/>", palette[s]);
			}
			svg_format_int(v, num, sizeof(num));
			value_label(&w, num, cx, by - PX(4), upright);
		}
	}
	put(&w, "</g>\n");
	draw_categories(&w, c->n_categories, lines, nlines, left, plot_w, bottom);
	put(&w, "</svg>\n");
	return finish(&w, start);
}

/* ---- line chart ------------------------------------------------------------------- */

static int check_line(const struct svg_line_chart *c)
{
	size_t s, i;

	if (c == NULL || !valid_id(c->id) || c->title == NULL || c->n_points < 1 ||
	    c->n_points > SVG_MAX_CATEGORIES || c->x_labels == NULL || c->n_series < 1 ||
	    c->n_series > SVG_MAX_SERIES || c->series == NULL || !valid_size(c->width) ||
	    !valid_size(c->height) || (c->decimals != 0 && c->decimals != 1))
		return NRS_EINVAL;
	for (s = 0; s < c->n_series; s++) {
		if (c->series[s].tenths == NULL)
			return NRS_EINVAL;
		for (i = 0; i < c->n_points; i++) {
			int64_t v = c->series[s].tenths[i];

			if (v < 0 || v > SVG_VALUE_MAX)
				return NRS_EINVAL;
		}
	}
	return 0;
}

static bool line_missing(const struct svg_line_chart *c, size_t s, size_t i)
{
	return c->series[s].missing != NULL && c->series[s].missing[i];
}

static void line_summary(struct w *w, const struct svg_line_chart *c)
{
	char num[40];
	size_t i, s;

	for (s = 0; s < c->n_series; s++) {
		if (s > 0)
			put(w, " ");
		text(w, c->series[s].name);
		put(w, ":");
		for (i = 0; i < c->n_points; i++) {
			put(w, i > 0 ? ", " : " ");
			text(w, c->x_labels[i]);
			put(w, " ");
			if (line_missing(c, s, i)) {
				put(w, "uppgift saknas");
			} else {
				svg_format_tenths(c->series[s].tenths[i], c->decimals, num,
				                  sizeof(num));
				text(w, num);
			}
		}
		put(w, ".");
	}
}

int svg_line_chart(struct buf *out, const struct svg_line_chart *c)
{
	struct w w = { out, 0 };
	size_t start, i, s;
	const char *names[SVG_MAX_SERIES];
	char ticks[8][40];
	char num[40];
	struct span lines[SVG_MAX_CATEGORIES][MAX_LINES];
	int nlines[SVG_MAX_CATEGORIES];
	struct svg_axis ax;
	int64_t W, H, max = 0, left, right, top, bottom, plot_w, y, band;
	int maxlines = 1;
	int rc;

	if (out == NULL)
		return NRS_EINVAL;
	rc = check_line(c);
	if (rc != 0)
		return rc;
	W = PX(c->width ? c->width : 720);
	H = PX(c->height ? c->height : 360);
	start = out->len;

	for (s = 0; s < c->n_series; s++) {
		names[s] = c->series[s].name;
		for (i = 0; i < c->n_points; i++)
			if (!line_missing(c, s, i) && c->series[s].tenths[i] > max)
				max = c->series[s].tenths[i];
	}
	rc = svg_nice_axis(max, c->decimals ? 1 : 10, &ax);
	if (rc != 0)
		return rc;
	left = format_ticks(&ax, 1, c->decimals, ticks);
	right = W - PX(12);
	plot_w = right - left;
	band = plot_w / (int64_t)c->n_points;
	for (i = 0; i < c->n_points; i++) {
		nlines[i] = wrap(c->x_labels[i], band - PX(4), FS_TEXT, lines[i]);
		if (nlines[i] > maxlines)
			maxlines = nlines[i];
	}
	bottom = H - PX(12) - PX(14) * maxlines;

	open_svg(&w, c->id, W, H, c->title);
	if (c->desc != NULL)
		text(&w, c->desc);
	else
		line_summary(&w, c);
	put(&w, "</desc>\n<rect width=\"");
	coord(&w, W);
	put(&w, "\" height=\"");
	coord(&w, H);
	put(&w, "\" fill=\"#fff\"/>\n");

	y = draw_heading(&w, c->show_title, c->title, 0);
	y = draw_legend(&w, c->id, SWATCH_LINE, c->n_series, names, PX(10), right, y + PX(4));
	if (c->unit != NULL) {
		put(&w, "<text x=\"");
		coord(&w, PX(10));
		put(&w, "\" y=\"");
		coord(&w, y + PX(12));
		put(&w, "\" fill=\"#000\">");
		text(&w, c->unit);
		put(&w, "</text>\n");
		y += PX(16);
	}
	top = y + (c->labels ? PX(20) : PX(10));
	if (bottom - top < PX(40) && w.err == 0)
		w.err = NRS_EINVAL; /* too small for its legend and labels */
	if (w.err != 0)
		return finish(&w, start);

	draw_value_axis(&w, &ax, ticks, left, right, top, bottom);

	for (s = 0; s < c->n_series; s++) {
		bool pen = false;

		/* The line: a new subpath after every gap. */
		put(&w, "<g class=\"series\"><path d=\"");
		for (i = 0; i < c->n_points; i++) {
			int64_t x = band_x(left, plot_w, i, c->n_points);

			if (line_missing(c, s, i)) {
				pen = false;
				continue;
			}
			put(&w, pen ? "L" : "M");
			coord(&w, x);
			put(&w, " ");
			coord(&w, scale_y(bottom, bottom - top, c->series[s].tenths[i], ax.top));
			pen = true;
		}
		putf(&w, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\" "
		         "stroke-linejoin=\"round\"", palette[s]);
		if (dashes[s][0] != '\0')
			putf(&w, " stroke-dasharray=\"%s\"", dashes[s]);
		put(&w, "/>\n");

		/* Markers and labels; a point without neighbours always gets a marker. */
		for (i = 0; i < c->n_points; i++) {
			int64_t x = band_x(left, plot_w, i, c->n_points);
			int64_t py;
			bool alone;

			if (line_missing(c, s, i))
				continue;
			py = scale_y(bottom, bottom - top, c->series[s].tenths[i], ax.top);
			alone = (i == 0 || line_missing(c, s, i - 1)) &&
			        (i + 1 == c->n_points || line_missing(c, s, i + 1));
			if (c->markers || alone)
				marker(&w, s, x, py, PX(4));
			if (c->labels) {
				svg_format_tenths(c->series[s].tenths[i], c->decimals, num,
				                  sizeof(num));
				put(&w, "<text x=\"");
				coord(&w, x);
				put(&w, "\" y=\"");
				coord(&w, py - PX(9));
				putf(&w, "\" font-size=\"%d\" text-anchor=\"middle\"", FS_VALUE);
				put(&w, " fill=\"#000\">");
				text(&w, num);
				put(&w, "</text>");
			}
		}
		put(&w, "</g>\n");
	}
	draw_categories(&w, c->n_points, lines, nlines, left, plot_w, bottom);
	put(&w, "</svg>\n");
	return finish(&w, start);
}
