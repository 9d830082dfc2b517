/* parley.c — the command table and the options every command shares. */
#include "cli.h"

#include <locale.h>
#include <stdarg.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*fn)(cli_ctx *ctx, int argc, char **argv);
    const char *help;
} command;

static const command commands[] = {
    {"init", cmd_init, "set who you are and which domains are internal"},
    {"ingest", cmd_ingest,
     "read mail (Maildir, mbox, .eml) or call records (--cdr) into the store"},
    {"report", cmd_report, "reports: value (who your conversations are with)"},
    {"who", cmd_who, "list counterparts and their categories (--unclassified)"},
    {"label", cmd_label, "label a domain or address with a category"},
    {"contacts", cmd_contacts, "import contacts (vCard, Google/Outlook CSV)"},
    {"search", cmd_search, "full-text search over subjects and bodies"},
    {"stats", cmd_stats, "what the store holds (events by channel, direction, flag)"},
    {"log", cmd_log, "log a call, meeting or note by hand, with follow-ups"},
    {"open", cmd_open, "open items (follow-ups, promises), oldest due first"},
    {"done", cmd_done, "close an open item as done"},
    {"dismiss", cmd_dismiss, "close an open item as dismissed"},
    {"fact", cmd_fact, "keep a personal fact about a contact"},
    {"facts", cmd_facts, "list the personal facts about a contact"},
    {"draft", cmd_draft, "draft a follow-up or heads-up e-mail"},
    {"send", cmd_send, "send a message over SMTP and record it"},
    {"calllist", cmd_calllist, "key customers nobody has talked to lately"},
    {"numbers", cmd_numbers, "phone numbers from mail signatures and whose they are"},
    {"demo", cmd_demo, "write a deterministic demo mailbox"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: parley [--db PATH] [--config PATH] <command> [args]\n\ncommands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(f, "\nRun 'parley <command> --help' for a command's options.\n");
}

pl_store *cli_store(cli_ctx *ctx)
{
    if (!ctx->store) {
        GError *err = NULL;
        ctx->store = pl_store_open(ctx->db_path, &err);
        if (!ctx->store)
            cli_fail(err);
    }
    return ctx->store;
}

gboolean cli_parse(const char *params, const char *summary, GOptionEntry *entries, int *argc,
                   char ***argv)
{
    GOptionContext *oc = g_option_context_new(params);
    if (summary)
        g_option_context_set_summary(oc, summary);
    if (entries)
        g_option_context_add_main_entries(oc, entries, NULL);
    GError *err = NULL;
    gboolean ok = g_option_context_parse(oc, argc, argv, &err);
    if (!ok) {
        fprintf(stderr, "parley %s: %s\n", (*argv)[0], err->message);
        g_error_free(err);
    }
    g_option_context_free(oc);
    return ok;
}

int cli_fail(GError *err)
{
    fprintf(stderr, "parley: %s\n", err ? err->message : "unknown error");
    if (err)
        g_error_free(err);
    return 1;
}

int cli_failf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    fprintf(stderr, "parley: %s\n", msg);
    g_free(msg);
    return 1;
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    cli_ctx ctx = {0};
    int i = 1;
    /* Global options come before the command name. */
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--db") == 0 || g_str_has_prefix(a, "--db="))
            slot = (const char **)&ctx.db_path;
        else if (strcmp(a, "--config") == 0 || g_str_has_prefix(a, "--config="))
            slot = (const char **)&ctx.config_path;
        else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("parley %s\n", PARLEY_VERSION);
            return 0;
        } else {
            fprintf(stderr, "parley: unknown option %s\n", a);
            usage(stderr);
            return 2;
        }
        const char *eq = strchr(a, '=');
        if (eq)
            *slot = eq + 1;
        else if (i + 1 < argc)
            *slot = argv[++i];
        else
            return cli_failf("%s needs a value", a);
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const command *cmd = NULL;
    for (size_t k = 0; k < G_N_ELEMENTS(commands); k++)
        if (strcmp(commands[k].name, argv[i]) == 0)
            cmd = &commands[k];
    if (!cmd) {
        fprintf(stderr, "parley: unknown command '%s'\n", argv[i]);
        usage(stderr);
        return 2;
    }
    ctx.db_path = ctx.db_path ? g_strdup(ctx.db_path) : pl_store_default_path();
    GError *err = NULL;
    ctx.cfg = pl_config_load(ctx.config_path, &err);
    if (!ctx.cfg)
        return cli_fail(err);
    ctx.config_path = ctx.cfg->path;
    int rc = cmd->fn(&ctx, argc - i, argv + i);
    pl_store_close(ctx.store);
    pl_config_free(ctx.cfg);
    g_free(ctx.db_path);
    return rc;
}
