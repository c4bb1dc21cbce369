/* Error detail: one place that turns error codes into Swedish text. */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int nrs_error_set(struct nrs_error *err, int code, const char *field, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void nrs_error_clear(struct nrs_error *err)
{
	if (err == NULL)
		return;
	err->code = 0;
	err->field[0] = '\0';
	err->msg[0] = '\0';
}

const char *nrs_strerror(int code)
{
	switch (code) {
	case NRS_OK: return "inget fel";
	case NRS_EINVAL: return "ogiltig uppgift";
	case NRS_ENOMEM: return "minnet tog slut";
	case NRS_EIO: return "fel vid läsning eller skrivning";
	case NRS_EDB: return "databasfel";
	case NRS_ENOTFOUND: return "finns inte";
	case NRS_EEXIST: return "finns redan";
	case NRS_EDENIED: return "åtkomst nekad";
	case NRS_ECRYPTO: return "krypteringsfel";
	case NRS_ETOOBIG: return "för stor";
	case NRS_ECONFLICT: return "krockar med en annan post";
	case NRS_EAUTH: return "inloggning krävs eller uppgifterna är fel";
	case NRS_ELOCKED: return "kontot är tillfälligt låst";
	default: return "okänt fel";
	}
}
