/* cdr_asterisk.c — Asterisk cdr_csv (Master.csv): no header, the layout
 * told by the column count. Stock: accountcode, src, dst, dcontext, clid,
 * channel, dstchannel, lastapp, lastdata, start, answer, end, duration,
 * billsec, disposition, amaflags (16); + uniqueid (17); + userfield (18);
 * + peeraccount, linkedid, sequence (21). Times are the server's local time
 * ([calls] timezone). A non-stock layout needs --map (field names in column
 * order, or field=N), except one seen in the wild: 19 columns with clid
 * first (clid, src, dst, dcontext, channel, dstchannel, lastapp, lastdata,
 * start, answer, end, duration, billsec, disposition, amaflags,
 * accountcode, uniqueid, userfield, sequence), recognised by its clid. */
#include "cdr.h"

#include <string.h>

static const cdr_field stock[] = {
    F_ACCOUNT,     F_SRC,      F_DST,      F_DCONTEXT,  F_CLID,        F_CHANNEL,  F_DSTCHANNEL,
    F_LASTAPP,     F_LASTDATA, F_START,    F_ANSWER,    F_END,         F_DURATION, F_BILLSEC,
    F_DISPOSITION, F_AMAFLAGS, F_UNIQUEID, F_USERFIELD, F_PEERACCOUNT, F_LINKEDID, F_SEQUENCE};

static const cdr_field clid_first[] = {
    F_CLID,     F_SRC,     F_DST,      F_DCONTEXT,  F_CHANNEL,  F_DSTCHANNEL, F_LASTAPP,
    F_LASTDATA, F_START,   F_ANSWER,   F_END,       F_DURATION, F_BILLSEC,    F_DISPOSITION,
    F_AMAFLAGS, F_ACCOUNT, F_UNIQUEID, F_USERFIELD, F_SEQUENCE};

/* "Name" <number>, <number> or "" <>: the shape of a clid. */
static gboolean looks_like_clid(const char *s)
{
    gsize n = strlen(s);
    return n >= 2 && s[n - 1] == '>' && strchr(s, '<');
}

static gboolean looks_like_date(const char *s)
{
    return strlen(s) >= 10 && g_ascii_isdigit(s[0]) && g_ascii_isdigit(s[3]) &&
           (s[4] == '-' || s[4] == '/');
}

static gboolean asterisk_layout(cdr_layout *lay, char **row, int n, const char *map, char **why)
{
    cdr_layout_init(lay);
    lay->ncols = n;
    if (map)
        return cdr_layout_use_map(lay, map, n, why);
    if (n == 16 || n == 17 || n == 18 || n == 21) {
        for (int i = 0; i < n; i++)
            lay->col[stock[i]] = i;
        lay->variant = n == 16   ? "stock 16 columns"
                       : n == 17 ? "16 + uniqueid"
                       : n == 18 ? "16 + uniqueid, userfield"
                                 : "16 + uniqueid, userfield, peeraccount, linkedid, sequence";
        return TRUE;
    }
    if (n == 19 && (looks_like_clid(row[0]) || !*row[0]) && looks_like_date(row[8])) {
        for (int i = 0; i < n; i++)
            lay->col[clid_first[i]] = i;
        lay->variant = "19 columns, clid first";
        return TRUE;
    }
    *why = g_strdup_printf("%d columns is not a stock cdr_csv layout (16, 17, 18 or 21): give "
                           "the columns with --map, e.g. --map clid,src,dst,...",
                           n);
    return FALSE;
}

static gboolean asterisk_interpret(cdr_leg *leg, const char **why)
{
    gboolean answered = leg->answer > 0 || leg->billsec > 0;
    if (!cdr_outcome_parse(leg->f[F_DISPOSITION], answered, &leg->outcome)) {
        *why = "unknown disposition (expected ANSWERED, NO ANSWER, BUSY, FAILED or CONGESTION)";
        return FALSE;
    }
    leg->cause = leg->f[F_DISPOSITION];
    return TRUE;
}

const cdr_format cdr_format_asterisk = {"asterisk", FALSE, asterisk_layout, asterisk_interpret};
