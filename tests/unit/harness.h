/* harness.h — the unit-test harness: one header, tests registered in
 * tests/unit/list.h, each failure printed with its test id and line. */
#ifndef CT_HARNESS_H
#define CT_HARNESS_H
#include <stdio.h>
#include <string.h>

extern int t_failed_checks;

#define CHECK(cond)                                                      \
	do {                                                             \
		if (!(cond)) {                                           \
			fprintf(stderr, "  %s:%d: CHECK(%s) failed\n",   \
				__FILE__, __LINE__, #cond);              \
			t_failed_checks++;                               \
		}                                                        \
	} while (0)

#define CHECK_EQ_INT(a, b)                                               \
	do {                                                             \
		long long a_ = (long long)(a), b_ = (long long)(b);      \
		if (a_ != b_) {                                          \
			fprintf(stderr, "  %s:%d: %s == %lld, want %lld\n", \
				__FILE__, __LINE__, #a, a_, b_);         \
			t_failed_checks++;                               \
		}                                                        \
	} while (0)

#define CHECK_EQ_STR(a, b)                                               \
	do {                                                             \
		const char *a_ = (a), *b_ = (b);                         \
		if (!a_ || !b_ || strcmp(a_, b_)) {                      \
			fprintf(stderr, "  %s:%d: %s == \"%s\", want \"%s\"\n", \
				__FILE__, __LINE__, #a, a_ ? a_ : "(null)", \
				b_ ? b_ : "(null)");                     \
			t_failed_checks++;                               \
		}                                                        \
	} while (0)

#define TEST(name) void name(void)

#endif
