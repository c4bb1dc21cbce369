/* Signing in and out and changing one's password: GET/POST /login, POST /logout,
 * POST /logout-all, GET/POST /password, and GET /healthz for monitoring and tests.
 * Login CSRF: GET /login sets cookie nrs_prelogin to a random token and puts the same token in
 * the form; the dispatcher accepts POST /login only when both agree (double submit). */
#include "base/err.h"
#include "base/log.h"
#include "security/account.h"
#include "security/audit.h"
#include "security/session.h"
#include "store/db.h"
#include "web/fields.h"
#include "web/html.h"
#include "web/layout.h"
#include "web/request.h"
#include "web/response.h"
#include "web/router.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define MSG_BAD_LOGIN "Fel användarnamn eller lösenord."
#define MAX_USERNAME 64

static bool token_shaped(const char *s)
{
	if (s == NULL || strlen(s) != CRYPTO_TOKEN_CHARS)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	return true;
}

/* Audit a sign-in event. acc may be NULL (unknown user). */
static int audit_auth(struct request *req, const struct account *acc, const char *action)
{
	struct nrs_error err = {0};
	char id[24] = "";
	struct audit_entry e = {
	    .user_id = acc ? acc->id : 0,
	    .username = acc ? acc->username : NULL,
	    .organisation_id = acc ? acc->organisation_id : 0,
	    .action = action,
	    .record_kind = "user",
	    .record_id = NULL,
	    .remote = req->remote[0] ? req->remote : NULL,
	    .reason = NULL,
	};
	int rc;

	if (acc != NULL) {
		snprintf(id, sizeof(id), "%" PRId64, acc->id);
		e.record_id = id;
	}
	rc = audit_append(req->st, req->keys->audit, &e, &err);
	if (rc != 0)
		log_error("loggraden kunde inte skrivas (%s)", action);
	return rc;
}

static int render_login(struct request *req, struct response *resp, int status,
                        const char *username, const char *next, const char *error)
{
	const char *pre = req_cookie(req, "nrs_prelogin", CRYPTO_TOKEN_CHARS);
	char fresh[CRYPTO_TOKEN_CHARS + 1];
	struct html h;
	int rc;

	/* Reuse a well-formed existing token so that two open tabs both work. */
	if (!token_shaped(pre)) {
		crypto_random_token(fresh);
		pre = fresh;
		rc = response_set_cookie(resp, req->cfg, "nrs_prelogin", fresh);
		if (rc != 0)
			return rc;
	}
	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, NULL, "Logga in");
	html_raw_trusted(&h, "<h1>Logga in</h1>\n");
	if (error) {
		html_raw_trusted(&h, "<div class=\"alert\" role=\"alert\"><p>");
		html_text(&h, error);
		html_raw_trusted(&h, "</p></div>\n");
	}
	html_raw_trusted(&h, "<form method=\"post\" action=\"/login\" class=\"form narrow\">\n");
	html_csrf_input(&h, pre);
	if (next && req_local_path_ok(next)) {
		html_raw_trusted(&h, "<input type=\"hidden\" name=\"next\" value=\"");
		html_attr(&h, next);
		html_raw_trusted(&h, "\">\n");
	}
	field_input(&h, "username", "Användarnamn", "text", username, NULL, "username", true);
	field_input(&h, "password", "Lösenord", "password", NULL, NULL, "current-password", true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Logga in</button></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int login_get(struct request *req, struct response *resp)
{
	if (req->logged_in)
		return response_redirect(resp, "/");
	return render_login(req, resp, 200, NULL, form_get(&req->query, "next"), NULL);
}

static int login_post(struct request *req, struct response *resp)
{
	const char *username = form_get_unique(&req->form, "username");
	const char *password = form_get_unique(&req->form, "password");
	const char *next = form_get_unique(&req->form, "next");
	struct nrs_error err = {0};
	struct account acc, known;
	struct session s;
	int rc;

	if (next && !req_local_path_ok(next))
		next = NULL;
	if (username == NULL || password == NULL || username[0] == '\0' || password[0] == '\0')
		return render_login(req, resp, 422, username, next,
		                    "Fyll i användarnamn och lösenord.");
	if (strlen(username) > MAX_USERNAME || strlen(password) > ACCOUNT_MAX_PASSWORD)
		return render_login(req, resp, 422, NULL, next, MSG_BAD_LOGIN);

	memset(&acc, 0, sizeof(acc));
	rc = account_login(req->st, username, password, req->now, &acc, &err);
	if (rc == NRS_EAUTH || rc == NRS_ELOCKED || rc == NRS_EINVAL) {
		/* Audit the attempt against the account only if it exists: a password typed into
		 * the username field must not end up in the audit log. */
		bool exists = account_get_by_username(req->st, username, &known) == 0;

		if (audit_auth(req, exists ? &known : NULL,
		               rc == NRS_ELOCKED ? "login_locked" : "login_failed") != 0)
			return NRS_EDB;
		return render_login(req, resp, 422, username, next,
		                    rc == NRS_ELOCKED && err.msg[0] ? err.msg : MSG_BAD_LOGIN);
	}
	if (rc != 0)
		return rc;

	memset(&s, 0, sizeof(s));
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	rc = session_create(req->st, &acc, req->now, &s);
	if (rc == 0)
		rc = audit_auth(req, &acc, "login");
	if (rc != 0) {
		store_tx_rollback(req->st);
		return rc;
	}
	rc = store_tx_commit(req->st);
	if (rc != 0)
		return rc;
	rc = response_set_cookie(resp, req->cfg, "nrs_session", s.token);
	if (rc == 0)
		rc = response_set_cookie(resp, req->cfg, "nrs_prelogin", NULL);
	if (rc == 0)
		rc = response_redirect(resp, acc.must_change_password ? "/password"
		                                                      : (next ? next : "/"));
	memset(&s, 0, sizeof(s));
	return rc;
}

/* End this session (all: every session of the user), audit it and go to the login page. */
static int sign_out(struct request *req, struct response *resp, bool all)
{
	int rc = store_tx_begin(req->st);

	if (rc != 0)
		return rc;
	rc = all ? session_end_all(req->st, req->acc.id) : session_end(req->st, req->session_token);
	if (rc == 0)
		rc = audit_auth(req, &req->acc, all ? "logout_all" : "logout");
	if (rc != 0) {
		store_tx_rollback(req->st);
		return rc;
	}
	rc = store_tx_commit(req->st);
	if (rc == 0)
		rc = response_set_cookie(resp, req->cfg, "nrs_session", NULL);
	if (rc == 0)
		rc = response_redirect(resp, "/login");
	return rc;
}

static int logout_post(struct request *req, struct response *resp)
{
	return sign_out(req, resp, false);
}

static int logout_all_post(struct request *req, struct response *resp)
{
	return sign_out(req, resp, true);
}

struct password_errors {
	const char *current, *new_password, *repeat;
};

static int render_password(struct request *req, struct response *resp, int status,
                           const struct password_errors *e)
{
	struct html h;

	resp->status = status;
	html_init(&h, &resp->body);
	layout_begin(&h, req, "Byt lösenord");
	html_raw_trusted(&h, "<h1>Byt lösenord</h1>\n");
	if (req->acc.must_change_password)
		html_raw_trusted(&h, "<p class=\"notice\">Du behöver välja ett eget lösenord innan "
		                     "du kan fortsätta.</p>\n");
	html_raw_trusted(&h, "<p>Lösenordet ska ha minst ");
	html_int(&h, ACCOUNT_MIN_PASSWORD);
	html_raw_trusted(&h, " tecken. En fras av flera ord är lätt att minnas och svår att "
	                     "gissa.</p>\n<form method=\"post\" action=\"/password\" "
	                     "class=\"form narrow\">\n");
	html_csrf_input(&h, req->csrf);
	/* passwords are never written back into the form */
	field_input(&h, "current", "Nuvarande lösenord", "password", NULL, e ? e->current : NULL,
	            "current-password", true);
	field_input(&h, "new", "Nytt lösenord", "password", NULL, e ? e->new_password : NULL,
	            "new-password", true);
	field_input(&h, "repeat", "Upprepa det nya lösenordet", "password", NULL,
	            e ? e->repeat : NULL, "new-password", true);
	html_raw_trusted(&h, "<p><button type=\"submit\">Byt lösenord</button></p>\n</form>\n");
	layout_end(&h);
	return h.err;
}

static int password_get(struct request *req, struct response *resp)
{
	return render_password(req, resp, 200, NULL);
}

static int password_post(struct request *req, struct response *resp)
{
	const char *cur = form_get_unique(&req->form, "current");
	const char *nw = form_get_unique(&req->form, "new");
	const char *rep = form_get_unique(&req->form, "repeat");
	struct password_errors e = {0};
	struct nrs_error err = {0};
	struct account acc;
	struct session s;
	int rc;

	if (cur == NULL || cur[0] == '\0')
		e.current = "Fyll i ditt nuvarande lösenord.";
	if (nw == NULL || nw[0] == '\0')
		e.new_password = "Fyll i ett nytt lösenord.";
	else if (strlen(nw) < ACCOUNT_MIN_PASSWORD)
		e.new_password = "Lösenordet är för kort.";
	else if (strlen(nw) > ACCOUNT_MAX_PASSWORD)
		e.new_password = "Lösenordet är för långt.";
	if (rep == NULL || nw == NULL || strcmp(nw, rep) != 0)
		e.repeat = "Lösenorden är inte lika.";
	if (e.current || e.new_password || e.repeat)
		return render_password(req, resp, 422, &e);

	/* Outside our transaction: a wrong current password may count towards lockout, and
	 * that must not be rolled back. */
	rc = account_change_password(req->st, req->acc.id, cur, nw, &err);
	if (rc == NRS_EAUTH || rc == NRS_EINVAL || rc == NRS_ELOCKED) {
		if (rc == NRS_EINVAL)
			e.new_password = err.msg[0] ? err.msg : "Lösenordet godtas inte.";
		else
			e.current = rc == NRS_ELOCKED && err.msg[0] ? err.msg
			                                            : "Nuvarande lösenord är fel.";
		return render_password(req, resp, 422, &e);
	}
	if (rc != 0)
		return rc;
	memset(&s, 0, sizeof(s));
	rc = store_tx_begin(req->st);
	if (rc != 0)
		return rc;
	/* Every other session of the user ends; this browser gets a fresh one. */
	rc = session_end_all(req->st, req->acc.id);
	if (rc == 0)
		rc = account_get(req->st, req->acc.id, &acc);
	if (rc == 0)
		rc = session_create(req->st, &acc, req->now, &s);
	if (rc == 0)
		rc = audit_auth(req, &req->acc, "password_change");
	if (rc != 0) {
		store_tx_rollback(req->st);
		return rc;
	}
	rc = store_tx_commit(req->st);
	if (rc == 0)
		rc = response_set_cookie(resp, req->cfg, "nrs_session", s.token);
	if (rc == 0)
		rc = response_redirect(resp, "/");
	memset(&s, 0, sizeof(s));
	return rc;
}

static int healthz_get(struct request *req, struct response *resp)
{
	(void)req;
	resp->content_type = "text/plain; charset=utf-8";
	return buf_puts(&resp->body, "ok\n");
}

const struct route auth_routes[] = {
    {"GET", "/login", login_get, false, REC_NONE, 0, 0},
    {"POST", "/login", login_post, false, REC_NONE, 0, ROUTE_PRELOGIN_CSRF},
    {"POST", "/logout", logout_post, true, REC_NONE, 0, ROUTE_MUST_CHANGE_OK},
    {"POST", "/logout-all", logout_all_post, true, REC_NONE, 0, ROUTE_MUST_CHANGE_OK},
    {"GET", "/password", password_get, true, REC_NONE, 0, ROUTE_MUST_CHANGE_OK},
    {"POST", "/password", password_post, true, REC_NONE, 0, ROUTE_MUST_CHANGE_OK},
    {"GET", "/healthz", healthz_get, false, REC_NONE, 0, 0},
};
ROUTE_TABLE_COUNT(auth);
