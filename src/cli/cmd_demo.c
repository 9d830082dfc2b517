/* cmd_demo.c — parley demo DIR: writes the deterministic demo mailbox
 * (pl_demo_write) and says what to run next. Needs neither config nor store.
 * parley demo --events N [--items M]: synthetic events (and logged calls
 * with follow-ups) straight into the store, for scale benchmarks
 * (pl_demo_fill_store, pl_demo_fill_items). */
#include "cli.h"

static int fill_store(cli_ctx *ctx, guint32 seed, gint64 events, gint64 items)
{
    pl_store *st = cli_store(ctx);
    if (!st)
        return 1;
    pl_ingest_stats s;
    pl_ingest_stats_init(&s);
    GError *err = NULL;
    gboolean ok = TRUE;
    if (events > 0) {
        ok = pl_demo_fill_store(st, ctx->cfg, seed, (guint64)events, &s, &err);
        if (ok)
            printf("added %" G_GUINT64_FORMAT " synthetic events to %s in %.1f s\n", s.added,
                   ctx->db_path, s.seconds);
    }
    if (ok && items > 0) {
        pl_ingest_stats_clear(&s);
        pl_ingest_stats_init(&s);
        ok = pl_demo_fill_items(st, ctx->cfg, seed, (guint64)items, &s, &err);
        if (ok)
            printf("added %" G_GUINT64_FORMAT " logged calls (%" G_GUINT64_FORMAT
                   " were there already) with %" G_GINT64_FORMAT " follow-ups in all to %s in"
                   " %.1f s\n",
                   s.added, s.duplicates, items, ctx->db_path, s.seconds);
    }
    pl_ingest_stats_clear(&s);
    return ok ? 0 : cli_fail(err);
}

CMD(demo)
{
    gint64 seed = 1;
    int conversations = 300;
    gint64 events = 0, items = 0;
    GOptionEntry entries[] = {{"seed", 0, 0, G_OPTION_ARG_INT64, &seed,
                               "seed: the same seed gives the same files (1)", "N"},
                              {"conversations", 0, 0, G_OPTION_ARG_INT, &conversations,
                               "how many conversation threads to write (300)", "N"},
                              {"events", 0, 0, G_OPTION_ARG_INT64, &events,
                               "instead: add N synthetic events to the store (benchmarks)", "N"},
                              {"items", 0, 0, G_OPTION_ARG_INT64, &items,
                               "and/or: add N follow-ups on logged calls (benchmarks)", "N"},
                              {NULL}};
    if (!cli_parse("DIR", "Write a demo mailbox (Maildir + contacts) of a small company.", entries,
                   &argc, &argv))
        return 2;
    /* The upper bound only guards against typos filling a disk. */
    if (seed < 0 || seed > G_MAXUINT32)
        return cli_failf("demo: --seed must be between 0 and %u", G_MAXUINT32);
    if (events < 0 || events > 100000000)
        return cli_failf("demo: --events must be between 1 and 100000000");
    if (items < 0 || items > 10000000)
        return cli_failf("demo: --items must be between 1 and 10000000");
    if ((events > 0 || items > 0) && argc == 1)
        return fill_store(ctx, (guint32)seed, events, items);
    if (argc != 2) {
        fprintf(stderr, "usage: parley demo DIR [--seed N] [--conversations N]\n"
                        "       parley demo [--events N] [--items N] [--seed N]\n");
        return 2;
    }
    if (conversations < 1 || conversations > 1000000)
        return cli_failf("demo: --conversations must be between 1 and 1000000");

    const char *dir = argv[1];
    pl_demo_stats st = {0};
    GError *err = NULL;
    if (!pl_demo_write(dir, (guint32)seed, (guint)conversations, &st, &err))
        return cli_fail(err);

    char *maildir = g_build_filename(dir, "Maildir", NULL);
    char *vcf = g_build_filename(dir, "contacts.vcf", NULL);
    printf("wrote %u messages in %u conversations to %s; contacts in %s\n", st.messages,
           st.conversations, maildir, vcf);
    printf("(%u files: one of them is deliberately not mail; see %s/README.txt)\n\n", st.files,
           dir);
    /* Quoted so the lines can be pasted whatever the path holds. */
    char *q_db = g_build_filename(dir, "parley.db", NULL);
    char *q_conf = g_build_filename(dir, "parley.conf", NULL);
    char *s_db = g_shell_quote(q_db), *s_conf = g_shell_quote(q_conf);
    char *s_mail = g_shell_quote(maildir), *s_vcf = g_shell_quote(vcf);
    printf("Try it (the exports keep the demo out of your own database):\n"
           "  export PARLEY_DB=%s PARLEY_CONFIG=%s\n"
           "  parley init --me jane@acme.example --internal-domain acme.example\n"
           "  parley ingest %s\n"
           "  parley contacts import %s\n"
           "  parley report value --last 100\n",
           s_db, s_conf, s_mail, s_vcf);
    g_free(s_db);
    g_free(s_conf);
    g_free(s_mail);
    g_free(s_vcf);
    g_free(q_db);
    g_free(q_conf);
    g_free(maildir);
    g_free(vcf);
    return 0;
}
