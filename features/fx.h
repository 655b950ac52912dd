/* fx.h - error codes and small helpers shared by the features library.
 *
 * Library functions return 0 or a negative FX_E* code (or NULL); they never
 * print and never exit. fx_strerror() gives the message a program prints. */
#ifndef FX_H
#define FX_H

#include <stddef.h>
#include <stdint.h>

enum {
    FX_OK = 0,
    FX_ENOMEM = -1,   /* allocation failed */
    FX_EIO = -2,      /* read or write failed; errno tells why */
    FX_EUTF8 = -3,    /* input is not valid UTF-8 */
    FX_EFORMAT = -4,  /* input is well-formed text but not what was expected */
    FX_EICU = -5,     /* ICU refused (missing data, internal error) */
    FX_ERANGE = -6,   /* a value or size out of the supported range */
};

/* Returns a static, lower-case message for an FX_E* code. */
const char *fx_strerror(int err);

/* Growable byte buffer. Stack struct: fx_buf_init / fx_buf_release. */
struct fx_buf {
    char *s;
    size_t len, cap;
};
void fx_buf_init(struct fx_buf *b);
void fx_buf_release(struct fx_buf *b);
/* Appends; returns 0 or FX_ENOMEM (the buffer is unchanged then). The
 * contents stay NUL-terminated. */
int fx_buf_add(struct fx_buf *b, const void *p, size_t n);
int fx_buf_addc(struct fx_buf *b, char c);
/* Makes room for n more bytes (and the NUL) without changing len. Returns 0
 * or FX_ENOMEM. */
int fx_buf_reserve(struct fx_buf *b, size_t n);
int fx_buf_addf(struct fx_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Reads a whole file into a NUL-terminated buffer. Returns 0, FX_EIO with
 * errno set (EISDIR for a directory), or FX_ENOMEM. Caller frees *out. */
int fx_read_file(const char *path, char **out, size_t *len);

/* 64-bit FNV-1a over n bytes, seeded; the hash behind every table here.
 * fx_hash(p, n, seed) == fx_hash_final(fx_hash_update(fx_hash_init(seed),
 * p, n)), and updates can be chained over the pieces of a key. */
uint64_t fx_hash(const void *p, size_t n, uint64_t seed);

/* A checksum of n bytes eight at a time, for whole files (models,
 * gazetteers): several times faster than fx_hash on megabytes. */
uint64_t fx_checksum(const void *p, size_t n);

/* The hash of a short key (the gazetteer's and lexicons' maps), eight
 * bytes at a time with the length mixed in last, so that
 * fx_key_prefix_hashes gives the hashes of every prefix of 1..n bytes in
 * h[1..n] in one pass. fx_checksum hashes its last bytes with it. */
uint64_t fx_key_hash(const void *p, size_t n);
void fx_key_prefix_hashes(const void *p, size_t n, uint64_t *h);

static inline uint64_t fx_hash_init(uint64_t seed)
{
    return 0xcbf29ce484222325ULL ^ seed;
}

static inline uint64_t fx_hash_update(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static inline uint64_t fx_hash_final(uint64_t h)
{
    return h ^ (h >> 32);
}

/* Decodes one UTF-8 sequence at s[*i] (i < n), advancing *i. Returns the
 * code point, or -1 for an invalid, overlong, surrogate or truncated
 * sequence (then *i is unchanged). Inline: every scanner calls it per
 * character. */
static inline int32_t fx_utf8_next(const char *str, size_t n, size_t *i)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t k = *i;
    unsigned c = s[k];
    if (c < 0x80) {
        *i = k + 1;
        return (int32_t)c;
    }
    int len;
    uint32_t cp, min;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2; cp = c & 0x1F; min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3; cp = c & 0x0F; min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4; cp = c & 0x07; min = 0x10000;
    } else {
        return -1;
    }
    if (k + (size_t)len > n)
        return -1;
    for (int j = 1; j < len; j++) {
        unsigned cc = s[k + (size_t)j];
        if ((cc & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *i = k + (size_t)len;
    return (int32_t)cp;
}


/* Encodes cp as UTF-8 into out (4 bytes room); returns the byte count. */
int fx_utf8_put(char *out, uint32_t cp);

/* Returns the byte offset of the first invalid UTF-8 sequence in s, or -1
 * if all n bytes are valid. NUL bytes are valid UTF-8. */
long fx_utf8_check(const char *s, size_t n);

#endif
