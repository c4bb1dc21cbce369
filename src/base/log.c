/* Levelled log to stderr (see log.h). */
#include "base/log.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static atomic_int log_level = NRS_LOG_INFO;
static const char *const level_names[] = {"error", "warn", "info", "debug"};

void nrs_log_set_level(enum nrs_log_level level)
{
	atomic_store(&log_level, (int)level);
}

int nrs_log_level_parse(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, level_names[i]) == 0)
			return i;
	return -1;
}

void nrs_log(enum nrs_log_level level, const char *fmt, ...)
{
	char msg[1024], stamp[32];
	va_list ap;
	time_t now;
	struct tm tm;

	if ((int)level > atomic_load(&log_level))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	for (char *p = msg; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(stderr, "%s %s %s\n", stamp, level_names[level], msg);
}
