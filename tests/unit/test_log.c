/* test_log.c — what a user names becomes one contact (or a clear refusal),
 * typed dates become times, and facts get their kinds (src/lib/log.c). */
#include "unit.h"

#include "log.h"

#include <stdlib.h>
#include <time.h>

typedef struct {
    pl_store *st;
    char *dir;
} fixture;

static gint64 person(pl_store *st, const char *name, gint64 org, const char *const *emails)
{
    GError *err = NULL;
    gint64 id = st->ops->person_upsert(st, name, name, org, -1, &err);
    assert_true(id > 0);
    for (const char *const *e = emails; *e; e++)
        assert_true(st->ops->identity_link(st, (*e)[0] == '+' ? PL_ID_PHONE : PL_ID_EMAIL, *e, NULL,
                                           id, &err));
    return id;
}

static int setup(void **state)
{
    fixture *f = g_new0(fixture, 1);
    f->st = unit_store(&f->dir);
    pl_store *st = f->st;
    GError *err = NULL;
    gint64 nw = st->ops->org_upsert(st, "Northwind Traders", "northwind.example", -1, &err);
    gint64 solo = st->ops->org_upsert(st, "Solo Ltd", "solo.example", -1, &err);
    st->ops->org_upsert(st, "Empty Org", "empty.example", -1, &err);
    person(st, "Ann Smith", nw,
           (const char *const[]){"ann@northwind.example", "+442079460001", NULL});
    person(st, "Bob Baker", nw, (const char *const[]){"bob@northwind.example", NULL});
    person(st, "Ann Jones", 0, (const char *const[]){"ann.jones@other.example", NULL});
    person(st, "Zoë Ångström", solo, (const char *const[]){"zoe@solo.example", NULL});
    person(st, "No Address", 0, (const char *const[]){NULL});
    assert_true(
        st->ops->identity_ensure(st, PL_ID_EMAIL, "carl@loose.example", "Carl Loose", &err));
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    unit_store_done(f->st, f->dir);
    g_free(f);
    return 0;
}

static void test_forms(void **state)
{
    (void)state;
    assert_int_equal(pl_target_form_of("jane@x.example"), PL_TARGET_ADDRESS);
    assert_int_equal(pl_target_form_of("Jane <jane@x.example>"), PL_TARGET_ADDRESS);
    assert_int_equal(pl_target_form_of("+44 (20) 7946-0001"), PL_TARGET_PHONE);
    assert_int_equal(pl_target_form_of("tel:0041441234567"), PL_TARGET_PHONE);
    assert_int_equal(pl_target_form_of("acme.example"), PL_TARGET_DOMAIN);
    assert_int_equal(pl_target_form_of("lists.acme.co.uk"), PL_TARGET_DOMAIN);
    assert_int_equal(pl_target_form_of("Jane Doe"), PL_TARGET_NAME);
    assert_int_equal(pl_target_form_of("Dr. J. Doe"), PL_TARGET_NAME);
    assert_int_equal(pl_target_form_of("v1.2"), PL_TARGET_NAME);
    assert_int_equal(pl_target_form_of("007"), PL_TARGET_PHONE);
}

/* Resolves and returns "name|value|person?|org?" or "ERR<code>: message". */
static char *resolve(pl_store *st, const char *text, gboolean need_identity)
{
    pl_target t;
    GError *err = NULL;
    if (!pl_target_resolve(st, text, need_identity, &t, &err)) {
        char *s = g_strdup_printf("ERR%d: %s", err->code, err->message);
        g_error_free(err);
        return s;
    }
    char *s = g_strdup_printf("%s|%s|%s|%s%s", t.name ? t.name : "-", t.value ? t.value : "-",
                              t.ids.person_id ? "P" : "-", t.ids.org_id ? "O" : "-",
                              t.is_new ? "|new" : "");
    pl_target_clear(&t);
    return s;
}

#define EXPECT(text, need, want)                                                                   \
    do {                                                                                           \
        char *got = resolve(f->st, text, need);                                                    \
        if (!g_str_has_prefix(got, want))                                                          \
            fail_msg("resolve(%s) = %s, want %s", text, got, want);                                \
        g_free(got);                                                                               \
    } while (0)

static void test_resolve(void **state)
{
    fixture *f = *state;
    EXPECT("ann@northwind.example", TRUE, "Ann Smith|ann@northwind.example|P|O");
    EXPECT("ANN@Northwind.Example", TRUE, "Ann Smith|ann@northwind.example|P|O");
    EXPECT("+44 20 7946 0001", TRUE, "Ann Smith|+442079460001|P|O");
    EXPECT("Ann Smith", TRUE, "Ann Smith|ann@northwind.example|P|O");
    EXPECT("ann smith", TRUE, "Ann Smith|");
    EXPECT("ZOË ÅNGSTRÖM", TRUE, "Zoë Ångström|zoe@solo.example");
    EXPECT("Baker", TRUE, "Bob Baker|bob@northwind.example");
    EXPECT("Carl Loose", TRUE, "Carl Loose|carl@loose.example|-|-");
    EXPECT("solo.example", TRUE, "Zoë Ångström|zoe@solo.example|P|O");
    EXPECT("Solo Ltd", TRUE, "Zoë Ångström|");
    EXPECT("northwind.example", FALSE, "-|-|-|O");
    EXPECT("Northwind Traders", FALSE, "-|-|-|O");
    EXPECT("empty.example", FALSE, "-|-|-|O");
    EXPECT("loose.example", TRUE, "Carl Loose|carl@loose.example");
    EXPECT("new@fresh.example", TRUE, "-|new@fresh.example|-|-|new");
    EXPECT("\"Fresh, Person\" <fresh@fresh.example>", TRUE,
           "Fresh, Person|fresh@fresh.example|-|-|new");
    EXPECT("+1 555 0100", TRUE, "-|+15550100|-|-|new");
    /* refusals */
    EXPECT("Ann", TRUE, "ERR5: \"Ann\" is ambiguous: 2 contacts match");
    EXPECT("northwind.example", TRUE, "ERR5: \"northwind.example\" is ambiguous: 2 contacts");
    EXPECT("empty.example", TRUE, "ERR6: \"empty.example\": no address or number known");
    EXPECT("No Address", TRUE, "ERR6: No Address has no address or number");
    EXPECT("No Address", FALSE, "No Address|-|P|-");
    EXPECT("Nobody", TRUE, "ERR6: no contact named \"Nobody\"");
    EXPECT("nowhere.example", TRUE, "ERR6: nobody at nowhere.example is known");
    EXPECT("not@", TRUE, "ERR5: \"not@\" is not an e-mail address");
    EXPECT("  ", TRUE, "ERR5: no contact given");
    char *amb = resolve(f->st, "northwind.example", TRUE);
    assert_non_null(strstr(amb, "Ann Smith <ann@northwind.example>"));
    assert_non_null(strstr(amb, "Bob Baker <bob@northwind.example>"));
    g_free(amb);

    /* The e-mail of a target known by its number. */
    pl_target t;
    assert_true(pl_target_resolve(f->st, "+442079460001", TRUE, &t, NULL));
    char *mail = pl_target_email(f->st, &t, NULL);
    assert_string_equal(mail, "ann@northwind.example");
    g_free(mail);
    pl_target_clear(&t);
}

static gint64 utc(int y, int mo, int d, int h, int mi)
{
    GDateTime *dt = g_date_time_new_utc(y, mo, d, h, mi, 0);
    gint64 v = g_date_time_to_unix(dt);
    g_date_time_unref(dt);
    return v;
}

static void test_when(void **state)
{
    (void)state;
    gint64 now = utc(2026, 11, 23, 12, 0); /* a Monday */
    gint64 v = 0;
    gboolean has_time = TRUE;
    assert_true(pl_when_parse("2026-12-01", now, TRUE, &v, &has_time, NULL));
    assert_int_equal(v, utc(2026, 12, 1, 0, 0));
    assert_false(has_time);
    assert_true(pl_when_parse("2026-12-01 10:30", now, TRUE, &v, &has_time, NULL));
    assert_int_equal(v, utc(2026, 12, 1, 10, 30));
    assert_true(has_time);
    assert_true(pl_when_parse("2026-12-01T10:30:15+01:00", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 12, 1, 9, 30) + 15);
    assert_true(pl_when_parse("2026-12-01T10:30Z", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 12, 1, 10, 30));
    assert_true(pl_when_parse("tomorrow 09:00", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 11, 24, 9, 0));
    assert_true(pl_when_parse("Yesterday", now, FALSE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 11, 22, 0, 0));
    assert_true(pl_when_parse("today", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 11, 23, 0, 0));
    assert_true(pl_when_parse("tuesday", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 11, 24, 0, 0));
    assert_true(pl_when_parse("tue 14:00", now, FALSE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 11, 17, 14, 0));
    assert_true(pl_when_parse("monday", now, TRUE, &v, NULL, NULL)); /* next week's */
    assert_int_equal(v, utc(2026, 11, 30, 0, 0));
    assert_true(pl_when_parse("monday", now, FALSE, &v, NULL, NULL));
    assert_int_equal(v, utc(2026, 11, 16, 0, 0));
    assert_true(pl_when_parse("3d", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, now + 3 * 86400);
    assert_true(pl_when_parse("+2w", now, TRUE, &v, NULL, NULL));
    assert_int_equal(v, now + 14 * 86400);
    assert_true(pl_when_parse("2h", now, FALSE, &v, &has_time, NULL));
    assert_int_equal(v, now - 7200);
    assert_true(has_time);
    assert_true(pl_when_parse("now", now, FALSE, &v, NULL, NULL));
    assert_int_equal(v, now);
    const char *bad[] = {"",
                         "someday",
                         "2026-02-30",
                         "2026-13-01",
                         "today 25:00",
                         "tomorrow x",
                         "2026-12-01 9",
                         "2026-12-01+99",
                         "3x",
                         "mo",
                         "-3d",
                         "2026-12-01T10:30Q",
                         NULL};
    for (const char **b = bad; *b; b++) {
        GError *err = NULL;
        if (pl_when_parse(*b, now, TRUE, &v, NULL, &err))
            fail_msg("\"%s\" parsed", *b);
        assert_int_equal(err->code, PL_ERR_USAGE);
        g_error_free(err);
    }
}

static void test_fact_split(void **state)
{
    (void)state;
    const char *text;
    assert_string_equal(pl_fact_split("family: two kids", &text), "family");
    assert_string_equal(text, "two kids");
    assert_string_equal(pl_fact_split("Team:Arsenal", &text), "team");
    assert_string_equal(text, "Arsenal");
    assert_string_equal(pl_fact_split("Hobbies :  sailing", &text), "interest");
    assert_string_equal(text, "sailing");
    assert_string_equal(pl_fact_split("meeting at 10:30 went well", &text), "personal");
    assert_string_equal(text, "meeting at 10:30 went well");
}

int main(void)
{
    g_setenv("TZ", "UTC", TRUE);
    tzset();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_forms),
        cmocka_unit_test_setup_teardown(test_resolve, setup, teardown),
        cmocka_unit_test(test_when),
        cmocka_unit_test(test_fact_split),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
