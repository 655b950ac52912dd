/* util.c - the small pieces every module uses: error strings, a growable
 * buffer, whole-file reads, hashing and UTF-8 decoding. */
#include "fx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *fx_strerror(int err)
{
    switch (err) {
    case FX_OK: return "success";
    case FX_ENOMEM: return "out of memory";
    case FX_EIO: return strerror(errno);
    case FX_EUTF8: return "invalid UTF-8";
    case FX_EFORMAT: return "malformed input";
    case FX_EICU: return "ICU error";
    case FX_ERANGE: return "value out of range";
    }
    return "unknown error";
}

void fx_buf_init(struct fx_buf *b)
{
    b->s = NULL;
    b->len = b->cap = 0;
}

void fx_buf_release(struct fx_buf *b)
{
    free(b->s);
    fx_buf_init(b);
}

static int buf_grow(struct fx_buf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return FX_ENOMEM;
    b->s = s;
    b->cap = cap;
    return 0;
}

int fx_buf_reserve(struct fx_buf *b, size_t n)
{
    return buf_grow(b, n);
}

int fx_buf_add(struct fx_buf *b, const void *p, size_t n)
{
    if (buf_grow(b, n))
        return FX_ENOMEM;
    if (n)
        memcpy(b->s + b->len, p, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int fx_buf_addc(struct fx_buf *b, char c)
{
    return fx_buf_add(b, &c, 1);
}

int fx_buf_addf(struct fx_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_grow(b, (size_t)n))
        return FX_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

int fx_read_file(const char *path, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return FX_EIO;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        errno = EISDIR;
        return FX_EIO;
    }
    struct fx_buf b;
    fx_buf_init(&b);
    /* A regular file's size is known: one allocation, no copies. */
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0
        && fx_buf_reserve(&b, (size_t)st.st_size + 1)) {
        fclose(f);
        return FX_ENOMEM;
    }
    char chunk[65536];
    size_t n;
    int err = 0;
    for (;;) {
        /* Read straight into the buffer while it has room. */
        if (b.cap > b.len + 1) {
            n = fread(b.s + b.len, 1, b.cap - b.len - 1, f);
            b.len += n;
            b.s[b.len] = '\0';
        } else if ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && (err = fx_buf_add(&b, chunk, n))) {
            break;
        }
        if (n == 0)
            break;
    }
    if (!err && ferror(f))
        err = FX_EIO;
    int saved = errno;
    fclose(f);
    errno = saved;
    if (!err && !b.s)
        err = fx_buf_add(&b, "", 0);
    if (err) {
        fx_buf_release(&b);
        return err;
    }
    *out = b.s;
    *len = b.len;
    return 0;
}

static inline uint64_t key_word(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 29);
}

static inline uint64_t key_final(uint64_t h, uint64_t tail, size_t n)
{
    h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
    h = (h ^ n) * 0xff51afd7ed558ccdULL;
    return h ^ (h >> 32);
}

#define KEY_SEED 0x9E3779B97F4A7C15ULL

uint64_t fx_key_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = KEY_SEED;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = key_word(h, w);
    }
    uint64_t tail = 0;
    for (size_t k = 0; i + k < n; k++)
        tail |= (uint64_t)s[i + k] << (8 * k);
    return key_final(h, tail, n);
}

void fx_key_prefix_hashes(const void *p, size_t n, uint64_t *h)
{
    const unsigned char *s = p;
    uint64_t state = KEY_SEED, tail = 0;
    for (size_t k = 1; k <= n; k++) {
        size_t at = (k - 1) % 8;
        if (at == 0 && k > 1) {
            state = key_word(state, tail);
            tail = 0;
        }
        tail |= (uint64_t)s[k - 1] << (8 * at);
        /* A prefix of whole words ends with an empty tail. */
        h[k] = k % 8 == 0 ? key_final(key_word(state, tail), 0, k) : key_final(state, tail, k);
    }
}

/* Four independent lanes of 8 bytes, so that the multiplications of one
 * lane wait for nobody else's: several times the speed of one lane on a
 * model of tens of megabytes. */
uint64_t fx_checksum(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h[4] = {0x9E3779B97F4A7C15ULL ^ n, 0xC2B2AE3D27D4EB4FULL ^ n,
                     0x165667B19E3779F9ULL ^ n, 0x27D4EB2F165667C5ULL ^ n};
    size_t i = 0;
    for (; i + 32 <= n; i += 32)
        for (int k = 0; k < 4; k++) {
            uint64_t w;
            memcpy(&w, s + i + 8 * (size_t)k, 8);
            h[k] = (h[k] ^ w) * 0xff51afd7ed558ccdULL;
            h[k] ^= h[k] >> 29;
        }
    uint64_t r = fx_key_hash(s + i, n - i);
    for (int k = 0; k < 4; k++) {
        r = (r ^ h[k]) * 0xc4ceb9fe1a85ec53ULL;
        r ^= r >> 32;
    }
    return r;
}

uint64_t fx_hash(const void *p, size_t n, uint64_t seed)
{
    return fx_hash_final(fx_hash_update(fx_hash_init(seed), p, n));
}

int fx_utf8_put(char *out, uint32_t cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

long fx_utf8_check(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        /* ASCII runs dominate news text: skip them eight bytes at a time. */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= n)
            break;
        if (fx_utf8_next(s, n, &i) < 0)
            return (long)i;
    }
    return -1;
}
