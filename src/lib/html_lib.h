/* html_lib.h — libxml2's HTML parser, loaded the first time it is needed. */
#ifndef PARLEY_HTML_LIB_H
#define PARLEY_HTML_LIB_H

#include <glib.h>
#include <libxml/HTMLparser.h>

/* Loads libxml2 once (any thread, any number of times) and initialises its
 * parser; FALSE, with err naming the library and why, when it cannot. */
gboolean pl_html_lib_load(GError **err);
/* htmlReadMemory and xmlFreeDoc of the loaded library; only after a
 * successful pl_html_lib_load. */
htmlDocPtr pl_html_read_memory(const char *buf, int size, const char *url, const char *encoding,
                               int options);
void pl_html_free_doc(xmlDocPtr doc);

#endif
