/* The audit hash chain (see audit.h): appending, verifying, exporting and the review queries.
 * The hash of row n is BLAKE2b-256 keyed with the audit key over a version tag, the previous
 * row's hash and a typed, length-prefixed encoding of every stored field of row n. */
#include "security/audit.h"
#include "base/date.h"
#include "base/str.h"

#include <pthread.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Changing the encoding needs a new tag, so that old rows still verify under the old one. */
static const char chain_tag[] = "norrsken-audit-v1";

/* Field tags. Each field is one tag byte, then: nothing for NULL, 8 bytes big-endian for an
 * integer, 8 bytes big-endian length and the bytes for text. Every field has its own framing,
 * so no two different rows encode to the same bytes (NULL differs from "", and text cannot
 * spill into the next field). */
enum { TAG_NULL = 'N', TAG_INT = 'I', TAG_TEXT = 'T' };

static int hash_u64(crypto_generichash_state *h, uint64_t v)
{
	unsigned char b[8];

	for (int i = 7; i >= 0; i--) {
		b[i] = (unsigned char)(v & 0xff);
		v >>= 8;
	}
	return crypto_generichash_update(h, b, sizeof(b));
}

static int hash_tag(crypto_generichash_state *h, unsigned char tag)
{
	return crypto_generichash_update(h, &tag, 1);
}

static int hash_int(crypto_generichash_state *h, int has, int64_t v)
{
	if (!has)
		return hash_tag(h, TAG_NULL);
	return hash_tag(h, TAG_INT) || hash_u64(h, (uint64_t)v);
}

static int hash_text(crypto_generichash_state *h, const char *s, size_t n)
{
	if (s == NULL)
		return hash_tag(h, TAG_NULL);
	return hash_tag(h, TAG_TEXT) || hash_u64(h, (uint64_t)n) ||
	       crypto_generichash_update(h, (const unsigned char *)s, n);
}

/* out = H_key(tag || prev || fields of r). prev is passed separately so the verifier can hash
 * a row against the hash it expects rather than the one the row claims. */
static int row_hash(const unsigned char key[32], const unsigned char prev[AUDIT_HASH_BYTES],
		    const struct audit_row *r, unsigned char out[AUDIT_HASH_BYTES])
{
	crypto_generichash_state h;
	int rc;

	rc = crypto_generichash_init(&h, key, 32, AUDIT_HASH_BYTES) ||
	     crypto_generichash_update(&h, (const unsigned char *)chain_tag, sizeof(chain_tag)) ||
	     crypto_generichash_update(&h, prev, AUDIT_HASH_BYTES) || hash_int(&h, 1, r->id) ||
	     hash_text(&h, r->at, r->at_len) || hash_int(&h, r->has_user_id, r->user_id) ||
	     hash_text(&h, r->username, r->username_len) ||
	     hash_int(&h, r->has_organisation_id, r->organisation_id) ||
	     hash_text(&h, r->action, r->action_len) ||
	     hash_text(&h, r->record_kind, r->record_kind_len) ||
	     hash_text(&h, r->record_id, r->record_id_len) ||
	     hash_text(&h, r->remote, r->remote_len) || hash_text(&h, r->reason, r->reason_len) ||
	     crypto_generichash_final(&h, out, AUDIT_HASH_BYTES);
	sodium_memzero(&h, sizeof(h));
	return rc ? NRS_ECRYPTO : 0;
}

/* Number of UTF-8 characters (s is known to be valid UTF-8), as SQLite's length() counts. */
static size_t utf8_chars(const char *s, size_t n)
{
	size_t c = 0;

	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Check one text field: valid UTF-8 without control characters (other than tab and newline,
 * which a reason may contain), at most max characters, and present if required. */
static int check_text(const char *v, size_t max, int required, const char *field,
		      struct nrs_error *err)
{
	size_t n;

	if (v == NULL) {
		if (required)
			return nrs_error_set(err, NRS_EINVAL, field, "loggpost: %s saknas", field);
		return 0;
	}
	n = strlen(v);
	if (required && n == 0)
		return nrs_error_set(err, NRS_EINVAL, field, "loggpost: %s saknas", field);
	if (!str_utf8_ok(v, n))
		return nrs_error_set(err, NRS_EINVAL, field, "loggpost: %s innehåller ogiltiga tecken",
				     field);
	if (utf8_chars(v, n) > max)
		return nrs_error_set(err, NRS_EINVAL, field,
				     "loggpost: %s är för lång (högst %zu tecken)", field, max);
	return 0;
}

/* Now as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC). */
static int now_ms(char out[AUDIT_AT_CHARS + 1])
{
	struct timespec ts;
	struct tm tm;
	long ms;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || gmtime_r(&ts.tv_sec, &tm) == NULL)
		return NRS_EIO;
	/* exactly 19 characters for any year 1000..9999; anything else would break the
	 * fixed width that makes text comparison of `at` order by time */
	if (strftime(out, AUDIT_AT_CHARS + 1, "%Y-%m-%dT%H:%M:%S", &tm) != 19)
		return NRS_EIO;
	ms = (ts.tv_nsec / 1000000) % 1000;
	out[19] = '.';
	out[20] = (char)('0' + ms / 100);
	out[21] = (char)('0' + ms / 10 % 10);
	out[22] = (char)('0' + ms % 10);
	out[23] = 'Z';
	out[24] = '\0';
	return 0;
}

int audit_day_start_utc(const char *date, int add_days, char out[AUDIT_AT_CHARS + 1])
{
	struct nrs_date d;
	struct tm tm = {0};
	time_t t;

	if (date == NULL || date_parse(date, &d) != 0)
		return NRS_EINVAL;
	tm.tm_year = d.year - 1900;
	tm.tm_mon = d.month - 1;
	tm.tm_mday = d.day + add_days; /* mktime normalises past the month's end */
	tm.tm_isdst = -1;              /* let the zone rules decide (summer time) */
	/* local time is Europe/Stockholm (time_init_zone), the day the users mean */
	t = mktime(&tm);
	if (t == (time_t)-1 || gmtime_r(&t, &tm) == NULL)
		return NRS_EINVAL;
	if (strftime(out, AUDIT_AT_CHARS + 1, "%Y-%m-%dT%H:%M:%S.000Z", &tm) != AUDIT_AT_CHARS)
		return NRS_EINVAL;
	return 0;
}

static void set_text(const char *v, const char **p, size_t *n)
{
	*p = v;
	*n = v ? strlen(v) : 0;
}

/* ---- appending ----
 * A row is written by write_rows, either inside the caller's transaction (atomic with the
 * change it records) or, outside one, by the group commit below, which appends the rows of
 * concurrent threads in one transaction and one fsync and returns to each thread only after
 * the commit that holds its rows. */

/* A row on its way to the log. It owns copies of its texts and key, since a deferred row
 * (audit_defer_begin) outlives the caller's strings. */
struct pending {
	struct pending *next;
	unsigned char key[32];
	char at[AUDIT_AT_CHARS + 1]; /* the time of the access, not of the commit */
	int64_t user_id, organisation_id;
	char *username, *action, *record_kind, *record_id, *remote, *reason;
	const char *db; /* store_path of the database it goes to; set when queued */
	int rc;         /* the result of its batch, once done */
	bool done;
};

static void pending_free(struct pending *p)
{
	if (p == NULL)
		return;
	free(p->username);
	free(p->action);
	free(p->record_kind);
	free(p->record_id);
	free(p->remote);
	free(p->reason);
	sodium_memzero(p->key, sizeof(p->key));
	free(p);
}

/* Free the rows first..last (inclusive): a thread's own rows, which stay adjacent in a
 * batch, while last->next may already lead to another thread's. */
static void pending_free_range(struct pending *first, const struct pending *last)
{
	while (first != NULL) {
		struct pending *next = first->next;
		int end = first == last;

		pending_free(first);
		if (end)
			break;
		first = next;
	}
}

static int dup_opt(const char *v, char **out)
{
	*out = v ? str_dup(v) : NULL;
	return v && *out == NULL ? NRS_ENOMEM : 0;
}

/* Check e and copy it, stamped with the current time, into a new pending row. */
static int pending_new(const unsigned char key[32], const struct audit_entry *e,
		       struct pending **out, struct nrs_error *err)
{
	struct pending *p;
	int rc;

	*out = NULL;
	/* limits match the CHECK constraints of migration 0003 */
	rc = check_text(e->action, 32, 1, "action", err);
	if (rc == 0)
		rc = check_text(e->record_kind, 32, 1, "record_kind", err);
	if (rc == 0)
		rc = check_text(e->username, 64, 0, "username", err);
	if (rc == 0)
		rc = check_text(e->record_id, 64, 0, "record_id", err);
	if (rc == 0)
		rc = check_text(e->remote, 64, 0, "remote", err);
	if (rc == 0)
		rc = check_text(e->reason, 1000, 0, "reason", err);
	if (rc != 0)
		return rc;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	if (now_ms(p->at) != 0) {
		pending_free(p);
		return nrs_error_set(err, NRS_EIO, "", "loggpost: klockan kan inte läsas");
	}
	memcpy(p->key, key, sizeof(p->key));
	p->user_id = e->user_id;
	p->organisation_id = e->organisation_id;
	if (dup_opt(e->username, &p->username) || dup_opt(e->action, &p->action) ||
	    dup_opt(e->record_kind, &p->record_kind) || dup_opt(e->record_id, &p->record_id) ||
	    dup_opt(e->remote, &p->remote) || dup_opt(e->reason, &p->reason)) {
		pending_free(p);
		return nrs_error_set(err, NRS_ENOMEM, "", "minnet tog slut");
	}
	*out = p;
	return 0;
}

/* Chain p onto the newest row. Runs inside a write transaction, which holds the write lock
 * from reading the last row to inserting the next, so two appenders on different connections
 * cannot both chain onto the same row (the primary key on id would refuse such a fork anyway). */
static int insert_next(struct store *st, const struct pending *p, struct nrs_error *err)
{
	struct audit_row r = {0};
	unsigned char prev[AUDIT_HASH_BYTES], hash[AUDIT_HASH_BYTES];
	int64_t last_id;
	int rc, found;

	rc = store_audit_last(st, &last_id, prev, &found);
	if (rc != 0)
		return nrs_error_set(err, rc, "",
				     "loggen kan inte läsas; kör 'norrsken audit verify'");
	r.id = last_id + 1;
	set_text(p->at, &r.at, &r.at_len);
	r.has_user_id = p->user_id != 0;
	r.user_id = p->user_id;
	set_text(p->username, &r.username, &r.username_len);
	r.has_organisation_id = p->organisation_id != 0;
	r.organisation_id = p->organisation_id;
	set_text(p->action, &r.action, &r.action_len);
	set_text(p->record_kind, &r.record_kind, &r.record_kind_len);
	set_text(p->record_id, &r.record_id, &r.record_id_len);
	set_text(p->remote, &r.remote, &r.remote_len);
	set_text(p->reason, &r.reason, &r.reason_len);
	rc = row_hash(p->key, prev, &r, hash);
	if (rc != 0)
		return nrs_error_set(err, rc, "", "loggpost: kontrollsumman kan inte beräknas");
	r.prev_hash = prev;
	r.prev_hash_len = sizeof(prev);
	r.hash = hash;
	r.hash_len = sizeof(hash);
	return store_audit_insert(st, &r, err);
}

/* Append the NULL-terminated list of rows in order, in one transaction (a savepoint inside
 * the caller's). All or none. */
static int write_rows(struct store *st, const struct pending *rows, struct nrs_error *err)
{
	int rc = store_tx_begin(st);

	if (rc != 0)
		return nrs_error_set(err, rc, "", "loggpost: kan inte starta transaktion");
	for (const struct pending *p = rows; p != NULL && rc == 0; p = p->next)
		rc = insert_next(st, p, err);
	if (rc != 0) {
		store_tx_rollback(st);
		return rc;
	}
	rc = store_tx_commit(st);
	if (rc != 0)
		nrs_error_set(err, rc, "", "loggposten kunde inte sparas");
	return rc;
}

/* The group commit's queue: rows of every thread waiting for a commit, oldest first. */
static struct {
	pthread_mutex_t mu;
	pthread_cond_t cv; /* broadcast when a batch is done */
	struct pending *head;
	struct pending **tail;
	bool writing; /* some thread is committing a batch */
} group = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, NULL, &group.head, false};

/* Unlink every queued row bound for db, in queue order. Rows for other files (tests open
 * several databases in one process) stay queued for a writer of their own file. */
static struct pending *take_batch(const char *db)
{
	struct pending *batch = NULL, **bt = &batch, **pp = &group.head;

	while (*pp != NULL) {
		struct pending *p = *pp;

		if (strcmp(p->db, db) == 0) {
			*pp = p->next;
			p->next = NULL;
			*bt = p;
			bt = &p->next;
		} else {
			pp = &p->next;
		}
	}
	group.tail = pp;
	return batch;
}

/* Group commit: queue the linked rows first..last and return once they are durable. A
 * waiting thread that finds no batch being written becomes the writer: it takes every row
 * queued for its database — its own and those other threads queued meanwhile — appends them
 * in queue order in one transaction on its own connection, commits (one fsync for all), marks
 * them done and wakes the others. Rows queued while it writes wait for the next batch. So the
 * chain stays one line, and no caller returns before the commit that holds its rows (R39). */
static int commit_rows(struct store *st, struct pending *first, struct pending *last,
		       struct nrs_error *err)
{
	const char *db = store_path(st);
	int rc;

	/* a commit inside an open transaction would only be a savepoint, not durable */
	if (st->tx_depth > 0)
		return nrs_error_set(err, NRS_EINVAL, "",
				     "loggposterna kan inte sparas mitt i en transaktion");
	for (struct pending *p = first;; p = p->next) {
		p->db = db;
		if (p == last)
			break;
	}
	last->next = NULL;
	pthread_mutex_lock(&group.mu);
	*group.tail = first;
	group.tail = &last->next;
	while (!last->done) {
		struct pending *batch;
		struct nrs_error werr = {0};
		int wrc;

		if (group.writing) {
			pthread_cond_wait(&group.cv, &group.mu);
			continue;
		}
		/* nobody writes and our rows are not done, so they are still queued */
		batch = take_batch(db);
		group.writing = true;
		pthread_mutex_unlock(&group.mu);
		wrc = write_rows(st, batch, &werr);
		pthread_mutex_lock(&group.mu);
		/* the owners free their rows only after they hold the lock again */
		for (struct pending *p = batch; p != NULL; p = p->next) {
			p->rc = wrc;
			p->done = true;
		}
		group.writing = false;
		pthread_cond_broadcast(&group.cv);
	}
	rc = last->rc; /* a thread's rows always share one batch */
	pthread_mutex_unlock(&group.mu);
	if (rc != 0)
		nrs_error_set(err, rc, "", "loggposten kunde inte sparas");
	return rc;
}

/* Rows of this thread's request held back by audit_defer_begin until audit_defer_flush. */
static _Thread_local struct {
	bool on;
	struct pending *first, *last;
} deferred;

/* A row that records an access (read, list, search) changes nothing, so it need not commit
 * together with anything; it only has to be durable before what was read leaves the process.
 * Rows of changes must commit with the change, so they are never deferred. */
static bool records_access(const char *action)
{
	return strcmp(action, "read") == 0 || strcmp(action, "list") == 0 ||
	       strcmp(action, "search") == 0;
}

int audit_append(struct store *st, const unsigned char key[32], const struct audit_entry *e,
		 struct nrs_error *err)
{
	struct pending *p;
	int rc = pending_new(key, e, &p, err);

	if (rc != 0)
		return rc;
	if (deferred.on && records_access(p->action)) {
		if (deferred.last != NULL)
			deferred.last->next = p;
		else
			deferred.first = p;
		deferred.last = p;
		return 0;
	}
	if (st->tx_depth > 0)
		rc = write_rows(st, p, err); /* atomic with the caller's change */
	else
		rc = commit_rows(st, p, p, err);
	pending_free(p);
	return rc;
}

void audit_defer_begin(void)
{
	deferred.on = true;
}

int audit_defer_flush(struct store *st, struct nrs_error *err)
{
	struct pending *first = deferred.first, *last = deferred.last;
	int rc = 0;

	deferred.on = false;
	deferred.first = deferred.last = NULL;
	if (first != NULL)
		rc = commit_rows(st, first, last, err);
	pending_free_range(first, last);
	return rc;
}

struct verify_ctx {
	const unsigned char *key;
	unsigned char expect_prev[AUDIT_HASH_BYTES];
	struct audit_verify_result *res;
	int crypto_failed;
};

/* Returns 1 to stop at the first broken row. */
static int verify_row(const struct audit_row *r, void *vctx)
{
	struct verify_ctx *v = vctx;
	unsigned char h[AUDIT_HASH_BYTES];

	/* The link: this row must name the hash of the row before it (zeros for the first).
	 * A deleted row breaks the link at its successor; a reordered row breaks it too. */
	if (r->prev_hash_len != AUDIT_HASH_BYTES ||
	    sodium_memcmp(r->prev_hash, v->expect_prev, AUDIT_HASH_BYTES) != 0)
		goto broken;
	/* The content: recomputed over the expected previous hash and the stored fields. */
	if (row_hash(v->key, v->expect_prev, r, h) != 0) {
		v->crypto_failed = 1;
		goto broken;
	}
	if (r->hash_len != AUDIT_HASH_BYTES || sodium_memcmp(r->hash, h, AUDIT_HASH_BYTES) != 0)
		goto broken;
	memcpy(v->expect_prev, h, AUDIT_HASH_BYTES);
	v->res->checked++;
	v->res->last_id = r->id;
	memcpy(v->res->last_hash, h, AUDIT_HASH_BYTES);
	return 0;
broken:
	v->res->bad_id = r->id;
	return 1;
}

/* Limitation: deleting the newest rows (truncating the tail) leaves a shorter chain that is
 * intact; nothing inside the database can tell. Only an anchor kept elsewhere (the last id
 * and hash printed by `audit verify`, see audit_anchor_check) reveals it. The same holds for
 * replacing the whole file with an older copy. */
int audit_verify_full(struct store *st, const unsigned char key[32],
		      struct audit_verify_result *res)
{
	struct verify_ctx v = {0};
	int rc;

	memset(res, 0, sizeof(*res));
	v.key = key;
	v.res = res;
	rc = store_audit_walk(st, verify_row, &v);
	if (v.crypto_failed)
		return NRS_ECRYPTO;
	if (rc == 1)
		return NRS_ECONFLICT;
	return rc;
}

int audit_verify(struct store *st, const unsigned char key[32], int64_t *checked,
		 int64_t *bad_id)
{
	struct audit_verify_result res;
	int rc = audit_verify_full(st, key, &res);

	if (checked)
		*checked = res.checked;
	if (bad_id)
		*bad_id = res.bad_id;
	return rc;
}

int audit_anchor_check(struct store *st, int64_t id, const unsigned char hash[AUDIT_HASH_BYTES])
{
	unsigned char h[AUDIT_HASH_BYTES];
	int found, rc = store_audit_hash_of(st, id, h, &found);

	if (rc != 0)
		return rc;
	if (!found)
		return NRS_ENOTFOUND;
	return sodium_memcmp(h, hash, AUDIT_HASH_BYTES) == 0 ? 0 : NRS_ECONFLICT;
}

/* CSV output. One writer per field kind; errors are collected through ferror at the end. */

static void csv_text(FILE *out, const char *s, size_t n)
{
	int quote = 0, formula;

	if (s == NULL)
		return; /* NULL is an empty field; "" (quoted) is an empty text */
	if (n == 0) {
		fputs("\"\"", out);
		return;
	}
	for (size_t i = 0; i < n; i++)
		if (s[i] == ';' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	/* A spreadsheet runs a cell that starts with = + - @ (or a tab/CR before one) as a
	 * formula: an insider could plant one in a reason and have it run on the reviewer's
	 * machine. A leading apostrophe makes the cell plain text (OWASP "CSV injection"). */
	formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		  s[0] == '\r';
	if (formula)
		quote = 1;
	if (quote)
		fputc('"', out);
	if (formula)
		fputc('\'', out);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			fputc('"', out);
		fputc(s[i], out);
	}
	if (quote)
		fputc('"', out);
}

static void csv_int(FILE *out, int has, int64_t v)
{
	if (has)
		fprintf(out, "%lld", (long long)v);
}

static void csv_hex(FILE *out, const unsigned char *b, size_t n)
{
	char hex[2 * AUDIT_HASH_BYTES + 1];

	if (b == NULL)
		return;
	if (n > AUDIT_HASH_BYTES)
		n = AUDIT_HASH_BYTES; /* a tampered oversize value; verify reports it */
	sodium_bin2hex(hex, sizeof(hex), b, n);
	fputs(hex, out);
}

static int export_row(const struct audit_row *r, void *vctx)
{
	FILE *out = vctx;

	csv_int(out, 1, r->id);
	fputc(';', out);
	csv_text(out, r->at, r->at_len);
	fputc(';', out);
	csv_int(out, r->has_user_id, r->user_id);
	fputc(';', out);
	csv_text(out, r->username, r->username_len);
	fputc(';', out);
	csv_int(out, r->has_organisation_id, r->organisation_id);
	fputc(';', out);
	csv_text(out, r->action, r->action_len);
	fputc(';', out);
	csv_text(out, r->record_kind, r->record_kind_len);
	fputc(';', out);
	csv_text(out, r->record_id, r->record_id_len);
	fputc(';', out);
	csv_text(out, r->remote, r->remote_len);
	fputc(';', out);
	csv_text(out, r->reason, r->reason_len);
	fputc(';', out);
	csv_hex(out, r->prev_hash, r->prev_hash_len);
	fputc(';', out);
	csv_hex(out, r->hash, r->hash_len);
	fputs("\r\n", out);
	/* stop early rather than write a long export into a full disk */
	return ferror(out) ? NRS_EIO : 0;
}

/* Fill from/to (UTC instants) for local dates; to is exclusive. */
static int range_utc(const char *from, const char *to, char f[AUDIT_AT_CHARS + 1],
		     char t[AUDIT_AT_CHARS + 1], struct nrs_error *err)
{
	if (from && audit_day_start_utc(from, 0, f) != 0)
		return nrs_error_set(err, NRS_EINVAL, "from",
				     "från-datum: ange ett datum som ÅÅÅÅ-MM-DD");
	if (to && audit_day_start_utc(to, 0, t) != 0)
		return nrs_error_set(err, NRS_EINVAL, "to", "till-datum: ange ett datum som ÅÅÅÅ-MM-DD");
	if (from && to && strcmp(f, t) > 0)
		return nrs_error_set(err, NRS_EINVAL, "to", "till-datum ligger före från-datum");
	return 0;
}

int audit_export_csv(struct store *st, const char *from, const char *to, FILE *out,
		     struct nrs_error *err)
{
	/* UTF-8 with a byte-order mark: the reviewer opens this in Excel, which otherwise
	 * reads å, ä, ö as Windows-1252. */
	static const char header[] = "\xEF\xBB\xBF"
				     "id;tid (UTC);användar-id;användarnamn;organisations-id;"
				     "åtgärd;posttyp;post-id;adress;skäl;föregående hash;hash\r\n";
	struct store_audit_filter f = {0};
	char fbuf[AUDIT_AT_CHARS + 1], tbuf[AUDIT_AT_CHARS + 1];
	int rc;

	rc = range_utc(from, to, fbuf, tbuf, err);
	if (rc != 0)
		goto out;
	f.from = from ? fbuf : NULL;
	f.to = to ? tbuf : NULL;
	fputs(header, out);
	rc = store_audit_range(st, &f, export_row, out);
	if (rc == 0 && (fflush(out) != 0 || ferror(out)))
		rc = NRS_EIO;
	if (rc == NRS_EIO)
		nrs_error_set(err, rc, "", "exporten kunde inte skrivas");
	else if (rc != 0)
		nrs_error_set(err, rc, "", "loggen kan inte läsas");
out:
	return rc;
}

int audit_query(struct store *st, const struct audit_query *q, audit_row_cb cb, void *ctx,
		int64_t *total, struct nrs_error *err)
{
	struct store_audit_filter f = {0};
	char fbuf[AUDIT_AT_CHARS + 1], tbuf[AUDIT_AT_CHARS + 1];
	int rc;

	if (q->limit < 1 || q->limit > AUDIT_PAGE_MAX)
		return nrs_error_set(err, NRS_EINVAL, "limit", "antal rader: ange 1–%d",
				     AUDIT_PAGE_MAX);
	if (q->offset < 0)
		return nrs_error_set(err, NRS_EINVAL, "offset", "sida: ogiltigt värde");
	rc = range_utc(q->from, q->to, fbuf, tbuf, err);
	if (rc != 0)
		return rc;
	f.from = q->from ? fbuf : NULL;
	f.to = q->to ? tbuf : NULL;
	f.username = q->username;
	f.record_kind = q->record_kind;
	f.action = q->action;
	rc = store_audit_page(st, &f, q->limit, q->offset, cb, ctx, total);
	if (rc < 0)
		nrs_error_set(err, rc, "", "loggen kan inte läsas");
	return rc;
}

int audit_sample_reads(struct store *st, const char *from, const char *to, int64_t n,
		       audit_row_cb cb, void *ctx, struct nrs_error *err)
{
	char fbuf[AUDIT_AT_CHARS + 1], tbuf[AUDIT_AT_CHARS + 1];
	int rc;

	if (n < 1 || n > AUDIT_PAGE_MAX)
		return nrs_error_set(err, NRS_EINVAL, "n", "antal stickprov: ange 1–%d",
				     AUDIT_PAGE_MAX);
	rc = range_utc(from, to, fbuf, tbuf, err);
	if (rc != 0)
		return rc;
	rc = store_audit_sample_reads(st, from ? fbuf : NULL, to ? tbuf : NULL, n, cb, ctx);
	if (rc < 0)
		nrs_error_set(err, rc, "", "loggen kan inte läsas");
	return rc;
}
