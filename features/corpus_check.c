/* stance-corpus-check - validates the labelled corpus and prints its counts.
 *
 * usage: stance-corpus-check [--min-articles N] [--min-pairs N] SPLIT.jsonl...
 *
 * Each line must be a JSON object in the SPEC's labelled-article format: id
 * and text present, lang and date well formed, every quote a substring of
 * its text, every code and label valid, and every country the front end
 * finds in a labelled quote labelled. Across files: no id twice, no two
 * articles near duplicates (word 5-gram shingles, Jaccard over 0.5). The
 * corpus bounds of our guideline are checked on the whole: articles, pairs,
 * each label between 25% and 40% of the pairs, at least 60 countries plus
 * the EU, no country over 12%. Exit status 0 when all holds, 1 if not. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "article.h"
#include "corpus.h"
#include "countries.h"

#define MAX_FILES 8
#define MAX_LANGS 16
#define SHINGLES 64     /* min-hash signature length */

struct article_sig {
    char *id;
    int file;
    uint64_t sig[SHINGLES];
};

struct counts {
    size_t articles, pairs, label[3];
    size_t single, free_target;     /* pair records; their free-text targets */
    size_t lang_articles[MAX_LANGS], lang_pairs[MAX_LANGS];
    char lang[MAX_LANGS][8];
    size_t nlang;
    size_t country[27 * 27];
};

struct state {
    struct fx_frontend fe;
    struct fx_tokenizer *tz;
    struct fx_article art;
    struct fx_pairs ps;
    struct article_sig *sig;
    size_t nsig, sigcap;
    struct counts total, split[MAX_FILES];
    size_t errors;
};

static int lang_slot(struct counts *c, const char *lang)
{
    for (size_t i = 0; i < c->nlang; i++)
        if (strcmp(c->lang[i], lang) == 0)
            return (int)i;
    if (c->nlang == MAX_LANGS)
        return MAX_LANGS - 1;
    snprintf(c->lang[c->nlang], sizeof c->lang[0], "%s", lang);
    return (int)c->nlang++;
}

static size_t code_slot(const char *code)
{
    return (size_t)(code[0] - 'A' + 1) * 27 + (size_t)(code[1] - 'A' + 1);
}

/* The length of s cut to at most n bytes at a code point boundary. */
static int cut(const char *s, int n)
{
    int len = (int)strlen(s);
    if (len <= n)
        return len;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static void fail(struct state *st, const char *file, size_t line, const char *fmt, const char *a)
{
    st->errors++;
    fprintf(stderr, "%s:%zu: ", file, line);
    fprintf(stderr, fmt, a);
    fputc('\n', stderr);
}

/* Min-hash signature of the word 5-grams of the folded text. */
static void signature(const struct fx_doc *doc, uint64_t *sig)
{
    for (int k = 0; k < SHINGLES; k++)
        sig[k] = UINT64_MAX;
    for (size_t i = 0; i + 5 <= doc->ntok; i++) {
        uint64_t h = 0;
        for (size_t j = i; j < i + 5; j++)
            h = fx_hash(fx_doc_key(doc, j), doc->tok[j].klen, h + 1);
        for (int k = 0; k < SHINGLES; k++) {
            uint64_t v = fx_hash(&h, sizeof h, (uint64_t)k * 0x9E3779B97F4A7C15ULL);
            if (v < sig[k])
                sig[k] = v;
        }
    }
}

static void count(struct counts *c, const char *lang, const char *code, const char *label)
{
    int l = lang_slot(c, lang);
    c->pairs++;
    c->lang_pairs[l]++;
    c->label[fx_label_index(label)]++;
    if (strcmp(code, "EU") == 0 || strlen(code) == 2)
        c->country[code_slot(code)]++;
}

static void check_quotes(struct state *st, const struct fx_record *rec, int file)
{
    const cJSON *quotes = cJSON_GetObjectItemCaseSensitive(rec->json, "quotes");
    if (!cJSON_IsArray(quotes)) {
        fail(st, rec->source, rec->line, "%s", "\"quotes\" must be an array");
        return;
    }
    if (fx_article_analyse(&st->fe, st->tz, &st->art, rec->text, rec->len, rec->year)) {
        fail(st, rec->source, rec->line, "%s", "front end failed");
        return;
    }
    const cJSON *q;
    cJSON_ArrayForEach(q, quotes) {
        const cJSON *qt = cJSON_GetObjectItemCaseSensitive(q, "quote");
        const cJSON *targets = cJSON_GetObjectItemCaseSensitive(q, "targets");
        if (!cJSON_IsString(qt) || !cJSON_IsObject(targets)) {
            fail(st, rec->source, rec->line, "%s", "a quote needs \"quote\" and \"targets\"");
            continue;
        }
        const char *at = *qt->valuestring ? strstr(rec->text, qt->valuestring) : NULL;
        if (!at) {
            char what[200];
            snprintf(what, sizeof what, "quote not in text: \"%.*s\"", cut(qt->valuestring, 60),
                     qt->valuestring);
            fail(st, rec->source, rec->line, "%s", what);
            continue;
        }
        const cJSON *t;
        cJSON_ArrayForEach(t, targets) {
            if (!fx_country_valid(t->string))
                fail(st, rec->source, rec->line, "unknown country code '%s'", t->string);
            else if (!cJSON_IsString(t) || fx_label_index(t->valuestring) < 0)
                fail(st, rec->source, rec->line, "bad label for %s", t->string);
            else {
                count(&st->total, rec->lang, t->string, t->valuestring);
                count(&st->split[file], rec->lang, t->string, t->valuestring);
            }
        }
        uint32_t b0 = (uint32_t)(at - rec->text), b1 = b0 + (uint32_t)strlen(qt->valuestring);
        if (fx_article_pairs(&st->art, b0, b1, 0, 0, &st->ps))
            continue;
        for (size_t i = 0; i < st->ps.n; i++)
            if (!cJSON_GetObjectItemCaseSensitive(targets, st->ps.p[i].country)) {
                char what[200];
                const struct fx_pair *p = &st->ps.p[i];
                const struct fx_token *tk = &st->art.doc.tok[p->view.target[0].t0];
                snprintf(what, sizeof what, "%s named (\"%.*s\") but not labelled in \"%.*s\"",
                         p->country, (int)(st->art.doc.tok[p->view.target[0].t1 - 1].b1 - tk->b0),
                         rec->text + tk->b0, cut(qt->valuestring, 50), qt->valuestring);
                fail(st, rec->source, rec->line, "%s", what);
            }
    }
}

static void add_sig(struct state *st, const char *id, int file)
{
    if (st->nsig == st->sigcap) {
        st->sigcap = st->sigcap ? st->sigcap * 2 : 512;
        st->sig = realloc(st->sig, st->sigcap * sizeof *st->sig);
        if (!st->sig) {
            fprintf(stderr, "stance-corpus-check: out of memory\n");
            exit(1);
        }
    }
    struct article_sig *s = &st->sig[st->nsig++];
    s->id = strdup(id);
    s->file = file;
    for (int k = 0; k < SHINGLES; k++)
        s->sig[k] = UINT64_MAX;     /* no shingles: never a near duplicate */
}

/* A labelled pair (the sentence format): a language, a label, a target
 * (a country code or free text); its id joins the duplicate check. Short
 * texts may repeat with another target, so no near-duplicate check. */
static void check_pair(struct state *st, const struct fx_record *rec, int file)
{
    if (!rec->lang) {
        fail(st, rec->source, rec->line, "%s", "no \"lang\"");
        return;
    }
    if (!rec->label || fx_label_index(rec->label) < 0) {
        fail(st, rec->source, rec->line, "%s",
             "a pair needs a \"label\": cooperative, critical or neutral");
        return;
    }
    if (!rec->target || !*rec->target) {
        fail(st, rec->source, rec->line, "%s", "\"target\" is empty");
        return;
    }
    int country = fx_country_valid(rec->target);
    const char *code = country ? rec->target : "";
    struct counts *cs[2] = {&st->total, &st->split[file]};
    for (int i = 0; i < 2; i++) {
        count(cs[i], rec->lang, code, rec->label);
        cs[i]->single++;
        cs[i]->free_target += !country;
    }
    add_sig(st, rec->id, file);
}

static void check_record(struct state *st, const struct fx_record *rec, int file)
{
    if (rec->error) {
        fail(st, rec->source, rec->line, "%s", rec->error);
        return;
    }
    if (!cJSON_GetObjectItemCaseSensitive(rec->json, "id")) {
        fail(st, rec->source, rec->line, "%s", "not a labelled article or pair with an \"id\"");
        return;
    }
    if (rec->kind == FX_REC_PAIR) {
        check_pair(st, rec, file);
        return;
    }
    if (!rec->lang) {
        fail(st, rec->source, rec->line, "%s", "no \"lang\"");
        return;
    }
    int l = lang_slot(&st->total, rec->lang);
    st->total.articles++;
    st->total.lang_articles[l]++;
    l = lang_slot(&st->split[file], rec->lang);
    st->split[file].articles++;
    st->split[file].lang_articles[l]++;
    check_quotes(st, rec, file);
    add_sig(st, rec->id, file);
    signature(&st->art.doc, st->sig[st->nsig - 1].sig);
}

static void cross_checks(struct state *st, char **files)
{
    for (size_t i = 0; i < st->nsig; i++)
        for (size_t j = i + 1; j < st->nsig; j++) {
            const struct article_sig *a = &st->sig[i], *b = &st->sig[j];
            if (strcmp(a->id, b->id) == 0) {
                st->errors++;
                fprintf(stderr, "stance-corpus-check: id '%s' appears twice (%s, %s)\n", a->id,
                        files[a->file], files[b->file]);
            }
            int same = 0;
            for (int k = 0; k < SHINGLES; k++)
                same += a->sig[k] == b->sig[k] && a->sig[k] != UINT64_MAX;
            if (same * 2 > SHINGLES) {
                st->errors++;
                fprintf(stderr, "stance-corpus-check: '%s' and '%s' are near duplicates (%d%% shared)\n",
                        a->id, b->id, same * 100 / SHINGLES);
            }
        }
}

static void print_counts(const char *name, const struct counts *c)
{
    printf("%-10s %4zu articles %5zu pairs:", name, c->articles, c->pairs);
    for (int k = 0; k < 3; k++)
        printf(" %s %zu (%.1f%%)", fx_labels[k], c->label[k],
               c->pairs ? 100.0 * (double)c->label[k] / (double)c->pairs : 0.0);
    if (c->single)
        printf("\n%-10s of them %zu pair records, %zu with a free-text target", "", c->single,
               c->free_target);
    printf("\n%-10s languages:", "");
    for (size_t i = 0; i < c->nlang; i++)
        printf(" %s %zu articles (%.1f%%) %zu pairs", c->lang[i], c->lang_articles[i],
               c->articles ? 100.0 * (double)c->lang_articles[i] / (double)c->articles : 0.0,
               c->lang_pairs[i]);
    putchar('\n');
}

static int bounds(struct state *st, size_t min_articles, size_t min_pairs)
{
    const struct counts *c = &st->total;
    int ok = 1;
    size_t ncountries = 0, top = 0, eu = c->country[code_slot("EU")];
    char topc[3] = "";
    for (size_t k = 0; k < 27 * 27; k++)
        if (c->country[k]) {
            ncountries++;
            if (c->country[k] > top) {
                top = c->country[k];
                topc[0] = (char)('A' + k / 27 - 1);
                topc[1] = (char)('A' + k % 27 - 1);
            }
        }
    printf("countries: %zu (EU %s), most frequent %s with %zu pairs (%.1f%%)\n", ncountries,
           eu ? "included" : "missing", topc, top,
           c->pairs ? 100.0 * (double)top / (double)c->pairs : 0.0);
    printf("pairs per country:");
    for (size_t k = 0; k < 27 * 27; k++)
        if (c->country[k])
            printf(" %c%c:%zu", (char)('A' + k / 27 - 1), (char)('A' + k % 27 - 1), c->country[k]);
    putchar('\n');
    if (c->articles < min_articles) {
        printf("FAIL: %zu articles, want at least %zu\n", c->articles, min_articles);
        ok = 0;
    }
    if (c->pairs < min_pairs) {
        printf("FAIL: %zu pairs, want at least %zu\n", c->pairs, min_pairs);
        ok = 0;
    }
    for (int k = 0; k < 3 && c->pairs; k++) {
        double share = (double)c->label[k] / (double)c->pairs;
        if (share < 0.25 || share > 0.40) {
            printf("FAIL: %s is %.1f%% of the pairs, want 25%% to 40%%\n", fx_labels[k], 100 * share);
            ok = 0;
        }
    }
    if (ncountries - (eu ? 1 : 0) < 60 || !eu) {
        printf("FAIL: want at least 60 countries plus the EU\n");
        ok = 0;
    }
    if (c->pairs && (double)top / (double)c->pairs > 0.12) {
        printf("FAIL: %s has over 12%% of the pairs\n", topc);
        ok = 0;
    }
    return ok;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"min-articles", required_argument, NULL, 'a'},
        {"min-pairs", required_argument, NULL, 'p'},
        {"gazetteer", required_argument, NULL, 'g'},
        {"data", required_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    size_t min_articles = 300, min_pairs = 1500;
    const char *gazetteer = NULL, *data = NULL;
    int c;
    char *end;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case 'a': min_articles = strtoul(optarg, &end, 10); if (*end) return 2; break;
        case 'p': min_pairs = strtoul(optarg, &end, 10); if (*end) return 2; break;
        case 'g': gazetteer = optarg; break;
        case 'd': data = optarg; break;
        case 'h':
            puts("usage: stance-corpus-check [--min-articles N] [--min-pairs N] SPLIT.jsonl...");
            return 0;
        default:
            fx_option_error("stance-corpus-check", argv, c);
            return 2;
        }
    }
    int nfiles = argc - optind;
    if (nfiles < 1 || nfiles > MAX_FILES) {
        fprintf(stderr, "stance-corpus-check: give 1 to %d split files\n", MAX_FILES);
        return 2;
    }
    static struct state st;
    char msg[1024];
    int err;
    if (!(st.tz = fx_tokenizer_create(&err))
        || fx_frontend_load(&st.fe, st.tz, data, gazetteer, msg, sizeof msg)) {
        fprintf(stderr, "stance-corpus-check: %s\n", st.tz ? msg : fx_strerror(err));
        return 1;
    }
    fx_article_init(&st.art);
    fx_pairs_init(&st.ps);
    for (int f = 0; f < nfiles; f++) {
        struct fx_reader *r = fx_reader_open(argv[optind + f], &err);
        if (!r) {
            fprintf(stderr, "stance-corpus-check: cannot open '%s': %s\n", argv[optind + f],
                    err == FX_EIO ? strerror(errno) : fx_strerror(err));
            return 1;
        }
        struct fx_record rec;
        int n;
        while ((n = fx_reader_next(r, &rec)) > 0)
            check_record(&st, &rec, f);
        if (n < 0)
            fail(&st, argv[optind + f], 0, "%s", "read error");
        fx_reader_free(r);
    }
    cross_checks(&st, argv + optind);
    for (int f = 0; f < nfiles; f++)
        print_counts(argv[optind + f], &st.split[f]);
    print_counts("all", &st.total);
    int ok = bounds(&st, min_articles, min_pairs) && st.errors == 0;
    printf("%zu problems; corpus %s\n", st.errors, ok ? "valid" : "INVALID");
    for (size_t i = 0; i < st.nsig; i++)
        free(st.sig[i].id);
    free(st.sig);
    fx_pairs_release(&st.ps);
    fx_article_release(&st.art);
    fx_frontend_release(&st.fe);
    fx_tokenizer_free(st.tz);
    return ok ? 0 : 1;
}
