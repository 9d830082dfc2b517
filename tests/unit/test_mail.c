/* test_mail.c — placeholder while the mail tests are written. */
#include "unit.h"
#include "mail.h"
static void test_stub(void **state) { (void)state; pl_mail_init(); }
int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_stub)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
