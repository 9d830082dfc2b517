/* report_response.c — `parley report response`: how long customers wait for
 * a human answer from us, on every channel, and whose messages still wait.
 *
 * The runs of customer messages and the answer to each are decided per
 * conversation by its refresh (response_runs.c) and kept in the store; the
 * report refreshes what is dirty, then reads the runs whose first message
 * is in the range (store response_runs) and adds them up: times to the
 * answer (wall-clock or business hours), shares within the target, groups
 * by channel and responder, and the runs still waiting. Names are read as
 * they stand now, by identity id. The rules are in docs/model.md,
 * "Response times"; in short, automated messages (auto-replies,
 * out-of-office, bulk) are never a turn nor an answer, and a run of
 * customer messages is timed from its first message.
 */
#include "stats.h"
#include "store.h"

#include <string.h>

#define DEFAULT_TARGET (4 * 3600)

typedef struct {
    char *key;     /* by name; NULL while grouped by identity */
    gint64 id;     /* by identity (0: no author); the hash key then */
    GArray *times; /* double: seconds to the answer */
    guint within;
} group_acc;

typedef struct {
    pl_response_report *r;
    GTimeZone *tz;          /* business-hours zone, NULL when business hours are off */
    GArray *times;          /* double, every answered turn */
    GHashTable *channels;   /* channel name -> group_acc* */
    GHashTable *responders; /* answer author id (0: none) -> group_acc* */
    GHashTable *names;      /* identity id -> ident* of the authors met */
} resp_ctx;

typedef struct {
    char *value, *name;
} ident;

static void ident_free(gpointer p)
{
    ident *i = p;
    if (!i)
        return; /* an id identity_names did not find */
    g_free(i->value);
    g_free(i->name);
    g_free(i);
}

static void group_free(gpointer p)
{
    group_acc *g = p;
    g_free(g->key);
    g_array_free(g->times, TRUE);
    g_free(g);
}

static group_acc *group_new(void)
{
    group_acc *g = g_new0(group_acc, 1);
    g->times = g_array_new(FALSE, FALSE, sizeof(double));
    return g;
}

static void group_add(GHashTable *t, const char *key, double s, gboolean within)
{
    group_acc *g = g_hash_table_lookup(t, key);
    if (!g) {
        g = group_new();
        g->key = g_strdup(key);
        g_hash_table_insert(t, g->key, g);
    }
    g_array_append_val(g->times, s);
    g->within += within != 0;
}

static void group_add_id(GHashTable *t, gint64 id, double s, gboolean within)
{
    group_acc *g = g_hash_table_lookup(t, &id);
    if (!g) {
        g = group_new();
        g->id = id;
        g_hash_table_insert(t, &g->id, g);
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

static void want_name(resp_ctx *x, gint64 id)
{
    if (id && !g_hash_table_contains(x->names, &id)) {
        gint64 *k = g_new(gint64, 1);
        *k = id;
        g_hash_table_insert(x->names, k, NULL);
    }
}

static gboolean on_run(const pl_response_run *run, gpointer user)
{
    resp_ctx *x = user;
    pl_response_report *r = x->r;
    g_assert(run->first_ts >= r->q.since && (!r->q.until || run->first_ts < r->q.until));
    r->turns++;
    /* Its messages in the range: a run may go on after --until. */
    guint in_range = run->messages;
    if (r->q.until && run->last_ts >= r->q.until) {
        in_range = 1;
        for (guint i = 0; i + 1 < run->messages; i++)
            in_range += run->later_ts[i] < r->q.until;
    }
    r->messages += in_range;
    if (run->answered) {
        gint64 s = waited(x, run->first_ts, run->answer_ts);
        gboolean within = s <= r->q.target_s;
        double d = (double)s;
        g_array_append_val(x->times, d);
        r->answered++;
        r->within_target += within;
        group_add(x->channels, pl_channel_name(run->channel), d, within);
        /* by author id for now; by the author's address once names are read */
        group_add_id(x->responders, run->answer_author_id, d, within);
        want_name(x, run->answer_author_id);
        return TRUE;
    }
    /* Still waiting: counterpart and name are filled in once names are read. */
    pl_response_open o = {.conv_id = run->conv_id,
                          .ts = run->first_ts,
                          .age_s = waited(x, run->first_ts, r->q.now),
                          .channel = run->channel,
                          .subject = g_strdup(run->subject),
                          .messages = run->messages,
                          .auto_ack = run->auto_ack,
                          .author_id = run->author_id};
    r->overdue += o.age_s > r->q.target_s;
    want_name(x, run->author_id);
    if (run->auto_only) {
        pl_response_open c = open_copy(&o);
        g_array_append_val(r->auto_only, c);
    }
    g_array_append_val(r->unanswered, o);
    return TRUE;
}

static gboolean on_name(gint64 id, const char *value, const char *name, const char *person,
                        gpointer user)
{
    GHashTable *names = user;
    ident *i = g_new0(ident, 1);
    i->value = g_strdup(value);
    i->name = g_strdup(name);
    gint64 *k = g_new(gint64, 1);
    *k = id;
    g_hash_table_replace(names, k, i);
    return TRUE;
}

/* Reads the authors met and names the waiting runs' counterparts. */
static gboolean read_names(pl_store *st, resp_ctx *x, GError **err)
{
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, x->names);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_array_append_val(ids, *(gint64 *)k);
    gboolean ok = !ids->len || st->ops->identity_names(st, (const gint64 *)(void *)ids->data,
                                                       ids->len, on_name, x->names, err);
    g_array_free(ids, TRUE);
    GArray *lists[] = {x->r->unanswered, x->r->auto_only};
    for (size_t l = 0; ok && l < G_N_ELEMENTS(lists); l++)
        for (guint i = 0; i < lists[l]->len; i++) {
            pl_response_open *o = &g_array_index(lists[l], pl_response_open, i);
            const ident *a = o->author_id ? g_hash_table_lookup(x->names, &o->author_id) : NULL;
            o->counterpart = g_strdup(a ? a->value : "(unknown)");
            o->name = a ? g_strdup(a->name) : NULL;
        }
    return ok;
}

/* The responder groups, from author ids to the authors' addresses (two
 * identities of one address, an e-mail and a handle, count as one). */
static GHashTable *responders_by_name(resp_ctx *x)
{
    GHashTable *out = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free);
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, x->responders);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        group_acc *g = v;
        const ident *a = g->id ? g_hash_table_lookup(x->names, &g->id) : NULL;
        const char *name = a ? a->value : "(unknown)";
        group_acc *into = g_hash_table_lookup(out, name);
        if (!into) {
            into = group_new();
            into->key = g_strdup(name);
            g_hash_table_insert(out, into->key, into);
        }
        g_array_append_vals(into->times, g->times->data, g->times->len);
        into->within += g->within;
    }
    return out;
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
    /* The runs are kept by the conversation refresh: bring it up to date. */
    if (!pl_conversations_refresh(st, cfg, err)) {
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
        .tz = tz,
        .times = g_array_new(FALSE, FALSE, sizeof(double)),
        .channels = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, group_free),
        .responders = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, group_free),
        .names = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, ident_free),
    };
    gint64 automated = 0;
    gboolean ok = st->ops->response_runs(st, q->since, q->until, on_run, &x, err) &&
                  st->ops->response_automated(st, q->since, q->until, &automated, err) &&
                  read_names(st, &x, err);
    r->automated_skipped = (guint)automated;
    pl_stats_sort(x.times);
    r->median_s = pl_stats_percentile(x.times, 0.5);
    r->p90_s = pl_stats_percentile(x.times, 0.9);
    GHashTable *responders = responders_by_name(&x);
    r->by_channel = groups(x.channels);
    r->by_responder = groups(responders);
    g_hash_table_destroy(responders);
    g_array_sort(r->unanswered, by_open);
    g_array_sort(r->auto_only, by_open);
    g_array_free(x.times, TRUE);
    g_hash_table_destroy(x.channels);
    g_hash_table_destroy(x.responders);
    g_hash_table_destroy(x.names);
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
