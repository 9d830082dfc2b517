/* detect_words.c — sentences as the question and promise rules read them
 * (detect_int.h): lower-case word tokens with contractions written out, the
 * words joined for phrase lists, addressees and interjections skipped,
 * clause starts.
 */
#include "detect_int.h"

/* -------------------------------------------------------------- words */

/* Tokens go into one buffer, NUL-separated, and are pointed at once the
 * buffer is complete: a sentence costs a handful of allocations, not one
 * per word (this runs over every sentence of every message). */
typedef struct {
    GString *buf;
    GArray *at; /* gsize: where each token starts in buf */
} tok_sink;

static void sink_add(tok_sink *k, const char *w, gssize len)
{
    gsize at = k->buf->len;
    g_array_append_val(k->at, at);
    g_string_append_len(k->buf, w, len < 0 ? (gssize)strlen(w) : len);
    g_string_append_c(k->buf, '\0');
}

/* Lower-case words with contractions written out ("I'll" -> "i will",
 * "won't" -> "will not", "let's" -> "let us"); punctuation marks are
 * tokens of their own; URLs and addresses become "URL". w is changed. */
static void push_word(tok_sink *k, char *w)
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

static void tokenize(tok_sink *k, const char *s)
{
    GString *w = g_string_sized_new(32);
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
            sink_add(k, p, (gssize)step);
            p += step;
            continue;
        }
        g_string_truncate(w, 0);
        while (*p) {
            if (word_char(p)) {
                if ((guchar)*p < 0x80) {
                    g_string_append_c(w, LOWER(*p));
                    p++;
                } else if (g_str_has_prefix(p, "\xE2\x80\x99")) { /* ’ as an apostrophe */
                    g_string_append_c(w, '\'');
                    p += 3;
                } else {
                    gsize step = g_utf8_skip[(guchar)*p];
                    g_string_append_len(w, p, step);
                    p += step;
                }
            } else if ((*p == '-' || *p == '.') && g_ascii_isalnum(p[1]) && w->len) {
                g_string_append_c(w, *p++); /* follow-up, 3.14, uhd.dll */
            } else {
                break;
            }
        }
        /* Quotes around a word are not apostrophes. */
        gsize lead = 0;
        while (lead < w->len && w->str[lead] == '\'')
            lead++;
        while (w->len > lead && w->str[w->len - 1] == '\'')
            g_string_truncate(w, w->len - 1);
        if (w->len > lead)
            push_word(k, w->str + lead);
    }
    g_string_free(w, TRUE);
}

void det_sent_init(det_sent *x, const char *raw)
{
    x->raw = raw;
    tok_sink k = {g_string_sized_new(strlen(raw) * 2 + 16),
                  g_array_new(FALSE, FALSE, sizeof(gsize))};
    tokenize(&k, raw);
    x->buf = g_string_free(k.buf, FALSE);
    x->t = g_ptr_array_sized_new(k.at->len);
    for (guint i = 0; i < k.at->len; i++)
        g_ptr_array_add(x->t, x->buf + g_array_index(k.at, gsize, i));
    g_array_free(k.at, TRUE);
    x->joined = g_string_new(NULL);
    x->off = g_array_sized_new(FALSE, FALSE, sizeof(gsize), x->t->len + 1);
    for (guint i = 0; i < x->t->len; i++) {
        const char *w = x->t->pdata[i];
        gsize at = x->joined->len ? x->joined->len + 1 : 0;
        g_array_append_val(x->off, at);
        if (is_word(w) && strcmp(w, "URL") != 0) {
            if (x->joined->len)
                g_string_append_c(x->joined, ' ');
            g_string_append(x->joined, w);
        }
    }
    gsize end = x->joined->len;
    g_array_append_val(x->off, end);
}

void det_sent_clear(det_sent *x)
{
    g_ptr_array_free(x->t, TRUE);
    g_free(x->buf);
    g_string_free(x->joined, TRUE);
    g_array_free(x->off, TRUE);
}

/* The words from token i on, as one string. */
const char *det_words_from(const det_sent *x, guint i)
{
    gsize o = g_array_index(x->off, gsize, MIN(i, x->t->len));
    return x->joined->str + MIN(o, x->joined->len);
}

/* Where the words start after an IRC-style addressee ("zetok: ", "@bob ")
 * and interjections ("ok,", "hi Jane,", "so"). */
guint det_content_start(GPtrArray *t)
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
gboolean det_clause_start(GPtrArray *t, guint i, guint from)
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
