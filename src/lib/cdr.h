/* cdr.h — what the call-record readers share (not public).
 *
 * cdr.c owns everything common: reading files with libcsv (line numbers, BOM,
 * CRLF), dates, numbers, leg merging, the event and the call record. A format
 * (cdr_asterisk.c, cdr_freeswitch.c, cdr_twilio.c, cdr_csv.c) only says which
 * column holds which field and what its outcome words mean.
 */
#ifndef PARLEY_CDR_H
#define PARLEY_CDR_H

#include "ingest.h"

/* What a column can hold. Names (cdr_field_names) are the Asterisk ones
 * where Asterisk has the field. */
typedef enum {
    F_ACCOUNT = 0, /* accountcode: line / account the call is billed to */
    F_SRC,         /* caller number */
    F_DST,         /* called number */
    F_DCONTEXT,    /* dialplan context */
    F_CLID,        /* "Name" <number> */
    F_CHANNEL,
    F_DSTCHANNEL,
    F_LASTAPP,
    F_LASTDATA,
    F_START,
    F_ANSWER,
    F_END,
    F_DURATION, /* start to end, seconds */
    F_BILLSEC,  /* answer to end (talk time), seconds */
    F_DISPOSITION,
    F_AMAFLAGS,
    F_UNIQUEID, /* this leg's id (uniqueid, uuid, sid) */
    F_USERFIELD,
    F_PEERACCOUNT,
    F_LINKEDID, /* the call's id shared by its legs (linkedid, parent sid) */
    F_SEQUENCE,
    F_NAME,      /* caller ID name, when apart from the number */
    F_NUMBER,    /* caller ID number, when apart from src */
    F_BLEG,      /* FreeSWITCH: the other leg's uuid */
    F_DIRECTION, /* Twilio: inbound / outbound-api / outbound-dial */
    F_ANSWERED_BY,
    F_AGENT,
    F__COUNT
} cdr_field;

typedef enum {
    OUT_ANSWERED = 0,
    OUT_NO_ANSWER,
    OUT_BUSY,
    OUT_FAILED,
    OUT_CONGESTION,
    OUT_CANCELED,
} cdr_outcome;

extern const char *const cdr_outcome_names[];

/* Which column holds each field (-1 = none), and how many columns a row
 * must have (0 = any). */
typedef struct {
    int col[F__COUNT];
    int ncols;
    const char *variant; /* for messages: "stock 18 columns", ... */
} cdr_layout;

/* One record, as read: strings point into the row (valid for one row). */
typedef struct {
    const char *f[F__COUNT];   /* "" when the layout has no such column */
    gint64 start, answer, end; /* UTC; 0 = absent */
    gint64 duration, billsec;  /* -1 = absent */
    cdr_outcome outcome;
    int answered_by;   /* -1 unknown, 0 machine, 1 person (Twilio answered_by) */
    int direction;     /* pl_direction the record states itself, or PL_DIR_UNKNOWN */
    const char *cause; /* hangup cause / status as written, or NULL */
} cdr_leg;

typedef struct cdr_format {
    const char *name;
    gboolean has_header; /* the first row names the columns */
    /* Chooses the layout from the first row (the header when has_header) and
     * the user's map; FALSE with *why set (g_strdup'ed) when it cannot. */
    gboolean (*layout)(cdr_layout *lay, char **row, int n, const char *map, char **why);
    /* Sets leg->outcome (and answered_by, direction) from the fields; FALSE
     * with *why (a static string) when a word is not understood. */
    gboolean (*interpret)(cdr_leg *leg, const char **why);
} cdr_format;

extern const cdr_format cdr_format_asterisk, cdr_format_freeswitch, cdr_format_twilio,
    cdr_format_csv;

/* Field by name or alias ("src", "from", "caller" ...); -1 if unknown. */
int cdr_field_by_name(const char *name);
void cdr_layout_init(cdr_layout *lay);
/* Applies a map "field=COLUMN,..." where COLUMN is a header name (when
 * header is given) or a 1-based column number; or, without '=', the fields
 * in column order. FALSE with *why on an unknown field or column. */
gboolean cdr_layout_apply_map(cdr_layout *lay, const char *map, char **header, int n, char **why);
/* A --map on a header-less file replaces the detected layout wholesale. */
gboolean cdr_layout_use_map(cdr_layout *lay, const char *map, int n, char **why);
/* Maps every header cell whose (normalised) name is a known field. */
void cdr_layout_from_header(cdr_layout *lay, char **header, int n);

/* Outcome words of every switch: Asterisk dispositions, Q.850 cause names
 * (FreeSWITCH), Twilio statuses. answered: the leg has an answer time or
 * talk time. FALSE when the word is unknown. */
gboolean cdr_outcome_parse(const char *word, gboolean answered, cdr_outcome *out);

/* Local times of a switch to UTC, with the zone's offset cached per hour
 * (a CDR file is millions of rows from a handful of hours' offsets). */
typedef struct {
    GTimeZone *tz;
    gboolean utc;
    gint64 cache_hour;
    gint32 cache_offset;
} cdr_clock;

/* zone: a tz database name ("Europe/Berlin"), "UTC" or NULL (= UTC).
 * FALSE when the zone is unknown. */
gboolean cdr_clock_init(cdr_clock *c, const char *zone);
void cdr_clock_clear(cdr_clock *c);
/* Parses "2024-01-27 15:07:24", "2020/2/10 22:41", ISO 8601 with or without
 * T / fraction / zone, RFC 2822 ("Tue, 10 Jan 2023 18:20:56 +0000") and
 * epoch seconds. Zone-less times are local to the clock. Returns UTC
 * seconds, 0 for an empty string, -1 when it is not a time (or outside
 * 1971-2100). */
gint64 cdr_parse_time(cdr_clock *c, const char *s);
/* The same for a local time already in numbers (cdr_parse_time of
 * "YYYY-MM-DD HH:MM:SS"): UTC seconds, -1 outside 1971-2100 or not a date. */
gint64 cdr_local_time(cdr_clock *c, int y, int mo, int d, int h, int mi, int s);
/* A whole number of seconds >= 0 ("12", "12.5" -> 12); -1 for "", -2 when
 * negative, -3 when not a number. */
gint64 cdr_parse_seconds(const char *s);

#endif
