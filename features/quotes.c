/* quotes.c - a single left-to-right pass over the text with an explicit
 * stack of open quotes (no recursion, so depth costs nothing but memory). */
#include "quotes.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "fx.h"

struct open_quote {
    size_t idx;          /* index in fx_quotes */
    int32_t mark;
};

struct scan {
    struct fx_quotes *qs;
    struct open_quote stack[FX_QUOTES_MAX_DEPTH];
    size_t depth;
    const char *text;
    size_t len;
};

void fx_quotes_init(struct fx_quotes *qs)
{
    qs->q = NULL;
    qs->n = qs->cap = 0;
}

void fx_quotes_release(struct fx_quotes *qs)
{
    free(qs->q);
    fx_quotes_init(qs);
}

static int is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0xA0
        || cp == 0x202F || cp == 0x2009 || cp == 0x2007 || cp == 0x3000;
}

/* Does close close a quote opened with open? */
static int closes(int32_t open, int32_t close)
{
    switch (open) {
    case 0xAB: return close == 0xBB;                      /* « » */
    case 0x201C: return close == 0x201D;                  /* “ ” */
    case 0x201E: return close == 0x201C || close == 0x201D; /* „ “ „ ” */
    case 0x2039: return close == 0x203A;                  /* ‹ › */
    case 0x300C: return close == 0x300D;                  /* 「 」 */
    case 0x300E: return close == 0x300F;                  /* 『 』 */
    case '"': return close == '"';
    case 0x2018: return close == 0x2019;                  /* ‘ ’ */
    case 0x201A: return close == 0x2018 || close == 0x2019; /* ‚ ‘ */
    }
    return 0;
}

static int is_opener(int32_t cp)
{
    return cp == 0xAB || cp == 0x201C || cp == 0x201E || cp == 0x2039
        || cp == 0x300C || cp == 0x300E || cp == '"' || cp == 0x2018 || cp == 0x201A;
}

static size_t skip_space(const char *s, size_t i, size_t end)
{
    while (i < end) {
        size_t j = i;
        int32_t cp = fx_utf8_next(s, end, &j);
        if (cp < 0 || !is_space(cp))
            break;
        i = j;
    }
    return i;
}

/* The byte offset before the trailing blanks of s[a..b). */
static size_t trim_back(const char *s, size_t a, size_t b)
{
    while (b > a) {
        size_t k = b - 1;
        while (k > a && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        size_t j = k;
        int32_t cp = fx_utf8_next(s, b, &j);
        if (cp < 0 || !is_space(cp))
            break;
        b = k;
    }
    return b;
}

static int push(struct scan *sc, int32_t mark, size_t at, size_t after)
{
    struct fx_quotes *qs = sc->qs;
    if (qs->n == qs->cap) {
        size_t cap = qs->cap ? qs->cap * 2 : 16;
        struct fx_quote *q = realloc(qs->q, cap * sizeof *q);
        if (!q)
            return FX_ENOMEM;
        qs->q = q;
        qs->cap = cap;
    }
    struct fx_quote *q = &qs->q[qs->n];
    q->open_at = (uint32_t)at;
    q->b0 = (uint32_t)after;
    q->b1 = (uint32_t)after;
    q->close_at = UINT32_MAX;
    q->mark = mark;
    q->parent = sc->depth ? (int32_t)sc->stack[sc->depth - 1].idx : -1;
    sc->stack[sc->depth].idx = qs->n++;
    sc->stack[sc->depth].mark = mark;
    sc->depth++;
    return 0;
}

/* Ends the open quotes from the top of the stack down to depth d (kept
 * open), the quote text ending at byte end. */
static void end_down_to(struct scan *sc, size_t d, size_t end, size_t close_at)
{
    while (sc->depth > d) {
        struct fx_quote *q = &sc->qs->q[sc->stack[--sc->depth].idx];
        size_t b0 = skip_space(sc->text, q->b0, end);
        q->b0 = (uint32_t)b0;
        q->b1 = (uint32_t)trim_back(sc->text, b0, end);
        q->close_at = (uint32_t)close_at;
        close_at = UINT32_MAX;   /* quotes above the closed one stay unclosed */
    }
}

/* The innermost open quote that cp closes, as a stack depth + 1, or 0. */
static size_t find_closable(const struct scan *sc, int32_t cp)
{
    for (size_t d = sc->depth; d > 0; d--)
        if (closes(sc->stack[d - 1].mark, cp))
            return d;
    return 0;
}

static int is_letter(int32_t cp)
{
    return cp > 0 && (u_isalnum(cp));
}

/* Handles one mark at s[at..after); prev and next are the neighbouring code
 * points (0 at a paragraph edge). Returns 1 if it was taken as a mark, 0 if
 * it is plain text, or FX_ENOMEM. */
static int mark(struct scan *sc, int32_t cp, size_t at, size_t after,
                int32_t prev, int32_t next)
{
    size_t d = find_closable(sc, cp);
    int single = cp == 0x2018 || cp == 0x2019 || cp == 0x201A;
    /* ’ between letters is an apostrophe, even inside a ‘ quote. */
    if (cp == 0x2019 && is_letter(prev) && is_letter(next))
        return 0;
    if (cp == 0x2018 && d && sc->stack[d - 1].mark == 0x2018)
        d = 0;   /* ‘ opens English singles; it closes only German ‚ */
    if (cp == '"' && d == 0 && is_letter(prev) && !is_letter(next) && sc->depth == 0)
        return 0;   /* a stray closing-looking " (12" or a typo) */
    if (d) {
        end_down_to(sc, d - 1, at, at);
        (void)after;
        return 1;
    }
    if (!is_opener(cp) || cp == 0x2019)
        return 0;
    if (single && sc->depth == 0)
        return 0;    /* single marks only nest inside another quote */
    if (single && is_letter(prev))
        return 0;
    if (sc->depth == FX_QUOTES_MAX_DEPTH)
        return 0;
    int err = push(sc, cp, at, after);
    return err ? err : 1;
}

/* Did the paragraph s[a..b) end its quote on purpose? True when the last
 * mark closed a quote and what follows is an attribution tail: a comma or a
 * dash first (», – a dit le diplomate.). */
static int ended_by_attribution(const char *s, size_t last_close, size_t b)
{
    if (last_close == (size_t)-1)
        return 0;
    size_t i = skip_space(s, last_close, b);
    if (i >= b)
        return 0;
    size_t j = i;
    int32_t cp = fx_utf8_next(s, b, &j);
    return cp == ',' || cp == 0x2013 || cp == 0x2014 || cp == '-';
}

/* The first code point of the next non-blank paragraph after byte p, and
 * the byte offsets of that code point. */
static int32_t next_paragraph_opening(const char *s, size_t len, size_t p,
                                      size_t *at, size_t *after)
{
    size_t i = skip_space(s, p, len);
    *at = i;
    if (i >= len)
        return 0;
    int32_t cp = fx_utf8_next(s, len, &i);
    *after = i;
    return cp;
}

int fx_quotes_find(struct fx_quotes *qs, const char *s, size_t len)
{
    struct scan sc = {.qs = qs, .depth = 0, .text = s, .len = len};
    qs->n = 0;
    size_t i = 0;
    while (i < len) {
        size_t pend = i;
        while (pend < len && s[pend] != '\n' && s[pend] != '\r')
            pend++;
        size_t last_close = (size_t)-1;
        size_t k = i;
        while (k < pend) {
            /* Only '"' and the lead bytes C2, E2, E3 can start a mark. */
            unsigned char c = (unsigned char)s[k];
            if (c != '"' && c != 0xC2 && c != 0xE2 && c != 0xE3) {
                k++;
                continue;
            }
            size_t at = k;
            int32_t cp = fx_utf8_next(s, pend, &k);
            if (cp < 0) {            /* callers validate; be safe anyway */
                k = at + 1;
                continue;
            }
            if (cp == '"' || (cp >= 0x2018 && cp <= 0x201E) || cp == 0xAB || cp == 0xBB
                || cp == 0x2039 || cp == 0x203A || (cp >= 0x300C && cp <= 0x300F)) {
                size_t j = k;
                int32_t next = j < pend ? fx_utf8_next(s, pend, &j) : 0;
                int32_t prev = 0;
                if (at > i) {
                    size_t p = at - 1;
                    while (p > i && ((unsigned char)s[p] & 0xC0) == 0x80)
                        p--;
                    prev = fx_utf8_next(s, at, &p);
                }
                size_t before = sc.depth;
                int r = mark(&sc, cp, at, k, prev, next);
                if (r < 0)
                    return r;
                if (r && sc.depth < before)
                    last_close = k;
                else if (r)
                    last_close = (size_t)-1;
            }
        }
        /* Paragraph end: the outermost open quote may run on. */
        size_t at = 0, after = 0;
        size_t nexti = pend;
        if (sc.depth) {
            int32_t open = sc.stack[0].mark;
            int32_t cp = next_paragraph_opening(s, len, pend, &at, &after);
            if (cp == open && !ended_by_attribution(s, last_close, pend)) {
                end_down_to(&sc, 1, pend, UINT32_MAX);
                i = after;   /* the reopening mark is not a new quote */
                continue;
            }
            end_down_to(&sc, 0, pend, UINT32_MAX);
        }
        i = nexti;
        while (i < len && (s[i] == '\n' || s[i] == '\r'))
            i++;
    }
    return 0;
}
