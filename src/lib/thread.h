/* thread.h — mail threading into conversations (JWZ over the store). */
#ifndef PARLEY_THREAD_H
#define PARLEY_THREAD_H

#include "store.h"

/* Days either side within which a reply without references may join an
 * earlier conversation of the same subject (see thread.c). */
#define PL_THREAD_SUBJECT_WINDOW_DAYS 14

/* Puts a newly added mail event into a conversation, linking it into the
 * reference graph and merging conversations it connects. */
gboolean pl_thread_event(pl_store *st, gint64 event_id, const pl_event *ev, GError **err);

#endif
