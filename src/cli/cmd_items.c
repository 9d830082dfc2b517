/* cmd_items.c — open items and personal facts: parley open, done, dismiss,
 * fact and facts. Items come from `parley log --follow-up` now and from
 * detection later; they are closed here and stay closed.
 */
#include "cli.h"
#include "log.h"
#include "output.h"

#include <string.h>

static char *local_day(gint64 ts)
{
    /* One zone for the run: with TZ unset GLib reads /etc/localtime again
     * for every g_date_time_new_from_unix_local(), which over tens of
     * thousands of items was most of `parley open`. */
    static GTimeZone *zone;
    if (!zone)
        zone = g_time_zone_new_local();
    GDateTime *utc = g_date_time_new_from_unix_utc(ts);
    GDateTime *dt = g_date_time_to_timezone(utc, zone);
    int y, m, d;
    g_date_time_get_ymd(dt, &y, &m, &d);
    g_date_time_unref(dt);
    g_date_time_unref(utc);
    return g_strdup_printf("%04d-%02d-%02d", y, m, d);
}

/* Who or what an item or fact is about, for people to read. */
static char *about_text(const char *person, const char *org, const char *identity)
{
    if (person && identity)
        return g_strdup_printf("%s <%s>", person, identity);
    if (person || identity)
        return g_strdup(person ? person : identity);
    return g_strdup(org ? org : "-");
}

typedef struct {
    char *today;
    out_table *t;
    JsonBuilder *b;
    guint n, overdue;
} open_ctx;

/* Due dates are days: an item is overdue once its day has passed. */
static gboolean is_overdue(const open_ctx *o, const pl_item_info *i)
{
    if (!i->due_ts || strcmp(i->status, "open") != 0)
        return FALSE;
    char *d = local_day(i->due_ts);
    gboolean late = strcmp(d, o->today) < 0;
    g_free(d);
    return late;
}

static void json_str(JsonBuilder *b, const char *name, const char *v)
{
    json_builder_set_member_name(b, name);
    if (v)
        json_builder_add_string_value(b, v);
    else
        json_builder_add_null_value(b);
}

static void json_day(JsonBuilder *b, const char *name, gint64 ts)
{
    char *d = ts ? local_day(ts) : NULL;
    json_str(b, name, d);
    g_free(d);
}

static gboolean on_item(const pl_item_info *i, gpointer user)
{
    open_ctx *o = user;
    gboolean late = is_overdue(o, i);
    o->n++;
    o->overdue += late;
    char *about = about_text(i->person, i->org, i->identity);
    if (o->b) {
        JsonBuilder *b = o->b;
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "id");
        json_builder_add_int_value(b, i->id);
        json_str(b, "kind", i->kind);
        json_str(b, "origin", i->origin);
        json_str(b, "text", i->text);
        json_str(b, "status", i->status);
        json_day(b, "due", i->due_ts);
        json_builder_set_member_name(b, "overdue");
        json_builder_add_boolean_value(b, late);
        json_day(b, "created", i->created_ts);
        json_day(b, "closed", i->closed_ts);
        json_str(b, "closed_by", i->closed_by);
        json_str(b, "source_event", i->source_key);
        json_str(b, "source_sentence", i->source_sentence);
        json_str(b, "with", about);
        json_str(b, "person", i->person);
        json_str(b, "org", i->org);
        json_str(b, "identity", i->identity);
        json_builder_end_object(b);
    } else {
        char id[24], *due = i->due_ts ? local_day(i->due_ts) : g_strdup("-");
        g_snprintf(id, sizeof id, "#%" G_GINT64_FORMAT, i->id);
        char *due_col = late ? g_strconcat(due, " OVERDUE", NULL) : g_strdup(due);
        out_table_row(o->t, id, due_col, strcmp(i->status, "open") ? i->status : i->kind, about,
                      i->text);
        g_free(due_col);
        g_free(due);
    }
    g_free(about);
    return TRUE;
}

/* TARGET of open / facts, when given: its ids for a filter. */
static gboolean target_ids(cli_ctx *ctx, const char *text, pl_target_ids *ids)
{
    GError *err = NULL;
    if (pl_target_about(cli_store(ctx), text, ids, &err))
        return TRUE;
    cli_fail(err);
    return FALSE;
}

CMD(open)
{
    gboolean json = FALSE, all = FALSE;
    GOptionEntry entries[] = {
        {"all", 0, 0, G_OPTION_ARG_NONE, &all, "closed items too", NULL},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON instead of a table", NULL},
        {NULL}};
    if (!cli_parse("[TARGET]",
                   "Lists open items (follow-ups, promises, questions), oldest due date first; "
                   "items without a due date come last. Overdue ones are marked.",
                   entries, &argc, &argv))
        return 2;
    if (argc > 2)
        return cli_failf("open: at most one TARGET");
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    pl_item_filter f = {.all = all};
    if (argc == 2 && !target_ids(ctx, argv[1], &f.about))
        return 1;
    open_ctx o = {local_day(g_get_real_time() / G_USEC_PER_SEC), NULL, NULL, 0, 0};
    if (json) {
        o.b = json_builder_new();
        json_builder_begin_array(o.b);
    } else {
        o.t = out_table_new("ITEM", "DUE", "KIND", "WITH", "TEXT", NULL);
    }
    GError *err = NULL;
    gboolean ok = st->ops->item_each(st, &f, on_item, &o, &err);
    if (o.b) {
        json_builder_end_array(o.b);
        if (ok)
            out_json(o.b);
        else
            g_object_unref(o.b);
    } else if (ok && o.n) {
        out_table_print(o.t, stdout, "");
        printf("\n%u %s, %u overdue\n", o.n, all ? "items" : "open", o.overdue);
    } else {
        out_table_free(o.t);
        if (ok)
            printf("nothing open\n");
    }
    g_free(o.today);
    return ok ? 0 : cli_fail(err);
}

static gboolean get_status(const pl_item_info *i, gpointer user)
{
    *(char **)user = g_strdup(i->status);
    return FALSE;
}

static int close_items(cli_ctx *ctx, int argc, char **argv, const char *status)
{
    char *summary = g_strdup_printf("Marks open items %s; they stay %s.", status, status);
    gboolean parsed = cli_parse("ITEM...", summary, NULL, &argc, &argv);
    g_free(summary);
    if (!parsed)
        return 2;
    if (argc < 2)
        return cli_failf("%s: which item? (the numbers parley open shows)", argv[0]);
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    int rc = 0;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k][0] == '#' ? argv[k] + 1 : argv[k];
        char *end = NULL;
        gint64 id = g_ascii_strtoll(a, &end, 10);
        if (!*a || *end || id <= 0) {
            rc = cli_failf("%s: \"%s\" is not an item number", argv[0], argv[k]);
            continue;
        }
        gboolean was_open = FALSE;
        GError *err = NULL;
        if (!pl_item_close(st, ctx->cfg, id, status, &was_open, &err)) {
            rc = cli_fail(err);
            continue;
        }
        if (was_open) {
            printf("#%" G_GINT64_FORMAT " %s\n", id, status);
        } else {
            pl_item_filter f = {.id = id};
            char *was = NULL;
            st->ops->item_each(st, &f, get_status, &was, NULL);
            printf("#%" G_GINT64_FORMAT " is already %s; left as it is\n", id,
                   was ? was : "closed");
            g_free(was);
        }
    }
    return rc;
}

CMD(done)
{
    return close_items(ctx, argc, argv, "done");
}

CMD(dismiss)
{
    return close_items(ctx, argc, argv, "dismissed");
}

CMD(fact)
{
    if (!cli_parse("TARGET TEXT...",
                   "Keeps a personal fact about a contact: family, interests, the team they "
                   "follow, holiday plans. Start TEXT with family:, interest:, team:, holiday:, "
                   "birthday: or pet: to give its kind.",
                   NULL, &argc, &argv))
        return 2;
    if (argc < 3)
        return cli_failf("fact: expected TARGET TEXT (see parley fact --help)");
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    char *text = g_strjoinv(" ", argv + 2);
    GError *err = NULL;
    gint64 id = 0;
    gboolean ok = pl_fact_add(st, argv[1], text, 0, &id, &err);
    const char *rest;
    if (ok)
        printf("noted (%s) about %s: %s\n", pl_fact_split(text, &rest), argv[1], rest);
    g_free(text);
    return ok ? 0 : cli_fail(err);
}

static gboolean on_fact(const pl_fact_info *f, gpointer user)
{
    open_ctx *o = user;
    char *day = local_day(f->created_ts);
    char *about = about_text(f->person, f->org, f->identity);
    if (o->b) {
        json_builder_begin_object(o->b);
        json_builder_set_member_name(o->b, "id");
        json_builder_add_int_value(o->b, f->id);
        json_str(o->b, "kind", f->kind);
        json_str(o->b, "text", f->text);
        json_str(o->b, "created", day);
        json_str(o->b, "with", about);
        json_builder_end_object(o->b);
    } else {
        out_table_row(o->t, day, f->kind, about, f->text);
    }
    o->n++;
    g_free(about);
    g_free(day);
    return TRUE;
}

CMD(facts)
{
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON instead of a table", NULL}, {NULL}};
    if (!cli_parse("[TARGET]", "Lists the personal facts kept about a contact (or everyone).",
                   entries, &argc, &argv))
        return 2;
    if (argc > 2)
        return cli_failf("facts: at most one TARGET");
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    pl_target_ids ids = {0};
    if (argc == 2 && !target_ids(ctx, argv[1], &ids))
        return 1;
    open_ctx o = {0};
    if (json) {
        o.b = json_builder_new();
        json_builder_begin_array(o.b);
    } else {
        o.t = out_table_new("NOTED", "KIND", "WITH", "FACT", NULL);
    }
    GError *err = NULL;
    gboolean ok = st->ops->fact_each(st, argc == 2 ? &ids : NULL, on_fact, &o, &err);
    if (o.b) {
        json_builder_end_array(o.b);
        if (ok)
            out_json(o.b);
        else
            g_object_unref(o.b);
    } else if (ok && o.n) {
        out_table_print(o.t, stdout, "");
    } else {
        out_table_free(o.t);
        if (ok)
            printf("no facts kept%s%s\n", argc == 2 ? " about " : "", argc == 2 ? argv[1] : "");
    }
    return ok ? 0 : cli_fail(err);
}
