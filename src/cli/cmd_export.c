/* cmd_export.c — parley export <format>: the store's contents in formats
 * other programs read. One format so far, ics: the open items with a due
 * date as iCalendar to-dos (pl_export_ics, src/lib/export_ics.c). */
#include "cli.h"

#include <string.h>

static int export_ics(cli_ctx *ctx, int argc, char **argv)
{
    gboolean all = FALSE;
    char *target = NULL, *out = NULL;
    GOptionEntry entries[] = {
        {"all", 0, 0, G_OPTION_ARG_NONE, &all,
         "closed items too (done as COMPLETED, dismissed as CANCELLED)", NULL},
        {"target", 0, 0, G_OPTION_ARG_STRING, &target,
         "only the items about this contact (as parley open TARGET)", "TARGET"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "write to FILE instead of stdout", "FILE"},
        {NULL}};
    int rc = 0;
    if (!cli_parse("",
                   "Writes the open items that have a due date as iCalendar (RFC 5545) to-dos "
                   "(VTODO), for a calendar or task app: the same item keeps its UID in every "
                   "export, so importing a new export updates the old one.",
                   entries, &argc, &argv))
        rc = 2;
    else if (argc > 1)
        rc = cli_failf("export ics: unexpected \"%s\" (a contact goes with --target)", argv[1]);
    pl_store *st = rc ? NULL : cli_store(ctx);
    if (!rc && !st)
        rc = 1;
    if (!rc) {
        pl_ics_query q = {.target = target, .all = all};
        pl_ics_stats stats;
        GError *err = NULL;
        char *ics = pl_export_ics(st, &q, &stats, &err);
        if (!ics) {
            rc = cli_fail(err);
        } else if (!out || strcmp(out, "-") == 0) {
            fputs(ics, stdout);
            rc = fflush(stdout) == 0 ? 0 : cli_failf("export ics: writing stdout failed");
        } else if (!g_file_set_contents(out, ics, -1, &err)) {
            rc = cli_fail(err);
        }
        /* Undated items are not lost silently: say how many stayed out. */
        if (ics && !rc)
            fprintf(stderr, "%u to-do%s%s%s; %u item%s without a due date left out\n", stats.todos,
                    stats.todos == 1 ? "" : "s", out ? " written to " : "", out ? out : "",
                    stats.undated, stats.undated == 1 ? "" : "s");
        g_free(ics);
    }
    g_free(target);
    g_free(out);
    return rc;
}

CMD(export)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: parley export <format> [options]\n\nformats:\n"
                "  ics     open items with a due date as iCalendar to-dos (VTODO)\n");
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "ics") == 0)
        return export_ics(ctx, argc - 1, argv + 1);
    return cli_failf("export: unknown format \"%s\" (try: ics)", argv[1]);
}
