/* test_mail.c — mail messages to events (mail.c, mail_addr.c, mail_flags.c,
 * the body side of mail_text.c): small messages written inline, real messages
 * from the shared corpus ($PARLEY_CORPUS; those cases skip when it is absent),
 * mbox iteration and files that are not mail at all. The pure text helpers
 * (words, subjects, HTML) are in test_mail_text.c. */
#include "unit.h"
#include "mail.h"

#include <errno.h>
#include <string.h>

#define assert_error(e, dom, c)                                                                    \
    do {                                                                                           \
        assert_non_null(e);                                                                        \
        assert_int_equal((e)->domain, dom);                                                        \
        assert_int_equal((e)->code, c);                                                            \
        assert_true((e)->message &&*(e)->message);                                                 \
    } while (0)

static char *tmpdir;
static const char *corpus;

static int setup(void **state)
{
    (void)state;
    pl_mail_init();
    tmpdir = g_dir_make_tmp("parley-mail-XXXXXX", NULL);
    corpus = g_getenv("PARLEY_CORPUS");
    if (corpus && !g_file_test(corpus, G_FILE_TEST_IS_DIR))
        corpus = NULL;
    return tmpdir ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = g_strdup_printf("rm -rf '%s'", tmpdir);
    int rc = system(cmd);
    g_free(cmd);
    g_free(tmpdir);
    return rc;
}

/* Path under the corpus, or skips the test with a reason. */
static char *corpus_path(const char *rel)
{
    if (!corpus) {
        print_message("PARLEY_CORPUS not set or missing: skipping corpus case\n");
        skip();
    }
    char *p = g_build_filename(corpus, rel, NULL);
    if (!g_file_test(p, G_FILE_TEST_EXISTS)) {
        print_message("%s missing: skipping\n", p);
        g_free(p);
        skip();
    }
    return p;
}

static char *write_tmp(const char *name, const char *data, gssize len)
{
    char *p = g_build_filename(tmpdir, name, NULL);
    assert_true(g_file_set_contents(p, data, len, NULL));
    return p;
}

/* Parses an inline message through the file path (sniffing included). */
static pl_event *parse_opts(const char *text, const pl_mail_opts *o)
{
    char *p = write_tmp("msg.eml", text, -1);
    GError *err = NULL;
    pl_event *ev = pl_mail_parse_file(p, o, &err);
    if (!ev)
        fail_msg("parse failed: %s", err->message);
    g_free(p);
    return ev;
}

static pl_event *parse(const char *text)
{
    pl_mail_opts o = {.store_body = TRUE};
    return parse_opts(text, &o);
}

static const pl_participant *find_role(const pl_event *ev, pl_role role, guint nth)
{
    for (guint i = 0; i < ev->participants->len; i++) {
        const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        if (p->role == role && nth-- == 0)
            return p;
    }
    return NULL;
}

#define HDR "From: Jane Doe <jane@example.com>\nTo: bob@example.org\n"
#define DATE "Date: Mon, 29 Apr 2019 02:01:27 +0200\n"

/* ------------------------------------------------------------ headers */

static void test_rfc2047_subjects(void **state)
{
    (void)state;
    pl_event *ev = parse(HDR DATE "Subject: =?ISO-8859-1?Q?Caf=E9_cr=E8me?=\n\nx\n");
    assert_string_equal(ev->subject, "Café crème");
    pl_event_free(ev);

    /* "Grüße aus Köln" in UTF-8, base64 */
    ev = parse(HDR DATE "Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=\n\nx\n");
    assert_string_equal(ev->subject, "Grüße aus Köln");
    pl_event_free(ev);

    ev = parse(HDR DATE "Subject: =?x-no-such-charset?Q?abc=E9def?=\n\nx\n");
    assert_non_null(ev->subject);
    assert_true(g_utf8_validate(ev->subject, -1, NULL));
    assert_non_null(strstr(ev->subject, "abc"));
    pl_event_free(ev);

    /* Raw 8-bit headers: latin-1 and UTF-8 bytes, decoded by the fallbacks. */
    ev = parse("From: Ren\xe9 <rene@example.com>\n" DATE "Subject: Caf\xe9\n\nx\n");
    assert_string_equal(ev->subject, "Café");
    assert_string_equal(pl_event_author(ev)->name, "René");
    pl_event_free(ev);
    ev = parse(HDR DATE "Subject: Gr\xc3\xbc\xc3\x9f"
                        "e\n\nx\n");
    assert_string_equal(ev->subject, "Grüße");
    pl_event_free(ev);
}

static void test_ids_and_refs(void **state)
{
    (void)state;
    pl_event *ev = parse(HDR DATE "Subject: s\nMessage-ID:  <own@x.example> \n"
                                  "References: <a@x> <b@x>\n <own@x.example> <a@x>\n"
                                  "In-Reply-To: <c@x> (Jane's message)\n\nbody\n");
    assert_string_equal(ev->message_id, "own@x.example");
    assert_int_equal(ev->refs->len, 3);
    assert_string_equal(g_ptr_array_index(ev->refs, 0), "a@x");
    assert_string_equal(g_ptr_array_index(ev->refs, 1), "b@x");
    assert_string_equal(g_ptr_array_index(ev->refs, 2), "c@x");
    assert_true(g_str_has_prefix(ev->source_key, "mid:own@x.example:"));
    assert_int_equal(ev->channel, PL_CH_EMAIL);
    assert_int_equal(ev->direction, PL_DIR_UNKNOWN);
    pl_event_free(ev);

    /* In-Reply-To already last in References is not repeated. */
    ev = parse(HDR DATE "Subject: s\nReferences: <a@x> <b@x>\nIn-Reply-To: <b@x>\n\nbody\n");
    assert_int_equal(ev->refs->len, 2);
    assert_null(ev->message_id);
    assert_true(g_str_has_prefix(ev->source_key, "sha:"));
    pl_event_free(ev);
}

static void test_participants_groups(void **state)
{
    (void)state;
    pl_event *ev = parse("From: \"Doe, Jane\" <Jane@Example.COM>\n"
                         "To: Team: a@one.example, \"B\" <b@two.example>;, c@three.example\n"
                         "Cc: undisclosed-recipients:;\nBcc: d@four.example\n"
                         "Reply-To: help@example.com\n" DATE "Subject: s\n\nhello\n");
    const pl_participant *a = pl_event_author(ev);
    assert_string_equal(a->value, "jane@example.com");
    assert_string_equal(a->name, "Doe, Jane");
    assert_string_equal(find_role(ev, PL_ROLE_TO, 0)->value, "a@one.example");
    assert_string_equal(find_role(ev, PL_ROLE_TO, 1)->value, "b@two.example");
    assert_string_equal(find_role(ev, PL_ROLE_TO, 2)->value, "c@three.example");
    assert_null(find_role(ev, PL_ROLE_CC, 0));
    assert_string_equal(find_role(ev, PL_ROLE_BCC, 0)->value, "d@four.example");
    assert_string_equal(find_role(ev, PL_ROLE_REPLY_TO, 0)->value, "help@example.com");
    pl_event_free(ev);
}

/* The corpus example: Mailman rewrote From for DMARC. */
static const char *const list_msg =
    "From: \"Marcus D. Leech via USRP-users\" <usrp-users@lists.ettus.com>\n"
    "Reply-To: \"Marcus D. Leech\" <patchvonbraun@gmail.com>\n"
    "To: usrp-users@lists.ettus.com\n" DATE "Subject: Re: [USRP-users] B210 clock\n"
    "Precedence: list\nList-Id: USRP-related discussion <usrp-users.lists.ettus.com>\n"
    "List-Unsubscribe: <http://lists.ettus.com/mailman/options/usrp-users>\n"
    "List-Post: <mailto:usrp-users@lists.ettus.com>\n\nUse the external reference.\n";

static void test_list_rewrite(void **state)
{
    (void)state;
    pl_event *ev = parse(list_msg);
    const pl_participant *a = pl_event_author(ev);
    assert_string_equal(a->value, "patchvonbraun@gmail.com");
    assert_string_equal(a->name, "Marcus D. Leech");
    const pl_participant *l = find_role(ev, PL_ROLE_LIST, 0);
    assert_non_null(l);
    assert_string_equal(l->value, "usrp-users@lists.ettus.com");
    assert_null(find_role(ev, PL_ROLE_TO, 0)); /* the list is not a recipient person */
    assert_int_equal(ev->flags, PL_EV_LIST);
    pl_event_free(ev);

    /* From = List-Post address without "via": Reply-To's name is used. */
    ev = parse("From: USRP-users <usrp-users@lists.ettus.com>\n"
               "Reply-To: Joe Martin <joe@example.net>\nTo: usrp-users@lists.ettus.com\n" DATE
               "Subject: s\nList-Post: <mailto:usrp-users@lists.ettus.com>\n\nhi\n");
    assert_string_equal(pl_event_author(ev)->value, "joe@example.net");
    assert_string_equal(pl_event_author(ev)->name, "Joe Martin");
    pl_event_free(ev);

    /* Two Reply-To mailboxes: no way to know the author, From stays. */
    ev = parse("From: \"Joe via L\" <l@lists.example>\nReply-To: a@x.example, b@y.example\n" DATE
               "Subject: s\nList-Post: <mailto:l@lists.example>\n\nhi\n");
    assert_string_equal(pl_event_author(ev)->value, "l@lists.example");
    pl_event_free(ev);
}

static void test_list_rewrite_corpus(void **state)
{
    (void)state;
    char *p = corpus_path("mail/usrp-users/cur/usrp.000252.24c911492f3f:2,S");
    GError *err = NULL;
    pl_event *ev = pl_mail_parse_file(p, NULL, &err);
    assert_non_null(ev);
    /* From: =?utf-8?b?...?= "Андрей 1 via USRP-users", Reply-To in koi8-r */
    assert_string_equal(pl_event_author(ev)->value, "andrew4010@rambler.ru");
    assert_string_equal(pl_event_author(ev)->name, "Андрей 1");
    assert_string_equal(find_role(ev, PL_ROLE_LIST, 0)->value, "usrp-users@lists.ettus.com");
    assert_true(ev->flags & PL_EV_LIST);
    assert_false(ev->flags & PL_EV_AUTOMATED);
    assert_null(ev->body); /* NULL opts: metadata only */
    assert_true(ev->words > 40);
    pl_event_free(ev);
    g_free(p);
}

/* ---------------------------------------------------------- automated */

static void check_flags(const char *extra, const char *subject, const char *from, guint want)
{
    char *msg = g_strdup_printf("From: %s\nTo: bob@example.org\n" DATE "Subject: %s\n%s\nbody\n",
                                from ? from : "Jane <jane@example.com>", subject, extra);
    pl_event *ev = parse(msg);
    guint got = ev->flags & (PL_EV_AUTOMATED | PL_EV_AUTOREPLY | PL_EV_BULK | PL_EV_LIST);
    if (got != want)
        fail_msg("flags 0x%x, want 0x%x for:\n%s", got, want, msg);
    pl_event_free(ev);
    g_free(msg);
}

static void test_automated_markers(void **state)
{
    (void)state;
    const guint AR = PL_EV_AUTOREPLY | PL_EV_AUTOMATED, BK = PL_EV_BULK | PL_EV_AUTOMATED;
    check_flags("Auto-Submitted: auto-replied\n", "Re: hi", NULL, AR);
    check_flags("Auto-Submitted: auto-generated; owner=x\n", "hi", NULL, AR);
    check_flags("Auto-Submitted: no\n", "hi", NULL, 0);
    check_flags("X-Autoreply: yes\n", "hi", NULL, AR);
    check_flags("X-Autorespond: on\n", "hi", NULL, AR);
    check_flags("X-Autogenerated: Reply\n", "hi", NULL, AR);
    check_flags("Precedence: auto_reply\n", "hi", NULL, AR);
    check_flags("X-Precedence: auto_reply\n", "hi", NULL, AR);
    check_flags("", "Out of Office: back Monday", NULL, AR);
    check_flags("", "Automatic reply: hi", NULL, AR);
    check_flags("", "Auto-Reply: hi", NULL, AR);
    check_flags("", "Autoreply hi", NULL, AR);
    check_flags("", "Abwesenheitsnotiz: hi", NULL, AR);
    check_flags("", "Absence du bureau", NULL, AR);
    check_flags("", "AutoReply: hi", NULL, AR);
    /* Vendor variants of the auto-responder marks. */
    check_flags("X-Autoresponder: yes\n", "hi", NULL, AR);
    check_flags("X-AutoReply-From: jane@example.com\n", "hi", NULL, AR);
    check_flags("X-Mail-Autoreply: yes\n", "hi", NULL, AR);
    check_flags("X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent\n", "hi", NULL, AR);
    check_flags("X-MS-Exchange-Inbox-Rules-Loop: jane@example.com\n", "hi", NULL, AR);
    check_flags("X-FC-MachineGenerated: true\n", "hi", NULL, AR);
    check_flags("X-POST-MessageClass: 9; Autoresponder\n", "hi", NULL, AR);
    check_flags("X-Mailer: Autoresponder 2.0\n", "hi", NULL, AR);
    check_flags("X-Mailer: vacation 1.2.7\n", "hi", NULL, AR);
    check_flags("X-Mailer: Microsoft Outlook 16.0\n", "hi", NULL, 0);
    check_flags("Precedence: auto-reply\n", "hi", NULL, AR);
    /* Auto-reply subjects in the languages Outlook and others ship, after
     * a list tag too; the weak "Auto:" only on a reply. */
    check_flags("", "Out of the Office: back Monday", NULL, AR);
    check_flags("", "OOF: hi", NULL, AR);
    check_flags("", "OOO: hi", NULL, AR);
    check_flags("", "Automatic response: Meeting", NULL, AR);
    check_flags("", "Auto Response: hi", NULL, AR);
    check_flags("", "Réponse automatique : Devis", NULL, AR);
    check_flags("", "RÉPONSE AUTOMATIQUE: Devis", NULL, AR);
    check_flags("", "Absent du bureau: Devis", NULL, AR);
    check_flags("", "Automatische Antwort: Angebot", NULL, AR);
    check_flags("", "Automatisch antwoord: Offerte", NULL, AR);
    check_flags("", "Respuesta automática: Oferta", NULL, AR);
    check_flags("", "Risposta automatica: Offerta", NULL, AR);
    check_flags("", "Autosvar: Offert", NULL, AR);
    check_flags("", "Автоматический ответ: Предложение", NULL, AR);
    check_flags("", "自动回复: 报价", NULL, AR);
    check_flags("", "[USRP-users] Out of Office: Re: B210", NULL, AR);
    check_flags("", "[ILUG] Dermot Beirne/Dublin/IE/Exel is out of the office.", NULL, AR);
    check_flags("", "Re: [ILUG] Dermot Beirne/Dublin/IE/Exel is out of the office.", NULL, 0);
    check_flags("In-Reply-To: <a@example.com>\n", "Auto: Re: hi", NULL, AR);
    check_flags("", "Auto: new arrivals", NULL, 0);
    check_flags("", "Automatically stop executing grc", NULL, 0);
    check_flags("", "Automatic Gain Control", NULL, 0);
    /* A request not to send auto-replies is not one. */
    check_flags("X-Auto-Response-Suppress: All\n", "hi", NULL, 0);
    check_flags("Precedence: bulk\n", "hi", NULL, BK);
    check_flags("Precedence: junk\n", "hi", NULL, BK);
    check_flags("List-Unsubscribe: <mailto:u@news.example>\n", "Deals", NULL, BK);
    check_flags("", "Your order", "Shop <noreply@shop.example>", BK);
    check_flags("", "Your order", "no-reply@shop.example", BK);
    check_flags("", "Your order", "donotreply@shop.example", BK);
    check_flags("", "Your order", "do-not-reply@shop.example", BK);
    check_flags("", "x", "notifications@github.example", BK);
    check_flags("", "x", "notification@x.example", BK);
    check_flags("", "Undelivered", "MAILER-DAEMON@mx.example", BK);
    check_flags("", "x", "postmaster@mx.example", BK);
    check_flags("", "x", "bounce@x.example", BK);
    check_flags("", "x", "bounces+123@x.example", BK);
    check_flags("", "x", "news@x.example", BK);
    check_flags("", "x", "newsletter@x.example", BK);
    check_flags("Return-Path: <>\n", "x", NULL, BK);
    check_flags("Feedback-ID: 1:campaign:esp\n", "x", NULL, BK);
    check_flags("X-Campaign-Id: 77\n", "x", NULL, BK);
    check_flags("MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status;"
                " boundary=b\n\n--b\nContent-Type: text/plain\n\nfailed\n--b--\n",
                "Delivery Status Notification", NULL, BK);
    /* Not machines: ordinary local parts that merely contain the words. */
    check_flags("", "x", "newsom@x.example", 0);
    check_flags("", "x", "bouncer.jones@x.example", 0);
    /* Human list mail: List-Post present, so List-Unsubscribe and
     * Precedence: list/bulk do not make it bulk. */
    check_flags("Precedence: bulk\nList-Id: <l.x.example>\nList-Unsubscribe: <mailto:u@x>\n"
                "List-Post: <mailto:l@x.example>\n",
                "Re: question", NULL, PL_EV_LIST);
    /* An old list without List-Post, posted To the list (Mailman 2.0). */
    check_flags("Precedence: bulk\nList-Id: Irish Linux Users' Group <ilug.linux.ie>\n"
                "Cc: ilug@linux.ie\n",
                "Re: [ILUG] disks", NULL, PL_EV_LIST);
    /* Newsletter behind a list manager, with no posting address. */
    check_flags("List-Id: <news.shop.example>\nList-Unsubscribe: <mailto:u@shop.example>\n"
                "List-Post: NO\n",
                "Deals", NULL, BK);
}

/* --------------------------------------------------------------- dates */

static void test_dates(void **state)
{
    (void)state;
    pl_mail_opts o = {.fallback_ts = 1234567890};
    pl_event *ev = parse_opts(HDR "Subject: s\n\nx\n", &o);
    assert_true(ev->flags & PL_EV_DATE_MISSING);
    assert_false(ev->flags & PL_EV_DATE_BAD);
    assert_int_equal(ev->ts, 1234567890);
    pl_event_free(ev);

    ev = parse_opts("Received: from a by b; Tue, 30 Apr 2019 10:00:00 +0000\n"
                    "Received: from c by d; Mon, 29 Apr 2019 10:00:00 +0000\n" HDR
                    "Subject: s\n\nx\n",
                    &o);
    assert_true(ev->flags & PL_EV_DATE_MISSING);
    assert_int_equal(ev->ts, 1556618400); /* the topmost (newest) Received */
    pl_event_free(ev);

    ev = parse_opts(HDR "Date: the day after tomorrow\nSubject: s\n\nx\n", &o);
    assert_true(ev->flags & PL_EV_DATE_BAD);
    assert_false(ev->flags & PL_EV_DATE_MISSING);
    assert_int_equal(ev->ts, 1234567890);
    pl_event_free(ev);

    ev = parse_opts(HDR "Date: Sun, 25 Aug 0102 03:37:45 +1100\nSubject: s\n\nx\n", &o);
    assert_true(ev->flags & PL_EV_DATE_BAD); /* year 102, as in the SpamAssassin spam */
    pl_event_free(ev);

    pl_mail_opts none = {0};
    ev = parse_opts(HDR "Date: garbage\nSubject: s\n\nx\n", &none);
    assert_true(ev->flags & PL_EV_DATE_BAD);
    assert_int_equal(ev->ts, 0);
    pl_event_free(ev);

    /* No zone and -0000 are UTC. */
    ev = parse(HDR "Date: Mon, 29 Apr 2019 02:01:27\nSubject: s\n\nx\n");
    assert_int_equal(ev->ts, 1556503287);
    assert_int_equal(ev->flags & (PL_EV_DATE_BAD | PL_EV_DATE_MISSING), 0);
    pl_event_free(ev);
    ev = parse(HDR "Date: Mon, 29 Apr 2019 02:01:27 -0000\nSubject: s\n\nx\n");
    assert_int_equal(ev->ts, 1556503287);
    pl_event_free(ev);
    ev = parse(HDR DATE "Subject: s\n\nx\n");
    assert_int_equal(ev->ts, 1556496087);
    pl_event_free(ev);

    /* The mbox envelope line of a single file is a fallback too. */
    ev =
        parse_opts("From jane@example.com  Thu Apr 14 11:00:00 2005\n" HDR "Subject: s\n\nx\n", &o);
    assert_int_equal(ev->ts, 1113476400);
    assert_string_equal(ev->subject, "s");
    pl_event_free(ev);
}

/* ----------------------------------------------------------------- keys */

static void test_source_keys(void **state)
{
    (void)state;
    const char *a = "Received: from a by b; Mon, 29 Apr 2019 10:00:00 +0000\n"
                    "Delivered-To: me@example.org\n" HDR DATE
                    "Message-ID: <same@x>\nSubject: s\n\nfirst body\n";
    const char *b =
        "Received: from q by r; Tue, 30 Apr 2019 11:00:00 +0000\n"
        "Return-Path: <bounce-77@example.com>\nDelivered-To: other@example.org\n" HDR DATE
        "Message-ID: <same@x>\nSubject: s\n\nfirst body\n";
    const char *c = HDR DATE "Message-ID: <same@x>\nSubject: s\n\nanother body\n";
    pl_event *ea = parse(a), *eb = parse(b), *ec = parse(c);
    assert_string_equal(ea->source_key, eb->source_key);
    assert_string_not_equal(ea->source_key, ec->source_key);
    assert_string_equal(ea->message_id, ec->message_id);
    pl_event_free(ea);
    pl_event_free(eb);
    pl_event_free(ec);

    /* Without Message-ID: a full hash, still blind to trace headers and CRLF. */
    ea = parse("Received: from a by b; Mon, 29 Apr 2019 10:00:00 +0000\n" HDR DATE
               "Subject: s\n\nbody\n");
    eb = parse("From: Jane Doe <jane@example.com>\r\nTo: bob@example.org\r\n"
               "Date: Mon, 29 Apr 2019 02:01:27 +0200\r\nSubject: s\r\n\r\nbody\r\n");
    ec = parse(HDR DATE "Subject: s\n\nbody 2\n");
    assert_true(g_str_has_prefix(ea->source_key, "sha:"));
    assert_string_equal(ea->source_key, eb->source_key);
    assert_string_not_equal(ea->source_key, ec->source_key);
    pl_event_free(ea);
    pl_event_free(eb);
    pl_event_free(ec);
}

/* ------------------------------------------------------------ body text */

static void test_body_choice(void **state)
{
    (void)state;
    /* HTML only: converted, script/style dropped, quotes not counted. */
    pl_event *ev = parse(HDR DATE "Subject: s\nContent-Type: text/html; charset=utf-8\n\n"
                                  "<html><head><title>T</title><style>p{x:y}</style></head>"
                                  "<body><p>Hello <b>there</b> friend</p><script>var a=1;"
                                  "</script><div>Second&nbsp;line</div>"
                                  "<blockquote>quoted words here</blockquote></body></html>\n");
    assert_non_null(ev->body);
    assert_non_null(strstr(ev->body, "Hello there friend"));
    assert_non_null(strstr(ev->body, "Second line"));
    assert_null(strstr(ev->body, "var a"));
    assert_null(strstr(ev->body, "x:y"));
    assert_non_null(strstr(ev->body, "> quoted words here"));
    assert_int_equal(ev->words, 5);
    pl_event_free(ev);

    /* text/plain preferred over HTML, an attachment and an attached message
     * are not the body. */
    ev = parse(HDR DATE "Subject: s\nMIME-Version: 1.0\n"
                        "Content-Type: multipart/mixed; boundary=outer\n\n"
                        "--outer\nContent-Type: message/rfc822\n\n"
                        "From: x@y.example\nSubject: inner\n\ninner body words\n"
                        "--outer\nContent-Type: text/plain\nContent-Disposition: attachment\n\n"
                        "attached text\n"
                        "--outer\nContent-Type: multipart/alternative; boundary=alt\n\n"
                        "--alt\nContent-Type: text/html\n\n<p>html version</p>\n"
                        "--alt\nContent-Type: text/plain; charset=iso-8859-1\n"
                        "Content-Transfer-Encoding: quoted-printable\n\nplain caf=E9 version\n"
                        "--alt--\n--outer--\n");
    assert_string_equal(ev->body, "plain café version"); /* the last EOL is the boundary's */
    assert_int_equal(ev->words, 3);
    assert_false(ev->flags & PL_EV_DAMAGED);
    pl_event_free(ev);

    /* Bad and odd charsets never give invalid UTF-8. */
    const char *cs[] = {"unknown-8bit", "default", "ks_c_5601-1987", "gb2312", "x-bogus"};
    for (gsize i = 0; i < G_N_ELEMENTS(cs); i++) {
        char *m = g_strdup_printf(HDR DATE "Subject: s\nContent-Type: text/plain; charset=%s\n\n"
                                           "caf\xe9 \xc4\xe3\xba\xc3 \xff\xfe end\n",
                                  cs[i]);
        ev = parse(m);
        assert_true(g_utf8_validate(ev->body, -1, NULL));
        assert_non_null(strstr(ev->body, "end"));
        pl_event_free(ev);
        g_free(m);
    }
    ev = parse(HDR DATE "Subject: s\nContent-Type: text/plain; charset=gb2312\n\n"
                        "\xc4\xe3\xba\xc3\n");
    assert_string_equal(ev->body, "你好\n");
    assert_int_equal(ev->words, 2);
    pl_event_free(ev);
}

static void test_body_cap_and_metadata_mode(void **state)
{
    (void)state;
    GString *m = g_string_new(HDR DATE "Subject: s\nContent-Type: text/plain; charset=utf-8\n\n");
    for (int i = 0; i < 40000; i++)
        g_string_append(m, "żółw ");
    g_string_append_c(m, '\n');
    pl_event *ev = parse(m->str);
    assert_true(strlen(ev->body) <= 256 * 1024);
    assert_true(strlen(ev->body) > 250 * 1024);
    assert_true(g_utf8_validate(ev->body, -1, NULL));
    assert_int_equal(ev->words, 40000); /* counted on the whole text */
    assert_int_equal(ev->bytes, m->len);
    pl_event_free(ev);
    pl_mail_opts meta = {.store_body = FALSE};
    ev = parse_opts(m->str, &meta);
    assert_null(ev->body);
    assert_int_equal(ev->words, 40000);
    pl_event_free(ev);
    g_string_free(m, TRUE);
}

static void test_to_event_direct(void **state)
{
    (void)state;
    const char *raw = HDR DATE "Subject: direct\n\nthree little words\n";
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
    GMimeParser *p = g_mime_parser_new_with_stream(s);
    GMimeMessage *msg = g_mime_parser_construct_message(p, NULL);
    pl_event *ev = pl_mail_to_event(msg, strlen(raw), NULL);
    assert_string_equal(ev->subject, "direct");
    assert_int_equal(ev->words, 3);
    assert_null(ev->body);
    assert_int_equal(ev->bytes, strlen(raw));
    pl_event_free(ev);
    g_object_unref(msg);
    g_object_unref(p);
    g_object_unref(s);
}

/* -------------------------------------------------------- corpus text */

static pl_event *corpus_event(const char *name)
{
    char *rel = g_build_filename("mail/usrp-users/cur", name, NULL);
    char *p = corpus_path(rel);
    pl_mail_opts o = {.store_body = TRUE};
    GError *err = NULL;
    pl_event *ev = pl_mail_parse_file(p, &o, &err);
    if (!ev)
        fail_msg("%s: %s", p, err->message);
    g_free(p);
    g_free(rel);
    assert_true(g_utf8_validate(ev->body, -1, NULL));
    assert_true(g_utf8_validate(ev->subject, -1, NULL));
    return ev;
}

static void test_corpus_charsets(void **state)
{
    (void)state;
    /* koi8-r text/plain with box-drawing characters */
    pl_event *ev = corpus_event("usrp.000007.ba1e2b619b77:2,S");
    assert_non_null(strstr(ev->body, "┌──"));
    pl_event_free(ev);
    /* gb2312 encoded-word subject and body */
    ev = corpus_event("usrp.000287.6a310a6e2030:2,S");
    assert_string_equal(ev->subject,
                        "[USRP-users] 回复: 回复:  A problem on transmitting data using 5GHz");
    assert_non_null(strstr(ev->body, "发件人: Michael Dickens"));
    char *n = pl_subject_normalise(ev->subject);
    assert_string_equal(n, "a problem on transmitting data using 5ghz");
    g_free(n);
    pl_event_free(ev);
    /* iso-2022-jp text/plain: a right single quote in "I’m" */
    ev = corpus_event("usrp.000309.9cc3d1960c56:2,S");
    assert_non_null(strstr(ev->body, "I think I’m misunderstanding"));
    pl_event_free(ev);
    /* ks_c_5601-1987: Outlook's Korean quote header; counting stops above it */
    ev = corpus_event("usrp.000873.60c2229be3b7:2,S");
    assert_non_null(strstr(ev->body, "보낸 사람: Remco Vink"));
    assert_true(ev->words > 150 && ev->words < 260);
    pl_event_free(ev);
}

/* ---------------------------------------------------------------- mbox */

typedef struct {
    guint n, damaged;
    GArray *offsets;
} mbox_count;

static gboolean count_cb(pl_event *ev, gint64 offset, gpointer user)
{
    mbox_count *c = user;
    c->n++;
    if (ev->flags & PL_EV_DAMAGED)
        c->damaged++;
    if (c->offsets)
        g_array_append_val(c->offsets, offset);
    assert_true(ev->subject == NULL || g_utf8_validate(ev->subject, -1, NULL));
    pl_event_free(ev);
    return TRUE;
}

static void test_mbox_usrp(void **state)
{
    (void)state;
    char *p = corpus_path("mbox/usrp-users-first300.mboxrd");
    gchar *data;
    gsize len;
    assert_true(g_file_get_contents(p, &data, &len, NULL));
    guint seps = 0; /* From_ lines at the start or after a blank line */
    for (gsize i = 0; i + 5 <= len; i++)
        if ((i == 0 || (i >= 2 && data[i - 1] == '\n' && data[i - 2] == '\n')) &&
            memcmp(data + i, "From ", 5) == 0)
            seps++;
    mbox_count c = {0, 0, g_array_new(FALSE, FALSE, sizeof(gint64))};
    GError *err = NULL;
    assert_true(pl_mail_mbox_each(p, NULL, count_cb, &c, NULL, NULL, &err));
    assert_int_equal(seps, 300);
    assert_int_equal(c.n, seps);
    for (guint i = 0; i < c.offsets->len; i++) {
        gint64 off = g_array_index(c.offsets, gint64, i);
        assert_true(off >= 0 && (gsize)off + 5 <= len);
        assert_memory_equal(data + off, "From ", 5);
    }
    /* Truncated copy (first 60 %): messages up to the cut, no crash. */
    char *cut = write_tmp("cut.mbox", data, len * 6 / 10);
    mbox_count t = {0};
    assert_true(pl_mail_mbox_each(cut, NULL, count_cb, &t, NULL, NULL, &err));
    assert_true(t.n >= 150 && t.n < 300);
    g_array_free(c.offsets, TRUE);
    g_free(cut);
    g_free(data);
    g_free(p);
}

static void test_mbox_substring_fixture(void **state)
{
    (void)state;
    /* GMime's own test: "From " lines with no blank line before them. */
    char *f = corpus_path("mail/fixtures/gmime/tests/data/mbox/input/substring.mbox");
    mbox_count s = {0};
    GError *err = NULL;
    assert_true(pl_mail_mbox_each(f, NULL, count_cb, &s, NULL, NULL, &err));
    assert_int_equal(s.n, 3);
    g_free(f);
}

static gboolean first_cb(pl_event *ev, gint64 offset, gpointer user)
{
    pl_event **out = user;
    if (!*out)
        *out = ev;
    else
        pl_event_free(ev);
    return FALSE; /* stop after the first */
}

static void test_mbox_unescape_words(void **state)
{
    (void)state;
    char *p = write_tmp("rd2.mbox",
                        "From x@y Thu Apr 14 11:00:00 2005\n" HDR "Subject: a\n\n"
                        ">From here on\n>>From two\n\n"
                        "From x@y Thu Apr 14 11:00:00 2005\n" HDR "Subject: b\n\nsecond\n",
                        -1);
    pl_event *ev = NULL;
    pl_mail_opts o = {.store_body = TRUE};
    assert_true(pl_mail_mbox_each(p, &o, first_cb, &ev, NULL, NULL, NULL));
    assert_non_null(ev);
    assert_string_equal(ev->body, "From here on\n>From two\n"); /* blank line = framing */
    assert_int_equal(ev->words, 3);
    assert_int_equal(ev->ts, 1113476400); /* From_ date: no Date header */
    assert_true(ev->flags & PL_EV_DATE_MISSING);
    pl_event_free(ev);
    g_free(p);
}

static void test_mbox_errors(void **state)
{
    (void)state;
    GError *err = NULL;
    mbox_count c = {0};
    char *p = write_tmp("plain.eml", HDR DATE "Subject: s\n\nx\n", -1);
    assert_false(pl_mail_mbox_each(p, NULL, count_cb, &c, NULL, NULL, &err));
    assert_error(err, PARLEY_ERROR, PL_ERR_PARSE);
    g_clear_error(&err);
    g_free(p);
    assert_false(pl_mail_mbox_each("/nonexistent/x.mbox", NULL, count_cb, &c, NULL, NULL, &err));
    assert_error(err, PARLEY_ERROR, PL_ERR_IO);
    g_clear_error(&err);
    p = write_tmp("empty.mbox", "", 0);
    assert_true(pl_mail_mbox_each(p, NULL, count_cb, &c, NULL, NULL, &err));
    assert_int_equal(c.n, 0);
    g_free(p);
}

/* ----------------------------------------------------------- bad files */

static void expect_error(const char *path, int code, const char *reason)
{
    GError *err = NULL;
    pl_event *ev = pl_mail_parse_file(path, NULL, &err);
    if (ev)
        fail_msg("%s parsed, want error \"%s\"", path, reason);
    assert_error(err, PARLEY_ERROR, code);
    if (reason && strcmp(err->message, reason) != 0)
        fail_msg("%s: \"%s\", want \"%s\"", path, err->message, reason);
    assert_null(strstr(err->message, path)); /* the caller adds the path */
    g_error_free(err);
}

static void test_bad_files(void **state)
{
    (void)state;
    char *p = write_tmp("empty", "", 0);
    expect_error(p, PL_ERR_PARSE, "empty file");
    g_free(p);

    GRand *r = g_rand_new_with_seed(42);
    guchar junk[8192];
    for (gsize i = 0; i < sizeof junk; i++)
        junk[i] = (guchar)g_rand_int_range(r, 0, 256);
    g_rand_free(r);
    p = write_tmp("junk.bin", (const char *)junk, sizeof junk);
    expect_error(p, PL_ERR_PARSE, "binary data, not a mail message");
    g_free(p);

    p = write_tmp("nul.eml", "From: a@b.example\0\0\0\nSubject: x\n\nbody\n", 38);
    expect_error(p, PL_ERR_PARSE, "binary data, not a mail message");
    g_free(p);

    p = write_tmp("text.txt", "Dear diary,\nno headers here.\n", -1);
    expect_error(p, PL_ERR_PARSE, "not a mail message (no header lines)");
    g_free(p);

    GString *big = g_string_new(HDR);
    while (big->len < 10 * 1024 * 1024)
        g_string_append(big,
                        "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n");
    p = write_tmp("bighdr.eml", big->str, big->len);
    expect_error(p, PL_ERR_PARSE, "header section larger than 1 MiB");
    g_free(p);
    g_string_free(big, TRUE);

    expect_error(tmpdir, PL_ERR_IO, g_strerror(EISDIR));
    expect_error("/nonexistent/mail.eml", PL_ERR_IO, g_strerror(ENOENT));
}

static void test_damaged_but_parseable(void **state)
{
    (void)state;
    /* NUL bytes in the body. */
    GString *g = g_string_new(HDR DATE "Subject: s\n\nhello");
    g_string_append_c(g, '\0');
    g_string_append(g, "world again\n");
    char *p = write_tmp("nulbody.eml", g->str, g->len);
    g_string_free(g, TRUE);
    pl_mail_opts o = {.store_body = TRUE};
    pl_event *ev = pl_mail_parse_file(p, &o, NULL);
    assert_non_null(ev);
    assert_string_equal(ev->body, "hello world again\n");
    pl_event_free(ev);
    g_free(p);

    /* No header/body separator. */
    ev = parse(HDR DATE "Subject: s\nthis line is not a header\nmore\n");
    assert_string_equal(pl_event_author(ev)->value, "jane@example.com");
    pl_event_free(ev);

    /* Multipart cut short: DAMAGED, text still there. */
    ev = parse(HDR DATE "Subject: s\nContent-Type: multipart/mixed; boundary=XX\n\n"
                        "--XX\nContent-Type: text/plain\n\nhello cut\n");
    assert_true(ev->flags & PL_EV_DAMAGED);
    assert_int_equal(ev->words, 2);
    pl_event_free(ev);

    /* Closed multiparts are whole, however the closing line ends. */
    ev = parse(HDR DATE "Subject: s\nContent-Type: multipart/mixed; boundary=XX\n\n"
                        "--XX\nContent-Type: text/plain\n\nhello\n--XX-- \r\n");
    assert_false(ev->flags & PL_EV_DAMAGED);
    pl_event_free(ev);
    /* "--XX--" followed by text on its line closes nothing (GMime agrees). */
    ev = parse(HDR DATE "Subject: s\nContent-Type: multipart/mixed; boundary=XX\n\n"
                        "--XX\nContent-Type: text/plain\n\nhello\n--XX--</html>\n");
    assert_true(ev->flags & PL_EV_DAMAGED);
    pl_event_free(ev);
    /* The inner multipart closed, the outer not. */
    ev = parse(HDR DATE "Subject: s\nContent-Type: multipart/mixed; boundary=OUT\n\n"
                        "--OUT\nContent-Type: multipart/alternative; boundary=IN\n\n"
                        "--IN\nContent-Type: text/plain\n\nhi\n--IN--\n");
    assert_true(ev->flags & PL_EV_DAMAGED);
    pl_event_free(ev);
    /* A multipart without a boundary, and an attached message that is empty. */
    ev = parse(HDR DATE "Subject: s\nContent-Type: multipart/mixed\n\nhello\n");
    assert_true(ev->flags & PL_EV_DAMAGED);
    pl_event_free(ev);
    ev = parse(HDR DATE "Subject: s\nContent-Type: multipart/mixed; boundary=XX\n\n"
                        "--XX\nContent-Type: text/plain\n\nsee attached\n"
                        "--XX\nContent-Type: message/rfc822\n\n--XX--\n");
    assert_true(ev->flags & PL_EV_DAMAGED);
    pl_event_free(ev);

    /* A line far over 998 bytes. */
    GString *m = g_string_new(HDR DATE "Subject: s\n\n");
    for (int i = 0; i < 5000; i++)
        g_string_append(m, "w ");
    g_string_append_c(m, '\n');
    ev = parse(m->str);
    assert_int_equal(ev->words, 5000);
    pl_event_free(ev);
    g_string_free(m, TRUE);
}

static void check_fixture_dir(const char *dir, guint *events, guint *errors)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    if (!d)
        return;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        char *p = g_build_filename(dir, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
            check_fixture_dir(p, events, errors);
        } else {
            GError *err = NULL;
            pl_mail_opts o = {.store_body = TRUE};
            pl_event *ev = pl_mail_parse_file(p, &o, &err);
            if (ev) {
                (*events)++;
                assert_non_null(ev->source_key);
                assert_true(!ev->subject || g_utf8_validate(ev->subject, -1, NULL));
                assert_true(!ev->body || g_utf8_validate(ev->body, -1, NULL));
                pl_event_free(ev);
            } else {
                (*errors)++;
                if (!err || !err->message || !*err->message)
                    fail_msg("%s: no event and no reason", p);
                g_error_free(err);
            }
        }
        g_free(p);
    }
    g_dir_close(d);
}

static void test_fixtures(void **state)
{
    (void)state;
    char *dir = corpus_path("mail/fixtures");
    guint events = 0, errors = 0;
    check_fixture_dir(dir, &events, &errors);
    print_message("fixtures: %u events, %u errors\n", events, errors);
    assert_true(events > 350);
    assert_true(errors >= 3 && errors < 10); /* README, HTML indexes, an Outlook .msg */
    g_free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfc2047_subjects),
        cmocka_unit_test(test_ids_and_refs),
        cmocka_unit_test(test_participants_groups),
        cmocka_unit_test(test_list_rewrite),
        cmocka_unit_test(test_list_rewrite_corpus),
        cmocka_unit_test(test_automated_markers),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_source_keys),
        cmocka_unit_test(test_body_choice),
        cmocka_unit_test(test_body_cap_and_metadata_mode),
        cmocka_unit_test(test_to_event_direct),
        cmocka_unit_test(test_corpus_charsets),
        cmocka_unit_test(test_mbox_usrp),
        cmocka_unit_test(test_mbox_substring_fixture),
        cmocka_unit_test(test_mbox_unescape_words),
        cmocka_unit_test(test_mbox_errors),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_damaged_but_parseable),
        cmocka_unit_test(test_fixtures),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
