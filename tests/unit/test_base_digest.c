/*
 * Unit tests for base_digest.c: SHA-256 and HMAC-SHA-256 against published
 * test vectors (FIPS 180-2, RFC 4231), pieces hashing as the whole, framed
 * strings that cannot run together, the comparison and the random source.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "base_digest.h"

static void hex_of(const unsigned char d[DIGEST_SIZE], char out[2 * DIGEST_SIZE + 1])
{
	digest_hex(d, out);
}

static void test_sha256_vectors(void **state)
{
	(void)state;
	unsigned char d[DIGEST_SIZE];
	char hex[2 * DIGEST_SIZE + 1];
	digest_bytes("abc", 3, d);
	hex_of(d, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	digest_bytes("", 0, d);
	hex_of(d, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_pieces_hash_as_whole(void **state)
{
	(void)state;
	const char *text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	unsigned char whole[DIGEST_SIZE], pieces[DIGEST_SIZE];
	digest_bytes(text, strlen(text), whole);
	digest *d = digest_begin();
	for (size_t i = 0; i < strlen(text); i += 5)
		digest_add(d, text + i, strlen(text) - i < 5 ? strlen(text) - i : 5);
	digest_end(d, pieces);
	assert_true(digest_equal(whole, pieces));
	char hex[2 * DIGEST_SIZE + 1];
	hex_of(whole, hex);
	assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void framed(const char *a, const char *b, unsigned char out[DIGEST_SIZE])
{
	digest *d = digest_begin();
	digest_add_string(d, a);
	digest_add_string(d, b);
	digest_end(d, out);
}

static void test_framed_strings_do_not_run_together(void **state)
{
	(void)state;
	unsigned char x[DIGEST_SIZE], y[DIGEST_SIZE], z[DIGEST_SIZE], w[DIGEST_SIZE];
	framed("ab", "c", x);
	framed("a", "bc", y);
	framed("abc", "", z);
	framed("abc", NULL, w);
	assert_false(digest_equal(x, y));
	assert_false(digest_equal(x, z));
	assert_false(digest_equal(z, w));
	framed("ab", "c", y);
	assert_true(digest_equal(x, y));
}

static void test_hmac_rfc4231(void **state)
{
	(void)state;
	unsigned char key[20], d[DIGEST_SIZE];
	char hex[2 * DIGEST_SIZE + 1];
	memset(key, 0x0b, sizeof key);
	digest_hmac(key, sizeof key, "Hi There", 8, d); /* test case 1 */
	hex_of(d, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
	digest_hmac("Jefe", 4, "what do ya want for nothing?", 28, d); /* test case 2 */
	hex_of(d, hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

static void test_hmac_depends_on_key(void **state)
{
	(void)state;
	unsigned char a[DIGEST_SIZE], b[DIGEST_SIZE];
	digest_hmac("key one", 7, "entry", 5, a);
	digest_hmac("key two", 7, "entry", 5, b);
	assert_false(digest_equal(a, b));
	memcpy(b, a, DIGEST_SIZE);
	b[DIGEST_SIZE - 1] ^= 1;
	assert_false(digest_equal(a, b));
}

static void test_random(void **state)
{
	(void)state;
	unsigned char a[DIGEST_SIZE] = { 0 }, b[DIGEST_SIZE] = { 0 };
	assert_true(digest_random(a, sizeof a));
	assert_true(digest_random(b, sizeof b));
	assert_false(digest_equal(a, b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors),
		cmocka_unit_test(test_pieces_hash_as_whole),
		cmocka_unit_test(test_framed_strings_do_not_run_together),
		cmocka_unit_test(test_hmac_rfc4231),
		cmocka_unit_test(test_hmac_depends_on_key),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
