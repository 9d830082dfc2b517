/* chat_whatsapp.c — WhatsApp "Export chat" text files.
 *
 * Android: "12/31/20, 9:41 PM - Name: text" (or "31/12/2020, 21:41 - ...");
 * iOS: "[31.12.20, 21:41:05] Name: text" (or "[12/31/20, 9:41:05 PM] ...").
 * The day/month order depends on the phone's locale, so it is decided per
 * file from the values (a first number over 12 is a day, a second over 12
 * means month first) before any line is read; 12- and 24-hour clocks both
 * occur. U+200E (left-to-right mark) and U+202F (narrow no-break space
 * before AM/PM) are dropped. A line without a date continues the message
 * before it. System lines (encryption notice, joins, leaves, subject and
 * icon changes) are counted, not imported. The chat is named by the file
 * ("WhatsApp Chat with Jane.txt": room "whatsapp-chat:Jane"); a sender is a phone number (E.164)
 * when it is one, else "whatsapp:<name>".
 */
#include "chat.h"

#include <string.h>

typedef struct {
    gboolean month_first;
    char *room, *room_name;
    gboolean have; /* a message is held back for continuation lines */
    gint64 ts;
    guint line;
    GString *name, *text, *sender, *clean;
    gsize bytes;
} wa_file;

static gboolean wa_wants(const char *name)
{
    return g_str_has_suffix(name, ".txt");
}

/* Removes U+200E/U+200F/U+202A-U+202E/U+2066-U+2069 marks; U+202F and
 * U+00A0 become plain spaces. */
static void clean_marks(const char *in, gsize len, GString *out)
{
    g_string_truncate(out, 0);
    for (gsize i = 0; i < len;) {
        guchar c = (guchar)in[i];
        if (c == 0xE2 && i + 2 < len) {
            guchar b = (guchar)in[i + 1], d = (guchar)in[i + 2];
            if (b == 0x80 && (d == 0x8E || d == 0x8F || (d >= 0xAA && d <= 0xAE))) {
                i += 3;
                continue;
            }
            if (b == 0x81 && d >= 0xA6 && d <= 0xA9) {
                i += 3;
                continue;
            }
            if (b == 0x80 && d == 0xAF) {
                g_string_append_c(out, ' ');
                i += 3;
                continue;
            }
        }
        if (c == 0xC2 && i + 1 < len && (guchar)in[i + 1] == 0xA0) {
            g_string_append_c(out, ' ');
            i += 2;
            continue;
        }
        g_string_append_c(out, (char)c);
        i++;
    }
}

static const char *num(const char *p, int *v, int maxd)
{
    int n = 0, d = 0;
    while (d < maxd && g_ascii_isdigit(*p)) {
        n = n * 10 + (*p++ - '0');
        d++;
    }
    *v = n;
    return d ? p : NULL;
}

typedef struct {
    int a, b, y, h, mi, s;
    gboolean ampm, pm;
    const char *rest; /* after "] " or " - " */
    gboolean ios;
} wa_head;

/* Parses the date/time head of a message line (marks already removed). */
static gboolean parse_head(const char *p, wa_head *w)
{
    memset(w, 0, sizeof *w);
    w->ios = *p == '[';
    if (w->ios)
        p++;
    if (!(p = num(p, &w->a, 2)) || !strchr("/.-", *p))
        return FALSE;
    char sep = *p++;
    if (!(p = num(p, &w->b, 2)) || *p++ != sep || !(p = num(p, &w->y, 4)))
        return FALSE;
    if (*p == ',')
        p++;
    while (*p == ' ')
        p++;
    if (!(p = num(p, &w->h, 2)) || *p++ != ':' || !(p = num(p, &w->mi, 2)))
        return FALSE;
    if (*p == ':' && !(p = num(p + 1, &w->s, 2)))
        return FALSE;
    while (*p == ' ')
        p++;
    if (g_ascii_strncasecmp(p, "am", 2) == 0 || g_ascii_strncasecmp(p, "pm", 2) == 0 ||
        g_ascii_strncasecmp(p, "a.m.", 4) == 0 || g_ascii_strncasecmp(p, "p.m.", 4) == 0) {
        w->ampm = TRUE;
        w->pm = g_ascii_tolower(*p) == 'p';
        p += p[1] == '.' ? 4 : 2;
    }
    if (w->ios) {
        if (*p++ != ']' || *p++ != ' ')
            return FALSE;
    } else {
        while (*p == ' ')
            p++;
        if (p[0] != '-' || p[1] != ' ')
            return FALSE;
        p += 2;
    }
    if (w->y < 100)
        w->y += 2000;
    if (w->ampm) {
        if (w->h < 1 || w->h > 12)
            return FALSE;
        w->h = w->h % 12 + (w->pm ? 12 : 0);
    }
    w->rest = p;
    return w->h < 24 && w->mi < 60 && w->s < 61;
}

/* The day/month order from the whole file: any first number > 12 is a day,
 * any second number > 12 a day (month first). Undecided: 12-hour clocks
 * and '/' are the US layout, anything else day first. */
static gboolean detect_month_first(const char *path)
{
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL))
        return FALSE;
    gboolean day_first_seen = FALSE, month_first_seen = FALSE, us_like = FALSE;
    GString *clean = g_string_new(NULL);
    for (char *line = data; line && line < data + len;) {
        char *nl = memchr(line, '\n', (gsize)(data + len - line));
        gsize n = nl ? (gsize)(nl - line) : (gsize)(data + len - line);
        clean_marks(line, MIN(n, 64), clean);
        wa_head w;
        if (parse_head(clean->str, &w)) {
            day_first_seen |= w.a > 12;
            month_first_seen |= w.b > 12;
            us_like |= w.ampm && strchr(clean->str, '/') != NULL;
        }
        line = nl ? nl + 1 : NULL;
    }
    g_string_free(clean, TRUE);
    g_free(data);
    if (day_first_seen != month_first_seen)
        return month_first_seen;
    return us_like;
}

static gpointer wa_open(chat_file *f)
{
    wa_file *s = g_new0(wa_file, 1);
    s->month_first = detect_month_first(f->path);
    char *base = g_path_get_basename(f->path);
    char *dot = strrchr(base, '.');
    if (dot)
        *dot = '\0';
    const char *name = base;
    if (g_str_has_prefix(name, "WhatsApp Chat with "))
        name += strlen("WhatsApp Chat with ");
    else if (g_str_has_prefix(name, "WhatsApp Chat - "))
        name += strlen("WhatsApp Chat - ");
    char *dirname = NULL;
    if (strcmp(name, "_chat") == 0) { /* iOS: _chat.txt inside the chat's folder */
        char *dir = g_path_get_dirname(f->path);
        dirname = g_path_get_basename(dir);
        g_free(dir);
        name = dirname;
        if (g_str_has_prefix(name, "WhatsApp Chat - "))
            name += strlen("WhatsApp Chat - ");
    }
    s->room_name = g_strdup(name);
    s->room = g_strconcat("whatsapp-chat:", name, NULL);
    g_free(dirname);
    g_free(base);
    s->name = g_string_new(NULL);
    s->text = g_string_new(NULL);
    s->sender = g_string_new(NULL);
    s->clean = g_string_new(NULL);
    return s;
}

static void wa_close(chat_file *f, gpointer state)
{
    (void)f;
    wa_file *s = state;
    g_free(s->room);
    g_free(s->room_name);
    g_string_free(s->name, TRUE);
    g_string_free(s->text, TRUE);
    g_string_free(s->sender, TRUE);
    g_string_free(s->clean, TRUE);
    g_free(s);
}

static void flush(chat_file *f, wa_file *s)
{
    if (!s->have)
        return;
    s->have = FALSE;
    guint line = f->line;
    f->line = s->line; /* warnings and locations name the message's first line */
    int kind =
        chat_identity(s->name->str, "whatsapp", f->run->cfg->default_country, s->sender, NULL);
    chat_msg m = {
        .ts = s->ts,
        .room = s->room,
        .room_name = s->room_name,
        .from_kind = kind,
        .from = s->sender->str,
        .from_name = s->name->str,
        .text = s->text->str,
        .bytes = s->bytes,
    };
    chat_emit(f, &m);
    f->line = line;
}

static gboolean is_system_text(const char *t)
{
    static const char *const phrases[] = {
        "Messages and calls are end-to-end encrypted",
        "Messages to this group are now secured",
        "joined using this group's invite link",
        "created group",
        "changed the subject",
        "changed this group's icon",
        "changed the group description",
        "security code changed",
        "security code with",
        "You're now an admin",
        "This message was deleted",
        "disappearing messages",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(phrases); i++)
        if (strstr(t, phrases[i]))
            return TRUE;
    return FALSE;
}

static void wa_line(chat_file *f, char *line, gsize len)
{
    wa_file *s = f->fmt_state;
    clean_marks(line, len, s->clean);
    wa_head w;
    if (!parse_head(s->clean->str, &w)) {
        if (s->have) { /* a continuation line of a multi-line message */
            g_string_append_c(s->text, '\n');
            g_string_append_len(s->text, line, (gssize)len);
            s->bytes += len + 1;
        } else if (len) {
            chat_bad_line(f, "not a WhatsApp message line (expected a date first)");
        }
        return;
    }
    flush(f, s);
    int d = s->month_first ? w.b : w.a, mo = s->month_first ? w.a : w.b;
    char stamp[32];
    g_snprintf(stamp, sizeof stamp, "%04d-%02d-%02d %02d:%02d:%02d", w.y, mo, d, w.h, w.mi,
               MIN(w.s, 59));
    gint64 ts =
        mo >= 1 && mo <= 12 && d >= 1 && d <= 31 ? cdr_parse_time(&f->run->clock, stamp) : -1;
    if (ts <= 0) {
        chat_bad_line(f, "the date does not parse");
        return;
    }
    /* "Name: text"; without ": " it is a system line ("Jane joined"). */
    const char *colon = strstr(w.rest, ": ");
    if (!colon) {
        chat_system_line(f);
        return;
    }
    const char *text = colon + 2;
    if (is_system_text(text) || (colon == w.rest)) {
        chat_system_line(f);
        return;
    }
    g_string_assign(s->name, "");
    g_string_append_len(s->name, w.rest, colon - w.rest);
    g_strstrip(s->name->str);
    s->name->len = strlen(s->name->str);
    g_string_assign(s->text, text);
    s->ts = ts;
    s->line = f->line;
    s->bytes = len + 1;
    s->have = TRUE;
}

static void wa_end(chat_file *f)
{
    flush(f, f->fmt_state);
}

const chat_format chat_format_whatsapp = {
    .name = "whatsapp",
    .wants = wa_wants,
    .file_open = wa_open,
    .file_close = wa_close,
    .line = wa_line,
    .end = wa_end,
};
