/* store_sqlite_contacts.c — who the SQLite store knows: classification
 * rules, identities, organisations and people, and linking an identity to a
 * person (contacts import, label, log). Each change that can reclassify
 * something marks what it touches: the conversations (dirty, for the next
 * refresh) and the call list's contact summaries (contact_dirty). */
#include "store_sqlite_int.h"

/* ------------------------------------------------------- classification */

gboolean sq_rule_set(pl_store *st, const char *kind, const char *pattern, int category,
                     GError **err)
{
    sqlite3_stmt *q = sq_stmt(
        st, S_RULE_SET, "INSERT OR REPLACE INTO rule(kind, pattern, category) VALUES (?,?,?)");
    sq_bind_text(q, 1, kind);
    sq_bind_text(q, 2, pattern);
    sqlite3_bind_int(q, 3, category);
    return sq_step_done(st, q, err, "saving rule");
}

gboolean sq_rule_each(pl_store *st, void (*cb)(const pl_rule *r, gpointer user), gpointer user,
                      GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st), "SELECT kind, pattern, category FROM rule", -1, &q, NULL) !=
        SQLITE_OK)
        return sq_fail(st, err, "reading rules");
    while (sqlite3_step(q) == SQLITE_ROW) {
        pl_rule r = {(char *)sqlite3_column_text(q, 0), (char *)sqlite3_column_text(q, 1),
                     sqlite3_column_int(q, 2)};
        cb(&r, user);
    }
    sqlite3_finalize(q);
    return TRUE;
}

gboolean sq_identity_each(pl_store *st, pl_identity_cb cb, gpointer user, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT i.id, i.value, i.name, i.kind, i.is_list, i.category, pe.category, o.category,"
            " (SELECT count(*) FROM participant p JOIN event e ON e.id = p.event_id"
            "   WHERE p.identity_id = i.id AND (e.flags & 1) = 0)"
            " + (SELECT count(*) FROM conversation c JOIN event e ON e.conv_id = c.id"
            "   WHERE c.room_id = i.id AND (e.flags & 1) = 0),"
            " max(coalesce((SELECT max(e.ts) FROM participant p JOIN event e ON e.id = p.event_id"
            "   WHERE p.identity_id = i.id), 0), coalesce((SELECT max(e.ts) FROM conversation c"
            "   JOIN event e ON e.conv_id = c.id WHERE c.room_id = i.id), 0)), " SQ_PERSON_ADDRESS(
                "i") " "
                     "FROM identity i LEFT JOIN person pe ON pe.id = i.person_id "
                     "LEFT JOIN org o ON o.id = pe.org_id ORDER BY i.value",
            -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading identities");
    while (sqlite3_step(q) == SQLITE_ROW) {
        pl_identity_info i = {
            .id = sqlite3_column_int64(q, 0),
            .value = (const char *)sqlite3_column_text(q, 1),
            .name = (const char *)sqlite3_column_text(q, 2),
            .kind = sqlite3_column_int(q, 3),
            .is_list = sqlite3_column_int(q, 4),
            .identity_category = sq_col_cat(q, 5),
            .person_category = sq_col_cat(q, 6),
            .org_category = sq_col_cat(q, 7),
            .n_events = sqlite3_column_int64(q, 8),
            .last_ts = sqlite3_column_int64(q, 9),
            .person_address = (const char *)sqlite3_column_text(q, 10),
        };
        if (!cb(&i, user))
            break;
    }
    sqlite3_finalize(q);
    return TRUE;
}

gboolean sq_org_domain_each(pl_store *st,
                            void (*cb)(const char *domain, int category, gpointer user),
                            gpointer user, GError **err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(DB(st),
                           "SELECT domain, category FROM org WHERE domain IS NOT NULL "
                           "AND category IS NOT NULL ORDER BY id",
                           -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading organisations");
    while (sqlite3_step(q) == SQLITE_ROW)
        cb((const char *)sqlite3_column_text(q, 0), sqlite3_column_int(q, 1), user);
    sqlite3_finalize(q);
    return TRUE;
}

/* --------------------------------------------------------------- contacts */

/* A categorised organisation classifies everyone at its domain
 * (classify.c), so their conversations and contacts must be recomputed:
 * recorded here, marked by the next refresh (sq_marks_flush) in one pass. */
static gboolean org_touch(pl_store *st, const char *domain, int category, GError **err)
{
    if (!domain || category < 0)
        return TRUE;
    sqlite3_stmt *q =
        sq_stmt(st, S_PENDING_DOMAIN, "INSERT OR IGNORE INTO pending_domain(domain) VALUES (?)");
    sq_bind_text(q, 1, domain);
    return sq_step_done(st, q, err, "recording a domain to reclassify");
}

gint64 sq_org_upsert(pl_store *st, const char *name, const char *domain, int category, GError **err)
{
    sqlite3_stmt *q = sq_stmt(st, S_ORG_GET, "SELECT id, domain, category FROM org WHERE name = ?");
    sq_bind_text(q, 1, name);
    if (sqlite3_step(q) == SQLITE_ROW) {
        gint64 id = sqlite3_column_int64(q, 0);
        char *was_domain = g_strdup((const char *)sqlite3_column_text(q, 1));
        int was_category = sq_col_cat(q, 2);
        const char *now_domain = domain ? domain : was_domain;
        int now_category = category >= 0 ? category : was_category;
        gboolean ok = TRUE;
        /* A new category or domain reclassifies its people (their contact
         * summaries and conversations now) and everyone at the old and the
         * new domain (org_touch). */
        if (g_strcmp0(now_domain, was_domain) != 0 || now_category != was_category) {
            sqlite3_stmt *u =
                sq_stmt(st, S_ORG_UPDATE, "UPDATE org SET domain = ?, category = ? WHERE id = ?");
            sq_bind_text(u, 1, now_domain);
            sq_bind_cat(u, 2, now_category);
            sqlite3_bind_int64(u, 3, id);
            ok = sq_step_done(st, u, err, "updating organisation") &&
                 sq_mark_org_people(st, id, err) && org_touch(st, was_domain, was_category, err) &&
                 org_touch(st, now_domain, now_category, err);
        }
        g_free(was_domain);
        return ok ? id : 0;
    }
    q = sq_stmt(st, S_ORG_ADD, "INSERT INTO org(name, domain, category) VALUES (?, ?, ?)");
    sq_bind_text(q, 1, name);
    sq_bind_text(q, 2, domain);
    sq_bind_cat(q, 3, category);
    if (!sq_step_done(st, q, err, "adding organisation"))
        return 0;
    gint64 id = sqlite3_last_insert_rowid(DB(st));
    return org_touch(st, domain, category, err) ? id : 0;
}

gint64 sq_person_upsert(pl_store *st, const char *key, const char *name, gint64 org_id,
                        int category, GError **err)
{
    /* A person known before whose category or organisation changes
     * reclassifies all of its identities, not only those linked again. */
    sqlite3_stmt *q =
        sq_stmt(st, S_PERSON_GET, "SELECT category, org_id FROM person WHERE key = ?");
    sq_bind_text(q, 1, key);
    gboolean changed = FALSE;
    if (sqlite3_step(q) == SQLITE_ROW)
        changed = (category >= 0 && category != sq_col_cat(q, 0)) ||
                  (org_id > 0 && org_id != sqlite3_column_int64(q, 1));
    q = sq_stmt(st, S_PERSON_UPSERT,
                "INSERT INTO person(key, name, org_id, category) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT(key) DO UPDATE SET name = coalesce(?2, name), "
                "org_id = coalesce(?3, org_id), category = coalesce(?4, category) "
                "RETURNING id");
    sq_bind_text(q, 1, key);
    sq_bind_text(q, 2, name);
    if (org_id > 0)
        sqlite3_bind_int64(q, 3, org_id);
    else
        sqlite3_bind_null(q, 3);
    sq_bind_cat(q, 4, category);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sq_fail(st, err, "saving person");
        return 0;
    }
    gint64 id = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return (changed ? sq_mark_person(st, id, err) : sq_contact_mark_dirty(st, id, err)) ? id : 0;
}

gboolean sq_identity_link(pl_store *st, int kind, const char *value, const char *name,
                          gint64 person_id, GError **err)
{
    /* The contact the identity belonged to loses it (an identity of
     * nobody's stops being a contact of its own); a person the signatures
     * gave it loses it to contacts, which always win. */
    sqlite3_stmt *q = sq_stmt(st, S_IDENT_OWNER,
                              "SELECT id, person_id FROM identity WHERE kind = ? AND value = ?");
    sqlite3_bind_int(q, 1, kind);
    sq_bind_text(q, 2, value);
    gint64 id = 0, was = 0;
    if (sqlite3_step(q) == SQLITE_ROW) {
        id = sqlite3_column_int64(q, 0);
        was = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    /* An address changes its person's numbers' classification (classify.c:
     * by the person's first address): the whole person is marked then. */
    if (id && was != person_id &&
        !(sq_sig_take(st, id, err) &&
          (!was                  ? sq_contact_mark_dirty(st, -id, err)
           : kind == PL_ID_EMAIL ? sq_mark_person(st, was, err)
                                 : sq_contact_mark_dirty(st, was, err))))
        return FALSE;
    q = sq_stmt(st, S_IDENT_LINK,
                "INSERT INTO identity(kind, value, name, person_id) VALUES (?1,?2,?3,?4) "
                "ON CONFLICT(kind, value) DO UPDATE SET person_id = ?4, "
                "name = coalesce(name, ?3)");
    sqlite3_bind_int(q, 1, kind);
    sq_bind_text(q, 2, value);
    sq_bind_text(q, 3, name);
    sqlite3_bind_int64(q, 4, person_id);
    if (!sq_step_done(st, q, err, "linking identity"))
        return FALSE;
    /* Conversations with this identity now classify differently. An exact
     * lookup (index on identity and participant), not the domain scan. */
    sqlite3_stmt *u = sq_stmt(st, S_IDENT_DIRTY,
                              "UPDATE conversation SET dirty = 1 WHERE id IN ("
                              " SELECT e.conv_id FROM identity i"
                              " JOIN participant p ON p.identity_id = i.id"
                              " JOIN event e ON e.id = p.event_id"
                              " WHERE i.kind = ?1 AND i.value = ?2"
                              " UNION ALL " SQ_ROOM_CONVS("SELECT id FROM identity"
                                                          " WHERE kind = ?1 AND value = ?2") ")");
    sqlite3_bind_int(u, 1, kind);
    sq_bind_text(u, 2, value);
    return sq_step_done(st, u, err, "marking conversations") &&
           (kind == PL_ID_EMAIL ? sq_mark_person(st, person_id, err)
                                : sq_contact_mark_dirty(st, person_id, err));
}

gboolean sq_person_each(pl_store *st, pl_person_cb cb, gpointer user, GError **err)
{
    /* group_concat has no ORDER BY before SQLite 3.44; an ordered subquery
     * gives the link order (identity id) in practice on every version. */
#define IDS(kind)                                                                                  \
    "(SELECT group_concat(value, ', ') FROM (SELECT value FROM identity"                           \
    " WHERE person_id = p.id AND kind = " #kind " ORDER BY id))"
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(
            DB(st),
            "SELECT p.id, p.key, p.name, o.name, p.category, o.category, " IDS(0) ", " IDS(
                1) ", " IDS(2) " FROM person p LEFT JOIN org o ON o.id = p.org_id"
                               " ORDER BY p.name IS NULL, p.name COLLATE NOCASE, p.key",
            -1, &q, NULL) != SQLITE_OK)
        return sq_fail(st, err, "reading people");
#undef IDS
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        pl_person_info p = {
            .id = sqlite3_column_int64(q, 0),
            .key = (const char *)sqlite3_column_text(q, 1),
            .name = (const char *)sqlite3_column_text(q, 2),
            .org = (const char *)sqlite3_column_text(q, 3),
            .category = sq_col_cat(q, 4),
            .org_category = sq_col_cat(q, 5),
            .emails = (const char *)sqlite3_column_text(q, 6),
            .phones = (const char *)sqlite3_column_text(q, 7),
            .handles = (const char *)sqlite3_column_text(q, 8),
        };
        if (!cb(&p, user))
            break;
    }
    gboolean ok = rc == SQLITE_ROW || rc == SQLITE_DONE;
    sqlite3_finalize(q);
    return ok ? TRUE : sq_fail(st, err, "reading people");
}
