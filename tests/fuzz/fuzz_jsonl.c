/* fuzz_jsonl.c - the JSON Lines reader and the labelled-data loader on any
 * bytes: every record comes back, good or with its error. */
#include "fuzz_common.h"

#include "dataset.h"
#include "lexicon.h"

static struct fx_lexicon *lx;
static struct fx_vectorizer *vz;

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    fuzz_setup();
    if (!lx) {
        char msg[1024], *src;
        size_t len;
        int err;
        struct fx_feat_opts o;
        fx_feat_opts_default(&o);
        if (fx_lexicon_read_dir(STANCE_DATA_DIR "/lexicons", &src, &len, msg, sizeof msg)
            || !(lx = fx_lexicon_parse(fuzz_tz, src, len, "lexicons", &err, msg, sizeof msg))
            || !(vz = fx_vectorizer_create(&o, lx, 0)))
            abort();
        free(src);
    }
    const char *path = fuzz_file(data, size, ".jsonl");
    int err;
    struct fx_reader *r = fx_reader_open(path, &err);
    if (r) {
        struct fx_record rec;
        while (fx_reader_next(r, &rec) > 0)
            if (!rec.id || (!rec.error && !rec.text))
                abort();
        fx_reader_free(r);
    }
    struct fx_dataset ds;
    struct fx_dataset_ctx ctx = {&fuzz_fe, fuzz_tz, vz, 1, 1};
    char msg[1024];
    fx_dataset_init(&ds);
    fx_dataset_load(&ds, &ctx, path, msg, sizeof msg);
    fx_dataset_release(&ds);
    unlink(path);
    return 0;
}
