/* dates.h — the date arguments the CLI accepts. */
#ifndef PARLEY_DATES_H
#define PARLEY_DATES_H

#include "parley.h"

/* YYYY-MM-DD (UTC midnight) or "30d" / "8w" back from now. */
gboolean cli_parse_date(const char *s, gint64 now, gint64 *out, GError **err);

/* A span like "90s", "5m", "4h", "2d" or plain seconds -> seconds; -1 when
 * it is not a positive span. */
gint64 cli_parse_span(const char *s);

#endif
