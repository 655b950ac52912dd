/* strmap.c - linear probing, power-of-two table, at most 3/4 full. */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

void fx_strmap_init(struct fx_strmap *m)
{
    m->slot = NULL;
    m->nslot = m->used = 0;
    fx_buf_init(&m->pool);
}

void fx_strmap_release(struct fx_strmap *m)
{
    free(m->slot);
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

uint32_t *fx_strmap_get(const struct fx_strmap *m, const char *key, size_t n)
{
    if (!m->nslot)
        return NULL;
    struct fx_strmap_slot *s = find(m, key, n, (uint32_t)fx_hash(key, n, 0));
    return s->key == FX_STRMAP_NONE ? NULL : &s->value;
}

static int rehash(struct fx_strmap *m, size_t nslot)
{
    struct fx_strmap_slot *s = malloc(nslot * sizeof *s);
    if (!s)
        return FX_ENOMEM;
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
    return 0;
}

uint32_t *fx_strmap_put(struct fx_strmap *m, const char *key, size_t n, int *created)
{
    if ((m->used + 1) * 4 > m->nslot * 3 && rehash(m, m->nslot ? m->nslot * 2 : 256))
        return NULL;
    uint32_t h = (uint32_t)fx_hash(key, n, 0);
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
    m->used++;
    return &s->value;
}
