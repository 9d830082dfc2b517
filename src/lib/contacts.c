/* contacts.c — pl_contacts_import(): reads a contacts file and maps each
 * record onto the model (organisation, person, identities).
 *
 * Format detection, character-set repair and the mapping rules live here; the
 * vCard and CSV readers (contacts_vcard.c, contacts_csv.c) only produce raw
 * pl_contact records. Everything goes through the store's upsert operations
 * inside one transaction, so a re-import updates people in place and a
 * failure leaves the store as it was. (So the caller must not hold a
 * transaction open: SQLite transactions do not nest.)
 */
#include "contacts_int.h"
#include "store.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

struct pl_contacts_job {
    pl_store *st;
    const char *path;
    const char *country; /* [phone] default-country for national numbers, or NULL */
    pl_warn_fn warn;
    gpointer warn_user;
    /* Distinct people, organisations and identities touched, so the stats
     * count things, not records (a file may list someone twice). */
    GHashTable *people, *orgs, *identities;
    guint skipped;
};

pl_contact *pl_contact_new(guint line)
{
    pl_contact *c = g_new0(pl_contact, 1);
    c->line = line;
    c->emails = g_ptr_array_new_with_free_func(g_free);
    c->phones = g_ptr_array_new_with_free_func(g_free);
    c->handles = g_ptr_array_new_with_free_func(g_free);
    c->labels = g_ptr_array_new_with_free_func(g_free);
    return c;
}

void pl_contact_free(pl_contact *c)
{
    if (!c)
        return;
    g_free(c->uid);
    g_free(c->name);
    g_free(c->given);
    g_free(c->middle);
    g_free(c->family);
    g_free(c->org);
    g_ptr_array_unref(c->emails);
    g_ptr_array_unref(c->phones);
    g_ptr_array_unref(c->handles);
    g_ptr_array_unref(c->labels);
    g_free(c);
}

const char *pl_contacts_job_path(const pl_contacts_job *job)
{
    return job->path;
}

void pl_contacts_job_skipped(pl_contacts_job *job)
{
    job->skipped++;
}

void pl_contacts_job_warn(pl_contacts_job *job, guint line, const char *fmt, ...)
{
    if (!job->warn)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *where = line ? g_strdup_printf("%s:%u", job->path, line) : g_strdup(job->path);
    job->warn(where, reason, job->warn_user);
    g_free(where);
    g_free(reason);
}

char *pl_phone_normalise_simple(const char *raw)
{
    if (!raw)
        return NULL;
    const char *p = raw;
    while (g_ascii_isspace(*p))
        p++;
    if (g_ascii_strncasecmp(p, "tel:", 4) == 0)
        p += 4;
    GString *out = g_string_new(NULL);
    guint digits = 0;
    for (; *p; p++) {
        if (g_ascii_isdigit(*p)) {
            g_string_append_c(out, *p);
            digits++;
        } else if (*p == '+' && out->len == 0) {
            g_string_append_c(out, '+');
        } else if (*p == ';' || *p == ',' || g_ascii_isalpha(*p)) {
            /* ";ext=12", ",12" (pause-dial), "x12", "ext. 12": an extension
             * is not part of the number a call comes from. */
            break;
        }
    }
    if (digits < 3) {
        g_string_free(out, TRUE);
        return NULL;
    }
    return g_string_free(out, FALSE);
}

static char *clean(const char *s)
{
    if (!s)
        return NULL;
    char *t = g_strstrip(g_strdup(s));
    if (!*t) {
        g_free(t);
        return NULL;
    }
    return t;
}

/* The category named by a record's labels, or -1. Google writes group
 * membership as "* myContacts ::: Customers" (system groups start with '*'),
 * Outlook separates categories with ';', vCard with ','. When labels name
 * several categories the model's precedence decides (lower wins), so the
 * result does not depend on the order an exporter happened to use. */
static int labels_category(const GPtrArray *labels)
{
    int best = -1;
    for (guint i = 0; i < labels->len; i++) {
        char *tmp = g_strdup(labels->pdata[i]);
        for (char *c = tmp; *c; c++)
            if (*c == ';' || *c == ',')
                *c = ':';
        char **parts = g_strsplit(tmp, ":", -1);
        for (char **p = parts; *p; p++) {
            char *l = g_strstrip(*p);
            while (*l == '*' || g_ascii_isspace(*l))
                l++;
            int cat = *l ? pl_category_parse(l) : -1;
            if (cat >= 0 && (best < 0 || cat < best))
                best = cat;
        }
        g_strfreev(parts);
        g_free(tmp);
    }
    return best;
}

/* The category a person's label gives their organisation. Relationships
 * with a company (customer, vendor, ...) carry over; labels about the person
 * alone (my manager, a friend who works there, front-line staff, "other")
 * must not reclassify everyone else at that organisation. */
static int org_category(int person_category)
{
    switch (person_category) {
    case PL_CAT_MANAGER:
    case PL_CAT_FRONTLINE:
    case PL_CAT_PERSONAL:
    case PL_CAT_OTHER:
        return -1;
    default:
        return person_category;
    }
}

static char *display_name(const pl_contact *c)
{
    char *name = clean(c->name);
    if (name)
        return name;
    const char *parts[3] = {c->given, c->middle, c->family};
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 3; i++) {
        char *p = clean(parts[i]);
        if (p) {
            if (s->len)
                g_string_append_c(s, ' ');
            g_string_append(s, p);
            g_free(p);
        }
    }
    if (!s->len) {
        g_string_free(s, TRUE);
        return NULL;
    }
    return g_string_free(s, FALSE);
}

/* Records an identity in the stats set; the key includes the kind because an
 * e-mail and a handle may share a spelling. */
static void count_identity(pl_contacts_job *job, int kind, const char *value)
{
    g_hash_table_add(job->identities, g_strdup_printf("%d:%s", kind, value));
}

gboolean pl_contacts_job_add(pl_contacts_job *job, const pl_contact *c, GError **err)
{
    pl_store *st = job->st;
    GPtrArray *emails = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *phones = g_ptr_array_new_with_free_func(g_free);
    GPtrArray *handles = g_ptr_array_new_with_free_func(g_free);
    char *name = display_name(c), *org = clean(c->org), *uid = clean(c->uid), *key = NULL;
    gboolean ok = FALSE;

    for (guint i = 0; i < c->emails->len; i++) {
        char *raw = clean(c->emails->pdata[i]);
        if (!raw)
            continue;
        char *e = pl_address_normalise(raw);
        if (e)
            pl_strv_add_unique(emails, e);
        else
            pl_contacts_job_warn(job, c->line, "'%s' is not an e-mail address; ignored", raw);
        g_free(raw);
    }
    for (guint i = 0; i < c->phones->len; i++) {
        char *raw = clean(c->phones->pdata[i]);
        if (!raw)
            continue;
        /* E.164 as call records get it, so a caller matches the contact.
         * Without a default country a number in national form ("030 1234")
         * keeps its digits (the simple rule) and matches only calls written
         * the same way; a short one is an extension, "ext:100", as in call
         * records. */
        char *p = pl_phone_normalise(raw, job->country);
        if (!p)
            p = pl_phone_normalise_simple(raw);
        if (p)
            pl_strv_add_unique(phones, p);
        else
            pl_contacts_job_warn(job, c->line, "'%s' is not a phone number; ignored", raw);
        g_free(raw);
    }
    for (guint i = 0; i < c->handles->len; i++) {
        char *raw = clean(c->handles->pdata[i]);
        if (raw) {
            char *h = g_utf8_strdown(raw, -1);
            g_free(raw);
            pl_strv_add_unique(handles, h);
        }
    }
    if (c->is_org && !org && name)
        org = g_strdup(name);

    if (!name && !emails->len && !phones->len && !handles->len) {
        pl_contacts_job_warn(job, c->line,
                             "record has neither a name nor an e-mail address or phone "
                             "number; skipped");
        job->skipped++;
        ok = TRUE;
        goto out;
    }

    int category = labels_category(c->labels);
    gint64 org_id = 0;
    if (org) {
        const char *domain = emails->len ? pl_address_domain(emails->pdata[0]) : NULL;
        if (domain && pl_domain_is_freemail(domain))
            domain = NULL;
        org_id = st->ops->org_upsert(st, org, domain, org_category(category), err);
        if (!org_id)
            goto out;
        g_hash_table_add(job->orgs, g_strdup(org));
    }

    /* The key must survive edits of everything else in the record, so it is
     * the most stable thing the record has. */
    if (uid)
        key = g_strconcat("uid:", uid, NULL);
    else if (emails->len)
        key = g_strconcat("email:", (char *)emails->pdata[0], NULL);
    else if (phones->len)
        key = g_strconcat("tel:", (char *)phones->pdata[0], NULL);
    else if (handles->len)
        key = g_strconcat("handle:", (char *)handles->pdata[0], NULL);
    else
        key = g_strconcat("name:", name, NULL);

    gint64 person_id = st->ops->person_upsert(st, key, name, org_id, category, err);
    if (!person_id)
        goto out;
    g_hash_table_add(job->people, g_strdup(key));

    const struct {
        GPtrArray *values;
        pl_identity_kind kind;
    } ids[] = {{emails, PL_ID_EMAIL}, {phones, PL_ID_PHONE}, {handles, PL_ID_HANDLE}};
    for (size_t k = 0; k < G_N_ELEMENTS(ids); k++)
        for (guint i = 0; i < ids[k].values->len; i++) {
            const char *v = ids[k].values->pdata[i];
            if (!st->ops->identity_link(st, ids[k].kind, v, name, person_id, err))
                goto out;
            count_identity(job, ids[k].kind, v);
        }
    ok = TRUE;
out:
    g_free(key);
    g_free(uid);
    g_free(org);
    g_free(name);
    g_ptr_array_unref(emails);
    g_ptr_array_unref(phones);
    g_ptr_array_unref(handles);
    return ok;
}

/* ------------------------------------------------------------- reading */

/* Reads the whole file; contacts files are small next to a mailbox, and both
 * readers want the text in one piece (vCard unfolding looks ahead). */
static char *read_file(const char *path, gsize *len, GError **err)
{
    GStatBuf sb;
    if (g_stat(path, &sb) != 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "%s: %s", path, g_strerror(errno));
        return NULL;
    }
    if (S_ISDIR(sb.st_mode)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "%s: is a directory, not a contacts file", path);
        return NULL;
    }
    char *data = NULL;
    GError *e = NULL;
    if (!g_file_get_contents(path, &data, len, &e)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_IO, "%s: %s", path, e->message);
        g_error_free(e);
        return NULL;
    }
    return data;
}

/* Turns the file's bytes into UTF-8. Exporters differ: Outlook writes the
 * Windows code page or UTF-16 with a BOM, others UTF-8 with or without a
 * BOM. NUL bytes without a UTF-16 BOM mean the file is not text at all. */
static char *to_utf8(pl_contacts_job *job, char *data, gsize len, gsize *out_len, GError **err)
{
    const guchar *u = (const guchar *)data;
    const char *from = NULL;
    gsize skip = 0;
    if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        from = "UTF-16LE", skip = 2;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        from = "UTF-16BE", skip = 2;
    else if (len >= 4 && len % 2 == 0 && u[0] && !u[1] && u[2] && !u[3])
        from = "UTF-16LE"; /* no BOM, but ASCII text in 16-bit units */
    else if (len >= 4 && len % 2 == 0 && !u[0] && u[1] && !u[2] && u[3])
        from = "UTF-16BE";
    if (from) {
        char *r = g_convert(data + skip, len - skip, "UTF-8", from, NULL, out_len, NULL);
        if (!r)
            g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE, "%s: not valid %s text", job->path, from);
        g_free(data);
        return r;
    }
    if (memchr(data, '\0', len)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE,
                    "%s: binary data, not a vCard or contacts CSV file", job->path);
        g_free(data);
        return NULL;
    }
    if (g_utf8_validate(data, len, NULL)) {
        *out_len = len;
        return data;
    }
    char *r = g_convert(data, len, "UTF-8", "WINDOWS-1252", NULL, out_len, NULL);
    if (!r) /* bytes 0x81, 0x8D, ... are unassigned in 1252; Latin-1 takes all */
        r = g_convert(data, len, "UTF-8", "ISO-8859-1", NULL, out_len, NULL);
    pl_contacts_job_warn(job, 0, "not UTF-8; read as Windows-1252");
    g_free(data);
    return r;
}

/* A vCard has BEGIN:VCARD at the start of a line near the top; some tools
 * put a comment or a blank line before it, and those lines are reported as
 * stray text by the reader. A CSV header never starts so. */
static gboolean looks_like_vcard(const char *s)
{
    for (int lines = 0; *s && lines < 20; lines++) {
        while (g_ascii_isspace(*s))
            s++;
        if (g_ascii_strncasecmp(s, "BEGIN:VCARD", 11) == 0)
            return TRUE;
        s += strcspn(s, "\r\n");
    }
    return FALSE;
}

gboolean pl_contacts_import(pl_store *st, const char *path, pl_contacts_stats *stats,
                            pl_warn_fn warn, gpointer warn_user, GError **err)
{
    return pl_contacts_import_in(st, path, NULL, stats, warn, warn_user, err);
}

gboolean pl_contacts_import_in(pl_store *st, const char *path, const char *default_country,
                               pl_contacts_stats *stats, pl_warn_fn warn, gpointer warn_user,
                               GError **err)
{
    g_return_val_if_fail(st && path, FALSE);
    pl_contacts_stats dummy;
    if (!stats)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);

    gsize len = 0;
    char *data = read_file(path, &len, err);
    if (!data)
        return FALSE;
    pl_contacts_job job = {
        .st = st,
        .path = path,
        .country = default_country,
        .warn = warn,
        .warn_user = warn_user,
        .people = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .orgs = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .identities = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
    };
    gboolean ok = FALSE;
    char *text = to_utf8(&job, data, len, &len, err);
    if (!text)
        goto out;
    const char *t = text;
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0)
        t += 3, len -= 3;
    const char *s = t;
    while (g_ascii_isspace(*s))
        s++;
    if (!*s) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE, "%s: empty file, no contacts in it", path);
        goto out;
    }
    if (!st->ops->begin(st, err))
        goto out;
    if (looks_like_vcard(t))
        ok = pl_contacts_read_vcard(&job, t, len, err);
    else
        ok = pl_contacts_read_csv(&job, t, len, err);
    if (ok)
        ok = st->ops->commit(st, err);
    if (!ok)
        st->ops->rollback(st);
    if (ok) {
        stats->people = g_hash_table_size(job.people);
        stats->orgs = g_hash_table_size(job.orgs);
        stats->identities = g_hash_table_size(job.identities);
        stats->skipped = job.skipped;
    }
out:
    g_free(text);
    g_hash_table_destroy(job.people);
    g_hash_table_destroy(job.orgs);
    g_hash_table_destroy(job.identities);
    return ok;
}
