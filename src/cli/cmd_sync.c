/* cmd_sync.c — parley sync [URL...]: new mail from IMAP folders into the
 * store (src/lib/imap_sync.c), with a progress line on a terminal and a
 * summary per folder of what was fetched, added, found again, skipped. */
#include "cli.h"
#include "output.h"
#include "progress.h"

typedef struct {
    cli_ui ui;
    const pl_sync_result *res;
} sync_ui;

static void on_progress(const pl_ingest_stats *s, gpointer user)
{
    sync_ui *u = user;
    const pl_sync_folder *f = pl_sync_current(u->res);
    double rate = s->seconds > 0 ? s->messages / s->seconds : 0;
    double eta = rate > 0 ? (double)(s->files_total - s->files_done) / rate : 0;
    cli_progress_draw(&u->ui, s->files_done, s->files_total, "messages", f ? f->name : "", rate,
                      eta);
}

static void print_json(const pl_sync_result *r)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
#define NUM(k, v)                                                                                  \
    json_builder_set_member_name(b, k);                                                            \
    json_builder_add_int_value(b, (gint64)(v))
#define STR(k, v)                                                                                  \
    json_builder_set_member_name(b, k);                                                            \
    if (v)                                                                                         \
        json_builder_add_string_value(b, v);                                                       \
    else                                                                                           \
        json_builder_add_null_value(b)
    json_builder_set_member_name(b, "folders");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->folders->len; i++) {
        const pl_sync_folder *f = &g_array_index(r->folders, pl_sync_folder, i);
        json_builder_begin_object(b);
        STR("name", f->name);
        STR("location", f->location);
        NUM("uidvalidity", f->uidvalidity);
        NUM("last_uid", f->last_uid);
        NUM("to_fetch", f->to_fetch);
        NUM("fetched", f->fetched);
        NUM("added", f->added);
        NUM("duplicates", f->duplicates);
        NUM("skipped", f->skipped);
        json_builder_set_member_name(b, "rescanned");
        json_builder_add_boolean_value(b, f->rescanned);
        STR("error", f->error);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    const pl_ingest_stats *s = &r->totals;
    NUM("to_fetch", s->files_total);
    NUM("fetched", s->messages);
    NUM("added", s->added);
    NUM("duplicates", s->duplicates);
    NUM("skipped", s->skipped);
    NUM("failed", r->failed);
#undef NUM
#undef STR
    json_builder_set_member_name(b, "seconds");
    json_builder_add_double_value(b, s->seconds);
    cli_json_skip_reasons(b, s);
    json_builder_end_object(b);
    out_json(b);
}

static char *num(guint64 v)
{
    return g_strdup_printf("%" G_GUINT64_FORMAT, v);
}

static void print_text(const pl_sync_result *r)
{
    const pl_ingest_stats *s = &r->totals;
    printf("synced %u folder%s in %.1f s: %" G_GUINT64_FORMAT " fetched, %" G_GUINT64_FORMAT
           " new, %" G_GUINT64_FORMAT " already known, %" G_GUINT64_FORMAT " skipped",
           r->folders->len, r->folders->len == 1 ? "" : "s", s->seconds, s->messages, s->added,
           s->duplicates, s->skipped);
    if (r->failed)
        printf("; %u folder%s FAILED (see above)", r->failed, r->failed == 1 ? "" : "s");
    putchar('\n');
    if (r->folders->len) {
        out_table *t = out_table_new("folder", ">uidvalidity", ">last UID", ">fetched", ">new",
                                     ">known", ">skipped", "note", NULL);
        for (guint i = 0; i < r->folders->len; i++) {
            const pl_sync_folder *f = &g_array_index(r->folders, pl_sync_folder, i);
            char *c[6] = {num(f->uidvalidity), num(f->last_uid),   num(f->fetched),
                          num(f->added),       num(f->duplicates), num(f->skipped)};
            out_table_row(t, f->name, c[0], c[1], c[2], c[3], c[4], c[5],
                          f->error       ? "FAILED"
                          : f->rescanned ? "re-read (new UIDVALIDITY)"
                                         : "");
            for (int k = 0; k < 6; k++)
                g_free(c[k]);
        }
        out_table_print(t, stdout, "  ");
    }
    cli_print_skipped(s);
}

CMD(sync)
{
    gboolean quiet = FALSE, json = FALSE;
    char **folders = NULL;
    GOptionEntry entries[] = {
        {"folder", 'f', 0, G_OPTION_ARG_STRING_ARRAY, &folders,
         "a folder to sync (repeatable; default: the URL's, else [imap] folders, else all)",
         "NAME"},
        {"quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "no per-message warnings or progress", NULL},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print the summary as JSON", NULL},
        {NULL}};
    if (!cli_parse("[imap[s]://USER@HOST[:PORT]/[FOLDER]...]",
                   "Fetch new mail from IMAP folders (read-only, incremental by UIDVALIDITY and "
                   "UID) and ingest it like a Maildir. Login: [imap] user, password-file, "
                   "password-command or netrc-file in the config.",
                   entries, &argc, &argv))
        return 2;
    g_auto(GStrv) folders_owned = folders;
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    pl_sync_result res;
    pl_sync_result_init(&res);
    sync_ui ui = {cli_ui_new(quiet), &res};
    pl_sync_opts o = {(const char *const *)folders, {cli_warn, &ui.ui, on_progress, &ui, FALSE}};
    int rc = 0;
    for (int i = argc > 1 ? 1 : 0; i < MAX(argc, 1); i++) {
        GError *err = NULL;
        gboolean ok = pl_sync_imap(st, ctx->cfg, argc > 1 ? argv[i] : NULL, &o, &res, &err);
        cli_progress_clear(&ui.ui);
        if (!ok)
            rc = cli_fail(err);
    }
    for (guint i = 0; i < res.folders->len; i++) {
        const pl_sync_folder *f = &g_array_index(res.folders, pl_sync_folder, i);
        if (f->error)
            rc = cli_failf("%s", f->error);
    }
    if (json)
        print_json(&res);
    else if (res.folders->len || rc == 0)
        print_text(&res);
    pl_sync_result_clear(&res);
    return rc;
}
