/* export_ics.c — open items with a due date as an iCalendar (RFC 5545) file
 * of VTODOs, built with libical, so a calendar or task app shows what is
 * due (`parley export ics`, docs/commands.md).
 *
 * The file is meant to be exported again and again and imported over the
 * last one: every property comes from the store, never from the clock, so
 * the same items give the same bytes. The UID derives from the item's
 * idempotency key (004-items.sql), so an item keeps its UID across exports,
 * stores and closings, and DTSTAMP is the item's last change (creation or
 * closing), which is what RFC 5545 asks of an object without METHOD.
 * Escaping of TEXT values and folding of long lines are libical's.
 */
#include "log.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    icalcomponent *cal;
    GTimeZone *zone; /* a due day is a day where the user is, as `parley open` shows it */
    pl_ics_stats *stats;
} ics_ctx;

/* Text as iCalendar TEXT may hold it: valid UTF-8 (invalid bytes become
 * U+FFFD), line breaks as "\n" (libical escapes them), no other control
 * characters, which RFC 5545 TEXT does not allow (they become spaces). */
static char *clean_text(const char *s)
{
    char *valid = g_utf8_make_valid(s ? s : "", -1);
    GString *out = g_string_sized_new(strlen(valid));
    for (const char *p = valid; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '\r') {
            g_string_append_c(out, '\n');
            if (p[1] == '\n')
                p++;
        } else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
            g_string_append_c(out, ' ');
        } else {
            g_string_append_c(out, (char)c);
        }
    }
    g_free(valid);
    return g_string_free(out, FALSE);
}

static struct icaltimetype utc_time(gint64 ts)
{
    return icaltime_from_timet_with_zone((time_t)ts, 0, icaltimezone_get_utc_timezone());
}

/* The local day of ts, as a DATE value. */
static struct icaltimetype local_date(const ics_ctx *x, gint64 ts)
{
    GDateTime *utc = g_date_time_new_from_unix_utc(ts);
    GDateTime *local = g_date_time_to_timezone(utc, x->zone);
    struct icaltimetype d = icaltime_null_date();
    g_date_time_get_ymd(local, &d.year, &d.month, &d.day);
    g_date_time_unref(local);
    g_date_time_unref(utc);
    return d;
}

/* "<32 hex digits of the SHA-256 of the key>@parley": the same key, the
 * same UID, whatever else changes; 128 bits keep distinct keys apart. */
static char *item_uid(const pl_item_info *i)
{
    char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, i->key, -1);
    char *uid = g_strdup_printf("%.32s@parley", hex);
    g_free(hex);
    return uid;
}

/* Who it is about ("Ann Smith <ann@x.example> (Northwind)"), the sentence
 * it came from and the event, one per line. */
static char *description(const pl_item_info *i)
{
    GString *d = g_string_new(NULL);
    if (i->person || i->identity || i->org) {
        g_string_append(d, "With: ");
        if (i->person && i->identity)
            g_string_append_printf(d, "%s <%s>", i->person, i->identity);
        else if (i->person || i->identity)
            g_string_append(d, i->person ? i->person : i->identity);
        if (i->org)
            g_string_append_printf(d, (i->person || i->identity) ? " (%s)" : "%s", i->org);
        g_string_append_c(d, '\n');
    }
    if (i->source_sentence && *i->source_sentence)
        g_string_append_printf(d, "Source: %s\n", i->source_sentence);
    if (i->source_key)
        g_string_append_printf(d, "Event: %s\n", i->source_key);
    if (d->len && d->str[d->len - 1] == '\n')
        g_string_truncate(d, d->len - 1);
    char *clean = clean_text(d->str);
    g_string_free(d, TRUE);
    return clean;
}

static void add_text(icalcomponent *c, icalproperty *(*make)(const char *), const char *v)
{
    char *clean = clean_text(v);
    icalcomponent_add_property(c, make(clean));
    g_free(clean);
}

static gboolean on_item(const pl_item_info *i, gpointer user)
{
    ics_ctx *x = user;
    if (!i->due_ts) {
        x->stats->undated++;
        return TRUE;
    }
    g_assert(i->key && i->status);
    gboolean done = strcmp(i->status, "done") == 0;
    gboolean closed = strcmp(i->status, "open") != 0;
    icalcomponent *todo = icalcomponent_new(ICAL_VTODO_COMPONENT);
    char *uid = item_uid(i);
    icalcomponent_add_property(todo, icalproperty_new_uid(uid));
    g_free(uid);
    icalcomponent_add_property(todo, icalproperty_new_dtstamp(utc_time(
                                         closed && i->closed_ts ? i->closed_ts : i->created_ts)));
    icalcomponent_add_property(todo, icalproperty_new_created(utc_time(i->created_ts)));
    if (closed && i->closed_ts)
        icalcomponent_add_property(todo, icalproperty_new_lastmodified(utc_time(i->closed_ts)));
    add_text(todo, icalproperty_new_summary, i->text);
    icalcomponent_add_property(
        todo,
        icalproperty_new_due(i->due_has_time ? utc_time(i->due_ts) : local_date(x, i->due_ts)));
    icalcomponent_add_property(todo, icalproperty_new_status(!closed ? ICAL_STATUS_NEEDSACTION
                                                             : done  ? ICAL_STATUS_COMPLETED
                                                                     : ICAL_STATUS_CANCELLED));
    if (done && i->closed_ts)
        icalcomponent_add_property(todo, icalproperty_new_completed(utc_time(i->closed_ts)));
    char *desc = description(i);
    if (*desc)
        icalcomponent_add_property(todo, icalproperty_new_description(desc));
    g_free(desc);
    add_text(todo, icalproperty_new_categories, i->kind);
    icalcomponent_add_component(x->cal, todo);
    x->stats->todos++;
    return TRUE;
}

char *pl_export_ics(pl_store *st, const pl_ics_query *q, pl_ics_stats *stats, GError **err)
{
    pl_ics_stats local = {0};
    if (!stats)
        stats = &local;
    memset(stats, 0, sizeof *stats);
    pl_item_filter f = {.all = q->all};
    if (q->target && !pl_target_about(st, q->target, &f.about, err))
        return NULL;
    ics_ctx x = {
        .cal = icalcomponent_vanew(
            ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
            icalproperty_new_prodid("-//parley//open items " PARLEY_VERSION "//EN"),
            icalproperty_new_calscale("GREGORIAN"), (void *)0),
        .zone = g_time_zone_new_local(),
        .stats = stats,
    };
    char *out = NULL;
    if (st->ops->item_each(st, &f, on_item, &x, err)) {
        char *s = icalcomponent_as_ical_string_r(x.cal);
        if (s) {
            out = g_strdup(s);
            free(s);
        } else {
            g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE, "libical could not write the calendar: %s",
                        icalerror_strerror(icalerrno));
        }
    }
    icalcomponent_free(x.cal);
    g_time_zone_unref(x.zone);
    return out;
}
