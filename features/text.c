/* text.c - tokens and sentences of a UTF-8 text through ICU.
 *
 * ICU's break iterators run over a UTF-8 UText, so every boundary is a byte
 * offset in the caller's text and nothing is converted to UTF-16 except the
 * rare token that needs ICU's full folding. Folding of the code points below
 * U+0800 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) comes from a
 * table that ICU itself fills when the tokenizer is created, so the fast path
 * and the slow path agree by construction. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

#define FOLD_TABLE 0x800
#define FOLD_SLOW 0xFF      /* fold_len value: let ICU fold the whole token */
#define CP_ALPHA 1
#define CP_UPPER 2

struct fx_tokenizer {
    UBreakIterator *words, *sentences;
    const UNormalizer2 *nfkc_cf, *nfd, *nfc;
    unsigned char fold_len[FOLD_TABLE];
    unsigned char kind[FOLD_TABLE];     /* CP_ALPHA | CP_UPPER, from ICU */
    char fold[FOLD_TABLE][8];
    UChar *u1, *u2;         /* scratch for the slow path */
    int32_t ucap;
    UChar *t16;             /* the text in UTF-16, for the break iterators */
    size_t t16cap;
};

/* Break positions back to byte offsets. ICU's iterators run fastest over
 * UTF-16, so valid text is converted once and both passes read it; their
 * boundaries only grow, so a cursor walking the UTF-8 text alongside turns
 * each into its byte offset. Over a UTF-8 UText (the fallback) boundaries
 * are byte offsets already. */
struct offsets {
    const char *text;
    int utf16;
    size_t u, b;            /* UTF-16 index u is byte offset b */
};

static size_t byte_offset(struct offsets *o, int32_t idx)
{
    if (!o->utf16)
        return (size_t)idx;
    size_t u = o->u, b = o->b, want = (size_t)idx;
    const unsigned char *t = (const unsigned char *)o->text;
    while (u < want) {
        unsigned c = t[b];
        if (c < 0x80) {
            b++;
            u++;
        } else if (c < 0xE0) {
            b += 2;
            u++;
        } else if (c < 0xF0) {
            b += 3;
            u++;
        } else {
            b += 4;
            u += 2;
        }
    }
    o->u = u;
    o->b = b;
    return b;
}

/* Words after which a full stop does not end a sentence. Folded forms. */
static const char *const abbreviations[] = {
    "m", "mm", "mme", "mmes", "mlle", "mgr", "dr", "mr", "mrs", "ms", "st",
    "gen", "gén", "sen", "rep", "prof", "gov", "lt", "col", "capt", "sgt",
    "jr", "sr", "vs", "cf", "art", "no", "nos", "fig", "vol", "ref", "min",
    "г", "гг", "ул", "им", "т", "тыс", "млн", "млрд", "руб", "проф", "ген",
    "ст", "д", "см", "др", "пр", "гос", "акад", "с", NULL
};

/* French and Italian words that elide before a vowel. Folded, without the
 * apostrophe. */
static const char *const elisions[] = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu",
    "puisqu", "quoiqu", "presqu", "quelqu", "dell", "all", "dall", "nell",
    "sull", "coll", "un", "quest", "quell", NULL
};

/* Russian noun and adjective endings, longest first (folded: ё is е). A
 * stem keeps at least three letters. -ия nouns keep their и (Россия,
 * России, Россией all give росси), so that Нигерия (нигери) stays apart
 * from Нигер and Грузия (грузи) from груз, cargo. */
static const char *const ru_endings[] = {
    "ями", "ами", "ого", "его", "ему", "ому", "ыми", "ими", "ях", "ах", "ий",
    "ый", "ой", "ей", "ая", "яя", "ое", "ее", "ые", "ие", "ых", "их", "ым",
    "им", "ую", "юю", "ем", "ом", "ов", "ев", "ам", "ям", "ью", "а", "я", "ы",
    "и", "у", "ю", "е", "о", "ь", "й", NULL
};

static int in_list(const char *const *list, const char *s, size_t n)
{
    for (; *list; list++)
        if (strlen(*list) == n && memcmp(*list, s, n) == 0)
            return 1;
    return 0;
}

static int grow_u(struct fx_tokenizer *tz, int32_t need)
{
    if (need <= tz->ucap)
        return 0;
    int32_t cap = tz->ucap ? tz->ucap : 256;
    while (cap < need)
        cap *= 2;
    UChar *a = realloc(tz->u1, (size_t)cap * sizeof(UChar));
    if (!a)
        return FX_ENOMEM;
    tz->u1 = a;
    UChar *b = realloc(tz->u2, (size_t)cap * sizeof(UChar));
    if (!b)
        return FX_ENOMEM;
    tz->u2 = b;
    tz->ucap = cap;
    return 0;
}

/* Normalises u1[0..*n) into u2 with nm, then swaps so the result is in u1. */
static int norm_step(struct fx_tokenizer *tz, const UNormalizer2 *nm, int32_t *n)
{
    for (;;) {
        UErrorCode st = U_ZERO_ERROR;
        int32_t m = unorm2_normalize(nm, tz->u1, *n, tz->u2, tz->ucap, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR) {
            if (grow_u(tz, m + 1))
                return FX_ENOMEM;
            continue;
        }
        if (U_FAILURE(st))
            return FX_EICU;
        UChar *t = tz->u1;
        tz->u1 = tz->u2;
        tz->u2 = t;
        *n = m;
        return 0;
    }
}

/* The full fold: NFKC case folding, then Latin accents removed (NFD, marks
 * dropped after a Latin base, NFC), ё read as е, typographic apostrophes
 * read as '. Appends to out. */
static int slow_fold(struct fx_tokenizer *tz, const char *s, size_t len,
                     struct fx_buf *out)
{
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    if (grow_u(tz, (int32_t)len + 1))
        return FX_ENOMEM;
    u_strFromUTF8(tz->u1, tz->ucap, &n, s, (int32_t)len, &st);
    if (U_FAILURE(st))
        return FX_EICU;
    int err;
    if ((err = norm_step(tz, tz->nfkc_cf, &n)) || (err = norm_step(tz, tz->nfd, &n)))
        return err;
    int32_t m = 0;
    UChar base = 0;
    for (int32_t i = 0; i < n; i++) {
        UChar c = tz->u1[i];
        if (c >= 0x300 && c <= 0x36F) {
            if (base < 0x370 || (c == 0x308 && base == 0x435))
                continue;
        } else {
            base = c;
        }
        if (c == 0x2019 || c == 0x2018 || c == 0x2BC)
            c = '\'';
        tz->u1[m++] = c;
    }
    n = m;
    if ((err = norm_step(tz, tz->nfc, &n)))
        return err;
    int32_t need = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &need, tz->u1, n, &st);
    size_t at = out->len;
    if (fx_buf_add(out, NULL, 0) || (need && fx_buf_add(out, tz->u1, (size_t)need)))
        return FX_ENOMEM;
    st = U_ZERO_ERROR;
    u_strToUTF8(out->s + at, need + 1, NULL, tz->u1, n, &st);
    if (U_FAILURE(st))
        return FX_EICU;
    return 0;
}

/* Folds one token, fast path first. Appends to out. */
static int fold_token(struct fx_tokenizer *tz, const char *s, size_t len,
                      struct fx_buf *out)
{
    size_t start = out->len;
    /* A table fold is at most 7 bytes for a 2-byte sequence, and ASCII and
     * apostrophes never grow: 4 bytes per input byte is always room. */
    if (fx_buf_reserve(out, 4 * len + 1))
        return FX_ENOMEM;
    char *o = out->s + out->len;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            *o++ = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            i++;
            continue;
        }
        int32_t cp = fx_utf8_next(s, len, &i);
        if (cp == 0x2019 || cp == 0x2018 || cp == 0x2BC) {
            *o++ = '\'';
            continue;
        }
        if (cp < 0 || cp >= FOLD_TABLE || tz->fold_len[cp] == FOLD_SLOW) {
            out->len = start;
            return slow_fold(tz, s, len, out);
        }
        memcpy(o, tz->fold[cp], tz->fold_len[cp]);
        o += tz->fold_len[cp];
    }
    out->len = (size_t)(o - out->s);
    out->s[out->len] = '\0';
    return 0;
}

static int fill_fold_table(struct fx_tokenizer *tz)
{
    for (uint32_t cp = 0; cp < 0x80; cp++)
        tz->kind[cp] = (unsigned char)(((cp | 32) >= 'a' && (cp | 32) <= 'z' ? CP_ALPHA : 0)
                                       | (cp >= 'A' && cp <= 'Z' ? CP_UPPER : 0));
    struct fx_buf b;
    fx_buf_init(&b);
    for (uint32_t cp = 0x80; cp < FOLD_TABLE; cp++) {
        char u[4];
        int n = fx_utf8_put(u, cp);
        b.len = 0;
        int err = slow_fold(tz, u, (size_t)n, &b);
        if (err) {
            fx_buf_release(&b);
            return err;
        }
        tz->kind[cp] = (unsigned char)((u_isalpha((UChar32)cp) ? CP_ALPHA : 0)
                                       | (u_isupper((UChar32)cp) ? CP_UPPER : 0));
        /* Combining marks depend on their base: leave them to ICU. */
        if ((cp >= 0x300 && cp <= 0x36F) || b.len >= sizeof tz->fold[0]) {
            tz->fold_len[cp] = FOLD_SLOW;
        } else {
            memcpy(tz->fold[cp], b.s, b.len);
            tz->fold_len[cp] = (unsigned char)b.len;
        }
    }
    fx_buf_release(&b);
    return 0;
}

struct fx_tokenizer *fx_tokenizer_create(int *err)
{
    struct fx_tokenizer *tz = calloc(1, sizeof *tz);
    UErrorCode st = U_ZERO_ERROR;
    *err = FX_ENOMEM;
    if (!tz)
        return NULL;
    *err = FX_EICU;
    tz->words = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    tz->sentences = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &st);
    tz->nfkc_cf = unorm2_getNFKCCasefoldInstance(&st);
    tz->nfd = unorm2_getNFDInstance(&st);
    tz->nfc = unorm2_getNFCInstance(&st);
    if (U_FAILURE(st))
        goto fail;
    if ((*err = fill_fold_table(tz)))
        goto fail;
    *err = 0;
    return tz;
fail:
    fx_tokenizer_free(tz);
    return NULL;
}

void fx_tokenizer_free(struct fx_tokenizer *tz)
{
    if (!tz)
        return;
    if (tz->words)
        ubrk_close(tz->words);
    if (tz->sentences)
        ubrk_close(tz->sentences);
    free(tz->u1);
    free(tz->u2);
    free(tz->t16);
    free(tz);
}

void fx_doc_init(struct fx_doc *doc)
{
    memset(doc, 0, sizeof *doc);
    fx_buf_init(&doc->pool);
}

void fx_doc_release(struct fx_doc *doc)
{
    free(doc->tok);
    free(doc->sent);
    free(doc->blockcp);
    fx_buf_release(&doc->pool);
    fx_doc_init(doc);
}

size_t fx_doc_token_at(const struct fx_doc *doc, size_t b)
{
    size_t lo = 0, hi = doc->ntok;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (doc->tok[mid].b0 < b)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

uint32_t fx_doc_cp(const struct fx_doc *doc, size_t b)
{
    size_t k = b / 64;
    uint32_t c = doc->blockcp[k];
    for (size_t i = k * 64; i < b; i++)
        c += ((unsigned char)doc->text[i] & 0xC0) != 0x80;
    return c;
}

/* Code points in s[a..b): the bytes that are not UTF-8 continuation bytes
 * (10xxxxxx), eight at a time. */
static size_t count_cps(const char *s, size_t a, size_t b)
{
    size_t c = 0;
    while (a + 8 <= b) {
        uint64_t w;
        memcpy(&w, s + a, 8);
        uint64_t cont = (w & ~(w << 1) & 0x8080808080808080ULL) >> 7;
        c += 8 - (size_t)((cont * 0x0101010101010101ULL) >> 56);
        a += 8;
    }
    for (; a < b; a++)
        c += ((unsigned char)s[a] & 0xC0) != 0x80;
    return c;
}

static int index_code_points(struct fx_doc *doc)
{
    size_t nb = doc->len / 64 + 1;
    if (nb > doc->nblock) {
        uint32_t *p = realloc(doc->blockcp, nb * sizeof *p);
        if (!p)
            return FX_ENOMEM;
        doc->blockcp = p;
    }
    doc->nblock = nb;
    uint32_t c = 0;
    for (size_t k = 0; k < nb; k++) {
        doc->blockcp[k] = c;
        size_t end = (k + 1) * 64 < doc->len ? (k + 1) * 64 : doc->len;
        if (k * 64 < end)
            c += (uint32_t)count_cps(doc->text, k * 64, end);
    }
    return 0;
}

/* Cuts a Russian ending off a folded Cyrillic key in place; returns the new
 * length. */
static size_t ru_stem(char *s, size_t n)
{
    /* Every ending is Cyrillic, so a key that does not end in a Cyrillic
     * letter (D0 xx or D1 xx) has none. */
    if (n < 8 || ((unsigned char)s[n - 2] != 0xD0 && (unsigned char)s[n - 2] != 0xD1))
        return n;
    for (const char *const *e = ru_endings; *e; e++) {
        /* Endings are one to three Cyrillic letters, two bytes each. */
        size_t m = (*e)[2] == '\0' ? 2 : (*e)[4] == '\0' ? 4 : 6;
        /* Keep three letters. */
        if (n >= m + 6 && s[n - 1] == (*e)[m - 1] && memcmp(s + n - m, *e, m) == 0)
            return n - m;
    }
    return n;
}

static int is_blank_or_hyphen(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x202F || cp == 0x2009
        || cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int gap_joins(const char *s, size_t a, size_t b)
{
    if (b == a + 1)
        return s[a] == ' ' || s[a] == '-' || s[a] == '\t';
    if (b - a > 8)
        return 0;
    for (size_t i = a; i < b;) {
        int32_t cp = fx_utf8_next(s, b, &i);
        if (cp < 0 || !is_blank_or_hyphen(cp))
            return 0;
    }
    return 1;
}

static struct fx_token *push_token(struct fx_doc *doc)
{
    if (doc->ntok == doc->tokcap) {
        size_t cap = doc->tokcap ? doc->tokcap * 2 : 256;
        struct fx_token *t = realloc(doc->tok, cap * sizeof *t);
        if (!t)
            return NULL;
        doc->tok = t;
        doc->tokcap = cap;
    }
    return &doc->tok[doc->ntok++];
}

/* CP_ALPHA | CP_UPPER of a code point: the table below U+0800, ICU above. */
static int char_kind(const struct fx_tokenizer *tz, int32_t cp)
{
    return cp < FOLD_TABLE ? tz->kind[cp]
                           : (u_isalpha(cp) ? CP_ALPHA : 0) | (u_isupper(cp) ? CP_UPPER : 0);
}

static uint32_t case_flags(const struct fx_tokenizer *tz, const char *s, size_t len)
{
    uint32_t flags = 0;
    int letters = 0, upper = 0, first = 1;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        if ((unsigned char)s[i] < 0x80)
            cp = (unsigned char)s[i++];
        else if ((cp = fx_utf8_next(s, len, &i)) < 0)
            break;
        int k = char_kind(tz, cp);
        if (!(k & CP_ALPHA))
            continue;
        letters++;
        if (k & CP_UPPER)
            upper++;
        if (first && (k & CP_UPPER))
            flags |= FX_TOK_UPPER;
        if (first && cp >= 0x400 && cp <= 0x52F)
            flags |= FX_TOK_CYRL;
        first = 0;
    }
    if (letters >= 2 && upper == letters)
        flags |= FX_TOK_CAPS;
    return flags;
}

/* The end of an elided prefix at the start of s[b0..b1) (l', d', qu'), or
 * b0 if there is none. */
static size_t elision_end(struct fx_tokenizer *tz, struct fx_doc *doc, size_t b0, size_t b1)
{
    const char *s = doc->text;
    size_t lim = b1 - b0 < 10 ? b1 - b0 : 10;
    if (!memchr(s + b0, '\'', lim) && !memchr(s + b0, '\xE2', lim))
        return b0;
    for (size_t i = b0; i < b1 && i - b0 <= 7;) {
        size_t at = i;
        int32_t cp = fx_utf8_next(s, b1, &i);
        if (cp != '\'' && cp != 0x2019)
            continue;
        struct fx_buf *p = &doc->pool;
        size_t k = p->len;
        int hit = i < b1 && fold_token(tz, s + b0, at - b0, p) == 0
            && in_list(elisions, p->s + k, p->len - k);
        p->len = k;
        return hit ? i : b0;
    }
    return b0;
}

/* Adds one token s[b0..b1) with its flags and folded key. */
static int push_word(struct fx_tokenizer *tz, struct fx_doc *doc, size_t b0, size_t b1,
                     size_t kb1, uint32_t flags, size_t *prev_end)
{
    const char *s = doc->text;
    struct fx_token *t = push_token(doc);
    if (!t)
        return FX_ENOMEM;
    t->b0 = (uint32_t)b0;
    t->b1 = (uint32_t)kb1;
    t->c0 = t->c1 = t->sent = 0;
    t->flags = flags | case_flags(tz, s + b0, kb1 - b0);
    if (*prev_end != (size_t)-1 && gap_joins(s, *prev_end, b0))
        t->flags |= FX_TOK_JOIN;
    *prev_end = b1;
    struct fx_buf *p = &doc->pool;
    t->key = (uint32_t)p->len;
    int err = fold_token(tz, s + b0, kb1 - b0, p);
    if (err)
        return err;
    size_t klen = p->len - t->key;
    /* All-caps words are cut too (РОССИИ is России); a stem keeps three
     * letters, so abbreviations like США stay whole. */
    if (t->flags & FX_TOK_CYRL)
        klen = ru_stem(p->s + t->key, klen);
    p->len = t->key + klen;
    t->klen = (uint32_t)klen;
    return fx_buf_addc(p, '\0');
}

static int add_word(struct fx_tokenizer *tz, struct fx_doc *doc, size_t b0,
                    size_t b1, int32_t status, size_t *prev_end);

/* A hashtag or handle (#StandWithUkraine, @JustinTrudeau, @MID_RF): its
 * words, cut where a lower-case letter meets a capital and at underscores,
 * so that the names inside are found; tokens that follow each other with
 * nothing between them join like the words of a name. */
static int add_tag_words(struct fx_tokenizer *tz, struct fx_doc *doc, size_t b0,
                         size_t b1, int32_t status, size_t *prev_end)
{
    const char *s = doc->text;
    size_t cut[64], ncut = 0, start = b0;
    int prev = 0;       /* what came before: 0, 'l'ower, 'u'pper, 'd'igit */
    for (size_t i = b0; i < b1 && ncut + 2 < 64;) {
        size_t at = i;
        int32_t cp = fx_utf8_next(s, b1, &i);
        if (cp < 0)
            break;
        int k = char_kind(tz, cp);
        int upper = (k & CP_UPPER) != 0;
        /* A capital starts a word after a small letter or a digit
         * (StandWith, G20Summit), and after capitals when a small letter
         * follows it (USAForever: USA, Forever). */
        int starts = 0;
        if (upper && (prev == 'l' || prev == 'd'))
            starts = 1;
        else if (upper && prev == 'u' && i < b1) {
            size_t j = i;
            int32_t next = fx_utf8_next(s, b1, &j);
            int nk = next < 0 ? 0 : char_kind(tz, next);
            starts = (nk & CP_ALPHA) && !(nk & CP_UPPER);
        }
        if (cp == '_') {
            if (at > start)
                cut[ncut++] = start, cut[ncut++] = at;
            start = i;
        } else if (starts && at > start) {
            cut[ncut++] = start, cut[ncut++] = at;
            start = at;
        }
        prev = (k & CP_ALPHA) ? (upper ? 'u' : 'l') : (cp >= '0' && cp <= '9') ? 'd' : 0;
    }
    if (ncut == 0)      /* one word: as any other */
        return add_word(tz, doc, b0, b1, status, prev_end);
    if (b1 > start)
        cut[ncut++] = start, cut[ncut++] = b1;
    /* Each piece as a word of its own: elisions, possessives, numbers. */
    for (size_t k = 0; k < ncut; k += 2) {
        int err = add_word(tz, doc, cut[k], cut[k + 1], status, prev_end);
        if (err)
            return err;
    }
    return 0;
}

/* Adds the word s[b0..b1); status is ICU's word rule status. Elided
 * prefixes become tokens of their own, in a loop (l'l'l'... is data too). */
static int add_token(struct fx_tokenizer *tz, struct fx_doc *doc, size_t b0,
                     size_t b1, int32_t status, size_t *prev_end)
{
    if (status == UBRK_WORD_NONE)
        return push_word(tz, doc, b0, b1, b1, FX_TOK_EMOJI, prev_end);
    /* ICU keeps a handle's @ in the word, a hashtag's # out of it. */
    if (doc->text[b0] == '@' && b1 - b0 > 1)
        b0++;
    if (b0 > 0 && (doc->text[b0 - 1] == '#' || doc->text[b0 - 1] == '@'))
        return add_tag_words(tz, doc, b0, b1, status, prev_end);
    return add_word(tz, doc, b0, b1, status, prev_end);
}

static int add_word(struct fx_tokenizer *tz, struct fx_doc *doc, size_t b0,
                    size_t b1, int32_t status, size_t *prev_end)
{
    const char *s = doc->text;
    uint32_t flags = 0;
    if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT)
        flags |= FX_TOK_NUM;
    for (size_t e; (e = elision_end(tz, doc, b0, b1)) > b0; b0 = e) {
        int err = push_word(tz, doc, b0, e, e, FX_TOK_ELISION, prev_end);
        if (err)
            return err;
    }
    /* English possessive: Britain's is Britain. */
    size_t kb1 = b1;
    if (b1 - b0 > 3 && (s[b1 - 1] == 's' || s[b1 - 1] == 'S')) {
        if (s[b1 - 2] == '\'')
            kb1 = b1 - 2;
        else if (b1 - b0 > 5 && memcmp(s + b1 - 4, "\xE2\x80\x99", 3) == 0)
            kb1 = b1 - 4;
    }
    return push_word(tz, doc, b0, b1, kb1, flags, prev_end);
}

/* Does s[b0..b1), a segment ICU calls no word, start with an emoji (😡,
 * 👍) or a regional indicator (the first of a flag's pair, 🇫🇷)? */
static int is_emoji(const char *s, size_t b0, size_t b1)
{
    if ((unsigned char)s[b0] < 0xE2)
        return 0;       /* below U+2000: punctuation, spaces, ©, ® */
    size_t i = b0;
    int32_t cp = fx_utf8_next(s, b1, &i);
    /* General punctuation (dashes, ’ “ ”) is frequent and never an emoji
     * but for ‼ and ⁉. */
    if (cp >= 0x2000 && cp < 0x2070)
        return cp == 0x203C || cp == 0x2049;
    return cp >= 0 && (u_hasBinaryProperty(cp, UCHAR_EXTENDED_PICTOGRAPHIC)
                       || u_hasBinaryProperty(cp, UCHAR_REGIONAL_INDICATOR));
}

static int tokenize(struct fx_tokenizer *tz, struct fx_doc *doc, UText *ut, int utf16)
{
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setUText(tz->words, ut, &st);
    if (U_FAILURE(st))
        return FX_EICU;
    struct offsets o = {doc->text, utf16, 0, 0};
    size_t prev_end = (size_t)-1;
    int32_t a = ubrk_first(tz->words);
    for (int32_t b = ubrk_next(tz->words); b != UBRK_DONE; a = b, b = ubrk_next(tz->words)) {
        int32_t status = ubrk_getRuleStatus(tz->words);
        if (status == UBRK_WORD_NONE && utf16 && tz->t16[a] < 0x203C)
            continue;       /* spaces and punctuation: the common case, quickly */
        size_t b0 = byte_offset(&o, a), b1 = byte_offset(&o, b);
        if (status == UBRK_WORD_NONE && !is_emoji(doc->text, b0, b1))
            continue;
        int err = add_token(tz, doc, b0, b1, status, &prev_end);
        if (err)
            return err;
    }
    return 0;
}

static int is_abbreviation(const struct fx_doc *doc, size_t t)
{
    const struct fx_token *k = &doc->tok[t];
    if (k->b1 >= doc->len || doc->text[k->b1] != '.')
        return 0;
    /* A single capital letter is an initial: J. Smith. */
    if ((k->flags & FX_TOK_UPPER) && k->c1 - k->c0 == 1)
        return 1;
    return in_list(abbreviations, fx_doc_key(doc, t), k->klen);
}

static int push_sentence(struct fx_doc *doc, size_t b0, size_t b1)
{
    if (doc->nsent == doc->sentcap) {
        size_t cap = doc->sentcap ? doc->sentcap * 2 : 32;
        struct fx_sentence *p = realloc(doc->sent, cap * sizeof *p);
        if (!p)
            return FX_ENOMEM;
        doc->sent = p;
        doc->sentcap = cap;
    }
    doc->sent[doc->nsent++] = (struct fx_sentence){(uint32_t)b0, (uint32_t)b1, 0, 0};
    return 0;
}

static int split_sentences(struct fx_tokenizer *tz, struct fx_doc *doc, UText *ut, int utf16)
{
    UErrorCode st = U_ZERO_ERROR;
    ubrk_setUText(tz->sentences, ut, &st);
    if (U_FAILURE(st))
        return FX_EICU;
    struct offsets o = {doc->text, utf16, 0, 0};
    size_t t = 0, start = 0;
    for (int32_t b = ubrk_next(tz->sentences); b != UBRK_DONE; b = ubrk_next(tz->sentences)) {
        size_t end = byte_offset(&o, b);
        size_t last = (size_t)-1;
        while (t < doc->ntok && doc->tok[t].b0 < end)
            last = t++;
        int hard = end > 0 && (doc->text[end - 1] == '\n' || doc->text[end - 1] == '\r');
        if (end < doc->len && !hard && last != (size_t)-1 && (doc->tok[last].flags & FX_TOK_ABBREV))
            continue;
        size_t e = end;
        while (e > start && strchr(" \t\r\n", doc->text[e - 1]))
            e--;
        if (e > start && push_sentence(doc, start, e))
            return FX_ENOMEM;
        start = end;
    }
    /* Tokens to sentences, both in text order. */
    size_t s = 0;
    for (size_t i = 0; i < doc->ntok; i++) {
        while (s + 1 < doc->nsent && doc->tok[i].b0 >= doc->sent[s].b1)
            s++;
        doc->tok[i].sent = (uint32_t)s;
    }
    for (size_t k = 0; k < doc->nsent; k++)
        doc->sent[k].t0 = doc->sent[k].t1 = 0;
    for (size_t i = doc->ntok; i-- > 0;) {
        struct fx_sentence *se = &doc->sent[doc->tok[i].sent];
        if (se->t1 == 0)
            se->t1 = (uint32_t)i + 1;
        se->t0 = (uint32_t)i;
    }
    return 0;
}

int fx_doc_analyse(struct fx_tokenizer *tz, struct fx_doc *doc,
                   const char *text, size_t len)
{
    if (len >= 0x7FFFFFFF)
        return FX_ERANGE;
    static _Atomic uint64_t generations;
    doc->generation = ++generations;
    doc->text = text;
    doc->len = len;
    doc->ntok = doc->nsent = 0;
    doc->pool.len = 0;
    int err = index_code_points(doc);
    if (err)
        return err;
    UErrorCode st = U_ZERO_ERROR;
    if (len + 1 > tz->t16cap) {
        UChar *u = realloc(tz->t16, (len + 1) * sizeof *u);
        if (!u)
            return FX_ENOMEM;
        tz->t16 = u;
        tz->t16cap = len + 1;
    }
    /* Invalid UTF-8 (callers that validate never get here with it) is
     * left to the UTF-8 UText, which reads it as U+FFFD. */
    int32_t n16 = 0;
    u_strFromUTF8(tz->t16, (int32_t)tz->t16cap, &n16, text, (int32_t)len, &st);
    int utf16 = U_SUCCESS(st);
    st = U_ZERO_ERROR;
    UText *ut = utf16 ? utext_openUChars(NULL, tz->t16, n16, &st)
                      : utext_openUTF8(NULL, text, (int64_t)len, &st);
    if (U_FAILURE(st))
        return FX_EICU;
    err = tokenize(tz, doc, ut, utf16);
    uint32_t c = 0;
    size_t at = 0;
    for (size_t i = 0; !err && i < doc->ntok; i++) {
        struct fx_token *t = &doc->tok[i];
        c += (uint32_t)count_cps(text, at, t->b0);
        t->c0 = c;
        c += (uint32_t)count_cps(text, t->b0, t->b1);
        t->c1 = c;
        at = t->b1;
    }
    for (size_t i = 0; !err && i < doc->ntok; i++)
        if (is_abbreviation(doc, i))
            doc->tok[i].flags |= FX_TOK_ABBREV;
    if (!err)
        err = split_sentences(tz, doc, ut, utf16);
    utext_close(ut);
    return err;
}

int fx_fold_phrase(struct fx_tokenizer *tz, const char *s, size_t len,
                   struct fx_buf *out)
{
    struct fx_doc doc;
    fx_doc_init(&doc);
    int err = fx_doc_analyse(tz, &doc, s, len);
    for (size_t i = 0; !err && i < doc.ntok; i++) {
        if (i && fx_buf_addc(out, ' '))
            err = FX_ENOMEM;
        else
            err = fx_buf_add(out, fx_doc_key(&doc, i), doc.tok[i].klen);
    }
    int n = err ? err : (int)doc.ntok;
    fx_doc_release(&doc);
    return n;
}
