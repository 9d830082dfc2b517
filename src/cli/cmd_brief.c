/* cmd_brief.c — parley brief TARGET: text and JSON views of
 * pl_brief_build() (where we left off with a person or an organisation). */
#include "brief.h"
#include "cli.h"
#include "dates.h"
#include "output.h"

#include <string.h>

static char *who_text(const pl_brief_touch *t)
{
    if (t->name && t->who && strcmp(t->name, t->who) != 0)
        return g_strdup_printf("%s <%s>", t->name, t->who);
    return g_strdup(t->who ? t->who : t->name ? t->name : "(nobody)");
}

/* ---------------------------------------------------------------- JSON */

static void j_time(out_jw *b, const char *name, gint64 ts)
{
    char *s = ts ? out_iso_time(ts) : NULL;
    out_jw_member_string(b, name, s);
    g_free(s);
}

static void j_touch(out_jw *b, const pl_brief_touch *t)
{
    out_jw_object(b);
    out_jw_member_string(b, "channel", pl_channel_name(t->channel));
    j_time(b, "at", t->ts);
    out_jw_member_int(b, "ts", t->ts);
    out_jw_member_string(b, "by", pl_side_name(t->side));
    out_jw_member_string(b, "identity", t->who);
    out_jw_member_string(b, "name", t->name);
    out_jw_member_string(b, "subject", t->subject);
    out_jw_member_int(b, "event_id", t->event_id);
    out_jw_member_int(b, "conversation_id", t->conv_id);
    if (t->channel == PL_CH_CALL) {
        out_jw_member_bool(b, "answered", t->answered);
    }
    out_jw_end(b);
}

static void print_json(const pl_brief *r)
{
    out_jw *b = out_jw_new(stdout);
    out_jw_object(b);
    out_jw_member_string(b, "target", r->q.target);
    out_jw_member_string(b, "label", r->label);
    out_jw_member_string(b, "kind", r->kind);
    out_jw_key(b, "identities");
    out_jw_array(b);
    for (guint i = 0; i < r->identities->len; i++)
        out_jw_string(b, r->identities->pdata[i]);
    out_jw_end(b);
    j_time(b, "now", r->q.now);
    j_time(b, "since", r->q.since);
    j_time(b, "until", r->q.until);
    out_jw_member_int(b, "window_days", r->q.window_days);
    out_jw_member_int(b, "conversations", r->conversations);
    out_jw_member_int(b, "events", r->events);
    out_jw_member_int(b, "human_events", r->human_events);
    j_time(b, "first", r->first_ts);
    j_time(b, "last", r->last_ts);

    out_jw_key(b, "last_touch");
    out_jw_object(b);
    for (int c = 0; c < PL_CH__COUNT; c++) {
        out_jw_key(b, pl_channel_name(c));
        if (r->touch[c].ts)
            j_touch(b, &r->touch[c]);
        else
            out_jw_null(b);
    }
    out_jw_end(b);

    out_jw_key(b, "voice");
    out_jw_object(b);
    j_time(b, "last", r->last_voice_ts);
    out_jw_key(b, "days_since");
    if (r->days_since_voice >= 0)
        out_jw_int(b, r->days_since_voice);
    else
        out_jw_null(b);
    out_jw_end(b);

    out_jw_key(b, "last_conversation");
    if (r->last.ts) {
        out_jw_object(b);
        out_jw_member_int(b, "id", r->last.conv_id);
        out_jw_member_string(b, "subject", r->last.subject);
        out_jw_member_int(b, "messages", r->last_conv_messages);
        out_jw_key(b, "last_message");
        j_touch(b, &r->last);
        out_jw_member_string(b, "text", r->last_text);
        out_jw_member_bool(b, "text_cut", r->last_text_cut);
        out_jw_end(b);
    } else {
        out_jw_null(b);
    }

    out_jw_key(b, "open_items");
    out_jw_array(b);
    for (guint i = 0; i < r->items->len; i++) {
        const pl_brief_item *it = &g_array_index(r->items, pl_brief_item, i);
        out_jw_object(b);
        out_jw_member_int(b, "id", it->id);
        out_jw_member_string(b, "kind", it->kind);
        out_jw_member_string(b, "origin", it->origin);
        out_jw_member_string(b, "text", it->text);
        out_jw_member_string(b, "sentence", it->sentence);
        j_time(b, "due", it->due_ts);
        j_time(b, "created", it->created_ts);
        out_jw_member_string(b, "source_event", it->source_key);
        out_jw_member_string(b, "about", it->about);
        out_jw_end(b);
    }
    out_jw_end(b);

    out_jw_key(b, "balance");
    out_jw_object(b);
    for (int s = 0; s < PL_SIDE__COUNT; s++) {
        const pl_brief_side *sd = &r->side[s];
        out_jw_key(b, pl_side_name(s));
        out_jw_object(b);
        out_jw_member_int(b, "messages", sd->messages);
        out_jw_member_int(b, "words", sd->words);
        out_jw_member_int(b, "turns", sd->turns);
        out_jw_member_int(b, "first_person", sd->first_person);
        out_jw_member_int(b, "second_person", sd->second_person);
        out_jw_end(b);
    }
    out_jw_member_measure(b, "their_word_share", r->talk_share);
    out_jw_end(b);
    out_jw_member_measure(b, "you_focus", r->you_focus);
    out_jw_member_measure(b, "you_focus_theirs", r->you_focus_theirs);
    out_jw_member_bool(b, "pronouns_counted", r->pronouns_counted);

    out_jw_member_int(b, "documents", r->documents);
    out_jw_member_int(b, "vocabulary", r->vocabulary);
    out_jw_key(b, "topics");
    out_jw_array(b);
    for (guint i = 0; i < r->topics->len; i++) {
        const pl_brief_topic *t = &g_array_index(r->topics, pl_brief_topic, i);
        out_jw_object(b);
        out_jw_member_string(b, "stem", t->stem);
        out_jw_member_string(b, "word", t->word);
        out_jw_member_int(b, "theirs", t->theirs);
        out_jw_member_int(b, "ours", t->ours);
        out_jw_member_int(b, "messages", t->events);
        out_jw_member_int(b, "df", t->df);
        out_jw_member_double(b, "idf", t->idf);
        out_jw_member_double(b, "score", t->score);
        j_time(b, "first", t->first_ts);
        j_time(b, "last", t->last_ts);
        out_jw_member_int(b, "recent", t->recent);
        out_jw_member_int(b, "earlier", t->earlier);
        out_jw_member_bool(b, "shared", t->shared);
        out_jw_member_bool(b, "new", t->is_new);
        out_jw_member_bool(b, "growing", t->growing);
        out_jw_end(b);
    }
    out_jw_end(b);
    out_jw_end(b);
    out_jw_finish(b);
}

/* ---------------------------------------------------------------- text */

static void print_items(const pl_brief *r, const char *kind, const char *title, int limit)
{
    guint n = 0;
    for (guint i = 0; i < r->items->len; i++)
        n += strcmp(g_array_index(r->items, pl_brief_item, i).kind, kind) == 0;
    if (!n)
        return;
    printf("\n%s (%u)\n", title, n);
    out_table *t = out_table_new("ITEM", "DUE", "ORIGIN", "TEXT", NULL);
    guint shown = 0;
    for (guint i = 0; i < r->items->len; i++) {
        const pl_brief_item *it = &g_array_index(r->items, pl_brief_item, i);
        if (strcmp(it->kind, kind) != 0)
            continue;
        if (limit > 0 && shown == (guint)limit)
            break;
        char id[24], *due = it->due_ts ? out_date(it->due_ts) : g_strdup("-");
        g_snprintf(id, sizeof id, "#%" G_GINT64_FORMAT, it->id);
        out_table_row(t, id, due, it->origin, it->text);
        g_free(due);
        shown++;
    }
    out_table_print(t, stdout, "  ");
    if (shown < n)
        printf("  … and %u more (--limit 0 shows all)\n", n - shown);
}

static void print_text(const pl_brief *r, int limit)
{
    printf("Brief: %s\n", r->label);
    if (r->identities->len > 1 ||
        (r->identities->len == 1 && !strstr(r->label, r->identities->pdata[0]))) {
        printf("  identities:");
        for (guint i = 0; i < r->identities->len && i < 8; i++)
            printf("%s %s", i ? "," : "", (char *)r->identities->pdata[i]);
        if (r->identities->len > 8)
            printf(" and %u more", r->identities->len - 8);
        printf("\n");
    }
    if (!r->events) {
        printf("  nothing recorded with them%s\n",
               r->q.since || r->q.until ? " in that range" : "");
    } else {
        char *a = out_date(r->first_ts), *z = out_date(r->last_ts);
        printf("  %u conversations, %u events, %s to %s\n", r->conversations, r->events, a, z);
        g_free(a), g_free(z);
    }

    printf("\nLast touch\n");
    out_table *t = out_table_new("CHANNEL", "DATE", "BY", "WHO", "SUBJECT", NULL);
    for (int c = 0; c < PL_CH__COUNT; c++) {
        const pl_brief_touch *x = &r->touch[c];
        if (!x->ts) {
            out_table_row(t, pl_channel_name(c), "never", "", "", "");
            continue;
        }
        char *d = out_date(x->ts), *who = who_text(x);
        const char *subj = x->subject ? x->subject : "";
        char *s = c == PL_CH_CALL
                      ? g_strdup_printf("%s%s%s", x->answered ? "answered" : "not answered",
                                        *subj ? ": " : "", subj)
                      : g_strdup(subj);
        out_table_row(t, pl_channel_name(c), d, pl_side_name(x->side), who, s);
        g_free(d), g_free(who), g_free(s);
    }
    out_table_print(t, stdout, "  ");
    if (r->last_voice_ts) {
        char *d = out_date(r->last_voice_ts);
        printf("\nVoice: last talked %s, %" G_GINT64_FORMAT " day%s ago\n", d, r->days_since_voice,
               r->days_since_voice == 1 ? "" : "s");
        g_free(d);
    } else {
        printf("\nVoice: never talked by voice (no answered call, logged call or meeting)\n");
    }

    if (r->last.ts) {
        char *d = out_date(r->last.ts), *who = who_text(&r->last);
        printf("\nLast conversation: %s (%u message%s)\n",
               r->last.subject ? r->last.subject : "(no subject)", r->last_conv_messages,
               r->last_conv_messages == 1 ? "" : "s");
        printf("  %s, %s (%s), %s:\n", d, who, pl_side_name(r->last.side),
               pl_channel_name(r->last.channel));
        if (r->last_text) {
            char **lines = g_strsplit(r->last_text, "\n", -1);
            for (char **l = lines; *l; l++)
                printf("    %s\n", *l);
            g_strfreev(lines);
            if (r->last_text_cut)
                printf("    …\n");
        } else {
            printf("    (no text stored)\n");
        }
        g_free(d), g_free(who);
    }

    if (!r->items->len)
        printf("\nOpen items: none\n");
    print_items(r, "question", "Unanswered questions", limit);
    print_items(r, "promise", "Our promises", limit);
    print_items(r, "follow-up", "Follow-ups", limit);

    printf("\nTalk / listen (e-mail and chat, human messages)\n");
    t = out_table_new("", ">MESSAGES", ">WORDS", ">TURNS", NULL);
    for (int s = 0; s < PL_SIDE__COUNT; s++) {
        const pl_brief_side *sd = &r->side[s];
        char m[16], w[16], tu[16];
        g_snprintf(m, sizeof m, "%u", sd->messages);
        g_snprintf(w, sizeof w, "%u", sd->words);
        g_snprintf(tu, sizeof tu, "%u", sd->turns);
        out_table_row(t, pl_side_name(s), m, w, s == PL_SIDE_OTHER ? "-" : tu);
    }
    out_table_print(t, stdout, "  ");
    if (r->talk_share >= 0)
        printf("  they wrote %.0f%% of the words between us\n", r->talk_share * 100);
    const pl_brief_side *us = &r->side[PL_SIDE_OURS];
    if (r->you_focus >= 0)
        printf("  you-focus of our messages: %.0f%% (%u you/your, %u I/we/our)\n",
               r->you_focus * 100, us->second_person, us->first_person);
    else if (!r->pronouns_counted)
        printf("  you-focus: not counted for this [topics] language\n");
    else
        printf("  you-focus: no pronouns in our messages\n");

    if (r->topics->len) {
        printf("\nTopics (tf-idf against %" G_GINT64_FORMAT " messages with keywords; %u stems)\n",
               r->documents, r->vocabulary);
        t = out_table_new("TOPIC", ">THEIRS", ">OURS", "FIRST", "LAST", "", NULL);
        for (guint i = 0; i < r->topics->len; i++) {
            const pl_brief_topic *x = &g_array_index(r->topics, pl_brief_topic, i);
            char th[16], ou[16], *a = out_date(x->first_ts), *z = out_date(x->last_ts);
            g_snprintf(th, sizeof th, "%u", x->theirs);
            g_snprintf(ou, sizeof ou, "%u", x->ours);
            GString *marks = g_string_new(NULL);
            const char *const names[] = {"shared", "new", "growing"};
            const gboolean on[] = {x->shared, x->is_new, x->growing};
            for (int k = 0; k < 3; k++)
                if (on[k])
                    g_string_append_printf(marks, "%s%s", marks->len ? " " : "", names[k]);
            out_table_row(t, x->word, th, ou, a, z, marks->str);
            g_free(a), g_free(z);
            g_string_free(marks, TRUE);
        }
        out_table_print(t, stdout, "  ");
    } else if (r->events) {
        printf("\nTopics: none (no stored text; bodies are off or nothing was written)\n");
    }
}

CMD(brief)
{
    gboolean json = FALSE;
    char *since = NULL, *until = NULL, *now_s = NULL;
    int window = 90, limit = 10, lines = 4;
    GOptionEntry entries[] = {
        {"since", 0, 0, G_OPTION_ARG_STRING, &since, "only events from DATE on", "DATE"},
        {"until", 0, 0, G_OPTION_ARG_STRING, &until, "only events before DATE", "DATE"},
        {"now", 0, 0, G_OPTION_ARG_STRING, &now_s, "take days and new/growing at DATE", "DATE"},
        {"window", 0, 0, G_OPTION_ARG_INT, &window,
         "topics: new = first mentioned within N days, growing = more in the newer half (90)", "N"},
        {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "topics and items shown (10; 0 = all)", "N"},
        {"lines", 0, 0, G_OPTION_ARG_INT, &lines, "lines of the last message (4)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output, every field", NULL},
        {NULL}};
    if (!cli_parse("TARGET",
                   "Where we left off with a person or an organisation: last touches, the last "
                   "conversation, open items, days since we talked, talk/listen balance, "
                   "you-focus and shared topics. TARGET: an address, phone number, chat handle, "
                   "name, domain or organisation.",
                   entries, &argc, &argv))
        return 2;
    int rc = 0;
    GError *err = NULL;
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    pl_brief_query q = {.window_days = window, .lines = lines, .topics = limit > 0 ? limit : -1};
    if (argc != 2)
        rc = cli_failf("brief: expected one TARGET (see parley brief --help)");
    else if (window <= 0 || limit < 0 || lines <= 0)
        rc = cli_failf("brief: --window and --lines take a positive number, --limit 0 or more");
    else if ((now_s && !cli_parse_date(now_s, now, &q.now, &err)) ||
             (since && !cli_parse_date(since, q.now ? q.now : now, &q.since, &err)) ||
             (until && !cli_parse_date(until, q.now ? q.now : now, &q.until, &err)))
        rc = cli_fail(err);
    else if (q.until && q.since >= q.until)
        rc = cli_failf("brief: --since must be before --until");
    if (rc == 0) {
        pl_store *st = cli_store(ctx);
        q.target = argv[1];
        pl_brief *b = st ? pl_brief_build(st, ctx->cfg, &q, &err) : NULL;
        if (!st)
            rc = 1;
        else if (!b)
            rc = cli_fail(err);
        else if (json)
            print_json(b);
        else
            print_text(b, limit);
        pl_brief_free(b);
    }
    g_free(since);
    g_free(until);
    g_free(now_s);
    return rc;
}
