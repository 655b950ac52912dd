/* fuzz_common.h - what the libFuzzer harnesses share: the front end loaded
 * once per process (the build's gazetteer and attribution cues), and a
 * temporary file for the readers that take a path. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"

static struct fx_tokenizer *fuzz_tz;
static struct fx_frontend fuzz_fe;

static inline void fuzz_setup(void)
{
    if (fuzz_tz)
        return;
    int err;
    char msg[1024];
    fuzz_tz = fx_tokenizer_create(&err);
    if (!fuzz_tz || fx_frontend_load(&fuzz_fe, fuzz_tz, NULL, NULL, msg, sizeof msg)) {
        fprintf(stderr, "fuzz: cannot load the front end: %s\n", fuzz_tz ? msg : "tokenizer");
        abort();
    }
}

/* Writes data to a fresh temporary file named with suffix; returns its
 * path (static), to unlink after use. */
static inline const char *fuzz_file(const unsigned char *data, size_t size, const char *suffix)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/stance-fuzz-%d-XXXXXX%s", (int)getpid(), suffix);
    int fd = mkstemps(path, (int)strlen(suffix));
    if (fd < 0)
        abort();
    for (size_t at = 0; at < size;) {
        ssize_t n = write(fd, data + at, size - at);
        if (n <= 0)
            abort();
        at += (size_t)n;
    }
    close(fd);
    return path;
}

#endif
