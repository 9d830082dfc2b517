/* demo_store.c — synthetic events straight into the store, for benchmarks at
 * sizes where writing and parsing a million files would measure the disk,
 * not parley. Events go through the same write path as real mail
 * (pl_ingest_add: keys, threading, batching, aggregates), so a report over
 * them costs what it would over real mail of that size. Logged calls with
 * follow-ups (pl_demo_fill_items) take the path `parley log` takes, without
 * a process and a target lookup per call. */
#include "ingest.h"

#include <string.h>

/* splitmix64: small, fast, and the same on every platform and GLib. */
static guint64 next(guint64 *s)
{
    guint64 z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static guint pick(guint64 *s, guint n)
{
    return (guint)(next(s) % n);
}

static const char *const outside_domains[] = {
    /* customers */ "northwind.example",
    "contoso.example",
    "initech.example",
    "globex.example",
    "umbrella.example",
    "hooli.example",
    "vandelay.example",
    "wonka.example",
    /* prospects */ "piedpiper.example",
    "stark.example",
    /* vendors, partners */ "parts.example",
    "cloudhost.example",
    "lawfirm.example",
    /* nobody labelled these */ "unknown-a.example",
    "unknown-b.example",
    "gmail.com",
};

gboolean pl_demo_fill_store(pl_store *st, const pl_config *cfg, guint32 seed, guint64 events,
                            pl_ingest_stats *stats, GError **err)
{
    static const pl_ingest_opts no_opts;
    pl_ingest ing;
    if (!pl_ingest_begin(&ing, st, cfg, &no_opts, stats, err))
        return FALSE;
    guint64 s = seed;
    const gint64 end = 1795132800; /* 2026-11-20 00:00 UTC: fixed, never "now" */
    const gint64 span = 2 * 365 * 86400LL;
    gboolean ok = TRUE;
    guint64 made = 0, thread = 0;
    char from[64], to[64];
    while (ok && made < events) {
        thread++;
        guint len = 1 + pick(&s, 6);
        gboolean colleague = pick(&s, 4) == 0; /* a quarter of threads stay inside */
        char them[64];
        if (colleague)
            g_snprintf(them, sizeof them, "staff%u@acme.example", pick(&s, 40));
        else
            g_snprintf(them, sizeof them, "person%u@%s", pick(&s, 150),
                       outside_domains[pick(&s, G_N_ELEMENTS(outside_domains))]);
        gint64 ts = end - span + (gint64)(next(&s) % (guint64)span);
        char *prev_ids = NULL;
        for (guint i = 0; ok && i < len && made < events; i++, made++) {
            gboolean mine = (i % 2) == (pick(&s, 2) ? 0u : 1u);
            g_strlcpy(from, mine ? "jane@acme.example" : them, sizeof from);
            g_strlcpy(to, mine ? them : "jane@acme.example", sizeof to);
            pl_event *ev = pl_event_new(PL_CH_EMAIL);
            ev->ts = ts;
            ev->words = 20 + pick(&s, 280);
            ev->bytes = 600 + ev->words * 6;
            ev->message_id = g_strdup_printf("%" G_GUINT64_FORMAT ".%u@bench.example", thread, i);
            ev->source_key = g_strdup_printf("mid:%s", ev->message_id);
            ev->subject = g_strdup_printf("%sThread %" G_GUINT64_FORMAT, i ? "Re: " : "", thread);
            if (prev_ids) {
                char **v = g_strsplit(prev_ids, " ", -1);
                for (char **r = v; *r; r++)
                    g_ptr_array_add(ev->refs, g_strdup(*r));
                g_strfreev(v);
            }
            pl_event_add_participant(ev, PL_ID_EMAIL, from, NULL, PL_ROLE_FROM);
            pl_event_add_participant(ev, PL_ID_EMAIL, to, NULL, PL_ROLE_TO);
            char *ids = prev_ids ? g_strconcat(prev_ids, " ", ev->message_id, NULL)
                                 : g_strdup(ev->message_id);
            g_free(prev_ids);
            prev_ids = ids;
            ok = pl_ingest_add(&ing, ev, 0, NULL, err) && pl_ingest_maybe_commit(&ing, err);
            pl_event_free(ev);
            ts += 600 + (gint64)pick(&s, 2 * 86400);
        }
        g_free(prev_ids);
    }
    return pl_ingest_finish(&ing, ok, err) && ok;
}

/* What a demo follow-up says; "%u" is a quantity. */
static const char *const followups[] = {
    "send the revised quote for %u units",
    "call back about the delivery date of order %u",
    "book the demo for %u seats",
    "check the invoice, %u days overdue",
    "ask about the contract renewal; %u licences",
    "introduce them to our support lead (ticket %u)",
};

gboolean pl_demo_fill_items(pl_store *st, const pl_config *cfg, guint32 seed, guint64 items,
                            pl_ingest_stats *stats, GError **err)
{
    static const pl_ingest_opts no_opts;
    pl_ingest ing;
    if (!pl_ingest_begin(&ing, st, cfg, &no_opts, stats, err))
        return FALSE;
    /* Another stream than the mail's: the same seed gives other draws. */
    guint64 s = seed ^ 0x5DEECE66Dull;
    const gint64 end = 1795132800; /* the mail's fixed end, 2026-11-20 00:00 UTC */
    const gint64 span = 180 * 86400LL;
    gboolean ok = TRUE;
    guint64 made = 0;
    gint64 src = st->ops->source_id(st, "manual", "parley demo", err);
    ok = src != 0;
    while (ok && made < items) {
        /* One draw per statement: the order of a call's arguments is the
         * compiler's, and the stream must not depend on it. */
        char them[64], key[64];
        guint who = pick(&s, 150);
        const char *domain = outside_domains[pick(&s, G_N_ELEMENTS(outside_domains))];
        g_snprintf(them, sizeof them, "person%u@%s", who, domain);
        guint64 u1 = next(&s);
        guint64 u2 = next(&s);
        /* A version 4 UUID drawn from the stream, as `parley log` makes one. */
        g_snprintf(key, sizeof key, "log:%08x-%04x-4%03x-%04x-%012" G_GINT64_MODIFIER "x",
                   (guint)(u1 >> 32), (guint)(u1 >> 16) & 0xffff, (guint)u1 & 0xfff,
                   0x8000 | ((guint)(u2 >> 48) & 0x3fff), (guint64)(u2 & 0xffffffffffffull));
        gint64 ts = end - span + (gint64)(next(&s) % (guint64)span);
        pl_event *ev = pl_event_new(PL_CH_CALL);
        ev->ts = ts;
        ev->duration_s = 60 + pick(&s, 1800);
        ev->subject = g_strdup_printf("Call with %s", them);
        ev->source_key = g_strdup(key);
        ev->flags = PL_EV_HUMAN_ANSWER; /* a call someone logs was talked through */
        pl_event_add_participant(ev, PL_ID_EMAIL, "jane@acme.example", NULL, PL_ROLE_FROM);
        pl_event_add_participant(ev, PL_ID_EMAIL, them, NULL, PL_ROLE_TO);
        ok = pl_ingest_add(&ing, ev, src, "parley demo", err);
        gint64 event_id = ing.last_event_id;
        gboolean fresh = ing.last_new;
        pl_event_free(ev);
        pl_target_ids about = {0};
        if (ok && fresh) {
            about.identity_id = st->ops->identity_ensure(st, PL_ID_EMAIL, them, NULL, err);
            ok = about.identity_id != 0;
        }
        /* One to three follow-ups per call; most have a day to be done by,
         * some a clock time, some none; a quarter are closed by now. */
        guint n = 1 + pick(&s, 3);
        /* Every draw is made whether or not the call was there already, so
         * a second run walks the same stream and finds every key. */
        for (guint i = 0; ok && i < n && made < items; i++, made++) {
            char *item_key = g_strdup_printf("%s#%u", key, i + 1);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
            const char *what = followups[pick(&s, G_N_ELEMENTS(followups))];
            guint qty = 2 + pick(&s, 200);
            char *text = g_strdup_printf(what, qty);
#pragma GCC diagnostic pop
            guint shape = pick(&s, 20);
            gint64 due = 0;
            gboolean has_time = FALSE;
            if (shape < 17) /* a day (its midnight UTC), one in six with a time */
                due = (ts / 86400 + 1 + pick(&s, 45)) * 86400;
            if (shape >= 14 && shape < 17) {
                due += (9 + pick(&s, 8)) * 3600; /* office hours */
                has_time = TRUE;
            }
            pl_item it = {.key = item_key,
                          .kind = "follow-up",
                          .origin = "logged",
                          .text = text,
                          .due_ts = due,
                          .due_has_time = has_time,
                          .created_ts = ts,
                          .source_event_id = event_id,
                          .source_sentence = text,
                          .about = about};
            guint fate = pick(&s, 20);
            gint64 closed = ts + 3600 + pick(&s, 20 * 86400), id = 0;
            if (fresh)
                ok = st->ops->item_add(st, &it, &id, err) != PL_ADD_FAILED;
            if (ok && fresh && fate < 5) {
                gboolean was_open = FALSE;
                ok = st->ops->item_close(st, id, fate < 4 ? "done" : "dismissed",
                                         "jane@acme.example", closed, &was_open, err);
            }
            g_free(text);
            g_free(item_key);
        }
        ok = ok && pl_ingest_maybe_commit(&ing, err);
    }
    return pl_ingest_finish(&ing, ok, err) && ok;
}
