/* stance-eval - measures a model on labelled data.
 *
 * Stance on the pairs the front end found, and end to end (a labelled pair
 * whose country the front end missed counts as wrong, a country found but
 * not labelled counts against precision); the front end's own parts
 * (quotes found, countries found); all per label and per language. Text,
 * JSON (--json) or a self-contained HTML page (--report). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "dataset.h"
#include "label.h"

static const char usage[] =
    "usage: stance-eval [options] FILE.jsonl...\n"
    "\n"
    "Evaluates a model on labelled articles or pairs (the SPEC's JSON Lines).\n"
    "\n"
    "  -m, --model FILE   model (default: the build's default model)\n"
    "  --json             print the figures as one JSON object\n"
    "  --report FILE      also write a self-contained HTML report\n"
    "  --data DIR         data directory with attribution.tsv\n"
    "  --gazetteer FILE   compiled gazetteer\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 ok, 1 bad data, model or I/O error, 2 usage.\n";

static const struct option options[] = {
    {"model", required_argument, NULL, 'm'},
    {"json", no_argument, NULL, 'J'},
    {"report", required_argument, NULL, 'R'},
    {"data", required_argument, NULL, 'D'},
    {"gazetteer", required_argument, NULL, 'Z'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

#define NONE 3   /* "no pair": a missed or an extra country */

struct scores {
    long conf[4][4];    /* gold x predicted, NONE included */
};

struct eval {
    struct scores found, e2e;
    struct scores lang_found[FX_DATASET_MAX_LANGS], lang_e2e[FX_DATASET_MAX_LANGS];
    int *pred;
    double *conf;
};

struct prf {
    double p, r, f1;
    long support;
};

static struct prf label_prf(const struct scores *s, int k)
{
    long tp = s->conf[k][k], fp = 0, fn = 0, sup = 0;
    for (int j = 0; j < 4; j++) {
        if (j != k) {
            fp += s->conf[j][k];
            fn += s->conf[k][j];
        }
        sup += s->conf[k][j];
    }
    struct prf r = {tp + fp ? (double)tp / (double)(tp + fp) : 0,
                    tp + fn ? (double)tp / (double)(tp + fn) : 0, 0, sup};
    r.f1 = r.p + r.r > 0 ? 2 * r.p * r.r / (r.p + r.r) : 0;
    return r;
}

static double macro_f1(const struct scores *s)
{
    double f = 0;
    for (int k = 0; k < 3; k++)
        f += label_prf(s, k).f1;
    return f / 3;
}

static double accuracy(const struct scores *s)
{
    long right = 0, all = 0;
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 4; j++) {
            all += s->conf[i][j];
            right += i == j ? s->conf[i][j] : 0;
        }
    return all ? (double)right / (double)all : 0;
}

static cJSON *scores_object(const struct scores *s)
{
    cJSON *o = cJSON_CreateObject(), *labels = cJSON_AddObjectToObject(o, "labels");
    for (int k = 0; k < 3; k++) {
        struct prf r = label_prf(s, k);
        cJSON *l = cJSON_AddObjectToObject(labels, fx_labels[k]);
        cJSON_AddNumberToObject(l, "precision", r.p);
        cJSON_AddNumberToObject(l, "recall", r.r);
        cJSON_AddNumberToObject(l, "f1", r.f1);
        cJSON_AddNumberToObject(l, "support", (double)r.support);
    }
    cJSON_AddNumberToObject(o, "macro_f1", macro_f1(s));
    cJSON_AddNumberToObject(o, "accuracy", accuracy(s));
    cJSON *cm = cJSON_AddArrayToObject(o, "confusion");
    for (int i = 0; i < 4; i++) {
        cJSON *row = cJSON_CreateArray();
        for (int j = 0; j < 4; j++)
            cJSON_AddItemToArray(row, cJSON_CreateNumber((double)s->conf[i][j]));
        cJSON_AddItemToArray(cm, row);
    }
    return o;
}

static void print_scores(const char *title, const struct scores *s)
{
    printf("%s: macro-F1 %.3f, accuracy %.3f\n", title, macro_f1(s), accuracy(s));
    printf("  %-12s %9s %9s %9s %8s\n", "label", "precision", "recall", "F1", "support");
    for (int k = 0; k < 3; k++) {
        struct prf r = label_prf(s, k);
        printf("  %-12s %9.3f %9.3f %9.3f %8ld\n", fx_labels[k], r.p, r.r, r.f1, r.support);
    }
    printf("  confusion (rows gold, columns predicted; none = no pair):\n  %-12s", "");
    static const char *const col[4] = {"coop", "crit", "neutral", "none"};
    for (int j = 0; j < 4; j++)
        printf(" %8s", col[j]);
    putchar('\n');
    for (int i = 0; i < 4; i++) {
        printf("  %-12s", i < 3 ? fx_labels[i] : "none");
        for (int j = 0; j < 4; j++)
            printf(" %8ld", s->conf[i][j]);
        putchar('\n');
    }
}

static void evaluate(const struct labeler *lb, const struct fx_dataset *ds, struct eval *ev)
{
    for (size_t i = 0; i < ds->n; i++) {
        const struct fx_example *e = &ds->ex[i];
        int gold = e->label < 0 ? NONE : e->label, pred = NONE;
        double prob[3] = {0};
        if (e->found) {
            pred = fx_model_predict(lb->model, &e->x, prob);
            ev->conf[i] = prob[pred];
        }
        ev->pred[i] = pred;
        ev->e2e.conf[gold][pred]++;
        ev->lang_e2e[e->lang].conf[gold][pred]++;
        if (e->found && e->label >= 0) {
            ev->found.conf[gold][pred]++;
            ev->lang_found[e->lang].conf[gold][pred]++;
        }
    }
}

static double ratio(size_t a, size_t b)
{
    return b ? (double)a / (double)b : 0;
}

static int print_json(const struct fx_dataset *ds, const struct eval *ev)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "found_pairs", scores_object(&ev->found));
    cJSON_AddItemToObject(o, "end_to_end", scores_object(&ev->e2e));
    cJSON *langs = cJSON_AddObjectToObject(o, "languages");
    for (size_t l = 0; l < ds->nlangs; l++) {
        cJSON *lo = cJSON_AddObjectToObject(langs, ds->langs[l]);
        cJSON_AddItemToObject(lo, "found_pairs", scores_object(&ev->lang_found[l]));
        cJSON_AddItemToObject(lo, "end_to_end", scores_object(&ev->lang_e2e[l]));
    }
    cJSON *fe = cJSON_AddObjectToObject(o, "front_end");
    cJSON_AddNumberToObject(fe, "quote_recall", ratio(ds->quotes_found, ds->gold_quotes));
    cJSON_AddNumberToObject(fe, "country_recall", ratio(ds->countries_found, ds->gold_countries));
    cJSON_AddNumberToObject(fe, "country_precision", ratio(ds->countries_found, ds->found_countries));
    cJSON_AddNumberToObject(fe, "labelled_quotes", (double)ds->gold_quotes);
    cJSON_AddNumberToObject(fe, "labelled_pairs", (double)ds->gold_countries);
    char *s = cJSON_PrintUnformatted(o);
    int rc = s && puts(s) != EOF ? 0 : -1;
    free(s);
    cJSON_Delete(o);
    return rc;
}

static void print_text(const struct fx_dataset *ds, const struct eval *ev)
{
    if (ds->gold_quotes)
        printf("front end: quotes found %zu/%zu (recall %.3f); countries found %zu/%zu "
               "(recall %.3f, precision %.3f)\n\n",
               ds->quotes_found, ds->gold_quotes, ratio(ds->quotes_found, ds->gold_quotes),
               ds->countries_found, ds->gold_countries, ratio(ds->countries_found, ds->gold_countries),
               ratio(ds->countries_found, ds->found_countries));
    print_scores("stance on the pairs found", &ev->found);
    putchar('\n');
    print_scores("end to end", &ev->e2e);
    for (size_t l = 0; l < ds->nlangs; l++) {
        printf("\nlanguage %s: found pairs macro-F1 %.3f (accuracy %.3f); end to end macro-F1 %.3f\n",
               ds->langs[l], macro_f1(&ev->lang_found[l]), accuracy(&ev->lang_found[l]),
               macro_f1(&ev->lang_e2e[l]));
    }
}

/* ---- the HTML report ---- */

static void html_escape(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '&': fputs("&amp;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void svg_heatmap(FILE *f, const struct scores *s)
{
    static const char *const names[4] = {"cooperative", "critical", "neutral", "none"};
    long max = 1;
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            if (s->conf[i][j] > max)
                max = s->conf[i][j];
    fprintf(f, "<svg width='460' height='330' role='img' aria-label='confusion matrix'>\n");
    fprintf(f, "<text x='270' y='14' text-anchor='middle' font-size='12'>predicted</text>\n");
    for (int j = 0; j < 4; j++)
        fprintf(f, "<text x='%d' y='34' text-anchor='middle' font-size='12'>%s</text>\n",
                140 + j * 80 + 40, names[j]);
    for (int i = 0; i < 4; i++) {
        fprintf(f, "<text x='130' y='%d' text-anchor='end' font-size='12'>%s</text>\n",
                40 + i * 70 + 40, names[i]);
        for (int j = 0; j < 4; j++) {
            double t = (double)s->conf[i][j] / (double)max;
            int shade = (int)(255 - 200 * t);
            fprintf(f, "<rect x='%d' y='%d' width='78' height='68' fill='rgb(%d,%d,255)'/>"
                       "<text x='%d' y='%d' text-anchor='middle' font-size='14' fill='%s'>%ld</text>\n",
                    140 + j * 80, 40 + i * 70, shade, shade, 140 + j * 80 + 39, 40 + i * 70 + 39,
                    t > 0.6 ? "white" : "black", s->conf[i][j]);
        }
    }
    fprintf(f, "</svg>\n");
}

static void svg_bars(FILE *f, const char *const *names, const double *v, int n)
{
    fprintf(f, "<svg width='460' height='%d' role='img'>\n", 20 + n * 28);
    for (int i = 0; i < n; i++) {
        fprintf(f, "<text x='120' y='%d' text-anchor='end' font-size='12'>", 20 + i * 28 + 14);
        html_escape(f, names[i]);
        fprintf(f, "</text><rect x='126' y='%d' width='%.0f' height='20' fill='#4a7ab8'/>"
                   "<text x='%.0f' y='%d' font-size='12'>%.3f</text>\n",
                20 + i * 28, 300 * v[i], 130 + 300 * v[i], 20 + i * 28 + 14, v[i]);
    }
    fprintf(f, "</svg>\n");
}

struct mistake {
    double conf;
    size_t i;
};

static int by_confidence(const void *a, const void *b)
{
    const struct mistake *x = a, *y = b;
    return x->conf < y->conf ? 1 : x->conf > y->conf ? -1 : (x->i > y->i) - (x->i < y->i);
}

static int write_report(const char *path, const struct fx_dataset *ds, const struct eval *ev,
                        const char *model)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>stance-eval report</title>\n"
               "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}"
               "td,th{padding:4px 8px;border-bottom:1px solid #ddd;vertical-align:top}"
               "table{border-collapse:collapse}.q{font-size:13px;max-width:520px}</style></head><body>\n");
    fprintf(f, "<h1>Stance evaluation</h1>\n<p>Model <code>");
    html_escape(f, model);
    fprintf(f, "</code>, %zu labelled pairs. End-to-end macro-F1 <b>%.3f</b> (accuracy %.3f); on the "
               "pairs the front end found: macro-F1 %.3f.</p>\n",
            (size_t)ds->gold_countries ? ds->gold_countries : ds->n, macro_f1(&ev->e2e),
            accuracy(&ev->e2e), macro_f1(&ev->found));
    fprintf(f, "<h2>Confusion matrix (end to end)</h2>\n");
    svg_heatmap(f, &ev->e2e);
    double v[FX_DATASET_MAX_LANGS];
    const char *names[FX_DATASET_MAX_LANGS];
    for (int k = 0; k < 3; k++) {
        v[k] = label_prf(&ev->e2e, k).f1;
        names[k] = fx_labels[k];
    }
    fprintf(f, "<h2>F1 per label</h2>\n");
    svg_bars(f, names, v, 3);
    for (size_t l = 0; l < ds->nlangs; l++) {
        v[l] = macro_f1(&ev->lang_e2e[l]);
        names[l] = ds->langs[l];
    }
    fprintf(f, "<h2>Macro-F1 per language</h2>\n");
    svg_bars(f, names, v, (int)ds->nlangs);
    struct mistake *mis = malloc((ds->n ? ds->n : 1) * sizeof *mis);
    size_t m = 0;
    for (size_t i = 0; mis && i < ds->n; i++)
        if (ds->ex[i].found && ds->ex[i].label >= 0 && ev->pred[i] != ds->ex[i].label)
            mis[m++] = (struct mistake){ev->conf[i], i};
    if (mis)
        qsort(mis, m, sizeof *mis, by_confidence);
    fprintf(f, "<h2>The 20 most confident mistakes</h2>\n<table><tr><th>article</th><th>country</th>"
               "<th>gold</th><th>predicted</th><th>score</th><th>quote</th></tr>\n");
    for (size_t k = 0; k < m && k < 20; k++) {
        const struct fx_example *e = &ds->ex[mis[k].i];
        fprintf(f, "<tr><td>");
        html_escape(f, e->id);
        fprintf(f, "</td><td>%s</td><td>%s</td><td>%s</td><td>%.2f</td><td class='q'>", e->country,
                fx_labels[e->label], fx_labels[ev->pred[mis[k].i]], mis[k].conf);
        html_escape(f, e->quote);
        fprintf(f, "</td></tr>\n");
    }
    fprintf(f, "</table>\n</body></html>\n");
    free(mis);
    return fclose(f) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    const char *model = NULL, *report = NULL, *data = NULL, *gazetteer = NULL;
    int json = 0, c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:h", options, NULL)) != -1) {
        switch (c) {
        case 'm': model = optarg; break;
        case 'J': json = 1; break;
        case 'R': report = optarg; break;
        case 'D': data = optarg; break;
        case 'Z': gazetteer = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default:
            fx_option_error("stance-eval", argv, c);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "stance-eval: no labelled file given\nstance-eval: try 'stance-eval -h' for help\n");
        return 2;
    }
    char msg[1200], warning[512];
    struct labeler lb;
    if (labeler_load(&lb, model, data, gazetteer, msg, sizeof msg, warning, sizeof warning)) {
        fprintf(stderr, "stance-eval: %s\n", msg);
        return 1;
    }
    if (warning[0])
        fprintf(stderr, "stance-eval: warning: %s\n", warning);
    int err, rc = 1;
    struct fx_tokenizer *tz = fx_tokenizer_create(&err);
    struct fx_vectorizer *vz = fx_vectorizer_create(&lb.model->feat, lb.lx, 0);
    struct fx_dataset ds;
    fx_dataset_init(&ds);
    struct eval *ev = calloc(1, sizeof *ev);
    if (!tz || !vz || !ev) {
        fprintf(stderr, "stance-eval: out of memory\n");
        goto out;
    }
    struct fx_dataset_ctx ctx = {&lb.fe, tz, vz, 1, 1};
    for (int i = optind; i < argc; i++)
        if (fx_dataset_load(&ds, &ctx, argv[i], msg, sizeof msg)) {
            fprintf(stderr, "stance-eval: %s\n", msg);
            goto out;
        }
    if (ds.gold_countries == 0 && ds.n == 0) {
        fprintf(stderr, "stance-eval: no labelled pair in the input: nothing to measure\n");
        goto out;
    }
    ev->pred = calloc(ds.n ? ds.n : 1, sizeof *ev->pred);
    ev->conf = calloc(ds.n ? ds.n : 1, sizeof *ev->conf);
    if (!ev->pred || !ev->conf) {
        fprintf(stderr, "stance-eval: out of memory\n");
        goto out;
    }
    evaluate(&lb, &ds, ev);
    if (json ? print_json(&ds, ev) : (print_text(&ds, ev), 0)) {
        fprintf(stderr, "stance-eval: write error: %s\n", strerror(errno));
        goto out;
    }
    if (report && write_report(report, &ds, ev, model ? model : STANCE_DEFAULT_MODEL)) {
        fprintf(stderr, "stance-eval: cannot write '%s': %s\n", report, strerror(errno));
        goto out;
    }
    rc = 0;
out:
    if (ev) {
        free(ev->pred);
        free(ev->conf);
    }
    free(ev);
    fx_dataset_release(&ds);
    fx_vectorizer_free(vz);
    fx_tokenizer_free(tz);
    labeler_release(&lb);
    if (fflush(stdout) == EOF && rc == 0) {
        fprintf(stderr, "stance-eval: write error: %s\n", strerror(errno));
        rc = 1;
    }
    return rc;
}
