/* stance-train - fits a stance model on labelled JSON Lines.
 *
 * Keeps svm-train's letters where they mean the same (-t -c -g -v -q) and
 * its <input>.model default; -o names the model file. Without -c the grid
 * picks C (and gamma with -t 2) by grouped cross-validation on macro-F1. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsvm/svm.h>

#include "cli.h"
#include "article.h"
#include "corpus.h"
#include "dataset.h"
#include "fit.h"
#include "lexicon.h"
#include "model.h"

static const char usage[] =
    "usage: stance-train [options] FILE.jsonl...\n"
    "\n"
    "Trains a stance model on labelled articles or labelled pairs (the SPEC's\n"
    "JSON Lines formats, mixed freely) and writes one model file.\n"
    "\n"
    "  -o FILE         model file (default: the first input with .model added)\n"
    "  -t KERNEL       0 linear (default), 2 RBF\n"
    "  -c C            fix C instead of choosing it by cross-validation\n"
    "  -g GAMMA        fix gamma (RBF)\n"
    "  -v N            cross-validation folds (default 5), grouped by article\n"
    "  -s SEED         seed of the fold draw (default 1)\n"
    "  -q              quiet: no progress, no summary\n"
    "  --threads N     worker threads (default: all cores)\n"
    "  --groups LIST   feature groups, comma-separated: ngram,char,window,\n"
    "                  lexicon,pair (default: all)\n"
    "  --features S    feature settings, as stored in models (default\n"
    "                  'word=3 char=3-5 window=5 bits=20 groups=31')\n"
    "  --unbalanced    no class weights (default: weights balance the labels)\n"
    "  --data DIR      data directory with lexicons/ and attribution.tsv\n"
    "  --gazetteer F   compiled gazetteer\n"
    "  -h, --help      show this help\n"
    "\n"
    "Exit status: 0 ok, 1 bad data or I/O error, 2 usage.\n";

static const struct option options[] = {
    {"threads", required_argument, NULL, 'T'},
    {"groups", required_argument, NULL, 'G'},
    {"features", required_argument, NULL, 'F'},
    {"unbalanced", no_argument, NULL, 'U'},
    {"data", required_argument, NULL, 'D'},
    {"gazetteer", required_argument, NULL, 'Z'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct opts {
    struct fit_opts fit;
    struct fx_feat_opts feat;
    const char *out, *data, *gazetteer;
    int quiet;
};

static void quiet_print(const char *s)
{
    (void)s;
}

static int parse_number(const char *s, double *v)
{
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end == s || *end || errno || !(*v > 0) || !isfinite(*v) || *v > 1e9;
}

static int parse_groups(const char *s, unsigned *g)
{
    static const char *const names[] = {"ngram", "char", "window", "lexicon", "pair"};
    *g = 0;
    char buf[128];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        int k = 0;
        while (k < 5 && strcmp(t, names[k]) != 0)
            k++;
        if (k == 5)
            return -1;
        *g |= 1u << k;
    }
    return *g ? 0 : -1;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "stance-train: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nstance-train: try 'stance-train -h' for help\n");
    return 2;
}

static void summary(const struct fx_dataset *ds, const struct fx_model *m,
                    const struct fit_result *r, const char *out, int rbf)
{
    size_t by_label[3] = {0}, by_lang[FX_DATASET_MAX_LANGS] = {0};
    for (size_t i = 0; i < ds->n; i++) {
        by_label[ds->ex[i].label]++;
        by_lang[ds->ex[i].lang]++;
    }
    fprintf(stderr, "stance-train: %zu pairs from %u records:", ds->n, ds->ngroups);
    for (int k = 0; k < 3; k++)
        fprintf(stderr, " %s %zu", fx_labels[k], by_label[k]);
    fprintf(stderr, "\nstance-train: languages:");
    for (size_t k = 0; k < ds->nlangs; k++)
        fprintf(stderr, " %s %zu", ds->langs[k], by_lang[k]);
    fprintf(stderr, "\nstance-train: front end on labelled articles: quotes %zu/%zu, countries %zu/%zu\n",
            ds->quotes_found, ds->gold_quotes, ds->countries_found, ds->gold_countries);
    if (ds->missing) {
        fprintf(stderr, "stance-train: %zu labelled pairs skipped (country not found in its quote), first ones:\n%s",
                ds->missing, ds->problems.s ? ds->problems.s : "");
    }
    fprintf(stderr, "stance-train: chosen C=%g", r->C);
    if (rbf)
        fprintf(stderr, " gamma=%g", r->gamma);
    fprintf(stderr, "; cross-validated macro-F1 %.3f ± %.3f, accuracy %.3f; %zu support vectors; %.1fs\n",
            r->f1_mean, r->f1_std, r->accuracy, m->l, r->seconds);
    fprintf(stderr, "stance-train: wrote %s\n", out);
}

static int run(struct opts *op, char **files, int nfiles)
{
    char msg[1024];
    int err, rc = 1;
    struct fx_tokenizer *tz = fx_tokenizer_create(&err);
    struct fx_frontend fe = {0};
    struct fx_lexicon *lx = NULL;
    struct fx_vectorizer *vz = NULL;
    struct fx_model *m = fx_model_create();
    struct fx_dataset ds;
    fx_dataset_init(&ds);
    if (!tz || !m) {
        fprintf(stderr, "stance-train: %s\n", fx_strerror(tz ? FX_ENOMEM : err));
        goto out;
    }
    if (fx_frontend_load(&fe, tz, op->data, op->gazetteer, msg, sizeof msg)) {
        fprintf(stderr, "stance-train: %s\n", msg);
        goto out;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/lexicons", op->data ? op->data : STANCE_DATA_DIR);
    if (fx_lexicon_read_dir(dir, &m->lexicon, &m->lexicon_len, msg, sizeof msg)
        || !(lx = fx_lexicon_parse(tz, m->lexicon, m->lexicon_len, dir, &err, msg, sizeof msg))) {
        fprintf(stderr, "stance-train: %s\n", msg);
        goto out;
    }
    m->feat = op->feat;
    snprintf(m->gazetteer, sizeof m->gazetteer, "%016llx",
             (unsigned long long)fx_gazetteer_fingerprint(fe.gz));
    if (!(vz = fx_vectorizer_create(&m->feat, lx, 0))) {
        fprintf(stderr, "stance-train: out of memory\n");
        goto out;
    }
    struct fx_dataset_ctx ctx = {&fe, tz, vz, 0, 0};
    for (int i = 0; i < nfiles; i++)
        if (fx_dataset_load(&ds, &ctx, files[i], msg, sizeof msg)) {
            fprintf(stderr, "stance-train: %s\n", msg);
            goto out;
        }
    struct fit_result res;
    if (fit_train(&ds, &op->fit, m, &res, msg, sizeof msg)) {
        fprintf(stderr, "stance-train: %s\n", msg);
        goto out;
    }
    if (fx_model_save(m, op->out)) {
        fprintf(stderr, "stance-train: cannot write '%s': %s\n", op->out, strerror(errno));
        goto out;
    }
    if (!op->quiet)
        summary(&ds, m, &res, op->out, op->fit.kernel == FX_KERNEL_RBF);
    rc = 0;
out:
    fx_dataset_release(&ds);
    fx_vectorizer_free(vz);
    fx_lexicon_free(lx);
    fx_model_free(m);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    return rc;
}

int main(int argc, char **argv)
{
    struct opts op = {0};
    fit_opts_default(&op.fit);
    fx_feat_opts_default(&op.feat);
    int c;
    double v;
    char *end;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:t:c:g:v:s:b:qh", options, NULL)) != -1) {
        switch (c) {
        case 'o': op.out = optarg; break;
        case 't':
            if (strcmp(optarg, "0") == 0)
                op.fit.kernel = FX_KERNEL_LINEAR;
            else if (strcmp(optarg, "2") == 0)
                op.fit.kernel = FX_KERNEL_RBF;
            else
                return usage_error("-t takes 0 (linear) or 2 (RBF), not '%s'", optarg);
            break;
        case 'c':
            if (parse_number(optarg, &v))
                return usage_error("-c needs a positive number, not '%s'", optarg);
            op.fit.C[0] = v;
            op.fit.nC = 1;
            break;
        case 'g':
            if (parse_number(optarg, &v))
                return usage_error("-g needs a positive number, not '%s'", optarg);
            op.fit.gamma[0] = v;
            op.fit.ngamma = 1;
            break;
        case 'v': {
            long n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 2 || n > 100)
                return usage_error("-v needs a number of folds from 2 to 100, not '%s'", optarg);
            op.fit.folds = (int)n;
            break;
        }
        case 's': {
            long n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 0)
                return usage_error("-s needs a non-negative seed, not '%s'", optarg);
            op.fit.seed = (unsigned)n;
            break;
        }
        case 'b':
            if (strcmp(optarg, "1") != 0)
                return usage_error("-b: probability estimates are always on; '%s' is not 1", optarg);
            break;
        case 'q': op.quiet = 1; break;
        case 'T': {
            long n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 1 || n > 64)
                return usage_error("--threads needs a number from 1 to 64, not '%s'", optarg);
            op.fit.threads = (int)n;
            break;
        }
        case 'G':
            if (parse_groups(optarg, &op.feat.groups))
                return usage_error("--groups takes ngram,char,window,lexicon,pair, not '%s'", optarg);
            break;
        case 'F':
            if (fx_feat_opts_parse(&op.feat, optarg))
                return usage_error("--features: cannot read '%s'", optarg);
            break;
        case 'U': op.fit.balanced = 0; break;
        case 'D': op.data = optarg; break;
        case 'Z': op.gazetteer = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default:
            fx_option_error("stance-train", argv, c);
            return 2;
        }
    }
    if (optind >= argc)
        return usage_error("%s", "no training file given");
    char defout[4096];
    if (!op.out && strcmp(argv[optind], "-") == 0)
        return usage_error("%s", "reading standard input: name the model file with -o");
    if (!op.out) {
        snprintf(defout, sizeof defout, "%s.model", argv[optind]);
        op.out = defout;
    }
    op.fit.progress = !op.quiet && isatty(STDERR_FILENO);
    /* libsvm's printer is process-wide and not thread-safe: set it once,
     * here, before any fit starts. */
    svm_set_print_string_function(quiet_print);
    return run(&op, argv + optind, argc - optind);
}
