/* Configuration from defaults and an INI file (see config.h). */
#include "base/config.h"
#include "base/log.h"
#include "base/str.h"

#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int nrs_config_set_str(char **slot, const char *value)
{
	char *p = str_dup(value);

	if (p == NULL)
		return NRS_ENOMEM;
	free(*slot);
	*slot = p;
	return 0;
}

int nrs_config_defaults(struct nrs_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->port = 8080;
	/* More threads than cores on purpose: a request that has read personal data waits on its
	 * pool thread until its audit row is durable, and the more requests wait together, the
	 * more rows share one commit (docs/performance.md). */
	cfg->threads = 16;
	cfg->max_connections = 256;
	cfg->conn_timeout_s = 30;
	cfg->max_body = 1024 * 1024;
	cfg->session_idle_min = 30;
	cfg->session_abs_hours = 12;
	cfg->log_level = NRS_LOG_INFO;
	cfg->report_threshold = NRS_CONFIG_THRESHOLD_DEFAULT;
	if (nrs_config_set_str(&cfg->db_path, "norrsken.db") ||
	    nrs_config_set_str(&cfg->key_path, "norrsken.key") ||
	    nrs_config_set_str(&cfg->listen_addr, "127.0.0.1"))
		return NRS_ENOMEM;
	return 0;
}

struct int_key {
	const char *section, *name;
	size_t offset;
	int64_t min, max;
};

static const struct int_key int_keys[] = {
	{"server", "port", offsetof(struct nrs_config, port), 1, 65535},
	{"server", "threads", offsetof(struct nrs_config, threads), 1, 64},
	{"server", "max_connections", offsetof(struct nrs_config, max_connections), 1, 10000},
	{"server", "connection_timeout", offsetof(struct nrs_config, conn_timeout_s), 1, 3600},
	{"server", "behind_tls", offsetof(struct nrs_config, tls), 0, 1},
	{"security", "session_idle_minutes", offsetof(struct nrs_config, session_idle_min), 1, 24 * 60},
	{"security", "session_absolute_hours", offsetof(struct nrs_config, session_abs_hours), 1, 168},
};

struct load_ctx {
	struct nrs_config *cfg;
	struct nrs_error *err;
	const char *path;
	int failed;
};

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct load_ctx *ctx = user;
	struct nrs_config *cfg = ctx->cfg;
	int64_t v;

	if (strcmp(section, "database") == 0 && strcmp(name, "path") == 0)
		return nrs_config_set_str(&cfg->db_path, value) == 0;
	if (strcmp(section, "security") == 0 && strcmp(name, "key_file") == 0)
		return nrs_config_set_str(&cfg->key_path, value) == 0;
	if (strcmp(section, "server") == 0 && strcmp(name, "listen") == 0)
		return nrs_config_set_str(&cfg->listen_addr, value) == 0;
	if (strcmp(section, "server") == 0 && strcmp(name, "max_body") == 0) {
		if (str_to_i64(value, 1024, 1024L * 1024 * 1024, &v) != 0)
			goto bad;
		cfg->max_body = (long)v;
		return 1;
	}
	if (strcmp(section, "report") == 0 && strcmp(name, "small_number_threshold") == 0) {
		/* 0 turns the protection off; 1 and 2 would protect nothing a reader could not
		 * guess, so the smallest real threshold is 3 (domain/suppress) */
		if (str_to_i64(value, 0, 1000, &v) != 0 || v == 1 || v == 2) {
			nrs_error_set(ctx->err, NRS_EINVAL, name,
				      "%s: ogiltigt värde för [report] small_number_threshold: ange 0 "
				      "(inget skydd) eller 3–1000",
				      ctx->path);
			ctx->failed = 1;
			return 0;
		}
		cfg->report_threshold = (int)v;
		return 1;
	}
	if (strcmp(section, "log") == 0 && strcmp(name, "level") == 0) {
		int lvl = nrs_log_level_parse(value);
		if (lvl < 0)
			goto bad;
		cfg->log_level = lvl;
		return 1;
	}
	for (size_t i = 0; i < sizeof(int_keys) / sizeof(int_keys[0]); i++) {
		const struct int_key *k = &int_keys[i];
		if (strcmp(section, k->section) != 0 || strcmp(name, k->name) != 0)
			continue;
		if (str_to_i64(value, k->min, k->max, &v) != 0)
			goto bad;
		*(int *)(void *)((char *)cfg + k->offset) = (int)v;
		return 1;
	}
	nrs_error_set(ctx->err, NRS_EINVAL, name, "%s: okänd inställning [%s] %s", ctx->path,
		      section, name);
	ctx->failed = 1;
	return 0;
bad:
	nrs_error_set(ctx->err, NRS_EINVAL, name, "%s: ogiltigt värde för [%s] %s", ctx->path,
		      section, name);
	ctx->failed = 1;
	return 0;
}

int nrs_config_load(struct nrs_config *cfg, const char *path, struct nrs_error *err)
{
	struct load_ctx ctx = {cfg, err, path, 0};
	int line = ini_parse(path, on_value, &ctx);

	if (line == -1)
		return nrs_error_set(err, NRS_EIO, "config", "%s: kan inte öppna filen", path);
	if (line == -2)
		return nrs_error_set(err, NRS_ENOMEM, "config", "minnet tog slut");
	if (line > 0) {
		if (!ctx.failed)
			nrs_error_set(err, NRS_EINVAL, "config", "%s rad %d: felaktig rad", path,
				      line);
		else {
			char tmp[sizeof(err->msg)];
			snprintf(tmp, sizeof(tmp), "%s", err ? err->msg : "");
			nrs_error_set(err, NRS_EINVAL, err ? err->field : "", "%s (rad %d)", tmp,
				      line);
		}
		return NRS_EINVAL;
	}
	return 0;
}

void nrs_config_free(struct nrs_config *cfg)
{
	if (cfg == NULL)
		return;
	free(cfg->db_path);
	free(cfg->key_path);
	free(cfg->listen_addr);
	memset(cfg, 0, sizeof(*cfg));
}
