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
/* "YYYY-MM-DDTHH:MM:SSZ" (UTC), "?" for a year outside 1..9999. */
char *out_iso_time(gint64 ts);

/* Prints the builder's root pretty to stdout and unrefs the builder. */
void out_json(JsonBuilder *b);

/* A streaming JSON writer for output too big to build as a tree first
 * (tens of thousands of rows): writes what out_json would print for the
 * same values, byte for byte, as the values come. Call in JSON order: a
 * key before each member's value; out_jw_end closes the innermost object
 * or array; out_jw_finish ends the line, flushes and frees. */
typedef struct out_jw out_jw;
out_jw *out_jw_new(FILE *f);
/* The same, holding everything until out_jw_finish, for lists whose
 * reading may fail half-way: out_jw_discard then prints nothing. */
out_jw *out_jw_new_held(FILE *f);
void out_jw_discard(out_jw *w);
void out_jw_object(out_jw *w);
void out_jw_array(out_jw *w);
void out_jw_end(out_jw *w);
void out_jw_key(out_jw *w, const char *name);
void out_jw_int(out_jw *w, gint64 v);
void out_jw_double(out_jw *w, double v);
void out_jw_bool(out_jw *w, gboolean v);
void out_jw_null(out_jw *w);
void out_jw_string(out_jw *w, const char *v); /* NULL writes null */
/* A member: its key, then its value. */
void out_jw_member_string(out_jw *w, const char *name, const char *v); /* NULL writes null */
void out_jw_member_int(out_jw *w, const char *name, gint64 v);
void out_jw_member_double(out_jw *w, const char *name, double v);
void out_jw_member_bool(out_jw *w, const char *name, gboolean v);
/* A share or a duration, null when negative (nothing to divide or time). */
void out_jw_member_measure(out_jw *w, const char *name, double v);
void out_jw_finish(out_jw *w);

#endif
