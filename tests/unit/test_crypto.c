/* Cryptography (src/security/crypto.c): the key file (mode 0600, refused when others can read
 * it, never overwritten), field encryption bound to its record, keyed blind indexes, random
 * tokens and constant-time comparison. */
#include "security/crypto.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static char dir[64];
static char key_a[96], key_b[96];

static int setup(void **state)
{
	(void)state;
	assert_int_equal(crypto_init(), 0);
	snprintf(dir, sizeof(dir), "/tmp/nrs-test-crypto-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(key_a, sizeof(key_a), "%s/a.key", dir);
	snprintf(key_b, sizeof(key_b), "%s/b.key", dir);
	return 0;
}

static int teardown(void **state)
{
	char p[128];

	(void)state;
	unlink(key_a);
	unlink(key_b);
	snprintf(p, sizeof(p), "%s/bad.key", dir);
	unlink(p);
	rmdir(dir);
	return 0;
}

static int contains(const void *hay, size_t n, const char *needle)
{
	size_t m = strlen(needle);

	for (size_t i = 0; m <= n && i <= n - m; i++)
		if (memcmp((const char *)hay + i, needle, m) == 0)
			return 1;
	return 0;
}

static void load_keys(const char *path, struct crypto_keys *k)
{
	struct nrs_error err = {0};

	if (access(path, F_OK) != 0)
		assert_int_equal(crypto_keyfile_create(path, &err), 0);
	assert_int_equal(crypto_keyfile_load(path, k, &err), 0);
}

static void test_keyfile_mode_and_refusals(void **state)
{
	struct nrs_error err = {0};
	struct crypto_keys k;
	struct stat sb;

	(void)state;
	load_keys(key_a, &k);
	assert_int_equal(stat(key_a, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	/* never overwritten */
	assert_int_equal(crypto_keyfile_create(key_a, &err), NRS_EEXIST);
	/* readable by the group or others: refused, naming the file and the fix */
	assert_int_equal(chmod(key_a, 0644), 0);
	assert_int_equal(crypto_keyfile_load(key_a, &k, &err), NRS_ECRYPTO);
	assert_non_null(strstr(err.msg, key_a));
	assert_non_null(strstr(err.msg, "chmod 600"));
	/* the refused load leaves no key material behind */
	for (size_t i = 0; i < sizeof(k.field); i++)
		assert_int_equal(k.field[i], 0);
	assert_int_equal(chmod(key_a, 0640), 0);
	assert_int_equal(crypto_keyfile_load(key_a, &k, &err), NRS_ECRYPTO);
	assert_int_equal(chmod(key_a, 0600), 0);
	assert_int_equal(crypto_keyfile_load(key_a, &k, &err), 0);
	/* a missing file */
	assert_int_equal(crypto_keyfile_load("/nonexistent/nrs.key", &k, &err), NRS_ENOTFOUND);
	crypto_keys_wipe(&k);
}

static void test_keyfile_damaged(void **state)
{
	struct nrs_error err = {0};
	struct crypto_keys k;
	char path[128];
	FILE *f;

	(void)state;
	snprintf(path, sizeof(path), "%s/bad.key", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# comment\nnot-hex-at-all\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(crypto_keyfile_load(path, &k, &err), NRS_ECRYPTO);
	assert_string_equal(err.field, "key_file");
	/* a key one digit short */
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("012345678901234567890123456789012345678901234567890123456789012\n", f);
	fclose(f);
	assert_int_equal(crypto_keyfile_load(path, &k, &err), NRS_ECRYPTO);
}

static void test_subkeys_distinct(void **state)
{
	struct crypto_keys a, b;

	(void)state;
	load_keys(key_a, &a);
	load_keys(key_b, &b);
	assert_memory_not_equal(a.field, a.index, CRYPTO_KEY_BYTES);
	assert_memory_not_equal(a.field, a.audit, CRYPTO_KEY_BYTES);
	assert_memory_not_equal(a.index, a.backup, CRYPTO_KEY_BYTES);
	assert_memory_not_equal(a.field, b.field, CRYPTO_KEY_BYTES);
	/* loading again derives the same keys */
	load_keys(key_a, &b);
	assert_memory_equal(a.field, b.field, CRYPTO_KEY_BYTES);
	assert_memory_equal(a.backup, b.backup, CRYPTO_KEY_BYTES);
	crypto_keys_wipe(&a);
	for (size_t i = 0; i < sizeof(a.index); i++)
		assert_int_equal(a.index[i], 0);
}

static void test_seal_round_trip(void **state)
{
	static const char plain[] = "Åsa Öberg, 19850101-1234";
	struct crypto_keys k;
	struct buf sealed, opened, again;

	(void)state;
	load_keys(key_a, &k);
	buf_init(&sealed, 0);
	buf_init(&opened, 0);
	buf_init(&again, 0);
	assert_int_equal(crypto_seal(&k, "client", 42, plain, strlen(plain), &sealed), 0);
	/* nonce (24) + text + tag (16), and the text does not show */
	assert_int_equal(sealed.len, 24 + strlen(plain) + 16);
	assert_false(contains(sealed.data, sealed.len, "Öberg"));
	assert_int_equal(crypto_open(&k, "client", 42, sealed.data, sealed.len, &opened), 0);
	assert_int_equal(opened.len, strlen(plain));
	assert_string_equal(buf_cstr(&opened), plain);
	/* a fresh nonce each time: the same text seals differently */
	assert_int_equal(crypto_seal(&k, "client", 42, plain, strlen(plain), &again), 0);
	assert_memory_not_equal(sealed.data, again.data, sealed.len);
	/* empty text */
	assert_int_equal(crypto_seal(&k, "client", 1, "", 0, &sealed), 0);
	assert_int_equal(sealed.len, 40);
	assert_int_equal(crypto_open(&k, "client", 1, sealed.data, sealed.len, &opened), 0);
	assert_int_equal(opened.len, 0);
	assert_string_equal(buf_cstr(&opened), "");
	buf_free(&sealed);
	buf_free(&opened);
	buf_free(&again);
	crypto_keys_wipe(&k);
}

static void test_seal_tamper_and_move(void **state)
{
	static const char plain[] = "skyddad adress";
	struct crypto_keys k, other;
	struct buf sealed, opened;

	(void)state;
	load_keys(key_a, &k);
	load_keys(key_b, &other);
	buf_init(&sealed, 0);
	buf_init(&opened, 0);
	assert_int_equal(crypto_seal(&k, "client", 7, plain, strlen(plain), &sealed), 0);
	/* every byte matters: nonce, ciphertext and tag */
	for (size_t i = 0; i < sealed.len; i++) {
		sealed.data[i] ^= 0x01;
		assert_int_equal(crypto_open(&k, "client", 7, sealed.data, sealed.len, &opened),
				 NRS_ECRYPTO);
		sealed.data[i] ^= 0x01;
	}
	/* truncated */
	assert_int_equal(crypto_open(&k, "client", 7, sealed.data, sealed.len - 1, &opened),
			 NRS_ECRYPTO);
	assert_int_equal(crypto_open(&k, "client", 7, sealed.data, 10, &opened), NRS_ECRYPTO);
	/* moved to another record or another kind of record */
	assert_int_equal(crypto_open(&k, "client", 8, sealed.data, sealed.len, &opened),
			 NRS_ECRYPTO);
	assert_int_equal(crypto_open(&k, "case", 7, sealed.data, sealed.len, &opened),
			 NRS_ECRYPTO);
	assert_int_equal(crypto_open(&k, "client", -7, sealed.data, sealed.len, &opened),
			 NRS_ECRYPTO);
	/* another key */
	assert_int_equal(crypto_open(&other, "client", 7, sealed.data, sealed.len, &opened),
			 NRS_ECRYPTO);
	/* still fine untouched */
	assert_int_equal(crypto_open(&k, "client", 7, sealed.data, sealed.len, &opened), 0);
	assert_string_equal(buf_cstr(&opened), plain);
	buf_free(&sealed);
	buf_free(&opened);
}

static void test_blind_index(void **state)
{
	unsigned char a1[CRYPTO_HASH_BYTES], a2[CRYPTO_HASH_BYTES], b[CRYPTO_HASH_BYTES];
	unsigned char x[CRYPTO_HASH_BYTES], y[CRYPTO_HASH_BYTES];
	struct crypto_keys ka, kb;

	(void)state;
	load_keys(key_a, &ka);
	load_keys(key_b, &kb);
	crypto_blind_index(&ka, "pnr", "198501011234", a1);
	crypto_blind_index(&ka, "pnr", "198501011234", a2);
	assert_memory_equal(a1, a2, sizeof(a1)); /* deterministic: usable for lookups */
	crypto_blind_index(&kb, "pnr", "198501011234", b);
	assert_memory_not_equal(a1, b, sizeof(a1)); /* keyed */
	crypto_blind_index(&ka, "pnr", "198501011235", b);
	assert_memory_not_equal(a1, b, sizeof(a1));
	crypto_blind_index(&ka, "phone", "198501011234", b);
	assert_memory_not_equal(a1, b, sizeof(a1)); /* domain-separated */
	crypto_blind_index(&ka, "ab", "c", x);
	crypto_blind_index(&ka, "a", "bc", y);
	assert_memory_not_equal(x, y, sizeof(x)); /* the separator does its job */
}

static void test_tokens(void **state)
{
	char t1[CRYPTO_TOKEN_CHARS + 1], t2[CRYPTO_TOKEN_CHARS + 1];
	unsigned char h1[CRYPTO_HASH_BYTES], h2[CRYPTO_HASH_BYTES];

	(void)state;
	crypto_random_token(t1);
	crypto_random_token(t2);
	assert_int_equal(strlen(t1), CRYPTO_TOKEN_CHARS);
	assert_string_not_equal(t1, t2);
	for (const char *p = t1; *p; p++)
		assert_non_null(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				       "0123456789-_",
				       *p));
	crypto_token_hash(t1, h1);
	crypto_token_hash(t1, h2);
	assert_memory_equal(h1, h2, sizeof(h1));
	crypto_token_hash(t2, h2);
	assert_memory_not_equal(h1, h2, sizeof(h1));
}

static void test_str_equal(void **state)
{
	(void)state;
	assert_true(crypto_str_equal("abcdef", "abcdef"));
	assert_false(crypto_str_equal("abcdef", "abcdeg"));
	assert_false(crypto_str_equal("abcdef", "abcde"));
	assert_false(crypto_str_equal("", "a"));
	assert_true(crypto_str_equal("", ""));
	assert_false(crypto_str_equal(NULL, "a"));
	assert_false(crypto_str_equal("a", NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keyfile_mode_and_refusals),
		cmocka_unit_test(test_keyfile_damaged),
		cmocka_unit_test(test_subkeys_distinct),
		cmocka_unit_test(test_seal_round_trip),
		cmocka_unit_test(test_seal_tamper_and_move),
		cmocka_unit_test(test_blind_index),
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_str_equal),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
