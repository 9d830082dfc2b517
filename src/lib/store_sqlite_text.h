/* store_sqlite_text.h — the SQLite backend's full-text index, written by a
 * thread of its own into a file of its own (see store_sqlite_text.c). */
#ifndef PARLEY_STORE_SQLITE_TEXT_H
#define PARLEY_STORE_SQLITE_TEXT_H

#include "parley.h"

typedef struct text_indexer text_indexer;

/* <db>-text: the file that holds the index. */
char *text_index_path(const char *db_path);
/* Highest event id the index holds (0 when there is no index yet). */
gint64 text_indexer_upto(const char *db_path);
text_indexer *text_indexer_start(const char *db_path, GError **err);
/* Queues one event's text (copied; handed to the thread 64 at a time); blocks
 * while the queue is full. */
void text_indexer_push(text_indexer *t, gint64 id, const char *subject, const char *body);
/* Drains the queue, commits and stops the thread. NULL is a no-op. */
gboolean text_indexer_finish(text_indexer *t, GError **err);

#endif
