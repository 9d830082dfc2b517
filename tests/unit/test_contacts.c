/* test_contacts.c — unit tests of pl_contacts_import(): vCard 2.1/3/4,
 * Google (old and new) and Outlook CSV, encodings and line ends, warnings
 * with line numbers, errors for files that are not contacts, and re-import
 * idempotence. Sample files live in tests/data/contacts/; edge cases are
 * written inline into a temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "contacts_int.h"
#include "parley.h"
#include "store.h"

typedef struct {
    char *dir, *db;
    pl_store *st;
    GPtrArray *warnings; /* "where: reason" */
} fx;

typedef struct {
    char *key, *name, *org, *emails, *phones, *handles;
    int category, org_category;
} person;

static void person_free(gpointer p)
{
    person *x = p;
    g_free(x->key);
    g_free(x->name);
    g_free(x->org);
    g_free(x->emails);
    g_free(x->phones);
    g_free(x->handles);
    g_free(x);
}

/* Finds tests/data/contacts/name from the source file's location. Meson
 * names the source relative to the build directory, which is the working
 * directory under `meson test` but not when the binary is run by hand, so
 * the build directory is also found from the executable's own path. */
static char *data_path(const char *name)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    char *exe_dir = exe ? g_path_get_dirname(exe) : g_get_current_dir();
    char *build = g_path_get_dirname(exe_dir); /* build/tests/test_x -> build */
    char *cwd = g_get_current_dir();
    const char *bases[] = {cwd, build};
    char *p = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(bases) && !p; i++) {
        char *src = g_canonicalize_filename(__FILE__, bases[i]);
        char *unit = g_path_get_dirname(src);
        char *tests = g_path_get_dirname(unit);
        p = g_build_filename(tests, "data", "contacts", name, NULL);
        if (!g_file_test(p, G_FILE_TEST_EXISTS))
            g_clear_pointer(&p, g_free);
        g_free(src);
        g_free(unit);
        g_free(tests);
    }
    g_free(cwd);
    g_free(build);
    g_free(exe_dir);
    g_free(exe);
    if (!p)
        fail_msg("sample %s not found beside %s", name, __FILE__);
    return p;
}

static int setup(void **state)
{
    fx *f = g_new0(fx, 1);
    f->dir = g_dir_make_tmp("parley-contacts-XXXXXX", NULL);
    assert_non_null(f->dir);
    f->db = g_build_filename(f->dir, "parley.db", NULL);
    GError *err = NULL;
    f->st = pl_store_open(f->db, &err);
    assert_null(err);
    assert_non_null(f->st);
    f->warnings = g_ptr_array_new_with_free_func(g_free);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    pl_store_close(f->st);
    GDir *d = g_dir_open(f->dir, 0, NULL);
    const char *n;
    while (d && (n = g_dir_read_name(d))) {
        char *p = g_build_filename(f->dir, n, NULL);
        g_remove(p);
        g_free(p);
    }
    if (d)
        g_dir_close(d);
    g_rmdir(f->dir);
    g_ptr_array_unref(f->warnings);
    g_free(f->db);
    g_free(f->dir);
    g_free(f);
    return 0;
}

static void on_warn(const char *where, const char *reason, gpointer user)
{
    fx *f = user;
    g_ptr_array_add(f->warnings, g_strdup_printf("%s: %s", where, reason));
}

static gboolean import(fx *f, const char *path, pl_contacts_stats *s, GError **err)
{
    return pl_contacts_import(f->st, path, s, on_warn, f, err);
}

static void import_ok(fx *f, const char *path, pl_contacts_stats *s)
{
    GError *err = NULL;
    gboolean ok = import(f, path, s, &err);
    if (!ok)
        fail_msg("import %s: %s", path, err ? err->message : "?");
}

static void import_sample(fx *f, const char *name, pl_contacts_stats *s)
{
    char *p = data_path(name);
    import_ok(f, p, s);
    g_free(p);
}

/* Writes bytes to a file in the fixture directory; returns its path. */
static char *write_tmp(fx *f, const char *name, const char *bytes, gssize len)
{
    char *p = g_build_filename(f->dir, name, NULL);
    assert_true(g_file_set_contents(p, bytes, len, NULL));
    return p;
}

static gboolean collect(const pl_person_info *p, gpointer user)
{
    person *x = g_new0(person, 1);
    x->key = g_strdup(p->key);
    x->name = g_strdup(p->name);
    x->org = g_strdup(p->org);
    x->emails = g_strdup(p->emails);
    x->phones = g_strdup(p->phones);
    x->handles = g_strdup(p->handles);
    x->category = p->category;
    x->org_category = p->org_category;
    g_ptr_array_add(user, x);
    return TRUE;
}

static GPtrArray *people(fx *f)
{
    GPtrArray *a = g_ptr_array_new_with_free_func(person_free);
    GError *err = NULL;
    assert_true(f->st->ops->person_each(f->st, collect, a, &err));
    return a;
}

static const person *find(GPtrArray *a, const char *name)
{
    for (guint i = 0; i < a->len; i++) {
        const person *x = a->pdata[i];
        if (g_strcmp0(x->name, name) == 0)
            return x;
    }
    fail_msg("no person named %s", name);
    return NULL;
}

/* One number from the database, read over a second connection. */
static gint64 count(fx *f, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_open_v2(f->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    gint64 v = -1;
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* TRUE when some warning's location ends with suffix (":26") and its text
 * contains needle. */
static gboolean warned(fx *f, const char *suffix, const char *needle)
{
    for (guint i = 0; i < f->warnings->len; i++) {
        const char *w = f->warnings->pdata[i];
        const char *sep = strstr(w, ": ");
        if (!sep)
            continue;
        char *where = g_strndup(w, (gsize)(sep - w));
        gboolean hit = g_str_has_suffix(where, suffix) && strstr(sep, needle);
        g_free(where);
        if (hit)
            return TRUE;
    }
    return FALSE;
}

static void dump_warnings(fx *f)
{
    for (guint i = 0; i < f->warnings->len; i++)
        print_message("warning: %s\n", (char *)f->warnings->pdata[i]);
}

/* ------------------------------------------------------------------ vCard */

static void test_vcard3(void **state)
{
    fx *f = *state;
    pl_contacts_stats s;
    import_sample(f, "vcard3.vcf", &s);
    dump_warnings(f);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.orgs, 2);
    assert_int_equal(s.identities, 5);
    assert_int_equal(s.skipped, 1);

    GPtrArray *a = people(f);
    assert_int_equal(a->len, 2);
    const person *alice = find(a, "Alice Martin");
    assert_string_equal(alice->key, "uid:c0ffee-0001");
    assert_string_equal(alice->org, "Acme Widgets, Inc."); /* \, unescaped, unit dropped */
    assert_int_equal(alice->category, PL_CAT_CUSTOMER);    /* "VIP" names no category */
    assert_string_equal(alice->emails, "alice.martin@acme-widgets.example, alice.m@gmail.com");
    assert_string_equal(alice->phones, "+15550102030, +15550104050");
    const person *bruno = find(a, "Bruno Keller"); /* FN folded across lines */
    assert_string_equal(bruno->org, "Keller & Sons Supply");
    assert_int_equal(bruno->category, PL_CAT_SUPPLIER);
    assert_int_equal(bruno->org_category, PL_CAT_SUPPLIER);
    assert_string_equal(bruno->key, "email:bruno@keller-supply.example");
    g_ptr_array_unref(a);

    /* The organisation takes its domain from the first, non-free-mail address. */
    assert_int_equal(count(f, "SELECT count(*) FROM org WHERE name = 'Acme Widgets, Inc.' "
                              "AND domain = 'acme-widgets.example' AND category = 0"),
                     1);
    assert_true(warned(f, ".vcf:17", "'not-an-address' is not an e-mail address"));
    assert_true(warned(f, ".vcf:26", "neither a name nor"));
    assert_int_equal(f->warnings->len, 2);
}

static void test_vcard4(void **state)
{
    fx *f = *state;
    pl_contacts_stats s;
    import_sample(f, "vcard4.vcf", &s);
    dump_warnings(f);
    assert_int_equal(f->warnings->len, 0);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.skipped, 0);
    GPtrArray *a = people(f);
    const person *c = find(a, "Chloé Dubois");
    assert_string_equal(c->key, "uid:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1");
    assert_string_equal(c->org, "Brightpath Consulting");
    assert_int_equal(c->category, PL_CAT_PARTNER);
    assert_string_equal(c->emails, "chloe@brightpath.example, chloe.dubois@brightpath.example");
    assert_string_equal(c->phones, "+33612345678, +33198765432"); /* tel: URI, ;ext= dropped */
    assert_string_equal(c->handles, "xmpp:chloe@brightpath.example, twitter:chloedubois");
    const person *n = find(a, "Northwind Logistics"); /* KIND:org: FN is the organisation */
    assert_string_equal(n->org, "Northwind Logistics");
    assert_int_equal(n->category, PL_CAT_VENDOR);
    assert_string_equal(n->phones, "+442079460000");
    g_ptr_array_unref(a);
}

static void test_vcard21_quoted_printable(void **state)
{
    fx *f = *state;
    pl_contacts_stats s;
    import_sample(f, "vcard21.vcf", &s);
    dump_warnings(f);
    assert_int_equal(f->warnings->len, 0);
    assert_int_equal(s.people, 1);
    GPtrArray *a = people(f);
    const person *j = find(a, "Jürgen Müller");                   /* QP in ISO-8859-1 */
    assert_string_equal(j->org, "Bäckerei Müller GmbH & Co. KG"); /* QP soft line break */
    assert_string_equal(j->phones, "+49301234567, 01719876543");
    assert_string_equal(j->emails, "juergen@baeckerei-mueller.example");
    g_ptr_array_unref(a);
}

static void test_vcard_edge_cases(void **state)
{
    fx *f = *state;
    /* lower-case keywords, LF only, a tab fold, escapes, a grouped FN, an
     * AGENT card inside a card, text between cards, and a card cut off. */
    const char *v = "begin:vcard\n"                           /* 1 */
                    "version:3.0\n"                           /* 2 */
                    "a.fn:Zo\\, the \\\\ \\;Great\n"          /* 3 */
                    "email;type=internet:<ZOE@Example.COM>\n" /* 4 */
                    "AGENT:\n"                                /* 5 */
                    "BEGIN:VCARD\n"                           /* 6 */
                    "FN:Assistant\n"                          /* 7 */
                    "EMAIL:assistant@example.com\n"           /* 8 */
                    "END:VCARD\n"                             /* 9 */
                    "categories:Friends,\n"                   /* 10 */
                    "\tPersonal\n"                            /* 11 */
                    "end:vcard\n"                             /* 12 */
                    "some stray text\n"                       /* 13 */
                    "more stray text\n"                       /* 14 */
                    "BEGIN:VCARD\n"                           /* 15 */
                    "FN:Cut Off\n"                            /* 16 */
                    "EMAIL:cut@example.com\n";                /* 17 */
    char *p = write_tmp(f, "edge.vcf", v, -1);
    pl_contacts_stats s;
    import_ok(f, p, &s);
    dump_warnings(f);
    assert_int_equal(s.people, 1);
    assert_int_equal(s.skipped, 1);
    assert_true(warned(f, ":13", "outside BEGIN:VCARD"));
    assert_true(warned(f, ":15", "no END:VCARD"));
    assert_int_equal(f->warnings->len, 2);
    GPtrArray *a = people(f);
    assert_int_equal(a->len, 1);
    const person *z = find(a, "Zo, the \\ ;Great");
    assert_string_equal(z->emails, "zoe@example.com");
    assert_int_equal(z->category, PL_CAT_PERSONAL);
    g_ptr_array_unref(a);
    g_free(p);
}

/* -------------------------------------------------------------------- CSV */

static void test_google_old(void **state)
{
    fx *f = *state;
    pl_contacts_stats s;
    import_sample(f, "google_old.csv", &s);
    dump_warnings(f);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.skipped, 1);
    assert_int_equal(s.orgs, 2);
    /* The first record's Notes span lines 2-4, so the empty one is on 5. */
    assert_true(warned(f, "google_old.csv:5", "neither a name nor"));
    assert_int_equal(f->warnings->len, 1);
    GPtrArray *a = people(f);
    const person *d = find(a, "Dana Whitfield");
    assert_string_equal(d->emails, "dana@whitfield-hotels.example, "
                                   "d.whitfield@whitfield-hotels.example"); /* ::: in a cell */
    assert_string_equal(d->phones, "+15550142");
    assert_string_equal(d->org, "Whitfield Hotels");
    assert_int_equal(d->category, PL_CAT_CUSTOMER); /* "* myContacts ::: Customers" */
    const person *e = find(a, "Evan Osei");
    assert_int_equal(e->category, PL_CAT_PROSPECT);
    assert_string_equal(e->org, "Osei Bakery");
    g_ptr_array_unref(a);
    /* yahoo.com says nothing about Osei Bakery: no domain for it. */
    assert_int_equal(count(f, "SELECT count(*) FROM org WHERE name = 'Osei Bakery' AND domain "
                              "IS NULL"),
                     1);
}

static void test_google_new(void **state)
{
    fx *f = *state;
    pl_contacts_stats s;
    import_sample(f, "google_new.csv", &s); /* UTF-8 BOM, LF */
    dump_warnings(f);
    assert_int_equal(f->warnings->len, 0);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.identities, 4);
    GPtrArray *a = people(f);
    const person *fa = find(a, "Farah Haddad"); /* First + Last Name */
    assert_string_equal(fa->org, "Cedar Freight");
    assert_int_equal(fa->category, PL_CAT_VENDOR);
    assert_string_equal(fa->phones, "+9611234567, +9613765432");
    const person *g = find(a, "Gus Lindqvist");
    assert_string_equal(g->emails, "gus.lindqvist@gmail.com");
    assert_null(g->org);
    assert_int_equal(g->category, -1);
    g_ptr_array_unref(a);
}

static void test_outlook(void **state)
{
    fx *f = *state;
    pl_contacts_stats s;
    import_sample(f, "outlook.csv", &s); /* CRLF, an address with a line break */
    dump_warnings(f);
    assert_int_equal(f->warnings->len, 0);
    assert_int_equal(s.people, 2);
    GPtrArray *a = people(f);
    const person *h = find(a, "Hana Sato");
    assert_string_equal(h->emails, "hana.sato@kitsune-design.example, hana@sato-family.example");
    assert_string_equal(h->phones, "+81312345678, +819012345678"); /* no fax */
    assert_string_equal(h->org, "Kitsune Design");
    assert_int_equal(h->category, PL_CAT_CUSTOMER); /* "Clients;Tokyo" */
    const person *i = find(a, "Ivan Petrov");
    assert_int_equal(i->category, PL_CAT_PARTNER);
    g_ptr_array_unref(a);
}

static void test_csv_edge_cases(void **state)
{
    fx *f = *state;
    /* Outlook in a ';' locale, Windows-1252, lone CR line ends, a quoted
     * field with a newline, then a broken row whose line must account for it. */
    const char *csv = "First Name;Last Name;E-mail Address;Company;Notes\r"    /* 1 */
                      "Ren\xe9;Faure;rene@faure.example;Faure SARL;\"a\rb\"\r" /* 2-3 */
                      ";;;;nothing here\r"                                     /* 4 */
                      "Ana;Lima;ana@lima.example;;\r";                         /* 5 */
    char *p = write_tmp(f, "semi.csv", csv, -1);
    pl_contacts_stats s;
    import_ok(f, p, &s);
    dump_warnings(f);
    assert_int_equal(s.people, 2);
    assert_int_equal(s.skipped, 1);
    assert_true(warned(f, "semi.csv", "Windows-1252"));
    assert_true(warned(f, "semi.csv:4", "neither a name nor"));
    GPtrArray *a = people(f);
    const person *r = find(a, "René Faure");
    assert_string_equal(r->org, "Faure SARL");
    g_ptr_array_unref(a);
    g_free(p);

    /* An unterminated quote swallows the rest: said, not silent. */
    g_ptr_array_set_size(f->warnings, 0);
    p = write_tmp(f, "open.csv",
                  "Name,E-mail 1 - Value,Notes\n"
                  "Kai Berg,kai@berg.example,\"never closed\n"
                  "Lea Roth,lea@roth.example,\n",
                  -1);
    import_ok(f, p, &s);
    assert_true(warned(f, "open.csv:2", "never closed"));
    assert_int_equal(s.people, 1);
    g_free(p);

    /* A header and no rows: nothing to do, and no error. */
    p = write_tmp(f, "header-only.csv", "Name,E-mail 1 - Value\n", -1);
    import_ok(f, p, &s);
    assert_int_equal(s.people, 0);
    g_free(p);
}

/* Converts UTF-8 to UTF-16LE, with or without a BOM, as Outlook's
 * "Unicode" export writes it. */
static char *utf16le(const char *utf8, gboolean bom, gsize *len)
{
    gsize n = 0;
    char *u = g_convert(utf8, -1, "UTF-16LE", "UTF-8", NULL, &n, NULL);
    assert_non_null(u);
    char *out = g_malloc(n + 2);
    gsize off = 0;
    if (bom) {
        out[0] = '\xff';
        out[1] = '\xfe';
        off = 2;
    }
    memcpy(out + off, u, n);
    g_free(u);
    *len = n + off;
    return out;
}

static void test_encodings(void **state)
{
    fx *f = *state;
    const char *csv = "First Name,Last Name,E-mail Address,Company,Categories\r\n"
                      "Søren,Ærø,soren@aero.example,Ærø Fisk,Vendor\r\n";
    for (int bom = 0; bom < 2; bom++) {
        gsize len;
        char *bytes = utf16le(csv, bom, &len);
        char *p = write_tmp(f, bom ? "u16bom.csv" : "u16.csv", bytes, (gssize)len);
        pl_contacts_stats s;
        import_ok(f, p, &s);
        assert_int_equal(s.people, 1);
        g_free(bytes);
        g_free(p);
    }
    /* Quoted-printable Windows-1252 without CHARSET=, after a preamble line. */
    char *p = write_tmp(f, "pre.vcf",
                        "Exported by PhoneSync 2.3\r\n"
                        "BEGIN:VCARD\r\nVERSION:2.1\r\n"
                        "FN;ENCODING=QUOTED-PRINTABLE:Jos=E9 Garc=EDa\r\n"
                        "TEL;HOME:+34 91 123 45 67\r\nEND:VCARD\r\n",
                        -1);
    pl_contacts_stats s;
    import_ok(f, p, &s);
    g_free(p);
    assert_int_equal(s.people, 1);
    assert_true(warned(f, "pre.vcf:1", "outside BEGIN:VCARD"));
    GPtrArray *a = people(f);
    const person *so = find(a, "Søren Ærø");
    assert_string_equal(so->org, "Ærø Fisk");
    assert_int_equal(so->category, PL_CAT_VENDOR);
    const person *jo = find(a, "José García");
    assert_string_equal(jo->phones, "+34911234567");
    g_ptr_array_unref(a);
}

/* A label about one person (friend, manager) must not reclassify the
 * organisation they work at; a relationship label (customer) does. */
static void test_org_category(void **state)
{
    fx *f = *state;
    char *p = write_tmp(f, "org.vcf",
                        "BEGIN:VCARD\nVERSION:3.0\nFN:Tom Hale\nORG:Hale Retail\n"
                        "EMAIL:tom@hale-retail.example\nCATEGORIES:Customers\nEND:VCARD\n"
                        "BEGIN:VCARD\nVERSION:3.0\nFN:Uma Hale\nORG:Hale Retail\n"
                        "EMAIL:uma@hale-retail.example\nCATEGORIES:Personal\nEND:VCARD\n",
                        -1);
    pl_contacts_stats s;
    import_ok(f, p, &s);
    g_free(p);
    assert_int_equal(s.orgs, 1);
    GPtrArray *a = people(f);
    assert_int_equal(find(a, "Uma Hale")->category, PL_CAT_PERSONAL);
    assert_int_equal(find(a, "Uma Hale")->org_category, PL_CAT_CUSTOMER);
    assert_int_equal(find(a, "Tom Hale")->category, PL_CAT_CUSTOMER);
    g_ptr_array_unref(a);
}

/* ----------------------------------------------------------------- errors */

static void expect_error(fx *f, const char *path, const char *needle)
{
    GError *err = NULL;
    pl_contacts_stats s = {1, 1, 1, 1};
    assert_false(import(f, path, &s, &err));
    assert_non_null(err);
    if (!strstr(err->message, needle) || !strstr(err->message, path))
        fail_msg("error \"%s\" lacks \"%s\" or the path", err->message, needle);
    g_error_free(err);
    assert_int_equal(s.people + s.identities + s.orgs + s.skipped, 0);
}

static void test_errors(void **state)
{
    fx *f = *state;
    char *p = data_path("unknown.csv");
    expect_error(f, p, "E-mail 1 - Value");
    expect_error(f, p, "\"Vorname\"");
    g_free(p);
    assert_int_equal(count(f, "SELECT count(*) FROM person"), 0);
    assert_int_equal(count(f, "SELECT count(*) FROM org"), 0);

    p = g_build_filename(f->dir, "missing.vcf", NULL);
    expect_error(f, p, "No such file");
    g_free(p);
    expect_error(f, f->dir, "directory");
    p = write_tmp(f, "empty.vcf", " \n\n", -1);
    expect_error(f, p, "empty");
    g_free(p);
    const char bin[] = {'\x7f', 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, '\x89', 'P', 'N', 'G'};
    p = write_tmp(f, "garbage.vcf", bin, sizeof bin);
    expect_error(f, p, "binary");
    g_free(p);
}

/* ------------------------------------------------------------ idempotence */

static void test_reimport(void **state)
{
    fx *f = *state;
    const char *files[] = {"vcard3.vcf",     "vcard4.vcf",     "vcard21.vcf",
                           "google_old.csv", "google_new.csv", "outlook.csv"};
    pl_contacts_stats first[G_N_ELEMENTS(files)], again;
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++)
        import_sample(f, files[i], &first[i]);
    gint64 persons = count(f, "SELECT count(*) FROM person");
    gint64 ids = count(f, "SELECT count(*) FROM identity");
    gint64 orgs = count(f, "SELECT count(*) FROM org");
    assert_int_equal(persons, 11);
    for (size_t i = 0; i < G_N_ELEMENTS(files); i++) {
        import_sample(f, files[i], &again);
        assert_memory_equal(&again, &first[i], sizeof again);
    }
    assert_int_equal(count(f, "SELECT count(*) FROM person"), persons);
    assert_int_equal(count(f, "SELECT count(*) FROM identity"), ids);
    assert_int_equal(count(f, "SELECT count(*) FROM org"), orgs);
    assert_int_equal(count(f, "SELECT count(*) FROM identity WHERE person_id IS NULL"), 0);

    /* An edited card updates the person it keys to. */
    char *p = write_tmp(f, "edit.vcf",
                        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:c0ffee-0001\r\nFN:Alice Martin-Roy\r\n"
                        "EMAIL:alice.martin@acme-widgets.example\r\nEND:VCARD\r\n",
                        -1);
    import_ok(f, p, &again);
    g_free(p);
    assert_int_equal(count(f, "SELECT count(*) FROM person"), persons);
    assert_int_equal(count(f, "SELECT count(*) FROM person WHERE key = 'uid:c0ffee-0001' AND "
                              "name = 'Alice Martin-Roy'"),
                     1);
}

/* --------------------------------------------------------- phone numbers */

static void test_phone_normalise(void **state)
{
    (void)state;
    const struct {
        const char *in, *out;
    } cases[] = {
        {"+1 (555) 010-2030", "+15550102030"},
        {"tel:+33-1-98-76-54-32;ext=102", "+33198765432"},
        {"0171/9876543", "01719876543"},
        {"+1 555 010 4050 x12", "+15550104050"},
        {"  555.0142  ", "5550142"},
        {"12", NULL},
        {"call me", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *got = pl_phone_normalise_simple(cases[i].in);
        if (g_strcmp0(got, cases[i].out) != 0)
            fail_msg("%s -> %s, want %s", cases[i].in, got ? got : "NULL",
                     cases[i].out ? cases[i].out : "NULL");
        g_free(got);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_vcard3, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vcard4, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vcard21_quoted_printable, setup, teardown),
        cmocka_unit_test_setup_teardown(test_vcard_edge_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_google_old, setup, teardown),
        cmocka_unit_test_setup_teardown(test_google_new, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outlook, setup, teardown),
        cmocka_unit_test_setup_teardown(test_csv_edge_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encodings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_org_category, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_reimport, setup, teardown),
        cmocka_unit_test(test_phone_normalise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
