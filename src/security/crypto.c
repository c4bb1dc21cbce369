/* Cryptography through libsodium (see crypto.h). The key file is text: comment lines that
 * start with '#', then one line of 64 hexadecimal digits (the 32-byte master key). It is
 * created with mode 0600 and a key file readable by group or others is refused. */
#include "security/crypto.h"

#include <sodium.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* crypto_kdf context: exactly crypto_kdf_CONTEXTBYTES (8) characters. Changing it, or the
 * subkey ids below, makes every existing ciphertext and index unreadable. */
static const char kdf_context[crypto_kdf_CONTEXTBYTES + 1] = "NRSKEYS1";
enum { SUBKEY_FIELD = 1, SUBKEY_INDEX = 2, SUBKEY_AUDIT = 3, SUBKEY_BACKUP = 4 };

#define KEYFILE_MAX 4096
#define AD_KIND_MAX 64

static const char keyfile_header[] =
	"# Norrsken huvudnyckel. Förvara en säkerhetskopia skild från databasen: utan denna\n"
	"# fil går krypterade uppgifter inte att läsa. Filen ska ha rättigheterna 600.\n";

/* The reason a file operation failed, in Swedish for the common cases. */
static const char *why(int e)
{
	switch (e) {
	case ENOENT: return "filen eller katalogen finns inte";
	case EACCES:
	case EPERM: return "åtkomst nekad";
	case ENOSPC: return "disken är full";
	case EROFS: return "filsystemet är skrivskyddat";
	case ELOOP: return "sökvägen är en symbolisk länk";
	default: return strerror(e);
	}
}

int crypto_init(void)
{
	return sodium_init() < 0 ? NRS_ECRYPTO : 0;
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Make the new directory entry durable too: a key file lost in a crash after init would
 * leave a database nobody can decrypt. */
static void sync_parent_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int fd;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		return;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int crypto_keyfile_create(const char *path, struct nrs_error *err)
{
	unsigned char master[CRYPTO_KEY_BYTES];
	char hex[CRYPTO_KEY_BYTES * 2 + 2];
	int fd, rc = 0;

	/* O_EXCL: never overwrite a key (that would destroy every encrypted field);
	 * O_NOFOLLOW: never write the key through a planted symlink. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return nrs_error_set(err, NRS_EEXIST, "key_file",
					     "nyckelfilen %s finns redan och skrivs inte över", path);
		return nrs_error_set(err, NRS_EIO, "key_file", "kan inte skapa nyckelfilen %s: %s",
				     path, why(errno));
	}
	randombytes_buf(master, sizeof(master));
	sodium_bin2hex(hex, sizeof(hex) - 1, master, sizeof(master));
	hex[CRYPTO_KEY_BYTES * 2] = '\n';
	hex[CRYPTO_KEY_BYTES * 2 + 1] = '\0';
	/* fchmod in case the file system ignored the mode given to open */
	if (fchmod(fd, 0600) != 0 || write_all(fd, keyfile_header, sizeof(keyfile_header) - 1) ||
	    write_all(fd, hex, CRYPTO_KEY_BYTES * 2 + 1) || fsync(fd) != 0) {
		rc = nrs_error_set(err, NRS_EIO, "key_file", "kan inte skriva nyckelfilen %s: %s",
				   path, why(errno));
	}
	if (close(fd) != 0 && rc == 0)
		rc = nrs_error_set(err, NRS_EIO, "key_file", "kan inte skriva nyckelfilen %s: %s",
				   path, why(errno));
	if (rc != 0)
		unlink(path);
	else
		sync_parent_dir(path);
	sodium_memzero(master, sizeof(master));
	sodium_memzero(hex, sizeof(hex));
	return rc;
}

/* Find the one key line in the file text: comments and blank lines are skipped. */
static int parse_master(const char *text, size_t n, unsigned char master[CRYPTO_KEY_BYTES])
{
	const char *p = text, *end = text + n;
	int found = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len;

		if (eol == NULL)
			eol = end;
		len = (size_t)(eol - p);
		if (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > 0 && p[0] != '#') {
			size_t got = 0;
			const char *hex_end = NULL;

			if (found || len != CRYPTO_KEY_BYTES * 2 ||
			    sodium_hex2bin(master, CRYPTO_KEY_BYTES, p, len, NULL, &got, &hex_end) !=
				    0 ||
			    got != CRYPTO_KEY_BYTES || hex_end != p + len)
				return NRS_ECRYPTO;
			found = 1;
		}
		p = eol + 1;
	}
	return found ? 0 : NRS_ECRYPTO;
}

int crypto_keyfile_load(const char *path, struct crypto_keys *keys, struct nrs_error *err)
{
	unsigned char master[CRYPTO_KEY_BYTES];
	char text[KEYFILE_MAX];
	struct stat sb;
	size_t n = 0;
	int fd, rc = 0;

	memset(keys, 0, sizeof(*keys));
	/* symbolic links are followed (key files kept on a separate volume); the mode checked
	 * below is that of the file actually read */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return nrs_error_set(err, errno == ENOENT ? NRS_ENOTFOUND : NRS_EIO, "key_file",
				     "kan inte öppna nyckelfilen %s: %s", path, why(errno));
	/* fstat on the open descriptor: the mode we check is the mode of what we read */
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = nrs_error_set(err, NRS_EIO, "key_file", "nyckelfilen %s är inte en vanlig fil",
				   path);
		goto out;
	}
	if ((sb.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
		rc = nrs_error_set(err, NRS_ECRYPTO, "key_file",
				   "nyckelfilen %s kan läsas av andra än ägaren; kör 'chmod 600 %s'",
				   path, path);
		goto out;
	}
	for (;;) {
		ssize_t r = read(fd, text + n, sizeof(text) - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = nrs_error_set(err, NRS_EIO, "key_file", "kan inte läsa nyckelfilen %s: %s",
					   path, why(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == sizeof(text) - 1) {
			rc = nrs_error_set(err, NRS_ECRYPTO, "key_file",
					   "nyckelfilen %s är för stor för att vara en nyckelfil", path);
			goto out;
		}
	}
	if (parse_master(text, n, master) != 0) {
		rc = nrs_error_set(err, NRS_ECRYPTO, "key_file",
				   "nyckelfilen %s är skadad: den ska innehålla en rad med 64"
				   " hexadecimala tecken",
				   path);
		goto out;
	}
	if (crypto_kdf_derive_from_key(keys->field, sizeof(keys->field), SUBKEY_FIELD, kdf_context,
				       master) != 0 ||
	    crypto_kdf_derive_from_key(keys->index, sizeof(keys->index), SUBKEY_INDEX, kdf_context,
				       master) != 0 ||
	    crypto_kdf_derive_from_key(keys->audit, sizeof(keys->audit), SUBKEY_AUDIT, kdf_context,
				       master) != 0 ||
	    crypto_kdf_derive_from_key(keys->backup, sizeof(keys->backup), SUBKEY_BACKUP,
				       kdf_context, master) != 0) {
		crypto_keys_wipe(keys);
		rc = nrs_error_set(err, NRS_ECRYPTO, "key_file", "kan inte härleda nycklar");
	}
out:
	close(fd);
	sodium_memzero(master, sizeof(master));
	sodium_memzero(text, sizeof(text));
	return rc;
}

void crypto_keys_wipe(struct crypto_keys *keys)
{
	if (keys)
		sodium_memzero(keys, sizeof(*keys));
}

/* Associated data "kind:id": binds a ciphertext to the one record it was written for. */
static int make_ad(const char *kind, int64_t id, char ad[AD_KIND_MAX + 24], size_t *len)
{
	int n;

	if (kind == NULL || strlen(kind) > AD_KIND_MAX)
		return NRS_EINVAL;
	n = snprintf(ad, AD_KIND_MAX + 24, "%s:%lld", kind, (long long)id);
	if (n < 0 || n >= AD_KIND_MAX + 24)
		return NRS_EINVAL;
	*len = (size_t)n;
	return 0;
}

int crypto_seal(const struct crypto_keys *keys, const char *kind, int64_t id, const void *plain,
		size_t n, struct buf *out)
{
	const size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	const size_t tag_len = crypto_aead_xchacha20poly1305_ietf_ABYTES;
	char ad[AD_KIND_MAX + 24];
	unsigned char *sealed = NULL;
	unsigned long long clen = 0;
	size_t adlen, total;
	int rc;

	buf_reset(out);
	rc = make_ad(kind, id, ad, &adlen);
	if (rc != 0)
		return rc;
	if (n > crypto_aead_xchacha20poly1305_ietf_MESSAGEBYTES_MAX ||
	    n > SIZE_MAX - nonce_len - tag_len)
		return NRS_ETOOBIG;
	total = nonce_len + n + tag_len;
	sealed = malloc(total);
	if (sealed == NULL)
		return NRS_ENOMEM;
	/* a random 192-bit nonce never repeats in practice, so no counter has to be kept */
	randombytes_buf(sealed, nonce_len);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(sealed + nonce_len, &clen, plain, n,
						       (const unsigned char *)ad, adlen, NULL,
						       sealed, keys->field) != 0 ||
	    clen != n + tag_len) {
		rc = NRS_ECRYPTO;
		goto out;
	}
	rc = buf_append(out, sealed, total);
out:
	free(sealed);
	return rc;
}

int crypto_open(const struct crypto_keys *keys, const char *kind, int64_t id, const void *sealed,
		size_t n, struct buf *out)
{
	const size_t nonce_len = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	const size_t tag_len = crypto_aead_xchacha20poly1305_ietf_ABYTES;
	const unsigned char *in = sealed;
	char ad[AD_KIND_MAX + 24];
	unsigned char *plain = NULL;
	unsigned long long plen = 0;
	size_t adlen, cap;
	int rc;

	buf_reset(out);
	rc = make_ad(kind, id, ad, &adlen);
	if (rc != 0)
		return rc;
	if (sealed == NULL || n < nonce_len + tag_len)
		return NRS_ECRYPTO;
	cap = n - nonce_len - tag_len;
	plain = malloc(cap + 1); /* +1: never malloc(0) */
	if (plain == NULL)
		return NRS_ENOMEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(plain, &plen, NULL, in + nonce_len,
						       n - nonce_len, (const unsigned char *)ad,
						       adlen, in, keys->field) != 0) {
		rc = NRS_ECRYPTO;
		goto out;
	}
	rc = buf_append(out, plain, (size_t)plen);
out:
	sodium_memzero(plain, cap + 1);
	free(plain);
	return rc;
}

void crypto_blind_index(const struct crypto_keys *keys, const char *domain, const char *value,
			unsigned char out[CRYPTO_HASH_BYTES])
{
	crypto_generichash_state h;
	static const unsigned char sep = 0;

	/* The NUL separates domain from value, so ("ab", "c") and ("a", "bc") differ. */
	crypto_generichash_init(&h, keys->index, CRYPTO_KEY_BYTES, CRYPTO_HASH_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)domain, strlen(domain));
	crypto_generichash_update(&h, &sep, 1);
	crypto_generichash_update(&h, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&h, out, CRYPTO_HASH_BYTES);
	sodium_memzero(&h, sizeof(h));
}

void crypto_random_token(char out[CRYPTO_TOKEN_CHARS + 1])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, CRYPTO_TOKEN_CHARS + 1, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void crypto_token_hash(const char *token, unsigned char out[CRYPTO_HASH_BYTES])
{
	/* Unkeyed is enough: the token has 256 bits of entropy, so its hash cannot be reversed
	 * by guessing, and the database alone never yields a usable cookie. */
	crypto_generichash(out, CRYPTO_HASH_BYTES, (const unsigned char *)token, strlen(token),
			   NULL, 0);
}

int crypto_str_equal(const char *a, const char *b)
{
	size_t la, lb;

	if (a == NULL || b == NULL)
		return 0;
	la = strlen(a);
	lb = strlen(b);
	/* The length is not secret (tokens have a fixed length); the contents are. */
	if (la != lb)
		return 0;
	return sodium_memcmp(a, b, la) == 0;
}
