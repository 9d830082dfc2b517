/* stats.h — small statistics the reports share (median, p90), so every
 * report computes percentiles the same way. Internal to libparley. */
#ifndef PARLEY_STATS_H
#define PARLEY_STATS_H

#include <glib.h>

/* Sorts an array of double ascending. */
void pl_stats_sort(GArray *values);
/* Percentile p (0..1) of an ascending array of double; -1 when empty. */
double pl_stats_percentile(const GArray *sorted, double p);

#endif
