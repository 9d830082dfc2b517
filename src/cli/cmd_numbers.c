/* cmd_numbers.c — parley numbers: the phone numbers found in mail
 * signatures and whose they are — linked to the one person whose
 * signatures had them, left unlinked when two contacts' signatures have the
 * same number, or the person contacts give them (contacts win; a different
 * person in the signatures is shown as a conflict). */
#include "cli.h"
#include "output.h"

static const char *const status_names[] = {"linked", "ambiguous", "contacts", "conflict"};

static char *joined(GPtrArray *a)
{
    g_ptr_array_add(a, NULL);
    char *s = g_strjoinv("; ", (char **)a->pdata);
    g_ptr_array_remove_index(a, a->len - 1);
    return s;
}

CMD(numbers)
{
    gboolean json = FALSE, unlinked = FALSE;
    GOptionEntry entries[] = {
        {"unlinked", 'u', 0, G_OPTION_ARG_NONE, &unlinked,
         "only numbers left unlinked (ambiguous) or in conflict with contacts", NULL},
        {"json", 0, 0, G_OPTION_ARG_NONE, &json, "JSON output", NULL},
        {NULL}};
    if (!cli_parse("", "Phone numbers found in mail signatures, and whose they are.", entries,
                   &argc, &argv))
        return 2;
    if (argc > 1)
        return cli_failf("numbers: unexpected argument \"%s\"", argv[1]);
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    GError *err = NULL;
    GArray *list = pl_signature_numbers_list(st, ctx->cfg, &err);
    if (!list)
        return cli_fail(err);
    JsonBuilder *b = json ? json_builder_new() : NULL;
    out_table *t = json ? NULL
                        : out_table_new("number", "status", "person", "organisation", ">messages",
                                        ">last seen", "in the signature of", NULL);
    if (b)
        json_builder_begin_array(b);
    for (guint i = 0; i < list->len; i++) {
        const pl_sig_number *n = &g_array_index(list, pl_sig_number, i);
        if (unlinked && (n->status == PL_SIGNUM_LINKED || n->status == PL_SIGNUM_CONTACTS))
            continue;
        char *who = joined(n->authors);
        char *last = out_date(n->last_ts);
        if (b) {
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "number");
            json_builder_add_string_value(b, n->number);
            json_builder_set_member_name(b, "status");
            json_builder_add_string_value(b, status_names[n->status]);
            json_builder_set_member_name(b, "person");
            if (n->person)
                json_builder_add_string_value(b, n->person);
            else
                json_builder_add_null_value(b);
            json_builder_set_member_name(b, "organisation");
            if (n->org)
                json_builder_add_string_value(b, n->org);
            else
                json_builder_add_null_value(b);
            json_builder_set_member_name(b, "messages");
            json_builder_add_int_value(b, n->messages);
            json_builder_set_member_name(b, "last_seen");
            json_builder_add_string_value(b, last);
            json_builder_set_member_name(b, "authors");
            json_builder_begin_array(b);
            for (guint k = 0; k < n->authors->len; k++)
                json_builder_add_string_value(b, n->authors->pdata[k]);
            json_builder_end_array(b);
            json_builder_end_object(b);
        } else {
            char *msgs = g_strdup_printf("%" G_GINT64_FORMAT, n->messages);
            out_table_row(t, n->number, status_names[n->status], n->person ? n->person : "",
                          n->org ? n->org : "", msgs, last, who);
            g_free(msgs);
        }
        g_free(who);
        g_free(last);
    }
    if (b) {
        json_builder_end_array(b);
        out_json(b);
    } else if (list->len) {
        out_table_print(t, stdout, "");
    } else {
        out_table_free(t);
        printf("no phone numbers found in signatures yet (parley ingest reads them from mail)\n");
    }
    g_array_free(list, TRUE);
    return 0;
}
