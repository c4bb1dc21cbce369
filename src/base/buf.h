/* Growable byte buffer with a hard cap, so that no input can grow memory without bound.
 * The buffer is always NUL-terminated after a successful append. */
#ifndef NRS_BASE_BUF_H
#define NRS_BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t cap;
	size_t max; /* appends that would exceed this fail with NRS_ETOOBIG */
};

#define BUF_DEFAULT_MAX ((size_t)64 * 1024 * 1024)

void buf_init(struct buf *b, size_t max);
/* Free the contents; the struct itself stays usable after buf_init. Accepts NULL. */
void buf_free(struct buf *b);
void buf_reset(struct buf *b);
int buf_append(struct buf *b, const void *p, size_t n);
int buf_puts(struct buf *b, const char *s);
int buf_putc(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Never NULL: "" for an empty buffer. Borrowed until the next append or free. */
const char *buf_cstr(const struct buf *b);
/* Hand the contents to the caller (free with free()); the buffer becomes empty. */
char *buf_steal(struct buf *b);

#endif
