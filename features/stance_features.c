/* stance-features - the front end and the feature extractor from the shell.
 *
 * Default: one line per (statement, country) pair in libsvm's sparse format
 * (label, then index:value in increasing order), so that any SVM tool can
 * read it; labels are 1 cooperative, 2 critical, 3 neutral, 0 unlabelled.
 * --quotes: one JSON line per article with its quotes, speakers and the
 * countries each quote names. --explain: each feature of one statement by
 * name. No model needed; -m takes a model's feature settings and lexicon. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "article.h"
#include "corpus.h"
#include "dataset.h"
#include "lexicon.h"
#include "model.h"

static const char usage[] =
    "usage: stance-features [options] [FILE|DIR|-]...\n"
    "       stance-features --quotes [options] [FILE|DIR|-]...\n"
    "       stance-features --explain [options] TEXT\n"
    "\n"
    "Reads articles: plain-text files (a leading 'date YYYY-MM' token gives the\n"
    "date), directories of them (recursively), JSON Lines files (.jsonl, .json)\n"
    "in the SPEC's article or pair format, or JSON Lines on stdin ('-' or no\n"
    "file). By default writes one libsvm line per (statement, country) pair:\n"
    "the label (1 cooperative, 2 critical, 3 neutral, 0 unlabelled) and the\n"
    "features as index:value. Labelled articles give their labelled pairs.\n"
    "\n"
    "  --quotes            print each article's quotes as JSON lines: text,\n"
    "                      start, end (code points), speaker, parent (enclosing\n"
    "                      quote or null), mentions {country, mention, start,\n"
    "                      end, kind}\n"
    "  --explain           print the features of the statement TEXT, for each\n"
    "                      country it names, as index, name and value\n"
    "  -m, --model FILE    use this model's feature settings and lexicon\n"
    "  --gazetteer FILE    compiled gazetteer (default: the build's)\n"
    "  --data DIR          data directory with attribution.tsv (default: the\n"
    "                      source tree's datasets/)\n"
    "  --strict            stop at the first bad record\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 ok, 1 if any record failed or a data file is bad, 2 usage.\n";

static const struct option options[] = {
    {"quotes", no_argument, NULL, 'Q'},
    {"explain", no_argument, NULL, 'E'},
    {"model", required_argument, NULL, 'm'},
    {"gazetteer", required_argument, NULL, 'G'},
    {"data", required_argument, NULL, 'D'},
    {"strict", no_argument, NULL, 'S'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct opts {
    int quotes, explain, strict;
    const char *gazetteer, *data, *model;
};

/* What the vector modes need beyond the front end. */
struct vectors {
    struct fx_feat_opts feat;
    struct fx_lexicon *lx;
    struct fx_vectorizer *vz;
    struct fx_pairs ps;
    struct fx_vec vec;
    struct fx_dataset ds;
    struct fx_buf line, folded;
};

static int write_json(cJSON *o)
{
    char *s = cJSON_PrintUnformatted(o);
    if (!s)
        return -1;
    int rc = fputs(s, stdout) < 0 || putchar('\n') == EOF ? -1 : 0;
    free(s);
    return rc;
}

static int write_error(const char *id, const char *fmt, const char *a, const char *b)
{
    char msg[1024];
    snprintf(msg, sizeof msg, fmt, a, b);
    cJSON *o = cJSON_CreateObject();
    int rc = -1;
    if (o && cJSON_AddStringToObject(o, "id", id) && cJSON_AddStringToObject(o, "error", msg))
        rc = write_json(o);
    cJSON_Delete(o);
    return rc;
}

static int write_vector(struct fx_buf *line, int label, const struct fx_vec *v)
{
    line->len = 0;
    int e = fx_buf_addf(line, "%d", label);
    for (size_t i = 0; !e && i < v->n; i++)
        e = fx_buf_addf(line, " %u:%.9g", v->f[i].index, (double)v->f[i].value);
    if (e || fx_buf_addc(line, '\n'))
        return -2;
    return fputs(line->s, stdout) == EOF ? -1 : 0;
}

/* The vector lines of one record. Returns 0, 1 if the record failed, -1
 * on a write error, -2 out of memory. */
static int process_vectors(const struct fx_frontend *fe, struct fx_tokenizer *tz,
                           struct fx_article *art, struct vectors *vs,
                           const struct fx_record *rec, const char *where)
{
    int labelled = rec->json && (rec->kind == FX_REC_PAIR ? rec->label != NULL
                                 : cJSON_GetObjectItemCaseSensitive(rec->json, "quotes") != NULL);
    if (rec->error) {
        fprintf(stderr, "stance-features: %s: %s\n", where, rec->error);
        return 1;
    }
    if (labelled) {
        struct fx_dataset_ctx ctx = {fe, tz, vs->vz, 0, 0};
        const char *why = NULL;
        fx_dataset_release(&vs->ds);
        int err = fx_dataset_add(&vs->ds, &ctx, art, &vs->ps, rec, &why);
        if (err) {
            fprintf(stderr, "stance-features: %s: %s\n", where, why ? why : fx_strerror(err));
            return err == FX_ENOMEM ? -2 : 1;
        }
        for (size_t i = 0; i < vs->ds.n; i++) {
            int rc = write_vector(&vs->line, vs->ds.ex[i].label + 1, &vs->ds.ex[i].x);
            if (rc)
                return rc;
        }
        return 0;
    }
    int err = fx_article_analyse(fe, tz, art, rec->text, rec->len, rec->year);
    if (err) {
        fprintf(stderr, "stance-features: %s: %s\n", where, fx_strerror(err));
        return err == FX_ENOMEM ? -2 : 1;
    }
    if (rec->kind == FX_REC_PAIR) {
        vs->folded.len = 0;
        if (fx_buf_add(&vs->folded, "", 0) || !rec->target
            || fx_fold_phrase(tz, rec->target, strlen(rec->target), &vs->folded) < 0
            || fx_record_pair(art, rec->target, vs->folded.s, rec->start, rec->end, &vs->ps)
            || fx_vectorize(vs->vz, &art->doc, &vs->ps.p[0].view, &vs->vec)) {
            fprintf(stderr, "stance-features: %s: %s\n", where,
                    rec->target ? "out of memory" : "pair has no \"target\"");
            return rec->target ? -2 : 1;
        }
        return write_vector(&vs->line, 0, &vs->vec);
    }
    for (size_t q = 0; q < art->nq; q++) {
        const struct fx_aquote *aq = &art->q[q];
        if (fx_article_pairs(art, aq->b0, aq->b1, aq->sp0, aq->sp1, &vs->ps))
            return -2;
        for (size_t i = 0; i < vs->ps.n; i++) {
            if (fx_vectorize(vs->vz, &art->doc, &vs->ps.p[i].view, &vs->vec))
                return -2;
            int rc = write_vector(&vs->line, 0, &vs->vec);
            if (rc)
                return rc;
        }
    }
    return 0;
}

/* Writes the record's line. Returns 1 if the record failed, 0 if not,
 * -1 if writing failed. */
static int process(const struct fx_frontend *fe, struct fx_tokenizer *tz,
                   struct fx_article *art, const struct fx_record *rec)
{
    char where[512];
    if (rec->line)
        snprintf(where, sizeof where, "%s:%zu", rec->source, rec->line);
    else
        snprintf(where, sizeof where, "%s", rec->source);
    if (rec->error)
        return write_error(rec->id, "%s: %s", where, rec->error) ? -1 : 1;
    int err = fx_article_analyse(fe, tz, art, rec->text, rec->len, rec->year);
    if (err)
        return write_error(rec->id, "%s: %s", where, fx_strerror(err)) ? -1 : 1;
    cJSON *o = cJSON_CreateObject();
    cJSON *qs = fx_article_quotes_json(art);
    int rc = -1;
    if (o && qs && cJSON_AddStringToObject(o, "id", rec->id)
        && (rec->date ? cJSON_AddStringToObject(o, "date", rec->date) != NULL
                      : cJSON_AddNullToObject(o, "date") != NULL)
        && cJSON_AddItemToObject(o, "quotes", qs)) {
        qs = NULL;
        rc = write_json(o);
    }
    cJSON_Delete(qs);
    cJSON_Delete(o);
    return rc;
}

/* Lexicon and feature settings: the model's, or the data directory's
 * lexicons with the default settings. Returns 0 or 1 with a message. */
static int vectors_init(struct vectors *vs, const struct opts *op, struct fx_tokenizer *tz)
{
    char msg[1200], *src = NULL, dir[4096];
    size_t len = 0;
    int err;
    memset(vs, 0, sizeof *vs);
    fx_pairs_init(&vs->ps);
    fx_vec_init(&vs->vec);
    fx_dataset_init(&vs->ds);
    fx_buf_init(&vs->line);
    fx_buf_init(&vs->folded);
    fx_feat_opts_default(&vs->feat);
    const char *name = dir;
    if (op->model) {
        struct fx_model *m = fx_model_load(op->model, &err, msg, sizeof msg);
        if (!m) {
            fprintf(stderr, "stance-features: %s\n", msg);
            return 1;
        }
        vs->feat = m->feat;
        src = m->lexicon;
        len = m->lexicon_len;
        m->lexicon = NULL;
        fx_model_free(m);
        name = op->model;
    } else {
        snprintf(dir, sizeof dir, "%s/lexicons", op->data ? op->data : STANCE_DATA_DIR);
        if (fx_lexicon_read_dir(dir, &src, &len, msg, sizeof msg)) {
            fprintf(stderr, "stance-features: %s\n", msg);
            return 1;
        }
    }
    vs->lx = fx_lexicon_parse(tz, src, len, name, &err, msg, sizeof msg);
    free(src);
    if (!vs->lx) {
        fprintf(stderr, "stance-features: %s\n", msg);
        return 1;
    }
    if (!(vs->vz = fx_vectorizer_create(&vs->feat, vs->lx, op->explain))) {
        fprintf(stderr, "stance-features: out of memory\n");
        return 1;
    }
    return 0;
}

static void vectors_release(struct vectors *vs)
{
    fx_vectorizer_free(vs->vz);
    fx_lexicon_free(vs->lx);
    fx_pairs_release(&vs->ps);
    fx_vec_release(&vs->vec);
    fx_dataset_release(&vs->ds);
    fx_buf_release(&vs->line);
    fx_buf_release(&vs->folded);
}

/* --explain: the features of one statement for each country it names. */
static int explain(const struct fx_frontend *fe, struct fx_tokenizer *tz, struct fx_article *art,
                   struct vectors *vs, const char *text)
{
    size_t len = strlen(text);
    if (fx_utf8_check(text, len) >= 0) {
        fprintf(stderr, "stance-features: the statement is not valid UTF-8\n");
        return 1;
    }
    if (fx_article_analyse(fe, tz, art, text, len, 0)
        || fx_article_pairs(art, 0, (uint32_t)len, 0, 0, &vs->ps))
        return -2;
    if (vs->ps.n == 0 && printf("# no country named in this statement\n") < 0)
        return -1;
    for (size_t i = 0; i < vs->ps.n; i++) {
        vs->line.len = 0;
        if (fx_vectorize(vs->vz, &art->doc, &vs->ps.p[i].view, &vs->vec)
            || fx_buf_addf(&vs->line, "# %s: %zu features, sentiment %.3f\n", vs->ps.p[i].country,
                           vs->vec.n, fx_vectorizer_sentiment(vs->vz))
            || fx_vectorizer_explain(vs->vz, &vs->line))
            return -2;
        if (fputs(vs->line.s, stdout) == EOF)
            return -1;
    }
    return 0;
}

static int run(const struct opts *op, char **files, size_t nfiles)
{
    int err, failed = 0, rc = 0;
    char msg[1024];
    struct fx_tokenizer *tz = fx_tokenizer_create(&err);
    if (!tz) {
        fprintf(stderr, "stance-features: %s\n", fx_strerror(err));
        return 1;
    }
    struct fx_frontend fe;
    if (fx_frontend_load(&fe, tz, op->data, op->gazetteer, msg, sizeof msg)) {
        fprintf(stderr, "stance-features: %s\n", msg);
        fx_tokenizer_free(tz);
        return 1;
    }
    struct fx_article art;
    struct vectors vs;
    fx_article_init(&art);
    if (!op->quotes && vectors_init(&vs, op, tz)) {
        rc = 1;
        goto out;
    }
    if (op->explain) {
        for (size_t i = 0; i < nfiles && rc == 0; i++)
            rc = explain(&fe, tz, &art, &vs, files[i]);
        goto out;
    }
    for (size_t i = 0; i < nfiles && !(failed && op->strict) && rc == 0; i++) {
        struct fx_reader *r = fx_reader_open(files[i], &err);
        if (!r) {
            const char *why = err == FX_EIO ? strerror(errno) : fx_strerror(err);
            fprintf(stderr, "stance-features: cannot open '%s': %s\n", files[i], why);
            if (op->quotes && write_error(files[i], "cannot open '%s': %s", files[i], why))
                rc = -1;
            failed = 1;
            continue;
        }
        struct fx_record rec;
        int n;
        while (rc == 0 && (n = fx_reader_next(r, &rec)) > 0) {
            char where[512];
            if (rec.line)
                snprintf(where, sizeof where, "%s:%zu", rec.source, rec.line);
            else
                snprintf(where, sizeof where, "%s", rec.source);
            int k = op->quotes ? process(&fe, tz, &art, &rec)
                               : process_vectors(&fe, tz, &art, &vs, &rec, where);
            if (k < 0)
                rc = k;
            else if (k) {
                failed = 1;
                if (op->strict)
                    break;
            }
        }
        if (rc == 0 && n < 0) {
            fprintf(stderr, "stance-features: cannot read '%s': %s\n", files[i], fx_strerror(n));
            failed = 1;
        }
        fx_reader_free(r);
    }
out:
    if (!op->quotes)
        vectors_release(&vs);
    fx_article_release(&art);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    if (rc == -2) {
        fprintf(stderr, "stance-features: out of memory\n");
        return 1;
    }
    if (rc == -1 || fflush(stdout) == EOF || ferror(stdout)) {
        fprintf(stderr, "stance-features: write error: %s\n", strerror(errno));
        return 1;
    }
    return rc ? rc : failed;
}

int main(int argc, char **argv)
{
    struct opts op = {0};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", options, NULL)) != -1) {
        switch (c) {
        case 'Q': op.quotes = 1; break;
        case 'E': op.explain = 1; break;
        case 'm': op.model = optarg; break;
        case 'G': op.gazetteer = optarg; break;
        case 'D': op.data = optarg; break;
        case 'S': op.strict = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        default:
            fx_option_error("stance-features", argv, c);
            return 2;
        }
    }
    if (op.quotes && op.explain) {
        fprintf(stderr, "stance-features: --quotes and --explain do not go together\n"
                        "stance-features: try 'stance-features -h' for help\n");
        return 2;
    }
    if (op.explain && optind >= argc) {
        fprintf(stderr, "stance-features: --explain needs a statement\n"
                        "stance-features: try 'stance-features -h' for help\n");
        return 2;
    }
    int rc;
    if (op.explain) {
        rc = run(&op, argv + optind, (size_t)(argc - optind));
    } else {
        char *stdin_only[] = {"-"};
        char **in = optind < argc ? argv + optind : stdin_only;
        size_t nin = optind < argc ? (size_t)(argc - optind) : 1;
        char **files;
        size_t nfiles;
        const char *bad;
        if (fx_paths_expand(in, nin, &files, &nfiles, &bad)) {
            fprintf(stderr, "stance-features: out of memory\n");
            return 1;
        }
        rc = run(&op, files, nfiles);
        fx_paths_free(files, nfiles);
    }
    if (fclose(stdout) != 0 && rc == 0) {
        fprintf(stderr, "stance-features: write error: %s\n", strerror(errno));
        rc = 1;
    }
    return rc;
}
