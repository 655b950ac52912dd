/* model.c - saving, loading, validating and applying the model. */
#include "model.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "corpus.h"

#define MAGIC "stance-model"

struct fx_model *fx_model_create(void)
{
    struct fx_model *m = calloc(1, sizeof *m);
    if (m)
        fx_feat_opts_default(&m->feat);
    return m;
}

void fx_model_free(struct fx_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; m->sv && i < m->l; i++)
        fx_vec_release(&m->sv[i]);
    free(m->sv);
    free(m->coef);
    free(m->w);
    free(m->wmap);
    free(m->lexicon);
    free(m->raw);
    free(m);
}

static double *weight_row(struct fx_model *m, uint32_t index);

static int npair(const struct fx_model *m)
{
    return m->nr_class * (m->nr_class - 1) / 2;
}

static int write_body(const struct fx_model *m, struct fx_buf *b)
{
    char feat[128];
    fx_feat_opts_format(&m->feat, feat, sizeof feat);
    int np = npair(m), e = 0;
    e |= fx_buf_addf(b, MAGIC " %d\n", FX_MODEL_VERSION);
    e |= fx_buf_addf(b, "features %s\n", feat);
    e |= fx_buf_addf(b, "gazetteer %s\n", m->gazetteer[0] ? m->gazetteer : "-");
    e |= fx_buf_addf(b, "kernel %s %.17g\n", m->kernel == FX_KERNEL_RBF ? "rbf" : "linear", m->gamma);
    e |= fx_buf_addf(b, "C %.17g\n", m->C);
    e |= fx_buf_addf(b, "labels %d", m->nr_class);
    for (int i = 0; i < m->nr_class; i++)
        e |= fx_buf_addf(b, " %s", fx_labels[m->label[i]]);
    e |= fx_buf_addf(b, "\nnr_sv");
    for (int i = 0; i < m->nr_class; i++)
        e |= fx_buf_addf(b, " %d", m->nsv[i]);
    const char *names[3] = {"rho", "probA", "probB"};
    const double *vals[3] = {m->rho, m->probA, m->probB};
    for (int k = 0; k < 3; k++) {
        e |= fx_buf_addf(b, "\n%s", names[k]);
        for (int i = 0; i < np; i++)
            e |= fx_buf_addf(b, " %.17g", vals[k][i]);
    }
    e |= fx_buf_addf(b, "\nlexicon %zu\n", m->lexicon_len);
    e |= fx_buf_add(b, m->lexicon, m->lexicon_len);
    if (m->kernel == FX_KERNEL_LINEAR) {
        /* The folded weights, by increasing index. */
        size_t n = 0;
        for (size_t i = 0; i < m->dim; i++)
            n += m->wmap[i] != 0;
        e |= fx_buf_addf(b, "\nweights %zu", n);
        for (size_t i = 0; i < m->dim && !e; i++) {
            if (!m->wmap[i])
                continue;
            e |= fx_buf_addf(b, "\n%zu", i);
            /* Each double as its 64 bits in hexadecimal: exact, and read
             * with sixteen table lookups, which start-up needs. */
            for (int p = 0; p < np; p++) {
                uint64_t bits;
                memcpy(&bits, &m->w[(size_t)m->wmap[i] * (size_t)np + (size_t)p], sizeof bits);
                e |= fx_buf_addf(b, " %016llx", (unsigned long long)bits);
            }
        }
    }
    e |= fx_buf_addf(b, "\nsv %zu\n", m->l);
    for (size_t i = 0; i < m->l && !e; i++) {
        for (int k = 0; k < m->nr_class - 1; k++)
            e |= fx_buf_addf(b, "%s%.17g", k ? " " : "", m->coef[i * (size_t)(m->nr_class - 1) + (size_t)k]);
        for (size_t j = 0; j < m->sv[i].n; j++)
            e |= fx_buf_addf(b, " %u:%.9g", m->sv[i].f[j].index, (double)m->sv[i].f[j].value);
        e |= fx_buf_addc(b, '\n');
    }
    return e ? FX_ENOMEM : 0;
}

int fx_model_save(const struct fx_model *m, const char *path)
{
    char msg[256];
    if (fx_model_svs((struct fx_model *)m, msg, sizeof msg))
        return FX_ENOMEM;
    struct fx_buf b;
    fx_buf_init(&b);
    int err = write_body(m, &b);
    if (!err)
        err = fx_buf_addf(&b, "end %016llx\n", (unsigned long long)fx_checksum(b.s, b.len)) ? FX_ENOMEM : 0;
    if (err) {
        fx_buf_release(&b);
        return err;
    }
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (!tmp) {
        fx_buf_release(&b);
        return FX_ENOMEM;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    err = FX_EIO;
    if (fd >= 0) {
        /* mkstemp makes the file private; a model is an ordinary file. */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        FILE *f = fdopen(fd, "w");
        if (f) {
            int ok = fwrite(b.s, 1, b.len, f) == b.len && fflush(f) == 0 && fsync(fileno(f)) == 0;
            int saved = errno;
            ok = (fclose(f) == 0) && ok;
            errno = ok ? errno : saved ? saved : errno;
            if (ok && rename(tmp, path) == 0)
                err = 0;
        } else {
            close(fd);
        }
        if (err) {
            int saved = errno;
            unlink(tmp);
            errno = saved;
        }
    }
    free(tmp);
    fx_buf_release(&b);
    return err;
}

/* A cursor over the model text that knows its line number. */
struct cur {
    char *p, *end;
    size_t line;
};

/* The next line, NUL-terminated in place; NULL at the end. */
static char *next_line(struct cur *c)
{
    if (c->p >= c->end)
        return NULL;
    char *s = c->p, *nl = memchr(s, '\n', (size_t)(c->end - s));
    if (!nl)
        return NULL;    /* every line of a model ends with a newline */
    *nl = '\0';
    c->p = nl + 1;
    c->line++;
    return s;
}

static int parse_doubles(char *s, const char *key, double *out, int n)
{
    size_t k = strlen(key);
    if (strncmp(s, key, k) != 0 || (s[k] != ' ' && n > 0))
        return -1;
    s += k;
    for (int i = 0; i < n; i++) {
        char *end;
        out[i] = strtod(s, &end);
        if (end == s || !isfinite(out[i]))
            return -1;
        s = end;
    }
    return *s ? -1 : 0;
}

/* strtod for what fx_model_save writes (%.17g, %.9g): digits are read into
 * an integer and scaled by an exact power of ten, which is correctly
 * rounded while the integer has at most 15 digits and the power is at
 * most 22; anything else goes to strtod. A model has a few hundred
 * thousand numbers, and start-up is a budget. */
static double parse_number(const char *s, char **end)
{
    static const double p10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
                                 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
                                 1e20, 1e21, 1e22};
    const char *p = s;
    int neg = *p == '-';
    p += neg;
    uint64_t mant = 0;
    int digits = 0, scale = 0;
    while (*p >= '0' && *p <= '9') {
        mant = mant * 10 + (uint64_t)(*p++ - '0');
        digits += mant > 0;
    }
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++) {
            mant = mant * 10 + (uint64_t)(*p - '0');
            digits += mant > 0;
            scale--;
        }
    if (*p == 'e' || *p == 'E') {
        char *e;
        long x = strtol(p + 1, &e, 10);
        if (e == p + 1 || x < -400 || x > 400)
            return strtod(s, end);
        scale += (int)x;
        p = e;
    }
    if (p == s + neg || digits > 15 || scale < -22 || scale > 22)
        return strtod(s, end);
    *end = (char *)p;
    double v = (double)mant;
    v = scale < 0 ? v / p10[-scale] : v * p10[scale];
    return neg ? -v : v;
}

/* Eight hexadecimal digits (lower case) to their 32-bit value, all at
 * once: nibbles from the ASCII codes, then packed pairwise. */
static uint32_t hex8(const char *s)
{
    uint64_t x;
    memcpy(&x, s, 8);
    x = (x & 0x0f0f0f0f0f0f0f0fULL) + 9 * ((x >> 6) & 0x0101010101010101ULL);
    x = ((x & 0x000f000f000f000fULL) << 4) | ((x & 0x0f000f000f000f00ULL) >> 8);
    x = (x | (x >> 8)) & 0x0000ffff0000ffffULL;
    x = (x | (x >> 16)) & 0xffffffffULL;
    return __builtin_bswap32((uint32_t)x);
}

/* A double written as its 64 bits in 16 hexadecimal digits, followed by a
 * blank or the end of the line. Returns 0 or -1. The checksum has vouched
 * for the bytes; only the layout is checked here. */
static int parse_bits(const char *s, double *out)
{
    if (s[16] != ' ' && s[16] != '\0')
        return -1;
    uint64_t v = (uint64_t)hex8(s) << 32 | hex8(s + 8);
    memcpy(out, &v, sizeof v);
    return 0;
}

static int parse_sv(struct fx_model *m, char *s, size_t i)
{
    char *end;
    int nc = m->nr_class - 1;
    for (int k = 0; k < nc; k++) {
        double v = parse_number(s, &end);
        if (end == s || !isfinite(v) || fabs(v) > 1e12)
            return FX_EFORMAT;
        m->coef[i * (size_t)nc + (size_t)k] = v;
        s = end;
    }
    struct fx_vec *x = &m->sv[i];
    uint32_t last = 0;
    while (*s == ' ') {
        s++;
        unsigned long idx = 0;
        for (end = s; *end >= '0' && *end <= '9' && idx < (1UL << 40); end++)
            idx = idx * 10 + (unsigned long)(*end - '0');
        if (end == s || *end != ':' || idx <= last || idx >= m->dim)
            return FX_EFORMAT;
        s = end + 1;
        double v = parse_number(s, &end);
        if (end == s || !isfinite(v))
            return FX_EFORMAT;
        s = end;
        if (x->n == x->cap) {
            size_t cap = x->cap ? x->cap * 2 : 64;
            struct fx_feature *f = realloc(x->f, cap * sizeof *f);
            if (!f)
                return FX_ENOMEM;
            x->f = f;
            x->cap = cap;
        }
        x->f[x->n++] = (struct fx_feature){(uint32_t)idx, (float)v};
        last = (uint32_t)idx;
    }
    return *s ? -1 : 0;
}

static const char *parse_header(struct fx_model *m, struct cur *c)
{
    char *s = next_line(c);
    int version;
    if (!s || sscanf(s, MAGIC " %d", &version) != 1) {
        if (s && strncmp(s, "svm_type", 8) == 0)
            return "this is a libsvm model, not a stance model: train one with stance-train";
        return "not a stance model";
    }
    if (version > FX_MODEL_VERSION)
        return "model format is newer than this program: upgrade stance";
    if (version >= 1 && version < FX_MODEL_VERSION)
        return "model format is older than this program (its features are hashed "
               "differently): train it again with stance-train";
    if (version < 1)
        return "bad model format version";
    if (!(s = next_line(c)) || strncmp(s, "features ", 9) || fx_feat_opts_parse(&m->feat, s + 9))
        return "bad 'features' line";
    m->dim = 1 + FX_VEC_DENSE + ((size_t)1 << m->feat.hash_bits);
    if (!(s = next_line(c)) || sscanf(s, "gazetteer %31s", m->gazetteer) != 1)
        return "bad 'gazetteer' line";
    char kern[16];
    int used = 0;
    if (!(s = next_line(c)) || sscanf(s, "kernel %15s %lf%n", kern, &m->gamma, &used) != 2 || s[used]
        || !isfinite(m->gamma) || m->gamma < 0)
        return "bad 'kernel' line";
    if (strcmp(kern, "linear") == 0)
        m->kernel = FX_KERNEL_LINEAR;
    else if (strcmp(kern, "rbf") == 0 && m->gamma > 0)
        m->kernel = FX_KERNEL_RBF;
    else
        return "unknown kernel";
    if (!(s = next_line(c)) || parse_doubles(s, "C", &m->C, 1) || m->C <= 0)
        return "bad 'C' line";
    if (!(s = next_line(c)) || sscanf(s, "labels %d%n", &m->nr_class, &used) != 1
        || m->nr_class < 2 || m->nr_class > 3)
        return "bad 'labels' line";
    char *p = s + used;
    for (int i = 0; i < m->nr_class; i++) {
        char name[32];
        int n = 0;
        if (sscanf(p, " %31s%n", name, &n) != 1 || (m->label[i] = fx_label_index(name)) < 0)
            return "unknown label in 'labels' line";
        for (int j = 0; j < i; j++)
            if (m->label[j] == m->label[i])
                return "a label appears twice in 'labels' line";
        p += n;
    }
    if (*p)
        return "bad 'labels' line";
    if (!(s = next_line(c)) || strncmp(s, "nr_sv", 5))
        return "bad 'nr_sv' line";
    p = s + 5;
    for (int i = 0; i < m->nr_class; i++) {
        int n = 0;
        if (sscanf(p, " %d%n", &m->nsv[i], &n) != 1 || m->nsv[i] < 0)
            return "bad 'nr_sv' line";
        p += n;
    }
    if (*p)
        return "bad 'nr_sv' line";
    int np = npair(m);
    if (!(s = next_line(c)) || parse_doubles(s, "rho", m->rho, np))
        return "bad 'rho' line";
    if (!(s = next_line(c)) || parse_doubles(s, "probA", m->probA, np))
        return "bad 'probA' line";
    if (!(s = next_line(c)) || parse_doubles(s, "probB", m->probB, np))
        return "bad 'probB' line";
    return NULL;
}

static const char *parse_weights(struct fx_model *m, struct cur *c, int *err);

static const char *parse_body(struct fx_model *m, struct cur *c, int *err)
{
    char *s = next_line(c);
    size_t n;
    int used = 0;
    if (!s || sscanf(s, "lexicon %zu%n", &n, &used) != 1 || s[used] || n > (size_t)(c->end - c->p))
        return "bad 'lexicon' line";
    if (!(m->lexicon = malloc(n + 1))) {
        *err = FX_ENOMEM;
        return "out of memory";
    }
    memcpy(m->lexicon, c->p, n);
    m->lexicon[n] = '\0';
    m->lexicon_len = n;
    c->p += n;
    c->line += 0;
    for (size_t i = 0; i < n; i++)
        c->line += m->lexicon[i] == '\n';
    if (c->p >= c->end || *c->p != '\n')
        return "lexicon section has the wrong length";
    c->p++;
    c->line++;
    if (m->kernel == FX_KERNEL_LINEAR) {
        const char *why = parse_weights(m, c, err);
        if (why)
            return why;
    }
    size_t total = 0;
    for (int i = 0; i < m->nr_class; i++)
        total += (size_t)m->nsv[i];
    if (!(s = next_line(c)) || sscanf(s, "sv %zu%n", &m->l, &used) != 1 || s[used] || m->l != total)
        return "bad 'sv' line (must match nr_sv)";
    if (m->l > (size_t)(c->end - c->p)) /* each SV takes at least a byte */
        return "truncated";
    /* The support vector lines are counted now and parsed when needed. */
    m->sv_text = c->p;
    m->sv_line = c->line + 1;
    for (size_t i = 0; i < m->l; i++) {
        char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
        if (!nl)
            return "truncated";
        c->p = nl + 1;
        c->line++;
    }
    m->sv_end = c->p;
    return NULL;
}

static const char *parse_weights(struct fx_model *m, struct cur *c, int *err)
{
    size_t n;
    int used = 0, np = npair(m);
    char *s = next_line(c), *end;
    if (!s || sscanf(s, "weights %zu%n", &n, &used) != 1 || s[used]
        || n > (size_t)(c->end - c->p) || n >= m->dim)
        return "bad 'weights' line";
    m->wmap = calloc(m->dim, sizeof *m->wmap);
    m->w = malloc((n + 1) * (size_t)np * sizeof *m->w);
    if (!m->wmap || !m->w) {
        *err = FX_ENOMEM;
        return "out of memory";
    }
    m->wcap = n + 1;
    m->wused = 1;
    uint32_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(s = next_line(c)))
            return "truncated";
        unsigned long idx = 0;
        for (end = s; *end >= '0' && *end <= '9' && idx < (1UL << 40); end++)
            idx = idx * 10 + (unsigned long)(*end - '0');
        if (end == s || idx <= last || idx >= m->dim)
            return "bad weight line";
        double *w = weight_row(m, (uint32_t)idx);
        if (!w) {
            *err = FX_ENOMEM;
            return "out of memory";
        }
        for (int p = 0; p < np; p++) {
            if (*end != ' ' || parse_bits(end + 1, &w[p]) || !isfinite(w[p]))
                return "bad weight line";
            end += 17;
        }
        if (*end)
            return "bad weight line";
        last = (uint32_t)idx;
    }
    return NULL;
}

int fx_model_svs(struct fx_model *m, char *msg, size_t msglen)
{
    if (!m->sv_text || m->sv)
        return 0;
    m->sv = calloc(m->l ? m->l : 1, sizeof *m->sv);
    m->coef = calloc((m->l ? m->l : 1) * (size_t)(m->nr_class - 1), sizeof *m->coef);
    if (!m->sv || !m->coef) {
        snprintf(msg, msglen, "out of memory");
        return FX_ENOMEM;
    }
    struct cur c = {m->sv_text, m->sv_end, m->sv_line - 1};
    for (size_t i = 0; i < m->l; i++) {
        char *s = next_line(&c);
        int r = s ? parse_sv(m, s, i) : FX_EFORMAT;
        if (r) {
            snprintf(msg, msglen, "line %zu: %s", c.line,
                     r == FX_ENOMEM ? "out of memory" : "bad support vector");
            return r == FX_ENOMEM ? FX_ENOMEM : FX_EFORMAT;
        }
    }
    m->sv_text = NULL;
    free(m->raw);
    m->raw = NULL;
    return 0;
}

struct fx_model *fx_model_load(const char *path, int *err, char *msg, size_t msglen)
{
    char *data;
    size_t len;
    if ((*err = fx_read_file(path, &data, &len))) {
        snprintf(msg, msglen, "cannot read model '%s': %s", path, fx_strerror(*err));
        return NULL;
    }
    struct fx_model *m = fx_model_create();
    const char *why = NULL;
    struct cur c = {data, data + len, 0};
    *err = FX_EFORMAT;
    if (!m) {
        *err = FX_ENOMEM;
        why = "out of memory";
        goto fail;
    }
    /* What the file is, then the checksum line: it catches truncation and
     * flipped bytes before any part is trusted. */
    if (len == 0) {
        why = "empty file";
        goto fail;
    }
    if (len < sizeof MAGIC || memcmp(data, MAGIC " ", sizeof MAGIC) != 0) {
        why = strncmp(data, "svm_type", 8) == 0
            ? "this is a libsvm model, not a stance model: train one with stance-train"
            : "not a stance model (another kind of file, or a corrupted model)";
        goto fail;
    }
    /* A newer format may check itself differently: its version first. */
    int version = atoi(data + sizeof MAGIC);
    if (version > FX_MODEL_VERSION) {
        why = "model format is newer than this program: upgrade stance";
        goto fail;
    }
    /* An older one was checksummed differently too: say what to do before
     * the checksum would call it corrupted. */
    if (version >= 1 && version < FX_MODEL_VERSION) {
        why = "model format is older than this program (its features are hashed "
              "differently): train it again with stance-train";
        goto fail;
    }
    char *last = len >= 2 ? data + len - 2 : data;
    while (last > data && *last != '\n')
        last--;
    size_t body = last > data ? (size_t)(last - data) + 1 : 0;
    unsigned long long sum;
    char tail[40];
    if (data[len - 1] != '\n' || len - body > sizeof tail - 1) {
        why = strncmp(data, "svm_type", 8) == 0 ? NULL : "truncated (no end line)";
    } else {
        memcpy(tail, data + body, len - body);
        tail[len - body] = '\0';
        int used = 0;
        if (sscanf(tail, "end %16llx%n", &sum, &used) != 1 || used != 20 || strcmp(tail + used, "\n"))
            why = strncmp(data, "svm_type", 8) == 0 ? NULL : "truncated (no end line)";
        else if (sum != fx_checksum(data, body))
            why = "checksum mismatch: the file is corrupted";
    }
    if (!why) {
        c.end = data + body;
        why = parse_header(m, &c);
    }
    if (!why)
        why = parse_body(m, &c, err);
    if (!why && c.p != c.end)
        why = "unexpected data after the support vectors";
    if (why)
        goto fail;
    /* The support vectors stay unparsed in the file's buffer: a linear
     * model predicts from its weights; RBF needs them now. */
    m->raw = data;
    if (m->kernel == FX_KERNEL_RBF && (*err = fx_model_svs(m, msg, msglen))) {
        char inner[300];
        snprintf(inner, sizeof inner, "%s", msg);
        snprintf(msg, msglen, "model '%s': %s", path, inner);
        fx_model_free(m);
        return NULL;
    }
    *err = 0;
    return m;
fail:
    if (c.line)
        snprintf(msg, msglen, "model '%s': line %zu: %s", path, c.line, why);
    else
        snprintf(msg, msglen, "model '%s': %s", path, why);
    free(data);
    fx_model_free(m);
    return NULL;
}

/* libsvm's layout: for classes i < j, SVs of class i use coefficient row
 * j - 1 and SVs of class j use row i. */
static void class_starts(const struct fx_model *m, size_t *start)
{
    start[0] = 0;
    for (int i = 1; i < m->nr_class; i++)
        start[i] = start[i - 1] + (size_t)m->nsv[i - 1];
}

/* The weight row of index, created (zero) if new. NULL on FX_ENOMEM. */
static double *weight_row(struct fx_model *m, uint32_t index)
{
    int np = npair(m);
    if (m->wmap[index])
        return m->w + (size_t)m->wmap[index] * (size_t)np;
    if (m->wused >= m->wcap) {
        size_t cap = m->wcap ? m->wcap * 2 : 4096;
        double *w = realloc(m->w, cap * (size_t)np * sizeof *w);
        if (!w)
            return NULL;
        m->w = w;
        m->wcap = cap;
    }
    m->wmap[index] = (uint32_t)m->wused;
    double *row = m->w + m->wused++ * (size_t)np;
    for (int p = 0; p < np; p++)
        row[p] = 0;
    return row;
}

int fx_model_fold(struct fx_model *m)
{
    m->dim = 1 + FX_VEC_DENSE + ((size_t)1 << m->feat.hash_bits);
    free(m->w);
    free(m->wmap);
    m->w = NULL;
    m->wused = 1;       /* row 0 means "no weight" */
    m->wcap = 0;
    if (!(m->wmap = calloc(m->dim, sizeof *m->wmap)))
        return FX_ENOMEM;
    size_t start[FX_MODEL_MAX_CLASS];
    class_starts(m, start);
    int nc = m->nr_class - 1;
    /* Each support vector adds to the classifiers of its class's pairs. */
    for (int c = 0; c < m->nr_class; c++)
        for (size_t s = start[c]; s < start[c] + (size_t)m->nsv[c]; s++)
            for (size_t k = 0; k < m->sv[s].n; k++) {
                double *w = weight_row(m, m->sv[s].f[k].index);
                if (!w)
                    return FX_ENOMEM;
                int p = 0;
                for (int i = 0; i < m->nr_class; i++)
                    for (int j = i + 1; j < m->nr_class; j++, p++) {
                        if (c == i)
                            w[p] += m->coef[s * (size_t)nc + (size_t)(j - 1)] * m->sv[s].f[k].value;
                        else if (c == j)
                            w[p] += m->coef[s * (size_t)nc + (size_t)i] * m->sv[s].f[k].value;
                    }
            }
    return 0;
}

static double sparse_dot(const struct fx_vec *a, const struct fx_vec *b)
{
    double s = 0;
    size_t i = 0, j = 0;
    while (i < a->n && j < b->n) {
        if (a->f[i].index == b->f[j].index)
            s += (double)a->f[i++].value * b->f[j++].value;
        else if (a->f[i].index < b->f[j].index)
            i++;
        else
            j++;
    }
    return s;
}

void fx_model_decision(const struct fx_model *m, const struct fx_vec *x, double *dec)
{
    int np = npair(m);
    if (m->wmap) {
        for (int p = 0; p < np; p++)
            dec[p] = 0;
        /* Map and rows are larger than the caches and every feature is a
         * random access: in blocks, ask for the map entries, then for the
         * rows, then use them, so that the misses overlap. */
        uint32_t rows[64];
        for (size_t k0 = 0; k0 < x->n; k0 += 64) {
            size_t n = x->n - k0 < 64 ? x->n - k0 : 64;
            for (size_t k = 0; k < n; k++)
                if (x->f[k0 + k].index < m->dim)
                    __builtin_prefetch(&m->wmap[x->f[k0 + k].index]);
            for (size_t k = 0; k < n; k++) {
                rows[k] = x->f[k0 + k].index < m->dim ? m->wmap[x->f[k0 + k].index] : 0;
                if (rows[k])
                    __builtin_prefetch(m->w + (size_t)rows[k] * (size_t)np);
            }
            for (size_t k = 0; k < n; k++) {
                if (!rows[k])
                    continue;
                const double *w = m->w + (size_t)rows[k] * (size_t)np;
                for (int p = 0; p < np; p++)
                    dec[p] += w[p] * x->f[k0 + k].value;
            }
        }
        for (int p = 0; p < np; p++)
            dec[p] -= m->rho[p];
        return;
    }
    /* RBF: exp(-gamma |x - sv|^2) per support vector. */
    double xx = sparse_dot(x, x);
    size_t start[FX_MODEL_MAX_CLASS];
    class_starts(m, start);
    int p = 0, nc = m->nr_class - 1;
    double *kv = malloc((m->l ? m->l : 1) * sizeof *kv);
    for (size_t s = 0; kv && s < m->l; s++)
        kv[s] = exp(-m->gamma * (xx + sparse_dot(&m->sv[s], &m->sv[s]) - 2 * sparse_dot(x, &m->sv[s])));
    for (int i = 0; i < m->nr_class; i++)
        for (int j = i + 1; j < m->nr_class; j++, p++) {
            double sum = 0;
            for (size_t s = start[i]; kv && s < start[i] + (size_t)m->nsv[i]; s++)
                sum += m->coef[s * (size_t)nc + (size_t)(j - 1)] * kv[s];
            for (size_t s = start[j]; kv && s < start[j] + (size_t)m->nsv[j]; s++)
                sum += m->coef[s * (size_t)nc + (size_t)i] * kv[s];
            dec[p] = sum - m->rho[p];
        }
    free(kv);
}

double fx_platt_predict(double f, double A, double B)
{
    double fApB = f * A + B;
    return fApB >= 0 ? exp(-fApB) / (1.0 + exp(-fApB)) : 1.0 / (1 + exp(fApB));
}

static double platt_objective(const double *f, const double *t, size_t n, double A, double B)
{
    double v = 0;
    for (size_t i = 0; i < n; i++) {
        double fApB = f[i] * A + B;
        v += fApB >= 0 ? t[i] * fApB + log1p(exp(-fApB)) : (t[i] - 1) * fApB + log1p(exp(fApB));
    }
    return v;
}

void fx_platt_fit(const double *f, const int *y, size_t n, double *A, double *B)
{
    double prior1 = 0, prior0 = 0;
    for (size_t i = 0; i < n; i++)
        y[i] > 0 ? prior1++ : prior0++;
    double hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
    double *t = malloc((n ? n : 1) * sizeof *t);
    *A = 0;
    *B = log((prior0 + 1) / (prior1 + 1));
    if (!t)
        return;
    for (size_t i = 0; i < n; i++)
        t[i] = y[i] > 0 ? hi : lo;
    double a = *A, b = *B, fval = platt_objective(f, t, n, a, b);
    for (int it = 0; it < 100; it++) {
        /* Gradient and Hessian; sigma keeps the Hessian positive definite. */
        double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
        for (size_t i = 0; i < n; i++) {
            double fApB = f[i] * a + b, p, q;
            if (fApB >= 0) {
                p = exp(-fApB) / (1.0 + exp(-fApB));
                q = 1.0 / (1.0 + exp(-fApB));
            } else {
                p = 1.0 / (1.0 + exp(fApB));
                q = exp(fApB) / (1.0 + exp(fApB));
            }
            double d2 = p * q, d1 = t[i] - p;
            h11 += f[i] * f[i] * d2;
            h22 += d2;
            h21 += f[i] * d2;
            g1 += f[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < 1e-5 && fabs(g2) < 1e-5)
            break;
        double det = h11 * h22 - h21 * h21;
        double dA = -(h22 * g1 - h21 * g2) / det, dB = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * dA + g2 * dB, step = 1;
        while (step >= 1e-10) {
            double na = a + step * dA, nb = b + step * dB;
            double nf = platt_objective(f, t, n, na, nb);
            if (nf < fval + 1e-4 * step * gd) {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2;
        }
        if (step < 1e-10)
            break;
    }
    free(t);
    *A = a;
    *B = b;
}

void fx_pairwise_coupling(int k, double r[FX_MODEL_MAX_CLASS][FX_MODEL_MAX_CLASS], double *p)
{
    double Q[FX_MODEL_MAX_CLASS][FX_MODEL_MAX_CLASS], Qp[FX_MODEL_MAX_CLASS];
    double eps = 0.005 / k;
    int max_iter = 100;
    for (int t = 0; t < k; t++) {
        p[t] = 1.0 / k;
        Q[t][t] = 0;
        for (int j = 0; j < t; j++) {
            Q[t][t] += r[j][t] * r[j][t];
            Q[t][j] = Q[j][t];
        }
        for (int j = t + 1; j < k; j++) {
            Q[t][t] += r[j][t] * r[j][t];
            Q[t][j] = -r[j][t] * r[t][j];
        }
    }
    for (int it = 0; it < max_iter; it++) {
        double pQp = 0;
        for (int t = 0; t < k; t++) {
            Qp[t] = 0;
            for (int j = 0; j < k; j++)
                Qp[t] += Q[t][j] * p[j];
            pQp += p[t] * Qp[t];
        }
        double err = 0;
        for (int t = 0; t < k; t++)
            if (fabs(Qp[t] - pQp) > err)
                err = fabs(Qp[t] - pQp);
        if (err < eps)
            break;
        for (int t = 0; t < k; t++) {
            double diff = (-Qp[t] + pQp) / Q[t][t];
            p[t] += diff;
            pQp = (pQp + diff * (diff * Q[t][t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
            for (int j = 0; j < k; j++) {
                Qp[j] = (Qp[j] + diff * Q[t][j]) / (1 + diff);
                p[j] /= (1 + diff);
            }
        }
    }
}

int fx_model_predict(const struct fx_model *m, const struct fx_vec *x, double prob[3])
{
    double dec[FX_MODEL_NPAIR];
    fx_model_decision(m, x, dec);
    return fx_model_probability(m, dec, prob);
}

int fx_model_probability(const struct fx_model *m, const double *dec, double prob[3])
{
    double r[FX_MODEL_MAX_CLASS][FX_MODEL_MAX_CLASS], p[FX_MODEL_MAX_CLASS];
    int k = 0;
    for (int i = 0; i < m->nr_class; i++)
        for (int j = i + 1; j < m->nr_class; j++, k++) {
            double v = fx_platt_predict(dec[k], m->probA[k], m->probB[k]);
            v = fmin(fmax(v, 1e-7), 1 - 1e-7);
            r[i][j] = v;
            r[j][i] = 1 - v;
        }
    if (m->nr_class == 2) {
        p[0] = r[0][1];
        p[1] = r[1][0];
    } else {
        fx_pairwise_coupling(m->nr_class, r, p);
    }
    prob[0] = prob[1] = prob[2] = 0;
    for (int i = 0; i < m->nr_class; i++)
        prob[m->label[i]] = p[i];
    int best = 0;
    for (int i = 1; i < 3; i++)
        if (prob[i] > prob[best])
            best = i;
    return best;
}
