/* Cryptography for Norrsken, all through libsodium: the key file, field encryption
 * (XChaCha20-Poly1305 with the record as associated data), keyed blind indexes (BLAKE2b),
 * random tokens and token hashes. Keys never enter the database. */
#ifndef NRS_SECURITY_CRYPTO_H
#define NRS_SECURITY_CRYPTO_H

#include "base/buf.h"
#include "base/err.h"

#include <stddef.h>
#include <stdint.h>

#define CRYPTO_KEY_BYTES 32
#define CRYPTO_HASH_BYTES 32
#define CRYPTO_TOKEN_CHARS 43 /* base64url of 32 random bytes, no padding */

/* Subkeys derived from the one master key in the key file (crypto_kdf), one per purpose,
 * so that a leak of one use does not weaken another. Immutable after load; may be shared
 * between threads. */
struct crypto_keys {
	unsigned char field[CRYPTO_KEY_BYTES];  /* field encryption */
	unsigned char index[CRYPTO_KEY_BYTES];  /* blind indexes */
	unsigned char audit[CRYPTO_KEY_BYTES];  /* audit hash chain */
	unsigned char backup[CRYPTO_KEY_BYTES]; /* encrypted backups */
};

/* sodium_init(); call once before threads start. */
int crypto_init(void);
/* Create a new key file with a random master key, mode 0600. Refuses to overwrite. */
int crypto_keyfile_create(const char *path, struct nrs_error *err);
/* Load and derive the subkeys. Refuses a key file readable by group or others. */
int crypto_keyfile_load(const char *path, struct crypto_keys *keys, struct nrs_error *err);
/* Wipe keys from memory. */
void crypto_keys_wipe(struct crypto_keys *keys);

/* Encrypt plain[0..n) for the record (kind, id): out receives nonce || ciphertext || tag.
 * Moving the ciphertext to another record makes decryption fail. */
int crypto_seal(const struct crypto_keys *keys, const char *kind, int64_t id, const void *plain,
		size_t n, struct buf *out);
/* Decrypt what crypto_seal wrote for the same (kind, id); out receives the plain text,
 * NUL-terminated. NRS_ECRYPTO if it was tampered with or belongs to another record. */
int crypto_open(const struct crypto_keys *keys, const char *kind, int64_t id, const void *sealed,
		size_t n, struct buf *out);
/* Keyed BLAKE2b of value within a domain ("pnr", ...) for equality lookups. */
void crypto_blind_index(const struct crypto_keys *keys, const char *domain, const char *value,
			unsigned char out[CRYPTO_HASH_BYTES]);

/* A fresh random token, base64url without padding, NUL-terminated. */
void crypto_random_token(char out[CRYPTO_TOKEN_CHARS + 1]);
/* Unkeyed BLAKE2b-256 of a high-entropy token (what the database stores). */
void crypto_token_hash(const char *token, unsigned char out[CRYPTO_HASH_BYTES]);
/* Constant-time string equality (for CSRF tokens). */
int crypto_str_equal(const char *a, const char *b);

#endif
