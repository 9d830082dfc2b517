/* cmd_contacts.c — parley contacts import FILE... / parley contacts list.
 *
 * import reads vCard and Google/Outlook CSV exports through
 * pl_contacts_import(), one transaction per file, and keeps going when one
 * file fails so a batch run reports every problem at once. list shows the
 * people the store knows, as a table or as JSON.
 */
#include "cli.h"
#include "output.h"

#include <string.h>

static void print_warning(const char *where, const char *reason, gpointer user)
{
    guint *n = user;
    (*n)++;
    fprintf(stderr, "parley: %s: %s\n", where, reason);
}

static int contacts_import(cli_ctx *ctx, int argc, char **argv)
{
    if (!cli_parse("FILE...",
                   "Imports contacts from vCard (.vcf) files or Google / Outlook contacts "
                   "CSV exports.\nORG / Company becomes the organisation; categories or "
                   "group labels that name a parley category (customer, vendor, ...) "
                   "classify the person. Re-importing a file updates, never duplicates.",
                   NULL, &argc, &argv))
        return 2;
    if (argc < 2) {
        cli_failf("contacts import: no FILE given (see parley contacts import --help)");
        return 2;
    }
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    pl_contacts_stats total = {0};
    guint failed = 0, warnings = 0;
    for (int i = 1; i < argc; i++) {
        pl_contacts_stats s;
        GError *err = NULL;
        if (!pl_contacts_import_in(st, argv[i], ctx->cfg->default_country, &s, print_warning,
                                   &warnings, &err)) {
            cli_fail(err);
            failed++;
            continue;
        }
        total.people += s.people;
        total.identities += s.identities;
        total.orgs += s.orgs;
        total.skipped += s.skipped;
    }
    printf("imported %u %s (%u %s, %u %s), %u skipped\n", total.people,
           total.people == 1 ? "person" : "people", total.identities,
           total.identities == 1 ? "address" : "addresses", total.orgs,
           total.orgs == 1 ? "organisation" : "organisations", total.skipped);
    if (failed)
        fprintf(stderr, "parley: %u of %d files could not be imported\n", failed, argc - 1);
    return failed ? 1 : 0;
}

/* The category shown for a person: their own, else their organisation's. */
static int shown_category(const pl_person_info *p)
{
    return p->category >= 0 ? p->category : p->org_category;
}

static gboolean add_row(const pl_person_info *p, gpointer user)
{
    out_table *t = user;
    int cat = shown_category(p);
    GString *ids = g_string_new(NULL);
    const char *lists[] = {p->emails, p->phones, p->handles};
    for (size_t i = 0; i < G_N_ELEMENTS(lists); i++)
        if (lists[i])
            g_string_append_printf(ids, "%s%s", ids->len ? ", " : "", lists[i]);
    out_table_row(t, p->name ? p->name : "-", p->org ? p->org : "-",
                  cat >= 0 ? pl_category_name(cat) : "-", ids->str);
    g_string_free(ids, TRUE);
    return TRUE;
}

static void json_list(JsonBuilder *b, const char *member, const char *joined)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_array(b);
    if (joined) {
        char **v = g_strsplit(joined, ", ", -1);
        for (char **s = v; *s; s++)
            json_builder_add_string_value(b, *s);
        g_strfreev(v);
    }
    json_builder_end_array(b);
}

static void json_nullable(JsonBuilder *b, const char *member, const char *v)
{
    json_builder_set_member_name(b, member);
    if (v)
        json_builder_add_string_value(b, v);
    else
        json_builder_add_null_value(b);
}

static gboolean add_json(const pl_person_info *p, gpointer user)
{
    JsonBuilder *b = user;
    int cat = shown_category(p);
    json_builder_begin_object(b);
    json_nullable(b, "name", p->name);
    json_nullable(b, "key", p->key);
    json_nullable(b, "organisation", p->org);
    json_nullable(b, "category", cat >= 0 ? pl_category_name(cat) : NULL);
    json_list(b, "emails", p->emails);
    json_list(b, "phones", p->phones);
    json_list(b, "handles", p->handles);
    json_builder_end_object(b);
    return TRUE;
}

static int contacts_list(cli_ctx *ctx, int argc, char **argv)
{
    gboolean json = FALSE;
    GOptionEntry entries[] = {
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "print a JSON array", NULL},
        {NULL, 0, 0, 0, NULL, NULL, NULL},
    };
    if (!cli_parse(NULL,
                   "Lists the people the store knows: name, organisation, category "
                   "(their own, else their organisation's) and identities.",
                   entries, &argc, &argv))
        return 2;
    if (argc > 1) {
        cli_failf("contacts list: unexpected argument '%s'", argv[1]);
        return 2;
    }
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    GError *err = NULL;
    if (json) {
        JsonBuilder *b = json_builder_new();
        json_builder_begin_array(b);
        if (!st->ops->person_each(st, add_json, b, &err)) {
            g_object_unref(b);
            return cli_fail(err);
        }
        json_builder_end_array(b);
        out_json(b);
        return 0;
    }
    out_table *t = out_table_new("name", "organisation", "category", "identities", NULL);
    if (!st->ops->person_each(st, add_row, t, &err)) {
        out_table_print(t, stdout, ""); /* frees t; what was read is still worth showing */
        return cli_fail(err);
    }
    out_table_print(t, stdout, "");
    return 0;
}

static void usage(FILE *f)
{
    fprintf(f, "usage: parley contacts import FILE...\n"
               "       parley contacts list [--json]\n\n"
               "  import  read vCard (.vcf) or Google / Outlook contacts CSV files\n"
               "  list    show the people the store knows\n");
}

CMD(contacts)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "--help") == 0 || strcmp(sub, "-h") == 0 || strcmp(sub, "help") == 0) {
        usage(stdout);
        return 0;
    }
    /* The subcommand becomes argv[0] so option errors name it. */
    char *name = g_strconcat("contacts ", sub, NULL);
    char **args = g_new0(char *, (gsize)argc);
    args[0] = name;
    for (int i = 2; i < argc; i++)
        args[i - 1] = argv[i];
    char **orig = args; /* g_option_context_parse may permute/shorten args */
    int n = argc - 1, rc;
    if (strcmp(sub, "import") == 0)
        rc = contacts_import(ctx, n, args);
    else if (strcmp(sub, "list") == 0)
        rc = contacts_list(ctx, n, args);
    else {
        fprintf(stderr, "parley: contacts: unknown subcommand '%s'\n", sub);
        usage(stderr);
        rc = 2;
    }
    g_free(name);
    g_free(orig);
    return rc;
}
