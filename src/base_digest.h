/*
 * base_digest — SHA-256 and HMAC-SHA-256 through OpenSSL's libcrypto, and
 * secret random bytes: what the results cache (run_cache_*.c) needs to
 * name what a result depends on and to tell its own entries from forged
 * ones.  Cryptography is libcrypto's; this only wraps it.
 *
 * Thread-safe: every call uses its own context.  Knows nothing of
 * pevcheck's data: base utilities only.
 */
#ifndef PEVCHECK_BASE_DIGEST_H
#define PEVCHECK_BASE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DIGEST_SIZE 32 /* SHA-256 and HMAC-SHA-256 */

/* The SHA-256 of length bytes. */
void digest_bytes(const void *data, size_t length, unsigned char out[DIGEST_SIZE]);

/* A SHA-256 fed in pieces: digest_begin, any number of digest_add*, then
 * digest_end (which frees it). */
typedef struct digest digest;
digest *digest_begin(void);
void digest_add(digest *d, const void *data, size_t length);
/* Framed additions, so that ("ab", "c") and ("a", "bc") differ: a string
 * (NULL differs from ""), a number. */
void digest_add_string(digest *d, const char *s);
void digest_add_u64(digest *d, uint64_t v);
void digest_end(digest *d, unsigned char out[DIGEST_SIZE]);

/* HMAC-SHA-256 of length bytes under key. */
void digest_hmac(const void *key, size_t key_length, const void *data, size_t length,
                 unsigned char out[DIGEST_SIZE]);

/* Compare in time that does not depend on where they differ. */
bool digest_equal(const unsigned char a[DIGEST_SIZE], const unsigned char b[DIGEST_SIZE]);

/* length bytes from the kernel's random source; false when it gave none. */
bool digest_random(void *out, size_t length);

/* Lower-case hexadecimal of a digest, NUL-terminated. */
void digest_hex(const unsigned char d[DIGEST_SIZE], char out[2 * DIGEST_SIZE + 1]);

#endif
