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

/* The quotes as the SPEC-style JSON array of stance-features --quotes:
 * text, start, end, speaker, parent, mentions. NULL on FX_ENOMEM. Caller
 * frees with cJSON_Delete. */
cJSON *fx_article_quotes_json(const struct fx_article *a);

/* Adds text[b0..b1) to obj as a string member; an empty span gives null
 * when null_if_empty is set, "" otherwise. Returns 0 or FX_ENOMEM. */
int fx_json_add_span(cJSON *obj, const char *name, const char *text,
                     uint32_t b0, uint32_t b1, int null_if_empty);

#endif
