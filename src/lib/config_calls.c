/* config_calls.c — [phone] default-country and the [calls] keys
 * (internal-numbers, ivr-contexts, queue-contexts, timezone); every key is
 * documented in docs/config.md, section "[phone] and [calls]". */
#include "config_calls.h"

#include <string.h>

/* Splits a ';' or ',' separated value; entries trimmed, empty ones dropped. */
static GPtrArray *split_list(GKeyFile *kf, const char *group, const char *key, gboolean lower)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    char *v = g_key_file_get_string(kf, group, key, NULL);
    char **parts = v ? g_strsplit_set(v, ";,", -1) : NULL;
    for (char **p = parts; p && *p; p++) {
        char *t = g_strstrip(*p);
        if (*t)
            g_ptr_array_add(out, lower ? g_ascii_strdown(t, -1) : g_strdup(t));
    }
    g_strfreev(parts);
    g_free(v);
    return out;
}

/* Entries are normalised once here so matching is a string compare: a
 * number becomes E.164 ("+49 30 1234" -> "+49301234"); a range "A-B" of
 * extensions keeps its digits; a prefix keeps its trailing '*'. */
static char *normalise_entry(const char *e, const char *country)
{
    gsize len = strlen(e);
    const char *dash = len > 1 ? strchr(e + 1, '-') : NULL;
    gboolean all_digits_range = dash != NULL;
    for (const char *p = e; all_digits_range && *p; p++)
        if (!g_ascii_isdigit(*p) && p != dash && *p != '+')
            all_digits_range = FALSE;
    if (all_digits_range || e[len - 1] == '*') {
        GString *s = g_string_new(NULL);
        for (const char *p = e; *p; p++)
            if (g_ascii_isdigit(*p) || *p == '+' || *p == '*' || p == dash)
                g_string_append_c(s, *p);
        return g_string_free(s, FALSE);
    }
    char *n = pl_phone_normalise(e, country);
    return n ? n : g_strdup(e);
}

void pl_config_load_calls(pl_config *cfg, GKeyFile *kf)
{
    char *c = g_key_file_get_string(kf, "phone", "default-country", NULL);
    if (c && *g_strstrip(c))
        cfg->default_country = g_ascii_strup(c, -1);
    g_free(c);
    cfg->signature_numbers = TRUE;
    if (g_key_file_has_key(kf, "phone", "signature-numbers", NULL))
        cfg->signature_numbers = g_key_file_get_boolean(kf, "phone", "signature-numbers", NULL);
    char *tz = g_key_file_get_string(kf, "calls", "timezone", NULL);
    if (tz && *g_strstrip(tz))
        cfg->calls_timezone = g_strdup(tz);
    g_free(tz);
    GPtrArray *raw = split_list(kf, "calls", "internal-numbers", FALSE);
    cfg->internal_numbers = g_ptr_array_new_with_free_func(g_free);
    for (guint i = 0; i < raw->len; i++)
        g_ptr_array_add(cfg->internal_numbers,
                        normalise_entry(raw->pdata[i], cfg->default_country));
    g_ptr_array_unref(raw);
    cfg->ivr_contexts = split_list(kf, "calls", "ivr-contexts", TRUE);
    cfg->queue_contexts = split_list(kf, "calls", "queue-contexts", TRUE);
}

void pl_config_free_calls(pl_config *cfg)
{
    g_free(cfg->default_country);
    g_free(cfg->calls_timezone);
    if (cfg->internal_numbers)
        g_ptr_array_unref(cfg->internal_numbers);
    if (cfg->ivr_contexts)
        g_ptr_array_unref(cfg->ivr_contexts);
    if (cfg->queue_contexts)
        g_ptr_array_unref(cfg->queue_contexts);
}

gboolean pl_config_is_internal_number(const pl_config *cfg, const char *number)
{
    if (!number)
        return FALSE;
    if (g_str_has_prefix(number, "ext:"))
        return TRUE;
    return pl_phone_in_list(cfg->internal_numbers, number);
}
