/* imap_sync.c — `parley sync`: new mail from IMAP folders into the store.
 *
 * Per folder (a source of kind "imap" at imap://user@host[:port]/FOLDER)
 * the store keeps the folder's UIDVALIDITY and a UID high-water mark: every
 * UID up to it was ingested or reported. A run opens the folder read-only,
 * asks for the UIDs above the mark and fetches them in batches. Messages
 * are parsed on a thread pool as they arrive and ingested in arrival order
 * (a bounded window) through the mail adapter and the shared ingest path,
 * so each becomes the same event with the same key as when read from a
 * Maildir, recorded as seen at ...;UIDVALIDITY=V/;UID=N. The mark moves only
 * over a contiguous run of finished UIDs and is written in the transaction
 * of the events it covers: whatever is committed is exactly consistent, so
 * a kill or a dropped connection loses nothing and a re-run resumes. A new
 * UIDVALIDITY means the server renumbered the folder: it is read again from
 * the start and the event keys keep that from adding anything twice.
 */
#include "credentials.h"
#include "html_lib.h"
#include "imap.h"
#include "ingest.h"
#include "mail.h"

#include <curl/curl.h>
#include <string.h>

#define FETCH_BATCH 500
#define DEFAULT_TIMEOUT_S 60

void pl_sync_result_init(pl_sync_result *r)
{
    memset(r, 0, sizeof *r);
    r->folders = g_array_new(FALSE, TRUE, sizeof(pl_sync_folder));
    pl_ingest_stats_init(&r->totals);
}

void pl_sync_result_clear(pl_sync_result *r)
{
    for (guint i = 0; r->folders && i < r->folders->len; i++) {
        pl_sync_folder *f = &g_array_index(r->folders, pl_sync_folder, i);
        g_free(f->name);
        g_free(f->location);
        g_free(f->error);
    }
    if (r->folders)
        g_array_free(r->folders, TRUE);
    pl_ingest_stats_clear(&r->totals);
    memset(r, 0, sizeof *r);
}

const pl_sync_folder *pl_sync_current(const pl_sync_result *r)
{
    return r->folders && r->folders->len
               ? &g_array_index(r->folders, pl_sync_folder, r->folders->len - 1)
               : NULL;
}

/* ---------------------------------------------------------- URL, config */

typedef struct {
    gboolean tls; /* imaps:// */
    char *host;   /* as libcurl gives it (IPv6 in brackets) */
    char *port;   /* NULL = the scheme's default */
    char *user;   /* decoded, or NULL */
    char *folder; /* decoded path, or NULL when the URL names none */
} imap_url;

static void imap_url_clear(imap_url *u)
{
    g_free(u->host);
    g_free(u->port);
    g_free(u->user);
    g_free(u->folder);
    memset(u, 0, sizeof *u);
}

static gboolean url_part(CURLU *cu, CURLUPart part, unsigned flags, char **out)
{
    char *v = NULL;
    *out = NULL;
    if (curl_url_get(cu, part, &v, flags) != CURLUE_OK || !v)
        return FALSE;
    *out = g_strdup(v);
    curl_free(v);
    return TRUE;
}

/* The URL is never repeated in messages: it might hold a password. */
static gboolean parse_url(const char *text, imap_url *u, GError **err)
{
    memset(u, 0, sizeof *u);
    CURLU *cu = curl_url();
    char *scheme = NULL, *pass = NULL, *opts = NULL, *query = NULL, *frag = NULL, *raw = NULL;
    const char *why = NULL;
    if (curl_url_set(cu, CURLUPART_URL, text, 0) != CURLUE_OK ||
        !url_part(cu, CURLUPART_SCHEME, 0, &scheme))
        why = "is not a URL (expected imap://USER@HOST[:PORT]/FOLDER)";
    else if (strcmp(scheme, "imap") != 0 && strcmp(scheme, "imaps") != 0)
        why = "must begin with imap:// or imaps://";
    else if (url_part(cu, CURLUPART_PASSWORD, 0, &pass))
        why = "holds a password: it would end up in the shell history and the process list; "
              "use [imap] password-file, password-command or netrc-file";
    else if (url_part(cu, CURLUPART_OPTIONS, 0, &opts))
        why = "has login options (;AUTH=...), which are not supported";
    else if (url_part(cu, CURLUPART_QUERY, 0, &query) || url_part(cu, CURLUPART_FRAGMENT, 0, &frag))
        why = "has a ?query or #fragment: give the folder only";
    else if (!url_part(cu, CURLUPART_HOST, 0, &u->host) || !*u->host)
        why = "names no server";
    else if (url_part(cu, CURLUPART_PATH, 0, &raw) && strchr(raw, ';'))
        why = "names a message (;UID=...) rather than a folder";
    if (!why) {
        u->tls = strcmp(scheme, "imaps") == 0;
        url_part(cu, CURLUPART_PORT, 0, &u->port);
        url_part(cu, CURLUPART_USER, CURLU_URLDECODE, &u->user);
        char *path = NULL;
        url_part(cu, CURLUPART_PATH, CURLU_URLDECODE, &path);
        char *p = path ? path : (char *)"";
        while (*p == '/')
            p++;
        gsize l = strlen(p);
        while (l && p[l - 1] == '/')
            p[--l] = '\0';
        u->folder = *p ? g_strdup(p) : NULL;
        g_free(path);
        if (u->user && !*u->user)
            g_clear_pointer(&u->user, g_free);
        char *lower = g_ascii_strdown(u->host, -1);
        g_free(u->host);
        u->host = lower;
    }
    g_free(scheme);
    pl_credentials_wipe(pass);
    g_free(opts);
    g_free(query);
    g_free(frag);
    g_free(raw);
    curl_url_cleanup(cu);
    if (why) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE, "the IMAP URL %s", why);
        imap_url_clear(u);
    }
    return why == NULL;
}

static gboolean parse_url(const char *text, imap_url *u, GError **err);

typedef struct {
    char *url;          /* [imap] url */
    char *home_host;    /* its host: the only one [imap]'s password is sent to */
    GPtrArray *folders; /* [imap] folders */
    char *ca_file;
    int timeout_s;
    pl_credentials cred;
} imap_cfg;

static void imap_cfg_clear(imap_cfg *c)
{
    g_free(c->url);
    g_free(c->home_host);
    if (c->folders)
        g_ptr_array_free(c->folders, TRUE);
    g_free(c->ca_file);
    pl_credentials_clear(&c->cred);
}

static gboolean imap_cfg_load(const pl_config *cfg, imap_cfg *c, GError **err)
{
    memset(c, 0, sizeof *c);
    c->timeout_s = DEFAULT_TIMEOUT_S;
    c->folders = g_ptr_array_new_with_free_func(g_free);
    if (!pl_credentials_load(cfg, "imap", &c->cred, err))
        return FALSE;
    GKeyFile *kf = g_key_file_new();
    g_key_file_load_from_file(kf, cfg->path, G_KEY_FILE_NONE, NULL);
    c->url = g_key_file_get_string(kf, "imap", "url", NULL);
    if (c->url && !*g_strstrip(c->url))
        g_clear_pointer(&c->url, g_free);
    gboolean ok = TRUE;
    imap_url home;
    if (c->url && parse_url(c->url, &home, err)) {
        c->home_host = g_strdup(home.host);
        imap_url_clear(&home);
    } else if (c->url) {
        g_prefix_error(err, "%s: [imap] url: ", cfg->path);
        ok = FALSE;
    }
    gsize n = 0;
    char **fs = g_key_file_get_string_list(kf, "imap", "folders", &n, NULL);
    for (gsize i = 0; i < n; i++)
        if (*g_strstrip(fs[i]))
            pl_strv_add_unique(c->folders, g_strdup(fs[i]));
    g_strfreev(fs);
    char *ca = g_key_file_get_string(kf, "imap", "ca-file", NULL);
    if (ca && *g_strstrip(ca))
        c->ca_file = pl_config_relative_path(cfg, ca);
    g_free(ca);
    if (ok && g_key_file_has_key(kf, "imap", "timeout-seconds", NULL)) {
        GError *e = NULL;
        int t = g_key_file_get_integer(kf, "imap", "timeout-seconds", &e);
        if (e || t <= 0 || t > 3600) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                        "%s: [imap] timeout-seconds must be a whole number from 1 to 3600",
                        cfg->path);
            ok = FALSE;
        }
        g_clear_error(&e);
        c->timeout_s = t;
    }
    g_key_file_free(kf);
    return ok;
}

/* imap://user@host[:port], the server as sources and messages name it:
 * the scheme is "imap" for TLS too (RFC 5092: the same mailbox), the port
 * only when it is not the scheme's default. */
static char *server_location(const imap_url *u)
{
    GString *s = g_string_new("imap://");
    if (u->user) {
        char *e = g_uri_escape_string(u->user, NULL, TRUE);
        g_string_append_printf(s, "%s@", e);
        g_free(e);
    }
    g_string_append(s, u->host);
    if (u->port && strcmp(u->port, u->tls ? "993" : "143") != 0)
        g_string_append_printf(s, ":%s", u->port);
    return g_string_free(s, FALSE);
}

/* ------------------------------------------------------------- a folder */

typedef struct {
    pl_store *st;
    pl_ingest *ing;
    const pl_ingest_opts *opts;
    pl_imap *imap;
    pl_mail_opts mo;
    pl_sync_result *res;
    /* the folder running */
    guint folder; /* index in res->folders */
    gint64 source_id;
    GArray *wanted; /* guint32 UIDs to fetch, ascending */
    gboolean *done; /* per wanted UID */
    guint next;     /* first wanted index not done */
    gboolean store_failed;
    GError *store_err; /* the store failure, kept for whoever stops next */
    /* Messages are parsed on a pool while the connection is read, and
     * ingested in arrival order (as ingest_mail.c does with files). */
    GThreadPool *pool;
    GMutex lock;
    GCond cond;
    GQueue queue; /* parse_job, arrival order */
    gsize queued_bytes;
} sync_job;

/* Parsed messages waiting in memory: at most this many, or this many bytes. */
#define WINDOW 64
#define WINDOW_BYTES (64 * 1024 * 1024)

typedef struct {
    guint32 uid;
    char *data; /* the message's bytes (freed once parsed), or NULL: nothing to parse */
    gsize size;
    gsize held; /* bytes counted in queued_bytes */
    pl_mail_opts mo;
    pl_event *ev;
    GError *err;
    gboolean done;
} parse_job;

static pl_sync_folder *cur(sync_job *j)
{
    return &g_array_index(j->res->folders, pl_sync_folder, j->folder);
}

static void notice(sync_job *j, const char *where, const char *what)
{
    if (j->opts->warn)
        j->opts->warn(where, what, j->opts->warn_user);
}

static int compare_uid(gconstpointer a, gconstpointer b)
{
    guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;
    return x < y ? -1 : x > y;
}

/* Marks uid finished and moves the high-water mark over every finished
 * UID in a row; the mark is written in the current transaction. */
static gboolean mark_done(sync_job *j, guint32 uid, GError **err)
{
    guint32 *hit = bsearch(&uid, j->wanted->data, j->wanted->len, sizeof(guint32), compare_uid);
    if (!hit)
        return TRUE; /* not asked for; nothing to account */
    guint i = (guint)(hit - (guint32 *)j->wanted->data);
    if (j->done[i])
        return TRUE;
    j->done[i] = TRUE;
    j->ing->stats->files_done++;
    guint before = j->next;
    while (j->next < j->wanted->len && j->done[j->next])
        j->next++;
    if (j->next == before)
        return TRUE;
    pl_sync_folder *f = cur(j);
    f->last_uid = g_array_index(j->wanted, guint32, j->next - 1);
    return j->st->ops->sync_state_set(j->st, j->source_id, (gint64)f->uidvalidity,
                                      (gint64)f->last_uid, err);
}

static void parse_worker(gpointer data, gpointer user)
{
    parse_job *p = data;
    sync_job *j = user;
    GError *e = NULL;
    pl_event *ev = pl_mail_parse_bytes(p->data, p->size, &p->mo, &e);
    g_clear_pointer(&p->data, g_free);
    g_mutex_lock(&j->lock);
    p->ev = ev;
    p->err = e;
    p->done = TRUE;
    g_cond_broadcast(&j->cond);
    g_mutex_unlock(&j->lock);
}

static void store_failure(sync_job *j, GError *e)
{
    j->store_failed = TRUE;
    if (!j->store_err)
        j->store_err = e;
    else
        g_error_free(e);
}

/* One parsed message into the store (or reported), then its UID done. */
static void consume(sync_job *j, parse_job *p)
{
    pl_ingest *ing = j->ing;
    pl_sync_folder *f = cur(j);
    char *where = g_strdup_printf("%s;UIDVALIDITY=%" G_GUINT64_FORMAT "/;UID=%u", f->location,
                                  f->uidvalidity, p->uid);
    GError *e = NULL;
    gboolean ok = TRUE;
    if (p->ev) {
        ing->stats->messages++;
        ok = pl_ingest_add(ing, p->ev, j->source_id, where, &e);
    } else if (p->err) {
        pl_ingest_skip(ing, where, p->err->message);
    } else {
        pl_ingest_skip(ing, where,
                       p->size ? "larger than 64 MiB: not fetched" : "the server sent no content");
    }
    ok = ok && mark_done(j, p->uid, &e) && pl_ingest_maybe_commit(ing, &e);
    if (!ok)
        store_failure(j, e);
    pl_ingest_progress(ing, FALSE);
    g_free(where);
}

/* Ingests queued messages in arrival order until at most keep are left
 * and they hold at most WINDOW_BYTES (waiting for their parse as needed);
 * after a store failure they are only freed. */
static void drain(sync_job *j, guint keep)
{
    for (;;) {
        parse_job *p = g_queue_peek_head(&j->queue);
        if (!p || (j->queue.length <= keep && j->queued_bytes <= WINDOW_BYTES))
            return;
        g_mutex_lock(&j->lock);
        while (!p->done)
            g_cond_wait(&j->cond, &j->lock);
        g_mutex_unlock(&j->lock);
        g_queue_pop_head(&j->queue);
        j->queued_bytes -= p->held;
        if (!j->store_failed)
            consume(j, p);
        if (p->ev)
            pl_event_free(p->ev);
        g_clear_error(&p->err);
        g_free(p->data);
        g_free(p);
    }
}

/* A message received: queued for parsing; the oldest parsed ones go in. */
static gboolean on_message(guint32 uid, const char *data, gsize size, gint64 internal_ts,
                           gpointer user, GError **err)
{
    sync_job *j = user;
    parse_job *p = g_new0(parse_job, 1);
    p->uid = uid;
    p->size = size;
    p->mo = j->mo;
    p->mo.fallback_ts = internal_ts; /* when it arrived, for a message with no usable date */
    g_queue_push_tail(&j->queue, p);
    if (data) {
        p->held = size;
        j->queued_bytes += size;
        p->data = g_memdup2(data, size); /* the reader's buffer is reused for the next one */
        g_thread_pool_push(j->pool, p, NULL);
    } else {
        p->done = TRUE;
    }
    drain(j, WINDOW - 1);
    if (j->store_failed) {
        g_set_error_literal(err, PARLEY_ERROR, PL_ERR_STORE, j->store_err->message);
        return FALSE;
    }
    return TRUE;
}

/* Fetches the wanted UIDs batch by batch. FALSE with err on a store
 * failure (j->store_failed) or when the folder could not be finished. */
static gboolean fetch_all(sync_job *j, GError **err)
{
    pl_sync_folder *f = cur(j);
    for (guint at = 0; at < j->wanted->len; at += FETCH_BATCH) {
        guint n = MIN(FETCH_BATCH, j->wanted->len - at);
        const guint32 *batch = &g_array_index(j->wanted, guint32, at);
        gboolean fetched = pl_imap_fetch(j->imap, batch, n, on_message, j, err);
        /* Every message received in full goes in, even when the
         * connection broke after it. */
        drain(j, 0);
        if (j->store_failed) {
            g_clear_error(err);
            g_propagate_error(err, g_error_copy(j->store_err));
            return FALSE;
        }
        if (!fetched)
            return FALSE;
        /* What the server did not send was expunged since the search. */
        for (guint k = at; k < at + n; k++) {
            if (j->done[k])
                continue;
            char *where = g_strdup_printf("%s;UIDVALIDITY=%" G_GUINT64_FORMAT "/;UID=%u",
                                          f->location, f->uidvalidity, batch[k - at]);
            pl_ingest_skip(j->ing, where, "deleted on the server before it could be fetched");
            g_free(where);
            if (!mark_done(j, batch[k - at], err)) {
                store_failure(j, g_error_copy(*err));
                return FALSE;
            }
        }
        if (!pl_ingest_maybe_commit(j->ing, err)) {
            store_failure(j, g_error_copy(*err));
            return FALSE;
        }
    }
    return TRUE;
}

/* Syncs folder raw (the server's name) into res->folders[j->folder]. FALSE
 * only on a store failure; folder problems end up in its error. */
static gboolean sync_folder(sync_job *j, const char *raw, GError **err)
{
    pl_store *st = j->st;
    pl_sync_folder *f = cur(j);
    GError *e = NULL;
    pl_imap_folder info;
    if (!pl_imap_examine(j->imap, raw, &info, &e)) {
        f->error = g_strdup(e->message);
        g_error_free(e);
        return TRUE;
    }
    /* A source only for a folder that exists. */
    j->source_id = st->ops->source_id(st, "imap", f->location, err);
    if (!j->source_id)
        return FALSE;
    f->uidvalidity = info.uidvalidity;
    gint64 validity = 0, high = 0;
    gboolean known = st->ops->sync_state_get(st, j->source_id, &validity, &high);
    if (known && (guint64)validity != info.uidvalidity) {
        char *why = g_strdup_printf("UIDVALIDITY changed from %" G_GINT64_FORMAT
                                    " to %" G_GUINT64_FORMAT ": the server renumbered the "
                                    "folder; reading it again (messages already in the store "
                                    "are not added twice)",
                                    validity, info.uidvalidity);
        notice(j, f->location, why);
        g_free(why);
        f->rescanned = TRUE;
        high = 0;
    }
    g_assert(high >= 0 && high < G_MAXUINT32);
    f->last_uid = (guint64)high;
    if ((!known || f->rescanned) &&
        !st->ops->sync_state_set(st, j->source_id, (gint64)info.uidvalidity, high, err))
        return FALSE;
    j->wanted = g_array_new(FALSE, FALSE, sizeof(guint32));
    gboolean nothing_new = info.exists == 0 || (info.uidnext && info.uidnext <= (guint64)high + 1);
    gboolean ok = TRUE;
    if (!nothing_new && !pl_imap_uids_from(j->imap, (guint32)high + 1, j->wanted, &e)) {
        f->error = g_strdup(e->message);
        g_clear_error(&e);
    } else if (j->wanted->len) {
        f->to_fetch = j->wanted->len;
        j->ing->stats->files_total += j->wanted->len;
        j->done = g_new0(gboolean, j->wanted->len);
        j->next = 0;
        if (!fetch_all(j, &e)) {
            if (j->store_failed) {
                g_propagate_error(err, e);
                ok = FALSE;
            } else {
                guint64 kept = 0;
                for (guint i = 0; i < j->wanted->len; i++)
                    kept += j->done[i];
                f->error = g_strdup_printf("%s; %" G_GUINT64_FORMAT " of %u new messages were "
                                           "fetched and kept: run parley sync again to resume",
                                           e->message, kept, j->wanted->len);
                g_clear_error(&e);
            }
        }
        g_clear_pointer(&j->done, g_free);
    }
    g_array_free(j->wanted, TRUE);
    j->wanted = NULL;
    return ok;
}

/* ---------------------------------------------------------------- a job */

static int compare_folders(gconstpointer a, gconstpointer b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    gboolean xi = strcmp(x, "INBOX") == 0, yi = strcmp(y, "INBOX") == 0;
    return xi != yi ? (xi ? -1 : 1) : strcmp(x, y);
}

/* Wire names of the folders to sync, in order. */
static gboolean pick_folders(pl_imap *imap, const imap_url *u, const pl_sync_opts *o,
                             const imap_cfg *c, gboolean url_from_config, GPtrArray *raw,
                             GError **err)
{
    if (u->folder)
        pl_strv_add_unique(raw, pl_imap_utf7_encode(u->folder));
    for (const char *const *p = o && o->folders ? o->folders : NULL; p && *p; p++)
        pl_strv_add_unique(raw, pl_imap_utf7_encode(*p));
    if (!raw->len && url_from_config)
        for (guint i = 0; i < c->folders->len; i++)
            pl_strv_add_unique(raw, pl_imap_utf7_encode(c->folders->pdata[i]));
    if (raw->len)
        return TRUE;
    if (!pl_imap_list(imap, raw, err))
        return FALSE;
    g_ptr_array_sort(raw, compare_folders);
    return TRUE;
}

/* Appends a folder to the result: its UTF-8 name and its location. */
static pl_sync_folder *add_folder(pl_sync_result *res, const char *where, const char *raw)
{
    pl_sync_folder f = {0};
    f.name = pl_imap_utf7_decode(raw);
    if (!f.name)
        f.name = g_utf8_make_valid(raw, -1);
    char *esc = g_uri_escape_string(f.name, "/", TRUE);
    f.location = g_strconcat(where, "/", esc, NULL);
    g_free(esc);
    g_array_append_val(res->folders, f);
    return &g_array_index(res->folders, pl_sync_folder, res->folders->len - 1);
}

gboolean pl_sync_imap(pl_store *st, const pl_config *cfg, const char *url, const pl_sync_opts *o,
                      pl_sync_result *res, GError **err)
{
    static const pl_sync_opts no_opts;
    if (!o)
        o = &no_opts;
    g_assert(res && res->folders);
    imap_cfg c;
    if (!imap_cfg_load(cfg, &c, err)) {
        imap_cfg_clear(&c);
        return FALSE;
    }
    gboolean from_config = url == NULL;
    if (!url && !(url = c.url)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "give imap://USER@HOST/FOLDER, or set url in [imap] of %s", cfg->path);
        imap_cfg_clear(&c);
        return FALSE;
    }
    imap_url u;
    if (!parse_url(url, &u, err)) {
        imap_cfg_clear(&c);
        return FALSE;
    }
    if (!u.user && c.cred.user)
        u.user = g_strdup(c.cred.user);
    /* The password of [imap] goes only to the server of [imap] url. */
    gboolean home_server = !c.home_host || g_ascii_strcasecmp(c.home_host, u.host) == 0;
    char *password = NULL;
    gboolean ok = !home_server || pl_credentials_password(&c.cred, &password, err);
    char *where = server_location(&u);
    char *user = u.user ? g_uri_escape_string(u.user, NULL, FALSE) : NULL;
    char *curl_url =
        g_strdup_printf("%s://%s%s%s%s%s/", u.tls ? "imaps" : "imap", user ? user : "",
                        user ? "@" : "", u.host, u.port ? ":" : "", u.port ? u.port : "");
    g_free(user);
    char *hint = NULL;
    if (!password && !c.cred.netrc)
        hint = c.cred.password_file || c.cred.password_command
                   ? g_strdup_printf("the [imap] password is only sent to %s, the host of "
                                     "[imap] url",
                                     c.home_host)
                   : g_strdup("no password is configured: [imap] password-file, "
                              "password-command or netrc-file");
    pl_imap_login login = {.url = curl_url,
                           .password = password,
                           .netrc = c.cred.netrc,
                           .ca_file = c.ca_file,
                           .where = where,
                           .hint = hint,
                           .timeout_s = c.timeout_s};
    pl_imap *imap = ok ? pl_imap_connect(&login, err) : NULL;
    g_free(hint);
    pl_credentials_wipe(password);
    GPtrArray *raw = g_ptr_array_new_with_free_func(g_free);
    ok = imap && pick_folders(imap, &u, o, &c, from_config, raw, err);
    if (imap && !ok)
        g_prefix_error(err, "%s: ", where);

    pl_ingest ing;
    double seconds_before = res->totals.seconds;
    pl_mail_init();
    ok = ok && pl_html_lib_load(err);
    ok = ok && pl_ingest_begin(&ing, st, cfg, &o->ingest, &res->totals, err);
    gboolean began = ok;
    sync_job j = {.st = st,
                  .ing = &ing,
                  .opts = &o->ingest,
                  .imap = imap,
                  .mo = {.store_body = cfg->store_bodies},
                  .res = res};
    g_mutex_init(&j.lock);
    g_cond_init(&j.cond);
    g_queue_init(&j.queue);
    j.pool = g_thread_pool_new(parse_worker, &j, (gint)MAX(1, g_get_num_processors()), FALSE, NULL);
    for (guint i = 0; ok && i < raw->len; i++) {
        const char *name = raw->pdata[i];
        add_folder(res, where, name);
        j.folder = res->folders->len - 1;
        pl_ingest_stats *t = &res->totals;
        guint64 added = t->added, dups = t->duplicates, skipped = t->skipped, msgs = t->messages;
        pl_ingest_progress(&ing, TRUE);
        ok = sync_folder(&j, name, err);
        pl_sync_folder *done = cur(&j);
        done->added = t->added - added;
        done->duplicates = t->duplicates - dups;
        done->skipped = t->skipped - skipped;
        done->fetched = t->messages - msgs;
        if (done->error) {
            res->failed++;
            char *m = g_strdup_printf("%s: %s", done->location, done->error);
            g_free(done->error);
            done->error = m;
        }
        /* A broken connection ends the job; the folders left say so. */
        if (ok && pl_imap_broken(imap)) {
            for (guint k = i + 1; k < raw->len; k++) {
                pl_sync_folder *rest = add_folder(res, where, raw->pdata[k]);
                rest->error = g_strdup_printf("%s: not synced: the connection to the server "
                                              "was lost before it",
                                              rest->location);
                res->failed++;
            }
            break;
        }
    }
    g_assert(j.queue.length == 0);
    g_thread_pool_free(j.pool, FALSE, TRUE);
    g_mutex_clear(&j.lock);
    g_cond_clear(&j.cond);
    g_clear_error(&j.store_err);
    if (began) {
        double s0 = seconds_before;
        ok = pl_ingest_finish(&ing, ok, err) && ok;
        res->totals.seconds += s0;
    }
    pl_imap_free(imap);
    g_ptr_array_free(raw, TRUE);
    g_free(curl_url);
    g_free(where);
    imap_url_clear(&u);
    imap_cfg_clear(&c);
    return ok;
}
