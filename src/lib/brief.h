/* brief.h — `parley brief TARGET`: where we left off with a person or an
 * organisation (docs/commands.md, "The brief"; definitions in docs/model.md,
 * "Briefs"). Internal to libparley and its CLI, like log.h whose target
 * resolution it reuses.
 */
#ifndef PARLEY_BRIEF_H
#define PARLEY_BRIEF_H

#include "log.h"

G_BEGIN_DECLS

typedef struct {
    const char *target;  /* an address, number, handle, name, domain or organisation */
    gint64 since, until; /* only events in [since, until); 0 = open */
    gint64 now;          /* days and new / growing are taken at; 0 = the current time */
    int window_days;     /* new = first mention within, growing = its halves (0 = 90) */
    int topics;          /* how many topics (0 = 10, < 0 = every stem) */
    int lines;           /* lines of the last message's own words (0 = 4) */
} pl_brief_query;

/* Who wrote an event, seen from the brief: the contact, us, or anyone else. */
typedef enum { PL_SIDE_THEIRS = 0, PL_SIDE_OURS, PL_SIDE_OTHER, PL_SIDE__COUNT } pl_side;
const char *pl_side_name(int side);

typedef struct {
    gint64 ts; /* 0 = none */
    gint64 event_id, conv_id;
    int side;
    int channel;
    char *who;         /* the author's identity value, NULL when the event has no author */
    char *name;        /* the author's person, else display name; may be NULL */
    char *subject;     /* may be NULL */
    gboolean answered; /* calls: a person answered */
} pl_brief_touch;

typedef struct {
    guint messages, words, turns;      /* e-mail and chat, human only */
    guint first_person, second_person; /* pronouns in those messages' own words */
} pl_brief_side;

typedef struct {
    gint64 id, due_ts, created_ts; /* due_ts 0 = none */
    char *kind, *origin, *text, *sentence, *source_key, *about;
} pl_brief_item;

typedef struct {
    char *stem, *word;
    guint theirs, ours; /* mentions by each side */
    guint events;       /* their and our messages mentioning it */
    gint64 df;          /* events in the store mentioning it */
    double idf, score;  /* ln(N / df), events x idf */
    gint64 first_ts, last_ts;
    guint recent, earlier; /* mentions in the newer and older half of the window */
    gboolean shared, is_new, growing;
} pl_brief_topic;

typedef struct {
    pl_brief_query q;      /* with defaults filled in */
    char *label;           /* who the brief is about, for people */
    const char *kind;      /* "person", "identity", "organisation" or "domain" */
    GPtrArray *identities; /* char*: identity values briefed */
    guint conversations, events, human_events;
    gint64 first_ts, last_ts;           /* span of the events read; 0 = none */
    pl_brief_touch touch[PL_CH__COUNT]; /* newest human event of theirs or ours per channel */
    gint64 last_voice_ts;               /* 0 = never */
    gint64 days_since_voice;            /* -1 = never */
    pl_brief_touch last;                /* the last conversation's last human message */
    guint last_conv_messages;           /* human events in that conversation */
    char *last_text;                    /* its first lines of own words; NULL = no text */
    gboolean last_text_cut;             /* more lines followed */
    GArray *items;                      /* pl_brief_item, open, oldest due first */
    pl_brief_side side[PL_SIDE__COUNT];
    double talk_share;         /* their words / (theirs + ours); -1 = no words */
    double you_focus;          /* ours: second / (first + second person); -1 = none */
    double you_focus_theirs;   /* the same of their messages */
    gboolean pronouns_counted; /* FALSE: the language has no pronoun lists */
    gint64 documents;          /* N: events in the store with keywords */
    guint vocabulary;          /* distinct stems of theirs and ours */
    GArray *topics;            /* pl_brief_topic, highest score first */
} pl_brief;

/* Reads the contact's conversations once (every event of every conversation
 * one of its identities took part in) and works out the brief. Unknown
 * target: PL_ERR_NOTFOUND; ambiguous: PL_ERR_USAGE with the candidates. */
pl_brief *pl_brief_build(pl_store *st, const pl_config *cfg, const pl_brief_query *q, GError **err);
void pl_brief_free(pl_brief *b);

G_END_DECLS

#endif
