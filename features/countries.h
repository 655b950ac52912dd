/* countries.h - the gazetteer: which countries a text names, and how.
 *
 * Built from two sources at build time (gazetteer-build): every ISO 3166-1
 * country's name in every locale of ICU's CLDR data, with CLDR's short and
 * variant forms, and the hand-written datasets/aliases.tsv (capitals and
 * seats of government, demonyms, institutions, abbreviations, leaders with
 * their years in office, and block entries for false friends). The compiled
 * file holds one folded key per line; loading it builds a hash table of keys
 * and of key prefixes, so matching walks the tokens once, longest match
 * first, whatever the number of names. */
#ifndef FX_COUNTRIES_H
#define FX_COUNTRIES_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

enum fx_mention_kind {
    FX_KIND_NAME,
    FX_KIND_CAPITAL,
    FX_KIND_DEMONYM,
    FX_KIND_INSTITUTION,
    FX_KIND_PERSON,
    FX_KIND_BLOCK,          /* a false friend: matches, names no country */
    FX_KIND_COUNT
};

/* Entry flags, from aliases.tsv or set by gazetteer-build. */
enum {
    FX_GAZ_CAP = 1,     /* the first token must start with a capital */
    FX_GAZ_EXACT = 2,   /* letters must match case exactly (US, not us) */
    FX_GAZ_FIRST = 4,   /* also a given name: not before a capitalised word */
    FX_GAZ_ANYCAP = 8,  /* some word must be capitalised: royaume-Uni, but
                           not "la réunion" for La Réunion */
};

struct fx_mention {
    char country[3];        /* ISO 3166-1 alpha-2, or EU */
    uint8_t kind;           /* enum fx_mention_kind */
    uint32_t t0, t1;        /* tokens, half open */
    uint32_t b0, b1;        /* bytes */
};

struct fx_mentions {
    struct fx_mention *m;
    size_t n, cap;
};

struct fx_gazetteer;

/* Loads a compiled gazetteer. Returns it, or NULL with *err set (FX_EIO,
 * FX_ENOMEM, FX_EFORMAT with *line the 1-based bad line). Caller frees with
 * fx_gazetteer_free. */
struct fx_gazetteer *fx_gazetteer_load(const char *path, int *err, size_t *line);
void fx_gazetteer_free(struct fx_gazetteer *gz);

/* An empty gazetteer, to fill with fx_gazetteer_add. NULL on FX_ENOMEM.
 * Caller frees with fx_gazetteer_free. */
struct fx_gazetteer *fx_gazetteer_create(void);

/* Number of entries and of distinct countries, for reports and tests. */
size_t fx_gazetteer_size(const struct fx_gazetteer *gz);

/* A fingerprint of the compiled file (0 for one built with fx_gazetteer_add),
 * stored in models to tell gazetteers apart. */
uint64_t fx_gazetteer_fingerprint(const struct fx_gazetteer *gz);

/* Adds an entry at run time (key already folded with fx_fold_phrase, ntok
 * its token count); used for free-text targets and tests. Returns 0 or
 * FX_ENOMEM / FX_ERANGE. */
int fx_gazetteer_add(struct fx_gazetteer *gz, const char *key, const char *code,
                     int kind, unsigned flags, int from, int to,
                     const char *surface);

/* Finds every mention in doc, replacing what ms held. year is the
 * article's year (0 if unknown): a person matches only in the years of
 * office. Returns 0 or FX_ENOMEM. */
int fx_gazetteer_match(const struct fx_gazetteer *gz, const struct fx_doc *doc,
                       int year, struct fx_mentions *ms);

void fx_mentions_init(struct fx_mentions *ms);
void fx_mentions_release(struct fx_mentions *ms);

/* "name", "capital", ... for a kind; -1 from the parser for an unknown. */
const char *fx_kind_name(int kind);
int fx_kind_parse(const char *s);

/* Is code a known country code (ISO 3166-1 alpha-2 through ICU, or EU)? */
int fx_country_valid(const char *code);

#endif
