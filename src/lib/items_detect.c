/* items_detect.c — turns what detect.c finds in message text into open
 * items, one conversation at a time, inside the conversation refresh.
 *
 * Why here: which messages count depends on direction (relative to us) and
 * on the automated flag, and whether a question was answered depends on
 * the rest of its conversation; the refresh knows all three for exactly the
 * conversations an ingest, a label or a config change touched, so nothing
 * is redone for what did not change, and a message arriving late (an answer
 * before the question in file order) ends in the same state. The text work
 * itself is done at ingest (the mail adapter runs detect.c on its parse
 * threads, the chat adapter as it reads, and the store keeps the
 * sentences); only events without them (stored before migration 008 or by
 * older rules) are read from their stored text here, once, and their
 * sentences kept.
 *
 * The rules (docs/model.md, "Open items"):
 * - questions come from inbound human messages (not automated), promises
 *   from outbound human ones, on the mail and chat channels; only the
 *   author's own words count (detect.h);
 * - a question is answered by the first later human event of ours in its
 *   conversation (direction out, not automated; a call only when a person
 *   answered it): the item is then done, closed by "reply" at that time;
 *   every question before such a reply is answered by it;
 * - a promise stays open until a user closes it;
 * - keys are "<source key>#q<hash>" / "#p<hash>" (8 hex digits of SHA-1
 *   over the sentence), so re-detection finds the same item; a key that
 *   exists is never added again, an item a user closed never changes, an
 *   open detected item whose message no longer qualifies (its direction
 *   changed with the config) is removed, and a question closed by "reply"
 *   opens again only if that reply no longer counts.
 */
#include "items_detect.h"

#include "detect.h"

#include <string.h>

#define ITEM_TEXT_CHARS 160
#define SENTENCE_CHARS 1000

char *pl_item_text_of(const char *sentence, glong max_chars)
{
    if (g_utf8_strlen(sentence, -1) <= max_chars)
        return g_strdup(sentence);
    const char *cut = g_utf8_offset_to_pointer(sentence, max_chars - 1);
    const char *space = cut;
    while (space > sentence && *space != ' ')
        space--;
    if (space - sentence > (cut - sentence) / 2)
        cut = space;
    char *head = g_strndup(sentence, cut - sentence);
    char *out = g_strconcat(g_strchomp(head), "…", NULL);
    g_free(head);
    return out;
}

/* What one event's text gave. */
typedef struct {
    char *source_key;
    GArray *found; /* pl_detected */
} event_found;

typedef struct {
    gint64 id, closed_ts;
    char *status, *closed_by;
    gboolean seen;
} existing;

typedef struct {
    const pl_config *cfg;
    GArray *events;
    GHashTable *index;    /* event id -> index + 1 in events */
    GHashTable *found;    /* event id -> event_found */
    GHashTable *existing; /* key -> existing */
    GTimeZone *chat_tz;
    GArray *redone; /* pl_sentence_row: found again from the text, to keep */
} pass;

static void event_found_free(gpointer p)
{
    event_found *f = p;
    g_free(f->source_key);
    pl_detected_free(f->found);
    g_free(f);
}

static void existing_free(gpointer p)
{
    existing *e = p;
    g_free(e->status);
    g_free(e->closed_by);
    g_free(e);
}

static gboolean wants_text(const pl_detect_event *e)
{
    return (e->channel == PL_CH_EMAIL || e->channel == PL_CH_CHAT) &&
           (e->direction == PL_DIR_IN || e->direction == PL_DIR_OUT) &&
           !(e->flags & PL_EV_AUTOMATED);
}

/* A human event of ours that answers what came before it. */
static gboolean is_answer(const pl_detect_event *e)
{
    if (e->direction != PL_DIR_OUT || (e->flags & PL_EV_AUTOMATED))
        return FALSE;
    return e->channel != PL_CH_CALL || (e->flags & PL_EV_HUMAN_ANSWER);
}

/* The writer's zone when the text is read here: [chat] timezone for chats,
 * else UTC (a mail's own zone is applied at ingest). */
static int offset_of(pass *p, const pl_detect_event *e)
{
    if (e->channel == PL_CH_CHAT && p->chat_tz) {
        int i = g_time_zone_find_interval(p->chat_tz, G_TIME_TYPE_UNIVERSAL, e->ts);
        return i >= 0 ? g_time_zone_get_offset(p->chat_tz, i) : 0;
    }
    return 0;
}

static const pl_detect_event *event_of(pass *p, gint64 id)
{
    gsize at = GPOINTER_TO_SIZE(g_hash_table_lookup(p->index, &id));
    g_assert(at > 0);
    return &g_array_index(p->events, pl_detect_event, at - 1);
}

static event_found *found_of(pass *p, const pl_detect_event *e, const char *source_key)
{
    event_found *f = g_hash_table_lookup(p->found, &e->event_id);
    if (!f) {
        f = g_new0(event_found, 1);
        f->source_key = g_strdup(source_key);
        f->found = g_array_new(FALSE, TRUE, sizeof(pl_detected));
        g_hash_table_insert(p->found, (gpointer)&e->event_id, f);
    }
    return f;
}

/* An event without sentences from ingest: read its text now (both kinds,
 * as the adapter would) and keep what it gave. No body (metadata-only
 * mode): nothing. */
static gboolean on_text(const pl_event_text *t, gpointer user)
{
    pass *p = user;
    const pl_detect_event *e = event_of(p, t->event_id);
    if (!t->body || !t->source_key)
        return TRUE;
    GArray *d =
        pl_detect_text(t->body, e->ts, offset_of(p, e), PL_WANT_QUESTIONS | PL_WANT_PROMISES);
    event_found *f = found_of(p, e, t->source_key);
    pl_detected_free(f->found);
    f->found = d;
    for (guint i = 0; i < d->len; i++) {
        const pl_detected *x = &g_array_index(d, pl_detected, i);
        pl_sentence_row r = {e->event_id, x->kind, x->sentence, x->due_ts, NULL};
        g_array_append_val(p->redone, r);
    }
    return TRUE;
}

/* Sentences kept from ingest. */
static gboolean on_sentence(const pl_sentence_row *s, gpointer user)
{
    pass *p = user;
    event_found *f = found_of(p, event_of(p, s->event_id), s->source_key);
    pl_detected d = {s->kind, g_strdup(s->sentence), s->due_ts};
    g_array_append_val(f->found, d);
    return TRUE;
}

static gboolean on_existing(const pl_item_state *s, gpointer user)
{
    pass *p = user;
    existing *x = g_new0(existing, 1);
    x->id = s->id;
    x->closed_ts = s->closed_ts;
    x->status = g_strdup(s->status);
    x->closed_by = g_strdup(s->closed_by);
    g_hash_table_replace(p->existing, g_strdup(s->key), x);
    return TRUE;
}

static char *item_key(const char *source_key, pl_sentence_kind k, const char *sentence)
{
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA1, sentence, -1);
    char *key = g_strdup_printf("%s#%c%.8s", source_key, k == PL_SENT_QUESTION ? 'q' : 'p', sum);
    g_free(sum);
    return key;
}

/* Changes for one conversation: events[from, to). */
static void decide(pass *p, guint from, guint to, GArray *changes, GPtrArray *keep)
{
    /* The first later answer of each event, walking back. */
    gint64 *answer_ts = g_new0(gint64, to - from);
    gint64 next = 0;
    for (guint i = to; i-- > from;) {
        answer_ts[i - from] = next;
        const pl_detect_event *e = &g_array_index(p->events, pl_detect_event, i);
        if (is_answer(e))
            next = e->ts;
    }
    const pl_target_ids *last_in = NULL;
    for (guint i = from; i < to; i++) {
        const pl_detect_event *e = &g_array_index(p->events, pl_detect_event, i);
        event_found *f = g_hash_table_lookup(p->found, &e->event_id);
        for (guint k = 0; f && k < f->found->len; k++) {
            const pl_detected *d = &g_array_index(f->found, pl_detected, k);
            gboolean question = d->kind == PL_SENT_QUESTION;
            /* Questions asked of us, promises we made. */
            if (question != (e->direction == PL_DIR_IN))
                continue;
            char *key = item_key(f->source_key, d->kind, d->sentence);
            gint64 answered = question ? answer_ts[i - from] : 0;
            const char *status = answered ? "done" : "open";
            existing *x = g_hash_table_lookup(p->existing, key);
            if (x) {
                x->seen = TRUE;
                /* Only derived states follow the conversation. */
                gboolean derived =
                    strcmp(x->status, "open") == 0 ||
                    (strcmp(x->status, "done") == 0 && g_strcmp0(x->closed_by, "reply") == 0);
                if (question && derived &&
                    (strcmp(x->status, status) != 0 || (answered && x->closed_ts != answered))) {
                    pl_item_change c = {.op = PL_ITEM_SET_STATUS,
                                        .id = x->id,
                                        .status = status,
                                        .closed_ts = answered,
                                        .closed_by = answered ? "reply" : NULL};
                    g_array_append_val(changes, c);
                }
                g_free(key);
                continue;
            }
            /* Questions are about their author; promises about whom we
             * answered, else whom we wrote to, else the list. */
            const pl_target_ids *about =
                question  ? &e->author
                : last_in ? last_in
                          : (e->recipient.identity_id ? &e->recipient : &e->list);
            char *sentence = g_utf8_strlen(d->sentence, -1) > SENTENCE_CHARS
                                 ? pl_item_text_of(d->sentence, SENTENCE_CHARS)
                                 : g_strdup(d->sentence);
            char *text = pl_item_text_of(d->sentence, ITEM_TEXT_CHARS);
            pl_item_change c = {.op = PL_ITEM_INSERT,
                                .item = {.key = key,
                                         .kind = question ? "question" : "promise",
                                         .origin = "detected",
                                         .text = text,
                                         .due_ts = d->due_ts,
                                         .created_ts = e->ts,
                                         .source_event_id = e->event_id,
                                         .source_sentence = sentence,
                                         .about = *about},
                                .status = status,
                                .closed_ts = answered,
                                .closed_by = answered ? "reply" : NULL};
            g_array_append_val(changes, c);
            g_ptr_array_add(keep, key);
            g_ptr_array_add(keep, text);
            g_ptr_array_add(keep, sentence);
        }
        if (e->direction == PL_DIR_IN && !(e->flags & PL_EV_AUTOMATED) && e->author.identity_id)
            last_in = &e->author;
    }
    g_free(answer_ts);
}

struct pl_items_plan {
    pass p;
    GArray *reread;  /* gint64: events whose text was read again */
    GArray *changes; /* pl_item_change */
    GPtrArray *keep; /* strings the changes point to */
};

pl_items_plan *pl_items_plan_new(pl_store *st, const pl_config *cfg, GArray *events, gboolean fresh,
                                 GError **err)
{
    pl_items_plan *plan = g_new0(pl_items_plan, 1);
    pass *p = &plan->p;
    *p = (pass){cfg,
                events,
                g_hash_table_new(g_int64_hash, g_int64_equal),
                g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL, event_found_free),
                g_hash_table_new_full(g_str_hash, g_str_equal, g_free, existing_free),
                cfg->chat_timezone ? g_time_zone_new_identifier(cfg->chat_timezone) : NULL,
                g_array_new(FALSE, FALSE, sizeof(pl_sentence_row))};
    plan->reread = g_array_new(FALSE, FALSE, sizeof(gint64)); /* text to read now */
    plan->changes = g_array_new(FALSE, TRUE, sizeof(pl_item_change));
    plan->keep = g_ptr_array_new_with_free_func(g_free);
    GArray *kept = g_array_new(FALSE, FALSE, sizeof(gint64));  /* sentences from ingest */
    GArray *convs = g_array_new(FALSE, FALSE, sizeof(gint64)); /* may hold detected items */
    gint64 last_marked = 0;
    for (guint i = 0; i < events->len; i++) {
        pl_detect_event *e = &g_array_index(events, pl_detect_event, i);
        g_hash_table_insert(p->index, &e->event_id, GSIZE_TO_POINTER(i + 1));
        gboolean current = e->detect_v == PL_DETECT_VERSION;
        if (wants_text(e) && !current)
            g_array_append_val(plan->reread, e->event_id);
        else if (wants_text(e) && e->detect_n > 0)
            g_array_append_val(kept, e->event_id);
        /* Items come only from events with sentences: a conversation
         * without any (most mail, all calls) has none to compare. */
        if ((!current || e->detect_n > 0) && e->conv_id != last_marked) {
            g_array_append_val(convs, e->conv_id);
            last_marked = e->conv_id;
        }
    }
    gboolean ok =
        st->ops->event_texts(st, (gint64 *)plan->reread->data, plan->reread->len, on_text, p,
                             err) &&
        st->ops->event_sentence_each(st, (gint64 *)kept->data, kept->len, on_sentence, p, err) &&
        (fresh ||
         st->ops->item_detected_each(st, (gint64 *)convs->data, convs->len, on_existing, p, err));
    for (guint from = 0; ok && from < events->len;) {
        gint64 conv = g_array_index(events, pl_detect_event, from).conv_id;
        guint to = from;
        while (to < events->len && g_array_index(events, pl_detect_event, to).conv_id == conv)
            to++;
        decide(p, from, to, plan->changes, plan->keep);
        from = to;
    }
    /* What no longer qualifies goes, unless someone closed it (the store
     * guards that too). */
    GHashTableIter it;
    gpointer k, v;
    g_hash_table_iter_init(&it, p->existing);
    while (ok && g_hash_table_iter_next(&it, &k, &v)) {
        existing *x = v;
        if (!x->seen && strcmp(x->status, "open") == 0) {
            pl_item_change c = {.op = PL_ITEM_DELETE, .id = x->id};
            g_array_append_val(plan->changes, c);
        }
    }
    g_array_free(kept, TRUE);
    g_array_free(convs, TRUE);
    if (!ok) {
        pl_items_plan_free(plan);
        return NULL;
    }
    return plan;
}

gboolean pl_items_plan_apply(pl_store *st, pl_items_plan *plan, GError **err)
{
    pass *p = &plan->p;
    return st->ops->event_sentences_put(st, PL_DETECT_VERSION, (gint64 *)plan->reread->data,
                                        plan->reread->len, (pl_sentence_row *)p->redone->data,
                                        p->redone->len, err) &&
           st->ops->item_detected_apply(st, (pl_item_change *)plan->changes->data,
                                        plan->changes->len, err);
}

void pl_items_plan_free(pl_items_plan *plan)
{
    if (!plan)
        return;
    pass *p = &plan->p;
    g_array_free(plan->changes, TRUE);
    g_ptr_array_free(plan->keep, TRUE);
    g_array_free(plan->reread, TRUE);
    g_array_free(p->redone, TRUE);
    g_hash_table_destroy(p->index);
    g_hash_table_destroy(p->found);
    g_hash_table_destroy(p->existing);
    if (p->chat_tz)
        g_time_zone_unref(p->chat_tz);
    g_free(plan);
}

gboolean pl_items_detect(pl_store *st, const pl_config *cfg, GArray *events, gboolean fresh,
                         GError **err)
{
    if (!events->len)
        return TRUE;
    pl_items_plan *plan = pl_items_plan_new(st, cfg, events, fresh, err);
    gboolean ok = plan && pl_items_plan_apply(st, plan, err);
    pl_items_plan_free(plan);
    return ok;
}
