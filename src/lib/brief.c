/* brief.c — where we left off with a contact: last touches, the last
 * conversation, open items, voice, talk / listen balance, you-focus and the
 * topics both sides write about (docs/model.md, "Briefs").
 *
 * The scope is every event of every conversation one of the contact's
 * identities took part in, read in one pass (store op brief_each): on a
 * mailing list our answers go to the list, not to the customer, and still
 * belong to the customer's thread. An event is *theirs* when its author is
 * one of those identities, *ours* when its direction is out or internal
 * (one of us wrote it), else *other* (a third party); other people's events
 * count in no figure but the conversation's last message.
 */
#include "brief.h"

#include "mail.h"
#include "topics.h"

#include <math.h>
#include <string.h>

#define DEFAULT_WINDOW_DAYS 90
#define DEFAULT_TOPICS 10
#define DEFAULT_LINES 4
#define TERM_CHUNK 256 /* stems looked up at a time while ranking */
#define MIN_MESSAGES 2 /* a topic is a stem of two messages or more */

const char *pl_side_name(int side)
{
    static const char *const names[] = {"theirs", "ours", "other"};
    return side >= 0 && side < PL_SIDE__COUNT ? names[side] : "?";
}

/* ------------------------------------------------------------- target */

typedef struct {
    GArray *ids;           /* gint64: identity ids briefed */
    GPtrArray *values;     /* char*: their values, in the order of ids */
    GArray *about;         /* pl_target_ids: what open items may be about */
    GHashTable *orgs_seen; /* org id -> 1, to name a single organisation */
    char *org_name;
    gboolean one_org;
} scope;

static void scope_add_about(scope *s, gint64 identity, gint64 person, gint64 org)
{
    pl_target_ids a = {person ? 0 : identity, person, person ? 0 : org};
    for (guint i = 0; i < s->about->len; i++) {
        pl_target_ids *x = &g_array_index(s->about, pl_target_ids, i);
        if (x->identity_id == a.identity_id && x->person_id == a.person_id && x->org_id == a.org_id)
            return;
    }
    g_array_append_val(s->about, a);
}

static gboolean on_contact(const pl_contact_row *r, gpointer user)
{
    scope *s = user;
    if (r->identity_id && !r->is_list) {
        gboolean dup = FALSE;
        for (guint i = 0; i < s->ids->len && !dup; i++)
            dup = g_array_index(s->ids, gint64, i) == r->identity_id;
        if (!dup) {
            g_array_append_val(s->ids, r->identity_id);
            g_ptr_array_add(s->values, g_strdup(r->value));
        }
    }
    if (r->person_id || r->identity_id || r->org_id)
        scope_add_about(s, r->identity_id, r->person_id, r->org_id);
    if (r->org_id && !g_hash_table_contains(s->orgs_seen, GINT_TO_POINTER((int)r->org_id))) {
        g_hash_table_add(s->orgs_seen, GINT_TO_POINTER((int)r->org_id));
        s->one_org = g_hash_table_size(s->orgs_seen) == 1;
        if (!s->org_name)
            s->org_name = g_strdup(r->org);
    }
    if (!r->org_id)
        s->one_org = FALSE;
    return TRUE;
}

/* The identities a brief is about, and a label for them. A domain is
 * everyone at it (an organisation need not be in contacts); anything else
 * goes through the target resolution of `parley log` and `parley open`,
 * a person then standing for all of its identities. */
static gboolean resolve(pl_store *st, pl_brief *b, scope *s, GError **err)
{
    const char *text = b->q.target ? b->q.target : "";
    char *trimmed = g_strstrip(g_strdup(text));
    gboolean ok = FALSE;
    if (*trimmed && pl_target_form_of(trimmed) == PL_TARGET_DOMAIN) {
        char *dom = g_ascii_strdown(trimmed, -1);
        pl_contact_query q = {.domain = dom};
        s->one_org = TRUE;
        ok = st->ops->contact_find(st, &q, on_contact, s, err);
        if (ok && s->ids->len) {
            b->kind = "domain";
            b->label = s->one_org && s->org_name ? g_strdup_printf("%s (%s)", s->org_name, dom)
                                                 : g_strdup(dom);
        }
        g_free(dom);
        if (!ok || s->ids->len) {
            g_free(trimmed);
            return ok;
        }
        /* Nobody with an address there: an organisation's name that looks
         * like a domain, or nothing; the resolver says which. */
    }
    g_free(trimmed);
    pl_target t;
    if (!pl_target_resolve(st, text, FALSE, &t, err))
        return FALSE;
    if (t.is_new) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                    "nothing is known about %s yet: no event, contact or item", t.value);
        pl_target_clear(&t);
        return FALSE;
    }
    pl_contact_query q = {0};
    if (t.ids.person_id) {
        q.person_id = t.ids.person_id;
        b->kind = "person";
    } else if (t.ids.identity_id) {
        gint64 id = t.ids.identity_id;
        g_array_append_val(s->ids, id);
        g_ptr_array_add(s->values, g_strdup(t.value));
        scope_add_about(s, id, 0, 0);
        b->kind = "identity";
    } else {
        q.domain = t.org; /* an organisation by name: its people */
        b->kind = "organisation";
        scope_add_about(s, 0, 0, t.ids.org_id);
    }
    ok = (!q.person_id && !q.domain) || st->ops->contact_find(st, &q, on_contact, s, err);
    if (ok) {
        char *label = pl_target_label(&t);
        b->label = t.org && g_strcmp0(t.org, label) != 0 ? g_strdup_printf("%s (%s)", label, t.org)
                                                         : g_strdup(label);
        g_free(label);
    }
    pl_target_clear(&t);
    return ok;
}

/* ------------------------------------------------------------ the scan */

typedef struct {
    guint32 id;
    guint theirs, ours, events, recent, earlier;
    gint64 first_ts, last_ts;
} term_acc;

typedef struct {
    gint64 event_id, ts, conv_id, author_id;
    int channel, side;
    guint flags;
} seen_event;

typedef struct {
    pl_brief *b;
    GHashTable *ids; /* identity id set */
    gint64 recent_from, earlier_from, now;
    /* topics: slot[term id] = index + 1 into acc */
    guint32 *slot;
    guint32 n_slots;
    GArray *acc; /* term_acc */
    /* the conversation being read */
    gint64 conv;
    int last_side;
    gint64 conv_best_ts; /* newest human event of theirs or ours in it */
    guint conv_humans;
    seen_event conv_last; /* its newest human event, any side */
    /* the best conversation so far */
    gint64 best_ts;
    seen_event best_last;
    guint best_humans;
    seen_event touch[PL_CH__COUNT];
    GHashTable *authors; /* gint64* -> itself: everyone who wrote in the scope */
} scan;

static void seen_set(seen_event *d, const pl_brief_row *r, int side)
{
    *d = (seen_event){r->event_id, r->ts, r->conv_id, r->author_id, r->channel, side, r->flags};
}

/* The conversation just read is the last one when its newest human event
 * of theirs or ours is the newest so far (ties: the later conversation). */
static void close_conv(scan *s)
{
    if (!s->conv || !s->conv_best_ts)
        return;
    if (s->conv_best_ts >= s->best_ts) {
        s->best_ts = s->conv_best_ts;
        s->best_last = s->conv_last;
        s->best_humans = s->conv_humans;
    }
}

static void add_terms(scan *s, const pl_brief_row *r, int side)
{
    for (guint i = 0; i < r->n_terms; i++) {
        guint32 id = r->term_ids[i];
        if (id >= s->n_slots) { /* a stem added since the scan began */
            guint32 n = MAX(id + 1, s->n_slots * 2);
            s->slot = g_renew(guint32, s->slot, n);
            memset(s->slot + s->n_slots, 0, (n - s->n_slots) * sizeof(guint32));
            s->n_slots = n;
        }
        if (!s->slot[id]) {
            term_acc a = {.id = id, .first_ts = r->ts, .last_ts = r->ts};
            g_array_append_val(s->acc, a);
            s->slot[id] = s->acc->len;
        }
        term_acc *a = &g_array_index(s->acc, term_acc, s->slot[id] - 1);
        guint n = r->term_counts[i];
        if (side == PL_SIDE_THEIRS)
            a->theirs += n;
        else
            a->ours += n;
        a->events++;
        a->first_ts = MIN(a->first_ts, r->ts);
        a->last_ts = MAX(a->last_ts, r->ts);
        if (r->ts >= s->recent_from && r->ts < s->now)
            a->recent += n;
        else if (r->ts >= s->earlier_from && r->ts < s->recent_from)
            a->earlier += n;
    }
}

static gboolean on_row(const pl_brief_row *r, gpointer user)
{
    scan *s = user;
    pl_brief *b = s->b;
    if (r->conv_id != s->conv) {
        close_conv(s);
        s->conv = r->conv_id;
        s->last_side = -1;
        s->conv_best_ts = 0;
        s->conv_humans = 0;
        b->conversations++;
    }
    b->events++;
    if (r->author_id && !g_hash_table_contains(s->authors, &r->author_id)) {
        gint64 *id = g_new(gint64, 1);
        *id = r->author_id;
        g_hash_table_add(s->authors, id);
    }
    b->first_ts = b->first_ts ? MIN(b->first_ts, r->ts) : r->ts;
    b->last_ts = MAX(b->last_ts, r->ts);
    /* Voice: the rule of the call list (calllist.c): a call a person
     * answered (logged calls are), or a meeting. */
    if ((r->channel == PL_CH_CALL && (r->flags & PL_EV_HUMAN_ANSWER)) ||
        r->channel == PL_CH_MEETING)
        b->last_voice_ts = MAX(b->last_voice_ts, r->ts);
    if (r->flags & PL_EV_AUTOMATED)
        return TRUE; /* never a touch, a turn or a topic */
    b->human_events++;
    int side = r->author_id && g_hash_table_contains(s->ids, &r->author_id)      ? PL_SIDE_THEIRS
               : (r->direction == PL_DIR_OUT || r->direction == PL_DIR_INTERNAL) ? PL_SIDE_OURS
                                                                                 : PL_SIDE_OTHER;
    s->conv_humans++;
    seen_set(&s->conv_last, r, side);
    if (side != PL_SIDE_OTHER) {
        seen_event *t = &s->touch[r->channel];
        if (r->ts > t->ts || (r->ts == t->ts && r->event_id > t->event_id))
            seen_set(t, r, side);
        /* A call nobody answered is a touch, not a conversation. */
        if (r->channel != PL_CH_CALL || (r->flags & PL_EV_HUMAN_ANSWER))
            s->conv_best_ts = MAX(s->conv_best_ts, r->ts);
    }
    if (r->channel == PL_CH_EMAIL || r->channel == PL_CH_CHAT) {
        pl_brief_side *bs = &b->side[side];
        bs->messages++;
        bs->words += r->words;
        bs->first_person += r->first_person;
        bs->second_person += r->second_person;
        if (side != PL_SIDE_OTHER && side != s->last_side) {
            bs->turns++;
            s->last_side = side;
        }
    }
    if (side != PL_SIDE_OTHER)
        add_terms(s, r, side);
    return TRUE;
}

/* ----------------------------------------------------- touches, items */

static gboolean on_author(gint64 id, const char *value, const char *name, const char *person,
                          gpointer user)
{
    pl_brief_touch *t = user;
    t->who = g_strdup(value);
    t->name = g_strdup(person ? person : name);
    return TRUE;
}

/* A touch from the event seen: its subject, and its author by the
 * identity's value and its person's name where contacts know one. */
static gboolean fill_touch(pl_store *st, const seen_event *e, pl_brief_touch *t, GError **err)
{
    t->ts = e->ts;
    t->event_id = e->event_id;
    t->conv_id = e->conv_id;
    t->side = e->side;
    t->channel = e->channel;
    t->answered = e->channel == PL_CH_CALL && (e->flags & PL_EV_HUMAN_ANSWER);
    pl_event *ev = st->ops->event_load(st, e->event_id, NULL, NULL, err);
    if (!ev)
        return FALSE;
    t->subject = g_strdup(ev->subject);
    pl_event_free(ev);
    return !e->author_id || st->ops->identity_names(st, &e->author_id, 1, on_author, t, err);
}

/* The first lines of the last message's own words (quotes, attributions
 * and signature left out, as event.words counts them). */
static gboolean last_text(pl_store *st, pl_brief *b, GError **err)
{
    pl_event *ev = st->ops->event_load(st, b->last.event_id, NULL, NULL, err);
    if (!ev)
        return FALSE;
    if (ev->body) {
        GString *own = g_string_new(NULL);
        pl_text_own(ev->body, own);
        char **lines = g_strsplit(own->str, "\n", -1);
        GString *out = g_string_new(NULL);
        int n = 0;
        for (char **l = lines; *l; l++) {
            if (!**l)
                continue;
            if (n == b->q.lines) {
                b->last_text_cut = TRUE;
                break;
            }
            g_string_append_printf(out, "%s%s", n ? "\n" : "", *l);
            n++;
        }
        g_strfreev(lines);
        g_string_free(own, TRUE);
        b->last_text = n ? g_string_free(out, FALSE) : (g_string_free(out, TRUE), NULL);
    }
    pl_event_free(ev);
    return TRUE;
}

static char *about_label(const pl_item_info *i)
{
    if (i->person && i->identity)
        return g_strdup_printf("%s <%s>", i->person, i->identity);
    if (i->person || i->identity)
        return g_strdup(i->person ? i->person : i->identity);
    return g_strdup(i->org ? i->org : "");
}

typedef struct {
    GArray *items;
    GHashTable *seen; /* item ids already in items */
} item_acc;

static gboolean on_item(const pl_item_info *i, gpointer user)
{
    item_acc *acc = user;
    GArray *items = acc->items;
    if (!g_hash_table_add(acc->seen, g_memdup2(&i->id, sizeof i->id)))
        return TRUE; /* about two of the contact's people or identities */
    pl_brief_item it = {i->id,
                        i->due_ts,
                        i->created_ts,
                        g_strdup(i->kind),
                        g_strdup(i->origin),
                        g_strdup(i->text),
                        g_strdup(i->source_sentence),
                        g_strdup(i->source_key),
                        about_label(i)};
    g_array_append_val(items, it);
    return TRUE;
}

/* The order of `parley open`: oldest due first, undated last, then oldest. */
static int by_due(const void *a, const void *b)
{
    const pl_brief_item *x = a, *y = b;
    if ((x->due_ts == 0) != (y->due_ts == 0))
        return x->due_ts == 0 ? 1 : -1;
    if (x->due_ts != y->due_ts)
        return x->due_ts < y->due_ts ? -1 : 1;
    if (x->created_ts != y->created_ts)
        return x->created_ts < y->created_ts ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* --------------------------------------------------------------- topics */

typedef struct {
    pl_keywords *kw;
    GHashTable *stems; /* stem -> itself */
} name_stems;

static gboolean on_name(gint64 id, const char *value, const char *name, const char *person,
                        gpointer user)
{
    name_stems *n = user;
    pl_text_keywords t;
    pl_text_keywords_init(&t);
    pl_keywords_scan(n->kw, name, &t);
    pl_keywords_scan(n->kw, person, &t);
    for (guint i = 0; i < t.keywords->len; i++) {
        pl_keyword *w = &g_array_index(t.keywords, pl_keyword, i);
        g_hash_table_add(n->stems, g_steal_pointer(&w->stem));
    }
    pl_text_keywords_clear(&t);
    return TRUE;
}

/* Stems of the names of everyone who wrote in the scope ("Hi Rob",
 * "Thanks, Lukas"): greetings are not topics, so they are left out. */
static GHashTable *author_name_stems(pl_store *st, pl_keywords *kw, GHashTable *authors,
                                     GError **err)
{
    name_stems n = {kw, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL)};
    GArray *ids = g_array_new(FALSE, FALSE, sizeof(gint64));
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, authors);
    while (g_hash_table_iter_next(&it, &k, NULL))
        g_array_append_val(ids, *(gint64 *)k);
    gboolean ok =
        st->ops->identity_names(st, (const gint64 *)(void *)ids->data, ids->len, on_name, &n, err);
    g_array_free(ids, TRUE);
    if (!ok) {
        g_hash_table_destroy(n.stems);
        return NULL;
    }
    return n.stems;
}

static int by_messages(const void *a, const void *b)
{
    const term_acc *x = a, *y = b;
    if (x->events != y->events)
        return x->events > y->events ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

static int by_score(const void *a, const void *b)
{
    const pl_brief_topic *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return strcmp(x->stem, y->stem);
}

typedef struct {
    GHashTable *info; /* term id -> pl_term_info copy (stem, word, df) */
} term_lookup;

static gboolean on_term(const pl_term_info *t, gpointer user)
{
    term_lookup *l = user;
    pl_term_info *c = g_new(pl_term_info, 1);
    *c = (pl_term_info){t->id, g_strdup(t->stem), g_strdup(t->word), t->df};
    g_hash_table_insert(l->info, GUINT_TO_POINTER(t->id), c);
    return TRUE;
}

static void term_info_free(gpointer p)
{
    pl_term_info *t = p;
    g_free((char *)t->stem);
    g_free((char *)t->word);
    g_free(t);
}

static void topic_clear(pl_brief_topic *t)
{
    g_free(t->stem);
    g_free(t->word);
}

/* Ranks the stems by tf-idf: m x ln(N / df), m the number of their and
 * our messages that use the stem (a long message repeating a word counts
 * once; a stem of one message only is no topic), df the events of the
 * whole store that use it, N those with any keyword. Stems come in order of tf, and since no
 * idf exceeds ln(N), ranking stops as soon as the next stem could not reach
 * the last place even with the rarest stem's weight: the stems of the long
 * tail are never looked up. */
static gboolean rank_topics(pl_store *st, scan *s, pl_brief *b, GHashTable *names, GError **err)
{
    b->vocabulary = s->acc->len;
    gint64 n_docs = b->documents;
    if (!s->acc->len || n_docs <= 0)
        return TRUE;
    g_array_sort(s->acc, by_messages);
    double max_idf = log((double)n_docs);
    guint want = b->q.topics < 0 ? G_MAXUINT : (guint)b->q.topics;
    term_lookup l = {g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, term_info_free)};
    guint32 ids[TERM_CHUNK];
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < s->acc->len;) {
        if (g_array_index(s->acc, term_acc, i).events < MIN_MESSAGES)
            break; /* sorted by messages: only single-message stems follow */
        if (b->topics->len >= want) {
            double last = g_array_index(b->topics, pl_brief_topic, want - 1).score;
            const term_acc *next = &g_array_index(s->acc, term_acc, i);
            if (next->events * max_idf < last)
                break;
        }
        guint n = 0;
        for (guint j = i; j < s->acc->len && n < TERM_CHUNK &&
                          g_array_index(s->acc, term_acc, j).events >= MIN_MESSAGES;
             j++)
            ids[n++] = g_array_index(s->acc, term_acc, j).id;
        ok = st->ops->term_each(st, ids, n, on_term, &l, err);
        for (guint j = 0; ok && j < n; j++, i++) {
            const term_acc *a = &g_array_index(s->acc, term_acc, i);
            const pl_term_info *ti = g_hash_table_lookup(l.info, GUINT_TO_POINTER(a->id));
            if (!ti || g_hash_table_contains(names, ti->stem))
                continue; /* a name; or the index was rebuilt under us */
            double idf = ti->df > 0 && ti->df < n_docs ? log((double)n_docs / ti->df) : 0;
            gint64 window = (gint64)b->q.window_days * 86400;
            pl_brief_topic t = {
                .stem = g_strdup(ti->stem),
                .word = g_strdup(ti->word),
                .theirs = a->theirs,
                .ours = a->ours,
                .events = a->events,
                .df = ti->df,
                .idf = idf,
                .score = a->events * idf,
                .first_ts = a->first_ts,
                .last_ts = a->last_ts,
                .recent = a->recent,
                .earlier = a->earlier,
                .shared = a->theirs > 0 && a->ours > 0,
                .is_new = a->first_ts >= s->now - window && a->first_ts <= s->now,
                .growing = a->recent > a->earlier,
            };
            g_array_append_val(b->topics, t);
        }
        g_hash_table_remove_all(l.info);
        g_array_sort(b->topics, by_score);
        while (b->topics->len > want) {
            topic_clear(&g_array_index(b->topics, pl_brief_topic, b->topics->len - 1));
            g_array_set_size(b->topics, b->topics->len - 1);
        }
    }
    g_hash_table_destroy(l.info);
    return ok;
}

/* ---------------------------------------------------------------- build */

static double share(guint part, guint whole)
{
    return whole ? (double)part / whole : -1;
}

pl_brief *pl_brief_build(pl_store *st, const pl_config *cfg, const pl_brief_query *q, GError **err)
{
    pl_brief *b = g_new0(pl_brief, 1);
    b->q = *q;
    if (b->q.now <= 0)
        b->q.now = g_get_real_time() / G_USEC_PER_SEC;
    if (b->q.window_days <= 0)
        b->q.window_days = DEFAULT_WINDOW_DAYS;
    if (b->q.topics == 0)
        b->q.topics = DEFAULT_TOPICS;
    if (b->q.lines <= 0)
        b->q.lines = DEFAULT_LINES;
    b->identities = g_ptr_array_new_with_free_func(g_free);
    b->items = g_array_new(FALSE, TRUE, sizeof(pl_brief_item));
    b->topics = g_array_new(FALSE, TRUE, sizeof(pl_brief_topic));
    b->days_since_voice = -1;
    b->talk_share = b->you_focus = b->you_focus_theirs = -1;

    /* Derived data first, as the reports do: conversations and directions,
     * then the keyword index of anything ingested since. */
    pl_keywords *kw = pl_keywords_new(cfg, err);
    gboolean ok = kw && pl_conversations_refresh(st, cfg, err) && pl_keywords_refresh(st, cfg, err);
    b->pronouns_counted = kw && pl_keywords_counts_pronouns(kw);
    scope sc = {g_array_new(FALSE, FALSE, sizeof(gint64)),
                b->identities,
                g_array_new(FALSE, FALSE, sizeof(pl_target_ids)),
                g_hash_table_new(g_direct_hash, g_direct_equal),
                NULL,
                FALSE};
    ok = ok && resolve(st, b, &sc, err);

    gint64 window = (gint64)b->q.window_days * 86400;
    scan s = {.b = b,
              .ids = g_hash_table_new(g_int64_hash, g_int64_equal),
              .now = b->q.now,
              .recent_from = b->q.now - window / 2,
              .earlier_from = b->q.now - window,
              .acc = g_array_new(FALSE, FALSE, sizeof(term_acc)),
              .authors = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL)};
    for (guint i = 0; ok && i < sc.ids->len; i++)
        g_hash_table_add(s.ids, &g_array_index(sc.ids, gint64, i));
    if (ok) {
        b->documents = pl_keywords_documents(st);
        s.n_slots = st->ops->term_max_id(st) + 1;
        s.slot = g_new0(guint32, s.n_slots);
        ok = st->ops->brief_each(st, (const gint64 *)(void *)sc.ids->data, sc.ids->len, b->q.since,
                                 b->q.until, on_row, &s, err);
        close_conv(&s);
    }
    for (int c = 0; ok && c < PL_CH__COUNT; c++)
        if (s.touch[c].ts)
            ok = fill_touch(st, &s.touch[c], &b->touch[c], err);
    if (ok && s.best_ts) {
        ok = fill_touch(st, &s.best_last, &b->last, err) && last_text(st, b, err);
        b->last_conv_messages = s.best_humans;
    }
    if (ok && b->last_voice_ts)
        b->days_since_voice = MAX(0, (b->q.now - b->last_voice_ts) / 86400);
    item_acc acc = {b->items, g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL)};
    for (guint i = 0; ok && i < sc.about->len; i++) {
        pl_item_filter f = {.about = g_array_index(sc.about, pl_target_ids, i)};
        ok = st->ops->item_each(st, &f, on_item, &acc, err);
    }
    g_hash_table_destroy(acc.seen);
    g_array_sort(b->items, by_due);
    GHashTable *names = ok ? author_name_stems(st, kw, s.authors, err) : NULL;
    ok = names && rank_topics(st, &s, b, names, err);
    if (names)
        g_hash_table_destroy(names);
    pl_keywords_free(kw);

    const pl_brief_side *th = &b->side[PL_SIDE_THEIRS], *us = &b->side[PL_SIDE_OURS];
    b->talk_share = share(th->words, th->words + us->words);
    b->you_focus = share(us->second_person, us->first_person + us->second_person);
    b->you_focus_theirs = share(th->second_person, th->first_person + th->second_person);

    g_free(s.slot);
    g_array_free(s.acc, TRUE);
    g_hash_table_destroy(s.ids);
    g_hash_table_destroy(s.authors);
    g_array_free(sc.ids, TRUE);
    g_array_free(sc.about, TRUE);
    g_hash_table_destroy(sc.orgs_seen);
    g_free(sc.org_name);
    if (!ok) {
        pl_brief_free(b);
        return NULL;
    }
    return b;
}

static void touch_clear(pl_brief_touch *t)
{
    g_free(t->who);
    g_free(t->name);
    g_free(t->subject);
}

void pl_brief_free(pl_brief *b)
{
    if (!b)
        return;
    g_free(b->label);
    g_ptr_array_free(b->identities, TRUE);
    for (int c = 0; c < PL_CH__COUNT; c++)
        touch_clear(&b->touch[c]);
    touch_clear(&b->last);
    g_free(b->last_text);
    for (guint i = 0; i < b->items->len; i++) {
        pl_brief_item *it = &g_array_index(b->items, pl_brief_item, i);
        g_free(it->kind);
        g_free(it->origin);
        g_free(it->text);
        g_free(it->sentence);
        g_free(it->source_key);
        g_free(it->about);
    }
    g_array_free(b->items, TRUE);
    for (guint i = 0; i < b->topics->len; i++)
        topic_clear(&g_array_index(b->topics, pl_brief_topic, i));
    g_array_free(b->topics, TRUE);
    g_free(b);
}
