/* test_imap.c — the IMAP response parser and commands of imap.c over a
 * canned transport: the server's bytes are handed out in small pieces (1,
 * 3, 7 bytes) so every token and literal is split across reads; literals
 * that hold lines looking like our tagged answer or other responses; items
 * in any order; flag updates without a body; a connection dropped inside
 * a literal; an oversized literal read past; LIST, SEARCH, EXAMINE; the
 * UID set, INTERNALDATE and modified UTF-7 helpers. Also
 * pl_mail_parse_bytes: CRLF bytes give the same key as the LF file. */
#include "unit.h"
#include "imap.h"
#include "mail.h"

#include <string.h>

/* ------------------------------------------------------ canned server */

typedef struct {
    GByteArray *script; /* what the server sends, all of it */
    gsize pos, chunk;
    GString *sent; /* what the client sent */
    /* a huge literal made up on the fly: after script[huge_at], huge_len 'x' */
    gsize huge_at;
    guint64 huge_len, huge_done;
} canned;

static gssize c_recv(gpointer io, void *buf, gsize len, GError **err)
{
    canned *c = io;
    (void)err;
    if (c->huge_len && c->pos == c->huge_at && c->huge_done < c->huge_len) {
        gsize n = (gsize)MIN((guint64)len, c->huge_len - c->huge_done);
        memset(buf, 'x', n);
        c->huge_done += n;
        return (gssize)n;
    }
    gsize lim = c->huge_len && c->pos < c->huge_at ? c->huge_at : c->script->len;
    gsize n = MIN(MIN(len, c->chunk), lim - c->pos);
    memcpy(buf, c->script->data + c->pos, n);
    c->pos += n;
    return (gssize)n; /* 0 at the end: the server hung up */
}

static gboolean c_send(gpointer io, const void *buf, gsize len, GError **err)
{
    canned *c = io;
    (void)err;
    g_string_append_len(c->sent, buf, (gssize)len);
    return TRUE;
}

static void c_free(gpointer io, gboolean healthy)
{
    (void)io;
    (void)healthy;
}

static const pl_imap_io canned_io = {c_recv, c_send, c_free};

static pl_imap *session(canned *c, const char *script, gsize len, gsize chunk)
{
    memset(c, 0, sizeof *c);
    c->script = g_byte_array_new();
    g_byte_array_append(c->script, (const guint8 *)script, (guint)len);
    c->chunk = chunk;
    c->sent = g_string_new(NULL);
    return pl_imap_new(&canned_io, c, "imap://test");
}

static void done(canned *c, pl_imap *s)
{
    pl_imap_free(s);
    g_byte_array_unref(c->script);
    g_string_free(c->sent, TRUE);
}

#define SCRIPT(s) s, sizeof(s) - 1

/* ----------------------------------------------------------- fetching */

typedef struct {
    GArray *uids;
    GPtrArray *bodies; /* GBytes, or NULL for no data */
    GArray *sizes, *dates;
} got;

static gboolean on_msg(guint32 uid, const char *data, gsize size, gint64 ts, gpointer user,
                       GError **err)
{
    (void)err;
    got *g = user;
    g_array_append_val(g->uids, uid);
    g_ptr_array_add(g->bodies, data ? g_bytes_new(data, size) : NULL);
    g_array_append_val(g->sizes, size);
    g_array_append_val(g->dates, ts);
    return TRUE;
}

static void got_init(got *g)
{
    g->uids = g_array_new(FALSE, FALSE, sizeof(guint32));
    g->bodies = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    g->sizes = g_array_new(FALSE, FALSE, sizeof(gsize));
    g->dates = g_array_new(FALSE, FALSE, sizeof(gint64));
}

static void got_clear(got *g)
{
    g_array_free(g->uids, TRUE);
    g_ptr_array_free(g->bodies, TRUE);
    g_array_free(g->sizes, TRUE);
    g_array_free(g->dates, TRUE);
}

static void assert_body(got *g, guint i, const char *want)
{
    GBytes *b = g->bodies->pdata[i];
    assert_non_null(b);
    gsize n;
    const char *d = g_bytes_get_data(b, &n);
    assert_int_equal(n, strlen(want));
    assert_memory_equal(d, want, n);
}

/* A literal whose lines look like our tagged answer and like another
 * FETCH; UID after the body; an unsolicited flag update; NIL; EXISTS. */
static const char fetch_script[] =
    "* 1 FETCH (UID 7 INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" BODY[] {56}\r\n"
    "Subject: a\r\n\r\np1 OK fake\r\n* 2 FETCH (UID 8 BODY[] {3}\r\n)"
    ")\r\n"
    "* 3 FETCH (FLAGS (\\Seen))\r\n"
    "* 2 FETCH (BODY[] \"q\\\"x\" FLAGS (\\Seen \\Answered) UID 8)\r\n"
    "* 4 EXISTS\r\n"
    "* 5 FETCH (UID 11 BODY[] NIL)\r\n"
    "p1 OK Fetch completed.\r\n";

static void test_fetch_split_reads(void **state)
{
    (void)state;
    static const gsize chunks[] = {1, 3, 7, 4096};
    for (guint k = 0; k < G_N_ELEMENTS(chunks); k++) {
        canned c;
        pl_imap *s = session(&c, SCRIPT(fetch_script), chunks[k]);
        got g;
        got_init(&g);
        guint32 uids[] = {7, 8, 9, 10, 11};
        GError *err = NULL;
        assert_true(pl_imap_fetch(s, uids, 5, on_msg, &g, &err));
        assert_null(err);
        assert_string_equal(c.sent->str, "p1 UID FETCH 7:11 (UID INTERNALDATE BODY.PEEK[])\r\n");
        assert_int_equal(g.uids->len, 3);
        assert_int_equal(g_array_index(g.uids, guint32, 0), 7);
        assert_body(&g, 0, "Subject: a\r\n\r\np1 OK fake\r\n* 2 FETCH (UID 8 BODY[] {3}\r\n)");
        assert_int_equal(g_array_index(g.dates, gint64, 0), 837596665);
        assert_int_equal(g_array_index(g.uids, guint32, 1), 8);
        assert_body(&g, 1, "q\"x");
        assert_int_equal(g_array_index(g.uids, guint32, 2), 11);
        assert_null(g.bodies->pdata[2]); /* NIL: reported without data */
        assert_int_equal(g_array_index(g.sizes, gsize, 2), 0);
        assert_false(pl_imap_broken(s));
        got_clear(&g);
        done(&c, s);
    }
}

static void test_fetch_dropped(void **state)
{
    (void)state;
    canned c;
    pl_imap *s = session(&c,
                         SCRIPT("* 1 FETCH (UID 3 BODY[] {4}\r\nabcd)\r\n"
                                "* 2 FETCH (UID 5 BODY[] {100}\r\nonly part"),
                         5);
    got g;
    got_init(&g);
    guint32 uids[] = {3, 5};
    GError *err = NULL;
    assert_false(pl_imap_fetch(s, uids, 2, on_msg, &g, &err));
    assert_non_null(err);
    assert_non_null(strstr(err->message, "while receiving UID 5"));
    assert_non_null(strstr(err->message, "the server closed the connection"));
    assert_true(pl_imap_broken(s));
    assert_int_equal(g.uids->len, 1); /* the complete message was delivered */
    g_clear_error(&err);
    /* Nothing more is sent over a broken session. */
    assert_false(pl_imap_examine(s, "INBOX", &(pl_imap_folder){0}, &err));
    g_clear_error(&err);
    got_clear(&g);
    done(&c, s);

    s = session(&c, SCRIPT("* 1 FETCH (UID 3 BODY[] {4}\r\nabcd)\r\n* BYE shutting down\r\n"), 64);
    got_init(&g);
    assert_false(pl_imap_fetch(s, uids, 2, on_msg, &g, &err));
    assert_non_null(strstr(err->message, "after UID 3"));
    assert_non_null(strstr(err->message, "shutting down"));
    g_clear_error(&err);
    got_clear(&g);
    done(&c, s);
}

static void test_fetch_oversized(void **state)
{
    (void)state;
    canned c;
    char head[128];
    guint64 big = (guint64)PL_IMAP_MAX_MESSAGE + 1;
    g_snprintf(head, sizeof head, "* 1 FETCH (UID 9 BODY[] {%" G_GUINT64_FORMAT "}\r\n", big);
    char *script = g_strconcat(head, ")\r\np1 OK done\r\n", NULL);
    pl_imap *s = session(&c, script, strlen(script), 65536);
    c.huge_at = strlen(head);
    c.huge_len = big;
    got g;
    got_init(&g);
    guint32 uid = 9;
    GError *err = NULL;
    assert_true(pl_imap_fetch(s, &uid, 1, on_msg, &g, &err));
    assert_int_equal(g.uids->len, 1);
    assert_null(g.bodies->pdata[0]); /* read past, not kept */
    assert_int_equal(g_array_index(g.sizes, gsize, 0), big);
    got_clear(&g);
    done(&c, s);
    g_free(script);
}

/* ------------------------------------------------ other commands */

static void test_examine(void **state)
{
    (void)state;
    canned c;
    pl_imap *s = session(&c,
                         SCRIPT("* FLAGS (\\Answered \\Seen)\r\n* OK [PERMANENTFLAGS ()] ro\r\n"
                                "* 172 EXISTS\r\n* 0 RECENT\r\n"
                                "* OK [UIDVALIDITY 3857529045] UIDs valid\r\n"
                                "* OK [UIDNEXT 4392] Predicted next UID\r\n"
                                "p1 OK [READ-ONLY] Examine completed\r\n"
                                "p2 NO Mailbox doesn't exist: Nope\r\n"),
                         3);
    pl_imap_folder f;
    GError *err = NULL;
    assert_true(pl_imap_examine(s, "Sent \"old\"", &f, &err));
    assert_string_equal(c.sent->str, "p1 EXAMINE \"Sent \\\"old\\\"\"\r\n");
    assert_int_equal(f.uidvalidity, 3857529045u);
    assert_int_equal(f.uidnext, 4392);
    assert_int_equal(f.exists, 172);
    assert_false(pl_imap_examine(s, "Nope", &f, &err));
    assert_int_equal(err->code, PL_ERR_NOTFOUND);
    assert_non_null(strstr(err->message, "Mailbox doesn't exist: Nope"));
    assert_false(pl_imap_broken(s)); /* a NO leaves the session usable */
    g_clear_error(&err);
    done(&c, s);
}

static void test_list_and_search(void **state)
{
    (void)state;
    canned c;
    pl_imap *s = session(&c,
                         SCRIPT("* LIST (\\HasNoChildren) \".\" inbox\r\n"
                                "* LIST (\\Noselect \\HasChildren) \".\" \"Archive\"\r\n"
                                "* LIST (\\HasNoChildren) \".\" \"Archive.2019\"\r\n"
                                "* LIST () NIL {9}\r\nSent Mail\r\n"
                                "* LIST (\\HasNoChildren) \".\" \"Auftr&AOQ-ge\"\r\n"
                                "p1 OK List completed\r\n"
                                "* SEARCH 12 5 9 12 3\r\n"
                                "p2 OK Search completed\r\n"),
                         2);
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GError *err = NULL;
    assert_true(pl_imap_list(s, names, &err));
    assert_int_equal(names->len, 4);
    assert_string_equal(names->pdata[0], "INBOX");
    assert_string_equal(names->pdata[1], "Archive.2019");
    assert_string_equal(names->pdata[2], "Sent Mail");
    assert_string_equal(names->pdata[3], "Auftr&AOQ-ge");
    GArray *uids = g_array_new(FALSE, FALSE, sizeof(guint32));
    assert_true(pl_imap_uids_from(s, 5, uids, &err));
    assert_non_null(strstr(c.sent->str, "p2 UID SEARCH UID 5:*\r\n"));
    assert_int_equal(uids->len, 3); /* 3 is below 5; 12 once */
    assert_int_equal(g_array_index(uids, guint32, 0), 5);
    assert_int_equal(g_array_index(uids, guint32, 1), 9);
    assert_int_equal(g_array_index(uids, guint32, 2), 12);
    g_array_free(uids, TRUE);
    g_ptr_array_free(names, TRUE);
    done(&c, s);
}

static void test_not_imap(void **state)
{
    (void)state;
    canned c;
    pl_imap *s = session(&c, SCRIPT("p1 OK fine\r\n(\r\n"), 16);
    GError *err = NULL;
    pl_imap_folder f;
    assert_true(pl_imap_examine(s, "INBOX", &f, &err));
    assert_false(pl_imap_examine(s, "INBOX", &f, &err));
    assert_int_equal(err->code, PL_ERR_PARSE);
    assert_true(pl_imap_broken(s));
    g_clear_error(&err);
    done(&c, s);
}

/* ------------------------------------------------------------ helpers */

static void test_helpers(void **state)
{
    (void)state;
    guint32 u[] = {1, 2, 3, 5, 7, 8, 10};
    char *set = pl_imap_uid_set(u, G_N_ELEMENTS(u));
    assert_string_equal(set, "1:3,5,7:8,10");
    g_free(set);
    assert_int_equal(pl_imap_internaldate("17-Jul-1996 02:44:25 -0700"), 837596665);
    assert_int_equal(pl_imap_internaldate(" 2-Feb-2026 01:30:00 +0100"), 1769992200);
    assert_int_equal(pl_imap_internaldate("2026-02-02"), 0);
    static const char *pairs[][2] = {
        {"INBOX", "INBOX"}, {"Aufträge", "Auftr&AOQ-ge"},
        {"R&D", "R&-D"},    {"~peter/mail/日本語/台北", "~peter/mail/&ZeVnLIqe-/&U,BTFw-"},
        {"☺!", "&Jjo-!"},
    };
    for (guint i = 0; i < G_N_ELEMENTS(pairs); i++) {
        char *e = pl_imap_utf7_encode(pairs[i][0]);
        assert_string_equal(e, pairs[i][1]);
        char *d = pl_imap_utf7_decode(e);
        assert_string_equal(d, pairs[i][0]);
        g_free(e);
        g_free(d);
    }
    assert_null(pl_imap_utf7_decode("&Jjo")); /* unterminated */
    assert_null(pl_imap_utf7_decode("a&*-")); /* not base64 */
    assert_null(pl_imap_utf7_decode("Stra\xc3\x9f"
                                    "e")); /* 8-bit */
}

/* The bytes a server sends (CRLF) give the event the LF file gives. */
static void test_parse_bytes(void **state)
{
    (void)state;
    const char *lf = "From: Ann <ann@x.example>\nTo: bob@y.example\nSubject: Hello\n"
                     "Date: Mon, 2 Feb 2026 10:00:00 +0000\nMessage-ID: <m1@x.example>\n\n"
                     "Hi Bob,\nthe quote is attached.\n";
    GString *crlf = g_string_new(NULL);
    for (const char *p = lf; *p; p++)
        g_string_append(crlf, *p == '\n' ? "\r\n" : (char[]){*p, 0});
    char *dir = g_dir_make_tmp("parley-imap-XXXXXX", NULL);
    char *path = g_build_filename(dir, "m.eml", NULL);
    assert_true(g_file_set_contents(path, lf, -1, NULL));
    pl_mail_opts o = {.store_body = TRUE};
    GError *err = NULL;
    pl_event *a = pl_mail_parse_file(path, &o, &err);
    pl_event *b = pl_mail_parse_bytes(crlf->str, crlf->len, &o, &err);
    assert_non_null(a);
    assert_non_null(b);
    assert_string_equal(a->source_key, b->source_key);
    assert_string_equal(a->body, b->body);
    assert_int_equal(a->ts, b->ts);
    assert_int_equal(a->words, b->words);
    pl_event_free(a);
    pl_event_free(b);
    assert_null(pl_mail_parse_bytes("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, &o, &err));
    assert_int_equal(err->code, PL_ERR_PARSE);
    g_clear_error(&err);
    assert_null(pl_mail_parse_bytes("", 0, &o, &err));
    g_clear_error(&err);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    g_string_free(crlf, TRUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fetch_split_reads), cmocka_unit_test(test_fetch_dropped),
        cmocka_unit_test(test_fetch_oversized),   cmocka_unit_test(test_examine),
        cmocka_unit_test(test_list_and_search),   cmocka_unit_test(test_not_imap),
        cmocka_unit_test(test_helpers),           cmocka_unit_test(test_parse_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
