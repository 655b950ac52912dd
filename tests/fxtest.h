/* fxtest.h - what every suite under tests/ shares: the runner, span
 * assertions, and a gazetteer built at test time.
 *
 * Spans are checked as strings (text[b0..b1) against the expected text) so
 * that a failure prints what was found, not two numbers. Paths come from the
 * build: FXT_FIXTURES (datasets/fixtures), FXT_EXAMPLES (../shared/examples)
 * and the library's STANCE_DATA_DIR. */
#ifndef FXTEST_H
#define FXTEST_H

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "countries.h"
#include "text.h"

#ifndef FXT_FIXTURES
#error "FXT_FIXTURES must name datasets/fixtures"
#endif

/* Runs the suite; the exit status is non-zero if any test failed or
 * crashed, which is all CTest looks at. */
static inline int fxt_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* Asserts that text[b0..b1) is exactly want. */
#define fxt_assert_span(text, b0, b1, want)                                   \
    do {                                                                      \
        size_t fxt_b0_ = (b0), fxt_b1_ = (b1);                                \
        ck_assert_uint_le(fxt_b0_, fxt_b1_);                                  \
        char *fxt_got_ = strndup((text) + fxt_b0_, fxt_b1_ - fxt_b0_);      \
        ck_assert_ptr_nonnull(fxt_got_);                                      \
        ck_assert_str_eq(fxt_got_, (want));                                   \
        free(fxt_got_);                                                       \
    } while (0)

/* Code points in s[0..b). */
static inline size_t fxt_cp(const char *s, size_t b)
{
    size_t c = 0;
    for (size_t i = 0; i < b; i++)
        c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Byte offset of the first occurrence of needle in text, asserted found. */
static inline size_t fxt_find(const char *text, const char *needle)
{
    const char *p = strstr(text, needle);
    ck_assert_msg(p != NULL, "'%s' not in the text", needle);
    return (size_t)(p - text);
}

static inline struct fx_tokenizer *fxt_tokenizer(void)
{
    int err = 1;
    struct fx_tokenizer *tz = fx_tokenizer_create(&err);
    ck_assert_msg(tz != NULL, "fx_tokenizer_create: %s", fx_strerror(err));
    ck_assert_int_eq(err, 0);
    return tz;
}

static inline struct fx_gazetteer *fxt_gazetteer_empty(void)
{
    struct fx_gazetteer *gz = fx_gazetteer_create();
    ck_assert_ptr_nonnull(gz);
    ck_assert_uint_eq(fx_gazetteer_size(gz), 0);
    return gz;
}

/* Adds form (folded here, as gazetteer-build folds aliases.tsv) to gz. */
static inline void fxt_gazetteer_add(struct fx_gazetteer *gz, struct fx_tokenizer *tz,
                                     const char *form, const char *code, int kind,
                                     unsigned flags, int from, int to)
{
    struct fx_buf key;
    fx_buf_init(&key);
    ck_assert_int_eq(fx_buf_add(&key, "", 0), 0);
    int ntok = fx_fold_phrase(tz, form, strlen(form), &key);
    ck_assert_msg(ntok > 0, "folding '%s' gave %d", form, ntok);
    int err = fx_gazetteer_add(gz, key.s, code, kind, flags, from, to, form);
    ck_assert_msg(err == 0, "adding '%s': %s", form, fx_strerror(err));
    fx_buf_release(&key);
}

#endif
