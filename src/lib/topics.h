/* topics.h — keywords of what people wrote, for briefs: tokens, stop-words,
 * Snowball stems (libstemmer), first- and second-person pronouns, and the
 * keyword index kept beside the events (006-brief.sql). Internal to
 * libparley and its CLI; the definitions are in docs/model.md, "Topics".
 */
#ifndef PARLEY_TOPICS_H
#define PARLEY_TOPICS_H

#include "store.h"

G_BEGIN_DECLS

/* A stemmer and a stop list for one language. Not thread-safe. */
typedef struct pl_keywords pl_keywords;

/* From [topics] language and stop-words. PL_ERR_CONFIG when the language
 * has no Snowball stemmer or the stop-word file cannot be read. */
pl_keywords *pl_keywords_new(const pl_config *cfg, GError **err);
void pl_keywords_free(pl_keywords *k);
/* Changes whenever the same text would give other keywords. */
const char *pl_keywords_fingerprint(const pl_keywords *k);
/* TRUE when pronouns are counted (English: the lists are English words). */
gboolean pl_keywords_counts_pronouns(const pl_keywords *k);

typedef struct {
    char *stem, *word; /* word: the first token that gave this stem */
    guint count;
} pl_keyword;

typedef struct {
    GArray *keywords; /* pl_keyword, in order of first appearance, stems distinct */
    guint tokens;     /* every token, keyword or not */
    guint first_person, second_person;
} pl_text_keywords;

void pl_text_keywords_init(pl_text_keywords *t);
void pl_text_keywords_clear(pl_text_keywords *t);
/* Adds the tokens of text (the author's own words) to t. */
void pl_keywords_scan(pl_keywords *k, const char *text, pl_text_keywords *t);

/* Brings the keyword index up to date with the stored bodies: events not
 * yet in it are added, the whole index is rebuilt when the language or the
 * stop list changed. Cheap when nothing is new; commits in batches, so an
 * interrupted run keeps what it did and the next one goes on. */
gboolean pl_keywords_refresh(pl_store *st, const pl_config *cfg, GError **err);
/* Events in the index that hold at least one keyword (the N of idf). */
gint64 pl_keywords_documents(pl_store *st);

G_END_DECLS

#endif
