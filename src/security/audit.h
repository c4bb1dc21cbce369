/* The audit chain (R35): every read and write of personal data appends who, when, what,
 * action, from where and the stated reason. Each row's hash is a keyed BLAKE2b over the
 * previous row's hash and this row's fields, so any change or deletion is detected by
 * audit_verify. */
#ifndef NRS_SECURITY_AUDIT_H
#define NRS_SECURITY_AUDIT_H

#include "base/err.h"
#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

struct audit_entry {
	int64_t user_id;        /* 0 for the system / command line */
	const char *username;   /* NULL for the system */
	int64_t organisation_id; /* 0 if none */
	const char *action;     /* "read", "create", "update", "delete", "login", ... */
	const char *record_kind; /* "client", "user", ... */
	const char *record_id;  /* NULL if none */
	const char *remote;     /* client address, NULL for the command line */
	const char *reason;     /* stated reason, NULL if none was asked */
};

/* Append one row; the caller's transaction (if any) makes it atomic with the change it
 * records. key is crypto_keys.audit. */
int audit_append(struct store *st, const unsigned char key[32], const struct audit_entry *e,
		 struct nrs_error *err);
/* Walk the chain from the start. Returns 0 if intact; NRS_ECONFLICT with *bad_id set to the
 * first row whose hash or link does not match. *checked receives the number of rows. */
int audit_verify(struct store *st, const unsigned char key[32], int64_t *checked,
		 int64_t *bad_id);
/* Write rows with from <= at < to (dates YYYY-MM-DD, either may be NULL) as CSV. */
int audit_export_csv(struct store *st, const char *from, const char *to, FILE *out,
		     struct nrs_error *err);

#endif
