/* mail_html.c — an HTML body as the text a person reads: libxml2's HTML
 * parser (loaded when first needed, html_lib.c) delivers its events, and
 * the text between them is written out with the line breaks, paragraphs and
 * "> " quote marks the elements stand for; head, script and style say
 * nothing. Mail HTML is broken as a rule: the parser repairs the nesting,
 * and nothing here depends on it being well formed.
 */
#include "html_lib.h"
#include "mail.h"

#include <string.h>

typedef struct {
    GString *out;
    int quote;      /* <blockquote> depth */
    int skip;       /* inside head/script/style */
    gboolean space; /* whitespace seen since the last character written */
    gboolean bol;   /* at the beginning of a line */
} h2t;

typedef enum { EL_INLINE = 0, EL_SKIP, EL_BLOCK, EL_PARA, EL_QUOTE, EL_BR, EL_HR, EL_CELL } el_kind;

static const struct {
    const char *name;
    el_kind kind;
} html_elems[] = {
    {"head", EL_SKIP},     {"script", EL_SKIP},   {"style", EL_SKIP},    {"title", EL_SKIP},
    {"noscript", EL_SKIP}, {"template", EL_SKIP}, {"object", EL_SKIP},   {"address", EL_BLOCK},
    {"article", EL_BLOCK}, {"aside", EL_BLOCK},   {"center", EL_BLOCK},  {"dd", EL_BLOCK},
    {"div", EL_BLOCK},     {"dl", EL_BLOCK},      {"dt", EL_BLOCK},      {"fieldset", EL_BLOCK},
    {"figure", EL_BLOCK},  {"footer", EL_BLOCK},  {"form", EL_BLOCK},    {"header", EL_BLOCK},
    {"li", EL_BLOCK},      {"main", EL_BLOCK},    {"nav", EL_BLOCK},     {"pre", EL_BLOCK},
    {"section", EL_BLOCK}, {"tr", EL_BLOCK},      {"caption", EL_BLOCK}, {"body", EL_BLOCK},
    {"html", EL_BLOCK},    {"p", EL_PARA},        {"h1", EL_PARA},       {"h2", EL_PARA},
    {"h3", EL_PARA},       {"h4", EL_PARA},       {"h5", EL_PARA},       {"h6", EL_PARA},
    {"ul", EL_PARA},       {"ol", EL_PARA},       {"table", EL_PARA},    {"blockquote", EL_QUOTE},
    {"br", EL_BR},         {"hr", EL_HR},         {"td", EL_CELL},       {"th", EL_CELL},
};

/* libxml2's HTML parser lower-cases element names, so an exact lookup. */
static el_kind el_kind_of(const xmlChar *name)
{
    static GHashTable *kinds;
    if (g_once_init_enter(&kinds)) {
        GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
        for (gsize i = 0; i < G_N_ELEMENTS(html_elems); i++)
            g_hash_table_insert(h, (gpointer)html_elems[i].name,
                                GINT_TO_POINTER(html_elems[i].kind));
        g_once_init_leave(&kinds, h);
    }
    return name ? (el_kind)GPOINTER_TO_INT(g_hash_table_lookup(kinds, name)) : EL_INLINE;
}

/* Ends the current line and makes sure at most `lines` line ends are in a row. */
static void h2t_break(h2t *st, int lines)
{
    GString *o = st->out;
    if (o->len == 0)
        return;
    int have = 0;
    while (have < (int)o->len && have < 2 && o->str[o->len - 1 - have] == '\n')
        have++;
    for (; have < lines; have++)
        g_string_append_c(o, '\n');
    st->bol = TRUE;
    st->space = FALSE;
}

static void h2t_text(h2t *st, const char *s, gsize len)
{
    const char *end = s + len;
    for (const char *p = s; p < end;) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        int n = (c == (gunichar)-1 || c == (gunichar)-2) ? 1 : g_utf8_skip[*(guchar *)p];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0xA0) {
            st->space = TRUE;
        } else if (c != (gunichar)-1 && c != (gunichar)-2) {
            if (st->bol) {
                for (int i = 0; i < st->quote; i++)
                    g_string_append(st->out, "> ");
            } else if (st->space) {
                g_string_append_c(st->out, ' ');
            }
            g_string_append_len(st->out, p, n);
            st->bol = FALSE;
            st->space = FALSE;
        }
        p += n;
    }
}

/* The parser's events (libxml2 SAX): elements open and close in the
 * nesting it repaired, so no tree needs building (that was half the cost
 * of reading an HTML mail). Everything inside head/script/style/... is
 * left out, however deep. */
static void sax_start(void *user, const xmlChar *name, const xmlChar **atts)
{
    (void)atts;
    h2t *st = user;
    el_kind k = el_kind_of(name);
    if (k == EL_SKIP) {
        st->skip++;
        return;
    }
    if (st->skip)
        return;
    switch (k) {
    case EL_BR:
        g_string_append_c(st->out, '\n');
        st->bol = TRUE;
        st->space = FALSE;
        break;
    case EL_HR:
        /* An underscore rule: what Outlook puts above a quoted message, and
         * where pl_text_count_words stops counting. */
        h2t_break(st, 1);
        g_string_append(st->out, "________________\n");
        break;
    case EL_QUOTE:
        h2t_break(st, 2);
        st->quote++;
        break;
    case EL_CELL:
        st->space = TRUE;
        break;
    case EL_PARA:
        h2t_break(st, 2);
        break;
    case EL_BLOCK:
        h2t_break(st, 1);
        break;
    default:
        break;
    }
}

static void sax_end(void *user, const xmlChar *name)
{
    h2t *st = user;
    el_kind k = el_kind_of(name);
    if (k == EL_SKIP) {
        if (st->skip > 0)
            st->skip--;
        return;
    }
    if (st->skip)
        return;
    if (k == EL_QUOTE) {
        if (st->quote > 0)
            st->quote--;
        h2t_break(st, 2);
    } else if (k == EL_PARA) {
        h2t_break(st, 2);
    } else if (k == EL_BLOCK) {
        h2t_break(st, 1);
    }
}

static void sax_text(void *user, const xmlChar *ch, int len)
{
    h2t *st = user;
    if (!st->skip && len > 0)
        h2t_text(st, (const char *)ch, (gsize)len);
}

char *pl_html_to_text(const char *html, gsize len)
{
    g_return_val_if_fail(html != NULL, NULL);
    if (len == 0)
        return g_strdup("");
    /* The input is already UTF-8: IGNORE_ENC keeps a stale <meta charset>
     * from re-decoding it. */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
               HTML_PARSE_NOBLANKS | HTML_PARSE_IGNORE_ENC;
    if (!pl_html_lib_load(NULL))
        return NULL; /* what reads mail has failed already, saying why */
    htmlSAXHandler sax = {.startElement = sax_start,
                          .endElement = sax_end,
                          .characters = sax_text,
                          .cdataBlock = sax_text};
    h2t st = {.out = g_string_sized_new(len / 3 + 16), .bol = TRUE};
    if (!pl_html_sax_parse(html, (int)MIN(len, (gsize)G_MAXINT), &sax, &st, opts)) {
        g_string_free(st.out, TRUE);
        return g_strdup("");
    }
    GString *o = st.out;
    while (o->len && (o->str[o->len - 1] == '\n' || o->str[o->len - 1] == ' '))
        g_string_truncate(o, o->len - 1);
    if (o->len)
        g_string_append_c(o, '\n');
    return g_string_free(o, FALSE);
}
