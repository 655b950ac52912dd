/* stance-predict - labels quoted statements toward the countries they name.
 *
 * Batch mode streams records (plain-text files, directories, JSON Lines)
 * through a pool of threads in batches, writing one line per record in
 * input order; no state passes between records, so split inputs give the
 * same bytes as one run. --sentences scores sentences from the command
 * line or stdin. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "label.h"

static const char usage[] =
    "usage: stance-predict [options] [FILE|DIR|-]...\n"
    "       stance-predict --sentences [options] [TEXT...]\n"
    "\n"
    "Labels every quoted statement toward every country it names: cooperative,\n"
    "critical or neutral, with a score for each. Inputs are plain-text articles\n"
    "(a leading 'date YYYY-MM' token gives the date), directories of them,\n"
    "JSON Lines files (.jsonl/.json) of articles or pairs, or JSON Lines on\n"
    "stdin ('-' or no file). One output line per input record, in order.\n"
    "\n"
    "  -m, --model FILE   model (default: the build's default model)\n"
    "  --format FMT       json (default) or tsv (one row per quote and country)\n"
    "  --sentences        score sentences: the TEXT arguments, or stdin lines;\n"
    "                     a table on a terminal, JSON Lines otherwise\n"
    "  --threads N        worker threads (default: all cores)\n"
    "  --strict           stop at the first record that fails\n"
    "  -q, --quiet        no progress line\n"
    "  --data DIR         data directory with attribution.tsv\n"
    "  --gazetteer FILE   compiled gazetteer\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 ok, 1 if a record failed, the model is bad or output\n"
    "cannot be written, 2 usage.\n";

static const struct option options[] = {
    {"model", required_argument, NULL, 'm'},
    {"format", required_argument, NULL, 'F'},
    {"sentences", no_argument, NULL, 'S'},
    {"threads", required_argument, NULL, 'T'},
    {"strict", no_argument, NULL, 'X'},
    {"quiet", no_argument, NULL, 'q'},
    {"data", required_argument, NULL, 'D'},
    {"gazetteer", required_argument, NULL, 'Z'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

enum { FMT_DEFAULT, FMT_JSON, FMT_TSV, FMT_TABLE };

struct opts {
    const char *model, *data, *gazetteer;
    int format, sentences, threads, strict, quiet;
};

#define BATCH_RECORDS 64
#define BATCH_BYTES (8u << 20)

/* A record copied out of the reader, or a JSON Lines line still to parse
 * (raw, its source and number: the workers parse in parallel), and its
 * output line. */
struct job {
    struct fx_record rec;
    char *own[8];
    char *raw;
    size_t rawlen, lineno;
    char *line;
    int failed;
};

struct batch {
    struct job job[BATCH_RECORDS];
    int n, next, oom;
    int format;
    struct worker **workers;
    pthread_mutex_t lock;
};

static char *dup_or_null(const char *s, struct job *j, int k)
{
    if (!s)
        return NULL;
    j->own[k] = strdup(s);
    return j->own[k];
}

static int copy_record(struct job *j, const struct fx_record *r)
{
    memset(j, 0, sizeof *j);
    j->rec = *r;
    j->rec.json = NULL;
    j->rec.source = dup_or_null(r->source, j, 0);
    j->rec.id = dup_or_null(r->id, j, 1);
    j->rec.lang = dup_or_null(r->lang, j, 3);
    j->rec.date = dup_or_null(r->date, j, 4);
    j->rec.target = dup_or_null(r->target, j, 5);
    j->rec.label = dup_or_null(r->label, j, 6);
    j->rec.error = dup_or_null(r->error, j, 7);
    if (r->text) {
        j->own[2] = malloc(r->len + 1);
        if (!j->own[2])
            return FX_ENOMEM;
        memcpy(j->own[2], r->text, r->len);
        j->own[2][r->len] = '\0';
        j->rec.text = j->own[2];
    }
    if ((r->source && !j->rec.source) || (r->id && !j->rec.id) || (r->error && !j->rec.error)
        || (r->target && !j->rec.target) || (r->date && !j->rec.date))
        return FX_ENOMEM;
    return 0;
}

/* A JSON Lines line for a worker to parse. */
static int copy_line(struct job *j, const char *source, const char *line, size_t n,
                     size_t lineno)
{
    memset(j, 0, sizeof *j);
    j->own[0] = strdup(source);
    j->raw = malloc(n + 1);
    if (!j->own[0] || !j->raw)
        return FX_ENOMEM;
    memcpy(j->raw, line, n);
    j->raw[n] = '\0';
    j->rawlen = n;
    j->lineno = lineno;
    return 0;
}

static void job_release(struct job *j)
{
    for (int k = 0; k < 8; k++)
        free(j->own[k]);
    free(j->raw);
    free(j->line);
    memset(j, 0, sizeof *j);
}

/* TSV cell: tabs, newlines and backslashes escaped. */
static int tsv_cell(struct fx_buf *b, const char *s)
{
    for (; s && *s; s++) {
        const char *e = *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : *s == '\r' ? "\\r"
                      : *s == '\\' ? "\\\\" : NULL;
        if (e ? fx_buf_add(b, e, 2) : fx_buf_addc(b, *s))
            return FX_ENOMEM;
    }
    return 0;
}

static const char tsv_header[] =
    "id\tquote\tstart\tend\tspeaker\tcountry\tmentions\tlabel\tcooperative\tcritical\tneutral\ttext\terror\n";

static int tsv_row(struct fx_buf *b, const char *id, int quote, const cJSON *q,
                   const cJSON *t, const char *error)
{
    int e = tsv_cell(b, id) || fx_buf_addc(b, '\t');
    if (quote >= 0)
        e |= fx_buf_addf(b, "%d", quote);
    e |= fx_buf_addc(b, '\t');
    const cJSON *v;
    if (q && (v = cJSON_GetObjectItemCaseSensitive(q, "start")))
        e |= fx_buf_addf(b, "%.0f", v->valuedouble);
    e |= fx_buf_addc(b, '\t');
    if (q && (v = cJSON_GetObjectItemCaseSensitive(q, "end")))
        e |= fx_buf_addf(b, "%.0f", v->valuedouble);
    e |= fx_buf_addc(b, '\t');
    if (q && cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(q, "speaker")))
        e |= tsv_cell(b, v->valuestring);
    e |= fx_buf_addc(b, '\t');
    if (t) {
        v = cJSON_GetObjectItemCaseSensitive(t, "country");
        if (!v)
            v = cJSON_GetObjectItemCaseSensitive(t, "target");
        e |= tsv_cell(b, v ? v->valuestring : "");
    }
    e |= fx_buf_addc(b, '\t');
    const cJSON *m;
    int first = 1;
    if (t)
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(t, "mentions")) {
            e |= (!first && fx_buf_add(b, ", ", 2)) || tsv_cell(b, m->valuestring);
            first = 0;
        }
    e |= fx_buf_addc(b, '\t');
    if (t) {
        e |= tsv_cell(b, cJSON_GetObjectItemCaseSensitive(t, "label")->valuestring);
        const cJSON *sc = cJSON_GetObjectItemCaseSensitive(t, "scores");
        for (int k = 0; k < 3; k++)
            e |= fx_buf_addf(b, "\t%.6f", cJSON_GetObjectItemCaseSensitive(sc, fx_labels[k])->valuedouble);
    } else {
        e |= fx_buf_add(b, "\t\t\t", 3);
    }
    e |= fx_buf_addc(b, '\t');
    if (q && cJSON_IsString(v = cJSON_GetObjectItemCaseSensitive(q, "text")))
        e |= tsv_cell(b, v->valuestring);
    e |= fx_buf_addc(b, '\t') || tsv_cell(b, error) || fx_buf_addc(b, '\n');
    return e ? FX_ENOMEM : 0;
}

static char *format_tsv(const cJSON *o)
{
    struct fx_buf b;
    fx_buf_init(&b);
    const char *id = cJSON_GetObjectItemCaseSensitive(o, "id")->valuestring;
    const cJSON *err = cJSON_GetObjectItemCaseSensitive(o, "error");
    const cJSON *quotes = cJSON_GetObjectItemCaseSensitive(o, "quotes");
    int e = fx_buf_add(&b, "", 0);
    if (err) {
        e |= tsv_row(&b, id, -1, NULL, NULL, err->valuestring);
    } else if (!quotes) {
        e |= tsv_row(&b, id, -1, NULL, o, NULL);
    } else {
        int qi = 0, rows = 0;
        const cJSON *q, *t;
        cJSON_ArrayForEach(q, quotes) {
            cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(q, "targets")) {
                e |= tsv_row(&b, id, qi, q, t, NULL);
                rows++;
            }
            qi++;
        }
        /* Every record has a row, so that TSV output matches its input. */
        if (!rows)
            e |= tsv_row(&b, id, -1, NULL, NULL, NULL);
    }
    if (e) {
        fx_buf_release(&b);
        return NULL;
    }
    return b.s;
}

static void *batch_worker(void *arg)
{
    void **a = arg;
    struct batch *bt = a[0];
    struct worker *w = a[1];
    for (;;) {
        pthread_mutex_lock(&bt->lock);
        int i = bt->next++;
        pthread_mutex_unlock(&bt->lock);
        if (i >= bt->n)
            break;
        struct job *j = &bt->job[i];
        if (j->raw)
            fx_record_parse(&w->parse, j->own[0], j->lineno, j->raw, j->rawlen, &j->rec);
        cJSON *o = worker_label(w, &j->rec, &j->failed);
        if (o)
            j->line = bt->format == FMT_TSV ? format_tsv(o) : cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        if (!j->line) {
            pthread_mutex_lock(&bt->lock);
            bt->oom = 1;
            pthread_mutex_unlock(&bt->lock);
        }
    }
    return NULL;
}

static int run_batch(struct batch *bt, int threads)
{
    pthread_t th[64];
    void *args[64][2];
    int started = 0;
    bt->next = 0;
    bt->oom = 0;
    int nt = threads < bt->n ? threads : bt->n;
    for (int t = 1; t < nt; t++) {
        args[t][0] = bt;
        args[t][1] = bt->workers[t];
        if (pthread_create(&th[started], NULL, batch_worker, args[t]) == 0)
            started++;
    }
    args[0][0] = bt;
    args[0][1] = bt->workers[0];
    batch_worker(args[0]);
    for (int t = 0; t < started; t++)
        pthread_join(th[t], NULL);
    return bt->oom ? FX_ENOMEM : 0;
}

struct progress {
    int on;
    double t0, last;
    size_t records, bytes, total;
};

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void show_progress(struct progress *p, int final)
{
    double t = now();
    if (!p->on || (!final && t - p->last < 0.2))
        return;
    p->last = t;
    double el = t - p->t0 > 1e-9 ? t - p->t0 : 1e-9;
    fprintf(stderr, "\rstance-predict: %zu records, %.0f records/s, %.1f MB/s", p->records,
            (double)p->records / el, (double)p->bytes / el / 1e6);
    if (p->total && p->bytes && !final)
        fprintf(stderr, ", ETA %.0fs", el / (double)p->bytes * (double)(p->total - p->bytes));
    fputs(final ? "\n" : "   ", stderr);
}

/* Writes and frees the batch's lines. Returns 0 or -1 on a write error;
 * *failed counts failed records. */
static int flush_batch(struct batch *bt, int *failed, int strict, int *stop)
{
    int rc = 0;
    for (int i = 0; i < bt->n; i++) {
        struct job *j = &bt->job[i];
        if (!rc && !*stop && j->line && fputs(j->line, stdout) == EOF)
            rc = -1;
        if (!rc && !*stop && j->line && bt->format != FMT_TSV && putchar('\n') == EOF)
            rc = -1;
        if (j->failed) {
            *failed = 1;
            if (strict)
                *stop = 1;
        }
        job_release(j);
    }
    bt->n = 0;
    return rc;
}

static size_t total_bytes(char **files, size_t n)
{
    size_t total = 0;
    struct stat st;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(files[i], "-") == 0)
            return 0;
        if (stat(files[i], &st) == 0)
            total += (size_t)st.st_size;
    }
    return total;
}

static int run_batch_mode(const struct opts *op, char **files,
                          size_t nfiles, struct worker **workers)
{
    struct batch *bt = calloc(1, sizeof *bt);
    if (!bt)
        return -2;
    bt->format = op->format;
    bt->workers = workers;
    pthread_mutex_init(&bt->lock, NULL);
    struct progress pg = {op->quiet ? 0 : isatty(STDERR_FILENO), now(), 0, 0, 0,
                          total_bytes(files, nfiles)};
    int failed = 0, stop = 0, werr = 0, oom = 0;
    size_t batch_bytes = 0;
    if (op->format == FMT_TSV && fputs(tsv_header, stdout) == EOF)
        werr = 1;
    for (size_t f = 0; f < nfiles && !stop && !werr && !oom; f++) {
        int err;
        struct fx_reader *r = fx_reader_open(files[f], &err);
        struct fx_record rec;
        char msg[1200];
        if (!r) {
            snprintf(msg, sizeof msg, "cannot open '%s': %s", files[f],
                     err == FX_EIO ? strerror(errno) : fx_strerror(err));
            memset(&rec, 0, sizeof rec);
            rec.id = files[f];      /* no source: the message names the file */
            rec.error = msg;
            fprintf(stderr, "stance-predict: %s\n", msg);
        }
        int n = 1, jsonl = r && fx_reader_is_jsonl(r);
        size_t before = 0;
        const char *line;
        size_t len, lineno;
        while (!stop && !werr && !oom
               && (jsonl ? (n = fx_reader_next_line(r, &line, &len, &lineno)) > 0
                   : r ? (n = fx_reader_next(r, &rec)) > 0 : n-- > 0)) {
            const char *source = strcmp(files[f], "-") == 0 ? "<stdin>" : files[f];
            if (jsonl ? copy_line(&bt->job[bt->n], source, line, len, lineno)
                      : copy_record(&bt->job[bt->n], &rec)) {
                job_release(&bt->job[bt->n]);   /* what was copied before it failed */
                oom = 1;
                break;
            }
            bt->n++;
            batch_bytes += jsonl ? len : rec.len;
            size_t off = r ? fx_reader_offset(r) : 0;
            pg.bytes += off - before;
            before = off;
            if (bt->n == BATCH_RECORDS || batch_bytes >= BATCH_BYTES) {
                oom = run_batch(bt, op->threads) != 0;
                pg.records += (size_t)bt->n;
                werr = flush_batch(bt, &failed, op->strict, &stop) != 0;
                batch_bytes = 0;
                show_progress(&pg, 0);
            }
        }
        if (r && n < 0 && !werr && !oom) {
            /* The file broke off: its own error line, after its records. */
            snprintf(msg, sizeof msg, "cannot read '%s' past byte %zu: %s", files[f],
                     fx_reader_offset(r), fx_strerror(n));
            fprintf(stderr, "stance-predict: %s\n", msg);
            memset(&rec, 0, sizeof rec);
            rec.id = files[f];
            rec.error = msg;
            if (copy_record(&bt->job[bt->n], &rec)) {
                job_release(&bt->job[bt->n]);
                oom = 1;
            } else {
                bt->n++;
                oom = run_batch(bt, op->threads) != 0;
                pg.records += (size_t)bt->n;
                werr = flush_batch(bt, &failed, op->strict, &stop) != 0;
                batch_bytes = 0;
            }
        }
        fx_reader_free(r);
    }
    if (bt->n && !werr && !oom) {
        oom = run_batch(bt, op->threads) != 0;
        pg.records += (size_t)bt->n;
        werr = flush_batch(bt, &failed, op->strict, &stop) != 0;
    }
    for (int i = 0; i < bt->n; i++)
        job_release(&bt->job[i]);
    show_progress(&pg, 1);
    pthread_mutex_destroy(&bt->lock);
    free(bt);
    if (oom)
        return -2;
    if (werr)
        return -1;
    return failed;
}

static int print_table(const cJSON *arr)
{
    const cJSON *s, *t;
    cJSON_ArrayForEach(s, arr) {
        double sent = cJSON_GetObjectItemCaseSensitive(s, "sentiment")->valuedouble;
        const char *text = cJSON_GetObjectItemCaseSensitive(s, "sentence")->valuestring;
        if (printf("%+.2f  %s\n", sent, text) < 0)
            return -1;
        cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(s, "targets")) {
            const cJSON *sc = cJSON_GetObjectItemCaseSensitive(t, "scores");
            if (printf("       %-3s %-12s coop %.2f  crit %.2f  neutral %.2f\n",
                       cJSON_GetObjectItemCaseSensitive(t, "country")->valuestring,
                       cJSON_GetObjectItemCaseSensitive(t, "label")->valuestring,
                       cJSON_GetObjectItemCaseSensitive(sc, "cooperative")->valuedouble,
                       cJSON_GetObjectItemCaseSensitive(sc, "critical")->valuedouble,
                       cJSON_GetObjectItemCaseSensitive(sc, "neutral")->valuedouble) < 0)
                return -1;
        }
    }
    return 0;
}

/* Scores the sentences of one text; where says which input it is
 * ("argument 2", "line 7") for errors. */
static int score_text(struct worker *w, const char *text, size_t len, int format,
                      const char *where)
{
    long bad = fx_utf8_check(text, len);
    const char *nul = memchr(text, '\0', len);
    if (bad >= 0 || nul) {
        fprintf(stderr, "stance-predict: %s: %s at byte %ld\n", where,
                bad >= 0 ? "invalid UTF-8" : "NUL byte", bad >= 0 ? bad + 1 : (long)(nul - text) + 1);
        return 1;
    }
    cJSON *arr = cJSON_CreateArray();
    if (!arr || worker_sentences(w, text, len, arr)) {
        cJSON_Delete(arr);
        return -2;
    }
    int rc = 0;
    if (format == FMT_TABLE) {
        rc = print_table(arr);
    } else {
        const cJSON *s;
        cJSON_ArrayForEach(s, arr) {
            char *line = cJSON_PrintUnformatted(s);
            if (!line || puts(line) == EOF)
                rc = line ? -1 : -2;
            free(line);
            if (rc)
                break;
        }
    }
    cJSON_Delete(arr);
    return rc;
}

static int run_sentences(const struct opts *op, struct worker *w, char **texts, int n)
{
    int format = op->format == FMT_DEFAULT ? (isatty(STDOUT_FILENO) ? FMT_TABLE : FMT_JSON)
                                           : op->format;
    int failed = 0;
    char where[64];
    for (int i = 0; i < n; i++) {
        snprintf(where, sizeof where, "argument %d", i + 1);
        int rc = score_text(w, texts[i], strlen(texts[i]), format, where);
        if (rc < 0)
            return rc;
        failed |= rc;
    }
    if (n > 0)
        return failed;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    size_t lineno = 0;
    while ((len = getline(&line, &cap, stdin)) > 0) {
        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (len == 0)
            continue;
        snprintf(where, sizeof where, "<stdin>:%zu", lineno);
        int rc = score_text(w, line, (size_t)len, format, where);
        if (rc < 0) {
            free(line);
            return rc;
        }
        failed |= rc;
    }
    free(line);
    return failed;
}

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "stance-predict: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nstance-predict: try 'stance-predict -h' for help\n");
    return 2;
}

static int run(const struct opts *op, char **args, int nargs)
{
    char msg[1200], warning[512];
    struct labeler lb;
    if (labeler_load(&lb, op->model, op->data, op->gazetteer, msg, sizeof msg, warning, sizeof warning)) {
        fprintf(stderr, "stance-predict: %s\n", msg);
        return 1;
    }
    if (warning[0] && !op->quiet)
        fprintf(stderr, "stance-predict: warning: %s\n", warning);
    int nt = op->sentences ? 1 : op->threads;
    struct worker **workers = calloc((size_t)nt, sizeof *workers);
    int rc = workers ? 0 : -2;
    for (int i = 0; !rc && i < nt; i++)
        if (!(workers[i] = worker_create(&lb)))
            rc = -2;
    if (!rc && op->sentences) {
        rc = run_sentences(op, workers[0], args, nargs);
    } else if (!rc) {
        char *stdin_only[] = {"-"};
        char **files;
        size_t nfiles;
        const char *bad;
        if (fx_paths_expand(nargs ? args : stdin_only, nargs ? (size_t)nargs : 1, &files, &nfiles, &bad))
            rc = -2;
        else
            rc = run_batch_mode(op, files, nfiles, workers);
        fx_paths_free(files, nfiles);
    }
    for (int i = 0; workers && i < nt; i++)
        worker_free(workers[i]);
    free(workers);
    labeler_release(&lb);
    if (rc == -2) {
        fprintf(stderr, "stance-predict: out of memory\n");
        return 1;
    }
    if (rc == -1 || fflush(stdout) == EOF || ferror(stdout)) {
        fprintf(stderr, "stance-predict: write error: %s\n", strerror(errno));
        return 1;
    }
    return rc;
}

int main(int argc, char **argv)
{
    /* A closed pipe (stance-predict ... | head) ends the run quietly, even
     * when the caller left SIGPIPE ignored. */
    signal(SIGPIPE, SIG_DFL);
    struct opts op = {0};
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    op.threads = n > 0 && n <= 64 ? (int)n : 1;
    int c;
    char *end;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:qh", options, NULL)) != -1) {
        switch (c) {
        case 'm': op.model = optarg; break;
        case 'F':
            if (strcmp(optarg, "json") == 0)
                op.format = FMT_JSON;
            else if (strcmp(optarg, "tsv") == 0)
                op.format = FMT_TSV;
            else if (strcmp(optarg, "table") == 0)
                op.format = FMT_TABLE;
            else
                return usage_error("--format takes json, tsv or table, not '%s'", optarg);
            break;
        case 'S': op.sentences = 1; break;
        case 'T':
            n = strtol(optarg, &end, 10);
            if (*end || end == optarg || n < 1 || n > 64)
                return usage_error("--threads needs a number from 1 to 64, not '%s'", optarg);
            op.threads = (int)n;
            break;
        case 'X': op.strict = 1; break;
        case 'q': op.quiet = 1; break;
        case 'D': op.data = optarg; break;
        case 'Z': op.gazetteer = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default:
            fx_option_error("stance-predict", argv, c);
            return 2;
        }
    }
    if (op.format == FMT_TABLE && !op.sentences)
        return usage_error("%s", "--format table is for --sentences");
    if (op.format == FMT_TSV && op.sentences)
        return usage_error("%s", "--sentences writes json or table");
    int rc = run(&op, argv + optind, argc - optind);
    if (fclose(stdout) != 0 && rc == 0) {
        fprintf(stderr, "stance-predict: write error: %s\n", strerror(errno));
        rc = 1;
    }
    return rc;
}
