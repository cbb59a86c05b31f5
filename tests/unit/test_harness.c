// SPDX-License-Identifier: GPL-2.0
/*
 * Negative control: the harness must report failures.  The Makefile
 * expects this program to exit non-zero; if it ever passes, CHECK() has
 * stopped working and every other "pass" means nothing.
 */
#include "unit.h"

int main(void)
{
	CHECK(1 == 2);
	CHECK_EQ(1, 2);
	return unit_failures == 2 ? 1 : 0;
}
