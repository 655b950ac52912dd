/* label.c - records to labelled output objects. */
#include "label.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct model_job {
    const char *path;
    struct fx_model *model;
    int err;
    char msg[1200];
};

static void *load_model(void *arg)
{
    struct model_job *j = arg;
    j->model = fx_model_load(j->path, &j->err, j->msg, sizeof j->msg);
    return NULL;
}

int labeler_load(struct labeler *lb, const char *model_path, const char *data,
                 const char *gazetteer, char *msg, size_t msglen,
                 char *warning, size_t wlen)
{
    int err;
    memset(lb, 0, sizeof *lb);
    warning[0] = '\0';
    if (!model_path)
        model_path = STANCE_DEFAULT_MODEL;
    /* The model and the gazetteer load side by side: start-up is what a
     * one-sentence call costs. */
    struct model_job job = {.path = model_path};
    pthread_t th;
    int threaded = pthread_create(&th, NULL, load_model, &job) == 0;
    if (!threaded)
        load_model(&job);
    struct fx_tokenizer *tz = fx_tokenizer_create(&err);
    if (tz)
        err = fx_frontend_load(&lb->fe, tz, data, gazetteer, msg, msglen);
    else
        snprintf(msg, msglen, "%s", fx_strerror(err));
    if (threaded)
        pthread_join(th, NULL);
    lb->model = job.model;
    if (!lb->model) {
        snprintf(msg, msglen, "%s", job.msg);
        fx_tokenizer_free(tz);
        labeler_release(lb);
        return job.err;
    }
    if (!tz) {
        labeler_release(lb);
        return err;
    }
    if (!err) {
        lb->lx = fx_lexicon_parse(tz, lb->model->lexicon, lb->model->lexicon_len,
                                  model_path, &err, msg, msglen);
    }
    fx_tokenizer_free(tz);
    if (err) {
        labeler_release(lb);
        return err;
    }
    char fp[32];
    snprintf(fp, sizeof fp, "%016llx", (unsigned long long)fx_gazetteer_fingerprint(lb->fe.gz));
    if (strcmp(fp, lb->model->gazetteer) != 0)
        snprintf(warning, wlen, "model '%s' was trained with another gazetteer (%s, now %s): "
                 "country matching may differ from training", model_path, lb->model->gazetteer, fp);
    return 0;
}

void labeler_release(struct labeler *lb)
{
    fx_model_free(lb->model);
    fx_frontend_release(&lb->fe);
    fx_lexicon_free(lb->lx);
    memset(lb, 0, sizeof *lb);
}

struct worker *worker_create(const struct labeler *lb)
{
    struct worker *w = calloc(1, sizeof *w);
    int err;
    if (!w)
        return NULL;
    w->lb = lb;
    fx_article_init(&w->art);
    fx_pairs_init(&w->ps);
    fx_vec_init(&w->vec);
    fx_buf_init(&w->folded);
    fx_cues_init(&w->cues);
    fx_parse_init(&w->parse);
    w->tz = fx_tokenizer_create(&err);
    w->vz = fx_vectorizer_create(&lb->model->feat, lb->lx, 0);
    if (!w->tz || !w->vz) {
        worker_free(w);
        return NULL;
    }
    /* The linear decision is a dot product with the folded weights, which
     * takes vectors in any order; RBF's sparse dots need them sorted. */
    if (lb->model->kernel == FX_KERNEL_LINEAR)
        fx_vectorizer_unordered(w->vz);
    return w;
}

void worker_free(struct worker *w)
{
    if (!w)
        return;
    fx_tokenizer_free(w->tz);
    fx_vectorizer_free(w->vz);
    fx_article_release(&w->art);
    fx_pairs_release(&w->ps);
    fx_vec_release(&w->vec);
    fx_buf_release(&w->folded);
    fx_cues_release(&w->cues);
    fx_parse_release(&w->parse);
    free(w);
}

int worker_predict(struct worker *w, const struct fx_pair_view *v, double prob[3])
{
    if (fx_vectorize(w->vz, &w->art.doc, v, &w->vec))
        return FX_ENOMEM;
    return fx_model_predict(w->lb->model, &w->vec, prob);
}

/* Six decimals: enough for any use, short enough to read. */
static double round6(double x)
{
    return round(x * 1e6) / 1e6;
}

/* A score in [0, 1] as cJSON would print round6(x), without its printf
 * and scanf round trip (three per pair, a tenth of the batch's time):
 * at most six decimals, no trailing zeros. */
static void score_text(double x, char out[16])
{
    long long v = llround(x * 1e6);
    if (!(x >= 0 && x <= 1)) {      /* not a probability: never happens */
        snprintf(out, 16, isfinite(x) ? "%.6g" : "null", round6(x));
        return;
    }
    long long i = v / 1000000, f = v % 1000000;
    if (!f) {
        snprintf(out, 16, "%lld", i);
        return;
    }
    int n = snprintf(out, 16, "%lld.%06lld", i, f);
    while (out[n - 1] == '0')
        out[--n] = '\0';
}

cJSON *scores_json(const double prob[3])
{
    cJSON *s = cJSON_CreateObject();
    for (int k = 0; s && k < 3; k++) {
        char num[16];
        score_text(prob[k], num);
        cJSON *n = cJSON_AddRawToObject(s, fx_labels[k], num);
        if (!n) {
            cJSON_Delete(s);
            return NULL;
        }
        /* The text is what JSON output prints; the number is what the TSV
         * rows and the terminal table read. */
        n->valuedouble = round6(prob[k]);
    }
    return s;
}

/* {"country", "mentions": [...], "label", "scores"} for pair p. */
static cJSON *target_json(struct worker *w, const struct fx_pair *p, const char *name)
{
    double prob[3];
    int label = worker_predict(w, &p->view, prob);
    if (label < 0)
        return NULL;
    cJSON *t = cJSON_CreateObject(), *ms = NULL;
    int ok = t && cJSON_AddStringToObject(t, name, p->country)
        && (ms = cJSON_AddArrayToObject(t, "mentions"));
    for (size_t k = 0; ok && k < p->view.ntarget; k++) {
        const struct fx_doc *doc = &w->art.doc;
        uint32_t b0 = doc->tok[p->view.target[k].t0].b0, b1 = doc->tok[p->view.target[k].t1 - 1].b1;
        char *s = strndup(doc->text + b0, b1 - b0);
        cJSON *v = s ? cJSON_CreateString(s) : NULL;
        free(s);
        ok = v && cJSON_AddItemToArray(ms, v);
    }
    cJSON *sc = ok ? scores_json(prob) : NULL;
    ok = ok && sc && cJSON_AddStringToObject(t, "label", fx_labels[label])
        && cJSON_AddItemToObject(t, "scores", sc);
    if (!ok) {
        if (!cJSON_GetObjectItemCaseSensitive(t, "scores"))
            cJSON_Delete(sc);
        cJSON_Delete(t);
        return NULL;
    }
    return t;
}

static cJSON *article_json(struct worker *w, const struct fx_record *rec)
{
    cJSON *o = cJSON_CreateObject(), *qs = NULL;
    int ok = o && cJSON_AddStringToObject(o, "id", rec->id)
        && (rec->date ? cJSON_AddStringToObject(o, "date", rec->date) != NULL
                      : cJSON_AddNullToObject(o, "date") != NULL)
        && (qs = cJSON_AddArrayToObject(o, "quotes"));
    const struct fx_article *a = &w->art;
    for (size_t i = 0; ok && i < a->nq; i++) {
        const struct fx_aquote *q = &a->q[i];
        cJSON *qo = cJSON_CreateObject(), *ts = NULL;
        ok = qo && cJSON_AddItemToArray(qs, qo)
            && !fx_json_add_span(qo, "text", a->doc.text, q->b0, q->b1, 0)
            && cJSON_AddNumberToObject(qo, "start", q->c0)
            && cJSON_AddNumberToObject(qo, "end", q->c1)
            && !fx_json_add_span(qo, "speaker", a->doc.text, q->sp0, q->sp1, 1)
            && (q->parent < 0 ? cJSON_AddNullToObject(qo, "parent") != NULL
                              : cJSON_AddNumberToObject(qo, "parent", q->parent) != NULL)
            && (ts = cJSON_AddArrayToObject(qo, "targets"))
            && !fx_article_pairs(a, q->b0, q->b1, q->sp0, q->sp1, &w->ps);
        for (size_t k = 0; ok && k < w->ps.n; k++) {
            cJSON *t = target_json(w, &w->ps.p[k], "country");
            ok = t && cJSON_AddItemToArray(ts, t);
        }
    }
    if (!ok) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *pair_json(struct worker *w, const struct fx_record *rec)
{
    w->folded.len = 0;
    if (fx_buf_add(&w->folded, "", 0) < 0
        || fx_fold_phrase(w->tz, rec->target, strlen(rec->target), &w->folded) < 0
        || fx_record_pair(&w->art, rec->target, w->folded.s, rec->start, rec->end, &w->ps))
        return NULL;
    double prob[3];
    int label = worker_predict(w, &w->ps.p[0].view, prob);
    cJSON *o = cJSON_CreateObject(), *sc = label >= 0 ? scores_json(prob) : NULL;
    if (!o || !sc || !cJSON_AddStringToObject(o, "id", rec->id)
        || !cJSON_AddStringToObject(o, "target", rec->target)
        || !cJSON_AddStringToObject(o, "label", fx_labels[label])
        || !cJSON_AddItemToObject(o, "scores", sc)) {
        if (o && !cJSON_GetObjectItemCaseSensitive(o, "scores"))
            cJSON_Delete(sc);
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

static cJSON *error_json(const char *id, const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    if (o && (!cJSON_AddStringToObject(o, "id", id) || !cJSON_AddStringToObject(o, "error", msg))) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

cJSON *worker_label(struct worker *w, const struct fx_record *rec, int *failed)
{
    char where[1200];
    if (!rec->source)
        where[0] = '\0';
    else if (rec->line)
        snprintf(where, sizeof where, "%s:%zu: ", rec->source, rec->line);
    else
        snprintf(where, sizeof where, "%s: ", rec->source);
    *failed = 1;
    if (rec->error) {
        strncat(where, rec->error, sizeof where - strlen(where) - 1);
        return error_json(rec->id, where);
    }
    if (rec->kind == FX_REC_PAIR && (!rec->target || !*rec->target)) {
        strncat(where, "\"target\" must be a non-empty string", sizeof where - strlen(where) - 1);
        return error_json(rec->id, where);
    }
    int err = rec->kind == FX_REC_PAIR
        ? fx_article_analyse_text(&w->lb->fe, w->tz, &w->art, rec->text, rec->len, rec->year)
        : fx_article_analyse(&w->lb->fe, w->tz, &w->art, rec->text, rec->len, rec->year);
    if (err) {
        strncat(where, fx_strerror(err), sizeof where - strlen(where) - 1);
        return error_json(rec->id, where);
    }
    *failed = 0;
    return rec->kind == FX_REC_PAIR ? pair_json(w, rec) : article_json(w, rec);
}

int worker_sentences(struct worker *w, const char *text, size_t len, cJSON *out)
{
    int err = fx_article_analyse_text(&w->lb->fe, w->tz, &w->art, text, len, 0);
    if (err)
        return err;
    const struct fx_article *a = &w->art;
    for (size_t s = 0; s < a->doc.nsent; s++) {
        const struct fx_sentence *se = &a->doc.sent[s];
        if (fx_article_pairs(a, se->b0, se->b1, 0, 0, &w->ps))
            return FX_ENOMEM;
        if (fx_lexicon_scan(w->lb->lx, &a->doc, se->t0, se->t1, &w->cues))
            return FX_ENOMEM;
        cJSON *o = cJSON_CreateObject(), *ts = NULL;
        int ok = o && cJSON_AddItemToArray(out, o)
            && !fx_json_add_span(o, "sentence", a->doc.text, se->b0, se->b1, 0)
            && cJSON_AddNumberToObject(o, "sentiment",
                                       round6(fx_cues_sentiment(&w->cues, 0, SIZE_MAX)))
            && (ts = cJSON_AddArrayToObject(o, "targets"));
        for (size_t k = 0; ok && k < w->ps.n; k++) {
            cJSON *t = target_json(w, &w->ps.p[k], "country");
            ok = t && cJSON_AddItemToArray(ts, t);
        }
        if (!ok)
            return FX_ENOMEM;
    }
    return 0;
}
