/* The audit chain: an intact chain verifies; a changed field, a deleted or reordered row and
 * a wrong key are each reported at the right row; concurrent appenders on several connections
 * do not fork the chain, nor do threads sharing the group commit, each of whose appends
 * returns only once committed; deferred access rows wait for their flush; export quotes
 * safely; the review queries filter and page. */
#include "base/date.h"
#include "base/str.h"
#include "security/audit.h"
#include "store/audit.h"
#include "store/db.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

static const unsigned char key[32] = "0123456789abcdef0123456789abcdef";
static char db_path[96];

static void remove_files(const char *path)
{
	char p[160];

	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void remove_db(void)
{
	remove_files(db_path);
}

static int setup(void **state)
{
	static int n;
	struct store *st = NULL;

	snprintf(db_path, sizeof(db_path), "/tmp/nrs-test-audit-%d-%d.db", (int)getpid(), n++);
	remove_db();
	if (store_open(db_path, &st, NULL) != 0)
		return -1;
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	store_close(*state);
	remove_db();
	return 0;
}

static void exec_sql(struct store *st, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK)
		fprintf(stderr, "sql failed: %s: %s\n", sql, msg ? msg : "");
	sqlite3_free(msg);
	assert_int_equal(rc, SQLITE_OK);
}

static int64_t query_int(struct store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Rows with varied content: system rows (NULL user), empty and non-empty reasons, text
 * with separators, quotes and non-ASCII letters. */
static void append_rows(struct store *st, int n)
{
	static const char *const actions[] = {"read", "update", "create", "read", "login"};
	static const char *const kinds[] = {"client", "case", "user"};
	char rid[32], reason[64];

	for (int i = 0; i < n; i++) {
		struct audit_entry e = {0};
		struct nrs_error err = {0};
		snprintf(rid, sizeof(rid), "%d", 1000 + i);
		snprintf(reason, sizeof(reason), "skäl %d; \"citat\"", i);
		e.user_id = i % 7 == 0 ? 0 : 1 + i % 3;
		e.username = i % 7 == 0 ? NULL : (i % 3 == 0 ? "anna" : "björn");
		e.organisation_id = i % 7 == 0 ? 0 : 3;
		e.action = actions[i % 5];
		e.record_kind = kinds[i % 3];
		e.record_id = i % 4 == 0 ? NULL : rid;
		e.remote = i % 7 == 0 ? NULL : "192.0.2.7";
		e.reason = i % 5 == 0 ? NULL : (i % 5 == 1 ? "" : reason);
		assert_int_equal(audit_append(st, key, &e, &err), 0);
	}
}

/* Verification stops at row id after `good` intact rows. */
static void expect_broken(struct store *st, int64_t id, int64_t good)
{
	int64_t checked = -1, bad = -1;

	assert_int_equal(audit_verify(st, key, &checked, &bad), NRS_ECONFLICT);
	assert_int_equal(bad, id);
	assert_int_equal(checked, good);
}

static void expect_broken_at(struct store *st, int64_t id)
{
	expect_broken(st, id, id - 1);
}

static void test_empty_chain(void **state)
{
	struct store *st = *state;
	int64_t checked = -1, bad = -1;

	assert_int_equal(audit_verify(st, key, &checked, &bad), 0);
	assert_int_equal(checked, 0);
	assert_int_equal(bad, 0);
}

static void test_intact_chain(void **state)
{
	struct store *st = *state;
	struct audit_verify_result res;
	int64_t checked = -1, bad = -1;

	append_rows(st, 50);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 50);
	assert_int_equal(audit_verify(st, key, &checked, &bad), 0);
	assert_int_equal(checked, 50);
	assert_int_equal(bad, 0);
	/* the first row links to zeros, every other to its predecessor */
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log WHERE id = 1"
				       " AND prev_hash = zeroblob(32)"),
			 1);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log a JOIN audit_log b"
				       " ON b.id = a.id + 1 WHERE b.prev_hash = a.hash"),
			 49);
	assert_int_equal(audit_verify_full(st, key, &res), 0);
	assert_int_equal(res.last_id, 50);
	assert_int_equal(audit_anchor_check(st, res.last_id, res.last_hash), 0);
}

static void test_append_only_triggers(void **state)
{
	struct store *st = *state;

	append_rows(st, 3);
	assert_int_not_equal(sqlite3_exec(st->db, "UPDATE audit_log SET reason = 'x' WHERE id = 2",
					  NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(st->db, "DELETE FROM audit_log WHERE id = 2", NULL,
					  NULL, NULL),
			     SQLITE_OK);
	assert_int_equal(audit_verify(st, key, NULL, NULL), 0);
}

static void test_changed_reason(void **state)
{
	struct store *st = *state;

	append_rows(st, 50);
	/* as an attacker with the file would: drop the guard, then edit */
	exec_sql(st, "DROP TRIGGER audit_log_no_update");
	exec_sql(st, "UPDATE audit_log SET reason = 'ändrat i efterhand' WHERE id = 17");
	expect_broken_at(st, 17);
}

static void test_null_differs_from_empty(void **state)
{
	struct store *st = *state;

	append_rows(st, 12);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log WHERE id = 6"
				       " AND reason IS NULL"),
			 1);
	exec_sql(st, "DROP TRIGGER audit_log_no_update");
	exec_sql(st, "UPDATE audit_log SET reason = '' WHERE id = 6");
	expect_broken_at(st, 6);
}

static void test_changed_other_fields(void **state)
{
	static const char *const edits[] = {
		"UPDATE audit_log SET at = '2000-01-01T00:00:00.000Z' WHERE id = 9",
		"UPDATE audit_log SET user_id = NULL WHERE id = 9",
		"UPDATE audit_log SET username = 'mallory' WHERE id = 9",
		"UPDATE audit_log SET action = 'list' WHERE id = 9",
		"UPDATE audit_log SET record_id = '1' WHERE id = 9",
		"UPDATE audit_log SET remote = NULL WHERE id = 9",
		"UPDATE audit_log SET hash = zeroblob(32) WHERE id = 9",
	};
	struct store *st = *state;

	append_rows(st, 12);
	exec_sql(st, "DROP TRIGGER audit_log_no_update");
	exec_sql(st, "DROP TRIGGER audit_log_no_delete");
	exec_sql(st, "CREATE TABLE keep AS SELECT * FROM audit_log WHERE id = 9");
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		exec_sql(st, edits[i]);
		expect_broken_at(st, 9);
		/* restore the row and check the chain heals, so each edit is tested alone */
		exec_sql(st, "DELETE FROM audit_log WHERE id = 9");
		exec_sql(st, "INSERT INTO audit_log SELECT * FROM keep");
		assert_int_equal(audit_verify(st, key, NULL, NULL), 0);
	}
}

static void test_deleted_middle_row(void **state)
{
	struct store *st = *state;

	append_rows(st, 50);
	exec_sql(st, "DROP TRIGGER audit_log_no_delete");
	exec_sql(st, "DELETE FROM audit_log WHERE id = 25");
	/* the row after the gap no longer links to its predecessor */
	expect_broken(st, 26, 24);
}

static void test_deleted_first_row(void **state)
{
	struct store *st = *state;
	int64_t checked = -1, bad = -1;

	append_rows(st, 5);
	exec_sql(st, "DROP TRIGGER audit_log_no_delete");
	exec_sql(st, "DELETE FROM audit_log WHERE id = 1");
	assert_int_equal(audit_verify(st, key, &checked, &bad), NRS_ECONFLICT);
	assert_int_equal(bad, 2);
	assert_int_equal(checked, 0);
}

static void test_reordered_rows(void **state)
{
	struct store *st = *state;

	append_rows(st, 20);
	exec_sql(st, "DROP TRIGGER audit_log_no_update");
	/* swap rows 10 and 11 by renumbering */
	exec_sql(st, "UPDATE audit_log SET id = 1000 WHERE id = 10");
	exec_sql(st, "UPDATE audit_log SET id = 10 WHERE id = 11");
	exec_sql(st, "UPDATE audit_log SET id = 11 WHERE id = 1000");
	expect_broken_at(st, 10);
}

static void test_wrong_key(void **state)
{
	struct store *st = *state;
	unsigned char other[32];
	int64_t checked = -1, bad = -1;

	append_rows(st, 10);
	memcpy(other, key, sizeof(other));
	other[31] ^= 1;
	assert_int_equal(audit_verify(st, other, &checked, &bad), NRS_ECONFLICT);
	assert_int_equal(bad, 1);
	assert_int_equal(checked, 0);
}

static void test_truncated_tail(void **state)
{
	struct store *st = *state;
	struct audit_verify_result res;

	append_rows(st, 10);
	assert_int_equal(audit_verify_full(st, key, &res), 0);
	exec_sql(st, "DROP TRIGGER audit_log_no_delete");
	exec_sql(st, "DELETE FROM audit_log WHERE id >= 9");
	/* the known limitation: a shortened chain is intact in itself ... */
	assert_int_equal(audit_verify(st, key, NULL, NULL), 0);
	/* ... and only the anchor kept outside reveals the loss */
	assert_int_equal(audit_anchor_check(st, res.last_id, res.last_hash), NRS_ENOTFOUND);
	res.last_hash[0] ^= 1;
	assert_int_equal(audit_anchor_check(st, 3, res.last_hash), NRS_ECONFLICT);
}

static void test_append_refuses_to_chain_onto_damage(void **state)
{
	struct store *st = *state;
	struct audit_entry e = {.action = "read", .record_kind = "client"};

	append_rows(st, 3);
	exec_sql(st, "DROP TRIGGER audit_log_no_update");
	exec_sql(st, "PRAGMA ignore_check_constraints = ON");
	exec_sql(st, "UPDATE audit_log SET hash = x'00' WHERE id = 3");
	assert_int_equal(audit_append(st, key, &e, NULL), NRS_ECONFLICT);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 3);
}

static void test_validation(void **state)
{
	struct store *st = *state;
	struct nrs_error err = {0};
	struct audit_entry e = {.action = "read", .record_kind = "client"};
	char *s = malloc(2 * 1001 + 1);

	assert_non_null(s);
	e.action = NULL;
	assert_int_equal(audit_append(st, key, &e, &err), NRS_EINVAL);
	assert_string_equal(err.field, "action");
	e.action = "";
	assert_int_equal(audit_append(st, key, &e, &err), NRS_EINVAL);
	e.action = "read";
	e.record_kind = "client\x01";
	assert_int_equal(audit_append(st, key, &e, &err), NRS_EINVAL);
	assert_string_equal(err.field, "record_kind");
	e.record_kind = "client";
	e.reason = "\xc3\x28"; /* invalid UTF-8 */
	assert_int_equal(audit_append(st, key, &e, &err), NRS_EINVAL);
	assert_string_equal(err.field, "reason");
	/* 1000 two-byte letters are 1000 characters: allowed, as SQLite's length() counts */
	for (int i = 0; i < 1000; i++)
		memcpy(s + 2 * i, "\xc3\xb6", 2);
	s[2000] = '\0';
	e.reason = s;
	assert_int_equal(audit_append(st, key, &e, &err), 0);
	memcpy(s + 2000, "\xc3\xb6", 3);
	assert_int_equal(audit_append(st, key, &e, &err), NRS_EINVAL);
	assert_non_null(strstr(err.msg, "för lång"));
	free(s);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 1);
	assert_int_equal(audit_verify(st, key, NULL, NULL), 0);
}

static void test_caller_transaction(void **state)
{
	struct store *st = *state;
	struct audit_entry e = {.action = "update", .record_kind = "case", .record_id = "7"};

	/* rolled back with the change it records */
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(audit_append(st, key, &e, NULL), 0);
	assert_int_equal(audit_append(st, key, &e, NULL), 0);
	store_tx_rollback(st);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 0);
	/* committed with it */
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(audit_append(st, key, &e, NULL), 0);
	assert_int_equal(audit_append(st, key, &e, NULL), 0);
	assert_int_equal(store_tx_commit(st), 0);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 2);
	assert_int_equal(audit_verify(st, key, NULL, NULL), 0);
}

/* Several processes, each with its own connection, append at once: the chain must stay one
 * line with every row present. */
static void test_concurrent_appenders(void **state)
{
	enum { WORKERS = 4, PER = 60 };
	struct store *st = *state;
	pid_t pids[WORKERS];
	int64_t checked = -1, bad = -1;

	/* the parent's connection must not cross fork(); reopen afterwards */
	store_close(st);
	*state = NULL;
	for (int w = 0; w < WORKERS; w++) {
		pids[w] = fork();
		assert_true(pids[w] >= 0);
		if (pids[w] == 0) {
			struct store *c = NULL;
			int bad_rc = 0;
			if (store_open(db_path, &c, NULL) != 0)
				_exit(2);
			for (int i = 0; i < PER && !bad_rc; i++) {
				struct audit_entry e = {.user_id = w + 1, .action = "read",
							.record_kind = "client"};
				bad_rc = audit_append(c, key, &e, NULL) != 0;
			}
			store_close(c);
			_exit(bad_rc);
		}
	}
	for (int w = 0; w < WORKERS; w++) {
		int status = -1;
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(store_open(db_path, &st, NULL), 0);
	*state = st;
	assert_int_equal(audit_verify(st, key, &checked, &bad), 0);
	assert_int_equal(checked, WORKERS * PER);
	for (int w = 1; w <= WORKERS; w++) {
		char sql[80];
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM audit_log WHERE user_id = %d", w);
		assert_int_equal(query_int(st, sql), PER);
	}
}

/* Count matching rows on c without cmocka asserts (which must not run off the main thread);
 * -1 on error. */
static int64_t count_user_rows(struct store *c, int64_t user_id)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM audit_log WHERE user_id = ?", -1, &s,
			       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

enum { GC_THREADS = 8, GC_PER = 40 };

struct gc_worker {
	pthread_t tid;
	const char *path;
	int64_t user_id;
	int failures; /* appends that failed or whose row was not committed on return */
};

/* Append GC_PER rows one by one; after each returns, the row must already be committed:
 * visible to a new read on this thread's own connection, which never wrote it itself when
 * another thread led the batch. */
static void *gc_worker_run(void *arg)
{
	struct gc_worker *w = arg;
	struct store *c = NULL;

	if (store_open(w->path, &c, NULL) != 0) {
		w->failures = GC_PER;
		return NULL;
	}
	for (int i = 0; i < GC_PER; i++) {
		char rid[16];
		struct audit_entry e = {.user_id = w->user_id, .username = "trådad",
					.action = i % 2 ? "read" : "update", .record_kind = "case",
					.record_id = rid};

		snprintf(rid, sizeof(rid), "%d", i);
		if (audit_append(c, key, &e, NULL) != 0 || count_user_rows(c, w->user_id) != i + 1)
			w->failures++;
	}
	store_close(c);
	return NULL;
}

/* Group commit: threads of one process append at once to two databases (even threads to one,
 * odd to the other). Every append returns only after its row is committed, each chain stays
 * one line with every row present, and no row lands in the other file. */
static void test_group_commit_threads(void **state)
{
	struct store *st = *state, *other = NULL;
	struct gc_worker w[GC_THREADS];
	char path2[128];
	int64_t checked = -1, bad = -1;

	snprintf(path2, sizeof(path2), "%s-b", db_path);
	remove_files(path2);
	assert_int_equal(store_open(path2, &other, NULL), 0);
	for (int t = 0; t < GC_THREADS; t++) {
		w[t] = (struct gc_worker){.path = t % 2 ? path2 : db_path, .user_id = t + 1};
		assert_int_equal(pthread_create(&w[t].tid, NULL, gc_worker_run, &w[t]), 0);
	}
	for (int t = 0; t < GC_THREADS; t++) {
		assert_int_equal(pthread_join(w[t].tid, NULL), 0);
		assert_int_equal(w[t].failures, 0);
	}
	assert_int_equal(audit_verify(st, key, &checked, &bad), 0);
	assert_int_equal(checked, GC_THREADS / 2 * GC_PER);
	assert_int_equal(audit_verify(other, key, &checked, &bad), 0);
	assert_int_equal(checked, GC_THREADS / 2 * GC_PER);
	for (int t = 0; t < GC_THREADS; t++) {
		struct store *mine = t % 2 ? other : st, *theirs = t % 2 ? st : other;
		assert_int_equal(count_user_rows(mine, t + 1), GC_PER);
		assert_int_equal(count_user_rows(theirs, t + 1), 0);
	}
	store_close(other);
	remove_files(path2);
}

/* Deferral: access rows wait for the flush, which commits them in order; rows of changes are
 * never held back; after the flush rows are written at once again; a flush inside an open
 * transaction is refused (its commit would not be durable). */
static void test_deferred_access_rows(void **state)
{
	struct store *st = *state;
	struct audit_entry rd = {.user_id = 5, .action = "read", .record_kind = "case"};
	struct audit_entry ls = {.user_id = 5, .action = "list", .record_kind = "queue"};
	struct audit_entry up = {.user_id = 5, .action = "update", .record_kind = "case"};

	assert_int_equal(audit_defer_flush(st, NULL), 0); /* nothing deferred: nothing to do */
	audit_defer_begin();
	assert_int_equal(audit_append(st, key, &rd, NULL), 0);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 0);
	assert_int_equal(audit_append(st, key, &up, NULL), 0);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 1);
	/* an access row inside a transaction waits too, and survives its rollback */
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(audit_append(st, key, &ls, NULL), 0);
	store_tx_rollback(st);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 1);
	assert_int_equal(audit_defer_flush(st, NULL), 0);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 3);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log WHERE id = 2 AND "
				       "action = 'read'"), 1);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log WHERE id = 3 AND "
				       "action = 'list'"), 1);
	assert_int_equal(audit_append(st, key, &rd, NULL), 0);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 4);

	audit_defer_begin();
	assert_int_equal(audit_append(st, key, &rd, NULL), 0);
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(audit_defer_flush(st, NULL), NRS_EINVAL);
	store_tx_rollback(st);
	assert_int_equal(query_int(st, "SELECT count(*) FROM audit_log"), 4);
	assert_int_equal(audit_verify(st, key, NULL, NULL), 0);
}

static char *export_to_string(struct store *st, const char *from, const char *to, int *rc)
{
	char *data = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&data, &len);

	assert_non_null(f);
	*rc = audit_export_csv(st, from, to, f, NULL);
	fclose(f);
	return data;
}

static void test_export_csv(void **state)
{
	struct store *st = *state;
	struct audit_entry e = {.user_id = 4, .username = "cecilia", .organisation_id = 2,
				.action = "read", .record_kind = "client", .record_id = "42",
				.remote = "192.0.2.1", .reason = "ärende; \"akut\""};
	struct nrs_date today = date_today(), tomorrow;
	char d0[11], d1[11];
	char *csv;
	int rc;

	assert_int_equal(audit_append(st, key, &e, NULL), 0);
	e = (struct audit_entry){.action = "update", .record_kind = "case", .reason = "=HYPERLINK(1)"};
	assert_int_equal(audit_append(st, key, &e, NULL), 0);
	e = (struct audit_entry){.action = "read", .record_kind = "case", .reason = "", .record_id = "a\nb"};
	assert_int_equal(audit_append(st, key, &e, NULL), 0);

	tomorrow = date_from_days(date_to_days(&today) + 1);
	date_format(&today, d0);
	date_format(&tomorrow, d1);
	csv = export_to_string(st, d0, d1, &rc);
	assert_int_equal(rc, 0);
	assert_non_null(csv);
	/* BOM, Swedish header, CRLF */
	assert_true(str_starts(csv, "\xEF\xBB\xBFid;tid (UTC);användar-id;"));
	assert_non_null(strstr(csv, ";skäl;föregående hash;hash\r\n"));
	/* quoting per RFC 4180, quotes doubled */
	assert_non_null(strstr(csv, ";cecilia;2;read;client;42;192.0.2.1;\"ärende; \"\"akut\"\"\";"));
	/* NULL fields are empty; a formula is neutralised */
	assert_non_null(strstr(csv, "\r\n2;"));
	assert_non_null(strstr(csv, ";;;update;case;;;\"'=HYPERLINK(1)\";"));
	/* an empty reason is "" and differs from NULL; a newline is quoted */
	assert_non_null(strstr(csv, ";read;case;\"a\nb\";;\"\";"));
	/* hashes as 64 hex digits: the first row's predecessor is zeros */
	assert_non_null(strstr(csv, ";0000000000000000000000000000000000000000000000000000000000000000;"));
	free(csv);

	/* a period without rows gives only the header */
	csv = export_to_string(st, "2000-01-01", "2000-01-02", &rc);
	assert_int_equal(rc, 0);
	assert_non_null(csv);
	assert_non_null(strstr(csv, "\r\n"));
	assert_string_equal(strstr(csv, "\r\n"), "\r\n");
	free(csv);

	csv = export_to_string(st, "2024-13-01", NULL, &rc);
	assert_int_equal(rc, NRS_EINVAL);
	free(csv);
}

struct collect {
	int n;
	int64_t ids[600];
	int only_reads;
};

static int collect_row(const struct audit_row *r, void *vctx)
{
	struct collect *c = vctx;

	if (r->action_len != 4 || memcmp(r->action, "read", 4) != 0)
		c->only_reads = 0;
	c->ids[c->n++] = r->id;
	return 0;
}

static void test_query_and_sample(void **state)
{
	struct store *st = *state;
	struct audit_query q = {.limit = 10};
	struct collect c = {0};
	struct nrs_error err = {0};
	int64_t total = -1;

	append_rows(st, 50);
	/* newest first, paged */
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), 0);
	assert_int_equal(total, 50);
	assert_int_equal(c.n, 10);
	assert_int_equal(c.ids[0], 50);
	assert_int_equal(c.ids[9], 41);
	c.n = 0;
	q.offset = 45;
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), 0);
	assert_int_equal(c.n, 5);
	assert_int_equal(c.ids[4], 1);
	/* filters: action 'read' is every fifth row from 0 and 3 (i % 5 in {0, 3}) */
	c.n = 0;
	c.only_reads = 1;
	q = (struct audit_query){.action = "read", .limit = 500};
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), 0);
	assert_int_equal(total, 20);
	assert_int_equal(c.n, 20);
	assert_true(c.only_reads);
	q = (struct audit_query){.username = "anna", .record_kind = "client", .limit = 500};
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), 0);
	assert_int_equal(total, query_int(st, "SELECT count(*) FROM audit_log WHERE username ="
					      " 'anna' AND record_kind = 'client'"));
	assert_true(total > 0);
	/* dates: nothing in 2000, everything from 2000 on */
	q = (struct audit_query){.from = "2000-01-01", .to = "2000-02-01", .limit = 5};
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), 0);
	assert_int_equal(total, 0);
	q = (struct audit_query){.from = "2000-01-01", .limit = 5};
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), 0);
	assert_int_equal(total, 50);
	/* bad input named */
	q = (struct audit_query){.limit = 0};
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), NRS_EINVAL);
	assert_string_equal(err.field, "limit");
	q = (struct audit_query){.from = "2024-02-30", .limit = 5};
	assert_int_equal(audit_query(st, &q, collect_row, &c, &total, &err), NRS_EINVAL);
	assert_string_equal(err.field, "from");

	/* the sample: n distinct read rows, in log order */
	c.n = 0;
	c.only_reads = 1;
	assert_int_equal(audit_sample_reads(st, "2000-01-01", NULL, 7, collect_row, &c, &err), 0);
	assert_int_equal(c.n, 7);
	assert_true(c.only_reads);
	for (int i = 1; i < c.n; i++)
		assert_true(c.ids[i] > c.ids[i - 1]);
	c.n = 0;
	assert_int_equal(audit_sample_reads(st, NULL, NULL, 100, collect_row, &c, &err), 0);
	assert_int_equal(c.n, 20);
	assert_int_equal(audit_sample_reads(st, NULL, NULL, 0, collect_row, &c, &err), NRS_EINVAL);
}

static void test_day_start_utc(void **state)
{
	char out[AUDIT_AT_CHARS + 1];

	(void)state;
	/* winter: UTC+1, summer: UTC+2 */
	assert_int_equal(audit_day_start_utc("2024-01-15", 0, out), 0);
	assert_string_equal(out, "2024-01-14T23:00:00.000Z");
	assert_int_equal(audit_day_start_utc("2024-07-01", 0, out), 0);
	assert_string_equal(out, "2024-06-30T22:00:00.000Z");
	assert_int_equal(audit_day_start_utc("2024-12-31", 1, out), 0);
	assert_string_equal(out, "2024-12-31T23:00:00.000Z");
	assert_int_equal(audit_day_start_utc("2024-1-15", 0, out), NRS_EINVAL);
	assert_int_equal(audit_day_start_utc(NULL, 0, out), NRS_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_empty_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_intact_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_only_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_differs_from_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changed_other_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_middle_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deleted_first_row, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reordered_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wrong_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_tail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_refuses_to_chain_onto_damage, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_caller_transaction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent_appenders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_group_commit_threads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deferred_access_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_export_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_query_and_sample, setup, teardown),
		cmocka_unit_test(test_day_start_utc),
	};

	time_init_zone();
	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
