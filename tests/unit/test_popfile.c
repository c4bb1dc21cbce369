/* Population files: SCB CSV and JSON-stat 2 are read whole or rejected with the place and
 * field at fault. */
#include "domain/popfile.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static int parse(const char *text, struct pop_file *pf, struct nrs_error *err)
{
	return popfile_parse(text, strlen(text), POPFILE_AUTO, "f.csv", pf, err);
}

static void test_csv_ok(void **state)
{
	struct pop_file pf;
	struct nrs_error err = {0};

	(void)state;
	assert_int_equal(parse("\xEF\xBB\xBFkod;namn;befolkning\r\n2303;Ragunda;5 135\r\n"
			       "2380;\"Östersund\";64871\r\n",
			       &pf, &err),
			 0);
	assert_int_equal(pf.count, 2);
	assert_string_equal(pf.rows[0].code, "2303");
	assert_int_equal(pf.rows[0].population, 5135);
	assert_string_equal(pf.rows[1].name, "Östersund");
	assert_int_equal(pf.rows[1].population, 64871);
	assert_string_equal(pf.ref_date, "");
	popfile_free(&pf);
}

static void expect_error(const char *text, const char *field, const char *fragment)
{
	struct pop_file pf;
	struct nrs_error err = {0};

	assert_int_not_equal(parse(text, &pf, &err), 0);
	assert_null(pf.rows);
	assert_string_equal(err.field, field);
	if (strstr(err.msg, fragment) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, fragment);
}

static void test_csv_errors(void **state)
{
	(void)state;
	expect_error("2303;Ragunda;5135\n23x3;Bräcke;6091\n", "kod", "rad 2");
	expect_error("2303;Ragunda;5135\n2305;Bräcke;-1\n", "befolkning", "rad 2");
	expect_error("2303;Ragunda;5135\n2305;Bräcke\n", "befolkning", "rad 2");
	expect_error("2303;Ragunda;femtusen\n", "befolkning", "rad 1");
	expect_error("2303;;5135\n", "namn", "rad 1");
	expect_error("2303;Ragunda;5135\n2303;Ragunda;5136\n", "kod", "förekommer redan");
	expect_error("", "", "inga rader");
	expect_error("2303;\"Ragunda;5135\n", "", "citattecken");
}

static const char jsonstat[] =
	"{\"version\":\"2.0\",\"class\":\"dataset\",\"id\":[\"Region\",\"ContentsCode\",\"Tid\"],"
	"\"size\":[2,1,1],\"dimension\":{"
	"\"Region\":{\"category\":{\"index\":{\"2303\":0,\"2380\":1},"
	"\"label\":{\"2303\":\"Ragunda\",\"2380\":\"Östersund\"}}},"
	"\"ContentsCode\":{\"category\":{\"index\":{\"BE0101N1\":0}}},"
	"\"Tid\":{\"category\":{\"index\":{\"2023M10\":0}}}},"
	"\"value\":[5135,64871]}";

static void test_jsonstat_ok(void **state)
{
	struct pop_file pf;
	struct nrs_error err = {0};

	(void)state;
	assert_int_equal(parse(jsonstat, &pf, &err), 0);
	assert_int_equal(pf.count, 2);
	assert_string_equal(pf.rows[1].code, "2380");
	assert_string_equal(pf.rows[1].name, "Östersund");
	assert_int_equal(pf.rows[1].population, 64871);
	assert_string_equal(pf.ref_date, "2023-10-31");
	popfile_free(&pf);
}

static void test_jsonstat_errors(void **state)
{
	char buf[sizeof(jsonstat) + 16];
	char *p;

	(void)state;
	expect_error("{\"id\": [", "", "ogiltig JSON");
	expect_error("{\"id\":[\"Tid\"],\"size\":[1],\"dimension\":{\"Tid\":{\"category\":"
		     "{\"index\":{\"2023\":0}}}},\"value\":[1]}",
		     "Region", "Region saknas");
	/* a null value */
	snprintf(buf, sizeof(buf), "%s", jsonstat);
	p = strstr(buf, "64871");
	memcpy(p, "null ", 5);
	expect_error(buf, "value", "region 2380");
	/* a negative value */
	snprintf(buf, sizeof(buf), "%s", jsonstat);
	p = strstr(buf, "5135");
	memcpy(p, "-513", 4);
	expect_error(buf, "value", "region 2303");
	/* two periods */
	expect_error("{\"id\":[\"Region\",\"Tid\"],\"size\":[1,2],\"dimension\":{"
		     "\"Region\":{\"category\":{\"index\":{\"2303\":0}}},"
		     "\"Tid\":{\"category\":{\"index\":{\"2022\":0,\"2023\":1}}}},"
		     "\"value\":[1,2]}",
		     "Tid", "2 värden");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_ok),
		cmocka_unit_test(test_csv_errors),
		cmocka_unit_test(test_jsonstat_ok),
		cmocka_unit_test(test_jsonstat_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
