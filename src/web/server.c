/* libmicrohttpd glue and the central dispatcher (see server.h). Handlers run only after the
 * checks in dispatch(); nothing here is per-request global state. */
#include "web/server.h"

#include "base/log.h"
#include "base/str.h"
#include "security/account.h"
#include "security/audit.h"
#include "security/policy.h"
#include "security/session.h"
#include "store/db.h"
#include "web/html.h"
#include "web/json.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#define MAX_PATH_LEN 2048
#define MAX_TOKEN_LEN 128

struct web_server {
	struct MHD_Daemon *daemon;
	const struct nrs_config *cfg;   /* borrowed */
	const struct crypto_keys *keys; /* borrowed */
	pthread_key_t store_key;        /* this thread's struct store */
	pthread_mutex_t lock;           /* guards stores */
	struct store **stores;          /* every thread's store, closed at stop */
	size_t nstores, capstores;
	uint16_t port;
};

enum body_kind { BODY_NONE = 0, BODY_FORM, BODY_JSON };

/* Per connection-request state between the access handler's calls. */
struct conn_state {
	struct buf body;
	enum body_kind body_kind;
	bool too_big;       /* the body is over max_body: discard it and answer 413 */
	uint64_t discarded; /* bytes read and thrown away */
	bool responded;     /* a response is queued; ignore further calls */
};

static struct store *thread_store(struct web_server *srv)
{
	struct store *st = pthread_getspecific(srv->store_key);
	struct nrs_error err = {0};
	struct store **ns;

	if (st != NULL)
		return st;
	/* serve migrated the schema before starting; worker connections never migrate */
	if (store_open_nomigrate(srv->cfg->db_path, &st, &err) != 0) {
		log_error("databasen kunde inte öppnas i arbetstråd: %s", err.msg);
		return NULL;
	}
	pthread_mutex_lock(&srv->lock);
	if (srv->nstores == srv->capstores) {
		size_t ncap = srv->capstores ? srv->capstores * 2 : 8;

		ns = realloc(srv->stores, ncap * sizeof(*ns));
		if (ns == NULL) {
			pthread_mutex_unlock(&srv->lock);
			store_close(st);
			return NULL;
		}
		srv->stores = ns;
		srv->capstores = ncap;
	}
	srv->stores[srv->nstores++] = st;
	pthread_mutex_unlock(&srv->lock);
	if (pthread_setspecific(srv->store_key, st) != 0)
		return NULL; /* stays in the registry and is closed at stop */
	return st;
}

static bool is_api_path(const char *url)
{
	return strcmp(url, "/api") == 0 || str_starts(url, "/api/");
}

static bool unsafe_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* Answer with an error before any request context exists (413/415/400 up front). */
static enum MHD_Result send_early(struct web_server *srv, struct MHD_Connection *conn,
                                  const char *method, const char *url, int status)
{
	struct response r;
	enum MHD_Result ret;

	response_init(&r);
	response_error_status(&r, NULL, is_api_path(url), status, NULL);
	ret = (enum MHD_Result)response_queue(conn, srv->cfg, &r);
	log_debug("%s %s %d", method, url, r.status);
	response_free(&r);
	return ret;
}

static int media_type(const char *ct, enum body_kind *kind)
{
	size_t n;

	if (ct == NULL)
		return NRS_EINVAL;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	n = strcspn(ct, "; \t");
	if (n == strlen("application/x-www-form-urlencoded") &&
	    strncasecmp(ct, "application/x-www-form-urlencoded", n) == 0)
		*kind = BODY_FORM;
	else if (n == strlen("application/json") && strncasecmp(ct, "application/json", n) == 0)
		*kind = BODY_JSON;
	else
		return NRS_EINVAL;
	return 0;
}

/* Bodies over max_body are not kept. Up to this much is still read and thrown away, so that
 * the client (which is busy sending) can read our 413 page instead of a connection reset;
 * beyond it the connection is answered at once and closed. */
static uint64_t drain_limit(const struct nrs_config *cfg)
{
	uint64_t four = 4 * (uint64_t)cfg->max_body;

	return four > 8u * 1024 * 1024 ? four : 8u * 1024 * 1024;
}

/* Checks on the headers, before any of the body is read. Returns an HTTP status to answer at
 * once, or 0; a declared length over max_body but within the drain limit sets too_big. */
static int precheck(struct web_server *srv, struct MHD_Connection *conn, struct conn_state *cs)
{
	const char *cl =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	const char *te =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
	const char *expect =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_EXPECT);
	int64_t len = 0;

	if (cl != NULL && str_to_i64(cl, 0, INT64_MAX, &len) != 0)
		return MHD_HTTP_BAD_REQUEST;
	if (len > srv->cfg->max_body) {
		/* a client waiting for 100 Continue has sent nothing yet: refuse now */
		if (expect != NULL || (uint64_t)len > drain_limit(srv->cfg))
			return MHD_HTTP_CONTENT_TOO_LARGE;
		cs->too_big = true;
	}
	if (len > 0 || te != NULL) {
		if (media_type(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                           MHD_HTTP_HEADER_CONTENT_TYPE),
		               &cs->body_kind) != 0)
			return MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
	}
	return 0;
}

static void remote_address(struct MHD_Connection *conn, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci ? ci->client_addr : NULL;

	out[0] = '\0';
	if (sa == NULL)
		return;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
		          (socklen_t)n);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr,
		          out, (socklen_t)n);
}

struct query_ctx {
	struct request *req;
	int rc;
};

static enum MHD_Result on_query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                    size_t key_size, const char *value, size_t value_size)
{
	struct query_ctx *q = cls;

	(void)kind;
	q->rc = form_add(&q->req->query, key, key_size, value ? value : "", value ? value_size : 0);
	return q->rc == 0 ? MHD_YES : MHD_NO;
}

/* Who is asking: a bearer token (API routes only) or the session cookie. A bad bearer token is
 * NRS_EAUTH; a bad or expired cookie just leaves the request anonymous (*stale set). */
static int authenticate(struct request *req, const struct route *route, bool *stale)
{
	const char *auth, *cookie;
	struct session s;
	struct session_limits lim = {
	    .idle_seconds = req->cfg->session_idle_min * 60,
	    .absolute_seconds = req->cfg->session_abs_hours * 3600,
	};
	int rc;

	*stale = false;
	if (route->flags & ROUTE_API) {
		auth = req_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
		if (auth != NULL) {
			if (strncasecmp(auth, "Bearer ", 7) != 0)
				return NRS_EAUTH;
			auth += 7;
			while (*auth == ' ')
				auth++;
			if (*auth == '\0' || strlen(auth) > MAX_TOKEN_LEN)
				return NRS_EAUTH;
			rc = account_api_token_check(req->st, auth, &req->acc);
			if (rc != 0)
				return rc;
			req->logged_in = true;
			req->via_token = true;
			return 0;
		}
	}
	cookie = req_cookie(req, "nrs_session", MAX_TOKEN_LEN);
	if (cookie == NULL || cookie[0] == '\0')
		return 0;
	memset(&s, 0, sizeof(s));
	rc = session_resolve(req->st, cookie, &lim, req->now, &s);
	if (rc == NRS_EAUTH) {
		*stale = true;
		return 0;
	}
	if (rc != 0)
		return rc;
	req->acc = s.acc;
	memcpy(req->csrf, s.csrf, sizeof(req->csrf));
	req->csrf[sizeof(req->csrf) - 1] = '\0';
	snprintf(req->session_token, sizeof(req->session_token), "%s", cookie);
	req->logged_in = true;
	return 0;
}

/* The login page with a local "next" so the user comes back after signing in. */
static int redirect_to_login(struct request *req, struct response *resp)
{
	struct buf loc;
	int rc;

	buf_init(&loc, 4096);
	rc = buf_puts(&loc, "/login");
	if (rc == 0 && strcmp(req->method, "GET") == 0 && strcmp(req->path, "/") != 0 &&
	    req_local_path_ok(req->path)) {
		rc = buf_puts(&loc, "?next=");
		if (rc == 0)
			rc = html_url_encode(&loc, req->path);
	}
	if (rc == 0)
		rc = response_redirect(resp, buf_cstr(&loc));
	buf_free(&loc);
	return rc;
}

/* CSRF for state-changing requests. Page forms carry field csrf equal to the session's token;
 * the login form carries the pre-session token that is also in cookie nrs_prelogin; API calls
 * with a session cookie carry header X-CSRF-Token; bearer tokens need none (no cookies). */
static bool csrf_ok(struct request *req, const struct route *route)
{
	const char *sent, *expected;

	if (route->flags & ROUTE_PRELOGIN_CSRF) {
		expected = req_cookie(req, "nrs_prelogin", MAX_TOKEN_LEN);
		sent = form_get_unique(&req->form, "csrf");
		return expected && sent && strlen(expected) == CRYPTO_TOKEN_CHARS &&
		       crypto_str_equal(sent, expected);
	}
	if (!req->logged_in)
		return false;
	if (req->via_token)
		return true;
	if (route->flags & ROUTE_API)
		sent = req_header(req, "X-CSRF-Token");
	else
		sent = form_get_unique(&req->form, "csrf");
	return sent && req->csrf[0] && crypto_str_equal(sent, req->csrf);
}

static enum MHD_Result dispatch(struct web_server *srv, struct MHD_Connection *conn,
                                const char *url, const char *method, struct conn_state *cs)
{
	struct request req;
	struct response resp;
	struct nrs_error err = {0};
	struct query_ctx q;
	const struct route *route = NULL;
	enum router_result rr;
	enum MHD_Result ret;
	char *pathcopy;
	bool api = is_api_path(url), stale = false;
	int rc, status = 0;
	const char *detail = NULL;

	memset(&req, 0, sizeof(req));
	form_init(&req.query);
	form_init(&req.form);
	response_init(&resp);
	req.method = method;
	req.conn = conn;
	req.cfg = srv->cfg;
	req.keys = srv->keys;
	req.now = time(NULL);
	remote_address(conn, req.remote, sizeof(req.remote));

	if (strlen(url) > MAX_PATH_LEN || !str_utf8_ok(url, strlen(url)) || url[0] != '/') {
		status = MHD_HTTP_BAD_REQUEST;
		goto out;
	}
	req.path = req_strdup(&req, url);
	pathcopy = req_strdup(&req, url);
	if (req.path == NULL || pathcopy == NULL) {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		goto out;
	}
	rr = router_match(method, pathcopy, &req.match);
	if (rr == ROUTER_NO_PATH) {
		status = MHD_HTTP_NOT_FOUND;
		goto out;
	}
	if (rr == ROUTER_NO_METHOD) {
		status = MHD_HTTP_METHOD_NOT_ALLOWED;
		goto out;
	}
	route = req.match.route;
	api = (route->flags & ROUTE_API) != 0;

	q.req = &req;
	q.rc = 0;
	MHD_get_connection_values_n(conn, MHD_GET_ARGUMENT_KIND, on_query_arg, &q);
	if (q.rc != 0) {
		status = response_status_for(q.rc);
		goto out;
	}
	if (cs->body_kind == BODY_FORM) {
		if (api) {
			status = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
			goto out;
		}
		rc = form_parse_urlencoded(&req.form, buf_cstr(&cs->body), cs->body.len);
		if (rc != 0) {
			status = response_status_for(rc);
			goto out;
		}
	} else if (cs->body_kind == BODY_JSON) {
		if (!api) {
			status = MHD_HTTP_UNSUPPORTED_MEDIA_TYPE;
			goto out;
		}
		if (wjson_parse_body(buf_cstr(&cs->body), cs->body.len, &req.json, &err) != 0) {
			status = MHD_HTTP_BAD_REQUEST;
			detail = err.msg;
			goto out;
		}
	}

	req.st = thread_store(srv);
	if (req.st == NULL) {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		goto out;
	}
	rc = authenticate(&req, route, &stale);
	if (rc != 0) {
		status = rc == NRS_EAUTH ? MHD_HTTP_UNAUTHORIZED : MHD_HTTP_INTERNAL_SERVER_ERROR;
		goto out;
	}
	if (stale && response_set_cookie(&resp, srv->cfg, "nrs_session", NULL) != 0) {
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		goto out;
	}
	if (route->needs_login && !req.logged_in) {
		if (api) {
			status = MHD_HTTP_UNAUTHORIZED;
		} else if (redirect_to_login(&req, &resp) != 0) {
			status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		}
		goto out;
	}
	if (req.logged_in && req.acc.must_change_password &&
	    !(route->flags & ROUTE_MUST_CHANGE_OK)) {
		if (api) {
			status = MHD_HTTP_FORBIDDEN;
			detail = "Lösenordet måste bytas innan något annat kan göras.";
		} else if (response_redirect(&resp, "/password") != 0) {
			status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		}
		goto out;
	}
	if (unsafe_method(method) && !csrf_ok(&req, route)) {
		status = MHD_HTTP_FORBIDDEN;
		detail = route->flags & ROUTE_PRELOGIN_CSRF
		             ? "Inloggningsformuläret har gått ut. Ladda om sidan och försök igen."
		             : "Formuläret kunde inte kontrolleras (CSRF). Ladda om sidan och "
		               "försök igen. Inget har ändrats.";
		goto out;
	}
	if (route->kind != REC_NONE &&
	    !policy_allows_some(req.acc.roles, route->kind, route->action)) {
		status = MHD_HTTP_FORBIDDEN;
		goto out;
	}

	/* The handler's access rows (a case page reads case, plan, journal and risks) wait and are
	 * committed together below, with those of the other threads' requests: one fsync for all
	 * instead of one per row. Nothing is sent before that commit succeeded (R39). */
	audit_defer_begin();
	rc = route->handler(&req, &resp);
	if (rc == NRS_EAUTH && !api)
		rc = redirect_to_login(&req, &resp);
	if (rc != 0)
		response_error(&resp, &req, api, rc);
	if (req.st->tx_depth != 0) {
		/* a handler must never leave a transaction open on this thread's connection */
		log_error("transaktion lämnades öppen: %s %s", method, route->pattern);
		while (req.st->tx_depth > 0)
			store_tx_rollback(req.st);
	}
	/* a failed flush replaces the answer: what it holds was not logged */
	if (audit_defer_flush(req.st, &err) != 0)
		status = MHD_HTTP_INTERNAL_SERVER_ERROR;
out:
	if (status != 0) {
		response_error_status(&resp, &req, api, status, detail);
		if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
			router_allow(url, resp.allow, sizeof(resp.allow));
	}
	ret = (enum MHD_Result)response_queue(conn, srv->cfg, &resp);
	log_debug("%s %s %d", method, url, resp.status);
	request_free(&req);
	response_free(&resp);
	return ret;
}

static enum MHD_Result on_access(void *cls, struct MHD_Connection *conn, const char *url,
                                 const char *method, const char *version, const char *upload_data,
                                 size_t *upload_data_size, void **con_cls)
{
	struct web_server *srv = cls;
	struct conn_state *cs = *con_cls;
	int status;

	(void)version;
	if (cs == NULL) {
		cs = calloc(1, sizeof(*cs));
		if (cs == NULL)
			return MHD_NO;
		buf_init(&cs->body, (size_t)srv->cfg->max_body);
		*con_cls = cs;
		status = precheck(srv, conn, cs);
		if (status != 0) {
			/* answer before reading any body; MHD closes the connection afterwards */
			cs->responded = true;
			return send_early(srv, conn, method, url, status);
		}
		return MHD_YES;
	}
	if (*upload_data_size != 0) {
		if (!cs->too_big && buf_append(&cs->body, upload_data, *upload_data_size) != 0) {
			/* over max_body (chunked bodies have no length up front): stop keeping */
			cs->too_big = true;
			cs->discarded = cs->body.len;
			buf_free(&cs->body);
		}
		if (cs->too_big) {
			cs->discarded += *upload_data_size;
			if (cs->discarded > drain_limit(srv->cfg))
				return MHD_NO; /* past the drain limit: drop the connection */
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (cs->responded)
		return MHD_YES;
	cs->responded = true;
	if (cs->too_big)
		return send_early(srv, conn, method, url, MHD_HTTP_CONTENT_TOO_LARGE);
	return dispatch(srv, conn, url, method, cs);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (cs == NULL)
		return;
	buf_free(&cs->body);
	free(cs);
	*con_cls = NULL;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];

	(void)cls;
	/* MHD's own format strings; nothing from the request reaches fmt */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	vsnprintf(line, sizeof(line), fmt, ap);
#pragma GCC diagnostic pop
	line[strcspn(line, "\n")] = '\0';
	log_debug("mhd: %s", line);
}

int web_server_start(const struct nrs_config *cfg, const struct crypto_keys *keys,
                     struct web_server **out, struct nrs_error *err)
{
	struct web_server *srv = NULL;
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	const union MHD_DaemonInfo *di;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
	int rc;

	*out = NULL;
	if (router_check() != 0)
		return nrs_error_set(err, NRS_EINVAL, "", "routetabellen är felaktig");
	if (cfg->port < 0 || cfg->port > 65535)
		return nrs_error_set(err, NRS_EINVAL, "port", "porten ska vara 0–65535");
	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, cfg->listen_addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons((uint16_t)cfg->port);
	} else if (inet_pton(AF_INET6, cfg->listen_addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons((uint16_t)cfg->port);
		flags |= MHD_USE_IPv6;
	} else {
		return nrs_error_set(err, NRS_EINVAL, "listen",
		                     "ogiltig adress att lyssna på: ange en IP-adress");
	}
	flags |=
	    MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES ? MHD_USE_EPOLL : MHD_USE_POLL;
	srv = calloc(1, sizeof(*srv));
	if (srv == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	srv->cfg = cfg;
	srv->keys = keys;
	if (pthread_key_create(&srv->store_key, NULL) != 0) {
		free(srv);
		return nrs_error_set(err, NRS_ENOMEM, "", "trådlokal lagring saknas");
	}
	pthread_mutex_init(&srv->lock, NULL);
	json_object_seed(0); /* before threads: jansson seeds its hash tables once */
	srv->daemon = MHD_start_daemon(
	    flags, (uint16_t)cfg->port, NULL, NULL, on_access, srv, MHD_OPTION_SOCK_ADDR, &ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)cfg->max_connections, MHD_OPTION_CONNECTION_TIMEOUT,
	    (unsigned)cfg->conn_timeout_s, MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv,
	    MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, MHD_OPTION_END);
	if (srv->daemon == NULL) {
		rc = nrs_error_set(err, NRS_EIO, "port",
		                   "webbservern kunde inte starta på %s port %d (upptagen?)",
		                   cfg->listen_addr, cfg->port);
		web_server_stop(srv);
		return rc;
	}
	di = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : (uint16_t)cfg->port;
	*out = srv;
	return 0;
}

uint16_t web_server_port(const struct web_server *srv)
{
	return srv->port;
}

void web_server_stop(struct web_server *srv)
{
	if (srv == NULL)
		return;
	if (srv->daemon != NULL)
		MHD_stop_daemon(srv->daemon); /* joins the pool threads */
	for (size_t i = 0; i < srv->nstores; i++)
		store_close(srv->stores[i]);
	free(srv->stores);
	pthread_key_delete(srv->store_key);
	pthread_mutex_destroy(&srv->lock);
	free(srv);
}
