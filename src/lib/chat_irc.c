/* chat_irc.c — IRC channel logs as ZNC, irssi and weechat write them:
 * "[HH:MM:SS] <nick> text", "[HH:MM] * nick action", "HH:MM <nick> text";
 * joins, parts, quits, modes and notices ("*** ...", "-!- ...",
 * "-nick- ...") are system lines. The date is only in the file name
 * ("#qtox_20170202.log", "2017-02-02.log") and the times are local to
 * [chat] timezone. The channel is the file name before the date (or the
 * folder's name); a sender is "irc:<channel>/<nick>", nick lower-cased as
 * IRC compares nicks case-insensitively.
 */
#include "chat.h"

#include <string.h>

typedef struct {
    int y, mo, d;    /* the date in the file name */
    char *room;      /* "irc:#qtox" */
    char *channel;   /* "#qtox" as written */
    GString *sender; /* scratch */
    GString *nick;   /* scratch */
} irc_file;

/* Start of the first YYYY-MM-DD / YYYYMMDD / YYYY_MM_DD in name, or NULL;
 * the date is written to ymd. */
static const char *find_date(const char *name, int ymd[3])
{
    for (const char *p = name; *p; p++) {
        if (!g_ascii_isdigit(p[0]) || (p > name && g_ascii_isdigit(p[-1])))
            continue;
        const char *q = p;
        int y = 0, m = 0, d = 0, i;
        for (i = 0; i < 4 && g_ascii_isdigit(*q); i++, q++)
            y = y * 10 + (*q - '0');
        if (i != 4)
            continue;
        if (*q == '-' || *q == '_' || *q == '.')
            q++;
        for (i = 0; i < 2 && g_ascii_isdigit(*q); i++, q++)
            m = m * 10 + (*q - '0');
        if (i != 2)
            continue;
        if (*q == '-' || *q == '_' || *q == '.')
            q++;
        for (i = 0; i < 2 && g_ascii_isdigit(*q); i++, q++)
            d = d * 10 + (*q - '0');
        if (i != 2 || g_ascii_isdigit(*q) || y < 1971 || y > 2100 || m < 1 || m > 12 || d < 1 ||
            d > 31)
            continue;
        ymd[0] = y;
        ymd[1] = m;
        ymd[2] = d;
        return p;
    }
    return NULL;
}

static gboolean irc_wants(const char *name)
{
    int ymd[3];
    return find_date(name, ymd) != NULL;
}

static gpointer irc_open(chat_file *f)
{
    char *base = g_path_get_basename(f->path);
    int ymd[3];
    const char *at = find_date(base, ymd);
    if (!at) {
        chat_skip(f, f->path,
                  "no date in the file name (an IRC log needs YYYY-MM-DD or YYYYMMDD in it)");
        g_free(base);
        return NULL;
    }
    irc_file *s = g_new0(irc_file, 1);
    s->y = ymd[0];
    s->mo = ymd[1];
    s->d = ymd[2];
    GString *ch = g_string_new_len(base, at - base);
    while (ch->len && strchr("_-. ", ch->str[ch->len - 1]))
        g_string_truncate(ch, ch->len - 1);
    if (!ch->len) {
        char *dir = g_path_get_dirname(f->path);
        char *dn = g_path_get_basename(dir);
        g_string_assign(ch, strcmp(dn, ".") && strcmp(dn, "/") ? dn : "irc");
        g_free(dn);
        g_free(dir);
    }
    s->channel = g_string_free(ch, FALSE);
    char *lower = g_utf8_strdown(s->channel, -1);
    s->room = g_strconcat("irc:", lower, NULL);
    g_free(lower);
    s->sender = g_string_sized_new(64);
    s->nick = g_string_sized_new(32);
    g_free(base);
    return s;
}

static void irc_close(chat_file *f, gpointer state)
{
    (void)f;
    irc_file *s = state;
    g_free(s->room);
    g_free(s->channel);
    g_string_free(s->sender, TRUE);
    g_string_free(s->nick, TRUE);
    g_free(s);
}

/* Appends s lower-cased as g_utf8_strdown() does it; ASCII without 'I'
 * (which a Turkic locale lowers to a dotless i) needs no allocation. */
static void append_lower(GString *out, const char *s, gsize len)
{
    gboolean plain = TRUE;
    for (gsize i = 0; i < len && plain; i++)
        plain = (guchar)s[i] < 0x80 && s[i] != 'I';
    if (!plain) {
        char *lower = g_utf8_strdown(s, (gssize)len);
        g_string_append(out, lower);
        g_free(lower);
        return;
    }
    gsize at = out->len;
    g_string_append_len(out, s, (gssize)len);
    for (gsize i = at; i < out->len; i++)
        out->str[i] = g_ascii_tolower(out->str[i]);
}

/* Parses "[HH:MM:SS] ", "[HH:MM] ", "HH:MM:SS ", "HH:MM "; returns the rest
 * or NULL. */
static char *parse_clock(char *p, int *h, int *m, int *sec)
{
    gboolean br = *p == '[';
    if (br)
        p++;
    if (!g_ascii_isdigit(p[0]) || !g_ascii_isdigit(p[1]) || p[2] != ':' || !g_ascii_isdigit(p[3]) ||
        !g_ascii_isdigit(p[4]))
        return NULL;
    *h = (p[0] - '0') * 10 + (p[1] - '0');
    *m = (p[3] - '0') * 10 + (p[4] - '0');
    *sec = 0;
    p += 5;
    if (p[0] == ':' && g_ascii_isdigit(p[1]) && g_ascii_isdigit(p[2])) {
        *sec = (p[1] - '0') * 10 + (p[2] - '0');
        p += 3;
    }
    if (br && *p++ != ']')
        return NULL;
    if (*h > 23 || *m > 59 || *sec > 60)
        return NULL;
    if (*p != ' ' && *p != '\t')
        return NULL;
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

static void irc_line(chat_file *f, char *line, gsize len)
{
    irc_file *s = f->fmt_state;
    if (!len)
        return;
    int h, m, sec;
    char *p = parse_clock(line, &h, &m, &sec);
    if (!p) {
        chat_bad_line(f, "not an IRC log line (expected [HH:MM:SS] <nick> text)");
        return;
    }
    const char *nick, *text;
    gsize nick_len;
    if (*p == '<') {
        char *end = strchr(p, '>');
        if (!end) {
            chat_bad_line(f, "no end to the nick (<nick>)");
            return;
        }
        nick = p + 1;
        nick_len = (gsize)(end - nick);
        text = end[1] == ' ' ? end + 2 : end + 1;
    } else if (p[0] == '*' && p[1] == ' ') { /* an action: "* nick waves" */
        nick = p + 2;
        const char *sp = strchr(nick, ' ');
        nick_len = sp ? (gsize)(sp - nick) : strlen(nick);
        text = p + 2; /* the action reads as "nick waves" */
    } else if (p[0] == '*' || (p[0] == '-' && p[1] == '!' && p[2] == '-') || p[0] == '-' ||
               p[0] == '=') {
        /* *** Joins / Quits / Parts / mode, -!- irssi, -nick- notice, weechat -- */
        chat_system_line(f);
        return;
    } else {
        chat_bad_line(f, "not an IRC log line (expected [HH:MM:SS] <nick> text)");
        return;
    }
    while (nick_len && strchr("@+%~&", *nick)) { /* channel-mode prefixes */
        nick++;
        nick_len--;
    }
    if (!nick_len) {
        chat_bad_line(f, "no sender (empty nick)");
        return;
    }
    gint64 ts = cdr_local_time(&f->run->clock, s->y, s->mo, s->d, h, m, MIN(sec, 59));
    if (ts <= 0) {
        chat_bad_line(f, "the time does not parse");
        return;
    }
    g_string_truncate(s->nick, 0);
    g_string_append_len(s->nick, nick, (gssize)nick_len);
    g_string_assign(s->sender, s->room);
    g_string_append_c(s->sender, '/');
    append_lower(s->sender, s->nick->str, s->nick->len);
    chat_msg msg = {
        .ts = ts,
        .room = s->room,
        .room_name = s->channel,
        .from_kind = PL_ID_HANDLE,
        .from = s->sender->str,
        .from_name = s->nick->str,
        .text = text,
        .bytes = len + 1,
    };
    chat_emit(f, &msg);
}

const chat_format chat_format_irc = {
    .name = "irc",
    .wants = irc_wants,
    .file_open = irc_open,
    .file_close = irc_close,
    .line = irc_line,
};
