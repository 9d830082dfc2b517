/* config_calls.h — the [phone] and [calls] sections of parley.conf, read
 * by config.c through these (kept apart so call settings have one home). */
#ifndef PARLEY_CONFIG_CALLS_H
#define PARLEY_CONFIG_CALLS_H

#include "parley.h"

void pl_config_load_calls(pl_config *cfg, GKeyFile *kf);
void pl_config_free_calls(pl_config *cfg);
/* An "ext:" extension (always ours) or a number in [calls] internal-numbers. */
gboolean pl_config_is_internal_number(const pl_config *cfg, const char *number);

#endif
