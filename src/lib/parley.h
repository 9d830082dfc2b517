/* parley.h — the one public header of libparley.
 *
 * libparley turns the traces a business already has (mail, calls, chats, notes)
 * into one model: events between identities, grouped into conversations, with
 * each counterpart classified (customer, vendor, internal, ...). The CLI and any
 * server are thin fronts over this header; nothing here knows about argv, HTTP
 * or terminals. See docs/model.md for the model and its invariants.
 */
#ifndef PARLEY_H
#define PARLEY_H

#include <glib.h>
#include <stdio.h>

G_BEGIN_DECLS

#define PARLEY_ERROR (parley_error_quark())
GQuark parley_error_quark(void);
enum {
    PL_ERR_IO = 1,   /* file or directory could not be read */
    PL_ERR_PARSE,    /* input is not what it claims to be */
    PL_ERR_STORE,    /* database failure */
    PL_ERR_CONFIG,   /* bad or missing configuration */
    PL_ERR_USAGE,    /* caller asked for something impossible */
    PL_ERR_NOTFOUND, /* named thing does not exist */
};

/* ---------------------------------------------------------------- model */

typedef enum {
    PL_CH_EMAIL = 0,
    PL_CH_CALL,
    PL_CH_CHAT,
    PL_CH_NOTE,
    PL_CH_MEETING,
    PL_CH__COUNT
} pl_channel;

/* Direction is relative to "us": the configured me identities and internal
 * domains. OUT = one of us wrote to someone outside; INTERNAL = only us. */
typedef enum { PL_DIR_UNKNOWN = 0, PL_DIR_IN, PL_DIR_OUT, PL_DIR_INTERNAL } pl_direction;

enum pl_event_flag {
    PL_EV_AUTOMATED = 1 << 0,    /* machine-written: never a conversation turn */
    PL_EV_AUTOREPLY = 1 << 1,    /* RFC 3834 auto-reply, out-of-office, ... */
    PL_EV_BULK = 1 << 2,         /* newsletter, notification, marketing */
    PL_EV_DATE_MISSING = 1 << 3, /* no Date header: time is a fallback */
    PL_EV_DATE_BAD = 1 << 4,     /* Date header did not parse: time is a fallback */
    PL_EV_LIST = 1 << 5,         /* arrived through a human mailing list */
    PL_EV_DAMAGED = 1 << 6,      /* parsed with repairs (no body, bad structure) */
    PL_EV_WITHHELD_ID = 1 << 7,  /* call: caller ID withheld */
    PL_EV_HUMAN_ANSWER = 1 << 8, /* call: a person answered */
};

typedef enum {
    PL_ROLE_FROM = 0, /* author / caller / sender */
    PL_ROLE_TO,
    PL_ROLE_CC,
    PL_ROLE_BCC,
    PL_ROLE_REPLY_TO,
    PL_ROLE_LIST, /* a mailing-list address: carries mail, is nobody */
    PL_ROLE__COUNT
} pl_role;

typedef enum { PL_ID_EMAIL = 0, PL_ID_PHONE, PL_ID_HANDLE } pl_identity_kind;

/* Categories a counterpart can have. The order here is only the order of
 * report rows; which category wins for a conversation with several
 * counterparts is pl_category_precedence() (docs/model.md). */
typedef enum {
    PL_CAT_CUSTOMER = 0,
    PL_CAT_PROSPECT,
    PL_CAT_FRONTLINE,
    PL_CAT_PARTNER,
    PL_CAT_VENDOR,
    PL_CAT_SUPPLIER,
    PL_CAT_MANAGER,
    PL_CAT_INTERNAL,
    PL_CAT_PERSONAL,
    PL_CAT_OTHER,
    PL_CAT_UNCLASSIFIED,
    PL_CAT__COUNT
} pl_category;

const char *pl_category_name(pl_category c);
/* Rank of a category when a conversation has several counterparts: lower
 * wins. External categories outrank internal ones, so a thread with a
 * customer and a colleague counts as customer time. */
int pl_category_precedence(pl_category c);
/* TRUE for the categories of our own people (internal, manager, frontline). */
gboolean pl_category_is_ours(pl_category c);
/* Returns -1 when name is not a category. Accepts plurals ("customers"). */
int pl_category_parse(const char *name);
const char *pl_channel_name(pl_channel c);
const char *pl_direction_name(pl_direction d);
const char *pl_role_name(pl_role r);

typedef struct {
    pl_identity_kind kind;
    char *value; /* normalised: lower-case address, E.164 number, handle */
    char *name;  /* display name as seen, UTF-8, may be NULL */
    pl_role role;
} pl_participant;

/* One event of any channel, as an adapter hands it to the store. */
typedef struct {
    pl_channel channel;
    pl_direction direction; /* relative to us: set by the refresh (direction.h) */
    gint64 ts;              /* UTC seconds since the epoch */
    gint64 duration_s;      /* real duration where known (calls), else 0 */
    char *subject;          /* UTF-8 or NULL */
    char *body;             /* UTF-8 text or NULL (metadata-only mode) */
    char *text_own;         /* what the author wrote (no quotes, no signature): the
                               text that is indexed; NULL = index the body */
    guint words;            /* words written in this event (quotes excluded) */
    guint64 bytes;          /* size of the source record */
    char *source_key;       /* idempotency key, unique per distinct event */
    char *message_id;       /* Message-ID without <>, or NULL */
    GPtrArray *refs;        /* char*: References then In-Reply-To, oldest first */
    guint flags;            /* enum pl_event_flag */
    GArray *participants;   /* pl_participant */
    GArray *detected;       /* questions and promises in text_own (pl_detected of
                               detect.h), found by the adapter; NULL = none */
    gboolean detected_done; /* the adapter ran detection (bodies are kept) */
    GPtrArray *sig_numbers; /* char*: E.164 numbers in the author's signature (mail), or NULL */
} pl_event;

pl_event *pl_event_new(pl_channel ch);
void pl_event_free(pl_event *ev);
void pl_event_add_participant(pl_event *ev, pl_identity_kind kind, const char *value,
                              const char *name, pl_role role);
/* The author (role FROM), or NULL. */
const pl_participant *pl_event_author(const pl_event *ev);

/* Appends v (taking ownership) to a GPtrArray of strings unless an equal
 * string is there already, in which case v is freed. */
void pl_strv_add_unique(GPtrArray *a, char *v);

/* --------------------------------------------------------- addresses */

/* Normalise an e-mail address: trims, strips <> and mailto:, unquotes the local
 * part, lower-cases. Returns NULL when it is not an address (no @, empty parts). */
char *pl_address_normalise(const char *addr);
/* Pointer into addr at its domain (after '@'), or NULL. */
const char *pl_address_domain(const char *addr);
/* TRUE for webmail/ISP domains where the domain says nothing about the owner. */
gboolean pl_domain_is_freemail(const char *domain);
/* TRUE when domain equals parent or is a subdomain of it. */
gboolean pl_domain_within(const char *domain, const char *parent);

/* ------------------------------------------------------------- phones */

/* Normalises a phone number to E.164 "+<digits>" (phone.c, docs/config.md):
 * drops spaces, dots, dashes, parentheses, "tel:"/"sip:" and extensions;
 * reads "00" and the country's own international prefix ("011" in NANP);
 * a national number (trunk prefix "0", "1" in NANP, "8" in Russia ...) gets
 * default_country's calling code (ISO 3166 code such as "US", "DE"; NULL =
 * none known). A short number (<= 6 digits) is a PBX extension and comes
 * back as "ext:<digits>". NULL when it is not a number or is ambiguous. */
char *pl_phone_normalise(const char *raw, const char *default_country);
/* Calling code of an ISO 3166 country ("DE" -> 49); 0 when unknown. */
int pl_phone_country_code(const char *iso);
/* TRUE when a normalised number matches an entry of a [calls]
 * internal-numbers list: "1000-1999", "+15551234567", "+1555123*". */
gboolean pl_phone_in_list(GPtrArray *list, const char *number);

/* The signature of a message's text (signature.c): the author's lines after
 * a "-- " separator, else after a closing line ("Best regards,") at the end
 * of what they wrote; never quoted or forwarded text. NULL when none. */
char *pl_signature_block(const char *text);
/* The phone numbers of that signature in E.164, each once, in order: only
 * after a phone label ("Tel:", "Mobile", "M."; never "Fax") or written
 * internationally ("+1 617-555-0100 x23"); dates, IP addresses, versions,
 * order numbers and postal codes are not numbers. default_country reads
 * national numbers (NULL: only international ones). Never NULL. */
GPtrArray *pl_signature_numbers(const char *text, const char *default_country);

/* How a caller ID was presented: with a name, only a number, or withheld. */
typedef enum { PL_PRES_NAMED = 0, PL_PRES_NUMBER_ONLY, PL_PRES_WITHHELD } pl_presentation;
/* Classes a presented caller ID: withheld when the number is empty or a
 * placeholder (Anonymous, Unknown, Restricted, Private, Blocked, <unknown>,
 * 0000, ...); number-only when the name is missing, a placeholder or the
 * number again; named otherwise. */
pl_presentation pl_callerid_presentation(const char *name, const char *number);
gboolean pl_callerid_is_withheld(const char *s);
const char *pl_presentation_name(pl_presentation p);

/* -------------------------------------------------------------- config */

typedef struct {
    char *name;       /* e.g. "customer-time" */
    guint categories; /* bit set of 1<<pl_category */
    double min_share; /* 0..1 */
    gboolean by_time; /* share of estimated time rather than of conversations */
} pl_goal;

typedef struct {
    char *path;                /* file it was read from / will be written to */
    GPtrArray *me;             /* char*: my identities (normalised) */
    GPtrArray *internal;       /* char*: internal domains */
    GPtrArray *freemail_extra; /* char*: more free-mail domains */
    GPtrArray *managers;       /* char*: addresses of my managers */
    GPtrArray *frontline;      /* char*: addresses of front-line colleagues */
    GArray *goals;             /* pl_goal */
    gboolean store_bodies;     /* FALSE = metadata-only mode */
    /* time model (seconds / words per minute), see docs/model.md */
    double read_wpm, write_wpm, read_base_s, write_base_s;
    /* phones and call records ("[phone] and [calls]" in docs/config.md) */
    char *default_country;       /* ISO 3166 code for national numbers, or NULL */
    gboolean signature_numbers;  /* read numbers from mail signatures (default TRUE) */
    char *calls_timezone;        /* zone of local times in CDRs; NULL = UTC */
    GPtrArray *internal_numbers; /* char*: our numbers and extension ranges */
    GPtrArray *ivr_contexts;     /* char*: dialplan contexts of IVRs (lower case) */
    GPtrArray *queue_contexts;   /* char*: dialplan contexts of queues (lower case) */
    /* chats ("[chat]" in docs/config.md) */
    char *chat_timezone;    /* zone of zone-less chat times; NULL = UTC */
    int chat_session_gap_s; /* a quieter gap than this starts a new session */
    /* keywords of briefs ("[topics]" in docs/config.md) */
    char *topics_language;   /* Snowball stemmer name, lower case ("english") */
    char *topics_stop_words; /* file of stop-words replacing the built-in list, or NULL */
} pl_config;

/* Default path: $PARLEY_CONFIG, else $XDG_CONFIG_HOME/parley/parley.conf. */
char *pl_config_default_path(void);
/* Loads path (missing file = defaults, not an error). */
pl_config *pl_config_load(const char *path, GError **err);
gboolean pl_config_save(const pl_config *cfg, GError **err);
void pl_config_free(pl_config *cfg);
gboolean pl_config_is_me(const pl_config *cfg, const char *addr);
gboolean pl_config_is_internal(const pl_config *cfg, const char *addr);

/* --------------------------------------------------------------- store */

typedef struct pl_store pl_store;

/* Default path: $PARLEY_DB, else $XDG_DATA_HOME/parley/parley.db. */
char *pl_store_default_path(void);
/* Opens (creating and migrating) the store named by spec: a file path for
 * SQLite; "postgresql://..." is reserved for the PostgreSQL backend. */
pl_store *pl_store_open(const char *spec, GError **err);
void pl_store_close(pl_store *st);
int pl_store_schema_version(pl_store *st);

/* Per-record problems that do not stop a job: where is "file:line" or
 * "file" (or "file@offset"), reason says what was wrong. */
typedef void (*pl_warn_fn)(const char *where, const char *reason, gpointer user);

/* ------------------------------------------------------------- ingest */

typedef struct {
    guint64 files_total;      /* files found by the walk */
    guint64 files_done;       /* files processed so far (read or skipped) */
    guint64 files_unchanged;  /* skipped without parsing: same size and mtime */
    guint64 files_failed;     /* whole files that could not be read */
    guint64 messages;         /* messages parsed */
    guint64 added;            /* new events */
    guint64 duplicates;       /* already in the store (same source key) */
    guint64 skipped;          /* records not ingested; each was reported */
    guint64 system;           /* chat system lines (joins, parts, notices): left out */
    GHashTable *skip_reasons; /* reason -> count (guint64 in a pointer) */
    double seconds;
} pl_ingest_stats;

typedef struct {
    pl_warn_fn warn;
    gpointer warn_user;
    /* Called now and then during long work (not more than ~10 times/s). */
    void (*progress)(const pl_ingest_stats *s, gpointer user);
    gpointer progress_user;
    gboolean force; /* re-read files even when unchanged */
} pl_ingest_opts;

void pl_ingest_stats_init(pl_ingest_stats *s);
void pl_ingest_stats_clear(pl_ingest_stats *s);

/* Reads mail from paths: Maildir trees (recursive; cur/ and new/), mbox
 * files, folders of .eml files, single message files. Problems with single
 * files or messages are reported through o->warn and counted; FALSE only
 * when nothing could be done (e.g. the store failed). Commits in batches, so
 * an interrupted run keeps what it committed and a re-run resumes. */
gboolean pl_ingest_mail(pl_store *st, const pl_config *cfg, const char *const *paths,
                        const pl_ingest_opts *o, pl_ingest_stats *stats, GError **err);

/* Reads call detail records: format is "asterisk" (cdr_csv Master.csv),
 * "freeswitch" (mod_cdr_csv), "twilio" (call-log CSV) or "csv" (any CSV
 * with a header, columns named by map). map ("start=Date,from=Caller,...",
 * or for header-less files an ordered list of field names or field=N) is
 * needed only for non-stock layouts. Each call (its legs merged) becomes
 * one PL_CH_CALL event plus a call record; bad rows are reported through
 * o->warn as FILE:LINE and counted as skipped. Idempotent on re-import. */
gboolean pl_ingest_cdr(pl_store *st, const pl_config *cfg, const char *format, const char *map,
                       const char *const *paths, const pl_ingest_opts *o, pl_ingest_stats *stats,
                       GError **err);

/* Reads chat logs: format is "jsonl" (docs/chat-jsonl.md), "irc" (ZNC,
 * irssi, weechat channel logs, the date from the file name), "whatsapp"
 * (Android and iOS exports) or "twitter" (an X/Twitter archive's DMs).
 * paths may be folders (read recursively, files in name order). Each
 * message becomes one PL_CH_CHAT event; consecutive messages of a room with
 * gaps under [chat] session-gap-minutes form one conversation (a session).
 * Bad lines are reported as FILE:LINE and skipped; system lines are counted
 * in stats->system. Idempotent. */
gboolean pl_ingest_chat(pl_store *st, const pl_config *cfg, const char *format,
                        const char *const *paths, const pl_ingest_opts *o, pl_ingest_stats *stats,
                        GError **err);

/* --------------------------------------------------------------- sync */

/* One folder of a sync, as it ended. */
typedef struct {
    char *name;          /* the folder, UTF-8 */
    char *location;      /* imap://user@host[:port]/FOLDER: its source (never a password) */
    guint64 uidvalidity; /* the server's UIDVALIDITY */
    guint64 last_uid;    /* high-water mark: every UID up to it is done */
    guint64 to_fetch;    /* new UIDs found on the server this run */
    guint64 fetched;     /* messages received and parsed */
    guint64 added, duplicates, skipped;
    gboolean rescanned; /* UIDVALIDITY changed: the whole folder was read again */
    char *error;        /* why the folder did not finish, or NULL */
} pl_sync_folder;

typedef struct {
    GArray *folders;        /* pl_sync_folder, in the order synced */
    pl_ingest_stats totals; /* files_total / files_done: messages to fetch / done so far;
                               messages: fetched; added, duplicates, skipped */
    guint failed;           /* folders with an error */
} pl_sync_result;

typedef struct {
    const char *const *folders; /* folders besides the URL's path; none at all = every folder */
    pl_ingest_opts ingest;      /* warn: per message (location;UID=n) and notices; progress */
} pl_sync_opts;

void pl_sync_result_init(pl_sync_result *r);
void pl_sync_result_clear(pl_sync_result *r);
/* The folder being synced (for progress lines), or NULL. */
const pl_sync_folder *pl_sync_current(const pl_sync_result *r);

/* Fetches new mail from an IMAP server (imap_sync.c): url is
 * imap[s]://[USER@]HOST[:PORT]/[FOLDER] (NULL: [imap] url of the config);
 * folders are the URL's, o->folders, else [imap] folders, else all.
 * Incremental per folder by UIDVALIDITY and UID; folders are opened
 * read-only and flags are never changed. Messages go through the mail
 * ingest path (same events and keys as from a Maildir), are recorded as
 * seen at location;UIDVALIDITY=V/;UID=N, and are committed in batches
 * together with the high-water mark, so an interrupted run resumes. A
 * folder that fails (missing, dropped connection) is recorded in res with
 * its error, and what it fetched is kept; FALSE with err only when nothing
 * could be done (bad URL or config, no connection, login refused, store
 * failure). Appends to res, so several calls can share one result. */
gboolean pl_sync_imap(pl_store *st, const pl_config *cfg, const char *url, const pl_sync_opts *o,
                      pl_sync_result *res, GError **err);

/* Brings conversation aggregates up to date (after ingest, labels, contacts
 * or a config change). Cheap when nothing changed. */
gboolean pl_conversations_refresh(pl_store *st, const pl_config *cfg, GError **err);

/* ------------------------------------------------------------- labels */

/* Labels a domain ("example.com"), an address ("jane@example.com") or "*"
 * (every external counterpart not otherwise classified) with a category. */
gboolean pl_label(pl_store *st, const char *target, pl_category cat, GError **err);

/* ------------------------------------------------------ report: value */

typedef enum { PL_TREND_NONE = 0, PL_TREND_WEEK, PL_TREND_MONTH } pl_trend;

typedef struct {
    int last_n;          /* > 0: the newest N conversations */
    gint64 since, until; /* [since, until) on a conversation's last event; 0 = open */
    gboolean only_me;    /* conversations one of my identities took part in */
    gboolean with_automated;
    pl_trend trend;
    int top; /* how many top counterparts (default 10) */
} pl_value_query;

typedef struct {
    guint convs, messages;
    gint64 seconds; /* estimated time, see docs/model.md */
    gint64 voice_seconds;
} pl_value_cell;

typedef struct {
    char *key; /* domain, or address on free-mail domains */
    int category;
    pl_value_cell cell;
} pl_value_top;

typedef struct {
    char label[16]; /* 2026-W47 or 2026-11 */
    gint64 start;
    pl_value_cell total;
    pl_value_cell by_cat[PL_CAT__COUNT];
} pl_value_period;

typedef struct {
    const pl_goal *goal;
    double actual; /* share, 0..1 */
    gboolean met;
} pl_goal_result;

typedef struct {
    pl_value_query q;
    pl_value_cell total, internal, external;
    pl_value_cell by_cat[PL_CAT__COUNT];
    gint64 first_ts, last_ts; /* span of the conversations counted */
    GArray *top;              /* pl_value_top, biggest first */
    GArray *trend;            /* pl_value_period, oldest first */
    GArray *goals;            /* pl_goal_result */
} pl_value_report;

pl_value_report *pl_report_value(pl_store *st, const pl_config *cfg, const pl_value_query *q,
                                 GError **err);
void pl_value_report_free(pl_value_report *r);

/* ------------------------------------------------------ report: calls */

/* 95 % (z = 1.96) or any other Wilson score interval of successes out of n
 * (report_calls.c has the formula). n = 0 gives [0, 1]. */
void pl_wilson(guint successes, guint n, double z, double *lo, double *hi);

typedef struct {
    gint64 since, until; /* [since, until) on a call's start; 0 = open */
    gint64 threshold_s;  /* time-to-human threshold; 0 = 120 s */
    int top;             /* how many numbers that gave up (0 = none) */
} pl_calls_query;

/* Outbound calls of one presentation class, line or agent. */
typedef struct {
    char *key;
    guint n, answered, withheld; /* calls, answered by a person, caller ID withheld */
    double lo, hi;               /* 95 % Wilson interval of answered / n */
} pl_rate_row;

typedef struct {
    char *number; /* caller's number as stored, or "(withheld)" */
    char *person; /* whose it is, or NULL */
    char *org;    /* that person's organisation, or NULL */
    guint calls;
} pl_gaveup_row;

typedef struct {
    pl_calls_query q;
    guint calls, outbound, inbound, internal, unknown;
    /* outbound: answer rate by a person */
    pl_rate_row out_total;
    pl_rate_row by_class[3]; /* pl_presentation order */
    GArray *by_line;         /* pl_rate_row, most calls first */
    GArray *by_agent;        /* pl_rate_row, most calls first */
    /* inbound: reaching a person */
    guint in_human;             /* reached a person */
    guint in_timed;             /* of them with a known time to a person */
    double tth_median, tth_p90; /* seconds; -1 when none */
    guint over_threshold;       /* reached a person after more than threshold_s */
    guint in_gave_up;           /* hung up before reaching anyone */
    guint in_gave_up_machine;   /* of them after an IVR, queue or voicemail answered */
    guint in_not_connected;     /* busy, failed, congestion: the switch refused */
    GArray *gave_up_top;        /* pl_gaveup_row, most calls first */
} pl_calls_report;

/* Answer rates of outbound calls and time to a person for inbound calls
 * (docs/commands.md, "report calls"). */
pl_calls_report *pl_report_calls(pl_store *st, const pl_config *cfg, const pl_calls_query *q,
                                 GError **err);
void pl_calls_report_free(pl_calls_report *r);

/* --------------------------------------------------- report: response */

typedef struct {
    gint64 since, until;  /* [since, until) on a customer message's time; 0 = open */
    gint64 target_s;      /* answered within this counts as on target; 0 = 4 h */
    int bh_start, bh_end; /* business hours [start, end) in hours, Mon-Fri; end 0 = off */
    const char *timezone; /* zone of the business hours (IANA name); NULL = UTC */
    gint64 now;           /* age of unanswered messages is taken at; 0 = current time */
} pl_response_query;

/* Response times of one channel or one responder. */
typedef struct {
    char *key;
    guint answered, within_target;
    double median_s, p90_s;
} pl_response_group;

/* A customer message without a human answer (the first of its run). */
typedef struct {
    gint64 conv_id, ts, age_s; /* age_s counts business time when that is on */
    int channel;
    char *counterpart, *name, *subject; /* author address / number, name, subject */
    guint messages;                     /* customer messages waiting in the run */
    gboolean auto_ack;                  /* an automated message of ours followed it */
    gint64 author_id;                   /* the counterpart's identity; 0 = none */
} pl_response_open;

typedef struct {
    pl_response_query q;
    guint messages;          /* customer messages (human, inbound) in the range */
    guint turns;             /* runs of them before a reply: what is timed */
    guint answered;          /* turns a human of ours answered */
    guint within_target;     /* answered within the target */
    guint overdue;           /* unanswered and older than the target */
    guint automated_skipped; /* automated messages met in these conversations */
    double median_s, p90_s;  /* over answered turns; -1 when none */
    GArray *by_channel;      /* pl_response_group, channel of the customer message */
    GArray *by_responder;    /* pl_response_group, most answers first */
    GArray *unanswered;      /* pl_response_open, oldest first */
    GArray *auto_only;       /* pl_response_open: conversations only a machine answered */
} pl_response_report;

/* Time from customers' messages to our first human answer
 * (docs/model.md, "Response times"). */
pl_response_report *pl_report_response(pl_store *st, const pl_config *cfg,
                                       const pl_response_query *q, GError **err);
void pl_response_report_free(pl_response_report *r);
/* Seconds of [from, to) inside business hours [bh_start, bh_end) Mon-Fri in
 * tz (NULL = UTC). */
gint64 pl_business_seconds(gint64 from, gint64 to, int bh_start, int bh_end, const char *tz);

/* ----------------------------------------------------------- call list */

typedef struct {
    int days;        /* overdue after this many days without a voice conversation (30) */
    int top;         /* how many key customers (0 = 50) */
    int volume_days; /* key = most conversations over this many days (0 = 90) */
    gint64 now;      /* 0 = the current time */
} pl_calllist_query;

typedef struct {
    gint64 id, due_ts; /* due_ts 0 = none */
    char *text;
} pl_calllist_item;

typedef struct {
    gint64 person_id, identity_id;      /* person_id 0: a bare address or number */
    char *name, *org, *phone, *email;   /* org / phone / email may be NULL */
    gint64 last_voice_ts, last_text_ts; /* 0 = never */
    gint64 days_since_voice;            /* -1 = never */
    gboolean overdue;                   /* no voice for >= days */
    guint recent_convs;                 /* conversations in the volume window */
    GArray *followups;                  /* pl_calllist_item, open, oldest due first */
    GPtrArray *facts;                   /* char*: "kind: text", oldest first */
} pl_calllist_entry;

typedef struct {
    pl_calllist_query q;
    guint customers; /* contacts classified customer */
    GArray *entries; /* pl_calllist_entry, longest without voice first */
} pl_calllist;

/* Key customers (classified customer; the most conversations over the
 * volume window) ranked by days since the last voice conversation (a call a
 * person answered, a logged call, a meeting), with the last e-mail / chat,
 * open follow-ups and personal facts. A few aggregate queries in all. */
pl_calllist *pl_calllist_build(pl_store *st, const pl_config *cfg, const pl_calllist_query *q,
                               GError **err);
void pl_calllist_free(pl_calllist *cl);

/* ---------------------------------------------------- calendar export */

typedef struct {
    const char *target; /* NULL: everyone's items; else a contact, as `parley open TARGET` */
    gboolean all;       /* closed items too: done as COMPLETED, dismissed as CANCELLED */
} pl_ics_query;

typedef struct {
    guint todos;   /* VTODOs written */
    guint undated; /* items left out for want of a due date */
} pl_ics_stats;

/* The items with a due date (open ones, or all with q->all) as an
 * iCalendar (RFC 5545) VCALENDAR of VTODOs, oldest due first: UTF-8, CRLF
 * lines folded at 75 octets, TEXT escaped. UID: 32 hex digits of the
 * SHA-256 of the item's key + "@parley", the same in every export; DUE a
 * DATE (the local day) or, when a time was given, a UTC DATE-TIME; DTSTAMP
 * the item's last change; DESCRIPTION who it is about, the source sentence
 * and event; CATEGORIES its kind. The same items give the same bytes. NULL
 * on error (an unknown or ambiguous target as pl_target_resolve says). */
char *pl_export_ics(pl_store *st, const pl_ics_query *q, pl_ics_stats *stats, GError **err);
/* What `parley stats --verify` found: the call list's summaries (migration
 * 009) against a recomputation from events, identities, people and labels. */
typedef struct {
    guint contacts;       /* contacts recomputed */
    gint64 touches_wrong; /* conversation touches missing, extra or different */
    guint contacts_wrong; /* contacts whose summary or window count differs */
    GPtrArray *problems;  /* char*: the first few differences, in words */
} pl_summary_check;

/* Refreshes, then recomputes from scratch and compares; FALSE only on a
 * store error. now: the end of the call list's 90-day window to check. */
gboolean pl_contact_summary_verify(pl_store *st, const pl_config *cfg, gint64 now,
                                   pl_summary_check *out, GError **err);
void pl_summary_check_clear(pl_summary_check *c);

/* Numbers from mail signatures, as `parley numbers` lists them
 * (signature_links.c, docs/model.md "Numbers from signatures"). */
typedef enum {
    PL_SIGNUM_LINKED,    /* the signatures gave it to one person */
    PL_SIGNUM_AMBIGUOUS, /* in the signatures of two or more contacts: nobody's */
    PL_SIGNUM_CONTACTS,  /* contacts give it to the person the signatures point at */
    PL_SIGNUM_CONFLICT,  /* contacts give it to someone else: contacts win */
} pl_signum_status;

typedef struct {
    char *number; /* E.164 */
    pl_signum_status status;
    char *person, *org; /* whose it is now; NULL when nobody's */
    GPtrArray *authors; /* char*: "Name <address>" of each author whose signature had it */
    gint64 messages, last_ts;
} pl_sig_number;

/* Refreshes, then every number found in signatures, by number; NULL on a
 * store error. Free with g_array_free(a, TRUE). */
GArray *pl_signature_numbers_list(pl_store *st, const pl_config *cfg, GError **err);

/* ------------------------------------------------------------ contacts */

typedef struct {
    guint people, identities, orgs, skipped;
} pl_contacts_stats;

/* Imports a vCard 3/4 file or a Google / Outlook contacts CSV (detected from
 * the content). ORG becomes an organisation, CATEGORIES / group membership
 * that name a parley category classify the person. Re-importing updates,
 * never duplicates. FALSE only when the whole file could not be read. */
gboolean pl_contacts_import(pl_store *st, const char *path, pl_contacts_stats *stats,
                            pl_warn_fn warn, gpointer warn_user, GError **err);
/* The same with [phone] default-country, so national numbers ("0171 ...")
 * become E.164 as call records and signatures have them. */
gboolean pl_contacts_import_in(pl_store *st, const char *path, const char *default_country,
                               pl_contacts_stats *stats, pl_warn_fn warn, gpointer warn_user,
                               GError **err);

/* ---------------------------------------------------------------- demo */

typedef struct {
    guint messages, conversations, files;
} pl_demo_stats;

/* Writes a deterministic demo of a small company's mail under dir: a Maildir
 * (dir/Maildir) and contacts (dir/contacts.vcf). The same seed and size give
 * byte-identical files. */
gboolean pl_demo_write(const char *dir, guint32 seed, guint conversations, pl_demo_stats *stats,
                       GError **err);

/* Fills the store with `events` synthetic mail events in threads of 1–6
 * between jane@acme.example, colleagues and ~2,000 outsiders at customer,
 * prospect, vendor and partner domains (names in docs/benchmarks.md),
 * through the real ingest write path (keys, threading, aggregates).
 * Deterministic for a seed. For scale benchmarks. */
gboolean pl_demo_fill_store(pl_store *st, const pl_config *cfg, guint32 seed, guint64 events,
                            pl_ingest_stats *stats, GError **err);
/* Adds `items` open items the way `parley log call --follow-up` does: logged
 * calls from jane@acme.example to the outsiders pl_demo_fill_store writes
 * to, over the 180 days before its end, each with one to three follow-ups
 * (most due on a day, some at a time, some undated; a quarter already done
 * or dismissed). Deterministic for a seed; a second run adds nothing. For
 * benchmarks of `parley open` and the calendar export. */
gboolean pl_demo_fill_items(pl_store *st, const pl_config *cfg, guint32 seed, guint64 items,
                            pl_ingest_stats *stats, GError **err);

G_END_DECLS

#endif
