/* cdr_call.h — merging the legs of a call and writing the call (cdr_call.c),
 * driven by the file reader in cdr.c. Not public. */
#ifndef PARLEY_CDR_CALL_H
#define PARLEY_CDR_CALL_H

#include "cdr.h"
#include "pipe.h"

#define CDR_BATCH 2048 /* calls handed from the reader to the writer at a time */

/* A problem with one record, reported by the writer thread in order. */
typedef struct {
    const char *where, *reason;
} cdr_warning;

/* What the reader thread hands the writer: calls merged from the file's
 * legs (strings in the batch's chunk), the problems met on the way and the
 * counts. Three batches circulate between the two threads, so memory stays
 * flat whatever the file's size. */
typedef struct {
    pl_call_add calls[CDR_BATCH];
    pl_participant parts[2 * CDR_BATCH];
    guint n_calls, n_parts;
    GStringChunk *strings;
    GArray *warnings;         /* cdr_warning */
    guint64 rows, duplicates; /* records read; exact duplicate legs */
    guint files_failed;       /* the file's layout was not understood */
    gboolean last;            /* the reader is done with the file */
} cdr_batch;

/* One pl_ingest_cdr() run: the calls still open for more legs. Everything
 * but the queues belongs to the reader thread while a file is read. */
typedef struct {
    pl_ingest *ing;
    const cdr_format *fmt;
    const char *map;
    cdr_clock clock;
    GHashTable *open; /* call key -> cdr_call (several keys may name one call) */
    GQueue queue;     /* cdr_call, oldest first */
    guint64 rowno;
    cdr_batch *cur; /* the batch being filled */
    pl_pipe *pipe;  /* cdr_batch: to the writer and back (pipe.c) */
} cdr_run;

cdr_run *cdr_run_new(pl_ingest *ing, const cdr_format *fmt, const char *map);
void cdr_run_free(cdr_run *run);
/* Reports a problem with one record (reader thread). */
void cdr_warn(cdr_run *run, const char *where, const char *reason);
/* Hands the current batch to the writer and takes an empty one; last: the
 * file is done. FALSE when the writer asked to stop. */
gboolean cdr_run_deliver(cdr_run *run, gboolean last);
void cdr_batch_reset(cdr_batch *b);
/* Adds one leg (its strings are copied) read at path:line. row_hash tells
 * rows apart within the run; key_hash (fnv1a of the row) keys a row that has
 * no call or leg id. */
void cdr_run_add_leg(cdr_run *run, const cdr_leg *leg, const cdr_layout *lay, guint64 row_hash,
                     guint64 key_hash, guint64 bytes, const char *path, guint line);
/* Hands on the calls no later leg can join any more (all: every open
 * call). FALSE when the writer asked to stop. */
gboolean cdr_run_flush(cdr_run *run, gboolean all);

#endif
