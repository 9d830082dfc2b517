/* draft.c — the follow-up after a call or meeting, and the heads-up before
 * a planned one, as real RFC 5322 messages built with GMime.
 *
 * The words come from a small table per language ([draft] language: en, de,
 * fr, es) instead of the process locale, so a draft reads the same on every
 * machine and in tests. Dates are written in the local time zone ($TZ).
 */
#include "draft.h"

#include "log.h"
#include "mail.h"

#include <gmime/gmime.h>
#include <string.h>

/* ------------------------------------------------------------- words */

typedef struct {
    const char *code;
    const char *weekdays[7]; /* Monday first */
    const char *months[12];
    const char *hello_name, *hello; /* "Hi %s," / "Hello," */
    const char *thanks[3];          /* call, meeting, note on the day %s */
    const char *thanks_minutes[2];  /* call, meeting: day, minutes */
    const char *in_short;           /* before the summary of the notes */
    const char *subject[3];         /* without notes: call, meeting, note */
    const char *next_steps, *due;   /* "Next steps:", "by %s" */
    const char *regards;
    const char *hu_subject; /* "Call on %s" */
    const char *hu_body;    /* "I'll call you %s about %s." */
    const char *hu_at;      /* "%s at %s" (day, HH:MM) */
    const char *hu_reply;   /* "If another time suits you better ..." */
} lang_words;

static const lang_words langs[] = {
    {"en",
     {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"},
     {"January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"},
     "Hi %s,",
     "Hello,",
     {"Thank you for the call on %s.", "Thank you for the meeting on %s.",
      "Following up on our conversation on %s."},
     {"Thank you for the call on %s (%s minutes).",
      "Thank you for the meeting on %s (%s minutes)."},
     "A short summary:",
     {"Following up on our call", "Following up on our meeting", "Following up"},
     "Next steps:",
     "by %s",
     "Best regards,",
     "Call on %s",
     "I'll call you on %s about %s.",
     "%s at %s",
     "If another time suits you better, just reply to this message."},
    {"de",
     {"Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"},
     {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
      "November", "Dezember"},
     "Hallo %s,",
     "Hallo,",
     {"vielen Dank für das Telefonat am %s.", "vielen Dank für das Treffen am %s.",
      "zu unserem Gespräch am %s:"},
     {"vielen Dank für das Telefonat am %s (%s Minuten).",
      "vielen Dank für das Treffen am %s (%s Minuten)."},
     "Kurz zusammengefasst:",
     {"Unser Telefonat", "Unser Treffen", "Nachtrag"},
     "Nächste Schritte:",
     "bis %s",
     "Viele Grüße",
     "Anruf am %s",
     "ich rufe Sie am %s wegen %s an.",
     "%s um %s",
     "Falls Ihnen eine andere Zeit besser passt, antworten Sie einfach auf diese Nachricht."},
    {"fr",
     {"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"},
     {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
      "octobre", "novembre", "décembre"},
     "Bonjour %s,",
     "Bonjour,",
     {"Merci pour notre appel du %s.", "Merci pour notre réunion du %s.",
      "Suite à notre échange du %s."},
     {"Merci pour notre appel du %s (%s minutes).", "Merci pour notre réunion du %s (%s minutes)."},
     "En bref :",
     {"Suite à notre appel", "Suite à notre réunion", "Suivi"},
     "Prochaines étapes :",
     "d'ici le %s",
     "Cordialement,",
     "Appel le %s",
     "Je vous appellerai le %s au sujet de %s.",
     "%s à %s",
     "Si un autre moment vous convient mieux, répondez simplement à ce message."},
    {"es",
     {"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"},
     {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
      "octubre", "noviembre", "diciembre"},
     "Hola %s:",
     "Hola:",
     {"Gracias por la llamada del %s.", "Gracias por la reunión del %s.",
      "Sobre lo hablado el %s."},
     {"Gracias por la llamada del %s (%s minutos).", "Gracias por la reunión del %s (%s minutos)."},
     "En resumen:",
     {"Seguimiento de nuestra llamada", "Seguimiento de nuestra reunión", "Seguimiento"},
     "Próximos pasos:",
     "antes del %s",
     "Saludos cordiales,",
     "Llamada el %s",
     "Le llamaré el %s para hablar de %s.",
     "%s a las %s",
     "Si le viene mejor otro momento, responda a este mensaje."},
};

static const lang_words *words_for(const char *code)
{
    for (size_t i = 0; code && i < G_N_ELEMENTS(langs); i++)
        if (g_ascii_strncasecmp(code, langs[i].code, 2) == 0)
            return &langs[i];
    return &langs[0];
}

/* Format strings come from the table above, never from input. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *fmt(const char *f, ...)
{
    va_list ap;
    va_start(ap, f);
    char *s = g_strdup_vprintf(f, ap);
    va_end(ap);
    return s;
}
#pragma GCC diagnostic pop

char *pl_draft_date_words(const char *lang, gint64 ts, gboolean with_year)
{
    const lang_words *w = words_for(lang);
    GDateTime *dt = g_date_time_new_from_unix_local(ts);
    const char *wd = w->weekdays[g_date_time_get_day_of_week(dt) - 1];
    const char *mo = w->months[g_date_time_get_month(dt) - 1];
    int d = g_date_time_get_day_of_month(dt), y = g_date_time_get_year(dt);
    g_date_time_unref(dt);
    char year[16] = "";
    const char *c = w->code;
    if (strcmp(c, "de") == 0) {
        if (with_year)
            g_snprintf(year, sizeof year, " %d", y);
        return g_strdup_printf("%s, %d. %s%s", wd, d, mo, year);
    }
    if (strcmp(c, "es") == 0) {
        if (with_year)
            g_snprintf(year, sizeof year, " de %d", y);
        return g_strdup_printf("%s %d de %s%s", wd, d, mo, year);
    }
    if (with_year)
        g_snprintf(year, sizeof year, " %d", y);
    return g_strdup_printf("%s %d %s%s", wd, d, mo, year);
}

static char *first_word(const char *name)
{
    if (!name)
        return NULL;
    char *s = g_strstrip(g_strdup(name));
    char *sp = strchr(s, ' ');
    if (sp)
        *sp = '\0';
    if (!*s) {
        g_free(s);
        return NULL;
    }
    return s;
}

static void greeting(GString *b, const lang_words *w, const char *to_name)
{
    char *first = first_word(to_name);
    if (first) {
        char *g = fmt(w->hello_name, first);
        g_string_append(b, g);
        g_free(g);
    } else {
        g_string_append(b, w->hello);
    }
    g_string_append(b, "\n\n");
    g_free(first);
}

static void signature(GString *b, const lang_words *w, const char *my_name)
{
    g_string_append_printf(b, "\n%s\n", w->regards);
    if (my_name)
        g_string_append_printf(b, "%s\n", my_name);
}

/* The notes as a summary: trimmed lines, runs of blank lines collapsed,
 * at most ~1,500 characters (cut at a word, marked with an ellipsis). */
static void summary(GString *b, const char *note)
{
    char **lines = g_strsplit(note, "\n", -1);
    GString *s = g_string_new(NULL);
    gboolean blank = TRUE;
    for (char **l = lines; *l; l++) {
        char *t = g_strstrip(*l);
        if (!*t) {
            if (!blank)
                g_string_append_c(s, '\n');
            blank = TRUE;
            continue;
        }
        g_string_append_printf(s, "%s\n", t);
        blank = FALSE;
    }
    g_strfreev(lines);
    while (s->len && s->str[s->len - 1] == '\n')
        g_string_truncate(s, s->len - 1);
    if (g_utf8_strlen(s->str, -1) > 1500) {
        char *cut = g_utf8_offset_to_pointer(s->str, 1500);
        g_string_truncate(s, cut - s->str);
        char *sp = strrchr(s->str, ' ');
        if (sp && sp - s->str > 1000)
            g_string_truncate(s, sp - s->str);
        g_string_append(s, " …");
    }
    g_string_append_printf(b, "%s\n", s->str);
    g_string_free(s, TRUE);
}

static char *note_subject(const char *note)
{
    const char *p = note;
    while (*p == '\n' || *p == ' ' || *p == '\t' || *p == '\r')
        p++;
    const char *nl = strchr(p, '\n');
    char *line = g_strstrip(g_strndup(p, nl ? (gsize)(nl - p) : strlen(p)));
    if (g_utf8_strlen(line, -1) > 70) {
        char *cut = g_utf8_offset_to_pointer(line, 70);
        *cut = '\0';
        char *sp = strrchr(line, ' ');
        if (sp && sp - line > 30)
            *sp = '\0';
        char *l = g_strconcat(line, "…", NULL);
        g_free(line);
        line = l;
    }
    if (!*line) {
        g_free(line);
        return NULL;
    }
    return line;
}

void pl_draft_follow_up_words(const pl_follow_up_words *in, char **subject, char **body)
{
    const lang_words *w = words_for(in->lang);
    int kind = in->channel == PL_CH_CALL ? 0 : in->channel == PL_CH_MEETING ? 1 : 2;
    const char *note = in->note && *in->note ? in->note : NULL;
    *subject = note ? note_subject(note) : NULL;
    if (!*subject)
        *subject = g_strdup(w->subject[kind]);

    GString *b = g_string_new(NULL);
    greeting(b, w, in->to_name);
    char *day = pl_draft_date_words(w->code, in->ts, FALSE);
    char *intro;
    if (kind < 2 && in->duration_s >= 60) {
        char mins[24];
        g_snprintf(mins, sizeof mins, "%" G_GINT64_FORMAT, (in->duration_s + 30) / 60);
        intro = fmt(w->thanks_minutes[kind], day, mins);
    } else {
        intro = fmt(w->thanks[kind], day);
    }
    g_string_append(b, intro);
    g_free(intro);
    g_free(day);
    if (note) {
        g_string_append_printf(b, " %s\n\n", w->in_short);
        summary(b, note);
    } else {
        g_string_append_c(b, '\n');
    }
    if (in->n_items) {
        g_string_append_printf(b, "\n%s\n", w->next_steps);
        for (guint i = 0; i < in->n_items; i++) {
            g_string_append_printf(b, "- %s", in->items[i].text);
            if (in->items[i].due_ts) {
                char *d = pl_draft_date_words(w->code, in->items[i].due_ts, TRUE);
                char *by = fmt(w->due, d);
                g_string_append_printf(b, " (%s)", by);
                g_free(by);
                g_free(d);
            }
            g_string_append_c(b, '\n');
        }
    }
    signature(b, w, in->my_name);
    *body = g_string_free(b, FALSE);
}

void pl_draft_heads_up_words(const char *lang, const char *to_name, const char *my_name,
                             gint64 when, gboolean has_time, const char *about, char **subject,
                             char **body)
{
    const lang_words *w = words_for(lang);
    char *day = pl_draft_date_words(w->code, when, FALSE);
    char *at = day;
    if (has_time) {
        GDateTime *dt = g_date_time_new_from_unix_local(when);
        char *clock = g_date_time_format(dt, "%H:%M");
        g_date_time_unref(dt);
        at = fmt(w->hu_at, day, clock);
        g_free(clock);
    }
    *subject = fmt(w->hu_subject, day);
    GString *b = g_string_new(NULL);
    greeting(b, w, to_name);
    char *line = fmt(w->hu_body, at, about);
    g_string_append_printf(b, "%s\n%s\n", line, w->hu_reply);
    g_free(line);
    signature(b, w, my_name);
    *body = g_string_free(b, FALSE);
    if (at != day)
        g_free(at);
    g_free(day);
}

/* ------------------------------------------------------------ render */

/* Names are encoded as UTF-8 encoded words, like the body: GMime would
 * otherwise pick ISO-8859-1 whenever the name fits it. */
static void add_mailbox(InternetAddressList *l, const char *name, const char *addr)
{
    InternetAddress *a = internet_address_mailbox_new(name, addr);
    internet_address_set_charset(a, "utf-8");
    internet_address_list_add(l, a);
    g_object_unref(a);
}

/* Non-ASCII headers are encoded here rather than by GMime, for two
 * reasons: GMime folds encoded words at spaces only, so text without spaces
 * (CJK) becomes one word longer than RFC 2047's 75 characters on a line
 * longer than 78; and it pads B words in the middle of a header, which its
 * own decoder (3.2) cannot read back: the text after such a word is lost
 * when the sent message is parsed for the timeline. Here: words of at most
 * 39 bytes of whole UTF-8 characters, one per folded line (the space
 * between encoded words is not part of the text), then suffix. */
static void encode_header(GMimeObject *o, const char *name, const char *text, const char *suffix)
{
    GMimeHeader *h = g_mime_header_list_get_header(g_mime_object_get_header_list(o), name);
    const char *rv = h ? g_mime_header_get_raw_value(h) : NULL;
    if (!rv || !text)
        return;
    gsize line = strlen(name) + 1, longest = 0;
    for (const char *p = rv; *p; p++) {
        if (*p == '\n') {
            longest = MAX(longest, line);
            line = 0;
        } else {
            line++;
        }
    }
    if (MAX(longest, line) <= 78 && g_str_is_ascii(text))
        return;
    GString *s = g_string_new(NULL);
    for (const char *p = text; *p;) {
        /* A B word of whole characters whose bytes are a multiple of 3, so
         * it needs no padding: a padded word followed by another trips
         * decoders that join adjacent words first (GMime's own). Where no
         * such cut exists (an ASCII character shifted the count), a Q word. */
        const char *q = p, *even = NULL;
        while (*q && g_utf8_next_char(q) - p <= 39) {
            q = g_utf8_next_char(q);
            if ((q - p) % 3 == 0)
                even = q;
        }
        if (*q && (q - p) % 3)
            q = even;
        g_string_append(s, s->len ? "\n " : " ");
        if (q) {
            char *b64 = g_base64_encode((const guchar *)p, (gsize)(q - p));
            g_string_append_printf(s, "=?UTF-8?B?%s?=", b64);
            g_free(b64);
        } else {
            g_string_append(s, "=?UTF-8?Q?");
            gsize used = 0;
            for (q = p; *q;) {
                const char *next = g_utf8_next_char(q);
                gsize need = 0;
                for (const char *c = q; c < next; c++)
                    need += g_ascii_isalnum(*c) ? 1 : 3;
                if (used && used + need > 60)
                    break;
                for (const char *c = q; c < next; c++)
                    g_string_append_printf(s, g_ascii_isalnum(*c) ? "%c" : "=%02X",
                                           (unsigned char)*c);
                used += need;
                q = next;
            }
            g_string_append(s, "?=");
        }
        p = q;
    }
    if (suffix)
        g_string_append_printf(s, "\n %s", suffix);
    g_string_append_c(s, '\n');
    g_mime_header_set_raw_value(h, s->str);
    g_string_free(s, TRUE);
}

char *pl_draft_render(const pl_draft *d, GError **err)
{
    if (!d->from_addr || !d->to_addr) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "a message needs a sender and a recipient");
        return NULL;
    }
    pl_mail_init();
    GMimeMessage *m = g_mime_message_new(TRUE);
    add_mailbox(g_mime_message_get_from(m), d->from_name, d->from_addr);
    add_mailbox(g_mime_message_get_to(m), d->to_name, d->to_addr);
    g_mime_message_set_subject(m, d->subject ? d->subject : "", "utf-8");
    GDateTime *dt = g_date_time_new_from_unix_local(d->date);
    g_mime_message_set_date(m, dt);
    g_date_time_unref(dt);
    /* GMime sets neither Date nor Message-ID; the id's right side is my
     * domain so replies thread back to it. */
    const char *dom = pl_address_domain(d->from_addr);
    char *mid = g_mime_utils_generate_message_id(dom ? dom : "parley.invalid");
    g_mime_message_set_message_id(m, mid);
    g_free(mid);
    if (d->event_key)
        g_mime_object_set_header(GMIME_OBJECT(m), "X-Parley-Event", d->event_key, NULL);

    /* The body as UTF-8 bytes, labelled so. (g_mime_text_part_set_text
     * would convert Latin text to ISO-8859-1.) GMime picks the transfer
     * encoding: 7bit for ASCII, quoted-printable for mostly-ASCII text,
     * base64 for CJK and the like, whichever is shorter. */
    const char *body = d->body ? d->body : "";
    GMimePart *part = g_mime_part_new_with_type("text", "plain");
    g_mime_object_set_content_type_parameter(GMIME_OBJECT(part), "charset", "utf-8");
    GMimeStream *content = g_mime_stream_mem_new_with_buffer(body, strlen(body));
    GMimeDataWrapper *dw =
        g_mime_data_wrapper_new_with_stream(content, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(part, dw);
    g_object_unref(dw);
    g_object_unref(content);
    g_mime_part_set_content_encoding(
        part, g_mime_part_get_best_content_encoding(part, GMIME_ENCODING_CONSTRAINT_7BIT));
    g_mime_message_set_mime_part(m, GMIME_OBJECT(part));
    g_object_unref(part);

    char *from = g_strdup_printf("<%s>", d->from_addr), *to = g_strdup_printf("<%s>", d->to_addr);
    encode_header(GMIME_OBJECT(m), "Subject", d->subject, NULL);
    encode_header(GMIME_OBJECT(m), "From", d->from_name, from);
    encode_header(GMIME_OBJECT(m), "To", d->to_name, to);
    g_free(from);
    g_free(to);

    GMimeStream *mem = g_mime_stream_mem_new();
    GMimeFormatOptions *fo = g_mime_format_options_new();
    g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_UNIX);
    g_mime_object_write_to_stream(GMIME_OBJECT(m), fo, mem);
    g_mime_format_options_free(fo);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    char *out = g_strndup((const char *)ba->data, ba->len);
    g_object_unref(mem);
    g_object_unref(m);
    return out;
}

/* --------------------------------------------------------- high level */

typedef struct {
    char *lang, *name;
} draft_cfg;

/* [draft] language and name; the name falls back to the display name my
 * address carries in mail. */
static void draft_cfg_load(pl_store *st, const pl_config *cfg, draft_cfg *dc)
{
    GKeyFile *kf = g_key_file_new();
    g_key_file_load_from_file(kf, cfg->path, G_KEY_FILE_NONE, NULL);
    dc->lang = g_key_file_get_string(kf, "draft", "language", NULL);
    dc->name = g_key_file_get_string(kf, "draft", "name", NULL);
    g_key_file_free(kf);
    if (dc->name)
        g_strstrip(dc->name);
    if ((!dc->name || !*dc->name) && cfg->me->len) {
        g_free(dc->name);
        dc->name = NULL;
        pl_target me;
        if (pl_target_resolve(st, cfg->me->pdata[0], TRUE, &me, NULL)) {
            dc->name = g_steal_pointer(&me.name);
            pl_target_clear(&me);
        }
    }
}

static void draft_cfg_clear(draft_cfg *dc)
{
    g_free(dc->lang);
    g_free(dc->name);
}

static gboolean need_me(const pl_config *cfg, GError **err)
{
    if (cfg->me->len)
        return TRUE;
    g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                "a draft is from me, and no me is configured: run parley init --me ADDRESS");
    return FALSE;
}

static gboolean collect_item(const pl_item_info *i, gpointer user)
{
    GArray *a = user;
    if (strcmp(i->kind, "question") == 0)
        return TRUE; /* their questions are answered in the text, not listed as our steps */
    pl_draft_item it = {g_strdup(i->text), i->due_ts};
    g_array_append_val(a, it);
    return TRUE;
}

/* The event a reference names: numeric id, "log:<uuid>", the uuid alone, or
 * any other source key. */
static pl_event *load_ref(pl_store *st, const char *ref, gint64 *id, GError **err)
{
    char *end = NULL;
    gint64 n = g_ascii_strtoll(ref, &end, 10);
    if (end && end != ref && !*end && n > 0)
        return st->ops->event_load(st, n, NULL, id, err);
    char *key = g_uuid_string_is_valid(ref) ? g_strconcat("log:", ref, NULL) : g_strdup(ref);
    pl_event *ev = st->ops->event_load(st, 0, key, id, err);
    g_free(key);
    return ev;
}

/* The other side of an event: the first participant who is not one of us. */
static const pl_participant *counterpart(const pl_config *cfg, const pl_event *ev)
{
    for (guint i = 0; ev->participants && i < ev->participants->len; i++) {
        const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        if (p->role == PL_ROLE_LIST)
            continue;
        if (p->kind == PL_ID_EMAIL && pl_config_is_internal(cfg, p->value))
            continue;
        return p;
    }
    return NULL;
}

char *pl_draft_follow_up(pl_store *st, const pl_config *cfg, const char *ref,
                         const char *last_call_target, GError **err)
{
    if (!need_me(cfg, err))
        return NULL;
    gint64 eid = 0;
    pl_event *ev = NULL;
    if (ref) {
        ev = load_ref(st, ref, &eid, err);
    } else {
        pl_target t;
        if (!pl_target_resolve(st, last_call_target, FALSE, &t, err))
            return NULL;
        eid = st->ops->event_last(st, PL_CH_CALL, &t.ids, err);
        if (eid)
            ev = st->ops->event_load(st, eid, NULL, &eid, err);
        else if (!err || !*err)
            g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND, "no call with %s on record",
                        last_call_target);
        pl_target_clear(&t);
    }
    if (!ev)
        return NULL;
    char *out = NULL, *to = NULL, *subject = NULL, *body = NULL;
    draft_cfg dc = {0};
    GArray *items = g_array_new(FALSE, TRUE, sizeof(pl_draft_item));
    pl_target t = {.kind = -1};
    const pl_participant *p = counterpart(cfg, ev);
    if (!p) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "event %s has nobody outside to write to",
                    ev->source_key);
        goto out;
    }
    if (!pl_target_resolve(st, p->value, TRUE, &t, err) || !(to = pl_target_email(st, &t, err)))
        goto out;
    /* The follow-ups of this event first, then whatever else is open with
     * this contact (items are ordered by due date within each). */
    pl_item_filter f = {.source_event_id = eid};
    if (!st->ops->item_each(st, &f, collect_item, items, err))
        goto out;
    guint own = items->len;
    pl_item_filter g = {.about = {t.ids.identity_id, t.ids.person_id, 0}};
    GArray *more = g_array_new(FALSE, TRUE, sizeof(pl_draft_item));
    gboolean ok = !(t.ids.person_id || t.ids.identity_id) ||
                  st->ops->item_each(st, &g, collect_item, more, err);
    for (guint i = 0; i < more->len; i++) {
        pl_draft_item *m = &g_array_index(more, pl_draft_item, i);
        gboolean dup = FALSE;
        for (guint k = 0; k < own && !dup; k++)
            dup = strcmp(g_array_index(items, pl_draft_item, k).text, m->text) == 0;
        if (dup)
            g_free((char *)m->text);
        else
            g_array_append_val(items, *m);
    }
    g_array_free(more, TRUE);
    if (!ok)
        goto out;
    draft_cfg_load(st, cfg, &dc);
    pl_follow_up_words w = {.lang = dc.lang,
                            .to_name = t.name ? t.name : p->name,
                            .my_name = dc.name,
                            .channel = ev->channel,
                            .ts = ev->ts,
                            .duration_s = ev->duration_s,
                            .note = ev->body,
                            .items = (const pl_draft_item *)items->data,
                            .n_items = items->len};
    pl_draft_follow_up_words(&w, &subject, &body);
    pl_draft d = {.from_addr = cfg->me->pdata[0],
                  .from_name = dc.name,
                  .to_addr = to,
                  .to_name = t.name ? t.name : p->name,
                  .subject = subject,
                  .body = body,
                  .date = g_get_real_time() / G_USEC_PER_SEC,
                  .event_key = ev->source_key};
    out = pl_draft_render(&d, err);
out:
    for (guint i = 0; i < items->len; i++)
        g_free((char *)g_array_index(items, pl_draft_item, i).text);
    g_array_free(items, TRUE);
    draft_cfg_clear(&dc);
    pl_target_clear(&t);
    g_free(to);
    g_free(subject);
    g_free(body);
    pl_event_free(ev);
    return out;
}

char *pl_draft_heads_up(pl_store *st, const pl_config *cfg, const char *target, gint64 when,
                        gboolean has_time, const char *about, GError **err)
{
    if (!need_me(cfg, err))
        return NULL;
    pl_target t;
    if (!pl_target_resolve(st, target, TRUE, &t, err))
        return NULL;
    char *to = pl_target_email(st, &t, err), *out = NULL;
    if (to) {
        draft_cfg dc = {0};
        draft_cfg_load(st, cfg, &dc);
        char *subject, *body;
        pl_draft_heads_up_words(dc.lang, t.name, dc.name, when, has_time, about, &subject, &body);
        pl_draft d = {.from_addr = cfg->me->pdata[0],
                      .from_name = dc.name,
                      .to_addr = to,
                      .to_name = t.name,
                      .subject = subject,
                      .body = body,
                      .date = g_get_real_time() / G_USEC_PER_SEC};
        out = pl_draft_render(&d, err);
        g_free(subject);
        g_free(body);
        draft_cfg_clear(&dc);
    }
    g_free(to);
    pl_target_clear(&t);
    return out;
}
