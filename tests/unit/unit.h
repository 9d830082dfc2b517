/* unit.h — helpers shared by the cmocka unit tests. */
#ifndef PARLEY_UNIT_H
#define PARLEY_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <glib/gstdio.h>

#include "parley.h"
#include "store.h"

/* A fresh store in a fresh temporary directory. */
static inline pl_store *unit_store(char **dir_out)
{
    char *dir = g_dir_make_tmp("parley-unit-XXXXXX", NULL);
    assert_non_null(dir);
    char *path = g_build_filename(dir, "t.db", NULL);
    GError *err = NULL;
    pl_store *st = pl_store_open(path, &err);
    if (!st)
        fail_msg("store: %s", err->message);
    g_free(path);
    *dir_out = dir;
    return st;
}

/* Removes a test's temporary directory and everything in it; frees dir. */
static inline void unit_rm_tree(char *dir)
{
    char *cmd = g_strdup_printf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    g_free(cmd);
    g_free(dir);
}

static inline void unit_store_done(pl_store *st, char *dir)
{
    pl_store_close(st);
    unit_rm_tree(dir);
}

/* An empty config (no me, no internal domains) to extend in a test. */
static inline pl_config *unit_config(void)
{
    GError *err = NULL;
    pl_config *cfg = pl_config_load("/nonexistent/parley-unit.conf", &err);
    assert_non_null(cfg);
    return cfg;
}

#endif
