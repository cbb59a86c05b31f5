/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-in for <linux/bitfield.h>, without the compile-time checks. */
#ifndef _UNIT_LINUX_BITFIELD_H
#define _UNIT_LINUX_BITFIELD_H

#define __unit_shift(mask)	__builtin_ctzll(mask)
#define FIELD_PREP(mask, val)	((((unsigned long long)(val)) << __unit_shift(mask)) & (mask))
#define FIELD_GET(mask, reg)	((((unsigned long long)(reg)) & (mask)) >> __unit_shift(mask))
#define FIELD_MAX(mask)		((mask) >> __unit_shift(mask))

#endif
