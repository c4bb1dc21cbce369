/* Lists that page and sort: query parameters "page", "sort" and "dir" validated against a
 * whitelist, sortable column headers and a pager that keep the other query parameters, and
 * the growable array the rows are collected in. */
#ifndef NRS_WEB_LISTING_H
#define NRS_WEB_LISTING_H

#include "web/html.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct request;

#define LISTING_PER_PAGE 25

/* Page number from query "page" (1 if absent); NRS_EINVAL if malformed. */
int listing_page_param(const struct request *req, int64_t *page);
/* Sort key from query "sort" (one of keys; keys[0] if absent) and "dir" ("asc"/"desc").
 * NRS_EINVAL for anything else. */
int listing_sort_param(const struct request *req, const char *const *keys, size_t nkeys,
		       size_t *key, bool *desc);
/* A <th scope="col"> whose link sorts by key (toggling direction when it is the current
 * key), keeping the other query parameters except page. */
void listing_sort_th(struct html *h, const struct request *req, const char *base,
		     const char *label, const char *key, bool current, bool desc);
/* "Föregående / Sida x av y / Nästa" keeping the other query parameters. */
void listing_pager(struct html *h, const struct request *req, const char *base, int64_t page,
		   int64_t total, int64_t per_page);
/* First index and count of page in total rows (page clamped to the last page). */
void listing_page_slice(int64_t total, int64_t per_page, int64_t *page, size_t *first,
			size_t *count);
/* Room for element n of a growable array v of elements of size bytes with *cap allocated
 * (the rows a store walk collects before they are sorted and paged): v itself while
 * n < *cap, else v grown (from NULL too) and *cap updated. NULL when memory runs out; v and
 * *cap are then unchanged. The caller frees the array. */
void *listing_grow(void *v, size_t n, size_t *cap, size_t size);
/* s copied into request memory for a collected row; NULL stays NULL. When memory runs out
 * *rc is set to NRS_ENOMEM (and left alone otherwise) and NULL is returned. */
const char *listing_strdup(struct request *req, const char *s, int *rc);

#endif
