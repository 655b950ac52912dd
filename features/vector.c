/* vector.c - feature extraction for one pair at a time. */
#include "vector.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"

#define SEED 0x5eed5eedULL
#define MAX_WORD_CP 40


/* Dense feature indices. */
enum {
    D_COOP = 1, D_CRIT, D_POS, D_NEG, D_NEGATED, D_SENTIMENT,
    D_WCOOP, D_WCRIT, D_WPOS, D_WNEG, D_WSENTIMENT,
    D_KIND0,                          /* 6 kinds: name .. person, free */
    D_OWN = D_KIND0 + 6, D_ONE, D_TWO, D_MANY, D_MENTIONS, D_BIAS,
    D_ABSENT, D_FREE
};

struct unit {
    const char *s;
    uint64_t h;         /* hash of s[0..n), for the n-grams */
    uint32_t n;
    uint32_t sent;      /* sentence of the doc */
    uint8_t word;       /* a real word (char n-grams apply) */
};

struct name {
    uint32_t index;
    uint32_t name;      /* offset in names, explain only */
};

struct fx_vectorizer {
    struct fx_feat_opts o;
    const struct fx_lexicon *lx;
    int explain;
    int unordered;      /* vectors only for dot products: not sorted */
    uint32_t mask;
    /* The group being built: a small open-addressing table of (index, sum),
     * power-of-two sized and at most half full, so that adding a feature
     * stays in cache whatever the size of the hashed space. */
    struct fx_feature *slot;
    size_t nslot, ntouched;
    uint32_t *touched;  /* slots in use, in first-seen order */
    struct unit *u;
    size_t nu, ucap;
    uint32_t *tunit;    /* for each target span, its unit index */
    size_t ntcap;
    struct fx_cues cues;
    struct fx_buf tmp, names;
    double sentiment;
    struct name *expl;  /* explain: (index, name) of every feature added */
    size_t nexpl, explcap;
    struct fx_vec last, sortbuf;
    /* The char n-grams of the last statement: the same for every country
     * of one quote (all mentions are placeholders), so kept. */
    uint64_t cache_key;
    struct fx_vec cache;
    /* Likewise the word n-grams of the last statement that touch no
     * mention (only those with <T> or <C> change with the target), and
     * its lexicon cues. */
    uint64_t stmt_key, word_key, cue_key;
    uint32_t *wc;
    size_t nwc, wccap;
};

void fx_feat_opts_default(struct fx_feat_opts *o)
{
    o->word_max = 3;
    o->char_min = 3;
    o->char_max = 5;
    o->window = 5;
    o->hash_bits = 20;
    o->groups = FX_GROUP_ALL;
    for (int i = 0; i < FX_NSCALE; i++)
        o->scale[i] = 1;
}

void fx_feat_opts_format(const struct fx_feat_opts *o, char *buf, size_t len)
{
    int n = snprintf(buf, len, "word=%d char=%d-%d window=%d bits=%d groups=%u", o->word_max,
                     o->char_min, o->char_max, o->window, o->hash_bits, o->groups);
    int plain = 1;
    for (int i = 0; i < FX_NSCALE; i++)
        plain &= o->scale[i] == 1;
    for (int i = 0; !plain && i < FX_NSCALE && n >= 0 && (size_t)n < len; i++)
        n += snprintf(buf + n, len - (size_t)n, "%s%.9g", i ? "," : " scale=", o->scale[i]);
}

int fx_feat_opts_parse(struct fx_feat_opts *o, const char *s)
{
    int end = 0;
    if (sscanf(s, "word=%d char=%d-%d window=%d bits=%d groups=%u%n", &o->word_max,
               &o->char_min, &o->char_max, &o->window, &o->hash_bits, &o->groups, &end) != 6)
        return FX_EFORMAT;
    for (int i = 0; i < FX_NSCALE; i++)
        o->scale[i] = 1;
    if (strncmp(s + end, " scale=", 7) == 0) {
        const char *p = s + end + 7;
        for (int i = 0; i < FX_NSCALE; i++) {
            char *stop;
            double v = strtod(p, &stop);
            if (stop == p || !(v > 0 && v <= 100) || *stop != (i + 1 < FX_NSCALE ? ',' : '\0'))
                return FX_EFORMAT;
            o->scale[i] = (float)v;
            p = stop + (i + 1 < FX_NSCALE);
        }
        end = (int)(p - s);
    }
    if (s[end] != '\0')
        return FX_EFORMAT;
    if (o->word_max < 1 || o->word_max > 3 || o->char_min < 0 || o->char_max > 8
        || o->char_min > o->char_max || o->window < 0 || o->window > 50
        || o->hash_bits < 10 || o->hash_bits > 28 || o->groups == 0 || o->groups > FX_GROUP_ALL)
        return FX_EFORMAT;
    return 0;
}

void fx_vec_init(struct fx_vec *v)
{
    v->f = NULL;
    v->n = v->cap = 0;
}

void fx_vec_release(struct fx_vec *v)
{
    free(v->f);
    fx_vec_init(v);
}

struct fx_vectorizer *fx_vectorizer_create(const struct fx_feat_opts *o,
                                           const struct fx_lexicon *lx, int explain)
{
    struct fx_vectorizer *vz = calloc(1, sizeof *vz);
    if (!vz)
        return NULL;
    vz->o = *o;
    vz->lx = lx;
    vz->explain = explain;
    vz->mask = (1u << o->hash_bits) - 1;
    vz->nslot = 1024;
    vz->slot = calloc(vz->nslot, sizeof *vz->slot);
    vz->touched = malloc(vz->nslot / 2 * sizeof *vz->touched);
    if (!vz->slot || !vz->touched) {
        free(vz->slot);
        free(vz->touched);
        free(vz);
        return NULL;
    }
    fx_cues_init(&vz->cues);
    fx_buf_init(&vz->tmp);
    fx_buf_init(&vz->names);
    fx_vec_init(&vz->last);
    fx_vec_init(&vz->sortbuf);
    fx_vec_init(&vz->cache);
    return vz;
}

void fx_vectorizer_unordered(struct fx_vectorizer *vz)
{
    vz->unordered = !vz->explain;
}

void fx_vectorizer_free(struct fx_vectorizer *vz)
{
    if (!vz)
        return;
    free(vz->slot);
    free(vz->touched);
    free(vz->u);
    free(vz->tunit);
    free(vz->expl);
    fx_cues_release(&vz->cues);
    fx_buf_release(&vz->tmp);
    fx_buf_release(&vz->names);
    fx_vec_release(&vz->last);
    fx_vec_release(&vz->sortbuf);
    fx_vec_release(&vz->cache);
    free(vz->wc);
    free(vz);
}

double fx_vectorizer_sentiment(const struct fx_vectorizer *vz)
{
    return vz->sentiment;
}

static int add_name(struct fx_vectorizer *vz, uint32_t index, const char *name, size_t n)
{
    if (vz->nexpl == vz->explcap) {
        size_t cap = vz->explcap ? vz->explcap * 2 : 256;
        struct name *e = realloc(vz->expl, cap * sizeof *e);
        if (!e)
            return FX_ENOMEM;
        vz->expl = e;
        vz->explcap = cap;
    }
    vz->expl[vz->nexpl++] = (struct name){index, (uint32_t)vz->names.len};
    if (fx_buf_add(&vz->names, name, n) || fx_buf_addc(&vz->names, '\0'))
        return FX_ENOMEM;
    return 0;
}

static size_t slot_of(const struct fx_feature *slot, size_t nslot, uint32_t index)
{
    size_t k = (index * 2654435761u) & (nslot - 1);
    while (slot[k].index && slot[k].index != index)
        k = (k + 1) & (nslot - 1);
    return k;
}

/* Adds value at index to the group being built. */
static int add(struct fx_vectorizer *vz, uint32_t index, float value)
{
    if ((vz->ntouched + 1) * 2 > vz->nslot) {
        size_t n = vz->nslot * 2;
        struct fx_feature *t = calloc(n, sizeof *t);
        uint32_t *u = malloc(n / 2 * sizeof *u);
        if (!t || !u) {
            free(t);
            free(u);
            return FX_ENOMEM;
        }
        for (size_t i = 0; i < vz->ntouched; i++) {
            size_t k = slot_of(t, n, vz->slot[vz->touched[i]].index);
            t[k] = vz->slot[vz->touched[i]];
            u[i] = (uint32_t)k;
        }
        free(vz->slot);
        free(vz->touched);
        vz->slot = t;
        vz->touched = u;
        vz->nslot = n;
    }
    size_t k = slot_of(vz->slot, vz->nslot, index);
    if (!vz->slot[k].index) {
        vz->slot[k].index = index;
        vz->touched[vz->ntouched++] = (uint32_t)k;
    }
    vz->slot[k].value += value;
    return 0;
}

static uint32_t hashed_index(const struct fx_vectorizer *vz, uint64_t h)
{
    return FX_VEC_DENSE + 1 + (uint32_t)(fx_hash_final(h) & vz->mask);
}

/* A hashed feature named by s[0..n). */
static int hashed(struct fx_vectorizer *vz, const char *s, size_t n)
{
    uint32_t index = hashed_index(vz, fx_hash_update(fx_hash_init(SEED), s, n));
    if (vz->explain && add_name(vz, index, s, n))
        return FX_ENOMEM;
    return add(vz, index, 1.0f);
}

static const char *const dense_names[] = {
    "", "lex:coop", "lex:crit", "lex:pos", "lex:neg", "lex:negated", "lex:sentiment",
    "win:coop", "win:crit", "win:pos", "win:neg", "win:sentiment",
    "kind:name", "kind:capital", "kind:demonym", "kind:institution", "kind:person",
    "kind:free", "own-country", "countries:1", "countries:2", "countries:3+",
    "target-mentions", "bias", "target-absent", "target-free"
};

static int dense(struct fx_vectorizer *vz, uint32_t index, double value)
{
    if (value == 0)
        return 0;
    if (vz->explain && add_name(vz, index, dense_names[index], strlen(dense_names[index])))
        return FX_ENOMEM;
    return add(vz, index, (float)value);
}

/* The index of the feature "prefix" + units [a, b) joined by spaces: the
 * prefix's hash and each unit's, hashed once in make_units, mixed a word
 * at a time (an n-gram costs a few multiplications, not a pass over its
 * bytes). With explain, its name is kept. Returns the index, or 0 on
 * FX_ENOMEM. */
static uint32_t unit_gram_index(struct fx_vectorizer *vz, const char *prefix, size_t a, size_t b)
{
    size_t pl = strlen(prefix);
    uint64_t h = fx_hash_update(fx_hash_init(SEED), prefix, pl);
    for (size_t k = a; k < b; k++) {
        h = (h ^ vz->u[k].h) * 0x9E3779B97F4A7C15ULL;
        h ^= h >> 29;
    }
    uint32_t index = hashed_index(vz, h);
    if (vz->explain) {
        struct fx_buf *t = &vz->tmp;
        t->len = 0;
        if (fx_buf_add(t, prefix, pl))
            return 0;
        for (size_t k = a; k < b; k++)
            if ((k > a && fx_buf_addc(t, ' ')) || fx_buf_add(t, vz->u[k].s, vz->u[k].n))
                return 0;
        if (add_name(vz, index, t->s, t->len))
            return 0;
    }
    return index;
}

static int unit_gram(struct fx_vectorizer *vz, const char *prefix, size_t a, size_t b)
{
    uint32_t index = unit_gram_index(vz, prefix, a, b);
    return index ? add(vz, index, 1.0f) : FX_ENOMEM;
}

static int push_unit(struct fx_vectorizer *vz, const char *s, size_t n, int word, uint32_t sent)
{
    if (vz->nu == vz->ucap) {
        size_t cap = vz->ucap ? vz->ucap * 2 : 128;
        struct unit *u = realloc(vz->u, cap * sizeof *u);
        if (!u)
            return FX_ENOMEM;
        vz->u = u;
        vz->ucap = cap;
    }
    uint64_t h = fx_hash_update(fx_hash_init(SEED), s, n);
    vz->u[vz->nu++] = (struct unit){s, h, (uint32_t)n, sent, (uint8_t)word};
    return 0;
}

/* The statement as units: placeholders for mentions and numbers. */
static int make_units(struct fx_vectorizer *vz, const struct fx_doc *doc,
                      const struct fx_pair_view *p)
{
    vz->nu = 0;
    if (p->ntarget > vz->ntcap) {
        uint32_t *t = realloc(vz->tunit, p->ntarget * sizeof *t);
        if (!t)
            return FX_ENOMEM;
        vz->tunit = t;
        vz->ntcap = p->ntarget;
    }
    size_t ti = 0, oi = 0;
    for (size_t i = p->t0; i < p->t1;) {
        while (ti < p->ntarget && p->target[ti].t1 <= i)
            ti++;
        while (oi < p->nother && p->other[oi].t1 <= i)
            oi++;
        int err;
        if (ti < p->ntarget && p->target[ti].t0 <= i) {
            vz->tunit[ti] = (uint32_t)vz->nu;
            err = push_unit(vz, "<T>", 3, 0, doc->tok[i].sent);
            i = p->target[ti].t1;
        } else if (oi < p->nother && p->other[oi].t0 <= i) {
            err = push_unit(vz, "<C>", 3, 0, doc->tok[i].sent);
            i = p->other[oi].t1;
        } else if (doc->tok[i].flags & FX_TOK_NUM) {
            err = push_unit(vz, "<N>", 3, 0, doc->tok[i].sent);
            i++;
        } else {
            err = push_unit(vz, fx_doc_key(doc, i), doc->tok[i].klen, 1, doc->tok[i].sent);
            i++;
        }
        if (err)
            return err;
    }
    /* Targets outside the statement (a pair's given span) have no unit. */
    for (size_t k = 0; k < p->ntarget; k++)
        if (p->target[k].t0 < p->t0 || p->target[k].t0 >= p->t1)
            vz->tunit[k] = UINT32_MAX;
    return 0;
}

static int is_mention(const struct unit *u)
{
    return u->n == 3 && u->s[0] == '<' && (u->s[1] == 'T' || u->s[1] == 'C');
}

static int word_ngrams(struct fx_vectorizer *vz)
{
    static const char *const pre[] = {"", "w1:", "w2:", "w3:"};
    int hit = vz->stmt_key && vz->stmt_key == vz->word_key;
    for (size_t k = 0; hit && k < vz->nwc; k++)
        if (add(vz, vz->wc[k], 1.0f))
            return FX_ENOMEM;
    if (!hit)
        vz->nwc = 0;
    for (size_t i = 0; i < vz->nu; i++) {
        int mention = 0;
        for (int n = 1; n <= vz->o.word_max && i + (size_t)n <= vz->nu; n++) {
            mention |= is_mention(&vz->u[i + (size_t)n - 1]);
            if (hit && !mention)
                continue;
            uint32_t index = unit_gram_index(vz, pre[n], i, i + (size_t)n);
            if (!index || add(vz, index, 1.0f))
                return FX_ENOMEM;
            if (!hit && !mention && vz->stmt_key) {
                if (vz->nwc == vz->wccap) {
                    size_t cap = vz->wccap ? vz->wccap * 2 : 256;
                    uint32_t *w = realloc(vz->wc, cap * sizeof *w);
                    if (!w)
                        return FX_ENOMEM;
                    vz->wc = w;
                    vz->wccap = cap;
                }
                vz->wc[vz->nwc++] = index;
            }
        }
    }
    if (!hit)
        vz->word_key = vz->stmt_key;
    return 0;
}

static int char_ngrams(struct fx_vectorizer *vz)
{
    char buf[4 * MAX_WORD_CP + 8];
    uint32_t at[MAX_WORD_CP + 3];
    uint64_t c_state = fx_hash_update(fx_hash_init(SEED), "c:", 2);
    for (size_t i = 0; i < vz->nu; i++) {
        const struct unit *u = &vz->u[i];
        if (!u->word)
            continue;
        /* "c:^word$", and the offsets of its code points after "c:". */
        size_t n = 0, m = 0;
        buf[n++] = 'c';
        buf[n++] = ':';
        at[m++] = (uint32_t)n;
        buf[n++] = '^';
        for (size_t k = 0; k < u->n && m < MAX_WORD_CP + 1; k++) {
            if (((unsigned char)u->s[k] & 0xC0) != 0x80)
                at[m++] = (uint32_t)n;
            buf[n++] = u->s[k];
        }
        at[m++] = (uint32_t)n;
        buf[n++] = '$';
        at[m] = (uint32_t)n;
        /* Each gram is named "c:" + its code points; the hash runs on from
         * one length to the next instead of starting again. */
        for (size_t a = 0; a < m; a++) {
            uint64_t h = c_state;
            for (int len = 1; len <= vz->o.char_max && a + (size_t)len <= m; len++) {
                size_t g0 = at[a + (size_t)len - 1], g1 = at[a + (size_t)len];
                h = fx_hash_update(h, buf + g0, g1 - g0);
                if (len < vz->o.char_min)
                    continue;
                if (vz->explain) {
                    char gram[4 * 8 + 4];
                    gram[0] = 'c';
                    gram[1] = ':';
                    memcpy(gram + 2, buf + at[a], g1 - at[a]);
                    if (hashed(vz, gram, g1 - at[a] + 2))
                        return FX_ENOMEM;
                } else if (add(vz, hashed_index(vz, h), 1.0f)) {
                    return FX_ENOMEM;
                }
            }
        }
    }
    return 0;
}

static int window_ngrams(struct fx_vectorizer *vz, const struct fx_pair_view *p)
{
    size_t w = (size_t)vz->o.window;
    for (size_t k = 0; k < p->ntarget; k++) {
        size_t c = vz->tunit[k];
        if (c == UINT32_MAX)
            continue;
        size_t a = c > w ? c - w : 0, b = c + 1 + w < vz->nu ? c + 1 + w : vz->nu;
        for (size_t i = a; i < b; i++) {
            if (i == c)
                continue;
            if (unit_gram(vz, i < c ? "wl:" : "wr:", i, i + 1))
                return FX_ENOMEM;
            if (i + 1 < b && i + 1 != c && unit_gram(vz, i < c ? "wl2:" : "wr2:", i, i + 2))
                return FX_ENOMEM;
        }
    }
    /* The sentences that name the target: in a quote of several sentences
     * the target's own sentence says most about it. */
    uint32_t last = UINT32_MAX;
    for (size_t k = 0; k < p->ntarget; k++) {
        size_t c = vz->tunit[k];
        if (c == UINT32_MAX || vz->u[c].sent == last)
            continue;
        last = vz->u[c].sent;
        size_t a = c, b = c;
        while (a > 0 && vz->u[a - 1].sent == last)
            a--;
        while (b < vz->nu && vz->u[b].sent == last)
            b++;
        if (a == 0 && b == vz->nu)
            break;      /* one sentence: the n-grams already say it all */
        for (size_t i = a; i < b; i++)
            if (unit_gram(vz, "s1:", i, i + 1)
                || (i + 1 < b && unit_gram(vz, "s2:", i, i + 2)))
                return FX_ENOMEM;
    }
    return 0;
}

static int near_target(const struct fx_pair_view *p, const struct fx_cue *c, uint32_t w)
{
    for (size_t k = 0; k < p->ntarget; k++) {
        uint32_t a = p->target[k].t0 > w ? p->target[k].t0 - w : 0;
        if (c->t1 > a && c->t0 < p->target[k].t1 + w)
            return 1;
    }
    return 0;
}

static int lexicon_features(struct fx_vectorizer *vz, const struct fx_doc *doc,
                            const struct fx_pair_view *p)
{
    double sum[4] = {0}, wsum[4] = {0}, wtotal = 0;
    int negated = 0;
    /* The cues depend on the statement's tokens only. */
    uint64_t key = vz->explain ? 0 : fx_hash_final(fx_hash_update(fx_hash_update(
        fx_hash_init(doc->generation), &p->t0, sizeof p->t0), &p->t1, sizeof p->t1)) | 1;
    if (!key || key != vz->cue_key) {
        vz->cue_key = 0;
        if (fx_lexicon_scan(vz->lx, doc, p->t0, p->t1, &vz->cues))
            return FX_ENOMEM;
        vz->cue_key = key;
    }
    for (size_t i = 0; i < vz->cues.n; i++) {
        const struct fx_cue *c = &vz->cues.c[i];
        sum[c->cat] += fabs(c->value);
        negated += c->negated;
        if (near_target(p, c, (uint32_t)vz->o.window)) {
            wsum[c->cat] += fabs(c->value);
            wtotal += c->value;
        }
    }
    vz->sentiment = fx_cues_sentiment(&vz->cues, 0, vz->cues.n);
    if (!(vz->o.groups & FX_GROUP_LEXICON))
        return 0;
    int err = 0;
    for (int k = 0; k < 4 && !err; k++)
        err = dense(vz, D_COOP + (uint32_t)k, tanh(sum[k]))
            || dense(vz, D_WCOOP + (uint32_t)k, tanh(wsum[k]));
    if (!err)
        err = dense(vz, D_NEGATED, tanh(negated))
            || dense(vz, D_SENTIMENT, vz->sentiment)
            || dense(vz, D_WSENTIMENT, tanh(wtotal));
    return err ? FX_ENOMEM : 0;
}

/* Token distance from cue c to the nearest of spans[0..n), and on which
 * side of it the cue stands (-1 left, 1 right). UINT32_MAX when n == 0. */
static uint32_t nearest(const struct fx_cue *c, const struct fx_span *sp, size_t n, int *side)
{
    uint32_t best = UINT32_MAX;
    for (size_t k = 0; k < n; k++) {
        uint32_t d;
        int sd;
        if (c->t1 <= sp[k].t0) {
            d = sp[k].t0 - c->t1;
            sd = -1;
        } else if (c->t0 >= sp[k].t1) {
            d = c->t0 - sp[k].t1;
            sd = 1;
        } else {
            d = 0;
            sd = 0;
        }
        if (d < best) {
            best = d;
            *side = sd;
        }
    }
    return best;
}

/* Each cue by category, side of the target, distance and whether another
 * country is nearer to it: the lexicon's view of what is said about whom,
 * which carries over to words and languages the n-grams never saw. */
static int cue_positions(struct fx_vectorizer *vz, const struct fx_pair_view *p)
{
    static const char *const cat[4] = {"coop", "crit", "pos", "neg"};
    char name[64];
    for (size_t i = 0; i < vz->cues.n; i++) {
        const struct fx_cue *c = &vz->cues.c[i];
        int side = 0, oside = 0;
        uint32_t d = nearest(c, p->target, p->ntarget, &side);
        uint32_t od = nearest(c, p->other, p->nother, &oside);
        const char *dist = d == UINT32_MAX ? "none" : d <= 2 ? "near" : d <= 6 ? "mid" : "far";
        int n = snprintf(name, sizeof name, "cp:%s:%s:%s%s", cat[c->cat],
                         side < 0 ? "L" : side > 0 ? "R" : "in", dist,
                         od < d ? ":other-nearer" : "");
        if (hashed(vz, name, (size_t)n))
            return FX_ENOMEM;
        n = snprintf(name, sizeof name, "cp:%s%s", cat[c->cat], od < d ? ":other-nearer" : "");
        if (hashed(vz, name, (size_t)n))
            return FX_ENOMEM;
    }
    return 0;
}

static int pair_features(struct fx_vectorizer *vz, const struct fx_pair_view *p)
{
    int err = 0;
    unsigned seen = 0;
    for (size_t k = 0; k < p->ntarget; k++)
        seen |= 1u << (p->target[k].kind < 6 ? p->target[k].kind : 5);
    for (uint32_t k = 0; k < 6 && !err; k++)
        if (seen & (1u << k))
            err = dense(vz, D_KIND0 + k, 1);
    if (!err)
        err = dense(vz, D_OWN, p->own ? 1 : 0)
            || dense(vz, p->ncountries <= 1 ? D_ONE : p->ncountries == 2 ? D_TWO : D_MANY, 1)
            || dense(vz, D_MENTIONS, tanh(0.5 * (double)p->ntarget))
            || dense(vz, D_BIAS, 1)
            /* A pair's target need not be written in its text (a post
             * about a policy, a flag for a country): the statement's
             * own stance is then the best guess, learnt apart. */
            || dense(vz, D_ABSENT, p->ntarget == 0)
            || dense(vz, D_FREE, p->free_target != NULL);
    if (!err && p->free_target) {
        const char *s = p->free_target;
        struct fx_buf *t = &vz->tmp;
        t->len = 0;
        err = fx_buf_add(t, "tgt:", 4) || fx_buf_add(t, s, strlen(s))
            || hashed(vz, t->s, t->len);
    }
    return err ? FX_ENOMEM : 0;
}

/* Moves the group being built to out: counted groups get 1 + log tf and
 * unit L2 norm, the others keep their values. */
static int finish_group(struct fx_vectorizer *vz, int counted, int block, struct fx_vec *out)
{
    if (out->n + vz->ntouched > out->cap) {
        size_t cap = out->cap ? out->cap : 256;
        while (cap < out->n + vz->ntouched)
            cap *= 2;
        struct fx_feature *f = realloc(out->f, cap * sizeof *f);
        if (!f)
            return FX_ENOMEM;
        out->f = f;
        out->cap = cap;
    }
    size_t first = out->n;
    double norm = 0;
    for (size_t i = 0; i < vz->ntouched; i++) {
        struct fx_feature *e = &vz->slot[vz->touched[i]];
        float v = !counted ? e->value : e->value == 1 ? 1.0f : (float)(1 + log(e->value));
        norm += (double)v * v;
        out->f[out->n++] = (struct fx_feature){e->index, v};
        e->index = 0;
        e->value = 0;
    }
    vz->ntouched = 0;
    norm = counted && norm > 0 ? sqrt(norm) : 1;
    for (size_t i = first; counted && i < out->n; i++)
        out->f[i].value = (float)(out->f[i].value / norm);
    float w = vz->o.scale[block];
    for (size_t i = first; w != 1 && i < out->n; i++)
        out->f[i].value *= w;
    return 0;
}

static void clear_group(struct fx_vectorizer *vz)
{
    memset(vz->slot, 0, vz->nslot * sizeof *vz->slot);
    vz->ntouched = 0;
}

/* LSD radix sort by index, 8 bits a pass (small counts for vectors of a
 * few hundred features), stable; then sums duplicates (groups can collide
 * in the hashed space). */
static int sort_features(struct fx_vectorizer *vz, struct fx_vec *v)
{
    if (v->n > vz->sortbuf.cap) {
        struct fx_feature *f = realloc(vz->sortbuf.f, v->n * sizeof *f);
        if (!f)
            return FX_ENOMEM;
        vz->sortbuf.f = f;
        vz->sortbuf.cap = v->n;
    }
    uint32_t maxi = FX_VEC_DENSE + 1 + vz->mask;
    int npass = 0;
    while (npass < 4 && (maxi >> (8 * npass)))
        npass++;
    /* Every pass's counts in one read of the input. */
    uint32_t count[4][256];
    memset(count, 0, sizeof count[0] * (size_t)npass);
    for (size_t i = 0; i < v->n; i++)
        for (int p = 0; p < npass; p++)
            count[p][(v->f[i].index >> (8 * p)) & 255]++;
    struct fx_feature *a = v->f, *b = vz->sortbuf.f;
    for (int p = 0; p < npass; p++) {
        uint32_t *c = count[p], sum = 0;
        for (int k = 0; k < 256; k++) {
            uint32_t t = c[k];
            c[k] = sum;
            sum += t;
        }
        for (size_t i = 0; i < v->n; i++)
            b[c[(a[i].index >> (8 * p)) & 255]++] = a[i];
        struct fx_feature *t = a;
        a = b;
        b = t;
    }
    if (a != v->f)
        memcpy(v->f, a, v->n * sizeof *a);
    size_t m = 0;
    for (size_t i = 0; i < v->n; i++) {
        if (m && v->f[m - 1].index == v->f[i].index)
            v->f[m - 1].value += v->f[i].value;
        else
            v->f[m++] = v->f[i];
    }
    v->n = m;
    return 0;
}

/* The statement's identity for the char n-gram cache: the analysis, its
 * tokens and where its mentions are. */
static uint64_t statement_key(const struct fx_doc *doc, const struct fx_pair_view *p)
{
    uint64_t h = fx_hash_init(doc->generation);
    h = fx_hash_update(h, &p->t0, sizeof p->t0);
    h = fx_hash_update(h, &p->t1, sizeof p->t1);
    /* Target and other spans together, as a set in text order. */
    size_t i = 0, j = 0;
    while (i < p->ntarget || j < p->nother) {
        const struct fx_span *s = j >= p->nother || (i < p->ntarget && p->target[i].t0 < p->other[j].t0)
                                ? &p->target[i++] : &p->other[j++];
        h = fx_hash_update(h, &s->t0, sizeof s->t0);
        h = fx_hash_update(h, &s->t1, sizeof s->t1);
    }
    return fx_hash_final(h) | 1;    /* never 0, the empty cache's key */
}

static int char_group(struct fx_vectorizer *vz, const struct fx_doc *doc,
                      const struct fx_pair_view *p, struct fx_vec *out)
{
    uint64_t key = vz->stmt_key;
    (void)doc;
    (void)p;
    if (!key || key != vz->cache_key) {
        size_t first = out->n;
        if (char_ngrams(vz) || finish_group(vz, 1, FX_SCALE_CHAR, out))
            return FX_ENOMEM;
        if (key) {
            size_t n = out->n - first;
            if (n > vz->cache.cap) {
                struct fx_feature *f = realloc(vz->cache.f, n * sizeof *f);
                if (!f)
                    return FX_ENOMEM;
                vz->cache.f = f;
                vz->cache.cap = n;
            }
            if (n)
                memcpy(vz->cache.f, out->f + first, n * sizeof *out->f);
            vz->cache.n = n;
            vz->cache_key = key;
        }
        return 0;
    }
    if (out->n + vz->cache.n > out->cap) {
        size_t cap = out->cap ? out->cap : 256;
        while (cap < out->n + vz->cache.n)
            cap *= 2;
        struct fx_feature *f = realloc(out->f, cap * sizeof *f);
        if (!f)
            return FX_ENOMEM;
        out->f = f;
        out->cap = cap;
    }
    if (vz->cache.n)
        memcpy(out->f + out->n, vz->cache.f, vz->cache.n * sizeof *out->f);
    out->n += vz->cache.n;
    return 0;
}

int fx_vectorize(struct fx_vectorizer *vz, const struct fx_doc *doc,
                 const struct fx_pair_view *p, struct fx_vec *out)
{
    unsigned g = vz->o.groups;
    vz->names.len = 0;
    vz->nexpl = 0;
    out->n = 0;
    vz->stmt_key = vz->explain ? 0 : statement_key(doc, p);
    int err = make_units(vz, doc, p);
    if (!err && (g & FX_GROUP_NGRAM))
        err = word_ngrams(vz) || finish_group(vz, 1, FX_SCALE_NGRAM, out);
    if (!err && (g & FX_GROUP_CHAR) && vz->o.char_max > 0)
        err = char_group(vz, doc, p, out);
    if (!err && (g & FX_GROUP_WINDOW))
        err = window_ngrams(vz, p) || finish_group(vz, 1, FX_SCALE_WINDOW, out);
    if (!err)
        err = lexicon_features(vz, doc, p) || finish_group(vz, 0, FX_SCALE_LEXSUM, out);
    if (!err && (g & FX_GROUP_LEXICON))
        err = cue_positions(vz, p) || finish_group(vz, 1, FX_SCALE_CUES, out);
    if (!err && (g & FX_GROUP_PAIR))
        err = pair_features(vz, p) || finish_group(vz, 0, FX_SCALE_PAIR, out);
    if (err || (!vz->unordered && sort_features(vz, out))) {
        clear_group(vz);
        return FX_ENOMEM;
    }
    if (vz->explain) {
        if (out->n > vz->last.cap) {
            struct fx_feature *f = realloc(vz->last.f, out->n * sizeof *f);
            if (!f)
                return FX_ENOMEM;
            vz->last.f = f;
            vz->last.cap = out->n;
        }
        memcpy(vz->last.f, out->f, out->n * sizeof *out->f);
        vz->last.n = out->n;
    }
    return 0;
}

static int by_index(const void *a, const void *b)
{
    const struct name *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

int fx_vectorizer_explain(const struct fx_vectorizer *vz, struct fx_buf *out)
{
    /* Each distinct (index, name) once, in index order, with the value. */
    struct name *e = malloc((vz->nexpl + 1) * sizeof *e);
    if (!e)
        return FX_ENOMEM;
    memcpy(e, vz->expl, vz->nexpl * sizeof *e);
    qsort(e, vz->nexpl, sizeof *e, by_index);
    int err = 0;
    size_t f = 0;
    for (size_t i = 0; i < vz->nexpl && !err; i++) {
        if (i && e[i].index == e[i - 1].index
            && strcmp(vz->names.s + e[i].name, vz->names.s + e[i - 1].name) == 0)
            continue;
        while (f < vz->last.n && vz->last.f[f].index < e[i].index)
            f++;
        double v = f < vz->last.n && vz->last.f[f].index == e[i].index ? vz->last.f[f].value : 0;
        err = fx_buf_addf(out, "%u\t%s\t%.6g\n", e[i].index, vz->names.s + e[i].name, v);
    }
    free(e);
    return err ? FX_ENOMEM : 0;
}
