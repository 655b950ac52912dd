/* fuzz_quotes.c - quote extraction on any bytes: spans in range, parents
 * before their children. */
#include "fuzz_common.h"

#include "quotes.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    struct fx_quotes qs;
    fx_quotes_init(&qs);
    if (fx_quotes_find(&qs, (const char *)data, size) == 0)
        for (size_t i = 0; i < qs.n; i++)
            if (qs.q[i].b0 > qs.q[i].b1 || qs.q[i].b1 > size || qs.q[i].parent >= (int32_t)i)
                abort();
    fx_quotes_release(&qs);
    return 0;
}
