/* test_classify.c — classification precedence for one identity, and the
 * category a conversation gets from its counterparts. */
#include "unit.h"

#include "classify.h"
#include "direction.h"
#include "ingest.h"

static void test_identity_precedence(void **state)
{
    (void)state;
    char *dir;
    pl_store *st = unit_store(&dir);
    pl_config *cfg = unit_config();
    g_ptr_array_add(cfg->internal, g_strdup("acme.example"));
    g_ptr_array_add(cfg->managers, g_strdup("boss@acme.example"));
    g_ptr_array_add(cfg->frontline, g_strdup("desk@acme.example"));
    g_ptr_array_add(cfg->me, g_strdup("me@gmail.com"));
    assert_true(pl_label(st, "northwind.example", PL_CAT_CUSTOMER, NULL));
    assert_true(pl_label(st, "sales.northwind.example", PL_CAT_PROSPECT, NULL));
    assert_true(pl_label(st, "lawyer@northwind.example", PL_CAT_PARTNER, NULL));
    assert_true(pl_label(st, "vip@acme.example", PL_CAT_CUSTOMER, NULL));
    assert_false(pl_label(st, "gmail.com", PL_CAT_CUSTOMER, NULL)); /* free-mail */
    assert_false(pl_label(st, "not a domain", PL_CAT_CUSTOMER, NULL));
    pl_classifier *c = pl_classifier_new(st, cfg, NULL);
    assert_non_null(c);
    /* 1. an address label beats everything */
    assert_int_equal(pl_classify(c, "lawyer@northwind.example", PL_CAT_VENDOR, -1, -1),
                     PL_CAT_PARTNER);
    assert_int_equal(pl_classify(c, "vip@acme.example", -1, -1, -1), PL_CAT_CUSTOMER);
    /* 2. managers and front line from config */
    assert_int_equal(pl_classify(c, "boss@acme.example", -1, -1, -1), PL_CAT_MANAGER);
    assert_int_equal(pl_classify(c, "desk@acme.example", -1, -1, -1), PL_CAT_FRONTLINE);
    /* 3. contacts: identity, then person */
    assert_int_equal(pl_classify(c, "x@northwind.example", PL_CAT_VENDOR, -1, -1), PL_CAT_VENDOR);
    assert_int_equal(pl_classify(c, "x@northwind.example", -1, PL_CAT_SUPPLIER, -1),
                     PL_CAT_SUPPLIER);
    /* 4. internal domain, subdomains included, beats an organisation */
    assert_int_equal(pl_classify(c, "bob@acme.example", -1, -1, PL_CAT_VENDOR), PL_CAT_INTERNAL);
    assert_int_equal(pl_classify(c, "bob@eu.acme.example", -1, -1, -1), PL_CAT_INTERNAL);
    /* 5. organisation beats a domain label */
    assert_int_equal(pl_classify(c, "y@northwind.example", -1, -1, PL_CAT_PARTNER), PL_CAT_PARTNER);
    /* 6. most specific domain label */
    assert_int_equal(pl_classify(c, "y@northwind.example", -1, -1, -1), PL_CAT_CUSTOMER);
    assert_int_equal(pl_classify(c, "y@sales.northwind.example", -1, -1, -1), PL_CAT_PROSPECT);
    assert_int_equal(pl_classify(c, "y@eu.sales.northwind.example", -1, -1, -1), PL_CAT_PROSPECT);
    /* 7. a colleague of a contact: the organisation's category, below domain labels */
    pl_classifier_free(c);
    assert_true(st->ops->org_upsert(st, "Hooli", "hooli.example", PL_CAT_VENDOR, NULL) > 0);
    assert_true(st->ops->org_upsert(st, "Northwind", "northwind.example", PL_CAT_PARTNER, NULL) >
                0);
    c = pl_classifier_new(st, cfg, NULL);
    assert_int_equal(pl_classify(c, "anyone@hooli.example", -1, -1, -1), PL_CAT_VENDOR);
    assert_int_equal(pl_classify(c, "y@northwind.example", -1, -1, -1), PL_CAT_CUSTOMER);
    /* free-mail users are never classified by their domain */
    assert_int_equal(pl_classify(c, "someone@gmail.com", -1, -1, -1), PL_CAT_UNCLASSIFIED);
    pl_classifier_free(c);
    /* 7. the catch-all */
    assert_true(pl_label(st, "*", PL_CAT_OTHER, NULL));
    c = pl_classifier_new(st, cfg, NULL);
    assert_int_equal(pl_classify(c, "someone@gmail.com", -1, -1, -1), PL_CAT_OTHER);
    assert_int_equal(pl_classify(c, "bob@acme.example", -1, -1, -1), PL_CAT_INTERNAL);
    pl_classifier_free(c);
    char *k = pl_counterpart_key("a@gmail.com");
    assert_string_equal(k, "a@gmail.com");
    g_free(k);
    k = pl_counterpart_key("a@northwind.example");
    assert_string_equal(k, "northwind.example");
    g_free(k);
    pl_config_free(cfg);
    unit_store_done(st, dir);
}

/* A number (or handle) has no domain: it is classified where its person's
 * first address is, below everything the number itself says. */
static void test_person_address(void **state)
{
    (void)state;
    char *dir;
    pl_store *st = unit_store(&dir);
    pl_config *cfg = unit_config();
    g_ptr_array_add(cfg->internal, g_strdup("acme.example"));
    assert_true(pl_label(st, "northwind.example", PL_CAT_CUSTOMER, NULL));
    assert_true(pl_label(st, "carla@gmail.com", PL_CAT_PROSPECT, NULL));
    assert_true(st->ops->rule_set(st, "address", "+15550100001", PL_CAT_VENDOR, NULL));
    assert_true(st->ops->org_upsert(st, "Hooli", "hooli.example", PL_CAT_PARTNER, NULL) > 0);
    pl_classifier *c = pl_classifier_new(st, cfg, NULL);
    const char *n = "+15550109999";
    assert_int_equal(pl_classify(c, n, -1, -1, -1), PL_CAT_UNCLASSIFIED);
    assert_int_equal(pl_classify_person(c, n, "ann@northwind.example", -1, -1, -1),
                     PL_CAT_CUSTOMER); /* the address's domain label */
    assert_int_equal(pl_classify_person(c, n, "carla@gmail.com", -1, -1, -1),
                     PL_CAT_PROSPECT); /* a label on the address itself */
    assert_int_equal(pl_classify_person(c, n, "x@hooli.example", -1, -1, -1),
                     PL_CAT_PARTNER); /* an organisation with that domain */
    assert_int_equal(pl_classify_person(c, n, "bob@acme.example", -1, -1, -1), PL_CAT_INTERNAL);
    /* what the number itself or its person says comes first */
    assert_int_equal(pl_classify_person(c, "+15550100001", "ann@northwind.example", -1, -1, -1),
                     PL_CAT_VENDOR);
    assert_int_equal(pl_classify_person(c, n, "ann@northwind.example", -1, PL_CAT_SUPPLIER, -1),
                     PL_CAT_SUPPLIER);
    assert_int_equal(pl_classify_person(c, n, "ann@northwind.example", -1, -1, PL_CAT_OTHER),
                     PL_CAT_OTHER);
    /* an address keeps its own domain */
    assert_int_equal(pl_classify_person(c, "z@hooli.example", "ann@northwind.example", -1, -1, -1),
                     PL_CAT_PARTNER);
    assert_int_equal(pl_classify_person(c, n, "someone@gmail.com", -1, -1, -1),
                     PL_CAT_UNCLASSIFIED);
    pl_classifier_free(c);
    pl_config_free(cfg);
    unit_store_done(st, dir);
}

typedef struct {
    int category;
    gboolean me, external;
    int n_in, n_out;
} seen_conv;

static gboolean collect(const pl_conv_info *ci, gpointer user)
{
    seen_conv *s = user;
    s->category = ci->category;
    s->me = ci->me;
    s->external = ci->external;
    s->n_in = ci->n_in;
    s->n_out = ci->n_out;
    return FALSE;
}

/* One conversation of one message from `from` to the given recipients. */
static seen_conv conversation_with(const char *from, const char *to1, const char *to2)
{
    char *dir;
    pl_store *st = unit_store(&dir);
    pl_config *cfg = unit_config();
    g_ptr_array_add(cfg->internal, g_strdup("acme.example"));
    g_ptr_array_add(cfg->me, g_strdup("jane@acme.example"));
    g_ptr_array_add(cfg->managers, g_strdup("boss@acme.example"));
    assert_true(pl_label(st, "northwind.example", PL_CAT_CUSTOMER, NULL));
    assert_true(pl_label(st, "parts.example", PL_CAT_VENDOR, NULL));
    pl_ingest ing;
    pl_ingest_stats stats;
    pl_ingest_opts o = {0};
    pl_ingest_stats_init(&stats);
    assert_true(pl_ingest_begin(&ing, st, cfg, &o, &stats, NULL));
    pl_event *ev = pl_event_new(PL_CH_EMAIL);
    ev->source_key = g_strdup("k");
    ev->message_id = g_strdup("m@x");
    ev->ts = 1000;
    ev->words = 100;
    pl_event_add_participant(ev, PL_ID_EMAIL, from, NULL, PL_ROLE_FROM);
    pl_event_add_participant(ev, PL_ID_EMAIL, to1, NULL, PL_ROLE_TO);
    if (to2)
        pl_event_add_participant(ev, PL_ID_EMAIL, to2, NULL, PL_ROLE_CC);
    assert_true(pl_ingest_add(&ing, ev, 0, NULL, NULL));
    pl_event_free(ev);
    assert_true(pl_ingest_finish(&ing, TRUE, NULL));
    seen_conv s = {-1, FALSE, FALSE, 0, 0};
    pl_conv_filter f = {.with_automated = TRUE};
    assert_true(st->ops->conv_each(st, &f, collect, &s, NULL));
    pl_ingest_stats_clear(&stats);
    pl_config_free(cfg);
    unit_store_done(st, dir);
    return s;
}

static void test_conversation_category(void **state)
{
    (void)state;
    seen_conv s =
        conversation_with("jane@acme.example", "ann@northwind.example", "bob@acme.example");
    assert_int_equal(s.category, PL_CAT_CUSTOMER); /* a customer outranks a colleague */
    assert_true(s.me);
    assert_true(s.external);
    assert_int_equal(s.n_out, 1);
    s = conversation_with("ann@northwind.example", "jane@acme.example", "sales@parts.example");
    assert_int_equal(s.category, PL_CAT_CUSTOMER); /* customer outranks vendor */
    assert_int_equal(s.n_in, 1);
    s = conversation_with("jane@acme.example", "boss@acme.example", "bob@acme.example");
    assert_int_equal(s.category, PL_CAT_MANAGER); /* manager outranks internal */
    assert_false(s.external);
    assert_int_equal(s.n_out + s.n_in, 0); /* internal mail is neither in nor out */
    s = conversation_with("stranger@unknown.example", "jane@acme.example", "bob@acme.example");
    assert_int_equal(s.category, PL_CAT_UNCLASSIFIED); /* an unknown outsider outranks us */
    s = conversation_with("jane@acme.example", "bob@acme.example", NULL);
    assert_int_equal(s.category, PL_CAT_INTERNAL);
    s = conversation_with("bob@acme.example", "carl@acme.example", NULL);
    assert_false(s.me);
}

/* A mail's direction as ingest stores it (direction.h's guess, from the
 * addresses alone) and as the refresh leaves it: equal where the store
 * knows nothing more of the addresses, and the refresh's where contacts
 * say more. */
typedef struct {
    const char *from, *to, *list;
    pl_direction want;
    gboolean guessed_right;
} direction_case;

static void test_direction_guess(void **state)
{
    (void)state;
    char *dir;
    pl_store *st = unit_store(&dir);
    pl_config *cfg = unit_config();
    g_ptr_array_add(cfg->internal, g_strdup("acme.example"));
    g_ptr_array_add(cfg->me, g_strdup("jane@gmail.com"));
    g_ptr_array_add(cfg->frontline, g_strdup("desk@outside.example"));
    assert_true(pl_label(st, "northwind.example", PL_CAT_CUSTOMER, NULL));
    /* A contact: an outside address whose person is a colleague. */
    gint64 person = st->ops->person_upsert(st, "k1", "Oscar", 0, PL_CAT_INTERNAL, NULL);
    assert_true(person > 0);
    assert_true(st->ops->identity_link(st, PL_ID_EMAIL, "oscar@home.example", NULL, person, NULL));
    const direction_case cases[] = {
        {"jane@gmail.com", "ann@northwind.example", NULL, PL_DIR_OUT, TRUE},
        {"ann@northwind.example", "jane@gmail.com", NULL, PL_DIR_IN, TRUE},
        {"bob@acme.example", "carl@eu.acme.example", NULL, PL_DIR_INTERNAL, TRUE},
        {"desk@outside.example", "bob@acme.example", NULL, PL_DIR_INTERNAL, TRUE},
        {"bob@acme.example", "bob@acme.example", "list@lists.example", PL_DIR_OUT, TRUE},
        {"ann@northwind.example", "bob@acme.example", "list@lists.example", PL_DIR_IN, TRUE},
        {NULL, "bob@acme.example", NULL, PL_DIR_UNKNOWN, TRUE},
        {"oscar@home.example", "bob@acme.example", NULL, PL_DIR_INTERNAL, FALSE},
    };
    pl_ingest ing;
    pl_ingest_stats stats;
    pl_ingest_opts o = {0};
    pl_ingest_stats_init(&stats);
    assert_true(pl_ingest_begin(&ing, st, cfg, &o, &stats, NULL));
    pl_direction guessed[G_N_ELEMENTS(cases)];
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        pl_event *ev = pl_event_new(PL_CH_EMAIL);
        ev->source_key = g_strdup_printf("dir-%u", i);
        ev->message_id = g_strdup_printf("dir-%u@x", i);
        ev->ts = 1000 + i;
        if (cases[i].from)
            pl_event_add_participant(ev, PL_ID_EMAIL, cases[i].from, NULL, PL_ROLE_FROM);
        pl_event_add_participant(ev, PL_ID_EMAIL, cases[i].to, NULL, PL_ROLE_TO);
        if (cases[i].list)
            pl_event_add_participant(ev, PL_ID_EMAIL, cases[i].list, NULL, PL_ROLE_LIST);
        assert_true(pl_ingest_add(&ing, ev, 0, NULL, NULL));
        guessed[i] = ev->direction;
        pl_event_free(ev);
    }
    assert_true(pl_ingest_finish(&ing, TRUE, NULL));
    for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *key = g_strdup_printf("dir-%u", i);
        pl_event *back = st->ops->event_load(st, 0, key, NULL, NULL);
        assert_non_null(back);
        if (back->direction != cases[i].want)
            fail_msg("case %u: stored %d, want %d", i, back->direction, cases[i].want);
        if ((guessed[i] == cases[i].want) != cases[i].guessed_right)
            fail_msg("case %u: guessed %d, want %d", i, guessed[i], cases[i].want);
        pl_event_free(back);
        g_free(key);
    }
    pl_ingest_stats_clear(&stats);
    pl_config_free(cfg);
    unit_store_done(st, dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identity_precedence),
        cmocka_unit_test(test_person_address),
        cmocka_unit_test(test_conversation_category),
        cmocka_unit_test(test_direction_guess),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
