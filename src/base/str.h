/* Small string helpers: strict number parsing, trimming, UTF-8 checks. */
#ifndef NRS_BASE_STR_H
#define NRS_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse a whole string as a decimal integer in [min, max]; no spaces, no trailing text.
 * Returns 0 or NRS_EINVAL. */
int str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out);
/* Duplicate at most n bytes; caller frees. NULL on allocation failure. */
char *str_ndup(const char *s, size_t n);
/* Duplicate; NULL in gives NULL out. Caller frees. */
char *str_dup(const char *s);
/* Trim ASCII whitespace at both ends in place; returns s. */
char *str_trim(char *s);
/* True if the n bytes are well-formed UTF-8 without NUL or C0 controls other than tab/newline. */
bool str_utf8_ok(const char *s, size_t n);
/* True if s consists only of ASCII digits (and is non-empty). */
bool str_all_digits(const char *s);
/* Case-sensitive prefix test. */
bool str_starts(const char *s, const char *prefix);

#endif
