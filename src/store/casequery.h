/* Read-only queries over clients and cases for lists, panels and access checks: the plain
 * facts of a client or case with how one user and organisation stand to it, paged lists of
 * clients and cases within an organisation or a home municipality, relations between
 * clients. Nothing here is encrypted or decrypted; security/casequery.c scopes and audits
 * these reads and is the only caller meant to use them. */
#ifndef NRS_STORE_CASEQUERY_H
#define NRS_STORE_CASEQUERY_H

#include "store/db.h"

#include <stdint.h>

/* The plain facts of a client, and how a user and an organisation stand to it. */
struct cq_client {
	int64_t id;
	char code[16];
	char gender[8];
	int birth_year;
	char home_municipality[5];
	char municipality_name[101];
	int protected_identity;
	char roles[64]; /* role names joined by ',' in name order */
	int of_org;     /* has a case at the organisation, or was registered by one of its users */
	int assigned;   /* the user is assigned staff on one of the client's cases */
};
/* NRS_ENOTFOUND if there is no such client. */
int store_cq_client(struct store *st, int64_t client_id, int64_t organisation_id, int64_t user_id,
                    struct cq_client *out);
/* The client with this pseudonymous code: 0 and *id, or NRS_ENOTFOUND. */
int store_cq_client_by_code(struct store *st, const char *code, int64_t *id);

/* The plain facts of a case, and whether a user is assigned to it. */
struct cq_case {
	int64_t id;
	int64_t client_id;
	char client_code[16];
	int client_protected;
	char home_municipality[5];
	char opened[11];
	char closed[11]; /* "" while open */
	char referral_source[16];
	char referring_municipality[5]; /* "" if none */
	char referring_name[101];       /* "" if none */
	int64_t organisation_id;
	char organisation_name[201];
	int assigned;
};
int store_cq_case(struct store *st, int64_t case_id, int64_t user_id, struct cq_case *out);

enum cq_client_sort {
	CQ_CLIENT_BY_CODE = 0, /* registration order */
	CQ_CLIENT_BY_BIRTH_YEAR = 1,
	CQ_CLIENT_BY_MUNICIPALITY = 2,
	CQ_CLIENT_BY_GENDER = 3,
};

/* Which clients: those of an organisation (organisation_id > 0) and/or of a home
 * municipality (municipality non-NULL). The caller must give at least one of the two. */
struct cq_client_filter {
	int64_t organisation_id;
	const char *municipality;
	int64_t user_id;  /* for "assigned" and assigned_only */
	const char *code; /* exact code, NULL for any */
	int assigned_only;
	int open_only; /* with an open case (at the organisation, when given) */
	enum cq_client_sort sort;
	int desc;
	int64_t limit, offset;
};

struct cq_client_row {
	int64_t id;
	const char *code;
	const char *gender;
	int birth_year;
	const char *home_municipality;
	const char *municipality_name;
	int protected_identity;
	const char *roles;
	int64_t open_case_id; /* 0 if none (at the organisation, when given) */
	int assigned;
};
typedef int (*cq_client_cb)(const struct cq_client_row *row, void *ctx);
/* One page of clients in the filter's order; *total (may be NULL) gets the number of all
 * matching rows. NRS_EINVAL if neither organisation nor municipality is given. */
int store_cq_clients(struct store *st, const struct cq_client_filter *f, cq_client_cb cb, void *ctx,
                     int64_t *total);

struct cq_case_filter {
	int64_t organisation_id;  /* > 0: cases of this organisation */
	const char *municipality; /* non-NULL: cases of clients with this home municipality */
	int64_t user_id;          /* for "assigned" and mine_only */
	int64_t client_id;        /* > 0: this client's cases only */
	int open_only;
	int mine_only; /* cases the user is assigned to */
	int64_t limit, offset;
};

struct cq_case_row {
	int64_t id;
	int64_t client_id;
	const char *client_code;
	int client_protected;
	const char *home_municipality;
	const char *opened;
	const char *closed; /* NULL while open */
	const char *referral_source;
	const char *referring_municipality; /* NULL if none */
	int64_t organisation_id;
	int assigned;
	const char *risk_level; /* the latest assessment's level, NULL if none */
};
typedef int (*cq_case_cb)(const struct cq_case_row *row, void *ctx);
/* One page of cases, newest opening first; *total as for store_cq_clients. NRS_EINVAL if
 * neither organisation nor municipality is given. */
int store_cq_cases(struct store *st, const struct cq_case_filter *f, cq_case_cb cb, void *ctx,
                   int64_t *total);

struct cq_relation_row {
	const char *kind; /* child_of, partner_of, ex_partner_of */
	int reverse;      /* 0: "client is <kind> other"; 1: "other is <kind> client" */
	int64_t other_id;
	const char *other_code;
};
typedef int (*cq_relation_cb)(const struct cq_relation_row *row, void *ctx);
/* The client's relations in both directions, by the other client's code. */
int store_cq_relations(struct store *st, int64_t client_id, cq_relation_cb cb, void *ctx);

#endif
