/* kentval.h: the validation tests' fixture: the Kent register and a validator compiled for it,
 * made before the tests of a group and freed after them (cmocka group setup and teardown). */
#ifndef CSA_KENTVAL_H
#define CSA_KENTVAL_H

#include "support.h"

#include "csa/validate.h"

static struct csa_register *kent;
static struct validator val;

static inline int setup(void **state)
{
    (void)state;
    kent = test_kent();
    struct csa_error err = {0};
    assert_int_equal(validator_init(&val, kent, &err), CSA_OK);
    return 0;
}

static inline int teardown(void **state)
{
    (void)state;
    validator_free(&val);
    register_free(kent);
    return 0;
}

#endif
