/* send.c — `parley send`: delivers a message file over SMTP with libcurl and
 * then records it on the customer's timeline as an outbound mail event.
 *
 * Settings are [smtp] in the config: url, user, and the password in a
 * password-file (mode 0600), from a password-command or in a netrc-style
 * file (credentials.c); a password written into parley.conf itself is
 * refused, so it never sits in clear beside settings that get shared.
 * STARTTLS is used whenever the server offers it.
 * The event is parsed back from the file with the mail adapter, so its
 * source key is the one the same message gets when the Sent folder is
 * ingested later: sending again, or ingesting it, never duplicates it.
 */
#include "draft.h"

#include "credentials.h"
#include "ingest.h"
#include "mail.h"

#include <curl/curl.h>
#include <string.h>

typedef struct {
    char *url, *user, *password, *netrc;
} smtp_cfg;

static void smtp_cfg_clear(smtp_cfg *c)
{
    g_free(c->url);
    g_free(c->user);
    pl_credentials_wipe(c->password); /* do not leave it in freed memory */
    g_free(c->netrc);
}

static gboolean smtp_cfg_load(const pl_config *cfg, smtp_cfg *c, GError **err)
{
    memset(c, 0, sizeof *c);
    pl_credentials cred;
    if (!pl_credentials_load(cfg, "smtp", &cred, err))
        return FALSE;
    GKeyFile *kf = g_key_file_new();
    g_key_file_load_from_file(kf, cfg->path, G_KEY_FILE_NONE, NULL);
    c->url = g_key_file_get_string(kf, "smtp", "url", NULL);
    g_key_file_free(kf);
    gboolean ok = FALSE;
    if (c->url)
        g_strstrip(c->url);
    if (!c->url || !(g_str_has_prefix(c->url, "smtp://") || g_str_has_prefix(c->url, "smtps://")))
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "%s: [smtp] url must be set to smtp://HOST:PORT or smtps://HOST:PORT",
                    cfg->path);
    else
        ok = pl_credentials_password(&cred, &c->password, err);
    c->user = g_steal_pointer(&cred.user);
    c->netrc = g_steal_pointer(&cred.netrc);
    pl_credentials_clear(&cred);
    return ok;
}

/* Addresses of a header list, groups flattened. */
static void add_addresses(GPtrArray *into, InternetAddressList *l)
{
    for (int i = 0; l && i < internet_address_list_length(l); i++) {
        InternetAddress *a = internet_address_list_get_address(l, i);
        if (INTERNET_ADDRESS_IS_GROUP(a)) {
            add_addresses(into, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(a)));
            continue;
        }
        char *n =
            pl_address_normalise(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a)));
        gboolean seen = FALSE;
        for (guint k = 0; n && k < into->len && !seen; k++)
            seen = strcmp(into->pdata[k], n) == 0;
        if (n && !seen)
            g_ptr_array_add(into, n);
        else
            g_free(n);
    }
}

/* The bytes to transmit (CRLF, Bcc removed) and the envelope. */
static GByteArray *prepare(const char *path, pl_send_result *res, GError **err)
{
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, err))
        return NULL;
    pl_mail_init();
    GMimeStream *in = g_mime_stream_mem_new_with_buffer(data, len);
    g_free(data);
    GMimeParser *parser = g_mime_parser_new_with_stream(in);
    GMimeMessage *m = g_mime_parser_construct_message(parser, NULL);
    g_object_unref(parser);
    g_object_unref(in);
    GByteArray *out = NULL;
    if (!m) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE, "%s: not a mail message", path);
        return NULL;
    }
    GPtrArray *from = g_ptr_array_new_with_free_func(g_free);
    add_addresses(from, g_mime_message_get_from(m));
    add_addresses(res->rcpts, g_mime_message_get_to(m));
    add_addresses(res->rcpts, g_mime_message_get_cc(m));
    add_addresses(res->rcpts, g_mime_message_get_bcc(m));
    const char *mid = g_mime_message_get_message_id(m);
    const char *missing = !from->len                                           ? "From address"
                          : !res->rcpts->len                                   ? "recipient"
                          : !g_mime_object_get_header(GMIME_OBJECT(m), "Date") ? "Date"
                          : !mid                                               ? "Message-ID"
                                                                               : NULL;
    if (missing) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE,
                    "%s has no %s; write messages with parley draft or add it", path, missing);
    } else {
        res->envelope_from = g_strdup(from->pdata[0]);
        res->message_id = g_strdup(mid);
        /* Bcc recipients get the message; the header would tell everyone. */
        g_mime_object_remove_header(GMIME_OBJECT(m), "Bcc");
        GMimeStream *mem = g_mime_stream_mem_new();
        GMimeFormatOptions *fo = g_mime_format_options_new();
        g_mime_format_options_set_newline_format(fo, GMIME_NEWLINE_FORMAT_DOS);
        g_mime_object_write_to_stream(GMIME_OBJECT(m), fo, mem);
        g_mime_format_options_free(fo);
        out = g_byte_array_new();
        GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
        g_byte_array_append(out, ba->data, ba->len);
        g_object_unref(mem);
    }
    g_ptr_array_free(from, TRUE);
    g_object_unref(m);
    return out;
}

typedef struct {
    const GByteArray *data;
    gsize pos;
} upload;

static size_t read_cb(char *buf, size_t size, size_t n, void *user)
{
    upload *u = user;
    size_t want = MIN(size * n, u->data->len - u->pos);
    memcpy(buf, u->data->data + u->pos, want);
    u->pos += want;
    return want;
}

static gboolean deliver(const smtp_cfg *c, const GByteArray *data, const pl_send_result *res,
                        GError **err)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        g_once_init_leave(&once, 1);
    }
    CURL *h = curl_easy_init();
    if (!h) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "libcurl could not start");
        return FALSE;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = NULL;
    for (guint i = 0; i < res->rcpts->len; i++) {
        char *r = g_strdup_printf("<%s>", (char *)res->rcpts->pdata[i]);
        rcpt = curl_slist_append(rcpt, r);
        g_free(r);
    }
    char *from = g_strdup_printf("<%s>", res->envelope_from);
    upload u = {data, 0};
    curl_easy_setopt(h, CURLOPT_URL, c->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)data->len);
    /* STARTTLS whenever the server offers it; plain only when it does not. */
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 300L);
    if (c->user)
        curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
    if (c->password)
        curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
    if (c->netrc) {
        curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        curl_easy_setopt(h, CURLOPT_NETRC_FILE, c->netrc);
    }
    CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK)
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "sending via %s failed: %s%s%s%s", c->url,
                    curl_easy_strerror(rc), *errbuf ? " (" : "", errbuf, *errbuf ? ")" : "");
    curl_easy_cleanup(h);
    curl_slist_free_all(rcpt);
    g_free(from);
    return rc == CURLE_OK;
}

/* The sent message, parsed back like any mail, on the timeline. */
static gboolean record(pl_store *st, const pl_config *cfg, const char *path, pl_send_result *res,
                       GError **err)
{
    pl_mail_opts mo = {.store_body = cfg->store_bodies,
                       .fallback_ts = g_get_real_time() / G_USEC_PER_SEC};
    pl_event *ev = pl_mail_parse_file(path, &mo, err);
    if (!ev) {
        g_prefix_error(err, "sent, but not recorded: %s: ", path);
        return FALSE;
    }
    char *abs = g_canonicalize_filename(path, NULL);
    pl_ingest_stats stats;
    pl_ingest_stats_init(&stats);
    pl_ingest_opts opts = {0};
    pl_ingest ing;
    gboolean ok = pl_ingest_begin(&ing, st, cfg, &opts, &stats, err);
    if (ok) {
        gint64 src = st->ops->source_id(st, "sent", "parley send", err);
        ok = src && pl_ingest_add(&ing, ev, src, abs, err);
        ok = pl_ingest_finish(&ing, ok, err);
    }
    res->recorded = ok && stats.added > 0;
    res->duplicate = ok && stats.duplicates > 0;
    pl_ingest_stats_clear(&stats);
    pl_event_free(ev);
    g_free(abs);
    return ok;
}

gboolean pl_send_file(pl_store *st, const pl_config *cfg, const char *path, pl_send_result *res,
                      GError **err)
{
    memset(res, 0, sizeof *res);
    res->rcpts = g_ptr_array_new_with_free_func(g_free);
    smtp_cfg c;
    if (!smtp_cfg_load(cfg, &c, err)) {
        smtp_cfg_clear(&c);
        return FALSE;
    }
    GByteArray *data = prepare(path, res, err);
    gboolean ok = data && deliver(&c, data, res, err);
    if (data)
        g_byte_array_free(data, TRUE);
    smtp_cfg_clear(&c);
    return ok && record(st, cfg, path, res, err);
}

void pl_send_result_clear(pl_send_result *res)
{
    g_free(res->envelope_from);
    g_free(res->message_id);
    if (res->rcpts)
        g_ptr_array_free(res->rcpts, TRUE);
    memset(res, 0, sizeof *res);
}
