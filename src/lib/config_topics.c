/* config_topics.c — the [topics] keys (language, stop-words), documented in
 * docs/config.md, section "[topics]". Whether the language has a stemmer
 * and the stop-word file can be read is checked where keywords are made
 * (topics.c), so a typo fails the commands that need keywords, not all. */
#include "config_topics.h"

void pl_config_load_topics(pl_config *cfg, GKeyFile *kf)
{
    char *lang = g_key_file_get_string(kf, "topics", "language", NULL);
    if (lang && *g_strstrip(lang))
        cfg->topics_language = g_ascii_strdown(lang, -1);
    else
        cfg->topics_language = g_strdup("english");
    g_free(lang);
    char *stop = g_key_file_get_string(kf, "topics", "stop-words", NULL);
    if (stop && *g_strstrip(stop))
        cfg->topics_stop_words = g_strdup(stop);
    g_free(stop);
}

void pl_config_free_topics(pl_config *cfg)
{
    g_free(cfg->topics_language);
    g_free(cfg->topics_stop_words);
}
