/* Web helpers shared by the activity pages and their JSON twins (see activity.h). */
#include "web/pages/activity.h"

#include "base/date.h"
#include "base/err.h"
#include "base/str.h"
#include "domain/regionconf.h"
#include "security/policy.h"
#include "store/reference.h"
#include "web/fields.h"
#include "web/listing.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void activity_actor(const struct request *req, struct clientsvc_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->user_id = req->acc.id;
	a->username = req->acc.username;
	a->organisation_id = req->acc.organisation_id;
	a->remote = req->remote;
	a->today = date_today();
}

int activity_parse_id(const char *s, int64_t *id)
{
	if (s == NULL || str_to_i64(s, 1, INT64_MAX, id) != 0)
		return NRS_EINVAL;
	return 0;
}

int activity_referral_load(struct request *req, enum policy_action action, int64_t *id)
{
	unsigned rel = REL_ANY;
	int64_t org = 0;
	int rc;

	if (activity_parse_id(req_param(req, "id"), id) != 0)
		return NRS_ENOTFOUND;
	rc = activitysvc_referral_owner(req->st, *id, &org);
	if (rc != 0)
		return rc;
	if (org != 0 && org == req->acc.organisation_id)
		rel |= REL_OWN_ORG;
	return policy_allows(req->acc.roles, rel, REC_REFERRAL, action) ? 0 : NRS_EDENIED;
}

const char *activity_msg(struct request *req, const char *msg)
{
	const char *copy =
	    req_strdup(req, msg != NULL && msg[0] != '\0' ? msg : "Uppgiften godtas inte.");

	return copy != NULL ? copy : "Uppgiften godtas inte.";
}

void activity_choice_select(struct html *h, const char *name, const char *label,
                            const struct activity_choice *list, const char *selected,
                            const char *error, const char *empty_label)
{
	field_select_open(h, name, label, error, empty_label);
	for (; list->key != NULL; list++)
		field_option(h, list->key, list->label,
		             selected != NULL && strcmp(selected, list->key) == 0);
	field_select_close(h);
}

struct muni_opt {
	char code[5];
	char name[101];
};

struct muni_opts {
	struct muni_opt *v;
	size_t n, cap;
};

static int collect_member(const struct municipality_row *row, void *ctx)
{
	struct muni_opts *m = ctx;
	struct muni_opt *nv;

	if (!row->member)
		return 0;
	nv = listing_grow(m->v, m->n, &m->cap, sizeof(*nv));
	if (nv == NULL)
		return NRS_ENOMEM;
	m->v = nv;
	snprintf(m->v[m->n].code, sizeof(m->v[m->n].code), "%s", row->code);
	snprintf(m->v[m->n].name, sizeof(m->v[m->n].name), "%s", row->name);
	m->n++;
	return 0;
}

static int cmp_muni_name(const void *a, const void *b)
{
	return strcmp(((const struct muni_opt *)a)->name, ((const struct muni_opt *)b)->name);
}

int activity_municipality_select(struct html *h, struct request *req, const char *name,
                                 const char *label, const char *selected, const char *error,
                                 const char *empty_label)
{
	struct muni_opts m = {0};
	int rc = store_municipality_list(req->st, NULL, collect_member, &m);

	if (rc != 0)
		goto out;
	if (m.n > 1)
		qsort(m.v, m.n, sizeof(*m.v), cmp_muni_name);
	field_select_open(h, name, label, error, empty_label);
	for (size_t i = 0; i < m.n; i++)
		field_option(h, m.v[i].code, m.v[i].name,
		             selected != NULL && strcmp(selected, m.v[i].code) == 0);
	field_select_close(h);
out:
	free(m.v);
	return rc;
}

struct org_opts {
	struct html *h;
	const char *selected;
	char group[32]; /* the kind of the open <optgroup>, "" before the first */
};

static int write_org(const struct org_row *row, void *ctx)
{
	struct org_opts *o = ctx;
	char id[24];

	if (!row->active)
		return 0;
	/* the register lists by kind, then name: one group per kind */
	if (strcmp(o->group, row->kind) != 0) {
		if (o->group[0] != '\0')
			html_raw_trusted(o->h, "</optgroup>\n");
		html_raw_trusted(o->h, "<optgroup label=\"");
		html_attr(o->h, org_kind_label(row->kind));
		html_raw_trusted(o->h, "\">\n");
		snprintf(o->group, sizeof(o->group), "%s", row->kind);
	}
	snprintf(id, sizeof(id), "%lld", (long long)row->id);
	field_option(o->h, id, row->name, o->selected != NULL && strcmp(o->selected, id) == 0);
	return 0;
}

int activity_org_select(struct html *h, struct request *req, const char *name, const char *label,
                        const char *selected, const char *error, const char *empty_label)
{
	struct org_opts o = {h, selected, ""};
	int rc;

	field_select_open(h, name, label, error, empty_label);
	rc = store_org_list(req->st, NULL, write_org, &o);
	if (o.group[0] != '\0')
		html_raw_trusted(h, "</optgroup>\n");
	field_select_close(h);
	return rc;
}

void activity_form_alert(struct html *h, const char *what)
{
	html_raw_trusted(h, "<div class=\"alert\" role=\"alert\"><p>");
	html_text(h, what);
	html_raw_trusted(h, " Rätta uppgifterna som är markerade nedan.</p></div>\n");
}

void activity_text_or_dash(struct html *h, const char *s)
{
	if (s == NULL || s[0] == '\0')
		html_raw_trusted(h, "–");
	else
		html_text(h, s);
}
