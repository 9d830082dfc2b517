/* contact_summary.h — the call list's per-contact summaries, kept up to date
 * by the conversation refresh (contact_summary.c). */
#ifndef PARLEY_CONTACT_SUMMARY_H
#define PARLEY_CONTACT_SUMMARY_H

#include "classify.h"
#include "store.h"

/* Recomputes the summaries of every contact marked dirty. *cls is the
 * refresh's classifier, created here when it is still NULL and needed; the
 * caller frees it. Runs inside the caller's transaction. */
gboolean pl_contact_summaries_refresh(pl_store *st, const pl_config *cfg, pl_classifier **cls,
                                      GError **err);

#endif
