/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _UNIT_LINUX_BITREV_H
#define _UNIT_LINUX_BITREV_H

#include <linux/types.h>

static inline u16 bitrev16(u16 x)
{
	u16 r = 0;
	int i;

	for (i = 0; i < 16; i++)
		if (x & (1u << i))
			r |= 1u << (15 - i);
	return r;
}

static inline u32 bitrev32(u32 x)
{
	return ((u32)bitrev16(x & 0xffff) << 16) | bitrev16(x >> 16);
}

#endif
