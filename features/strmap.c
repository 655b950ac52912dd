/* strmap.c - linear probing, power-of-two table, at most 3/4 full. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

void fx_strmap_init(struct fx_strmap *m)
{
    m->filter = NULL;
    m->slot = NULL;
    m->nslot = m->used = 0;
    fx_buf_init(&m->pool);
}

void fx_strmap_release(struct fx_strmap *m)
{
    free(m->slot);
    free(m->filter);
    fx_buf_release(&m->pool);
    fx_strmap_init(m);
}

static struct fx_strmap_slot *find(const struct fx_strmap *m, const char *key,
                                   size_t n, uint32_t h)
{
    size_t k = h & (m->nslot - 1);
    for (;;) {
        struct fx_strmap_slot *s = &m->slot[k];
        if (s->key == FX_STRMAP_NONE)
            return s;
        if (s->hash == h && s->klen == n && memcmp(m->pool.s + s->key, key, n) == 0)
            return s;
        k = (k + 1) & (m->nslot - 1);
    }
}

/* Two filter bits from a 64-bit hash. */
static inline void filter_bits(const struct fx_strmap *m, uint64_t h, size_t *a, size_t *b)
{
    size_t nbits = m->nslot * 16;
    *a = (size_t)(h >> 32) & (nbits - 1);
    *b = (size_t)((h >> 16) ^ (h >> 40)) & (nbits - 1);
}

static void filter_set(struct fx_strmap *m, uint64_t h)
{
    size_t a, b;
    filter_bits(m, h, &a, &b);
    m->filter[a >> 6] |= 1ULL << (a & 63);
    m->filter[b >> 6] |= 1ULL << (b & 63);
}

uint32_t *fx_strmap_get(const struct fx_strmap *m, const char *key, size_t n)
{
    return fx_strmap_get_hashed(m, key, n, fx_key_hash(key, n));
}

uint32_t *fx_strmap_get_hashed(const struct fx_strmap *m, const char *key, size_t n,
                               uint64_t h)
{
    if (!m->nslot)
        return NULL;
    size_t a, b;
    filter_bits(m, h, &a, &b);
    if (!(m->filter[a >> 6] & (1ULL << (a & 63))) || !(m->filter[b >> 6] & (1ULL << (b & 63))))
        return NULL;
    struct fx_strmap_slot *s = find(m, key, n, (uint32_t)h);
    return s->key == FX_STRMAP_NONE ? NULL : &s->value;
}

static int rehash(struct fx_strmap *m, size_t nslot)
{
    struct fx_strmap_slot *s = malloc(nslot * sizeof *s);
    uint64_t *f = calloc(nslot * 16 / 64, sizeof *f);
    if (!s || !f) {
        free(s);
        free(f);
        return FX_ENOMEM;
    }
    free(m->filter);
    m->filter = f;
    for (size_t i = 0; i < nslot; i++)
        s[i].key = FX_STRMAP_NONE;
    for (size_t i = 0; i < m->nslot; i++) {
        if (m->slot[i].key == FX_STRMAP_NONE)
            continue;
        size_t k = m->slot[i].hash & (nslot - 1);
        while (s[k].key != FX_STRMAP_NONE)
            k = (k + 1) & (nslot - 1);
        s[k] = m->slot[i];
    }
    free(m->slot);
    m->slot = s;
    m->nslot = nslot;
    for (size_t i = 0; i < nslot; i++)
        if (s[i].key != FX_STRMAP_NONE)
            filter_set(m, fx_key_hash(m->pool.s + s[i].key, s[i].klen));
    return 0;
}

uint32_t *fx_strmap_put(struct fx_strmap *m, const char *key, size_t n, int *created)
{
    if ((m->used + 1) * 4 > m->nslot * 3 && rehash(m, m->nslot ? m->nslot * 2 : 256))
        return NULL;
    uint64_t h64 = fx_key_hash(key, n);
    uint32_t h = (uint32_t)h64;
    struct fx_strmap_slot *s = find(m, key, n, h);
    if (created)
        *created = s->key == FX_STRMAP_NONE;
    if (s->key != FX_STRMAP_NONE)
        return &s->value;
    size_t off = m->pool.len;
    if (fx_buf_add(&m->pool, key, n) || fx_buf_addc(&m->pool, '\0'))
        return NULL;
    s->key = (uint32_t)off;
    s->klen = (uint32_t)n;
    s->hash = h;
    s->value = FX_STRMAP_NONE;
    filter_set(m, h64);
    m->used++;
    return &s->value;
}
