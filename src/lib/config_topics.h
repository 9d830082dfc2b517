/* config_topics.h — the [topics] section of parley.conf (language and
 * stop-words of keywords), read by config.c through these. */
#ifndef PARLEY_CONFIG_TOPICS_H
#define PARLEY_CONFIG_TOPICS_H

#include "parley.h"

void pl_config_load_topics(pl_config *cfg, GKeyFile *kf);
void pl_config_free_topics(pl_config *cfg);

#endif
