/* article.h - the front end as one call: text to quotes, speakers and the
 * countries each quote names.
 *
 * fx_frontend holds what is loaded once and shared read-only by all
 * threads (gazetteer, attribution cues); each thread brings its own
 * tokenizer and article. */
#ifndef FX_ARTICLE_H
#define FX_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "attrib.h"
#include "countries.h"
#include "quotes.h"
#include "text.h"
#include "vector.h"

struct fx_frontend {
    struct fx_gazetteer *gz;
    struct fx_attrib *at;
};

/* Loads the gazetteer (gazetteer_path, or the build's default when NULL)
 * and the attribution cues from data_dir (or the default). On failure
 * returns a negative FX_E* code and writes "path:line: why" into msg. */
int fx_frontend_load(struct fx_frontend *fe, struct fx_tokenizer *tz,
                     const char *data_dir, const char *gazetteer_path,
                     char *msg, size_t msglen);
void fx_frontend_release(struct fx_frontend *fe);

struct fx_aquote {
    uint32_t b0, b1, c0, c1;    /* the quote text: bytes and code points */
    int32_t parent;             /* enclosing quote, or -1 */
    uint32_t sp0, sp1;          /* speaker bytes (pronouns resolved); sp0 == sp1: none */
    uint32_t m0, m1;            /* its mentions: fx_article.ms.m[m0..m1) */
};

struct fx_article {
    struct fx_doc doc;
    struct fx_quotes qs;
    struct fx_mentions ms;      /* every mention in the text, in order */
    struct fx_aquote *q;
    size_t nq, qcap;
};

void fx_article_init(struct fx_article *a);
void fx_article_release(struct fx_article *a);

/* Analyses text (valid UTF-8, borrowed until the next call). year is the
 * article's year or 0. Returns 0, FX_ENOMEM, FX_ERANGE or FX_EICU. */
int fx_article_analyse(const struct fx_frontend *fe, struct fx_tokenizer *tz,
                       struct fx_article *a, const char *text, size_t len, int year);

/* The same without quotes and speakers (nq is 0): tokens, sentences and
 * mentions only, for scoring sentences or pairs. */
int fx_article_analyse_text(const struct fx_frontend *fe, struct fx_tokenizer *tz,
                            struct fx_article *a, const char *text, size_t len, int year);

/* The quotes as the SPEC-style JSON array of stance-features --quotes:
 * text, start, end, speaker, parent, mentions. NULL on FX_ENOMEM. Caller
 * frees with cJSON_Delete. */
cJSON *fx_article_quotes_json(const struct fx_article *a);

/* Adds text[b0..b1) to obj as a string member; an empty span gives null
 * when null_if_empty is set, "" otherwise. Returns 0 or FX_ENOMEM. */
int fx_json_add_span(cJSON *obj, const char *name, const char *text,
                     uint32_t b0, uint32_t b1, int null_if_empty);


/* The pairs of one statement: every country it names, with the spans of
 * its mentions and of the other countries' mentions. */
struct fx_pair {
    char country[3];
    size_t tgt0, ntgt;          /* into fx_pairs.spans */
    size_t oth0, noth;
    struct fx_pair_view view;   /* filled by fx_article_pairs */
};

struct fx_pairs {
    struct fx_pair *p;
    size_t n, cap;
    struct fx_span *spans;
    size_t nspans, spancap;
};

void fx_pairs_init(struct fx_pairs *ps);
void fx_pairs_release(struct fx_pairs *ps);

/* The pairs of the statement text[b0..b1) of an analysed article, one per
 * country named in it, in order of first mention; sp0..sp1 is the speaker
 * phrase (for the own-country feature; sp0 == sp1 when unknown). Replaces
 * what ps held. Returns 0 or FX_ENOMEM. */
int fx_article_pairs(const struct fx_article *a, uint32_t b0, uint32_t b1,
                     uint32_t sp0, uint32_t sp1, struct fx_pairs *ps);

/* The pair of a labelled-pair record: the whole analysed text is the
 * statement; the target is a country code (found by the gazetteer), any
 * other text (found by its folded words), or given as a code-point span
 * (start >= 0). folded_target is the target folded with fx_fold_phrase,
 * kept by the caller while the pair is used. Replaces what ps held, with
 * exactly one pair. Returns 0 or FX_ENOMEM. */
int fx_record_pair(const struct fx_article *a, const char *target,
                   const char *folded_target, long start, long end,
                   struct fx_pairs *ps);

/* Byte offset of code point c in text (c past the end gives len). */
size_t fx_cp_to_byte(const char *text, size_t len, size_t c);

#endif
