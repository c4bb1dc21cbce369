/* Levelled log to stderr. Callers never pass personal data, passwords or tokens;
 * control characters in the message are replaced so a log line cannot be forged. */
#ifndef NRS_BASE_LOG_H
#define NRS_BASE_LOG_H

enum nrs_log_level { NRS_LOG_ERROR = 0, NRS_LOG_WARN, NRS_LOG_INFO, NRS_LOG_DEBUG };

void nrs_log_set_level(enum nrs_log_level level);
/* Parse "error", "warn", "info", "debug"; returns -1 for anything else. */
int nrs_log_level_parse(const char *s);
void nrs_log(enum nrs_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) nrs_log(NRS_LOG_ERROR, __VA_ARGS__)
#define log_warn(...) nrs_log(NRS_LOG_WARN, __VA_ARGS__)
#define log_info(...) nrs_log(NRS_LOG_INFO, __VA_ARGS__)
#define log_debug(...) nrs_log(NRS_LOG_DEBUG, __VA_ARGS__)

#endif
