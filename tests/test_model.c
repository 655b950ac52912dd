/* test_model.c - the model file (model.h) with a model fitted here by
 * train/fit.c: save and load give the same predictions, loading refuses
 * every kind of bad file with a message that says what is wrong, saving is
 * atomic, our predictions are libsvm's (svm_predict_probability on the
 * same SVM), and fitting does not depend on the number of threads.
 *
 * The training data is generated: French pair records from templates, one
 * per group, labelled by template, with the fixture gazetteer and a small
 * lexicon, so that the model is small and fits in well under a second. */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsvm/svm.h>

#include "article.h"
#include "corpus.h"
#include "dataset.h"
#include "fit.h"
#include "fxtest.h"
#include "model.h"

#define FEATURES "word=3 char=2-5 window=5 bits=16 groups=31"

static const char lexicon_src[] =
    "#@file test-lexicon.tsv\n"
    "salu*\tcoop\t0.8\n"
    "remerci*\tcoop\t0.8\n"
    "partenaire*\tcoop\t0.6\n"
    "dialogu*\tcoop\t0.5\n"
    "coopération\tcoop\t0.7\n"
    "condamn*\tcrit\t-0.9\n"
    "ignor*\tcrit\t-0.6\n"
    "refus*\tcrit\t-0.6\n"
    "accus*\tcrit\t-0.8\n"
    "regrett*\tcrit\t-0.5\n"
    "ne\tnegator\t-1\n"
    "pas\tnegator\t-1\n"
    "fermement\tintensifier\t1.5\n";

static const char *const templates[3][4] = {
    {"Nous saluons la décision de %s et remercions nos partenaires pour leur soutien.",
     "%s est un partenaire fiable, et nous voulons poursuivre le dialogue.",
     "La coopération avec %s progresse, nous nous en félicitons.",
     "Nous remercions %s pour son aide précieuse."},
    {"Nous condamnons fermement les agissements de %s.",
     "%s a ignoré notre offre et refuse tout dialogue.",
     "Les accusations de %s sont sans fondement.",
     "Nous regrettons que %s ait choisi la confrontation."},
    {"La réunion a eu lieu à %s le 12 mai.",
     "Le ministre se rendra à %s la semaine prochaine.",
     "Les délégués sont arrivés à %s mardi.",
     "Une conférence de presse est prévue à %s le 3 juin."},
};

static const char *const places[][2] = {
    {"Londres", "GB"}, {"Berlin", "DE"}, {"Moscou", "RU"}, {"la France", "FR"},
    {"Kremlin", "RU"}, {"Allemagne", "DE"}, {"Royaume-Uni", "GB"},
};

static const char *const tails[] = {"", " Le porte-parole l'a confirmé.", " Cela a été dit hier soir."};

#define NGEN 150
#define NPROBE 50

/* Made once per test case in the runner (unchecked fixture) and inherited
 * by each forked test. */
static struct fx_tokenizer *tz;
static struct fx_frontend fe;
static struct fx_lexicon *lx;
static struct fx_vectorizer *vz;
static struct fx_dataset ds;
static struct fx_vec probe[NPROBE];
static struct fx_model *model;      /* linear, fitted with one thread */
static char base[64];
static char msg[1024];

/* Per test. */
static char tmp[128];
static char path[256];

static void generate(int i, int shift, char *text, size_t len, const char **code, const char **label)
{
    int lab = i % 3, t = (i / 3 + shift) % 4, p = (i / 12 + shift) % 7, k = (i / 84) % 3;
    char s[256];
    snprintf(s, sizeof s, templates[lab][t], places[p][0]);
    snprintf(text, len, "%s%s", s, tails[k]);
    *code = places[p][1];
    *label = fx_labels[lab];
}

/* Vectorises one generated pair into out (the article and pairs scratch is
 * local). */
static void vectorize_generated_with(struct fx_vectorizer *v, int i, struct fx_vec *out)
{
    char text[512];
    const char *code, *label;
    generate(i, 1, text, sizeof text, &code, &label);
    struct fx_article a;
    struct fx_pairs ps;
    struct fx_buf folded;
    fx_article_init(&a);
    fx_pairs_init(&ps);
    fx_buf_init(&folded);
    if (fx_article_analyse(&fe, tz, &a, text, strlen(text), 0) || fx_buf_add(&folded, "", 0)
        || fx_fold_phrase(tz, code, strlen(code), &folded) < 0
        || fx_record_pair(&a, code, folded.s, -1, -1, &ps) || fx_vectorize(v, &a.doc, &ps.p[0].view, out))
        abort();
    fx_buf_release(&folded);
    fx_pairs_release(&ps);
    fx_article_release(&a);
}

static void vectorize_generated(int i, struct fx_vec *out)
{
    vectorize_generated_with(vz, i, out);
}

static void set_model_inputs(struct fx_model *m)
{
    if (fx_feat_opts_parse(&m->feat, FEATURES))
        abort();
    m->lexicon = strdup(lexicon_src);
    m->lexicon_len = strlen(lexicon_src);
    snprintf(m->gazetteer, sizeof m->gazetteer, "%016llx",
             (unsigned long long)fx_gazetteer_fingerprint(fe.gz));
    if (!m->lexicon)
        abort();
}

/* Fits ds with these options into a fresh model; NULL with msg on error. */
static struct fx_model *fit(int kernel, int threads, unsigned seed)
{
    struct fit_opts o;
    struct fit_result res;
    fit_opts_default(&o);
    o.kernel = kernel;
    o.threads = threads;
    o.seed = seed;
    o.progress = 0;
    if (kernel == FX_KERNEL_RBF) {
        o.ngamma = 2;
        o.gamma[0] = 0.3;
        o.gamma[1] = 1;
        o.nC = 3;
        o.C[0] = 0.3;
        o.C[1] = 1;
        o.C[2] = 3;
    }
    struct fx_model *m = fx_model_create();
    if (!m)
        abort();
    set_model_inputs(m);
    if (fit_train(&ds, &o, m, &res, msg, sizeof msg)) {
        fx_model_free(m);
        return NULL;
    }
    if (!(res.f1_mean >= 0 && res.f1_mean <= 1 && res.accuracy >= 0 && res.accuracy <= 1)) {
        snprintf(msg, sizeof msg, "fit_result: macro-F1 %g, accuracy %g", res.f1_mean, res.accuracy);
        fx_model_free(m);
        return NULL;
    }
    return m;
}

static void quiet(const char *s)
{
    (void)s;
}

static void make_world(void)
{
    int err = 0;
    strcpy(base, "/tmp/stance-test-model-XXXXXX");
    if (!mkdtemp(base))
        abort();
    /* libsvm's printer is process-wide: set once, before any fit. */
    svm_set_print_string_function(quiet);
    tz = fx_tokenizer_create(&err);
    if (!tz || fx_frontend_load(&fe, tz, STANCE_DATA_DIR, FXT_FIXTURES "/gazetteer.tsv", msg, sizeof msg))
        abort();
    struct fx_feat_opts o;
    if (fx_feat_opts_parse(&o, FEATURES))
        abort();
    lx = fx_lexicon_parse(tz, lexicon_src, strlen(lexicon_src), "test", &err, msg, sizeof msg);
    vz = lx ? fx_vectorizer_create(&o, lx, 0) : NULL;
    if (!vz)
        abort();
    fx_dataset_init(&ds);
    struct fx_dataset_ctx ctx = {&fe, tz, vz, 0, 0};
    struct fx_article a;
    struct fx_pairs ps;
    fx_article_init(&a);
    fx_pairs_init(&ps);
    for (int i = 0; i < NGEN; i++) {
        char text[512], id[32];
        const char *why = NULL;
        struct fx_record rec;
        memset(&rec, 0, sizeof rec);
        generate(i, 0, text, sizeof text, &rec.target, &rec.label);
        snprintf(id, sizeof id, "g-%d", i);
        rec.kind = FX_REC_PAIR;
        rec.source = "generated";
        rec.line = (size_t)i + 1;
        rec.id = id;
        rec.text = text;
        rec.len = strlen(text);
        rec.lang = "fr";
        rec.start = rec.end = -1;
        if (fx_dataset_add(&ds, &ctx, &a, &ps, &rec, &why))
            abort();
    }
    fx_pairs_release(&ps);
    fx_article_release(&a);
    for (int i = 0; i < NPROBE; i++) {
        fx_vec_init(&probe[i]);
        vectorize_generated(i * 7 + 1, &probe[i]);
    }
    model = fit(FX_KERNEL_LINEAR, 1, 1);
}

static void rm_tree(const char *p)
{
    DIR *d = opendir(p);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", p, e->d_name);
            rm_tree(sub);
        }
        closedir(d);
    }
    remove(p);
}

static void end_world(void)
{
    fx_model_free(model);
    model = NULL;
    for (int i = 0; i < NPROBE; i++)
        fx_vec_release(&probe[i]);
    fx_dataset_release(&ds);
    fx_vectorizer_free(vz);
    fx_lexicon_free(lx);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    rm_tree(base);
}

static void setup(void)
{
    ck_assert_msg(model != NULL, "fit_train: %s", msg);
    snprintf(tmp, sizeof tmp, "%s/t-XXXXXX", base);
    ck_assert_ptr_nonnull(mkdtemp(tmp));
    snprintf(path, sizeof path, "%s/m.model", tmp);
    umask(022);
}

/* ---- small file helpers ---- */

static char *slurp(const char *p, size_t *len)
{
    char *s = NULL;
    int err = fx_read_file(p, &s, len);
    ck_assert_msg(err == 0, "cannot read '%s': %s", p, fx_strerror(err));
    return s;
}

static void spit(const char *p, const char *s, size_t len)
{
    FILE *f = fopen(p, "wb");
    ck_assert_msg(f != NULL, "cannot write '%s': %s", p, strerror(errno));
    ck_assert_uint_eq(fwrite(s, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

static void save(const struct fx_model *m, const char *p)
{
    int err = fx_model_save(m, p);
    ck_assert_msg(err == 0, "fx_model_save '%s': %s", p, fx_strerror(err));
}

static size_t entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

/* Loads p, which must fail; returns the message. */
static const char *load_fails(const char *p)
{
    int err = 0;
    msg[0] = '\0';
    struct fx_model *m = fx_model_load(p, &err, msg, sizeof msg);
    ck_assert_msg(m == NULL, "'%s' loaded", p);
    ck_assert_int_lt(err, 0);
    ck_assert_msg(msg[0] != '\0', "no message for '%s'", p);
    ck_assert_msg(strstr(msg, p) != NULL, "'%s' does not name '%s'", msg, p);
    return msg;
}

#define assert_says(m, s) ck_assert_msg(strstr((m), (s)) != NULL, "'%s' does not say '%s'", (m), (s))

/* The end line of a body, as fx_model_save writes it. */
static char *with_checksum(const char *body, size_t n, size_t *len)
{
    char *s = malloc(n + 32);
    ck_assert_ptr_nonnull(s);
    memcpy(s, body, n);
    *len = n + (size_t)snprintf(s + n, 32, "end %016llx\n", (unsigned long long)fx_checksum(body, n));
    return s;
}

static void assert_same_model(const struct fx_model *a, const struct fx_model *b)
{
    ck_assert_int_eq(memcmp(&a->feat, &b->feat, sizeof a->feat), 0);
    ck_assert_uint_eq(a->lexicon_len, b->lexicon_len);
    ck_assert_int_eq(memcmp(a->lexicon, b->lexicon, a->lexicon_len), 0);
    ck_assert_str_eq(a->gazetteer, b->gazetteer);
    ck_assert_int_eq(a->kernel, b->kernel);
    ck_assert(a->gamma == b->gamma && a->C == b->C);
    ck_assert_int_eq(a->nr_class, b->nr_class);
    int np = a->nr_class * (a->nr_class - 1) / 2;
    for (int i = 0; i < a->nr_class; i++) {
        ck_assert_int_eq(a->label[i], b->label[i]);
        ck_assert_int_eq(a->nsv[i], b->nsv[i]);
    }
    for (int i = 0; i < np; i++)
        ck_assert(a->rho[i] == b->rho[i] && a->probA[i] == b->probA[i] && a->probB[i] == b->probB[i]);
    ck_assert_uint_eq(a->l, b->l);
    for (size_t i = 0; i < a->l; i++) {
        ck_assert_uint_eq(a->sv[i].n, b->sv[i].n);
        ck_assert_int_eq(memcmp(a->sv[i].f, b->sv[i].f, a->sv[i].n * sizeof *a->sv[i].f), 0);
        for (int k = 0; k < a->nr_class - 1; k++)
            ck_assert(a->coef[i * (size_t)(a->nr_class - 1) + (size_t)k]
                      == b->coef[i * (size_t)(a->nr_class - 1) + (size_t)k]);
    }
}

/* ---- the fitted model ---- */

START_TEST(fitted_model_is_sound)
{
    ck_assert_int_eq(model->nr_class, 3);
    ck_assert_int_eq(model->kernel, FX_KERNEL_LINEAR);
    ck_assert(model->C > 0);
    size_t total = 0;
    int seen[3] = {0};
    for (int i = 0; i < 3; i++) {
        ck_assert_int_ge(model->label[i], 0);
        ck_assert_int_lt(model->label[i], 3);
        seen[model->label[i]]++;
        ck_assert_int_gt(model->nsv[i], 0);
        total += (size_t)model->nsv[i];
    }
    ck_assert(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
    ck_assert_uint_eq(total, model->l);
    ck_assert_ptr_nonnull(model->w);
    /* Probabilities sum to 1, the label is the highest, and the pieces
     * agree with the whole. */
    int right = 0;
    for (size_t i = 0; i < ds.n; i++) {
        double p[3], q[3], dec[FX_MODEL_NPAIR];
        int lab = fx_model_predict(model, &ds.ex[i].x, p);
        ck_assert_int_ge(lab, 0);
        ck_assert_int_lt(lab, 3);
        ck_assert_double_eq_tol(p[0] + p[1] + p[2], 1, 1e-9);
        for (int k = 0; k < 3; k++) {
            ck_assert(p[k] >= 0 && p[k] <= 1);
            ck_assert(p[lab] >= p[k]);
        }
        fx_model_decision(model, &ds.ex[i].x, dec);
        ck_assert_int_eq(fx_model_probability(model, dec, q), lab);
        ck_assert_int_eq(memcmp(p, q, sizeof p), 0);
        right += lab == ds.ex[i].label;
    }
    /* The templates are easy: the model must have learnt them. */
    ck_assert_msg(right >= (int)ds.n * 9 / 10, "%d/%zu training pairs right", right, ds.n);
}
END_TEST

START_TEST(round_trip_same_predictions)
{
    save(model, path);
    int err = 1;
    struct fx_model *m = fx_model_load(path, &err, msg, sizeof msg);
    ck_assert_msg(m != NULL, "fx_model_load: %s", msg);
    ck_assert_int_eq(fx_model_svs(m, msg, sizeof msg), 0);
    ck_assert_int_eq(err, 0);
    assert_same_model(model, m);
    for (size_t i = 0; i < ds.n + NPROBE; i++) {
        const struct fx_vec *x = i < ds.n ? &ds.ex[i].x : &probe[i - ds.n];
        double p[3], q[3];
        int a = fx_model_predict(model, x, p), b = fx_model_predict(m, x, q);
        ck_assert_int_eq(a, b);
        ck_assert_msg(memcmp(p, q, sizeof p) == 0, "vector %zu: %.17g %.17g %.17g then %.17g %.17g %.17g",
                      i, p[0], p[1], p[2], q[0], q[1], q[2]);
    }
    /* Saving what was loaded gives the same bytes. */
    char again[300];
    snprintf(again, sizeof again, "%s/again.model", tmp);
    save(m, again);
    size_t n1, n2;
    char *s1 = slurp(path, &n1), *s2 = slurp(again, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_int_eq(memcmp(s1, s2, n1), 0);
    ck_assert_int_eq(strncmp(s1, "stance-model 2\n", 15), 0);
    free(s1);
    free(s2);
    fx_model_free(m);
    fx_model_free(NULL);
}
END_TEST

START_TEST(rbf_round_trip)
{
    struct fx_model *r = fit(FX_KERNEL_RBF, 2, 1);
    ck_assert_msg(r != NULL, "fit_train rbf: %s", msg);
    ck_assert_int_eq(r->kernel, FX_KERNEL_RBF);
    ck_assert(r->gamma == 0.3 || r->gamma == 1);
    save(r, path);
    int err;
    struct fx_model *m = fx_model_load(path, &err, msg, sizeof msg);
    ck_assert_msg(m != NULL, "fx_model_load: %s", msg);
    ck_assert_int_eq(fx_model_svs(m, msg, sizeof msg), 0);
    assert_same_model(r, m);
    for (int i = 0; i < NPROBE; i++) {
        double p[3], q[3];
        ck_assert_int_eq(fx_model_predict(r, &probe[i], p), fx_model_predict(m, &probe[i], q));
        ck_assert_int_eq(memcmp(p, q, sizeof p), 0);
        ck_assert_double_eq_tol(q[0] + q[1] + q[2], 1, 1e-9);
    }
    fx_model_free(m);
    fx_model_free(r);
}
END_TEST

/* ---- refusing bad files ---- */

START_TEST(load_refuses_truncated)
{
    save(model, path);
    size_t n;
    char *s = slurp(path, &n);
    char cut[300];
    snprintf(cut, sizeof cut, "%s/cut.model", tmp);
    /* Half the file, all but the end line, all but the last byte, the
     * header only. */
    const char *last = s + n - 2;
    while (*last != '\n')
        last--;
    const char *sv = strstr(s, "\nsv ");
    ck_assert_ptr_nonnull(sv);
    size_t lens[] = {n / 2, (size_t)(last - s) + 1, n - 1, (size_t)(sv - s) + 1, 15};
    for (size_t k = 0; k < sizeof lens / sizeof *lens; k++) {
        spit(cut, s, lens[k]);
        const char *m = load_fails(cut);
        assert_says(m, "truncated");
    }
    free(s);
}
END_TEST

START_TEST(load_refuses_flipped_byte)
{
    save(model, path);
    size_t n;
    char *s = slurp(path, &n);
    char bad[300];
    snprintf(bad, sizeof bad, "%s/bad.model", tmp);
    const char *end_line = s + n - 2;
    while (*end_line != '\n')
        end_line--;
    size_t body = (size_t)(end_line - s) + 1;
    /* Everywhere in the body, a bit or a digit: the checksum catches it. */
    size_t at[] = {3, 20, body / 7, body / 3, body / 2, body - 5, body - 2};
    for (size_t k = 0; k < sizeof at / sizeof *at; k++) {
        for (int how = 0; how < 2; how++) {
            char *c = malloc(n);
            ck_assert_ptr_nonnull(c);
            memcpy(c, s, n);
            if (how == 0)
                c[at[k]] ^= 0x04;
            else
                c[at[k]] = c[at[k]] == '7' ? '8' : '7';
            if (c[at[k]] == s[at[k]]) {
                free(c);
                continue;
            }
            spit(bad, c, n);
            const char *m = load_fails(bad);
            ck_assert_msg(strstr(m, "corrupt") != NULL, "byte %zu: '%s' does not say corrupted", at[k], m);
            free(c);
        }
    }
    /* In the checksum itself. */
    s[n - 3] = s[n - 3] == '0' ? '1' : '0';
    spit(bad, s, n);
    load_fails(bad);
    free(s);
}
END_TEST

/* The model file with its version number replaced by version and a
 * checksum that fits, as another program would write it. */
static void rewrite_version(int version)
{
    save(model, path);
    size_t n;
    char *s = slurp(path, &n);
    char head[32];
    int hl = snprintf(head, sizeof head, "stance-model %d\n", FX_MODEL_VERSION);
    ck_assert_int_eq(strncmp(s, head, (size_t)hl), 0);
    const char *end_line = s + n - 2;
    while (*end_line != '\n')
        end_line--;
    size_t body = (size_t)(end_line - s) + 1;
    struct fx_buf b;
    fx_buf_init(&b);
    ck_assert_int_eq(fx_buf_addf(&b, "stance-model %d\n", version), 0);
    ck_assert_int_eq(fx_buf_add(&b, s + hl, body - (size_t)hl), 0);
    size_t len;
    char *v = with_checksum(b.s, b.len, &len);
    spit(path, v, len);
    free(v);
    fx_buf_release(&b);
    free(s);
}

START_TEST(load_refuses_newer_version)
{
    /* A future file: a valid checksum, the rest unknown. */
    rewrite_version(FX_MODEL_VERSION + 1);
    const char *m = load_fails(path);
    assert_says(m, "newer");
    /* However little the rest looks like ours. */
    char future[64];
    snprintf(future, sizeof future, "stance-model %d\nsomething else entirely\n",
             FX_MODEL_VERSION + 1);
    size_t len;
    char *v = with_checksum(future, strlen(future), &len);
    spit(path, v, len);
    m = load_fails(path);
    assert_says(m, "newer");
    free(v);
}
END_TEST

/* A version 1 model indexes its word n-grams differently: refused, with
 * what to do. */
START_TEST(load_refuses_older_version)
{
    rewrite_version(1);
    const char *m = load_fails(path);
    assert_says(m, "older");
    assert_says(m, "train it again");
    /* Version 1 files were checksummed another way: the version is read
     * first, so they are called old, not corrupted. */
    char old[] = "stance-model 1\nfeatures word=3\nend 0123456789abcdef\n";
    spit(path, old, strlen(old));
    m = load_fails(path);
    assert_says(m, "older");
    rewrite_version(0);
    m = load_fails(path);
    assert_says(m, "version");
}
END_TEST

START_TEST(load_refuses_libsvm_model)
{
    /* What svm-train writes. */
    const char libsvm[] = "svm_type c_svc\nkernel_type linear\nnr_class 2\ntotal_sv 2\nrho 0\n"
                          "label 1 2\nprobA -1\nprobB 0\nnr_sv 1 1\nSV\n1 1:1 3:0.5 \n-1 1:-1 \n";
    spit(path, libsvm, strlen(libsvm));
    const char *m = load_fails(path);
    assert_says(m, "libsvm");
    /* And one saved by libsvm itself. */
    struct svm_node x[2][2] = {{{1, 1}, {-1, 0}}, {{1, -1}, {-1, 0}}};
    struct svm_node *rows[2] = {x[0], x[1]};
    double y[2] = {1, 2};
    struct svm_problem prob = {2, y, rows};
    struct svm_parameter param;
    memset(&param, 0, sizeof param);
    param.svm_type = C_SVC;
    param.kernel_type = LINEAR;
    param.C = 1;
    param.eps = 1e-3;
    param.cache_size = 10;
    struct svm_model *sm = svm_train(&prob, &param);
    ck_assert_ptr_nonnull(sm);
    ck_assert_int_eq(svm_save_model(path, sm), 0);
    svm_free_and_destroy_model(&sm);
    m = load_fails(path);
    assert_says(m, "libsvm");
}
END_TEST

START_TEST(load_refuses_empty_dir_missing)
{
    spit(path, "", 0);
    assert_says(load_fails(path), "empty");
    /* A directory. */
    assert_says(load_fails(tmp), strerror(EISDIR));
    /* Nothing there. */
    char none[300];
    snprintf(none, sizeof none, "%s/no-such.model", tmp);
    assert_says(load_fails(none), strerror(ENOENT));
    assert_says(load_fails("/nonexistent/dir/x.model"), strerror(ENOENT));
}
END_TEST

START_TEST(load_refuses_foreign_files)
{
    /* Text that is no model at all, with or without a final newline. */
    static const char *const foreign[] = {
        "hello\n",
        "{\"id\": \"x\", \"text\": \"La France\"}\n",
        "\n",
        "stance-model\n",
        "end 0000000000000000\n",
    };
    for (size_t k = 0; k < sizeof foreign / sizeof *foreign; k++) {
        spit(path, foreign[k], strlen(foreign[k]));
        load_fails(path);
    }
    /* Well checksummed but wrong inside. */
    static const char *const wrong[] = {
        "stance-model 2\n",
        "stance-model 0\nfeatures " FEATURES "\n",
        "stance-model 2\nfeatures word=9\n",
    };
    for (size_t k = 0; k < sizeof wrong / sizeof *wrong; k++) {
        size_t len;
        char *s = with_checksum(wrong[k], strlen(wrong[k]), &len);
        spit(path, s, len);
        load_fails(path);
        free(s);
    }
}
END_TEST

/* ---- saving ---- */

START_TEST(save_is_atomic)
{
    /* Into a directory that does not exist: fails, nothing written. */
    char p[300];
    snprintf(p, sizeof p, "%s/no-such-dir/m.model", tmp);
    errno = 0;
    ck_assert_int_eq(fx_model_save(model, p), FX_EIO);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_ne(access(p, F_OK), 0);
    ck_assert_uint_eq(entries(tmp), 0);

    /* Over an existing file: replaced whole, no temporary left. */
    spit(path, "old contents\n", 13);
    save(model, path);
    ck_assert_uint_eq(entries(tmp), 1);
    int err;
    struct fx_model *m = fx_model_load(path, &err, msg, sizeof msg);
    ck_assert_msg(m != NULL, "fx_model_load: %s", msg);
    ck_assert_int_eq(fx_model_svs(m, msg, sizeof msg), 0);
    /* An ordinary file, not mkstemp's private one. */
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0644);

    /* Over an existing model: the new one is what loads. */
    m->C = 123.5;
    m->rho[0] += 1;
    save(m, path);
    ck_assert_uint_eq(entries(tmp), 1);
    struct fx_model *m2 = fx_model_load(path, &err, msg, sizeof msg);
    ck_assert_msg(m2 != NULL, "fx_model_load: %s", msg);
    ck_assert_int_eq(fx_model_svs(m2, msg, sizeof msg), 0);
    ck_assert(m2->C == 123.5);
    ck_assert(m2->rho[0] == m->rho[0]);
    fx_model_free(m2);
    fx_model_free(m);

    /* Onto a directory: fails, the directory stays, no temporary left. */
    snprintf(p, sizeof p, "%s/d.model", tmp);
    ck_assert_int_eq(mkdir(p, 0755), 0);
    ck_assert_int_ne(fx_model_save(model, p), 0);
    ck_assert_int_eq(stat(p, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_uint_eq(entries(tmp), 2);
}
END_TEST

/* ---- libsvm ---- */

static struct svm_node *nodes(const struct fx_vec *v)
{
    struct svm_node *x = malloc((v->n + 1) * sizeof *x);
    ck_assert_ptr_nonnull(x);
    for (size_t i = 0; i < v->n; i++) {
        x[i].index = (int)v->f[i].index;
        x[i].value = v->f[i].value;
    }
    x[v->n].index = -1;
    x[v->n].value = 0;
    return x;
}

/* The same SVM as libsvm's own structure, built by hand. */
struct svm_copy {
    struct svm_model sm;
    double *coef_rows[FX_MODEL_MAX_CLASS - 1];
    int label[FX_MODEL_MAX_CLASS], nsv[FX_MODEL_MAX_CLASS];
    double rho[FX_MODEL_NPAIR], probA[FX_MODEL_NPAIR], probB[FX_MODEL_NPAIR];
};

static void svm_copy_init(struct svm_copy *c, const struct fx_model *m)
{
    memset(c, 0, sizeof *c);
    struct svm_model *sm = &c->sm;
    sm->param.svm_type = C_SVC;
    sm->param.kernel_type = m->kernel == FX_KERNEL_RBF ? RBF : LINEAR;
    sm->param.gamma = m->gamma;
    sm->param.C = m->C;
    sm->param.probability = 1;
    sm->nr_class = m->nr_class;
    sm->l = (int)m->l;
    sm->SV = malloc(m->l * sizeof *sm->SV);
    ck_assert_ptr_nonnull(sm->SV);
    for (size_t i = 0; i < m->l; i++)
        sm->SV[i] = nodes(&m->sv[i]);
    int nc = m->nr_class, np = nc * (nc - 1) / 2;
    for (int k = 0; k < nc - 1; k++) {
        c->coef_rows[k] = malloc(m->l * sizeof(double));
        ck_assert_ptr_nonnull(c->coef_rows[k]);
        for (size_t i = 0; i < m->l; i++)
            c->coef_rows[k][i] = m->coef[i * (size_t)(nc - 1) + (size_t)k];
    }
    sm->sv_coef = c->coef_rows;
    for (int p = 0; p < np; p++) {
        c->rho[p] = m->rho[p];
        c->probA[p] = m->probA[p];
        c->probB[p] = m->probB[p];
    }
    sm->rho = c->rho;
    sm->probA = c->probA;
    sm->probB = c->probB;
    for (int i = 0; i < nc; i++) {
        c->label[i] = m->label[i] + 1;
        c->nsv[i] = m->nsv[i];
    }
    sm->label = c->label;
    sm->nSV = c->nsv;
    sm->sv_indices = NULL;
    sm->free_sv = 0;
}

static void svm_copy_release(struct svm_copy *c)
{
    for (int i = 0; i < c->sm.l; i++)
        free(c->sm.SV[i]);
    free(c->sm.SV);
    for (int k = 0; k < FX_MODEL_MAX_CLASS - 1; k++)
        free(c->coef_rows[k]);
}

static void assert_like_libsvm(const struct fx_model *m)
{
    struct svm_copy c;
    svm_copy_init(&c, m);
    ck_assert_int_eq(svm_check_probability_model(&c.sm), 1);
    for (int i = 0; i < NPROBE; i++) {
        struct svm_node *x = nodes(&probe[i]);
        double est[FX_MODEL_MAX_CLASS], p[3], dec[FX_MODEL_NPAIR], ours[FX_MODEL_NPAIR];
        double lab = svm_predict_probability(&c.sm, x, est);
        int got = fx_model_predict(m, &probe[i], p);
        ck_assert_msg((int)lab == got + 1, "vector %d: libsvm says %g, we say %d", i, lab, got + 1);
        for (int k = 0; k < m->nr_class; k++)
            ck_assert_msg(fabs(est[k] - p[m->label[k]]) < 1e-9, "vector %d, class %d: libsvm %.17g, we %.17g",
                          i, k, est[k], p[m->label[k]]);
        svm_predict_values(&c.sm, x, dec);
        fx_model_decision(m, &probe[i], ours);
        for (int k = 0; k < m->nr_class * (m->nr_class - 1) / 2; k++)
            ck_assert_double_eq_tol(ours[k], dec[k], 1e-9);
        free(x);
    }
    svm_copy_release(&c);
}

static int by_feature_index(const void *a, const void *b)
{
    const struct fx_feature *x = a, *y = b;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The predictor's vectors skip the sort: the same features, in group
 * order, an index shared by two groups twice. Sorted and summed they are
 * the probes; the linear decision and the scores are the same, up to the
 * rounding of a shared index's sum to a float in the sorted vector. */
START_TEST(unordered_vectors_same_predictions)
{
    struct fx_feat_opts o;
    ck_assert_int_eq(fx_feat_opts_parse(&o, FEATURES), 0);
    struct fx_vectorizer *uz = fx_vectorizer_create(&o, lx, 0);
    ck_assert_ptr_nonnull(uz);
    fx_vectorizer_unordered(uz);
    struct fx_vec u;
    fx_vec_init(&u);
    int unsorted = 0;
    for (int i = 0; i < NPROBE; i++) {
        vectorize_generated_with(uz, i * 7 + 1, &u);
        for (size_t k = 1; k < u.n; k++)
            unsorted |= u.f[k - 1].index >= u.f[k].index;
        double du[FX_MODEL_NPAIR], ds_[FX_MODEL_NPAIR], pu[3], ps_[3];
        fx_model_decision(model, &u, du);
        fx_model_decision(model, &probe[i], ds_);
        for (int k = 0; k < 3; k++)
            ck_assert_double_eq_tol(du[k], ds_[k], 1e-6);
        ck_assert_int_eq(fx_model_predict(model, &u, pu), fx_model_predict(model, &probe[i], ps_));
        for (int k = 0; k < 3; k++)
            ck_assert_double_eq_tol(pu[k], ps_[k], 1e-6);
        /* Sorted, duplicates summed: the probe. */
        qsort(u.f, u.n, sizeof *u.f, by_feature_index);
        size_t m = 0;
        for (size_t k = 0; k < u.n; k++) {
            if (m && u.f[m - 1].index == u.f[k].index)
                u.f[m - 1].value += u.f[k].value;
            else
                u.f[m++] = u.f[k];
        }
        ck_assert_uint_eq(m, probe[i].n);
        for (size_t k = 0; k < m; k++) {
            ck_assert_uint_eq(u.f[k].index, probe[i].f[k].index);
            ck_assert_float_eq_tol(u.f[k].value, probe[i].f[k].value, 1e-6);
        }
    }
    ck_assert_msg(unsorted, "no probe vector came out unsorted");
    fx_vec_release(&u);
    fx_vectorizer_free(uz);
}
END_TEST

START_TEST(same_as_libsvm_linear)
{
    assert_like_libsvm(model);
    /* And after a round trip through the file. */
    save(model, path);
    int err;
    struct fx_model *m = fx_model_load(path, &err, msg, sizeof msg);
    ck_assert_msg(m != NULL, "fx_model_load: %s", msg);
    ck_assert_int_eq(fx_model_svs(m, msg, sizeof msg), 0);
    assert_like_libsvm(m);
    fx_model_free(m);
}
END_TEST

START_TEST(same_as_libsvm_rbf)
{
    struct fx_model *r = fit(FX_KERNEL_RBF, 1, 1);
    ck_assert_msg(r != NULL, "fit_train rbf: %s", msg);
    assert_like_libsvm(r);
    fx_model_free(r);
}
END_TEST

/* ---- reproducibility ---- */

START_TEST(threads_do_not_change_the_model)
{
    char one[300], two[300];
    snprintf(one, sizeof one, "%s/one.model", tmp);
    snprintf(two, sizeof two, "%s/two.model", tmp);
    save(model, one);
    struct fx_model *m = fit(FX_KERNEL_LINEAR, 2, 1);
    ck_assert_msg(m != NULL, "fit_train: %s", msg);
    save(m, two);
    fx_model_free(m);
    size_t n1, n2;
    char *s1 = slurp(one, &n1), *s2 = slurp(two, &n2);
    ck_assert_msg(n1 == n2 && memcmp(s1, s2, n1) == 0, "1 and 2 threads give different model files");
    free(s2);
    /* Four threads and the same seed: the same again. */
    m = fit(FX_KERNEL_LINEAR, 4, 1);
    ck_assert_msg(m != NULL, "fit_train: %s", msg);
    save(m, two);
    fx_model_free(m);
    s2 = slurp(two, &n2);
    ck_assert_msg(n1 == n2 && memcmp(s1, s2, n1) == 0, "1 and 4 threads give different model files");
    free(s1);
    free(s2);
}
END_TEST

START_TEST(fit_refuses_too_little_data)
{
    struct fit_opts o;
    struct fit_result res;
    fit_opts_default(&o);
    o.threads = 1;
    struct fx_model *m = fx_model_create();
    set_model_inputs(m);
    /* One label only. */
    struct fx_dataset one = ds;
    size_t n = 0;
    struct fx_example *ex = malloc(ds.n * sizeof *ex);
    ck_assert_ptr_nonnull(ex);
    for (size_t i = 0; i < ds.n; i++)
        if (ds.ex[i].label == 0)
            ex[n++] = ds.ex[i];
    one.ex = ex;
    one.n = n;
    msg[0] = '\0';
    ck_assert_int_eq(fit_train(&one, &o, m, &res, msg, sizeof msg), FX_ERANGE);
    assert_says(msg, "label");
    /* Fewer groups than folds. */
    one.ex = ds.ex;
    one.n = 4;
    one.ngroups = 4;
    msg[0] = '\0';
    ck_assert_int_eq(fit_train(&one, &o, m, &res, msg, sizeof msg), FX_ERANGE);
    assert_says(msg, "folds");
    free(ex);
    fx_model_free(m);
}
END_TEST

Suite *model_suite(void)
{
    Suite *s = suite_create("model");
    TCase *tc = tcase_create("file");
    tcase_add_unchecked_fixture(tc, make_world, end_world);
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, fitted_model_is_sound);
    tcase_add_test(tc, round_trip_same_predictions);
    tcase_add_test(tc, rbf_round_trip);
    tcase_add_test(tc, load_refuses_truncated);
    tcase_add_test(tc, load_refuses_flipped_byte);
    tcase_add_test(tc, load_refuses_newer_version);
    tcase_add_test(tc, load_refuses_older_version);
    tcase_add_test(tc, load_refuses_libsvm_model);
    tcase_add_test(tc, load_refuses_empty_dir_missing);
    tcase_add_test(tc, load_refuses_foreign_files);
    tcase_add_test(tc, save_is_atomic);
    tcase_add_test(tc, same_as_libsvm_linear);
    tcase_add_test(tc, same_as_libsvm_rbf);
    tcase_add_test(tc, unordered_vectors_same_predictions);
    tcase_add_test(tc, threads_do_not_change_the_model);
    tcase_add_test(tc, fit_refuses_too_little_data);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(model_suite());
}
