/* direction.h — which way an event went, relative to us: the rule the
 * refresh applies to every event (conversation.c), and the guess an ingest
 * stores with each new mail so that the refresh seldom has to change it. */
#ifndef PARLEY_DIRECTION_H
#define PARLEY_DIRECTION_H

#include "store.h"

/* What the rule reads of an event, its participants classified. */
typedef struct {
    pl_channel channel;
    int direction;               /* the adapter's, kept where there is no author */
    gboolean has_author;         /* a From participant that is not a list */
    gboolean ours;               /* ... and it is one of us */
    gboolean external_recipient; /* a recipient (To, Cc, Bcc) who is not */
    gboolean via_list;           /* a mailing list carried it */
} pl_direction_facts;

pl_direction pl_direction_of(const pl_direction_facts *f);
/* What one participant adds to them: its role, whether it is a list (by
 * role, or an address known to be one: a list is nobody) and whether it is
 * one of us. */
void pl_direction_facts_add(pl_direction_facts *f, pl_role role, gboolean listed, gboolean ours);

/* The guess: the rule over the event's own participants, each classified
 * as an identity the store knows nothing more of (no contact, no earlier
 * list traffic), which is what a new address is. Where contacts say more,
 * the refresh's direction differs and it corrects the event, as it always
 * did; the guess only saves it the update where they agree. */
typedef struct pl_direction_guess pl_direction_guess;

/* NULL when the store's labels cannot be read (the refresh, which reads
 * them too, reports why). */
pl_direction_guess *pl_direction_guess_new(pl_store *st, const pl_config *cfg);
void pl_direction_guess_free(pl_direction_guess *g);
pl_direction pl_direction_guess_event(pl_direction_guess *g, const pl_event *ev);

#endif
