/* article.c - glue of the front end: doc, quotes, mentions, speakers. */
#include "article.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fx_frontend_load(struct fx_frontend *fe, struct fx_tokenizer *tz,
                     const char *data_dir, const char *gazetteer_path,
                     char *msg, size_t msglen)
{
    char path[4096];
    size_t line;
    int err;
    memset(fe, 0, sizeof *fe);
    if (!gazetteer_path)
        gazetteer_path = STANCE_GAZETTEER;
    fe->gz = fx_gazetteer_load(gazetteer_path, &err, &line);
    if (!fe->gz) {
        if (line)
            snprintf(msg, msglen, "%s:%zu: %s", gazetteer_path, line, fx_strerror(err));
        else
            snprintf(msg, msglen, "cannot load '%s': %s", gazetteer_path, fx_strerror(err));
        return err;
    }
    snprintf(path, sizeof path, "%s/attribution.tsv", data_dir ? data_dir : STANCE_DATA_DIR);
    fe->at = fx_attrib_load(tz, path, &err, &line);
    if (!fe->at) {
        if (line)
            snprintf(msg, msglen, "%s:%zu: %s", path, line, fx_strerror(err));
        else
            snprintf(msg, msglen, "cannot load '%s': %s", path, fx_strerror(err));
        fx_frontend_release(fe);
        return err;
    }
    return 0;
}

void fx_frontend_release(struct fx_frontend *fe)
{
    fx_gazetteer_free(fe->gz);
    fx_attrib_free(fe->at);
    memset(fe, 0, sizeof *fe);
}

void fx_article_init(struct fx_article *a)
{
    memset(a, 0, sizeof *a);
    fx_doc_init(&a->doc);
    fx_quotes_init(&a->qs);
    fx_mentions_init(&a->ms);
}

void fx_article_release(struct fx_article *a)
{
    fx_doc_release(&a->doc);
    fx_quotes_release(&a->qs);
    fx_mentions_release(&a->ms);
    free(a->q);
    fx_article_init(a);
}

/* First mention starting at or after byte b. */
static uint32_t mention_from(const struct fx_mentions *ms, uint32_t b)
{
    size_t lo = 0, hi = ms->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ms->m[mid].b0 < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (uint32_t)lo;
}

int fx_article_analyse_text(const struct fx_frontend *fe, struct fx_tokenizer *tz,
                            struct fx_article *a, const char *text, size_t len, int year)
{
    int err;
    a->nq = 0;
    a->qs.n = 0;
    if ((err = fx_doc_analyse(tz, &a->doc, text, len)))
        return err;
    return fx_gazetteer_match(fe->gz, &a->doc, year, &a->ms);
}

int fx_article_analyse(const struct fx_frontend *fe, struct fx_tokenizer *tz,
                       struct fx_article *a, const char *text, size_t len, int year)
{
    int err;
    if ((err = fx_doc_analyse(tz, &a->doc, text, len))
        || (err = fx_quotes_find(&a->qs, text, len))
        || (err = fx_gazetteer_match(fe->gz, &a->doc, year, &a->ms)))
        return err;
    if (a->qs.n > a->qcap) {
        struct fx_aquote *q = realloc(a->q, a->qs.n * sizeof *q);
        if (!q)
            return FX_ENOMEM;
        a->q = q;
        a->qcap = a->qs.n;
    }
    a->nq = a->qs.n;
    uint32_t named0 = 0, named1 = 0;    /* the last named speaker */
    for (size_t i = 0; i < a->nq; i++) {
        const struct fx_quote *src = &a->qs.q[i];
        struct fx_aquote *q = &a->q[i];
        q->b0 = src->b0;
        q->b1 = src->b1;
        q->c0 = fx_doc_cp(&a->doc, src->b0);
        q->c1 = fx_doc_cp(&a->doc, src->b1);
        q->parent = src->parent;
        q->m0 = mention_from(&a->ms, src->b0);
        q->m1 = q->m0;
        while (q->m1 < a->ms.n && a->ms.m[q->m1].b1 <= src->b1)
            q->m1++;
        struct fx_speaker sp;
        fx_attrib_speaker(fe->at, &a->doc, &a->qs, i, &sp);
        if (sp.pronoun) {
            /* The last named speaker: of an earlier quote, or of the
             * narration before this one, whichever is closer. */
            struct fx_speaker nar;
            if (fx_attrib_narration(fe->at, &a->doc, &a->qs, src->open_at, &nar)
                && (named0 == named1 || nar.b0 > named0)) {
                named0 = nar.b0;
                named1 = nar.b1;
            }
            sp.b0 = named0;
            sp.b1 = named1;
        } else if (sp.b0 != sp.b1) {
            named0 = sp.b0;
            named1 = sp.b1;
        }
        q->sp0 = sp.b0;
        q->sp1 = sp.b1;
    }
    return 0;
}

int fx_json_add_span(cJSON *obj, const char *name, const char *text,
                     uint32_t b0, uint32_t b1, int null_if_empty)
{
    cJSON *v;
    if (b0 == b1 && null_if_empty) {
        v = cJSON_CreateNull();
    } else {
        char *s = strndup(text + b0, b1 - b0);
        v = s ? cJSON_CreateString(s) : NULL;
        free(s);
    }
    if (!v || !cJSON_AddItemToObject(obj, name, v)) {
        cJSON_Delete(v);
        return FX_ENOMEM;
    }
    return 0;
}

static cJSON *mention_json(const struct fx_article *a, const struct fx_mention *m)
{
    cJSON *o = cJSON_CreateObject();
    if (!o || !cJSON_AddStringToObject(o, "country", m->country)
        || fx_json_add_span(o, "mention", a->doc.text, m->b0, m->b1, 0)
        || !cJSON_AddNumberToObject(o, "start", a->doc.tok[m->t0].c0)
        || !cJSON_AddNumberToObject(o, "end", a->doc.tok[m->t1 - 1].c1)
        || !cJSON_AddStringToObject(o, "kind", fx_kind_name(m->kind))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *fx_article_quotes_json(const struct fx_article *a)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < a->nq; i++) {
        const struct fx_aquote *q = &a->q[i];
        cJSON *o = cJSON_CreateObject(), *ms = NULL;
        int ok = o && cJSON_AddItemToArray(arr, o)
            && !fx_json_add_span(o, "text", a->doc.text, q->b0, q->b1, 0)
            && cJSON_AddNumberToObject(o, "start", q->c0)
            && cJSON_AddNumberToObject(o, "end", q->c1)
            && !fx_json_add_span(o, "speaker", a->doc.text, q->sp0, q->sp1, 1)
            && (q->parent < 0 ? cJSON_AddNullToObject(o, "parent") != NULL
                              : cJSON_AddNumberToObject(o, "parent", q->parent) != NULL)
            && (ms = cJSON_AddArrayToObject(o, "mentions"));
        for (uint32_t k = q->m0; ok && k < q->m1; k++) {
            cJSON *m = mention_json(a, &a->ms.m[k]);
            ok = m && cJSON_AddItemToArray(ms, m);
        }
        if (!ok) {
            cJSON_Delete(arr);
            return NULL;
        }
    }
    return arr;
}

void fx_pairs_init(struct fx_pairs *ps)
{
    memset(ps, 0, sizeof *ps);
}

void fx_pairs_release(struct fx_pairs *ps)
{
    free(ps->p);
    free(ps->spans);
    fx_pairs_init(ps);
}

static int add_span(struct fx_pairs *ps, uint32_t t0, uint32_t t1, int kind)
{
    if (ps->nspans == ps->spancap) {
        size_t cap = ps->spancap ? ps->spancap * 2 : 32;
        struct fx_span *s = realloc(ps->spans, cap * sizeof *s);
        if (!s)
            return FX_ENOMEM;
        ps->spans = s;
        ps->spancap = cap;
    }
    ps->spans[ps->nspans++] = (struct fx_span){t0, t1, (uint8_t)kind};
    return 0;
}

static struct fx_pair *add_pair(struct fx_pairs *ps, const char *country)
{
    if (ps->n == ps->cap) {
        size_t cap = ps->cap ? ps->cap * 2 : 8;
        struct fx_pair *p = realloc(ps->p, cap * sizeof *p);
        if (!p)
            return NULL;
        ps->p = p;
        ps->cap = cap;
    }
    struct fx_pair *p = &ps->p[ps->n++];
    memset(p, 0, sizeof *p);
    snprintf(p->country, sizeof p->country, "%s", country);
    return p;
}

/* Spans of mentions [m0, m1) of a, split by whether they name country. */
static int pair_spans(const struct fx_article *a, uint32_t m0, uint32_t m1,
                      struct fx_pairs *ps, struct fx_pair *p)
{
    p->tgt0 = ps->nspans;
    for (uint32_t k = m0; k < m1; k++)
        if (strcmp(a->ms.m[k].country, p->country) == 0
            && add_span(ps, a->ms.m[k].t0, a->ms.m[k].t1, a->ms.m[k].kind))
            return FX_ENOMEM;
    p->ntgt = ps->nspans - p->tgt0;
    p->oth0 = ps->nspans;
    for (uint32_t k = m0; k < m1; k++)
        if (strcmp(a->ms.m[k].country, p->country) != 0
            && add_span(ps, a->ms.m[k].t0, a->ms.m[k].t1, a->ms.m[k].kind))
            return FX_ENOMEM;
    p->noth = ps->nspans - p->oth0;
    return 0;
}

static void fill_views(struct fx_pairs *ps, uint32_t t0, uint32_t t1, int ncountries)
{
    for (size_t i = 0; i < ps->n; i++) {
        struct fx_pair *p = &ps->p[i];
        p->view.t0 = t0;
        p->view.t1 = t1;
        p->view.target = ps->spans ? ps->spans + p->tgt0 : NULL;
        p->view.ntarget = p->ntgt;
        p->view.other = ps->spans ? ps->spans + p->oth0 : NULL;
        p->view.nother = p->noth;
        p->view.ncountries = ncountries;
    }
}

int fx_article_pairs(const struct fx_article *a, uint32_t b0, uint32_t b1,
                     uint32_t sp0, uint32_t sp1, struct fx_pairs *ps)
{
    ps->n = ps->nspans = 0;
    uint32_t m0 = mention_from(&a->ms, b0), m1 = m0;
    while (m1 < a->ms.n && a->ms.m[m1].b1 <= b1)
        m1++;
    for (uint32_t k = m0; k < m1; k++) {
        size_t i = 0;
        while (i < ps->n && strcmp(ps->p[i].country, a->ms.m[k].country) != 0)
            i++;
        if (i == ps->n && !add_pair(ps, a->ms.m[k].country))
            return FX_ENOMEM;
    }
    uint32_t s0 = mention_from(&a->ms, sp0);
    for (size_t i = 0; i < ps->n; i++) {
        struct fx_pair *p = &ps->p[i];
        if (pair_spans(a, m0, m1, ps, p))
            return FX_ENOMEM;
        for (uint32_t k = s0; k < a->ms.n && a->ms.m[k].b1 <= sp1; k++)
            if (strcmp(a->ms.m[k].country, p->country) == 0)
                p->view.own = 1;
    }
    fill_views(ps, (uint32_t)fx_doc_token_at(&a->doc, b0), (uint32_t)fx_doc_token_at(&a->doc, b1),
               (int)ps->n);
    return 0;
}

size_t fx_cp_to_byte(const char *text, size_t len, size_t c)
{
    size_t b = 0;
    for (size_t k = 0; b < len && k < c; k++)
        do
            b++;
        while (b < len && ((unsigned char)text[b] & 0xC0) == 0x80);
    return b;
}

/* Function words of four letters or more that a free-text target may
 * hold and that mean nothing alone. Folded. */
static const char *const target_stopwords[] = {
    "with", "from", "that", "this", "their", "about", "against", "under", "over",
    "pour", "dans", "avec", "sans", "sous", "vers", "chez", "entre", "contre", "leur",
    "против", "через", "после", "перед", "между", "около", "этот", "такой", NULL
};

/* Spans for each word of the folded target (words separated by spaces) of
 * at least four code points that is not a function word: one span a token,
 * in text order (the features walk spans in order), each token once. */
static int free_target_words(const struct fx_doc *doc, const char *target, struct fx_pairs *ps)
{
    unsigned char *hit = calloc(doc->ntok ? doc->ntok : 1, 1);
    if (!hit)
        return FX_ENOMEM;
    for (const char *w = target; *w;) {
        const char *e = strchr(w, ' ');
        size_t wl = e ? (size_t)(e - w) : strlen(w), cps = 0;
        for (size_t k = 0; k < wl; k++)
            cps += ((unsigned char)w[k] & 0xC0) != 0x80;
        int stop = 0;
        for (const char *const *sw = target_stopwords; *sw && !stop; sw++)
            stop = strlen(*sw) == wl && memcmp(*sw, w, wl) == 0;
        for (size_t i = 0; cps >= 4 && !stop && i < doc->ntok; i++)
            if (doc->tok[i].klen == wl && memcmp(fx_doc_key(doc, i), w, wl) == 0)
                hit[i] = 1;
        w += wl;
        while (*w == ' ')
            w++;
    }
    int err = 0;
    for (size_t i = 0; !err && i < doc->ntok; i++)
        if (hit[i])
            err = add_span(ps, (uint32_t)i, (uint32_t)i + 1, FX_KIND_COUNT);
    free(hit);
    return err ? FX_ENOMEM : 0;
}

int fx_record_pair(const struct fx_article *a, const char *target,
                   const char *folded_target, long start, long end,
                   struct fx_pairs *ps)
{
    const struct fx_doc *doc = &a->doc;
    ps->n = ps->nspans = 0;
    int country = fx_country_valid(target);
    struct fx_pair *p = add_pair(ps, country ? target : "");
    if (!p)
        return FX_ENOMEM;
    p->tgt0 = 0;
    if (start >= 0) {
        uint32_t b0 = (uint32_t)fx_cp_to_byte(doc->text, doc->len, (size_t)start);
        uint32_t b1 = (uint32_t)fx_cp_to_byte(doc->text, doc->len, (size_t)end);
        uint32_t t0 = (uint32_t)fx_doc_token_at(doc, b0), t1 = t0;
        while (t1 < doc->ntok && doc->tok[t1].b0 < b1)
            t1++;
        if (t1 > t0 && add_span(ps, t0, t1, country ? FX_KIND_NAME : FX_KIND_COUNT))
            return FX_ENOMEM;
    } else if (country) {
        for (size_t k = 0; k < a->ms.n; k++)
            if (strcmp(a->ms.m[k].country, target) == 0
                && add_span(ps, a->ms.m[k].t0, a->ms.m[k].t1, a->ms.m[k].kind))
                return FX_ENOMEM;
    } else if (folded_target && *folded_target) {
        /* The target's folded words, in sequence. */
        size_t n = strlen(folded_target);
        for (size_t i = 0; i < doc->ntok; i++) {
            size_t at = 0, j = i;
            while (j < doc->ntok && at < n) {
                const char *k = fx_doc_key(doc, j);
                size_t kl = doc->tok[j].klen;
                if (at + kl > n || memcmp(folded_target + at, k, kl) != 0)
                    break;
                at += kl;
                j++;
                if (at < n && folded_target[at] == ' ')
                    at++;
            }
            if (at == n && j > i) {
                if (add_span(ps, (uint32_t)i, (uint32_t)j, FX_KIND_COUNT))
                    return FX_ENOMEM;
                i = j - 1;
            }
        }
        /* Not written out in full: "Macron" for Emmanuel Macron, "mandates"
         * for vaccine mandates. Each word of a longer target that is long
         * enough to mean something counts on its own. */
        if (ps->nspans == 0 && strchr(folded_target, ' ')
            && free_target_words(doc, folded_target, ps))
            return FX_ENOMEM;
    }
    p = &ps->p[0];
    p->ntgt = ps->nspans;
    p->oth0 = ps->nspans;
    int ncountries = country ? 1 : 0;
    unsigned char seen[27 * 27] = {0};      /* two-letter codes met so far */
    for (size_t k = 0; k < a->ms.n; k++) {
        if (strcmp(a->ms.m[k].country, p->country) == 0)
            continue;
        const char *c = a->ms.m[k].country;
        size_t slot = c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z'
                    ? (size_t)(c[0] - 'A' + 1) * 27 + (size_t)(c[1] - 'A' + 1) : 0;
        ncountries += !seen[slot];
        seen[slot] = 1;
        if (add_span(ps, a->ms.m[k].t0, a->ms.m[k].t1, a->ms.m[k].kind))
            return FX_ENOMEM;
    }
    p->noth = ps->nspans - p->oth0;
    fill_views(ps, 0, (uint32_t)doc->ntok, ncountries);
    ps->p[0].view.free_target = country ? NULL : folded_target;
    return 0;
}
