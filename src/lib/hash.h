/* hash.h — the two 64-bit string hashes the bulk readers use (cdr.c,
 * chat_read.c): FNV-1a, stable, for keys that are stored; and a fast one,
 * eight bytes at a time, for telling rows apart within one run (never
 * stored: it may change). Internal to libparley. */
#ifndef PARLEY_HASH_H
#define PARLEY_HASH_H

#include <glib.h>
#include <string.h>

#define PL_FNV_START G_GUINT64_CONSTANT(1469598103934665603)

static inline guint64 pl_fnv1a(guint64 h, const char *s, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        h ^= (guchar)s[i];
        h *= G_GUINT64_CONSTANT(1099511628211);
    }
    return h;
}

static inline guint64 pl_hash_fast(const char *s, gsize n)
{
    guint64 h = G_GUINT64_CONSTANT(0x9E3779B97F4A7C15) ^ n;
    gsize i = 0;
    for (; i + 8 <= n; i += 8) {
        guint64 w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * G_GUINT64_CONSTANT(0xff51afd7ed558ccd);
        h ^= h >> 32;
    }
    guint64 w = 0;
    memcpy(&w, s + i, n - i);
    h = (h ^ w) * G_GUINT64_CONSTANT(0xc4ceb9fe1a85ec53);
    return h ^ (h >> 29);
}

#endif
