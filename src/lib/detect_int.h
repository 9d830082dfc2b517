/* detect_int.h — what the files of the detection rules share (detect.c,
 * detect_text.c, detect_words.c): small string helpers and the tokenised
 * sentence the rules read. Internal to those files. */
#ifndef PARLEY_DETECT_INT_H
#define PARLEY_DETECT_INT_H

#include "detect.h"

#include <string.h>

G_BEGIN_DECLS

#define SENTENCE_MAX 600 /* bytes; longer "sentences" are logs, code or run-ons */

/* s equals one of the '|'-separated alternatives. */
static inline gboolean is_one_of(const char *s, const char *alts)
{
    if (!s || !*s)
        return FALSE;
    /* strstr() is vectorised: find s, then check it is a whole alternative. */
    size_t n = strlen(s);
    for (const char *p = alts; (p = strstr(p, s)); p++)
        if ((p == alts || p[-1] == '|') && (p[n] == '|' || p[n] == '\0'))
            return TRUE;
    return FALSE;
}

static inline gboolean starts_ci(const char *s, const char *prefix)
{
    return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static inline gboolean ends_ci(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && g_ascii_strncasecmp(s + len - n, suffix, n) == 0;
}

static inline gboolean word_char(const char *p)
{
    return g_ascii_isalnum(*p) || *p == '\'' || *p == '_' || (guchar)*p >= 0x80;
}

/* ASCII lower case without a function call (every byte of every sentence). */
#define LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (char)((c) + 32) : (c))

/* Token i of t, NULL past the end. */
#define TOK(t, i) ((i) < (t)->len ? (const char *)(t)->pdata[i] : NULL)

/* A word token (not punctuation); "URL" stands for a link or address. */
static inline gboolean is_word(const char *w)
{
    return w && (word_char(w) || strcmp(w, "URL") == 0);
}

/* A sentence's tokens, as the rules index them (TOK). */
typedef struct {
    const char **pdata;
    guint len;
} det_toks;

/* What a sentence of at most SENTENCE_MAX bytes (all that the splitter
 * yields) needs, kept inside det_sent so that tokenising costs no
 * allocation: every token takes at least one byte of the sentence, and no
 * token with its NUL takes more than four times its bytes ("u" -> "you"). */
#define DET_TOKENS_INLINE (SENTENCE_MAX + 1)
#define DET_BYTES_INLINE (4 * SENTENCE_MAX + 16)

/* A sentence as the rules read it: its tokens, and its words (not
 * punctuation, not URLs) joined by single spaces, with where each token's
 * word starts in that string, so phrase lists are matched without copying.
 * Longer sentences (pl_sentence_classify takes any) use the heap. */
typedef struct {
    const char *raw;
    det_toks toks, *t;
    char *buf; /* the tokens, NUL-separated */
    gsize buf_len, buf_cap;
    char *joined; /* the words, NUL-terminated */
    gsize joined_len;
    gsize *off; /* per token: offset in joined of this or the next word */
    guint tok_cap;
    const char *tok_inline[DET_TOKENS_INLINE];
    gsize off_inline[DET_TOKENS_INLINE + 1];
    char buf_inline[DET_BYTES_INLINE];
    char joined_inline[DET_BYTES_INLINE];
} det_sent;

/* Tokenises raw (lower case, contractions written out, URLs as "URL"). */
G_GNUC_INTERNAL void det_sent_init(det_sent *x, const char *raw);
G_GNUC_INTERNAL void det_sent_clear(det_sent *x);
/* The words from token i on, as one string. */
G_GNUC_INTERNAL const char *det_words_from(const det_sent *x, guint i);
/* Where the words start after an IRC-style addressee and interjections. */
G_GNUC_INTERNAL guint det_content_start(const det_toks *t);
/* Token i starts a clause: the sentence start, or after , ; : ( - "and" ... */
G_GNUC_INTERNAL gboolean det_clause_start(const det_toks *t, guint i, guint from);
/* One of the phrases (words joined by single spaces) starts at token i. */
G_GNUC_INTERNAL gboolean det_phrase_at(const det_sent *x, guint i, const char *const *phrases);

G_END_DECLS

#endif
