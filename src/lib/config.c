/* config.c — parley.conf, a GKeyFile: who "me" is, what is internal, goals,
 * the time model and the privacy switch. See docs/config.md for every key.
 *
 * A missing file is not an error: parley works with defaults (no me, no
 * internal domains: every conversation is then "all", nothing is "mine").
 */
#include "parley.h"

#include "config_calls.h"
#include "config_chat.h"
#include "config_topics.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

char *pl_config_default_path(void)
{
    const char *env = g_getenv("PARLEY_CONFIG");
    if (env && *env)
        return g_strdup(env);
    return g_build_filename(g_get_user_config_dir(), "parley", "parley.conf", NULL);
}

static GPtrArray *list_of(GKeyFile *kf, const char *group, const char *key, gboolean addresses)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    gsize n = 0;
    char **vals = g_key_file_get_string_list(kf, group, key, &n, NULL);
    for (gsize i = 0; i < n; i++) {
        char *v = g_strstrip(vals[i]);
        if (!*v)
            continue;
        char *norm = addresses ? pl_address_normalise(v) : g_ascii_strdown(v, -1);
        /* A chat handle ("x:14", "irc:#qtox/zetok") is kept as written. */
        if (!norm && addresses && strchr(v, ':') && !strchr(v, '@'))
            norm = g_strdup(v);
        if (norm)
            g_ptr_array_add(out, norm);
    }
    g_strfreev(vals);
    return out;
}

/* "customer,prospect,frontline >= 50%" with an optional trailing "of time". */
static gboolean parse_goal(const char *name, const char *text, pl_goal *g, GError **err)
{
    memset(g, 0, sizeof *g);
    const char *ge = strstr(text, ">=");
    if (!ge)
        goto bad;
    char *cats = g_strndup(text, (gsize)(ge - text));
    char **parts = g_strsplit_set(cats, ",+ ", -1);
    for (char **p = parts; *p; p++) {
        if (!**p)
            continue;
        int c = pl_category_parse(*p);
        if (c < 0) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "goal %s: unknown category \"%s\"", name,
                        *p);
            g_strfreev(parts);
            g_free(cats);
            return FALSE;
        }
        g->categories |= 1u << c;
    }
    g_strfreev(parts);
    g_free(cats);
    char *end = NULL;
    double v = g_ascii_strtod(ge + 2, &end);
    if (end == ge + 2 || v < 0 || v > 100 || !g->categories)
        goto bad;
    while (*end == ' ')
        end++;
    if (*end == '%')
        end++;
    while (*end == ' ')
        end++;
    g->by_time = g_str_has_prefix(end, "of time");
    if (*end && !g->by_time)
        goto bad;
    g->min_share = v / 100.0;
    g->name = g_strdup(name);
    return TRUE;
bad:
    g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                "goal %s: expected \"category[,category...] >= N%%\" [of time], got \"%s\"", name,
                text);
    return FALSE;
}

static double get_double(GKeyFile *kf, const char *group, const char *key, double dflt)
{
    GError *e = NULL;
    double v = g_key_file_get_double(kf, group, key, &e);
    if (e) {
        g_error_free(e);
        return dflt;
    }
    return v > 0 ? v : dflt;
}

pl_config *pl_config_load(const char *path, GError **err)
{
    pl_config *cfg = g_new0(pl_config, 1);
    cfg->path = path ? g_strdup(path) : pl_config_default_path();
    cfg->goals = g_array_new(FALSE, TRUE, sizeof(pl_goal));
    GKeyFile *kf = g_key_file_new();
    GError *e = NULL;
    if (!g_key_file_load_from_file(kf, cfg->path, G_KEY_FILE_NONE, &e)) {
        if (!g_error_matches(e, G_FILE_ERROR, G_FILE_ERROR_NOENT)) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "%s: %s", cfg->path, e->message);
            g_error_free(e);
            g_key_file_free(kf);
            pl_config_free(cfg);
            return NULL;
        }
        g_clear_error(&e);
    }
    cfg->me = list_of(kf, "identity", "me", TRUE);
    cfg->internal = list_of(kf, "identity", "internal-domains", FALSE);
    cfg->managers = list_of(kf, "identity", "managers", TRUE);
    cfg->frontline = list_of(kf, "identity", "frontline", TRUE);
    cfg->freemail_extra = list_of(kf, "classify", "freemail-domains", FALSE);
    cfg->read_wpm = get_double(kf, "time", "read-wpm", 200);
    cfg->write_wpm = get_double(kf, "time", "write-wpm", 40);
    cfg->read_base_s = get_double(kf, "time", "read-base-seconds", 30);
    cfg->write_base_s = get_double(kf, "time", "write-base-seconds", 120);
    cfg->store_bodies = TRUE;
    if (g_key_file_has_key(kf, "privacy", "store-bodies", NULL))
        cfg->store_bodies = g_key_file_get_boolean(kf, "privacy", "store-bodies", NULL);

    pl_config_load_calls(cfg, kf);
    pl_config_load_chat(cfg, kf);
    pl_config_load_topics(cfg, kf);

    char **keys = g_key_file_get_keys(kf, "goals", NULL, NULL);
    for (char **k = keys; k && *k; k++) {
        char *v = g_key_file_get_string(kf, "goals", *k, NULL);
        pl_goal g;
        gboolean ok = parse_goal(*k, v ? v : "", &g, err);
        g_free(v);
        if (!ok) {
            g_prefix_error(err, "%s: ", cfg->path);
            g_strfreev(keys);
            g_key_file_free(kf);
            pl_config_free(cfg);
            return NULL;
        }
        g_array_append_val(cfg->goals, g);
    }
    g_strfreev(keys);
    g_key_file_free(kf);
    return cfg;
}

static void set_list(GKeyFile *kf, const char *group, const char *key, GPtrArray *a)
{
    if (a->len)
        g_key_file_set_string_list(kf, group, key, (const char *const *)a->pdata, a->len);
}

gboolean pl_config_save(const pl_config *cfg, GError **err)
{
    GKeyFile *kf = g_key_file_new();
    /* Keep what the user wrote by hand (comments, keys we do not model). */
    g_key_file_load_from_file(kf, cfg->path, G_KEY_FILE_KEEP_COMMENTS, NULL);
    set_list(kf, "identity", "me", cfg->me);
    set_list(kf, "identity", "internal-domains", cfg->internal);
    set_list(kf, "identity", "managers", cfg->managers);
    set_list(kf, "identity", "frontline", cfg->frontline);
    if (!g_key_file_has_group(kf, "goals")) {
        g_key_file_set_string(kf, "goals", "customer-facing", "customer,prospect,frontline >= 50%");
        g_key_file_set_comment(kf, "goals", NULL,
                               " name = categories >= N% [of time]; see docs/config.md", NULL);
    }
    if (!g_key_file_has_group(kf, "time")) {
        g_key_file_set_double(kf, "time", "read-wpm", cfg->read_wpm);
        g_key_file_set_double(kf, "time", "write-wpm", cfg->write_wpm);
        g_key_file_set_double(kf, "time", "read-base-seconds", cfg->read_base_s);
        g_key_file_set_double(kf, "time", "write-base-seconds", cfg->write_base_s);
    }
    if (!g_key_file_has_group(kf, "privacy"))
        g_key_file_set_boolean(kf, "privacy", "store-bodies", cfg->store_bodies);
    char *dir = g_path_get_dirname(cfg->path);
    gboolean ok = g_mkdir_with_parents(dir, 0700) == 0;
    if (!ok)
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "cannot create %s: %s", dir, g_strerror(errno));
    g_free(dir);
    ok = ok && g_key_file_save_to_file(kf, cfg->path, err);
    g_key_file_free(kf);
    return ok;
}

void pl_config_free(pl_config *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->path);
    if (cfg->me)
        g_ptr_array_free(cfg->me, TRUE);
    if (cfg->internal)
        g_ptr_array_free(cfg->internal, TRUE);
    if (cfg->managers)
        g_ptr_array_free(cfg->managers, TRUE);
    if (cfg->frontline)
        g_ptr_array_free(cfg->frontline, TRUE);
    if (cfg->freemail_extra)
        g_ptr_array_free(cfg->freemail_extra, TRUE);
    for (guint i = 0; i < cfg->goals->len; i++)
        g_free(g_array_index(cfg->goals, pl_goal, i).name);
    g_array_free(cfg->goals, TRUE);
    pl_config_free_calls(cfg);
    pl_config_free_chat(cfg);
    pl_config_free_topics(cfg);
    g_free(cfg);
}

static gboolean in_list(GPtrArray *a, const char *s)
{
    for (guint i = 0; a && s && i < a->len; i++)
        if (strcmp(a->pdata[i], s) == 0)
            return TRUE;
    return FALSE;
}

gboolean pl_config_is_me(const pl_config *cfg, const char *addr)
{
    return in_list(cfg->me, addr);
}

gboolean pl_config_is_internal(const pl_config *cfg, const char *addr)
{
    if (pl_config_is_me(cfg, addr))
        return TRUE;
    if (addr && (g_str_has_prefix(addr, "ext:") || addr[0] == '+'))
        return pl_config_is_internal_number(cfg, addr);
    const char *d = pl_address_domain(addr);
    for (guint i = 0; d && i < cfg->internal->len; i++)
        if (pl_domain_within(d, cfg->internal->pdata[i]))
            return TRUE;
    return FALSE;
}
