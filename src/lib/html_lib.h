/* html_lib.h — libxml2's HTML parser, loaded the first time it is needed. */
#ifndef PARLEY_HTML_LIB_H
#define PARLEY_HTML_LIB_H

#include <glib.h>
#include <libxml/HTMLparser.h>

/* Loads libxml2 once (any thread, any number of times) and initialises its
 * parser; FALSE, with err naming the library and why, when it cannot. */
gboolean pl_html_lib_load(GError **err);
/* Parses size bytes of UTF-8 HTML (any <meta charset> ignored) with the
 * loaded library, as a stream of SAX events to sax's callbacks with
 * user; no document tree is built. Only after a successful
 * pl_html_lib_load; FALSE when libxml2 could not make a parser. */
gboolean pl_html_sax_parse(const char *buf, int size, const htmlSAXHandler *sax, void *user,
                           int options);

#endif
