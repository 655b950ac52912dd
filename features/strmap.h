/* strmap.h - an open-addressing hash map from byte strings to uint32_t.
 *
 * Keys are copied into the map's own pool; values are whatever the caller
 * keeps there (an index, a chain head). Used by the gazetteer and the
 * lexicons, which look up millions of short keys per second. */
#ifndef FX_STRMAP_H
#define FX_STRMAP_H

#include <stddef.h>
#include <stdint.h>

#include "fx.h"

#define FX_STRMAP_NONE UINT32_MAX

struct fx_strmap_slot {
    uint32_t key, klen, hash, value;
};

/* Stack struct: fx_strmap_init / fx_strmap_release. A Bloom filter of 16
 * bits a slot answers most misses from cache without touching the table:
 * nearly every word of a text is in no gazetteer or lexicon. */
struct fx_strmap {
    struct fx_strmap_slot *slot;
    size_t nslot, used;
    uint64_t *filter;       /* nslot * 16 bits */
    struct fx_buf pool;
};

void fx_strmap_init(struct fx_strmap *m);
void fx_strmap_release(struct fx_strmap *m);

/* The value slot of key, or NULL when absent. */
uint32_t *fx_strmap_get(const struct fx_strmap *m, const char *key, size_t n);

/* fx_strmap_get for a key whose fx_key_hash is known (from
 * fx_key_prefix_hashes, say). */
uint32_t *fx_strmap_get_hashed(const struct fx_strmap *m, const char *key, size_t n,
                               uint64_t h);

/* The value slot of key, created with FX_STRMAP_NONE when absent; sets
 * *created if given. NULL on FX_ENOMEM. */
uint32_t *fx_strmap_put(struct fx_strmap *m, const char *key, size_t n, int *created);

#endif
