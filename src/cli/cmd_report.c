/* cmd_report.c — parley report <name>: dispatches to one file per report. */
#include "cli.h"

#include <string.h>

int report_value(cli_ctx *ctx, int argc, char **argv);
int report_calls(cli_ctx *ctx, int argc, char **argv);
int report_response(cli_ctx *ctx, int argc, char **argv);

CMD(report)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fprintf(argc < 2 ? stderr : stdout,
                "usage: parley report <report> [options]\n\nreports:\n"
                "  value   who your conversations are with, and the time they take\n"
                "  calls   answer rates of outbound calls, time to a person for inbound\n"
                "  response  time to our first human answer to customers, who still waits\n");
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "value") == 0)
        return report_value(ctx, argc - 1, argv + 1);
    if (strcmp(argv[1], "calls") == 0)
        return report_calls(ctx, argc - 1, argv + 1);
    if (strcmp(argv[1], "response") == 0)
        return report_response(ctx, argc - 1, argv + 1);
    return cli_failf("report: unknown report \"%s\" (try: value, calls, response)", argv[1]);
}
