/* JSON for the API (jansson): parsing request bodies with limits, reading typed fields with
 * a Swedish message naming the field at fault, and writing responses. Prefix wjson_ keeps
 * clear of jansson's own json_ names. */
#ifndef NRS_WEB_JSON_H
#define NRS_WEB_JSON_H

#include "base/buf.h"
#include "base/err.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WJSON_MAX_DEPTH 16
#define WJSON_MAX_STRING (64 * 1024)

/* Parse a request body that must be one JSON object: no duplicate keys, nesting at most
 * WJSON_MAX_DEPTH, strings valid UTF-8 without NUL or control characters other than tab and
 * newline. *out is owned by the caller (json_decref). NRS_EINVAL with a Swedish message. */
int wjson_parse_body(const char *data, size_t len, json_t **out, struct nrs_error *err);
/* A string member: *out borrowed from obj. Missing or null: NRS_EINVAL if required, else
 * *out = NULL and 0. Wrong type, empty (when required) or longer than max_len bytes:
 * NRS_EINVAL naming key. */
int wjson_get_string(const json_t *obj, const char *key, size_t max_len, bool required,
                     const char **out, struct nrs_error *err);
/* An integer member in [min, max]; *present tells whether it was there (may be NULL when
 * required). */
int wjson_get_int(const json_t *obj, const char *key, int64_t min, int64_t max, bool required,
                  int64_t *out, bool *present, struct nrs_error *err);
/* A boolean member; absent gives dflt unless required. */
int wjson_get_bool(const json_t *obj, const char *key, bool required, bool dflt, bool *out,
                   struct nrs_error *err);
/* Append v as compact JSON to out. */
int wjson_dump(struct buf *out, const json_t *v);

#endif
