/* address.c — e-mail address normalisation and domain facts.
 *
 * Identities are matched by their normalised value, so every adapter and the
 * contacts importer must go through pl_address_normalise(). Local parts are
 * lower-cased although RFC 5321 lets them be case-sensitive: no real provider
 * treats them so, and matching "Jane@" with "jane@" matters more.
 * Plus-tags are kept (jane+news@ is a different identity on purpose: it is
 * how people separate newsletters from conversation).
 */
#include "parley.h"

#include <string.h>

char *pl_address_normalise(const char *addr)
{
    if (!addr)
        return NULL;
    char *s = g_strstrip(g_strdup(addr));
    char *p = s;
    if (*p == '<') {
        p++;
        char *close = strrchr(p, '>');
        if (close)
            *close = '\0';
    }
    if (g_ascii_strncasecmp(p, "mailto:", 7) == 0)
        p += 7;
    /* A query part of a mailto: URL (List-Post: <mailto:x@y?subject=..>). */
    char *q = strchr(p, '?');
    if (q)
        *q = '\0';
    GString *out = g_string_sized_new(strlen(p));
    for (const char *c = p; *c; c++) {
        if (*c == '"' || g_ascii_isspace(*c))
            continue; /* "john smith"@x -> johnsmith@x; quoted locals are rare */
        g_string_append_c(out, g_ascii_tolower(*c));
    }
    g_free(s);
    while (out->len && out->str[out->len - 1] == '.')
        g_string_truncate(out, out->len - 1);
    char *at = strrchr(out->str, '@');
    if (!at || at == out->str || at[1] == '\0' || strchr(at + 1, '.') == NULL ||
        !g_utf8_validate(out->str, -1, NULL)) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

const char *pl_address_domain(const char *addr)
{
    const char *at = addr ? strrchr(addr, '@') : NULL;
    return at && at[1] ? at + 1 : NULL;
}

gboolean pl_domain_within(const char *domain, const char *parent)
{
    if (!domain || !parent || !*parent)
        return FALSE;
    size_t dl = strlen(domain), pl = strlen(parent);
    if (dl < pl || g_ascii_strcasecmp(domain + dl - pl, parent) != 0)
        return FALSE;
    return dl == pl || domain[dl - pl - 1] == '.';
}

/* Webmail and ISP domains: an address there says nothing about which
 * organisation its owner belongs to, so they are classified per address. */
static const char *const freemail[] = {
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "ymail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "outlook.com",
    "live.com",
    "msn.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "qq.com",
    "163.com",
    "126.com",
    "sina.com",
    "foxmail.com",
    "naver.com",
    "hanmail.net",
    "daum.net",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "zoho.com",
    "fastmail.com",
    "fastmail.fm",
    "mail.com",
    "t-online.de",
    "free.fr",
    "orange.fr",
    "laposte.net",
    "libero.it",
    "comcast.net",
    "verizon.net",
    "att.net",
    "sbcglobal.net",
    "earthlink.net",
    "btinternet.com",
    "rediffmail.com",
    "tutanota.com",
    "seznam.cz",
    "wp.pl",
    "o2.pl",
    "rambler.ru",
    "bigpond.com",
    "shaw.ca",
    "rogers.com",
    "juno.com",
    NULL,
};

gboolean pl_domain_is_freemail(const char *domain)
{
    static GHashTable *set;
    if (!domain)
        return FALSE;
    if (g_once_init_enter(&set)) {
        GHashTable *h = g_hash_table_new(g_str_hash, g_str_equal);
        for (const char *const *d = freemail; *d; d++)
            g_hash_table_add(h, (gpointer)*d);
        g_once_init_leave(&set, h);
    }
    char *lower = g_ascii_strdown(domain, -1);
    gboolean hit = g_hash_table_contains(set, lower);
    g_free(lower);
    return hit;
}
