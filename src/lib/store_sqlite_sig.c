/* store_sqlite_sig.c — the SQLite side of phone numbers from mail
 * signatures (migration 010: sig_number, sig_link): recording sightings,
 * reading them for signature_links.c, and the links it decides, marked
 * like contacts' links so conversations and call-list summaries follow. */
#include "store_sqlite_int.h"

#include <string.h>

gboolean sq_sig_dirty(pl_store *st, GError **err)
{
    sqlite3_stmt *q =
        sq_stmt(st, S_SIG_DIRTY,
                "INSERT OR REPLACE INTO meta(key, value) VALUES ('signature-links', 'dirty')");
    return q ? sq_step_done(st, q, err, "asking for signature links")
             : sq_fail(st, err, "preparing signature links");
}

/* Contacts take the identity: a link the signatures made goes, and when the
 * identity is in a signature (as number or author) whose numbers are is
 * decided again. */
gboolean sq_sig_take(pl_store *st, gint64 identity_id, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_SIG_UNLINK, "DELETE FROM sig_link WHERE identity_id = ?");
    if (!q)
        return sq_fail(st, err, "preparing signature links");
    sqlite3_bind_int64(q, 1, identity_id);
    if (!sq_step_done(st, q, err, "removing a signature link"))
        return FALSE;
    q = sq_stmt(st, S_SIG_SEEN,
                "SELECT EXISTS (SELECT 1 FROM sig_number WHERE number_id = ?1)"
                " OR EXISTS (SELECT 1 FROM sig_number WHERE author_id = ?1)");
    if (!q)
        return sq_fail(st, err, "preparing signature links");
    sqlite3_bind_int64(q, 1, identity_id);
    gboolean seen = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0);
    sqlite3_reset(q);
    return !seen || sq_sig_dirty(st, err);
}

gboolean sq_sig_number_add(pl_store *st, gint64 event_id, const char *author, const char *number,
                           GError **err)
{
    g_assert(author && number && number[0] == '+');
    sqlite3_stmt *q =
        sq_stmt(st, S_SIG_AUTHOR, "SELECT id FROM identity WHERE kind = ? AND value = ?");
    sqlite3_bind_int(q, 1, PL_ID_EMAIL);
    sq_bind_text(q, 2, author);
    gint64 author_id = sq_step_int64(q);
    sqlite3_reset(q);
    if (!author_id) /* the event's author is stored with the event: cannot be missing */
        return sq_fail(st, err, "recording a signature number (author unknown)");
    gint64 number_id = sq_identity_ensure(st, PL_ID_PHONE, number, NULL, err);
    if (!number_id)
        return FALSE;
    q = sq_stmt(
        st, S_SIG_ADD,
        "INSERT OR IGNORE INTO sig_number(number_id, author_id, event_id) VALUES (?, ?, ?)");
    sqlite3_bind_int64(q, 1, number_id);
    sqlite3_bind_int64(q, 2, author_id);
    sqlite3_bind_int64(q, 3, event_id);
    if (!sq_step_done(st, q, err, "recording a signature number"))
        return FALSE;
    return sqlite3_changes(DB(st)) == 0 || sq_sig_dirty(st, err);
}

gboolean sq_sig_each(pl_store *st, pl_sig_cb cb, gpointer user, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT s.number_id, s.author_id, n.value, a.value, a.name, n.person_id, a.person_id,"
            " ln.identity_id IS NOT NULL, la.identity_id IS NOT NULL, pn.name, pa.name, o.name,"
            " count(*), max(e.ts) "
            "FROM sig_number s JOIN identity n ON n.id = s.number_id"
            " JOIN identity a ON a.id = s.author_id JOIN event e ON e.id = s.event_id"
            " LEFT JOIN sig_link ln ON ln.identity_id = n.id"
            " LEFT JOIN sig_link la ON la.identity_id = a.id"
            " LEFT JOIN person pn ON pn.id = n.person_id LEFT JOIN person pa ON pa.id = a.person_id"
            " LEFT JOIN org o ON o.id = pa.org_id "
            "GROUP BY s.number_id, s.author_id ORDER BY n.value, a.value",
            -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading signature numbers");
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_sig_row r = {
            .number_id = sqlite3_column_int64(q, 0),
            .author_id = sqlite3_column_int64(q, 1),
            .number = (const char *)sqlite3_column_text(q, 2),
            .author = (const char *)sqlite3_column_text(q, 3),
            .author_name = (const char *)sqlite3_column_text(q, 4),
            .number_person = sqlite3_column_int64(q, 5),
            .author_person = sqlite3_column_int64(q, 6),
            .number_by_sig = sqlite3_column_int(q, 7),
            .author_by_sig = sqlite3_column_int(q, 8),
            .number_person_name = (const char *)sqlite3_column_text(q, 9),
            .author_person_name = (const char *)sqlite3_column_text(q, 10),
            .author_org = (const char *)sqlite3_column_text(q, 11),
            .messages = sqlite3_column_int64(q, 12),
            .last_ts = sqlite3_column_int64(q, 13),
        };
        if (!cb(&r, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading signature numbers");
}

/* One statement with up to two integer parameters (0 binds NULL). */
static gboolean run2(pl_store *st, const char *sql, gint64 a, gint64 b, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "preparing a signature link");
    if (a)
        sqlite3_bind_int64(q, 1, a);
    if (b && sqlite3_bind_parameter_count(q) >= 2)
        sqlite3_bind_int64(q, 2, b);
    gboolean ok = sq_step_done(st, q, err, "saving a signature link");
    sqlite3_finalize(q);
    return ok;
}

gboolean sq_sig_link_set(pl_store *st, gint64 identity_id, gint64 person_id, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_SIG_OWNER, "SELECT person_id FROM identity WHERE id = ?");
    sqlite3_bind_int64(q, 1, identity_id);
    if (sqlite3_step(q) != SQLITE_ROW)
        return sq_fail(st, err, "linking a signature number (no such identity)");
    gint64 was = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    if (was == person_id)
        return TRUE;
    gboolean ok =
        run2(st, "UPDATE identity SET person_id = ?1 WHERE id = ?2", person_id, identity_id, err) &&
        (person_id
             ? run2(st, "INSERT OR REPLACE INTO sig_link(identity_id, person_id) VALUES (?1, ?2)",
                    identity_id, person_id, err)
             : run2(st, "DELETE FROM sig_link WHERE identity_id = ?1", identity_id, 0, err));
    /* Its conversations and both contacts, as a contacts link would; the
     * people's other identities too (their numbers classify by the person's
     * first address). */
    return ok && sq_mark_identity(st, identity_id, err) &&
           sq_contact_mark_dirty(st, was ? was : -identity_id, err) &&
           (!was || sq_mark_person(st, was, err)) &&
           (!person_id || sq_mark_person(st, person_id, err));
}

gint64 sq_sig_person(pl_store *st, gint64 author_id, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT i.value, i.name, i.person_id, (SELECT o.id FROM org o"
                           " WHERE o.domain = substr(i.value, instr(i.value, '@') + 1)"
                           " ORDER BY o.id LIMIT 1) FROM identity i WHERE i.id = ?",
                           -1, &q, NULL) != SQLITE_OK) {
        sq_fail(st, err, "preparing a person from a signature");
        return 0;
    }
    sqlite3_bind_int64(q, 1, author_id);
    gint64 id = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        char *key = g_strconcat("sig:", (const char *)sqlite3_column_text(q, 0), NULL);
        char *name = g_strdup((const char *)sqlite3_column_text(q, 1));
        gint64 org = sqlite3_column_int64(q, 3);
        sqlite3_finalize(q);
        q = NULL;
        id = st->ops->person_upsert(st, key, name, org, -1, err);
        if (id && !sq_sig_link_set(st, author_id, id, err))
            id = 0;
        g_free(key);
        g_free(name);
    } else {
        sq_fail(st, err, "making a person from a signature (no such identity)");
    }
    sqlite3_finalize(q);
    return id;
}

gboolean sq_sig_person_sweep(pl_store *st, GError **err)
{
    /* A person the user wrote an item or fact about stays. */
    char *sql =
        g_strdup_printf("SELECT p.id FROM person p WHERE p.key LIKE 'sig:%%' AND NOT EXISTS ("
                        " SELECT 1 FROM sig_link l JOIN identity i ON i.id = l.identity_id"
                        " WHERE l.person_id = p.id AND i.kind = %d)"
                        " AND NOT EXISTS (SELECT 1 FROM item WHERE person_id = p.id)"
                        " AND NOT EXISTS (SELECT 1 FROM fact WHERE person_id = p.id)",
                        PL_ID_PHONE);
    sqlite3_stmt *q;
    int rc = sqlite3_prepare_v2(DB(st), sql, -1, &q, NULL);
    g_free(sql);
    if (rc != SQLITE_OK)
        return sq_fail(st, err, "reading people from signatures");
    GArray *gone = g_array_new(FALSE, FALSE, sizeof(gint64));
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        g_array_append_val(gone, id);
    }
    sqlite3_finalize(q);
    gboolean ok = rc == SQLITE_DONE || sq_fail(st, err, "reading people from signatures");
    for (guint i = 0; ok && i < gone->len; i++) {
        gint64 p = g_array_index(gone, gint64, i);
        GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
        ok = sqlite3_prepare_v2(DB(st), "SELECT id FROM identity WHERE person_id = ?", -1, &q,
                                NULL) == SQLITE_OK;
        if (ok) {
            sqlite3_bind_int64(q, 1, p);
            while (sqlite3_step(q) == SQLITE_ROW) {
                gint64 id = sqlite3_column_int64(q, 0);
                g_array_append_val(ids, id);
            }
            sqlite3_finalize(q);
        }
        for (guint k = 0; ok && k < ids->len; k++)
            ok = sq_sig_link_set(st, g_array_index(ids, gint64, k), 0, err);
        g_array_free(ids, TRUE);
        ok = ok && run2(st, "DELETE FROM person WHERE id = ?1", p, 0, err) &&
             sq_contact_mark_dirty(st, p, err);
    }
    g_array_free(gone, TRUE);
    return ok;
}
