/* store_sqlite_sync.c — where an incremental folder sync stands
 * (sync_state, migration 007): read before a folder is synced, written
 * inside the ingest transaction each time the UID high-water mark moves, so
 * the mark is committed exactly together with the events it covers. */
#include "store_sqlite_int.h"

gboolean sq_sync_state_get(pl_store *st, gint64 source_id, gint64 *validity, gint64 *high_water)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_SYNC_GET, "SELECT validity, high_water FROM sync_state WHERE source_id = ?");
    sqlite3_bind_int64(q, 1, source_id);
    if (sqlite3_step(q) != SQLITE_ROW)
        return FALSE;
    *validity = sqlite3_column_int64(q, 0);
    *high_water = sqlite3_column_int64(q, 1);
    return TRUE;
}

gboolean sq_sync_state_set(pl_store *st, gint64 source_id, gint64 validity, gint64 high_water,
                           GError **err)
{
    g_assert(source_id > 0 && high_water >= 0);
    sqlite3_stmt *q = sq_stmt(st, S_SYNC_SET,
                              "INSERT OR REPLACE INTO sync_state(source_id, validity, high_water, "
                              "synced_ts) VALUES (?, ?, ?, ?)");
    sqlite3_bind_int64(q, 1, source_id);
    sqlite3_bind_int64(q, 2, validity);
    sqlite3_bind_int64(q, 3, high_water);
    sqlite3_bind_int64(q, 4, g_get_real_time() / G_USEC_PER_SEC);
    return sq_step_done(st, q, err, "recording how far the sync got");
}
