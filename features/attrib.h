/* attrib.h - who said a quote.
 *
 * Cues come from datasets/attribution.tsv (speech verbs, "selon X" style
 * prepositions, pronouns, auxiliaries, words that end a speaker phrase), in
 * any language, folded like the text. The speaker of a quote is the nearest
 * attribution: right after the closing mark (», a déclaré le ministre. /
 * ," Lavrov said.), right before the opening mark (Le ministre a déclaré :
 * « / Selon lui, «), an attribution interrupting the quote (« ..., dit-il,
 * ... »), or the sentence after the quote. A pronoun speaker is resolved by
 * the caller to the last named speaker before it. */
#ifndef FX_ATTRIB_H
#define FX_ATTRIB_H

#include <stddef.h>
#include <stdint.h>

#include "quotes.h"
#include "text.h"

struct fx_attrib;

/* Loads the cue file, folding forms with tz. Returns NULL with *err set
 * (FX_EIO, FX_ENOMEM, FX_EFORMAT with *line). Caller frees with
 * fx_attrib_free. */
struct fx_attrib *fx_attrib_load(struct fx_tokenizer *tz, const char *path,
                                 int *err, size_t *line);
void fx_attrib_free(struct fx_attrib *at);

struct fx_speaker {
    uint32_t b0, b1;    /* byte span of the speaker phrase; b0 == b1: none */
    int pronoun;        /* the phrase is a pronoun to resolve */
};

/* Finds the speaker of quote k. Fills *sp (b0 == b1 when there is none). */
void fx_attrib_speaker(const struct fx_attrib *at, const struct fx_doc *doc,
                       const struct fx_quotes *qs, size_t k, struct fx_speaker *sp);

/* The closest named speaker of the narration before byte `before`: a
 * clause with a speech verb in one of the three sentences before it, not
 * inside a quote (« Sur ce, a déclaré le porte-parole. »). Returns 1 and
 * fills *sp, or 0. */
int fx_attrib_narration(const struct fx_attrib *at, const struct fx_doc *doc,
                        const struct fx_quotes *qs, uint32_t before, struct fx_speaker *sp);

#endif
