/* corpus.h - reading the SPEC's inputs as a stream of records.
 *
 * A record is an article (plain-text file, or a JSONL line with a "text")
 * or a labelled pair (a JSONL line with a "target"). Files ending in
 * .jsonl, .json or .ndjson (any case) and standard input are JSON Lines;
 * any other file is one plain-text article. Plain-text files give
 * one article each: a leading "date YYYY-MM[-DD]" token is taken off the
 * text, a UTF-8 byte order mark is dropped. JSONL files (.jsonl, .json, or
 * standard input) give one record per line. A record that cannot be read
 * still comes out, with its error message, so that batch runs never lose a
 * line; only an input that cannot be opened at all is reported once. */
#ifndef FX_CORPUS_H
#define FX_CORPUS_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "fx.h"

enum fx_record_kind { FX_REC_ARTICLE, FX_REC_PAIR };

struct fx_record {
    int kind;
    const char *source;     /* file name, "<stdin>" for - */
    size_t line;            /* 1-based JSONL line, 0 for a plain-text file */
    const char *id;         /* never NULL: the path, the "id", or source:line */
    const char *text;       /* NULL when error is set */
    size_t len;
    const char *lang;       /* NULL if absent */
    const char *date;       /* "YYYY-MM" or "YYYY-MM-DD", NULL if absent */
    int year;               /* from date, 0 if none */
    const char *target;     /* pairs: the target; NULL for articles */
    const char *label;      /* pairs: the label, NULL if unlabelled */
    long start, end;        /* pairs: mention span in code points, -1 if none */
    const cJSON *json;      /* the parsed line (articles: "quotes"), or NULL */
    const char *error;      /* why the record is unusable, or NULL */
};

struct fx_reader;

/* Opens path ("-" is standard input, read as JSONL). Returns NULL with
 * *err = FX_EIO (errno set) or FX_ENOMEM. Caller frees with
 * fx_reader_free. */
struct fx_reader *fx_reader_open(const char *path, int *err);
void fx_reader_free(struct fx_reader *r);

/* Reads the next record into *rec, valid until the next call. Returns 1, 0
 * at the end, or FX_EIO / FX_ENOMEM if reading fails midway. Input errors
 * are not failures: they come back as records with rec->error set. */
int fx_reader_next(struct fx_reader *r, struct fx_record *rec);

/* The same in two steps, so that the parse can run on another thread:
 * fx_reader_next_line gives a JSON Lines reader's next non-blank line
 * (valid until the next call; *n without the line end) and its number,
 * returning 1, 0 at the end, FX_EIO, or FX_EFORMAT for a plain-text
 * reader; fx_record_parse turns such a line into a record whose strings
 * live in ps until its next parse or fx_parse_release. */
struct fx_parse {
    cJSON *json;
    char idbuf[4200];
    char err[160];
};
void fx_parse_init(struct fx_parse *ps);
void fx_parse_release(struct fx_parse *ps);
int fx_reader_is_jsonl(const struct fx_reader *r);
int fx_reader_next_line(struct fx_reader *r, const char **line, size_t *n, size_t *lineno);
void fx_record_parse(struct fx_parse *ps, const char *source, size_t lineno,
                     const char *line, size_t n, struct fx_record *rec);

/* Bytes consumed so far, for progress lines. */
size_t fx_reader_offset(const struct fx_reader *r);

/* Expands files and directories (recursively, sorted, hidden files
 * skipped) into a list of paths; "-" passes through. Returns 0, FX_EIO
 * (with *bad the path that failed, errno set) or FX_ENOMEM. Caller frees
 * with fx_paths_free. */
int fx_paths_expand(char *const *in, size_t n, char ***out, size_t *nout,
                    const char **bad);
void fx_paths_free(char **paths, size_t n);

/* Parses a leading "date YYYY-MM[-DD]" token. Returns the number of bytes
 * to skip (token and the blanks after it), 0 if there is none; copies the
 * date into date (11 bytes). */
size_t fx_date_token(const char *s, size_t len, char date[11]);

/* Is label one of cooperative, critical, neutral? Returns its index or -1. */
int fx_label_index(const char *label);
extern const char *const fx_labels[3];

#endif
