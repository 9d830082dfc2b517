/* output.c — aligned tables, durations, shares and JSON printing. */
#include "output.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

char *out_date(gint64 ts)
{
    GDateTime *dt = g_date_time_new_from_unix_utc(ts);
    if (!dt)
        return g_strdup("?");
    char *s = g_date_time_format(dt, "%Y-%m-%d");
    g_date_time_unref(dt);
    return s;
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
