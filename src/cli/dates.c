/* dates.c — the date arguments the CLI accepts. */
#include "dates.h"

#include <stdio.h>
#include <string.h>

gboolean cli_parse_date(const char *s, gint64 now, gint64 *out, GError **err)
{
    int y, m, d, n = 0;
    char unit = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && s[n] == '\0') {
        if (g_date_valid_dmy(d, m, y)) {
            GDateTime *dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
            *out = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
            return TRUE;
        }
    } else if (sscanf(s, "%d%c%n", &d, &unit, &n) == 2 && s[n] == '\0' && d >= 0) {
        gint64 mul = unit == 'd' ? 86400 : unit == 'w' ? 7 * 86400 : 0;
        if (mul) {
            *out = now - d * mul;
            return TRUE;
        }
    }
    g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                "\"%s\" is not a date: use YYYY-MM-DD or a span back from now like 30d or 8w", s);
    return FALSE;
}

gint64 cli_parse_span(const char *s)
{
    char *end = NULL;
    gint64 v = g_ascii_strtoll(s, &end, 10);
    if (end == s || v <= 0 || v > G_MAXINT32)
        return -1;
    gint64 mul = !*end || strcmp(end, "s") == 0 ? 1
                 : strcmp(end, "m") == 0        ? 60
                 : strcmp(end, "h") == 0        ? 3600
                 : strcmp(end, "d") == 0        ? 86400
                                                : 0;
    return mul ? v * mul : -1;
}
