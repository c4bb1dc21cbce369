/* Storage of clients (tables client, client_code_seq, client_role, client_relation).
 * This layer sees only ciphertext and blind indexes: encrypting, decrypting and auditing
 * belong to security/clientsvc.c, which is the only caller meant to use these functions. */
#ifndef NRS_STORE_CLIENT_H
#define NRS_STORE_CLIENT_H

#include "base/err.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define CLIENT_INDEX_BYTES 32
#define CLIENT_CODE_MAX 16 /* "K-YYYY-NNNNNN" + NUL, with room */

/* The plain columns of a new client. Sealed columns are written by store_client_seal. */
struct client_insert {
	const char *code;               /* K-YYYY-NNNN from store_client_code_next */
	const unsigned char *pnr_index; /* CLIENT_INDEX_BYTES, or NULL without identity number */
	int birth_year;
	const char *gender;            /* kvinna, man, annat */
	const char *home_municipality; /* municipality code */
	int protected_identity;        /* 0 or 1 */
	const char *created_at;        /* UTC ISO 8601 */
	int64_t created_by;            /* user id, 0 for the system */
};

/* A sealed value: bytes and length; data NULL for SQL NULL. */
struct sealed {
	const void *data;
	size_t len;
};

/* A client as stored. Every pointer is borrowed, valid only during the callback. */
struct client_row {
	int64_t id;
	const char *code;
	struct sealed name;       /* "first\tlast" */
	struct sealed pnr;        /* 12-digit normal form, or data NULL */
	struct sealed birth_date; /* YYYY-MM-DD, or data NULL */
	struct sealed contact;    /* free text, or data NULL */
	int birth_year;
	const char *gender;
	const char *home_municipality;
	int protected_identity;
	const char *created_at;
	int64_t created_by; /* 0 if none */
	const char *roles;  /* role names joined by ',' in name order, "" if none */
};

typedef int (*client_row_cb)(const struct client_row *row, void *ctx);

/* Shared by the casework stores: bind a sealed value ($n; data NULL binds SQL NULL), and
 * read a blob column as a borrowed sealed value (valid until the statement moves on). */
int store_bind_sealed(sqlite3_stmt *s, int n, const struct sealed *v);
struct sealed store_col_sealed(sqlite3_stmt *s, int col);

/* Take the next number of `year` (1, 2, ...) and write the code "K-YYYY-NNNN" into code.
 * Call inside the transaction that inserts the client, so a rolled-back registration does
 * not use up a number; a committed number is never handed out again. */
int store_client_code_next(struct store *st, int year, char code[CLIENT_CODE_MAX],
                           struct nrs_error *err);

/* Insert the plain columns with empty placeholders for the sealed ones; *id receives the
 * new id. NRS_EEXIST (field "personnummer") if the identity number is already registered.
 * The caller must seal the row with store_client_seal in the same transaction. */
int store_client_insert(struct store *st, const struct client_insert *in, int64_t *id,
                        struct nrs_error *err);
/* Write the sealed columns of client id. pnr and birth_date must be given (data non-NULL)
 * exactly when the row has an identity number; contact may have data NULL. */
int store_client_seal(struct store *st, int64_t id, const struct sealed *name,
                      const struct sealed *pnr, const struct sealed *birth_date,
                      const struct sealed *contact, struct nrs_error *err);
/* Replace the contact details (data NULL clears them). NRS_ENOTFOUND if no such client. */
int store_client_set_contact(struct store *st, int64_t id, const struct sealed *contact,
                             struct nrs_error *err);
/* Set or clear the protected-identity flag. NRS_ENOTFOUND if no such client. */
int store_client_set_protected(struct store *st, int64_t id, int protected_identity,
                               struct nrs_error *err);

/* role: victim, child, perpetrator, relative. Adding a role twice is not an error. */
int store_client_role_add(struct store *st, int64_t client_id, const char *role,
                          struct nrs_error *err);
/* kind: child_of, partner_of, ex_partner_of ("client_id is <kind> related_id"). */
int store_client_relation_add(struct store *st, int64_t client_id, int64_t related_id,
                              const char *kind, struct nrs_error *err);

/* The client whose identity number has this blind index: 0 and *id, or NRS_ENOTFOUND. */
int store_client_find_by_index(struct store *st, const unsigned char index[CLIENT_INDEX_BYTES],
                               int64_t *id);
/* Call cb once with client id. NRS_ENOTFOUND if there is none. */
int store_client_get(struct store *st, int64_t id, client_row_cb cb, void *ctx);
/* Plain facts needed for checks without decrypting: birth year, protected flag. */
int store_client_facts(struct store *st, int64_t id, int *birth_year, int *protected_identity);

#endif
