/* corpus.c - streaming readers for plain-text articles and JSON Lines. */
#include "corpus.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *const fx_labels[3] = {"cooperative", "critical", "neutral"};

int fx_label_index(const char *label)
{
    for (int i = 0; label && i < 3; i++)
        if (strcmp(label, fx_labels[i]) == 0)
            return i;
    return -1;
}

struct fx_reader {
    char *path;
    FILE *f;                /* JSONL input; NULL for a plain-text file */
    int plain, done;
    char *buf;              /* plain text, or the current line */
    size_t cap, offset, line;
    struct fx_parse ps;     /* the current JSONL record's */
    char date[11];
    char err[160];
};

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcasecmp(s + n - m, suffix) == 0;
}

static int is_jsonl(const char *path)
{
    return strcmp(path, "-") == 0 || ends_with(path, ".jsonl") || ends_with(path, ".json")
        || ends_with(path, ".ndjson");
}

struct fx_reader *fx_reader_open(const char *path, int *err)
{
    struct fx_reader *r = calloc(1, sizeof *r);
    *err = FX_ENOMEM;
    if (!r || !(r->path = strdup(strcmp(path, "-") == 0 ? "<stdin>" : path))) {
        free(r);
        return NULL;
    }
    r->plain = !is_jsonl(path);
    if (!r->plain) {
        r->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
        struct stat st;
        if (r->f && fstat(fileno(r->f), &st) == 0 && S_ISDIR(st.st_mode)) {
            fclose(r->f);
            r->f = NULL;
            errno = EISDIR;
        }
        if (!r->f) {
            int e = errno;
            fx_reader_free(r);
            errno = e;
            *err = FX_EIO;
            return NULL;
        }
    } else {
        size_t len;
        if ((*err = fx_read_file(path, &r->buf, &len))) {
            int e = errno;
            fx_reader_free(r);
            errno = e;
            return NULL;
        }
        r->cap = len;
    }
    *err = 0;
    return r;
}

void fx_reader_free(struct fx_reader *r)
{
    if (!r)
        return;
    if (r->f && r->f != stdin)
        fclose(r->f);
    fx_parse_release(&r->ps);
    free(r->buf);
    free(r->path);
    free(r);
}

size_t fx_reader_offset(const struct fx_reader *r)
{
    return r->offset;
}

size_t fx_date_token(const char *s, size_t len, char date[11])
{
    size_t i = 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (len - i < 12 || memcmp(s + i, "date", 4) != 0 || (s[i + 4] != ' ' && s[i + 4] != '\t'))
        return 0;
    i += 4;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t d = i;
    static const char shape[] = "dddd-dd-dd";
    size_t k = 0;
    while (k < 10 && d + k < len
           && (shape[k] == 'd' ? (s[d + k] >= '0' && s[d + k] <= '9') : s[d + k] == '-'))
        k++;
    if (k != 7 && k != 10)
        return 0;
    if (d + k < len && !strchr(" \t\r\n", s[d + k]))
        return 0;
    int month = (s[d + 5] - '0') * 10 + (s[d + 6] - '0');
    int year = atoi(s + d);
    if (month < 1 || month > 12 || year < 1)
        return 0;
    if (k == 10) {
        static const int days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        int day = (s[d + 8] - '0') * 10 + (s[d + 9] - '0');
        int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        if (day < 1 || day > days[month - 1] || (month == 2 && day == 29 && !leap))
            return 0;
    }
    memcpy(date, s + d, k);
    date[k] = '\0';
    i = d + k;
    while (i < len && strchr(" \t\r\n", s[i]))
        i++;
    return i;
}

static int date_year(const char *date)
{
    return date ? atoi(date) : 0;
}

static int valid_date(const char *s)
{
    char tmp[11];
    size_t n = strlen(s);
    if (n != 7 && n != 10)
        return 0;
    char buf[24];
    snprintf(buf, sizeof buf, "date %s", s);
    return fx_date_token(buf, strlen(buf), tmp) == strlen(buf);
}

static int next_plain(struct fx_reader *r, struct fx_record *rec)
{
    char *s = r->buf;
    size_t len = r->cap;
    r->done = 1;
    r->offset = len;
    rec->id = r->path;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
        s += 3;
        len -= 3;
    }
    long bad = fx_utf8_check(s, len);
    if (bad >= 0) {
        snprintf(r->err, sizeof r->err, "invalid UTF-8 at byte %ld", bad + (long)(s - r->buf));
        rec->error = r->err;
        return 1;
    }
    const char *nul = memchr(s, '\0', len);
    if (nul) {
        snprintf(r->err, sizeof r->err, "NUL byte at byte %ld", (long)(nul - r->buf));
        rec->error = r->err;
        return 1;
    }
    size_t skip = fx_date_token(s, len, r->date);
    if (skip)
        rec->date = r->date;
    rec->year = date_year(rec->date);
    rec->text = s + skip;
    rec->len = len - skip;
    return 1;
}

static const char *string_field(const cJSON *o, const char *name, int *bad)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        *bad = 1;
        return NULL;
    }
    return v->valuestring;
}

static const char *parse_line(struct fx_parse *r, const char *line, size_t n,
                              struct fx_record *rec)
{
    long bad = fx_utf8_check(line, n);
    if (bad >= 0) {
        snprintf(r->err, sizeof r->err, "invalid UTF-8 at byte %ld of the line", bad + 1);
        return r->err;
    }
    const char *nul = memchr(line, '\0', n);
    if (nul) {
        snprintf(r->err, sizeof r->err, "NUL byte at byte %ld of the line", (long)(nul - line) + 1);
        return r->err;
    }
    const char *end = NULL;
    r->json = cJSON_ParseWithLengthOpts(line, n, &end, 0);
    if (!r->json)
        return "not valid JSON";
    while (end && end < line + n && strchr(" \t\r", *end))
        end++;
    if (end && end < line + n) {
        snprintf(r->err, sizeof r->err, "more after the JSON object, at byte %ld of the line",
                 (long)(end - line) + 1);
        return r->err;
    }
    /* cJSON ends strings at \u0000: a string would be cut silently. */
    for (const char *u = line; (u = memchr(u, '\\', (size_t)(line + n - u))) && u + 5 < line + n; u += 2)
        if (u[1] == 'u' && u[2] == '0' && u[3] == '0' && u[4] == '0' && u[5] == '0')
            return "a string holds \\u0000 (NUL)";
    if (!cJSON_IsObject(r->json))
        return "not a JSON object";
    const cJSON *o = r->json;
    int wrong = 0;
    const cJSON *idv = cJSON_GetObjectItemCaseSensitive(o, "id");
    if (cJSON_IsString(idv))
        rec->id = idv->valuestring;
    else if (cJSON_IsNumber(idv)) {
        /* The shortest form that reads back the same: 0.1, not 0.10000000000000001. */
        snprintf(r->idbuf, sizeof r->idbuf, "%.15g", idv->valuedouble);
        if (strtod(r->idbuf, NULL) != idv->valuedouble)
            snprintf(r->idbuf, sizeof r->idbuf, "%.17g", idv->valuedouble);
        rec->id = r->idbuf;
    }
    else if (idv && !cJSON_IsNull(idv))
        return "\"id\" is not a string";
    const cJSON *tv = cJSON_GetObjectItemCaseSensitive(o, "text");
    if (!tv)
        return "missing \"text\"";
    if (!cJSON_IsString(tv))
        return "\"text\" is not a string";
    rec->lang = string_field(o, "lang", &wrong);
    rec->date = string_field(o, "date", &wrong);
    rec->target = string_field(o, "target", &wrong);
    rec->label = string_field(o, "label", &wrong);
    if (wrong)
        return "\"lang\", \"date\", \"target\" and \"label\" must be strings";
    if (rec->date && !valid_date(rec->date))
        return "\"date\" is not YYYY-MM or YYYY-MM-DD";
    if (cJSON_GetObjectItemCaseSensitive(o, "target"))
        rec->kind = FX_REC_PAIR;
    const cJSON *sv = cJSON_GetObjectItemCaseSensitive(o, "start");
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(o, "end");
    if (sv || ev) {
        if (!cJSON_IsNumber(sv) || !cJSON_IsNumber(ev) || sv->valuedouble < 0
            || ev->valuedouble < sv->valuedouble || ev->valuedouble > 2e9)
            return "\"start\" and \"end\" must be numbers with 0 <= start <= end";
        rec->start = (long)sv->valuedouble;
        rec->end = (long)ev->valuedouble;
    }
    rec->text = tv->valuestring;
    rec->len = strlen(tv->valuestring);
    if (rec->end >= 0) {
        size_t cps = 0;
        for (size_t i = 0; i < rec->len; i++)
            cps += ((unsigned char)rec->text[i] & 0xC0) != 0x80;
        if ((size_t)rec->end > cps)
            return "\"end\" is past the end of \"text\"";
    }
    rec->year = date_year(rec->date);
    rec->json = o;
    return NULL;
}

void fx_parse_init(struct fx_parse *ps)
{
    ps->json = NULL;
}

void fx_parse_release(struct fx_parse *ps)
{
    cJSON_Delete(ps->json);
    ps->json = NULL;
}

void fx_record_parse(struct fx_parse *ps, const char *source, size_t lineno,
                     const char *line, size_t n, struct fx_record *rec)
{
    fx_parse_release(ps);
    memset(rec, 0, sizeof *rec);
    rec->source = source;
    rec->start = rec->end = -1;
    rec->line = lineno;
    snprintf(ps->idbuf, sizeof ps->idbuf, "%s:%zu", source, lineno);
    rec->id = ps->idbuf;
    rec->error = parse_line(ps, line, n, rec);
    if (rec->error) {
        rec->text = NULL;
        rec->len = 0;
    }
}

int fx_reader_is_jsonl(const struct fx_reader *r)
{
    return !r->plain;
}

int fx_reader_next_line(struct fx_reader *r, const char **line, size_t *n, size_t *lineno)
{
    if (r->plain)
        return FX_EFORMAT;
    if (r->done)
        return 0;
    for (;;) {
        errno = 0;
        ssize_t got = getline(&r->buf, &r->cap, r->f);
        if (got < 0) {
            r->done = 1;
            return ferror(r->f) ? FX_EIO : 0;
        }
        r->line++;
        r->offset += (size_t)got;
        while (got > 0 && (r->buf[got - 1] == '\n' || r->buf[got - 1] == '\r'))
            got--;
        size_t k = 0;
        while (k < (size_t)got && strchr(" \t", r->buf[k]))
            k++;
        if (k == (size_t)got)
            continue;       /* blank lines separate nothing and are no record */
        *line = r->buf;
        *n = (size_t)got;
        *lineno = r->line;
        return 1;
    }
}

int fx_reader_next(struct fx_reader *r, struct fx_record *rec)
{
    memset(rec, 0, sizeof *rec);
    rec->source = r->path;
    rec->start = rec->end = -1;
    if (r->done)
        return 0;
    if (r->plain)
        return next_plain(r, rec);
    const char *line;
    size_t n, lineno;
    int got = fx_reader_next_line(r, &line, &n, &lineno);
    if (got <= 0) {
        fx_parse_release(&r->ps);
        return got;
    }
    fx_record_parse(&r->ps, r->path, lineno, line, n, rec);
    return 1;
}

struct plist {
    char **p;
    size_t n, cap;
};

static int plist_add(struct plist *l, const char *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **p = realloc(l->p, cap * sizeof *p);
        if (!p)
            return FX_ENOMEM;
        l->p = p;
        l->cap = cap;
    }
    if (!(l->p[l->n] = strdup(s)))
        return FX_ENOMEM;
    l->n++;
    return 0;
}

/* Directories already walked, by device and inode: a symlink cycle is
 * walked once. */
struct visited {
    struct { dev_t dev; ino_t ino; } *d;
    size_t n, cap;
};

static int seen_dir(struct visited *v, const struct stat *st)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->d[i].dev == st->st_dev && v->d[i].ino == st->st_ino)
            return 1;
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 16;
        void *d = realloc(v->d, cap * sizeof *v->d);
        if (!d)
            return -1;
        v->d = d;
        v->cap = cap;
    }
    v->d[v->n].dev = st->st_dev;
    v->d[v->n].ino = st->st_ino;
    v->n++;
    return 0;
}

/* Adds path: a file as it is; a directory's regular files and directories,
 * sorted, hidden ones skipped, each directory once. Inside a directory,
 * FIFOs, devices and sockets are no articles and are left out (a FIFO
 * would block the run, /dev/zero never ends); named on the command line
 * they are read, as "-" is. */
static int walk(struct plist *l, struct visited *v, const char *path, int top, const char **bad)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0)
        return plist_add(l, path);
    if (!S_ISDIR(st.st_mode))
        return top || S_ISREG(st.st_mode) ? plist_add(l, path) : 0;
    int seen = seen_dir(v, &st);
    if (seen)
        return seen < 0 ? FX_ENOMEM : 0;
    struct dirent **names;
    int n = scandir(path, &names, NULL, alphasort);
    if (n < 0) {
        *bad = path;
        return FX_EIO;
    }
    int err = 0;
    for (int i = 0; i < n; i++) {
        if (!err && names[i]->d_name[0] != '.') {
            size_t len = strlen(path) + strlen(names[i]->d_name) + 2;
            char *sub = malloc(len);
            if (!sub) {
                err = FX_ENOMEM;
            } else {
                snprintf(sub, len, "%s%s%s", path,
                         path[strlen(path) - 1] == '/' ? "" : "/", names[i]->d_name);
                err = walk(l, v, sub, 0, bad);
                if (err == FX_EIO && *bad == sub)
                    err = plist_add(l, sub);    /* report it as its own record */
                free(sub);
            }
        }
        free(names[i]);
    }
    free(names);
    return err;
}

int fx_paths_expand(char *const *in, size_t n, char ***out, size_t *nout,
                    const char **bad)
{
    struct plist l = {0};
    struct visited v = {0};
    int err = 0;
    *bad = NULL;
    for (size_t i = 0; !err && i < n; i++) {
        err = walk(&l, &v, in[i], 1, bad);
        if (err == FX_EIO)
            err = plist_add(&l, in[i]);   /* an unreadable directory: one error record */
    }
    free(v.d);
    if (err) {
        fx_paths_free(l.p, l.n);
        return err;
    }
    *out = l.p;
    *nout = l.n;
    return 0;
}

void fx_paths_free(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}
