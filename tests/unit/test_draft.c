/* test_draft.c — the words of follow-ups and heads-ups, and the messages
 * rendered from them, parsed back with GMime: headers, encoded words,
 * charset and transfer encoding for Latin, CJK and RTL text. */
#include "unit.h"

#include "draft.h"
#include "mail.h"

#include <gmime/gmime.h>
#include <stdlib.h>
#include <time.h>

static gint64 utc(int y, int mo, int d, int h, int mi)
{
    GDateTime *dt = g_date_time_new_utc(y, mo, d, h, mi, 0);
    gint64 v = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return v;
}

static GMimeMessage *parse(const char *text)
{
    GMimeStream *s = g_mime_stream_mem_new_with_buffer(text, strlen(text));
    GMimeParser *p = g_mime_parser_new_with_stream(s);
    GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
    g_object_unref(p);
    g_object_unref(s);
    assert_non_null(m);
    return m;
}

static char *body_of(GMimeMessage *m)
{
    GMimeTextPart *tp = GMIME_TEXT_PART(g_mime_message_get_mime_part(m));
    return g_mime_text_part_get_text(tp);
}

/* No Content-Transfer-Encoding header means 7bit (RFC 2045). */
static const char *encoding_of(GMimeMessage *m)
{
    GMimeContentEncoding e =
        g_mime_part_get_content_encoding(GMIME_PART(g_mime_message_get_mime_part(m)));
    return e == GMIME_CONTENT_ENCODING_DEFAULT ? "7bit" : g_mime_content_encoding_to_string(e);
}

/* Every header line within 78 characters, every encoded word within 75,
 * and nothing but ASCII anywhere. */
static void check_wire_form(const char *text)
{
    for (const char *p = text; *p; p++)
        assert_true((unsigned char)*p < 128);
    const char *end = strstr(text, "\n\n");
    assert_non_null(end);
    char *head = g_strndup(text, (gsize)(end - text));
    char **lines = g_strsplit(head, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (strlen(*l) > 78)
            fail_msg("header line of %zu characters: %s", strlen(*l), *l);
        for (const char *w = strstr(*l, "=?"); w; w = strstr(w + 2, "=?")) {
            const char *close = strstr(w + 2, "?=");
            /* =?charset?enc?text?= has three inner '?' */
            const char *q1 = strchr(w + 2, '?'), *q2 = q1 ? strchr(q1 + 1, '?') : NULL;
            close = q2 ? strstr(q2 + 1, "?=") : close;
            if (close && close + 2 - w > 75)
                fail_msg("encoded word of %ld characters: %s", (long)(close + 2 - w), *l);
            if (close)
                w = close;
        }
    }
    g_strfreev(lines);
    g_free(head);
}

static char *render(const char *to_name, const char *subject, const char *body)
{
    pl_draft d = {.from_addr = "jane@acme.example",
                  .from_name = "Jane Doe",
                  .to_addr = "zoe@kunde.example",
                  .to_name = to_name,
                  .subject = subject,
                  .body = body,
                  .date = utc(2026, 11, 23, 9, 0),
                  .event_key = "log:x"};
    GError *err = NULL;
    char *text = pl_draft_render(&d, &err);
    if (!text)
        fail_msg("render: %s", err->message);
    check_wire_form(text);
    return text;
}

static void check_roundtrip(const char *to_name, const char *subject, const char *body,
                            const char *want_encoding)
{
    char *text = render(to_name, subject, body);
    GMimeMessage *m = parse(text);
    assert_string_equal(g_mime_message_get_subject(m), subject);
    InternetAddressList *to = g_mime_message_get_to(m);
    assert_int_equal(internet_address_list_length(to), 1);
    InternetAddress *a = internet_address_list_get_address(to, 0);
    assert_string_equal(internet_address_get_name(a), to_name);
    assert_string_equal(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)),
                        "zoe@kunde.example");
    assert_non_null(g_mime_message_get_date(m));
    const char *mid = g_mime_message_get_message_id(m);
    assert_non_null(mid);
    assert_true(g_str_has_suffix(mid, "@acme.example"));
    assert_string_equal(
        g_mime_object_get_content_type_parameter(g_mime_message_get_mime_part(m), "charset"),
        "utf-8");
    assert_string_equal(encoding_of(m), want_encoding);
    char *b = body_of(m);
    assert_string_equal(b, body);
    g_free(b);
    g_object_unref(m);
    g_free(text);
}

static void test_render(void **state)
{
    (void)state;
    check_roundtrip("Zoe Smith", "Following up on our call", "Plain ASCII text.\n", "7bit");
    check_roundtrip("Zoë Ångström", "Prix: 1 200 € — livraison à Zürich",
                    "Merci pour l'appel. Les prix sont confirmés à 1 200 € pièce.\n",
                    "quoted-printable");
    check_roundtrip("李小龙", "见积もり を 送ります。新しい価格表と納期について話し合いました。",
                    "新しい価格表と納期について話し合いました。見積もりを送ります。\n"
                    "发送新的报价单。\n",
                    "base64");
    check_roundtrip("أحمد منصور", "ناقشنا الأسعار الجديدة وموعد التسليم",
                    "ناقشنا الأسعار الجديدة وموعد التسليم\n", "base64");
    /* A name with no spaces longer than one encoded word holds. */
    check_roundtrip("長い名前長い名前長い名前長い名前長い名前長い名前長い名前", "x", "x\n", "7bit");
    /* Two drafts never share a Message-ID. */
    char *a = render("A", "s", "b\n"), *b = render("A", "s", "b\n");
    GMimeMessage *ma = parse(a), *mb = parse(b);
    assert_string_not_equal(g_mime_message_get_message_id(ma), g_mime_message_get_message_id(mb));
    g_object_unref(ma);
    g_object_unref(mb);
    g_free(a);
    g_free(b);
}

static void test_follow_up_words(void **state)
{
    (void)state;
    pl_draft_item items[] = {{"send the revised quote", utc(2026, 12, 1, 0, 0)},
                             {"book the demo", 0}};
    pl_follow_up_words w = {.lang = "en",
                            .to_name = "Zoë Ångström",
                            .my_name = "Jane Doe",
                            .channel = PL_CH_CALL,
                            .ts = utc(2026, 11, 20, 9, 15),
                            .duration_s = 25 * 60,
                            .note = "  Prices agreed.\n\n\n  Delivery in January.  \n",
                            .items = items,
                            .n_items = 2};
    char *subject, *body;
    pl_draft_follow_up_words(&w, &subject, &body);
    assert_string_equal(subject, "Prices agreed.");
    assert_string_equal(body, "Hi Zoë,\n\n"
                              "Thank you for the call on Friday 20 November (25 minutes). "
                              "A short summary:\n\n"
                              "Prices agreed.\n\nDelivery in January.\n\n"
                              "Next steps:\n"
                              "- send the revised quote (by Tuesday 1 December 2026)\n"
                              "- book the demo\n\n"
                              "Best regards,\nJane Doe\n");
    g_free(subject);
    g_free(body);

    w.lang = "de";
    w.note = NULL;
    w.to_name = NULL;
    w.n_items = 1;
    pl_draft_follow_up_words(&w, &subject, &body);
    assert_string_equal(subject, "Unser Telefonat");
    assert_string_equal(body,
                        "Hallo,\n\n"
                        "vielen Dank für das Telefonat am Freitag, 20. November (25 Minuten).\n"
                        "\nNächste Schritte:\n"
                        "- send the revised quote (bis Dienstag, 1. Dezember 2026)\n"
                        "\nViele Grüße\nJane Doe\n");
    g_free(subject);
    g_free(body);

    /* A long first line is cut at a word, with an ellipsis. */
    w.lang = "fr";
    w.channel = PL_CH_NOTE;
    w.note = "Nous avons parlé des nouveaux prix, de la livraison à Zürich et de la formation "
             "des équipes en janvier";
    pl_draft_follow_up_words(&w, &subject, &body);
    assert_string_equal(subject,
                        "Nous avons parlé des nouveaux prix, de la livraison à Zürich et de la…");
    assert_non_null(strstr(body, "Suite à notre échange du vendredi 20 novembre. En bref :"));
    g_free(subject);
    g_free(body);
}

static void test_heads_up_words(void **state)
{
    (void)state;
    char *subject, *body;
    pl_draft_heads_up_words("en", "Zoë Ångström", NULL, utc(2026, 12, 1, 10, 30), TRUE,
                            "the Zürich demo", &subject, &body);
    assert_string_equal(subject, "Call on Tuesday 1 December");
    assert_string_equal(body,
                        "Hi Zoë,\n\n"
                        "I'll call you on Tuesday 1 December at 10:30 about the Zürich demo.\n"
                        "If another time suits you better, just reply to this message.\n\n"
                        "Best regards,\n");
    g_free(subject);
    g_free(body);
    pl_draft_heads_up_words("es", NULL, "Jane", utc(2026, 12, 1, 0, 0), FALSE, "la demo", &subject,
                            &body);
    assert_string_equal(subject, "Llamada el martes 1 de diciembre");
    assert_non_null(strstr(body, "Le llamaré el martes 1 de diciembre para hablar de la demo."));
    g_free(subject);
    g_free(body);
    char *d = pl_draft_date_words("xx", utc(2026, 1, 4, 12, 0), TRUE);
    assert_string_equal(d, "Sunday 4 January 2026"); /* unknown language: English */
    g_free(d);
}

int main(void)
{
    g_setenv("TZ", "UTC", TRUE);
    tzset();
    pl_mail_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_follow_up_words),
        cmocka_unit_test(test_heads_up_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
