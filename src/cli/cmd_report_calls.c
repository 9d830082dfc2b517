/* cmd_report_calls.c — parley report calls: text and JSON views of
 * pl_report_calls() (answer rates of outbound calls by caller-ID
 * presentation, line and agent; time to a person for inbound calls). */
#include "cli.h"
#include "dates.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

/* Below this many calls a rate is flagged: its interval is wide. */
#define SMALL_N 10

static const char ANSWER_RULE[] =
    "a person answered: the call was answered with talk time, not in an IVR context "
    "([calls] ivr-contexts), its last application was no machine (VoiceMail, Playback, "
    "BackGround, ...) and, where the record names it, it was bridged to someone; Twilio's "
    "answered_by decides when present (docs/config.md, \"Answered by a person\")";
static const char WAIT_RULE[] =
    "start of the call to a person answering: the first answer when a person took the call, "
    "else (an IVR or queue answered first) the moment the person's leg began, end minus talk "
    "time, and never less than the queue wait";

/* "45s", "2m 05s", "1h 02m": waits need seconds, which out_duration drops. */
static char *wait_text(double s)
{
    if (s < 0)
        return g_strdup("-");
    gint64 v = (gint64)(s + 0.5);
    if (v < 60)
        return g_strdup_printf("%" G_GINT64_FORMAT "s", v);
    if (v < 3600)
        return g_strdup_printf("%" G_GINT64_FORMAT "m %02" G_GINT64_FORMAT "s", v / 60, v % 60);
    return g_strdup_printf("%" G_GINT64_FORMAT "h %02" G_GINT64_FORMAT "m", v / 3600,
                           (v % 3600) / 60);
}

static void rate_json(JsonBuilder *b, const pl_rate_row *r, gboolean with_key)
{
    json_builder_begin_object(b);
    if (with_key) {
        json_builder_set_member_name(b, "key");
        json_builder_add_string_value(b, r->key);
    }
    json_builder_set_member_name(b, "calls");
    json_builder_add_int_value(b, r->n);
    json_builder_set_member_name(b, "answered");
    json_builder_add_int_value(b, r->answered);
    json_builder_set_member_name(b, "rate");
    if (r->n)
        json_builder_add_double_value(b, (double)r->answered / r->n);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "wilson_lo");
    json_builder_add_double_value(b, r->lo);
    json_builder_set_member_name(b, "wilson_hi");
    json_builder_add_double_value(b, r->hi);
    json_builder_set_member_name(b, "withheld");
    json_builder_add_int_value(b, r->withheld);
    json_builder_set_member_name(b, "small_sample");
    json_builder_add_boolean_value(b, r->n < SMALL_N);
    json_builder_end_object(b);
}

static void rows_json(JsonBuilder *b, const char *name, const GArray *rows, gboolean only_withheld)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_array(b);
    for (guint i = 0; i < rows->len; i++) {
        const pl_rate_row *r = &g_array_index(rows, pl_rate_row, i);
        if (!only_withheld || r->withheld)
            rate_json(b, r, TRUE);
    }
    json_builder_end_array(b);
}

static void add_int(JsonBuilder *b, const char *name, gint64 v)
{
    json_builder_set_member_name(b, name);
    json_builder_add_int_value(b, v);
}

static void add_share(JsonBuilder *b, const char *name, double part, double whole)
{
    json_builder_set_member_name(b, name);
    if (whole > 0)
        json_builder_add_double_value(b, part / whole);
    else
        json_builder_add_null_value(b);
}

static void print_json(const pl_calls_report *r)
{
    JsonBuilder *b = json_builder_new();
    json_builder_begin_object(b);
    add_int(b, "since", r->q.since);
    add_int(b, "until", r->q.until);
    add_int(b, "threshold_s", r->q.threshold_s);
    add_int(b, "calls", r->calls);
    add_int(b, "internal", r->internal);
    add_int(b, "unknown_direction", r->unknown);

    json_builder_set_member_name(b, "outbound");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "answered_means");
    json_builder_add_string_value(b, ANSWER_RULE);
    json_builder_set_member_name(b, "total");
    rate_json(b, &r->out_total, FALSE);
    json_builder_set_member_name(b, "by_presentation");
    json_builder_begin_object(b);
    for (int i = 0; i < 3; i++) {
        json_builder_set_member_name(b, r->by_class[i].key);
        rate_json(b, &r->by_class[i], FALSE);
    }
    json_builder_end_object(b);
    rows_json(b, "by_line", r->by_line, FALSE);
    rows_json(b, "by_agent", r->by_agent, FALSE);
    rows_json(b, "withheld_lines", r->by_line, TRUE);
    rows_json(b, "withheld_agents", r->by_agent, TRUE);
    json_builder_end_object(b);

    json_builder_set_member_name(b, "inbound");
    json_builder_begin_object(b);
    add_int(b, "calls", r->inbound);
    add_int(b, "reached_person", r->in_human);
    add_share(b, "reached_person_share", r->in_human, r->inbound);
    json_builder_set_member_name(b, "time_to_person_means");
    json_builder_add_string_value(b, WAIT_RULE);
    add_int(b, "timed", r->in_timed);
    json_builder_set_member_name(b, "median_s");
    if (r->in_timed)
        json_builder_add_double_value(b, r->tth_median);
    else
        json_builder_add_null_value(b);
    json_builder_set_member_name(b, "p90_s");
    if (r->in_timed)
        json_builder_add_double_value(b, r->tth_p90);
    else
        json_builder_add_null_value(b);
    add_int(b, "over_threshold", r->over_threshold);
    add_share(b, "over_threshold_share", r->over_threshold, r->in_timed);
    add_int(b, "gave_up", r->in_gave_up);
    add_share(b, "gave_up_share", r->in_gave_up, r->inbound);
    add_int(b, "gave_up_after_machine", r->in_gave_up_machine);
    add_int(b, "not_connected", r->in_not_connected);
    json_builder_set_member_name(b, "gave_up_top");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->gave_up_top->len; i++) {
        const pl_gaveup_row *g = &g_array_index(r->gave_up_top, pl_gaveup_row, i);
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "number");
        json_builder_add_string_value(b, g->number);
        json_builder_set_member_name(b, "person");
        if (g->person)
            json_builder_add_string_value(b, g->person);
        else
            json_builder_add_null_value(b);
        json_builder_set_member_name(b, "organisation");
        if (g->org)
            json_builder_add_string_value(b, g->org);
        else
            json_builder_add_null_value(b);
        add_int(b, "calls", g->calls);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
    out_json(b);
}

static void rate_table_row(out_table *t, const pl_rate_row *r)
{
    char *n = g_strdup_printf("%u", r->n), *a = g_strdup_printf("%u", r->answered);
    char *rate = out_share(r->answered, r->n);
    char *ci = r->n ? g_strdup_printf("%.1f–%.1f%%", r->lo * 100, r->hi * 100) : g_strdup("-");
    out_table_row(t, r->key, n, a, rate, ci, r->n < SMALL_N ? "n<10: read with care" : "");
    g_free(n), g_free(a), g_free(rate), g_free(ci);
}

static void rate_table(const char *title, const pl_rate_row *rows, guint n, const char *first)
{
    printf("\n  %s\n", title);
    out_table *t = out_table_new(first, ">calls", ">answered", ">rate", ">95% interval", "", NULL);
    for (guint i = 0; i < n; i++)
        rate_table_row(t, &rows[i]);
    out_table_print(t, stdout, "    ");
}

static void print_withheld(const char *what, const GArray *rows, gboolean *any)
{
    for (guint i = 0; i < rows->len; i++) {
        const pl_rate_row *r = &g_array_index(rows, pl_rate_row, i);
        if (!r->withheld)
            continue;
        if (!*any)
            printf("\n  calling out with caller ID withheld\n");
        *any = TRUE;
        printf("    %-6s %s: %u of %u outbound calls\n", what, r->key, r->withheld, r->n);
    }
}

static void print_text(const pl_calls_report *r)
{
    char *from = r->q.since ? out_date(r->q.since) : g_strdup("the first call");
    char *to = r->q.until ? out_date(r->q.until) : g_strdup("the last");
    printf("Calls from %s to %s: %u (%u outbound, %u inbound, %u internal", from, to, r->calls,
           r->outbound, r->inbound, r->internal);
    if (r->unknown)
        printf(", %u of unknown direction", r->unknown);
    printf(")\n");
    g_free(from);
    g_free(to);
    if (!r->calls) {
        printf("\nno calls in this range: import call records with `parley ingest --cdr`\n");
        return;
    }

    printf("\nOutbound: answered by a person\n");
    printf("  (\"answered\" = %s)\n", ANSWER_RULE);
    if (r->outbound) {
        pl_rate_row cls[4] = {r->by_class[0], r->by_class[1], r->by_class[2], r->out_total};
        rate_table("by caller-ID presentation", cls, 4, "presentation");
        rate_table("by line / trunk", (const pl_rate_row *)(void *)r->by_line->data,
                   r->by_line->len, "line");
        rate_table("by agent", (const pl_rate_row *)(void *)r->by_agent->data, r->by_agent->len,
                   "agent");
        gboolean any = FALSE;
        print_withheld("line", r->by_line, &any);
        print_withheld("agent", r->by_agent, &any);
        if (!any)
            printf("\n  no line or agent calls out with caller ID withheld\n");
    } else {
        printf("  no outbound calls\n");
    }

    char *thr = wait_text((double)r->q.threshold_s);
    printf("\nInbound: time to a person (threshold %s)\n", thr);
    printf("  (time = %s)\n", WAIT_RULE);
    if (r->inbound) {
        char *hs = out_share(r->in_human, r->inbound), *gs = out_share(r->in_gave_up, r->inbound);
        printf("  %u inbound calls; reached a person: %u (%s)%s\n", r->inbound, r->in_human, hs,
               r->inbound < SMALL_N ? "  n<10: read with care" : "");
        printf("  hung up before reaching anyone: %u (%s), %u of them after an IVR, queue or "
               "voicemail answered\n",
               r->in_gave_up, gs, r->in_gave_up_machine);
        if (r->in_not_connected)
            printf("  not connected (busy, failed, congestion): %u\n", r->in_not_connected);
        g_free(hs), g_free(gs);
        if (r->in_timed) {
            char *md = wait_text(r->tth_median), *p9 = wait_text(r->tth_p90);
            char *os = out_share(r->over_threshold, r->in_timed);
            printf("  time to a person: median %s, p90 %s; over %s: %u of %u (%s)%s\n", md, p9, thr,
                   r->over_threshold, r->in_timed, os,
                   r->in_timed < SMALL_N ? "  n<10: read with care" : "");
            g_free(md), g_free(p9), g_free(os);
        }
        if (r->gave_up_top->len) {
            printf("\n  numbers that gave up most\n");
            out_table *t = out_table_new("number", "who", "organisation", ">calls", NULL);
            for (guint i = 0; i < r->gave_up_top->len; i++) {
                const pl_gaveup_row *g = &g_array_index(r->gave_up_top, pl_gaveup_row, i);
                char *n = g_strdup_printf("%u", g->calls);
                out_table_row(t, g->number, g->person ? g->person : "", g->org ? g->org : "", n);
                g_free(n);
            }
            out_table_print(t, stdout, "    ");
        }
    } else {
        printf("  no inbound calls\n");
    }
    g_free(thr);
}

int report_calls(cli_ctx *ctx, int argc, char **argv)
{
    char *since = NULL, *until = NULL, *threshold = NULL;
    int top = 10;
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"since", 0, 0, G_OPTION_ARG_STRING, &since, "calls from this date (YYYY-MM-DD or 30d)",
         "DATE"},
        {"until", 0, 0, G_OPTION_ARG_STRING, &until, "calls before this date", "DATE"},
        {"threshold", 0, 0, G_OPTION_ARG_STRING, &threshold,
         "time-to-person threshold: 2m (default), 90s, 1h", "SPAN"},
        {"top", 0, 0, G_OPTION_ARG_INT, &top, "how many numbers that gave up (default 10)", "N"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {NULL}};
    if (!cli_parse("", "Answer rates of outbound calls, time to a person for inbound calls.",
                   entries, &argc, &argv))
        return 2;
    pl_calls_query q = {.top = top, .threshold_s = 120};
    GError *err = NULL;
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    int rc = 0;
    if (argc > 1)
        rc = cli_failf("report calls: unexpected argument \"%s\"", argv[1]);
    else if (top < 0)
        rc = cli_failf("report calls: --top takes a positive number");
    else if (threshold && (q.threshold_s = cli_parse_span(threshold)) < 0)
        rc = cli_failf("report calls: --threshold takes a span like 2m, 90s or 1h, not \"%s\"",
                       threshold);
    else if ((since && !cli_parse_date(since, now, &q.since, &err)) ||
             (until && !cli_parse_date(until, now, &q.until, &err)))
        rc = cli_fail(err);
    if (!rc) {
        pl_store *st = cli_store(ctx);
        pl_calls_report *r = st ? pl_report_calls(st, ctx->cfg, &q, &err) : NULL;
        if (!st)
            rc = 1;
        else if (!r)
            rc = cli_fail(err);
        else if (json)
            print_json(r);
        else
            print_text(r);
        pl_calls_report_free(r);
    }
    g_free(since);
    g_free(until);
    g_free(threshold);
    return rc;
}
