/* libFuzzer target for JSON request bodies, parsed the way the API does it: wjson_parse_body
 * (jansson with duplicate keys rejected, depth and string limits) and the typed field
 * readers. Aborts when an accepted body breaks a promise: not an object, a string with
 * control characters, a field read returning a value of the wrong kind or out of range. */
#include "base/str.h"
#include "web/json.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {"username", "name", "organisation_id", "active", "x"};
	struct nrs_error err = {0};
	json_t *root = NULL;
	struct buf out;
	int rc;

	rc = wjson_parse_body((const char *)data, size, &root, &err);
	if (rc != 0) {
		CHECK(rc == NRS_EINVAL && root == NULL && err.msg[0] != '\0');
		return 0;
	}
	CHECK(json_is_object(root));
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *s = NULL;
		int64_t n = 0;
		bool present = false, b = false;

		nrs_error_clear(&err);
		if (wjson_get_string(root, keys[i], 200, false, &s, &err) == 0 && s != NULL) {
			CHECK(strlen(s) <= 200);
			CHECK(str_utf8_ok(s, strlen(s)));
		}
		if (wjson_get_string(root, keys[i], 200, true, &s, &err) != 0)
			CHECK(err.code == NRS_EINVAL && strcmp(err.field, keys[i]) == 0);
		if (wjson_get_int(root, keys[i], -5, 1000, false, &n, &present, &err) == 0 &&
		    present)
			CHECK(n >= -5 && n <= 1000);
		(void)wjson_get_bool(root, keys[i], false, true, &b, &err);
	}
	/* what we accept, we can write back out */
	buf_init(&out, 0);
	CHECK(wjson_dump(&out, root) == 0);
	buf_free(&out);
	json_decref(root);
	return 0;
}
