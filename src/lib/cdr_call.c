/* cdr_call.c — the legs of one call merged into one call, and the call
 * handed to the writer thread (in a cdr_batch) as one event (channel call)
 * plus its call record: this runs on the reader thread and never touches
 * the store.
 *
 * Merging (docs/config.md, "How calls are read"): legs sharing a linkedid
 * (else a uniqueid, a Twilio parent sid, or naming each other through a
 * FreeSWITCH bleg uuid) are one call. Its start is the earliest leg start,
 * its answer the first answer, its end the latest end; caller, callee and
 * presented caller ID come from the earliest leg; the talk time is the
 * billsec of the leg a person answered (the longest, if several), else of
 * any answered leg. The same leg twice (same leg id) with identical fields
 * is a duplicate and collapses; with different fields it is reported and
 * the first kept: a switch writes a leg once, so a second, different record
 * is an edit we cannot order.
 */
#include "cdr_call.h"

#include "config_calls.h"

#include <string.h>

#define WINDOW 5000 /* rows after which no further leg of a call is expected */
#define MAX_MARKS 16

typedef struct {
    guint64 leg, row;
    guint line;
} leg_mark;

typedef struct {
    GPtrArray *keys; /* char*: the keys this call is open under (owned) */
    char *key;       /* the key of its source key */
    char *where;     /* FILE:LINE of its first leg */
    guint64 last_row, bytes;
    int legs, nmarks;
    leg_mark marks[MAX_MARKS];
    gint64 start, answer, end, last_end;
    /* from the earliest leg */
    char *src, *dst, *name, *number, *context, *account, *channel_peer;
    char *trunk_out; /* first dstchannel: the way out */
    gboolean has_channels;
    int dir_hint;
    gboolean answered, human;
    gint64 talk_any, talk_human, human_answer;
    char *human_peer, *human_agent, *human_app;
    char *last_app, *cause;
    cdr_outcome last_outcome;
    gint64 queue_start;
} cdr_call;

static guint64 hash_str(const char *a, const char *b)
{
    guint64 h = G_GUINT64_CONSTANT(1469598103934665603);
    for (const char *s = a; *s; s++)
        h = (h ^ (guchar)*s) * G_GUINT64_CONSTANT(1099511628211);
    h = (h ^ '/') * G_GUINT64_CONSTANT(1099511628211);
    for (const char *s = b; s && *s; s++)
        h = (h ^ (guchar)*s) * G_GUINT64_CONSTANT(1099511628211);
    return h;
}

/* A copy that is valid UTF-8 (switches write Latin-1 and worse), NULL for "". */
static char *dup_text(const char *s)
{
    if (!s || !*s)
        return NULL;
    return g_utf8_validate(s, -1, NULL) ? g_strdup(s) : g_utf8_make_valid(s, -1);
}

static void set_text(char **slot, const char *s)
{
    g_free(*slot);
    *slot = dup_text(s);
}

/* "SIP/301-00000012" -> "SIP/301", "Local/ch1@ctx-0006;1" -> "Local/ch1@ctx":
 * the endpoint, without the per-call suffix. */
static char *channel_peer(const char *ch)
{
    if (!ch || !*ch)
        return NULL;
    char *p = dup_text(ch);
    char *semi = strrchr(p, ';');
    if (semi)
        *semi = '\0';
    char *dash = strrchr(p, '-');
    if (dash && strlen(dash + 1) >= 3) {
        gboolean hex = TRUE;
        for (const char *q = dash + 1; *q; q++)
            hex = hex && g_ascii_isxdigit(*q);
        if (hex)
            *dash = '\0';
    }
    return p;
}

/* Asterisk's clid: "Name" <number>, <number>, Name, or a bare number. */
static void split_clid(const char *clid, char **name, char **number)
{
    *name = *number = NULL;
    const char *lt = strrchr(clid, '<');
    gsize len = strlen(clid);
    if (lt && len && clid[len - 1] == '>') {
        *number = g_strndup(lt + 1, (gsize)(clid + len - 1 - lt - 1));
        char *n = g_strstrip(g_strndup(clid, (gsize)(lt - clid)));
        gsize nl = strlen(n);
        if (nl >= 2 && n[0] == '"' && n[nl - 1] == '"') {
            memmove(n, n + 1, nl - 2);
            n[nl - 2] = '\0';
        }
        *name = n;
    } else if (*clid) {
        *name = g_strdup(clid);
    }
    char *tn = dup_text(*name), *tnum = dup_text(*number);
    g_free(*name);
    g_free(*number);
    *name = tn;
    *number = tnum;
}

static gboolean listed(GPtrArray *list, const char *v)
{
    for (guint i = 0; list && v && *v && i < list->len; i++)
        if (g_ascii_strcasecmp(list->pdata[i], v) == 0)
            return TRUE;
    return FALSE;
}

/* Applications that answer a call without a person: voicemail, prompts,
 * IVR menus, test services. */
static gboolean machine_app(const char *app)
{
    static const char *const apps[] = {
        "VoiceMail",       "VoiceMailMain", "Playback",   "BackGround",  "Read",
        "WaitExten",       "Festival",      "Flite",      "Echo",        "MusicOnHold",
        "SayDigits",       "SayNumber",     "SayAlpha",   "SayUnixTime", "Record",
        "Milliwatt",       "AGI",           "EAGI",       "Directory",   "Authenticate",
        "ControlPlayback", "SendFAX",       "ReceiveFAX", "DISA",        "Morsecode",
        "Zapateller",      "IVR",           "Voicemail",  NULL};
    for (const char *const *p = apps; *p; p++)
        if (g_ascii_strcasecmp(app, *p) == 0)
            return TRUE;
    return FALSE;
}

/* Applications that connect the caller to another person. */
static gboolean bridge_app(const char *app)
{
    static const char *const apps[] = {"Dial",   "Queue",      "Bridge",     "FollowMe",
                                       "Pickup", "PickupChan", "ConfBridge", "MeetMe",
                                       "Page",   "RetryDial",  NULL};
    for (const char *const *p = apps; *p; p++)
        if (g_ascii_strcasecmp(app, *p) == 0)
            return TRUE;
    return FALSE;
}

/* Answered by a person (docs/config.md): answered with talk time; Twilio's
 * answered_by when it says; not in an [calls] ivr-contexts context; last
 * application not a machine (VoiceMail, Playback, BackGround, ...); and,
 * where the record names the bridged channel, either a bridging application
 * (Dial, Queue, ...) or a bridged channel: a call the dialplan answered and
 * hung up (Hangup, Answer, Wait with no dstchannel) met nobody. */
static gboolean leg_human(const cdr_run *run, const cdr_leg *l, const cdr_layout *lay, gint64 talk)
{
    if (l->outcome != OUT_ANSWERED || talk <= 0)
        return FALSE;
    if (l->answered_by >= 0)
        return l->answered_by == 1;
    if (listed(run->ing->cfg->ivr_contexts, l->f[F_DCONTEXT]))
        return FALSE;
    const char *app = l->f[F_LASTAPP];
    if (machine_app(app))
        return FALSE;
    if (lay->col[F_DSTCHANNEL] >= 0 && !bridge_app(app) && !*l->f[F_DSTCHANNEL])
        return FALSE;
    return TRUE;
}

static void merge(cdr_run *run, cdr_call *c, const cdr_leg *l, const cdr_layout *lay)
{
    c->legs++;
    if (c->legs == 1 || l->start < c->start) {
        c->start = l->start;
        set_text(&c->src, l->f[F_SRC]);
        set_text(&c->dst, l->f[F_DST]);
        g_free(c->name);
        g_free(c->number);
        if (*l->f[F_CLID]) {
            split_clid(l->f[F_CLID], &c->name, &c->number);
        } else {
            c->name = dup_text(l->f[F_NAME]);
            c->number = NULL;
        }
        if (!c->number)
            c->number = dup_text(*l->f[F_NUMBER] ? l->f[F_NUMBER] : l->f[F_SRC]);
        set_text(&c->context, l->f[F_DCONTEXT]);
        set_text(&c->account, l->f[F_ACCOUNT]);
        g_free(c->channel_peer);
        c->channel_peer = channel_peer(l->f[F_CHANNEL]);
    }
    c->has_channels = lay->col[F_CHANNEL] >= 0;
    if (l->answer && (!c->answer || l->answer < c->answer))
        c->answer = l->answer;
    gint64 end = l->end;
    if (!end)
        end = l->answer && l->billsec > 0 ? l->answer + l->billsec : l->start + MAX(0, l->duration);
    c->end = MAX(c->end, end);
    if (!c->trunk_out && *l->f[F_DSTCHANNEL])
        c->trunk_out = channel_peer(l->f[F_DSTCHANNEL]);
    if (!c->dir_hint && l->direction)
        c->dir_hint = l->direction;
    gboolean answered = l->outcome == OUT_ANSWERED;
    gint64 talk = l->billsec > 0                                ? l->billsec
                  : answered && l->answer && l->end > l->answer ? l->end - l->answer
                                                                : 0;
    if (answered) {
        c->answered = TRUE;
        c->talk_any = MAX(c->talk_any, talk);
    }
    if (leg_human(run, l, lay, talk) && (!c->human || talk > c->talk_human)) {
        c->human = TRUE;
        c->talk_human = talk;
        c->human_answer = l->answer ? l->answer : (l->end ? l->end - talk : l->start);
        g_free(c->human_peer);
        c->human_peer = channel_peer(l->f[F_DSTCHANNEL]);
        set_text(&c->human_agent, l->f[F_AGENT]);
        set_text(&c->human_app, l->f[F_LASTAPP]);
    }
    if (c->legs == 1 || end >= c->last_end) {
        c->last_end = end;
        set_text(&c->last_app, l->f[F_LASTAPP]);
        set_text(&c->cause, l->cause);
        c->last_outcome = l->outcome;
    }
    if (listed(run->ing->cfg->queue_contexts, l->f[F_DCONTEXT]) ||
        g_ascii_strcasecmp(l->f[F_LASTAPP], "Queue") == 0)
        if (!c->queue_start || l->start < c->queue_start)
            c->queue_start = l->start;
}

/* The identity of one end of a call: E.164, "ext:<extension>", the digits of
 * a national number no country could place, or "ext:<name>" for a PBX
 * endpoint named rather than numbered ("client1"). NULL for nobody ("s",
 * "&", withheld). */
static char *party(const cdr_run *run, const char *raw)
{
    if (!raw || !*raw || pl_callerid_is_withheld(raw))
        return NULL;
    char *n = pl_phone_normalise(raw, run->ing->cfg->default_country);
    if (n)
        return n;
    GString *digits = g_string_new(NULL);
    gboolean only_number = TRUE, letter = FALSE, name_ok = TRUE;
    for (const char *p = raw; *p; p++) {
        if (g_ascii_isdigit(*p))
            g_string_append_c(digits, *p);
        else if (!strchr("+ -().", *p))
            only_number = FALSE;
        if (g_ascii_isalpha(*p))
            letter = TRUE;
        else if (!g_ascii_isdigit(*p) && !strchr("_.-", *p))
            name_ok = FALSE;
    }
    char *out = NULL;
    if (only_number && digits->len >= 7 && digits->len <= 15)
        out = g_strdup(digits->str);
    else if (name_ok && letter && strlen(raw) >= 2 && strlen(raw) <= 40)
        out = g_strconcat("ext:", raw, NULL);
    g_string_free(digits, TRUE);
    if (out && g_str_has_prefix(out, "ext:")) {
        char *low = g_ascii_strdown(out, -1);
        g_free(out);
        out = low;
    }
    return out;
}

static void call_free(cdr_call *c)
{
    g_ptr_array_unref(c->keys);
    char **strs[] = {&c->key,          &c->where,     &c->src,        &c->dst,
                     &c->name,         &c->number,    &c->context,    &c->account,
                     &c->channel_peer, &c->trunk_out, &c->human_peer, &c->human_agent,
                     &c->human_app,    &c->last_app,  &c->cause};
    for (size_t i = 0; i < G_N_ELEMENTS(strs); i++)
        g_free(*strs[i]);
    g_free(c);
}

static const char *keep(cdr_batch *b, const char *s)
{
    return s ? g_string_chunk_insert(b->strings, s) : NULL;
}

/* Hands one call to the writer: its event, participants and call record. */
static gboolean emit(cdr_run *run, cdr_call *c)
{
    const pl_config *cfg = run->ing->cfg;
    pl_presentation pres = pl_callerid_presentation(c->name, c->number);
    char *from = party(run, c->src ? c->src : c->number);
    char *to = party(run, c->dst);
    gboolean from_ours = from && pl_config_is_internal(cfg, from);
    gboolean to_ours = to && pl_config_is_internal(cfg, to);
    pl_direction dir;
    if (from)
        dir = !from_ours ? PL_DIR_IN : (to && !to_ours) ? PL_DIR_OUT : PL_DIR_INTERNAL;
    else
        /* No caller ID: a call to one of us came in; one from our switch
         * to an outside number (an originated call, a dialer) went out. */
        dir = c->dir_hint ? c->dir_hint : to_ours ? PL_DIR_IN : to ? PL_DIR_OUT : PL_DIR_UNKNOWN;
    /* A file that states the direction (Twilio) knows which number is ours. */
    if (from && !from_ours && !to_ours && c->dir_hint)
        dir = c->dir_hint;

    cdr_batch *b = run->cur;
    g_assert(b->n_calls < CDR_BATCH);
    pl_call_add *a = &b->calls[b->n_calls++];
    memset(a, 0, sizeof *a);
    a->parts = &b->parts[b->n_parts];
    if (from) {
        b->parts[b->n_parts++] =
            (pl_participant){PL_ID_PHONE, (char *)keep(b, from),
                             (char *)keep(b, pres == PL_PRES_NAMED ? c->name : NULL), PL_ROLE_FROM};
        a->n_parts++;
    }
    if (to && (!from || strcmp(from, to) != 0)) {
        b->parts[b->n_parts++] =
            (pl_participant){PL_ID_PHONE, (char *)keep(b, to), NULL, PL_ROLE_TO};
        a->n_parts++;
    }
    char *source_key = g_strconcat("cdr:", run->fmt->name, ":", c->key, NULL);
    a->source_key = keep(b, source_key);
    a->location = keep(b, c->where);
    a->direction = dir;
    a->ts = c->start;
    a->duration_s = c->human ? c->talk_human : 0;
    a->bytes = c->bytes;
    a->flags =
        (pres == PL_PRES_WITHHELD ? PL_EV_WITHHELD_ID : 0) | (c->human ? PL_EV_HUMAN_ANSWER : 0);
    /* The line: the account if the switch names one, else the channel the
     * call came in on / the trunk it went out on; without channel names,
     * our own number (Twilio). The agent: our person on it. */
    const char *line = c->account;
    if (!line && c->has_channels)
        line = dir == PL_DIR_OUT && c->trunk_out ? c->trunk_out : c->channel_peer;
    else if (!line)
        line = dir == PL_DIR_IN ? c->dst : dir == PL_DIR_OUT ? c->src : NULL;
    const char *agent = c->human_agent;
    if (!agent && (dir == PL_DIR_OUT || dir == PL_DIR_INTERNAL))
        agent = from;
    else if (!agent)
        agent = c->human_peer ? c->human_peer : to_ours ? to : NULL;
    gint64 wait_end = c->human ? c->human_answer : c->end;
    a->call = (pl_call){
        .start_ts = c->start,
        .answer_ts = c->answer,
        .end_ts = c->end,
        .ring_s = c->answer ? c->answer - c->start
                  : c->end  ? c->end - c->start
                            : -1,
        .talk_s = c->human ? c->talk_human : c->talk_any,
        .queue_wait_s = c->queue_start ? MAX(0, wait_end - c->queue_start) : -1,
        .outcome = cdr_outcome_names[c->answered ? OUT_ANSWERED : c->last_outcome],
        .answered_by_human = c->human,
        .presented_name = keep(b, c->name),
        .presented_number = keep(b, c->number),
        .presentation = pres,
        .line = keep(b, line),
        .agent = keep(b, agent),
        .last_app = keep(b, c->human ? c->human_app : c->last_app),
        .context = keep(b, c->context),
        .hangup_cause = keep(b, c->cause),
        .legs = c->legs,
    };
    g_free(source_key);
    g_free(from);
    g_free(to);
    return b->n_calls < CDR_BATCH || cdr_run_deliver(run, FALSE);
}

static void batch_free(gpointer p)
{
    cdr_batch *b = p;
    g_string_chunk_free(b->strings);
    g_array_free(b->warnings, TRUE);
    g_free(b);
}

void cdr_batch_reset(cdr_batch *b)
{
    b->n_calls = b->n_parts = 0;
    g_string_chunk_clear(b->strings);
    g_array_set_size(b->warnings, 0);
    b->rows = b->duplicates = 0;
    b->files_failed = 0;
    b->last = FALSE;
}

void cdr_warn(cdr_run *run, const char *where, const char *reason)
{
    cdr_batch *b = run->cur;
    cdr_warning w = {keep(b, where), keep(b, reason)};
    g_array_append_val(b->warnings, w);
}

gboolean cdr_run_deliver(cdr_run *run, gboolean last)
{
    run->cur->last = last;
    pl_pipe_send(run->pipe, run->cur);
    run->cur = last ? NULL : pl_pipe_take(run->pipe);
    return !pl_pipe_stopped(run->pipe);
}

#define N_BATCHES 3

cdr_run *cdr_run_new(pl_ingest *ing, const cdr_format *fmt, const char *map)
{
    cdr_run *run = g_new0(cdr_run, 1);
    run->ing = ing;
    run->fmt = fmt;
    run->map = map;
    run->open = g_hash_table_new(g_str_hash, g_str_equal);
    g_queue_init(&run->queue);
    run->pipe = pl_pipe_new();
    for (int i = 0; i < N_BATCHES; i++) {
        cdr_batch *b = g_new0(cdr_batch, 1);
        b->strings = g_string_chunk_new(64 * 1024);
        b->warnings = g_array_new(FALSE, FALSE, sizeof(cdr_warning));
        pl_pipe_add(run->pipe, b);
    }
    return run;
}

void cdr_run_free(cdr_run *run)
{
    cdr_call *c;
    while ((c = g_queue_pop_head(&run->queue)))
        call_free(c);
    g_hash_table_destroy(run->open);
    g_assert(!run->cur);
    pl_pipe_free(run->pipe, batch_free);
    g_free(run);
}

static void open_under(cdr_run *run, cdr_call *c, const char *key)
{
    if (!*key || g_hash_table_contains(run->open, key))
        return;
    char *k = g_strdup(key);
    g_ptr_array_add(c->keys, k);
    g_hash_table_insert(run->open, k, c);
}

static cdr_call *call_new(const char *key, const char *path, guint line)
{
    cdr_call *c = g_new0(cdr_call, 1);
    c->keys = g_ptr_array_new_with_free_func(g_free);
    c->key = g_strdup(key);
    c->where = g_strdup_printf("%s:%u", path, line);
    return c;
}

void cdr_run_add_leg(cdr_run *run, const cdr_leg *l, const cdr_layout *lay, guint64 row_hash,
                     guint64 key_hash, guint64 bytes, const char *path, guint line)
{
    if (pl_pipe_stopped(run->pipe))
        return;
    run->rowno++;
    const char *id = l->f[F_UNIQUEID], *bleg = l->f[F_BLEG];
    const char *key = *l->f[F_LINKEDID] ? l->f[F_LINKEDID] : id;
    if (!*key) {
        /* Nothing ties this row to others: a call of its own, keyed by its
         * content so that the same row read twice is found again. */
        char k[40];
        g_snprintf(k, sizeof k, "row:%016" G_GINT64_MODIFIER "x", key_hash);
        cdr_call *c = call_new(k, path, line);
        merge(run, c, l, lay);
        c->bytes = bytes;
        emit(run, c);
        call_free(c);
        return;
    }
    /* What identifies this leg: uniqueid + sequence (Asterisk 21 columns),
     * the leg's own id elsewhere; Asterisk without a sequence reuses the
     * uniqueid across Dial legs, so there only the whole row does. */
    guint64 leg_id = lay->col[F_SEQUENCE] >= 0 && *id           ? hash_str(id, l->f[F_SEQUENCE])
                     : run->fmt == &cdr_format_asterisk || !*id ? row_hash
                                                                : hash_str(id, NULL);
    cdr_call *c = g_hash_table_lookup(run->open, key);
    if (!c && *bleg)
        c = g_hash_table_lookup(run->open, bleg);
    if (!c) {
        c = call_new(key, path, line);
        g_queue_push_tail(&run->queue, c);
    }
    for (int i = 0; i < c->nmarks; i++) {
        if (c->marks[i].leg != leg_id)
            continue;
        if (c->marks[i].row == row_hash) {
            run->cur->duplicates++; /* the same record twice */
        } else {
            char why[160];
            g_snprintf(why, sizeof why,
                       "repeats the call leg of line %u with different fields; line %u kept",
                       c->marks[i].line, c->marks[i].line);
            char where[4096];
            g_snprintf(where, sizeof where, "%s:%u", path, line);
            cdr_warn(run, where, why);
        }
        return;
    }
    if (c->nmarks < MAX_MARKS)
        c->marks[c->nmarks++] = (leg_mark){leg_id, row_hash, line};
    open_under(run, c, key);
    open_under(run, c, bleg);
    if (*bleg && *id && strcmp(c->key, id) != 0) {
        /* The A leg names its B leg: its uuid is the call's key, whichever
         * leg was read first. */
        g_free(c->key);
        c->key = g_strdup(id);
        open_under(run, c, id);
    }
    merge(run, c, l, lay);
    c->bytes += bytes;
    c->last_row = run->rowno;
    cdr_run_flush(run, FALSE);
}

gboolean cdr_run_flush(cdr_run *run, gboolean all)
{
    cdr_call *c;
    gboolean ok = !pl_pipe_stopped(run->pipe);
    while (ok && (c = g_queue_peek_head(&run->queue)) &&
           (all || c->last_row + WINDOW < run->rowno)) {
        g_queue_pop_head(&run->queue);
        for (guint i = 0; i < c->keys->len; i++)
            g_hash_table_remove(run->open, c->keys->pdata[i]);
        ok = emit(run, c);
        call_free(c);
    }
    return ok;
}
