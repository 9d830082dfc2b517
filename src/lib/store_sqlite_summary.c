/* store_sqlite_summary.c — the SQLite side of the call list's summaries
 * (migration 010): conversation touches written with each refreshed
 * conversation, contact summaries recomputed for dirty contacts, and the
 * reads that replace the call list's old scan of every identity and every
 * recent participant (contact_summary.c says what is computed and when). */
#include "store_sqlite_int.h"

#include <string.h>

/* Only what changed is written: a new conversation has no touches yet, and
 * a conversation refreshed again (a label, a contacts import) mostly has
 * the same ones — a read costs less than rewriting two b-trees. */
gboolean sq_conv_touch_save(pl_store *st, gint64 conv_id, const pl_conv_touch *t, guint n,
                            GError **err)
{
    sqlite3_stmt *q = sq_stmt(
        st, S_TOUCH_READ, "SELECT identity_id, contact, last_ts FROM conv_touch WHERE conv_id = ?");
    if (!q)
        return sq_fail(st, err, "preparing touches");
    sqlite3_bind_int64(q, 1, conv_id);
    GArray *had = g_array_new(FALSE, FALSE, sizeof(pl_conv_touch));
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_conv_touch h = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                           sqlite3_column_int64(q, 2)};
        g_array_append_val(had, h);
    }
    sqlite3_reset(q);
    gboolean ok = rc == SQLITE_DONE || sq_fail(st, err, "reading touches");
    for (guint i = 0; ok && i < n; i++) {
        g_assert(t[i].identity_id > 0 && t[i].contact != 0);
        gboolean same = FALSE;
        for (guint k = 0; k < had->len && !same; k++) {
            pl_conv_touch *h = &g_array_index(had, pl_conv_touch, k);
            if (h->identity_id == t[i].identity_id) {
                same = h->contact == t[i].contact && h->last_ts == t[i].last_ts;
                h->identity_id = 0; /* accounted for */
            }
        }
        if (same)
            continue;
        q = sq_stmt(st, S_TOUCH_ADD,
                    "INSERT OR REPLACE INTO conv_touch(conv_id, identity_id, contact, last_ts) "
                    "VALUES (?, ?, ?, ?)");
        ok = q != NULL || sq_fail(st, err, "preparing touches");
        if (!ok)
            break;
        sqlite3_bind_int64(q, 1, conv_id);
        sqlite3_bind_int64(q, 2, t[i].identity_id);
        sqlite3_bind_int64(q, 3, t[i].contact);
        sqlite3_bind_int64(q, 4, t[i].last_ts);
        ok = sq_step_done(st, q, err, "saving touches");
    }
    for (guint k = 0; ok && k < had->len; k++) {
        const pl_conv_touch *h = &g_array_index(had, pl_conv_touch, k);
        if (!h->identity_id)
            continue;
        q = sq_stmt(st, S_TOUCH_CLEAR,
                    "DELETE FROM conv_touch WHERE conv_id = ? AND identity_id = ?");
        ok = q != NULL || sq_fail(st, err, "preparing touches");
        if (!ok)
            break;
        sqlite3_bind_int64(q, 1, conv_id);
        sqlite3_bind_int64(q, 2, h->identity_id);
        ok = sq_step_done(st, q, err, "clearing touches");
    }
    g_array_free(had, TRUE);
    return ok;
}

/* The conversations of one identity (an exact lookup, not the domain scan). */
gboolean sq_mark_identity(pl_store *st, gint64 identity_id, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_MARK_IDENTITY,
                "UPDATE conversation SET dirty = 1 WHERE id IN (SELECT e.conv_id"
                " FROM participant p JOIN event e ON e.id = p.event_id"
                " WHERE p.identity_id = ?1 UNION ALL " SQ_ROOM_CONVS("?1") ") AND dirty = 0");
    if (!q)
        return sq_fail(st, err, "preparing conversation marks");
    sqlite3_bind_int64(q, 1, identity_id);
    return sq_step_done(st, q, err, "marking conversations");
}

/* A person whose identities changed: its contact summary, and the
 * conversations of all its identities (a number classifies by its
 * person's first address, classify.c). */
gboolean sq_mark_person(pl_store *st, gint64 person_id, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_MARK_PERSON,
                "UPDATE conversation SET dirty = 1 WHERE id IN (SELECT e.conv_id"
                " FROM identity i JOIN participant p ON p.identity_id = i.id"
                " JOIN event e ON e.id = p.event_id WHERE i.person_id = ?1"
                " UNION ALL " SQ_ROOM_CONVS(
                    "SELECT id FROM identity WHERE person_id = ?1") ") AND dirty = 0");
    if (!q)
        return sq_fail(st, err, "preparing conversation marks");
    sqlite3_bind_int64(q, 1, person_id);
    return sq_step_done(st, q, err, "marking conversations") &&
           sq_contact_mark_dirty(st, person_id, err);
}

/* An organisation's new category or domain: its people's summaries and
 * conversations (those at its domain: org_touch, pending_domain). */
gboolean sq_mark_org_people(pl_store *st, gint64 org_id, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_ORG_PEOPLE_DIRTY,
                              "INSERT OR IGNORE INTO contact_dirty(id)"
                              " SELECT id FROM person WHERE org_id = ?");
    if (!q)
        return sq_fail(st, err, "preparing contact marks");
    sqlite3_bind_int64(q, 1, org_id);
    if (!sq_step_done(st, q, err, "marking contacts"))
        return FALSE;
    q = sq_stmt(
        st, S_ORG_PEOPLE_CONVS,
        "UPDATE conversation SET dirty = 1 WHERE id IN (SELECT e.conv_id FROM person p"
        " JOIN identity i ON i.person_id = p.id JOIN participant pa ON pa.identity_id = i.id"
        " JOIN event e ON e.id = pa.event_id WHERE p.org_id = ?1"
        " UNION ALL " SQ_ROOM_CONVS(
            "SELECT i.id FROM person p JOIN identity i ON i.person_id = p.id"
            " WHERE p.org_id = ?1") ") AND dirty = 0");
    if (!q)
        return sq_fail(st, err, "preparing conversation marks");
    sqlite3_bind_int64(q, 1, org_id);
    return sq_step_done(st, q, err, "marking conversations");
}

gboolean sq_contact_mark_dirty(pl_store *st, gint64 contact, GError **err)
{
    g_assert(contact != 0);
    sqlite3_stmt *q =
        sq_stmt(st, S_CONTACT_DIRTY, "INSERT OR IGNORE INTO contact_dirty(id) VALUES (?)");
    if (!q)
        return sq_fail(st, err, "preparing contact marks");
    sqlite3_bind_int64(q, 1, contact);
    return sq_step_done(st, q, err, "marking a contact");
}

/* Every summary there is (it may be no contact any more) and every identity
 * that may make one. */
gboolean sq_contact_mark_all(pl_store *st, GError **err)
{
    return sq_exec(st,
                   "INSERT OR IGNORE INTO contact_dirty(id) SELECT id FROM contact_summary;"
                   "INSERT OR IGNORE INTO contact_dirty(id)"
                   " SELECT coalesce(person_id, -id) FROM identity WHERE is_list = 0;",
                   err);
}

gboolean sq_contact_dirty_keys(pl_store *st, guint limit, GArray *keys, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st), "SELECT id FROM contact_dirty ORDER BY id LIMIT ?", -1, &q,
                           NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading dirty contacts");
    sqlite3_bind_int64(q, 1, limit);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        g_array_append_val(keys, id);
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? TRUE : sq_fail(st, err, "reading dirty contacts");
}

static char *json_ids(const gint64 *ids, guint n)
{
    GString *s = g_string_sized_new(16 + n * 8);
    g_string_append_c(s, '[');
    for (guint i = 0; i < n; i++)
        g_string_append_printf(s, "%s%" G_GINT64_FORMAT, i ? "," : "", ids[i]);
    g_string_append_c(s, ']');
    return g_string_free(s, FALSE);
}

/* The same membership rule as sq_touch_each: a person through its
 * identities that are no lists, an identity of nobody's once it took part
 * in an event. */
gboolean sq_contact_rows(pl_store *st, const gint64 *keys, guint n, pl_touch_cb cb, gpointer user,
                         GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT k.value, i.id, p.id, p.org_id, i.kind, i.value, i.name, p.name, o.name,"
            " i.category, p.category, o.category, " SQ_PERSON_ADDRESS(
                "i") " "
                     "FROM json_each(?1) k JOIN identity i ON i.person_id = k.value"
                     " JOIN person p ON p.id = i.person_id LEFT JOIN org o ON o.id = p.org_id "
                     "WHERE k.value > 0 AND i.is_list = 0 "
                     "UNION ALL "
                     "SELECT k.value, i.id, NULL, NULL, i.kind, i.value, i.name, NULL, NULL,"
                     " i.category, NULL, NULL, NULL "
                     "FROM json_each(?1) k JOIN identity i ON i.id = -k.value "
                     "WHERE k.value < 0 AND i.person_id IS NULL AND i.is_list = 0"
                     " AND EXISTS (SELECT 1 FROM participant px WHERE px.identity_id = i.id) "
                     "ORDER BY 1, 2",
            -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "preparing contact rows");
    char *ids = json_ids(keys, n);
    sqlite3_bind_text(q, 1, ids, -1, g_free);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_touch_row t = {
            .identity_id = sqlite3_column_int64(q, 1),
            .person_id = sqlite3_column_int64(q, 2),
            .org_id = sqlite3_column_int64(q, 3),
            .kind = sqlite3_column_int(q, 4),
            .value = (const char *)sqlite3_column_text(q, 5),
            .name = (const char *)sqlite3_column_text(q, 6),
            .person = (const char *)sqlite3_column_text(q, 7),
            .org = (const char *)sqlite3_column_text(q, 8),
            .identity_category = sq_col_cat(q, 9),
            .person_category = sq_col_cat(q, 10),
            .org_category = sq_col_cat(q, 11),
            .person_address = (const char *)sqlite3_column_text(q, 12),
        };
        g_assert(sqlite3_column_int64(q, 0) == (t.person_id ? t.person_id : -t.identity_id));
        if (!cb(&t, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading contact rows");
}

gboolean sq_contact_summary_set(pl_store *st, gint64 id, const pl_contact_sum *s, GError **err)
{
    g_assert(id != 0 && (!s || s->id == id));
    sqlite3_stmt *q;
    if (s) {
        /* Written only when it changed: the refresh offers the summary of
         * every identity of nobody's it meets, mostly the same again. */
        q = sq_stmt(st, S_CONTACT_SUM_SET,
                    "INSERT INTO contact_summary(id, identity_id, customer, name) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                    "identity_id = excluded.identity_id, customer = excluded.customer, "
                    "name = excluded.name WHERE identity_id IS NOT excluded.identity_id "
                    "OR customer IS NOT excluded.customer OR name IS NOT excluded.name");
        if (!q)
            return sq_fail(st, err, "preparing contact summary");
        sqlite3_bind_int64(q, 2, s->identity_id);
        sqlite3_bind_int(q, 3, s->customer != 0);
        sq_bind_text(q, 4, s->name);
    } else {
        q = sq_stmt(st, S_CONTACT_SUM_DROP, "DELETE FROM contact_summary WHERE id = ?");
        if (!q)
            return sq_fail(st, err, "preparing contact summary");
    }
    sqlite3_bind_int64(q, 1, id);
    if (!sq_step_done(st, q, err, "saving a contact summary"))
        return FALSE;
    q = sq_stmt(st, S_CONTACT_CLEAN, "DELETE FROM contact_dirty WHERE id = ?");
    if (!q)
        return sq_fail(st, err, "preparing contact marks");
    sqlite3_bind_int64(q, 1, id);
    return sq_step_done(st, q, err, "clearing a contact mark");
}

/* Conversations per contact: an open-addressing table of (contact, count),
 * because a window holds hundreds of thousands of touches and a GHashTable
 * costs an allocation and a pointer chase per contact. */
typedef struct {
    gint64 *slots; /* pairs: contact (0 = empty), count */
    gsize mask, used;
} counter;

static gint64 *counter_at(const counter *c, gint64 key)
{
    guint64 h = (guint64)key * 0x9E3779B97F4A7C15u;
    for (gsize i = (gsize)(h >> 17) & c->mask;; i = (i + 1) & c->mask)
        if (c->slots[2 * i] == key || c->slots[2 * i] == 0)
            return &c->slots[2 * i];
}

static void counter_add(counter *c, gint64 key)
{
    g_assert(key != 0);
    if (2 * (c->used + 1) > c->mask + 1) { /* keep it at most half full */
        counter old = *c;
        c->mask = old.mask ? 2 * old.mask + 1 : 1023;
        c->slots = g_new0(gint64, 2 * (c->mask + 1));
        for (gsize i = 0; old.slots && i <= old.mask; i++)
            if (old.slots[2 * i])
                memcpy(counter_at(c, old.slots[2 * i]), &old.slots[2 * i], 2 * sizeof(gint64));
        g_free(old.slots);
    }
    gint64 *s = counter_at(c, key);
    if (!s[0]) {
        s[0] = key;
        c->used++;
    }
    s[1]++;
}

static gint64 counter_get(const counter *c, gint64 key)
{
    return c->slots ? counter_at(c, key)[1] : 0;
}

/* One range of the conv_touch_recent index, counted per contact: a GROUP BY
 * would sort the whole window in a temporary b-tree (6x slower over 200,000
 * touches). Mailing-list identities are left out here rather than when
 * touches are written, because an address becomes a list only when it is
 * first seen as one, after its earlier touches were written. */
static gboolean count_recent(pl_store *st, gint64 since, counter *n, GError **err)
{
    GHashTable *lists = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    sqlite3_stmt *q = NULL;
    gboolean ok = sqlite3_prepare_v2(DB(st), "SELECT id FROM identity WHERE is_list = 1", -1, &q,
                                     NULL) == SQLITE_OK;
    int rc = SQLITE_DONE;
    while (ok && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        g_hash_table_add(lists, g_memdup2(&id, sizeof id));
    }
    ok = ok && rc == SQLITE_DONE;
    sqlite3_finalize(q);
    q = NULL;
    gboolean check_lists = g_hash_table_size(lists) > 0;
    ok = ok && sqlite3_prepare_v2(DB(st),
                                  check_lists ? "SELECT contact, identity_id FROM conv_touch "
                                                "INDEXED BY conv_touch_recent WHERE last_ts >= ?"
                                              : "SELECT contact FROM conv_touch "
                                                "INDEXED BY conv_touch_recent WHERE last_ts >= ?",
                                  -1, &q, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_int64(q, 1, since);
        while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            if (check_lists) {
                gint64 iid = sqlite3_column_int64(q, 1);
                if (g_hash_table_contains(lists, &iid))
                    continue;
            }
            counter_add(n, sqlite3_column_int64(q, 0));
        }
        ok = rc == SQLITE_DONE;
    }
    sqlite3_finalize(q);
    g_hash_table_destroy(lists);
    return ok ? TRUE : sq_fail(st, err, "reading recent conversations");
}

gboolean sq_contact_summary_each(pl_store *st, gboolean customers_only, gint64 since,
                                 pl_contact_sum_cb cb, gpointer user, GError **err)
{
    counter n = {0};
    if (!count_recent(st, since, &n, err)) {
        g_free(n.slots);
        return FALSE;
    }
    /* Customers come from the index contact_summary_customers alone. */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           customers_only
                               ? "SELECT id, identity_id, 1, name FROM contact_summary "
                                 "WHERE customer = 1 ORDER BY id"
                               : "SELECT id, identity_id, customer, name FROM contact_summary "
                                 "ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK) {
        g_free(n.slots);
        return sq_fail(st, err, "reading contact summaries");
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_contact_sum c = {
            .id = sqlite3_column_int64(q, 0),
            .identity_id = sqlite3_column_int64(q, 1),
            .customer = sqlite3_column_int(q, 2),
            .name = (const char *)sqlite3_column_text(q, 3),
        };
        c.recent = counter_get(&n, c.id);
        if (!cb(&c, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    g_free(n.slots);
    return ok ? TRUE : sq_fail(st, err, "reading contact summaries");
}

gint64 sq_conv_touch_verify(pl_store *st, GError **err)
{
#define FRESH                                                                                      \
    "SELECT e.conv_id, pa.identity_id, coalesce(i.person_id, -i.id), max(e.ts)"                    \
    " FROM event e JOIN (SELECT event_id, identity_id FROM participant"                            \
    "  UNION ALL SELECT e.id, c.room_id FROM conversation c JOIN event e ON e.conv_id = c.id"      \
    "  WHERE c.room_id IS NOT NULL) pa ON pa.event_id = e.id"                                      \
    " JOIN identity i ON i.id = pa.identity_id"                                                    \
    " JOIN conversation c ON c.id = e.conv_id GROUP BY e.conv_id, pa.identity_id"
#define KEPT "SELECT conv_id, identity_id, contact, last_ts FROM conv_touch"
    gint64 n = sq_scalar(st, "SELECT (SELECT count(*) FROM (" KEPT " EXCEPT " FRESH "))"
                             " + (SELECT count(*) FROM (" FRESH " EXCEPT " KEPT "))");
#undef FRESH
#undef KEPT
    if (n < 0)
        sq_fail(st, err, "verifying conversation touches");
    return n;
}
