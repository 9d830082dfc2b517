/* items_detect.h — detected open items, decided per conversation by the
 * conversation refresh (items_detect.c; rules in docs/model.md, "Open
 * items"). Internal to libparley. */
#ifndef PARLEY_ITEMS_DETECT_H
#define PARLEY_ITEMS_DETECT_H

#include "store.h"

G_BEGIN_DECLS

/* One event as the refresh saw it: its conversation, time, channel, the
 * direction it just computed, flags, and who it is about. */
typedef struct pl_detect_event {
    gint64 conv_id, event_id, ts;
    int channel, direction;
    guint flags;
    pl_target_ids author;    /* the author's identity, person, organisation */
    pl_target_ids recipient; /* the first To/Cc recipient who is not us nor a list */
    pl_target_ids list;      /* the mailing list or chat room it went through */
    int detect_v, detect_n;  /* as stored: rules version of its sentences, how many */
} pl_detect_event;

/* Brings the detected items of the conversations in events (a GArray of
 * pl_detect_event, grouped by conversation, each in time order, as the
 * refresh reads them) up to date: questions in inbound human messages,
 * promises in outbound ones, questions closed by a later human message of
 * ours, items whose message no longer qualifies removed unless a user
 * closed them. Writes through the store in the caller's transaction.
 * fresh: the conversations were created by this import and never joined
 * with others, so none of their events has an item yet and none is looked
 * up. */
gboolean pl_items_detect(pl_store *st, const pl_config *cfg, GArray *events, gboolean fresh,
                         GError **err);

/* pl_items_detect in two steps, for a refresh that reads on one
 * connection while it writes on another (conversation.c): the plan reads
 * what it needs through st (sentences, the items already there) and
 * decides every change; applying it writes them. events must outlive the
 * plan; what the plan reads is not written between the two steps (each
 * conversation's items are its own). NULL on a read error (err set). */
typedef struct pl_items_plan pl_items_plan;
pl_items_plan *pl_items_plan_new(pl_store *st, const pl_config *cfg, GArray *events, gboolean fresh,
                                 GError **err);
gboolean pl_items_plan_apply(pl_store *st, pl_items_plan *plan, GError **err);
void pl_items_plan_free(pl_items_plan *plan);

/* The shortened text of a detected item: the sentence cut on a word
 * boundary at max_chars with an ellipsis. */
char *pl_item_text_of(const char *sentence, glong max_chars);

G_END_DECLS

#endif
