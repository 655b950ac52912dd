/* countries.c - the compiled gazetteer and the longest-match scan. */
#include "countries.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uloc.h>

#include "strmap.h"

#define GZ_NONE FX_STRMAP_NONE

struct gz_entry {
    char code[3];
    uint8_t kind, flags;
    uint16_t from, to;      /* years of office, 0 when open or not a person */
    uint32_t surface;       /* offset in pool of the written form */
    uint32_t next;          /* next entry with the same key, or GZ_NONE */
};

struct fx_gazetteer {
    struct gz_entry *e;
    size_t ne, ecap;
    struct fx_strmap keys;  /* folded key -> first entry; prefixes -> NONE */
    struct fx_buf pool;     /* surface forms */
    unsigned maxtok;
    uint64_t fingerprint;   /* checksum of the compiled file, 0 if built here */
};

static const char *const kind_names[FX_KIND_COUNT] = {
    "name", "capital", "demonym", "institution", "person", "block"
};

const char *fx_kind_name(int kind)
{
    return kind >= 0 && kind < FX_KIND_COUNT ? kind_names[kind] : "?";
}

int fx_kind_parse(const char *s)
{
    for (int k = 0; k < FX_KIND_COUNT; k++)
        if (strcmp(s, kind_names[k]) == 0)
            return k;
    return -1;
}

int fx_country_valid(const char *code)
{
    if (strcmp(code, "EU") == 0)
        return 1;
    if (strlen(code) != 2)
        return 0;
    for (const char *const *c = uloc_getISOCountries(); *c; c++)
        if (strcmp(*c, code) == 0)
            return 1;
    return 0;
}

void fx_mentions_init(struct fx_mentions *ms)
{
    ms->m = NULL;
    ms->n = ms->cap = 0;
}

void fx_mentions_release(struct fx_mentions *ms)
{
    free(ms->m);
    fx_mentions_init(ms);
}

int fx_gazetteer_add(struct fx_gazetteer *gz, const char *key, const char *code,
                     int kind, unsigned flags, int from, int to,
                     const char *surface)
{
    size_t n = strlen(key);
    if (n == 0 || strlen(code) > 2 || kind < 0 || kind >= FX_KIND_COUNT)
        return FX_ERANGE;
    /* Every proper prefix, cut at a space, is a prefix slot. */
    unsigned ntok = 1;
    for (size_t i = 0; i < n; i++) {
        if (key[i] != ' ')
            continue;
        ntok++;
        if (!fx_strmap_put(&gz->keys, key, i, NULL))
            return FX_ENOMEM;
    }
    if (ntok > gz->maxtok)
        gz->maxtok = ntok;
    if (gz->ne == gz->ecap) {
        size_t cap = gz->ecap ? gz->ecap * 2 : 4096;
        struct gz_entry *e = realloc(gz->e, cap * sizeof *e);
        if (!e)
            return FX_ENOMEM;
        gz->e = e;
        gz->ecap = cap;
    }
    size_t soff = gz->pool.len;
    if (fx_buf_add(&gz->pool, surface, strlen(surface) + 1))
        return FX_ENOMEM;
    uint32_t *head = fx_strmap_put(&gz->keys, key, n, NULL);
    if (!head)
        return FX_ENOMEM;
    uint32_t idx = (uint32_t)gz->ne++;
    struct gz_entry *e = &gz->e[idx];
    memset(e, 0, sizeof *e);
    memcpy(e->code, code, strlen(code));
    e->kind = (uint8_t)kind;
    e->flags = (uint8_t)flags;
    e->from = (uint16_t)from;
    e->to = (uint16_t)to;
    e->surface = (uint32_t)soff;
    e->next = GZ_NONE;
    /* Append: entries of one key keep their priority order. */
    while (*head != GZ_NONE)
        head = &gz->e[*head].next;
    *head = idx;
    return 0;
}

void fx_gazetteer_free(struct fx_gazetteer *gz)
{
    if (!gz)
        return;
    free(gz->e);
    fx_strmap_release(&gz->keys);
    fx_buf_release(&gz->pool);
    free(gz);
}

size_t fx_gazetteer_size(const struct fx_gazetteer *gz)
{
    return gz->ne;
}

uint64_t fx_gazetteer_fingerprint(const struct fx_gazetteer *gz)
{
    return gz->fingerprint;
}

static unsigned parse_flags(const char *s)
{
    unsigned f = 0;
    for (; *s; s++)
        f |= *s == 'c' ? FX_GAZ_CAP : *s == 'e' ? FX_GAZ_EXACT : *s == 'f' ? FX_GAZ_FIRST
           : *s == 'a' ? FX_GAZ_ANYCAP : 0;
    return f;
}

/* One compiled line: KEY CODE KIND FLAGS FROM TO SURFACE, tab-separated. */
static int load_line(struct fx_gazetteer *gz, char *line)
{
    char *col[7];
    int n = 0;
    for (char *p = line; n < 7; n++) {
        col[n] = p;
        char *t = strchr(p, '\t');
        if (!t) {
            n++;
            break;
        }
        *t = '\0';
        p = t + 1;
    }
    if (n != 7)
        return FX_EFORMAT;
    int kind = fx_kind_parse(col[2]);
    char *end1, *end2;
    long from = strtol(col[4], &end1, 10), to = strtol(col[5], &end2, 10);
    if (kind < 0 || *end1 || *end2 || from < 0 || from > 9999 || to < 0 || to > 9999)
        return FX_EFORMAT;
    return fx_gazetteer_add(gz, col[0], col[1], kind, parse_flags(col[3]),
                            (int)from, (int)to, col[6]);
}

struct fx_gazetteer *fx_gazetteer_create(void)
{
    struct fx_gazetteer *gz = calloc(1, sizeof *gz);
    if (gz) {
        fx_buf_init(&gz->pool);
        fx_strmap_init(&gz->keys);
    }
    return gz;
}

struct fx_gazetteer *fx_gazetteer_load(const char *path, int *err, size_t *line)
{
    *line = 0;
    char *data;
    size_t len;
    struct fx_gazetteer *gz = NULL;
    if ((*err = fx_read_file(path, &data, &len)))
        return NULL;
    gz = fx_gazetteer_create();
    if (!gz) {
        *err = FX_ENOMEM;
        goto done;
    }
    gz->fingerprint = fx_checksum(data, len);
    for (char *p = data; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        ++*line;
        if (*p && *p != '#' && (*err = load_line(gz, p)))
            goto done;
        p = nl ? nl + 1 : p + strlen(p);
    }
    *err = 0;
    *line = 0;
done:
    free(data);
    if (*err) {
        fx_gazetteer_free(gz);
        return NULL;
    }
    return gz;
}

/* Letters and digits of s[0..n), for exact-case comparison. */
static size_t alnum_only(const char *s, size_t n, char *out, size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < n && m + 4 < cap;) {
        size_t at = i;
        int32_t cp = fx_utf8_next(s, n, &i);
        if (cp < 0) {
            i = at + 1;
            continue;
        }
        if (cp == '.' || cp == ' ' || cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0xA0)
            continue;
        memcpy(out + m, s + at, i - at);
        m += i - at;
    }
    return m;
}

static int entry_fits(const struct fx_gazetteer *gz, const struct gz_entry *e,
                      const struct fx_doc *doc, size_t t0, size_t t1, int year)
{
    const struct fx_token *first = &doc->tok[t0];
    if ((e->flags & FX_GAZ_CAP) && !(first->flags & FX_TOK_UPPER))
        return 0;
    if (e->flags & FX_GAZ_ANYCAP) {
        size_t k = t0;
        while (k < t1 && !(doc->tok[k].flags & FX_TOK_UPPER))
            k++;
        if (k == t1)
            return 0;
    }
    if (e->flags & FX_GAZ_EXACT) {
        char a[128], b[128];
        const char *sf = gz->pool.s + e->surface;
        size_t na = alnum_only(doc->text + first->b0, doc->tok[t1 - 1].b1 - first->b0, a, sizeof a);
        size_t nb = alnum_only(sf, strlen(sf), b, sizeof b);
        if (na != nb || memcmp(a, b, na) != 0)
            return 0;
    }
    if ((e->flags & FX_GAZ_FIRST) && t1 < doc->ntok) {
        const struct fx_token *nx = &doc->tok[t1];
        if ((nx->flags & FX_TOK_JOIN) && (nx->flags & FX_TOK_UPPER))
            return 0;
    }
    if (year && e->kind == FX_KIND_PERSON && e->from
        && (year < e->from || (e->to && year > e->to)))
        return 0;
    return 1;
}

static int push_mention(struct fx_mentions *ms, const struct gz_entry *e,
                        const struct fx_doc *doc, size_t t0, size_t t1)
{
    if (ms->n == ms->cap) {
        size_t cap = ms->cap ? ms->cap * 2 : 16;
        struct fx_mention *m = realloc(ms->m, cap * sizeof *m);
        if (!m)
            return FX_ENOMEM;
        ms->m = m;
        ms->cap = cap;
    }
    struct fx_mention *m = &ms->m[ms->n++];
    memcpy(m->country, e->code, 3);
    m->kind = e->kind;
    m->t0 = (uint32_t)t0;
    m->t1 = (uint32_t)t1;
    m->b0 = doc->tok[t0].b0;
    m->b1 = doc->tok[t1 - 1].b1;
    return 0;
}

int fx_gazetteer_match(const struct fx_gazetteer *gz, const struct fx_doc *doc,
                       int year, struct fx_mentions *ms)
{
    ms->n = 0;
    char stackbuf[512];
    size_t i = 0;
    while (i < doc->ntok) {
        const struct gz_entry *best = NULL;
        size_t best_end = 0, n = 0;
        for (size_t j = i; j < doc->ntok && j - i < gz->maxtok; j++) {
            const struct fx_token *t = &doc->tok[j];
            if (j > i && !(t->flags & FX_TOK_JOIN))
                break;
            if (n + t->klen + 2 > sizeof stackbuf)
                break;
            if (j > i)
                stackbuf[n++] = ' ';
            memcpy(stackbuf + n, fx_doc_key(doc, j), t->klen);
            n += t->klen;
            const uint32_t *head = fx_strmap_get(&gz->keys, stackbuf, n);
            if (!head)
                break;
            for (uint32_t k = *head; k != GZ_NONE; k = gz->e[k].next) {
                if (entry_fits(gz, &gz->e[k], doc, i, j + 1, year)) {
                    best = &gz->e[k];
                    best_end = j + 1;
                    break;
                }
            }
        }
        if (!best) {
            i++;
            continue;
        }
        if (best->kind != FX_KIND_BLOCK && push_mention(ms, best, doc, i, best_end))
            return FX_ENOMEM;
        i = best_end;
    }
    return 0;
}
