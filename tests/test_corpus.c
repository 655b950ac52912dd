/* test_corpus.c - the readers of corpus.h: plain-text articles (date token,
 * byte order mark, CRLF, invalid UTF-8, NUL, empty files, directories),
 * JSON Lines articles and pairs with their error records, standard input,
 * path expansion and the date token itself. */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "corpus.h"
#include "fxtest.h"

static struct fx_reader *r;
static struct fx_record rec;
static char base[64];       /* made and removed by the runner, once */
static char tmp[96];        /* one fresh directory per test, inside base */

/* rm -r path. */
static void rm_tree(const char *path)
{
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char sub[512];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            rm_tree(sub);
        }
        closedir(d);
    }
    remove(path);
}

/* Unchecked fixture: runs in the runner, so the directory goes away even
 * when a test fails before its own teardown. */
static void make_base(void)
{
    strcpy(base, "/tmp/stance-test-corpus-XXXXXX");
    if (!mkdtemp(base))
        abort();
}

static void remove_base(void)
{
    rm_tree(base);
}

static void setup(void)
{
    r = NULL;
    snprintf(tmp, sizeof tmp, "%s/t-XXXXXX", base);
    ck_assert_ptr_nonnull(mkdtemp(tmp));
}

static void teardown(void)
{
    fx_reader_free(r);
    r = NULL;
}

/* Writes n bytes to tmp/name (directories made as needed); returns the
 * path in a static buffer. */
static const char *put(const char *name, const char *data, size_t n)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    for (char *p = path + strlen(tmp) + 1; (p = strchr(p, '/')); p++) {
        *p = '\0';
        mkdir(path, 0755);
        *p = '/';
    }
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

#define puts_(name, lit) put((name), (lit), sizeof(lit) - 1)

/* Opens path, closing the reader opened before. */
static void open_reader(const char *path)
{
    int err = 1;
    fx_reader_free(r);
    r = fx_reader_open(path, &err);
    ck_assert_msg(r != NULL, "cannot open '%s': %s", path, strerror(errno));
    ck_assert_int_eq(err, 0);
}

static void next_ok(void)
{
    ck_assert_int_eq(fx_reader_next(r, &rec), 1);
}

static void expect_end(void)
{
    ck_assert_int_eq(fx_reader_next(r, &rec), 0);
    ck_assert_int_eq(fx_reader_next(r, &rec), 0);
}

static size_t file_size(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return (size_t)st.st_size;
}

/* Asserts the record's text starts with head. */
static void expect_text_head(const char *head)
{
    ck_assert_ptr_nonnull(rec.text);
    ck_assert_msg(rec.len >= strlen(head) && memcmp(rec.text, head, strlen(head)) == 0,
                  "text starts '%.*s', want '%s'", (int)(rec.len < 40 ? rec.len : 40),
                  rec.text, head);
}

/* ---- plain text --------------------------------------------------- */

START_TEST(plain_date_on_its_own_line)
{
    const char *path = FXT_FIXTURES "/article-fr.txt";
    open_reader(path);
    next_ok();
    ck_assert_int_eq(rec.kind, FX_REC_ARTICLE);
    ck_assert_str_eq(rec.source, path);
    ck_assert_str_eq(rec.id, path);
    ck_assert_uint_eq(rec.line, 0);
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.date, "2021-03");
    ck_assert_int_eq(rec.year, 2021);
    ck_assert_ptr_null(rec.lang);
    ck_assert_ptr_null(rec.target);
    ck_assert_int_eq(rec.start, -1);
    ck_assert_int_eq(rec.end, -1);
    expect_text_head("PARIS, le 15 mars.");
    ck_assert_uint_eq(rec.len, file_size(path) - strlen("date 2021-03\n"));
    ck_assert_uint_eq(fx_reader_offset(r), file_size(path));
    expect_end();
}
END_TEST

START_TEST(plain_date_before_dateline)
{
    /* The example: " date 2018-05 LONDRES, ..." on its first line. */
    open_reader(FXT_EXAMPLES "/tass-2018-05-26-cyber.txt");
    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.date, "2018-05");
    expect_text_head("LONDRES, le 26 mai. /TASS/.");
    ck_assert_uint_eq(rec.len, file_size(FXT_EXAMPLES "/tass-2018-05-26-cyber.txt") - 14);

    open_reader(puts_("d.txt", "\t  date 2018-05-26   LONDRES, le 26 mai."));
    next_ok();
    ck_assert_str_eq(rec.date, "2018-05-26");
    ck_assert_int_eq(rec.year, 2018);
    ck_assert_uint_eq(rec.len, strlen("LONDRES, le 26 mai."));
    expect_text_head("LONDRES, le 26 mai.");
}
END_TEST

START_TEST(plain_without_date)
{
    open_reader(puts_("n.txt", "LONDRES, le 26 mai. Pas de date 2018-05 ici."));
    next_ok();
    ck_assert_ptr_null(rec.date);
    ck_assert_int_eq(rec.year, 0);
    ck_assert_uint_eq(rec.len, strlen("LONDRES, le 26 mai. Pas de date 2018-05 ici."));
    expect_end();
}
END_TEST

START_TEST(plain_bom_and_crlf)
{
    const char *path = FXT_FIXTURES "/bom-crlf.txt";
    open_reader(path);
    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.date, "2019-11");
    expect_text_head("MOSCOU, le 3 novembre.\r\n");
    ck_assert_uint_eq(rec.len, file_size(path) - 3 - strlen("date 2019-11\r\n"));
    /* A BOM without a date token. */
    open_reader(puts_("b.txt", "\xEF\xBB\xBF« Oui »"));
    next_ok();
    ck_assert_ptr_null(rec.date);
    ck_assert_uint_eq(rec.len, strlen("« Oui »"));
    expect_text_head("« Oui »");
}
END_TEST

START_TEST(plain_invalid_utf8)
{
    const char *path = FXT_FIXTURES "/invalid-utf8.txt";
    open_reader(path);
    next_ok();
    ck_assert_ptr_nonnull(rec.error);
    ck_assert_ptr_null(rec.text);
    ck_assert_str_eq(rec.id, path);
    ck_assert_msg(strstr(rec.error, "byte 10") != NULL, "error '%s' names no byte 10", rec.error);
    expect_end();
    /* The offset is in the file, the byte order mark included. */
    open_reader(puts_("bad.txt", "\xEF\xBB\xBF" "ab\xC0\xAF"));
    next_ok();
    ck_assert_ptr_nonnull(rec.error);
    ck_assert_msg(strstr(rec.error, "byte 5") != NULL, "error '%s' names no byte 5", rec.error);
}
END_TEST

START_TEST(plain_nul_byte)
{
    open_reader(FXT_FIXTURES "/nul.txt");
    next_ok();
    ck_assert_ptr_nonnull(rec.error);
    ck_assert_ptr_null(rec.text);
    ck_assert_msg(strstr(rec.error, "byte 17") != NULL, "error '%s' names no byte 17", rec.error);
    expect_end();
}
END_TEST

START_TEST(plain_empty_file)
{
    const char *path = FXT_FIXTURES "/empty.txt";
    open_reader(path);
    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_ptr_nonnull(rec.text);
    ck_assert_uint_eq(rec.len, 0);
    ck_assert_ptr_null(rec.date);
    ck_assert_str_eq(rec.id, path);
    expect_end();
}
END_TEST

START_TEST(open_errors)
{
    int err = 0;
    ck_assert_ptr_null(fx_reader_open(FXT_FIXTURES, &err));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, EISDIR);
    char dir[128];
    snprintf(dir, sizeof dir, "%s/d.jsonl", tmp);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    err = 0;
    ck_assert_ptr_null(fx_reader_open(dir, &err));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, EISDIR);
    err = 0;
    ck_assert_ptr_null(fx_reader_open(FXT_FIXTURES "/no-such.txt", &err));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, ENOENT);
    err = 0;
    ck_assert_ptr_null(fx_reader_open(FXT_FIXTURES "/no-such.jsonl", &err));
    ck_assert_int_eq(err, FX_EIO);
    ck_assert_int_eq(errno, ENOENT);
    fx_reader_free(NULL);
}
END_TEST

/* A file its reader may not open: EACCES, reported like a missing file.
 * Root reads everything, so as root the open runs in a child that has
 * become nobody (65534); the child's exit status says what it saw. */
static int open_as_reader(const char *path)
{
    int err = 0;
    struct fx_reader *rd = fx_reader_open(path, &err);
    if (rd) {
        fx_reader_free(rd);
        return 1;
    }
    return err == FX_EIO && errno == EACCES ? 0 : 2;
}

START_TEST(open_unreadable)
{
    const char *names[] = {"secret.txt", "secret.jsonl"};
    ck_assert_int_eq(chmod(base, 0711), 0);
    ck_assert_int_eq(chmod(tmp, 0711), 0);
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *path = puts_(names[i], "{\"id\": \"a\", \"text\": \"x\"}\n");
        ck_assert_int_eq(chmod(path, 0), 0);
        int status;
        if (geteuid() != 0) {
            status = open_as_reader(path);
        } else {
            fflush(NULL);
            pid_t pid = fork();
            ck_assert_int_ge(pid, 0);
            if (pid == 0) {
                if (setgroups(0, NULL) || setgid(65534) || setuid(65534))
                    _exit(3);
                _exit(open_as_reader(path));
            }
            int ws;
            ck_assert_int_eq(waitpid(pid, &ws, 0), pid);
            ck_assert(WIFEXITED(ws));
            status = WEXITSTATUS(ws);
        }
        ck_assert_msg(status == 0, "%s: %s", names[i],
                      status == 1 ? "opened although unreadable"
                      : status == 2 ? "error other than EACCES"
                      : "could not become nobody");
    }
}
END_TEST

/* ---- JSON Lines ---------------------------------------------------- */

START_TEST(jsonl_records_and_errors)
{
    const char *path = FXT_FIXTURES "/records.jsonl";
    char id[512];
    open_reader(path);

    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_int_eq(rec.kind, FX_REC_ARTICLE);
    ck_assert_str_eq(rec.id, "good-1");
    ck_assert_str_eq(rec.source, path);
    ck_assert_uint_eq(rec.line, 1);
    ck_assert_str_eq(rec.lang, "fr");
    ck_assert_str_eq(rec.date, "2020-01");
    ck_assert_int_eq(rec.year, 2020);
    ck_assert_str_eq(rec.text, "« La France est notre partenaire », a dit le ministre.");
    ck_assert_uint_eq(rec.len, strlen(rec.text));
    ck_assert_ptr_null(rec.target);
    ck_assert_ptr_nonnull(rec.json);

    next_ok();                  /* line 2 is blank: skipped */
    ck_assert_uint_eq(rec.line, 3);
    ck_assert_ptr_nonnull(rec.error);
    ck_assert_ptr_null(rec.text);
    snprintf(id, sizeof id, "%s:3", path);
    ck_assert_str_eq(rec.id, id);

    next_ok();
    ck_assert_uint_eq(rec.line, 4);
    ck_assert_ptr_nonnull(rec.error);
    snprintf(id, sizeof id, "%s:4", path);
    ck_assert_str_eq(rec.id, id);

    next_ok();
    ck_assert_uint_eq(rec.line, 5);
    ck_assert_ptr_nonnull(rec.error);
    ck_assert_ptr_null(rec.text);
    ck_assert_str_eq(rec.id, "num");

    expect_end();
    ck_assert_uint_eq(fx_reader_offset(r), file_size(path));
}
END_TEST

/* The two-step reading of stance-predict's workers: the reader finds the
 * lines, fx_record_parse makes each the record fx_reader_next makes. */
START_TEST(jsonl_lines_then_parse)
{
    const char *path = FXT_FIXTURES "/records.jsonl";
    int err = 1;
    struct fx_reader *lines = fx_reader_open(path, &err);
    ck_assert_ptr_nonnull(lines);
    ck_assert(fx_reader_is_jsonl(lines));
    open_reader(path);
    struct fx_parse ps;
    fx_parse_init(&ps);
    const char *line;
    size_t n, lineno;
    int count = 0;
    while (fx_reader_next_line(lines, &line, &n, &lineno) == 1) {
        struct fx_record two;
        fx_record_parse(&ps, path, lineno, line, n, &two);
        next_ok();
        count++;
        ck_assert_uint_eq(two.line, rec.line);
        ck_assert_str_eq(two.id, rec.id);
        ck_assert_str_eq(two.source, rec.source);
        ck_assert_int_eq(two.kind, rec.kind);
        ck_assert_int_eq(two.year, rec.year);
        ck_assert_int_eq(!two.error, !rec.error);
        if (rec.error)
            ck_assert_str_eq(two.error, rec.error);
        else
            ck_assert_str_eq(two.text, rec.text);
    }
    ck_assert_int_eq(count, 4);
    expect_end();
    ck_assert_int_eq(fx_reader_next_line(lines, &line, &n, &lineno), 0);
    fx_parse_release(&ps);
    fx_parse_release(&ps);      /* twice is harmless */
    fx_reader_free(lines);
    /* A plain-text reader has no lines to give. */
    lines = fx_reader_open(FXT_FIXTURES "/article-fr.txt", &err);
    ck_assert_ptr_nonnull(lines);
    ck_assert(!fx_reader_is_jsonl(lines));
    ck_assert_int_eq(fx_reader_next_line(lines, &line, &n, &lineno), FX_EFORMAT);
    fx_reader_free(lines);
}
END_TEST

START_TEST(jsonl_pairs)
{
    open_reader(FXT_FIXTURES "/pairs.jsonl");

    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_int_eq(rec.kind, FX_REC_PAIR);
    ck_assert_str_eq(rec.id, "p-0001");
    ck_assert_str_eq(rec.target, "GB");
    ck_assert_str_eq(rec.label, "critical");
    ck_assert_str_eq(rec.lang, "en");
    ck_assert_int_eq(rec.start, -1);
    ck_assert_int_eq(rec.end, -1);

    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_int_eq(rec.kind, FX_REC_PAIR);
    ck_assert_str_eq(rec.target, "FR");
    ck_assert_str_eq(rec.label, "cooperative");
    ck_assert_int_eq(rec.start, 10);
    ck_assert_int_eq(rec.end, 16);

    next_ok();                  /* no "target": an article */
    ck_assert_ptr_null(rec.error);
    ck_assert_int_eq(rec.kind, FX_REC_ARTICLE);
    ck_assert_str_eq(rec.id, "a-0003");
    ck_assert_ptr_null(rec.target);
    ck_assert_ptr_null(rec.label);

    next_ok();                  /* a free-text target */
    ck_assert_ptr_null(rec.error);
    ck_assert_int_eq(rec.kind, FX_REC_PAIR);
    ck_assert_str_eq(rec.target, "Jordan Henderson");
    ck_assert_str_eq(rec.label, "neutral");

    /* start > end, start without end, negative start, strings: errors,
     * and the reader goes on. */
    for (int line = 5; line <= 8; line++) {
        next_ok();
        ck_assert_uint_eq(rec.line, (size_t)line);
        ck_assert_msg(rec.error != NULL, "line %d taken", line);
        ck_assert_ptr_null(rec.text);
    }
}
END_TEST

START_TEST(jsonl_pair_span_beyond_text)
{
    /* pairs.jsonl line 9: "abc" has 3 code points, end is 10. */
    open_reader(FXT_FIXTURES "/pairs.jsonl");
    for (int i = 0; i < 9; i++)
        next_ok();
    ck_assert_uint_eq(rec.line, 9);
    ck_assert_str_eq(rec.id, "p-0009");
    ck_assert_msg(rec.error != NULL, "end 10 in a 3-code-point text accepted");
    expect_end();
}
END_TEST

START_TEST(jsonl_field_checks)
{
    open_reader(puts_("f.jsonl",
        "{\"id\": 17, \"text\": \"x\"}\n"
        "{\"text\": \"x\", \"date\": \"2018-13\"}\n"
        "{\"text\": \"x\", \"lang\": 3}\n"
        "{\"id\": {\"a\": 1}, \"text\": \"x\"}\n"
        "{\"id\": \"no-text\"}\n"
        "   \t  \n"
        "{\"text\": \"sans id\", \"date\": null}\r\n"
        "{\"text\": \"\\u00e9t\\u00e9\"}"));
    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.id, "17");
    next_ok();
    ck_assert_ptr_nonnull(rec.error);   /* month 13 */
    next_ok();
    ck_assert_ptr_nonnull(rec.error);   /* lang not a string */
    next_ok();
    ck_assert_ptr_nonnull(rec.error);   /* id an object */
    next_ok();
    ck_assert_ptr_nonnull(rec.error);   /* no text */
    ck_assert_str_eq(rec.id, "no-text");
    next_ok();                          /* blank line skipped, CRLF ok */
    ck_assert_ptr_null(rec.error);
    ck_assert_uint_eq(rec.line, 7);
    ck_assert_ptr_null(rec.date);
    ck_assert_str_eq(rec.text, "sans id");
    ck_assert_str_eq(strrchr(rec.id, ':'), ":7");
    next_ok();                          /* last line without newline */
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.text, "été");
    ck_assert_uint_eq(rec.len, 5);
    expect_end();
}
END_TEST

START_TEST(jsonl_invalid_utf8_line)
{
    open_reader(puts_("u.jsonl", "{\"text\": \"a\xFF\"}\n{\"text\": \"ok\"}\n"));
    next_ok();
    ck_assert_ptr_nonnull(rec.error);
    ck_assert_uint_eq(rec.line, 1);
    next_ok();
    ck_assert_ptr_null(rec.error);
    ck_assert_str_eq(rec.text, "ok");
    expect_end();
}
END_TEST

START_TEST(jsonl_from_stdin)
{
    ck_assert_ptr_nonnull(freopen(FXT_FIXTURES "/records.jsonl", "r", stdin));
    open_reader("-");
    next_ok();
    ck_assert_str_eq(rec.source, "<stdin>");
    ck_assert_str_eq(rec.id, "good-1");
    next_ok();
    ck_assert_str_eq(rec.id, "<stdin>:3");
    next_ok();
    next_ok();
    expect_end();
}
END_TEST

/* ---- paths, dates, labels ----------------------------------------- */

START_TEST(paths_expand_directory)
{
    puts_("b.txt", "b");
    puts_("a.txt", "a");
    puts_("sub/c.txt", "c");
    puts_("sub/.hidden.txt", "h");
    puts_("sub/d/e.jsonl", "{}");
    puts_(".git/x.txt", "x");
    char *in[] = {"-", tmp, "/nonexistent/y.txt"};
    char **out = NULL;
    size_t n = 0;
    const char *bad = "unset";
    ck_assert_int_eq(fx_paths_expand(in, 3, &out, &n, &bad), 0);
    ck_assert_uint_eq(n, 6);
    ck_assert_str_eq(out[0], "-");
    const char *want[] = {"a.txt", "b.txt", "sub/c.txt", "sub/d/e.jsonl"};
    for (size_t i = 0; i < 4; i++) {
        char path[256];
        snprintf(path, sizeof path, "%s/%s", tmp, want[i]);
        ck_assert_str_eq(out[1 + i], path);
    }
    /* A path that does not exist passes through: opening it reports it. */
    ck_assert_str_eq(out[5], "/nonexistent/y.txt");
    fx_paths_free(out, n);

    char slash[128];
    snprintf(slash, sizeof slash, "%s/sub/", tmp);
    char *in2[] = {slash};
    ck_assert_int_eq(fx_paths_expand(in2, 1, &out, &n, &bad), 0);
    ck_assert_uint_eq(n, 2);
    char path[256];
    snprintf(path, sizeof path, "%s/sub/c.txt", tmp);
    ck_assert_str_eq(out[0], path);
    fx_paths_free(out, n);
    fx_paths_free(NULL, 0);
}
END_TEST

START_TEST(date_token)
{
    static const struct { const char *s; size_t skip; const char *date; } ok[] = {
        {"date 2018-05\nLONDRES", 13, "2018-05"},
        {"date 2018-05-26 LONDRES", 16, "2018-05-26"},
        {"  \tdate 2018-05 LONDRES", 16, "2018-05"},
        {"date\t2018-05\r\n\r\nX", 16, "2018-05"},
        {"date 2018-05", 12, "2018-05"},
        {"date 2018-12-31\n", 16, "2018-12-31"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char date[11] = "";
        ck_assert_uint_eq(fx_date_token(ok[i].s, strlen(ok[i].s), date), ok[i].skip);
        ck_assert_str_eq(date, ok[i].date);
    }
    static const char *none[] = {
        "", "date", "date 2018-13 X", "date 2018-00 X", "date 2018-5 X", "date 18-05 X",
        "Date 2018-05 X", "datex 2018-05", "date 2018-05X", "update 2018-05 X",
        "date 2018-05-2 X", "date 2018-05- X", "LONDRES date 2018-05", "date 2018/05 X",
    };
    for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
        char date[11] = "";
        ck_assert_msg(fx_date_token(none[i], strlen(none[i]), date) == 0, "'%s' taken", none[i]);
    }
    /* len limits the look. */
    char date[11];
    ck_assert_uint_eq(fx_date_token("date 2018-05-26", 12, date), 12);
    ck_assert_str_eq(date, "2018-05");
}
END_TEST

START_TEST(label_index)
{
    ck_assert_int_eq(fx_label_index("cooperative"), 0);
    ck_assert_int_eq(fx_label_index("critical"), 1);
    ck_assert_int_eq(fx_label_index("neutral"), 2);
    ck_assert_int_eq(fx_label_index("Neutral"), -1);
    ck_assert_int_eq(fx_label_index("positive"), -1);
    ck_assert_int_eq(fx_label_index(NULL), -1);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(fx_label_index(fx_labels[i]), i);
}
END_TEST

Suite *corpus_suite(void)
{
    Suite *s = suite_create("corpus");
    TCase *tc = tcase_create("plain");
    tcase_add_unchecked_fixture(tc, make_base, remove_base);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, plain_date_on_its_own_line);
    tcase_add_test(tc, plain_date_before_dateline);
    tcase_add_test(tc, plain_without_date);
    tcase_add_test(tc, plain_bom_and_crlf);
    tcase_add_test(tc, plain_invalid_utf8);
    tcase_add_test(tc, plain_nul_byte);
    tcase_add_test(tc, plain_empty_file);
    tcase_add_test(tc, open_errors);
    tcase_add_test(tc, open_unreadable);
    suite_add_tcase(s, tc);

    tc = tcase_create("jsonl");
    tcase_add_unchecked_fixture(tc, make_base, remove_base);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, jsonl_records_and_errors);
    tcase_add_test(tc, jsonl_lines_then_parse);
    tcase_add_test(tc, jsonl_pairs);
    tcase_add_test(tc, jsonl_pair_span_beyond_text);
    tcase_add_test(tc, jsonl_field_checks);
    tcase_add_test(tc, jsonl_invalid_utf8_line);
    tcase_add_test(tc, jsonl_from_stdin);
    suite_add_tcase(s, tc);

    tc = tcase_create("paths");
    tcase_add_unchecked_fixture(tc, make_base, remove_base);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, paths_expand_directory);
    tcase_add_test(tc, date_token);
    tcase_add_test(tc, label_index);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fxt_run(corpus_suite());
}
