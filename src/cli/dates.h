/* dates.h — the date arguments the CLI accepts. */
#ifndef PARLEY_DATES_H
#define PARLEY_DATES_H

#include "parley.h"

/* YYYY-MM-DD (UTC midnight) or "30d" / "8w" back from now. */
gboolean cli_parse_date(const char *s, gint64 now, gint64 *out, GError **err);

#endif
