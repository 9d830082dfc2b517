/* demo.c — pl_demo_write(): a deterministic, realistic mailbox to try parley
 * on without real data. It is the mail of Jane Doe, account manager at Acme
 * (acme.example): threads with customers, prospects, colleagues, vendors, ...
 * plus the awkward cases real mailboxes have (auto-replies, newsletters, list
 * mail, RFC 2047 subjects, HTML-only, no Date, a truncated multipart and a file
 * that is not mail at all).
 *
 * demo.c plans threads (who, how many turns, when) and files them;
 * demo_mime.c makes each message's bytes; demo_text.c writes the words;
 * demo_people.c is the cast and contacts.vcf.
 *
 * Determinism: every random choice comes from dm_rng seeded from the seed and
 * the thread's index, times count back from a fixed "now", and nothing depends
 * on the clock, the locale or GLib's own PRNG. Each message is written as soon
 * as it is made, so memory does not grow with the size of the demo.
 */
#include "demo.h"
#include "mail.h"
#include "parley.h"

#include <errno.h>
#include <utime.h>
#include <glib/gstdio.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>

#define DM_NOW G_GINT64_CONSTANT(1795197600) /* 2026-11-20 18:00 UTC: the demo's "now" */
#define DM_SPAN_DAYS 182                     /* threads start within about six months before now */

/* Share of threads per kind in percent (sums to 100), in dm_kind order. */
static const guint mix[DM__KINDS] = {30, 5, 10, 12, 5, 8, 6, 4, 5, 5, 2, 5, 3};
/* How often Jane starts a thread of that kind, percent. */
static const guint we_start[DM__KINDS] = {40, 20, 50, 50, 40, 30, 40, 40, 50, 0, 30, 0, 0};

typedef struct {
    const char *maildir;
    GMimeFormatOptions *fmt;
    guint serial; /* file counter: unique part of Maildir names */
    pl_demo_stats st;
    guint threads[DM__KINDS], messages[DM__KINDS], known[DM__KINDS];
} gen;

/* ------------------------------------------------------------------ rng */

/* splitmix64 (Steele, Lea, Flood 2014): tiny, and every seed is usable. */
guint64 dm_next(dm_rng *r)
{
    guint64 z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

guint32 dm_below(dm_rng *r, guint32 n)
{
    /* The modulo bias is below 2^-32 for our n: irrelevant for a demo. */
    return (guint32)(dm_next(r) % n);
}

gboolean dm_chance(dm_rng *r, guint percent)
{
    return dm_below(r, 100) < percent;
}

const char *dm_pick(dm_rng *r, const char *const *list)
{
    guint n = 0;
    while (list[n])
        n++;
    return list[dm_below(r, n)];
}

/* ------------------------------------------------------------ planning */

static gint64 gap(dm_rng *r)
{
    guint p = dm_below(r, 100);
    if (p < 40)
        return 300 + dm_below(r, 85 * 60); /* minutes */
    if (p < 75)
        return 3600 + dm_below(r, 7 * 3600); /* hours */
    return DM_DAY + dm_below(r, 2 * DM_DAY); /* days */
}

static guint thread_length(dm_rng *r, dm_kind k)
{
    static const guint weights[8] = {20, 25, 20, 13, 9, 6, 4, 3}; /* 1..8 messages */
    switch (k) {
    case DM_NEWSLETTER:
    case DM_NOTIFICATION:
        return 1;
    case DM_UNKNOWN:
        return dm_chance(r, 70) ? 1 : 2;
    case DM_LIST:
        return 2 + dm_below(r, 5);
    default:
        break;
    }
    guint p = dm_below(r, 100), acc = 0;
    for (guint i = 0; i < 8; i++)
        if (p < (acc += weights[i]))
            return i + 1;
    return 8;
}

/* Someone on the counterpart's side: mostly them, sometimes a colleague of
 * theirs who is on the thread. */
static const dm_person *their_side(dm_thread *t, dm_rng *r, const dm_person *prev)
{
    if (t->kind == DM_LIST) {
        const dm_person *p;
        do
            p = dm_person_of(r, DM_LIST, -1);
        while (p == prev);
        return p;
    }
    for (guint i = 0; i < t->n_cc; i++)
        if (t->cc[i]->kind == t->them->kind && dm_chance(r, 25))
            return t->cc[i];
    return t->them;
}

static void plan_thread(dm_thread *t, dm_rng *r, dm_kind k, guint nth)
{
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->nth = nth;
    gboolean first = nth == 0;
    int who = -1;
    if (first && k != DM_COLLEAGUE && k != DM_LIST)
        who = 0; /* the special messages are written by the first of each kind */
    if (k == DM_SUPPLIER && nth == 1)
        who = 1; /* make sure 李娜 shows up in small demos too */
    if (k == DM_NEWSLETTER || k == DM_NOTIFICATION)
        who = (int)(nth % 2);
    t->them = dm_person_of(r, k, who);

    /* Free-mail users share a domain but not a company: no colleagues. */
    if (k != DM_LIST && k != DM_NEWSLETTER && k != DM_NOTIFICATION && k != DM_UNKNOWN &&
        k != DM_MANAGER && k != DM_FRONTLINE && k != DM_FREEMAIL && !(first && k == DM_SUPPLIER) &&
        dm_chance(r, 20)) {
        const dm_person *c = dm_person_colleague_of(r, t->them);
        if (c)
            t->cc[t->n_cc++] = c;
    }
    /* A sales engineer on customer threads: internal, so the thread stays a
     * customer conversation. */
    if ((k == DM_CUSTOMER || k == DM_PROSPECT) && dm_chance(r, 15))
        t->cc[t->n_cc++] = dm_person_of(r, DM_COLLEAGUE, 0);

    guint len = thread_length(r, k);
    gboolean we = dm_chance(r, we_start[k]);
    dm_what first_what = DM_M_PLAIN;
    if (first) {
        switch (k) {
        case DM_CUSTOMER: /* Jane writes, Zoë's auto-reply answers, then Zoë */
            we = TRUE;
            len = MAX(len, 3);
            break;
        case DM_FREEMAIL:
            we = FALSE, first_what = DM_M_QP;
            break;
        case DM_PROSPECT:
            we = FALSE, t->latin1_subject = TRUE;
            break;
        case DM_VENDOR:
            we = FALSE, first_what = DM_M_HTML;
            break;
        case DM_SUPPLIER:
            we = FALSE, first_what = DM_M_BROKEN, len = MAX(len, 3);
            break;
        case DM_UNKNOWN:
            first_what = DM_M_NODATE;
            break;
        default:
            break;
        }
    }
    if (k == DM_NEWSLETTER || k == DM_NOTIFICATION)
        first_what = DM_M_BULK;

    /* Start on a working day, in working hours of whoever writes first. */
    const dm_person *starter = we ? &dm_me : their_side(t, r, NULL);
    gint64 day = DM_NOW - DM_NOW % DM_DAY - (gint64)(2 + dm_below(r, DM_SPAN_DAYS - 2)) * DM_DAY;
    int wd = (int)((day / DM_DAY + 3) % 7); /* 1970-01-01 was a Thursday; 0 = Monday */
    if (wd >= 5)
        day -= (wd - 4) * DM_DAY;
    gint64 ts = day + 8 * 3600 + dm_below(r, 10 * 3600) - starter->tz_min * 60;

    const dm_person *prev = NULL;
    for (guint turn = 0; turn < len && t->n < DM_MAX_STEPS - 1; turn++) {
        gboolean ours = (turn % 2 == 0) == we;
        const dm_person *from = turn == 0 ? starter : ours ? &dm_me : their_side(t, r, prev);
        if (ours && k == DM_LIST && turn > 0 && !dm_chance(r, 40))
            from = their_side(t, r, prev); /* other members answer too */
        if (turn > 0)
            ts += gap(r);
        if (ts > DM_NOW)
            break;
        dm_what w = turn == 0 ? first_what : DM_M_PLAIN;
        if (first && k == DM_SUPPLIER && turn == 1)
            w = DM_M_RESEND;
        t->steps[t->n++] = (dm_step){from, ts, w};
        prev = from;
        if (first && k == DM_CUSTOMER && turn == 0) {
            ts += 20 + dm_below(r, 70); /* the auto-reply is near-instant */
            t->steps[t->n++] = (dm_step){t->them, ts, DM_M_OOO};
        }
    }
    dm_topic_init(&t->topic, r, k, t->them, t->steps[0].ts);
    if (t->latin1_subject)
        t->subject = g_strdup_printf("Angebot für %s: Rückfrage", t->topic.product);
    else if (first_what == DM_M_BROKEN)
        t->subject = g_strdup_printf("Invoice %s", t->topic.inv);
    else if (k != DM_NEWSLETTER && k != DM_NOTIFICATION)
        t->subject = dm_subject(&t->topic, r);
}

/* ------------------------------------------------------------- writing */

static gboolean write_file(gen *g, const char *folder, gint64 ts, const char *info,
                           const void *data, gsize len, GError **err)
{
    char *path = g_strdup_printf("%s/%s/%" G_GINT64_FORMAT ".M%uP1.demo%s", g->maildir, folder, ts,
                                 ++g->serial, info);
    /* "x": never overwrite, even if something appeared meanwhile. */
    FILE *f = fopen(path, "wbx");
    gboolean ok = f && fwrite(data, 1, len, f) == len;
    int e = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = FALSE;
        e = errno;
    }
    /* mtime = delivery time, as a mail server leaves it: it is what readers
     * fall back on for the message without a Date, and it keeps that
     * deterministic too. */
    struct utimbuf ub = {(time_t)ts, (time_t)ts};
    if (ok && g_utime(path, &ub) != 0) {
        ok = FALSE;
        e = errno;
    }
    if (!ok)
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "cannot write %s: %s", path, g_strerror(e));
    g_free(path);
    g->st.files++;
    return ok;
}

/* Random part from the seed, the file serial to make it unique for sure. */
static char *message_id(dm_rng *r, gen *g, const dm_person *from)
{
    const char *host = dm_person_internal(from) ? "demo.acme.example" : dm_person_domain(from);
    guint64 x = dm_next(r);
    return g_strdup_printf("%08x%04x.%u@%s", (guint32)x, (guint)(x >> 48), g->serial + 1, host);
}

static gboolean write_thread(gen *g, dm_thread *t, dm_rng *r, GError **err)
{
    dm_chain c = {g_ptr_array_new_with_free_func(g_free), NULL, NULL};
    gint64 last = t->steps[t->n - 1].ts;
    gboolean ok = TRUE;
    for (guint i = 0; i < t->n && ok; i++) {
        const dm_step *s = &t->steps[i];
        char *id = message_id(r, g, s->from);
        GByteArray *ba = dm_build(g->fmt, t, r, &c, i, id);
        /* Jane's mail is in Sent; old threads were archived; what arrived in
         * the last days and is unanswered is still new. */
        gboolean replied = i + 1 < t->n && t->steps[i + 1].from == &dm_me;
        const char *folder = ".Sent/cur", *info = ":2,S";
        if (s->from != &dm_me) {
            info = replied ? ":2,RS" : ":2,S";
            if (last < DM_NOW - 120 * DM_DAY)
                folder = ".Archive/cur";
            else if (s->ts >= DM_NOW - 3 * DM_DAY && !replied)
                folder = "new", info = "";
            else
                folder = "cur";
        }
        ok = write_file(g, folder, s->ts, info, ba->data, ba->len, err);
        g_byte_array_unref(ba);
        if (s->what == DM_M_OOO)
            g_free(id);
        else
            g_ptr_array_add(c.ids, id);
        g->st.messages++;
        g->messages[t->kind]++;
    }
    g_ptr_array_unref(c.ids);
    g_free(c.prev_text);
    return ok;
}

/* ------------------------------------------------------- contacts, README */

/* TRUE when a CATEGORIES value names a parley category, i.e. the contact
 * import will classify the person. */
static gboolean classifies(const char *cats)
{
    gboolean hit = FALSE;
    char **v = g_strsplit(cats ? cats : "", ",", -1);
    for (char **p = v; *p; p++)
        hit |= pl_category_parse(*p) >= 0;
    g_strfreev(v);
    return hit;
}

static gboolean write_whole(const char *path, const char *data, gsize len, GError **err)
{
    GError *e = NULL;
    if (g_file_set_contents(path, data, (gssize)len, &e))
        return TRUE;
    g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "%s", e->message);
    g_error_free(e);
    return FALSE;
}

static gboolean write_readme(const char *dir, const gen *g, guint32 seed, guint conversations,
                             GError **err)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(
        s,
        "parley demo data (seed %u, %u conversations)\n"
        "==========================================\n\n"
        "The mailbox of Jane Doe <jane@acme.example>, account manager at Acme\n"
        "(acme.example), over the six months before 2026-11-20. Everything here is\n"
        "made up and generated again byte for byte by the same `parley demo` command.\n\n"
        "  Maildir/       %u mail files: %u messages and 1 file that is not mail\n"
        "  contacts.vcf   vCard 3.0 contacts of part of the counterparts\n\n"
        "Try it (DIR is the directory this file is in; the two exports keep the demo\n"
        "out of your own parley database and configuration):\n\n"
        "  export PARLEY_DB=DIR/parley.db PARLEY_CONFIG=DIR/parley.conf\n"
        "  parley init --me jane@acme.example --internal-domain acme.example\n"
        "  parley ingest DIR/Maildir\n"
        "  parley contacts import DIR/contacts.vcf\n"
        "  parley report value --last 100\n\n"
        "What is in it, by design (\"in contacts\" = threads whose main counterpart\n"
        "contacts.vcf classifies; the others stay unclassified until labelled):\n\n"
        "  %-30s %-13s %7s %8s %11s\n",
        seed, conversations, g->st.files, g->st.messages, "kind", "category", "threads", "messages",
        "in contacts");
    for (guint k = 0; k < DM__KINDS; k++)
        g_string_append_printf(s, "  %-30s %-13s %7u %8u %11u\n", dm_kind_label(k),
                               dm_kind_category(k), g->threads[k], g->messages[k], g->known[k]);
    g_string_append_printf(s, "  %-30s %-13s %7u %8u\n\n", "total", "", g->st.conversations,
                           g->st.messages);
    g_string_append(
        s, "On purpose, in the first thread of a kind: an out-of-office auto-reply (customer),\n"
           "a quoted-printable body (free-mail customer), an ISO-8859-1 encoded subject\n"
           "(prospect José Müller), an HTML-only message (vendor), a multipart cut off\n"
           "before its closing boundary (supplier), a message without a Date header\n"
           "(unknown external); names in UTF-8 (Zoë Ångström, 李娜, 田中 美咲); newsletters\n"
           "from news@ and noreply@, notifications from noreply@, a human mailing list.\n"
           "Globex Corporation's people and a few others are deliberately not contacts.\n\n"
           "(list) and (bulk) threads are list mail and machine-sent mail, which parley\n"
           "flags rather than counts as conversations. Internal threads are internal by\n"
           "--internal-domain; contacts.vcf makes boss@acme.example a manager and the\n"
           "support staff frontline. The configuration can say so instead:\n\n"
           "  parley init --manager boss@acme.example --frontline sam.ortiz@acme.example \\\n"
           "      --frontline kim.nguyen@acme.example --frontline support@acme.example\n");
    char *path = g_build_filename(dir, "README.txt", NULL);
    gboolean ok = write_whole(path, s->str, s->len, err);
    g_free(path);
    g_string_free(s, TRUE);
    return ok;
}

/* ------------------------------------------------------------ the plan */

/* Exactly how many threads of each kind: largest remainder of the mix, and
 * at least one of every kind once there is room, so the special messages
 * exist in small demos too. */
static void kind_counts(guint n, guint counts[DM__KINDS])
{
    guint total = 0, rem[DM__KINDS];
    for (guint k = 0; k < DM__KINDS; k++) {
        total += counts[k] = (guint)((guint64)n * mix[k] / 100);
        rem[k] = (guint)((guint64)n * mix[k] % 100);
    }
    for (; total < n; total++) { /* fewer than DM__KINDS left: one each at most */
        guint best = 0;
        for (guint k = 1; k < DM__KINDS; k++)
            if (rem[k] > rem[best])
                best = k;
        counts[best]++;
        rem[best] = 0;
    }
    if (n < DM__KINDS)
        return;
    for (guint k = 0; k < DM__KINDS; k++) {
        while (counts[k] == 0) {
            guint big = 0;
            for (guint j = 1; j < DM__KINDS; j++)
                if (counts[j] > counts[big])
                    big = j;
            counts[big]--;
            counts[k]++;
        }
    }
}

static gboolean prepare_dir(const char *dir, const char *maildir, GError **err)
{
    if (g_file_test(dir, G_FILE_TEST_EXISTS)) {
        if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "%s exists and is not a directory", dir);
            return FALSE;
        }
        GError *e = NULL;
        GDir *d = g_dir_open(dir, 0, &e);
        if (!d) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "%s", e->message);
            g_error_free(e);
            return FALSE;
        }
        gboolean empty = g_dir_read_name(d) == NULL;
        g_dir_close(d);
        if (!empty) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                        "%s is not empty: the demo is only written into a new or empty "
                        "directory, so that it never overwrites anything",
                        dir);
            return FALSE;
        }
    }
    static const char *const sub[] = {"cur",          "new",          "tmp",
                                      ".Sent/cur",    ".Sent/new",    ".Sent/tmp",
                                      ".Archive/cur", ".Archive/new", ".Archive/tmp"};
    for (guint i = 0; i < G_N_ELEMENTS(sub); i++) {
        char *p = g_build_filename(maildir, sub[i], NULL);
        int rc = g_mkdir_with_parents(p, 0755);
        int e = errno;
        if (rc != 0)
            g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "cannot create %s: %s", p, g_strerror(e));
        g_free(p);
        if (rc != 0)
            return FALSE;
    }
    return TRUE;
}

gboolean pl_demo_write(const char *dir, guint32 seed, guint conversations, pl_demo_stats *stats,
                       GError **err)
{
    if (!dir || !*dir || conversations == 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "the demo needs a directory and at least one conversation");
        return FALSE;
    }
    char *maildir = g_build_filename(dir, "Maildir", NULL);
    if (!prepare_dir(dir, maildir, err)) {
        g_free(maildir);
        return FALSE;
    }
    /* GMime as the rest of the library has it, once: not shut down after,
     * under a caller that reads mail too. */
    pl_mail_init();
    gen g = {.maildir = maildir, .fmt = g_mime_format_options_new()};
    g_mime_format_options_set_newline_format(g.fmt, GMIME_NEWLINE_FORMAT_UNIX);

    /* The order of kinds is a seeded shuffle of the exact counts. */
    guint counts[DM__KINDS];
    kind_counts(conversations, counts);
    guint8 *plan = g_malloc(conversations);
    for (guint k = 0, i = 0; k < DM__KINDS; k++)
        for (guint j = 0; j < counts[k]; j++)
            plan[i++] = (guint8)k;
    dm_rng rng = {((guint64)seed << 32) ^ 0x5eedULL};
    for (guint i = conversations - 1; i > 0; i--) {
        guint j = dm_below(&rng, i + 1);
        guint8 tmp = plan[i];
        plan[i] = plan[j];
        plan[j] = tmp;
    }

    gboolean ok = TRUE;
    for (guint i = 0; i < conversations && ok; i++) {
        dm_kind k = plan[i];
        /* Each thread has its own stream, so threads do not shift each other. */
        dm_rng r = {dm_next(&(dm_rng){((guint64)seed << 32) + i})};
        dm_thread t;
        plan_thread(&t, &r, k, g.threads[k]);
        g.threads[k]++;
        g.known[k] += classifies(t.them->vcard);
        g.st.conversations++;
        ok = write_thread(&g, &t, &r, err);
        g_free(t.subject);
    }
    g_free(plan);

    if (ok) { /* something that is not mail: ingest must skip it, not fail */
        guchar junk[3000];
        for (gsize i = 0; i < sizeof junk; i++)
            junk[i] = (guchar)dm_next(&rng);
        memcpy(junk, "\0\0\x01\x02\x7f\xfe", 6);
        ok = write_file(&g, "cur", DM_NOW - 40 * DM_DAY, ":2,S", junk, sizeof junk, err);
    }
    if (ok) {
        gsize len;
        char *vcf = dm_contacts_vcf(&len);
        char *path = g_build_filename(dir, "contacts.vcf", NULL);
        ok = write_whole(path, vcf, len, err);
        g_free(path);
        g_free(vcf);
    }
    ok = ok && write_readme(dir, &g, seed, conversations, err);
    if (stats)
        *stats = g.st;
    g_mime_format_options_free(g.fmt);
    g_free(maildir);
    return ok;
}
