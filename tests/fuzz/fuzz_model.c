/* fuzz_model.c - the model loader on any bytes; a model that loads must
 * predict, and parse its support vectors or refuse them cleanly. */
#include "fuzz_common.h"

#include "model.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    /* Most inputs get a valid end line, so that the fuzzer reaches the
     * parser behind the checksum; inputs opening with '!' stay as they are
     * (the checksum path itself). */
    unsigned char *buf = malloc(size + 32);
    if (!buf)
        abort();
    size_t n = size;
    memcpy(buf, data, size);
    if (!(size && data[0] == '!')) {
        if (!n || buf[n - 1] != '\n')
            buf[n++] = '\n';
        n += (size_t)snprintf((char *)buf + n, 32, "end %016llx\n",
                              (unsigned long long)fx_checksum(buf, n));
    }
    const char *path = fuzz_file(buf, n, ".model");
    free(buf);
    int err;
    char msg[1024];
    struct fx_model *m = fx_model_load(path, &err, msg, sizeof msg);
    unlink(path);
    if (!m)
        return 0;
    struct fx_feature f[3] = {{1, 0.5f}, {7, -1.0f}, {100000, 0.25f}};
    struct fx_vec x = {f, 3, 3};
    double prob[3];
    int label = fx_model_predict(m, &x, prob);
    if (label < 0 || label > 2)
        abort();
    fx_model_svs(m, msg, sizeof msg);
    fx_model_free(m);
    return 0;
}
