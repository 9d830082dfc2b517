/* parley_ics.c — the command table of parley-ics: `export ics`, the one
 * command that needs libical (and with it ICU and libstdc++). `parley
 * export` runs this executable with its arguments, so that only it pays
 * for loading them (parley.c says why). */
#include "cli.h"

static const cli_command commands[] = {
    {"export", cmd_export, "export open items as iCalendar to-dos (ics)"},
};

int main(int argc, char **argv)
{
    cli_allocator_init();
    return cli_main(commands, G_N_ELEMENTS(commands), argc, argv);
}
