/* cmd_draft.c — parley draft follow-up|heads-up: writes an e-mail for you
 * to check and send (parley send). The message is built in the library
 * (src/lib/draft.c); this file picks the event or contact and the output.
 */
#include "cli.h"
#include "draft.h"
#include "log.h"

#include <string.h>

static int write_out(const char *msg, const char *path)
{
    if (!path || strcmp(path, "-") == 0) {
        fputs(msg, stdout);
        return 0;
    }
    GError *err = NULL;
    if (!g_file_set_contents(path, msg, -1, &err))
        return cli_fail(err);
    fprintf(stderr, "wrote %s\n", path);
    return 0;
}

static int follow_up(cli_ctx *ctx, int argc, char **argv)
{
    char *last_call = NULL, *out = NULL;
    GOptionEntry entries[] = {
        {"last-call", 0, 0, G_OPTION_ARG_STRING, &last_call,
         "follow up the last call with this contact", "TARGET"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "write to FILE instead of stdout", "FILE"},
        {NULL}};
    int rc = 0;
    if (!cli_parse("EVENT | --last-call TARGET",
                   "Drafts an e-mail that follows up a call, meeting or note: a short summary "
                   "from its notes and the open follow-ups with their due dates. EVENT is what "
                   "parley log printed (log:<uuid>), or an event number.",
                   entries, &argc, &argv))
        rc = 2;
    else if ((argc == 2) == (last_call != NULL))
        rc = cli_failf("draft follow-up: give an EVENT or --last-call TARGET (one of them)");
    else if (argc > 2)
        rc = cli_failf("draft follow-up: one EVENT at a time");
    pl_store *st = rc ? NULL : cli_store(ctx);
    if (!rc && !st)
        rc = 1;
    if (!rc) {
        GError *err = NULL;
        char *msg = pl_draft_follow_up(st, ctx->cfg, argc == 2 ? argv[1] : NULL, last_call, &err);
        rc = msg ? write_out(msg, out) : cli_fail(err);
        g_free(msg);
    }
    g_free(last_call);
    g_free(out);
    return rc;
}

static int heads_up(cli_ctx *ctx, int argc, char **argv)
{
    char *at = NULL, *about = NULL, *out = NULL;
    GOptionEntry entries[] = {
        {"at", 0, 0, G_OPTION_ARG_STRING, &at,
         "when you will call: tuesday 10:00, tomorrow, YYYY-MM-DD [HH:MM]", "WHEN"},
        {"about", 0, 0, G_OPTION_ARG_STRING, &about, "what the call is about", "TEXT"},
        {"output", 'o', 0, G_OPTION_ARG_FILENAME, &out, "write to FILE instead of stdout", "FILE"},
        {NULL}};
    int rc = 0;
    gint64 when = 0;
    gboolean has_time = FALSE;
    GError *err = NULL;
    if (!cli_parse("TARGET --at WHEN --about TEXT",
                   "Drafts a short heads-up before a planned call (\"I'll call you on Tuesday "
                   "about ...\").",
                   entries, &argc, &argv))
        rc = 2;
    else if (argc != 2 || !at || !about || !*g_strstrip(about))
        rc = cli_failf("draft heads-up: expected TARGET --at WHEN --about TEXT");
    else if (!pl_when_parse(at, g_get_real_time() / G_USEC_PER_SEC, TRUE, &when, &has_time, &err)) {
        g_prefix_error(&err, "--at: ");
        rc = cli_fail(err);
    }
    pl_store *st = rc ? NULL : cli_store(ctx);
    if (!rc && !st)
        rc = 1;
    if (!rc) {
        char *msg = pl_draft_heads_up(st, ctx->cfg, argv[1], when, has_time, about, &err);
        rc = msg ? write_out(msg, out) : cli_fail(err);
        g_free(msg);
    }
    g_free(at);
    g_free(about);
    g_free(out);
    return rc;
}

CMD(draft)
{
    if (argc >= 2 && strcmp(argv[1], "follow-up") == 0)
        return follow_up(ctx, argc - 1, argv + 1);
    if (argc >= 2 && strcmp(argv[1], "heads-up") == 0)
        return heads_up(ctx, argc - 1, argv + 1);
    fprintf(stderr, "usage: parley draft follow-up EVENT|--last-call TARGET [-o FILE]\n"
                    "       parley draft heads-up TARGET --at WHEN --about TEXT [-o FILE]\n");
    return 2;
}
