/* imap_util.c — small pure helpers of the IMAP sync: UID sets for FETCH,
 * INTERNALDATE, and RFC 3501 modified UTF-7 folder names (UTF-16 in a
 * base64 variant between '&' and '-'), which servers use on the wire for
 * every non-ASCII name. */
#include "imap.h"

#include <stdio.h>
#include <string.h>

gint64 pl_imap_internaldate(const char *s)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    int day, year, hh, mm, ss, zone;
    char mon[4];
    if (sscanf(s, " %2d-%3s-%4d %2d:%2d:%2d %5d", &day, mon, &year, &hh, &mm, &ss, &zone) != 7)
        return 0;
    const char *m = strstr(months, mon);
    if (!m || (m - months) % 3 || strlen(mon) != 3)
        return 0;
    int az = ABS(zone);
    GTimeZone *tz =
        g_time_zone_new_offset((zone < 0 ? -1 : 1) * ((az / 100) * 3600 + (az % 100) * 60));
    GDateTime *dt = g_date_time_new(tz, year, (int)((m - months) / 3) + 1, day, hh, mm, ss);
    g_time_zone_unref(tz);
    if (!dt)
        return 0;
    gint64 t = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return t;
}

char *pl_imap_uid_set(const guint32 *uids, guint n)
{
    GString *set = g_string_new(NULL);
    for (guint i = 0; i < n;) {
        guint j = i;
        while (j + 1 < n && uids[j + 1] == uids[j] + 1)
            j++;
        g_string_append_printf(set, "%s%u", set->len ? "," : "", uids[i]);
        if (j > i)
            g_string_append_printf(set, ":%u", uids[j]);
        i = j + 1;
    }
    return g_string_free(set, FALSE);
}

/* ------------------------------------------------ modified UTF-7 names */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

char *pl_imap_utf7_encode(const char *utf8)
{
    g_return_val_if_fail(utf8 != NULL, NULL);
    GString *out = g_string_new(NULL);
    for (const char *p = utf8; *p;) {
        guchar c = (guchar)*p;
        if (c >= 0x20 && c <= 0x7e) {
            if (c == '&')
                g_string_append(out, "&-");
            else
                g_string_append_c(out, (char)c);
            p++;
            continue;
        }
        /* A run of other characters: UTF-16BE in base64 with ',' for '/'. */
        const char *end = p;
        while (*end && !((guchar)*end >= 0x20 && (guchar)*end <= 0x7e))
            end = g_utf8_next_char(end);
        glong units = 0;
        gunichar2 *u16 = g_utf8_to_utf16(p, end - p, NULL, &units, NULL);
        g_string_append_c(out, '&');
        guint32 bits = 0;
        int nbits = 0;
        for (glong i = 0; u16 && i < units; i++) {
            for (int k = 1; k >= 0; k--) {
                bits = bits << 8 | ((u16[i] >> (8 * k)) & 0xff);
                nbits += 8;
                while (nbits >= 6) {
                    nbits -= 6;
                    g_string_append_c(out, b64[(bits >> nbits) & 0x3f]);
                }
            }
        }
        if (nbits)
            g_string_append_c(out, b64[(bits << (6 - nbits)) & 0x3f]);
        g_string_append_c(out, '-');
        g_free(u16);
        p = end;
    }
    return g_string_free(out, FALSE);
}

char *pl_imap_utf7_decode(const char *name)
{
    g_return_val_if_fail(name != NULL, NULL);
    GString *out = g_string_new(NULL);
    for (const char *p = name; *p;) {
        if ((guchar)*p >= 0x80)
            goto bad;
        if (*p != '&') {
            g_string_append_c(out, *p++);
            continue;
        }
        p++;
        if (*p == '-') {
            g_string_append_c(out, '&');
            p++;
            continue;
        }
        GArray *u16 = g_array_new(FALSE, FALSE, sizeof(gunichar2));
        guint32 bits = 0;
        int nbits = 0;
        for (; *p && *p != '-'; p++) {
            const char *k = strchr(b64, *p);
            if (!k || !*p) {
                g_array_free(u16, TRUE);
                goto bad;
            }
            bits = bits << 6 | (guint32)(k - b64);
            nbits += 6;
            if (nbits >= 16) {
                nbits -= 16;
                gunichar2 u = (gunichar2)((bits >> nbits) & 0xffff);
                g_array_append_val(u16, u);
            }
        }
        char *s = *p == '-' && u16->len
                      ? g_utf16_to_utf8((gunichar2 *)u16->data, u16->len, NULL, NULL, NULL)
                      : NULL;
        g_array_free(u16, TRUE);
        if (!s)
            goto bad;
        g_string_append(out, s);
        g_free(s);
        p++;
    }
    return g_string_free(out, FALSE);
bad:
    g_string_free(out, TRUE);
    return NULL;
}
