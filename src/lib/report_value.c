/* report_value.c — conversation value: of the conversations asked for, what
 * share (by count and by estimated time) went to each counterpart category,
 * inside vs outside, the top counterparts, the trend, and the goals.
 *
 * Reads only the conversation aggregates (conversation.c keeps them), one
 * row per conversation, so the cost is one indexed scan of the range.
 */
#include "store.h"

#include <string.h>

typedef struct {
    pl_value_report *r;
    GHashTable *top;     /* key -> pl_value_top* */
    GHashTable *periods; /* start -> pl_value_period* */
    gint64 cached_day;   /* rows come newest first: most share the last day's period */
    pl_value_period *cached_period;
} value_ctx;

static void add_cell(pl_value_cell *c, const pl_conv_info *ci)
{
    c->convs++;
    c->messages += ci->n_human;
    c->seconds += ci->est_seconds;
    c->voice_seconds += ci->duration_s;
}

static gint64 period_start(gint64 ts, pl_trend t, char *label, gsize n)
{
    GDateTime *dt = g_date_time_new_from_unix_utc(ts);
    GDateTime *start;
    if (t == PL_TREND_WEEK) {
        GDateTime *day = g_date_time_new_utc(g_date_time_get_year(dt), g_date_time_get_month(dt),
                                             g_date_time_get_day_of_month(dt), 0, 0, 0);
        start = g_date_time_add_days(day, 1 - g_date_time_get_day_of_week(day));
        g_date_time_unref(day);
        g_snprintf(label, n, "%04d-W%02d", g_date_time_get_week_numbering_year(start),
                   g_date_time_get_week_of_year(start));
    } else {
        start =
            g_date_time_new_utc(g_date_time_get_year(dt), g_date_time_get_month(dt), 1, 0, 0, 0);
        g_snprintf(label, n, "%04d-%02d", g_date_time_get_year(start),
                   g_date_time_get_month(start));
    }
    gint64 s = g_date_time_to_unix(start);
    g_date_time_unref(start);
    g_date_time_unref(dt);
    return s;
}

static gboolean on_conv(const pl_conv_info *ci, gpointer user)
{
    value_ctx *v = user;
    pl_value_report *r = v->r;
    int cat = (unsigned)ci->category < PL_CAT__COUNT ? ci->category : PL_CAT_UNCLASSIFIED;
    add_cell(&r->total, ci);
    add_cell(&r->by_cat[cat], ci);
    add_cell(ci->external ? &r->external : &r->internal, ci);
    if (!r->first_ts || ci->last_ts < r->first_ts)
        r->first_ts = ci->last_ts;
    r->last_ts = MAX(r->last_ts, ci->last_ts);
    if (ci->counterpart && !pl_category_is_ours(cat)) {
        pl_value_top *t = g_hash_table_lookup(v->top, ci->counterpart);
        if (!t) {
            t = g_new0(pl_value_top, 1);
            t->key = g_strdup(ci->counterpart);
            t->category = cat;
            g_hash_table_insert(v->top, t->key, t);
        }
        add_cell(&t->cell, ci);
    }
    if (r->q.trend != PL_TREND_NONE) {
        gint64 day = ci->last_ts >= 0 ? ci->last_ts / 86400 : (ci->last_ts - 86399) / 86400;
        pl_value_period *p = day == v->cached_day ? v->cached_period : NULL;
        if (!p) {
            char label[16];
            gint64 start = period_start(ci->last_ts, r->q.trend, label, sizeof label);
            p = g_hash_table_lookup(v->periods, &start);
            if (!p) {
                p = g_new0(pl_value_period, 1);
                p->start = start;
                memcpy(p->label, label, sizeof label);
                g_hash_table_insert(v->periods, &p->start, p);
            }
            v->cached_day = day;
            v->cached_period = p;
        }
        add_cell(&p->total, ci);
        add_cell(&p->by_cat[cat], ci);
    }
    return TRUE;
}

static int compare_top(gconstpointer a, gconstpointer b)
{
    const pl_value_top *x = a, *y = b;
    if (x->cell.seconds != y->cell.seconds)
        return x->cell.seconds < y->cell.seconds ? 1 : -1;
    if (x->cell.convs != y->cell.convs)
        return x->cell.convs < y->cell.convs ? 1 : -1;
    return strcmp(x->key, y->key);
}

static int compare_period(gconstpointer a, gconstpointer b)
{
    const pl_value_period *x = a, *y = b;
    return (x->start > y->start) - (x->start < y->start);
}

pl_value_report *pl_report_value(pl_store *st, const pl_config *cfg, const pl_value_query *q,
                                 GError **err)
{
    if (!pl_conversations_refresh(st, cfg, err))
        return NULL;
    pl_value_report *r = g_new0(pl_value_report, 1);
    r->q = *q;
    if (r->q.top <= 0)
        r->q.top = 10;
    r->top = g_array_new(FALSE, TRUE, sizeof(pl_value_top));
    r->trend = g_array_new(FALSE, TRUE, sizeof(pl_value_period));
    r->goals = g_array_new(FALSE, TRUE, sizeof(pl_goal_result));
    value_ctx v = {r, g_hash_table_new_full(g_str_hash, g_str_equal, NULL, NULL),
                   g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, g_free), G_MININT64,
                   NULL};
    pl_conv_filter f = {q->since, q->until, q->last_n, q->only_me, q->with_automated};
    gboolean ok = st->ops->conv_each(st, &f, on_conv, &v, err);

    GHashTableIter it;
    gpointer val;
    g_hash_table_iter_init(&it, v.top);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        g_array_append_vals(r->top, val, 1);
        g_free(val);
    }
    g_array_sort(r->top, compare_top);
    for (guint i = (guint)r->q.top; i < r->top->len; i++)
        g_free(g_array_index(r->top, pl_value_top, i).key);
    if (r->top->len > (guint)r->q.top)
        g_array_set_size(r->top, r->q.top);
    g_hash_table_iter_init(&it, v.periods);
    while (g_hash_table_iter_next(&it, NULL, &val))
        g_array_append_vals(r->trend, val, 1);
    g_array_sort(r->trend, compare_period);

    for (guint i = 0; i < cfg->goals->len; i++) {
        const pl_goal *g = &g_array_index(cfg->goals, pl_goal, i);
        double part = 0, whole = g->by_time ? (double)r->total.seconds : (double)r->total.convs;
        for (int c = 0; c < PL_CAT__COUNT; c++)
            if (g->categories & (1u << c))
                part += g->by_time ? (double)r->by_cat[c].seconds : (double)r->by_cat[c].convs;
        pl_goal_result gr = {g, whole > 0 ? part / whole : 0, FALSE};
        gr.met = whole > 0 && gr.actual + 1e-9 >= g->min_share;
        g_array_append_val(r->goals, gr);
    }
    g_hash_table_destroy(v.top);
    g_hash_table_destroy(v.periods);
    if (!ok) {
        pl_value_report_free(r);
        return NULL;
    }
    return r;
}

void pl_value_report_free(pl_value_report *r)
{
    if (!r)
        return;
    for (guint i = 0; i < r->top->len; i++)
        g_free(g_array_index(r->top, pl_value_top, i).key);
    g_array_free(r->top, TRUE);
    g_array_free(r->trend, TRUE);
    g_array_free(r->goals, TRUE);
    g_free(r);
}
