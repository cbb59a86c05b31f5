/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/build_bug.h>: the one-argument static_assert() */
#ifndef _UNIT_LINUX_BUILD_BUG_H
#define _UNIT_LINUX_BUILD_BUG_H

#define static_assert(expr, ...)	_Static_assert(expr, #expr)

#endif
