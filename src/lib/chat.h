/* chat.h — what the chat readers share (not public).
 *
 * Two threads (pipe.c). The reader (chat_read.c) reads each file line by
 * line, lets the format (chat_jsonl.c, chat_irc.c, chat_whatsapp.c,
 * chat_twitter.c) turn lines into chat_msg values and makes each one a
 * finished message in a batch: its key, words, text, the questions and
 * promises in it, its participants. The writer (chat.c, the thread that
 * owns the store) finds which messages are new, gives each new one its
 * session (chat_session.c) and writes them through the store's bulk chat
 * path. Problems with lines travel in the batches, so they are reported in
 * file order, from one thread.
 */
#ifndef PARLEY_CHAT_H
#define PARLEY_CHAT_H

#include "cdr.h"
#include "ingest.h"
#include "pipe.h"

#define CHAT_BATCH 2048 /* messages handed from the reader to the writer at a time */
#define CHAT_MAX_PARTS 3

/* A problem met by the reader: a skipped record (counted, reason tallied)
 * or a warning only. */
typedef struct {
    const char *where, *reason;
    gboolean skip;
} chat_warning;

/* What the reader hands the writer: the messages of (part of) one file,
 * with their strings in the batch's chunk. */
typedef struct {
    pl_chat_add msgs[CHAT_BATCH];
    const char *rooms[CHAT_BATCH]; /* the room of each message (its session's) */
    guint sentence_at[CHAT_BATCH]; /* first of each message's rows in sentences */
    pl_participant parts[CHAT_MAX_PARTS * CHAT_BATCH];
    guint n_msgs, n_parts;
    GArray *sentences; /* pl_sentence_row */
    GStringChunk *strings;
    GArray *warnings; /* chat_warning, in file order */
    guint64 messages, system;
    guint job;         /* the file (chat_job) these lines are from */
    gboolean file_end; /* the last batch of that file */
    gboolean file_bad; /* ... which failed: not to be marked as read */
    gint64 size, mtime_ns;
    gboolean last; /* the reader is done with every file */
} chat_batch;

/* One file to read, decided by the writer before the reader starts. */
typedef struct {
    char *path;
    gint64 source_id;
    const char *error; /* the file cannot be read: why (static) */
} chat_job;

/* The reader's side of a run. */
typedef struct {
    const pl_config *cfg;
    const struct chat_format *fmt;
    cdr_clock clock; /* [chat] timezone, for zone-less times */
    pl_pipe *pipe;
    chat_batch *cur;
    const chat_job *jobs;
    guint n_jobs;
    gboolean failed; /* the writer asked to stop */
    GString *key, *where, *own;
    gint64 offset_hour; /* the zone's offset in this hour of UTC (chat_read.c) */
    gboolean offset_whole;
    int offset;
} chat_run;

/* Identical messages (same second, sender and text) seen in this file, so
 * that each repetition gets its own key. Small: reset when the second
 * changes. */
#define CHAT_SAME_SECOND_MAX 64

/* One file being read. */
typedef struct {
    chat_run *run;
    const char *path;
    guint line;
    gpointer fmt_state; /* the format's own per-file state */
    gboolean bad;       /* the format found the whole file unusable (reported) */
    gint64 same_ts;
    guint n_same;
    guint64 same[CHAT_SAME_SECOND_MAX];
} chat_file;

/* One message, as a format hands it over. Strings are borrowed. */
typedef struct {
    gint64 ts;             /* UTC */
    const char *room;      /* room identity value ("irc:#qtox"), never NULL */
    const char *room_name; /* display name of the room, or NULL */
    int from_kind;         /* pl_identity_kind */
    const char *from, *from_name;
    int to_kind; /* the other party of a direct chat, when known */
    const char *to, *to_name;
    const char *text; /* UTF-8 */
    const char *id;   /* the source's own message id, or NULL */
    gsize bytes;      /* size of the record in the file */
} chat_msg;

typedef struct chat_format {
    const char *name;
    /* Whether a file met in a folder is one of this format's (by name). */
    gboolean (*wants)(const char *name);
    /* Per-file state, created before the first line and freed after the
     * last; either hook may be NULL. */
    gpointer (*file_open)(chat_file *f); /* NULL: the file is unusable (reported) */
    void (*file_close)(chat_file *f, gpointer state);
    /* One line (without its newline, NUL-terminated, valid UTF-8). */
    void (*line)(chat_file *f, char *line, gsize len);
    /* End of file: a format holding a message back (multi-line) emits it. */
    void (*end)(chat_file *f);
} chat_format;

extern const chat_format chat_format_jsonl, chat_format_irc, chat_format_whatsapp,
    chat_format_twitter;

/* Reader side (chat_read.c). */
/* Adds one message: key, text, sentences, participants. Reports nothing. */
void chat_emit(chat_file *f, const chat_msg *m);
/* Reports the current line as skipped with reason. */
void chat_bad_line(chat_file *f, const char *reason);
/* Reports a skipped record at where (a file, a part of one). */
void chat_skip(chat_file *f, const char *where, const char *reason);
/* A system line (join, part, "X joined", encryption notice): counted. */
void chat_system_line(chat_file *f);
/* The reader thread: reads run->jobs in order, hands on every message, the
 * last batch marked. */
gpointer chat_read_main(gpointer run);
void chat_batch_reset(chat_batch *b);
chat_batch *chat_batch_new(void);
void chat_batch_free(gpointer b);

/* An identity for a free-form sender: an e-mail address (also "Name
 * <addr>", the name then goes to name when given), a phone number (E.164)
 * or else a handle "<ns>:<value>". Returns the kind and writes the value
 * to out. */
int chat_identity(const char *raw, const char *ns, const char *country, GString *out,
                  GString *name);

/* chat_session.c: sessions are a room's messages with gaps < gap_s. */
typedef struct chat_sessions chat_sessions;
/* flush writes the messages the writer holds back, before the sessions
 * read or change the store, and then calls chat_sessions_written. */
chat_sessions *chat_sessions_new(pl_store *st, const pl_config *cfg, gint64 gap_s,
                                 pl_conv_one *conv, gboolean (*flush)(gpointer, GError **),
                                 gpointer flush_user);
void chat_sessions_free(chat_sessions *s);
/* The conversation a new message of room at ts belongs to (0 on failure). */
gint64 chat_session_conv(chat_sessions *s, const char *room, gint64 ts, GError **err);
/* The store's fold callback (pl_event_fold_fn) for messages of sessions. */
int chat_sessions_fold(const pl_conv_row *rows, guint n, gpointer s);
/* After messages were written: identities that turned into lists (they
 * change the direction of earlier messages) and the sessions closed
 * meanwhile, whose aggregates and open items are final now. */
gboolean chat_sessions_written(chat_sessions *s, GPtrArray *became_list, GError **err);
/* At the end of a run: joins each room's last session with stored sessions
 * within a gap of it, and finishes every session. */
gboolean chat_sessions_settle(chat_sessions *s, GError **err);

#endif
