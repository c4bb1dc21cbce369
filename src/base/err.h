/* Error codes and the error detail a caller may ask for.
 * Every fallible function returns 0 or a negative enum nrs_err; when the caller passes a
 * struct nrs_error, the callee fills in a one-line Swedish message naming the field at fault. */
#ifndef NRS_BASE_ERR_H
#define NRS_BASE_ERR_H

enum nrs_err {
	NRS_OK = 0,
	NRS_EINVAL = -1,    /* input rejected by validation */
	NRS_ENOMEM = -2,    /* allocation failed */
	NRS_EIO = -3,       /* file or socket error */
	NRS_EDB = -4,       /* database error */
	NRS_ENOTFOUND = -5, /* no such record */
	NRS_EEXIST = -6,    /* record already exists */
	NRS_EDENIED = -7,   /* access policy said no */
	NRS_ECRYPTO = -8,   /* encryption, decryption or key failure */
	NRS_ETOOBIG = -9,   /* input over its size limit */
	NRS_ECONFLICT = -10, /* conflicts with another record (overlap, duplicate) */
	NRS_EAUTH = -11,    /* not authenticated, or wrong credentials */
	NRS_ELOCKED = -12,  /* account temporarily locked */
};

struct nrs_error {
	int code;
	char field[64];  /* name of the field at fault, or "" */
	char msg[512];   /* one Swedish line for the user; never personal data */
};

/* Record code, field and a printf-style message in err (which may be NULL). Returns code. */
int nrs_error_set(struct nrs_error *err, int code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* Reset err to "no error". Accepts NULL. */
void nrs_error_clear(struct nrs_error *err);

/* A short Swedish description of an error code (static string). */
const char *nrs_strerror(int code);

#endif
