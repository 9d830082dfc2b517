/* signature.c — phone numbers in the signature of a message (issue 3: match
 * numbers to people from their mail).
 *
 * The signature is the author's own block at the end of what they wrote:
 * after a "-- " separator, else after a closing line ("Best regards,",
 * "Mit freundlichen Grüßen") near the end. Quoted text, attributions and
 * forwarded or original messages are never the author's (as in
 * pl_text_own()). Within it, a number is taken only where it is plainly one:
 * after a phone label ("Tel:", "Phone", "M.", "Mobile", "Cell:", "Direct:";
 * never "Fax"), or written internationally ("+1 617-555-0100 x23") on a
 * segment of its own. Dates, IP addresses, version strings, order numbers
 * and postal codes have no label and no "+", or fail the checks below. What
 * is left goes through pl_phone_normalise() and must come out as E.164.
 */
#include "parley.h"

#include <string.h>

#define SIG_MAX_LINES 15 /* a signature longer than this is a letter */

typedef struct {
    const char *s, *e; /* trimmed line */
    gboolean quoted, blank;
} line_t;

static gboolean starts_ci(const char *p, const char *end, const char *prefix)
{
    /* The first byte first: nearly every line fails there (this runs for
     * every line of every message, against a dozen prefixes). */
    if (p == end || g_ascii_tolower(*p) != g_ascii_tolower(*prefix))
        return FALSE;
    size_t n = strlen(prefix);
    return (size_t)(end - p) >= n && g_ascii_strncasecmp(p, prefix, n) == 0;
}

static gboolean contains_ci(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (; (size_t)(end - p) >= n; p++)
        if (g_ascii_strncasecmp(p, needle, n) == 0)
            return TRUE;
    return FALSE;
}

/* An Outlook quote header without its rule of underscores: "From: ..."
 * with "Sent: ..." or "Date: ..." among the next lines (German and French
 * clients write them in their language). */
static gboolean header_block(const line_t *l, const line_t *after, guint n_after)
{
    static const char *const from[] = {"From:", "Von:", "De :", "De:", NULL};
    static const char *const sent[] = {
        "Sent:", "Date:", "Gesendet:", "Datum:", "Envoyé :", "Envoyé:", NULL};
    gboolean f = FALSE;
    for (const char *const *p = from; *p && !f; p++)
        f = starts_ci(l->s, l->e, *p);
    for (guint i = 0; f && i < n_after && i < 4; i++)
        for (const char *const *p = sent; *p; p++)
            if (starts_ci(after[i].s, after[i].e, *p))
                return TRUE;
    return FALSE;
}

/* "On Mon, Jane <j@x> wrote:" before a quote. */
static gboolean is_attribution(const line_t *l, const line_t *next)
{
    return l->e[-1] == ':' && next && next->quoted;
}

/* Where what the author wrote ends: a forwarded or original message, an
 * Outlook quote header; rule: also a rule of underscores (an Outlook quote
 * header or a list footer; inside a signature block it is decoration). */
static gboolean ends_own_text(const line_t *l, gboolean rule)
{
    gsize n = l->e - l->s;
    if (rule && n >= 10 && strspn(l->s, "_") >= n)
        return TRUE;
    if (n >= 3 && l->s[0] == '-' && l->s[1] == '-' &&
        (contains_ci(l->s, l->e, "original message") ||
         contains_ci(l->s, l->e, "forwarded message") ||
         contains_ci(l->s, l->e, "ursprüngliche nachricht")))
        return TRUE;
    return starts_ci(l->s, l->e, "Begin forwarded message");
}

/* Closing lines after which the block to the end of the text is taken as
 * the signature when there is no "-- " separator. */
static const char *const closings[] = {"best regards",
                                       "kind regards",
                                       "warm regards",
                                       "warmest regards",
                                       "regards",
                                       "best wishes",
                                       "all the best",
                                       "best,",
                                       "best.",
                                       "cheers",
                                       "thanks",
                                       "thank you",
                                       "many thanks",
                                       "sincerely",
                                       "yours",
                                       "cordially",
                                       "br,",
                                       "mit freundlichen grüßen",
                                       "mit freundlichen gruessen",
                                       "freundliche grüße",
                                       "viele grüße",
                                       "beste grüße",
                                       "liebe grüße",
                                       "schöne grüße",
                                       "grüße",
                                       "gruß",
                                       "mfg",
                                       "cordialement",
                                       "bien à vous",
                                       "salutations",
                                       "bien cordialement",
                                       "saludos",
                                       "un saludo",
                                       "atentamente",
                                       "cordiali saluti",
                                       "saluti",
                                       "distinti saluti",
                                       "met vriendelijke groet",
                                       "groeten",
                                       "med vänlig hälsning",
                                       "hälsningar",
                                       "mvh",
                                       NULL};

static gboolean is_closing(const line_t *l)
{
    gsize n = l->e - l->s;
    if (n > 48)
        return FALSE;
    /* Lower-cased on the stack when ASCII (nearly every line): this runs
     * for every short line of every human message at ingest. */
    char buf[49], *low = buf, *heap = NULL;
    gboolean ascii = TRUE;
    for (gsize i = 0; i < n && ascii; i++) {
        ascii = !((guchar)l->s[i] & 0x80);
        buf[i] = g_ascii_tolower(l->s[i]);
    }
    buf[n] = '\0';
    if (!ascii)
        low = heap = g_utf8_strdown(l->s, n);
    gboolean hit = FALSE;
    for (const char *const *c = closings; *c && !hit; c++) {
        if (low[0] != (*c)[0])
            continue;
        size_t k = strlen(*c);
        /* "Best regards," / "Thanks, Jane" / "Regards" — not "regardless" */
        hit = strncmp(low, *c, k) == 0 && (low[k] == '\0' || strchr(",.!- ", low[k]));
    }
    g_free(heap);
    return hit;
}

static GArray *split_lines(const char *text)
{
    GArray *lines = g_array_new(FALSE, FALSE, sizeof(line_t));
    for (const char *p = text; *p;) {
        const char *eol = strchr(p, '\n');
        const char *next = eol ? eol + 1 : p + strlen(p);
        line_t l = {p, eol ? eol : next, FALSE, FALSE};
        while (l.s < l.e && (*l.s == ' ' || *l.s == '\t'))
            l.s++;
        while (l.e > l.s && (l.e[-1] == ' ' || l.e[-1] == '\t' || l.e[-1] == '\r'))
            l.e--;
        l.blank = l.s == l.e;
        l.quoted = !l.blank && *l.s == '>';
        g_array_append_val(lines, l);
        p = next;
    }
    return lines;
}

char *pl_signature_block(const char *text)
{
    if (!text)
        return NULL;
    GArray *lines = split_lines(text);
    const line_t *L = (const line_t *)(void *)lines->data;
    /* nb[i]: the first non-blank line after line i (lines->len when none),
     * found in one pass instead of a search from every line. */
    guint *nb = g_new(guint, lines->len + 1);
    nb[lines->len] = lines->len;
    for (guint i = lines->len; i-- > 0;)
        nb[i] = i + 1 < lines->len && !L[i + 1].blank ? i + 1 : nb[i + 1];
#define NEXT_NONBLANK(i) (nb[i] < lines->len ? &L[nb[i]] : NULL)
    /* The author's own lines run to the first end marker; quoted lines and
     * their attributions within them (an interleaved reply, a signature
     * below the quote) are skipped, not an end. */
    guint end = 0, sep = G_MAXUINT, closing = G_MAXUINT;
    for (; end < lines->len; end++) {
        const line_t *next = NEXT_NONBLANK(end);
        if (L[end].blank || L[end].quoted || is_attribution(&L[end], next))
            continue;
        if (ends_own_text(&L[end], TRUE) ||
            header_block(&L[end], &L[end + 1], lines->len - end - 1))
            break;
        if (L[end].e - L[end].s == 2 && L[end].s[0] == '-' && L[end].s[1] == '-') {
            sep = end; /* "-- ": the signature follows, whatever comes after */
            break;
        }
        if (is_closing(&L[end]))
            closing = end;
    }
    guint from = sep != G_MAXUINT ? sep + 1 : closing != G_MAXUINT ? closing + 1 : G_MAXUINT;
    GString *sig = NULL;
    if (from != G_MAXUINT) {
        sig = g_string_new(NULL);
        guint taken = 0;
        for (guint i = from; i < lines->len && taken < SIG_MAX_LINES; i++) {
            if (L[i].quoted)
                break;
            const line_t *next = NEXT_NONBLANK(i);
            if (!L[i].blank &&
                (is_attribution(&L[i], next) || ends_own_text(&L[i], sep == G_MAXUINT) ||
                 header_block(&L[i], &L[i + 1], lines->len - i - 1)))
                break;
            if (L[i].blank)
                continue;
            /* Without a separator the block must end the own text: a closing
             * line followed by a long paragraph was a sentence, not a
             * sign-off. */
            g_string_append_len(sig, L[i].s, L[i].e - L[i].s);
            g_string_append_c(sig, '\n');
            taken++;
        }
        if (sep == G_MAXUINT && from + taken < end && taken >= SIG_MAX_LINES) {
            g_string_free(sig, TRUE);
            sig = NULL;
        }
    }
#undef NEXT_NONBLANK
    g_free(nb);
    g_array_free(lines, TRUE);
    if (sig && sig->len == 0) {
        g_string_free(sig, TRUE);
        sig = NULL;
    }
    return sig ? g_string_free(sig, FALSE) : NULL;
}

/* ----------------------------------------------------------- numbers */

typedef enum { LABEL_NONE, LABEL_PHONE, LABEL_FAX, LABEL_OTHER } label_kind;

/* Labels of a voice number, lower case, as people write them before it. */
static const char *const phone_labels[] = {"tel",
                                           "tél",
                                           "tele",
                                           "telephone",
                                           "téléphone",
                                           "telefon",
                                           "telefono",
                                           "teléfono",
                                           "phone",
                                           "ph",
                                           "p",
                                           "t",
                                           "m",
                                           "mob",
                                           "mobile",
                                           "mobil",
                                           "móvil",
                                           "cell",
                                           "cellular",
                                           "cell phone",
                                           "handy",
                                           "office",
                                           "o",
                                           "direct",
                                           "direct line",
                                           "d",
                                           "dir",
                                           "work",
                                           "w",
                                           "main",
                                           "hotline",
                                           "voice",
                                           "business",
                                           "landline",
                                           "home",
                                           "c",
                                           "mobile phone",
                                           "tel/fax",
                                           NULL};
static const char *const fax_labels[] = {"fax", "f", "telefax", "fx", "facsimile", NULL};

static gboolean in_list(const char *const *list, const char *w)
{
    for (; *list; list++)
        if (strcmp(*list, w) == 0)
            return TRUE;
    return FALSE;
}

/* A label at the start of seg ("Tel.:", "Phone", "M.", "Mobile (work):"):
 * its kind, and *rest after it. */
static label_kind read_label(const char *seg, const char **rest)
{
    const char *p = seg;
    while (*p && (g_ascii_isalpha(*p) || (guchar)*p >= 0x80 || *p == ' ' || *p == '/') &&
           p - seg < 24)
        p++;
    const char *word_end = p;
    while (word_end > seg && word_end[-1] == ' ')
        word_end--;
    if (word_end == seg) {
        *rest = seg;
        return LABEL_NONE;
    }
    /* "(work)", "(o)" between the label and the number */
    const char *q = p;
    while (*q == ' ')
        q++;
    if (*q == '(' && g_ascii_isalpha(q[1])) {
        const char *close = strchr(q, ')');
        if (close && close - q < 16)
            p = close + 1;
    }
    while (*p == ' ')
        p++;
    if (*p == '.') /* "Tel." / "M." */
        p++;
    while (*p == ' ')
        p++;
    if (*p == ':')
        p++;
    while (*p == ' ' || *p == '\t')
        p++;
    char *w = g_utf8_strdown(seg, word_end - seg);
    label_kind k = in_list(phone_labels, w) ? LABEL_PHONE
                   : in_list(fax_labels, w) ? LABEL_FAX
                                            : LABEL_OTHER;
    g_free(w);
    *rest = p;
    return k;
}

/* Written like a date (2024-01-15, 15.01.2024, 01/15/24), an IPv4 address
 * or a dotted version: groups of digits of those shapes and nothing else. */
static gboolean looks_like_date_ip_version(const char *num, gsize n)
{
    int groups[8], ng = 0, len = 0;
    char seps[8];
    int nseps = 0;
    for (gsize i = 0; i <= n; i++) {
        char c = i < n ? num[i] : '\0';
        if (g_ascii_isdigit(c)) {
            len++;
            continue;
        }
        if (len) {
            if (ng == 8)
                return FALSE;
            groups[ng++] = len;
            len = 0;
            if (c && nseps < 8)
                seps[nseps++] = c;
        }
    }
    if (ng == 3 && nseps >= 2 && seps[0] == seps[1] && strchr("-./", seps[0]) &&
        ((groups[0] == 4 && groups[1] <= 2 && groups[2] <= 2) ||
         (groups[0] <= 2 && groups[1] <= 2 && (groups[2] == 4 || groups[2] == 2))))
        return TRUE; /* a date */
    gboolean dots = nseps >= 1;
    for (int i = 0; i < nseps && i < ng - 1; i++)
        dots = dots && seps[i] == '.';
    gboolean small = TRUE;
    for (int i = 0; i < ng; i++)
        small = small && groups[i] <= 3;
    return dots && small && (ng == 3 || ng == 4); /* 192.168.1.20, 4.1.0.5 (not 01.23.45.67.89) */
}

/* The number at the start of s: digits and the punctuation numbers are
 * written with, up to an extension or other words. NULL when there is none
 * or it is not shaped like a phone number. */
static char *take_number(const char *s, gboolean labelled)
{
    const char *p = s;
    if (!(*p == '+' || *p == '(' || g_ascii_isdigit(*p)))
        return NULL;
    gsize n = 0, digits = 0;
    int parens = 0;
    for (; p[n]; n++) {
        char c = p[n];
        if (g_ascii_isdigit(c)) {
            digits++;
        } else if (c == '(') {
            parens++;
        } else if (!(c == '+' && n == 0) && !strchr(" .-/)", c)) {
            break;
        }
    }
    while (n && !g_ascii_isdigit(p[n - 1]) && p[n - 1] != ')')
        n--;
    /* What follows: nothing, an extension, or words ("(office hours)"). */
    const char *after = p + n;
    while (*after == ' ')
        after++;
    if (g_ascii_isdigit(*after))
        return NULL;
    if (digits < 8 || digits > 17 || parens > 1 || (!labelled && *p != '+'))
        return NULL;
    if (looks_like_date_ip_version(p, n))
        return NULL;
    return g_strndup(p, n);
}

/* Segments of a signature line: "M: +91 ... | T: +91 ... | F: ..." or
 * "Tel: +34 93 645 29 00  Ext: 2177" (two spaces or more). A segment that
 * is only a label ("Mobile  +39 ...", "Cell:  281-...") goes with the next. */
static GPtrArray *segments(const char *line)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    for (const char *p = line;; p++) {
        gboolean cut = *p == '\0' || *p == '|' || *p == ';' || *p == '\t' ||
                       (p[0] == ' ' && p[1] == ' ') || (p[0] == ',' && p[1] == ' ') ||
                       strncmp(p, "\xe2\x80\xa2", 3) == 0 /* • */ ||
                       strncmp(p, "\xc2\xb7", 2) == 0 /* · */;
        if (!cut) {
            g_string_append_c(cur, *p);
            continue;
        }
        g_strstrip(cur->str);
        cur->len = strlen(cur->str);
        if (cur->len)
            g_ptr_array_add(out, g_string_free(g_string_new(cur->str), FALSE));
        g_string_truncate(cur, 0);
        if (*p == '\0')
            break;
        if ((guchar)*p == 0xe2)
            p += 2;
        else if ((guchar)*p == 0xc2)
            p += 1;
    }
    g_string_free(cur, TRUE);
    /* Rejoin a bare label with what follows it. */
    for (guint i = 0; i + 1 < out->len; i++) {
        const char *rest;
        const char *seg = out->pdata[i];
        label_kind k = read_label(seg, &rest);
        if ((k == LABEL_PHONE || k == LABEL_FAX) && *rest == '\0') {
            char *joined = g_strconcat(seg, " ", (char *)out->pdata[i + 1], NULL);
            g_free(out->pdata[i]);
            out->pdata[i] = joined;
            g_ptr_array_remove_index(out, i + 1);
        }
    }
    return out;
}

GPtrArray *pl_signature_numbers(const char *text, const char *default_country)
{
    GPtrArray *found = g_ptr_array_new_with_free_func(g_free);
    char *sig = pl_signature_block(text);
    if (!sig)
        return found;
    /* No-break spaces (HTML &nbsp;) are spaces here. */
    char *w = sig;
    for (const char *r = sig; *r; r++)
        if (r[0] == '\xc2' && r[1] == '\xa0')
            *w++ = ' ', r++;
        else
            *w++ = *r;
    *w = '\0';
    char **lines = g_strsplit(sig, "\n", -1);
    for (char **l = lines; *l; l++) {
        GPtrArray *segs = segments(*l);
        for (guint i = 0; i < segs->len; i++) {
            const char *rest;
            label_kind k = read_label(segs->pdata[i], &rest);
            if (k == LABEL_FAX || k == LABEL_OTHER)
                continue;
            char *raw = take_number(rest, k == LABEL_PHONE);
            char *e164 = raw ? pl_phone_normalise(raw, default_country) : NULL;
            if (e164 && e164[0] == '+' && strlen(e164) >= 9)
                pl_strv_add_unique(found, g_steal_pointer(&e164));
            g_free(e164);
            g_free(raw);
        }
        g_ptr_array_free(segs, TRUE);
    }
    g_strfreev(lines);
    g_free(sig);
    return found;
}
