/* progress.h — what long-running imports (ingest, sync) show while they
 * run and after: per-record warnings that do not tear the progress line, a
 * progress bar on a terminal, and the skip reasons of the summary. */
#ifndef PARLEY_PROGRESS_H
#define PARLEY_PROGRESS_H

#include "parley.h"

#include <json-glib/json-glib.h>

typedef struct {
    gboolean tty;   /* stderr is a terminal: draw the progress line */
    gboolean quiet; /* --quiet: neither warnings nor progress */
    guint warnings;
} cli_ui;

/* A cli_ui for stderr. */
cli_ui cli_ui_new(gboolean quiet);
/* pl_warn_fn: "parley: WHERE: REASON" on stderr, clearing the bar first. */
void cli_warn(const char *where, const char *reason, gpointer ui);
/* Draws "[####....] done/total UNIT  LABEL  N msg/s  ETA Ns" over the last line. */
void cli_progress_draw(const cli_ui *ui, guint64 done, guint64 total, const char *unit,
                       const char *label, double rate, double eta_s);
/* Clears the progress line (before the summary). */
void cli_progress_clear(const cli_ui *ui);

/* The summary's skip reasons: "skip_reasons": {reason: count} / an indented list. */
void cli_json_skip_reasons(JsonBuilder *b, const pl_ingest_stats *s);
void cli_print_skipped(const pl_ingest_stats *s);

#endif
