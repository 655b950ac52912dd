/* model.h - the one model file: everything prediction needs.
 *
 * A line-oriented text file: a magic line with the format version, the
 * feature settings, the gazetteer's fingerprint, the lexicon source itself,
 * the labels and the SVM (libsvm's C-SVC structure: labels in model order,
 * rho, Platt parameters, support vectors with their coefficients), and a
 * last line with an FNV-1a checksum of all the bytes before it. Loading
 * checks every part and refuses a truncated, corrupted, foreign or newer
 * file; nothing of libsvm's own trusting loader is used. Saving writes a
 * temporary file beside the target and renames it, so a failed save leaves
 * the previous model in place.
 *
 * For the linear kernel the support vectors are folded into one weight
 * vector per pairwise classifier, so a prediction costs one sparse dot
 * product per classifier. The file keeps both: the folded weights (what a
 * prediction loads, a fifth of the numbers) and the support vectors
 * (parsed only when asked for, with fx_model_svs, or for the RBF kernel). */
#ifndef FX_MODEL_H
#define FX_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "vector.h"

/* 2: word n-grams hashed from their words' hashes (version 1 models
 * index the same features elsewhere, so they are refused). */
#define FX_MODEL_VERSION 2
#define FX_MODEL_MAX_CLASS 3
#define FX_MODEL_NPAIR 3

enum fx_kernel { FX_KERNEL_LINEAR = 0, FX_KERNEL_RBF = 2 };

struct fx_model {
    struct fx_feat_opts feat;
    char *lexicon;              /* lexicon source (fx_lexicon_parse input) */
    size_t lexicon_len;
    char gazetteer[32];         /* fingerprint of the gazetteer trained with */
    int kernel;
    double gamma, C;
    int nr_class;
    int label[FX_MODEL_MAX_CLASS];   /* fx_labels index of each model class */
    int nsv[FX_MODEL_MAX_CLASS];
    double rho[FX_MODEL_NPAIR], probA[FX_MODEL_NPAIR], probB[FX_MODEL_NPAIR];
    size_t l;                   /* support vectors */
    struct fx_vec *sv;
    double *coef;               /* l * (nr_class - 1), row-major by SV */
    /* Linear: the folded weights. wmap (dim entries) gives each feature
     * index its row in w (npair doubles a row), 0 for none: a small map
     * and a compact array, filled in one pass at load. NULL for RBF. */
    uint32_t *wmap;
    double *w;
    size_t wused, wcap;         /* rows; row 0 is unused */
    size_t dim;                 /* 1 + FX_VEC_DENSE + 2^hash_bits */
    /* A loaded model keeps its file until the support vectors are parsed. */
    char *raw;
    char *sv_text, *sv_end;     /* the support vector lines, unparsed */
    size_t sv_line;             /* line number of the first one */
};

/* An empty model to fill (the trainer). NULL on FX_ENOMEM. */
struct fx_model *fx_model_create(void);
void fx_model_free(struct fx_model *m);

/* Saves atomically. Returns 0 or FX_EIO (errno set) / FX_ENOMEM. */
int fx_model_save(const struct fx_model *m, const char *path);

/* Loads and validates. Returns the model or NULL with *err set and msg
 * saying what is wrong ("'x.model': truncated"). Caller frees with
 * fx_model_free. */
struct fx_model *fx_model_load(const char *path, int *err, char *msg, size_t msglen);

/* Builds the folded weights of a linear model from its support vectors.
 * Returns 0 or FX_ENOMEM. */
int fx_model_fold(struct fx_model *m);

/* Parses the support vectors of a loaded model, if not done yet (saving and
 * libsvm conversions need them; linear prediction does not). Returns 0 or
 * FX_EFORMAT / FX_ENOMEM with msg filled. */
int fx_model_svs(struct fx_model *m, char *msg, size_t msglen);

/* Pairwise decision values of x, in model order (0-1, 0-2, 1-2). */
void fx_model_decision(const struct fx_model *m, const struct fx_vec *x, double *dec);

/* Class probabilities of x by fx_labels index (cooperative, critical,
 * neutral), summing to 1, from the Platt sigmoids and pairwise coupling.
 * Returns the fx_labels index of the highest. */
int fx_model_predict(const struct fx_model *m, const struct fx_vec *x, double prob[3]);

/* The same from pairwise decision values already computed (model order). */
int fx_model_probability(const struct fx_model *m, const double *dec, double prob[3]);

/* Platt's sigmoid P(y = +1 | f) = 1 / (1 + exp(A f + B)), fitted to
 * decision values f with labels y (+1 / -1) by Newton's method with
 * backtracking, with Platt's smoothed targets. */
void fx_platt_fit(const double *f, const int *y, size_t n, double *A, double *B);
double fx_platt_predict(double f, double A, double B);

/* Pairwise coupling (Wu, Lin and Weng 2004, method 2): class
 * probabilities p[k] from pairwise probabilities r[i][j] = P(i | i or j). */
void fx_pairwise_coupling(int k, double r[FX_MODEL_MAX_CLASS][FX_MODEL_MAX_CLASS], double *p);

#endif
