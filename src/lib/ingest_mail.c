/* ingest_mail.c — finds mail on disk and feeds it to the ingest write path.
 *
 * Accepts Maildir trees (any depth, Maildir++ subfolders, cur/ and new/),
 * mbox files, folders of .eml files and single messages, as the walk
 * (ingest_walk.c, a thread of its own) finds them: each file is either
 * skipped unchanged (same size and mtime as when last read: no parse at
 * all) or parsed. Every file that is not ingested is reported with its
 * reason: nothing is dropped silently.
 */
#include "html_lib.h"
#include "ingest.h"
#include "ingest_walk.h"
#include "mail.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct {
    pl_ingest *ing;
    gint64 source_id;
    const char *path;
    GError **err;
    gboolean failed;
} mbox_ctx;

/* One message through the write path, then the numbers of its author's
 * signature: for a message already stored too, so a forced re-read of old
 * mail finds them (recording is idempotent). */
static gboolean add_mail(pl_ingest *ing, pl_event *ev, gint64 source_id, const char *where,
                         GError **err)
{
    if (!pl_ingest_add(ing, ev, source_id, where, err))
        return FALSE;
    const pl_participant *author = ev->sig_numbers ? pl_event_author(ev) : NULL;
    for (guint i = 0; author && i < ev->sig_numbers->len; i++)
        if (!ing->st->ops->sig_number_add(ing->st, ing->last_event_id, author->value,
                                          ev->sig_numbers->pdata[i], err))
            return FALSE;
    return TRUE;
}

static gboolean on_mbox_message(pl_event *ev, gint64 offset, gpointer user)
{
    mbox_ctx *m = user;
    m->ing->stats->messages++;
    char *where = g_strdup_printf("%s@%" G_GINT64_FORMAT, m->path, offset);
    gboolean ok =
        add_mail(m->ing, ev, m->source_id, where, m->err) && pl_ingest_maybe_commit(m->ing, m->err);
    g_free(where);
    pl_event_free(ev);
    pl_ingest_progress(m->ing, FALSE);
    if (!ok)
        m->failed = TRUE;
    return ok;
}

static void mbox_warn(const char *where, const char *reason, gpointer user)
{
    pl_ingest_skip(user, where, reason);
}

/* Parsing runs on a pool of worker threads while this thread writes to the
 * store: SQLite wants one writer, GMime is happy with one message per thread.
 * Files are consumed strictly in walk order, whatever order workers finish
 * in, so threading and conversation ids are the same as a serial run.
 * WINDOW bounds how many parsed messages wait in memory. Work is handed out
 * CHUNK files at a time, and finished a chunk at a time: per file, the
 * hand-offs cost more wake-ups (futex calls: 71,000 over 8,448 files) than
 * the parse they surround is worth. */
#define WINDOW 64
#define CHUNK 8
#define CHUNKS (WINDOW / CHUNK)

typedef enum { JOB_UNCHANGED, JOB_MBOX, JOB_PARSE } job_kind;

typedef struct {
    job_kind kind;
    const found_file *file;
    gint64 size, mtime_ns;
    pl_mail_opts opts;
    pl_event *ev; /* result of JOB_PARSE */
    GError *err;
} parse_job;

/* CHUNK consecutive jobs of the window (fewer at the end of the list). */
typedef struct {
    parse_job *jobs;
    guint n;
    gboolean done; /* under pool_sync.lock */
} parse_chunk;

typedef struct {
    GMutex lock;
    GCond cond;
} pool_sync;

static void parse_worker(gpointer data, gpointer user)
{
    parse_chunk *c = data;
    pool_sync *ps = user;
    for (guint k = 0; k < c->n; k++) {
        parse_job *j = &c->jobs[k];
        if (j->kind == JOB_PARSE)
            j->ev = pl_mail_parse_file(j->file->path, &j->opts, &j->err);
    }
    g_mutex_lock(&ps->lock);
    c->done = TRUE;
    g_cond_broadcast(&ps->cond);
    g_mutex_unlock(&ps->lock);
}

/* What a file needs, decided AHEAD files before it is parsed (the re-scan
 * check, on the walk's stat) so that the kernel can be asked to start reading it
 * then: with the page cache cold, the disk gets many files to fetch at
 * once instead of one per parse thread, each waited for (cold ingest of
 * the corpus -30 %). Decoupled from WINDOW, which bounds parsed messages
 * held in memory. The asking is done by a thread of its own (prefetcher):
 * posix_fadvise waits while it queues a file's reads, some 20 us a file
 * cold, and the writer thread that decides is the ingest's busiest. */
#define AHEAD 1024
/* Paths handed to the prefetcher at a time: one wake-up per batch, not per
 * file (with the page cache warm each wake-up cost more than the work). */
#define PREFETCH_BATCH 32

typedef struct {
    GThread *thread;
    /* GPtrArray of const char * (the walk's, outliving the thread);
     * STOP_PREFETCH ends it */
    GAsyncQueue *batches;
    GPtrArray *filling; /* the writer's, not yet queued */
} prefetcher;

static GPtrArray STOP_PREFETCH;

typedef struct {
    job_kind kind;
    gint64 size, mtime_ns, fallback_ts;
} file_fate;

static void prefetch(const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOATIME);
    if (fd < 0)
        fd = open(path, O_RDONLY | O_CLOEXEC); /* O_NOATIME: owner only */
    if (fd < 0)
        return; /* the parse reports it */
    posix_fadvise(fd, 0, 0, POSIX_FADV_WILLNEED);
    close(fd);
}

static gpointer prefetch_main(gpointer user)
{
    prefetcher *pf = user;
    GPtrArray *b;
    while ((b = g_async_queue_pop(pf->batches)) != &STOP_PREFETCH) {
        for (guint i = 0; i < b->len; i++)
            prefetch(b->pdata[i]);
        g_ptr_array_free(b, TRUE);
    }
    return NULL;
}

static void prefetcher_start(prefetcher *pf)
{
    pf->batches = g_async_queue_new();
    pf->filling = g_ptr_array_sized_new(PREFETCH_BATCH);
    pf->thread = g_thread_new("mail-prefetch", prefetch_main, pf);
}

static void prefetcher_flush(prefetcher *pf)
{
    if (!pf->filling->len)
        return;
    g_async_queue_push(pf->batches, pf->filling);
    pf->filling = g_ptr_array_sized_new(PREFETCH_BATCH);
}

static void prefetcher_add(prefetcher *pf, const char *path)
{
    g_ptr_array_add(pf->filling, (gpointer)path);
    if (pf->filling->len == PREFETCH_BATCH)
        prefetcher_flush(pf);
}

static void prefetcher_stop(prefetcher *pf)
{
    /* what is left is not needed any more */
    g_async_queue_push_front(pf->batches, &STOP_PREFETCH);
    g_thread_join(pf->thread);
    GPtrArray *b;
    while ((b = g_async_queue_try_pop(pf->batches)))
        g_ptr_array_free(b, TRUE);
    g_async_queue_unref(pf->batches);
    g_ptr_array_free(pf->filling, TRUE);
}

/* Decides on the writer thread what a file needs. */
static void decide(pl_ingest *ing, prefetcher *pf, file_fate *d, const found_file *f)
{
    memset(d, 0, sizeof *d);
    d->size = f->size;
    d->mtime_ns = f->mtime_ns;
    d->fallback_ts = f->mtime_ns / 1000000000; /* last resort for a dateless message */
    if (!ing->opts->force && ing->st->ops->file_unchanged(ing->st, f->path, d->size, d->mtime_ns))
        d->kind = JOB_UNCHANGED;
    else if (f->kind == FILE_MBOX)
        d->kind = JOB_MBOX; /* read as it is walked, mapped */
    else {
        d->kind = JOB_PARSE;
        prefetcher_add(pf, f->path);
    }
}

/* A decided file as a job; parse jobs go to the pool. */
static void prepare_job(parse_job *j, file_fate *d, const found_file *f, const pl_mail_opts *mo)
{
    memset(j, 0, sizeof *j);
    j->file = f;
    j->kind = d->kind;
    j->size = d->size;
    j->mtime_ns = d->mtime_ns;
    if (j->kind == JOB_PARSE) {
        j->opts = *mo;
        j->opts.fallback_ts = d->fallback_ts;
    }
}

/* Returns FALSE only on a store failure (err set); file problems are skips. */
static gboolean consume_job(pl_ingest *ing, parse_job *j, const pl_mail_opts *mo, GError **err)
{
    pl_store *st = ing->st;
    const found_file *f = j->file;
    gboolean readable = TRUE;
    switch (j->kind) {
    case JOB_UNCHANGED:
        ing->stats->files_unchanged++;
        return TRUE;
    case JOB_MBOX: {
        mbox_ctx m = {ing, f->source_id, f->path, err, FALSE};
        GError *ferr = NULL;
        if (!pl_mail_mbox_each(f->path, mo, on_mbox_message, &m, mbox_warn, ing, &ferr)) {
            if (m.failed) {
                g_clear_error(&ferr);
                return FALSE;
            }
            pl_ingest_skip(ing, f->path, ferr ? ferr->message : "unreadable mbox");
            readable = ferr && ferr->code != PL_ERR_IO;
            g_clear_error(&ferr);
        }
        if (m.failed)
            return FALSE;
        break;
    }
    case JOB_PARSE:
        if (!j->ev) {
            pl_ingest_skip(ing, f->path, j->err ? j->err->message : "unparseable");
            readable = j->err && j->err->code != PL_ERR_IO;
            g_clear_error(&j->err);
        } else {
            ing->stats->messages++;
            gboolean ok = add_mail(ing, j->ev, f->source_id, f->path, err);
            pl_event_free(j->ev);
            j->ev = NULL;
            if (!ok)
                return FALSE;
        }
        break;
    }
    if (!readable) {
        ing->stats->files_failed++;
        return TRUE; /* not marked: a permission fix should make it count next time */
    }
    return st->ops->file_mark(st, f->source_id, f->path, j->size, j->mtime_ns, err);
}

static gboolean ingest_files(pl_ingest *ing, walk *files, const pl_mail_opts *mo, GError **err)
{
    pool_sync ps;
    g_mutex_init(&ps.lock);
    g_cond_init(&ps.cond);
    GThreadPool *pool =
        g_thread_pool_new(parse_worker, &ps, (gint)MAX(1, g_get_num_processors()), FALSE, NULL);
    parse_job *jobs = g_new0(parse_job, WINDOW);
    file_fate *fates = g_new0(file_fate, AHEAD);
    parse_chunk chunks[CHUNKS];
    guint next = 0, decided = 0;
    gboolean ok = TRUE;
    prefetcher pf;
    prefetcher_start(&pf);
    G_STATIC_ASSERT(AHEAD >= WINDOW);
    /* The walk may still be finding files: walk_has waits for it. */
    for (guint i = 0; walk_has(files, i); i++) {
        for (; decided < i + AHEAD && walk_has(files, decided); decided++)
            decide(ing, &pf, &fates[decided % AHEAD], walk_at(files, decided));
        if (decided < i + AHEAD)
            prefetcher_flush(&pf); /* the last few */
        /* Keep up to WINDOW files ahead in flight, handed out by chunk; a
         * chunk with nothing to parse (an unchanged re-scan) stays here. */
        for (; next < i + WINDOW && walk_has(files, next); next++) {
            prepare_job(&jobs[next % WINDOW], &fates[next % AHEAD], walk_at(files, next), mo);
            if ((next + 1) % CHUNK == 0 || !walk_has(files, next + 1)) {
                guint first = next - next % CHUNK;
                parse_chunk *c = &chunks[(first / CHUNK) % CHUNKS];
                *c = (parse_chunk){&jobs[first % WINDOW], next - first + 1, TRUE};
                for (guint k = 0; k < c->n && c->done; k++)
                    c->done = c->jobs[k].kind != JOB_PARSE;
                if (!c->done)
                    g_thread_pool_push(pool, c, NULL);
            }
        }
        if (i % CHUNK == 0) {
            walk_report(files, ing);
            parse_chunk *c = &chunks[(i / CHUNK) % CHUNKS];
            g_mutex_lock(&ps.lock);
            while (!c->done)
                g_cond_wait(&ps.cond, &ps.lock);
            g_mutex_unlock(&ps.lock);
        }
        parse_job *j = &jobs[i % WINDOW];
        if (ok)
            ok = consume_job(ing, j, mo, err) && pl_ingest_maybe_commit(ing, err);
        else if (j->ev)
            pl_event_free(j->ev); /* after a store failure: drain without writing */
        g_clear_error(&j->err);
        ing->stats->files_done++;
        pl_ingest_progress(ing, FALSE);
    }
    g_thread_pool_free(pool, FALSE, TRUE);
    prefetcher_stop(&pf);
    g_free(fates);
    g_free(jobs);
    g_mutex_clear(&ps.lock);
    g_cond_clear(&ps.cond);
    return ok;
}

static const char *source_kind(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return walk_sniff(path) == FILE_MBOX ? "mbox" : "eml";
    char *cur = g_build_filename(path, "cur", NULL);
    gboolean md = g_file_test(cur, G_FILE_TEST_IS_DIR);
    g_free(cur);
    return md ? "maildir" : "folder";
}

gboolean pl_ingest_mail(pl_store *st, const pl_config *cfg, const char *const *paths,
                        const pl_ingest_opts *o, pl_ingest_stats *stats, GError **err)
{
    static const pl_ingest_opts no_opts;
    pl_mail_init();
    if (!pl_html_lib_load(err))
        return FALSE; /* before anything is read, so nothing is half-ingested */
    pl_ingest ing;
    if (!pl_ingest_begin(&ing, st, cfg, o ? o : &no_opts, stats, err))
        return FALSE;
    /* The roots here (their sources are the store's); what is under them on
     * the walk's thread. */
    GArray *roots = g_array_new(FALSE, FALSE, sizeof(walk_root));
    gboolean ok = TRUE;
    for (const char *const *p = paths; ok && *p; p++) {
        char *abs = realpath(*p, NULL);
        if (!abs) {
            pl_ingest_skip(&ing, *p, g_strerror(errno));
            stats->files_failed++;
            continue;
        }
        walk_root r = {abs, st->ops->source_id(st, source_kind(abs), abs, err)};
        ok = r.source_id != 0;
        if (ok)
            g_array_append_val(roots, r);
        else
            free(abs);
    }
    pl_mail_opts mo = {.store_body = cfg->store_bodies,
                       .signature_numbers = cfg->signature_numbers,
                       .default_country = cfg->default_country};
    if (ok) {
        walk *w = walk_start((const walk_root *)(void *)roots->data, roots->len);
        ok = ingest_files(&ing, w, &mo, err);
        walk_free(w, &ing);
    }
    for (guint i = 0; i < roots->len; i++)
        free(g_array_index(roots, walk_root, i).path);
    g_array_free(roots, TRUE);
    return pl_ingest_finish(&ing, ok, err) && ok;
}
