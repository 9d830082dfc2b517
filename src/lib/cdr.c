/* cdr.c — call detail records into the model: pl_ingest_cdr().
 *
 * Reads each file as a stream (a 2-million-row Master.csv never sits in
 * memory): libcsv does the quoting, fed one physical line at a time so every
 * problem names FILE:LINE. The format (cdr_asterisk.c, ...) says which column
 * is what; everything after that is common: a row becomes a leg, the legs of
 * one call (shared linkedid / uniqueid, FreeSWITCH bleg uuid, Twilio parent
 * sid) are merged, and each call becomes ONE event (channel call) plus a row
 * of the call table. Merging works on a window: a call is written once
 * WINDOW rows have passed without a leg of it, which holds every switch we
 * know (legs of one call are written within seconds of each other) while
 * keeping memory flat.
 *
 * What "answered by a person" means is decided here (leg_human) and
 * documented in docs/config.md.
 *
 * Two threads: a reader per file (libcsv, legs, merging: everything up to
 * the finished call) hands batches of calls to the calling thread, which
 * owns the store and writes them through its bulk path (call_add_batch).
 * Problems with records travel in the batches, so they are reported in
 * file order, from one thread. The window is the reader's alone, so legs of
 * one call merge whatever batch the calls around them went out in.
 */
#include "cdr.h"
#include "hash.h"

#include "cdr_call.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CSV_STATE_ROW_NOT_BEGUN 0
#define CSV_STATE_FIELD_BEGUN 2
#define READ_CHUNK (256 * 1024)

static const cdr_format *format_by_name(const char *name)
{
    static const cdr_format *const all[] = {&cdr_format_asterisk, &cdr_format_freeswitch,
                                            &cdr_format_twilio, &cdr_format_csv};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (g_ascii_strcasecmp(name, all[i]->name) == 0)
            return all[i];
    return NULL;
}

/* One file being read (by the reader thread). */
typedef struct {
    cdr_run *run;
    const char *path;
    int fd;
    cdr_layout lay;
    gboolean have_layout, file_bad, io_error;
    guint line, rec_line;
    /* The fields of the current row, each NUL-terminated, in one buffer:
     * libcsv hands them over one by one, and a malloc per field would cost
     * more than the parsing. */
    char *buf;
    gsize len, cap;
    int *offs;
    int n, cap_offs;
    char **fields;
    int cap_fields;
    guint64 row_bytes;
} cdr_file;

/* g_strstrip without moving the string: the same text, found in place. */
static const char *strip_in_place(char *s)
{
    while (g_ascii_isspace(*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && g_ascii_isspace(e[-1]))
        e--;
    *e = '\0';
    return s;
}

static void bad_row(cdr_file *f, const char *reason)
{
    char where[4096];
    g_snprintf(where, sizeof where, "%s:%u", f->path, f->rec_line);
    cdr_warn(f->run, where, reason);
}

/* Fills a leg from one row; FALSE (and a reported skip) for a bad row. */
static gboolean row_to_leg(cdr_file *f, char **row, int n, cdr_leg *leg)
{
    const cdr_layout *lay = &f->lay;
    char why[160];
    if (lay->ncols && n != lay->ncols) {
        g_snprintf(why, sizeof why, "wrong column count (expected %d, got %d)", lay->ncols, n);
        bad_row(f, why);
        return FALSE;
    }
    memset(leg, 0, sizeof *leg);
    for (int i = 0; i < F__COUNT; i++) {
        int c = lay->col[i];
        leg->f[i] = c >= 0 && c < n ? strip_in_place(row[c]) : "";
    }
    cdr_clock *clk = &f->run->clock;
    leg->start = cdr_parse_time(clk, leg->f[F_START]);
    leg->answer = cdr_parse_time(clk, leg->f[F_ANSWER]);
    leg->end = cdr_parse_time(clk, leg->f[F_END]);
    if (leg->start < 0 || leg->answer < 0 || leg->end < 0) {
        bad_row(f, leg->start < 0    ? "start time is not a date"
                   : leg->answer < 0 ? "answer time is not a date"
                                     : "end time is not a date");
        return FALSE;
    }
    leg->duration = cdr_parse_seconds(leg->f[F_DURATION]);
    leg->billsec = cdr_parse_seconds(leg->f[F_BILLSEC]);
    if (leg->duration == -2 || leg->billsec == -2) {
        bad_row(f, "negative duration");
        return FALSE;
    }
    if (leg->duration == -3 || leg->billsec == -3) {
        bad_row(f, "duration is not a number");
        return FALSE;
    }
    /* A missing start can be had from the other times (opencdrrate). */
    if (!leg->start && leg->answer)
        leg->start = leg->answer;
    if (!leg->start && leg->end)
        leg->start = leg->end - MAX(0, MAX(leg->duration, leg->billsec));
    if (!leg->start) {
        bad_row(f, "no start time");
        return FALSE;
    }
    if (leg->end && leg->end < leg->start) {
        bad_row(f, "ends before it starts");
        return FALSE;
    }
    leg->answered_by = -1;
    leg->direction = PL_DIR_UNKNOWN;
    const char *reason = NULL;
    if (!f->run->fmt->interpret(leg, &reason)) {
        bad_row(f, reason);
        return FALSE;
    }
    return TRUE;
}

/* TRUE when column c is missing from the row or only white space. */
static gboolean blank(char **row, int n, int c)
{
    if (c < 0 || c >= n)
        return TRUE;
    for (const char *p = row[c]; *p; p++)
        if (!g_ascii_isspace(*p))
            return FALSE;
    return TRUE;
}

static void on_row(cdr_file *f)
{
    cdr_run *run = f->run;
    int n = f->n;
    if (n > f->cap_fields) {
        f->cap_fields = n * 2;
        f->fields = g_renew(char *, f->fields, f->cap_fields);
    }
    for (int i = 0; i < n; i++)
        f->fields[i] = f->buf + f->offs[i];
    char **row = f->fields;
    guint64 hash = pl_hash_fast(f->buf, f->len);
    guint64 bytes = f->row_bytes;
    f->row_bytes = 0;
    if (f->file_bad)
        return;
    if (!f->have_layout) {
        char *why = NULL;
        if (!run->fmt->layout(&f->lay, row, n, run->map, &why)) {
            cdr_warn(run, f->path, why);
            run->cur->files_failed++;
            g_free(why);
            f->file_bad = TRUE;
            return;
        }
        f->have_layout = TRUE;
        if (run->fmt->has_header)
            return;
    }
    run->cur->rows++;
    /* Only a row nothing ties to others (no call or leg id) needs the hash
     * its stored key is made of, taken before the fields are trimmed. */
    guint64 key_hash =
        blank(row, n, f->lay.col[F_LINKEDID]) && blank(row, n, f->lay.col[F_UNIQUEID])
            ? pl_fnv1a(PL_FNV_START, f->buf, f->len)
            : 0;
    cdr_leg leg;
    if (!row_to_leg(f, row, n, &leg))
        return;
    cdr_run_add_leg(run, &leg, &f->lay, hash, key_hash, bytes, f->path, f->rec_line);
}

static void on_field(void *s, size_t len, void *data)
{
    cdr_file *f = data;
    if (f->len + len + 1 > f->cap) {
        f->cap = MAX(f->cap * 2, f->len + len + 1);
        f->buf = g_realloc(f->buf, f->cap);
    }
    if (f->n == f->cap_offs) {
        f->cap_offs = MAX(32, f->cap_offs * 2);
        f->offs = g_renew(int, f->offs, f->cap_offs);
    }
    f->offs[f->n++] = (int)f->len;
    if (len)
        memcpy(f->buf + f->len, s, len);
    f->len += len;
    f->buf[f->len++] = '\0';
}

static void on_record(int term, void *data)
{
    cdr_file *f = data;
    (void)term;
    if (f->n)
        on_row(f);
    f->len = 0;
    f->n = 0;
}

/* Feeds one piece of a physical line; at_start: it begins the line. */
static gboolean feed(cdr_file *f, struct csv_parser *p, const char *s, gsize n, gboolean at_start)
{
    if (at_start) {
        f->line++;
        if (p->pstate == CSV_STATE_ROW_NOT_BEGUN)
            f->rec_line = f->line;
    }
    f->row_bytes += n;
    return csv_parse(p, s, n, on_field, on_record, f) == n;
}

/* The reader thread: parses f->fd to the end (or until the writer asks to
 * stop) and hands on every call, the last batch marked. */
static gpointer read_main(gpointer data)
{
    cdr_file *f = data;
    cdr_run *run = f->run;
    struct csv_parser p;
    csv_init(&p, 0);
    char *rbuf = g_malloc(READ_CHUNK);
    gboolean at_start = TRUE, first = TRUE;
    ssize_t got;
    while (!pl_pipe_stopped(run->pipe) && (got = read(f->fd, rbuf, READ_CHUNK)) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            cdr_warn(run, f->path, g_strerror(errno));
            f->io_error = TRUE;
            break;
        }
        const char *s = rbuf;
        gsize n = (gsize)got;
        if (first && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
            s += 3; /* a byte-order mark, as spreadsheets write it */
            n -= 3;
        }
        first = FALSE;
        while (n) {
            const char *nl = memchr(s, '\n', n);
            gsize piece = nl ? (gsize)(nl - s) + 1 : n;
            if (!feed(f, &p, s, piece, at_start)) {
                char why[128];
                g_snprintf(why, sizeof why, "CSV error: %s", csv_strerror(csv_error(&p)));
                bad_row(f, why);
            }
            at_start = nl != NULL;
            s += piece;
            n -= piece;
        }
    }
    g_free(rbuf);
    gboolean stopped = pl_pipe_stopped(run->pipe);
    if (!stopped && p.quoted && p.pstate == CSV_STATE_FIELD_BEGUN)
        bad_row(f, "a quoted field is never closed: the rest of the file was read as part of "
                   "this record");
    if (!stopped)
        csv_fini(&p, on_field, on_record, f);
    csv_free(&p);
    /* Every call is handed on before the file is marked as read, so an
     * interruption never leaves a marked file with calls missing. (Legs of
     * one call split across two rotated files become two calls.) */
    if (!stopped)
        cdr_run_flush(run, TRUE);
    cdr_run_deliver(run, TRUE);
    return NULL;
}

/* The writer's side of one batch; FALSE when the store failed. */
static gboolean write_batch(cdr_run *run, cdr_batch *b, gint64 source_id, pl_conv_one *conv,
                            GError **err)
{
    pl_ingest *ing = run->ing;
    for (guint i = 0; i < b->warnings->len; i++) {
        const cdr_warning *w = &g_array_index(b->warnings, cdr_warning, i);
        pl_ingest_skip(ing, w->where, w->reason);
    }
    ing->stats->messages += b->rows;
    ing->stats->duplicates += b->duplicates;
    ing->stats->files_failed += b->files_failed;
    gboolean ok =
        !b->n_calls || pl_ingest_add_calls(ing, b->calls, b->n_calls, source_id, conv, err);
    pl_ingest_progress(ing, FALSE);
    return ok;
}

/* Reads one file; FALSE only when the store failed (*err set). */
static gboolean read_file(cdr_run *run, const char *path, gint64 source_id, pl_conv_one *conv,
                          GError **err)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) != 0) {
        pl_ingest_skip(run->ing, path, g_strerror(errno));
        run->ing->stats->files_failed++;
        if (fd >= 0)
            close(fd);
        return TRUE;
    }
    if (S_ISDIR(sb.st_mode)) {
        pl_ingest_skip(run->ing, path, "is a directory");
        run->ing->stats->files_failed++;
        close(fd);
        return TRUE;
    }
    gint64 mtime_ns = (gint64)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    pl_store *st = run->ing->st;
    if (!run->ing->opts->force && st->ops->file_unchanged(st, path, sb.st_size, mtime_ns)) {
        run->ing->stats->files_unchanged++;
        close(fd);
        return TRUE;
    }
    cdr_file f = {.run = run, .path = path, .fd = fd};
    cdr_layout_init(&f.lay);
    g_assert(!run->cur);
    run->cur = pl_pipe_take(run->pipe);
    GThread *reader = g_thread_new("cdr-reader", read_main, &f);
    gboolean ok = TRUE, last = FALSE;
    while (!last) {
        cdr_batch *b = pl_pipe_receive(run->pipe);
        last = b->last;
        if (ok && !write_batch(run, b, source_id, conv, err)) {
            ok = FALSE;
            pl_pipe_stop(run->pipe); /* the reader hands on its last batch and ends */
        }
        cdr_batch_reset(b);
        pl_pipe_give_back(run->pipe, b);
    }
    g_thread_join(reader);
    close(fd);
    g_free(f.buf);
    g_free(f.offs);
    g_free(f.fields);
    if (!ok)
        return FALSE;
    if (f.io_error || f.file_bad) {
        if (f.io_error)
            run->ing->stats->files_failed++;
        return TRUE; /* not marked: it is read again next time */
    }
    return st->ops->file_mark(st, source_id, path, sb.st_size, mtime_ns, err);
}

gboolean pl_ingest_cdr(pl_store *st, const pl_config *cfg, const char *format, const char *map,
                       const char *const *paths, const pl_ingest_opts *o, pl_ingest_stats *stats,
                       GError **err)
{
    const cdr_format *fmt = format_by_name(format ? format : "asterisk");
    if (!fmt) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "unknown call-record format \"%s\" (asterisk, freeswitch, twilio or csv)",
                    format);
        return FALSE;
    }
    if (map && !*map)
        map = NULL;
    cdr_clock clock;
    if (!cdr_clock_init(&clock, cfg->calls_timezone)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "[calls] timezone: unknown time zone \"%s\" (use a tz database name such as "
                    "Europe/Berlin)",
                    cfg->calls_timezone);
        return FALSE;
    }
    /* Calls are written with their conversations' aggregates, computed by
     * the configuration of now: bring every other conversation to it first
     * (a no-op when nothing changed), so that the refresh after the import
     * has nothing left to do for the calls. */
    pl_conv_one *conv = NULL;
    pl_ingest_opts defaults = {0};
    pl_ingest ing;
    if (!pl_conversations_refresh(st, cfg, err) || !(conv = pl_conv_one_new(st, cfg, err)) ||
        !pl_ingest_begin(&ing, st, cfg, o ? o : &defaults, stats, err)) {
        pl_conv_one_free(conv);
        cdr_clock_clear(&clock);
        return FALSE;
    }
    cdr_run *run = cdr_run_new(&ing, fmt, map);
    run->clock = clock;
    gboolean ok = TRUE;
    for (const char *const *p = paths; ok && *p; p++)
        stats->files_total++;
    for (const char *const *p = paths; ok && *p; p++) {
        /* The source is the file wherever it was named from; warnings and
         * file_seen use the path as given, as the mail reader does. */
        char *loc = g_canonicalize_filename(*p, NULL);
        gint64 sid = st->ops->source_id(st, "cdr", loc, err);
        ok = sid && read_file(run, *p, sid, conv, err);
        g_free(loc);
        stats->files_done++;
        pl_ingest_progress(&ing, FALSE);
    }
    cdr_clock_clear(&run->clock);
    cdr_run_free(run);
    pl_conv_one_free(conv);
    return pl_ingest_finish(&ing, ok, err) && ok;
}
