/* fit.h - fitting the SVM: kernel once, grid by grouped cross-validation,
 * Platt sigmoids from the cross-validation decision values.
 *
 * The kernel matrix is computed once (linear; RBF is derived from it) and
 * handed to libsvm as a precomputed kernel (-t 4) shared by every fold and
 * every C: each fold's problem only points at rows of the one table. libsvm's
 * own probability pass (five more internal fits per model) is replaced by
 * sigmoids fitted on the decision values the grid already computed. Folds
 * keep articles whole and are drawn with a fixed seed; jobs run on a thread
 * pool and write disjoint slices, so results do not depend on the number of
 * threads. */
#ifndef TRAIN_FIT_H
#define TRAIN_FIT_H

#include <stddef.h>

#include "dataset.h"
#include "model.h"

#define FIT_MAX_GRID 16

struct fit_opts {
    int kernel;             /* FX_KERNEL_LINEAR or FX_KERNEL_RBF */
    double C[FIT_MAX_GRID], gamma[FIT_MAX_GRID];
    int nC, ngamma;
    int folds;
    unsigned seed;
    int threads;
    int balanced;           /* class weights n / (k * n_c) */
    int progress;           /* draw a progress line on stderr */
};

struct fit_result {
    double C, gamma;
    double f1_mean, f1_std;     /* cross-validated macro-F1 at the chosen point */
    double accuracy;
    int confusion[3][3];        /* gold x predicted, cross-validated */
    double seconds;
};

void fit_opts_default(struct fit_opts *o);

/* Fits ds into model m (feature options, lexicon and gazetteer already set
 * by the caller). Returns 0, FX_ENOMEM, or FX_ERANGE when ds has fewer than
 * two labels or fewer groups than folds (msg says which). */
int fit_train(const struct fx_dataset *ds, const struct fit_opts *o,
              struct fx_model *m, struct fit_result *res, char *msg, size_t msglen);

#endif
