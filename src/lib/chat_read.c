/* chat_read.c — the reader thread of a chat import: files line by line
 * into finished messages, handed to the writer (chat.c) in batches.
 *
 * Reads each file as a stream of lines (getline: one buffer for the whole
 * file, no allocation per line), repairs invalid UTF-8 with one warning per
 * file, and lets the format turn lines into messages. Everything after that
 * is common here: the idempotency key
 * "chat:<format>:<room>:<ts>:<sender>:<hash of text>[:<ordinal>]" (the
 * ordinal keeps two identical lines of one second apart), the word count,
 * the text and the questions and promises in it (in [chat] timezone), and
 * the participants: the sender, the other party of a direct chat and the
 * room, which carries the messages and is nobody, like a mailing list.
 * None of it needs the store, so it runs beside the writer.
 */
#include "chat.h"

#include "detect.h"
#include "hash.h"
#include "mail.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

chat_batch *chat_batch_new(void)
{
    chat_batch *b = g_new0(chat_batch, 1);
    b->sentences = g_array_new(FALSE, FALSE, sizeof(pl_sentence_row));
    b->strings = g_string_chunk_new(64 * 1024);
    b->warnings = g_array_new(FALSE, FALSE, sizeof(chat_warning));
    return b;
}

void chat_batch_free(gpointer p)
{
    chat_batch *b = p;
    g_array_free(b->sentences, TRUE);
    g_string_chunk_free(b->strings);
    g_array_free(b->warnings, TRUE);
    g_free(b);
}

void chat_batch_reset(chat_batch *b)
{
    b->n_msgs = b->n_parts = 0;
    g_array_set_size(b->sentences, 0);
    g_string_chunk_clear(b->strings);
    g_array_set_size(b->warnings, 0);
    b->messages = b->system = 0;
    b->job = 0;
    b->file_end = b->file_bad = b->last = FALSE;
    b->size = b->mtime_ns = 0;
}

static const char *keep(chat_batch *b, const char *s)
{
    return s ? g_string_chunk_insert(b->strings, s) : NULL;
}

static void warn(chat_run *run, const char *where, const char *reason, gboolean skip)
{
    chat_batch *b = run->cur;
    chat_warning w = {keep(b, where), keep(b, reason), skip};
    g_array_append_val(b->warnings, w);
}

/* Hands the current batch on and starts the next one for the same file. */
static void deliver(chat_run *run, gboolean last)
{
    chat_batch *b = run->cur;
    for (guint i = 0; i < b->n_msgs; i++)
        b->msgs[i].sentences = (const pl_sentence_row *)b->sentences->data + b->sentence_at[i];
    b->last = last;
    guint job = b->job;
    pl_pipe_send(run->pipe, b);
    run->cur = last ? NULL : pl_pipe_take(run->pipe);
    if (run->cur)
        run->cur->job = job;
    if (pl_pipe_stopped(run->pipe))
        run->failed = TRUE;
}

/* Decimal and hexadecimal digits without printf: keys are made per message. */
static void append_int(GString *s, gint64 v)
{
    char buf[24];
    int n = 0;
    guint64 u = v < 0 ? (guint64)0 - (guint64)v : (guint64)v;
    do {
        buf[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        buf[n++] = '-';
    while (n)
        g_string_append_c(s, buf[--n]);
}

static void append_hex16(GString *s, guint64 v)
{
    char buf[16];
    for (int i = 15; i >= 0; i--, v >>= 4)
        buf[i] = "0123456789abcdef"[v & 15];
    g_string_append_len(s, buf, 16);
}

static void where_of(chat_file *f, GString *out)
{
    g_string_assign(out, f->path);
    g_string_append_c(out, ':');
    append_int(out, f->line);
}

void chat_bad_line(chat_file *f, const char *reason)
{
    where_of(f, f->run->where);
    warn(f->run, f->run->where->str, reason, TRUE);
}

void chat_skip(chat_file *f, const char *where, const char *reason)
{
    warn(f->run, where, reason, TRUE);
}

void chat_system_line(chat_file *f)
{
    f->run->cur->system++;
}

static int offset_at(GTimeZone *tz, gint64 ts)
{
    int interval = g_time_zone_find_interval(tz, G_TIME_TYPE_UNIVERSAL, ts);
    return interval >= 0 ? g_time_zone_get_offset(tz, interval) : 0;
}

/* The [chat] timezone's offset at ts, for due days. Looked up once an hour
 * of UTC: an hour whose first and last second share an offset has it
 * throughout (zones change at most twice a year); any other is looked up
 * second by second. */
static int zone_offset(chat_run *run, gint64 ts)
{
    GTimeZone *tz = run->clock.tz;
    if (!tz)
        return 0;
    gint64 hour = ts >= 0 ? ts / 3600 : (ts - 3599) / 3600;
    if (hour != run->offset_hour) {
        int a = offset_at(tz, hour * 3600), b = offset_at(tz, hour * 3600 + 3599);
        run->offset_hour = hour;
        run->offset_whole = a == b;
        run->offset = a;
    }
    return run->offset_whole ? run->offset : offset_at(tz, ts);
}

static void add_part(chat_batch *b, pl_chat_add *a, int kind, const char *value, const char *name,
                     pl_role role)
{
    g_assert(a->n_parts < CHAT_MAX_PARTS);
    b->parts[b->n_parts++] = (pl_participant){(pl_identity_kind)kind, (char *)keep(b, value),
                                              (char *)keep(b, name), role};
    a->n_parts++;
}

void chat_emit(chat_file *f, const chat_msg *m)
{
    chat_run *run = f->run;
    if (run->failed)
        return;
    chat_batch *b = run->cur;
    b->messages++;
    gsize text_len = strlen(m->text);
    guint64 h = pl_fnv1a(PL_FNV_START, m->text, text_len);
    GString *key = run->key;
    g_string_assign(key, "chat:");
    g_string_append(key, run->fmt->name);
    g_string_append_c(key, ':');
    g_string_append(key, m->room);
    if (m->id && *m->id) {
        g_string_append(key, ":id:");
        g_string_append(key, m->id);
    } else {
        /* Repetitions: same second, sender and text. */
        if (m->ts != f->same_ts) {
            f->same_ts = m->ts;
            f->n_same = 0;
        }
        guint64 hs = pl_fnv1a(pl_fnv1a(h, "\n", 1), m->from, strlen(m->from));
        guint ordinal = 0;
        for (guint i = 0; i < f->n_same; i++)
            ordinal += f->same[i] == hs;
        if (f->n_same < CHAT_SAME_SECOND_MAX)
            f->same[f->n_same++] = hs;
        g_string_append_c(key, ':');
        append_int(key, m->ts);
        g_string_append_c(key, ':');
        g_string_append(key, m->from);
        g_string_append_c(key, ':');
        append_hex16(key, h);
        if (ordinal) {
            g_string_append_c(key, ':');
            append_int(key, ordinal);
        }
    }
    pl_chat_add *a = &b->msgs[b->n_msgs];
    memset(a, 0, sizeof *a);
    a->source_key = keep(b, key->str);
    a->key_hash = pl_hash_fast(key->str, key->len);
    where_of(f, run->where);
    a->location = keep(b, run->where->str);
    a->ts = m->ts;
    a->bytes = m->bytes;
    b->sentence_at[b->n_msgs] = b->sentences->len;
    if (run->cfg->store_bodies) {
        a->body = keep(b, m->text);
        /* Questions and promises now, so the refresh only decides which
         * count; due days in [chat] timezone. The author's own words are
         * found once, for the count and for detection (pl_detect_text
         * would find them again). */
        a->words = pl_text_own_paragraphs(m->text, run->own);
        GArray *d = pl_detect_own(run->own->str, m->ts, zone_offset(run, m->ts),
                                  PL_WANT_QUESTIONS | PL_WANT_PROMISES);
        g_string_truncate(run->own, 0);
        for (guint i = 0; i < d->len; i++) {
            const pl_detected *x = &g_array_index(d, pl_detected, i);
            pl_sentence_row r = {0, x->kind, keep(b, x->sentence), x->due_ts, NULL};
            g_array_append_val(b->sentences, r);
        }
        a->n_sentences = d->len;
        a->detected_done = TRUE;
        pl_detected_free(d);
    } else {
        a->words = pl_text_count_words(m->text);
    }
    a->parts = &b->parts[b->n_parts];
    add_part(b, a, m->from_kind, m->from, m->from_name, PL_ROLE_FROM);
    if (m->to && *m->to)
        add_part(b, a, m->to_kind, m->to, m->to_name, PL_ROLE_TO);
    add_part(b, a, PL_ID_HANDLE, m->room, m->room_name, PL_ROLE_LIST);
    b->rooms[b->n_msgs] = a->parts[a->n_parts - 1].value;
    if (++b->n_msgs == CHAT_BATCH)
        deliver(run, FALSE);
}

/* Reads one file into batches; the last one marked as its end. */
static void read_file(chat_run *run, const chat_job *job)
{
    const char *path = job->path;
    chat_batch *b = run->cur;
    if (job->error) {
        warn(run, path, job->error, TRUE);
        b->file_end = b->file_bad = TRUE;
        deliver(run, FALSE);
        return;
    }
    struct stat sb;
    FILE *fp = fopen(path, "rbe");
    if (!fp || fstat(fileno(fp), &sb) != 0 || S_ISDIR(sb.st_mode)) {
        warn(run, path, fp ? "is a directory" : g_strerror(errno), TRUE);
        if (fp)
            fclose(fp);
        b->file_end = b->file_bad = TRUE;
        deliver(run, FALSE);
        return;
    }
    chat_file f = {.run = run, .path = path, .same_ts = G_MININT64};
    const chat_format *fmt = run->fmt;
    gboolean file_bad = FALSE;
    if (fmt->file_open) {
        f.fmt_state = fmt->file_open(&f);
        file_bad = f.fmt_state == NULL;
    }
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    gboolean warned_utf8 = FALSE;
    while (!file_bad && !run->failed && (n = getline(&buf, &cap, fp)) >= 0) {
        f.line++;
        gsize len = (gsize)n;
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            buf[--len] = '\0';
        char *line = buf;
        if (f.line == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3; /* byte-order mark */
            len -= 3;
        }
        if (!g_utf8_validate(line, (gssize)len, NULL)) {
            /* Never dropped: a line with a stray Latin-1 byte is still a
             * message; U+FFFD marks what could not be read. */
            if (!warned_utf8) {
                where_of(&f, run->where);
                warn(run, run->where->str,
                     "not valid UTF-8: invalid bytes replaced by U+FFFD "
                     "(first here; the file is imported)",
                     FALSE);
                warned_utf8 = TRUE;
            }
            char *fixed = g_utf8_make_valid(line, (gssize)len);
            fmt->line(&f, fixed, strlen(fixed));
            g_free(fixed);
        } else {
            fmt->line(&f, line, len);
        }
    }
    gboolean io_error = !file_bad && ferror(fp);
    if (io_error)
        warn(run, path, g_strerror(errno), TRUE);
    free(buf);
    fclose(fp);
    if (!file_bad && fmt->end && !run->failed)
        fmt->end(&f);
    if (fmt->file_close && f.fmt_state)
        fmt->file_close(&f, f.fmt_state);
    b = run->cur;
    b->file_end = TRUE;
    b->file_bad = io_error || file_bad || f.bad;
    b->size = sb.st_size;
    b->mtime_ns = (gint64)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    deliver(run, FALSE);
}

gpointer chat_read_main(gpointer data)
{
    chat_run *run = data;
    run->cur = pl_pipe_take(run->pipe);
    for (guint i = 0; i < run->n_jobs && !run->failed; i++) {
        run->cur->job = i;
        read_file(run, &run->jobs[i]);
    }
    deliver(run, TRUE);
    return NULL;
}
