/* test_countries.c - the gazetteer (countries.h): each kind of reference in
 * French, English and Russian, folding-insensitive matching, longest match,
 * multi-word names through hyphens and elisions, block entries, the cap /
 * exact / first flags, persons in office, and loading compiled files.
 *
 * aliases.tsv is not written yet, so the gazetteer is built here with
 * fx_gazetteer_add, its keys folded with fx_fold_phrase as gazetteer-build
 * folds them. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "fxtest.h"

static struct fx_tokenizer *tz;
static struct fx_gazetteer *gz;
static struct fx_doc doc;
static struct fx_mentions ms;

static void add(const char *form, const char *code, int kind, unsigned flags, int from, int to)
{
    fxt_gazetteer_add(gz, tz, form, code, kind, flags, from, to);
}

static void setup(void)
{
    tz = fxt_tokenizer();
    gz = fxt_gazetteer_empty();
    fx_doc_init(&doc);
    fx_mentions_init(&ms);
    /* French */
    add("Royaume-Uni", "GB", FX_KIND_NAME, 0, 0, 0);
    add("Grande-Bretagne", "GB", FX_KIND_NAME, 0, 0, 0);
    add("Londres", "GB", FX_KIND_CAPITAL, 0, 0, 0);
    add("britannique", "GB", FX_KIND_DEMONYM, 0, 0, 0);
    add("Élysée", "FR", FX_KIND_INSTITUTION, 0, 0, 0);
    add("Quai d'Orsay", "FR", FX_KIND_CAPITAL, 0, 0, 0);
    add("Maison-Blanche", "US", FX_KIND_CAPITAL, 0, 0, 0);
    add("États-Unis", "US", FX_KIND_NAME, 0, 0, 0);
    add("Côte d'Ivoire", "CI", FX_KIND_NAME, 0, 0, 0);
    add("Guinée", "GN", FX_KIND_NAME, 0, 0, 0);
    add("Guinée équatoriale", "GQ", FX_KIND_NAME, 0, 0, 0);
    add("Emmanuel Macron", "FR", FX_KIND_PERSON, 0, 2017, 0);
    add("Macron", "FR", FX_KIND_PERSON, 0, 2017, 0);
    /* English */
    add("United Kingdom", "GB", FX_KIND_NAME, 0, 0, 0);
    add("Germany", "DE", FX_KIND_NAME, 0, 0, 0);
    add("Berlin", "DE", FX_KIND_CAPITAL, 0, 0, 0);
    add("German", "DE", FX_KIND_DEMONYM, 0, 0, 0);
    add("Bundestag", "DE", FX_KIND_INSTITUTION, 0, 0, 0);
    add("Downing Street", "GB", FX_KIND_CAPITAL, 0, 0, 0);
    add("Angela Merkel", "DE", FX_KIND_PERSON, 0, 2005, 2021);
    add("Boris Johnson", "GB", FX_KIND_PERSON, 0, 2019, 2022);
    add("US", "US", FX_KIND_NAME, FX_GAZ_EXACT, 0, 0);
    add("Turkey", "TR", FX_KIND_NAME, FX_GAZ_CAP, 0, 0);
    add("China", "CN", FX_KIND_NAME, FX_GAZ_CAP, 0, 0);
    add("Jordan", "JO", FX_KIND_NAME, FX_GAZ_FIRST, 0, 0);
    add("Jersey", "JE", FX_KIND_NAME, 0, 0, 0);
    add("New Jersey", "", FX_KIND_BLOCK, 0, 0, 0);
    add("Mexico", "MX", FX_KIND_NAME, 0, 0, 0);
    add("New Mexico", "", FX_KIND_BLOCK, 0, 0, 0);
    add("Guinea", "GN", FX_KIND_NAME, 0, 0, 0);
    add("Papua New Guinea", "PG", FX_KIND_NAME, 0, 0, 0);
    /* Russian */
    add("Великобритания", "GB", FX_KIND_NAME, 0, 0, 0);
    add("Россия", "RU", FX_KIND_NAME, 0, 0, 0);
    add("Китай", "CN", FX_KIND_NAME, 0, 0, 0);
    add("Москва", "RU", FX_KIND_CAPITAL, 0, 0, 0);
    add("российский", "RU", FX_KIND_DEMONYM, 0, 0, 0);
    add("Кремль", "RU", FX_KIND_INSTITUTION, 0, 0, 0);
    add("Путин", "RU", FX_KIND_PERSON, 0, 2000, 0);
    /* Flags, as gazetteer-build writes them */
    add("\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", "FR", FX_KIND_NAME, 0, 0, 0);
    add("\xF0\x9F\x87\xBA\xF0\x9F\x87\xA6", "UA", FX_KIND_NAME, 0, 0, 0);
    add("Ukraine", "UA", FX_KIND_NAME, 0, 0, 0);
}

static void teardown(void)
{
    fx_mentions_release(&ms);
    fx_doc_release(&doc);
    fx_gazetteer_free(gz);
    fx_tokenizer_free(tz);
    gz = NULL;
    tz = NULL;
}

/* The mentions of s as "CODE kind surface|...", in a static buffer. */
static const char *mentions(const char *s, int year)
{
    static char out[2048];
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, s, strlen(s)), 0);
    ck_assert_int_eq(fx_gazetteer_match(gz, &doc, year, &ms), 0);
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < ms.n; i++) {
        const struct fx_mention *m = &ms.m[i];
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s %s %.*s", i ? "|" : "",
                              m->country, fx_kind_name(m->kind), (int)(m->b1 - m->b0), s + m->b0);
        ck_assert_uint_lt(n, sizeof out);
        ck_assert_uint_eq(m->b0, doc.tok[m->t0].b0);
        ck_assert_uint_eq(m->b1, doc.tok[m->t1 - 1].b1);
    }
    return out;
}

#define expect(text, year, want) ck_assert_str_eq(mentions((text), (year)), (want))

START_TEST(french_kinds)
{
    expect("Le Royaume-Uni et Londres, le gouvernement britannique, l’Élysée et "
           "Emmanuel Macron.", 2018,
           "GB name Royaume-Uni|GB capital Londres|GB demonym britannique"
           "|FR institution Élysée|FR person Emmanuel Macron");
}
END_TEST

START_TEST(english_kinds)
{
    expect("Germany and Berlin, the German Bundestag, Angela Merkel and Downing Street "
           "in the United Kingdom.", 2010,
           "DE name Germany|DE capital Berlin|DE demonym German|DE institution Bundestag"
           "|DE person Angela Merkel|GB capital Downing Street|GB name United Kingdom");
}
END_TEST

START_TEST(russian_kinds_and_cases)
{
    expect("Великобритании, в Москве, российского, Кремлём, Путин и Китаем.", 2018,
           "GB name Великобритании|RU capital Москве|RU demonym российского"
           "|RU institution Кремлём|RU person Путин|CN name Китаем");
    expect("Россия, России, Россию, Россией.", 0,
           "RU name Россия|RU name России|RU name Россию|RU name Россией");
}
END_TEST

/* Posts name countries by flags, and by names inside hashtags and
 * handles. */
START_TEST(flags_hashtags_handles)
{
    expect("Merci \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xBA\xF0\x9F\x87\xA6 !", 0,
           "FR name \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7|UA name \xF0\x9F\x87\xBA\xF0\x9F\x87\xA6");
    expect("#StandWithUkraine and thanks @AngelaMerkel, not @borisjohnson", 2015,
           "UA name Ukraine|DE person AngelaMerkel");
    expect("#UnitedKingdom #Berlin_Calling", 0, "GB name UnitedKingdom|DE capital Berlin");
}
END_TEST

START_TEST(case_insensitive)
{
    expect("ROYAUME-UNI, royaume uni, GRANDE-BRETAGNE, etats-unis, ÉTATS UNIS, UNITED KINGDOM", 0,
           "GB name ROYAUME-UNI|GB name royaume uni|GB name GRANDE-BRETAGNE"
           "|US name etats-unis|US name ÉTATS UNIS|GB name UNITED KINGDOM");
    expect("россии и москве", 0, "RU name россии|RU capital москве");
}
END_TEST

START_TEST(case_insensitive_russian_caps)
{
    /* Headlines: РОССИЯ is Россия whatever its case. */
    expect("РОССИЯ И ВЕЛИКОБРИТАНИЯ", 0, "RU name РОССИЯ|GB name ВЕЛИКОБРИТАНИЯ");
}
END_TEST

START_TEST(accent_insensitive)
{
    expect("Etats-Unis, Elysee, Cote d'Ivoire, côte d’ivoire, Guinee equatoriale", 0,
           "US name Etats-Unis|FR institution Elysee|CI name Cote d'Ivoire"
           "|CI name côte d’ivoire|GQ name Guinee equatoriale");
}
END_TEST

START_TEST(longest_match_first)
{
    expect("La Guinée équatoriale et la Guinée.", 0, "GQ name Guinée équatoriale|GN name Guinée");
    expect("Papua New Guinea and Guinea.", 0, "PG name Papua New Guinea|GN name Guinea");
    expect("Emmanuel Macron, puis Macron.", 2018,
           "FR person Emmanuel Macron|FR person Macron");
    ck_assert_uint_eq(ms.m[0].t0, 0);
    ck_assert_uint_eq(ms.m[0].t1, 2);
}
END_TEST

START_TEST(multi_word_hyphen_and_elision)
{
    expect("Le Quai d’Orsay, la Maison-Blanche, la Maison Blanche, la Côte-d’Ivoire.", 0,
           "FR capital Quai d’Orsay|US capital Maison-Blanche|US capital Maison Blanche"
           "|CI name Côte-d’Ivoire");
    /* Punctuation between the words breaks a multi-word name. */
    expect("la Maison, Blanche; le Quai, d’Orsay", 0, "");
}
END_TEST

START_TEST(block_entries)
{
    expect("New Jersey, New Mexico and Papua New Guinea.", 0, "PG name Papua New Guinea");
    expect("Jersey, Mexico and Guinea.", 0, "JE name Jersey|MX name Mexico|GN name Guinea");
}
END_TEST

START_TEST(cap_flag)
{
    expect("roast turkey and fine china", 0, "");
    expect("Turkey and China", 0, "TR name Turkey|CN name China");
    expect("TURKEY", 0, "TR name TURKEY");
}
END_TEST

START_TEST(exact_flag)
{
    expect("Tell us about it. Us too.", 0, "");
    expect("The US said so.", 0, "US name US");
}
END_TEST

START_TEST(first_flag)
{
    expect("Jordan Henderson scored.", 0, "");
    expect("Jordan said no.", 0, "JO name Jordan");
    expect("Talks with Jordan. Henderson left.", 0, "JO name Jordan");
    expect("Jordan, Henderson", 0, "JO name Jordan");
}
END_TEST

START_TEST(person_years_of_office)
{
    static const struct { int year; const char *want; } cases[] = {
        {2018, ""}, {2019, "GB person Boris Johnson"}, {2022, "GB person Boris Johnson"},
        {2023, ""}, {0, "GB person Boris Johnson"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect("Boris Johnson", cases[i].year, cases[i].want);
    expect("Emmanuel Macron", 2016, "");
    expect("Emmanuel Macron", 2030, "FR person Emmanuel Macron");
    /* Years concern persons only. */
    expect("Londres", 1850, "GB capital Londres");
}
END_TEST

START_TEST(mention_spans)
{
    const char *s = "À Londres, l’Élysée.";
    expect(s, 0, "GB capital Londres|FR institution Élysée");
    ck_assert_uint_eq(ms.m[0].b0, 3);
    ck_assert_uint_eq(ms.m[0].b1, 10);
    ck_assert_uint_eq(ms.m[0].t0, 1);
    ck_assert_uint_eq(ms.m[0].t1, 2);
    ck_assert_uint_eq(ms.m[1].t0, 3);
    ck_assert_uint_eq(ms.m[1].t1, 4);
    ck_assert_uint_eq(doc.tok[ms.m[1].t0].c0, 13);
    ck_assert_str_eq(ms.m[0].country, "GB");
    ck_assert_int_eq(ms.m[1].kind, FX_KIND_INSTITUTION);
}
END_TEST

START_TEST(match_replaces_and_empty_gazetteer)
{
    expect("Londres et Berlin", 0, "GB capital Londres|DE capital Berlin");
    expect("rien ici", 0, "");
    ck_assert_uint_eq(ms.n, 0);
    struct fx_gazetteer *empty = fxt_gazetteer_empty();
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, "Londres", 7), 0);
    ck_assert_int_eq(fx_gazetteer_match(empty, &doc, 0, &ms), 0);
    ck_assert_uint_eq(ms.n, 0);
    fx_gazetteer_free(empty);
}
END_TEST

START_TEST(load_compiled_fixture)
{
    int err = 1;
    size_t line = 9;
    struct fx_gazetteer *g = fx_gazetteer_load(FXT_FIXTURES "/gazetteer.tsv", &err, &line);
    ck_assert_ptr_nonnull(g);
    ck_assert_int_eq(err, 0);
    ck_assert_uint_eq(line, 0);
    ck_assert_uint_eq(fx_gazetteer_size(g), 12);
    const char *s = "La France, le Royaume-Uni, us et les US, Jean Valmont.";
    ck_assert_int_eq(fx_doc_analyse(tz, &doc, s, strlen(s)), 0);
    ck_assert_int_eq(fx_gazetteer_match(g, &doc, 2018, &ms), 0);
    ck_assert_uint_eq(ms.n, 3);
    ck_assert_str_eq(ms.m[0].country, "FR");
    ck_assert_str_eq(ms.m[1].country, "GB");
    ck_assert_str_eq(ms.m[2].country, "US");
    fxt_assert_span(s, ms.m[2].b0, ms.m[2].b1, "US");
    ck_assert_int_eq(fx_gazetteer_match(g, &doc, 2020, &ms), 0);
    ck_assert_uint_eq(ms.n, 4);
    ck_assert_int_eq(ms.m[3].kind, FX_KIND_PERSON);
    fx_gazetteer_free(g);
}
END_TEST

START_TEST(load_errors)
{
    int err = 0;
    size_t line = 0;
    ck_assert_ptr_null(fx_gazetteer_load(FXT_FIXTURES "/gazetteer-bad.tsv", &err, &line));
    ck_assert_int_eq(err, FX_EFORMAT);
    ck_assert_uint_eq(line, 3);
    ck_assert_ptr_null(fx_gazetteer_load(FXT_FIXTURES "/no-such.tsv", &err, &line));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, ENOENT);
    ck_assert_uint_eq(line, 0);
    ck_assert_ptr_null(fx_gazetteer_load(FXT_FIXTURES, &err, &line));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, EISDIR);
    fx_gazetteer_free(NULL);
}
END_TEST

START_TEST(add_rejects_bad_entries)
{
    size_t before = fx_gazetteer_size(gz);
    ck_assert_int_eq(fx_gazetteer_add(gz, "", "FR", FX_KIND_NAME, 0, 0, 0, ""), FX_ERANGE);
    ck_assert_int_eq(fx_gazetteer_add(gz, "x", "FRA", FX_KIND_NAME, 0, 0, 0, "x"), FX_ERANGE);
    ck_assert_int_eq(fx_gazetteer_add(gz, "x", "FR", FX_KIND_COUNT, 0, 0, 0, "x"), FX_ERANGE);
    ck_assert_int_eq(fx_gazetteer_add(gz, "x", "FR", -1, 0, 0, 0, "x"), FX_ERANGE);
    ck_assert_uint_eq(fx_gazetteer_size(gz), before);
}
END_TEST

START_TEST(country_codes)
{
    const char *ok[] = {"GB", "FR", "RU", "US", "UA", "CN", "DE", "JO", "EU"};
    const char *bad[] = {"gb", "Fr", "UK", "XX", "ZZ", "", "G", "GBR", "EUR", "E"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        ck_assert_msg(fx_country_valid(ok[i]), "'%s' refused", ok[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ck_assert_msg(!fx_country_valid(bad[i]), "'%s' accepted", bad[i]);
}
END_TEST

START_TEST(kind_names)
{
    static const char *names[] = {"name", "capital", "demonym", "institution", "person", "block"};
    for (int k = 0; k < FX_KIND_COUNT; k++) {
        ck_assert_str_eq(fx_kind_name(k), names[k]);
        ck_assert_int_eq(fx_kind_parse(names[k]), k);
    }
    ck_assert_int_eq(fx_kind_parse("country"), -1);
    ck_assert_int_eq(fx_kind_parse("Name"), -1);
    ck_assert_str_eq(fx_kind_name(FX_KIND_COUNT), "?");
    ck_assert_str_eq(fx_kind_name(-1), "?");
    struct fx_mentions m;
    fx_mentions_init(&m);
    fx_mentions_release(&m);
    fx_mentions_release(&m);
}
END_TEST

Suite *countries_suite(void)
{
    Suite *s = suite_create("countries");
    TCase *tc = tcase_create("match");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, french_kinds);
    tcase_add_test(tc, english_kinds);
    tcase_add_test(tc, russian_kinds_and_cases);
    tcase_add_test(tc, flags_hashtags_handles);
    tcase_add_test(tc, case_insensitive);
    tcase_add_test(tc, case_insensitive_russian_caps);
    tcase_add_test(tc, accent_insensitive);
    tcase_add_test(tc, longest_match_first);
    tcase_add_test(tc, multi_word_hyphen_and_elision);
    tcase_add_test(tc, block_entries);
    tcase_add_test(tc, cap_flag);
    tcase_add_test(tc, exact_flag);
    tcase_add_test(tc, first_flag);
    tcase_add_test(tc, person_years_of_office);
    tcase_add_test(tc, mention_spans);
    tcase_add_test(tc, match_replaces_and_empty_gazetteer);
    tcase_add_test(tc, load_compiled_fixture);
    tcase_add_test(tc, load_errors);
    tcase_add_test(tc, add_rejects_bad_entries);
    suite_add_tcase(s, tc);

    tc = tcase_create("codes");
    tcase_add_test(tc, country_codes);
    tcase_add_test(tc, kind_names);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(countries_suite());
}
