/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/crc32.h>: crc32_le() bit by bit and ether_crc(). */
#ifndef _UNIT_LINUX_CRC32_H
#define _UNIT_LINUX_CRC32_H

#include <linux/bitrev.h>
#include <linux/types.h>

static inline u32 crc32_le(u32 crc, const u8 *p, size_t len)
{
	int i;

	while (len--) {
		crc ^= *p++;
		for (i = 0; i < 8; i++)
			crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320 : crc >> 1;
	}
	return crc;
}

#define ether_crc(length, data)	bitrev32(crc32_le(~0U, data, length))

#endif
