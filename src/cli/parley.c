/* parley.c — the command table of `parley`.
 *
 * Commands whose libraries are costly to load run in helper executables,
 * the way git keeps HTTP in git-remote-https: the ones that talk to mail
 * servers (send: SMTP, sync: IMAP) in parley-net, because libcurl brings
 * some 25 shared libraries with it (~4.5 ms more at the start of every
 * other command, measured with hyperfine on an empty program linked both
 * ways), and `export ics` in parley-ics, because libical brings ICU and
 * libstdc++ (~1.1 ms, measured the same way). cmd_net() and cmd_ics() hand
 * such a command's whole argument vector to its helper, found beside this
 * executable or in the installed libexec directory.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

CMD(net);
CMD(ics);

static const cli_command commands[] = {
    {"init", cmd_init, "set who you are and which domains are internal"},
    {"ingest", cmd_ingest,
     "read mail (Maildir, mbox, .eml) or call records (--cdr) into the store"},
    {"sync", cmd_net, "fetch new mail from IMAP folders (imap://USER@HOST/FOLDER)"},
    {"report", cmd_report, "reports: value (who your conversations are with)"},
    {"who", cmd_who, "list counterparts and their categories (--unclassified)"},
    {"label", cmd_label, "label a domain or address with a category"},
    {"contacts", cmd_contacts, "import contacts (vCard, Google/Outlook CSV)"},
    {"search", cmd_search, "full-text search over subjects and bodies"},
    {"stats", cmd_stats, "what the store holds (events by channel, direction, flag)"},
    {"log", cmd_log, "log a call, meeting or note by hand, with follow-ups"},
    {"open", cmd_open, "open items (follow-ups, questions, promises), oldest due first"},
    {"done", cmd_done, "close an open item as done"},
    {"dismiss", cmd_dismiss, "close an open item as dismissed"},
    {"fact", cmd_fact, "keep a personal fact about a contact"},
    {"facts", cmd_facts, "list the personal facts about a contact"},
    {"draft", cmd_draft, "draft a follow-up or heads-up e-mail"},
    {"send", cmd_net, "send a message over SMTP and record it"},
    {"calllist", cmd_calllist, "key customers nobody has talked to lately"},
    {"export", cmd_ics, "export open items as iCalendar to-dos (ics)"},
    {"brief", cmd_brief, "where we left off with a person or organisation"},
    {"numbers", cmd_numbers, "phone numbers from mail signatures and whose they are"},
    {"demo", cmd_demo, "write a deterministic demo mailbox"},
    /* Hidden (no help line): a tool for measuring the detection rules. */
    {"detect", cmd_detect, NULL},
};

/* The helper to run: beside our own executable (a build tree, or an
 * install that keeps them together), else the configured libexec one. */
static char *helper_path(const char *name)
{
    char *self = g_file_read_link("/proc/self/exe", NULL);
    if (self) {
        char *dir = g_path_get_dirname(self);
        char *p = g_build_filename(dir, name, NULL);
        g_free(dir);
        g_free(self);
        if (g_file_test(p, G_FILE_TEST_IS_EXECUTABLE))
            return p;
        g_free(p);
    }
    return g_build_filename(PARLEY_LIBEXECDIR, name, NULL);
}

static int run_helper(const char *name, const cli_ctx *ctx, char **argv)
{
    char *path = helper_path(name);
    /* The same arguments, global options included: the helper parses them
     * as we did. Nothing is open yet that it would need. */
    execv(path, ctx->argv);
    int e = errno;
    int rc = cli_failf("%s: cannot run %s: %s", argv[0], path, g_strerror(e));
    g_free(path);
    return rc;
}

CMD(net)
{
    (void)argc;
    return run_helper("parley-net", ctx, argv);
}

CMD(ics)
{
    (void)argc;
    return run_helper("parley-ics", ctx, argv);
}

int main(int argc, char **argv)
{
    cli_allocator_init();
    return cli_main(commands, G_N_ELEMENTS(commands), argc, argv);
}
