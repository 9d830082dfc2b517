/* conversation.c — derived facts of each conversation, recomputed for the
 * conversations an ingest, a label or a config change touched ("dirty").
 *
 * Reports read only these aggregates, which is what keeps `report value`
 * fast over millions of events. Everything here is recomputable from events,
 * participants and labels: refresh(all) after marking every conversation
 * dirty gives the same result as the incremental path.
 *
 * Time model (docs/model.md), seen from my seat: every human message I wrote
 * costs write-base-seconds + words / write-wpm, every other one costs
 * read-base-seconds + words / read-wpm; with no me configured the seat is the
 * team's (insiders write, outsiders are read). Calls and meetings cost their
 * real duration. Automated messages cost nothing and are no turns.
 */
#include "parley.h"

#include "classify.h"
#include "items_detect.h"
#include "ingest.h"
#include "store.h"

#include <string.h>

#define CHUNK 2000 /* conversations per read pass; bounds memory */

/* The event being read: its rows (one per participant) arrive together. */
typedef struct {
    gint64 id;
    int direction, channel; /* as stored */
    gboolean automated, ours, by_me, has_author, external_recipient, via_list;
    guint words;
    gint64 duration;
    guint det; /* its row in refresh_ctx.detect */
} event_acc;

typedef struct {
    pl_conv_summary s;
    char *counterpart, *subject;
    int best_rank;
    event_acc ev;
} conv_acc;

typedef struct {
    gint64 event_id;
    int direction;
} direction_fix;

typedef struct {
    const pl_config *cfg;
    pl_classifier *cls;
    GArray *done; /* conv_acc of the current chunk */
    conv_acc *cur;
    GHashTable *counts; /* counterpart key -> count, per conversation */
    GArray *fixes;      /* direction_fix: events whose direction changed */
    GArray *detect;     /* pl_detect_event: what open-item detection needs */
} refresh_ctx;

/* Direction relative to us, from who wrote and who received: list mail goes
 * out when one of us posts it, whoever else is on the list. */
static pl_direction direction_of(const event_acc *e)
{
    if (!e->has_author) /* a call with its caller ID withheld keeps the adapter's direction */
        return e->channel == PL_CH_CALL ? (pl_direction)e->direction : PL_DIR_UNKNOWN;
    if (!e->ours)
        return PL_DIR_IN;
    return (e->external_recipient || e->via_list) ? PL_DIR_OUT : PL_DIR_INTERNAL;
}

static void close_event(refresh_ctx *r, conv_acc *a)
{
    event_acc *e = &a->ev;
    if (!e->id)
        return;
    const pl_config *cfg = r->cfg;
    pl_direction d = direction_of(e);
    g_array_index(r->detect, pl_detect_event, e->det).direction = d;
    if ((int)d != e->direction) {
        direction_fix f = {e->id, d};
        g_array_append_val(r->fixes, f);
    }
    if (d == PL_DIR_IN)
        a->s.n_in++;
    else if (d == PL_DIR_OUT)
        a->s.n_out++;
    if (e->automated)
        return;
    a->s.n_human++;
    if (e->channel == PL_CH_CALL || e->channel == PL_CH_MEETING) {
        a->s.est_seconds += e->duration;
        a->s.duration_s += e->duration;
    } else if (cfg->me->len ? e->by_me : e->ours) {
        a->s.est_seconds += (gint64)(cfg->write_base_s + e->words * 60.0 / cfg->write_wpm);
    } else {
        a->s.est_seconds += (gint64)(cfg->read_base_s + e->words * 60.0 / cfg->read_wpm);
    }
}

static void close_conv(refresh_ctx *r)
{
    conv_acc *a = r->cur;
    if (!a)
        return;
    close_event(r, a);
    a->s.automated = a->s.n_human == 0;
    /* The counterpart: the most frequent external key of the winning category. */
    GHashTableIter it;
    gpointer k, v;
    int best = 0;
    g_hash_table_iter_init(&it, r->counts);
    while (g_hash_table_iter_next(&it, &k, &v))
        if (GPOINTER_TO_INT(v) > best ||
            (GPOINTER_TO_INT(v) == best && a->counterpart && strcmp(k, a->counterpart) < 0)) {
            best = GPOINTER_TO_INT(v);
            g_free(a->counterpart);
            a->counterpart = g_strdup(k);
        }
    g_hash_table_remove_all(r->counts);
    a->s.counterpart = a->counterpart;
    a->s.subject = a->subject;
    r->cur = NULL;
}

static gboolean on_row(const pl_conv_row *row, gpointer user)
{
    refresh_ctx *r = user;
    if (!r->cur || r->cur->s.id != row->conv_id) {
        close_conv(r);
        conv_acc fresh = {0};
        fresh.s.id = row->conv_id;
        fresh.s.category = PL_CAT_INTERNAL;
        fresh.best_rank = PL_CAT__COUNT + 1;
        fresh.s.first_ts = row->ts;
        g_assert(r->done->len < CHUNK); /* cur must not move: capacity is reserved */
        g_array_append_val(r->done, fresh);
        r->cur = &g_array_index(r->done, conv_acc, r->done->len - 1);
    }
    conv_acc *a = r->cur;
    event_acc *e = &a->ev;
    if (row->event_id != e->id) {
        close_event(r, a);
        memset(e, 0, sizeof *e);
        e->id = row->event_id;
        e->direction = row->direction;
        e->channel = row->channel;
        e->automated = (row->flags & PL_EV_AUTOMATED) != 0;
        e->words = row->words;
        e->duration = row->duration_s;
        pl_detect_event de = {.conv_id = row->conv_id,
                              .event_id = row->event_id,
                              .ts = row->ts,
                              .channel = row->channel,
                              .direction = row->direction,
                              .flags = row->flags,
                              .detect_v = row->detect_v,
                              .detect_n = row->detect_n};
        e->det = r->detect->len;
        g_array_append_val(r->detect, de);
        a->s.n_events++;
        a->s.last_ts = MAX(a->s.last_ts, row->ts);
        a->s.first_ts = MIN(a->s.first_ts, row->ts);
        if (!a->subject && row->subject)
            a->subject = g_strdup(row->subject);
    }
    if (!row->identity)
        return TRUE;
    pl_detect_event *de = &g_array_index(r->detect, pl_detect_event, e->det);
    pl_target_ids ids = {row->identity_id, row->person_id, row->org_id};
    if (row->is_list || row->role == PL_ROLE_LIST) {
        e->via_list = TRUE;
        if (!de->list.identity_id)
            de->list = ids;
        return TRUE;
    }
    gboolean me = pl_config_is_me(r->cfg, row->identity);
    pl_category c = me ? PL_CAT_INTERNAL
                       : pl_classify(r->cls, row->identity, row->identity_category,
                                     row->person_category, row->org_category);
    if (row->role == PL_ROLE_FROM) {
        e->has_author = TRUE;
        e->ours = pl_category_is_ours(c);
        e->by_me = me;
        de->author = ids;
    } else if (row->role != PL_ROLE_REPLY_TO && !pl_category_is_ours(c)) {
        e->external_recipient = TRUE;
        if (!me && !de->recipient.identity_id && row->role != PL_ROLE_BCC)
            de->recipient = ids;
    }
    if (me) {
        a->s.me = TRUE;
        return TRUE;
    }
    /* Automated senders (newsletters, auto-replies) are not counterparts. */
    if (e->automated && row->role == PL_ROLE_FROM)
        return TRUE;
    if (!pl_category_is_ours(c))
        a->s.external = TRUE;
    int rank = pl_category_precedence(c);
    if (rank < a->best_rank) {
        a->best_rank = rank;
        a->s.category = c;
        g_hash_table_remove_all(r->counts);
    }
    if (rank == a->best_rank && !pl_category_is_ours(c)) {
        char *key = pl_counterpart_key(row->identity);
        int n = GPOINTER_TO_INT(g_hash_table_lookup(r->counts, key));
        g_hash_table_insert(r->counts, key, GINT_TO_POINTER(n + 1));
    }
    return TRUE;
}

/* ------------------------------------------- conversations of one event */

/* A call is a conversation of its own: the bulk call path (store
 * call_add_batch) asks for its aggregates at insert, and gets them from the
 * same on_row / close_conv a refresh runs, so both give the same row. */
struct pl_conv_one {
    refresh_ctx r;
};

pl_conv_one *pl_conv_one_new(pl_store *st, const pl_config *cfg, GError **err)
{
    pl_classifier *cls = pl_classifier_new(st, cfg, err);
    if (!cls)
        return NULL;
    pl_conv_one *c = g_new0(pl_conv_one, 1);
    c->r = (refresh_ctx){cfg, cls, g_array_sized_new(FALSE, TRUE, sizeof(conv_acc), 1), NULL,
                         g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                         g_array_new(FALSE, FALSE, sizeof(direction_fix)),
                         /* filled by on_row; a single call gives no open items */
                         g_array_new(FALSE, TRUE, sizeof(pl_detect_event))};
    return c;
}

static void one_clear(pl_conv_one *c)
{
    for (guint i = 0; i < c->r.done->len; i++) {
        conv_acc *a = &g_array_index(c->r.done, conv_acc, i);
        g_free(a->counterpart);
        g_free(a->subject);
    }
    g_array_set_size(c->r.done, 0);
    g_array_set_size(c->r.fixes, 0);
    g_array_set_size(c->r.detect, 0);
}

void pl_conv_one_free(pl_conv_one *c)
{
    if (!c)
        return;
    one_clear(c);
    g_array_free(c->r.done, TRUE);
    g_array_free(c->r.fixes, TRUE);
    g_array_free(c->r.detect, TRUE);
    g_hash_table_destroy(c->r.counts);
    pl_classifier_free(c->r.cls);
    g_free(c);
}

void pl_conv_one_compute(const pl_conv_row *rows, guint n, pl_conv_summary *out, int *direction,
                         gpointer user)
{
    pl_conv_one *c = user;
    g_assert(n >= 1);
    one_clear(c);
    for (guint i = 0; i < n; i++) {
        g_assert(rows[i].conv_id == rows[0].conv_id && rows[i].event_id == rows[0].event_id);
        on_row(&rows[i], &c->r);
    }
    close_conv(&c->r);
    g_assert(c->r.done->len == 1);
    *out = g_array_index(c->r.done, conv_acc, 0).s;
    *direction =
        c->r.fixes->len ? g_array_index(c->r.fixes, direction_fix, 0).direction : rows[0].direction;
}

/* ------------------------------------ conversations built event by event */

/* A chat session is written a message at a time over many batches: its
 * aggregates are folded here as its events go in, by the same on_row /
 * close_event / close_conv a refresh runs, so the row saved at the end is
 * the one a refresh would compute. Each fold keeps its own counterpart
 * counts; the context's classifier and scratch arrays are shared. */
struct pl_conv_fold {
    conv_acc a;
    GHashTable *counts;
};

pl_conv_fold *pl_conv_fold_new(gint64 conv_id)
{
    pl_conv_fold *f = g_new0(pl_conv_fold, 1);
    f->a.s.id = conv_id;
    f->a.s.category = PL_CAT_INTERNAL;
    f->a.best_rank = PL_CAT__COUNT + 1;
    f->a.s.first_ts = G_MAXINT64;
    f->counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return f;
}

void pl_conv_fold_free(pl_conv_fold *f)
{
    if (!f)
        return;
    g_free(f->a.counterpart);
    g_free(f->a.subject);
    g_hash_table_destroy(f->counts);
    g_free(f);
}

int pl_conv_one_event(pl_conv_one *c, pl_conv_fold *f, const pl_conv_row *rows, guint n,
                      pl_detect_event *de)
{
    refresh_ctx *r = &c->r;
    g_assert(n >= 1);
    g_array_set_size(r->detect, 0);
    g_array_set_size(r->fixes, 0);
    /* Without a fold only the direction is wanted: a scratch conversation
     * with the context's own counts, emptied again. */
    conv_acc scratch = {0};
    conv_acc *a = f ? &f->a : &scratch;
    if (!f) {
        scratch.s.id = rows[0].conv_id;
        scratch.best_rank = PL_CAT__COUNT + 1;
    }
    g_assert(a->s.id == rows[0].conv_id && a->ev.id == 0);
    GHashTable *own = r->counts;
    if (f)
        r->counts = f->counts;
    r->cur = a;
    for (guint i = 0; i < n; i++) {
        g_assert(rows[i].event_id == rows[0].event_id && rows[i].conv_id == rows[0].conv_id);
        on_row(&rows[i], r);
    }
    int direction = direction_of(&a->ev);
    close_event(r, a);
    a->ev.id = 0; /* closed: close_conv must not count it again */
    g_assert(r->detect->len == 1);
    if (de)
        *de = g_array_index(r->detect, pl_detect_event, 0);
    r->cur = NULL;
    r->counts = own;
    if (!f) {
        g_hash_table_remove_all(own);
        g_free(scratch.subject);
    }
    return direction;
}

void pl_conv_fold_finish(pl_conv_one *c, pl_conv_fold *f, pl_conv_summary *out)
{
    refresh_ctx *r = &c->r;
    GHashTable *own = r->counts;
    r->counts = f->counts;
    r->cur = &f->a;
    close_conv(r);
    r->counts = own;
    g_assert(f->a.s.n_events > 0);
    *out = f->a.s;
}

static char *config_fingerprint(const pl_config *c)
{
    GString *s = g_string_new("v1");
    GPtrArray *lists[] = {c->me,        c->internal,       c->managers,
                          c->frontline, c->freemail_extra, c->internal_numbers};
    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++) {
        g_string_append_c(s, '|');
        for (guint j = 0; j < lists[i]->len; j++)
            g_string_append_printf(s, "%s,", (char *)lists[i]->pdata[j]);
    }
    g_string_append_printf(s, "|%g|%g|%g|%g", c->read_wpm, c->write_wpm, c->read_base_s,
                           c->write_base_s);
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, s->str, -1);
    g_string_free(s, TRUE);
    return sum;
}

gboolean pl_conversations_refresh(pl_store *st, const pl_config *cfg, GError **err)
{
    /* A different me / internal / time model changes every aggregate. */
    char *fp = config_fingerprint(cfg);
    char *old = st->ops->meta_get(st, "config-fingerprint");
    gboolean ok = st->ops->begin(st, err);
    if (ok && g_strcmp0(fp, old) != 0)
        ok = st->ops->conv_mark_dirty_all(st, err) &&
             st->ops->meta_set(st, "config-fingerprint", fp, err);
    g_free(fp);
    g_free(old);
    pl_classifier *cls = ok ? pl_classifier_new(st, cfg, err) : NULL;
    refresh_ctx r = {cfg,
                     cls,
                     g_array_sized_new(FALSE, TRUE, sizeof(conv_acc), CHUNK),
                     NULL,
                     g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                     g_array_new(FALSE, FALSE, sizeof(direction_fix)),
                     g_array_new(FALSE, TRUE, sizeof(pl_detect_event))};
    ok = ok && cls && st->ops->conv_drop_empty(st, err);
    while (ok) {
        g_array_set_size(r.done, 0);
        g_array_set_size(r.fixes, 0);
        g_array_set_size(r.detect, 0);
        ok = st->ops->conv_rows_dirty(st, CHUNK, on_row, &r, err);
        close_conv(&r);
        if (!ok || r.done->len == 0)
            break;
        for (guint i = 0; ok && i < r.done->len; i++) {
            conv_acc *a = &g_array_index(r.done, conv_acc, i);
            ok = st->ops->conv_save(st, &a->s, err);
        }
        for (guint i = 0; ok && i < r.fixes->len; i++) {
            direction_fix *f = &g_array_index(r.fixes, direction_fix, i);
            ok = st->ops->event_set_direction(st, f->event_id, f->direction, err);
        }
        /* Open items follow the directions just computed (items_detect.c). */
        ok = ok && pl_items_detect(st, cfg, r.detect, FALSE, err);
        for (guint i = 0; i < r.done->len; i++) {
            conv_acc *a = &g_array_index(r.done, conv_acc, i);
            g_free(a->counterpart);
            g_free(a->subject);
        }
    }
    if (ok)
        ok = st->ops->commit(st, err);
    else
        st->ops->rollback(st);
    g_array_free(r.done, TRUE);
    g_array_free(r.fixes, TRUE);
    g_array_free(r.detect, TRUE);
    g_hash_table_destroy(r.counts);
    pl_classifier_free(cls);
    return ok;
}
