/* dataset.c - labelled JSONL to examples. */
#include "dataset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

#define MAX_PROBLEMS 10

void fx_dataset_init(struct fx_dataset *ds)
{
    memset(ds, 0, sizeof *ds);
    fx_buf_init(&ds->problems);
}

void fx_dataset_release(struct fx_dataset *ds)
{
    for (size_t i = 0; i < ds->n; i++) {
        fx_vec_release(&ds->ex[i].x);
        free(ds->ex[i].id);
        free(ds->ex[i].quote);
    }
    free(ds->ex);
    fx_buf_release(&ds->problems);
    fx_dataset_init(ds);
}

static int lang_index(struct fx_dataset *ds, const char *lang)
{
    if (!lang || !*lang)
        lang = "?";
    for (size_t i = 0; i < ds->nlangs; i++)
        if (strcmp(ds->langs[i], lang) == 0)
            return (int)i;
    if (ds->nlangs == FX_DATASET_MAX_LANGS)
        return (int)ds->nlangs - 1;
    snprintf(ds->langs[ds->nlangs], sizeof ds->langs[0], "%s", lang);
    return (int)ds->nlangs++;
}

/* Notes "source:line: CODE not found in quote \"...\"", the quote cut at a
 * code point boundary after about 60 bytes. */
static void problem(struct fx_dataset *ds, const struct fx_record *rec, const char *code,
                    const char *quote)
{
    ds->nproblems++;
    if (ds->nproblems > MAX_PROBLEMS)
        return;
    size_t n = strlen(quote);
    if (n > 60) {
        n = 60;
        while (n > 0 && ((unsigned char)quote[n] & 0xC0) == 0x80)
            n--;
    }
    fx_buf_addf(&ds->problems, "%s:%zu: %s not found in quote \"%.*s%s\"\n", rec->source,
                rec->line, code, (int)n, quote, quote[n] ? "..." : "");
}

static int add_example(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                       const struct fx_article *a, const struct fx_pair_view *v,
                       int label, const char *country, const struct fx_record *rec,
                       uint32_t b0, uint32_t b1)
{
    if (ds->n == ds->cap) {
        size_t cap = ds->cap ? ds->cap * 2 : 1024;
        struct fx_example *e = realloc(ds->ex, cap * sizeof *e);
        if (!e)
            return FX_ENOMEM;
        ds->ex = e;
        ds->cap = cap;
    }
    struct fx_example *e = &ds->ex[ds->n];
    memset(e, 0, sizeof *e);
    fx_vec_init(&e->x);
    e->found = v != NULL;
    if (v && fx_vectorize(ctx->vz, &a->doc, v, &e->x)) {
        fx_vec_release(&e->x);
        return FX_ENOMEM;
    }
    e->label = label;
    e->group = ds->ngroups;
    e->line = rec->line;
    e->lang = (uint8_t)lang_index(ds, rec->lang);
    snprintf(e->country, sizeof e->country, "%s", country);
    if (ctx->keep_text) {
        e->id = strdup(rec->id);
        e->quote = strndup(a->doc.text + b0, b1 - b0);
        if (!e->id || !e->quote) {
            fx_vec_release(&e->x);
            free(e->id);
            free(e->quote);
            return FX_ENOMEM;
        }
    }
    ds->n++;
    return 0;
}

/* The front-end quote with exactly this span, or -1. */
static long found_quote(const struct fx_article *a, uint32_t b0, uint32_t b1)
{
    for (size_t i = 0; i < a->nq; i++)
        if (a->q[i].b0 == b0 && a->q[i].b1 == b1)
            return (long)i;
    return -1;
}

static const char *check_quotes(const cJSON *quotes)
{
    if (!cJSON_IsArray(quotes))
        return "\"quotes\" is not an array";
    const cJSON *q;
    cJSON_ArrayForEach(q, quotes) {
        const cJSON *text = cJSON_GetObjectItemCaseSensitive(q, "quote");
        const cJSON *targets = cJSON_GetObjectItemCaseSensitive(q, "targets");
        if (!cJSON_IsObject(q) || !cJSON_IsString(text) || !cJSON_IsObject(targets))
            return "each quote needs a string \"quote\" and an object \"targets\"";
        const cJSON *t;
        cJSON_ArrayForEach(t, targets) {
            if (!fx_country_valid(t->string))
                return "unknown country code in \"targets\"";
            if (!cJSON_IsString(t) || fx_label_index(t->valuestring) < 0)
                return "label must be cooperative, critical or neutral";
        }
    }
    return NULL;
}

static int load_article(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                        struct fx_article *a, struct fx_pairs *ps,
                        const struct fx_record *rec, const char **why)
{
    const cJSON *quotes = cJSON_GetObjectItemCaseSensitive(rec->json, "quotes");
    if (!quotes)
        return 0;           /* an unlabelled article: nothing to learn */
    if ((*why = check_quotes(quotes)))
        return FX_EFORMAT;
    int err = fx_article_analyse(ctx->fe, ctx->tz, a, rec->text, rec->len, rec->year);
    if (err)
        return err;
    const cJSON *q;
    cJSON_ArrayForEach(q, quotes) {
        const char *qt = cJSON_GetObjectItemCaseSensitive(q, "quote")->valuestring;
        const cJSON *targets = cJSON_GetObjectItemCaseSensitive(q, "targets");
        const char *at = *qt ? strstr(rec->text, qt) : NULL;
        if (!at) {
            *why = "a \"quote\" does not occur in \"text\"";
            return FX_EFORMAT;
        }
        uint32_t b0 = (uint32_t)(at - rec->text), b1 = b0 + (uint32_t)strlen(qt);
        long fq = found_quote(a, b0, b1);
        ds->gold_quotes++;
        ds->quotes_found += fq >= 0;
        uint32_t sp0 = fq >= 0 ? a->q[fq].sp0 : 0, sp1 = fq >= 0 ? a->q[fq].sp1 : 0;
        if ((err = fx_article_pairs(a, b0, b1, sp0, sp1, ps)))
            return err;
        ds->found_countries += ps->n;
        const cJSON *t;
        cJSON_ArrayForEach(t, targets) {
            ds->gold_countries++;
            size_t i = 0;
            while (i < ps->n && strcmp(ps->p[i].country, t->string) != 0)
                i++;
            if (i == ps->n) {
                ds->missing++;
                problem(ds, rec, t->string, qt);
                if (ctx->keep_extra && (err = add_example(ds, ctx, a, NULL, fx_label_index(t->valuestring),
                                                          t->string, rec, b0, b1)))
                    return err;
                continue;
            }
            ds->countries_found++;
            if ((err = add_example(ds, ctx, a, &ps->p[i].view, fx_label_index(t->valuestring),
                                   t->string, rec, b0, b1)))
                return err;
        }
        for (size_t i = 0; ctx->keep_extra && i < ps->n; i++)
            if (!cJSON_GetObjectItemCaseSensitive(targets, ps->p[i].country)
                && (err = add_example(ds, ctx, a, &ps->p[i].view, -1, ps->p[i].country, rec, b0, b1)))
                return err;
    }
    return 0;
}

static int load_pair(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                     struct fx_article *a, struct fx_pairs *ps,
                     const struct fx_record *rec, const char **why)
{
    if (!rec->label) {
        *why = "pair has no \"label\"";
        return FX_EFORMAT;
    }
    if (fx_label_index(rec->label) < 0) {
        *why = "label must be cooperative, critical or neutral";
        return FX_EFORMAT;
    }
    if (!rec->target || !*rec->target) {
        *why = "\"target\" must be a non-empty string";
        return FX_EFORMAT;
    }
    int err = fx_article_analyse(ctx->fe, ctx->tz, a, rec->text, rec->len, rec->year);
    struct fx_buf folded;
    fx_buf_init(&folded);
    if (!err && (fx_buf_add(&folded, "", 0) || fx_fold_phrase(ctx->tz, rec->target,
                                                              strlen(rec->target), &folded) < 0))
        err = FX_ENOMEM;
    if (!err)
        err = fx_record_pair(a, rec->target, folded.s, rec->start, rec->end, ps);
    if (!err)
        err = add_example(ds, ctx, a, &ps->p[0].view, fx_label_index(rec->label),
                          ps->p[0].country, rec, 0, (uint32_t)rec->len);
    fx_buf_release(&folded);
    return err;
}

int fx_dataset_add(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                   struct fx_article *a, struct fx_pairs *ps,
                   const struct fx_record *rec, const char **why)
{
    *why = rec->error;
    int err = 0;
    if (!*why && !rec->line)
        *why = "labelled data must be JSON Lines (.jsonl)";
    if (!*why)
        err = rec->kind == FX_REC_PAIR ? load_pair(ds, ctx, a, ps, rec, why)
                                       : load_article(ds, ctx, a, ps, rec, why);
    if (*why && !err)
        err = FX_EFORMAT;
    ds->ngroups++;
    return err;
}

int fx_dataset_load(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                    const char *path, char *msg, size_t msglen)
{
    int err;
    struct fx_reader *r = fx_reader_open(path, &err);
    if (!r) {
        snprintf(msg, msglen, "cannot open '%s': %s", path,
                 err == FX_EIO ? strerror(errno) : fx_strerror(err));
        return err;
    }
    struct fx_article a;
    struct fx_pairs ps;
    fx_article_init(&a);
    fx_pairs_init(&ps);
    struct fx_record rec;
    int n;
    err = 0;
    while (!err && (n = fx_reader_next(r, &rec)) > 0) {
        const char *why;
        if ((err = fx_dataset_add(ds, ctx, &a, &ps, &rec, &why)))
            snprintf(msg, msglen, "%s:%zu: %s", rec.source, rec.line,
                     why ? why : fx_strerror(err));
    }
    if (!err && n < 0) {
        err = n;
        snprintf(msg, msglen, "cannot read '%s': %s", path, fx_strerror(n));
    }
    fx_pairs_release(&ps);
    fx_article_release(&a);
    fx_reader_free(r);
    return err;
}
