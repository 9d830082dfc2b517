/* stats.c — percentiles shared by the reports (report_calls.c,
 * report_response.c): one definition, so "median" and "p90" mean the same
 * thing in every report and in the tests that recompute them. */
#include "stats.h"

#include <math.h>

static gint by_double(gconstpointer a, gconstpointer b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void pl_stats_sort(GArray *values)
{
    g_array_sort(values, by_double);
}

/* Percentile by linear interpolation between closest ranks (numpy's default,
 * Python's statistics.quantiles(method="inclusive")): rank h = (n − 1)·p. */
double pl_stats_percentile(const GArray *sorted, double p)
{
    if (!sorted->len)
        return -1;
    double h = (sorted->len - 1) * p;
    guint lo = (guint)floor(h);
    guint hi = MIN(lo + 1, sorted->len - 1);
    double a = g_array_index(sorted, double, lo), b = g_array_index(sorted, double, hi);
    return a + (h - lo) * (b - a);
}
