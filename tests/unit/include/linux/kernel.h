/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _UNIT_LINUX_KERNEL_H
#define _UNIT_LINUX_KERNEL_H

#include <stdio.h>
#include <string.h>

#include <linux/bits.h>
#include <linux/types.h>

#define fallthrough	__attribute__((__fallthrough__))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
