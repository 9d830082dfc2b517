/* mail_text.c — the text of a message: charsets, body part choice (HTML
 * bodies become text in mail_html.c), counting the words a person wrote,
 * and subject normalisation.
 *
 * Everything here produces valid UTF-8 whatever the input claims to be: real
 * mail mislabels charsets all the time (gb2312 that is really GBK, "us-ascii"
 * with 8-bit bytes, UTF-8 labelled iso-8859-1, "unknown-8bit", "default"), and
 * one bad message must never stop or corrupt an import.
 */
#include "mail.h"

#include <errno.h>
#include <iconv.h>
#include <string.h>

/* Text parts bigger than this (encoded) are only read this far: the words of
 * a 50 MB log pasted into a mail are not conversation, and memory per message
 * must stay bounded. */
#define TEXT_PART_CAP (8 * 1024 * 1024)
#define MAX_MIME_DEPTH 32

/* ------------------------------------------------------------ charsets */

typedef enum {
    CS_UTF8,    /* declared UTF-8: repair invalid bytes in place */
    CS_UNKNOWN, /* no real label: UTF-8 when valid, else windows-1252 */
    CS_WESTERN, /* latin-1 family: UTF-8 when valid (mislabelled), else cp1252 */
    CS_ICONV,   /* anything else: iconv */
} cs_kind;

/* Labels whose iconv name would lose text: decode with the superset real
 * senders actually use (WHATWG Encoding Standard does the same). */
static const struct {
    const char *label, *iconv;
} cs_alias[] = {
    {"gb2312", "GB18030"},     {"gbk", "GB18030"},          {"x-gbk", "GB18030"},
    {"gb_2312-80", "GB18030"}, {"euc-cn", "GB18030"},       {"cp936", "GB18030"},
    {"csgb2312", "GB18030"},   {"ks_c_5601-1987", "CP949"}, {"ks_c_5601", "CP949"},
    {"euc-kr", "CP949"},       {"ksc5601", "CP949"},        {"cp949", "CP949"},
    {"shift_jis", "CP932"},    {"shift-jis", "CP932"},      {"sjis", "CP932"},
    {"x-sjis", "CP932"},       {"windows-31j", "CP932"},    {"big5", "BIG5-HKSCS"},
    {"x-big5", "BIG5-HKSCS"},  {"tis-620", "CP874"},        {"iso-2022-jp", "ISO-2022-JP-2"},
};

static const char *const cs_unknown[] = {
    "us-ascii", "ascii", "ansi_x3.4-1968", "unknown-8bit", "unknown", "x-unknown",
    "default",  "8bit",  "x-user-defined", "none",         "iso",     "text/plain",
};

static const char *const cs_western[] = {
    "iso-8859-1", "iso8859-1",    "iso_8859-1", "latin1", "latin-1",
    "l1",         "windows-1252", "cp1252",     "x-ansi", "iso-8859-15",
};

static cs_kind classify_charset(const char *label, const char **iconv_name)
{
    *iconv_name = NULL;
    if (!label || !*label)
        return CS_UNKNOWN;
    if (g_ascii_strcasecmp(label, "utf-8") == 0 || g_ascii_strcasecmp(label, "utf8") == 0)
        return CS_UTF8;
    for (gsize i = 0; i < G_N_ELEMENTS(cs_unknown); i++)
        if (g_ascii_strcasecmp(label, cs_unknown[i]) == 0)
            return CS_UNKNOWN;
    for (gsize i = 0; i < G_N_ELEMENTS(cs_western); i++)
        if (g_ascii_strcasecmp(label, cs_western[i]) == 0) {
            /* iso-8859-15 differs from cp1252 in 8 letters; keep it exact. */
            *iconv_name =
                g_ascii_strcasecmp(label, "iso-8859-15") == 0 ? "ISO-8859-15" : "WINDOWS-1252";
            return CS_WESTERN;
        }
    for (gsize i = 0; i < G_N_ELEMENTS(cs_alias); i++)
        if (g_ascii_strcasecmp(label, cs_alias[i].label) == 0) {
            *iconv_name = cs_alias[i].iconv;
            return CS_ICONV;
        }
    *iconv_name = g_mime_charset_iconv_name(label);
    return CS_ICONV;
}

/* Converts with iconv, replacing undecodable bytes by U+FFFD instead of
 * giving up: a single stray byte must not cost the whole text. */
static GString *iconv_lossy(iconv_t cd, const char *data, gsize len)
{
    GString *out = g_string_sized_new(len + len / 2 + 16);
    char buf[8192];
    char *in = (char *)data;
    size_t inleft = len;
    iconv(cd, NULL, NULL, NULL, NULL); /* cached descriptors keep old shift state */
    while (inleft > 0) {
        char *o = buf;
        size_t oleft = sizeof buf;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        g_string_append_len(out, buf, o - buf);
        if (r != (size_t)-1 || errno == E2BIG)
            continue;
        g_string_append(out, "\xEF\xBF\xBD");
        if (errno != EILSEQ)
            break; /* EINVAL: sequence cut at the end of the input */
        in++;
        inleft--;
    }
    char *o = buf;
    size_t oleft = sizeof buf;
    iconv(cd, NULL, NULL, &o, &oleft); /* flush (stateful encodings) */
    g_string_append_len(out, buf, o - buf);
    return out;
}

/* NUL bytes (malformed mail, UTF-16 mislabels) become spaces: a C string
 * must not end at the first one. */
static void nul_to_space(char *s, gsize len)
{
    for (char *z = memchr(s, '\0', len); z; z = memchr(z, '\0', len - (z - s)))
        *z = ' ';
}

#define HIGH_BITS G_GUINT64_CONSTANT(0x8080808080808080)
#define LOW_BITS G_GUINT64_CONSTANT(0x0101010101010101)

/* Length of the leading run of ASCII bytes, 8 at a time (mail text is
 * mostly ASCII, and g_utf8_validate() looks at it a byte at a time). */
static gsize ascii_prefix(const char *p, gsize len)
{
    gsize i = 0;
    for (; i + 8 <= len; i += 8) {
        guint64 w;
        memcpy(&w, p + i, 8);
        if (w & HIGH_BITS)
            break;
    }
    while (i < len && (guchar)p[i] < 0x80)
        i++;
    return i;
}

/* g_utf8_validate() of len bytes (NULs included: see nul_to_space) past
 * their ASCII start, which no multi-byte sequence can begin inside. */
static gboolean utf8_valid(const char *s, gsize len)
{
    gsize k = ascii_prefix(s, len);
    return k == len || g_utf8_validate(s + k, (gssize)(len - k), NULL);
}

/* NUL-terminated valid UTF-8 from len bytes that may hold NULs. */
static char *finish(char *s, gsize len)
{
    nul_to_space(s, len);
    if (utf8_valid(s, len))
        return s;
    char *v = g_utf8_make_valid(s, len);
    g_free(s);
    return v;
}

/* A process-wide pool of iconv descriptors. Opening one dlopen()s a gconv
 * module and closing the last one dlclose()s it again: per message that was
 * a tenth of the parse time. Pooled descriptors stay open, which also keeps
 * the modules loaded for GMime's own header decoding. */
#define POOL_MAX 32
static struct {
    char name[24];
    iconv_t cd;
    gboolean busy;
} pool[POOL_MAX];
static guint pool_len;
static GMutex pool_lock;

static int pool_take(const char *name)
{
    if (strlen(name) >= sizeof pool[0].name)
        return -1;
    g_mutex_lock(&pool_lock);
    int hit = -1;
    for (guint i = 0; i < pool_len && hit < 0; i++)
        if (!pool[i].busy && g_ascii_strcasecmp(pool[i].name, name) == 0)
            hit = (int)i;
    if (hit < 0 && pool_len < POOL_MAX) {
        iconv_t cd = iconv_open("UTF-8", name);
        if (cd != (iconv_t)-1) {
            hit = (int)pool_len++;
            g_strlcpy(pool[hit].name, name, sizeof pool[hit].name);
            pool[hit].cd = cd;
        }
    }
    if (hit >= 0)
        pool[hit].busy = TRUE;
    g_mutex_unlock(&pool_lock);
    return hit;
}

static void pool_give(int i)
{
    g_mutex_lock(&pool_lock);
    pool[i].busy = FALSE;
    g_mutex_unlock(&pool_lock);
}

void pl_mail__charsets_init(void)
{
    /* The charsets of most non-UTF-8 mail, so their modules stay resident. */
    const char *common[] = {"WINDOWS-1252", "ISO-8859-1"};
    for (gsize i = 0; i < G_N_ELEMENTS(common); i++) {
        int slot = pool_take(common[i]);
        if (slot >= 0)
            pool_give(slot);
    }
}

static char *convert_with(const char *iconv_name, const char *data, gsize len)
{
    if (!iconv_name)
        return NULL;
    int slot = pool_take(iconv_name);
    iconv_t cd = slot >= 0 ? pool[slot].cd : g_mime_iconv_open("UTF-8", iconv_name);
    if (cd == (iconv_t)-1)
        return NULL;
    GString *out = iconv_lossy(cd, data, len);
    if (slot >= 0)
        pool_give(slot);
    else
        g_mime_iconv_close(cd);
    gsize n = out->len;
    return finish(g_string_free(out, FALSE), n);
}

/* ASCII without ESC (iso-2022's shifts), 8 bytes at a time. */
static gboolean all_ascii(const char *p, gsize len)
{
    gsize i = 0;
    for (; i + 8 <= len; i += 8) {
        guint64 w, e;
        memcpy(&w, p + i, 8);
        e = w ^ (LOW_BITS * 0x1B); /* a zero byte where ESC was */
        if ((w & HIGH_BITS) || ((e - LOW_BITS) & ~e & HIGH_BITS))
            return FALSE;
    }
    for (; i < len; i++)
        if ((guchar)p[i] >= 0x80 || p[i] == 0x1B)
            return FALSE;
    return TRUE;
}

char *pl_mail__to_utf8(const char *data, gsize len, const char *charset)
{
    const char *iconv_name;
    cs_kind kind = classify_charset(charset, &iconv_name);
    gboolean ascii = FALSE;
    if (kind == CS_ICONV) {
        /* Pure ASCII needs no iconv, unless the charset is not ASCII-based. */
        gboolean wide = iconv_name && (g_ascii_strncasecmp(iconv_name, "UTF-16", 6) == 0 ||
                                       g_ascii_strncasecmp(iconv_name, "UTF-32", 6) == 0 ||
                                       g_ascii_strncasecmp(iconv_name, "UCS", 3) == 0 ||
                                       g_ascii_strncasecmp(iconv_name, "UTF-7", 5) == 0);
        ascii = !wide && all_ascii(data, len);
        if (!ascii) {
            char *res = convert_with(iconv_name, data, len);
            if (res)
                return res;
            kind = CS_UNKNOWN; /* a charset iconv does not know: guess */
        }
    }
    char *copy = g_malloc(len + 1);
    if (len)
        memcpy(copy, data, len);
    copy[len] = '\0';
    nul_to_space(copy, len);
    if (ascii || utf8_valid(copy, len))
        return copy; /* the common case */
    char *res = NULL;
    if (kind == CS_UNKNOWN)
        res = convert_with("WINDOWS-1252", copy, len);
    else if (kind == CS_WESTERN)
        res = convert_with(iconv_name, copy, len);
    if (!res) /* declared UTF-8 with stray bytes, or no iconv at all */
        res = g_utf8_make_valid(copy, len);
    g_free(copy);
    return res;
}

/* ------------------------------------------------------------ body part */

typedef struct {
    GMimeObject *plain, *html;
    gboolean damaged;
} body_walk;

static void walk_body(GMimeObject *o, body_walk *w, int depth)
{
    if (w->plain || !o)
        return;
    if (depth > MAX_MIME_DEPTH) {
        w->damaged = TRUE;
        return;
    }
    if (GMIME_IS_MULTIPART(o)) {
        if (GMIME_IS_MULTIPART_ENCRYPTED(o))
            return; /* nothing readable without keys */
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        int n = g_mime_multipart_get_count(mp);
        if (n == 0)
            w->damaged = TRUE;
        for (int i = 0; i < n && !w->plain; i++)
            walk_body(g_mime_multipart_get_part(mp, i), w, depth + 1);
        return;
    }
    /* message/rfc822 etc.: an attached message is someone else's text. */
    if (!GMIME_IS_TEXT_PART(o) || g_mime_part_is_attachment(GMIME_PART(o)))
        return;
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    if (g_mime_content_type_is_type(ct, "text", "plain"))
        w->plain = o;
    else if (!w->html && g_mime_content_type_is_type(ct, "text", "html"))
        w->html = o;
}

/* Decodes the transfer encoding and the charset of one text part. */
static char *part_text(GMimeObject *o)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(GMIME_PART(o));
    if (!dw)
        return g_strdup("");
    GMimeStream *src = g_mime_data_wrapper_get_stream(dw);
    GMimeDataWrapper *capped = NULL;
    gint64 slen = src ? g_mime_stream_length(src) : -1;
    if (slen > TEXT_PART_CAP) {
        GMimeStream *sub =
            g_mime_stream_substream(src, src->bound_start, src->bound_start + TEXT_PART_CAP);
        capped = g_mime_data_wrapper_new_with_stream(sub, g_mime_data_wrapper_get_encoding(dw));
        g_object_unref(sub);
        dw = capped;
    }
    GMimeStream *mem = g_mime_stream_mem_new();
    g_mime_data_wrapper_write_to_stream(dw, mem);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    const char *charset = g_mime_object_get_content_type_parameter(o, "charset");
    char *text = pl_mail__to_utf8((const char *)ba->data, ba->len, charset);
    g_object_unref(mem);
    if (capped)
        g_object_unref(capped);
    return text;
}

/* CRLF -> LF in place, so stored text and the idempotency key do not depend
 * on how a mailbox stored line ends. */
static void strip_cr(char *s)
{
    char *r = strchr(s, '\r'), *w = r;
    if (!r)
        return;
    for (; *r; r++)
        if (!(*r == '\r' && r[1] == '\n'))
            *w++ = *r;
    *w = '\0';
}

char *pl_mail__body_text(GMimeObject *root, gboolean *damaged)
{
    body_walk w = {0};
    walk_body(root, &w, 0);
    if (damaged)
        *damaged = w.damaged;
    char *text = NULL;
    if (w.plain) {
        text = part_text(w.plain);
    } else if (w.html) {
        char *html = part_text(w.html);
        text = pl_html_to_text(html, strlen(html));
        g_free(html);
    }
    if (text)
        strip_cr(text);
    return text;
}

void pl_mail__unescape_from(char *text)
{
    char *r = text, *w = text;
    gboolean bol = TRUE;
    while (*r) {
        if (bol && *r == '>') {
            const char *q = r;
            while (*q == '>')
                q++;
            if (strncmp(q, "From ", 5) == 0)
                r++; /* drop one '>' of the run */
        }
        bol = (*r == '\n');
        *w++ = *r++;
    }
    *w = '\0';
}

/* ------------------------------------------------------------ counting */

static gboolean is_cjk(gunichar c)
{
    return (c >= 0x3040 && c <= 0x30FF) || /* hiragana, katakana */
           (c >= 0x3400 && c <= 0x4DBF) || /* CJK extension A */
           (c >= 0x4E00 && c <= 0x9FFF) || /* CJK unified ideographs */
           (c >= 0xF900 && c <= 0xFAFF) || /* compatibility ideographs */
           (c >= 0x20000 && c <= 0x2FFFF); /* extensions B.. */
}

/* Words of one line: runs of non-space characters holding a letter or digit
 * (so "-" or "|" alone do not count); each CJK ideograph or kana is a word,
 * since those scripts do not separate words by spaces. */
static guint line_words(const char *p, const char *end)
{
    guint n = 0;
    gboolean in = FALSE, alnum = FALSE;
    while (p < end) {
        guchar b = (guchar)*p;
        gboolean space, an = FALSE, cjk = FALSE;
        int step = 1;
        if (b < 0x80) {
            space = g_ascii_isspace(b);
            an = g_ascii_isalnum(b);
        } else {
            gunichar c = g_utf8_get_char_validated(p, end - p);
            if (c == (gunichar)-1 || c == (gunichar)-2) {
                space = TRUE;
            } else {
                step = g_utf8_skip[b];
                space = g_unichar_isspace(c);
                cjk = is_cjk(c);
                an = !cjk && g_unichar_isalnum(c);
            }
        }
        if (space || cjk) {
            if (in && alnum)
                n++;
            in = alnum = FALSE;
            if (cjk)
                n++;
        } else {
            in = TRUE;
            alnum = alnum || an;
        }
        p += step;
    }
    if (in && alnum)
        n++;
    return n;
}

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

/* Lines after which nothing the author wrote follows. */
static gboolean is_stop_line(const char *p, const char *end)
{
    if (end - p == 2 && p[0] == '-' && p[1] == '-')
        return TRUE; /* "-- " signature separator (trailing space trimmed) */
    if (end - p >= 10) {
        const char *q = p;
        while (q < end && *q == '_')
            q++;
        if (q == end)
            return TRUE; /* underscore rule: Outlook quote header, Mailman footer */
    }
    if (end - p >= 3 && p[0] == '-' && p[1] == '-' &&
        (contains_ci(p, end, "original message") || contains_ci(p, end, "forwarded message")))
        return TRUE;
    return starts_ci(p, end, "Begin forwarded message");
}

/* Next line that is not blank starts with '>'. */
static gboolean quote_follows(const char *p)
{
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (*p == '>')
            return TRUE;
        if (*p != '\n')
            return FALSE;
        p++;
    }
    return FALSE;
}

/* The walk behind pl_text_own(): with breaks, a blank line (or quoted text)
 * between two written lines is kept as one empty line, so that paragraphs
 * survive for sentence splitting (detect.c). */
static guint own_walk(const char *text, GString *own, gboolean breaks)
{
    if (!text)
        return 0;
    guint total = 0, prev_words = 0;
    gsize prev_start = 0;     /* where the previous line began in own */
    gboolean prev_on = FALSE; /* previous line began "On " (a wrapped attribution) */
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        const char *next = eol ? eol + 1 : p + strlen(p);
        const char *s = p, *e = eol ? eol : next;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        p = next;
        if (s == e || *s == '>') {
            if (breaks && own && own->len && own->str[own->len - 1] == '\n' &&
                (own->len < 2 || own->str[own->len - 2] != '\n'))
                g_string_append_c(own, '\n');
            if (*s == '>')
                continue; /* quoted */
            prev_on = FALSE;
            prev_words = 0;
            continue;
        }
        if (is_stop_line(s, e))
            break;
        if (e[-1] == ':' && quote_follows(next)) {
            /* Attribution ("On Mon, Jane <j@x> wrote:"): not written by the
             * author; counting goes on so interleaved replies still count. */
            if (prev_on) {
                total -= prev_words;
                if (own)
                    g_string_truncate(own, prev_start);
            }
            prev_on = FALSE;
            prev_words = 0;
            continue;
        }
        prev_words = line_words(s, e);
        prev_on = starts_ci(s, e, "On ") || starts_ci(s, e, "Am ") || starts_ci(s, e, "Le ");
        total += prev_words;
        if (own) {
            prev_start = own->len;
            g_string_append_len(own, s, e - s);
            g_string_append_c(own, '\n');
        }
    }
    return total;
}

guint pl_text_own(const char *text, GString *own)
{
    return own_walk(text, own, FALSE);
}

guint pl_text_own_paragraphs(const char *text, GString *own)
{
    return own_walk(text, own, TRUE);
}

guint pl_text_count_words(const char *text)
{
    return pl_text_own(text, NULL);
}

/* ------------------------------------------------------------- subjects */

/* Casefolded reply/forward markers, longest first where one prefixes another. */
static const char *const reply_prefix[] = {"re",   "fwd",  "fw",  "aw",  "wg",   "sv",
                                           "vs",   "antw", "réf", "ref", "回复", "答复",
                                           "回覆", "转发", "tr",  NULL};

static const char *skip_uspace(const char *p)
{
    for (;;) {
        gunichar c = g_utf8_get_char(p);
        if (c == 0 || !(g_unichar_isspace(c) || c == 0x3000))
            return p;
        p = g_utf8_next_char(p);
    }
}

/* Length of a reply prefix at p ("re:", "re[2]:", "aw :", "回复："), or 0. */
static size_t reply_prefix_len(const char *p)
{
    for (const char *const *r = reply_prefix; *r; r++) {
        size_t n = strlen(*r);
        if (strncmp(p, *r, n) != 0)
            continue;
        const char *q = skip_uspace(p + n);
        if (*q == '[' || *q == '(') { /* counters: Re[2]: Re(3): */
            char close = *q == '[' ? ']' : ')';
            const char *d = q + 1;
            while (g_ascii_isdigit(*d))
                d++;
            if (d > q + 1 && *d == close)
                q = skip_uspace(d + 1);
        }
        if (*q == ':')
            return q + 1 - p;
        if (strncmp(q, "\xEF\xBC\x9A", 3) == 0) /* fullwidth colon */
            return q + 3 - p;
    }
    return 0;
}

char *pl_subject_normalise(const char *subject)
{
    if (!subject)
        return NULL;
    const char *a = subject;
    while (*a && (guchar)*a < 0x80)
        a++;
    char *fold;
    if (!*a) { /* ASCII (most subjects): already NFC, and folds to its lower case */
        fold = g_ascii_strdown(subject, -1);
    } else {
        char *valid = g_utf8_make_valid(subject, -1);
        char *nfc = g_utf8_normalize(valid, -1, G_NORMALIZE_NFC);
        fold = g_utf8_casefold(nfc ? nfc : valid, -1);
        g_free(valid);
        g_free(nfc);
    }
    const char *p = fold;
    for (;;) {
        p = skip_uspace(p);
        if (*p == '[') {
            const char *close = strchr(p, ']');
            if (!close)
                break;
            p = close + 1;
            continue;
        }
        size_t n = reply_prefix_len(p);
        if (!n)
            break;
        p += n;
    }
    GString *out = g_string_sized_new(strlen(p));
    gboolean space = FALSE;
    for (; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        if (g_unichar_isspace(c) || c == 0x3000 || c < 0x20) {
            space = TRUE;
            continue;
        }
        if (space && out->len)
            g_string_append_c(out, ' ');
        space = FALSE;
        g_string_append_unichar(out, c);
    }
    g_free(fold);
    if (out->len == 0) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}
