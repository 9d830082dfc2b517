/* cdr_csv.c — any CSV of calls with a header row: columns found by name
 * (start, from, to, seconds, ... and their aliases, see cdr_fields.c) and
 * by --map "start=Date,from=Caller,to=Callee,seconds=Talk". Needs at least a
 * start time and a caller or callee. The outcome column is optional: without
 * one a call with talk time was answered, one without was not. */
#include "cdr.h"

static gboolean csv_layout(cdr_layout *lay, char **row, int n, const char *map, char **why)
{
    cdr_layout_init(lay);
    cdr_layout_from_header(lay, row, n);
    if (map && !cdr_layout_apply_map(lay, map, row, n, why))
        return FALSE;
    lay->ncols = n;
    lay->variant = "header";
    if ((lay->col[F_START] < 0 && lay->col[F_ANSWER] < 0) ||
        (lay->col[F_SRC] < 0 && lay->col[F_DST] < 0 && lay->col[F_CLID] < 0)) {
        *why = g_strdup("the header has no start time or no caller/callee column: name them "
                        "with --map start=COLUMN,from=COLUMN,to=COLUMN,seconds=COLUMN");
        return FALSE;
    }
    return TRUE;
}

static gboolean csv_interpret(cdr_leg *leg, const char **why)
{
    gboolean answered = leg->answer > 0 || leg->billsec > 0;
    const char *o = leg->f[F_DISPOSITION];
    if (!*o) {
        leg->outcome = answered ? OUT_ANSWERED : OUT_NO_ANSWER;
        return TRUE;
    }
    if (!cdr_outcome_parse(o, answered, &leg->outcome)) {
        *why = "unknown outcome (expected ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION, "
               "CANCELED, a Twilio status or a Q.850 cause)";
        return FALSE;
    }
    leg->cause = o;
    const char *by = leg->f[F_ANSWERED_BY];
    if (g_str_has_prefix(by, "machine") || g_ascii_strcasecmp(by, "voicemail") == 0 ||
        g_ascii_strcasecmp(by, "ivr") == 0)
        leg->answered_by = 0;
    else if (g_ascii_strcasecmp(by, "human") == 0)
        leg->answered_by = 1;
    const char *d = leg->f[F_DIRECTION];
    if (g_ascii_strncasecmp(d, "internal", 8) == 0)
        leg->direction = PL_DIR_INTERNAL;
    else if (g_ascii_strncasecmp(d, "in", 2) == 0)
        leg->direction = PL_DIR_IN;
    else if (g_ascii_strncasecmp(d, "out", 3) == 0)
        leg->direction = PL_DIR_OUT;
    return TRUE;
}

const cdr_format cdr_format_csv = {"csv", TRUE, csv_layout, csv_interpret};
