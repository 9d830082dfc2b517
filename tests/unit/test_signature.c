/* test_signature.c — phone numbers from mail signatures (signature.c): the
 * signature block (separator, closing line, never quotes or forwards), the
 * labels and layouts real signatures use, and the look-alikes that are no
 * phone numbers (dates, IP addresses, versions, order and invoice numbers,
 * postal codes, bank accounts, fax numbers, numbers in the body). Every
 * expected E.164 number is worked out by hand from the text. */
#include "unit.h"

#include <string.h>

/* want: the numbers, ","-joined, "" for none. */
static void check(const char *text, const char *country, const char *want, const char *what)
{
    GPtrArray *got = pl_signature_numbers(text, country);
    g_ptr_array_add(got, NULL);
    char *joined = g_strjoinv(",", (char **)got->pdata);
    if (strcmp(joined, want) != 0)
        fail_msg("%s: got \"%s\", want \"%s\"", what, joined, want);
    g_free(joined);
    g_ptr_array_free(got, TRUE);
}

static void test_block(void **state)
{
    (void)state;
    assert_null(pl_signature_block(NULL));
    assert_null(pl_signature_block("just a note\nwith two lines\n"));
    char *b = pl_signature_block("Hi,\nsee you.\n-- \nJane Doe\nCEO\n");
    assert_string_equal(b, "Jane Doe\nCEO\n");
    g_free(b);
    b = pl_signature_block("Done.\n\nBest regards,\nJohn\nAcme\n\n> old quote\n");
    assert_string_equal(b, "John\nAcme\n");
    g_free(b);
    /* A quote attribution ends what the author wrote. */
    b = pl_signature_block("Yes.\nThanks\nOn Mon, Bob <b@x.example> wrote:\n> -- \n> Bob\n");
    assert_null(b);
    b = pl_signature_block("FYI\n---------- Forwarded message ---------\nFrom: Bob\n\n-- \nBob\n");
    assert_null(b);
    /* "Thanks for the quick answer, ..." is a sentence, not a sign-off. */
    b = pl_signature_block("Thanks for the quick answer, it works now with the new image.\n");
    assert_null(b);
}

static void test_real_layouts(void **state)
{
    (void)state;
    check("Hallo Jane,\n\ndie Pumpen gehen Montag raus.\n\n-- \nKlaus Meier\n"
          "Vertrieb | Beispiel GmbH\nTel: +49 30 1234567\nFax: +49 30 1234568\nM: 0171 1234567\n"
          "www.beispiel.de\n",
          "DE", "+49301234567,+491711234567", "German signature, fax left out");
    check("Sounds good, see you then.\n\nBest regards,\nJohn Smith\nAcme Corp.\n"
          "Phone (555) 123-4567\n+1 617-555-0100 x23\n",
          "US", "+15551234567,+16175550100", "closing line, label without colon, extension");
    check("Thanks\n-- \nRahul\nM: +919051132173 | T: +91 33 40545454 | F: +91 33 40545455 | "
          "W: www.vehere.com\n",
          NULL, "+919051132173,+913340545454", "pipes, fax and web left out");
    check("ok\n--\nTel.: +49-(0)531-391-2017\n", "DE", "+495313912017", "(0) after the code");
    check("ok\n--\nTel: +34 93 645 29 00  Ext: 2177\n", "ES", "+34936452900",
          "extension in its own column");
    check("ok\n--\nMobile  +39 335 6878904\nM. +34 671 746 106\n", NULL,
          "+393356878904,+34671746106", "label, two spaces; label with a dot");
    check("ok\n--\nCell:  281-221-2853\n", "US", "+12812212853", "NANP national after a label");
    check("Merci\n\nCordialement,\nMarie\nTél. : 01.23.45.67.89\n", "FR", "+33123456789",
          "French, dotted pairs, closing line");
    check("ok\n-- \nJ. Doe\nDirect: +44 (0)20 7946 0000\nOffice (main): 020 7946 0001\n", "GB",
          "+442079460000,+442079460001", "label with a note in brackets");
    check("ok\n-- \nTel\xc2\xa0+49\xc2\xa0"
          "30\xc2\xa0"
          "1234567\n",
          NULL, "+49301234567", "no-break spaces from HTML");
    check("ok\n-- \nPhone: +1 555 010 2030, ext. 12 • Mobile: +1 555 010 2040\n", NULL,
          "+15550102030,+15550102040", "bullet between two numbers");
    check("ok\n-- \nKlaus Meier  +49 30 1234567\n", NULL, "+49301234567",
          "a name, then the number after two spaces");
    /* The same number twice is reported once. */
    check("ok\n-- \nT: +49 30 1234567\nTel: 030 1234567\n", "DE", "+49301234567", "deduplicated");
}

static void test_not_numbers(void **state)
{
    (void)state;
    check("ok\n-- \nDr. Anna Schmidt\nOrder no. 12345678\nRef: 2024-01-15\n"
          "Build 4.1.0.5 / UHD_3.15.0.0\nServer 192.168.10.20\nInvoice 2024-00123\n"
          "Kaiserstr. 12, D-07745 Jena\nCambridge, MA 02139\nIBAN DE89 3704 0044 0532 0130 00\n"
          "VAT DE123456789\nISBN 978-3-16-148410-0\n",
          "DE", "", "order and invoice numbers, dates, versions, IPs, postal codes, IBAN");
    check("ok\n-- \nT: 2024-01-15\nTel: 192.168.100.200\nM: 15.01.2024\nPhone: 3.15.0.0\n", "US",
          "", "a phone label before a date, an IP address or a version");
    check("ok\n-- \nFax: +49 30 1234568\nF: +1 555 010 9999\nTelefax +44 20 7946 0002\n", NULL, "",
          "fax numbers");
    check("Please call our supplier at +49 30 7654321 tomorrow.\n\n-- \nJane\n", NULL, "",
          "a number in the body, not the signature");
    check("Thanks!\n\nOn Mon, Apr 29, 2019 at 2:00 AM Bob wrote:\n> Cheers,\n> Bob\n"
          "> Tel: +1 555 010 9999\n",
          NULL, "", "a quoted signature");
    check("See below.\n\n> -- \n> Bob\n> Tel: +1 555 010 9999\n", NULL, "", "a quoted separator");
    check("FYI\n\n-----Original Message-----\nFrom: Bob\n\n-- \nBob\nTel: +1 555 010 9999\n", NULL,
          "", "the signature of the original message");
    check("ok\n-- \nTel: 030 1234567\nMobile: +49 171 1234567\n", NULL, "+491711234567",
          "without a country a national number is not guessed");
    check("ok\n-- \nTel: 1234\n+1 (800) FLOWERS\nTel: 555-0100\n", "US", "",
          "an extension, letters, a local number without its area code");
    check("ok\n-- \n10115 Berlin\n+49 30\n", "DE", "", "a postal code; a number too short");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block),
        cmocka_unit_test(test_real_layouts),
        cmocka_unit_test(test_not_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
