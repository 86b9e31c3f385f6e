/* main.c — runs every test in list.h; ends with "N passed, N failed". */
#include <stdio.h>
#include <string.h>

#include "harness.h"

int t_failed_checks;

#define T(name) void name(void);
#include "list.h"
#undef T

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define T(name) {#name, name},
#include "list.h"
#undef T
};

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		int before = t_failed_checks;

		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		tests[i].fn();
		if (t_failed_checks == before) {
			passed++;
		} else {
			failed++;
			fprintf(stderr, "FAIL %s\n", tests[i].name);
		}
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
