/* test_address.c — address normalisation and domain facts. */
#include "unit.h"

static void check(const char *in, const char *want)
{
    char *got = pl_address_normalise(in);
    if (g_strcmp0(got, want) != 0)
        fail_msg("normalise(%s) = %s, want %s", in ? in : "NULL", got ? got : "NULL",
                 want ? want : "NULL");
    g_free(got);
}

static void test_normalise(void **state)
{
    (void)state;
    check("Jane@Example.COM", "jane@example.com");
    check("  <jane@example.com>  ", "jane@example.com");
    check("mailto:list@lists.example.org?subject=help", "list@lists.example.org");
    check("<mailto:usrp-users@lists.ettus.com>", "usrp-users@lists.ettus.com");
    check("\"john smith\"@example.com", "johnsmith@example.com");
    check("jane+news@example.com", "jane+news@example.com");
    check("jane@example.com.", "jane@example.com");
    check("no-at-sign.example.com", NULL);
    check("@example.com", NULL);
    check("jane@", NULL);
    check("jane@localhost", NULL);
    check("", NULL);
    check(NULL, NULL);
}

static void test_domains(void **state)
{
    (void)state;
    assert_string_equal(pl_address_domain("a@b.example"), "b.example");
    assert_null(pl_address_domain("nodomain"));
    assert_true(pl_domain_within("lists.ettus.com", "ettus.com"));
    assert_true(pl_domain_within("ettus.com", "ettus.com"));
    assert_false(pl_domain_within("notettus.com", "ettus.com"));
    assert_false(pl_domain_within("ettus.com.evil.example", "ettus.com"));
    assert_true(pl_domain_is_freemail("gmail.com"));
    assert_true(pl_domain_is_freemail("GMAIL.com"));
    assert_false(pl_domain_is_freemail("ettus.com"));
}

static void test_categories(void **state)
{
    (void)state;
    assert_int_equal(pl_category_parse("customer"), PL_CAT_CUSTOMER);
    assert_int_equal(pl_category_parse("Customers"), PL_CAT_CUSTOMER);
    assert_int_equal(pl_category_parse("vendor"), PL_CAT_VENDOR);
    assert_int_equal(pl_category_parse("boss"), PL_CAT_MANAGER);
    assert_int_equal(pl_category_parse("nonsense"), -1);
    for (int c = 0; c < PL_CAT__COUNT; c++)
        assert_int_equal(pl_category_parse(pl_category_name(c)), c);
    /* External categories outrank ours; unclassified outranks internal. */
    assert_true(pl_category_precedence(PL_CAT_CUSTOMER) < pl_category_precedence(PL_CAT_VENDOR));
    assert_true(pl_category_precedence(PL_CAT_UNCLASSIFIED) <
                pl_category_precedence(PL_CAT_INTERNAL));
    assert_true(pl_category_precedence(PL_CAT_FRONTLINE) < pl_category_precedence(PL_CAT_MANAGER));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_normalise),
        cmocka_unit_test(test_domains),
        cmocka_unit_test(test_categories),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
