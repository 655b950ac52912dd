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
