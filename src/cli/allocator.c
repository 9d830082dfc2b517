/* allocator.c — settings of the malloc the parley executables run on.
 *
 * With -Dallocator=mimalloc (the default) the executables link Debian's
 * libmimalloc, which takes over malloc for every library in the process
 * (GLib, GMime, SQLite): the ingest's parse threads allocate and free
 * GMime's objects by the million, and cross-thread frees (parsed on a
 * worker, freed by the writer) are cheap in it. Its one setting here:
 * memory freed goes back to the system at once instead of 25 ms later,
 * which keeps an ingest's peak RSS where glibc's was (60 -> 51 MiB over
 * the 8,448-message corpus) at no measurable cost in time. */
#include "cli.h"

#ifdef PARLEY_MIMALLOC
#include <mimalloc.h>
#endif

void cli_allocator_init(void)
{
#ifdef PARLEY_MIMALLOC
    mi_option_set(mi_option_decommit_delay, 0);
#endif
}
