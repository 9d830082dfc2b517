/* store.c — picks a storage backend for a store spec, and the default path. */
#include "store.h"

#include <glib/gstdio.h>

char *pl_store_default_path(void)
{
    const char *env = g_getenv("PARLEY_DB");
    if (env && *env)
        return g_strdup(env);
    return g_build_filename(g_get_user_data_dir(), "parley", "parley.db", NULL);
}

pl_store *pl_store_open(const char *spec, GError **err)
{
    g_return_val_if_fail(spec && *spec, NULL);
    if (g_str_has_prefix(spec, "postgresql:") || g_str_has_prefix(spec, "postgres:")) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_USAGE,
                    "%s: the PostgreSQL backend is not built into this parley yet", spec);
        return NULL;
    }
    char *dir = g_path_get_dirname(spec);
    if (g_mkdir_with_parents(dir, 0700) != 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "cannot create %s: %s", dir, g_strerror(errno));
        g_free(dir);
        return NULL;
    }
    g_free(dir);
    return pl_store_sqlite_open(spec, err);
}

void pl_store_close(pl_store *st)
{
    if (st)
        st->ops->close(st);
}

int pl_store_schema_version(pl_store *st)
{
    return st->ops->schema_version(st);
}
