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

/* Categories a counterpart can have. Order matters: it is the precedence used
 * when a conversation has several external counterparts (lower wins). */
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
    pl_direction direction; /* filled by pl_event_resolve_direction() */
    gint64 ts;              /* UTC seconds since the epoch */
    gint64 duration_s;      /* real duration where known (calls), else 0 */
    char *subject;          /* UTF-8 or NULL */
    char *body;             /* UTF-8 text or NULL (metadata-only mode) */
    guint words;            /* words written in this event (quotes excluded) */
    guint64 bytes;          /* size of the source record */
    char *source_key;       /* idempotency key, unique per distinct event */
    char *message_id;       /* Message-ID without <>, or NULL */
    GPtrArray *refs;        /* char*: References then In-Reply-To, oldest first */
    guint flags;            /* enum pl_event_flag */
    GArray *participants;   /* pl_participant */
} pl_event;

pl_event *pl_event_new(pl_channel ch);
void pl_event_free(pl_event *ev);
void pl_event_add_participant(pl_event *ev, pl_identity_kind kind, const char *value,
                              const char *name, pl_role role);
/* The author (role FROM), or NULL. */
const pl_participant *pl_event_author(const pl_event *ev);

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

/* -------------------------------------------------------------- config */

typedef struct {
    char *name;         /* e.g. "customer-time" */
    guint categories;   /* bit set of 1<<pl_category */
    double min_share;   /* 0..1 */
    gboolean by_time;   /* share of estimated time rather than of conversations */
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

G_END_DECLS

#endif
