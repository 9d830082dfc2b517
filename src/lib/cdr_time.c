/* cdr_time.c — the times and durations of call records. Hand-parsed: a
 * CDR import reads millions of timestamps, and GDateTime per row would cost
 * more than the rest of the row. Zone-less times are the switch's local time
 * ([calls] timezone); the UTC offset comes from GTimeZone, cached per hour. */
#include "cdr.h"

#include <string.h>

gboolean cdr_clock_init(cdr_clock *c, const char *zone)
{
    memset(c, 0, sizeof *c);
    c->cache_hour = G_MININT64;
    if (!zone || !*zone || g_ascii_strcasecmp(zone, "UTC") == 0) {
        c->utc = TRUE;
        return TRUE;
    }
    c->tz = g_time_zone_new_identifier(zone);
    if (!c->tz) {
        c->utc = TRUE;
        return FALSE;
    }
    return TRUE;
}

void cdr_clock_clear(cdr_clock *c)
{
    if (c->tz)
        g_time_zone_unref(c->tz);
    c->tz = NULL;
}

/* Days since 1970-01-01 of a civil date (proleptic Gregorian). */
static gint64 days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    gint64 era = (y >= 0 ? y : y - 399) / 400;
    int yoe = (int)(y - era * 400);
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int days_in_month(int y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return dm[m - 1];
}

/* Reads 1..max digits; FALSE when there are none. */
static gboolean num(const char **p, int max, int *out)
{
    int v = 0, n = 0;
    while (n < max && g_ascii_isdigit(**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n > 0;
}

static gint64 local_to_utc(cdr_clock *c, gint64 local)
{
    if (c->utc)
        return local;
    gint64 hour = local / 3600;
    if (hour != c->cache_hour) {
        gint64 t = local;
        int interval = g_time_zone_adjust_time(c->tz, G_TIME_TYPE_STANDARD, &t);
        c->cache_offset = g_time_zone_get_offset(c->tz, interval);
        c->cache_hour = hour;
    }
    return local - c->cache_offset;
}

/* "Z", "+01:00", "+0100", "-05", " UTC", " GMT", " +0000": seconds east of
 * UTC in *off; FALSE when nothing zone-like follows (the time is local). */
static gboolean zone_suffix(const char *p, int *off, gboolean *bad)
{
    while (*p == ' ')
        p++;
    *bad = FALSE;
    if (!*p)
        return FALSE;
    if ((*p == 'Z' || *p == 'z') && !p[1]) {
        *off = 0;
        return TRUE;
    }
    if (g_ascii_strcasecmp(p, "UTC") == 0 || g_ascii_strcasecmp(p, "GMT") == 0 ||
        g_ascii_strcasecmp(p, "UT") == 0) {
        *off = 0;
        return TRUE;
    }
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, h = 0, m = 0;
        p++;
        const char *s = p;
        if (!num(&p, 2, &h) || p - s != 2)
            goto bad;
        if (*p == ':')
            p++;
        if (*p && (!num(&p, 2, &m) || *p))
            goto bad;
        *off = sign * (h * 3600 + m * 60);
        return TRUE;
    }
bad:
    *bad = TRUE;
    return FALSE;
}

static gint64 finish(cdr_clock *c, int y, int mo, int d, int h, int mi, int s, const char *rest)
{
    if (y < 1971 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 ||
        mi > 59 || s > 60)
        return -1;
    gint64 t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    int off = 0;
    gboolean bad = FALSE;
    if (zone_suffix(rest, &off, &bad))
        return t - off;
    return bad ? -1 : local_to_utc(c, t);
}

gint64 cdr_local_time(cdr_clock *c, int y, int mo, int d, int h, int mi, int s)
{
    return finish(c, y, mo, d, h, mi, s, "");
}

static gint64 parse_rfc2822(cdr_clock *c, const char *p)
{
    static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
    const char *comma = strchr(p, ',');
    if (comma)
        p = comma + 1;
    while (*p == ' ')
        p++;
    int d, y, h, mi, s = 0;
    if (!num(&p, 2, &d) || *p++ != ' ')
        return -1;
    char mon[4] = {0};
    for (int i = 0; i < 3; i++, p++)
        if (!g_ascii_isalpha(*p))
            return -1;
        else
            mon[i] = g_ascii_tolower(*p);
    const char *hit = strstr(months, mon);
    if (!hit || (hit - months) % 3)
        return -1;
    int mo = (int)(hit - months) / 3 + 1;
    if (*p++ != ' ' || !num(&p, 4, &y) || *p++ != ' ' || !num(&p, 2, &h) || *p++ != ':' ||
        !num(&p, 2, &mi))
        return -1;
    if (*p == ':' && (p++, !num(&p, 2, &s)))
        return -1;
    return finish(c, y, mo, d, h, mi, s, p);
}

gint64 cdr_parse_time(cdr_clock *c, const char *s)
{
    while (*s == ' ')
        s++;
    if (!*s)
        return 0;
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (!g_ascii_isdigit(*p))
        return parse_rfc2822(c, p);
    const char *q = p;
    if (!num(&q, 4, &y) || q - p != 4) {
        /* epoch seconds, possibly with a fraction */
        gint64 v = 0;
        for (q = p; g_ascii_isdigit(*q); q++)
            v = v * 10 + (*q - '0');
        if (q - p == 2 && *q == ' ') /* "10 Jan 2023 ..." */
            return parse_rfc2822(c, p);
        if (q - p < 9 || q - p > 10 || (*q && *q != '.'))
            return -1;
        return v;
    }
    p = q;
    if (g_ascii_isdigit(*p)) { /* epoch seconds of 10 digits starting with a year-like prefix */
        gint64 v = y;
        for (; g_ascii_isdigit(*p); p++)
            v = v * 10 + (*p - '0');
        return (p - s == 10 && (!*p || *p == '.')) ? v : -1;
    }
    char sep = *p;
    if (sep != '-' && sep != '/' && sep != '.')
        return -1;
    p++;
    if (!num(&p, 2, &mo) || *p++ != sep || !num(&p, 2, &d))
        return -1;
    if (*p == 'T' || *p == ' ') {
        p++;
        while (*p == ' ')
            p++;
        if (!num(&p, 2, &h) || *p++ != ':' || !num(&p, 2, &mi))
            return -1;
        if (*p == ':') {
            p++;
            if (!num(&p, 2, &sec))
                return -1;
            if (*p == '.' || *p == ',') /* fraction: dropped */
                for (p++; g_ascii_isdigit(*p); p++)
                    ;
        }
    }
    return finish(c, y, mo, d, h, mi, sec, p);
}

gint64 cdr_parse_seconds(const char *s)
{
    while (*s == ' ')
        s++;
    if (!*s)
        return -1;
    gboolean neg = *s == '-';
    if (neg || *s == '+')
        s++;
    gint64 v = 0;
    const char *p = s;
    for (; g_ascii_isdigit(*p); p++) {
        v = v * 10 + (*p - '0');
        if (v > G_GINT64_CONSTANT(1) << 40)
            return -3;
    }
    if (p == s)
        return -3;
    if (*p == '.')
        for (p++; g_ascii_isdigit(*p); p++)
            ;
    while (*p == ' ')
        p++;
    if (*p)
        return -3;
    return neg && v > 0 ? -2 : v;
}
