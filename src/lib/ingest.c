/* ingest.c — the write path every adapter shares: batched transactions,
 * idempotent event insertion, threading, statistics and progress.
 *
 * Adapters (mail, later calls and chats) produce pl_events and hand them to
 * pl_ingest_add(). Work is committed every BATCH_EVENTS events or
 * BATCH_SECONDS, together with the record of which files were finished, so an
 * interrupted ingest leaves a consistent store and a re-run picks up where it
 * stopped. Conversation aggregates are refreshed once at the end.
 */
#include "ingest.h"

#include "direction.h"
#include "thread.h"

#define BATCH_EVENTS 2000
#define BATCH_SECONDS 2.0
/* The bulk call path commits less often: a commit writes every page the
 * batch touched, and calls touch pages of the identity index all over. */
#define BULK_EVENTS 100000
#define BULK_SECONDS 5.0
#define PROGRESS_INTERVAL_US 200000

void pl_ingest_stats_init(pl_ingest_stats *s)
{
    memset(s, 0, sizeof *s);
    s->skip_reasons = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
}

void pl_ingest_stats_clear(pl_ingest_stats *s)
{
    if (s->skip_reasons)
        g_hash_table_destroy(s->skip_reasons);
    s->skip_reasons = NULL;
}

gboolean pl_ingest_begin(pl_ingest *ing, pl_store *st, const pl_config *cfg,
                         const pl_ingest_opts *o, pl_ingest_stats *stats, GError **err)
{
    memset(ing, 0, sizeof *ing);
    ing->st = st;
    ing->cfg = cfg;
    ing->opts = o;
    ing->stats = stats;
    ing->started = g_get_monotonic_time();
    ing->batch_started = ing->started;
    if (!st->ops->begin(st, err))
        return FALSE;
    ing->in_txn = TRUE;
    return TRUE;
}

static gboolean commit_batch(pl_ingest *ing, GError **err)
{
    pl_store *st = ing->st;
    if (!st->ops->commit(st, err))
        return FALSE;
    ing->in_txn = FALSE;
    ing->batch_events = 0;
    ing->batch_started = g_get_monotonic_time();
    if (!st->ops->begin(st, err))
        return FALSE;
    ing->in_txn = TRUE;
    return TRUE;
}

gboolean pl_ingest_maybe_commit(pl_ingest *ing, GError **err)
{
    gint64 now = g_get_monotonic_time();
    if (ing->batch_events >= BATCH_EVENTS ||
        (ing->batch_events && now - ing->batch_started > BATCH_SECONDS * G_USEC_PER_SEC))
        return commit_batch(ing, err);
    return TRUE;
}

void pl_ingest_progress(pl_ingest *ing, gboolean force)
{
    if (!ing->opts || !ing->opts->progress)
        return;
    gint64 now = g_get_monotonic_time();
    if (!force && now - ing->last_progress < PROGRESS_INTERVAL_US)
        return;
    ing->last_progress = now;
    ing->stats->seconds = (now - ing->started) / (double)G_USEC_PER_SEC;
    ing->opts->progress(ing->stats, ing->opts->progress_user);
}

void pl_ingest_skip(pl_ingest *ing, const char *where, const char *reason)
{
    pl_ingest_stats *s = ing->stats;
    s->skipped++;
    gpointer n = g_hash_table_lookup(s->skip_reasons, reason);
    g_hash_table_insert(s->skip_reasons, g_strdup(reason),
                        GSIZE_TO_POINTER(GPOINTER_TO_SIZE(n) + 1));
    if (ing->opts && ing->opts->warn)
        ing->opts->warn(where, reason, ing->opts->warn_user);
}

gboolean pl_ingest_add(pl_ingest *ing, pl_event *ev, gint64 source_id, const char *location,
                       GError **err)
{
    pl_store *st = ing->st;
    if (ev->channel == PL_CH_EMAIL) {
        if (!ing->direction_guess_made) {
            ing->direction_guess = pl_direction_guess_new(st, ing->cfg);
            ing->direction_guess_made = TRUE;
        }
        if (ing->direction_guess)
            ev->direction = pl_direction_guess_event(ing->direction_guess, ev);
    }
    gint64 id = 0;
    /* Mail is threaded as it is added: its row is written in its
     * conversation. */
    pl_conv_pick_fn pick = ev->channel == PL_CH_EMAIL ? pl_thread_pick : NULL;
    pl_add_result r = st->ops->event_add(st, ev, source_id, location, pick, NULL, &id, err);
    if (r == PL_ADD_FAILED)
        return FALSE;
    ing->last_event_id = id;
    ing->last_new = r == PL_ADD_NEW;
    if (r == PL_ADD_DUPLICATE) {
        ing->stats->duplicates++;
        return TRUE;
    }
    ing->stats->added++;
    ing->batch_events++;
    if (ev->channel == PL_CH_EMAIL)
        return TRUE;
    /* Chats are grouped into sessions by their adapter (chat_session.c). */
    if (ev->channel == PL_CH_CHAT)
        return TRUE;
    /* Other channels bring their own grouping; until then one event, one
     * conversation. */
    gint64 conv = st->ops->conv_new(st, ev->channel, NULL, ev->ts, err);
    return conv && st->ops->event_set_conv(st, id, conv, err);
}

gboolean pl_ingest_add_calls(pl_ingest *ing, pl_call_add *calls, guint n, gint64 source_id,
                             gpointer conv, GError **err)
{
    pl_store *st = ing->st;
    if (!st->ops->call_add_batch(st, calls, n, source_id, pl_conv_one_compute, conv, err))
        return FALSE;
    for (guint i = 0; i < n; i++) {
        if (calls[i].result == PL_ADD_NEW) {
            ing->stats->added++;
            ing->batch_events++;
        } else {
            ing->stats->duplicates++;
        }
    }
    return pl_ingest_bulk_commit(ing, BULK_EVENTS, err);
}

gboolean pl_ingest_bulk_commit(pl_ingest *ing, guint max_events, GError **err)
{
    gint64 now = g_get_monotonic_time();
    if (ing->batch_events >= max_events ||
        (ing->batch_events && now - ing->batch_started > BULK_SECONDS * G_USEC_PER_SEC))
        return commit_batch(ing, err);
    return TRUE;
}

gboolean pl_ingest_finish(pl_ingest *ing, gboolean ok, GError **err)
{
    pl_store *st = ing->st;
    pl_direction_guess_free(ing->direction_guess);
    ing->direction_guess = NULL;
    if (ing->in_txn) {
        if (ok)
            ok = st->ops->commit(st, err);
        else
            st->ops->rollback(st);
        ing->in_txn = FALSE;
    }
    ok = ok && pl_conversations_refresh(st, ing->cfg, err);
    ing->stats->seconds = (g_get_monotonic_time() - ing->started) / (double)G_USEC_PER_SEC;
    pl_ingest_progress(ing, TRUE);
    return ok;
}
