/* cmd_detect.c — `parley detect`, hidden: runs the question and promise
 * rules (src/lib/detect.c) over a file without any store, so the rules can
 * be measured against labelled sentences (tests/T141-detect-labelled.sh)
 * and a user can see why a message gave the items it did.
 *
 * FILE is a message body (quotes, signature and all) unless --sentences
 * says it holds one sentence per line; "-" reads standard input.
 */
#include "cli.h"
#include "detect.h"
#include "log.h"
#include "output.h"

#include <stdlib.h>
#include <string.h>

/* "+01:00", "-0500", "+02", "Z" -> seconds east of UTC. */
static gboolean parse_offset(const char *s, int *out)
{
    if (g_ascii_strcasecmp(s, "z") == 0 || g_ascii_strcasecmp(s, "utc") == 0) {
        *out = 0;
        return TRUE;
    }
    int hh = 0, mm = 0, n = 0;
    if ((s[0] != '+' && s[0] != '-') ||
        !(sscanf(s + 1, "%2d:%2d%n", &hh, &mm, &n) == 2 ||
          sscanf(s + 1, "%2d%2d%n", &hh, &mm, &n) == 2 || sscanf(s + 1, "%2d%n", &hh, &n) == 1) ||
        s[1 + n] || hh > 14 || mm > 59)
        return FALSE;
    *out = (s[0] == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
    return TRUE;
}

static char *due_day(gint64 due, int offset)
{
    if (!due)
        return NULL;
    GDateTime *d = g_date_time_new_from_unix_utc(due + offset);
    char *s = g_date_time_format(d, "%Y-%m-%d");
    g_date_time_unref(d);
    return s;
}

typedef struct {
    JsonBuilder *b;
    out_table *t;
    int offset;
} detect_out;

static void emit(detect_out *o, guint line, pl_sentence_kind k, const char *sentence, gint64 due)
{
    char *day = due_day(due, o->offset);
    if (o->b) {
        json_builder_begin_object(o->b);
        json_builder_set_member_name(o->b, "line");
        json_builder_add_int_value(o->b, line);
        json_builder_set_member_name(o->b, "kind");
        json_builder_add_string_value(o->b, pl_sentence_kind_name(k));
        json_builder_set_member_name(o->b, "due");
        if (day)
            json_builder_add_string_value(o->b, day);
        else
            json_builder_add_null_value(o->b);
        json_builder_set_member_name(o->b, "sentence");
        json_builder_add_string_value(o->b, sentence);
        json_builder_end_object(o->b);
    } else {
        char n[16];
        g_snprintf(n, sizeof n, "%u", line);
        out_table_row(o->t, n, pl_sentence_kind_name(k), day ? day : "-", sentence);
    }
    g_free(day);
}

CMD(detect)
{
    gboolean json = FALSE, sentences = FALSE, all = FALSE;
    char *at = NULL, *zone = NULL;
    GOptionEntry entries[] = {
        {"sentences", 0, 0, G_OPTION_ARG_NONE, &sentences,
         "FILE holds one sentence per line: classify each as it is", NULL},
        {"all", 0, 0, G_OPTION_ARG_NONE, &all, "list sentences of no kind too", NULL},
        {"at", 0, 0, G_OPTION_ARG_STRING, &at, "the message's time, for due dates (default: now)",
         "WHEN"},
        {"zone", 0, 0, G_OPTION_ARG_STRING, &zone, "the writer's UTC offset (default: local)",
         "+HH:MM"},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON instead of a table", NULL},
        {NULL}};
    if (!cli_parse("FILE", "Finds questions and promises in a message body (or in sentences).",
                   entries, &argc, &argv))
        return 2;
    int rc = 0;
    if (argc != 2) {
        rc = cli_failf("detect: expected one FILE (\"-\" for standard input)");
        goto out;
    }
    gint64 now = g_get_real_time() / G_USEC_PER_SEC, ts = now;
    GError *err = NULL;
    if (at && !pl_when_parse(at, now, FALSE, &ts, NULL, &err)) {
        rc = cli_fail(err);
        goto out;
    }
    int offset = 0;
    if (zone && !parse_offset(zone, &offset)) {
        rc = cli_failf("detect: --zone %s is not a UTC offset (+HH:MM, -HHMM or Z)", zone);
        goto out;
    }
    if (!zone) {
        GDateTime *l = g_date_time_new_from_unix_local(ts);
        offset = (int)(g_date_time_get_utc_offset(l) / G_USEC_PER_SEC);
        g_date_time_unref(l);
    }
    char *text = NULL;
    gsize len = 0;
    if (strcmp(argv[1], "-") == 0) {
        GIOChannel *in = g_io_channel_unix_new(0);
        GIOStatus s = g_io_channel_read_to_end(in, &text, &len, &err);
        g_io_channel_unref(in);
        if (s != G_IO_STATUS_NORMAL) {
            rc = cli_fail(err);
            goto out;
        }
    } else if (!g_file_get_contents(argv[1], &text, &len, &err)) {
        rc = cli_fail(err);
        goto out;
    }
    if (memchr(text, '\0', len) || !g_utf8_validate(text, (gssize)len, NULL)) {
        char *valid = g_utf8_make_valid(text, (gssize)len);
        g_free(text);
        text = valid;
    }
    detect_out o = {.offset = offset};
    if (json) {
        o.b = json_builder_new();
        json_builder_begin_array(o.b);
    } else {
        o.t = out_table_new(sentences ? "LINE" : "#", "KIND", "DUE", "SENTENCE", NULL);
    }
    guint shown = 0;
    if (sentences) {
        char **lines = g_strsplit(text, "\n", -1);
        for (guint i = 0; lines[i]; i++) {
            char *s = g_strstrip(lines[i]);
            if (!*s)
                continue;
            pl_sentence_kind k = pl_sentence_classify(s);
            if (k != PL_SENT_NONE || all || json) {
                emit(&o, i + 1, k, s, k != PL_SENT_NONE ? pl_due_resolve(s, ts, offset) : 0);
                shown++;
            }
        }
        g_strfreev(lines);
    } else if (all) {
        GPtrArray *ss = pl_body_sentences(text);
        for (guint i = 0; i < ss->len; i++) {
            const char *s = ss->pdata[i];
            pl_sentence_kind k = pl_sentence_classify(s);
            emit(&o, i + 1, k, s, k != PL_SENT_NONE ? pl_due_resolve(s, ts, offset) : 0);
            shown++;
        }
        g_ptr_array_free(ss, TRUE);
    } else {
        GArray *d = pl_detect_text(text, ts, offset, PL_WANT_QUESTIONS | PL_WANT_PROMISES);
        for (guint i = 0; i < d->len; i++) {
            pl_detected *x = &g_array_index(d, pl_detected, i);
            emit(&o, i + 1, x->kind, x->sentence, x->due_ts);
            shown++;
        }
        pl_detected_free(d);
    }
    g_free(text);
    if (o.b) {
        json_builder_end_array(o.b);
        out_json(o.b);
    } else if (shown) {
        out_table_print(o.t, stdout, "");
    } else {
        out_table_free(o.t);
        printf("no questions or promises\n");
    }
out:
    g_free(at);
    g_free(zone);
    return rc;
}
