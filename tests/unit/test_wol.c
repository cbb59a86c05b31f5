// SPDX-License-Identifier: GPL-2.0
/* ARP wake pattern: mask, template and PatternCRC check values. */
#include <string.h>

#include "unit.h"
#include "velocity_chipid.h"
#include "velocity_hw.h"
#include "velocity_param.h"

static u16 arp_crc(u8 a, u8 b, u8 c, u8 d)
{
	u8 frame[VEL_ARP_FRAME_LEN], mask[VEL_WOL_MASK_BYTES];
	const u8 ip[4] = { a, b, c, d };

	velocity_wol_arp_mask(mask);
	velocity_wol_arp_frame(frame, ip);
	return velocity_wol_pattern_crc(frame, sizeof(frame), mask);
}

int main(void)
{
	static const u8 want_mask[VEL_WOL_MASK_BYTES] = {
		0x00, 0x30, 0x20, 0x00, 0xc0, 0x03, 0x00, 0x00,
	};
	u8 mask[VEL_WOL_MASK_BYTES], frame[VEL_ARP_FRAME_LEN];
	const u8 ip[4] = { 192, 168, 1, 10 };
	unsigned int i, n = 0;

	velocity_wol_arp_mask(mask);
	CHECK(!memcmp(mask, want_mask, sizeof(mask)));

	velocity_wol_arp_frame(frame, ip);
	CHECK_EQ(frame[12], 0x08);
	CHECK_EQ(frame[13], 0x06);
	CHECK_EQ(frame[21], 0x01);
	CHECK(!memcmp(&frame[38], ip, 4));
	for (i = 0; i < sizeof(frame); i++)
		n += frame[i] != 0;
	CHECK_EQ(n, 7);

	/* check values of doc/hardware.md 6.3 */
	CHECK_EQ(arp_crc(192, 168, 1, 10), 0x36a0);
	CHECK_EQ(arp_crc(10, 0, 0, 1), 0xa031);
	CHECK_EQ(arp_crc(0, 0, 0, 0), 0x4482);

	/* only selected bytes count: noise elsewhere changes nothing */
	velocity_wol_arp_frame(frame, ip);
	frame[0] = 0xff;
	frame[20] = 0x55;
	frame[37] = 0xaa;
	CHECK_EQ(velocity_wol_pattern_crc(frame, sizeof(frame), mask), 0x36a0);
	frame[39] ^= 1;
	CHECK(velocity_wol_pattern_crc(frame, sizeof(frame), mask) != 0x36a0);

	return unit_result("wol");
}
