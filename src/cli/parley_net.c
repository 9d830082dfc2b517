/* parley_net.c — the command table of parley-net: the commands that talk to
 * mail servers through libcurl (send over SMTP, sync from IMAP). `parley
 * send` and `parley sync` run this executable with their arguments, so that
 * only these two commands pay for loading libcurl (parley.c says why). */
#include "cli.h"

static const cli_command commands[] = {
    {"send", cmd_send, "send a message over SMTP and record it"},
    {"sync", cmd_sync, "fetch new mail from IMAP folders (imap://USER@HOST/FOLDER)"},
};

int main(int argc, char **argv)
{
    cli_allocator_init();
    return cli_main(commands, G_N_ELEMENTS(commands), argc, argv);
}
