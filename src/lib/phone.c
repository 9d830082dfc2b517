/* phone.c — phone numbers to E.164, and caller-ID presentation classes.
 *
 * Call records, contacts and signatures write the same number a dozen ways
 * ("+49 (0)30 123456", "0049 30 123456", "030/123456", "tel:+4930123456").
 * They only match once they are written one way: E.164, "+<digits>". Short
 * numbers (<= 6 digits) are PBX extensions, not E.164: they become
 * "ext:<digits>" so internal calls stay recognisable as internal.
 *
 * Hand-written because no C library packaged in Debian does this (libphonenumber
 * is C++). The rules are deliberately simple and documented in docs/config.md:
 * international prefixes, trunk prefixes per country, nothing about area-code
 * lengths or number validity beyond E.164's 15-digit limit.
 */
#include "parley.h"

#include <stdlib.h>
#include <string.h>

/* How a country writes numbers at home. trunk: the national prefix dialled
 * before an area code and dropped in international form ("0" in most of
 * Europe, "1" in NANP, "8" in Russia); "" where there is none (the leading
 * digit, as Italy's 0, is then part of the number). intl: the prefix for
 * calling abroad besides the universal "00". nsn_max: longest national
 * number, used where there is no trunk prefix to tell national from
 * international digits. */
typedef struct {
    const char iso[3];
    const char cc[4];
    const char *trunk;
    const char *intl;
    int nsn_max;
} country;

static const country countries[] = {
    {"US", "1", "1", "011", 10},   {"CA", "1", "1", "011", 10},  {"MX", "52", "", "00", 10},
    {"GB", "44", "0", "00", 10},   {"IE", "353", "0", "00", 9},  {"DE", "49", "0", "00", 11},
    {"AT", "43", "0", "00", 13},   {"CH", "41", "0", "00", 9},   {"FR", "33", "0", "00", 9},
    {"BE", "32", "0", "00", 9},    {"NL", "31", "0", "00", 9},   {"LU", "352", "", "00", 11},
    {"IT", "39", "", "00", 11},    {"ES", "34", "", "00", 9},    {"PT", "351", "", "00", 9},
    {"DK", "45", "", "00", 8},     {"NO", "47", "", "00", 8},    {"SE", "46", "0", "00", 9},
    {"FI", "358", "0", "00", 10},  {"IS", "354", "", "00", 7},   {"PL", "48", "", "00", 9},
    {"CZ", "420", "", "00", 9},    {"SK", "421", "0", "00", 9},  {"HU", "36", "06", "00", 9},
    {"RO", "40", "0", "00", 9},    {"BG", "359", "0", "00", 9},  {"GR", "30", "", "00", 10},
    {"HR", "385", "0", "00", 9},   {"SI", "386", "0", "00", 8},  {"RS", "381", "0", "00", 9},
    {"EE", "372", "", "00", 8},    {"LV", "371", "", "00", 8},   {"LT", "370", "8", "00", 8},
    {"TR", "90", "0", "00", 10},   {"RU", "7", "8", "810", 10},  {"KZ", "7", "8", "810", 10},
    {"UA", "380", "0", "00", 9},   {"IL", "972", "0", "00", 9},  {"AE", "971", "0", "00", 9},
    {"SA", "966", "0", "00", 9},   {"EG", "20", "0", "00", 10},  {"ZA", "27", "0", "00", 9},
    {"NG", "234", "0", "009", 10}, {"KE", "254", "0", "000", 9}, {"IN", "91", "0", "00", 10},
    {"PK", "92", "0", "00", 10},   {"CN", "86", "0", "00", 11},  {"JP", "81", "0", "010", 10},
    {"KR", "82", "0", "001", 10},  {"TW", "886", "0", "002", 9}, {"HK", "852", "", "001", 8},
    {"SG", "65", "", "001", 8},    {"MY", "60", "0", "00", 10},  {"TH", "66", "0", "001", 9},
    {"ID", "62", "0", "001", 11},  {"PH", "63", "0", "00", 10},  {"VN", "84", "0", "00", 10},
    {"AU", "61", "0", "0011", 9},  {"NZ", "64", "0", "00", 10},  {"BR", "55", "0", "00", 11},
    {"AR", "54", "0", "00", 10},   {"CL", "56", "", "00", 9},    {"CO", "57", "", "00", 10},
    {"PE", "51", "0", "00", 9},
};

static const country *country_find(const char *iso)
{
    if (!iso || strlen(iso) != 2)
        return NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(countries); i++)
        if (g_ascii_strcasecmp(countries[i].iso, iso) == 0)
            return &countries[i];
    return NULL;
}

int pl_phone_country_code(const char *iso)
{
    const country *c = country_find(iso);
    return c ? atoi(c->cc) : 0;
}

/* TRUE when digits begin with a calling code of the table: lets a number
 * written internationally without its "+" (as carriers hand them over,
 * "4930123456") be told from a national one. */
static gboolean starts_with_known_cc(const char *digits)
{
    for (size_t i = 0; i < G_N_ELEMENTS(countries); i++)
        if (g_str_has_prefix(digits, countries[i].cc))
            return TRUE;
    return FALSE;
}

/* Cuts what follows the number itself: an extension ("x12", "ext. 12",
 * ";ext=12"), URI parameters, a SIP host, pause-dialling (",12", "p12"). */
static gsize number_part(const char *s)
{
    gsize i = 0;
    for (; s[i]; i++) {
        char c = s[i];
        if (c == ';' || c == ',' || c == '@' || c == '#' || c == '*')
            break;
        if (g_ascii_isalpha(c))
            break;
    }
    return i;
}

char *pl_phone_normalise(const char *raw, const char *default_country)
{
    if (!raw)
        return NULL;
    while (g_ascii_isspace(*raw))
        raw++;
    if (g_ascii_strncasecmp(raw, "tel:", 4) == 0)
        raw += 4;
    else if (g_ascii_strncasecmp(raw, "sips:", 5) == 0)
        raw += 5;
    else if (g_ascii_strncasecmp(raw, "sip:", 4) == 0)
        raw += 4;
    gsize n = number_part(raw);
    /* A letter right at the start ("Anonymous", "client1") means it is not
     * a number at all, rather than a number with an extension. */
    if (n == 0)
        return NULL;
    /* Digits only, with a leading '+'; "(0)" after an international code is
     * the trunk prefix written out of habit ("+44 (0)20 ..."): dropped. */
    char digits[40];
    gsize d = 0;
    gboolean plus = FALSE;
    for (gsize i = 0; i < n; i++) {
        char c = raw[i];
        if (c == '+' && d == 0 && !plus) {
            plus = TRUE;
        } else if (c == '(' && plus && raw[i + 1] == '0' && raw[i + 2] == ')') {
            i += 2;
        } else if (g_ascii_isdigit(c)) {
            if (d + 1 >= sizeof digits)
                return NULL;
            digits[d++] = c;
        } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')' && c != '/' &&
                   c != '\t' && c != '[' && c != ']') {
            return NULL;
        }
    }
    digits[d] = '\0';
    if (d == 0)
        return NULL;
    const char *p = digits;
    if (plus)
        return d >= 7 && d <= 15 ? g_strconcat("+", p, NULL) : NULL;
    const country *c = country_find(default_country);
    /* International prefixes: the universal "00", the country's own. */
    if (c && *c->intl && strcmp(c->intl, "00") != 0 && g_str_has_prefix(p, c->intl) &&
        d - strlen(c->intl) >= 7) {
        p += strlen(c->intl);
    } else if (!c && g_str_has_prefix(p, "011") && d >= 11) {
        p += 3; /* NANP habit, taken when no country says otherwise */
    } else if (g_str_has_prefix(p, "00") && d >= 9 && p[2] != '0') {
        p += 2;
    } else if (d <= 6) {
        return g_strconcat("ext:", p, NULL);
    } else {
        /* A national number. Without a country only a number written
         * internationally without its '+' can be read. */
        if (!c)
            return d >= 11 && d <= 15 && starts_with_known_cc(p) ? g_strconcat("+", p, NULL) : NULL;
        gsize tl = strlen(c->trunk);
        if (strcmp(c->cc, "1") == 0) {
            /* NANP: 10 digits, or 11 with the leading 1. */
            if (d == 11 && p[0] == '1')
                return g_strconcat("+", p, NULL);
            if (d == 10 && p[0] >= '2')
                return g_strconcat("+1", p, NULL);
            return d >= 11 && d <= 15 && starts_with_known_cc(p) ? g_strconcat("+", p, NULL) : NULL;
        }
        if (tl && g_str_has_prefix(p, c->trunk))
            return d - tl >= 6 ? g_strconcat("+", c->cc, p + tl, NULL) : NULL;
        if (!tl && (int)d <= c->nsn_max)
            return g_strconcat("+", c->cc, p, NULL);
        /* Neither national form: written internationally without the '+'
         * if it starts with a known calling code and is long enough. */
        if (d >= 10 && starts_with_known_cc(p))
            return d <= 15 ? g_strconcat("+", p, NULL) : NULL;
        return NULL; /* a local number without its area code: ambiguous */
    }
    gsize rest = strlen(p);
    return rest >= 7 && rest <= 15 ? g_strconcat("+", p, NULL) : NULL;
}

/* ------------------------------------------------------ internal numbers */

/* One entry of [calls] internal-numbers: "1000-1999" (an extension range),
 * "+15551234567" (one number), "+1555123*" (a prefix). Ranges compare
 * digit strings of equal length, so "100-199" never matches "1000". */
static gboolean entry_matches(const char *entry, const char *number)
{
    const char *v = g_str_has_prefix(number, "ext:") ? number + 4 : number;
    gsize len = strlen(entry);
    if (len && entry[len - 1] == '*')
        return strncmp(v, entry, len - 1) == 0 ||
               (v != number && strncmp(number, entry, len - 1) == 0);
    const char *dash = strchr(entry + 1, '-');
    if (dash) {
        gsize lo_len = (gsize)(dash - entry);
        const char *hi = dash + 1;
        if (strlen(v) != lo_len || strlen(hi) != lo_len)
            return FALSE;
        return strncmp(v, entry, lo_len) >= 0 && strcmp(v, hi) <= 0;
    }
    return strcmp(v, entry) == 0 || strcmp(number, entry) == 0;
}

gboolean pl_phone_in_list(GPtrArray *list, const char *number)
{
    for (guint i = 0; number && list && i < list->len; i++)
        if (entry_matches(list->pdata[i], number))
            return TRUE;
    return FALSE;
}

/* ------------------------------------------------ caller-ID presentation */

/* What switches, carriers and phones put where a caller ID was withheld.
 * Compared case-insensitively after trimming and dropping <> and quotes. */
static const char *const withheld_words[] = {"anonymous",
                                             "anonymous caller",
                                             "unknown",
                                             "unknown caller",
                                             "restricted",
                                             "private",
                                             "private number",
                                             "private caller",
                                             "blocked",
                                             "withheld",
                                             "number withheld",
                                             "caller id withheld",
                                             "unavailable",
                                             "not available",
                                             "no caller id",
                                             "nocallerid",
                                             "no cli",
                                             "cli withheld",
                                             "out of area",
                                             "outofarea",
                                             "o",
                                             "p",
                                             "id withheld",
                                             "presentation restricted",
                                             "unknown number",
                                             "unknown name",
                                             "blocked number",
                                             "private name",
                                             "hidden",
                                             "suppressed",
                                             "anonym",
                                             "unbekannt",
                                             "privat",
                                             "masqué",
                                             "inconnu",
                                             "266696687",
                                             "+266696687",
                                             "8656696",
                                             "-1",
                                             NULL};

/* Trims, drops wrapping <> and quotes and a sip: / tel: scheme, cuts a
 * URI's host, lower-cases. The result is in buf when it fits and is ASCII
 * (the common case, at millions of calls an import: no allocation), else in
 * *heap (g_free it). */
static const char *presentation_clean(const char *s, char *buf, gsize cap, char **heap)
{
    *heap = NULL;
    if (!s)
        s = "";
    const char *b = s, *e = s + strlen(s);
#define STRIP()                                                                                    \
    do {                                                                                           \
        while (b < e && g_ascii_isspace(*b))                                                       \
            b++;                                                                                   \
        while (e > b && g_ascii_isspace(e[-1]))                                                    \
            e--;                                                                                   \
    } while (0)
    STRIP();
    while (e - b >= 2 && ((b[0] == '<' && e[-1] == '>') || (b[0] == '"' && e[-1] == '"'))) {
        b++;
        e--;
        STRIP();
    }
#undef STRIP
    if (e - b >= 4 &&
        (g_ascii_strncasecmp(b, "sip:", 4) == 0 || g_ascii_strncasecmp(b, "tel:", 4) == 0))
        b += 4;
    const char *at = memchr(b, '@', (gsize)(e - b));
    if (at)
        e = at;
    gsize n = (gsize)(e - b);
    gboolean ascii = n < cap;
    for (const char *q = b; ascii && q < e; q++)
        ascii = (guchar)*q < 0x80;
    if (ascii) {
        for (gsize i = 0; i < n; i++)
            buf[i] = g_ascii_tolower(b[i]);
        buf[n] = '\0';
        return buf;
    }
    char *t = g_strndup(b, n);
    *heap = g_utf8_strdown(t, -1);
    g_free(t);
    return *heap;
}

/* Bytes a withheld word can begin with: most caller IDs (digits) are
 * ruled out without comparing against the list. */
static const guchar *withheld_starts(void)
{
    static guchar starts[256];
    static gsize done;
    if (g_once_init_enter(&done)) {
        for (const char *const *p = withheld_words; *p; p++)
            starts[(guchar) * *p] = 1;
        g_once_init_leave(&done, 1);
    }
    return starts;
}

gboolean pl_callerid_is_withheld(const char *s)
{
    char buf[128], *heap;
    const char *t = presentation_clean(s, buf, sizeof buf, &heap);
    gboolean w = !*t;
    if (!w && withheld_starts()[(guchar)*t])
        for (const char *const *p = withheld_words; !w && *p; p++)
            w = strcmp(t, *p) == 0;
    if (!w) {
        /* "0000", "+000", "00": nothing but zeros is no number. */
        gboolean zeros = TRUE, any = FALSE;
        for (const char *q = t; *q; q++) {
            if (*q == '0')
                any = TRUE;
            else if (*q != '+' && *q != ' ' && *q != '-')
                zeros = FALSE;
        }
        w = zeros && any;
    }
    g_free(heap);
    return w;
}

/* Placeholders a network puts in the name field when it has no name: the
 * number is shown, a name is not. */
static gboolean generic_name(const char *name)
{
    static const char *const generic[] = {"wireless caller",  "cell phone", "toll free",
                                          "toll free call",   "caller",     "unknown name",
                                          "name unavailable", "no name",    "outbound call",
                                          "inbound call",     NULL};
    char buf[128], *heap;
    const char *t = presentation_clean(name, buf, sizeof buf, &heap);
    gboolean g = FALSE;
    for (const char *const *p = generic; !g && *p; p++)
        g = strcmp(t, *p) == 0;
    /* "CID:123", or a name that is itself just digits and punctuation. */
    gboolean digits_only = TRUE;
    for (const char *q = t; *q; q++)
        if (!g_ascii_isdigit(*q) && !strchr("+-() .", *q))
            digits_only = FALSE;
    g_free(heap);
    return g || digits_only;
}

pl_presentation pl_callerid_presentation(const char *name, const char *number)
{
    if (pl_callerid_is_withheld(number))
        return PL_PRES_WITHHELD;
    if (!name || pl_callerid_is_withheld(name) || generic_name(name))
        return PL_PRES_NUMBER_ONLY;
    char ba[128], bb[128], *ha, *hb;
    const char *a = presentation_clean(name, ba, sizeof ba, &ha);
    const char *b = presentation_clean(number, bb, sizeof bb, &hb);
    gboolean same = strcmp(a, b) == 0;
    g_free(ha);
    g_free(hb);
    return same ? PL_PRES_NUMBER_ONLY : PL_PRES_NAMED;
}

const char *pl_presentation_name(pl_presentation p)
{
    switch (p) {
    case PL_PRES_NAMED:
        return "named";
    case PL_PRES_NUMBER_ONLY:
        return "number-only";
    case PL_PRES_WITHHELD:
        return "withheld";
    }
    return "?";
}
