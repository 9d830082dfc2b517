/* html_lib.c — libxml2's HTML parser, loaded the first time mail is read.
 *
 * Only mail with an HTML body needs libxml2, and only the commands that
 * read mail (ingest, sync) read any; linked in, libxml2 and the ICU it
 * brings would be loaded and relocated at the start of every command
 * (1.3 ms of a 5 ms start, hyperfine on an empty program linked with and
 * without it; a brief takes ~18 ms in all). So the library is opened with
 * GModule when first needed, and the functions parley calls are looked up
 * then. Its headers still describe the types: only the linking
 * is deferred.
 */
#include "html_lib.h"

#include "parley.h"

#include <gmodule.h>

#define LIBXML2_SONAME "libxml2.so.2"

static struct {
    htmlParserCtxtPtr (*create_ctxt)(const char *, int);
    int (*use_options)(htmlParserCtxtPtr, int);
    xmlCharEncodingHandlerPtr (*find_encoding)(const char *);
    int (*switch_encoding)(xmlParserCtxtPtr, xmlCharEncodingHandlerPtr);
    int (*parse_document)(htmlParserCtxtPtr);
    void (*free_ctxt)(htmlParserCtxtPtr);
    gboolean loaded;
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
    if (!g_module_symbol(m, "htmlCreateMemoryParserCtxt", (gpointer *)&lib.create_ctxt) ||
        !g_module_symbol(m, "htmlCtxtUseOptions", (gpointer *)&lib.use_options) ||
        !g_module_symbol(m, "xmlFindCharEncodingHandler", (gpointer *)&lib.find_encoding) ||
        !g_module_symbol(m, "xmlSwitchToEncoding", (gpointer *)&lib.switch_encoding) ||
        !g_module_symbol(m, "htmlParseDocument", (gpointer *)&lib.parse_document) ||
        !g_module_symbol(m, "htmlFreeParserCtxt", (gpointer *)&lib.free_ctxt) ||
        !g_module_symbol(m, "xmlInitParser", (gpointer *)&init_parser)) {
        lib.error = g_strdup(g_module_error());
        return; /* the module stays open: harmless, and its symbols half-read */
    }
    g_module_make_resident(m); /* never closed: its functions are ours now */
    init_parser();             /* before any parse thread uses it */
    lib.loaded = TRUE;
}

gboolean pl_html_lib_load(GError **err)
{
    static gsize done;
    if (g_once_init_enter(&done)) {
        load();
        g_once_init_leave(&done, 1);
    }
    if (lib.loaded)
        return TRUE;
    g_set_error(err, PARLEY_ERROR, PL_ERR_IO,
                "cannot load " LIBXML2_SONAME ", needed to read HTML mail: %s (install libxml2)",
                lib.error ? lib.error : "unknown error");
    return FALSE;
}

gboolean pl_html_sax_parse(const char *buf, int size, const htmlSAXHandler *sax, void *user,
                           int options)
{
    g_assert(lib.loaded);
    htmlParserCtxtPtr ctxt = lib.create_ctxt(buf, size);
    if (!ctxt)
        return FALSE;
    /* The parser's own handler, overwritten: the context frees it. The
     * options go after, as htmlReadMemory() applies them (NOERROR and
     * NOWARNING clear the error callbacks). */
    *ctxt->sax = *sax;
    ctxt->userData = user;
    lib.use_options(ctxt, options);
    xmlCharEncodingHandlerPtr utf8 = lib.find_encoding("UTF-8");
    if (utf8)
        lib.switch_encoding(ctxt, utf8);
    lib.parse_document(ctxt);
    ctxt->myDoc = NULL; /* none is built: no startDocument callback makes one */
    lib.free_ctxt(ctxt);
    return TRUE;
}
