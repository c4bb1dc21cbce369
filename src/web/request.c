/* Per-request context helpers (see request.h). */
#include "web/request.h"

#include <microhttpd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct req_alloc {
	struct req_alloc *next;
	max_align_t data[];
};

void *req_alloc(struct request *req, size_t n)
{
	struct req_alloc *a;

	if (n > SIZE_MAX - sizeof(*a))
		return NULL;
	a = malloc(sizeof(*a) + n);
	if (a == NULL)
		return NULL;
	a->next = req->allocs;
	req->allocs = a;
	return a->data;
}

char *req_strdup(struct request *req, const char *s)
{
	size_t n = strlen(s);
	char *p = req_alloc(req, n + 1);

	if (p != NULL)
		memcpy(p, s, n + 1);
	return p;
}

void request_free(struct request *req)
{
	struct req_alloc *a = req->allocs, *next;

	while (a != NULL) {
		next = a->next;
		free(a);
		a = next;
	}
	req->allocs = NULL;
	form_free(&req->query);
	form_free(&req->form);
	json_decref(req->json);
	req->json = NULL;
}

const char *req_header(const struct request *req, const char *name)
{
	if (req->conn == NULL)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_param(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->match.nparams; i++) {
		const char *pn = req->match.param_name[i];
		size_t n = strcspn(pn, "/");

		if (strlen(name) == n && strncmp(pn, name, n) == 0)
			return req->match.param_value[i];
	}
	return NULL;
}

const char *req_cookie(struct request *req, const char *name, size_t max_len)
{
	const char *v;
	size_t n;
	char *p;

	if (!cookie_find(req_header(req, MHD_HTTP_HEADER_COOKIE), name, &v, &n) || n > max_len)
		return NULL;
	p = req_alloc(req, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, v, n);
	p[n] = '\0';
	return p;
}

bool req_has_role(const struct request *req, unsigned roles)
{
	return req->logged_in && (req->acc.roles & roles) != 0;
}

bool req_local_path_ok(const char *next)
{
	if (next == NULL || next[0] != '/' || next[1] == '/' || next[1] == '\\')
		return false;
	if (strlen(next) > 512)
		return false;
	for (const unsigned char *p = (const unsigned char *)next; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return false;
	return true;
}
