/* cli.h — what every command of the parley CLI shares.
 *
 * The CLI is a thin front: parse options (GOptionContext), call libparley,
 * print through output.c. One file per command, cmd_<name>(), dispatched
 * from the table in parley.c.
 */
#ifndef PARLEY_CLI_H
#define PARLEY_CLI_H

#include "parley.h"
#include "store.h"

typedef struct {
    char *db_path;     /* --db or $PARLEY_DB or the XDG default */
    char *config_path; /* --config or $PARLEY_CONFIG or the XDG default */
    pl_config *cfg;    /* loaded before the command runs */
    pl_store *store;   /* opened on first cli_store() */
    int argc;          /* the whole command line, global options included */
    char **argv;
} cli_ctx;

typedef struct {
    const char *name;
    int (*fn)(cli_ctx *ctx, int argc, char **argv);
    const char *help; /* NULL: hidden from the usage text */
} cli_command;

/* main() of an executable over its command table (cli.c): global options,
 * the config, then the command; returns the exit status. */
int cli_main(const cli_command *cmds, size_t n, int argc, char **argv);
/* The settings of the malloc the executable runs on (allocator.c); first
 * thing in main. */
void cli_allocator_init(void);
/* Which malloc that is, for --version. */
const char *cli_allocator_name(void);

/* Opens the store on first use; prints the error and returns NULL on failure. */
pl_store *cli_store(cli_ctx *ctx);

/* Parses argv with the entries given; prints usage errors itself. On
 * success argc/argv hold the remaining positional arguments. */
gboolean cli_parse(const char *params, const char *summary, GOptionEntry *entries, int *argc,
                   char ***argv);

/* Prints "parley: <message>" to stderr and returns the exit status 1. */
int cli_fail(GError *err);
int cli_failf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

#define CMD(name) int cmd_##name(cli_ctx *ctx, int argc, char **argv)
CMD(init);
CMD(ingest);
CMD(sync);
CMD(report);
CMD(who);
CMD(label);
CMD(contacts);
CMD(demo);
CMD(stats);
CMD(search);
CMD(log);
CMD(open);
CMD(done);
CMD(dismiss);
CMD(fact);
CMD(facts);
CMD(draft);
CMD(send);
CMD(calllist);
CMD(export);
CMD(brief);
CMD(detect);
CMD(numbers);

#endif
