/* config_chat.h — the [chat] section of parley.conf, read by config.c
 * through these (kept apart so chat settings have one home). */
#ifndef PARLEY_CONFIG_CHAT_H
#define PARLEY_CONFIG_CHAT_H

#include "parley.h"

void pl_config_load_chat(pl_config *cfg, GKeyFile *kf);
void pl_config_free_chat(pl_config *cfg);

#endif
