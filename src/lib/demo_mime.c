/* demo_mime.c — turns one planned message of the demo (see demo.c) into the
 * bytes of a mail file: GMime for well-formed messages, raw bytes for the one
 * that is broken on purpose.
 *
 * GMime would choose boundaries at random and charsets by itself; both are
 * fixed here so the output depends on the seed alone.
 */
#include "demo.h"

#include <string.h>

static GDateTime *local_time(gint64 ts, int tz_min)
{
    GTimeZone *tz = g_time_zone_new_offset(tz_min * 60);
    GDateTime *u = g_date_time_new_from_unix_utc(ts);
    GDateTime *d = g_date_time_to_timezone(u, tz);
    g_date_time_unref(u);
    g_time_zone_unref(tz);
    return d;
}

static char *format_date(gint64 ts, int tz_min)
{
    GDateTime *d = local_time(ts, tz_min);
    char *s = g_mime_utils_header_format_date(d);
    g_date_time_unref(d);
    return s;
}

static gboolean is_ascii(const char *s)
{
    for (; *s; s++)
        if ((guchar)*s >= 0x80)
            return FALSE;
    return TRUE;
}

/* A text part in the author's charset: 7bit when ASCII, else quoted-printable
 * as Outlook and Thunderbird do. */
static GMimeObject *text_part(const char *subtype, const char *text, const char *charset,
                              gboolean force_qp)
{
    GMimeTextPart *tp = g_mime_text_part_new_with_subtype(subtype);
    gboolean ascii = is_ascii(text);
    const char *cs = ascii ? "us-ascii" : charset;
    gsize len = strlen(text);
    char *conv = NULL;
    if (!ascii && g_ascii_strcasecmp(charset, "utf-8") != 0) {
        conv = g_convert(text, -1, charset, "UTF-8", NULL, &len, NULL);
        if (!conv) {
            cs = "utf-8";
            len = strlen(text);
        }
    }
    GMimeStream *ms = g_mime_stream_mem_new_with_buffer(conv ? conv : text, len);
    GMimeDataWrapper *dw = g_mime_data_wrapper_new_with_stream(ms, GMIME_CONTENT_ENCODING_DEFAULT);
    g_mime_part_set_content(GMIME_PART(tp), dw);
    g_object_unref(dw);
    g_object_unref(ms);
    g_free(conv);
    g_mime_text_part_set_charset(tp, cs);
    g_mime_part_set_content_encoding(GMIME_PART(tp), ascii && !force_qp
                                                         ? GMIME_CONTENT_ENCODING_7BIT
                                                         : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    return GMIME_OBJECT(tp);
}

static void add_person(GMimeMessage *m, GMimeAddressType type, const dm_person *p,
                       const char *charset)
{
    InternetAddress *ia = internet_address_mailbox_new(p->name, p->addr);
    internet_address_set_charset(ia, charset);
    internet_address_list_add(g_mime_message_get_addresses(m, type), ia);
    g_object_unref(ia);
}

static char *quote(const char *attribution, const char *text)
{
    GString *q = g_string_new(attribution);
    char **lines = g_strsplit(text, "\n", -1);
    guint n = g_strv_length(lines);
    if (n && !*lines[n - 1])
        n--; /* the text's final newline is not a line */
    for (guint i = 0; i < n; i++)
        g_string_append_printf(q, *lines[i] ? "> %s\n" : ">\n", lines[i]);
    g_strfreev(lines);
    return g_string_free(q, FALSE);
}

/* The words of one human turn, with the previous turn quoted. Returns the
 * whole body; *own gets the part the author wrote (for the next quote). */
static char *turn_text(dm_thread *t, dm_rng *r, const dm_chain *c, const dm_step *s, guint turn,
                       char **own)
{
    const dm_person *reader = c->prev ? c->prev->from : s->from == &dm_me ? t->them : &dm_me;
    if (s->what == DM_M_QP)
        *own = g_strdup_printf(
            "Hi Jane,\n\nI'm writing from the café next to our shop because our internet is "
            "down again, so apologies if this arrives twice – we'd like to re-order exactly "
            "the same items as in %s (the blue ones, not the grey ones), délivrés à la même "
            "adresse s'il vous plaît, and if possible before the end of %s because our "
            "season starts early this year.\n\nMerci beaucoup et à bientôt,\nRenée\n",
            t->topic.po, t->topic.month);
    else if (s->what == DM_M_RESEND)
        *own = g_strdup_printf("Hello,\n\nthe PDF attached to your mail seems to be damaged, "
                               "I can't open it.\nCould you send invoice %s again?\n\n"
                               "Thanks,\nJane\n",
                               t->topic.inv);
    else
        *own = dm_body(&t->topic, r, s->from, reader, turn);
    if (!c->prev || !dm_chance(r, t->kind == DM_LIST ? 90 : 70))
        return g_strdup(*own);
    char *when = format_date(c->prev->ts, c->prev->from->tz_min);
    char *attr =
        g_strdup_printf("On %s, %s <%s> wrote:\n", when, c->prev->from->name, c->prev->from->addr);
    char *q = quote(attr, c->prev_text);
    /* Lists answer below the quote, business mail above it. */
    char *all =
        t->kind == DM_LIST ? g_strconcat(q, "\n", *own, NULL) : g_strconcat(*own, "\n", q, NULL);
    g_free(q);
    g_free(attr);
    g_free(when);
    return all;
}

/* A multipart/mixed invoice cut off in the middle of its attachment, as a
 * crashed mailer or a full disk leaves it: raw bytes, GMime would repair it. */
static GByteArray *broken_message(dm_thread *t, dm_rng *r, const dm_step *s, const char *id)
{
    char *date = format_date(s->ts, s->from->tz_min);
    char boundary[40];
    g_snprintf(boundary, sizeof boundary, "----=_Part_%08x", (guint32)dm_next(r));
    GString *m = g_string_new(NULL);
    g_string_append_printf(
        m,
        "From: %s <%s>\nTo: %s <%s>\nSubject: %s\nDate: %s\nMessage-Id: <%s>\n"
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"%s\"\n\n"
        "This is a multi-part message in MIME format.\n\n--%s\n"
        "Content-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: 7bit\n\n"
        "Dear customer,\n\nplease find attached invoice %s for order %s.\n"
        "Payment terms: 30 days net.\n\nGlobalSupply Co - Accounts Receivable\n\n--%s\n"
        "Content-Type: application/pdf; name=\"%s.pdf\"\n"
        "Content-Disposition: attachment; filename=\"%s.pdf\"\n"
        "Content-Transfer-Encoding: base64\n\n",
        s->from->name, s->from->addr, dm_me.name, dm_me.addr, t->subject, date, id, boundary,
        boundary, t->topic.inv, t->topic.po, boundary, t->topic.inv, t->topic.inv);
    guchar pdf[1200];
    memcpy(pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 15);
    for (gsize i = 15; i < sizeof pdf; i++)
        pdf[i] = (guchar)dm_next(r);
    char *b64 = g_base64_encode(pdf, sizeof pdf);
    gsize keep = strlen(b64) * 2 / 3; /* the cut: mid-line, no closing boundary */
    for (gsize i = 0; i < keep; i += 76) {
        g_string_append_len(m, b64 + i, MIN(76, keep - i));
        if (i + 76 < keep)
            g_string_append_c(m, '\n');
    }
    g_free(b64);
    g_free(date);
    GByteArray *ba = g_byte_array_sized_new((guint)m->len);
    g_byte_array_append(ba, (const guint8 *)m->str, (guint)m->len);
    g_string_free(m, TRUE);
    return ba;
}

static void set_header(GMimeMessage *m, const char *name, const char *value)
{
    g_mime_object_set_header(GMIME_OBJECT(m), name, value, NULL);
}

/* Headers of machine-sent mail, set after the usual ones as mailers do. */
static void bulk_headers(dm_thread *t, dm_rng *r, GMimeMessage *m, const dm_person *from)
{
    if (t->kind == DM_NOTIFICATION) {
        set_header(m, "Auto-Submitted", "auto-generated");
        set_header(m, "X-Auto-Response-Suppress", "All");
        return;
    }
    const char *dom = dm_person_domain(from);
    char *unsub = g_strdup_printf("<mailto:unsubscribe@%s?subject=unsubscribe>, "
                                  "<https://%s/unsubscribe?u=%08x>",
                                  dom, dom, (guint32)dm_next(r));
    set_header(m, "List-Unsubscribe", unsub);
    set_header(m, "List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    set_header(m, "Precedence", "bulk");
    g_free(unsub);
}

static GMimeObject *alternative(dm_rng *r, const char *text, const char *html)
{
    GMimeMultipart *mp = g_mime_multipart_new_with_subtype("alternative");
    char boundary[40];
    /* GMime would pick a random boundary: ours comes from the seed. */
    g_snprintf(boundary, sizeof boundary, "=-news-%08x", (guint32)dm_next(r));
    g_mime_multipart_set_boundary(mp, boundary);
    GMimeObject *a = text_part("plain", text, "utf-8", FALSE);
    GMimeObject *b = text_part("html", html, "utf-8", FALSE);
    g_mime_multipart_add(mp, a);
    g_mime_multipart_add(mp, b);
    g_object_unref(a);
    g_object_unref(b);
    return GMIME_OBJECT(mp);
}

static void add_recipients(GMimeMessage *m, const dm_thread *t, const dm_person *from)
{
    if (t->kind == DM_LIST) {
        InternetAddress *ia = internet_address_mailbox_new("OpenThing users", DM_LIST_ADDR);
        internet_address_list_add(g_mime_message_get_addresses(m, GMIME_ADDRESS_TYPE_TO), ia);
        g_object_unref(ia);
        return;
    }
    /* Everyone on the thread but the author: the counterpart (or Jane) in To,
     * the others in Cc. */
    const dm_person *all[4] = {from == &dm_me ? t->them : &dm_me, from == &dm_me ? NULL : t->them};
    guint n = 2;
    for (guint k = 0; k < t->n_cc; k++)
        all[n++] = t->cc[k];
    for (guint k = 0; k < n; k++)
        if (all[k] && all[k] != from)
            add_person(m, k == 0 ? GMIME_ADDRESS_TYPE_TO : GMIME_ADDRESS_TYPE_CC, all[k], "utf-8");
}

/* Builds message i of thread t; returns its bytes. */
GByteArray *dm_build(GMimeFormatOptions *fmt, dm_thread *t, dm_rng *r, dm_chain *c, guint i,
                     const char *id)
{
    const dm_step *s = &t->steps[i];
    if (s->what == DM_M_BROKEN)
        return broken_message(t, r, s, id);
    const dm_person *from = s->from;
    const char *cs = from->charset ? from->charset : "utf-8";

    /* First the words, then the headers in the order mailers write them. */
    char *subject = NULL, *own = NULL, *text = NULL, *html = NULL;
    if (s->what == DM_M_BULK && t->kind == DM_NOTIFICATION) {
        dm_notification(&t->topic, r, from, &subject, &text);
    } else if (s->what == DM_M_BULK) {
        dm_newsletter(&t->topic, r, from, &subject, &text, &html);
    } else if (s->what == DM_M_OOO) {
        subject = g_strconcat("Automatic reply: ", t->subject, NULL);
        text = dm_ooo_body(from, s->ts + (3 + dm_below(r, 5)) * DM_DAY);
    } else {
        if (i == 0)
            subject = g_strdup(t->subject);
        else
            subject = g_strconcat(from->re ? from->re : "Re: ", t->subject, NULL);
        text = turn_text(t, r, c, s, i, &own);
        if (s->what == DM_M_HTML)
            html = dm_text_to_html(text);
    }

    GMimeMessage *m = g_mime_message_new(FALSE);
    add_person(m, GMIME_ADDRESS_TYPE_FROM, from, cs);
    add_recipients(m, t, from);
    /* José's mailer encodes subjects in Latin-1; everyone else in UTF-8. */
    g_mime_message_set_subject(m, subject, t->latin1_subject && from->charset ? cs : "utf-8");
    if (s->what != DM_M_NODATE) {
        GDateTime *d = local_time(s->ts, from->tz_min);
        g_mime_message_set_date(m, d);
        g_date_time_unref(d);
    }
    g_mime_message_set_message_id(m, id);
    if (c->ids->len) {
        char *irt = g_strdup_printf("<%s>", (char *)g_ptr_array_index(c->ids, c->ids->len - 1));
        GString *refs = g_string_new(NULL);
        for (guint k = 0; k < c->ids->len; k++)
            g_string_append_printf(refs, "%s<%s>", k ? " " : "",
                                   (char *)g_ptr_array_index(c->ids, k));
        set_header(m, "In-Reply-To", irt);
        set_header(m, "References", refs->str);
        g_free(irt);
        g_string_free(refs, TRUE);
    }
    if (s->what == DM_M_OOO) {
        set_header(m, "Auto-Submitted", "auto-replied");
        set_header(m, "X-Auto-Response-Suppress", "All");
    }
    if (s->what == DM_M_BULK)
        bulk_headers(t, r, m, from);
    if (t->kind == DM_LIST) {
        set_header(m, "List-Id", "OpenThing users " DM_LIST_ID);
        set_header(m, "List-Post", "<mailto:" DM_LIST_ADDR ">");
        set_header(m, "List-Unsubscribe",
                   "<https://lists.openthing.example/options/openthing-users>");
        set_header(m, "Precedence", "list");
    }

    GMimeObject *body = s->what == DM_M_BULK && html ? alternative(r, text, html)
                        : html                       ? text_part("html", html, cs, FALSE)
                               : text_part("plain", text, cs, s->what == DM_M_QP);
    g_mime_message_set_mime_part(m, body);
    g_object_unref(body);

    GMimeStream *ms = g_mime_stream_mem_new();
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(ms), FALSE);
    g_mime_object_write_to_stream(GMIME_OBJECT(m), fmt, ms);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(ms));
    g_object_unref(ms);
    g_object_unref(m);

    if (own) { /* auto-replies and bulk are no turn anyone answers */
        g_free(c->prev_text);
        c->prev_text = own;
        c->prev = s;
    }
    g_free(html);
    g_free(text);
    g_free(subject);
    return ba;
}
