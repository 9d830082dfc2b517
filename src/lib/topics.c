/* topics.c — keywords of the author's own words and the keyword index that
 * briefs read (docs/model.md, "Topics" and "You-focus").
 *
 * A token is a maximal run of letters and digits (anything else, the
 * apostrophe and the hyphen too, separates), lower-cased, taken from the
 * whitespace-separated chunks that hold no '@' and no "://" (addresses and
 * URLs are nobody's topic). A token becomes a
 * keyword when it has 3 to 32 characters, holds a letter, is not a
 * stop-word, and its Snowball stem has two characters or more; the keyword
 * is the stem. Pronouns are counted over every token. The index is derived
 * from the stored bodies by the brief that first needs it (ingest itself
 * pays nothing per message), in batches that each commit.
 */
#include "topics.h"

#include "mail.h"
#include "parley-resources.h"

#include <gio/gio.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#define MIN_CHARS 3
#define MAX_CHARS 32
#define TOKEN_CACHE_MAX 50000 /* tokens remembered before starting afresh */
#define BATCH 250             /* events per transaction of a refresh: bounds memory */

static const char *const first_person[] = {"i",  "me",  "my",   "mine",      "myself", "we",
                                           "us", "our", "ours", "ourselves", NULL};
static const char *const second_person[] = {"you", "your", "yours", "yourself", "yourselves", NULL};

/* What a token is, worked out once: texts repeat their words, and a hash
 * lookup is far cheaper than the stop list, pronoun and stemmer together. */
typedef struct {
    const char *stem; /* interned in stems; NULL: the token is no keyword */
    int pronoun;      /* 0, 1 (first person) or 2 (second) */
} token_info;

struct pl_keywords {
    struct sb_stemmer *stemmer;
    GHashTable *stop;     /* word -> itself */
    GHashTable *pronouns; /* word -> 1 (first person) or 2 (second) */
    GHashTable *tokens;   /* token -> token_info */
    GHashTable *stems;    /* stem -> itself: one pointer per stem, keys of a text's index */
    char *fingerprint;
    gboolean english;
};

static gboolean is_english(const char *lang)
{
    return !strcmp(lang, "english") || !strcmp(lang, "en") || !strcmp(lang, "eng") ||
           !strcmp(lang, "porter");
}

/* One word a line, '#' comments, lower-cased; added to set. */
static void add_words(GHashTable *set, const char *text, gsize len)
{
    char *copy = g_strndup(text, len);
    char **lines = g_strsplit(copy, "\n", -1);
    for (char **l = lines; *l; l++) {
        char *hash = strchr(*l, '#');
        if (hash)
            *hash = '\0';
        g_strstrip(*l);
        if (**l) {
            char *w = g_utf8_strdown(*l, -1);
            g_hash_table_replace(set, w, w);
        }
    }
    g_strfreev(lines);
    g_free(copy);
}

static gboolean load_stop(pl_keywords *k, const pl_config *cfg, GError **err)
{
    if (cfg->topics_stop_words) {
        char *text = NULL;
        gsize len = 0;
        GError *e = NULL;
        if (!g_file_get_contents(cfg->topics_stop_words, &text, &len, &e)) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "[topics] stop-words: %s", e->message);
            g_error_free(e);
            return FALSE;
        }
        add_words(k->stop, text, len);
        g_free(text);
        return TRUE;
    }
    if (!k->english)
        return TRUE; /* no built-in list: idf alone weighs common words down */
    /* Registered by hand, as for the migrations: a static library drops an
     * unreferenced constructor. */
    static gsize registered;
    if (g_once_init_enter(&registered)) {
        parley_register_resource();
        g_once_init_leave(&registered, 1);
    }
    GBytes *b = g_resources_lookup_data("/parley/topics/stop-english.txt", 0, NULL);
    g_assert(b); /* compiled in */
    gsize len = 0;
    const char *data = g_bytes_get_data(b, &len);
    add_words(k->stop, data, len);
    g_bytes_unref(b);
    return TRUE;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

pl_keywords *pl_keywords_new(const pl_config *cfg, GError **err)
{
    const char *lang = cfg->topics_language ? cfg->topics_language : "english";
    struct sb_stemmer *s = sb_stemmer_new(lang, "UTF_8");
    if (!s) {
        GString *names = g_string_new(NULL);
        for (const char **n = sb_stemmer_list(); *n; n++)
            g_string_append_printf(names, "%s%s", names->len ? ", " : "", *n);
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "[topics] language \"%s\" has no Snowball stemmer (known: %s)", lang,
                    names->str);
        g_string_free(names, TRUE);
        return NULL;
    }
    pl_keywords *k = g_new0(pl_keywords, 1);
    k->stemmer = s;
    k->english = is_english(lang);
    k->stop = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    k->pronouns = g_hash_table_new(g_str_hash, g_str_equal);
    k->tokens = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    k->stems = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (int i = 0; k->english && first_person[i]; i++)
        g_hash_table_insert(k->pronouns, (gpointer)first_person[i], GINT_TO_POINTER(1));
    for (int i = 0; k->english && second_person[i]; i++)
        g_hash_table_insert(k->pronouns, (gpointer)second_person[i], GINT_TO_POINTER(2));
    if (!load_stop(k, cfg, err)) {
        pl_keywords_free(k);
        return NULL;
    }
    /* The fingerprint: rule version, language and the stop list in order. */
    GString *fp = g_string_new("v1|");
    g_string_append(fp, lang);
    guint n = 0;
    gpointer *words = g_hash_table_get_keys_as_array(k->stop, &n);
    qsort(words, n, sizeof *words, cmp_str);
    for (guint i = 0; i < n; i++)
        g_string_append_printf(fp, "|%s", (char *)words[i]);
    g_free(words);
    k->fingerprint = g_compute_checksum_for_string(G_CHECKSUM_SHA1, fp->str, -1);
    g_string_free(fp, TRUE);
    return k;
}

void pl_keywords_free(pl_keywords *k)
{
    if (!k)
        return;
    sb_stemmer_delete(k->stemmer);
    g_hash_table_destroy(k->stop);
    g_hash_table_destroy(k->pronouns);
    g_hash_table_destroy(k->tokens);
    g_hash_table_destroy(k->stems);
    g_free(k->fingerprint);
    g_free(k);
}

const char *pl_keywords_fingerprint(const pl_keywords *k)
{
    return k->fingerprint;
}

gboolean pl_keywords_counts_pronouns(const pl_keywords *k)
{
    return k->english;
}

void pl_text_keywords_init(pl_text_keywords *t)
{
    memset(t, 0, sizeof *t);
    t->keywords = g_array_new(FALSE, FALSE, sizeof(pl_keyword));
}

void pl_text_keywords_clear(pl_text_keywords *t)
{
    if (!t->keywords)
        return;
    for (guint i = 0; i < t->keywords->len; i++) {
        pl_keyword *w = &g_array_index(t->keywords, pl_keyword, i);
        g_free(w->stem);
        g_free(w->word);
    }
    g_array_free(t->keywords, TRUE);
    memset(t, 0, sizeof *t);
}

static const char *intern_stem(pl_keywords *k, const char *stem, gsize len)
{
    char *copy = g_strndup(stem, len);
    char *have = g_hash_table_lookup(k->stems, copy);
    if (have) {
        g_free(copy);
        return have;
    }
    g_hash_table_add(k->stems, copy);
    return copy;
}

/* What the lower-case token is: a pronoun, and its stem when it is a keyword. */
static const token_info *token_of(pl_keywords *k, const char *token, gsize len, glong chars,
                                  gboolean has_letter)
{
    const token_info *hit = g_hash_table_lookup(k->tokens, token);
    if (hit)
        return hit;
    token_info *ti = g_new0(token_info, 1);
    ti->pronoun = GPOINTER_TO_INT(g_hash_table_lookup(k->pronouns, token));
    if (chars >= MIN_CHARS && chars <= MAX_CHARS && has_letter &&
        !g_hash_table_contains(k->stop, token)) {
        const sb_symbol *s = sb_stemmer_stem(k->stemmer, (const sb_symbol *)token, (int)len);
        int slen = s ? sb_stemmer_length(k->stemmer) : 0;
        if (slen >= 2) /* a one-letter stem means nothing */
            ti->stem = intern_stem(k, (const char *)s, (gsize)slen);
    }
    g_hash_table_insert(k->tokens, g_strndup(token, len), ti);
    return ti;
}

/* One token: counted, looked up, added. index maps an interned stem to its
 * position + 1 in t->keywords, for this text. */
static void take_token(pl_keywords *k, const char *token, gsize len, glong chars,
                       gboolean has_letter, pl_text_keywords *t, GHashTable *index)
{
    t->tokens++;
    const token_info *ti = token_of(k, token, len, chars, has_letter);
    if (ti->pronoun == 1)
        t->first_person++;
    else if (ti->pronoun == 2)
        t->second_person++;
    if (!ti->stem)
        return;
    guint pos = GPOINTER_TO_UINT(g_hash_table_lookup(index, ti->stem));
    if (pos) {
        g_array_index(t->keywords, pl_keyword, pos - 1).count++;
        return;
    }
    pl_keyword w = {g_strdup(ti->stem), g_strndup(token, len), 1};
    g_array_append_val(t->keywords, w);
    g_hash_table_insert(index, (gpointer)ti->stem, GUINT_TO_POINTER(t->keywords->len));
}

/* The tokens of one whitespace-separated chunk [p, end). */
static void scan_chunk(pl_keywords *k, const char *p, const char *end, pl_text_keywords *t,
                       GHashTable *index, GString *tok)
{
    glong chars = 0;
    gboolean letter = FALSE;
    g_string_truncate(tok, 0);
    for (;;) {
        gboolean alnum = FALSE;
        gunichar c = 0;
        int step = 1;
        if (p < end) {
            guchar b = (guchar)*p;
            if (b < 0x80) {
                alnum = g_ascii_isalnum(b);
                if (alnum) { /* the common case, without the Unicode tables */
                    g_string_append_c(tok, g_ascii_tolower(b));
                    chars++;
                    letter = letter || g_ascii_isalpha(b);
                    p++;
                    continue;
                }
            } else {
                c = g_utf8_get_char_validated(p, end - p);
                if (c == (gunichar)-1 || c == (gunichar)-2) {
                    c = 0; /* a stray byte separates, like punctuation */
                } else {
                    step = g_utf8_skip[b];
                    alnum = g_unichar_isalnum(c);
                    c = g_unichar_tolower(c);
                }
            }
        }
        if (alnum) {
            if (c < 0x80)
                g_string_append_c(tok, (char)c);
            else
                g_string_append_unichar(tok, c);
            chars++;
            letter = letter || g_unichar_isalpha(c);
        } else if (tok->len) {
            take_token(k, tok->str, tok->len, chars, letter, t, index);
            g_string_truncate(tok, 0);
            chars = 0;
            letter = FALSE;
        }
        if (p >= end)
            break;
        p += step;
    }
}

/* Length of the white space at p (ASCII or Unicode), 0 when none. */
static int space_len(const char *p)
{
    guchar b = (guchar)*p;
    if (b < 0x80)
        return b && g_ascii_isspace(b) ? 1 : 0;
    gunichar c = g_utf8_get_char_validated(p, -1);
    if (c == (gunichar)-1 || c == (gunichar)-2 || !g_unichar_isspace(c))
        return 0;
    return g_utf8_skip[b];
}

static gboolean has_infix(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (; (size_t)(end - p) >= n; p++)
        if (memcmp(p, needle, n) == 0)
            return TRUE;
    return FALSE;
}

void pl_keywords_scan(pl_keywords *k, const char *text, pl_text_keywords *t)
{
    if (!text)
        return;
    /* Start afresh between texts, never within one: the index holds
     * pointers into the caches. */
    if (g_hash_table_size(k->tokens) >= TOKEN_CACHE_MAX) {
        g_hash_table_remove_all(k->tokens);
        g_hash_table_remove_all(k->stems);
    }
    GHashTable *index = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (guint i = 0; i < t->keywords->len; i++) {
        const char *stem = g_array_index(t->keywords, pl_keyword, i).stem;
        g_hash_table_insert(index, (gpointer)intern_stem(k, stem, strlen(stem)),
                            GUINT_TO_POINTER(i + 1));
    }
    GString *tok = g_string_sized_new(64);
    const char *p = text;
    while (*p) {
        int sp = space_len(p);
        if (sp) {
            p += sp;
            continue;
        }
        const char *s = p;
        while (*p && !space_len(p))
            p++;
        /* An address or a URL names someone or somewhere; its pieces
         * ("mailto", "gmail", "com") are not what anyone talks about. */
        if (memchr(s, '@', p - s) || has_infix(s, p, "://"))
            continue;
        scan_chunk(k, s, p, t, index, tok);
    }
    g_string_free(tok, TRUE);
    g_hash_table_destroy(index);
}

/* --------------------------------------------------------------- index */

static gint64 meta_int(pl_store *st, const char *key)
{
    char *v = st->ops->meta_get(st, key);
    gint64 n = v ? g_ascii_strtoll(v, NULL, 10) : 0;
    g_free(v);
    return n;
}

static gboolean meta_put_int(pl_store *st, const char *key, gint64 v, GError **err)
{
    char buf[32];
    g_snprintf(buf, sizeof buf, "%" G_GINT64_FORMAT, v);
    return st->ops->meta_set(st, key, buf, err);
}

gint64 pl_keywords_documents(pl_store *st)
{
    return meta_int(st, "keywords-docs");
}

typedef struct {
    pl_keywords *k;
    GArray *texts; /* pl_text_keywords */
    GArray *ids;   /* gint64 */
} batch;

static gboolean on_body(gint64 event_id, const char *body, gpointer user)
{
    batch *b = user;
    GString *own = g_string_new(NULL);
    pl_text_own(body, own); /* the same words event.words counts */
    pl_text_keywords t;
    pl_text_keywords_init(&t);
    pl_keywords_scan(b->k, own->str, &t);
    g_string_free(own, TRUE);
    g_array_append_val(b->texts, t);
    g_array_append_val(b->ids, event_id);
    return TRUE;
}

static gboolean probe(gint64 event_id, const char *body, gpointer user)
{
    *(gboolean *)user = TRUE;
    return FALSE;
}

static gboolean put_batch(pl_store *st, batch *b, guint *added, GError **err)
{
    guint n = b->texts->len;
    pl_event_keywords *evs = g_new0(pl_event_keywords, n);
    GArray *counts = g_array_new(FALSE, FALSE, sizeof(pl_keyword_count));
    guint *starts = g_new(guint, n);
    for (guint i = 0; i < n; i++) {
        pl_text_keywords *t = &g_array_index(b->texts, pl_text_keywords, i);
        starts[i] = counts->len;
        for (guint j = 0; j < t->keywords->len; j++) {
            pl_keyword *w = &g_array_index(t->keywords, pl_keyword, j);
            pl_keyword_count c = {w->stem, w->word, w->count};
            g_array_append_val(counts, c);
        }
        evs[i] = (pl_event_keywords){g_array_index(b->ids, gint64, i), t->first_person,
                                     t->second_person, NULL, t->keywords->len};
    }
    /* Pointers into counts only once it no longer grows. */
    for (guint i = 0; i < n; i++)
        evs[i].keywords = &g_array_index(counts, pl_keyword_count, starts[i]);
    gboolean ok = st->ops->keyword_put(st, evs, n, added, err);
    g_free(starts);
    g_array_free(counts, TRUE);
    g_free(evs);
    return ok;
}

gboolean pl_keywords_refresh(pl_store *st, const pl_config *cfg, GError **err)
{
    pl_keywords *k = pl_keywords_new(cfg, err);
    if (!k)
        return FALSE;
    char *old = st->ops->meta_get(st, "keywords-fingerprint");
    gboolean same = g_strcmp0(old, k->fingerprint) == 0;
    g_free(old);
    gint64 upto = same ? meta_int(st, "keywords-upto") : 0;
    gboolean pending = FALSE;
    /* Most calls find nothing new: answer that without taking the write lock. */
    if (same && !st->ops->keyword_pending(st, upto, 1, probe, &pending, err)) {
        pl_keywords_free(k);
        return FALSE;
    }
    if (same && !pending) {
        pl_keywords_free(k);
        return TRUE;
    }
    gboolean ok = st->ops->begin(st, err);
    gint64 docs = same ? meta_int(st, "keywords-docs") : 0;
    if (ok && !same)
        ok = st->ops->keyword_reset(st, err) &&
             st->ops->meta_set(st, "keywords-fingerprint", k->fingerprint, err);
    batch b = {k, g_array_new(FALSE, FALSE, sizeof(pl_text_keywords)),
               g_array_new(FALSE, FALSE, sizeof(gint64))};
    while (ok) {
        for (guint i = 0; i < b.texts->len; i++)
            pl_text_keywords_clear(&g_array_index(b.texts, pl_text_keywords, i));
        g_array_set_size(b.texts, 0);
        g_array_set_size(b.ids, 0);
        ok = st->ops->keyword_pending(st, upto, BATCH, on_body, &b, err);
        if (!ok || b.ids->len == 0)
            break;
        guint added = 0;
        ok = put_batch(st, &b, &added, err);
        docs += added;
        upto = g_array_index(b.ids, gint64, b.ids->len - 1);
        ok = ok && meta_put_int(st, "keywords-upto", upto, err) &&
             meta_put_int(st, "keywords-docs", docs, err);
        /* Each batch on its own: an interrupted refresh keeps its work. */
        ok = ok && st->ops->commit(st, err) && st->ops->begin(st, err);
    }
    for (guint i = 0; i < b.texts->len; i++)
        pl_text_keywords_clear(&g_array_index(b.texts, pl_text_keywords, i));
    g_array_free(b.texts, TRUE);
    g_array_free(b.ids, TRUE);
    if (ok && !same)
        ok = meta_put_int(st, "keywords-upto", upto, err) &&
             meta_put_int(st, "keywords-docs", docs, err);
    if (ok)
        ok = st->ops->commit(st, err);
    else
        st->ops->rollback(st);
    pl_keywords_free(k);
    return ok;
}
