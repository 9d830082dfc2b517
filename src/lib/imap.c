/* imap.c — the commands of a read-only IMAP sync and a streaming parser of
 * their responses (RFC 3501 syntax: atoms, quoted strings, literals,
 * parenthesised lists), over the transport of imap.h.
 *
 * Responses are read token by token straight from the connection, so a
 * folder's UID SEARCH line or a message literal never has to fit a line
 * buffer, and a line inside a message that looks like our tagged "OK"
 * cannot end a command early: literal bytes are counted, never scanned.
 * Whatever the server says that we did not ask about (EXPUNGE, FLAGS,
 * unsolicited FETCH of flags, CAPABILITY) is read past.
 */
#include "imap.h"

#include <stdarg.h>
#include <string.h>

#define READ_CHUNK (64 * 1024)
#define ATOM_MAX (64 * 1024)     /* atoms and quoted strings */
#define TEXT_MAX (16 * 1024)     /* human-readable text after OK / NO / BYE */
#define NAME_MAX_LIT (64 * 1024) /* a folder name sent as a literal */

struct pl_imap {
    const pl_imap_io *io;
    gpointer io_data;
    char *where;
    GByteArray *in; /* received bytes; in->data[pos..] not consumed yet */
    gsize pos;
    guint tag;
    gboolean broken; /* no further command can be sent */
    char *bye;       /* what the server said when it hung up */
    /* Set by the responses of the command running. */
    guint64 uidvalidity, uidnext, exists;
    guint32 receiving_uid, last_uid;
};

typedef enum { TK_ATOM, TK_STRING, TK_LPAREN, TK_RPAREN, TK_EOL } tk_kind;

struct token {
    tk_kind kind;
    GByteArray *val;  /* atom or string bytes, followed by a NUL not counted */
    gsize size;       /* string length (also when dropped) */
    gboolean dropped; /* a literal larger than the cap: read past, not kept */
};

pl_imap *pl_imap_new(const pl_imap_io *io, gpointer io_data, const char *where)
{
    g_assert(io && io->recv && io->send);
    pl_imap *s = g_new0(pl_imap, 1);
    s->io = io;
    s->io_data = io_data;
    s->where = g_strdup(where);
    s->in = g_byte_array_sized_new(READ_CHUNK);
    return s;
}

typedef enum { ST_FAILED = 0, ST_OK, ST_NO, ST_BAD } cmd_status;
typedef struct token token;
typedef int (*untagged_fn)(pl_imap *s, const char *name, gboolean has_num, guint64 num, token *tk,
                           gpointer user, GError **err);
static cmd_status run(pl_imap *s, const char *cmd, untagged_fn fn, gpointer user, GString *text,
                      GError **err);

void pl_imap_free(pl_imap *s)
{
    if (!s)
        return;
    if (!s->broken) {
        /* Between commands: say goodbye; the server closes after "BYE". */
        GString *text = g_string_new(NULL);
        run(s, "LOGOUT", NULL, NULL, text, NULL);
        g_string_free(text, TRUE);
        s->broken = TRUE;
    }
    if (s->io->free)
        s->io->free(s->io_data, FALSE);
    g_byte_array_unref(s->in);
    g_free(s->where);
    g_free(s->bye);
    g_free(s);
}

gboolean pl_imap_broken(const pl_imap *s)
{
    return s->broken;
}

static gboolean fail(pl_imap *s, GError **err, int code, const char *fmt, ...) G_GNUC_PRINTF(4, 5);
static gboolean fail(pl_imap *s, GError **err, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_set_error_literal(err, PARLEY_ERROR, code, msg);
    g_free(msg);
    s->broken = TRUE;
    return FALSE;
}

static gboolean closed(pl_imap *s, GError **err)
{
    if (s->bye)
        return fail(s, err, PL_ERR_IO, "the server closed the connection (it said: %s)", s->bye);
    return fail(s, err, PL_ERR_IO, "the server closed the connection");
}

/* ------------------------------------------------------------ reading */

/* Reads at least one more byte into the buffer. */
static gboolean fill(pl_imap *s, GError **err)
{
    if (s->pos == s->in->len) {
        g_byte_array_set_size(s->in, 0);
        s->pos = 0;
    } else if (s->pos > READ_CHUNK) {
        g_byte_array_remove_range(s->in, 0, (guint)s->pos);
        s->pos = 0;
    }
    guint old = s->in->len;
    g_byte_array_set_size(s->in, old + READ_CHUNK);
    GError *e = NULL;
    gssize n = s->io->recv(s->io_data, s->in->data + old, READ_CHUNK, &e);
    g_byte_array_set_size(s->in, old + (guint)MAX(n, 0));
    if (n > 0)
        return TRUE;
    if (n == 0)
        return closed(s, err);
    s->broken = TRUE;
    g_propagate_error(err, e);
    return FALSE;
}

static int peekc(pl_imap *s, GError **err)
{
    if (s->pos == s->in->len && !fill(s, err))
        return -1;
    return s->in->data[s->pos];
}

static gboolean protocol(pl_imap *s, GError **err, const char *what)
{
    return fail(s, err, PL_ERR_PARSE, "the server's answer is not IMAP (%s)", what);
}

/* For untagged handlers: a protocol error, as their -1. */
static int proto_fail(pl_imap *s, GError **err, const char *what)
{
    protocol(s, err, what);
    return -1;
}

/* n bytes of a literal: kept in tk->val when n <= cap, else read past. */
static gboolean read_literal(pl_imap *s, token *tk, guint64 n, gsize cap, GError **err)
{
    tk->kind = TK_STRING;
    tk->size = (gsize)n;
    tk->dropped = n > cap;
    g_byte_array_set_size(tk->val, 0);
    guint64 got = 0;
    while (got < n) {
        gsize avail = s->in->len - s->pos;
        if (!avail) {
            if (!fill(s, err))
                return FALSE;
            continue;
        }
        gsize take = (gsize)MIN((guint64)avail, n - got);
        if (!tk->dropped)
            g_byte_array_append(tk->val, s->in->data + s->pos, (guint)take);
        s->pos += take;
        got += take;
    }
    return TRUE;
}

/* The next token; literals up to cap bytes are kept. */
static gboolean next_token(pl_imap *s, token *tk, gsize cap, GError **err)
{
    g_byte_array_set_size(tk->val, 0);
    tk->dropped = FALSE;
    int c;
    while ((c = peekc(s, err)) == ' ')
        s->pos++;
    if (c < 0)
        return FALSE;
    switch (c) {
    case '\r':
        s->pos++;
        if ((c = peekc(s, err)) < 0)
            return FALSE;
        if (c == '\n')
            s->pos++;
        tk->kind = TK_EOL;
        break;
    case '\n':
        s->pos++;
        tk->kind = TK_EOL;
        break;
    case '(':
    case ')':
        s->pos++;
        tk->kind = c == '(' ? TK_LPAREN : TK_RPAREN;
        break;
    case '"':
        s->pos++;
        tk->kind = TK_STRING;
        for (;;) {
            if ((c = peekc(s, err)) < 0)
                return FALSE;
            s->pos++;
            if (c == '"')
                break;
            if (c == '\r' || c == '\n')
                return protocol(s, err, "line break inside a quoted string");
            if (c == '\\') {
                if ((c = peekc(s, err)) < 0)
                    return FALSE;
                s->pos++;
            }
            if (tk->val->len >= ATOM_MAX)
                return protocol(s, err, "quoted string longer than 64 KiB");
            guint8 b = (guint8)c;
            g_byte_array_append(tk->val, &b, 1);
        }
        break;
    case '~': /* literal8 (RFC 3516): same framing */
    case '{': {
        if (c == '~')
            s->pos++;
        if ((c = peekc(s, err)) < 0)
            return FALSE;
        if (c != '{')
            return protocol(s, err, "'~' not followed by a literal");
        s->pos++;
        guint64 n = 0;
        int digits = 0;
        while ((c = peekc(s, err)) >= 0 && g_ascii_isdigit(c)) {
            n = n * 10 + (guint64)(c - '0');
            s->pos++;
            if (++digits > 12)
                return protocol(s, err, "literal size out of range");
        }
        if (c < 0)
            return FALSE;
        if (c == '+') {
            s->pos++;
            if ((c = peekc(s, err)) < 0)
                return FALSE;
        }
        if (c != '}' || !digits)
            return protocol(s, err, "malformed literal size");
        s->pos++;
        if ((c = peekc(s, err)) == '\r') {
            s->pos++;
            c = peekc(s, err);
        }
        if (c != '\n')
            return c < 0 ? FALSE : protocol(s, err, "literal size not at the end of a line");
        s->pos++;
        if (!read_literal(s, tk, n, cap, err))
            return FALSE;
        break;
    }
    default: {
        /* An atom; "BODY[HEADER.FIELDS (A B)]" keeps its bracket whole. */
        tk->kind = TK_ATOM;
        gboolean bracket = FALSE;
        for (;;) {
            if (!bracket && (c == ' ' || c == '(' || c == ')' || c == '\r' || c == '\n' ||
                             c == '"' || c == '{'))
                break;
            if (c == '\r' || c == '\n')
                return protocol(s, err, "line break inside a bracket");
            if (c == '[')
                bracket = TRUE;
            else if (c == ']')
                bracket = FALSE;
            if (tk->val->len >= ATOM_MAX)
                return protocol(s, err, "atom longer than 64 KiB");
            guint8 b = (guint8)c;
            g_byte_array_append(tk->val, &b, 1);
            s->pos++;
            if ((c = peekc(s, err)) < 0)
                return FALSE;
        }
        break;
    }
    }
    guint len = tk->val->len;
    g_byte_array_append(tk->val, (const guint8 *)"", 1);
    g_byte_array_set_size(tk->val, len); /* the NUL stays after the end */
    if (!tk->dropped)
        tk->size = len;
    return TRUE;
}

static const char *tk_str(const token *tk)
{
    return (const char *)tk->val->data;
}

static gboolean tk_is(const token *tk, const char *atom)
{
    return tk->kind == TK_ATOM && g_ascii_strcasecmp(tk_str(tk), atom) == 0;
}

static gboolean tk_number(const token *tk, guint64 *out)
{
    if (tk->kind != TK_ATOM || !tk->size || tk->size > 20)
        return FALSE;
    for (gsize i = 0; i < tk->size; i++)
        if (!g_ascii_isdigit(tk->val->data[i]))
            return FALSE;
    *out = g_ascii_strtoull(tk_str(tk), NULL, 10);
    return TRUE;
}

/* The human-readable rest of a line (after OK / NO / BAD / BYE). */
static gboolean read_text(pl_imap *s, GString *out, GError **err)
{
    g_string_truncate(out, 0);
    int c;
    while ((c = peekc(s, err)) == ' ')
        s->pos++;
    for (; c >= 0; c = peekc(s, err)) {
        s->pos++;
        if (c == '\n')
            break;
        if (c != '\r' && out->len < TEXT_MAX)
            g_string_append_c(out, (char)c);
    }
    if (c < 0)
        return FALSE;
    if (!g_utf8_validate(out->str, (gssize)out->len, NULL)) {
        char *v = g_utf8_make_valid(out->str, (gssize)out->len);
        g_string_assign(out, v);
        g_free(v);
    }
    return TRUE;
}

static gboolean skip_rest(pl_imap *s, token *tk, GError **err)
{
    do {
        if (!next_token(s, tk, 0, err))
            return FALSE;
    } while (tk->kind != TK_EOL);
    return TRUE;
}

/* Reads past a value whose first token is tk (a list is read to its end). */
static gboolean skip_value(pl_imap *s, token *tk, GError **err)
{
    int depth = tk->kind == TK_LPAREN;
    while (depth > 0) {
        if (!next_token(s, tk, 0, err))
            return FALSE;
        if (tk->kind == TK_EOL)
            return protocol(s, err, "unbalanced parentheses");
        depth += tk->kind == TK_LPAREN ? 1 : tk->kind == TK_RPAREN ? -1 : 0;
    }
    return TRUE;
}

/* ------------------------------------------------------------ commands */

/* An untagged_fn handles "* [NUM] NAME ..." after NAME: it consumes the
 * rest of the response and returns 1, returns 0 to have it read past, -1
 * on error. */

static void response_code(pl_imap *s, const char *text)
{
    guint64 v;
    if (g_ascii_strncasecmp(text, "[UIDVALIDITY ", 13) == 0 &&
        (v = g_ascii_strtoull(text + 13, NULL, 10)) > 0)
        s->uidvalidity = v;
    else if (g_ascii_strncasecmp(text, "[UIDNEXT ", 9) == 0)
        s->uidnext = g_ascii_strtoull(text + 9, NULL, 10);
}

static gboolean untagged(pl_imap *s, token *tk, untagged_fn fn, gpointer user, GString *text,
                         GError **err)
{
    if (!next_token(s, tk, 0, err))
        return FALSE;
    if (tk->kind != TK_ATOM)
        return protocol(s, err, "untagged response without a name");
    guint64 num = 0;
    gboolean has_num = tk_number(tk, &num);
    if (has_num && !next_token(s, tk, 0, err))
        return FALSE;
    if (tk->kind != TK_ATOM)
        return protocol(s, err, "untagged response without a name");
    char *name = g_ascii_strup(tk_str(tk), (gssize)tk->size);
    gboolean ok = TRUE;
    if (!has_num &&
        (strcmp(name, "OK") == 0 || strcmp(name, "NO") == 0 || strcmp(name, "BAD") == 0 ||
         strcmp(name, "BYE") == 0 || strcmp(name, "PREAUTH") == 0)) {
        ok = read_text(s, text, err);
        if (ok && strcmp(name, "BYE") == 0) {
            g_free(s->bye);
            s->bye = g_strdup(text->str);
        } else if (ok) {
            response_code(s, text->str);
        }
    } else if (has_num && strcmp(name, "EXISTS") == 0) {
        s->exists = num;
        ok = skip_rest(s, tk, err);
    } else {
        int r = fn ? fn(s, name, has_num, num, tk, user, err) : 0;
        ok = r > 0 || (r == 0 && skip_rest(s, tk, err));
    }
    g_free(name);
    return ok;
}

/* Sends "TAG cmd" and reads responses up to the tagged one; text gets the
 * server's words after OK / NO / BAD. */
static cmd_status run(pl_imap *s, const char *cmd, untagged_fn fn, gpointer user, GString *text,
                      GError **err)
{
    if (s->broken) {
        g_set_error_literal(err, PARLEY_ERROR, PL_ERR_IO, "the connection is no longer usable");
        return ST_FAILED;
    }
    char tag[16];
    g_snprintf(tag, sizeof tag, "p%u", ++s->tag);
    char *line = g_strdup_printf("%s %s\r\n", tag, cmd);
    gboolean sent = s->io->send(s->io_data, line, strlen(line), err);
    g_free(line);
    if (!sent) {
        s->broken = TRUE;
        return ST_FAILED;
    }
    token tk = {.val = g_byte_array_new()};
    cmd_status st = ST_FAILED;
    for (;;) {
        if (!next_token(s, &tk, 0, err))
            break;
        if (tk.kind == TK_EOL)
            continue; /* a stray empty line */
        if (tk.kind != TK_ATOM) {
            protocol(s, err, "a response that does not start with a tag");
            break;
        }
        if (strcmp(tk_str(&tk), "*") == 0) {
            if (!untagged(s, &tk, fn, user, text, err))
                break;
        } else if (strcmp(tk_str(&tk), "+") == 0) {
            if (!read_text(s, text, err)) /* we never send literals */
                break;
        } else if (strcmp(tk_str(&tk), tag) == 0) {
            if (!next_token(s, &tk, 0, err) || !read_text(s, text, err))
                break;
            st = tk_is(&tk, "OK") ? ST_OK : tk_is(&tk, "NO") ? ST_NO : ST_BAD;
            break;
        } else if (!skip_rest(s, &tk, err)) {
            break;
        }
    }
    g_byte_array_unref(tk.val);
    return st;
}

/* A mailbox name as an IMAP quoted string. */
static char *quoted(const char *name)
{
    GString *q = g_string_new("\"");
    for (const char *p = name; *p; p++) {
        if (*p == '"' || *p == '\\')
            g_string_append_c(q, '\\');
        g_string_append_c(q, *p);
    }
    g_string_append_c(q, '"');
    return g_string_free(q, FALSE);
}

static gboolean refused(GError **err, cmd_status st, const char *what, const GString *text)
{
    if (st == ST_FAILED)
        return FALSE;
    g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND, "the server refused %s (%s %s)", what,
                st == ST_NO ? "NO" : "BAD", text->str);
    return FALSE;
}

/* "* LIST (\flags) "/" name" */
static int on_list(pl_imap *s, const char *name, gboolean has_num, guint64 num, token *tk,
                   gpointer user, GError **err)
{
    GPtrArray *names = user;
    if (has_num || strcmp(name, "LIST") != 0)
        return 0;
    if (!next_token(s, tk, 0, err))
        return -1;
    if (tk->kind != TK_LPAREN)
        return proto_fail(s, err, "LIST without flags");
    gboolean selectable = TRUE;
    for (;;) {
        if (!next_token(s, tk, 0, err))
            return -1;
        if (tk->kind == TK_RPAREN)
            break;
        if (tk->kind == TK_EOL)
            return proto_fail(s, err, "unterminated LIST flags");
        if (tk_is(tk, "\\Noselect") || tk_is(tk, "\\NonExistent"))
            selectable = FALSE;
    }
    /* The hierarchy delimiter, then the name (atom, string or literal). */
    if (!next_token(s, tk, 0, err) || !next_token(s, tk, NAME_MAX_LIT, err))
        return -1;
    if ((tk->kind != TK_ATOM && tk->kind != TK_STRING) || tk->dropped || !tk->size)
        return proto_fail(s, err, "LIST without a folder name");
    if (selectable) {
        const char *n = tk_str(tk);
        pl_strv_add_unique(names,
                           g_ascii_strcasecmp(n, "INBOX") == 0 ? g_strdup("INBOX") : g_strdup(n));
    }
    return skip_rest(s, tk, err) ? 1 : -1;
}

gboolean pl_imap_list(pl_imap *s, GPtrArray *names, GError **err)
{
    GString *text = g_string_new(NULL);
    cmd_status st = run(s, "LIST \"\" \"*\"", on_list, names, text, err);
    gboolean ok = st == ST_OK || refused(err, st, "to list its folders", text);
    g_string_free(text, TRUE);
    return ok;
}

gboolean pl_imap_examine(pl_imap *s, const char *folder, pl_imap_folder *out, GError **err)
{
    s->uidvalidity = s->uidnext = s->exists = 0;
    char *q = quoted(folder);
    char *cmd = g_strconcat("EXAMINE ", q, NULL);
    GString *text = g_string_new(NULL);
    cmd_status st = run(s, cmd, NULL, NULL, text, err);
    gboolean ok = st == ST_OK;
    if (!ok && st != ST_FAILED)
        g_set_error(err, PARLEY_ERROR, PL_ERR_NOTFOUND,
                    "no such folder on the server, or it cannot be opened (%s %s)",
                    st == ST_NO ? "NO" : "BAD", text->str);
    out->uidvalidity = s->uidvalidity;
    out->uidnext = s->uidnext;
    out->exists = s->exists;
    g_string_free(text, TRUE);
    g_free(cmd);
    g_free(q);
    return ok;
}

typedef struct {
    GArray *uids;
    guint32 from;
} search_ctx;

/* "* SEARCH 1 4 9" */
static int on_search(pl_imap *s, const char *name, gboolean has_num, guint64 num, token *tk,
                     gpointer user, GError **err)
{
    search_ctx *c = user;
    if (has_num || strcmp(name, "SEARCH") != 0)
        return 0;
    for (;;) {
        if (!next_token(s, tk, 0, err))
            return -1;
        if (tk->kind == TK_EOL)
            return 1;
        guint64 uid;
        if (tk->kind == TK_LPAREN) { /* (MODSEQ n) of CONDSTORE */
            if (!skip_value(s, tk, err))
                return -1;
        } else if (tk_number(tk, &uid) && uid >= c->from && uid <= G_MAXUINT32) {
            guint32 u = (guint32)uid;
            g_array_append_val(c->uids, u);
        }
    }
}

static int compare_uid(gconstpointer a, gconstpointer b)
{
    guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
    return x < y ? -1 : x > y;
}

gboolean pl_imap_uids_from(pl_imap *s, guint32 from_uid, GArray *uids, GError **err)
{
    g_assert(from_uid > 0);
    /* "n:*" also matches the highest UID when it is below n: filtered. */
    char *cmd = g_strdup_printf("UID SEARCH UID %u:*", from_uid);
    search_ctx c = {uids, from_uid};
    GString *text = g_string_new(NULL);
    cmd_status st = run(s, cmd, on_search, &c, text, err);
    gboolean ok = st == ST_OK || refused(err, st, "to search the folder", text);
    if (ok) {
        g_array_sort(uids, compare_uid);
        guint w = 0; /* drop repeats */
        for (guint i = 0; i < uids->len; i++)
            if (!w || g_array_index(uids, guint32, i) != g_array_index(uids, guint32, w - 1))
                g_array_index(uids, guint32, w++) = g_array_index(uids, guint32, i);
        g_array_set_size(uids, w);
    }
    g_string_free(text, TRUE);
    g_free(cmd);
    return ok;
}

typedef struct {
    pl_imap_msg_cb cb;
    gpointer user;
    token body;
    gboolean cb_failed;
} fetch_ctx;

/* "* 12 FETCH (UID 345 BODY[] {2345}\r\n...)", items in any order. */
static int on_fetch(pl_imap *s, const char *name, gboolean has_num, guint64 num, token *tk,
                    gpointer user, GError **err)
{
    fetch_ctx *c = user;
    if (!has_num || strcmp(name, "FETCH") != 0)
        return 0;
    if (!next_token(s, tk, 0, err))
        return -1;
    if (tk->kind != TK_LPAREN)
        return proto_fail(s, err, "FETCH without a list");
    guint64 uid = 0;
    gint64 internal_ts = 0;
    gboolean has_body = FALSE, body_nil = FALSE;
    for (;;) {
        if (!next_token(s, tk, 0, err))
            return -1;
        if (tk->kind == TK_RPAREN)
            break;
        if (tk->kind != TK_ATOM)
            return proto_fail(s, err, "FETCH item without a name");
        if (tk_is(tk, "UID")) {
            if (!next_token(s, tk, 0, err))
                return -1;
            if (!tk_number(tk, &uid) || uid == 0 || uid > G_MAXUINT32)
                return proto_fail(s, err, "FETCH with a bad UID");
            s->receiving_uid = (guint32)uid;
        } else if (tk_is(tk, "INTERNALDATE")) {
            if (!next_token(s, tk, 0, err))
                return -1;
            internal_ts = tk->kind == TK_STRING ? pl_imap_internaldate(tk_str(tk)) : 0;
        } else if (tk_is(tk, "BODY[]") || tk_is(tk, "RFC822")) {
            if (!next_token(s, &c->body, PL_IMAP_MAX_MESSAGE, err))
                return -1;
            has_body = c->body.kind == TK_STRING;
            body_nil = !has_body;
        } else {
            if (!next_token(s, tk, 0, err) || !skip_value(s, tk, err))
                return -1;
        }
    }
    if (!skip_rest(s, tk, err))
        return -1;
    s->receiving_uid = 0;
    /* Without a body it is a flag update some other client caused. */
    if (!uid || (!has_body && !body_nil))
        return 1;
    s->last_uid = (guint32)uid;
    const char *data = has_body && !c->body.dropped ? tk_str(&c->body) : NULL;
    if (!c->cb((guint32)uid, data, has_body ? c->body.size : 0, internal_ts, c->user, err)) {
        /* Stopped mid-answer: the rest of it is unread, so no more commands. */
        c->cb_failed = TRUE;
        s->broken = TRUE;
        return -1;
    }
    return 1;
}

gboolean pl_imap_fetch(pl_imap *s, const guint32 *uids, guint n, pl_imap_msg_cb cb, gpointer user,
                       GError **err)
{
    g_assert(n > 0);
    char *set = pl_imap_uid_set(uids, n);
    char *cmd = g_strdup_printf("UID FETCH %s (UID INTERNALDATE BODY.PEEK[])", set);
    fetch_ctx c = {cb, user, {.val = g_byte_array_new()}, FALSE};
    GString *text = g_string_new(NULL);
    s->receiving_uid = s->last_uid = 0;
    GError *e = NULL;
    cmd_status st = run(s, cmd, on_fetch, &c, text, &e);
    gboolean ok = st == ST_OK;
    if (st == ST_FAILED && !c.cb_failed) {
        /* Where in the stream it broke, for the user and for resuming. */
        if (s->receiving_uid)
            g_prefix_error(&e, "while receiving UID %u: ", s->receiving_uid);
        else if (s->last_uid)
            g_prefix_error(&e, "after UID %u: ", s->last_uid);
        else
            g_prefix_error(&e, "before the first message (UIDs %s): ", set);
    }
    if (st == ST_FAILED)
        g_propagate_error(err, e);
    else if (!ok)
        refused(err, st, "to send the messages", text);
    g_byte_array_unref(c.body.val);
    g_string_free(text, TRUE);
    g_free(cmd);
    g_free(set);
    return ok;
}
