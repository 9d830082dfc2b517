/* store.h — the storage interface every backend implements.
 *
 * No SQL lives outside a backend: ingest, threading, classification and the
 * reports talk to the store only through these operations, so a PostgreSQL
 * backend is one more ops table, not a change to report code. Calls that walk
 * many rows take a callback instead of returning arrays, so memory stays flat
 * however big the store grows.
 */
#ifndef PARLEY_STORE_H
#define PARLEY_STORE_H

#include "parley.h"

/* Added, already present (same source key), or failed. */
typedef enum { PL_ADD_FAILED = -1, PL_ADD_DUPLICATE = 0, PL_ADD_NEW = 1 } pl_add_result;

/* A node of the mail reference graph: a Message-ID, seen or only referenced
 * ("ghost"). Invariant: conv_id of a node equals that of every node it is
 * linked to (conversations are the connected components). */
typedef struct {
    char *msgid;
    char *parent; /* NULL for a root */
    gint64 conv_id;
    gboolean has_event;
    gboolean changed; /* set by the threader: needs writing back */
} pl_node;

/* What a conversation refresh sees of each event, one call per participant. */
typedef struct {
    gint64 conv_id, event_id, ts, duration_s;
    int channel, direction;
    guint flags, words;
    const char *subject;
    const char *identity; /* normalised value, NULL if the event has no participants */
    int identity_kind, role;
    gboolean is_list;
    int identity_category; /* -1 if none set on the identity itself */
    int person_category, org_category;
    gint64 identity_id, person_id, org_id; /* 0 = none (open items point at them) */
    int detect_v, detect_n;     /* detection rules version (0 = not run yet), sentences found */
    gboolean person_named;      /* the person has a name of its own */
    const char *person_address; /* a number's or handle's person's first address, or NULL */
    const char *identity_name;  /* the identity's display name, or NULL */
} pl_conv_row;

/* One identity's part in a conversation (table conv_touch, migration 010):
 * the newest event of the conversation it took part in. contact: its
 * person, or -identity_id for an identity that is nobody's contact. */
typedef struct {
    gint64 identity_id, contact, last_ts;
} pl_conv_touch;

/* What ranks a contact on the call list (table contact_summary): a person,
 * or (id = -identity id) an identity that is nobody's contact. */
typedef struct {
    gint64 id, identity_id; /* identity_id: its first (lowest) identity */
    gboolean customer;      /* one of its identities classifies customer */
    const char *name;       /* the person's, else the identity's name, else its value */
    gint64 recent;          /* read only: conversations in the window asked for */
} pl_contact_sum;
typedef gboolean (*pl_contact_sum_cb)(const pl_contact_sum *c, gpointer user);

/* A run of customer messages before our first human answer, in one
 * conversation: what `report response` times (response_runs.c; the rules
 * are in docs/model.md, "Response times"). Kept per conversation by its
 * refresh (response_run, migration 011), so the report reads one row per
 * run instead of every event. */
typedef struct {
    gint64 conv_id;
    int seq;                  /* its place among the conversation's runs, from 0 */
    gint64 first_ts, last_ts; /* its first and last customer message */
    int channel;              /* of the first message */
    gint64 author_id;         /* identity of the first message's author; 0 = none */
    guint messages;           /* customer messages in the run, >= 1 */
    const gint64 *later_ts;   /* messages - 1 times of the others, ascending (NULL when none) */
    gboolean answered;        /* a human of ours answered it ... */
    gint64 answer_ts;         /* ... at this time */
    gint64 answer_author_id;  /* ... with this identity as author; 0 = none */
    gboolean auto_ack;        /* an automated message of ours came while it waited */
    gboolean auto_only;       /* unanswered, auto_ack, and no human of ours wrote before */
    const char *subject;      /* of the first message; kept only while unanswered */
} pl_response_run;
typedef gboolean (*pl_response_run_cb)(const pl_response_run *r, gpointer user);

/* Aggregates of one conversation, written back by a refresh. */
typedef struct {
    gint64 id;
    gint64 first_ts, last_ts, est_seconds, duration_s;
    int n_events, n_human, n_in, n_out;
    gboolean me, automated, external;
    int category;            /* pl_category */
    const char *counterpart; /* main external identity, or NULL */
    const char *subject;
    /* for report response: the first and last inbound human event (0, 0
     * when none) and, when there is one, how many automated events the
     * conversation holds (else 0); its runs, in conversation order */
    gint64 inbound_first_ts, inbound_last_ts;
    int n_automated;
    const pl_response_run *runs;
    guint n_runs;
} pl_conv_summary;

/* What the reports read of a conversation. */
typedef struct {
    gint64 id, last_ts, est_seconds, duration_s;
    int channel, category, n_events, n_human, n_in, n_out;
    gboolean me, external, automated;
    const char *counterpart;
} pl_conv_info;

typedef struct {
    gint64 since, until; /* [since, until) on last_ts; 0 = open */
    int last_n;          /* > 0: only the newest N conversations */
    gboolean only_me;    /* only conversations a me identity took part in */
    gboolean with_automated;
} pl_conv_filter;

/* An identity as `who` lists it. */
typedef struct {
    gint64 id;
    const char *value, *name;
    int kind;
    gboolean is_list;
    int identity_category, person_category, org_category;
    gint64 n_events;
    gint64 last_ts;
    const char *person_address; /* a number's or handle's person's first address, or NULL */
} pl_identity_info;

typedef struct {
    char *kind;    /* "domain" or "address" */
    char *pattern; /* normalised */
    int category;
} pl_rule;

/* A person as `contacts list` shows it. Identity lists are ", "-joined
 * normalised values in the order they were linked, NULL when empty. */
typedef struct {
    gint64 id;
    const char *key, *name, *org;
    int category, org_category; /* -1 if none */
    const char *emails, *phones, *handles;
} pl_person_info;

/* What is in the store, for `parley stats`. */
typedef struct {
    gint64 events, conversations, identities, people, orgs, sources, files;
    gint64 by_channel[PL_CH__COUNT];
    gint64 by_direction[4];
    gint64 flag_counts[16]; /* events with bit i of pl_event_flag set */
    gint64 first_ts, last_ts;
} pl_store_stats;

/* One full-text search hit. */
typedef struct {
    gint64 event_id, ts, conv_id;
    int channel;
    const char *subject, *author;
} pl_search_hit;

/* What a call record adds beside its event (table call, migration 003). */
typedef struct {
    gint64 start_ts, answer_ts, end_ts; /* answer_ts, end_ts: 0 = none */
    gint64 ring_s, talk_s;              /* ring_s: -1 = unknown */
    gint64 queue_wait_s;                /* -1 = the call met no queue */
    const char *outcome;                /* ANSWERED, NO ANSWER, BUSY, FAILED, ... */
    gboolean answered_by_human;
    const char *presented_name, *presented_number;
    int presentation; /* pl_presentation */
    const char *line, *agent, *last_app, *context, *hangup_cause;
    int legs;
} pl_call;

/* One call for call_add_batch: the event of a call (channel call, no
 * subject or body), where it was read and its call record. direction is the
 * adapter's; the store keeps what the conversation rules make of it. */
typedef struct {
    const char *source_key, *location;
    gint64 ts, duration_s;
    guint64 bytes;
    guint flags;
    int direction;
    const pl_participant *parts;
    guint n_parts;
    pl_call call;
    /* set by call_add_batch */
    pl_add_result result;
    gint64 event_id;
} pl_call_add;

/* A call as `report calls` reads it: the call record, its event's direction
 * and who called (store_sqlite_calls.c). */
typedef struct {
    gint64 event_id;
    int direction;             /* pl_direction */
    pl_call call;              /* ring_s / queue_wait_s -1, answer_ts / end_ts 0 = none */
    const char *caller;        /* the caller's identity value, NULL when none (withheld) */
    const char *caller_person; /* the caller's person's name, or NULL */
    const char *caller_org;    /* that person's organisation, or NULL */
} pl_call_row;

/* One identity as the call list sees it: who it is, its conversations in a
 * recent window and (touch_last only) its newest voice conversation (a call
 * a person answered, a logged call, a meeting) and newest e-mail / chat
 * (store_sqlite_calls.c). */
typedef struct {
    gint64 identity_id, person_id, org_id;
    int kind; /* pl_identity_kind */
    const char *value, *name, *person, *org;
    int identity_category, person_category, org_category; /* -1 = none */
    gint64 last_voice_ts, last_text_ts;                   /* 0 = never */
    gint64 recent_convs;        /* conversations with it since the given time */
    const char *person_address; /* a number's or handle's person's first address, or NULL */
} pl_touch_row;

/* Aggregates of a conversation of one event, from its rows as
 * conv_rows_dirty gives them (one per participant, or one with identity
 * NULL), by the rules of a refresh; *direction gets the direction a refresh
 * would store. out's strings stay valid until the next call. */
typedef void (*pl_conv_one_fn)(const pl_conv_row *rows, guint n, pl_conv_summary *out,
                               int *direction, gpointer user);
/* The direction a refresh would store for one new event of a conversation
 * that is built event by event (chats), from its rows as conv_rows_dirty
 * gives them; the callee may fold them into the conversation's aggregates. */
typedef int (*pl_event_fold_fn)(const pl_conv_row *rows, guint n, gpointer user);
typedef gboolean (*pl_search_cb)(const pl_search_hit *h, gpointer user);
/* event_add's choice of a new event's conversation (*conv_id; FALSE on error). */
typedef gboolean (*pl_conv_pick_fn)(pl_store *st, const pl_event *ev, const gint64 *identity_ids,
                                    guint n, gpointer user, gint64 *conv_id, GError **err);
typedef gboolean (*pl_conv_row_cb)(const pl_conv_row *row, gpointer user);
typedef gboolean (*pl_conv_info_cb)(const pl_conv_info *c, gpointer user);
typedef gboolean (*pl_identity_cb)(const pl_identity_info *i, gpointer user);
typedef gboolean (*pl_person_cb)(const pl_person_info *p, gpointer user);
typedef gboolean (*pl_call_row_cb)(const pl_call_row *r, gpointer user);
typedef gboolean (*pl_touch_cb)(const pl_touch_row *t, gpointer user);

/* ------------------------------------------- open items, facts, targets */

/* What an item, a fact or a lookup is about: any of the three, 0 = unset. */
typedef struct {
    gint64 identity_id, person_id, org_id;
} pl_target_ids;

/* An open item (follow-up, promise, question) as added: see 004-items.sql. */
typedef struct {
    const char *key;    /* idempotency key: adding it again changes nothing */
    const char *kind;   /* "follow-up", "promise", "question" */
    const char *origin; /* "logged" or "detected" */
    const char *text;
    gint64 due_ts;         /* 0 = none */
    gboolean due_has_time; /* due_ts is a clock time as given; FALSE: a day, due_ts's local day */
    gint64 created_ts;
    gint64 source_event_id; /* 0 = none */
    const char *source_sentence;
    pl_target_ids about;
} pl_item;

/* An item as read back, with names of what it is about. */
typedef struct {
    gint64 id, due_ts, created_ts, closed_ts, source_event_id;
    gboolean due_has_time; /* as in pl_item */
    const char *key;       /* the idempotency key it was added with */
    const char *kind, *origin, *text, *status, *closed_by, *source_sentence;
    const char *source_key; /* of the source event, or NULL */
    gint64 source_ts;       /* ... its time (0 = none) */
    const char *source_subject;
    pl_target_ids about;
    const char *person, *org, *identity; /* names / value, NULL when unset */
} pl_item_info;

typedef struct {
    gint64 id;              /* > 0: only this item */
    gboolean all;           /* FALSE: only open items */
    gint64 source_event_id; /* > 0: only items of this event */
    pl_target_ids about;    /* any set field: items about it (a person's items
                               include those on its identities) */
    const char *kind;       /* non-NULL: only items of this kind */
    const char *origin;     /* non-NULL: only "logged" or only "detected" ones */
} pl_item_filter;

/* What detection reads of one event (store_sqlite_detect.c). */
typedef struct {
    gint64 event_id;
    const char *source_key;
    const char *body; /* NULL in metadata-only mode */
} pl_event_text;

/* A sentence found in an event's text at ingest (event_sentence, 008). */
typedef struct {
    gint64 event_id;
    int kind; /* pl_sentence_kind of detect.h */
    const char *sentence;
    gint64 due_ts;          /* 0 = none */
    const char *source_key; /* of the event (when read back) */
} pl_sentence_row;

/* One chat message for the bulk chat path (chat_known, chat_add_batch):
 * an event of channel chat with its text, the sentences detection found in
 * it, who wrote it, the room it went through and where it was read. */
typedef struct pl_chat_add pl_chat_add;
struct pl_chat_add {
    const char *source_key, *location;
    guint64 key_hash; /* any hash of source_key (equal keys, equal hashes) */
    gint64 ts;
    guint words, flags;
    guint64 bytes;
    const char *body;                 /* NULL: none kept (metadata-only mode) */
    gboolean detected_done;           /* detection ran (bodies are kept) */
    const pl_sentence_row *sentences; /* n_sentences, in text order (event_id, source_key unused) */
    guint n_sentences;
    const pl_participant *parts;
    guint n_parts;
    /* set by chat_known */
    pl_add_result result;         /* NEW, or DUPLICATE (event_id set unless repeat_of) */
    const pl_chat_add *repeat_of; /* a NEW one earlier in the same call with this key */
    /* set by the caller for a NEW one before chat_add_batch */
    gint64 conv_id;
    /* set by chat_add_batch */
    gint64 event_id;
};

/* A detected item as it stands (what re-detection compares against). */
typedef struct {
    gint64 id, source_event_id, closed_ts;
    const char *key, *status, *closed_by;
} pl_item_state;

/* One change the detection pass makes (items_detect.c). Guarded in the
 * store: SET_STATUS only touches detected items that are open or were
 * closed by a reply ("reply"), DELETE only open detected ones, so an item a
 * user closed or dismissed never changes again. */
typedef enum { PL_ITEM_INSERT = 0, PL_ITEM_SET_STATUS, PL_ITEM_DELETE } pl_item_op;
typedef struct {
    pl_item_op op;
    gint64 id;             /* SET_STATUS, DELETE */
    pl_item item;          /* INSERT (origin "detected") */
    const char *status;    /* INSERT, SET_STATUS: "open" or "done" */
    gint64 closed_ts;      /* with "done" */
    const char *closed_by; /* with "done" */
} pl_item_change;

typedef gboolean (*pl_event_text_cb)(const pl_event_text *t, gpointer user);
typedef gboolean (*pl_sentence_cb)(const pl_sentence_row *s, gpointer user);
typedef gboolean (*pl_item_state_cb)(const pl_item_state *s, gpointer user);

typedef struct {
    gint64 id, created_ts, source_event_id;
    const char *kind, *text;
    pl_target_ids about;
    const char *person, *org, *identity;
} pl_fact_info;

/* A contact a user named, as target resolution sees it: one row per
 * identity (identity_id 0 for a person or organisation without any). */
typedef struct {
    gint64 identity_id, person_id, org_id;
    int kind;                 /* pl_identity_kind, -1 without identity */
    const char *value, *name; /* identity value and its display name */
    const char *person, *org; /* person's and organisation's names */
    gboolean is_list;
} pl_contact_row;

/* Exactly one field set picks the lookup. */
typedef struct {
    int kind;           /* with value: identity kind */
    const char *value;  /* an exact normalised identity value */
    const char *name;   /* people and identities whose name equals (case-insensitive)
                           or, when none does, contains it */
    const char *domain; /* identities at this domain or below, people of an
                           organisation with this domain or name */
    gint64 person_id;   /* every identity of this person */
} pl_contact_query;

/* ------------------------------------------------- keyword index, briefs */

/* One keyword of an event's own words as the keyword index stores it. */
typedef struct {
    const char *stem; /* Snowball stem: the key */
    const char *word; /* a word it came from, shown to people */
    guint count;
} pl_keyword_count;

/* What the keyword index keeps of one event (006-brief.sql). */
typedef struct {
    gint64 event_id;
    guint first_person, second_person; /* pronouns, see docs/model.md "You-focus" */
    const pl_keyword_count *keywords;  /* n_keywords of them, stems distinct */
    guint n_keywords;
} pl_event_keywords;

/* A stem of the index by its id: what it looks like and how many events use it. */
typedef struct {
    guint32 id;
    const char *stem, *word;
    gint64 df;
} pl_term_info;

/* One event of a conversation a brief's identities took part in, as the
 * brief table keeps it (store_sqlite_brief.c, 006-brief.sql). */
typedef struct {
    gint64 conv_id, event_id, ts;
    int channel, direction;
    guint flags, words;
    gint64 author_id;                  /* identity with role from; 0 = none */
    guint first_person, second_person; /* pronouns of its own words */
    const guint32 *term_ids;           /* n_terms term ids, ascending */
    const guint32 *term_counts;
    guint n_terms;
} pl_brief_row;

typedef gboolean (*pl_body_cb)(gint64 event_id, const char *body, gpointer user);
/* An identity by id: its value, display name and person's name (NULL when unset). */
typedef gboolean (*pl_identity_name_cb)(gint64 id, const char *value, const char *name,
                                        const char *person, gpointer user);
typedef gboolean (*pl_term_cb)(const pl_term_info *t, gpointer user);
typedef gboolean (*pl_brief_row_cb)(const pl_brief_row *r, gpointer user);
/* A phone number from mail signatures and one author whose signature had it
 * (tables sig_number, sig_link; signature_links.c). */
typedef struct {
    gint64 number_id, author_id;
    const char *number, *author, *author_name;
    gint64 number_person, author_person;   /* their person ids, 0 = none */
    gboolean number_by_sig, author_by_sig; /* that person was set from signatures */
    const char *number_person_name, *author_person_name, *author_org;
    gint64 messages, last_ts; /* the author's messages with the number, newest */
} pl_sig_row;
typedef gboolean (*pl_sig_cb)(const pl_sig_row *r, gpointer user);

typedef gboolean (*pl_item_cb)(const pl_item_info *i, gpointer user);
typedef gboolean (*pl_fact_cb)(const pl_fact_info *f, gpointer user);
typedef gboolean (*pl_contact_cb)(const pl_contact_row *c, gpointer user);

typedef struct pl_store_ops {
    const char *name;
    void (*close)(pl_store *st);
    /* A second connection to the same store, for reading on another thread
     * what is committed (close it with its own close); NULL, with err set
     * when there was one, where the backend has none to give (an in-memory
     * database): the caller then reads through st. */
    pl_store *(*reader_open)(pl_store *st, GError **err);
    int (*schema_version)(pl_store *st);
    gboolean (*begin)(pl_store *st, GError **err);
    gboolean (*commit)(pl_store *st, GError **err);
    void (*rollback)(pl_store *st);

    /* meta key/value */
    char *(*meta_get)(pl_store *st, const char *key);
    gboolean (*meta_set)(pl_store *st, const char *key, const char *value, GError **err);

    /* sources and the files already read from them */
    gint64 (*source_id)(pl_store *st, const char *kind, const char *location, GError **err);
    /* TRUE when path was read before with this size and mtime. */
    gboolean (*file_unchanged)(pl_store *st, const char *path, gint64 size, gint64 mtime_ns);
    gboolean (*file_mark)(pl_store *st, gint64 source_id, const char *path, gint64 size,
                          gint64 mtime_ns, GError **err);
    /* Incremental sync of a remote folder (migration 007): FALSE when the
     * source has no state yet. */
    gboolean (*sync_state_get)(pl_store *st, gint64 source_id, gint64 *validity,
                               gint64 *high_water);
    gboolean (*sync_state_set)(pl_store *st, gint64 source_id, gint64 validity, gint64 high_water,
                               GError **err);

    /* events: pick, when given, chooses the conversation of an event found
     * to be new, before its row is written, from the ids of its
     * participants' identities (in participant order, just made where
     * new); it may use the other ops. Else the event has none yet. */
    pl_add_result (*event_add)(pl_store *st, const pl_event *ev, gint64 source_id,
                               const char *location, pl_conv_pick_fn pick, gpointer user,
                               gint64 *event_id, GError **err);
    gboolean (*event_set_conv)(pl_store *st, gint64 event_id, gint64 conv_id, GError **err);
    gint64 (*count_events)(pl_store *st, int channel); /* -1 = all channels */
    gboolean (*stats)(pl_store *st, pl_store_stats *out, GError **err);
    /* Full-text search (FTS5 query syntax), newest first. */
    gboolean (*search)(pl_store *st, const char *query, int limit, pl_search_cb cb, gpointer user,
                       GError **err);

    /* threading */
    gboolean (*node_get)(pl_store *st, const char *msgid,
                         pl_node *out); /* fills out, caller frees */
    gboolean (*node_put)(pl_store *st, const pl_node *n, GError **err);
    gint64 (*conv_new)(pl_store *st, int channel, const char *subject_norm, gint64 ts,
                       GError **err);
    /* Moves every node and event of conversation from into into; deletes from. */
    gboolean (*conv_merge)(pl_store *st, gint64 from, gint64 into, GError **err);
    /* Newest conversation with this normalised subject whose last event is in
     * [since, until] and that has a participant among the n identities; 0 if
     * none. */
    gint64 (*conv_by_subject)(pl_store *st, const char *subject_norm, gint64 since, gint64 until,
                              const gint64 *identity_ids, guint n);
    gint64 (*count_conversations)(pl_store *st);

    /* conversation aggregates */
    gboolean (*conv_mark_dirty_all)(pl_store *st, GError **err);
    /* Marks conversations touching identities at this domain or address. */
    gboolean (*conv_mark_dirty_matching)(pl_store *st, const char *domain_or_address, GError **err);
    /* Rows of the next limit dirty conversations of id above after, ordered
     * by conversation and event, all rows of one event together; *upto
     * gets the id the chunk ends at (G_MAXINT64 when it is the last), where
     * the next chunk starts. Chunks are id ranges, not "the dirty ones
     * left", so that a reader on another connection, which does not see
     * the writer's saves, walks them all once. */
    gboolean (*conv_rows_dirty)(pl_store *st, gint64 after, int limit, pl_conv_row_cb cb,
                                gpointer user, gint64 *upto, GError **err);
    /* Turns marks recorded for later (the domains of organisations a
     * contacts import gave a new category or domain) into dirty
     * conversations and contacts; a refresh calls it first. */
    gboolean (*marks_flush)(pl_store *st, GError **err);
    /* Deletes conversations left without events. */
    gboolean (*conv_drop_empty)(pl_store *st, GError **err);
    gboolean (*event_set_direction)(pl_store *st, gint64 event_id, int direction, GError **err);
    gboolean (*conv_save)(pl_store *st, const pl_conv_summary *s, GError **err);
    /* Replaces the touches of a conversation (with its aggregates: whoever
     * saves a conversation's aggregates saves its touches). */
    gboolean (*conv_touch_save)(pl_store *st, gint64 conv_id, const pl_conv_touch *t, guint n,
                                GError **err);
    gboolean (*conv_each)(pl_store *st, const pl_conv_filter *f, pl_conv_info_cb cb, gpointer user,
                          GError **err);
    /* The response runs (kept by conv_save) whose first message is in
     * [since, until) (0 = open), in no particular order. */
    gboolean (*response_runs)(pl_store *st, gint64 since, gint64 until, pl_response_run_cb cb,
                              gpointer user, GError **err);
    /* *n gets the automated events of the conversations that hold an
     * inbound human event in [since, until) (0 = open). */
    gboolean (*response_automated)(pl_store *st, gint64 since, gint64 until, gint64 *n,
                                   GError **err);

    /* classification data */
    gboolean (*rule_set)(pl_store *st, const char *kind, const char *pattern, int category,
                         GError **err);
    gboolean (*rule_each)(pl_store *st, void (*cb)(const pl_rule *r, gpointer user), gpointer user,
                          GError **err);
    gboolean (*identity_each)(pl_store *st, pl_identity_cb cb, gpointer user, GError **err);
    /* Organisations that have both a domain and a category (contacts). */
    gboolean (*org_domain_each)(pl_store *st,
                                void (*cb)(const char *domain, int category, gpointer user),
                                gpointer user, GError **err);

    /* contacts: organisations and people, identities attached to people */
    gint64 (*org_upsert)(pl_store *st, const char *name, const char *domain, int category,
                         GError **err);
    gint64 (*person_upsert)(pl_store *st, const char *key, const char *name, gint64 org_id,
                            int category, GError **err);
    gboolean (*identity_link)(pl_store *st, int kind, const char *value, const char *name,
                              gint64 person_id, GError **err);
    /* Every person ordered by name, then key; the callback returns FALSE to stop. */
    gboolean (*person_each)(pl_store *st, pl_person_cb cb, gpointer user, GError **err);

    /* calls: the call record of a call event (replaces an earlier one) */
    gboolean (*call_put)(pl_store *st, gint64 event_id, const pl_call *c, GError **err);
    /* The bulk path of a call-record import: each call not yet known (by
     * source key) becomes its event, participants, where it was seen, its
     * call record and a conversation of its own whose aggregates conv
     * computes at once, so no refresh is needed for it. A known call only
     * records where it was seen again. Sets result and event_id of each. */
    gboolean (*call_add_batch)(pl_store *st, pl_call_add *calls, guint n, gint64 source_id,
                               pl_conv_one_fn conv, gpointer conv_user, GError **err);
    /* Calls whose start is in [since, until) (0 = open), oldest first. */
    gboolean (*call_each)(pl_store *st, gint64 since, gint64 until, pl_call_row_cb cb,
                          gpointer user, GError **err);
    /* Every identity that belongs to a person or took part in an event (lists
     * excluded), with its conversations since recent_since (last_* left 0):
     * one aggregate query over the window, not one per contact. What the
     * call list read before its summaries; now the reference `stats
     * --verify` recomputes them with (contact_summary.c). */
    gboolean (*touch_each)(pl_store *st, gint64 recent_since, pl_touch_cb cb, gpointer user,
                           GError **err);
    /* For the n identities given: identity_id, last_voice_ts, last_text_ts
     * (other fields unset), in one aggregate query. */
    gboolean (*touch_last)(pl_store *st, const gint64 *ids, guint n, pl_touch_cb cb, gpointer user,
                           GError **err);

    /* contact summaries (migration 010, contact_summary.c; store_sqlite_summary.c).
     * Marking: conv_mark_dirty_all and conv_mark_dirty_matching mark the
     * contacts of the identities they cover too; identity_link, person_upsert,
     * org_upsert (a changed domain or category: its people now, those at its
     * domain through marks_flush) and identity_ensure mark theirs. */
    gboolean (*contact_mark_dirty)(pl_store *st, gint64 contact, GError **err);
    /* Up to limit dirty contacts (ascending) into keys (gint64). */
    gboolean (*contact_dirty_keys)(pl_store *st, guint limit, GArray *keys, GError **err);
    /* The identities of the n contacts given that make them contacts (no
     * mailing lists; an identity of nobody's only if it took part in an
     * event), as touch_each fills them (recent_convs, last_* 0), ordered by
     * contact then identity; person_id is the contact for people, 0 else. */
    gboolean (*contact_rows)(pl_store *st, const gint64 *keys, guint n, pl_touch_cb cb,
                             gpointer user, GError **err);
    /* Replaces the summary of contact id (NULL: it is no contact any more)
     * and clears its dirty mark. */
    gboolean (*contact_summary_set)(pl_store *st, gint64 id, const pl_contact_sum *s, GError **err);
    /* Summaries of customers only, or of every contact, ascending by id,
     * each with its conversations that have a touch at or after since,
     * summed over its identities that are no mailing lists (touch_each's
     * recent_convs, from conv_touch: one index range for all of them). */
    gboolean (*contact_summary_each)(pl_store *st, gboolean customers_only, gint64 since,
                                     pl_contact_sum_cb cb, gpointer user, GError **err);
    /* numbers from signatures (store_sqlite_sig.c, signature_links.c) */
    /* Records that the author's (an address of an event) message event_id
     * had number in its signature; adds the number as an identity when new.
     * Idempotent; a new sighting asks for links to be decided again. */
    gboolean (*sig_number_add)(pl_store *st, gint64 event_id, const char *author,
                               const char *number, GError **err);
    /* Every (number, author) pair, ordered by number then author. */
    gboolean (*sig_each)(pl_store *st, pl_sig_cb cb, gpointer user, GError **err);
    /* Sets identity's person from signatures (person 0: none), marking what
     * identity_link marks; a signature link, which contacts replace. */
    gboolean (*sig_link_set)(pl_store *st, gint64 identity_id, gint64 person_id, GError **err);
    /* The person made for an author of nobody's (key "sig:<address>", the
     * address's name, the organisation with the address's domain if any),
     * the address linked to it from signatures; its id, 0 on error. */
    gint64 (*sig_person)(pl_store *st, gint64 author_id, GError **err);
    /* Dissolves people made for authors that no signature number belongs to
     * any more (their addresses go back to nobody's). */
    gboolean (*sig_person_sweep)(pl_store *st, GError **err);
    /* Rows of conv_touch that differ from a recomputation from events,
     * participants and identities (both ways), for `stats --verify`. */
    gint64 (*conv_touch_verify)(pl_store *st, GError **err);

    /* targets: contacts a user names (store_sqlite_items.c) */
    gboolean (*contact_find)(pl_store *st, const pl_contact_query *q, pl_contact_cb cb,
                             gpointer user, GError **err);
    /* The newest event with the identity, 0 = none (read only when two of a
     * contact's identities compete: it reads every event of each). */
    gint64 (*identity_last_ts)(pl_store *st, gint64 identity_id);
    /* The identity's id, adding it (without a person) when new; 0 on error. */
    gint64 (*identity_ensure)(pl_store *st, int kind, const char *value, const char *name,
                              GError **err);
    /* One event with participants and body, by id (> 0) or source key; NULL
     * with PL_ERR_NOTFOUND when absent. *id_out gets its id. */
    pl_event *(*event_load)(pl_store *st, gint64 id, const char *source_key, gint64 *id_out,
                            GError **err);
    /* Id of the newest event of channel (-1 = any) with a participant that is
     * (or belongs to) the target; 0 when none. */
    gint64 (*event_last)(pl_store *st, int channel, const pl_target_ids *about, GError **err);
    /* Conversation of the chat event nearest to ts that has the handle room
     * as a participant, among those less than gap seconds before ts
     * (side < 0, ts included) or after it (side > 0) and not in conversation
     * except (0 = any); 0 when none (store_sqlite_chat.c). */
    gint64 (*chat_session_near)(pl_store *st, const char *room, gint64 ts, gint64 gap, int side,
                                gint64 except);
    /* Whether any event has the handle room as a participant. */
    gboolean (*chat_room_used)(pl_store *st, const char *room);
    /* Marks a conversation for the next refresh. */
    gboolean (*conv_touch)(pl_store *st, gint64 conv_id, GError **err);
    /* The bulk path of a chat import (store_sqlite_bulk_chat.c). chat_known
     * sets result of each of the n: DUPLICATE with event_id for a stored
     * key (recording where it was seen now, as event_add does), NEW for the
     * others; a key repeated within the n is NEW once, then DUPLICATE with
     * repeat_of pointing at the first. */
    gboolean (*chat_known)(pl_store *st, pl_chat_add *msgs, guint n, gint64 source_id,
                           GError **err);
    /* Writes each NEW one of the n as its event (conv_id given, direction
     * from fold), text, sentences, participants and where it was seen, and
     * records where each repeat was seen; sets event_id. Identities that
     * became lists (a handle met as a sender first, then as a room) are
     * appended (g_strdup'ed values) to became_list. */
    gboolean (*chat_add_batch)(pl_store *st, pl_chat_add *msgs, guint n, gint64 source_id,
                               pl_event_fold_fn fold, gpointer fold_user, GPtrArray *became_list,
                               GError **err);

    /* open items and facts */
    /* Adds an item unless its key exists; *id gets the item's id either way. */
    pl_add_result (*item_add)(pl_store *st, const pl_item *it, gint64 *id, GError **err);
    /* Closes an open item (status "done" or "dismissed"). FALSE with
     * PL_ERR_NOTFOUND when there is no such item; an item already closed
     * stays as it was and *was_open says so. */
    gboolean (*item_close)(pl_store *st, gint64 id, const char *status, const char *by, gint64 ts,
                           gboolean *was_open, GError **err);
    /* Items oldest due first (no due date last), then oldest created. */
    gboolean (*item_each)(pl_store *st, const pl_item_filter *f, pl_item_cb cb, gpointer user,
                          GError **err);
    /* Detection (store_sqlite_detect.c): the key and body of each of the n
     * events, in the order given (events without a row are skipped). */
    gboolean (*event_texts)(pl_store *st, const gint64 *ids, guint n, pl_event_text_cb cb,
                            gpointer user, GError **err);
    /* The sentences found in each of the n events, event by event in the
     * order given, each in text order. */
    gboolean (*event_sentence_each)(pl_store *st, const gint64 *ids, guint n, pl_sentence_cb cb,
                                    gpointer user, GError **err);
    /* Replaces the sentences of each of the n_events events with its rows
     * among the n_rows (grouped by event, in text order) and records the
     * rules version they were found with. */
    gboolean (*event_sentences_put)(pl_store *st, int version, const gint64 *event_ids,
                                    guint n_events, const pl_sentence_row *rows, guint n_rows,
                                    GError **err);
    /* The detected items whose source event is in one of the n
     * conversations, by conversation in the order given. */
    gboolean (*item_detected_each)(pl_store *st, const gint64 *conv_ids, guint n,
                                   pl_item_state_cb cb, gpointer user, GError **err);
    /* Applies n changes (see pl_item_change). */
    gboolean (*item_detected_apply)(pl_store *st, const pl_item_change *c, guint n, GError **err);
    gint64 (*fact_add)(pl_store *st, const char *kind, const char *text, gint64 created_ts,
                       gint64 source_event_id, const pl_target_ids *about, GError **err);
    /* Facts about the target (NULL = all), oldest first. */
    gboolean (*fact_each)(pl_store *st, const pl_target_ids *about, pl_fact_cb cb, gpointer user,
                          GError **err);

    /* keyword index and briefs (store_sqlite_brief.c) */
    /* At most limit events with an id above after_id, oldest id first, with
     * their bodies (NULL when none is stored). */
    gboolean (*keyword_pending)(pl_store *st, gint64 after_id, int limit, pl_body_cb cb,
                                gpointer user, GError **err);
    /* Adds the brief rows of n events (their own columns copied from the
     * event) and their stems' document counts; an event already there is
     * left as it is (idempotent). *added gets how many events new to the
     * index hold at least one keyword. */
    gboolean (*keyword_put)(pl_store *st, const pl_event_keywords *evs, guint n, guint *added,
                            GError **err);
    /* Empties the index (a new language or stop list). */
    gboolean (*keyword_reset)(pl_store *st, GError **err);
    /* The stems with these ids, in any order; the highest id in use. */
    gboolean (*term_each)(pl_store *st, const guint32 *ids, guint n, pl_term_cb cb, gpointer user,
                          GError **err);
    guint32 (*term_max_id)(pl_store *st);
    /* The events in [since, until) (0 = open) of every conversation one of
     * the n identities took part in (any role), ordered by conversation,
     * time and event. Events the index has not reached yet are missing:
     * refresh it first. */
    gboolean (*brief_each)(pl_store *st, const gint64 *identity_ids, guint n, gint64 since,
                           gint64 until, pl_brief_row_cb cb, gpointer user, GError **err);
    /* The identities with these ids, in any order. */
    gboolean (*identity_names)(pl_store *st, const gint64 *ids, guint n, pl_identity_name_cb cb,
                               gpointer user, GError **err);
} pl_store_ops;

struct pl_store {
    const pl_store_ops *ops;
    char *spec;
};

pl_store *pl_store_sqlite_open(const char *path, GError **err);

#endif
