/* text.h - the text front end: UTF-8 in, tokens and sentences out.
 *
 * A document is analysed once: ICU word breaks give the tokens, ICU sentence
 * breaks (with our abbreviation suppressions) give the sentences. Every token
 * keeps its span in the original text, both in bytes and in Unicode code
 * points, and a folded key used for all matching: NFKC case folding, Latin
 * accents stripped, ё read as е, Russian inflection endings cut, English
 * possessive 's dropped. French and Italian elisions (l', d', qu') become
 * tokens of their own, hyphens separate tokens (so royaume-Uni and
 * Royaume Uni give the same keys). */
#ifndef FX_TEXT_H
#define FX_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "fx.h"

/* Token flags. */
enum {
    FX_TOK_UPPER = 1,    /* first letter is upper case */
    FX_TOK_CAPS = 2,     /* every letter upper case, at least two letters */
    FX_TOK_NUM = 4,      /* a number */
    FX_TOK_JOIN = 8,     /* only blanks or hyphens since the previous token */
    FX_TOK_ELISION = 16, /* an elided article or pronoun (l', d', qu') */
    FX_TOK_CYRL = 32,    /* Cyrillic letters */
    FX_TOK_ABBREV = 64,  /* an abbreviation or initial before its full stop
                            (M. Dupont, г. Москва): the stop ends nothing */
    FX_TOK_EMOJI = 128,  /* an emoji or a flag (regional indicator pair):
                            no word to ICU, but meaning in posts */
};

struct fx_token {
    uint32_t b0, b1;    /* byte span in the text, half open */
    uint32_t c0, c1;    /* code point span */
    uint32_t key;       /* offset of the folded key in fx_doc.pool */
    uint32_t klen;      /* its length in bytes */
    uint32_t sent;      /* index of the sentence holding the token */
    uint32_t flags;
};

struct fx_sentence {
    uint32_t b0, b1;    /* byte span, trailing blanks excluded */
    uint32_t t0, t1;    /* its tokens, half open */
};

/* An analysed text. Stack struct: fx_doc_init / fx_doc_release. The text is
 * borrowed and must outlive the doc. */
struct fx_doc {
    const char *text;
    size_t len;
    struct fx_token *tok;
    size_t ntok, tokcap;
    struct fx_sentence *sent;
    size_t nsent, sentcap;
    struct fx_buf pool;     /* folded keys, each NUL-terminated */
    uint32_t *blockcp;      /* code points before each 64-byte block */
    size_t nblock;
    uint64_t generation;    /* bumped by every analysis: tells caches apart */
};

/* One tokenizer per thread: ICU break iterators and the fold tables. */
struct fx_tokenizer;

/* Returns a tokenizer, or NULL with *err set (FX_ENOMEM, FX_EICU). Caller
 * frees with fx_tokenizer_free. */
struct fx_tokenizer *fx_tokenizer_create(int *err);
void fx_tokenizer_free(struct fx_tokenizer *tz);

void fx_doc_init(struct fx_doc *doc);
void fx_doc_release(struct fx_doc *doc);

/* Analyses text[0..len), which must be valid UTF-8 (check it first with
 * fx_utf8_check). Replaces what doc held. Returns 0, FX_ENOMEM, FX_ERANGE
 * (text over 2 GiB) or FX_EICU. */
int fx_doc_analyse(struct fx_tokenizer *tz, struct fx_doc *doc,
                   const char *text, size_t len);

/* The code point offset of byte offset b (b <= doc->len). */
uint32_t fx_doc_cp(const struct fx_doc *doc, size_t b);

/* The index of the first token starting at or after byte b (ntok if
 * none). */
size_t fx_doc_token_at(const struct fx_doc *doc, size_t b);

/* The folded key of token i, NUL-terminated. */
static inline const char *fx_doc_key(const struct fx_doc *doc, size_t i)
{
    return doc->pool.s + doc->tok[i].key;
}

/* Folds a phrase the way fx_doc_analyse folds text: keys of its tokens
 * joined by single spaces, appended to out. Returns the number of tokens,
 * or a negative FX_E* code. */
int fx_fold_phrase(struct fx_tokenizer *tz, const char *s, size_t len,
                   struct fx_buf *out);

#endif
