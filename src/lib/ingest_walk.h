/* ingest_walk.h — the walk of a mail ingest (ingest_walk.c): the files
 * under the paths given, found on a thread of their own while the ingest
 * already parses the first ones. Internal to ingest_mail.c. */
#ifndef PARLEY_INGEST_WALK_H
#define PARLEY_INGEST_WALK_H

#include "ingest.h"

typedef enum { FILE_MESSAGE, FILE_MBOX } file_kind;

typedef struct {
    char *path;
    gint64 source_id;
    file_kind kind;
    /* as the walk's stat() saw it: what the re-scan check compares, so the
     * file is not stat()ed twice (a file that changes after the walk is
     * marked with the older values, so the next scan reads it again) */
    gint64 size, mtime_ns;
} found_file;

/* An mbox starts with a From_ line; everything else is tried as one message. */
file_kind walk_sniff(const char *path);

/* A path to walk, made absolute, and the source its files belong to. */
typedef struct {
    char *path;
    gint64 source_id;
} walk_root;

typedef struct walk walk;

/* Starts walking the roots (copied) in order. */
walk *walk_start(const walk_root *roots, guint n);
/* Whether the walk found a k-th file (from 0), waiting until it has or
 * has ended. */
gboolean walk_has(walk *w, guint k);
/* The k-th file; only after walk_has(w, k). Stays valid until walk_free. */
const found_file *walk_at(walk *w, guint k);
/* Hands what the walk found so far to the ingest, on its thread: the
 * files it skipped with their reasons, and the count of files found. */
void walk_report(walk *w, pl_ingest *ing);
/* Waits for the walk to end, reports the rest, frees it all. */
void walk_free(walk *w, pl_ingest *ing);

#endif
