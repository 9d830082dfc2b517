/* cdr_freeswitch.c — FreeSWITCH mod_cdr_csv, the templates of its stock
 * cdr_csv.conf.xml, told apart by column count:
 *   15 "example": caller_id_name, caller_id_number, destination_number,
 *      context, start_stamp, answer_stamp, end_stamp, duration, billsec,
 *      hangup_cause, uuid, bleg_uuid, accountcode, read_codec, write_codec
 *   17 "snom" / "linksys": the same + sip_user_agent, call-info / rtp stats
 *   18 "asterisk": Asterisk's 18 cdr_csv columns, hangup_cause as disposition
 *   13 "opencdrrate": uuid, signal_bond, direction, ani, destination_number,
 *      answer_stamp, end_stamp, billsec, accountcode, userfield,
 *      network_addr, caller name, sip_gateway_name (no start: answer or
 *      end - billsec stands in)
 * Hangup causes are Q.850 names. Times are local ([calls] timezone); a file
 * re-saved by a spreadsheet ("2020/2/10 22:41", quotes gone) reads the same.
 * Legs: the A leg names its B leg in bleg_uuid (signal_bond), so both
 * become one call. */
#include "cdr.h"

static const cdr_field example[] = {F_NAME,     F_SRC,  F_DST,      F_DCONTEXT, F_START,
                                    F_ANSWER,   F_END,  F_DURATION, F_BILLSEC,  F_DISPOSITION,
                                    F_UNIQUEID, F_BLEG, F_ACCOUNT};
static const cdr_field as_asterisk[] = {
    F_ACCOUNT,    F_SRC,     F_DST,         F_DCONTEXT, F_CLID,     F_CHANNEL,
    F_DSTCHANNEL, F_LASTAPP, F_LASTDATA,    F_START,    F_ANSWER,   F_END,
    F_DURATION,   F_BILLSEC, F_DISPOSITION, F_AMAFLAGS, F_UNIQUEID, F_USERFIELD};
static const int opencdrrate[] = {F_UNIQUEID, F_BLEG, -1,          F_SRC,     F_DST,
                                  F_ANSWER,   F_END,  F_BILLSEC,   F_ACCOUNT, F_USERFIELD,
                                  -1,         F_NAME, F_DSTCHANNEL};

static gboolean fs_layout(cdr_layout *lay, char **row, int n, const char *map, char **why)
{
    cdr_layout_init(lay);
    lay->ncols = n;
    if (map)
        return cdr_layout_use_map(lay, map, n, why);
    if (n == 15 || n == 17) {
        for (int i = 0; i < (int)G_N_ELEMENTS(example); i++)
            lay->col[example[i]] = i;
        lay->variant = n == 15 ? "example template" : "snom/linksys template";
    } else if (n == 18) {
        for (int i = 0; i < n; i++)
            lay->col[as_asterisk[i]] = i;
        lay->variant = "asterisk template";
    } else if (n == 13) {
        for (int i = 0; i < n; i++)
            if (opencdrrate[i] >= 0)
                lay->col[opencdrrate[i]] = i;
        lay->variant = "opencdrrate template";
    } else {
        *why = g_strdup_printf("%d columns is not a stock mod_cdr_csv template (example 15, "
                               "snom/linksys 17, asterisk 18, opencdrrate 13): give the columns "
                               "with --map",
                               n);
        return FALSE;
    }
    (void)row;
    return TRUE;
}

static gboolean fs_interpret(cdr_leg *leg, const char **why)
{
    gboolean answered = leg->answer > 0 || leg->billsec > 0;
    const char *cause = leg->f[F_DISPOSITION];
    if (!*cause) {
        leg->outcome = answered ? OUT_ANSWERED : OUT_NO_ANSWER;
        return TRUE;
    }
    if (!cdr_outcome_parse(cause, answered, &leg->outcome)) {
        *why = "unknown hangup cause (not a Q.850 cause name)";
        return FALSE;
    }
    leg->cause = cause;
    return TRUE;
}

const cdr_format cdr_format_freeswitch = {"freeswitch", FALSE, fs_layout, fs_interpret};
