/* test_refresh.c — the conversation refresh's two ways of running: chunks
 * read on a second connection by a thread of their own while the chunk
 * before is saved (a store in a file), and read and saved in turn (a store
 * in memory, which has no second connection to give). Both must leave the
 * same aggregates; the demo company's mail is ingested into one of each, in
 * enough conversations for several chunks. */
#include "unit.h"

typedef struct {
    GString *out;
} dump_ctx;

static gboolean dump_conv(const pl_conv_info *c, gpointer user)
{
    dump_ctx *d = user;
    g_string_append_printf(d->out,
                           "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT
                           " %" G_GINT64_FORMAT " %d %d %d %d %d %d %d %d %d %s\n",
                           c->id, c->last_ts, c->est_seconds, c->duration_s, c->channel,
                           c->category, c->n_events, c->n_human, c->n_in, c->n_out, c->me,
                           c->external, c->automated, c->counterpart ? c->counterpart : "-");
    return TRUE;
}

/* Every conversation's aggregates as reports read them, one per line. */
static char *ingest_and_dump(const char *db, const char *maildir, const pl_config *cfg,
                             guint *n_convs)
{
    GError *err = NULL;
    pl_store *st = pl_store_open(db, &err);
    if (!st)
        fail_msg("store %s: %s", db, err->message);
    pl_ingest_stats stats;
    pl_ingest_stats_init(&stats);
    const char *paths[] = {maildir, NULL};
    if (!pl_ingest_mail(st, cfg, paths, NULL, &stats, &err))
        fail_msg("ingest into %s: %s", db, err->message);
    pl_ingest_stats_clear(&stats);
    dump_ctx d = {g_string_new(NULL)};
    pl_conv_filter f = {.with_automated = TRUE};
    if (!st->ops->conv_each(st, &f, dump_conv, &d, &err))
        fail_msg("conversations of %s: %s", db, err->message);
    *n_convs = 0;
    for (const char *p = d.out->str; (p = strchr(p, '\n')); p++)
        (*n_convs)++;
    pl_store_close(st);
    return g_string_free(d.out, FALSE);
}

static void test_pipelined_equals_serial(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("parley-refresh-XXXXXX", NULL);
    assert_non_null(dir);
    GError *err = NULL;
    pl_demo_stats ds;
    /* 1,500 conversations: the refresh's chunks hold 500 (conversation.c) */
    if (!pl_demo_write(dir, 7, 1500, &ds, &err))
        fail_msg("demo: %s", err->message);
    char *conf = g_build_filename(dir, "parley.conf", NULL);
    g_file_set_contents(
        conf, "[identity]\nme = jane@acme.example\ninternal-domains = acme.example\n", -1, NULL);
    pl_config *cfg = pl_config_load(conf, &err);
    if (!cfg)
        fail_msg("config: %s", err->message);
    char *maildir = g_build_filename(dir, "Maildir", NULL);
    char *db = g_build_filename(dir, "file.db", NULL);

    /* The in-memory store really has no reader: else this test would
     * compare the pipelined path with itself. */
    pl_store *mem = pl_store_open(":memory:", &err);
    assert_non_null(mem);
    assert_null(mem->ops->reader_open(mem, NULL));
    pl_store_close(mem);
    pl_store *file = pl_store_open(db, &err);
    assert_non_null(file);
    pl_store *rd = file->ops->reader_open(file, &err);
    assert_non_null(rd);
    rd->ops->close(rd);
    pl_store_close(file);

    guint n_file = 0, n_mem = 0;
    char *a = ingest_and_dump(db, maildir, cfg, &n_file);
    char *b = ingest_and_dump(":memory:", maildir, cfg, &n_mem);
    assert_true(n_file > 1000); /* several chunks, read while others are saved */
    assert_int_equal(n_file, n_mem);
    assert_string_equal(a, b);

    g_free(a);
    g_free(b);
    pl_config_free(cfg);
    g_free(db);
    g_free(maildir);
    g_free(conf);
    unit_rm_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pipelined_equals_serial),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
