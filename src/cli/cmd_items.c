/* cmd_items.c — open items and personal facts: parley open, done, dismiss,
 * fact and facts. Items are logged (`parley log --follow-up`) or detected
 * in mail and chats (questions asked of us, promises we made; see
 * docs/model.md "Open items"); they are closed here and stay closed.
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
    out_jw *w; /* --json: streamed, items can be tens of thousands */
    guint n, overdue;
    gboolean all;
    guint by_kind[3]; /* follow-up, question, promise */
} open_ctx;

/* "2026-03-10 Re: Quote for …": where a detected item was said. */
static char *source_text(const pl_item_info *i)
{
    if (!i->source_ts)
        return g_strdup("-");
    char *day = local_day(i->source_ts);
    char *subject = NULL;
    if (i->source_subject) {
        subject = g_strdup(i->source_subject);
        if (g_utf8_strlen(subject, -1) > 40) {
            char *cut = g_utf8_offset_to_pointer(subject, 39);
            *cut = '\0';
            char *s2 = g_strconcat(subject, "…", NULL);
            g_free(subject);
            subject = s2;
        }
    }
    char *s = subject ? g_strdup_printf("%s %s", day, subject) : g_strdup(day);
    g_free(day);
    g_free(subject);
    return s;
}

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

static void json_day(out_jw *w, const char *name, gint64 ts)
{
    char *d = ts ? local_day(ts) : NULL;
    out_jw_member_string(w, name, d);
    g_free(d);
}

static gboolean on_item(const pl_item_info *i, gpointer user)
{
    open_ctx *o = user;
    gboolean late = is_overdue(o, i);
    o->n++;
    o->overdue += late;
    char *about = about_text(i->person, i->org, i->identity);
    if (o->w) {
        out_jw *w = o->w;
        out_jw_object(w);
        out_jw_member_int(w, "id", i->id);
        out_jw_member_string(w, "kind", i->kind);
        out_jw_member_string(w, "origin", i->origin);
        out_jw_member_string(w, "text", i->text);
        out_jw_member_string(w, "status", i->status);
        json_day(w, "due", i->due_ts);
        out_jw_member_bool(w, "overdue", late);
        json_day(w, "created", i->created_ts);
        json_day(w, "closed", i->closed_ts);
        out_jw_member_string(w, "closed_by", i->closed_by);
        out_jw_member_string(w, "source_event", i->source_key);
        json_day(w, "source_date", i->source_ts);
        out_jw_member_string(w, "source_subject", i->source_subject);
        out_jw_member_string(w, "source_sentence", i->source_sentence);
        out_jw_member_string(w, "with", about);
        out_jw_member_string(w, "person", i->person);
        out_jw_member_string(w, "org", i->org);
        out_jw_member_string(w, "identity", i->identity);
        out_jw_end(w);
    } else {
        char id[24], *due = i->due_ts ? local_day(i->due_ts) : g_strdup("-");
        g_snprintf(id, sizeof id, "#%" G_GINT64_FORMAT, i->id);
        char *due_col = late ? g_strconcat(due, " OVERDUE", NULL) : g_strdup(due);
        /* A detected item's text is what was written: quote it. */
        gboolean detected = g_strcmp0(i->origin, "detected") == 0;
        char *text = detected ? g_strdup_printf("\"%s\"", i->text) : g_strdup(i->text);
        char *src = source_text(i);
        char *status = i->closed_by && strcmp(i->closed_by, "reply") == 0
                           ? g_strdup_printf("%s (reply)", i->status)
                           : g_strdup(i->status);
        if (o->all)
            out_table_row(o->t, id, due_col, i->kind, i->origin, status, about, text, src);
        else
            out_table_row(o->t, id, due_col, i->kind, i->origin, about, text, src);
        g_free(status);
        g_free(src);
        g_free(text);
        g_free(due_col);
        g_free(due);
    }
    o->by_kind[g_strcmp0(i->kind, "question") == 0  ? 1
               : g_strcmp0(i->kind, "promise") == 0 ? 2
                                                    : 0]++;
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

/* Frees what cli_parse() filled in. */
static void free_opts(char *kind, char *origin)
{
    g_free(kind);
    g_free(origin);
}

CMD(open)
{
    gboolean json = FALSE, all = FALSE;
    char *kind = NULL, *origin = NULL;
    GOptionEntry entries[] = {
        {"all", 0, 0, G_OPTION_ARG_NONE, &all, "closed items too", NULL},
        {"kind", 0, 0, G_OPTION_ARG_STRING, &kind, "only questions, promises or follow-ups",
         "question|promise|follow-up"},
        {"origin", 0, 0, G_OPTION_ARG_STRING, &origin,
         "only items detected in mail and chats, or only logged ones", "detected|logged"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON instead of a table", NULL},
        {NULL}};
    if (!cli_parse("[TARGET]",
                   "Lists open items, oldest due date first; items without a due date come "
                   "last. Overdue ones are marked. Follow-ups are logged (parley log "
                   "--follow-up); questions (asked of us and not answered by a later reply of "
                   "ours) and promises (made by us) are detected in mail and chats at ingest.",
                   entries, &argc, &argv))
        return 2;
    if (kind && (strcmp(kind, "questions") == 0 || strcmp(kind, "promises") == 0 ||
                 strcmp(kind, "follow-ups") == 0))
        kind[strlen(kind) - 1] = '\0';
    if (kind && strcmp(kind, "question") != 0 && strcmp(kind, "promise") != 0 &&
        strcmp(kind, "follow-up") != 0) {
        int rc = cli_failf("open: --kind %s: use question, promise or follow-up", kind);
        free_opts(kind, origin);
        return rc;
    }
    if (origin && strcmp(origin, "detected") != 0 && strcmp(origin, "logged") != 0) {
        int rc = cli_failf("open: --origin %s: use detected or logged", origin);
        free_opts(kind, origin);
        return rc;
    }
    if (argc > 2) {
        free_opts(kind, origin);
        return cli_failf("open: at most one TARGET");
    }
    pl_store *st = cli_store(ctx);
    GError *err = NULL;
    /* Detection runs in the refresh: bring it up to date first (a store
     * migrated from before detection gets its items here). */
    if (!st || !pl_conversations_refresh(st, ctx->cfg, &err)) {
        free_opts(kind, origin);
        return st ? cli_fail(err) : 1;
    }
    pl_item_filter f = {.all = all, .kind = kind, .origin = origin};
    if (argc == 2 && !target_ids(ctx, argv[1], &f.about)) {
        free_opts(kind, origin);
        return 1;
    }
    open_ctx o = {.today = local_day(g_get_real_time() / G_USEC_PER_SEC), .all = all};
    if (json) {
        o.w = out_jw_new_held(stdout);
        out_jw_array(o.w);
    } else if (all) {
        o.t = out_table_new("ITEM", "DUE", "KIND", "ORIGIN", "STATUS", "WITH", "TEXT", "SOURCE",
                            NULL);
    } else {
        o.t = out_table_new("ITEM", "DUE", "KIND", "ORIGIN", "WITH", "TEXT", "SOURCE", NULL);
    }
    gboolean ok = st->ops->item_each(st, &f, on_item, &o, &err);
    if (o.w) {
        out_jw_end(o.w);
        if (ok)
            out_jw_finish(o.w);
        else
            out_jw_discard(o.w);
    } else if (ok && o.n) {
        out_table_print(o.t, stdout, "");
        printf("\n%u %s (%u follow-ups, %u questions, %u promises), %u overdue\n", o.n,
               all ? "items" : "open", o.by_kind[0], o.by_kind[1], o.by_kind[2], o.overdue);
    } else {
        out_table_free(o.t);
        if (ok)
            printf("nothing open\n");
    }
    g_free(o.today);
    free_opts(kind, origin);
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
    if (o->w) {
        out_jw_object(o->w);
        out_jw_key(o->w, "id");
        out_jw_int(o->w, f->id);
        out_jw_member_string(o->w, "kind", f->kind);
        out_jw_member_string(o->w, "text", f->text);
        out_jw_member_string(o->w, "created", day);
        out_jw_member_string(o->w, "with", about);
        out_jw_end(o->w);
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
        o.w = out_jw_new_held(stdout);
        out_jw_array(o.w);
    } else {
        o.t = out_table_new("NOTED", "KIND", "WITH", "FACT", NULL);
    }
    GError *err = NULL;
    gboolean ok = st->ops->fact_each(st, argc == 2 ? &ids : NULL, on_fact, &o, &err);
    if (o.w) {
        out_jw_end(o.w);
        if (ok)
            out_jw_finish(o.w);
        else
            out_jw_discard(o.w);
    } else if (ok && o.n) {
        out_table_print(o.t, stdout, "");
    } else {
        out_table_free(o.t);
        if (ok)
            printf("no facts kept%s%s\n", argc == 2 ? " about " : "", argc == 2 ? argv[1] : "");
    }
    return ok ? 0 : cli_fail(err);
}
