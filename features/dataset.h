/* dataset.h - labelled data as vectors: what training and evaluation share.
 *
 * Reads JSONL files in either SPEC format (labelled articles, labelled
 * pairs, mixed). For an article each labelled quote is located in the text
 * (first occurrence) and its pairs built by the front end; a labelled
 * country the front end does not find in the quote is counted and the
 * first few are kept as messages with file:line, never dropped silently.
 * A malformed line stops loading with file:line and what is wrong: training
 * data is all or nothing. */
#ifndef FX_DATASET_H
#define FX_DATASET_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "corpus.h"
#include "lexicon.h"
#include "vector.h"

#define FX_DATASET_MAX_LANGS 32

struct fx_example {
    struct fx_vec x;
    int label;              /* fx_labels index; -1 for a pair the front end
                               found in a labelled quote that has no label */
    uint32_t group;         /* article (or pair record) number: folds keep groups whole */
    uint8_t lang;           /* index in fx_dataset.langs */
    char country[3];
    char *id;               /* article id */
    char *quote;            /* the statement, for reports */
    size_t line;            /* its JSONL line */
    int found;              /* the front end found the pair (else x is empty:
                               a labelled pair lost, kept with keep_extra) */
};

struct fx_dataset {
    struct fx_example *ex;
    size_t n, cap;
    char langs[FX_DATASET_MAX_LANGS][8];
    size_t nlangs;
    uint32_t ngroups;
    /* The front end measured against the labels (articles only). */
    size_t gold_quotes, quotes_found;       /* labelled quotes, found with the same span */
    size_t gold_countries, countries_found; /* labelled (quote, country), found */
    size_t found_countries;                 /* countries found in labelled quotes */
    size_t missing;                         /* labelled pairs lost (country not found) */
    struct fx_buf problems;                 /* first few "file:line: ..." lines */
    size_t nproblems;
};

void fx_dataset_init(struct fx_dataset *ds);
void fx_dataset_release(struct fx_dataset *ds);

/* Everything loading needs, borrowed. */
struct fx_dataset_ctx {
    const struct fx_frontend *fe;
    struct fx_tokenizer *tz;
    struct fx_vectorizer *vz;
    int keep_text;          /* keep id and quote of each example (reports) */
    int keep_extra;         /* also keep unlabelled found pairs (label -1)
                               and labelled pairs not found (found = 0) */
};

/* Appends the labelled pairs of file path. Returns 0, or a negative FX_E*
 * code with msg saying where and why. */
int fx_dataset_load(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                    const char *path, char *msg, size_t msglen);

/* Appends the labelled pairs of one record (a and ps are scratch). Returns
 * 0 or a negative FX_E* code, with *why saying what is wrong with the
 * record (NULL for FX_ENOMEM). */
int fx_dataset_add(struct fx_dataset *ds, const struct fx_dataset_ctx *ctx,
                   struct fx_article *a, struct fx_pairs *ps,
                   const struct fx_record *rec, const char **why);

#endif
