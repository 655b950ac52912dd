/* lexicon.c - loading the cue tables and scanning tokens for cues. */
#include "lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

#define LEX_NONE FX_STRMAP_NONE
#define LEX_MAX_TOKENS 6

static const char *const cat_names[FX_LEX_NCAT + 1] = {
    "coop", "crit", "pos", "neg", "negator", "intensifier", "diminisher"
};

struct lex_entry {
    uint8_t cat, ntok;
    float weight;
};

struct fx_lexicon {
    struct lex_entry *e;
    size_t ne, ecap, weighted;
    struct fx_strmap words;     /* whole words and phrases; prefixes -> NONE */
    struct fx_strmap stems;
    unsigned maxtok;
    size_t min_stem, max_stem;  /* bytes */
};

void fx_cues_init(struct fx_cues *cs)
{
    cs->c = NULL;
    cs->n = cs->cap = 0;
}

void fx_cues_release(struct fx_cues *cs)
{
    free(cs->c);
    fx_cues_init(cs);
}

void fx_lexicon_free(struct fx_lexicon *lx)
{
    if (!lx)
        return;
    free(lx->e);
    fx_strmap_release(&lx->words);
    fx_strmap_release(&lx->stems);
    free(lx);
}

size_t fx_lexicon_weighted(const struct fx_lexicon *lx)
{
    return lx->weighted;
}

static int add_entry(struct fx_lexicon *lx, const char *key, size_t n, int stem,
                     int cat, float weight, unsigned ntok)
{
    int created;
    if (!stem)
        for (size_t i = 0; i < n; i++)
            if (key[i] == ' ' && !fx_strmap_put(&lx->words, key, i, NULL))
                return FX_ENOMEM;
    uint32_t *v = fx_strmap_put(stem ? &lx->stems : &lx->words, key, n, &created);
    if (!v)
        return FX_ENOMEM;
    if (*v != LEX_NONE)
        return 0;       /* the first entry of a form wins */
    if (lx->ne == lx->ecap) {
        size_t cap = lx->ecap ? lx->ecap * 2 : 512;
        struct lex_entry *e = realloc(lx->e, cap * sizeof *e);
        if (!e)
            return FX_ENOMEM;
        lx->e = e;
        lx->ecap = cap;
    }
    *v = (uint32_t)lx->ne;
    lx->e[lx->ne++] = (struct lex_entry){(uint8_t)cat, (uint8_t)ntok, weight};
    if (cat <= FX_LEX_NEG)
        lx->weighted++;
    if (ntok > lx->maxtok)
        lx->maxtok = ntok;
    if (stem && (lx->min_stem == 0 || n < lx->min_stem))
        lx->min_stem = n;
    if (stem && n > lx->max_stem)
        lx->max_stem = n;
    return 0;
}

/* One line: FORM TAB CATEGORY TAB WEIGHT. Returns 0 or a message. */
static const char *parse_line(struct fx_lexicon *lx, struct fx_tokenizer *tz,
                              char *line, struct fx_buf *key, int *err)
{
    char *t1 = strchr(line, '\t');
    char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
    if (!t2 || strchr(t2 + 1, '\t'))
        return "want FORM<TAB>CATEGORY<TAB>WEIGHT";
    *t1 = *t2 = '\0';
    int cat = -1;
    for (int c = 0; c <= FX_LEX_NCAT; c++)
        if (strcmp(t1 + 1, cat_names[c]) == 0)
            cat = c == FX_LEX_NCAT ? FX_LEX_INTENSIFIER : c;
    if (cat < 0)
        return "unknown category";
    char *end;
    double w = strtod(t2 + 1, &end);
    while (*end == ' ' || *end == '\r')
        end++;
    if (end == t2 + 1 || *end)
        return "weight is not a number";
    if ((cat == FX_LEX_COOP || cat == FX_LEX_POS) && !(w > 0 && w <= 1))
        return "coop and pos weights must be in (0, 1]";
    if ((cat == FX_LEX_CRIT || cat == FX_LEX_NEG) && !(w < 0 && w >= -1))
        return "crit and neg weights must be in [-1, 0)";
    if (cat == FX_LEX_INTENSIFIER && !(w > 0 && w <= 5))
        return "intensifier weights must be in (0, 5]";
    size_t n = strlen(line);
    int stem = n > 1 && line[n - 1] == '*';
    key->len = 0;
    fx_buf_add(key, "", 0);
    int ntok = fx_fold_phrase(tz, line, n - (size_t)stem, key);
    if (ntok < 0) {
        *err = ntok;
        return "cannot fold";
    }
    if (ntok == 0)
        return "empty form";
    if (ntok > LEX_MAX_TOKENS)
        return "form has too many words";
    /* A multi-word form with a final * matches its last word as a stem:
     * keep it simple and match the phrase as written. */
    if (ntok > 1)
        stem = 0;
    *err = add_entry(lx, key->s, key->len, stem, cat, (float)w, (unsigned)ntok);
    return *err ? "out of memory" : NULL;
}

struct fx_lexicon *fx_lexicon_parse(struct fx_tokenizer *tz, const char *src,
                                    size_t len, const char *name, int *err,
                                    char *msg, size_t msglen)
{
    struct fx_lexicon *lx = calloc(1, sizeof *lx);
    char *copy = malloc(len + 1);
    struct fx_buf key;
    fx_buf_init(&key);
    *err = FX_ENOMEM;
    if (!lx || !copy) {
        snprintf(msg, msglen, "%s: out of memory", name);
        goto fail;
    }
    fx_strmap_init(&lx->words);
    fx_strmap_init(&lx->stems);
    memcpy(copy, src, len);
    copy[len] = '\0';
    char file[256];
    snprintf(file, sizeof file, "%s", name);
    size_t line = 0;
    *err = 0;
    for (char *p = copy; *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        line++;
        if (strncmp(p, "#@file ", 7) == 0) {
            snprintf(file, sizeof file, "%s", p + 7);
            line = 0;
        } else if (*p && *p != '#' && *p != '\r') {
            const char *why = parse_line(lx, tz, p, &key, err);
            if (why) {
                snprintf(msg, msglen, "%s:%zu: %s", file, line, why);
                if (!*err)
                    *err = FX_EFORMAT;
                goto fail;
            }
        }
        p = nl ? nl + 1 : p + strlen(p);
    }
    free(copy);
    fx_buf_release(&key);
    return lx;
fail:
    free(copy);
    fx_buf_release(&key);
    fx_lexicon_free(lx);
    return NULL;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int fx_lexicon_read_dir(const char *dir, char **src, size_t *len, char *msg,
                        size_t msglen)
{
    struct dirent **names;
    *src = NULL;
    *len = 0;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) {
        snprintf(msg, msglen, "cannot read '%s': %s", dir, strerror(errno));
        return FX_EIO;
    }
    struct fx_buf b;
    fx_buf_init(&b);
    int err = 0, files = 0;
    for (int i = 0; i < n; i++) {
        const char *nm = names[i]->d_name;
        size_t k = strlen(nm);
        if (!err && nm[0] != '.' && k > 4 && strcmp(nm + k - 4, ".tsv") == 0) {
            char path[4096], *data;
            size_t dlen;
            snprintf(path, sizeof path, "%s/%s", dir, nm);
            if ((err = fx_read_file(path, &data, &dlen))) {
                snprintf(msg, msglen, "cannot read '%s': %s", path, fx_strerror(err));
            } else {
                err = fx_buf_addf(&b, "#@file %s\n", path) || fx_buf_add(&b, data, dlen)
                    || fx_buf_addc(&b, '\n') ? FX_ENOMEM : 0;
                free(data);
                files++;
            }
        }
        free(names[i]);
    }
    free(names);
    if (!err && !files) {
        snprintf(msg, msglen, "no lexicon (*.tsv) in '%s'", dir);
        err = FX_EIO;
    }
    if (err) {
        fx_buf_release(&b);
        return err;
    }
    *src = b.s;
    *len = b.len;
    return 0;
}

/* The entry matching at token i and its length in tokens, or NULL. */
static const struct lex_entry *match_at(const struct fx_lexicon *lx,
                                        const struct fx_doc *doc, size_t i,
                                        size_t end, size_t *ntok)
{
    char buf[256];
    size_t n = 0;
    const struct lex_entry *best = NULL;
    for (size_t j = i; j < end && j - i < lx->maxtok; j++) {
        const struct fx_token *t = &doc->tok[j];
        if (n + t->klen + 2 > sizeof buf || (j > i && t->sent != doc->tok[i].sent))
            break;
        if (j > i)
            buf[n++] = ' ';
        memcpy(buf + n, fx_doc_key(doc, j), t->klen);
        n += t->klen;
        const uint32_t *v = fx_strmap_get(&lx->words, buf, n);
        if (!v)
            break;
        if (*v != LEX_NONE) {
            best = &lx->e[*v];
            *ntok = j - i + 1;
        }
    }
    if (best || !lx->stems.used)
        return best;
    /* The longest stem that starts the word; no stem is longer than
     * max_stem, which keeps a megabyte-long "word" linear. */
    const char *key = fx_doc_key(doc, i);
    size_t klen = doc->tok[i].klen, top = klen < lx->max_stem ? klen : lx->max_stem;
    if (top < lx->min_stem)
        return NULL;
    /* Every prefix hashed in one pass; a stem longer than 255 bytes (no
     * real lexicon has one) is hashed on its own. */
    uint64_t h[256];
    size_t nh = top < 255 ? top : 255;
    fx_key_prefix_hashes(key, nh, h);
    for (size_t k = top; k >= lx->min_stem && k > 0; k--) {
        if (k < klen && ((unsigned char)key[k] & 0xC0) == 0x80)
            continue;    /* not a code point boundary */
        const uint32_t *v = k <= nh ? fx_strmap_get_hashed(&lx->stems, key, k, h[k])
                                    : fx_strmap_get(&lx->stems, key, k);
        if (v) {
            *ntok = 1;
            return &lx->e[*v];
        }
    }
    return NULL;
}

static int clause_break(const struct fx_doc *doc, size_t j)
{
    const struct fx_token *a = &doc->tok[j - 1], *b = &doc->tok[j];
    if (a->sent != b->sent)
        return 1;
    for (uint32_t k = a->b1; k < b->b0; k++)
        if (strchr(",;:.!?()\n", doc->text[k]))
            return 1;
    return 0;
}

int fx_lexicon_scan(const struct fx_lexicon *lx, const struct fx_doc *doc,
                    size_t t0, size_t t1, struct fx_cues *out)
{
    out->n = 0;
    int negate = 0;
    double mult = 1;
    for (size_t i = t0; i < t1;) {
        if (i > t0 && clause_break(doc, i)) {
            negate = 0;
            mult = 1;
        }
        size_t ntok = 1;
        const struct lex_entry *e = match_at(lx, doc, i, t1, &ntok);
        if (!e) {
            i++;
            continue;
        }
        if (e->cat == FX_LEX_NEGATOR) {
            negate = 1;
        } else if (e->cat == FX_LEX_INTENSIFIER) {
            mult *= e->weight;
        } else {
            if (out->n == out->cap) {
                size_t cap = out->cap ? out->cap * 2 : 32;
                struct fx_cue *c = realloc(out->c, cap * sizeof *c);
                if (!c)
                    return FX_ENOMEM;
                out->c = c;
                out->cap = cap;
            }
            struct fx_cue *c = &out->c[out->n++];
            c->t0 = (uint32_t)i;
            c->t1 = (uint32_t)(i + ntok);
            c->value = (float)(e->weight * mult);
            c->cat = e->cat;
            c->negated = (uint8_t)negate;
            if (negate) {
                static const uint8_t flip[4] = {FX_LEX_CRIT, FX_LEX_COOP, FX_LEX_NEG, FX_LEX_POS};
                c->value = -c->value;
                c->cat = flip[e->cat];
            }
            negate = 0;
            mult = 1;
        }
        i += ntok;
    }
    return 0;
}

double fx_cues_sentiment(const struct fx_cues *cs, size_t from, size_t to)
{
    double s = 0;
    for (size_t i = from; i < to && i < cs->n; i++)
        s += cs->c[i].value;
    return tanh(s);
}
