/* demo_store.c — synthetic events straight into the store, for benchmarks at
 * sizes where writing and parsing a million files would measure the disk,
 * not parley. Events go through the same write path as real mail
 * (pl_ingest_add: keys, threading, batching, aggregates), so a report over
 * them costs what it would over real mail of that size. */
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
