/* test_article.c - the front end as one call (article.h), on the SPEC's
 * example article read as a user hands it over (date token and all), and on
 * small invented articles for pronoun resolution and mention ranges.
 *
 * The example and its gold file are read in place, never copied: they must
 * not end up in datasets/. */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "article.h"
#include "corpus.h"
#include "fxtest.h"

#define EXAMPLE FXT_EXAMPLES "/tass-2018-05-26-cyber.txt"
#define EXAMPLE_GOLD FXT_EXAMPLES "/tass-2018-05-26-cyber.gold.jsonl"

static struct fx_tokenizer *tz;
static struct fx_frontend fe;
static struct fx_article art;
static struct fx_reader *reader;
static struct fx_record rec;
static cJSON *gold;

static void add(const char *form, const char *code, int kind, int from, int to)
{
    fxt_gazetteer_add(fe.gz, tz, form, code, kind, 0, from, to);
}

static void setup(void)
{
    int err = 1;
    size_t line = 0;
    tz = fxt_tokenizer();
    fe.gz = fxt_gazetteer_empty();
    fe.at = fx_attrib_load(tz, STANCE_DATA_DIR "/attribution.tsv", &err, &line);
    ck_assert_msg(fe.at != NULL, "attribution.tsv:%zu: %s", line, fx_strerror(err));
    add("royaume-Uni", "GB", FX_KIND_NAME, 0, 0);
    add("Grande-Bretagne", "GB", FX_KIND_NAME, 0, 0);
    add("Londres", "GB", FX_KIND_CAPITAL, 0, 0);
    add("britannique", "GB", FX_KIND_DEMONYM, 0, 0);
    add("british", "GB", FX_KIND_DEMONYM, 0, 0);
    add("Foreign Office", "GB", FX_KIND_INSTITUTION, 0, 0);
    add("Boris Johnson", "GB", FX_KIND_PERSON, 2016, 2022);
    add("Russie", "RU", FX_KIND_NAME, 0, 0);
    add("russe", "RU", FX_KIND_DEMONYM, 0, 0);
    add("Moscou", "RU", FX_KIND_CAPITAL, 0, 0);
    add("Kremlin", "RU", FX_KIND_INSTITUTION, 0, 0);
    add("Vladimir Poutine", "RU", FX_KIND_PERSON, 2000, 0);
    add("Sergueï Lavrov", "RU", FX_KIND_PERSON, 2004, 0);
    add("France", "FR", FX_KIND_NAME, 0, 0);
    add("français", "FR", FX_KIND_DEMONYM, 0, 0);
    add("Paris", "FR", FX_KIND_CAPITAL, 0, 0);
    add("Emmanuel Macron", "FR", FX_KIND_PERSON, 2017, 0);
    fx_article_init(&art);
    reader = NULL;
    gold = NULL;
}

static void teardown(void)
{
    cJSON_Delete(gold);
    fx_reader_free(reader);
    fx_article_release(&art);
    fx_frontend_release(&fe);
    fx_tokenizer_free(tz);
    tz = NULL;
}

static void analyse(const char *s, int year)
{
    int err = fx_article_analyse(&fe, tz, &art, s, strlen(s), year);
    ck_assert_msg(err == 0, "fx_article_analyse: %s", fx_strerror(err));
}

/* Reads the example with the corpus reader (so the date token is off) and
 * its gold file, and analyses it. */
static void load_example(void)
{
    int err = 1;
    reader = fx_reader_open(EXAMPLE, &err);
    ck_assert_msg(reader != NULL, "cannot open '%s': %s", EXAMPLE, strerror(errno));
    ck_assert_int_eq(fx_reader_next(reader, &rec), 1);
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.date, "2018-05");
    ck_assert_int_eq(rec.year, 2018);

    char *g;
    size_t glen;
    ck_assert_int_eq(fx_read_file(EXAMPLE_GOLD, &g, &glen), 0);
    gold = cJSON_ParseWithLength(g, glen);
    free(g);
    ck_assert_ptr_nonnull(gold);
    const cJSON *gt = cJSON_GetObjectItemCaseSensitive(gold, "text");
    ck_assert(cJSON_IsString(gt));
    /* The reader's text is the gold text: date token and leading blank gone. */
    ck_assert_uint_eq(rec.len, strlen(gt->valuestring));
    ck_assert(memcmp(rec.text, gt->valuestring, rec.len) == 0);

    err = fx_article_analyse(&fe, tz, &art, rec.text, rec.len, rec.year);
    ck_assert_int_eq(err, 0);
}

static const cJSON *gold_quote(size_t i)
{
    const cJSON *qa = cJSON_GetObjectItemCaseSensitive(gold, "quotes");
    const cJSON *q = cJSON_GetArrayItem(qa, (int)i);
    ck_assert_ptr_nonnull(q);
    return q;
}

/* "CODE kind surface|..." for the mentions of quote i. */
static const char *quote_mentions(size_t i)
{
    static char out[1024];
    size_t n = 0;
    out[0] = '\0';
    for (uint32_t k = art.q[i].m0; k < art.q[i].m1; k++) {
        const struct fx_mention *m = &art.ms.m[k];
        n += (size_t)snprintf(out + n, sizeof out - n, "%s%s %s %.*s", k > art.q[i].m0 ? "|" : "",
                              m->country, fx_kind_name(m->kind), (int)(m->b1 - m->b0),
                              art.doc.text + m->b0);
        ck_assert_uint_lt(n, sizeof out);
    }
    return out;
}

static void expect_speaker(size_t i, const char *want)
{
    ck_assert_uint_lt(i, art.nq);
    fxt_assert_span(art.doc.text, art.q[i].sp0, art.q[i].sp1, want);
}

START_TEST(example_quote_spans)
{
    load_example();
    static const uint32_t want[5][2] = {
        {296, 845}, {954, 1410}, {1305, 1385}, {1414, 2051}, {2058, 2183},
    };
    ck_assert_uint_eq(art.nq, 5);
    for (size_t i = 0; i < 5; i++) {
        const char *gq = cJSON_GetObjectItemCaseSensitive(gold_quote(i), "quote")->valuestring;
        /* text[start:end] in code points is the gold quote, at its first
         * occurrence. */
        size_t at = fxt_find(rec.text, gq);
        ck_assert_uint_eq(art.q[i].c0, fxt_cp(rec.text, at));
        ck_assert_uint_eq(art.q[i].c1, fxt_cp(rec.text, at + strlen(gq)));
        fxt_assert_span(rec.text, art.q[i].b0, art.q[i].b1, gq);
        ck_assert_uint_eq(art.q[i].c0, want[i][0]);
        ck_assert_uint_eq(art.q[i].c1, want[i][1]);
    }
}
END_TEST

START_TEST(example_nesting_and_unclosed)
{
    load_example();
    ck_assert_uint_eq(art.nq, 5);
    static const int32_t parent[5] = {-1, -1, 1, -1, -1};
    for (size_t i = 0; i < 5; i++) {
        ck_assert_int_eq(art.q[i].parent, parent[i]);
        ck_assert_int_eq(art.qs.q[i].parent, parent[i]);
    }
    /* The second quote is never closed: it ends with its paragraph. */
    const char *tail = "a dit le diplomate.";
    size_t pend = fxt_find(rec.text, tail) + strlen(tail);
    ck_assert_int_eq(rec.text[pend], '\n');
    ck_assert_uint_eq(art.qs.q[1].close_at, UINT32_MAX);
    ck_assert_uint_eq(art.q[1].b1, pend);
    for (size_t i = 0; i < 5; i++)
        if (i != 1)
            ck_assert_uint_ne(art.qs.q[i].close_at, UINT32_MAX);
    /* The inner quote lies inside its parent. */
    ck_assert_uint_ge(art.q[2].b0, art.q[1].b0);
    ck_assert_uint_le(art.q[2].b1, art.q[1].b1);
}
END_TEST

START_TEST(example_named_speakers)
{
    load_example();
    ck_assert_uint_eq(art.nq, 5);
    expect_speaker(1, "le diplomate");
    expect_speaker(3, "le diplomate");
    expect_speaker(4, "l’ambassade de russie");
}
END_TEST

START_TEST(example_pronoun_speaker)
{
    /* « ..., dit – il. ... »: il is the last named speaker before the quote,
     * « a déclaré samedi le secrétaire de presse de missions
     * diplomatiques » in the paragraph above. */
    load_example();
    ck_assert_uint_eq(art.nq, 5);
    expect_speaker(0, "le secrétaire de presse de missions diplomatiques");
}
END_TEST

START_TEST(example_countries_match_gold)
{
    load_example();
    ck_assert_uint_eq(art.nq, 5);
    for (size_t i = 0; i < 5; i++) {
        /* The countries a quote names are those the annotator labelled. */
        const cJSON *targets = cJSON_GetObjectItemCaseSensitive(gold_quote(i), "targets");
        char want[64] = "", got[64] = "";
        const cJSON *t;
        cJSON_ArrayForEach(t, targets) {
            ck_assert_uint_lt(strlen(want) + 4, sizeof want);
            strcat(strcat(want, t->string), " ");
        }
        for (const char *c = "FR GB RU "; *c; c += 3) {
            int named = 0;
            for (uint32_t k = art.q[i].m0; k < art.q[i].m1; k++)
                named |= memcmp(art.ms.m[k].country, c, 2) == 0;
            if (named) {
                char code[4] = {c[0], c[1], ' ', '\0'};
                strcat(got, code);
            }
        }
        /* Compare as sets: sort want into FR GB RU order. */
        char sorted[64] = "";
        for (const char *c = "FR GB RU "; *c; c += 3) {
            char code[4] = {c[0], c[1], ' ', '\0'};
            if (strstr(want, code))
                strcat(sorted, code);
        }
        ck_assert_msg(strcmp(sorted, got) == 0, "quote %zu names '%s', gold '%s'", i, got, sorted);
    }
    ck_assert_str_eq(quote_mentions(4), "GB name grande-Bretagne");
    ck_assert_str_eq(quote_mentions(1), "RU name Russie|GB name royaume-Uni");
    ck_assert_str_eq(quote_mentions(2), "");
    ck_assert_str_eq(quote_mentions(0),
                     "RU demonym russe|GB name royaume-Uni|RU name Russie|RU person Sergueï Lavrov"
                     "|GB institution Foreign Office|GB person Boris Johnson|RU capital Moscou"
                     "|GB capital Londres");
}
END_TEST

START_TEST(example_quotes_json)
{
    load_example();
    cJSON *arr = fx_article_quotes_json(&art);
    ck_assert_ptr_nonnull(arr);
    ck_assert_int_eq(cJSON_GetArraySize(arr), 5);
    for (int i = 0; i < 5; i++) {
        const cJSON *o = cJSON_GetArrayItem(arr, i);
        const char *gq = cJSON_GetObjectItemCaseSensitive(gold_quote((size_t)i), "quote")->valuestring;
        ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(o, "text")->valuestring, gq);
        ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(o, "start")->valueint, (int)art.q[i].c0);
        ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(o, "end")->valueint, (int)art.q[i].c1);
        ck_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "mentions")));
    }
    const cJSON *q2 = cJSON_GetArrayItem(arr, 2), *q4 = cJSON_GetArrayItem(arr, 4);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, 0), "parent")));
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(q2, "parent")->valueint, 1);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(q4, "speaker")->valuestring,
                     "l’ambassade de russie");
    const cJSON *m = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(q4, "mentions"), 0);
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(m, "country")->valuestring, "GB");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(m, "mention")->valuestring, "grande-Bretagne");
    ck_assert_str_eq(cJSON_GetObjectItemCaseSensitive(m, "kind")->valuestring, "name");
    size_t at = fxt_find(rec.text, "grande-Bretagne");
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(m, "start")->valueint, (int)fxt_cp(rec.text, at));
    ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(m, "end")->valueint, (int)fxt_cp(rec.text, at) + 15);
    cJSON_Delete(arr);
}
END_TEST

START_TEST(pronouns_resolve_to_last_named_speaker)
{
    analyse("« Nous sommes prêts », a déclaré le ministre Jean Valmont.\n\n"
            "« Rien n’a changé », a-t-il ajouté.\n\n"
            "« Vraiment », a dit le diplomate.\n\n"
            "« Non », dit-il.", 2021);
    ck_assert_uint_eq(art.nq, 4);
    expect_speaker(0, "le ministre Jean Valmont");
    expect_speaker(1, "le ministre Jean Valmont");
    expect_speaker(2, "le diplomate");
    expect_speaker(3, "le diplomate");
}
END_TEST

START_TEST(pronoun_without_antecedent_is_null)
{
    analyse("« Rien n’a changé », a-t-il ajouté.", 0);
    ck_assert_uint_eq(art.nq, 1);
    ck_assert_uint_eq(art.q[0].sp0, art.q[0].sp1);
    cJSON *arr = fx_article_quotes_json(&art);
    ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(arr, 0), "speaker")));
    cJSON_Delete(arr);
}
END_TEST

START_TEST(mentions_belong_to_their_quote)
{
    const char *s = "À Paris, « Moscou et Londres », puis « rien », puis « la France » à Moscou.";
    analyse(s, 0);
    ck_assert_uint_eq(art.nq, 3);
    ck_assert_uint_eq(art.ms.n, 5);
    ck_assert_str_eq(quote_mentions(0), "RU capital Moscou|GB capital Londres");
    ck_assert_str_eq(quote_mentions(1), "");
    ck_assert_str_eq(quote_mentions(2), "FR name France");
    ck_assert_uint_eq(art.q[1].m0, art.q[1].m1);
    ck_assert_uint_eq(art.q[0].c0, 11);
}
END_TEST

START_TEST(reuse_and_release)
{
    analyse("« un » « deux » « trois »", 0);
    ck_assert_uint_eq(art.nq, 3);
    analyse("Pas de citation ici.", 0);
    ck_assert_uint_eq(art.nq, 0);
    cJSON *arr = fx_article_quotes_json(&art);
    ck_assert_int_eq(cJSON_GetArraySize(arr), 0);
    cJSON_Delete(arr);
    analyse("", 0);
    ck_assert_uint_eq(art.nq, 0);
    fx_article_release(&art);
    fx_article_release(&art);
}
END_TEST

START_TEST(frontend_load)
{
    struct fx_frontend f;
    char msg[512] = "";
    ck_assert_int_eq(fx_frontend_load(&f, tz, STANCE_DATA_DIR, FXT_FIXTURES "/gazetteer.tsv",
                                      msg, sizeof msg), 0);
    ck_assert_ptr_nonnull(f.gz);
    ck_assert_ptr_nonnull(f.at);
    ck_assert_uint_eq(fx_gazetteer_size(f.gz), 12);
    fx_frontend_release(&f);
    ck_assert_ptr_null(f.gz);
    fx_frontend_release(&f);
}
END_TEST

START_TEST(frontend_load_errors)
{
    struct fx_frontend f;
    char msg[512] = "";
    ck_assert_int_eq(fx_frontend_load(&f, tz, STANCE_DATA_DIR, FXT_FIXTURES "/no-such.tsv",
                                      msg, sizeof msg), FX_EIO);
    ck_assert_str_eq(msg, "cannot load '" FXT_FIXTURES "/no-such.tsv': No such file or directory");
    ck_assert_ptr_null(f.gz);
    ck_assert_int_eq(fx_frontend_load(&f, tz, STANCE_DATA_DIR, FXT_FIXTURES "/gazetteer-bad.tsv",
                                      msg, sizeof msg), FX_EFORMAT);
    ck_assert_str_eq(msg, FXT_FIXTURES "/gazetteer-bad.tsv:3: malformed input");
    ck_assert_int_eq(fx_frontend_load(&f, tz, "/nonexistent", FXT_FIXTURES "/gazetteer.tsv",
                                      msg, sizeof msg), FX_EIO);
    ck_assert_str_eq(msg, "cannot load '/nonexistent/attribution.tsv': No such file or directory");
    ck_assert_ptr_null(f.gz);
    ck_assert_ptr_null(f.at);
}
END_TEST

START_TEST(json_add_span)
{
    cJSON *o = cJSON_CreateObject();
    const char *s = "« Bonjour »";
    ck_assert_int_eq(fx_json_add_span(o, "text", s, 3, 10, 1), 0);
    ck_assert_int_eq(fx_json_add_span(o, "none", s, 4, 4, 1), 0);
    ck_assert_int_eq(fx_json_add_span(o, "empty", s, 4, 4, 0), 0);
    char *out = cJSON_PrintUnformatted(o);
    ck_assert_str_eq(out, "{\"text\":\"Bonjour\",\"none\":null,\"empty\":\"\"}");
    free(out);
    cJSON_Delete(o);
}
END_TEST

Suite *article_suite(void)
{
    Suite *s = suite_create("article");
    TCase *tc = tcase_create("example");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, example_quote_spans);
    tcase_add_test(tc, example_nesting_and_unclosed);
    tcase_add_test(tc, example_named_speakers);
    tcase_add_test(tc, example_pronoun_speaker);
    tcase_add_test(tc, example_countries_match_gold);
    tcase_add_test(tc, example_quotes_json);
    suite_add_tcase(s, tc);

    tc = tcase_create("invented");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pronouns_resolve_to_last_named_speaker);
    tcase_add_test(tc, pronoun_without_antecedent_is_null);
    tcase_add_test(tc, mentions_belong_to_their_quote);
    tcase_add_test(tc, reuse_and_release);
    tcase_add_test(tc, frontend_load);
    tcase_add_test(tc, frontend_load_errors);
    tcase_add_test(tc, json_add_span);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(article_suite());
}
