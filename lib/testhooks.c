/* testhooks.c — the test hooks' one instance (see testhooks.h): every
 * field 0 or NULL until the CLI's main sets them. */
#include "testhooks.h"

struct ct_test_hooks ct_test_hooks;
