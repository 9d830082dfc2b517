/* chat.h — what the chat readers share (not public).
 *
 * chat.c owns everything common: finding files, reading them line by line,
 * identities, the event, its idempotency key and its session. A format
 * (chat_jsonl.c, chat_irc.c, chat_whatsapp.c, chat_twitter.c) only turns its lines into
 * chat_msg values and hands them to chat_emit().
 */
#ifndef PARLEY_CHAT_H
#define PARLEY_CHAT_H

#include "cdr.h"
#include "ingest.h"

typedef struct chat_sessions chat_sessions;

/* A whole run: one per pl_ingest_chat() call. */
typedef struct {
    pl_ingest *ing;
    const struct chat_format *fmt;
    cdr_clock clock; /* [chat] timezone, for zone-less times */
    chat_sessions *sessions;
    gint64 source_id;
    GError **err;
    gboolean failed; /* the store failed: stop */
    GString *key, *scratch;
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

/* Adds one message: event, key, session. Reports nothing itself. */
void chat_emit(chat_file *f, const chat_msg *m);
/* Reports the current line as skipped with reason. */
void chat_bad_line(chat_file *f, const char *reason);
/* A system line (join, part, "X joined", encryption notice): counted. */
void chat_system_line(chat_file *f);
/* An identity for a free-form sender: an e-mail address (also "Name
 * <addr>", the name then goes to name when given), a phone number (E.164)
 * or else a handle "<ns>:<value>". Returns the kind and writes the value
 * to out. */
int chat_identity(const char *raw, const char *ns, const char *country, GString *out,
                  GString *name);

/* chat_session.c: sessions are a room's messages with gaps < gap_s. */
chat_sessions *chat_sessions_new(pl_store *st, gint64 gap_s);
void chat_sessions_free(chat_sessions *s);
/* The conversation a new message of room at ts belongs to (0 on failure). */
gint64 chat_session_conv(chat_sessions *s, const char *room, gint64 ts, GError **err);
/* At the end of a run: joins each room's last session with stored sessions
 * within a gap of it. */
gboolean chat_sessions_settle(chat_sessions *s, GError **err);

#endif
