/* log.c — `parley log` in the library: what a user names becomes a contact
 * (target resolution), typed dates become times, and a logged call, meeting
 * or note becomes an event through the same ingest write path as mail, so it
 * joins conversations and the value report. Its follow-ups become open
 * items and its personal facts are kept as facts (004-items.sql).
 */
#include "log.h"

#include "contacts_int.h"
#include "ingest.h"
#include "mail.h"

#include <string.h>

/* ------------------------------------------------------------- targets */

pl_target_form pl_target_form_of(const char *text)
{
    if (strchr(text, '@'))
        return PL_TARGET_ADDRESS;
    if (g_ascii_strncasecmp(text, "tel:", 4) == 0)
        return PL_TARGET_PHONE;
    guint digits = 0;
    gboolean phone_chars = TRUE;
    for (const char *p = text; *p; p++) {
        if (g_ascii_isdigit(*p))
            digits++;
        else if (!strchr("+-()./ ", *p))
            phone_chars = FALSE;
    }
    if (phone_chars && digits >= 3)
        return PL_TARGET_PHONE;
    /* A domain: one word, a dot, and a top label of letters. */
    const char *dot = strrchr(text, '.');
    if (dot && !strchr(text, ' ') && dot > text && strlen(dot + 1) >= 2) {
        for (const char *p = dot + 1; *p; p++)
            if (!g_ascii_isalpha(*p))
                return PL_TARGET_NAME;
        return PL_TARGET_DOMAIN;
    }
    return PL_TARGET_NAME;
}

void pl_target_clear(pl_target *t)
{
    g_free(t->value);
    g_free(t->name);
    g_free(t->org);
    memset(t, 0, sizeof *t);
    t->kind = -1;
}

char *pl_target_label(const pl_target *t)
{
    if (t->value && t->name)
        return g_strdup_printf("%s <%s>", t->name, t->value);
    if (t->value)
        return g_strdup(t->value);
    return g_strdup(t->org ? t->org : t->name ? t->name : "?");
}

/* Collected rows of one lookup, grouped into candidates: a person (all its
 * identities), or an identity that belongs to nobody. */
typedef struct {
    pl_target_ids ids;
    char *person, *org;
    char *value, *name; /* the best identity so far */
    int kind;
    gint64 last_ts; /* of the best identity; -1 = not read yet */
    gboolean has_email;
} candidate;

typedef struct {
    GArray *cands; /* candidate */
    pl_store *st;
    char *list; /* a mailing list or chat room that matched (nobody's), if any */
} lookup;

static void candidate_set_identity(candidate *c, const pl_contact_row *r)
{
    g_free(c->value);
    g_free(c->name);
    c->value = g_strdup(r->value);
    c->name = g_strdup(r->name);
    c->kind = r->kind;
    c->ids.identity_id = r->identity_id;
    c->last_ts = -1;
    c->has_email = r->kind == PL_ID_EMAIL;
}

static gboolean on_row(const pl_contact_row *r, gpointer user)
{
    lookup *l = user;
    if (r->identity_id && r->is_list && !r->person_id) {
        /* Carries messages, is nobody: never a contact of its own. */
        if (!l->list)
            l->list = g_strdup(r->value);
        return TRUE;
    }
    candidate *c = NULL;
    for (guint i = 0; i < l->cands->len && !c; i++) {
        candidate *k = &g_array_index(l->cands, candidate, i);
        if ((r->person_id && k->ids.person_id == r->person_id) ||
            (!r->person_id && r->identity_id && k->ids.identity_id == r->identity_id) ||
            (!r->person_id && !r->identity_id && k->ids.org_id == r->org_id && !k->ids.person_id))
            c = k;
    }
    if (!c) {
        candidate fresh = {.ids = {0, r->person_id, r->org_id}, .kind = -1};
        fresh.person = g_strdup(r->person);
        fresh.org = g_strdup(r->org);
        g_array_append_val(l->cands, fresh);
        c = &g_array_index(l->cands, candidate, l->cands->len - 1);
    }
    if (r->identity_id && !r->is_list) {
        /* E-mail first (it can be written to and names a domain), then the
         * identity used most recently. */
        gboolean email = r->kind == PL_ID_EMAIL;
        if (!c->value || (email && !c->has_email)) {
            candidate_set_identity(c, r);
        } else if (email == c->has_email) {
            if (c->last_ts < 0)
                c->last_ts = l->st->ops->identity_last_ts(l->st, c->ids.identity_id);
            gint64 r_ts = l->st->ops->identity_last_ts(l->st, r->identity_id);
            if (r_ts > c->last_ts) {
                candidate_set_identity(c, r);
                c->last_ts = r_ts;
            }
        }
    }
    return TRUE;
}

static void lookup_free(lookup *l)
{
    for (guint i = 0; i < l->cands->len; i++) {
        candidate *c = &g_array_index(l->cands, candidate, i);
        g_free(c->person);
        g_free(c->org);
        g_free(c->value);
        g_free(c->name);
    }
    g_array_free(l->cands, TRUE);
    g_free(l->list);
}

/* No contact found, but a list or room by that name or address. */
static gboolean only_a_list(const lookup *l, const char *text, GError **err)
{
    if (l->cands->len || !l->list)
        return FALSE;
    g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                "\"%s\" is a mailing list or chat room (%s), not a contact: give one of the "
                "people in it",
                text, l->list);
    return TRUE;
}

static char *candidate_text(const candidate *c)
{
    const char *who = c->person ? c->person : c->name;
    if (who && c->value)
        return g_strdup_printf("%s <%s>", who, c->value);
    if (c->value)
        return g_strdup(c->value);
    if (who)
        return g_strdup_printf("%s (no address or number)", who);
    return g_strdup_printf("%s (nobody known)", c->org ? c->org : "?");
}

static char *candidates_text(const lookup *l)
{
    GString *s = g_string_new(NULL);
    guint shown = MIN(l->cands->len, 10u);
    for (guint i = 0; i < shown; i++) {
        char *t = candidate_text(&g_array_index(l->cands, candidate, i));
        g_string_append_printf(s, "%s%s", i ? ", " : "", t);
        g_free(t);
    }
    if (l->cands->len > shown)
        g_string_append_printf(s, " and %u more", l->cands->len - shown);
    return g_string_free(s, FALSE);
}

static void take_candidate(pl_target *out, candidate *c)
{
    out->ids = c->ids;
    out->kind = c->value ? c->kind : -1;
    out->value = g_steal_pointer(&c->value);
    out->name = g_strdup(c->person ? c->person : c->name);
    out->org = g_strdup(c->org);
}

/* A domain or an organisation's name: one person (or one address) there is
 * the target; an organisation is one as a whole when no identity is needed. */
static gboolean pick_from_org(lookup *l, const char *text, gboolean need_identity, pl_target *out,
                              GError **err)
{
    GArray *cs = l->cands;
    guint with_id = 0, last = 0;
    gint64 org = -1;
    for (guint i = 0; i < cs->len; i++) {
        candidate *c = &g_array_index(cs, candidate, i);
        if (c->value) {
            with_id++;
            last = i;
        }
        org = org == -1 || org == c->ids.org_id ? c->ids.org_id : 0;
    }
    if (with_id == 1 && (need_identity || org <= 0)) {
        take_candidate(out, &g_array_index(cs, candidate, last));
        return TRUE;
    }
    if (!need_identity && org > 0) {
        candidate *c = &g_array_index(cs, candidate, 0);
        out->ids.org_id = org;
        out->org = g_strdup(c->org);
        return TRUE;
    }
    char *list = candidates_text(l);
    if (with_id == 0)
        g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                    "\"%s\": no address or number known there (%s); give one", text, list);
    else
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "\"%s\" is ambiguous: %u contacts match (%s); name one of them", text, with_id,
                    list);
    g_free(list);
    return FALSE;
}

gboolean pl_target_resolve(pl_store *st, const char *text_in, gboolean need_identity,
                           pl_target *out, GError **err)
{
    memset(out, 0, sizeof *out);
    out->kind = -1;
    char *text = g_strstrip(g_strdup(text_in ? text_in : ""));
    gboolean ok = FALSE;
    lookup l = {g_array_new(FALSE, TRUE, sizeof(candidate)), st, NULL};
    pl_contact_query q = {0};
    pl_target_form form = *text ? pl_target_form_of(text) : PL_TARGET_NAME;
    char *norm = NULL;
    if (!*text) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "no contact given");
        goto out;
    }
    char *given_name = NULL; /* from "Jane Doe <jane@x.example>" */
    if (form == PL_TARGET_ADDRESS || form == PL_TARGET_PHONE) {
        char *lt = strchr(text, '<');
        if (form == PL_TARGET_ADDRESS && lt && g_str_has_suffix(text, ">")) {
            given_name = g_strstrip(g_strndup(text, (gsize)(lt - text)));
            given_name = g_strstrip(g_strdelimit(given_name, "\"", ' '));
            if (!*given_name)
                g_clear_pointer(&given_name, g_free);
        }
        norm = form == PL_TARGET_ADDRESS ? pl_address_normalise(lt ? lt : text)
                                         : pl_phone_normalise_simple(text);
        if (!norm) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "\"%s\" is not %s", text,
                        form == PL_TARGET_ADDRESS ? "an e-mail address" : "a phone number");
            g_free(given_name);
            goto out;
        }
        q.kind = form == PL_TARGET_ADDRESS ? PL_ID_EMAIL : PL_ID_PHONE;
        q.value = norm;
        if (!st->ops->contact_find(st, &q, on_row, &l, err) || only_a_list(&l, text, err)) {
            g_free(given_name);
            goto out;
        }
        if (l.cands->len) {
            take_candidate(out, &g_array_index(l.cands, candidate, 0));
        } else { /* never seen: fine, the event will introduce it */
            out->kind = q.kind;
            out->value = g_steal_pointer(&norm);
            out->is_new = TRUE;
        }
        if (!out->name)
            out->name = g_steal_pointer(&given_name);
        g_free(given_name);
        ok = TRUE;
    } else if (form == PL_TARGET_DOMAIN) {
        norm = g_ascii_strdown(text, -1);
        q.domain = norm;
        if (!st->ops->contact_find(st, &q, on_row, &l, err))
            goto out;
        if (!l.cands->len)
            g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                        "nobody at %s is known; give an address (jane@%s) or a name", norm, norm);
        else
            ok = pick_from_org(&l, text, need_identity, out, err);
    } else {
        /* A chat handle as stored ("irc:#qtox/zetok", "slack:U123"); IRC
         * stores nicks lower-cased, so that spelling is tried too. */
        if (strchr(text, ':') && !strchr(text, ' ')) {
            char *lower = g_utf8_strdown(text, -1);
            const char *tries[] = {text, lower};
            for (int i = 0; i < 2 && !l.cands->len; i++) {
                pl_contact_query h = {.kind = PL_ID_HANDLE, .value = tries[i]};
                if (!st->ops->contact_find(st, &h, on_row, &l, err)) {
                    g_free(lower);
                    goto out;
                }
            }
            g_free(lower);
            if (l.cands->len) {
                take_candidate(out, &g_array_index(l.cands, candidate, 0));
                ok = TRUE;
                goto out;
            }
            if (only_a_list(&l, text, err))
                goto out;
        }
        q.name = text;
        if (!st->ops->contact_find(st, &q, on_row, &l, err))
            goto out;
        if (!l.cands->len) { /* perhaps an organisation's name */
            q.name = NULL;
            q.domain = text;
            if (!st->ops->contact_find(st, &q, on_row, &l, err))
                goto out;
            if (l.cands->len) {
                ok = pick_from_org(&l, text, need_identity, out, err);
                goto out;
            }
            if (only_a_list(&l, text, err))
                goto out;
            g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                        "no contact named \"%s\"; give an address or a phone number, or import "
                        "contacts (parley contacts import)",
                        text);
        } else if (l.cands->len > 1) {
            char *list = candidates_text(&l);
            g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                        "\"%s\" is ambiguous: %u contacts match (%s); give the address instead",
                        text, l.cands->len, list);
            g_free(list);
        } else {
            candidate *c = &g_array_index(l.cands, candidate, 0);
            if (need_identity && !c->value)
                g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                            "%s has no address or number on record; give one", c->person);
            else {
                take_candidate(out, c);
                ok = TRUE;
            }
        }
    }
out:
    lookup_free(&l);
    g_free(norm);
    g_free(text);
    if (!ok)
        pl_target_clear(out);
    return ok;
}

gboolean pl_target_about(pl_store *st, const char *text, pl_target_ids *ids, GError **err)
{
    pl_target t;
    if (!pl_target_resolve(st, text, FALSE, &t, err))
        return FALSE;
    *ids = t.ids;
    /* A person's list is theirs; the organisation's includes its people's. */
    if (ids->person_id || ids->identity_id)
        ids->org_id = 0;
    gboolean known = t.ids.identity_id || t.ids.person_id || t.ids.org_id;
    pl_target_clear(&t);
    if (!known)
        g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                    "%s is not known yet: nothing is recorded about it", text);
    return known;
}

gboolean pl_target_ensure(pl_store *st, pl_target *t, GError **err)
{
    if (!t->value || t->ids.identity_id)
        return TRUE;
    t->ids.identity_id = st->ops->identity_ensure(st, t->kind, t->value, t->name, err);
    return t->ids.identity_id != 0;
}

char *pl_target_email(pl_store *st, const pl_target *t, GError **err)
{
    if (t->kind == PL_ID_EMAIL && t->value)
        return g_strdup(t->value);
    if (t->ids.person_id) {
        lookup l = {g_array_new(FALSE, TRUE, sizeof(candidate)), st, NULL};
        pl_contact_query q = {.person_id = t->ids.person_id};
        char *addr = NULL;
        if (st->ops->contact_find(st, &q, on_row, &l, err) && l.cands->len) {
            candidate *c = &g_array_index(l.cands, candidate, 0);
            if (c->has_email)
                addr = g_strdup(c->value);
        }
        lookup_free(&l);
        if (addr || (err && *err))
            return addr;
    }
    char *label = pl_target_label(t);
    g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND, "%s has no e-mail address on record", label);
    g_free(label);
    return NULL;
}

/* --------------------------------------------------------------- dates */

static gboolean parse_clock(const char *s, int *h, int *m, int *sec, const char **end)
{
    int n = 0;
    *sec = 0;
    if (sscanf(s, "%2d:%2d%n", h, m, &n) != 2 || n < 4)
        return FALSE;
    s += n;
    if (*s == ':') {
        if (sscanf(s + 1, "%2d%n", sec, &n) != 1 || n != 2)
            return FALSE;
        s += 1 + n;
    }
    *end = s;
    return *h >= 0 && *h < 24 && *m >= 0 && *m < 60 && *sec >= 0 && *sec < 60;
}

/* "Z", "+01:00", "-0500" or nothing (then local time). */
static GTimeZone *parse_zone(const char *s)
{
    if (!*s)
        return g_time_zone_new_local();
    if ((*s == 'z' || *s == 'Z') && !s[1])
        return g_time_zone_new_utc();
    int hh = 0, mm = 0, n = 0;
    if ((*s == '+' || *s == '-') &&
        (sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) == 2 ||
         sscanf(s + 1, "%2d%2d%n", &hh, &mm, &n) == 2 || sscanf(s + 1, "%2d%n", &hh, &n) == 1) &&
        !s[1 + n] && hh < 24 && mm < 60)
        return g_time_zone_new_offset((*s == '-' ? -1 : 1) * (hh * 3600 + mm * 60));
    return NULL;
}

static int weekday_of(const char *w)
{
    static const char *const names[] = {"monday", "tuesday",  "wednesday", "thursday",
                                        "friday", "saturday", "sunday"};
    size_t n = strlen(w);
    for (int i = 0; n >= 3 && i < 7; i++)
        if (strncmp(w, names[i], n) == 0)
            return i + 1; /* ISO: Monday = 1 */
    return 0;
}

gboolean pl_when_parse(const char *s, gint64 now, gboolean forward, gint64 *out, gboolean *has_time,
                       GError **err)
{
    char *t = g_strstrip(g_ascii_strdown(s ? s : "", -1));
    GDateTime *base = g_date_time_new_from_unix_local(now);
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0, n = 0, num = 0;
    char unit = 0;
    gboolean ok = FALSE, clock = FALSE;
    GTimeZone *tz = NULL;
    const char *rest = NULL;
    /* The word before an optional " HH:MM" for keywords and weekdays. */
    char *word = g_strdup(t);
    char *sp = strchr(word, ' ');
    if (sp)
        *sp = '\0';
    const char *after = sp ? t + (sp - word) + 1 : NULL;
    int wd = weekday_of(word);

    if (sscanf(t, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3 && n == 10) {
        rest = t + n;
        if (*rest == 't' || *rest == ' ') {
            if (!parse_clock(rest + 1, &h, &mi, &sec, &rest))
                goto done;
            clock = TRUE;
        }
        tz = parse_zone(rest);
        ok = tz && g_date_valid_dmy(d, mo, y);
    } else if (strcmp(t, "now") == 0) {
        *out = now;
        if (has_time)
            *has_time = TRUE;
        g_date_time_unref(base);
        g_free(word);
        g_free(t);
        return TRUE;
    } else if (strcmp(word, "today") == 0 || strcmp(word, "tomorrow") == 0 ||
               strcmp(word, "yesterday") == 0 || wd) {
        int shift = word[0] == 'y' ? -1 : word[2] == 'm' ? 1 : 0; /* tomorrow / today */
        if (wd) {
            int today = g_date_time_get_day_of_week(base);
            shift = forward ? ((wd - today + 6) % 7) + 1 : -(((today - wd + 6) % 7) + 1);
        }
        GDateTime *day = g_date_time_add_days(base, shift);
        g_date_time_get_ymd(day, &y, &mo, &d);
        g_date_time_unref(day);
        if (after && !(parse_clock(after, &h, &mi, &sec, &rest) && !*rest))
            goto done;
        clock = after != NULL;
        tz = g_time_zone_new_local();
        ok = TRUE;
    } else if (sscanf(t, "%*[+]%d%c%n", &num, &unit, &n) == 2 ||
               sscanf(t, "%d%c%n", &num, &unit, &n) == 2) {
        gint64 mul = unit == 'h' ? 3600 : unit == 'd' ? 86400 : unit == 'w' ? 7 * 86400 : 0;
        if (mul && !t[n] && num >= 0) {
            *out = now + (forward ? 1 : -1) * num * mul;
            if (has_time)
                *has_time = unit == 'h';
            ok = TRUE;
        }
        goto done;
    }
    if (ok) {
        GDateTime *dt = g_date_time_new(tz, y, mo, d, h, mi, sec);
        ok = dt != NULL;
        if (dt) {
            *out = g_date_time_to_unix(dt);
            g_date_time_unref(dt);
        }
        if (has_time)
            *has_time = clock;
    }
done:
    if (tz)
        g_time_zone_unref(tz);
    g_date_time_unref(base);
    if (!ok)
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "\"%s\" is not a date: use YYYY-MM-DD, \"YYYY-MM-DD HH:MM\", today, "
                    "tomorrow, a weekday (\"tuesday 10:00\") or a span like 3d",
                    s ? s : "");
    g_free(word);
    g_free(t);
    return ok;
}

/* ----------------------------------------------------- items and facts */

gboolean pl_item_close(pl_store *st, const pl_config *cfg, gint64 id, const char *status,
                       gboolean *was_open, GError **err)
{
    const char *by = cfg->me->len ? cfg->me->pdata[0] : g_get_user_name();
    return st->ops->item_close(st, id, status, by, g_get_real_time() / G_USEC_PER_SEC, was_open,
                               err);
}

const char *pl_fact_split(const char *s, const char **text)
{
    static const struct {
        const char *word, *kind;
    } kinds[] = {
        {"family", "family"},      {"kids", "family"},
        {"children", "family"},    {"interest", "interest"},
        {"interests", "interest"}, {"hobby", "interest"},
        {"hobbies", "interest"},   {"team", "team"},
        {"sport", "team"},         {"holiday", "holiday"},
        {"holidays", "holiday"},   {"vacation", "holiday"},
        {"birthday", "birthday"},  {"pet", "pet"},
        {"pets", "pet"},           {"personal", "personal"},
    };
    const char *colon = strchr(s, ':');
    if (colon) {
        char *w = g_ascii_strdown(s, colon - s);
        g_strstrip(w);
        for (size_t i = 0; i < G_N_ELEMENTS(kinds); i++)
            if (strcmp(w, kinds[i].word) == 0) {
                g_free(w);
                const char *r = colon + 1;
                while (g_ascii_isspace(*r))
                    r++;
                *text = r;
                return kinds[i].kind;
            }
        g_free(w);
    }
    *text = s;
    return "personal";
}

static gint64 add_fact(pl_store *st, const pl_target *t, const char *fact, gint64 event_id,
                       GError **err)
{
    const char *text;
    const char *kind = pl_fact_split(fact, &text);
    if (!*text) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "an empty fact");
        return 0;
    }
    return st->ops->fact_add(st, kind, text, g_get_real_time() / G_USEC_PER_SEC, event_id, &t->ids,
                             err);
}

gboolean pl_fact_add(pl_store *st, const char *target, const char *fact, gint64 source_event_id,
                     gint64 *id, GError **err)
{
    pl_target t;
    if (!pl_target_resolve(st, target, FALSE, &t, err))
        return FALSE;
    gboolean ok = pl_target_ensure(st, &t, err);
    gint64 fid = ok ? add_fact(st, &t, fact, source_event_id, err) : 0;
    pl_target_clear(&t);
    if (id)
        *id = fid;
    return fid != 0;
}

/* ----------------------------------------------------------------- log */

void pl_log_result_clear(pl_log_result *res)
{
    g_free(res->source_key);
    if (res->item_ids)
        g_array_free(res->item_ids, TRUE);
    pl_target_clear(&res->target);
    memset(res, 0, sizeof *res);
}

/* The first line of the note, shortened on a word boundary. */
static char *first_line(const char *note, gsize max_chars)
{
    const char *nl = strchr(note, '\n');
    char *line = g_strstrip(g_strndup(note, nl ? (gsize)(nl - note) : strlen(note)));
    if (g_utf8_strlen(line, -1) > (glong)max_chars) {
        char *cut = g_utf8_offset_to_pointer(line, (glong)max_chars);
        *cut = '\0';
        char *space = strrchr(line, ' ');
        if (space && space - line > (long)max_chars / 2)
            *space = '\0';
        char *l2 = g_strconcat(line, "…", NULL);
        g_free(line);
        line = l2;
    }
    return line;
}

static pl_event *make_event(const pl_config *cfg, const pl_log_request *req, const pl_target *t,
                            const char *key, gint64 ts)
{
    pl_event *ev = pl_event_new(req->channel);
    ev->ts = ts;
    ev->duration_s = req->channel == PL_CH_NOTE ? 0 : req->duration_s;
    const char *note = req->note && *req->note ? req->note : NULL;
    char *who = t->name ? g_strdup(t->name) : pl_target_label(t);
    if (req->channel == PL_CH_NOTE && note)
        ev->subject = first_line(note, 80);
    else
        ev->subject = g_strdup_printf("%s with %s",
                                      req->channel == PL_CH_CALL      ? "Call"
                                      : req->channel == PL_CH_MEETING ? "Meeting"
                                                                      : "Note",
                                      who);
    g_free(who);
    if (note) {
        ev->words = pl_text_count_words(note);
        ev->bytes = strlen(note);
        if (cfg->store_bodies)
            ev->body = g_strdup(note);
    }
    ev->source_key = g_strdup(key);
    /* A call someone logs was talked through with a person. */
    if (req->channel == PL_CH_CALL)
        ev->flags |= PL_EV_HUMAN_ANSWER;
    pl_event_add_participant(ev, PL_ID_EMAIL, cfg->me->pdata[0], NULL, PL_ROLE_FROM);
    pl_event_add_participant(ev, t->kind, t->value, t->name, PL_ROLE_TO);
    return ev;
}

static gboolean add_items(pl_store *st, const pl_log_request *req, pl_log_result *res, gint64 now,
                          GError **err)
{
    for (guint i = 0; req->followups && i < req->followups->len; i++) {
        const pl_log_followup *f = &g_array_index(req->followups, pl_log_followup, i);
        char *key = g_strdup_printf("%s#%u", res->source_key, i + 1);
        pl_item it = {.key = key,
                      .kind = "follow-up",
                      .origin = "logged",
                      .text = f->text,
                      .due_ts = f->due_ts,
                      .due_has_time = f->due_has_time,
                      .created_ts = now,
                      .source_event_id = res->event_id,
                      .source_sentence = f->text,
                      .about = res->target.ids};
        gint64 id = 0;
        pl_add_result r = st->ops->item_add(st, &it, &id, err);
        g_free(key);
        if (r == PL_ADD_FAILED)
            return FALSE;
        g_array_append_val(res->item_ids, id);
    }
    return TRUE;
}

gboolean pl_log_event(pl_store *st, const pl_config *cfg, const pl_log_request *req,
                      pl_log_result *res, GError **err)
{
    memset(res, 0, sizeof *res);
    res->target.kind = -1;
    res->item_ids = g_array_new(FALSE, FALSE, sizeof(gint64));
    if (req->channel != PL_CH_CALL && req->channel != PL_CH_MEETING && req->channel != PL_CH_NOTE) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "only calls, meetings and notes are logged");
        return FALSE;
    }
    if (!cfg->me->len) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "a logged %s is between me and someone, and no me is configured: run "
                    "parley init --me ADDRESS",
                    pl_channel_name(req->channel));
        return FALSE;
    }
    if (req->duration_s < 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "a negative duration");
        return FALSE;
    }
    if (req->uuid && !g_uuid_string_is_valid(req->uuid)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "\"%s\" is not a UUID", req->uuid);
        return FALSE;
    }
    if (!pl_target_resolve(st, req->target, TRUE, &res->target, err))
        return FALSE;
    pl_target *t = &res->target;
    if (t->kind == PL_ID_EMAIL && pl_config_is_me(cfg, t->value)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "%s is one of my own addresses; log against the other side", t->value);
        return FALSE;
    }
    char *uuid = req->uuid ? g_ascii_strdown(req->uuid, -1) : g_uuid_string_random();
    res->source_key = g_strconcat("log:", uuid, NULL);
    g_free(uuid);
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;
    pl_event *ev = make_event(cfg, req, t, res->source_key, req->ts ? req->ts : now);

    pl_ingest_stats stats;
    pl_ingest_stats_init(&stats);
    pl_ingest_opts opts = {0};
    pl_ingest ing;
    gboolean ok = pl_ingest_begin(&ing, st, cfg, &opts, &stats, err);
    if (ok) {
        gint64 src = st->ops->source_id(st, "manual", "parley log", err);
        ok = src && pl_ingest_add(&ing, ev, src, res->source_key, err);
        res->duplicate = stats.duplicates > 0;
        pl_event *back =
            ok ? st->ops->event_load(st, 0, res->source_key, &res->event_id, err) : NULL;
        ok = back != NULL;
        pl_event_free(back);
        /* The event added the identity if it was new; items and facts point at it. */
        if (ok && !t->ids.identity_id)
            t->ids.identity_id = st->ops->identity_ensure(st, t->kind, t->value, t->name, err);
        ok = ok && t->ids.identity_id && add_items(st, req, res, now, err);
        for (guint i = 0; ok && !res->duplicate && req->facts && i < req->facts->len; i++)
            ok = add_fact(st, t, req->facts->pdata[i], res->event_id, err) != 0;
        ok = pl_ingest_finish(&ing, ok, err);
    }
    pl_ingest_stats_clear(&stats);
    pl_event_free(ev);
    return ok;
}
