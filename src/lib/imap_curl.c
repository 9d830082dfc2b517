/* imap_curl.c — the IMAP session's connection: libcurl connects, does TLS
 * (imaps://, or STARTTLS whenever the server offers it), reads netrc and
 * logs in (CURLOPT_CONNECT_ONLY stops right after the login), then
 * curl_easy_send / curl_easy_recv carry imap.c's commands. Every wait for
 * the server is bounded by the configured timeout, so a server that stops
 * answering is an error, never a hang.
 */
#include "imap.h"

#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

typedef struct {
    CURL *h;
    curl_socket_t sock;
    int timeout_s;
} curl_io;

static gboolean wait_for(curl_io *c, short events, GError **err)
{
    struct pollfd p = {.fd = c->sock, .events = events};
    int r;
    do
        r = poll(&p, 1, c->timeout_s * 1000);
    while (r < 0 && errno == EINTR);
    if (r == 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "the server did not answer for %d s",
                    c->timeout_s);
        return FALSE;
    }
    if (r < 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "waiting for the server: %s", g_strerror(errno));
        return FALSE;
    }
    return TRUE; /* readable, writable, or hung up: the next call says which */
}

static gssize io_recv(gpointer io, void *buf, gsize len, GError **err)
{
    curl_io *c = io;
    for (;;) {
        size_t n = 0;
        /* Always try first: TLS may hold decrypted bytes the socket no
         * longer signals. */
        CURLcode rc = curl_easy_recv(c->h, buf, len, &n);
        if (rc == CURLE_OK)
            return (gssize)n;
        if (rc != CURLE_AGAIN) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "the connection broke: %s",
                        curl_easy_strerror(rc));
            return -1;
        }
        if (!wait_for(c, POLLIN, err))
            return -1;
    }
}

static gboolean io_send(gpointer io, const void *buf, gsize len, GError **err)
{
    curl_io *c = io;
    gsize done = 0;
    while (done < len) {
        size_t n = 0;
        CURLcode rc = curl_easy_send(c->h, (const char *)buf + done, len - done, &n);
        if (rc == CURLE_OK) {
            done += n;
        } else if (rc == CURLE_AGAIN) {
            if (!wait_for(c, POLLOUT, err))
                return FALSE;
        } else {
            g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "the connection broke: %s",
                        curl_easy_strerror(rc));
            return FALSE;
        }
    }
    return TRUE;
}

static void io_free(gpointer io, gboolean healthy)
{
    curl_io *c = io;
    /* libcurl logs out on cleanup. On a broken session that LOGOUT would
     * wait for an answer that never comes: shut the socket so it fails at
     * once. */
    if (!healthy && c->sock != CURL_SOCKET_BAD)
        shutdown(c->sock, SHUT_RDWR);
    curl_easy_cleanup(c->h);
    g_free(c);
}

static const pl_imap_io curl_ops = {io_recv, io_send, io_free};

pl_imap *pl_imap_connect(const pl_imap_login *l, GError **err)
{
    static gsize once;
    if (g_once_init_enter(&once)) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        g_once_init_leave(&once, 1);
    }
    g_assert(l->url && l->where && l->timeout_s > 0);
    CURL *h = curl_easy_init();
    if (!h) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "libcurl could not start");
        return NULL;
    }
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(h, CURLOPT_URL, l->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(h, CURLOPT_CONNECT_ONLY, 1L);
    curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)l->timeout_s);
    curl_easy_setopt(h, CURLOPT_SERVER_RESPONSE_TIMEOUT, (long)l->timeout_s);
    if (l->password)
        curl_easy_setopt(h, CURLOPT_PASSWORD, l->password);
    if (l->netrc) {
        curl_easy_setopt(h, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
        curl_easy_setopt(h, CURLOPT_NETRC_FILE, l->netrc);
    }
    if (l->ca_file)
        curl_easy_setopt(h, CURLOPT_CAINFO, l->ca_file);
    CURLcode rc = curl_easy_perform(h);
    curl_socket_t sock = CURL_SOCKET_BAD;
    if (rc == CURLE_OK &&
        (curl_easy_getinfo(h, CURLINFO_ACTIVESOCKET, &sock) != CURLE_OK || sock == CURL_SOCKET_BAD))
        rc = CURLE_COULDNT_CONNECT;
    if (rc != CURLE_OK) {
        const char *detail = *errbuf ? errbuf : curl_easy_strerror(rc);
        if (rc == CURLE_LOGIN_DENIED)
            g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                        "%s: login failed: the server refused the user name or password%s%s%s",
                        l->where, l->hint ? " (" : "", l->hint ? l->hint : "", l->hint ? ")" : "");
        else
            g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "%s: %s%s", l->where,
                        rc == CURLE_COULDNT_CONNECT        ? "cannot connect: "
                        : rc == CURLE_COULDNT_RESOLVE_HOST ? "unknown host: "
                        : rc == CURLE_OPERATION_TIMEDOUT   ? "timed out: "
                                                           : "",
                        detail);
        curl_easy_cleanup(h);
        return NULL;
    }
    curl_io *c = g_new0(curl_io, 1);
    c->h = h;
    c->sock = sock;
    c->timeout_s = l->timeout_s;
    /* The error buffer lives on this stack frame. */
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, NULL);
    return pl_imap_new(&curl_ops, c, l->where);
}
