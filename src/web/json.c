/* JSON request parsing and response writing (see json.h). */
#include "web/json.h"

#include "base/str.h"

#include <string.h>

static int check_value(const json_t *v, int depth)
{
	const char *key;
	json_t *member;
	size_t i;

	if (depth > WJSON_MAX_DEPTH)
		return NRS_ETOOBIG;
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach((json_t *)v, key, member)
		{
			int rc;

			if (!str_utf8_ok(key, strlen(key)))
				return NRS_EINVAL;
			rc = check_value(member, depth + 1);
			if (rc != 0)
				return rc;
		}
		return 0;
	case JSON_ARRAY:
		json_array_foreach(v, i, member)
		{
			int rc = check_value(member, depth + 1);

			if (rc != 0)
				return rc;
		}
		return 0;
	case JSON_STRING:
		if (json_string_length(v) > WJSON_MAX_STRING)
			return NRS_ETOOBIG;
		return str_utf8_ok(json_string_value(v), json_string_length(v)) ? 0 : NRS_EINVAL;
	default:
		return 0;
	}
}

int wjson_parse_body(const char *data, size_t len, json_t **out, struct nrs_error *err)
{
	json_error_t jerr;
	json_t *root;
	int rc;

	*out = NULL;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &jerr);
	if (root == NULL)
		return nrs_error_set(err, NRS_EINVAL, "", "ogiltig JSON på rad %d", jerr.line);
	if (!json_is_object(root)) {
		json_decref(root);
		return nrs_error_set(err, NRS_EINVAL, "", "innehållet ska vara ett JSON-objekt");
	}
	rc = check_value(root, 1);
	if (rc != 0) {
		json_decref(root);
		return nrs_error_set(err, NRS_EINVAL, "",
		                     rc == NRS_ETOOBIG
		                         ? "JSON-innehållet är för djupt eller för långt"
		                         : "JSON-innehållet har otillåtna tecken");
	}
	*out = root;
	return 0;
}

static int member(const json_t *obj, const char *key, bool required, json_t **v,
                  struct nrs_error *err)
{
	*v = json_object_get(obj, key);
	if (*v == NULL || json_is_null(*v)) {
		*v = NULL;
		if (required)
			return nrs_error_set(err, NRS_EINVAL, key, "%s saknas", key);
	}
	return 0;
}

int wjson_get_string(const json_t *obj, const char *key, size_t max_len, bool required,
                     const char **out, struct nrs_error *err)
{
	json_t *v;
	int rc = member(obj, key, required, &v, err);

	*out = NULL;
	if (rc != 0 || v == NULL)
		return rc;
	if (!json_is_string(v))
		return nrs_error_set(err, NRS_EINVAL, key, "%s ska vara en text", key);
	if (json_string_length(v) > max_len)
		return nrs_error_set(err, NRS_EINVAL, key, "%s får vara högst %zu tecken", key,
		                     max_len);
	if (required && json_string_length(v) == 0)
		return nrs_error_set(err, NRS_EINVAL, key, "%s får inte vara tom", key);
	*out = json_string_value(v);
	return 0;
}

int wjson_get_int(const json_t *obj, const char *key, int64_t min, int64_t max, bool required,
                  int64_t *out, bool *present, struct nrs_error *err)
{
	json_t *v;
	int rc = member(obj, key, required, &v, err);
	json_int_t n;

	if (present)
		*present = false;
	if (rc != 0 || v == NULL)
		return rc;
	if (!json_is_integer(v))
		return nrs_error_set(err, NRS_EINVAL, key, "%s ska vara ett heltal", key);
	n = json_integer_value(v);
	if (n < min || n > max)
		return nrs_error_set(err, NRS_EINVAL, key, "%s ska vara mellan %lld och %lld", key,
		                     (long long)min, (long long)max);
	*out = (int64_t)n;
	if (present)
		*present = true;
	return 0;
}

int wjson_get_bool(const json_t *obj, const char *key, bool required, bool dflt, bool *out,
                   struct nrs_error *err)
{
	json_t *v;
	int rc = member(obj, key, required, &v, err);

	*out = dflt;
	if (rc != 0 || v == NULL)
		return rc;
	if (!json_is_boolean(v))
		return nrs_error_set(err, NRS_EINVAL, key, "%s ska vara true eller false", key);
	*out = json_is_true(v);
	return 0;
}

static int dump_cb(const char *p, size_t n, void *data)
{
	return buf_append(data, p, n) == 0 ? 0 : -1;
}

int wjson_dump(struct buf *out, const json_t *v)
{
	if (json_dump_callback(v, dump_cb, out, JSON_COMPACT) != 0)
		return NRS_ENOMEM;
	return 0;
}
