/* detect.h — questions and promises in what a person wrote (internal to
 * libparley). Pure text functions, no store and no configuration: the
 * conversation refresh (items_detect.c) decides which messages they run on
 * and what becomes an open item; the hidden `parley detect` command runs
 * them over a file. The rules are in docs/model.md, "Open items".
 *
 * detect.c: cutting what is not the author's, sentence splitting, the
 * question and promise rules. detect_due.c: due dates named in a sentence.
 */
#ifndef PARLEY_DETECT_H
#define PARLEY_DETECT_H

#include <glib.h>

G_BEGIN_DECLS

typedef enum { PL_SENT_NONE = 0, PL_SENT_QUESTION, PL_SENT_PROMISE } pl_sentence_kind;

/* Bits of the want argument of pl_detect_text(). */
#define PL_WANT_QUESTIONS (1u << PL_SENT_QUESTION)
#define PL_WANT_PROMISES (1u << PL_SENT_PROMISE)

/* "none", "question", "promise". */
const char *pl_sentence_kind_name(pl_sentence_kind k);

typedef struct {
    pl_sentence_kind kind;
    char *sentence; /* as written, whitespace collapsed, valid UTF-8 */
    gint64 due_ts;  /* noon of the day the sentence names, in the writer's zone; 0 = none */
} pl_detected;

/* Sentences of text the author wrote (quotes already gone; paragraphs
 * separated by empty lines): what follows a reply header block ("From: ..."
 * then "Sent:"/"To:"), a "... wrote:" line, a "Sent from my ..." line or a
 * closing ("Best regards,") with only short lines after it is cut; a line
 * break ends a sentence after a short line, a list item or a line ending in
 * ':'; inside a line, '?' and '!' always end one, '.' unless it ends an
 * abbreviation or an initial. Sentences longer than 600 bytes (logs, code,
 * run-ons) are left out. char* elements. */
GPtrArray *pl_sentences_split(const char *text);

/* pl_sentences_split() of the author's own words in body (the text as
 * stored: quoted lines, attributions and what follows a signature marker
 * removed first, paragraphs kept). */
GPtrArray *pl_body_sentences(const char *body);

/* What one sentence is: a question the writer asks the reader, a promise the
 * writer (I / we) makes, or neither. */
pl_sentence_kind pl_sentence_classify(const char *sentence);

/* The day a sentence names as a deadline ("by Friday", "tomorrow", "next
 * week", "end of month", "on 12 March", "2026-03-12", "in 2 days"), counted
 * from ts in the zone offset_s seconds east of UTC: noon of that day as UTC
 * seconds (noon, so the day reads the same in any zone within 12 hours), or
 * 0 when it names none. */
gint64 pl_due_resolve(const char *sentence, gint64 ts, int offset_s);

/* The whole pass over one message: body (the text as stored, quotes and
 * all) -> own words with paragraphs -> sentences -> those of the wanted
 * kinds, in text order, each with its due day. GArray of pl_detected. */
GArray *pl_detect_text(const char *body, gint64 ts, int offset_s, guint want);
/* The same from the author's own words already extracted with
 * pl_text_own_paragraphs() (the mail adapter has them at hand). */
GArray *pl_detect_own(const char *own, gint64 ts, int offset_s, guint want);
void pl_detected_free(GArray *a);

/* The version of these rules. Sentences found at ingest are kept with it
 * (event.detect_v, migration 008); a store holding an older version's are
 * found again from the stored text by the next refresh. */
#define PL_DETECT_VERSION 1

G_END_DECLS

#endif
