/* report_calls.c — `parley report calls`: how often our outbound calls reach a
 * person, split by how our caller ID was presented, by line and by agent,
 * with Wilson intervals so small samples are not over-read; and how long
 * inbound callers wait for a person, and who gave up.
 *
 * Reads every call in the range once through the store's call_each (one
 * query) and aggregates in memory: per-group counters in hash tables and one
 * array of waiting times for the percentiles.
 */
#include "stats.h"
#include "store.h"

#include <math.h>
#include <string.h>

/* Wilson score interval for a binomial proportion p = s / n:
 *
 *   centre = (p + z²/2n) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²)
 *   [lo, hi] = [centre − half, centre + half]
 *
 * Unlike the normal approximation p ± z·sqrt(p(1−p)/n) it stays inside
 * [0, 1] and is honest for 0 or n successes and for small n, which is what
 * a per-agent answer rate over a handful of calls needs. z = 1.959964 for
 * 95 %. n = 0 says nothing: [0, 1]. */
void pl_wilson(guint successes, guint n, double z, double *lo, double *hi)
{
    if (n == 0) {
        *lo = 0;
        *hi = 1;
        return;
    }
    double nn = n, p = (double)MIN(successes, n) / nn, z2 = z * z;
    double denom = 1 + z2 / nn;
    double centre = (p + z2 / (2 * nn)) / denom;
    double half = z / denom * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
    *lo = MAX(0.0, centre - half);
    *hi = MIN(1.0, centre + half);
}

#define Z95 1.959963984540054

typedef struct {
    pl_calls_report *r;
    const pl_config *cfg;
    GHashTable *lines, *agents; /* key -> pl_rate_row* (owned by the table) */
    GHashTable *gave_up;        /* number -> pl_gaveup_row* */
    GArray *waits;              /* double: seconds to a person */
} calls_ctx;

static void rate_add(pl_rate_row *row, const pl_call_row *c)
{
    row->n++;
    row->answered += c->call.answered_by_human != 0;
    row->withheld += c->call.presentation == PL_PRES_WITHHELD;
}

static void rate_free(gpointer p)
{
    pl_rate_row *row = p;
    g_free(row->key);
    g_free(row);
}

static void group_add(GHashTable *t, const char *key, const pl_call_row *c)
{
    if (!key || !*key)
        key = "(none)";
    pl_rate_row *row = g_hash_table_lookup(t, key);
    if (!row) {
        row = g_new0(pl_rate_row, 1);
        row->key = g_strdup(key);
        g_hash_table_insert(t, row->key, row);
    }
    rate_add(row, c);
}

static gboolean listed(GPtrArray *list, const char *v)
{
    for (guint i = 0; v && list && i < list->len; i++)
        if (g_ascii_strcasecmp(list->pdata[i], v) == 0)
            return TRUE;
    return FALSE;
}

/* Seconds from the start of an inbound call to a person answering, -1 when
 * the record cannot tell. The person's leg is taken to run until the call
 * ends (the caller hangs up on the person, not on the IVR), so the person
 * answered at end − talk; that moment is never before the first answer
 * (ring) nor less than the queue wait (the queue is entered at or after the
 * start). A plain call answered by the person gives its ring time; a call an
 * IVR or queue answered first gives the later moment the person picked up. */
static gint64 time_to_human(const pl_call *c)
{
    gint64 t = -1;
    if (c->answer_ts > 0)
        t = c->answer_ts - c->start_ts;
    if (c->end_ts > 0 && c->talk_s > 0)
        t = MAX(t, c->end_ts - c->talk_s - c->start_ts);
    if (c->queue_wait_s >= 0)
        t = MAX(t, c->queue_wait_s);
    return t < 0 ? -1 : t;
}

static gboolean on_call(const pl_call_row *c, gpointer user)
{
    calls_ctx *x = user;
    pl_calls_report *r = x->r;
    r->calls++;
    if (c->direction == PL_DIR_OUT) {
        r->outbound++;
        rate_add(&r->out_total, c);
        int cls = (unsigned)c->call.presentation < 3 ? c->call.presentation : PL_PRES_WITHHELD;
        rate_add(&r->by_class[cls], c);
        group_add(x->lines, c->call.line, c);
        group_add(x->agents, c->call.agent, c);
    } else if (c->direction == PL_DIR_IN) {
        r->inbound++;
        const char *out = c->call.outcome ? c->call.outcome : "";
        if (c->call.answered_by_human) {
            r->in_human++;
            gint64 t = time_to_human(&c->call);
            if (t >= 0) {
                double d = (double)t;
                g_array_append_val(x->waits, d);
                r->over_threshold += t > r->q.threshold_s;
            }
        } else if (strcmp(out, "BUSY") == 0 || strcmp(out, "FAILED") == 0 ||
                   strcmp(out, "CONGESTION") == 0) {
            r->in_not_connected++;
        } else {
            /* Rang out, cancelled, or hung up on an IVR, a queue or voicemail. */
            r->in_gave_up++;
            if (strcmp(out, "ANSWERED") == 0 || c->call.queue_wait_s >= 0 ||
                listed(x->cfg->ivr_contexts, c->call.context) ||
                listed(x->cfg->queue_contexts, c->call.context))
                r->in_gave_up_machine++;
            const char *num = c->caller ? c->caller
                              : c->call.presentation != PL_PRES_WITHHELD && c->call.presented_number
                                  ? c->call.presented_number
                                  : "(withheld)";
            pl_gaveup_row *g = g_hash_table_lookup(x->gave_up, num);
            if (!g) {
                g = g_new0(pl_gaveup_row, 1);
                g->number = g_strdup(num);
                g->person = g_strdup(c->caller_person);
                g->org = g_strdup(c->caller_org);
                g_hash_table_insert(x->gave_up, g->number, g);
            }
            g->calls++;
        }
    } else if (c->direction == PL_DIR_INTERNAL) {
        r->internal++;
    } else {
        r->unknown++;
    }
    return TRUE;
}

static void gaveup_clear(gpointer p)
{
    pl_gaveup_row *g = p;
    g_free(g->number);
    g_free(g->person);
    g_free(g->org);
}

static gint by_rate_row(gconstpointer a, gconstpointer b)
{
    const pl_rate_row *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

static gint by_gaveup(gconstpointer a, gconstpointer b)
{
    const pl_gaveup_row *x = a, *y = b;
    if (x->calls != y->calls)
        return x->calls > y->calls ? -1 : 1;
    return strcmp(x->number, y->number);
}

static GArray *table_rows(GHashTable *t)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(pl_rate_row));
    GHashTableIter it;
    gpointer v;
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        pl_rate_row row = *(pl_rate_row *)v;
        row.key = g_strdup(row.key);
        pl_wilson(row.answered, row.n, Z95, &row.lo, &row.hi);
        g_array_append_val(a, row);
    }
    g_array_sort(a, by_rate_row);
    return a;
}

pl_calls_report *pl_report_calls(pl_store *st, const pl_config *cfg, const pl_calls_query *q,
                                 GError **err)
{
    pl_calls_report *r = g_new0(pl_calls_report, 1);
    r->q = *q;
    if (r->q.threshold_s <= 0)
        r->q.threshold_s = 120;
    static const char *const class_names[] = {"named", "number-only", "withheld"};
    for (int i = 0; i < 3; i++)
        r->by_class[i].key = g_strdup(class_names[i]);
    r->out_total.key = g_strdup("all");
    calls_ctx x = {
        .r = r,
        .cfg = cfg,
        .lines = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, rate_free),
        .agents = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, rate_free),
        .gave_up = g_hash_table_new_full(g_str_hash, g_str_equal, NULL, g_free),
        .waits = g_array_new(FALSE, FALSE, sizeof(double)),
    };
    gboolean ok = st->ops->call_each(st, q->since, q->until, on_call, &x, err);
    if (ok) {
        pl_wilson(r->out_total.answered, r->out_total.n, Z95, &r->out_total.lo, &r->out_total.hi);
        for (int i = 0; i < 3; i++)
            pl_wilson(r->by_class[i].answered, r->by_class[i].n, Z95, &r->by_class[i].lo,
                      &r->by_class[i].hi);
        r->by_line = table_rows(x.lines);
        r->by_agent = table_rows(x.agents);
        pl_stats_sort(x.waits);
        r->in_timed = x.waits->len;
        r->tth_median = pl_stats_percentile(x.waits, 0.5);
        r->tth_p90 = pl_stats_percentile(x.waits, 0.9);
        r->gave_up_top = g_array_new(FALSE, FALSE, sizeof(pl_gaveup_row));
        g_array_set_clear_func(r->gave_up_top, gaveup_clear);
        GHashTableIter it;
        gpointer v;
        g_hash_table_iter_init(&it, x.gave_up);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            pl_gaveup_row g = *(pl_gaveup_row *)v;
            /* The array takes the strings over; the table keeps only its shell. */
            g_hash_table_iter_steal(&it);
            g_free(v);
            g_array_append_val(r->gave_up_top, g);
        }
        g_array_sort(r->gave_up_top, by_gaveup);
        if (r->gave_up_top->len > (guint)MAX(q->top, 0))
            g_array_set_size(r->gave_up_top, MAX(q->top, 0));
    }
    g_hash_table_destroy(x.lines);
    g_hash_table_destroy(x.agents);
    g_hash_table_destroy(x.gave_up);
    g_array_free(x.waits, TRUE);
    if (!ok) {
        pl_calls_report_free(r);
        return NULL;
    }
    return r;
}

static void rows_free(GArray *a)
{
    for (guint i = 0; a && i < a->len; i++)
        g_free(g_array_index(a, pl_rate_row, i).key);
    if (a)
        g_array_free(a, TRUE);
}

void pl_calls_report_free(pl_calls_report *r)
{
    if (!r)
        return;
    g_free(r->out_total.key);
    for (int i = 0; i < 3; i++)
        g_free(r->by_class[i].key);
    rows_free(r->by_line);
    rows_free(r->by_agent);
    if (r->gave_up_top)
        g_array_free(r->gave_up_top, TRUE);
    g_free(r);
}
