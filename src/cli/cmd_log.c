/* cmd_log.c — parley log call|meeting|note TARGET: record by hand a call,
 * a meeting or a note with someone, with follow-ups (open items) and
 * personal facts. The library does the work (src/lib/log.c); this file
 * reads the options and prints what was recorded.
 */
#include "cli.h"
#include "log.h"
#include "output.h"

#include <string.h>

/* --follow-up and --due arrive in order through callbacks, so each --due
 * belongs to the --follow-up before it (GOption would lose that order). */
typedef struct {
    GArray *followups; /* pl_log_followup */
    gboolean due_pending;
    gint64 now;
} log_opts;

static log_opts *opts_now; /* the one command this process runs */

static gboolean on_follow_up(const char *name, const char *value, gpointer data, GError **err)
{
    if (!*g_strstrip((char *)value)) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--follow-up needs a text");
        return FALSE;
    }
    pl_log_followup f = {.text = g_strdup(value)};
    g_array_append_val(opts_now->followups, f);
    opts_now->due_pending = TRUE;
    return TRUE;
}

static gboolean on_due(const char *name, const char *value, gpointer data, GError **err)
{
    if (!opts_now->followups->len || !opts_now->due_pending) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                    "--due %s: each --due follows the --follow-up it belongs to", value);
        return FALSE;
    }
    pl_log_followup *f =
        &g_array_index(opts_now->followups, pl_log_followup, opts_now->followups->len - 1);
    GError *e = NULL;
    if (!pl_when_parse(value, opts_now->now, TRUE, &f->due_ts, &f->due_has_time, &e)) {
        g_set_error(err, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--due: %s", e->message);
        g_error_free(e);
        return FALSE;
    }
    opts_now->due_pending = FALSE;
    return TRUE;
}

static char *local_time(gint64 ts, const char *format)
{
    GDateTime *dt = g_date_time_new_from_unix_local(ts);
    char *s = g_date_time_format(dt, format);
    g_date_time_unref(dt);
    return s;
}

static void print_json(const pl_log_result *r, const pl_log_request *req, const char *label)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "event");
    json_builder_add_string_value(b, r->source_key);
    json_builder_set_member_name(b, "event_id");
    json_builder_add_int_value(b, r->event_id);
    json_builder_set_member_name(b, "channel");
    json_builder_add_string_value(b, pl_channel_name(req->channel));
    json_builder_set_member_name(b, "duplicate");
    json_builder_add_boolean_value(b, r->duplicate);
    json_builder_set_member_name(b, "with");
    json_builder_add_string_value(b, label);
    json_builder_set_member_name(b, "new_contact");
    json_builder_add_boolean_value(b, r->target.is_new);
    json_builder_set_member_name(b, "items");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->item_ids->len; i++)
        json_builder_add_int_value(b, g_array_index(r->item_ids, gint64, i));
    json_builder_end_array(b);
    json_builder_end_object(b);
    out_json(b);
}

static void print_text(const pl_log_result *r, const pl_log_request *req, const char *label,
                       gint64 ts)
{
    char *when = local_time(ts, "%Y-%m-%d %H:%M");
    printf("%s %s with %s on %s", r->duplicate ? "already logged:" : "logged",
           pl_channel_name(req->channel), label, when);
    if (req->channel != PL_CH_NOTE && req->duration_s)
        printf(", %" G_GINT64_FORMAT " min", req->duration_s / 60);
    printf("\n  %s\n", r->source_key);
    g_free(when);
    if (r->target.is_new)
        printf("  %s was not known before: added\n", r->target.value);
    for (guint i = 0; i < r->item_ids->len; i++) {
        const pl_log_followup *f = &g_array_index(req->followups, pl_log_followup, i);
        char *due = f->due_ts ? local_time(f->due_ts, " (due %Y-%m-%d)") : g_strdup("");
        printf("  follow-up #%" G_GINT64_FORMAT ": %s%s\n", g_array_index(r->item_ids, gint64, i),
               f->text, due);
        g_free(due);
    }
    for (guint i = 0; !r->duplicate && req->facts && i < req->facts->len; i++)
        printf("  fact: %s\n", (char *)req->facts->pdata[i]);
}

CMD(log)
{
    char *at = NULL, *note = NULL, *uuid = NULL;
    char **facts = NULL;
    int minutes = 0;
    gboolean json = FALSE;
    log_opts lo = {g_array_new(FALSE, TRUE, sizeof(pl_log_followup)), FALSE,
                   g_get_real_time() / G_USEC_PER_SEC};
    opts_now = &lo;
    GOptionEntry entries[] = {
        {"at", 0, 0, G_OPTION_ARG_STRING, &at,
         "when it happened (default now): YYYY-MM-DD [HH:MM], yesterday 14:00, monday, 2h", "WHEN"},
        {"minutes", 0, 0, G_OPTION_ARG_INT, &minutes, "how long it took", "N"},
        {"note", 0, 0, G_OPTION_ARG_STRING, &note, "what was said (the summary of a follow-up)",
         "TEXT"},
        {"follow-up", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)on_follow_up,
         "something to do afterwards: an open item (repeatable)", "TEXT"},
        {"due", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)on_due,
         "due date of the --follow-up before it", "DATE"},
        {"fact", 0, 0, G_OPTION_ARG_STRING_ARRAY, &facts,
         "a personal fact learnt (\"family: two kids\"; repeatable)", "TEXT"},
        {"uuid", 0, 0, G_OPTION_ARG_STRING, &uuid,
         "the id to log under (default a new one); logging the same id again adds nothing", "UUID"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print what was recorded as JSON", NULL},
        {NULL}};
    int rc = 0;
    GPtrArray *fact_list = g_ptr_array_new();
    pl_log_result res = {0};
    if (!cli_parse("call|meeting|note TARGET",
                   "Records a call, a meeting or a note with TARGET: an address, a phone number, "
                   "a person's name or an organisation (name or domain). It counts like any "
                   "conversation (a call's or meeting's minutes as real time); follow-ups stay "
                   "open until parley done / dismiss.",
                   entries, &argc, &argv)) {
        rc = 2;
        goto out;
    }
    if (argc != 3) {
        rc = cli_failf("log: expected call|meeting|note TARGET (see parley log --help)");
        goto out;
    }
    pl_log_request req = {.target = argv[2], .note = note, .uuid = uuid, .followups = lo.followups};
    if (strcmp(argv[1], "call") == 0)
        req.channel = PL_CH_CALL;
    else if (strcmp(argv[1], "meeting") == 0)
        req.channel = PL_CH_MEETING;
    else if (strcmp(argv[1], "note") == 0)
        req.channel = PL_CH_NOTE;
    else {
        rc = cli_failf("log: \"%s\": log a call, a meeting or a note", argv[1]);
        goto out;
    }
    if (minutes < 0 || minutes > 24 * 60) {
        rc = cli_failf("log: --minutes %d is not a duration (0 to 1440)", minutes);
        goto out;
    }
    req.duration_s = (gint64)minutes * 60;
    GError *err = NULL;
    if (at && !pl_when_parse(at, lo.now, FALSE, &req.ts, NULL, &err)) {
        g_prefix_error(&err, "--at: ");
        rc = cli_fail(err);
        goto out;
    }
    for (char **f = facts; f && *f; f++)
        g_ptr_array_add(fact_list, *f);
    req.facts = fact_list;
    pl_store *st = cli_store(ctx);
    if (!st) {
        rc = 1;
        goto out;
    }
    if (!pl_log_event(st, ctx->cfg, &req, &res, &err)) {
        rc = cli_fail(err);
        goto out;
    }
    char *label = pl_target_label(&res.target);
    if (json)
        print_json(&res, &req, label);
    else
        print_text(&res, &req, label, req.ts ? req.ts : lo.now);
    g_free(label);
out:
    pl_log_result_clear(&res);
    for (guint i = 0; i < lo.followups->len; i++)
        g_free(g_array_index(lo.followups, pl_log_followup, i).text);
    g_array_free(lo.followups, TRUE);
    g_ptr_array_free(fact_list, TRUE);
    g_strfreev(facts);
    g_free(at);
    g_free(note);
    g_free(uuid);
    opts_now = NULL;
    return rc;
}
