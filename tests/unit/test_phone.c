/* test_phone.c — E.164 normalisation, extensions, internal-number lists and
 * caller-ID presentation classes (phone.c), plus CDR times (cdr_time.c). */
#include "unit.h"

#include "cdr.h"

static void check(const char *in, const char *country, const char *want)
{
    char *got = pl_phone_normalise(in, country);
    if (g_strcmp0(got, want) != 0)
        fail_msg("normalise(%s, %s) = %s, want %s", in ? in : "NULL", country ? country : "NULL",
                 got ? got : "NULL", want ? want : "NULL");
    g_free(got);
}

static void test_international(void **state)
{
    (void)state;
    check("+49 30 1234567", NULL, "+49301234567");
    check("+44 (0)20 7946 0000", "US", "+442079460000");
    check("tel:+33-6-12-34-56-78", NULL, "+33612345678");
    check("tel:+33-1-98-76-54-32;ext=102", NULL, "+33198765432");
    check("+1 (555) 010-2030", "DE", "+15550102030");
    check("+1 555 010 4050 ext. 12", NULL, "+15550104050");
    check("+1.555.010.4050 x12", NULL, "+15550104050");
    check("sip:+4930123456@pbx.example", NULL, "+4930123456");
    check("0049 30 1234567", "US", "+49301234567");
    check("00 44 20 7946 0000", "DE", "+442079460000");
    check("011 49 30 1234567", "US", "+49301234567");
    check("01149301234567", NULL, "+49301234567");
    check("810 49 30 1234567", "RU", "+49301234567");
    check("0011 49 30 1234567", "AU", "+49301234567");
    check("+12", NULL, NULL);
    check("+1234567890123456", NULL, NULL); /* over 15 digits */
}

static void test_national(void **state)
{
    (void)state;
    check("(555) 010-2030", "US", "+15550102030");
    check("1-555-010-2030", "US", "+15550102030");
    check("555.010.2030", "CA", "+15550102030");
    check("030 1234567", "DE", "+49301234567");
    check("0171/9876543", "DE", "+491719876543");
    check("020 7946 0000", "GB", "+442079460000");
    check("01 98 76 54 32", "FR", "+33198765432");
    check("8 924 555-59-37", "RU", "+79245555937");
    check("89245555937", "RU", "+79245555937");
    check("06 1234 5678", "IT", "+390612345678"); /* Italy keeps its 0 */
    check("912 345 678", "ES", "+34912345678");   /* no trunk prefix */
    check("06 1 234 5678", "HU", "+3612345678");  /* trunk prefix 06 */
    check("03-1234-5678", "JP", "+81312345678");
    check("(02) 9876 5432", "AU", "+61298765432");
    check("de", NULL, NULL);
    /* the calling code table */
    assert_int_equal(pl_phone_country_code("DE"), 49);
    assert_int_equal(pl_phone_country_code("us"), 1);
    assert_int_equal(pl_phone_country_code("XX"), 0);
    /* E.164 without its '+', as carriers hand it over */
    check("12489398620", "US", "+12489398620");
    check("12489398620", NULL, "+12489398620");
    check("4930123456789", "US", "+4930123456789");
    /* ambiguous: a local number without its area code, an unknown country */
    check("5550100", "US", NULL);
    check("0301234567", NULL, NULL);
    check("030 1234567", "XX", NULL);
}

static void test_extensions(void **state)
{
    (void)state;
    check("100", "US", "ext:100");
    check("1002", NULL, "ext:1002");
    check("211553", "RU", "ext:211553");
    check(" 2 0 0 ", NULL, "ext:200");
    check("Anonymous", NULL, NULL);
    check("client1", NULL, NULL);
    check("", NULL, NULL);
    check(NULL, NULL, NULL);
    check("s", NULL, NULL);
    check("*97", NULL, NULL);
}

static void test_internal_lists(void **state)
{
    (void)state;
    GPtrArray *l = g_ptr_array_new();
    g_ptr_array_add(l, "1000-1999");
    g_ptr_array_add(l, "+15551234567");
    g_ptr_array_add(l, "+4930555*");
    assert_true(pl_phone_in_list(l, "ext:1000"));
    assert_true(pl_phone_in_list(l, "ext:1999"));
    assert_false(pl_phone_in_list(l, "ext:2000"));
    assert_false(pl_phone_in_list(l, "ext:100")); /* not the same length */
    assert_false(pl_phone_in_list(l, "ext:10000"));
    assert_true(pl_phone_in_list(l, "+15551234567"));
    assert_false(pl_phone_in_list(l, "+15551234568"));
    assert_true(pl_phone_in_list(l, "+493055512"));
    assert_false(pl_phone_in_list(l, "+493056612"));
    assert_false(pl_phone_in_list(NULL, "ext:1000"));
    g_ptr_array_free(l, TRUE);
}

static void pres(const char *name, const char *number, pl_presentation want)
{
    pl_presentation got = pl_callerid_presentation(name, number);
    if (got != want)
        fail_msg("presentation(%s, %s) = %s, want %s", name ? name : "NULL",
                 number ? number : "NULL", pl_presentation_name(got), pl_presentation_name(want));
}

static void test_presentation(void **state)
{
    (void)state;
    /* withheld: every placeholder switches and carriers use */
    const char *withheld[] = {"",
                              "Anonymous",
                              "anonymous",
                              "ANONYMOUS",
                              "Unknown",
                              "<unknown>",
                              "Restricted",
                              "Private",
                              "Blocked",
                              "Withheld",
                              "Unavailable",
                              "0000",
                              "0",
                              "+000",
                              "00",
                              "P",
                              "O",
                              "Out of area",
                              "No Caller ID",
                              "Private Number",
                              "anonymous@anonymous.invalid",
                              "sip:anonymous@pbx.example",
                              "+266696687",
                              "266696687",
                              "\"Anonymous\"",
                              " <> ",
                              "Unbekannt",
                              "-1",
                              NULL};
    for (const char **w = withheld; *w; w++) {
        pres("Jane Doe", *w, PL_PRES_WITHHELD);
        assert_true(pl_callerid_is_withheld(*w));
    }
    pres(NULL, NULL, PL_PRES_WITHHELD);
    pres("Anonymous", "anonymous", PL_PRES_WITHHELD);
    /* number-only: no name, a placeholder name, or the number again */
    pres(NULL, "+15550102030", PL_PRES_NUMBER_ONLY);
    pres("", "+15550102030", PL_PRES_NUMBER_ONLY);
    pres("89245555937", "89245555937", PL_PRES_NUMBER_ONLY);
    pres("+1 555 010 2030", "+15550102030", PL_PRES_NUMBER_ONLY);
    pres("Anonymous", "+15550102030", PL_PRES_NUMBER_ONLY);
    pres("Unknown", "+15550102030", PL_PRES_NUMBER_ONLY);
    pres("WIRELESS CALLER", "+15550102030", PL_PRES_NUMBER_ONLY);
    pres("Outbound Call", "1002", PL_PRES_NUMBER_ONLY);
    /* named */
    pres("Jane Doe", "+15550102030", PL_PRES_NAMED);
    pres("NOMBREUSUARIO", "100", PL_PRES_NAMED);
    pres("Müller GmbH", "+49301234567", PL_PRES_NAMED);
    assert_false(pl_callerid_is_withheld("+15550102030"));
    assert_false(pl_callerid_is_withheld("1000"));
    assert_string_equal(pl_presentation_name(PL_PRES_NUMBER_ONLY), "number-only");
}

static void test_times(void **state)
{
    (void)state;
    cdr_clock utc, berlin;
    assert_true(cdr_clock_init(&utc, NULL));
    assert_true(cdr_clock_init(&berlin, "Europe/Berlin"));
    assert_int_equal(cdr_parse_time(&utc, "2024-01-27 15:07:24"), 1706368044);
    assert_int_equal(cdr_parse_time(&berlin, "2024-01-27 15:07:24"), 1706368044 - 3600);
    assert_int_equal(cdr_parse_time(&berlin, "2024-07-27 15:07:24"), 1722085644);
    assert_int_equal(cdr_parse_time(&utc, "2020/2/10 22:41"), 1581374460);
    assert_int_equal(cdr_parse_time(&utc, "2024-01-27T15:07:24.250Z"), 1706368044);
    assert_int_equal(cdr_parse_time(&berlin, "2024-01-27T16:07:24+01:00"), 1706368044);
    assert_int_equal(cdr_parse_time(&utc, "Sat, 27 Jan 2024 15:07:24 +0000"), 1706368044);
    assert_int_equal(cdr_parse_time(&utc, "1706368044"), 1706368044);
    assert_int_equal(cdr_parse_time(&utc, ""), 0);
    assert_int_equal(cdr_parse_time(&utc, "2024-13-01 00:00:00"), -1);
    assert_int_equal(cdr_parse_time(&utc, "2023-02-29 00:00:00"), -1);
    assert_int_equal(cdr_parse_time(&utc, "yesterday"), -1);
    assert_int_equal(cdr_parse_time(&utc, "2024-01-27 15:07:24 +01:xx"), -1);
    assert_false(cdr_clock_init(&utc, "Nowhere/Atlantis"));
    cdr_clock_clear(&utc);
    cdr_clock_clear(&berlin);
    assert_int_equal(cdr_parse_seconds("42"), 42);
    assert_int_equal(cdr_parse_seconds("42.9"), 42);
    assert_int_equal(cdr_parse_seconds(""), -1);
    assert_int_equal(cdr_parse_seconds("-5"), -2);
    assert_int_equal(cdr_parse_seconds("abc"), -3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_international), cmocka_unit_test(test_national),
        cmocka_unit_test(test_extensions),    cmocka_unit_test(test_internal_lists),
        cmocka_unit_test(test_presentation),  cmocka_unit_test(test_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
