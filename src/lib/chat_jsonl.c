/* chat_jsonl.c — the JSON Lines chat format any system can export to
 * (docs/chat-jsonl.md): one JSON object a line with ts, channel (or room),
 * from, to, text, id, direction. Parsed with json-glib; a line that is not
 * JSON, not an object, has a field of the wrong type, no sender or a time
 * that does not parse is reported as FILE:LINE and skipped.
 */
#include "chat.h"

#include <json-glib/json-glib.h>
#include <string.h>

typedef struct {
    JsonParser *parser; /* reused: one per file, not one per line */
    GString *from, *to, *room, *from_nm, *to_nm;
} jsonl_file;

static gboolean jsonl_wants(const char *name)
{
    return g_str_has_suffix(name, ".jsonl") || g_str_has_suffix(name, ".ndjson") ||
           g_str_has_suffix(name, ".json");
}

static gpointer jsonl_open(chat_file *f)
{
    (void)f;
    jsonl_file *s = g_new0(jsonl_file, 1);
    s->parser = json_parser_new_immutable();
    s->from = g_string_sized_new(64);
    s->to = g_string_sized_new(64);
    s->room = g_string_sized_new(64);
    s->from_nm = g_string_sized_new(64);
    s->to_nm = g_string_sized_new(64);
    return s;
}

static void jsonl_close(chat_file *f, gpointer state)
{
    (void)f;
    jsonl_file *s = state;
    g_object_unref(s->parser);
    g_string_free(s->from, TRUE);
    g_string_free(s->to, TRUE);
    g_string_free(s->room, TRUE);
    g_string_free(s->from_nm, TRUE);
    g_string_free(s->to_nm, TRUE);
    g_free(s);
}

/* A member that must be a string when present: *out = NULL when absent or
 * null; FALSE (reported) when of another type. */
static gboolean get_str(chat_file *f, JsonObject *o, const char *name, const char **out)
{
    *out = NULL;
    JsonNode *n = json_object_get_member(o, name);
    if (!n || JSON_NODE_HOLDS_NULL(n))
        return TRUE;
    if (JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
        *out = json_node_get_string(n);
        return TRUE;
    }
    char why[96];
    g_snprintf(why, sizeof why, "\"%s\" must be a string", name);
    chat_bad_line(f, why);
    return FALSE;
}

/* ts: ISO 8601 string (zone-less = [chat] timezone) or epoch seconds (or
 * milliseconds, told apart by size). -1 when absent, -2 when bad (reported). */
static gint64 get_ts(chat_file *f, JsonObject *o)
{
    JsonNode *n = json_object_get_member(o, "ts");
    if (!n || JSON_NODE_HOLDS_NULL(n))
        return -1;
    if (JSON_NODE_HOLDS_VALUE(n)) {
        GType t = json_node_get_value_type(n);
        if (t == G_TYPE_INT64 || t == G_TYPE_DOUBLE) {
            double v = t == G_TYPE_INT64 ? (double)json_node_get_int(n) : json_node_get_double(n);
            if (v > 1e11)
                v /= 1000.0; /* milliseconds */
            if (v >= 31536000.0 && v < 4102444800.0)
                return (gint64)v;
            chat_bad_line(f, "\"ts\" is not a date (epoch seconds out of 1971-2100)");
            return -2;
        }
        if (t == G_TYPE_STRING) {
            gint64 ts = cdr_parse_time(&f->run->clock, json_node_get_string(n));
            if (ts > 0)
                return ts;
            chat_bad_line(f, "\"ts\" is not a date (ISO 8601 or epoch seconds)");
            return -2;
        }
    }
    chat_bad_line(f, "\"ts\" must be a string or a number");
    return -2;
}

static void jsonl_line(chat_file *f, char *line, gsize len)
{
    jsonl_file *s = f->fmt_state;
    const char *p = line;
    while (*p == ' ' || *p == '\t')
        p++;
    if (!*p)
        return; /* blank lines separate nothing, and are no error */
    GError *e = NULL;
    if (!json_parser_load_from_data(s->parser, line, (gssize)len, &e)) {
        char why[256];
        g_snprintf(why, sizeof why, "not valid JSON (truncated?): %s", e->message);
        g_error_free(e);
        chat_bad_line(f, why);
        return;
    }
    JsonNode *root = json_parser_get_root(s->parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        chat_bad_line(f, "not a JSON object");
        return;
    }
    JsonObject *o = json_node_get_object(root);
    const char *from, *from_name, *to, *to_name, *text, *room, *room_name, *id, *dir;
    if (!get_str(f, o, "from", &from) || !get_str(f, o, "from_name", &from_name) ||
        !get_str(f, o, "to", &to) || !get_str(f, o, "to_name", &to_name) ||
        !get_str(f, o, "text", &text) || !get_str(f, o, "channel", &room) ||
        !get_str(f, o, "room_name", &room_name) || !get_str(f, o, "direction", &dir))
        return;
    if (!room && !get_str(f, o, "room", &room))
        return;
    /* An id may be a number as well: many systems count their messages. */
    char idbuf[32];
    JsonNode *idn = json_object_get_member(o, "id");
    if (idn && JSON_NODE_HOLDS_VALUE(idn) && json_node_get_value_type(idn) == G_TYPE_INT64) {
        g_snprintf(idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, json_node_get_int(idn));
        id = idbuf;
    } else if (!get_str(f, o, "id", &id)) {
        return;
    }
    if (dir && strcmp(dir, "in") && strcmp(dir, "out") && strcmp(dir, "internal")) {
        chat_bad_line(f, "\"direction\" must be \"in\", \"out\" or \"internal\"");
        return;
    }
    while (from && g_ascii_isspace(*from))
        from++;
    if (!from || !*from) {
        chat_bad_line(f, "no sender (\"from\")");
        return;
    }
    gint64 ts = get_ts(f, o);
    if (ts == -1)
        chat_bad_line(f, "no time (\"ts\")");
    if (ts < 0)
        return;
    const char *country = f->run->cfg->default_country;
    int from_kind = chat_identity(from, "chat", country, s->from, s->from_nm);
    if (!from_name && s->from_nm->len)
        from_name = s->from_nm->str;
    int to_kind = PL_ID_HANDLE;
    if (to && *to) {
        to_kind = chat_identity(to, "chat", country, s->to, s->to_nm);
        if (!to_name && s->to_nm->len)
            to_name = s->to_nm->str;
    }
    if (room && *room) {
        g_string_assign(s->room, "room:");
        g_string_append(s->room, room);
    } else if (to && *to) {
        /* A direct chat: the room is the pair, the same whoever writes. */
        gboolean ab = strcmp(s->from->str, s->to->str) < 0;
        g_string_printf(s->room, "room:dm:%s|%s", ab ? s->from->str : s->to->str,
                        ab ? s->to->str : s->from->str);
    } else {
        chat_bad_line(f, "no room (\"channel\") and no recipient (\"to\")");
        return;
    }
    chat_msg m = {
        .ts = ts,
        .room = s->room->str,
        .room_name = room_name ? room_name : room,
        .from_kind = from_kind,
        .from = s->from->str,
        .from_name = from_name,
        .to_kind = to_kind,
        .to = to && *to ? s->to->str : NULL,
        .to_name = to_name,
        .text = text ? text : "",
        .id = id,
        .bytes = len + 1,
    };
    chat_emit(f, &m);
}

const chat_format chat_format_jsonl = {
    .name = "jsonl",
    .wants = jsonl_wants,
    .file_open = jsonl_open,
    .file_close = jsonl_close,
    .line = jsonl_line,
};
