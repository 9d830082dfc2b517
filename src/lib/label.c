/* label.c — labels: a category on a domain, an address or "*". */
#include "store.h"

#include <string.h>

gboolean pl_label(pl_store *st, const char *target, pl_category cat, GError **err)
{
    g_return_val_if_fail(target, FALSE);
    if ((unsigned)cat >= PL_CAT__COUNT) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "not a category");
        return FALSE;
    }
    char *pattern = NULL;
    const char *kind;
    if (strcmp(target, "*") == 0) {
        kind = "domain";
        pattern = g_strdup("*");
    } else if (strchr(target, '@')) {
        kind = "address";
        pattern = pl_address_normalise(target);
    } else {
        kind = "domain";
        char *trimmed = g_strstrip(g_strdup(target));
        pattern = g_ascii_strdown(trimmed, -1);
        g_free(trimmed);
        if (*pattern == '@' || *pattern == '.')
            memmove(pattern, pattern + 1, strlen(pattern));
        if (!strchr(pattern, '.') || strchr(pattern, ' ')) {
            g_free(pattern);
            pattern = NULL;
        }
    }
    if (!pattern) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "\"%s\" is neither a domain (example.com), an address (jane@example.com) "
                    "nor \"*\"",
                    target);
        return FALSE;
    }
    if (strcmp(kind, "domain") == 0 && pl_domain_is_freemail(pattern)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "%s is a free-mail domain: its users are unrelated people, so label their "
                    "addresses one by one (parley label someone@%s %s)",
                    pattern, pattern, pl_category_name(cat));
        g_free(pattern);
        return FALSE;
    }
    gboolean ok = st->ops->begin(st, err);
    ok = ok && st->ops->rule_set(st, kind, pattern, (int)cat, err);
    /* "*" can change any conversation; others only those they match. */
    ok = ok && (strcmp(pattern, "*") == 0 ? st->ops->conv_mark_dirty_all(st, err)
                                          : st->ops->conv_mark_dirty_matching(st, pattern, err));
    ok = ok && st->ops->commit(st, err);
    if (!ok)
        st->ops->rollback(st);
    g_free(pattern);
    return ok;
}
