/* bench - measurements behind the bench/ scripts.
 *
 *   bench frontend CORPUS.jsonl   ICU's bare word breaks (the ceiling) and
 *                                 our front end, MB/s on one core
 *   bench features CORPUS.jsonl   article text to vectors, MB/s on one core
 *   bench recombine N IN.jsonl... labelled articles made by recombining the
 *                                 labelled quotes of IN until N pairs
 *
 * Texts are loaded first, so file reading is not measured. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "article.h"
#include "corpus.h"
#include "lexicon.h"
#include "vector.h"

struct texts {
    char **s;
    size_t *len;
    int *year;
    size_t n, cap, bytes;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void die(const char *what)
{
    fprintf(stderr, "bench: %s\n", what);
    exit(1);
}

static void load(struct texts *t, const char *path)
{
    int err;
    struct fx_reader *r = fx_reader_open(path, &err);
    if (!r)
        die("cannot open the corpus");
    struct fx_record rec;
    while (fx_reader_next(r, &rec) > 0) {
        if (rec.error)
            continue;
        if (t->n == t->cap) {
            t->cap = t->cap ? t->cap * 2 : 1024;
            t->s = realloc(t->s, t->cap * sizeof *t->s);
            t->len = realloc(t->len, t->cap * sizeof *t->len);
            t->year = realloc(t->year, t->cap * sizeof *t->year);
            if (!t->s || !t->len || !t->year)
                die("out of memory");
        }
        t->s[t->n] = strndup(rec.text, rec.len);
        t->len[t->n] = rec.len;
        t->year[t->n] = rec.year;
        t->bytes += rec.len;
        t->n++;
    }
    fx_reader_free(r);
}

static double icu_words(const struct texts *t)
{
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    size_t words = 0;
    double t0 = now();
    for (size_t i = 0; i < t->n; i++) {
        UText *ut = utext_openUTF8(NULL, t->s[i], (int64_t)t->len[i], &st);
        ubrk_setUText(bi, ut, &st);
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
            words += ubrk_getRuleStatus(bi) != UBRK_WORD_NONE;
        utext_close(ut);
    }
    double el = now() - t0;
    ubrk_close(bi);
    if (U_FAILURE(st) || !words)
        die("ICU failed");
    return el;
}

static void setup(struct fx_tokenizer **tz, struct fx_frontend *fe)
{
    int err;
    char msg[1024];
    if (!(*tz = fx_tokenizer_create(&err)) || fx_frontend_load(fe, *tz, NULL, NULL, msg, sizeof msg))
        die("cannot load the front end");
}

static int frontend(const struct texts *t)
{
    if (getenv("BENCH_ONLY_TOKENS")) {      /* for profilers: tokens alone */
        struct fx_tokenizer *tz;
        struct fx_frontend fe;
        struct fx_doc doc;
        setup(&tz, &fe);
        fx_doc_init(&doc);
        for (int rep = 0; rep < 3; rep++)
            for (size_t i = 0; i < t->n; i++)
                fx_doc_analyse(tz, &doc, t->s[i], t->len[i]);
        return 0;
    }
    struct fx_tokenizer *tz;
    struct fx_frontend fe;
    struct fx_article a;
    setup(&tz, &fe);
    fx_article_init(&a);
    double ceiling = icu_words(t);
    size_t quotes = 0, mentions = 0;
    double t0 = now();
    for (size_t i = 0; i < t->n; i++) {
        if (fx_article_analyse(&fe, tz, &a, t->s[i], t->len[i], t->year[i]))
            die("analysis failed");
        quotes += a.nq;
        mentions += a.ms.n;
    }
    double el = now() - t0;
    double mb = (double)t->bytes / 1e6;
    printf("corpus: %zu articles, %.1f MB\n", t->n, mb);
    printf("ICU word breaks alone (ceiling): %.1f MB/s\n", mb / ceiling);
    printf("front end (tokens, sentences, quotes, countries, speakers): %.1f MB/s, %zu quotes, %zu mentions\n",
           mb / el, quotes, mentions);
    printf("front end / ceiling: %.2f\n", ceiling / el);
    /* Where the time goes: each stage alone, over the same texts. */
    struct fx_doc doc;
    struct fx_quotes qs;
    struct fx_mentions ms;
    fx_doc_init(&doc);
    fx_quotes_init(&qs);
    fx_mentions_init(&ms);
    double tt = 0, tq = 0, tg = 0;
    for (size_t i = 0; i < t->n; i++) {
        double a0 = now();
        fx_doc_analyse(tz, &doc, t->s[i], t->len[i]);
        double a1 = now();
        fx_quotes_find(&qs, t->s[i], t->len[i]);
        double a2 = now();
        fx_gazetteer_match(fe.gz, &doc, t->year[i], &ms);
        double a3 = now();
        tt += a1 - a0;
        tq += a2 - a1;
        tg += a3 - a2;
    }
    printf("stages: tokens and sentences %.1f MB/s, quotes %.1f MB/s, countries %.1f MB/s, "
           "speakers and the rest %.1f MB/s\n", mb / tt, mb / tq, mb / tg, mb / (el - tt - tq - tg));
    fx_doc_release(&doc);
    fx_quotes_release(&qs);
    fx_mentions_release(&ms);
    fx_article_release(&a);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    return 0;
}

static int features(const struct texts *t)
{
    struct fx_tokenizer *tz;
    struct fx_frontend fe;
    struct fx_article a;
    struct fx_pairs ps;
    struct fx_vec v;
    char msg[1024], *src;
    size_t len;
    int err;
    setup(&tz, &fe);
    fx_article_init(&a);
    fx_pairs_init(&ps);
    fx_vec_init(&v);
    if (fx_lexicon_read_dir(STANCE_DATA_DIR "/lexicons", &src, &len, msg, sizeof msg))
        die(msg);
    struct fx_lexicon *lx = fx_lexicon_parse(tz, src, len, "lexicons", &err, msg, sizeof msg);
    struct fx_feat_opts o;
    fx_feat_opts_default(&o);
    struct fx_vectorizer *vz = lx ? fx_vectorizer_create(&o, lx, 0) : NULL;
    if (!vz)
        die("cannot load the lexicons");
    size_t pairs = 0, nnz = 0;
    double t0 = now();
    for (size_t i = 0; i < t->n; i++) {
        if (fx_article_analyse(&fe, tz, &a, t->s[i], t->len[i], t->year[i]))
            die("analysis failed");
        for (size_t q = 0; q < a.nq; q++) {
            if (fx_article_pairs(&a, a.q[q].b0, a.q[q].b1, a.q[q].sp0, a.q[q].sp1, &ps))
                die("out of memory");
            for (size_t k = 0; k < ps.n; k++) {
                if (fx_vectorize(vz, &a.doc, &ps.p[k].view, &v))
                    die("out of memory");
                pairs++;
                nnz += v.n;
            }
        }
    }
    double el = now() - t0;
    double mb = (double)t->bytes / 1e6;
    printf("corpus: %zu articles, %.1f MB\n", t->n, mb);
    printf("article text to vectors: %.1f MB/s on one core, %zu pairs (%.0f pairs/s), %.0f features per pair\n",
           mb / el, pairs, (double)pairs / el, pairs ? (double)nnz / (double)pairs : 0.0);
    free(src);
    fx_vectorizer_free(vz);
    fx_lexicon_free(lx);
    fx_vec_release(&v);
    fx_pairs_release(&ps);
    fx_article_release(&a);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    return 0;
}

/* Labelled quotes of the inputs, with their targets. */
struct lq {
    char *quote, *lang;
    cJSON *targets;
    int ntargets;
};

static int recombine(long want, char **files, int nfiles)
{
    struct lq *q = NULL;
    size_t n = 0, cap = 0;
    for (int f = 0; f < nfiles; f++) {
        int err;
        struct fx_reader *r = fx_reader_open(files[f], &err);
        if (!r)
            die("cannot open an input");
        struct fx_record rec;
        while (fx_reader_next(r, &rec) > 0) {
            const cJSON *qs = rec.json ? cJSON_GetObjectItemCaseSensitive(rec.json, "quotes") : NULL;
            const cJSON *it;
            cJSON_ArrayForEach(it, qs) {
                const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "targets");
                int nt = cJSON_GetArraySize(t);
                if (nt == 0)
                    continue;
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    if (!(q = realloc(q, cap * sizeof *q)))
                        die("out of memory");
                }
                q[n].quote = strdup(cJSON_GetObjectItemCaseSensitive(it, "quote")->valuestring);
                q[n].lang = strdup(rec.lang ? rec.lang : "?");
                q[n].targets = cJSON_Duplicate(t, 1);
                q[n].ntargets = nt;
                n++;
            }
        }
        fx_reader_free(r);
    }
    if (!n)
        die("no labelled quotes");
    uint64_t s = 42;
    long pairs = 0, id = 0;
    while (pairs < want) {
        cJSON *o = cJSON_CreateObject(), *qa;
        char idbuf[32];
        snprintf(idbuf, sizeof idbuf, "rec-%06ld", id++);
        cJSON_AddStringToObject(o, "id", idbuf);
        qa = cJSON_AddArrayToObject(o, "quotes");
        struct fx_buf text;
        fx_buf_init(&text);
        fx_buf_add(&text, "GENEVE, 1 mars /BENCH/.", 23);
        const char *lang = NULL;
        for (int k = 0; k < 3 && pairs < want; k++) {
            s ^= s << 13, s ^= s >> 7, s ^= s << 17;
            const struct lq *p = &q[s % n];
            if (strstr(text.s, p->quote))
                continue;
            lang = p->lang;
            fx_buf_addf(&text, "\n\n« %s », a déclaré le porte-parole.", p->quote);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddStringToObject(e, "quote", p->quote);
            cJSON_AddItemToObject(e, "targets", cJSON_Duplicate(p->targets, 1));
            cJSON_AddItemToArray(qa, e);
            pairs += p->ntargets;
        }
        cJSON_AddStringToObject(o, "lang", lang ? lang : "fr");
        cJSON_AddStringToObject(o, "text", text.s);
        char *line = cJSON_PrintUnformatted(o);
        puts(line);
        free(line);
        cJSON_Delete(o);
        fx_buf_release(&text);
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "recombine") == 0 && argc >= 4)
        return recombine(strtol(argv[2], NULL, 10), argv + 3, argc - 3);
    if (argc != 3 || (strcmp(argv[1], "frontend") && strcmp(argv[1], "features"))) {
        fprintf(stderr, "usage: bench frontend|features CORPUS.jsonl | bench recombine N IN.jsonl...\n");
        return 2;
    }
    struct texts t = {0};
    load(&t, argv[2]);
    if (!t.n)
        die("empty corpus");
    return strcmp(argv[1], "frontend") == 0 ? frontend(&t) : features(&t);
}
