/* Static assets compiled into the binary (the files in src/web/static), served with their content
 * type and a cache lifetime; every other response is no-store. */
#include "base/embed.h"
#include "base/err.h"
#include "base/str.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#include <string.h>

struct asset_type {
	const char *ext;
	const char *content_type;
};

static const struct asset_type types[] = {
    {".css", "text/css; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".svg", "image/svg+xml; charset=utf-8"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".txt", "text/plain; charset=utf-8"},
};

static bool name_ok(const char *n)
{
	size_t len = strlen(n);

	if (len == 0 || len > 64 || n[0] == '.')
		return false;
	for (const char *p = n; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_' || *p == '.'))
			return false;
	return true;
}

static int asset_get(struct request *req, struct response *resp)
{
	const char *name = req_param(req, "name");
	const struct asset_type *t = NULL;
	const struct nrs_blob *b;
	char path[128];
	size_t len;

	if (name == NULL || !name_ok(name))
		return NRS_ENOTFOUND;
	len = strlen(name);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		size_t el = strlen(types[i].ext);

		if (len > el && strcmp(name + len - el, types[i].ext) == 0)
			t = &types[i];
	}
	if (t == NULL)
		return NRS_ENOTFOUND;
	snprintf(path, sizeof(path), "src/web/static/%s", name);
	b = nrs_embedded(path);
	if (b == NULL)
		return NRS_ENOTFOUND;
	resp->content_type = t->content_type;
	resp->cacheable = true;
	return buf_append(&resp->body, b->data, b->len);
}

const struct route assets_routes[] = {
    {"GET", "/static/:name", asset_get, false, REC_NONE, 0, 0},
};
ROUTE_TABLE_COUNT(assets);
