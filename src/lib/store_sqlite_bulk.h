/* store_sqlite_bulk.h — what the bulk import paths of the SQLite backend
 * share (store_sqlite_bulk.c): multi-row INSERT statements by table and row
 * count, ids assigned up front, the identity cache and the key probes.
 * Calls (store_sqlite_bulk.c) and chats (store_sqlite_bulk_chat.c) use
 * them. Not for use outside store_sqlite*.c. */
#ifndef PARLEY_STORE_SQLITE_BULK_H
#define PARLEY_STORE_SQLITE_BULK_H

#include "store_sqlite_int.h"

#define BULK_GROUP 16 /* rows per INSERT statement */

/* The tables the bulk paths write, each with its own multi-row INSERT. */
typedef enum {
    BT_CONV,     /* a call's conversation, with its aggregates */
    BT_EVENT,    /* a call's event */
    BT_PART,     /* participant */
    BT_SEEN,     /* event_seen */
    BT_CALL,     /* call */
    BT_CHAT,     /* a chat message's event */
    BT_BODY,     /* event_body */
    BT_SENTENCE, /* event_sentence */
    BT_RUN,      /* response_run */
    BT__COUNT
} bulk_table;

/* An identity as the bulk paths need it: its id, what event_add would
 * update about it, and what the conversation rules read. */
typedef struct {
    gint64 id, person_id, org_id;
    gboolean has_name, is_list, person_named;
    int icat, pcat, ocat;
    char *name;           /* the identity's display name, or NULL */
    char *person_address; /* a number's person's first address (SQ_PERSON_ADDRESS), or NULL */
} bulk_ident;

/* A participant row waiting for its group's INSERTs. */
typedef struct {
    gint64 event_id, identity_id;
    int role;
} bulk_part;

struct sq_bulk {
    sqlite3_stmt
        *ins[BT__COUNT][BULK_GROUP + 1]; /* by number of rows, prepared when first needed */
    sqlite3_stmt *find, *in_range, *seen, *ident_get, *ident_add, *ident_update, *max_event,
        *max_conv, *data_version, *touches, *contacts;
    GHashTable *idents; /* "kind:value" -> bulk_ident */
    gint64 data_version_seen;
};

struct sq_bulk *sq_bulk_get(pl_store *st, GError **err);
/* Columns a row of table t binds. */
int sq_bulk_cols(bulk_table t);
/* The INSERT OR FAIL of k rows (1 <= k <= BULK_GROUP) into table t. */
sqlite3_stmt *sq_bulk_insert(pl_store *st, struct sq_bulk *b, bulk_table t, guint k, GError **err);
/* Runs a statement to its end and resets it; FALSE (err set) on failure. */
gboolean sq_bulk_step(pl_store *st, sqlite3_stmt *q, GError **err, const char *what);
/* At the start of a batch: forgets cached identities when another
 * connection committed since the last batch, and gives the next event id
 * (what SQLite would choose: this connection holds the write lock). 0 on
 * failure. */
gint64 sq_bulk_start(pl_store *st, struct sq_bulk *b, GError **err);
/* The next conversation id; 0 on failure. */
gint64 sq_bulk_next_conv(pl_store *st, struct sq_bulk *b, GError **err);
/* TRUE in *empty when no stored source key lies in [lo, hi]. */
gboolean sq_bulk_range_empty(pl_store *st, struct sq_bulk *b, const char *lo, const char *hi,
                             gboolean *empty, GError **err);
/* The id of the event with this key, 0 when none, -1 on failure. */
gint64 sq_bulk_find(pl_store *st, struct sq_bulk *b, const char *key, GError **err);
/* event_seen for an event met again (INSERT OR IGNORE, as event_add). */
gboolean sq_bulk_seen(pl_store *st, struct sq_bulk *b, gint64 event_id, gint64 source_id,
                      const char *location, GError **err);
/* The identity of a participant, added when new and updated (name, list)
 * as event_add would; *became_list is set when it turned into a list
 * (is_list 0 -> 1). NULL on failure. */
const bulk_ident *sq_bulk_ident(pl_store *st, struct sq_bulk *b, const pl_participant *p,
                                gboolean *became_list, GError **err);
/* Inserts n participant rows, BULK_GROUP per statement. */
gboolean sq_bulk_parts(pl_store *st, struct sq_bulk *b, const bulk_part *parts, guint n,
                       GError **err);
/* Between two events: bounds the identity cache (the rows of an event point
 * into its identities' entries, so never while one is being built). */
void sq_bulk_trim(struct sq_bulk *b);
/* The call list's touches and contact marks of the events first..last just
 * written (what a refresh's add_touch keeps), set-wise. */
gboolean sq_bulk_summaries(pl_store *st, struct sq_bulk *b, gint64 first_event, gint64 last_event,
                           GError **err);
/* The row a refresh would read of participant pa, its identity id. */
pl_conv_row sq_bulk_row(const pl_participant *pa, const bulk_ident *id);
void sq_bulk_bind_opt(sqlite3_stmt *q, int i, gint64 v, gint64 none);

#endif
