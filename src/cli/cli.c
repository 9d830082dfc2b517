/* cli.c — what both executables share: the options that come before the
 * command name, loading the config, opening the store on first use, option
 * parsing and error reporting. parley.c and parley_net.c hold the tables. */
#include "cli.h"

#include <locale.h>
#include <stdarg.h>
#include <string.h>

static void usage(FILE *f, const cli_command *cmds, size_t n)
{
    fprintf(f, "usage: parley [--db PATH] [--config PATH] <command> [args]\n\ncommands:\n");
    for (size_t i = 0; i < n; i++)
        if (cmds[i].help)
            fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].help);
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

int cli_main(const cli_command *cmds, size_t n, int argc, char **argv)
{
    setlocale(LC_ALL, "");
    cli_ctx ctx = {.argc = argc, .argv = argv};
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
            usage(stdout, cmds, n);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            /* The second line says what the process allocates with, as
             * GLib itself sees it (allocator.c says why that can differ
             * from the environment). */
            const char *slice = g_getenv("G_SLICE");
            printf("parley %s\nmalloc: %s; GLib slices: %s\n", PARLEY_VERSION,
                   cli_allocator_name(), slice ? slice : "GLib's slice allocator");
            return 0;
        } else {
            fprintf(stderr, "parley: unknown option %s\n", a);
            usage(stderr, cmds, n);
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
        usage(stderr, cmds, n);
        return 2;
    }
    const cli_command *cmd = NULL;
    for (size_t k = 0; k < n; k++)
        if (strcmp(cmds[k].name, argv[i]) == 0)
            cmd = &cmds[k];
    if (!cmd) {
        fprintf(stderr, "parley: unknown command '%s'\n", argv[i]);
        usage(stderr, cmds, n);
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
