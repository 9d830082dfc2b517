/* cmd_label.c — parley label TARGET CATEGORY: classify a domain, an address
 * or "*" (every external counterpart nothing else classifies). */
#include "cli.h"

CMD(label)
{
    if (!cli_parse("TARGET CATEGORY",
                   "TARGET is a domain (example.com), an address, or * for every other "
                   "external counterpart.\nCATEGORY is one of customer, prospect, frontline, "
                   "partner, vendor, supplier, manager, internal, personal, other.",
                   NULL, &argc, &argv))
        return 2;
    if (argc != 3)
        return cli_failf("label: expected TARGET CATEGORY (see parley label --help)");
    int cat = pl_category_parse(argv[2]);
    if (cat < 0 || cat == PL_CAT_UNCLASSIFIED)
        return cli_failf("label: unknown category \"%s\"; use one of customer, prospect, "
                         "frontline, partner, vendor, supplier, manager, internal, personal, "
                         "other",
                         argv[2]);
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    GError *err = NULL;
    if (!pl_label(st, argv[1], cat, &err) || !pl_conversations_refresh(st, ctx->cfg, &err))
        return cli_fail(err);
    printf("labelled %s as %s\n", argv[1], pl_category_name(cat));
    return 0;
}
