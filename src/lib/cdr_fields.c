/* cdr_fields.c — the vocabulary of call records: field names and their
 * aliases, column maps (--map), and the outcome words of each switch
 * (Asterisk dispositions, Q.850 cause names, Twilio statuses). */
#include "cdr.h"

#include <stdlib.h>
#include <string.h>

const char *const cdr_outcome_names[] = {"ANSWERED", "NO ANSWER",  "BUSY",
                                         "FAILED",   "CONGESTION", "CANCELED"};

/* Canonical names first (the Asterisk column names), then aliases used by
 * other exporters and by people writing a --map. Compared after
 * normalisation: lower case, no spaces, '_' or '-'. */
static const struct {
    const char *name;
    cdr_field f;
} field_names[] = {
    {"accountcode", F_ACCOUNT},
    {"src", F_SRC},
    {"dst", F_DST},
    {"dcontext", F_DCONTEXT},
    {"clid", F_CLID},
    {"channel", F_CHANNEL},
    {"dstchannel", F_DSTCHANNEL},
    {"lastapp", F_LASTAPP},
    {"lastdata", F_LASTDATA},
    {"start", F_START},
    {"answer", F_ANSWER},
    {"end", F_END},
    {"duration", F_DURATION},
    {"billsec", F_BILLSEC},
    {"disposition", F_DISPOSITION},
    {"amaflags", F_AMAFLAGS},
    {"uniqueid", F_UNIQUEID},
    {"userfield", F_USERFIELD},
    {"peeraccount", F_PEERACCOUNT},
    {"linkedid", F_LINKEDID},
    {"sequence", F_SEQUENCE},
    {"name", F_NAME},
    {"number", F_NUMBER},
    {"bleguuid", F_BLEG},
    {"direction", F_DIRECTION},
    {"answeredby", F_ANSWERED_BY},
    {"agent", F_AGENT},
    /* aliases */
    {"account", F_ACCOUNT},
    {"line", F_ACCOUNT},
    {"trunk", F_ACCOUNT},
    {"from", F_SRC},
    {"caller", F_SRC},
    {"callernumber", F_SRC},
    {"calleridnumber", F_SRC},
    {"source", F_SRC},
    {"to", F_DST},
    {"callee", F_DST},
    {"destination", F_DST},
    {"destinationnumber", F_DST},
    {"called", F_DST},
    {"context", F_DCONTEXT},
    {"callerid", F_CLID},
    {"app", F_LASTAPP},
    {"lastapplication", F_LASTAPP},
    {"startstamp", F_START},
    {"starttime", F_START},
    {"date", F_START},
    {"datetime", F_START},
    {"calldate", F_START},
    {"answerstamp", F_ANSWER},
    {"answertime", F_ANSWER},
    {"endstamp", F_END},
    {"endtime", F_END},
    {"seconds", F_BILLSEC},
    {"talk", F_BILLSEC},
    {"talktime", F_BILLSEC},
    {"talkseconds", F_BILLSEC},
    {"outcome", F_DISPOSITION},
    {"status", F_DISPOSITION},
    {"result", F_DISPOSITION},
    {"hangupcause", F_DISPOSITION},
    {"id", F_UNIQUEID},
    {"uuid", F_UNIQUEID},
    {"sid", F_UNIQUEID},
    {"callsid", F_UNIQUEID},
    {"callid", F_LINKEDID},
    {"call", F_LINKEDID},
    {"parentcallsid", F_LINKEDID},
    {"parentsid", F_LINKEDID},
    {"bleg", F_BLEG},
    {"callername", F_NAME},
    {"calleridname", F_NAME},
    {"extension", F_AGENT},
    {NULL, 0},
};

static char *normalise_name(const char *s)
{
    GString *g = g_string_new(NULL);
    for (; *s; s++)
        if (*s != ' ' && *s != '_' && *s != '-' && *s != '"')
            g_string_append_c(g, g_ascii_tolower(*s));
    return g_string_free(g, FALSE);
}

int cdr_field_by_name(const char *name)
{
    char *n = normalise_name(name);
    int f = -1;
    for (int i = 0; field_names[i].name && f < 0; i++)
        if (strcmp(n, field_names[i].name) == 0)
            f = field_names[i].f;
    g_free(n);
    return f;
}

void cdr_layout_init(cdr_layout *lay)
{
    for (int i = 0; i < F__COUNT; i++)
        lay->col[i] = -1;
    lay->ncols = 0;
    lay->variant = NULL;
}

void cdr_layout_from_header(cdr_layout *lay, char **header, int n)
{
    for (int i = 0; i < n; i++) {
        int f = cdr_field_by_name(header[i]);
        if (f >= 0 && lay->col[f] < 0)
            lay->col[f] = i;
    }
}

static int header_index(char **header, int n, const char *name)
{
    char *want = normalise_name(name);
    int hit = -1;
    for (int i = 0; i < n && hit < 0; i++) {
        char *h = normalise_name(header[i]);
        if (strcmp(h, want) == 0)
            hit = i;
        g_free(h);
    }
    g_free(want);
    return hit;
}

gboolean cdr_layout_apply_map(cdr_layout *lay, const char *map, char **header, int n, char **why)
{
    char **items = g_strsplit(map, ",", -1);
    gboolean ordered = !strchr(map, '=');
    gboolean ok = TRUE;
    int pos = 0;
    for (char **it = items; ok && *it; it++, pos++) {
        char *item = g_strstrip(*it);
        if (!*item)
            continue;
        char *eq = strchr(item, '=');
        char *fname = ordered ? item : g_strndup(item, eq ? (gsize)(eq - item) : strlen(item));
        g_strstrip(fname);
        int f = cdr_field_by_name(fname);
        if (ordered && (strcmp(fname, "-") == 0 || g_ascii_strcasecmp(fname, "skip") == 0)) {
            /* a column to ignore */
        } else if (f < 0) {
            *why = g_strdup_printf("--map: unknown field \"%s\" (fields: start, answer, end, "
                                   "from, to, seconds, duration, outcome, clid, name, id, call, "
                                   "context, app, line, agent, ...)",
                                   fname);
            ok = FALSE;
        } else if (ordered) {
            lay->col[f] = pos;
        } else if (!eq) {
            *why = g_strdup_printf("--map: \"%s\" needs =COLUMN", item);
            ok = FALSE;
        } else {
            const char *colname = g_strstrip(eq + 1);
            char *end = NULL;
            long num = strtol(colname, &end, 10);
            int col = -1;
            if (header)
                col = header_index(header, n, colname);
            if (col < 0 && *colname && end && !*end && num >= 1)
                col = (int)num - 1;
            if (col < 0) {
                *why = g_strdup_printf("--map: no column \"%s\"%s", colname,
                                       header ? " in the header" : " (give a column number)");
                ok = FALSE;
            } else {
                lay->col[f] = col;
            }
        }
        if (!ordered)
            g_free(fname);
    }
    if (ok && ordered)
        lay->ncols = pos;
    g_strfreev(items);
    return ok;
}

/* ------------------------------------------------------------ outcomes */

/* Q.850 cause names as FreeSWITCH writes them, grouped by what they mean
 * for a call nobody answered. Anything else in the table is a failure. */
static const char *const q850_no_answer[] = {"NO_ANSWER",
                                             "NO_USER_RESPONSE",
                                             "ALLOTTED_TIMEOUT",
                                             "PROGRESS_TIMEOUT",
                                             "NORMAL_CLEARING",
                                             "SUBSCRIBER_ABSENT",
                                             "PICKED_OFF",
                                             "LOSE_RACE",
                                             "MANAGER_REQUEST",
                                             "SUCCESS",
                                             "NORMAL_UNSPECIFIED",
                                             "UNSPECIFIED",
                                             "CALL_AWARDED_DELIVERED",
                                             "BLIND_TRANSFER",
                                             "ATTENDED_TRANSFER",
                                             NULL};
static const char *const q850_busy[] = {"USER_BUSY", "CALL_REJECTED", NULL};
static const char *const q850_congestion[] = {"NORMAL_CIRCUIT_CONGESTION", "SWITCH_CONGESTION",
                                              "REQUESTED_CHAN_UNAVAIL", NULL};
static const char *const q850_failed[] = {"UNALLOCATED_NUMBER",
                                          "NO_ROUTE_TRANSIT_NET",
                                          "NO_ROUTE_DESTINATION",
                                          "CHANNEL_UNACCEPTABLE",
                                          "NUMBER_CHANGED",
                                          "REDIRECTION_TO_NEW_DESTINATION",
                                          "EXCHANGE_ROUTING_ERROR",
                                          "DESTINATION_OUT_OF_ORDER",
                                          "INVALID_NUMBER_FORMAT",
                                          "FACILITY_REJECTED",
                                          "RESPONSE_TO_STATUS_ENQUIRY",
                                          "NETWORK_OUT_OF_ORDER",
                                          "NORMAL_TEMPORARY_FAILURE",
                                          "ACCESS_INFO_DISCARDED",
                                          "PRE_EMPTED",
                                          "FACILITY_NOT_SUBSCRIBED",
                                          "OUTGOING_CALL_BARRED",
                                          "INCOMING_CALL_BARRED",
                                          "BEARERCAPABILITY_NOTAUTH",
                                          "BEARERCAPABILITY_NOTAVAIL",
                                          "SERVICE_UNAVAILABLE",
                                          "BEARERCAPABILITY_NOTIMPL",
                                          "CHAN_NOT_IMPLEMENTED",
                                          "FACILITY_NOT_IMPLEMENTED",
                                          "SERVICE_NOT_IMPLEMENTED",
                                          "INVALID_CALL_REFERENCE",
                                          "INCOMPATIBLE_DESTINATION",
                                          "INVALID_MSG_UNSPECIFIED",
                                          "MANDATORY_IE_MISSING",
                                          "MESSAGE_TYPE_NONEXIST",
                                          "WRONG_MESSAGE",
                                          "IE_NONEXIST",
                                          "INVALID_IE_CONTENTS",
                                          "WRONG_CALL_STATE",
                                          "RECOVERY_ON_TIMER_EXPIRE",
                                          "MANDATORY_IE_LENGTH_ERROR",
                                          "PROTOCOL_ERROR",
                                          "INTERWORKING",
                                          "CRASH",
                                          "SYSTEM_SHUTDOWN",
                                          "USER_CHALLENGE",
                                          "MEDIA_TIMEOUT",
                                          "USER_NOT_REGISTERED",
                                          "GATEWAY_DOWN",
                                          "INVALID_GATEWAY",
                                          "INVALID_PROFILE",
                                          "UNALLOCATED",
                                          "MANDATORY_IE_LENGTH",
                                          NULL};

static gboolean in_words(const char *w, const char *const *list)
{
    for (; *list; list++)
        if (g_ascii_strcasecmp(w, *list) == 0)
            return TRUE;
    return FALSE;
}

gboolean cdr_outcome_parse(const char *word, gboolean answered, cdr_outcome *out)
{
    /* Called for every record: a copy on the stack when it fits. */
    char stack[64];
    gsize len = strlen(word ? word : "");
    char *w = len < sizeof stack ? memcpy(stack, word ? word : "", len + 1) : g_strdup(word);
    g_strstrip(w);
    gboolean ok = TRUE;
    /* Asterisk dispositions and Twilio statuses (and their obvious spellings). */
    static const struct {
        const char *w;
        cdr_outcome o;
    } words[] = {
        {"ANSWERED", OUT_ANSWERED},   {"ANSWER", OUT_ANSWERED},     {"COMPLETED", OUT_ANSWERED},
        {"CONNECTED", OUT_ANSWERED},  {"NO ANSWER", OUT_NO_ANSWER}, {"NOANSWER", OUT_NO_ANSWER},
        {"NO-ANSWER", OUT_NO_ANSWER}, {"MISSED", OUT_NO_ANSWER},    {"UNANSWERED", OUT_NO_ANSWER},
        {"BUSY", OUT_BUSY},           {"FAILED", OUT_FAILED},       {"CONGESTION", OUT_CONGESTION},
        {"CANCELED", OUT_CANCELED},   {"CANCELLED", OUT_CANCELED},  {NULL, 0},
    };
    int i = 0;
    for (; words[i].w; i++)
        if (g_ascii_strcasecmp(w, words[i].w) == 0)
            break;
    char *num_end = NULL;
    long cause = strtol(w, &num_end, 10);
    if (words[i].w) {
        *out = words[i].o;
    } else if (answered && (in_words(w, q850_no_answer) || in_words(w, q850_busy) ||
                            in_words(w, q850_congestion) || in_words(w, q850_failed) ||
                            g_ascii_strcasecmp(w, "ORIGINATOR_CANCEL") == 0)) {
        *out = OUT_ANSWERED; /* answered, then ended for whatever reason */
    } else if (in_words(w, q850_no_answer)) {
        *out = OUT_NO_ANSWER;
    } else if (in_words(w, q850_busy)) {
        *out = OUT_BUSY;
    } else if (in_words(w, q850_congestion)) {
        *out = OUT_CONGESTION;
    } else if (g_ascii_strcasecmp(w, "ORIGINATOR_CANCEL") == 0) {
        *out = OUT_CANCELED;
    } else if (in_words(w, q850_failed)) {
        *out = OUT_FAILED;
    } else if (*w && num_end && !*num_end && cause >= 1 && cause <= 127) {
        /* a numeric Q.850 cause: 16 normal clearing, 17 busy, 18/19 no answer, 34/42 congestion */
        *out = answered                                    ? OUT_ANSWERED
               : cause == 17                               ? OUT_BUSY
               : cause == 16 || cause == 18 || cause == 19 ? OUT_NO_ANSWER
               : cause == 34 || cause == 42                ? OUT_CONGESTION
                                                           : OUT_FAILED;
    } else {
        ok = FALSE;
    }
    if (w != stack)
        g_free(w);
    return ok;
}

gboolean cdr_layout_use_map(cdr_layout *lay, const char *map, int n, char **why)
{
    lay->variant = "--map";
    lay->ncols = 0;
    if (!cdr_layout_apply_map(lay, map, NULL, n, why))
        return FALSE;
    if (lay->ncols == 0)
        lay->ncols = n;
    return TRUE;
}
