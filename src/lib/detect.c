/* detect.c — questions and promises in what a person wrote: cutting what is
 * not theirs, sentence splitting and the rules for each kind (detect.h).
 *
 * Rules over words, not a model: they are cheap enough to run over every
 * message at ingest, and every decision can be explained to a user who asks
 * why a sentence became an open item. The labelled real sentences in
 * tests/data/items/labelled.tsv measure them (precision and recall per
 * kind, tests/T141-detect-labelled.sh). A question is a sentence asking
 * the reader something: it ends in '?' and is not a quotation, a footer, a
 * rhetorical idiom or a fragment, or it is an indirect ask ("I was
 * wondering if ...", "please let me know whether ..."). A promise is I / we
 * committing to an act: "I'll send", "we will", "I am going to", "let me
 * check", "will do", a "next step" of ours; not a state ("I'll be away"), a
 * hedge ("I would"), a discourse phrase ("I'll note that"), a refusal, a
 * subordinate clause ("if we'll have to") nor an offer that waits on the
 * reader ("send me the log and I'll look").
 */
#include "detect.h"

#include "mail.h"

#include <string.h>

#define SENTENCE_MAX 600 /* bytes; longer "sentences" are logs, code or run-ons */
#define SHORT_LINE 40    /* characters; a break after a shorter line ends a sentence */
#define WH_BYTES 150     /* longest question without its '?' ("How can I fix this") */

const char *pl_sentence_kind_name(pl_sentence_kind k)
{
    static const char *const names[] = {"none", "question", "promise"};
    return (unsigned)k <= PL_SENT_PROMISE ? names[k] : "?";
}

/* ------------------------------------------------------------- helpers */

/* s equals one of the '|'-separated alternatives. */
static gboolean is_one_of(const char *s, const char *alts)
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

static gboolean starts_ci(const char *s, const char *prefix)
{
    return g_ascii_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static gboolean ends_ci(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && g_ascii_strncasecmp(s + len - n, suffix, n) == 0;
}

/* ------------------------------------------------ what is not the author's */

/* "Name:" at the start of a line, for the header names of reply blocks that
 * mail programs write without '>' quoting (Outlook, Lotus, webmail). */
/* Lower case of s[0..len) into out (NUL-terminated): ASCII in place, the
 * rest through GLib ("À", "Å"); cut to fit. */
static void lower_into(char *out, size_t size, const char *s, size_t len)
{
    gboolean ascii = TRUE;
    for (size_t i = 0; i < len && ascii; i++)
        ascii = (guchar)s[i] < 0x80;
    if (!ascii) {
        char *l = g_utf8_strdown(s, (gssize)len);
        g_strlcpy(out, l, size);
        g_free(l);
        return;
    }
    size_t n = MIN(len, size - 1);
    for (size_t i = 0; i < n; i++)
        out[i] = g_ascii_tolower(s[i]);
    out[n] = '\0';
}

static gboolean header_line(const char *s, const char *names)
{
    const char *colon = memchr(s, ':', strnlen(s, 25));
    if (!colon || colon == s || colon - s > 24)
        return FALSE;
    char name[64];
    lower_into(name, sizeof name, s, colon - s);
    return is_one_of(g_strstrip(name), names);
}

#define FROM_NAMES                                                                                 \
    "from|von|de|da|van|från|fra|od|发件人|差出人|sent|gesendet|envoyé|enviado|inviato|"   \
    "verzonden|skickat|sendt|wysłane|发送时间"
#define HEADER_NAMES                                                                               \
    FROM_NAMES "|date|to|cc|subject|datum|an|betreff|à|objet|para|asunto|data|a|oggetto|aan|"     \
               "onderwerp|till|ämne|til|emne|do|temat|收件人|主题|抄送"

/* Ends like an attribution: "On ... Jane <j@x> wrote:". */
static gboolean wrote_line(const char *s)
{
    static const char *const ends[] = {
        "wrote:",    "writes:",     "schrieb:", "a écrit :", "a écrit:",
        "escribió:", "ha scritto:", "schreef:", "skrev:",    "napisał:",
        "写道：",    "写道:",       "wrote :",  "escreveu:", NULL};
    size_t n = strlen(s);
    if (!n || (s[n - 1] != ':' && (guchar)s[n - 1] != 0x9A)) /* ':' or the end of '：' */
        return FALSE;
    for (const char *const *e = ends; *e; e++)
        if (ends_ci(s, n, *e))
            return TRUE;
    return FALSE;
}

static gboolean device_signature(const char *s)
{
    static const char *const starts[] = {"Sent from my ",
                                         "Sent from Mail for",
                                         "Sent from Yahoo",
                                         "Sent from Outlook",
                                         "Get Outlook for",
                                         "Envoyé de mon",
                                         "Von meinem",
                                         "Enviado desde mi",
                                         "Sent via ",
                                         "Inviato da",
                                         NULL};
    if (!strchr("SsGgEeVvIi", s[0]))
        return FALSE;
    for (const char *const *p = starts; *p; p++)
        if (starts_ci(s, *p))
            return TRUE;
    return FALSE;
}

/* "Best regards," / "Thanks, Jane" / "Cheers!": a closing line. */
static gboolean closing_line(const char *s)
{
    static const char *const closings[] = {"regards",
                                           "best regards",
                                           "kind regards",
                                           "warm regards",
                                           "best wishes",
                                           "cheers",
                                           "thanks",
                                           "thank you",
                                           "thanks again",
                                           "thanks in advance",
                                           "many thanks",
                                           "thanks a lot",
                                           "thank you again",
                                           "sincerely",
                                           "yours sincerely",
                                           "best",
                                           "br",
                                           "rgds",
                                           "all the best",
                                           "greetings",
                                           "with regards",
                                           "thx",
                                           "cordialement",
                                           "saludos",
                                           "gruß",
                                           "viele grüße",
                                           "grüße",
                                           "mfg",
                                           "ciao",
                                           "with best regards",
                                           "mit freundlichen grüßen",
                                           NULL};
    if (strlen(s) > 40 || !g_ascii_isalpha(s[0]))
        return FALSE; /* a closing is a short line */
    char buf[128];
    lower_into(buf, sizeof buf, s, strlen(s));
    char *low = g_strstrip(buf);
    gboolean yes = FALSE;
    for (const char *const *c = closings; *c && !yes; c++) {
        size_t n = strlen(*c);
        if (strncmp(low, *c, n) != 0)
            continue;
        const char *r = low + n;
        if (!*r || ((*r == ',' || *r == '!' || *r == '.') && r[1] == '\0'))
            yes = TRUE;
        else if (*r == ',' || *r == ' ') { /* "Thanks, Jane" / "Cheers Bob": a name after */
            guint words = 0;
            for (const char *q = r; *q; q++)
                if (*q == ' ' && q[1] && q[1] != ' ')
                    words++;
            yes = words <= 2 && !strpbrk(r, "?.:;");
        }
    }
    return yes;
}

/* Nothing after line i reads like the author's own prose: few, short lines
 * and no question (a P.S. with a question is kept). */
static gboolean only_signature_after(char **lines, guint i)
{
    guint n = 0;
    for (guint k = i + 1; lines[k]; k++) {
        const char *l = lines[k];
        if (!*l)
            continue;
        if (++n > 12 || g_utf8_strlen(l, -1) > 72 || strchr(l, '?'))
            return FALSE;
    }
    return TRUE;
}

/* A rule of dashes, equals signs, stars: a break, never text. */
static gboolean rule_line(const char *s)
{
    size_t n = 0;
    for (; *s; s++, n++)
        if (!strchr("-=_*~#+", *s))
            return FALSE;
    return n >= 10;
}

/* Lines of text up to where it stops being the author's; rules become
 * paragraph breaks. */
static char **author_lines(const char *text)
{
    char **lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    for (guint i = 0; i < n; i++)
        g_strstrip(lines[i]);
    guint cut = n;
    for (guint i = 0; i < n && cut == n; i++) {
        const char *l = lines[i];
        if (!*l)
            continue;
        if (header_line(l, FROM_NAMES)) {
            for (guint k = i + 1; k < n && k <= i + 4; k++)
                if (header_line(lines[k], HEADER_NAMES)) {
                    cut = i;
                    break;
                }
        }
        if (cut == n && (wrote_line(l) || device_signature(l)))
            cut = i;
        /* A wrapped attribution: "On Thu, ... Jane via List <" / "list@x> wrote:" */
        if (cut == n && i + 1 < n && (starts_ci(l, "On ") || starts_ci(l, "Am ")) &&
            wrote_line(lines[i + 1]))
            cut = i;
        if (cut == n && closing_line(l) && only_signature_after(lines, i))
            cut = i;
        if (rule_line(l))
            lines[i][0] = '\0';
    }
    for (guint i = cut; i < n; i++) {
        g_free(lines[i]);
        lines[i] = NULL;
    }
    return lines;
}

/* ----------------------------------------------------------- splitting */

static gboolean list_item(const char *s)
{
    if ((s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
        return TRUE;
    if (g_str_has_prefix(s, "\xE2\x80\xA2")) /* bullet */
        return TRUE;
    const char *p = s;
    while (g_ascii_isdigit(*p))
        p++;
    if (p > s && p - s <= 3 && (*p == '.' || *p == ')') && p[1] == ' ')
        return TRUE;
    return g_ascii_isalpha(s[0]) && s[1] == ')' && s[2] == ' ';
}

static gboolean ends_sentence(const char *s)
{
    size_t n = strlen(s);
    return n && strchr(".?!:;,", s[n - 1]);
}

/* A line break ends a sentence after a short line that ends in punctuation
 * or is followed by a capital (greetings, names, one-line statements),
 * after a line ending in ':' and around list items; hard-wrapped prose
 * lines are joined. */
static gboolean break_between(const char *prev, const char *next)
{
    size_t n = strlen(prev);
    if (n && prev[n - 1] == ':')
        return TRUE;
    if (list_item(next) || list_item(prev))
        return TRUE;
    if (g_utf8_strlen(prev, -1) >= SHORT_LINE)
        return FALSE;
    return ends_sentence(prev) || g_unichar_isupper(g_utf8_get_char(next));
}

static gboolean is_abbreviation(const char *word_start, const char *dot)
{
    static const char abbrevs[] =
        "e.g|i.e|etc|vs|mr|mrs|ms|dr|prof|no|nr|approx|ca|cf|fig|eq|st|jr|sr|inc|ltd|co|corp|"
        "dept|est|vol|rev|ver|ref|resp|incl|excl|al|p.s|ps|a.m|p.m|u.s|e.g.|i.e.|min|max|sec|"
        "ex|op|ch|pg|pp|tel|ph|mt|ave|blvd";
    size_t n = dot - word_start;
    if (n == 0)
        return FALSE;
    if (n == 1 && g_ascii_isalpha(*word_start))
        return TRUE; /* an initial: "J. Smith", "Fig. A." */
    if (n > 8)
        return FALSE;
    char w[16];
    for (size_t i = 0; i < n; i++)
        w[i] = g_ascii_tolower(word_start[i]);
    w[n] = '\0';
    return is_one_of(w, abbrevs);
}

static size_t list_marker_len(const char *s, size_t len)
{
    if (len > 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ')
        return 2;
    if (len > 4 && g_str_has_prefix(s, "\xE2\x80\xA2 "))
        return 4;
    size_t d = 0;
    while (d < len && d < 3 && g_ascii_isdigit(s[d]))
        d++;
    if (d && d + 2 < len && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ')
        return d + 2;
    return 0;
}

static void add_sentence(GPtrArray *out, const char *s, size_t len)
{
    while (len && g_ascii_isspace(*s))
        s++, len--;
    size_t marker = list_marker_len(s, len); /* "- Does X support Y?" */
    s += marker;
    len -= marker;
    while (len && g_ascii_isspace(*s))
        s++, len--;
    while (len && g_ascii_isspace(s[len - 1]))
        len--;
    if (len < 2 || len > SENTENCE_MAX)
        return;
    gboolean letter = FALSE;
    for (size_t i = 0; i < len && !letter; i++)
        letter = g_ascii_isalpha(s[i]) || (guchar)s[i] >= 0x80;
    if (letter)
        g_ptr_array_add(out, g_utf8_make_valid(s, (gssize)len));
}

/* Splits one segment (lines joined) at sentence ends. */
static void split_segment(GPtrArray *out, const char *seg)
{
    const char *start = seg, *word = seg;
    for (const char *p = seg; *p; p++) {
        if (*p == ' ') {
            word = p + 1;
            continue;
        }
        if (*p != '.' && *p != '?' && *p != '!')
            continue;
        const char *q = p;
        gboolean strong = FALSE;
        while (*q == '.' || *q == '?' || *q == '!') {
            strong |= *q != '.';
            q++;
        }
        while (*q && strchr(")]\"'*", *q))
            q++;
        if (*q && *q != ' ')
            continue; /* "3.14", "uhd.dll", "a?b" */
        if (!strong && q == p + 1 && is_abbreviation(word, p))
            continue;
        add_sentence(out, start, q - start);
        start = q;
        p = q - 1 + (*q != '\0');
        word = p + 1;
        if (!*q)
            break;
    }
    if (*start)
        add_sentence(out, start, strlen(start));
}

GPtrArray *pl_sentences_split(const char *text)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    if (!text)
        return out;
    char **lines = author_lines(text);
    GString *seg = g_string_new(NULL);
    const char *prev = NULL;
    for (guint i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (!*l || (prev && break_between(prev, l))) {
            split_segment(out, seg->str);
            g_string_truncate(seg, 0);
        }
        if (*l) {
            if (seg->len)
                g_string_append_c(seg, ' ');
            /* Tabs and runs of spaces collapse; a sentence is one line. */
            for (const char *c = l; *c; c++)
                if (!g_ascii_isspace(*c) || (seg->len && seg->str[seg->len - 1] != ' '))
                    g_string_append_c(seg, g_ascii_isspace(*c) ? ' ' : *c);
        }
        prev = *l ? l : NULL;
    }
    split_segment(out, seg->str);
    g_string_free(seg, TRUE);
    g_strfreev(lines);
    return out;
}

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
        if (strcmp(w, whole[n].from) == 0) {
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

static gboolean word_char(const char *p)
{
    return g_ascii_isalnum(*p) || *p == '\'' || *p == '_' || (guchar)*p >= 0x80;
}

#define LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (char)((c) + 32) : (c))

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
        if (starts_ci(p, "http://") || starts_ci(p, "https://") || starts_ci(p, "www.") ||
            starts_ci(p, "ftp://") || (memchr(p, '@', e - p) && e - p > 3) ||
            g_strstr_len(p, e - p, "://")) {
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

#define TOK(t, i) ((i) < (t)->len ? (const char *)(t)->pdata[i] : NULL)

static gboolean is_word(const char *w)
{
    return w && (word_char(w) || strcmp(w, "URL") == 0);
}

/* A sentence as the rules read it: its tokens, and its words (not
 * punctuation, not URLs) joined by single spaces, with where each token's
 * word starts in that string, so phrase lists are matched without copying. */
typedef struct {
    const char *raw;
    char *buf; /* the tokens, NUL-separated */
    GPtrArray *t;
    GString *joined;
    GArray *off; /* gsize per token: offset in joined of this or the next word */
} sent;

static void sent_init(sent *x, const char *raw)
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

static void sent_clear(sent *x)
{
    g_ptr_array_free(x->t, TRUE);
    g_free(x->buf);
    g_string_free(x->joined, TRUE);
    g_array_free(x->off, TRUE);
}

/* The words from token i on, as one string. */
static const char *words_from(const sent *x, guint i)
{
    gsize o = g_array_index(x->off, gsize, MIN(i, x->t->len));
    return x->joined->str + MIN(o, x->joined->len);
}

/* Where the words start after an IRC-style addressee ("zetok: ", "@bob ")
 * and interjections ("ok,", "hi Jane,", "so"). */
static guint content_start(GPtrArray *t)
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
static gboolean clause_start(GPtrArray *t, guint i, guint from)
{
    if (i <= from)
        return TRUE;
    const char *p = TOK(t, i - 1);
    return is_one_of(p, ",|;|:|(|-|and|but|so|then|also|or|now|ok|okay|sure|yes|first|"
                        "thanks|well|anyway|meanwhile|meantime|otherwise|tomorrow|today|"
                        "tonight|later|soon") ||
           (p && !is_word(p));
}

/* ----------------------------------------------------------- questions */

/* Whole sentences that ask nothing. */
static const char rhetorical_whole[] =
    "why not|so what|who cares|who knows|guess what|what gives|huh|really|right|ok|okay|eh|"
    "what|why|how come|you know|see|get it|am i right|what else|or what|why bother|"
    "why would i|why would you|why would anyone|what could go wrong|how cool is that|"
    "need i say more|seriously|hello|sorry|pardon|yes|no|what the hell|wtf|is not it|"
    "do not you think|what do i know|anyone|anybody|you there|what now|now what|and|or|"
    "me|you|why me|is it|are you|did it|or not|hm|hmm|is that so|no way|not really";

/* Openings of rhetorical and sarcastic questions. */
static const char *const rhetorical_start[] = {"who cares",
                                               "how could you",
                                               "how likely are you",
                                               "what is the point",
                                               "what point is",
                                               "do you understand",
                                               "are you kidding",
                                               "are you serious",
                                               "who the hell",
                                               "what the hell",
                                               "how hard can",
                                               "who would have thought",
                                               "who needs",
                                               "how dare",
                                               "how is that relevant",
                                               "what is wrong with you",
                                               "why bother",
                                               "ever tried",
                                               "ever wonder",
                                               "ever wondered",
                                               "should we bother",
                                               "mind not",
                                               "would not it be nice",
                                               "is not it funny",
                                               "why should",
                                               "who said",
                                               "how about that",
                                               "what is not to like",
                                               "is that too much to ask",
                                               NULL};

/* Words that mark a sentence as a footer, an advert or list machinery. */
static const char *const footer_words[] = {
    "unsubscribe",   "sponsor",           "subscribe?",           "yahoo!",
    "editor's note", "click here",        "newsletter",           "opt-out",
    "to be removed", "forwarded message", "mailing list archive", NULL};

/* The position of the sentence's final '?' ignoring closers, emoticons and
 * trailing '!' ; NULL when it does not end in one. */
static const char *final_question_mark(const char *s)
{
    const char *e = s + strlen(s);
    for (;;) {
        while (e > s && g_ascii_isspace(e[-1]))
            e--;
        if (e - s >= 2 && strchr(":;=", e[-2]) && strchr(")(DPp]", e[-1])) {
            e -= 2; /* :) ;( =D :P */
            continue;
        }
        if (e - s >= 3 && strchr(":;", e[-3]) && e[-2] == '-' && strchr(")(DPp", e[-1])) {
            e -= 3;
            continue;
        }
        if (e > s && strchr(")]}\"'*_!", e[-1])) {
            e--;
            continue;
        }
        if (e - s >= 3 &&
            (g_str_has_prefix(e - 3, "\xE2\x80\x9D") || g_str_has_prefix(e - 3, "\xE2\x80\x99"))) {
            e -= 3;
            continue;
        }
        break;
    }
    return e > s && (e[-1] == '?' || g_str_has_prefix(e - (e - s >= 3 ? 3 : 0), "\xEF\xBC\x9F"))
               ? (e[-1] == '?' ? e - 1 : e - 3)
               : NULL;
}

/* A double quote is open at q: the '?' belongs to a quotation. */
static gboolean inside_quotes(const char *s, const char *q)
{
    guint n = 0;
    for (const char *p = s; p < q; p++) {
        if (*p == '"')
            n++;
        else if (g_str_has_prefix(p, "\xE2\x80\x9C") || g_str_has_prefix(p, "\xE2\x80\x9D"))
            n++;
    }
    return n % 2 == 1;
}

/* "... (?)" and other marks of doubt inside a statement. */
static gboolean doubt_mark(const char *s, const char *q)
{
    return q > s && q[-1] == '(';
}

/* "... (perhaps it was that bad?)", "(if that is not the case?)": the '?'
 * ends an aside that doubts, inside a statement. */
static gboolean doubting_aside(const char *s, const char *q)
{
    const char *open = NULL;
    for (const char *p = s; p < q; p++)
        if (*p == '(')
            open = p;
        else if (*p == ')')
            open = NULL;
    if (!open)
        return FALSE;
    const char *a = open + 1;
    while (*a == ' ')
        a++;
    return starts_ci(a, "perhaps") || starts_ci(a, "maybe") || starts_ci(a, "if ") ||
           starts_ci(a, "or so") || starts_ci(a, "probably");
}

/* Too many code characters for prose. */
static gboolean looks_like_code(const char *s)
{
    const char *hex = strstr(s, "0x");
    if (hex && g_ascii_isxdigit(hex[2]) && g_ascii_isxdigit(hex[3]) && g_ascii_isxdigit(hex[4]))
        return TRUE; /* addresses of a backtrace */
    guint sym = 0, n = 0;
    for (const char *p = s; *p; p++, n++)
        if (strchr("{}=<>$|\\;[]`", *p))
            sym++;
    return n && sym * 100 / n > 8;
}

static gboolean phrase_at(const sent *x, guint i, const char *const *phrases)
{
    const char *j = words_from(x, i);
    for (const char *const *p = phrases; *p; p++) {
        size_t n = strlen(*p);
        if (strncmp(j, *p, n) == 0 && (j[n] == '\0' || j[n] == ' '))
            return TRUE;
    }
    return FALSE;
}

/* "let me know if ..." as an ask, not as an offer ("... if you have any
 * questions", "... if I can help", "... if you need anything"). */
static gboolean let_me_know_asks(GPtrArray *t, guint i)
{
    /* t[i] = "let", t[i+1] = "me", t[i+2] = "know" */
    const char *a = TOK(t, i + 3), *b = TOK(t, i + 4), *c = TOK(t, i + 5);
    if (!a || !is_word(a)) {
        /* "If that fails, let me know": the condition came first. */
        guint from = content_start(t);
        if (!is_one_of(TOK(t, from), "if|whether"))
            return FALSE;
        const char *x = TOK(t, from + 1), *y = TOK(t, from + 2);
        return !(is_one_of(x, "you|anyone|i|we|there") &&
                 is_one_of(y, "want|need|would|like|have|wish|can|are|is"));
    }
    if (is_one_of(a, "how|what|whether|when|where|which|why|who|your"))
        return TRUE;
    if (!is_one_of(a, "if"))
        return FALSE;
    if (is_one_of(b, "i|we|there"))
        return FALSE; /* if I can help / if there is anything */
    if (is_one_of(b, "you") && is_one_of(c, "have") && is_one_of(TOK(t, i + 6), "any|an|some"))
        return is_one_of(TOK(t, i + 7), "ideas|idea|suggestions|suggestion|thoughts|insight|"
                                        "clue|clues|hints|hint|pointers|advice|experience|"
                                        "explanation|solution|fix|workaround");
    if (is_one_of(b, "you") && is_one_of(c, "need|want|would|have|require|are|like|wish|run|"
                                            "get|see|find|encounter|still"))
        return FALSE;
    if (is_one_of(b, "anything|any|this|that") && is_one_of(c, "else|further|more|helps|works"))
        return is_one_of(c, "works"); /* "if that works" asks; "if anything else" offers */
    return TRUE;
}

static gboolean indirect_question(const sent *x, guint from, guint words)
{
    GPtrArray *t = x->t;
    static const char *const asks[] = {"i was wondering",
                                       "i am wondering",
                                       "i was hoping someone",
                                       "wondering if",
                                       "wondering whether",
                                       "i would like to know",
                                       "i want to know",
                                       "i need to know",
                                       "i would like to ask if",
                                       "i would like to ask whether",
                                       "i would like to ask how",
                                       "i would like to ask what",
                                       "i would appreciate",
                                       "i would really appreciate",
                                       "i would greatly appreciate",
                                       "i would be curious to",
                                       "i would be interested to",
                                       "i would be interested in hearing",
                                       "i was curious what",
                                       "i was curious how",
                                       "i was curious if",
                                       "i was curious whether",
                                       "i am curious what",
                                       "i am curious how",
                                       "i am curious if",
                                       "i am curious whether",
                                       "does anyone know",
                                       "does anybody know",
                                       "do you know if",
                                       "do you know whether",
                                       "do you know how",
                                       "do you know what",
                                       "do you know where",
                                       "anyone know",
                                       "anybody know",
                                       "does anyone have",
                                       "does anybody have",
                                       "has anyone",
                                       "has anybody",
                                       "can anyone",
                                       "can anybody",
                                       "could anyone",
                                       "could anybody",
                                       "can someone",
                                       "could someone",
                                       "can somebody",
                                       "could somebody",
                                       "is there a way",
                                       "is there any way",
                                       "is there an option",
                                       "is there any option",
                                       "any help would",
                                       "any help is",
                                       "any advice would",
                                       "any suggestions would",
                                       "any suggestion would",
                                       "any ideas would",
                                       "any hints would",
                                       "any pointers would",
                                       "any feedback would",
                                       "any input would",
                                       "any insight would",
                                       "any guidance would",
                                       "any help or",
                                       "any thoughts would",
                                       "please advise",
                                       "please let me know",
                                       "please tell me",
                                       "please help",
                                       "please explain",
                                       "please confirm",
                                       "please clarify",
                                       "please suggest",
                                       "could you please",
                                       "can you please",
                                       "would you please",
                                       "could you tell",
                                       "can you tell",
                                       "could you help",
                                       "can you help",
                                       "could you explain",
                                       "can you explain",
                                       "could you confirm",
                                       "can you confirm",
                                       "could you send",
                                       "can you send",
                                       "could you check",
                                       "can you check",
                                       "kindly",
                                       NULL};
    /* The first words of every ask above: a cheap test before the clause
     * test and the phrase list. */
    static const char first_words[] = "i|wondering|does|do|anyone|anybody|has|can|could|is|any|"
                                      "please|would|kindly|let|tell|how|what|where|when|why|"
                                      "which|who";
    for (guint i = from; i < t->len; i++) {
        if (!is_one_of(TOK(t, i), first_words) || !clause_start(t, i, from))
            continue;
        if (g_strcmp0(TOK(t, i), "let") == 0 && is_one_of(TOK(t, i + 1), "me") &&
            is_one_of(TOK(t, i + 2), "know"))
            return let_me_know_asks(t, i);
        if (g_strcmp0(TOK(t, i), "please") == 0 && is_one_of(TOK(t, i + 1), "let") &&
            is_one_of(TOK(t, i + 2), "me") && is_one_of(TOK(t, i + 3), "know"))
            return let_me_know_asks(t, i + 1);
        if (phrase_at(x, i, asks))
            return TRUE;
        if (is_one_of(TOK(t, i), "tell") && is_one_of(TOK(t, i + 1), "me|us") &&
            is_one_of(TOK(t, i + 2), "where|how|what|why|when|which|if|whether|who"))
            return TRUE;
        /* "How can I fix this." without its question mark. */
        if (i == from && words <= 15 && strlen(x->raw) <= WH_BYTES && !strchr(x->raw, ':') &&
            is_one_of(TOK(t, i), "how|what|where|when|why|which|who") &&
            is_one_of(TOK(t, i + 1), "can|could|do|does|did|should|would|is|are|will") &&
            is_one_of(TOK(t, i + 2), "i|we|you|one|it|this|that|the|anyone|someone"))
            return TRUE;
    }
    return FALSE;
}

static gboolean is_question(const sent *x, const char *low)
{
    const char *s = x->raw;
    GPtrArray *t = x->t;
    if (s[0] == '>' || s[0] == '|')
        return FALSE; /* a quoted line that survived as text */
    for (const char *const *f = footer_words; *f; f++)
        if (strstr(low, *f))
            return FALSE;
    guint from = content_start(t);
    guint words = 0;
    for (guint i = from; i < t->len; i++)
        words += is_word(TOK(t, i)) && g_strcmp0(TOK(t, i), "URL") != 0;
    const char *q = final_question_mark(s);
    if (!q)
        return words >= 4 && !looks_like_code(s) && indirect_question(x, from, words);
    /* The '?' must end prose: not a quotation, a "(?)", an aside in
     * parentheses, code, a link. */
    if (inside_quotes(s, q) || doubt_mark(s, q) || looks_like_code(s) ||
        (s[0] == '(' && q > s && q[-1] == ')') || doubting_aside(s, q))
        return FALSE;
    /* "Maybe that is the problem?", "Perhaps a debugging mode?": guesses
     * and suggestions offered, not asked. */
    if (is_one_of(words_from(x, from), rhetorical_whole) ||
        is_one_of(TOK(t, from), "maybe|perhaps"))
        return FALSE;
    for (guint i = from; i < t->len; i++)
        if (clause_start(t, i, from) && is_word(TOK(t, i)) && phrase_at(x, i, rhetorical_start))
            return FALSE;
    if (words >= 2)
        return TRUE;
    return words == 1 &&
           is_one_of(TOK(t, from), "thoughts|ideas|suggestions|opinions|comments|feedback");
}

/* ------------------------------------------------------------ promises */

/* After "I will" / "we are going to": words that make no commitment. */
static const char non_commitments[] =
    "may|might|can|could|should|would|must|admit|say|note|assume|guess|bet|concede|grant|"
    "miss|die|lose|want|like|love|hate|feel|wish|hope|think|become|end|suppose|agree|"
    "the|a|an|my|your|his|her|their|our|this|that|it|not|be|have|need|see|never|always|"
    "probably|remember|know|understand|forget|regret|fail|repeat|leave|stop|point|spare|"
    "let|going|mention|give|tell|ever|get|continue|keep|definitely";

/* Words that may sit between the modal and the verb. */
static const char promise_adverbs[] =
    "probably|definitely|definately|certainly|surely|also|then|just|now|still|soon|gladly|"
    "happily|quickly|first|later|personally|hopefully|likely|further|again|immediately|"
    "shortly|absolutely|actually|really|eventually|both|all|also|too|try|to|never|then|"
    "asap|tomorrow|today|tonight|definetly|gladly|most";

/* Before "I" / "we": the clause is subordinate or reported. */
static const char subordinate[] =
    "if|when|whether|once|unless|until|till|before|after|because|since|that|sure|doubt|"
    "wonder|what|how|where|why|who|which|hope|wish|afraid|fear|as|whatever|whenever|"
    "than|while|whom|whose|believe|expect|suspect|imagine|assume|"
    "said|says|say|tell|told";

static gboolean commitment_verb(GPtrArray *t, guint j)
{
    const char *v = TOK(t, j), *n = TOK(t, j + 1), *n2 = TOK(t, j + 2);
    if (!is_word(v) || strcmp(v, "URL") == 0)
        return FALSE;
    if (strcmp(v, "be") == 0) {
        if (is_one_of(n, "there|sure|able"))
            return !is_one_of(n, "able") || is_one_of(n2, "to");
        if (is_one_of(n, "in") && is_one_of(n2, "touch"))
            return TRUE;
        size_t len = n ? strlen(n) : 0;
        return len > 4 && g_str_has_suffix(n, "ing") &&
               !is_one_of(n, "travelling|traveling|leaving|going|flying|visiting|attending|"
                             "staying|waiting|working|using|doing|missing|having|getting|"
                             "seeing|running|looking|starting|moving|living");
    }
    if (strcmp(v, "have") == 0 && is_one_of(n, "a|another") &&
        is_one_of(n2, "look|go|try|chat|word|think|check|closer|play|dig|stab|crack|peek|"
                      "glance|talk|call|meeting"))
        return TRUE;
    if (strcmp(v, "add") == 0 && is_one_of(n, "that|in|here|to|on|,"))
        return FALSE; /* "I'll add that you need ...": a remark */
    if (is_one_of(v, "have|need") && is_one_of(n, "to"))
        return is_word(n2) && !is_one_of(n2, "be|have|say|admit|know|wait|see|agree|think");
    if (strcmp(v, "see") == 0)
        return is_one_of(n, "if|whether|what|that|about|to|how|when|where|why");
    if (is_one_of(v, "get|keep|give|continue|let|tell"))
        return is_one_of(v, "get")        ? is_one_of(n, "back|it|that|this|them|you|to|the|a|an|"
                                                                "in|on|some|started|there|into|around|working")
               : is_one_of(v, "keep")     ? is_one_of(n, "you|looking|trying|working|it|that|this|"
                                                             "an|investigating|digging|testing|at|them")
               : is_one_of(v, "give")     ? is_one_of(n, "it|that|this|you|them|a|an")
               : is_one_of(v, "continue") ? TRUE
               : is_one_of(v, "let")      ? is_one_of(n, "you|everyone|them|the|us|people|him|her")
                                          : is_one_of(n, "you|them|him|her|everyone");
    return !is_one_of(v, non_commitments);
}

/* I / we at t[i]: a commitment follows ("I will send", "we are going to",
 * "I plan to", "we'll keep ..."). */
static gboolean commitment_at(GPtrArray *t, guint i, guint from)
{
    if (i > from && is_one_of(TOK(t, i - 1), subordinate))
        return FALSE;
    guint j = i + 1;
    const char *m = TOK(t, j);
    if (is_one_of(m, "will|shall"))
        j++;
    else if (is_one_of(m, "am|are") && is_one_of(TOK(t, j + 1), "going") &&
             is_one_of(TOK(t, j + 2), "to"))
        j += 3;
    else if (is_one_of(m, "plan|intend|promise|commit") && is_one_of(TOK(t, j + 1), "to"))
        j += 2;
    else if (is_one_of(m, "am|are") && is_one_of(TOK(t, j + 1), "planning") &&
             is_one_of(TOK(t, j + 2), "to|on|some|a|an|the|changes|modifications"))
        return TRUE;
    else
        return FALSE;
    /* Negations, and habits rather than commitments ("we will typically"). */
    if (is_one_of(TOK(t, j), "not|typically|usually|normally|generally|often|always|"
                             "sometimes|rarely|never|mostly"))
        return FALSE;
    while (j < t->len && is_one_of(TOK(t, j), promise_adverbs) &&
           !(g_strcmp0(TOK(t, j), "try") == 0 && !is_one_of(TOK(t, j + 1), "to")))
        j++;
    return commitment_verb(t, j);
}

static gboolean let_me_at(GPtrArray *t, guint i, guint from)
{
    static const char verbs[] =
        "check|look|see|find|get|ask|try|verify|confirm|dig|investigate|take|review|test|"
        "think|send|reach|talk|follow|double|double-check|figure|update|fix|research|forward|"
        "run|contact|loop|discuss|consult|chat|poke|play|have|pull|grab|build|search|read|"
        "compile|reproduce|setup|set|install|ping|work|write|prepare|come|return|circle|"
        "investigate|measure|escalate|sort|debug|rerun|retest|simulate|dig";
    if (!clause_start(t, i, from) && !is_one_of(TOK(t, i - 1), "please|just|so|now"))
        return FALSE;
    const char *v = TOK(t, i + 2);
    if (!is_one_of(v, verbs))
        return FALSE;
    return !(is_one_of(v, "ask|see|think") && is_one_of(TOK(t, i + 3), "you|a|if|this"));
}

static gboolean is_promise(const sent *x)
{
    const char *s = x->raw;
    GPtrArray *t = x->t;
    if (final_question_mark(s) || s[0] == '>' || s[0] == '|')
        return FALSE;
    guint from = content_start(t);
    /* An offer that waits on the reader: "Send me the log and I'll look",
     * "If you can share it, we will ...". */
    gboolean imperative =
        is_one_of(TOK(t, from), "please|tell|send|give|fix|feel|show|post|attach|share|"
                                "provide|try|make|run|check|email|mail|ping|ask|upload|"
                                "forward|let|contact|call|drop");
    for (guint i = from; i < t->len; i++) {
        const char *w = TOK(t, i);
        if (is_one_of(w, "if|once|when|whenever|provided") &&
            is_one_of(TOK(t, i + 1), "you|anyone|somebody|someone|u"))
            return FALSE;
        if (is_one_of(w, "i|we")) {
            if (imperative && i > from && is_one_of(TOK(t, i - 1), "and|,|&|+"))
                return FALSE;
            if (commitment_at(t, i, from))
                return TRUE;
        }
        if (strcmp(w, "let") == 0 && is_one_of(TOK(t, i + 1), "me") && let_me_at(t, i, from))
            return TRUE;
        /* "Will do." / "Will send it tonight": a first person without I. */
        if (i == from && strcmp(w, "will") == 0) {
            const char *v = TOK(t, i + 1);
            if (is_one_of(v, "do"))
                return TRUE;
            if (is_word(v) && !is_one_of(v, "you|it|this|that|there|he|she|they|we|i|the|a|an|"
                                            "your|my|our|their|these|those|any|anyone|someone"))
                return commitment_verb(t, i + 1);
        }
        /* "Next step is for us to ...", "As a next step, I'll ...". */
        if (strcmp(w, "next") == 0 && is_one_of(TOK(t, i + 1), "step|steps") &&
            clause_start(t, i - (i > from && is_one_of(TOK(t, i - 1), "a|the|as") ? 1 : 0), from))
            for (guint k = i + 2; k < t->len && k <= i + 6; k++)
                if (is_one_of(TOK(t, k), "i|we|us|me|our"))
                    return TRUE;
    }
    return FALSE;
}

/* Words without which no rule can fire: most sentences are prose that
 * asks and promises nothing, and a few strstr() over the lower-cased text
 * spare them the tokenising (the rules run over every message at ingest).
 * Each list must cover every phrase its rules look for. */
static const char *const question_cues[] = {
    "?",           "\xEF\xBC\x9F", "wonder",      "know",         "anyone",
    "anybody",     "someone",      "somebody",    "is there",     "appreciat",
    "curious",     "interested",   "any help",    "any advice",   "any sugg",
    "any idea",    "any hint",     "any pointer", "any feedback", "any input",
    "any insight", "any guidance", "any thought", "please",       "pls",
    "plz",         "could you",    "can you",     "would you",    "kindly",
    "tell me",     "tell us",      NULL};
/* Wh-words alone only matter for a short question that lost its '?'
 * (indirect_question(): at most WH_BYTES, no ':'). */
static const char *const wh_cues[] = {"how ", "what ",  "where ", "when ",
                                      "why ", "which ", "who ",   NULL};
#define PL_WANT_WH (1u << 3)
static const char *const promise_cues[] = {
    "will",   "'ll",     "\xE2\x80\x99ll", "shall",  "going to",  "gonna", "plan",
    "intend", "promise", "commit",         "let me", "next step", NULL};

/* Both cue lists indexed by their first byte, built once (the parse
 * threads share it): a sentence is scanned once, comparing at each byte
 * only the cues that start with it. */
typedef struct {
    const char *cue;
    size_t len;
    guint kinds; /* PL_WANT_* */
} cue_entry;

typedef struct {
    cue_entry entries[128];
    guint start[257]; /* entries of first byte b: [start[b], start[b + 1]) */
} cue_index;

static const cue_index *cues(void)
{
    static cue_index *idx;
    if (g_once_init_enter(&idx)) {
        cue_index *x = g_new0(cue_index, 1);
        guint n = 0;
        for (int b = 0; b < 256; b++) {
            x->start[b] = n;
            const char *const *lists[] = {question_cues, promise_cues, wh_cues};
            const guint kinds[] = {PL_WANT_QUESTIONS, PL_WANT_PROMISES, PL_WANT_WH};
            for (int l = 0; l < 3; l++)
                for (const char *const *c = lists[l]; *c; c++)
                    if ((guchar)(*c)[0] == b) {
                        g_assert(n < G_N_ELEMENTS(x->entries));
                        x->entries[n++] = (cue_entry){*c, strlen(*c), kinds[l]};
                    }
        }
        x->start[256] = n;
        g_once_init_leave(&idx, x);
    }
    return idx;
}

/* The kinds (of want) whose cues occur in low. */
static guint cue_kinds(const char *low, guint want)
{
    const cue_index *x = cues();
    guint found = 0;
    for (const char *p = low; *p && (found & want) != want; p++) {
        guchar b = (guchar)*p;
        for (guint i = x->start[b]; i < x->start[b + 1]; i++) {
            const cue_entry *e = &x->entries[i];
            /* The second byte first: most first-byte matches end there. */
            if ((e->kinds & want & ~found) && (e->len < 2 || p[1] == e->cue[1]) &&
                strncmp(p, e->cue, e->len) == 0)
                found |= e->kinds;
        }
    }
    return found & want;
}

/* A sentence that is a question is never also a promise. */
static pl_sentence_kind classify(const char *sentence, guint want)
{
    char low[SENTENCE_MAX + 2];
    size_t n = strlen(sentence);
    if (n > SENTENCE_MAX)
        n = SENTENCE_MAX; /* only the cues of the first 600 bytes: a superset test anyway */
    for (size_t i = 0; i < n; i++)
        low[i] = LOWER(sentence[i]);
    low[n] = ' '; /* "... how" at the end still meets "how " */
    low[n + 1] = '\0';
    guint found = cue_kinds(low, want | (want & PL_WANT_QUESTIONS ? PL_WANT_WH : 0));
    if ((found & PL_WANT_WH) && !(found & PL_WANT_QUESTIONS) && n <= WH_BYTES &&
        !memchr(sentence, ':', n))
        found |= PL_WANT_QUESTIONS;
    want = found & (PL_WANT_QUESTIONS | PL_WANT_PROMISES);
    if (!want)
        return PL_SENT_NONE;
    sent x;
    sent_init(&x, sentence);
    /* is_promise() refuses questions itself, so an outbound message's
     * sentences need not go through the question rules. */
    pl_sentence_kind k = (want & PL_WANT_QUESTIONS) && is_question(&x, low) ? PL_SENT_QUESTION
                         : (want & PL_WANT_PROMISES) && is_promise(&x)      ? PL_SENT_PROMISE
                                                                            : PL_SENT_NONE;
    sent_clear(&x);
    return k;
}

pl_sentence_kind pl_sentence_classify(const char *sentence)
{
    if (!sentence || !*sentence)
        return PL_SENT_NONE;
    return classify(sentence, PL_WANT_QUESTIONS | PL_WANT_PROMISES);
}

/* ------------------------------------------------------------ the pass */

GPtrArray *pl_body_sentences(const char *body)
{
    GString *own = g_string_new(NULL);
    pl_text_own_paragraphs(body, own);
    GPtrArray *sentences = pl_sentences_split(own->str);
    g_string_free(own, TRUE);
    return sentences;
}

static GArray *detect_sentences(GPtrArray *sentences, gint64 ts, int offset_s, guint want)
{
    GArray *out = g_array_new(FALSE, TRUE, sizeof(pl_detected));
    for (guint i = 0; i < sentences->len; i++) {
        const char *s = sentences->pdata[i];
        pl_sentence_kind k = classify(s, want);
        if (k == PL_SENT_NONE || !(want & (1u << k)))
            continue;
        pl_detected d = {k, g_strdup(s), pl_due_resolve(s, ts, offset_s)};
        g_array_append_val(out, d);
    }
    g_ptr_array_free(sentences, TRUE);
    return out;
}

GArray *pl_detect_own(const char *own, gint64 ts, int offset_s, guint want)
{
    if (!own || !*own || !want)
        return g_array_new(FALSE, TRUE, sizeof(pl_detected));
    return detect_sentences(pl_sentences_split(own), ts, offset_s, want);
}

GArray *pl_detect_text(const char *body, gint64 ts, int offset_s, guint want)
{
    if (!body || !*body || !want)
        return g_array_new(FALSE, TRUE, sizeof(pl_detected));
    return detect_sentences(pl_body_sentences(body), ts, offset_s, want);
}

void pl_detected_free(GArray *a)
{
    if (!a)
        return;
    for (guint i = 0; i < a->len; i++)
        g_free(g_array_index(a, pl_detected, i).sentence);
    g_array_free(a, TRUE);
}
