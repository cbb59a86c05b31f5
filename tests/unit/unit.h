/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A very small test harness for host-side unit tests of velocity's pure
 * logic.  Each test program includes this header, calls CHECK*() and
 * returns unit_result() from main().
 */
#ifndef _UNIT_H
#define _UNIT_H

#include <stdio.h>

/* What the driver's dev_warn()/dev_info() would have logged (linux/device.h) */
char unit_log[4096];

static unsigned int unit_checks;
static unsigned int unit_failures;

#define CHECK(cond)								\
	do {									\
		unit_checks++;							\
		if (!(cond)) {							\
			unit_failures++;					\
			fprintf(stderr, "%s:%d: CHECK(%s) failed\n",		\
				__FILE__, __LINE__, #cond);			\
		}								\
	} while (0)

#define CHECK_EQ(got, want)							\
	do {									\
		unsigned long long _g = (got), _w = (want);			\
		unit_checks++;							\
		if (_g != _w) {							\
			unit_failures++;					\
			fprintf(stderr, "%s:%d: %s = 0x%llx, want %s = 0x%llx\n", \
				__FILE__, __LINE__, #got, _g, #want, _w);	\
		}								\
	} while (0)

static inline int unit_result(const char *name)
{
	printf("%-14s %u checks, %u failed\n", name, unit_checks, unit_failures);
	return unit_failures ? 1 : 0;
}

#endif
