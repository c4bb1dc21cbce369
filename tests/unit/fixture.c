/* The unit tests' shared store set-up (fixture.h). */
#include "fixture.h"

#include "base/embed.h"
#include "domain/regionconf.h"
#include "security/housingsvc.h"
#include "store/reference.h"
#include "store/setup.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

void fixture_path(char path[FIXTURE_PATH_MAX])
{
	char dir[] = "/tmp/nrs-test-XXXXXX";

	assert_non_null(mkdtemp(dir));
	snprintf(path, FIXTURE_PATH_MAX, "%s/store.db", dir);
}

struct store *fixture_open(char path[FIXTURE_PATH_MAX])
{
	struct store *st = NULL;
	struct nrs_error err = {0};

	assert_int_equal(crypto_init(), 0);
	fixture_path(path);
	if (store_open(path, &st, &err) != 0 || store_load_reference(st, &err) != 0)
		fail_msg("store %s: %s", path, err.msg);
	return st;
}

void fixture_region(struct store *st)
{
	const struct nrs_blob *ini = nrs_embedded("data/region-23.ini");
	struct regionconf *rc = calloc(1, sizeof(*rc)); /* large: not on the stack */
	struct nrs_error err = {0};

	assert_non_null(ini);
	assert_non_null(rc);
	if (regionconf_parse((const char *)ini->data, rc, &err) != 0 ||
	    store_apply_region(st, rc, &err) != 0)
		fail_msg("region-23.ini: %s", err.msg);
	free(rc);
}

void fixture_keys(struct crypto_keys *keys)
{
	memset(keys->field, 0x11, sizeof(keys->field));
	memset(keys->index, 0x22, sizeof(keys->index));
	memset(keys->audit, 0x33, sizeof(keys->audit));
	memset(keys->backup, 0x44, sizeof(keys->backup));
}

int64_t fixture_centre(struct store *st)
{
	struct org_input centre = {"centre", "Centrum mot våld (test)", NULL, "2380"};
	int64_t id = 0;

	assert_int_equal(store_org_add(st, &centre, &id, NULL), 0);
	return id;
}

int64_t fixture_user(struct store *st, const char *username, const char *display, int64_t org,
                     int active)
{
	static const char sql[] =
	    "INSERT INTO app_user (username, display_name, organisation_id, password_hash,"
	    " active, created_at) VALUES (?1, ?2, ?3, 'x', ?4, '2023-01-01T00:00:00Z')";
	sqlite3_stmt *s;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, username, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, display, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, org);
	sqlite3_bind_int(s, 4, active);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
	return sqlite3_last_insert_rowid(st->db);
}

struct clientsvc_actor fixture_anna(struct store *st, int64_t org, struct nrs_date today)
{
	int64_t anna = fixture_user(st, "anna", "Anna Andersson", org, 1);

	return (struct clientsvc_actor){anna, "anna", org, "192.0.2.1", today};
}

static int first_two(const struct apartment_row *a, void *ctx)
{
	int64_t *ids = ctx;

	if (ids[0] == 0)
		ids[0] = a->id;
	else if (ids[1] == 0)
		ids[1] = a->id;
	return 0;
}

void fixture_apartments(struct store *st, int64_t org, int64_t *apt1, int64_t *apt2)
{
	int64_t ids[2] = {0, 0};

	assert_int_equal(housingsvc_apartment_list(st, org, 1, first_two, ids), 0);
	assert_true(ids[0] > 0 && ids[1] > 0);
	*apt1 = ids[0];
	*apt2 = ids[1];
}

int64_t fixture_query_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

int64_t fixture_exec(struct store *st, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	return sqlite3_last_insert_rowid(st->db);
}

int fixture_file_contains(const char *path, const char *needle)
{
	FILE *fp = fopen(path, "rb");
	size_t n = strlen(needle), len = 0, cap = 0;
	char *data = NULL;
	int found = 0;

	if (fp == NULL)
		return 0;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		size_t r = fread(data + len, 1, cap - len, fp);
		if (r == 0)
			break;
		len += r;
	}
	fclose(fp);
	for (size_t i = 0; !found && len >= n && i <= len - n; i++)
		found = memcmp(data + i, needle, n) == 0;
	free(data);
	return found;
}

void fixture_remove(const char *path)
{
	char dir[FIXTURE_PATH_MAX], file[FIXTURE_PATH_MAX + 256];
	char *slash;
	DIR *d;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	/* only what fixture_path made: never a directory the test did not create */
	if (!slash || strncmp(dir, "/tmp/nrs-test-", 14) != 0)
		return;
	*slash = '\0';
	d = opendir(dir);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(file, sizeof(file), "%s/%s", dir, e->d_name);
		unlink(file);
	}
	closedir(d);
	rmdir(dir);
}

void fixture_close(struct store *st, const char *path)
{
	if (st)
		store_close(st);
	fixture_remove(path);
}
