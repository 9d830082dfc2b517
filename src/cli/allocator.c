/* allocator.c — settings of the malloc the parley executables run on.
 *
 * With -Dallocator=mimalloc (the default) the executables link Debian's
 * libmimalloc, which takes over malloc for every library in the process
 * (GLib, GMime, SQLite): the ingest's parse threads allocate and free
 * GMime's objects by the million, and cross-thread frees (parsed on a
 * worker, freed by the writer) are cheap in it. Its one setting here:
 * memory freed goes back to the system at once instead of 25 ms later,
 * which keeps an ingest's peak RSS where glibc's was (60 -> 51 MiB over
 * the 8,448-message corpus) at no measurable cost in time.
 *
 * Over it, GLib 2.74 (Debian 12) still puts every GObject and most GLib
 * nodes through its slice allocator: per-thread magazines with a global
 * lock behind them, a second allocator on top of a faster one (a tenth of
 * the parse threads' time). GLib 2.76 removed it (g_slice_alloc is
 * g_malloc there); G_SLICE=always-malloc asks 2.74 for the same. Setting
 * the variable from main is too late: GLib reads it once, from a library
 * constructor, before main and before even .preinit_array's changes to
 * the environment survive (libc's own constructor resets environ). So the
 * executable answers that one question itself: its getenv, which every
 * library's calls bind to, reads the environment as libc's does and, where
 * G_SLICE is unset, says always-malloc. A G_SLICE the user set wins. */
#include "cli.h"

#ifdef PARLEY_MIMALLOC
#include <mimalloc.h>
#include <string.h>

extern char **environ;

char *getenv(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || strchr(name, '='))
        return NULL;
    for (char **e = environ; e && *e; e++)
        if (strncmp(*e, name, n) == 0 && (*e)[n] == '=')
            return *e + n + 1;
    if (strcmp(name, "G_SLICE") == 0)
        return (char *)"always-malloc";
    return NULL;
}
#endif

const char *cli_allocator_name(void)
{
#ifdef PARLEY_MIMALLOC
    return "mimalloc";
#else
    return "the system's";
#endif
}

void cli_allocator_init(void)
{
#ifdef PARLEY_MIMALLOC
    mi_option_set(mi_option_decommit_delay, 0);
#endif
}
