/* test_text.c - the text front end (text.h) and the UTF-8 helpers of fx.h
 * it stands on: validation, token spans in bytes and code points, folded
 * keys, elisions, hyphens, possessives, sentence breaks, and texts large or
 * hostile enough to find recursion or quadratic time. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "fxtest.h"
#include "quotes.h"
#include "text.h"

static struct fx_tokenizer *tz;
static struct fx_doc doc;

static void setup(void)
{
    tz = fxt_tokenizer();
    fx_doc_init(&doc);
}

static void teardown(void)
{
    fx_doc_release(&doc);
    fx_tokenizer_free(tz);
    tz = NULL;
}

static void analyse(const char *s)
{
    int err = fx_doc_analyse(tz, &doc, s, strlen(s));
    ck_assert_msg(err == 0, "fx_doc_analyse: %s", fx_strerror(err));
}

/* Asserts token i: its text, its code point span and its key. */
static void assert_token(size_t i, const char *surface, uint32_t c0, uint32_t c1,
                         const char *key)
{
    ck_assert_uint_lt(i, doc.ntok);
    const struct fx_token *t = &doc.tok[i];
    fxt_assert_span(doc.text, t->b0, t->b1, surface);
    ck_assert_uint_eq(t->c0, c0);
    ck_assert_uint_eq(t->c1, c1);
    ck_assert_str_eq(fx_doc_key(&doc, i), key);
    ck_assert_uint_eq(t->klen, strlen(key));
}

/* The folded phrase of s, in a static buffer. */
static const char *fold(const char *s)
{
    static char out[1024];
    struct fx_buf b;
    fx_buf_init(&b);
    ck_assert_int_eq(fx_buf_add(&b, "", 0), 0);
    int n = fx_fold_phrase(tz, s, strlen(s), &b);
    ck_assert_msg(n >= 0, "fx_fold_phrase('%s'): %s", s, fx_strerror(n));
    ck_assert_uint_lt(b.len, sizeof out);
    memcpy(out, b.s, b.len + 1);
    fx_buf_release(&b);
    return out;
}

/* The key of the single token of word. */
static char *key_of(const char *word)
{
    analyse(word);
    ck_assert_msg(doc.ntok == 1, "'%s' gave %zu tokens", word, doc.ntok);
    return strdup(fx_doc_key(&doc, 0));
}

static void assert_same_key(const char *a, const char *b)
{
    char *ka = key_of(a), *kb = key_of(b);
    ck_assert_msg(strcmp(ka, kb) == 0, "'%s' folds to '%s' but '%s' to '%s'", a, ka, b, kb);
    free(ka);
    free(kb);
}

/* ---- UTF-8 ---------------------------------------------------------- */

START_TEST(utf8_check_valid)
{
    const char *ok[] = {"", "plain ASCII", "Élysée à Noël", "Великобритания ёж",
                        "東京 「こんにちは」", "emoji \xF0\x9F\x98\x80!", "\xF4\x8F\xBF\xBF"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        ck_assert_msg(fx_utf8_check(ok[i], strlen(ok[i])) == -1, "'%s' taken as invalid", ok[i]);
}
END_TEST

START_TEST(utf8_check_invalid_byte)
{
    ck_assert_int_eq(fx_utf8_check("abc\xFF" "def", 7), 3);
    ck_assert_int_eq(fx_utf8_check("\x80", 1), 0);
    ck_assert_int_eq(fx_utf8_check("\xC3\xA9t\xE9", 4), 3);     /* Latin-1 é */
    ck_assert_int_eq(fx_utf8_check("\xF5\x80\x80\x80", 4), 0);
    ck_assert_int_eq(fx_utf8_check("\xF4\x90\x80\x80", 4), 0);  /* above U+10FFFF */
    /* After the eight-byte ASCII fast path, at and past a word boundary. */
    ck_assert_int_eq(fx_utf8_check("0123456789abcdefghij\xFE", 21), 20);
    ck_assert_int_eq(fx_utf8_check("01234567\xC0", 9), 8);
    ck_assert_int_eq(fx_utf8_check("0123456\xFF" "01234567", 16), 7);
}
END_TEST

START_TEST(utf8_check_overlong)
{
    ck_assert_int_eq(fx_utf8_check("ab\xC0\xAF", 4), 2);        /* '/' in two bytes */
    ck_assert_int_eq(fx_utf8_check("\xC1\xBF", 2), 0);
    ck_assert_int_eq(fx_utf8_check("x\xE0\x80\xAF", 4), 1);     /* in three */
    ck_assert_int_eq(fx_utf8_check("xy\xF0\x80\x80\xAF", 6), 2); /* in four */
}
END_TEST

START_TEST(utf8_check_surrogate)
{
    ck_assert_int_eq(fx_utf8_check("ab\xED\xA0\x80" "cd", 7), 2);
    ck_assert_int_eq(fx_utf8_check("\xED\xBF\xBF", 3), 0);
    ck_assert_int_eq(fx_utf8_check("\xED\x9F\xBF", 3), -1);     /* U+D7FF is fine */
}
END_TEST

START_TEST(utf8_check_truncated)
{
    ck_assert_int_eq(fx_utf8_check("abc\xE2\x82", 5), 3);        /* € cut short */
    ck_assert_int_eq(fx_utf8_check("\xE2\x82x", 3), 0);
    ck_assert_int_eq(fx_utf8_check("ok \xF0\x9F\x98", 6), 3);
    ck_assert_int_eq(fx_utf8_check("\xC3", 1), 0);
    /* n limits the check: a sequence cut by n is truncated. */
    ck_assert_int_eq(fx_utf8_check("ab\xC3\xA9", 3), 2);
}
END_TEST

START_TEST(utf8_check_nul_is_valid)
{
    ck_assert_int_eq(fx_utf8_check("a\0b\0\0", 5), -1);
    ck_assert_int_eq(fx_utf8_check("0123456\0" "89\xFF", 11), 10);
}
END_TEST

START_TEST(utf8_next_and_put)
{
    const uint32_t cps[] = {0x24, 0xE9, 0x439, 0x20AC, 0x300C, 0x1F600, 0x10FFFF};
    for (size_t k = 0; k < sizeof cps / sizeof *cps; k++) {
        char buf[4];
        int n = fx_utf8_put(buf, cps[k]);
        size_t i = 0;
        ck_assert_int_eq(fx_utf8_next(buf, (size_t)n, &i), (int32_t)cps[k]);
        ck_assert_uint_eq(i, (size_t)n);
    }
    size_t i = 1;
    ck_assert_int_eq(fx_utf8_next("a\xC0\xAF", 3, &i), -1);
    ck_assert_uint_eq(i, 1);    /* unchanged on failure */
}
END_TEST

/* ---- tokens and spans ---------------------------------------------- */

START_TEST(tokens_accented_spans)
{
    analyse("L’Élysée répond à Noël.");
    ck_assert_uint_eq(doc.ntok, 5);
    assert_token(0, "L’", 0, 2, "l'");
    assert_token(1, "Élysée", 2, 8, "elysee");
    assert_token(2, "répond", 9, 15, "repond");
    assert_token(3, "à", 16, 17, "a");
    assert_token(4, "Noël", 18, 22, "noel");
    ck_assert_uint_eq(doc.tok[1].b0, 4);    /* ’ is three bytes */
    ck_assert_uint_eq(doc.tok[1].b1, 12);
    ck_assert(doc.tok[1].flags & FX_TOK_UPPER);
    ck_assert(!(doc.tok[2].flags & FX_TOK_UPPER));
}
END_TEST

START_TEST(tokens_cyrillic_spans)
{
    analyse("Путин прибыл в Москву 22 декабря.");
    ck_assert_uint_eq(doc.ntok, 6);
    static const struct { const char *s; uint32_t c0, c1; } want[] = {
        {"Путин", 0, 5}, {"прибыл", 6, 12}, {"в", 13, 14}, {"Москву", 15, 21},
        {"22", 22, 24}, {"декабря", 25, 32},
    };
    for (size_t i = 0; i < 6; i++) {
        fxt_assert_span(doc.text, doc.tok[i].b0, doc.tok[i].b1, want[i].s);
        ck_assert_uint_eq(doc.tok[i].c0, want[i].c0);
        ck_assert_uint_eq(doc.tok[i].c1, want[i].c1);
    }
    ck_assert_uint_eq(doc.tok[3].b0, 27);   /* two bytes a letter, one a space */
    ck_assert(doc.tok[0].flags & FX_TOK_CYRL);
    ck_assert(doc.tok[0].flags & FX_TOK_UPPER);
    ck_assert(doc.tok[4].flags & FX_TOK_NUM);
}
END_TEST

START_TEST(tokens_astral_and_cjk_spans)
{
    /* An emoji is one code point in four bytes, and a token of its own. */
    analyse("\xF0\x9F\x98\x80 Россия и 東京");
    ck_assert_uint_eq(doc.ntok, 4);
    assert_token(0, "\xF0\x9F\x98\x80", 0, 1, "\xF0\x9F\x98\x80");
    ck_assert(doc.tok[0].flags & FX_TOK_EMOJI);
    assert_token(1, "Россия", 2, 8, "росси");
    ck_assert_uint_eq(doc.tok[1].b0, 5);
    assert_token(2, "и", 9, 10, "и");
    assert_token(3, "東京", 11, 13, "東京");
}
END_TEST

/* Posts: emoji and flags are tokens (ICU calls them no word); hashtags
 * and handles are cut into their words, which join like a name's. */
START_TEST(tokens_emoji_flags_hashtags_handles)
{
    analyse("Merci \xF0\x9F\x91\x8F\xEF\xB8\x8F \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 "
            "#StandWithUkraine @JustinTrudeau @MID_RF #g20 \xC2\xA9 !");
    ck_assert_uint_eq(doc.ntok, 11);     /* © is no emoji, ! no word */
    assert_token(0, "Merci", 0, 5, "merci");
    /* 👏 with its variation selector: the selector folds away. */
    assert_token(1, "\xF0\x9F\x91\x8F\xEF\xB8\x8F", 6, 8, "\xF0\x9F\x91\x8F");
    ck_assert(doc.tok[1].flags & FX_TOK_EMOJI);
    /* 🇫🇷: one token of two regional indicators. */
    assert_token(2, "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", 9, 11,
                 "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7");
    assert_token(3, "Stand", 13, 18, "stand");
    assert_token(4, "With", 18, 22, "with");
    assert_token(5, "Ukraine", 22, 29, "ukraine");
    ck_assert(doc.tok[4].flags & FX_TOK_JOIN);
    ck_assert(doc.tok[5].flags & FX_TOK_JOIN);
    ck_assert(doc.tok[5].flags & FX_TOK_UPPER);
    assert_token(6, "Justin", 31, 37, "justin");
    assert_token(7, "Trudeau", 37, 44, "trudeau");
    assert_token(8, "MID", 46, 49, "mid");
    assert_token(9, "RF", 50, 52, "rf");
    assert_token(10, "g20", 54, 57, "g20");     /* no capital inside: one word */
}
END_TEST

/* The pieces of a hashtag are words like any other: elision, possessive. */
START_TEST(hashtag_pieces_are_words)
{
    analyse("#L’UkraineEtLaFrance #Britain'sFuture");
    ck_assert_uint_eq(doc.ntok, 7);
    assert_token(0, "L’", 1, 3, "l'");
    ck_assert(doc.tok[0].flags & FX_TOK_ELISION);
    assert_token(1, "Ukraine", 3, 10, "ukraine");
    assert_token(2, "Et", 10, 12, "et");
    assert_token(4, "France", 14, 20, "france");
    assert_token(5, "Britain", 22, 29, "britain");   /* 's dropped */
    assert_token(6, "Future", 31, 37, "future");
    /* Acronyms and numbers: a capital after capitals starts a word when a
     * small letter follows it; a capital after a digit always does. */
    analyse("#USAForever #G20Summit #NATO");
    ck_assert_uint_eq(doc.ntok, 5);
    assert_token(0, "USA", 1, 4, "usa");
    ck_assert(doc.tok[0].flags & FX_TOK_CAPS);
    assert_token(1, "Forever", 4, 11, "forever");
    assert_token(2, "G20", 13, 16, "g20");
    assert_token(3, "Summit", 16, 22, "summit");
    assert_token(4, "NATO", 24, 28, "nato");
}
END_TEST
END_TEST

/* Valid text runs the break iterators over UTF-16, invalid text over the
 * UTF-8 bytes: both give the same tokens and sentences. An invalid byte at
 * the end (read as U+FFFD) forces the second path; the first gets a real
 * U+FFFD there, so that both iterators see the same characters. */
START_TEST(same_breaks_over_utf16_and_utf8)
{
    const char *text = "« La Russie n’a jamais refusé le dialogue », a dit M. Peskov. "
                       "Émoji \xF0\x9F\x98\x80 ici ; 東京 aussi.\n\n"
                       "“We’re ready,” he said. Россия и США 3,5 % — l’UE.";
    char good[512], bad[512];
    snprintf(good, sizeof good, "%s\xEF\xBF\xBD", text);
    snprintf(bad, sizeof bad, "%s\xFF", text);
    analyse(good);
    size_t ntok = doc.ntok, nsent = doc.nsent;
    struct fx_token tok[64];
    struct fx_sentence sent[16];
    ck_assert_uint_le(ntok, 64);
    ck_assert_uint_le(nsent, 16);
    ck_assert_uint_ge(nsent, 4);
    memcpy(tok, doc.tok, ntok * sizeof *tok);
    memcpy(sent, doc.sent, nsent * sizeof *sent);
    analyse(bad);
    ck_assert_uint_eq(doc.ntok, ntok);
    ck_assert_uint_eq(doc.nsent, nsent);
    for (size_t i = 0; i < ntok; i++) {
        ck_assert_uint_eq(doc.tok[i].b0, tok[i].b0);
        ck_assert_uint_eq(doc.tok[i].b1, tok[i].b1);
        ck_assert_uint_eq(doc.tok[i].c0, tok[i].c0);
        ck_assert_uint_eq(doc.tok[i].flags, tok[i].flags);
        ck_assert_uint_eq(doc.tok[i].sent, tok[i].sent);
    }
    for (size_t k = 0; k < nsent; k++) {
        ck_assert_uint_eq(doc.sent[k].b0, sent[k].b0);
        ck_assert_uint_eq(doc.sent[k].t0, sent[k].t0);
        ck_assert_uint_eq(doc.sent[k].t1, sent[k].t1);
        if (k + 1 < nsent)
            ck_assert_uint_eq(doc.sent[k].b1, sent[k].b1);
    }
}
END_TEST

START_TEST(doc_cp_across_blocks)
{
    /* 300 two-byte letters and some ASCII: offsets cross many 64-byte
     * blocks, some in the middle of a letter's bytes' run. */
    char s[1024];
    size_t n = 0;
    for (int i = 0; i < 300; i++) {
        memcpy(s + n, "ж", 2);
        n += 2;
        if (i % 7 == 6)
            s[n++] = ' ';
    }
    s[n] = '\0';
    analyse(s);
    for (size_t b = 0; b <= n; b++)
        if (b == n || ((unsigned char)s[b] & 0xC0) != 0x80)
            ck_assert_uint_eq(fx_doc_cp(&doc, b), fxt_cp(s, b));
    ck_assert_uint_eq(fx_doc_cp(&doc, n), 300 + 42);
    ck_assert_uint_eq(doc.tok[doc.ntok - 1].c1, 300 + 42);
}
END_TEST

START_TEST(doc_empty_and_reuse)
{
    analyse("");
    ck_assert_uint_eq(doc.ntok, 0);
    ck_assert_uint_eq(doc.nsent, 0);
    ck_assert_uint_eq(fx_doc_cp(&doc, 0), 0);
    analyse("Un deux trois. Quatre.");
    ck_assert_uint_eq(doc.ntok, 4);
    analyse("Cinq.");             /* replaces, does not append */
    ck_assert_uint_eq(doc.ntok, 1);
    ck_assert_uint_eq(doc.nsent, 1);
    assert_token(0, "Cinq", 0, 4, "cinq");
}
END_TEST

/* ---- folding -------------------------------------------------------- */

START_TEST(fold_case_and_accents)
{
    ck_assert_str_eq(fold("ÉLYSÉE"), "elysee");
    ck_assert_str_eq(fold("Élysée"), "elysee");
    ck_assert_str_eq(fold("Ça Über Noël Çanakkale"), "ca uber noel canakkale");
    ck_assert_str_eq(fold("Straße"), "strasse");
    ck_assert_str_eq(fold("ﬁnance ＵＳＡ"), "finance usa");     /* NFKC */
    assert_same_key("Côte", "COTE");
    assert_same_key("België", "belgie");
}
END_TEST

START_TEST(fold_yo_is_ye)
{
    ck_assert_str_eq(fold("ёж"), "еж");
    ck_assert_str_eq(fold("Всё"), "все");
    assert_same_key("Королёв", "Королев");
    assert_same_key("Кремлём", "Кремлем");
}
END_TEST

START_TEST(fold_russian_case_endings)
{
    const char *russia[] = {"России", "Россию", "Россией", "Россия"};
    for (size_t i = 1; i < 4; i++)
        assert_same_key(russia[0], russia[i]);
    assert_same_key("Великобритании", "Великобритания");
    assert_same_key("Китаем", "Китай");
    assert_same_key("Москвы", "Москва");
    assert_same_key("российского", "российский");
    char *a = key_of("России"), *b = key_of("Китай");
    ck_assert_str_ne(a, b);
    free(a);
    free(b);
}
END_TEST

START_TEST(fold_russian_all_caps)
{
    /* Case-insensitive means a headline's РОССИИ is России. */
    assert_same_key("РОССИИ", "России");
    assert_same_key("РОССИЯ", "Россия");
}
END_TEST

START_TEST(elision_split)
{
    analyse("l'Ukraine d'Allemagne qu'elle");
    ck_assert_uint_eq(doc.ntok, 6);
    assert_token(0, "l'", 0, 2, "l'");
    assert_token(1, "Ukraine", 2, 9, "ukraine");
    assert_token(2, "d'", 10, 12, "d'");
    assert_token(3, "Allemagne", 12, 21, "allemagne");
    assert_token(4, "qu'", 22, 25, "qu'");
    assert_token(5, "elle", 25, 29, "elle");
    for (size_t i = 0; i < 6; i += 2)
        ck_assert(doc.tok[i].flags & FX_TOK_ELISION);
    ck_assert(!(doc.tok[1].flags & FX_TOK_ELISION));
    ck_assert(doc.tok[1].flags & FX_TOK_UPPER);
}
END_TEST

START_TEST(elision_split_typographic)
{
    analyse("l’Ukraine d’Allemagne qu’elle");
    ck_assert_uint_eq(doc.ntok, 6);
    assert_token(0, "l’", 0, 2, "l'");
    assert_token(1, "Ukraine", 2, 9, "ukraine");
    assert_token(2, "d’", 10, 12, "d'");
    assert_token(3, "Allemagne", 12, 21, "allemagne");
    assert_token(4, "qu’", 22, 25, "qu'");
    assert_token(5, "elle", 25, 29, "elle");
    ck_assert(doc.tok[2].flags & FX_TOK_ELISION);
    ck_assert_str_eq(fold("l’Ukraine d’Allemagne qu’elle"), fold("l'Ukraine d'Allemagne qu'elle"));
    /* Italian, and words that only look elided. */
    ck_assert_str_eq(fold("dell’Italia"), "dell' italia");
    ck_assert_str_eq(fold("aujourd’hui"), "aujourd'hui");
}
END_TEST

START_TEST(hyphens_separate_tokens)
{
    ck_assert_str_eq(fold("royaume-Uni"), "royaume uni");
    ck_assert_str_eq(fold("Royaume Uni"), "royaume uni");
    ck_assert_str_eq(fold("ROYAUME-UNI"), "royaume uni");
    analyse("le royaume-Uni, Royaume Uni et Royaume, Uni");
    ck_assert_uint_eq(doc.ntok, 8);
    assert_token(1, "royaume", 3, 10, "royaume");
    assert_token(2, "Uni", 11, 14, "uni");
    ck_assert(doc.tok[2].flags & FX_TOK_JOIN);      /* hyphen */
    ck_assert(doc.tok[4].flags & FX_TOK_JOIN);      /* blank */
    ck_assert(!(doc.tok[7].flags & FX_TOK_JOIN));   /* comma */
}
END_TEST

START_TEST(english_possessive)
{
    analyse("Britain's plan and Russia’s reply");
    ck_assert_uint_eq(doc.ntok, 5);
    assert_token(0, "Britain", 0, 7, "britain");
    assert_token(3, "Russia", 19, 25, "russia");
    ck_assert_str_eq(fold("Britain's"), "britain");
    ck_assert_str_eq(fold("BRITAIN'S"), "britain");
}
END_TEST

START_TEST(sentences_survive_abbreviations)
{
    analyse("M. Macron a parlé. Mme Merkel aussi. Mr. Smith said so. "
            "J. K. Rowling wrote. Путин прибыл в г. Москва. Всё.");
    static const char *want[] = {
        "M. Macron a parlé.", "Mme Merkel aussi.", "Mr. Smith said so.",
        "J. K. Rowling wrote.", "Путин прибыл в г. Москва.", "Всё.",
    };
    ck_assert_uint_eq(doc.nsent, 6);
    for (size_t i = 0; i < 6; i++)
        fxt_assert_span(doc.text, doc.sent[i].b0, doc.sent[i].b1, want[i]);
    /* Tokens know their sentence and sentences their tokens. */
    ck_assert_uint_eq(doc.sent[0].t0, 0);
    ck_assert_uint_eq(doc.sent[0].t1, 4);
    ck_assert_uint_eq(doc.sent[3].t0, 11);
    ck_assert_uint_eq(doc.sent[3].t1, 15);
    for (size_t i = 0; i < doc.ntok; i++) {
        const struct fx_sentence *se = &doc.sent[doc.tok[i].sent];
        ck_assert(i >= se->t0 && i < se->t1);
    }
}
END_TEST

START_TEST(sentences_break_at_paragraphs)
{
    analyse("Il a dit M.\nLe lendemain, rien.\n\nFin");
    ck_assert_uint_eq(doc.nsent, 3);
    fxt_assert_span(doc.text, doc.sent[0].b0, doc.sent[0].b1, "Il a dit M.");
    fxt_assert_span(doc.text, doc.sent[1].b0, doc.sent[1].b1, "Le lendemain, rien.");
    fxt_assert_span(doc.text, doc.sent[2].b0, doc.sent[2].b1, "Fin");
}
END_TEST

START_TEST(nul_bytes_in_text)
{
    static const char s[] = "Paris\0Londres \0Moscou";
    int err = fx_doc_analyse(tz, &doc, s, sizeof s - 1);
    ck_assert_int_eq(err, 0);
    ck_assert_uint_eq(doc.ntok, 3);
    assert_token(0, "Paris", 0, 5, "paris");
    ck_assert_uint_eq(doc.tok[1].b0, 6);
    ck_assert_uint_eq(doc.tok[1].c1, 13);
    ck_assert_str_eq(fx_doc_key(&doc, 1), "londres");
    ck_assert_uint_eq(doc.tok[2].b0, 15);
    ck_assert_uint_eq(doc.tok[2].c1, 21);
    ck_assert_uint_eq(fx_doc_cp(&doc, sizeof s - 1), 21);
    struct fx_buf b;
    fx_buf_init(&b);
    ck_assert_int_eq(fx_fold_phrase(tz, s, sizeof s - 1, &b), 3);
    ck_assert_str_eq(b.s, "paris londres moscou");
    fx_buf_release(&b);
}
END_TEST

START_TEST(fold_phrase_appends)
{
    struct fx_buf b;
    fx_buf_init(&b);
    ck_assert_int_eq(fx_buf_add(&b, "x|", 2), 0);
    ck_assert_int_eq(fx_fold_phrase(tz, "Quai d’Orsay", strlen("Quai d’Orsay"), &b), 3);
    ck_assert_str_eq(b.s, "x|quai d' orsay");
    ck_assert_int_eq(fx_fold_phrase(tz, " , ", 3, &b), 0);
    ck_assert_str_eq(b.s, "x|quai d' orsay");
    fx_buf_release(&b);
}
END_TEST

START_TEST(text_over_2gib_is_erange)
{
    size_t n = ((size_t)1 << 31) + 16;
    /* Zero pages, never touched: valid UTF-8 that costs no memory. */
    char *p = mmap(NULL, n, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return;     /* no address space to spare: nothing to test */
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, p, n), FX_ERANGE);
    munmap(p, n);
}
END_TEST

/* A 50 MB paragraph (no newline): analysis must finish, with exact counts.
 * No timing assertion: a quadratic step would show as a timeout. */
START_TEST(paragraph_50mb)
{
    static const char unit[] = "Le mot « anticonstitutionnellement » a été dit par M. Dupont. ";
    size_t ul = sizeof unit - 1, units = ((size_t)50 << 20) / ul, n = units * ul;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < units; i++)
        memcpy(s + i * ul, unit, ul);
    s[n] = '\0';
    ck_assert_int_eq(fx_utf8_check(s, n), -1);
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, s, n), 0);
    ck_assert_uint_eq(doc.ntok, 9 * units);
    ck_assert_uint_eq(doc.nsent, units);
    ck_assert_uint_eq(fx_doc_cp(&doc, n), units * fxt_cp(unit, ul));
    const struct fx_token *last = &doc.tok[doc.ntok - 1];
    ck_assert_uint_eq(last->c1, units * fxt_cp(unit, ul) - 2);
    struct fx_quotes qs;
    fx_quotes_init(&qs);
    ck_assert_int_eq(fx_quotes_find(&qs, s, n), 0);
    ck_assert_uint_eq(qs.n, units);
    ck_assert_int_eq(qs.q[units - 1].parent, -1);
    fx_quotes_release(&qs);
    fx_doc_release(&doc);
    free(s);
}
END_TEST

/* A hostile word of chained elisions (l’l’l’…, 1 MB): each elision must not
 * cost a stack frame. */
START_TEST(elision_chain_1mb)
{
    size_t units = 250000, n = units * 4;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < units; i++)
        memcpy(s + i * 4, "l’", 4);
    s[n] = '\0';
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, s, n), 0);
    ck_assert_uint_eq(doc.ntok, units);
    ck_assert(doc.tok[0].flags & FX_TOK_ELISION);
    ck_assert_uint_eq(doc.tok[units - 1].c0, 2 * (units - 1));
    fx_doc_release(&doc);
    free(s);
}
END_TEST

/* ---- fx.h helpers ---------------------------------------------------- */

START_TEST(buf_and_strerror)
{
    struct fx_buf b;
    fx_buf_init(&b);
    ck_assert_int_eq(fx_buf_addf(&b, "%s:%d", "x", 42), 0);
    ck_assert_int_eq(fx_buf_addc(&b, '!'), 0);
    ck_assert_str_eq(b.s, "x:42!");
    ck_assert_uint_eq(b.len, 5);
    fx_buf_release(&b);
    ck_assert_ptr_null(b.s);
    fx_buf_release(&b);             /* twice is harmless */
    ck_assert_str_eq(fx_strerror(FX_EUTF8), "invalid UTF-8");
    ck_assert_str_eq(fx_strerror(FX_ENOMEM), "out of memory");
    ck_assert_str_eq(fx_strerror(12345), "unknown error");
}
END_TEST

START_TEST(read_file_errors)
{
    char *s = (char *)1;
    size_t len = 7;
    ck_assert_int_eq(fx_read_file(FXT_FIXTURES, &s, &len), FX_EIO);
    ck_assert_int_eq(errno, EISDIR);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(fx_read_file(FXT_FIXTURES "/no-such-file.txt", &s, &len), FX_EIO);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_int_eq(fx_read_file(FXT_FIXTURES "/empty.txt", &s, &len), 0);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(s, "");
    free(s);
    ck_assert_int_eq(fx_read_file(FXT_FIXTURES "/nul.txt", &s, &len), 0);
    ck_assert_uint_eq(len, 34);
    ck_assert_int_eq(s[17], '\0');
    free(s);
}
END_TEST

START_TEST(tokenizer_free_null)
{
    fx_tokenizer_free(NULL);
    struct fx_doc d;
    fx_doc_init(&d);
    fx_doc_release(&d);
    fx_doc_release(&d);
}
END_TEST

Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("utf8");
    tcase_add_test(tc, utf8_check_valid);
    tcase_add_test(tc, utf8_check_invalid_byte);
    tcase_add_test(tc, utf8_check_overlong);
    tcase_add_test(tc, utf8_check_surrogate);
    tcase_add_test(tc, utf8_check_truncated);
    tcase_add_test(tc, utf8_check_nul_is_valid);
    tcase_add_test(tc, utf8_next_and_put);
    tcase_add_test(tc, buf_and_strerror);
    tcase_add_test(tc, read_file_errors);
    tcase_add_test(tc, tokenizer_free_null);
    suite_add_tcase(s, tc);

    tc = tcase_create("tokens");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, tokens_accented_spans);
    tcase_add_test(tc, tokens_cyrillic_spans);
    tcase_add_test(tc, tokens_astral_and_cjk_spans);
    tcase_add_test(tc, tokens_emoji_flags_hashtags_handles);
    tcase_add_test(tc, hashtag_pieces_are_words);
    tcase_add_test(tc, same_breaks_over_utf16_and_utf8);
    tcase_add_test(tc, doc_cp_across_blocks);
    tcase_add_test(tc, doc_empty_and_reuse);
    tcase_add_test(tc, fold_case_and_accents);
    tcase_add_test(tc, fold_yo_is_ye);
    tcase_add_test(tc, fold_russian_case_endings);
    tcase_add_test(tc, fold_russian_all_caps);
    tcase_add_test(tc, elision_split);
    tcase_add_test(tc, elision_split_typographic);
    tcase_add_test(tc, hyphens_separate_tokens);
    tcase_add_test(tc, english_possessive);
    tcase_add_test(tc, sentences_survive_abbreviations);
    tcase_add_test(tc, sentences_break_at_paragraphs);
    tcase_add_test(tc, nul_bytes_in_text);
    tcase_add_test(tc, fold_phrase_appends);
    tcase_add_test(tc, text_over_2gib_is_erange);
    suite_add_tcase(s, tc);

    tc = tcase_create("large");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, paragraph_50mb);
    tcase_add_test(tc, elision_chain_1mb);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(text_suite());
}
