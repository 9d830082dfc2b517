/* chat.c — chat logs into the model: pl_ingest_chat(), the writer's side.
 *
 * The files to read are decided first (folders expanded in name order, so
 * daily logs are read in time order and sessions continue across midnight
 * in memory; unchanged files left out); a reader thread (chat_read.c) then
 * turns them into finished messages while this thread, which owns the
 * store, writes them: which are new (chat_known, one range probe per batch
 * for a new day's log), the session of each new one (chat_session.c), and
 * the messages themselves through the store's bulk path (chat_add_batch),
 * each event written once with its conversation and direction.
 *
 * Unlike mail and call records, a chat file may be committed part-way (a
 * single export can hold millions of lines): every message has its own key
 * and finds its session in the store, and the file is marked read only at
 * its end, so an interrupted run re-reads it and adds only what is missing.
 */
#include "chat.h"

#include "mail.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_BATCHES 3 /* circulating between the reader and the writer */
/* Messages a transaction holds: what they dirty (~400 bytes each over the
 * event, its indexes, text, participants and sightings) stays within
 * SQLite's page cache (16 MB), which would otherwise spill pages to the WAL
 * mid-transaction and read them back (-20 % system time, -7 % wall at
 * 940,000 messages against 100,000). */
#define COMMIT_EVENTS 25000

static const chat_format *format_by_name(const char *name)
{
    static const chat_format *const all[] = {&chat_format_jsonl, &chat_format_irc,
                                             &chat_format_whatsapp, &chat_format_twitter};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (g_ascii_strcasecmp(name, all[i]->name) == 0)
            return all[i];
    return NULL;
}

/* A phone number as people write it: digits and + ( ) - . space only. */
static gboolean looks_like_phone(const char *s)
{
    int digits = 0;
    for (const char *p = s; *p; p++) {
        if (g_ascii_isdigit(*p))
            digits++;
        else if (!strchr("+()-. ", *p))
            return FALSE;
    }
    return digits >= 7;
}

int chat_identity(const char *raw, const char *ns, const char *country, GString *out, GString *name)
{
    g_string_truncate(out, 0);
    if (name)
        g_string_truncate(name, 0);
    const char *lt = strchr(raw, '<'), *gt = lt ? strchr(lt, '>') : NULL;
    if (lt && gt && memchr(lt, '@', (gsize)(gt - lt))) {
        /* "Jane Roe <jane@bigcorp.example>": the address, and the name. */
        char *inner = g_strndup(lt + 1, (gsize)(gt - lt - 1));
        char *a = pl_address_normalise(inner);
        g_free(inner);
        if (a) {
            g_string_append(out, a);
            g_free(a);
            if (name) {
                g_string_append_len(name, raw, lt - raw);
                g_strstrip(name->str);
                name->len = strlen(name->str);
                if (name->len >= 2 && name->str[0] == '"' && name->str[name->len - 1] == '"') {
                    g_string_truncate(name, name->len - 1);
                    g_string_erase(name, 0, 1);
                }
            }
            return PL_ID_EMAIL;
        }
    }
    if (strchr(raw, '@') && !strchr(raw, ' ')) {
        char *a = pl_address_normalise(raw);
        if (a) {
            g_string_append(out, a);
            g_free(a);
            return PL_ID_EMAIL;
        }
    }
    if (looks_like_phone(raw)) {
        char *n = pl_phone_normalise(raw, country);
        if (n && n[0] == '+') {
            g_string_append(out, n);
            g_free(n);
            return PL_ID_PHONE;
        }
        g_free(n);
    }
    /* A handle already namespaced ("irc:...", "slack:U123") stays as is. */
    if (!ns || strchr(raw, ':'))
        g_string_append(out, raw);
    else
        g_string_append_printf(out, "%s:%s", ns, raw);
    return PL_ID_HANDLE;
}

static gint cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files under dir the format wants, recursively, hidden ones left out. */
static void walk(const chat_format *fmt, const char *dir, GPtrArray *out, int depth)
{
    GDir *d = depth < 32 ? g_dir_open(dir, 0, NULL) : NULL;
    if (!d)
        return;
    const char *name;
    while ((name = g_dir_read_name(d))) {
        if (name[0] == '.')
            continue;
        char *p = g_build_filename(dir, name, NULL);
        if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
            walk(fmt, p, out, depth + 1);
            g_free(p);
        } else if (fmt->wants(name)) {
            g_ptr_array_add(out, p);
        } else {
            g_free(p);
        }
    }
    g_dir_close(d);
}

/* The writer's side of a run. */
typedef struct {
    pl_ingest *ing;
    chat_sessions *sessions;
    chat_batch *b;     /* the batch being written */
    gint64 source_id;  /* ... its file's source */
    guint done, upto;  /* its messages written / given a session */
    GPtrArray *became; /* identities that turned into lists */
} chat_writer;

/* Writes the messages of the batch given a session so far (chat_sessions
 * asks for this before it reads the store). */
static gboolean flush(gpointer user, GError **err)
{
    chat_writer *w = user;
    pl_store *st = w->ing->st;
    if (w->b && w->upto > w->done) {
        if (!st->ops->chat_add_batch(st, w->b->msgs + w->done, w->upto - w->done, w->source_id,
                                     chat_sessions_fold, w->sessions, w->became, err))
            return FALSE;
        w->done = w->upto;
    }
    return chat_sessions_written(w->sessions, w->became, err);
}

/* The writer's side of one batch; FALSE when the store failed. */
static gboolean write_batch(chat_writer *w, chat_batch *b, const chat_job *job, GError **err)
{
    pl_ingest *ing = w->ing;
    pl_store *st = ing->st;
    for (guint i = 0; i < b->warnings->len; i++) {
        const chat_warning *x = &g_array_index(b->warnings, chat_warning, i);
        if (x->skip)
            pl_ingest_skip(ing, x->where, x->reason);
        else if (ing->opts->warn)
            ing->opts->warn(x->where, x->reason, ing->opts->warn_user);
    }
    ing->stats->messages += b->messages;
    ing->stats->system += b->system;
    gboolean ok = TRUE;
    if (b->n_msgs) {
        w->b = b;
        w->source_id = job->source_id;
        w->done = w->upto = 0;
        ok = st->ops->chat_known(st, b->msgs, b->n_msgs, job->source_id, err);
        for (guint i = 0; ok && i < b->n_msgs; i++) {
            pl_chat_add *m = &b->msgs[i];
            if (m->result != PL_ADD_NEW) {
                ing->stats->duplicates++;
                continue;
            }
            ing->stats->added++;
            ing->batch_events++;
            w->upto = i;
            m->conv_id = chat_session_conv(w->sessions, b->rooms[i], m->ts, err);
            ok = m->conv_id > 0;
        }
        w->upto = b->n_msgs;
        ok = ok && flush(w, err);
        w->b = NULL;
    }
    if (ok && b->file_end) {
        ing->stats->files_done++;
        if (b->file_bad)
            ing->stats->files_failed++; /* not marked: it is read again next time */
        else
            ok = st->ops->file_mark(st, job->source_id, job->path, b->size, b->mtime_ns, err);
    }
    ok = ok && pl_ingest_bulk_commit(ing, COMMIT_EVENTS, err);
    pl_ingest_progress(ing, FALSE);
    return ok;
}

/* Which files to read: those changed since they were read (all with
 * --force), each with its source; a file that cannot be opened is read by
 * nobody, and the reader reports it in its turn. */
static gboolean plan(pl_ingest *ing, GPtrArray *files, GArray *jobs, GError **err)
{
    pl_store *st = ing->st;
    GHashTable *planned = g_hash_table_new(g_str_hash, g_str_equal);
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < files->len; i++) {
        const char *path = files->pdata[i];
        chat_job job = {.path = g_strdup(path)};
        struct stat sb;
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0 || fstat(fd, &sb) != 0) {
            job.error = g_strerror(errno);
        } else if (S_ISDIR(sb.st_mode)) {
            job.error = "is a directory";
        } else {
            gint64 mtime_ns = (gint64)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
            /* The same file named twice is read once, as when the first
             * reading had marked it. */
            if (!ing->opts->force && (g_hash_table_contains(planned, path) ||
                                      st->ops->file_unchanged(st, path, sb.st_size, mtime_ns))) {
                ing->stats->files_unchanged++;
                ing->stats->files_done++;
                g_free(job.path);
                close(fd);
                continue;
            }
            char *loc = g_canonicalize_filename(path, NULL);
            job.source_id = st->ops->source_id(st, "chat", loc, err);
            g_free(loc);
            ok = job.source_id > 0;
        }
        if (fd >= 0)
            close(fd);
        g_hash_table_add(planned, (gpointer)path);
        g_array_append_val(jobs, job);
    }
    g_hash_table_destroy(planned);
    return ok;
}

gboolean pl_ingest_chat(pl_store *st, const pl_config *cfg, const char *format,
                        const char *const *paths, const pl_ingest_opts *o, pl_ingest_stats *stats,
                        GError **err)
{
    const chat_format *fmt = format_by_name(format ? format : "jsonl");
    if (!fmt) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "unknown chat format \"%s\" (jsonl, irc, whatsapp or twitter)", format);
        return FALSE;
    }
    chat_run run = {.cfg = cfg, .fmt = fmt, .offset_hour = G_MININT64};
    if (!cdr_clock_init(&run.clock, cfg->chat_timezone)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "[chat] timezone: unknown time zone \"%s\" (use a tz database name such as "
                    "Europe/London)",
                    cfg->chat_timezone);
        return FALSE;
    }
    /* Directories are expanded first (in name order, so daily logs are read
     * in time order and sessions continue across midnight in memory). */
    GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
    for (const char *const *p = paths; *p; p++) {
        if (g_file_test(*p, G_FILE_TEST_IS_DIR)) {
            GPtrArray *in = g_ptr_array_new();
            walk(fmt, *p, in, 0);
            g_ptr_array_sort(in, cmp_str);
            for (guint i = 0; i < in->len; i++)
                g_ptr_array_add(files, in->pdata[i]);
            g_ptr_array_free(in, TRUE);
        } else {
            g_ptr_array_add(files, g_strdup(*p));
        }
    }
    /* Sessions are written with their aggregates, computed by the
     * configuration of now: bring every other conversation to it first (a
     * no-op when nothing changed), so the refresh after the import has
     * nothing left to do for them. */
    pl_conv_one *conv = NULL;
    pl_ingest_opts defaults = {0};
    pl_ingest ing;
    if (!pl_conversations_refresh(st, cfg, err) || !(conv = pl_conv_one_new(st, cfg, err)) ||
        !pl_ingest_begin(&ing, st, cfg, o ? o : &defaults, stats, err)) {
        pl_conv_one_free(conv);
        cdr_clock_clear(&run.clock);
        g_ptr_array_unref(files);
        return FALSE;
    }
    stats->files_total += files->len;
    GArray *jobs = g_array_new(FALSE, TRUE, sizeof(chat_job));
    gboolean ok = plan(&ing, files, jobs, err);
    chat_writer w = {.ing = &ing, .became = g_ptr_array_new_with_free_func(g_free)};
    w.sessions = chat_sessions_new(st, cfg, cfg->chat_session_gap_s, conv, flush, &w);
    if (ok) {
        run.jobs = (const chat_job *)jobs->data;
        run.n_jobs = jobs->len;
        run.pipe = pl_pipe_new();
        for (int i = 0; i < N_BATCHES; i++)
            pl_pipe_add(run.pipe, chat_batch_new());
        run.key = g_string_sized_new(256);
        run.where = g_string_sized_new(256);
        run.own = g_string_sized_new(256);
        GThread *reader = g_thread_new("chat-reader", chat_read_main, &run);
        for (gboolean last = FALSE; !last;) {
            chat_batch *b = pl_pipe_receive(run.pipe);
            last = b->last;
            if (ok && !write_batch(&w, b, &run.jobs[b->job], err)) {
                ok = FALSE;
                pl_pipe_stop(run.pipe); /* the reader hands on its last batch and ends */
            }
            chat_batch_reset(b);
            pl_pipe_give_back(run.pipe, b);
        }
        g_thread_join(reader);
        pl_pipe_free(run.pipe, chat_batch_free);
        g_string_free(run.key, TRUE);
        g_string_free(run.where, TRUE);
        g_string_free(run.own, TRUE);
        ok = ok && chat_sessions_settle(w.sessions, err);
    }
    chat_sessions_free(w.sessions);
    g_ptr_array_unref(w.became);
    pl_conv_one_free(conv);
    for (guint i = 0; i < jobs->len; i++)
        g_free(g_array_index(jobs, chat_job, i).path);
    g_array_free(jobs, TRUE);
    cdr_clock_clear(&run.clock);
    g_ptr_array_unref(files);
    return pl_ingest_finish(&ing, ok, err) && ok;
}
