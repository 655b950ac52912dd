/* fuzz_text.c - UTF-8 validation and the text front end (tokens, folding,
 * sentences) on any bytes. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_setup();
    if (fx_utf8_check((const char *)data, size) >= 0)
        return 0;
    struct fx_doc doc;
    fx_doc_init(&doc);
    if (fx_doc_analyse(fuzz_tz, &doc, (const char *)data, size) == 0 && doc.ntok)
        (void)fx_doc_cp(&doc, size);
    fx_doc_release(&doc);
    return 0;
}
