/* chat.c — chat logs into the model: pl_ingest_chat().
 *
 * Reads each file as a stream of lines (getline: one buffer for the whole
 * file, no allocation per line), repairs invalid UTF-8 with one warning per
 * file, and lets the format (chat_jsonl.c, chat_irc.c, chat_whatsapp.c,
 * chat_twitter.c)
 * turn lines into messages. Everything after that is common here: the
 * identities, the event, its idempotency key
 * "chat:<format>:<room>:<ts>:<sender>:<hash of text>[:<ordinal>]" (the
 * ordinal keeps two identical lines of one second apart) and its session
 * (chat_session.c).
 */
#include "chat.h"

#include "detect.h"
#include "mail.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Unlike mail and call records, a chat file may be committed part-way (a
 * single export can hold millions of lines): every message has its own key
 * and finds its session in the store, and the file is marked read only at
 * its end, so an interrupted run re-reads it and adds only what is missing. */
#define COMMIT_EVERY_LINES 1024

static const chat_format *format_by_name(const char *name)
{
    static const chat_format *const all[] = {&chat_format_jsonl, &chat_format_irc,
                                             &chat_format_whatsapp, &chat_format_twitter};
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        if (g_ascii_strcasecmp(name, all[i]->name) == 0)
            return all[i];
    return NULL;
}

static guint64 fnv1a(guint64 h, const char *s, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        h ^= (guchar)s[i];
        h *= G_GUINT64_CONSTANT(1099511628211);
    }
    return h;
}
#define FNV_START G_GUINT64_CONSTANT(1469598103934665603)

void chat_bad_line(chat_file *f, const char *reason)
{
    char where[4096];
    g_snprintf(where, sizeof where, "%s:%u", f->path, f->line);
    pl_ingest_skip(f->run->ing, where, reason);
}

void chat_system_line(chat_file *f)
{
    f->run->ing->stats->system++;
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

void chat_emit(chat_file *f, const chat_msg *m)
{
    chat_run *run = f->run;
    if (run->failed)
        return;
    pl_ingest *ing = run->ing;
    ing->stats->messages++;
    gsize text_len = strlen(m->text);
    guint64 h = fnv1a(FNV_START, m->text, text_len);
    GString *key = run->key;
    g_string_truncate(key, 0);
    if (m->id && *m->id) {
        g_string_append_printf(key, "chat:%s:%s:id:%s", run->fmt->name, m->room, m->id);
    } else {
        /* Repetitions: same second, sender and text. */
        if (m->ts != f->same_ts) {
            f->same_ts = m->ts;
            f->n_same = 0;
        }
        guint64 hs = fnv1a(fnv1a(h, "\n", 1), m->from, strlen(m->from));
        guint ordinal = 0;
        for (guint i = 0; i < f->n_same; i++)
            ordinal += f->same[i] == hs;
        if (f->n_same < CHAT_SAME_SECOND_MAX)
            f->same[f->n_same++] = hs;
        g_string_append_printf(key, "chat:%s:%s:%" G_GINT64_FORMAT ":%s:%016" G_GINT64_MODIFIER "x",
                               run->fmt->name, m->room, m->ts, m->from, h);
        if (ordinal)
            g_string_append_printf(key, ":%u", ordinal);
    }
    pl_event *ev = pl_event_new(PL_CH_CHAT);
    ev->ts = m->ts;
    ev->source_key = g_strdup(key->str);
    if (ing->cfg->store_bodies) {
        ev->body = g_strdup(m->text);
        /* Questions and promises now, so the refresh only decides which
         * count; due days in [chat] timezone. */
        int offset = 0;
        if (run->clock.tz) {
            int interval = g_time_zone_find_interval(run->clock.tz, G_TIME_TYPE_UNIVERSAL, m->ts);
            offset = interval >= 0 ? g_time_zone_get_offset(run->clock.tz, interval) : 0;
        }
        ev->detected = pl_detect_text(m->text, m->ts, offset, PL_WANT_QUESTIONS | PL_WANT_PROMISES);
        ev->detected_done = TRUE;
    }
    ev->words = pl_text_count_words(m->text);
    ev->bytes = m->bytes;
    pl_event_add_participant(ev, m->from_kind, m->from, m->from_name, PL_ROLE_FROM);
    if (m->to && *m->to)
        pl_event_add_participant(ev, m->to_kind, m->to, m->to_name, PL_ROLE_TO);
    /* The room carries the messages and is nobody, like a mailing list: it
     * never becomes the counterpart of a conversation. */
    pl_event_add_participant(ev, PL_ID_HANDLE, m->room, m->room_name, PL_ROLE_LIST);
    char where[4096];
    g_snprintf(where, sizeof where, "%s:%u", f->path, f->line);
    gboolean ok = pl_ingest_add(ing, ev, run->source_id, where, run->err);
    if (ok && ing->last_new) {
        gint64 conv = chat_session_conv(run->sessions, m->room, m->ts, run->err);
        ok = conv && ing->st->ops->event_set_conv(ing->st, ing->last_event_id, conv, run->err);
    }
    pl_event_free(ev);
    if (!ok)
        run->failed = TRUE;
}

/* Reads one file; FALSE only when the store failed. */
static gboolean read_file(chat_run *run, const char *path)
{
    pl_ingest *ing = run->ing;
    pl_store *st = ing->st;
    struct stat sb;
    FILE *fp = fopen(path, "rbe");
    if (!fp || fstat(fileno(fp), &sb) != 0 || S_ISDIR(sb.st_mode)) {
        pl_ingest_skip(ing, path, fp ? "is a directory" : g_strerror(errno));
        ing->stats->files_failed++;
        if (fp)
            fclose(fp);
        return TRUE;
    }
    gint64 mtime_ns = (gint64)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
    if (!ing->opts->force && st->ops->file_unchanged(st, path, sb.st_size, mtime_ns)) {
        ing->stats->files_unchanged++;
        fclose(fp);
        return TRUE;
    }
    char *loc = g_canonicalize_filename(path, NULL);
    run->source_id = st->ops->source_id(st, "chat", loc, run->err);
    g_free(loc);
    if (!run->source_id) {
        fclose(fp);
        return FALSE;
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
                char where[4096];
                g_snprintf(where, sizeof where, "%s:%u", path, f.line);
                if (ing->opts->warn)
                    ing->opts->warn(where,
                                    "not valid UTF-8: invalid bytes replaced by U+FFFD "
                                    "(first here; the file is imported)",
                                    ing->opts->warn_user);
                warned_utf8 = TRUE;
            }
            char *fixed = g_utf8_make_valid(line, (gssize)len);
            fmt->line(&f, fixed, strlen(fixed));
            g_free(fixed);
        } else {
            fmt->line(&f, line, len);
        }
        if (f.line % COMMIT_EVERY_LINES == 0 && !run->failed &&
            !pl_ingest_maybe_commit(ing, run->err))
            run->failed = TRUE;
    }
    gboolean io_error = !file_bad && ferror(fp);
    if (io_error)
        pl_ingest_skip(ing, path, g_strerror(errno));
    free(buf);
    fclose(fp);
    if (!file_bad && fmt->end && !run->failed)
        fmt->end(&f);
    if (fmt->file_close && f.fmt_state)
        fmt->file_close(&f, f.fmt_state);
    file_bad |= f.bad;
    if (run->failed)
        return FALSE;
    if (io_error || file_bad) {
        ing->stats->files_failed++;
        return TRUE; /* not marked: it is read again next time */
    }
    return st->ops->file_mark(st, run->source_id, path, sb.st_size, mtime_ns, run->err) &&
           pl_ingest_maybe_commit(ing, run->err);
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
    chat_run run = {.fmt = fmt, .err = err};
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
    pl_ingest_opts defaults = {0};
    pl_ingest ing;
    if (!pl_ingest_begin(&ing, st, cfg, o ? o : &defaults, stats, err)) {
        cdr_clock_clear(&run.clock);
        g_ptr_array_unref(files);
        return FALSE;
    }
    run.ing = &ing;
    run.sessions = chat_sessions_new(st, cfg->chat_session_gap_s);
    run.key = g_string_sized_new(256);
    run.scratch = g_string_sized_new(256);
    stats->files_total += files->len;
    gboolean ok = TRUE;
    for (guint i = 0; ok && i < files->len; i++) {
        ok = read_file(&run, files->pdata[i]);
        stats->files_done++;
        pl_ingest_progress(&ing, FALSE);
    }
    if (ok)
        ok = chat_sessions_settle(run.sessions, err);
    chat_sessions_free(run.sessions);
    g_string_free(run.key, TRUE);
    g_string_free(run.scratch, TRUE);
    cdr_clock_clear(&run.clock);
    g_ptr_array_unref(files);
    return pl_ingest_finish(&ing, ok, err) && ok;
}
