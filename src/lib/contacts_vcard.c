/* contacts_vcard.c — a hand-written vCard reader (2.1, 3.0 RFC 2426, 4.0
 * RFC 6350) producing pl_contact records for contacts.c.
 *
 * Only what parley uses is read: FN, N, EMAIL, TEL, ORG, CATEGORIES, UID,
 * KIND, IMPP and X-SOCIALPROFILE. The reader is lenient the way real exports
 * need: LF or CRLF, folded lines, property groups (item1.EMAIL), 2.1-style
 * bare parameters and quoted-printable values with soft line breaks, and
 * non-UTF-8 CHARSET= parameters.
 */
#include "contacts_int.h"

#include <string.h>

/* ------------------------------------------------------------- lines */

typedef struct {
    const char *p, *end;
    guint line; /* number of the physical line last returned */
} line_iter;

static gboolean next_physical(line_iter *it, const char **s, gsize *n)
{
    if (it->p >= it->end)
        return FALSE;
    const char *nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
    const char *e = nl ? nl : it->end;
    *s = it->p;
    *n = (gsize)(e - it->p);
    if (*n && (*s)[*n - 1] == '\r')
        (*n)--;
    it->line++;
    it->p = nl ? nl + 1 : it->end;
    return TRUE;
}

/* TRUE when the name/parameter part of a logical line (before the first
 * ':') asks for quoted-printable: its soft line breaks are not folded. */
static gboolean is_qp(const GString *l)
{
    const char *colon = memchr(l->str, ':', l->len);
    gsize n = colon ? (gsize)(colon - l->str) : l->len;
    for (gsize i = 0; i + 16 <= n; i++)
        if (g_ascii_strncasecmp(l->str + i, "QUOTED-PRINTABLE", 16) == 0)
            return TRUE;
    return FALSE;
}

/* Reads one logical line into out: unfolds continuation lines (starting with
 * a space or tab) and joins quoted-printable soft line breaks ("=" at the
 * end). *start is the physical line it began on. */
static gboolean next_logical(line_iter *it, GString *out, guint *start)
{
    const char *s;
    gsize n;
    if (!next_physical(it, &s, &n))
        return FALSE;
    g_string_truncate(out, 0);
    g_string_append_len(out, s, (gssize)n);
    *start = it->line;
    for (;;) {
        if (it->p < it->end && out->len && out->str[out->len - 1] == '=' && is_qp(out)) {
            g_string_truncate(out, out->len - 1);
            next_physical(it, &s, &n);
            g_string_append_len(out, s, (gssize)n);
        } else if (it->p < it->end && (*it->p == ' ' || *it->p == '\t')) {
            next_physical(it, &s, &n);
            g_string_append_len(out, s + 1, (gssize)n - 1);
        } else {
            return TRUE;
        }
    }
}

/* ------------------------------------------------------------ properties */

typedef struct {
    char *name; /* upper-case, group removed */
    gboolean qp, binary;
    char *charset;  /* NULL = UTF-8 */
    GString *types; /* lower-case TYPE values, comma-separated */
    char *value;    /* raw text after the ':' */
} vprop;

static void vprop_clear(vprop *p)
{
    g_free(p->name);
    g_free(p->charset);
    if (p->types)
        g_string_free(p->types, TRUE);
    g_free(p->value);
    memset(p, 0, sizeof *p);
}

static void add_type(vprop *p, const char *v, gsize n)
{
    if (p->types->len)
        g_string_append_c(p->types, ',');
    for (gsize i = 0; i < n; i++)
        if (v[i] != '"')
            g_string_append_c(p->types, g_ascii_tolower(v[i]));
}

/* Parses "group.NAME;param=v;BARE:value". FALSE when there is no ':'. */
static gboolean parse_prop(const char *l, vprop *p)
{
    memset(p, 0, sizeof *p);
    gsize i = strcspn(l, ";:");
    if (l[i] == '\0')
        return FALSE;
    char *name = g_strndup(l, i);
    const char *dot = strrchr(name, '.');
    p->name = g_ascii_strup(dot ? dot + 1 : name, -1);
    g_free(name);
    p->types = g_string_new(NULL);
    while (l[i] == ';') {
        gsize k = ++i;
        /* A parameter runs to the next ';' or ':' outside double quotes
         * (vCard 4 quotes values that contain them). */
        gboolean quoted = FALSE;
        while (l[i] && (quoted || (l[i] != ';' && l[i] != ':'))) {
            if (l[i] == '"')
                quoted = !quoted;
            i++;
        }
        const char *param = l + k;
        gsize plen = i - k;
        const char *eq = memchr(param, '=', plen);
        if (eq) {
            gsize kl = (gsize)(eq - param), vl = plen - kl - 1;
            const char *v = eq + 1;
            if (kl == 8 && g_ascii_strncasecmp(param, "ENCODING", 8) == 0) {
                if (vl == 16 && g_ascii_strncasecmp(v, "QUOTED-PRINTABLE", 16) == 0)
                    p->qp = TRUE;
                else if ((vl == 1 && g_ascii_tolower(*v) == 'b') ||
                         (vl == 6 && g_ascii_strncasecmp(v, "BASE64", 6) == 0))
                    p->binary = TRUE;
            } else if (kl == 7 && g_ascii_strncasecmp(param, "CHARSET", 7) == 0) {
                g_free(p->charset);
                p->charset = g_strndup(v, vl);
            } else if (kl == 4 && g_ascii_strncasecmp(param, "TYPE", 4) == 0) {
                add_type(p, v, vl);
            }
        } else if (plen == 16 && g_ascii_strncasecmp(param, "QUOTED-PRINTABLE", 16) == 0) {
            p->qp = TRUE;
        } else if (plen == 6 && g_ascii_strncasecmp(param, "BASE64", 6) == 0) {
            p->binary = TRUE;
        } else if (plen) {
            add_type(p, param, plen); /* 2.1: TEL;WORK;VOICE: */
        }
    }
    if (l[i] != ':')
        return FALSE;
    p->value = g_strdup(l + i + 1);
    return TRUE;
}

static int hexval(char c)
{
    return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

/* Decodes quoted-printable in place (soft breaks were joined already). */
static void qp_decode(char *s)
{
    char *w = s;
    for (const char *r = s; *r; r++) {
        int hi, lo;
        if (*r == '=' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
}

/* Brings a value to valid UTF-8. Only quoted-printable bytes can still be
 * in another charset: raw 8-bit text was already converted with the whole
 * file (contacts.c), so a CHARSET= on it describes bytes that no longer
 * exist and applying it again would garble the text. */
static char *value_utf8(pl_contacts_job *job, guint line, const vprop *p)
{
    char *v = g_strdup(p->value);
    if (p->qp) {
        qp_decode(v);
        const char *from = p->charset;
        if (from && (!g_ascii_strcasecmp(from, "UTF-8") || !g_ascii_strcasecmp(from, "UTF8") ||
                     !g_ascii_strcasecmp(from, "US-ASCII")))
            from = NULL;
        if (!from && !g_utf8_validate(v, -1, NULL))
            from = "WINDOWS-1252"; /* 2.1 exporters that omit CHARSET= */
        if (from) {
            char *c = g_convert(v, -1, "UTF-8", from, NULL, NULL, NULL);
            if (c) {
                g_free(v);
                v = c;
            } else {
                pl_contacts_job_warn(job, line, "%s: cannot convert from charset %s", p->name,
                                     from);
            }
        }
    }
    if (!g_utf8_validate(v, -1, NULL)) {
        char *c = g_utf8_make_valid(v, -1);
        pl_contacts_job_warn(job, line, "%s: value is not valid UTF-8; repaired", p->name);
        g_free(v);
        v = c;
    }
    return v;
}

/* Splits a value at unescaped sep and removes the escapes (\\ \, \; \n \N)
 * from each part. */
static GPtrArray *split_unescape(const char *v, char sep)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    for (const char *r = v;; r++) {
        if (*r == '\\' && r[1]) {
            r++;
            if (*r == 'n' || *r == 'N')
                g_string_append_c(cur, '\n');
            else if (*r == '\\' || *r == ',' || *r == ';' || *r == ':')
                g_string_append_c(cur, *r);
            else { /* unknown escape: keep it as written */
                g_string_append_c(cur, '\\');
                g_string_append_c(cur, *r);
            }
        } else if (*r == sep || *r == '\0') {
            g_ptr_array_add(parts, g_strdup(g_strstrip(cur->str)));
            g_string_truncate(cur, 0);
            if (!*r)
                break;
        } else {
            g_string_append_c(cur, *r);
        }
    }
    g_string_free(cur, TRUE);
    return parts;
}

static char *unescape(const char *v)
{
    GPtrArray *parts = split_unescape(v, '\0');
    char *r = g_strdup(parts->pdata[0]);
    g_ptr_array_unref(parts);
    return r;
}

static void set_once(char **slot, char *v)
{
    if (!*slot && *v)
        *slot = v;
    else
        g_free(v);
}

static char *part(GPtrArray *parts, guint i)
{
    return i < parts->len ? g_strdup(parts->pdata[i]) : g_strdup("");
}

/* A social profile as one handle: "twitter:alice" from TYPE=twitter and a
 * bare user name, the URL itself when it is one. */
static char *social_handle(const vprop *p, const char *v)
{
    if (strchr(v, ':') || !p->types->len)
        return g_strdup(v);
    char *type = g_strndup(p->types->str, strcspn(p->types->str, ","));
    char *h = g_strconcat(type, ":", v, NULL);
    g_free(type);
    return h;
}

static void apply_prop(pl_contacts_job *job, pl_contact *c, guint line, const vprop *p)
{
    const char *n = p->name;
    gboolean known = !strcmp(n, "FN") || !strcmp(n, "N") || !strcmp(n, "EMAIL") ||
                     !strcmp(n, "TEL") || !strcmp(n, "ORG") || !strcmp(n, "CATEGORIES") ||
                     !strcmp(n, "UID") || !strcmp(n, "KIND") || !strcmp(n, "X-ABSHOWAS") ||
                     !strcmp(n, "IMPP") || !strcmp(n, "X-SOCIALPROFILE");
    if (!known || p->binary)
        return;
    char *v = value_utf8(job, line, p);
    if (!strcmp(n, "FN")) {
        set_once(&c->name, unescape(v));
    } else if (!strcmp(n, "N")) {
        /* family;given;additional;prefix;suffix */
        GPtrArray *parts = split_unescape(v, ';');
        set_once(&c->family, part(parts, 0));
        set_once(&c->given, part(parts, 1));
        set_once(&c->middle, part(parts, 2));
        g_ptr_array_unref(parts);
    } else if (!strcmp(n, "EMAIL")) {
        g_ptr_array_add(c->emails, unescape(v));
    } else if (!strcmp(n, "TEL")) {
        g_ptr_array_add(c->phones, unescape(v));
    } else if (!strcmp(n, "ORG")) {
        /* organisation;unit;unit...: parley files people by organisation */
        GPtrArray *parts = split_unescape(v, ';');
        set_once(&c->org, part(parts, 0));
        g_ptr_array_unref(parts);
    } else if (!strcmp(n, "CATEGORIES")) {
        GPtrArray *parts = split_unescape(v, ',');
        for (guint i = 0; i < parts->len; i++)
            if (*(char *)parts->pdata[i])
                g_ptr_array_add(c->labels, g_strdup(parts->pdata[i]));
        g_ptr_array_unref(parts);
    } else if (!strcmp(n, "UID")) {
        set_once(&c->uid, unescape(v));
    } else if (!strcmp(n, "KIND") || !strcmp(n, "X-ABSHOWAS")) {
        char *k = g_strstrip(unescape(v));
        if (!g_ascii_strcasecmp(k, "org") || !g_ascii_strcasecmp(k, "organization") ||
            !g_ascii_strcasecmp(k, "company"))
            c->is_org = TRUE;
        g_free(k);
    } else if (!strcmp(n, "IMPP")) {
        g_ptr_array_add(c->handles, unescape(v));
    } else if (!strcmp(n, "X-SOCIALPROFILE")) {
        char *u = unescape(v);
        if (*u)
            g_ptr_array_add(c->handles, social_handle(p, u));
        g_free(u);
    }
    g_free(v);
}

/* --------------------------------------------------------------- cards */

gboolean pl_contacts_read_vcard(pl_contacts_job *job, const char *text, gsize len, GError **err)
{
    line_iter it = {text, text + len, 0};
    GString *l = g_string_new(NULL);
    pl_contact *c = NULL;
    guint depth = 0, line = 0;
    gboolean ok = TRUE, stray = FALSE, malformed = FALSE;
    while (ok && next_logical(&it, l, &line)) {
        g_strstrip(l->str);
        l->len = strlen(l->str);
        if (!l->len)
            continue;
        gboolean begin = g_ascii_strcasecmp(l->str, "BEGIN:VCARD") == 0;
        gboolean end = g_ascii_strcasecmp(l->str, "END:VCARD") == 0;
        if (!c) {
            if (begin) {
                c = pl_contact_new(line);
                depth = 1;
                stray = malformed = FALSE;
            } else if (!stray) {
                /* Once per run of such lines: one stray block, one warning. */
                pl_contacts_job_warn(job, line, "text outside BEGIN:VCARD/END:VCARD; ignored");
                stray = TRUE;
            }
            continue;
        }
        if (begin) { /* 2.1 AGENT: a card inside a card, not a contact of ours */
            depth++;
            continue;
        }
        if (end) {
            if (--depth == 0) {
                ok = pl_contacts_job_add(job, c, err);
                pl_contact_free(c);
                c = NULL;
            }
            continue;
        }
        if (depth > 1)
            continue;
        vprop p;
        if (parse_prop(l->str, &p))
            apply_prop(job, c, line, &p);
        else if (!malformed) {
            pl_contacts_job_warn(job, line, "line without ':' ignored");
            malformed = TRUE;
        }
        vprop_clear(&p);
    }
    if (c) {
        pl_contacts_job_warn(job, c->line,
                             "card has no END:VCARD before the end of the file; "
                             "skipped");
        pl_contacts_job_skipped(job);
        pl_contact_free(c);
    }
    g_string_free(l, TRUE);
    return ok;
}
