/* test_thread.c — threading: chains, out-of-order arrival, ghost roots,
 * merges, reference loops, duplicate Message-IDs and the guarded subject
 * fallback. Events go through the real ingest write path. */
#include "unit.h"

#include "ingest.h"

typedef struct {
    char *dir;
    pl_store *st;
    pl_config *cfg;
    pl_ingest ing;
    pl_ingest_stats stats;
    pl_ingest_opts opts;
    gint64 ids[32];
    int n;
} fixture;

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->st = unit_store(&f->dir);
    f->cfg = unit_config();
    pl_ingest_stats_init(&f->stats);
    assert_true(pl_ingest_begin(&f->ing, f->st, f->cfg, &f->opts, &f->stats, NULL));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    pl_ingest_stats_clear(&f->stats);
    pl_config_free(f->cfg);
    unit_store_done(f->st, f->dir);
    g_free(f);
    return 0;
}

/* Adds a mail event; refs is a space-separated list, oldest first. */
static void add(fixture *f, const char *key, const char *msgid, const char *refs,
                const char *subject, const char *from, gint64 ts)
{
    pl_event *ev = pl_event_new(PL_CH_EMAIL);
    ev->source_key = g_strdup(key);
    ev->message_id = g_strdup(msgid);
    ev->subject = g_strdup(subject);
    ev->ts = ts;
    if (refs) {
        char **v = g_strsplit(refs, " ", -1);
        for (char **r = v; *r; r++)
            g_ptr_array_add(ev->refs, g_strdup(*r));
        g_strfreev(v);
    }
    pl_event_add_participant(ev, PL_ID_EMAIL, from, NULL, PL_ROLE_FROM);
    pl_event_add_participant(ev, PL_ID_EMAIL, "team@acme.example", NULL, PL_ROLE_TO);
    assert_true(pl_ingest_add(&f->ing, ev, 0, NULL, NULL));
    pl_event_free(ev);
}

static gint64 conv_of(fixture *f, const char *msgid)
{
    pl_node n = {0};
    if (!f->st->ops->node_get(f->st, msgid, &n))
        fail_msg("no node %s", msgid);
    g_free(n.msgid);
    g_free(n.parent);
    return n.conv_id;
}

static gint64 conversations(fixture *f)
{
    assert_true(pl_ingest_finish(&f->ing, TRUE, NULL));
    assert_true(pl_ingest_begin(&f->ing, f->st, f->cfg, &f->opts, &f->stats, NULL));
    return f->st->ops->count_conversations(f->st);
}

static void test_chain(void **state)
{
    fixture *f = *state;
    add(f, "1", "a@x", NULL, "Plan", "p@x.example", 100);
    add(f, "2", "b@x", "a@x", "Re: Plan", "q@x.example", 200);
    add(f, "3", "c@x", "a@x b@x", "Re: Plan", "p@x.example", 300);
    assert_int_equal(conversations(f), 1);
    assert_int_equal(conv_of(f, "a@x"), conv_of(f, "c@x"));
}

static void test_out_of_order_and_ghosts(void **state)
{
    fixture *f = *state;
    /* The reply arrives first; its root is never seen at all (a ghost). */
    add(f, "3", "c@x", "ghost@x b@x", "Re: Plan", "p@x.example", 300);
    add(f, "2", "b@x", "ghost@x", "Re: Plan", "q@x.example", 200);
    add(f, "4", "d@x", "ghost@x", "Re: Plan", "r@x.example", 400);
    assert_int_equal(conversations(f), 1);
    pl_node n = {0};
    assert_true(f->st->ops->node_get(f->st, "ghost@x", &n));
    assert_false(n.has_event);
    assert_null(n.parent);
    g_free(n.msgid);
    g_free(n.parent);
}

static void test_merge(void **state)
{
    fixture *f = *state;
    add(f, "1", "a1@x", NULL, "One", "p@x.example", 100);
    add(f, "2", "b1@x", NULL, "Two", "q@x.example", 110);
    assert_int_equal(conversations(f), 2);
    /* A message whose References name both joins the two. */
    add(f, "3", "c@x", "a1@x b1@x", "Re: One", "p@x.example", 120);
    assert_int_equal(conversations(f), 1);
    assert_int_equal(conv_of(f, "a1@x"), conv_of(f, "b1@x"));
}

static void test_loops(void **state)
{
    fixture *f = *state;
    add(f, "1", "a@x", "b@x", "Loop", "p@x.example", 100);
    add(f, "2", "b@x", "a@x", "Re: Loop", "q@x.example", 200);
    add(f, "3", "c@x", "c@x", "Self", "q@x.example", 300);
    add(f, "4", "d@x", "e@x d@x e@x", "Re: Self", "q@x.example", 300);
    assert_int_equal(conversations(f), 3);
    /* Every parent chain ends. */
    const char *ids[] = {"a@x", "b@x", "c@x", "d@x", "e@x"};
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        char *cur = g_strdup(ids[i]);
        int steps = 0;
        while (cur && steps < 10) {
            pl_node n = {0};
            assert_true(f->st->ops->node_get(f->st, cur, &n));
            g_free(cur);
            g_free(n.msgid);
            cur = n.parent;
            steps++;
        }
        assert_null(cur);
    }
}

static void test_duplicate_ids(void **state)
{
    fixture *f = *state;
    add(f, "k1", "same@x", NULL, "First", "p@x.example", 100);
    add(f, "k2", "same@x", NULL, "A different message", "q@x.example", 200);
    add(f, "k1", "same@x", NULL, "First", "p@x.example", 100); /* the same again */
    assert_int_equal(f->stats.added, 2);
    assert_int_equal(f->stats.duplicates, 1);
    assert_int_equal(f->st->ops->count_events(f->st, -1), 2);
    assert_int_equal(conversations(f), 1);
}

static void test_subject_fallback(void **state)
{
    fixture *f = *state;
    gint64 day = 86400;
    add(f, "1", "a@x", NULL, "Quarterly budget review", "p@x.example", 10 * day);
    /* A reply that lost its references, from someone in the thread. */
    add(f, "2", "b@x", NULL, "Re: Quarterly budget review", "p@x.example", 11 * day);
    assert_int_equal(conversations(f), 1);
    /* Same subject, no reply prefix: a new thread. */
    add(f, "3", "c@x", NULL, "Quarterly budget review", "p@x.example", 12 * day);
    assert_int_equal(conversations(f), 2);
    /* Reply prefix but too long after. */
    add(f, "4", "d@x", NULL, "Re: Quarterly budget review", "p@x.example", 60 * day);
    assert_int_equal(conversations(f), 3);
    /* Short, generic subjects never fuse. */
    add(f, "5", "e@x", NULL, "hello", "p@x.example", 70 * day);
    add(f, "6", "f@x", NULL, "Re: hello", "p@x.example", 70 * day + 60);
    assert_int_equal(conversations(f), 5);
}

static void test_subject_needs_shared_participant(void **state)
{
    fixture *f = *state;
    pl_event *ev = pl_event_new(PL_CH_EMAIL);
    ev->source_key = g_strdup("s1");
    ev->message_id = g_strdup("s1@x");
    ev->subject = g_strdup("Invoice 4711 overdue");
    ev->ts = 1000;
    pl_event_add_participant(ev, PL_ID_EMAIL, "a@one.example", NULL, PL_ROLE_FROM);
    pl_event_add_participant(ev, PL_ID_EMAIL, "b@one.example", NULL, PL_ROLE_TO);
    assert_true(pl_ingest_add(&f->ing, ev, 0, NULL, NULL));
    pl_event_free(ev);
    ev = pl_event_new(PL_CH_EMAIL);
    ev->source_key = g_strdup("s2");
    ev->message_id = g_strdup("s2@x");
    ev->subject = g_strdup("Re: Invoice 4711 overdue");
    ev->ts = 2000;
    pl_event_add_participant(ev, PL_ID_EMAIL, "c@two.example", NULL, PL_ROLE_FROM);
    pl_event_add_participant(ev, PL_ID_EMAIL, "d@two.example", NULL, PL_ROLE_TO);
    assert_true(pl_ingest_add(&f->ing, ev, 0, NULL, NULL));
    pl_event_free(ev);
    assert_int_equal(conversations(f), 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_order_and_ghosts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
        cmocka_unit_test_setup_teardown(test_loops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_duplicate_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subject_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_subject_needs_shared_participant, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
