/* test_quotes.c - quotation marks (quotes.h): every style of the SPEC,
 * nesting and parents, quotes that run on into the next paragraph, quotes
 * left open, apostrophes, straight quotes, and hostile nesting depth. */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fxtest.h"
#include "quotes.h"

static struct fx_quotes qs;
static const char *text;

static void setup(void)
{
    fx_quotes_init(&qs);
}

static void teardown(void)
{
    fx_quotes_release(&qs);
}

static void find(const char *s)
{
    text = s;
    ck_assert_int_eq(fx_quotes_find(&qs, s, strlen(s)), 0);
}

/* Asserts quote i: its text, parent and opening mark, and that it was
 * closed by a mark (closed) or ran to its paragraph's end. */
static void assert_quote(size_t i, const char *want, int32_t parent, int32_t mark, int closed)
{
    ck_assert_msg(i < qs.n, "quote %zu of %zu", i, qs.n);
    const struct fx_quote *q = &qs.q[i];
    fxt_assert_span(text, q->b0, q->b1, want);
    ck_assert_int_eq(q->parent, parent);
    ck_assert_int_eq(q->mark, mark);
    if (closed)
        ck_assert_uint_ne(q->close_at, UINT32_MAX);
    else
        ck_assert_uint_eq(q->close_at, UINT32_MAX);
}

START_TEST(guillemets_with_and_without_spaces)
{
    find("Il a dit «Bonjour» puis « Au revoir » et «\xC2\xA0Salut\xC2\xA0» puis "
         "«\xE2\x80\xAF" "Adieu\xE2\x80\xAF" "».");
    ck_assert_uint_eq(qs.n, 4);
    assert_quote(0, "Bonjour", -1, 0xAB, 1);
    assert_quote(1, "Au revoir", -1, 0xAB, 1);
    assert_quote(2, "Salut", -1, 0xAB, 1);      /* no-break space */
    assert_quote(3, "Adieu", -1, 0xAB, 1);      /* narrow no-break space */
    ck_assert_uint_eq(qs.q[0].open_at, 9);
    ck_assert_uint_eq(qs.q[0].b0, 11);
    ck_assert_uint_eq(qs.q[0].close_at, 18);
    ck_assert_uint_eq(qs.q[1].open_at, 26);
    ck_assert_uint_eq(qs.q[1].close_at, 39);
}
END_TEST

START_TEST(english_double_quotes)
{
    find("He said “hello there” and left.");
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "hello there", -1, 0x201C, 1);
    ck_assert_uint_eq(qs.q[0].open_at, 8);
    ck_assert_uint_eq(qs.q[0].close_at, 22);
}
END_TEST

START_TEST(german_low_high_quotes)
{
    find("Er sagte „Guten Tag“ und „Auf Wiedersehen”.");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "Guten Tag", -1, 0x201E, 1);
    assert_quote(1, "Auf Wiedersehen", -1, 0x201E, 1);
}
END_TEST

START_TEST(single_guillemets)
{
    find("Il a dit ‹ salut › puis ‹non›.");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "salut", -1, 0x2039, 1);
    assert_quote(1, "non", -1, 0x2039, 1);
}
END_TEST

START_TEST(corner_brackets)
{
    find("彼は「こんにちは」と言い、『さようなら』と書いた。");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "こんにちは", -1, 0x300C, 1);
    assert_quote(1, "さようなら", -1, 0x300E, 1);
}
END_TEST

START_TEST(straight_quotes_pair)
{
    find("He said \"yes\" and \"no, never\".");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "yes", -1, '"', 1);
    assert_quote(1, "no, never", -1, '"', 1);
    ck_assert_uint_eq(qs.q[1].open_at, 18);
    ck_assert_uint_eq(qs.q[1].close_at, 28);
}
END_TEST

START_TEST(straight_quote_stray_inch_mark)
{
    find("A 12\" screen, he said \"fine\".");
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "fine", -1, '"', 1);
}
END_TEST

START_TEST(single_marks_nest_inside_only)
{
    find("He said ‘no’ and ‚nein‘ outside.");
    ck_assert_uint_eq(qs.n, 0);
    find("« Il a dit ‘non’, puis ‚nein‘ et “yes” ».");
    ck_assert_uint_eq(qs.n, 4);
    assert_quote(0, "Il a dit ‘non’, puis ‚nein‘ et “yes”", -1, 0xAB, 1);
    assert_quote(1, "non", 0, 0x2018, 1);
    assert_quote(2, "nein", 0, 0x201A, 1);
    assert_quote(3, "yes", 0, 0x201C, 1);
    find("„Er sagte ‚nein‘ dazu“, sagte sie.");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "Er sagte ‚nein‘ dazu", -1, 0x201E, 1);
    assert_quote(1, "nein", 0, 0x201A, 1);
}
END_TEST

START_TEST(nesting_three_levels)
{
    find("« Il a cité “le mot ‘paix’ est clair” hier » dit-il.");
    ck_assert_uint_eq(qs.n, 3);
    assert_quote(0, "Il a cité “le mot ‘paix’ est clair” hier", -1, 0xAB, 1);
    assert_quote(1, "le mot ‘paix’ est clair", 0, 0x201C, 1);
    assert_quote(2, "paix", 1, 0x2018, 1);
    /* Same mark nested: « « » ». */
    find("« Dehors « dedans » encore » fin");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "Dehors « dedans » encore", -1, 0xAB, 1);
    assert_quote(1, "dedans", 0, 0xAB, 1);
}
END_TEST

START_TEST(apostrophes_are_not_marks)
{
    find("L’homme d’État l’a dit aujourd’hui, c’est l’Élysée.");
    ck_assert_uint_eq(qs.n, 0);
    find("“He said ‘it’s John’s’ fine,” she said.");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "He said ‘it’s John’s’ fine,", -1, 0x201C, 1);
    assert_quote(1, "it’s John’s", 0, 0x2018, 1);
    find("« L’Ukraine n’a pas ‘tort’ » a-t-il dit.");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(1, "tort", 0, 0x2018, 1);
}
END_TEST

START_TEST(multi_paragraph_quote)
{
    static const char s[] = "« Premier paragraphe.\n\n« Deuxième paragraphe », a-t-il dit.\nSuite.";
    find(s);
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "Premier paragraphe.\n\n« Deuxième paragraphe", -1, 0xAB, 1);
    ck_assert_uint_eq(qs.q[0].open_at, 0);
    ck_assert_uint_eq(qs.q[0].close_at, fxt_find(s, "»"));
}
END_TEST

START_TEST(multi_paragraph_crlf)
{
    find("“One.\r\n“Two.\r\n\r\n“Three,” he said.\r\n");
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "One.\r\n“Two.\r\n\r\n“Three,", -1, 0x201C, 1);
}
END_TEST

START_TEST(unclosed_quote_ends_with_paragraph)
{
    static const char s[] = "Il a dit : « rien ne change.  \nLa suite n’est pas citée.";
    find(s);
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "rien ne change.", -1, 0xAB, 0);
    find("Il a dit : « rien ne change\r\n\r\nFin.");
    assert_quote(0, "rien ne change", -1, 0xAB, 0);
    find("« jusqu’à la fin du texte");
    assert_quote(0, "jusqu’à la fin du texte", -1, 0xAB, 0);
}
END_TEST

START_TEST(unclosed_then_other_mark)
{
    /* The next paragraph opens with a different mark: no run-on. */
    find("« ouvert\n“autre”");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "ouvert", -1, 0xAB, 0);
    assert_quote(1, "autre", -1, 0x201C, 1);
}
END_TEST

START_TEST(closed_quotes_in_consecutive_paragraphs)
{
    find("« un »\n« deux »");
    ck_assert_uint_eq(qs.n, 2);
    assert_quote(0, "un", -1, 0xAB, 1);
    assert_quote(1, "deux", -1, 0xAB, 1);
}
END_TEST

START_TEST(unclosed_outer_ended_by_attribution)
{
    /* The example article's pattern: the inner quote closes, then an
     * attribution; the next paragraph's « is a new quote. */
    find("« Ainsi, il a dit « devenir responsables », – a dit le diplomate.\n\n« Comme il semble »");
    ck_assert_uint_eq(qs.n, 3);
    assert_quote(0, "Ainsi, il a dit « devenir responsables », – a dit le diplomate.", -1, 0xAB, 0);
    assert_quote(1, "devenir responsables", 0, 0xAB, 1);
    assert_quote(2, "Comme il semble", -1, 0xAB, 1);
}
END_TEST

START_TEST(mismatched_closer_is_text)
{
    find("« Il a dit ” non ».");
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "Il a dit ” non", -1, 0xAB, 1);
    find("Le signe » seul, puis « vrai ».");
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "vrai", -1, 0xAB, 1);
}
END_TEST

START_TEST(replaces_previous_result)
{
    find("« a » « b » « c »");
    ck_assert_uint_eq(qs.n, 3);
    find("aucune citation");
    ck_assert_uint_eq(qs.n, 0);
    find("");
    ck_assert_uint_eq(qs.n, 0);
}
END_TEST

/* 100,000 nested « : no recursion, no crash, and at most
 * FX_QUOTES_MAX_DEPTH quotes; deeper marks are plain text. */
START_TEST(hostile_nesting_depth)
{
    size_t depth = 100000, n = depth * 2 + 1 + depth * 2;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < depth; i++)
        memcpy(s + 2 * i, "«", 2);
    s[2 * depth] = 'x';
    for (size_t i = 0; i < depth; i++)
        memcpy(s + 2 * depth + 1 + 2 * i, "»", 2);
    s[n] = '\0';
    text = s;
    ck_assert_int_eq(fx_quotes_find(&qs, s, n), 0);
    ck_assert_uint_eq(qs.n, FX_QUOTES_MAX_DEPTH);
    for (size_t i = 0; i < qs.n; i++) {
        ck_assert_int_eq(qs.q[i].parent, (int32_t)i - 1);
        ck_assert_uint_eq(qs.q[i].open_at, 2 * i);
        ck_assert_uint_ne(qs.q[i].close_at, UINT32_MAX);
    }
    /* The innermost quote holds the plain-text marks and closes first. */
    ck_assert_uint_eq(qs.q[FX_QUOTES_MAX_DEPTH - 1].b0, 2 * FX_QUOTES_MAX_DEPTH);
    ck_assert_uint_eq(qs.q[FX_QUOTES_MAX_DEPTH - 1].close_at, 2 * depth + 1);
    ck_assert_uint_eq(qs.q[0].close_at, 2 * depth + 1 + 2 * (FX_QUOTES_MAX_DEPTH - 1));
    /* Unclosed, in one paragraph. */
    s[2 * depth] = '\0';
    ck_assert_int_eq(fx_quotes_find(&qs, s, 2 * depth), 0);
    ck_assert_uint_eq(qs.n, FX_QUOTES_MAX_DEPTH);
    ck_assert_uint_eq(qs.q[0].close_at, UINT32_MAX);
    free(s);
}
END_TEST

START_TEST(multi_paragraph_bare_reopening)
{
    /* A paragraph holding only the reopening mark still continues the
     * quote, and so does the next one. */
    find("« un\n«\n« deux »");
    ck_assert_uint_eq(qs.n, 1);
    assert_quote(0, "un\n«\n« deux", -1, 0xAB, 1);
}
END_TEST

START_TEST(hostile_many_paragraph_marks)
{
    /* « alone on 100,000 lines: linear, bounded, no crash. */
    size_t lines = 100000, n = lines * 3;
    char *s = malloc(n + 1);
    ck_assert_ptr_nonnull(s);
    for (size_t i = 0; i < lines; i++)
        memcpy(s + 3 * i, "«\n", 3);
    s[n] = '\0';
    text = s;
    ck_assert_int_eq(fx_quotes_find(&qs, s, n), 0);
    ck_assert_uint_ge(qs.n, 1);
    ck_assert_uint_le(qs.n, lines);
    ck_assert_uint_eq(qs.q[0].open_at, 0);
    ck_assert_int_eq(qs.q[0].parent, -1);
    free(s);
}
END_TEST

START_TEST(release_twice)
{
    struct fx_quotes q;
    fx_quotes_init(&q);
    fx_quotes_release(&q);
    fx_quotes_release(&q);
}
END_TEST

Suite *quotes_suite(void)
{
    Suite *s = suite_create("quotes");
    TCase *tc = tcase_create("marks");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, guillemets_with_and_without_spaces);
    tcase_add_test(tc, english_double_quotes);
    tcase_add_test(tc, german_low_high_quotes);
    tcase_add_test(tc, single_guillemets);
    tcase_add_test(tc, corner_brackets);
    tcase_add_test(tc, straight_quotes_pair);
    tcase_add_test(tc, straight_quote_stray_inch_mark);
    tcase_add_test(tc, single_marks_nest_inside_only);
    tcase_add_test(tc, nesting_three_levels);
    tcase_add_test(tc, apostrophes_are_not_marks);
    tcase_add_test(tc, mismatched_closer_is_text);
    tcase_add_test(tc, replaces_previous_result);
    tcase_add_test(tc, release_twice);
    suite_add_tcase(s, tc);

    tc = tcase_create("paragraphs");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, multi_paragraph_quote);
    tcase_add_test(tc, multi_paragraph_crlf);
    tcase_add_test(tc, multi_paragraph_bare_reopening);
    tcase_add_test(tc, unclosed_quote_ends_with_paragraph);
    tcase_add_test(tc, unclosed_then_other_mark);
    tcase_add_test(tc, closed_quotes_in_consecutive_paragraphs);
    tcase_add_test(tc, unclosed_outer_ended_by_attribution);
    suite_add_tcase(s, tc);

    tc = tcase_create("hostile");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hostile_nesting_depth);
    tcase_add_test(tc, hostile_many_paragraph_marks);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(quotes_suite());
}
