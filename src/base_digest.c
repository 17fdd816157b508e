/*
 * base_digest — see base_digest.h.
 *
 * The algorithms are fetched from libcrypto once per process: an implicit
 * fetch (EVP_sha256() in every call) looks the algorithm up again each
 * time, which a run digesting every input file would pay thousands of
 * times.
 */
#include "base_digest.h"

#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "base_alloc.h"

static EVP_MD *sha256;
static EVP_MAC *hmac;
static pthread_once_t fetched = PTHREAD_ONCE_INIT;

static void fetch(void)
{
	/* Two algorithms of the default provider are all pevcheck uses: not
	 * the system's openssl.cnf, nor the tables of every cipher and digest
	 * by name, which cost a one-file check a millisecond to set up. */
	OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
	                            OPENSSL_INIT_NO_ADD_ALL_DIGESTS,
	                    NULL);
	sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	hmac = EVP_MAC_fetch(NULL, "HMAC", NULL);
	/* Only a libcrypto built without SHA-256 or HMAC answers NULL. */
	if (!sha256 || !hmac)
		abort();
}

struct digest {
	EVP_MD_CTX *ctx;
};

digest *digest_begin(void)
{
	pthread_once(&fetched, fetch);
	digest *d = xmalloc(sizeof *d);
	d->ctx = EVP_MD_CTX_new();
	if (!d->ctx || !EVP_DigestInit_ex2(d->ctx, sha256, NULL))
		xout_of_memory();
	return d;
}

void digest_add(digest *d, const void *data, size_t length)
{
	if (length && !EVP_DigestUpdate(d->ctx, data, length))
		xout_of_memory();
}

void digest_add_u64(digest *d, uint64_t v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	digest_add(d, b, sizeof b);
}

void digest_add_string(digest *d, const char *s)
{
	/* length first, so that no two lists of strings feed the same bytes;
	 * NULL as a length no string has */
	size_t n = s ? strlen(s) : 0;
	digest_add_u64(d, s ? (uint64_t)n : UINT64_MAX);
	digest_add(d, s, n);
}

void digest_end(digest *d, unsigned char out[DIGEST_SIZE])
{
	unsigned int n = DIGEST_SIZE;
	if (!EVP_DigestFinal_ex(d->ctx, out, &n))
		xout_of_memory();
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

void digest_bytes(const void *data, size_t length, unsigned char out[DIGEST_SIZE])
{
	digest *d = digest_begin();
	digest_add(d, data, length);
	digest_end(d, out);
}

void digest_hmac(const void *key, size_t key_length, const void *data, size_t length,
                 unsigned char out[DIGEST_SIZE])
{
	pthread_once(&fetched, fetch);
	EVP_MAC_CTX *ctx = EVP_MAC_CTX_new(hmac);
	OSSL_PARAM params[] = {
		OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0),
		OSSL_PARAM_construct_end(),
	};
	size_t n = 0;
	if (!ctx || !EVP_MAC_init(ctx, key, key_length, params) || !EVP_MAC_update(ctx, data, length) ||
	    !EVP_MAC_final(ctx, out, &n, DIGEST_SIZE) || n != DIGEST_SIZE)
		xout_of_memory();
	EVP_MAC_CTX_free(ctx);
}

bool digest_equal(const unsigned char a[DIGEST_SIZE], const unsigned char b[DIGEST_SIZE])
{
	return CRYPTO_memcmp(a, b, DIGEST_SIZE) == 0;
}

bool digest_random(void *out, size_t length)
{
	unsigned char *p = out;
	while (length) {
		ssize_t n = getrandom(p, length, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		p += n;
		length -= (size_t)n;
	}
	return true;
}

void digest_hex(const unsigned char d[DIGEST_SIZE], char out[2 * DIGEST_SIZE + 1])
{
	static const char hex[] = "0123456789abcdef";
	for (size_t i = 0; i < DIGEST_SIZE; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[2 * DIGEST_SIZE] = '\0';
}
