/* thread.h — mail threading into conversations (JWZ over the store). */
#ifndef PARLEY_THREAD_H
#define PARLEY_THREAD_H

#include "store.h"

/* Days either side within which a reply without references may join an
 * earlier conversation of the same subject (see thread.c). */
#define PL_THREAD_SUBJECT_WINDOW_DAYS 14

/* Chooses the conversation of a mail about to be added (event_add's pick:
 * identity_ids are its participants'), linking it into the reference graph
 * and merging the conversations it connects. */
gboolean pl_thread_pick(pl_store *st, const pl_event *ev, const gint64 *identity_ids, guint n,
                        gpointer user, gint64 *conv_id, GError **err);

#endif
