/* test_attrib.c - who said a quote (attrib.h), with the cues of
 * datasets/attribution.tsv: the French, English and Russian attribution
 * patterns after, before and inside a quote, pronouns, and quotes with no
 * speaker at all. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "attrib.h"
#include "fxtest.h"

static struct fx_tokenizer *tz;
static struct fx_attrib *at;
static struct fx_doc doc;
static struct fx_quotes qs;

static void setup(void)
{
    int err = 1;
    size_t line = 9;
    tz = fxt_tokenizer();
    at = fx_attrib_load(tz, STANCE_DATA_DIR "/attribution.tsv", &err, &line);
    ck_assert_msg(at != NULL, "attribution.tsv:%zu: %s", line, fx_strerror(err));
    ck_assert_int_eq(err, 0);
    ck_assert_uint_eq(line, 0);
    fx_doc_init(&doc);
    fx_quotes_init(&qs);
}

static void teardown(void)
{
    fx_quotes_release(&qs);
    fx_doc_release(&doc);
    fx_attrib_free(at);
    fx_tokenizer_free(tz);
    at = NULL;
    tz = NULL;
}

/* Asserts the speaker of quote k of s: want is the exact phrase, "" for
 * none; pronoun says whether it is a pronoun left for the caller. */
static void expect_speaker(const char *s, size_t k, const char *want, int pronoun)
{
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, s, strlen(s)), 0);
    ck_assert_int_eq(fx_quotes_find(&qs, s, strlen(s)), 0);
    ck_assert_msg(k < qs.n, "quote %zu of %zu in '%s'", k, qs.n, s);
    struct fx_speaker sp = {.b0 = 1, .b1 = 7, .pronoun = 5};
    fx_attrib_speaker(at, &doc, &qs, k, &sp);
    fxt_assert_span(s, sp.b0, sp.b1, want);
    ck_assert_int_eq(sp.pronoun, pronoun);
}

/* French */

START_TEST(fr_a_declare_x)
{
    expect_speaker("« Nous sommes prêts », a déclaré le ministre Sergueï Lavrov.", 0,
                   "le ministre Sergueï Lavrov", 0);
    expect_speaker("« Nous sommes prêts », a déclaré le ministre lors d’une conférence de presse.", 0,
                   "le ministre", 0);
    expect_speaker("« Nous sommes prêts », a déclaré à l’ambassade de Russie.", 0,
                   "l’ambassade de Russie", 0);
}
END_TEST

START_TEST(fr_a_declare_day_x)
{
    /* A day between verb and speaker, as in the example article's
     * « a déclaré samedi le secrétaire de presse ». */
    expect_speaker("« Nous sommes prêts », a déclaré samedi le ministre.", 0, "le ministre", 0);
}
END_TEST

START_TEST(fr_a_dit_le_diplomate)
{
    expect_speaker("« Nous sommes prêts », a dit le diplomate.", 0, "le diplomate", 0);
    expect_speaker("« Nous sommes prêts », – a dit le diplomate.", 0, "le diplomate", 0);
}
END_TEST

START_TEST(fr_a_dit_m_x)
{
    expect_speaker("« Oui », a dit M. Dupont.", 0, "M. Dupont", 0);
}
END_TEST

START_TEST(fr_x_a_declare_colon)
{
    expect_speaker("Le ministre Jean Valmont a déclaré : « Nous sommes prêts ».", 0,
                   "Le ministre Jean Valmont", 0);
}
END_TEST

START_TEST(fr_selon_x)
{
    expect_speaker("Selon le porte-parole du Kremlin, « rien n’a changé ».", 0,
                   "le porte-parole du Kremlin", 0);
    expect_speaker("« Rien », selon le diplomate.", 0, "le diplomate", 0);
    expect_speaker("« Rien », selon lui.", 0, "lui", 1);
}
END_TEST

START_TEST(fr_a_t_il_ajoute)
{
    expect_speaker("« Rien n’a changé », a-t-il ajouté.", 0, "il", 1);
    expect_speaker("« Rien n’a changé », a-t-elle ajouté.", 0, "elle", 1);
    expect_speaker("« Oui », dit-il.", 0, "il", 1);
}
END_TEST

START_TEST(fr_dit_dash_il_inside)
{
    expect_speaker("« Rien n’a changé, dit – il, depuis décembre ».", 0, "il", 1);
    expect_speaker("« Nous sommes prêts, a souligné le ministre. Nous attendons ».", 0,
                   "le ministre", 0);
}
END_TEST

/* English */

START_TEST(en_x_said)
{
    expect_speaker("“We are ready,” Lavrov said.", 0, "Lavrov", 0);
    expect_speaker("“We are ready,” Lavrov said on Monday.", 0, "Lavrov", 0);
    expect_speaker("The minister said: \"We are ready.\"", 0, "The minister", 0);
}
END_TEST

START_TEST(en_x_told_reporters)
{
    expect_speaker("“We are ready,” Lavrov told reporters.", 0, "Lavrov", 0);
}
END_TEST

START_TEST(en_said_x)
{
    expect_speaker("“We are ready,” said Foreign Secretary Boris Johnson.", 0,
                   "Foreign Secretary Boris Johnson", 0);
    expect_speaker("\"We are ready,\" she said.", 0, "she", 1);
}
END_TEST

START_TEST(en_according_to_x)
{
    expect_speaker("According to the Russian embassy, “nothing has changed.”", 0,
                   "the Russian embassy", 0);
}
END_TEST

/* Russian */

START_TEST(ru_zayavil_x)
{
    expect_speaker("«Мы готовы», — заявил министр Сергей Лавров.", 0, "министр Сергей Лавров", 0);
    expect_speaker("«Мы готовы», — заявил Лавров журналистам.", 0, "Лавров", 0);
    expect_speaker("Лавров заявил: «Мы готовы».", 0, "Лавров", 0);
}
END_TEST

START_TEST(ru_skazal_on)
{
    expect_speaker("«Мы готовы», — сказал он.", 0, "он", 1);
    expect_speaker("«Мы готовы», — сказала она.", 0, "она", 1);
}
END_TEST

START_TEST(ru_po_slovam_x)
{
    expect_speaker("По словам Лаврова, «ничего не изменилось».", 0, "Лаврова", 0);
}
END_TEST

/* None, and nesting */

START_TEST(no_speaker)
{
    expect_speaker("« Il pleut sur Paris ». Les nuages arrivent.", 0, "", 0);
    expect_speaker("« Nous sommes prêts ».", 0, "", 0);
    expect_speaker("Le mot « paix » revient souvent.", 0, "", 0);
    expect_speaker("“Ready.” The talks begin on Monday in Geneva.", 0, "", 0);
}
END_TEST

START_TEST(inner_quote_looks_inside_parent)
{
    const char *s = "« Le Kremlin a écrit : « nous sommes prêts », mais rien n’a suivi », "
                    "a-t-il ajouté.";
    expect_speaker(s, 1, "Le Kremlin", 0);
    ck_assert_int_eq(qs.q[1].parent, 0);
    expect_speaker(s, 0, "il", 1);
}
END_TEST

START_TEST(load_errors)
{
    int err = 0;
    size_t line = 0;
    ck_assert_ptr_null(fx_attrib_load(tz, FXT_FIXTURES "/attribution-bad.tsv", &err, &line));
    ck_assert_int_eq(err, FX_EFORMAT);
    ck_assert_uint_eq(line, 3);
    ck_assert_ptr_null(fx_attrib_load(tz, FXT_FIXTURES "/no-such.tsv", &err, &line));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_uint_eq(line, 0);
    fx_attrib_free(NULL);
}
END_TEST

Suite *attrib_suite(void)
{
    Suite *s = suite_create("attrib");
    TCase *tc = tcase_create("french");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fr_a_declare_x);
    tcase_add_test(tc, fr_a_declare_day_x);
    tcase_add_test(tc, fr_a_dit_le_diplomate);
    tcase_add_test(tc, fr_a_dit_m_x);
    tcase_add_test(tc, fr_x_a_declare_colon);
    tcase_add_test(tc, fr_selon_x);
    tcase_add_test(tc, fr_a_t_il_ajoute);
    tcase_add_test(tc, fr_dit_dash_il_inside);
    suite_add_tcase(s, tc);

    tc = tcase_create("english");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, en_x_said);
    tcase_add_test(tc, en_x_told_reporters);
    tcase_add_test(tc, en_said_x);
    tcase_add_test(tc, en_according_to_x);
    suite_add_tcase(s, tc);

    tc = tcase_create("russian");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, ru_zayavil_x);
    tcase_add_test(tc, ru_skazal_on);
    tcase_add_test(tc, ru_po_slovam_x);
    suite_add_tcase(s, tc);

    tc = tcase_create("other");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, no_speaker);
    tcase_add_test(tc, inner_quote_looks_inside_parent);
    tcase_add_test(tc, load_errors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(attrib_suite());
}
