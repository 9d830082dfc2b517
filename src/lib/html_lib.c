/* html_lib.c — libxml2's HTML parser, loaded the first time mail is read.
 *
 * Only mail with an HTML body needs libxml2, and only the commands that
 * read mail (ingest, sync) read any; linked in, libxml2 and the ICU it
 * brings would be loaded and relocated at the start of every command
 * (1.3 ms of a 5 ms start, hyperfine on an empty program linked with and
 * without it; a brief takes ~18 ms in all). So the library is opened with
 * GModule when first needed, and the three functions parley calls are
 * looked up then. Its headers still describe the types: only the linking
 * is deferred.
 */
#include "html_lib.h"

#include "parley.h"

#include <gmodule.h>

#define LIBXML2_SONAME "libxml2.so.2"

static struct {
    htmlDocPtr (*read_memory)(const char *, int, const char *, const char *, int);
    void (*free_doc)(xmlDocPtr);
    char *error; /* why it could not be loaded; NULL when it was */
} lib;

static void load(void)
{
    GModule *m = g_module_open(LIBXML2_SONAME, G_MODULE_BIND_LOCAL);
    void (*init_parser)(void) = NULL;
    if (!m) {
        lib.error = g_strdup(g_module_error());
        return;
    }
    if (!g_module_symbol(m, "htmlReadMemory", (gpointer *)&lib.read_memory) ||
        !g_module_symbol(m, "xmlFreeDoc", (gpointer *)&lib.free_doc) ||
        !g_module_symbol(m, "xmlInitParser", (gpointer *)&init_parser)) {
        lib.error = g_strdup(g_module_error());
        lib.read_memory = NULL;
        return; /* the module stays open: harmless, and its symbols half-read */
    }
    g_module_make_resident(m); /* never closed: its functions are ours now */
    init_parser();             /* before any parse thread uses it */
}

gboolean pl_html_lib_load(GError **err)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        load();
        g_once_init_leave(&done, 1);
    }
    if (lib.read_memory)
        return TRUE;
    g_set_error(err, PARLEY_ERROR, PL_ERR_IO,
                "cannot load " LIBXML2_SONAME ", needed to read HTML mail: %s (install libxml2)",
                lib.error ? lib.error : "unknown error");
    return FALSE;
}

htmlDocPtr pl_html_read_memory(const char *buf, int size, const char *url, const char *encoding,
                               int options)
{
    g_assert(lib.read_memory);
    return lib.read_memory(buf, size, url, encoding, options);
}

void pl_html_free_doc(xmlDocPtr doc)
{
    g_assert(lib.free_doc);
    lib.free_doc(doc);
}
