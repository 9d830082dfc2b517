/* detect_words.c — sentences as the question and promise rules read them
 * (detect_int.h): lower-case word tokens with contractions written out, the
 * words joined for phrase lists, addressees and interjections skipped,
 * clause starts.
 */
#include "detect_int.h"

/* -------------------------------------------------------------- words */

/* Tokens go into one buffer, NUL-separated, and are pointed at once the
 * buffer is complete (it never moves: its size is known up front). */
static void sink_add(det_sent *k, const char *w, gssize len)
{
    gsize n = len < 0 ? strlen(w) : (gsize)len;
    /* The bounds of det_sent_init hold for any text; these never fail. */
    g_assert(k->toks.len < k->tok_cap && k->buf_len + n + 1 <= k->buf_cap);
    k->off[k->toks.len++] = k->buf_len; /* where it starts, for now */
    memcpy(k->buf + k->buf_len, w, n);
    k->buf_len += n;
    k->buf[k->buf_len++] = '\0';
}

/* Lower-case words with contractions written out ("I'll" -> "i will",
 * "won't" -> "will not", "let's" -> "let us"); punctuation marks are
 * tokens of their own; URLs and addresses become "URL". w is changed. */
static void push_word(det_sent *k, char *w)
{
    static const struct {
        const char *from, *a, *b;
    } whole[] = {
        {"won't", "will", "not"}, {"can't", "can", "not"},  {"shan't", "shall", "not"},
        {"gonna", "going", "to"}, {"wanna", "want", "to"},  {"gotta", "got", "to"},
        {"let's", "let", "us"},   {"cannot", "can", "not"}, {"pls", "please", NULL},
        {"plz", "please", NULL},  {"u", "you", NULL},       {"ur", "your", NULL},
        {"im", "i", "am"},        {"ill", "ill", NULL},     {"ive", "i", "have"},
    };
    for (size_t n = 0; n < G_N_ELEMENTS(whole); n++)
        if (w[0] == whole[n].from[0] && strcmp(w, whole[n].from) == 0) {
            sink_add(k, whole[n].a, -1);
            if (whole[n].b)
                sink_add(k, whole[n].b, -1);
            return;
        }
    char *ap = strrchr(w, '\'');
    if (ap && ap > w && ap[1]) {
        const char *suf = ap + 1;
        const char *full = strcmp(suf, "ll") == 0   ? "will"
                           : strcmp(suf, "m") == 0  ? "am"
                           : strcmp(suf, "re") == 0 ? "are"
                           : strcmp(suf, "ve") == 0 ? "have"
                           : strcmp(suf, "d") == 0  ? "would"
                           : strcmp(suf, "s") == 0  ? "is"
                                                    : NULL;
        if (strcmp(suf, "t") == 0 && ap[-1] == 'n') { /* don't, isn't, wouldn't */
            sink_add(k, w, ap - 1 - w);
            sink_add(k, "not", -1);
            return;
        }
        if (full) {
            sink_add(k, w, ap - w);
            sink_add(k, full, -1);
            return;
        }
    }
    sink_add(k, w, -1);
}

static void tokenize(det_sent *k, const char *s, char *w)
{
    gsize wl = 0; /* w: the word being read, lower-cased (never longer than s) */
    const char *p = s;
    while (*p) {
        if (g_ascii_isspace(*p)) {
            p++;
            continue;
        }
        /* URLs and addresses: one token, whatever they hold ('?' too). */
        const char *e = p;
        while (*e && !g_ascii_isspace(*e))
            e++;
        char c0 = LOWER(*p); /* the prefixes' first letters, before comparing them */
        if ((c0 == 'h' && (starts_ci(p, "http://") || starts_ci(p, "https://"))) ||
            (c0 == 'w' && starts_ci(p, "www.")) || (c0 == 'f' && starts_ci(p, "ftp://")) ||
            (memchr(p, '@', e - p) && e - p > 3) || g_strstr_len(p, e - p, "://")) {
            sink_add(k, "URL", -1);
            p = e;
            continue;
        }
        if (!word_char(p)) {
            if (g_str_has_prefix(p, "\xE2\x80\x99") || g_str_has_prefix(p, "\xE2\x80\x98")) {
                p += 3; /* curly apostrophes inside words are handled below */
                continue;
            }
            gsize step = (guchar)*p < 0x80 ? 1 : g_utf8_skip[(guchar)*p];
            for (gsize b = 1; b < step; b++)
                if (!p[b]) /* a sequence cut short by the end */
                    step = b;
            sink_add(k, p, (gssize)step);
            p += step;
            continue;
        }
        wl = 0;
        while (*p) {
            if (word_char(p)) {
                if ((guchar)*p < 0x80) {
                    w[wl++] = LOWER(*p);
                    p++;
                } else if (g_str_has_prefix(p, "\xE2\x80\x99")) { /* ’ as an apostrophe */
                    w[wl++] = '\'';
                    p += 3;
                } else {
                    gsize step = g_utf8_skip[(guchar)*p];
                    gsize b = 0;
                    while (b < step && p[b])
                        w[wl++] = p[b++];
                    p += b;
                }
            } else if ((*p == '-' || *p == '.') && g_ascii_isalnum(p[1]) && wl) {
                w[wl++] = *p++; /* follow-up, 3.14, uhd.dll */
            } else {
                break;
            }
        }
        /* Quotes around a word are not apostrophes. */
        gsize lead = 0;
        while (lead < wl && w[lead] == '\'')
            lead++;
        while (wl > lead && w[wl - 1] == '\'')
            wl--;
        w[wl] = '\0';
        if (wl > lead)
            push_word(k, w + lead);
    }
}

void det_sent_init(det_sent *x, const char *raw)
{
    x->raw = raw;
    gsize n = strlen(raw);
    char *w;
    if (n <= SENTENCE_MAX) {
        x->tok_cap = DET_TOKENS_INLINE;
        x->buf_cap = DET_BYTES_INLINE;
        x->toks.pdata = x->tok_inline;
        x->off = x->off_inline;
        x->buf = x->buf_inline;
        x->joined = x->joined_inline;
        w = x->joined_inline; /* the word scratch, until the words are joined */
    } else {
        x->tok_cap = (guint)n + 1;
        x->buf_cap = 4 * n + 16;
        x->toks.pdata = g_new(const char *, x->tok_cap);
        x->off = g_new(gsize, x->tok_cap + 1);
        x->buf = g_malloc(x->buf_cap);
        x->joined = g_malloc(x->buf_cap);
        w = x->joined;
    }
    x->toks.len = 0;
    x->buf_len = 0;
    x->t = &x->toks;
    tokenize(x, raw, w);
    /* The tokens, then the words joined (off: each token's word start). */
    gsize j = 0;
    for (guint i = 0; i < x->toks.len; i++) {
        const char *tw = x->buf + x->off[i];
        x->toks.pdata[i] = tw;
        x->off[i] = j ? j + 1 : 0;
        if (is_word(tw) && strcmp(tw, "URL") != 0) {
            if (j)
                x->joined[j++] = ' ';
            gsize l = strlen(tw);
            memcpy(x->joined + j, tw, l);
            j += l;
        }
    }
    x->joined[j] = '\0';
    x->joined_len = j;
    x->off[x->toks.len] = j;
}

void det_sent_clear(det_sent *x)
{
    if (x->buf != x->buf_inline) {
        g_free(x->toks.pdata);
        g_free(x->off);
        g_free(x->buf);
        g_free(x->joined);
    }
}

/* The words from token i on, as one string. */
const char *det_words_from(const det_sent *x, guint i)
{
    gsize o = x->off[MIN(i, x->toks.len)];
    return x->joined + MIN(o, x->joined_len);
}

/* Where the words start after an IRC-style addressee ("zetok: ", "@bob ")
 * and interjections ("ok,", "hi Jane,", "so"). */
guint det_content_start(const det_toks *t)
{
    guint i = 0;
    if (t->len > 2 && is_word(TOK(t, 0)) && is_one_of(TOK(t, 1), ":|,") &&
        !is_one_of(TOK(t, 0), "yes|no|ok|okay|well|so|also|and|but|hi|hello|hey|thanks|sure|"
                              "note|update|edit|question|answer|btw|ps|q|a|or|now|then|"
                              "anyway|actually|however|otherwise|alternatively|hmm|um"))
        i = 2;
    else if (t->len > 2 && g_strcmp0(TOK(t, 0), "@") == 0)
        i = 2;
    for (;;) {
        const char *w = TOK(t, i);
        if (w && is_one_of(w, ",|-|:|;|(|)|*|>"))
            i++;
        else if (w && is_one_of(w, "ok|okay|so|hi|hello|hey|dear|well|yes|yeah|yep|sure|cool|"
                                   "great|awesome|alright|right|hmm|um|also|and|but|btw|thanks|"
                                   "oh|ah|anyway|now|then|fine|nice|perfect|np|thx|sorry|"
                                   "actually|however|otherwise|first|finally|lastly|besides"))
            i++;
        else
            break;
    }
    return i;
}

/* Clause starts: the sentence start, and after , ; : ( - "and" "but" "so". */
gboolean det_clause_start(const det_toks *t, guint i, guint from)
{
    if (i <= from)
        return TRUE;
    const char *p = TOK(t, i - 1);
    return is_one_of(p, ",|;|:|(|-|and|but|so|then|also|or|now|ok|okay|sure|yes|first|"
                        "thanks|well|anyway|meanwhile|meantime|otherwise|tomorrow|today|"
                        "tonight|later|soon") ||
           (p && !is_word(p));
}

gboolean det_phrase_at(const det_sent *x, guint i, const char *const *phrases)
{
    const char *j = det_words_from(x, i);
    for (const char *const *p = phrases; *p; p++) {
        size_t n = strlen(*p);
        if (strncmp(j, *p, n) == 0 && (j[n] == '\0' || j[n] == ' '))
            return TRUE;
    }
    return FALSE;
}
