/* signature_links.h — deciding whose the numbers from mail signatures are
 * (signature_links.c), run by the conversation refresh. */
#ifndef PARLEY_SIGNATURE_LINKS_H
#define PARLEY_SIGNATURE_LINKS_H

#include "store.h"

/* Links or unlinks numbers from what every signature said, when a new
 * sighting or a contacts import asked for it; inside the caller's
 * transaction, before conversations are refreshed. */
gboolean pl_signature_links_refresh(pl_store *st, GError **err);

#endif
