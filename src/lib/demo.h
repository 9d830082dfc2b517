/* demo.h — private to the demo generator: demo.c decides the shape of the
 * mailbox (threads, times, folders, MIME) and writes it; demo_text.c holds
 * the cast of people and the words they write.
 *
 * Everything random comes from dm_rng, our own splitmix64, so that a seed
 * gives the same bytes whatever GLib or libc version runs it.
 */
#ifndef PARLEY_DEMO_H
#define PARLEY_DEMO_H

#include <glib.h>
#include <gmime/gmime.h>

typedef struct {
    guint64 s;
} dm_rng;

guint64 dm_next(dm_rng *r);
/* Uniform in [0, n); n must be > 0. */
guint32 dm_below(dm_rng *r, guint32 n);
/* TRUE with the given probability in percent. */
gboolean dm_chance(dm_rng *r, guint percent);
/* A random element of a NULL-terminated string array. */
const char *dm_pick(dm_rng *r, const char *const *list);

/* What a thread is about, which decides who is in it. The order is the order
 * of the mix table in demo.c and of the README's figures. */
typedef enum {
    DM_CUSTOMER = 0, /* customer at a company domain */
    DM_FREEMAIL,     /* customer writing from gmail.com, yahoo.com, ... */
    DM_PROSPECT,
    DM_COLLEAGUE, /* internal, acme.example */
    DM_MANAGER,   /* internal: boss@acme.example */
    DM_FRONTLINE, /* internal: support staff */
    DM_VENDOR,
    DM_SUPPLIER,
    DM_PARTNER,
    DM_UNKNOWN,      /* external domains nobody classified */
    DM_LIST,         /* a human mailing list */
    DM_NEWSLETTER,   /* bulk, with List-Unsubscribe */
    DM_NOTIFICATION, /* machine-sent from noreply@ */
    DM__KINDS,
    DM_ME = DM__KINDS /* only Jane herself */
} dm_kind;

typedef struct {
    dm_kind kind;
    const char *name; /* display name, UTF-8 */
    const char *addr;
    const char *org;     /* NULL for private people */
    const char *title;   /* NULL = none */
    const char *phone;   /* NULL = none */
    int tz_min;          /* their clock, minutes east of UTC (no DST: fixed) */
    const char *vcard;   /* CATEGORIES in contacts.vcf; NULL = not a contact */
    const char *charset; /* what their mailer writes; NULL = utf-8 */
    const char *re;      /* reply prefix; NULL = "Re: " */
    const char *hello;   /* how others greet them; NULL = first word of name */
} dm_person;

extern const dm_person dm_me;
extern const dm_person dm_people[];
extern const guint dm_n_people;

#define DM_LIST_ADDR "openthing-users@lists.openthing.example"
#define DM_LIST_ID "<openthing-users.lists.openthing.example>"

const char *dm_kind_label(dm_kind k);
/* The parley category a thread of this kind is about, for the README. */
const char *dm_kind_category(dm_kind k);
/* The nth person of a kind (wrapping), or a random one when nth < 0. */
const dm_person *dm_person_of(dm_rng *r, dm_kind k, int nth);
/* Another random person of the same organisation (same domain), or NULL. */
const dm_person *dm_person_colleague_of(dm_rng *r, const dm_person *p);
gboolean dm_person_internal(const dm_person *p);
const char *dm_person_domain(const dm_person *p);

/* Thread-wide facts the templates refer to, so that one thread keeps talking
 * about the same order, invoice and product. */
typedef struct {
    dm_kind kind;
    const dm_person *them;
    const char *product, *day, *cust, *cust2;
    const char *month, *this_month; /* month is the one after the thread starts */
    char po[16], inv[16], ticket[16], n[8], q[4];
} dm_topic;

void dm_topic_init(dm_topic *t, dm_rng *r, dm_kind k, const dm_person *them, gint64 start_ts);
/* The thread's first subject (UTF-8, caller frees). */
char *dm_subject(const dm_topic *t, dm_rng *r);
/* The text one person writes in a turn (turn 0 opens the thread), with
 * greeting, closing and signature but without any quote. Caller frees. */
char *dm_body(const dm_topic *t, dm_rng *r, const dm_person *author, const dm_person *reader,
              guint turn);
/* Out-of-office text of p, back on the day named by back_ts. */
char *dm_ooo_body(const dm_person *p, gint64 back_ts);
/* A newsletter issue: subject, plain text and HTML (caller frees all). */
void dm_newsletter(const dm_topic *t, dm_rng *r, const dm_person *p, char **subject, char **text,
                   char **html);
void dm_notification(const dm_topic *t, dm_rng *r, const dm_person *p, char **subject, char **text);
/* Plain text to a minimal HTML document, as a webmail composer would. */
char *dm_text_to_html(const char *text);

/* ----------------------------------------------- threads (demo.c plans) */

#define DM_DAY 86400
#define DM_MAX_STEPS 12

/* What a message is, beyond an ordinary human turn. */
typedef enum {
    DM_M_PLAIN = 0,
    DM_M_OOO,    /* out-of-office auto-reply */
    DM_M_QP,     /* long non-ASCII line: quoted-printable with soft breaks */
    DM_M_HTML,   /* text/html only */
    DM_M_NODATE, /* no Date header */
    DM_M_BROKEN, /* multipart cut off before its closing boundary */
    DM_M_RESEND, /* Jane asks for the broken attachment again */
    DM_M_BULK,   /* newsletter or notification */
} dm_what;

typedef struct {
    const dm_person *from;
    gint64 ts;
    dm_what what;
} dm_step;

typedef struct {
    dm_kind kind;
    guint nth; /* threads of this kind before this one: the first ones are special */
    const dm_person *them;
    const dm_person *cc[2]; /* also on the thread */
    guint n_cc;
    dm_step steps[DM_MAX_STEPS];
    guint n;
    dm_topic topic;
    char *subject;
    gboolean latin1_subject;
} dm_thread;

/* Everything a thread carries from one message to the next. */
typedef struct {
    GPtrArray *ids; /* char*: Message-IDs of the human turns so far, oldest first */
    char *prev_text;
    const dm_step *prev;
} dm_chain;

/* demo_mime.c: the bytes of message i of t, with Message-ID id; updates c. */
GByteArray *dm_build(GMimeFormatOptions *fmt, dm_thread *t, dm_rng *r, dm_chain *c, guint i,
                     const char *id);

/* demo_people.c: contacts.vcf, vCard 3.0, for the people that have vcard set. */
char *dm_contacts_vcf(gsize *len);

#endif
