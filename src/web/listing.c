/* Paged, sortable lists (see listing.h): the query parameters page, sort and dir checked
 * against a whitelist, column headers that sort and a pager, both keeping the rest of the
 * query so that filters survive paging and sorting. */
#include "web/listing.h"

#include "base/err.h"
#include "base/str.h"
#include "web/form.h"
#include "web/request.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int listing_page_param(const struct request *req, int64_t *page)
{
	const char *p = form_get_unique(&req->query, "page");

	*page = 1;
	if (form_count(&req->query, "page") > 1)
		return NRS_EINVAL;
	if (p == NULL || p[0] == '\0')
		return 0;
	return str_to_i64(p, 1, 1000000, page) == 0 ? 0 : NRS_EINVAL;
}

int listing_sort_param(const struct request *req, const char *const *keys, size_t nkeys,
                       size_t *key, bool *desc)
{
	const char *s = form_get(&req->query, "sort"), *d = form_get(&req->query, "dir");

	*key = 0;
	*desc = false;
	if (form_count(&req->query, "sort") > 1 || form_count(&req->query, "dir") > 1)
		return NRS_EINVAL;
	if (d != NULL && d[0] != '\0') {
		if (strcmp(d, "desc") == 0)
			*desc = true;
		else if (strcmp(d, "asc") != 0)
			return NRS_EINVAL;
	}
	if (s == NULL || s[0] == '\0')
		return 0;
	for (size_t i = 0; i < nkeys; i++)
		if (strcmp(s, keys[i]) == 0) {
			*key = i;
			return 0;
		}
	return NRS_EINVAL;
}

/* base?k=v&amp;... with the current query minus the names in skip, then extra pairs. */
static void query_link(struct html *h, const struct request *req, const char *base,
                       const char *const *skip, size_t nskip, const char *const *extra,
                       size_t nextra)
{
	bool first = true;

	html_attr(h, base);
	for (size_t i = 0; i < req->query.n; i++) {
		const struct form_field *f = &req->query.fields[i];
		bool skipped = false;

		for (size_t k = 0; k < nskip; k++)
			skipped = skipped || strcmp(f->name, skip[k]) == 0;
		if (skipped || f->value[0] == '\0')
			continue;
		html_raw_trusted(h, first ? "?" : "&amp;");
		html_url(h, f->name);
		html_raw_trusted(h, "=");
		html_url(h, f->value);
		first = false;
	}
	for (size_t k = 0; k + 1 < nextra; k += 2) {
		html_raw_trusted(h, first ? "?" : "&amp;");
		html_url(h, extra[k]);
		html_raw_trusted(h, "=");
		html_url(h, extra[k + 1]);
		first = false;
	}
}

void listing_sort_th(struct html *h, const struct request *req, const char *base, const char *label,
                     const char *key, bool current, bool desc)
{
	static const char *const skip[] = {"sort", "dir", "page"};
	const char *extra[] = {"sort", key, "dir", current && !desc ? "desc" : "asc"};

	html_raw_trusted(h, "<th scope=\"col\"");
	if (current)
		html_raw_trusted(h,
		                 desc ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
	html_raw_trusted(h, "><a href=\"");
	query_link(h, req, base, skip, 3, extra, 4);
	html_raw_trusted(h, "\">");
	html_text(h, label);
	if (current)
		html_raw_trusted(h, desc ? " <span aria-hidden=\"true\">▼</span>"
		                         : " <span aria-hidden=\"true\">▲</span>");
	html_raw_trusted(h, "</a></th>\n");
}

void listing_page_slice(int64_t total, int64_t per_page, int64_t *page, size_t *first,
                        size_t *count)
{
	int64_t pages = total > 0 ? (total + per_page - 1) / per_page : 1;

	if (*page > pages)
		*page = pages;
	*first = (size_t)((*page - 1) * per_page);
	*count = (size_t)(total - (*page - 1) * per_page < per_page ? total - (*page - 1) * per_page
	                                                            : per_page);
	if (total == 0)
		*count = 0;
}

void listing_pager(struct html *h, const struct request *req, const char *base, int64_t page,
                   int64_t total, int64_t per_page)
{
	static const char *const skip[] = {"page"};
	int64_t pages = total > 0 ? (total + per_page - 1) / per_page : 1;
	char num[24];

	if (pages <= 1)
		return;
	html_raw_trusted(h, "<nav class=\"pager\" aria-label=\"Sidor\"><ul>\n");
	if (page > 1) {
		const char *extra[] = {"page", num};

		snprintf(num, sizeof(num), "%" PRId64, page - 1);
		html_raw_trusted(h, "<li><a rel=\"prev\" href=\"");
		query_link(h, req, base, skip, 1, extra, 2);
		html_raw_trusted(h, "\">Föregående</a></li>\n");
	}
	html_raw_trusted(h, "<li aria-current=\"page\">Sida ");
	html_int(h, page);
	html_raw_trusted(h, " av ");
	html_int(h, pages);
	html_raw_trusted(h, "</li>\n");
	if (page < pages) {
		const char *extra[] = {"page", num};

		snprintf(num, sizeof(num), "%" PRId64, page + 1);
		html_raw_trusted(h, "<li><a rel=\"next\" href=\"");
		query_link(h, req, base, skip, 1, extra, 2);
		html_raw_trusted(h, "\">Nästa</a></li>\n");
	}
	html_raw_trusted(h, "</ul></nav>\n");
}

void *listing_grow(void *v, size_t n, size_t *cap, size_t size)
{
	size_t ncap;

	if (n < *cap)
		return v;
	ncap = *cap ? *cap * 2 : 32;
	if (size == 0 || ncap > SIZE_MAX / size)
		return NULL;
	v = realloc(v, ncap * size);
	if (v != NULL)
		*cap = ncap;
	return v;
}

const char *listing_strdup(struct request *req, const char *s, int *rc)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = req_strdup(req, s);
	if (d == NULL)
		*rc = NRS_ENOMEM;
	return d;
}
