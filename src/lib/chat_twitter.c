/* chat_twitter.c — direct messages of an X/Twitter archive: the files
 * data/direct-messages.js, direct-messages-group.js and their further
 * parts (direct-messages-part1.js, ...), each a JavaScript assignment
 * "window.YTD.direct_messages.part0 = [ ... ]" around JSON. Every element
 * is a conversation {"dmConversation": {"conversationId", "messages"}};
 * a message is {"messageCreate": {"id", "senderId", "recipientId" (not in
 * group DMs), "text", "createdAt"}}; joins, leaves and renames of group
 * DMs are system lines. Users are "x:<user id>" handles (the archive has
 * ids, not names); a conversation is the room "x-dm:<conversationId>".
 *
 * The file is one JSON document, not lines: it is gathered and parsed at
 * its end, and a message's location is "FILE:N", N its position in the
 * file (1 = first message), since json-glib gives no line numbers.
 */
#include "chat.h"

#include <json-glib/json-glib.h>
#include <string.h>

typedef struct {
    GString *buf;
} tw_file;

static gboolean tw_wants(const char *name)
{
    return g_str_has_prefix(name, "direct-message") && g_str_has_suffix(name, ".js") &&
           !strstr(name, "header"); /* headers repeat the messages without text */
}

static gpointer tw_open(chat_file *f)
{
    (void)f;
    tw_file *s = g_new0(tw_file, 1);
    s->buf = g_string_sized_new(64 * 1024);
    return s;
}

static void tw_close(chat_file *f, gpointer state)
{
    (void)f;
    tw_file *s = state;
    g_string_free(s->buf, TRUE);
    g_free(s);
}

static void tw_line(chat_file *f, char *line, gsize len)
{
    tw_file *s = f->fmt_state;
    g_string_append_len(s->buf, line, (gssize)len);
    g_string_append_c(s->buf, '\n');
}

static const char *member_str(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    if (!n || !JSON_NODE_HOLDS_VALUE(n) || json_node_get_value_type(n) != G_TYPE_STRING)
        return NULL;
    return json_node_get_string(n);
}

static JsonObject *member_obj(JsonObject *o, const char *name)
{
    JsonNode *n = o ? json_object_get_member(o, name) : NULL;
    return n && JSON_NODE_HOLDS_OBJECT(n) ? json_node_get_object(n) : NULL;
}

static void bad_file(chat_file *f, const char *reason)
{
    chat_skip(f, f->path, reason);
    f->bad = TRUE; /* counted as failed and left unmarked by chat.c */
}

static void one_message(chat_file *f, JsonObject *m, const char *room, GString *from, GString *to)
{
    JsonObject *mc = member_obj(m, "messageCreate");
    if (!mc) { /* joinConversation, participantsLeave, conversationNameUpdate ... */
        chat_system_line(f);
        return;
    }
    const char *sender = member_str(mc, "senderId"), *text = member_str(mc, "text");
    const char *created = member_str(mc, "createdAt"), *id = member_str(mc, "id");
    const char *recipient = member_str(mc, "recipientId");
    if (!sender || !*sender) {
        chat_bad_line(f, "no sender (\"senderId\")");
        return;
    }
    gint64 ts = created ? cdr_parse_time(&f->run->clock, created) : -1;
    if (ts <= 0) {
        chat_bad_line(f, created ? "\"createdAt\" is not a date" : "no time (\"createdAt\")");
        return;
    }
    g_string_printf(from, "x:%s", sender);
    if (recipient)
        g_string_printf(to, "x:%s", recipient);
    chat_msg msg = {
        .ts = ts,
        .room = room,
        .from_kind = PL_ID_HANDLE,
        .from = from->str,
        .to_kind = PL_ID_HANDLE,
        .to = recipient ? to->str : NULL,
        .text = text ? text : "",
        .id = id,
        .bytes = text ? strlen(text) : 0,
    };
    chat_emit(f, &msg);
}

static void tw_end(chat_file *f)
{
    tw_file *s = f->fmt_state;
    const char *p = s->buf->str;
    while (g_ascii_isspace(*p))
        p++;
    const char *eq = strchr(p, '=');
    if (!g_str_has_prefix(p, "window.YTD.") || !eq) {
        bad_file(f, "not an X/Twitter archive part (expected window.YTD.<name>.partN = [...])");
        return;
    }
    JsonParser *parser = json_parser_new_immutable();
    GError *e = NULL;
    if (!json_parser_load_from_data(parser, eq + 1, -1, &e)) {
        char why[256];
        g_snprintf(why, sizeof why, "not valid JSON after the prefix (truncated?): %s", e->message);
        g_error_free(e);
        bad_file(f, why);
        g_object_unref(parser);
        return;
    }
    JsonNode *root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_ARRAY(root)) {
        bad_file(f, "the archive part is not a JSON array");
        g_object_unref(parser);
        return;
    }
    GString *room = g_string_new(NULL), *from = g_string_new(NULL), *to = g_string_new(NULL);
    JsonArray *convs = json_node_get_array(root);
    f->line = 0;
    for (guint i = 0; i < json_array_get_length(convs) && !f->run->failed; i++) {
        JsonNode *cn = json_array_get_element(convs, i);
        JsonObject *c = JSON_NODE_HOLDS_OBJECT(cn)
                            ? member_obj(json_node_get_object(cn), "dmConversation")
                            : NULL;
        const char *cid = member_str(c, "conversationId");
        JsonNode *mn = c ? json_object_get_member(c, "messages") : NULL;
        if (!cid || !mn || !JSON_NODE_HOLDS_ARRAY(mn)) {
            f->line++;
            chat_bad_line(f, "not a DM conversation (dmConversation with conversationId and "
                             "messages)");
            continue;
        }
        g_string_printf(room, "x-dm:%s", cid);
        JsonArray *msgs = json_node_get_array(mn);
        for (guint j = 0; j < json_array_get_length(msgs) && !f->run->failed; j++) {
            f->line++;
            JsonNode *m = json_array_get_element(msgs, j);
            if (!JSON_NODE_HOLDS_OBJECT(m)) {
                chat_bad_line(f, "a message is not a JSON object");
                continue;
            }
            one_message(f, json_node_get_object(m), room->str, from, to);
        }
    }
    g_string_free(room, TRUE);
    g_string_free(from, TRUE);
    g_string_free(to, TRUE);
    g_object_unref(parser);
}

const chat_format chat_format_twitter = {
    .name = "twitter",
    .wants = tw_wants,
    .file_open = tw_open,
    .file_close = tw_close,
    .line = tw_line,
    .end = tw_end,
};
