/* test_text_index.c — the SQLite store's full-text index thread
 * (store_sqlite_text.c): it runs below the priority of the threads that
 * parse and store (its work may lag, theirs may not), and whatever it was
 * handed is searchable once the store is closed. */
#include "unit.h"

#include <dirent.h>
#include <sys/resource.h>

/* The nice value of this process's thread named `name`, or 100 if none. */
static int thread_nice(const char *name)
{
    int nice = 100;
    DIR *d = opendir("/proc/self/task");
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) && nice == 100) {
        if (e->d_name[0] == '.')
            continue;
        char *comm_path = g_strdup_printf("/proc/self/task/%s/comm", e->d_name);
        char *stat_path = g_strdup_printf("/proc/self/task/%s/stat", e->d_name);
        char *comm = NULL, *stat = NULL;
        if (g_file_get_contents(comm_path, &comm, NULL, NULL) &&
            strcmp(g_strstrip(comm), name) == 0 &&
            g_file_get_contents(stat_path, &stat, NULL, NULL)) {
            /* after "pid (comm) ": state is field 3, nice field 19 */
            char **f = g_strsplit(strrchr(stat, ')') + 2, " ", -1);
            assert_true(g_strv_length(f) > 16);
            nice = atoi(f[16]);
            g_strfreev(f);
        }
        g_free(comm);
        g_free(stat);
        g_free(comm_path);
        g_free(stat_path);
    }
    closedir(d);
    return nice;
}

static gboolean count_hit(const pl_search_hit *h, gpointer user)
{
    (void)h;
    (*(int *)user)++;
    return TRUE;
}

static void test_background_and_complete(void **state)
{
    (void)state;
    char *dir = g_dir_make_tmp("parley-text-XXXXXX", NULL);
    assert_non_null(dir);
    GError *err = NULL;
    pl_demo_stats ds;
    if (!pl_demo_write(dir, 3, 60, &ds, &err))
        fail_msg("demo: %s", err->message);
    pl_config *cfg = unit_config();
    char *maildir = g_build_filename(dir, "Maildir", NULL);
    char *db = g_build_filename(dir, "t.db", NULL);
    pl_store *st = pl_store_open(db, &err);
    assert_non_null(st);
    int before = getpriority(PRIO_PROCESS, 0);
    pl_ingest_stats stats;
    pl_ingest_stats_init(&stats);
    const char *paths[] = {maildir, NULL};
    if (!pl_ingest_mail(st, cfg, paths, NULL, &stats, &err))
        fail_msg("ingest: %s", err->message);
    assert_true(stats.added > 100);
#ifdef __linux__
    /* The thread lives until the store closes. */
    assert_int_equal(thread_nice("text-index"), MIN(before + 10, 19));
#endif
    assert_int_equal(getpriority(PRIO_PROCESS, 0), before); /* the caller's is untouched */
    pl_store_close(st);

    st = pl_store_open(db, &err);
    assert_non_null(st);
    int hits = 0;
    /* Every demo message is signed by its author; "the" is in nearly all. */
    assert_true(st->ops->search(st, "the", 100000, count_hit, &hits, &err));
    assert_true(hits > (int)stats.added / 2);
    pl_store_close(st);

    pl_ingest_stats_clear(&stats);
    pl_config_free(cfg);
    g_free(db);
    g_free(maildir);
    unit_rm_tree(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_background_and_complete),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
