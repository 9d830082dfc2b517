/* report_response.c — `parley report response`: how long customers wait for
 * a human answer from us, on every channel, and whose messages still wait.
 *
 * One streaming pass over the store's response_each rows (every event of the
 * conversations where someone outside wrote to us in the range, in time
 * order): per conversation a small state machine finds runs of customer
 * messages ("turns") and the first human message of ours after each. The
 * rules are in docs/model.md, "Response times"; in short, automated messages
 * (auto-replies, out-of-office, bulk) are never a turn nor an answer, and a
 * run of customer messages is timed from its first message.
 */
#include "classify.h"
#include "stats.h"
#include "store.h"

#include <string.h>

#define DEFAULT_TARGET (4 * 3600)

typedef struct {
    char *key;
    GArray *times; /* double: seconds to the answer */
    guint within;
} group_acc;

typedef struct {
    pl_response_report *r;
    const pl_config *cfg;
    pl_classifier *cls;
    GTimeZone *tz;                     /* business-hours zone, NULL when business hours are off */
    GArray *times;                     /* double, every answered turn */
    GHashTable *channels, *responders; /* key -> group_acc* */
    GHashTable *customer;              /* author id -> is a customer + 1: classified once */
    /* the conversation being read */
    gint64 conv_id;
    gboolean active, counted, answered_before;
    pl_response_open turn; /* the run of customer messages awaiting an answer */
} resp_ctx;

static void group_free(gpointer p)
{
    group_acc *g = p;
    g_free(g->key);
    g_array_free(g->times, TRUE);
    g_free(g);
}

static void group_add(GHashTable *t, const char *key, double s, gboolean within)
{
    group_acc *g = g_hash_table_lookup(t, key);
    if (!g) {
        g = g_new0(group_acc, 1);
        g->key = g_strdup(key);
        g->times = g_array_new(FALSE, FALSE, sizeof(double));
        g_hash_table_insert(t, g->key, g);
    }
    g_array_append_val(g->times, s);
    g->within += within != 0;
}

/* Business seconds of [from, to): the overlap with [start h, end h) of each
 * Monday to Friday in tz. Whole weeks in the middle are counted at once (5
 * days of end − start hours each), so a year-old message costs no more than
 * a fortnight's walk; across a DST change that shortcut may be off by the
 * hour the clocks moved. */
static gint64 business_seconds(gint64 from, gint64 to, int start, int end, GTimeZone *tz)
{
    if (to <= from || end <= start)
        return 0;
    gint64 total = 0, week = 7 * 86400;
    gint64 weeks = (to - from) / week - 1;
    if (weeks > 0) {
        total += weeks * 5 * (gint64)(end - start) * 3600;
        from += weeks * week;
    }
    GDateTime *t = g_date_time_new_from_unix_utc(from);
    GDateTime *local = g_date_time_to_timezone(t, tz);
    g_date_time_unref(t);
    int y = g_date_time_get_year(local), m = g_date_time_get_month(local),
        d = g_date_time_get_day_of_month(local);
    g_date_time_unref(local);
    GDateTime *day = g_date_time_new(tz, y, m, d, 0, 0, 0);
    while (day && g_date_time_to_unix(day) < to) {
        int dow = g_date_time_get_day_of_week(day); /* 1 = Monday */
        if (dow <= 5) {
            GDateTime *a = g_date_time_add_hours(day, start), *b = g_date_time_add_hours(day, end);
            gint64 lo = MAX(from, g_date_time_to_unix(a)), hi = MIN(to, g_date_time_to_unix(b));
            if (hi > lo)
                total += hi - lo;
            g_date_time_unref(a);
            g_date_time_unref(b);
        }
        GDateTime *next = g_date_time_add_days(day, 1);
        g_date_time_unref(day);
        day = next;
    }
    if (day)
        g_date_time_unref(day);
    return total;
}

static GTimeZone *zone_new(const char *name)
{
    return name && *name ? g_time_zone_new_identifier(name) : g_time_zone_new_utc();
}

gint64 pl_business_seconds(gint64 from, gint64 to, int bh_start, int bh_end, const char *tz)
{
    GTimeZone *z = zone_new(tz);
    if (!z)
        return -1;
    gint64 s = business_seconds(from, to, bh_start, bh_end, z);
    g_time_zone_unref(z);
    return s;
}

/* Elapsed waiting time: wall-clock, or business time when that is on. */
static gint64 waited(const resp_ctx *x, gint64 from, gint64 to)
{
    if (to <= from)
        return 0;
    return x->tz ? business_seconds(from, to, x->r->q.bh_start, x->r->q.bh_end, x->tz) : to - from;
}

static void open_clear(gpointer p)
{
    pl_response_open *o = p;
    g_free(o->counterpart);
    g_free(o->name);
    g_free(o->subject);
}

static pl_response_open open_copy(const pl_response_open *o)
{
    pl_response_open c = *o;
    c.counterpart = g_strdup(o->counterpart);
    c.name = g_strdup(o->name);
    c.subject = g_strdup(o->subject);
    return c;
}

/* The end of a conversation: a run still waiting is unanswered. */
static void close_conv(resp_ctx *x)
{
    pl_response_report *r = x->r;
    if (x->active && x->counted) {
        x->turn.age_s = waited(x, x->turn.ts, r->q.now);
        r->overdue += x->turn.age_s > r->q.target_s;
        pl_response_open c = open_copy(&x->turn);
        g_array_append_val(r->unanswered, c);
        if (x->turn.auto_ack && !x->answered_before) {
            c = open_copy(&x->turn);
            g_array_append_val(r->auto_only, c);
        }
    }
    open_clear(&x->turn);
    memset(&x->turn, 0, sizeof x->turn);
    x->active = x->counted = x->answered_before = FALSE;
}

static gboolean is_customer(const resp_ctx *x, const pl_response_row *e)
{
    /* The same few authors write again and again: each is classified once. */
    gpointer known = e->author_id ? g_hash_table_lookup(x->customer, &e->author_id) : NULL;
    if (known)
        return GPOINTER_TO_INT(known) - 1;
    int c = e->conv_category;
    if (e->author)
        c = pl_config_is_me(x->cfg, e->author)
                ? PL_CAT_INTERNAL
                : pl_classify_person(x->cls, e->author, e->person_address, e->identity_category,
                                     e->person_category, e->org_category);
    gboolean yes = c == PL_CAT_CUSTOMER || c == PL_CAT_PROSPECT;
    if (e->author_id && e->author) {
        gint64 *k = g_new(gint64, 1);
        *k = e->author_id;
        g_hash_table_insert(x->customer, k, GINT_TO_POINTER(yes + 1));
    }
    return yes;
}

static gboolean on_row(const pl_response_row *e, gpointer user)
{
    resp_ctx *x = user;
    pl_response_report *r = x->r;
    if (e->conv_id != x->conv_id) {
        close_conv(x);
        x->conv_id = e->conv_id;
    }
    if (e->flags & PL_EV_AUTOMATED) {
        /* Never a turn, never an answer: only noted as an acknowledgement. */
        r->automated_skipped++;
        if (x->active && e->direction != PL_DIR_IN)
            x->turn.auto_ack = TRUE;
        return TRUE;
    }
    gboolean call = e->channel == PL_CH_CALL;
    if (e->direction == PL_DIR_IN) {
        /* An inbound call a person took was answered there and then
         * (`report calls` times it); only a missed one waits for us. */
        if ((call && (e->flags & PL_EV_HUMAN_ANSWER)) || !is_customer(x, e))
            return TRUE;
        gboolean in_range = e->ts >= r->q.since && (!r->q.until || e->ts < r->q.until);
        if (!x->active) {
            if (!in_range && e->ts >= r->q.since)
                return TRUE; /* after the range: not ours to time */
            x->active = TRUE;
            x->counted = in_range;
            x->turn.conv_id = e->conv_id;
            x->turn.ts = e->ts;
            x->turn.channel = e->channel;
            x->turn.counterpart = g_strdup(e->author ? e->author : "(unknown)");
            x->turn.name = g_strdup(e->author_name);
            x->turn.subject = g_strdup(e->subject);
            r->turns += x->counted;
        }
        if (x->counted) {
            x->turn.messages++;
            r->messages += in_range;
        }
        return TRUE;
    }
    if (e->direction != PL_DIR_OUT || (call && !(e->flags & PL_EV_HUMAN_ANSWER)))
        return TRUE; /* colleagues among themselves, or a call nobody took */
    if (x->active && x->counted) {
        gint64 s = waited(x, x->turn.ts, e->ts);
        gboolean within = s <= r->q.target_s;
        double d = (double)s;
        g_array_append_val(x->times, d);
        r->answered++;
        r->within_target += within;
        group_add(x->channels, pl_channel_name(x->turn.channel), d, within);
        group_add(x->responders, e->author ? e->author : "(unknown)", d, within);
    }
    if (x->active) {
        open_clear(&x->turn);
        memset(&x->turn, 0, sizeof x->turn);
        x->active = x->counted = FALSE;
    }
    x->answered_before = TRUE;
    return TRUE;
}

static gint by_group(gconstpointer a, gconstpointer b)
{
    const pl_response_group *x = a, *y = b;
    if (x->answered != y->answered)
        return x->answered > y->answered ? -1 : 1;
    return strcmp(x->key, y->key);
}

static gint by_open(gconstpointer a, gconstpointer b)
{
    const pl_response_open *x = a, *y = b;
    if (x->ts != y->ts)
        return x->ts < y->ts ? -1 : 1;
    return (x->conv_id > y->conv_id) - (x->conv_id < y->conv_id);
}

static void group_clear(gpointer p)
{
    g_free(((pl_response_group *)p)->key);
}

static GArray *groups(GHashTable *t)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(pl_response_group));
    g_array_set_clear_func(a, group_clear);
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        group_acc *g = v;
        pl_stats_sort(g->times);
        pl_response_group row = {g_strdup(g->key), g->times->len, g->within,
                                 pl_stats_percentile(g->times, 0.5),
                                 pl_stats_percentile(g->times, 0.9)};
        g_array_append_val(a, row);
    }
    g_array_sort(a, by_group);
    return a;
}

pl_response_report *pl_report_response(pl_store *st, const pl_config *cfg,
                                       const pl_response_query *q, GError **err)
{
    if (q->bh_end && (q->bh_start < 0 || q->bh_end > 24 || q->bh_start >= q->bh_end)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "business hours must be a range of hours within 0-24, like 09-17");
        return NULL;
    }
    GTimeZone *tz = NULL;
    if (q->bh_end && !(tz = zone_new(q->timezone))) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "\"%s\" is not a known time zone",
                    q->timezone);
        return NULL;
    }
    /* Directions and categories come from the conversation refresh. */
    if (!pl_conversations_refresh(st, cfg, err)) {
        if (tz)
            g_time_zone_unref(tz);
        return NULL;
    }
    pl_classifier *cls = pl_classifier_new(st, cfg, err);
    if (!cls) {
        if (tz)
            g_time_zone_unref(tz);
        return NULL;
    }
    pl_response_report *r = g_new0(pl_response_report, 1);
    r->q = *q;
    r->q.timezone = NULL; /* not owned: the caller's string may go */
    if (r->q.target_s <= 0)
        r->q.target_s = DEFAULT_TARGET;
    if (r->q.now <= 0)
        r->q.now = g_get_real_time() / G_USEC_PER_SEC;
    r->unanswered = g_array_new(FALSE, FALSE, sizeof(pl_response_open));
    g_array_set_clear_func(r->unanswered, open_clear);
    r->auto_only = g_array_new(FALSE, FALSE, sizeof(pl_response_open));
    g_array_set_clear_func(r->auto_only, open_clear);
    resp_ctx x = {
        .r = r,
        .cfg = cfg,
        .cls = cls,
        .tz = tz,
        .times = g_array_new(FALSE, FALSE, sizeof(double)),
        .channels = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free),
        .responders = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free),
        .customer = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
    };
    gboolean ok = st->ops->response_each(st, q->since, q->until, on_row, &x, err);
    close_conv(&x);
    pl_stats_sort(x.times);
    r->median_s = pl_stats_percentile(x.times, 0.5);
    r->p90_s = pl_stats_percentile(x.times, 0.9);
    r->by_channel = groups(x.channels);
    r->by_responder = groups(x.responders);
    g_array_sort(r->unanswered, by_open);
    g_array_sort(r->auto_only, by_open);
    g_array_free(x.times, TRUE);
    g_hash_table_destroy(x.channels);
    g_hash_table_destroy(x.responders);
    g_hash_table_destroy(x.customer);
    pl_classifier_free(cls);
    if (tz)
        g_time_zone_unref(tz);
    if (!ok) {
        pl_response_report_free(r);
        return NULL;
    }
    return r;
}

void pl_response_report_free(pl_response_report *r)
{
    if (!r)
        return;
    GArray *arrays[] = {r->by_channel, r->by_responder, r->unanswered, r->auto_only};
    for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++)
        if (arrays[i])
            g_array_free(arrays[i], TRUE);
    g_free(r);
}
