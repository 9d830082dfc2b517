/* config_chat.c — the [chat] keys (timezone, session-gap-minutes),
 * documented in docs/config.md, section "[chat]". */
#include "config_chat.h"

#define DEFAULT_GAP_MINUTES 30

void pl_config_load_chat(pl_config *cfg, GKeyFile *kf)
{
    char *tz = g_key_file_get_string(kf, "chat", "timezone", NULL);
    if (tz && *g_strstrip(tz))
        cfg->chat_timezone = g_strdup(tz);
    g_free(tz);
    GError *e = NULL;
    gint gap = g_key_file_get_integer(kf, "chat", "session-gap-minutes", &e);
    /* A missing or nonsensical gap falls back to the default rather than
     * failing every command over one chat setting. */
    if (e || gap <= 0)
        gap = DEFAULT_GAP_MINUTES;
    g_clear_error(&e);
    cfg->chat_session_gap_s = gap * 60;
}

void pl_config_free_chat(pl_config *cfg)
{
    g_free(cfg->chat_timezone);
}
