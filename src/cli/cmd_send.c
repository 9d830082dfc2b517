/* cmd_send.c — parley send FILE: delivers a message over SMTP ([smtp] in
 * the config) and records it on the customer's timeline (src/lib/send.c). */
#include "cli.h"
#include "draft.h"

CMD(send)
{
    if (!cli_parse("FILE",
                   "Sends the message in FILE over SMTP ([smtp] url, user, password-file or "
                   "netrc-file in the config; STARTTLS when the server offers it) and records "
                   "it as an outbound e-mail. Sending the same file again records nothing new.",
                   NULL, &argc, &argv))
        return 2;
    if (argc != 2)
        return cli_failf("send: expected one FILE");
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    pl_send_result r;
    GError *err = NULL;
    gboolean ok = pl_send_file(st, ctx->cfg, argv[1], &r, &err);
    if (ok) {
        GString *to = g_string_new(NULL);
        for (guint i = 0; i < r.rcpts->len; i++)
            g_string_append_printf(to, "%s%s", i ? ", " : "", (char *)r.rcpts->pdata[i]);
        printf("sent <%s> from %s to %s\n%s\n", r.message_id, r.envelope_from, to->str,
               r.duplicate ? "already on the timeline: not recorded again"
                           : "recorded as an outbound e-mail");
        g_string_free(to, TRUE);
    }
    pl_send_result_clear(&r);
    return ok ? 0 : cli_fail(err);
}
