/* test_vector.c - a (statement, target) pair to its sparse vector
 * (vector.h): placeholders for the target, other countries and numbers,
 * window features per target, sorted indices, determinism, the feature
 * settings string and group selection.
 *
 * Statements go through the front end (article.h) with a gazetteer built
 * here, so the pairs are the ones the programs vectorise. Feature names
 * come from the explain mode ("index<TAB>name<TAB>value" lines), the way
 * stance-features --explain shows them. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "fxtest.h"
#include "lexicon.h"
#include "vector.h"

static const char lexicon_src[] =
    "ignor*\tcrit\t-0.6\n"
    "salu*\tcoop\t0.8\n"
    "dialogu*\tcoop\t0.5\n"
    "refus*\tcrit\t-0.6\n"
    "critiqu*\tcrit\t-0.5\n"
    "ne\tnegator\t-1\n"
    "pas\tnegator\t-1\n"
    "très\tintensifier\t1.5\n";

static struct fx_tokenizer *tz;
static struct fx_frontend fe;
static struct fx_lexicon *lx;
static struct fx_article art;
static struct fx_pairs ps;
static struct fx_vectorizer *vz;
static struct fx_vec vec;
static struct fx_buf names;

static void add(const char *form, const char *code, int kind)
{
    fxt_gazetteer_add(fe.gz, tz, form, code, kind, 0, 0, 0);
}

static void setup(void)
{
    int err = 1;
    size_t line = 0;
    char msg[256];
    tz = fxt_tokenizer();
    fe.gz = fxt_gazetteer_empty();
    fe.at = fx_attrib_load(tz, STANCE_DATA_DIR "/attribution.tsv", &err, &line);
    ck_assert_msg(fe.at != NULL, "attribution.tsv:%zu: %s", line, fx_strerror(err));
    add("Londres", "GB", FX_KIND_CAPITAL);
    add("Royaume-Uni", "GB", FX_KIND_NAME);
    add("Pékin", "CN", FX_KIND_CAPITAL);
    add("Berlin", "DE", FX_KIND_CAPITAL);
    add("Moscou", "RU", FX_KIND_CAPITAL);
    add("France", "FR", FX_KIND_NAME);
    lx = fx_lexicon_parse(tz, lexicon_src, strlen(lexicon_src), "test", &err, msg, sizeof msg);
    ck_assert_msg(lx != NULL, "%s", msg);
    fx_article_init(&art);
    fx_pairs_init(&ps);
    fx_vec_init(&vec);
    fx_buf_init(&names);
    vz = NULL;
}

static void teardown(void)
{
    fx_vectorizer_free(vz);
    fx_buf_release(&names);
    fx_vec_release(&vec);
    fx_pairs_release(&ps);
    fx_article_release(&art);
    fx_lexicon_free(lx);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    tz = NULL;
    vz = NULL;
}

static struct fx_vectorizer *vectorizer(const char *opts, int explain)
{
    struct fx_feat_opts o;
    fx_feat_opts_default(&o);
    if (opts)
        ck_assert_msg(fx_feat_opts_parse(&o, opts) == 0, "'%s' refused", opts);
    struct fx_vectorizer *v = fx_vectorizer_create(&o, lx, explain);
    ck_assert_ptr_nonnull(v);
    return v;
}

/* Analyses text as one statement; returns the pair of country code. */
static const struct fx_pair_view *pair_of(const char *text, const char *code)
{
    int err = fx_article_analyse(&fe, tz, &art, text, strlen(text), 0);
    ck_assert_msg(err == 0, "fx_article_analyse: %s", fx_strerror(err));
    ck_assert_int_eq(fx_article_pairs(&art, 0, (uint32_t)strlen(text), 0, 0, &ps), 0);
    for (size_t i = 0; i < ps.n; i++)
        if (strcmp(ps.p[i].country, code) == 0)
            return &ps.p[i].view;
    ck_abort_msg("no %s pair in '%s'", code, text);
    return NULL;
}

/* Vectorises (text, code) into out with v; with explain, names holds the
 * "index\tname\tvalue" lines. */
static void vectorize_with(struct fx_vectorizer *v, const char *text, const char *code,
                           struct fx_vec *out)
{
    const struct fx_pair_view *p = pair_of(text, code);
    ck_assert_int_eq(fx_vectorize(v, &art.doc, p, out), 0);
    names.len = 0;
    ck_assert_int_eq(fx_buf_add(&names, "\n", 1), 0);
}

static void vectorize_explained(struct fx_vectorizer *v, const char *text, const char *code,
                                struct fx_vec *out)
{
    vectorize_with(v, text, code, out);
    ck_assert_int_eq(fx_vectorizer_explain(v, &names), 0);
}

/* Is there a feature called exactly name? */
static int has_name(const char *name)
{
    char want[256];
    snprintf(want, sizeof want, "\t%s\t", name);
    return strstr(names.s, want) != NULL;
}

#define assert_name(name) ck_assert_msg(has_name(name), "no feature '%s' in:%s", (name), names.s)
#define assert_no_name(name) ck_assert_msg(!has_name(name), "feature '%s' in:%s", (name), names.s)

/* Does some feature name contain s? */
static int name_contains(const char *s)
{
    for (const char *l = names.s; (l = strchr(l, '\n')) && l[1]; l++) {
        const char *t1 = strchr(l + 1, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        ck_assert_msg(t1 && t2, "explain line '%.40s' is not index, name, value", l + 1);
        for (const char *p = t1 + 1; p + strlen(s) <= t2; p++)
            if (strncmp(p, s, strlen(s)) == 0)
                return 1;
    }
    return 0;
}

static int vec_equal(const struct fx_vec *a, const struct fx_vec *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->f, b->f, a->n * sizeof *a->f) == 0);
}

static void assert_sorted(const struct fx_vec *v, const struct fx_feat_opts *o)
{
    uint32_t dim = 1 + FX_VEC_DENSE + (1u << o->hash_bits);
    for (size_t i = 0; i < v->n; i++) {
        ck_assert_uint_ge(v->f[i].index, 1);
        ck_assert_uint_lt(v->f[i].index, dim);
        ck_assert_msg(isfinite(v->f[i].value), "feature %u is %g", v->f[i].index, v->f[i].value);
        if (i)
            ck_assert_msg(v->f[i - 1].index < v->f[i].index, "indices %u then %u at %zu",
                          v->f[i - 1].index, v->f[i].index, i);
    }
}

/* ---- placeholders ---- */

START_TEST(capital_targets_share_features)
{
    vz = vectorizer(NULL, 1);
    struct fx_vec other;
    fx_vec_init(&other);
    vectorize_with(vz, "Londres ignore notre offre", "GB", &vec);
    vectorize_with(vz, "Pékin ignore notre offre", "CN", &other);
    ck_assert_uint_gt(vec.n, 10);
    ck_assert_msg(vec_equal(&vec, &other), "%zu and %zu features differ", vec.n, other.n);
    fx_vec_release(&other);
}
END_TEST

START_TEST(target_becomes_placeholder)
{
    vz = vectorizer(NULL, 1);
    vectorize_explained(vz, "Londres ignore notre offre", "GB", &vec);
    assert_name("w1:<T>");
    assert_name("w1:ignore");
    assert_name("w2:<T> ignore");
    assert_name("w2:ignore notre");
    assert_name("w3:<T> ignore notre");
    assert_name("wr:ignore");
    assert_name("wr:offre");
    assert_no_name("wl:ignore");
    /* The target's own words are gone, characters included. */
    ck_assert_msg(!name_contains("londres") && !name_contains("Londres") && !name_contains("lond"),
                  "the target's name leaks:%s", names.s);
    /* No char n-grams of a placeholder. */
    ck_assert_msg(!name_contains("c:<") && !name_contains("c:^<"), "char n-grams of <T>:%s", names.s);
    /* Names and vector agree: every index named is in the vector. */
    for (size_t i = 0; i < vec.n; i++) {
        char idx[16];
        snprintf(idx, sizeof idx, "\n%u\t", vec.f[i].index);
        ck_assert_msg(strstr(names.s, idx) != NULL, "index %u has no name", vec.f[i].index);
    }
}
END_TEST

START_TEST(other_countries_and_numbers)
{
    vz = vectorizer(NULL, 1);
    const char *text = "Londres critique Berlin depuis 2014";
    vectorize_explained(vz, text, "GB", &vec);
    assert_name("w1:<T>");
    assert_name("w1:<C>");
    assert_name("w1:<N>");
    assert_name("w2:critique <C>");
    assert_name("w2:<C> depuis");
    assert_name("w2:depuis <N>");
    assert_name("wr:<C>");
    ck_assert_msg(!name_contains("berlin") && !name_contains("2014") && !name_contains("londres"),
                  "a name or number leaks:%s", names.s);
    /* The same statement toward Berlin swaps the placeholders. */
    vectorize_explained(vz, text, "DE", &vec);
    assert_name("w2:<C> critique");
    assert_name("w2:critique <T>");
    assert_name("wl:critique");
    assert_name("wr:depuis");
    assert_no_name("w2:critique <C>");
    /* Several mentions of one other country, and other numbers. */
    vectorize_explained(vz, "Londres et Moscou, 3,5 % et 12 000 soldats à Moscou", "GB", &vec);
    assert_name("w1:<C>");
    assert_name("w1:<N>");
    ck_assert_msg(!name_contains("moscou"), "Moscou leaks:%s", names.s);
}
END_TEST

START_TEST(window_differs_per_target)
{
    vz = vectorizer(NULL, 1);
    const char *text = "Londres refuse tout dialogue avec nous depuis des années et ne dit rien, "
                       "mais nous saluons la décision prise hier par Berlin sur ce dossier";
    struct fx_vec de;
    fx_vec_init(&de);
    vectorize_explained(vz, text, "GB", &vec);
    assert_name("wr:refuse");
    assert_name("wr:dialogue");
    assert_no_name("wl:decision");
    assert_no_name("wr:dossier");
    char *gb = strdup(names.s);
    vectorize_explained(vz, text, "DE", &de);
    assert_name("wl:decision");
    assert_name("wl:par");
    assert_name("wr:dossier");
    assert_no_name("wr:refuse");
    assert_no_name("wr:dialogue");
    ck_assert_msg(!vec_equal(&vec, &de), "one vector for two targets");
    /* Features away from both targets are shared: the statement's n-grams. */
    ck_assert_ptr_nonnull(strstr(gb, "\tw1:dialogue\t"));
    assert_name("w1:dialogue");
    free(gb);
    fx_vec_release(&de);
}
END_TEST

/* ---- shape ---- */

START_TEST(indices_sorted_and_in_range)
{
    static const char *const texts[][2] = {
        {"Londres ignore notre offre", "GB"},
        {"Londres critique Berlin depuis 2014, et Berlin répond à Londres.", "DE"},
        {"Londres critique Berlin depuis 2014, et Berlin répond à Londres.", "GB"},
        {"Nous ne saluons pas la décision très contestée de la France, du Royaume-Uni et de Pékin.", "CN"},
        {"France", "FR"},
        {"Очень длинное слово Londres ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа", "GB"},
    };
    static const char *const opts[] = {
        NULL, "word=1 char=0-0 window=0 bits=10 groups=31", "word=3 char=3-8 window=50 bits=12 groups=31",
    };
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
        struct fx_feat_opts o;
        fx_feat_opts_default(&o);
        if (opts[k])
            ck_assert_int_eq(fx_feat_opts_parse(&o, opts[k]), 0);
        struct fx_vectorizer *v = vectorizer(opts[k], 0);
        for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
            vectorize_with(v, texts[i][0], texts[i][1], &vec);
            ck_assert_uint_gt(vec.n, 0);
            assert_sorted(&vec, &o);
            double s = fx_vectorizer_sentiment(v);
            ck_assert_msg(s >= -1 && s <= 1, "sentiment %g", s);
        }
        fx_vectorizer_free(v);
    }
}
END_TEST

/* Counted groups: 1 + log tf, unit L2 norm per group. */
START_TEST(ngram_group_weights)
{
    vz = vectorizer("word=1 char=2-5 window=5 bits=20 groups=1", 1);
    vectorize_explained(vz, "Londres dit non non non et oui", "GB", &vec);
    double sq = 0, non = 0, oui = 0;
    for (size_t i = 0; i < vec.n; i++)
        sq += (double)vec.f[i].value * vec.f[i].value;
    ck_assert_double_eq_tol(sq, 1, 1e-5);
    const char *p = strstr(names.s, "\tw1:non\t"), *q = strstr(names.s, "\tw1:oui\t");
    ck_assert_ptr_nonnull(p);
    ck_assert_ptr_nonnull(q);
    non = strtod(p + 8, NULL);
    oui = strtod(q + 8, NULL);
    ck_assert_double_eq_tol(non / oui, 1 + log(3), 1e-4);
}
END_TEST

START_TEST(deterministic)
{
    const char *text = "Nous ne saluons pas la décision de Londres, mais Berlin a raison depuis 2014.";
    struct fx_vec a, b, c;
    fx_vec_init(&a);
    fx_vec_init(&b);
    fx_vec_init(&c);
    vz = vectorizer(NULL, 0);
    vectorize_with(vz, text, "GB", &a);
    /* Something else in between must leave no trace. */
    vectorize_with(vz, "Pékin salue très chaleureusement Moscou et la France, 1, 2, 3.", "RU", &c);
    vectorize_with(vz, text, "GB", &b);
    ck_assert_msg(vec_equal(&a, &b), "same vectorizer: %zu then %zu features", a.n, b.n);
    /* A fresh vectorizer, with names kept, gives the same bytes. */
    struct fx_vectorizer *v2 = vectorizer(NULL, 1);
    vectorize_with(v2, text, "GB", &c);
    ck_assert_msg(vec_equal(&a, &c), "explain changes the vector");
    fx_vectorizer_free(v2);
    /* The output vector's old contents are replaced. */
    vectorize_with(vz, "France", "FR", &c);
    vectorize_with(vz, text, "GB", &c);
    ck_assert_msg(vec_equal(&a, &c), "reused output vector differs");
    fx_vec_release(&a);
    fx_vec_release(&b);
    fx_vec_release(&c);
    fx_vectorizer_free(NULL);
}
END_TEST

/* ---- settings ---- */

START_TEST(feat_opts_round_trip)
{
    struct fx_feat_opts o, p;
    char buf[128];
    fx_feat_opts_default(&o);
    fx_feat_opts_format(&o, buf, sizeof buf);
    ck_assert_str_eq(buf, "word=3 char=3-5 window=5 bits=20 groups=31");
    memset(&p, 0x55, sizeof p);
    ck_assert_int_eq(fx_feat_opts_parse(&p, buf), 0);
    ck_assert_int_eq(p.word_max, 3);
    ck_assert_int_eq(p.char_min, 3);
    ck_assert_int_eq(p.char_max, 5);
    ck_assert_int_eq(p.window, 5);
    ck_assert_int_eq(p.hash_bits, 20);
    ck_assert_uint_eq(p.groups, FX_GROUP_ALL);

    struct fx_feat_opts q = {1, 0, 0, 0, 10, FX_GROUP_NGRAM | FX_GROUP_PAIR, {1, 1, 1, 1, 1, 1}};
    fx_feat_opts_format(&q, buf, sizeof buf);
    ck_assert_int_eq(fx_feat_opts_parse(&p, buf), 0);
    ck_assert_int_eq(p.word_max, 1);
    ck_assert_int_eq(p.char_min, 0);
    ck_assert_int_eq(p.char_max, 0);
    ck_assert_int_eq(p.window, 0);
    ck_assert_int_eq(p.hash_bits, 10);
    ck_assert_uint_eq(p.groups, 17);
    char again[128];
    fx_feat_opts_format(&p, again, sizeof again);
    ck_assert_str_eq(again, buf);

    q = (struct fx_feat_opts){2, 3, 4, 7, 16, FX_GROUP_CHAR, {1, 1, 1, 1, 1, 1}};
    fx_feat_opts_format(&q, buf, sizeof buf);
    ck_assert_str_eq(buf, "word=2 char=3-4 window=7 bits=16 groups=2");
    ck_assert_int_eq(fx_feat_opts_parse(&p, buf), 0);
    ck_assert_int_eq(memcmp(&p, &q, sizeof p), 0);

    /* Group weights other than 1 are written, and read back exactly. */
    q.scale[FX_SCALE_CHAR] = 0.5f;
    q.scale[FX_SCALE_LEXSUM] = 2.25f;
    fx_feat_opts_format(&q, buf, sizeof buf);
    ck_assert_str_eq(buf, "word=2 char=3-4 window=7 bits=16 groups=2 scale=1,0.5,1,2.25,1,1");
    ck_assert_int_eq(fx_feat_opts_parse(&p, buf), 0);
    ck_assert_int_eq(memcmp(&p, &q, sizeof p), 0);
}
END_TEST

START_TEST(feat_opts_rejects_bad_strings)
{
    static const char *const bad[] = {
        "",
        "word=3",
        "word=3 char=2-5 window=5 bits=20",
        "word=3 char=2-5 window=5 bits=20 groups=31 extra",
        "word=3 char=2-5 window=5 bits=20 groups=31 scale=1,1,1,1,1",
        "word=3 char=2-5 window=5 bits=20 groups=31 scale=1,1,1,1,1,1,1",
        "word=3 char=2-5 window=5 bits=20 groups=31 scale=1,1,0,1,1,1",
        "word=3 char=2-5 window=5 bits=20 groups=31 scale=1,1,nan,1,1,1",
        "word=3 char=2-5 window=5 bits=20 groups=31 scale=1,1,1,1,1,1 ",
        "word=3 char=2-5 window=5 bits=20 groups=31\n",
        "word=3 char=2-5 window=5 bits=20 groups=",
        "word=x char=2-5 window=5 bits=20 groups=31",
        "word=0 char=2-5 window=5 bits=20 groups=31",
        "word=-1 char=2-5 window=5 bits=20 groups=31",
        "word=3 char=5-2 window=5 bits=20 groups=31",
        "word=3 char=-1-5 window=5 bits=20 groups=31",
        "word=3 char=2-5 window=-1 bits=20 groups=31",
        "word=3 char=2-5 window=5 bits=9 groups=31",
        "word=3 char=2-5 window=5 bits=29 groups=31",
        "word=3 char=2-5 window=5 bits=64 groups=31",
        "word=3 char=2-5 window=5 bits=20 groups=0",
        "word=3 char=2-5 window=5 bits=20 groups=32",
        "word=3 char=2-5 window=5 bits=20 groups=-1",
        "bits=20 word=3 char=2-5 window=5 groups=31",
        "word=3 char=2 window=5 bits=20 groups=31",
        "word=3;char=2-5;window=5;bits=20;groups=31",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct fx_feat_opts o;
        fx_feat_opts_default(&o);
        ck_assert_msg(fx_feat_opts_parse(&o, bad[i]) == FX_EFORMAT, "'%s' accepted", bad[i]);
    }
}
END_TEST

/* Every feature name of the last explained vector starts with one of the
 * prefixes. */
static void assert_only(const char *const *prefixes, const char *what)
{
    size_t n = 0;
    for (const char *l = names.s; (l = strchr(l, '\n')) && l[1]; l++, n++) {
        const char *name = strchr(l + 1, '\t');
        ck_assert_ptr_nonnull(name);
        name++;
        int ok = 0;
        for (const char *const *p = prefixes; *p && !ok; p++)
            ok = strncmp(name, *p, strlen(*p)) == 0;
        ck_assert_msg(ok, "%s: feature '%.40s'", what, name);
    }
    ck_assert_msg(n > 0, "%s: no features", what);
}

START_TEST(group_selection)
{
    static const char *const ngram[] = {"w1:", "w2:", "w3:", NULL};
    static const char *const chars[] = {"c:", NULL};
    static const char *const window[] = {"wl:", "wr:", "wl2:", "wr2:", "s1:", "s2:", NULL};
    static const char *const lexicon[] = {"lex:", "win:", "cp:", NULL};
    static const char *const pair[] = {"kind:", "own-country", "countries:", "target-mentions", "bias", NULL};
    static const char *const ngram_pair[] = {"w1:", "w2:", "w3:", "kind:", "own-country", "countries:",
                                             "target-mentions", "bias", NULL};
    const char *text = "Nous ne saluons pas la décision très contestée de Londres et de Berlin en 2014.";
    struct fx_vec all;
    fx_vec_init(&all);
    struct fx_vectorizer *v = vectorizer(NULL, 0);
    vectorize_with(v, text, "GB", &all);
    double sentiment = fx_vectorizer_sentiment(v);
    fx_vectorizer_free(v);

    static const struct {
        const char *opts;
        const char *const *prefixes;
        uint32_t lo, hi;    /* index range */
    } cases[] = {
        {"word=3 char=3-5 window=5 bits=20 groups=1", ngram, FX_VEC_DENSE + 1, UINT32_MAX},
        {"word=3 char=3-5 window=5 bits=20 groups=2", chars, FX_VEC_DENSE + 1, UINT32_MAX},
        {"word=3 char=3-5 window=5 bits=20 groups=4", window, FX_VEC_DENSE + 1, UINT32_MAX},
        /* Lexicon sums are dense; cue positions are hashed. */
        {"word=3 char=3-5 window=5 bits=20 groups=8", lexicon, 1, UINT32_MAX},
        {"word=3 char=3-5 window=5 bits=20 groups=16", pair, 1, FX_VEC_DENSE},
        {"word=3 char=3-5 window=5 bits=20 groups=17", ngram_pair, 1, UINT32_MAX},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        v = vectorizer(cases[k].opts, 1);
        vectorize_explained(v, text, "GB", &vec);
        assert_only(cases[k].prefixes, cases[k].opts);
        size_t differ = 0;
        for (size_t i = 0; i < vec.n; i++) {
            ck_assert_msg(vec.f[i].index >= cases[k].lo && vec.f[i].index <= cases[k].hi,
                          "%s: index %u", cases[k].opts, vec.f[i].index);
            /* A selected group is as in the full vector, each group being
             * normalised on its own; a hash collision with another group
             * (a few in 2^20) sums two values. */
            size_t j = 0;
            while (j < all.n && all.f[j].index != vec.f[i].index)
                j++;
            ck_assert_msg(j < all.n, "%s: index %u not in the full vector", cases[k].opts,
                          vec.f[i].index);
            differ += fabsf(all.f[j].value - vec.f[i].value) > 1e-6f;
        }
        ck_assert_msg(differ <= 2, "%s: %zu values differ from the full vector", cases[k].opts, differ);
        /* The sentiment does not depend on the groups. */
        ck_assert_double_eq_tol(fx_vectorizer_sentiment(v), sentiment, 1e-12);
        fx_vectorizer_free(v);
    }
    /* groups=1 with word=1: unigrams only. */
    static const char *const w1[] = {"w1:", NULL};
    v = vectorizer("word=1 char=2-5 window=5 bits=20 groups=1", 1);
    vectorize_explained(v, text, "GB", &vec);
    assert_only(w1, "word=1");
    fx_vectorizer_free(v);
    fx_vec_release(&all);
}
END_TEST

/* A free-text target not written out in full: each of its longer words
 * marks the target, in text order and once a token, whatever the order
 * and repetition of the words (a fuzzed input crashed on repeats). */
START_TEST(free_target_words)
{
    const char *text = "Mandates, vaccine rules and mandates: the vaccine mandates of "
                       "mandates with vaccine.";
    struct fx_buf folded;
    fx_buf_init(&folded);
    const char *target = "the mandates rules vaccine with vaccine";
    ck_assert_int_eq(fx_buf_add(&folded, "", 0), 0);
    ck_assert_int_ge(fx_fold_phrase(tz, target, strlen(target), &folded), 0);
    ck_assert_int_eq(fx_article_analyse_text(&fe, tz, &art, text, strlen(text), 0), 0);
    ck_assert_int_eq(fx_record_pair(&art, target, folded.s, -1, -1, &ps), 0);
    const struct fx_pair_view *p = &ps.p[0].view;
    /* mandates rules vaccine: 8 tokens of the text; "with" and "the" are
     * function words. */
    ck_assert_uint_eq(p->ntarget, 8);
    for (size_t k = 0; k < p->ntarget; k++) {
        ck_assert_uint_eq(p->target[k].t1, p->target[k].t0 + 1);
        if (k)
            ck_assert_uint_gt(p->target[k].t0, p->target[k - 1].t0);
    }
    vz = vectorizer(NULL, 1);
    ck_assert_int_eq(fx_vectorize(vz, &art.doc, p, &vec), 0);
    names.len = 0;
    ck_assert_int_eq(fx_buf_add(&names, "\n", 1), 0);
    ck_assert_int_eq(fx_vectorizer_explain(vz, &names), 0);
    assert_name("w1:<T>");
    assert_name("target-free");
    assert_no_name("target-absent");
    /* Written nowhere: absent. */
    const char *other = "Nothing here names it.";
    ck_assert_int_eq(fx_article_analyse_text(&fe, tz, &art, other, strlen(other), 0), 0);
    ck_assert_int_eq(fx_record_pair(&art, target, folded.s, -1, -1, &ps), 0);
    ck_assert_uint_eq(ps.p[0].view.ntarget, 0);
    ck_assert_int_eq(fx_vectorize(vz, &art.doc, &ps.p[0].view, &vec), 0);
    names.len = 0;
    ck_assert_int_eq(fx_buf_add(&names, "\n", 1), 0);
    ck_assert_int_eq(fx_vectorizer_explain(vz, &names), 0);
    assert_name("target-absent");
    fx_buf_release(&folded);
}
END_TEST

START_TEST(explain_lines)
{
    vz = vectorizer(NULL, 1);
    vectorize_explained(vz, "Londres ignore notre offre", "GB", &vec);
    /* Every line: index, name, value; every value that of the vector. */
    size_t lines = 0;
    for (const char *l = names.s + 1; *l; lines++) {
        char *end;
        unsigned long idx = strtoul(l, &end, 10);
        ck_assert_msg(end > l && *end == '\t', "line '%.40s'", l);
        const char *t2 = strchr(end + 1, '\t');
        ck_assert_ptr_nonnull(t2);
        ck_assert_msg(t2 > end + 1, "empty name on line '%.40s'", l);
        double v = strtod(t2 + 1, &end);
        ck_assert_msg(end > t2 + 1 && *end == '\n', "line '%.40s'", l);
        size_t j = 0;
        while (j < vec.n && vec.f[j].index != idx)
            j++;
        ck_assert_msg(j < vec.n, "index %lu not in the vector", idx);
        ck_assert_double_eq_tol(v, vec.f[j].value, 1e-5 * fmax(1, fabs(v)));
        l = end + 1;
    }
    ck_assert_uint_ge(lines, vec.n);
    assert_name("kind:capital");
    assert_name("bias");
    assert_name("lex:crit");
}
END_TEST

Suite *vector_suite(void)
{
    Suite *s = suite_create("vector");
    TCase *tc = tcase_create("placeholders");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, capital_targets_share_features);
    tcase_add_test(tc, target_becomes_placeholder);
    tcase_add_test(tc, other_countries_and_numbers);
    tcase_add_test(tc, window_differs_per_target);
    suite_add_tcase(s, tc);

    tc = tcase_create("shape");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, indices_sorted_and_in_range);
    tcase_add_test(tc, ngram_group_weights);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, explain_lines);
    tcase_add_test(tc, free_target_words);
    suite_add_tcase(s, tc);

    tc = tcase_create("settings");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, feat_opts_round_trip);
    tcase_add_test(tc, feat_opts_rejects_bad_strings);
    tcase_add_test(tc, group_selection);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(vector_suite());
}
