/* cmd_report_response.c — parley report response: text and JSON views of
 * pl_report_response() (time from customers' messages to our first human
 * answer, per channel and per responder; share within a target; customer
 * messages still waiting; conversations only a machine acknowledged). */
#include "cli.h"
#include "dates.h"
#include "output.h"

#include <stdio.h>
#include <string.h>

static const char RULE[] =
    "time from a customer's (or prospect's) message to the first later human message of ours "
    "in the same conversation; automated messages (auto-replies, out-of-office, bulk) are never "
    "an answer nor a customer message; several customer messages before one answer are timed "
    "from the first";

/* "40s", "12m", "3h 05m", "4d 02h": ages run to days. */
static char *span_text(double s)
{
    if (s < 0)
        return g_strdup("-");
    gint64 v = (gint64)(s + 0.5);
    if (v >= 2 * 86400)
        return g_strdup_printf("%" G_GINT64_FORMAT "d %02" G_GINT64_FORMAT "h", v / 86400,
                               (v % 86400) / 3600);
    return out_duration(v);
}

/* JSON is streamed (output.c): the lists of waiting runs reach tens of
 * thousands of rows over a large store. */
static void groups_json(out_jw *w, const char *name, const char *key, const GArray *a)
{
    out_jw_key(w, name);
    out_jw_array(w);
    for (guint i = 0; i < a->len; i++) {
        const pl_response_group *g = &g_array_index(a, pl_response_group, i);
        out_jw_object(w);
        out_jw_member_string(w, key, g->key);
        out_jw_member_int(w, "answered", g->answered);
        out_jw_member_measure(w, "median_s", g->median_s);
        out_jw_member_measure(w, "p90_s", g->p90_s);
        out_jw_member_int(w, "within_target", g->within_target);
        out_jw_end(w);
    }
    out_jw_end(w);
}

static void opens_json(out_jw *w, const char *name, const GArray *a)
{
    out_jw_key(w, name);
    out_jw_array(w);
    for (guint i = 0; i < a->len; i++) {
        const pl_response_open *o = &g_array_index(a, pl_response_open, i);
        out_jw_object(w);
        out_jw_member_int(w, "conversation", o->conv_id);
        out_jw_member_int(w, "ts", o->ts);
        out_jw_member_int(w, "age_s", o->age_s);
        out_jw_member_string(w, "channel", pl_channel_name(o->channel));
        out_jw_member_string(w, "counterpart", o->counterpart);
        out_jw_member_string(w, "name", o->name);
        out_jw_member_string(w, "subject", o->subject);
        out_jw_member_int(w, "messages", o->messages);
        out_jw_member_bool(w, "auto_acknowledged", o->auto_ack);
        out_jw_end(w);
    }
    out_jw_end(w);
}

static void print_json(const pl_response_report *r, const char *tz)
{
    out_jw *w = out_jw_new(stdout);
    out_jw_object(w);
    out_jw_member_int(w, "since", r->q.since);
    out_jw_member_int(w, "until", r->q.until);
    out_jw_member_int(w, "now", r->q.now);
    out_jw_member_int(w, "target_s", r->q.target_s);
    out_jw_key(w, "business_hours");
    if (r->q.bh_end) {
        out_jw_object(w);
        out_jw_member_int(w, "start", r->q.bh_start);
        out_jw_member_int(w, "end", r->q.bh_end);
        out_jw_member_string(w, "timezone", tz ? tz : "UTC");
        out_jw_end(w);
    } else {
        out_jw_null(w);
    }
    out_jw_member_string(w, "response_means", RULE);
    out_jw_member_int(w, "messages", r->messages);
    out_jw_member_int(w, "turns", r->turns);
    out_jw_member_int(w, "answered", r->answered);
    out_jw_member_int(w, "within_target", r->within_target);
    out_jw_member_int(w, "overdue", r->overdue);
    out_jw_key(w, "within_target_share");
    if (r->answered + r->overdue)
        out_jw_double(w, (double)r->within_target / (r->answered + r->overdue));
    else
        out_jw_null(w);
    out_jw_member_measure(w, "median_s", r->median_s);
    out_jw_member_measure(w, "p90_s", r->p90_s);
    out_jw_member_int(w, "automated_ignored", r->automated_skipped);
    groups_json(w, "by_channel", "channel", r->by_channel);
    groups_json(w, "by_responder", "responder", r->by_responder);
    opens_json(w, "unanswered", r->unanswered);
    opens_json(w, "auto_only", r->auto_only);
    out_jw_end(w);
    out_jw_finish(w);
}

static void groups_text(const char *title, const char *first, const GArray *a)
{
    if (!a->len)
        return;
    printf("\n  %s\n", title);
    out_table *t = out_table_new(first, ">answered", ">median", ">p90", ">within target", NULL);
    for (guint i = 0; i < a->len; i++) {
        const pl_response_group *g = &g_array_index(a, pl_response_group, i);
        char *n = g_strdup_printf("%u", g->answered), *md = span_text(g->median_s),
             *p9 = span_text(g->p90_s), *w = out_share(g->within_target, g->answered);
        out_table_row(t, g->key, n, md, p9, w);
        g_free(n), g_free(md), g_free(p9), g_free(w);
    }
    out_table_print(t, stdout, "    ");
}

static void opens_text(const GArray *a, int limit)
{
    out_table *t =
        out_table_new("since", ">waiting", "channel", "counterpart", "subject", ">msgs", "", NULL);
    guint n = limit > 0 ? MIN(a->len, (guint)limit) : a->len;
    for (guint i = 0; i < n; i++) {
        const pl_response_open *o = &g_array_index(a, pl_response_open, i);
        char *d = out_date(o->ts), *age = span_text((double)o->age_s),
             *m = g_strdup_printf("%u", o->messages);
        out_table_row(t, d, age, pl_channel_name(o->channel), o->counterpart,
                      o->subject ? o->subject : "", m, o->auto_ack ? "auto-reply only" : "");
        g_free(d), g_free(age), g_free(m);
    }
    out_table_print(t, stdout, "    ");
    if (n < a->len)
        printf("    ... and %u more (--limit 0 lists all)\n", a->len - n);
}

static void print_text(const pl_response_report *r, const char *tz, int limit)
{
    char *from = r->q.since ? out_date(r->q.since) : g_strdup("the first message");
    char *to = r->q.until ? out_date(r->q.until) : g_strdup("now");
    char *target = span_text((double)r->q.target_s);
    printf("Response to customers from %s to %s (target %s", from, to, target);
    if (r->q.bh_end)
        printf(", business hours %02d-%02d Mon-Fri %s", r->q.bh_start, r->q.bh_end,
               tz ? tz : "UTC");
    printf(")\n  (time = %s)\n\n", RULE);
    g_free(from), g_free(to);
    char *as = out_share(r->answered, r->turns);
    printf("  customer messages: %u, in %u runs before an answer; answered by a person: %u (%s)\n",
           r->messages, r->turns, r->answered, as);
    g_free(as);
    if (r->answered) {
        char *md = span_text(r->median_s), *p9 = span_text(r->p90_s);
        char *ws = out_share(r->within_target, r->answered + r->overdue);
        printf("  time to a human answer: median %s, p90 %s\n", md, p9);
        printf("  within %s: %u of %u answered or overdue (%s)\n", target, r->within_target,
               r->answered + r->overdue, ws);
        g_free(md), g_free(p9), g_free(ws);
    }
    if (r->automated_skipped)
        printf("  automated messages not counted: %u\n", r->automated_skipped);
    g_free(target);
    groups_text("by channel", "channel", r->by_channel);
    groups_text("by responder", "responder", r->by_responder);
    printf("\nStill without a human answer (oldest first): %u, %u of them past the target\n",
           r->unanswered->len, r->overdue);
    if (r->unanswered->len)
        opens_text(r->unanswered, limit);
    printf("\nAcknowledged only by an automated message: %u\n", r->auto_only->len);
    if (r->auto_only->len)
        opens_text(r->auto_only, limit);
}

/* "09-17" -> 9, 17; FALSE when it is not two hours 0..24 in order. */
static gboolean parse_hours(const char *s, int *start, int *end)
{
    int a, b, n = 0;
    if (sscanf(s, "%2d-%2d%n", &a, &b, &n) != 2 || s[n] || a < 0 || b > 24 || a >= b)
        return FALSE;
    *start = a;
    *end = b;
    return TRUE;
}

int report_response(cli_ctx *ctx, int argc, char **argv)
{
    char *since = NULL, *until = NULL, *target = NULL, *hours = NULL, *tz = NULL, *now = NULL;
    int limit = 20;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"since", 0, 0, G_OPTION_ARG_STRING, &since,
         "customer messages from this date (YYYY-MM-DD or 30d)", "DATE"},
        {"until", 0, 0, G_OPTION_ARG_STRING, &until, "customer messages before this date", "DATE"},
        {"target", 0, 0, G_OPTION_ARG_STRING, &target,
         "answer within this span: 4h (default), 30m, 1d", "SPAN"},
        {"business-hours", 0, 0, G_OPTION_ARG_STRING, &hours,
         "count only time inside these hours Mon-Fri, e.g. 09-17", "HH-HH"},
        {"timezone", 0, 0, G_OPTION_ARG_STRING, &tz, "zone of the business hours (default UTC)",
         "ZONE"},
        {"now", 0, 0, G_OPTION_ARG_STRING, &now, "take ages at this date (reproducible reports)",
         "DATE"},
        {"limit", 0, 0, G_OPTION_ARG_INT, &limit, "rows of waiting messages shown (0 = all)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output (every row)", NULL},
        {NULL}};
    if (!cli_parse("", "Time to the first human answer to customers; who still waits.", entries,
                   &argc, &argv))
        return 2;
    pl_response_query q = {0};
    GError *err = NULL;
    gint64 clock = g_get_real_time() / G_USEC_PER_SEC;
    int rc = 0;
    if (argc > 1)
        rc = cli_failf("report response: unexpected argument \"%s\"", argv[1]);
    else if (limit < 0)
        rc = cli_failf("report response: --limit takes 0 or a positive number");
    else if (target && (q.target_s = cli_parse_span(target)) < 0)
        rc = cli_failf("report response: --target takes a span like 4h, 30m or 1d, not \"%s\"",
                       target);
    else if (hours && !parse_hours(hours, &q.bh_start, &q.bh_end))
        rc = cli_failf("report response: --business-hours takes two hours like 09-17, not \"%s\"",
                       hours);
    else if (tz && !hours)
        rc = cli_failf("report response: --timezone only applies with --business-hours");
    else if ((since && !cli_parse_date(since, clock, &q.since, &err)) ||
             (until && !cli_parse_date(until, clock, &q.until, &err)) ||
             (now && !cli_parse_date(now, clock, &q.now, &err)))
        rc = cli_fail(err);
    if (!rc) {
        q.timezone = tz;
        pl_store *st = cli_store(ctx);
        pl_response_report *r = st ? pl_report_response(st, ctx->cfg, &q, &err) : NULL;
        if (!st)
            rc = 1;
        else if (!r)
            rc = cli_fail(err);
        else if (json)
            print_json(r, tz);
        else
            print_text(r, tz, limit);
        pl_response_report_free(r);
    }
    g_free(since), g_free(until), g_free(target), g_free(hours), g_free(tz), g_free(now);
    return rc;
}
