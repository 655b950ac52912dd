/* fuzz_article.c - the whole front end (quotes, speakers, the country
 * matcher, pairs, the --quotes JSON) on valid UTF-8. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_setup();
    const char *s = (const char *)data;
    if (fx_utf8_check(s, size) >= 0)
        return 0;
    struct fx_article a;
    struct fx_pairs ps;
    fx_article_init(&a);
    fx_pairs_init(&ps);
    if (fx_article_analyse(&fuzz_fe, fuzz_tz, &a, s, size, size ? 1990 + data[0] % 40 : 0) == 0) {
        for (size_t i = 0; i < a.nq; i++)
            fx_article_pairs(&a, a.q[i].b0, a.q[i].b1, a.q[i].sp0, a.q[i].sp1, &ps);
        cJSON *j = fx_article_quotes_json(&a);
        char *out = j ? cJSON_PrintUnformatted(j) : NULL;
        free(out);
        cJSON_Delete(j);
    }
    fx_pairs_release(&ps);
    fx_article_release(&a);
    return 0;
}
