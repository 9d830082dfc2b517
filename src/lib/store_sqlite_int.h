/* store_sqlite_int.h — what the SQLite backend's files share: the store
 * struct, the prepared-statement slots and small helpers. Not for use
 * outside store_sqlite*.c. */
#ifndef PARLEY_STORE_SQLITE_INT_H
#define PARLEY_STORE_SQLITE_INT_H

#include "store.h"

#include <sqlite3.h>

typedef struct text_indexer text_indexer;
typedef struct sq_checkpointer sq_checkpointer;

enum {
    S_META_GET,
    S_META_SET,
    S_SOURCE_GET,
    S_SOURCE_ADD,
    S_FILE_GET,
    S_FILE_SET,
    S_SYNC_GET,
    S_SYNC_SET,
    S_EVENT_FIND,
    S_EVENT_ADD,
    S_EVENT_SEEN,
    S_BODY_ADD,
    S_IDENT_GET,
    S_IDENT_ADD,
    S_IDENT_UPDATE,
    S_CONV_DIRTY,
    S_IDENT_LIST,
    S_PART_ADD,
    S_EVENT_CONV,
    S_EVENT_DIRECTION,
    S_NODE_GET,
    S_NODE_PUT,
    S_CONV_NEW,
    S_CONV_SUBJECT,
    S_CONV_SAVE,
    S_TOUCH_CLEAR,
    S_TOUCH_READ,
    S_TOUCH_ADD,
    S_CONTACT_DIRTY,
    S_CONTACT_SUM_SET,
    S_CONTACT_SUM_DROP,
    S_CONTACT_CLEAN,
    S_IDENT_OWNER,
    S_PENDING_DOMAIN,
    S_ORG_UPDATE,
    S_ORG_PEOPLE_DIRTY,
    S_ORG_PEOPLE_CONVS,
    S_SIG_DIRTY,
    S_SIG_UNLINK,
    S_SIG_SEEN,
    S_SIG_AUTHOR,
    S_SIG_ADD,
    S_SIG_OWNER,
    S_MARK_IDENTITY,
    S_MARK_PERSON,
    S_RULE_SET,
    S_ORG_GET,
    S_ORG_ADD,
    S_PERSON_UPSERT,
    S_IDENT_LINK,
    S_IDENT_DIRTY,
    S_CALL_PUT,
    S_SENTENCE_ADD,
    S_RUN_DELETE,
    S_RUN_INSERT,
    S_PERSON_GET,
    S_ROOM_ID,
    S_CHAT_NEAR,
    S_ROOM_USED,
    S_CHAT_TOUCH,
    S_CHAT_ROOM,
    S_IDENT_LAST,
    S__COUNT
};

typedef struct {
    pl_store base;
    sqlite3 *db;
    sqlite3_stmt *stmt[S__COUNT];
    text_indexer *text; /* started by the first event added */
    gboolean attached;  /* the text index is attached for searching */
    /* "kind:value" -> id << 2 | has_name << 1 | is_list, so that the same
     * correspondents, met again and again, cost no query. Bounded; emptied
     * on rollback (ids of rolled-back rows must not survive). */
    GHashTable *ident_cache;
    struct sq_bulk *bulk;  /* the call-import bulk path (store_sqlite_bulk.c), when used */
    sq_checkpointer *ckpt; /* started by the first write transaction */
    int page_size;         /* of the main database, read when opened */
} sqlite_store;

#define DB(st) (((sqlite_store *)(st))->db)

/* The first address of the person of identity alias I when I has no domain
 * (a number, a handle): classify.c places it there (pl_classify_person). */
/* A chat event's room is kept on its conversation (migration 013), not as
 * a participant: what reads an event's participants or an identity's events
 * reads these as well. SQ_ROOM_CONVS: the conversations whose room is one
 * of the identities IDS (a SELECT of ids). SQ_EVENT_ROOM: the (room, its
 * conversation) of the event E, no row for an event without one. */
#define SQ_ROOM_CONVS(IDS) "SELECT id FROM conversation WHERE room_id IN (" IDS ")"
#define SQ_EVENT_ROOM(E)                                                                           \
    "SELECT c.room_id, c.id FROM event e JOIN conversation c ON c.id = e.conv_id"                  \
    " WHERE e.id = " E " AND c.room_id IS NOT NULL"

#define SQ_PERSON_ADDRESS(I)                                                                       \
    "CASE WHEN " I ".person_id IS NOT NULL AND instr(" I ".value, '@') = 0 THEN"                   \
    " (SELECT x.value FROM identity x WHERE x.person_id = " I ".person_id AND x.kind = 0"          \
    " AND x.is_list = 0 ORDER BY x.id LIMIT 1) END"

gboolean sq_fail(pl_store *st, GError **err, const char *what);
sqlite3_stmt *sq_prepare(pl_store *st, const char *sql, GError **err);
sqlite3_stmt *sq_stmt(pl_store *st, int which, const char *sql);
void sq_bind_text(sqlite3_stmt *q, int i, const char *v);
void sq_bind_cat(sqlite3_stmt *q, int i, int cat);
int sq_col_cat(sqlite3_stmt *q, int i);
gboolean sq_exec(pl_store *st, const char *sql, GError **err);
gboolean sq_step_done(pl_store *st, sqlite3_stmt *q, GError **err, const char *what);
gboolean sq_text_start(pl_store *st, GError **err);
gboolean sq_sync_state_get(pl_store *st, gint64 source_id, gint64 *validity, gint64 *high_water);
gboolean sq_sync_state_set(pl_store *st, gint64 source_id, gint64 validity, gint64 high_water,
                           GError **err);
gint64 sq_scalar(pl_store *st, const char *sql);
/* Steps q (a cached statement, bound) for its one row's first column, 0
 * when there is none, and resets it: a statement left on its row holds a
 * read snapshot, which keeps checkpoints from copying the WAL past it. */
gint64 sq_step_int64(sqlite3_stmt *q);
gboolean sq_event_set_conv(pl_store *st, gint64 event_id, gint64 conv_id, GError **err);
/* Marks a conversation that gained an event for the refresh. */
gboolean sq_conv_touched(pl_store *st, gint64 conv_id, GError **err);
gboolean sq_stats(pl_store *st, pl_store_stats *o, GError **err);
gboolean sq_search(pl_store *st, const char *query, int limit, pl_search_cb cb, gpointer user,
                   GError **err);
gboolean sq_node_get(pl_store *st, const char *msgid, pl_node *out);
gboolean sq_node_put(pl_store *st, const pl_node *n, GError **err);
gint64 sq_conv_new(pl_store *st, int channel, const char *subject_norm, gint64 ts, GError **err);
gboolean sq_conv_merge(pl_store *st, gint64 from, gint64 into, GError **err);
gint64 sq_conv_by_subject(pl_store *st, const char *subject_norm, gint64 since, gint64 until,
                          const gint64 *identity_ids, guint n);
gint64 sq_count_conversations(pl_store *st);
gint64 sq_chat_session_near(pl_store *st, const char *room, gint64 ts, gint64 gap, int side,
                            gint64 except);
gboolean sq_chat_room_used(pl_store *st, const char *room);
gboolean sq_conv_touch(pl_store *st, gint64 conv_id, GError **err);
gboolean sq_chat_known(pl_store *st, pl_chat_add *msgs, guint n, gint64 source_id, GError **err);
gboolean sq_chat_add_batch(pl_store *st, pl_chat_add *msgs, guint n, gint64 source_id,
                           pl_event_fold_fn fold, gpointer fold_user, GPtrArray *became_list,
                           GError **err);
/* store_sqlite_contacts.c */
gboolean sq_rule_set(pl_store *st, const char *kind, const char *pattern, int category,
                     GError **err);
gboolean sq_rule_each(pl_store *st, void (*cb)(const pl_rule *r, gpointer user), gpointer user,
                      GError **err);
gboolean sq_identity_each(pl_store *st, pl_identity_cb cb, gpointer user, GError **err);
gboolean sq_org_domain_each(pl_store *st,
                            void (*cb)(const char *domain, int category, gpointer user),
                            gpointer user, GError **err);
gint64 sq_org_upsert(pl_store *st, const char *name, const char *domain, int category,
                     GError **err);
gint64 sq_person_upsert(pl_store *st, const char *key, const char *name, gint64 org_id,
                        int category, GError **err);
gboolean sq_identity_link(pl_store *st, int kind, const char *value, const char *name,
                          gint64 person_id, GError **err);
gboolean sq_person_each(pl_store *st, pl_person_cb cb, gpointer user, GError **err);
gboolean sq_conv_mark_dirty_all(pl_store *st, GError **err);
gboolean sq_conv_mark_dirty_matching(pl_store *st, const char *pattern, GError **err);
gboolean sq_conv_drop_empty(pl_store *st, GError **err);
gboolean sq_event_set_direction(pl_store *st, gint64 event_id, int direction, GError **err);
gboolean sq_conv_rows_dirty(pl_store *st, gint64 after, int limit, pl_conv_row_cb cb, gpointer user,
                            gint64 *upto, GError **err);
gboolean sq_conv_save(pl_store *st, const pl_conv_summary *s, GError **err);
gboolean sq_call_put(pl_store *st, gint64 event_id, const pl_call *c, GError **err);
gboolean sq_call_add_batch(pl_store *st, pl_call_add *calls, guint n, gint64 source_id,
                           pl_conv_one_fn conv, gpointer conv_user, GError **err);
void sq_bulk_forget(struct sq_bulk *b);
void sq_bulk_free(struct sq_bulk *b);
gboolean sq_call_each(pl_store *st, gint64 since, gint64 until, pl_call_row_cb cb, gpointer user,
                      GError **err);
gboolean sq_touch_each(pl_store *st, gint64 recent_since, pl_touch_cb cb, gpointer user,
                       GError **err);
gboolean sq_touch_last(pl_store *st, const gint64 *ids, guint n, pl_touch_cb cb, gpointer user,
                       GError **err);
gboolean sq_conv_touch_save(pl_store *st, gint64 conv_id, const pl_conv_touch *t, guint n,
                            GError **err);
gboolean sq_contact_mark_dirty(pl_store *st, gint64 contact, GError **err);
gboolean sq_contact_mark_all(pl_store *st, GError **err);
gboolean sq_marks_flush(pl_store *st, GError **err);
gboolean sq_contact_dirty_keys(pl_store *st, guint limit, GArray *keys, GError **err);
gboolean sq_contact_rows(pl_store *st, const gint64 *keys, guint n, pl_touch_cb cb, gpointer user,
                         GError **err);
gboolean sq_contact_summary_set(pl_store *st, gint64 id, const pl_contact_sum *s, GError **err);
gboolean sq_contact_summary_each(pl_store *st, gboolean customers_only, gint64 since,
                                 pl_contact_sum_cb cb, gpointer user, GError **err);
gint64 sq_conv_touch_verify(pl_store *st, GError **err);
gboolean sq_mark_identity(pl_store *st, gint64 identity_id, GError **err);
gboolean sq_mark_person(pl_store *st, gint64 person_id, GError **err);
gboolean sq_sig_dirty(pl_store *st, GError **err);
gboolean sq_sig_take(pl_store *st, gint64 identity_id, GError **err);
gboolean sq_mark_org_people(pl_store *st, gint64 org_id, GError **err);
gboolean sq_sig_number_add(pl_store *st, gint64 event_id, const char *author, const char *number,
                           GError **err);
gboolean sq_sig_each(pl_store *st, pl_sig_cb cb, gpointer user, GError **err);
gboolean sq_sig_link_set(pl_store *st, gint64 identity_id, gint64 person_id, GError **err);
gint64 sq_sig_person(pl_store *st, gint64 author_id, GError **err);
gboolean sq_sig_person_sweep(pl_store *st, GError **err);
/* store_sqlite_response.c: a run's 12 columns for "SQ_RUN_COLUMNS
 * SQ_RUN_TUPLE, ..." from parameter o + 1 on (the bulk path inserts several
 * per statement), a conversation's runs as conv_save replaces them, and
 * what the report reads. */
extern const char SQ_RUN_COLUMNS[], SQ_RUN_TUPLE[];
#define SQ_RUN_NCOLS 12
void sq_response_run_bind(sqlite3_stmt *q, int o, const pl_response_run *r);
gboolean sq_response_save(pl_store *st, const pl_conv_summary *s, GError **err);
gboolean sq_response_runs(pl_store *st, gint64 since, gint64 until, pl_response_run_cb cb,
                          gpointer user, GError **err);
gboolean sq_response_automated(pl_store *st, gint64 since, gint64 until, gint64 *n, GError **err);
gboolean sq_conv_each(pl_store *st, const pl_conv_filter *f, pl_conv_info_cb cb, gpointer user,
                      GError **err);

gint64 sq_identity_last_ts(pl_store *st, gint64 identity_id);
gboolean sq_contact_find(pl_store *st, const pl_contact_query *q, pl_contact_cb cb, gpointer user,
                         GError **err);
gint64 sq_identity_ensure(pl_store *st, int kind, const char *value, const char *name,
                          GError **err);
pl_event *sq_event_load(pl_store *st, gint64 id, const char *source_key, gint64 *id_out,
                        GError **err);
gint64 sq_event_last(pl_store *st, int channel, const pl_target_ids *about, GError **err);
pl_add_result sq_item_add(pl_store *st, const pl_item *it, gint64 *id, GError **err);
gboolean sq_item_close(pl_store *st, gint64 id, const char *status, const char *by, gint64 ts,
                       gboolean *was_open, GError **err);
gboolean sq_item_each(pl_store *st, const pl_item_filter *f, pl_item_cb cb, gpointer user,
                      GError **err);
gboolean sq_event_texts(pl_store *st, const gint64 *ids, guint n, pl_event_text_cb cb,
                        gpointer user, GError **err);
gboolean sq_event_sentence_each(pl_store *st, const gint64 *ids, guint n, pl_sentence_cb cb,
                                gpointer user, GError **err);
gboolean sq_event_sentences_put(pl_store *st, int version, const gint64 *event_ids, guint n_events,
                                const pl_sentence_row *rows, guint n_rows, GError **err);
gboolean sq_item_detected_each(pl_store *st, const gint64 *conv_ids, guint n, pl_item_state_cb cb,
                               gpointer user, GError **err);
gboolean sq_item_detected_apply(pl_store *st, const pl_item_change *c, guint n, GError **err);
gint64 sq_fact_add(pl_store *st, const char *kind, const char *text, gint64 created_ts,
                   gint64 source_event_id, const pl_target_ids *about, GError **err);
gboolean sq_fact_each(pl_store *st, const pl_target_ids *about, pl_fact_cb cb, gpointer user,
                      GError **err);

gboolean sq_keyword_pending(pl_store *st, gint64 after_id, int limit, pl_body_cb cb, gpointer user,
                            GError **err);
gboolean sq_keyword_put(pl_store *st, const pl_event_keywords *evs, guint n, guint *added,
                        GError **err);
gboolean sq_keyword_reset(pl_store *st, GError **err);
gboolean sq_term_each(pl_store *st, const guint32 *ids, guint n, pl_term_cb cb, gpointer user,
                      GError **err);
guint32 sq_term_max_id(pl_store *st);
gboolean sq_brief_each(pl_store *st, const gint64 *identity_ids, guint n, gint64 since,
                       gint64 until, pl_brief_row_cb cb, gpointer user, GError **err);
gboolean sq_identity_names(pl_store *st, const gint64 *ids, guint n, pl_identity_name_cb cb,
                           gpointer user, GError **err);

#endif
