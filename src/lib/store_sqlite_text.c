/* store_sqlite_text.c — the full-text index of the SQLite backend, kept in a
 * file of its own (<db>-text) and written by a thread of its own.
 *
 * Why apart: tokenising every body is the single biggest cost of an ingest,
 * and SQLite allows one writer per file. With the index in a second file, a
 * second connection writes it while the main connection stores events, so
 * tokenising overlaps with everything else instead of adding to it.
 *
 * The index is derived data: it records the highest event id it holds
 * ("indexed-upto"), and whenever the store opens for writing it catches up
 * from the events themselves. An interrupted ingest therefore never leaves
 * text unsearchable for good, and deleting the file only costs a rebuild.
 */
#include "store_sqlite_text.h"

#include <sqlite3.h>
#include <errno.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

/* Events waiting to be indexed, and their text: bounds memory. Deep enough
 * for the thread's bursts (a commit, a merge of segments) not to stall an
 * import of short messages; a few mails' worth of text for mail. */
#define QUEUE_MAX 16384
#define QUEUE_BYTES (4 << 20)
/* Events per commit of the index: each commit writes a segment that later
 * merges rewrite, so fewer, bigger ones (with a new file's 16 KiB pages,
 * -10 % of this thread's time over short chat messages). FTS5 still
 * flushes its terms to disk at 1 MiB, which bounds the memory. */
#define BATCH 50000
#define GROUP 64 /* events handed to the thread at a time: one wake-up, one allocation */
#define GROUP_BYTES (256 << 10) /* ... or fewer, long mails */
/* How much nicer than the rest of parley the thread runs: see lower_priority. */
#define INDEX_NICE 10

/* Events' texts on their way to the thread, their strings in one buffer
 * (offsets; -1 = NULL). */
typedef struct {
    guint n;
    gint64 id[GROUP];
    gssize subject[GROUP], body[GROUP];
    GString *buf;
} text_group;

struct text_indexer {
    sqlite3 *db;
    char *path;
    GThread *thread;
    GAsyncQueue *queue;
    GMutex lock;
    GCond room;
    int pending;         /* events queued, not yet indexed */
    gsize pending_bytes; /* ... and the size of their text */
    text_group *filling; /* the producer's, not yet queued */
    char *error;         /* first failure, reported by finish */
};

static text_group *const STOP = (text_group *)&STOP;

static gboolean exec(sqlite3 *db, const char *sql, char **error)
{
    char *msg = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return TRUE;
    if (error && !*error)
        *error = g_strdup(msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    return FALSE;
}

static void set_upto(text_indexer *t, gint64 id)
{
    char *sql = g_strdup_printf("INSERT OR REPLACE INTO meta(key, value) "
                                "VALUES ('indexed-upto', '%" G_GINT64_FORMAT "')",
                                id);
    exec(t->db, sql, &t->error);
    g_free(sql);
}

static const char *group_str(const text_group *g, gssize off)
{
    return off < 0 ? NULL : g->buf->str + off;
}

/* The index may lag behind the events (it catches up, as the file's
 * comment says); the threads that parse and store them may not. A lower
 * priority lets this thread take the CPU they leave, so that the part of
 * its work its queue holds moves to the end of an import, where the
 * refresh runs on one core and leaves the other idle: on two cores, 7-10 %
 * off a mail ingest's wall time, median of 15 alternated runs
 * (bench/ingest.sh's corpus). 10 nicer than the process, not 19: on a machine busy with
 * other work it still gets about a tenth of a core, and the queue's bound
 * makes the import wait for it rather than grow. Linux gives a thread its
 * own nice value; elsewhere it would be the process's, so nothing is done. */
static void lower_priority(void)
{
#ifdef __linux__
    id_t tid = (id_t)gettid();
    errno = 0;
    int nice = getpriority(PRIO_PROCESS, tid); /* -1 is a nice value too */
    if (errno == 0 && setpriority(PRIO_PROCESS, tid, MIN(nice + INDEX_NICE, 19)) != 0)
        g_debug("text index: setpriority: %s", g_strerror(errno));
#endif
}

static gpointer run(gpointer data)
{
    text_indexer *t = data;
    lower_priority();
    sqlite3_stmt *ins = NULL;
    sqlite3_prepare_v2(t->db, "INSERT INTO event_fts(rowid, subject, body) VALUES (?, ?, ?)", -1,
                       &ins, NULL);
    gboolean in_txn = FALSE;
    int n = 0;
    gint64 upto = 0;
    for (;;) {
        /* Wait for work; commit when idle so the index is never far behind. */
        text_group *g = g_async_queue_timeout_pop(t->queue, in_txn ? 100000 : G_USEC_PER_SEC);
        if (!g || g == STOP || n >= BATCH) {
            if (in_txn) {
                set_upto(t, upto);
                exec(t->db, "COMMIT", &t->error);
                in_txn = FALSE;
                n = 0;
            }
            if (g == STOP)
                break;
            if (!g)
                continue;
        }
        if (!in_txn)
            in_txn = exec(t->db, "BEGIN IMMEDIATE", &t->error);
        for (guint i = 0; i < g->n; i++) {
            sqlite3_reset(ins);
            sqlite3_bind_int64(ins, 1, g->id[i]);
            sqlite3_bind_text(ins, 2, group_str(g, g->subject[i]), -1, SQLITE_STATIC);
            sqlite3_bind_text(ins, 3, group_str(g, g->body[i]), -1, SQLITE_STATIC);
            if (sqlite3_step(ins) != SQLITE_DONE && !t->error)
                t->error = g_strdup(sqlite3_errmsg(t->db));
            upto = MAX(upto, g->id[i]);
        }
        n += (int)g->n;
        g_mutex_lock(&t->lock);
        t->pending -= (int)g->n;
        t->pending_bytes -= g->buf->len;
        g_cond_signal(&t->room);
        g_mutex_unlock(&t->lock);
        g_string_free(g->buf, TRUE);
        g_free(g);
    }
    sqlite3_finalize(ins);
    return NULL;
}

char *text_index_path(const char *db_path)
{
    /* An in-memory store's index is in memory too (not a file named
     * ":memory:-text" wherever the program runs). */
    if (strcmp(db_path, ":memory:") == 0)
        return g_strdup(db_path);
    return g_strconcat(db_path, "-text", NULL);
}

text_indexer *text_indexer_start(const char *db_path, GError **err)
{
    text_indexer *t = g_new0(text_indexer, 1);
    t->path = text_index_path(db_path);
    if (sqlite3_open_v2(t->path, &t->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        !exec(t->db,
              "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
              "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);"
              /* detail=column: hits by word and column, no positions (no
               * phrase queries): a third less work than full detail.
               * columnsize=0: no row of token counts per event, which only
               * bm25() ranking reads, and search orders by time: the index
               * of 940,000 chat messages in half the time (0.9 s against
               * 1.6 s, 22 MB against 32 MB). A file made before keeps its
               * counts, and works the same. */
              "CREATE VIRTUAL TABLE IF NOT EXISTS event_fts USING fts5(subject, body, "
              "content='', tokenize='porter unicode61', detail=column, columnsize=0);",
              &t->error)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "%s: %s", t->path,
                    t->error ? t->error : sqlite3_errmsg(t->db));
        sqlite3_close(t->db);
        g_free(t->error);
        g_free(t->path);
        g_free(t);
        return NULL;
    }
    sqlite3_busy_timeout(t->db, 10000);
    g_mutex_init(&t->lock);
    g_cond_init(&t->room);
    t->queue = g_async_queue_new();
    t->thread = g_thread_new("text-index", run, t);
    return t;
}

gint64 text_indexer_upto(const char *db_path)
{
    char *path = text_index_path(db_path);
    sqlite3 *db = NULL;
    gint64 v = 0;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'indexed-upto'", -1, &q,
                               NULL) == SQLITE_OK) {
            if (sqlite3_step(q) == SQLITE_ROW)
                v = sqlite3_column_int64(q, 0);
            sqlite3_finalize(q);
        }
    }
    sqlite3_close(db);
    g_free(path);
    return v;
}

/* Hands the group being filled to the thread, waiting while the queue is full. */
static void hand_over(text_indexer *t)
{
    text_group *g = t->filling;
    if (!g)
        return;
    t->filling = NULL;
    g_mutex_lock(&t->lock);
    while (t->pending && (t->pending >= QUEUE_MAX || t->pending_bytes >= QUEUE_BYTES))
        g_cond_wait(&t->room, &t->lock);
    t->pending += (int)g->n;
    t->pending_bytes += g->buf->len;
    g_mutex_unlock(&t->lock);
    g_async_queue_push(t->queue, g);
}

static gssize group_add(text_group *g, const char *s)
{
    if (!s)
        return -1;
    gssize off = (gssize)g->buf->len;
    g_string_append_len(g->buf, s, (gssize)strlen(s) + 1);
    return off;
}

void text_indexer_push(text_indexer *t, gint64 id, const char *subject, const char *body)
{
    if (!t->filling) {
        t->filling = g_new(text_group, 1);
        t->filling->n = 0;
        t->filling->buf = g_string_sized_new(4096);
    }
    text_group *g = t->filling;
    g->id[g->n] = id;
    g->subject[g->n] = group_add(g, subject);
    g->body[g->n] = group_add(g, body);
    if (++g->n == GROUP || g->buf->len >= GROUP_BYTES)
        hand_over(t);
}

gboolean text_indexer_finish(text_indexer *t, GError **err)
{
    if (!t)
        return TRUE;
    hand_over(t);
    g_async_queue_push(t->queue, STOP);
    g_thread_join(t->thread);
    gboolean ok = t->error == NULL;
    if (!ok)
        g_set_error(err, PARLEY_ERROR, PL_ERR_STORE, "%s: %s", t->path, t->error);
    g_async_queue_unref(t->queue);
    g_mutex_clear(&t->lock);
    g_cond_clear(&t->room);
    sqlite3_close(t->db);
    g_free(t->error);
    g_free(t->path);
    g_free(t);
    return ok;
}
