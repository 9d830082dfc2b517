/* detect_due.c — the day a promise or question names as its deadline
 * (pl_due_resolve() in detect.h), counted from the message's own time in
 * the writer's zone: a message sent on Thursday evening in California says
 * "by Friday" about the next day even though it is Friday in UTC already.
 *
 * What is understood (first one in the sentence wins): today / tonight /
 * end of day / EOD; tomorrow; a weekday ("by Friday": the next one after
 * the message's day; "next Friday": the Friday of the following week);
 * this week / end of the week (its Friday); next week (the Friday after),
 * early next week (its Tuesday); this month / end of month (its last day),
 * next month (the last day of the next), early next month (its 7th); end of
 * the year; in / within N days, weeks, months, hours (N in digits or words:
 * a, one ... ten, a couple of, a few = 3), business / working days counting
 * Monday to Friday; dates: 2026-03-12, "12 March", "March 12th", "the 12th
 * of March" (with or without a year: without, the next such day on or
 * after the message's), "by the 15th". Numeric dates like 12/03 are left
 * alone: day and month order differs between writers.
 */
#include "detect.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gboolean one_of(const char *s, const char *alts)
{
    if (!s || !*s)
        return FALSE;
    size_t n = strlen(s);
    for (const char *p = alts; (p = strstr(p, s)); p++)
        if ((p == alts || p[-1] == '|') && (p[n] == '|' || p[n] == '\0'))
            return TRUE;
    return FALSE;
}

/* Lower-case words; '-' and '/' stay inside a word between digits
 * ("2026-03-12"), apostrophes go. */
static GPtrArray *due_words(const char *s)
{
    GPtrArray *w = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);
    for (const char *p = s;; p++) {
        gboolean in = g_ascii_isalnum(*p) || ((*p == '-' || *p == '/') && cur->len &&
                                              g_ascii_isdigit(p[-1]) && g_ascii_isdigit(p[1]));
        if (in) {
            g_string_append_c(cur, g_ascii_tolower(*p));
            continue;
        }
        if (*p == '\'')
            continue;
        if (cur->len) {
            g_ptr_array_add(w, g_strdup(cur->str));
            g_string_truncate(cur, 0);
        }
        if (!*p)
            break;
    }
    g_string_free(cur, TRUE);
    return w;
}

#define W(i) ((i) < w->len ? (const char *)w->pdata[i] : NULL)

static int month_of(const char *s, gboolean may_ok)
{
    static const char *const full[] = {"january",   "february", "march",    "april",
                                       "may",       "june",     "july",     "august",
                                       "september", "october",  "november", "december"};
    static const char *const abbr[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                       "jul", "aug", "sep", "oct", "nov", "dec"};
    if (!s)
        return 0;
    for (int m = 0; m < 12; m++)
        if (strcmp(s, full[m]) == 0 || strcmp(s, abbr[m]) == 0 ||
            (m == 8 && strcmp(s, "sept") == 0))
            return (m != 4 || may_ok) ? m + 1 : 0; /* "may" is a verb unless next to a day */
    return 0;
}

/* "12", "12th", "1st" -> 12, 1; 0 otherwise. */
static int day_of(const char *s)
{
    if (!s || !g_ascii_isdigit(s[0]))
        return 0;
    char *end = NULL;
    long d = strtol(s, &end, 10);
    if (*end && !one_of(end, "st|nd|rd|th"))
        return 0;
    return d >= 1 && d <= 31 && end - s <= 2 ? (int)d : 0;
}

static int year_of(const char *s)
{
    if (!s || strlen(s) != 4)
        return 0;
    for (const char *p = s; *p; p++)
        if (!g_ascii_isdigit(*p))
            return 0;
    int y = atoi(s);
    return y >= 1971 && y <= 2100 ? y : 0;
}

/* 2, "two", "a", "a couple of", "a few"; *used = words consumed. */
static int count_at(GPtrArray *w, guint i, guint *used)
{
    static const char *const numbers[] = {"zero", "one",   "two",   "three", "four", "five",
                                          "six",  "seven", "eight", "nine",  "ten"};
    const char *a = W(i);
    *used = 1;
    if (!a)
        return 0;
    if (g_ascii_isdigit(a[0])) {
        char *end = NULL;
        long n = strtol(a, &end, 10);
        return !*end && n > 0 && n <= 366 ? (int)n : 0;
    }
    for (int n = 1; n <= 10; n++)
        if (strcmp(a, numbers[n]) == 0)
            return n;
    if (one_of(a, "a|an")) {
        if (one_of(W(i + 1), "couple")) {
            *used = one_of(W(i + 2), "of") ? 3 : 2;
            return 2;
        }
        if (one_of(W(i + 1), "few")) {
            *used = 2;
            return 3;
        }
        return 1;
    }
    if (one_of(a, "couple")) {
        *used = one_of(W(i + 1), "of") ? 2 : 1;
        return 2;
    }
    if (one_of(a, "few"))
        return 3;
    return 0;
}

static int weekday_of(const char *s, gboolean abbreviations)
{
    static const char *const full[] = {"monday", "tuesday",  "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
    static const char *const abbr[] = {
        "mon|monday", "tue|tues|tuesday", "wed|weds", "thu|thur|thurs", "fri", "sat", "sun"};
    for (int i = 0; s && i < 7; i++)
        if (strcmp(s, full[i]) == 0 || (abbreviations && one_of(s, abbr[i])))
            return i + 1; /* G_DATE_MONDAY = 1 */
    return 0;
}

/* A date written without a year is the next such day on or after today;
 * one up to PAST_DAYS before today is a past event ("I tested it on 3
 * March"), not a deadline. */
#define PAST_DAYS 120
static gboolean date_ahead(const GDate *today, int m, int d, int y, GDate *out)
{
    int year = y ? y : g_date_get_year(today);
    if (!g_date_valid_dmy(d, m, year) && !y && g_date_valid_dmy(d, m, year + 1))
        year++; /* 29 February */
    if (!g_date_valid_dmy(d, m, year))
        return FALSE;
    g_date_set_dmy(out, d, m, year);
    if (!y && g_date_compare(out, today) < 0) {
        if (g_date_days_between(out, today) <= PAST_DAYS || !g_date_valid_dmy(d, m, year + 1))
            return FALSE;
        g_date_set_dmy(out, d, m, year + 1);
    }
    return TRUE;
}

static void to_weekday(GDate *d, GDateWeekday wd)
{
    int now = g_date_get_weekday(d);
    g_date_add_days(d, (wd - now + 7) % 7);
}

static void month_end(GDate *d, int months_ahead)
{
    g_date_set_day(d, 1);
    g_date_add_months(d, months_ahead);
    g_date_set_day(d, g_date_get_days_in_month(g_date_get_month(d), g_date_get_year(d)));
}

/* Tries every rule at word i; TRUE with *out set when one matches. */
static gboolean rule_at(GPtrArray *w, guint i, const GDate *today, gint64 ts, int offset_s,
                        GDate *out)
{
    const char *a = W(i), *b = W(i + 1), *c = W(i + 2), *d = W(i + 3);
    const char *prev = i ? W(i - 1) : NULL;
    *out = *today;
    if (one_of(a, "today|tonight|eod|cob|eob") ||
        (one_of(a, "this") && one_of(b, "morning|afternoon|evening")) ||
        (one_of(a, "end") && one_of(b, "of") &&
         (one_of(c, "day|business") || (one_of(c, "the|today") && one_of(d, "day|s")))))
        return TRUE;
    if (one_of(a, "tomorrow|tomorow|tmrw|tmr")) {
        g_date_add_days(out, one_of(prev, "after") ? 2 : 1);
        return TRUE;
    }
    /* Weekdays; abbreviations only after a preposition ("sat" is a verb). */
    gboolean prep = one_of(prev, "by|on|next|this|until|till|before|coming|latest");
    int wd = weekday_of(a, prep);
    if (wd) {
        if (one_of(prev, "next")) { /* the one in the following week */
            g_date_add_days(out, 7 - (g_date_get_weekday(today) - 1));
            to_weekday(out, (GDateWeekday)wd);
        } else {
            g_date_add_days(out, 1);
            to_weekday(out, (GDateWeekday)wd);
        }
        return TRUE;
    }
    /* Weeks, months, the year. */
    gboolean end_of = one_of(a, "end") && one_of(b, "of");
    guint k = end_of ? i + 2 : i;
    if (end_of && one_of(W(k), "the|this"))
        k++;
    const char *u = W(k), *v = W(k + 1);
    if (one_of(u, "week") && (end_of || one_of(prev, "this|the"))) {
        if (one_of(prev, "next|following"))
            g_date_add_days(out, 7);
        if (g_date_get_weekday(out) <= G_DATE_FRIDAY)
            to_weekday(out, G_DATE_FRIDAY);
        return TRUE;
    }
    if (one_of(u, "next|following|coming") && one_of(v, "week")) {
        /* Monday of next week, then its Tuesday ("early") or Friday. */
        g_date_add_days(out, 8 - g_date_get_weekday(today));
        g_assert(g_date_get_weekday(out) == G_DATE_MONDAY);
        g_date_add_days(out, !end_of && one_of(prev, "early") ? 1 : 4);
        return TRUE;
    }
    if (one_of(u, "month") && (end_of || one_of(prev, "this|the"))) {
        month_end(out, one_of(prev, "next|following") ? 1 : 0);
        return TRUE;
    }
    if (one_of(u, "next|following|coming") && one_of(v, "month")) {
        if (!end_of && one_of(prev, "early")) {
            g_date_set_day(out, 1);
            g_date_add_months(out, 1);
            g_date_set_day(out, 7);
        } else {
            month_end(out, 1);
        }
        return TRUE;
    }
    if ((end_of && one_of(u, "year")) || (one_of(a, "year") && one_of(b, "end")) ||
        strcmp(a, "year-end") == 0) {
        g_date_set_dmy(out, 31, 12, g_date_get_year(today));
        return TRUE;
    }
    /* in / within N days, weeks, months, hours */
    if (one_of(a, "in|within|next")) {
        guint used = 0;
        int n = count_at(w, i + 1, &used);
        const char *unit = W(i + 1 + used);
        gboolean business = one_of(unit, "business|working|work");
        if (business)
            unit = W(i + 2 + used);
        if (one_of(a, "next") && !n)
            return FALSE;
        if (n && one_of(unit, "day|days")) {
            if (business) {
                for (int left = n; left > 0;) {
                    g_date_add_days(out, 1);
                    left -= g_date_get_weekday(out) <= G_DATE_FRIDAY;
                }
            } else {
                g_date_add_days(out, n);
            }
            return TRUE;
        }
        if (n && one_of(unit, "week|weeks")) {
            g_date_add_days(out, 7 * n);
            return TRUE;
        }
        if (n && one_of(unit, "month|months")) {
            g_date_add_months(out, n);
            return TRUE;
        }
        if (n && one_of(unit, "hour|hours|hrs|hr")) {
            GDateTime *t = g_date_time_new_from_unix_utc(ts + offset_s + (gint64)n * 3600);
            g_date_set_dmy(out, g_date_time_get_day_of_month(t), g_date_time_get_month(t),
                           g_date_time_get_year(t));
            g_date_time_unref(t);
            return TRUE;
        }
        return FALSE;
    }
    /* ISO dates. */
    int y, m, dd;
    char tail;
    if (a && strlen(a) == 10 && sscanf(a, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3) {
        if (y < 1971 || y > 2100 || !g_date_valid_dmy(dd, m, y))
            return FALSE;
        g_date_set_dmy(out, dd, m, y);
        return TRUE;
    }
    /* "12 March [2026]", "12th of March" */
    int day = day_of(a);
    if (day) {
        guint j = i + 1;
        if (one_of(W(j), "of"))
            j++;
        int mon = month_of(W(j), TRUE);
        if (mon)
            return date_ahead(today, mon, day, year_of(W(j + 1)), out);
        /* "by the 15th": this month's, or next month's when it has passed */
        if (one_of(prev, "the") && i >= 2 && one_of(W(i - 2), "by|on|until|before|till") &&
            strlen(a) > 2 && !g_ascii_isdigit(a[strlen(a) - 1])) {
            int yy = g_date_get_year(today), mm = g_date_get_month(today);
            if (day < g_date_get_day(today)) {
                mm = mm == 12 ? 1 : mm + 1;
                yy += mm == 1;
            }
            if (!g_date_valid_dmy(day, mm, yy))
                return FALSE;
            g_date_set_dmy(out, day, mm, yy);
            return TRUE;
        }
        return FALSE;
    }
    /* "March 12[th][,] [2026]" */
    int mon = month_of(a, day_of(b) != 0);
    if (mon && day_of(b))
        return date_ahead(today, mon, day_of(b), year_of(c), out);
    return FALSE;
}

/* Can a rule fire at all? A digit, or a word every rule needs part of:
 * most sentences name no day, and this spares them the word split. */
static gboolean may_name_a_day(const char *s)
{
    static const char *const cues[] = {
        "day", "tom",     "tmr",       "tonight", "eod",      "cob",  "eob",   "mon",  "tue",
        "wed", "thu",     "fri",       "sat",     "sun",      "week", "month", "year", "hour",
        "hr",  "morning", "afternoon", "evening", "business", "jan",  "feb",   "mar",  "apr",
        "may", "jun",     "jul",       "aug",     "sep",      "oct",  "nov",   "dec",  NULL};
    for (const char *p = s; *p; p++)
        if (g_ascii_isdigit(*p))
            return TRUE;
    char *low = g_ascii_strdown(s, -1);
    gboolean yes = FALSE;
    for (const char *const *c = cues; *c && !yes; c++)
        yes = strstr(low, *c) != NULL;
    g_free(low);
    return yes;
}

gint64 pl_due_resolve(const char *sentence, gint64 ts, int offset_s)
{
    if (!sentence || ts <= 0 || !may_name_a_day(sentence))
        return 0;
    GDateTime *local = g_date_time_new_from_unix_utc(ts + offset_s);
    if (!local)
        return 0;
    GDate today;
    g_date_clear(&today, 1);
    g_date_set_dmy(&today, g_date_time_get_day_of_month(local), g_date_time_get_month(local),
                   g_date_time_get_year(local));
    g_date_time_unref(local);
    GPtrArray *w = due_words(sentence);
    gint64 due = 0;
    for (guint i = 0; i < w->len && !due; i++) {
        GDate day;
        g_date_clear(&day, 1);
        if (rule_at(w, i, &today, ts, offset_s, &day) && g_date_valid(&day)) {
            /* Julian day 719163 is 1970-01-01. */
            gint64 days = (gint64)g_date_get_julian(&day) - 719163;
            due = days * 86400 + 12 * 3600 - offset_s;
        }
    }
    g_ptr_array_free(w, TRUE);
    return due;
}
