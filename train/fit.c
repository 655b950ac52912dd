/* fit.c - kernel matrix, grouped cross-validation grid, final fit. */
#include "fit.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libsvm/svm.h>

#include "corpus.h"

void fit_opts_default(struct fit_opts *o)
{
    static const double C[] = {0.03, 0.1, 0.3, 1, 3, 10};
    static const double g[] = {0.1, 0.3, 1};
    memset(o, 0, sizeof *o);
    o->kernel = FX_KERNEL_LINEAR;
    o->nC = (int)(sizeof C / sizeof *C);
    memcpy(o->C, C, sizeof C);
    o->ngamma = (int)(sizeof g / sizeof *g);
    memcpy(o->gamma, g, sizeof g);
    o->folds = 5;
    o->seed = 1;
    o->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (o->threads < 1)
        o->threads = 1;
    o->balanced = 1;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Canonical pair index of labels a < b (0..2). */
static int pair_index(int a, int b)
{
    return a == 0 ? b - 1 : 2;
}

/* ---- the kernel matrix ---- */

struct gram_job {
    const struct fx_dataset *ds;
    double *K;
    size_t dim, next;
    pthread_mutex_t lock;
};

static void *gram_worker(void *arg)
{
    struct gram_job *g = arg;
    size_t n = g->ds->n;
    float *dense = calloc(g->dim, sizeof *dense);
    if (!dense)
        return (void *)1;
    for (;;) {
        pthread_mutex_lock(&g->lock);
        size_t i = g->next++;
        pthread_mutex_unlock(&g->lock);
        if (i >= n)
            break;
        const struct fx_vec *xi = &g->ds->ex[i].x;
        for (size_t k = 0; k < xi->n; k++)
            dense[xi->f[k].index] = xi->f[k].value;
        for (size_t j = i; j < n; j++) {
            const struct fx_vec *xj = &g->ds->ex[j].x;
            double s = 0;
            for (size_t k = 0; k < xj->n; k++)
                s += (double)dense[xj->f[k].index] * xj->f[k].value;
            g->K[i * n + j] = g->K[j * n + i] = s;
        }
        for (size_t k = 0; k < xi->n; k++)
            dense[xi->f[k].index] = 0;
    }
    free(dense);
    return NULL;
}

static double *gram(const struct fx_dataset *ds, size_t dim, int threads)
{
    size_t n = ds->n;
    struct gram_job g = {ds, malloc(n * n * sizeof(double)), dim, 0, PTHREAD_MUTEX_INITIALIZER};
    if (!g.K)
        return NULL;
    pthread_t th[64];
    int nt = threads < 64 ? threads : 64, ok = 1;
    for (int t = 0; t < nt; t++)
        if (pthread_create(&th[t], NULL, gram_worker, &g))
            nt = t;
    if (nt == 0)
        ok = gram_worker(&g) == NULL;
    for (int t = 0; t < nt; t++) {
        void *r;
        pthread_join(th[t], &r);
        ok &= r == NULL;
    }
    if (!ok) {
        free(g.K);
        return NULL;
    }
    return g.K;
}

/* Rows for libsvm's precomputed kernel: node 0 holds the 1-based serial,
 * node j the kernel with example j. One table serves every fold. */
static struct svm_node *kernel_rows(const double *K, size_t n, int kernel, double gamma)
{
    struct svm_node *rows = malloc(n * (n + 2) * sizeof *rows);
    if (!rows)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        struct svm_node *r = rows + i * (n + 2);
        r[0].index = 0;
        r[0].value = (double)(i + 1);
        for (size_t j = 0; j < n; j++) {
            double k = K[i * n + j];
            if (kernel == FX_KERNEL_RBF)
                k = exp(-gamma * (K[i * n + i] + K[j * n + j] - 2 * k));
            r[j + 1].index = (int)(j + 1);
            r[j + 1].value = k;
        }
        r[n + 1].index = -1;
    }
    return rows;
}

/* ---- cross-validation ---- */

struct cv {
    const struct fx_dataset *ds;
    const struct fit_opts *o;
    struct svm_node *rows;
    int *fold;              /* per example */
    size_t *order;          /* examples sorted by label (stable) */
    double *dec;            /* [C][example][3] canonical decision values */
    double gamma;
    int njobs, next, done, failed;
    pthread_mutex_t lock;
    double t0;
    int round, rounds;
};

/* Class weights n / (k n_c) for the labels present (libsvm warns about a
 * weight for a label it does not see). The arrays are the thread's own. */
static void set_weights(struct svm_parameter *p, const struct fx_dataset *ds,
                        const size_t *idx, size_t l, int balanced)
{
    static __thread int labels[3];
    static __thread double w[3];
    double cnt[3] = {0};
    int k = 0, present = 0;
    for (size_t i = 0; i < l; i++)
        cnt[ds->ex[idx[i]].label]++;
    for (int c = 0; c < 3; c++)
        present += cnt[c] > 0;
    for (int c = 0; c < 3; c++)
        if (cnt[c] > 0) {
            labels[k] = c + 1;
            w[k++] = balanced ? (double)l / ((double)present * cnt[c]) : 1;
        }
    p->nr_weight = k;
    p->weight_label = labels;
    p->weight = w;
}

static void base_param(struct svm_parameter *p)
{
    memset(p, 0, sizeof *p);
    p->svm_type = C_SVC;
    p->kernel_type = PRECOMPUTED;
    p->cache_size = 200;
    p->eps = 1e-3;
    p->shrinking = 1;
    p->probability = 0;
}

/* Canonical decision values from a model's own pair order. */
static void canonical(const struct svm_model *model, const double *raw, double *dec)
{
    dec[0] = dec[1] = dec[2] = 0;
    int p = 0, nc = svm_get_nr_class(model);
    int lab[3];
    svm_get_labels(model, lab);
    for (int i = 0; i < nc; i++)
        for (int j = i + 1; j < nc; j++, p++) {
            int a = lab[i] - 1, b = lab[j] - 1;
            if (a < b)
                dec[pair_index(a, b)] = raw[p];
            else
                dec[pair_index(b, a)] = -raw[p];
        }
}

static int run_job(struct cv *cv, int job)
{
    const struct fx_dataset *ds = cv->ds;
    int ci = job / cv->o->folds, f = job % cv->o->folds;
    size_t n = ds->n, l = 0;
    size_t *idx = malloc(n * sizeof *idx);
    double *y = malloc(n * sizeof *y);
    struct svm_node **x = malloc(n * sizeof *x);
    int rc = FX_ENOMEM;
    if (!idx || !y || !x)
        goto out;
    for (size_t k = 0; k < n; k++) {
        size_t i = cv->order[k];
        if (cv->fold[i] != f) {
            idx[l] = i;
            y[l] = ds->ex[i].label + 1;
            x[l] = cv->rows + i * (n + 2);
            l++;
        }
    }
    struct svm_problem prob = {(int)l, y, x};
    struct svm_parameter param;
    base_param(&param);
    param.C = cv->o->C[ci];
    set_weights(&param, ds, idx, l, cv->o->balanced);
    struct svm_model *model = svm_train(&prob, &param);
    if (!model)
        goto out;
    double raw[3];
    for (size_t i = 0; i < n; i++) {
        if (cv->fold[i] != f)
            continue;
        svm_predict_values(model, cv->rows + i * (n + 2), raw);
        canonical(model, raw, cv->dec + ((size_t)ci * n + i) * 3);
    }
    svm_free_and_destroy_model(&model);
    rc = 0;
out:
    free(idx);
    free(y);
    free(x);
    return rc;
}

static void progress(struct cv *cv)
{
    double el = now() - cv->t0;
    int done = cv->round * cv->njobs + cv->done, total = cv->rounds * cv->njobs;
    double eta = done ? el / done * (total - done) : 0;
    fprintf(stderr, "\rstance-train: fit %d/%d (C=%g%s) elapsed %.0fs ETA %.0fs   ",
            done, total, cv->o->C[(cv->done ? cv->done - 1 : 0) / cv->o->folds],
            cv->o->kernel == FX_KERNEL_RBF ? ", rbf" : "", el, eta);
}

static void *cv_worker(void *arg)
{
    struct cv *cv = arg;
    for (;;) {
        pthread_mutex_lock(&cv->lock);
        int job = cv->failed ? cv->njobs : cv->next++;
        pthread_mutex_unlock(&cv->lock);
        if (job >= cv->njobs)
            break;
        int rc = run_job(cv, job);
        pthread_mutex_lock(&cv->lock);
        cv->done++;
        if (rc)
            cv->failed = 1;
        if (cv->o->progress)
            progress(cv);
        pthread_mutex_unlock(&cv->lock);
    }
    return NULL;
}

static int run_cv(struct cv *cv)
{
    cv->njobs = cv->o->nC * cv->o->folds;
    cv->next = cv->done = cv->failed = 0;
    pthread_t th[64];
    int nt = cv->o->threads < 64 ? cv->o->threads : 64;
    if (nt > cv->njobs)
        nt = cv->njobs;
    int started = 0;
    for (int t = 0; t < nt; t++)
        if (pthread_create(&th[t], NULL, cv_worker, cv) == 0)
            started++;
    if (!started)
        cv_worker(cv);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    return cv->failed ? FX_ENOMEM : 0;
}

/* Platt parameters per canonical pair from the decision values of C ci. */
static void fit_sigmoids(const struct cv *cv, int ci, double *A, double *B)
{
    size_t n = cv->ds->n;
    double *f = malloc((n ? n : 1) * sizeof *f);
    int *y = malloc((n ? n : 1) * sizeof *y);
    for (int a = 0; a < 3; a++)
        for (int b = a + 1; b < 3; b++) {
            int p = pair_index(a, b);
            size_t m = 0;
            for (size_t i = 0; f && y && i < n; i++) {
                int lab = cv->ds->ex[i].label;
                if (lab != a && lab != b)
                    continue;
                f[m] = cv->dec[((size_t)ci * n + i) * 3 + (size_t)p];
                y[m++] = lab == a ? 1 : -1;
            }
            fx_platt_fit(f, y, m, &A[p], &B[p]);
        }
    free(f);
    free(y);
}

struct score {
    double mean, std, accuracy;
    int confusion[3][3];
};

static double macro_f1(int c[3][3])
{
    double sum = 0;
    for (int k = 0; k < 3; k++) {
        int tp = c[k][k], fp = 0, fn = 0;
        for (int j = 0; j < 3; j++)
            if (j != k) {
                fp += c[j][k];
                fn += c[k][j];
            }
        sum += tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
    }
    return sum / 3;
}

static void score_C(const struct cv *cv, int ci, struct fx_model *tmp, struct score *s)
{
    size_t n = cv->ds->n;
    int folds = cv->o->folds;
    int (*conf)[3][3] = calloc((size_t)folds, sizeof *conf);
    memset(s, 0, sizeof *s);
    fit_sigmoids(cv, ci, tmp->probA, tmp->probB);
    for (size_t i = 0; conf && i < n; i++) {
        double prob[3];
        int pred = fx_model_probability(tmp, cv->dec + ((size_t)ci * n + i) * 3, prob);
        conf[cv->fold[i]][cv->ds->ex[i].label][pred]++;
        s->confusion[cv->ds->ex[i].label][pred]++;
    }
    double sum = 0, sq = 0;
    for (int f = 0; conf && f < folds; f++) {
        double v = macro_f1(conf[f]);
        sum += v;
        sq += v * v;
    }
    s->mean = sum / folds;
    s->std = sqrt(fmax(0, sq / folds - s->mean * s->mean));
    int right = 0;
    for (int k = 0; k < 3; k++)
        right += s->confusion[k][k];
    s->accuracy = n ? (double)right / (double)n : 0;
    free(conf);
}

/* ---- folds ---- */

static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static int *make_folds(const struct fx_dataset *ds, int folds, unsigned seed)
{
    uint32_t ng = ds->ngroups;
    uint32_t *perm = malloc((ng ? ng : 1) * sizeof *perm);
    int *gfold = malloc((ng ? ng : 1) * sizeof *gfold);
    int *fold = malloc((ds->n ? ds->n : 1) * sizeof *fold);
    if (!perm || !gfold || !fold) {
        free(perm);
        free(gfold);
        free(fold);
        return NULL;
    }
    uint64_t s = 0x9E3779B97F4A7C15ULL ^ seed;
    for (uint32_t i = 0; i < ng; i++)
        perm[i] = i;
    for (uint32_t i = ng; i > 1; i--) {
        uint32_t j = (uint32_t)(rng_next(&s) % i);
        uint32_t t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    for (uint32_t i = 0; i < ng; i++)
        gfold[perm[i]] = (int)(i % (uint32_t)folds);
    for (size_t i = 0; i < ds->n; i++)
        fold[i] = gfold[ds->ex[i].group];
    free(perm);
    free(gfold);
    return fold;
}

static size_t *label_order(const struct fx_dataset *ds)
{
    size_t *order = malloc((ds->n ? ds->n : 1) * sizeof *order), k = 0;
    for (int lab = 0; order && lab < 3; lab++)
        for (size_t i = 0; i < ds->n; i++)
            if (ds->ex[i].label == lab)
                order[k++] = i;
    return order;
}

/* ---- the final model ---- */

static int final_fit(const struct fx_dataset *ds, struct svm_node *rows, const size_t *order,
                     double C, int balanced, const double *A, const double *B, struct fx_model *m)
{
    size_t n = ds->n;
    double *y = malloc(n * sizeof *y);
    struct svm_node **x = malloc(n * sizeof *x);
    int rc = FX_ENOMEM;
    struct svm_model *model = NULL;
    if (!y || !x)
        goto out;
    for (size_t k = 0; k < n; k++) {
        y[k] = ds->ex[order[k]].label + 1;
        x[k] = rows + order[k] * (n + 2);
    }
    struct svm_problem prob = {(int)n, y, x};
    struct svm_parameter param;
    base_param(&param);
    param.C = C;
    set_weights(&param, ds, order, n, balanced);
    if (!(model = svm_train(&prob, &param)))
        goto out;
    int nc = svm_get_nr_class(model), lab[3];
    svm_get_labels(model, lab);
    m->nr_class = nc;
    m->C = C;
    m->l = (size_t)model->l;
    for (int i = 0; i < nc; i++) {
        m->label[i] = lab[i] - 1;
        m->nsv[i] = model->nSV[i];
    }
    int p = 0;
    for (int i = 0; i < nc; i++)
        for (int j = i + 1; j < nc; j++, p++) {
            int a = m->label[i], b = m->label[j], cp = pair_index(a < b ? a : b, a < b ? b : a);
            m->rho[p] = model->rho[p];
            /* Labels come out ascending because the data is sorted by label;
             * a reversed pair would flip the sigmoid's sign. */
            m->probA[p] = a < b ? A[cp] : -A[cp];
            m->probB[p] = B[cp];
        }
    m->sv = calloc(m->l ? m->l : 1, sizeof *m->sv);
    m->coef = calloc((m->l ? m->l : 1) * (size_t)(nc - 1), sizeof *m->coef);
    if (!m->sv || !m->coef)
        goto out;
    for (size_t s = 0; s < m->l; s++) {
        size_t serial = (size_t)model->SV[s][0].value - 1;
        const struct fx_vec *src = &ds->ex[serial].x;
        fx_vec_init(&m->sv[s]);
        m->sv[s].f = malloc((src->n ? src->n : 1) * sizeof *src->f);
        if (!m->sv[s].f)
            goto out;
        memcpy(m->sv[s].f, src->f, src->n * sizeof *src->f);
        m->sv[s].n = m->sv[s].cap = src->n;
        for (int k = 0; k < nc - 1; k++)
            m->coef[s * (size_t)(nc - 1) + (size_t)k] = model->sv_coef[k][s];
    }
    rc = 0;
out:
    svm_free_and_destroy_model(&model);
    free(y);
    free(x);
    return rc;
}

int fit_train(const struct fx_dataset *ds, const struct fit_opts *o,
              struct fx_model *m, struct fit_result *res, char *msg, size_t msglen)
{
    double t0 = now();
    int labels[3] = {0};
    for (size_t i = 0; i < ds->n; i++)
        labels[ds->ex[i].label] = 1;
    if (labels[0] + labels[1] + labels[2] < 2) {
        snprintf(msg, msglen, "training data needs at least two different labels");
        return FX_ERANGE;
    }
    if (ds->ngroups < (uint32_t)o->folds) {
        snprintf(msg, msglen, "%u articles or pairs are too few for %d folds", ds->ngroups, o->folds);
        return FX_ERANGE;
    }
    size_t dim = 1 + FX_VEC_DENSE + ((size_t)1 << m->feat.hash_bits);
    int rc = FX_ENOMEM;
    struct cv cv = {.ds = ds, .o = o, .lock = PTHREAD_MUTEX_INITIALIZER, .t0 = t0};
    double *K = gram(ds, dim, o->threads);
    struct fx_model *tmp = fx_model_create();
    cv.fold = make_folds(ds, o->folds, o->seed);
    cv.order = label_order(ds);
    cv.dec = malloc((size_t)o->nC * ds->n * 3 * sizeof *cv.dec);
    int ng = o->kernel == FX_KERNEL_RBF ? o->ngamma : 1;
    struct score best = {.mean = -1};
    int best_c = 0, best_g = 0;
    double bestA[3] = {0}, bestB[3] = {0};
    if (!K || !tmp || !cv.fold || !cv.order || !cv.dec)
        goto out;
    tmp->nr_class = 3;
    for (int i = 0; i < 3; i++)
        tmp->label[i] = i;
    cv.rounds = ng;
    for (int g = 0; g < ng; g++) {
        cv.round = g;
        cv.gamma = o->kernel == FX_KERNEL_RBF ? o->gamma[g] : 0;
        cv.rows = kernel_rows(K, ds->n, o->kernel, cv.gamma);
        if (!cv.rows || run_cv(&cv)) {
            free(cv.rows);
            goto out;
        }
        free(cv.rows);
        cv.rows = NULL;
        for (int c = 0; c < o->nC; c++) {
            struct score s;
            score_C(&cv, c, tmp, &s);
            if (s.mean > best.mean + 1e-12) {
                best = s;
                best_c = c;
                best_g = g;
                memcpy(bestA, tmp->probA, sizeof bestA);
                memcpy(bestB, tmp->probB, sizeof bestB);
            }
        }
    }
    if (o->progress)
        fputc('\n', stderr);
    m->kernel = o->kernel;
    m->gamma = o->kernel == FX_KERNEL_RBF ? o->gamma[best_g] : 0;
    struct svm_node *rows = kernel_rows(K, ds->n, o->kernel, m->gamma);
    if (!rows)
        goto out;
    rc = final_fit(ds, rows, cv.order, o->C[best_c], o->balanced, bestA, bestB, m);
    free(rows);
    if (!rc && m->kernel == FX_KERNEL_LINEAR)
        rc = fx_model_fold(m);
    res->C = o->C[best_c];
    res->gamma = m->gamma;
    res->f1_mean = best.mean;
    res->f1_std = best.std;
    res->accuracy = best.accuracy;
    memcpy(res->confusion, best.confusion, sizeof res->confusion);
    res->seconds = now() - t0;
out:
    if (rc == FX_ENOMEM)
        snprintf(msg, msglen, "out of memory (%zu pairs need a %zu MB kernel table)", ds->n,
                 ds->n * (ds->n + 2) * sizeof(struct svm_node) >> 20);
    free(K);
    free(cv.fold);
    free(cv.order);
    free(cv.dec);
    fx_model_free(tmp);
    return rc;
}
