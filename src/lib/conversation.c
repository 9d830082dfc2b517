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
 *
 * The same pass finds the runs of customer messages `report response`
 * times (response_runs.c), since it already reads every event of the
 * conversation in order with its author classified.
 */
#include "parley.h"

#include "classify.h"
#include "ingest.h"
#include "contact_summary.h"
#include "direction.h"
#include "signature_links.h"
#include "items_detect.h"
#include "response_runs.h"
#include "store.h"

#include <string.h>

/* Conversations per chunk: bounds memory, and is what the writer saves
 * while the next chunk is read (pl_conversations_refresh). */
#define CHUNK 500

/* The event being read: its rows (one per participant) arrive together. */
typedef struct {
    gint64 id, ts;
    pl_direction_facts dir; /* its channel and stored direction, and what its rows add */
    guint flags;
    gboolean automated, by_me;
    guint words;
    gint64 duration;
    guint det; /* its row in refresh_ctx.detect */
    /* its author as report response sees it: the from participant of
     * lowest identity id, list or not, and that one's category */
    gint64 author_id;
    int author_category; /* -1 = none */
    const char *subject; /* in refresh_ctx.subjects */
} event_acc;

typedef struct {
    pl_conv_summary s;
    char *counterpart, *subject;
    pl_response_run *runs; /* one block (response_runs.c) */
    gboolean inbound;      /* an inbound human event was met */
    int best_rank;
    event_acc ev;
    guint touch0, touches; /* its pl_conv_touch in refresh_ctx.touches */
} conv_acc;

typedef struct {
    gint64 event_id;
    int direction;
} direction_fix;

typedef struct {
    const pl_config *cfg;
    pl_classifier *cls; /* made on the first row: a refresh with nothing to do needs none */
    GArray *done;       /* conv_acc of the current chunk */
    conv_acc *cur;
    GHashTable *counts;     /* counterpart key -> count, per conversation */
    GArray *fixes;          /* direction_fix: events whose direction changed */
    GArray *detect;         /* pl_detect_event: what open-item detection needs */
    GArray *touches;        /* pl_conv_touch of the chunk's conversations, in order */
    GHashTable *touch_at;   /* identity id -> index+1 in touches, per conversation */
    GHashTable *marks;      /* contacts whose summary an ingest may have changed */
    GHashTable *bare;       /* identity id -> pl_contact_sum of an identity of nobody's */
    GArray *resp;           /* pl_resp_event of the conversation being read */
    GStringChunk *subjects; /* their subjects */
    pl_resp_scratch *runs;
    pl_store *st;
    GError *cls_err; /* why the classifier could not be made */
    /* A bulk path's context (pl_conv_one): it keeps touches and contact
     * marks itself, and classifies each identity once: its classifier is a
     * snapshot taken at the start, as are the identity's categories. */
    GHashTable *cats;     /* identity id -> ident_cat; NULL outside bulk paths */
    pl_items_plan *items; /* the chunk's open items, decided as it was read */
} refresh_ctx;

static void close_event(refresh_ctx *r, conv_acc *a)
{
    event_acc *e = &a->ev;
    if (!e->id)
        return;
    const pl_config *cfg = r->cfg;
    pl_direction d = pl_direction_of(&e->dir);
    g_array_index(r->detect, pl_detect_event, e->det).direction = d;
    if ((int)d != e->dir.direction) {
        direction_fix f = {e->id, d};
        g_array_append_val(r->fixes, f);
    }
    pl_resp_event re = {e->ts,        e->dir.channel,     d,         e->flags,
                        e->author_id, e->author_category, e->subject};
    g_array_append_val(r->resp, re);
    if (d == PL_DIR_IN && !e->automated) {
        if (!a->inbound)
            a->s.inbound_first_ts = e->ts; /* events come in time order */
        a->s.inbound_last_ts = e->ts;
        a->inbound = TRUE;
    }
    if (d == PL_DIR_IN)
        a->s.n_in++;
    else if (d == PL_DIR_OUT)
        a->s.n_out++;
    if (e->automated)
        return;
    a->s.n_human++;
    if (e->dir.channel == PL_CH_CALL || e->dir.channel == PL_CH_MEETING) {
        a->s.est_seconds += e->duration;
        a->s.duration_s += e->duration;
    } else if (cfg->me->len ? e->by_me : e->dir.ours) {
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
    a->touches = r->touches->len - a->touch0;
    g_hash_table_remove_all(r->touch_at);
    /* Only conversations someone outside wrote in count their automated
     * messages for report response. */
    a->s.n_automated = a->inbound ? a->s.n_events - a->s.n_human : 0;
    a->runs = pl_response_runs((const pl_resp_event *)(void *)r->resp->data, r->resp->len,
                               a->s.category, a->s.id, r->runs, &a->s.n_runs);
    a->s.runs = a->runs;
    g_array_set_size(r->resp, 0);
    g_string_chunk_clear(r->subjects);
    r->cur = NULL;
}

static void bare_free(gpointer p)
{
    pl_contact_sum *s = p;
    g_free((char *)s->name);
    g_free(s);
}

/* The call list's touch of this identity (newest event with it), and what
 * an ingest may have changed about its contact's summary: an identity of
 * nobody's (new, or newly named) has its summary made here, from this very
 * row; an address now known to be a list, or one whose person has no name
 * of its own (the identity's name stands in), marks its contact for the
 * summary refresh. Everything else about a person's summary changes only
 * through contacts, labels or config, which mark it. */
static void add_touch(refresh_ctx *r, const pl_conv_row *row)
{
    g_assert(row->identity_id > 0);
    gint64 contact = row->person_id > 0 ? row->person_id : -row->identity_id;
    guint at = GPOINTER_TO_UINT(g_hash_table_lookup(r->touch_at, &row->identity_id));
    if (at) {
        pl_conv_touch *t = &g_array_index(r->touches, pl_conv_touch, at - 1);
        t->last_ts = MAX(t->last_ts, row->ts);
    } else {
        pl_conv_touch t = {row->identity_id, contact, row->ts};
        g_array_append_val(r->touches, t);
        g_hash_table_insert(r->touch_at, g_memdup2(&row->identity_id, sizeof(gint64)),
                            GUINT_TO_POINTER(r->touches->len));
    }
    if (row->is_list || (row->person_id > 0 && !row->person_named)) {
        g_hash_table_add(r->marks, g_memdup2(&contact, sizeof contact));
    } else if (row->person_id <= 0 && !g_hash_table_contains(r->bare, &row->identity_id)) {
        pl_contact_sum *s = g_new0(pl_contact_sum, 1);
        s->id = contact;
        s->identity_id = row->identity_id;
        s->name = g_strdup(row->identity_name ? row->identity_name : row->identity);
        s->customer =
            pl_classify(r->cls, row->identity, row->identity_category, -1, -1) == PL_CAT_CUSTOMER;
        g_hash_table_insert(r->bare, g_memdup2(&row->identity_id, sizeof(gint64)), s);
    }
}

typedef struct {
    int icat, pcat, ocat; /* what it was classified from */
    int category;         /* -1: one of us (me) */
} ident_cat;

static pl_category row_category(refresh_ctx *r, const pl_conv_row *row, gboolean *me)
{
    ident_cat *k = r->cats ? g_hash_table_lookup(r->cats, &row->identity_id) : NULL;
    if (k && k->icat == row->identity_category && k->pcat == row->person_category &&
        k->ocat == row->org_category) {
        *me = k->category < 0;
        return *me ? PL_CAT_INTERNAL : (pl_category)k->category;
    }
    *me = pl_config_is_me(r->cfg, row->identity);
    pl_category c =
        *me ? PL_CAT_INTERNAL
            : pl_classify_person(r->cls, row->identity, row->person_address, row->identity_category,
                                 row->person_category, row->org_category);
    if (r->cats) {
        g_assert(row->identity_id > 0);
        if (!k) {
            if (g_hash_table_size(r->cats) >= 65536) /* bounded, as the bulk identity cache */
                g_hash_table_remove_all(r->cats);
            k = g_new(ident_cat, 1);
            g_hash_table_insert(r->cats, g_memdup2(&row->identity_id, sizeof(gint64)), k);
        }
        *k = (ident_cat){row->identity_category, row->person_category, row->org_category,
                         *me ? -1 : (int)c};
    }
    return c;
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
        fresh.touch0 = r->touches->len;
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
        e->ts = row->ts;
        e->dir.direction = row->direction;
        e->dir.channel = row->channel;
        e->flags = row->flags;
        e->author_category = -1;
        e->subject = row->subject ? g_string_chunk_insert(r->subjects, row->subject) : NULL;
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
    if (!r->cls && !(r->cls = pl_classifier_new(r->st, r->cfg, &r->cls_err)))
        return FALSE;
    if (!r->cats)
        add_touch(r, row);
    gboolean listed = row->is_list || row->role == PL_ROLE_LIST;
    if (listed) {
        pl_direction_facts_add(&e->dir, row->role, TRUE, FALSE);
        if (!de->list.identity_id)
            de->list = ids;
        if (row->role != PL_ROLE_FROM)
            return TRUE;
    }
    gboolean me;
    pl_category c = row_category(r, row, &me);
    if (row->role == PL_ROLE_FROM && (e->author_category < 0 || row->identity_id < e->author_id)) {
        g_assert(row->identity_id > 0);
        e->author_id = row->identity_id;
        e->author_category = c;
    }
    if (listed)
        return TRUE; /* a list is nobody: only report response takes it as an author */
    pl_direction_facts_add(&e->dir, row->role, FALSE, pl_category_is_ours(c));
    if (row->role == PL_ROLE_FROM) {
        e->by_me = me;
        de->author = ids;
    } else if (row->role != PL_ROLE_REPLY_TO && !pl_category_is_ours(c) && !me &&
               !de->recipient.identity_id && row->role != PL_ROLE_BCC) {
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
        /* A number counts where its person is: the domain of their address. */
        char *key = pl_counterpart_key(row->person_address && !pl_address_domain(row->identity)
                                           ? row->person_address
                                           : row->identity);
        int n = GPOINTER_TO_INT(g_hash_table_lookup(r->counts, key));
        g_hash_table_insert(r->counts, key, GINT_TO_POINTER(n + 1));
    }
    return TRUE;
}

/* A context for conv_cap conversations at a time; bulk: a bulk path's
 * (pl_conv_one), which caches categories and keeps no touches. */
static void ctx_init(refresh_ctx *r, pl_store *st, const pl_config *cfg, guint conv_cap,
                     gboolean bulk)
{
    *r = (refresh_ctx){
        .cfg = cfg,
        .done = g_array_sized_new(FALSE, TRUE, sizeof(conv_acc), conv_cap),
        .counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .fixes = g_array_new(FALSE, FALSE, sizeof(direction_fix)),
        .detect = g_array_new(FALSE, TRUE, sizeof(pl_detect_event)),
        .touches = g_array_new(FALSE, FALSE, sizeof(pl_conv_touch)),
        .touch_at = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .marks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL),
        .bare = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, bare_free),
        .resp = g_array_new(FALSE, FALSE, sizeof(pl_resp_event)),
        .subjects = g_string_chunk_new(bulk ? 256 : 4096),
        .runs = pl_resp_scratch_new(),
        .st = st,
        .cats = bulk ? g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, g_free) : NULL,
    };
}

static void ctx_clear(refresh_ctx *r)
{
    g_array_free(r->done, TRUE);
    g_array_free(r->fixes, TRUE);
    g_array_free(r->detect, TRUE);
    g_array_free(r->touches, TRUE);
    g_array_free(r->resp, TRUE);
    g_string_chunk_free(r->subjects);
    pl_resp_scratch_free(r->runs);
    g_hash_table_destroy(r->counts);
    g_hash_table_destroy(r->touch_at);
    g_hash_table_destroy(r->marks);
    g_hash_table_destroy(r->bare);
    if (r->cats)
        g_hash_table_destroy(r->cats);
    pl_classifier_free(r->cls);
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
    /* All that on_row fills; of it only the aggregates are asked for (a
     * single call gives no open items, and the bulk path writes its touches
     * and contact marks itself). */
    ctx_init(&c->r, st, cfg, 1, TRUE);
    c->r.cls = cls;
    return c;
}

/* The strings a chunk of conversations holds, freed, and the chunk
 * emptied for the next (a refresh's, or a single conversation's). */
static void chunk_release(refresh_ctx *r)
{
    for (guint i = 0; i < r->done->len; i++) {
        conv_acc *a = &g_array_index(r->done, conv_acc, i);
        g_free(a->counterpart);
        g_free(a->subject);
        g_free(a->runs);
    }
    g_array_set_size(r->done, 0);
    g_array_set_size(r->fixes, 0);
    pl_items_plan_free(r->items); /* before detect: it points into it */
    r->items = NULL;
    g_array_set_size(r->detect, 0);
    g_array_set_size(r->touches, 0);
    g_hash_table_remove_all(r->marks);
    g_hash_table_remove_all(r->bare);
}

static void one_clear(pl_conv_one *c)
{
    chunk_release(&c->r);
    g_hash_table_remove_all(c->r.touch_at);
}

void pl_conv_one_free(pl_conv_one *c)
{
    if (!c)
        return;
    one_clear(c);
    ctx_clear(&c->r);
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
    GHashTable *counts;     /* the context's counts, while one of its events is read */
    GArray *resp;           /* ... its pl_resp_event so far */
    GStringChunk *subjects; /* ... and their subjects */
};

pl_conv_fold *pl_conv_fold_new(gint64 conv_id)
{
    pl_conv_fold *f = g_new0(pl_conv_fold, 1);
    f->a.s.id = conv_id;
    f->a.s.category = PL_CAT_INTERNAL;
    f->a.best_rank = PL_CAT__COUNT + 1;
    f->a.s.first_ts = G_MAXINT64;
    f->counts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    f->resp = g_array_new(FALSE, FALSE, sizeof(pl_resp_event));
    f->subjects = g_string_chunk_new(256);
    return f;
}

void pl_conv_fold_free(pl_conv_fold *f)
{
    if (!f)
        return;
    g_free(f->a.counterpart);
    g_free(f->a.subject);
    g_free(f->a.runs);
    g_hash_table_destroy(f->counts);
    g_array_free(f->resp, TRUE);
    g_string_chunk_free(f->subjects);
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
    GArray *own_resp = r->resp;
    GStringChunk *own_subjects = r->subjects;
    if (f) {
        r->counts = f->counts;
        r->resp = f->resp;
        r->subjects = f->subjects;
    }
    r->cur = a;
    for (guint i = 0; i < n; i++) {
        g_assert(rows[i].event_id == rows[0].event_id && rows[i].conv_id == rows[0].conv_id);
        on_row(&rows[i], r);
    }
    int direction = pl_direction_of(&a->ev.dir);
    close_event(r, a);
    a->ev.id = 0; /* closed: close_conv must not count it again */
    g_assert(r->detect->len == 1);
    if (de)
        *de = g_array_index(r->detect, pl_detect_event, 0);
    r->cur = NULL;
    r->counts = own;
    r->resp = own_resp;
    r->subjects = own_subjects;
    if (!f) {
        g_hash_table_remove_all(own);
        g_array_set_size(own_resp, 0);
        g_string_chunk_clear(own_subjects);
        g_free(scratch.subject);
    }
    /* The bulk chat path keeps touches and contact marks set-wise
     * (sq_bulk_summaries). */
    g_array_set_size(r->touches, 0);
    g_hash_table_remove_all(r->touch_at);
    g_hash_table_remove_all(r->marks);
    g_hash_table_remove_all(r->bare);
    return direction;
}

void pl_conv_fold_finish(pl_conv_one *c, pl_conv_fold *f, pl_conv_summary *out)
{
    refresh_ctx *r = &c->r;
    GHashTable *own = r->counts;
    GArray *own_resp = r->resp;
    GStringChunk *own_subjects = r->subjects;
    r->counts = f->counts;
    r->resp = f->resp;
    r->subjects = f->subjects;
    r->cur = &f->a;
    g_free(f->a.runs); /* a fold finished twice keeps the newest runs */
    f->a.runs = NULL;
    close_conv(r);
    r->counts = own;
    r->resp = own_resp;
    r->subjects = own_subjects;
    g_array_set_size(r->touches, 0);
    g_hash_table_remove_all(r->touch_at);
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

static gboolean save_chunk(pl_store *st, refresh_ctx *r, GError **err)
{
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < r->done->len; i++) {
        conv_acc *a = &g_array_index(r->done, conv_acc, i);
        ok = st->ops->conv_save(st, &a->s, err) &&
             st->ops->conv_touch_save(st, a->s.id,
                                      &g_array_index(r->touches, pl_conv_touch, a->touch0),
                                      a->touches, err);
    }
    for (guint i = 0; ok && i < r->fixes->len; i++) {
        direction_fix *f = &g_array_index(r->fixes, direction_fix, i);
        ok = st->ops->event_set_direction(st, f->event_id, f->direction, err);
    }
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, r->marks);
    while (ok && g_hash_table_iter_next(&it, &k, NULL))
        ok = st->ops->contact_mark_dirty(st, *(gint64 *)k, err);
    g_hash_table_iter_init(&it, r->bare);
    while (ok && g_hash_table_iter_next(&it, NULL, &k))
        ok = st->ops->contact_summary_set(st, ((pl_contact_sum *)k)->id, k, err);
    return ok;
}

/* Reading: the rows of the chunk after `after` into r's aggregates, and
 * the changes to its open items that follow from them; pure computation
 * over what rd gives. */
static gboolean read_chunk(pl_store *rd, refresh_ctx *r, gint64 after, gint64 *upto, GError **err)
{
    chunk_release(r);
    gboolean ok = rd->ops->conv_rows_dirty(rd, after, CHUNK, on_row, r, upto, err);
    if (ok && r->cls_err) {
        g_propagate_error(err, r->cls_err);
        r->cls_err = NULL;
        ok = FALSE;
    }
    close_conv(r);
    /* Open items follow the directions just computed (items_detect.c);
     * the chunk's sentences and items are read here, on the reader's
     * connection, and only the changes are the writer's. */
    if (ok && r->done->len)
        ok = (r->items = pl_items_plan_new(rd, r->cfg, r->detect, FALSE, err)) != NULL;
    return ok;
}

/* Writing: a read chunk's aggregates, directions and open items. */
static gboolean write_chunk(pl_store *st, refresh_ctx *r, GError **err)
{
    gboolean ok = !r->done->len || save_chunk(st, r, err);
    ok = ok && (!r->items || pl_items_plan_apply(st, r->items, err));
    chunk_release(r);
    return ok;
}

/* The refresh as two threads: one reads chunks on a connection of its own
 * (the store's reader_open) while this one saves the chunk before. Reading
 * is over half of a refresh (the rows of every event, and what is computed
 * from them), and at the end of an import it was the one thing running. */
static refresh_ctx *const READ_END = (refresh_ctx *)&READ_END;

typedef struct {
    pl_store *rd;
    gint64 after;       /* where the reader starts: the first chunk is read by the writer */
    GAsyncQueue *full;  /* refresh_ctx * read, to be written; READ_END after the last */
    GAsyncQueue *empty; /* refresh_ctx * written, to be read into */
    gint cancel;        /* the writer failed: read no more */
    GError *err;        /* why reading stopped early */
} pipeline;

static gpointer reader_main(gpointer data)
{
    pipeline *p = data;
    gint64 after = p->after, upto = 0;
    do {
        refresh_ctx *r = g_async_queue_pop(p->empty);
        if (g_atomic_int_get(&p->cancel) || !read_chunk(p->rd, r, after, &upto, &p->err))
            break;
        g_async_queue_push(p->full, r);
        after = upto;
    } while (upto != G_MAXINT64);
    g_async_queue_push(p->full, READ_END);
    return NULL;
}

static gboolean refresh_chunks(pl_store *st, refresh_ctx ctx[2], GError **err)
{
    /* The first chunk is read here: most refreshes (a brief, a report after
     * a label) have one chunk or none, and need no second connection. */
    gint64 upto = 0;
    if (!read_chunk(st, &ctx[0], 0, &upto, err))
        return FALSE;
    pipeline p = {0};
    if (upto != G_MAXINT64 && st->ops->reader_open)
        p.rd = st->ops->reader_open(st, NULL);
    if (!p.rd) { /* no second connection: write and read in turn */
        gboolean ok = write_chunk(st, &ctx[0], err);
        for (gint64 after = upto; ok && after != G_MAXINT64; after = upto)
            ok = read_chunk(st, &ctx[0], after, &upto, err) && write_chunk(st, &ctx[0], err);
        return ok;
    }
    ctx[0].st = ctx[1].st = p.rd; /* their classifiers read through it */
    p.after = upto;
    p.full = g_async_queue_new();
    p.empty = g_async_queue_new();
    g_async_queue_push(p.empty, &ctx[1]);
    GThread *t = g_thread_new("refresh-read", reader_main, &p);
    refresh_ctx *r = &ctx[0];
    gboolean ok = TRUE;
    do {
        ok = ok && write_chunk(st, r, err);
        if (!ok)
            g_atomic_int_set(&p.cancel, TRUE);
        g_async_queue_push(p.empty, r);
    } while ((r = g_async_queue_pop(p.full)) != READ_END);
    g_thread_join(t);
    if (ok && p.err) {
        g_propagate_error(err, p.err);
        ok = FALSE;
    }
    g_clear_error(&p.err);
    g_async_queue_unref(p.full);
    g_async_queue_unref(p.empty);
    p.rd->ops->close(p.rd);
    ctx[0].st = ctx[1].st = st;
    return ok;
}

gboolean pl_conversations_refresh(pl_store *st, const pl_config *cfg, GError **err)
{
    /* A different me / internal / time model changes every aggregate. What
     * marks conversations dirty is committed first, for the reader's
     * connection to see (the marks are the refresh's work list: if it is
     * interrupted after, the next one does the work). */
    char *fp = config_fingerprint(cfg);
    char *old = st->ops->meta_get(st, "config-fingerprint");
    gboolean ok = st->ops->begin(st, err);
    if (ok && g_strcmp0(fp, old) != 0)
        ok = st->ops->conv_mark_dirty_all(st, err) &&
             st->ops->meta_set(st, "config-fingerprint", fp, err);
    g_free(fp);
    g_free(old);
    ok = ok && st->ops->marks_flush(st, err) && pl_signature_links_refresh(st, err) &&
         st->ops->conv_drop_empty(st, err);
    if (ok)
        ok = st->ops->commit(st, err) && st->ops->begin(st, err);
    else
        st->ops->rollback(st);
    if (!ok)
        return FALSE;
    refresh_ctx ctx[2];
    ctx_init(&ctx[0], st, cfg, CHUNK, FALSE);
    ctx_init(&ctx[1], st, cfg, CHUNK, FALSE);
    ok = refresh_chunks(st, ctx, err);
    /* After the conversations: they mark the contacts an ingest touched. */
    ok = ok && pl_contact_summaries_refresh(st, cfg, &ctx[0].cls, err);
    if (ok)
        ok = st->ops->commit(st, err);
    else
        st->ops->rollback(st);
    for (int i = 0; i < 2; i++) {
        chunk_release(&ctx[i]);
        ctx_clear(&ctx[i]);
    }
    return ok;
}
