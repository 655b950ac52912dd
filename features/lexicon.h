/* lexicon.h - weighted cue words and the polarity of a span of tokens.
 *
 * Lexicons are the hand-written TSV files of datasets/lexicons/ (FORM, CATEGORY,
 * WEIGHT; see their headers). All languages share one table: forms are
 * folded like the text, so a French and a Russian form never collide in
 * practice, and no language detection is needed. At one position the
 * longest multi-word form wins, then a whole word, then the longest stem.
 * A negator reverses the first cue after it in its clause (so ne ... pas
 * negates once, and "n'a jamais refusé le dialogue" reverses "refusé" but
 * not "dialogue"); a reversed cue changes side: a negated cooperation cue
 * counts as criticism, a negated criticism cue as cooperation. An
 * intensifier multiplies the next cue of its clause. */
#ifndef FX_LEXICON_H
#define FX_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

enum fx_lex_cat {
    FX_LEX_COOP, FX_LEX_CRIT, FX_LEX_POS, FX_LEX_NEG,
    FX_LEX_NEGATOR, FX_LEX_INTENSIFIER,
    FX_LEX_NCAT
};

struct fx_cue {
    uint32_t t0, t1;        /* tokens */
    uint8_t cat;            /* after negation: COOP, CRIT, POS or NEG */
    uint8_t negated;
    float value;            /* signed: > 0 for COOP and POS */
};

struct fx_cues {
    struct fx_cue *c;
    size_t n, cap;
};

struct fx_lexicon;

/* Parses lexicon source text (one or more files concatenated; name is for
 * messages). Returns the lexicon or NULL with *err set and msg filled with
 * "name:line: why". Caller frees with fx_lexicon_free. */
struct fx_lexicon *fx_lexicon_parse(struct fx_tokenizer *tz, const char *src,
                                    size_t len, const char *name, int *err,
                                    char *msg, size_t msglen);

/* Reads every *.tsv in dir, sorted, into one source text (each file opened
 * by a "#@file NAME" line), which is what a model stores. Returns 0 or
 * FX_EIO / FX_ENOMEM, with msg filled. Caller frees *src. */
int fx_lexicon_read_dir(const char *dir, char **src, size_t *len, char *msg,
                        size_t msglen);

void fx_lexicon_free(struct fx_lexicon *lx);

/* Number of weighted entries (coop, crit, pos, neg) and of all entries. */
size_t fx_lexicon_weighted(const struct fx_lexicon *lx);

/* Finds the cues in tokens [t0, t1) of doc, negation and intensity
 * applied, replacing what out held. Returns 0 or FX_ENOMEM. */
int fx_lexicon_scan(const struct fx_lexicon *lx, const struct fx_doc *doc,
                    size_t t0, size_t t1, struct fx_cues *out);

/* Polarity in [-1, 1] of a list of cues: tanh of their summed values. */
double fx_cues_sentiment(const struct fx_cues *cs, size_t from, size_t to);

void fx_cues_init(struct fx_cues *cs);
void fx_cues_release(struct fx_cues *cs);

#endif
