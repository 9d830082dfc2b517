/* cdr_twilio.c — Twilio call logs (CSV export of the Calls resource):
 * columns by header name, in any order: sid, parent_call_sid, from, to,
 * status, direction, start_time, end_time, duration, answered_by,
 * caller_name, ... (spelling drifts such as "Call Sid" or "StartTime" are
 * matched too). A child leg (parent_call_sid set: the <Dial>ed agent) joins
 * its parent's call. duration is the connected time, so it is the talk
 * time. Times carry their zone (RFC 2822 or ISO 8601), else are UTC. */
#include "cdr.h"

#include <string.h>

static gboolean twilio_layout(cdr_layout *lay, char **row, int n, const char *map, char **why)
{
    cdr_layout_init(lay);
    cdr_layout_from_header(lay, row, n);
    /* Twilio's duration is the billed, connected time: talk seconds. */
    if (lay->col[F_DURATION] >= 0 && lay->col[F_BILLSEC] < 0) {
        lay->col[F_BILLSEC] = lay->col[F_DURATION];
        lay->col[F_DURATION] = -1;
    }
    if (map && !cdr_layout_apply_map(lay, map, row, n, why))
        return FALSE;
    lay->ncols = n;
    lay->variant = "header";
    if (lay->col[F_START] < 0 || lay->col[F_DISPOSITION] < 0 ||
        (lay->col[F_SRC] < 0 && lay->col[F_DST] < 0)) {
        *why = g_strdup("not a Twilio call log: the header needs start_time, status, from and to");
        return FALSE;
    }
    return TRUE;
}

static gboolean twilio_interpret(cdr_leg *leg, const char **why)
{
    const char *status = leg->f[F_DISPOSITION];
    if (g_ascii_strcasecmp(status, "queued") == 0 || g_ascii_strcasecmp(status, "ringing") == 0 ||
        g_ascii_strcasecmp(status, "in-progress") == 0 ||
        g_ascii_strcasecmp(status, "initiated") == 0) {
        *why = "call not finished yet (status queued, ringing or in-progress)";
        return FALSE;
    }
    if (!cdr_outcome_parse(status, leg->billsec > 0, &leg->outcome)) {
        *why = "unknown status (expected completed, busy, failed, no-answer or canceled)";
        return FALSE;
    }
    leg->cause = status;
    const char *by = leg->f[F_ANSWERED_BY];
    if (g_str_has_prefix(by, "machine") || strcmp(by, "fax") == 0)
        leg->answered_by = 0;
    else if (strcmp(by, "human") == 0)
        leg->answered_by = 1;
    const char *d = leg->f[F_DIRECTION];
    if (g_str_has_prefix(d, "inbound"))
        leg->direction = PL_DIR_IN;
    else if (g_str_has_prefix(d, "outbound"))
        leg->direction = PL_DIR_OUT;
    return TRUE;
}

const cdr_format cdr_format_twilio = {"twilio", TRUE, twilio_layout, twilio_interpret};
