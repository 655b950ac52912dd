/* gazetteer_build.c - compiles the country gazetteer at build time.
 *
 * usage: gazetteer-build ALIASES.tsv OUT.tsv
 *
 * Writes one line per (folded key, country) in priority order: the
 * hand-written aliases first (they also carry the case rules and the false
 * friends), then CLDR names in the major news languages, then CLDR names in
 * every other locale ICU has. Names from minor locales are kept only when
 * they are long enough not to be a common word elsewhere (Vietnamese "Mỹ"
 * folds to "my") and must be capitalised in the text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udata.h>
#include <unicode/uloc.h>
#include <unicode/ulocdata.h>
#include <unicode/ures.h>
#include <unicode/ustring.h>

#include "countries.h"
#include "text.h"

static const char *const major_langs[] = {
    "fr", "en", "ru", "de", "es", "it", "pt", "nl", "pl", "uk", "zh", "ja",
    "ar", "ko", "tr", "fa", "he", "el", NULL
};

struct seen {
    char **key;
    size_t n, cap;
};

struct build {
    struct fx_tokenizer *tz;
    FILE *out;
    struct seen seen;       /* "key\tcode" already written, kept sorted lazily */
    struct fx_buf key;
    size_t written;
};

/* A small open-addressing set of "key\tCODE" strings. */
static int seen_add(struct seen *s, const char *k)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 65536;
        char **t = calloc(cap, sizeof *t);
        if (!t)
            return -1;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->key[i])
                continue;
            size_t h = fx_hash(s->key[i], strlen(s->key[i]), 1) & (cap - 1);
            while (t[h])
                h = (h + 1) & (cap - 1);
            t[h] = s->key[i];
        }
        free(s->key);
        s->key = t;
        s->cap = cap;
    }
    size_t h = fx_hash(k, strlen(k), 1) & (s->cap - 1);
    while (s->key[h]) {
        if (strcmp(s->key[h], k) == 0)
            return 0;
        h = (h + 1) & (s->cap - 1);
    }
    if (!(s->key[h] = strdup(k)))
        return -1;
    s->n++;
    return 1;
}

static void seen_free(struct seen *s)
{
    for (size_t i = 0; i < s->cap; i++)
        free(s->key[i]);
    free(s->key);
}

static int is_major(const char *lang)
{
    for (const char *const *l = major_langs; *l; l++)
        if (strcmp(*l, lang) == 0)
            return 1;
    return 0;
}

static int all_caps(const char *s)
{
    int letters = 0;
    for (size_t i = 0, n = strlen(s); i < n;) {
        int32_t cp = fx_utf8_next(s, n, &i);
        if (cp < 0)
            return 0;
        if ((cp >= 'a' && cp <= 'z') || (cp >= 0x430 && cp <= 0x45F))
            return 0;
        if ((cp >= 'A' && cp <= 'Z') || (cp >= 0x410 && cp <= 0x42F))
            letters++;
    }
    return letters >= 2;
}

static size_t cp_count(const char *s)
{
    size_t c = 0;
    for (; *s; s++)
        c += ((unsigned char)*s & 0xC0) != 0x80;
    return c;
}

/* The case forms of a one-word Russian noun, by its nominative ending: the
 * stemmer cuts most endings, but not all to the same stem (Китай gives
 * кита, Китая gives кит), so every form's key goes in. Writes up to 6
 * forms into out, returns how many. */
static int ru_forms(const char *nom, char out[][64])
{
    static const char *const cons[] = {"а", "у", "ом", "е", "ы", NULL};
    static const char *const soft[] = {"я", "ю", "ем", "е", "и", NULL};
    static const char *const a_end[] = {"ы", "и", "е", "у", "ой", NULL};
    static const char *const ya_end[] = {"и", "ю", "ей", "е", NULL};
    size_t n = strlen(nom);
    if (n < 4 || n > 50 || strchr(nom, ' ') || strchr(nom, '-'))
        return 0;
    const char *last = nom + n - 2;     /* Cyrillic letters are 2 bytes */
    if ((unsigned char)last[0] != 0xD0 && (unsigned char)last[0] != 0xD1)
        return 0;
    const char *const *ends;
    size_t keep = n - 2;
    if (!strcmp(last, "й") || !strcmp(last, "ь"))
        ends = soft;
    else if (!strcmp(last, "а"))
        ends = a_end;
    else if (!strcmp(last, "я"))
        ends = ya_end;
    else if (strstr("оеиыуюэ", last))
        return 0;                        /* indeclinable or plural */
    else {
        ends = cons;
        keep = n;
    }
    int k = 0;
    for (; ends[k] && k < 6; k++)
        snprintf(out[k], 64, "%.*s%s", (int)keep, nom, ends[k]);
    return k;
}

/* Folds form and writes the line unless (key, code) is already there.
 * Returns 0, or -1 on a fatal error. */
static int emit(struct build *b, const char *form, const char *code, const char *kind,
                const char *flags, int from, int to, int minor)
{
    b->key.len = 0;
    if (fx_buf_add(&b->key, "", 0) < 0)
        return -1;
    int ntok = fx_fold_phrase(b->tz, form, strlen(form), &b->key);
    if (ntok < 0)
        return -1;
    if (ntok == 0)
        return 0;
    const char *key = b->key.s;
    if (minor == 1) {
        unsigned char c0 = (unsigned char)key[0];
        if (c0 < 0x80 || (c0 >= 0xC0 && c0 < 0xCA)) {   /* Latin script */
            if (cp_count(key) < 5)
                return 0;
        } else if (cp_count(key) < 2) {
            return 0;
        }
    }
    /* A person's terms of office are separate entries. */
    char tag[600];
    if (snprintf(tag, sizeof tag, "%s\t%s\t%d-%d", key, code, from, to) >= (int)sizeof tag)
        return 0;
    int r = seen_add(&b->seen, tag);
    if (r < 0)
        return -1;
    if (r == 0)
        return 0;
    /* A minor-locale name or a generated case form must not shadow another
     * country's name. */
    if (minor) {
        char any[600];
        snprintf(any, sizeof any, "%s\t*", key);
        if (seen_add(&b->seen, any) == 0)
            return 0;
    } else {
        char any[600];
        snprintf(any, sizeof any, "%s\t*", key);
        if (seen_add(&b->seen, any) < 0)
            return -1;
    }
    fprintf(b->out, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", key, code, kind, flags, from, to, form);
    b->written++;
    if (minor != 2 && strcmp(kind, "demonym") != 0) {
        char forms[6][64];
        int nf = ru_forms(form, forms);
        for (int i = 0; i < nf; i++)
            if (emit(b, forms[i], code, kind, flags, from, to, 2))
                return -1;
    }
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static int load_aliases(struct build *b, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gazetteer-build: cannot open '%s': %s\n", path, strerror(errno));
        return -1;
    }
    char line[4096];
    size_t lineno = 0;
    int rc = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = '\0';
        char *p = trim(line);
        if (!*p || *p == '#')
            continue;
        char *col[6] = {0};
        int n = 0;
        for (char *s = p; s && n < 6; n++) {
            col[n] = s;
            s = strchr(s, '\t');
            if (s)
                *s++ = '\0';
        }
        for (int i = 0; i < n; i++)
            col[i] = trim(col[i]);
        int kind = n >= 4 ? fx_kind_parse(col[1]) : -1;
        int valid_code = n >= 4 && (strcmp(col[0], "-") == 0 || fx_country_valid(col[0]));
        if (n < 4 || kind < 0 || !valid_code || !*col[3]) {
            fprintf(stderr, "%s:%zu: bad alias line (want CODE KIND LANG FORM [FROM-TO [FLAGS]])\n",
                    path, lineno);
            rc = -1;
            continue;
        }
        int from = 0, to = 0;
        if (n >= 5 && *col[4]) {
            char *end;
            from = (int)strtol(col[4], &end, 10);
            if (*end == '-' && end[1])
                to = (int)strtol(end + 1, &end, 10);
            else if (*end == '-')
                end++;
            if (*end || from < 1900 || from > 2100 || (to && to < from)) {
                fprintf(stderr, "%s:%zu: bad years '%s'\n", path, lineno, col[4]);
                rc = -1;
                continue;
            }
        }
        char flags[8] = "";
        const char *fl = n >= 6 ? col[5] : "";
        if (strstr(fl, "cap"))
            strcat(flags, "c");
        if (strstr(fl, "exact") || all_caps(col[3]))
            strcat(flags, "e");
        if (strstr(fl, "first"))
            strcat(flags, "f");
        const char *code = strcmp(col[0], "-") == 0 ? "" : col[0];
        if (kind == FX_KIND_BLOCK)
            code = "";
        if (emit(b, col[3], code, fx_kind_name(kind), flags, from, to, 0))
            rc = -1;
    }
    fclose(f);
    return rc;
}

/* Emits one CLDR name. Of "Congo (DRC)" both parts are names; of "Îles
 * Vierges (États-Unis)" the part in parentheses names another country, so
 * it is kept only when it is an abbreviation. */
static int emit_cldr(struct build *b, const UChar *name, int32_t n, const char *code,
                     const char *lang, int minor)
{
    char u8[512];
    UErrorCode st = U_ZERO_ERROR;
    u_strToUTF8(u8, sizeof u8, NULL, name, n, &st);
    if (U_FAILURE(st) || st == U_STRING_NOT_TERMINATED_WARNING)
        return 0;
    char *paren = strchr(u8, '(');
    char *parts[2] = {u8, NULL};
    if (paren) {
        *paren = '\0';
        parts[1] = paren + 1;
        char *close = strchr(parts[1], ')');
        if (close)
            *close = '\0';
    }
    for (int i = 0; i < 2 && parts[i]; i++) {
        char *p = trim(parts[i]);
        if (!*p || strcmp(p, code) == 0 || (i == 1 && !all_caps(p)))
            continue;
        /* Abbreviations only from our three languages: Spanish "RU" is the
         * United Kingdom, and would shadow Russia's code in English text. */
        if (all_caps(p) && strcmp(lang, "en") && strcmp(lang, "fr") && strcmp(lang, "ru"))
            continue;
        /* Outside our three languages a name must be capitalised: German
         * "Island" is Iceland, Portuguese "Irã" folds to the French verb
         * "ira", Dutch "Servië" to "servie". Cyrillic names are capitalised
         * too ("груз" is cargo). Lower-case names in fr, en and ru match
         * unless aliases.tsv flags them (Turkey, Réunion, Maurice); a name of
         * several words needs one capitalised word (royaume-Uni, not "la
         * réunion"). */
        int ours = !strcmp(lang, "fr") || !strcmp(lang, "en") || !strcmp(lang, "ru");
        int cyrillic = (unsigned char)p[0] == 0xD0 || (unsigned char)p[0] == 0xD1;
        const char *flags = all_caps(p) ? "e" : (!ours || minor || cyrillic) ? "c"
                          : strpbrk(p, " -'\xE2") ? "a" : "";
        if (emit(b, p, code, "name", flags, 0, 0, minor))
            return -1;
    }
    return 0;
}

static int cldr_table(struct build *b, UResourceBundle *rb, const char *table,
                      const char *lang, int minor, const char *const *codes, size_t ncodes)
{
    UErrorCode st = U_ZERO_ERROR;
    UResourceBundle *t = ures_getByKey(rb, table, NULL, &st);
    int rc = 0;
    if (U_FAILURE(st) || st == U_USING_DEFAULT_WARNING) {
        ures_close(t);
        return 0;
    }
    while (rc == 0 && ures_hasNext(t)) {
        const char *key;
        int32_t n;
        st = U_ZERO_ERROR;
        const UChar *s = ures_getNextString(t, &n, &key, &st);
        if (U_FAILURE(st))
            break;
        for (size_t i = 0; i < ncodes; i++)
            if (strcmp(codes[i], key) == 0)
                rc = emit_cldr(b, s, n, key, lang, minor);
    }
    ures_close(t);
    return rc;
}

static int load_cldr(struct build *b, int pass)
{
    const char *codes[400];
    size_t ncodes = 0;
    for (const char *const *c = uloc_getISOCountries(); *c && ncodes < 399; c++)
        codes[ncodes++] = *c;
    codes[ncodes++] = "EU";
    /* Each country's flag, the pair of regional indicators that spell its
     * code (🇫🇷 is F R), as posts name countries. Any case, no locale. */
    for (size_t k = 0; pass == 0 && k < ncodes; k++) {
        const char *c = codes[k];
        if (strlen(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z')
            continue;
        char flag[9] = {'\xF0', '\x9F', '\x87', (char)(0xA6 + c[0] - 'A'),
                        '\xF0', '\x9F', '\x87', (char)(0xA6 + c[1] - 'A'), '\0'};
        if (emit(b, flag, c, "name", "", 0, 0, 0))
            return -1;
    }
    int32_t nloc = uloc_countAvailable();
    for (int32_t i = 0; i < nloc; i++) {
        const char *loc = uloc_getAvailable(i);
        char lang[16];
        UErrorCode st = U_ZERO_ERROR;
        uloc_getLanguage(loc, lang, sizeof lang, &st);
        int major = is_major(lang);
        if ((pass == 0) != major)
            continue;
        UResourceBundle *rb = ures_open(U_ICUDATA_NAME U_TREE_SEPARATOR_STRING "region", loc, &st);
        if (U_FAILURE(st))
            continue;
        int rc = cldr_table(b, rb, "Countries", lang, !major, codes, ncodes);
        if (!rc)
            rc = cldr_table(b, rb, "Countries%short", lang, !major, codes, ncodes);
        if (!rc)
            rc = cldr_table(b, rb, "Countries%variant", lang, !major, codes, ncodes);
        ures_close(rb);
        if (rc)
            return rc;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: gazetteer-build ALIASES.tsv OUT.tsv\n");
        return 2;
    }
    struct build b = {0};
    int err;
    fx_buf_init(&b.key);
    b.tz = fx_tokenizer_create(&err);
    if (!b.tz) {
        fprintf(stderr, "gazetteer-build: %s\n", fx_strerror(err));
        return 1;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    b.out = fopen(tmp, "w");
    if (!b.out) {
        fprintf(stderr, "gazetteer-build: cannot open '%s': %s\n", tmp, strerror(errno));
        return 1;
    }
    UVersionInfo cldr;
    char ver[U_MAX_VERSION_STRING_LENGTH];
    UErrorCode st = U_ZERO_ERROR;
    ulocdata_getCLDRVersion(cldr, &st);
    u_versionToString(cldr, ver);
    fprintf(b.out, "# stance gazetteer v1, CLDR %s, ICU %s: KEY CODE KIND FLAGS FROM TO FORM\n",
            ver, U_ICU_VERSION);
    int rc = load_aliases(&b, argv[1]);
    if (rc == 0)
        rc = load_cldr(&b, 0);
    if (rc == 0)
        rc = load_cldr(&b, 1);
    if (fclose(b.out) != 0 || rc != 0) {
        remove(tmp);
        fprintf(stderr, "gazetteer-build: failed\n");
        rc = 1;
    } else if (rename(tmp, argv[2]) != 0) {
        fprintf(stderr, "gazetteer-build: cannot rename to '%s': %s\n", argv[2], strerror(errno));
        rc = 1;
    } else {
        fprintf(stderr, "gazetteer-build: %zu entries\n", b.written);
    }
    seen_free(&b.seen);
    fx_tokenizer_free(b.tz);
    fx_buf_release(&b.key);
    return rc;
}
