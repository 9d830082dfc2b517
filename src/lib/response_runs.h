/* response_runs.h — the runs `report response` times, found per
 * conversation by the conversation refresh (response_runs.c; rules in
 * docs/model.md, "Response times"). Internal to libparley. */
#ifndef PARLEY_RESPONSE_RUNS_H
#define PARLEY_RESPONSE_RUNS_H

#include "store.h"

G_BEGIN_DECLS

/* One event of a conversation as the response rules see it. */
typedef struct {
    gint64 ts;
    int channel, direction; /* the direction the refresh just computed */
    guint flags;
    gint64 author_id;    /* identity of its author (role from, lowest id); 0 = none */
    int author_category; /* of that author (me: internal); -1 = no author */
    const char *subject; /* may be NULL */
} pl_resp_event;

typedef struct pl_resp_scratch pl_resp_scratch;
pl_resp_scratch *pl_resp_scratch_new(void);
void pl_resp_scratch_free(pl_resp_scratch *s);

/* The runs of one conversation's n events (in conversation order: time,
 * then id), whose category is conv_category (it stands for an event
 * without an author). Returns one block holding the runs and everything
 * they point at (g_free it), or NULL when there are none; *n_runs gets how
 * many. */
pl_response_run *pl_response_runs(const pl_resp_event *ev, guint n, int conv_category,
                                  gint64 conv_id, pl_resp_scratch *s, guint *n_runs);

G_END_DECLS

#endif
