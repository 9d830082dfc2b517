/* response_runs.c — the runs of customer messages `report response` times,
 * decided once per conversation by its refresh (conversation.c) and kept
 * in the store (response_run, migration 011), so that the report reads one
 * row per run, not every event of the conversations customers wrote in.
 *
 * The rules (docs/model.md, "Response times"): a customer message is an
 * inbound human event whose author is a customer or prospect (the
 * conversation's category when it has no author), not an inbound call a
 * person took; messages one after another before an answer form one run,
 * timed from its first; the answer is the first later human event of ours
 * (direction out; an outbound call only when a person answered it).
 * Automated events are never a message nor an answer; one of ours while a
 * run waits is noted as an acknowledgement. A run does not depend on the
 * report's range: the report picks runs by their first message's time.
 */
#include "response_runs.h"

#include <string.h>

struct pl_resp_scratch {
    GArray *runs;        /* pl_response_run, later_ts and subject not yet pointing anywhere */
    GArray *later;       /* gint64: the later messages' times of every run, run by run */
    GArray *first;       /* guint: per run, its first entry in later */
    GPtrArray *subjects; /* per run, its first message's subject (not owned); NULL once answered */
};

pl_resp_scratch *pl_resp_scratch_new(void)
{
    pl_resp_scratch *s = g_new0(pl_resp_scratch, 1);
    s->runs = g_array_new(FALSE, TRUE, sizeof(pl_response_run));
    s->later = g_array_new(FALSE, FALSE, sizeof(gint64));
    s->first = g_array_new(FALSE, FALSE, sizeof(guint));
    s->subjects = g_ptr_array_new();
    return s;
}

void pl_resp_scratch_free(pl_resp_scratch *s)
{
    if (!s)
        return;
    g_array_free(s->runs, TRUE);
    g_array_free(s->later, TRUE);
    g_array_free(s->first, TRUE);
    g_ptr_array_free(s->subjects, TRUE);
    g_free(s);
}

static gboolean is_customer(const pl_resp_event *e, int conv_category)
{
    int c = e->author_category >= 0 ? e->author_category : conv_category;
    return c == PL_CAT_CUSTOMER || c == PL_CAT_PROSPECT;
}

/* Copies the runs found into one block: runs, then the later times, then
 * the subjects of the runs still waiting. */
static pl_response_run *pack(pl_resp_scratch *s)
{
    const char *const *subjects = (const char *const *)s->subjects->pdata;
    guint n = s->runs->len;
    gsize size = n * sizeof(pl_response_run) + s->later->len * sizeof(gint64);
    for (guint i = 0; i < n; i++)
        if (subjects[i])
            size += strlen(subjects[i]) + 1;
    pl_response_run *out = g_malloc(size);
    memcpy(out, s->runs->data, n * sizeof(pl_response_run));
    gint64 *later = (gint64 *)(out + n);
    if (s->later->len)
        memcpy(later, s->later->data, s->later->len * sizeof(gint64));
    char *text = (char *)(later + s->later->len);
    for (guint i = 0; i < n; i++) {
        pl_response_run *r = &out[i];
        r->later_ts = r->messages > 1 ? later + g_array_index(s->first, guint, i) : NULL;
        r->subject = NULL;
        if (subjects[i]) {
            gsize len = strlen(subjects[i]) + 1;
            memcpy(text, subjects[i], len);
            r->subject = text;
            text += len;
        }
    }
    g_assert((char *)out + size == text);
    return out;
}

pl_response_run *pl_response_runs(const pl_resp_event *ev, guint n, int conv_category,
                                  gint64 conv_id, pl_resp_scratch *s, guint *n_runs)
{
    g_array_set_size(s->runs, 0);
    g_array_set_size(s->later, 0);
    g_array_set_size(s->first, 0);
    g_ptr_array_set_size(s->subjects, 0);
    pl_response_run cur = {0};
    const char *cur_subject = NULL;
    gboolean active = FALSE, answered_before = FALSE;
    for (guint i = 0; i < n; i++) {
        const pl_resp_event *e = &ev[i];
        g_assert(i == 0 || ev[i - 1].ts <= e->ts);
        if (e->flags & PL_EV_AUTOMATED) {
            if (active && e->direction != PL_DIR_IN)
                cur.auto_ack = TRUE;
            continue;
        }
        gboolean call = e->channel == PL_CH_CALL;
        if (e->direction == PL_DIR_IN) {
            /* An inbound call a person took was answered there and then
             * (`report calls` times it); only a missed one waits for us. */
            if ((call && (e->flags & PL_EV_HUMAN_ANSWER)) || !is_customer(e, conv_category))
                continue;
            if (!active) {
                active = TRUE;
                cur = (pl_response_run){.conv_id = conv_id,
                                        .seq = (int)s->runs->len,
                                        .first_ts = e->ts,
                                        .channel = e->channel,
                                        .author_id = e->author_id};
                cur_subject = e->subject;
                guint at = s->later->len;
                g_array_append_val(s->first, at);
            } else {
                g_array_append_val(s->later, e->ts);
            }
            cur.messages++;
            cur.last_ts = e->ts;
            continue;
        }
        if (e->direction != PL_DIR_OUT || (call && !(e->flags & PL_EV_HUMAN_ANSWER)))
            continue; /* colleagues among themselves, or a call nobody took */
        if (active) {
            cur.answered = TRUE;
            cur.answer_ts = e->ts;
            cur.answer_author_id = e->author_id;
            g_array_append_val(s->runs, cur);
            g_ptr_array_add(s->subjects, NULL); /* an answered run shows no subject */
            active = FALSE;
        }
        answered_before = TRUE;
    }
    if (active) {
        cur.auto_only = cur.auto_ack && !answered_before;
        g_array_append_val(s->runs, cur);
        g_ptr_array_add(s->subjects, (gpointer)cur_subject);
    }
    g_assert(s->subjects->len == s->runs->len && s->first->len == s->runs->len);
    *n_runs = s->runs->len;
    return s->runs->len ? pack(s) : NULL;
}
