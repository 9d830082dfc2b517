/* imap.h — a read-only IMAP4rev1 session for `parley sync` (internal).
 *
 * libcurl connects, speaks TLS (imaps://, or STARTTLS when offered) and
 * logs in (SASL or LOGIN, netrc); parley then speaks the few commands a
 * read-only sync needs over that connection (imap.c): LIST, EXAMINE, UID
 * SEARCH and UID FETCH with BODY.PEEK[]. libcurl's own fetch cannot be used:
 * it asks for BODY[] (7.88 here), which marks every fetched message as read
 * on the server, and its custom commands (-X) drop literals. EXAMINE opens each
 * folder read-only, so a sync never changes the mailbox.
 *
 * The transport is a pair of functions so the response parser can be fed
 * canned bytes by the unit tests (tests/unit/test_imap.c).
 */
#ifndef PARLEY_IMAP_H
#define PARLEY_IMAP_H

#include "parley.h"

G_BEGIN_DECLS

/* Larger messages are read past and reported, not kept in memory. */
#define PL_IMAP_MAX_MESSAGE (64 * 1024 * 1024)

typedef struct {
    /* Up to len bytes into buf: the count, 0 when the peer closed the
     * connection, -1 with err set on failure (timeouts included). */
    gssize (*recv)(gpointer io, void *buf, gsize len, GError **err);
    /* All of buf, or FALSE with err set. */
    gboolean (*send)(gpointer io, const void *buf, gsize len, GError **err);
    /* Closes. healthy: the connection may still be used (libcurl may then
     * log out itself); else it is shut at once. */
    void (*free)(gpointer io, gboolean healthy);
} pl_imap_io;

typedef struct pl_imap pl_imap;

/* A session over io (owned: io->free is called by pl_imap_free). where
 * names the server in messages ("imap://jane@mail.example:993"). */
pl_imap *pl_imap_new(const pl_imap_io *io, gpointer io_data, const char *where);

typedef struct {
    const char *url;      /* imap[s]://[USER@]HOST[:PORT]/, the user %-encoded: libcurl
                             looks a netrc password up only for a user in the URL */
    const char *password; /* or NULL (netrc) */
    const char *netrc;    /* netrc-style file, or NULL */
    const char *ca_file;  /* CA bundle for a private CA, or NULL (the system's) */
    const char *where;    /* for messages, without the password */
    const char *hint;     /* added to "login failed" when set, e.g. why no password was sent */
    int timeout_s;        /* longest wait for the server */
} pl_imap_login;

/* Connects and logs in with libcurl. Errors name the server and say why
 * (refused, unknown host, TLS, login denied). */
pl_imap *pl_imap_connect(const pl_imap_login *l, GError **err);
/* Logs out when the session is healthy, else just drops the connection. */
void pl_imap_free(pl_imap *s);

/* TRUE once the connection broke (or the server's answers made no sense):
 * no further command can be sent. */
gboolean pl_imap_broken(const pl_imap *s);

/* Every selectable folder (raw names, as the server writes them). */
gboolean pl_imap_list(pl_imap *s, GPtrArray *names, GError **err);

typedef struct {
    guint64 uidvalidity; /* 0 when the server sent none */
    guint64 uidnext;     /* 0 when the server sent none */
    guint64 exists;
} pl_imap_folder;

/* Opens folder (raw name) read-only. A folder the server refuses fails
 * with PL_ERR_NOTFOUND and the server's words. */
gboolean pl_imap_examine(pl_imap *s, const char *folder, pl_imap_folder *out, GError **err);

/* UIDs >= from_uid of the open folder, ascending (guint32). */
gboolean pl_imap_uids_from(pl_imap *s, guint32 from_uid, GArray *uids, GError **err);

/* One fetched message: data is NULL (and size its length) when it was
 * larger than PL_IMAP_MAX_MESSAGE, or when the server had no body for it.
 * internal_ts is the server's INTERNALDATE (UTC seconds, 0 = none): when
 * the message arrived, the time of last resort for a message without a
 * usable Date. Return FALSE to stop (after setting err). */
typedef gboolean (*pl_imap_msg_cb)(guint32 uid, const char *data, gsize size, gint64 internal_ts,
                                   gpointer user, GError **err);

/* Fetches the n UIDs given (INTERNALDATE, BODY.PEEK[]: flags stay as they
 * are); cb gets
 * each message as it arrives, in the server's order. UIDs the server does
 * not return (expunged meanwhile) are simply not reported. On a broken
 * connection the error says which UID was being received. */
gboolean pl_imap_fetch(pl_imap *s, const guint32 *uids, guint n, pl_imap_msg_cb cb, gpointer user,
                       GError **err);

/* "1:5,7,9:12" for ascending uids. */
char *pl_imap_uid_set(const guint32 *uids, guint n);

/* An INTERNALDATE ("17-Jul-1996 02:44:25 -0700") as UTC seconds; 0 when
 * it does not parse. */
gint64 pl_imap_internaldate(const char *s);

/* RFC 3501 modified UTF-7 mailbox names: encode UTF-8 for the wire, decode
 * for people (NULL when name is not valid modified UTF-7). */
char *pl_imap_utf7_encode(const char *utf8);
char *pl_imap_utf7_decode(const char *name);

G_END_DECLS

#endif
