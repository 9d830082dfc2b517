/* store_sqlite_response.c — the SQLite backend's scan for `report response`:
 * the events of every conversation in which someone outside wrote to us in
 * the range, with each event's author, in conversation and time order, so
 * report_response.c can walk each conversation once, in memory-flat
 * streaming fashion.
 *
 * Over a million events the scan is the whole cost of the report, so it
 * reads only indexes (migration 005): event_inbound finds the conversations,
 * event_conv_time yields their events already in order with every column
 * read, and one primary-key step per event finds its author. Authors are
 * few next to events (a correspondent writes again and again), so their
 * names and categories are read once each and kept for the scan. */
#include "store_sqlite_int.h"

#include <string.h>

/* The partial index event_inbound names these values as literals. */
G_STATIC_ASSERT(PL_DIR_IN == 1);
G_STATIC_ASSERT(PL_EV_AUTOMATED == 1);
G_STATIC_ASSERT(PL_ROLE_FROM == 0);

typedef struct {
    char *value, *name;
    char *person_address; /* a number's person's first address, or NULL */
    int identity_category, person_category, org_category;
} author;

static void author_free(gpointer p)
{
    author *a = p;
    g_free(a->value);
    g_free(a->name);
    g_free(a->person_address);
    g_free(a);
}

/* The author with this identity id, from the cache or read once. */
static const author *author_get(GHashTable *cache, sqlite3_stmt *q, gint64 id)
{
    author *a = g_hash_table_lookup(cache, &id);
    if (a)
        return a;
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) != SQLITE_ROW)
        return NULL; /* a participant without its identity: no author, as a LEFT JOIN gives */
    a = g_new0(author, 1);
    a->value = g_strdup((const char *)sqlite3_column_text(q, 0));
    a->name = g_strdup((const char *)sqlite3_column_text(q, 1));
    a->identity_category = sq_col_cat(q, 2);
    a->person_category = sq_col_cat(q, 3);
    a->org_category = sq_col_cat(q, 4);
    a->person_address = g_strdup((const char *)sqlite3_column_text(q, 5));
    gint64 *key = g_new(gint64, 1);
    *key = id;
    g_hash_table_insert(cache, key, a);
    return a;
}

gboolean sq_response_each(pl_store *st, gint64 since, gint64 until, pl_response_row_cb cb,
                          gpointer user, GError **err)
{
    /* A long range reads much of the file: through mmap, not a read() per
     * page (as sq_conv_each does). */
    if (!sq_exec(st, "PRAGMA mmap_size=1073741824", err))
        return FALSE;
    sqlite3_stmt *q = NULL, *who = NULL;
    /* The inner scan finds the conversations; the outer one reads their
     * whole history, since a reply may come after `until` and the turn it
     * answers may have started before it. CROSS JOIN keeps the conversation
     * the outer loop, so its row is read once, and the events come in index
     * order (conversation, time, id) with no sort. */
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT c.id, e.id, e.ts, e.channel, e.direction, e.flags, e.subject, c.category,"
            " p.identity_id "
            "FROM conversation c CROSS JOIN event e INDEXED BY event_conv_time ON e.conv_id = c.id"
            " LEFT JOIN participant p ON p.event_id = e.id AND p.role = 0 "
            "WHERE c.id IN (SELECT conv_id FROM event INDEXED BY event_inbound"
            "  WHERE ts >= ?1 AND ts < ?2 AND direction = 1 AND (flags & 1) = 0) "
            "ORDER BY c.id, e.ts, e.id",
            -1, &q, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(
            DB(st),
            "SELECT i.value, i.name, i.category, pe.category, o.category, " SQ_PERSON_ADDRESS(
                "i") " "
                     "FROM identity i LEFT JOIN person pe ON pe.id = i.person_id"
                     " LEFT JOIN org o ON o.id = pe.org_id WHERE i.id = ?",
            -1, &who, NULL) != SQLITE_OK) {
        sqlite3_finalize(q);
        return sq_fail(st, err, "reading response times");
    }
    sqlite3_bind_int64(q, 1, since);
    sqlite3_bind_int64(q, 2, until > 0 ? until : G_MAXINT64);
    GHashTable *authors = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, author_free);
    int rc;
    gint64 last_event = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 1);
        if (id == last_event) /* a second author row (lowest identity id first): the first stands */
            continue;
        last_event = id;
        gint64 author_id = sqlite3_column_int64(q, 8);
        const author *a = author_id ? author_get(authors, who, author_id) : NULL;
        pl_response_row r = {
            .conv_id = sqlite3_column_int64(q, 0),
            .event_id = id,
            .ts = sqlite3_column_int64(q, 2),
            .channel = sqlite3_column_int(q, 3),
            .direction = sqlite3_column_int(q, 4),
            .flags = (guint)sqlite3_column_int(q, 5),
            .subject = (const char *)sqlite3_column_text(q, 6),
            .conv_category = sq_col_cat(q, 7),
            .author = a ? a->value : NULL,
            .author_name = a ? a->name : NULL,
            .author_id = a ? author_id : 0,
            .identity_category = a ? a->identity_category : -1,
            .person_category = a ? a->person_category : -1,
            .org_category = a ? a->org_category : -1,
            .person_address = a ? a->person_address : NULL,
        };
        if (!cb(&r, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    if (!ok)
        sq_fail(st, err, "reading response times");
    sqlite3_finalize(q);
    sqlite3_finalize(who);
    g_hash_table_destroy(authors);
    return ok;
}
