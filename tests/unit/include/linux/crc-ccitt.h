/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host stand-in for lib/crc-ccitt.c: the reflected CCITT polynomial
 * (0x8408), bit by bit, no preset and no final inversion.
 */
#ifndef _UNIT_LINUX_CRC_CCITT_H
#define _UNIT_LINUX_CRC_CCITT_H

#include <linux/types.h>

static inline u16 crc_ccitt(u16 crc, const u8 *buf, size_t len)
{
	int i;

	while (len--) {
		crc ^= *buf++;
		for (i = 0; i < 8; i++)
			crc = (crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1;
	}
	return crc;
}

#endif
