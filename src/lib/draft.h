/* draft.h — e-mails parley writes for you: the follow-up after a call or
 * meeting and the heads-up before a planned call (draft.c, built with
 * GMime), and delivering a message over SMTP (send.c, libcurl), after which
 * it is on the customer's timeline like any mail. Internal to libparley and
 * its CLI; see docs/commands.md and docs/config.md ([draft], [smtp]).
 */
#ifndef PARLEY_DRAFT_H
#define PARLEY_DRAFT_H

#include "store.h"

G_BEGIN_DECLS

/* One message to render. */
typedef struct {
    const char *from_addr, *from_name; /* name may be NULL */
    const char *to_addr, *to_name;
    const char *subject;   /* UTF-8 */
    const char *body;      /* UTF-8 plain text, '\n' line ends */
    gint64 date;           /* UTC seconds; written in the local zone */
    const char *event_key; /* X-Parley-Event: the event it follows up, or NULL */
} pl_draft;

/* The message as RFC 5322 text with '\n' line ends: Date and a fresh
 * Message-ID set (GMime sets neither), MIME-Version, text/plain in UTF-8
 * with quoted-printable or base64 (whichever is shorter for the text), RFC
 * 2047 encoded words for non-ASCII headers. */
char *pl_draft_render(const pl_draft *d, GError **err);

typedef struct {
    const char *text;
    gint64 due_ts; /* 0 = none */
} pl_draft_item;

/* The words of a follow-up, in the language lang ("en", "de", "fr", "es";
 * anything else = en). */
typedef struct {
    const char *lang;
    const char *to_name; /* greeting: the first word is used; NULL = none */
    const char *my_name; /* signature; NULL = none */
    pl_channel channel;
    gint64 ts, duration_s;
    const char *note; /* the notes taken, NULL = none */
    const pl_draft_item *items;
    guint n_items;
} pl_follow_up_words;

void pl_draft_follow_up_words(const pl_follow_up_words *w, char **subject, char **body);
void pl_draft_heads_up_words(const char *lang, const char *to_name, const char *my_name,
                             gint64 when, gboolean has_time, const char *about, char **subject,
                             char **body);
/* "Tuesday 1 December 2026" and the like; year only when with_year. */
char *pl_draft_date_words(const char *lang, gint64 ts, gboolean with_year);

/* A follow-up of an event named by ref ("log:<uuid>", the uuid alone, a
 * numeric event id or any source key), or, when ref is NULL, of the last
 * call with last_call_target. Returns the rendered message. */
char *pl_draft_follow_up(pl_store *st, const pl_config *cfg, const char *ref,
                         const char *last_call_target, GError **err);
char *pl_draft_heads_up(pl_store *st, const pl_config *cfg, const char *target, gint64 when,
                        gboolean has_time, const char *about, GError **err);

/* ---------------------------------------------------------------- send */

typedef struct {
    char *envelope_from;
    GPtrArray *rcpts; /* char*: To, Cc and Bcc addresses */
    char *message_id;
    gboolean recorded;  /* a new event on the timeline */
    gboolean duplicate; /* the message was on the timeline already */
} pl_send_result;

/* Sends the message in path over SMTP ([smtp] of the config: url, user,
 * password-file, password-command or netrc-file; STARTTLS when offered), then
 * records it as an outbound mail event. Bcc is delivered but not
 * transmitted. The file must have From, a recipient, Date and Message-ID. */
gboolean pl_send_file(pl_store *st, const pl_config *cfg, const char *path, pl_send_result *res,
                      GError **err);
void pl_send_result_clear(pl_send_result *res);

G_END_DECLS

#endif
