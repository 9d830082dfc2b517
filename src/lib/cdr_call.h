/* cdr_call.h — merging the legs of a call and writing the call (cdr_call.c),
 * driven by the file reader in cdr.c. Not public. */
#ifndef PARLEY_CDR_CALL_H
#define PARLEY_CDR_CALL_H

#include "cdr.h"

/* One pl_ingest_cdr() run: the calls still open for more legs. */
typedef struct {
    pl_ingest *ing;
    const cdr_format *fmt;
    const char *map;
    cdr_clock clock;
    gint64 source_id;
    GError **err;
    gboolean failed;  /* the store failed: *err is set, stop */
    GHashTable *open; /* call key -> cdr_call (several keys may name one call) */
    GQueue queue;     /* cdr_call, oldest first */
    guint64 rowno;
    GArray *parts; /* pl_participant, reused for every event */
} cdr_run;

cdr_run *cdr_run_new(pl_ingest *ing, const cdr_format *fmt, const char *map, GError **err);
void cdr_run_free(cdr_run *run);
/* Adds one leg (its strings are copied). where: "FILE:LINE" for warnings. */
void cdr_run_add_leg(cdr_run *run, const cdr_leg *leg, const cdr_layout *lay, guint64 row_hash,
                     guint64 bytes, const char *where, guint line);
/* Writes the calls no later leg can join any more (all: every open call).
 * FALSE when the store failed. */
gboolean cdr_run_flush(cdr_run *run, gboolean all);

#endif
