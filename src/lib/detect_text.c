/* detect_text.c — what of a message's text the question and promise rules
 * read (detect.h): the author's own words less reply header blocks,
 * unquoted attributions, device signatures and closings, split into
 * sentences. The rules themselves are in detect.c.
 */
#include "detect_int.h"

#include "mail.h"

#define SHORT_LINE 40 /* characters; a break after a shorter line ends a sentence */

/* ------------------------------------------------ what is not the author's */

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

/* "Name:" at the start of a line, for the header names of reply blocks that
 * mail programs write without '>' quoting (Outlook, Lotus, webmail). */
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
        if ((*c)[0] != low[0]) /* the first letter before the whole word */
            continue;
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

/* The lines of text, NULL-terminated, in one allocation (g_free): this
 * runs over every message, most of them a line or two. */
static char **split_lines(const char *text, guint *n_out)
{
    guint n = 1;
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        n++;
    size_t len = strlen(text);
    char **lines = g_malloc((n + 1) * sizeof *lines + len + 1);
    char *copy = (char *)(lines + n + 1);
    memcpy(copy, text, len + 1);
    guint i = 0;
    for (char *p = copy;; p++) {
        lines[i++] = p;
        if (!(p = strchr(p, '\n')))
            break;
        *p = '\0';
    }
    g_assert(i == n);
    lines[n] = NULL;
    *n_out = n;
    return lines;
}

/* Lines of text up to where it stops being the author's; rules become
 * paragraph breaks. */
static char **author_lines(const char *text)
{
    guint n;
    char **lines = split_lines(text, &n);
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
    lines[cut] = NULL;
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
    /* Characters, not bytes; bytes bound them (UTF-8 takes 1 to 4 a character). */
    if (n >= 4 * SHORT_LINE || (n >= SHORT_LINE && g_utf8_strlen(prev, -1) >= SHORT_LINE))
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
    gboolean letter = FALSE, ascii = TRUE;
    for (size_t i = 0; i < len; i++) {
        guchar c = (guchar)s[i];
        letter = letter || g_ascii_isalpha(c) || c >= 0x80;
        ascii = ascii && c < 0x80;
    }
    if (!letter)
        return;
    /* Only a sentence with other bytes than ASCII can be invalid UTF-8. */
    g_ptr_array_add(out, ascii ? g_strndup(s, len) : g_utf8_make_valid(s, (gssize)len));
}

/* Splits one segment (lines joined) at sentence ends. */
static void split_segment(GPtrArray *out, const char *seg)
{
    const char *start = seg, *word = seg;
    /* Only spaces and the three marks matter: strcspn() skips the rest. */
    for (const char *p = seg; *(p += strcspn(p, " .?!")); p++) {
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
    /* A segment is lines joined by one space: never longer than the text
     * (each line gave up its '\n'), so it is written in place. */
    char *seg = g_malloc(strlen(text) + 2), *w = seg;
    const char *prev = NULL;
    for (guint i = 0; lines[i]; i++) {
        const char *l = lines[i];
        if (!*l || (prev && break_between(prev, l))) {
            *w = '\0';
            split_segment(out, seg);
            w = seg;
        }
        if (*l) {
            if (w > seg)
                *w++ = ' ';
            /* Tabs and runs of spaces collapse; a sentence is one line. */
            for (const char *c = l; *c; c++) {
                if (!g_ascii_isspace(*c))
                    *w++ = *c;
                else if (w > seg && w[-1] != ' ')
                    *w++ = ' ';
            }
        }
        prev = *l ? l : NULL;
    }
    *w = '\0';
    split_segment(out, seg);
    g_free(seg);
    g_free(lines);
    return out;
}

GPtrArray *pl_body_sentences(const char *body)
{
    GString *own = g_string_new(NULL);
    pl_text_own_paragraphs(body, own);
    GPtrArray *sentences = pl_sentences_split(own->str);
    g_string_free(own, TRUE);
    return sentences;
}
