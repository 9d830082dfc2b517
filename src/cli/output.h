/* output.h — the one output layer of the CLI: aligned text tables for people,
 * JSON for machines, human durations and shares. */
#ifndef PARLEY_OUTPUT_H
#define PARLEY_OUTPUT_H

#include <glib.h>
#include <stdio.h>
#include <json-glib/json-glib.h>

typedef struct out_table out_table;

/* Columns are named; a name starting with '>' is right-aligned. */
out_table *out_table_new(const char *first_col, ...) G_GNUC_NULL_TERMINATED;
/* Adds one row; takes as many strings as there are columns. */
void out_table_row(out_table *t, ...);
/* Prints with columns padded to their widest cell (UTF-8 aware), frees t. */
void out_table_print(out_table *t, FILE *f, const char *indent);

/* Frees t without printing. */
void out_table_free(out_table *t);

/* "3h 05m", "12m", "40s" */
char *out_duration(gint64 seconds);
/* "42.0%" ("-" when whole is 0) */
char *out_share(double part, double whole);
/* "2026-11-20" (UTC) */
char *out_date(gint64 ts);

/* Prints the builder's root pretty to stdout and unrefs the builder. */
void out_json(JsonBuilder *b);

#endif
