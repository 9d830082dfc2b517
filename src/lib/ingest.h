/* ingest.h — the shared write path of every adapter (see ingest.c). */
#ifndef PARLEY_INGEST_H
#define PARLEY_INGEST_H

#include "store.h"

#include <string.h>

typedef struct {
    pl_store *st;
    const pl_config *cfg;
    const pl_ingest_opts *opts;
    pl_ingest_stats *stats;
    gint64 started, batch_started, last_progress;
    guint batch_events;
    gboolean in_txn;
    gint64 last_event_id; /* id of the event the last pl_ingest_add() added or found */
    gboolean last_new;    /* ... and whether it was new */
    struct pl_direction_guess *direction_guess; /* made for the first mail */
    gboolean direction_guess_made;
} pl_ingest;

gboolean pl_ingest_begin(pl_ingest *ing, pl_store *st, const pl_config *cfg,
                         const pl_ingest_opts *o, pl_ingest_stats *stats, GError **err);
/* Adds one event (ownership stays with the caller). Duplicates are counted.
 * A mail's direction is set to what the refresh will most likely find
 * (direction.h). */
gboolean pl_ingest_add(pl_ingest *ing, pl_event *ev, gint64 source_id, const char *location,
                       GError **err);
/* Commits when the batch is full; call between files, never mid-file. */
gboolean pl_ingest_maybe_commit(pl_ingest *ing, GError **err);
/* Counts and reports a record that was not ingested. */
void pl_ingest_skip(pl_ingest *ing, const char *where, const char *reason);
void pl_ingest_progress(pl_ingest *ing, gboolean force);
/* Adds calls through the store's bulk path (call_add_batch), their
 * conversations computed at once by conv (pl_conv_one_compute); counts
 * them like pl_ingest_add and commits when a large batch is full. */
gboolean pl_ingest_add_calls(pl_ingest *ing, pl_call_add *calls, guint n, gint64 source_id,
                             gpointer conv, GError **err);

/* For the bulk paths (calls, chats), after each batch: commits when a
 * large batch (max_events events, or 5 seconds) is full. */
gboolean pl_ingest_bulk_commit(pl_ingest *ing, guint max_events, GError **err);

/* The aggregates of conversations of one event (calls) by the rules of
 * pl_conversations_refresh (conversation.c): a pl_conv_one_fn. */
typedef struct pl_conv_one pl_conv_one;
pl_conv_one *pl_conv_one_new(pl_store *st, const pl_config *cfg, GError **err);
void pl_conv_one_free(pl_conv_one *c);
void pl_conv_one_compute(const pl_conv_row *rows, guint n, pl_conv_summary *out, int *direction,
                         gpointer user);

/* A conversation whose aggregates are folded one event at a time (chat
 * sessions), by the rules of a refresh: pl_conv_one_event adds an event
 * (its rows as conv_rows_dirty gives them, one event) to f, or with f NULL
 * only computes it, and returns the direction a refresh would store; de,
 * when given, gets what open-item detection needs of it.
 * pl_conv_fold_finish gives the aggregates (strings valid while f lives). */
typedef struct pl_conv_fold pl_conv_fold;
struct pl_detect_event;
pl_conv_fold *pl_conv_fold_new(gint64 conv_id);
void pl_conv_fold_free(pl_conv_fold *f);
int pl_conv_one_event(pl_conv_one *c, pl_conv_fold *f, const pl_conv_row *rows, guint n,
                      struct pl_detect_event *de);
void pl_conv_fold_finish(pl_conv_one *c, pl_conv_fold *f, pl_conv_summary *out);

/* Commits (or rolls back when !ok) and refreshes conversations. */
gboolean pl_ingest_finish(pl_ingest *ing, gboolean ok, GError **err);

#endif
