/* store_sqlite_checkpoint.h — a thread that checkpoints the WAL of the
 * SQLite backend's writing connection (store_sqlite_checkpoint.c). Not for
 * use outside store_sqlite*.c. */
#ifndef PARLEY_STORE_SQLITE_CHECKPOINT_H
#define PARLEY_STORE_SQLITE_CHECKPOINT_H

#include <glib.h>
#include <sqlite3.h>

typedef struct sq_checkpointer sq_checkpointer;

/* SQLite's own auto-checkpoint, for when no checkpoint thread runs: every
 * 32 MiB of WAL (db's pages being page_size bytes). Returns an SQLite
 * result code. */
int sq_autocheckpoint(sqlite3 *db, int page_size);

/* Takes over the checkpoints of writer (the database at path) from SQLite's
 * auto-checkpoint; NULL (logged) when it cannot, and SQLite's own stay. */
sq_checkpointer *sq_checkpointer_start(sqlite3 *writer, const char *path, int page_size);
/* Before the writer begins a transaction: lets a grown WAL rewind. */
void sq_checkpointer_before_begin(sq_checkpointer *c, sqlite3 *writer);
/* Has the thread copy every committed frame now, without waiting for it:
 * a closing store asks it before it waits for its text index, so that the
 * copy its last connection's close would make runs meanwhile. */
void sq_checkpointer_copy_all(sq_checkpointer *c);
/* Ends the thread and gives the checkpoints back to SQLite. NULL is fine. */
void sq_checkpointer_finish(sq_checkpointer *c, sqlite3 *writer);

#endif
