/* store_sqlite_checkpoint.c — WAL checkpoints of the SQLite backend's
 * writing connection, run by a thread of their own.
 *
 * Why: with SQLite's own auto-checkpoint the connection that commits copies
 * the WAL's pages back into the database file itself, inside COMMIT. In a
 * long import that thread is the one everything waits for, and the copy
 * (reading the WAL, writing and syncing the file) was an eighth of its
 * time. A second connection checkpoints instead (PASSIVE: it never blocks
 * the writer and never waits for it) while the writer goes on inserting.
 *
 * The catch is WAL growth: SQLite only rewinds the WAL to its start when a
 * write transaction begins after a checkpoint that copied every frame, and
 * a writer that never pauses never gives it that moment. So before each
 * transaction, once the WAL holds more than RESTART_BYTES, the writer
 * waits for the checkpoint in flight and copies what it left (the last
 * commit) itself: the WAL then rewinds, and stays about that size.
 *
 * A closing store asks the thread for one last checkpoint that copies
 * everything and empties the WAL (TRUNCATE: the writer is done) before it
 * waits for its text index, so that the copy and the freeing of the WAL's
 * pages that the last connection's close would do run meanwhile.
 *
 * Nothing here changes what is durable: a checkpoint only copies committed
 * frames, and a crash at any point leaves SQLite's usual recovery. */
#include "store_sqlite_checkpoint.h"

#include <sqlite3.h>

/* WAL bytes committed since the last checkpoint that start one. */
#define START_BYTES (8 << 20)
/* WAL size at which the writer lets it rewind before its next transaction. */
#define RESTART_BYTES (64 << 20)
/* SQLite's auto-checkpoint when this thread is not running. */
#define AUTOCHECKPOINT_BYTES (32 << 20)

struct sq_checkpointer {
    sqlite3 *db; /* the checkpointing connection, used by its thread only */
    GThread *thread;
    GMutex lock;
    GCond cond;
    gboolean wanted; /* a checkpoint is asked for or running */
    gboolean again;  /* ... and another after it (sq_checkpointer_copy_all) */
    gboolean all;    /* the next one copies everything and empties the WAL */
    gboolean stop;   /* finish: the thread is to end */
    int wal_frames;  /* frames in the WAL at the writer's last commit */
    int copied;      /* frames known to be in the database file */
    int page_size;
    int start_frames, restart_frames; /* START_BYTES, RESTART_BYTES in pages */
    char *error;                      /* the first failure, kept for the log */
};

int sq_autocheckpoint(sqlite3 *db, int page_size)
{
    g_assert(page_size >= 512);
    return sqlite3_wal_autocheckpoint(db, AUTOCHECKPOINT_BYTES / page_size);
}

static gpointer run(gpointer data)
{
    sq_checkpointer *c = data;
    g_mutex_lock(&c->lock);
    for (;;) {
        while (!c->wanted && !c->stop)
            g_cond_wait(&c->cond, &c->lock);
        if (c->stop)
            break;
        c->again = FALSE;
        int mode = c->all ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE;
        c->all = FALSE;
        g_mutex_unlock(&c->lock);
        int in_log = 0, done = 0;
        int rc = sqlite3_wal_checkpoint_v2(c->db, NULL, mode, &in_log, &done);
        g_mutex_lock(&c->lock);
        if (rc == SQLITE_OK)
            c->copied = done;
        else if (rc != SQLITE_BUSY && !c->error)
            c->error = g_strdup(sqlite3_errmsg(c->db));
        c->wanted = c->again;
        g_cond_broadcast(&c->cond);
    }
    g_mutex_unlock(&c->lock);
    return NULL;
}

/* sqlite3_wal_hook: after every commit of the writer, in its thread. */
static int on_commit(void *data, sqlite3 *db, const char *schema, int frames)
{
    (void)db;
    (void)schema;
    sq_checkpointer *c = data;
    g_mutex_lock(&c->lock);
    if (frames < c->copied) /* the WAL rewound */
        c->copied = 0;
    c->wal_frames = frames;
    if (!c->wanted && frames - c->copied >= c->start_frames) {
        c->wanted = TRUE;
        g_cond_signal(&c->cond);
    }
    g_mutex_unlock(&c->lock);
    return SQLITE_OK;
}

sq_checkpointer *sq_checkpointer_start(sqlite3 *writer, const char *path, int page_size)
{
    sq_checkpointer *c = g_new0(sq_checkpointer, 1);
    /* journal_mode: a connection that has read nothing yet does not know
     * the file is in WAL mode, and its checkpoints would do nothing. */
    if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
            SQLITE_OK ||
        sqlite3_exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", NULL, NULL,
                     NULL) != SQLITE_OK) {
        /* Not fatal: the writer keeps SQLite's own checkpoints. */
        g_warning("%s: no checkpoint thread: %s", path,
                  c->db ? sqlite3_errmsg(c->db) : "out of memory");
        sqlite3_close(c->db);
        g_free(c);
        return NULL;
    }
    g_assert(page_size >= 512);
    c->page_size = page_size;
    c->start_frames = START_BYTES / page_size;
    c->restart_frames = RESTART_BYTES / page_size;
    g_mutex_init(&c->lock);
    g_cond_init(&c->cond);
    c->thread = g_thread_new("checkpoint", run, c);
    sqlite3_wal_hook(writer, on_commit, c);
    return c;
}

void sq_checkpointer_before_begin(sq_checkpointer *c, sqlite3 *writer)
{
    if (!c)
        return;
    g_mutex_lock(&c->lock);
    gboolean rewind = c->wal_frames >= c->restart_frames;
    while (rewind && c->wanted)
        g_cond_wait(&c->cond, &c->lock);
    gboolean rest = rewind && c->copied < c->wal_frames;
    g_mutex_unlock(&c->lock);
    if (!rest)
        return;
    /* Between transactions: the writer copies the last commit's frames
     * itself, so the transaction it begins next finds the WAL copied
     * through and starts it over. BUSY (a reader holds an old snapshot)
     * only means the WAL grows a while longer, as with SQLite's own. */
    int in_log = 0, done = 0;
    if (sqlite3_wal_checkpoint_v2(writer, NULL, SQLITE_CHECKPOINT_PASSIVE, &in_log, &done) ==
        SQLITE_OK) {
        g_mutex_lock(&c->lock);
        c->copied = done;
        g_mutex_unlock(&c->lock);
    }
}

void sq_checkpointer_copy_all(sq_checkpointer *c)
{
    if (!c)
        return;
    g_mutex_lock(&c->lock);
    c->all = TRUE;
    if (c->wanted) { /* the one running may have begun before the last commit */
        c->again = TRUE;
    } else {
        c->wanted = TRUE;
        g_cond_signal(&c->cond);
    }
    g_mutex_unlock(&c->lock);
}

void sq_checkpointer_finish(sq_checkpointer *c, sqlite3 *writer)
{
    if (!c)
        return;
    sq_autocheckpoint(writer, c->page_size);
    g_mutex_lock(&c->lock);
    c->stop = TRUE;
    g_cond_broadcast(&c->cond);
    g_mutex_unlock(&c->lock);
    g_thread_join(c->thread);
    if (c->error)
        g_warning("checkpoint thread: %s", c->error);
    sqlite3_close(c->db);
    g_mutex_clear(&c->lock);
    g_cond_clear(&c->cond);
    g_free(c->error);
    g_free(c);
}
