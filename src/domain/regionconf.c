/* County configuration from INI text (see regionconf.h), read with inih. */
#include "domain/regionconf.h"
#include "base/date.h"
#include "base/str.h"
#include "domain/orgnr.h"

#include <ini.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *kind, *label;
} kinds[] = {
	{"municipality", "kommun"},
	{"region", "region"},
	{"police", "polis"},
	{"centre", "centrum mot våld"},
	{"shelter", "kvinno-/tjejjour"},
	{"prosecutor", "åklagare"},
	{"county_board", "länsstyrelse"},
	{"other", "annan"},
};

int org_kind_valid(const char *kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return 1;
	return 0;
}

const char *org_kind_label(const char *kind)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kinds[i].kind, kind) == 0)
			return kinds[i].label;
	return "okänd";
}

struct parse_ctx {
	struct regionconf *rc;
	struct nrs_error *err;
	char section[64];
	int failed;
};

static int fail(struct parse_ctx *c, const char *key, const char *what)
{
	nrs_error_set(c->err, NRS_EINVAL, key, "[%s] %s: %s", c->section, key, what);
	c->failed = 1;
	return 0;
}

/* Sections: [region], [member CODE], [org KEY]. A new section starts a new entry. */
static int start_section(struct parse_ctx *c, const char *section)
{
	struct regionconf *rc = c->rc;

	snprintf(c->section, sizeof(c->section), "%s", section);
	if (strncmp(section, "member ", 7) == 0) {
		struct regionconf_member *m;
		if (rc->nmembers == REGIONCONF_MAX)
			return fail(c, "member", "för många kommuner");
		if (strlen(section + 7) != 4 || !str_all_digits(section + 7))
			return fail(c, "member", "kommunkoden ska vara fyra siffror");
		m = &rc->members[rc->nmembers++];
		memset(m, 0, sizeof(*m));
		snprintf(m->code, sizeof(m->code), "%s", section + 7);
		m->population = -1;
	} else if (strncmp(section, "org ", 4) == 0) {
		struct regionconf_org *o;
		if (rc->norgs == REGIONCONF_MAX)
			return fail(c, "org", "för många organisationer");
		o = &rc->orgs[rc->norgs++];
		memset(o, 0, sizeof(*o));
		snprintf(o->key, sizeof(o->key), "%s", section + 4);
	} else if (strcmp(section, "region") != 0) {
		return fail(c, "", "okänd sektion");
	}
	return 1;
}

static int set_text(struct parse_ctx *c, char *dst, size_t n, const char *name, const char *v)
{
	if (strlen(v) >= n || *v == '\0' || !str_utf8_ok(v, strlen(v)))
		return fail(c, name, "saknas, är för långt eller inte UTF-8");
	snprintf(dst, n, "%s", v);
	return 1;
}

static int set_orgnr(struct parse_ctx *c, char out[12], const char *name, const char *v)
{
	if (orgnr_parse(v, out, c->err) != 0)
		return fail(c, name, c->err ? c->err->msg : "ogiltigt organisationsnummer");
	return 1;
}

static int on_region(struct parse_ctx *c, const char *name, const char *v)
{
	struct regionconf *rc = c->rc;
	struct nrs_date d;

	if (strcmp(name, "county") == 0) {
		if (strlen(v) != 2 || !str_all_digits(v))
			return fail(c, name, "länskoden ska vara två siffror");
		snprintf(rc->county, sizeof(rc->county), "%s", v);
		return 1;
	}
	if (strcmp(name, "name") == 0)
		return set_text(c, rc->name, sizeof(rc->name), name, v);
	if (strcmp(name, "host") == 0) {
		if (strlen(v) != 4 || !str_all_digits(v))
			return fail(c, name, "kommunkoden ska vara fyra siffror");
		snprintf(rc->host, sizeof(rc->host), "%s", v);
		return 1;
	}
	if (strcmp(name, "population_date") == 0) {
		if (date_parse(v, &d) != 0)
			return fail(c, name, "datum ska skrivas ÅÅÅÅ-MM-DD");
		snprintf(rc->population_date, sizeof(rc->population_date), "%s", v);
		return 1;
	}
	return fail(c, name, "okänd nyckel");
}

static int on_member(struct parse_ctx *c, const char *name, const char *v)
{
	struct regionconf_member *m = &c->rc->members[c->rc->nmembers - 1];

	if (strcmp(name, "name") == 0)
		return set_text(c, m->name, sizeof(m->name), name, v);
	if (strcmp(name, "org_number") == 0)
		return set_orgnr(c, m->org_number, name, v);
	if (strcmp(name, "population") == 0) {
		if (str_to_i64(v, 0, 100000000, &m->population) != 0)
			return fail(c, name, "ska vara ett heltal");
		return 1;
	}
	return fail(c, name, "okänd nyckel");
}

static int on_org(struct parse_ctx *c, const char *name, const char *v)
{
	struct regionconf_org *o = &c->rc->orgs[c->rc->norgs - 1];

	if (strcmp(name, "name") == 0)
		return set_text(c, o->name, sizeof(o->name), name, v);
	if (strcmp(name, "kind") == 0) {
		if (!org_kind_valid(v) || strcmp(v, "municipality") == 0)
			return fail(c, name, "okänd organisationstyp");
		snprintf(o->kind, sizeof(o->kind), "%s", v);
		return 1;
	}
	if (strcmp(name, "org_number") == 0)
		return set_orgnr(c, o->org_number, name, v);
	if (strcmp(name, "municipality") == 0) {
		if (strlen(v) != 4 || !str_all_digits(v))
			return fail(c, name, "kommunkoden ska vara fyra siffror");
		snprintf(o->municipality, sizeof(o->municipality), "%s", v);
		return 1;
	}
	return fail(c, name, "okänd nyckel");
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct parse_ctx *c = user;

	if (strcmp(section, c->section) != 0 || name == NULL)
		if (!start_section(c, section))
			return 0;
	if (name == NULL)
		return 1;
	if (strcmp(section, "region") == 0)
		return on_region(c, name, value);
	if (strncmp(section, "member ", 7) == 0)
		return on_member(c, name, value);
	return on_org(c, name, value);
}

int regionconf_parse(const char *text, struct regionconf *rc, struct nrs_error *err)
{
	struct parse_ctx c;
	int line;

	memset(rc, 0, sizeof(*rc));
	memset(&c, 0, sizeof(c));
	c.rc = rc;
	c.err = err;
	line = ini_parse_string(text, on_value, &c);
	if (line != 0) {
		if (!c.failed)
			nrs_error_set(err, NRS_EINVAL, "", "felaktig rad %d", line);
		return NRS_EINVAL;
	}
	if (rc->county[0] == '\0' || rc->host[0] == '\0' || rc->name[0] == '\0')
		return nrs_error_set(err, NRS_EINVAL, "region",
				     "[region] måste ange county, name och host");
	for (int i = 0; i < rc->norgs; i++)
		if (rc->orgs[i].kind[0] == '\0' || rc->orgs[i].name[0] == '\0')
			return nrs_error_set(err, NRS_EINVAL, "org",
					     "[org %s] måste ange kind och name", rc->orgs[i].key);
	return 0;
}
