/* log.h — logging by hand (calls, meetings, notes), the open items and
 * personal facts that hang off them, and resolving what a user names
 * ("jane@x.example", "+44 20 7946 0000", "Jane Doe", "acme.example") to a
 * contact. Internal to libparley and its CLI; see docs/commands.md.
 */
#ifndef PARLEY_LOG_H
#define PARLEY_LOG_H

#include "store.h"

G_BEGIN_DECLS

/* ------------------------------------------------------------- targets */

typedef enum {
    PL_TARGET_ADDRESS = 0, /* has an @ */
    PL_TARGET_PHONE,       /* digits, spaces, + - ( ) . / or tel: */
    PL_TARGET_DOMAIN,      /* one word with a dot and an alphabetic top label */
    PL_TARGET_NAME,        /* anything else: a person's or organisation's name */
} pl_target_form;

/* How a target text reads; pure, no store access. */
pl_target_form pl_target_form_of(const char *text);

typedef struct {
    pl_target_ids ids; /* identity_id 0 for an address/number not seen before */
    int kind;          /* pl_identity_kind of value, -1 when value is NULL */
    char *value;       /* the identity an event is with; NULL for an organisation
                          as a whole (only when no identity was required) */
    char *name;        /* person's name, else the identity's display name */
    char *org;         /* organisation's name */
    gboolean is_new;   /* value was not in the store */
} pl_target;

/* Resolves text to one contact. need_identity: it must come down to one
 * identity (an event needs a participant); otherwise an organisation as a
 * whole will do. Unknown → PL_ERR_NOTFOUND; several matches → PL_ERR_USAGE;
 * both messages list the candidates or say what to give instead. Writes
 * nothing. */
gboolean pl_target_resolve(pl_store *st, const char *text, gboolean need_identity, pl_target *out,
                           GError **err);
/* What `parley open TARGET` and `facts TARGET` list: the ids of the contact
 * text names — a person's (and their identities') items alone, an
 * organisation's together with its people's. Errors as pl_target_resolve;
 * a target nothing is recorded about yet is PL_ERR_NOTFOUND. */
gboolean pl_target_about(pl_store *st, const char *text, pl_target_ids *ids, GError **err);
/* Creates the identity of an is_new target (for facts and items about an
 * address never seen in any event). */
gboolean pl_target_ensure(pl_store *st, pl_target *t, GError **err);
/* The e-mail address to write to: the target's own, else the most recently
 * used one of its person. NULL with PL_ERR_NOTFOUND when there is none. */
char *pl_target_email(pl_store *st, const pl_target *t, GError **err);
/* "Jane Doe <jane@x.example>", "Acme Ltd", "+4420..." */
char *pl_target_label(const pl_target *t);
void pl_target_clear(pl_target *t);

/* --------------------------------------------------------------- dates */

/* A point in time a user typed, in the local time zone ($TZ): YYYY-MM-DD,
 * "YYYY-MM-DD HH:MM", ISO 8601 with a zone, now, today, tomorrow,
 * yesterday, a weekday name (the next one when forward, else the last
 * one), or a span "3d" / "2w" / "4h" (ahead when forward, else back);
 * keywords and weekdays take an optional " HH:MM". *has_time tells whether
 * a clock time was given (may be NULL). */
gboolean pl_when_parse(const char *s, gint64 now, gboolean forward, gint64 *out, gboolean *has_time,
                       GError **err);

/* ----------------------------------------------------------------- log */

typedef struct {
    char *text;
    gint64 due_ts;         /* 0 = none */
    gboolean due_has_time; /* a clock time was given (pl_when_parse); else a day */
} pl_log_followup;

typedef struct {
    pl_channel channel; /* PL_CH_CALL, PL_CH_MEETING or PL_CH_NOTE */
    const char *target;
    gint64 ts;         /* 0 = now */
    gint64 duration_s; /* calls and meetings */
    const char *note;
    const char *uuid;  /* NULL = a new one; the same uuid again adds nothing */
    GArray *followups; /* pl_log_followup, may be NULL */
    GPtrArray *facts;  /* char*, may be NULL; "kind: text" or plain text */
} pl_log_request;

typedef struct {
    char *source_key; /* "log:<uuid>" */
    gint64 event_id;
    gboolean duplicate; /* this uuid was logged before: nothing added */
    GArray *item_ids;   /* gint64, one per follow-up */
    pl_target target;
} pl_log_result;

/* Records a call, meeting or note as an event (me → target) through the
 * ingest write path, with its follow-ups as open items and its facts. */
gboolean pl_log_event(pl_store *st, const pl_config *cfg, const pl_log_request *req,
                      pl_log_result *res, GError **err);
void pl_log_result_clear(pl_log_result *res);

/* ----------------------------------------------------- items and facts */

/* Closes an item as "done" or "dismissed" by me (or the user name). A
 * closed item stays closed: *was_open is FALSE and nothing changes. */
gboolean pl_item_close(pl_store *st, const pl_config *cfg, gint64 id, const char *status,
                       gboolean *was_open, GError **err);

/* Splits "family: two kids, Tom and Mia" into a known kind and the text;
 * without a known "kind:" prefix the kind is "personal". Returns the kind
 * (static) and sets *text to the rest (into s). */
const char *pl_fact_split(const char *s, const char **text);
gboolean pl_fact_add(pl_store *st, const char *target, const char *fact, gint64 source_event_id,
                     gint64 *id, GError **err);

G_END_DECLS

#endif
