/* progress.c — warnings, the progress line and the skip summary shared by
 * the importing commands (progress.h). */
#include "progress.h"

#include <unistd.h>

cli_ui cli_ui_new(gboolean quiet)
{
    return (cli_ui){isatty(STDERR_FILENO), quiet, 0};
}

void cli_warn(const char *where, const char *reason, gpointer user)
{
    cli_ui *ui = user;
    ui->warnings++;
    if (ui->quiet)
        return;
    if (ui->tty)
        fputs("\r\033[K", stderr);
    fprintf(stderr, "parley: %s: %s\n", where, reason);
}

void cli_progress_draw(const cli_ui *ui, guint64 done, guint64 total, const char *unit,
                       const char *label, double rate, double eta_s)
{
    if (!ui->tty || ui->quiet)
        return;
    enum { WIDTH = 24 };
    int filled = total ? (int)(WIDTH * MIN(done, total) / total) : 0;
    char bar[WIDTH + 1];
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(stderr,
            "\r\033[K[%s] %" G_GUINT64_FORMAT "/%" G_GUINT64_FORMAT
            " %s  %s%s%.0f msg/s  ETA %.0fs",
            bar, done, total, unit, label ? label : "", label ? "  " : "", rate, eta_s);
}

void cli_progress_clear(const cli_ui *ui)
{
    if (ui->tty && !ui->quiet)
        fputs("\r\033[K", stderr);
}

void cli_json_skip_reasons(JsonBuilder *b, const pl_ingest_stats *s)
{
    json_builder_set_member_name(b, "skip_reasons");
    json_builder_begin_object(b);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->skip_reasons);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        json_builder_set_member_name(b, k);
        json_builder_add_int_value(b, (gint64)GPOINTER_TO_SIZE(v));
    }
    json_builder_end_object(b);
}

void cli_print_skipped(const pl_ingest_stats *s)
{
    if (!s->skipped)
        return;
    printf("skipped %" G_GUINT64_FORMAT " (each reported above):\n", s->skipped);
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, s->skip_reasons);
    while (g_hash_table_iter_next(&it, &k, &v))
        printf("  %6zu  %s\n", GPOINTER_TO_SIZE(v), (char *)k);
}
