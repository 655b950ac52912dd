/* stance-features - the front end from the shell.
 *
 * --quotes: one JSON line per input article with its quotes, speakers and
 * the countries each quote names. No model needed. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "corpus.h"

static const char usage[] =
    "usage: stance-features --quotes [options] [FILE|DIR|-]...\n"
    "\n"
    "Reads articles: plain-text files (a leading 'date YYYY-MM' token gives the\n"
    "date), directories of them (recursively), JSON Lines files (.jsonl, .json)\n"
    "in the SPEC's article or pair format, or JSON Lines on stdin ('-' or no\n"
    "file). Writes one JSON line per article, in input order.\n"
    "\n"
    "  --quotes            print each article's quotes: text, start, end (code\n"
    "                      points), speaker, parent (enclosing quote or null),\n"
    "                      and mentions {country, mention, start, end, kind}\n"
    "  --gazetteer FILE    compiled gazetteer (default: the build's)\n"
    "  --data DIR          data directory with attribution.tsv (default: the\n"
    "                      source tree's datasets/)\n"
    "  --strict            stop at the first bad record\n"
    "  -h, --help          show this help\n"
    "\n"
    "Exit status: 0 ok, 1 if any record failed or a data file is bad, 2 usage.\n";

static const struct option options[] = {
    {"quotes", no_argument, NULL, 'Q'},
    {"gazetteer", required_argument, NULL, 'G'},
    {"data", required_argument, NULL, 'D'},
    {"strict", no_argument, NULL, 'S'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

struct opts {
    int quotes, strict;
    const char *gazetteer, *data;
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

static int run(const struct opts *op, char **files, size_t nfiles)
{
    int err, failed = 0;
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
    fx_article_init(&art);
    for (size_t i = 0; i < nfiles && !(failed && op->strict); i++) {
        struct fx_reader *r = fx_reader_open(files[i], &err);
        if (!r) {
            const char *why = err == FX_EIO ? strerror(errno) : fx_strerror(err);
            fprintf(stderr, "stance-features: cannot open '%s': %s\n", files[i], why);
            if (write_error(files[i], "cannot open '%s': %s", files[i], why))
                goto write_failed;
            failed = 1;
            continue;
        }
        struct fx_record rec;
        int n;
        while ((n = fx_reader_next(r, &rec)) > 0) {
            int rc = process(&fe, tz, &art, &rec);
            if (rc < 0) {
                fx_reader_free(r);
                goto write_failed;
            }
            if (rc) {
                failed = 1;
                if (op->strict)
                    break;
            }
        }
        if (n < 0) {
            fprintf(stderr, "stance-features: cannot read '%s': %s\n", files[i], fx_strerror(n));
            failed = 1;
        }
        fx_reader_free(r);
    }
    fx_article_release(&art);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    if (fflush(stdout) == EOF || ferror(stdout)) {
        fprintf(stderr, "stance-features: write error: %s\n", strerror(errno));
        return 1;
    }
    return failed;
write_failed:
    fprintf(stderr, "stance-features: write error: %s\n", strerror(errno));
    fx_article_release(&art);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    return 1;
}

int main(int argc, char **argv)
{
    struct opts op = {0};
    int c;
    while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
        switch (c) {
        case 'Q': op.quotes = 1; break;
        case 'G': op.gazetteer = optarg; break;
        case 'D': op.data = optarg; break;
        case 'S': op.strict = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        default:
            fprintf(stderr, "stance-features: try 'stance-features -h' for help\n");
            return 2;
        }
    }
    if (!op.quotes) {
        fprintf(stderr, "stance-features: say what to print: --quotes\n"
                        "stance-features: try 'stance-features -h' for help\n");
        return 2;
    }
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
    int rc = run(&op, files, nfiles);
    fx_paths_free(files, nfiles);
    if (fclose(stdout) != 0 && rc == 0) {
        fprintf(stderr, "stance-features: write error: %s\n", strerror(errno));
        rc = 1;
    }
    return rc;
}
