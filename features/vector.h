/* vector.h - a (statement, target) pair to a sparse feature vector.
 *
 * Feature groups, each weighted by sublinear term counts (1 + log tf) and
 * L2-normalised on its own so that no group drowns the others:
 *   ngram   word 1- to 3-grams of the statement, case-folded, with the
 *           target's mentions replaced by <T>, other countries' by <C>,
 *           numbers by <N> (so « Londres ignore notre offre » and « Pékin
 *           ignore notre offre » share their features);
 *   char    character 3- to 5-grams inside words (French and Russian
 *           morphology, misspellings);
 *   window  word 1- and 2-grams within a few tokens left and right of each
 *           target mention, so one quote can get two labels, and the 1-
 *           and 2-grams of the sentences that name the target (s1:, s2:);
 *   lexicon cue sums per category over the statement and over the window,
 *           negation applied, and the statement's sentiment;
 *   pair    how the target is named, whether it is the speaker's own
 *           country, how many countries the statement names, and for a
 *           free-text target its words.
 * Dense features take indices 1..FX_VEC_DENSE; hashed ones (FNV-1a with a
 * fixed seed) the rest, so indices are stable across runs and machines. */
#ifndef FX_VECTOR_H
#define FX_VECTOR_H

#include <stddef.h>
#include <stdint.h>

#include "fx.h"
#include "lexicon.h"
#include "text.h"

#define FX_VEC_DENSE 32

enum {
    FX_GROUP_NGRAM = 1, FX_GROUP_CHAR = 2, FX_GROUP_WINDOW = 4,
    FX_GROUP_LEXICON = 8, FX_GROUP_PAIR = 16, FX_GROUP_ALL = 31
};

/* The blocks of a vector that get a weight of their own: the lexicon
 * sums are always there, the cue positions come with FX_GROUP_LEXICON. */
enum {
    FX_SCALE_NGRAM, FX_SCALE_CHAR, FX_SCALE_WINDOW, FX_SCALE_LEXSUM,
    FX_SCALE_CUES, FX_SCALE_PAIR, FX_NSCALE
};

struct fx_feat_opts {
    int word_max;           /* longest word n-gram (1..3) */
    int char_min, char_max; /* character n-gram lengths (0 = none) */
    int window;             /* tokens each side of a target mention */
    int hash_bits;          /* hashed space is 2^hash_bits */
    unsigned groups;        /* FX_GROUP_* */
    /* Each group's weight after normalisation, in the order of
     * FX_SCALE_*: the geometry the SVM sees (all 1 by default). */
    float scale[FX_NSCALE];
};

/* The defaults: 1-3 words, 3-5 chars, window 5, 2^20, all groups (the
 * 2-grams cost a fifth of the time and measured nothing on the corpus). */
void fx_feat_opts_default(struct fx_feat_opts *o);

/* Writes "word=3 char=3-5 window=5 bits=20 groups=31" into buf, then
 * " scale=a,b,c,d,e,f" when a weight is not 1. */
void fx_feat_opts_format(const struct fx_feat_opts *o, char *buf, size_t len);

/* Parses what fx_feat_opts_format writes. Returns 0 or FX_EFORMAT. */
int fx_feat_opts_parse(struct fx_feat_opts *o, const char *s);

struct fx_span {
    uint32_t t0, t1;        /* tokens, half open */
    uint8_t kind;           /* fx_mention_kind, or FX_KIND_COUNT for free text */
};

/* One pair as the vectoriser sees it. */
struct fx_pair_view {
    uint32_t t0, t1;                /* the statement's tokens */
    const struct fx_span *target;   /* the target's mentions, in order */
    size_t ntarget;
    const struct fx_span *other;    /* other countries' mentions */
    size_t nother;
    int ncountries;                 /* distinct countries named */
    int own;                        /* the speaker's own country */
    const char *free_target;        /* folded free-text target, or NULL */
};

struct fx_feature {
    uint32_t index;
    float value;
};

struct fx_vec {
    struct fx_feature *f;
    size_t n, cap;
};

void fx_vec_init(struct fx_vec *v);
void fx_vec_release(struct fx_vec *v);

/* Scratch space of one thread. */
struct fx_vectorizer;

/* Returns a vectoriser for these options and lexicon (borrowed, must
 * outlive it), or NULL on FX_ENOMEM. explain keeps each feature's readable
 * name. Caller frees with fx_vectorizer_free. */
struct fx_vectorizer *fx_vectorizer_create(const struct fx_feat_opts *o,
                                           const struct fx_lexicon *lx, int explain);
void fx_vectorizer_free(struct fx_vectorizer *vz);

/* For a vectoriser whose vectors only go into dot products (the model's
 * decision): fx_vectorize leaves them in group order, unsorted, and an
 * index two groups share appears twice, which a dot product does not
 * mind. Saves the sort, a tenth of a prediction. Not with explain. */
void fx_vectorizer_unordered(struct fx_vectorizer *vz);

/* Computes the vector of pair p over doc, sorted by index, duplicates
 * summed (unless unordered), replacing what out held. Returns 0 or
 * FX_ENOMEM. */
int fx_vectorize(struct fx_vectorizer *vz, const struct fx_doc *doc,
                 const struct fx_pair_view *p, struct fx_vec *out);

/* The statement's sentiment in [-1, 1] from the last fx_vectorize. */
double fx_vectorizer_sentiment(const struct fx_vectorizer *vz);

/* With explain: the readable names of the last vector's features, as
 * "index name value" lines appended to out (several names can share an
 * index). Returns 0 or FX_ENOMEM. */
int fx_vectorizer_explain(const struct fx_vectorizer *vz, struct fx_buf *out);

#endif
