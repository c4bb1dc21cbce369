/* The economy service on a real database: the agreement's 2025 budget and 2023-11-01
 * population give exactly the SPEC R26 table; populations where plain rounding misses the
 * total by one krona show the largest-remainder correction through the invoices; invoice
 * runs do not duplicate; charges, uprating, bad input and the CSV conventions. */
#include "fixture.h"

#include "base/buf.h"
#include "base/date.h"
#include "security/crypto.h"
#include "security/economysvc.h"
#include "store/db.h"
#include "store/economy.h"
#include "store/reference.h"
#include "store/setup.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

static char db_path[FIXTURE_PATH_MAX];
static struct store *st;
static struct crypto_keys keys;
static struct clientsvc_actor actor;

static int setup(void **state)
{
	(void)state;
	st = fixture_open(db_path);
	fixture_region(st);
	fixture_keys(&keys);
	actor.today = (struct nrs_date){2025, 3, 1};
	actor.username = "test";
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fixture_close(st, db_path);
	return 0;
}

static int64_t count(const char *sql)
{
	sqlite3_stmt *s;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

#define KR(x) ((int64_t)(x) * 100)

/* SPEC R26 (seed 000 Figur 2), in municipality code order. */
static const struct {
	const char *code, *name;
	int64_t population;
	int32_t share;
	int64_t amount_kr;
} r26[] = {
    {"2303", "Ragunda", 5135, 3876, 183907},      {"2305", "Bräcke", 6091, 4598, 218164},
    {"2309", "Krokom", 15604, 11780, 558934},     {"2313", "Strömsund", 11139, 8409, 398987},
    {"2321", "Åre", 12376, 9343, 443304},         {"2326", "Berg", 7114, 5370, 254794},
    {"2361", "Härjedalen", 10136, 7652, 363070},  {"2380", "Östersund", 64871, 48972, 2323607},
};

static void test_r26_table(void **state)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct economy_distribution *d = calloc(1, sizeof(*d));
	struct nrs_error err = {0};
	int64_t sum = 0;

	(void)state;
	assert_int_equal(economysvc_load_budget_2025(st, &keys, &actor, &err), 0);
	assert_int_equal(economysvc_budget_get(st, 2025, b, &err), 0);
	assert_int_equal(b->nlines, 6);
	assert_int_equal(b->subtotal_ore, KR(4352997));
	assert_int_equal(b->overhead_ore, KR(391770));
	assert_int_equal(b->total_ore, KR(4744767));
	assert_string_equal(b->population_date, "2023-11-01");
	assert_int_equal(economysvc_distribute(st, 2025, b->total_ore, d, &err), 0);
	assert_string_equal(d->population_date, "2023-11-01");
	assert_int_equal(d->n, 8);
	assert_int_equal(d->population_sum, 132466);
	for (size_t i = 0; i < 8; i++) {
		assert_string_equal(d->rows[i].code, r26[i].code);
		assert_non_null(strstr(d->rows[i].name, r26[i].name));
		assert_int_equal(d->rows[i].population, r26[i].population);
		assert_int_equal(d->rows[i].share, r26[i].share);
		assert_int_equal(d->rows[i].amount_ore, KR(r26[i].amount_kr));
		sum += d->rows[i].amount_ore;
	}
	assert_int_equal(sum, KR(4744767));
	/* the budget write was audited */
	assert_true(count("SELECT count(*) FROM audit_log WHERE record_kind = 'budget'") >= 1);
	free(b);
	free(d);
}

static int sum_invoice(const struct invoice_row *row, void *ctx)
{
	int64_t *sum = ctx;

	*sum += row->total_ore;
	return 0;
}

/* Populations where rounding each amount gives 2 065 711 kr for a total of 2 065 710 kr:
 * the largest-remainder step takes the krona from the smallest remainder. */
static void test_largest_remainder(void **state)
{
	static const int64_t pops[8] = {39066, 5294, 40688, 1862, 55884, 31751, 17997, 37096};
	static const int64_t plain_kr[8] = {351419, 47615, 366002, 16753,
	                                    502711, 285626, 161890, 333695};
	static const struct economy_line_input line = {"Verksamhet", KR(2065710)};
	struct economy_distribution *d = calloc(1, sizeof(*d));
	struct economy_budget_input in = {0};
	struct nrs_error err = {0};
	int64_t plain = 0, total = 0;
	int adjusted = 0, created = 0;

	(void)state;
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(
		    store_population_put(st, r26[i].code, "2030-11-01", pops[i], "test", &err), 0);
		plain += KR(plain_kr[i]);
	}
	assert_int_equal(plain, KR(2065711)); /* plain rounding misses by one krona */
	in.year = 2032;
	in.lines = &line;
	in.nlines = 1;
	in.overhead_bp = 0;
	in.uprate_bp = 300;
	assert_int_equal(economysvc_budget_set(st, &keys, &actor, &in, &err), 0);
	assert_int_equal(economysvc_distribute(st, 2032, KR(2065710), d, &err), 0);
	assert_string_equal(d->population_date, "2030-11-01");
	for (size_t i = 0; i < 8; i++) {
		if (d->rows[i].amount_adjust != 0) {
			adjusted++;
			assert_int_equal(d->rows[i].amount_adjust, -1);
			assert_int_equal(d->rows[i].amount_ore, KR(plain_kr[i] - 1));
		} else {
			assert_int_equal(d->rows[i].amount_ore, KR(plain_kr[i]));
		}
	}
	assert_int_equal(adjusted, 1);
	/* and through the invoices: eight of them, adding up to exactly the total */
	assert_int_equal(economysvc_invoice_generate(st, &keys, &actor, 2032, &created, &err), 0);
	assert_int_equal(created, 8);
	assert_int_equal(store_invoice_list(st, 2032, sum_invoice, &total), 0);
	assert_int_equal(total, KR(2065710));
	free(d);
}

static void test_invoice_run_once(void **state)
{
	struct nrs_error err = {0};
	int created = -1;
	int64_t total = 0;

	(void)state;
	assert_int_equal(economysvc_invoice_generate(st, &keys, &actor, 2025, &created, &err), 0);
	assert_int_equal(created, 8);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE year = 2025"), 8);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE number = '2025-0001'"
	                       " AND invoice_date = '2025-01-15' AND due_date = '2025-02-14'"
	                       " AND recipient_org_number = '212000-2452'"),
	                 1);
	/* again: refused, nothing new */
	assert_int_equal(economysvc_invoice_generate(st, &keys, &actor, 2025, &created, &err),
	                 NRS_EEXIST);
	assert_non_null(strstr(err.msg, "redan"));
	assert_int_equal(created, 0);
	assert_int_equal(count("SELECT count(*) FROM invoice WHERE year = 2025"), 8);
	assert_int_equal(count("SELECT count(*) FROM invoice_line l JOIN invoice i"
	                       " ON i.id = l.invoice_id WHERE i.year = 2025"),
	                 8);
	assert_int_equal(store_invoice_list(st, 2025, sum_invoice, &total), 0);
	assert_int_equal(total, KR(4744767));
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE record_kind = 'invoice'"), 16);
}

static void test_charges_and_extra(void **state)
{
	struct nrs_error err = {0};
	int64_t id = 0;
	int created = 0;

	(void)state;
	/* bad input: nothing stored */
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "wear", "2309", -5, "Städning",
	                                       "stay:1", &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "amount");
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "rent", "2309", 100, "Städning",
	                                       NULL, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "kind");
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "wear", "9999", 100, "Städning",
	                                       NULL, &id, &err),
	                 NRS_EINVAL);
	assert_string_equal(err.field, "municipality");
	assert_int_equal(count("SELECT count(*) FROM charge"), 0);
	/* inside the caller's transaction, rolled back with it */
	assert_int_equal(store_tx_begin(st), 0);
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "wear", "2309", KR(2500),
	                                       "Städning efter vistelse", "stay:17", &id, &err),
	                 0);
	store_tx_rollback(st);
	assert_int_equal(count("SELECT count(*) FROM charge"), 0);
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "wear", "2309", KR(2500),
	                                       "Städning efter vistelse", "stay:17", &id, &err),
	                 0);
	assert_true(id > 0);
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "other", "2309", KR(100),
	                                       "Nyckel", NULL, NULL, &err),
	                 0);
	assert_int_equal(economysvc_charge_add(st, &keys, &actor, "wear", "2380", KR(900),
	                                       "Trasig stol", NULL, NULL, &err),
	                 0);
	assert_int_equal(
	    economysvc_invoice_generate_extra(st, &keys, &actor, 2025, &created, &err), 0);
	assert_int_equal(created, 2);
	assert_int_equal(count("SELECT count(*) FROM charge WHERE invoice_id IS NULL"), 0);
	assert_int_equal(count("SELECT total_ore FROM invoice WHERE kind = 'extra'"
	                       " AND municipality = '2309'"),
	                 KR(2600));
	/* nothing left to invoice */
	assert_int_equal(
	    economysvc_invoice_generate_extra(st, &keys, &actor, 2025, &created, &err),
	    NRS_ENOTFOUND);
}

static void test_quality_review_and_deficit(void **state)
{
	struct economy_budget *b = calloc(1, sizeof(*b));
	struct economy_budget_input in = {0};
	struct nrs_error err = {0};
	int created = 0;

	(void)state;
	/* 2026: no lines of its own, so 2025 uprated by 3 % */
	in.year = 2026;
	in.overhead_bp = 900;
	in.uprate_bp = 300;
	in.population_date = "2023-11-01";
	in.quality_review_ore = KR(160000);
	assert_int_equal(economysvc_budget_set(st, &keys, &actor, &in, &err), 0);
	assert_int_equal(economysvc_budget_get(st, 2026, b, &err), 0);
	assert_int_equal(b->uprated_from, 2025);
	assert_int_equal(b->total_ore, KR(4887110)); /* 4 744 767 × 1.03 = 4 887 110.01 */
	assert_true(b->quality_review_year);
	assert_true(b->needs_socsam);
	assert_int_equal(economysvc_distribute_charges(st, &keys, &actor, 2026, "quality_review",
	                                               &created, &err),
	                 0);
	assert_int_equal(created, 8);
	assert_int_equal(count("SELECT sum(amount_ore) FROM charge WHERE kind = 'quality_review'"),
	                 KR(160000));
	assert_int_equal(economysvc_distribute_charges(st, &keys, &actor, 2026, "quality_review",
	                                               &created, &err),
	                 NRS_EEXIST);
	/* 2025 outcome: a surplus is carried over, not distributed */
	memset(&in, 0, sizeof(in));
	assert_int_equal(economysvc_budget_get(st, 2025, b, &err), 0);
	{
		struct economy_line_input lines[ECONOMY_LINES_MAX];

		for (size_t i = 0; i < b->nlines; i++) {
			lines[i].label = b->lines[i].label;
			lines[i].amount_ore = b->lines[i].amount_ore;
		}
		in.year = 2025;
		in.lines = lines;
		in.nlines = b->nlines;
		in.overhead_bp = 900;
		in.uprate_bp = 300;
		in.has_outcome = 1;
		in.outcome_ore = KR(4700000);
		assert_int_equal(economysvc_budget_set(st, &keys, &actor, &in, &err), 0);
		assert_int_equal(economysvc_budget_get(st, 2025, b, &err), 0);
		assert_int_equal(b->carried_over_ore, KR(44767));
		assert_int_equal(b->deficit_ore, 0);
		assert_int_equal(economysvc_distribute_charges(st, &keys, &actor, 2025, "deficit",
		                                               &created, &err),
		                 NRS_EINVAL);
		in.outcome_ore = KR(4800000);
		assert_int_equal(economysvc_budget_set(st, &keys, &actor, &in, &err), 0);
		assert_int_equal(economysvc_budget_get(st, 2025, b, &err), 0);
		assert_int_equal(b->deficit_ore, KR(55233));
		assert_int_equal(economysvc_distribute_charges(st, &keys, &actor, 2025, "deficit",
		                                               &created, &err),
		                 0);
		assert_int_equal(count("SELECT sum(amount_ore) FROM charge"
		                       " WHERE source_ref = 'key:deficit:2025'"),
		                 KR(55233));
	}
	free(b);
}

static void test_bad_budget(void **state)
{
	static const struct economy_line_input neg = {"Lokal", -100};
	struct economy_budget_input in = {0};
	struct nrs_error err = {0};
	int year = 0, bp = 0;
	int64_t before = count("SELECT count(*) FROM budget_year");

	(void)state;
	in.year = 2040;
	in.lines = &neg;
	in.nlines = 1;
	assert_int_equal(economysvc_budget_set(st, &keys, &actor, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "amount_1");
	in.nlines = 0;
	in.overhead_bp = 10001;
	assert_int_equal(economysvc_budget_set(st, &keys, &actor, &in, &err), NRS_EINVAL);
	assert_string_equal(err.field, "overhead");
	assert_int_equal(count("SELECT count(*) FROM budget_year"), before);
	assert_int_equal(economysvc_parse_year("25", "year", &year, &err), NRS_EINVAL);
	assert_int_equal(economysvc_parse_year("2025", "year", &year, &err), 0);
	assert_int_equal(year, 2025);
	assert_int_equal(economysvc_parse_percent("9", "o", "OH", 0, &bp, &err), 0);
	assert_int_equal(bp, 900);
	assert_int_equal(economysvc_parse_percent("2,5 %", "o", "OH", 0, &bp, &err), 0);
	assert_int_equal(bp, 250);
	assert_int_equal(economysvc_parse_percent("101", "o", "OH", 0, &bp, &err), NRS_EINVAL);
	assert_int_equal(economysvc_parse_percent("-1", "o", "OH", 0, &bp, &err), NRS_EINVAL);
	assert_int_equal(economysvc_parse_percent("abc", "o", "OH", 0, &bp, &err), NRS_EINVAL);
}

static void test_csv(void **state)
{
	struct nrs_error err = {0};
	struct buf b;
	const char *s;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(economysvc_export_csv(st, 2025, &b, &err), 0);
	s = buf_cstr(&b);
	assert_memory_equal(s, "\xef\xbb\xbf", 3);
	assert_non_null(strstr(s, "Fakturanummer;Typ;Fakturadatum;"));
	assert_non_null(strstr(s, "\r\n2025-0001;Årsfaktura;2025-01-15;2025-02-14;2303;"
	                          "Ragunda kommun;212000-2452;1;"));
	assert_non_null(strstr(s, ";183907,00\r\n"));
	assert_non_null(strstr(s, ";2323607,00\r\n"));
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_r26_table),
	    cmocka_unit_test(test_largest_remainder),
	    cmocka_unit_test(test_invoice_run_once),
	    cmocka_unit_test(test_charges_and_extra),
	    cmocka_unit_test(test_quality_review_and_deficit),
	    cmocka_unit_test(test_bad_budget),
	    cmocka_unit_test(test_csv),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
