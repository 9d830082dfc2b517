/* mail_date.c — when a message was written, where Date: fails: dates
 * outside 1971..2100 are taken as bogus, the topmost Received: header's
 * date is the next witness, and an mbox's From_ line ("From addr Mon Jan  2
 * 15:04:05 2006") the last (docs/model.md says which wins).
 */
#include "mail.h"

#include <string.h>

#define TS_MIN G_GINT64_CONSTANT(31536000)   /* 1971-01-01: older = bogus */
#define TS_MAX G_GINT64_CONSTANT(4133980800) /* 2101-01-01: later = bogus */

gint64 pl_mail__checked_ts(GDateTime *dt)
{
    if (!dt)
        return 0;
    gint64 t = g_date_time_to_unix(dt);
    return t >= TS_MIN && t < TS_MAX ? t : 0;
}

/* The topmost (newest) Received: header whose date, after the last ';',
 * parses. Only used when Date is missing or bad, so a second header walk. */
gint64 pl_mail__received_ts(GMimeObject *obj)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
    int n = hl ? g_mime_header_list_get_count(hl) : 0;
    for (int i = 0; i < n; i++) {
        GMimeHeader *hd = g_mime_header_list_get_header_at(hl, i);
        if (g_ascii_strcasecmp(g_mime_header_get_name(hd), "received") != 0)
            continue;
        const char *v = g_mime_header_get_value(hd);
        const char *semi = v ? strrchr(v, ';') : NULL;
        if (!semi)
            continue;
        GDateTime *dt = g_mime_utils_header_decode_date(semi + 1);
        gint64 t = pl_mail__checked_ts(dt);
        if (dt)
            g_date_time_unref(dt);
        if (t)
            return t;
    }
    return 0;
}

static int month_index(const char *p)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    for (int m = 0; m < 12; m++)
        if (g_ascii_strncasecmp(p, months + 3 * m, 3) == 0)
            return m + 1;
    return 0;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static gint64 days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    gint64 era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* Date of an mbox From_ line: "From sender Thu Jan  1 00:00:00 1970" (the
 * sender may hold spaces: "From jgb at example.com  Thu Apr 14 ..."), maybe
 * with a zone. Looks for: month, day, hh:mm[:ss], then a 4-digit year. */
gint64 pl_mail__from_line_ts(const char *line)
{
    if (!line)
        return 0;
    gchar **tok = g_strsplit_set(line, " \t\r\n", -1);
    gint64 ts = 0;
    int n = (int)g_strv_length(tok);
    for (int i = 0; i + 2 < n && !ts; i++) {
        int mon = strlen(tok[i]) == 3 ? month_index(tok[i]) : 0;
        if (!mon)
            continue;
        int k = i + 1;
        while (k < n && !*tok[k])
            k++;
        if (k + 1 >= n || !g_ascii_isdigit(tok[k][0]))
            continue;
        int day = atoi(tok[k]), hh = 0, mm = 0, ss = 0, year = 0, zone = 0;
        while (++k < n && !*tok[k])
            ;
        if (k >= n || sscanf(tok[k], "%d:%d:%d", &hh, &mm, &ss) < 2)
            continue;
        for (k++; k < n; k++) {
            if ((tok[k][0] == '+' || tok[k][0] == '-') && strlen(tok[k]) == 5) {
                int z = atoi(tok[k] + 1);
                zone = (tok[k][0] == '-' ? -1 : 1) * ((z / 100) * 3600 + (z % 100) * 60);
            } else if (strlen(tok[k]) == 4 && g_ascii_isdigit(tok[k][0])) {
                year = atoi(tok[k]);
                break;
            }
        }
        if (year && day >= 1 && day <= 31)
            ts = days_from_civil(year, mon, day) * 86400 + hh * 3600 + mm * 60 + ss - zone;
    }
    g_strfreev(tok);
    return ts >= TS_MIN && ts < TS_MAX ? ts : 0;
}
