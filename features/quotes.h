/* quotes.h - quoted statements in an article text.
 *
 * Recognises the SPEC's marks: « », “ ”, „ “ (or „ ”), ‹ ›, 「 」, 『 』 and
 * straight " ", and inside another quote only ‘ ’ and ‚ ‘. Quotes nest; an
 * inner quote records its parent. A quote left open at the end of its
 * paragraph runs on when the next paragraph opens with the same mark (the
 * French and English convention), unless the paragraph's own ending shows
 * that it was over (an inner quote closed, then ", – a dit X."); otherwise
 * it ends with its paragraph. Apostrophes are never quotation marks: a ’
 * between two letters is an apostrophe. */
#ifndef FX_QUOTES_H
#define FX_QUOTES_H

#include <stddef.h>
#include <stdint.h>

/* Nesting deeper than this is read as plain text, which keeps the output
 * linear in the input however many marks a hostile text piles up. */
#define FX_QUOTES_MAX_DEPTH 16

struct fx_quote {
    uint32_t b0, b1;     /* the text inside the marks, trimmed, in bytes */
    uint32_t open_at;    /* byte offset of the opening mark */
    uint32_t close_at;   /* byte offset of the closing mark, or UINT32_MAX */
    int32_t parent;      /* index of the enclosing quote, or -1 */
    int32_t mark;        /* the opening mark's code point */
};

struct fx_quotes {
    struct fx_quote *q;
    size_t n, cap;
};

void fx_quotes_init(struct fx_quotes *qs);
void fx_quotes_release(struct fx_quotes *qs);

/* Finds the quotes of text[0..len) (valid UTF-8), in order of their opening
 * marks, replacing what qs held. Returns 0 or FX_ENOMEM. */
int fx_quotes_find(struct fx_quotes *qs, const char *text, size_t len);

#endif
