/* Responses: the one place that maps an error to an HTTP status and a Swedish error page (or a
 * JSON error under /api/v1), sets cookies, and adds the security headers every response
 * carries (pages, errors and static files alike). */
#ifndef NRS_WEB_RESPONSE_H
#define NRS_WEB_RESPONSE_H

#include "base/buf.h"
#include "base/config.h"

#include <jansson.h>
#include <stdbool.h>

struct MHD_Connection;
struct request;

#define RESPONSE_MAX_COOKIES 4
#define RESPONSE_MAX_BODY ((size_t)16 * 1024 * 1024)

struct response {
	int status;               /* HTTP status; 200 after response_init */
	const char *content_type; /* static string, with charset for text */
	struct buf body;
	char *location;                      /* owned; set by response_redirect */
	char *cookies[RESPONSE_MAX_COOKIES]; /* owned Set-Cookie values */
	size_t ncookies;
	char allow[64];    /* the Allow header of a 405, "" otherwise */
	bool cacheable;    /* static assets only; every other response is no-store */
	char download[64]; /* a file name (our own, ASCII) for Content-Disposition, "" for pages */
};

void response_init(struct response *r);
void response_free(struct response *r);

/* 303 See Other to a local path (the caller checks it is local). */
int response_redirect(struct response *r, const char *location);
/* Set-Cookie name=value; Path=/; HttpOnly; SameSite=Strict (+ Secure behind TLS). value NULL
 * deletes the cookie. value must be a token (base64url), never user input. */
int response_set_cookie(struct response *r, const struct nrs_config *cfg, const char *name,
                        const char *value);
/* Replace the body with v serialised as JSON (compact) and the given status. */
int response_json(struct response *r, int status, const json_t *v);
/* response_json for a value made for the answer: takes o over and frees it. NULL (a failed
 * json_pack) gives NRS_ENOMEM. */
int response_json_take(struct response *r, int status, json_t *o);
/* The API's error answer with status: {"error":{"code":…,"field":…,"message":…}}; field NULL
 * is written as "". */
int response_api_error(struct response *r, int status, const char *code, const char *field,
                       const char *msg);

/* The HTTP status for an enum nrs_err (EINVAL 400, EAUTH 401, EDENIED/ELOCKED 403,
 * ENOTFOUND 404, EEXIST/ECONFLICT 409, ETOOBIG 413, anything else 500). */
int response_status_for(int code);
/* Replace r with the error page (HTML) or error object (JSON, when api) for HTTP status;
 * detail is an optional extra Swedish sentence. Never includes anything from the request. */
void response_error_status(struct response *r, const struct request *req, bool api, int status,
                           const char *detail);
/* The same for an enum nrs_err. */
void response_error(struct response *r, const struct request *req, bool api, int code);

/* Build the MHD response with all security headers and queue it. Returns MHD's result. */
int response_queue(struct MHD_Connection *conn, const struct nrs_config *cfg, struct response *r);

#endif
