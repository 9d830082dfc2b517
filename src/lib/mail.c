/* mail.c — one mail message (a file, or one message of an mbox) -> pl_event.
 *
 * Reading: a file is read once (read() into one buffer, or mmap when large),
 * sniffed for obvious non-mail before GMime sees it, and parsed from memory.
 * An mbox is mmapped and walked with GMime's own mbox mode. Per message we
 * make one pass over the header list (collecting what the flags and keys
 * need), one walk of the MIME tree (mail_text.c), and reuse the addresses
 * (mail_addr.c), date, subject and Message-ID GMime already parsed while
 * building the tree.
 */
#include "mail.h"
#include "detect.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define BODY_CAP (256 * 1024)         /* stored body, bytes of UTF-8 */
#define READ_MAX (8 * 1024 * 1024)    /* larger files are mmapped */
#define DROP_BEHIND (8 * 1024 * 1024) /* an mbox's map is let go in steps of this */
#define HEADER_MAX (1024 * 1024)      /* header section limit */
#define KEY_BODY_BYTES 4096           /* body prefix in a Message-ID key */

static GMimeParserOptions *parser_opts;

void pl_mail_init(void)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        static const char *fallback[] = {"utf-8", "windows-1252", NULL};
        g_mime_init();
        pl_mail__charsets_init();
        /* Also on the defaults, for messages callers parse themselves. */
        g_mime_parser_options_set_fallback_charsets(g_mime_parser_options_get_default(), fallback);
        parser_opts = g_mime_parser_options_new();
        g_mime_parser_options_set_fallback_charsets(parser_opts, fallback);
        g_once_init_leave(&done, 1);
    }
}

/* ------------------------------------------------------------- headers */

static gboolean is_blank(const char *v)
{
    while (v && g_ascii_isspace(*v))
        v++;
    return !v || !*v;
}

/* A header's name (of length len) is lit, in any case: most names a header
 * is compared with differ from it in length (a spam message has dozens of
 * X- headers, each tried against a dozen names). */
#define NAME_IS(name, len, lit) ((len) == sizeof lit - 1 && g_ascii_strcasecmp(name, lit) == 0)

/* One pass over the header list. Values are fetched only for headers we use
 * (GMime decodes them lazily). First occurrence wins (the topmost, i.e. the
 * last one added in transit), except Date, where GMime also keeps the last. */
static void scan_headers(GMimeObject *obj, pl_mail_headers *h)
{
    GMimeHeaderList *hl = g_mime_object_get_header_list(obj);
    int n = hl ? g_mime_header_list_get_count(hl) : 0;
    for (int i = 0; i < n; i++) {
        GMimeHeader *hd = g_mime_header_list_get_header_at(hl, i);
        const char *name = g_mime_header_get_name(hd);
        const char **slot = NULL;
        if (!name || !*name)
            continue;
        size_t len = strlen(name);
        switch (g_ascii_tolower(name[0])) {
        case 'a':
            if (NAME_IS(name, len, "auto-submitted"))
                slot = &h->auto_submitted;
            break;
        case 'd':
            if (NAME_IS(name, len, "date")) {
                const char *v = g_mime_header_get_value(hd);
                h->date = v;
                h->has_date = !is_blank(v);
            }
            break;
        case 'f':
            if (NAME_IS(name, len, "feedback-id"))
                h->feedback_id = TRUE;
            break;
        case 'i':
            if (NAME_IS(name, len, "in-reply-to"))
                slot = &h->in_reply_to;
            break;
        case 'l':
            if (NAME_IS(name, len, "list-id"))
                slot = &h->list_id;
            else if (NAME_IS(name, len, "list-post"))
                slot = &h->list_post;
            else if (NAME_IS(name, len, "list-unsubscribe"))
                slot = &h->list_unsubscribe;
            break;
        case 'm':
            if (NAME_IS(name, len, "mailing-list"))
                slot = &h->mailing_list;
            break;
        case 'p':
            if (NAME_IS(name, len, "precedence"))
                slot = &h->precedence;
            break;
        case 'r':
            if (NAME_IS(name, len, "references"))
                slot = &h->references;
            else if (NAME_IS(name, len, "return-path"))
                slot = &h->return_path;
            break;
        case 'x':
            if (NAME_IS(name, len, "x-autoreply"))
                h->x_autoreply = TRUE;
            else if (NAME_IS(name, len, "x-autorespond"))
                h->x_autorespond = TRUE;
            else if (NAME_IS(name, len, "x-autoresponder") ||
                     NAME_IS(name, len, "x-autoreply-from") ||
                     NAME_IS(name, len, "x-mail-autoreply"))
                h->x_autoresponder = TRUE;
            else if (NAME_IS(name, len, "x-ms-exchange-generated-message-source") ||
                     NAME_IS(name, len, "x-ms-exchange-inbox-rules-loop"))
                h->x_exchange_generated = TRUE;
            else if (NAME_IS(name, len, "x-mailer"))
                slot = &h->x_mailer;
            else if (NAME_IS(name, len, "x-post-messageclass"))
                slot = &h->x_post_messageclass;
            else if (NAME_IS(name, len, "x-fc-machinegenerated"))
                slot = &h->x_fc_machinegenerated;
            else if (NAME_IS(name, len, "x-autogenerated"))
                slot = &h->x_autogenerated;
            else if (NAME_IS(name, len, "x-precedence"))
                slot = &h->x_precedence;
            else if (NAME_IS(name, len, "x-original-from"))
                slot = &h->x_original_from;
            else if (NAME_IS(name, len, "x-beenthere"))
                slot = &h->x_beenthere;
            else if (g_ascii_strncasecmp(name, "x-campaign", 10) == 0)
                h->x_campaign = TRUE;
            break;
        default:
            break;
        }
        /* Raw values: every consumer copes with folding, and decoding
         * (unfold + RFC 2047) of headers GMime does not need is costly. */
        if (slot && !*slot)
            *slot = g_mime_header_get_raw_value(hd);
    }
}

/* ---------------------------------------------------------------- refs */

static char *clean_id(const char *id)
{
    if (!id)
        return NULL;
    char *s = g_utf8_make_valid(id, -1);
    g_strstrip(s);
    gsize l = strlen(s);
    if (l >= 2 && s[0] == '<' && s[l - 1] == '>') {
        memmove(s, s + 1, l - 2);
        s[l - 2] = '\0';
        g_strstrip(s);
    }
    if (!*s) {
        g_free(s);
        return NULL;
    }
    return s;
}

/* References then In-Reply-To, oldest first, without duplicates (first
 * occurrence kept: a reference loop must not reorder history) or our own id. */
static void add_refs(pl_event *ev, const pl_mail_headers *h, const char *own)
{
    GMimeReferences *refs = h->references ? g_mime_references_parse(NULL, h->references) : NULL;
    GMimeReferences *irt = h->in_reply_to ? g_mime_references_parse(NULL, h->in_reply_to) : NULL;
    int nr = refs ? g_mime_references_length(refs) : 0;
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i <= nr; i++) {
        const char *raw;
        if (i < nr)
            raw = g_mime_references_get_message_id(refs, i);
        else if (irt && g_mime_references_length(irt) > 0)
            raw = g_mime_references_get_message_id(irt, 0);
        else
            break;
        char *id = clean_id(raw);
        if (!id || (own && strcmp(id, own) == 0) || g_hash_table_contains(seen, id)) {
            g_free(id);
            continue;
        }
        g_hash_table_add(seen, id);
        g_ptr_array_add(ev->refs, id);
    }
    g_hash_table_destroy(seen);
    if (refs)
        g_mime_references_free(refs);
    if (irt)
        g_mime_references_free(irt);
}

/* ---------------------------------------------------------- source key */

/* SHA-1 through OpenSSL (already linked through libcurl): the same digest
 * as GLib's GChecksum, so keys are unchanged, at a fraction of the cost
 * (the key hashes 4 KiB of every message; GChecksum took 3 % of the parse). */
static void hash_str(EVP_MD_CTX *c, const char *s, gsize max)
{
    if (s)
        EVP_DigestUpdate(c, s, MIN(strlen(s), max));
    EVP_DigestUpdate(c, "", 1); /* field separator */
}

static void hash_hex(EVP_MD_CTX *c, char hex[41])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_DigestFinal_ex(c, md, &n);
    g_assert(n == 20);
    static const char digits[] = "0123456789abcdef";
    for (unsigned int i = 0; i < n; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[40] = '\0';
}

/* Idempotency key. The same message delivered to two mailboxes differs only
 * in trace headers (Received, Delivered-To, Return-Path) and file names, so
 * those never enter the key. Message-IDs are not unique in real mail (the
 * usrp-users list has two different messages sharing one), so a Message-ID
 * key also carries a short hash of what makes a message itself: author, raw
 * Date, subject and the start of the text. Without a Message-ID the key is a
 * full hash of from, to, date, subject and text. */
static char *source_key(const pl_event *ev, const char *author, const char *raw_date,
                        const char *text)
{
    /* Fetched once: EVP_sha1() makes every init look the algorithm up
     * again under OpenSSL's global locks, which the parse threads then
     * contend for. */
    static EVP_MD *sha1;
    if (g_once_init_enter(&sha1)) {
        EVP_MD *md = EVP_MD_fetch(NULL, "SHA1", NULL);
        if (!md)
            g_error("OpenSSL has no SHA-1");
        g_once_init_leave(&sha1, md);
    }
    EVP_MD_CTX *c = EVP_MD_CTX_new();
    if (!c || !EVP_DigestInit_ex2(c, sha1, NULL))
        g_error("OpenSSL cannot compute SHA-1");
    char *date = raw_date ? g_strstrip(g_strdup(raw_date)) : NULL;
    hash_str(c, author, G_MAXSIZE);
    hash_str(c, date, G_MAXSIZE);
    hash_str(c, ev->subject, G_MAXSIZE);
    char *key, hex[41];
    if (ev->message_id) {
        hash_str(c, text, KEY_BODY_BYTES);
        hash_hex(c, hex);
        key = g_strdup_printf("mid:%s:%.16s", ev->message_id, hex);
    } else {
        for (guint i = 0; i < ev->participants->len; i++) {
            const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
            if (p->role == PL_ROLE_TO)
                hash_str(c, p->value, G_MAXSIZE);
        }
        hash_str(c, text, G_MAXSIZE);
        hash_hex(c, hex);
        key = g_strconcat("sha:", hex, NULL);
    }
    g_free(date);
    EVP_MD_CTX_free(c);
    return key;
}

/* ------------------------------------------------------------- message */

static pl_event *to_event(GMimeMessage *msg, gsize raw_size, const pl_mail_opts *o,
                          guint extra_flags, gint64 envelope_ts, gboolean mbox_unescape)
{
    static const pl_mail_opts defaults = {0};
    if (!o)
        o = &defaults;
    pl_event *ev = pl_event_new(PL_CH_EMAIL);
    ev->flags = extra_flags;
    ev->bytes = raw_size;
    GMimeObject *obj = GMIME_OBJECT(msg);
    pl_mail_headers h = {0};
    scan_headers(obj, &h);

    /* Time: Date, else the newest Received, else the envelope, else the caller's. */
    gint64 ts = 0;
    if (!h.has_date)
        ev->flags |= PL_EV_DATE_MISSING;
    else if (!(ts = pl_mail__checked_ts(g_mime_message_get_date(msg))))
        ev->flags |= PL_EV_DATE_BAD;
    /* The writer's own zone: "by Friday" counts from their Friday (UTC when
     * the Date is missing or bad). */
    int offset =
        ts ? (int)(g_date_time_get_utc_offset(g_mime_message_get_date(msg)) / G_USEC_PER_SEC) : 0;
    if (!ts && !(ts = pl_mail__received_ts(obj)) && !(ts = envelope_ts))
        ts = o->fallback_ts;
    ev->ts = ts;

    const char *subject = g_mime_message_get_subject(msg);
    if (subject) {
        ev->subject = g_utf8_make_valid(subject, -1);
        g_strstrip(ev->subject);
    }
    ev->message_id = clean_id(g_mime_message_get_message_id(msg));
    add_refs(ev, &h, ev->message_id);
    const char *author = pl_mail__participants(ev, msg, &h);

    GMimeObject *root = g_mime_message_get_mime_part(msg);
    gboolean damaged = FALSE;
    char *text = root ? pl_mail__body_text(root, &damaged) : NULL;
    if (!root || damaged)
        ev->flags |= PL_EV_DAMAGED;
    /* mboxo/mboxrd ">From " escapes are undone on the extracted text, not
     * on the raw bytes: GMime parses the mbox in place (no copy to rewrite),
     * and the text is what words and keys are computed from, so the same
     * message gives the same key from a Maildir and from an mbox. The price:
     * a base64/QP body that really starts a line with ">From " loses a '>'. */
    if (text && mbox_unescape)
        pl_mail__unescape_from(text);
    /* The own words keep their paragraphs (empty lines) for sentence
     * splitting; the text index does not mind them. */
    GString *own = o->store_body ? g_string_new(NULL) : NULL;
    ev->words = pl_text_own_paragraphs(text, own);
    ev->flags |= pl_mail__flags(&h, author, ev->subject, root);
    if (own) {
        ev->text_own = g_string_free(own, FALSE);
        /* Questions and promises, here on the parse pool rather than in the
         * single-threaded refresh; which of them count is decided there
         * (items_detect.c). Metadata-only mode reads nothing, and automated
         * mail (newsletters, spam, auto-replies: half of a real mailbox)
         * never gives an item, so it is not read either. */
        ev->detected =
            (ev->flags & PL_EV_AUTOMATED)
                ? g_array_new(FALSE, TRUE, sizeof(pl_detected))
                : pl_detect_own(ev->text_own, ts, offset, PL_WANT_QUESTIONS | PL_WANT_PROMISES);
        ev->detected_done = TRUE;
    }
    ev->source_key = source_key(ev, author, h.date, text);
    /* A person's own signature: machines' footers (newsletters, notices)
     * carry switchboards and hotlines, not anyone's number. */
    if (o->signature_numbers && text && author &&
        !(ev->flags & (PL_EV_AUTOMATED | PL_EV_AUTOREPLY | PL_EV_BULK))) {
        ev->sig_numbers = pl_signature_numbers(text, o->default_country);
        if (!ev->sig_numbers->len)
            g_clear_pointer(&ev->sig_numbers, g_ptr_array_unref);
    }

    if (o->store_body && text) {
        gsize len = strlen(text);
        if (len > BODY_CAP) {
            len = BODY_CAP;
            while (len > 0 && ((guchar)text[len] & 0xC0) == 0x80)
                len--; /* do not cut a UTF-8 sequence */
            text[len] = '\0';
        }
        ev->body = text;
        text = NULL;
    }
    g_free(text);
    return ev;
}

pl_event *pl_mail_to_event(GMimeMessage *msg, gsize raw_size, const pl_mail_opts *o)
{
    g_return_val_if_fail(GMIME_IS_MESSAGE(msg), NULL);
    pl_mail_init();
    return to_event(msg, raw_size, o, 0, 0, FALSE);
}

/* --------------------------------------------------------------- files */

#define R_EMPTY "empty file"
#define R_NOHDR "not a mail message (no header lines)"
#define R_BINARY "binary data, not a mail message"
#define R_BIGHDR "header section larger than 1 MiB"

/* "Name: value" with a printable-ASCII name (obsolete syntax allows blanks
 * before the colon). */
static gboolean header_like(const char *p, gsize len)
{
    gsize i = 0;
    while (i < len && p[i] > 0x20 && p[i] < 0x7F && p[i] != ':')
        i++;
    if (i == 0)
        return FALSE;
    while (i < len && (p[i] == ' ' || p[i] == '\t'))
        i++;
    return i < len && p[i] == ':';
}

/* Offset of the blank line ending the header section in d[from, lim), or -1. */
static gssize header_end(const char *d, gsize from, gsize lim)
{
    if (from < lim &&
        (d[from] == '\n' || (d[from] == '\r' && from + 1 < lim && d[from + 1] == '\n')))
        return from;
    for (const char *p = d + from; (p = memchr(p, '\n', lim - (p - d))) != NULL; p++) {
        gsize i = p - d + 1;
        if (i < lim && (d[i] == '\n' || (d[i] == '\r' && i + 1 < lim && d[i + 1] == '\n')))
            return i;
    }
    return -1;
}

/* 1 for the control bytes no text has (tab, LF, FF, CR and ESC are text). */
static const guchar binary_byte[256] = {
    [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
    [0x07] = 1, [0x08] = 1, [0x0B] = 1, [0x0E] = 1, [0x0F] = 1, [0x10] = 1, [0x11] = 1,
    [0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1,
    [0x19] = 1, [0x1A] = 1, [0x1C] = 1, [0x1D] = 1, [0x1E] = 1, [0x1F] = 1, [0x7F] = 1,
};

/* TRUE when more than a tenth of d[0, n) are such bytes. A table lookup
 * per byte: it runs over the head of every file. */
static gboolean mostly_control(const char *d, gsize n)
{
    const guchar *u = (const guchar *)d;
    gsize bad = 0;
    for (gsize i = 0; i < n; i++)
        bad += binary_byte[u[i]];
    return bad * 10 > n;
}

/* Cheap checks before GMime sees the bytes: GMime happily "parses" a JPEG or
 * a directory listing into an empty message, which would become a bogus
 * event. Returns a reason or NULL; *start skips a BOM / mbox envelope line. */
static const char *sniff(const char *d, gsize len, gsize *start, gboolean *envelope)
{
    *start = 0;
    *envelope = FALSE;
    if (len == 0)
        return R_EMPTY;
    gsize p = (len >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    gsize lim = MIN(len, (gsize)HEADER_MAX);
    const char *nl = memchr(d + p, '\n', lim - p);
    gsize eol = nl ? (gsize)(nl - d) : lim;
    if (memchr(d + p, '\0', eol - p))
        return R_BINARY;
    gsize hs = p; /* first header line */
    if (eol - p >= 5 && memcmp(d + p, "From ", 5) == 0) {
        *envelope = TRUE;
        hs = MIN(eol + 1, len);
    }
    gssize he = header_end(d, hs, lim);
    if (mostly_control(d + hs, MIN((gsize)4096, (he >= 0 ? (gsize)he : lim) - hs)))
        return R_BINARY;
    const char *nl2 = memchr(d + hs, '\n', lim > hs ? lim - hs : 0);
    if (!header_like(d + hs, (nl2 ? (gsize)(nl2 - d) : lim) - hs))
        /* Random bytes may hold an early blank line, leaving a short
         * "header" that looks clean: judge the start of the file as well. */
        return mostly_control(d + p, MIN((gsize)4096, len - p)) ||
                       memchr(d + p, '\0', MIN((gsize)4096, len - p))
                   ? R_BINARY
                   : R_NOHDR;
    if (len > HEADER_MAX && he < 0)
        return R_BIGHDR;
    *start = *envelope ? hs : p;
    return NULL;
}

static gboolean fail_errno(GError **err, int e)
{
    g_set_error_literal(err, PARLEY_ERROR, PL_ERR_IO, g_strerror(e));
    return FALSE;
}

/* Opens path for reading; regular files only (a directory opens fine on
 * Linux and would only fail at read time with a less clear message). */
static int open_regular(const char *path, struct stat *st, GError **err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail_errno(err, errno);
        return -1;
    }
    if (fstat(fd, st) != 0) {
        int e = errno;
        close(fd);
        fail_errno(err, e);
        return -1;
    }
    if (!S_ISREG(st->st_mode)) {
        close(fd);
        if (S_ISDIR(st->st_mode))
            fail_errno(err, EISDIR);
        else
            g_set_error_literal(err, PARLEY_ERROR, PL_ERR_IO, "not a regular file");
        return -1;
    }
    return fd;
}

/* Per-thread read buffer, reused from file to file: a fresh malloc per
 * message showed up in profiles. Buffers that grew past 1 MiB are dropped
 * after use so one big message does not pin memory. */
static GPrivate read_buf = G_PRIVATE_INIT((GDestroyNotify)g_byte_array_unref);
/* One parser per thread, re-initialised per file: creating a GMimeParser
 * costs ~90k instructions (7 % of a bare parse of usrp-users). */
static GPrivate file_parser = G_PRIVATE_INIT(g_object_unref);

static GMimeStream *empty_stream(void)
{
    static GMimeStream *empty;
    if (g_once_init_enter(&empty))
        g_once_init_leave(&empty, g_mime_stream_null_new());
    return empty;
}
#define READ_KEEP (1024 * 1024)

/* Whole file in memory (small) or mapped (large), as a GMime stream. */
static GMimeStream *file_stream(int fd, gsize size, const char **data, gsize *len, GError **err)
{
    if (size > READ_MAX) {
        GMimeStream *s = g_mime_stream_mmap_new(fd, PROT_READ, MAP_PRIVATE);
        if (!s) {
            fail_errno(err, errno);
            close(fd);
            return NULL;
        }
        *data = GMIME_STREAM_MMAP(s)->map;
        *len = GMIME_STREAM_MMAP(s)->maplen;
        return s; /* owns fd */
    }
    GByteArray *ba = g_private_get(&read_buf);
    if (!ba || ba->len > READ_KEEP) {
        ba = g_byte_array_sized_new(MAX(size + 1, 64 * 1024));
        g_private_replace(&read_buf, ba);
    }
    g_byte_array_set_size(ba, size + 1);
    gsize got = 0;
    while (got < size) {
        ssize_t r = read(fd, ba->data + got, size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            fail_errno(err, e);
            return NULL;
        }
        if (r == 0)
            break; /* file shrank since fstat */
        got += r;
    }
    close(fd);
    g_byte_array_set_size(ba, got);
    *data = (const char *)ba->data;
    *len = got;
    /* Not owned by the stream; every GMime object over it is released
     * before pl_mail_parse_file returns, so the buffer can be reused. */
    GMimeStream *s = g_mime_stream_mem_new_with_byte_array(ba);
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(s), FALSE);
    return s;
}

/* The checks and the parse every single message gets, from a stream over
 * data[0, len) (a file read or mapped, or bytes fetched from a server). */
static pl_event *parse_stream(GMimeStream *stream, const char *data, gsize len,
                              const pl_mail_opts *o, GError **err)
{
    gsize start;
    gboolean envelope;
    const char *why = sniff(data, len, &start, &envelope);
    if (why) {
        g_set_error_literal(err, PARLEY_ERROR, PL_ERR_PARSE, why);
        return NULL;
    }
    gint64 env_ts = 0;
    if (envelope) {
        char *line = g_strndup(data, start);
        env_ts = pl_mail__from_line_ts(line);
        g_free(line);
    }
    GMimeStream *src = start ? g_mime_stream_substream(stream, start, len) : g_object_ref(stream);
    GMimeParser *parser = g_private_get(&file_parser);
    if (!parser) {
        parser = g_mime_parser_new();
        g_private_set(&file_parser, parser);
    }
    g_mime_parser_init_with_stream(parser, src);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
    GMimeMessage *msg = g_mime_parser_construct_message(parser, parser_opts);
    pl_event *ev = NULL;
    if (msg) {
        guint dmg = pl_mail__damaged(msg, data + start, len - start) ? PL_EV_DAMAGED : 0;
        ev = to_event(msg, len - start, o, dmg, env_ts, FALSE);
        g_object_unref(msg);
    } else {
        g_set_error_literal(err, PARLEY_ERROR, PL_ERR_PARSE, "could not parse the message");
    }
    /* The parser keeps a reference to the stream until the next file:
     * drop it now so the read buffer is free to be reused. */
    g_mime_parser_init_with_stream(parser, empty_stream());
    g_object_unref(src);
    return ev;
}

pl_event *pl_mail_parse_file(const char *path, const pl_mail_opts *o, GError **err)
{
    g_return_val_if_fail(path != NULL, NULL);
    pl_mail_init();
    struct stat st;
    int fd = open_regular(path, &st, err);
    if (fd < 0)
        return NULL;
    const char *data = NULL;
    gsize len = 0;
    GMimeStream *stream = file_stream(fd, st.st_size, &data, &len, err);
    if (!stream)
        return NULL;
    pl_event *ev = parse_stream(stream, data, len, o, err);
    g_object_unref(stream);
    return ev;
}

pl_event *pl_mail_parse_bytes(const char *data, gsize len, const pl_mail_opts *o, GError **err)
{
    g_return_val_if_fail(data != NULL || len == 0, NULL);
    pl_mail_init();
    /* GMime reads the caller's bytes in place; nothing it builds outlives
     * this call. */
    GByteArray *ba = g_byte_array_new_take((guint8 *)data, len);
    GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(ba);
    g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
    pl_event *ev = parse_stream(stream, data, len, o, err);
    g_object_unref(stream);
    (void)g_byte_array_steal(ba, NULL);
    g_byte_array_unref(ba);
    return ev;
}

/* ---------------------------------------------------------------- mbox */

/* First non-empty line starts with "From ". */
static gboolean looks_like_mbox(const char *d, gsize len)
{
    gsize i = 0;
    while (i < len && (d[i] == '\n' || d[i] == '\r' || d[i] == ' ' || d[i] == '\t'))
        i++;
    return len - i >= 5 && memcmp(d + i, "From ", 5) == 0;
}

gboolean pl_mail_mbox_each(const char *path, const pl_mail_opts *o,
                           gboolean (*cb)(pl_event *ev, gint64 offset, gpointer user),
                           gpointer user, pl_warn_fn warn, gpointer warn_user, GError **err)
{
    g_return_val_if_fail(path != NULL && cb != NULL, FALSE);
    pl_mail_init();
    struct stat st;
    int fd = open_regular(path, &st, err);
    if (fd < 0)
        return FALSE;
    if (st.st_size == 0) {
        close(fd);
        return TRUE; /* an empty mbox holds no messages; that is not an error */
    }
    /* mmap: GMime then references message content in place instead of
     * copying it, and the page cache bounds memory, not the mbox size. */
    GMimeStream *stream = g_mime_stream_mmap_new(fd, PROT_READ, MAP_PRIVATE);
    if (!stream) {
        int e = errno;
        close(fd);
        return fail_errno(err, e);
    }
    GMimeStreamMmap *mm = GMIME_STREAM_MMAP(stream);
    if (!looks_like_mbox(mm->map, mm->maplen)) {
        g_object_unref(stream);
        g_set_error_literal(err, PARLEY_ERROR, PL_ERR_PARSE,
                            "not an mbox (first line does not start with \"From \")");
        return FALSE;
    }
    GMimeParser *parser = g_mime_parser_new_with_stream(stream);
    g_mime_parser_set_format(parser, GMIME_FORMAT_MBOX);
    gint64 dropped = 0; /* the map's pages before this were let go */
    while (!g_mime_parser_eos(parser)) {
        gint64 before = g_mime_parser_tell(parser);
        GMimeMessage *msg = g_mime_parser_construct_message(parser, parser_opts);
        gint64 after = g_mime_parser_tell(parser);
        if (!msg) {
            if (after > before && !g_mime_parser_eos(parser) && warn) {
                char *where = g_strdup_printf("%s@%" G_GINT64_FORMAT, path, before);
                warn(where, "could not parse the message", warn_user);
                g_free(where);
            }
            if (after <= before)
                break; /* no progress: never spin */
            continue;
        }
        gint64 off = g_mime_parser_get_mbox_marker_offset(parser);
        GMimeHeaderList *hl = g_mime_object_get_header_list(GMIME_OBJECT(msg));
        if (!hl || g_mime_header_list_get_count(hl) == 0) {
            /* Text between two From_ lines that is not a message. */
            if (warn) {
                char *where = g_strdup_printf("%s@%" G_GINT64_FORMAT, path, off);
                warn(where, "not a mail message (no header lines)", warn_user);
                g_free(where);
            }
            g_object_unref(msg);
            continue;
        }
        char *marker = g_mime_parser_get_mbox_marker(parser);
        gint64 hb = g_mime_parser_get_headers_begin(parser);
        gint64 raw = after > hb ? after - hb : 0;
        /* The blank line before the next From_ line is mbox framing. */
        if (raw >= 2 && after <= (gint64)mm->maplen && mm->map[after - 1] == '\n' &&
            mm->map[after - 2] == '\n')
            raw--;
        gboolean in_map = hb >= 0 && hb + raw <= (gint64)mm->maplen;
        guint dmg = pl_mail__damaged(msg, in_map ? mm->map + hb : NULL, raw) ? PL_EV_DAMAGED : 0;
        pl_event *ev = to_event(msg, raw, o, dmg, pl_mail__from_line_ts(marker), TRUE);
        g_free(marker);
        g_object_unref(msg);
        if (!cb(ev, off, user))
            break;
        /* Pages already read count in the resident size of a mapping: let
         * them go behind the parser, so that a mbox of any size stays
         * within the same few MiB. A hint only: a private mapping of an
         * unchanged file reads a page again from the file if it is needed. */
        if (after - dropped >= DROP_BEHIND) {
            gint64 upto = after & ~(gint64)(sysconf(_SC_PAGESIZE) - 1);
            if (upto > dropped && upto <= (gint64)mm->maplen)
                madvise(mm->map + dropped, (size_t)(upto - dropped), MADV_DONTNEED);
            dropped = MAX(dropped, upto);
        }
    }
    g_object_unref(parser);
    g_object_unref(stream);
    return TRUE;
}
