/* output.c — aligned tables, durations, shares and JSON printing (a tree
 * through json-glib, or streamed in the same format for long lists). */
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

struct out_table {
    GPtrArray *cols; /* char*; leading '>' = right-aligned */
    GPtrArray *rows; /* GPtrArray of char* */
};

out_table *out_table_new(const char *first_col, ...)
{
    out_table *t = g_new0(out_table, 1);
    t->cols = g_ptr_array_new_with_free_func(g_free);
    t->rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    va_list ap;
    va_start(ap, first_col);
    for (const char *c = first_col; c; c = va_arg(ap, const char *))
        g_ptr_array_add(t->cols, g_strdup(c));
    va_end(ap);
    return t;
}

void out_table_row(out_table *t, ...)
{
    GPtrArray *row = g_ptr_array_new_with_free_func(g_free);
    va_list ap;
    va_start(ap, t);
    for (guint i = 0; i < t->cols->len; i++) {
        const char *v = va_arg(ap, const char *);
        g_ptr_array_add(row, g_strdup(v ? v : ""));
    }
    va_end(ap);
    g_ptr_array_add(t->rows, row);
}

static const char *col_name(const out_table *t, guint i)
{
    const char *c = t->cols->pdata[i];
    return *c == '>' ? c + 1 : c;
}

static void pad(FILE *f, long n)
{
    for (; n > 0; n--)
        fputc(' ', f);
}

static void print_cell(FILE *f, const char *s, long width, gboolean right, gboolean last)
{
    long len = (long)g_utf8_strlen(s, -1);
    if (right)
        pad(f, width - len);
    fputs(s, f);
    if (!right && !last)
        pad(f, width - len);
}

void out_table_print(out_table *t, FILE *f, const char *indent)
{
    guint n = t->cols->len;
    long *w = g_new0(long, n);
    for (guint i = 0; i < n; i++)
        w[i] = (long)g_utf8_strlen(col_name(t, i), -1);
    for (guint r = 0; r < t->rows->len; r++) {
        GPtrArray *row = t->rows->pdata[r];
        for (guint i = 0; i < n; i++)
            w[i] = MAX(w[i], (long)g_utf8_strlen(row->pdata[i], -1));
    }
    fputs(indent ? indent : "", f);
    for (guint i = 0; i < n; i++) {
        print_cell(f, col_name(t, i), w[i], *(char *)t->cols->pdata[i] == '>', i + 1 == n);
        fputs(i + 1 == n ? "\n" : "  ", f);
    }
    for (guint r = 0; r < t->rows->len; r++) {
        GPtrArray *row = t->rows->pdata[r];
        fputs(indent ? indent : "", f);
        for (guint i = 0; i < n; i++) {
            print_cell(f, row->pdata[i], w[i], *(char *)t->cols->pdata[i] == '>', i + 1 == n);
            fputs(i + 1 == n ? "\n" : "  ", f);
        }
    }
    g_free(w);
    out_table_free(t);
}

void out_table_free(out_table *t)
{
    g_ptr_array_free(t->cols, TRUE);
    g_ptr_array_free(t->rows, TRUE);
    g_free(t);
}

char *out_duration(gint64 s)
{
    if (s < 60)
        return g_strdup_printf("%" G_GINT64_FORMAT "s", s);
    if (s < 3600)
        return g_strdup_printf("%" G_GINT64_FORMAT "m", s / 60);
    return g_strdup_printf("%" G_GINT64_FORMAT "h %02" G_GINT64_FORMAT "m", s / 3600,
                           (s % 3600) / 60);
}

char *out_share(double part, double whole)
{
    if (whole <= 0)
        return g_strdup("-");
    return g_strdup_printf("%.1f%%", 100.0 * part / whole);
}

/* A UTC time as text, with gmtime_r rather than a GDateTime: a brief or a
 * listing prints thousands of them, and g_date_time_format parses its
 * format each time (4,300 instructions a time against some 300). The
 * same text (the year unpadded, as GLib's %Y); years GDateTime cannot hold
 * (before 1, after 9999) are "?". */
static char *utc_text(gint64 ts, gboolean with_time)
{
    time_t t = (time_t)ts;
    struct tm tm;
    if (ts < -62135596800 || ts > 253402300799 || !gmtime_r(&t, &tm))
        return g_strdup("?");
    if (!with_time)
        return g_strdup_printf("%d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
    return g_strdup_printf("%d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

char *out_date(gint64 ts)
{
    return utc_text(ts, FALSE);
}

char *out_iso_time(gint64 ts)
{
    return utc_text(ts, TRUE);
}

void out_json(JsonBuilder *b)
{
    JsonGenerator *g = json_generator_new();
    JsonNode *root = json_builder_get_root(b);
    json_generator_set_root(g, root);
    json_generator_set_pretty(g, TRUE);
    char *s = json_generator_to_data(g, NULL);
    puts(s);
    g_free(s);
    json_node_unref(root);
    g_object_unref(g);
    g_object_unref(b);
}

/* ------------------------------------------------- streaming JSON writer */

/* json-glib's pretty format (1.6), which out_json prints and scripts
 * already read: two-space indent, "key" : value, an empty array as [], an
 * empty object as {} with its depth's indent inside, doubles as g_ascii_dtostr gives
 * them with ".0" added when that has no '.', and strings escaped as its
 * json_strescape does (", \, the C escapes, \u00xx for other bytes 0x01
 * to 0x1e and for 0x7f; every other byte as it is).
 * tests/unit/test_output.c holds the writer to json-glib's own output. */

#define JW_DEPTH 32
#define JW_FLUSH 65536

/* A plain byte buffer: GString's out-of-line appends were most of the
 * writer's cost. */
struct out_jw {
    FILE *f;
    char *buf;
    gsize len, cap;
    int depth;
    gboolean is_object[JW_DEPTH], has_items[JW_DEPTH];
    gboolean after_key; /* a key was written: the value follows on its line */
    gboolean held;      /* nothing is written before out_jw_finish */
};

out_jw *out_jw_new(FILE *f)
{
    out_jw *w = g_new0(out_jw, 1);
    w->f = f;
    w->cap = 2 * JW_FLUSH;
    w->buf = g_malloc(w->cap);
    return w;
}

out_jw *out_jw_new_held(FILE *f)
{
    out_jw *w = out_jw_new(f);
    w->held = TRUE;
    return w;
}

void out_jw_discard(out_jw *w)
{
    g_assert(w->held);
    g_free(w->buf);
    g_free(w);
}

static void jw_flush(out_jw *w)
{
    fwrite(w->buf, 1, w->len, w->f);
    w->len = 0;
}

static inline void jw_room(out_jw *w, gsize n)
{
    if (w->len + n > w->cap) {
        while (w->len + n > w->cap)
            w->cap *= 2;
        w->buf = g_realloc(w->buf, w->cap);
    }
}

static inline void jw_put(out_jw *w, const char *s, gsize n)
{
    jw_room(w, n);
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static inline void jw_putc(out_jw *w, char c)
{
    jw_room(w, 1);
    w->buf[w->len++] = c;
}

static void jw_maybe_flush(out_jw *w)
{
    if (!w->held && w->len >= JW_FLUSH)
        jw_flush(w);
}

/* A newline, then two spaces a level. */
static const char jw_spaces[2 * JW_DEPTH + 2] = "\n"
                                                "                                "
                                                "                                ";

static void jw_indent(out_jw *w, int depth)
{
    g_assert(depth >= 0 && depth <= JW_DEPTH);
    jw_put(w, jw_spaces + 1, 2 * (gsize)depth);
}

static void jw_newline(out_jw *w, int depth)
{
    jw_putc(w, '\n');
    jw_indent(w, depth);
}

/* Where a value goes: after its key, or on a line of its own in an array. */
static void jw_value(out_jw *w)
{
    if (w->after_key) {
        w->after_key = FALSE;
        return;
    }
    g_assert(w->depth == 0 || !w->is_object[w->depth - 1]); /* an object's value needs a key */
    if (w->depth > 0) {
        if (w->has_items[w->depth - 1])
            jw_putc(w, ',');
        jw_newline(w, w->depth);
        w->has_items[w->depth - 1] = TRUE;
    }
    jw_maybe_flush(w);
}

/* Whether any of the 8 bytes of x needs a look of its own: a control
 * character or DEL, '"', '\\' (word at a time: a brief's JSON is half a
 * megabyte of text, most of it plain). */
static inline gboolean jw_word_special(guint64 x)
{
    const guint64 ones = G_GUINT64_CONSTANT(0x0101010101010101),
                  high = G_GUINT64_CONSTANT(0x8080808080808080);
#define JW_HAS_ZERO(v) (((v)-ones) & ~(v)&high)
    guint64 quote = x ^ (ones * '"'), backslash = x ^ (ones * '\\'), del = x ^ (ones * 0x7f);
    guint64 control = (x - ones * 0x20) & ~x & high; /* a byte below 0x20 */
    return (JW_HAS_ZERO(quote) | JW_HAS_ZERO(backslash) | JW_HAS_ZERO(del) | control) != 0;
#undef JW_HAS_ZERO
}

static void jw_escaped(out_jw *w, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    const unsigned char *end = p + strlen(s);
    for (;; p++) {
        /* Plain stretches 8 bytes at a time, never past the end. */
        guint64 x;
        while (end - p >= (ptrdiff_t)sizeof x && (memcpy(&x, p, sizeof x), !jw_word_special(x)))
            p += sizeof x;
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
            continue;
        if (c == 0x1f) /* json-glib leaves it as it is */
            continue;
        jw_put(w, (const char *)run, (gsize)(p - run));
        run = p + 1;
        if (!c)
            return;
        char esc[8];
        switch (c) {
        case '"':
        case '\\':
            esc[0] = '\\', esc[1] = (char)c, esc[2] = '\0';
            break;
        case '\b':
            memcpy(esc, "\\b", 3);
            break;
        case '\f':
            memcpy(esc, "\\f", 3);
            break;
        case '\n':
            memcpy(esc, "\\n", 3);
            break;
        case '\r':
            memcpy(esc, "\\r", 3);
            break;
        case '\t':
            memcpy(esc, "\\t", 3);
            break;
        default:
            g_snprintf(esc, sizeof esc, "\\u00%.2x", c);
            break;
        }
        jw_put(w, esc, strlen(esc));
    }
}

static void jw_open(out_jw *w, gboolean object)
{
    jw_value(w);
    g_assert(w->depth < JW_DEPTH);
    jw_putc(w, object ? '{' : '[');
    w->is_object[w->depth] = object;
    w->has_items[w->depth] = FALSE;
    w->depth++;
}

void out_jw_object(out_jw *w)
{
    jw_open(w, TRUE);
}

void out_jw_array(out_jw *w)
{
    jw_open(w, FALSE);
}

void out_jw_end(out_jw *w)
{
    g_assert(w->depth > 0 && !w->after_key);
    w->depth--;
    gboolean object = w->is_object[w->depth];
    if (w->has_items[w->depth])
        jw_newline(w, w->depth);
    else if (object)
        jw_indent(w, w->depth); /* as json-glib: "{  }" one level down, "{}" at the top */
    jw_putc(w, object ? '}' : ']');
}

void out_jw_key(out_jw *w, const char *name)
{
    g_assert(w->depth > 0 && w->is_object[w->depth - 1] && !w->after_key);
    if (w->has_items[w->depth - 1])
        jw_putc(w, ',');
    jw_newline(w, w->depth);
    w->has_items[w->depth - 1] = TRUE;
    jw_putc(w, '"');
    jw_escaped(w, name);
    jw_put(w, "\" : ", 4);
    w->after_key = TRUE;
    jw_maybe_flush(w);
}

void out_jw_int(out_jw *w, gint64 v)
{
    jw_value(w);
    char d[24], *e = d + sizeof d, *p = e;
    guint64 u = v < 0 ? (guint64)0 - (guint64)v : (guint64)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    jw_put(w, p, (gsize)(e - p));
}

void out_jw_double(out_jw *w, double v)
{
    jw_value(w);
    char d[G_ASCII_DTOSTR_BUF_SIZE];
    g_ascii_dtostr(d, sizeof d, v);
    jw_put(w, d, strlen(d));
    if (!strchr(d, '.'))
        jw_put(w, ".0", 2);
}

void out_jw_bool(out_jw *w, gboolean v)
{
    jw_value(w);
    if (v)
        jw_put(w, "true", 4);
    else
        jw_put(w, "false", 5);
}

void out_jw_null(out_jw *w)
{
    jw_value(w);
    jw_put(w, "null", 4);
}

void out_jw_string(out_jw *w, const char *v)
{
    if (!v) {
        out_jw_null(w);
        return;
    }
    jw_value(w);
    jw_putc(w, '"');
    jw_escaped(w, v);
    jw_putc(w, '"');
}

void out_jw_finish(out_jw *w)
{
    g_assert(w->depth == 0 && !w->after_key);
    jw_putc(w, '\n');
    jw_flush(w);
    fflush(w->f);
    g_free(w->buf);
    g_free(w);
}

void out_jw_member_string(out_jw *w, const char *name, const char *v)
{
    out_jw_key(w, name);
    out_jw_string(w, v);
}

void out_jw_member_int(out_jw *w, const char *name, gint64 v)
{
    out_jw_key(w, name);
    out_jw_int(w, v);
}

void out_jw_member_double(out_jw *w, const char *name, double v)
{
    out_jw_key(w, name);
    out_jw_double(w, v);
}

void out_jw_member_bool(out_jw *w, const char *name, gboolean v)
{
    out_jw_key(w, name);
    out_jw_bool(w, v);
}

void out_jw_member_measure(out_jw *w, const char *name, double v)
{
    out_jw_key(w, name);
    if (v >= 0)
        out_jw_double(w, v);
    else
        out_jw_null(w);
}
