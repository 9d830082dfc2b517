/* mail.h — the mail adapter's parsing layer (internal to libparley).
 *
 * Turns one RFC 5322 message (a .eml / Maildir file, or one message of an
 * mbox) into a pl_event: time, subject, ids, participants, the text a person
 * wrote, and flags for automated / list / damaged mail. Walking directories,
 * resolving direction and storing are the caller's business (ingest_mail.c).
 *
 * Split over four files: mail.c (files, mbox, headers, dates, ids, keys),
 * mail_addr.c (participants, list rewriting), mail_text.c (charsets, body
 * text, HTML, words, subjects) and mail_flags.c (automated-mail detection).
 * The pl_mail__* declarations at the end are shared by those files only.
 */
#ifndef PARLEY_MAIL_H
#define PARLEY_MAIL_H

#include "parley.h"

#include <gmime/gmime.h>

G_BEGIN_DECLS

typedef struct {
    gboolean store_body; /* keep the text in ev->body (capped at 256 KiB of UTF-8); else NULL */
    gint64 fallback_ts;  /* time when Date is missing/unparseable and no Received date
                            parses; 0 = none (then ts = 0) */
    gboolean signature_numbers;  /* fill ev->sig_numbers for human mail with an author */
    const char *default_country; /* for national numbers in signatures, or NULL */
} pl_mail_opts;

/* g_mime_init() once, and parser fallback charsets (utf-8, windows-1252) so
 * that raw 8-bit headers decode. Safe to call any number of times. */
void pl_mail_init(void);

/* One parsed message -> event (channel EMAIL, direction PL_DIR_UNKNOWN: the
 * caller resolves it). Never fails on damaged-but-parseable mail: it sets
 * PL_EV_DAMAGED. raw_size = bytes of the message. */
pl_event *pl_mail_to_event(GMimeMessage *msg, gsize raw_size, const pl_mail_opts *o);

/* Reads one message file (.eml or a Maildir file; a leading mbox "From "
 * envelope line is tolerated and its date is a time fallback). Returns NULL
 * with err (PARLEY_ERROR, PL_ERR_PARSE or PL_ERR_IO) whose message is a short
 * reason WITHOUT the path: "empty file", "not a mail message (no header
 * lines)", "binary data, not a mail message", "header section larger than 1
 * MiB", or the strerror text when the file cannot be read. */
pl_event *pl_mail_parse_file(const char *path, const pl_mail_opts *o, GError **err);

/* One message held in memory (fetched from a server): the same checks,
 * parse and errors as pl_mail_parse_file, so the same bytes give the same
 * event and source key wherever they were read from. CRLF line ends are
 * fine. data is only read, and only during the call. */
pl_event *pl_mail_parse_bytes(const char *data, gsize len, const pl_mail_opts *o, GError **err);

/* Iterates an mbox file (mboxo or mboxrd). cb gets each event (and owns it)
 * with the byte offset of its From_ line; returning FALSE stops. Lines of the
 * extracted text matching ^>+From_ lose one '>'. The From_ line's date is the
 * time fallback. An unparseable message is reported through warn
 * ("path@offset", reason) and skipped. FALSE with err only when the file
 * cannot be read or is not an mbox (first non-empty line is not "From "). An
 * empty file is an empty mbox. */
gboolean pl_mail_mbox_each(const char *path, const pl_mail_opts *o,
                           gboolean (*cb)(pl_event *ev, gint64 offset, gpointer user),
                           gpointer user, pl_warn_fn warn, gpointer warn_user, GError **err);

/* Subject for threading: strips any number of reply/forward prefixes (Re:,
 * Fwd:, AW:, SV:, 回复:, ...) and [list-tag] prefixes in any order, collapses
 * whitespace, casefolds. NULL when nothing is left. */
char *pl_subject_normalise(const char *subject);

/* Words a person wrote: skips quoted lines ('>'), attribution lines ("On ...
 * wrote:") before quoted text, and stops at a signature ("-- "), at
 * "-----Original Message-----" style separators and at an underscore rule
 * (Outlook quote header, Mailman footer). A CJK ideograph / kana counts as one
 * word. */
guint pl_text_count_words(const char *text);
/* The same walk, appending the lines that count to own (when not NULL):
 * what the author wrote, without quotes, attributions and signature. */
guint pl_text_own(const char *text, GString *own);
/* The same, keeping one empty line where the author left a blank line or
 * where quoted text was: paragraphs for sentence splitting. */
guint pl_text_own_paragraphs(const char *text, GString *own);

/* HTML -> plain text (libxml2's forgiving HTML parser): drops head, script and
 * style, turns block elements into line breaks, collapses spaces and prefixes
 * <blockquote> lines with "> " so quoted HTML is not counted as written. Never
 * NULL for non-NULL input. */
char *pl_html_to_text(const char *html, gsize len);

/* ------------------------------------------ shared by mail*.c only */

/* Headers of interest, collected in one pass over the header list. Pointers
 * are GMime's (valid while the message lives); NULL = header absent. */
typedef struct {
    const char *date;
    const char *references, *in_reply_to;
    const char *list_id, *list_post, *list_unsubscribe;
    const char *precedence, *x_precedence, *auto_submitted, *x_autogenerated;
    const char *return_path, *x_original_from, *x_beenthere, *mailing_list;
    const char *x_mailer, *x_post_messageclass, *x_fc_machinegenerated;
    gboolean has_date, x_autoreply, x_autorespond, feedback_id, x_campaign;
    /* Vendor auto-responder marks: X-Autoresponder, X-AutoReply-From,
     * X-Mail-Autoreply; Exchange's X-MS-Exchange-Generated-Message-Source
     * and X-MS-Exchange-Inbox-Rules-Loop (messages its rules generate). */
    gboolean x_autoresponder, x_exchange_generated;
    /* Set by mail.c: the message was addressed (To/Cc) to the list it came
     * through, i.e. someone posted it to a discussion list. */
    gboolean posted_to_list;
} pl_mail_headers;

/* PL_EV_AUTOMATED / AUTOREPLY / BULK / LIST for a message. author is the
 * normalised author address (or NULL), subject the decoded subject. */
G_GNUC_INTERNAL guint pl_mail__flags(const pl_mail_headers *h, const char *author,
                                     const char *subject, GMimeObject *root);

/* Adds author (after list rewriting), recipients, Reply-To and the list
 * address to ev; sets h->posted_to_list. Returns the author's normalised
 * address (owned by ev) or NULL. */
G_GNUC_INTERNAL const char *pl_mail__participants(pl_event *ev, GMimeMessage *msg,
                                                  pl_mail_headers *h);

/* The text of the body as valid UTF-8 (first non-attachment text/plain, else
 * first text/html converted), or NULL when there is none. Never descends into
 * attached messages. *damaged is set when the structure looks broken. */
G_GNUC_INTERNAL char *pl_mail__body_text(GMimeObject *root, gboolean *damaged);

/* TRUE when the parsed tree shows repairs (mail_damage.c): a broken or
 * unterminated multipart, an attached message that did not parse. raw, len:
 * the message's own bytes (NULL = skip the checks that need them). */
G_GNUC_INTERNAL gboolean pl_mail__damaged(GMimeMessage *msg, const char *raw, gsize len);

/* data in charset (NULL / unknown labels: UTF-8 if valid, else windows-1252)
 * -> newly allocated valid UTF-8. */
G_GNUC_INTERNAL char *pl_mail__to_utf8(const char *data, gsize len, const char *charset);

/* Keeps the gconv modules of common charsets loaded (called by pl_mail_init). */
G_GNUC_INTERNAL void pl_mail__charsets_init(void);

/* mail_date.c: a date's Unix time, 0 when missing or outside 1971..2100;
 * the newest Received: header's date that parses (0: none); an mbox From_
 * line's date (0: none). */
G_GNUC_INTERNAL gint64 pl_mail__checked_ts(GDateTime *dt);
G_GNUC_INTERNAL gint64 pl_mail__received_ts(GMimeObject *obj);
G_GNUC_INTERNAL gint64 pl_mail__from_line_ts(const char *line);

/* mboxrd/mboxo un-escaping, in place: a line ^>+From_ loses one '>'. */
G_GNUC_INTERNAL void pl_mail__unescape_from(char *text);

G_END_DECLS

#endif
