/* attrib.c - speaker attribution by windows around the quote marks. */
#include "attrib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"

enum { CUE_VERB, CUE_PREP, CUE_PRONOUN, CUE_AUX, CUE_LEAD, CUE_STOP, CUE_KINDS };
static const char *const cue_names[CUE_KINDS] = {"verb", "prep", "pronoun", "aux", "lead", "stop"};

#define MAX_CUE_TOKENS 4
#define MAX_SPEAKER_TOKENS 10
#define WINDOW 24

struct cue {
    int kind, ntok;
    char *key[MAX_CUE_TOKENS];
    uint32_t next;          /* next cue with the same first word */
};

struct fx_attrib {
    struct cue *cue;
    size_t n;
    struct fx_strmap first; /* first word -> first cue */
};

void fx_attrib_free(struct fx_attrib *at)
{
    if (!at)
        return;
    for (size_t i = 0; i < at->n; i++)
        for (int k = 0; k < at->cue[i].ntok; k++)
            free(at->cue[i].key[k]);
    free(at->cue);
    fx_strmap_release(&at->first);
    free(at);
}

static int add_cue(struct fx_attrib *at, int kind, const char *folded)
{
    struct cue *c = realloc(at->cue, (at->n + 1) * sizeof *c);
    if (!c)
        return FX_ENOMEM;
    at->cue = c;
    c = &at->cue[at->n];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    const char *p = folded;
    while (*p && c->ntok < MAX_CUE_TOKENS) {
        const char *sp = strchr(p, ' ');
        size_t n = sp ? (size_t)(sp - p) : strlen(p);
        if (!(c->key[c->ntok] = strndup(p, n)))
            return FX_ENOMEM;
        c->ntok++;
        p += n + (sp != NULL);
    }
    uint32_t *head = fx_strmap_put(&at->first, c->key[0], strlen(c->key[0]), NULL);
    if (!head)
        return FX_ENOMEM;
    c->next = FX_STRMAP_NONE;
    while (*head != FX_STRMAP_NONE)
        head = &at->cue[*head].next;
    *head = (uint32_t)at->n++;
    return 0;
}

struct fx_attrib *fx_attrib_load(struct fx_tokenizer *tz, const char *path,
                                 int *err, size_t *line)
{
    char *data;
    size_t len;
    *line = 0;
    if ((*err = fx_read_file(path, &data, &len)))
        return NULL;
    struct fx_attrib *at = calloc(1, sizeof *at);
    if (at)
        fx_strmap_init(&at->first);
    struct fx_buf key;
    fx_buf_init(&key);
    *err = at ? 0 : FX_ENOMEM;
    for (char *p = data; !*err && *p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        ++*line;
        if (*p && *p != '#') {
            char *t1 = strchr(p, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
            int kind = -1;
            if (t1 && t2) {
                *t1 = '\0';
                for (int k = 0; k < CUE_KINDS; k++)
                    if (strcmp(p, cue_names[k]) == 0)
                        kind = k;
            }
            key.len = 0;
            if (kind < 0 || fx_buf_add(&key, "", 0)
                || fx_fold_phrase(tz, t2 + 1, strlen(t2 + 1), &key) <= 0)
                *err = FX_EFORMAT;
            else
                *err = add_cue(at, kind, key.s);
        }
        p = nl ? nl + 1 : p + strlen(p);
    }
    free(data);
    fx_buf_release(&key);
    if (*err) {
        fx_attrib_free(at);
        return NULL;
    }
    *line = 0;
    return at;
}

/* The length in tokens of a cue of this kind starting at token i, or 0. */
static int cue_at(const struct fx_attrib *at, const struct fx_doc *doc, size_t i,
                  size_t end, int kind)
{
    if (doc->tok[i].klen > 64)      /* no cue is that long: keep huge words cheap */
        return 0;
    const uint32_t *head = fx_strmap_get(&at->first, fx_doc_key(doc, i), doc->tok[i].klen);
    for (uint32_t c = head ? *head : FX_STRMAP_NONE; c != FX_STRMAP_NONE; c = at->cue[c].next) {
        const struct cue *cu = &at->cue[c];
        if (cu->kind != kind || i + (size_t)cu->ntok > end)
            continue;
        int k = 0;
        while (k < cu->ntok && strcmp(cu->key[k], fx_doc_key(doc, i + (size_t)k)) == 0)
            k++;
        if (k == cu->ntok)
            return k;
    }
    return 0;
}

/* Is there sentence or clause punctuation between bytes a and b? A gap of
 * more than 256 bytes without a word (marks piled up) breaks too, which
 * keeps the windows linear. */
static int gap_breaks(const char *s, size_t a, size_t b, const char *stops)
{
    if (b > a + 256)
        return 1;
    for (size_t i = a; i < b; i++)
        if (strchr(stops, s[i])
            || ((unsigned char)s[i] == 0xC2 && i + 1 < b
                && ((unsigned char)s[i + 1] == 0xAB || (unsigned char)s[i + 1] == 0xBB))
            || ((unsigned char)s[i] == 0xE2 && i + 1 < b && (unsigned char)s[i + 1] == 0x80
                && i + 2 < b && (unsigned char)s[i + 2] >= 0x9C && (unsigned char)s[i + 2] <= 0x9E))
            return 1;
    return 0;
}

/* Trims aux and lead words and cuts at a stop word; sets sp from tokens
 * [a, b). Returns 1 if a speaker remains. */
static int speaker_from(const struct fx_attrib *at, const struct fx_doc *doc,
                        size_t a, size_t b, struct fx_speaker *sp)
{
    int n;
    while (a < b && ((n = cue_at(at, doc, a, b, CUE_LEAD)) || (n = cue_at(at, doc, a, b, CUE_AUX))))
        a += (size_t)n;
    for (size_t i = a; i < b; i++)
        if (i > a && cue_at(at, doc, i, b, CUE_STOP)) {
            b = i;
            break;
        }
    while (b > a) {
        int trailing = 0;
        for (size_t k = a; k < b; k++)
            if ((n = cue_at(at, doc, k, b, CUE_AUX)) && k + (size_t)n == b) {
                b = k;
                trailing = 1;
                break;
            }
        if (!trailing)
            break;
    }
    if (a >= b || b - a > MAX_SPEAKER_TOKENS)
        return 0;
    sp->b0 = doc->tok[a].b0;
    sp->b1 = doc->tok[b - 1].b1;
    sp->pronoun = b - a == 1 && cue_at(at, doc, a, b, CUE_PRONOUN);
    return 1;
}

/* Looks for an attribution in tokens [a, b), a clause without inner
 * punctuation: a preposition cue (selon X), or a speech verb with its
 * subject before it (Lavrov said, le ministre a déclaré) or, failing that,
 * after it (said Lavrov, a déclaré samedi le ministre). */
static int clause_speaker(const struct fx_attrib *at, const struct fx_doc *doc,
                          size_t a, size_t b, struct fx_speaker *sp)
{
    for (size_t i = a; i < b; i++) {
        int n = cue_at(at, doc, i, b, CUE_PREP);
        if (n)
            return speaker_from(at, doc, i + (size_t)n, b, sp);
        n = cue_at(at, doc, i, b, CUE_VERB);
        if (!n)
            continue;
        if (speaker_from(at, doc, a, i, sp))
            return 1;
        size_t v1 = i + (size_t)n;
        return v1 < b && !cue_at(at, doc, v1, b, CUE_STOP) && speaker_from(at, doc, v1, b, sp);
    }
    return 0;
}

/* Does the gap between tokens i and i + 1 end a clause? The full stop of
 * an abbreviation (M. Dupont) does not. */
static int clause_gap(const struct fx_doc *doc, size_t i, const char *stops)
{
    const struct fx_token *x = &doc->tok[i], *y = &doc->tok[i + 1];
    if ((x->flags & FX_TOK_ABBREV) && strchr(stops, '.')) {
        char other[16];
        size_t k = 0;
        for (const char *c = stops; *c && k + 1 < sizeof other; c++)
            if (*c != '.')
                other[k++] = *c;
        other[k] = '\0';
        return gap_breaks(doc->text, x->b1, y->b0, other);
    }
    return gap_breaks(doc->text, x->b1, y->b0, stops);
}

/* Extends from token t while tokens stay in one clause. */
static size_t clause_end(const struct fx_doc *doc, size_t t, size_t limit, const char *stops)
{
    size_t e = t;
    while (e < limit && e - t < WINDOW && (e == t || !clause_gap(doc, e - 1, stops)))
        e++;
    return e;
}

static size_t clause_start(const struct fx_doc *doc, size_t t, size_t floor, const char *stops)
{
    size_t s = t;
    while (s > floor && t - s < WINDOW && (s == t || !clause_gap(doc, s - 1, stops)))
        s--;
    return s;
}

int fx_attrib_narration(const struct fx_attrib *at, const struct fx_doc *doc,
                        const struct fx_quotes *qs, uint32_t before, struct fx_speaker *sp)
{
    size_t t = fx_doc_token_at(doc, before);
    if (t == 0)
        return 0;
    size_t s = doc->tok[t - 1].sent, first = s >= 3 ? s - 3 : 0;
    for (size_t k = s + 1; k-- > first;) {
        const struct fx_sentence *se = &doc->sent[k];
        size_t end = se->t1 < t ? se->t1 : t;
        /* Inside a quote? Quotes are in order of opening: look back from
         * the last one opened before the sentence, over a bounded window
         * (nesting is at most FX_QUOTES_MAX_DEPTH deep). */
        int inside = 0;
        if (se->t0 < doc->ntok) {
            uint32_t b = doc->tok[se->t0].b0;
            size_t lo = 0, hi = qs->n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (qs->q[mid].b0 <= b)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            for (size_t q = lo, steps = 0; q-- > 0 && steps < 64 && !inside; steps++)
                inside = b >= qs->q[q].b0 && b < qs->q[q].b1;
        }
        if (inside)
            continue;
        /* The clauses of the sentence, last first. */
        for (size_t c1 = end; c1 > se->t0;) {
            size_t c0 = clause_start(doc, c1 - 1, se->t0, ";:,\n");
            if (clause_speaker(at, doc, c0, c1, sp) && !sp->pronoun)
                return 1;
            c1 = c0;
        }
    }
    sp->b0 = sp->b1 = 0;
    sp->pronoun = 0;
    return 0;
}

void fx_attrib_speaker(const struct fx_attrib *at, const struct fx_doc *doc,
                       const struct fx_quotes *qs, size_t k, struct fx_speaker *sp)
{
    const struct fx_quote *q = &qs->q[k];
    const char *s = doc->text;
    size_t lo = 0, hi = doc->ntok;
    sp->b0 = sp->b1 = 0;
    sp->pronoun = 0;
    if (q->parent >= 0) {     /* an inner quote: look inside its parent only */
        lo = fx_doc_token_at(doc, qs->q[q->parent].b0);
        hi = fx_doc_token_at(doc, qs->q[q->parent].b1);
    }
    /* 1. Right after the closing mark, unless a full stop comes first. */
    if (q->close_at != UINT32_MAX) {
        size_t ce = q->close_at;
        fx_utf8_next(s, doc->len, &ce);     /* past the mark itself */
        size_t t = fx_doc_token_at(doc, ce);
        if (t < hi && !gap_breaks(s, ce, doc->tok[t].b0, ".!?;\n")) {
            size_t e = clause_end(doc, t, hi, ".!?;,:\n");
            if (clause_speaker(at, doc, t, e, sp))
                return;
        }
    }
    /* 2. Right before the opening mark, after a colon or a comma. */
    size_t t = fx_doc_token_at(doc, q->open_at);
    if (t > lo) {
        size_t g = doc->tok[t - 1].b1;
        if (gap_breaks(s, g, q->open_at, ":,") && !gap_breaks(s, g, q->open_at, ".!?\n")) {
            size_t st = clause_start(doc, t - 1, lo, ".!?;:,\n");
            if (clause_speaker(at, doc, st, t, sp))
                return;
        }
    }
    /* 3. An attribution inside the quote, set off by commas or dashes. */
    size_t a = fx_doc_token_at(doc, q->b0), b = fx_doc_token_at(doc, q->b1);
    for (size_t i = a + 1; i < b && i < hi; i++) {
        if (!gap_breaks(s, doc->tok[i - 1].b1, doc->tok[i].b0, ",\xE2"))
            continue;
        size_t e = clause_end(doc, i, b, ".!?;,\n");
        if (e - i <= 6 && clause_speaker(at, doc, i, e, sp))
            return;
    }
    /* 4. The next sentence, when short: « ... ». C'est ce qu'a dit X. */
    size_t after = q->close_at != UINT32_MAX ? fx_doc_token_at(doc, q->close_at) : b;
    if (after < hi && after < doc->ntok) {
        const struct fx_sentence *se = &doc->sent[doc->tok[after].sent];
        if (se->t1 - se->t0 <= 16 && doc->tok[after].sent != doc->tok[a < doc->ntok ? a : after].sent) {
            size_t e = clause_end(doc, after, se->t1, ".!?;\n");
            if (clause_speaker(at, doc, after, e, sp) && !sp->pronoun)
                return;
            sp->b0 = sp->b1 = 0;
            sp->pronoun = 0;
        }
    }
}
