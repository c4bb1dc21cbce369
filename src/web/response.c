/* Error mapping, cookies, security headers (see response.h). */
#include "web/response.h"

#include "base/err.h"
#include "base/log.h"
#include "web/html.h"
#include "web/json.h"
#include "web/layout.h"
#include "web/request.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#define CSP                                                                                        \
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "          \
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

void response_init(struct response *r)
{
	memset(r, 0, sizeof(*r));
	r->status = MHD_HTTP_OK;
	r->content_type = "text/html; charset=utf-8";
	buf_init(&r->body, RESPONSE_MAX_BODY);
}

void response_free(struct response *r)
{
	if (r == NULL)
		return;
	buf_free(&r->body);
	free(r->location);
	r->location = NULL;
	for (size_t i = 0; i < r->ncookies; i++)
		free(r->cookies[i]);
	r->ncookies = 0;
}

int response_redirect(struct response *r, const char *location)
{
	char *p = strdup(location);

	if (p == NULL)
		return NRS_ENOMEM;
	free(r->location);
	r->location = p;
	r->status = MHD_HTTP_SEE_OTHER;
	buf_reset(&r->body);
	return 0;
}

int response_set_cookie(struct response *r, const struct nrs_config *cfg, const char *name,
                        const char *value)
{
	struct buf b;
	int rc;

	if (r->ncookies == RESPONSE_MAX_COOKIES)
		return NRS_ETOOBIG;
	buf_init(&b, 1024);
	rc =
	    buf_printf(&b, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", name, value ? value : "",
	               value ? "" : "; Max-Age=0", cfg && cfg->tls ? "; Secure" : "");
	if (rc != 0) {
		buf_free(&b);
		return rc;
	}
	r->cookies[r->ncookies++] = buf_steal(&b);
	return 0;
}

int response_json(struct response *r, int status, const json_t *v)
{
	int rc;

	buf_reset(&r->body);
	rc = wjson_dump(&r->body, v);
	if (rc != 0)
		return rc;
	r->status = status;
	r->content_type = "application/json; charset=utf-8";
	return 0;
}

int response_status_for(int code)
{
	switch (code) {
	case NRS_OK:
		return MHD_HTTP_OK;
	case NRS_EINVAL:
		return MHD_HTTP_BAD_REQUEST;
	case NRS_EAUTH:
		return MHD_HTTP_UNAUTHORIZED;
	case NRS_EDENIED:
	case NRS_ELOCKED:
		return MHD_HTTP_FORBIDDEN;
	case NRS_ENOTFOUND:
		return MHD_HTTP_NOT_FOUND;
	case NRS_EEXIST:
	case NRS_ECONFLICT:
		return MHD_HTTP_CONFLICT;
	case NRS_ETOOBIG:
		return MHD_HTTP_CONTENT_TOO_LARGE;
	default:
		return MHD_HTTP_INTERNAL_SERVER_ERROR;
	}
}

struct status_text {
	int status;
	const char *code;    /* JSON error code */
	const char *title;   /* Swedish heading */
	const char *message; /* Swedish explanation */
};

static const struct status_text status_texts[] = {
    {400, "bad_request", "Felaktig begäran", "Begäran kunde inte tolkas."},
    {401, "unauthorized", "Inloggning krävs", "Du behöver logga in för att fortsätta."},
    {403, "forbidden", "Åtkomst nekad", "Du har inte behörighet till detta."},
    {404, "not_found", "Sidan finns inte", "Adressen leder inte till någon sida."},
    {405, "method_not_allowed", "Metoden är inte tillåten",
     "Sidan kan inte användas på det sättet."},
    {409, "conflict", "Konflikt", "Ändringen krockar med befintliga uppgifter."},
    {413, "too_large", "För stor begäran", "Det som skickades är större än tillåtet."},
    {415, "unsupported_media_type", "Formatet stöds inte",
     "Innehållet skickades i ett format som inte stöds."},
    {500, "internal_error", "Ett fel uppstod",
     "Något gick fel. Försök igen om en stund eller kontakta administratören."},
};

static const struct status_text *text_for(int status)
{
	for (size_t i = 0; i < sizeof(status_texts) / sizeof(status_texts[0]); i++)
		if (status_texts[i].status == status)
			return &status_texts[i];
	return &status_texts[sizeof(status_texts) / sizeof(status_texts[0]) - 1];
}

void response_error_status(struct response *r, const struct request *req, bool api, int status,
                           const char *detail)
{
	const struct status_text *t = text_for(status);
	struct html h;

	free(r->location);
	r->location = NULL;
	buf_reset(&r->body);
	r->cacheable = false;
	r->download[0] = '\0';
	r->status = status;
	if (api) {
		json_t *o = json_pack("{s:{s:s,s:s}}", "error", "code", t->code, "message",
		                      detail ? detail : t->message);

		if (o == NULL || response_json(r, status, o) != 0) {
			buf_reset(&r->body);
			r->content_type = "application/json; charset=utf-8";
		}
		json_decref(o);
		return;
	}
	r->content_type = "text/html; charset=utf-8";
	html_init(&h, &r->body);
	layout_begin(&h, req, t->title);
	html_raw_trusted(&h, "<h1>");
	html_text(&h, t->title);
	html_raw_trusted(&h, "</h1>\n<p>");
	html_text(&h, t->message);
	html_raw_trusted(&h, "</p>\n");
	if (detail != NULL) {
		html_raw_trusted(&h, "<p>");
		html_text(&h, detail);
		html_raw_trusted(&h, "</p>\n");
	}
	html_raw_trusted(&h, "<p><a href=\"/\">Till startsidan</a></p>\n");
	layout_end(&h);
	if (h.err != 0) {
		/* fall back to a bare line rather than an empty 500 */
		buf_reset(&r->body);
		r->content_type = "text/plain; charset=utf-8";
		(void)buf_puts(&r->body, t->title);
	}
}

void response_error(struct response *r, const struct request *req, bool api, int code)
{
	response_error_status(r, req, api, response_status_for(code), NULL);
}

static int add(struct MHD_Response *mr, const char *name, const char *value)
{
	return MHD_add_response_header(mr, name, value) == MHD_YES ? 0 : NRS_ENOMEM;
}

int response_queue(struct MHD_Connection *conn, const struct nrs_config *cfg, struct response *r)
{
	struct MHD_Response *mr;
	enum MHD_Result ret;
	int rc = 0;

	mr = MHD_create_response_from_buffer(r->body.len, r->body.data ? r->body.data : (void *)"",
	                                     MHD_RESPMEM_MUST_COPY);
	if (mr == NULL)
		return MHD_NO;
	rc |= add(mr, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
	rc |= add(mr, MHD_HTTP_HEADER_CONTENT_SECURITY_POLICY, CSP);
	rc |= add(mr, MHD_HTTP_HEADER_X_CONTENT_TYPE_OPTIONS, "nosniff");
	rc |= add(mr, "Referrer-Policy", "no-referrer");
	rc |= add(mr, MHD_HTTP_HEADER_X_FRAME_OPTIONS, "DENY");
	rc |= add(mr, "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
	rc |= add(mr, "Cross-Origin-Opener-Policy", "same-origin");
	rc |= add(mr, "Cross-Origin-Resource-Policy", "same-origin");
	rc |= add(mr, MHD_HTTP_HEADER_CACHE_CONTROL,
	          r->cacheable ? "public, max-age=3600" : "no-store");
	if (cfg != NULL && cfg->tls)
		rc |= add(mr, MHD_HTTP_HEADER_STRICT_TRANSPORT_SECURITY, "max-age=31536000");
	if (r->location != NULL)
		rc |= add(mr, MHD_HTTP_HEADER_LOCATION, r->location);
	if (r->status == MHD_HTTP_UNAUTHORIZED) /* only the API answers 401; pages redirect */
		rc |= add(mr, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"norrsken\"");
	if (r->allow[0] != '\0')
		rc |= add(mr, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->download[0] != '\0' && r->status == MHD_HTTP_OK) {
		char cd[96];

		snprintf(cd, sizeof(cd), "attachment; filename=\"%s\"", r->download);
		rc |= add(mr, "Content-Disposition", cd);
	}
	for (size_t i = 0; i < r->ncookies; i++)
		rc |= add(mr, MHD_HTTP_HEADER_SET_COOKIE, r->cookies[i]);
	if (rc != 0) {
		/* a response without its security headers must never leave */
		MHD_destroy_response(mr);
		log_error("svarshuvuden kunde inte sättas");
		return MHD_NO;
	}
	ret = MHD_queue_response(conn, (unsigned)r->status, mr);
	MHD_destroy_response(mr);
	return ret;
}

int response_json_take(struct response *r, int status, json_t *o)
{
	int rc;

	if (o == NULL)
		return NRS_ENOMEM;
	rc = response_json(r, status, o);
	json_decref(o);
	return rc;
}

int response_api_error(struct response *r, int status, const char *code, const char *field,
                       const char *msg)
{
	return response_json_take(r, status,
	                          json_pack("{s:{s:s,s:s,s:s}}", "error", "code", code, "field",
	                                    field ? field : "", "message", msg));
}
