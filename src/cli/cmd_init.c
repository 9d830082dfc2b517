/* cmd_init.c — parley init: who "me" is, which domains are ours; creates the
 * config file and the database. Safe to run again: it adds, never removes. */
#include "cli.h"

#include <string.h>

static int add_addresses(GPtrArray *into, char **vals, const char *what)
{
    for (char **v = vals; v && *v; v++) {
        char *n = pl_address_normalise(*v);
        if (!n)
            return cli_failf("%s: \"%s\" is not an e-mail address", what, *v);
        pl_strv_add_unique(into, n);
    }
    return 0;
}

CMD(init)
{
    char **me = NULL, **internal = NULL, **managers = NULL, **frontline = NULL;
    gboolean no_bodies = FALSE;
    GOptionEntry entries[] = {
        {"me", 0, 0, G_OPTION_ARG_STRING_ARRAY, &me, "one of my addresses (repeatable)", "ADDR"},
        {"internal-domain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &internal,
         "a domain of our organisation (repeatable)", "DOMAIN"},
        {"manager", 0, 0, G_OPTION_ARG_STRING_ARRAY, &managers, "a manager's address", "ADDR"},
        {"frontline", 0, 0, G_OPTION_ARG_STRING_ARRAY, &frontline,
         "a front-line colleague's address", "ADDR"},
        {"metadata-only", 0, 0, G_OPTION_ARG_NONE, &no_bodies,
         "never store message bodies (counts still work)", NULL},
        {NULL}};
    int rc = 0;
    if (!cli_parse("", "Set who you are and which domains are internal.", entries, &argc, &argv))
        rc = 2;
    else if (argc > 1)
        rc = cli_failf("init: unexpected argument \"%s\"", argv[1]);
    pl_config *cfg = ctx->cfg;
    if (!rc)
        rc = add_addresses(cfg->me, me, "--me");
    if (!rc)
        rc = add_addresses(cfg->managers, managers, "--manager");
    if (!rc)
        rc = add_addresses(cfg->frontline, frontline, "--frontline");
    for (char **d = internal; !rc && d && *d; d++) {
        char *dom = g_ascii_strdown(g_strstrip(*d), -1);
        if (!strchr(dom, '.') || strchr(dom, '@')) {
            rc = cli_failf("--internal-domain: \"%s\" is not a domain", *d);
            g_free(dom);
        } else {
            pl_strv_add_unique(cfg->internal, dom);
        }
    }
    if (!rc && no_bodies)
        cfg->store_bodies = FALSE;
    GError *err = NULL;
    if (!rc && !pl_config_save(cfg, &err))
        rc = cli_fail(err);
    if (!rc && !cli_store(ctx))
        rc = 1;
    if (!rc) {
        printf("config:   %s\ndatabase: %s\n", cfg->path, ctx->db_path);
        printf("me:       %s\n", cfg->me->len ? "" : "(none: reports cover everyone)");
        for (guint i = 0; i < cfg->me->len; i++)
            printf("          %s\n", (char *)cfg->me->pdata[i]);
        printf("internal:");
        for (guint i = 0; i < cfg->internal->len; i++)
            printf(" %s", (char *)cfg->internal->pdata[i]);
        printf("%s\n", cfg->internal->len ? "" : " (none)");
    }
    g_strfreev(me);
    g_strfreev(internal);
    g_strfreev(managers);
    g_strfreev(frontline);
    return rc;
}
